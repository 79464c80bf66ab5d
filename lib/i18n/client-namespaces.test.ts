import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { clientModulesUnder, covers, hasPages, readModuleGraph } from "@/tests/helpers/client-modules";
import { CLIENT_MESSAGE_AREAS, pickNamespaces, SHARED_NAMESPACES, type ClientMessageArea } from "./client-namespaces";

const root = process.cwd();
const graph = readModuleGraph(root);
const areas = Object.entries(CLIENT_MESSAGE_AREAS) as [
  ClientMessageArea,
  { folder: string; namespaces: readonly string[] },
][];
/** Areas whose folder exists in this checkout (after-sales and the tracking page may come later). */
const present = areas.filter(([, a]) => fs.existsSync(path.join(root, a.folder)));
/** The folders of the areas below `folder`: they have their own provider. */
const nestedIn = (folder: string) =>
  areas.map(([, a]) => a.folder).filter((f) => f !== folder && (folder === "app" || f.startsWith(folder + "/")));

/** Namespace → the client modules under the area that read it. */
function readsUnder(folder: string): Map<string, string[]> {
  const reads = new Map<string, string[]>();
  for (const file of clientModulesUnder(graph, folder, nestedIn(folder)))
    for (const namespace of graph.get(file)!.namespaces) reads.set(namespace, [...(reads.get(namespace) ?? []), file]);
  return reads;
}

describe("client message namespaces", () => {
  it("every client component finds its namespaces in the provider of the area it renders in", () => {
    const missing: string[] = [];
    for (const [area, { folder, namespaces }] of present)
      for (const [namespace, files] of readsUnder(folder))
        if (!covers(namespaces, namespace))
          missing.push(`${area} (${folder}) does not send "${namespace}", read by ${files.join(", ")}`);
    expect(missing, "add them to CLIENT_MESSAGE_AREAS in lib/i18n/client-namespaces.ts").toEqual([]);
  });

  it("client components name their namespace literally (the provider can only send what the source names)", () => {
    const unbounded = [...graph.values()]
      .filter((m) => m.unboundedReads.length > 0)
      .map((m) => `${m.file}: ${m.unboundedReads.join(", ")}`);
    expect(unbounded).toEqual([]);
  });

  it("an area with pages sends no namespace that nothing under it reads (besides the shared ones)", () => {
    const unused: string[] = [];
    for (const [area, { folder, namespaces }] of present) {
      if (!hasPages(graph, folder, nestedIn(folder))) continue;
      const read = [...readsUnder(folder).keys()];
      for (const namespace of namespaces)
        if (
          !(SHARED_NAMESPACES as readonly string[]).includes(namespace) &&
          !read.some((r) => covers([namespace], r) || covers([r], namespace))
        )
          unused.push(`${area}: "${namespace}"`);
    }
    expect(unused).toEqual([]);
  });

  it("each area's folder renders its provider in its layout, and no layout names another folder's area", () => {
    const problems: string[] = [];
    for (const [area, { folder }] of present) {
      const layout = path.join(root, folder, "layout.tsx");
      const source = fs.existsSync(layout) ? fs.readFileSync(layout, "utf8") : "";
      if (!source.includes(`<ClientMessages area="${area}"`))
        problems.push(`${folder}/layout.tsx lacks <ClientMessages area="${area}">`);
    }
    for (const file of graph.keys()) {
      if (path.basename(file) !== "layout.tsx") continue;
      for (const m of fs.readFileSync(path.join(root, file), "utf8").matchAll(/<ClientMessages area="(\w+)"/g)) {
        const declared = CLIENT_MESSAGE_AREAS[m[1] as ClientMessageArea];
        if (declared?.folder !== path.dirname(file)) problems.push(`${file} renders area "${m[1]}"`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("no area lists a namespace twice or one inside another it already sends", () => {
    const overlaps = areas.flatMap(([area, { namespaces }]) =>
      namespaces.filter((n, i) => namespaces.some((o, j) => j !== i && covers([o], n))).map((n) => `${area}: ${n}`),
    );
    expect(overlaps).toEqual([]);
  });

  it("sees through server modules to the client components they render (the check can fail)", () => {
    // The 360° view renders its client sections through server components; the statement form reads "memberStatement".
    expect(readsUnder("app/(portal)/members/[id]").get("memberStatement")).toBeDefined();
    expect(covers(CLIENT_MESSAGE_AREAS.portal.namespaces, "memberStatement")).toBe(false);
  });
});

describe("pickNamespaces", () => {
  const catalogue = { a: { x: "1", y: { z: "2", w: "3" } }, b: { k: "4" }, c: "5" };

  it("keeps the named namespaces and sub-trees, nested as in the catalogue", () => {
    expect(pickNamespaces(catalogue, ["b", "a.y.z"])).toEqual({ b: { k: "4" }, a: { y: { z: "2" } } });
  });

  it("leaves out namespaces the catalogue lacks and never changes the catalogue", () => {
    const before = JSON.stringify(catalogue);
    expect(pickNamespaces(catalogue, ["missing", "a.y", "a.x"])).toEqual({ a: { y: { z: "2", w: "3" }, x: "1" } });
    expect(JSON.stringify(catalogue)).toBe(before);
  });
});
