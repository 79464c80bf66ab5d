import { describe, expect, it } from "vitest";
import { z } from "zod";
import { listText } from "./list-params";

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
