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
