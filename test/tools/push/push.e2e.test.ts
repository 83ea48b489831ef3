// `npm run push` end to end: package.json's script as npm runs it, with the real synth, against a stub `coder` that
// records its argv. A layer of its own (`.e2e`): the synth is a process that loads the whole stack; `npm test` and CI
// run it, `npm run test:unit` does not (push.test.ts runs the rest of push() in process).
import * as fs from "fs";
import * as path from "path";
import { synthDevpod } from "../../helpers";
import { TEAM, TEAM_PUSH, project, push, systemPath } from "./push.helpers";

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

describe("through package.json's script", () => {
  const loggedIn = { STUB_CODER_LOGGED_IN: "1" };
  // The arguments after `--` reach push() and its status is the process's.
  test("an unknown argument is named", () => {
    const run = push(project({}), systemPath, loggedIn, ["--dryrun"]);
    expect(run.status).toBe(2);
    expect(run.calls).toEqual([]);
    expect(run.stderr.trim()).toBe(
      'error: npm run push: unknown argument "--dryrun"; nothing was pushed; fix: use --dry-run or --help, or no argument to publish',
    );
  });
});
