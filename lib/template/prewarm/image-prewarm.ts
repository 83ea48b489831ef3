/**
 * The image prewarm: a coder_script that pulls the images of config `prewarmImages` into dockerd's data root on the
 * home volume once the storage verification has passed (lib/template/scripts/prewarm-images.sh). Login does not wait for it
 * (`start_blocks_login = false`), but the agent reports `ready` only when every start script has finished, and Coder
 * hands out a prebuilt workspace only once its agent is ready: a claimed prebuild has the images already.
 */
import { Construct } from "constructs";
import { Agent } from "../../providers/gen/providers/coder/agent";
import { Script } from "../../providers/gen/providers/coder/script";
import { ResolvedConfig } from "../../config/config";
import { embedScript } from "../embedded-script";

/** Props of {@link ImagePrewarm}. */
export interface ImagePrewarmProps {
  /** The devpod config: the images and the docker host. @default - none, required */
  readonly config: ResolvedConfig;
  /** The agent that runs the script. @default - none, required */
  readonly agent: Agent;
  /** The file the verification creates when it passed (DockerVerificationProps.verifiedMarker). @default - none, required */
  readonly verifiedMarker: string;
  /** How long to wait for it, in seconds: the verification's own coder_script timeout. @default - none, required */
  readonly waitSeconds: number;
  /** Time limit of all pulls together, in seconds. @default 900 */
  readonly pullSeconds?: number;
  /**
   * How long a verification result that was there when the prewarm started may stand before it counts as this run's,
   * in seconds: an earlier run's (before a prebuild claim) is removed by the verification at once. @default 10
   */
  readonly graceSeconds?: number;
}

/** Where the verification leaves its result: the workspace container's /tmp, new with every container. */
export const VERIFIED_MARKER = "/tmp/devpod-docker-verified";

/** Slack on top of the script's limits, so that its own limit trips first and it exits 0 with a log line. */
const SLACK_SECONDS = 30;

/** `coder_script.prewarm_images`. */
export class ImagePrewarm extends Construct {
  /** The script resource. */
  readonly script: Script;

  constructor(scope: Construct, id: string, props: ImagePrewarmProps) {
    super(scope, id);
    const pullSeconds = props.pullSeconds ?? 900;
    this.script = new Script(this, "script", {
      agentId: props.agent.id,
      displayName: "Prewarm Docker images",
      icon: "/icon/docker.svg",
      runOnStart: true,
      startBlocksLogin: false,
      timeout: props.waitSeconds + pullSeconds + SLACK_SECONDS,
      script: embedScript("prewarm-images.sh", {
        DEVPOD_DOCKER_HOST: props.config.dockerHost,
        DEVPOD_IMAGES: props.config.prewarmImages.join(" "),
        DEVPOD_VERIFIED_MARKER: props.verifiedMarker,
        DEVPOD_WAIT_SECONDS: props.waitSeconds,
        DEVPOD_PULL_SECONDS: pullSeconds,
        DEVPOD_GRACE_SECONDS: props.graceSeconds ?? 10,
      }),
    });
    this.script.overrideLogicalId("prewarm_images");
  }
}
