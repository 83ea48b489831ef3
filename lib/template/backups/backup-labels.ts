/**
 * The Longhorn recurring-job labels of the workspace claims. Longhorn copies a PVC's recurring-job labels to its volume
 * only when the PVC carries `recurring-job.longhorn.io/source: enabled` (longhorn-manager controller/volume_controller.go
 * syncPVCRecurringJobLabels; Longhorn 1.5+, longhorn/longhorn#5791), and it puts every volume without such labels in
 * its `default` group (datastore/longhorn.go labelRecurringJobDefault). Labels are metadata: the claim is updated in
 * place, never replaced.
 */
import { BackupsConfig, DOCKER_VOLUME_GROUP } from "../../config/backups-config";

/** The label that makes a PVC the source of its volume's recurring-job labels. */
export const RECURRING_JOB_SOURCE_LABEL = "recurring-job.longhorn.io/source";
/** A PVC's (and volume's) membership in a recurring-job group. */
export const recurringJobGroupLabel = (group: string) => `recurring-job-group.longhorn.io/${group}`;

/**
 * The home claim's labels: the source label always, the backup group's label while backups are on. With the source
 * label and no group label, Longhorn removes every recurring-job label from the volume and puts it in its `default`
 * group, so turning backups off gives the home back to that group. Without the source label Longhorn would ignore the
 * claim, and the volume would stay in the backup group, whose jobs are gone (syncPVCRecurringJobLabels returns early).
 */
export function backupLabels(backups: Pick<BackupsConfig, "enabled" | "group">): Record<string, string> {
  return { [RECURRING_JOB_SOURCE_LABEL]: "enabled", ...(backups.enabled ? { [recurringJobGroupLabel(backups.group)]: "enabled" } : {}) };
}

/** The Docker claim's labels: only the empty group, so no recurring job (devpod's or the default group's) selects it. */
export function dockerVolumeLabels(): Record<string, string> {
  return { [RECURRING_JOB_SOURCE_LABEL]: "enabled", [recurringJobGroupLabel(DOCKER_VOLUME_GROUP)]: "enabled" };
}
