import { randomUUID } from "node:crypto";
import { z } from "zod";
import { describe, expect, it } from "vitest";
import { logFollowUpCallSchema, opensComplaint } from "./schemas";

const callId = randomUUID();
const fields = (input: unknown) => {
  const parsed = logFollowUpCallSchema.safeParse(input);
  return parsed.success ? null : z.flattenError(parsed.error).fieldErrors;
};

describe("logging a follow-up call", () => {
  it("requires a 1–5 satisfaction when the customer was reached, and only then", () => {
    expect(fields({ callId, outcome: "reached" })).toEqual({ satisfaction: ["followUpSatisfactionRequired"] });
    expect(fields({ callId, outcome: "reached", satisfaction: 6 })).toEqual({
      satisfaction: ["followUpSatisfactionRequired"],
    });
    expect(fields({ callId, outcome: "reached", satisfaction: 2.5 })).toMatchObject({
      satisfaction: ["followUpSatisfactionRequired"],
    });
    expect(fields({ callId, outcome: "reached", satisfaction: 4 })).toBeNull();
    expect(fields({ callId, outcome: "no_answer", satisfaction: 4 })).toEqual({
      satisfaction: ["followUpSatisfactionOnlyReached"],
    });
    expect(fields({ callId, outcome: "no_answer", satisfaction: null })).toBeNull();
  });

  it("asks what went wrong when the score is 1 or 2 (it becomes the complaint's description)", () => {
    expect(fields({ callId, outcome: "reached", satisfaction: 2, comments: "  " })).toEqual({
      comments: ["followUpCommentsRequiredLowScore"],
    });
    expect(fields({ callId, outcome: "reached", satisfaction: 1, comments: "戒圈改小后有划痕" })).toBeNull();
    expect(fields({ callId, outcome: "reached", satisfaction: 3 })).toBeNull();
  });

  it("refuses an unknown outcome, a bad id and over-long comments", () => {
    expect(fields({ callId, outcome: "voicemail" })).toEqual({ outcome: ["followUpOutcomeRequired"] });
    expect(fields({ callId: "42", outcome: "no_answer" })).toHaveProperty("callId");
    expect(fields({ callId, outcome: "no_answer", comments: "x".repeat(1001) })).toEqual({
      comments: ["followUpCommentsTooLong"],
    });
  });

  it("opens a complaint for a reached 1 or 2 only", () => {
    expect(opensComplaint("reached", 1)).toBe(true);
    expect(opensComplaint("reached", 2)).toBe(true);
    expect(opensComplaint("reached", 3)).toBe(false);
    expect(opensComplaint("no_answer", null)).toBe(false);
  });
});
