-- The n-th two-character element of a member's name grams (lib/members/search/keys.ts: the name's
-- characters, then its adjacent pairs, each once, in order), or null. A 2-character name fragment is
-- a pair of exactly one rank, so the columns generated from this (members.name_pair1, name_pair2) give
-- the search an ordered B-tree per rank instead of the unordered GIN on name_grams.
CREATE OR REPLACE FUNCTION member_name_pair(grams text[], n int) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
  gram text;
  seen int := 0;
BEGIN
  FOREACH gram IN ARRAY grams LOOP
    IF char_length(gram) = 2 THEN
      seen := seen + 1;
      IF seen = n THEN
        RETURN gram;
      END IF;
    END IF;
  END LOOP;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "name_pair1" text GENERATED ALWAYS AS (member_name_pair(name_grams, 1)) STORED;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "name_pair2" text GENERATED ALWAYS AS (member_name_pair(name_grams, 2)) STORED;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "name_pair3" text GENERATED ALWAYS AS (member_name_pair(name_grams, 3)) STORED;--> statement-breakpoint
CREATE INDEX "members_search_last4_idx" ON "members" USING btree ("phone_last4","name_pinyin","id","home_store_id") WHERE merged_into_id is null;--> statement-breakpoint
CREATE INDEX "members_search_initials_idx" ON "members" USING btree ("name_initials" text_pattern_ops,"name_pinyin","id","home_store_id") WHERE merged_into_id is null;--> statement-breakpoint
CREATE INDEX "members_search_pair_1_idx" ON "members" USING btree ("name_pair1","name_pinyin","id","home_store_id") WHERE merged_into_id is null;--> statement-breakpoint
CREATE INDEX "members_search_pair_2_idx" ON "members" USING btree ("name_pair2","name_pinyin","id","home_store_id") WHERE merged_into_id is null;--> statement-breakpoint
CREATE INDEX "members_search_long_names_gin" ON "members" USING gin ("name_grams") WHERE merged_into_id is null and name_pair3 is not null;--> statement-breakpoint
-- A member's row is updated by the loyalty engine after sales (the lifecycle stage after a purchase or
-- refund, the tier on an upgrade, the segments job): none of those columns is indexed, so the update
-- can stay on its page (a HOT update, no new entry in any of the table's indexes) when the page has
-- room. Keep a tenth of every page free for that. Existing full pages gain room as their rows move.
ALTER TABLE "members" SET (fillfactor = 90);
