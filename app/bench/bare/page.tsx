import { connection } from "next/server";
import { getDb } from "@/db/client";
import { checkHealth } from "@/lib/health/check";

/**
 * The true floor for `npm run bench` (scenario `framework-bare`): a dynamically rendered page with
 * one database round trip and nothing of ours around it — outside the proxy (see `config.matcher`
 * in proxy.ts), no session, no staff re-read, no message catalogue. Every page scenario reports its
 * app CPU and p95 as ratios to this page. It says nothing but "ok" and the time, like /api/health.
 */
export default async function BenchBarePage() {
  await connection();
  const report = await checkHealth(getDb());
  return (
    <main className="p-6 text-sm">
      <p data-testid="bare">
        {report.body.db} · {new Date().toISOString()}
      </p>
    </main>
  );
}
