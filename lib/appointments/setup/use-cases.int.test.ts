import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { advisorHours, advisorTimeOff, appointmentTypes, rooms, storeClosures } from "@/db/schema";
import { hasPermission, ROLES } from "@/lib/auth/policy";
import type { StaffAccount } from "@/lib/staff/principal";
import { expectAppError } from "@/tests/helpers/errors";
import { createTestAccount, runAs } from "@/tests/helpers/run-as";
import {
  auditEntries,
  createTestStore,
  setupTestDatabase,
  uniqueSuffix,
  type TestStore,
} from "@/tests/helpers/test-db";
import { closureListParamsSchema, listClosuresBetween, listStoreClosures } from "./closures";
import {
  getStoreAdvisor,
  listActiveAppointmentTypes,
  listRooms,
  listStoreAdvisors,
  roomListParamsSchema,
} from "./queries";
import { emptyWeek, type CreateAppointmentTypeInput } from "./schemas";
import { listStoreTimeOff, timeOffListParamsSchema } from "./time-off";
import {
  activateAppointmentTypeUseCase,
  addClosureUseCase,
  addTimeOffUseCase,
  createAppointmentTypeUseCase,
  createRoomUseCase,
  deactivateAppointmentTypeUseCase,
  deactivateRoomUseCase,
  deleteClosureUseCase,
  deleteTimeOffUseCase,
  renameRoomUseCase,
  setAdvisorHoursUseCase,
  updateAppointmentTypeUseCase,
} from "./use-cases";

let db: Db;
let storeA: TestStore;
let storeB: TestStore;
let admin: StaffAccount;
/** Head-office staff: a manager who sees every store. */
let headOffice: StaffAccount;
/** A manager of store A only. */
let managerA: StaffAccount;
let advisorA: StaffAccount;
let advisorB: StaffAccount;

setupTestDatabase(async (opened) => {
  db = opened;
  storeA = await createTestStore(db);
  storeB = await createTestStore(db);
  admin = await createTestAccount(db, ["admin"], [], { allStores: true });
  headOffice = await createTestAccount(db, ["manager"], [], { allStores: true });
  managerA = await createTestAccount(db, ["manager"], [storeA.id]);
  advisorA = await createTestAccount(db, ["advisor"], [storeA.id], { displayName: "顾问 甲" });
  advisorB = await createTestAccount(db, ["advisor"], [storeB.id], { displayName: "顾问 乙" });
});

const code = () => `t_${uniqueSuffix(8)}`;

function typeInput(overrides: Partial<CreateAppointmentTypeInput> = {}): CreateAppointmentTypeInput {
  return {
    code: code(),
    nameZh: "珠宝品鉴",
    nameEn: "Jewelry viewing",
    durationMin: 60,
    bufferMin: 15,
    noticeMin: 60,
    minTier: "gold",
    needsRoom: true,
    dailyCap: 4,
    sortOrder: 20,
    ...overrides,
  };
}

/** The editable part of a type (everything but the code). */
function typeDetails(overrides: Partial<CreateAppointmentTypeInput> = {}) {
  const input: Partial<CreateAppointmentTypeInput> = typeInput(overrides);
  delete input.code;
  return input;
}

const typeCount = async () => (await db.select({ n: count() }).from(appointmentTypes))[0]!.n;

const week = (ranges: { open: string; close: string }[]) => ({
  ...emptyWeek(),
  mon: ranges,
  tue: ranges,
  wed: ranges,
});

describe("appointment types", () => {
  it("an admin creates a type, audited; the code is stored lower-case and a second one with it is refused on the field", async () => {
    const input = typeInput({ code: ` VIP_${uniqueSuffix(6).toUpperCase()} ` });
    const { id } = await runAs(db, createAppointmentTypeUseCase, admin, input, { ip: "10.1.2.3" });
    const [row] = await db.select().from(appointmentTypes).where(eq(appointmentTypes.id, id));
    expect(row).toMatchObject({
      code: input.code.trim().toLowerCase(),
      nameZh: "珠宝品鉴",
      durationMin: 60,
      bufferMin: 15,
      noticeMin: 60,
      minTier: "gold",
      needsRoom: true,
      dailyCap: 4,
      active: true,
      sortOrder: 20,
    });
    const [audit] = await auditEntries(db, { action: "appointment_type.create", entityId: id });
    expect(audit).toMatchObject({ actorStaffId: admin.id, ip: "10.1.2.3", entityType: "appointment_type" });

    const error = await expectAppError(runAs(db, createAppointmentTypeUseCase, admin, input), "conflict");
    expect(error.fieldErrors).toEqual({ code: ["codeTaken"] });
  });

  it("refuses a bad code, a duration off the 15-minute grid and an unknown tier on their fields, writing nothing", async () => {
    const before = await typeCount();
    for (const [bad, field, message] of [
      [{ code: "vip-styling" }, "code", "codeFormat"],
      [{ code: "9lives" }, "code", "codeFormat"],
      [{ code: "珠宝" }, "code", "codeFormat"],
      [{ durationMin: 50 }, "durationMin", "durationStep"],
      [{ durationMin: 495 }, "durationMin", "durationRange"],
      [{ bufferMin: 121 }, "bufferMin", "bufferRange"],
      [{ noticeMin: 30 * 24 * 60 + 1 }, "noticeMin", "noticeRange"],
      [{ dailyCap: 0 }, "dailyCap", "dailyCapRange"],
      [{ minTier: "platinum" }, "minTier", "tierUnknown"],
    ] as const) {
      const error = await expectAppError(
        runAs(db, createAppointmentTypeUseCase, admin, typeInput(bad as Partial<CreateAppointmentTypeInput>)),
        "validation",
      );
      expect(error.fieldErrors, JSON.stringify(bad)).toEqual({ [field]: [message] });
    }
    expect(await typeCount()).toBe(before);
    expect(await auditEntries(db, { action: "appointment_type.create", actorStaffId: admin.id })).toHaveLength(1);
  });

  it("an edit changes the details (not the code), audits each change, and refuses an unknown tier without writing", async () => {
    const { id } = await runAs(
      db,
      createAppointmentTypeUseCase,
      headOffice,
      typeInput({ minTier: null, dailyCap: null }),
    );
    const details = typeDetails({ minTier: null, dailyCap: null });
    const result = await runAs(db, updateAppointmentTypeUseCase, admin, {
      ...details,
      id,
      durationMin: 90,
      minTier: "diamond",
    });
    expect(result).toEqual({ id, changed: true });
    const [audit] = await auditEntries(db, { action: "appointment_type.update", entityId: id });
    expect(audit!.details).toMatchObject({
      changes: { durationMin: { from: 60, to: 90 }, minTier: { from: null, to: "diamond" } },
    });

    const error = await expectAppError(
      runAs(db, updateAppointmentTypeUseCase, admin, { ...details, id, durationMin: 90, minTier: "ruby" }),
      "validation",
    );
    expect(error.fieldErrors).toEqual({ minTier: ["tierUnknown"] });
    const [row] = await db.select().from(appointmentTypes).where(eq(appointmentTypes.id, id));
    expect(row).toMatchObject({ durationMin: 90, minTier: "diamond" });
    await expectAppError(
      runAs(db, updateAppointmentTypeUseCase, admin, { ...details, id: crypto.randomUUID() }),
      "not_found",
    );
  });

  it("deactivate and activate flip the flag once, audited; an inactive type is not offered for booking", async () => {
    const { id } = await runAs(db, createAppointmentTypeUseCase, admin, typeInput());
    expect(await runAs(db, deactivateAppointmentTypeUseCase, admin, { id })).toEqual({ changed: true });
    expect(await runAs(db, deactivateAppointmentTypeUseCase, admin, { id })).toEqual({ changed: false });
    expect((await listActiveAppointmentTypes(db)).some((type) => type.id === id)).toBe(false);
    expect(await runAs(db, activateAppointmentTypeUseCase, admin, { id })).toEqual({ changed: true });
    expect((await listActiveAppointmentTypes(db)).some((type) => type.id === id)).toBe(true);
    expect(await auditEntries(db, { action: "appointment_type.deactivate", entityId: id })).toHaveLength(1);
    expect(await auditEntries(db, { action: "appointment_type.activate", entityId: id })).toHaveLength(1);
  });

  it("only staff who see every store manage types: a store manager and an advisor are refused, nothing written", async () => {
    const { id } = await runAs(db, createAppointmentTypeUseCase, admin, typeInput());
    const before = await typeCount();
    for (const person of [managerA, advisorA]) {
      await expectAppError(runAs(db, createAppointmentTypeUseCase, person, typeInput()), "forbidden");
      await expectAppError(runAs(db, deactivateAppointmentTypeUseCase, person, { id }), "forbidden");
      await expectAppError(runAs(db, updateAppointmentTypeUseCase, person, { ...typeDetails(), id }), "forbidden");
    }
    expect(await typeCount()).toBe(before);
    expect((await db.select().from(appointmentTypes).where(eq(appointmentTypes.id, id)))[0]!.active).toBe(true);
  });

  it("appointments.setup belongs to admins and managers only", () => {
    expect(ROLES.filter((role) => hasPermission({ roles: [role] }, "appointments.setup"))).toEqual([
      "admin",
      "manager",
    ]);
  });
});

describe("rooms", () => {
  it("a manager creates, renames and deactivates a room of their store, audited with the store", async () => {
    const { id } = await runAs(db, createRoomUseCase, managerA, { storeId: storeA.id, name: "VIP 室 1", nameEn: "" });
    await runAs(db, renameRoomUseCase, managerA, { id, name: "VIP 室 一", nameEn: "VIP room 1" });
    await runAs(db, deactivateRoomUseCase, managerA, { id });
    const [row] = await db.select().from(rooms).where(eq(rooms.id, id));
    expect(row).toMatchObject({ storeId: storeA.id, name: "VIP 室 一", nameEn: "VIP room 1", active: false });
    for (const action of ["room.create", "room.update", "room.deactivate"]) {
      const [audit] = await auditEntries(db, { action, entityId: id });
      expect(audit, action).toMatchObject({ actorStaffId: managerA.id, storeId: storeA.id });
    }
  });

  it("the same name twice in a store is refused on the name field; another store may use it", async () => {
    const name = `品鉴室 ${uniqueSuffix(4)}`;
    await runAs(db, createRoomUseCase, admin, { storeId: storeA.id, name, nameEn: "" });
    const error = await expectAppError(
      runAs(db, createRoomUseCase, admin, { storeId: storeA.id, name, nameEn: "" }),
      "conflict",
    );
    expect(error.fieldErrors).toEqual({ name: ["roomNameTaken"] });
    await runAs(db, createRoomUseCase, admin, { storeId: storeB.id, name, nameEn: "" });
  });

  it("another store's rooms are not found for a manager, in the list and for every write", async () => {
    const { id } = await runAs(db, createRoomUseCase, admin, { storeId: storeB.id, name: "B 室", nameEn: "" });
    await expectAppError(
      runAs(db, createRoomUseCase, managerA, { storeId: storeB.id, name: "偷建", nameEn: "" }),
      "not_found",
    );
    await expectAppError(runAs(db, renameRoomUseCase, managerA, { id, name: "改名", nameEn: "" }), "not_found");
    await expectAppError(runAs(db, deactivateRoomUseCase, managerA, { id }), "not_found");
    await expectAppError(runAs(db, deactivateRoomUseCase, managerA, { id: crypto.randomUUID() }), "not_found");
    const [row] = await db.select().from(rooms).where(eq(rooms.id, id));
    expect(row).toMatchObject({ name: "B 室", active: true });

    const scopeA = { kind: "stores", storeIds: [storeA.id] } as const;
    const listed = await listRooms(db, scopeA, roomListParamsSchema.parse({ pageSize: "100" }));
    expect(listed.rows.every((room) => room.storeId === storeA.id)).toBe(true);
    expect((await listRooms(db, scopeA, roomListParamsSchema.parse({ store: storeB.id }))).total).toBe(0);
  });

  it("an advisor (no appointments.setup) is refused", async () => {
    await expectAppError(
      runAs(db, createRoomUseCase, advisorA, { storeId: storeA.id, name: "顾问建的", nameEn: "" }),
      "forbidden",
    );
  });
});

describe("advisor working hours", () => {
  it("a manager sets an advisor's split shifts, then replaces them; each change is audited, an unchanged save is not", async () => {
    const hours = week([
      { open: "15:00", close: "21:00" },
      { open: "10:00", close: "14:00" },
    ]);
    expect(
      await runAs(db, setAdvisorHoursUseCase, managerA, { storeId: storeA.id, staffId: advisorA.id, hours }),
    ).toEqual({ changed: true });
    const advisor = await getStoreAdvisor(db, { kind: "all" }, storeA.id, advisorA.id);
    // Stored in order.
    expect(advisor!.hours!.mon).toEqual([
      { open: "10:00", close: "14:00" },
      { open: "15:00", close: "21:00" },
    ]);
    expect(advisor!.hours!.sun).toEqual([]);
    expect(
      await runAs(db, setAdvisorHoursUseCase, managerA, { storeId: storeA.id, staffId: advisorA.id, hours }),
    ).toEqual({ changed: false });

    const later = week([{ open: "12:00", close: "21:00" }]);
    await runAs(db, setAdvisorHoursUseCase, managerA, { storeId: storeA.id, staffId: advisorA.id, hours: later });
    const rows = await db.select().from(advisorHours).where(eq(advisorHours.staffId, advisorA.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.hours.mon).toEqual([{ open: "12:00", close: "21:00" }]);
    expect(rows[0]!.updatedBy).toBe(managerA.id);
    const audits = await auditEntries(db, { action: "advisor_hours.update", entityId: advisorA.id });
    expect(audits).toHaveLength(2);
    expect(audits[1]!.details).toMatchObject({
      from: { mon: "10:00-14:00,15:00-21:00" },
      to: { mon: "12:00-21:00", sun: "" },
    });

    const listed = await listStoreAdvisors(db, { kind: "stores", storeIds: [storeA.id] }, storeA.id);
    expect(listed.find((a) => a.id === advisorA.id)?.hours?.tue).toEqual([{ open: "12:00", close: "21:00" }]);
    expect(listed.some((a) => a.id === advisorB.id)).toBe(false);
  });

  it("refuses overlapping ranges, close before open and times off the quarter hour, naming the day", async () => {
    for (const [mon, path, message] of [
      [
        [
          { open: "10:00", close: "15:00" },
          { open: "14:00", close: "21:00" },
        ],
        "hours.mon",
        "rangesOverlap",
      ],
      [[{ open: "18:00", close: "10:00" }], "hours.mon.0.close", "closeAfterOpen"],
      [[{ open: "10:10", close: "18:00" }], "hours.mon.0.open", "quarterHour"],
      [[{ open: "9:00", close: "18:00" }], "hours.mon.0.open", "timeFormat"],
    ] as const) {
      const error = await expectAppError(
        runAs(db, setAdvisorHoursUseCase, managerA, {
          storeId: storeA.id,
          staffId: advisorA.id,
          hours: { ...emptyWeek(), mon },
        }),
        "validation",
      );
      expect(Object.keys(error.fieldErrors ?? {}), path).toEqual(["hours"]);
      expect(error.fieldErrors!.hours, path).toEqual([message]);
    }
  });

  it("a manager cannot set hours at another store, nor for someone who is not an advisor of the store (not found)", async () => {
    const hours = week([{ open: "10:00", close: "18:00" }]);
    await expectAppError(
      runAs(db, setAdvisorHoursUseCase, managerA, { storeId: storeB.id, staffId: advisorB.id, hours }),
      "not_found",
    );
    await expectAppError(
      runAs(db, setAdvisorHoursUseCase, managerA, { storeId: storeA.id, staffId: advisorB.id, hours }),
      "not_found",
    );
    await expectAppError(
      runAs(db, setAdvisorHoursUseCase, managerA, { storeId: storeA.id, staffId: managerA.id, hours }),
      "not_found",
    );
    await expectAppError(
      runAs(db, setAdvisorHoursUseCase, advisorA, { storeId: storeA.id, staffId: advisorA.id, hours }),
      "forbidden",
    );
    expect(await db.select().from(advisorHours).where(eq(advisorHours.staffId, advisorB.id))).toHaveLength(0);
  });
});

describe("time off", () => {
  it("is entered in store-local time and stored as instants, audited without the reason", async () => {
    const { id } = await runAs(db, addTimeOffUseCase, managerA, {
      storeId: storeA.id,
      staffId: advisorA.id,
      startsAt: "2031-05-06T09:30",
      endsAt: "2031-05-08T18:00",
      reason: "年假",
    });
    const [row] = await db.select().from(advisorTimeOff).where(eq(advisorTimeOff.id, id));
    expect(row!.startsAt.toISOString()).toBe("2031-05-06T01:30:00.000Z");
    expect(row!.endsAt.toISOString()).toBe("2031-05-08T10:00:00.000Z");
    expect(row).toMatchObject({ staffId: advisorA.id, reason: "年假", createdBy: managerA.id });
    const [audit] = await auditEntries(db, { action: "advisor_time_off.add", entityId: advisorA.id });
    expect(audit).toMatchObject({ storeId: storeA.id });
    expect(JSON.stringify(audit!.details)).not.toContain("年假");

    const upcoming = await listStoreTimeOff(
      db,
      { kind: "stores", storeIds: [storeA.id] },
      storeA.id,
      timeOffListParamsSchema.parse({}),
      new Date("2031-01-01T00:00:00Z"),
    );
    expect(upcoming.rows.map((r) => r.id)).toContain(id);
    const past = await listStoreTimeOff(
      db,
      { kind: "stores", storeIds: [storeA.id] },
      storeA.id,
      timeOffListParamsSchema.parse({ when: "past" }),
      new Date("2031-01-01T00:00:00Z"),
    );
    expect(past.rows.map((r) => r.id)).not.toContain(id);
  });

  it("refuses an end before the start, or more than 90 days, on the end field, writing nothing", async () => {
    const before = (await db.select({ n: count() }).from(advisorTimeOff))[0]!.n;
    for (const [startsAt, endsAt, message] of [
      ["2031-06-02T10:00", "2031-06-01T10:00", "endAfterStart"],
      ["2031-06-02T10:00", "2031-06-02T10:00", "endAfterStart"],
      ["2031-06-01T10:00", "2031-08-30T10:01", "timeOffTooLong"],
    ] as const) {
      const error = await expectAppError(
        runAs(db, addTimeOffUseCase, managerA, {
          storeId: storeA.id,
          staffId: advisorA.id,
          startsAt,
          endsAt,
          reason: "",
        }),
        "validation",
      );
      expect(error.fieldErrors).toEqual({ endsAt: [message] });
    }
    expect((await db.select({ n: count() }).from(advisorTimeOff))[0]!.n).toBe(before);
  });

  it("a manager cannot add or delete time off of another store's advisor (not found); delete is audited", async () => {
    const input = {
      storeId: storeB.id,
      staffId: advisorB.id,
      startsAt: "2031-07-01T10:00",
      endsAt: "2031-07-01T14:00",
      reason: "",
    };
    await expectAppError(runAs(db, addTimeOffUseCase, managerA, input), "not_found");
    await expectAppError(runAs(db, addTimeOffUseCase, managerA, { ...input, storeId: storeA.id }), "not_found");
    const { id } = await runAs(db, addTimeOffUseCase, admin, input);
    await expectAppError(runAs(db, deleteTimeOffUseCase, managerA, { storeId: storeB.id, id }), "not_found");
    // Naming their own store does not reach another store's advisor either.
    await expectAppError(runAs(db, deleteTimeOffUseCase, managerA, { storeId: storeA.id, id }), "not_found");
    await expectAppError(runAs(db, deleteTimeOffUseCase, advisorB, { storeId: storeB.id, id }), "forbidden");
    expect(await db.select().from(advisorTimeOff).where(eq(advisorTimeOff.id, id))).toHaveLength(1);

    await runAs(db, deleteTimeOffUseCase, admin, { storeId: storeB.id, id });
    expect(await db.select().from(advisorTimeOff).where(eq(advisorTimeOff.id, id))).toHaveLength(0);
    const [audit] = await auditEntries(db, { action: "advisor_time_off.delete", entityId: advisorB.id });
    expect(audit).toMatchObject({ actorStaffId: admin.id, storeId: storeB.id });
  });
});

describe("store closures", () => {
  it("a whole local day is stored as the store-local day's bounds (Asia/Shanghai midnight to midnight)", async () => {
    const { id } = await runAs(db, addClosureUseCase, managerA, {
      storeId: storeA.id,
      kind: "day",
      day: "2031-10-01",
      lastDay: "",
      startsAt: "",
      endsAt: "",
      reason: "国庆节闭店",
    });
    const [row] = await db.select().from(storeClosures).where(eq(storeClosures.id, id));
    expect(row!.startsAt.toISOString()).toBe("2031-09-30T16:00:00.000Z");
    expect(row!.endsAt.toISOString()).toBe("2031-10-01T16:00:00.000Z");
    expect(row).toMatchObject({ storeId: storeA.id, reason: "国庆节闭店", createdBy: managerA.id });
    const [audit] = await auditEntries(db, { action: "store_closure.add", entityId: id });
    expect(audit).toMatchObject({ actorStaffId: managerA.id, storeId: storeA.id });

    const days = await runAs(db, addClosureUseCase, managerA, {
      storeId: storeA.id,
      kind: "day",
      day: "2032-02-11",
      lastDay: "2032-02-13",
      startsAt: "",
      endsAt: "",
      reason: "春节",
    });
    const [span] = await db.select().from(storeClosures).where(eq(storeClosures.id, days.id));
    expect([span!.startsAt.toISOString(), span!.endsAt.toISOString()]).toEqual([
      "2032-02-10T16:00:00.000Z",
      "2032-02-13T16:00:00.000Z",
    ]);
  });

  it("a time range is converted with the store's time zone; an end before the start is refused", async () => {
    const tokyo = await createTestStore(db, { timeZone: "Asia/Tokyo" });
    const { id } = await runAs(db, addClosureUseCase, admin, {
      storeId: tokyo.id,
      kind: "range",
      day: "",
      lastDay: "",
      startsAt: "2031-03-03T14:00",
      endsAt: "2031-03-03T18:30",
      reason: "盘点",
    });
    const [row] = await db.select().from(storeClosures).where(eq(storeClosures.id, id));
    expect([row!.startsAt.toISOString(), row!.endsAt.toISOString()]).toEqual([
      "2031-03-03T05:00:00.000Z",
      "2031-03-03T09:30:00.000Z",
    ]);
    const overlapping = await listClosuresBetween(
      db,
      tokyo.id,
      new Date("2031-03-03T00:00:00Z"),
      new Date("2031-03-04T00:00:00Z"),
    );
    expect(overlapping.map((c) => c.id)).toEqual([id]);

    const error = await expectAppError(
      runAs(db, addClosureUseCase, admin, {
        storeId: tokyo.id,
        kind: "range",
        day: "",
        lastDay: "",
        startsAt: "2031-03-03T18:00",
        endsAt: "2031-03-03T14:00",
        reason: "",
      }),
      "validation",
    );
    expect(error.fieldErrors).toEqual({ endsAt: ["endAfterStart"] });
  });

  it("a manager cannot add, list or delete another store's closures (not found); delete is audited", async () => {
    const input = {
      storeId: storeB.id,
      kind: "day",
      day: "2031-12-25",
      lastDay: "",
      startsAt: "",
      endsAt: "",
      reason: "",
    };
    await expectAppError(runAs(db, addClosureUseCase, managerA, input), "not_found");
    const { id } = await runAs(db, addClosureUseCase, admin, input);
    await expectAppError(runAs(db, deleteClosureUseCase, managerA, { id }), "not_found");
    await expectAppError(runAs(db, deleteClosureUseCase, advisorB, { id }), "forbidden");
    const listed = await listStoreClosures(
      db,
      { kind: "stores", storeIds: [storeA.id] },
      storeB.id,
      closureListParamsSchema.parse({}),
      new Date("2031-01-01T00:00:00Z"),
    );
    expect(listed).toEqual({ rows: [], total: 0 });

    await runAs(db, deleteClosureUseCase, admin, { id });
    expect(await db.select().from(storeClosures).where(eq(storeClosures.id, id))).toHaveLength(0);
    const [audit] = await auditEntries(db, { action: "store_closure.delete", entityId: id });
    expect(audit).toMatchObject({ actorStaffId: admin.id, storeId: storeB.id });
    await expectAppError(runAs(db, deleteClosureUseCase, admin, { id }), "not_found");
  });
});
