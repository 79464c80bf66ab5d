import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { byActor, recordAudit, type Actor } from "@/lib/audit/service";
import { nameSearchKeys } from "../search/keys";
import type { ImportReport, PlannedMember } from "./analyze";

/** Members per transaction: big enough to amortise round trips, small enough to keep locks and memory modest. */
export const IMPORT_CHUNK_MEMBERS = 2_000;
const LOOKUP_CHUNK = 10_000;

/** How many of the file's members already exist in the database (same normalised phone). */
export async function countExistingMembers(db: Db, phones: string[]): Promise<number> {
  let matched = 0;
  for (let i = 0; i < phones.length; i += LOOKUP_CHUNK) {
    const slice = JSON.stringify(phones.slice(i, i + LOOKUP_CHUNK));
    const [row] = rowsOf<{ n: number }>(
      await db.execute(
        sql`select count(*)::int as n from members where phone_e164 in (select jsonb_array_elements_text(${slice}::jsonb))`,
      ),
    );
    matched += Number(row?.n ?? 0);
  }
  return matched;
}

export type DryRunReport = ImportReport & { existing_members_matched: number; new_members: number };

/** The in-file report plus how many of its members the database already holds. */
export async function withDatabaseMatches(
  db: Db,
  report: ImportReport,
  members: PlannedMember[],
): Promise<DryRunReport> {
  const existing = await countExistingMembers(
    db,
    members.map((m) => m.phoneE164),
  );
  return { ...report, existing_members_matched: existing, new_members: members.length - existing };
}

export type StoreResolution = {
  /** The store chosen for the import: home store of every new member without a known store code. */
  defaultStoreId: string;
  /** Store codes a "store" column may name (only stores the importing staff member may act on). */
  storeIdByCode: Map<string, string>;
};

export type ChunkResult = {
  membersCreated: number;
  membersMatched: number;
  cardsAdded: number;
  cardsSkipped: number;
  notesAdded: number;
  rows: number;
};

export const emptyChunkResult = (): ChunkResult => ({
  membersCreated: 0,
  membersMatched: 0,
  cardsAdded: 0,
  cardsSkipped: 0,
  notesAdded: 0,
  rows: 0,
});

export function addChunkResults(a: ChunkResult, b: ChunkResult): ChunkResult {
  return {
    membersCreated: a.membersCreated + b.membersCreated,
    membersMatched: a.membersMatched + b.membersMatched,
    cardsAdded: a.cardsAdded + b.cardsAdded,
    cardsSkipped: a.cardsSkipped + b.cardsSkipped,
    notesAdded: a.notesAdded + b.notesAdded,
    rows: a.rows + b.rows,
  };
}

/**
 * Writes one chunk of planned members in three set-based statements (members upsert, cards, notes),
 * whatever the chunk's size. Call it inside a transaction. A phone already in the database matches
 * that member (gaps in birthday, e-mail and gender are filled, nothing else changes); card numbers
 * already on file are left where they are. Safe to repeat: a second run adds nothing.
 */
export async function commitMemberChunk(
  db: Db,
  members: PlannedMember[],
  stores: StoreResolution,
  authorStaffId: string | null,
): Promise<ChunkResult> {
  const result = emptyChunkResult();
  if (members.length === 0) return result;
  const input = members.map((m, ord) => ({
    ord,
    phone: m.phoneE164,
    last4: m.phoneLast4,
    name: m.name,
    ...nameSearchKeys(m.name),
    gender: m.gender,
    birthday: m.birthday,
    email: m.email,
    store_id: (m.storeCode && stores.storeIdByCode.get(m.storeCode)) || stores.defaultStoreId,
    registered_on: m.registeredOn,
  }));
  const upserted = rowsOf<{ phone: string; member_id: string; inserted: boolean }>(
    await db.execute(sql`
      with input as (
        select * from jsonb_to_recordset(${JSON.stringify(input)}::jsonb) as r(
          ord int, phone text, last4 text, name text, "namePinyin" text, "nameInitials" text, "nameGrams" text[],
          gender member_gender, birthday date, email text, store_id uuid, registered_on date)
      )
      insert into members as m (home_store_id, name, name_pinyin, name_initials, name_grams, gender, birthday,
        phone_e164, phone_last4, email, registration_channel, registered_at)
      select i.store_id, i.name, i."namePinyin", i."nameInitials", i."nameGrams", i.gender, i.birthday,
        i.phone, i.last4, i.email, 'import',
        -- a legacy card's opening day, at midnight in the home store's time zone
        coalesce(i.registered_on::timestamp at time zone s.time_zone, now())
      from input i join stores s on s.id = i.store_id
      order by i.ord
      on conflict (phone_e164) do update set
        birthday = coalesce(m.birthday, excluded.birthday),
        email = coalesce(m.email, excluded.email),
        gender = case when m.gender = 'unknown' then excluded.gender else m.gender end
      returning m.phone_e164 as phone, coalesce(m.merged_into_id, m.id) as member_id, (m.xmax = 0) as inserted`),
  );
  const memberIdByPhone = new Map(upserted.map((r) => [r.phone, r.member_id]));
  const created = new Set(
    upserted.filter((r) => r.inserted === true || (r.inserted as unknown) === "t").map((r) => r.phone),
  );
  result.membersCreated = created.size;
  result.membersMatched = upserted.length - created.size;

  const cards: { card_no: string; member_id: string }[] = [];
  const notes: { member_id: string; body: string }[] = [];
  for (const m of members) {
    const memberId = memberIdByPhone.get(m.phoneE164);
    if (!memberId) continue;
    result.rows += m.lines.length;
    for (const cardNo of m.cardNos) cards.push({ card_no: cardNo, member_id: memberId });
    // Notes only for members this import created: re-running the import must not repeat them.
    if (created.has(m.phoneE164)) for (const body of m.notes) notes.push({ member_id: memberId, body });
  }
  if (cards.length > 0) {
    const [row] = rowsOf<{ n: number }>(
      await db.execute(sql`
        with inserted as (
          insert into member_cards (card_no, member_id, source)
          select c.card_no, c.member_id, 'import'
          from jsonb_to_recordset(${JSON.stringify(cards)}::jsonb) as c(card_no text, member_id uuid)
          on conflict (card_no) do nothing
          returning 1)
        select count(*)::int as n from inserted`),
    );
    result.cardsAdded = Number(row?.n ?? 0);
    result.cardsSkipped = cards.length - result.cardsAdded;
  }
  if (notes.length > 0) {
    await db.execute(sql`
      insert into member_notes (member_id, author_staff_id, body)
      select n.member_id, ${authorStaffId}::uuid, n.body
      from jsonb_to_recordset(${JSON.stringify(notes)}::jsonb) as n(member_id uuid, body text)`);
    result.notesAdded = notes.length;
  }
  return result;
}

export type ImportActor = Actor | { label: string };

/** The one audit entry of a committed import: counts only, no personal data. */
export async function recordImportAudit(
  db: Db,
  actor: ImportActor,
  details: {
    storeId: string;
    fileRows: number;
    invalidRows: number;
    duplicateRows: number;
    birthdayWarnings: number;
    encoding: string;
  } & ChunkResult,
): Promise<void> {
  await recordAudit(db, {
    action: "member.import",
    ...("staffId" in actor ? byActor(actor) : { actorLabel: actor.label }),
    entityType: "store",
    entityId: details.storeId,
    storeId: details.storeId,
    details,
  });
}

export type CommitOptions = {
  actor: ImportActor;
  stores: StoreResolution;
  report: ImportReport;
  encoding: string;
  chunkSize?: number;
  onProgress?: (progress: { rowsDone: number; rowsTotal: number }) => void;
};

/**
 * Commits a planned import: one transaction per chunk of members (all rows of one phone stay in
 * one chunk), then the audit entry. Used by the command line; the UI drives the same chunks one
 * server action at a time so that it can show progress.
 */
export async function commitImport(db: Db, members: PlannedMember[], options: CommitOptions): Promise<ChunkResult> {
  const chunkSize = options.chunkSize ?? IMPORT_CHUNK_MEMBERS;
  const rowsTotal = options.report.rows;
  let total = emptyChunkResult();
  const authorStaffId = "staffId" in options.actor ? options.actor.staffId : null;
  // Rejected rows are "done" from the start: progress counts file rows.
  const rowsSkipped = options.report.invalid_rows;
  options.onProgress?.({ rowsDone: rowsSkipped, rowsTotal });
  for (let i = 0; i < members.length; i += chunkSize) {
    const chunk = members.slice(i, i + chunkSize);
    const result = await db.transaction((tx) => commitMemberChunk(tx, chunk, options.stores, authorStaffId));
    total = addChunkResults(total, result);
    options.onProgress?.({ rowsDone: rowsSkipped + total.rows, rowsTotal });
  }
  await recordImportAudit(db, options.actor, {
    storeId: options.stores.defaultStoreId,
    fileRows: options.report.rows,
    invalidRows: options.report.invalid_rows,
    duplicateRows: options.report.duplicate_rows,
    birthdayWarnings: options.report.birthday_warnings,
    encoding: options.encoding,
    ...total,
  });
  return total;
}
