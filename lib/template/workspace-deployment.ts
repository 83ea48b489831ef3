/**
 * The workspace pod, as a Deployment that exists only while the workspace runs (`count = start_count`): the
 * workspace container (Coder agent, uid 1000) and the Docker sidecar, sharing the home volume and the socket.
 */
import { Construct } from "constructs";
import { Token } from "cdktf";
import { DeploymentV1 } from "@cdktf/provider-kubernetes/lib/deployment-v1";
import { Agent } from "../providers/gen/providers/coder/agent";
import { ResolvedConfig } from "../config/config";
import { CONTAINER_REQUESTS } from "../config/sizing-config";
import { ContainerLimits } from "./workspace-parameters";
import { DockerSidecar } from "./docker-sidecar";
import { DockerVolume } from "./docker-volume";
import { HomeVolume } from "./home-volume";
import { WorkspaceIdentity, podLabels, selectorLabels, workspaceMetadata } from "./labels";

/** Props of {@link WorkspaceDeployment}. */
export interface WorkspaceDeploymentProps {
  /** The devpod config: user ids, docker host. @default - none, required */
  readonly config: ResolvedConfig;
  /** The workspace (start_count, ids for names and labels). @default - none, required */
  readonly identity: WorkspaceIdentity;
  /** Image of the workspace container. @default - none, required */
  readonly image: string;
  /** The Coder agent whose init script the workspace container runs. @default - none, required */
  readonly agent: Agent;
  /** The home volume. @default - none, required */
  readonly home: HomeVolume;
  /** The Docker sidecar. @default - none, required */
  readonly docker: DockerSidecar;
  /** Docker's own volume (dockerVolume `separate`); the sidecar mounts it. @default - none */
  readonly dockerVolume?: DockerVolume;
  /** The workspace container's CPU and memory limits (its part of the chosen budget). @default - none, required */
  readonly limits: ContainerLimits;
  /** Size of /dev/shm in MiB; the container runtime's default is 64 MiB, too small for browsers and test runners. @default 512 */
  readonly shmSizeMiB?: number;
  /** Seconds the pod gets to stop. @default - the sidecar's terminationGracePeriodSeconds (preStop, then dockerd's shutdown) */
  readonly terminationGracePeriodSeconds?: number;
}

/** Name of the workspace container. */
export const WORKSPACE_CONTAINER = "dev";

/** The `kubernetes.io/arch` node label for each agent architecture. */
const NODE_ARCH: Record<ResolvedConfig["arch"], string> = { amd64: "amd64", arm64: "arm64", armv7: "arm" };

/** The node selector of the workspace's nodes; the preflight runs on the same kind of node. */
export const workspaceNodeSelector = (config: ResolvedConfig): Record<string, string> => ({ "kubernetes.io/arch": NODE_ARCH[config.arch] });

/** `kubernetes_deployment_v1.main`. */
export class WorkspaceDeployment extends Construct {
  /** The Deployment. */
  readonly deployment: DeploymentV1;

  constructor(scope: Construct, id: string, props: WorkspaceDeploymentProps) {
    super(scope, id);
    const { config, identity, home, docker } = props;
    const component = "coder-workspace";
    const shm = { name: "dshm", emptyDir: { medium: "Memory", sizeLimit: `${props.shmSizeMiB ?? 512}Mi` } };
    const uid = String(config.workspaceUid);
    const gid = String(config.workspaceGid);

    this.deployment = new DeploymentV1(this, "deployment", {
      count: Token.asNumber(identity.workspace.startCount),
      metadata: {
        name: `coder-${identity.workspace.id}`,
        // The claim's namespace, not the variable: the claim ignores namespace changes (they would delete it), so an
        // existing workspace keeps running next to its volume and only new workspaces use a new namespace.
        namespace: home.claim.metadata.namespace,
        ...workspaceMetadata(identity, component),
      },
      // The pod is scheduled asynchronously; the agent connecting is what tells Coder it is up.
      waitForRollout: false,
      spec: {
        replicas: "1",
        selector: { matchLabels: selectorLabels(identity, component) },
        // RWO volume: the old pod must release it before the new one starts (no Multi-Attach).
        strategy: { type: "Recreate" },
        template: {
          // Claim-stable: nothing from the owner or the workspace name (see podLabels).
          metadata: { labels: podLabels(identity, component) },
          spec: {
            automountServiceAccountToken: false,
            // The agent binary is built for one architecture (config `arch`).
            nodeSelector: workspaceNodeSelector(config),
            terminationGracePeriodSeconds: props.terminationGracePeriodSeconds ?? docker.terminationGracePeriodSeconds,
            securityContext: {
              fsGroup: gid,
              // Default `Always` re-owns every file of the volume at each mount: minutes with a Docker data root.
              fsGroupChangePolicy: "OnRootMismatch",
            },
            // Sidecar first: kubelet starts (and pulls) containers in spec order, and the verification in the
            // workspace container waits for dockerd.
            container: [
              docker.container,
              {
                name: WORKSPACE_CONTAINER,
                image: props.image,
                imagePullPolicy: "IfNotPresent",
                command: ["sh", "-c", props.agent.initScript],
                env: [
                  { name: "CODER_AGENT_TOKEN", value: props.agent.token },
                  { name: "DOCKER_HOST", value: config.dockerHost },
                  // The persistent volume is home, whatever the image's passwd says (homePath may differ from it).
                  { name: "HOME", value: config.homePath },
                ],
                // No allowPrivilegeEscalation: false. It sets no_new_privs, which breaks sudo (NOPASSWD in Coder's
                // images), and adds nothing while the user holds the socket of a privileged dockerd.
                securityContext: {
                  runAsUser: uid,
                  runAsGroup: gid,
                  runAsNonRoot: true,
                },
                resources: {
                  requests: {
                    cpu: `${CONTAINER_REQUESTS.workspace.cpuMillicores}m`,
                    memory: `${CONTAINER_REQUESTS.workspace.memoryMiB}Mi`,
                  },
                  limits: { cpu: props.limits.cpu, memory: props.limits.memory },
                },
                volumeMount: [home.mount(), docker.socketMount(), { name: shm.name, mountPath: "/dev/shm" }],
              },
            ],
            volume: [home.volume(), ...(props.dockerVolume ? [props.dockerVolume.volume()] : []), docker.socketVolume, shm],
          },
        },
      },
    });
    this.deployment.overrideLogicalId("main");
  }
}
