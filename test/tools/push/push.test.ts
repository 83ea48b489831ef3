// `npm run push`'s logic in the test's process, against a stub `coder` on PATH that records its argv: arguments, the
// dry run, and one clear line when the CLI is missing or not logged in or the config is bad. The runs through
// package.json's script (a real synth, a failing synth, a failing push) are push.e2e.test.ts.
import * as fs from "fs";
import * as path from "path";
import { TEAM, TEAM_PUSH, nodeOnly, project, pushHere, systemPath, withCoder } from "./push.helpers";

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

  test("an unknown argument is named, and so are two modes given together", () => {
    expect(pushHere(project({}), systemPath, loggedIn, ["--dryrun"]).stderr.trim()).toBe(
      'error: npm run push: unknown argument "--dryrun"; nothing was pushed; fix: use --dry-run or --help, or no argument to publish',
    );
    expect(pushHere(project({}), systemPath, loggedIn, ["--help", "--dry-run"]).stderr.trim()).toBe(
      "error: npm run push: --dry-run and --help exclude each other; nothing was pushed; fix: give one of them",
    );
  });
});
