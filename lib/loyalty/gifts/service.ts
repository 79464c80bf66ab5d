import { and, eq, gte, ne, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "@/db/client";
import { gifts } from "@/db/schema";
import { byActor, recordAudit, type Actor } from "@/lib/audit/service";
import { AppError } from "@/lib/errors";
import type { createGiftSchema, restockGiftSchema, updateGiftSchema } from "./schemas";

/**
 * The gift catalogue's writes. Stock only ever moves by a single guarded UPDATE (restock adds,
 * takeGiftStock subtracts while `stock >= quantity`), never by reading it and writing it back, and a
 * CHECK keeps it at zero or above whatever the code does. Gifts are deactivated, never deleted:
 * redemptions point at them.
 */

export async function createGift(db: Db, actor: Actor, input: z.output<typeof createGiftSchema>) {
  const [created] = await db
    .insert(gifts)
    .values({
      code: input.code,
      nameZh: input.nameZh,
      nameEn: input.nameEn,
      pointsCost: input.pointsCost,
      stock: input.stock,
    })
    .onConflictDoNothing({ target: gifts.code })
    .returning({ id: gifts.id });
  if (!created)
    throw new AppError("conflict", { messageKey: "giftCodeTaken", fieldErrors: { code: ["giftCodeTaken"] } });
  await recordAudit(db, {
    ...byActor(actor),
    action: "gifts.create",
    entityType: "gift",
    entityId: created.id,
    details: {
      code: input.code,
      nameZh: input.nameZh,
      nameEn: input.nameEn,
      pointsCost: input.pointsCost,
      stock: input.stock,
    },
  });
  return { id: created.id };
}

async function lockGift(db: Db, id: string) {
  const [row] = await db.select().from(gifts).where(eq(gifts.id, id)).for("update");
  if (!row) throw new AppError("not_found");
  return row;
}

/** Names and points cost; the audit entry keeps what each changed field was before. */
export async function updateGift(db: Db, actor: Actor, input: z.output<typeof updateGiftSchema>) {
  const before = await lockGift(db, input.id);
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const field of ["nameZh", "nameEn", "pointsCost"] as const) {
    if (before[field] !== input[field]) changes[field] = { from: before[field], to: input[field] };
  }
  if (Object.keys(changes).length === 0) return { id: input.id, changed: false };
  await db
    .update(gifts)
    .set({ nameZh: input.nameZh, nameEn: input.nameEn, pointsCost: input.pointsCost, updatedAt: new Date() })
    .where(eq(gifts.id, input.id));
  await recordAudit(db, {
    ...byActor(actor),
    action: "gifts.update",
    entityType: "gift",
    entityId: input.id,
    details: { code: before.code, changes },
  });
  return { id: input.id, changed: true };
}

/** Adds `quantity` to the stock in one statement, so that a redemption at the same moment is never lost. */
export async function restockGift(db: Db, actor: Actor, input: z.output<typeof restockGiftSchema>) {
  const [row] = await db
    .update(gifts)
    .set({ stock: sql`${gifts.stock} + ${input.quantity}`, updatedAt: new Date() })
    .where(eq(gifts.id, input.id))
    .returning({ code: gifts.code, stock: gifts.stock });
  if (!row) throw new AppError("not_found");
  await recordAudit(db, {
    ...byActor(actor),
    action: "gifts.restock",
    entityType: "gift",
    entityId: input.id,
    details: { code: row.code, quantity: input.quantity, stockAfter: row.stock, note: input.note || null },
  });
  return { stock: row.stock };
}

/** Deactivated gifts stay in the catalogue (and in old redemptions) but can no longer be redeemed. */
export async function setGiftActive(db: Db, actor: Actor, id: string, active: boolean) {
  const [row] = await db
    .update(gifts)
    .set({ active, updatedAt: new Date() })
    .where(and(eq(gifts.id, id), ne(gifts.active, active)))
    .returning({ code: gifts.code });
  if (!row) {
    // Either unknown, or already in the asked state (a double click): only the first is an error.
    const [exists] = await db.select({ id: gifts.id }).from(gifts).where(eq(gifts.id, id));
    if (!exists) throw new AppError("not_found");
    return { changed: false };
  }
  await recordAudit(db, {
    ...byActor(actor),
    action: active ? "gifts.activate" : "gifts.deactivate",
    entityType: "gift",
    entityId: id,
    details: { code: row.code },
  });
  return { changed: true };
}

export type TakenGift = {
  giftId: string;
  /** Points for one unit; the redemption costs pointsCost × quantity. */
  pointsCost: number;
  nameZh: string;
  nameEn: string;
  /** Stock left after this take. */
  stockLeft: number;
};

/**
 * Takes `quantity` units of an active gift for a redemption, in the caller's transaction. One guarded
 * UPDATE settles simultaneous takes: PostgreSQL re-checks `stock >= quantity` against the row as the
 * previous taker committed it, so the stock never goes below zero and no take is lost. A rollback of
 * the caller's transaction puts the units back. Throws AppError("not_found", { messageKey: "giftNotFound" }) for an
 * unknown or inactive code and AppError("out_of_stock") when too few are left.
 */
export async function takeGiftStock(db: Db, input: { giftCode: string; quantity: number }): Promise<TakenGift> {
  if (!Number.isInteger(input.quantity) || input.quantity < 1) {
    throw new AppError("validation", { fieldErrors: { quantity: ["wholeNumberRequired"] } });
  }
  const code = input.giftCode.trim().toUpperCase();
  const [taken] = await db
    .update(gifts)
    .set({ stock: sql`${gifts.stock} - ${input.quantity}`, updatedAt: new Date() })
    .where(and(eq(gifts.code, code), eq(gifts.active, true), gte(gifts.stock, input.quantity)))
    .returning({
      giftId: gifts.id,
      pointsCost: gifts.pointsCost,
      nameZh: gifts.nameZh,
      nameEn: gifts.nameEn,
      stockLeft: gifts.stock,
    });
  if (taken) return taken;
  const [gift] = await db.select({ active: gifts.active }).from(gifts).where(eq(gifts.code, code));
  if (!gift || !gift.active) throw new AppError("not_found", { messageKey: "giftNotFound" });
  throw new AppError("out_of_stock");
}

// ── Demo catalogue ────────────────────────────────────────────────────────────────────────────

/** A mall jewelry counter's gift shelf, for the demo seed. */
export const DEMO_GIFTS: readonly {
  code: string;
  nameZh: string;
  nameEn: string;
  pointsCost: number;
  stock: number;
}[] = [
  { code: "PARKING-2H", nameZh: "停车券（2小时）", nameEn: "Parking voucher (2 hours)", pointsCost: 400, stock: 1000 },
  { code: "COFFEE-M", nameZh: "咖啡券（中杯）", nameEn: "Coffee voucher (medium)", pointsCost: 600, stock: 500 },
  { code: "POLISH-CLOTH", nameZh: "擦银布", nameEn: "Silver polishing cloth", pointsCost: 300, stock: 400 },
  { code: "JEWELRY-CARE", nameZh: "首饰清洗护理", nameEn: "Jewelry cleaning and care", pointsCost: 800, stock: 200 },
  { code: "CANVAS-TOTE", nameZh: "品牌帆布袋", nameEn: "Branded canvas tote bag", pointsCost: 1500, stock: 300 },
  { code: "JEWELRY-BOX", nameZh: "定制首饰盒", nameEn: "Custom jewelry box", pointsCost: 3000, stock: 120 },
  { code: "SILK-SCARF", nameZh: "真丝丝巾", nameEn: "Silk scarf", pointsCost: 8000, stock: 60 },
  {
    code: "PEARL-STUDS",
    nameZh: "淡水珍珠耳钉",
    nameEn: "Freshwater pearl stud earrings",
    pointsCost: 12000,
    stock: 40,
  },
];

/** Adds the demo gifts that are not there yet (by code); existing gifts, stock included, are left alone. */
export async function seedDemoGifts(db: Db): Promise<{ inserted: number }> {
  const rows = await db
    .insert(gifts)
    .values(DEMO_GIFTS.map((gift) => ({ ...gift })))
    .onConflictDoNothing({ target: gifts.code })
    .returning({ id: gifts.id });
  return { inserted: rows.length };
}
