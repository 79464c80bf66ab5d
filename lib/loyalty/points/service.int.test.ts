import { addDays, subDays } from "date-fns";
import { eq, sql } from "drizzle-orm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { rowsOf } from "@/db/client";
import { pointsLots } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { insertMember } from "@/tests/helpers/members";
import { createTestStore, setupTestDatabase } from "@/tests/helpers/test-db";
import { pointsBalance } from "./queries";
import { creditPoints, debitPoints, expirePoints, lockMemberForPoints, lotExpiry } from "./service";

let db: Db;
let storeId: string;

setupTestDatabase(async (opened) => {
  db = opened;
  storeId = (await createTestStore(db)).id;
});

/** Runs `fn` in a transaction holding the member's lock, as every caller of the ledger must. */
function withMember<T>(memberId: string, fn: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await lockMemberForPoints(tx, memberId);
    return fn(tx);
  });
}

async function ledgerState(memberId: string) {
  const lots = await db.select().from(pointsLots).where(eq(pointsLots.memberId, memberId)).orderBy(pointsLots.id);
  const [sums] = rowsOf<{ entries: number; allocations_ok: boolean; debt: number }>(
    await db.execute(sql`
      select (select coalesce(sum(points), 0) from points_entries where member_id = ${memberId})::int as entries,
             not exists (
               select 1 from points_lots l
                where l.member_id = ${memberId}
                  and l.remaining <> l.points - coalesce((select sum(a.points) from points_allocations a where a.lot_id = l.id), 0)
             ) as allocations_ok,
             coalesce((select sum(-e.points - coalesce((select sum(a.points) from points_allocations a where a.entry_id = e.id), 0))
                         from points_entries e where e.member_id = ${memberId} and e.points < 0), 0)::int as debt`),
  );
  return {
    lots,
    balanceFromEntries: Number(sums!.entries),
    allocationsOk: sums!.allocations_ok,
    debt: Number(sums!.debt),
  };
}

describe("lot expiry", () => {
  it("is 23:59:59.999 on 31 December of the next year, in the store's time zone", () => {
    expect(lotExpiry(new Date("2026-03-05T10:00:00+08:00"), "Asia/Shanghai").toISOString()).toBe(
      "2027-12-31T15:59:59.999Z",
    );
    // 31 Dec 2026 23:30 in Shanghai is still 2026 there (but 15:30 UTC).
    expect(lotExpiry(new Date("2026-12-31T23:30:00+08:00"), "Asia/Shanghai").toISOString()).toBe(
      "2027-12-31T15:59:59.999Z",
    );
    // 1 Jan 2027 00:10 in Shanghai is 2027 there although it is still 2026 in UTC.
    expect(lotExpiry(new Date("2027-01-01T00:10:00+08:00"), "Asia/Shanghai").toISOString()).toBe(
      "2028-12-31T15:59:59.999Z",
    );
  });
});

describe("points ledger", () => {
  it("spends first-expiring lots first and records what each spend took", async () => {
    const member = await insertMember(db, { storeId });
    const now = new Date();
    await withMember(member.id, async (tx) => {
      await creditPoints(tx, { memberId: member.id, kind: "earn", points: 300, expiresAt: addDays(now, 300) });
      await creditPoints(tx, { memberId: member.id, kind: "earn", points: 200, expiresAt: addDays(now, 100) });
      await creditPoints(tx, { memberId: member.id, kind: "earn", points: 100, expiresAt: subDays(now, 1) }); // expired, not yet closed
    });
    await withMember(member.id, (tx) =>
      debitPoints(tx, { memberId: member.id, kind: "spend", points: 250, allowDebt: false }),
    );
    const state = await ledgerState(member.id);
    expect(state.lots.map((l) => l.remaining)).toEqual([250, 0, 100]);
    expect(state.allocationsOk).toBe(true);
    // The expired lot cannot be spent: 250 + 0 valid points left, not 350.
    await expect(
      withMember(member.id, (tx) =>
        debitPoints(tx, { memberId: member.id, kind: "spend", points: 251, allowDebt: false }),
      ),
    ).rejects.toMatchObject({ code: "insufficient_points" });
    expect(await pointsBalance(db, member.id)).toBe(350);
    const expired = await expirePoints(db, now);
    expect(expired.points).toBeGreaterThanOrEqual(100);
    expect(await pointsBalance(db, member.id)).toBe(250);
    // Idempotent: nothing more to expire for this member.
    await expirePoints(db, now);
    expect(await pointsBalance(db, member.id)).toBe(250);
  });

  it("leaves a debt when a reversal exceeds the lots, and the next earning repays it first", async () => {
    const member = await insertMember(db, { storeId });
    const far = addDays(new Date(), 400);
    await withMember(member.id, (tx) =>
      creditPoints(tx, { memberId: member.id, kind: "earn", points: 100, expiresAt: far }),
    );
    const reversal = await withMember(member.id, (tx) =>
      debitPoints(tx, { memberId: member.id, kind: "reversal", points: 160, allowDebt: true }),
    );
    expect(reversal).toMatchObject({ allocated: 100, debt: 60 });
    expect(await pointsBalance(db, member.id)).toBe(-60);
    const credit = await withMember(member.id, (tx) =>
      creditPoints(tx, { memberId: member.id, kind: "earn", points: 50, expiresAt: far }),
    );
    expect(credit.debtRepaid).toBe(50);
    const credit2 = await withMember(member.id, (tx) =>
      creditPoints(tx, { memberId: member.id, kind: "earn", points: 30, expiresAt: far }),
    );
    expect(credit2.debtRepaid).toBe(10);
    const state = await ledgerState(member.id);
    expect(state.balanceFromEntries).toBe(20);
    expect(state.debt).toBe(0);
    expect(state.lots.reduce((s, l) => s + l.remaining, 0)).toBe(20);
  });

  it("refuses to edit or delete ledger entries", async () => {
    const member = await insertMember(db, { storeId });
    await withMember(member.id, (tx) =>
      creditPoints(tx, { memberId: member.id, kind: "activity", points: 50, expiresAt: addDays(new Date(), 10) }),
    );
    const failure = (query: Promise<unknown>) =>
      query.then(
        () => "succeeded",
        (e: Error & { cause?: Error }) => `${e.message} ${e.cause?.message ?? ""}`,
      );
    expect(
      await failure(db.execute(sql`update points_entries set points = 5000 where member_id = ${member.id}`)),
    ).toMatch(/append-only/);
    expect(await failure(db.execute(sql`delete from points_entries where member_id = ${member.id}`))).toMatch(
      /append-only/,
    );
    expect(await pointsBalance(db, member.id)).toBe(50);
  });

  it("keeps balance = sum of entries = open lots − debt, and spends FIFO, for any sequence (property)", async () => {
    type Op =
      | { op: "credit"; points: number; days: number }
      | { op: "spend"; points: number }
      | { op: "reverse"; points: number }
      | { op: "expire" };
    const opArb: fc.Arbitrary<Op> = fc.oneof(
      fc.record({
        op: fc.constant("credit" as const),
        points: fc.integer({ min: 1, max: 500 }),
        days: fc.integer({ min: -30, max: 700 }),
      }),
      fc.record({ op: fc.constant("spend" as const), points: fc.integer({ min: 1, max: 600 }) }),
      fc.record({ op: fc.constant("reverse" as const), points: fc.integer({ min: 1, max: 300 }) }),
      fc.constant({ op: "expire" as const }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 12 }), async (ops) => {
        const member = await insertMember(db, { storeId });
        const now = new Date();
        // The model: lots in creation order with their expiry; a debt counter.
        const model: { remaining: number; expiresAt: number; id: number }[] = [];
        let debt = 0;
        for (const [i, step] of ops.entries()) {
          if (step.op === "credit") {
            const expiresAt = addDays(now, step.days === 0 ? 1 : step.days);
            await withMember(member.id, (tx) =>
              creditPoints(tx, { memberId: member.id, kind: "earn", points: step.points, expiresAt }),
            );
            const repay = Math.min(debt, step.points);
            debt -= repay;
            model.push({ remaining: step.points - repay, expiresAt: expiresAt.getTime(), id: i });
          } else if (step.op === "spend") {
            const open = model
              .filter((l) => l.remaining > 0 && l.expiresAt > Date.now())
              .sort((a, b) => a.expiresAt - b.expiresAt || a.id - b.id);
            const available = open.reduce((s, l) => s + l.remaining, 0);
            const attempt = withMember(member.id, (tx) =>
              debitPoints(tx, { memberId: member.id, kind: "spend", points: step.points, allowDebt: false }),
            );
            if (available < step.points) {
              await expect(attempt).rejects.toBeInstanceOf(AppError);
              continue;
            }
            await attempt;
            let left = step.points;
            for (const lot of open) {
              const take = Math.min(left, lot.remaining);
              lot.remaining -= take;
              left -= take;
            }
          } else if (step.op === "reverse") {
            await withMember(member.id, (tx) =>
              debitPoints(tx, { memberId: member.id, kind: "reversal", points: step.points, allowDebt: true }),
            );
            let left = step.points;
            for (const lot of model
              .filter((l) => l.remaining > 0)
              .sort((a, b) => a.expiresAt - b.expiresAt || a.id - b.id)) {
              const take = Math.min(left, lot.remaining);
              lot.remaining -= take;
              left -= take;
            }
            debt += left;
          } else {
            const at = new Date();
            await withMember(member.id, () => Promise.resolve());
            await db.transaction(async (tx) => {
              await expirePoints(tx, at);
            });
            for (const lot of model) if (lot.expiresAt <= at.getTime()) lot.remaining = 0;
          }
        }
        const state = await ledgerState(member.id);
        const modelBalance = model.reduce((s, l) => s + l.remaining, 0) - debt;
        expect(state.allocationsOk).toBe(true);
        expect(state.balanceFromEntries).toBe(modelBalance);
        expect(await pointsBalance(db, member.id)).toBe(modelBalance);
        expect(state.debt).toBe(debt);
        expect(state.lots.map((l) => l.remaining)).toEqual(model.map((l) => l.remaining));
      }),
      { numRuns: 25 },
    );
  });
});
