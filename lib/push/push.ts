/**
 * `npm run push`: the CLI path for teams without the coderd provider. Synthesizes the template (as `npm run synth`) and
 * runs `coder templates push <name> -d cdktf.out/stacks/devpod --yes` with every template variable passed as
 * `--variable`, from the same list the platform stack's `tf_vars` uses (lib/template-variables.ts): Coder keeps the
 * values of a template's first push otherwise. Run from the project root (npm does).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { ResolvedConfig, resolveConfig } from "../config";
import { DEVPOD_STACK_ID } from "../devpod-stack";
import { DevpodConfigError } from "../errors";
import { templateVariableValues } from "../template-variables";

/** The synthesized template directory, relative to the project root. */
export const TEMPLATE_DIR = `cdktf.out/stacks/${DEVPOD_STACK_ID}`;

/** The arguments of `coder` for the push. */
export function pushArgs(config: ResolvedConfig): string[] {
  const variables = templateVariableValues(config).flatMap((v) => ["--variable", `${v.name}=${v.value}`]);
  return ["templates", "push", config.platform.templateName, "-d", TEMPLATE_DIR, "--yes", ...variables];
}

/** First line of a command's output, for a one-line message. */
const firstLine = (text: string) => text.trim().split("\n")[0] ?? "";

/** Runs the push from `root`; returns the exit status. Every failure is one line naming its fix. */
export function push(root: string): number {
  const fail = (message: string) => {
    console.error(`error: npm run push: ${message}`);
    return 1;
  };
  let config: ResolvedConfig;
  try {
    const cdktfJson = JSON.parse(fs.readFileSync(path.join(root, "cdktf.json"), "utf8"));
    config = resolveConfig(cdktfJson.context?.devpod);
  } catch (err) {
    if (err instanceof DevpodConfigError) return fail(err.message);
    throw err;
  }

  // Before the synth: a missing CLI or login should not cost a synth to find out.
  const version = spawnSync("coder", ["--version"], { encoding: "utf8" });
  if (version.error) {
    return fail(
      "no `coder` CLI on PATH; fix: install it (https://coder.com/docs/install/cli) and run `coder login <your Coder URL>`, or publish with `cdktf deploy platform`",
    );
  }
  const whoami = spawnSync("coder", ["whoami"], { encoding: "utf8" });
  if (whoami.status !== 0) {
    return fail(
      `the coder CLI is not logged in (coder whoami: ${firstLine(whoami.stderr || whoami.stdout) || `exit ${whoami.status}`}); fix: run \`coder login <your Coder URL>\`, or set CODER_URL and CODER_SESSION_TOKEN`,
    );
  }

  // What `npm run synth` runs: the app itself, which reads cdktf.json's context.
  const synth = spawnSync(path.join(root, "node_modules", ".bin", "tsx"), ["main.ts"], { cwd: root, stdio: "inherit" });
  if (synth.status !== 0) return fail("the synth failed (its message is above); nothing was pushed");

  const args = pushArgs(config);
  console.log(`$ coder ${args.join(" ")}`);
  const pushed = spawnSync("coder", args, { cwd: root, stdio: "inherit" });
  return pushed.status ?? 1;
}

if (require.main === module) process.exit(push(process.cwd()));
