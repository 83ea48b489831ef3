/**
 * Gets the synthesized template of one side of a review: a directory someone else synthesized, the working tree, or a
 * git ref checked out into a temporary worktree. Each checkout runs its own `npm run synth` (whatever that script
 * does in that version) and the result is read from `cdktf.out/stacks/devpod/cdk.tf.json`.
 */
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { gitFailed, noTemplate, synthFailed } from "./errors";
import { SideLabel } from "./report";
import { LOCK_FILE, withLockFile } from "./lock-file";
import { Template, parseTemplate } from "./template";

/** Where `cdktf synth` writes the template stack, relative to the project. */
export const STACK_FILE = path.join("cdktf.out", "stacks", "devpod", "cdk.tf.json");

/** The stacks a review reads, template first. A side without the platform stack reviews the template only. */
export const STACKS = ["devpod", "platform"] as const;

/** One side of a review: each stack it has, by id. */
export interface Side {
  readonly templates: Readonly<Record<string, Template>>;
  readonly label: SideLabel;
}

/** Reads one stack's cdk.tf.json and the lock file beside it. */
function readStack(file: string, name: string, stack: string): Template {
  const lock = path.join(path.dirname(file), LOCK_FILE);
  const template = parseTemplate(fs.readFileSync(file, "utf8"), name, stack);
  return withLockFile(template, fs.existsSync(lock) ? fs.readFileSync(lock, "utf8") : undefined);
}

/** Every stack under `stacksDir` (`<dir>/stacks`). */
function readStacks(stacksDir: string, label: (stack: string) => string): Record<string, Template> {
  const out: Record<string, Template> = {};
  for (const stack of STACKS) {
    const file = path.join(stacksDir, stack, "cdk.tf.json");
    if (fs.existsSync(file)) out[stack] = readStack(file, label(stack), stack);
  }
  return out;
}

interface Run {
  readonly status: number | null;
  readonly output: string;
}

/** Runs a command without a shell and collects stdout and stderr together. */
function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, output }));
  });
}

async function git(cwd: string, args: string[]): Promise<string> {
  const r = await run("git", args, cwd);
  if (r.status !== 0) throw gitFailed(args, r.output);
  return r.output.trim();
}

/**
 * Reads the stacks from a directory: a stack directory itself (the template's, or the platform's when it is named
 * `platform`), a cdktf.out, or a project that holds one.
 */
export function readDir(side: string, dir: string): Side {
  const candidates = ["cdk.tf.json", path.join("stacks", "devpod", "cdk.tf.json"), STACK_FILE];
  const found = candidates.map((c) => path.join(dir, c)).find((f) => fs.existsSync(f));
  if (!found) throw noTemplate(side, dir, candidates);
  const label = { name: dir };
  if (found === path.join(dir, "cdk.tf.json")) {
    const stack = path.basename(path.resolve(dir)) === "platform" ? "platform" : "devpod";
    return { templates: { [stack]: readStack(found, found, stack) }, label };
  }
  const stacks = path.dirname(path.dirname(found));
  return { templates: readStacks(stacks, (stack) => path.join(stacks, stack, "cdk.tf.json")), label };
}

/** Runs the project's own `npm run synth` in `project` and reads what it wrote. */
async function synthIn(side: string, project: string): Promise<Record<string, Template>> {
  const file = path.join(project, STACK_FILE);
  const stacks = path.join(project, "cdktf.out", "stacks");
  // Never read a stack an earlier synth left behind.
  for (const stack of STACKS) fs.rmSync(path.join(stacks, stack, "cdk.tf.json"), { force: true });
  const r = await run("npm", ["run", "-s", "synth"], project, { ...process.env, CHECKPOINT_DISABLE: "1", CI: "1" });
  if (r.status !== 0 || !fs.existsSync(file)) throw synthFailed(side, r.status, r.output || `no ${STACK_FILE} was written`);
  return readStacks(stacks, (stack) => `${side}: ${path.join("cdktf.out", "stacks", stack, "cdk.tf.json")}`);
}

/** Synthesizes the working tree at `project`. */
export async function synthWorkingTree(project: string): Promise<Side> {
  return { templates: await synthIn("working tree", project), label: { name: "working tree" } };
}

/** Temporary worktrees still to remove. */
const cleanups = new Set<() => void>();

/** Removes every temporary worktree still there (the CLI calls it when a signal stops it). */
export function removeWorktrees(): void {
  cleanups.forEach((c) => c());
}

/**
 * Synthesizes `ref` of the git repository that holds `project`: checks it out into a temporary detached worktree,
 * gives it dependencies, runs its `npm run synth`, and removes the worktree again, also when anything fails.
 *
 * Dependencies: when the ref's package-lock.json equals the working tree's, its node_modules is a symlink to the working
 * tree's (seconds instead of a minute, and the same packages); otherwise `npm ci --prefer-offline` installs the ref's
 * own, from npm's cache where it can.
 */
export async function synthRef(project: string, ref: string): Promise<Side> {
  const commit = await git(project, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]).catch(() => {
    throw gitFailed(["rev-parse", "--verify", `${ref}^{commit}`], `unknown revision ${ref}`);
  });
  const top = await git(project, ["rev-parse", "--show-toplevel"]);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "devpod-review-"));
  // A unique base name: git names the worktree's admin directory after it, and two sides may be added at once.
  const tree = path.join(scratch, path.basename(scratch));
  const checkout = path.join(tree, path.relative(top, fs.realpathSync(project)));
  const cleanup = () => {
    const modules = path.join(checkout, "node_modules");
    // Unlink our symlink first, so nothing below can ever walk into the working tree's node_modules.
    if (fs.lstatSync(modules, { throwIfNoEntry: false })?.isSymbolicLink()) fs.unlinkSync(modules);
    // Only this worktree's own entry: other worktrees of the repository are none of our business.
    const removed = spawnSync("git", ["worktree", "remove", "--force", tree], { cwd: project, stdio: "ignore" });
    fs.rmSync(scratch, { recursive: true, force: true });
    if (removed.status !== 0) spawnSync("git", ["worktree", "prune"], { cwd: project, stdio: "ignore" });
    cleanups.delete(cleanup);
  };
  cleanups.add(cleanup);
  try {
    await git(project, ["worktree", "add", "--detach", "--quiet", tree, commit]);
    const lock = (dir: string) => {
      const file = path.join(dir, "package-lock.json");
      return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
    };
    const own = path.join(project, "node_modules");
    const target = path.join(checkout, "node_modules");
    if (fs.lstatSync(target, { throwIfNoEntry: false })) {
      // The ref itself holds a node_modules (a committed symlink): use what it has.
    } else if (fs.existsSync(own) && lock(checkout) !== undefined && lock(checkout) === lock(project)) {
      fs.symlinkSync(fs.realpathSync(own), target);
    } else {
      const r = await run("npm", ["ci", "--prefer-offline", "--no-audit", "--no-fund"], checkout);
      if (r.status !== 0) throw synthFailed(`${ref} (npm ci)`, r.status, r.output);
    }
    return { templates: await synthIn(ref, checkout), label: { name: ref, commit } };
  } finally {
    cleanup();
  }
}
