// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "auth/accountservice.h"

#include <QString>

#include <optional>

namespace Metaverse
{

// Close codes both sockets use when the session behind a socket is over.
namespace SessionCloseCode
{
inline constexpr int Ended = 4010; // logout, logout-all, password or role change, account gone
inline constexpr int Expired = 4011; // the token the socket authenticated with expired
} // namespace SessionCloseCode

struct SessionClose {
    int code = SessionCloseCode::Ended;
    QString reason;
};

// How to close a socket whose session is in `state`, or nothing while it is valid.
inline std::optional<SessionClose> sessionClose(SessionState state)
{
    switch (state) {
    case SessionState::Valid:
        return std::nullopt;
    case SessionState::Ended:
        return SessionClose{SessionCloseCode::Ended, QStringLiteral("session ended")};
    case SessionState::Expired:
        return SessionClose{SessionCloseCode::Expired, QStringLiteral("token expired")};
    }
    return std::nullopt;
}

} // namespace Metaverse
