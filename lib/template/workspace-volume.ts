/**
 * A persistent volume of one workspace: one RWO PVC named `coder-<workspace id>-<suffix>`, with no `count`, so it
 * survives stop/start and template upgrades and is deleted only with the workspace. No template change can replace it:
 * every attribute the kubernetes provider marks ForceNew is ignored, and its size parameter only grows. The home volume
 * and the Docker volume (dockerVolume `separate`) are both this construct.
 */
import { Construct } from "constructs";
import { PersistentVolumeClaimV1 } from "@cdktf/provider-kubernetes/lib/persistent-volume-claim-v1";
import {
  DeploymentV1SpecTemplateSpecContainerVolumeMount,
  DeploymentV1SpecTemplateSpecVolume,
} from "@cdktf/provider-kubernetes/lib/deployment-v1";
import { WorkspaceIdentity, workspaceMetadata } from "./labels";

/**
 * The claim's attributes that hashicorp/kubernetes v2.38.0 marks ForceNew: a change to any of them deletes the volume
 * (Longhorn's reclaim policy is Delete) and creates an empty one. metadata.name, .generate_name and .namespace:
 * schema_metadata.go;
 * the spec fields: schema_persistent_volume_claim.go. The claim ignores changes to all of them, so such a change
 * applies to new workspaces only. (A smaller storage request forces a new claim too, in the resource's CustomizeDiff;
 * the size parameters only grow, see workspace-parameters.ts.)
 * @see https://github.com/hashicorp/terraform-provider-kubernetes/blob/v2.38.0/kubernetes/schema_persistent_volume_claim.go
 */
export const CLAIM_FORCE_NEW = [
  "metadata[0].name",
  // Not set by the template; ForceNew all the same (the PVC schema allows generated names).
  "metadata[0].generate_name",
  "metadata[0].namespace",
  "spec[0].access_modes",
  "spec[0].storage_class_name",
  "spec[0].selector",
  "spec[0].volume_name",
  "spec[0].volume_mode",
  "spec[0].resources[0].limits",
] as const;

/** Props of {@link WorkspaceVolume}. */
export interface WorkspaceVolumeProps {
  /** The workspace the volume belongs to. @default - none, required */
  readonly identity: WorkspaceIdentity;
  /** Namespace of the claim. @default - none, required */
  readonly namespace: string;
  /** StorageClass; must provision RWO block volumes (Longhorn ext4). @default - none, required */
  readonly storageClass: string;
  /** Access mode of the claim. @default "ReadWriteOnce" */
  readonly accessMode?: string;
  /** Requested size in GiB (a parameter token). @default - none, required */
  readonly sizeGiB: string;
  /** Where the volume is mounted, in every container that mounts it. @default - none, required */
  readonly mountPath: string;
  /** Labels added to the workspace's own (Longhorn recurring-job labels). @default {} */
  readonly labels?: Record<string, string>;
}

/** What distinguishes one workspace volume from another; fixed per subclass, never configured. */
export interface WorkspaceVolumeKind {
  /** The claim's name is `coder-<workspace id>-<suffix>`. */
  readonly suffix: string;
  /** Terraform address `kubernetes_persistent_volume_claim_v1.<logicalId>`, part of every workspace's state. */
  readonly logicalId: string;
  /** `app.kubernetes.io/name` of the claim. */
  readonly component: string;
  /** Name of the pod volume. */
  readonly volumeName: string;
  /** Directory of the volume that is mounted (a subPath), or the whole volume. */
  readonly subPath?: string;
}

/** A workspace's PVC, plus the pod volume and mount that use it. */
export class WorkspaceVolume extends Construct {
  /** The claim. */
  readonly claim: PersistentVolumeClaimV1;
  /** Mount path of the volume in every container that mounts it. */
  readonly mountPath: string;
  /** Name of the pod volume. */
  readonly volumeName: string;
  private readonly subPath?: string;

  constructor(scope: Construct, id: string, props: WorkspaceVolumeProps, kind: WorkspaceVolumeKind) {
    super(scope, id);
    this.mountPath = props.mountPath;
    this.volumeName = kind.volumeName;
    this.subPath = kind.subPath;
    const metadata = workspaceMetadata(props.identity, kind.component);
    this.claim = new PersistentVolumeClaimV1(this, "claim", {
      metadata: {
        name: `coder-${props.identity.workspace.id}-${kind.suffix}`,
        namespace: props.namespace,
        ...metadata,
        // Metadata, updated in place (not ForceNew): turning backups on or off never replaces a claim.
        labels: { ...metadata.labels, ...props.labels },
      },
      spec: {
        accessModes: [props.accessMode ?? "ReadWriteOnce"],
        storageClassName: props.storageClass,
        resources: { requests: { storage: `${props.sizeGiB}Gi` } },
      },
      // With WaitForFirstConsumer classes the claim binds only once the pod exists, which Terraform creates later.
      waitUntilBound: false,
      // A new storageClass, namespace or access mode must not replace (delete) existing volumes. Terraform keeps the
      // state's value of an ignored attribute, so references to it (the Deployment's claim_name) still hold.
      lifecycle: { ignoreChanges: [...CLAIM_FORCE_NEW] },
    });
    this.claim.overrideLogicalId(kind.logicalId);
  }

  /** The pod volume backed by the claim. */
  volume(): DeploymentV1SpecTemplateSpecVolume {
    return { name: this.volumeName, persistentVolumeClaim: { claimName: this.claim.metadata.name } };
  }

  /** The mount of the volume at {@link mountPath}; every container that mounts it does so at the same path. */
  mount(): DeploymentV1SpecTemplateSpecContainerVolumeMount {
    return { name: this.volumeName, mountPath: this.mountPath, ...(this.subPath ? { subPath: this.subPath } : {}) };
  }
}
