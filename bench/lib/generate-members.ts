import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { DEMO_GIVEN_CHARACTERS, DEMO_SURNAMES } from "@/scripts/seed/demo-data";
import { namePinyinKeys } from "@/lib/members/search/keys";

const SURNAMES = DEMO_SURNAMES;
const GIVEN = DEMO_GIVEN_CHARACTERS;

/** Characters the generated names use, for the benchmark's queries. */
export const BENCH_NAME_CHARS = { surnames: SURNAMES, given: GIVEN };

/**
 * Generates `total` members in one INSERT … SELECT over generate_series (no row-by-row round
 * trips): names from surname + two given characters with their pinyin, initials and grams, unique
 * phones, a card each, spread over the given stores.
 */
export async function generateMembers(db: Db, total: number, storeIds: string[]) {
  const surnamePinyin = SURNAMES.map((c) => namePinyinKeys(c).pinyin);
  const givenPinyin = GIVEN.map((c) => namePinyinKeys("王" + c).pinyin.slice("wang".length));
  const arr = (values: string[]) =>
    sql`ARRAY[${sql.join(
      values.map((v) => sql`${v}`),
      sql`, `,
    )}]::text[]`;
  await db.execute(sql`
    insert into members (home_store_id, name, name_pinyin, name_initials, name_grams, gender, birthday, phone_e164, phone_last4, registration_channel, registered_at, privacy_policy_version)
    select (${arr(storeIds)})[(1 + g % ${storeIds.length})::int]::uuid,
           s || a || b,
           sp || ap || bp,
           left(sp, 1) || left(ap, 1) || left(bp, 1),
           array[s, a, b, s || a, a || b],
           (case when g % 3 = 0 then 'male' else 'female' end)::member_gender,
           date '1960-01-01' + ((g * 37) % 16000)::int,
           '+86' || (13000000000 + g * 7)::text,
           right((13000000000 + g * 7)::text, 4),
           'counter'::registration_channel,
           now() - make_interval(days => (g % 2500)::int),
           '2025-01'
      from generate_series(1::bigint, ${total}::bigint) as g,
           lateral (select (${arr(SURNAMES)})[(1 + (g * 7919) % ${SURNAMES.length})::int] as s,
                           (${arr(surnamePinyin)})[(1 + (g * 7919) % ${SURNAMES.length})::int] as sp,
                           (${arr(GIVEN)})[(1 + (g * 104729) % ${GIVEN.length})::int] as a,
                           (${arr(givenPinyin)})[(1 + (g * 104729) % ${GIVEN.length})::int] as ap,
                           (${arr(GIVEN)})[(1 + (g * 1299709) % ${GIVEN.length})::int] as b,
                           (${arr(givenPinyin)})[(1 + (g * 1299709) % ${GIVEN.length})::int] as bp) as names
  `);
  await db.execute(
    sql`insert into member_cards (card_no, member_id, source) select 'BM' || lpad(row_number() over (order by id)::text, 9, '0'), id, 'bench' from members`,
  );
  // A steady-state table: vacuumed (visibility map set) and analysed, so that autovacuum does not
  // start in the middle of a measurement.
  await db.execute(sql`vacuum analyze members`);
  await db.execute(sql`vacuum analyze member_cards`);
}
