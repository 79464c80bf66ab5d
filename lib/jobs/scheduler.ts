import { getDb } from "@/db/client";
import { env } from "@/lib/env";
import { deliveryChangedSomething } from "@/lib/messaging/service";
import { JOB_NAMES, runJob } from "./run-job";

/**
 * Runs every job in-process, once a few minutes after start and then every `intervalMinutes`.
 * Each run takes the job's advisory lock, so with several app instances only one does the work.
 *
 * Messages cannot wait an hour, so `message-delivery` also runs on a tick of its own, every
 * `deliverySeconds` (ATRIUM_MESSAGE_DELIVERY_SECONDS; 0: only with the other jobs). It goes through
 * runJob all the same (same advisory lock, so it never overlaps the hourly run of the same job),
 * but a run that sent, failed or skipped nothing is neither audited nor logged: that is most of
 * them, twice a minute.
 */
export function startJobScheduler(
  intervalMinutes: number,
  deliverySeconds: number = env.ATRIUM_MESSAGE_DELIVERY_SECONDS,
): void {
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

  if (deliverySeconds > 0) {
    let delivering = false;
    const deliver = async () => {
      if (delivering) return;
      delivering = true;
      try {
        const outcome = await runJob(getDb(), "message-delivery", { auditIf: deliveryChangedSomething });
        if (outcome.status === "done" && deliveryChangedSomething(outcome.result)) {
          console.log(`[jobs] message-delivery: ${JSON.stringify(outcome.result)}`);
        }
      } catch (error) {
        console.error("[jobs] message-delivery failed:", error instanceof Error ? error.message : error);
      } finally {
        delivering = false;
      }
    };
    setInterval(deliver, deliverySeconds * 1000).unref();
  }
}
