/**
 * The context of cdktf.json, for running the app without the cdktf CLI (`npm run synth` is `tsx main.ts`: about 2 s
 * instead of about 6 s through the CLI, and none of its checkpoint noise). The CLI hands the same context over in
 * CDKTF_CONTEXT_JSON, which still wins when the app runs under `cdktf synth`.
 */
import * as fs from "fs";
import * as path from "path";

/** cdktf.json → context, read from the working directory (the project root, where npm and the cdktf CLI run). */
export function cdktfJsonContext(): Record<string, unknown> {
  const file = path.resolve("cdktf.json");
  return (JSON.parse(fs.readFileSync(file, "utf8")).context ?? {}) as Record<string, unknown>;
}
