// The command line of `npm run review`: arguments, synthesized directories and exit statuses. The --base <ref> path end
// to end (a temporary git repository, real worktrees, the checkout's own `npm run synth`) is review.cli.e2e.test.ts.
import * as fs from "fs";
import * as path from "path";
import { Testing } from "cdktf";
import { parseOptions, runReview } from "../../../lib/tools/review/cli";
import { LOCK_FILE } from "../../../lib/tools/review/lock-file";
import { buildDevpod, synthPlatform } from "../../helpers";
import { scratchDirs } from "../../scratch";
import { lockFile, synthesized, unguarded } from "./review.helpers";

const root = path.resolve(__dirname, "..", "..", "..");
const tmp = scratchDirs();

describe("arguments", () => {
  test("a side is a ref or a directory, not both", () => {
    expect(() => parseOptions(["--base", "main", "--base-dir", "x"])).toThrow("review: give --base or --base-dir, not both");
    expect(() => parseOptions(["--head", "main", "--head-dir", "x"])).toThrow("review: give --head or --head-dir, not both");
  });
  test("--accept takes destroys and breaks, repeated or with commas; nothing else", () => {
    expect(parseOptions(["--accept", "destroys", "--accept", "breaks"]).accept).toEqual(["destroys", "breaks"]);
    expect(parseOptions(["--accept", "destroys,breaks"]).accept).toEqual(["destroys", "breaks"]);
    expect(() => parseOptions(["--accept", "restarts"])).toThrow("--accept restarts: not a class that fails the review; use destroys or breaks");
  });
  test("an unknown flag names itself", () => {
    expect(() => parseOptions(["--bsae", "main"])).toThrow(/Unknown option '--bsae'/);
  });
});

describe("--base-dir and --head-dir (directories a CI system synthesized)", () => {
  // A claim without ignore_changes, so that a new storageClass would replace it.
  const base = synthesized({}, unguarded);
  const head = synthesized({ storageClass: "fast-ssd" }, unguarded);

  test("a change that destroys data: exit status 2, the Markdown report names it", async () => {
    const { output, status } = await runReview(parseOptions(["--base-dir", base, "--head-dir", head]), root);
    expect(status).toBe(2);
    expect(output).toContain("### Template review: destroys data");
    expect(output).toContain("| `kubernetes_persistent_volume_claim_v1.home` | `spec.storage_class_name: \"longhorn\" → \"fast-ssd\"` | **destroys data** |");
  });

  test("--accept destroys: exit status 0, and the report says what was accepted", async () => {
    const { output, status } = await runReview(parseOptions(["--base-dir", base, "--head-dir", head, "--accept", "destroys"]), root);
    expect(status).toBe(0);
    expect(output).toContain("Accepted with `--accept destroys`: 1 destroys data: `kubernetes_persistent_volume_claim_v1.home` (stateful-force-new).");
    const other = await runReview(parseOptions(["--base-dir", base, "--head-dir", head, "--accept", "breaks"]), root);
    expect(other.status).toBe(2); // accepting one class does not accept a worse one
  });

  test("--json: verdict, exit status and findings for machines; the stack directory works as well as cdktf.out", async () => {
    const { output } = await runReview(parseOptions(["--base-dir", path.join(base, "stacks", "devpod"), "--head-dir", head, "--json"]), root);
    const report = JSON.parse(output);
    expect(report).toMatchObject({ verdict: "destroys", exitStatus: 2, counts: { destroys: 1, breaks: 0, restarts: 0, safe: 0 } });
    expect(report.findings[0]).toMatchObject({ object: "kubernetes_persistent_volume_claim_v1.home", rule: "stateful-force-new", paths: ["spec.storage_class_name"] });
  });

  test("a directory without a template is an error of the tool, named with the fix", async () => {
    const empty = tmp("devpod-review-empty-");
    await expect(runReview(parseOptions(["--base-dir", empty, "--head-dir", head]), root)).rejects.toThrow(
      `base: no synthesized template in ${empty}`,
    );
  });
});

describe("a cdktf.out with both stacks and lock files", () => {
  /** <dir>/stacks/{devpod,platform}/cdk.tf.json, each with a lock file when `locks` names one. */
  function out(devpod: Record<string, unknown>, locks: Partial<Record<"devpod" | "platform", string>> = {}): string {
    const dir = tmp("devpod-review-out-");
    const stacks = { devpod: Testing.synth(buildDevpod(devpod).stack), platform: synthPlatform(devpod).text };
    for (const [stack, text] of Object.entries(stacks)) {
      fs.mkdirSync(path.join(dir, "stacks", stack), { recursive: true });
      fs.writeFileSync(path.join(dir, "stacks", stack, "cdk.tf.json"), text);
      const lock = locks[stack as "devpod" | "platform"];
      if (lock) fs.writeFileSync(path.join(dir, "stacks", stack, LOCK_FILE), lock);
    }
    return dir;
  }

  test("both stacks are reviewed; the platform's rows name their stack", async () => {
    const { output, status } = await runReview(parseOptions(["--base-dir", out({}), "--head-dir", out({ namespace: "dev-workspaces" })]), root);
    expect(status).toBe(2);
    expect(output).toContain("| `platform: kubernetes_namespace_v1.workspaces` | `metadata.name: \"coder-workspaces\" → \"dev-workspaces\"` | **destroys data** |");
    expect(output).toContain("| `var.namespace` | `default: \"coder-workspaces\" → \"dev-workspaces\"` | safe |");
  });

  test("a locked provider version the facts are not from breaks; the lock file is read from each stack's directory", async () => {
    const lock = (v: string) => lockFile("hashicorp/kubernetes", v);
    const base = out({}, { devpod: lock("2.38.0"), platform: lock("2.38.0") });
    const head = out({}, { devpod: lock("2.38.0"), platform: lock("2.40.0") });
    const { output, status } = await runReview(parseOptions(["--base-dir", base, "--head-dir", head, "--json"]), root);
    expect(status).toBe(1);
    expect(JSON.parse(output).findings.map((f: { object: string; rule: string }) => [f.object, f.rule])).toEqual([
      ['platform: .terraform.lock.hcl provider "registry.terraform.io/hashicorp/kubernetes"', "provider-version"],
    ]);
  });

  test("one stack's directory reviews that stack only", async () => {
    const { output } = await runReview(
      parseOptions(["--base-dir", path.join(out({}), "stacks", "platform"), "--head-dir", path.join(out({ namespace: "x" }), "stacks", "platform")]),
      root,
    );
    expect(output).toMatch(/^5 findings: 1 destroys data, 4 safe\./m);
  });
});
