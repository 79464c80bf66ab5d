import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  clientGroupsOf,
  clientModulesOf,
  covers,
  isWithin,
  readModuleGraph,
  routeFiles,
} from "@/tests/helpers/client-modules";
import { CLIENT_MESSAGE_AREAS, mergeMessages, pickNamespaces, type ClientMessageArea } from "./client-namespaces";

const root = process.cwd();
const graph = readModuleGraph(root);
const areas = Object.entries(CLIENT_MESSAGE_AREAS) as [
  ClientMessageArea,
  { folder: string; namespaces: readonly string[] },
][];
/** Areas whose folder exists in this checkout (after-sales and the tracking page may come later). */
const present = areas.filter(([, a]) => fs.existsSync(path.join(root, a.folder)));
const routes = routeFiles(graph);
const clientOf = new Map(routes.map((file) => [file, clientModulesOf(graph, file)]));
const groupsOf = new Map(routes.map((file) => [file, clientGroupsOf(graph, file)]));

/** The areas whose providers wrap a route file: its folder's and every folder's above it. */
const areasAbove = (file: string) => areas.filter(([, a]) => isWithin(file, a.folder));
/** The areas strictly above an area's folder. */
const ancestorsOf = (folder: string) => areas.filter(([, a]) => a.folder !== folder && isWithin(folder, a.folder));

/** Namespace → the client modules under `folder` (its route files and those below) that read it. */
function readsUnder(folder: string): Map<string, string[]> {
  const reads = new Map<string, string[]>();
  for (const route of routes.filter((file) => isWithin(file, folder)))
    for (const file of clientOf.get(route)!)
      for (const namespace of graph.get(file)!.namespaces) {
        const readers = reads.get(namespace) ?? [];
        if (!readers.includes(file)) reads.set(namespace, [...readers, file]);
      }
  return reads;
}

describe("client message namespaces", () => {
  it("every client component finds its namespaces in the providers above the page that renders it", () => {
    const missing = new Set<string>();
    for (const route of routes) {
      const sent = areasAbove(route).flatMap(([, a]) => a.namespaces);
      // A component loaded with lazyWithMessages also has the namespaces it loads with.
      for (const { modules, extra } of groupsOf.get(route)!)
        for (const file of modules)
          for (const namespace of graph.get(file)!.namespaces)
            if (!covers([...sent, ...extra], namespace))
              missing.add(
                `"${namespace}" (read by ${file}) is sent by no area above ${path.dirname(route)}${extra.length ? ` nor loaded with it (${extra.join(", ")})` : ""}`,
              );
    }
    expect([...missing], "add it to CLIENT_MESSAGE_AREAS in lib/i18n/client-namespaces.ts").toEqual([]);
  });

  it("client components name their namespace literally (the provider can only send what the source names)", () => {
    const unbounded = [...graph.values()]
      // The provider itself reads the messages above it to add its own.
      .filter((m) => m.unboundedReads.length > 0 && m.file !== "lib/i18n/more-messages.tsx")
      .map((m) => `${m.file}: ${m.unboundedReads.join(", ")}`);
    expect(unbounded).toEqual([]);
  });

  it("an area with pages sends no namespace that nothing under it reads", () => {
    const unused: string[] = [];
    for (const [area, { folder, namespaces }] of present) {
      if (!routes.some((file) => isWithin(file, folder) && /^page\.tsx?$/.test(path.basename(file)))) continue;
      const read = [...readsUnder(folder).keys()];
      for (const namespace of namespaces)
        if (!read.some((r) => covers([namespace], r) || covers([r], namespace))) unused.push(`${area}: "${namespace}"`);
    }
    expect(unused).toEqual([]);
  });

  it("no area sends what it or an area above it already sends", () => {
    const repeated: string[] = [];
    for (const [area, { folder, namespaces }] of areas) {
      const above = ancestorsOf(folder).flatMap(([, a]) => a.namespaces);
      namespaces.forEach((namespace, i) => {
        const again = namespaces.some((other, j) => j !== i && covers([other], namespace));
        if (again || covers(above, namespace)) repeated.push(`${area}: "${namespace}"`);
      });
    }
    expect(repeated).toEqual([]);
  });

  it("each area's folder renders its provider in its layout, and no layout names another folder's area", () => {
    const problems: string[] = [];
    for (const [area, { folder }] of present) {
      const layout = path.join(root, folder, "layout.tsx");
      const source = fs.existsSync(layout) ? fs.readFileSync(layout, "utf8") : "";
      if (!source.includes(`<ClientMessages area="${area}"`))
        problems.push(`${folder}/layout.tsx lacks <ClientMessages area="${area}">`);
    }
    for (const file of routes)
      for (const m of fs.readFileSync(path.join(root, file), "utf8").matchAll(/<ClientMessages area="(\w+)"/g)) {
        const declared = CLIENT_MESSAGE_AREAS[m[1] as ClientMessageArea];
        if (path.basename(file) !== "layout.tsx" || declared?.folder !== path.dirname(file))
          problems.push(`${file} renders area "${m[1]}"`);
      }
    expect(problems).toEqual([]);
  });

  it("checks a component loaded with its own namespaces against them (lazyWithMessages)", () => {
    // The 360° view's redemption dialog brings "redeemForm" with its code; no area above the view sends it.
    const groups = groupsOf.get("app/(portal)/members/[id]/page.tsx")!;
    const redeem = groups.find((g) => g.modules.has("app/(portal)/members/[id]/redeem-form.tsx"));
    expect(redeem?.extra).toContain("redeemForm");
    expect(groups[0]!.modules.has("app/(portal)/members/[id]/redeem-form.tsx")).toBe(false);
    expect(covers(CLIENT_MESSAGE_AREAS.portal.namespaces, "redeemForm")).toBe(false);
  });

  it("sees through server modules to the client components they render (the check can fail)", () => {
    // The 360° view renders its dialogs through server components; the statement form reads "memberStatement".
    expect(readsUnder("app/(portal)/members/[id]").get("memberStatement")).toBeDefined();
    expect(covers(CLIENT_MESSAGE_AREAS.portal.namespaces, "memberStatement")).toBe(false);
  });
});

describe("pickNamespaces and mergeMessages", () => {
  const catalogue = { a: { x: "1", y: { z: "2", w: "3" } }, b: { k: "4" }, c: "5" };

  it("picks the named namespaces and sub-trees, nested as in the catalogue", () => {
    expect(pickNamespaces(catalogue, ["b", "a.y.z"])).toEqual({ b: { k: "4" }, a: { y: { z: "2" } } });
  });

  it("leaves out namespaces the catalogue lacks and never changes the catalogue", () => {
    const before = JSON.stringify(catalogue);
    expect(pickNamespaces(catalogue, ["missing", "a.y", "a.x"])).toEqual({ a: { y: { z: "2", w: "3" }, x: "1" } });
    expect(JSON.stringify(catalogue)).toBe(before);
  });

  it("adds an area's messages to those inherited, sub-trees merged, without changing either", () => {
    const inherited = { a: { x: "1" }, b: { k: "4" } };
    const own = { a: { y: { z: "2" } }, c: "5" };
    expect(mergeMessages(inherited, own)).toEqual({ a: { x: "1", y: { z: "2" } }, b: { k: "4" }, c: "5" });
    expect(inherited).toEqual({ a: { x: "1" }, b: { k: "4" } });
    expect(own).toEqual({ a: { y: { z: "2" } }, c: "5" });
  });
});
