import * as hdr from "hdr-histogram-js";
import { sql } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import { seededRandom } from "@/scripts/seed/demo-data";
import { memberListParamsSchema, searchMembers } from "@/lib/members/search/queries";
import { BENCH_NAME_CHARS, generatedCardNo, generatedMemberPhone } from "../lib/generate-members";
import { generatePurchaseHistory } from "../lib/generate-purchases";
import { httpScenario, type QueryTiming, type Scenario, type ScenarioContext } from "./scenario";

async function timeQueries(ctx: ScenarioContext, name: string, queries: string[]): Promise<QueryTiming> {
  const histogram = hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 60_000_000,
    numberOfSignificantValueDigits: 3,
  });
  // Warm the plan cache and the buffer cache a little first.
  for (const q of queries.slice(0, 10)) await searchMembers(ctx.db, ctx.admin, memberListParamsSchema.parse({ q }));
  for (const q of queries) {
    const started = performance.now();
    await searchMembers(ctx.db, ctx.admin, memberListParamsSchema.parse({ q }));
    histogram.recordValue(Math.max(1, Math.round((performance.now() - started) * 1000)));
  }
  const at = (p: number) => histogram.getValueAtPercentile(p) / 1000;
  const timing = {
    name,
    samples: queries.length,
    latencyMs: { p50: at(50), p95: at(95), p99: at(99), max: histogram.maxValue / 1000 },
  };
  histogram.destroy();
  return timing;
}

const SAMPLES = 300;
/** docs/domain.md#search: every reading of the search box answers within this at 10 million members (issue #13). */
const TARGET_P95_MS = 10;

const memberSearch: Scenario = {
  name: "members-search",
  description:
    "Member search at the query (searchMembers as an all-stores admin, first page of 25 sorted by name, with the count capped at 1,000) by full phone, last 4 digits, card number, 2-character name fragment (given + given, surname + given) and pinyin initials.",
  needsMembers: true,
  async run(ctx) {
    const random = seededRandom(4242);
    const { surnames, given } = BENCH_NAME_CHARS;
    const pick = (list: string[]) => list[Math.floor(random() * list.length)]!;
    const member = () => 1 + Math.floor(random() * ctx.generatedMembers);
    const phones = Array.from({ length: SAMPLES }, () => generatedMemberPhone(member()));
    const suffixes = Array.from({ length: SAMPLES }, () => String(Math.floor(random() * 10000)).padStart(4, "0"));
    const cards = Array.from({ length: SAMPLES }, () => generatedCardNo(member()));
    const fragments = Array.from({ length: SAMPLES }, () => pick(given) + pick(given));
    // Initials of members picked at random, so common initials come up as often as members carry them.
    const initialRows = rowsOf<{ name_initials: string }>(
      await ctx.db.execute(sql`select name_initials from members tablesample system (1) limit ${SAMPLES}`),
    );
    const initials = Array.from(
      { length: SAMPLES },
      (_, i) => initialRows[i % Math.max(1, initialRows.length)]?.name_initials ?? "wxh",
    );
    const surnameFragments = Array.from({ length: SAMPLES }, () => pick(surnames) + pick(given));
    const queries = [
      await timeQueries(ctx, "full_phone", phones),
      await timeQueries(ctx, "phone_suffix", suffixes),
      await timeQueries(ctx, "card_number", cards),
      await timeQueries(ctx, "name_fragment_given", fragments),
      await timeQueries(ctx, "name_fragment_surname", surnameFragments),
      await timeQueries(ctx, "pinyin_initials", initials),
    ];
    return {
      scenario: "members-search",
      description: memberSearch.description,
      queries,
      rows: ctx.rows,
      comparison: {
        targetP95Ms: TARGET_P95_MS,
        allUnderTarget: queries.every((q) => q.latencyMs.p95 < TARGET_P95_MS),
        overTarget: queries.filter((q) => q.latencyMs.p95 >= TARGET_P95_MS).map((q) => q.name),
      },
    };
  },
};

const MEMBER_360_PURCHASES = 500;

/**
 * The 360° page of one member of a million with a long history: 500 purchases (with refunds,
 * stored-value and points payments, survey points, redemptions and expired lots) recorded first
 * through the loyalty business functions, so that the page's cost at that history length is measured.
 */
const member360: Scenario = {
  name: "member-360",
  description: `The member 360° page, authenticated, for one member of a million with ${MEMBER_360_PURCHASES} purchases.`,
  needsMembers: true,
  targets: [
    { metric: "appCpuVsBare", max: 3, source: "issue #13" },
    { metric: "p95VsBare", max: 3, source: "issue #13" },
  ],
  async run(ctx) {
    const [row] = rowsOf<{ id: string }>(
      await ctx.db.execute(
        sql`select id from members where merged_into_id is null order by phone_e164 limit 1 offset 5000`,
      ),
    );
    const memberId = row!.id;
    const actor = { staffId: ctx.admin.id, username: ctx.admin.username, ip: null };
    console.log(`  recording ${MEMBER_360_PURCHASES} purchases for the member…`);
    const history = await generatePurchaseHistory(ctx.db, actor, memberId, { purchases: MEMBER_360_PURCHASES });
    console.log(
      `  ${history.rows.salesTransactions} sales (${history.refunds} refunds), ${history.rows.pointsEntries} points entries, ${history.rows.storedValueEntries} card entries in ${history.seconds} s`,
    );
    // The new rows are analysed like the generated ones, so that the planner sees the long history.
    for (const table of [
      "sales_transactions",
      "sales_transaction_lines",
      "sales_payments",
      "points_entries",
      "points_lots",
      "points_allocations",
      "stored_value_entries",
    ]) {
      await ctx.db.execute(sql.raw(`analyze ${table}`));
    }
    const result = await httpScenario(member360.name, member360.description, `/members/${memberId}`, true).run(ctx);
    return { ...result, details: { ...result.details, member: history } };
  },
};

export const memberScenarios: Scenario[] = [memberSearch, member360];
