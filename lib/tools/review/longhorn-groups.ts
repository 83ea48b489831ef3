/**
 * What a claim's labels tell Longhorn: which recurring-job groups (and single jobs) its volume is in. Longhorn copies a
 * claim's `recurring-job.longhorn.io/<job>` and `recurring-job-group.longhorn.io/<group>` labels to its volume only
 * while the claim carries `recurring-job.longhorn.io/source: enabled`, removing the volume's others (longhorn-manager
 * controller/volume_controller.go syncPVCRecurringJobLabels, controller/recurring_job_controller.go
 * syncRecurringJobLabelsToTargetResource), and then puts a volume left without any in the `default` group
 * (datastore/longhorn.go FixupRecurringJob, labelRecurringJobDefault). Without the source label Longhorn ignores the
 * claim: the volume keeps whatever groups it has.
 */
import { DOCKER_VOLUME_GROUP } from "../../config/backups-config";
import { RECURRING_JOB_SOURCE_LABEL } from "../../template/backups/backup-labels";
import { Json, isObject } from "./template";

const JOB_PREFIX = "recurring-job.longhorn.io/";
const GROUP_PREFIX = "recurring-job-group.longhorn.io/";
/** Longhorn's group for volumes with no recurring-job label. */
export const DEFAULT_GROUP = "default";

/** A claim's standing with Longhorn's recurring jobs. */
export interface LonghornMembership {
  /** The claim carries the source label: Longhorn follows its labels. */
  readonly synced: boolean;
  /** The groups (`group`) and single jobs (`job:<name>`) the claim's labels name, sorted. */
  readonly named: string[];
  /**
   * The volume's groups once Longhorn has synced: `named`, or `default` when the claim has no recurring-job label at all;
   * undefined when not synced.
   */
  readonly volume?: string[];
}

/** A claim body's labels (metadata as a block list or an object). */
export function claimLabels(body: Json | undefined): Record<string, Json> {
  const b = isObject(body) ? body : {};
  const metadata = Array.isArray(b.metadata) ? b.metadata[0] : b.metadata;
  return isObject(metadata) && isObject(metadata.labels) ? metadata.labels : {};
}

/** Whether a label key is one of Longhorn's recurring-job labels (the source label included). */
export const isRecurringJobLabel = (key: string) => key.startsWith(JOB_PREFIX) || key.startsWith(GROUP_PREFIX);

/** The membership a claim body's labels give its volume. */
export function membershipOf(body: Json | undefined): LonghornMembership {
  const labels = claimLabels(body);
  const synced = labels[RECURRING_JOB_SOURCE_LABEL] === "enabled";
  const keys = Object.keys(labels).filter((k) => k !== RECURRING_JOB_SOURCE_LABEL && isRecurringJobLabel(k));
  // A job selects volumes whose label is `enabled`; any recurring-job label, whatever its value, keeps the volume out of
  // the `default` group (labelRecurringJobDefault counts keys).
  const named = keys
    .filter((k) => labels[k] === "enabled")
    .map((k) => (k.startsWith(GROUP_PREFIX) ? k.slice(GROUP_PREFIX.length) : `job:${k.slice(JOB_PREFIX.length)}`))
    .sort();
  return { synced, named, volume: synced ? (keys.length > 0 ? named : [DEFAULT_GROUP]) : undefined };
}

/** Groups whose jobs back a volume up: any but Longhorn's `default` (the cluster's own) and devpod's empty group. */
export const backupGroups = (groups: readonly string[]) => groups.filter((g) => g !== DEFAULT_GROUP && g !== DOCKER_VOLUME_GROUP);
