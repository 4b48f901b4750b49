// SPDX-License-Identifier: GPL-3.0-or-later
#include "httpframingscanner.h"

#include <algorithm>
#include <cstring>
#include <limits>

namespace Metaverse
{

namespace
{

constexpr qsizetype kMaxChunkLine = 1024;
constexpr qint64 kUnlimited = std::numeric_limits<qint64>::max();

bool equalsIgnoreCase(QByteArrayView a, QByteArrayView b)
{
    return a.size() == b.size() && qstrnicmp(a.data(), a.size(), b.data(), b.size()) == 0;
}

bool isOws(char c)
{
    return c == ' ' || c == '\t';
}

QByteArrayView trimmedOws(QByteArrayView v)
{
    while (!v.isEmpty() && isOws(v.front())) {
        v = v.sliced(1);
    }
    while (!v.isEmpty() && isOws(v.back())) {
        v.chop(1);
    }
    return v;
}

// Whether the comma-separated header value contains token (case-insensitive).
bool containsToken(QByteArrayView value, QByteArrayView token)
{
    while (!value.isEmpty()) {
        const qsizetype comma = value.indexOf(',');
        const QByteArrayView item = trimmedOws(comma < 0 ? value : value.first(comma));
        if (equalsIgnoreCase(item, token)) {
            return true;
        }
        if (comma < 0) {
            break;
        }
        value = value.sliced(comma + 1);
    }
    return false;
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

} // namespace

HttpFramingScanner::HttpFramingScanner(const FramingLimits &limits)
    : m_limits(&limits)
{
}

bool HttpFramingScanner::wantsLine() const
{
    switch (m_state) {
    case State::Head:
    case State::ChunkSize:
    case State::ChunkDataEnd:
    case State::Trailer:
        return true;
    case State::Body:
    case State::ChunkData:
    case State::Upgraded:
        return false;
    }
    return false;
}

void HttpFramingScanner::skipBody(qint64 count)
{
    // Body bytes are only counted, never copied.
    m_remaining -= count;
    m_seen += count;
    if (m_remaining == 0) {
        if (m_state == State::Body) {
            finishRequest();
        } else {
            m_state = State::ChunkDataEnd;
        }
    }
}

HttpFramingScanner::Step HttpFramingScanner::scanLine(QByteArrayView data)
{
    const auto *newline = static_cast<const char *>(std::memchr(data.data(), '\n', static_cast<size_t>(data.size())));
    const qint64 take = newline ? (newline - data.data()) + 1 : data.size();
    if (const GuardProblem *problem = countLineBytes(take)) {
        return {0, problem};
    }
    m_seen += take;
    if (!newline) {
        m_line.append(data.data(), take);
        return {take, nullptr};
    }
    QByteArrayView line;
    if (m_line.isEmpty()) {
        line = QByteArrayView(data.data(), take - 1);
    } else {
        m_line.append(data.data(), take - 1);
        line = m_line;
    }
    if (line.endsWith('\r')) {
        line.chop(1);
    }
    const GuardProblem *problem = handleLine(line);
    m_line.resize(0);
    return {take, problem};
}

const GuardProblem *HttpFramingScanner::scan(QByteArrayView data)
{
    while (!data.isEmpty() && !isUpgraded()) {
        if (!wantsLine()) {
            const qint64 count = std::min<qint64>(m_remaining, data.size());
            skipBody(count);
            data = data.sliced(count);
            continue;
        }
        const Step step = scanLine(data);
        if (step.problem) {
            return step.problem;
        }
        data = data.sliced(step.taken);
    }
    return nullptr;
}

qint64 HttpFramingScanner::bodyLimit() const
{
    const qint64 limit = m_isUpload ? m_limits->maxUploadBytes : m_limits->maxBodyBytes;
    return limit < 0 ? kUnlimited : limit;
}

const GuardProblem *HttpFramingScanner::countLineBytes(qint64 bytes)
{
    switch (m_state) {
    case State::Head:
        if (!m_readingHead && m_headBytes == 0) {
            m_readingHead = true;
        }
        [[fallthrough]];
    case State::Trailer:
        m_headBytes += bytes;
        if (m_limits->maxHeaderBytes > 0 && m_headBytes > m_limits->maxHeaderBytes) {
            return &GuardProblems::HeaderTooLarge;
        }
        return nullptr;
    case State::ChunkSize:
    case State::ChunkDataEnd:
        if (m_line.size() + bytes > kMaxChunkLine) {
            return &GuardProblems::BadChunk;
        }
        return nullptr;
    default:
        return nullptr;
    }
}

const GuardProblem *HttpFramingScanner::handleLine(QByteArrayView line)
{
    switch (m_state) {
    case State::Head:
        return handleHeadLine(line);
    case State::ChunkSize:
        return handleChunkSize(line);
    case State::ChunkDataEnd:
        if (!line.isEmpty()) {
            return &GuardProblems::BadChunk;
        }
        m_state = State::ChunkSize;
        return nullptr;
    case State::Trailer:
        if (line.isEmpty()) {
            finishRequest();
        }
        return nullptr;
    default:
        return nullptr;
    }
}

const GuardProblem *HttpFramingScanner::handleHeadLine(QByteArrayView line)
{
    if (!m_sawRequestLine) {
        if (line.isEmpty()) {
            return nullptr; // empty lines before a request line are tolerated (RFC 9112 2.2)
        }
        m_sawRequestLine = true;
        return handleRequestLine(line);
    }
    if (line.isEmpty()) {
        return headersComplete();
    }
    if (isOws(line.front())) {
        // obs-fold: a continuation of a framing header could hide a second value from us
        return m_lastHeaderFraming ? &GuardProblems::BadFramingHeader : nullptr;
    }
    m_lastHeaderFraming = false;
    const qsizetype colon = line.indexOf(':');
    if (colon <= 0) {
        return nullptr; // Qt's parser rejects it
    }
    const QByteArrayView name = line.first(colon);
    const QByteArrayView value = trimmedOws(line.sliced(colon + 1));
    switch (name.front()) {
    case 'c':
    case 'C':
        if (equalsIgnoreCase(name, "content-length")) {
            m_lastHeaderFraming = true;
            return handleContentLength(value);
        }
        if (equalsIgnoreCase(name, "connection")) {
            m_connectionUpgrade = m_connectionUpgrade || containsToken(value, "upgrade");
        }
        break;
    case 't':
    case 'T':
        if (equalsIgnoreCase(name, "transfer-encoding")) {
            m_lastHeaderFraming = true;
            ++m_transferEncodings;
            m_chunked = m_transferEncodings == 1 && equalsIgnoreCase(value, "chunked");
        }
        break;
    case 'u':
    case 'U':
        if (equalsIgnoreCase(name, "upgrade")) {
            m_webSocketUpgrade = equalsIgnoreCase(value, "websocket");
        }
        break;
    default:
        break;
    }
    if (isOws(name.back())) {
        // "Content-Length : 5" must not slip past us (RFC 9112 5.1)
        const QByteArrayView trimmedName = trimmedOws(name);
        if (equalsIgnoreCase(trimmedName, "content-length") || equalsIgnoreCase(trimmedName, "transfer-encoding")) {
            return &GuardProblems::BadFramingHeader;
        }
    }
    return nullptr;
}

const GuardProblem *HttpFramingScanner::handleRequestLine(QByteArrayView line)
{
    const qsizetype methodEnd = line.indexOf(' ');
    if (methodEnd <= 0) {
        return nullptr; // Qt's parser rejects it
    }
    m_isConnect = line.first(methodEnd) == QByteArrayView("CONNECT");
    QByteArrayView target = line.sliced(methodEnd + 1);
    const qsizetype targetEnd = target.indexOf(' ');
    if (targetEnd >= 0) {
        target = target.first(targetEnd);
    }
    if (!target.startsWith('/')) {
        // absolute-form: skip scheme and authority
        const qsizetype scheme = target.indexOf("://");
        if (scheme < 0) {
            return nullptr;
        }
        const qsizetype pathStart = target.indexOf('/', scheme + 3);
        if (pathStart < 0) {
            return nullptr;
        }
        target = target.sliced(pathStart);
    }
    qsizetype pathEnd = target.size();
    for (const char stop : {'?', '#'}) {
        const qsizetype at = target.indexOf(stop);
        if (at >= 0) {
            pathEnd = std::min(pathEnd, at);
        }
    }
    const QByteArrayView path = target.first(pathEnd);
    // A path that could walk out of the upload area after decoding/normalisation gets the normal limit.
    if (path.contains("..") || path.contains("%2e") || path.contains("%2E")) {
        return nullptr;
    }
    for (const QByteArray &prefix : m_limits->uploadPathPrefixes) {
        if (!prefix.isEmpty() && path.startsWith(prefix)) {
            m_isUpload = true;
            break;
        }
    }
    return nullptr;
}

const GuardProblem *HttpFramingScanner::handleContentLength(QByteArrayView value)
{
    if (value.isEmpty()) {
        return &GuardProblems::BadContentLength;
    }
    qint64 length = 0;
    for (const char c : value) {
        if (c < '0' || c > '9') {
            return &GuardProblems::BadContentLength; // also rejects "-1", "+1", "1,1" and "0x10"
        }
        if (length > (kUnlimited - 9) / 10) {
            length = kUnlimited; // absurdly large: certainly over any limit
        } else {
            length = length * 10 + (c - '0');
        }
    }
    if (m_contentLength >= 0 && m_contentLength != length) {
        return &GuardProblems::BadContentLength;
    }
    m_contentLength = length;
    return nullptr;
}

const GuardProblem *HttpFramingScanner::headersComplete()
{
    m_readingHead = false;
    m_lastHeaderFraming = false;
    if (m_transferEncodings > 0) {
        if (m_contentLength >= 0) {
            return &GuardProblems::ConflictingFraming;
        }
        if (!m_chunked) {
            return &GuardProblems::BadTransferEncoding;
        }
    }
    const bool upgrade = isWebSocketUpgrade();
    if (m_chunked) {
        m_state = State::ChunkSize;
        m_bodyTotal = 0;
        return nullptr;
    }
    if (m_contentLength > 0) {
        if (m_contentLength > bodyLimit()) {
            return &GuardProblems::BodyTooLarge;
        }
        m_state = State::Body;
        m_remaining = m_contentLength;
        return nullptr;
    }
    if (upgrade) {
        m_state = State::Upgraded;
        return nullptr;
    }
    finishRequest();
    return nullptr;
}

const GuardProblem *HttpFramingScanner::handleChunkSize(QByteArrayView line)
{
    const qsizetype extension = line.indexOf(';');
    const QByteArrayView digits = trimmedOws(extension >= 0 ? line.first(extension) : line);
    if (digits.isEmpty()) {
        return &GuardProblems::BadChunk;
    }
    qint64 size = 0;
    for (const char c : digits) {
        const int value = hexValue(c);
        if (value < 0) {
            return &GuardProblems::BadChunk;
        }
        if (size > (kUnlimited >> 4)) {
            return &GuardProblems::ChunkedTooLarge;
        }
        size = size * 16 + value;
    }
    if (size == 0) {
        m_state = State::Trailer;
        m_headBytes = 0; // trailers get their own header budget
        return nullptr;
    }
    m_bodyTotal = size > kUnlimited - m_bodyTotal ? kUnlimited : m_bodyTotal + size;
    if (m_bodyTotal > bodyLimit()) {
        return &GuardProblems::ChunkedTooLarge;
    }
    m_remaining = size;
    m_state = State::ChunkData;
    return nullptr;
}

void HttpFramingScanner::finishRequest()
{
    const bool upgrade = isWebSocketUpgrade();
    m_state = upgrade ? State::Upgraded : State::Head;
    m_requestStart = m_seen;
    ++m_completed;
    m_readingHead = false;
    m_line.resize(0);
    m_headBytes = 0;
    m_contentLength = -1;
    m_remaining = 0;
    m_bodyTotal = 0;
    m_transferEncodings = 0;
    m_chunked = false;
    m_sawRequestLine = false;
    m_isConnect = false;
    m_isUpload = false;
    m_webSocketUpgrade = false;
    m_connectionUpgrade = false;
    m_lastHeaderFraming = false;
}

} // namespace Metaverse
