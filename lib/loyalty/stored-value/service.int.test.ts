import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { settings, storedValueCards, storedValueEntries } from "@/db/schema";
import { saveSetting } from "@/lib/settings/versioned";
import { errorOf } from "@/tests/helpers/errors";
import { storedValueFixtures } from "@/tests/helpers/loyalty";
import { insertMember } from "@/tests/helpers/members";
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
import { TOP_UP_BONUS_RULE } from "./schemas";
import { freezeCard, issueCard, refundPrincipal, reissueCard, topUp, unfreezeCard } from "./service";

// The staff's card operations (the POS side: pos.int.test.ts; permissions and scope: use-cases.int.test.ts).

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

const { newCard, entriesOf, cardRow } = storedValueFixtures(() => ({ db, storeId: storeA.id, actor: manager.actor }));

// The top-up bonus rule is a global setting: each test starts without one (no bonus).
beforeEach(async () => {
  await db.delete(settings).where(eq(settings.key, TOP_UP_BONUS_RULE.key));
});

/** Top up ¥1,000 get ¥100, in force since an hour ago. */
const tenPercentBonus = () =>
  saveSetting(
    db,
    manager.actor,
    TOP_UP_BONUS_RULE,
    { stepFen: 100_000, bonusPerStepFen: 10_000 },
    new Date(Date.now() - 3_600_000),
  );

describe("issuing and topping up", () => {
  it("issues a card with a generated number, an initial top-up and a bonus, and audits it", async () => {
    await tenPercentBonus();
    const member = await insertMember(db, { storeId: storeA.id });
    const card = await inTx(db, (tx) =>
      issueCard(tx, manager.actor, { storeId: storeA.id, memberId: member.id, initialTopUpFen: 100_000 }),
    );
    expect(card.cardNo).toMatch(/^SV\d{12}$/);
    expect(await cardBalance(db, card.cardId)).toEqual({
      principalFen: 100_000,
      bonusFen: 10_000,
      balanceFen: 110_000,
    });
    const row = await cardRow(card.cardId);
    expect(row).toMatchObject({ memberId: member.id, storeId: storeA.id, status: "active", issuedBy: manager.id });
    const [audit] = await auditEntries(db, { action: "stored_value.issue", entityId: card.cardId });
    expect(audit).toMatchObject({ actorStaffId: manager.id, storeId: storeA.id, entityType: "stored_value_card" });
    expect(audit!.details).toMatchObject({ cardNo: card.cardNo, initialTopUpFen: 100_000, bonusFen: 10_000 });
  });

  it("issues with a given number, refuses the same number twice, and an empty card has no entries", async () => {
    const cardNo = `GIFT-${uniqueSuffix(8).toUpperCase()}`;
    const first = await inTx(db, (tx) => issueCard(tx, manager.actor, { storeId: storeA.id, cardNo }));
    expect(first.cardNo).toBe(cardNo);
    expect(await entriesOf(first.cardId)).toHaveLength(0);
    const error = await errorOf(inTx(db, (tx) => issueCard(tx, manager.actor, { storeId: storeB.id, cardNo })));
    expect(error.code).toBe("conflict");
    expect(error.fieldErrors).toEqual({ cardNo: ["storedValueCardNoTaken"] });
    expect(await db.select().from(storedValueCards).where(eq(storedValueCards.cardNo, cardNo))).toHaveLength(1);
  });

  it("refuses a bonus without a top-up", async () => {
    const error = await errorOf(inTx(db, (tx) => issueCard(tx, manager.actor, { storeId: storeA.id, bonusFen: 500 })));
    expect(error.code).toBe("validation");
  });

  it("tops up principal with the rule's bonus (top up ¥1,000 get ¥100) and audits it", async () => {
    await tenPercentBonus();
    const card = await newCard();
    const after = await inTx(db, (tx) =>
      topUp(tx, manager.actor, { cardId: card.cardId, amountFen: 100_000, bonusFen: 10_000 }),
    );
    expect(after).toEqual({ principalFen: 100_000, bonusFen: 10_000, balanceFen: 110_000 });
    await inTx(db, (tx) => topUp(tx, manager.actor, { cardId: card.cardId, amountFen: 5_000, bonusFen: 0 }));
    expect(await cardBalance(db, card.cardId)).toEqual({
      principalFen: 105_000,
      bonusFen: 10_000,
      balanceFen: 115_000,
    });
    const entries = await entriesOf(card.cardId);
    expect(entries.map((e) => [e.kind, e.principalFen, e.bonusFen, e.createdBy])).toEqual([
      ["top_up", 100_000, 10_000, manager.id],
      ["top_up", 5_000, 0, manager.id],
    ]);
    expect(await auditEntries(db, { action: "stored_value.top_up", entityId: card.cardId })).toHaveLength(2);
  });
});

describe("freezing, reissuing and refunding principal", () => {
  it("a frozen card refuses spending and top-ups until unfrozen; each change is audited", async () => {
    const card = await newCard({ principalFen: 1_000 });
    await inTx(db, (tx) => freezeCard(tx, manager.actor, { cardId: card.cardId }));
    expect((await cardRow(card.cardId)).status).toBe("frozen");
    const spend = await errorOf(
      inTx(db, (tx) =>
        spendStoredValue(tx, { cardNo: card.cardNo, amountFen: 100, storeId: storeA.id, transactionId: null }),
      ),
    );
    expect(spend.code).toBe("card_not_usable");
    const top = await errorOf(
      inTx(db, (tx) => topUp(tx, manager.actor, { cardId: card.cardId, amountFen: 100, bonusFen: 0 })),
    );
    expect(top).toMatchObject({ code: "card_not_usable", message: "storedValueCardFrozen" });
    const twice = await errorOf(inTx(db, (tx) => freezeCard(tx, manager.actor, { cardId: card.cardId })));
    expect(twice.code).toBe("card_not_usable");

    await inTx(db, (tx) => unfreezeCard(tx, manager.actor, { cardId: card.cardId }));
    await inTx(db, (tx) =>
      spendStoredValue(tx, { cardNo: card.cardNo, amountFen: 100, storeId: storeA.id, transactionId: null }),
    );
    expect((await cardBalance(db, card.cardId)).balanceFen).toBe(900);
    const unfreezeActive = await errorOf(inTx(db, (tx) => unfreezeCard(tx, manager.actor, { cardId: card.cardId })));
    expect(unfreezeActive.code).toBe("card_not_usable");
    expect(await auditEntries(db, { action: "stored_value.freeze", entityId: card.cardId })).toHaveLength(1);
    expect(await auditEntries(db, { action: "stored_value.unfreeze", entityId: card.cardId })).toHaveLength(1);
  });

  it("reissue moves the whole balance (principal and bonus apart) to a new card of the same member", async () => {
    const member = await insertMember(db, { storeId: storeA.id });
    const old = await newCard({ memberId: member.id, principalFen: 800, bonusFen: 150 });
    await inTx(db, (tx) => freezeCard(tx, manager.actor, { cardId: old.cardId }));
    const fresh = await inTx(db, (tx) => reissueCard(tx, manager.actor, { cardId: old.cardId }));
    expect(fresh.movedFen).toBe(950);
    expect(await cardBalance(db, old.cardId)).toEqual({ principalFen: 0, bonusFen: 0, balanceFen: 0 });
    expect(await cardBalance(db, fresh.cardId)).toEqual({ principalFen: 800, bonusFen: 150, balanceFen: 950 });
    expect(await cardRow(old.cardId)).toMatchObject({ status: "replaced", replacedById: fresh.cardId });
    expect(await cardRow(fresh.cardId)).toMatchObject({ status: "active", memberId: member.id, storeId: storeA.id });
    expect((await entriesOf(old.cardId)).at(-1)).toMatchObject({
      kind: "transfer_out",
      principalFen: -800,
      bonusFen: -150,
    });
    expect(await entriesOf(fresh.cardId)).toMatchObject([{ kind: "transfer_in", principalFen: 800, bonusFen: 150 }]);
    const [audit] = await auditEntries(db, { action: "stored_value.reissue", entityId: old.cardId });
    expect(audit!.details).toMatchObject({ newCardId: fresh.cardId, principalFen: 800, bonusFen: 150 });

    // The old card is done: no spending, no second reissue, no refund.
    expect(
      (
        await errorOf(
          inTx(db, (tx) =>
            spendStoredValue(tx, { cardNo: old.cardNo, amountFen: 1, storeId: storeA.id, transactionId: null }),
          ),
        )
      ).code,
    ).toBe("card_not_usable");
    expect((await errorOf(inTx(db, (tx) => reissueCard(tx, manager.actor, { cardId: old.cardId })))).code).toBe(
      "card_not_usable",
    );
    expect((await errorOf(inTx(db, (tx) => refundPrincipal(tx, manager.actor, { cardId: old.cardId })))).code).toBe(
      "card_not_usable",
    );
  });

  it("a partial principal refund pays back principal only and keeps the card", async () => {
    const card = await newCard({ principalFen: 1_000, bonusFen: 100 });
    await inTx(db, (tx) =>
      spendStoredValue(tx, { cardNo: card.cardNo, amountFen: 300, storeId: storeA.id, transactionId: null }),
    );
    const tooMuch = await errorOf(
      inTx(db, (tx) => refundPrincipal(tx, manager.actor, { cardId: card.cardId, amountFen: 701 })),
    );
    expect(tooMuch.code).toBe("insufficient_balance");
    const result = await inTx(db, (tx) => refundPrincipal(tx, manager.actor, { cardId: card.cardId, amountFen: 200 }));
    expect(result).toMatchObject({
      refundedFen: 200,
      forfeitedBonusFen: 0,
      closed: false,
      balance: { principalFen: 500, bonusFen: 100, balanceFen: 600 },
    });
    expect((await cardRow(card.cardId)).status).toBe("active");
    expect((await entriesOf(card.cardId)).at(-1)).toMatchObject({
      kind: "principal_refund",
      principalFen: -200,
      bonusFen: 0,
    });
  });

  it("refunding the whole principal closes the card and forfeits the bonus in a bonus-only entry", async () => {
    const card = await newCard({ principalFen: 1_000, bonusFen: 100 });
    await inTx(db, (tx) =>
      spendStoredValue(tx, { cardNo: card.cardNo, amountFen: 400, storeId: storeA.id, transactionId: null }),
    );
    const result = await inTx(db, (tx) => refundPrincipal(tx, manager.actor, { cardId: card.cardId }));
    expect(result).toMatchObject({
      refundedFen: 600,
      forfeitedBonusFen: 100,
      closed: true,
      balance: { balanceFen: 0 },
    });
    expect((await cardRow(card.cardId)).status).toBe("closed");
    const refunds = (await entriesOf(card.cardId)).filter((e) => e.kind === "principal_refund");
    expect(refunds.map((e) => [e.principalFen, e.bonusFen, e.note !== null])).toEqual([
      [-600, 0, false],
      [0, -100, true],
    ]);
    const [audit] = await auditEntries(db, { action: "stored_value.refund_principal", entityId: card.cardId });
    expect(audit!.details).toMatchObject({ refundedFen: 600, forfeitedBonusFen: 100, closed: true });
    expect(
      (await errorOf(inTx(db, (tx) => topUp(tx, manager.actor, { cardId: card.cardId, amountFen: 1, bonusFen: 0 }))))
        .code,
    ).toBe("card_not_usable");
    expect((await errorOf(inTx(db, (tx) => refundPrincipal(tx, manager.actor, { cardId: card.cardId })))).code).toBe(
      "card_not_usable",
    );
  });

  it("refuses a principal refund when no principal is left", async () => {
    const card = await newCard({ principalFen: 100, bonusFen: 50 });
    await inTx(db, (tx) =>
      spendStoredValue(tx, { cardNo: card.cardNo, amountFen: 120, storeId: storeA.id, transactionId: null }),
    );
    const error = await errorOf(inTx(db, (tx) => refundPrincipal(tx, manager.actor, { cardId: card.cardId })));
    expect(error).toMatchObject({ code: "insufficient_balance", message: "storedValueNoPrincipal" });
  });
});

describe("the ledger", () => {
  it("is append-only: UPDATE and DELETE raise", async () => {
    const card = await newCard({ principalFen: 1_000 });
    const [entry] = await entriesOf(card.cardId);
    await expect(
      db.update(storedValueEntries).set({ principalFen: 1_000_000 }).where(eq(storedValueEntries.id, entry!.id)),
    ).rejects.toThrow();
    await expect(db.delete(storedValueEntries).where(eq(storedValueEntries.id, entry!.id))).rejects.toThrow();
    expect(await cardBalance(db, card.cardId)).toEqual({ principalFen: 1_000, bonusFen: 0, balanceFen: 1_000 });
  });
});
