// The preflight's two wrappers, run for real with stand-in daemons: the sidecar passes its argv through whether or
// not the template's container sets a command, stops it once the check left its status, and exits with that status.
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DIND_ENTRYPOINT, exitingSidecar } from "../../lib/platform/preflight-job";

const SCRIPTS = path.join(__dirname, "..", "..", "lib", "template", "scripts");
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "devpod-preflight-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** A fake dockerd: records its argv, says when it got SIGTERM (or ignores it), runs until stopped. It waits on a
 * background `sleep 1` (a trapped signal ends `wait` at once, so SIGTERM is answered without delay) rather than a
 * 0.1 s sleep loop: one process a second, not ten. The sleep's output goes nowhere: one left behind by a killed daemon
 * must not hold the run's pipes open. */
const FAKE_DAEMON = `
printf '%s\\n' "$@" >"$FAKE_LOG"
if [ "\${IGNORE_TERM:-}" = 1 ]; then trap '' TERM; else trap 'echo stopped >>"$FAKE_LOG"; exit 0' TERM; fi
while :; do sleep 1 >/dev/null 2>&1 </dev/null & wait $!; done
`;

let n = 0;
/** Runs the sidecar wrapper with `argv`; a background writer puts `verdict` into the done file after `afterSeconds`.
 * Asynchronous, each run in its own folder: the cases wait real seconds (the wrapper polls each second, the stop bound)
 * and run at once (test.concurrent). */
function sidecar(argv: string[], verdict: string, env: Record<string, string> = {}, afterSeconds = 1) {
  const dir = path.join(scratch, `run-${n++}`);
  fs.mkdirSync(path.join(dir, "bin"), { recursive: true });
  fs.writeFileSync(path.join(dir, "bin", "dockerd"), `#!/bin/sh\n${FAKE_DAEMON}`, { mode: 0o755 });
  fs.copyFileSync(path.join(__dirname, "..", "dind", "dockerd-entrypoint.sh"), path.join(dir, "bin", DIND_ENTRYPOINT));
  fs.chmodSync(path.join(dir, "bin", DIND_ENTRYPOINT), 0o755);
  const done = path.join(dir, "done");
  const started = Date.now();
  const run = spawn(
    "sh",
    ["-c", `(sleep ${afterSeconds}; printf '%s\\n' "$VERDICT" >"$DEVPOD_DONE_FILE") & exec sh "$0" "$@"`, path.join(SCRIPTS, "preflight-sidecar.sh"), ...argv],
    {
      timeout: 20_000,
      env: {
        PATH: `${path.join(dir, "bin")}:/usr/bin:/bin`,
        DEVPOD_DONE_FILE: done,
        DEVPOD_STOP_SECONDS: "2",
        FAKE_LOG: path.join(dir, "daemon.log"),
        VERDICT: verdict,
        ...env,
      },
    },
  );
  let output = "";
  run.stdout.on("data", (d) => (output += d));
  run.stderr.on("data", (d) => (output += d));
  return new Promise<{ status: number | null; output: string; daemon: string[]; seconds: number }>((resolve) =>
    run.on("close", (status) => {
      const log = fs.existsSync(path.join(dir, "daemon.log")) ? fs.readFileSync(path.join(dir, "daemon.log"), "utf8").trim().split("\n") : [];
      resolve({ status, output, daemon: log, seconds: (Date.now() - started) / 1000 });
    }),
  );
}

const args = ["dockerd", "--host=unix:///run/dind/docker.sock", "--storage-driver=overlay2"];

test.concurrent("template container without a command: the image entrypoint runs the args; the wrapper exits with the check's status", async () => {
  const job = exitingSidecar({ name: "docker", args }, "/run/dind/done", 2);
  expect(job.args).toEqual([DIND_ENTRYPOINT, ...args]);
  const run = await sidecar(job.args as string[], "0");
  expect(run.daemon).toEqual([...args.slice(1), "stopped"]); // the stand-in entrypoint execs `dockerd <flags>`
  expect(run.output).toContain("devpod preflight: check finished with status 0; dockerd stopped");
  expect(run.status).toBe(0);
});

test.concurrent("template container with a command (a wrapper of its own): its command and args run, whole", async () => {
  const own = ["sh", "-c", 'echo "wrapper setup"; exec "$@"', "devpod-dind"];
  const job = exitingSidecar({ name: "docker", command: own, args }, "/run/dind/done", 2);
  expect(job.args).toEqual([...own, ...args]);
  const run = await sidecar(job.args as string[], "1");
  expect(run.output).toContain("wrapper setup");
  expect(run.daemon).toEqual([...args.slice(1), "stopped"]);
  expect(run.status).toBe(1);
});

test.concurrent("a daemon that ignores SIGTERM is killed after DEVPOD_STOP_SECONDS", async () => {
  const run = await sidecar(args, "0", { IGNORE_TERM: "1" });
  expect(run.status).toBe(0);
  expect(run.daemon).not.toContain("stopped");
  expect(run.seconds).toBeGreaterThanOrEqual(3); // 1 s until the verdict + the 2 s bound
  expect(run.seconds).toBeLessThan(10);
});

test.concurrent("a done file without an exit status fails the sidecar with a message", async () => {
  const run = await sidecar(args, "ok");
  expect(run.status).toBe(1);
  expect(run.output).toMatch(/error: preflight sidecar: the check left 'ok' in .*done, not an exit status/);
});

test("the check wrapper runs the script, leaves its status in the done file, and exits with it", () => {
  const done = path.join(scratch, "check-done");
  const run = spawnSync("sh", [path.join(SCRIPTS, "preflight-check.sh"), 'echo "verifying as $(id -u)"; exit 5'], {
    encoding: "utf8",
    env: { PATH: "/usr/bin:/bin", DEVPOD_DONE_FILE: done },
  });
  expect(run.stdout).toContain("verifying as");
  expect(run.status).toBe(5);
  expect(fs.readFileSync(done, "utf8")).toBe("5\n");
  expect(fs.existsSync(`${done}.tmp`)).toBe(false);
});
