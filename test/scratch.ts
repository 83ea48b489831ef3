// Temp directories for tests, in a module of its own: test files that need nothing else from helpers.ts do not load
// the stacks and the provider bindings (~0.5 s CPU per test file).
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/**
 * A maker of temp directories (`<prefix>XXXXXX`) that are removed once the calling test file has run (outside Jest,
 * e.g. the benchmarks: when the process exits).
 */
export function scratchDirs(): (prefix: string) => string {
  const made: string[] = [];
  const clean = () => made.splice(0).forEach((dir) => fs.rmSync(dir, { recursive: true, force: true }));
  if (typeof afterAll === "function") afterAll(clean);
  else process.on("exit", clean);
  return (prefix) => made[made.push(fs.mkdtempSync(path.join(os.tmpdir(), prefix))) - 1];
}
