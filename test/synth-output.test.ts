// What `cdktf synth` really writes (app.synth(), not Testing.synth): the file Coder receives.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App } from "cdktf";
import { DevpodStack } from "../lib/devpod-stack";
import { allStrings } from "./helpers";

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

describe("cdktf synth (the CLI, as the README runs it)", () => {
  /** A throwaway copy of the project whose cdktf.json carries `devpod`; node_modules is linked, not copied. */
  function project(devpod: unknown): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "devpod-cli-"));
    scratch.push(dir);
    for (const entry of ["lib", "main.ts", "package.json", "tsconfig.json", "node_modules"]) {
      fs.symlinkSync(path.join(root, entry), path.join(dir, entry));
    }
    const cdktfJson = JSON.parse(fs.readFileSync(path.join(root, "cdktf.json"), "utf8"));
    cdktfJson.context.devpod = devpod;
    fs.writeFileSync(path.join(dir, "cdktf.json"), JSON.stringify(cdktfJson));
    return dir;
  }
  const cdktf = (dir: string) =>
    spawnSync(path.join(root, "node_modules", ".bin", "cdktf"), ["synth"], {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, CHECKPOINT_DISABLE: "1", CI: "1" },
    });

  test("reads context.devpod from cdktf.json and writes cdktf.out/stacks/devpod/cdk.tf.json", () => {
    const dir = project({ namespace: "from-cdktf-json" });
    const run = cdktf(dir);
    expect(run.status).toBe(0);
    const tf = JSON.parse(fs.readFileSync(path.join(dir, "cdktf.out", "stacks", "devpod", "cdk.tf.json"), "utf8"));
    expect(tf.variable.namespace.default).toBe("from-cdktf-json");
    expect(tf.terraform.backend).toBeUndefined();
  }, 60000);

  test("fails on a bad value, naming key, value and fix, and leaves no stack (not even an older one)", () => {
    const dir = project({ dockerDataRoot: "/var/lib/docker" });
    const stale = path.join(dir, "cdktf.out", "stacks", "devpod");
    fs.mkdirSync(stale, { recursive: true });
    fs.writeFileSync(path.join(stale, "cdk.tf.json"), "{}");
    const run = cdktf(dir);
    expect(run.status).not.toBe(0);
    expect(run.stdout + run.stderr).toContain(
      `dockerDataRoot = "/var/lib/docker" is invalid: it must be below homePath (/home/coder)`,
    );
    expect(run.stdout + run.stderr).toContain("fix: use e.g. /home/coder/.docker-data");
    expect(run.stdout + run.stderr).not.toContain("at invalidConfigValue"); // a message, not a stack trace
    expect(fs.existsSync(path.join(dir, "cdktf.out", "stacks", "devpod"))).toBe(false);
  }, 60000);
});

