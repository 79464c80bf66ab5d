import { and, asc, count, desc, eq, ilike, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { gifts } from "@/db/schema";
import { storeFilter, type StoreScope } from "@/lib/auth/policy";
import { listParams, listText } from "@/lib/list-params";
import { containsPattern } from "@/lib/sql-like";

export const GIFT_SORTS = ["code", "nameZh", "pointsCost", "stock", "redeemed", "updatedAt"] as const;

export const giftListParamsSchema = z.object({
  q: listText(64),
  status: z.enum(["active", "inactive"]).optional().catch(undefined),
  stock: z.enum(["out"]).optional().catch(undefined),
  sort: z.enum(GIFT_SORTS).default("code").catch("code"),
  ...listParams({ dir: "asc" }),
});
export type GiftListParams = z.output<typeof giftListParamsSchema>;

export type GiftRow = {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string;
  pointsCost: number;
  stock: number;
  active: boolean;
  /** Units redeemed at the stores in scope. */
  redeemed: number;
  createdAt: Date;
  updatedAt: Date;
};

/**
 * Units redeemed, counting only redemptions at the stores in scope (the catalogue is shared, its
 * redemptions are store-owned). Table-qualified: drizzle leaves single-table columns unqualified.
 */
function redeemedUnits(scope: StoreScope) {
  return sql<number>`coalesce((select sum(r.quantity) from redemptions r where r.gift_id = "gifts"."id" and r.type = 'gift' and ${storeFilter(sql`r.store_id`, scope)}), 0)::int`;
}

function giftColumns(scope: StoreScope) {
  return {
    id: gifts.id,
    code: gifts.code,
    nameZh: gifts.nameZh,
    nameEn: gifts.nameEn,
    pointsCost: gifts.pointsCost,
    stock: gifts.stock,
    active: gifts.active,
    redeemed: redeemedUnits(scope),
    createdAt: gifts.createdAt,
    updatedAt: gifts.updatedAt,
  };
}

/** The catalogue with server-side search (code and both names), filters, sort and paging. */
export async function listGifts(
  db: Db,
  scope: StoreScope,
  params: GiftListParams,
): Promise<{ rows: GiftRow[]; total: number }> {
  const conditions: (SQL | undefined)[] = [];
  if (params.q) {
    const like = containsPattern(params.q);
    conditions.push(or(ilike(gifts.code, like), ilike(gifts.nameZh, like), ilike(gifts.nameEn, like)));
  }
  if (params.status) conditions.push(eq(gifts.active, params.status === "active"));
  if (params.stock === "out") conditions.push(eq(gifts.stock, 0));
  const where = and(...conditions);
  const columns = giftColumns(scope);
  const sortColumn = {
    code: gifts.code,
    nameZh: gifts.nameZh,
    pointsCost: gifts.pointsCost,
    stock: gifts.stock,
    redeemed: columns.redeemed,
    updatedAt: gifts.updatedAt,
  }[params.sort];
  const [rows, [total]] = await Promise.all([
    db
      .select(columns)
      .from(gifts)
      .where(where)
      .orderBy(params.dir === "asc" ? asc(sortColumn) : desc(sortColumn), asc(gifts.id))
      .limit(params.pageSize)
      .offset((params.page - 1) * params.pageSize),
    db.select({ value: count() }).from(gifts).where(where),
  ]);
  return { rows, total: total?.value ?? 0 };
}

export async function getGift(db: Db, scope: StoreScope, id: string): Promise<GiftRow | null> {
  const [row] = await db.select(giftColumns(scope)).from(gifts).where(eq(gifts.id, id));
  return row ?? null;
}

/** Active gifts in stock, cheapest first: what the counter can offer (the redemption picker). */
export async function listRedeemableGifts(db: Db) {
  return db
    .select({
      id: gifts.id,
      code: gifts.code,
      nameZh: gifts.nameZh,
      nameEn: gifts.nameEn,
      pointsCost: gifts.pointsCost,
      stock: gifts.stock,
    })
    .from(gifts)
    .where(and(eq(gifts.active, true), sql`${gifts.stock} > 0`))
    .orderBy(asc(gifts.pointsCost), asc(gifts.code));
}
