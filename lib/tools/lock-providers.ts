/**
 * `npm run lock [-- --fs-mirror=DIR]`: writes the committed provider lock file (lib/providers/gen/terraform.lock.hcl) with
 * `terraform providers lock` for linux_amd64 and linux_arm64 (where Coder's provisioners and the platform's CI run),
 * for exactly the versions of lib/providers/provider-versions.ts. From the Terraform registry by default; with `--fs-mirror`,
 * from a directory of provider packages (`terraform providers mirror` makes one) on machines without the registry.
 * Synth copies the result into each stack directory (lib/providers/provider-lock.ts).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PROVIDER_LOCK_FILE, checkLockFile } from "../providers/provider-lock";
import { PROVIDERS } from "../providers/provider-versions";

/** The platforms locked: Coder's provisioners run linux on amd64 or arm64. */
export const LOCK_PLATFORMS = ["linux_amd64", "linux_arm64"] as const;

const USAGE = `usage: npm run lock [-- --fs-mirror=DIR]
Writes ${path.relative(process.cwd(), PROVIDER_LOCK_FILE) || PROVIDER_LOCK_FILE} with terraform providers lock (${LOCK_PLATFORMS.join(", ")}) for
${Object.values(PROVIDERS).map((p) => `${p.source} ${p.version}`).join(", ")}.
  --fs-mirror=DIR   read the provider packages from DIR (a terraform providers mirror) instead of the registry`;

/** Options of {@link lockProviders}. */
export interface LockOptions {
  /** A directory of provider packages (packed layout) to read instead of the registry. @default - the registry */
  readonly fsMirror?: string;
  /** Where to write the lock file. @default PROVIDER_LOCK_FILE */
  readonly out?: string;
  /** The terraform binary. @default "terraform" */
  readonly terraform?: string;
}

/** The outcome: the one line to print, and whether the lock file was written. */
export interface LockResult {
  readonly ok: boolean;
  readonly message: string;
}

/** The `terraform providers lock` arguments. */
export function lockArgs(fsMirror?: string): string[] {
  return ["providers", "lock", ...LOCK_PLATFORMS.map((p) => `-platform=${p}`), ...(fsMirror ? [`-fs-mirror=${path.resolve(fsMirror)}`] : [])];
}

/**
 * Runs `terraform providers lock` in a scratch directory whose only content requires the pinned providers, checks
 * the result, and only then replaces `out`. On failure `out` is left as it was.
 */
export function lockProviders(options: LockOptions = {}): LockResult {
  const out = options.out ?? PROVIDER_LOCK_FILE;
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "devpod-lock-"));
  try {
    const requiredProviders = Object.fromEntries(Object.entries(PROVIDERS).map(([name, p]) => [name, { ...p }]));
    fs.writeFileSync(path.join(scratch, "main.tf.json"), JSON.stringify({ terraform: { required_providers: requiredProviders } }, null, 2));
    const run = spawnSync(options.terraform ?? "terraform", lockArgs(options.fsMirror), {
      cwd: scratch,
      encoding: "utf8",
      env: { ...process.env, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" },
    });
    if (run.error) return { ok: false, message: `npm run lock: cannot run terraform (${run.error.message}); fix: install Terraform ≥ 1.5` };
    const lockFile = path.join(scratch, ".terraform.lock.hcl");
    if (run.status !== 0 || !fs.existsSync(lockFile)) {
      return { ok: false, message: `npm run lock: terraform providers lock failed: ${terraformError(run.stderr + run.stdout) ?? `exit status ${run.status}`}; ${shown(out)} is unchanged` };
    }
    const text = fs.readFileSync(lockFile, "utf8");
    try {
      checkLockFile(text, lockFile);
    } catch (err) {
      // What terraform wrote is not what the stacks pin (e.g. a mirror holding other versions): say so, keep `out`.
      return { ok: false, message: `npm run lock: terraform's lock does not match the pins: ${(err as Error).message}; ${shown(out)} is unchanged` };
    }
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, text);
    return { ok: true, message: `wrote ${shown(out)}: ${Object.values(PROVIDERS).map((p) => `${p.source} ${p.version}`).join(", ")} for ${LOCK_PLATFORMS.join(", ")}` };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** A path as the user would type it from the working directory. */
const shown = (file: string) => path.relative(process.cwd(), file) || file;

/** Terraform's error title and its first item ("- <provider>: <cause>"), without colours or box drawing. */
export function terraformError(output: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  const lines = output.replace(/\x1b\[[0-9;]*m/g, "").split("\n").map((l) => l.replace(/^[\s│╷╵]+/, ""));
  const at = lines.findIndex((l) => l.startsWith("Error:"));
  if (at < 0) return undefined;
  // The first item, whose text Terraform wraps over several lines.
  const rest = lines.slice(at + 1);
  const start = rest.findIndex((l) => l.startsWith("- "));
  if (start < 0) return lines[at];
  const end = rest.findIndex((l, i) => i > start && (l.startsWith("- ") || l.trim() === ""));
  const item = rest.slice(start, end < 0 ? undefined : end).join(" ").slice(2);
  return `${lines[at]} (${item})`;
}

/** Parses the command line; unknown arguments are refused (the command replaces a committed file). */
export function parseLockArgs(argv: string[]): { help: true } | { help: false; fsMirror?: string } | { error: string } {
  let fsMirror: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--help" || arg === "-h") return { help: true };
    if (arg.startsWith("--fs-mirror=")) fsMirror = arg.slice("--fs-mirror=".length);
    else if (arg === "--fs-mirror" && argv[i + 1] !== undefined) fsMirror = argv[++i];
    else if (arg === "--fs-mirror" || arg === "--fs-mirror=") return { error: "npm run lock: --fs-mirror needs a directory; fix: --fs-mirror=DIR (a terraform providers mirror)" };
    else return { error: `npm run lock: unknown argument '${arg}'; fix: use --fs-mirror=DIR or nothing (npm run lock -- --help)` };
  }
  if (fsMirror !== undefined && !fs.existsSync(fsMirror)) return { error: `npm run lock: --fs-mirror=${fsMirror} does not exist` };
  return { help: false, fsMirror };
}

// exitCode, not exit(): tsx writes its compile cache asynchronously, and an exit() would drop it every run.
if (require.main === module) {
  const parsed = parseLockArgs(process.argv.slice(2));
  if ("error" in parsed) {
    console.error(parsed.error);
    process.exitCode = 2;
  } else if (parsed.help) {
    console.log(USAGE);
  } else {
    const result = lockProviders({ fsMirror: parsed.fsMirror });
    (result.ok ? console.log : console.error)(result.message);
    process.exitCode = result.ok ? 0 : 1;
  }
}
