// Cases a local dockerd (Debian's 20.10) cannot produce, run with a stub `docker` client on PATH: Docker 29's
// containerd-snapshotter driver string, a base image that cannot be pulled, a RUN that cannot mount its layer,
// a client without buildx, and a daemon that ignores the template's data root. Same namespace and script as the
// real-dockerd scenarios.
import { requireOrSkip, realDockerUnavailable } from "../dind/environment";
import { VerificationHarness } from "../dind/harness";
import { terraformUnavailable } from "../terraform";

const skip = requireOrSkip("stub-docker", realDockerUnavailable() ?? terraformUnavailable());
const describeStub = skip ? describe.skip : describe;

describeStub("verify-docker-storage with a stub docker client", () => {
  // Made by the first test that runs: the late-socket case is concurrent, and jest starts concurrent tests before a
  // describe's beforeAll.
  let made: VerificationHarness | undefined;
  const harness = () => (made ??= new VerificationHarness({ dockerReadyTimeoutSeconds: 5 }));
  afterAll(() => made?.cleanUp());
  const run = (stubState: string) => harness().run({ home: "ext4", dockerd: "stub", stubState });

  test("Docker 29's containerd image store (driver overlayfs, no backing filesystem line) passes", () => {
    const outcome = run("snapshotter");
    expect(outcome.output).toContain("devpod: containerd image store (snapshotter overlayfs)");
    expect(outcome.output).toMatch(
      /devpod: OK: docker storage verified: root dir \/home\/coder\/\.docker-data, driver overlayfs, backing filesystem ext4, smoke build/,
    );
    // A cgroup v2 node, as dind-start leaves it: containers under <sidecar>/containers, dockerd in <sidecar>/dockerd.
    expect(outcome.output).toContain(
      "devpod: containers run below the sidecar's cgroup: /kubepods.slice/kubepods-pod1.slice/cri-containerd-0123.scope/containers/abc",
    );
    expect(outcome.status).toBe(0);
  });

  test("a base image that cannot be pulled is reported as a registry problem, not a storage failure", () => {
    const outcome = run("pull-fails");
    expect(outcome.status).toBe(1);
    expect(outcome.output).toContain("error: base image pull failed: cannot pull local/busybox:1: Error response from daemon");
    expect(outcome.output).toContain("this is not a storage failure");
    expect(outcome.output).toContain("fix: set the template variable verify_base_image");
  });

  test("a RUN step that cannot mount its overlay (snapshotter on nested overlay) fails the smoke build, naming it", () => {
    const outcome = run("run-einval");
    expect(outcome.status).toBe(1);
    expect(outcome.output).toContain("error: smoke build failed: a RUN step could not mount its layer:");
    expect(outcome.output).toContain("err: invalid argument");
    expect(outcome.output).toContain("cause: nested overlay");
  });

  test("a client without buildx falls back to the classic builder and says what it did not check", () => {
    const outcome = run("no-buildx");
    expect(outcome.status).toBe(0);
    expect(outcome.output).toContain("devpod: smoke build with classic builder (this docker client has no BuildKit; cache mount not checked)");
  });

  test("an API version the daemon refuses is named at once, not reported as a missing daemon", () => {
    const outcome = run("api-too-old");
    expect(outcome.status).toBe(1);
    expect(outcome.output).toContain("error: docker API version failed: Error response from daemon: client version 1.41 is too old");
    expect(outcome.output).toContain("fix: use a newer docker CLI in the workspace image");
    expect(outcome.seconds).toBeLessThan(5);
  });

  // Concurrent (an asynchronous run): the script's one poll (1 s) waiting for the socket overlaps the other scenarios.
  test.concurrent("a socket that is briefly mode 0000 while dockerd starts is waited for, not reported as a permission error", async () => {
    const outcome = await harness().runAsync({ home: "ext4", dockerd: "stub", stubState: "snapshotter", socketLate: true });
    expect(outcome.output).toContain("is not readable and writable"); // seen while waiting ...
    expect(outcome.output).not.toContain("docker socket access failed"); // ... but not a failure
    expect(outcome.status).toBe(0);
  });

  test("docker info failing after docker version answered says so, with cause and fix", () => {
    const outcome = run("info-fails");
    expect(outcome.status).toBe(1);
    expect(outcome.output).toContain("error: docker info failed: Error response from daemon: i/o timeout");
    expect(outcome.output).toContain("cause: dockerd answered its version but not its info");
  });

  test("a sidecar that does not see the home volume at the same path fails: bind mounts would come up empty", () => {
    const outcome = run("other-home");
    expect(outcome.status).toBe(1);
    expect(outcome.output).toContain("error: home path in dockerd failed: a container given -v /home/coder:/devpod-home did not see");
    expect(outcome.output).toContain("fix: mount the home PVC in the docker sidecar at the same path");
  });

  test("a cgroup v2 node where containers land in /docker (no --cgroup-parent) fails: the pod's limits would not hold", () => {
    const outcome = run("cgroup-escape");
    expect(outcome.status).toBe(1);
    expect(outcome.output).toContain(
      "error: docker cgroup failed: a container runs in cgroup /docker/abc, outside the docker sidecar's /kubepods.slice/kubepods-pod1.slice/cri-containerd-0123.scope",
    );
    expect(outcome.output).toContain("can exhaust the node");
  });

  test("a daemon without the template's --data-root fails, naming both directories", () => {
    const outcome = run("wrong-root");
    expect(outcome.status).toBe(1);
    expect(outcome.output).toContain(
      "error: docker root dir failed: dockerd keeps its data in /var/lib/docker, expected /home/coder/.docker-data",
    );
  });
});
