// Shared test helpers: synthesize the template as Coder receives it and look things up in the JSON.
import * as fs from "fs";
import * as path from "path";
import { App, Testing } from "cdktf";
import { DevpodStack } from "../lib/template/devpod-stack";
import { scratchDirs } from "./scratch";

/** Re-exported: test files that need only temp directories import it from ./scratch, which loads no stack. */
export { scratchDirs };

/**
 * The outdir of every Testing.app here: Testing.synth never writes to it, but the App makes it (with `stacks/`), and
 * without one Testing.app makes a /tmp/cdktf.outdir.* per call that nothing removes. One per test file, removed after.
 */
let testingOutdir: string | undefined;
const scratch = scratchDirs();
export const testingApp = (context: Record<string, unknown> = {}) => Testing.app({ context, outdir: (testingOutdir ??= scratch("devpod-testing-")) });

/** The synthesized template (Terraform JSON) as a plain object. */
export type Tf = Record<string, any>;

/** Builds the devpod stack from a context.devpod object, as main.ts does. */
export function buildDevpod(devpod: unknown = {}): { app: App; stack: DevpodStack } {
  const app = testingApp({ devpod });
  const stack = DevpodStack.fromContext(app);
  return { app, stack };
}

/** Synthesizes with Testing.synth (sorted keys, no "//" metadata) and parses. */
export function synthDevpod(devpod: unknown = {}): { text: string; tf: Tf } {
  const { stack } = buildDevpod(devpod);
  const text = Testing.synth(stack);
  return { text, tf: JSON.parse(text) as Tf };
}

/** The workspace pod spec. */
export function podSpec(tf: Tf): Tf {
  return tf.resource.kubernetes_deployment_v1.main.spec.template.spec;
}

/** A container of the workspace pod by name. */
export function container(tf: Tf, name: string): Tf {
  const found = podSpec(tf).container.find((c: Tf) => c.name === name);
  if (!found) throw new Error(`no container ${name}`);
  return found;
}

/** Every string anywhere in a JSON value, with its path. */
export function allStrings(value: unknown, at = "$"): { path: string; value: string }[] {
  if (typeof value === "string") return [{ path: at, value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => allStrings(v, `${at}[${i}]`));
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => allStrings(v, `${at}.${k}`));
  }
  return [];
}

/** The git commit the platform tests pin, so that snapshots do not change with every commit. */
export const TEST_COMMIT = "0123abc";

/** Synthesizes the platform stack from a context.devpod object and parses it; gitCommit null: read it from git. */
export function synthPlatform(devpod: unknown = {}, gitCommit: string | null = TEST_COMMIT): { text: string; tf: Tf } {
  // Loaded here, not with this file: most test files never build the platform stack (its Job bindings alone are ~5 MB).
  const { PlatformStack } = require("../lib/platform/platform-stack") as typeof import("../lib/platform/platform-stack");
  const app = testingApp({ devpod });
  const stack = PlatformStack.fromContext(app, { gitCommit: gitCommit ?? undefined });
  const text = Testing.synth(stack);
  return { text, tf: JSON.parse(text) as Tf };
}

/** The preflight Job's pod spec and its containers by name. */
export function preflightPod(tf: Tf): { spec: Tf; container: (name: string) => Tf } {
  const spec = tf.resource.kubernetes_job_v1.preflight.spec.template.spec;
  return {
    spec,
    container: (name: string) => {
      const found = spec.container.find((c: Tf) => c.name === name);
      if (!found) throw new Error(`no preflight container ${name}`);
      return found;
    },
  };
}

/**
 * A throwaway copy of the project in a new temp directory (named `<prefix>...`) whose cdktf.json carries `devpod`:
 * lib, main.ts and node_modules are linked, not copied. Removed after the calling test file.
 */
export function projectCopy(prefix: string, devpod: unknown): string {
  const root = path.resolve(__dirname, "..");
  const dir = scratch(prefix);
  for (const entry of ["lib", "main.ts", "package.json", "tsconfig.json", "node_modules"]) {
    fs.symlinkSync(path.join(root, entry), path.join(dir, entry));
  }
  const cdktfJson = JSON.parse(fs.readFileSync(path.join(root, "cdktf.json"), "utf8"));
  cdktfJson.context.devpod = devpod;
  fs.writeFileSync(path.join(dir, "cdktf.json"), JSON.stringify(cdktfJson));
  return dir;
}
