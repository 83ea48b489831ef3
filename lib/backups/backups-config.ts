/**
 * The `backups` section of the devpod config (cdktf.json → context.devpod.backups): Longhorn recurring jobs for the
 * home volumes. Off by default. Validated like the rest: an unknown key or a bad value throws one
 * {@link DevpodConfigError} naming the key (`backups.backup.retain`), the value and the fix. Longhorn's own rules are
 * read from longhorn/longhorn-manager (datastore/longhorn.go ValidateRecurringJob, util/util.go ValidateString,
 * webhook/resources/recurringjob/mutator.go), so that a value Longhorn would reject or rewrite stops synth instead.
 */
import { invalidConfigValue } from "../errors";
import { bool, int, section } from "../config-fields";
import { DOCKER_VOLUME_GROUP } from "./backup-labels";

/** One recurring job's schedule. */
export interface RecurringJobConfig {
  /** When it runs: a 5-field cron expression (UTC, Longhorn's cron.ParseStandard) or a descriptor such as @daily. */
  readonly cron: string;
  /** Snapshots or backups kept per volume (snapshot and backup jobs only). */
  readonly retain: number;
  /** Volumes processed at the same time by one run. */
  readonly concurrency: number;
}

/** The tasks devpod schedules, by config key, with Longhorn's task name. */
export const BACKUP_TASKS = {
  snapshot: "snapshot",
  backup: "backup",
  snapshotCleanup: "snapshot-cleanup",
  filesystemTrim: "filesystem-trim",
} as const;
export type BackupTaskKey = keyof typeof BACKUP_TASKS;

/** Tasks that keep nothing: Longhorn's webhook rewrites their retain to 0, so devpod writes 0. */
export const RETAINLESS_TASKS: readonly BackupTaskKey[] = ["snapshotCleanup", "filesystemTrim"];

/** cdktf.json → context.devpod.backups. */
export interface BackupsConfig {
  /** Label the home claims and create the recurring jobs (platform stack). @default false */
  readonly enabled: boolean;
  /** Longhorn recurring-job group the home claims join; the jobs are named `<group>-<task>`. @default "devpod-home" */
  readonly group: string;
  /** Namespace Longhorn runs in (where its RecurringJobs live). @default "longhorn-system" */
  readonly namespace: string;
  /** Snapshots of the home volumes. @default { cron: "0 * * * *", retain: 24, concurrency: 2 } */
  readonly snapshot: RecurringJobConfig;
  /** Backups to the backup target. @default { cron: "0 2 * * *", retain: 14, concurrency: 2 } */
  readonly backup: RecurringJobConfig;
  /** Purges removable and system snapshots. @default { cron: "30 3 * * *", retain: 0, concurrency: 2 } */
  readonly snapshotCleanup: RecurringJobConfig;
  /** Returns the blocks of deleted files to Longhorn. @default { cron: "0 4 * * 0", retain: 0, concurrency: 2 } */
  readonly filesystemTrim: RecurringJobConfig;
}

/** The defaults; {@link resolveBackupsConfig} merges over them. */
export const BACKUPS_DEFAULTS: BackupsConfig = {
  enabled: false,
  group: "devpod-home",
  namespace: "longhorn-system",
  snapshot: { cron: "0 * * * *", retain: 24, concurrency: 2 },
  backup: { cron: "0 2 * * *", retain: 14, concurrency: 2 },
  snapshotCleanup: { cron: "30 3 * * *", retain: 0, concurrency: 2 },
  filesystemTrim: { cron: "0 4 * * 0", retain: 0, concurrency: 2 },
};

/** Inclusive ranges: retain up to Longhorn's default `recurring-job-max-retention` (100). */
export const BACKUP_RANGES = { retain: [1, 100], concurrency: [1, 100] } as const;

/** Longhorn's RecurringJob name limit (datastore.NameMaximumLength); longer names are cut by its webhook. */
const JOB_NAME_MAX = 40;
const LONGEST_SUFFIX = Math.max(...Object.values(BACKUP_TASKS).map((t) => t.length + 1));
/** A group that is also a DNS label, so `<group>-<task>` is a valid RecurringJob name and a label key's name part. */
const GROUP_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_LABEL_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const CRON_FIELD_RE = /^[0-9A-Za-z*?/,-]+$/;
const CRON_DESCRIPTORS = ["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"];
const PREFIX = "backups";

/** Merges `raw` (context.devpod.backups, may be undefined) over {@link BACKUPS_DEFAULTS} and validates it. */
export function resolveBackupsConfig(raw: unknown): BackupsConfig {
  const input = section(raw, PREFIX, ["enabled", "group", "namespace", ...Object.keys(BACKUP_TASKS)]);
  const enabled = bool(input, `${PREFIX}.enabled`, BACKUPS_DEFAULTS.enabled);
  const group = input.group ?? BACKUPS_DEFAULTS.group;
  const groupMax = JOB_NAME_MAX - LONGEST_SUFFIX;
  if (typeof group !== "string" || !GROUP_RE.test(group) || group.length > groupMax) {
    throw invalidConfigValue(`${PREFIX}.group`, group, `must be lower-case letters, digits and '-', at most ${groupMax} characters (the jobs are named <group>-<task>, and Longhorn cuts names at ${JOB_NAME_MAX})`, `use e.g. ${BACKUPS_DEFAULTS.group}`);
  }
  if (group === "default" || group === DOCKER_VOLUME_GROUP) {
    throw invalidConfigValue(
      `${PREFIX}.group`,
      group,
      group === "default"
        ? "must not be Longhorn's default group: Longhorn puts every volume without recurring-job labels in it"
        : "must not be the group that keeps Docker volumes out of every backup",
      `use e.g. ${BACKUPS_DEFAULTS.group}`,
    );
  }
  const namespace = input.namespace ?? BACKUPS_DEFAULTS.namespace;
  if (typeof namespace !== "string" || !DNS_LABEL_RE.test(namespace) || namespace.length > 63) {
    throw invalidConfigValue(`${PREFIX}.namespace`, namespace, "must be the namespace Longhorn runs in (a DNS-1123 label)", "use e.g. longhorn-system");
  }
  const jobs = Object.fromEntries(
    (Object.keys(BACKUP_TASKS) as BackupTaskKey[]).map((key) => [key, job(input[key], key)]),
  ) as Record<BackupTaskKey, RecurringJobConfig>;
  return { enabled, group, namespace, ...jobs };
}

function job(raw: unknown, key: BackupTaskKey): RecurringJobConfig {
  const name = `${PREFIX}.${key}`;
  const retainless = RETAINLESS_TASKS.includes(key);
  const input = section(raw, name, retainless ? ["cron", "concurrency"] : ["cron", "retain", "concurrency"]);
  const defaults = BACKUPS_DEFAULTS[key];
  const cron = input.cron ?? defaults.cron;
  if (typeof cron !== "string" || !validCron(cron)) {
    throw invalidConfigValue(`${name}.cron`, cron, "must be a cron expression of 5 fields (minute hour day-of-month month day-of-week, in UTC) or a descriptor such as @daily", `use e.g. "${defaults.cron}"`);
  }
  return {
    cron,
    retain: retainless ? 0 : int(input, `${name}.retain`, defaults.retain, ...BACKUP_RANGES.retain),
    concurrency: int(input, `${name}.concurrency`, defaults.concurrency, ...BACKUP_RANGES.concurrency),
  };
}

/** What robfig/cron's ParseStandard (Longhorn's parser) accepts, in shape: 5 fields or a descriptor. */
function validCron(cron: string): boolean {
  if (CRON_DESCRIPTORS.includes(cron) || /^@every [0-9]+[hms]$/.test(cron)) return true;
  const fields = cron.trim().split(/\s+/);
  return fields.length === 5 && fields.every((f) => CRON_FIELD_RE.test(f));
}
