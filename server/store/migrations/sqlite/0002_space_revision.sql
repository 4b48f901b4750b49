-- SPDX-License-Identifier: GPL-3.0-or-later
-- A change counter per space, bumped by every change to what GET /space/:id returns, so
-- serialized responses can be cached and validated with one primary-key lookup.
ALTER TABLE spaces ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
