/**
 * `npm run review`: reads a template change the way Terraform will apply it. Synthesizes both sides, compares them
 * object by object and classifies every change: destroys data, breaks existing workspaces, restarts workspaces, safe.
 *
 * Exit status: 0 safe or restarts, 1 breaks, 2 destroys data (unless accepted with --accept), 3 the review itself
 * failed (bad arguments, a side that does not synthesize).
 */
import { parseArgs } from "util";
import { ReviewError, usageError } from "./errors";
import { ACCEPTABLE, exitStatus, json, markdown } from "./report";
import { reviewStacks } from "./review";
import { ChangeClass } from "./rules";
import { Side, readDir, removeWorktrees, synthRef, synthWorkingTree } from "./synth";

const HELP = `usage: npm run review -- [--base <git ref> | --base-dir <dir>] [--head <git ref> | --head-dir <dir>]
                        [--json] [--accept destroys|breaks ...]

Compares the synthesized devpod template (and the platform stack, when the head has one) of two versions and classifies
every changed Terraform object by what it does to existing workspaces: destroys data, breaks existing workspaces,
restarts workspaces, or safe. Rules and their reasons: docs/review.md.

  --base <ref>       base version: a git ref, synthesized in a temporary worktree (default: HEAD)
  --head <ref>       head version: a git ref (default: the working tree in the current directory)
  --base-dir <dir>   base from a directory already synthesized (cdktf.out, or one stack's directory)
  --head-dir <dir>   head from a directory already synthesized
  --json             print JSON instead of the Markdown report
  --accept <class>   do not fail for changes of this class (destroys or breaks; repeat or separate with commas);
                     the report lists what was accepted

exit status: 0 safe or restarts, 1 breaks existing workspaces, 2 destroys data, 3 the review could not run
`;

/** Parsed command line. */
export interface Options {
  readonly base?: string;
  readonly head?: string;
  readonly baseDir?: string;
  readonly headDir?: string;
  readonly json: boolean;
  readonly accept: ChangeClass[];
  readonly help: boolean;
}

/** Parses argv (without node and the script). Throws a ReviewError naming the bad argument. */
export function parseOptions(argv: string[]): Options {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        base: { type: "string" },
        head: { type: "string" },
        "base-dir": { type: "string" },
        "head-dir": { type: "string" },
        json: { type: "boolean", default: false },
        accept: { type: "string", multiple: true, default: [] },
        help: { type: "boolean", short: "h", default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw usageError((err as Error).message);
  }
  if (values.base !== undefined && values["base-dir"] !== undefined) throw usageError("give --base or --base-dir, not both");
  if (values.head !== undefined && values["head-dir"] !== undefined) throw usageError("give --head or --head-dir, not both");
  const accept = values.accept!.flatMap((a) => a.split(",")).map((a) => a.trim()).filter(Boolean);
  for (const a of accept) {
    if (!(ACCEPTABLE as string[]).includes(a)) throw usageError(`--accept ${a}: not a class that fails the review; use ${ACCEPTABLE.join(" or ")}`);
  }
  return {
    base: values.base,
    head: values.head,
    baseDir: values["base-dir"],
    headDir: values["head-dir"],
    json: values.json!,
    accept: accept as ChangeClass[],
    help: values.help!,
  };
}

/** Runs the review in `cwd` (the project); returns the report and the exit status. */
export async function runReview(options: Options, cwd: string): Promise<{ output: string; status: number }> {
  if (options.help) return { output: HELP, status: 0 };
  const side = (ref: string | undefined, dir: string | undefined, fallback: () => Promise<Side>, name: string) =>
    dir !== undefined ? Promise.resolve(readDir(name, dir)) : ref !== undefined ? synthRef(cwd, ref) : fallback();
  // Both sides synthesize at once: two cdktf runs in parallel take little longer than one.
  const [base, head] = await Promise.all([
    side(options.base, options.baseDir, () => synthRef(cwd, "HEAD"), "base"),
    side(options.head, options.headDir, () => synthWorkingTree(cwd), "head"),
  ]);
  const result = reviewStacks(base.templates, head.templates);
  const render = options.json ? json : markdown;
  return { output: render(result, base.label, head.label, options.accept), status: exitStatus(result, options.accept) };
}

async function main(): Promise<number> {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      removeWorktrees();
      process.exit(130);
    });
  }
  try {
    const { output, status } = await runReview(parseOptions(process.argv.slice(2)), process.cwd());
    process.stdout.write(output);
    return status;
  } catch (err) {
    // Status 3 for every failure of the tool itself, so that 1 and 2 always mean a reviewed change.
    process.stderr.write(`${err instanceof ReviewError ? err.message : (err as Error).stack ?? String(err)}\n`);
    return 3;
  }
}

if (require.main === module) {
  main().then((status) => {
    process.exitCode = status;
  });
}
