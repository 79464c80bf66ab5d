import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import {
  advisorHours,
  advisorTimeOff,
  appointments,
  appointmentTypes,
  rooms,
  staff,
  storeClosures,
  type BusinessHours,
} from "@/db/schema";
import { createPrincipal, insertMember, type TestPrincipal } from "@/tests/helpers/members";
import { createTestStore, everyDay, setupTestDatabase, uniqueSuffix, type TestStore } from "@/tests/helpers/test-db";
import { todayIn } from "@/lib/time";
import { listAppointments, listCalendarAdvisors, listCalendarStores, loadAdvisorWeek, loadStoreDay } from "./queries";
import { advisorWeekParamsSchema, appointmentListParamsSchema, storeDayParamsSchema } from "./schemas";

let db: Db;

setupTestDatabase((opened) => {
  db = opened;
});

/** Monday 11 March 2030, in Asia/Shanghai (UTC+8, no daylight saving). */
const MONDAY = "2030-03-11";
const at = (local: string) => new Date(`${local}:00+08:00`);

const hours = (ranges: [string, string][]): BusinessHours => everyDay(ranges.map(([open, close]) => ({ open, close })));

async function createType(values: { nameZh?: string; nameEn?: string; bufferMin?: number } = {}) {
  const [type] = await db
    .insert(appointmentTypes)
    .values({
      code: `T${uniqueSuffix(6)}`,
      nameZh: values.nameZh ?? "私人鉴赏",
      nameEn: values.nameEn ?? "Private viewing",
      durationMin: 60,
      bufferMin: values.bufferMin ?? 15,
    })
    .returning();
  return type!;
}

async function setHours(staffId: string, storeId: string, value: BusinessHours) {
  await db.insert(advisorHours).values({ staffId, storeId, hours: value });
}

type Visit = {
  store: TestStore;
  advisor: { id: string };
  memberId: string;
  typeId: string;
  roomId?: string;
  /** Store-local "yyyy-MM-dd HH:mm" (Asia/Shanghai). */
  from: string;
  to: string;
  bufferMin?: number;
  status?: (typeof appointments.$inferInsert)["status"];
};

/** Inserts a visit directly (the booking service is another feature); the exclusion constraint still holds. */
async function visit(v: Visit): Promise<string> {
  const endsAt = at(v.to);
  const [row] = await db
    .insert(appointments)
    .values({
      storeId: v.store.id,
      memberId: v.memberId,
      typeId: v.typeId,
      advisorId: v.advisor.id,
      roomId: v.roomId ?? null,
      startsAt: at(v.from),
      endsAt,
      blockedUntil: new Date(endsAt.getTime() + (v.bufferMin ?? 0) * 60_000),
      status: v.status ?? "confirmed",
    })
    .returning({ id: appointments.id });
  return row!.id;
}

describe("store day view", () => {
  let store: TestStore;
  let otherStore: TestStore;
  let manager: TestPrincipal;
  let alice: TestPrincipal;
  let bob: TestPrincipal;
  let carol: TestPrincipal;
  let dave: TestPrincipal;
  let otherManager: TestPrincipal;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    store = await createTestStore(db);
    otherStore = await createTestStore(db);
    manager = await createPrincipal(db, ["manager"], [store.id]);
    otherManager = await createPrincipal(db, ["manager"], [otherStore.id]);
    alice = await createPrincipal(db, ["advisor"], [store.id]);
    bob = await createPrincipal(db, ["advisor"], [store.id]);
    carol = await createPrincipal(db, ["advisor"], [store.id]); // no hours here
    dave = await createPrincipal(db, ["advisor"], [otherStore.id]);
    await setHours(alice.id, store.id, hours([["10:00", "18:00"]]));
    await setHours(bob.id, store.id, {
      ...hours([["12:00", "20:00"]]),
      mon: [
        { open: "13:00", close: "20:00" },
        { open: "09:30", close: "12:00" },
      ],
    });
    await setHours(dave.id, otherStore.id, hours([["08:00", "23:00"]]));

    const type = await createType();
    const [room] = await db.insert(rooms).values({ storeId: store.id, name: "贵宾室一", nameEn: "VIP 1" }).returning();
    const zhang = await insertMember(db, { storeId: store.id, name: "张三丰" });
    const smith = await insertMember(db, { storeId: store.id, name: "Anna Smith" });
    const other = await insertMember(db, { storeId: otherStore.id, name: "李四光" });
    const base = { store, typeId: type.id };

    ids.aliceMorning = await visit({
      ...base,
      advisor: alice,
      memberId: zhang.id,
      roomId: room!.id,
      from: `${MONDAY}T10:00`,
      to: `${MONDAY}T11:00`,
      bufferMin: 15,
    });
    ids.aliceCancelled = await visit({
      ...base,
      advisor: alice,
      memberId: smith.id,
      from: `${MONDAY}T10:30`,
      to: `${MONDAY}T11:30`,
      status: "cancelled",
    });
    ids.carolEvening = await visit({
      ...base,
      advisor: carol,
      memberId: smith.id,
      from: `${MONDAY}T20:30`,
      to: `${MONDAY}T21:00`,
      bufferMin: 10,
      status: "requested",
    });
    ids.aliceTuesday = await visit({
      ...base,
      advisor: alice,
      memberId: zhang.id,
      from: "2030-03-12T10:00",
      to: "2030-03-12T11:00",
    });
    ids.otherStore = await visit({
      ...base,
      store: otherStore,
      advisor: dave,
      memberId: other.id,
      from: `${MONDAY}T09:00`,
      to: `${MONDAY}T10:00`,
    });

    await db.insert(advisorTimeOff).values([
      { staffId: bob.id, startsAt: at(`${MONDAY}T15:00`), endsAt: at(`${MONDAY}T16:00`), reason: "体检" },
      { staffId: bob.id, startsAt: at("2030-03-12T15:00"), endsAt: at("2030-03-12T16:00") },
    ]);
    await db.insert(storeClosures).values([
      { storeId: store.id, startsAt: at(`${MONDAY}T19:00`), endsAt: at(`${MONDAY}T22:00`), reason: "盘点" },
      { storeId: otherStore.id, startsAt: at(`${MONDAY}T10:00`), endsAt: at(`${MONDAY}T12:00`) },
    ]);
  });

  it("shows the advisors with hours at the store and anyone with a visit that day, as columns", async () => {
    const day = await loadStoreDay(db, manager, { storeId: store.id, date: MONDAY });

    expect(day.store).toMatchObject({ id: store.id, timeZone: "Asia/Shanghai" });
    expect(day.date).toBe(MONDAY);
    expect(day.advisors.map((a) => a.id).sort()).toEqual([alice.id, bob.id, carol.id].sort());
    const byId = new Map(day.advisors.map((a) => [a.id, a]));
    expect(byId.get(alice.id)!.ranges).toEqual([["10:00", "18:00"]]);
    expect(byId.get(bob.id)!.ranges).toEqual([
      ["09:30", "12:00"],
      ["13:00", "20:00"],
    ]);
    expect(byId.get(carol.id)!.ranges).toEqual([]);
    expect(byId.get(bob.id)!.timeOff).toEqual([{ startsAt: at(`${MONDAY}T15:00`), endsAt: at(`${MONDAY}T16:00`) }]);
    expect(day.closures).toEqual([{ startsAt: at(`${MONDAY}T19:00`), endsAt: at(`${MONDAY}T22:00`), reason: "盘点" }]);
  });

  it("an advisor with neither hours at the store nor a visit that day has no column", async () => {
    const tuesday = await loadStoreDay(db, manager, { storeId: store.id, date: "2030-03-12" });

    expect(tuesday.advisors.map((a) => a.id).sort()).toEqual([alice.id, bob.id].sort());
  });

  it("the grid runs from the earliest working hour to the latest, widened to the visits, on quarters", async () => {
    const monday = await loadStoreDay(db, manager, { storeId: store.id, date: MONDAY });
    const tuesday = await loadStoreDay(db, manager, { storeId: store.id, date: "2030-03-12" });

    // bob starts 09:30; carol's 20:30 visit is held until 21:10, rounded up to the quarter.
    expect([monday.gridStart, monday.gridEnd]).toEqual(["09:30", "21:15"]);
    expect([tuesday.gridStart, tuesday.gridEnd]).toEqual(["10:00", "20:00"]);
  });

  it("without advisors' hours the grid falls back to the store's opening hours, then to a default", async () => {
    const quiet = await createTestStore(db, {
      businessHours: { ...hours([["09:00", "17:30"]]), sun: [] },
    });
    const admin = await createPrincipal(db, ["admin"], [], { allStores: true });

    const weekday = await loadStoreDay(db, admin, { storeId: quiet.id, date: MONDAY });
    const sunday = await loadStoreDay(db, admin, { storeId: quiet.id, date: "2030-03-17" });

    expect(weekday.advisors).toEqual([]);
    expect([weekday.gridStart, weekday.gridEnd]).toEqual(["09:00", "17:30"]);
    expect([sunday.gridStart, sunday.gridEnd]).toEqual(["10:00", "22:00"]);
  });

  it("visits carry masked names, type names in both languages and the room; full names never appear", async () => {
    const day = await loadStoreDay(db, alice, { storeId: store.id, date: MONDAY });

    expect(day.appointments.map((a) => a.id)).toEqual([ids.aliceMorning, ids.carolEvening]);
    expect(day.appointments[0]).toMatchObject({
      advisorId: alice.id,
      startsAt: at(`${MONDAY}T10:00`),
      endsAt: at(`${MONDAY}T11:00`),
      blockedUntil: at(`${MONDAY}T11:15`),
      status: "confirmed",
      day: MONDAY,
      memberMaskedName: "张*丰",
      typeNameZh: "私人鉴赏",
      typeNameEn: "Private viewing",
      roomName: "贵宾室一",
      roomNameEn: "VIP 1",
    });
    expect(day.appointments[1]).toMatchObject({ memberMaskedName: "A*** S****", roomName: null });
    // Even alice, whose client this might be, and who sees her colleagues' columns.
    const json = JSON.stringify(day);
    expect(json).not.toContain("张三丰");
    expect(json).not.toContain("Anna Smith");
  });

  it("cancelled visits are left out unless asked for", async () => {
    const shown = await loadStoreDay(db, manager, { storeId: store.id, date: MONDAY, includeCancelled: true });

    expect(shown.appointments.map((a) => a.id)).toEqual([ids.aliceMorning, ids.aliceCancelled, ids.carolEvening]);
    expect(shown.appointments[1]!.status).toBe("cancelled");
  });

  it("another store's day is not found, and its visits, advisors and closures never show", async () => {
    await expect(loadStoreDay(db, otherManager, { storeId: store.id, date: MONDAY })).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(listCalendarAdvisors(db, otherManager, store.id)).rejects.toMatchObject({ code: "not_found" });

    const day = await loadStoreDay(db, manager, { storeId: store.id, date: MONDAY, includeCancelled: true });
    expect(day.appointments.map((a) => a.id)).not.toContain(ids.otherStore);
    expect(day.advisors.map((a) => a.id)).not.toContain(dave.id);
    expect(day.closures).toHaveLength(1);
  });

  it("a store id that is not a uuid is not found rather than a database error", async () => {
    for (const storeId of ["", "x".repeat(10_000), "\u0000", "1 or 1=1"]) {
      await expect(loadStoreDay(db, manager, { storeId, date: MONDAY })).rejects.toMatchObject({ code: "not_found" });
    }
  });

  it("a missing or impossible day shows today in the store's time zone", async () => {
    const now = new Date("2030-03-11T17:00:00Z"); // already Tuesday in Shanghai

    for (const date of [undefined, "0001-01-01", "2030-02-30", "9999-12-31", "\u0000"]) {
      const day = await loadStoreDay(db, manager, { storeId: store.id, date, now });
      expect(day.date).toBe("2030-03-12");
    }
    const real = await loadStoreDay(db, manager, { storeId: store.id });
    expect(real.date).toBe(todayIn("Asia/Shanghai"));
  });

  it("the week's advisor picker lists the store's advisors only", async () => {
    const advisors = await listCalendarAdvisors(db, manager, store.id);

    expect(advisors.map((a) => a.id).sort()).toEqual([alice.id, bob.id, carol.id].sort());
  });

  it("a store the page has read with the viewer's stores gives the same day as its id", async () => {
    const listed = (await listCalendarStores(db, manager)).find((s) => s.id === store.id)!;

    for (const includeCancelled of [false, true]) {
      const byId = await loadStoreDay(db, manager, { storeId: store.id, date: MONDAY, includeCancelled });
      expect(await loadStoreDay(db, manager, { store: listed, date: MONDAY, includeCancelled })).toEqual(byId);
    }
    expect(await listCalendarAdvisors(db, manager, listed)).toEqual(await listCalendarAdvisors(db, manager, store.id));
  });
});

describe("advisor week view", () => {
  let store: TestStore;
  let advisor: TestPrincipal;
  let colleague: TestPrincipal;
  let stranger: TestPrincipal;
  let manager: TestPrincipal;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    store = await createTestStore(db);
    const otherStore = await createTestStore(db);
    advisor = await createPrincipal(db, ["advisor"], [store.id]);
    colleague = await createPrincipal(db, ["advisor"], [store.id]);
    stranger = await createPrincipal(db, ["advisor"], [otherStore.id]);
    manager = await createPrincipal(db, ["manager"], [store.id]);
    await setHours(advisor.id, store.id, { ...hours([["10:00", "18:00"]]), sun: [{ open: "12:00", close: "22:00" }] });
    const type = await createType({ bufferMin: 0 });
    const member = await insertMember(db, { storeId: store.id, name: "王小明" });
    const base = { store, advisor, memberId: member.id, typeId: type.id };

    // Sunday before the week, 23:30 local: still that Sunday, not this week.
    ids.previousSunday = await visit({ ...base, from: "2030-03-10T23:00", to: "2030-03-10T23:45" });
    // Monday 00:15 local is Sunday 16:15 UTC: it belongs to Monday.
    ids.mondayEarly = await visit({ ...base, from: `${MONDAY}T00:15`, to: `${MONDAY}T00:45` });
    ids.wednesday = await visit({ ...base, from: "2030-03-13T14:00", to: "2030-03-13T15:00" });
    // Sunday 23:30 local is Sunday 15:30 UTC: the last visit of this week.
    ids.sundayLate = await visit({ ...base, from: "2030-03-17T23:30", to: "2030-03-18T00:00" });
    // Next Monday 00:30 local is still Sunday in UTC, but next week here.
    ids.nextMonday = await visit({ ...base, from: "2030-03-18T00:30", to: "2030-03-18T01:00" });
    ids.colleague = await visit({ ...base, advisor: colleague, from: "2030-03-13T14:00", to: "2030-03-13T15:00" });
    ids.cancelled = await visit({ ...base, from: "2030-03-14T11:00", to: "2030-03-14T12:00", status: "cancelled" });

    await db.insert(advisorTimeOff).values([
      { staffId: advisor.id, startsAt: at("2030-03-15T10:00"), endsAt: at("2030-03-16T10:00") },
      { staffId: advisor.id, startsAt: at("2030-03-20T10:00"), endsAt: at("2030-03-20T12:00") },
    ]);
    await db
      .insert(storeClosures)
      .values({ storeId: store.id, startsAt: at("2030-03-16T00:00"), endsAt: at("2030-03-17T00:00") });
  });

  it("covers Monday to Sunday of the store-local week holding the day, with each day's ranges", async () => {
    const week = await loadAdvisorWeek(db, manager, { storeId: store.id, advisorId: advisor.id, date: "2030-03-13" });

    expect(week.advisor).toEqual({ id: advisor.id, displayName: "Test Staff" });
    expect(week.date).toBe("2030-03-13");
    expect(week.days.map((d) => d.date)).toEqual([
      "2030-03-11",
      "2030-03-12",
      "2030-03-13",
      "2030-03-14",
      "2030-03-15",
      "2030-03-16",
      "2030-03-17",
    ]);
    expect(week.days[0]!.ranges).toEqual([["10:00", "18:00"]]);
    expect(week.days[6]!.ranges).toEqual([["12:00", "22:00"]]);
    expect(week.timeOff).toEqual([{ startsAt: at("2030-03-15T10:00"), endsAt: at("2030-03-16T10:00") }]);
    expect(week.closures).toHaveLength(1);
  });

  it("a visit belongs to the store-local day it starts on, at both ends of the week", async () => {
    const week = await loadAdvisorWeek(db, manager, { storeId: store.id, advisorId: advisor.id, date: "2030-03-17" });

    expect(week.appointments.map((a) => [a.id, a.day])).toEqual([
      [ids.mondayEarly, "2030-03-11"],
      [ids.wednesday, "2030-03-13"],
      [ids.sundayLate, "2030-03-17"],
    ]);
    // The grid reaches from 00:15 to midnight so that both ends show.
    expect([week.gridStart, week.gridEnd]).toEqual(["00:15", "24:00"]);
  });

  it("shows cancelled visits only when asked, and never a colleague's", async () => {
    const week = await loadAdvisorWeek(db, manager, {
      storeId: store.id,
      advisorId: advisor.id,
      date: MONDAY,
      includeCancelled: true,
    });

    expect(week.appointments.map((a) => a.id)).toContain(ids.cancelled);
    expect(week.appointments.map((a) => a.id)).not.toContain(ids.colleague);
    expect(week.appointments.every((a) => a.memberMaskedName === "王*明")).toBe(true);
  });

  it("someone who is not an advisor of the store, or a store out of scope, is not found", async () => {
    await expect(
      loadAdvisorWeek(db, manager, { storeId: store.id, advisorId: stranger.id, date: MONDAY }),
    ).rejects.toMatchObject({ code: "not_found" });
    await expect(
      loadAdvisorWeek(db, stranger, { storeId: store.id, advisorId: advisor.id, date: MONDAY }),
    ).rejects.toMatchObject({ code: "not_found" });
    await expect(
      loadAdvisorWeek(db, manager, { storeId: store.id, advisorId: "\u0000", date: MONDAY }),
    ).rejects.toMatchObject({ code: "not_found" });
  });

  it("an advisor of the store without hours there still has a week, all of it outside hours", async () => {
    const week = await loadAdvisorWeek(db, colleague, {
      storeId: store.id,
      advisorId: colleague.id,
      date: "2030-03-13",
    });

    expect(week.days.every((d) => d.ranges.length === 0)).toBe(true);
    expect(week.appointments.map((a) => a.id)).toEqual([ids.colleague]);
  });
});

describe("appointment list", () => {
  let storeA: TestStore;
  let storeB: TestStore;
  let managerA: TestPrincipal;
  let admin: TestPrincipal;
  let amy: TestPrincipal;
  let zoe: TestPrincipal;
  let typeX: string;
  let typeY: string;
  const ids: Record<string, string> = {};

  const params = (query: Record<string, string | string[] | number> = {}) =>
    appointmentListParamsSchema.parse({ pageSize: 100, ...query });

  beforeAll(async () => {
    storeA = await createTestStore(db);
    storeB = await createTestStore(db);
    managerA = await createPrincipal(db, ["manager"], [storeA.id]);
    admin = await createPrincipal(db, ["admin"], [], { allStores: true });
    amy = await createPrincipal(db, ["advisor"], [storeA.id]);
    zoe = await createPrincipal(db, ["advisor"], [storeA.id, storeB.id]);
    await db.update(staff).set({ displayName: "Amy Advisor" }).where(eq(staff.id, amy.id));
    await db.update(staff).set({ displayName: "Zoe Advisor" }).where(eq(staff.id, zoe.id));
    typeX = (await createType({ nameZh: "试戴", nameEn: "Fitting" })).id;
    typeY = (await createType({ nameZh: "定制", nameEn: "Custom design" })).id;
    const member = await insertMember(db, { storeId: storeA.id, name: "赵六" });
    const memberB = await insertMember(db, { storeId: storeB.id, name: "钱七" });

    ids.a1 = await visit({
      store: storeA,
      advisor: amy,
      memberId: member.id,
      typeId: typeX,
      from: "2030-04-01T10:00",
      to: "2030-04-01T11:00",
    });
    ids.a2 = await visit({
      store: storeA,
      advisor: zoe,
      memberId: member.id,
      typeId: typeY,
      from: "2030-04-01T23:30",
      to: "2030-04-02T00:00",
      status: "requested",
    });
    ids.a3 = await visit({
      store: storeA,
      advisor: amy,
      memberId: member.id,
      typeId: typeY,
      from: "2030-04-03T15:00",
      to: "2030-04-03T16:00",
      status: "completed",
    });
    ids.a4 = await visit({
      store: storeA,
      advisor: amy,
      memberId: member.id,
      typeId: typeX,
      from: "2030-04-03T15:00",
      to: "2030-04-03T16:00",
      status: "cancelled",
    });
    ids.b1 = await visit({
      store: storeB,
      advisor: zoe,
      memberId: memberB.id,
      typeId: typeX,
      from: "2030-04-02T10:00",
      to: "2030-04-02T11:00",
    });
  });

  /** a3 and a4 start together: the id decides (ascending, whatever the direction of the sort). */
  const sameStart = () => [ids.a3!, ids.a4!].sort();
  /** Only this block's visits (the database is shared with the other blocks). */
  const own = (rows: { id: string }[]) => rows.map((r) => r.id).filter((id) => Object.values(ids).includes(id));

  it("a store manager sees only their store's visits; head office sees every store", async () => {
    const mine = await listAppointments(db, managerA, params({ sort: "startsAt", dir: "asc" }));
    expect(mine.rows.map((r) => r.id)).toEqual([ids.a1, ids.a2, ...sameStart()]);
    expect(mine.total).toBe(4);

    // Asking for the other store by its id finds nothing rather than leaking it.
    expect(await listAppointments(db, managerA, params({ store: storeB.id }))).toEqual({ rows: [], total: 0 });

    const all = await listAppointments(db, admin, params({ sort: "startsAt", dir: "asc" }));
    expect(own(all.rows)).toEqual([ids.a1, ids.a2, ids.b1, ...sameStart()]);
  });

  it("rows carry the store, the store-local day, masked names and the type's names", async () => {
    const { rows } = await listAppointments(db, admin, params({ store: storeA.id, sort: "startsAt", dir: "asc" }));

    expect(rows[1]).toMatchObject({
      id: ids.a2,
      storeId: storeA.id,
      storeCode: storeA.code,
      timeZone: "Asia/Shanghai",
      day: "2030-04-01",
      status: "requested",
      advisorId: zoe.id,
      memberMaskedName: "赵*",
      typeNameZh: "定制",
      typeNameEn: "Custom design",
    });
    expect(JSON.stringify(rows)).not.toContain("赵六");
  });

  it("filters by store, advisor, type and several statuses", async () => {
    const list = async (query: Record<string, string | string[]>) =>
      own((await listAppointments(db, admin, params({ sort: "startsAt", dir: "asc", ...query }))).rows);

    expect(await list({ store: storeB.id })).toEqual([ids.b1]);
    expect(await list({ advisor: zoe.id })).toEqual([ids.a2, ids.b1]);
    expect(await list({ advisor: zoe.id, store: storeA.id })).toEqual([ids.a2]);
    expect(await list({ type: typeY })).toEqual([ids.a2, ids.a3]);
    expect(await list({ status: "requested,completed" })).toEqual([ids.a2, ids.a3]);
    expect(await list({ status: ["cancelled", "confirmed"], store: storeA.id })).toEqual([ids.a1, ids.a4]);
  });

  it("date bounds are whole store-local days: 23:30 local on the 1st is on the 1st, not the 2nd", async () => {
    const list = async (query: Record<string, string>) =>
      own((await listAppointments(db, managerA, params({ sort: "startsAt", dir: "asc", ...query }))).rows);

    expect(await list({ from: "2030-04-01", to: "2030-04-01" })).toEqual([ids.a1, ids.a2]);
    expect(await list({ from: "2030-04-02", to: "2030-04-02" })).toEqual([]);
    expect(await list({ from: "2030-04-02" })).toEqual(sameStart());
    expect(await list({ to: "2030-04-02" })).toEqual([ids.a1, ids.a2]);
    expect(await list({ from: "2030-04-03", to: "2030-04-01" })).toEqual([]);
  });

  it("each visit is read in its own store's time zone", async () => {
    const shanghai = await createTestStore(db, { timeZone: "Asia/Shanghai" });
    const newYork = await createTestStore(db, { timeZone: "America/New_York" });
    const viewer = await createPrincipal(db, ["manager"], [shanghai.id, newYork.id]);
    const advisor = await createPrincipal(db, ["advisor"], [shanghai.id, newYork.id]);
    const member = await insertMember(db, { storeId: shanghai.id });
    const insert = async (storeId: string, startsAt: string) => {
      const [row] = await db
        .insert(appointments)
        .values({
          storeId,
          memberId: member.id,
          typeId: typeX,
          advisorId: advisor.id,
          startsAt: new Date(startsAt),
          endsAt: new Date(new Date(startsAt).getTime() + 30 * 60_000),
          blockedUntil: new Date(new Date(startsAt).getTime() + 30 * 60_000),
        })
        .returning({ id: appointments.id });
      return row!.id;
    };
    // 1 April 00:30 in Shanghai, still 31 March in UTC.
    const shanghaiEarly = await insert(shanghai.id, "2030-03-31T16:30:00Z");
    // 1 April 21:00 in New York (EDT), already 2 April in UTC and in Shanghai.
    const newYorkLate = await insert(newYork.id, "2030-04-02T01:00:00Z");
    // 2 April 07:00 in Shanghai, still 1 April in UTC.
    const shanghaiNextMorning = await insert(shanghai.id, "2030-04-01T23:00:00Z");

    const { rows } = await listAppointments(
      db,
      viewer,
      params({ from: "2030-04-01", to: "2030-04-01", sort: "startsAt", dir: "asc" }),
    );

    expect(rows.map((r) => [r.id, r.day])).toEqual([
      [shanghaiEarly, "2030-04-01"],
      [newYorkLate, "2030-04-01"],
    ]);
    const next = await listAppointments(db, viewer, params({ from: "2030-04-02", to: "2030-04-02" }));
    expect(next.rows.map((r) => r.id)).toEqual([shanghaiNextMorning]);
  });

  it("sorts by start, status or advisor either way; the id breaks ties", async () => {
    const sorted = async (sort: string, dir: string) =>
      (await listAppointments(db, managerA, params({ sort, dir }))).rows.map((r) => r.id);

    expect(await sorted("startsAt", "desc")).toEqual([...sameStart(), ids.a2, ids.a1]);
    // requested < confirmed < completed < cancelled: the enum's lifecycle order
    expect(await sorted("status", "asc")).toEqual([ids.a2, ids.a1, ids.a3, ids.a4]);
    expect(await sorted("status", "desc")).toEqual([ids.a4, ids.a3, ids.a1, ids.a2]);
    // Amy's three, then Zoe's one (or the reverse); each advisor's visits by start
    expect(await sorted("advisor", "asc")).toEqual([ids.a1, ...sameStart(), ids.a2]);
    expect(await sorted("advisor", "desc")).toEqual([ids.a2, ids.a1, ...sameStart()]);
  });

  it("pages split the rows with nothing lost or repeated", async () => {
    const all = await listAppointments(db, managerA, params({ sort: "startsAt", dir: "asc" }));
    const page = (n: number) =>
      listAppointments(db, managerA, { ...params({ sort: "startsAt", dir: "asc" }), pageSize: 3, page: n });
    const [one, two] = [await page(1), await page(2)];

    expect(one.rows).toHaveLength(3);
    expect([...one.rows, ...two.rows].map((r) => r.id)).toEqual(all.rows.map((r) => r.id));
    expect([one.total, two.total]).toEqual([4, 4]);
  });
});

describe("hostile URL parameters", () => {
  const hostile = {
    store: "\u0000",
    advisor: "x".repeat(100_000),
    type: ["a", "b"],
    date: "0001-01-01",
    from: "9999-12-31",
    to: "2024-02-30",
    status: ["\u0000", "confirmed", "x".repeat(100_000), "requested,no_show"],
    sort: "starts_at; drop table appointments",
    dir: "sideways",
    page: "-1",
    pageSize: "1e9",
    cancelled: ["1", "1"],
  };

  it("parse to their defaults without throwing", () => {
    expect(storeDayParamsSchema.parse(hostile)).toEqual({ store: undefined, date: undefined, cancelled: false });
    expect(advisorWeekParamsSchema.parse(hostile)).toEqual({
      store: undefined,
      advisor: undefined,
      date: undefined,
      cancelled: false,
    });
    expect(appointmentListParamsSchema.parse(hostile)).toEqual({
      store: undefined,
      advisor: undefined,
      type: undefined,
      status: ["requested", "confirmed", "no_show"],
      from: undefined,
      to: undefined,
      sort: "startsAt",
      dir: "desc",
      page: 1,
      pageSize: 25,
    });
    expect(appointmentListParamsSchema.parse({ status: "x".repeat(100_000) }).status).toEqual([]);
    expect(appointmentListParamsSchema.parse({ from: "1999-12-31", to: "2101-01-01" })).toMatchObject({
      from: undefined,
      to: undefined,
    });
    expect(storeDayParamsSchema.parse({ date: "2030-03-11", cancelled: "1" })).toMatchObject({
      date: "2030-03-11",
      cancelled: true,
    });
    expect(appointmentListParamsSchema.parse({}).page).toBe(1);
    expect(appointmentListParamsSchema.parse({ page: "100000" }).page).toBe(1);
  });

  it("the queries run on what they parse to", async () => {
    const store = await createTestStore(db);
    const manager = await createPrincipal(db, ["manager"], [store.id]);

    const list = await listAppointments(db, manager, appointmentListParamsSchema.parse(hostile));
    expect(list).toEqual({ rows: [], total: 0 });
    const day = storeDayParamsSchema.parse(hostile);
    const loaded = await loadStoreDay(db, manager, { storeId: store.id, date: day.date });
    expect(loaded.date).toBe(todayIn("Asia/Shanghai"));
  });
});
