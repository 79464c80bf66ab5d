import { randomBytes, randomUUID } from "node:crypto";
import { TZDate } from "@date-fns/tz";
import { asc, sql } from "drizzle-orm";
import type autocannon from "autocannon";
import type { Db } from "@/db/client";
import { rowsOf } from "@/db/client";
import { seededRandom } from "@/scripts/seed/demo-data";
import { stores } from "@/db/schema";
import { createApiKey } from "@/lib/api-keys/service";
import { findMemberId } from "@/lib/loyalty/purchases/queries";
import { createTransactionSchema, type CreateTransactionInput } from "@/lib/loyalty/purchases/schemas";
import { DEFAULT_TIME_ZONE } from "@/lib/time";
import { runLoad } from "../lib/load";
import { generatedMemberPhone } from "../lib/generate-members";
import { randomItems } from "../lib/generate-purchases";
import { cpuPerUnit, runPgbench, sampleCpu, type PgbenchRun } from "../lib/pgbench";
import type { Scenario, ScenarioContext } from "./scenario";

/** Far above anything the bench can send, so that the per-key limiter never answers 429. */
const UNLIMITED_PER_MINUTE = 10_000_000;
/** pgbench's branch rows are the hot spot of TPC-B: with fewer branches than clients, clients queue on them. */
const PGBENCH_MIN_SCALE = 32;
const PGBENCH_THREADS = 2;
const TARGET_RATIO = 1 / 3;
const P95_TARGET_MS = 150;
const CEILING_MAX_SECONDS = 15;

/** Server settings both the ingest and pgbench ran under (same server, same run). */
async function serverSettings(db: Db) {
  const names = [
    "server_version",
    "fsync",
    "synchronous_commit",
    "full_page_writes",
    "wal_level",
    "shared_buffers",
    "work_mem",
    "max_connections",
    "max_wal_size",
    "checkpoint_timeout",
    "autovacuum",
    "jit",
  ];
  const rows = rowsOf<{ name: string; setting: string; unit: string | null }>(
    await db.execute(
      sql`select name, setting, unit from pg_settings where name in (${sql.join(
        names.map((n) => sql`${n}`),
        sql`, `,
      )}) order by name`,
    ),
  );
  return Object.fromEntries(rows.map((r) => [r.name, r.unit ? `${r.setting} (${r.unit})` : r.setting]));
}

type Tally = { statuses: Record<string, number>; sampleError: { status: number; body: string } | null };

/**
 * The POS request stream: every request a new sale with its own externalId and Idempotency-Key, a
 * generated member picked at random by phone (written as the cashier might: plain, +86 or spaced),
 * 1–3 lines of jewellery, a discount now and then, paid in full by WeChat Pay or Alipay.
 */
function posRequests(
  ctx: ScenarioContext,
  apiKey: string,
  storeCode: string,
  runId: string,
  tallies: Record<"warmup" | "measure", Tally>,
) {
  const random = seededRandom(32_2026);
  let seq = 0;
  return (phase: "warmup" | "measure"): autocannon.Request[] => {
    const tally = tallies[phase];
    return [
      {
        method: "POST",
        path: "/api/v1/transactions",
        headers: { "content-type": "application/json", authorization: `Bearer ${apiKey}` },
        setupRequest(request) {
          seq += 1;
          const g = 1 + Math.floor(random() * ctx.generatedMembers);
          const digits = generatedMemberPhone(g);
          const style = random();
          const phone =
            style < 0.8
              ? digits
              : style < 0.9
                ? `+86${digits}`
                : `${digits.slice(0, 3)} ${digits.slice(3, 7)} ${digits.slice(7)}`;
          const items = randomItems(random);
          const grossFen = items.reduce((sum, item) => sum + item.quantity * item.unitPriceFen, 0);
          const discountFen = random() < 0.3 ? Math.round(grossFen * 0.05) : 0;
          const body: CreateTransactionInput = {
            externalId: `POS-${runId}-${phase === "warmup" ? "w" : "m"}${seq}`,
            storeCode,
            occurredAt: new TZDate(Date.now(), DEFAULT_TIME_ZONE).toISOString(),
            member: { phone },
            items,
            discountFen,
            payments: [{ method: random() < 0.55 ? "wechat" : "alipay", amountFen: grossFen - discountFen }],
          };
          return {
            ...request,
            body: JSON.stringify(body),
            headers: { ...request.headers, "idempotency-key": randomUUID() },
          };
        },
        onResponse(status, body) {
          tally.statuses[status] = (tally.statuses[status] ?? 0) + 1;
          if ((status < 200 || status > 299) && !tally.sampleError)
            tally.sampleError = { status, body: body.slice(0, 2000) };
        },
      },
    ];
  };
}

async function rowsRecorded(db: Db, externalIdPrefix: string) {
  const pattern = `${externalIdPrefix}%`;
  const [row] = rowsOf<Record<string, number>>(
    await db.execute(sql`
      with sales as (select id, member_id from sales_transactions where kind = 'purchase' and external_id like ${pattern})
      select (select count(*) from sales)::int as sales_transactions,
             (select count(*) from sales where member_id is not null)::int as with_member,
             (select count(*) from sales_transaction_lines where transaction_id in (select id from sales))::int as lines,
             (select count(*) from sales_payments where transaction_id in (select id from sales))::int as payments,
             (select count(*) from points_entries where transaction_id in (select id from sales))::int as points_entries,
             (select count(*) from points_lots where entry_id in (select e.id from points_entries e where e.transaction_id in (select id from sales)))::int as points_lots,
             (select count(*) from member_tier_events where transaction_id in (select id from sales))::int as tier_upgrades`),
  );
  return Object.fromEntries(Object.entries(row ?? {}).map(([k, v]) => [k, Number(v)]));
}

const posIngest: Scenario = {
  name: "pos-ingest",
  description:
    "POST /api/v1/transactions with a Bearer API key, a new Idempotency-Key and externalId per request, a random generated member by phone; beside pgbench's default TPC-B-like script with the same clients on the same server.",
  needsMembers: true,
  defaults: { connections: 32, durationSeconds: 30 },
  async run(ctx) {
    if (ctx.generatedMembers < 1)
      throw new Error("pos-ingest needs generated members (run.ts generates them for scenarios with needsMembers)");
    // The phones the requests use must name existing members: check both ends of the range.
    for (const g of [1, ctx.generatedMembers]) {
      if (!(await findMemberId(ctx.db, { phone: generatedMemberPhone(g) })))
        throw new Error(
          `Generated member ${g} (${generatedMemberPhone(g)}) not found: generate-members.ts changed its phones?`,
        );
    }
    const [store] = await ctx.db
      .select({ id: stores.id, code: stores.code })
      .from(stores)
      .orderBy(asc(stores.code))
      .limit(1);
    const key = await ctx.db.transaction((tx) =>
      createApiKey(
        tx,
        { label: "bench" },
        { storeId: store!.id, name: "bench pos-ingest", rateLimitPerMinute: UNLIMITED_PER_MINUTE },
      ),
    );
    const runId = randomBytes(4).toString("hex");
    const url = `${ctx.baseUrl}/api/v1/transactions`;

    // One request first: a broken endpoint is not worth 30 seconds of errors.
    const probe = createTransactionSchema.parse({
      externalId: `POS-${runId}-probe`,
      storeCode: store!.code,
      occurredAt: new TZDate(Date.now(), DEFAULT_TIME_ZONE).toISOString(),
      member: { phone: generatedMemberPhone(1) },
      items: [{ sku: "AU-RING", name: "足金素圈戒指", category: "gold", quantity: 1, unitPriceFen: 320_000 }],
      payments: [{ method: "wechat", amountFen: 320_000 }],
    });
    const probeResponse = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${key.key}`,
        "idempotency-key": randomUUID(),
      },
      body: JSON.stringify(probe),
    });
    const probeBody = await probeResponse.text();
    if (probeResponse.status !== 201)
      throw new Error(
        `POST /api/v1/transactions answered ${probeResponse.status}, not 201:\n${probeBody.slice(0, 2000)}`,
      );

    const tallies: Record<"warmup" | "measure", Tally> = {
      warmup: { statuses: {}, sampleError: null },
      measure: { statuses: {}, sampleError: null },
    };
    const requests = posRequests(ctx, key.key, store!.code, runId, tallies);
    // Warm-up and measurement as two runs, each request tallied under its own phase.
    if (ctx.warmupSeconds > 0)
      await runLoad({
        url,
        connections: ctx.connections,
        durationSeconds: ctx.warmupSeconds,
        requests: requests("warmup"),
      });
    const load = await runLoad({
      url,
      connections: ctx.connections,
      durationSeconds: ctx.durationSeconds,
      requests: requests("measure"),
    });
    const measured = tallies.measure;
    const ingestCpu = load.cpu;
    if (measured.sampleError)
      console.log(`  sample error (HTTP ${measured.sampleError.status}): ${measured.sampleError.body}`);
    const recorded = await rowsRecorded(ctx.db, `POS-${runId}-m`);
    const created = measured.statuses["201"] ?? 0;
    console.log(
      `  recorded ${recorded.sales_transactions} sales (${created} answered 201), ${recorded.lines} lines, ${recorded.payments} payments, ${recorded.points_entries} points entries`,
    );
    console.log(`  CPU ms per request: ${JSON.stringify(ingestCpu.cpuMsPerUnit)}`);

    // The ceiling: the same endpoint and body with no Authorization header, answered 401 before any
    // database work. What Next.js and the load generator cost per request bounds ingest from above.
    const ceilingBody = JSON.stringify({ ...probe, externalId: `POS-${runId}-ceiling` });
    const ceilingSeconds = Math.min(ctx.durationSeconds, CEILING_MAX_SECONDS);
    const ceilingStatuses: Record<string, number> = {};
    const ceilingLoad = await runLoad({
      url,
      connections: ctx.connections,
      durationSeconds: ceilingSeconds,
      requests: [
        {
          method: "POST",
          path: "/api/v1/transactions",
          headers: { "content-type": "application/json" },
          body: ceilingBody,
          onResponse: (status) => void (ceilingStatuses[status] = (ceilingStatuses[status] ?? 0) + 1),
        },
      ],
    });
    const ceilingCpu = ceilingLoad.cpu;
    console.log(
      `  ceiling (same endpoint, 401 before any database work): ${ceilingLoad.throughputPerSecond}/s; CPU ms per request: ${JSON.stringify(ceilingCpu.cpuMsPerUnit)}`,
    );

    // pgbench on the same server, right after, with the same number of clients and duration.
    const settings = await serverSettings(ctx.db);
    const scale = Math.max(PGBENCH_MIN_SCALE, ctx.connections);
    const pgbench = async (scaleFactor: number): Promise<PgbenchRun & { cpu: ReturnType<typeof cpuPerUnit> }> => {
      const database = `pgbench_s${scaleFactor}`;
      await ctx.server.createDatabase(database);
      try {
        let before = sampleCpu();
        let after = before;
        const run = await runPgbench(
          { host: "127.0.0.1", port: ctx.server.port, user: "postgres", database },
          {
            scale: scaleFactor,
            clients: ctx.connections,
            threads: PGBENCH_THREADS,
            durationSeconds: ctx.durationSeconds,
          },
          async (go) => {
            before = sampleCpu();
            const output = await go();
            after = sampleCpu();
            return output;
          },
        );
        return { ...run, cpu: cpuPerUnit(before, after, run.transactions) };
      } finally {
        await ctx.server.dropDatabase(database);
      }
    };
    console.log(
      `  pgbench -i -s ${scale}, then -c ${ctx.connections} -j ${PGBENCH_THREADS} -T ${ctx.durationSeconds}…`,
    );
    const main = await pgbench(scale);
    console.log(
      `  pgbench (scale ${scale}): ${main.tps.toFixed(1)} tps, latency average ${main.latencyAverageMs} ms; CPU ms per transaction: ${JSON.stringify(main.cpu.cpuMsPerUnit)}`,
    );
    const scaleOne = await pgbench(1);
    console.log(`  pgbench (scale 1): ${scaleOne.tps.toFixed(1)} tps, latency average ${scaleOne.latencyAverageMs} ms`);

    const ratio = Math.round((load.throughputPerSecond / main.tps) * 1000) / 1000;
    console.log(
      `  ingest / pgbench = ${ratio} (for reference); the 401 ceiling / pgbench = ${(ceilingLoad.throughputPerSecond / main.tps).toFixed(3)}`,
    );
    // Issue #13: at least a third of the same endpoint's 401 ceiling, and p95 under 150 ms at 32 clients.
    const vsCeiling = Math.round((load.throughputPerSecond / ceilingLoad.throughputPerSecond) * 1000) / 1000;
    const appCpu = (cpu: typeof ingestCpu) => cpu.cpuMsPerUnit["app (next-server)"];
    console.log(
      `  ingest / 401 ceiling = ${vsCeiling} (target ≥ ${TARGET_RATIO.toFixed(3)}); p95 ${load.latencyMs.p95} ms (target < ${P95_TARGET_MS}); app CPU ${appCpu(ingestCpu)} ms per purchase, ${appCpu(ceilingCpu)} ms per 401`,
    );
    return {
      scenario: posIngest.name,
      description: posIngest.description,
      load,
      rows: ctx.rows,
      comparison: {
        ingestTps: load.throughputPerSecond,
        pgbenchTps: main.tps,
        ingestVsPgbench: ratio,
        ingestVsPgbenchScale1: Math.round((load.throughputPerSecond / scaleOne.tps) * 1000) / 1000,
        ceilingTps: ceilingLoad.throughputPerSecond,
        ceilingVsPgbench: Math.round((ceilingLoad.throughputPerSecond / main.tps) * 1000) / 1000,
        ingestVsCeiling: vsCeiling,
        // Issue #13: the endpoint's own ceiling (a 401 before any database work) is the limit to
        // approach; the earlier target against pgbench was withdrawn (even a 401 reaches only a fraction of it).
        targets: [
          {
            target: "ingest_tps / the endpoint's 401 ceiling ≥ 1/3 (issue #13)",
            ratio: Math.round((load.throughputPerSecond / ceilingLoad.throughputPerSecond) * 1000) / 1000,
            met: load.throughputPerSecond / ceilingLoad.throughputPerSecond >= TARGET_RATIO,
          },
          {
            target: `p95 < ${P95_TARGET_MS} ms at ${load.connections} clients (issue #13), as a ratio to ${P95_TARGET_MS} ms`,
            ratio: Math.round((load.latencyMs.p95 / P95_TARGET_MS) * 100) / 100,
            met: load.latencyMs.p95 < P95_TARGET_MS,
          },
        ],
        appCpuMsPerPurchase: appCpu(ingestCpu),
        appCpuMsPer401: appCpu(ceilingCpu),
        appCpuVsCeiling:
          appCpu(ingestCpu) && appCpu(ceilingCpu)
            ? Math.round((appCpu(ingestCpu)! / appCpu(ceilingCpu)!) * 100) / 100
            : undefined,
      },
      details: {
        ingest: {
          endpoint: "POST /api/v1/transactions",
          statuses: measured.statuses,
          created201: created,
          sampleError: measured.sampleError,
          recorded,
          recordedNote:
            "Sales whose externalId belongs to the measured run; a few more than the 201s counted when requests were still in flight as the measurement stopped (their responses arrive after autocannon stops counting).",
          cpu: ingestCpu,
          warmup: { seconds: ctx.warmupSeconds, statuses: tallies.warmup.statuses },
          request:
            "1–3 jewellery lines, 30% with a 5% discount, paid in full by wechat or alipay; member by phone, uniformly random over the generated members; new externalId and Idempotency-Key each",
          apiKeyRateLimitPerMinute: UNLIMITED_PER_MINUTE,
          appDbPoolMax: ctx.appPoolMax,
          generatedMembers: ctx.generatedMembers,
        },
        ceiling: {
          what: "POST /api/v1/transactions with the same body and no Authorization header: the route answers 401 before reading the body or touching the database. Its throughput bounds what any ingest implementation on this framework, process model and machine can reach.",
          seconds: ceilingSeconds,
          statuses: ceilingStatuses,
          latencyMs: ceilingLoad.latencyMs,
          cpu: ceilingCpu,
        },
        pgbench: {
          main,
          scale1: scaleOne,
          cpuNote:
            "CPU per transaction of the timed run only; 'exited child processes' is the pgbench client (reaped by the bench process), postgres includes the backends of its connections.",
          why: `Scale ${scale} (≥ the ${ctx.connections} clients): TPC-B updates one of 'scale' branch rows per transaction, so with scale 1 every client waits on the same pgbench_branches row and pgbench measures that lock, not the server. The scale-1 figure is recorded for reference only.`,
        },
        server: {
          sameServerAndSettings:
            "The ingest and both pgbench runs used the same throwaway PostgreSQL server in the same bench run, one after the other (bench server: fsync, synchronous_commit and full_page_writes off).",
          settings,
        },
      },
    };
  },
};

export const loyaltyScenarios: Scenario[] = [posIngest];
