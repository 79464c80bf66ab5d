// Next.js calls register() once per server process: the in-process job scheduler starts here.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("@/lib/env");
  if (env.ATRIUM_JOB_INTERVAL_MINUTES === 0) return;
  const { startJobScheduler } = await import("@/lib/jobs/scheduler");
  startJobScheduler(env.ATRIUM_JOB_INTERVAL_MINUTES);
}
