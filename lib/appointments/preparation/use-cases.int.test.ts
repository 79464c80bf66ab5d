import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { appointmentPicks, appointments, appointmentTypes, salesTransactions } from "@/db/schema";
import type { StaffAccount } from "@/lib/staff/principal";
import { shiftDay } from "@/lib/time";
import { errorOf, expectAppError } from "@/tests/helpers/errors";
import { insertMember } from "@/tests/helpers/members";
import { createTestAccount, runAs } from "@/tests/helpers/run-as";
import {
  auditEntries,
  createTestStore,
  setupTestDatabase,
  testDriver,
  uniqueSuffix,
  type TestStore,
} from "@/tests/helpers/test-db";
import { appointmentInScopeOrThrow, listPicks, visitOutcome } from "./queries";
import { MAX_PICKS_PER_VISIT } from "./schemas";
import { addPickUseCase, linkPurchaseUseCase, removePickUseCase, unlinkPurchaseUseCase } from "./use-cases";

let db: Db;
let store: TestStore;
let otherStore: TestStore;
let advisor: StaffAccount;
let colleague: StaffAccount;
let manager: StaffAccount;
let otherManager: StaffAccount;
let typeId: string;

setupTestDatabase(async (opened) => {
  db = opened;
  store = await createTestStore(db);
  otherStore = await createTestStore(db);
  advisor = await createTestAccount(db, ["advisor"], [store.id]);
  colleague = await createTestAccount(db, ["advisor"], [store.id]);
  manager = await createTestAccount(db, ["manager"], [store.id]);
  otherManager = await createTestAccount(db, ["manager"], [otherStore.id]);
  const [type] = await db
    .insert(appointmentTypes)
    .values({ code: `t${uniqueSuffix(8)}`, nameZh: "珠宝鉴赏", nameEn: "Jewelry viewing", durationMin: 60 })
    .returning();
  typeId = type!.id;
});

/** A store-local instant in Asia/Shanghai (UTC+8): "2030-03-11 14:00". */
const at = (local: string) => new Date(`${local.replace(" ", "T")}:00+08:00`);

let visits = 0;
/** A visit (30 minutes), by default of `advisor` at 10:00 on a day of its own in January 2030, so that an advisor's visits never overlap. */
async function visit(options: {
  memberId: string;
  advisorId?: string;
  storeId?: string;
  status?: (typeof appointments.$inferInsert)["status"];
  startsAt?: string;
}) {
  const startsAt = at(options.startsAt ?? `${shiftDay("2030-01-01", { days: visits++ })} 10:00`);
  const endsAt = new Date(startsAt.getTime() + 30 * 60_000);
  const [row] = await db
    .insert(appointments)
    .values({
      storeId: options.storeId ?? store.id,
      memberId: options.memberId,
      typeId,
      advisorId: options.advisorId ?? advisor.id,
      startsAt,
      endsAt,
      blockedUntil: endsAt,
      status: options.status ?? "confirmed",
    })
    .returning({ id: appointments.id });
  return row!.id;
}

async function newMember(storeId = store.id) {
  return (await insertMember(db, { storeId })).id;
}

async function sale(
  values: { storeId?: string; memberId: string; occurredAt: string; fen?: number } & Partial<{
    kind: "purchase" | "refund";
    originalId: string;
  }>,
) {
  const [row] = await db
    .insert(salesTransactions)
    .values({
      storeId: values.storeId ?? store.id,
      memberId: values.memberId,
      externalId: `R-${uniqueSuffix(8)}`,
      kind: values.kind ?? "purchase",
      originalId: values.originalId ?? null,
      occurredAt: at(values.occurredAt),
      netPaidFen: values.fen ?? 100_000,
      totalPaidFen: values.fen ?? 100_000,
    })
    .returning({ id: salesTransactions.id });
  return row!.id;
}

async function outcomeOf(appointmentId: string) {
  const row = await appointmentInScopeOrThrow(db, manager, appointmentId);
  return visitOutcome(db, row);
}

const pick = (appointmentId: string, overrides: Record<string, unknown> = {}) => ({
  appointmentId,
  sku: "B-88",
  name: "翡翠手镯",
  priceFen: 1_280_000,
  note: "冰种，圈口 56",
  ...overrides,
});

describe("the tray of picks", () => {
  it("puts a piece on the tray, audited, and lists it", async () => {
    const appointmentId = await visit({ memberId: await newMember() });
    const { pickId } = await runAs(db, addPickUseCase, advisor, pick(appointmentId, { sku: "  B-88 " }));
    const picks = await listPicks(db, appointmentId);
    expect(picks).toEqual([
      expect.objectContaining({
        id: pickId,
        sku: "B-88",
        name: "翡翠手镯",
        priceFen: 1_280_000,
        note: "冰种，圈口 56",
      }),
    ]);
    const [audit] = await auditEntries(db, { action: "appointment.pick.add", entityId: appointmentId });
    expect(audit).toMatchObject({ actorStaffId: advisor.id, storeId: store.id, details: { pickId, sku: "B-88" } });
    // No price: a piece on request.
    await runAs(db, addPickUseCase, advisor, pick(appointmentId, { priceFen: null, note: undefined }));
    expect((await listPicks(db, appointmentId)).map((p) => p.priceFen)).toEqual([1_280_000, null]);
  });

  it("refuses a price that is not whole fen at least 0, NUL characters and 1 MB strings", async () => {
    const appointmentId = await visit({ memberId: await newMember() });
    const fields = async (input: Record<string, unknown>) =>
      (await expectAppError(runAs(db, addPickUseCase, advisor, pick(appointmentId, input)), "validation")).fieldErrors;
    expect(await fields({ priceFen: -1 })).toEqual({ priceFen: ["pickPriceInvalid"] });
    expect(await fields({ priceFen: 12.5 })).toEqual({ priceFen: ["pickPriceInvalid"] });
    expect(await fields({ priceFen: "100" })).toEqual({ priceFen: ["pickPriceInvalid"] });
    expect(await fields({ name: "翡翠\u0000手镯" })).toEqual({ name: ["noNulCharacter"] });
    expect(await fields({ sku: "x".repeat(1024 * 1024) })).toEqual({ sku: ["pickSkuTooLong"] });
    expect(await fields({ note: "注".repeat(1024 * 1024) })).toEqual({ note: ["pickNoteTooLong"] });
    expect(await fields({ name: "   " })).toEqual({ name: ["pickNameRequired"] });
    expect(await listPicks(db, appointmentId)).toEqual([]);
  });

  it("does not find another store's visit, and needs appointments.book", async () => {
    const appointmentId = await visit({ memberId: await newMember() });
    await expectAppError(runAs(db, addPickUseCase, otherManager, pick(appointmentId)), "not_found");
    const afterSales = await createTestAccount(db, ["after_sales"], [store.id]);
    await expectAppError(runAs(db, addPickUseCase, afterSales, pick(appointmentId)), "forbidden");
    const admin = await createTestAccount(db, ["admin"]);
    await expectAppError(runAs(db, addPickUseCase, admin, pick(appointmentId)), "forbidden");
    expect(await listPicks(db, appointmentId)).toEqual([]);
  });

  it("removes a piece, audited; a pick of another visit, or one already removed, is not found", async () => {
    const memberId = await newMember();
    const appointmentId = await visit({ memberId });
    const elsewhere = await visit({ memberId, advisorId: colleague.id });
    const { pickId } = await runAs(db, addPickUseCase, advisor, pick(appointmentId));
    await expectAppError(runAs(db, removePickUseCase, advisor, { appointmentId: elsewhere, pickId }), "not_found");
    await expectAppError(runAs(db, removePickUseCase, otherManager, { appointmentId, pickId }), "not_found");
    await runAs(db, removePickUseCase, colleague, { appointmentId, pickId });
    expect(await listPicks(db, appointmentId)).toEqual([]);
    await expectAppError(runAs(db, removePickUseCase, advisor, { appointmentId, pickId }), "not_found");
    const [audit] = await auditEntries(db, { action: "appointment.pick.remove", entityId: appointmentId });
    expect(audit).toMatchObject({ actorStaffId: colleague.id, details: { pickId, sku: "B-88" } });
  });

  it("keeps the tray of a cancelled visit as it was, and holds at most MAX_PICKS_PER_VISIT pieces", async () => {
    const cancelled = await visit({ memberId: await newMember(), status: "cancelled" });
    const error = await expectAppError(runAs(db, addPickUseCase, advisor, pick(cancelled)), "conflict");
    expect(error.details).toMatchObject({ reason: "trayClosed" });

    const full = await visit({ memberId: await newMember() });
    await db
      .insert(appointmentPicks)
      .values(
        Array.from({ length: MAX_PICKS_PER_VISIT }, (_, i) => ({ appointmentId: full, sku: `S${i}`, name: `款${i}` })),
      );
    const tooMany = await expectAppError(runAs(db, addPickUseCase, advisor, pick(full)), "conflict");
    expect(tooMany.details).toMatchObject({ reason: "trayFull" });
  });
});

describe("linking purchases to a visit", () => {
  let days = 0;
  /**
   * A member with a completed visit at 14:00 on a day of its own, a second visit of theirs that
   * evening with another advisor (checked in), and purchases around the first visit's day.
   */
  async function scenario() {
    const day = shiftDay("2030-03-01", { days: days++ });
    const next = shiftDay(day, { days: 1 });
    const memberId = await newMember();
    const visitId = await visit({ memberId, status: "completed", startsAt: `${day} 14:00` });
    const laterVisitId = await visit({
      memberId,
      advisorId: colleague.id,
      status: "checked_in",
      startsAt: `${day} 18:00`,
    });
    const ids: Record<string, string> = {};
    ids.sameDay = await sale({ memberId, occurredAt: `${day} 15:00`, fen: 500_000 });
    ids.nextDay = await sale({ memberId, occurredAt: `${next} 23:59`, fen: 120_000 });
    ids.tooLate = await sale({ memberId, occurredAt: `${shiftDay(day, { days: 2 })} 00:00` });
    ids.dayBefore = await sale({ memberId, occurredAt: `${shiftDay(day, { days: -1 })} 23:59` });
    ids.otherStore = await sale({ memberId, storeId: otherStore.id, occurredAt: `${day} 15:00` });
    ids.otherMember = await sale({ memberId: await newMember(), occurredAt: `${day} 15:00` });
    ids.refund = await sale({
      memberId,
      occurredAt: `${next} 10:00`,
      kind: "refund",
      originalId: ids.nextDay,
      fen: -20_000,
    });
    return { day, next, memberId, visitId, laterVisitId, ids };
  }

  it("offers only the member's purchases at the visit's store on its local day and the next", async () => {
    const { visitId, ids, day, next } = await scenario();
    const outcome = await outcomeOf(visitId);
    expect(outcome.open).toBe(true);
    expect(outcome.window).toEqual({ from: day, to: next });
    expect(outcome.purchases.map((p) => [p.id, p.linked])).toEqual([
      [ids.sameDay, false],
      [ids.nextDay, false],
    ]);
    expect(outcome.attributedTotalFen).toBe(0);
    for (const name of ["tooLate", "dayBefore", "otherStore", "otherMember", "refund"]) {
      await expectAppError(
        runAs(db, linkPurchaseUseCase, advisor, { appointmentId: visitId, transactionId: ids[name] }),
        "not_found",
      );
    }
  });

  it("links, shows the attributed total net of refunds, and takes a purchase off again", async () => {
    const { visitId, ids } = await scenario();
    await runAs(db, linkPurchaseUseCase, advisor, { appointmentId: visitId, transactionId: ids.sameDay });
    await runAs(db, linkPurchaseUseCase, advisor, { appointmentId: visitId, transactionId: ids.nextDay });
    // Linking again changes nothing (and is not audited twice).
    await runAs(db, linkPurchaseUseCase, advisor, { appointmentId: visitId, transactionId: ids.nextDay });
    let outcome = await outcomeOf(visitId);
    expect(outcome.purchases.filter((p) => p.linked).map((p) => p.id)).toEqual([ids.sameDay, ids.nextDay]);
    expect(outcome.purchases.find((p) => p.id === ids.nextDay)?.refundedFen).toBe(-20_000);
    expect(outcome.attributedTotalFen).toBe(600_000);
    expect(await auditEntries(db, { action: "appointment.purchase.link", entityId: visitId })).toHaveLength(2);

    await runAs(db, unlinkPurchaseUseCase, advisor, { appointmentId: visitId, transactionId: ids.nextDay });
    outcome = await outcomeOf(visitId);
    expect(outcome.purchases.map((p) => [p.id, p.linked])).toEqual([
      [ids.sameDay, true],
      [ids.nextDay, false],
    ]);
    expect(outcome.attributedTotalFen).toBe(500_000);
    await expectAppError(
      runAs(db, unlinkPurchaseUseCase, advisor, { appointmentId: visitId, transactionId: ids.nextDay }),
      "not_found",
    );
    const [audit] = await auditEntries(db, { action: "appointment.purchase.unlink", entityId: visitId });
    expect(audit).toMatchObject({ actorStaffId: advisor.id, details: { transactionId: ids.nextDay } });
  });

  it("refuses a purchase another visit holds with a conflict, and no longer offers it there", async () => {
    const { visitId, laterVisitId, ids } = await scenario();
    await runAs(db, linkPurchaseUseCase, advisor, { appointmentId: visitId, transactionId: ids.sameDay });
    const error = await expectAppError(
      runAs(db, linkPurchaseUseCase, colleague, { appointmentId: laterVisitId, transactionId: ids.sameDay }),
      "conflict",
    );
    expect(error.details).toEqual({ reason: "purchaseLinkedElsewhere" });
    expect((await outcomeOf(laterVisitId)).purchases.map((p) => p.id)).toEqual([ids.nextDay]);
  });

  it("links only to a visit the member came to, and not across stores", async () => {
    const { visitId, memberId, day, ids } = await scenario();
    await runAs(db, linkPurchaseUseCase, advisor, { appointmentId: visitId, transactionId: ids.sameDay });
    const confirmed = await visit({ memberId, advisorId: manager.id, startsAt: `${day} 16:00` });
    const error = await expectAppError(
      runAs(db, linkPurchaseUseCase, manager, { appointmentId: confirmed, transactionId: ids.nextDay }),
      "conflict",
    );
    expect(error.details).toMatchObject({ reason: "notAttended", status: "confirmed" });
    await expectAppError(
      runAs(db, linkPurchaseUseCase, otherManager, { appointmentId: visitId, transactionId: ids.nextDay }),
      "not_found",
    );
    await expectAppError(
      runAs(db, unlinkPurchaseUseCase, otherManager, { appointmentId: visitId, transactionId: ids.sameDay }),
      "not_found",
    );
  });

  describe.runIf(testDriver() === "postgres")("races", () => {
    it("two visits claiming one purchase at once: one links it, the other gets a clean conflict", async () => {
      const member = await newMember();
      const first = await visit({ memberId: member, status: "completed", startsAt: "2030-05-02 10:00" });
      const second = await visit({
        memberId: member,
        advisorId: colleague.id,
        status: "completed",
        startsAt: "2030-05-02 10:00",
      });
      const purchase = await sale({ memberId: member, occurredAt: "2030-05-02 11:00" });
      const results = await Promise.allSettled(
        [first, second].map((appointmentId, i) =>
          runAs(db, linkPurchaseUseCase, i === 0 ? advisor : colleague, { appointmentId, transactionId: purchase }),
        ),
      );
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const [rejected] = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
      const error = await errorOf(Promise.reject(rejected!.reason));
      expect(error.code).toBe("conflict");
      const holders = await db
        .select({ id: appointments.id })
        .from(appointments)
        .where(eq(appointments.memberId, member));
      const linked = await Promise.all(holders.map(async (h) => (await outcomeOf(h.id)).attributedTotalFen));
      expect(linked.sort()).toEqual([0, 100_000]);
    });
  });
});
