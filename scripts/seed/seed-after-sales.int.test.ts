import { count, eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { jewelryItems, outboundMessages, serviceTicketEvents, serviceTickets, stores } from "@/db/schema";
import { listTickets, ticketListParamsSchema } from "@/lib/after-sales/tickets/queries";
import { loadTrackedTicket } from "@/lib/after-sales/tracking/queries";
import { loadStaffAccount } from "@/lib/staff/principal";
import { createTestDatabase, testDriver } from "@/tests/helpers/test-db";
import { seedDemo } from "./seed";
import { DEMO_TRACKING_TOKEN, seedDemoAfterSales } from "./seed-after-sales";
import { seedDemoMembers } from "./seed-members";

describe(`demo after-sales tickets on ${testDriver()}`, () => {
  it("walks a dozen tickets through the workflow once (overdue, ready, picked up…); a second run adds nothing", async () => {
    const handle = await createTestDatabase();
    try {
      const db = handle.db;
      await seedDemo(db);
      await seedDemoMembers(db, 60);
      const now = new Date();
      const first = await db.transaction((tx) => seedDemoAfterSales(tx as never, now));
      expect(first).toEqual({ itemsCreated: 12, ticketsCreated: 12 });

      const rows = await db.select().from(serviceTickets);
      const byStatus = (status: string) => rows.filter((row) => row.status === status).length;
      expect(rows).toHaveLength(12);
      expect(byStatus("ready_for_pickup")).toBe(1);
      expect(byStatus("picked_up")).toBe(3);
      expect(byStatus("closed")).toBe(1);
      expect(byStatus("cancelled")).toBe(1);
      expect(new Set(rows.map((row) => row.reference)).size).toBe(12);
      const codes = await db
        .select({ id: stores.id })
        .from(stores)
        .where(inArray(stores.code, ["SH-JA", "SH-PD"]));
      expect(new Set(rows.map((row) => row.storeId))).toEqual(new Set(codes.map((c) => c.id)));
      // One pickup with a difference beyond 0.01 g carries its note and the acknowledgement.
      expect(rows.filter((row) => row.weightNote && row.weightAcknowledged)).toHaveLength(1);
      const [items] = await db.select({ n: count() }).from(jewelryItems);
      expect(items!.n).toBe(12);

      // The custody trail holds every step, by the demo staff.
      const events = await db.select().from(serviceTicketEvents);
      expect(events.filter((e) => e.kind === "created")).toHaveLength(12);
      expect(events.filter((e) => e.toStatus === "picked_up")).toHaveLength(4);
      expect(events.every((e) => e.staffId !== null && e.at <= now)).toBe(true);

      // Each ticket that became ready told its member, once.
      const [ready] = await db
        .select({ n: count() })
        .from(outboundMessages)
        .where(eq(outboundMessages.templateCode, "service_ready"));
      expect(ready!.n).toBe(5 * 3);

      // The manager's queue shows the overdue ones; the demo link opens the ticket in repair.
      const [manager] = await db.query.staff.findMany({ where: (s, { eq: is }) => is(s.username, "manager") });
      const account = (await loadStaffAccount(db, manager!.id))!;
      const overdue = await listTickets(db, account, ticketListParamsSchema.parse({ status: "overdue" }), now);
      expect(overdue.total).toBe(3);
      expect(await loadTrackedTicket(db, DEMO_TRACKING_TOKEN)).toMatchObject({ stage: "in_service" });

      const second = await db.transaction((tx) => seedDemoAfterSales(tx as never, now));
      expect(second).toEqual({ itemsCreated: 0, ticketsCreated: 0 });
      const [after] = await db.select({ n: count() }).from(serviceTickets);
      expect(after!.n).toBe(12);
    } finally {
      await handle.close();
    }
  });
});
