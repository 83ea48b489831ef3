// Wires the stacks. Configuration: cdktf.json → context.devpod (see README); it is validated before anything is built.
import * as fs from "fs";
import * as path from "path";
import { App } from "cdktf";
import { DEVPOD_STACK_ID, DevpodStack } from "./lib/devpod-stack";
import { DevpodConfigError } from "./lib/errors";
import { PLATFORM_STACK_ID, PlatformStack } from "./lib/platform/platform-stack";

const app = new App();
try {
  DevpodStack.fromContext(app);
  PlatformStack.fromContext(app);
} catch (err) {
  if (!(err instanceof DevpodConfigError)) throw err;
  // A failed synth must not leave an older template behind that could be pushed or deployed by mistake.
  for (const id of [DEVPOD_STACK_ID, PLATFORM_STACK_ID]) {
    fs.rmSync(path.join(app.outdir, "stacks", id), { recursive: true, force: true });
  }
  console.error(err.message);
  process.exit(1);
}
app.synth();
