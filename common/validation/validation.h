// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "grid/grid.h"
#include "result.h"

#include <QString>

namespace Metaverse::Validation
{

inline constexpr int UsernameMinLength = 3;
inline constexpr int UsernameMaxLength = 32;
// bcrypt only reads the first 72 bytes; longer passwords are refused rather than silently cut.
inline constexpr int PasswordMaxBytes = 72;
inline constexpr int NameMaxLength = 100;
inline constexpr int UrlMaxLength = 2048;
inline constexpr int IdMaxLength = 64;
// An element's footprint, in tiles per side.
inline constexpr int ElementMaxSide = 100;
// A chat message, in characters (Unicode code points) after trimming.
inline constexpr int ChatMessageMaxLength = 2000;

// 3..32 characters: letters, digits, '_', '.', '-'; starts with a letter or digit.
Status username(const QString &value, const QString &field = QStringLiteral("username"));
Status password(const QString &value, int minLength, const QString &field = QStringLiteral("password"));
// A display name: trimmed, 1..NameMaxLength characters, no control characters.
Status name(const QString &value, const QString &field = QStringLiteral("name"));
// An image reference: an http(s) URL or a server path under /assets/.
Status imageUrl(const QString &value, const QString &field = QStringLiteral("imageUrl"));
// A chat message: 1..ChatMessageMaxLength characters (code points) after trimming, well-formed
// (no U+FFFD replacement characters left by invalid UTF-8, no unpaired surrogates), and no
// control characters except newline and tab. Callers store the trimmed text.
Status chatMessage(const QString &value, const QString &field = QStringLiteral("content"));
// An opaque id as issued by the server.
Status id(const QString &value, const QString &field = QStringLiteral("id"));
// What a catalogue element is, for the palette and the Nearby list: one of ElementCategories.
inline const QStringList ElementCategories{QStringLiteral("furniture"), QStringLiteral("wall"), QStringLiteral("floor"),
    QStringLiteral("decoration"), QStringLiteral("interactive")};
Status elementCategory(const QString &value, const QString &field = QStringLiteral("category"));
// "WxH", each side 1..1000.
Result<Size> dimensions(const QString &value, const QString &field = QStringLiteral("dimensions"));
QString formatDimensions(Size size);

} // namespace Metaverse::Validation
