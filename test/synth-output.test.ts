// What `cdktf synth` really writes (app.synth(), not Testing.synth): the file Coder receives. The commands themselves
// (`npm run synth`, the cdktf CLI) run in synth-output.e2e.test.ts.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App } from "cdktf";
import { DevpodStack } from "../lib/template/devpod-stack";
import { allStrings } from "./helpers";
import { scratchDirs } from "./scratch";

const root = path.resolve(__dirname, "..");
const tmp = scratchDirs();

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
  const a = tmp("devpod-a-");
  const b = tmp("devpod-b-");
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
