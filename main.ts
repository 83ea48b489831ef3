// Wires the stacks. Configuration: cdktf.json → context.devpod (see README); it is validated before anything is built.
// Runs as cdktf.json's app, `node --require tsx/cjs main.ts`: by `npm run synth` or under `cdktf synth`; both write the
// same cdktf.out.
import * as fs from "fs";
import * as path from "path";
import { App } from "cdktf";
import { cdktfJsonContext } from "./lib/config/cdktf-context";
import { DevpodStack } from "./lib/template/devpod-stack";
import { DEVPOD_STACK_ID } from "./lib/template/published-template";
import { DevpodConfigError, DevpodGuardError, DevpodProjectError } from "./lib/config/errors";
import { guardDockerPods } from "./lib/template/guard/docker-pod-guard";
import { PLATFORM_STACK_ID, PlatformStack } from "./lib/platform/platform-stack";
import { describeWritten, readProviderLock, writeProviderLocks } from "./lib/providers/provider-lock";

const STACK_IDS = [DEVPOD_STACK_ID, PLATFORM_STACK_ID];
let app: App | undefined;
let lock: string | undefined;
try {
  app = new App({ context: cdktfJsonContext() });
  lock = readProviderLock();
  DevpodStack.fromContext(app);
  PlatformStack.fromContext(app);
  // Every stack's pods, checked before anything is written (after all stacks are built).
  guardDockerPods(app);
} catch (err) {
  if (!(err instanceof DevpodConfigError || err instanceof DevpodGuardError || err instanceof DevpodProjectError)) throw err;
  // A failed synth must leave nothing that could be pushed or deployed by mistake: no older stack, and no manifest
  // naming one.
  const outdir = app?.outdir ?? process.env.CDKTF_OUTDIR ?? "cdktf.out";
  for (const id of STACK_IDS) fs.rmSync(path.join(outdir, "stacks", id), { recursive: true, force: true });
  fs.rmSync(path.join(outdir, "manifest.json"), { force: true });
  console.error(err.message);
  process.exit(1);
}
app.synth();
// One line per stack: what is in its directory, so that a push or deploy of the wrong thing is visible.
for (const written of writeProviderLocks(app.outdir, STACK_IDS, lock)) console.log(describeWritten(written));
