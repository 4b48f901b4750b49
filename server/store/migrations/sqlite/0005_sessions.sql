-- SPDX-License-Identifier: GPL-3.0-or-later
-- Sessions that can end: every token carries its account's token version (bumped by
-- logout-all, a password change and a role change, which ends every older token) and the id
-- of its sign-in (kept by refreshes). A sign-in ended by /logout is listed here until the
-- last token it could have produced has expired.
ALTER TABLE users ADD COLUMN token_version INTEGER NOT NULL DEFAULT 0;
CREATE TABLE revoked_sessions (
    session_id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at INTEGER NOT NULL
);
CREATE INDEX revoked_sessions_expiry ON revoked_sessions (expires_at);
