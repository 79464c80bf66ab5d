import fs from "node:fs";
import path from "node:path";
import { and, asc, eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import {
  auditLog,
  appointmentPurchases,
  appointments,
  appointmentTypes,
  complaints,
  members,
  memberTierEvents,
  salesTransactions,
  storeDailyRollups,
} from "@/db/schema";
import { createRefundSchema, createTransactionSchema } from "@/lib/loyalty/purchases/schemas";
import { recordRefund } from "@/lib/loyalty/purchases/refunds";
import { recordPurchase } from "@/lib/loyalty/purchases/service";
import { creditPoints, debitPoints, expirePoints, lockMemberForPoints } from "@/lib/loyalty/points/service";
import { insertServiceTicket } from "@/tests/helpers/after-sales";
import { storedValueFixtures } from "@/tests/helpers/loyalty";
import { createPrincipal, insertMember, type TestPrincipal } from "@/tests/helpers/members";
import {
  createTestStaff,
  createTestStore,
  inTx,
  setupTestDatabase,
  testDriver,
  uniqueSuffix,
  type TestStore,
} from "@/tests/helpers/test-db";
import { runJob } from "@/lib/jobs/run-job";
import { refreshDailyRollups, rebuildDailyRollups, refreshRecentRollups } from "../rollups/service";
import { dashboardDailySales, dashboardFigures, previousPeriodOf, type DashboardFigures } from "./queries";
import { exportDashboardCsv, type DashboardCsvLabels } from "./service";

type Fixture = {
  periods: { previous: { from: string; to: string }; current: { from: string; to: string } };
  members: {
    key: string;
    store: "A" | "B";
    registeredAt: string;
    stage?: "dormant" | "lost";
    mergedInto?: string;
    tierNow?: string;
  }[];
  purchases: { key: string; store: "A" | "B"; member: string | null; at: string; fen: number }[];
  refunds: { purchase: string; at: string; fen: number }[];
  spends: { member: string; store: "A" | "B"; at: string; points: number }[];
  expiringCredits: { member: string; points: number; earnedAt: string; expiresAt: string }[];
  appointments: {
    store: "A" | "B";
    member: string;
    startsAt: string;
    status: "completed" | "no_show" | "cancelled" | "confirmed";
    purchases?: string[];
  }[];
  tierEvents: { member: string; kind: "upgrade" | "downgrade" | "grant"; at: string }[];
  serviceTickets: { store: "A" | "B"; member: string; createdAt: string; readyAt: string | null; promisedOn: string }[];
  complaints: {
    store: "A" | "B";
    receivedAt: string;
    resolutionDueAt: string;
    resolvedAt: string | null;
    score: number | null;
  }[];
  cards: { store: "A" | "B"; principalFen: number; bonusFen: number }[];
};
const FIXTURE = JSON.parse(
  fs.readFileSync(path.resolve(process.cwd(), "tests/fixtures/reports-dashboard.json"), "utf8"),
) as Fixture;
const { current: CURRENT, previous: PREVIOUS } = FIXTURE.periods;
/** Both periods, for the rollup refresh. */
const WHOLE = { from: PREVIOUS.from, to: CURRENT.to };

let db: Db;
let stores: Record<"A" | "B", TestStore>;
let managerA: TestPrincipal;
let admin: TestPrincipal;
const memberIds = new Map<string, string>();
const purchaseRefs = new Map<string, { store: "A" | "B"; externalId: string }>();
let advisors: Record<"A" | "B", { id: string; name: string }>;

/** The fixture, written through the real services (POS purchases and refunds, the points ledger, card issue). */
async function buildFixture() {
  stores = { A: await createTestStore(db), B: await createTestStore(db) };
  managerA = await createPrincipal(db, ["manager"], [stores.A.id]);
  admin = await createPrincipal(db, ["admin"], [], { allStores: true });
  const phones = new Map<string, string>();

  for (const member of FIXTURE.members) {
    const row = await insertMember(db, {
      storeId: stores[member.store].id,
      registeredAt: new Date(member.registeredAt),
      lifecycleStage: member.stage ?? "potential",
    });
    memberIds.set(member.key, row.id);
    phones.set(member.key, row.phoneE164!);
  }
  for (const member of FIXTURE.members.filter((m) => m.mergedInto))
    await db
      .update(members)
      .set({ mergedIntoId: memberIds.get(member.mergedInto!)! })
      .where(eq(members.id, memberIds.get(member.key)!));

  for (const sale of FIXTURE.purchases) {
    const store = stores[sale.store];
    const externalId = `D-${sale.key}-${uniqueSuffix(6)}`;
    purchaseRefs.set(sale.key, { store: sale.store, externalId });
    const input = createTransactionSchema.parse({
      externalId,
      storeCode: store.code,
      occurredAt: sale.at,
      member: sale.member ? { phone: phones.get(sale.member)! } : null,
      items: [{ sku: "R-001", name: "足金戒指", category: "gold", quantity: 1, unitPriceFen: sale.fen }],
      payments: [{ method: "wechat", amountFen: sale.fen }],
    });
    await inTx(db, (tx) => recordPurchase(tx, { storeId: store.id }, input));
  }
  for (const refund of FIXTURE.refunds) {
    const original = purchaseRefs.get(refund.purchase)!;
    const input = createRefundSchema.parse({
      refundId: `R-${uniqueSuffix(8)}`,
      amountFen: refund.fen,
      occurredAt: refund.at,
    });
    await inTx(db, (tx) => recordRefund(tx, { storeId: stores[original.store].id }, original.externalId, input));
  }
  for (const spend of FIXTURE.spends)
    await inTx(db, async (tx) => {
      const memberId = memberIds.get(spend.member)!;
      await lockMemberForPoints(tx, memberId);
      await debitPoints(tx, {
        memberId,
        kind: "spend",
        points: spend.points,
        allowDebt: false,
        occurredAt: new Date(spend.at),
        storeId: stores[spend.store].id,
      });
    });
  for (const credit of FIXTURE.expiringCredits)
    await inTx(db, async (tx) => {
      const memberId = memberIds.get(credit.member)!;
      await lockMemberForPoints(tx, memberId);
      await creditPoints(tx, {
        memberId,
        kind: "activity",
        points: credit.points,
        occurredAt: new Date(credit.earnedAt),
        expiresAt: new Date(credit.expiresAt),
      });
    });
  // The expiry job's entries are dated at the lot's expiry (2026-11-06 and 2026-11-18).
  await inTx(db, (tx) => expirePoints(tx));

  const [type] = await db
    .insert(appointmentTypes)
    .values({ code: `VIP-${uniqueSuffix(6)}`, nameZh: "私享鉴赏", nameEn: "Private viewing", durationMin: 60 })
    .returning({ id: appointmentTypes.id });
  advisors = {
    A: {
      id: (await createTestStaff(db, { roles: ["advisor"], storeIds: [stores.A.id], displayName: "顾问甲" })).id,
      name: "顾问甲",
    },
    B: {
      id: (await createTestStaff(db, { roles: ["advisor"], storeIds: [stores.B.id], displayName: "顾问乙" })).id,
      name: "顾问乙",
    },
  };
  for (const visit of FIXTURE.appointments) {
    const startsAt = new Date(visit.startsAt);
    const endsAt = new Date(startsAt.getTime() + 60 * 60_000);
    const [row] = await db
      .insert(appointments)
      .values({
        storeId: stores[visit.store].id,
        memberId: memberIds.get(visit.member)!,
        typeId: type!.id,
        advisorId: advisors[visit.store].id,
        startsAt,
        endsAt,
        blockedUntil: endsAt,
        status: visit.status,
        cancelReason: visit.status === "cancelled" ? "member_request" : null,
      })
      .returning({ id: appointments.id });
    for (const sale of visit.purchases ?? []) {
      const [transaction] = await db
        .select({ id: salesTransactions.id })
        .from(salesTransactions)
        .where(eq(salesTransactions.externalId, purchaseRefs.get(sale)!.externalId));
      await db.insert(appointmentPurchases).values({ appointmentId: row!.id, transactionId: transaction!.id });
    }
  }

  for (const event of FIXTURE.tierEvents)
    await db.insert(memberTierEvents).values({
      memberId: memberIds.get(event.member)!,
      kind: event.kind,
      fromTier: "normal",
      toTier: event.kind === "downgrade" ? "normal" : "silver",
      createdAt: new Date(event.at),
    });
  for (const member of FIXTURE.members.filter((m) => m.tierNow))
    await db
      .update(members)
      .set({ tier: member.tierNow! })
      .where(eq(members.id, memberIds.get(member.key)!));

  // Tickets and complaints as rows (their own reports' tests do the same): only their times matter here.
  for (const ticket of FIXTURE.serviceTickets)
    await insertServiceTicket(db, {
      memberId: memberIds.get(ticket.member)!,
      storeId: stores[ticket.store].id,
      status: ticket.readyAt ? "ready_for_pickup" : "in_repair",
      createdAt: new Date(ticket.createdAt),
      readyAt: ticket.readyAt ? new Date(ticket.readyAt) : null,
      promisedOn: ticket.promisedOn,
    });
  for (const complaint of FIXTURE.complaints) {
    const receivedAt = new Date(complaint.receivedAt);
    await db.insert(complaints).values({
      reference: `DSH-${uniqueSuffix()}`,
      storeId: stores[complaint.store].id,
      customerName: "测试",
      customerContact: "13800000000",
      channel: "hotline",
      category: "product_quality",
      severity: "medium",
      status: complaint.resolvedAt ? "resolved" : "investigating",
      description: "dashboard fixture",
      receivedAt,
      firstResponseTargetMin: 240,
      resolutionTargetMin: 1800,
      firstResponseDueAt: new Date(receivedAt.getTime() + 4 * 3600_000),
      resolutionDueAt: new Date(complaint.resolutionDueAt),
      firstRespondedAt: new Date(receivedAt.getTime() + 3600_000),
      resolvedAt: complaint.resolvedAt ? new Date(complaint.resolvedAt) : null,
      satisfactionScore: complaint.score,
      surveyAnsweredAt: complaint.score ? new Date(complaint.resolvedAt!) : null,
    });
  }

  for (const card of FIXTURE.cards) {
    const { newCard } = storedValueFixtures(() => ({ db, storeId: stores[card.store].id, actor: admin.actor }));
    await newCard({ principalFen: card.principalFen, bonusFen: card.bonusFen });
  }

  await refreshDailyRollups(db, WHOLE);
}

setupTestDatabase(async (opened) => {
  db = opened;
  await buildFixture();
  // Advisor 乙's visit at B (completed, b2 linked: ¥2 000) ranks before 甲's ¥700.
  STORE_A.advisors = [advisorRow(advisors.A, [2, 1], [2, 0], [70_000, 0])];
  STORE_B.advisors = [advisorRow(advisors.B, [1, 0], [1, 0], [200_000, 0])];
  BOTH_STORES.advisors = [...STORE_B.advisors, ...STORE_A.advisors];
});

/** The figures without the ids and periods, which each test checks on its own. */
function figuresOf(report: DashboardFigures) {
  const { members, sales, points, storedValueLiabilityFen, appointments, service, complaints, advisors } = report;
  return { members, sales, points, storedValueLiabilityFen, appointments, service, complaints, advisors };
}

const both = (current: number, previous: number) => ({ current, previous });
const ratio = (current: number | null, previous: number | null) => ({ current, previous });

/**
 * Store A, worked out by hand from tests/fixtures/reports-dashboard.json.
 * Members: m1–m6 registered by 11-20 (m7 was merged into m1: not counted), m1, m2, m5, m6 by 11-10;
 * new: m3 (11-11 17:00 UTC is 11-12 01:00 in Shanghai), m4 now, m2 before. m1, m2, m3 bought
 * (lifecycle new) and m5 is dormant: 4 active in 12 months; m6 lost.
 * Sales now: members c1 800 (16:30 UTC on 11-10 is 11-11 in Shanghai) + c2 1 200 + c3 600 + c4 100
 * + c7 50 − refund of c2 200 = ¥2 550 over 5 purchases; non-members c5 400 + c6 250 − refund of s2
 * (bought before, refunded now) 100 = ¥550 over 2. Before: members s1 1 000 + s3 500 + s4 200 =
 * ¥1 700 over 3, non-member s2 ¥300.
 * Repeat: now m1 (11-11, 11-15) of m1, m3 (twice on 11-12: one day), m2 → 1/3; before m2 (11-05,
 * 11-08) of m1, m2 → 1/2.
 * Points: issued now 800 + 1 200 + 600 + 100 + 50 − 200 reversed (1 200 × 200 / 1 200) = 2 550,
 * before 1 000 + 500 + 200 = 1 700; redeemed 300 / 100; expired 150 / 70; outstanding = all issued
 * (4 250 + 220 activity) − 400 redeemed − 220 expired = 3 850 (1 point = 1 fen).
 * Visits now: 11-12, 11-13 completed, 11-14 confirmed, 11-19 no-show (11-16 cancelled) → 4 / 2 / 1;
 * before: 11-03 completed, 11-06 no-show (11-07 cancelled) → 2 / 1 / 1.
 */
const tiers = (normal: number, silver: number, gold: number, diamond: number) => [
  { tier: "normal", members: normal },
  { tier: "silver", members: silver },
  { tier: "gold", members: gold },
  { tier: "diamond", members: diamond },
];
const advisorRow = (
  advisor: { id: string; name: string },
  visits: [number, number],
  purchases: [number, number],
  amountFen: [number, number],
) => ({
  advisorId: advisor.id,
  advisorName: advisor.name,
  visitsCompleted: both(...visits),
  purchasesLinked: both(...purchases),
  amountFen: both(...amountFen),
});

/*
 * Tiers (A): m1 silver and m3 gold now, the other four normal; upgrades m1 on 11-15 and m2 on 11-04,
 * a downgrade of m5 on 11-19 (m3's grant is no movement). Visits (A): the completed 11-12 visit has
 * c3 and c4 linked (¥700): 1 of 2 completed visits converted now, 0 of 1 before; advisor 甲 2 visits,
 * 2 purchases, ¥700 now, 1 visit before.
 */
const STORE_A = {
  members: {
    total: both(6, 4),
    new: both(2, 1),
    active12m: 4,
    dormant: 1,
    lost: 1,
    byTier: tiers(4, 1, 1, 0),
    tierUpgrades: both(1, 1),
    tierDowngrades: both(1, 0),
  },
  sales: {
    memberSalesFen: both(255_000, 170_000),
    nonMemberSalesFen: both(55_000, 30_000),
    memberPurchases: both(5, 3),
    nonMemberPurchases: both(2, 1),
    refunds: both(2, 0),
    refundsFen: both(30_000, 0),
    memberShare: ratio(255_000 / 310_000, 170_000 / 200_000),
    memberAverageTicketFen: ratio(51_000, 56_667),
    nonMemberAverageTicketFen: ratio(27_500, 30_000),
    repeatPurchaseRate: ratio(1 / 3, 1 / 2),
    buyingMembers: both(3, 2),
    repeatMembers: both(1, 1),
  },
  points: {
    issued: both(2_550, 1_700),
    redeemed: both(300, 100),
    expired: both(150, 70),
    outstanding: 3_850,
    outstandingValueFen: 3_850,
  },
  storedValueLiabilityFen: 55_000,
  appointments: {
    booked: both(4, 2),
    completed: both(2, 1),
    noShow: both(1, 1),
    converted: both(1, 0),
    conversionRate: ratio(1 / 2, 0),
  },
  /*
   * Tickets: before, t1 received and ready in 48 h (on time) and t2 received; now t2 ready after 108 h
   * (a day late) and t3 in 24 h (on time), t3 and t4 received: median (108 + 24) / 2 = 66 h.
   * Complaints: before, one met (score 4); now one late (2), one met (5), one open past its due
   * time (missed): 1 of 3 decided met, CSAT (2 + 5) / 2.
   */
  service: {
    received: both(2, 2),
    completed: both(2, 1),
    turnaroundMedianHours: ratio(66, 48),
    onTimeRate: ratio(1 / 2, 1),
    satisfactionAverage: ratio(null, null),
    satisfactionAnswers: both(0, 0),
  },
  complaints: {
    received: both(3, 1),
    resolved: both(2, 1),
    resolutionSlaMetRate: ratio(1 / 3, 1),
    csatAverage: ratio(3.5, 4),
    csatAnswers: both(2, 1),
  },
  advisors: [] as ReturnType<typeof advisorRow>[],
};

/** Store B: b1 registered and bought ¥2 000 now; non-members ¥999 now and ¥700 before; one completed visit. */
const STORE_B = {
  members: {
    total: both(1, 0),
    new: both(1, 0),
    active12m: 1,
    dormant: 0,
    lost: 0,
    byTier: tiers(1, 0, 0, 0),
    tierUpgrades: both(1, 0),
    tierDowngrades: both(0, 0),
  },
  sales: {
    memberSalesFen: both(200_000, 0),
    nonMemberSalesFen: both(99_900, 70_000),
    memberPurchases: both(1, 0),
    nonMemberPurchases: both(1, 1),
    refunds: both(0, 0),
    refundsFen: both(0, 0),
    memberShare: ratio(200_000 / 299_900, 0),
    memberAverageTicketFen: ratio(200_000, null),
    nonMemberAverageTicketFen: ratio(99_900, 70_000),
    repeatPurchaseRate: ratio(0, null),
    buyingMembers: both(1, 0),
    repeatMembers: both(0, 0),
  },
  points: {
    issued: both(2_000, 0),
    redeemed: both(0, 0),
    expired: both(0, 0),
    outstanding: 2_000,
    outstandingValueFen: 2_000,
  },
  storedValueLiabilityFen: 77_700,
  appointments: {
    booked: both(1, 0),
    completed: both(1, 0),
    noShow: both(0, 0),
    converted: both(1, 0),
    conversionRate: ratio(1, null),
  },
  service: {
    received: both(1, 0),
    completed: both(1, 0),
    turnaroundMedianHours: ratio(24, null),
    onTimeRate: ratio(1, null),
    satisfactionAverage: ratio(null, null),
    satisfactionAnswers: both(0, 0),
  },
  complaints: {
    received: both(1, 0),
    resolved: both(1, 0),
    resolutionSlaMetRate: ratio(1, null),
    csatAverage: ratio(3, null),
    csatAnswers: both(1, 0),
  },
  advisors: [] as ReturnType<typeof advisorRow>[],
};

/** Both stores: the sums, and the ratios of the sums (not the average of the stores' ratios). */
const BOTH_STORES = {
  members: {
    total: both(7, 4),
    new: both(3, 1),
    active12m: 5,
    dormant: 1,
    lost: 1,
    byTier: tiers(5, 1, 1, 0),
    tierUpgrades: both(2, 1),
    tierDowngrades: both(1, 0),
  },
  sales: {
    memberSalesFen: both(455_000, 170_000),
    nonMemberSalesFen: both(154_900, 100_000),
    memberPurchases: both(6, 3),
    nonMemberPurchases: both(3, 2),
    refunds: both(2, 0),
    refundsFen: both(30_000, 0),
    memberShare: ratio(455_000 / 609_900, 170_000 / 270_000),
    memberAverageTicketFen: ratio(75_833, 56_667),
    nonMemberAverageTicketFen: ratio(51_633, 50_000),
    repeatPurchaseRate: ratio(1 / 4, 1 / 2),
    buyingMembers: both(4, 2),
    repeatMembers: both(1, 1),
  },
  points: {
    issued: both(4_550, 1_700),
    redeemed: both(300, 100),
    expired: both(150, 70),
    outstanding: 5_850,
    outstandingValueFen: 5_850,
  },
  storedValueLiabilityFen: 132_700,
  appointments: {
    booked: both(5, 2),
    completed: both(3, 1),
    noShow: both(1, 1),
    converted: both(2, 0),
    conversionRate: ratio(2 / 3, 0),
  },
  // The median of 108, 24 and 24 hours; the complaints' CSAT (2 + 5 + 3) / 3.
  service: {
    received: both(3, 2),
    completed: both(3, 1),
    turnaroundMedianHours: ratio(24, 48),
    onTimeRate: ratio(2 / 3, 1),
    satisfactionAverage: ratio(null, null),
    satisfactionAnswers: both(0, 0),
  },
  complaints: {
    received: both(4, 1),
    resolved: both(3, 1),
    resolutionSlaMetRate: ratio(2 / 4, 1),
    csatAverage: ratio(10 / 3, 4),
    csatAnswers: both(3, 1),
  },
  advisors: [] as ReturnType<typeof advisorRow>[],
};

/** toEqual, with ratios compared to 12 digits (they are quotients of whole numbers). */
function expectFigures(actual: ReturnType<typeof figuresOf>, expected: typeof STORE_A) {
  const close = (value: number | null) => (value === null ? null : expect.closeTo(value, 12));
  const closeRatio = (value: { current: number | null; previous: number | null }) => ({
    current: close(value.current),
    previous: close(value.previous),
  });
  expect(actual).toEqual({
    ...expected,
    sales: {
      ...expected.sales,
      memberShare: closeRatio(expected.sales.memberShare),
      repeatPurchaseRate: closeRatio(expected.sales.repeatPurchaseRate),
    },
    appointments: { ...expected.appointments, conversionRate: closeRatio(expected.appointments.conversionRate) },
    service: { ...expected.service, onTimeRate: closeRatio(expected.service.onTimeRate) },
    complaints: {
      ...expected.complaints,
      resolutionSlaMetRate: closeRatio(expected.complaints.resolutionSlaMetRate),
      csatAverage: closeRatio(expected.complaints.csatAverage),
    },
  });
}

describe("dashboardFigures on the hand-computed fixture", () => {
  it("gives every figure of store A, now and in the previous period of the same length", async () => {
    const report = await dashboardFigures(db, managerA, CURRENT);
    expect(report.period).toEqual(CURRENT);
    expect(report.previousPeriod).toEqual(PREVIOUS);
    expect(report.storeIds).toEqual([stores.A.id]);
    expectFigures(figuresOf(report), STORE_A);
  });

  it("gives every figure of store B to an admin who asks for it", async () => {
    const report = await dashboardFigures(db, admin, { ...CURRENT, storeIds: [stores.B.id] });
    expect(report.storeIds).toEqual([stores.B.id]);
    expectFigures(figuresOf(report), STORE_B);
  });

  it("adds both stores up for an admin who names none", async () => {
    const report = await dashboardFigures(db, admin, CURRENT);
    expect([...report.storeIds].sort()).toEqual([stores.A.id, stores.B.id].sort());
    expectFigures(figuresOf(report), BOTH_STORES);
  });

  it("never shows store A's manager anything of store B, even when asked for it", async () => {
    for (const storeIds of [[stores.B.id], [stores.A.id, stores.B.id], []]) {
      const report = await dashboardFigures(db, managerA, { ...CURRENT, storeIds });
      expect(report.storeIds).toEqual([stores.A.id]);
      expectFigures(figuresOf(report), STORE_A);
    }
  });

  it("answers a staff member of no store with zeros, and refuses one without the permission", async () => {
    const nobody = await createPrincipal(db, ["manager"], []);
    const report = await dashboardFigures(db, nobody, { ...CURRENT, storeIds: [stores.A.id] });
    expect(report.storeIds).toEqual([]);
    expect(report.sales.memberSalesFen).toEqual(both(0, 0));
    expect(report.members.total).toEqual(both(0, 0));
    expect(report.points.outstanding).toBe(0);
    const advisor = await createPrincipal(db, ["advisor"], [stores.A.id]);
    await expect(dashboardFigures(db, advisor, CURRENT)).rejects.toMatchObject({ code: "forbidden" });
  });

  it("compares a one-day period with the day before, and the whole fixture with the ten days before it", async () => {
    expect(previousPeriodOf({ from: "2026-11-15", to: "2026-11-15" })).toEqual({
      from: "2026-11-14",
      to: "2026-11-14",
    });
    expect(previousPeriodOf({ from: "2024-03-01", to: "2024-03-31" })).toEqual({
      from: "2024-01-30",
      to: "2024-02-29",
    });
    const day = await dashboardFigures(db, managerA, { from: "2026-11-15", to: "2026-11-15" });
    // 11-15: c2 ¥1 200 (1 200 points); 11-14: the refund of s2 (−¥100) and a confirmed visit.
    expect(day.sales.memberSalesFen).toEqual(both(120_000, 0));
    expect(day.sales.nonMemberSalesFen).toEqual(both(0, -10_000));
    expect(day.sales.refunds).toEqual(both(0, 1));
    expect(day.points.issued).toEqual(both(1_200, 0));
    expect(day.appointments.booked).toEqual(both(0, 1));
  });
});

describe("dashboardDailySales", () => {
  const total = (values: number[]) => values.reduce((sum, value) => sum + value, 0);

  it("gives store A's sales day by day, adding up to the period's figures, with the previous period lined up", async () => {
    const trend = await dashboardDailySales(db, managerA, { ...CURRENT });
    expect(trend.days[0]).toBe(CURRENT.from);
    expect(trend.days.at(-1)).toBe(CURRENT.to);
    for (const list of [trend.memberSalesFen, trend.previousMemberSalesFen, trend.previousNonMemberSalesFen])
      expect(list).toHaveLength(trend.days.length);
    expect(total(trend.memberSalesFen)).toBe(255_000);
    expect(total(trend.nonMemberSalesFen)).toBe(55_000);
    expect(total(trend.previousMemberSalesFen)).toBe(170_000);
    expect(total(trend.previousNonMemberSalesFen)).toBe(30_000);
    // c1 (¥800 at 16:30 UTC on 11-10) is a sale of 11-11 in Shanghai.
    expect(trend.memberSalesFen[trend.days.indexOf("2026-11-11")]).toBeGreaterThanOrEqual(80_000);
  });

  it("never gives store A's manager store B's sales, even when asked for them", async () => {
    const asked = await dashboardDailySales(db, managerA, { ...CURRENT, storeIds: [stores.B.id] });
    expect(total(asked.memberSalesFen)).toBe(255_000);
    const both = await dashboardDailySales(db, admin, { ...CURRENT });
    const figures = await dashboardFigures(db, admin, { ...CURRENT });
    expect(total(both.memberSalesFen)).toBe(figures.sales.memberSalesFen.current);
    expect(total(both.nonMemberSalesFen)).toBe(figures.sales.nonMemberSalesFen.current);
  });
});

describe("exportDashboardCsv", () => {
  const labels: DashboardCsvLabels = {
    columns: { section: "section", figure: "figure", unit: "unit", current: "current", previous: "previous" },
    section: (key) => key,
    figure: (key) => key,
    tier: (code) => `tier:${code}`,
    units: { yuan: "CNY", count: "count", share: "share", hours: "hours", score: "score" },
  };
  const parse = (csv: string) =>
    csv
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n")
      .map((line) => line.split(","));

  it("writes store A's figures, yuan from fen and the previous period beside, with a BOM, and audits the export", async () => {
    const { csv, filename } = await exportDashboardCsv(
      db,
      managerA,
      managerA.actor,
      {
        ...CURRENT,
        store: [stores.B.id],
      },
      labels,
    );
    expect(csv.startsWith("\uFEFF")).toBe(true);
    expect(filename).toBe(`dashboard-${CURRENT.from}-${CURRENT.to}.csv`);
    const rows = parse(csv);
    expect(rows[0]).toEqual(["section", "figure", "unit", "current", "previous"]);
    const row = (figure: string) => rows.find((r) => r[1] === figure);
    // Store A's numbers although B was asked for: the scope drops it.
    expect(row("memberSales")).toEqual(["sales", "memberSales", "CNY", "2550.00", "1700.00"]);
    expect(row("membersTotal")).toEqual(["members", "membersTotal", "count", "6", "4"]);
    expect(row("membersDormant")).toEqual(["members", "membersDormant", "count", "1", ""]);
    expect(row("repeatRate")).toEqual(["sales", "repeatRate", "share", "0.3333", "0.5"]);
    expect(row("tier:silver")).toEqual(["tiers", "tier:silver", "count", "1", ""]);
    const [audit] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "report.dashboard_export"), eq(auditLog.actorStaffId, managerA.id)));
    expect(audit?.details).toMatchObject({ from: CURRENT.from, to: CURRENT.to, stores: 1 });
  });

  it("refuses a staff member without reports.read", async () => {
    const advisor = await createPrincipal(db, ["advisor"], [stores.A.id]);
    await expect(
      exportDashboardCsv(db, advisor, advisor.actor, { ...CURRENT, store: [] }, labels),
    ).rejects.toMatchObject({
      code: "forbidden",
    });
  });
});

describe("refreshDailyRollups", () => {
  const rowsOfStores = () =>
    db
      .select()
      .from(storeDailyRollups)
      .where(inArray(storeDailyRollups.storeId, [stores.A.id, stores.B.id]))
      .orderBy(asc(storeDailyRollups.storeId), asc(storeDailyRollups.day));
  const withoutStamp = (rows: Awaited<ReturnType<typeof rowsOfStores>>) =>
    rows.map((row) => ({ ...row, refreshedAt: null }));

  it("writes every store-day of the range, and gives the same rows when run again", async () => {
    const before = await rowsOfStores();
    expect(before).toHaveLength(2 * 20);
    const again = await refreshDailyRollups(db, WHOLE);
    expect(again.storeDays).toBeGreaterThanOrEqual(40);
    expect(withoutStamp(await rowsOfStores())).toEqual(withoutStamp(before));
    await rebuildDailyRollups(db, { from: "2026-09-01", to: CURRENT.to, storeIds: [stores.A.id, stores.B.id] });
    expect(withoutStamp((await rowsOfStores()).filter((row) => row.day >= WHOLE.from))).toEqual(withoutStamp(before));
  });

  it("refuses a reversed range, a year 0001 and a range longer than one statement takes", async () => {
    await expect(refreshDailyRollups(db, { from: "2026-11-20", to: "2026-11-01" })).rejects.toThrow();
    await expect(refreshDailyRollups(db, { from: "0001-01-01", to: "0001-01-02" })).rejects.toThrow();
    await expect(refreshDailyRollups(db, { from: "2026-01-01", to: "2026-03-01" })).rejects.toThrow(
      /rebuildDailyRollups/,
    );
  });

  it("changes exactly the day of a purchase added and refreshed", async () => {
    const before = withoutStamp(await rowsOfStores());
    const input = createTransactionSchema.parse({
      externalId: `D-late-${uniqueSuffix(6)}`,
      storeCode: stores.A.code,
      occurredAt: "2026-11-19T21:00:00+08:00",
      member: null,
      items: [{ sku: "E-002", name: "珍珠耳钉", category: "pearl", quantity: 1, unitPriceFen: 12_345 }],
      payments: [{ method: "cash", amountFen: 12_345 }],
    });
    await inTx(db, (tx) => recordPurchase(tx, { storeId: stores.A.id }, input));
    // Not refreshed yet: the dashboard still shows the rollups as they were.
    expect((await dashboardFigures(db, managerA, CURRENT)).sales.nonMemberPurchases).toEqual(both(2, 1));

    await refreshDailyRollups(db, WHOLE);
    const after = withoutStamp(await rowsOfStores());
    const changed = after.filter((row, i) => JSON.stringify(row) !== JSON.stringify(before[i]));
    const previousRow = before.find((row) => row.storeId === stores.A.id && row.day === "2026-11-19")!;
    expect(changed).toEqual([
      {
        ...previousRow,
        nonMemberPurchases: previousRow.nonMemberPurchases + 1,
        nonMemberSalesFen: previousRow.nonMemberSalesFen + 12_345,
      },
    ]);
    const report = await dashboardFigures(db, managerA, CURRENT);
    expect(report.sales.nonMemberPurchases).toEqual(both(3, 1));
    expect(report.sales.nonMemberSalesFen).toEqual(both(55_000 + 12_345, 30_000));
  });

  it("leaves the stores it is not asked about alone", async () => {
    const [rowB] = await db
      .select()
      .from(storeDailyRollups)
      .where(and(eq(storeDailyRollups.storeId, stores.B.id), eq(storeDailyRollups.day, "2026-11-13")));
    await refreshDailyRollups(db, { ...WHOLE, storeIds: [stores.A.id] });
    const [again] = await db
      .select()
      .from(storeDailyRollups)
      .where(and(eq(storeDailyRollups.storeId, stores.B.id), eq(storeDailyRollups.day, "2026-11-13")));
    expect(again!.refreshedAt).toEqual(rowB!.refreshedAt);
  });
});

describe("the dashboard-rollups job", () => {
  it("refreshes the recent days and fills in older ones run by run until the oldest source row, changing no figure", async () => {
    const figuresBefore = figuresOf(await dashboardFigures(db, admin, CURRENT));
    const outcome = await runJob(db, "dashboard-rollups");
    expect(outcome.status).toBe("done");
    const now = new Date("2026-11-25T04:00:00Z");
    let runs = 0;
    for (;;) {
      runs += 1;
      const result = await inTx(db, (tx) => refreshRecentRollups(tx, now));
      if (result.backfilledFrom === null) break;
      expect(runs).toBeLessThan(6);
    }
    // m6 registered on 2024-01-01, the oldest row of the fixture.
    const [oldest] = await db
      .select({ day: storeDailyRollups.day })
      .from(storeDailyRollups)
      .where(eq(storeDailyRollups.storeId, stores.A.id))
      .orderBy(asc(storeDailyRollups.day))
      .limit(1);
    expect(oldest!.day <= "2024-01-01").toBe(true);
    const [registration] = await db
      .select({ newMembers: storeDailyRollups.newMembers })
      .from(storeDailyRollups)
      .where(and(eq(storeDailyRollups.storeId, stores.A.id), eq(storeDailyRollups.day, "2024-01-01")));
    expect(registration!.newMembers).toBe(1);
    expect(figuresOf(await dashboardFigures(db, admin, CURRENT))).toEqual(figuresBefore);
  });
});

describe.runIf(testDriver() === "postgres")("simultaneous refreshes", () => {
  it("six refreshes of overlapping ranges at once all finish, without a deadlock, and leave the rows one refresh leaves", async () => {
    const rows = () =>
      db
        .select()
        .from(storeDailyRollups)
        .where(inArray(storeDailyRollups.storeId, [stores.A.id, stores.B.id]))
        .orderBy(asc(storeDailyRollups.storeId), asc(storeDailyRollups.day))
        .then((list) => list.map((row) => ({ ...row, refreshedAt: null })));
    await refreshDailyRollups(db, WHOLE);
    const before = await rows();
    const ranges = [
      WHOLE,
      { from: "2026-11-05", to: "2026-11-25" },
      { ...WHOLE, storeIds: [stores.B.id, stores.A.id] },
    ];
    const results = await Promise.allSettled(
      [...ranges, ...ranges].map((range) => inTx(db, (tx) => refreshDailyRollups(tx, range))),
    );
    expect(results.filter((result) => result.status === "rejected")).toEqual([]);
    expect((await rows()).filter((row) => row.day <= WHOLE.to && row.day >= WHOLE.from)).toEqual(
      before.filter((row) => row.day <= WHOLE.to && row.day >= WHOLE.from),
    );
  });
});
