// The tree's layers, read from the imports: lib/config and lib/providers at the bottom, the template above them, the
// platform stack above the template (it runs the template's sidecar in its preflight), the tools on top. An arrow the
// other way, or a cycle between files, is the knot a reader cannot follow; this test names the import that makes it.
import * as fs from "fs";
import * as path from "path";

const root = path.resolve(__dirname, "..");
const LAYERS = ["config", "providers", "template", "platform", "tools"] as const;
type Layer = (typeof LAYERS)[number] | "main";
/** What each layer may import (besides itself). */
const MAY_IMPORT: Record<Layer, readonly Layer[]> = {
  config: [],
  providers: ["config"],
  template: ["config", "providers"],
  platform: ["config", "providers", "template"],
  tools: ["config", "providers", "template", "platform"],
  main: ["config", "providers", "template", "platform"],
};

function sources(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.posix.join(dir, e.name);
    if (e.isDirectory()) return rel === "lib/providers/gen" ? [] : sources(rel); // generated bindings import only cdktf
    return e.name.endsWith(".ts") ? [rel] : [];
  });
}

/** The project files a source file imports (relative specifiers resolved to files). */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(path.join(root, file), "utf8");
  return [...text.matchAll(/(?:\bfrom|\bimport\(?|\brequire\()\s*"(\.{1,2}\/[^"]+)"/g)].map(([, spec]) => {
    const base = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
    const hit = ["", ".ts", "/index.ts"].map((ext) => base + ext).find((p) => fs.existsSync(path.join(root, p)) && fs.statSync(path.join(root, p)).isFile());
    if (!hit) throw new Error(`${file} imports ${spec}, which is no file`);
    return hit;
  });
}

function layerOf(file: string): Layer | undefined {
  if (file === "main.ts") return "main";
  const top = file.split("/")[1] as Layer;
  return file.startsWith("lib/") && (LAYERS as readonly string[]).includes(top) ? top : undefined;
}

const files = ["main.ts", ...sources("lib")];
const graph = new Map(files.map((f) => [f, importsOf(f).filter((t) => !t.startsWith("lib/providers/gen/"))]));

describe("layout of lib/", () => {
  it("every source file under lib/ sits in one of the layers", () => {
    expect(files.filter((f) => layerOf(f) === undefined)).toEqual([]);
  });

  it("imports only go down the layers: config and providers never reach up into the template, nothing below into the platform stack", () => {
    const upward = [...graph].flatMap(([from, targets]) =>
      targets
        .filter((to) => layerOf(to) !== layerOf(from) && !MAY_IMPORT[layerOf(from)!].includes(layerOf(to)!))
        .map((to) => `${from} -> ${to}`),
    );
    expect(upward).toEqual([]);
  });

  it("no file imports itself through others (no import cycle)", () => {
    // Tarjan's strongly connected components: any component of more than one file is a cycle.
    let index = 0;
    const idx = new Map<string, number>(), low = new Map<string, number>(), onStack = new Set<string>(), stack: string[] = [];
    const cycles: string[][] = [];
    const visit = (v: string): void => {
      idx.set(v, index); low.set(v, index); index++; stack.push(v); onStack.add(v);
      for (const w of graph.get(v) ?? []) {
        if (!idx.has(w)) { visit(w); low.set(v, Math.min(low.get(v)!, low.get(w)!)); }
        else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
      }
      if (low.get(v) === idx.get(v)) {
        const scc: string[] = [];
        let w: string;
        do { w = stack.pop()!; onStack.delete(w); scc.push(w); } while (w !== v);
        if (scc.length > 1) cycles.push(scc.sort());
      }
    };
    for (const f of files) if (!idx.has(f)) visit(f);
    expect(cycles).toEqual([]);
  });
});
