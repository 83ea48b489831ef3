// Backups (opt-in): the home claims join Longhorn's recurring-job group of the config, and the platform stack creates
// that group's RecurringJobs. Off by default: the home claim carries only the source label (Longhorn then keeps its
// volume in the `default` group), and the platform stack has no job.
import { resolveConfig } from "../../../lib/config/config";
import { cronProblem, resolveBackupsConfig } from "../../../lib/config/backups-config";
import { RECURRING_JOB_API_VERSION } from "../../../lib/platform/recurring-jobs";
import { Tf, synthDevpod, synthPlatform } from "../../helpers";

const ON = { backups: { enabled: true } };
const jobs = (tf: Tf): Record<string, Tf> => tf.resource.kubernetes_manifest ?? {};
const homeLabels = (devpod: unknown) => synthDevpod(devpod).tf.resource.kubernetes_persistent_volume_claim_v1.home.metadata.labels;
const longhornLabels = (labels: Record<string, string>) =>
  Object.fromEntries(Object.entries(labels).filter(([k]) => k.includes("longhorn.io")));

test("the RecurringJobs match the reviewed snapshot", () => {
  expect(jobs(synthPlatform(ON).tf)).toMatchSnapshot();
});

describe("off (the default)", () => {
  test("the home claim carries only the source label, so Longhorn keeps its volume in the default group; no RecurringJob", () => {
    expect(longhornLabels(homeLabels({}))).toEqual({ "recurring-job.longhorn.io/source": "enabled" });
    expect(longhornLabels(homeLabels({ backups: { enabled: false, group: "homes" } }))).toEqual({ "recurring-job.longhorn.io/source": "enabled" });
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
    expect(RECURRING_JOB_API_VERSION).toBe("longhorn.io/v1beta2");
    const byTask: Record<string, Tf> = Object.fromEntries(manifests.map((m) => [m.spec.task, m]));
    expect(Object.keys(byTask).sort()).toEqual(["backup", "filesystem-trim", "snapshot", "snapshot-cleanup"]);
    for (const [task, m] of Object.entries(byTask)) {
      expect(m).toMatchObject({ apiVersion: "longhorn.io/v1beta2", kind: "RecurringJob", metadata: { namespace: "longhorn-system" } });
      // Named <group>-<task> in metadata and spec (Longhorn's webhook would otherwise set spec.name itself).
      expect([m.metadata.name, m.spec.name, m.spec.groups]).toEqual([`devpod-home-${task}`, `devpod-home-${task}`, ["devpod-home"]]);
      expect(tf.resource.kubernetes_manifest[`longhorn_recurring_job_${task.replace("-", "_")}`].manifest).toBe(m);
    }
  });

  test("the longest job name of the longest group stays within Longhorn's 40 characters (it cuts longer ones)", () => {
    const names = Object.values(jobs(synthPlatform({ backups: { enabled: true, group: "g".repeat(23) } }).tf)).map((j) => j.manifest.metadata.name);
    expect(names).toContain(`${"g".repeat(23)}-snapshot-cleanup`);
    expect(Math.max(...names.map((n) => n.length))).toBe(40);
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
    expect(byTask.snapshot.spec).toMatchObject({ cron: "0 * * * *", retain: 24, concurrency: 2 });
  });

  test("the platform stack reads Longhorn's version and fails the plan below 1.5 (the version that syncs claim labels)", () => {
    const check = tf.data.kubernetes_resource.longhorn_version;
    expect(check).toMatchObject({ api_version: "longhorn.io/v1beta2", kind: "Setting", metadata: { name: "current-longhorn-version", namespace: "longhorn-system" } });
    expect(check.lifecycle.postcondition).toHaveLength(1);
    expect(check.lifecycle.postcondition[0].condition).toContain("== 1 && tonumber(");
    expect(check.lifecycle.postcondition[0].condition).toContain(">= 5)");
    expect(check.lifecycle.postcondition[0].error_message).toContain("which backups.enabled needs");
    expect(synthPlatform({ backups: { enabled: true, namespace: "storage" } }).tf.data.kubernetes_resource.longhorn_version.metadata.namespace).toBe("storage");
    expect(synthPlatform().tf.data?.kubernetes_resource).toBeUndefined();
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
    fails({ backup: { cron: "0 25 * * *" } }, 'backups.backup.cron = "0 25 * * *" is invalid: it must be a cron expression of 5 fields');
    fails({ backup: { cron: "0 25 * * *" } }, '(here: its hour field "25": 25 is above 23); fix: use e.g. "0 2 * * *"');
    fails({ namespace: "Longhorn" }, 'backups.namespace = "Longhorn" is invalid: it must be the namespace Longhorn runs in');
  });

  test("the group: Longhorn's default group and the Docker volumes' empty group are refused; names stay within Longhorn's limit", () => {
    fails({ group: "default" }, "must not be Longhorn's default group");
    fails({ group: "devpod-no-backup" }, "must not be the group that keeps Docker volumes out of every backup");
    fails({ group: "Homes" }, 'backups.group = "Homes" is invalid: it must be lower-case letters, digits and');
    fails({ group: "a".repeat(24) }, "2 to 23 characters");
    expect(resolveBackupsConfig({ group: "a".repeat(23) }).group).toHaveLength(23);
    // Longhorn's util.ValidateString needs at least two characters.
    fails({ group: "h" }, 'backups.group = "h" is invalid: it must be lower-case letters, digits and \'-\', 2 to 23 characters');
    expect(resolveBackupsConfig({ group: "h2" }).group).toBe("h2");
    fails({ group: "homes-" }, 'backups.group = "homes-" is invalid');
  });

  test("unknown keys, including retain on a task that keeps nothing", () => {
    fails({ schedule: "daily" }, "unknown key 'backups.schedule'");
    fails({ filesystemTrim: { retain: 3 } }, "unknown key 'backups.filesystemTrim.retain'");
    expect(() => resolveConfig({ backup: {} })).toThrow("unknown key 'backup'");
  });

  test("the defaults: off, Longhorn's namespace, hourly snapshots kept a day, nightly backups kept two weeks", () => {
    expect(resolveConfig({}).backups).toEqual({
      enabled: false,
      group: "devpod-home",
      namespace: "longhorn-system",
      snapshot: { cron: "0 * * * *", retain: 24, concurrency: 2 },
      backup: { cron: "0 2 * * *", retain: 14, concurrency: 2 },
      snapshotCleanup: { cron: "30 3 * * *", retain: 0, concurrency: 2 },
      filesystemTrim: { cron: "0 4 * * 0", retain: 0, concurrency: 2 },
    });
  });
});

describe("cron values are read as Longhorn's parser reads them (robfig/cron v1.2.0 ParseStandard)", () => {
  test.each([
    ["0 25 * * *", 'its hour field "25": 25 is above 23'],
    ["61 * * * *", 'its minute field "61": 61 is above 59'],
    ["60 * * * *", 'its minute field "60": 60 is above 59'],
    ["0 24 * * *", 'its hour field "24": 24 is above 23'],
    ["*/0 * * * *", 'its minute field "*/0": a step of 0'],
    ["0 2 32 13 *", 'its day-of-month field "32": 32 is above 31'],
    ["0 2 1 13 *", 'its month field "13": 13 is above 12'],
    ["0 2 0 * *", 'its day-of-month field "0": 0 is below 1'],
    ["0 0 * * 7", 'its day-of-week field "7": 7 is above 6'],
    ["0 4-3 * * *", 'its hour field "4-3": the range starts at 4, after its end 3'],
    ["0 -5 * * *", 'its hour field "-5": "" is not a number'],
    ["0 1-2-3 * * *", 'its hour field "1-2-3": too many hyphens'],
    ["0 */2/3 * * *", 'its hour field "*/2/3": too many slashes'],
    ["0 x * * *", 'its hour field "x": "x" is not a number'],
    ["0 2 * foo *", 'its month field "foo": "foo" is not a number or a name'],
    ["0 , * * *", 'its hour field "," names no value'],
    ["0 0 2 * * *", "it has 6 fields, not 5 (Longhorn's parser takes no seconds field)"],
    ["0 2 * *", "it has 4 fields, not 5"],
    ["@fortnightly", "it is not a descriptor"],
  ])("%s is refused: %s", (cron, problem) => {
    expect(cronProblem(cron)).toContain(problem);
    expect(() => resolveBackupsConfig({ backup: { cron } })).toThrow(`backups.backup.cron = ${JSON.stringify(cron)} is invalid`);
  });

  test.each([
    "0 2 * * *", "59 23 31 12 6", "0 0 1 1 0", "0 10-18/4 * * 1-5", "5/15 * * * *", "0 0 * jan-MAR MON-fri", "? * * * ?",
    "0 0 1,15 * *", "@daily", "@midnight", "@every 6h",
  ])("%s is accepted", (cron) => {
    expect(cronProblem(cron)).toBeUndefined();
    expect(resolveBackupsConfig({ backup: { cron } }).backup.cron).toBe(cron);
  });
});
