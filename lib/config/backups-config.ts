/**
 * The `backups` section of the devpod config (cdktf.json → context.devpod.backups): Longhorn recurring jobs for the
 * home volumes. Off by default. Validated like the rest: an unknown key or a bad value throws one
 * {@link DevpodConfigError} naming the key (`backups.backup.retain`), the value and the fix. Longhorn's own rules are
 * read from longhorn/longhorn-manager (datastore/longhorn.go ValidateRecurringJob, util/util.go ValidateString,
 * webhook/resources/recurringjob/mutator.go), so that a value Longhorn would reject or rewrite stops synth instead.
 */
import { invalidConfigValue } from "./errors";
import { bool, int, section } from "./config-fields";

/** One recurring job's schedule. */
export interface RecurringJobConfig {
  /**
   * When it runs: a 5-field cron expression or a descriptor such as @daily (Longhorn's cron.ParseStandard). Longhorn's
   * CronJobs set no time zone: the kube-controller-manager's zone applies, not necessarily UTC.
   */
  readonly cron: string;
  /** Snapshots or backups kept per volume (snapshot and backup jobs only). */
  readonly retain: number;
  /** Volumes processed at the same time by one run. */
  readonly concurrency: number;
}

/**
 * The group the Docker volume joins: no job of devpod's is in it. It keeps the volume out of Longhorn's `default`
 * group, whose jobs (if a cluster has any) would otherwise snapshot and back up Docker's churn.
 */
export const DOCKER_VOLUME_GROUP = "devpod-no-backup";

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
  /**
   * Label the home claims and create the recurring jobs (platform stack). An existing workspace's claim gets the label
   * at its next update, not at a start or stop, which keep the workspace's version (docs/backups.md). @default false
   */
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
/**
 * A group that is also a DNS label, so `<group>-<task>` is a valid RecurringJob name and a label key's name part, of at
 * least 2 characters (Longhorn's util.ValidateString, `^[a-zA-Z0-9][a-zA-Z0-9_.-]+$`, refuses a one-character group).
 */
const GROUP_RE = /^[a-z0-9][-a-z0-9]*[a-z0-9]$/;
const DNS_LABEL_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const CRON_DESCRIPTORS = ["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"];
const PREFIX = "backups";

/** Merges `raw` (context.devpod.backups, may be undefined) over {@link BACKUPS_DEFAULTS} and validates it. */
export function resolveBackupsConfig(raw: unknown): BackupsConfig {
  const input = section(raw, PREFIX, ["enabled", "group", "namespace", ...Object.keys(BACKUP_TASKS)]);
  const enabled = bool(input, `${PREFIX}.enabled`, BACKUPS_DEFAULTS.enabled);
  const group = input.group ?? BACKUPS_DEFAULTS.group;
  const groupMax = JOB_NAME_MAX - LONGEST_SUFFIX;
  if (typeof group !== "string" || !GROUP_RE.test(group) || group.length > groupMax) {
    throw invalidConfigValue(`${PREFIX}.group`, group, `must be lower-case letters, digits and '-', 2 to ${groupMax} characters (Longhorn refuses a one-character group; the jobs are named <group>-<task>, and Longhorn cuts names at ${JOB_NAME_MAX})`, `use e.g. ${BACKUPS_DEFAULTS.group}`);
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
  const problem = typeof cron === "string" ? cronProblem(cron) : "it is not a string";
  if (problem) {
    throw invalidConfigValue(
      `${name}.cron`,
      cron,
      `must be a cron expression of 5 fields (minute hour day-of-month month day-of-week, in the kube-controller-manager's time zone) or a descriptor such as @daily, as Longhorn's parser reads it (here: ${problem})`,
      `use e.g. "${defaults.cron}"`,
    );
  }
  return {
    cron: cron as string,
    retain: retainless ? 0 : int(input, `${name}.retain`, defaults.retain, ...BACKUP_RANGES.retain),
    concurrency: int(input, `${name}.concurrency`, defaults.concurrency, ...BACKUP_RANGES.concurrency),
  };
}

/** A cron field's bounds and names, as robfig/cron v1.2.0 (spec.go) has them. */
interface CronField {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: Record<string, number>;
}
const MONTH_NAMES = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const DAY_NAMES = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
const CRON_FIELDS: readonly CronField[] = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day-of-month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12, names: Object.fromEntries(MONTH_NAMES.map((n, i) => [n, i + 1])) },
  { name: "day-of-week", min: 0, max: 6, names: Object.fromEntries(DAY_NAMES.map((n, i) => [n, i])) },
];

/**
 * What is wrong with `cron` for Longhorn, or undefined: a port of robfig/cron v1.2.0 `ParseStandard` (parser.go
 * `getRange`), which Longhorn's RecurringJob validation runs (longhorn-manager datastore/longhorn.go
 * ValidateRecurringJob); Kubernetes checks the CronJob Longhorn makes from it with robfig/cron/v3, whose ranges are the
 * same. Five fields or a descriptor; every value inside its field's bounds, no range that ends before it starts, no
 * step of 0. A list entry that names nothing (`1,,2` aside) is refused too: robfig accepts it and never runs the job.
 */
export function cronProblem(cron: string): string | undefined {
  if (cron.startsWith("@")) {
    return CRON_DESCRIPTORS.includes(cron) || /^@every [0-9]+[hms]$/.test(cron) ? undefined : `it is not a descriptor (${CRON_DESCRIPTORS.join(", ")}, @every <n>h|m|s)`;
  }
  const fields = cron.split(/\s+/).filter((f) => f !== "");
  if (fields.length !== 5) return `it has ${fields.length} field${fields.length === 1 ? "" : "s"}, not 5 (Longhorn's parser takes no seconds field)`;
  for (const [n, field] of fields.entries()) {
    const bounds = CRON_FIELDS[n];
    const ranges = field.split(",").filter((r) => r !== "");
    if (ranges.length === 0) return `its ${bounds.name} field "${field}" names no value`;
    for (const expr of ranges) {
      const problem = cronRangeProblem(expr, bounds);
      if (problem) return `its ${bounds.name} field "${field}": ${problem}`;
    }
  }
  return undefined;
}

/** robfig/cron v1.2.0 getRange: `number | number "-" number [ "/" number ]`, `*` or `?` for the whole range. */
function cronRangeProblem(expr: string, bounds: CronField): string | undefined {
  const rangeAndStep = expr.split("/");
  const lowAndHigh = rangeAndStep[0].split("-");
  const int = (text: string, names?: Record<string, number>): number | string => {
    if (names && names[text.toLowerCase()] !== undefined) return names[text.toLowerCase()];
    // Go's strconv.Atoi: optional sign, decimal digits.
    if (!/^[+-]?[0-9]+$/.test(text)) return `"${text}" is not a number${names ? " or a name" : ""}`;
    const value = Number(text);
    return value < 0 ? `${value} is negative` : value;
  };
  let start: number;
  let end: number;
  if (lowAndHigh[0] === "*" || lowAndHigh[0] === "?") {
    [start, end] = [bounds.min, bounds.max];
  } else {
    if (lowAndHigh.length > 2) return "too many hyphens";
    const low = int(lowAndHigh[0], bounds.names);
    if (typeof low === "string") return low;
    const high = lowAndHigh.length === 2 ? int(lowAndHigh[1], bounds.names) : low;
    if (typeof high === "string") return high;
    [start, end] = [low, high];
  }
  let step = 1;
  if (rangeAndStep.length > 2) return "too many slashes";
  if (rangeAndStep.length === 2) {
    const parsed = int(rangeAndStep[1]);
    if (typeof parsed === "string") return parsed;
    step = parsed;
    // "N/step" means "N-max/step".
    if (lowAndHigh.length === 1) end = bounds.max;
  }
  if (start < bounds.min) return `${start} is below ${bounds.min}`;
  if (end > bounds.max) return `${end} is above ${bounds.max}`;
  if (start > end) return `the range starts at ${start}, after its end ${end}`;
  if (step === 0) return "a step of 0";
  return undefined;
}
