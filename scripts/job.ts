import { JOBS, runJob, type JobName } from "@/lib/jobs/run-job";
import { openMigratedDatabase } from "./lib/database";

// npm run job -- <name>
const name = process.argv[2];
if (!name || !(name in JOBS)) {
  console.error(`Usage: npm run job -- <${Object.keys(JOBS).join(" | ")}>`);
  process.exit(2);
}
const handle = await openMigratedDatabase();
try {
  const outcome = await runJob(handle.db, name as JobName);
  console.log(
    outcome.status === "skipped"
      ? `${name}: another run holds the lock; skipped.`
      : `${name}: ${JSON.stringify(outcome.result)}`,
  );
} finally {
  await handle.close();
}
