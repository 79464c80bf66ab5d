import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { followUpCallAttempts, followUpCalls } from "@/db/schema";
import { storeScopeOf } from "@/lib/auth/policy";
import { insertServiceTicket, type TestTicket } from "@/tests/helpers/after-sales";
import { createPrincipal, insertMember, type TestPrincipal } from "@/tests/helpers/members";
import { auditEntries, createTestStore, setupTestDatabase, testDriver, type TestStore } from "@/tests/helpers/test-db";
import {
  afterSalesFigures,
  afterSalesReport,
  afterSalesReportParamsSchema,
  weightDiscrepancies,
  type AfterSalesReportFilter,
} from "./queries";
import { exportAfterSalesReportCsv } from "./service";

// A hand-computed fixture in Asia/Shanghai (both stores' zone). Times are local (+08:00).
const at = (local: string) => new Date(`${local}+08:00`);

let db: Db;
let store: TestStore;
let otherStore: TestStore;
let manager: TestPrincipal;
let admin: TestPrincipal;
const tickets: Record<string, TestTicket> = {};

type Fixture = {
  storeId?: string;
  serviceType: "repair" | "cleaning" | "resizing" | "polishing" | "inspection";
  created: string;
  promised: string;
  ready?: string;
  picked?: string;
  outCg?: number;
  outcome?: "exchange";
};

async function ticket(memberId: string, f: Fixture) {
  return insertServiceTicket(db, {
    memberId,
    storeId: f.storeId ?? store.id,
    serviceType: f.serviceType,
    status: f.picked ? "picked_up" : f.ready ? "ready_for_pickup" : "in_repair",
    createdAt: at(f.created),
    promisedOn: f.promised,
    readyAt: f.ready ? at(f.ready) : null,
    pickedUpAt: f.picked ? at(f.picked) : null,
    weightInCg: 2_345,
    weightOutCg: f.picked ? (f.outCg ?? 2_345) : null,
    ...(f.outcome ? { isDefectClaim: true, defectOutcome: f.outcome, priceBasis: "defect_claim", chargeFen: 0 } : {}),
  });
}

/** A follow-up call of a ticket (or a cleaning reminder of a piece) answered with a score at a local time. */
async function answered(
  t: TestTicket,
  score: number,
  local: string,
  options: { reminder?: boolean; noAnswerFirst?: string } = {},
) {
  const [call] = await db
    .insert(followUpCalls)
    .values({
      storeId: t.storeId,
      memberId: t.memberId,
      itemId: t.itemId,
      ticketId: options.reminder ? null : t.id,
      kind: options.reminder ? "cleaning_reminder" : "day_3",
      dueOn: local.slice(0, 10),
      status: "done",
      attempts: options.noAnswerFirst ? 2 : 1,
      satisfaction: score,
    })
    .returning({ id: followUpCalls.id });
  if (options.noAnswerFirst) {
    await db
      .insert(followUpCallAttempts)
      .values({ callId: call!.id, outcome: "no_answer", at: at(options.noAnswerFirst) });
  }
  await db
    .insert(followUpCallAttempts)
    .values({ callId: call!.id, outcome: "reached", satisfaction: score, at: at(local) });
}

setupTestDatabase(async (opened) => {
  db = opened;
  store = await createTestStore(db);
  otherStore = await createTestStore(db);
  manager = await createPrincipal(db, ["manager"], [store.id]);
  admin = await createPrincipal(db, ["admin"], [], { allStores: true });
  const member = await insertMember(db, { storeId: store.id });
  const otherMember = await insertMember(db, { storeId: otherStore.id });

  // 72 h, ready on the promised day; weighed the same.
  tickets.t1 = await ticket(member.id, {
    serviceType: "repair",
    created: "2026-11-02T10:00:00",
    ready: "2026-11-05T10:00:00",
    promised: "2026-11-05",
    picked: "2026-11-06T12:00:00",
  });
  // 181.98 h, ready at 23:59 of the promised day: on time. 0.02 g heavier: a discrepancy.
  tickets.t2 = await ticket(member.id, {
    serviceType: "repair",
    created: "2026-11-03T10:00:00",
    ready: "2026-11-10T23:59:00",
    promised: "2026-11-10",
    picked: "2026-11-12T15:00:00",
    outCg: 2_347,
  });
  // 36.02 h, ready at 00:01 the day after the promise (still the promised day in UTC): late. 0.01 g: within.
  tickets.t3 = await ticket(member.id, {
    serviceType: "cleaning",
    created: "2026-11-09T12:00:00",
    ready: "2026-11-11T00:01:00",
    promised: "2026-11-10",
    picked: "2026-11-20T11:00:00",
    outCg: 2_344,
  });
  // Received at 23:30 on 30 November: November (15:30 UTC). Not ready yet.
  tickets.t4 = await ticket(member.id, {
    serviceType: "resizing",
    created: "2026-11-30T23:30:00",
    promised: "2026-12-05",
  });
  // Received at 00:30 on 1 December (still 30 November in UTC): not November.
  tickets.t5 = await ticket(member.id, {
    serviceType: "repair",
    created: "2026-12-01T00:30:00",
    promised: "2026-12-08",
  });
  // Received in October, ready in November (120 h, late), picked up 0.05 g lighter: a discrepancy.
  tickets.t6 = await ticket(member.id, {
    serviceType: "polishing",
    created: "2026-10-28T10:00:00",
    ready: "2026-11-02T10:00:00",
    promised: "2026-11-01",
    picked: "2026-11-03T10:00:00",
    outCg: 2_340,
  });
  // A defect claim's exchange: 48 h, on time; the replacement piece weighs otherwise and is not compared.
  tickets.t7 = await ticket(member.id, {
    serviceType: "inspection",
    created: "2026-11-04T10:00:00",
    ready: "2026-11-06T10:00:00",
    promised: "2026-11-08",
    picked: "2026-11-07T10:00:00",
    outCg: 3_000,
    outcome: "exchange",
  });
  // The other store: one of everything, a discrepancy too.
  tickets.t8 = await ticket(otherMember.id, {
    storeId: otherStore.id,
    serviceType: "repair",
    created: "2026-11-05T10:00:00",
    ready: "2026-11-06T10:00:00",
    promised: "2026-11-06",
    picked: "2026-11-07T10:00:00",
    outCg: 2_400,
  });

  await answered(tickets.t1!, 5, "2026-11-09T15:00:00");
  await answered(tickets.t2!, 4, "2026-11-15T15:00:00");
  await answered(tickets.t3!, 1, "2026-11-23T15:00:00", { noAnswerFirst: "2026-11-22T15:00:00" });
  // Not about a service: a cleaning reminder's score does not count.
  await answered(tickets.t3!, 2, "2026-11-20T15:00:00", { reminder: true });
  // December (00:30 on 1 December local).
  await answered(tickets.t6!, 2, "2026-12-01T00:30:00");
  await answered(tickets.t8!, 3, "2026-11-10T15:00:00");
});

const november = (scope: TestPrincipal, storeIds?: string[]): AfterSalesReportFilter => ({
  scope: storeScopeOf(scope),
  storeIds,
  from: "2026-11-01",
  to: "2026-11-30",
});

describe(`after-sales report on ${testDriver()}`, () => {
  it("counts November for the manager's store: received, completed with turnaround and on-time, pickups and discrepancies", async () => {
    const [total] = await afterSalesFigures(db, november(manager), "total");
    expect(total).toEqual({
      received: 5,
      completed: 5,
      pickedUp: 5,
      // (72 + 181.98 + 36.02 + 120 + 48) / 5 = 91.6; the median of the five is 72.
      turnaroundAverageHours: 91.6,
      turnaroundMedianHours: 72,
      onTime: 3,
      onTimePercent: 60,
      weightDiscrepancies: 2,
      satisfaction: { answers: 3, average: 3.33, distribution: { 1: 1, 2: 0, 3: 0, 4: 1, 5: 1 } },
    });
  });

  it("splits by store and by the month of each figure's own event", async () => {
    const rows = await afterSalesFigures(
      db,
      { scope: storeScopeOf(manager), from: "2026-10-01", to: "2026-12-31" },
      "store_month",
    );
    expect(rows.map((r) => [r.storeId, r.month, r.received, r.completed, r.pickedUp, r.satisfaction.answers])).toEqual([
      [store.id, "2026-10", 1, 0, 0, 0],
      [store.id, "2026-11", 5, 5, 5, 3],
      [store.id, "2026-12", 1, 0, 0, 1],
    ]);
  });

  it("splits by service type", async () => {
    const rows = await afterSalesFigures(db, november(manager), "service_type");
    const byType = Object.fromEntries(rows.map((r) => [r.serviceType, r]));
    expect(Object.keys(byType).sort()).toEqual(["cleaning", "inspection", "polishing", "repair", "resizing"]);
    expect(byType.repair).toMatchObject({
      received: 2,
      completed: 2,
      onTime: 2,
      turnaroundAverageHours: 126.99,
      weightDiscrepancies: 1,
      satisfaction: { answers: 2, average: 4.5 },
    });
    expect(byType.cleaning).toMatchObject({ received: 1, completed: 1, onTime: 0, onTimePercent: 0 });
    expect(byType.cleaning!.satisfaction).toMatchObject({ answers: 1, average: 1, distribution: { 1: 1 } });
    expect(byType.polishing).toMatchObject({
      received: 0,
      completed: 1,
      onTime: 0,
      pickedUp: 1,
      weightDiscrepancies: 1,
    });
    expect(byType.inspection).toMatchObject({ received: 1, onTime: 1, weightDiscrepancies: 0 });
    expect(byType.resizing).toMatchObject({
      received: 1,
      completed: 0,
      onTimePercent: null,
      turnaroundMedianHours: null,
    });
  });

  it("lists the weight discrepancies, latest pickup first, signed in hundredths of a gram", async () => {
    const list = await weightDiscrepancies(db, november(manager));
    expect(list.total).toBe(2);
    expect(list.rows.map((r) => [r.reference, r.weightInCg, r.weightOutCg, r.differenceCg])).toEqual([
      [tickets.t2!.reference, 2_345, 2_347, 2],
      [tickets.t6!.reference, 2_345, 2_340, -5],
    ]);
  });

  it("keeps to the store scope: another store's tickets count only for those who see it", async () => {
    const [all] = await afterSalesFigures(db, november(admin, [store.id, otherStore.id]), "total");
    expect(all).toMatchObject({ received: 6, completed: 6, pickedUp: 6, weightDiscrepancies: 3 });
    expect(all!.satisfaction).toMatchObject({ answers: 4, distribution: { 3: 1 } });
    const [onlyOther] = await afterSalesFigures(db, november(admin, [otherStore.id]), "total");
    expect(onlyOther).toMatchObject({ received: 1, onTime: 1, onTimePercent: 100, turnaroundMedianHours: 24 });
    // Naming a store outside the manager's scope gives nothing of it.
    const [outside] = await afterSalesFigures(db, november(manager, [otherStore.id]), "total");
    expect(outside).toMatchObject({
      received: 0,
      completed: 0,
      pickedUp: 0,
      satisfaction: { answers: 0, average: null },
    });
    expect((await weightDiscrepancies(db, november(manager, [otherStore.id]))).total).toBe(0);
  });

  it("builds the page's report from its URL parameters, ignoring bad ones", async () => {
    const params = afterSalesReportParamsSchema.parse({ from: "2026-11-01", to: "2026-11-30", store: store.id });
    expect(params.store).toEqual([store.id]);
    const report = await afterSalesReport(db, storeScopeOf(manager), params);
    expect(report).toMatchObject({ from: "2026-11-01", to: "2026-11-30", totals: { received: 5 } });
    expect(report.byStoreMonth).toHaveLength(1);
    expect(report.weightDiscrepancies.total).toBe(2);
    const bad = afterSalesReportParamsSchema.parse({ from: "2026-02-30", to: "x", store: ["nope"] });
    expect(bad).toEqual({ from: undefined, to: undefined, store: [] });
  });

  it("exports the CSV with a BOM, one row per store and month and per service type, and a total; audited", async () => {
    const params = afterSalesReportParamsSchema.parse({ from: "2026-11-01", to: "2026-11-30" });
    const { csv, filename } = await exportAfterSalesReportCsv(db, manager, manager.actor, params, {
      titles: { total: "合计" },
      serviceTypes: { repair: "维修" },
    });
    expect(filename).toMatch(/^after-sales-2026-11-01-2026-11-30-\d{8}-\d{4}\.csv$/);
    expect(csv.startsWith("\uFEFF")).toBe(true);
    const lines = csv.slice(1).trimEnd().split("\r\n");
    expect(lines[0]!.split(",").slice(0, 6)).toEqual([
      "grouping",
      "storeCode",
      "storeName",
      "month",
      "serviceType",
      "received",
    ]);
    // One store-month row, five service types, the total.
    expect(lines).toHaveLength(1 + 1 + 5 + 1);
    expect(lines[1]).toContain(`store_month,${store.code},`);
    expect(lines.some((line) => line.startsWith("service_type,,,,维修,2,2,"))).toBe(true);
    expect(lines.at(-1)).toBe("合计,,,,,5,5,5,91.6,72,3,60,2,3,3.33,1,0,0,1,1");
    const [entry] = await auditEntries(db, { action: "after_sales.report_export", actorStaffId: manager.id });
    expect(entry!.details).toMatchObject({ from: "2026-11-01", to: "2026-11-30", stores: "all" });
  });
});
