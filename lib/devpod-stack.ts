/**
 * The devpod template stack: what `coder templates push` uploads. Composes the constructs and removes the backend
 * cdktf would add, because Coder keeps the state itself.
 */
import { Construct } from "constructs";
import { App, Fn, TerraformStack, Token } from "cdktf";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { CoderProvider } from "./gen/providers/coder/provider";
import { DataCoderWorkspace } from "./gen/providers/coder/data-coder-workspace";
import { DataCoderWorkspaceOwner } from "./gen/providers/coder/data-coder-workspace-owner";
import { ResolvedConfig, resolveConfig } from "./config";
import { DevContainers } from "./devcontainers/dev-containers";
import { DockerSidecar } from "./docker-sidecar";
import { DockerVerification } from "./docker-verification";
import { HomeVolume, KUBERNETES_PROVIDER } from "./home-volume";
import { TemplateVariables } from "./template-variables";
import { WorkspaceAgent } from "./workspace-agent";
import { WorkspaceDeployment } from "./workspace-deployment";
import { WorkspaceParameters } from "./workspace-parameters";

/** Props of {@link DevpodStack}. */
export interface DevpodStackProps {
  /** The resolved devpod config. @default - none, required */
  readonly config: ResolvedConfig;
}

/** The stack id: `cdktf.out/stacks/<id>` is the directory pushed to Coder. */
export const DEVPOD_STACK_ID = "devpod";

/** The Coder workspace template. */
export class DevpodStack extends TerraformStack {
  /** Builds the stack from `app`'s context (cdktf.json → context.devpod); throws a DevpodConfigError on bad config. */
  static fromContext(app: App): DevpodStack {
    return new DevpodStack(app, DEVPOD_STACK_ID, { config: resolveConfig(app.node.tryGetContext("devpod")) });
  }

  /** The home volume. */
  readonly home: HomeVolume;
  /** The Docker sidecar. */
  readonly docker: DockerSidecar;
  /** The workspace Deployment. */
  readonly workspace: WorkspaceDeployment;
  /** The agent. */
  readonly agent: WorkspaceAgent;
  /** The startup verification. */
  readonly verification: DockerVerification;
  /** Dev containers on the sidecar; only when devcontainers.enabled. */
  readonly devcontainers?: DevContainers;

  constructor(scope: Construct, id: string, props: DevpodStackProps) {
    super(scope, id);
    const { config } = props;

    // Coder runs terraform with the default state file in its working directory; cdktf's default LocalBackend
    // would point at an absolute path on the synth machine (state lost, resources orphaned). No backend at all.
    this.addOverride("terraform.backend", undefined);
    // cdktf's metadata would still say "local": reviewers of synth diffs would read that as a backend.
    this.addOverride("//.metadata.backend", "none");

    const vars = new TemplateVariables(this, "variables", { config });
    new CoderProvider(this, "coder", {});
    new KubernetesProvider(this, "kubernetes", {
      configPath: Token.asString(Fn.conditional(vars.useKubeconfig.booleanValue, "~/.kube/config", Token.nullValue())),
    });
    // The prebuilt bindings pin exactly 2.38.0 under the legacy short source; allow its patch releases (see KUBERNETES_PROVIDER).
    this.addOverride("terraform.required_providers.kubernetes", { ...KUBERNETES_PROVIDER });

    const workspace = new DataCoderWorkspace(this, "workspace", {});
    workspace.overrideLogicalId("me");
    const owner = new DataCoderWorkspaceOwner(this, "owner", {});
    owner.overrideLogicalId("me");
    const identity = { workspace, owner };

    const parameters = new WorkspaceParameters(this, "parameters");
    const namespace = vars.namespace.stringValue;

    this.home = new HomeVolume(this, "home", {
      identity,
      namespace,
      storageClass: config.storageClass,
      accessMode: config.accessMode,
      sizeGiB: parameters.homeDiskGiB,
      mountPath: config.homePath,
    });
    this.agent = new WorkspaceAgent(this, "agent", { config });
    this.verification = new DockerVerification(this, "verification", {
      config,
      agent: this.agent.agent,
      baseImage: vars.verifyBaseImage.stringValue,
    });
    if (config.devcontainers.enabled) {
      this.devcontainers = new DevContainers(this, "devcontainers", { config, agent: this.agent.agent, identity });
    }
    this.docker = new DockerSidecar(this, "docker", {
      config,
      home: this.home,
      image: vars.dindImage.stringValue,
      cpuLimit: parameters.cpu,
      memoryLimitGiB: parameters.memoryGiB,
      homeDiskGiB: parameters.homeDiskGiB,
    });
    this.workspace = new WorkspaceDeployment(this, "workspace-pod", {
      config,
      identity,
      image: vars.workspaceImage.stringValue,
      agent: this.agent.agent,
      home: this.home,
      docker: this.docker,
      cpu: parameters.cpu,
      memoryGiB: parameters.memoryGiB,
    });
  }
}
