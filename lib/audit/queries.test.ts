import { describe, expect, it } from "vitest";
import { auditListParamsSchema } from "./queries";

describe("auditListParamsSchema day filters", () => {
  it("ignores days outside the business's dates, like any bad parameter (year 0001 broke the query)", () => {
    for (const day of ["0000-01-01", "0001-01-01", "1999-12-31", "9999-12-31", "2024-02-30"]) {
      const params = auditListParamsSchema.parse({ from: day, to: day });
      expect([params.from, params.to]).toEqual([undefined, undefined]);
    }
    expect(auditListParamsSchema.parse({ from: "2000-01-01", to: "2100-12-31" })).toMatchObject({
      from: "2000-01-01",
      to: "2100-12-31",
    });
  });
});
