/**
 * The Docker-in-Docker sidecar: dockerd with its data root on the home volume (or Docker's own), overlay2 pinned, listening only on a
 * unix socket in a directory shared with the workspace container. It starts through lib/template/scripts/dind-start.sh, which
 * keeps dockerd's containers and build steps inside the sidecar's cgroup (the pod's limits) and passes the pod
 * network's MTU on to Docker's networks. It bounds the build cache by a share of the data root's disk (BuildKit's GC), stops the
 * user's containers in a preStop hook and derives the pod's grace period from dockerd's shutdown timeouts.
 */
import { Construct } from "constructs";
import { Fn, Op, Token } from "cdktf";
import {
  DeploymentV1SpecTemplateSpecContainer,
  DeploymentV1SpecTemplateSpecContainerVolumeMount,
  DeploymentV1SpecTemplateSpecVolume,
} from "@cdktf/provider-kubernetes/lib/deployment-v1";
import { ResolvedConfig } from "../config/config";
import { CONTAINER_REQUESTS } from "../config/sizing-config";
import { embedScript } from "./embedded-script";
import { HomeVolume } from "./home-volume";
import { WorkspaceVolume } from "./workspace-volume";

/** Props of {@link DockerSidecar}. */
export interface DockerSidecarProps {
  /** The devpod config: data root, socket, workspace group. @default - none, required */
  readonly config: ResolvedConfig;
  /** The home volume; mounted at the same path as in the workspace container. @default - none, required */
  readonly home: Pick<HomeVolume, "mount">;
  /** Docker's own volume (dockerVolume `separate`), mounted at the data root in this container only. @default - none: the data root is on the home volume */
  readonly dockerVolume?: Pick<WorkspaceVolume, "mount">;
  /** Image of the sidecar (the dind_image variable). @default - none, required */
  readonly image: string;
  /** CPU limit, a Kubernetes quantity ("2", "1000m"); builds run here. @default - none, required */
  readonly cpuLimit: string;
  /** Memory limit, a Kubernetes quantity ("4Gi", "2048Mi"); builds run here. @default - none, required */
  readonly memoryLimit: string;
  /** CPU request. @default "100m" (CONTAINER_REQUESTS.sidecar) */
  readonly cpuRequest?: string;
  /** Memory request. @default "256Mi" (CONTAINER_REQUESTS.sidecar) */
  readonly memoryRequest?: string;
  /** Size in GiB of the volume that holds the data root (home_disk_size, or docker_disk_size with a Docker volume; a token); the build cache bound is a share of it. @default - none, required */
  readonly dataDiskGiB: string;
  /** Seconds the preStop hook gives each user container to stop (`docker stop -t`) before dockerd is signalled. @default 10 */
  readonly containerStopSeconds?: number;
  /** dockerd's `--shutdown-timeout`: seconds it waits for containers at SIGTERM before it kills them. @default 15 */
  readonly shutdownTimeoutSeconds?: number;
}

const SOCKET_VOLUME = "docker-socket";

/** The sidecar's start script under lib/template/scripts. */
export const DIND_START_SCRIPT = "dind-start.sh";
/** The sidecar's first step under lib/template/scripts: the home volume root's group and mode. */
export const HOME_GROUP_SCRIPT = "home-group.sh";
/** The sidecar's root prologue of isolation `rootless` under lib/template/scripts: the node's requirements, /dev/net/tun, the
 * data root's owner, the user dockerd runs as. */
export const ROOTLESS_PROLOGUE_SCRIPT = "rootless-prologue.sh";
/** The sidecar's preStop hook under lib/template/scripts. */
export const DIND_STOP_SCRIPT = "dind-stop.sh";
/** The child of the sidecar's cgroup that dind-start moves dockerd into on cgroup v2; the verification strips it. */
export const DOCKERD_CGROUP = "dockerd";
/** The container's environment variable that carries the build cache bound, in MiB, to dind-start. */
export const BUILD_CACHE_ENV = "DEVPOD_BUILD_CACHE_MIB";

// The hook's bounded steps around `docker stop -t`: `docker ps` (5 s), `docker inspect` (5 s), and the 5 s it allows
// `docker stop` beyond its own timeout (lib/template/scripts/dind-stop.sh).
const PRESTOP_SLACK_SECONDS = 15;
// Seconds after dockerd's shutdown timeout for managed containerd to stop and the layers to unmount.
const SHUTDOWN_SLACK_SECONDS = 10;

/** Builds the sidecar's container spec and the socket volume; adds no Terraform resource of its own. */
export class DockerSidecar extends Construct {
  /** Name of the container (for `kubectl logs <pod> -c docker`). */
  static readonly CONTAINER_NAME = "docker";
  /** The container's command: the start script, which execs the image's entrypoint with {@link args}. */
  readonly command: string[];
  /** dockerd's argv, as the image's entrypoint receives it (`dockerd` first). */
  readonly args: string[];
  /** The container spec. */
  readonly container: DeploymentV1SpecTemplateSpecContainer;
  /** The emptyDir that holds the socket. */
  readonly socketVolume: DeploymentV1SpecTemplateSpecVolume;
  /**
   * The pod's terminationGracePeriodSeconds: the preStop hook (stop timeout + slack), then dockerd's own shutdown
   * (it waits max(--shutdown-timeout, longest container stop timeout + 5 s): moby daemon.go shutdownTimeout), then
   * containerd and unmounts.
   */
  readonly terminationGracePeriodSeconds: number;
  /** The build cache bound in MiB: floor(data disk size × 1024 × buildCacheSharePercent / 100), a Terraform expression. */
  readonly buildCacheMiB: string;

  private readonly config: ResolvedConfig;

  constructor(scope: Construct, id: string, props: DockerSidecarProps) {
    super(scope, id);
    const { config } = props;
    this.config = config;
    this.socketVolume = { name: SOCKET_VOLUME, emptyDir: {} };
    const stopSeconds = props.containerStopSeconds ?? 10;
    const shutdownSeconds = props.shutdownTimeoutSeconds ?? 15;
    this.terminationGracePeriodSeconds =
      stopSeconds + PRESTOP_SLACK_SECONDS + Math.max(shutdownSeconds, stopSeconds + 5) + SHUTDOWN_SLACK_SECONDS;
    // A Terraform expression for the parameter; a plain number (the platform's preflight volume) is computed here.
    this.buildCacheMiB = Token.isUnresolved(props.dataDiskGiB)
      ? Token.asString(Fn.floor(Op.div(Op.mul(Token.asNumber(props.dataDiskGiB), 1024 * config.buildCacheSharePercent), 100)))
      : String(Math.floor((Number(props.dataDiskGiB) * 1024 * config.buildCacheSharePercent) / 100));
    const rootless = config.isolation === "rootless";
    this.args = [
      // First arg `dockerd`: the docker:dind entrypoint then adds no --host=tcp://0.0.0.0:2375/2376 listener, but
      // still wraps dockerd with docker-init (reaps shims) and the dind helper (cgroups, mounts).
      "dockerd",
      // The only listener: a unix socket in the shared emptyDir.
      `--host=${config.dockerHost}`,
      // The socket's group: the workspace user's group may use it; nobody else in the pod network can. Rootless:
      // dockerd runs as root of rootlesskit's user namespace, where gid 0 is its user's own group outside (the
      // workspace gid); the socket's owner is uid 1000, the workspace user, outside.
      `--group=${rootless ? 0 : config.workspaceGid}`,
      // Layers on the home volume (ext4), not on this container's overlayfs root: no nested overlay.
      `--data-root=${config.dockerDataRoot}`,
      // Pinned: on a bad mount dockerd exits at start instead of silently using vfs (graphdriver), or failing only at
      // RUN time (Docker 29's containerd snapshotter, the default otherwise).
      "--storage-driver=overlay2",
      // Explicit, so that the pod's grace period can be derived from it (dockerd's default is 15 s too).
      `--shutdown-timeout=${shutdownSeconds}`,
      // Docker Hub pulls (the smoke build's base image, users' pulls) through the cluster's mirrors.
      ...config.registryMirrors.map((url) => `--registry-mirror=${url}`),
    ];
    // The script adds --cgroup-parent and --mtu, which depend on the node, and execs the image's entrypoint. No
    // DOCKER_TLS_CERTDIR: with `dockerd` first the entrypoint opens no TCP listener, and an empty value would make
    // any fallback listener an unauthenticated 2375.
    this.command = [
      "sh",
      "-c",
      // First the volume root's group (a ReadWriteOncePod home gets no fsGroup before Kubernetes 1.32), then the start
      // script: two files with one purpose each, one `sh -c` text, run before dockerd starts.
      embedScript(HOME_GROUP_SCRIPT, { DEVPOD_HOME_GID: config.workspaceGid, DEVPOD_HOME_PATH: config.homePath }) +
        // Rootless: the steps that need root (and the checks of what the node must allow) before dind-start drops
        // to the rootless user.
        (rootless
          ? embedScript(ROOTLESS_PROLOGUE_SCRIPT, {
              DEVPOD_ROOTLESS_UID: config.workspaceUid,
              DEVPOD_ROOTLESS_GID: config.workspaceGid,
              DEVPOD_START_STATUS: config.dockerStartStatusPath,
            })
          : "") +
        embedScript(DIND_START_SCRIPT, {
          DEVPOD_DAEMON_CONFIG: config.dockerDaemonConfigPath,
          DEVPOD_START_STATUS: config.dockerStartStatusPath,
          DEVPOD_START_NOTICE: config.dockerStartNoticePath,
          // By the end of the grace period kubelet has killed a previous pod's dockerd.
          DEVPOD_HOLD_SECONDS: this.terminationGracePeriodSeconds,
          DEVPOD_DOCKERD_CGROUP: DOCKERD_CGROUP,
          DEVPOD_ISOLATION: config.isolation,
          DEVPOD_INACTIVE_DATA_ROOT: config.inactiveDataRoot ?? "",
        }),
      "dind-start",
    ];
    this.container = {
      name: DockerSidecar.CONTAINER_NAME,
      image: props.image,
      command: this.command,
      args: this.args,
      env: [{ name: BUILD_CACHE_ENV, value: this.buildCacheMiB }],
      lifecycle: {
        preStop: [
          {
            exec: {
              command: [
                "sh",
                "-c",
                embedScript(DIND_STOP_SCRIPT, { DEVPOD_DOCKER_HOST: config.dockerHost, DEVPOD_STOP_SECONDS: stopSeconds }),
                "dind-stop",
              ],
            },
          },
        ],
      },
      securityContext: {
        // dockerd needs it (mounts, cgroups, iptables); the only privileged container of the pod. Rootless: the
        // prologue needs it (the daemon's child cgroup, /dev/net/tun, the data root's owner) and rootlesskit's user
        // namespace inherits no capability from it: dockerd runs as uid 1000 (docs/rootless.md).
        privileged: true,
        runAsUser: "0",
      },
      volumeMount: [
        props.home.mount(),
        ...(props.dockerVolume ? [props.dockerVolume.mount()] : []),
        { name: SOCKET_VOLUME, mountPath: config.dockerSocketDir },
      ],
      readinessProbe: {
        exec: { command: ["docker", `--host=${config.dockerHost}`, "info"] },
        initialDelaySeconds: 2,
        periodSeconds: 5,
        timeoutSeconds: 5,
        failureThreshold: 3,
      },
      resources: {
        requests: {
          cpu: props.cpuRequest ?? `${CONTAINER_REQUESTS.sidecar.cpuMillicores}m`,
          memory: props.memoryRequest ?? `${CONTAINER_REQUESTS.sidecar.memoryMiB}Mi`,
        },
        limits: { cpu: props.cpuLimit, memory: props.memoryLimit },
      },
    };
  }

  /** The socket directory's mount for a client container (the workspace). */
  socketMount(): DeploymentV1SpecTemplateSpecContainerVolumeMount {
    return { name: SOCKET_VOLUME, mountPath: this.config.dockerSocketDir };
  }
}
