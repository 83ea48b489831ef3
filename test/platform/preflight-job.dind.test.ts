// The platform's preflight Job pod against a real dockerd (Debian's docker.io): its two containers' command and args,
// from the synthesized platform stack and rendered by terraform, run as the template's scenarios run (private mount +
// network + pid namespace, the check as uid 1000). The sidecar must end by itself with the check's status.
import { requireOrSkip, realDockerUnavailable } from "../dind/environment";
import { VerificationHarness } from "../dind/harness";
import { terraformUnavailable } from "../terraform";

const WAIT = 8; // dockerReadyTimeoutSeconds, as in the template's scenarios
const skip = requireOrSkip("real-dockerd preflight", realDockerUnavailable() ?? terraformUnavailable());
const describeReal = skip ? describe.skip : describe;

describeReal("preflight Job pod against a real dockerd", () => {
  let harness: VerificationHarness;
  beforeAll(() => {
    harness = new VerificationHarness({ dockerReadyTimeoutSeconds: WAIT });
  });
  afterAll(() => harness?.cleanUp());

  test("healthy (ext4 volume): the check passes, the sidecar stops dockerd and exits, the Job succeeds", () => {
    const outcome = harness.runPreflight("ext4");
    expect(outcome.checkOutput).toMatch(/^devpod: OK: docker storage verified: root dir \/home\/coder\/\.docker-data, driver overlay2/m);
    expect(outcome.checkStatus).toBe(0);
    // The template's own sidecar command ran (its start script logs as devpod-dind), then dockerd through it.
    expect(outcome.sidecarOutput).toMatch(/^devpod-dind: /m);
    expect(outcome.sidecarOutput).toContain("devpod preflight: check finished with status 0; dockerd stopped");
    expect(outcome.sidecarStatus).toBe(0);
    expect(outcome.dockerdLeft).toBe(0);
    expect(outcome.jobSucceeded).toBe(true);
  });

  test("nested overlay (home on an overlay mount): the check fails naming it, the sidecar still exits, the Job fails", () => {
    const outcome = harness.runPreflight("overlay");
    expect(outcome.checkOutput).toMatch(/error: data root filesystem failed: \/home\/coder(\/\.docker-data)? is on overlayfs \(magic 794c7630\): nested overlay/);
    expect(outcome.checkStatus).toBe(1);
    // dockerd refused overlay2 at start; the sidecar waited for the check's verdict anyway and passed it on.
    expect(outcome.sidecarOutput).toMatch(/driver not supported/);
    expect(outcome.sidecarOutput).toContain("devpod preflight: check finished with status 1; dockerd stopped");
    expect(outcome.sidecarStatus).toBe(1);
    expect(outcome.dockerdLeft).toBe(0);
    expect(outcome.jobSucceeded).toBe(false);
  });
});
