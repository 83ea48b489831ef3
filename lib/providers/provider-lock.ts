/**
 * The provider lock file: `npm run lock` writes it (lib/tools/lock-providers.ts), it is committed, and synth copies it
 * into each stack directory as `.terraform.lock.hcl`, holding only that stack's providers. Coder uploads it with the
 * template and `terraform init` then installs exactly the locked packages, checked against their hashes; `cdktf deploy`
 * uses it in the platform stack's directory the same way.
 *
 * Without a committed lock file synth writes none (and says so): a lock file must come from the real provider
 * packages, so nothing here ever makes one up.
 */
import * as fs from "fs";
import * as path from "path";
import { providerLockMismatch } from "../config/errors";
import { PROVIDERS, registryAddress } from "./provider-versions";

/** The committed lock file. */
export const PROVIDER_LOCK_FILE = path.join(__dirname, "gen", "terraform.lock.hcl");
/** Its name in a stack directory: where `terraform init` and Coder look for it. */
export const STACK_LOCK_NAME = ".terraform.lock.hcl";

/** One `provider "<address>" { ... }` block of a lock file. */
export interface LockedProvider {
  /** `registry.terraform.io/<namespace>/<name>`. */
  readonly address: string;
  /** The locked version. */
  readonly version: string;
  /** Its `h1:`/`zh:` hashes. */
  readonly hashes: string[];
  /** The block's text, as written by Terraform. */
  readonly text: string;
}

const HEADER = '# This file is maintained automatically by "terraform init".\n# Manual edits may be lost in future updates.\n';

/** The provider blocks of a lock file (Terraform writes one block per provider, `}` alone on its last line). */
export function parseLockFile(text: string): LockedProvider[] {
  return [...text.matchAll(/^provider "([^"]+)" \{\n([\s\S]*?)^\}\n?/gm)].map((m) => ({
    address: m[1],
    version: /^\s*version\s*=\s*"([^"]*)"/m.exec(m[2])?.[1] ?? "",
    hashes: [...m[2].matchAll(/"((?:h1|zh):[^"]+)"/g)].map((h) => h[1]),
    text: m[0].endsWith("\n") ? m[0] : `${m[0]}\n`,
  }));
}

/**
 * Checks that `text` locks every provider of {@link PROVIDERS} at exactly its pinned version, with hashes; throws a
 * one-line error naming the file and the fix otherwise (a lock file for another version makes `terraform init` fail).
 */
export function checkLockFile(text: string, file: string): LockedProvider[] {
  const locked = parseLockFile(text);
  for (const pin of Object.values(PROVIDERS)) {
    const entry = locked.find((p) => p.address === registryAddress(pin.source));
    if (!entry || entry.version !== pin.version || entry.hashes.length === 0) {
      const found = !entry ? "no entry" : entry.hashes.length === 0 ? `${entry.version} without hashes` : entry.version;
      throw providerLockMismatch(file, pin.source, pin.version, found);
    }
  }
  return locked;
}

/** The committed lock file, checked; undefined when there is none. */
export function readProviderLock(file: string = PROVIDER_LOCK_FILE): string | undefined {
  if (!fs.existsSync(file)) return undefined;
  const text = fs.readFileSync(file, "utf8");
  checkLockFile(text, path.relative(process.cwd(), file) || file);
  return text;
}

/** The lock file of one stack: the header and the blocks of the providers its cdk.tf.json requires. */
export function stackLockFile(lockText: string, stackJson: { terraform?: { required_providers?: Record<string, { source: string }> } }): string {
  const required = Object.values(stackJson.terraform?.required_providers ?? {}).map((p) => registryAddress(p.source));
  const blocks = parseLockFile(lockText).filter((p) => required.includes(p.address));
  return [HEADER, ...blocks.map((b) => b.text)].join("\n");
}

/** What synth wrote into one stack directory. */
export interface StackWritten {
  /** The stack's directory, relative to the working directory. */
  readonly directory: string;
  /** The providers the stack requires, `<source> <version>`. */
  readonly providers: string[];
  /** Whether a lock file was written next to cdk.tf.json. */
  readonly locked: boolean;
}

/**
 * Writes each stack's lock file (when `lockText` is given) into `<outdir>/stacks/<id>` after `app.synth()`, and
 * returns what each directory now holds.
 */
export function writeProviderLocks(outdir: string, stackIds: readonly string[], lockText: string | undefined): StackWritten[] {
  return stackIds.map((id) => {
    const dir = path.join(outdir, "stacks", id);
    const stackJson = JSON.parse(fs.readFileSync(path.join(dir, "cdk.tf.json"), "utf8"));
    const providers = Object.values(stackJson.terraform?.required_providers ?? {}).map(
      (p) => `${(p as { source: string }).source} ${(p as { version?: string }).version ?? "(any version)"}`,
    );
    const lockPath = path.join(dir, STACK_LOCK_NAME);
    // A lock file left from an earlier synth must not outlive the committed one.
    fs.rmSync(lockPath, { force: true });
    if (lockText !== undefined) fs.writeFileSync(lockPath, stackLockFile(lockText, stackJson));
    return { directory: path.relative(process.cwd(), dir) || dir, providers, locked: lockText !== undefined };
  });
}

/** `npm run synth`'s line for one stack. */
export function describeWritten(w: StackWritten): string {
  const lock = w.locked ? `and ${STACK_LOCK_NAME}` : "(no provider lock file: run `npm run lock`, see docs/platform.md)";
  return `wrote ${w.directory}: cdk.tf.json ${lock}; providers ${w.providers.join(", ")}`;
}
