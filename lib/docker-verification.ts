/**
 * The startup verification: a coder_script that runs lib/scripts/verify-docker-storage.sh in the workspace container
 * at every start and blocks login until it passes, so a broken Docker storage layer is named at once instead of
 * surfacing later as a slow or failing `docker build`.
 */
import { Construct } from "constructs";
import { Script } from "./gen/providers/coder/script";
import { Agent } from "./gen/providers/coder/agent";
import { ResolvedConfig } from "./config";
import { embedScript } from "./embedded-script";

/** Props of {@link DockerVerification}. */
export interface DockerVerificationProps {
  /** The devpod config: expected home path, data root, socket, wait. @default - none, required */
  readonly config: ResolvedConfig;
  /** The agent that runs the script. @default - none, required */
  readonly agent: Agent;
  /** Base image of the smoke build (the verify_base_image variable). @default - none, required */
  readonly baseImage: string;
  /** Upper bound for the whole script, in seconds (a first pull of the base image included). @default 600 */
  readonly timeoutSeconds?: number;
}

/** The file of the verification script under lib/scripts. */
export const VERIFY_SCRIPT = "verify-docker-storage.sh";

/** `coder_script.verify_docker_storage`. */
export class DockerVerification extends Construct {
  /** The script resource. */
  readonly script: Script;

  constructor(scope: Construct, id: string, props: DockerVerificationProps) {
    super(scope, id);
    const { config } = props;
    this.script = new Script(this, "script", {
      agentId: props.agent.id,
      displayName: "Verify Docker storage",
      icon: "/icon/docker.svg",
      runOnStart: true,
      startBlocksLogin: true,
      timeout: props.timeoutSeconds ?? 600,
      script: embedScript(VERIFY_SCRIPT, {
        DEVPOD_HOME_PATH: config.homePath,
        DEVPOD_DATA_ROOT: config.dockerDataRoot,
        DEVPOD_DOCKER_HOST: config.dockerHost,
        DEVPOD_WAIT_SECONDS: config.dockerReadyTimeoutSeconds,
        DEVPOD_BASE_IMAGE: props.baseImage,
      }),
    });
    this.script.overrideLogicalId("verify_docker_storage");
  }
}
