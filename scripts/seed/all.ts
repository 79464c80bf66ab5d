import type { Db } from "@/db/client";
import { seedDemo } from "./seed";
import { seedDemoAfterSales } from "./seed-after-sales";
import { seedAppointmentSetup } from "./seed-appointments";
import { seedDemoAppointments } from "./seed-demo-appointments";
import { seedDemoLoyalty } from "./seed-loyalty";
import { seedDemoMembers } from "./seed-members";

/** What one demo seed created (each part is idempotent: a second run creates nothing). */
export type DemoSeedResult = {
  stores: number;
  staffCreated: number;
  membersCreated: number;
  purchases: number;
  appointmentTypesCreated: number;
  appointmentsCreated: number;
  serviceTicketsCreated: number;
};

/**
 * The whole demo data set, in dependency order, each part in its own transaction (a large member
 * seed does not hold one transaction open for the rest). `npm run demo` and `npm run db:seed` run it.
 */
export async function seedAllDemoData(db: Db): Promise<DemoSeedResult> {
  const base = await db.transaction((tx) => seedDemo(tx as never));
  const setup = await db.transaction((tx) => seedAppointmentSetup(tx as never));
  const membersSeed = await db.transaction((tx) => seedDemoMembers(tx as never));
  const loyalty = await db.transaction((tx) => seedDemoLoyalty(tx as never));
  const visits = await db.transaction((tx) => seedDemoAppointments(tx as never));
  const afterSales = await db.transaction((tx) => seedDemoAfterSales(tx as never));
  return {
    stores: base.stores,
    staffCreated: base.staffCreated + setup.advisorsCreated,
    membersCreated: membersSeed.membersCreated,
    purchases: loyalty.purchases,
    appointmentTypesCreated: setup.typesCreated,
    appointmentsCreated: visits.appointmentsCreated,
    serviceTicketsCreated: afterSales.ticketsCreated,
  };
}
