// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "httpframingscanner.h"
#include "trustedproxies.h"

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QSslConfiguration>
#include <QTcpServer>

#include <memory>
#include <optional>

namespace Metaverse
{

// Limits enforced by GuardedTcpServer: the framing limits, plus timeouts and the connection cap,
// which are disabled when <= 0.
struct GuardLimits : FramingLimits {
    int headerTimeoutMs = 10000; // a request's headers must complete within this (408 + close)
    int idleTimeoutMs = 60000; // keep-alive connection with no bytes for this long: close
    int maxConnectionsPerAddress = 64; // more concurrent connections from one peer address: 503/close
    // Not capped per address: a trusted reverse proxy carries many clients on its connections
    // (the proxy's own per-client limits apply; packaging/nginx sets them).
    TrustedProxies trustedProxies;
};

class GuardedTcpServerPrivate;

// A QTcpServer to pass to QAbstractHttpServer::bind(). Every accepted socket is watched before the HTTP
// parser sees its bytes: requests whose Content-Length exceeds the limit get a 413 problem+json reply and the
// connection is closed without the body being read or buffered; chunked bodies are counted and cut at the
// limit; headers larger than maxHeaderBytes get 431; slow headers 408; idle connections are closed; too
// many connections from one address are refused with 503; an invalid Content-Length (non-numeric, negative,
// repeated with different values), Content-Length together with Transfer-Encoding, or a transfer coding other
// than "chunked" get 400. WebSocket upgrades (Upgrade: websocket) are let through untouched and are not
// subject to the idle timeout afterwards.
//
// After a rejection the reply is flushed, the sending side is shut down and the connection is drained
// (bytes discarded, never buffered) for a short linger period so that the client can read the reply, then
// it is closed. Must live in the thread of the QAbstractHttpServer it is bound to.
//
// With TLS, every accepted connection is a QSslSocket that starts the server handshake at once; the
// guard then sees (and Qt's parser reads) the decrypted stream, so every limit above holds for HTTPS
// and WSS alike, and the header timeout also covers a handshake that never finishes.
class GuardedTcpServer : public QTcpServer
{
    Q_OBJECT
public:
    explicit GuardedTcpServer(GuardLimits limits, QObject *parent = nullptr);
    ~GuardedTcpServer() override;

    // Serve TLS with this configuration (certificate and key set) on every later connection.
    void setTls(std::optional<QSslConfiguration> tls);

    // Connections handed to the HTTP server (or upgraded from it) that are still open.
    [[nodiscard]] int openConnections() const;

Q_SIGNALS:
    // status is 400, 413, 431, 408 or 503; reason is a short text for the log/metrics (never request contents).
    void rejected(int status, const QString &reason, const QHostAddress &peer);

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    std::unique_ptr<GuardedTcpServerPrivate> m_d;
};

} // namespace Metaverse
