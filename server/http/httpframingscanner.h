// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "units.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

namespace Metaverse
{

// The limits on what a request may look like before Qt's parser sees it. Byte limits below 0
// mean "unlimited".
struct FramingLimits {
    qint64 maxBodyBytes = MiB; // 413 above this
    qint64 maxUploadBytes = 5 * MiB; // for paths starting with one of uploadPathPrefixes
    QList<QByteArray> uploadPathPrefixes; // e.g. "/api/v1/admin/assets"
    int maxHeaderBytes = int(16 * KiB); // request line + headers; 431 above
};

// Why the guard refuses a connection: the status, a short reason for the log and metrics, and
// the detail sent to the client. Fixed texts, never request contents. Compared by address.
struct GuardProblem {
    int status;
    const char *reason;
    const char *detail;
};

namespace GuardProblems
{
inline constexpr GuardProblem BodyTooLarge{
    413, "content-length over limit", "The request body exceeds the size limit."};
inline constexpr GuardProblem ChunkedTooLarge{
    413, "chunked body over limit", "The request body exceeds the size limit."};
inline constexpr GuardProblem HeaderTooLarge{
    431, "header too large", "The request line and headers exceed the size limit."};
inline constexpr GuardProblem BadContentLength{400, "invalid content-length", "The Content-Length header is invalid."};
inline constexpr GuardProblem ConflictingFraming{
    400, "content-length with transfer-encoding", "Content-Length and Transfer-Encoding must not be combined."};
inline constexpr GuardProblem BadTransferEncoding{
    400, "unsupported transfer-encoding", "Only the chunked transfer coding is supported."};
inline constexpr GuardProblem BadFramingHeader{
    400, "malformed framing header", "The Content-Length or Transfer-Encoding header is malformed."};
inline constexpr GuardProblem BadChunk{400, "invalid chunked framing", "The chunked request body is malformed."};
} // namespace GuardProblems

// Follows the framing of the HTTP/1.1 requests on one connection, byte by byte, without
// buffering bodies: where each request's head ends, how long its body is (Content-Length or
// chunked), whether it is a WebSocket upgrade (after which the bytes are not HTTP any more), and
// whether it breaks a limit or a framing rule (RFC 9112: conflicting or malformed
// Content-Length, Transfer-Encoding other than chunked, bad chunk sizes, obs-fold on a framing
// header). It checks only what request smuggling and memory exhaustion need; everything else is
// left to Qt's parser. Pure: no sockets, no clock, so it is unit-tested and fuzzed directly.
//
// The caller feeds the stream in order: while wantsLine(), bytes to scanLine() (at most one line
// per call); otherwise bodyBytesWanted() body bytes, which are only counted (skipBody()), never
// read. scan() does that for a buffer at hand.
class HttpFramingScanner
{
public:
    enum class State {
        Head,
        Body,
        ChunkSize,
        ChunkData,
        ChunkDataEnd,
        Trailer,
        Upgraded, // not HTTP from here on: nothing more is checked
    };
    struct Step {
        qint64 taken = 0; // bytes consumed
        const GuardProblem *problem = nullptr; // the request breaks a rule: stop here
    };

    // `limits` must outlive the scanner.
    explicit HttpFramingScanner(const FramingLimits &limits);

    [[nodiscard]] State state() const { return m_state; }
    // The next bytes are read (a head, chunk-size, chunk-end or trailer line).
    [[nodiscard]] bool wantsLine() const;
    [[nodiscard]] bool isUpgraded() const { return m_state == State::Upgraded; }
    // Stops checking: the rest of the stream passes through.
    void passThrough() { m_state = State::Upgraded; }
    // While !wantsLine(): how many body bytes of the current body or chunk are still to come.
    [[nodiscard]] qint64 bodyBytesWanted() const { return m_remaining; }
    // Consumes `count` (at most bodyBytesWanted()) body bytes.
    void skipBody(qint64 count);
    // While wantsLine(): consumes bytes of the current line, up to and including its first '\n'
    // (all of `data` when it has none: the line goes on in the next call).
    Step scanLine(QByteArrayView data);
    // Feeds `data` whole, in order; the first problem, or nullptr. Stops early when upgraded.
    const GuardProblem *scan(QByteArrayView data);

    // Stream offsets: bytes consumed so far, and where the current request began.
    [[nodiscard]] qint64 consumed() const { return m_seen; }
    [[nodiscard]] qint64 requestStart() const { return m_requestStart; }
    // Requests whose framing ended (their body included).
    [[nodiscard]] int completedRequests() const { return m_completed; }
    // Bytes of the current head (or trailer) so far.
    [[nodiscard]] qint64 headBytes() const { return m_headBytes; }
    // A request head is being read and its clock runs (true from the start: the first request's
    // clock starts at accept; later ones start at their first byte).
    [[nodiscard]] bool isReadingHead() const { return m_readingHead; }

private:
    const GuardProblem *countLineBytes(qint64 bytes);
    const GuardProblem *handleLine(QByteArrayView line);
    const GuardProblem *handleHeadLine(QByteArrayView line);
    const GuardProblem *handleRequestLine(QByteArrayView line);
    const GuardProblem *handleContentLength(QByteArrayView value);
    const GuardProblem *headersComplete();
    const GuardProblem *handleChunkSize(QByteArrayView line);
    void finishRequest();
    [[nodiscard]] qint64 bodyLimit() const;
    // What Qt 6.4 hands to its QWebSocketServer (or closes): http_parser's upgrade flag (Upgrade
    // plus "Connection: upgrade", or CONNECT) with "Upgrade: websocket"; without a body right after
    // the headers, with one after the body. Other upgrades and CONNECT are served as plain HTTP by
    // Qt 6.4, so they stay guarded.
    [[nodiscard]] bool isWebSocketUpgrade() const { return m_webSocketUpgrade && (m_connectionUpgrade || m_isConnect); }

    const FramingLimits *m_limits;
    State m_state = State::Head;
    qint64 m_seen = 0;
    qint64 m_requestStart = 0;
    int m_completed = 0;
    bool m_readingHead = true;

    // the current request
    QByteArray m_line; // partial line carried over between calls
    qint64 m_headBytes = 0;
    qint64 m_contentLength = -1;
    qint64 m_remaining = 0;
    qint64 m_bodyTotal = 0;
    int m_transferEncodings = 0;
    bool m_chunked = false;
    bool m_sawRequestLine = false;
    bool m_isConnect = false;
    bool m_isUpload = false;
    bool m_webSocketUpgrade = false;
    bool m_connectionUpgrade = false;
    bool m_lastHeaderFraming = false;
};

} // namespace Metaverse
