// The plan-time Longhorn version gate of the platform stack (lib/platform/longhorn-version.ts): the condition and the
// message are Terraform expressions, so they are run by the real terraform, offline, as an output's precondition over
// a variable in place of the data source's `self.object.value`.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { LONGHORN_NEEDS, VERSION_EXPRESSION, versionAtLeast, versionMessage } from "../../lib/platform/longhorn-version";
import { synthPlatform } from "../helpers";
import { terraformUnavailable } from "../terraform";
import { requireOrSkip } from "../dind/environment";

const missing = requireOrSkip("terraform (Longhorn version gate)", terraformUnavailable());
const withTerraform = missing ? describe.skip : describe;

/** Plans a stack whose one output carries the need's precondition over `var.version`; the error, or undefined. */
function plan(dir: string, version: string | null): string | undefined {
  const env = { ...process.env, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1", TF_CLI_CONFIG_FILE: "/dev/null" };
  const args = ["plan", "-input=false", "-no-color", ...(version === null ? [] : [`-var=longhorn=${version}`])];
  const r = spawnSync("terraform", args, { cwd: dir, encoding: "utf8", env });
  return r.status === 0 ? undefined : r.stderr.replace(/[│╷╵]/g, "").replace(/\s+/g, " ");
}

withTerraform("the version gate, run by terraform", () => {
  const dirs: string[] = [];
  const stack = (need: (typeof LONGHORN_NEEDS)[keyof typeof LONGHORN_NEEDS]) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "devpod-lhv-"));
    dirs.push(dir);
    const over = (s: string) => s.split(VERSION_EXPRESSION).join("var.longhorn");
    fs.writeFileSync(path.join(dir, "main.tf.json"), JSON.stringify({
      variable: { longhorn: { type: "string", default: null } },
      output: { ok: { value: "ok", precondition: [{ condition: over(versionAtLeast(VERSION_EXPRESSION, need.minimum)), error_message: over(versionMessage(VERSION_EXPRESSION, "longhorn-system", need)) }] } },
    }));
    const init = spawnSync("terraform", ["init", "-input=false", "-no-color"], { cwd: dir, encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1", TF_CLI_CONFIG_FILE: "/dev/null" } });
    if (init.status !== 0) throw new Error(init.stderr);
    return dir;
  };
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  test("backups: 1.5.0 and later pass (any patch, a dev build, a 2.x); 1.4.x and no version fail with one line", () => {
    const dir = stack(LONGHORN_NEEDS.backups);
    for (const ok of ["v1.5.0", "v1.5.5", "1.6.0", "v1.13.0-dev", "v1.10.2", "v2.0.0"]) expect({ ok, error: plan(dir, ok) }).toEqual({ ok, error: undefined });
    expect(plan(dir, "v1.4.4")).toContain(
      "Longhorn v1.4.4 in namespace longhorn-system is older than 1.5, which backups.enabled needs: Longhorn copies a claim's recurring-job labels to its volume only from 1.5 on",
    );
    expect(plan(dir, "v1.4.4")).toContain("fix: upgrade Longhorn to 1.5 or later, or set backups.enabled to false.");
    expect(plan(dir, "v0.9.0")).toContain("Longhorn v0.9.0 ");
    expect(plan(dir, "master-head")).toContain("Longhorn master-head in namespace");
    expect(plan(dir, null)).toContain("Longhorn (no current-longhorn-version setting) in namespace");
  });

  test("ReadWriteOncePod: 1.11 and later pass; 1.10 fails (a minor compared as a number: 1.9 < 1.10 < 1.11)", () => {
    const dir = stack(LONGHORN_NEEDS.readWriteOncePod);
    for (const ok of ["v1.11.0", "v1.12.1", "v2.1.0"]) expect({ ok, error: plan(dir, ok) }).toEqual({ ok, error: undefined });
    for (const bad of ["v1.10.3", "v1.9.1", "v1.1.11"]) expect(plan(dir, bad)).toContain("is older than 1.11, which accessMode ReadWriteOncePod needs");
  });
});

describe("which needs the platform stack checks", () => {
  const conditions = (devpod: unknown) =>
    (synthPlatform(devpod).tf.data?.kubernetes_resource?.longhorn_version?.lifecycle.postcondition ?? []).map((p: { error_message: string }) => p.error_message.match(/which (.*?) needs/)![1]);
  test("none by default; one per need; both at once", () => {
    expect(conditions({})).toEqual([]);
    expect(conditions({ backups: { enabled: true } })).toEqual(["backups.enabled"]);
    expect(conditions({ accessMode: "ReadWriteOncePod" })).toEqual(["accessMode ReadWriteOncePod"]);
    expect(conditions({ accessMode: "ReadWriteOncePod", backups: { enabled: true } })).toEqual(["backups.enabled", "accessMode ReadWriteOncePod"]);
  });
});
