/**
 * The context of cdktf.json, for running the app without the cdktf CLI (`npm run synth` runs cdktf.json's app itself,
 * `node --require tsx/cjs main.ts`: a third of the time of `cdktf synth`, and none of its checkpoint noise). The CLI
 * hands the same context over in CDKTF_CONTEXT_JSON, which still wins when the app runs under `cdktf synth`.
 */
import * as fs from "fs";
import * as path from "path";
import { cdktfJsonUnreadable } from "./errors";

/**
 * cdktf.json → context, read from the working directory (the project root, where npm and the cdktf CLI run). A syntax
 * error throws one line naming the line and column (a DevpodProjectError), not JSON.parse's stack trace.
 */
export function cdktfJsonContext(): Record<string, unknown> {
  const file = path.resolve("cdktf.json");
  const text = fs.readFileSync(file, "utf8");
  let parsed: { context?: Record<string, unknown> };
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    const reason = (err as Error).message;
    // Node 20 says "... in JSON at position N"; newer ones add "(line L column C)" themselves.
    const at = /at position (\d+)/.exec(reason);
    const where = at ? `:${lineColumn(text, Number(at[1]))}` : "";
    throw cdktfJsonUnreadable("cdktf.json", where, reason.replace(/\s*\(line \d+ column \d+\)|\s*in JSON at position \d+/g, ""));
  }
  return (parsed.context ?? {}) as Record<string, unknown>;
}

/** `line:column` (1-based) of a character offset. */
function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split("\n");
  return `${before.length}:${before[before.length - 1].length + 1}`;
}
