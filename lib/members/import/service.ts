import { sql, type SQL } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { byActor, recordAudit, type Actor } from "@/lib/audit/service";
import type { StoreScope } from "@/lib/auth/policy";
import { nameSearchKeys } from "../search/keys";
import type { ConflictReason, ImportReport, PlannedMember } from "./analyze";

/** Members per transaction: big enough to amortise round trips, small enough to keep locks and memory modest. */
export const IMPORT_CHUNK_MEMBERS = 2_000;
const LOOKUP_CHUNK = 10_000;

/**
 * Whether the member row `m` (raw SQL alias) may be matched by an import in `scope`: its home store
 * is in scope, and so is the survivor's when it was merged away (the survivor is what gets the cards).
 */
function matchableSql(scope: StoreScope): SQL {
  if (scope.kind === "all") return sql`true`;
  const ids = sql`(select (jsonb_array_elements_text(${JSON.stringify(scope.storeIds)}::jsonb))::uuid)`;
  return sql`(m.home_store_id in ${ids} and (m.merged_into_id is null or exists (
    select 1 from members s where s.id = m.merged_into_id and s.home_store_id in ${ids})))`;
}

/**
 * The file's phones already in the database: how many belong to members the import may match, and
 * which are held outside the importer's stores (conflicts, of which nothing else is read).
 */
export async function matchExistingMembers(
  db: Db,
  phones: string[],
  scope: StoreScope,
): Promise<{ matched: number; unavailable: Set<string> }> {
  let matched = 0;
  const unavailable = new Set<string>();
  for (let i = 0; i < phones.length; i += LOOKUP_CHUNK) {
    const slice = JSON.stringify(phones.slice(i, i + LOOKUP_CHUNK));
    const rows = rowsOf<{ phone: string; matchable: boolean | string }>(
      await db.execute(sql`
        select m.phone_e164 as phone, ${matchableSql(scope)} as matchable from members m
        where m.phone_e164 in (select jsonb_array_elements_text(${slice}::jsonb))`),
    );
    for (const row of rows) {
      if (row.matchable === true || row.matchable === "t") matched++;
      else unavailable.add(row.phone);
    }
  }
  return { matched, unavailable };
}

export type ImportConflict = { row: number; why: ConflictReason };

export type DryRunReport = ImportReport & {
  /** Members of the importer's stores the file matches (same phone). */
  existing_members_matched: number;
  new_members: number;
  /** Rows whose phone is held outside the importer's stores: not imported, that member not shown. */
  conflict_rows: number;
  conflicts: ImportConflict[];
};

function conflictsOf(members: PlannedMember[], phones: ReadonlySet<string>): ImportConflict[] {
  return members
    .filter((m) => phones.has(m.phoneE164))
    .flatMap((m) => m.lines.map((row) => ({ row, why: "phone_unavailable" as const })))
    .sort((a, b) => a.row - b.row);
}

/**
 * The in-file report plus the database: how many of its members the importer's stores already hold,
 * and the rows whose phone belongs to a member elsewhere (docs/domain.md#import).
 */
export async function withDatabaseMatches(
  db: Db,
  report: ImportReport,
  members: PlannedMember[],
  scope: StoreScope,
): Promise<DryRunReport> {
  const { matched, unavailable } = await matchExistingMembers(
    db,
    members.map((m) => m.phoneE164),
    scope,
  );
  const conflicts = conflictsOf(members, unavailable);
  return {
    ...report,
    existing_members_matched: matched,
    new_members: members.length - matched - unavailable.size,
    conflict_rows: conflicts.length,
    conflicts,
  };
}

export type StoreResolution = {
  /** The store chosen for the import: home store of every new member without a known store code. */
  defaultStoreId: string;
  /** Store codes a "store" column may name (only stores the importing staff member may act on). */
  storeIdByCode: Map<string, string>;
  /** The importer's stores: only their members may be matched and updated. */
  scope: StoreScope;
};

export type ChunkResult = {
  membersCreated: number;
  membersMatched: number;
  cardsAdded: number;
  cardsSkipped: number;
  notesAdded: number;
  rows: number;
  /** Members (and their rows) left alone because their phone is held outside the importer's stores. */
  membersConflicting: number;
  conflictRows: number;
};

export const emptyChunkResult = (): ChunkResult => ({
  membersCreated: 0,
  membersMatched: 0,
  cardsAdded: 0,
  cardsSkipped: 0,
  notesAdded: 0,
  rows: 0,
  membersConflicting: 0,
  conflictRows: 0,
});

export function addChunkResults(a: ChunkResult, b: ChunkResult): ChunkResult {
  return {
    membersCreated: a.membersCreated + b.membersCreated,
    membersMatched: a.membersMatched + b.membersMatched,
    cardsAdded: a.cardsAdded + b.cardsAdded,
    cardsSkipped: a.cardsSkipped + b.cardsSkipped,
    notesAdded: a.notesAdded + b.notesAdded,
    rows: a.rows + b.rows,
    membersConflicting: a.membersConflicting + b.membersConflicting,
    conflictRows: a.conflictRows + b.conflictRows,
  };
}

/**
 * Writes one chunk of planned members in three set-based statements (members upsert, cards, notes),
 * whatever the chunk's size. Call it inside a transaction. A phone already held by a member of the
 * importer's stores matches that member (gaps in birthday, e-mail and gender are filled, nothing
 * else changes); a phone held elsewhere is a conflict: that member is not touched and the rows are
 * returned as `conflictLines`. Card numbers already on file are left where they are. Safe to
 * repeat: a second run adds nothing.
 */
export async function commitMemberChunk(
  db: Db,
  members: PlannedMember[],
  stores: StoreResolution,
  authorStaffId: string | null,
): Promise<ChunkResult & { conflictLines: number[] }> {
  const result = { ...emptyChunkResult(), conflictLines: [] as number[] };
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
      -- Checked on the locked row, so a member registered elsewhere since the dry run is safe too;
      -- a row this refuses is neither updated nor returned.
      where ${matchableSql(stores.scope)}
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
    if (!memberId) {
      result.membersConflicting++;
      result.conflictRows += m.lines.length;
      result.conflictLines.push(...m.lines);
      continue;
    }
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
    options.onProgress?.({ rowsDone: rowsSkipped + total.rows + total.conflictRows, rowsTotal });
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
