/**
 * `npx tsx bench/members-import.ts [--rows 100000]`: generates a deterministic legacy export
 * (duplicates, rejected rows, every date and gender spelling, GBK-safe text), starts a throwaway
 * PostgreSQL server, migrates, and times the dry run and the commit of the member import.
 * Writes bench/results/members-import.json.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { stringify } from "csv-stringify/sync";
import { sql } from "drizzle-orm";
import { openDatabase, rowsOf } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { analyzeImport } from "@/lib/members/import/analyze";
import { todayIn } from "@/lib/time";
import { prepareImportFile } from "@/lib/members/import/prepare";
import { commitImport, withDatabaseMatches } from "@/lib/members/import/service";
import { resolveImportStores } from "@/lib/members/import/stores";
import { createTestStore } from "@/tests/helpers/test-db";
import { seededRandom } from "@/scripts/seed/demo-data";
import { startPgServer } from "../scripts/lib/pg-server";

const { values } = parseArgs({ options: { rows: { type: "string", default: "100000" } } });
const ROWS = Number(values.rows);

const SURNAMES =
  "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾田董潘袁蔡蒋余杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴莫孔向汤".split(
    "",
  );
const GIVEN =
  "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红玲芬燕彬鹏辉建国晓梅琳雪婷慧颖欣怡佳子轩涵宇浩然思雨博文嘉琪晨诗雅兰志海东宁安乐天成凯".split(
    "",
  );
const GENDERS = ["男", "女", "M", "F", "male", "female", "先生", "女士", ""];
const STORES = ["BENCH1", "BENCH2", "UNKNOWN"];

function generateCsv(rows: number): string {
  const random = seededRandom(20240601);
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]!;
  const pad = (n: number) => String(n).padStart(2, "0");
  const phones: string[] = [];
  const records: string[][] = [["会员卡号", "姓名", "性别", "手机号", "生日", "邮箱", "开卡门店", "开卡日期", "备注"]];
  for (let i = 0; i < rows; i++) {
    // About 7% of rows reopen a card for an earlier phone, in another spelling.
    const reuse = phones.length > 0 && random() < 0.07;
    const digits = reuse
      ? pick(phones)
      : `1${3 + Math.floor(random() * 7)}${String(Math.floor(random() * 1e9)).padStart(9, "0")}`;
    if (!reuse) phones.push(digits);
    const kind = random();
    const phone =
      kind < 0.01
        ? `0577-${digits.slice(3)}`
        : kind < 0.02
          ? digits.slice(0, 9)
          : kind < 0.5
            ? digits
            : kind < 0.65
              ? `+86${digits}`
              : kind < 0.8
                ? `${digits.slice(0, 3)}-${digits.slice(3, 7)}-${digits.slice(7)}`
                : `+86 ${digits.slice(0, 3)} ${digits.slice(3, 7)} ${digits.slice(7)}`;
    const name = random() < 0.005 ? "" : pick(SURNAMES) + pick(GIVEN) + (random() < 0.6 ? pick(GIVEN) : "");
    const y = 1950 + Math.floor(random() * 55);
    const m = 1 + Math.floor(random() * 12);
    const d = 1 + Math.floor(random() * 28);
    const format = Math.floor(random() * 7);
    const birthday = [
      `${y}-${pad(m)}-${pad(d)}`,
      `${y}/${m}/${d}`,
      `${y}年${m}月${d}日`,
      `${y}${pad(m)}${pad(d)}`,
      `${y}.${pad(m)}.${pad(d)}`,
      "",
      random() < 0.5 ? "1990-13-40" : "未知",
    ][format]!;
    records.push([
      `B${String(i + 1).padStart(7, "0")}`,
      name,
      pick(GENDERS),
      phone,
      birthday,
      random() < 0.3 ? `user${i}@example.com` : "",
      pick(STORES),
      `20${10 + Math.floor(random() * 15)}-${pad(m)}-${pad(d)}`,
      random() < 0.1 ? "偏好黄金" : "",
    ]);
  }
  return "\uFEFF" + stringify(records);
}

const bytes = Buffer.from(generateCsv(ROWS), "utf8");
const pg = await startPgServer();
const handle = openDatabase({ url: await pg.createDatabase("bench_import"), poolMax: 4 });
try {
  await migrateDatabase(handle);
  const { db } = handle;
  await createTestStore(db, { code: "BENCH1" });
  await createTestStore(db, { code: "BENCH2" });
  const stores = await resolveImportStores(db, { kind: "all" }, { code: "BENCH1" });

  const dryStart = performance.now();
  const prepared = prepareImportFile(bytes);
  const { report, members } = analyzeImport(prepared.csv, prepared.guessedMapping, { today: todayIn(stores.timeZone) });
  const dryRun = await withDatabaseMatches(db, report, members, stores.scope);
  const drySeconds = (performance.now() - dryStart) / 1000;

  const commitStart = performance.now();
  const committed = await commitImport(db, members, {
    actor: { label: "bench" },
    stores,
    report,
    encoding: prepared.encoding,
  });
  const commitSeconds = (performance.now() - commitStart) / 1000;

  // The second run of the same file: everything matches, nothing is added.
  const againStart = performance.now();
  const again = await commitImport(db, members, {
    actor: { label: "bench" },
    stores,
    report,
    encoding: prepared.encoding,
  });
  const againSeconds = (performance.now() - againStart) / 1000;

  const [counts] = rowsOf<{ members: number; cards: number }>(
    await db.execute(
      sql`select (select count(*)::int from members) as members, (select count(*)::int from member_cards) as cards`,
    ),
  );
  const totalSeconds = drySeconds + commitSeconds;
  const reportCounts = Object.fromEntries(
    Object.entries(dryRun).filter(([key]) => key !== "invalid" && key !== "warnings" && key !== "conflicts"),
  );
  const result = {
    scenario: "members-import",
    description:
      "Legacy member CSV import on real PostgreSQL: decode + parse + validate + dry-run matches, then the chunked commit.",
    rows: ROWS,
    fileBytes: bytes.length,
    report: reportCounts,
    committed,
    recommitted: { membersCreated: again.membersCreated, cardsAdded: again.cardsAdded, seconds: round(againSeconds) },
    database: { members: Number(counts!.members), cards: Number(counts!.cards) },
    seconds: { dryRun: round(drySeconds), commit: round(commitSeconds), total: round(totalSeconds) },
    rowsPerSecond: {
      dryRun: Math.round(ROWS / drySeconds),
      commit: Math.round(ROWS / commitSeconds),
      total: Math.round(ROWS / totalSeconds),
    },
    environment: {
      date: new Date().toISOString(),
      node: process.version,
      postgres: pg.version,
      cpus: os.cpus().length,
      loadAverage: os.loadavg().map(round),
    },
  };
  const out = path.join(process.cwd(), "bench", "results", "members-import.json");
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(result, null, 2) + "\n");
  console.log(
    JSON.stringify(
      { seconds: result.seconds, rowsPerSecond: result.rowsPerSecond, report: reportCounts, committed },
      null,
      2,
    ),
  );
} finally {
  await handle.close();
  await pg.stop();
}

function round(n: number) {
  return Math.round(n * 1000) / 1000;
}
