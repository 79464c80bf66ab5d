import { describe, expect, it } from "vitest";
import { WEEKDAYS, type BusinessHours } from "@/db/schema/stores";
import { businessHoursSchema, storeCodeSchema, storeFormSchema, timeZoneSchema } from "./schemas";

const day = (...ranges: [string, string][]) => ranges.map(([open, close]) => ({ open, close }));

function week(overrides: Partial<BusinessHours> = {}): BusinessHours {
  const hours = Object.fromEntries(WEEKDAYS.map((d) => [d, day(["10:00", "22:00"])])) as BusinessHours;
  return { ...hours, ...overrides };
}

/** The issues of a failed parse as "path: message" strings. */
function issuesOf(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  expect(result.success).toBe(false);
  return result.error!.issues.map((i) => `${i.path.map(String).join(".")}: ${i.message}`);
}

describe("business hours", () => {
  it("accepts a normal week", () => {
    expect(businessHoursSchema.safeParse(week()).success).toBe(true);
  });

  it("accepts a closed day and split shifts that do not overlap", () => {
    const hours = week({ mon: [], tue: day(["10:00", "14:00"], ["17:00", "22:00"]) });
    expect(businessHoursSchema.safeParse(hours).success).toBe(true);
  });

  it("accepts split shifts that touch (one closes when the next opens)", () => {
    expect(businessHoursSchema.safeParse(week({ wed: day(["10:00", "14:00"], ["14:00", "22:00"]) })).success).toBe(
      true,
    );
  });

  it("rejects overlapping split shifts, naming the day", () => {
    const result = businessHoursSchema.safeParse(week({ thu: day(["10:00", "15:00"], ["14:00", "22:00"]) }));
    expect(issuesOf(result)).toEqual(["thu: rangesOverlap"]);
  });

  it("rejects overlaps whatever order the ranges are entered in", () => {
    const result = businessHoursSchema.safeParse(
      week({ fri: day(["18:00", "23:00"], ["09:00", "12:00"], ["11:30", "13:00"]) }),
    );
    expect(issuesOf(result)).toEqual(["fri: rangesOverlap"]);
  });

  it("rejects a range that is contained in another", () => {
    const result = businessHoursSchema.safeParse(week({ sat: day(["10:00", "22:00"], ["12:00", "13:00"]) }));
    expect(issuesOf(result)).toEqual(["sat: rangesOverlap"]);
  });

  it("rejects a close time before the open time", () => {
    const result = businessHoursSchema.safeParse(week({ sun: day(["22:00", "10:00"]) }));
    expect(issuesOf(result)).toEqual(["sun.0.close: closeAfterOpen"]);
  });

  it("rejects an empty range (close equal to open)", () => {
    const result = businessHoursSchema.safeParse(week({ mon: day(["10:00", "10:00"]) }));
    expect(issuesOf(result)).toEqual(["mon.0.close: closeAfterOpen"]);
  });

  it.each(["24:00", "9:00", "10:60", "10:00:00", "ten"])("rejects the malformed time %s", (time) => {
    expect(businessHoursSchema.safeParse(week({ tue: day([time, "23:00"]) })).success).toBe(false);
  });

  it("rejects a missing weekday", () => {
    const sixDays: Partial<BusinessHours> = week();
    delete sixDays.sun;
    expect(businessHoursSchema.safeParse(sixDays).success).toBe(false);
  });

  it("rejects more than four ranges a day", () => {
    const hours = week({
      mon: day(["08:00", "09:00"], ["10:00", "11:00"], ["12:00", "13:00"], ["14:00", "15:00"], ["16:00", "17:00"]),
    });
    expect(businessHoursSchema.safeParse(hours).success).toBe(false);
  });
});

describe("time zone", () => {
  it.each(["Asia/Shanghai", "Asia/Hong_Kong", "Europe/Paris", "UTC"])("accepts %s", (tz) => {
    expect(timeZoneSchema.safeParse(tz).success).toBe(true);
  });

  it.each(["Mars/Olympus_Mons", "Asia/Shang hai", "not a zone", ""])("rejects %j", (tz) => {
    const result = timeZoneSchema.safeParse(tz);
    expect(issuesOf(result)).toEqual([": invalidTimeZone"]);
  });
});

describe("store form", () => {
  const valid = {
    code: "SH-01",
    name: "静安店",
    nameEn: "Jing'an",
    timeZone: "Asia/Shanghai",
    businessHours: week(),
    active: true,
  };

  it("accepts a complete store", () => {
    expect(storeFormSchema.parse(valid)).toEqual(valid);
  });

  it("rejects a bad time zone on the form", () => {
    expect(issuesOf(storeFormSchema.safeParse({ ...valid, timeZone: "Asia/Atlantis" }))).toEqual([
      "timeZone: invalidTimeZone",
    ]);
  });

  it("reports overlapping hours under businessHours.<day>", () => {
    const result = storeFormSchema.safeParse({
      ...valid,
      businessHours: week({ mon: day(["10:00", "15:00"], ["12:00", "18:00"]) }),
    });
    expect(issuesOf(result)).toEqual(["businessHours.mon: rangesOverlap"]);
  });

  it.each(["sh-01", "S", "TOO-LONG-STORE-CODE", "SH 01"])("rejects the store code %j", (code) => {
    expect(storeCodeSchema.safeParse(code).success).toBe(false);
  });
});
