// The template's docker sidecar on a real cgroup v2 kernel (a qemu VM built from Debian packages, test/vm): a pod
// cgroup as kubelet makes it (memory.max, memory.oom.group=1), the sidecar's command through the vendored docker:dind
// entrypoint in its own mount and pid namespace, the workspace's verification as uid 1000, then memory hogs.
// The node image is built once into NODE_CACHE (minutes); later runs boot it from there (docs/cgroups.md).
import { requireOrSkip } from "./dind/environment";
import { VerificationHarness } from "./dind/harness";
import { NodeOutcome, NODE_SIDECAR_MEMORY_MIB, runNodeScenarios } from "./vm/node-scenarios";
import { ensureNodeImage, vmUnavailable } from "./vm/node";
import { terraformUnavailable } from "./terraform";

const skip = requireOrSkip("cgroup v2 node (qemu)", vmUnavailable() ?? terraformUnavailable());
const describeNode = skip ? describe.skip : describe;
const MIB = 2 ** 20;

describeNode("the docker sidecar on a cgroup v2 node (qemu VM, Debian kernel, kubelet's pod cgroup)", () => {
  let harness: VerificationHarness;
  let node: NodeOutcome;
  let r: Record<string, string>;
  beforeAll(async () => {
    ensureNodeImage(); // a fresh machine builds it here: debootstrap, a few minutes
    harness = new VerificationHarness({});
    node = await runNodeScenarios(harness, 20 * 60_000);
    r = node.results;
    if (r.scenario_status !== "0") {
      throw new Error(`the node's scenario failed (${r.scenario_status}):\n${node.scenarioLog}\n${node.dockerdLog.slice(0, 2000)}
...
${node.dockerdLog.slice(-4000)}\n${node.console.slice(-3000)}`);
    }
  }, 40 * 60_000);
  afterAll(() => {
    harness?.cleanUp();
    // The run's figures, for the log (npm run bench measures them properly).
    if (r) {
      const mib = (bytes: string) => `${(Number(bytes) / MIB).toFixed(0)} MiB`;
      process.stderr.write(
        `cgroup v2 node: boot ${r.node_boot_seconds} s, dockerd start ${Number(r.dockerd_start_ms) / 1000} s, verification ${Number(r.verify_ms) / 1000} s, ` +
          `hogs ${Number(r.hogs_ms) / 1000} s, whole ${node.seconds.toFixed(0)} s; dockerd's cgroup anon ${mib(r.dockerd_anon)}, peak ${mib(r.dockerd_memory_peak)}\n`,
      );
    }
  });

  test("the workspace's verification passes as uid 1000: containers below the sidecar's cgroup, dockerd in <sidecar>/dockerd", () => {
    expect(node.verifyLog).toMatch(/^devpod: OK: docker storage verified: root dir \/home\/coder\/\.docker-data, driver overlay2, backing filesystem extfs, /m);
    expect(node.verifyLog).toContain(`devpod: containers run below the sidecar's cgroup: ${r.sidecar_cgroup}/containers/`);
    expect(r.verify_status).toBe("0");
    expect(r.dockerd_cgroup).toBe(`0::${r.sidecar_cgroup}/dockerd`);
  });

  test("dind-start bounds <sidecar>/containers below the sidecar's memory.max, with memory.oom.group 0 there, and says so", () => {
    // 768 MiB less the headroom (an eighth, at least 256 MiB).
    expect(Number(r.containers_memory_max)).toBe((NODE_SIDECAR_MEMORY_MIB - 256) * MIB);
    expect(r.containers_oom_group).toBe("0");
    expect(r.own_oom_group).toBe("1"); // kubelet's, left alone
    expect(node.dockerdLog).toContain(`devpod-dind: cgroup v2: containers and build steps bounded at ${NODE_SIDECAR_MEMORY_MIB - 256} MiB (`);
    expect(node.dockerdLog).not.toContain("not bounded");
  });

  test("a container and a BuildKit RUN step that allocate past the sidecar's limit die with 137; dockerd and a bystander container live on; no group kill", () => {
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
});
