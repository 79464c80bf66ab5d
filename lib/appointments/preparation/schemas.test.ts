import { describe, expect, it } from "vitest";
import { addPickSchema, outcomeOpen, trayOpen } from "./schemas";

const ID = "00000000-0000-4000-8000-000000000001";

describe("addPickSchema", () => {
  it("trims the text, keeps integer fen and takes an empty price as none", () => {
    expect(addPickSchema.parse({ appointmentId: ID, sku: " B-88 ", name: " 手镯 ", priceFen: 0 })).toEqual({
      appointmentId: ID,
      sku: "B-88",
      name: "手镯",
      priceFen: 0,
      note: "",
    });
    expect(addPickSchema.parse({ appointmentId: ID, sku: "B", name: "N" }).priceFen).toBeNull();
    expect(addPickSchema.parse({ appointmentId: ID, sku: "B", name: "N", priceFen: null }).priceFen).toBeNull();
  });

  it("names each refusal with a key of the visitPreparation.validation catalogue", () => {
    const issues = (input: Record<string, unknown>) =>
      addPickSchema
        .safeParse({ appointmentId: ID, sku: "B", name: "N", ...input })
        .error?.issues.map((issue) => [issue.path.join("."), issue.message]);
    expect(issues({ priceFen: -1 })).toEqual([["priceFen", "pickPriceInvalid"]]);
    expect(issues({ priceFen: 0.5 })).toEqual([["priceFen", "pickPriceInvalid"]]);
    expect(issues({ priceFen: Number.NaN })).toEqual([["priceFen", "pickPriceInvalid"]]);
    expect(issues({ sku: "" })).toEqual([["sku", "pickSkuRequired"]]);
    expect(issues({ name: "x".repeat(121) })).toEqual([["name", "pickNameTooLong"]]);
    expect(issues({ note: "x".repeat(501) })).toEqual([["note", "pickNoteTooLong"]]);
  });
});

describe("what a visit's status allows", () => {
  it("links purchases only to a visit the member came to; keeps the tray of one that did not happen", () => {
    expect(["requested", "confirmed", "checked_in", "completed", "no_show", "cancelled"].map(outcomeOpen)).toEqual([
      false,
      false,
      true,
      true,
      false,
      false,
    ]);
    expect(["requested", "confirmed", "checked_in", "completed", "no_show", "cancelled"].map(trayOpen)).toEqual([
      true,
      true,
      true,
      true,
      false,
      false,
    ]);
  });
});
