// dockerVolume "separate" against a real dockerd: the template's own args and verification with the data root on a
// second volume (a loop-mounted ext4 filesystem whose `docker` directory is bound at the data root, as kubelet mounts
// the Docker claim's subPath), the home on its own "PVC". The verification passes, bind mounts of $HOME still show the
// user's files, and the home claim mounted twice is named for what it is.
import * as path from "path";
import { requireOrSkip, realDockerUnavailable } from "../dind/environment";
import { Outcome, VerificationHarness } from "../dind/harness";
import { terraformUnavailable } from "../terraform";

const skip = requireOrSkip("real-dockerd", realDockerUnavailable() ?? terraformUnavailable());
const describeReal = skip ? describe.skip : describe;

describeReal("dockerVolume separate against a real dockerd", () => {
  let harness: VerificationHarness;
  let scenarios: Record<"separate" | "homeTwice" | "unmounted", Promise<Outcome>>;
  beforeAll(() => {
    harness = new VerificationHarness({ dockerVolume: "separate", dockerReadyTimeoutSeconds: 20 });
    scenarios = {
      separate: harness.runAsync({
        home: "ext4",
        dockerd: "real",
        dockerVolume: "ext4",
        withMetadata: true,
        extraScripts: [path.join(__dirname, "..", "dind", "home-bind-mount.sh")],
      }),
      homeTwice: harness.runAsync({ home: "ext4", dockerd: "real", dockerVolume: "home" }),
      unmounted: harness.runAsync({ home: "ext4", dockerd: "real", dockerVolume: "none" }),
    };
  });
  afterAll(async () => {
    await Promise.allSettled(Object.values(scenarios ?? {}));
    harness?.cleanUp();
  });

  test("the data root on its own ext4 volume: the verification passes and names the volume's mount", async () => {
    const outcome = await scenarios.separate;
    expect(outcome.output).toMatch(
      /^devpod: docker volume: \/var\/lib\/docker is a mount of its own \(ext4, device 7:\d+, \/docker\), not the home volume$/m,
    );
    expect(outcome.output).toMatch(
      /^devpod: OK: docker storage verified: root dir \/var\/lib\/docker, driver overlay2, backing filesystem extfs, smoke build \d+\.\ds, containers within the sidecar's cgroup$/m,
    );
    expect(outcome.output).toContain("devpod: dockerd sees /home/coder at the same path");
    expect(outcome.status).toBe(0);
    // BuildKit's GC bound is the Docker disk's share (rendered with the harness's 30 GiB): 50 % of 30 GiB.
    expect(outcome.dockerdLog).toContain("build cache: BuildKit GC keeps it under 15360 MiB");
    // Docker's data is on that volume, not in the home.
    expect(outcome.dataRootKiB).toBeGreaterThan(100);
  });

  test("`docker run -v $HOME/x:/x` still sees the home's files", async () => {
    const [bind] = (await scenarios.separate).extra;
    const written = /^written: (.+)$/m.exec(bind)?.[1];
    expect(written).toMatch(/^home file \d+$/);
    expect(bind).toContain(`seen: ${written}`);
  });

  test("the home claim mounted at the data root too fails, naming the shared filesystem", async () => {
    const outcome = await scenarios.homeTwice;
    expect(outcome.status).toBe(1);
    expect(outcome.output).toMatch(/error: docker volume failed: \/var\/lib\/docker is on the same filesystem \(\d+:\d+\) as the home volume at \/home\/coder/);
    expect(outcome.output).toContain("fix: mount the workspace's Docker claim (coder-<workspace id>-docker), not the home claim, at /var/lib/docker");
  });

  test("no Docker volume at the data root (the claim not mounted in the sidecar) fails: the data would go with the pod", async () => {
    const outcome = await scenarios.unmounted;
    expect(outcome.status).toBe(1);
    expect(outcome.output).toContain("error: docker volume failed: /var/lib/docker is not a mount point in the docker sidecar");
    expect(outcome.output).toContain("fix: mount the workspace's Docker claim (coder-<workspace id>-docker) in the docker sidecar at /var/lib/docker");
  });

  test("the platform's preflight Job runs the same check on its own second volume, and passes", () => {
    const outcome = harness.runPreflight("ext4", "ext4");
    expect(outcome.checkOutput).toMatch(/^devpod: docker volume: \/var\/lib\/docker is a mount of its own \(ext4, device 7:\d+, \/docker\), not the home volume$/m);
    expect(outcome.checkStatus).toBe(0);
    expect(outcome.jobSucceeded).toBe(true);
  });
});
