import { getDb } from "@/db/client";
import { checkHealth } from "@/lib/health/check";

export const dynamic = "force-dynamic";

/** Liveness and database reachability; public, reveals nothing but "ok". */
export async function GET() {
  const report = await checkHealth(getDb());
  return Response.json(report.body, { status: report.status, headers: { "Cache-Control": "no-store" } });
}
