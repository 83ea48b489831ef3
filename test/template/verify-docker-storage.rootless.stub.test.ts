// The verification in rootless mode (isolation "rootless"), with the stub docker client: the daemon must report
// itself rootless, the cgroup step proves the daemon's bounded child (v2) or the sidecar's own cgroup (v1) without
// --pid=host, and a start script that stopped on a node requirement is named at once with its cause and fix.
import { requireOrSkip, realDockerUnavailable } from "../dind/environment";
import { VerificationHarness } from "../dind/harness";
import { terraformUnavailable } from "../terraform";

const skip = requireOrSkip("stub-docker (rootless)", realDockerUnavailable() ?? terraformUnavailable());
const describeStub = skip ? describe.skip : describe;

const SIDECAR = "/kubepods.slice/kubepods-pod1.slice/cri-containerd-0123.scope";

describeStub("verify-docker-storage, isolation rootless, with a stub docker client", () => {
  let harness: VerificationHarness;
  beforeAll(() => {
    harness = new VerificationHarness({ isolation: "rootless", dockerReadyTimeoutSeconds: 5 });
  });
  afterAll(() => harness?.cleanUp());
  const run = (stubState: string) => harness.run({ home: "ext4", dockerd: "stub", stubState });

  test("cgroup v2: containers in the daemon's bounded child, memory.oom.group 0: passes, saying so, with no --pid=host container", () => {
    const outcome = run("snapshotter");
    expect(outcome.output).toContain("devpod: dockerd runs rootless (security options: name=seccomp,profile=builtin;name=rootless;name=cgroupns;)");
    expect(outcome.output).toContain(
      `devpod: OK: docker storage verified: root dir /home/coder/.docker-data-rootless, driver overlayfs, backing filesystem ext4, smoke build`,
    );
    expect(outcome.output).toContain(
      `rootless dockerd, containers in the rootless daemon's child cgroup ${SIDECAR}/dockerd (memory.max 3758096384 below the sidecar's 4294967296, memory.oom.group 0)`,
    );
    expect(outcome.status).toBe(0);
  });

  test("cgroup v1 (runc's layout): containers in the sidecar's own cgroup pass", () => {
    const outcome = run("rootless-v1");
    expect(outcome.output).toContain("containers in the sidecar's own cgroup (/kubepods/pod1/c1, cgroup v1: rootless dockerd has no per-container cgroups)");
    expect(outcome.status).toBe(0);
  });

  test.each([
    ["rootful-daemon", "error: rootless dockerd failed: the template's isolation is rootless, but dockerd reports security options 'name=seccomp,profile=builtin;name=cgroupns;' (no name=rootless): it runs as root"],
    ["rootless-escape", `error: docker cgroup failed: a container runs in cgroup ${SIDECAR}, not in the daemon's bounded child <sidecar cgroup>/dockerd`],
    ["rootless-group", `error: docker cgroup failed: ${SIDECAR}/dockerd has memory.oom.group 1`],
  ])("%s fails with one line naming it", (state, line) => {
    const outcome = run(state);
    expect(outcome.status).toBe(1);
    expect(outcome.output).toContain(line);
    expect(outcome.output).not.toContain("devpod: OK");
  });

  test("a start script that stopped on a node requirement: its cause and fix at once, not after the wait for dockerd", () => {
    const outcome = harness.run({
      home: "ext4",
      dockerd: "off",
      startStatus:
        "failed: rootless dockerd cannot start: kernel.unprivileged_userns_clone is 0 on this node: rootlesskit cannot create its user namespace; fix: on every workspace node: sysctl -w kernel.unprivileged_userns_clone=1",
    });
    expect(outcome.status).toBe(1);
    expect(outcome.output).toContain(
      "error: dockerd start failed: rootless dockerd cannot start: kernel.unprivileged_userns_clone is 0 on this node: rootlesskit cannot create its user namespace\n",
    );
    expect(outcome.output).toContain("  fix: on every workspace node: sysctl -w kernel.unprivileged_userns_clone=1\n");
    expect(outcome.output).not.toContain("waiting for dockerd");
  });
});
