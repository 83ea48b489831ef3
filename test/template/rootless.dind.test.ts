// isolation "rootless" against a real rootlesskit, slirp4netns and dockerd (Debian's packages), on this machine's
// cgroup v1 replayed as runc lays it out: the template's sidecar command (home-group, the root prologue, dind-start's
// drop to uid 1000) through the vendored docker:dind entrypoint, which starts rootlesskit as the docker:dind-rootless
// image does; then the template's verification as the workspace user. Docker 29's own binaries are not here: where its
// rootless path differs from Debian's 20.10 the vendored entrypoint and the stubs cover it.
import * as fs from "fs";
import * as path from "path";
import { requireOrSkip, realDockerUnavailable } from "../dind/environment";
import { Outcome, VerificationHarness } from "../dind/harness";
import { terraformUnavailable } from "../terraform";

const missing = ["rootlesskit", "slirp4netns", "newuidmap"].find((tool) => !["/usr/bin", "/bin"].some((d) => fs.existsSync(path.join(d, tool))));
const skip = requireOrSkip("rootless real-dockerd", realDockerUnavailable() ?? terraformUnavailable() ?? (missing && `${missing} is not installed (npm test installs it as root)`));
const describeReal = skip ? describe.skip : describe;

describeReal("rootless dockerd in the sidecar (real rootlesskit, cgroup v1 in runc's layout)", () => {
  let harness: VerificationHarness;
  let healthy: Outcome;
  beforeAll(() => {
    harness = new VerificationHarness({ isolation: "rootless", dockerReadyTimeoutSeconds: 60 });
    healthy = harness.run({
      home: "ext4",
      dockerd: "real",
      vendoredEntrypoint: true,
      memoryLimitMiB: 1024,
      extraScripts: [path.join(__dirname, "..", "dind", "rootless-hog.sh")],
    });
  }, 300_000);
  afterAll(() => harness?.cleanUp());

  test("the verification passes: data root on the volume, overlay2, a rootless daemon, containers in the sidecar's own cgroup", () => {
    expect(healthy.output).toMatch(
      /^devpod: OK: docker storage verified: root dir \/home\/coder\/\.docker-data-rootless, driver overlay2, backing filesystem extfs, smoke build \d+\.\ds, rootless dockerd, containers in the sidecar's own cgroup \(/m,
    );
    expect(healthy.output).toMatch(/devpod: dockerd runs rootless \(security options: [^)]*name=rootless/);
    expect(healthy.output).toContain(`containers in the sidecar's own cgroup (${healthy.sidecarCgroup}, cgroup v1`);
    expect(healthy.status).toBe(0);
  });

  test("the sidecar did the root steps, then dockerd ran as uid 1000 under rootlesskit; no TCP listener", () => {
    expect(healthy.dockerdLog).toContain("devpod-rootless: /dev/net/tun was mode 600: now 0666 in this container's /dev");
    expect(healthy.dockerdLog).toContain("devpod-rootless: data root /home/coder/.docker-data-rootless created for rootless (uid 1000)");
    expect(healthy.dockerdLog).toContain("devpod-dind: rootless: dockerd-entrypoint.sh runs as rootless (uid 1000), which starts rootlesskit");
    expect(healthy.dockerdLog).toContain("devpod-dind: cgroup v1: this container's own cgroup");
    expect(healthy.dockerdLog).toContain("rootless dockerd's cgroup driver is none");
    expect(healthy.tcpListeners.trim()).toBe("");
  });

  test("cgroup v1: a 1200 MiB hog in the 1024 MiB sidecar dies alone (137); dockerd, a bystander and new runs live on; -m is not enforced", () => {
    const facts = Object.fromEntries(healthy.extra[0].trim().split("\n").map((l) => [l.split(" ")[0], l.slice(l.indexOf(" ") + 1)]));
    expect(facts["hog-exit"]).toBe("137");
    expect(facts["daemon-same"]).toBe("yes");
    expect(facts.bystander).toBe("true");
    expect(facts["run-after"]).toBe("ok");
    // 200 MiB in a container given -m 64m: no per-container cgroup, so nothing stops it (docs/rootless.md).
    expect(facts["limit-64m-exit"]).toBe("0");
  });
});
