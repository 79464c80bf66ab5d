-- A member's row is updated by the loyalty engine after sales (the lifecycle stage after a purchase or
-- refund, the tier on an upgrade, the segments job): none of those columns is indexed, so the update
-- can stay on its page (a HOT update, no new entry in any of the table's indexes) when the page has
-- room. Keep a tenth of every page free for that. Existing full pages gain room as their rows move.
ALTER TABLE "members" SET (fillfactor = 90);
