import { and, asc, count, eq, gt, ilike, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { memberCards, members, memberTags, staff as staffTable, stores } from "@/db/schema";
import { byActor, recordAudit, type Actor } from "@/lib/audit/service";
import { authorize, type StaffPrincipal } from "@/lib/auth/policy";
import { csvRows, spreadsheetText, UTF8_BOM } from "@/lib/csv";
import { escapeLike } from "@/lib/sql-like";
import { DEFAULT_TIME_ZONE, formatIn } from "@/lib/time";
import { normalizeCardNo } from "../card-number";
import { membersInScope } from "../scope";
import { exportParamsSchema, type ExportColumn, type ExportParams } from "./schemas";

const BATCH_SIZE = 1000;

/**
 * The outer member's id, always qualified: drizzle renders columns unqualified in single-table
 * selects (the count), where a subquery would otherwise bind the name to its own table.
 */
const OUTER_MEMBER_ID = sql`"members"."id"`;

/**
 * The list's filters, in the query: store scope (merged-away members excluded), erased members
 * left out (nothing personal is left to export), then store, tier, stage, advisor, tag and a simple
 * name or card-number match. The list's own search (pinyin, phone) belongs to the list's queries.
 */
function exportWhere(staff: StaffPrincipal, params: ExportParams): SQL {
  const conditions: (SQL | undefined)[] = [membersInScope(staff), sql`${members.erasedAt} is null`];
  if (params.store) conditions.push(eq(members.homeStoreId, params.store));
  if (params.tier) conditions.push(eq(members.tier, params.tier));
  if (params.stage) conditions.push(eq(members.lifecycleStage, params.stage));
  if (params.advisor) conditions.push(eq(members.advisorId, params.advisor));
  if (params.tag) {
    conditions.push(
      sql`exists (select 1 from ${memberTags} mt where mt.member_id = ${OUTER_MEMBER_ID} and mt.tag = ${params.tag})`,
    );
  }
  if (params.q) {
    const text = params.q.normalize("NFKC").trim();
    conditions.push(
      or(
        ilike(members.name, `%${escapeLike(text)}%`),
        sql`exists (select 1 from ${memberCards} mc where mc.member_id = ${OUTER_MEMBER_ID} and mc.card_no = ${normalizeCardNo(text)})`,
      ),
    );
  }
  return and(...conditions)!;
}

type ExportRow = {
  id: string;
  name: string;
  gender: string;
  birthday: string | null;
  phoneE164: string | null;
  email: string | null;
  address: string | null;
  cards: string | null;
  storeCode: string | null;
  tier: string;
  lifecycleStage: string;
  rfmSegment: string | null;
  advisor: string | null;
  tags: string | null;
  registrationChannel: string;
  registeredAt: Date;
};

const VALUE_OF: Record<ExportColumn, (row: ExportRow) => string> = {
  memberId: (r) => r.id,
  name: (r) => spreadsheetText(r.name),
  gender: (r) => r.gender,
  birthday: (r) => r.birthday ?? "",
  // National number: what staff dial and what other systems import.
  phone: (r) => r.phoneE164?.replace(/^\+86/, "") ?? "",
  email: (r) => spreadsheetText(r.email),
  address: (r) => spreadsheetText(r.address),
  cards: (r) => spreadsheetText(r.cards),
  homeStore: (r) => spreadsheetText(r.storeCode),
  tier: (r) => r.tier,
  lifecycleStage: (r) => r.lifecycleStage,
  rfmSegment: (r) => r.rfmSegment ?? "",
  advisor: (r) => spreadsheetText(r.advisor),
  tags: (r) => spreadsheetText(r.tags),
  registrationChannel: (r) => r.registrationChannel,
  // Head-office local time, as the portal shows it.
  registeredAt: (r) => formatIn(r.registeredAt, "yyyy-MM-dd HH:mm:ss", DEFAULT_TIME_ZONE),
};

/** One batch of rows after `afterId` (keyset paging: constant cost per batch however large the export). */
async function exportBatch(
  db: Db,
  where: SQL,
  columns: readonly ExportColumn[],
  afterId: string | null,
): Promise<ExportRow[]> {
  const wants = new Set(columns);
  // Only the chosen columns are read; the rest stay in the database.
  const cardsAgg = sql<
    string | null
  >`(select string_agg(mc.card_no, ' ' order by mc.card_no) from ${memberCards} mc where mc.member_id = ${OUTER_MEMBER_ID})`;
  const tagsAgg = sql<
    string | null
  >`(select string_agg(mt.tag, ' ' order by mt.tag) from ${memberTags} mt where mt.member_id = ${OUTER_MEMBER_ID})`;
  const nothing = sql<null>`null`;
  return db
    .select({
      id: members.id,
      name: wants.has("name") ? members.name : sql<string>`''`,
      gender: members.gender,
      birthday: wants.has("birthday") ? members.birthday : nothing,
      phoneE164: wants.has("phone") ? members.phoneE164 : nothing,
      email: wants.has("email") ? members.email : nothing,
      address: wants.has("address") ? members.address : nothing,
      cards: wants.has("cards") ? cardsAgg : nothing,
      storeCode: stores.code,
      tier: members.tier,
      lifecycleStage: members.lifecycleStage,
      rfmSegment: members.rfmSegment,
      advisor: wants.has("advisor") ? staffTable.displayName : nothing,
      tags: wants.has("tags") ? tagsAgg : nothing,
      registrationChannel: members.registrationChannel,
      registeredAt: members.registeredAt,
    })
    .from(members)
    .leftJoin(stores, eq(stores.id, members.homeStoreId))
    .leftJoin(staffTable, eq(staffTable.id, members.advisorId))
    .where(afterId ? and(where, gt(members.id, afterId)) : where)
    .orderBy(asc(members.id))
    .limit(BATCH_SIZE) as Promise<ExportRow[]>;
}

export type MemberExport = {
  rowCount: number;
  columns: ExportColumn[];
  filename: string;
  /** The file: BOM and header first, then rows batch by batch. */
  chunks: () => AsyncGenerator<string>;
};

/**
 * A CSV export of the members matching the list filters in the staff member's stores, with only the
 * chosen columns, unmasked (that is what it is for): manager only (`members.export`). The audit
 * entry `member.export` (filters, columns, row count; no personal data) is written before any row
 * leaves, so that a download cut short is audited too. `headers` are the column titles (localised).
 */
export async function prepareMemberExport(
  db: Db,
  staff: StaffPrincipal,
  actor: Actor,
  rawParams: unknown,
  headers: Partial<Record<ExportColumn, string>> = {},
): Promise<MemberExport> {
  authorize(staff, "members.export");
  const params = exportParamsSchema.parse(rawParams);
  const where = exportWhere(staff, params);
  const [counted] = await db.select({ value: count() }).from(members).where(where);
  const rowCount = counted?.value ?? 0;
  const { columns, ...filters } = params;
  const activeFilters = Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined));
  await recordAudit(db, {
    action: "member.export",
    ...byActor(actor),
    entityType: "member",
    // A filter on one store is recorded at that store, so that its managers see the export.
    storeId: params.store ?? null,
    // The name/card search text can itself be personal data: only whether one was used is kept.
    details: { filters: { ...activeFilters, ...(params.q ? { q: true } : {}) }, columns, rowCount },
  });

  const stamp = formatIn(new Date(), "yyyyMMdd-HHmm", DEFAULT_TIME_ZONE);
  return {
    rowCount,
    columns,
    filename: `members-${stamp}.csv`,
    chunks: async function* () {
      yield UTF8_BOM + csvRows([columns.map((c) => headers[c] ?? c)]);
      let afterId: string | null = null;
      for (;;) {
        const rows = await exportBatch(db, where, columns, afterId);
        if (rows.length === 0) return;
        yield csvRows(rows.map((row) => columns.map((c) => VALUE_OF[c](row))));
        if (rows.length < BATCH_SIZE) return;
        afterId = rows[rows.length - 1]!.id;
      }
    },
  };
}
