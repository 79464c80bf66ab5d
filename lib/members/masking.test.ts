import { describe, expect, it } from "vitest";
import { maskAddress, maskEmail, maskName, maskPhone, seesUnmasked } from "./masking";
import { normalizeChinaMobile } from "./phone";

describe("masking", () => {
  it("masks phones, names, emails and addresses", () => {
    expect(maskPhone("+8613812341234")).toBe("138****1234");
    expect(maskName("张晓华")).toBe("张*华");
    expect(maskName("张华")).toBe("张*");
    expect(maskName("欧阳娜娜")).toBe("欧**娜");
    expect(maskEmail("zhang@example.com")).toBe("z***@example.com");
    expect(maskAddress("上海市静安区南京西路1515号")).toBe("上海市静安区****");
  });

  it("shows an advisor their own clients unmasked, nobody else", () => {
    const advisor = { id: "a", roles: ["advisor" as const] };
    expect(seesUnmasked(advisor, { advisorId: "a" })).toBe(true);
    expect(seesUnmasked(advisor, { advisorId: "b" })).toBe(false);
    expect(seesUnmasked({ id: "a", roles: ["manager" as const] }, { advisorId: "a" })).toBe(false);
  });
});

describe("normalizeChinaMobile", () => {
  it.each([
    ["13812341234", "+8613812341234"],
    ["+86 138 1234 1234", "+8613812341234"],
    ["86-138-1234-1234", "+8613812341234"],
    ["0086 13812341234", "+8613812341234"],
    ["１３８１２３４１２３４", "+8613812341234"],
    ["+８６１３８１２３４１２３４", "+8613812341234"],
  ])("accepts %s", (raw, e164) => {
    expect(normalizeChinaMobile(raw)).toEqual({ ok: true, e164, last4: "1234" });
  });

  it.each([
    ["0577-33734419", "phone_landline"],
    ["181619958", "phone_short"],
    ["136381abcde", "phone_letters"],
    ["", "phone_empty"],
    ["12812341234", "phone_not_mobile"],
  ])("rejects %s as %s", (raw, problem) => {
    expect(normalizeChinaMobile(raw)).toEqual({ ok: false, problem });
  });
});
