// SPDX-License-Identifier: GPL-3.0-or-later
#include "messagelistmodel.h"

#include <QLocale>
#include <QRegularExpression>

namespace Metaverse
{

MessageListModel::MessageListModel(QString roomId, QString ownUserId, QString ownUsername, QObject *parent)
    : QAbstractListModel(parent)
    , m_roomId(std::move(roomId))
    , m_ownUserId(std::move(ownUserId))
    , m_ownUsername(std::move(ownUsername))
{
}

int MessageListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

QVariant MessageListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const auto &entry = m_entries.at(index.row());
    const auto &message = entry.message;
    switch (role) {
    case MessageIdRole:
        return message.id;
    case SenderIdRole:
        return message.senderId;
    case SenderNameRole:
        return message.senderName;
    case Qt::DisplayRole:
    case TextRole:
        return message.content;
    case RichTextRole:
        return toRichText(message.content, m_ownUsername);
    case TimestampRole:
        return message.timestamp;
    case TimeTextRole:
        return message.timestamp.isValid()
            ? QLocale().toString(message.timestamp.toLocalTime().time(), QLocale::ShortFormat)
            : QString();
    case OwnRole:
        return !m_ownUserId.isEmpty() && message.senderId == m_ownUserId;
    case StateRole:
        return int(entry.state);
    case ClientMsgIdRole:
        return entry.clientMsgId;
    case ErrorRole:
        return entry.error;
    case LinksRole:
        return links(message.content);
    case DeletedRole:
        return message.deleted;
    case SenderAvatarIdRole:
        return message.senderAvatarId;
    case MentionsMeRole:
        return message.senderId != m_ownUserId && ChatMentions::mentions(message.content, m_ownUsername);
    default:
        return {};
    }
}

QHash<int, QByteArray> MessageListModel::roleNames() const
{
    return {
        {MessageIdRole, "messageId"},
        {SenderIdRole, "senderId"},
        {SenderNameRole, "senderName"},
        {TextRole, "text"},
        {RichTextRole, "richText"},
        {TimestampRole, "timestamp"},
        {TimeTextRole, "timeText"},
        {OwnRole, "own"},
        {StateRole, "sendState"},
        {ClientMsgIdRole, "clientMsgId"},
        {ErrorRole, "error"},
        {LinksRole, "links"},
        {DeletedRole, "deleted"},
        {SenderAvatarIdRole, "senderAvatarId"},
        {MentionsMeRole, "mentionsMe"},
    };
}

QString MessageListModel::oldestId() const
{
    for (const auto &entry : m_entries) {
        if (!entry.message.id.isEmpty()) {
            return entry.message.id;
        }
    }
    return {};
}

QString MessageListModel::newestId() const
{
    for (auto it = m_entries.crbegin(); it != m_entries.crend(); ++it) {
        if (!it->message.id.isEmpty()) {
            return it->message.id;
        }
    }
    return {};
}

bool MessageListModel::contains(const QString &messageId) const
{
    return indexOf(messageId) >= 0;
}

int MessageListModel::indexOf(const QString &messageId) const
{
    if (messageId.isEmpty()) {
        return -1;
    }
    for (qsizetype i = m_entries.size() - 1; i >= 0; --i) {
        if (m_entries.at(i).message.id == messageId) {
            return int(i);
        }
    }
    return -1;
}

int MessageListModel::indexOfClientMsgId(const QString &clientMsgId) const
{
    if (clientMsgId.isEmpty()) {
        return -1;
    }
    for (qsizetype i = m_entries.size() - 1; i >= 0; --i) {
        if (m_entries.at(i).clientMsgId == clientMsgId && m_entries.at(i).message.id.isEmpty()) {
            return int(i);
        }
    }
    return -1;
}

void MessageListModel::insertAt(int row, Entry entry)
{
    beginInsertRows({}, row, row);
    m_entries.insert(row, std::move(entry));
    endInsertRows();
}

int MessageListModel::merge(const QList<Message> &messages)
{
    int added = 0;
    for (const auto &message : messages) {
        if (message.id.isEmpty()) {
            continue;
        }
        if (contains(message.id)) {
            if (message.deleted) {
                markDeleted(message.id); // deleted while we were away
            }
            continue;
        }
        // Unacknowledged rows stay last; stored ones are ordered by time (equal times keep arrival order).
        auto row = m_entries.size();
        while (row > 0 && m_entries.at(row - 1).message.id.isEmpty()) {
            --row;
        }
        while (row > 0 && m_entries.at(row - 1).message.timestamp > message.timestamp) {
            --row;
        }
        insertAt(int(row), Entry{message, {}, State::Sent, {}});
        ++added;
    }
    if (added > 0) {
        Q_EMIT countChanged();
    }
    return added;
}

bool MessageListModel::markDeleted(const QString &messageId)
{
    const int row = indexOf(messageId);
    if (row < 0 || m_entries.at(row).message.deleted) {
        return false;
    }
    auto &message = m_entries[row].message;
    message.deleted = true;
    message.content.clear();
    const auto at = index(row);
    Q_EMIT dataChanged(at, at);
    return true;
}

void MessageListModel::prependPage(const QList<Message> &messages, bool hasMore)
{
    // A page from before the oldest loaded message (the server pages by its own order, not by
    // time): it goes in front as it is. Merging by timestamp put a message after a newer one
    // stored in the same millisecond.
    QList<Entry> page;
    for (const auto &message : messages) {
        if (!message.id.isEmpty() && !contains(message.id)) {
            page.append(Entry{message, {}, State::Sent, {}});
        }
    }
    if (!page.isEmpty()) {
        beginInsertRows({}, 0, int(page.size()) - 1);
        m_entries = page + m_entries;
        endInsertRows();
        Q_EMIT countChanged();
    }
    setHasMore(hasMore);
}

void MessageListModel::setHasMore(bool hasMore)
{
    if (hasMore == m_hasMore) {
        return;
    }
    m_hasMore = hasMore;
    Q_EMIT pagingChanged();
}

void MessageListModel::setLoadingOlder(bool loading)
{
    if (loading == m_loadingOlder) {
        return;
    }
    m_loadingOlder = loading;
    Q_EMIT pagingChanged();
}

void MessageListModel::addPending(const Message &message, const QString &clientMsgId)
{
    Entry entry{message, clientMsgId, State::Pending, {}};
    entry.message.id.clear();
    insertAt(int(m_entries.size()), std::move(entry));
    Q_EMIT countChanged();
}

bool MessageListModel::acknowledge(const QString &clientMsgId, const Message &stored)
{
    const int row = indexOfClientMsgId(clientMsgId);
    if (row < 0) {
        return false;
    }
    // The usual case: the oldest unacknowledged row becomes the newest stored one, in place (its
    // delegate stays).
    const bool inOrder = (row == 0 || !m_entries.at(row - 1).message.id.isEmpty()) &&
        (row == 0 || m_entries.at(row - 1).message.timestamp <= stored.timestamp) && !contains(stored.id);
    if (inOrder) {
        auto &entry = m_entries[row];
        entry.message = stored;
        entry.state = State::Sent;
        entry.error.clear();
        const auto at = index(row);
        Q_EMIT dataChanged(at, at);
        return true;
    }
    beginRemoveRows({}, row, row);
    m_entries.removeAt(row);
    endRemoveRows();
    if (merge({stored}) == 0) {
        Q_EMIT countChanged(); // it was here already (a reconnect's history): one row less
    }
    return true;
}

void MessageListModel::setState(const QString &clientMsgId, State state, const QString &error)
{
    const int row = indexOfClientMsgId(clientMsgId);
    if (row < 0) {
        return;
    }
    auto &entry = m_entries[row];
    if (entry.state == state && entry.error == error) {
        return;
    }
    entry.state = state;
    entry.error = error;
    const auto at = index(row);
    Q_EMIT dataChanged(at, at, {StateRole, ErrorRole});
}

QList<MessageListModel::Entry> MessageListModel::unacknowledged(State state) const
{
    QList<Entry> list;
    for (const auto &entry : m_entries) {
        if (entry.message.id.isEmpty() && entry.state == state) {
            list.append(entry);
        }
    }
    return list;
}

namespace
{
// A URL runs to whitespace or a character that cannot appear unescaped in one; trailing
// punctuation belongs to the sentence.
struct Link {
    qsizetype start;
    QString url;
};
QList<Link> findLinks(const QString &text)
{
    static const QRegularExpression url(QStringLiteral(R"((?i)\bhttps?://[^\s<>"'`]+)"));
    static const QRegularExpression trailing(QStringLiteral(R"([.,;:!?)\]}]+$)"));
    QList<Link> found;
    auto matches = url.globalMatch(text);
    while (matches.hasNext()) {
        const auto match = matches.next();
        QString link = match.captured();
        if (const auto tail = trailing.match(link); tail.hasMatch()) {
            link.chop(tail.capturedLength());
        }
        found.append({match.capturedStart(), link});
    }
    return found;
}
} // namespace

QStringList MessageListModel::links(const QString &text)
{
    QStringList list;
    for (const auto &link : findLinks(text)) {
        list.append(link.url);
    }
    return list;
}

QString MessageListModel::toRichText(const QString &text, const QString &highlight)
{
    // A username has no character that HTML escapes, so it can be found in the escaped text.
    const QRegularExpression mention(highlight.isEmpty()
            ? QString()
            : QStringLiteral("(^|[^A-Za-z0-9_.-])(@%1)(?![A-Za-z0-9_-])").arg(QRegularExpression::escape(highlight)),
        QRegularExpression::CaseInsensitiveOption);
    const auto escape = [&](QStringView part) {
        QString escaped = part.toString().toHtmlEscaped();
        if (!highlight.isEmpty()) {
            escaped.replace(mention, QStringLiteral("\\1<b>\\2</b>"));
        }
        escaped.replace(QLatin1Char('\n'), QLatin1String("<br>"));
        escaped.replace(QLatin1Char('\t'), QLatin1String("&nbsp;&nbsp;&nbsp;&nbsp;"));
        // Runs of spaces are collapsed by StyledText: keep them.
        escaped.replace(QLatin1String("  "), QLatin1String("&nbsp; "));
        return escaped;
    };
    QString html;
    qsizetype position = 0;
    for (const auto &link : findLinks(text)) {
        html += escape(QStringView(text).mid(position, link.start - position));
        // StyledText takes the href verbatim (no entities): the URL cannot hold a quote, '<' or
        // '>' (see findLinks), so it goes in as is; the visible text is escaped.
        html += QLatin1String("<a href=\"") + link.url + QLatin1String("\">") + link.url.toHtmlEscaped() +
            QLatin1String("</a>");
        position = link.start + link.url.size();
    }
    html += escape(QStringView(text).mid(position));
    return html;
}

} // namespace Metaverse
