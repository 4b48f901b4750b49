// SPDX-License-Identifier: GPL-3.0-or-later
#include "e2erunner.h"

#include "app/appcontext.h"
#include "models/avatarlistmodel.h"
#include "models/banlistmodel.h"
#include "models/chatroomlistmodel.h"
#include "models/occupantmodel.h"
#include "models/palettemodel.h"
#include "models/placedelementmodel.h"
#include "models/spacelistmodel.h"
#include "sessions/chatsession.h"
#include "sessions/inviteacceptor.h"
#include "sessions/session.h"
#include "sessions/spacedirectory.h"
#include "sessions/spacemoderation.h"
#include "sessions/spacesession.h"
#include "sessions/spacesharing.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QKeySequence>
#include <QMetaProperty>
#include <QMouseEvent>
#include <QMutexLocker>
#include <QQmlApplicationEngine>
#include <QQmlComponent>
#include <QQuickItem>
#include <QQuickWindow>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <cstdio>
#include <memory>

namespace Metaverse
{

Q_LOGGING_CATEGORY(lcE2e, "metaverse.client.e2e", QtInfoMsg)

namespace
{
constexpr int PollMs = 20;
constexpr int DefaultTimeoutMs = 15000;
} // namespace

E2eRunner::E2eRunner(QQmlApplicationEngine *engine, AppContext *app, QString outputDir, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
    , m_app(app)
    , m_outputDir(std::move(outputDir))
{
    m_poll.setInterval(PollMs);
    m_poll.setSingleShot(true);
    connect(&m_poll, &QTimer::timeout, this, &E2eRunner::next);
}

Status E2eRunner::load(const QString &scriptPath)
{
    QFile file(scriptPath);
    if (!file.open(QIODevice::ReadOnly)) {
        return Error::notFound(QStringLiteral("cannot open e2e script %1: %2").arg(scriptPath, file.errorString()));
    }
    auto object = parseJsonObject(file.readAll());
    if (!object) {
        return Error::invalid(QStringLiteral("e2e script %1: %2").arg(scriptPath, object.error().message));
    }
    m_steps = object->value(QStringLiteral("steps")).toArray();
    m_poll.setInterval(std::clamp(object->value(QStringLiteral("pollMs")).toInt(PollMs), 1, 1000));
    if (m_steps.isEmpty()) {
        return Error::invalid(QStringLiteral("e2e script %1 has no steps").arg(scriptPath));
    }
    if (!m_outputDir.isEmpty() && !QDir().mkpath(m_outputDir)) {
        return Error::unavailable(QStringLiteral("cannot create %1").arg(m_outputDir));
    }
    return {};
}

void E2eRunner::start(const QElapsedTimer &clock)
{
    if (auto *win = window()) {
        connect(win, &QQuickWindow::frameSwapped, this, [this, win] {
            ++m_frames;
            if (m_continuous) {
                win->update(); // frameStats "continuous": render as fast as the window can
            }
        });
        connect(
            win, &QQuickWindow::beforeSynchronizing, this,
            [this] {
                const QMutexLocker lock(&m_frameMutex);
                m_frameStart = m_stepClock.nsecsElapsed() / 1000;
            },
            Qt::DirectConnection);
        // frameStats: the time of each presented frame, taken on the render thread.
        connect(
            win, &QQuickWindow::frameSwapped, this,
            [this] {
                const QMutexLocker lock(&m_frameMutex);
                if (m_recordFrames) {
                    const auto now = m_stepClock.nsecsElapsed() / 1000;
                    m_frameTimes.append(now);
                    if (m_frameStart >= 0) {
                        m_renderTimes.append(now - m_frameStart);
                    }
                }
                m_frameStart = -1;
            },
            Qt::DirectConnection);
        // Direct: on the render thread, in step with the frame (the GUI thread waits during a sync).
        connect(
            win, &QQuickWindow::afterSynchronizing, this, [this] { ++m_synced; }, Qt::DirectConnection);
        connect(
            win, &QQuickWindow::frameSwapped, this, [this] { m_presentedSync = m_synced.load(); },
            Qt::DirectConnection);
    }
    m_clock = clock;
    m_index = 0;
    m_stepClock.start();
    m_poll.start();
}

QQuickWindow *E2eRunner::window() const
{
    if (!m_engine || m_engine->rootObjects().isEmpty()) {
        return nullptr;
    }
    return qobject_cast<QQuickWindow *>(m_engine->rootObjects().constFirst());
}

QList<QObject *> E2eRunner::findItems(const QString &name) const
{
    QList<QObject *> found;
    auto *win = window();
    if (!win) {
        return found;
    }
    // Walk both the QObject tree and the visual item tree (popups live in the overlay).
    QList<QObject *> queue{win};
    if (auto *root = win->contentItem() ? win->contentItem()->parentItem() : nullptr) {
        queue.append(root);
    }
    QSet<QObject *> seen;
    while (!queue.isEmpty()) {
        QObject *object = queue.takeFirst();
        if (!object || seen.contains(object)) {
            continue;
        }
        seen.insert(object);
        if (object->objectName() == name) {
            found.append(object);
        }
        const auto children = object->children();
        for (auto *child : children) {
            queue.append(child);
        }
        if (auto *item = qobject_cast<QQuickItem *>(object)) {
            const auto items = item->childItems();
            for (auto *child : items) {
                queue.append(child);
            }
        }
    }
    return found;
}

bool E2eRunner::isShown(const QObject *object)
{
    const auto visible = object->property("visible");
    return !visible.isValid() || visible.toBool();
}

QObject *E2eRunner::findItem(const QString &name) const
{
    // Prefer a visible match (a StackView may still hold a page being removed).
    const auto found = findItems(name);
    for (auto *object : found) {
        if (isShown(object)) {
            return object;
        }
    }
    return found.isEmpty() ? nullptr : found.constFirst();
}

bool E2eRunner::imagesLoading(QQuickWindow *win)
{
    QList<QQuickItem *> queue{win->contentItem()->parentItem()};
    while (!queue.isEmpty()) {
        auto *item = queue.takeFirst();
        if (!item) {
            continue;
        }
        // QQuickImageBase::Status: Null, Ready, Loading, Error. A source that is set but not yet
        // requested (Null) counts as loading too.
        if (item->isVisible() && item->inherits("QQuickImageBase")) {
            const int status = item->property("status").toInt();
            const bool hasSource = !item->property("source").toUrl().isEmpty();
            if (status == 2 || (status == 0 && hasSource)) {
                return true;
            }
        }
        queue.append(item->childItems());
    }
    return false;
}

QObject *E2eRunner::target(const QJsonObject &step) const
{
    if (step.contains(QStringLiteral("item"))) {
        return findItem(step.value(QStringLiteral("item")).toString());
    }
    const auto name = step.value(QStringLiteral("object")).toString();
    if (!m_app) {
        return nullptr;
    }
    if (name == QLatin1String("app")) {
        return m_app;
    }
    if (name == QLatin1String("session")) {
        return m_app->session();
    }
    if (name == QLatin1String("spaces")) {
        return m_app->spaces();
    }
    if (name == QLatin1String("settings")) {
        return m_app->settings();
    }
    if (name == QLatin1String("avatars")) {
        return m_app->session()->avatars();
    }
    if (name == QLatin1String("mine")) {
        return m_app->spaces()->mine();
    }
    if (name == QLatin1String("shared")) {
        return m_app->spaces()->shared();
    }
    if (name == QLatin1String("templates")) {
        return m_app->spaces()->templates();
    }
    if (name == QLatin1String("space")) {
        return m_app->space();
    }
    if (name == QLatin1String("occupants")) {
        return m_app->space()->occupants();
    }
    if (name == QLatin1String("placedElements")) {
        return m_app->space()->elements();
    }
    if (name == QLatin1String("palette")) {
        return m_app->space()->palette();
    }
    if (name == QLatin1String("chat")) {
        return m_app->chat();
    }
    if (name == QLatin1String("sharing")) {
        return m_app->sharing();
    }
    if (name == QLatin1String("invites")) {
        return m_app->invites();
    }
    if (name == QLatin1String("moderation")) {
        return m_app->moderation();
    }
    if (name == QLatin1String("bans")) {
        return m_app->moderation()->bans();
    }
    if (name == QLatin1String("chatRooms")) {
        return m_app->chat()->rooms();
    }
    if (name == QLatin1String("chatMessages")) {
        return m_app->chat()->messages();
    }
    return nullptr;
}

QString E2eRunner::valueText(const QObject *object, const QString &property)
{
    const auto *meta = object->metaObject();
    const int index = meta->indexOfProperty(property.toUtf8().constData());
    if (index >= 0) {
        const auto prop = meta->property(index);
        const auto value = prop.read(object);
        if (prop.isEnumType()) {
            const auto key = prop.enumerator().valueToKey(value.toInt());
            return key ? QString::fromLatin1(key) : QString::number(value.toInt());
        }
        return value.toString();
    }
    return object->property(property.toUtf8().constData()).toString();
}

void E2eRunner::fail(const QString &message)
{
    const auto step = m_steps.at(m_index).toObject();
    qCCritical(lcE2e).noquote() << "step" << m_index + 1 << QJsonDocument(step).toJson(QJsonDocument::Compact)
                                << "failed:" << message;
    if (auto *win = window()) {
        win->grabWindow().save(QDir(m_outputDir).filePath(QStringLiteral("failure.png")));
    }
    QCoreApplication::exit(1);
}

void E2eRunner::next()
{
    if (m_index >= m_steps.size()) {
        qCInfo(lcE2e) << "all" << m_steps.size() << "steps passed";
        QCoreApplication::exit(0);
        return;
    }
    const auto step = m_steps.at(m_index).toObject();
    const auto done = runStep(step);
    if (!done) {
        fail(done.error().message);
        return;
    }
    if (*done) {
        ++m_index;
        m_frameMark = -1;
        m_syncMark = -1;
        m_stepClock.restart();
        QTimer::singleShot(0, this, &E2eRunner::next);
        return;
    }
    const int timeout = step.value(QStringLiteral("timeoutMs")).toInt(DefaultTimeoutMs);
    if (m_stepClock.elapsed() > timeout) {
        auto *object = target(step);
        const auto property = step.value(QStringLiteral("property")).toString();
        const bool frame = step.value(QStringLiteral("do")).toString() == QLatin1String("frame");
        const bool count = step.value(QStringLiteral("do")).toString() == QLatin1String("count");
        const auto found = count ? findItems(step.value(QStringLiteral("item")).toString()) : QList<QObject *>();
        fail(QStringLiteral("timed out after %1 ms (%2)")
                 .arg(timeout)
                 .arg(count ? QStringLiteral("%1 visible").arg(std::count_if(found.cbegin(), found.cend(), isShown))
                         : frame   ? QStringLiteral("no frame was presented")
                         : !object ? QStringLiteral("target not found")
                         : property.isEmpty()
                         ? QStringLiteral("target not visible or not enabled")
                         : QStringLiteral("%1 is \"%2\"").arg(property, valueText(object, property))));
        return;
    }
    m_poll.start();
}

Result<bool> E2eRunner::runStep(const QJsonObject &step)
{
    const auto action = step.value(QStringLiteral("do")).toString();
    const auto property = step.value(QStringLiteral("property")).toString();

    if (action == QLatin1String("screenshot")) {
        auto *win = window();
        if (!win) {
            return false;
        }
        // Let asynchronous images (thumbnails, avatars) finish first, within a few seconds, then
        // let the window render two more frames so they are on screen.
        if (imagesLoading(win) && m_stepClock.elapsed() < 5000) {
            return false;
        }
        if (m_frameMark < 0) {
            m_frameMark = m_frames;
            win->update();
            return false;
        }
        if (m_frames < m_frameMark + 2 && m_stepClock.elapsed() < 5000) {
            win->update();
            return false;
        }
        const auto path =
            QDir(m_outputDir).filePath(step.value(QStringLiteral("name")).toString() + QStringLiteral(".png"));
        if (!win->grabWindow().save(path)) {
            return Error::unavailable(QStringLiteral("cannot save %1").arg(path));
        }
        qCInfo(lcE2e) << "screenshot" << path;
        return true;
    }
    if (action == QLatin1String("frame")) {
        auto *win = window();
        if (!win) {
            return false;
        }
        if (m_syncMark < 0) {
            m_syncMark = m_synced;
            win->update();
            return false;
        }
        return m_presentedSync > m_syncMark;
    }
    if (action == QLatin1String("pause")) {
        // For debugging scripts only: tests wait on state, never on time.
        return m_stepClock.elapsed() >= step.value(QStringLiteral("ms")).toInt();
    }
    if (action == QLatin1String("mark")) {
        // With a target and a property: its value too, for the test to pass on (an invite link).
        QString value;
        if (!property.isEmpty()) {
            auto *object = target(step);
            if (!object) {
                return Error::notFound(QStringLiteral("no such target"));
            }
            value = QLatin1Char(' ') + valueText(object, property);
        }
        std::printf("e2e-mark %s %lld%s\n", qUtf8Printable(step.value(QStringLiteral("name")).toString()),
            static_cast<long long>(m_clock.elapsed()), qUtf8Printable(value));
        std::fflush(stdout);
        return true;
    }

    if (action == QLatin1String("overlay")) {
        // A component of the Metaverse module on top of the window's right edge, for parts that
        // no page shows yet (the chat panel before the space page hosts it).
        auto *win = window();
        if (!win) {
            return false;
        }
        static const QRegularExpression typeName(QStringLiteral("^[A-Z][A-Za-z0-9]*$"));
        const auto type = step.value(QStringLiteral("component")).toString();
        if (!typeName.match(type).hasMatch()) {
            return Error::invalid(QStringLiteral("bad component name \"%1\"").arg(type));
        }
        QQmlComponent component(m_engine);
        component.setData("import QtQuick\nimport Metaverse\n" + type.toUtf8() + " {}\n", QUrl());
        std::unique_ptr<QObject> created(
            component.createWithInitialProperties(step.value(QStringLiteral("properties")).toObject().toVariantMap()));
        auto *item = qobject_cast<QQuickItem *>(created.get());
        if (!item) {
            return Error::invalid(QStringLiteral("cannot create %1 as an item: %2").arg(type, component.errorString()));
        }
        created.release(); // owned by the window's content item from here
        item->setParent(win->contentItem());
        item->setParentItem(win->contentItem());
        const qreal width = step.value(QStringLiteral("width")).toDouble(420);
        item->setZ(1000);
        item->setSize({width, win->contentItem()->height()});
        item->setX(win->contentItem()->width() - width);
        return true;
    }

    if (action == QLatin1String("frameStats")) {
        // Frame pacing over a window of time (benchmarks): frames presented, their rate, and the
        // 95th percentile and maximum of the intervals between them.
        auto *win = window();
        if (!win) {
            return false;
        }
        {
            const QMutexLocker lock(&m_frameMutex);
            if (!m_recordFrames) {
                m_frameTimes.clear();
                m_renderTimes.clear();
                m_recordFrames = true;
                m_continuous = step.value(QStringLiteral("continuous")).toBool();
                win->update();
                return false;
            }
        }
        const int ms = step.value(QStringLiteral("ms")).toInt(10000);
        if (m_stepClock.elapsed() < ms) {
            return false;
        }
        QList<qint64> frameTimes;
        QList<qint64> renderTimes;
        {
            const QMutexLocker lock(&m_frameMutex);
            m_recordFrames = false;
            m_continuous = false;
            frameTimes = m_frameTimes;
            renderTimes = m_renderTimes;
        }
        std::sort(renderTimes.begin(), renderTimes.end());
        const auto renderP95 =
            renderTimes.isEmpty() ? 0 : renderTimes.at(std::min(renderTimes.size() - 1, renderTimes.size() * 95 / 100));
        QList<qint64> intervals;
        for (qsizetype i = 1; i < frameTimes.size(); ++i) {
            intervals.append(frameTimes.at(i) - frameTimes.at(i - 1));
        }
        std::sort(intervals.begin(), intervals.end());
        const auto p95 =
            intervals.isEmpty() ? 0 : intervals.at(std::min(intervals.size() - 1, intervals.size() * 95 / 100));
        const auto worst = intervals.isEmpty() ? 0 : intervals.constLast();
        std::printf("e2e-frames %s %lld %.1f %.1f %.1f %.1f\n",
            qUtf8Printable(step.value(QStringLiteral("name")).toString()), static_cast<long long>(frameTimes.size()),
            1000.0 * double(frameTimes.size()) / ms, double(p95) / 1000.0, double(worst) / 1000.0,
            double(renderP95) / 1000.0);
        std::fflush(stdout);
        return true;
    }
    if (action == QLatin1String("key")) {
        // A key press and release, delivered like a real one (to the focused item).
        auto *win = window();
        if (!win) {
            return false;
        }
        const QKeySequence sequence(step.value(QStringLiteral("key")).toString());
        if (sequence.isEmpty()) {
            return Error::invalid(QStringLiteral("unknown key"));
        }
        const auto combination = sequence[0];
        QKeyEvent press(QEvent::KeyPress, combination.key(), combination.keyboardModifiers());
        QKeyEvent release(QEvent::KeyRelease, combination.key(), combination.keyboardModifiers());
        QCoreApplication::sendEvent(win, &press);
        QCoreApplication::sendEvent(win, &release);
        return true;
    }
    if (action == QLatin1String("clickTile") || action == QLatin1String("hoverTile") ||
        action == QLatin1String("dragTile")) {
        // Mouse input on a space view at tile centres (its tilePoint(x, y) maps them).
        auto *win = window();
        auto *item = qobject_cast<QQuickItem *>(target(step));
        if (!win || !item || !item->isVisible()) {
            return false;
        }
        const auto at = [&](const QJsonValue &tile) -> std::optional<QPointF> {
            const auto xy = tile.toArray();
            QVariant point;
            if (xy.size() != 2 ||
                !QMetaObject::invokeMethod(item, "tilePoint", Q_RETURN_ARG(QVariant, point),
                    Q_ARG(QVariant, xy.at(0).toInt()), Q_ARG(QVariant, xy.at(1).toInt()))) {
                return std::nullopt;
            }
            return item->mapToScene(point.toPointF());
        };
        const auto mouse = [&](QEvent::Type type, QPointF pos, Qt::MouseButton button, Qt::MouseButtons buttons) {
            QMouseEvent event(type, pos, win->mapToGlobal(pos), button, buttons, Qt::NoModifier);
            QCoreApplication::sendEvent(win, &event);
        };
        const auto from =
            at(step.value(action == QLatin1String("dragTile") ? QStringLiteral("from") : QStringLiteral("tile")));
        if (!from) {
            return Error::invalid(
                QStringLiteral("needs \"tile\" (or \"from\"/\"to\") as [x, y] and an item with tilePoint()"));
        }
        if (action == QLatin1String("hoverTile")) {
            mouse(QEvent::MouseMove, *from, Qt::NoButton, Qt::NoButton);
            return true;
        }
        const auto button = step.value(QStringLiteral("button")).toString() == QLatin1String("right") ? Qt::RightButton
                                                                                                      : Qt::LeftButton;
        mouse(QEvent::MouseButtonPress, *from, button, button);
        auto end = *from;
        if (action == QLatin1String("dragTile")) {
            const auto to = at(step.value(QStringLiteral("to")));
            if (!to) {
                return Error::invalid(QStringLiteral("needs \"to\" as [x, y]"));
            }
            mouse(QEvent::MouseMove, (*from + *to) / 2, Qt::NoButton, button);
            mouse(QEvent::MouseMove, *to, Qt::NoButton, button);
            end = *to;
        }
        mouse(QEvent::MouseButtonRelease, end, button, Qt::NoButton);
        return true;
    }

    if (action == QLatin1String("count")) {
        // Exactly this many visible items of that name (a duplicated row or avatar is a bug).
        const auto found = findItems(step.value(QStringLiteral("item")).toString());
        return std::count_if(found.cbegin(), found.cend(), isShown) == step.value(QStringLiteral("equals")).toInt();
    }

    QObject *object = target(step);
    if (!object) {
        if (action == QLatin1String("expect")) {
            return Error::notFound(QStringLiteral("target not found"));
        }
        return false; // not there yet
    }
    if (action == QLatin1String("waitFor") || action == QLatin1String("expect")) {
        const auto actual = valueText(object, property);
        bool ok = false;
        if (step.contains(QStringLiteral("atLeast"))) {
            ok = actual.toDouble() >= step.value(QStringLiteral("atLeast")).toDouble();
        } else if (step.contains(QStringLiteral("notEquals"))) {
            ok = actual != step.value(QStringLiteral("notEquals")).toVariant().toString();
        } else {
            ok = actual == step.value(QStringLiteral("equals")).toVariant().toString();
        }
        if (!ok && action == QLatin1String("expect")) {
            return Error::invalid(QStringLiteral("%1 is \"%2\"").arg(property, actual));
        }
        return ok;
    }
    if (action == QLatin1String("set")) {
        if (!object->setProperty(property.toUtf8().constData(), step.value(QStringLiteral("value")).toVariant())) {
            return Error::invalid(QStringLiteral("cannot set %1").arg(property));
        }
        return true;
    }
    if (action == QLatin1String("click")) {
        if (!object->property("visible").toBool() || !object->property("enabled").toBool()) {
            return false;
        }
        if (!QMetaObject::invokeMethod(object, "clicked")) {
            return Error::invalid(QStringLiteral("not clickable"));
        }
        return true;
    }
    if (action == QLatin1String("invoke")) {
        const auto method = step.value(QStringLiteral("method")).toString().toUtf8();
        const auto args = step.value(QStringLiteral("args")).toArray();
        bool ok = false;
        if (args.isEmpty()) {
            ok = QMetaObject::invokeMethod(object, method.constData());
        } else if (args.size() == 1) {
            // The method's own parameter type decides: QVariant, int (a number) or QString.
            const auto arg = args.at(0);
            const auto *meta = object->metaObject();
            const auto has = [&](const char *type) {
                return meta->indexOfMethod(QByteArray(method + '(' + type + ')').constData()) >= 0;
            };
            if (has("QVariant")) {
                ok = QMetaObject::invokeMethod(object, method.constData(), Q_ARG(QVariant, arg.toVariant()));
            } else if (arg.isDouble() && has("int")) {
                ok = QMetaObject::invokeMethod(object, method.constData(), Q_ARG(int, arg.toInt()));
            } else {
                ok = QMetaObject::invokeMethod(object, method.constData(), Q_ARG(QString, arg.toString()));
            }
        }
        if (!ok) {
            return Error::invalid(QStringLiteral("cannot invoke %1").arg(QString::fromUtf8(method)));
        }
        return true;
    }
    return Error::invalid(QStringLiteral("unknown step \"%1\"").arg(action));
}

} // namespace Metaverse
