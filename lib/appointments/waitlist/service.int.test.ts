import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { appointmentWaitlist, clientelingTasks, memberConsents } from "@/db/schema";
import { bookAppointmentUseCase, cancelAppointmentUseCase } from "@/lib/appointments/booking/use-cases";
import { shiftDay, todayIn } from "@/lib/time";
import { createBookingWorld, localAt, outboxOf, type BookingWorld } from "@/tests/helpers/booking";
import { expectAppError } from "@/tests/helpers/errors";
import { insertMember } from "@/tests/helpers/members";
import { runAs } from "@/tests/helpers/run-as";
import { auditEntries, inTx, setupTestDatabase, testDriver } from "@/tests/helpers/test-db";
import { listWaitlist } from "./queries";
import { offerFreedSlots } from "./service";
import { joinWaitlistUseCase, leaveWaitlistUseCase } from "./use-cases";

let db: Db;
setupTestDatabase((opened) => {
  db = opened;
});

const DAYS_AHEAD = 3;
const day = () => shiftDay(todayIn("Asia/Shanghai"), { days: DAYS_AHEAD });

async function smsMember(w: BookingWorld) {
  const member = await insertMember(db, { storeId: w.store.id, tier: "gold" });
  await db.insert(memberConsents).values({ memberId: member.id, channel: "sms", granted: true, source: "test" });
  return member.id;
}

/** A day with no free slot: one advisor, a type of one visit per advisor per day, booked. */
async function fullDay() {
  const w = await createBookingWorld(db, { advisors: 1, type: { dailyCap: 1 } });
  const booked = await runAs(db, bookAppointmentUseCase, w.manager, {
    storeId: w.store.id,
    memberId: w.memberId,
    typeId: w.typeId,
    startsAt: localAt("11:00", DAYS_AHEAD),
    advisorId: w.advisors[0]!.id,
  });
  return { w, appointmentId: booked.appointmentId };
}

const join = (w: BookingWorld, memberId: string) =>
  runAs(db, joinWaitlistUseCase, w.service, { storeId: w.store.id, memberId, typeId: w.typeId, day: day() });

async function entry(id: string) {
  const [row] = await db.select().from(appointmentWaitlist).where(eq(appointmentWaitlist.id, id));
  return row!;
}

describe(`the waitlist on ${testDriver()}`, () => {
  it("a member joins once per type and day, and can leave; another store's staff do not find the entry", async () => {
    const { w } = await fullDay();
    const memberId = await smsMember(w);
    const joined = await join(w, memberId);
    expect(await entry(joined.entryId)).toMatchObject({ status: "waiting", memberId, day: day(), advisorId: null });
    expect(await auditEntries(db, { action: "appointment.waitlist.join", entityId: joined.entryId })).toHaveLength(1);

    const duplicate = await expectAppError(join(w, memberId), "conflict");
    expect(duplicate.fieldErrors).toEqual({ day: ["waitlistAlreadyWaiting"] });

    const stranger = await createBookingWorld(db);
    await expectAppError(runAs(db, leaveWaitlistUseCase, stranger.manager, { entryId: joined.entryId }), "not_found");

    await runAs(db, leaveWaitlistUseCase, w.service, { entryId: joined.entryId });
    expect((await entry(joined.entryId)).status).toBe("cancelled");
    await expectAppError(runAs(db, leaveWaitlistUseCase, w.service, { entryId: joined.entryId }), "conflict");
    // Left: the member may wait again.
    expect((await join(w, memberId)).entryId).not.toBe(joined.entryId);
  });

  it("refuses a past day and a member of another store", async () => {
    const { w } = await fullDay();
    const memberId = await smsMember(w);
    const past = await expectAppError(
      runAs(db, joinWaitlistUseCase, w.service, {
        storeId: w.store.id,
        memberId,
        typeId: w.typeId,
        day: shiftDay(todayIn("Asia/Shanghai"), { days: -1 }),
      }),
      "validation",
    );
    expect(past.fieldErrors).toEqual({ day: ["waitlistDayPast"] });
    const other = await createBookingWorld(db);
    await expectAppError(
      runAs(db, joinWaitlistUseCase, other.service, {
        storeId: other.store.id,
        memberId,
        typeId: other.typeId,
        day: day(),
      }),
      "not_found",
    );
  });

  it("a cancellation frees the day: the first waiting entry is offered once (task and message), the second waits", async () => {
    const { w, appointmentId } = await fullDay();
    const first = await join(w, await smsMember(w));
    const second = await join(w, await smsMember(w));

    await runAs(db, cancelAppointmentUseCase, w.manager, { appointmentId, reason: "member_request" });

    const offered = await entry(first.entryId);
    expect(offered.status).toBe("offered");
    expect(offered.offeredStartsAt?.toISOString()).toBe(new Date(localAt("10:00", DAYS_AHEAD)).toISOString());
    expect(offered.offeredAt).not.toBeNull();
    expect((await entry(second.entryId)).status).toBe("waiting");

    const tasks = await db.select().from(clientelingTasks).where(eq(clientelingTasks.memberId, offered.memberId));
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({
      kind: "waitlist_offer",
      assigneeId: w.advisors[0]!.id,
      storeId: w.store.id,
      status: "open",
      dueOn: todayIn("Asia/Shanghai"),
      sourceKey: `waitlist_offer:${first.entryId}:${offered.offeredStartsAt!.toISOString()}`,
    });
    const messages = await outboxOf(db, first.entryId);
    expect(messages.map((m) => m.templateCode)).toEqual(["waitlist_offer"]);

    // Looked for again (another cancellation elsewhere that day): the held offer is not offered twice.
    expect(await inTx(db, (tx) => offerFreedSlots(tx, { storeId: w.store.id, day: day() }))).toEqual([]);
    expect((await entry(second.entryId)).status).toBe("waiting");
    expect(await db.$count(clientelingTasks, eq(clientelingTasks.memberId, offered.memberId))).toBe(1);
    expect(await outboxOf(db, first.entryId)).toHaveLength(1);

    const listed = await listWaitlist(db, w.manager, { storeId: w.store.id, day: day() });
    expect(listed.map((row) => [row.id, row.status])).toEqual([
      [first.entryId, "offered"],
      [second.entryId, "waiting"],
    ]);
  });
});
