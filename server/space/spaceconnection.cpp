// SPDX-License-Identifier: GPL-3.0-or-later
#include "spaceconnection.h"

#include <cerrno>
#include <sys/socket.h>
#include <sys/uio.h>

namespace Metaverse
{

namespace
{
// At most this many frames per sendmsg().
constexpr int MaxIovecs = 64;
} // namespace

void SpaceConnection::flush()
{
    QTcpSocket *const out = tcp.data();
    // The TCP socket's state covers the WebSocket's (QWebSocket closes it right after a close
    // frame); QWebSocket::state() costs more than it looks when asked 40,000 times a second.
    if (!isWritable() || (out ? out->state() : socket->state()) != QAbstractSocket::ConnectedState) {
        clearStaged();
        return;
    }
    if (staged.isEmpty()) {
        return;
    }
    if (!out) {
        // Only whole frames are staged for these (see flushRoomBatch).
        for (const auto &chunk : std::as_const(staged)) {
            const auto *header = reinterpret_cast<const uchar *>(chunk.begin());
            const qsizetype lengthCode = header[1] & 0x7f;
            const qsizetype headerSize = lengthCode == 127 ? 10 : lengthCode == 126 ? 4 : 2;
            socket->sendTextMessage(QString::fromUtf8(chunk.begin() + headerSize, chunk.length - headerSize));
        }
        socket->flush();
        clearStaged();
        return;
    }
    qsizetype next = 0; // first chunk not completely written
    qsizetype offset = 0; // bytes of it already written
    bool midFrame = false; // a frame has been written in part
    if (out->bytesToWrite() == 0) {
        const int fd = int(out->socketDescriptor());
        while (next < staged.size()) {
            iovec iov[MaxIovecs];
            int count = 0;
            qint64 total = 0;
            for (qsizetype i = next; i < staged.size() && count < MaxIovecs; ++i, ++count) {
                const qsizetype skip = i == next ? offset : 0;
                iov[count].iov_base = const_cast<char *>(staged.at(i).begin() + skip);
                iov[count].iov_len = size_t(staged.at(i).length - skip);
                total += qint64(iov[count].iov_len);
            }
            msghdr message{};
            message.msg_iov = iov;
            message.msg_iovlen = size_t(count);
            const ssize_t written = ::sendmsg(fd, &message, MSG_NOSIGNAL | MSG_DONTWAIT);
            if (written <= 0) {
                if (written < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
                    clearStaged(); // the connection is broken; Qt reports it on its side
                    return;
                }
                break;
            }
            qint64 left = written;
            while (left > 0) {
                const qint64 rest = staged.at(next).length - offset;
                if (left >= rest) {
                    left -= rest;
                    midFrame = !staged.at(next).frameEnd;
                    ++next;
                    offset = 0;
                } else {
                    offset += left;
                    midFrame = true;
                    left = 0;
                }
            }
            if (written < total) {
                break; // the kernel's buffer is full
            }
        }
    } else if (batch) {
        return; // behind what Qt holds; tried again when that drained, or at the next tick
    }
    qsizetype end = staged.size();
    if (batch) {
        end = next;
        if (midFrame) {
            while (end < staged.size() && !staged.at(end).frameEnd) {
                ++end;
            }
            end = std::min(end + 1, staged.size());
        }
    }
    for (qsizetype i = next; i < end; ++i) {
        out->write(staged.at(i).bytes(i == next ? offset : 0));
    }
    if (end == staged.size()) {
        clearStaged();
        return;
    }
    for (qsizetype i = 0; i < end; ++i) {
        stagedBytes -= staged.at(i).length;
    }
    staged.remove(0, end);
}

} // namespace Metaverse
