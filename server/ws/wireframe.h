// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>

namespace Metaverse
{

// Inline: they are on the broadcast path, once per event and dialect.

// A server-to-client WebSocket text frame as it goes on the wire. Server frames are not masked,
// so every receiver of an event gets the same bytes: they are encoded once and shared
// (QByteArray is implicitly shared) by every queue they sit in.
struct WireFrame {
    QByteArray bytes; // header + UTF-8 payload
    qsizetype headerSize = 0;

    [[nodiscard]] qsizetype size() const { return bytes.size(); }
    [[nodiscard]] bool isEmpty() const { return bytes.isEmpty(); }
};

// Starts a frame for a payload of `payloadSize` bytes (RFC 6455 5.2: FIN, text, no mask); the
// caller appends exactly that many payload bytes.
inline WireFrame startFrame(qsizetype payloadSize)
{
    WireFrame frame;
    frame.bytes.reserve(payloadSize + 10);
    frame.bytes.append(char(0x81));
    if (payloadSize < 126) {
        frame.bytes.append(char(payloadSize));
    } else if (payloadSize <= 0xffff) {
        frame.bytes.append(char(126));
        frame.bytes.append(char((payloadSize >> 8) & 0xff));
        frame.bytes.append(char(payloadSize & 0xff));
    } else {
        frame.bytes.append(char(127));
        for (int shift = 56; shift >= 0; shift -= 8) {
            frame.bytes.append(char((quint64(payloadSize) >> shift) & 0xff));
        }
    }
    frame.headerSize = frame.bytes.size();
    return frame;
}

inline WireFrame makeFrame(const QByteArray &payload)
{
    WireFrame frame = startFrame(payload.size());
    frame.bytes.append(payload);
    return frame;
}

// Bytes to send: a whole frame, or a piece of one (a header, or a range of a shared batch frame
// a receiver gets most but not all of). Pieces point into shared buffers: nothing is copied
// unless the kernel refuses it.
struct Chunk {
    QByteArray data;
    qsizetype offset = 0;
    qsizetype length = 0;
    bool frameEnd = true; // the last chunk of its frame

    Chunk() = default;
    explicit Chunk(const WireFrame &frame)
        : data(frame.bytes)
        , length(frame.bytes.size())
    {
    }
    Chunk(QByteArray bytes, qsizetype from, qsizetype size)
        : data(std::move(bytes))
        , offset(from)
        , length(size)
    {
    }
    [[nodiscard]] const char *begin() const { return data.constData() + offset; }
    // A copy of [skip, length) unless that is all of `data`.
    [[nodiscard]] QByteArray bytes(qsizetype skip = 0) const
    {
        return offset + skip == 0 && length == data.size() ? data : data.sliced(offset + skip, length - skip);
    }
};

// The chunks as one contiguous frame (for sockets written through QWebSocket).
WireFrame materialize(const QList<Chunk> &chunks);

} // namespace Metaverse
