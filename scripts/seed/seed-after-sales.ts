import { randomBytes, randomInt } from "node:crypto";
import { addHours, subDays, subHours } from "date-fns";
import { and, asc, count, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { jewelryItems, members, serviceTickets, staff, stores } from "@/db/schema";
import { pickUpTicket } from "@/lib/after-sales/pickup/service";
import { recordTicketEvent } from "@/lib/after-sales/tickets/events";
import type { JewelryCategory, ServiceType } from "@/lib/after-sales/tickets/schemas";
import { changeTicketStatus } from "@/lib/after-sales/tickets/service";
import type { ServiceTicketStatus } from "@/lib/after-sales/tickets/transitions";
import { hashTrackingToken } from "@/lib/after-sales/tracking/service";
import { formatIn, shiftDay, todayIn } from "@/lib/time";
import { loadStaffAccount } from "@/lib/staff/principal";

/**
 * The tracking link of the demo ticket in repair (a known token, so that the customer's page can
 * be shown in a demo: /track/<token>). Demo data only.
 */
export const DEMO_TRACKING_TOKEN = "atrium-demo-tracking-link-in-repair-0001";

type DemoTicket = {
  store: "SH-JA" | "SH-PD";
  /** Which demo member of that store (the n-th registered). */
  member: number;
  item: { name: string; category: JewelryCategory; material: string; weightCg: number; stones: number; note?: string };
  service: ServiceType;
  /** Received this many days ago. */
  receivedDaysAgo: number;
  /** Promised for today + this many days (negative: overdue while open). */
  promisedInDays: number;
  status: ServiceTicketStatus;
  /** At pickup: the scale's difference in hundredths of a gram (beyond 1 needs the note). */
  pickupDifferenceCg?: number;
  trackingToken?: string;
};

/** A dozen pieces across the workflow: some overdue, one ready for pickup, a few picked up. */
const DEMO_TICKETS: readonly DemoTicket[] = [
  {
    store: "SH-JA",
    member: 0,
    item: {
      name: "18K 白金钻石戒指",
      category: "ring",
      material: "18K 白金",
      weightCg: 356,
      stones: 1,
      note: "主石 0.30 克拉",
    },
    service: "stone_tightening",
    receivedDaysAgo: 1,
    promisedInDays: 5,
    status: "received",
  },
  {
    store: "SH-JA",
    member: 1,
    item: { name: "足金古法手镯", category: "bracelet", material: "足金 999", weightCg: 3120, stones: 0 },
    service: "polishing",
    receivedDaysAgo: 4,
    promisedInDays: 3,
    status: "at_workshop",
  },
  {
    store: "SH-JA",
    member: 2,
    item: { name: "铂金项链", category: "necklace", material: "Pt950", weightCg: 845, stones: 0 },
    service: "repair",
    receivedDaysAgo: 12,
    promisedInDays: -2,
    status: "in_repair",
    trackingToken: DEMO_TRACKING_TOKEN,
  },
  {
    store: "SH-JA",
    member: 3,
    item: { name: "珍珠耳坠", category: "earrings", material: "18K 黄金 / 淡水珍珠", weightCg: 412, stones: 2 },
    service: "repair",
    receivedDaysAgo: 9,
    promisedInDays: -1,
    status: "quality_check",
  },
  {
    store: "SH-JA",
    member: 4,
    item: { name: "翡翠平安扣吊坠", category: "pendant", material: "18K 黄金 / 翡翠", weightCg: 680, stones: 1 },
    service: "cleaning",
    receivedDaysAgo: 2,
    promisedInDays: 0,
    status: "ready_for_pickup",
  },
  {
    store: "SH-JA",
    member: 5,
    item: { name: "机械腕表", category: "watch", material: "精钢", weightCg: 9850, stones: 0 },
    service: "maintenance",
    receivedDaysAgo: 20,
    promisedInDays: -6,
    status: "picked_up",
    pickupDifferenceCg: 0,
  },
  {
    store: "SH-JA",
    member: 6,
    item: { name: "玫瑰金手链", category: "bracelet", material: "18K 玫瑰金", weightCg: 520, stones: 5 },
    service: "replating",
    receivedDaysAgo: 15,
    promisedInDays: -4,
    status: "picked_up",
    pickupDifferenceCg: 3,
  },
  {
    store: "SH-JA",
    member: 7,
    item: { name: "男款铂金婚戒", category: "ring", material: "Pt950", weightCg: 720, stones: 0 },
    service: "resizing",
    receivedDaysAgo: 30,
    promisedInDays: -20,
    status: "closed",
    pickupDifferenceCg: -1,
  },
  {
    store: "SH-PD",
    member: 0,
    item: { name: "红宝石戒指", category: "ring", material: "18K 黄金 / 红宝石", weightCg: 398, stones: 3 },
    service: "inspection",
    receivedDaysAgo: 8,
    promisedInDays: -3,
    status: "received",
  },
  {
    store: "SH-PD",
    member: 1,
    item: { name: "钻石项链", category: "necklace", material: "18K 白金 / 钻石", weightCg: 605, stones: 12 },
    service: "stone_tightening",
    receivedDaysAgo: 3,
    promisedInDays: 4,
    status: "at_workshop",
  },
  {
    store: "SH-PD",
    member: 2,
    item: { name: "蓝宝石耳钉", category: "earrings", material: "18K 白金 / 蓝宝石", weightCg: 160, stones: 2 },
    service: "repair",
    receivedDaysAgo: 6,
    promisedInDays: 2,
    status: "cancelled",
  },
  {
    store: "SH-PD",
    member: 3,
    item: { name: "足金转运珠", category: "pendant", material: "足金 999", weightCg: 215, stones: 0 },
    service: "cleaning",
    receivedDaysAgo: 10,
    promisedInDays: -7,
    status: "picked_up",
    pickupDifferenceCg: 1,
  },
];

/** The steps from received to each status, as the workflow table allows them. */
const PATHS: Record<ServiceTicketStatus, readonly ServiceTicketStatus[]> = {
  received: [],
  at_workshop: ["at_workshop"],
  in_repair: ["at_workshop", "in_repair"],
  quality_check: ["at_workshop", "in_repair", "quality_check"],
  ready_for_pickup: ["quality_check", "ready_for_pickup"],
  picked_up: ["at_workshop", "in_repair", "quality_check", "ready_for_pickup", "picked_up"],
  closed: ["at_workshop", "in_repair", "quality_check", "ready_for_pickup", "picked_up", "closed"],
  cancelled: ["at_workshop", "cancelled"],
};

const LIST_PRICES_FEN: Record<ServiceType, number> = {
  cleaning: 0,
  maintenance: 380_00,
  repair: 300_00,
  resizing: 200_00,
  replating: 260_00,
  polishing: 150_00,
  stone_tightening: 180_00,
  inspection: 0,
};

function grams(cg: number): string {
  return `${Math.floor(cg / 100)}.${String(cg % 100).padStart(2, "0")}`;
}

/**
 * A dozen pieces and service tickets for the demo members of the two demo stores, walked through
 * the workflow by the demo manager with the ticket services (custody trail, audit entries and the
 * "ready" messages as in real use): some overdue, one ready for pickup, a few picked up (one with a
 * weight difference noted and acknowledged), one closed, one cancelled. Pieces and tickets are
 * inserted directly (the intake is its own feature). Skipped when any ticket exists: running it
 * twice adds nothing.
 */
export async function seedDemoAfterSales(
  db: Db,
  now: Date = new Date(),
): Promise<{ itemsCreated: number; ticketsCreated: number }> {
  const [existing] = await db.select({ n: count() }).from(serviceTickets);
  if ((existing?.n ?? 0) > 0) return { itemsCreated: 0, ticketsCreated: 0 };
  const storeRows = await db.select().from(stores);
  const storeByCode = new Map(storeRows.map((store) => [store.code, store]));
  const [manager] = await db.select({ id: staff.id }).from(staff).where(eq(staff.username, "manager"));
  const [afterSales] = await db.select({ id: staff.id }).from(staff).where(eq(staff.username, "aftersales"));
  const account = manager ? await loadStaffAccount(db, manager.id) : null;
  if (!account) return { itemsCreated: 0, ticketsCreated: 0 };
  const actor = { staffId: account.id, username: account.username, ip: null };

  const membersOf = new Map<string, { id: string }[]>();
  for (const code of ["SH-JA", "SH-PD"] as const) {
    const store = storeByCode.get(code);
    if (!store) continue;
    membersOf.set(
      code,
      await db
        .select({ id: members.id })
        .from(members)
        .where(and(eq(members.homeStoreId, store.id), isNull(members.erasedAt), isNull(members.mergedIntoId)))
        .orderBy(asc(members.registeredAt), asc(members.id))
        .limit(10),
    );
  }

  const sequence = new Map<string, number>();
  let itemsCreated = 0;
  let ticketsCreated = 0;
  for (const demo of DEMO_TICKETS) {
    const store = storeByCode.get(demo.store);
    const member = membersOf.get(demo.store)?.[demo.member];
    if (!store || !member) continue;
    const receivedAt = subHours(subDays(now, demo.receivedDaysAgo), 3);
    const day = formatIn(receivedAt, "yyyyMMdd", store.timeZone);
    const number = (sequence.get(day) ?? 0) + 1;
    sequence.set(day, number);

    const [item] = await db
      .insert(jewelryItems)
      .values({
        memberId: member.id,
        storeId: store.id,
        name: demo.item.name,
        category: demo.item.category,
        material: demo.item.material,
        weightCg: demo.item.weightCg,
        stoneCount: demo.item.stones,
        stones: demo.item.note ?? null,
        createdBy: afterSales?.id ?? account.id,
        createdAt: receivedAt,
        updatedAt: receivedAt,
      })
      .returning({ id: jewelryItems.id });
    itemsCreated++;

    const listPriceFen = LIST_PRICES_FEN[demo.service];
    const claimCode = String(randomInt(0, 1_000_000)).padStart(6, "0");
    const [ticket] = await db
      .insert(serviceTickets)
      .values({
        reference: `SV-${day}-${String(number).padStart(4, "0")}`,
        storeId: store.id,
        memberId: member.id,
        itemId: item!.id,
        serviceType: demo.service,
        weightInCg: demo.item.weightCg,
        stoneCountIn: demo.item.stones,
        conditionNotes: "表面有轻微划痕，无明显变形。",
        declaredValueFen: 8_000_00,
        priceBasis: "list_price",
        listPriceFen,
        chargeFen: listPriceFen,
        estimatedFeeFen: listPriceFen,
        promisedOn: shiftDay(todayIn(store.timeZone, now), { days: demo.promisedInDays }),
        claimCode,
        trackingTokenHash: hashTrackingToken(demo.trackingToken ?? randomBytes(32).toString("base64url")),
        createdBy: afterSales?.id ?? account.id,
        createdAt: receivedAt,
        updatedAt: receivedAt,
      })
      .returning({ id: serviceTickets.id });
    const ticketId = ticket!.id;
    ticketsCreated++;
    await recordTicketEvent(db, {
      ticketId,
      kind: "created",
      staffId: afterSales?.id ?? account.id,
      at: receivedAt,
      toStatus: "received",
    });

    // Each step a few hours after the last, all before now.
    const path = PATHS[demo.status];
    const span = Math.max(1, now.getTime() - receivedAt.getTime() - 3_600_000);
    for (const [index, to] of path.entries()) {
      const at = addHours(receivedAt, ((index + 1) * span) / (path.length + 1) / 3_600_000);
      if (to === "picked_up") {
        await pickUpTicket(
          db,
          actor,
          account,
          {
            ticketId,
            claimCode,
            weightOut: grams(demo.item.weightCg + (demo.pickupDifferenceCg ?? 0)),
            stoneCountOut: demo.item.stones,
            weightNote: Math.abs(demo.pickupDifferenceCg ?? 0) > 1 ? "电镀后增重 0.03 克，已向顾客说明。" : undefined,
            weightAcknowledged: Math.abs(demo.pickupDifferenceCg ?? 0) > 1,
          },
          at,
        );
      } else {
        await changeTicketStatus(
          db,
          actor,
          account,
          { ticketId, to, note: undefined, reason: to === "cancelled" ? "顾客改为到品牌专柜维修。" : undefined },
          at,
        );
      }
    }
  }
  return { itemsCreated, ticketsCreated };
}
