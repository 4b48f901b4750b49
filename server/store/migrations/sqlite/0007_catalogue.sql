-- SPDX-License-Identifier: GPL-3.0-or-later
-- The element catalogue's categories (for the palette and the Nearby list), and retirement:
-- a retired element or avatar leaves the lists, while placed instances and users keep it.
ALTER TABLE elements ADD COLUMN category TEXT NOT NULL DEFAULT 'furniture'
    CHECK (category IN ('furniture', 'wall', 'floor', 'decoration', 'interactive'));
ALTER TABLE elements ADD COLUMN retired_at TEXT;
ALTER TABLE avatars ADD COLUMN retired_at TEXT;
UPDATE elements SET category = 'wall' WHERE seed_key IN ('wall', 'wall-long', 'window');
UPDATE elements SET category = 'floor' WHERE seed_key IN ('floor-wood', 'floor-carpet');
UPDATE elements SET category = 'decoration' WHERE seed_key IN ('rug', 'plant', 'plant-large', 'floor-lamp');
UPDATE elements SET category = 'interactive'
    WHERE seed_key IN ('door', 'whiteboard', 'printer', 'water-cooler', 'coffee-machine');
