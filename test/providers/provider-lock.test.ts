// Reproducible providers: exact pins, `npm run lock` (real terraform, offline, against a filesystem mirror of stand-in
// provider packages) and the lock file synth copies into each stack directory, which terraform init then accepts.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";
import { App } from "cdktf";
import { DevpodStack } from "../../lib/template/devpod-stack";
import { PlatformStack } from "../../lib/platform/platform-stack";
import { PROVIDER_LOCK_FILE, STACK_LOCK_NAME, describeWritten, parseLockFile, readProviderLock, writeProviderLocks } from "../../lib/providers/provider-lock";
import { PROVIDERS } from "../../lib/providers/provider-versions";
import { KUBERNETES_PROVIDER } from "../../lib/tools/review/provider-facts";
import { lockArgs, lockProviders, parseLockArgs } from "../../lib/tools/lock-providers";
import { TEST_COMMIT, scratchDirs } from "../helpers";

const root = path.resolve(__dirname, "..", "..");
const tmp = scratchDirs();

/** Little-endian fields of 2 or 4 bytes, in order. */
const le = (...fields: [2 | 4, number][]) =>
  Buffer.concat(fields.map(([size, value]) => {
    const b = Buffer.alloc(size);
    if (size === 2) b.writeUInt16LE(value);
    else b.writeUInt32LE(value);
    return b;
  }));

/** A zip archive holding one stored (uncompressed) file: the layout of a provider package. */
function zip(name: string, content: string): Buffer {
  const data = Buffer.from(content);
  const file = Buffer.from(name);
  const crc = zlib.crc32(data);
  // Local header: signature, version 2.0, flags, method "stored", time, date, crc, sizes, name length, extra length.
  const local = Buffer.concat([le([4, 0x04034b50], [2, 20], [2, 0], [2, 0], [2, 0], [2, 0], [4, crc], [4, data.length], [4, data.length], [2, file.length], [2, 0]), file, data]);
  // Central directory entry: as above plus comment, disk, internal and external attributes (a 0755 file), offset 0.
  const central = Buffer.concat([
    le([4, 0x02014b50], [2, 0x0314], [2, 20], [2, 0], [2, 0], [2, 0], [2, 0], [4, crc], [4, data.length], [4, data.length], [2, file.length], [2, 0], [2, 0], [2, 0], [2, 0], [4, 0o100755 * 0x10000], [4, 0]),
    file,
  ]);
  const end = le([4, 0x06054b50], [2, 0], [2, 0], [2, 1], [2, 1], [4, central.length], [4, local.length], [2, 0]);
  return Buffer.concat([local, central, end]);
}

/**
 * A filesystem mirror in Terraform's packed layout (`<host>/<namespace>/<type>/terraform-provider-<type>_<version>_<os>_<arch>.zip`)
 * holding stand-in packages: `version` overrides a provider's version, `tag` changes the packages' content.
 */
function standInMirror(overrides: Partial<Record<keyof typeof PROVIDERS, string>> = {}, tag = "stand-in"): string {
  const dir = tmp("devpod-mirror-");
  for (const [name, pin] of Object.entries(PROVIDERS)) {
    const version = overrides[name as keyof typeof PROVIDERS] ?? pin.version;
    const type = pin.source.split("/")[1];
    const at = path.join(dir, "registry.terraform.io", pin.source);
    fs.mkdirSync(at, { recursive: true });
    for (const platform of ["linux_amd64", "linux_arm64"]) {
      fs.writeFileSync(
        path.join(at, `terraform-provider-${type}_${version}_${platform}.zip`),
        zip(`terraform-provider-${type}_v${version}`, `#!/bin/sh\n# ${tag} ${pin.source} ${version} ${platform}\nexit 1\n`),
      );
    }
  }
  return dir;
}

const mirror = standInMirror();
const lockOut = path.join(tmp("devpod-lockout-"), "terraform.lock.hcl");
const locked = lockProviders({ fsMirror: mirror, out: lockOut });

describe("npm run lock", () => {
  test("runs terraform providers lock for linux_amd64 and linux_arm64, from the mirror when given", () => {
    expect(lockArgs()).toEqual(["providers", "lock", "-platform=linux_amd64", "-platform=linux_arm64"]);
    expect(lockArgs("m")).toEqual(["providers", "lock", "-platform=linux_amd64", "-platform=linux_arm64", `-fs-mirror=${path.resolve("m")}`]);
  });

  test("locks every pinned provider at exactly its version, with a hash per platform", () => {
    expect(locked).toEqual({ ok: true, message: expect.stringMatching(/^wrote .*terraform\.lock\.hcl: coder\/coder 2\.17\.0, coder\/coderd 0\.0\.23, hashicorp\/kubernetes 2\.38\.0 for linux_amd64, linux_arm64$/) });
    const text = fs.readFileSync(lockOut, "utf8");
    const entries = parseLockFile(text);
    expect(entries.map((e) => [e.address, e.version])).toEqual([
      ["registry.terraform.io/coder/coder", "2.17.0"],
      ["registry.terraform.io/coder/coderd", "0.0.23"],
      ["registry.terraform.io/hashicorp/kubernetes", "2.38.0"],
    ]);
    for (const e of entries) {
      expect(e.hashes.filter((h) => h.startsWith("h1:"))).toHaveLength(2);
      // The constraint Terraform recorded is the exact pin.
      expect(e.text).toContain(`constraints = "${e.version}"`);
    }
  });

  test("fails with one line, and leaves the lock file alone, when a pinned version is not available", () => {
    fs.writeFileSync(path.join(path.dirname(lockOut), "kept.hcl"), "previous\n");
    const result = lockProviders({ fsMirror: standInMirror({ kubernetes: "2.39.0" }), out: path.join(path.dirname(lockOut), "kept.hcl") });
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/^npm run lock: terraform providers lock failed: Error: .*hashicorp\/kubernetes.*; .*kept\.hcl is unchanged$/);
    expect(result.message).not.toContain("\n");
    expect(fs.readFileSync(path.join(path.dirname(lockOut), "kept.hcl"), "utf8")).toBe("previous\n");
  });

  test("refuses unknown arguments with one line (it replaces a committed file); --help prints usage", () => {
    expect(parseLockArgs(["--dry-run"])).toEqual({ error: "npm run lock: unknown argument '--dry-run'; fix: use --fs-mirror=DIR or nothing (npm run lock -- --help)" });
    expect(parseLockArgs(["--fs-mirror", mirror])).toEqual({ help: false, fsMirror: mirror });
    expect(parseLockArgs(["--fs-mirror"])).toEqual({ error: "npm run lock: --fs-mirror needs a directory; fix: --fs-mirror=DIR (a terraform providers mirror)" });
    expect(parseLockArgs(["--help"])).toEqual({ help: true });
    expect(parseLockArgs([`--fs-mirror=${mirror}/nope`])).toEqual({ error: `npm run lock: --fs-mirror=${mirror}/nope does not exist` });
    const script = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).scripts.lock;
    expect(script).toBe("node --require tsx/cjs lib/tools/lock-providers.ts");
    const run = spawnSync("/bin/sh", ["-c", `${script} --bogus`], { cwd: root, encoding: "utf8" });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 2, stderr: expect.stringMatching(/^npm run lock: unknown argument '--bogus'[^\n]*\n$/) });
  }, 30000);
});

describe("the lock file in each stack directory", () => {
  /** main.ts's steps with a real App: synth, then the lock files. */
  function synth(lockText: string | undefined, devpod: unknown = {}): { outdir: string; lines: string[] } {
    const cwd = tmp("devpod-locksynth-");
    const before = process.cwd();
    process.chdir(cwd);
    try {
      const app = new App({ outdir: path.join(cwd, "cdktf.out"), stackTraces: false, context: { devpod } });
      DevpodStack.fromContext(app);
      PlatformStack.fromContext(app, { gitCommit: TEST_COMMIT });
      app.synth();
      return { outdir: app.outdir, lines: writeProviderLocks(app.outdir, ["devpod", "platform"], lockText).map(describeWritten) };
    } finally {
      process.chdir(before);
    }
  }
  const lockText = () => fs.readFileSync(lockOut, "utf8");
  const stackLock = (outdir: string, id: string) => path.join(outdir, "stacks", id, STACK_LOCK_NAME);
  /** One synth with the lock file and the default config, made when first asked for; tests only read it. */
  let defaults: { outdir: string; lines: string[] } | undefined;
  const synthDefaults = () => (defaults ??= synth(lockText()));
  /** A copy of that synth's output, for a test that changes a stack directory (terraform init, a stale lock). */
  const copyOfDefaults = (): string => {
    const to = path.join(tmp("devpod-locksynth-"), "cdktf.out");
    fs.cpSync(synthDefaults().outdir, to, { recursive: true });
    return to;
  };

  test("holds exactly the stack's own providers, and synth says so, one line per stack", () => {
    const { outdir, lines } = synthDefaults();
    expect(parseLockFile(fs.readFileSync(stackLock(outdir, "devpod"), "utf8")).map((e) => e.address)).toEqual([
      "registry.terraform.io/coder/coder",
      "registry.terraform.io/hashicorp/kubernetes",
    ]);
    expect(parseLockFile(fs.readFileSync(stackLock(outdir, "platform"), "utf8")).map((e) => e.address)).toEqual([
      "registry.terraform.io/coder/coderd",
      "registry.terraform.io/hashicorp/kubernetes",
    ]);
    expect(lines).toEqual([
      "wrote cdktf.out/stacks/devpod: cdk.tf.json and .terraform.lock.hcl; providers coder/coder 2.17.0, hashicorp/kubernetes 2.38.0",
      "wrote cdktf.out/stacks/platform: cdk.tf.json and .terraform.lock.hcl; providers coder/coderd 0.0.23, hashicorp/kubernetes 2.38.0",
    ]);
  });

  test("terraform init accepts it offline: installs the locked packages and leaves the lock file as it is", () => {
    // With the import blocks on: init parses the whole configuration, so it also proves their syntax.
    const { outdir } = synth(lockText(), { platform: { import: { template: true, namespace: true } } });
    expect(JSON.parse(fs.readFileSync(path.join(outdir, "stacks", "platform", "cdk.tf.json"), "utf8")).import).toHaveLength(2);
    const cliConfig = path.join(tmp("devpod-tfrc-"), "terraformrc");
    fs.writeFileSync(cliConfig, `provider_installation {\n  filesystem_mirror {\n    path = "${mirror}"\n  }\n}\n`);
    for (const id of ["devpod", "platform"]) {
      const before = fs.readFileSync(stackLock(outdir, id), "utf8");
      const init = spawnSync("terraform", ["init", "-backend=false", "-input=false", "-no-color"], {
        cwd: path.join(outdir, "stacks", id),
        encoding: "utf8",
        env: { ...process.env, TF_CLI_CONFIG_FILE: cliConfig, CHECKPOINT_DISABLE: "1", TF_PLUGIN_CACHE_DIR: "" },
      });
      expect({ id, status: init.status, out: init.stdout }).toEqual({ id, status: 0, out: expect.stringContaining("Terraform has been successfully initialized") });
      expect(fs.readFileSync(stackLock(outdir, id), "utf8")).toBe(before);
    }
    // Packages that differ from the locked ones are refused: the lock file really binds what is installed.
    const other = standInMirror({}, "tampered");
    fs.writeFileSync(cliConfig, `provider_installation {\n  filesystem_mirror {\n    path = "${other}"\n  }\n}\n`);
    const fresh = copyOfDefaults(); // nothing installed yet
    const init = spawnSync("terraform", ["init", "-backend=false", "-input=false", "-no-color"], {
      cwd: path.join(fresh, "stacks", "devpod"),
      encoding: "utf8",
      env: { ...process.env, TF_CLI_CONFIG_FILE: cliConfig, CHECKPOINT_DISABLE: "1", TF_PLUGIN_CACHE_DIR: "" },
    });
    expect(init.status).not.toBe(0);
    expect(init.stderr.replace(/\s+/g, " ")).toMatch(/doesn.t match any of the checksums previously recorded/);
  }, 30000);

  test("without a lock file none is written (not even an older one), and synth says how to get one", () => {
    const outdir = copyOfDefaults();
    // Synthesize again into the same directory without a lock: the earlier one is removed.
    fs.writeFileSync(path.join(outdir, "stacks", "devpod", STACK_LOCK_NAME), "stale");
    const lines = writeProviderLocks(outdir, ["devpod", "platform"], undefined).map(describeWritten);
    expect(fs.existsSync(stackLock(outdir, "devpod"))).toBe(false);
    expect(fs.existsSync(stackLock(outdir, "platform"))).toBe(false);
    expect(lines[0]).toMatch(/^wrote .*stacks\/devpod: cdk\.tf\.json \(no provider lock file: run `npm run lock`, see docs\/platform\.md\); providers coder\/coder 2\.17\.0/);
  });

  test("a lock file for other versions is refused with one line before anything is written", () => {
    const file = path.join(tmp("devpod-badlock-"), "terraform.lock.hcl");
    fs.writeFileSync(file, lockText().replace('version     = "2.17.0"', 'version     = "2.17.1"'));
    expect(() => readProviderLock(file)).toThrow(
      /locks coder\/coder at 2\.17\.1, but the stacks pin 2\.17\.0 \(lib\/providers\/provider-versions\.ts\); fix: run `npm run lock` and commit the result$/,
    );
    fs.writeFileSync(file, lockText().replace(/provider "registry.terraform.io\/coder\/coderd" \{[\s\S]*?\n\}\n/, ""));
    expect(() => readProviderLock(file)).toThrow(/locks coder\/coderd at no entry, but the stacks pin 0\.0\.23/);
    // The pinned version with no hash at all: terraform init would have nothing to check the package against.
    const hashless = lockText().replace(/(provider "registry\.terraform\.io\/hashicorp\/kubernetes" \{[\s\S]*?hashes = \[)[\s\S]*?\]/, "$1]");
    expect(hashless).toMatch(/hashicorp\/kubernetes" \{[^}]*version += "2\.38\.0"[^}]*hashes = \[\]/);
    fs.writeFileSync(file, hashless);
    expect(() => readProviderLock(file)).toThrow(/locks hashicorp\/kubernetes at 2\.38\.0 without hashes, but the stacks pin 2\.38\.0/);
    expect(readProviderLock(path.join(path.dirname(file), "absent.hcl"))).toBeUndefined();
  });

  // No lock file is committed until a machine that reaches the registry runs `npm run lock` (docs/platform.md).
  (fs.existsSync(PROVIDER_LOCK_FILE) ? test : test.skip)("the committed lock file locks the pinned versions", () => {
    expect(() => readProviderLock(PROVIDER_LOCK_FILE)).not.toThrow();
  });
});

test("the review tool's provider facts are of the pinned versions", () => {
  expect(KUBERNETES_PROVIDER).toBe(`kubernetes provider v${PROVIDERS.kubernetes.version}`);
  const facts = fs.readFileSync(path.join(root, "lib", "tools", "review", "provider-facts.ts"), "utf8");
  expect(facts).toContain(`coder provider v${PROVIDERS.coder.version}`);
  expect(facts).toContain(`hashicorp/terraform-provider-kubernetes v${PROVIDERS.kubernetes.version}`);
});
