-- SPDX-License-Identifier: GPL-3.0-or-later
-- The transactional outbox of the event stream (docs/events.md): every durable change writes its
-- domain event here in the same transaction; the relay sends undelivered rows to Kafka in seq
-- order and marks them delivered; delivered rows are pruned.
CREATE TABLE event_outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id TEXT NOT NULL UNIQUE,
    topic TEXT NOT NULL,
    event_key TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    delivered_at INTEGER
);
CREATE INDEX event_outbox_pending ON event_outbox (seq) WHERE delivered_at IS NULL;
CREATE INDEX event_outbox_delivered ON event_outbox (delivered_at) WHERE delivered_at IS NOT NULL;
