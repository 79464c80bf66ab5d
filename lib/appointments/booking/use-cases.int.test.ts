import { subHours } from "date-fns";
import { and, eq, ne, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { openDatabase, rowsOf, type Db } from "@/db/client";
import { appointmentEvents, appointments } from "@/db/schema";
import type { AppError } from "@/lib/errors";
import { expectAppError } from "@/tests/helpers/errors";
import { insertMember } from "@/tests/helpers/members";
import { addAdvisor, createBookingWorld, localAt, outboxOf } from "@/tests/helpers/booking";
import { createTestAccount, runAs } from "@/tests/helpers/run-as";
import { auditEntries, createTestStore, setupTestDatabase, testDriver } from "@/tests/helpers/test-db";
import type { SlotOption } from "./schemas";
import { bookAppointmentUseCase, bookingSlotsUseCase, findBookingMembersUseCase } from "./use-cases";

let db: Db;
setupTestDatabase((opened) => {
  db = opened;
});

const alternativesOf = (error: AppError) => (error.details?.alternatives ?? []) as SlotOption[];

async function appointmentRow(id: string) {
  const [row] = await db.select().from(appointments).where(eq(appointments.id, id));
  return row!;
}

describe(`booking on ${testDriver()}`, () => {
  it("books a confirmed visit: the row with its end and buffer, a 'booked' event, an audit entry and the outbox messages", async () => {
    const w = await createBookingWorld(db);
    const [advisor] = w.advisors;
    const startsAt = localAt("11:00");
    const booked = await runAs(db, bookAppointmentUseCase, w.manager, {
      storeId: w.store.id,
      memberId: w.memberId,
      typeId: w.typeId,
      startsAt,
      advisorId: advisor!.id,
      note: "  想看翡翠手镯  ",
    });
    expect(booked).toMatchObject({ advisorId: advisor!.id, roomId: null, status: "confirmed" });

    const row = await appointmentRow(booked.appointmentId);
    expect(row).toMatchObject({
      storeId: w.store.id,
      memberId: w.memberId,
      advisorId: advisor!.id,
      status: "confirmed",
      source: "staff",
      note: "想看翡翠手镯",
      createdBy: w.manager.id,
      tierOverrideBy: null,
    });
    expect(row.startsAt.toISOString()).toBe(new Date(startsAt).toISOString());
    expect(row.endsAt.toISOString()).toBe(new Date(localAt("12:00")).toISOString());
    expect(row.blockedUntil.toISOString()).toBe(new Date(localAt("12:15")).toISOString());

    const events = await db.select().from(appointmentEvents).where(eq(appointmentEvents.appointmentId, row.id));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: "booked", toAdvisorId: advisor!.id, actorStaffId: w.manager.id });
    expect(events[0]!.toStartsAt?.toISOString()).toBe(row.startsAt.toISOString());

    const audit = await auditEntries(db, { action: "appointment.book", entityId: row.id });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ entityType: "appointment", storeId: w.store.id, actorStaffId: w.manager.id });

    const outbox = await outboxOf(db, row.id);
    expect(outbox.map((m) => [m.templateCode, m.dedupeKey, m.status])).toEqual([
      ["appointment_confirmed", `appointment_confirmed:${row.id}`, "pending"],
      ["appointment_reminder", `appointment_reminder:${row.id}:${row.startsAt.toISOString()}`, "pending"],
    ]);
    expect(outbox[1]!.sendAfter.toISOString()).toBe(subHours(row.startsAt, 24).toISOString());
  });

  it("refuses a start in the past on its field", async () => {
    const w = await createBookingWorld(db);
    const error = await expectAppError(
      runAs(db, bookAppointmentUseCase, w.manager, {
        storeId: w.store.id,
        memberId: w.memberId,
        typeId: w.typeId,
        startsAt: subHours(new Date(), 1).toISOString(),
        advisorId: w.advisors[0]!.id,
      }),
      "validation",
    );
    expect(error.fieldErrors).toEqual({ startsAt: ["appointmentInPast"] });
  });

  it("refuses a start outside the advisor's hours as slot_taken, offering the next free slots", async () => {
    const w = await createBookingWorld(db);
    const error = await expectAppError(
      runAs(db, bookAppointmentUseCase, w.manager, {
        storeId: w.store.id,
        memberId: w.memberId,
        typeId: w.typeId,
        startsAt: localAt("08:00"),
        advisorId: w.advisors[0]!.id,
      }),
      "slot_taken",
    );
    const alternatives = alternativesOf(error);
    expect(alternatives.map((a) => a.time)).toEqual(["10:00", "10:15", "10:30", "10:45", "11:00"]);
    expect(alternatives[0]).toMatchObject({ startsAt: new Date(localAt("10:00")).toISOString() });
    expect(alternatives[0]!.advisorIds).toEqual([w.advisors[0]!.id]);
    expect(await db.select().from(appointments).where(eq(appointments.memberId, w.memberId))).toEqual([]);
  });

  it("refuses a taken slot: the alternatives start after it, once the visit and its buffer are over", async () => {
    const w = await createBookingWorld(db);
    const input = {
      storeId: w.store.id,
      memberId: w.memberId,
      typeId: w.typeId,
      startsAt: localAt("11:00"),
      advisorId: w.advisors[0]!.id,
    };
    await runAs(db, bookAppointmentUseCase, w.manager, input);
    const error = await expectAppError(runAs(db, bookAppointmentUseCase, w.manager, input), "slot_taken");
    expect(alternativesOf(error).map((a) => a.time)).toEqual(["12:15", "12:30", "12:45", "13:00", "13:15"]);
  });

  it("looks for alternatives on the following days when the day is full", async () => {
    const w = await createBookingWorld(db, { advisors: 1, type: { durationMin: 60, bufferMin: 0, dailyCap: 1 } });
    const input = {
      storeId: w.store.id,
      memberId: w.memberId,
      typeId: w.typeId,
      startsAt: localAt("11:00"),
      advisorId: w.advisors[0]!.id,
    };
    await runAs(db, bookAppointmentUseCase, w.manager, input);
    const error = await expectAppError(
      runAs(db, bookAppointmentUseCase, w.manager, { ...input, startsAt: localAt("15:00") }),
      "slot_taken",
    );
    const alternatives = alternativesOf(error);
    expect(alternatives).toHaveLength(5);
    expect(alternatives.map((a) => a.startsAt)).toEqual(
      ["10:00", "10:15", "10:30", "10:45", "11:00"].map((time) => new Date(localAt(time, 4)).toISOString()),
    );
  });

  it("touching visits of one advisor both book (the buffer ends as the next visit starts)", async () => {
    const w = await createBookingWorld(db);
    const base = { storeId: w.store.id, memberId: w.memberId, typeId: w.typeId, advisorId: w.advisors[0]!.id };
    const first = await runAs(db, bookAppointmentUseCase, w.manager, { ...base, startsAt: localAt("11:00") });
    const second = await runAs(db, bookAppointmentUseCase, w.manager, { ...base, startsAt: localAt("12:15") });
    expect((await appointmentRow(first.appointmentId)).blockedUntil.toISOString()).toBe(
      (await appointmentRow(second.appointmentId)).startsAt.toISOString(),
    );
  });

  it("protects the room as well as the advisor: two advisors, one room, the same time, only one books", async () => {
    const w = await createBookingWorld(db, { advisors: 2, rooms: 1, type: { needsRoom: true } });
    const base = { storeId: w.store.id, memberId: w.memberId, typeId: w.typeId, startsAt: localAt("14:00") };
    const first = await runAs(db, bookAppointmentUseCase, w.manager, { ...base, advisorId: w.advisors[0]!.id });
    expect(first.roomId).toBe(w.roomIds[0]);
    const error = await expectAppError(
      runAs(db, bookAppointmentUseCase, w.manager, { ...base, advisorId: w.advisors[1]!.id }),
      "slot_taken",
    );
    // The room is busy until 15:15 (visit and buffer): the alternatives have a room.
    expect(alternativesOf(error)[0]!.time).toBe("15:15");
    // A visit of a type without a room is only the advisor's.
    const roomless = await createBookingWorld(db, { advisors: 2 });
    await runAs(db, bookAppointmentUseCase, roomless.manager, {
      storeId: roomless.store.id,
      memberId: roomless.memberId,
      typeId: roomless.typeId,
      startsAt: localAt("14:00"),
      advisorId: roomless.advisors[1]!.id,
    });
  });

  it("picks another free room of the store when the first is taken", async () => {
    const w = await createBookingWorld(db, { advisors: 2, rooms: 2, type: { needsRoom: true } });
    const base = { storeId: w.store.id, memberId: w.memberId, typeId: w.typeId, startsAt: localAt("14:00") };
    const first = await runAs(db, bookAppointmentUseCase, w.manager, { ...base, advisorId: w.advisors[0]!.id });
    const second = await runAs(db, bookAppointmentUseCase, w.manager, { ...base, advisorId: w.advisors[1]!.id });
    expect(new Set([first.roomId, second.roomId])).toEqual(new Set(w.roomIds));
  });

  it("books any advisor: the first free one, then the next", async () => {
    const w = await createBookingWorld(db, { advisors: 2 });
    const input = {
      storeId: w.store.id,
      memberId: w.memberId,
      typeId: w.typeId,
      startsAt: localAt("16:00"),
      advisorId: null,
    };
    const first = await runAs(db, bookAppointmentUseCase, w.manager, input);
    const second = await runAs(db, bookAppointmentUseCase, w.manager, input);
    expect(new Set([first.advisorId, second.advisorId])).toEqual(new Set(w.advisors.map((a) => a.id)));
    await expectAppError(runAs(db, bookAppointmentUseCase, w.manager, input), "slot_taken");
  });

  it("refuses an advisor the store does not have on the advisor field", async () => {
    const w = await createBookingWorld(db);
    const elsewhere = await createBookingWorld(db);
    const error = await expectAppError(
      runAs(db, bookAppointmentUseCase, w.manager, {
        storeId: w.store.id,
        memberId: w.memberId,
        typeId: w.typeId,
        startsAt: localAt("11:00"),
        advisorId: elsewhere.advisors[0]!.id,
      }),
      "validation",
    );
    expect(error.fieldErrors).toEqual({ advisorId: ["appointmentAdvisorUnknown"] });
  });

  it("refuses an inactive type", async () => {
    const w = await createBookingWorld(db, { type: { active: false } });
    await expectAppError(
      runAs(db, bookAppointmentUseCase, w.manager, {
        storeId: w.store.id,
        memberId: w.memberId,
        typeId: w.typeId,
        startsAt: localAt("11:00"),
        advisorId: w.advisors[0]!.id,
      }),
      "conflict",
      "appointmentTypeInactive",
    );
  });

  describe("the type's tier", () => {
    it("refuses a member below it without an override; an advisor cannot override; a manager can, and it is stored", async () => {
      const w = await createBookingWorld(db, { type: { minTier: "gold" }, memberTier: "silver" });
      const advisor = w.advisors[0]!;
      const input = {
        storeId: w.store.id,
        memberId: w.memberId,
        typeId: w.typeId,
        startsAt: localAt("11:00"),
        advisorId: advisor.id,
      };
      const refused = await expectAppError(
        runAs(db, bookAppointmentUseCase, w.manager, input),
        "conflict",
        "appointmentTierRequired",
      );
      expect(refused.details).toEqual({ minTier: "gold", memberTier: "silver" });
      await expectAppError(
        runAs(db, bookAppointmentUseCase, advisor, { ...input, tierOverrideReason: "老客户推荐" }),
        "forbidden",
        "appointmentTierOverrideForbidden",
      );

      const booked = await runAs(db, bookAppointmentUseCase, w.manager, {
        ...input,
        tierOverrideReason: "老客户推荐",
      });
      expect(await appointmentRow(booked.appointmentId)).toMatchObject({
        tierOverrideBy: w.manager.id,
        tierOverrideReason: "老客户推荐",
      });
      const [audit] = await auditEntries(db, { action: "appointment.book", entityId: booked.appointmentId });
      expect(audit!.details).toMatchObject({
        tierOverride: { minTier: "gold", memberTier: "silver", reason: "老客户推荐" },
      });
    });

    it("asks nothing of a member at or above it (a reason given is not stored)", async () => {
      const w = await createBookingWorld(db, { type: { minTier: "gold" }, memberTier: "diamond" });
      const booked = await runAs(db, bookAppointmentUseCase, w.advisors[0]!, {
        storeId: w.store.id,
        memberId: w.memberId,
        typeId: w.typeId,
        startsAt: localAt("11:00"),
        advisorId: w.advisors[0]!.id,
        tierOverrideReason: "not needed",
      });
      expect(await appointmentRow(booked.appointmentId)).toMatchObject({
        tierOverrideBy: null,
        tierOverrideReason: null,
      });
    });
  });

  describe("who may book what", () => {
    it("a service colleague (appointments.book without setup) books for an advisor", async () => {
      const w = await createBookingWorld(db);
      const booked = await runAs(db, bookAppointmentUseCase, w.service, {
        storeId: w.store.id,
        memberId: w.memberId,
        typeId: w.typeId,
        startsAt: localAt("11:00"),
        advisorId: w.advisors[1]!.id,
      });
      expect(await appointmentRow(booked.appointmentId)).toMatchObject({ createdBy: w.service.id });
    });

    it("an after-sales colleague (no appointments.book) is refused", async () => {
      const w = await createBookingWorld(db);
      const afterSales = await createTestAccount(db, ["after_sales"], [w.store.id]);
      await expectAppError(
        runAs(db, bookAppointmentUseCase, afterSales, {
          storeId: w.store.id,
          memberId: w.memberId,
          typeId: w.typeId,
          startsAt: localAt("11:00"),
          advisorId: w.advisors[0]!.id,
        }),
        "forbidden",
      );
    });

    it("another store's member, and another store, are not found", async () => {
      const w = await createBookingWorld(db);
      const other = await createTestStore(db);
      const stranger = await insertMember(db, { storeId: other.id });
      const input = {
        storeId: w.store.id,
        memberId: stranger.id,
        typeId: w.typeId,
        startsAt: localAt("11:00"),
        advisorId: w.advisors[0]!.id,
      };
      await expectAppError(runAs(db, bookAppointmentUseCase, w.manager, input), "not_found");
      await expectAppError(
        runAs(db, bookAppointmentUseCase, w.manager, { ...input, memberId: w.memberId, storeId: other.id }),
        "not_found",
      );
    });

    it("an erased member takes no new visit", async () => {
      const w = await createBookingWorld(db);
      await db.execute(sql`update members set erased_at = now() where id = ${w.memberId}`);
      await expectAppError(
        runAs(db, bookAppointmentUseCase, w.manager, {
          storeId: w.store.id,
          memberId: w.memberId,
          typeId: w.typeId,
          startsAt: localAt("11:00"),
          advisorId: w.advisors[0]!.id,
        }),
        "conflict",
        "memberErased",
      );
    });
  });

  describe("the booking page's reads", () => {
    it("offers the free slots of a day, its own booking's time free when rescheduling it", async () => {
      const w = await createBookingWorld(db, { advisors: 1 });
      const advisorId = w.advisors[0]!.id;
      const booked = await runAs(db, bookAppointmentUseCase, w.manager, {
        storeId: w.store.id,
        memberId: w.memberId,
        typeId: w.typeId,
        startsAt: localAt("14:00"),
        advisorId,
      });
      const date = localAt("14:00").slice(0, 10);
      const ask = { storeId: w.store.id, typeId: w.typeId, date, advisorId };
      const slots = await runAs(db, bookingSlotsUseCase, w.advisors[0]!, ask);
      expect(slots.map((s) => s.time)).not.toContain("14:00");
      expect(slots[0]).toEqual({
        date,
        time: "10:00",
        startsAt: new Date(localAt("10:00")).toISOString(),
        advisorIds: [advisorId],
      });
      const rescheduling = await runAs(db, bookingSlotsUseCase, w.advisors[0]!, {
        ...ask,
        excludeAppointmentId: booked.appointmentId,
      });
      expect(rescheduling.map((s) => s.time)).toContain("14:00");
      const other = await createTestStore(db);
      await expectAppError(runAs(db, bookingSlotsUseCase, w.manager, { ...ask, storeId: other.id }), "not_found");
    });

    it("finds members of the staff member's stores only", async () => {
      const w = await createBookingWorld(db);
      const member = await insertMember(db, { storeId: w.store.id, name: "欧阳预约" });
      const other = await createTestStore(db);
      await insertMember(db, { storeId: other.id, name: "欧阳预约" });
      const found = await runAs(db, findBookingMembersUseCase, w.service, { q: "欧阳预约" });
      expect(found.map((m) => m.id)).toEqual([member.id]);
      expect(found[0]!.name).toBe("欧**约");
    });
  });
});

// PGlite has one connection: simultaneous bookings run one after another there, so these could not fail.
describe.runIf(testDriver() === "postgres")("simultaneous bookings (PostgreSQL only)", () => {
  /** A pool of its own, so that every booking has its own connection and they really overlap. */
  async function withPool<T>(size: number, work: (pool: Db) => Promise<T>): Promise<T> {
    const [{ name }] = rowsOf<{ name: string }>(await db.execute(sql`select current_database() as name`)) as [
      { name: string },
    ];
    const url = new URL(process.env.ATRIUM_TEST_PG_URL!);
    url.pathname = `/${name}`;
    const pool = openDatabase({ url: url.toString(), poolMax: size });
    try {
      return await work(pool.db);
    } finally {
      await pool.close();
    }
  }

  // The definition with its retries turned off: the locks alone must settle these races, so a
  // deadlock or serialization failure shows here instead of being run again unnoticed.
  const bookOnce = { ...bookAppointmentUseCase, retries: 0 };

  function outcomesOf(settled: PromiseSettledResult<unknown>[]) {
    const codes = settled.map((o) =>
      o.status === "fulfilled" ? "ok" : ((o.reason as { code?: string }).code ?? String(o.reason)),
    );
    return { ok: codes.filter((c) => c === "ok").length, codes };
  }

  it("20 bookings of one advisor's slot at once: exactly one succeeds, 19 get slot_taken, no deadlock", async () => {
    const w = await createBookingWorld(db, { advisors: 1 });
    const members: { id: string }[] = [];
    for (let i = 0; i < 20; i++) members.push(await insertMember(db, { storeId: w.store.id }));
    const settled = await withPool(20, (pool) =>
      Promise.allSettled(
        members.map((member) =>
          runAs(pool, bookOnce, w.manager, {
            storeId: w.store.id,
            memberId: member.id,
            typeId: w.typeId,
            startsAt: localAt("11:00"),
            advisorId: w.advisors[0]!.id,
          }),
        ),
      ),
    );
    const { ok, codes } = outcomesOf(settled);
    expect(ok).toBe(1);
    expect(codes.filter((c) => c === "slot_taken")).toHaveLength(19);
    const rows = await db
      .select()
      .from(appointments)
      .where(and(eq(appointments.advisorId, w.advisors[0]!.id), ne(appointments.status, "cancelled")));
    expect(rows).toHaveLength(1);
  });

  it("20 bookings of one slot with any of 3 advisors at once: exactly 3 succeed, each on its own advisor", async () => {
    const w = await createBookingWorld(db, { advisors: 3 });
    const members: { id: string }[] = [];
    for (let i = 0; i < 20; i++) members.push(await insertMember(db, { storeId: w.store.id }));
    const settled = await withPool(20, (pool) =>
      Promise.allSettled(
        members.map((member) =>
          runAs(pool, bookOnce, w.manager, {
            storeId: w.store.id,
            memberId: member.id,
            typeId: w.typeId,
            startsAt: localAt("11:00"),
            advisorId: null,
          }),
        ),
      ),
    );
    const { ok, codes } = outcomesOf(settled);
    expect(ok).toBe(3);
    expect(codes.filter((c) => c === "slot_taken")).toHaveLength(17);
    const booked = settled.flatMap((o) =>
      o.status === "fulfilled" ? [(o.value as { advisorId: string }).advisorId] : [],
    );
    expect(new Set(booked)).toEqual(new Set(w.advisors.map((a) => a.id)));
  });

  it("10 bookings of one slot split between two advisors at once: exactly one per advisor succeeds", async () => {
    const w = await createBookingWorld(db, { advisors: 1 });
    const second = await addAdvisor(db, w.store.id, "顾问 新");
    const members: { id: string }[] = [];
    for (let i = 0; i < 10; i++) members.push(await insertMember(db, { storeId: w.store.id }));
    const settled = await withPool(10, (pool) =>
      Promise.allSettled(
        members.map((member, i) =>
          runAs(pool, bookOnce, w.manager, {
            storeId: w.store.id,
            memberId: member.id,
            typeId: w.typeId,
            startsAt: localAt("11:00"),
            advisorId: i % 2 === 0 ? w.advisors[0]!.id : second.id,
          }),
        ),
      ),
    );
    const { ok, codes } = outcomesOf(settled);
    expect(ok).toBe(2);
    expect(codes.filter((c) => c === "slot_taken")).toHaveLength(8);
  });

  it("10 bookings of one room at once by 5 advisors: exactly one succeeds", async () => {
    const w = await createBookingWorld(db, { advisors: 5, rooms: 1, type: { needsRoom: true } });
    const members: { id: string }[] = [];
    for (let i = 0; i < 10; i++) members.push(await insertMember(db, { storeId: w.store.id }));
    const settled = await withPool(10, (pool) =>
      Promise.allSettled(
        members.map((member, i) =>
          runAs(pool, bookOnce, w.manager, {
            storeId: w.store.id,
            memberId: member.id,
            typeId: w.typeId,
            startsAt: localAt("11:00"),
            advisorId: w.advisors[i % 5]!.id,
          }),
        ),
      ),
    );
    const { ok, codes } = outcomesOf(settled);
    expect(ok).toBe(1);
    expect(codes.filter((c) => c === "slot_taken")).toHaveLength(9);
  });
});
