import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import {
  advisorHours,
  advisorTimeOff,
  appointments,
  appointmentTypes,
  staff,
  storeClosures,
  WEEKDAYS,
  type BusinessHours,
} from "@/db/schema";
import { insertMember } from "@/tests/helpers/members";
import { createTestStaff, createTestStore, setupTestDatabase, uniqueSuffix } from "@/tests/helpers/test-db";
import { availabilityFor, loadAvailabilityInput } from "./queries";

/**
 * The loader against a real database. Store S (Asia/Shanghai), Monday 2026-11-30:
 * - A1 works 10:00–14:00 and 15:00–21:00; a VIP styling 11:00–12:30 (+15 buffer) fills the morning,
 *   a one-a-day visit 13:00–13:30 reaches that type's cap, a cancelled visit at 15:00 does not count.
 * - A2 works 12:00–21:00; a visit at the other store 15:00–16:00 still holds them; time off from 19:00.
 * - The store closes from 19:30 to the next morning.
 * Not advisors of S: a manager with hours, an advisor of another store with hours at S, an advisor
 * of S without hours, a deactivated advisor. An all-stores advisor with Tuesday hours at S is one.
 */

const DAY = "2026-11-30";
const at = (time: string, date = DAY) => new Date(`${date}T${time}:00+08:00`);
const NOW = at("12:00", "2026-11-23");
const tag = uniqueSuffix(6);

let db: Db;
let storeId: string;
let otherStoreId: string;
let vipTypeId: string;
let oneADayTypeId: string;
const ids: Record<"a1" | "a2" | "hq" | "manager" | "outsider" | "noHours" | "inactive", string> = {
  a1: "",
  a2: "",
  hq: "",
  manager: "",
  outsider: "",
  noHours: "",
  inactive: "",
};
let a1MorningVisitId: string;

function hours(ranges: Partial<Record<(typeof WEEKDAYS)[number], [string, string][]>>): BusinessHours {
  return Object.fromEntries(
    WEEKDAYS.map((day) => [day, (ranges[day] ?? []).map(([open, close]) => ({ open, close }))]),
  ) as BusinessHours;
}

setupTestDatabase(async (opened) => {
  db = opened;
  storeId = (await createTestStore(db, { code: `S-${tag.toUpperCase()}` })).id;
  otherStoreId = (await createTestStore(db, { code: `O-${tag.toUpperCase()}` })).id;
  const [vip, oneADay] = await db
    .insert(appointmentTypes)
    .values([
      {
        code: `vip_styling_${tag}`,
        nameZh: "VIP 造型",
        nameEn: "VIP styling",
        durationMin: 90,
        bufferMin: 15,
        noticeMin: 120,
        dailyCap: 3,
      },
      { code: `one_a_day_${tag}`, nameZh: "每日一次", nameEn: "Once a day", durationMin: 30, dailyCap: 1 },
    ])
    .returning({ id: appointmentTypes.id });
  vipTypeId = vip!.id;
  oneADayTypeId = oneADay!.id;

  const person = async (name: string, roles: ("advisor" | "manager")[], storeIds: string[], allStores = false) =>
    (
      await createTestStaff(db, {
        username: `${name.toLowerCase().replaceAll(" ", "-")}-${tag}`,
        displayName: name,
        roles,
        storeIds,
        allStores,
      })
    ).id;
  ids.a1 = await person("Advisor 1", ["advisor"], [storeId]);
  ids.a2 = await person("Advisor 2", ["advisor"], [storeId]);
  ids.hq = await person("Advisor HQ", ["advisor"], [], true);
  ids.manager = await person("Manager", ["manager"], [storeId]);
  ids.outsider = await person("Outsider", ["advisor"], [otherStoreId]);
  ids.noHours = await person("No hours", ["advisor"], [storeId]);
  ids.inactive = await person("Inactive", ["advisor"], [storeId]);
  await db.update(staff).set({ active: false }).where(eq(staff.id, ids.inactive));

  const allDayMonday = hours({ mon: [["10:00", "21:00"]] });
  await db.insert(advisorHours).values([
    {
      staffId: ids.a1,
      storeId,
      hours: hours({
        mon: [
          ["10:00", "14:00"],
          ["15:00", "21:00"],
        ],
        tue: [["10:00", "18:00"]],
      }),
    },
    { staffId: ids.a2, storeId, hours: hours({ mon: [["12:00", "21:00"]] }) },
    { staffId: ids.hq, storeId, hours: hours({ tue: [["10:00", "18:00"]] }) },
    { staffId: ids.manager, storeId, hours: allDayMonday },
    { staffId: ids.outsider, storeId, hours: allDayMonday },
    { staffId: ids.inactive, storeId, hours: allDayMonday },
  ]);

  const member = await insertMember(db, { storeId });
  const visit = (
    advisorId: string,
    typeId: string,
    startsAt: Date,
    endsAt: Date,
    bufferMin: number,
    extra: Partial<typeof appointments.$inferInsert> = {},
  ) => ({
    storeId,
    memberId: member.id,
    typeId,
    advisorId,
    startsAt,
    endsAt,
    blockedUntil: new Date(endsAt.getTime() + bufferMin * 60_000),
    ...extra,
  });
  const [morning] = await db
    .insert(appointments)
    .values([
      visit(ids.a1, vipTypeId, at("11:00"), at("12:30"), 15),
      visit(ids.a1, oneADayTypeId, at("13:00"), at("13:30"), 0),
      visit(ids.a1, vipTypeId, at("15:00"), at("16:30"), 15, { status: "cancelled" }),
      visit(ids.a2, vipTypeId, at("15:00"), at("16:00"), 0, { storeId: otherStoreId }),
      // Shanghai's 30th begins at 16:00 UTC on the 29th: 01:00 local is on the day, the next 01:00 is not.
      visit(ids.a2, vipTypeId, at("01:00"), at("01:30"), 0),
      visit(ids.a2, oneADayTypeId, at("01:00", "2026-12-01"), at("01:30", "2026-12-01"), 0),
      // Another advisor's visits are no concern of A1's or A2's.
      visit(ids.manager, vipTypeId, at("10:00"), at("21:00"), 0),
    ])
    .returning({ id: appointments.id });
  a1MorningVisitId = morning!.id;

  await db.insert(advisorTimeOff).values([
    { staffId: ids.a2, startsAt: at("19:00"), endsAt: at("09:00", "2026-12-01"), reason: "evening off" },
    { staffId: ids.a1, startsAt: at("10:00", "2026-12-01"), endsAt: at("21:00", "2026-12-01"), reason: "next day" },
  ]);
  await db.insert(storeClosures).values([
    { storeId, startsAt: at("19:30"), endsAt: at("10:00", "2026-12-01"), reason: "event" },
    { storeId: otherStoreId, startsAt: at("00:00"), endsAt: at("00:00", "2026-12-01"), reason: "other store" },
  ]);
});

const args = (overrides: Partial<Parameters<typeof loadAvailabilityInput>[1]> = {}) => ({
  storeId,
  typeId: vipTypeId,
  date: DAY,
  advisorId: null,
  now: NOW,
  ...overrides,
});

function quarters(from: string, to: string): string[] {
  const minutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3));
  const out: string[] = [];
  for (let m = minutes(from); m <= minutes(to); m += 15) {
    out.push(`${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`);
  }
  return out;
}

describe("loadAvailabilityInput", () => {
  it("reads the store's zone, the type and the store's advisors with their hours", async () => {
    const input = await loadAvailabilityInput(db, args());
    expect(input).toMatchObject({
      typeId: vipTypeId,
      timeZone: "Asia/Shanghai",
      date: DAY,
      now: NOW.toISOString(),
      advisorId: null,
      type: { code: `vip_styling_${tag}`, durationMin: 90, bufferMin: 15, noticeMin: 120, dailyCap: 3 },
    });
    expect(input.advisors.map((advisor) => advisor.id)).toEqual([ids.a1, ids.a2, ids.hq]);
    expect(input.advisors[0]!.hours).toEqual({
      mon: [
        ["10:00", "14:00"],
        ["15:00", "21:00"],
      ],
      tue: [["10:00", "18:00"]],
    });
  });

  it("reads the non-cancelled bookings, time off and closures overlapping the local day", async () => {
    const input = await loadAvailabilityInput(db, args());
    const iso = (time: string, date = DAY) => at(time, date).toISOString();
    expect(input.bookings).toEqual([
      {
        advisorId: ids.a2,
        start: iso("01:00"),
        end: iso("01:30"),
        bufferMin: 0,
        typeCode: `vip_styling_${tag}`,
        status: "confirmed",
      },
      {
        advisorId: ids.a1,
        start: iso("11:00"),
        end: iso("12:30"),
        bufferMin: 15,
        typeCode: `vip_styling_${tag}`,
        status: "confirmed",
      },
      {
        advisorId: ids.a1,
        start: iso("13:00"),
        end: iso("13:30"),
        bufferMin: 0,
        typeCode: `one_a_day_${tag}`,
        status: "confirmed",
      },
      {
        advisorId: ids.a2,
        start: iso("15:00"),
        end: iso("16:00"),
        bufferMin: 0,
        typeCode: `vip_styling_${tag}`,
        status: "confirmed",
      },
    ]);
    expect(input.advisors.find((advisor) => advisor.id === ids.a2)!.timeOff).toEqual([
      { start: iso("19:00"), end: iso("09:00", "2026-12-01") },
    ]);
    expect(input.advisors.find((advisor) => advisor.id === ids.a1)!.timeOff).toEqual([]);
    expect(input.closures).toEqual([{ start: iso("19:30"), end: iso("10:00", "2026-12-01") }]);
  });

  it("with an advisor asked for, loads only that advisor and their bookings", async () => {
    const input = await loadAvailabilityInput(db, args({ advisorId: ids.a1 }));
    expect(input.advisors.map((advisor) => advisor.id)).toEqual([ids.a1]);
    expect(new Set(input.bookings.map((booking) => booking.advisorId))).toEqual(new Set([ids.a1]));
    expect((await loadAvailabilityInput(db, args({ advisorId: ids.manager }))).advisors).toEqual([]);
  });

  it("an unknown store or type is not found", async () => {
    const unknown = "00000000-0000-4000-8000-000000000000";
    await expect(loadAvailabilityInput(db, args({ storeId: unknown }))).rejects.toMatchObject({ code: "not_found" });
    await expect(loadAvailabilityInput(db, args({ typeId: unknown }))).rejects.toMatchObject({ code: "not_found" });
    await expect(loadAvailabilityInput(db, args({ date: "2026-02-30" }))).rejects.toMatchObject({
      code: "validation",
    });
  });
});

describe("availabilityFor", () => {
  it("one advisor: A1's afternoon until the closure, the morning taken by their visit", async () => {
    const slots = await availabilityFor(db, args({ advisorId: ids.a1 }));
    expect(slots.map((slot) => slot.time)).toEqual(quarters("15:00", "17:45"));
    expect(slots[0]).toEqual({ time: "15:00", startsAt: at("15:00"), advisorIds: [ids.a1] });
  });

  it("a visit at another store still holds the advisor, and time off blocks", async () => {
    const slots = await availabilityFor(db, args({ advisorId: ids.a2 }));
    expect(slots.map((slot) => slot.time)).toEqual([...quarters("12:00", "13:15"), ...quarters("16:00", "17:15")]);
  });

  it("any advisor: the union, with every advisor free at each start", async () => {
    const slots = await availabilityFor(db, args());
    const byTime = Object.fromEntries(slots.map((slot) => [slot.time, slot.advisorIds]));
    expect(Object.keys(byTime)).toEqual([...quarters("12:00", "13:15"), ...quarters("15:00", "17:45")]);
    expect(byTime["12:00"]).toEqual([ids.a2]);
    expect(byTime["15:00"]).toEqual([ids.a1]);
    expect(byTime["16:00"]).toEqual([ids.a1, ids.a2]);
    expect(byTime["17:45"]).toEqual([ids.a1]);
  });

  it("the type's notice counts from now", async () => {
    const slots = await availabilityFor(db, args({ advisorId: ids.a1, now: at("14:00") }));
    expect(slots.map((slot) => slot.time)).toEqual(quarters("16:00", "17:45"));
  });

  it("a reschedule does not collide with the visit it moves", async () => {
    const slots = await availabilityFor(db, args({ advisorId: ids.a1, excludeAppointmentId: a1MorningVisitId }));
    // 12:15 would run into the 13:00 visit of the other type, which stays.
    expect(slots.map((slot) => slot.time)).toEqual([...quarters("10:00", "11:15"), ...quarters("15:00", "17:45")]);
  });

  it("a reached daily cap closes the day for that advisor and that type only", async () => {
    const slots = await availabilityFor(db, args({ typeId: oneADayTypeId }));
    expect(slots.length).toBeGreaterThan(0);
    expect(slots.every((slot) => slot.advisorIds.length === 1 && slot.advisorIds[0] === ids.a2)).toBe(true);
    expect(await availabilityFor(db, args({ typeId: oneADayTypeId, advisorId: ids.a1 }))).toEqual([]);
  });
});
