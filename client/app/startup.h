// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <functional>

class QElapsedTimer;
class QQmlApplicationEngine;

namespace Metaverse
{

class AppContext;

// What an executable adds to the client's start-up. The shipped `metaverse` adds nothing; the
// end-to-end driver `metaverse-e2e` (tests/client/e2e) loads its script and runs it.
struct StartupHooks {
    // Transitions off unless METAVERSE_REDUCED_MOTION says otherwise (scripted runs).
    bool reducedMotion = false;
    // Before Main.qml loads; a non-zero result ends the process with that exit code.
    std::function<int(QQmlApplicationEngine &, AppContext &)> beforeLoad;
    // Once the window exists and the stored session is being restored; `clock` runs since start.
    std::function<void(const QElapsedTimer &clock)> afterLoad;
};

// The client's main(): the application, its command line, the context QML sees as `App`, the
// engine and the main window; returns the exit code.
int runClient(int argc, char *argv[], const StartupHooks &hooks = {});

} // namespace Metaverse
