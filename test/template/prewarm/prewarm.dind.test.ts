// The prewarm against a real dockerd: after the template's verification passed, its prewarm script (rendered by
// terraform) pulls from a registry in the pod's network namespace into the data root on the ext4 "volume"; a
// workspace then finds the image there at its first `docker run`, and an image the registry lacks is logged, not fatal.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { requireOrSkip, realDockerUnavailable } from "../../dind/environment";
import { Outcome, VerificationHarness } from "../../dind/harness";
import { ABSENT, COLD, WARM, prewarmHarness, prewarmScenario, registryUnavailable, values } from "../../dind/prewarm";
import { terraformUnavailable } from "../../terraform";
import { VERIFIED_MARKER } from "../../../lib/template/prewarm/image-prewarm";

const skip = requireOrSkip("real-dockerd prewarm", realDockerUnavailable() ?? terraformUnavailable() ?? registryUnavailable());

(skip ? describe.skip : describe)("prewarmImages against a real dockerd and a local registry", () => {
  let harness: VerificationHarness;
  let dir: string;
  let o: Outcome;
  let markerBefore: number | undefined;
  beforeAll(() => {
    markerBefore = fs.statSync(VERIFIED_MARKER, { throwIfNoEntry: false })?.mtimeMs;
    harness = prewarmHarness([ABSENT, WARM]);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "devpod-prewarm-dind-"));
    fs.chmodSync(dir, 0o755); // the scripts run as the workspace user
    o = harness.run(prewarmScenario(harness, dir, path.join(__dirname, "..", "..", "bench", "first-run.sh")));
  }, 180_000);
  afterAll(() => {
    harness?.cleanUp();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test("the registry holds both images and dockerd neither before the scripts run", () => {
    const v = values(o.lifecycle);
    expect(v.registry_images).toBe("devpod/cold devpod/warm");
    expect(v.local_images).not.toMatch(/devpod\//);
  });

  test("the verification passed, then the prewarm pulled the image and logged the one the registry lacks, exit 0", () => {
    expect(o.status).toBe(0);
    const prewarm = o.extra[0];
    expect(prewarm).toContain(`devpod prewarm: could not pull ${ABSENT}: `);
    expect(prewarm).toMatch(new RegExp(`devpod prewarm: pulled ${WARM.replace(/[.]/g, "\\.")} in \\d+s`));
    expect(prewarm).toMatch(/devpod prewarm: 1 of 2 images on the volume after \d+s/);
  });

  test("the workspace's first docker run finds the prewarmed image on the volume, not the other one", () => {
    const v = values(o.extra[1]);
    expect(v).toMatchObject({ warm_present: "yes", cold_present: "no" });
    expect(Number(v.warm_seconds)).toBeGreaterThan(0);
    expect(Number(v.cold_seconds)).toBeGreaterThan(0);
    // Both 64 MiB layers ended up under the data root on the volume (plus the base image and the smoke build).
    expect(o.dataRootKiB).toBeGreaterThan(2 * 64 * 1024);
    expect(COLD).not.toBe(WARM);
  });

  test("the verification's marker stays in the scenario's own /tmp, as in the workspace container: the host's /tmp gets none (npm run bench runs this scenario too)", () => {
    // The prewarm saw it (it pulled after the verification), so it was written: in the namespace's /tmp only.
    expect(o.extra[0]).toMatch(/devpod prewarm: pulled /);
    expect(fs.statSync(VERIFIED_MARKER, { throwIfNoEntry: false })?.mtimeMs).toBe(markerBefore);
  });
});
