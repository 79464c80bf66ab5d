import { describe, expect, it } from "vitest";
import {
  canUndoCheckIn,
  createEventSchema,
  instantToLocalDateTime,
  invitationOpensAt,
  localDateTimeToInstant,
  tiersInvitedAt,
} from "./schemas";

const valid = {
  storeId: "7f1f5d8e-8a51-4c1e-9a53-1d2b3c4d5e6f",
  kind: "tasting",
  titleZh: "翡翠品鉴会",
  titleEn: "Jadeite tasting",
  startsAt: "2031-06-20T19:00",
  endsAt: "2031-06-20T21:30",
  capacity: 40,
  inviteDiamondFrom: "2031-06-01T10:00",
  inviteGoldFrom: "2031-06-05T10:00",
  inviteSilverFrom: "2031-06-10T10:00",
};

function issues(input: Record<string, unknown>) {
  const result = createEventSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join(".")}:${issue.message}`);
}

describe("the event form", () => {
  it("accepts diamond, then gold, then silver windows before the start", () => {
    expect(issues(valid)).toEqual([]);
    expect(issues({ ...valid, inviteGoldFrom: "", inviteSilverFrom: "" })).toEqual([]);
    // Windows may open together.
    expect(
      issues({ ...valid, inviteGoldFrom: valid.inviteDiamondFrom, inviteSilverFrom: valid.inviteDiamondFrom }),
    ).toEqual([]);
  });

  it("refuses windows out of tier order, after the start, or silver without gold", () => {
    expect(issues({ ...valid, inviteGoldFrom: "2031-05-31T10:00" })).toEqual(["inviteGoldFrom:goldBeforeDiamond"]);
    expect(issues({ ...valid, inviteSilverFrom: "2031-06-04T10:00" })).toEqual(["inviteSilverFrom:silverBeforeGold"]);
    expect(issues({ ...valid, inviteGoldFrom: "" })).toEqual(["inviteSilverFrom:silverNeedsGold"]);
    expect(issues({ ...valid, inviteDiamondFrom: "2031-06-20T19:00" })).toContain(
      "inviteDiamondFrom:invitationAfterStart",
    );
    expect(issues({ ...valid, endsAt: "2031-06-20T19:00" })).toEqual(["endsAt:endsBeforeStart"]);
  });

  it("refuses impossible times, an empty diamond window and capacities outside 1–2000", () => {
    expect(issues({ ...valid, startsAt: "2031-02-30T19:00" })).toContain("startsAt:dateTimeInvalid");
    expect(issues({ ...valid, startsAt: "2031-06-20 19:00" })).toContain("startsAt:dateTimeInvalid");
    expect(issues({ ...valid, inviteDiamondFrom: "" })).toContain("inviteDiamondFrom:dateTimeInvalid");
    expect(issues({ ...valid, capacity: 0 }).map((i) => i.split(":")[0])).toEqual(["capacity"]);
    expect(issues({ ...valid, capacity: 2001 }).map((i) => i.split(":")[0])).toEqual(["capacity"]);
    expect(issues({ ...valid, capacity: 2.5 })).toEqual(["capacity:wholeNumberRequired"]);
  });
});

describe("store-local times", () => {
  it("reads and shows a time in the store's zone", () => {
    const at = localDateTimeToInstant("2031-06-20T19:00", "Asia/Shanghai");
    expect(at.toISOString()).toBe("2031-06-20T11:00:00.000Z");
    expect(instantToLocalDateTime(at, "Asia/Shanghai")).toBe("2031-06-20T19:00");
    expect(instantToLocalDateTime(at, "Asia/Hong_Kong")).toBe("2031-06-20T19:00");
    expect(instantToLocalDateTime(at, "Europe/London")).toBe("2031-06-20T12:00");
  });
});

describe("invitation windows", () => {
  const event = {
    inviteDiamondFrom: new Date("2031-06-01T02:00:00Z"),
    inviteGoldFrom: new Date("2031-06-05T02:00:00Z"),
    inviteSilverFrom: null,
  };

  it("opens diamond first, then gold; silver and normal never without a window", () => {
    expect(tiersInvitedAt(event, new Date("2031-05-31T00:00:00Z"))).toEqual([]);
    expect(tiersInvitedAt(event, new Date("2031-06-01T02:00:00Z"))).toEqual(["diamond"]);
    expect(tiersInvitedAt(event, new Date("2031-06-30T00:00:00Z"))).toEqual(["diamond", "gold"]);
    expect(invitationOpensAt(event, "silver")).toBeNull();
    expect(invitationOpensAt(event, "normal")).toBeNull();
  });

  it("lets a check-in be undone for 10 minutes", () => {
    const at = new Date("2031-06-20T11:00:00Z");
    expect(canUndoCheckIn(at, new Date("2031-06-20T11:10:00Z"))).toBe(true);
    expect(canUndoCheckIn(at, new Date("2031-06-20T11:10:01Z"))).toBe(false);
  });
});
