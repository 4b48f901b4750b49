-- SPDX-License-Identifier: GPL-3.0-or-later
-- Initial schema (SQLite). Never edit after merge: add a new numbered file instead.
CREATE TABLE avatars (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    image_url TEXT NOT NULL,
    seed_key TEXT UNIQUE,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE TABLE users (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('Admin', 'User')),
    avatar_id TEXT REFERENCES avatars (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE UNIQUE INDEX users_username_lower ON users (lower(username));
CREATE TABLE elements (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL DEFAULT '',
    image_url TEXT NOT NULL,
    width INTEGER NOT NULL CHECK (width BETWEEN 1 AND 100),
    height INTEGER NOT NULL CHECK (height BETWEEN 1 AND 100),
    is_static BOOLEAN NOT NULL,
    seed_key TEXT UNIQUE,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE TABLE spaces (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    width INTEGER NOT NULL CHECK (width BETWEEN 1 AND 1000),
    height INTEGER NOT NULL CHECK (height BETWEEN 1 AND 1000),
    thumbnail TEXT,
    creator_id TEXT REFERENCES users (id) ON DELETE CASCADE,
    is_template BOOLEAN NOT NULL DEFAULT 0,
    seed_key TEXT UNIQUE,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX spaces_creator ON spaces (creator_id);
CREATE INDEX spaces_template ON spaces (is_template);
CREATE TABLE space_elements (
    id TEXT PRIMARY KEY,
    space_id TEXT NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
    element_id TEXT NOT NULL REFERENCES elements (id),
    x INTEGER NOT NULL CHECK (x >= 0),
    y INTEGER NOT NULL CHECK (y >= 0)
);
CREATE INDEX space_elements_space ON space_elements (space_id);
CREATE TABLE space_members (
    space_id TEXT NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    can_edit BOOLEAN NOT NULL DEFAULT 0,
    PRIMARY KEY (space_id, user_id)
);
CREATE INDEX space_members_user ON space_members (user_id);
CREATE TABLE chatrooms (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    space_id TEXT REFERENCES spaces (id) ON DELETE CASCADE,
    owner_id TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX chatrooms_space ON chatrooms (space_id);
CREATE TABLE chatroom_members (
    room_id TEXT NOT NULL REFERENCES chatrooms (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    last_read_message_id TEXT,
    PRIMARY KEY (room_id, user_id)
);
CREATE INDEX chatroom_members_user ON chatroom_members (user_id);
CREATE TABLE messages (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    room_id TEXT NOT NULL REFERENCES chatrooms (id) ON DELETE CASCADE,
    sender_id TEXT REFERENCES users (id) ON DELETE SET NULL,
    content TEXT NOT NULL,
    client_msg_id TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX messages_room_seq ON messages (room_id, seq);
CREATE UNIQUE INDEX messages_client_id ON messages (sender_id, client_msg_id);
