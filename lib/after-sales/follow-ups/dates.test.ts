import { describe, expect, it } from "vitest";
import { everyDay } from "@/tests/helpers/test-db";
import { addMonthsToDay, followUpDueDates, nextCleaningReminder, nextOpenDay } from "./dates";

describe("follow-up call dates", () => {
  it("puts the day-3 and day-30 calls on calendar days after the pickup's day, across month ends", () => {
    expect(followUpDueDates("2026-03-01")).toEqual({ day_3: "2026-03-04", day_30: "2026-03-31" });
    expect(followUpDueDates("2026-02-27")).toEqual({ day_3: "2026-03-02", day_30: "2026-03-29" });
    expect(followUpDueDates("2024-12-30")).toEqual({ day_3: "2025-01-02", day_30: "2025-01-29" });
  });

  it("adds months the way date-fns does: the end of a short month for the 31st", () => {
    expect(addMonthsToDay("2025-08-31", 6)).toBe("2026-02-28");
    expect(addMonthsToDay("2023-08-31", 6)).toBe("2024-02-29");
  });

  it("gives the next cleaning reminder six months after the last visit, or the first half-year not yet past", () => {
    expect(nextCleaningReminder("2026-02-20", "2026-03-02")).toBe("2026-08-20");
    // Bought long ago: the next half-year anniversary, not a backlog of overdue reminders.
    expect(nextCleaningReminder("2023-01-31", "2026-03-02")).toBe("2026-07-31");
    // Counted from the anchor each time: 31 August stays the 31st after February.
    expect(nextCleaningReminder("2025-08-31", "2026-03-01")).toBe("2026-08-31");
    // Due today is not past.
    expect(nextCleaningReminder("2025-09-02", "2026-03-02")).toBe("2026-03-02");
  });

  it("moves a no-answer to the store's next opening day by its weekly hours", () => {
    const closedSundays = { ...everyDay([{ open: "10:00", close: "22:00" }]), sun: [] };
    // 2026-03-07 is a Saturday: Sunday is closed, so Monday.
    expect(nextOpenDay("2026-03-07", closedSundays)).toBe("2026-03-09");
    expect(nextOpenDay("2026-03-05", closedSundays)).toBe("2026-03-06");
    const weekendsOnly = { ...everyDay([]), sat: [{ open: "10:00", close: "18:00" }] };
    expect(nextOpenDay("2026-03-07", weekendsOnly)).toBe("2026-03-14");
    // A store without any hours: tomorrow.
    expect(nextOpenDay("2026-03-07", everyDay([]))).toBe("2026-03-08");
  });
});
