import { addMinutes, subMinutes } from "date-fns";
import { asc, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { openDatabase, rowsOf, type Db } from "@/db/client";
import { appointmentEvents, appointments, clientelingTasks } from "@/db/schema";
import type { Actor } from "@/lib/audit/service";
import type { StaffAccount } from "@/lib/staff/principal";
import { expectAppError } from "@/tests/helpers/errors";
import { createBookingWorld, localAt, outboxOf, type BookingWorld } from "@/tests/helpers/booking";
import { createTestAccount, runAs } from "@/tests/helpers/run-as";
import { auditEntries, createTestStore, inTx, setupTestDatabase, testDriver } from "@/tests/helpers/test-db";
import { checkInAppointment, markNoShow } from "./lifecycle";
import {
  bookAppointmentUseCase,
  cancelAppointmentUseCase,
  checkInAppointmentUseCase,
  completeAppointmentUseCase,
  confirmAppointmentUseCase,
  markNoShowUseCase,
  rescheduleAppointmentUseCase,
} from "./use-cases";

let db: Db;
setupTestDatabase((opened) => {
  db = opened;
});

const actorOf = (account: StaffAccount): Actor => ({ staffId: account.id, username: account.username, ip: null });

async function book(w: BookingWorld, time = "11:00", advisorIndex = 0, days = 3) {
  const booked = await runAs(db, bookAppointmentUseCase, w.manager, {
    storeId: w.store.id,
    memberId: w.memberId,
    typeId: w.typeId,
    startsAt: localAt(time, days),
    advisorId: w.advisors[advisorIndex]!.id,
  });
  return booked.appointmentId;
}

async function rowOf(id: string) {
  const [row] = await db.select().from(appointments).where(eq(appointments.id, id));
  return row!;
}

async function eventsOf(id: string) {
  return db
    .select()
    .from(appointmentEvents)
    .where(eq(appointmentEvents.appointmentId, id))
    .orderBy(asc(appointmentEvents.id));
}

/** Checks a visit in at `now` (the service with its clock: the window depends on it). */
function checkInAt(w: BookingWorld, id: string, now: Date) {
  return inTx(db, (tx) => checkInAppointment(tx, actorOf(w.manager), w.manager, id, now));
}

describe(`the appointment lifecycle on ${testDriver()}`, () => {
  it("requested → confirmed → checked in → completed, each with an event and an audit entry", async () => {
    const w = await createBookingWorld(db);
    const id = await book(w);
    // A request from the member app (the mini program books as requested).
    await db.update(appointments).set({ status: "requested", source: "mini_program" }).where(eq(appointments.id, id));

    expect(await runAs(db, confirmAppointmentUseCase, w.advisors[0]!, { appointmentId: id })).toMatchObject({
      status: "confirmed",
    });
    const startsAt = (await rowOf(id)).startsAt;
    expect(await checkInAt(w, id, subMinutes(startsAt, 30))).toMatchObject({ status: "checked_in" });
    expect(await runAs(db, completeAppointmentUseCase, w.advisors[0]!, { appointmentId: id })).toMatchObject({
      status: "completed",
    });

    expect((await rowOf(id)).status).toBe("completed");
    expect((await eventsOf(id)).map((e) => e.kind)).toEqual(["booked", "confirmed", "checked_in", "completed"]);
    for (const action of ["appointment.confirm", "appointment.check_in", "appointment.complete"]) {
      const [entry] = await auditEntries(db, { action, entityId: id });
      expect(entry, action).toMatchObject({ entityType: "appointment", storeId: w.store.id });
    }
    // The completed visit leaves its advisor a follow-up task.
    const tasks = await db
      .select({ kind: clientelingTasks.kind, assigneeId: clientelingTasks.assigneeId })
      .from(clientelingTasks)
      .where(eq(clientelingTasks.sourceKey, `visit_follow_up:${id}`));
    expect(tasks).toEqual([{ kind: "visit_follow_up", assigneeId: w.advisors[0]!.id }]);
  });

  it("refuses every change from a status it does not start from", async () => {
    const w = await createBookingWorld(db);
    const id = await book(w); // confirmed
    const wrong = (promise: Promise<unknown>) => expectAppError(promise, "conflict", "appointmentWrongStatus");
    await wrong(runAs(db, confirmAppointmentUseCase, w.manager, { appointmentId: id }));
    await wrong(runAs(db, completeAppointmentUseCase, w.manager, { appointmentId: id }));

    await checkInAt(w, id, subMinutes((await rowOf(id)).startsAt, 10));
    await wrong(runAs(db, checkInAppointmentUseCase, w.manager, { appointmentId: id }));
    await wrong(runAs(db, markNoShowUseCase, w.manager, { appointmentId: id }));
    await wrong(runAs(db, cancelAppointmentUseCase, w.manager, { appointmentId: id, reason: "member_request" }));
    await wrong(runAs(db, rescheduleAppointmentUseCase, w.manager, { appointmentId: id, startsAt: localAt("15:00") }));

    await runAs(db, completeAppointmentUseCase, w.manager, { appointmentId: id });
    await wrong(runAs(db, completeAppointmentUseCase, w.manager, { appointmentId: id }));
    await wrong(runAs(db, cancelAppointmentUseCase, w.manager, { appointmentId: id, reason: "duplicate" }));

    const cancelled = await book(w, "16:00");
    await runAs(db, cancelAppointmentUseCase, w.manager, { appointmentId: cancelled, reason: "duplicate" });
    await wrong(runAs(db, confirmAppointmentUseCase, w.manager, { appointmentId: cancelled }));
    await wrong(runAs(db, cancelAppointmentUseCase, w.manager, { appointmentId: cancelled, reason: "duplicate" }));
    expect((await eventsOf(id)).map((e) => e.kind)).toEqual(["booked", "checked_in", "completed"]);
  });

  it("checks in only from an hour before the start, on the visit's local day", async () => {
    const w = await createBookingWorld(db);
    const id = await book(w, "11:00");
    const startsAt = (await rowOf(id)).startsAt;
    for (const tooEarly of [subMinutes(startsAt, 61), subMinutes(startsAt, 24 * 60)]) {
      await expectAppError(checkInAt(w, id, tooEarly), "conflict", "appointmentCheckInNotOpen");
    }
    // The next local day is too late (00:00 Asia/Shanghai is 13 hours after the 11:00 start).
    await expectAppError(checkInAt(w, id, addMinutes(startsAt, 13 * 60)), "conflict", "appointmentCheckInNotOpen");
    // Late on the day is still fine.
    expect(await checkInAt(w, id, addMinutes(startsAt, 45))).toMatchObject({ status: "checked_in" });
    // The use case (today's clock, three days early) refuses another one.
    const early = await book(w, "15:00");
    await expectAppError(
      runAs(db, checkInAppointmentUseCase, w.manager, { appointmentId: early }),
      "conflict",
      "appointmentCheckInNotOpen",
    );
  });

  it("records a no-show only once the start has passed", async () => {
    const w = await createBookingWorld(db);
    const id = await book(w);
    await expectAppError(
      runAs(db, markNoShowUseCase, w.manager, { appointmentId: id }),
      "conflict",
      "appointmentNoShowTooEarly",
    );
    const startsAt = (await rowOf(id)).startsAt;
    const result = await inTx(db, (tx) => markNoShow(tx, actorOf(w.manager), w.manager, id, addMinutes(startsAt, 20)));
    expect(result).toMatchObject({ status: "no_show" });
    expect((await eventsOf(id)).map((e) => e.kind)).toEqual(["booked", "no_show"]);
  });

  it("cancels with a reason from the list (a note for 'other'), ends the reminder, tells the member and frees the slot", async () => {
    const w = await createBookingWorld(db);
    const id = await book(w);
    const noNote = await expectAppError(
      runAs(db, cancelAppointmentUseCase, w.manager, { appointmentId: id, reason: "other" }),
      "validation",
    );
    expect(noNote.fieldErrors).toEqual({ note: ["appointmentCancelNoteRequired"] });
    await expectAppError(
      runAs(db, cancelAppointmentUseCase, w.manager, { appointmentId: id, reason: "changed_mind" }),
      "validation",
    );

    await runAs(db, cancelAppointmentUseCase, w.manager, { appointmentId: id, reason: "other", note: "客户出差" });
    const row = await rowOf(id);
    expect(row).toMatchObject({ status: "cancelled", cancelReason: "other" });
    expect((await eventsOf(id)).at(-1)).toMatchObject({ kind: "cancelled", reason: "other: 客户出差" });
    expect(await auditEntries(db, { action: "appointment.cancel", entityId: id })).toHaveLength(1);
    expect((await outboxOf(db, id)).map((m) => [m.templateCode, m.status, m.skipReason])).toEqual([
      ["appointment_cancelled", "pending", null],
      ["appointment_confirmed", "pending", null],
      ["appointment_reminder", "skipped", "cancelled"],
    ]);

    // A cancelled visit holds nothing: the same advisor and time book again.
    await book(w);
  });

  describe("reschedule", () => {
    it("moves the visit to another advisor and time: the same row, its history kept, the reminder moved", async () => {
      const w = await createBookingWorld(db);
      const [first, second] = w.advisors;
      const id = await book(w, "11:00", 0);
      const before = await rowOf(id);
      const result = await runAs(db, rescheduleAppointmentUseCase, w.service, {
        appointmentId: id,
        startsAt: localAt("15:30", 4),
        advisorId: second!.id,
      });
      expect(result).toMatchObject({ appointmentId: id, status: "confirmed", advisorId: second!.id });

      const after = await rowOf(id);
      expect(after.advisorId).toBe(second!.id);
      expect(after.startsAt.toISOString()).toBe(new Date(localAt("15:30", 4)).toISOString());
      expect(after.blockedUntil.toISOString()).toBe(new Date(localAt("16:45", 4)).toISOString());

      const events = await eventsOf(id);
      expect(events.map((e) => e.kind)).toEqual(["booked", "rescheduled"]);
      expect(events[1]).toMatchObject({
        fromAdvisorId: first!.id,
        toAdvisorId: second!.id,
        actorStaffId: w.service.id,
      });
      expect(events[1]!.fromStartsAt?.toISOString()).toBe(before.startsAt.toISOString());
      expect(events[1]!.toStartsAt?.toISOString()).toBe(after.startsAt.toISOString());
      const [audit] = await auditEntries(db, { action: "appointment.reschedule", entityId: id });
      expect(audit).toMatchObject({
        storeId: w.store.id,
        details: { fromAdvisorId: first!.id, toAdvisorId: second!.id },
      });

      const outbox = await outboxOf(db, id);
      const reminders = outbox.filter((m) => m.templateCode === "appointment_reminder");
      expect(reminders.map((m) => [m.dedupeKey, m.status, m.skipReason])).toEqual(
        [
          [`appointment_reminder:${id}:${before.startsAt.toISOString()}`, "skipped", "rescheduled"],
          [`appointment_reminder:${id}:${after.startsAt.toISOString()}`, "pending", null],
        ].sort((a, b) => a[0]!.localeCompare(b[0]!)),
      );
      expect(outbox.filter((m) => m.templateCode === "appointment_rescheduled")).toHaveLength(1);

      // The old advisor's time is free again.
      await book(w, "11:00", 0);
    });

    it("may overlap its own old time, never another visit's", async () => {
      const w = await createBookingWorld(db);
      const id = await book(w, "11:00");
      await runAs(db, rescheduleAppointmentUseCase, w.manager, { appointmentId: id, startsAt: localAt("11:30") });
      expect((await rowOf(id)).startsAt.toISOString()).toBe(new Date(localAt("11:30")).toISOString());

      const other = await book(w, "14:00");
      const taken = await expectAppError(
        runAs(db, rescheduleAppointmentUseCase, w.manager, { appointmentId: other, startsAt: localAt("12:00") }),
        "slot_taken",
      );
      expect(Array.isArray(taken.details?.alternatives)).toBe(true);
      expect((await rowOf(other)).startsAt.toISOString()).toBe(new Date(localAt("14:00")).toISOString());
    });

    it("refuses the past and an unchanged time", async () => {
      const w = await createBookingWorld(db);
      const id = await book(w);
      const past = await expectAppError(
        runAs(db, rescheduleAppointmentUseCase, w.manager, { appointmentId: id, startsAt: localAt("11:00", -1) }),
        "validation",
      );
      expect(past.fieldErrors).toEqual({ startsAt: ["appointmentInPast"] });
      const same = await expectAppError(
        runAs(db, rescheduleAppointmentUseCase, w.manager, { appointmentId: id, startsAt: localAt("11:00") }),
        "validation",
      );
      expect(same.fieldErrors).toEqual({ startsAt: ["appointmentRescheduleUnchanged"] });
    });

    it("re-picks a room when the visit needs one", async () => {
      const w = await createBookingWorld(db, { rooms: 2, type: { needsRoom: true } });
      const id = await book(w, "11:00", 0);
      const blocker = await book(w, "15:00", 1);
      const blockerRoom = (await rowOf(blocker)).roomId;
      await runAs(db, rescheduleAppointmentUseCase, w.manager, { appointmentId: id, startsAt: localAt("15:00") });
      const moved = await rowOf(id);
      expect(moved.roomId).not.toBeNull();
      expect(moved.roomId).not.toBe(blockerRoom);
    });
  });

  it("another store's appointment is not found, for every change", async () => {
    const w = await createBookingWorld(db);
    const id = await book(w);
    const other = await createTestStore(db);
    const outsider = await createTestAccount(db, ["manager"], [other.id]);
    const attempts = [
      () => runAs(db, confirmAppointmentUseCase, outsider, { appointmentId: id }),
      () => runAs(db, checkInAppointmentUseCase, outsider, { appointmentId: id }),
      () => runAs(db, completeAppointmentUseCase, outsider, { appointmentId: id }),
      () => runAs(db, markNoShowUseCase, outsider, { appointmentId: id }),
      () => runAs(db, cancelAppointmentUseCase, outsider, { appointmentId: id, reason: "duplicate" }),
      () => runAs(db, rescheduleAppointmentUseCase, outsider, { appointmentId: id, startsAt: localAt("15:00") }),
    ];
    for (const attempt of attempts) await expectAppError(attempt(), "not_found");
    expect((await rowOf(id)).status).toBe("confirmed");
  });
});

// PGlite has one connection: there the moves would run one after another and prove nothing.
describe.runIf(testDriver() === "postgres")("simultaneous reschedules (PostgreSQL only)", () => {
  it("two visits swapping advisors at once both move: the advisors are locked in id order, no deadlock", async () => {
    const w = await createBookingWorld(db);
    const [a, b] = w.advisors;
    const onA = await book(w, "11:00", 0);
    const onB = await book(w, "11:00", 1);
    const [{ name }] = rowsOf<{ name: string }>(await db.execute(sql`select current_database() as name`)) as [
      { name: string },
    ];
    const url = new URL(process.env.ATRIUM_TEST_PG_URL!);
    url.pathname = `/${name}`;
    const pool = openDatabase({ url: url.toString(), poolMax: 4 });
    // Retries off: the lock order alone must keep the two from deadlocking.
    const moveOnce = { ...rescheduleAppointmentUseCase, retries: 0 };
    try {
      // Back and forth five times: each time both visits change advisor, each move locking both.
      for (let round = 0; round < 5; round++) {
        const there = round % 2 === 0;
        const outcomes = await Promise.allSettled([
          runAs(pool.db, moveOnce, w.manager, {
            appointmentId: onA,
            startsAt: localAt(there ? "15:00" : "11:00"),
            advisorId: there ? b!.id : a!.id,
          }),
          runAs(pool.db, moveOnce, w.manager, {
            appointmentId: onB,
            startsAt: localAt(there ? "17:00" : "12:30"),
            advisorId: there ? a!.id : b!.id,
          }),
        ]);
        expect(
          outcomes.map((o) => (o.status === "fulfilled" ? "ok" : (o.reason as { code?: string }).code)),
          `round ${round}`,
        ).toEqual(["ok", "ok"]);
      }
      expect((await rowOf(onA)).advisorId).toBe(b!.id);
      expect((await rowOf(onB)).advisorId).toBe(a!.id);
    } finally {
      await pool.close();
    }
  });
});
