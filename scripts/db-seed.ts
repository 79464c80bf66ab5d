import { seedDemo } from "@/scripts/seed/seed";
import { seedDemoLoyalty } from "@/scripts/seed/seed-loyalty";
import { seedDemoMembers } from "@/scripts/seed/seed-members";
import { describeDatabase, openMigratedDatabase } from "./lib/database";

const handle = await openMigratedDatabase();
const result = await handle.db.transaction((tx) => seedDemo(tx as never));
const memberResult = await handle.db.transaction((tx) => seedDemoMembers(tx as never));
const loyaltyResult = await handle.db.transaction((tx) => seedDemoLoyalty(tx as never));
await handle.close();
console.log(
  `Demo data in ${describeDatabase()}: ${result.stores} stores, ${result.staffCreated} staff, ${memberResult.membersCreated} members and ${loyaltyResult.purchases} purchases created.`,
);
