// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The bench's minimal HTTP/1.1 client side: a response framer (status line + headers,
// Content-Length bodies only) shared by the load workers, and a blocking keep-alive
// client for the unmeasured setup phase.

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

#include <memory>

class QTcpSocket;

namespace Metaverse::Bench
{

// Frames one response at the start of a buffer. Feed it the whole buffer each time more
// bytes arrived; it remembers where the headers ended so nothing is parsed twice.
class ResponseParser
{
public:
    enum class State { NeedMore, Complete, Invalid };

    State parse(const QByteArray &buffer);
    void reset() { *this = ResponseParser(); }

    int status() const { return m_status; }
    // Bytes of the buffer taken by the complete response (headers + body).
    qsizetype length() const { return m_headerEnd + m_contentLength; }
    qsizetype bodyOffset() const { return m_headerEnd; }
    qsizetype bodyLength() const { return m_contentLength; }
    bool keepAlive() const { return m_keepAlive; }
    const QByteArray &error() const { return m_error; }

private:
    State fail(const char *why);

    qsizetype m_headerEnd = -1;
    qsizetype m_contentLength = 0;
    int m_status = 0;
    bool m_keepAlive = true;
    QByteArray m_error;
};

// A request body: compact JSON.
inline QByteArray jsonBody(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

// "GET /path HTTP/1.1" with Host, optional bearer token and an optional JSON body.
QByteArray buildRequest(const QByteArray &method, const QByteArray &path, const QByteArray &host,
    const QByteArray &token = {}, const QByteArray &jsonBody = {});

struct Reply {
    int status = 0; // 0: no response (connection or protocol error, see error)
    QByteArray body;
    QString error;

    QJsonDocument json() const { return QJsonDocument::fromJson(body); }
    QString describe() const;
};

// One keep-alive connection, used with waitFor*() so the setup needs no event loop.
// Reconnects when the server closed the connection.
class BlockingClient
{
public:
    BlockingClient(QString host, quint16 port);
    ~BlockingClient();
    BlockingClient(const BlockingClient &) = delete;
    BlockingClient &operator=(const BlockingClient &) = delete;

    Reply request(const QByteArray &method, const QByteArray &path, const QByteArray &token = {},
        const QByteArray &jsonBody = {}, int timeoutMs = 10000);

private:
    QString m_host;
    quint16 m_port;
    QByteArray m_hostHeader;
    std::unique_ptr<QTcpSocket> m_socket;
};

} // namespace Metaverse::Bench
