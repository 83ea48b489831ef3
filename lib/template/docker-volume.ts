/**
 * Docker's own volume (dockerVolume `separate`), a {@link WorkspaceVolume} like the home: `coder-<id>-docker`, never
 * replaced, sized by the `docker_disk_size` parameter, deleted with the workspace. It is mounted only in the sidecar,
 * at the data root, so image pulls and builds never write to the home volume (nor reach its snapshots and backups).
 *
 * The mount is the volume's `docker` directory (a subPath), not its root: dockerd chmods its data root (0711), and
 * kubelet's fsGroupChangePolicy OnRootMismatch re-owns every file of a volume whose root lost the fsGroup's mode, i.e.
 * every image layer, at every start. The volume root stays as kubelet left it.
 */
import { Construct } from "constructs";
import { DeploymentV1SpecTemplateSpecContainerVolumeMount } from "@cdktf/provider-kubernetes/lib/deployment-v1";
import { ResolvedConfig } from "../config/config";
import { WorkspaceVolume, WorkspaceVolumeKind, WorkspaceVolumeProps } from "./workspace-volume";

/** Terraform address of the Docker claim: `kubernetes_persistent_volume_claim_v1.docker`; pinned by a test. */
export const DOCKER_VOLUME_LOGICAL_ID = "docker";

/** The volume's directory that is mounted at the data root; the verification checks for it. */
export const DOCKER_VOLUME_SUBPATH = "docker";
/** The directory isolation `rootless` mounts instead: beside the privileged daemon's, never over it (docs/rootless.md). */
export const ROOTLESS_DOCKER_VOLUME_SUBPATH = "docker-rootless";

/** The volume's directory the sidecar mounts at the data root, by isolation mode. */
export function dockerVolumeSubPath(config: Pick<ResolvedConfig, "isolation">): string {
  return config.isolation === "rootless" ? ROOTLESS_DOCKER_VOLUME_SUBPATH : DOCKER_VOLUME_SUBPATH;
}

const KIND: WorkspaceVolumeKind = {
  suffix: "docker",
  logicalId: DOCKER_VOLUME_LOGICAL_ID,
  component: "coder-docker",
  volumeName: "docker-data",
  subPath: DOCKER_VOLUME_SUBPATH,
};

/**
 * The mount of Docker's volume in a sidecar: the config's data root, the volume's subPath. The platform's preflight
 * mounts its own volume the same way, from here.
 */
export function dockerVolumeMount(config: Pick<ResolvedConfig, "dockerDataRoot" | "isolation">): DeploymentV1SpecTemplateSpecContainerVolumeMount {
  return { name: KIND.volumeName, mountPath: config.dockerDataRoot, subPath: dockerVolumeSubPath(config) };
}

/** Props of {@link DockerVolume}: those of every workspace volume but the mount path, which is the data root. */
export type DockerVolumeProps = Omit<WorkspaceVolumeProps, "mountPath"> & {
  /** The devpod config: the data root and the isolation mode (which directory of the volume is mounted). @default - none, required */
  readonly config: Pick<ResolvedConfig, "dockerDataRoot" | "isolation">;
};

/** `kubernetes_persistent_volume_claim_v1.docker`. */
export class DockerVolume extends WorkspaceVolume {
  constructor(scope: Construct, id: string, props: DockerVolumeProps) {
    super(scope, id, { ...props, mountPath: props.config.dockerDataRoot }, { ...KIND, subPath: dockerVolumeSubPath(props.config) });
  }
}
