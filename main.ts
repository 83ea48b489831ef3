// Wires the stacks. Configuration: cdktf.json → context.devpod (see README); it is validated before anything is built.
// Runs as cdktf.json's app, `node --require tsx/cjs main.ts`: by `npm run synth` or under `cdktf synth`; both write the
// same cdktf.out.
import * as fs from "fs";
import * as path from "path";
import { App } from "cdktf";
import { cdktfJsonContext } from "./lib/config/cdktf-context";
import { resolveConfig } from "./lib/config/config";
import { DEVPOD_STACK_ID, PLATFORM_STACK_ID } from "./lib/template/published-template";
import { DevpodConfigError, DevpodGuardError, DevpodProjectError } from "./lib/config/errors";
import { guardDockerPods } from "./lib/template/guard/docker-pod-guard";
import { describeWritten, readProviderLock, writeProviderLocks } from "./lib/providers/provider-lock";

const STACK_IDS = [DEVPOD_STACK_ID, PLATFORM_STACK_ID];
let app: App | undefined;
let lock: string | undefined;
try {
  app = new App({ context: cdktfJsonContext() });
  lock = readProviderLock();
  // The stack modules are most of the start-up: they load only once the config is valid, so that a bad cdktf.json
  // fails in a third of the time.
  resolveConfig(app.node.tryGetContext("devpod"));
  const { DevpodStack } = require("./lib/template/devpod-stack") as typeof import("./lib/template/devpod-stack");
  const { PlatformStack } = require("./lib/platform/platform-stack") as typeof import("./lib/platform/platform-stack");
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
