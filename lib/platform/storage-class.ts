/**
 * devpod's own Longhorn StorageClass, tuned for Docker's layer store on the home volume. Off by default: Longhorn's
 * shipped `longhorn` class (ext4, expansion on) already works. Longhorn applies these parameters only when a volume is
 * created; editing the class does not change existing volumes.
 * @see https://longhorn.io/docs/1.12.2/references/storage-class-parameters/
 */
import { Construct } from "constructs";
import { StorageClassV1 } from "@cdktf/provider-kubernetes/lib/storage-class-v1";
import { PlatformStorageClassConfig } from "../config/platform-config";
import { PLATFORM_LABELS } from "./platform-labels";

/** Props of {@link DockerStorageClass}. */
export interface DockerStorageClassProps {
  /** The class's settings (cdktf.json → context.devpod.platform.storageClass). @default - none, required */
  readonly config: PlatformStorageClassConfig;
}

/** `kubernetes_storage_class_v1.docker`. */
export class DockerStorageClass extends Construct {
  /** Longhorn's CSI driver. */
  static readonly PROVISIONER = "driver.longhorn.io";
  /** The class. */
  readonly storageClass: StorageClassV1;
  /** Its name, as a reference (so that claims wait for it). */
  readonly name: string;

  constructor(scope: Construct, id: string, props: DockerStorageClassProps) {
    super(scope, id);
    const { config } = props;
    this.storageClass = new StorageClassV1(this, "class", {
      metadata: { name: config.name, labels: { ...PLATFORM_LABELS } },
      storageProvisioner: DockerStorageClass.PROVISIONER,
      // Home disks only grow (the home_disk_size parameter is monotonic); Longhorn expands ext4 online.
      allowVolumeExpansion: true,
      // Delete: a workspace's volume goes with the workspace, as with Longhorn's own class. Retain keeps volumes of
      // deleted workspaces until an admin removes them.
      reclaimPolicy: config.reclaimPolicy,
      volumeBindingMode: "Immediate",
      parameters: {
        // A block filesystem: overlay2 needs a non-overlay, non-NFS upper dir; ext4 is Longhorn's default and tested
        // by the start-up verification (xfs works too, with d_type).
        fsType: "ext4",
        // Every layer written by `docker build` is written once per replica: 2 keeps a copy on another node without
        // the third write (Longhorn's best practices suggest 2 for data-intensive volumes).
        numberOfReplicas: String(config.replicaCount),
        // A replica on the workspace's own node serves reads locally: image layers are read far more than written.
        dataLocality: config.dataLocality,
        // Minutes before a failed replica is removed and rebuilt elsewhere; rebuilding a large layer store is costly,
        // so a node that comes back quickly should keep its replica (30 is Longhorn's minimum and default).
        staleReplicaTimeout: String(config.staleReplicaTimeout),
      },
    });
    this.storageClass.overrideLogicalId("docker");
    this.name = this.storageClass.metadata.name;
  }
}
