import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { appointmentTypes, members } from "@/db/schema";
import { addAdvisor, createBookingWorld, localAt } from "@/tests/helpers/booking";
import { insertMember } from "@/tests/helpers/members";
import { createTestAccount, runAs } from "@/tests/helpers/run-as";
import { createTestStore, setupTestDatabase, testDriver } from "@/tests/helpers/test-db";
import { bookableAdvisors, bookingChoices, getAppointmentDetail, getBookingMember } from "./queries";
import { bookAppointmentUseCase, rescheduleAppointmentUseCase } from "./use-cases";

let db: Db;
setupTestDatabase((opened) => {
  db = opened;
});

describe(`booking reads on ${testDriver()}`, () => {
  it("shows an appointment of the staff member's stores with its history, newest first, the member masked", async () => {
    const w = await createBookingWorld(db, { rooms: 1, type: { needsRoom: true } });
    await db.update(members).set({ name: "欧阳娜娜" }).where(eq(members.id, w.memberId));
    const { appointmentId } = await runAs(db, bookAppointmentUseCase, w.manager, {
      storeId: w.store.id,
      memberId: w.memberId,
      typeId: w.typeId,
      startsAt: localAt("11:00"),
      advisorId: w.advisors[0]!.id,
      note: "喜欢翡翠",
    });
    await runAs(db, rescheduleAppointmentUseCase, w.manager, {
      appointmentId,
      startsAt: localAt("14:00"),
      advisorId: w.advisors[1]!.id,
    });

    const detail = await getAppointmentDetail(db, w.advisors[0]!, appointmentId);
    expect(detail).toMatchObject({
      id: appointmentId,
      status: "confirmed",
      note: "喜欢翡翠",
      createdByName: "店长",
      store: { id: w.store.id, timeZone: "Asia/Shanghai" },
      member: { id: w.memberId, maskedName: "欧**娜", tier: "gold" },
      type: { id: w.typeId, nameEn: "Jewelry viewing", durationMin: 60, bufferMin: 15, needsRoom: true },
      advisor: { id: w.advisors[1]!.id, displayName: "顾问 2" },
      room: { id: w.roomIds[0], name: "贵宾室 1" },
    });
    expect(detail!.member.maskedPhone).toMatch(/^\d{3}\*{4}\d{4}$/);
    expect(detail!.events.map((e) => e.kind)).toEqual(["rescheduled", "booked"]);
    expect(detail!.events[0]).toMatchObject({
      actorName: "店长",
      fromAdvisorName: "顾问 1",
      toAdvisorName: "顾问 2",
    });

    const other = await createTestStore(db);
    const outsider = await createTestAccount(db, ["manager"], [other.id]);
    expect(await getAppointmentDetail(db, outsider, appointmentId)).toBeNull();
    expect(await getAppointmentDetail(db, w.manager, "not-a-uuid")).toBeNull();
  });

  it("offers the active stores in scope, the active types and each store's bookable advisors", async () => {
    const w = await createBookingWorld(db, { advisors: 1 });
    // An advisor of the store without hours there, and a manager with hours: neither is bookable.
    await createTestAccount(db, ["advisor"], [w.store.id], { displayName: "无排班顾问" });
    await addAdvisor(db, w.store.id, "店长兼顾问", ["manager"]);
    const [inactive] = await db
      .insert(appointmentTypes)
      .values({ code: `OFF-${w.typeId.slice(0, 8)}`, nameZh: "停用", nameEn: "Off", durationMin: 30, active: false })
      .returning({ id: appointmentTypes.id });

    const choices = await bookingChoices(db, w.service);
    expect(choices.stores.map((s) => s.id)).toEqual([w.store.id]);
    expect(choices.types.map((t) => t.id)).toContain(w.typeId);
    expect(choices.types.map((t) => t.id)).not.toContain(inactive!.id);
    expect(choices.advisors).toEqual([{ id: w.advisors[0]!.id, displayName: "顾问 1", storeId: w.store.id }]);
    expect(await bookableAdvisors(db, [])).toEqual([]);
  });

  it("prefills the member from the link only when in scope and not erased", async () => {
    const w = await createBookingWorld(db);
    const member = await getBookingMember(db, w.service, w.memberId);
    expect(member).toMatchObject({ id: w.memberId, tier: "gold" });
    expect(member!.phone).toMatch(/\*{4}/);
    const other = await createTestStore(db);
    const stranger = await insertMember(db, { storeId: other.id });
    expect(await getBookingMember(db, w.service, stranger.id)).toBeNull();
    expect(await getBookingMember(db, w.service, "nope")).toBeNull();
  });
});
