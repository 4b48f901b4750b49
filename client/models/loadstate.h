// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QQmlEngine>

namespace Metaverse::LoadState
{
Q_NAMESPACE
QML_ELEMENT

// Where a list the UI shows stands: what to draw (placeholder, spinner, content, error + retry).
enum class State {
    Idle, // nothing asked yet
    Loading,
    Ready,
    Failed, // the error message says why; a retry is possible
};
Q_ENUM_NS(State)
} // namespace Metaverse::LoadState
