import { and, asc, count, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { appointments, appointmentTypes, members, staff, stores } from "@/db/schema";
import { availabilityFor } from "@/lib/appointments/availability/queries";
import { bookAppointment } from "@/lib/appointments/booking/service";
import { loadStaffAccount } from "@/lib/staff/principal";
import { shiftDay, todayIn } from "@/lib/time";

/** Which demo visits to book: [days from today, type code, which free morning start of that day]. */
const DEMO_VISITS: readonly [number, string, number][] = [
  [1, "jewelry_viewing", 0],
  [1, "custom_design", 2],
  [1, "vip_styling", 4],
  [1, "bridal_ring", 6],
  [2, "jewelry_viewing", 0],
  [2, "custom_design", 3],
  [2, "vip_styling", 5],
  [3, "bridal_ring", 1],
  [3, "jewelry_viewing", 4],
  [4, "custom_design", 2],
];

/** Demo visits start by 11:00, so the afternoons stay free (the end-to-end test books one there). */
const LAST_DEMO_START = "11:00";

/**
 * A few booked visits at the Jing'an store over the next days, so that the calendars, the 360° view
 * and the tasks have something to show. Booked through the booking service by the demo manager
 * (who may override a type's tier). Skipped when any appointment exists: running it twice adds nothing.
 */
export async function seedDemoAppointments(db: Db, now = new Date()): Promise<{ appointmentsCreated: number }> {
  const [existing] = await db.select({ n: count() }).from(appointments);
  if ((existing?.n ?? 0) > 0) return { appointmentsCreated: 0 };
  const [store] = await db.select().from(stores).where(eq(stores.code, "SH-JA"));
  const [manager] = await db.select({ id: staff.id }).from(staff).where(eq(staff.username, "manager"));
  const account = manager ? await loadStaffAccount(db, manager.id) : null;
  if (!store || !account) return { appointmentsCreated: 0 };
  const types = new Map(
    (await db.select().from(appointmentTypes).where(eq(appointmentTypes.active, true))).map((t) => [t.code, t]),
  );
  const clients = await db
    .select({ id: members.id })
    .from(members)
    .where(and(eq(members.homeStoreId, store.id), isNull(members.erasedAt), isNull(members.mergedIntoId)))
    .orderBy(asc(members.registeredAt))
    .limit(DEMO_VISITS.length);
  const actor = { staffId: account.id, username: account.username, ip: null };
  const today = todayIn(store.timeZone, now);
  let created = 0;
  for (const [i, [days, typeCode, nth]] of DEMO_VISITS.entries()) {
    const type = types.get(typeCode);
    const client = clients[i];
    if (!type || !client) continue;
    const date = shiftDay(today, { days });
    const slots = (
      await availabilityFor(db, { storeId: store.id, typeId: type.id, date, advisorId: null, now })
    ).filter((slot) => slot.time <= LAST_DEMO_START);
    const slot = slots[Math.min(nth, slots.length - 1)];
    if (!slot) continue;
    await bookAppointment(
      db,
      actor,
      account,
      {
        storeId: store.id,
        memberId: client.id,
        typeId: type.id,
        startsAt: slot.startsAt.toISOString(),
        advisorId: slot.advisorIds[0] ?? null,
        note: "",
        tierOverrideReason: type.minTier ? "演示数据：店长特批" : undefined,
      },
      now,
    );
    created++;
  }
  return { appointmentsCreated: created };
}
