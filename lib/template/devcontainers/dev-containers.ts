/**
 * Dev Containers on the Docker sidecar (opt-in: devcontainers.enabled): the repository parameter and its clone, the
 * pinned CLI, and the dev container the agent starts on the sidecar's dockerd, with its image layers, build cache and
 * stopped container kept on the home volume's data root. Every resource but the parameter exists only while the
 * workspace runs and a repository is set.
 */
import { Construct } from "constructs";
import { Agent } from "../../providers/gen/providers/coder/agent";
import { ResolvedConfig } from "../../config/config";
import { WorkspaceIdentity } from "../labels";
import { DevcontainerCli } from "./devcontainer-cli";
import { DevcontainerRepository } from "./devcontainer-repository";
import { DevContainer } from "./dev-container";
import { ExternalAuthLinks } from "./external-auth-links";

/** Props of {@link DevContainers}. */
export interface DevContainersProps {
  /** The devpod config; its devcontainers section must be enabled. @default - none, required */
  readonly config: ResolvedConfig;
  /** The workspace's agent. @default - none, required */
  readonly agent: Agent;
  /** The workspace (start_count). @default - none, required */
  readonly identity: WorkspaceIdentity;
  /** The storage verification's result file (DockerVerificationProps.verifiedMarker): the wrapper runs only after a pass. @default - none, required */
  readonly verifiedMarker: string;
}

/** The first Coder release whose agent starts `coder_devcontainer`s by default (CODER_AGENT_DEVCONTAINERS_ENABLE). */
export const MIN_CODER_VERSION = "2.24.0";

/** The feature's constructs, created by the stack only when devcontainers.enabled is true. */
export class DevContainers extends Construct {
  /** The repository parameter and its clone. */
  readonly repository: DevcontainerRepository;
  /** The CLI's install script. */
  readonly cli: DevcontainerCli;
  /** The coder_devcontainer and its prune script. */
  readonly container: DevContainer;
  /** The external-auth accounts users link before the first build (devcontainers.externalAuth). */
  readonly externalAuth: ExternalAuthLinks;

  constructor(scope: Construct, id: string, props: DevContainersProps) {
    super(scope, id);
    const { config, agent, identity } = props;
    const agentId = agent.id;
    this.repository = new DevcontainerRepository(this, "repository", { config, agentId, startCount: identity.workspace.startCount });
    const count = this.repository.count;
    this.cli = new DevcontainerCli(this, "cli", { config, agentId, count, verifiedMarker: props.verifiedMarker });
    this.container = new DevContainer(this, "container", { config, agentId, folder: this.repository.folder, count });
    this.externalAuth = new ExternalAuthLinks(this, "external-auth", { providers: config.devcontainers.externalAuth });
  }
}
