/**
 * `npm run push`: the CLI path for teams without the coderd provider. Synthesizes the template (as `npm run synth`) and
 * runs `coder templates push <name> -d cdktf.out/stacks/devpod --yes` with every template variable passed as
 * `--variable`, from the same list the platform stack's `tf_vars` uses (lib/template/published-template.ts): Coder keeps the
 * values of a template's first push otherwise. Run from the project root (npm does).
 *
 * It publishes a new active version, so it refuses what it does not know: an unknown argument is one line and exit 2;
 * `--dry-run` prints the command and runs nothing; `--help` prints the usage.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { ResolvedConfig, resolveConfig } from "../../config/config";
import { DevpodConfigError } from "../../config/errors";
import { DEVPOD_STACK_ID, templateVariableValues } from "../../template/published-template";

/** The synthesized template directory, relative to the project root. */
export const TEMPLATE_DIR = `cdktf.out/stacks/${DEVPOD_STACK_ID}`;

/** The arguments of `coder` for the push. */
export function pushArgs(config: ResolvedConfig): string[] {
  const variables = templateVariableValues(config).flatMap((v) => ["--variable", `${v.name}=${v.value}`]);
  return ["templates", "push", config.platform.templateName, "-d", TEMPLATE_DIR, "--yes", ...variables];
}

/** The usage `--help` prints. */
export const USAGE = `usage: npm run push [-- --dry-run | --help]
  Synthesizes the template and publishes it as a new active version of the Coder template (platform.templateName):
    coder templates push <name> -d ${TEMPLATE_DIR} --yes --variable <name>=<value> ...
  --dry-run  print that command, with every variable, and run nothing (no synth, no coder call)
  --help     print this text`;

/** What the command line asks for. */
export type PushMode = "push" | "dry-run" | "help";

/** Parses `npm run push -- ...`'s arguments; throws a one-line Error for anything it does not know. */
export function parsePushArgs(argv: readonly string[]): PushMode {
  let mode: PushMode = "push";
  for (const arg of argv) {
    const next: PushMode | undefined = arg === "--dry-run" ? "dry-run" : arg === "--help" || arg === "-h" ? "help" : undefined;
    if (!next) throw new Error(`unknown argument ${JSON.stringify(arg)}; nothing was pushed; fix: use --dry-run or --help, or no argument to publish`);
    if (mode !== "push" && mode !== next) throw new Error(`--dry-run and --help exclude each other; nothing was pushed; fix: give one of them`);
    mode = next;
  }
  return mode;
}

/** `args` as one shell command line (single quotes where a word needs them), for the dry run's copy and paste. */
export function shellLine(args: readonly string[]): string {
  return args.map((a) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(" ");
}

/** First line of a command's output, for a one-line message. */
const firstLine = (text: string) => text.trim().split("\n")[0] ?? "";

/** Runs the push from `root` with the command line's arguments and environment (the `coder` CLI is looked up on its
 * PATH); returns the exit status. Every failure is one line naming its fix; a non-zero status means nothing new is
 * active (the CLI's own message is printed above). */
export function push(root: string, argv: readonly string[] = [], environment: NodeJS.ProcessEnv = process.env): number {
  const fail = (message: string, status = 1) => {
    console.error(`error: npm run push: ${message}`);
    return status;
  };
  let mode: PushMode;
  try {
    mode = parsePushArgs(argv);
  } catch (err) {
    return fail((err as Error).message, 2);
  }
  if (mode === "help") {
    console.log(USAGE);
    return 0;
  }
  let config: ResolvedConfig;
  let app: string;
  try {
    const cdktfJson = JSON.parse(fs.readFileSync(path.join(root, "cdktf.json"), "utf8"));
    config = resolveConfig(cdktfJson.context?.devpod);
    app = cdktfJson.app;
  } catch (err) {
    if (err instanceof DevpodConfigError) return fail(err.message);
    throw err;
  }
  if (typeof app !== "string") return fail('cdktf.json has no "app" (the command `cdktf synth` runs); fix: restore it from the repository');
  if (mode === "dry-run") {
    console.log(`coder ${shellLine(pushArgs(config))}`);
    console.error(`npm run push: dry run: nothing synthesized or pushed; the push runs \`npm run synth\` first, then the command above`);
    return 0;
  }

  // Before the synth: a missing CLI or login should not cost a synth to find out.
  const version = spawnSync("coder", ["--version"], { encoding: "utf8", env: environment });
  if (version.error) {
    return fail(
      "no `coder` CLI on PATH; fix: install it (https://coder.com/docs/install/cli) and run `coder login <your Coder URL>`, or publish with `cdktf deploy platform`",
    );
  }
  const whoami = spawnSync("coder", ["whoami"], { encoding: "utf8", env: environment });
  if (whoami.status !== 0) {
    return fail(
      `the coder CLI is not logged in (coder whoami: ${firstLine(whoami.stderr || whoami.stdout) || `exit ${whoami.status}`}); fix: run \`coder login <your Coder URL>\`, or set CODER_URL and CODER_SESSION_TOKEN`,
    );
  }

  // What `cdktf synth` and `npm run synth` run: cdktf.json's app, which reads cdktf.json's context.
  // Into cdktf.out, which is what the push uploads: a CDKTF_OUTDIR from the caller's environment would send the synth
  // elsewhere and leave an older template there to be published. From cdktf.json, which the variables above come
  // from: a CDKTF_CONTEXT_JSON (the cdktf CLI's hand-over) would win over it in the app and synthesize another config.
  const { CDKTF_OUTDIR: _elsewhere, CDKTF_CONTEXT_JSON: _otherConfig, ...env } = environment;
  const synth = spawnSync(app, { cwd: root, stdio: "inherit", env, shell: true });
  if (synth.status !== 0) return fail("the synth failed (its message is above); nothing was pushed");

  const args = pushArgs(config);
  console.log(`$ coder ${shellLine(args)}`);
  const pushed = spawnSync("coder", args, { cwd: root, stdio: "inherit", env: environment });
  if (pushed.status !== 0) {
    const how = pushed.status === null ? `killed by ${pushed.signal ?? pushed.error?.message}` : `exit ${pushed.status}`;
    return fail(`coder templates push failed (${how}; its message is above); fix: correct what it names and run npm run push again`);
  }
  return 0;
}

// exitCode, not exit(): tsx writes its compile cache asynchronously, and an exit() here would drop it every run.
if (require.main === module) process.exitCode = push(process.cwd(), process.argv.slice(2));
