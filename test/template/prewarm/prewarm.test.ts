// The image prewarm: what the template declares (config prewarmImages), and lib/template/scripts/prewarm-images.sh run as
// terraform renders it, against a stand-in `docker` whose pulls succeed, fail or hang. The pull into a real dockerd
// is in test/template/prewarm/prewarm.dind.test.ts.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { resolveConfig } from "../../../lib/config/config";
import { verificationTimeoutSeconds } from "../../../lib/template/docker-verification";
import { VERIFIED_MARKER } from "../../../lib/template/prewarm/image-prewarm";
import { Tf, synthDevpod } from "../../helpers";
import { renderWithTerraform, terraformUnavailable } from "../../terraform";
import { requireOrSkip } from "../../dind/environment";

const IMAGES = ["ok/node:22", "bad/missing:1", "slow/huge:1", "ok/postgres:16"];
const { tf } = synthDevpod({ prewarmImages: IMAGES });
const scripts = () => tf.resource.coder_script as Record<string, Tf>;

describe("template", () => {
  test("a non-blocking start script, only when images are named, with a timeout above its own limits", () => {
    const prewarm = scripts().prewarm_images;
    expect(prewarm).toMatchObject({ run_on_start: true, start_blocks_login: false, agent_id: "${coder_agent.main.id}", display_name: "Prewarm Docker images" });
    const verification = scripts().verify_docker_storage.timeout;
    const config = resolveConfig({});
    expect(verification).toBe(verificationTimeoutSeconds(config.dockerReadyTimeoutSeconds, 240, 240));
    // It waits up to the verification's timeout, then pulls for at most 900 s; Coder's timeout must not trip first.
    expect(prewarm.timeout).toBeGreaterThan(verification + 900);
    expect(prewarm.script).toContain(`DEVPOD_IMAGES='${IMAGES.join(" ")}'`);
    expect(prewarm.script).toContain(`DEVPOD_WAIT_SECONDS='${verification}'`);
    expect(prewarm.script).toContain("\nDEVPOD_GRACE_SECONDS='10'\n");
    expect(synthDevpod().tf.resource.coder_script.prewarm_images).toBeUndefined();
  });

  test("the verification writes its result file (removed first, then pass or fail) when a prewarm or dev containers read it", () => {
    const verify = scripts().verify_docker_storage.script as string;
    expect(verify).toContain(`\nDEVPOD_VERIFIED_MARKER='${VERIFIED_MARKER}'\n`);
    // The pass is recorded after the last check's line, the final command.
    const lines = verify.trimEnd().split("\n");
    expect(lines[lines.length - 1]).toBe('record "pass $run_started"');
    expect(lines.slice(-3, -1).some((l) => /^\s*say "OK: docker storage verified/.test(l))).toBe(true);
    expect(synthDevpod({ devcontainers: { enabled: true } }).tf.resource.coder_script.verify_docker_storage.script).toContain(`DEVPOD_VERIFIED_MARKER='${VERIFIED_MARKER}'`);
    expect(synthDevpod().tf.resource.coder_script.verify_docker_storage.script).not.toContain(VERIFIED_MARKER);
  });

  test.each([
    [["node:22", "node:22"], '"node:22" is listed twice'],
    [["node 22"], '"node 22" contains " "'],
    [["Node:22"], '"Node:22" has the repository name \'Node\''],
    ["node:22", "must be a list"],
    [Array.from({ length: 21 }, (_, i) => `img${i}:1`), "at most 20"],
  ])("prewarmImages %j fails: %s", (value, message) => {
    expect(() => resolveConfig({ prewarmImages: value })).toThrow(`prewarmImages = ${JSON.stringify(value)} is invalid: it must`);
    expect(() => resolveConfig({ prewarmImages: value })).toThrow(message);
  });
});

const skip = requireOrSkip("terraform (prewarm script)", terraformUnavailable());
(skip ? describe.skip : describe)("the script, as terraform renders it, against a stand-in docker", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "devpod-prewarm-"));
  /** Seconds since boot, as the verification stamps its result. */
  const uptime = () => Math.floor(Number(fs.readFileSync("/proc/uptime", "utf8").split(" ")[0]));
  const bin = path.join(dir, "bin");
  const calls = path.join(dir, "calls");
  const marker = path.join(dir, "verified");
  let rendered = "";
  beforeAll(() => {
    rendered = renderWithTerraform({ s: scripts().prewarm_images.script }, tf).s;
    fs.mkdirSync(bin);
    // `docker pull --quiet IMAGE`: ok/* succeeds, bad/* fails as a registry does, slow/* hangs.
    fs.writeFileSync(
      path.join(bin, "docker"),
      `#!/bin/sh\necho "$DOCKER_HOST $*" >>'${calls}'\ncase $3 in\n  ok/*) echo sha256:abc ;;\n  bad/*) echo "Error response from daemon: manifest unknown" >&2; exit 1 ;;\n  slow/*) sleep 60 ;;\nesac\n`,
    );
    fs.chmodSync(path.join(bin, "docker"), 0o755);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** Runs the rendered script with its settings lines changed to `settings`; returns output, status and seconds. */
  const run = (settings: Record<string, string | number>, shell = ["sh"]) => {
    fs.rmSync(calls, { force: true });
    let text = rendered;
    for (const [name, value] of Object.entries(settings)) {
      const line = new RegExp(`^${name}='[^']*'$`, "m");
      expect(text).toMatch(line);
      text = text.replace(line, `${name}='${value}'`);
    }
    const begin = Date.now();
    const r = spawnSync(shell[0], [...shell.slice(1), "-c", text], { encoding: "utf8", env: { PATH: `${bin}:/usr/bin:/bin` }, timeout: 30_000 });
    return { status: r.status, out: r.stdout + r.stderr, seconds: (Date.now() - begin) / 1000, calls: fs.existsSync(calls) ? fs.readFileSync(calls, "utf8") : "" };
  };

  // The deadline is counted in whole seconds of uptime: a 3 s limit leaves at least 2 s for the first two pulls.
  // The workspace image's sh (dash here) and busybox's, as in minimal images.
  const shells = fs.existsSync("/bin/busybox") ? [["sh"], ["/bin/busybox", "sh"]] : [["sh"]];
  test.each(shells)("with %s: waits for the verification's marker, then pulls every image in order; failures are logged, the exit status is 0", (...shell) => {
    fs.writeFileSync(marker, `pass ${uptime()}\n`);
    const r = run({ DEVPOD_VERIFIED_MARKER: marker, DEVPOD_PULL_SECONDS: 3, DEVPOD_WAIT_SECONDS: 5, DEVPOD_GRACE_SECONDS: 0 }, shell);
    expect(r.status).toBe(0);
    expect(r.calls.trim().split("\n")).toEqual(IMAGES.map((i) => `unix:///run/dind/docker.sock pull --quiet ${i}`).slice(0, 3));
    expect(r.out).toContain("devpod prewarm: pulled ok/node:22 in ");
    expect(r.out).toContain("devpod prewarm: could not pull bad/missing:1: Error response from daemon: manifest unknown");
    expect(r.out).toContain("devpod prewarm: pulling slow/huge:1 stopped at the time limit of 3s");
    expect(r.out).toContain("devpod prewarm: time limit of 3s reached; not pulling ok/postgres:16");
    expect(r.out).toMatch(/devpod prewarm: 1 of 4 images on the volume after \d+s\n$/);
    expect(r.seconds).toBeLessThan(10);
  });

  test("without the marker it pulls nothing and gives up after the wait, still with status 0", () => {
    fs.rmSync(marker, { force: true });
    const r = run({ DEVPOD_VERIFIED_MARKER: marker, DEVPOD_WAIT_SECONDS: 1 });
    expect(r.status).toBe(0);
    expect(r.calls).toBe("");
    expect(r.out).toBe("devpod prewarm: the storage verification has not passed after 1s; pulling nothing (see its log)\n");
    expect(r.seconds).toBeGreaterThanOrEqual(1);
  });

  /** Runs the rendered script with `setup` (shell commands) in the background, as the verification would act. */
  const runBeside = (setup: string, settings: Record<string, string | number>) => {
    let text = rendered;
    for (const [name, value] of Object.entries(settings)) text = text.replace(new RegExp(`^${name}='[^']*'$`, "m"), `${name}='${value}'`);
    fs.rmSync(calls, { force: true });
    const begin = Date.now();
    const r = spawnSync("sh", ["-c", `(${setup}) & ${text}`], { encoding: "utf8", env: { PATH: `${bin}:/usr/bin:/bin` }, timeout: 30_000 });
    return { out: r.stdout + r.stderr, status: r.status, calls: fs.existsSync(calls) ? fs.readFileSync(calls, "utf8") : "", seconds: (Date.now() - begin) / 1000 };
  };

  test("an earlier run's pass (a prebuild's, before the claim re-ran every start script) is not trusted once the verification removes it", () => {
    fs.writeFileSync(marker, `pass ${uptime() - 3600}\n`);
    // This run's verification removes it (at once, here after 1 s, within the grace), then fails.
    const r = runBeside(`sleep 1; rm '${marker}'; sleep 1; echo "fail $(cut -d . -f 1 /proc/uptime) storage driver" >'${marker}'`, {
      DEVPOD_VERIFIED_MARKER: marker,
      DEVPOD_WAIT_SECONDS: 20,
      DEVPOD_GRACE_SECONDS: 5,
      DEVPOD_IMAGES: "ok/a:1",
    });
    expect(r.calls).toBe("");
    expect(r.out).toBe("devpod prewarm: the storage verification failed (storage driver); pulling nothing (see its log)\n");
  });

  test("an earlier run's result replaced without a gap, by a new one, counts at once", () => {
    fs.writeFileSync(marker, `fail ${uptime() - 3600} storage driver\n`);
    const r = runBeside(`sleep 1; echo "pass $(cut -d . -f 1 /proc/uptime)" >'${marker}'`, {
      DEVPOD_VERIFIED_MARKER: marker,
      DEVPOD_WAIT_SECONDS: 20,
      DEVPOD_GRACE_SECONDS: 15,
      DEVPOD_IMAGES: "ok/a:1",
    });
    expect(r.out).toContain("devpod prewarm: pulled ok/a:1");
    expect(r.out).not.toContain("failed");
    // Not after the grace: as soon as it changed.
    expect(r.seconds).toBeLessThan(10);
  });

  test("a result that stands for the grace was written by this run before the prewarm started: taken", () => {
    fs.writeFileSync(marker, `pass ${uptime() - 30}\n`);
    const r = run({ DEVPOD_VERIFIED_MARKER: marker, DEVPOD_WAIT_SECONDS: 20, DEVPOD_GRACE_SECONDS: 2, DEVPOD_IMAGES: "ok/a:1" });
    expect(r.out).toContain("devpod prewarm: pulled ok/a:1");
    expect(r.seconds).toBeGreaterThanOrEqual(2);
    // The grace's last second counts (checked before the wait's limit).
    expect(run({ DEVPOD_VERIFIED_MARKER: marker, DEVPOD_WAIT_SECONDS: 1, DEVPOD_GRACE_SECONDS: 1, DEVPOD_IMAGES: "ok/a:1" }).out).toContain("pulled ok/a:1");
    // Within the grace it is not taken.
    const early = run({ DEVPOD_VERIFIED_MARKER: marker, DEVPOD_WAIT_SECONDS: 1, DEVPOD_GRACE_SECONDS: 5, DEVPOD_IMAGES: "ok/a:1" });
    expect(early.out).toBe("devpod prewarm: the storage verification has not passed after 1s; pulling nothing (see its log)\n");
  });

  test("a failed verification: nothing pulled, naming the failed check", () => {
    fs.writeFileSync(marker, `fail ${uptime()} storage driver\n`);
    const r = run({ DEVPOD_VERIFIED_MARKER: marker, DEVPOD_WAIT_SECONDS: 20, DEVPOD_GRACE_SECONDS: 0 });
    expect(r.status).toBe(0);
    expect(r.calls).toBe("");
    expect(r.out).toBe("devpod prewarm: the storage verification failed (storage driver); pulling nothing (see its log)\n");
    expect(r.seconds).toBeLessThan(5);
  });

  test("a result that appears while it waits starts the pulls", () => {
    fs.rmSync(marker, { force: true });
    const late = spawnSync(
      "sh",
      ["-c", `(sleep 1; echo "pass $(cut -d . -f 1 /proc/uptime)" >'${marker}') & ${rendered.replace(/^DEVPOD_VERIFIED_MARKER='[^']*'$/m, `DEVPOD_VERIFIED_MARKER='${marker}'`).replace(/^DEVPOD_IMAGES='[^']*'$/m, "DEVPOD_IMAGES='ok/a:1'")}`],
      { encoding: "utf8", env: { PATH: `${bin}:/usr/bin:/bin` }, timeout: 30_000 },
    );
    expect(late.status).toBe(0);
    expect(late.stdout).toContain("devpod prewarm: pulled ok/a:1");
  });
});
