import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { clientelingTasks, members } from "@/db/schema";
import type { StaffAccount } from "@/lib/staff/principal";
import { insertMember } from "@/tests/helpers/members";
import { createTestAccount } from "@/tests/helpers/run-as";
import { createTestStore, setupTestDatabase, testDriver, type TestStore } from "@/tests/helpers/test-db";
import { eq } from "drizzle-orm";
import { listTasks, taskCounts, taskListParamsSchema } from "./queries";

let db: Db;
let store: TestStore;
let otherStore: TestStore;
let advisor: StaffAccount;
let otherAdvisor: StaffAccount;
let manager: StaffAccount;
let otherManager: StaffAccount;

// Today is 27 November 2025 in Shanghai.
const now = new Date("2025-11-27T10:00:00+08:00");

async function task(options: {
  dueOn: string;
  assigneeId?: string | null;
  storeId?: string;
  kind?: (typeof clientelingTasks.$inferInsert)["kind"];
  status?: "open" | "done" | "skipped";
  memberName?: string;
}) {
  const storeId = options.storeId ?? store.id;
  const member = await insertMember(db, { storeId, name: options.memberName });
  const closed = options.status && options.status !== "open";
  const [row] = await db
    .insert(clientelingTasks)
    .values({
      storeId,
      memberId: member.id,
      assigneeId: options.assigneeId ?? null,
      kind: options.kind ?? "care_call",
      sourceKey: `test:${randomUUID()}`,
      dueOn: options.dueOn,
      status: options.status ?? "open",
      closedAt: closed ? now : null,
      skipReason: options.status === "skipped" ? "已联系" : null,
    })
    .returning();
  return row!;
}

const params = (raw: Record<string, unknown> = {}) => taskListParamsSchema.parse(raw);

setupTestDatabase(async (opened) => {
  db = opened;
  store = await createTestStore(db);
  otherStore = await createTestStore(db);
  advisor = await createTestAccount(db, ["advisor"], [store.id]);
  otherAdvisor = await createTestAccount(db, ["advisor"], [store.id]);
  manager = await createTestAccount(db, ["manager"], [store.id]);
  otherManager = await createTestAccount(db, ["manager"], [otherStore.id]);
});

describe(`task lists on ${testDriver()}`, () => {
  it("shows an advisor their own open tasks by due date, flagging overdue and today, names masked", async () => {
    const overdue = await task({ dueOn: "2025-11-20", assigneeId: advisor.id, memberName: "张晓华" });
    const later = await task({ dueOn: "2025-12-05", assigneeId: advisor.id });
    const today = await task({ dueOn: "2025-11-27", assigneeId: advisor.id, kind: "important_date" });
    await task({ dueOn: "2025-11-21", assigneeId: otherAdvisor.id });
    await task({ dueOn: "2025-11-21" });
    await task({ dueOn: "2025-11-21", assigneeId: advisor.id, status: "done" });
    const merged = await task({ dueOn: "2025-11-21", assigneeId: advisor.id });
    await db.update(members).set({ mergedIntoId: overdue.memberId }).where(eq(members.id, merged.memberId));

    const { rows, total, view } = await listTasks(db, advisor, params(), { now });
    expect(view).toBe("mine");
    expect(total).toBe(3);
    expect(rows.map((r) => r.id)).toEqual([overdue.id, today.id, later.id]);
    expect(rows.map((r) => [r.overdue, r.dueToday])).toEqual([
      [true, false],
      [false, true],
      [false, false],
    ]);
    expect(rows[0]!.memberName).toBe("张*华");

    expect(await taskCounts(db, advisor, { now })).toEqual({ open: 3, overdue: 1, dueToday: 1, unassigned: null });
    // Asking for the store view as an advisor still shows their own tasks.
    expect((await listTasks(db, advisor, params({ view: "store" }), { now })).view).toBe("mine");
  });

  it("gives a manager the store view with filters; another store sees none of it", async () => {
    const unassigned = await task({ dueOn: "2025-11-25", kind: "dormant_callback" });
    const assigned = await task({ dueOn: "2025-11-26", assigneeId: otherAdvisor.id });
    const skipped = await task({ dueOn: "2025-11-24", assigneeId: otherAdvisor.id, status: "skipped" });

    const store = async (raw: Record<string, unknown>, who = manager) =>
      (await listTasks(db, who, params({ view: "store", ...raw }), { now })).rows.map((r) => r.id);
    expect(await store({ assignee: "unassigned" })).toContain(unassigned.id);
    expect(await store({ assignee: "unassigned" })).not.toContain(assigned.id);
    expect(await store({ assignee: otherAdvisor.id })).toContain(assigned.id);
    expect(await store({ kind: "dormant_callback" })).toContain(unassigned.id);
    expect(await store({ kind: "dormant_callback" })).not.toContain(assigned.id);
    expect(await store({ status: "skipped" })).toEqual(expect.arrayContaining([skipped.id]));
    expect(await store({ status: "all", dueFrom: "2025-11-24", dueTo: "2025-11-24" })).toContain(skipped.id);
    expect(await store({ dueFrom: "2025-11-26", dueTo: "2025-11-26" })).toEqual([assigned.id]);
    expect(await store({ due: "overdue", dueFrom: "2025-11-25", dueTo: "2025-11-26" })).toEqual([
      unassigned.id,
      assigned.id,
    ]);
    expect(await store({}, otherManager)).toEqual([]);

    const counts = await taskCounts(db, manager, { now });
    expect(counts.unassigned).toBeGreaterThanOrEqual(1);
    expect(await taskCounts(db, otherManager, { now })).toEqual({ open: 0, overdue: 0, dueToday: 0, unassigned: 0 });
  });

  it("never throws on hostile list parameters", async () => {
    const hostile: Record<string, unknown>[] = [
      { view: "admin", assignee: "'; drop table clienteling_tasks;--", kind: "../../etc", status: "deleted" },
      { page: "-5", pageSize: "1000000", dir: "sideways", sort: "memberName" },
      { page: "99999999999999999999", dueFrom: "2025-02-30", dueTo: "9999-12-31" },
      { page: ["1", "2"], view: ["store", "mine"], kind: ["care_call"], assignee: ["unassigned"] },
      { dueFrom: "2025-11-01\u0000", store: "not-a-uuid", due: "yesterday", assignee: "\u0000" },
      { page: "1e3", pageSize: "25.5", dueFrom: "", dueTo: null, store: randomUUID() },
      { page: { $gt: 1 }, status: { toString: 1 } },
    ];
    for (const raw of hostile) {
      for (const who of [advisor, manager]) {
        const parsed = taskListParamsSchema.parse(raw);
        await expect(listTasks(db, who, parsed, { now })).resolves.toMatchObject({ total: expect.any(Number) });
      }
    }
    expect(taskListParamsSchema.parse({ page: "99999999999999999999" }).page).toBe(1);
  });
});
