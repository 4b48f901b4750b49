// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "result.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QMutex>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <atomic>

class QQmlApplicationEngine;
class QQuickWindow;

namespace Metaverse
{

class AppContext;

Q_DECLARE_LOGGING_CATEGORY(lcE2e)

// The end-to-end test driver of metaverse-e2e (main.cpp here; never part of the shipped client).
// With METAVERSE_E2E_SCRIPT naming a JSON file, the app runs its steps after start-up, through the
// same QML objects and services a user would trigger, and exits with 0 when all passed (1
// otherwise). Steps:
//   {"do": "waitFor", "item"|"object": NAME, "property": P, "equals": V | "notEquals": V | "atLeast": N,
//    "timeoutMs": T}
//   {"do": "set", "item": NAME, "property": P, "value": V}
//   {"do": "click", "item": NAME}            (waits until visible and enabled, then emits clicked())
//   {"do": "invoke", "item"|"object": NAME, "method": M, "args": [...]}
//                                           (at most one argument: a QVariant, an int or a QString)
//   {"do": "expect", ...as waitFor, but fails at once}
//   {"do": "screenshot", "name": FILE}       (PNG under METAVERSE_E2E_OUTPUT, default ".")
//   {"do": "mark", "name": LABEL}            (prints "e2e-mark LABEL MS" on stdout, MS since start)
//   {"do": "mark", "name": LABEL, TARGET, "property": P}   ("e2e-mark LABEL MS VALUE": P's value)
//   {"do": "key", "key": "Right" | "Ctrl+Z" | "Delete" ...}  (press and release, to the focused item)
//   {"do": "clickTile" | "hoverTile", "item": NAME, "tile": [X, Y], "button": "left"|"right"}
//   {"do": "frameStats", "name": LABEL, "ms": MS, "continuous": BOOL}
//                                           (records presented frames for MS, then prints "e2e-frames
//                                            LABEL FRAMES FPS P95_INTERVAL_MS MAX_INTERVAL_MS
//                                            P95_FRAME_MS" on stdout: the pace of frames and the time
//                                            from sync to presentation; "continuous" redraws
//                                            without pause, to measure what the window can do)
//   {"do": "dragTile", "item": NAME, "from": [X, Y], "to": [X, Y]}
//                                           (mouse input on a space view at tile centres, through
//                                            the item's tilePoint(x, y))
//   {"do": "overlay", "component": TYPE, "properties": {...}, "width": W}
//                                           (creates a Metaverse component at the window's right edge)
//   {"do": "frame"}                          (waits until a frame synchronised after this step began
//                                            was presented: what the steps before it did is on screen)
//   {"do": "count", "item": NAME, "equals": N, "timeoutMs": T}
//                                           (waits until exactly N visible items have that name)
// A script may set "pollMs" next to "steps" (default 20): how often a waiting step checks again.
// "item" names a QML object by objectName (the window is "mainWindow"); "object" names a service:
// app, session, spaces, settings, avatars, mine, shared, templates, chat, chatRooms, chatMessages
// (the current room's), space, occupants, placedElements, palette, sharing, invites (App.invites),
// moderation, bans. Property values compare as strings (enums by key).
class E2eRunner : public QObject
{
    Q_OBJECT

public:
    E2eRunner(QQmlApplicationEngine *engine, AppContext *app, QString outputDir, QObject *parent = nullptr);

    [[nodiscard]] Status load(const QString &scriptPath);
    // Starts once the window exists; `clock` measures since process start.
    void start(const QElapsedTimer &clock);

private:
    void next();
    void fail(const QString &message);
    // Runs the current step; returns true when it is done, false to poll again.
    Result<bool> runStep(const QJsonObject &step);
    QObject *target(const QJsonObject &step) const;
    QObject *findItem(const QString &name) const;
    // Every object of that name in the window, in the order findItem looks at them.
    QList<QObject *> findItems(const QString &name) const;
    static bool isShown(const QObject *object);
    QQuickWindow *window() const;
    static bool imagesLoading(QQuickWindow *win);
    static QString valueText(const QObject *object, const QString &property);

    QQmlApplicationEngine *m_engine; // not owned; outlives the runner
    AppContext *m_app; // not owned; outlives the runner
    QString m_outputDir;
    QJsonArray m_steps;
    int m_index = 0;
    qint64 m_frames = 0; // frames the window rendered
    qint64 m_frameMark = -1; // m_frames when the current screenshot step began waiting
    // Frames synchronised with the scene, and the count at the last presented one; written on the
    // render thread (the threaded render loop), read here.
    std::atomic<qint64> m_synced{0};
    std::atomic<qint64> m_presentedSync{0};
    qint64 m_syncMark = -1; // m_synced when the current frame step began
    // frameStats: when each frame was presented (µs on m_stepClock); written on the render thread.
    QMutex m_frameMutex;
    QList<qint64> m_frameTimes;
    QList<qint64> m_renderTimes; // sync start -> presented, per frame (µs)
    qint64 m_frameStart = -1;
    bool m_recordFrames = false;
    bool m_continuous = false; // GUI thread only
    QElapsedTimer m_stepClock;
    QElapsedTimer m_clock;
    QTimer m_poll;
};

} // namespace Metaverse
