// The command line of `npm run review`: arguments, synthesized directories, exit statuses, and the --base <ref> path
// end to end on a temporary git repository (a real worktree and the checkout's own `npm run synth`).
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Testing } from "cdktf";
import { parseOptions, runReview } from "../../../lib/tools/review/cli";
import { LOCK_FILE } from "../../../lib/tools/review/lock-file";
import { buildDevpod, synthPlatform } from "../../helpers";
import { Tweak, lockFile, unguarded } from "./review.helpers";

const root = path.resolve(__dirname, "..", "..", "..");
/** package.json's review script, which npm runs with the arguments after `--` appended. */
const reviewScript: string = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).scripts.review;
const scratch: string[] = [];
afterAll(() => scratch.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));
const tmp = (prefix: string) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  scratch.push(dir);
  return dir;
};

/** A directory as `cdktf synth` leaves it: <dir>/stacks/devpod/cdk.tf.json, from the stack built with `devpod`. */
function synthesized(devpod: unknown, tweak?: Tweak): string {
  const dir = tmp("devpod-review-dir-");
  fs.mkdirSync(path.join(dir, "stacks", "devpod"), { recursive: true });
  const { stack } = buildDevpod(devpod);
  tweak?.(stack);
  fs.writeFileSync(path.join(dir, "stacks", "devpod", "cdk.tf.json"), Testing.synth(stack));
  return dir;
}

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

describe("--base <ref>: end to end on a temporary git repository", () => {
  // A copy of the project with three commits: a synth script that fails, the defaults, and a refactor that gives the
  // home claim a new logical id (which would delete every home).
  const repo = tmp("devpod-review-repo-");
  for (const entry of ["lib", "main.ts", "package.json", "package-lock.json", "tsconfig.json", "cdktf.json", ".gitignore"]) {
    fs.cpSync(path.join(root, entry), path.join(repo, entry), { recursive: true });
  }
  fs.symlinkSync(fs.realpathSync(path.join(root, "node_modules")), path.join(repo, "node_modules"));
  const git = (...args: string[]) => {
    const r = spawnSync("git", ["-c", "user.name=test", "-c", "user.email=test@localhost", ...args], { cwd: repo, encoding: "utf8" });
    if (r.status !== 0) throw new Error(r.stderr);
    return r.stdout;
  };
  const edit = (file: string, change: (json: any) => void) => {
    const json = JSON.parse(fs.readFileSync(path.join(repo, file), "utf8"));
    change(json);
    fs.writeFileSync(path.join(repo, file), JSON.stringify(json, null, 2) + "\n");
  };
  const commit = (message: string) => {
    git("add", "-A");
    git("commit", "-q", "-m", message);
  };
  const synthScript = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).scripts.synth;
  git("init", "-q");
  // .gitignore's `node_modules/` matches a directory, not this symlink.
  fs.appendFileSync(path.join(repo, ".git", "info", "exclude"), "/node_modules\n");
  edit("package.json", (p) => (p.scripts.synth = "echo 'synth is broken in this commit' >&2; exit 7"));
  commit("a synth that fails");
  edit("package.json", (p) => (p.scripts.synth = synthScript));
  commit("the defaults");
  const homeVolume = path.join(repo, "lib", "template", "home-volume.ts");
  fs.writeFileSync(homeVolume, fs.readFileSync(homeVolume, "utf8").replace('HOME_VOLUME_LOGICAL_ID = "home"', 'HOME_VOLUME_LOGICAL_ID = "home_volume"'));
  commit("the home claim under a new logical id");
  // The review's temporary worktrees go to a directory of this test's own: other processes (parallel test runs) use
  // the shared one too, so only a private one shows what this review left behind.
  const reviewTmp = tmp("devpod-review-tmpdir-");
  // tsx keeps its compile cache there too (tsx-<uid>): the shared one, or every run compiles every file again.
  const tsxCache = `tsx-${process.geteuid!()}`;
  fs.mkdirSync(path.join(os.tmpdir(), tsxCache), { recursive: true });
  fs.symlinkSync(path.join(os.tmpdir(), tsxCache), path.join(reviewTmp, tsxCache));
  const review = (...args: string[]) =>
    spawnSync("/bin/sh", ["-c", `${reviewScript} "$@"`, "sh", ...args], {
      cwd: repo,
      encoding: "utf8",
      env: { ...process.env, CHECKPOINT_DISABLE: "1", TMPDIR: reviewTmp },
    });
  const leftovers = () => fs.readdirSync(reviewTmp).filter((f) => f.startsWith("devpod-review-")); // not tsx's cache

  test("HEAD~1 against the working tree: the checkout's own synth on both sides, exit status 2, no worktree left", () => {
    const before = leftovers();
    const run = review("--base", "HEAD~1");
    expect(run.stderr).toBe("");
    expect(run.status).toBe(2);
    expect(run.stdout).toMatch(/^4 findings: 1 destroys data, 2 restarts workspaces, 1 safe\. Base `HEAD~1` \([0-9a-f]{12}\) → head working tree; exit status 2\.$/m);
    expect(run.stdout).toContain("| `kubernetes_persistent_volume_claim_v1.home → kubernetes_persistent_volume_claim_v1.home_volume` | `moved` | **destroys data** |");
    // The platform stack is reviewed too: its only change is the commit in the published version's message.
    expect(run.stdout).toMatch(/^\| `platform: coderd_template\.devpod` \| `versions\[0\]\.message: "devpod [0-9a-f]{12}" → "devpod [0-9a-f]{12}"` \| safe \|/m);
    expect(git("worktree", "list").trim().split("\n")).toHaveLength(1);
    expect(leftovers()).toEqual(before);
  }, 90000);

  test("a base that does not synthesize: exit status 3 with the synth's own message, and the worktree is removed", () => {
    const run = review("--base", "HEAD~2", "--head-dir", synthesized({}));
    expect(run.status).toBe(3);
    expect(run.stderr).toContain("review: HEAD~2: `npm run synth` failed (exit status 7); its output ends with:\nsynth is broken in this commit");
    expect(git("worktree", "list").trim().split("\n")).toHaveLength(1);
  }, 30000);

  test("an unknown ref: exit status 3, named", () => {
    const run = review("--base", "no-such-ref", "--head-dir", synthesized({}));
    expect(run.status).toBe(3);
    expect(run.stderr).toContain("unknown revision no-such-ref");
  }, 30000);
});
