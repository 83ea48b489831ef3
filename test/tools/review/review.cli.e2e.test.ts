// `npm run review -- --base <ref>` end to end on a temporary git repository: real worktrees and the checkout's own
// `npm run synth` on both sides. A layer of its own (`.e2e`): two synth processes and a git checkout per review;
// `npm test` and CI run it, `npm run test:unit` does not.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { scratchDirs } from "../../scratch";
import { synthesized } from "./review.helpers";

const root = path.resolve(__dirname, "..", "..", "..");
/** package.json's review script, which npm runs with the arguments after `--` appended. */
const reviewScript: string = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).scripts.review;
const tmp = scratchDirs();

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
