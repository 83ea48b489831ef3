/**
 * The devpod template stack: what `coder templates push` uploads. Composes the constructs and removes the backend
 * cdktf would add, because Coder keeps the state itself.
 */
import { Construct } from "constructs";
import { App, Fn, TerraformStack, Token } from "cdktf";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { CoderProvider } from "../providers/gen/providers/coder/provider";
import { DataCoderWorkspace } from "../providers/gen/providers/coder/data-coder-workspace";
import { DataCoderWorkspaceOwner } from "../providers/gen/providers/coder/data-coder-workspace-owner";
import { ResolvedConfig, resolveConfig } from "../config/config";
import { WorkspacePresets } from "./presets/workspace-presets";
import { ImagePrewarm, VERIFIED_MARKER } from "./prewarm/image-prewarm";
import { DevContainers } from "./devcontainers/dev-containers";
import { DockerSidecar } from "./docker-sidecar";
import { DockerVerification } from "./docker-verification";
import { DockerVolume } from "./docker-volume";
import { backupLabels, dockerVolumeLabels } from "./backups/backup-labels";
import { HomeVolume } from "./home-volume";
import { PROVIDERS, pinProviders } from "../providers/provider-versions";
import { TemplateVariables } from "./template-variables";
import { DEVPOD_STACK_ID } from "./published-template";
import { WorkspaceAgent } from "./workspace-agent";
import { WorkspaceDeployment } from "./workspace-deployment";
import { WorkspaceParameters } from "./workspace-parameters";

/** Props of {@link DevpodStack}. */
export interface DevpodStackProps {
  /** The resolved devpod config. @default - none, required */
  readonly config: ResolvedConfig;
}

/** The Coder workspace template. */
export class DevpodStack extends TerraformStack {
  /** Builds the stack from `app`'s context (cdktf.json → context.devpod); throws a DevpodConfigError on bad config. */
  static fromContext(app: App): DevpodStack {
    return new DevpodStack(app, DEVPOD_STACK_ID, { config: resolveConfig(app.node.tryGetContext("devpod")) });
  }

  /** The home volume. */
  readonly home: HomeVolume;
  /** Docker's own volume, with dockerVolume `separate`. */
  readonly dockerVolume?: DockerVolume;
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
    pinProviders(this, ["coder", "kubernetes"]);

    const workspace = new DataCoderWorkspace(this, "workspace", {});
    workspace.overrideLogicalId("me");
    const owner = new DataCoderWorkspaceOwner(this, "owner", {});
    owner.overrideLogicalId("me");
    const identity = { workspace, owner };

    const parameters = new WorkspaceParameters(this, "parameters", { sizing: config.sizing, dockerDisk: config.dockerVolume === "separate" });
    new WorkspacePresets(this, "presets", {
      presets: config.presets,
      providerConstraint: PROVIDERS.coder.version,
    });
    const namespace = vars.namespace.stringValue;

    this.home = new HomeVolume(this, "home", {
      identity,
      namespace,
      storageClass: config.storageClass,
      accessMode: config.accessMode,
      sizeGiB: parameters.homeDiskGiB,
      mountPath: config.homePath,
      labels: backupLabels(config.backups),
    });
    if (parameters.dockerDiskGiB !== undefined) {
      this.dockerVolume = new DockerVolume(this, "docker-volume", {
        identity,
        namespace,
        storageClass: config.storageClass,
        accessMode: config.accessMode,
        sizeGiB: parameters.dockerDiskGiB,
        config,
        labels: dockerVolumeLabels(),
      });
    }
    this.agent = new WorkspaceAgent(this, "agent", { config });
    // The verification's result, for the scripts and commands that must not run on a Docker it refused.
    const readsResult = config.prewarmImages.length > 0 || config.devcontainers.enabled;
    this.verification = new DockerVerification(this, "verification", {
      config,
      agent: this.agent.agent,
      baseImage: vars.verifyBaseImage.stringValue,
      verifiedMarker: readsResult ? VERIFIED_MARKER : undefined,
    });
    if (config.prewarmImages.length > 0) {
      new ImagePrewarm(this, "prewarm", {
        config,
        agent: this.agent.agent,
        verifiedMarker: VERIFIED_MARKER,
        waitSeconds: this.verification.script.timeoutInput!,
      });
    }
    if (config.devcontainers.enabled) {
      this.devcontainers = new DevContainers(this, "devcontainers", { config, agent: this.agent.agent, identity, verifiedMarker: VERIFIED_MARKER });
    }
    this.docker = new DockerSidecar(this, "docker", {
      config,
      home: this.home,
      dockerVolume: this.dockerVolume,
      image: vars.dindImage.stringValue,
      cpuLimit: parameters.sidecarLimits.cpu,
      memoryLimit: parameters.sidecarLimits.memory,
      // BuildKit's GC bound follows the disk that holds the data root.
      dataDiskGiB: parameters.dockerDiskGiB ?? parameters.homeDiskGiB,
    });
    this.workspace = new WorkspaceDeployment(this, "workspace-pod", {
      config,
      identity,
      image: vars.workspaceImage.stringValue,
      agent: this.agent.agent,
      home: this.home,
      docker: this.docker,
      dockerVolume: this.dockerVolume,
      limits: parameters.workspaceLimits,
    });
  }
}
