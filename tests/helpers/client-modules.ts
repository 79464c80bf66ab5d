import fs from "node:fs";
import path from "node:path";

/**
 * A static reading of the source (no TypeScript compiler): which modules end up in the browser,
 * and which message namespaces they read. For the test that keeps every client subtree's
 * `ClientMessages` provider in step with the components under it (lib/i18n/client-namespaces.ts).
 */

const SOURCE_ROOTS = ["app", "components", "lib"];
const EXTENSIONS = [".tsx", ".ts"];
/** Next.js files that render in a route segment (route.ts renders nothing). */
const ROUTE_FILE = /^(page|layout|template|error|loading|not-found|forbidden|unauthorized|default|global-error)\.tsx?$/;

export type SourceModule = {
  file: string;
  /** Project files this module imports for their values (type-only imports bring no code). */
  imports: string[];
  /** Whether the module starts with the "use client" directive. */
  clientBoundary: boolean;
  /** Literal namespaces of useTranslations("…") calls. */
  namespaces: string[];
  /** Calls that read the whole catalogue or a namespace only known at run time. */
  unboundedReads: string[];
  /**
   * Components loaded with their own namespaces (lazyWithMessages(() => import("…"), ["ns", …])):
   * the module, and what it brings besides the providers above it.
   */
  lazy: { file: string; namespaces: string[] }[];
};

function listSources(root: string): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "node_modules") walk(full);
      } else if (
        /\.tsx?$/.test(entry.name) &&
        !/\.(test|int\.test)\.tsx?$/.test(entry.name) &&
        !entry.name.endsWith(".d.ts")
      )
        files.push(path.relative(root, full));
    }
  };
  for (const dir of SOURCE_ROOTS) if (fs.existsSync(path.join(root, dir))) walk(path.join(root, dir));
  return files.sort();
}

function resolveImport(root: string, from: string, specifier: string): string | null {
  let base: string;
  if (specifier.startsWith("@/")) base = specifier.slice(2);
  else if (specifier.startsWith(".")) base = path.join(path.dirname(from), specifier);
  else return null;
  for (const candidate of [
    base,
    ...EXTENSIONS.map((e) => base + e),
    ...EXTENSIONS.map((e) => path.join(base, `index${e}`)),
  ])
    if (fs.existsSync(path.join(root, candidate)) && fs.statSync(path.join(root, candidate)).isFile())
      return path.normalize(candidate);
  return null;
}

/** `import { type A, type B } from` brings no code; `import { type A, B } from` does. */
function typeOnly(clause: string): boolean {
  if (/^type\s/.test(clause)) return true;
  const braces = clause.match(/^\{([\s\S]*)\}$/);
  if (!braces) return false;
  const names = braces[1]!
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return names.length > 0 && names.every((n) => n.startsWith("type "));
}

export function readModule(root: string, file: string): SourceModule {
  const source = fs.readFileSync(path.join(root, file), "utf8");
  const code = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`])\/\/[^\n]*/g, "$1");
  const specifiers: string[] = [];
  for (const m of code.matchAll(/\b(?:import|export)\s+([\w*{}\s,$]*?)\s*from\s*["']([^"']+)["']/g))
    if (!typeOnly(m[1]!.trim())) specifiers.push(m[2]!);
  for (const m of code.matchAll(/\bimport\s*["']([^"']+)["']/g)) specifiers.push(m[1]!);
  // A component loaded with its own namespaces: its module is reached through the lazy edge only.
  const lazy: SourceModule["lazy"] = [];
  const lazyCalls = /\blazyWithMessages\(\s*\(\)\s*=>\s*import\(\s*["']([^"']+)["']\s*\)[\s\S]*?,\s*\[([^\]]*)\]/g;
  for (const m of code.matchAll(lazyCalls)) {
    const target = resolveImport(root, file, m[1]!);
    const namespaces = [...m[2]!.matchAll(/["']([\w.]+)["']/g)].map((n) => n[1]!);
    if (target) lazy.push({ file: target, namespaces });
  }
  const lazyTargets = new Set([...code.matchAll(lazyCalls)].map((m) => m[1]!));
  for (const m of code.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g))
    if (!lazyTargets.has(m[1]!)) specifiers.push(m[1]!);
  const imports = [
    ...new Set(specifiers.map((s) => resolveImport(root, file, s)).filter((f): f is string => f !== null)),
  ];
  const namespaces: string[] = [];
  const unboundedReads: string[] = [];
  for (const m of code.matchAll(/\buseTranslations\(([^)]*)\)/g)) {
    const literal = m[1]!.trim().match(/^["']([\w.]+)["']$/);
    if (literal) namespaces.push(literal[1]!);
    else unboundedReads.push(m[0]);
  }
  for (const m of code.matchAll(/\buseMessages\(\s*\)/g)) unboundedReads.push(m[0]);
  return {
    file,
    imports,
    clientBoundary: /^(?:\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*["']use client["']/.test(source),
    namespaces: [...new Set(namespaces)],
    unboundedReads,
    lazy,
  };
}

export type ModuleGraph = Map<string, SourceModule>;

export function readModuleGraph(root: string): ModuleGraph {
  return new Map(listSources(root).map((file) => [file, readModule(root, file)]));
}

/** The files of the app that Next.js renders in a route segment (pages, layouts, error pages…). */
export function routeFiles(graph: ModuleGraph): string[] {
  return [...graph.keys()].filter((file) => file.startsWith("app/") && ROUTE_FILE.test(path.basename(file)));
}

/** Client modules that read their messages from the same providers: the page's, plus `extra`. */
export type ClientGroup = { modules: Set<string>; extra: string[] };

/**
 * The client modules a route file renders: from the file through the server modules it imports to
 * the first "use client" boundary, then everything those import; a component loaded with its own
 * namespaces (lazyWithMessages) starts a group of its own, with those namespaces besides the page's.
 */
export function clientGroupsOf(graph: ModuleGraph, entry: string): ClientGroup[] {
  const groups: ClientGroup[] = [];
  const seenLazy = new Set<string>();
  const collect = (starts: string[], extra: string[]) => {
    const group: ClientGroup = { modules: new Set(), extra };
    groups.push(group);
    const lazies: { file: string; namespaces: string[] }[] = [];
    const visit = (file: string) => {
      if (group.modules.has(file) || !graph.has(file)) return;
      group.modules.add(file);
      const mod = graph.get(file)!;
      lazies.push(...mod.lazy);
      for (const next of mod.imports) visit(next);
    };
    starts.forEach(visit);
    for (const edge of lazies) {
      const key = `${edge.file}|${[...extra, ...edge.namespaces].join(",")}`;
      if (seenLazy.has(key)) continue;
      seenLazy.add(key);
      collect([edge.file], [...extra, ...edge.namespaces]);
    }
  };
  const boundaries: string[] = [];
  const seenServer = new Set<string>();
  const visitServer = (file: string) => {
    const mod = graph.get(file);
    if (!mod) return;
    if (mod.clientBoundary) return void boundaries.push(file);
    if (seenServer.has(file)) return;
    seenServer.add(file);
    for (const next of mod.imports) visitServer(next);
  };
  visitServer(entry);
  collect(boundaries, []);
  return groups;
}

/** Every client module a route file renders, however loaded. */
export function clientModulesOf(graph: ModuleGraph, entry: string): Set<string> {
  return new Set(clientGroupsOf(graph, entry).flatMap((g) => [...g.modules]));
}

/** Whether `file` lies in `folder` or below it. */
export function isWithin(file: string, folder: string): boolean {
  return file.startsWith(folder + "/");
}

/** Whether a provider that sends `declared` gives a component reading `used` its messages. */
export function covers(declared: readonly string[], used: string): boolean {
  return declared.some((d) => used === d || used.startsWith(d + "."));
}
