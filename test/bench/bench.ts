/**
 * `npm run bench`: prints the figures quoted in the README.
 *   0. unit layer: wall time of one `npm run test:unit` (every test but the .e2e, .dind and .vm files), with the load
 *      average before it (the machine may be shared);
 *   1. synth: wall time of cdktf.json's app alone (`node --require tsx/cjs main.ts`), of `npm run synth` (npm, then
 *      that app), of `cdktf synth` (the CLI, which runs that app), of a bare cdktf app (plain JavaScript, one empty
 *      stack: the floor of any app) and of the in-process synth;
 *   2. startup verification: how long the template's script takes on a healthy volume (real dockerd);
 *   3. storage: the same 8 x 32 MiB layered build with the template's dockerd (overlay2 on ext4) and with the
 *      vfs fallback that nested overlay causes: build time and disk used under the data root;
 *   4. warm cache: a 3-step build (16 MiB layer, 1 s step, small step) cold, then again after a workspace stop/start
 *      (preStop, SIGTERM, a new dockerd on the same data root; test/dind/lifecycle-stop-start.sh);
 *   5. prewarm: the first `docker run` of an image the template's prewarm pulled after the verification, and of one
 *      of the same size (64 MiB random layer on the base image) it did not, pulled by the run itself from Debian's
 *      docker-registry in the pod's network namespace (test/dind/prewarm.ts). A loopback registry is the best case
 *      for the cold run: over a real network the pull, and so the gain, is larger.
 *   6. dev container up (the real @devcontainers/cli through the template's wrapper): image-based first and after a
 *      stop/start (the same container started again), Dockerfile-based first (build) and rebuilt after the stop/start
 *      (every step cached; test/dind/lifecycle-devcontainer.sh).
 *   7. cgroup v2 node (qemu VM, TCG; test/vm), rootless against rootful (today's privileged sidecar), one boot each:
 *      building its image (only when the cache has none), boot, dockerd's start through the sidecar's command, the
 *      verification, a build with a cache mount, a restart and the warm rebuild after it, two memory hogs (a container
 *      and a BuildKit RUN step) past the sidecar's limit with what survived them, and the escape attempts. TCG times
 *      scale with the machine's load: compare the two modes of one run. VM_RUNS boots per mode (default 1).
 * Needs root and the packages of the real-dockerd tests (npm test installs them). Runs each figure RUNS times.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Testing } from "cdktf";
import { DEVCONTAINER_DEVPOD, cachedCliTarball, devcontainerScenario } from "../dind/devcontainer-scenario";
import { VerificationHarness, withStorageDriver } from "../dind/harness";
import { buildDevpod } from "../helpers";
import { WARM, prewarmHarness, prewarmScenario, values } from "../dind/prewarm";
import { ensureNodeImage, nodeImageDir } from "../vm/node";
import { NODE_SIDECAR_MEMORY_MIB, runNodeScenarios } from "../vm/node-scenarios";

const RUNS = Number(process.env.RUNS ?? 3);
const root = path.resolve(__dirname, "..", "..");
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (xs: number[], unit: string) => `median ${median(xs).toFixed(2)} ${unit} (runs: ${xs.map((x) => x.toFixed(2)).join(", ")})`;

function timeIt(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

console.log(`devpod bench (${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, ${RUNS} runs each)`);

// 0. unit layer: one run (the tests take a while; RUNS does not apply).
{
  const load = os.loadavg()[0].toFixed(2);
  let status: number | null = null;
  const seconds = timeIt(() => {
    status = spawnSync("npm", ["run", "-s", "test:unit", "--", "--silent"], { cwd: root, stdio: "ignore" }).status;
  });
  if (status !== 0) throw new Error(`npm run test:unit failed (exit ${status}); run it alone to see why`);
  console.log(`unit layer, npm run test:unit:     ${seconds.toFixed(1)} s (one run; load average ${load} before it)`);
}

// 1. synth
const out = fs.mkdtempSync(path.join(os.tmpdir(), "devpod-bench-synth-"));
const synthRuns = (label: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}) =>
  Array.from({ length: RUNS }, () =>
    timeIt(() => {
      const r = spawnSync(command, args, { cwd: root, env: { ...process.env, CDKTF_OUTDIR: out, ...env } });
      if (r.status !== 0) throw new Error(`${label} failed: ${r.stderr}`);
    }),
  );
const app: string = JSON.parse(fs.readFileSync(path.join(root, "cdktf.json"), "utf8")).app;
console.log(`synth, cdktf.json's app alone:     ${fmt(synthRuns("the app", "/bin/sh", ["-c", app]), "s")} (${app})`);
console.log(`synth, npm run synth:              ${fmt(synthRuns("npm run synth", "npm", ["run", "-s", "synth"]), "s")}`);
// The floor: the same cdktf App and synth with nothing to compile, load or build (plain JavaScript, one empty stack).
const bare = `const { App, TerraformStack } = require("cdktf"); const app = new App(); new TerraformStack(app, "bare"); app.synth();`;
console.log(`synth, bare cdktf app (node):      ${fmt(synthRuns("the bare app", process.execPath, ["-e", bare]), "s")}`);
const cli = Array.from({ length: RUNS }, () =>
  timeIt(() => {
    const r = spawnSync(path.join(root, "node_modules", ".bin", "cdktf"), ["synth", "--output", out], {
      cwd: root,
      env: { ...process.env, CHECKPOINT_DISABLE: "1", CI: "1" },
    });
    if (r.status !== 0) throw new Error(`cdktf synth failed: ${r.stderr}`);
  }),
);
console.log(`synth, cdktf synth (CLI):          ${fmt(cli, "s")}`);
const inProcess = Array.from({ length: RUNS }, () => timeIt(() => Testing.synth(buildDevpod().stack)));
console.log(`synth, in process (after warm-up): ${fmt(inProcess.slice(1).length ? inProcess.slice(1) : inProcess, "s")}`);
fs.rmSync(out, { recursive: true, force: true });

// 2 and 3 need the real-dockerd harness.
const harness = new VerificationHarness({});
try {
  const smoke: number[] = [];
  const whole: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const o = harness.run({ home: "ext4", dockerd: "real" });
    if (o.status !== 0) throw new Error(`healthy scenario failed:\n${o.output}`);
    smoke.push(Number(/smoke build (\d+\.\d)s, /.exec(o.output)?.[1]));
    whole.push(o.seconds);
  }
  console.log(`verification, smoke build step:    ${fmt(smoke, "s")}`);
  console.log(`verification, scenario incl. dockerd start and image import: ${fmt(whole, "s")}`);

  const workload = path.join(__dirname, "layered-build.sh");
  for (const driver of ["overlay2", "vfs"]) {
    const seconds: number[] = [];
    const mib: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const o = harness.run({
        home: "ext4",
        dockerd: "real",
        extraScripts: [workload],
        editArgs: withStorageDriver(driver),
      });
      const built = /build_seconds=([\d.]+)/.exec(o.extra[0]);
      if (!built) throw new Error(`layered build failed with ${driver}:\n${o.extra[0]}`);
      seconds.push(Number(built[1]));
      mib.push(o.dataRootKiB / 1024);
    }
    console.log(`8 x 32 MiB layered build, ${driver.padEnd(8)}: ${fmt(seconds, "s")}; data root ${fmt(mib, "MiB")}`);
  }

  const cold: number[] = [];
  const warm: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const o = harness.run({ home: "ext4", dockerd: "real", lifecycle: path.join(__dirname, "..", "dind", "lifecycle-stop-start.sh") });
    const v = Object.fromEntries(o.lifecycle.split("\n").filter((l) => /^\w+=/.test(l)).map((l) => l.split("=", 2)));
    if (v.warm_cached !== "3" || o.status !== 0) throw new Error(`warm-cache scenario failed:\n${o.lifecycle}\n${o.output}`);
    cold.push(Number(v.cold_seconds));
    warm.push(Number(v.warm_seconds));
  }
  console.log(`3-step build, cold:                ${fmt(cold, "s")}`);
  console.log(`same build after stop/start, warm: ${fmt(warm, "s")} (every step cached)`);
} finally {
  harness.cleanUp();
}

// 5. prewarm
const prewarm = prewarmHarness([WARM]);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "devpod-bench-prewarm-"));
fs.chmodSync(dir, 0o755); // the scripts run as the workspace user
try {
  const scenario = prewarmScenario(prewarm, dir, path.join(__dirname, "first-run.sh"));
  const [warmRun, coldRun, pull]: number[][] = [[], [], []];
  for (let i = 0; i < RUNS; i++) {
    const o = prewarm.run(scenario);
    const v = values(o.extra[1]);
    if (o.status !== 0 || v.warm_present !== "yes" || v.cold_present !== "no") throw new Error(`prewarm scenario failed:\n${o.output}\n${o.extra.join("\n")}`);
    warmRun.push(Number(v.warm_seconds));
    coldRun.push(Number(v.cold_seconds));
    pull.push(Number(/pulled \S+ in (\d+)s/.exec(o.extra[0])?.[1]));
  }
  console.log(`first docker run, prewarmed image: ${fmt(warmRun, "s")}`);
  console.log(`first docker run, cold (pulls 64 MiB from a loopback registry): ${fmt(coldRun, "s")}`);
  console.log(`prewarm's pull (background, after the verification; whole seconds): ${fmt(pull, "s")}`);
} finally {
  prewarm.cleanUp();
  fs.rmSync(dir, { recursive: true, force: true });
}

// 6. dev container up, with its own harness (the template with devcontainers enabled).
const tarball = cachedCliTarball();
if (!tarball) throw new Error("the @devcontainers/cli tarball is not in npm's cache: run npm ci");
const dcHarness = new VerificationHarness(DEVCONTAINER_DEVPOD);
try {
  const figures: Record<string, number[]> = { app_up_seconds: [], app_up_restart_seconds: [], tool_up_first_seconds: [], tool_up_cached_seconds: [] };
  for (let i = 0; i < RUNS; i++) {
    const { scenario, dir } = devcontainerScenario(dcHarness, tarball);
    try {
      const o = dcHarness.run(scenario);
      const v = Object.fromEntries(o.lifecycle.split("\n").filter((l) => /^\w+=/.test(l)).map((l) => l.split("=", 2)));
      if (v.app_id2 !== v.app_id || !v.app_id || Number(v.tool_cached_steps) < 2) throw new Error(`dev container scenario failed:\n${o.lifecycle}`);
      for (const key of Object.keys(figures)) figures[key].push(Number(v[key]));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  console.log(`dev container up, image, first:            ${fmt(figures.app_up_seconds, "s")}`);
  console.log(`dev container up, image, after stop/start: ${fmt(figures.app_up_restart_seconds, "s")} (same container)`);
  console.log(`dev container up, Dockerfile, first build: ${fmt(figures.tool_up_first_seconds, "s")}`);
  console.log(`dev container rebuild after stop/start:    ${fmt(figures.tool_up_cached_seconds, "s")} (every step cached)`);
} finally {
  dcHarness.cleanUp();
}

// 7. the cgroup v2 node, rootful (today's privileged sidecar) and rootless, one boot each per run
void (async () => {
  const built = ensureNodeImage();
  console.log(
    built.builtSeconds === undefined
      ? `cgroup v2 node image: cached (${nodeImageDir()})`
      : `cgroup v2 node image: built in ${built.builtSeconds.toFixed(0)} s (debootstrap, mke2fs; ${nodeImageDir()})`,
  );
  const runs = Number(process.env.VM_RUNS ?? 1);
  const vmFmt = (xs: number[]) => `median ${median(xs).toFixed(1)} s (runs: ${xs.map((x) => x.toFixed(1)).join(", ")})`;
  const modes = [
    { name: "rootful", devpod: {} },
    { name: "rootless", devpod: { isolation: "rootless" } },
  ];
  const figures: Record<string, Record<string, number[]>> = {};
  const notes: Record<string, string[]> = {};
  for (const mode of modes) {
    const vmHarness = new VerificationHarness(mode.devpod);
    const f: Record<string, number[]> = { boot: [], dockerd: [], verify: [], build: [], restart: [], warm: [], hogs: [], escapes: [], whole: [] };
    figures[mode.name] = f;
    notes[mode.name] = [];
    try {
      for (let i = 0; i < runs; i++) {
        const o = await runNodeScenarios(vmHarness, 25 * 60_000);
        const r = o.results;
        if (r.scenario_status !== "0" || r.verify_status !== "0" || r.build_status !== "0" || r.warm_build_status !== "0") {
          throw new Error(`cgroup v2 node scenario (${mode.name}) failed:\n${o.scenarioLog}\n${o.verifyLog}\n${o.buildLogs}`);
        }
        f.boot.push(Number(r.node_boot_seconds));
        f.dockerd.push(Number(r.dockerd_start_ms) / 1000);
        f.verify.push(Number(r.verify_ms) / 1000);
        f.build.push(Number(r.build_ms) / 1000);
        f.restart.push(Number(r.restart_ms) / 1000);
        f.warm.push(Number(r.warm_build_ms) / 1000);
        f.hogs.push(Number(r.hogs_ms) / 1000);
        f.escapes.push(Number(r.escapes_ms) / 1000);
        f.whole.push(o.seconds);
        // The cgroup the hogs were killed in: <sidecar>/containers (rootful), the daemon's own child (rootless).
        const domain = (r.dockerd_cgroup ?? "").split("/").pop() ?? "";
        const killed = r.containers_events_oom_kill ?? r[`${domain}_events_oom_kill`];
        notes[mode.name].push(
          `container ${r.hog_container_status}, RUN step ${r.hog_build_exit}; dockerd ${r.dockerd_same_pid === "1" ? "same pid" : "RESTARTED"}, ` +
            `bystander ${r.bystander_after === `true:${r.bystander_pid}` ? "running" : "GONE"}, oom_kill ${killed}, ` +
            `oom_group_kill ${r.own_events_oom_group_kill}; dockerd's cgroup anon ${(Number(r.dockerd_anon) / 2 ** 20).toFixed(0)} MiB, ` +
            `peak ${(Number(r.dockerd_memory_peak) / 2 ** 20).toFixed(0)} MiB; escapes reaching the node ${r.escapes_reached} of ${r.escapes_attempted}`,
        );
      }
    } finally {
      vmHarness.cleanUp();
    }
  }
  const line = (label: string, key: string) => {
    const [a, b] = [figures.rootless[key], figures.rootful[key]];
    console.log(`cgroup v2 node, ${label.padEnd(38)} rootless ${vmFmt(a)} vs rootful ${vmFmt(b)}: ${(median(a) / median(b)).toFixed(2)}x`);
  };
  line("boot to init:", "boot");
  line("dockerd start (dind-start, entrypoint):", "dockerd");
  line("verification:", "verify");
  line("build (cache mount, 16 MiB layer):", "build");
  line("restart (preStop, SIGTERM, start):", "restart");
  line("warm rebuild after the restart:", "warm");
  line(`two hogs past the ${NODE_SIDECAR_MEMORY_MIB} MiB limit:`, "hogs");
  line("nine escape attempts:", "escapes");
  line("whole boot (qemu start to power-off):", "whole");
  for (const mode of modes) console.log(`cgroup v2 node, ${mode.name}: ${notes[mode.name].join(" | ")}`);
})().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
