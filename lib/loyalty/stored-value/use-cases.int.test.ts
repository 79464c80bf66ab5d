import { addDays, format } from "date-fns";
import { tz } from "@date-fns/tz";
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { memberCards, settings, storedValueCards } from "@/db/schema";
import type { Role } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import { saveSetting } from "@/lib/settings/versioned";
import { errorOf } from "@/tests/helpers/errors";
import { storedValueFixtures } from "@/tests/helpers/loyalty";
import { insertMember } from "@/tests/helpers/members";
import { createTestAccount, runAs } from "@/tests/helpers/run-as";
import {
  auditEntries,
  createTestStaff,
  createTestStore,
  inTx,
  setupTestDatabase,
  uniqueSuffix,
  type TestStaff,
  type TestStore,
} from "@/tests/helpers/test-db";
import { cardBalance } from "./ledger";
import { spendStoredValue } from "./pos";
import {
  cardListParamsSchema,
  getCardDetail,
  listCards,
  memberStoredValueSummary,
  topUpBonusRuleOverview,
} from "./queries";
import { TOP_UP_BONUS_RULE, type TopUpBonusRule } from "./schemas";
import { freezeCard, topUp } from "./service";
import {
  findCardMemberUseCase,
  freezeCardUseCase,
  issueStoredValueCardUseCase,
  refundPrincipalUseCase,
  reissueCardUseCase,
  saveTopUpBonusRuleUseCase,
  topUpUseCase,
  unfreezeCardUseCase,
} from "./use-cases";

// Through the use cases (as the server actions run them): permissions and store scope.

let db: Db;
let storeA: TestStore;
let storeB: TestStore;
let manager: TestStaff;

setupTestDatabase(async (opened) => {
  db = opened;
  storeA = await createTestStore(db);
  storeB = await createTestStore(db);
  manager = await createTestStaff(db, { roles: ["manager"], storeIds: [storeA.id] });
});

const { newCard, cardRow, entriesOf } = storedValueFixtures(() => ({ db, storeId: storeA.id, actor: manager.actor }));

// The top-up bonus rule is a global setting: each test starts without one (no bonus).
beforeEach(async () => {
  await db.delete(settings).where(eq(settings.key, TOP_UP_BONUS_RULE.key));
});

/** A version of the top-up bonus rule, in force since an hour ago unless told. */
function bonusRule(rule: TopUpBonusRule, effectiveFrom = new Date(Date.now() - 3_600_000)) {
  return saveSetting(db, manager.actor, TOP_UP_BONUS_RULE, rule, effectiveFrom);
}

describe("store scope", () => {
  it("lists, shows and sums only the cards of the staff member's stores", async () => {
    const member = await insertMember(db, { storeId: storeA.id, name: "王小明" });
    const own = await newCard({ memberId: member.id, principalFen: 1_000, bonusFen: 100 });
    const other = await newCard({ storeId: storeB.id, memberId: member.id, principalFen: 5_000 });
    const scopeA = { kind: "stores" as const, storeIds: [storeA.id] };

    const list = await listCards(db, scopeA, cardListParamsSchema.parse({ member: member.id }));
    expect(list.total).toBe(1);
    expect(list.rows[0]).toMatchObject({
      id: own.cardId,
      memberName: "王*明",
      principalFen: 1_000,
      bonusFen: 100,
      balanceFen: 1_100,
      store: { id: storeA.id },
    });
    expect((await listCards(db, { kind: "all" }, cardListParamsSchema.parse({ member: member.id }))).total).toBe(2);
    expect(
      (await listCards(db, { kind: "stores", storeIds: [] }, cardListParamsSchema.parse({ member: member.id }))).total,
    ).toBe(0);

    expect(await getCardDetail(db, scopeA, other.cardId)).toBeNull();
    const detail = await getCardDetail(db, scopeA, own.cardId);
    expect(detail).toMatchObject({
      cardNo: own.cardNo,
      balanceFen: 1_100,
      member: { id: member.id, maskedName: "王*明" },
    });
    expect(detail!.ledger.rows).toMatchObject([
      { kind: "top_up", principalFen: 1_000, bonusFen: 100, balanceAfterFen: 1_100 },
    ]);

    expect(await memberStoredValueSummary(db, scopeA, member.id)).toMatchObject({
      totalFen: 1_100,
      cards: [{ id: own.cardId }],
    });
    expect((await memberStoredValueSummary(db, { kind: "all" }, member.id)).totalFen).toBe(6_100);

    // Acting on another store's card is "not found", and nothing changes.
    const staffA = await createTestAccount(db, ["manager"], [storeA.id]);
    expect(
      (await errorOf(runAs(db, topUpUseCase, staffA, { cardId: other.cardId, amountFen: 100, bonusFen: 0 }))).code,
    ).toBe("not_found");
    expect((await errorOf(runAs(db, freezeCardUseCase, staffA, { cardId: other.cardId }))).code).toBe("not_found");
    expect((await errorOf(runAs(db, refundPrincipalUseCase, staffA, { cardId: other.cardId }))).code).toBe("not_found");
    expect((await errorOf(runAs(db, issueStoredValueCardUseCase, staffA, { storeId: storeB.id }))).code).toBe(
      "not_found",
    );
    expect((await cardBalance(db, other.cardId)).balanceFen).toBe(5_000);
    expect((await cardRow(other.cardId)).status).toBe("active");
  });

  it("the ledger page shows the running balance after each entry, newest first", async () => {
    await bonusRule({ stepFen: 500, bonusPerStepFen: 50 });
    const card = await newCard({ principalFen: 1_000 });
    await inTx(db, (tx) =>
      spendStoredValue(tx, { cardNo: card.cardNo, amountFen: 300, storeId: storeA.id, transactionId: null }),
    );
    await inTx(db, (tx) => topUp(tx, manager.actor, { cardId: card.cardId, amountFen: 500, bonusFen: 50 }));
    const detail = await getCardDetail(db, { kind: "all" }, card.cardId, { page: 1, pageSize: 2, dir: "desc" });
    expect(detail!.ledger.total).toBe(3);
    expect(detail!.ledger.rows.map((r) => [r.kind, r.balanceAfterFen])).toEqual([
      ["top_up", 1_250],
      ["spend", 700],
    ]);
  });
});

describe("permissions of every action for every role", () => {
  // manage: issue, top-up, freeze, unfreeze, reissue; refund: principal refund (managers only).
  const MANAGE: Record<Role, boolean> = {
    admin: true,
    manager: true,
    service: true,
    advisor: false,
    after_sales: false,
  };
  const REFUND: Record<Role, boolean> = {
    admin: false,
    manager: true,
    service: false,
    advisor: false,
    after_sales: false,
  };
  const roles = Object.keys(MANAGE) as Role[];

  it.each(roles)("%s", async (role) => {
    const staff = await createTestAccount(db, [role], [storeA.id]);
    const card = async (status: "active" | "frozen" = "active") => {
      const c = await newCard({ principalFen: 1_000 });
      if (status === "frozen") await inTx(db, (tx) => freezeCard(tx, manager.actor, { cardId: c.cardId }));
      return c.cardId;
    };
    const attempts: [string, boolean, () => Promise<unknown>][] = [
      [
        "issue",
        MANAGE[role],
        () => runAs(db, issueStoredValueCardUseCase, staff, { storeId: storeA.id, initialTopUpFen: 100 }),
      ],
      ["top-up", MANAGE[role], async () => runAs(db, topUpUseCase, staff, { cardId: await card(), amountFen: 100 })],
      ["freeze", MANAGE[role], async () => runAs(db, freezeCardUseCase, staff, { cardId: await card() })],
      ["unfreeze", MANAGE[role], async () => runAs(db, unfreezeCardUseCase, staff, { cardId: await card("frozen") })],
      ["reissue", MANAGE[role], async () => runAs(db, reissueCardUseCase, staff, { cardId: await card("frozen") })],
      [
        "refund principal",
        REFUND[role],
        async () => runAs(db, refundPrincipalUseCase, staff, { cardId: await card(), amountFen: 100 }),
      ],
    ];
    for (const [name, allowed, attempt] of attempts) {
      const outcome = await attempt().then(
        () => "ok",
        (e: unknown) => (e instanceof AppError ? e.code : String(e)),
      );
      expect(`${name}: ${outcome}`).toBe(`${name}: ${allowed ? "ok" : "forbidden"}`);
    }
  });

  it("actions write their audit entry with the acting staff member and IP", async () => {
    const staff = await createTestAccount(db, ["manager"], [storeA.id]);
    const issued = await runAs(db, issueStoredValueCardUseCase, staff, {
      storeId: storeA.id,
      cardNo: "",
      initialTopUpFen: 100_000,
    });
    const [audit] = await auditEntries(db, { action: "stored_value.issue", entityId: issued.cardId });
    expect(audit).toMatchObject({ actorStaffId: staff.id, actorLabel: staff.username, ip: "127.0.0.1" });
    const invalid = await errorOf(runAs(db, topUpUseCase, staff, { cardId: issued.cardId, amountFen: 0 }));
    expect(invalid.code).toBe("validation");
    expect(Object.keys(invalid.fieldErrors ?? {})).toContain("amountFen");
  });

  it("the issue form finds members of the staff member's stores by mobile or member card number, masked", async () => {
    const staff = await createTestAccount(db, ["service"], [storeA.id]);
    const phone = `+86139${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;
    const member = await insertMember(db, { storeId: storeA.id, name: "陈美玲", phone });
    const cardNo = `M${uniqueSuffix(8).toUpperCase()}`;
    await db.insert(memberCards).values({ cardNo, memberId: member.id });
    const stranger = await insertMember(db, { storeId: storeB.id });
    const national = phone.slice(3);
    expect(
      await runAs(db, findCardMemberUseCase, staff, {
        query: `${national.slice(0, 3)} ${national.slice(3, 7)} ${national.slice(7)}`,
      }),
    ).toEqual([
      {
        id: member.id,
        maskedName: "陈*玲",
        maskedPhone: `${national.slice(0, 3)}****${national.slice(-4)}`,
        storeCode: storeA.code,
      },
    ]);
    expect((await runAs(db, findCardMemberUseCase, staff, { query: cardNo.toLowerCase() })).map((m) => m.id)).toEqual([
      member.id,
    ]);
    expect(await runAs(db, findCardMemberUseCase, staff, { query: stranger.phoneE164!.slice(3) })).toEqual([]);
    const advisor = await createTestAccount(db, ["advisor"], [storeA.id]);
    expect((await errorOf(runAs(db, findCardMemberUseCase, advisor, { query: national }))).code).toBe("forbidden");
  });

  it("issuing to a member outside the staff member's stores is not found", async () => {
    const staff = await createTestAccount(db, ["manager"], [storeA.id]);
    const stranger = await insertMember(db, { storeId: storeB.id });
    const error = await errorOf(
      runAs(db, issueStoredValueCardUseCase, staff, { storeId: storeA.id, memberId: stranger.id }),
    );
    expect(error.code).toBe("not_found");
  });
});

describe("top-up bonus rule", () => {
  it("a customer-service top-up of ¥0.01 with a bonus of ¥1,000,000 is refused and writes nothing", async () => {
    const service = await createTestAccount(db, ["service"], [storeA.id]);
    const card = await newCard();
    const error = await errorOf(
      runAs(db, topUpUseCase, service, { cardId: card.cardId, amountFen: 1, bonusFen: 100_000_000 }),
    );
    expect(error).toMatchObject({ code: "validation", fieldErrors: { bonusFen: ["storedValueBonusNotRule"] } });
    expect(await entriesOf(card.cardId)).toEqual([]);
    expect(await auditEntries(db, { action: "stored_value.top_up", entityId: card.cardId })).toEqual([]);

    // Issuing with that first top-up is refused too, before the card exists.
    const cardNo = `FREE-${uniqueSuffix(8).toUpperCase()}`;
    const issue = await errorOf(
      runAs(db, issueStoredValueCardUseCase, service, {
        storeId: storeA.id,
        cardNo,
        initialTopUpFen: 1,
        bonusFen: 100_000_000,
      }),
    );
    expect(issue.fieldErrors).toEqual({ bonusFen: ["storedValueBonusNotRule"] });
    expect(await db.select().from(storedValueCards).where(eq(storedValueCards.cardNo, cardNo))).toEqual([]);
    expect(await auditEntries(db, { actorStaffId: service.id })).toEqual([]);
  });

  it("with a rule of ¥100 per ¥1,000 saved by an admin, a top-up of ¥2,500 gets ¥200 bonus", async () => {
    const admin = await createTestAccount(db, ["admin"], [storeA.id]);
    const service = await createTestAccount(db, ["service"], [storeA.id]);
    const rule = { effectiveFrom: "", stepYuan: "1,000", bonusPerStepYuan: "100" };
    // The earn rules' admins set it; the desk cannot.
    for (const role of ["service", "manager"] as const) {
      const staff = await createTestAccount(db, [role], [storeA.id]);
      expect((await errorOf(runAs(db, saveTopUpBonusRuleUseCase, staff, rule))).code).toBe("forbidden");
    }
    const saved = await runAs(db, saveTopUpBonusRuleUseCase, admin, rule);
    const audits = await auditEntries(db, { action: "settings.save", actorStaffId: admin.id });
    expect(audits).toMatchObject([
      { entityId: TOP_UP_BONUS_RULE.key, details: { value: { stepFen: 100_000, bonusPerStepFen: 10_000 } } },
    ]);

    const card = await newCard();
    expect(await runAs(db, topUpUseCase, service, { cardId: card.cardId, amountFen: 250_000 })).toEqual({
      principalFen: 250_000,
      bonusFen: 20_000,
      balanceFen: 270_000,
    });
    // The bonus the form showed is accepted when it is the rule's, refused otherwise.
    await runAs(db, topUpUseCase, service, { cardId: card.cardId, amountFen: 250_000, bonusFen: 20_000 });
    const wrong = await errorOf(
      runAs(db, topUpUseCase, service, { cardId: card.cardId, amountFen: 250_000, bonusFen: 25_000 }),
    );
    expect(wrong.fieldErrors).toEqual({ bonusFen: ["storedValueBonusNotRule"] });
    expect((await entriesOf(card.cardId)).map((e) => [e.principalFen, e.bonusFen])).toEqual([
      [250_000, 20_000],
      [250_000, 20_000],
    ]);

    const issued = await runAs(db, issueStoredValueCardUseCase, service, {
      storeId: storeA.id,
      initialTopUpFen: 99_999,
    });
    expect((await entriesOf(issued.cardId)).map((e) => [e.principalFen, e.bonusFen])).toEqual([[99_999, 0]]);
    expect(saved.effectiveFrom.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it("a new rule version applies from its effective time", async () => {
    const admin = await createTestAccount(db, ["admin"], [storeA.id]);
    await bonusRule({ stepFen: 100_000, bonusPerStepFen: 10_000 });
    const tomorrow = format(addDays(new Date(), 1), "yyyy-MM-dd'T'HH:mm", { in: tz("Asia/Shanghai") });
    const next = await runAs(db, saveTopUpBonusRuleUseCase, admin, {
      effectiveFrom: tomorrow,
      stepYuan: "500",
      bonusPerStepYuan: "80",
    });
    const overview = await topUpBonusRuleOverview(db);
    expect(overview.inForce).toEqual({ stepFen: 100_000, bonusPerStepFen: 10_000 });
    expect(overview.versions.map((v) => v.status)).toEqual(["scheduled", "in_force"]);

    const card = await newCard();
    const service = await createTestAccount(db, ["service"], [storeA.id]);
    // Today the version in force gives ¥200 on ¥2,500, whatever is scheduled.
    await runAs(db, topUpUseCase, service, { cardId: card.cardId, amountFen: 250_000, bonusFen: 20_000 });
    const scheduledBonus = await errorOf(
      runAs(db, topUpUseCase, service, { cardId: card.cardId, amountFen: 250_000, bonusFen: 40_000 }),
    );
    expect(scheduledBonus.fieldErrors).toEqual({ bonusFen: ["storedValueBonusNotRule"] });
    // A minute before the new version, the old one; from its moment on, ¥80 per full ¥500.
    const before = new Date(next.effectiveFrom.getTime() - 60_000);
    await inTx(db, (tx) => topUp(tx, manager.actor, { cardId: card.cardId, amountFen: 250_000 }, before));
    await inTx(db, (tx) => topUp(tx, manager.actor, { cardId: card.cardId, amountFen: 250_000 }, next.effectiveFrom));
    expect((await entriesOf(card.cardId)).map((e) => e.bonusFen)).toEqual([20_000, 20_000, 40_000]);
  });
});
