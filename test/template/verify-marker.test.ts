// The verification's result file (DEVPOD_VERIFIED_MARKER), run for real: removed when the verification starts (the
// agent runs every start script again in the same container after a prebuild claim, and the prewarm and the
// devcontainer wrapper must never read the earlier run's result), then written once: `fail <start> <check>` by every
// failure and by Coder's timeout signal. `pass <start>` is written by the real-dockerd scenarios
// (test/template/prewarm/prewarm.dind.test.ts pulls only after it).
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { SCRIPTS_DIR } from "../../lib/template/embedded-script";
import { VERIFY_SCRIPT } from "../../lib/template/docker-verification";
import { scratchDirs } from "../helpers";

const tmp = scratchDirs();
const uptime = () => Math.floor(Number(fs.readFileSync("/proc/uptime", "utf8").split(" ")[0]));

function settings(dir: string, home: string): Record<string, string> {
  const stubs = path.join(dir, "stubs");
  fs.mkdirSync(stubs, { recursive: true });
  fs.writeFileSync(path.join(stubs, "docker"), "#!/bin/sh\nexit 1\n", { mode: 0o755 });
  return {
    PATH: `${stubs}:/usr/bin:/bin`,
    DEVPOD_HOME_PATH: home,
    DEVPOD_DATA_ROOT: "/devpod-data",
    DEVPOD_DOCKER_VOLUME: "separate",
    DEVPOD_DOCKER_HOST: `unix://${dir}/docker.sock`,
    DEVPOD_WAIT_SECONDS: "60",
    DEVPOD_BASE_IMAGE: "local/busybox:1",
    DEVPOD_PULL_SECONDS: "1",
    DEVPOD_BUILD_SECONDS: "1",
    DEVPOD_GID: "1000",
    DEVPOD_START_STATUS: `${dir}/status`,
    DEVPOD_DOCKERD_CGROUP: "dockerd",
    DEVPOD_ISOLATION: "privileged",
    DEVPOD_START_NOTICE: `${dir}/notice`,
    DEVPOD_VERIFIED_MARKER: `${dir}/verified`,
  };
}

test("a failed check replaces an earlier run's pass with `fail <this run's start> <check>`", () => {
  const dir = tmp("devpod-marker-");
  const env = settings(dir, `${dir}/not-a-mount`);
  fs.writeFileSync(env.DEVPOD_VERIFIED_MARKER, "pass 1\n");
  const before = uptime();
  const r = spawnSync("sh", [path.join(SCRIPTS_DIR, VERIFY_SCRIPT)], { encoding: "utf8", env });
  expect(r.status).toBe(1);
  expect(r.stderr).toMatch(/^error: home volume failed: /);
  const [result, started, ...check] = fs.readFileSync(env.DEVPOD_VERIFIED_MARKER, "utf8").trim().split(" ");
  expect({ result, check: check.join(" ") }).toEqual({ result: "fail", check: "home volume" });
  expect(Number(started)).toBeGreaterThanOrEqual(before);
  expect(Number(started)).toBeLessThanOrEqual(uptime());
  expect(fs.readdirSync(dir).sort()).toEqual(["stubs", "verified"]);
});

// Coder's agent runs a start script in its own session and, at the script's timeout, sends SIGHUP to that whole process
// group (agentscripts cmdCancel: syscall.Kill(-pid, SIGHUP)); SIGTERM (a pod's stop) is trapped the same way. To the
// group, as Coder does: the script's `sleep 1` ends with it, so the trap runs at once. Both signals at once.
test.concurrent.each([
  { signal: "SIGHUP" as const, by: "Coder's timeout" },
  { signal: "SIGTERM" as const, by: "a stop" },
])("the earlier result is gone while the verification runs, and $by ($signal to its process group) leaves `fail ... stopped`", async ({ signal }) => {
  const dir = tmp("devpod-marker-");
  const env = settings(dir, "/");
  fs.writeFileSync(env.DEVPOD_VERIFIED_MARKER, "pass 1\n");
  const proc = spawn("sh", [path.join(SCRIPTS_DIR, VERIFY_SCRIPT)], { env, detached: true });
  let out = "";
  proc.stdout.on("data", (d) => (out += d));
  // It waits for dockerd (no socket) with its first progress line; the earlier pass is already gone.
  await new Promise<void>((resolve) => {
    const poll = setInterval(() => {
      if (out.includes("waiting for dockerd")) {
        clearInterval(poll);
        resolve();
      }
    }, 50);
  });
  expect(fs.existsSync(env.DEVPOD_VERIFIED_MARKER)).toBe(false);
  const status = await new Promise<number | null>((resolve) => {
    proc.on("close", resolve);
    process.kill(-(proc.pid as number), signal);
  });
  expect(status).toBe(1);
  expect(fs.readFileSync(env.DEVPOD_VERIFIED_MARKER, "utf8")).toMatch(/^fail \d+ stopped \(time limit\)\n$/);
});

test("without the setting (the platform's preflight) no result file is written", () => {
  const dir = tmp("devpod-marker-");
  const env = settings(dir, `${dir}/not-a-mount`);
  delete (env as Record<string, string | undefined>).DEVPOD_VERIFIED_MARKER;
  const r = spawnSync("sh", [path.join(SCRIPTS_DIR, VERIFY_SCRIPT)], { encoding: "utf8", env, cwd: dir });
  expect(r.status).toBe(1);
  expect(fs.readdirSync(dir)).toEqual(["stubs"]);
});

test("a result that cannot be removed stops the run at once, before any check: it would be read as this run's", () => {
  const dir = tmp("devpod-marker-");
  const env = settings(dir, "/");
  fs.mkdirSync(`${env.DEVPOD_VERIFIED_MARKER}/x`, { recursive: true });
  const r = spawnSync("sh", [path.join(SCRIPTS_DIR, VERIFY_SCRIPT)], { encoding: "utf8", env });
  expect(r.status).toBe(1);
  expect(r.stdout).toBe("");
  expect(r.stderr).toBe(
    `error: result file failed: cannot remove ${env.DEVPOD_VERIFIED_MARKER}, an earlier run's result\n` +
      "  cause: it is not a file of the workspace user\n  fix: remove it as root in the workspace container and restart the workspace\n",
  );
});
