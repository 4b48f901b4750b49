// SPDX-License-Identifier: GPL-3.0-or-later
#include "validation.h"

#include <QRegularExpression>
#include <QUrl>

namespace Metaverse::Validation
{

namespace
{
bool hasControlCharacters(const QString &value)
{
    return std::any_of(value.cbegin(), value.cend(),
        [](QChar c) { return c.category() == QChar::Other_Control || c.category() == QChar::Other_Format; });
}
} // namespace

Status username(const QString &value, const QString &field)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9_.-]*$"));
    if (value.size() < UsernameMinLength || value.size() > UsernameMaxLength) {
        return Error::field(
            field, QStringLiteral("must be %1 to %2 characters").arg(UsernameMinLength).arg(UsernameMaxLength));
    }
    if (!pattern.match(value).hasMatch()) {
        return Error::field(field,
            QStringLiteral("may contain only letters, digits, '_', '.' and '-', and must start with a "
                           "letter or digit"));
    }
    return {};
}

Status password(const QString &value, int minLength, const QString &field)
{
    if (value.size() < minLength) {
        return Error::field(field, QStringLiteral("must be at least %1 characters").arg(minLength));
    }
    if (value.toUtf8().size() > PasswordMaxBytes) {
        return Error::field(field, QStringLiteral("must be at most %1 bytes").arg(PasswordMaxBytes));
    }
    if (value.contains(QChar(0))) {
        return Error::field(field, QStringLiteral("must not contain NUL characters"));
    }
    return {};
}

Status elementCategory(const QString &value, const QString &field)
{
    if (!ElementCategories.contains(value)) {
        return Error::field(
            field, QStringLiteral("must be one of %1").arg(ElementCategories.join(QStringLiteral(", "))));
    }
    return {};
}

Status name(const QString &value, const QString &field)
{
    const auto trimmed = value.trimmed();
    if (trimmed.isEmpty()) {
        return Error::field(field, QStringLiteral("must not be empty"));
    }
    if (trimmed.size() > NameMaxLength) {
        return Error::field(field, QStringLiteral("must be at most %1 characters").arg(NameMaxLength));
    }
    if (hasControlCharacters(trimmed)) {
        return Error::field(field, QStringLiteral("must not contain control characters"));
    }
    return {};
}

Status chatMessage(const QString &value, const QString &field)
{
    const QString trimmed = value.trimmed();
    if (trimmed.isEmpty()) {
        return Error::field(field, QStringLiteral("must not be empty"));
    }
    qsizetype characters = 0;
    for (qsizetype i = 0; i < trimmed.size(); ++i) {
        const QChar c = trimmed.at(i);
        if (c.isHighSurrogate() && i + 1 < trimmed.size() && trimmed.at(i + 1).isLowSurrogate()) {
            ++i; // one character in two UTF-16 units
        } else if (c.isSurrogate() || c == QChar::ReplacementCharacter) {
            return Error::field(field, QStringLiteral("must be valid UTF-8 text"));
        } else if (c.category() == QChar::Other_Control && c != QLatin1Char('\n') && c != QLatin1Char('\t')) {
            return Error::field(
                field, QStringLiteral("must not contain control characters other than newline and tab"));
        }
        ++characters;
    }
    if (characters > ChatMessageMaxLength) {
        return Error::field(field, QStringLiteral("must be at most %1 characters").arg(ChatMessageMaxLength));
    }
    return {};
}

Status imageUrl(const QString &value, const QString &field)
{
    if (value.isEmpty()) {
        return Error::field(field, QStringLiteral("must not be empty"));
    }
    if (value.size() > UrlMaxLength) {
        return Error::field(field, QStringLiteral("must be at most %1 characters").arg(UrlMaxLength));
    }
    if (hasControlCharacters(value) || value.contains(QLatin1Char(' '))) {
        return Error::field(field, QStringLiteral("must not contain spaces or control characters"));
    }
    if (value.startsWith(QLatin1String("/assets/")) && !value.contains(QLatin1String(".."))) {
        return {};
    }
    const QUrl url(value, QUrl::StrictMode);
    if (url.isValid() && (url.scheme() == QLatin1String("https") || url.scheme() == QLatin1String("http")) &&
        !url.host().isEmpty()) {
        return {};
    }
    return Error::field(field, QStringLiteral("must be an http(s) URL or a path under /assets/"));
}

Status id(const QString &value, const QString &field)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9_-]+$"));
    if (value.isEmpty() || value.size() > IdMaxLength || !pattern.match(value).hasMatch()) {
        return Error::field(field, QStringLiteral("is not a valid id"));
    }
    return {};
}

Result<Size> dimensions(const QString &value, const QString &field)
{
    static const QRegularExpression pattern(QStringLiteral("^([0-9]{1,4})x([0-9]{1,4})$"));
    const auto match = pattern.match(value);
    if (!match.hasMatch()) {
        return Error::field(field, QStringLiteral("must look like \"WxH\", for example \"100x200\""));
    }
    const Size size{match.captured(1).toInt(), match.captured(2).toInt()};
    if (size.width < Grid::MinSide || size.width > Grid::MaxSide || size.height < Grid::MinSide ||
        size.height > Grid::MaxSide) {
        return Error::field(
            field, QStringLiteral("each side must be between %1 and %2").arg(Grid::MinSide).arg(Grid::MaxSide));
    }
    return size;
}

QString formatDimensions(Size size)
{
    return QStringLiteral("%1x%2").arg(size.width).arg(size.height);
}

} // namespace Metaverse::Validation
