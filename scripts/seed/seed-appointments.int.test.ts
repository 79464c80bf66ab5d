import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { advisorHours, appointmentTypes, rooms, staff } from "@/db/schema";
import { listStoreAdvisors } from "@/lib/appointments/setup/queries";
import { createAppointmentTypeSchema } from "@/lib/appointments/setup/schemas";
import { setupTestDatabase } from "@/tests/helpers/test-db";
import { seedDemo } from "./seed";
import { DEMO_APPOINTMENT_TYPES, seedAppointmentSetup } from "./seed-appointments";

const database = setupTestDatabase();

async function counts() {
  const { db } = database;
  const [[types], [roomCount], [staffCount], [hours]] = await Promise.all([
    db.select({ n: count() }).from(appointmentTypes),
    db.select({ n: count() }).from(rooms),
    db.select({ n: count() }).from(staff),
    db.select({ n: count() }).from(advisorHours),
  ]);
  return { types: types!.n, rooms: roomCount!.n, staff: staffCount!.n, hours: hours!.n };
}

describe("demo appointment setup", () => {
  it("adds the five types, the rooms, four advisors and everyone's hours once; a second run adds nothing", async () => {
    const { db } = database;
    for (const type of DEMO_APPOINTMENT_TYPES) expect(createAppointmentTypeSchema.safeParse(type).success).toBe(true);
    await seedDemo(db);
    const before = await counts();

    const first = await db.transaction((tx) => seedAppointmentSetup(tx as never));
    expect(first).toEqual({ typesCreated: 5, roomsCreated: 3, advisorsCreated: 4, hoursSet: 5 });
    const after = await counts();
    expect(after).toEqual({
      types: before.types + 5,
      rooms: before.rooms + 3,
      staff: before.staff + 4,
      hours: before.hours + 5,
    });

    const second = await db.transaction((tx) => seedAppointmentSetup(tx as never));
    expect(second).toEqual({ typesCreated: 0, roomsCreated: 0, advisorsCreated: 0, hoursSet: 0 });
    expect(await counts()).toEqual(after);

    const [vip] = await db.select().from(appointmentTypes).where(eq(appointmentTypes.code, "vip_styling"));
    expect(vip).toMatchObject({
      nameZh: "VIP 造型服务",
      durationMin: 90,
      minTier: "gold",
      dailyCap: 3,
      needsRoom: true,
    });

    // Every advisor of the demo stores has hours there.
    const storeRows = await db.query.stores.findMany();
    for (const store of storeRows) {
      const advisors = await listStoreAdvisors(db, { kind: "all" }, store.id);
      expect(advisors.length, store.code).toBeGreaterThan(0);
      for (const advisor of advisors) expect(advisor.hours, `${store.code} ${advisor.username}`).not.toBeNull();
    }
    const ja = storeRows.find((s) => s.code === "SH-JA")!;
    expect((await listStoreAdvisors(db, { kind: "all" }, ja.id)).map((a) => a.username).sort()).toEqual([
      "advisor",
      "advisor2",
      "advisor3",
      "advisor4",
    ]);
  });
});
