import { describe, expect, it } from "vitest";
import {
  addClosureSchema,
  addTimeOffSchema,
  createAppointmentTypeSchema,
  emptyWeek,
  workingHoursSchema,
  type CreateAppointmentTypeInput,
} from "./schemas";

const uuid = "6f1c7c3e-3c1a-4a51-9d7e-2b7f4f5a9c01";

/** The issues of a failed parse as "path: message" strings. */
function issuesOf(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  expect(result.success).toBe(false);
  return result.error!.issues.map((i) => `${i.path.map(String).join(".")}: ${i.message}`);
}

describe("appointment type", () => {
  const good: CreateAppointmentTypeInput = {
    code: "vip_styling",
    nameZh: "VIP 造型服务",
    nameEn: "VIP styling session",
    durationMin: 90,
    bufferMin: 15,
    noticeMin: 120,
    minTier: "gold",
    needsRoom: true,
    dailyCap: 3,
    sortOrder: 10,
  };

  it("accepts a type; an empty tier means every member, an upper-case code is lowered", () => {
    expect(createAppointmentTypeSchema.parse({ ...good, code: " VIP_Styling ", minTier: "" })).toMatchObject({
      code: "vip_styling",
      minTier: null,
    });
    expect(createAppointmentTypeSchema.parse({ ...good, dailyCap: null }).dailyCap).toBeNull();
  });

  it.each([
    [{ code: "vip-styling" }, "code: codeFormat"],
    [{ code: "v" }, "code: codeFormat"],
    [{ code: "_vip" }, "code: codeFormat"],
    [{ durationMin: 100 }, "durationMin: durationStep"],
    [{ durationMin: 0 }, "durationMin: durationRange"],
    [{ durationMin: 495 }, "durationMin: durationRange"],
    [{ durationMin: Number.NaN }, "durationMin: wholeNumber"],
    [{ bufferMin: -5 }, "bufferMin: bufferRange"],
    [{ noticeMin: 43_201 }, "noticeMin: noticeRange"],
    [{ dailyCap: 51 }, "dailyCap: dailyCapRange"],
    [{ sortOrder: 1.5 }, "sortOrder: wholeNumber"],
    [{ minTier: "Gold!" }, "minTier: tierUnknown"],
  ])("refuses %j", (bad, issue) => {
    expect(issuesOf(createAppointmentTypeSchema.safeParse({ ...good, ...bad }))).toEqual([issue]);
  });
});

describe("working hours", () => {
  const day = (...ranges: [string, string][]) => ranges.map(([open, close]) => ({ open, close }));

  it("accepts split shifts (touching is fine) and stores them in order", () => {
    const parsed = workingHoursSchema.parse({ ...emptyWeek(), fri: day(["15:00", "21:00"], ["10:00", "15:00"]) });
    expect(parsed.fri).toEqual(day(["10:00", "15:00"], ["15:00", "21:00"]));
    expect(parsed.mon).toEqual([]);
  });

  it("refuses overlapping ranges, naming the day", () => {
    expect(
      issuesOf(workingHoursSchema.safeParse({ ...emptyWeek(), sat: day(["10:00", "22:00"], ["12:00", "13:00"]) })),
    ).toEqual(["sat: rangesOverlap"]);
  });

  it("refuses times off the quarter hour, malformed ones and a close not after the open", () => {
    expect(issuesOf(workingHoursSchema.safeParse({ ...emptyWeek(), mon: day(["10:05", "18:00"]) }))).toEqual([
      "mon.0.open: quarterHour",
    ]);
    expect(issuesOf(workingHoursSchema.safeParse({ ...emptyWeek(), mon: day(["24:00", "18:00"]) }))).toEqual([
      "mon.0.open: timeFormat",
    ]);
    expect(issuesOf(workingHoursSchema.safeParse({ ...emptyWeek(), mon: day(["18:00", "18:00"]) }))).toEqual([
      "mon.0.close: closeAfterOpen",
    ]);
  });

  it("refuses a missing weekday and more than four ranges a day", () => {
    const sixDays = Object.fromEntries(Object.entries(emptyWeek()).filter(([day]) => day !== "sun"));
    expect(workingHoursSchema.safeParse(sixDays).success).toBe(false);
    const five = day(
      ["08:00", "09:00"],
      ["10:00", "11:00"],
      ["12:00", "13:00"],
      ["14:00", "15:00"],
      ["16:00", "17:00"],
    );
    expect(workingHoursSchema.safeParse({ ...emptyWeek(), tue: five }).success).toBe(false);
  });
});

describe("time off", () => {
  const good = { storeId: uuid, staffId: uuid, startsAt: "2031-05-06T09:30", endsAt: "2031-05-06T18:00", reason: "" };

  it("accepts up to 90 days exactly", () => {
    expect(addTimeOffSchema.safeParse(good).success).toBe(true);
    expect(addTimeOffSchema.safeParse({ ...good, endsAt: "2031-08-04T09:30" }).success).toBe(true);
    expect(issuesOf(addTimeOffSchema.safeParse({ ...good, endsAt: "2031-08-04T09:45" }))).toEqual([
      "endsAt: timeOffTooLong",
    ]);
  });

  it("refuses an end not after the start, a day that does not exist and a missing advisor", () => {
    expect(issuesOf(addTimeOffSchema.safeParse({ ...good, endsAt: "2031-05-06T09:00" }))).toEqual([
      "endsAt: endAfterStart",
    ]);
    expect(issuesOf(addTimeOffSchema.safeParse({ ...good, startsAt: "2031-02-30T09:00" }))).toEqual([
      "startsAt: dateTimeInvalid",
    ]);
    expect(issuesOf(addTimeOffSchema.safeParse({ ...good, staffId: "" }))).toEqual(["staffId: advisorRequired"]);
  });
});

describe("store closure", () => {
  const base = { storeId: uuid, day: "", lastDay: "", startsAt: "", endsAt: "", reason: "" };

  it("a whole day needs a day; a range needs both ends, the end after the start", () => {
    expect(addClosureSchema.safeParse({ ...base, kind: "day", day: "2031-10-01" }).success).toBe(true);
    expect(issuesOf(addClosureSchema.safeParse({ ...base, kind: "day" }))).toEqual(["day: dateInvalid"]);
    expect(
      issuesOf(addClosureSchema.safeParse({ ...base, kind: "day", day: "2031-10-03", lastDay: "2031-10-01" })),
    ).toEqual(["lastDay: lastDayBeforeFirst"]);
    expect(
      issuesOf(
        addClosureSchema.safeParse({
          ...base,
          kind: "range",
          startsAt: "2031-10-01T18:00",
          endsAt: "2031-10-01T10:00",
        }),
      ),
    ).toEqual(["endsAt: endAfterStart"]);
    expect(issuesOf(addClosureSchema.safeParse({ ...base, kind: "range", startsAt: "2031-10-01T18:00" }))).toEqual([
      "endsAt: dateTimeInvalid",
    ]);
  });
});
