import { asc, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { complaints, followUpCallAttempts, followUpCalls } from "@/db/schema";
import { insertServiceTicket } from "@/tests/helpers/after-sales";
import { expectAppError } from "@/tests/helpers/errors";
import { insertMember } from "@/tests/helpers/members";
import { createTestAccount, runAs } from "@/tests/helpers/run-as";
import {
  auditEntries,
  createTestStore,
  everyDay,
  inTx,
  setupTestDatabase,
  testDriver,
  type TestStore,
} from "@/tests/helpers/test-db";
import type { StaffAccount } from "@/lib/staff/principal";
import { followUpCallListParamsSchema, listFollowUpCalls } from "./queries";
import { logFollowUpCallSchema, type FollowUpKind } from "./schemas";
import { logFollowUpCall } from "./service";
import { logFollowUpCallUseCase } from "./use-cases";

let db: Db;
let store: TestStore;
let otherStore: TestStore;
let caller: StaffAccount;
let secondCaller: StaffAccount;
let manager: StaffAccount;
let advisor: StaffAccount;
let otherCaller: StaffAccount;

setupTestDatabase(async (opened) => {
  db = opened;
  // Closed on Sundays: a no-answer on Saturday is tried again on Monday.
  store = await createTestStore(db, { businessHours: { ...everyDay([{ open: "10:00", close: "22:00" }]), sun: [] } });
  otherStore = await createTestStore(db);
  caller = await createTestAccount(db, ["after_sales"], [store.id]);
  secondCaller = await createTestAccount(db, ["after_sales"], [store.id]);
  manager = await createTestAccount(db, ["manager"], [store.id]);
  advisor = await createTestAccount(db, ["advisor"], [store.id]);
  otherCaller = await createTestAccount(db, ["after_sales"], [otherStore.id]);
});

/** A picked-up ticket and its open follow-up call (as the job would have made it). */
async function openCall(options: { storeId?: string; homeStoreId?: string; kind?: FollowUpKind } = {}) {
  const storeId = options.storeId ?? store.id;
  const member = await insertMember(db, { storeId: options.homeStoreId ?? storeId, name: "王晓华" });
  const ticket = await insertServiceTicket(db, {
    memberId: member.id,
    storeId,
    status: "picked_up",
    pickedUpAt: new Date("2026-11-20T15:00:00+08:00"),
  });
  const [call] = await db
    .insert(followUpCalls)
    .values({
      storeId,
      memberId: member.id,
      itemId: ticket.itemId,
      ticketId: ticket.id,
      kind: options.kind ?? "day_3",
      dueOn: "2026-11-23",
    })
    .returning();
  return { member, ticket, call: call! };
}

async function callRow(id: string) {
  const [row] = await db.select().from(followUpCalls).where(eq(followUpCalls.id, id));
  return row!;
}

async function attemptsOf(callId: string) {
  return db
    .select()
    .from(followUpCallAttempts)
    .where(eq(followUpCallAttempts.callId, callId))
    .orderBy(asc(followUpCallAttempts.id));
}

async function complaintsOfTicket(ticketId: string) {
  return db.select().from(complaints).where(eq(complaints.relatedTicketId, ticketId));
}

const actorOf = (staff: StaffAccount) => ({ staffId: staff.id, username: staff.username, ip: "127.0.0.1" });
const log = (staff: StaffAccount, input: Record<string, unknown>) => runAs(db, logFollowUpCallUseCase, staff, input);

describe(`follow-up calls on ${testDriver()}`, () => {
  describe("no answer", () => {
    it("stays open, due the store's next business day, and becomes unreachable at the third no-answer", async () => {
      const { call } = await openCall();
      // Saturday 5 December 2026, 11:00 in Shanghai: the store is closed on Sundays.
      const saturday = new Date("2026-12-05T11:00:00+08:00");
      const first = await inTx(db, (tx) =>
        logFollowUpCall(
          tx,
          actorOf(caller),
          caller,
          logFollowUpCallSchema.parse({ callId: call.id, outcome: "no_answer" }),
          saturday,
        ),
      );
      expect(first).toMatchObject({ status: "open", attempts: 1, dueOn: "2026-12-07", complaintId: null });
      const second = await log(caller, { callId: call.id, outcome: "no_answer", comments: "关机" });
      expect(second).toMatchObject({ status: "open", attempts: 2 });
      const third = await log(secondCaller, { callId: call.id, outcome: "no_answer" });
      expect(third).toMatchObject({ status: "unreachable", attempts: 3 });
      expect(await callRow(call.id)).toMatchObject({ status: "unreachable", attempts: 3, satisfaction: null });
      expect((await attemptsOf(call.id)).map((a) => a.outcome)).toEqual(["no_answer", "no_answer", "no_answer"]);

      // A closed call takes no more attempts.
      await expectAppError(log(caller, { callId: call.id, outcome: "reached", satisfaction: 5 }), "conflict");
      expect(await attemptsOf(call.id)).toHaveLength(3);
      expect(await auditEntries(db, { action: "after_sales.follow_up.log", entityId: call.id })).toHaveLength(3);
    });
  });

  it("a wrong number closes the call as unreachable and flags it on the list", async () => {
    const { call, member } = await openCall();
    const result = await log(caller, { callId: call.id, outcome: "wrong_number", comments: "空号" });
    expect(result).toMatchObject({ status: "unreachable", attempts: 1, complaintId: null });
    const { rows } = await listFollowUpCalls(db, caller, followUpCallListParamsSchema.parse({ status: "unreachable" }));
    const row = rows.find((r) => r.id === call.id);
    expect(row).toMatchObject({ wrongNumber: true, lastOutcome: "wrong_number", memberId: member.id });
    const [entry] = await auditEntries(db, { action: "after_sales.follow_up.log", entityId: call.id });
    expect(entry!.details).toMatchObject({ wrongNumber: true, after: { status: "unreachable" } });
    // The comments are the customer's business: not in the audit log.
    expect(JSON.stringify(entry!.details)).not.toContain("空号");
  });

  it("reached needs a satisfaction; bad input changes nothing", async () => {
    const { call } = await openCall();
    const refusal = await expectAppError(log(caller, { callId: call.id, outcome: "reached" }), "validation");
    expect(refusal.fieldErrors).toEqual({ satisfaction: ["followUpSatisfactionRequired"] });
    await expectAppError(log(caller, { callId: call.id, outcome: "reached", satisfaction: 0 }), "validation");
    await expectAppError(log(caller, { callId: call.id, outcome: "reached", satisfaction: "5; drop" }), "validation");
    await expectAppError(log(caller, { callId: call.id, outcome: "reached", satisfaction: 1 }), "validation");
    expect(await callRow(call.id)).toMatchObject({ status: "open", attempts: 0 });
    expect(await attemptsOf(call.id)).toEqual([]);

    const done = await log(caller, { callId: call.id, outcome: "reached", satisfaction: 4, comments: "很满意" });
    expect(done).toMatchObject({ status: "done", attempts: 1, complaintId: null });
    expect(await callRow(call.id)).toMatchObject({ status: "done", satisfaction: 4 });
  });

  it("a score of 1 or 2 opens exactly one after-sales complaint, linked to the ticket and the call", async () => {
    const { call, ticket, member } = await openCall();
    await log(caller, { callId: call.id, outcome: "no_answer" });
    const result = await log(caller, {
      callId: call.id,
      outcome: "reached",
      satisfaction: 2,
      comments: "抛光后表面有划痕，希望重新处理",
    });
    expect(result).toMatchObject({ status: "done", attempts: 2, complaintId: expect.any(String) });
    expect(result.complaintReference).toMatch(/^TS-\d{8}-\d{4}$/);

    const opened = await complaintsOfTicket(ticket.id);
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatchObject({
      id: result.complaintId,
      storeId: store.id,
      memberId: member.id,
      category: "after_sales",
      channel: "hotline",
      severity: "medium",
      status: "new",
      relatedTicketId: ticket.id,
      description: "抛光后表面有划痕，希望重新处理",
    });
    expect(await callRow(call.id)).toMatchObject({ complaintId: result.complaintId, satisfaction: 2 });

    // Logging the closed call again opens nothing more.
    await expectAppError(
      log(secondCaller, { callId: call.id, outcome: "reached", satisfaction: 1, comments: "再说一次" }),
      "conflict",
    );
    expect(await complaintsOfTicket(ticket.id)).toHaveLength(1);

    // The list links the complaint.
    const { rows } = await listFollowUpCalls(db, caller, followUpCallListParamsSchema.parse({ status: "done" }));
    expect(rows.find((r) => r.id === call.id)).toMatchObject({
      complaintId: result.complaintId,
      complaintReference: result.complaintReference,
      satisfaction: 2,
    });
  });

  it("opens the complaint even when the member's home store is another store than the call's", async () => {
    const { call, ticket } = await openCall({ homeStoreId: otherStore.id });
    const result = await log(caller, {
      callId: call.id,
      outcome: "reached",
      satisfaction: 1,
      comments: "取件时等待太久",
    });
    expect(result.complaintId).not.toBeNull();
    expect(await complaintsOfTicket(ticket.id)).toMatchObject([{ storeId: store.id, category: "after_sales" }]);
  });

  it("is refused to an advisor (no aftersales.calls); another store's call is not found", async () => {
    const { call } = await openCall();
    await expectAppError(log(advisor, { callId: call.id, outcome: "no_answer" }), "forbidden");
    await expectAppError(log(otherCaller, { callId: call.id, outcome: "no_answer" }), "not_found");
    await expectAppError(
      log(caller, { callId: "00000000-0000-4000-8000-000000000000", outcome: "no_answer" }),
      "not_found",
    );
    expect(await callRow(call.id)).toMatchObject({ status: "open", attempts: 0 });
    // A manager may log calls too.
    expect(await log(manager, { callId: call.id, outcome: "no_answer" })).toMatchObject({ attempts: 1 });
  });

  describe("the call list", () => {
    it("shows the staff member's stores only, open calls by due date with the overdue first, names masked", async () => {
      const mine = await openCall();
      const theirs = await openCall({ storeId: otherStore.id });
      const later = await openCall();
      await db.update(followUpCalls).set({ dueOn: "2027-01-10" }).where(eq(followUpCalls.id, later.call.id));
      const now = new Date("2026-12-05T12:00:00+08:00");
      const { rows, total } = await listFollowUpCalls(
        db,
        caller,
        followUpCallListParamsSchema.parse({ pageSize: "100" }),
        now,
      );
      const ids = rows.map((r) => r.id);
      expect(ids).toContain(mine.call.id);
      expect(ids).not.toContain(theirs.call.id);
      expect(ids.indexOf(mine.call.id)).toBeLessThan(ids.indexOf(later.call.id));
      expect(rows.every((r) => r.storeId === store.id && r.status === "open")).toBe(true);
      expect(total).toBe(rows.length);
      const row = rows.find((r) => r.id === mine.call.id)!;
      expect(row).toMatchObject({ overdue: true, memberName: "王*华", ticketReference: mine.ticket.reference });
      expect(JSON.stringify(row)).not.toContain("+86");
      expect(rows.find((r) => r.id === later.call.id)).toMatchObject({ overdue: false });

      const upcoming = await listFollowUpCalls(
        db,
        caller,
        followUpCallListParamsSchema.parse({ due: "upcoming", kind: "day_3", pageSize: "100" }),
        now,
      );
      expect(upcoming.rows.map((r) => r.id)).toContain(later.call.id);
      expect(upcoming.rows.map((r) => r.id)).not.toContain(mine.call.id);
      // Another store named in the URL shows nothing of it.
      const foreign = await listFollowUpCalls(
        db,
        caller,
        followUpCallListParamsSchema.parse({ store: otherStore.id }),
        now,
      );
      expect(foreign).toEqual({ rows: [], total: 0 });
    });
  });

  describe.runIf(testDriver() === "postgres")("simultaneous logging (needs real PostgreSQL)", () => {
    it("four staff logging a no-answer at once count three attempts and refuse the fourth", async () => {
      const { call } = await openCall();
      // A transaction holds the call while the four start: without the row lock each would read
      // zero attempts before any of them wrote.
      let holding!: () => void;
      const held = new Promise<void>((resolve) => (holding = resolve));
      const holder = inTx(db, async (tx) => {
        await tx.select().from(followUpCalls).where(eq(followUpCalls.id, call.id)).for("update");
        holding();
        await tx.execute(sql`select pg_sleep(0.3)`);
      });
      await held;
      const outcomes = await Promise.allSettled(
        [caller, secondCaller, manager, caller].map((staff) => log(staff, { callId: call.id, outcome: "no_answer" })),
      );
      await holder;
      expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(3);
      const refused = outcomes.filter((o) => o.status === "rejected") as PromiseRejectedResult[];
      expect(refused.map((o) => o.reason)).toMatchObject([{ code: "conflict", message: "followUpCallClosed" }]);
      expect(await callRow(call.id)).toMatchObject({ status: "unreachable", attempts: 3 });
      expect(await attemptsOf(call.id)).toHaveLength(3);
    });

    it("two staff logging a score of 1 at once open one complaint", async () => {
      const { call, ticket } = await openCall();
      const outcomes = await Promise.allSettled(
        [caller, secondCaller].map((staff) =>
          log(staff, { callId: call.id, outcome: "reached", satisfaction: 1, comments: "镶口松动没修好" }),
        ),
      );
      expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
      expect(await complaintsOfTicket(ticket.id)).toHaveLength(1);
      expect(await attemptsOf(call.id)).toHaveLength(1);
    });
  });
});
