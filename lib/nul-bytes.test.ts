import { describe, expect, it } from "vitest";
import { nulByteFieldErrors, nulBytePaths } from "./nul-bytes";

describe("NUL characters in inputs", () => {
  it("names every string that holds one, however deep", () => {
    expect(nulBytePaths({ name: "a\u0000b", lines: [{ sku: "ok" }, { sku: "\u0000" }], n: 1 })).toEqual([
      "name",
      "lines.1.sku",
    ]);
    expect(nulBytePaths({ ["k\u0000"]: "v" })).toEqual(["k\u0000"]);
    expect(nulBytePaths("\u0000")).toEqual([""]);
  });

  it("is silent for clean input", () => {
    expect(nulBytePaths({ name: "张三", note: "line\nbreak", tags: ["a"], at: null })).toEqual([]);
    expect(nulByteFieldErrors({ q: "x" }, "body")).toBeNull();
  });

  it("reports the input itself under its root name", () => {
    expect(nulByteFieldErrors("\u0000", "body")).toEqual({ body: ["noNulCharacter"] });
    expect(nulByteFieldErrors({ q: "\u0000" }, "query")).toEqual({ q: ["noNulCharacter"] });
  });
});
