import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { DEMO_GIVEN_CHARACTERS, DEMO_SURNAMES } from "@/scripts/seed/demo-data";
import { namePinyinKeys } from "@/lib/members/search/keys";

const SURNAMES = DEMO_SURNAMES;
const GIVEN = DEMO_GIVEN_CHARACTERS;

/** Characters the generated names use, for the benchmark's queries. */
export const BENCH_NAME_CHARS = { surnames: SURNAMES, given: GIVEN };

/** The mobile number of generated member g (1…N), as a cashier types it. */
export function generatedMemberPhone(g: number): string {
  return String(13_000_000_000 + 7 * g);
}

/** The n-th generated member card number (1…N; numbered in member id order, so not member n's). */
export function generatedCardNo(n: number): string {
  return `BM${String(n).padStart(9, "0")}`;
}

/**
 * The secondary indexes of a table (those not backing a constraint) as their CREATE statements, for
 * dropping before a bulk load and building again after it: building an index over 10 million rows
 * at once is many times faster than maintaining it row by row (the trigram and character-gram GIN
 * indexes above all).
 */
async function secondaryIndexes(db: Db, table: string): Promise<{ name: string; definition: string }[]> {
  return rowsOf<{ name: string; definition: string }>(
    await db.execute(sql`
      select i.indexname as name, i.indexdef as definition
        from pg_indexes i
       where i.schemaname = 'public' and i.tablename = ${table}
         and not exists (select 1 from pg_constraint c where c.conname = i.indexname)
       order by i.indexname`),
  );
}

/**
 * Runs `load` with the table's secondary indexes dropped, then builds them again with a large
 * maintenance_work_mem and parallel workers. The definitions are read from the database, so the
 * indexes come back exactly as the migrations made them.
 */
async function withIndexesBuiltAfter(db: Db, tables: string[], load: () => Promise<void>) {
  const indexes = (await Promise.all(tables.map((table) => secondaryIndexes(db, table)))).flat();
  for (const index of indexes) await db.execute(sql.raw(`drop index "${index.name}"`));
  await load();
  await db.transaction(async (tx) => {
    await tx.execute(sql`set local maintenance_work_mem = '1GB'`);
    await tx.execute(sql`set local max_parallel_maintenance_workers = 2`);
    for (const index of indexes) await tx.execute(sql.raw(index.definition));
  });
}

/**
 * Generates `total` members in one INSERT … SELECT over generate_series (no row-by-row round
 * trips): names from surname + two given characters with their pinyin, initials and grams, unique
 * phones, a card each, spread over the given stores. The three characters are drawn independently
 * (a hash of the member's number each), so that every surname-and-given and given-and-given pair
 * occurs about equally often, as in a real member base (a function of the number modulo the list
 * length would give only as many distinct names as the list has characters). The members' and
 * cards' secondary indexes are built after the rows are in: 10 million members in minutes.
 */
export async function generateMembers(db: Db, total: number, storeIds: string[]) {
  await withIndexesBuiltAfter(db, ["members", "member_cards"], () => insertMembers(db, total, storeIds));
  // A steady-state table: vacuumed (visibility map set) and analysed, so that autovacuum does not
  // start in the middle of a measurement.
  await db.execute(sql`vacuum analyze members`);
  await db.execute(sql`vacuum analyze member_cards`);
}

async function insertMembers(db: Db, total: number, storeIds: string[]) {
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
           lateral (select 1 + abs(hashint8extended(g, 1) % ${SURNAMES.length})::int as si,
                           1 + abs(hashint8extended(g, 2) % ${GIVEN.length})::int as ai,
                           1 + abs(hashint8extended(g, 3) % ${GIVEN.length})::int as bi) as pick,
           lateral (select (${arr(SURNAMES)})[si] as s, (${arr(surnamePinyin)})[si] as sp,
                           (${arr(GIVEN)})[ai] as a, (${arr(givenPinyin)})[ai] as ap,
                           (${arr(GIVEN)})[bi] as b, (${arr(givenPinyin)})[bi] as bp) as names
  `);
  await db.execute(
    sql`insert into member_cards (card_no, member_id, source) select 'BM' || lpad(row_number() over (order by id)::text, 9, '0'), id, 'bench' from members`,
  );
}
