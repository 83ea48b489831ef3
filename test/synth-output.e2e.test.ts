// The commands that write cdktf.out, end to end: `npm run synth` (package.json's script: node with tsx, main.ts) and
// `cdktf synth` (the CLI, which runs cdktf.json's app). A layer of its own (`.e2e`): each run is a process that loads
// the whole stack, and the CLI alone costs ~3.5 s of CPU; `npm test` and CI run it, `npm run test:unit` does not.
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { CONFIG_KEYS, SECTION_KEYS } from "../lib/config/config";
import { projectCopy } from "./helpers";

const root = path.resolve(__dirname, "..");

describe("npm run synth (node with tsx, main.ts) and cdktf synth (the CLI)", () => {
  const project = (devpod: unknown): string => projectCopy("devpod-cli-", devpod);
  /** Runs a command in `dir` and collects what it printed: spawned without waiting, so the runs below overlap. */
  const run = (command: string, args: string[], dir: string, env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string }> =>
    new Promise((resolve, reject) => {
      const child = spawn(command, args, { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d) => (stdout += d));
      child.stderr.on("data", (d) => (stderr += d));
      child.on("error", reject);
      child.on("close", (status) => resolve({ status, stdout, stderr }));
    });
  const cdktf = (dir: string) => run(path.join(root, "node_modules", ".bin", "cdktf"), ["synth"], dir, { ...process.env, CHECKPOINT_DISABLE: "1", CI: "1" });
  // The README's command: package.json's synth script, run the way npm runs it.
  const npmSynth = (dir: string) =>
    run("sh", ["-c", JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).scripts.synth], dir, {
      ...process.env,
      PATH: `${path.join(root, "node_modules", ".bin")}:${process.env.PATH}`,
    });
  /** Every file under dir, relative, with its text. */
  const tree = (dir: string): Record<string, string> =>
    Object.fromEntries(
      (fs.readdirSync(dir, { recursive: true }) as string[])
        .filter((f) => fs.statSync(path.join(dir, f)).isFile())
        .sort()
        .map((f) => [f, fs.readFileSync(path.join(dir, f), "utf8")]),
    );

  // Each project as the test that reads it sets it up; every run starts at once (they wait on each other's CPU only).
  const viaNpm = project({ namespace: "from-cdktf-json" });
  const viaCli = project({ namespace: "from-cdktf-json" });
  const badValue = project({ storageClas: "longhorn" });
  fs.mkdirSync(path.join(badValue, "cdktf.out", "stacks", "devpod"), { recursive: true });
  fs.writeFileSync(path.join(badValue, "cdktf.out", "manifest.json"), '{"stacks":{"devpod":{}}}');
  const badJson = project({});
  const badJsonFile = path.join(badJson, "cdktf.json");
  // A trailing comma after the last key of context.devpod, as hand edits leave them.
  fs.writeFileSync(badJsonFile, fs.readFileSync(badJsonFile, "utf8").replace(/\}\}\}$/, ",}}}"));
  const badJsonStale = path.join(badJson, "cdktf.out", "stacks", "devpod");
  fs.mkdirSync(badJsonStale, { recursive: true });
  const badCli = project({ dockerDataRoot: "/var/lib/docker" });
  const badCliStale = path.join(badCli, "cdktf.out", "stacks", "devpod");
  fs.mkdirSync(badCliStale, { recursive: true });
  fs.writeFileSync(path.join(badCliStale, "cdk.tf.json"), "{}");
  let runs: Record<"viaNpm" | "viaCli" | "badValue" | "badJson" | "badCli", Awaited<ReturnType<typeof run>>>;
  beforeAll(async () => {
    const [a, b, c, d, e] = await Promise.all([npmSynth(viaNpm), cdktf(viaCli), npmSynth(badValue), npmSynth(badJson), cdktf(badCli)]);
    runs = { viaNpm: a, viaCli: b, badValue: c, badJson: d, badCli: e };
  }, 120000);

  test("npm run synth writes the same cdktf.out as cdktf synth, reading context.devpod from cdktf.json", () => {
    expect(runs.viaNpm.status).toBe(0);
    // It says what it wrote: one line per stack (no lock file is committed here; test/providers/provider-lock.test.ts has one).
    expect(runs.viaNpm.stdout.split("\n").filter(Boolean)).toEqual([
      expect.stringMatching(/^wrote cdktf\.out\/stacks\/devpod: cdk\.tf\.json .*; providers coder\/coder 2\.17\.0, hashicorp\/kubernetes 2\.38\.0$/),
      expect.stringMatching(/^wrote cdktf\.out\/stacks\/platform: cdk\.tf\.json .*; providers coder\/coderd 0\.0\.23, hashicorp\/kubernetes 2\.38\.0$/),
    ]);
    expect(runs.viaCli.status).toBe(0);
    const written = tree(path.join(viaNpm, "cdktf.out"));
    expect(Object.keys(written)).toEqual(["manifest.json", "stacks/devpod/cdk.tf.json", "stacks/platform/cdk.tf.json"]);
    expect(written).toEqual(tree(path.join(viaCli, "cdktf.out")));
    expect(JSON.parse(written["stacks/devpod/cdk.tf.json"]).variable.namespace.default).toBe("from-cdktf-json");
  });

  test("npm run synth fails on a bad value with the message once, and leaves neither stack nor manifest", () => {
    expect(runs.badValue.status).toBe(1);
    expect(runs.badValue.stdout).toBe("");
    expect(runs.badValue.stderr).toBe(
      "devpod config (cdktf.json → context.devpod): unknown key 'storageClas'; fix: did you mean 'storageClass'? " +
        `remove it or use one of ${[...CONFIG_KEYS, ...SECTION_KEYS].sort().join(", ")}\n`,
    );
    expect(fs.readdirSync(path.join(badValue, "cdktf.out", "stacks"))).toEqual([]);
    expect(fs.existsSync(path.join(badValue, "cdktf.out", "manifest.json"))).toBe(false);
  });

  test("a syntax error in cdktf.json is one line naming line and column, not a stack trace, and writes nothing", () => {
    expect(runs.badJson.status).toBe(1);
    expect(runs.badJson.stdout).toBe("");
    expect(runs.badJson.stderr).toMatch(/^cdktf\.json:1:\d+: not valid JSON \([^)]+\); fix: correct the JSON[^\n]*\n$/);
    expect(fs.existsSync(badJsonStale)).toBe(false);
  });

  test("the stack metadata names no backend, like the stack itself", () => {
    // The first test's npm run synth: its config sets the namespace only, nothing that touches the backend.
    const tf = JSON.parse(fs.readFileSync(path.join(viaNpm, "cdktf.out", "stacks", "devpod", "cdk.tf.json"), "utf8"));
    expect(tf["//"].metadata.backend).toBe("none");
    expect(tf.terraform.backend).toBeUndefined();
  });

  test("cdktf synth fails on a bad value, naming key, value and fix, and leaves no stack (not even an older one)", () => {
    const out = runs.badCli.stdout + runs.badCli.stderr;
    expect(runs.badCli.status).not.toBe(0);
    expect(out).toContain(`dockerDataRoot = "/var/lib/docker" is invalid: it must be strictly below homePath (/home/coder)`);
    expect(out).toContain("fix: use e.g. /home/coder/.docker-data");
    expect(out).not.toContain("at invalidConfigValue"); // a message, not a stack trace
    expect(fs.existsSync(badCliStale)).toBe(false);
  });
});
