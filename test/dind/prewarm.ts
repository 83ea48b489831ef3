// The prewarm scenario shared by test/template/prewarm/prewarm.dind.test.ts and the bench: a private registry in the pod's network
// namespace (lifecycle-registry.sh), the template's verification, then its prewarm script as terraform renders it,
// then a workload script, all as the workspace user against a real dockerd on an ext4 "volume".
import * as fs from "fs";
import * as path from "path";
import { Scenario, VerificationHarness } from "./harness";
import { renderWithTerraform } from "../terraform";

/** The image the prewarm pulls, and one of the same size it does not. */
export const WARM = "localhost:5000/devpod/warm:1";
export const COLD = "localhost:5000/devpod/cold:1";
/** An image the registry does not have: the prewarm logs the failure and goes on. */
export const ABSENT = "localhost:5000/devpod/absent:1";

/** Why the scenario cannot run here (Debian's docker-registry missing), or undefined. */
export function registryUnavailable(): string | undefined {
  return fs.existsSync("/usr/bin/docker-registry") ? undefined : "Debian's docker-registry is not installed (npm test installs it as root)";
}

/** A harness whose template prewarms `images`. */
export function prewarmHarness(images: string[] = [ABSENT, WARM]): VerificationHarness {
  return new VerificationHarness({ prewarmImages: images });
}

/**
 * The scenario: `workload` (a file under test/) runs after the prewarm, with PREWARM_WARM and PREWARM_COLD set.
 * Returns the scenario and the files it wrote (removed by the caller's harness.cleanUp via the temp dir).
 */
export function prewarmScenario(harness: VerificationHarness, dir: string, workload: string): Scenario {
  const prewarm = path.join(dir, "prewarm.sh");
  fs.writeFileSync(prewarm, renderWithTerraform({ s: harness.localResult(harness.tf.resource.coder_script.prewarm_images.script) }, harness.tf).s);
  const names = `PREWARM_WARM='${WARM}'\nPREWARM_COLD='${COLD}'\n`;
  const work = path.join(dir, path.basename(workload));
  fs.writeFileSync(work, names + fs.readFileSync(workload, "utf8").replace(/^#!.*\n/, ""));
  return {
    home: "ext4",
    dockerd: "real",
    lifecycle: path.join(__dirname, "lifecycle-registry.sh"),
    sidecarEnv: { PREWARM_WARM: WARM, PREWARM_COLD: COLD },
    extraScripts: [prewarm, work],
  };
}

/** The key=value lines of a script's output. */
export const values = (text: string): Record<string, string> =>
  Object.fromEntries(text.split("\n").filter((l) => /^\w+=/.test(l)).map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
