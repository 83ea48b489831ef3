// The image prewarm: what the template declares (config prewarmImages), and lib/template/scripts/prewarm-images.sh run as
// terraform renders it, against a stand-in `docker` whose pulls succeed, fail or hang. The pull into a real dockerd
// is in test/template/prewarm/prewarm.dind.test.ts.
import { spawn } from "child_process";
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
// The cases wait real seconds (the script counts whole seconds of uptime) and share nothing: each has its own marker
// and calls file, and they run at once (test.concurrent), so the file waits about as long as its longest case.
(skip ? describe.skip : describe)("the script, as terraform renders it, against a stand-in docker", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "devpod-prewarm-"));
  /** Seconds since boot, as the verification stamps its result. */
  const uptime = () => Math.floor(Number(fs.readFileSync("/proc/uptime", "utf8").split(" ")[0]));
  const bin = path.join(dir, "bin");
  let rendered: string | undefined;
  /** The rendered script, and the stand-in docker, made once: concurrent tests start before a describe's beforeAll. */
  const script = (): string => {
    if (rendered === undefined) {
      rendered = renderWithTerraform({ s: scripts().prewarm_images.script }, tf).s;
      fs.mkdirSync(bin);
      // `docker pull --quiet IMAGE`: ok/* succeeds, bad/* fails as a registry does, slow/* hangs. Each case's calls go
      // to its own file ($STUB_CALLS).
      fs.writeFileSync(
        path.join(bin, "docker"),
        `#!/bin/sh\necho "$DOCKER_HOST $*" >>"$STUB_CALLS"\ncase $3 in\n  ok/*) echo sha256:abc ;;\n  bad/*) echo "Error response from daemon: manifest unknown" >&2; exit 1 ;;\n  slow/*) sleep 60 ;;\nesac\n`,
      );
      fs.chmodSync(path.join(bin, "docker"), 0o755);
    }
    return rendered;
  };
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  let cases = 0;
  /** A case's own marker and calls file. */
  const newCase = () => {
    const own = path.join(dir, `case-${cases++}`);
    fs.mkdirSync(own);
    return { marker: path.join(own, "verified"), calls: path.join(own, "calls") };
  };

  /** The rendered script with its settings lines changed to `settings` (each line must be there). */
  const withSettings = (settings: Record<string, string | number>) => {
    let text = script();
    for (const [name, value] of Object.entries(settings)) {
      const line = new RegExp(`^${name}='[^']*'$`, "m");
      expect(text).toMatch(line);
      text = text.replace(line, `${name}='${value}'`);
    }
    return text;
  };

  /** Runs `text` with `shell -c`, asynchronously; returns status, output, seconds and the stand-in's calls. */
  const exec = (text: string, calls: string, shell = ["sh"]) =>
    new Promise<{ status: number | null; stdout: string; out: string; seconds: number; calls: string }>((resolve) => {
      const begin = Date.now();
      const proc = spawn(shell[0], [...shell.slice(1), "-c", text], { env: { PATH: `${bin}:/usr/bin:/bin`, STUB_CALLS: calls }, timeout: 30_000 });
      let stdout = "";
      let stderr = "";
      proc.stdout.on("data", (d) => (stdout += d));
      proc.stderr.on("data", (d) => (stderr += d));
      proc.on("close", (status) =>
        resolve({ status, stdout, out: stdout + stderr, seconds: (Date.now() - begin) / 1000, calls: fs.existsSync(calls) ? fs.readFileSync(calls, "utf8") : "" }),
      );
    });

  /** Runs the rendered script with its settings lines changed to `settings`. */
  const run = (c: { marker: string; calls: string }, settings: Record<string, string | number>, shell = ["sh"]) =>
    exec(withSettings({ DEVPOD_VERIFIED_MARKER: c.marker, ...settings }), c.calls, shell);

  // The deadline is counted in whole seconds of uptime: a 3 s limit leaves at least 2 s for the first two pulls.
  // The workspace image's sh (dash here) and busybox's, as in minimal images.
  const shells = fs.existsSync("/bin/busybox") ? [["sh"], ["/bin/busybox", "sh"]] : [["sh"]];
  test.concurrent.each(shells)("with %s: waits for the verification's marker, then pulls every image in order; failures are logged, the exit status is 0", async (...shell) => {
    const c = newCase();
    fs.writeFileSync(c.marker, `pass ${uptime()}\n`);
    const r = await run(c, { DEVPOD_PULL_SECONDS: 3, DEVPOD_WAIT_SECONDS: 5, DEVPOD_GRACE_SECONDS: 0 }, shell);
    expect(r.status).toBe(0);
    expect(r.calls.trim().split("\n")).toEqual(IMAGES.map((i) => `unix:///run/dind/docker.sock pull --quiet ${i}`).slice(0, 3));
    expect(r.out).toContain("devpod prewarm: pulled ok/node:22 in ");
    expect(r.out).toContain("devpod prewarm: could not pull bad/missing:1: Error response from daemon: manifest unknown");
    expect(r.out).toContain("devpod prewarm: pulling slow/huge:1 stopped at the time limit of 3s");
    expect(r.out).toContain("devpod prewarm: time limit of 3s reached; not pulling ok/postgres:16");
    expect(r.out).toMatch(/devpod prewarm: 1 of 4 images on the volume after \d+s\n$/);
    expect(r.seconds).toBeLessThan(10);
  });

  test.concurrent("without the marker it pulls nothing and gives up after the wait, still with status 0", async () => {
    const c = newCase();
    const r = await run(c, { DEVPOD_WAIT_SECONDS: 1 });
    expect(r.status).toBe(0);
    expect(r.calls).toBe("");
    expect(r.out).toBe("devpod prewarm: the storage verification has not passed after 1s; pulling nothing (see its log)\n");
    expect(r.seconds).toBeGreaterThanOrEqual(1);
  });

  /** Runs the rendered script with `setup` (shell commands) in the background, as the verification would act. */
  const runBeside = (c: { marker: string; calls: string }, setup: string, settings: Record<string, string | number>) =>
    exec(`(${setup}) & ${withSettings({ DEVPOD_VERIFIED_MARKER: c.marker, ...settings })}`, c.calls);

  test.concurrent("an earlier run's pass (a prebuild's, before the claim re-ran every start script) is not trusted once the verification removes it", async () => {
    const c = newCase();
    fs.writeFileSync(c.marker, `pass ${uptime() - 3600}\n`);
    // This run's verification removes it (at once, here after 1 s, within the grace), then fails.
    const r = await runBeside(c, `sleep 1; rm '${c.marker}'; sleep 1; echo "fail $(cut -d . -f 1 /proc/uptime) storage driver" >'${c.marker}'`, {
      DEVPOD_WAIT_SECONDS: 20,
      DEVPOD_GRACE_SECONDS: 5,
      DEVPOD_IMAGES: "ok/a:1",
    });
    expect(r.calls).toBe("");
    expect(r.out).toBe("devpod prewarm: the storage verification failed (storage driver); pulling nothing (see its log)\n");
  });

  test.concurrent("an earlier run's result replaced without a gap, by a new one, counts at once", async () => {
    const c = newCase();
    fs.writeFileSync(c.marker, `fail ${uptime() - 3600} storage driver\n`);
    const r = await runBeside(c, `sleep 1; echo "pass $(cut -d . -f 1 /proc/uptime)" >'${c.marker}'`, {
      DEVPOD_WAIT_SECONDS: 20,
      DEVPOD_GRACE_SECONDS: 15,
      DEVPOD_IMAGES: "ok/a:1",
    });
    expect(r.out).toContain("devpod prewarm: pulled ok/a:1");
    expect(r.out).not.toContain("failed");
    // Not after the grace: as soon as it changed.
    expect(r.seconds).toBeLessThan(10);
  });

  test.concurrent("a result that stands for the grace was written by this run before the prewarm started: taken", async () => {
    // Three runs at once, each with its own copy of the same result.
    const [c, last, within] = [newCase(), newCase(), newCase()];
    for (const { marker } of [c, last, within]) fs.writeFileSync(marker, `pass ${uptime() - 30}\n`);
    const [r, lastSecond, early] = await Promise.all([
      run(c, { DEVPOD_WAIT_SECONDS: 20, DEVPOD_GRACE_SECONDS: 2, DEVPOD_IMAGES: "ok/a:1" }),
      // The grace's last second counts (checked before the wait's limit).
      run(last, { DEVPOD_WAIT_SECONDS: 1, DEVPOD_GRACE_SECONDS: 1, DEVPOD_IMAGES: "ok/a:1" }),
      // Within the grace it is not taken.
      run(within, { DEVPOD_WAIT_SECONDS: 1, DEVPOD_GRACE_SECONDS: 5, DEVPOD_IMAGES: "ok/a:1" }),
    ]);
    expect(r.out).toContain("devpod prewarm: pulled ok/a:1");
    expect(r.seconds).toBeGreaterThanOrEqual(2);
    expect(lastSecond.out).toContain("pulled ok/a:1");
    expect(early.out).toBe("devpod prewarm: the storage verification has not passed after 1s; pulling nothing (see its log)\n");
  });

  test.concurrent("a failed verification: nothing pulled, naming the failed check", async () => {
    const c = newCase();
    fs.writeFileSync(c.marker, `fail ${uptime()} storage driver\n`);
    const r = await run(c, { DEVPOD_WAIT_SECONDS: 20, DEVPOD_GRACE_SECONDS: 0 });
    expect(r.status).toBe(0);
    expect(r.calls).toBe("");
    expect(r.out).toBe("devpod prewarm: the storage verification failed (storage driver); pulling nothing (see its log)\n");
    expect(r.seconds).toBeLessThan(5);
  });

  test.concurrent("a result that appears while it waits starts the pulls", async () => {
    const c = newCase();
    // Only the marker and the image changed: the template's own wait and grace.
    const text = script().replace(/^DEVPOD_VERIFIED_MARKER='[^']*'$/m, `DEVPOD_VERIFIED_MARKER='${c.marker}'`).replace(/^DEVPOD_IMAGES='[^']*'$/m, "DEVPOD_IMAGES='ok/a:1'");
    const late = await exec(`(sleep 1; echo "pass $(cut -d . -f 1 /proc/uptime)" >'${c.marker}') & ${text}`, c.calls);
    expect(late.status).toBe(0);
    expect(late.stdout).toContain("devpod prewarm: pulled ok/a:1");
  });
});
