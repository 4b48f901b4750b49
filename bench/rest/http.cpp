// SPDX-License-Identifier: GPL-3.0-or-later
#include "http.h"

#include <QDeadlineTimer>
#include <QTcpSocket>

#include <cstring>

namespace Metaverse::Bench
{

namespace
{
bool equalsNoCase(const char *begin, const char *end, const char *lowerName)
{
    const auto length = std::strlen(lowerName);
    if (static_cast<std::size_t>(end - begin) != length) {
        return false;
    }
    for (std::size_t i = 0; i < length; ++i) {
        char c = begin[i];
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
        if (c != lowerName[i]) {
            return false;
        }
    }
    return true;
}

QByteArray trimmed(const char *begin, const char *end)
{
    while (begin < end && (*begin == ' ' || *begin == '\t')) {
        ++begin;
    }
    while (end > begin && (end[-1] == ' ' || end[-1] == '\t')) {
        --end;
    }
    return QByteArray(begin, end - begin);
}
} // namespace

ResponseParser::State ResponseParser::fail(const char *why)
{
    m_error = QByteArray(why);
    return State::Invalid;
}

ResponseParser::State ResponseParser::parse(const QByteArray &buffer)
{
    if (m_headerEnd < 0) {
        const auto end = buffer.indexOf("\r\n\r\n");
        if (end < 0) {
            return buffer.size() > 64 * 1024 ? fail("response headers larger than 64 KiB") : State::NeedMore;
        }
        const char *data = buffer.constData();
        const char *headersEnd = data + end + 2; // keep the last header's CRLF
        // Status line: HTTP/1.x NNN reason
        if (end < 12 || std::memcmp(data, "HTTP/1.", 7) != 0 || data[8] != ' ') {
            return fail("malformed status line");
        }
        m_keepAlive = data[7] == '1';
        int status = 0;
        for (int i = 9; i < 12; ++i) {
            if (data[i] < '0' || data[i] > '9') {
                return fail("malformed status code");
            }
            status = status * 10 + (data[i] - '0');
        }
        m_status = status;
        bool haveLength = false;
        const char *line = static_cast<const char *>(std::memchr(data, '\n', headersEnd - data));
        while (line && line + 1 < headersEnd) {
            const char *begin = line + 1;
            const char *lineEnd = static_cast<const char *>(std::memchr(begin, '\r', headersEnd - begin));
            if (!lineEnd) {
                break;
            }
            const char *colon = static_cast<const char *>(std::memchr(begin, ':', lineEnd - begin));
            if (colon) {
                if (equalsNoCase(begin, colon, "content-length")) {
                    bool ok = false;
                    m_contentLength = trimmed(colon + 1, lineEnd).toLongLong(&ok);
                    if (!ok || m_contentLength < 0) {
                        return fail("bad Content-Length");
                    }
                    haveLength = true;
                } else if (equalsNoCase(begin, colon, "transfer-encoding")) {
                    return fail("Transfer-Encoding is not supported by this bench (Content-Length only)");
                } else if (equalsNoCase(begin, colon, "connection")) {
                    const auto value = trimmed(colon + 1, lineEnd).toLower();
                    if (value.contains("close")) {
                        m_keepAlive = false;
                    } else if (value.contains("keep-alive")) {
                        m_keepAlive = true;
                    }
                }
            }
            line = static_cast<const char *>(std::memchr(lineEnd, '\n', headersEnd - lineEnd));
        }
        if (!haveLength && m_status != 204 && m_status != 304 && !(m_status >= 100 && m_status < 200)) {
            return fail("response without Content-Length");
        }
        m_headerEnd = end + 4;
    }
    return buffer.size() >= m_headerEnd + m_contentLength ? State::Complete : State::NeedMore;
}

QByteArray buildRequest(const QByteArray &method, const QByteArray &path, const QByteArray &host,
    const QByteArray &token, const QByteArray &jsonBody)
{
    QByteArray request = method + ' ' + path + " HTTP/1.1\r\nHost: " + host + "\r\n";
    if (!token.isEmpty()) {
        request += "Authorization: Bearer " + token + "\r\n";
    }
    if (!jsonBody.isEmpty() || method == "POST" || method == "PUT" || method == "PATCH") {
        request += "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(jsonBody.size()) +
            "\r\n\r\n" + jsonBody;
    } else {
        request += "\r\n";
    }
    return request;
}

QString Reply::describe() const
{
    if (status == 0) {
        return error;
    }
    return QStringLiteral("HTTP %1: %2").arg(status).arg(QString::fromUtf8(body.left(300)));
}

BlockingClient::BlockingClient(QString host, quint16 port)
    : m_host(std::move(host))
    , m_port(port)
    , m_hostHeader(m_host.toUtf8() + ':' + QByteArray::number(port))
{
}

BlockingClient::~BlockingClient() = default;

Reply BlockingClient::request(const QByteArray &method, const QByteArray &path, const QByteArray &token,
    const QByteArray &jsonBody, int timeoutMs)
{
    Reply reply;
    const QDeadlineTimer deadline(timeoutMs);
    if (!m_socket || m_socket->state() != QAbstractSocket::ConnectedState) {
        m_socket = std::make_unique<QTcpSocket>();
        m_socket->connectToHost(m_host, m_port);
        if (!m_socket->waitForConnected(static_cast<int>(deadline.remainingTime()))) {
            reply.error =
                QStringLiteral("cannot connect to %1:%2: %3").arg(m_host).arg(m_port).arg(m_socket->errorString());
            m_socket.reset();
            return reply;
        }
    }
    m_socket->write(buildRequest(method, path, m_hostHeader, token, jsonBody));
    QByteArray buffer;
    ResponseParser parser;
    for (;;) {
        buffer += m_socket->readAll();
        const auto state = parser.parse(buffer);
        if (state == ResponseParser::State::Complete) {
            break;
        }
        if (state == ResponseParser::State::Invalid) {
            reply.error =
                QStringLiteral("bad response to %1 %2: %3")
                    .arg(QString::fromLatin1(method), QString::fromUtf8(path), QString::fromUtf8(parser.error()));
            m_socket.reset();
            return reply;
        }
        if (deadline.hasExpired() || !m_socket->waitForReadyRead(static_cast<int>(deadline.remainingTime()))) {
            reply.error = QStringLiteral("no response to %1 %2: %3")
                              .arg(QString::fromLatin1(method), QString::fromUtf8(path), m_socket->errorString());
            m_socket.reset();
            return reply;
        }
    }
    reply.status = parser.status();
    reply.body = buffer.mid(parser.bodyOffset(), parser.bodyLength());
    if (!parser.keepAlive()) {
        m_socket.reset();
    }
    return reply;
}

} // namespace Metaverse::Bench
