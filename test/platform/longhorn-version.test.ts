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

type Need = (typeof LONGHORN_NEEDS)[keyof typeof LONGHORN_NEEDS];

/**
 * Plans one stack with an output per case, each carrying its need's precondition over a variable of its own (the
 * version, or null for no version): one terraform plan for every case. Returns each case's error (whitespace and box
 * drawing folded), or undefined when its precondition holds. An error terraform does not attribute to one of the
 * outputs throws, so that a case can only pass by its condition holding.
 */
function planAll(dir: string, cases: { need: Need; version: string | null }[]): (string | undefined)[] {
  const over = (s: string, i: number) => s.split(VERSION_EXPRESSION).join(`var.longhorn_${i}`);
  fs.writeFileSync(path.join(dir, "main.tf.json"), JSON.stringify({
    variable: Object.fromEntries(cases.map(({ version }, i) => [`longhorn_${i}`, { type: "string", default: version }])),
    output: Object.fromEntries(cases.map(({ need }, i) => [`case_${i}`, {
      value: "ok",
      precondition: [{ condition: over(versionAtLeast(VERSION_EXPRESSION, need.minimum), i), error_message: over(versionMessage(VERSION_EXPRESSION, "longhorn-system", need), i) }],
    }])),
  }));
  const env = { ...process.env, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1", TF_CLI_CONFIG_FILE: "/dev/null" };
  const init = spawnSync("terraform", ["init", "-input=false", "-no-color"], { cwd: dir, encoding: "utf8", env });
  if (init.status !== 0) throw new Error(init.stderr);
  const r = spawnSync("terraform", ["plan", "-input=false", "-no-color"], { cwd: dir, encoding: "utf8", env });
  const errors: (string | undefined)[] = cases.map(() => undefined);
  for (const block of r.stderr.split(/^Error: /m).slice(1)) {
    const at = /in output\.case_(\d+)\.precondition\[0\]/.exec(block);
    if (!at || errors[Number(at[1])] !== undefined) throw new Error(`terraform plan: an error of no single case:\n${r.stderr}`);
    errors[Number(at[1])] = block.replace(/[│╷╵]/g, "").replace(/\s+/g, " ");
  }
  if ((r.status === 0) !== errors.every((e) => e === undefined)) throw new Error(`terraform plan exited ${r.status}:\n${r.stderr}`);
  return errors;
}

withTerraform("the version gate, run by terraform", () => {
  // Every case of both tests in one plan: terraform evaluates each output's precondition on its own.
  const backups = { ok: ["v1.5.0", "v1.5.5", "1.6.0", "v1.13.0-dev", "v1.10.2", "v2.0.0"], bad: ["v1.4.4", "v0.9.0", "master-head", null] };
  const rwop = { ok: ["v1.11.0", "v1.12.1", "v2.1.0"], bad: ["v1.10.3", "v1.9.1", "v1.1.11"] };
  const cases = [
    ...[...backups.ok, ...backups.bad].map((version) => ({ need: LONGHORN_NEEDS.backups, version })),
    ...[...rwop.ok, ...rwop.bad].map((version) => ({ need: LONGHORN_NEEDS.readWriteOncePod, version })),
  ];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "devpod-lhv-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  let errors: (string | undefined)[] = [];
  beforeAll(() => {
    errors = planAll(dir, cases);
  });
  /** The error of one case of a need. */
  const plan = (need: Need, version: string | null) => errors[cases.findIndex((c) => c.need === need && c.version === version)];

  test("backups: 1.5.0 and later pass (any patch, a dev build, a 2.x); 1.4.x and no version fail with one line", () => {
    const need = LONGHORN_NEEDS.backups;
    for (const ok of backups.ok) expect({ ok, error: plan(need, ok) }).toEqual({ ok, error: undefined });
    expect(plan(need, "v1.4.4")).toContain(
      "Longhorn v1.4.4 in namespace longhorn-system is older than 1.5, which backups.enabled needs: Longhorn copies a claim's recurring-job labels to its volume only from 1.5 on",
    );
    expect(plan(need, "v1.4.4")).toContain("fix: upgrade Longhorn to 1.5 or later, or set backups.enabled to false.");
    expect(plan(need, "v0.9.0")).toContain("Longhorn v0.9.0 ");
    expect(plan(need, "master-head")).toContain("Longhorn master-head in namespace");
    expect(plan(need, null)).toContain("Longhorn (no current-longhorn-version setting) in namespace");
  });

  test("ReadWriteOncePod: 1.11 and later pass; 1.10 fails (a minor compared as a number: 1.9 < 1.10 < 1.11)", () => {
    const need = LONGHORN_NEEDS.readWriteOncePod;
    for (const ok of rwop.ok) expect({ ok, error: plan(need, ok) }).toEqual({ ok, error: undefined });
    for (const bad of rwop.bad) expect(plan(need, bad)).toContain("is older than 1.11, which accessMode ReadWriteOncePod needs");
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
