// Backups (opt-in): the home claims carry Longhorn's recurring-job labels of one group, and the platform stack creates
// that group's RecurringJobs. Off by default: no label, no job, today's template.
import { resolveConfig } from "../lib/config";
import { BACKUPS_DEFAULTS, resolveBackupsConfig } from "../lib/backups/backups-config";
import { RECURRING_JOB_API_VERSION } from "../lib/backups/recurring-jobs";
import { Tf, synthDevpod, synthPlatform } from "./helpers";

const ON = { backups: { enabled: true } };
const jobs = (tf: Tf): Record<string, Tf> => tf.resource.kubernetes_manifest ?? {};
const homeLabels = (devpod: unknown) => synthDevpod(devpod).tf.resource.kubernetes_persistent_volume_claim_v1.home.metadata.labels;
const longhornLabels = (labels: Record<string, string>) =>
  Object.fromEntries(Object.entries(labels).filter(([k]) => k.includes("longhorn.io")));

test("the RecurringJobs match the reviewed snapshot", () => {
  expect(jobs(synthPlatform(ON).tf)).toMatchSnapshot();
});

describe("off (the default)", () => {
  test("no Longhorn label on the home claim and no RecurringJob in the platform stack", () => {
    expect(longhornLabels(homeLabels({}))).toEqual({});
    expect(jobs(synthPlatform().tf)).toEqual({});
  });
});

describe("on", () => {
  const tf = synthPlatform(ON).tf;
  const manifests = Object.values(jobs(tf)).map((j) => j.manifest);

  test("the home claim joins the group: the source label (or Longhorn ignores the PVC's labels) and the group label", () => {
    expect(longhornLabels(homeLabels(ON))).toEqual({
      "recurring-job.longhorn.io/source": "enabled",
      "recurring-job-group.longhorn.io/devpod-home": "enabled",
    });
  });

  test("four RecurringJobs of that group, one per task, as longhorn.io/v1beta2 manifests in Longhorn's namespace", () => {
    expect(Object.keys(jobs(tf)).sort()).toEqual([
      "longhorn_recurring_job_backup",
      "longhorn_recurring_job_filesystem_trim",
      "longhorn_recurring_job_snapshot",
      "longhorn_recurring_job_snapshot_cleanup",
    ]);
    const labels = longhornLabels(homeLabels(ON));
    for (const m of manifests) {
      expect(m).toMatchObject({ apiVersion: RECURRING_JOB_API_VERSION, kind: "RecurringJob", metadata: { namespace: "longhorn-system" } });
      expect(m.spec.groups).toEqual(["devpod-home"]);
      // The group label on the claim and the job's group are the same word: that is the whole join.
      expect(labels[`recurring-job-group.longhorn.io/${m.spec.groups[0]}`]).toBe("enabled");
      // spec.name as Longhorn's webhook would set it, and within its 40-character limit (longer names are cut).
      expect(m.spec.name).toBe(m.metadata.name);
      expect(m.metadata.name.length).toBeLessThanOrEqual(40);
    }
    expect(manifests.map((m) => m.spec.task).sort()).toEqual(["backup", "filesystem-trim", "snapshot", "snapshot-cleanup"]);
  });

  test("cron, retain and concurrency come from the config; the cleanup tasks keep nothing (retain 0, as Longhorn rewrites it)", () => {
    const custom = synthPlatform({
      backups: { enabled: true, group: "homes", namespace: "storage", backup: { cron: "15 1 * * *", retain: 30, concurrency: 5 }, filesystemTrim: { cron: "@weekly" } },
    }).tf;
    const byTask = Object.fromEntries(Object.values(jobs(custom)).map((j) => [j.manifest.spec.task, j.manifest]));
    expect(byTask.backup.spec).toEqual({ name: "homes-backup", groups: ["homes"], task: "backup", cron: "15 1 * * *", retain: 30, concurrency: 5 });
    expect(byTask.backup.metadata.namespace).toBe("storage");
    expect(byTask["filesystem-trim"].spec).toMatchObject({ cron: "@weekly", retain: 0 });
    expect(byTask["snapshot-cleanup"].spec.retain).toBe(0);
    expect(byTask.snapshot.spec).toMatchObject({ cron: BACKUPS_DEFAULTS.snapshot.cron, retain: BACKUPS_DEFAULTS.snapshot.retain });
  });
});

describe("validation: one line naming key, value and fix", () => {
  const fails = (backups: unknown, message: string) => expect(() => resolveConfig({ backups })).toThrow(message);

  test("bad values", () => {
    fails({ enabled: "yes" }, 'backups.enabled = "yes" is invalid: it must be true or false');
    fails({ backup: { retain: 0 } }, "backups.backup.retain = 0 is invalid: it must be a whole number from 1 to 100; fix: use e.g. 14");
    fails({ snapshot: { concurrency: 1.5 } }, "backups.snapshot.concurrency = 1.5 is invalid: it must be a whole number from 1 to 100");
    fails({ snapshot: { cron: "every hour" } }, 'backups.snapshot.cron = "every hour" is invalid: it must be a cron expression of 5 fields');
    fails({ backup: { cron: "0 2 * *" } }, 'backups.backup.cron = "0 2 * *" is invalid');
    fails({ namespace: "Longhorn" }, 'backups.namespace = "Longhorn" is invalid: it must be the namespace Longhorn runs in');
  });

  test("the group: Longhorn's default group and the Docker volumes' empty group are refused; names stay within Longhorn's limit", () => {
    fails({ group: "default" }, "must not be Longhorn's default group");
    fails({ group: "devpod-no-backup" }, "must not be the group that keeps Docker volumes out of every backup");
    fails({ group: "Homes" }, 'backups.group = "Homes" is invalid: it must be lower-case letters, digits and');
    fails({ group: "a".repeat(24) }, "at most 23 characters");
    expect(resolveBackupsConfig({ group: "a".repeat(23) }).group).toHaveLength(23);
  });

  test("unknown keys, including retain on a task that keeps nothing", () => {
    fails({ schedule: "daily" }, "unknown key 'backups.schedule'");
    fails({ filesystemTrim: { retain: 3 } }, "unknown key 'backups.filesystemTrim.retain'");
    expect(() => resolveConfig({ backup: {} })).toThrow("unknown key 'backup'");
  });

  test("the defaults are valid and off", () => {
    expect(resolveConfig({}).backups).toEqual(BACKUPS_DEFAULTS);
    expect(BACKUPS_DEFAULTS.enabled).toBe(false);
  });
});
