import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { appointments, outboundMessages } from "@/db/schema";
import { createTestDatabase, testDriver } from "@/tests/helpers/test-db";
import { seedDemo } from "./seed";
import { seedAppointmentSetup } from "./seed-appointments";
import { seedDemoAppointments } from "./seed-demo-appointments";
import { seedDemoMembers } from "./seed-members";

describe(`demo appointments on ${testDriver()}`, () => {
  it("books the demo visits through the booking service once; a second run adds nothing", async () => {
    const handle = await createTestDatabase();
    try {
      const db = handle.db;
      await seedDemo(db);
      await seedAppointmentSetup(db);
      await seedDemoMembers(db, 60);
      const first = await db.transaction((tx) => seedDemoAppointments(tx as never));
      // How many mornings are free depends on the weekdays ahead (the advisors' hours differ by day).
      expect(first.appointmentsCreated).toBeGreaterThan(0);
      const [booked] = await db.select({ n: count() }).from(appointments).where(eq(appointments.status, "confirmed"));
      expect(booked!.n).toBe(first.appointmentsCreated);
      // Each visit told the member (through the outbox), as a booking by staff does.
      const [messages] = await db.select({ n: count() }).from(outboundMessages);
      expect(messages!.n).toBeGreaterThanOrEqual(first.appointmentsCreated);

      const second = await db.transaction((tx) => seedDemoAppointments(tx as never));
      expect(second.appointmentsCreated).toBe(0);
    } finally {
      await handle.close();
    }
  });
});
