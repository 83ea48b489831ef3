/**
 * The dev container itself: a `coder_devcontainer` that points the agent at the cloned folder (the agent runs
 * `devcontainer up` for it once every startup script has ended, failed or not: the CLI's wrapper runs only after the
 * storage verification passed), and a
 * coder_script (lib/template/scripts/devcontainer-prune.sh) that leaves at most one container for that folder, one that is
 * current with its devcontainer.json, before the agent starts it.
 */
import { Construct } from "constructs";
import { Devcontainer } from "../../providers/gen/providers/coder/devcontainer";
import { Script } from "../../providers/gen/providers/coder/script";
import { ResolvedConfig } from "../../config/config";
import { embedScript } from "../embedded-script";

/** Props of {@link DevContainer}. */
export interface DevContainerProps {
  /** The devpod config: socket, wait, the devcontainers section. @default - none, required */
  readonly config: ResolvedConfig;
  /** The agent the dev container belongs to. @default - none, required */
  readonly agentId: string;
  /** The workspace folder (the clone's). @default - none, required */
  readonly folder: string;
  /** Instances (0 without a repository, or while the workspace is stopped). @default - none, required */
  readonly count: number;
}

/** `coder_devcontainer.repository` and `coder_script.devcontainer_prune`. */
export class DevContainer extends Construct {
  /** The dev container resource. */
  readonly devcontainer: Devcontainer;
  /** The prune script. */
  readonly prune: Script;

  constructor(scope: Construct, id: string, props: DevContainerProps) {
    super(scope, id);
    const { config } = props;
    const configPath = config.devcontainers.configPath;
    this.devcontainer = new Devcontainer(this, "devcontainer", {
      count: props.count,
      agentId: props.agentId,
      workspaceFolder: props.folder,
      ...(configPath ? { configPath: `${props.folder}/${configPath}` } : {}),
    });
    this.devcontainer.overrideLogicalId("repository");
    this.prune = new Script(this, "prune", {
      count: props.count,
      agentId: props.agentId,
      displayName: "Dev container: keep one, current",
      icon: "/icon/docker.svg",
      runOnStart: true,
      script: embedScript("devcontainer-prune.sh", {
        DEVPOD_DOCKER_HOST: config.dockerHost,
        DEVPOD_WAIT_SECONDS: config.dockerReadyTimeoutSeconds,
        DEVPOD_REPO_DIR: props.folder,
        DEVPOD_CONFIG_PATH: configPath,
      }),
    });
    this.prune.overrideLogicalId("devcontainer_prune");
  }
}
