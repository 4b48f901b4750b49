-- SPDX-License-Identifier: GPL-3.0-or-later
-- Teams (issue 12): invite links, bans, kick cooldowns and chat mutes, the moderation audit log,
-- a per-space capacity, room kinds (space, private, direct) and message tombstones.
-- Times in these tables are milliseconds since the epoch (UTC), compared with the server's clock.
ALTER TABLE spaces ADD COLUMN max_users INTEGER CHECK (max_users BETWEEN 1 AND 10000);
-- Only a SHA-256 hash of an invite's token is stored: a database leak leaks no live link.
CREATE TABLE space_invites (
    id TEXT PRIMARY KEY,
    space_id TEXT NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    can_edit BOOLEAN NOT NULL DEFAULT FALSE,
    expires_at BIGINT NOT NULL,
    max_uses INTEGER CHECK (max_uses BETWEEN 1 AND 1000),
    uses INTEGER NOT NULL DEFAULT 0,
    revoked BOOLEAN NOT NULL DEFAULT FALSE,
    created_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX space_invites_space ON space_invites (space_id);
CREATE TABLE space_bans (
    space_id TEXT NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    reason TEXT NOT NULL DEFAULT '',
    banned_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (space_id, user_id)
);
-- Timed restrictions: 'kick' (no rejoin until then) and 'mute' (no chat in the space's rooms).
CREATE TABLE space_timeouts (
    space_id TEXT NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('kick', 'mute')),
    until BIGINT NOT NULL,
    created_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (space_id, user_id, kind)
);
CREATE TABLE audit_log (
    seq BIGSERIAL PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    space_id TEXT NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
    actor_id TEXT REFERENCES users (id) ON DELETE SET NULL,
    action TEXT NOT NULL,
    target_user_id TEXT REFERENCES users (id) ON DELETE SET NULL,
    detail TEXT NOT NULL DEFAULT '{}',
    created_at BIGINT NOT NULL
);
CREATE INDEX audit_log_space_seq ON audit_log (space_id, seq);
-- 'space' (open to whoever may enter the space), 'private' (its members only; inside a space or
-- not) and 'direct' (two users; direct_low < direct_high name them, one room per pair).
ALTER TABLE chatrooms ADD COLUMN kind TEXT NOT NULL DEFAULT 'space' CHECK (kind IN ('space', 'private', 'direct'));
UPDATE chatrooms SET kind = 'private' WHERE space_id IS NULL;
ALTER TABLE chatrooms ADD COLUMN direct_low TEXT REFERENCES users (id) ON DELETE CASCADE;
ALTER TABLE chatrooms ADD COLUMN direct_high TEXT REFERENCES users (id) ON DELETE CASCADE;
CREATE UNIQUE INDEX chatrooms_direct_pair ON chatrooms (direct_low, direct_high);
-- A deleted message stays as a tombstone (content emptied) so history shows it as removed.
ALTER TABLE messages ADD COLUMN deleted BOOLEAN NOT NULL DEFAULT FALSE;
-- Prefix search on usernames (GET /api/v1/users?query=): LIKE 'abc%' uses this index whatever the collation.
CREATE INDEX users_username_prefix ON users (lower(username) text_pattern_ops);
