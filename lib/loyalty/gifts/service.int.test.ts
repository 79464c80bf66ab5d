import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { openDatabase, rowsOf, type Db } from "@/db/client";
import { gifts, redemptions } from "@/db/schema";
import type { UseCase } from "@/lib/actions/use-case";
import { hasPermission, ROLES, type Role } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import { errorOf } from "@/tests/helpers/errors";
import { insertMember } from "@/tests/helpers/members";
import { runAs } from "@/tests/helpers/run-as";
import {
  auditEntries,
  createTestStaff,
  createTestStore,
  setupTestDatabase,
  testDriver,
  uniqueSuffix,
  type TestStaff,
} from "@/tests/helpers/test-db";
import { getGift, giftListParamsSchema, listGifts } from "./queries";
import { createGiftSchema } from "./schemas";
import {
  createGift,
  DEMO_GIFTS,
  restockGift,
  seedDemoGifts,
  setGiftActive,
  takeGiftStock,
  updateGift,
} from "./service";
import {
  activateGiftUseCase,
  createGiftUseCase,
  deactivateGiftUseCase,
  restockGiftUseCase,
  updateGiftUseCase,
} from "./use-cases";

let db: Db;
let admin: TestStaff;

setupTestDatabase(async (opened) => {
  db = opened;
  admin = await createTestStaff(db, { roles: ["admin"], allStores: true });
});

function newCode(prefix = "G") {
  return `${prefix}-${uniqueSuffix(8).toUpperCase()}`;
}

async function giftWith(options: { stock?: number; pointsCost?: number; active?: boolean } = {}) {
  const code = newCode();
  const { id } = await createGift(
    db,
    admin.actor,
    createGiftSchema.parse({
      code,
      nameZh: "测试礼品",
      nameEn: "Test gift",
      pointsCost: options.pointsCost ?? 500,
      stock: options.stock ?? 10,
    }),
  );
  if (options.active === false) await setGiftActive(db, admin.actor, id, false);
  return { id, code };
}

async function stockOf(id: string) {
  const [row] = await db.select({ stock: gifts.stock }).from(gifts).where(eq(gifts.id, id));
  return row!.stock;
}

describe("gift catalogue", () => {
  it("creates a gift with an upper-cased code and audits it; the same code again is refused on the code field", async () => {
    const code = newCode();
    const input = createGiftSchema.parse({
      code: ` ${code.toLowerCase()} `,
      nameZh: " 品牌帆布袋 ",
      nameEn: "Tote bag",
      pointsCost: 1500,
      stock: 30,
    });
    const { id } = await createGift(db, admin.actor, input);
    const [row] = await db.select().from(gifts).where(eq(gifts.id, id));
    expect(row).toMatchObject({
      code,
      nameZh: "品牌帆布袋",
      nameEn: "Tote bag",
      pointsCost: 1500,
      stock: 30,
      active: true,
    });
    const [audit] = await auditEntries(db, { action: "gifts.create", entityId: id });
    expect(audit).toMatchObject({
      actorStaffId: admin.id,
      entityType: "gift",
      details: expect.objectContaining({ code, stock: 30 }),
    });

    const error = await errorOf(createGift(db, admin.actor, { ...input, nameZh: "另一个" }));
    expect(error.code).toBe("conflict");
    expect(error.fieldErrors).toEqual({ code: ["giftCodeTaken"] });
  });

  it("the schema refuses bad codes, a zero points cost, negative or fractional stock", () => {
    const good = { code: "COFFEE-M", nameZh: "咖啡券", nameEn: "Coffee", pointsCost: 600, stock: 0 };
    expect(createGiftSchema.safeParse(good).success).toBe(true);
    for (const bad of [
      { code: "x" },
      { code: "咖啡" },
      { code: "-AB" },
      { pointsCost: 0 },
      { stock: -1 },
      { stock: 1.5 },
      { pointsCost: Number.NaN },
      { nameZh: " " },
    ]) {
      expect(createGiftSchema.safeParse({ ...good, ...bad }).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it("an edit changes names and cost only, and audits what each changed field was", async () => {
    const { id, code } = await giftWith({ stock: 7, pointsCost: 500 });
    const result = await updateGift(db, admin.actor, {
      id,
      nameZh: "测试礼品",
      nameEn: "Renamed gift",
      pointsCost: 650,
    });
    expect(result.changed).toBe(true);
    const [row] = await db.select().from(gifts).where(eq(gifts.id, id));
    expect(row).toMatchObject({ code, nameEn: "Renamed gift", pointsCost: 650, stock: 7 });
    const [audit] = await auditEntries(db, { action: "gifts.update", entityId: id });
    expect(audit!.details).toEqual({
      code,
      changes: { nameEn: { from: "Test gift", to: "Renamed gift" }, pointsCost: { from: 500, to: 650 } },
    });

    expect(
      (await updateGift(db, admin.actor, { id, nameZh: "测试礼品", nameEn: "Renamed gift", pointsCost: 650 })).changed,
    ).toBe(false);
    expect(await auditEntries(db, { action: "gifts.update", entityId: id })).toHaveLength(1);
    expect(
      (await errorOf(updateGift(db, admin.actor, { id: crypto.randomUUID(), nameZh: "x", nameEn: "x", pointsCost: 1 })))
        .code,
    ).toBe("not_found");
  });

  it("restock adds to the stock and audits the quantity and the stock after", async () => {
    const { id } = await giftWith({ stock: 3 });
    expect(await restockGift(db, admin.actor, { id, quantity: 20, note: "到货" })).toEqual({ stock: 23 });
    expect(await stockOf(id)).toBe(23);
    const [audit] = await auditEntries(db, { action: "gifts.restock", entityId: id });
    expect(audit!.details).toMatchObject({ quantity: 20, stockAfter: 23, note: "到货" });
    expect((await errorOf(restockGift(db, admin.actor, { id: crypto.randomUUID(), quantity: 1 }))).code).toBe(
      "not_found",
    );
  });

  it("deactivate and activate flip the flag once each, audited; repeating one changes nothing", async () => {
    const { id } = await giftWith();
    expect(await setGiftActive(db, admin.actor, id, false)).toEqual({ changed: true });
    expect(await setGiftActive(db, admin.actor, id, false)).toEqual({ changed: false });
    expect((await db.select().from(gifts).where(eq(gifts.id, id)))[0]!.active).toBe(false);
    expect(await setGiftActive(db, admin.actor, id, true)).toEqual({ changed: true });
    expect(await auditEntries(db, { action: "gifts.deactivate", entityId: id })).toHaveLength(1);
    expect(await auditEntries(db, { action: "gifts.activate", entityId: id })).toHaveLength(1);
    expect((await errorOf(setGiftActive(db, admin.actor, crypto.randomUUID(), false))).code).toBe("not_found");
  });

  it("the database refuses a negative stock and deleting a gift that has redemptions", async () => {
    const { id } = await giftWith({ stock: 1 });
    await expect(db.update(gifts).set({ stock: -1 }).where(eq(gifts.id, id))).rejects.toThrow();
    const member = await insertMember(db, { storeId: (await createTestStore(db)).id });
    await db.insert(redemptions).values({ memberId: member.id, type: "gift", giftId: id, quantity: 1, points: 500 });
    await expect(db.delete(gifts).where(eq(gifts.id, id))).rejects.toThrow();
    expect(await stockOf(id)).toBe(1);
  });
});

describe("takeGiftStock", () => {
  it("takes the quantity and returns the gift and its unit cost", async () => {
    const { id, code } = await giftWith({ stock: 5, pointsCost: 800 });
    const taken = await takeGiftStock(db, { giftCode: code.toLowerCase(), quantity: 2 });
    expect(taken).toMatchObject({ giftId: id, pointsCost: 800, stockLeft: 3 });
    expect(await stockOf(id)).toBe(3);
  });

  it("tells an unknown or inactive code (not_found) from too little stock (out_of_stock), and changes nothing", async () => {
    const few = await giftWith({ stock: 2 });
    expect((await errorOf(takeGiftStock(db, { giftCode: few.code, quantity: 3 }))).code).toBe("out_of_stock");
    expect(await stockOf(few.id)).toBe(2);

    const empty = await giftWith({ stock: 0 });
    expect((await errorOf(takeGiftStock(db, { giftCode: empty.code, quantity: 1 }))).code).toBe("out_of_stock");

    expect((await errorOf(takeGiftStock(db, { giftCode: "NO-SUCH-GIFT", quantity: 1 }))).code).toBe("not_found");

    const inactive = await giftWith({ stock: 9, active: false });
    expect((await errorOf(takeGiftStock(db, { giftCode: inactive.code, quantity: 1 }))).code).toBe("not_found");
    expect(await stockOf(inactive.id)).toBe(9);

    for (const quantity of [0, -1, 1.5]) {
      expect((await errorOf(takeGiftStock(db, { giftCode: few.code, quantity }))).code).toBe("validation");
    }
    expect(await stockOf(few.id)).toBe(2);
  });

  it("a take inside a transaction that rolls back puts the stock back", async () => {
    const { id, code } = await giftWith({ stock: 4 });
    await expect(
      db.transaction(async (tx) => {
        await takeGiftStock(tx, { giftCode: code, quantity: 3 });
        throw new Error("redemption failed later");
      }),
    ).rejects.toThrow("redemption failed later");
    expect(await stockOf(id)).toBe(4);
  });

  // A race: on PGlite (one connection) the transactions would run one after another and prove nothing.
  it.runIf(testDriver() === "postgres")(
    "30 simultaneous takes of 1 from a stock of 10: exactly 10 succeed, the other 20 are out of stock, and 0 are left (needs real PostgreSQL)",
    async () => {
      const { id, code } = await giftWith({ stock: 10 });
      const takers = 30;

      // Every take runs in its own transaction on its own connection; all of them have begun before
      // any takes, and each holds its row lock a moment before committing, so that the others queue
      // on the row and re-check the guard against the committed stock.
      const [{ name }] = rowsOf<{ name: string }>(await db.execute(sql`select current_database() as name`)) as [
        { name: string },
      ];
      const url = new URL(process.env.ATRIUM_TEST_PG_URL!);
      url.pathname = `/${name}`;
      const pool = openDatabase({ url: url.toString(), poolMax: takers });
      let arrived = 0;
      let release!: () => void;
      const allArrived = new Promise<void>((resolve) => (release = resolve));
      const barrier = () => {
        arrived += 1;
        if (arrived === takers) release();
        return allArrived;
      };

      try {
        const outcomes = await Promise.allSettled(
          Array.from({ length: takers }, () =>
            pool.db.transaction(async (tx) => {
              await tx.execute(sql`select 1`); // the transaction holds its connection
              await barrier();
              const taken = await takeGiftStock(tx, { giftCode: code, quantity: 1 });
              await tx.execute(sql`select pg_sleep(0.01)`);
              return taken;
            }),
          ),
        );
        const succeeded = outcomes.filter((o) => o.status === "fulfilled");
        const failed = outcomes.filter((o): o is PromiseRejectedResult => o.status === "rejected");
        expect(succeeded).toHaveLength(10);
        expect(failed).toHaveLength(20);
        for (const failure of failed) expect((failure.reason as AppError).code).toBe("out_of_stock");
        expect(await stockOf(id)).toBe(0);
        const stockLeft = succeeded
          .map((o) => (o as PromiseFulfilledResult<{ stockLeft: number }>).value.stockLeft)
          .sort((a, b) => a - b);
        expect(stockLeft).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      } finally {
        await pool.close();
      }
    },
  );
});

describe("gift list", () => {
  it("searches code and both names, filters by status and stock, sorts and pages on the server, and counts redeemed units", async () => {
    const tag = uniqueSuffix(6).toUpperCase();
    const ids: string[] = [];
    for (const [index, spec] of [
      { nameZh: "咖啡券", nameEn: "Coffee voucher", pointsCost: 600, stock: 0 },
      { nameZh: "珍珠耳钉", nameEn: "Pearl studs", pointsCost: 12000, stock: 5 },
      { nameZh: "帆布袋", nameEn: "Tote bag", pointsCost: 1500, stock: 50 },
    ].entries()) {
      const { id } = await createGift(db, admin.actor, createGiftSchema.parse({ code: `L${tag}-${index}`, ...spec }));
      ids.push(id);
    }
    await setGiftActive(db, admin.actor, ids[2]!, false);
    const store = await createTestStore(db);
    const member = await insertMember(db, { storeId: store.id });
    await db.insert(redemptions).values([
      { memberId: member.id, type: "gift", giftId: ids[1]!, quantity: 2, points: 24000, storeId: store.id },
      { memberId: member.id, type: "gift", giftId: ids[1]!, quantity: 1, points: 12000, storeId: store.id },
    ]);
    const all = { kind: "all" } as const;
    const list = (params: Record<string, string>) =>
      listGifts(db, all, giftListParamsSchema.parse({ q: `L${tag}`, ...params }));

    const byCost = await list({ sort: "pointsCost", dir: "desc" });
    expect(byCost.total).toBe(3);
    expect(byCost.rows.map((r) => r.id)).toEqual([ids[1], ids[2], ids[0]]);
    expect(byCost.rows[0]!.redeemed).toBe(3);
    expect(byCost.rows[1]!.redeemed).toBe(0);

    expect((await list({ status: "active" })).rows.map((r) => r.id)).toEqual([ids[0], ids[1]]);
    expect((await list({ status: "inactive" })).rows.map((r) => r.id)).toEqual([ids[2]]);
    expect((await list({ stock: "out" })).rows.map((r) => r.id)).toEqual([ids[0]]);
    expect(
      (await listGifts(db, all, giftListParamsSchema.parse({ q: "pearl studs" }))).rows.some((r) => r.id === ids[1]),
    ).toBe(true);
    expect((await list({ sort: "redeemed", dir: "desc" })).rows[0]!.id).toBe(ids[1]);

    const page2 = await list({ sort: "code", pageSize: "10", page: "1" });
    expect(page2.rows).toHaveLength(3);
    expect((await list({ page: "2", pageSize: "10" })).rows).toHaveLength(0);

    // Redemptions count only at the stores in scope.
    const elsewhere = await getGift(db, { kind: "stores", storeIds: [] }, ids[1]!);
    expect(elsewhere!.redeemed).toBe(0);
    expect((await getGift(db, { kind: "stores", storeIds: [store.id] }, ids[1]!))!.redeemed).toBe(3);
  });

  it("seedDemoGifts adds the demo catalogue once and leaves existing gifts alone", async () => {
    expect(DEMO_GIFTS.length).toBeGreaterThanOrEqual(6);
    for (const gift of DEMO_GIFTS) expect(createGiftSchema.safeParse(gift).success, gift.code).toBe(true);
    const first = await seedDemoGifts(db);
    expect(first.inserted).toBe(DEMO_GIFTS.length);
    const [parking] = await db.select().from(gifts).where(eq(gifts.code, DEMO_GIFTS[0]!.code));
    await takeGiftStock(db, { giftCode: parking!.code, quantity: 1 });
    expect(await seedDemoGifts(db)).toEqual({ inserted: 0 });
    expect(await stockOf(parking!.id)).toBe(DEMO_GIFTS[0]!.stock - 1);
  });
});

describe("gift actions: authorization by role through the use cases", () => {
  const useCases: [string, UseCase<never, unknown>, (gift: { id: string; code: string }) => unknown][] = [
    [
      "create",
      createGiftUseCase as never,
      () => ({ code: newCode("AZ"), nameZh: "礼品", nameEn: "Gift", pointsCost: 100, stock: 1 }),
    ],
    [
      "update",
      updateGiftUseCase as never,
      (gift) => ({ id: gift.id, nameZh: "改名", nameEn: "Renamed", pointsCost: 101 }),
    ],
    ["restock", restockGiftUseCase as never, (gift) => ({ id: gift.id, quantity: 5 })],
    ["deactivate", deactivateGiftUseCase as never, (gift) => ({ id: gift.id })],
    ["activate", activateGiftUseCase as never, (gift) => ({ id: gift.id })],
  ];

  it("only admin holds loyalty.gifts.manage", () => {
    expect(ROLES.filter((role) => hasPermission({ roles: [role] }, "loyalty.gifts.manage"))).toEqual(["admin"]);
  });

  for (const role of ROLES) {
    it(`${role}: ${role === "admin" ? "may" : "may not"} create, edit, restock, deactivate or activate gifts`, async () => {
      const store = await createTestStore(db);
      const person = await createTestStaff(db, {
        roles: [role as Role],
        storeIds: [store.id],
        allStores: role === "admin",
      });
      for (const [name, definition, input] of useCases) {
        const gift = await giftWith({ stock: 2, active: name !== "activate" });
        const before = (await db.select().from(gifts).where(eq(gifts.id, gift.id)))[0]!;
        const run = runAs(db, definition, person, input(gift), { ip: "10.0.0.9" });
        if (role === "admin") {
          await run;
          const audits = await auditEntries(db, { action: `gifts.${name}`, actorStaffId: person.id });
          expect(audits.length, name).toBeGreaterThan(0);
          expect(audits.at(-1)!.ip).toBe("10.0.0.9");
        } else {
          expect((await errorOf(run)).code, name).toBe("forbidden");
          expect((await db.select().from(gifts).where(eq(gifts.id, gift.id)))[0], name).toEqual(before);
          expect(await auditEntries(db, { action: `gifts.${name}`, actorStaffId: person.id }), name).toHaveLength(0);
        }
      }
    });
  }

  it("bad input is refused with field errors before anything is written", async () => {
    const error = await errorOf(
      runAs(db, createGiftUseCase, admin, { code: "?", nameZh: "", nameEn: "x", pointsCost: 0, stock: -5 }),
    );
    expect(error.code).toBe("validation");
    expect(Object.keys(error.fieldErrors ?? {}).sort()).toEqual(["code", "nameZh", "pointsCost", "stock"]);
  });
});
