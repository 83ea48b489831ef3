// Wires the stacks. Configuration: cdktf.json → context.devpod (see README); it is validated before anything is built.
// Runs as `tsx main.ts` (npm run synth) or under `cdktf synth`; both write the same cdktf.out.
import * as fs from "fs";
import * as path from "path";
import { App } from "cdktf";
import { cdktfJsonContext } from "./lib/cdktf-context";
import { DEVPOD_STACK_ID, DevpodStack } from "./lib/devpod-stack";
import { DevpodConfigError, DevpodGuardError } from "./lib/errors";
import { guardDockerPods } from "./lib/guard/docker-pod-guard";
import { PLATFORM_STACK_ID, PlatformStack } from "./lib/platform/platform-stack";

const app = new App({ context: cdktfJsonContext() });
try {
  DevpodStack.fromContext(app);
  PlatformStack.fromContext(app);
  // Every stack's pods, checked before anything is written (after all stacks are built).
  guardDockerPods(app);
} catch (err) {
  if (!(err instanceof DevpodConfigError || err instanceof DevpodGuardError)) throw err;
  // A failed synth must leave nothing that could be pushed or deployed by mistake: no older stack, and no manifest
  // naming one.
  for (const id of [DEVPOD_STACK_ID, PLATFORM_STACK_ID]) {
    fs.rmSync(path.join(app.outdir, "stacks", id), { recursive: true, force: true });
  }
  fs.rmSync(path.join(app.outdir, "manifest.json"), { force: true });
  console.error(err.message);
  process.exit(1);
}
app.synth();
