// SPDX-License-Identifier: GPL-3.0-or-later
#include "e2erunner.h"

#include "appcontext.h"
#include "avatarlistmodel.h"
#include "logging.h"
#include "session.h"
#include "spacedirectory.h"
#include "spacelistmodel.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QMetaProperty>
#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickWindow>
#include <QSet>

#include <algorithm>
#include <cstdio>

namespace Metaverse
{

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
        connect(win, &QQuickWindow::frameSwapped, this, [this] { ++m_frames; });
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

QObject *E2eRunner::findItem(const QString &name) const
{
    auto *win = window();
    if (!win) {
        return nullptr;
    }
    // Walk both the QObject tree and the visual item tree (popups live in the overlay).
    QList<QObject *> queue{win};
    if (auto *root = win->contentItem() ? win->contentItem()->parentItem() : nullptr) {
        queue.append(root);
    }
    QSet<QObject *> seen;
    QObject *hidden = nullptr;
    while (!queue.isEmpty()) {
        QObject *object = queue.takeFirst();
        if (!object || seen.contains(object)) {
            continue;
        }
        seen.insert(object);
        if (object->objectName() == name) {
            // Prefer a visible match (a StackView may still hold a page being removed).
            const auto visible = object->property("visible");
            if (!visible.isValid() || visible.toBool()) {
                return object;
            }
            if (!hidden) {
                hidden = object;
            }
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
    return hidden;
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
    qCCritical(lcClientE2e).noquote() << "step" << m_index + 1 << QJsonDocument(step).toJson(QJsonDocument::Compact)
                                      << "failed:" << message;
    if (auto *win = window()) {
        win->grabWindow().save(QDir(m_outputDir).filePath(QStringLiteral("failure.png")));
    }
    QCoreApplication::exit(1);
}

void E2eRunner::next()
{
    if (m_index >= m_steps.size()) {
        qCInfo(lcClientE2e) << "all" << m_steps.size() << "steps passed";
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
        fail(QStringLiteral("timed out after %1 ms (%2)")
                 .arg(timeout)
                 .arg(frame        ? QStringLiteral("no frame was presented")
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
        qCInfo(lcClientE2e) << "screenshot" << path;
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
        std::printf("e2e-mark %s %lld\n", qUtf8Printable(step.value(QStringLiteral("name")).toString()),
            static_cast<long long>(m_clock.elapsed()));
        std::fflush(stdout);
        return true;
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
