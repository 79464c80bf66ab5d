import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { settings, storeClosures, WEEKDAYS, type BusinessHours } from "@/db/schema";
import { createTestAccount, runAs } from "@/tests/helpers/run-as";
import { createTestStore, setupTestDatabase } from "@/tests/helpers/test-db";
import { dueAt, formatSlaInstant } from "./clock";
import { COMPLAINT_SLA_POLICY, loadSlaCalendar, slaPolicyAt, slaPolicyOverview, slaTargetsFor } from "./policy";
import { saveSlaPolicyUseCase } from "./use-cases";

/**
 * The SLA policy as a versioned setting and the store calendar the clock reads, against a real
 * database. Store P (Europe/Paris): split shifts Monday to Saturday, closed on Sunday; closed on
 * Tuesday 2026-11-24 10:00–16:00, and earlier in November (outside the window asked for).
 */

let db: Db;
let storeId: string;
let otherStoreId: string;

function hours(ranges: Partial<Record<(typeof WEEKDAYS)[number], [string, string][]>>): BusinessHours {
  return Object.fromEntries(
    WEEKDAYS.map((day) => [day, (ranges[day] ?? []).map(([open, close]) => ({ open, close }))]),
  ) as BusinessHours;
}

const SPLIT: [string, string][] = [
  ["10:00", "13:00"],
  ["14:00", "19:00"],
];

setupTestDatabase(async (opened) => {
  db = opened;
  storeId = (
    await createTestStore(db, {
      timeZone: "Europe/Paris",
      businessHours: hours({ mon: SPLIT, tue: SPLIT, wed: SPLIT, thu: SPLIT, fri: SPLIT, sat: SPLIT }),
    })
  ).id;
  otherStoreId = (await createTestStore(db)).id;
  await db.insert(storeClosures).values([
    {
      storeId,
      startsAt: new Date("2026-11-24T10:00:00+01:00"),
      endsAt: new Date("2026-11-24T16:00:00+01:00"),
      reason: "inventory",
    },
    {
      storeId,
      startsAt: new Date("2026-11-02T00:00:00+01:00"),
      endsAt: new Date("2026-11-03T00:00:00+01:00"),
      reason: "earlier",
    },
    {
      storeId: otherStoreId,
      startsAt: new Date("2026-11-23T00:00:00+08:00"),
      endsAt: new Date("2026-11-30T00:00:00+08:00"),
      reason: "other store",
    },
  ]);
});

describe("loadSlaCalendar", () => {
  const from = new Date("2026-11-23T00:00:00+01:00");
  const to = new Date("2026-12-31T00:00:00+01:00");

  it("reads the store's zone, weekly hours as ranges and the closures overlapping the window", async () => {
    const calendar = await loadSlaCalendar(db, storeId, from, to);
    expect(calendar).toEqual({
      timeZone: "Europe/Paris",
      hours: { mon: SPLIT, tue: SPLIT, wed: SPLIT, thu: SPLIT, fri: SPLIT, sat: SPLIT, sun: [] },
      closedDates: [],
      closures: [{ start: "2026-11-24T09:00:00.000Z", end: "2026-11-24T15:00:00.000Z" }],
    });
  });

  it("gives the clock what it needs: the closure and the lunch gap are not counted", async () => {
    const calendar = await loadSlaCalendar(db, storeId, from, to);
    // Monday 18:00: one hour on Monday; Tuesday counts from 16:00 (the closure) to 19:00; 1 h on Wednesday.
    const due = dueAt(calendar, new Date("2026-11-23T18:00:00+01:00"), 300, []);
    expect(formatSlaInstant(due!, calendar.timeZone)).toBe("2026-11-25T11:00:00+01:00");
  });

  it("includes a closure reaching into the window and answers not_found for an unknown store", async () => {
    const calendar = await loadSlaCalendar(db, storeId, new Date("2026-11-02T12:00:00+01:00"), to);
    expect(calendar.closures).toHaveLength(2);
    await expect(loadSlaCalendar(db, "00000000-0000-4000-8000-000000000000", from, to)).rejects.toMatchObject({
      code: "not_found",
    });
  });
});

describe("the SLA policy setting", () => {
  beforeAll(async () => {
    await db.delete(settings).where(eq(settings.key, COMPLAINT_SLA_POLICY.key));
  });

  it("has the default targets until a version is saved", async () => {
    const policy = await slaPolicyAt(db);
    expect(policy).toEqual(COMPLAINT_SLA_POLICY.defaults);
    expect(slaTargetsFor(policy, "medium")).toEqual({ firstResponseMinutes: 240, resolutionMinutes: 1800 });
    expect(slaTargetsFor(policy, "critical")).toEqual({ firstResponseMinutes: 60, resolutionMinutes: 600 });
    expect((await slaPolicyOverview(db)).usingDefaults).toBe(true);
  });

  it("lets an administrator save a version, which then applies; a manager may not", async () => {
    const admin = await createTestAccount(db, ["admin"]);
    const manager = await createTestAccount(db, ["manager"], [storeId]);
    const form = {
      effectiveFrom: "",
      low: { firstResponseMinutes: "480", resolutionMinutes: "2400" },
      medium: { firstResponseMinutes: "240", resolutionMinutes: "1800" },
      high: { firstResponseMinutes: "120", resolutionMinutes: "1200" },
      critical: { firstResponseMinutes: "30", resolutionMinutes: "480" },
    };
    await expect(runAs(db, saveSlaPolicyUseCase, manager, form)).rejects.toMatchObject({ code: "forbidden" });
    await expect(
      runAs(db, saveSlaPolicyUseCase, admin, {
        ...form,
        high: { firstResponseMinutes: "2000", resolutionMinutes: "1200" },
      }),
    ).rejects.toMatchObject({ code: "validation" });

    const saved = await runAs(db, saveSlaPolicyUseCase, admin, form);
    const policy = await slaPolicyAt(db, new Date(saved.effectiveFrom.getTime() + 1000));
    expect(slaTargetsFor(policy, "low")).toEqual({ firstResponseMinutes: 480, resolutionMinutes: 2400 });
    expect(slaTargetsFor(policy, "critical")).toEqual({ firstResponseMinutes: 30, resolutionMinutes: 480 });
    // Before the version took effect, the defaults still applied.
    expect(await slaPolicyAt(db, new Date(saved.effectiveFrom.getTime() - 1000))).toEqual(
      COMPLAINT_SLA_POLICY.defaults,
    );

    const overview = await slaPolicyOverview(db, new Date(saved.effectiveFrom.getTime() + 1000));
    expect(overview.usingDefaults).toBe(false);
    expect(overview.versions).toHaveLength(1);
    expect(overview.versions[0]).toMatchObject({ status: "in_force", policy, setBy: { id: admin.id } });
  });
});
