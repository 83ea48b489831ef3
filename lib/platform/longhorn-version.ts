/**
 * Longhorn's version, read from the cluster at plan time, and the plan's failure when it is too old for what the
 * config asks: `data.kubernetes_resource.longhorn_version` reads the Setting `current-longhorn-version` (longhorn-manager
 * types/setting.go, Longhorn 1.3+; its `value` is the manager's version, e.g. `v1.9.1`) with one `postcondition` per
 * need. A data source without unknown arguments is read during `plan`, so a failed postcondition stops the plan with
 * its one line before anything is applied. (A `check` block would only warn: its failures do not stop the plan.)
 *
 * Needs, each with its upstream evidence:
 * - backups: Longhorn copies a PVC's recurring-job labels to its volume from 1.5.0 on (controller/volume_controller.go
 *   syncPVCRecurringJobLabels, added in 1.5.0); on 1.3 and 1.4 the RecurringJobs apply and select no home volume.
 * - accessMode ReadWriteOncePod: Longhorn's CSI driver takes SINGLE_NODE_SINGLE_WRITER from 1.11.0 on
 *   (csi/controller_server.go); before, provisioning fails ("access mode ... is not supported") and the claim stays
 *   Pending.
 */
import { Construct } from "constructs";
import { DataKubernetesResource } from "@cdktf/provider-kubernetes/lib/data-kubernetes-resource";

/** The Setting that holds the running Longhorn's version. */
export const LONGHORN_VERSION_SETTING = "current-longhorn-version";

/** One reason the stack needs at least some Longhorn version. */
export interface LonghornNeed {
  /** The lowest version that does it, `<major>.<minor>`. */
  readonly minimum: `${number}.${number}`;
  /** What in the config needs it, e.g. `backups.enabled`. */
  readonly setting: string;
  /** What goes wrong below the minimum. */
  readonly because: string;
  /** The way out besides upgrading Longhorn. */
  readonly orElse: string;
}

/** Longhorn's own needs of devpod's features. */
export const LONGHORN_NEEDS = {
  backups: {
    minimum: "1.5",
    setting: "backups.enabled",
    because: "Longhorn copies a claim's recurring-job labels to its volume only from 1.5 on, so the RecurringJobs would back up no home",
    orElse: "set backups.enabled to false",
  },
  readWriteOncePod: {
    minimum: "1.11",
    setting: "accessMode ReadWriteOncePod",
    because: "Longhorn's CSI driver provisions ReadWriteOncePod volumes only from 1.11 on, so every new home claim would stay Pending",
    orElse: "use accessMode ReadWriteOnce",
  },
} as const satisfies Record<string, LonghornNeed>;

/** Props of {@link LonghornVersion}. */
export interface LonghornVersionProps {
  /** The namespace Longhorn runs in. @default - none, required */
  readonly namespace: string;
  /** What the stack needs of Longhorn; one postcondition each. @default - none, required */
  readonly needs: readonly LonghornNeed[];
}

/** The version as Terraform reads it from the data source (`self` inside its own postcondition). */
export const VERSION_EXPRESSION = "self.object.value";

/** `[major, minor]` of a version string such as `v1.9.1`, as a Terraform expression over `value`. */
const part = (value: string, n: 0 | 1) => `tonumber(regex("^v?([0-9]+)[.]([0-9]+)", ${value})[${n}])`;

/**
 * The Terraform condition `value` (an expression) >= `minimum`: true for `v1.5.0`, `1.5.2`, `v1.13.0-dev`, `v2.0.0`;
 * false for `v1.4.4`, and for a value that names no version (null, `master-head`): the plan stops rather than guess.
 */
export function versionAtLeast(value: string, minimum: LonghornNeed["minimum"]): string {
  const [major, minor] = minimum.split(".").map(Number);
  return `\${try(${part(value, 0)} > ${major} || (${part(value, 0)} == ${major} && ${part(value, 1)} >= ${minor}), false)}`;
}

/** The one-line failure of a need, naming the version found (or its absence) and both ways out. */
export function versionMessage(value: string, namespace: string, need: LonghornNeed): string {
  return `Longhorn \${coalesce(try(${value}, null), "(no ${LONGHORN_VERSION_SETTING} setting)")} in namespace ${namespace} is older than ` +
    `${need.minimum}, which ${need.setting} needs: ${need.because}; fix: upgrade Longhorn to ${need.minimum} or later, or ${need.orElse}.`;
}

/** `data.kubernetes_resource.longhorn_version`, with a postcondition per need. */
export class LonghornVersion extends Construct {
  /** The data source. */
  readonly setting: DataKubernetesResource;

  constructor(scope: Construct, id: string, props: LonghornVersionProps) {
    super(scope, id);
    this.setting = new DataKubernetesResource(this, "setting", {
      apiVersion: "longhorn.io/v1beta2",
      kind: "Setting",
      metadata: { name: LONGHORN_VERSION_SETTING, namespace: props.namespace },
      lifecycle: {
        postcondition: props.needs.map((need) => ({
          condition: versionAtLeast(VERSION_EXPRESSION, need.minimum),
          errorMessage: versionMessage(VERSION_EXPRESSION, props.namespace, need),
        })),
      },
    });
    this.setting.overrideLogicalId("longhorn_version");
  }
}
