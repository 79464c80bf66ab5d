import { describeDatabase, openMigratedDatabase } from "./lib/database";

const handle = await openMigratedDatabase();
await handle.close();
console.log(`Migrations applied to ${describeDatabase()}.`);
