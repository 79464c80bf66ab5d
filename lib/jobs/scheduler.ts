import { getDb } from "@/db/client";
import { JOB_NAMES, runJob } from "./run-job";

/**
 * Runs every job in-process, once a few minutes after start and then every `intervalMinutes`.
 * Each run takes the job's advisory lock, so with several app instances only one does the work.
 */
export function startJobScheduler(intervalMinutes: number): void {
  const globalForScheduler = globalThis as unknown as { atriumScheduler?: boolean };
  if (globalForScheduler.atriumScheduler) return;
  globalForScheduler.atriumScheduler = true;

  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      for (const name of JOB_NAMES) {
        try {
          const outcome = await runJob(getDb(), name);
          if (outcome.status === "done") console.log(`[jobs] ${name}: ${JSON.stringify(outcome.result)}`);
        } catch (error) {
          console.error(`[jobs] ${name} failed:`, error instanceof Error ? error.message : error);
        }
      }
    } finally {
      running = false;
    }
  };
  setTimeout(tick, 3 * 60_000).unref();
  setInterval(tick, intervalMinutes * 60_000).unref();
}
