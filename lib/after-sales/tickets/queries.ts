import { and, asc, count, desc, eq, ilike, inArray, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { z } from "zod";
import type { Db } from "@/db/client";
import {
  afterSalesPhotos,
  jewelryItems,
  members,
  serviceTicketEvents,
  serviceTickets,
  staff,
  stores,
} from "@/db/schema";
import { storeFilter, storeScopeOf, type StaffPrincipal } from "@/lib/auth/policy";
import { listParams, listText } from "@/lib/list-params";
import { maskName, maskPhone } from "@/lib/members/masking";
import { membersInScope } from "@/lib/members/scope";
import { memberSearchParts } from "@/lib/members/search/queries";
import { escapeLike } from "@/lib/sql-like";
import { todayIn } from "@/lib/time";
import {
  SERVICE_TYPES,
  TICKET_QUEUE_TABS,
  TICKET_REFERENCE_PREFIX,
  TICKET_SORTS,
  type JewelryCategory,
  type ServiceType,
  type TicketQueueTab,
} from "./schemas";
import { OPEN_STATUSES, type ServiceTicketStatus } from "./transitions";

/**
 * Reads of service tickets (docs/domain.md#jewelry-after-sales): the
 * queue, one ticket's page and a member's open tickets for other domains (the visit preparation,
 * the complaint's 360° summary). Store scope is in every WHERE: another store's ticket is not
 * found. Members are masked. The claim code and the tracking token's hash never leave these
 * queries: the page has no use for them.
 */

// ── The queue ─────────────────────────────────────────────────────────────────────────────────

export const ticketListParamsSchema = z.object({
  status: z.enum(TICKET_QUEUE_TABS).default("open").catch("open"),
  store: z.uuid().optional().catch(undefined),
  type: z.enum(SERVICE_TYPES).optional().catch(undefined),
  /** A reference (or its start, SV-2026…) or a member: phone, last 4 digits, card, name. */
  q: listText(40),
  sort: z.enum(TICKET_SORTS).default("promised").catch("promised"),
  ...listParams({ dir: "asc", maxPage: 1000 }),
});
export type TicketListParams = z.output<typeof ticketListParamsSchema>;

export type TicketListRow = {
  id: string;
  reference: string;
  status: ServiceTicketStatus;
  serviceType: ServiceType;
  itemName: string;
  category: JewelryCategory;
  memberName: string;
  storeId: string;
  storeName: string;
  storeNameEn: string | null;
  timeZone: string;
  /** The promised ready date, store-local. */
  promisedOn: string;
  overdue: boolean;
  claimLocked: boolean;
  chargeFen: number;
  createdAt: Date;
};

const isOpenSql = inArray(serviceTickets.status, [...OPEN_STATUSES]);

/**
 * Overdue: still open and promised for a day before today in the ticket's store's time zone (each
 * store's own today, so a ticket becomes overdue at that store's midnight).
 */
export function overdueSql(now: Date): SQL {
  return and(
    isOpenSql,
    sql`${serviceTickets.promisedOn} < (${now.toISOString()}::timestamptz at time zone ${stores.timeZone})::date`,
  )!;
}

/**
 * The search box: a reference prefix (SV-…), else a member as the member search reads the entry
 * (phone, last 4, card, name), or the whole reference. References are compared without case.
 */
function searchSql(q: string): SQL {
  if (TICKET_REFERENCE_PREFIX.test(q)) return ilike(serviceTickets.reference, `${escapeLike(q)}%`);
  const byReference = ilike(serviceTickets.reference, escapeLike(q));
  const parts = memberSearchParts(q);
  if (parts.length === 0) return byReference;
  const matches = sql.join(
    parts.map((part) => sql`(${part})`),
    sql` or `,
  );
  return or(byReference, sql`${serviceTickets.memberId} in (select "members"."id" from members where ${matches})`)!;
}

/** The conditions every queue read shares: scope, the store filter, the type and the search. */
function baseConditions(me: StaffPrincipal, params: TicketListParams): SQL[] {
  const conditions: SQL[] = [storeFilter(serviceTickets.storeId, storeScopeOf(me))];
  if (params.store) conditions.push(eq(serviceTickets.storeId, params.store));
  if (params.type) conditions.push(eq(serviceTickets.serviceType, params.type));
  if (params.q) conditions.push(searchSql(params.q));
  return conditions;
}

function tabSql(tab: TicketQueueTab, now: Date): SQL | undefined {
  if (tab === "all") return undefined;
  if (tab === "open") return isOpenSql;
  if (tab === "overdue") return overdueSql(now);
  return eq(serviceTickets.status, tab);
}

export async function listTickets(
  db: Db,
  me: StaffPrincipal,
  params: TicketListParams,
  now: Date = new Date(),
): Promise<{ rows: TicketListRow[]; total: number }> {
  const where = and(...baseConditions(me, params), tabSql(params.status, now));
  const direction = params.dir === "desc" ? desc : asc;
  const order =
    params.sort === "created"
      ? direction(serviceTickets.createdAt)
      : params.sort === "reference"
        ? direction(serviceTickets.reference)
        : direction(serviceTickets.promisedOn);
  const [rows, [total]] = await Promise.all([
    db
      .select({
        id: serviceTickets.id,
        reference: serviceTickets.reference,
        status: serviceTickets.status,
        serviceType: serviceTickets.serviceType,
        itemName: jewelryItems.name,
        category: jewelryItems.category,
        memberName: members.name,
        memberErasedAt: members.erasedAt,
        storeId: serviceTickets.storeId,
        storeName: stores.name,
        storeNameEn: stores.nameEn,
        timeZone: stores.timeZone,
        promisedOn: serviceTickets.promisedOn,
        overdue: sql<boolean>`${overdueSql(now)}`,
        claimLockedAt: serviceTickets.claimLockedAt,
        chargeFen: serviceTickets.chargeFen,
        createdAt: serviceTickets.createdAt,
      })
      .from(serviceTickets)
      .innerJoin(stores, eq(stores.id, serviceTickets.storeId))
      .innerJoin(jewelryItems, eq(jewelryItems.id, serviceTickets.itemId))
      .innerJoin(members, eq(members.id, serviceTickets.memberId))
      .where(where)
      .orderBy(order, asc(serviceTickets.createdAt), asc(serviceTickets.id))
      .limit(params.pageSize)
      .offset((params.page - 1) * params.pageSize),
    db
      .select({ value: count() })
      .from(serviceTickets)
      .innerJoin(stores, eq(stores.id, serviceTickets.storeId))
      .where(where),
  ]);
  return {
    rows: rows.map(({ memberName, memberErasedAt, claimLockedAt, overdue, ...row }) => ({
      ...row,
      memberName: memberErasedAt ? "" : maskName(memberName),
      overdue: Boolean(overdue),
      claimLocked: claimLockedAt !== null,
      chargeFen: Number(row.chargeFen),
    })),
    total: total?.value ?? 0,
  };
}

export type TicketQueueCounts = Record<TicketQueueTab, number>;

/** How many tickets each tab holds under the same store, type and search filters (one grouped query). */
export async function ticketQueueCounts(
  db: Db,
  me: StaffPrincipal,
  params: TicketListParams,
  now: Date = new Date(),
): Promise<TicketQueueCounts> {
  const rows = await db
    .select({
      status: serviceTickets.status,
      n: count(),
      overdue: sql<number>`(count(*) filter (where ${overdueSql(now)}))::int`,
    })
    .from(serviceTickets)
    .innerJoin(stores, eq(stores.id, serviceTickets.storeId))
    .where(and(...baseConditions(me, params)))
    .groupBy(serviceTickets.status);
  const counts = Object.fromEntries(TICKET_QUEUE_TABS.map((tab) => [tab, 0])) as TicketQueueCounts;
  for (const row of rows) {
    counts[row.status] = Number(row.n);
    counts.all += Number(row.n);
    counts.overdue += Number(row.overdue);
    if (OPEN_STATUSES.includes(row.status)) counts.open += Number(row.n);
  }
  return counts;
}

// ── One ticket ────────────────────────────────────────────────────────────────────────────────

export type TicketEventRow = {
  id: number;
  kind: (typeof serviceTicketEvents.$inferSelect)["kind"];
  fromStatus: ServiceTicketStatus | null;
  toStatus: ServiceTicketStatus | null;
  note: string | null;
  staffName: string | null;
  at: Date;
};

export type TicketPhoto = {
  id: string;
  itemId: string;
  stage: (typeof afterSalesPhotos.$inferSelect)["stage"];
  width: number;
  height: number;
  createdAt: Date;
};

/** The ticket's columns a page may show: everything but the claim code and the tracking token's hash. */
const TICKET_COLUMNS = {
  id: serviceTickets.id,
  reference: serviceTickets.reference,
  storeId: serviceTickets.storeId,
  memberId: serviceTickets.memberId,
  itemId: serviceTickets.itemId,
  serviceType: serviceTickets.serviceType,
  status: serviceTickets.status,
  weightInCg: serviceTickets.weightInCg,
  stoneCountIn: serviceTickets.stoneCountIn,
  conditionNotes: serviceTickets.conditionNotes,
  declaredValueFen: serviceTickets.declaredValueFen,
  priceBasis: serviceTickets.priceBasis,
  listPriceFen: serviceTickets.listPriceFen,
  chargeFen: serviceTickets.chargeFen,
  estimatedFeeFen: serviceTickets.estimatedFeeFen,
  promisedOn: serviceTickets.promisedOn,
  claimFailures: serviceTickets.claimFailures,
  claimLockedAt: serviceTickets.claimLockedAt,
  readyAt: serviceTickets.readyAt,
  readyNotifiedAt: serviceTickets.readyNotifiedAt,
  weightOutCg: serviceTickets.weightOutCg,
  stoneCountOut: serviceTickets.stoneCountOut,
  weightNote: serviceTickets.weightNote,
  weightAcknowledged: serviceTickets.weightAcknowledged,
  pickedUpAt: serviceTickets.pickedUpAt,
  closedAt: serviceTickets.closedAt,
  cancelledAt: serviceTickets.cancelledAt,
  cancelReason: serviceTickets.cancelReason,
  isDefectClaim: serviceTickets.isDefectClaim,
  defectOutcome: serviceTickets.defectOutcome,
  createdAt: serviceTickets.createdAt,
  updatedAt: serviceTickets.updatedAt,
};

export type TicketDetail = NonNullable<Awaited<ReturnType<typeof getTicketDetail>>>;

/** A ticket's page: the ticket, its piece, store, member (masked), photos and custody trail; null when out of scope. */
export async function getTicketDetail(db: Db, me: StaffPrincipal, ticketId: string, now: Date = new Date()) {
  if (!z.uuid().safeParse(ticketId).success) return null;
  const creator = alias(staff, "creator");
  const pickedUpBy = alias(staff, "picked_up_by");
  const [row] = await db
    .select({
      ticket: TICKET_COLUMNS,
      overdue: sql<boolean>`${overdueSql(now)}`,
      item: {
        id: jewelryItems.id,
        name: jewelryItems.name,
        category: jewelryItems.category,
        material: jewelryItems.material,
        weightCg: jewelryItems.weightCg,
        stoneCount: jewelryItems.stoneCount,
        stones: jewelryItems.stones,
        certificateNo: jewelryItems.certificateNo,
        size: jewelryItems.size,
      },
      store: { id: stores.id, name: stores.name, nameEn: stores.nameEn, timeZone: stores.timeZone },
      member: {
        id: members.id,
        name: members.name,
        phone: members.phoneE164,
        tier: members.tier,
        erasedAt: members.erasedAt,
        inScope: sql<boolean>`${membersInScope(me)}`,
      },
      createdByName: creator.displayName,
      pickedUpByName: pickedUpBy.displayName,
    })
    .from(serviceTickets)
    .innerJoin(stores, eq(stores.id, serviceTickets.storeId))
    .innerJoin(jewelryItems, eq(jewelryItems.id, serviceTickets.itemId))
    .innerJoin(members, eq(members.id, serviceTickets.memberId))
    .leftJoin(creator, eq(creator.id, serviceTickets.createdBy))
    .leftJoin(pickedUpBy, eq(pickedUpBy.id, serviceTickets.pickedUpBy))
    .where(and(eq(serviceTickets.id, ticketId), storeFilter(serviceTickets.storeId, storeScopeOf(me))));
  if (!row) return null;
  const actor = alias(staff, "actor");
  const [events, photos] = await Promise.all([
    db
      .select({
        id: serviceTicketEvents.id,
        kind: serviceTicketEvents.kind,
        fromStatus: serviceTicketEvents.fromStatus,
        toStatus: serviceTicketEvents.toStatus,
        note: serviceTicketEvents.note,
        staffName: actor.displayName,
        at: serviceTicketEvents.at,
      })
      .from(serviceTicketEvents)
      .leftJoin(actor, eq(actor.id, serviceTicketEvents.staffId))
      .where(eq(serviceTicketEvents.ticketId, ticketId))
      .orderBy(desc(serviceTicketEvents.at), desc(serviceTicketEvents.id)),
    // Metadata only: the bytes are served by /after-sales/items/<item>/photos/<id> (lib/after-sales/photos).
    db
      .select({
        id: afterSalesPhotos.id,
        itemId: afterSalesPhotos.itemId,
        stage: afterSalesPhotos.stage,
        width: afterSalesPhotos.width,
        height: afterSalesPhotos.height,
        createdAt: afterSalesPhotos.createdAt,
      })
      .from(afterSalesPhotos)
      .where(
        or(
          eq(afterSalesPhotos.ticketId, ticketId),
          and(eq(afterSalesPhotos.itemId, row.item.id), eq(afterSalesPhotos.stage, "passport")),
        ),
      )
      .orderBy(asc(afterSalesPhotos.createdAt), asc(afterSalesPhotos.id)),
  ]);
  const { member } = row;
  const erased = member.erasedAt !== null;
  return {
    ticket: {
      ...row.ticket,
      declaredValueFen: Number(row.ticket.declaredValueFen),
      listPriceFen: Number(row.ticket.listPriceFen),
      chargeFen: Number(row.ticket.chargeFen),
      estimatedFeeFen: Number(row.ticket.estimatedFeeFen),
    },
    overdue: Boolean(row.overdue),
    /** Today in the ticket's store (the page counts days to the promised date from it). */
    today: todayIn(row.store.timeZone, now),
    item: row.item,
    store: row.store,
    member: {
      id: member.id,
      maskedName: erased ? "" : maskName(member.name),
      maskedPhone: erased ? "" : maskPhone(member.phone),
      tier: member.tier,
      erased,
      /** The member's home store is one of the viewer's: the 360° page opens for them. */
      inScope: Boolean(member.inScope),
    },
    createdByName: row.createdByName,
    pickedUpByName: row.pickedUpByName,
    events: events as TicketEventRow[],
    photos: photos as TicketPhoto[],
  };
}

// ── A member's open tickets, for other domains ────────────────────────────────────────────────

export type MemberOpenTicket = {
  id: string;
  reference: string;
  serviceType: ServiceType;
  status: ServiceTicketStatus;
  itemName: string;
  category: JewelryCategory;
  promisedOn: string;
  overdue: boolean;
  store: { id: string; name: string; nameEn: string | null };
};

/** The member's open tickets in the viewer's stores, soonest promised first (at most `limit`). */
export async function openTicketsForMember(
  db: Db,
  viewer: StaffPrincipal,
  memberId: string,
  options: { limit?: number; now?: Date } = {},
): Promise<MemberOpenTicket[]> {
  if (!z.uuid().safeParse(memberId).success) return [];
  const rows = await db
    .select({
      id: serviceTickets.id,
      reference: serviceTickets.reference,
      serviceType: serviceTickets.serviceType,
      status: serviceTickets.status,
      itemName: jewelryItems.name,
      category: jewelryItems.category,
      promisedOn: serviceTickets.promisedOn,
      overdue: sql<boolean>`${overdueSql(options.now ?? new Date())}`,
      store: { id: stores.id, name: stores.name, nameEn: stores.nameEn },
    })
    .from(serviceTickets)
    .innerJoin(stores, eq(stores.id, serviceTickets.storeId))
    .innerJoin(jewelryItems, eq(jewelryItems.id, serviceTickets.itemId))
    .where(
      and(eq(serviceTickets.memberId, memberId), isOpenSql, storeFilter(serviceTickets.storeId, storeScopeOf(viewer))),
    )
    .orderBy(asc(serviceTickets.promisedOn), asc(serviceTickets.reference))
    .limit(options.limit ?? 20);
  return rows.map((row) => ({ ...row, overdue: Boolean(row.overdue) }));
}
