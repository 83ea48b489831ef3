// test/host/ensure-deps.sh (the first step of `npm test`), run for real with stand-in dpkg-query, apt-get and id.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { scratchDirs } from "./scratch";

const script = path.join(__dirname, "host", "ensure-deps.sh");
const tmp = scratchDirs();

/** Runs the script with `installed` packages present, as `uid`, with extra env; returns its output and apt-get's calls. */
function run(installed: string[], uid: number, env: Record<string, string> = {}) {
  const bin = tmp("devpod-deps-");
  const aptLog = path.join(bin, "apt.log");
  const stub = (name: string, body: string) => fs.writeFileSync(path.join(bin, name), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  // As dpkg-query -W -f='${Package} ${Status}\n' PACKAGE...: a line per package it knows (here: the installed ones, in
  // its own order, not the arguments'), the others only on stderr, and exit status 1 when any was unknown.
  stub(
    "dpkg-query",
    [
      `[ "$1" = -W ] && [ "$2" = '-f=\${Package} \${Status}\\n' ] || exit 64`,
      "shift 2; status=0",
      `for p in ${[...installed].sort().join(" ")}; do for a in "$@"; do [ "$p" != "$a" ] || echo "$p install ok installed"; done; done`,
      `for a in "$@"; do case " ${installed.join(" ")} " in *" $a "*) ;; *) echo "dpkg-query: no packages found matching $a" >&2; status=1 ;; esac; done`,
      "exit $status",
    ].join("\n"),
  );
  stub("apt-get", `echo "$*" >> '${aptLog}'`);
  stub("id", `echo ${uid}`);
  const result = spawnSync("sh", [script], {
    encoding: "utf8",
    env: { PATH: `${bin}:/usr/bin:/bin`, CI: "", ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, apt: fs.existsSync(aptLog) ? fs.readFileSync(aptLog, "utf8") : "" };
}

/** The script's package list (its one place); the tests below hold what it does with it. */
const ALL = /^packages="([^"]+)"$/m.exec(fs.readFileSync(script, "utf8"))![1].split(" ");
const missingBut = (...present: string[]) => ALL.filter((p) => !present.includes(p));

test("as root, says in one line which packages it installs and why, then installs exactly those", () => {
  const r = run(["shellcheck", "python3"], 0);
  expect(r.status).toBe(0);
  const missing = missingBut("shellcheck", "python3").join(" ");
  expect(ALL).toEqual(expect.arrayContaining(["docker.io", "busybox-static", "shellcheck", "iproute2", "python3"]));
  expect(r.stdout).toMatch(new RegExp(`^test setup: installing Debian packages ${missing} \\(apt-get\\) for the real-dockerd tests \\(.+\\); DEVPOD_NO_APT=1 skips this\n$`));
  expect(r.stdout.split("\n").length).toBe(2);
  expect(r.apt).toBe(`update -qq\ninstall -y -qq --no-install-recommends ${missing}\n`);
});

test("DEVPOD_NO_APT=1 installs nothing, even as root, and says what is missing", () => {
  const r = run(["shellcheck"], 0, { DEVPOD_NO_APT: "1" });
  expect(r.status).toBe(0);
  expect(r.apt).toBe("");
  expect(r.stdout).toBe("");
  expect(r.stderr).toMatch(new RegExp(`^test setup: missing Debian packages: ${missingBut("shellcheck").join(" ")}; the real-dockerd tests will be skipped`));
  // Under CI the missing packages are an error instead.
  expect(run(["shellcheck"], 0, { DEVPOD_NO_APT: "1", CI: "true" }).status).toBe(1);
});

test("silent when everything is there; never apt-get as a normal user", () => {
  expect(run(ALL, 0)).toEqual({ status: 0, stdout: "", stderr: "", apt: "" });
  const user = run([], 1000);
  expect(user.apt).toBe("");
  expect(user.stderr).toMatch(/^test setup: missing Debian packages: docker\.io/);
});
