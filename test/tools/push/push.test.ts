// `npm run push` against a stub `coder` on PATH that records its argv: the exact command line, and one clear line when
// the CLI is missing or not logged in. The runs that synthesize or publish go through package.json's script (a process,
// as npm runs it); the cases that stop before that call push() in this process with the same environment.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { format } from "util";
import { push as pushInProcess } from "../../../lib/tools/push/push";
import { projectCopy, synthDevpod } from "../../helpers";

const root = path.resolve(__dirname, "..", "..", "..");
const scratch: string[] = [];
afterAll(() => scratch.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

const project = (devpod: unknown): string => {
  const dir = projectCopy("devpod-push-", devpod);
  scratch.push(dir);
  return dir;
};

/** A bin directory holding only `node`, and one with the stub `coder` too. */
function bins(): { nodeOnly: string; withCoder: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "devpod-push-bin-"));
  scratch.push(dir);
  const nodeOnly = path.join(dir, "node-only");
  const withCoder = path.join(dir, "with-coder");
  fs.mkdirSync(nodeOnly);
  fs.mkdirSync(withCoder);
  fs.symlinkSync(process.execPath, path.join(nodeOnly, "node"));
  fs.copyFileSync(path.join(__dirname, "stub-coder.sh"), path.join(withCoder, "coder"));
  fs.chmodSync(path.join(withCoder, "coder"), 0o755);
  return { nodeOnly, withCoder };
}

/** package.json's push script, which npm runs with the arguments after `--` appended. */
const pushScript: string = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).scripts.push;

/** Runs `npm run push -- <args>`'s script in `dir` with PATH and extra env; returns status, output and the stub's calls. */
function push(dir: string, pathDirs: string[], env: Record<string, string> = {}, args: string[] = []) {
  const log = path.join(dir, "coder-argv.log");
  const run = spawnSync("/bin/sh", ["-c", `${pushScript} "$@"`, "sh", ...args], {
    cwd: dir,
    encoding: "utf8",
    env: { HOME: os.homedir(), PATH: pathDirs.join(":"), CHECKPOINT_DISABLE: "1", CI: "1", STUB_CODER_LOG: log, ...env },
    timeout: 120_000,
  });
  const calls = fs.existsSync(log)
    ? fs.readFileSync(log, "utf8").split("----\n").filter(Boolean).map((c) => c.split("\n").filter((l) => l !== ""))
    : [];
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, calls };
}

/** push() in this process, with the environment the script would get; returns what `push` above returns. */
function pushHere(dir: string, pathDirs: string[], env: Record<string, string> = {}, args: string[] = []) {
  const log = path.join(dir, "coder-argv.log");
  const stdout: string[] = [];
  const stderr: string[] = [];
  const out = jest.spyOn(console, "log").mockImplementation((...a) => void stdout.push(`${format(...a)}\n`));
  const err = jest.spyOn(console, "error").mockImplementation((...a) => void stderr.push(`${format(...a)}\n`));
  let status: number;
  try {
    status = pushInProcess(dir, args, { HOME: os.homedir(), PATH: pathDirs.join(":"), CHECKPOINT_DISABLE: "1", CI: "1", STUB_CODER_LOG: log, ...env });
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  const calls = fs.existsSync(log)
    ? fs.readFileSync(log, "utf8").split("----\n").filter(Boolean).map((c) => c.split("\n").filter((l) => l !== ""))
    : [];
  return { status, stdout: stdout.join(""), stderr: stderr.join(""), calls };
}

const { nodeOnly, withCoder } = bins();
const systemPath = [withCoder, path.dirname(process.execPath), "/usr/local/bin", "/usr/bin", "/bin"];

const TEAM = { namespace: "team-ws", dindImage: "mirror.example/docker:29.7.2-dind", platform: { templateName: "devpod-team" } };
/** The push command line for TEAM, as the stub records it. */
const TEAM_PUSH = [
  "templates", "push", "devpod-team", "-d", "cdktf.out/stacks/devpod", "--yes",
  "--variable", "namespace=team-ws",
  "--variable", "use_kubeconfig=false",
  "--variable", "workspace_image=codercom/enterprise-base:ubuntu",
  "--variable", "dind_image=mirror.example/docker:29.7.2-dind",
  "--variable", "verify_base_image=alpine:3.20",
];

/** The template cdktf.out holds after a push. */
const pushedTemplate = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, "cdktf.out", "stacks", "devpod", "cdk.tf.json"), "utf8"));

/** Sets cdktf.json's app (the synth command the push runs) in a project copy. */
function setApp(dir: string, app: string): void {
  const file = path.join(dir, "cdktf.json");
  fs.writeFileSync(file, JSON.stringify({ ...JSON.parse(fs.readFileSync(file, "utf8")), app }));
}

// One real push (the real synth, then the stub's push), run with a CDKTF_OUTDIR and a CDKTF_CONTEXT_JSON in the
// environment: neither may divert what is synthesized or where. The tests below read its parts.
describe("logged in, with CDKTF_OUTDIR and CDKTF_CONTEXT_JSON in the environment", () => {
  let dir: string;
  let elsewhere: string;
  let run: ReturnType<typeof push>;
  beforeAll(() => {
    dir = project(TEAM);
    elsewhere = path.join(dir, "elsewhere");
    const other = JSON.stringify({ devpod: { namespace: "other-ns", platform: { templateName: "other" } } });
    run = push(dir, systemPath, { STUB_CODER_LOGGED_IN: "1", CDKTF_OUTDIR: elsewhere, CDKTF_CONTEXT_JSON: other });
  }, 120_000);

  test("synthesizes, then runs exactly `coder templates push <name> -d cdktf.out/stacks/devpod --yes` with every variable", () => {
    expect(run.stderr).not.toMatch(/^error/m);
    expect(run.status).toBe(0);
    expect(run.calls).toEqual([["--version"], ["whoami"], TEAM_PUSH]);
    // Every variable the pushed template declares is passed (one list for push and tf_vars).
    const pushed = pushedTemplate(dir);
    const passed = run.calls[2].filter((_, i, a) => a[i - 1] === "--variable").map((v) => v.split("=")[0]);
    expect(passed.sort()).toEqual(Object.keys(pushed.variable).sort());
    expect(Object.keys(synthDevpod().tf.variable).sort()).toEqual(Object.keys(pushed.variable).sort());
  });

  test("a CDKTF_OUTDIR does not divert the synth: the push uploads what it just synthesized", () => {
    expect(fs.existsSync(elsewhere)).toBe(false);
    expect(run.stdout).toContain("wrote cdktf.out/stacks/devpod: cdk.tf.json");
  });

  test("a CDKTF_CONTEXT_JSON does not change what is synthesized: the template is cdktf.json's, as the variables are", () => {
    expect(pushedTemplate(dir).variable.namespace.default).toBe("team-ws");
    expect(pushedTemplate(dir).variable.dind_image.default).toBe(TEAM.dindImage);
  });

  // The push's reaction to `coder templates push` failing does not depend on the synth: this project's app puts the
  // template the real synth above wrote in place.
  test("coder templates push fails: npm run push exits non-zero with one line after the CLI's own message", () => {
    const failing = project({});
    const template = path.join(failing, "template.json");
    fs.copyFileSync(path.join(dir, "cdktf.out", "stacks", "devpod", "cdk.tf.json"), template);
    setApp(failing, "mkdir -p cdktf.out/stacks/devpod && cp template.json cdktf.out/stacks/devpod/cdk.tf.json");
    const failed = push(failing, systemPath, { STUB_CODER_LOGGED_IN: "1", STUB_CODER_PUSH_FAIL: "1" });
    expect(failed.calls.map((c) => c.slice(0, 2))).toEqual([["--version"], ["whoami"], ["templates", "push"]]);
    expect(failed.status).toBe(1);
    const lines = failed.stderr.trim().split("\n");
    expect(lines.at(-2)).toBe("error: template import provision for start: terraform plan: exit status 1");
    expect(lines.at(-1)).toBe(
      "error: npm run push: coder templates push failed (exit 1; its message is above); fix: correct what it names and run npm run push again",
    );
  });
});

// What the push does with a failed synth does not depend on why it failed: this project's app fails as any synth does.
test("a synth that fails never publishes, not even the template an earlier synth left: exit 1, no `coder templates push`", () => {
  const dir = project(TEAM);
  // An earlier synth's template, which a push that went on after the failure would upload.
  const older = path.join(dir, "cdktf.out", "stacks", "devpod");
  fs.mkdirSync(older, { recursive: true });
  fs.writeFileSync(path.join(older, "cdk.tf.json"), JSON.stringify({ variable: { namespace: { default: "older" } } }));
  setApp(dir, "echo 'the synth failed' >&2; exit 3");
  const run = push(dir, systemPath, { STUB_CODER_LOGGED_IN: "1" });
  expect(run.status).toBe(1);
  expect(run.calls).toEqual([["--version"], ["whoami"]]);
  expect(run.stderr.trim().split("\n")).toEqual([
    "the synth failed",
    "error: npm run push: the synth failed (its message is above); nothing was pushed",
  ]);
  expect(run.stdout).not.toContain("$ coder templates push");
});

test("no coder on PATH: one line naming the fix, nothing synthesized", () => {
  const dir = project({});
  const run = pushHere(dir, [nodeOnly]);
  expect(run.status).toBe(1);
  expect(run.stderr.trim()).toBe(
    "error: npm run push: no `coder` CLI on PATH; fix: install it (https://coder.com/docs/install/cli) and run `coder login <your Coder URL>`, or publish with `cdktf deploy platform`",
  );
  expect(fs.existsSync(path.join(dir, "cdktf.out"))).toBe(false);
});

test("not logged in: one line with the CLI's reason and the fix, nothing synthesized or pushed", () => {
  const dir = project({});
  const run = pushHere(dir, [withCoder, nodeOnly]);
  expect(run.status).toBe(1);
  expect(run.stderr.trim()).toBe(
    "error: npm run push: the coder CLI is not logged in (coder whoami: error: You are not logged in. Try logging in using 'coder login <url>'.); fix: run `coder login <your Coder URL>`, or set CODER_URL and CODER_SESSION_TOKEN",
  );
  expect(run.calls).toEqual([["--version"], ["whoami"]]);
  expect(fs.existsSync(path.join(dir, "cdktf.out"))).toBe(false);
});

test("a cdktf.json without its app (the synth command): one line, nothing run", () => {
  const dir = project({});
  const file = path.join(dir, "cdktf.json");
  const { app: _app, ...rest } = JSON.parse(fs.readFileSync(file, "utf8"));
  fs.writeFileSync(file, JSON.stringify(rest));
  const run = pushHere(dir, systemPath, { STUB_CODER_LOGGED_IN: "1" });
  expect(run.status).toBe(1);
  expect(run.stderr.trim()).toBe('error: npm run push: cdktf.json has no "app" (the command `cdktf synth` runs); fix: restore it from the repository');
  expect(run.calls).toEqual([]);
  expect(fs.existsSync(path.join(dir, "cdktf.out"))).toBe(false);
});

test("bad config: the config message, before anything runs", () => {
  const dir = project({ platform: { templateName: "Dev Pod" } });
  const run = pushHere(dir, [withCoder, nodeOnly], { STUB_CODER_LOGGED_IN: "1" });
  expect(run.status).toBe(1);
  expect(run.stderr.trim()).toMatch(/^error: npm run push: devpod config .*platform\.templateName = "Dev Pod" is invalid/);
  expect(run.calls).toEqual([]);
});


// The side effect is a new active version: anything but a plain `npm run push` must not reach `coder templates push`.
// The stub is logged in, so a push would succeed if it were attempted.
describe("arguments: nothing is published unless asked for", () => {
  const loggedIn = { STUB_CODER_LOGGED_IN: "1" };

  test("--dry-run prints the exact command a push runs and runs nothing: no coder call, no synth", () => {
    const dir = project(TEAM);
    const run = pushHere(dir, systemPath, loggedIn, ["--dry-run"]);
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe(`coder ${TEAM_PUSH.join(" ")}`);
    expect(run.stderr.trim()).toBe("npm run push: dry run: nothing synthesized or pushed; the push runs `npm run synth` first, then the command above");
    expect(run.calls).toEqual([]);
    expect(fs.existsSync(path.join(dir, "cdktf.out"))).toBe(false);
  });

  test("--help prints the usage and runs nothing", () => {
    const dir = project({});
    const run = pushHere(dir, systemPath, loggedIn, ["--help"]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^usage: npm run push \[-- --dry-run \| --help\]$/m);
    expect(run.stdout).toContain("--dry-run  print that command");
    expect(run.calls).toEqual([]);
    expect(fs.existsSync(path.join(dir, "cdktf.out"))).toBe(false);
  });

  test.each([["--dryrun"], ["--yes"], ["devpod"], ["--dry-run", "--force"], ["--help", "--dry-run"]].map((a) => [a.join(" "), a]))(
    "%s: refused in one line, exit 2, nothing run",
    (_, args) => {
      const dir = project({});
      const run = pushHere(dir, systemPath, loggedIn, args);
      expect(run.status).toBe(2);
      expect(run.stdout).toBe("");
      expect(run.stderr.trim().split("\n")).toHaveLength(1);
      expect(run.stderr).toMatch(/^error: npm run push: .*nothing was pushed; fix: /);
      expect(run.calls).toEqual([]);
      expect(fs.existsSync(path.join(dir, "cdktf.out"))).toBe(false);
    },
  );

  // Through package.json's script: the arguments after `--` reach push() and its status is the process's.
  test("an unknown argument is named", () => {
    const run = push(project({}), systemPath, loggedIn, ["--dryrun"]);
    expect(run.status).toBe(2);
    expect(run.calls).toEqual([]);
    expect(run.stderr.trim()).toBe(
      'error: npm run push: unknown argument "--dryrun"; nothing was pushed; fix: use --dry-run or --help, or no argument to publish',
    );
  });
});
