import { describe, expect, it } from "vitest";
import { answerSurveySchema } from "./schemas";

const token = "a".repeat(43);

describe("answerSurveySchema (the public survey form)", () => {
  it("takes a score of 1-5 and an optional comment", () => {
    expect(answerSurveySchema.parse({ token, score: "4", comment: " 很满意 " })).toEqual({
      token,
      score: 4,
      comment: "很满意",
    });
    expect(answerSurveySchema.parse({ token, score: 5, comment: "" }).comment).toBeUndefined();
  });

  it("refuses a NUL character, an over-long comment, a score out of range and a malformed token on their fields", () => {
    const fields = (input: Record<string, unknown>) => {
      const parsed = answerSurveySchema.safeParse(input);
      return parsed.success ? [] : parsed.error.issues.map((issue) => issue.path.join("."));
    };
    expect(fields({ token, score: 3, comment: "a\u0000b" })).toEqual(["comment"]);
    expect(fields({ token, score: 3, comment: "好".repeat(1001) })).toEqual(["comment"]);
    expect(fields({ token, score: 6 })).toEqual(["score"]);
    expect(fields({ token: "short", score: 3 })).toEqual(["token"]);
  });
});
