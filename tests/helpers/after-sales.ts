import { createHash, randomBytes } from "node:crypto";
import type { Db } from "@/db/client";
import { jewelryItems, serviceTickets } from "@/db/schema";
import type { ServiceTicketStatus } from "@/lib/after-sales/tickets/transitions";
import { uniqueSuffix } from "./test-db";

/** Rows for after-sales tests: a piece (item passport) and a service ticket, inserted directly. */

export async function insertJewelryItem(
  db: Db,
  options: { memberId: string; storeId: string } & Partial<typeof jewelryItems.$inferInsert>,
) {
  const [row] = await db
    .insert(jewelryItems)
    .values({ name: "足金手镯", category: "bracelet", material: "足金 999", weightCg: 2_345, ...options })
    .returning();
  return row!;
}

export type TestTicket = typeof serviceTickets.$inferSelect & { trackingToken: string };

export async function insertServiceTicket(
  db: Db,
  options: {
    memberId: string;
    storeId: string;
    itemId?: string;
    status?: ServiceTicketStatus;
  } & Partial<typeof serviceTickets.$inferInsert>,
): Promise<TestTicket> {
  const itemId =
    options.itemId ?? (await insertJewelryItem(db, { memberId: options.memberId, storeId: options.storeId })).id;
  const trackingToken = randomBytes(24).toString("base64url");
  const [row] = await db
    .insert(serviceTickets)
    .values({
      reference: `SV-TEST-${uniqueSuffix(8)}`,
      serviceType: "repair",
      weightInCg: 2_345,
      stoneCountIn: 0,
      priceBasis: "list_price",
      listPriceFen: 20_000,
      chargeFen: 20_000,
      estimatedFeeFen: 20_000,
      promisedOn: "2026-12-20",
      claimCode: "482913",
      trackingTokenHash: createHash("sha256").update(trackingToken).digest("hex"),
      ...options,
      itemId,
    })
    .returning();
  return { ...row!, trackingToken };
}
