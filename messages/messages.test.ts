import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import en from "./en.json";
import zhCN from "./zh-CN.json";

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const full = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out.set(full, value);
    else for (const [k, v] of flatten(value, full)) out.set(k, v);
  }
  return out;
}

const catalogs = { "zh-CN": flatten(zhCN as Tree), en: flatten(en as Tree) };

/** Literal keys used in the source: t("key") where t = useTranslations("ns") / getTranslations("ns"). */
function keysUsedInSource(): { file: string; key: string }[] {
  const roots = ["app", "components", "lib"].map((d) => path.join(process.cwd(), d));
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) files.push(full);
    }
  };
  roots.filter((r) => fs.existsSync(r)).forEach(walk);
  const used: { file: string; key: string }[] = [];
  for (const file of files) {
    const source = fs.readFileSync(file, "utf8");
    const bindings = new Map<string, string>();
    for (const m of source.matchAll(
      /(?:const|let)\s+(\w+)\s*=\s*(?:await\s+)?(?:useTranslations|getTranslations)\(\s*"([\w.]+)"\s*\)/g,
    )) {
      bindings.set(m[1]!, m[2]!);
    }
    // Promise.all([getTranslations("a"), getTranslations("b")]) destructured as [t, tB]
    for (const m of source.matchAll(/const\s+\[([^\]]+)\]\s*=\s*await\s+Promise\.all\(\[([\s\S]*?)\]\)/g)) {
      const names = m[1]!.split(",").map((s) => s.trim());
      const calls = [...m[2]!.matchAll(/(getTranslations\(\s*"([\w.]+)"\s*\)|[^,]+)/g)].map((c) => c[2]);
      names.forEach((name, i) => {
        if (name && calls[i]) bindings.set(name, calls[i]!);
      });
    }
    for (const [name, namespace] of bindings) {
      for (const m of source.matchAll(new RegExp(`\\b${name}(?:\\.rich|\\.has)?\\(\\s*"([\\w.:-]+)"`, "g"))) {
        used.push({ file: path.relative(process.cwd(), file), key: `${namespace}.${m[1]}` });
      }
    }
  }
  return used;
}

describe("message catalogs", () => {
  it("zh-CN and en define exactly the same keys", () => {
    const zhKeys = [...catalogs["zh-CN"].keys()].sort();
    const enKeys = [...catalogs.en.keys()].sort();
    expect(zhKeys.filter((k) => !catalogs.en.has(k))).toEqual([]);
    expect(enKeys.filter((k) => !catalogs["zh-CN"].has(k))).toEqual([]);
  });

  it("no message is empty", () => {
    for (const [locale, catalog] of Object.entries(catalogs)) {
      const empty = [...catalog].filter(([, v]) => v.trim() === "").map(([k]) => `${locale}:${k}`);
      expect(empty).toEqual([]);
    }
  });

  it("every literal key the UI uses exists in both languages", () => {
    const used = keysUsedInSource();
    expect(used.length).toBeGreaterThan(50);
    const missing = used
      .filter(({ key }) => !catalogs["zh-CN"].has(key) || !catalogs.en.has(key))
      .map(({ file, key }) => `${file}: ${key}`);
    expect([...new Set(missing)]).toEqual([]);
  });

  it("Chinese messages are actually Chinese", () => {
    const chinese = [...catalogs["zh-CN"].values()].filter((v) => /[\u4e00-\u9fff]/.test(v));
    expect(chinese.length / catalogs["zh-CN"].size).toBeGreaterThan(0.8);
  });
});
