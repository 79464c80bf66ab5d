import { describe, expect, it } from "vitest";
import { z } from "zod";
import { listText, pageParam } from "./list-params";

describe("a free-text list filter", () => {
  const schema = z.object({ q: listText(8) });

  it("keeps trimmed text within its length", () => {
    expect(schema.parse({ q: "  张三 " })).toEqual({ q: "张三" });
  });

  it("ignores text too long or holding a NUL, like any bad parameter, so the page still renders", () => {
    expect(schema.parse({ q: "123456789" })).toEqual({ q: undefined });
    expect(schema.parse({ q: "ab\u0000" })).toEqual({ q: undefined });
    expect(schema.parse({ q: ["a", "b"] })).toEqual({ q: undefined });
  });
});

describe("a page number in the URL", () => {
  const schema = z.object({ page: pageParam(100) });

  it("keeps a whole number from 1 up to the bound", () => {
    expect(schema.parse({ page: "7" })).toEqual({ page: 7 });
    expect(schema.parse({ page: "100" })).toEqual({ page: 100 });
  });

  it("reads anything else as the first page", () => {
    for (const page of [undefined, "0", "-1", "101", "1.5", "1e308", "NaN", "9007199254740993", ["2", "3"], "x"]) {
      expect(schema.parse({ page })).toEqual({ page: 1 });
    }
  });
});
