import { randomUUID } from "node:crypto";
import { count, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { clientelingTasks, memberContacts, members } from "@/db/schema";
import type { StaffAccount } from "@/lib/staff/principal";
import { expectAppError } from "@/tests/helpers/errors";
import { insertMember } from "@/tests/helpers/members";
import { createTestAccount, runAs } from "@/tests/helpers/run-as";
import { auditEntries, createTestStore, setupTestDatabase, testDriver, type TestStore } from "@/tests/helpers/test-db";
import { createVisitFollowUpTask } from "./service";
import { assignTaskUseCase, completeTaskUseCase, skipTaskUseCase } from "./use-cases";

let db: Db;
let store: TestStore;
let otherStore: TestStore;
let advisor: StaffAccount;
let otherAdvisor: StaffAccount;
let manager: StaffAccount;
let otherManager: StaffAccount;
let otherStoreAdvisor: StaffAccount;

setupTestDatabase(async (opened) => {
  db = opened;
  store = await createTestStore(db);
  otherStore = await createTestStore(db);
  advisor = await createTestAccount(db, ["advisor"], [store.id]);
  otherAdvisor = await createTestAccount(db, ["advisor"], [store.id]);
  manager = await createTestAccount(db, ["manager"], [store.id]);
  otherManager = await createTestAccount(db, ["manager"], [otherStore.id]);
  otherStoreAdvisor = await createTestAccount(db, ["advisor"], [otherStore.id]);
});

/** An open task about a new member of `storeId`, assigned to `assigneeId` (none by default). */
async function openTask(options: { assigneeId?: string | null; storeId?: string; erased?: boolean } = {}) {
  const storeId = options.storeId ?? store.id;
  const member = await insertMember(db, { storeId });
  if (options.erased) await db.update(members).set({ erasedAt: new Date() }).where(eq(members.id, member.id));
  const [task] = await db
    .insert(clientelingTasks)
    .values({
      storeId,
      memberId: member.id,
      assigneeId: options.assigneeId ?? null,
      kind: "care_call",
      sourceKey: `test:${randomUUID()}`,
      dueOn: "2025-11-27",
      details: {},
    })
    .returning();
  return task!;
}

async function taskRow(id: string) {
  const [row] = await db.select().from(clientelingTasks).where(eq(clientelingTasks.id, id));
  return row!;
}

async function contactsOfTask(taskId: string) {
  return db.select().from(memberContacts).where(eq(memberContacts.taskId, taskId));
}

const reached = { channel: "phone", outcome: "reached", note: "佩戴很舒服，想看配套耳环" } as const;

describe(`clienteling task use cases on ${testDriver()}`, () => {
  describe("complete", () => {
    it("needs a contact, and writes the contact and the closed task together", async () => {
      const task = await openTask({ assigneeId: advisor.id });
      const refused = await expectAppError(runAs(db, completeTaskUseCase, advisor, { taskId: task.id }), "validation");
      expect(Object.keys(refused.fieldErrors ?? {}).sort()).toEqual(["channel", "outcome"]);
      expect((await taskRow(task.id)).status).toBe("open");

      const done = await runAs(db, completeTaskUseCase, advisor, { taskId: task.id, ...reached });
      const row = await taskRow(task.id);
      expect(row).toMatchObject({ status: "done", contactId: done.contactId, closedBy: advisor.id });
      expect(row.closedAt).toBeInstanceOf(Date);
      expect(await contactsOfTask(task.id)).toMatchObject([
        {
          id: done.contactId,
          memberId: task.memberId,
          storeId: store.id,
          staffId: advisor.id,
          channel: "phone",
          outcome: "reached",
          note: reached.note,
          lostReason: null,
        },
      ]);
      const [entry] = await auditEntries(db, { action: "clienteling.task.complete", entityId: task.id });
      expect(entry).toMatchObject({ storeId: store.id, actorStaffId: advisor.id });
      // The note is personal: not in the audit log.
      expect(JSON.stringify(entry!.details)).not.toContain("耳环");
    });

    it("writes neither row when closing the task fails", async () => {
      const task = await openTask({ assigneeId: advisor.id });
      // A trigger that refuses this task's update stands in for any failure after the contact's insert.
      await db.execute(
        sql.raw(`create function refuse_task_update() returns trigger language plpgsql as $$
        begin if new.id = '${task.id}' then raise exception 'refused by the test'; end if; return new; end $$`),
      );
      await db.execute(
        sql.raw(`create trigger refuse_task_update before update on clienteling_tasks
        for each row execute function refuse_task_update()`),
      );
      try {
        await expect(runAs(db, completeTaskUseCase, advisor, { taskId: task.id, ...reached })).rejects.toThrow();
      } finally {
        await db.execute(sql.raw(`drop trigger refuse_task_update on clienteling_tasks`));
        await db.execute(sql.raw(`drop function refuse_task_update()`));
      }
      expect(await contactsOfTask(task.id)).toEqual([]);
      expect((await taskRow(task.id)).status).toBe("open");
    });

    it("keeps the lost reason the client gave, and refuses a note over 1,000 characters", async () => {
      const task = await openTask({ assigneeId: advisor.id });
      await expectAppError(
        runAs(db, completeTaskUseCase, advisor, { taskId: task.id, ...reached, note: "很".repeat(1001) }),
        "validation",
      );
      await runAs(db, completeTaskUseCase, advisor, {
        taskId: task.id,
        channel: "wechat",
        outcome: "declined",
        note: "",
        lostReason: "  搬去外地了  ",
      });
      expect(await contactsOfTask(task.id)).toMatchObject([{ outcome: "declined", lostReason: "搬去外地了" }]);
    });

    it("is for the assignee or a manager of the store; another advisor is refused", async () => {
      const mine = await openTask({ assigneeId: advisor.id });
      await expectAppError(runAs(db, completeTaskUseCase, otherAdvisor, { taskId: mine.id, ...reached }), "forbidden");
      const unassigned = await openTask();
      await expectAppError(runAs(db, completeTaskUseCase, advisor, { taskId: unassigned.id, ...reached }), "forbidden");
      expect(await contactsOfTask(mine.id)).toEqual([]);

      await runAs(db, completeTaskUseCase, manager, { taskId: mine.id, ...reached });
      await runAs(db, completeTaskUseCase, manager, { taskId: unassigned.id, ...reached });
      expect((await taskRow(mine.id)).closedBy).toBe(manager.id);
      expect((await taskRow(unassigned.id)).status).toBe("done");
    });

    it("answers another store's task as not found, to its manager and advisors alike", async () => {
      const task = await openTask({ assigneeId: advisor.id });
      for (const someone of [otherManager, otherStoreAdvisor]) {
        await expectAppError(runAs(db, completeTaskUseCase, someone, { taskId: task.id, ...reached }), "not_found");
        await expectAppError(runAs(db, skipTaskUseCase, someone, { taskId: task.id, reason: "x" }), "not_found");
      }
      await expectAppError(runAs(db, completeTaskUseCase, manager, { taskId: randomUUID(), ...reached }), "not_found");
      expect((await taskRow(task.id)).status).toBe("open");
    });

    it("refuses a task already closed, done or skipped", async () => {
      const done = await openTask({ assigneeId: advisor.id });
      await runAs(db, completeTaskUseCase, advisor, { taskId: done.id, ...reached });
      const again = await expectAppError(
        runAs(db, completeTaskUseCase, advisor, { taskId: done.id, ...reached }),
        "conflict",
      );
      expect(again.fieldErrors).toEqual({ taskId: ["taskClosed"] });
      await expectAppError(runAs(db, skipTaskUseCase, advisor, { taskId: done.id, reason: "重复" }), "conflict");
      expect(await contactsOfTask(done.id)).toHaveLength(1);

      const skipped = await openTask({ assigneeId: advisor.id });
      await runAs(db, skipTaskUseCase, advisor, { taskId: skipped.id, reason: "客户已到店" });
      await expectAppError(runAs(db, completeTaskUseCase, advisor, { taskId: skipped.id, ...reached }), "conflict");
    });

    it("refuses a contact on an erased member; their task can still be skipped", async () => {
      const task = await openTask({ assigneeId: advisor.id, erased: true });
      const error = await expectAppError(
        runAs(db, completeTaskUseCase, advisor, { taskId: task.id, ...reached }),
        "conflict",
      );
      expect(error.messageKey).toBe("memberErased");
      expect(await contactsOfTask(task.id)).toEqual([]);
      await runAs(db, skipTaskUseCase, advisor, { taskId: task.id, reason: "会员已注销" });
      expect((await taskRow(task.id)).status).toBe("skipped");
    });

    it("needs clienteling.tasks", async () => {
      const task = await openTask();
      const service = await createTestAccount(db, ["service"], [store.id]);
      await expectAppError(runAs(db, completeTaskUseCase, service, { taskId: task.id, ...reached }), "forbidden");
    });
  });

  describe("skip", () => {
    it("needs a reason, and closes the task with it and no contact", async () => {
      const task = await openTask({ assigneeId: advisor.id });
      for (const reason of [undefined, "", "   "]) {
        const error = await expectAppError(
          runAs(db, skipTaskUseCase, advisor, { taskId: task.id, reason }),
          "validation",
        );
        expect(Object.keys(error.fieldErrors ?? {})).toEqual(["reason"]);
      }
      await expectAppError(
        runAs(db, skipTaskUseCase, advisor, { taskId: task.id, reason: "因".repeat(501) }),
        "validation",
      );
      expect((await taskRow(task.id)).status).toBe("open");

      await runAs(db, skipTaskUseCase, advisor, { taskId: task.id, reason: " 昨天已在店里见过 " });
      expect(await taskRow(task.id)).toMatchObject({
        status: "skipped",
        skipReason: "昨天已在店里见过",
        contactId: null,
        closedBy: advisor.id,
      });
      expect(await contactsOfTask(task.id)).toEqual([]);
      expect(await auditEntries(db, { action: "clienteling.task.skip", entityId: task.id })).toHaveLength(1);
    });

    it("is refused to another advisor", async () => {
      const task = await openTask({ assigneeId: advisor.id });
      await expectAppError(
        runAs(db, skipTaskUseCase, otherAdvisor, { taskId: task.id, reason: "不是我的" }),
        "forbidden",
      );
    });
  });

  describe("assign", () => {
    it("lets a manager give a task to an advisor of its store, or back to the unassigned list", async () => {
      const task = await openTask();
      await runAs(db, assignTaskUseCase, manager, { taskId: task.id, assigneeId: advisor.id });
      expect((await taskRow(task.id)).assigneeId).toBe(advisor.id);
      await runAs(db, assignTaskUseCase, manager, { taskId: task.id, assigneeId: otherAdvisor.id });
      expect((await taskRow(task.id)).assigneeId).toBe(otherAdvisor.id);
      const [entry] = (await auditEntries(db, { action: "clienteling.task.assign", entityId: task.id })).slice(-1);
      expect(entry!.details).toMatchObject({ from: advisor.id, to: otherAdvisor.id });
      await runAs(db, assignTaskUseCase, manager, { taskId: task.id, assigneeId: null });
      expect((await taskRow(task.id)).assigneeId).toBeNull();
    });

    it("refuses an advisor of another store, a non-manager, another store's manager and a closed task", async () => {
      const task = await openTask({ assigneeId: advisor.id });
      const wrong = await expectAppError(
        runAs(db, assignTaskUseCase, manager, { taskId: task.id, assigneeId: otherStoreAdvisor.id }),
        "validation",
      );
      expect(wrong.fieldErrors).toEqual({ assigneeId: ["unknownAdvisor"] });
      await expectAppError(
        runAs(db, assignTaskUseCase, manager, { taskId: task.id, assigneeId: manager.id }),
        "validation",
      );
      await expectAppError(
        runAs(db, assignTaskUseCase, advisor, { taskId: task.id, assigneeId: otherAdvisor.id }),
        "forbidden",
      );
      await expectAppError(
        runAs(db, assignTaskUseCase, otherManager, { taskId: task.id, assigneeId: otherStoreAdvisor.id }),
        "not_found",
      );
      await runAs(db, skipTaskUseCase, advisor, { taskId: task.id, reason: "已联系" });
      await expectAppError(
        runAs(db, assignTaskUseCase, manager, { taskId: task.id, assigneeId: otherAdvisor.id }),
        "conflict",
      );
      expect((await taskRow(task.id)).assigneeId).toBe(advisor.id);
    });
  });

  describe("visit follow-up", () => {
    it("is due two store-local days after the visit, once per appointment", async () => {
      const member = await insertMember(db, { storeId: store.id, advisorId: advisor.id });
      const appointmentId = randomUUID();
      const input = {
        appointmentId,
        memberId: member.id,
        storeId: store.id,
        advisorId: advisor.id,
        // 23:30 on 20 November in Shanghai.
        completedAt: new Date("2025-11-20T15:30:00Z"),
      };
      const first = await createVisitFollowUpTask(db, input);
      const second = await createVisitFollowUpTask(db, { ...input, completedAt: new Date() });
      expect(first.created).toBe(true);
      expect(second).toEqual({ taskId: first.taskId, created: false });
      expect(await taskRow(first.taskId!)).toMatchObject({
        kind: "visit_follow_up",
        sourceKey: `visit_follow_up:${appointmentId}`,
        storeId: store.id,
        assigneeId: advisor.id,
        dueOn: "2025-11-22",
        details: { appointmentId, visitedOn: "2025-11-20" },
      });
    });

    it("goes to the unassigned list when the advisor does not work at the store; none for an erased member", async () => {
      const member = await insertMember(db, { storeId: store.id });
      const base = { memberId: member.id, storeId: store.id, completedAt: new Date() };
      const elsewhere = await createVisitFollowUpTask(db, {
        ...base,
        appointmentId: randomUUID(),
        advisorId: otherStoreAdvisor.id,
      });
      expect((await taskRow(elsewhere.taskId!)).assigneeId).toBeNull();
      await db.update(members).set({ erasedAt: new Date() }).where(eq(members.id, member.id));
      expect(
        await createVisitFollowUpTask(db, { ...base, appointmentId: randomUUID(), advisorId: advisor.id }),
      ).toEqual({
        taskId: null,
        created: false,
      });
    });
  });

  describe.runIf(testDriver() === "postgres")("races (PostgreSQL only)", () => {
    it("two people completing the same task at once: one succeeds, one contact is written", async () => {
      const task = await openTask({ assigneeId: advisor.id });
      const outcomes = await Promise.allSettled([
        runAs(db, completeTaskUseCase, advisor, { taskId: task.id, ...reached }),
        runAs(db, completeTaskUseCase, manager, { taskId: task.id, ...reached }),
        runAs(db, skipTaskUseCase, advisor, { taskId: task.id, reason: "同时" }),
      ]);
      expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
      for (const o of outcomes) if (o.status === "rejected") expect(o.reason).toMatchObject({ code: "conflict" });
      const [contacts] = await db
        .select({ value: count() })
        .from(memberContacts)
        .where(eq(memberContacts.taskId, task.id));
      expect(contacts!.value).toBe((await taskRow(task.id)).status === "done" ? 1 : 0);
    });
  });
});
