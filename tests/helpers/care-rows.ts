import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { complaints, followUpCalls, inquiries, members } from "@/db/schema";
import { insertJewelryItem, insertServiceTicket } from "./after-sales";
import { uniqueSuffix } from "./test-db";

/**
 * Seeders for the customer-care tables that belong to a member (complaints, inquiries, item
 * passports, service tickets, follow-up calls); tests/helpers/members.ts RELATED_ROW_SEEDERS
 * includes them so that merge and erasure tests reach every registered table.
 */

async function homeStoreOf(db: Db, memberId: string): Promise<string> {
  const [member] = await db.select({ storeId: members.homeStoreId }).from(members).where(eq(members.id, memberId));
  return member!.storeId;
}

export const CARE_ROW_SEEDERS: Record<string, (db: Db, memberId: string, marker: string) => Promise<void>> = {
  complaints: async (db, memberId, marker) => {
    const now = new Date();
    await db.insert(complaints).values({
      reference: `TS-TEST-${marker}-${uniqueSuffix(6)}`,
      storeId: await homeStoreOf(db, memberId),
      memberId,
      channel: "hotline",
      category: "after_sales",
      severity: "medium",
      description: `complaint ${marker}`,
      firstResponseTargetMin: 240,
      resolutionTargetMin: 1800,
      firstResponseDueAt: now,
      resolutionDueAt: now,
    });
  },
  inquiries: async (db, memberId, marker) => {
    await db.insert(inquiries).values({
      storeId: await homeStoreOf(db, memberId),
      memberId,
      channel: "hotline",
      topic: "opening_hours",
      question: `inquiry ${marker}`,
    });
  },
  jewelry_items: async () => {
    // Seeded with its ticket and calls by follow_up_calls below (a piece, its ticket and its calls belong together).
  },
  service_tickets: async () => {
    // Seeded by follow_up_calls below.
  },
  follow_up_calls: async (db, memberId) => {
    const storeId = await homeStoreOf(db, memberId);
    const item = await insertJewelryItem(db, { memberId, storeId });
    const ticket = await insertServiceTicket(db, { memberId, storeId, itemId: item.id, status: "picked_up" });
    await db
      .insert(followUpCalls)
      .values({ storeId, memberId, itemId: item.id, ticketId: ticket.id, kind: "day_3", dueOn: "2026-12-08" });
  },
};
