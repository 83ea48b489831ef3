// Wires the stacks. Configuration: cdktf.json → context.devpod (see README); it is validated before anything is built.
import { App } from "cdktf";
import { resolveConfig } from "./lib/config";
import { DevpodStack } from "./lib/devpod-stack";

const app = new App();
new DevpodStack(app, "devpod", { config: resolveConfig(app.node.tryGetContext("devpod")) });
app.synth();
