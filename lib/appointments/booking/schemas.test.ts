import { describe, expect, it } from "vitest";
import {
  bookAppointmentSchema,
  cancelAppointmentSchema,
  changeAllowedFrom,
  checkInOpen,
  memberBelowTier,
  noShowAllowed,
  visitTimes,
} from "./schemas";

const ZONE = "Asia/Shanghai";
const at = (iso: string) => new Date(iso);

describe("booking rules shared by the service and the screens", () => {
  it("holds a member to a type's tier in the programme's order", () => {
    expect(memberBelowTier("silver", "gold")).toBe(true);
    expect(memberBelowTier("normal", "silver")).toBe(true);
    expect(memberBelowTier("gold", "gold")).toBe(false);
    expect(memberBelowTier("diamond", "gold")).toBe(false);
    expect(memberBelowTier("normal", null)).toBe(false);
    expect(memberBelowTier("normal", "platinum")).toBe(false);
  });

  it("opens check-in an hour before the start, on the visit's local day only", () => {
    const start = at("2031-03-04T10:00:00+08:00");
    expect(checkInOpen(start, at("2031-03-04T08:59:00+08:00"), ZONE)).toBe(false);
    expect(checkInOpen(start, at("2031-03-04T09:00:00+08:00"), ZONE)).toBe(true);
    expect(checkInOpen(start, at("2031-03-04T23:59:00+08:00"), ZONE)).toBe(true);
    expect(checkInOpen(start, at("2031-03-05T00:00:00+08:00"), ZONE)).toBe(false);
    // A 00:30 visit: the hour before it is the previous local day, so check-in opens at midnight.
    const early = at("2031-03-04T00:30:00+08:00");
    expect(checkInOpen(early, at("2031-03-03T23:45:00+08:00"), ZONE)).toBe(false);
    expect(checkInOpen(early, at("2031-03-04T00:00:00+08:00"), ZONE)).toBe(true);
  });

  it("records a no-show only after the start", () => {
    const start = at("2031-03-04T10:00:00+08:00");
    expect(noShowAllowed(start, start)).toBe(false);
    expect(noShowAllowed(start, at("2031-03-04T10:01:00+08:00"))).toBe(true);
  });

  it("knows which status each change starts from", () => {
    expect(changeAllowedFrom("confirm", "requested")).toBe(true);
    expect(changeAllowedFrom("confirm", "confirmed")).toBe(false);
    expect(changeAllowedFrom("cancel", "requested")).toBe(true);
    expect(changeAllowedFrom("cancel", "checked_in")).toBe(false);
    expect(changeAllowedFrom("reschedule", "confirmed")).toBe(true);
    expect(changeAllowedFrom("reschedule", "no_show")).toBe(false);
    expect(changeAllowedFrom("noShow", "checked_in")).toBe(false);
  });

  it("holds the advisor and room for the visit and its buffer", () => {
    const times = visitTimes(at("2031-03-04T10:00:00+08:00"), { durationMin: 90, bufferMin: 15 });
    expect(times.endsAt.toISOString()).toBe("2031-03-04T03:30:00.000Z");
    expect(times.blockedUntil.toISOString()).toBe("2031-03-04T03:45:00.000Z");
  });
});

describe("booking schemas", () => {
  const booking = {
    storeId: "6f1c1a52-3f0e-4a4e-9d51-3b8a3c1f0a01",
    memberId: "6f1c1a52-3f0e-4a4e-9d51-3b8a3c1f0a02",
    typeId: "6f1c1a52-3f0e-4a4e-9d51-3b8a3c1f0a03",
    startsAt: "2031-03-04T10:00:00+08:00",
    advisorId: null,
  };

  it("needs a start with its offset and keeps an empty override reason out", () => {
    expect(bookAppointmentSchema.parse({ ...booking, tierOverrideReason: "  " })).toMatchObject({
      note: "",
      tierOverrideReason: undefined,
    });
    expect(bookAppointmentSchema.safeParse({ ...booking, startsAt: "2031-03-04T10:00:00" }).success).toBe(false);
    expect(bookAppointmentSchema.safeParse({ ...booking, note: "x".repeat(501) }).success).toBe(false);
  });

  it("asks for a note when the cancel reason is 'other'", () => {
    const id = booking.storeId;
    expect(cancelAppointmentSchema.safeParse({ appointmentId: id, reason: "duplicate" }).success).toBe(true);
    const other = cancelAppointmentSchema.safeParse({ appointmentId: id, reason: "other", note: " " });
    expect(other.success).toBe(false);
    expect(other.error?.issues[0]).toMatchObject({ path: ["note"], message: "appointmentCancelNoteRequired" });
    expect(cancelAppointmentSchema.safeParse({ appointmentId: id, reason: "nope" }).success).toBe(false);
  });
});
