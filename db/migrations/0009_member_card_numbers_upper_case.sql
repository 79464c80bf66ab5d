-- Member card numbers are stored and matched upper case (lib/members/card-number.ts). Cards stored
-- before that in lower or mixed case are upper-cased. Nothing references card_no (it is only the
-- key of member_cards), so the key can change in place. A card whose upper-case form is already on
-- file is left as it is (the duplicates page lists both, rule "card"); of several spellings of the
-- same number, only the oldest is upper-cased, so that no two rows claim one key.
WITH spellings AS (
  SELECT card_no,
         upper(card_no) AS upper_no,
         row_number() OVER (PARTITION BY upper(card_no) ORDER BY created_at, card_no) AS spelling_rank
    FROM member_cards
   WHERE card_no <> upper(card_no)
)
UPDATE member_cards AS c
   SET card_no = s.upper_no
  FROM spellings AS s
 WHERE c.card_no = s.card_no
   AND s.spelling_rank = 1
   AND NOT EXISTS (SELECT 1 FROM member_cards AS taken WHERE taken.card_no = s.upper_no);
