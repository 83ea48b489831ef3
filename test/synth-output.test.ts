// What `cdktf synth` really writes (app.synth(), not Testing.synth): the file Coder receives.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App } from "cdktf";
import { CONFIG_KEYS, SECTION_KEYS } from "../lib/config/config";
import { DevpodStack } from "../lib/template/devpod-stack";
import { allStrings, projectCopy } from "./helpers";

const root = path.resolve(__dirname, "..");
const scratch: string[] = [];
afterAll(() => scratch.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/** Runs main.ts's wiring with a real App from `cwd`, into `outdir`, and returns cdk.tf.json's text. */
function synthFrom(cwd: string, outdir: string): string {
  const before = process.cwd();
  process.chdir(cwd);
  try {
    const app = new App({ outdir, stackTraces: false, context: { devpod: {} } });
    DevpodStack.fromContext(app);
    app.synth();
  } finally {
    process.chdir(before);
  }
  return fs.readFileSync(path.join(outdir, "stacks", "devpod", "cdk.tf.json"), "utf8");
}

describe("app.synth()", () => {
  const a = fs.mkdtempSync(path.join(os.tmpdir(), "devpod-a-"));
  const b = fs.mkdtempSync(path.join(os.tmpdir(), "devpod-b-"));
  scratch.push(a, b);
  const first = synthFrom(a, path.join(a, "out"));
  const second = synthFrom(b, path.join(b, "out"));

  test("writes no backend block (cdktf's default LocalBackend is removed)", () => {
    expect(JSON.parse(first).terraform.backend).toBeUndefined();
    expect(first).not.toMatch(/tfstate/);
  });

  test("is byte-identical from two directories (no machine or directory in the output)", () => {
    expect(second).toBe(first);
  });

  test("holds no absolute path of the synth machine", () => {
    // The synth directories, the checkout, and anything below the temp or home directory of this machine.
    const machinePaths = [a, b, root, os.tmpdir() + "/", os.homedir() + "/"];
    const leaks = allStrings(JSON.parse(first)).filter((s) => machinePaths.some((p) => s.value.includes(p)));
    expect(leaks).toEqual([]);
  });
});

describe("npm run synth (node with tsx, main.ts) and cdktf synth (the CLI)", () => {
  const project = (devpod: unknown): string => {
    const dir = projectCopy("devpod-cli-", devpod);
    scratch.push(dir);
    return dir;
  };
  const cdktf = (dir: string) =>
    spawnSync(path.join(root, "node_modules", ".bin", "cdktf"), ["synth"], {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, CHECKPOINT_DISABLE: "1", CI: "1" },
    });
  // The README's command: package.json's synth script, run the way npm runs it.
  const npmSynth = (dir: string) =>
    spawnSync("sh", ["-c", JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).scripts.synth], {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, PATH: `${path.join(root, "node_modules", ".bin")}:${process.env.PATH}` },
    });
  /** Every file under dir, relative, with its text. */
  const tree = (dir: string): Record<string, string> =>
    Object.fromEntries(
      (fs.readdirSync(dir, { recursive: true }) as string[])
        .filter((f) => fs.statSync(path.join(dir, f)).isFile())
        .sort()
        .map((f) => [f, fs.readFileSync(path.join(dir, f), "utf8")]),
    );

  test("npm run synth writes the same cdktf.out as cdktf synth, reading context.devpod from cdktf.json", () => {
    const viaNpm = project({ namespace: "from-cdktf-json" });
    const viaCli = project({ namespace: "from-cdktf-json" });
    const run = npmSynth(viaNpm);
    expect(run.status).toBe(0);
    // It says what it wrote: one line per stack (no lock file is committed here; test/providers/provider-lock.test.ts has one).
    expect(run.stdout.split("\n").filter(Boolean)).toEqual([
      expect.stringMatching(/^wrote cdktf\.out\/stacks\/devpod: cdk\.tf\.json .*; providers coder\/coder 2\.17\.0, hashicorp\/kubernetes 2\.38\.0$/),
      expect.stringMatching(/^wrote cdktf\.out\/stacks\/platform: cdk\.tf\.json .*; providers coder\/coderd 0\.0\.23, hashicorp\/kubernetes 2\.38\.0$/),
    ]);
    expect(cdktf(viaCli).status).toBe(0);
    const written = tree(path.join(viaNpm, "cdktf.out"));
    expect(Object.keys(written)).toEqual(["manifest.json", "stacks/devpod/cdk.tf.json", "stacks/platform/cdk.tf.json"]);
    expect(written).toEqual(tree(path.join(viaCli, "cdktf.out")));
    expect(JSON.parse(written["stacks/devpod/cdk.tf.json"]).variable.namespace.default).toBe("from-cdktf-json");
  }, 60000);

  test("npm run synth fails on a bad value with the message once, and leaves neither stack nor manifest", () => {
    const dir = project({ storageClas: "longhorn" });
    fs.mkdirSync(path.join(dir, "cdktf.out", "stacks", "devpod"), { recursive: true });
    fs.writeFileSync(path.join(dir, "cdktf.out", "manifest.json"), '{"stacks":{"devpod":{}}}');
    const run = npmSynth(dir);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(
      "devpod config (cdktf.json → context.devpod): unknown key 'storageClas'; fix: did you mean 'storageClass'? " +
        `remove it or use one of ${[...CONFIG_KEYS, ...SECTION_KEYS].sort().join(", ")}\n`,
    );
    expect(fs.readdirSync(path.join(dir, "cdktf.out", "stacks"))).toEqual([]);
    expect(fs.existsSync(path.join(dir, "cdktf.out", "manifest.json"))).toBe(false);
  }, 60000);

  test("a syntax error in cdktf.json is one line naming line and column, not a stack trace, and writes nothing", () => {
    const dir = project({});
    const file = path.join(dir, "cdktf.json");
    // A trailing comma after the last key of context.devpod, as hand edits leave them.
    fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace(/\}\}\}$/, ",}}}"));
    const stale = path.join(dir, "cdktf.out", "stacks", "devpod");
    fs.mkdirSync(stale, { recursive: true });
    const run = npmSynth(dir);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^cdktf\.json:1:\d+: not valid JSON \([^)]+\); fix: correct the JSON[^\n]*\n$/);
    expect(fs.existsSync(stale)).toBe(false);
  }, 60000);

  test("the stack metadata names no backend, like the stack itself", () => {
    const dir = project({});
    expect(npmSynth(dir).status).toBe(0);
    const tf = JSON.parse(fs.readFileSync(path.join(dir, "cdktf.out", "stacks", "devpod", "cdk.tf.json"), "utf8"));
    expect(tf["//"].metadata.backend).toBe("none");
    expect(tf.terraform.backend).toBeUndefined();
  }, 60000);

  test("cdktf synth fails on a bad value, naming key, value and fix, and leaves no stack (not even an older one)", () => {
    const dir = project({ dockerDataRoot: "/var/lib/docker" });
    const stale = path.join(dir, "cdktf.out", "stacks", "devpod");
    fs.mkdirSync(stale, { recursive: true });
    fs.writeFileSync(path.join(stale, "cdk.tf.json"), "{}");
    const run = cdktf(dir);
    expect(run.status).not.toBe(0);
    expect(run.stdout + run.stderr).toContain(
      `dockerDataRoot = "/var/lib/docker" is invalid: it must be strictly below homePath (/home/coder)`,
    );
    expect(run.stdout + run.stderr).toContain("fix: use e.g. /home/coder/.docker-data");
    expect(run.stdout + run.stderr).not.toContain("at invalidConfigValue"); // a message, not a stack trace
    expect(fs.existsSync(path.join(dir, "cdktf.out", "stacks", "devpod"))).toBe(false);
  }, 60000);
});

