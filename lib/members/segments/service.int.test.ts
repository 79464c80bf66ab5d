import { subDays } from "date-fns";
import { eq, inArray, sql } from "drizzle-orm";
import postgres from "postgres";
import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { members, salesTransactions } from "@/db/schema";
import { runJob } from "@/lib/jobs/run-job";
import { createTestStore, setupTestDatabase, testDriver, uniqueSuffix } from "@/tests/helpers/test-db";
import { nameSearchKeys } from "../search/keys";
import { refreshMemberSegments } from "./service";

let db: Db;
let storeId: string;
const NOW = new Date("2026-11-20T04:00:00Z");

setupTestDatabase(async (opened) => {
  db = opened;
  storeId = (await createTestStore(db)).id;
});

async function member() {
  const name = "测试会员";
  const digits = String(Math.floor(Math.random() * 1e8)).padStart(8, "0");
  const [row] = await db
    .insert(members)
    .values({
      name,
      ...nameSearchKeys(name),
      homeStoreId: storeId,
      phoneE164: `+86139${digits}`,
      phoneLast4: digits.slice(-4),
    })
    .returning({ id: members.id });
  return row!.id;
}

async function purchase(
  memberId: string,
  daysAgo: number,
  netPaidFen = 100_000,
  kind: "purchase" | "refund" = "purchase",
) {
  // A refund points at a purchase of the same member.
  const [original] =
    kind === "refund"
      ? await db
          .select({ id: salesTransactions.id })
          .from(salesTransactions)
          .where(eq(salesTransactions.memberId, memberId))
          .limit(1)
      : [undefined];
  await db.insert(salesTransactions).values({
    storeId,
    memberId,
    externalId: `T-${uniqueSuffix(10)}`,
    kind,
    originalId: original?.id ?? null,
    occurredAt: subDays(NOW, daysAgo),
    netPaidFen: kind === "refund" ? -Math.abs(netPaidFen) : netPaidFen,
  });
}

async function segmentsOf(ids: string[]) {
  const rows = await db
    .select({
      id: members.id,
      stage: members.lifecycleStage,
      r: members.rfmRecency,
      f: members.rfmFrequency,
      m: members.rfmMonetary,
      segment: members.rfmSegment,
    })
    .from(members)
    .where(inArray(members.id, ids));
  return new Map(rows.map((row) => [row.id, row]));
}

describe("lifecycle stages and RFM", () => {
  it("derives each lifecycle stage from the purchase dates", async () => {
    const potential = await member();
    const fresh = await member();
    await purchase(fresh, 30);
    const regular = await member();
    await purchase(regular, 400);
    await purchase(regular, 100);
    const dormant = await member();
    await purchase(dormant, 200);
    const lost = await member();
    await purchase(lost, 400);

    await refreshMemberSegments(db, { now: NOW });
    const s = await segmentsOf([potential, fresh, regular, dormant, lost]);
    expect(s.get(potential)).toMatchObject({ stage: "potential", r: null, segment: null });
    expect(s.get(fresh)?.stage).toBe("new");
    expect(s.get(regular)?.stage).toBe("regular");
    expect(s.get(dormant)?.stage).toBe("dormant");
    expect(s.get(lost)).toMatchObject({ stage: "lost", r: null, segment: "lost" });
  });

  it("scores recency, frequency and monetary 1–5 by quintile over the last 12 months", async () => {
    await db.execute(sql`delete from sales_transactions`);
    const buyers: string[] = [];
    for (let i = 0; i < 10; i++) {
      const id = await member();
      buyers.push(id);
      // Buyer i: i+1 purchases, the latest 300 - 30·i days ago, spending more each time.
      for (let k = 0; k <= i; k++) await purchase(id, 300 - 30 * i + k, 10_000 * (i + 1));
    }
    await refreshMemberSegments(db, { now: NOW });
    const s = await segmentsOf(buyers);
    expect(s.get(buyers[9]!)).toMatchObject({ r: 5, f: 5, m: 5, segment: "champions" });
    expect(s.get(buyers[0]!)).toMatchObject({ r: 1, f: 1, m: 1, segment: "hibernating" });
    // A refund counts against monetary, never as a purchase.
    await purchase(buyers[9]!, 1, 10_000_000, "refund");
    await refreshMemberSegments(db, { now: NOW });
    const after = await segmentsOf([buyers[9]!]);
    expect(after.get(buyers[9]!)).toMatchObject({ r: 5, f: 5, m: 1 });
  });

  it("is idempotent: a second run with the same facts writes nothing", async () => {
    await refreshMemberSegments(db, { now: NOW });
    expect(await refreshMemberSegments(db, { now: NOW })).toEqual({ updated: 0 });
  });

  it("limits the write to the given members after a purchase", async () => {
    const a = await member();
    const b = await member();
    await purchase(a, 5);
    await purchase(b, 5);
    await refreshMemberSegments(db, { now: NOW, memberIds: [a] });
    const s = await segmentsOf([a, b]);
    expect(s.get(a)?.stage).toBe("new");
    expect(s.get(b)?.stage).toBe("potential");
    const [merged] = await db.select({ stage: members.lifecycleStage }).from(members).where(eq(members.id, b));
    expect(merged?.stage).toBe("potential");
  });

  it("runs as a job under an advisory lock: a second instance skips while the first holds it", async () => {
    expect((await runJob(db, "member-segments")).status).toBe("done");
    if (testDriver() === "pglite") {
      // One connection: runs are sequential, and each takes and releases the lock.
      expect((await runJob(db, "member-segments")).status).toBe("done");
      return;
    }
    const url = (
      db as unknown as { $client: { options: { host: string[]; port: number[]; database: string; user: string } } }
    ).$client.options;
    const other = postgres({
      host: url.host[0],
      port: url.port[0],
      database: url.database,
      user: url.user,
      max: 1,
      onnotice: () => {},
    });
    try {
      await other.begin(async (tx) => {
        await tx`select pg_advisory_xact_lock(hashtext('atrium.job:member-segments'))`;
        expect((await runJob(db, "member-segments")).status).toBe("skipped");
      });
      expect((await runJob(db, "member-segments")).status).toBe("done");
    } finally {
      await other.end({ timeout: 5 });
    }
  });
});
