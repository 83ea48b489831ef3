/**
 * The Coder agent of the workspace container, with the metadata the dashboard shows: CPU, memory, home disk, and the
 * state of Docker's storage.
 */
import { Construct } from "constructs";
import { Agent, AgentMetadata } from "../providers/gen/providers/coder/agent";
import { ResolvedConfig } from "../config/config";
import { embedScript } from "./embedded-script";

/** Props of {@link WorkspaceAgent}. */
export interface WorkspaceAgentProps {
  /** The devpod config: architecture, home path. @default - none, required */
  readonly config: ResolvedConfig;
  /** Seconds between refreshes of the cheap metadata (CPU, memory). @default 10 */
  readonly fastIntervalSeconds?: number;
  /** Seconds between refreshes of the Docker and disk metadata. @default 60 */
  readonly slowIntervalSeconds?: number;
}

/** `coder_agent.main`. */
export class WorkspaceAgent extends Construct {
  /** The agent resource. */
  readonly agent: Agent;

  constructor(scope: Construct, id: string, props: WorkspaceAgentProps) {
    super(scope, id);
    const { config } = props;
    const fast = props.fastIntervalSeconds ?? 10;
    const slow = props.slowIntervalSeconds ?? 60;
    // Keys carry a sort prefix; the dashboard orders by `order`, then key.
    const metadata: AgentMetadata[] = [
      { key: "0_cpu_usage", displayName: "CPU Usage", script: "coder stat cpu", interval: fast, timeout: 1, order: 0 },
      { key: "1_ram_usage", displayName: "RAM Usage", script: "coder stat mem", interval: fast, timeout: 1, order: 1 },
      {
        key: "2_home_disk",
        displayName: "Home Disk",
        script: `coder stat disk --path ${config.homePath}`,
        interval: slow,
        timeout: 5,
        order: 2,
      },
      {
        key: "3_docker_storage",
        displayName: "Docker Storage",
        script: embedScript("docker-status.sh"),
        interval: slow,
        timeout: 6,
        order: 3,
      },
      {
        key: "4_docker_disk",
        displayName: "Docker Disk Use",
        script: embedScript("docker-disk.sh", { DEVPOD_DAEMON_CONFIG: config.dockerDaemonConfigPath }),
        // `docker system df` is cheap, but its figures change slowly.
        interval: slow * 5,
        timeout: 11,
        order: 4,
      },
    ];
    this.agent = new Agent(this, "agent", {
      os: "linux",
      arch: config.arch,
      displayApps: {
        vscode: true,
        vscodeInsiders: false,
        webTerminal: true,
        sshHelper: true,
        portForwardingHelper: true,
      },
      metadata,
      // Coder raises an alert on the workspace before the home volume is full: with dockerVolume home, images and build
      // cache share it with the user's files, and a full volume fails builds and may corrupt dockerd's databases. The
      // agent sees only the workspace container's mounts: Docker's own volume (separate) has no alert, only the
      // Docker Disk Use metadata and BuildKit's GC bound (docs/backups.md).
      resourcesMonitoring: {
        volume: [{ enabled: true, path: config.homePath, threshold: config.homeDiskAlertPercent }],
      },
    });
    this.agent.overrideLogicalId("main");
  }
}
