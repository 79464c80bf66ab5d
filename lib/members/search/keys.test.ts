import { describe, expect, it } from "vitest";
import { classifyMemberQuery, nameGrams, namePinyinKeys } from "./keys";

describe("member search keys", () => {
  it("derives full pinyin and initials, reading surnames as surnames", () => {
    expect(namePinyinKeys("张晓华")).toEqual({ pinyin: "zhangxiaohua", initials: "zxh" });
    expect(namePinyinKeys("单雄信").pinyin).toBe("shanxiongxin");
    expect(namePinyinKeys("吕 丽").initials).toBe("ll");
  });

  it("indexes every character and every adjacent pair of the name", () => {
    expect(nameGrams("张晓华").sort()).toEqual(["张", "张晓", "晓", "晓华", "华"].sort());
  });

  it("classifies search box entries", () => {
    expect(classifyMemberQuery("1234").kinds).toEqual(["phone_suffix", "card"]);
    expect(classifyMemberQuery("138 0013 8000").kinds[0]).toBe("phone");
    expect(classifyMemberQuery("晓华").kinds).toEqual(["name"]);
    expect(classifyMemberQuery("ZXH")).toEqual({ kinds: ["pinyin", "card"], text: "zxh" });
    expect(classifyMemberQuery("C100001").kinds).toEqual(["card"]);
  });
});
