// Docker's data on the home volume across a workspace's life, against a real dockerd started through the template's
// own sidecar command: the build cache bound (BuildKit's GC), a stop (preStop hook, SIGTERM) and a start on the same
// data root with a warm cache, the sidecar command run through the docker:dind image's own entrypoint, the sidecar
// SIGKILLed in the middle of a build and of an image import, and a second pod's dockerd on the same data root while
// the first still runs (a stop->start faster than the old pod's termination).
// The scenarios mostly wait (a 10 s stop timeout, a 15 s lock timeout), so they all start at once and overlap.
import * as path from "path";
import { requireOrSkip, realDockerUnavailable } from "../dind/environment";
import { Outcome, Scenario, VerificationHarness } from "../dind/harness";
import { podSpec } from "../helpers";
import { terraformUnavailable } from "../terraform";

const WAIT = 5; // dockerReadyTimeoutSeconds: the second pod's verification waits this long while the first runs
const skip = requireOrSkip("real-dockerd lifecycle", realDockerUnavailable() ?? terraformUnavailable());
const describeReal = skip ? describe.skip : describe;
const lifecycle = (name: string) => path.join(__dirname, "..", "dind", `lifecycle-${name}.sh`);
/** The key=value lines of a lifecycle's output. */
const values = (text: string): Record<string, string> =>
  Object.fromEntries(text.split("\n").filter((l) => /^\w+=/.test(l)).map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
const GC_BOUND_MIB = 10;

describeReal("Docker's data across GC, stop/start, crashes and overlapping pods (real dockerd)", () => {
  let harness: VerificationHarness;
  const scenarios: Record<string, Scenario> = {
    gc: {
      home: "ext4",
      dockerd: "real",
      // Filled under a large bound; GC_BOUND_MIB is the bound the lifecycle restarts dockerd with.
      sidecarEnv: { DEVPOD_BUILD_CACHE_MIB: "1024", GC_BOUND_MIB: String(GC_BOUND_MIB) },
      lifecycle: lifecycle("gc"),
      withMetadata: true,
    },
    stopStart: { home: "ext4", dockerd: "real", lifecycle: lifecycle("stop-start") },
    entrypoint: { home: "ext4", dockerd: "real", vendoredEntrypoint: true, lifecycle: lifecycle("entrypoint") },
    crashBuild: { home: "ext4", dockerd: "real", lifecycle: lifecycle("crash-build") },
    crashImport: { home: "ext4", dockerd: "real", lifecycle: lifecycle("crash-import") },
    twoDaemons: { home: "ext4", dockerd: "real", lifecycle: lifecycle("two-daemons") },
  };
  const outcomes: Record<string, Promise<Outcome>> = {};
  beforeAll(() => {
    harness = new VerificationHarness({ dockerReadyTimeoutSeconds: WAIT });
    for (const [name, scenario] of Object.entries(scenarios)) {
      outcomes[name] = harness.runAsync(scenario);
      outcomes[name].catch(() => undefined); // reported by the test that awaits it
    }
  });
  afterAll(async () => {
    await Promise.allSettled(Object.values(outcomes));
    harness?.cleanUp();
  });

  test("the sidecar's environment carries the build cache bound, rendered by terraform from home_disk_size (30 GiB x 50 % = 15360 MiB)", async () => {
    expect(harness.sidecarEnv).toEqual({ DEVPOD_BUILD_CACHE_MIB: "15360" });
  }, 120_000);

  test(
    "bounded disk: a build cache filled past a small bound is brought back under it by the daemon's own GC policy",
    async () => {
      const boundMiB = GC_BOUND_MIB;
      const outcome = await outcomes.gc;
      const v = values(outcome.lifecycle);
      expect(v.daemon_json).toBe(`{  "builder": { "gc": { "enabled": true, "defaultKeepStorage": "${boundMiB}MB" } }}`);
      const filled = Number(v.filled);
      expect(filled).toBeGreaterThan(20e6); // six 4 MiB records
      // Control: a restart under a bound the cache fits in prunes nothing.
      expect(Number(v.after_restart_same_bound)).toBe(filled);
      // Under the small bound, BuildKit's GC at daemon start trims the cache to at most the bound (MB = MiB here).
      expect(Number(v.after_restart_small_bound)).toBeLessThanOrEqual(boundMiB * 2 ** 20);
      expect(Number(v.after_restart_small_bound)).toBeLessThan(filled);
      // The dashboard's Docker Disk Use shows the use against the bound the daemon runs with.
      expect(outcome.metadata["4_docker_disk"]).toMatch(/^Images \S+, Containers \S+, Local Volumes \S+, Build Cache \S+ of 10\.4MB \(GC bound\)$/);
      expect(outcome.status).toBe(0);
    },
    120_000,
  );

  test(
    "graceful stop and warm start: the preStop hook stops a stubborn container, dockerd exits 0 within the grace period, and the next dockerd has the same images and a fully cached build",
    async () => {
      const grace = podSpec(harness.tf).termination_grace_period_seconds;
      const outcome = await outcomes.stopStart;
      const v = values(outcome.lifecycle);
      expect(v.running_before).toBe("keeper stubborn ");
      // dockerd would wait for the container's own 300 s stop timeout (moby daemon.go shutdownTimeout); the hook's
      // docker stop -t 10 kills it first, and dockerd then exits cleanly.
      expect(v.stop_status).toBe("0");
      expect(Number(v.stop_seconds)).toBeGreaterThanOrEqual(10);
      expect(Number(v.stop_seconds)).toBeLessThan(grace);
      expect(v.stubborn_after).toMatch(/^Exited \(137\)/);
      // Left to dockerd's own shutdown by the hook, so not marked as manually stopped: running again after the start.
      expect(v.keeper_after).toMatch(/^Up /);
      expect(v.images_after).toBe(v.images_before);
      expect(v.images_after).toContain("devpod-life:1@");
      // Every RUN step of the same Dockerfile comes from the cache the previous daemon left on the volume.
      expect(v.cold_cached).toBe("0");
      expect(v.warm_cached).toBe("3");
      expect(Number(v.warm_seconds)).toBeLessThan(Number(v.cold_seconds));
      // And the start-up verification passes on the new daemon.
      expect(outcome.output).toMatch(/^devpod: OK: docker storage verified: /m);
      expect(outcome.status).toBe(0);
    },
    120_000,
  );

  test("through the docker:dind 29 entrypoint (vendored): docker-init runs dockerd with the template's args, no TCP listener, and the verification passes", async () => {
    const outcome = await outcomes.entrypoint;
    const v = values(outcome.lifecycle);
    const args = harness.dockerdArgs.slice(1).join(" ");
    // dockerd-entrypoint.sh: `dockerd` first, so no --host=tcp://...; docker-init (tini) as the main process, and the
    // dind helper exec'ing dockerd.
    // No --cgroup-parent: this machine is cgroup v1, where runc's layout already puts /docker inside the sidecar's cgroup.
    expect(v.main).toMatch(new RegExp(`^docker-init docker-init -- dockerd ${args.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")} --config-file=/run/dind/daemon.json $`));
    expect(v.child).toMatch(/^dockerd dockerd --host=unix:\/\/\/run\/dind\/docker\.sock /);
    expect(v.child).not.toContain("tcp://");
    // dind ran: securityfs mounted, / made shared.
    expect(v.securityfs).toBe("1");
    expect(v.root_propagation).toMatch(/^shared:/);
    expect(outcome.dockerdLog).not.toContain("no dockerd-entrypoint.sh on PATH");
    expect(outcome.tcpListeners).toBe("");
    expect(outcome.output).toMatch(/^devpod: OK: docker storage verified: root dir \/home\/coder\/\.docker-data, driver overlay2, /m);
    expect(outcome.status).toBe(0);
  }, 120_000);

  test("SIGKILL in the middle of a build: the restarted dockerd comes up, images intact, the committed step reused, the half-built one cleaned", async () => {
    const outcome = await outcomes.crashBuild;
    const v = values(outcome.lifecycle);
    expect(v.killed).toBe("yes");
    expect(v.up_after).toMatch(/^\d+\.\d+/);
    expect(v.images_after).toBe(v.images_before);
    expect(v.images_after).toContain("devpod-kept:1@");
    // The first RUN step had committed before the kill: the same build reuses it.
    expect(v.rebuild_cached).toBe("1");
    // Once the build's image and cache are pruned, the layer store is back to where it was: nothing half-built left.
    expect(v.layers_after_prune).toBe(v.layers_before);
    expect(v.orphans).toBe("0 0");
    expect(outcome.output).toMatch(/^devpod: OK: docker storage verified: /m);
    expect(outcome.status).toBe(0);
  }, 120_000);

  test("SIGKILL in the middle of an image import: dockerd comes up, images intact, no half image; the partial layer stays behind (found, see README)", async () => {
    const outcome = await outcomes.crashImport;
    const v = values(outcome.lifecycle);
    expect(v.killed).toBe("yes");
    expect(v.images_after).toBe(v.images_before);
    expect(v.images_after).not.toContain("devpod-half");
    expect(v.tmp_after).toBe("0");
    // Found on dockerd 20.10: the layer being written when dockerd died stays in overlay2/ with no layer metadata
    // referring to it, and no prune removes it (moby's layer store only cleans up interrupted deletions, getOrphan).
    // If this starts failing because it is cleaned, update the README's "What is persistent" section.
    expect(Number(v.layers_after_prune)).toBe(Number(v.layers_before) + 1);
    const [orphans, kib] = v.orphans.split(" ").map(Number);
    expect(orphans).toBe(1);
    expect(kib).toBeGreaterThan(1024); // part of the 16 MiB layer had been written
    expect(outcome.output).toMatch(/^devpod: OK: docker storage verified: /m);
    expect(outcome.status).toBe(0);
  }, 120_000);

  test(
    "two dockerds on one data root: a bare second one fails on the lock; the sidecar command waits for the old one, the verification names the cause, and passes once the old pod is gone",
    async () => {
      const outcome = await outcomes.twoDaemons;
      const v = values(outcome.lifecycle);
      const verify = (n: number) =>
        outcome.lifecycle
          .split("\n")
          .filter((l) => l.startsWith(`verify_b${n}: `))
          .map((l) => l.slice(`verify_b${n}: `.length))
          .join("\n");
      // What a second dockerd does while the first runs: its containerd cannot open meta.db (flock), and dockerd gives
      // up after containerd's start timeout, exit status 1. The first one is unaffected, and nothing is left behind.
      expect(v.bare_status).toBe("1");
      expect(v.bare_error).toBe("failed to start containerd: timeout waiting for containerd to start");
      expect(v.a_alive_after_bare).toMatch(/^[RS]$/); // running or sleeping, not a zombie
      expect(v.containerd_processes).toBe("1");
      // The template's sidecar command waits instead, and says why in the shared socket directory ...
      // It waits at most the pod's grace period: by then kubelet has killed the old pod's dockerd.
      const grace = podSpec(harness.tf).termination_grace_period_seconds;
      expect(v.status_file_b1).toMatch(
        new RegExp(
          "^held: another dockerd still holds the data root: the previous pod is still stopping " +
            `\\(/home/coder/\\.docker-data/containerd/daemon/io\\.containerd\\.metadata\\.v1\\.bolt/meta\\.db is locked; waited \\d+s of ${grace}s\\)$`,
        ),
      );
      // ... which the verification in the new pod's workspace container reports, instead of "daemon down".
      expect(v.verify_b1_status).toBe("1");
      expect(verify(1)).toContain(
        `error: dockerd failed: no answer on unix:///run/dind/docker.sock after ${WAIT}s: another dockerd still holds the data root: the previous pod is still stopping (`,
      );
      expect(verify(1)).toContain("  cause: the workspace was started again before its previous pod had stopped;");
      expect(verify(1)).toContain("  fix: wait until the previous pod is gone (kubectl get pods), then restart the workspace;");
      expect(verify(1)).not.toContain("the docker sidecar is not running");
      // The old pod stops: the new dockerd starts because the lock was released, not because its wait (the grace
      // period) ran out, on the same data root, and passes. (A wall-clock limit here raced with dockerd's start under
      // load; b_up_after_a_stop_ms is still printed for a reader.)
      expect(v.b_gave_up_waiting).toBe("0");
      expect(v.status_file_b2).toMatch(/^starting: dockerd dockerd --host=unix:\/\/\/run\/dind\/docker\.sock /);
      expect(v.verify_b2_status).toBe("0");
      expect(verify(2)).toMatch(/^devpod: OK: docker storage verified: /m);
      expect(v.b_exit).toBe("0");
    },
    120_000,
  );
});
