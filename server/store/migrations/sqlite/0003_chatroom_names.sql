-- SPDX-License-Identifier: GPL-3.0-or-later
-- Room names are unique within a space, case-insensitively, so "general" (created with every
-- space) stays unambiguous. Rooms outside a space (space_id NULL) may share names.
CREATE UNIQUE INDEX chatrooms_space_name ON chatrooms (space_id, lower(name));
