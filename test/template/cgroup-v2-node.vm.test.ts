// The template's docker sidecar on a real cgroup v2 kernel (a qemu VM built from Debian packages, test/vm): a pod
// cgroup as kubelet makes it (memory.max, memory.oom.group=1), the sidecar's command through the vendored docker:dind
// entrypoint in its own mount and pid namespace, the workspace's verification as uid 1000, a developer's build, run,
// published port and a restart, memory hogs, then the workspace user's escape attempts, judged on the node.
// One boot per isolation, in sequence (two TCG guests at once would starve each other): today's privileged sidecar,
// the measured control, then the rootless one.
// The node image is built once into NODE_CACHE (minutes); later runs boot it from there (docs/cgroups.md).
import { requireOrSkip } from "../dind/environment";
import { VerificationHarness } from "../dind/harness";
import { ESCAPE_ATTEMPTS, NodeOutcome, NODE_SIDECAR_MEMORY_MIB, runNodeScenarios } from "../vm/node-scenarios";
import { ensureNodeImage, vmUnavailable } from "../vm/node";
import { terraformUnavailable } from "../terraform";

const skip = requireOrSkip("cgroup v2 node (qemu)", vmUnavailable() ?? terraformUnavailable());
const describeNode = skip ? describe.skip : describe;
const MIB = 2 ** 20;

/** Boots the node with `devpod`'s template; fails with the node's logs when the scenario did not finish. */
function bootWith(devpod: Record<string, unknown>): { outcome: () => NodeOutcome; results: () => Record<string, string> } {
  let harness: VerificationHarness | undefined;
  let node: NodeOutcome | undefined;
  beforeAll(async () => {
    ensureNodeImage(); // a fresh machine builds it here: debootstrap, a few minutes
    harness = new VerificationHarness(devpod);
    node = await runNodeScenarios(harness, 25 * 60_000);
    const r = node.results;
    if (r.scenario_status !== "0") {
      throw new Error(`the node's scenario failed (${r.scenario_status}):\n${node.scenarioLog}\n${node.dockerdLog.slice(0, 2000)}
...
${node.dockerdLog.slice(-4000)}\n${node.restartLog.slice(-2000)}\n${node.console.slice(-3000)}`);
    }
  }, 40 * 60_000);
  afterAll(() => {
    harness?.cleanUp();
    // The run's figures, for the log (npm run bench measures them properly).
    const r = node?.results;
    if (r) {
      const mib = (bytes: string) => `${(Number(bytes) / MIB).toFixed(0)} MiB`;
      process.stderr.write(
        `cgroup v2 node (${JSON.stringify(devpod)}): boot ${r.node_boot_seconds} s, dockerd start ${Number(r.dockerd_start_ms) / 1000} s, ` +
          `verification ${Number(r.verify_ms) / 1000} s, build ${Number(r.build_ms) / 1000} s, hogs ${Number(r.hogs_ms) / 1000} s, ` +
          `restart ${Number(r.restart_ms) / 1000} s, warm rebuild ${Number(r.warm_build_ms) / 1000} s, escapes ${Number(r.escapes_ms) / 1000} s ` +
          `(${r.escapes_reached} of ${r.escapes_attempted} reached the node), whole ${node!.seconds.toFixed(0)} s; ` +
          `dockerd's cgroup anon ${mib(r.dockerd_anon)}, peak ${mib(r.dockerd_memory_peak)}; ` +
          `reached: ${ESCAPE_ATTEMPTS.map((name) => `${name} ${r[`escape_${name}`]}`).join(", ")}\n`,
      );
    }
  });
  const outcome = () => {
    if (!node) throw new Error("the node did not boot");
    return node;
  };
  return { outcome, results: () => outcome().results };
}

/** What a developer does, the same in either isolation: build, run, a published port, a restart that keeps it all. */
function developerWorkflow(boot: ReturnType<typeof bootWith>): void {
  test("a BuildKit build with a cache mount (the next build finds its file there), docker run as root and as --user, and a port published on 127.0.0.1 answers from the pod's network", () => {
    const r = boot.results();
    expect(r.build_status).toBe("0");
    expect(r.cache_mount_kept).toBe("1");
    expect(r.run_built).toBe("built");
    expect(r.run_root).toBe("0");
    expect(r.run_user).toBe("1000");
    expect(r.port_reply).toBe("devpod-port-ok");
  });

  test("a restart (preStop hook, SIGTERM, a new container cgroup) keeps the images and the build cache: every step cached", () => {
    const r = boot.results();
    expect(r.stopped).toBe("1");
    expect(r.restarted).toBe("1");
    expect(r.images_after_restart.split(" ")).toEqual(expect.arrayContaining(["devpod-node/build:latest", "local/busybox:1"]));
    expect(r.warm_build_status).toBe("0");
    expect(Number(r.warm_build_cached)).toBeGreaterThanOrEqual(3); // the three RUN steps
  });
}

describeNode("the privileged docker sidecar (today's default) on a cgroup v2 node (qemu VM, Debian kernel, kubelet's pod cgroup)", () => {
  const boot = bootWith({});

  test("the workspace's verification passes as uid 1000: containers below the sidecar's cgroup, dockerd in <sidecar>/dockerd", () => {
    const node = boot.outcome();
    const r = node.results;
    expect(node.verifyLog).toMatch(/^devpod: OK: docker storage verified: root dir \/home\/coder\/\.docker-data, driver overlay2, backing filesystem extfs, /m);
    expect(node.verifyLog).toContain(`devpod: containers run below the sidecar's cgroup: ${r.sidecar_cgroup}/containers/`);
    expect(r.verify_status).toBe("0");
    expect(r.dockerd_cgroup).toBe(`0::${r.sidecar_cgroup}/dockerd`);
    expect(r.dockerd_uid).toBe("0");
  });

  test("dind-start bounds <sidecar>/containers below the sidecar's memory.max, with memory.oom.group 0 there, and says so", () => {
    const node = boot.outcome();
    const r = node.results;
    // 768 MiB less the headroom (an eighth, at least 256 MiB).
    expect(Number(r.containers_memory_max)).toBe((NODE_SIDECAR_MEMORY_MIB - 256) * MIB);
    expect(r.containers_oom_group).toBe("0");
    expect(r.own_oom_group).toBe("1"); // kubelet's, left alone
    expect(node.dockerdLog).toContain(`devpod-dind: cgroup v2: containers and build steps bounded at ${NODE_SIDECAR_MEMORY_MIB - 256} MiB (`);
    expect(node.dockerdLog).not.toContain("not bounded");
  });

  test("a container and a BuildKit RUN step that allocate past the sidecar's limit die with 137; dockerd and a bystander container live on; no group kill", () => {
    const node = boot.outcome();
    const r = node.results;
    expect(r.hog_container_status).toBe("137");
    expect(r.hog_build_exit).toBe("137");
    expect(r.hog_build_status).not.toBe("0");
    expect(node.buildLog).toContain("exit code: 137");
    // The same dockerd answers afterwards, and the bystander is the same running process.
    expect(r.dockerd_same_pid).toBe("1");
    expect(r.docker_info_after).toMatch(/^\d+\.\d+/);
    expect(r.bystander_after).toBe(`true:${r.bystander_pid}`);
    // The kernel killed inside <sidecar>/containers twice, and never the sidecar's whole group.
    expect(Number(r.containers_events_oom_kill)).toBeGreaterThanOrEqual(2);
    expect(r.own_events_oom_group_kill).toBe("0");
    expect(r.containers_events_oom_group_kill).toBe("0");
  });

  test("readiness probes joining the sidecar's cgroup during the split (EBUSY) are moved, and the split still completes", () => {
    const node = boot.outcome();
    const r = node.results;
    // The burst put probes into the sidecar's own cgroup while dind-start enabled controllers: the kernel refused, it
    // moved them and tried again.
    expect(Number(r.probe_burst_own)).toBeGreaterThanOrEqual(1);
    expect(node.dockerdLog).toMatch(/devpod-dind: cgroup v2: the kernel refused the controllers \(a process joined .*\); moving again \(attempt 2 of 10\)/);
    // It ended split: no process left in the sidecar's own cgroup, every controller delegated.
    expect(r.own_procs).toBe("0");
    expect(r.own_subtree.split(" ")).toEqual(expect.arrayContaining(["cpu", "memory", "pids"]));
    // Probes after the split cannot join it (EBUSY) and land in the init's cgroup, as runc's do.
    expect(Number(r.probe_after_init)).toBeGreaterThanOrEqual(1);
  });

  developerWorkflow(boot);

  test("the control: the workspace user's escape attempts through the rootful daemon reach the node", () => {
    const r = boot.results();
    expect(r.escape_baseline).toBe("clean");
    expect(r.escapes_attempted).toBe(String(ESCAPE_ATTEMPTS.length));
    // Each verdict is the node's (a file on its disk, its kernel's module list and core_pattern, its cgroup root, a
    // secret that left it), counted by the scenario.
    const reached = ESCAPE_ATTEMPTS.filter((name) => r[`escape_${name}`] === "1");
    expect(r.escapes_reached).toBe(String(reached.length));
    expect(reached.length).toBeGreaterThan(0);
    // The obvious ones, which any privileged container can do, must all work: else the attempts prove nothing.
    expect(reached).toEqual(expect.arrayContaining(["host-etc", "host-var", "mknod-mount", "core-pattern", "shadow", "cgroup-root"]));
  });
});

describeNode("the rootless docker sidecar (isolation rootless) on the same cgroup v2 node", () => {
  const boot = bootWith({ isolation: "rootless" });

  test("the workspace's verification passes as uid 1000; dockerd runs as uid 1000 in the sidecar's bounded child cgroup", () => {
    const node = boot.outcome();
    const r = node.results;
    expect(node.verifyLog).toMatch(/^devpod: OK: docker storage verified: root dir \/home\/coder\/\.docker-data-rootless, driver overlay2, backing filesystem extfs, /m);
    expect(r.verify_status).toBe("0");
    // The node's view: dockerd's and the sidecar's pid 1 (rootlesskit, after su's exec) are uid 1000, not root.
    expect(r.dockerd_uid).toBe("1000");
    expect(r.init_uid).toBe("1000");
    expect(r.rootlesskit_pids.trim()).not.toBe("");
    expect(r.dockerd_cgroup).toBe(`0::${r.sidecar_cgroup}/dockerd`);
  });

  test("dind-start bounds the daemon tree's child cgroup below the sidecar's memory.max, with memory.oom.group 0 there, and says so", () => {
    const node = boot.outcome();
    const r = node.results;
    expect(Number(r.dockerd_memory_max)).toBe((NODE_SIDECAR_MEMORY_MIB - 256) * MIB);
    expect(r.dockerd_oom_group).toBe("0");
    expect(r.own_oom_group).toBe("1"); // kubelet's, left alone
    expect(r.own_procs).toBe("0");
    expect(node.dockerdLog).toContain(`bounded at ${NODE_SIDECAR_MEMORY_MIB - 256} MiB (`);
    expect(node.dockerdLog).not.toContain("not bounded");
  });

  test("a container and a BuildKit RUN step past the limit die with 137; dockerd, rootlesskit and a bystander live on; no group kill", () => {
    const node = boot.outcome();
    const r = node.results;
    expect(r.hog_container_status).toBe("137");
    expect(r.hog_build_exit).toBe("137");
    expect(node.buildLog).toContain("exit code: 137");
    expect(r.dockerd_same_pid).toBe("1");
    expect(r.rootlesskit_same_pids).toBe("1");
    expect(r.docker_info_after).toMatch(/^\d+\.\d+/);
    expect(r.bystander_after).toBe(`true:${r.bystander_pid}`);
    // No per-container cgroups: the kernel killed inside the daemon's child cgroup, twice, and never a whole group.
    expect(Number(r.dockerd_events_oom_kill)).toBeGreaterThanOrEqual(2);
    expect(r.dockerd_events_oom_group_kill).toBe("0");
    expect(r.own_events_oom_group_kill).toBe("0");
  });

  developerWorkflow(boot);

  test("none of the workspace user's escape attempts reaches the node (the privileged control above shows they would)", () => {
    const r = boot.results();
    expect(r.escape_baseline).toBe("clean");
    expect(r.escapes_attempted).toBe(String(ESCAPE_ATTEMPTS.length));
    const reached = ESCAPE_ATTEMPTS.filter((name) => r[`escape_${name}`] !== "0");
    expect(reached).toEqual([]);
    expect(r.escapes_reached).toBe("0");
  });
});
