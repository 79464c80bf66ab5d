import { seedDemo } from "@/db/seed";
import { describeDatabase, openMigratedDatabase } from "./lib/database";

const handle = await openMigratedDatabase();
const result = await handle.db.transaction((tx) => seedDemo(tx as never));
await handle.close();
console.log(`Demo data in ${describeDatabase()}: ${result.stores} stores, ${result.staffCreated} staff created.`);
