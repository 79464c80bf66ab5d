import { seedAllDemoData } from "@/scripts/seed/all";
import { describeDatabase, openMigratedDatabase } from "./lib/database";

const handle = await openMigratedDatabase();
const result = await seedAllDemoData(handle.db);
await handle.close();
console.log(
  `Demo data in ${describeDatabase()}: ${result.stores} stores, ${result.staffCreated} staff, ${result.membersCreated} members and ${result.purchases} purchases created.`,
);
