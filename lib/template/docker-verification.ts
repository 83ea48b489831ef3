/**
 * The startup verification: a coder_script that runs lib/template/scripts/verify-docker-storage.sh in the workspace container
 * at every start. Login waits for it (`start_blocks_login`); when it fails, Coder marks the start as failed and shows
 * its message, so a broken Docker storage layer is named at once instead of surfacing later as a slow or failing
 * `docker build`.
 */
import * as fs from "fs";
import * as path from "path";
import { Construct } from "constructs";
import { Script } from "../providers/gen/providers/coder/script";
import { Agent } from "../providers/gen/providers/coder/agent";
import { ResolvedConfig } from "../config/config";
import { DOCKERD_CGROUP } from "./docker-sidecar";
import { SCRIPTS_DIR, embedScript } from "./embedded-script";

/** Props of {@link DockerVerification}. */
export interface DockerVerificationProps {
  /** The devpod config: expected home path, data root, socket, wait. @default - none, required */
  readonly config: ResolvedConfig;
  /** The agent that runs the script. @default - none, required */
  readonly agent: Agent;
  /** Base image of the smoke build (the verify_base_image variable). @default - none, required */
  readonly baseImage: string;
  /** Time limit of the base image pull, in seconds. @default 240 */
  readonly pullSeconds?: number;
  /** Time limit of each smoke build attempt (BuildKit, then maybe the classic builder), in seconds. @default 240 */
  readonly buildSeconds?: number;
  /**
   * A file the coder_script removes when it starts and writes with its result (`pass <start>` or `fail <start> <check>`),
   * for start scripts and commands that must not trust an earlier run (lib/template/scripts/verify-docker-storage.sh). @default - none
   */
  readonly verifiedMarker?: string;
}

/** The limits the template uses unless told otherwise; the platform's preflight runs with the same ones. */
export const DEFAULT_VERIFICATION_LIMITS = { pullSeconds: 240, buildSeconds: 240 } as const;

/** Slack on top of the script's limits: the shell's own work between the bounded steps. */
const SLACK_SECONDS = 30;

/**
 * The coder_script timeout: the sum of the script's own limits plus slack, so that a limit inside the script trips
 * first and reports its cause; Coder's timeout would only say "timed out". The limits of the small steps (docker
 * version, info, inspect, run) are the `with_timeout <seconds>` literals of the script, read from the script itself.
 */
export function verificationTimeoutSeconds(waitSeconds: number, pullSeconds: number, buildSeconds: number): number {
  const script = fs.readFileSync(path.join(SCRIPTS_DIR, VERIFY_SCRIPT), "utf8");
  const steps = [...script.matchAll(/with_timeout (\d+) /g)].reduce((sum, m) => sum + Number(m[1]), 0);
  return waitSeconds + pullSeconds + 2 * buildSeconds + steps + SLACK_SECONDS;
}

/** The file of the verification script under lib/template/scripts. */
export const VERIFY_SCRIPT = "verify-docker-storage.sh";

/** Time limits of the verification's long steps, in seconds. */
export interface VerificationLimits {
  /** The base image pull. */
  readonly pullSeconds: number;
  /** Each smoke build attempt. */
  readonly buildSeconds: number;
}

/**
 * The verification script with its DEVPOD_* settings, as embedded: the one text that the coder_script and the
 * platform's preflight Job both run.
 */
export function verificationScriptText(config: ResolvedConfig, baseImage: string, limits: VerificationLimits, verifiedMarker?: string): string {
  return embedScript(VERIFY_SCRIPT, {
    DEVPOD_HOME_PATH: config.homePath,
    DEVPOD_DATA_ROOT: config.dockerDataRoot,
    DEVPOD_DOCKER_VOLUME: config.dockerVolume,
    DEVPOD_DOCKER_HOST: config.dockerHost,
    DEVPOD_WAIT_SECONDS: config.dockerReadyTimeoutSeconds,
    DEVPOD_BASE_IMAGE: baseImage,
    DEVPOD_PULL_SECONDS: limits.pullSeconds,
    DEVPOD_BUILD_SECONDS: limits.buildSeconds,
    DEVPOD_GID: config.workspaceGid,
    DEVPOD_START_STATUS: config.dockerStartStatusPath,
    DEVPOD_DOCKERD_CGROUP: DOCKERD_CGROUP,
    DEVPOD_ISOLATION: config.isolation,
    DEVPOD_START_NOTICE: config.dockerStartNoticePath,
    ...(verifiedMarker ? { DEVPOD_VERIFIED_MARKER: verifiedMarker } : {}),
  });
}

/** `coder_script.verify_docker_storage`. */
export class DockerVerification extends Construct {
  /** The script resource. */
  readonly script: Script;

  constructor(scope: Construct, id: string, props: DockerVerificationProps) {
    super(scope, id);
    const { config } = props;
    const pullSeconds = props.pullSeconds ?? DEFAULT_VERIFICATION_LIMITS.pullSeconds;
    const buildSeconds = props.buildSeconds ?? DEFAULT_VERIFICATION_LIMITS.buildSeconds;
    this.script = new Script(this, "script", {
      agentId: props.agent.id,
      displayName: "Verify Docker storage",
      icon: "/icon/docker.svg",
      runOnStart: true,
      startBlocksLogin: true,
      timeout: verificationTimeoutSeconds(config.dockerReadyTimeoutSeconds, pullSeconds, buildSeconds),
      script: verificationScriptText(config, props.baseImage, { pullSeconds, buildSeconds }, props.verifiedMarker),
    });
    this.script.overrideLogicalId("verify_docker_storage");
  }
}
