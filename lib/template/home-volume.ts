/**
 * The workspace's persistent home volume (a {@link WorkspaceVolume}): `coder-<id>-home`, mounted at the home path in
 * the workspace container and, at the same path, in the Docker sidecar.
 */
import { Construct } from "constructs";
import { CLAIM_FORCE_NEW, WorkspaceVolume, WorkspaceVolumeProps } from "./workspace-volume";

/**
 * Terraform address of the PVC: `kubernetes_persistent_volume_claim_v1.home`. It is part of every workspace's state;
 * if it changed, Terraform would destroy the volume and create an empty one. A test pins it.
 */
export const HOME_VOLUME_LOGICAL_ID = "home";

/** The attributes the home claim ignores: every one the provider marks ForceNew (see {@link CLAIM_FORCE_NEW}). */
export const HOME_VOLUME_FORCE_NEW = CLAIM_FORCE_NEW;

/** Props of {@link HomeVolume}. */
export type HomeVolumeProps = WorkspaceVolumeProps;

/** The home PVC, plus the pod volume and mount that use it. */
export class HomeVolume extends WorkspaceVolume {
  constructor(scope: Construct, id: string, props: HomeVolumeProps) {
    super(scope, id, props, { suffix: "home", logicalId: HOME_VOLUME_LOGICAL_ID, component: "coder-home", volumeName: "home" });
  }
}
