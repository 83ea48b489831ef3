/**
 * The Longhorn RecurringJobs of the backup group (platform stack, `backups.enabled`): snapshot, backup,
 * snapshot-cleanup and filesystem-trim, each a `kubernetes_manifest` of `longhorn.io/v1beta2` RecurringJob in Longhorn's
 * namespace. The home claims join the group through their labels (lib/template/backups/backup-labels.ts); the jobs run on every
 * volume of the group at their cron times.
 *
 * Needs Longhorn installed before `cdktf deploy platform`: kubernetes_manifest reads the CRD's schema from the cluster
 * at plan time ("This resource requires API access during planning time", provider docs/resources/manifest.md), so a
 * cluster without the RecurringJob CRD fails at plan, before anything is applied. The spec sets every field Longhorn's
 * mutating webhook would otherwise fill or rewrite (name, groups, concurrency, retain 0 for the cleanup tasks:
 * longhorn-manager webhook/resources/recurringjob/mutator.go), so the object after apply is what was planned.
 */
import { Construct } from "constructs";
import { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import { PLATFORM_LABELS } from "./platform-labels";
import { BACKUP_TASKS, BackupTaskKey, BackupsConfig } from "../config/backups-config";

/** The pinned API version of Longhorn's RecurringJob (longhorn-manager k8s/pkg/apis/longhorn/v1beta2, Longhorn 1.3+). */
export const RECURRING_JOB_API_VERSION = "longhorn.io/v1beta2";

/** Props of {@link BackupRecurringJobs}. */
export interface BackupRecurringJobsProps {
  /** The backups section of the config. @default - none, required */
  readonly config: BackupsConfig;
}

/** `kubernetes_manifest.longhorn_recurring_job_<task>` for each task of {@link BACKUP_TASKS}. */
export class BackupRecurringJobs extends Construct {
  /** The manifests by config key. */
  readonly jobs: Record<BackupTaskKey, Manifest>;

  constructor(scope: Construct, id: string, props: BackupRecurringJobsProps) {
    super(scope, id);
    const { config } = props;
    const entries = (Object.entries(BACKUP_TASKS) as [BackupTaskKey, string][]).map(([key, task]) => {
      const name = `${config.group}-${task}`;
      const job = config[key];
      const manifest = new Manifest(this, key, {
        manifest: {
          apiVersion: RECURRING_JOB_API_VERSION,
          kind: "RecurringJob",
          metadata: { name, namespace: config.namespace, labels: { ...PLATFORM_LABELS, "app.kubernetes.io/name": "devpod-backups" } },
          spec: { name, groups: [config.group], task, cron: job.cron, retain: job.retain, concurrency: job.concurrency },
        },
      });
      manifest.overrideLogicalId(`longhorn_recurring_job_${task.replace(/-/g, "_")}`);
      return [key, manifest] as const;
    });
    this.jobs = Object.fromEntries(entries) as Record<BackupTaskKey, Manifest>;
  }
}
