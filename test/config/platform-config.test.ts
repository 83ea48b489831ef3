// context.devpod.platform: defaults, and bad values that fail naming the key, the value and the fix.
import * as fs from "fs";
import * as path from "path";
import { resolveConfig } from "../../lib/config/config";
import { TEMPLATE_SETTING_DEFAULTS } from "../../lib/config/template-settings";
import { pushArgs } from "../../lib/tools/push/push";

const platform = (p: unknown, rest: Record<string, unknown> = {}) => resolveConfig({ ...rest, platform: p });

test("defaults: kubernetes state in Coder's namespace, no StorageClass, Coder's service account", () => {
  expect(resolveConfig({}).platform).toEqual({
    templateName: "devpod",
    organization: "default",
    template: { ...TEMPLATE_SETTING_DEFAULTS, managedInUi: [] },
    import: { template: false, namespace: false },
    provisioner: { serviceAccount: "coder", namespace: "coder" },
    storageClass: {
      enabled: false,
      name: "longhorn-docker",
      replicaCount: 2,
      dataLocality: "best-effort",
      staleReplicaTimeout: 30,
      reclaimPolicy: "Delete",
    },
    state: { backend: "kubernetes", namespace: "coder", secretSuffix: "devpod-platform", path: "terraform.platform.tfstate" },
  });
});

test("the state namespace follows the provisioner's namespace unless set", () => {
  expect(platform({ provisioner: { namespace: "coder-system" } }).platform.state.namespace).toBe("coder-system");
  expect(platform({ provisioner: { namespace: "coder-system" }, state: { namespace: "tf" } }).platform.state.namespace).toBe("tf");
});

test("throws when a platform key is unknown, naming its full path and the known keys", () => {
  expect(() => platform({ storageclass: {} })).toThrowErrorMatchingInlineSnapshot(
    `"devpod config (cdktf.json → context.devpod): unknown key 'platform.storageclass'; fix: did you mean 'platform.storageClass'? remove it or use one of platform.templateName, platform.organization, platform.template, platform.import, platform.provisioner, platform.storageClass, platform.state"`,
  );
  expect(() => platform({ storageClass: { replicas: 3 } })).toThrow(
    /unknown key 'platform\.storageClass\.replicas'; fix: remove it or use one of .*platform\.storageClass\.replicaCount/,
  );
});

test("throws when a section is not an object", () => {
  expect(() => platform("yes")).toThrowErrorMatchingInlineSnapshot(
    `"devpod config (cdktf.json → context.devpod): platform = "yes" is invalid: it must be an object, not a string; fix: write "platform": { ... } or leave it out for the defaults"`,
  );
  expect(() => platform({ state: [] })).toThrow(/platform\.state = \[\] is invalid: it must be an object, not a list/);
});

test("throws on bad names", () => {
  expect(() => platform({ templateName: "Dev Pod" })).toThrowErrorMatchingInlineSnapshot(
    `"devpod config (cdktf.json → context.devpod): platform.templateName = "Dev Pod" is invalid: it must be a lower-case name of letters, digits and '-', at most 32 characters; fix: use e.g. devpod"`,
  );
  expect(() => platform({ provisioner: { serviceAccount: "Coder_SA" } })).toThrow(
    /platform\.provisioner\.serviceAccount = "Coder_SA" is invalid: it must be a ServiceAccount name .*; fix: use the name of Coder's service account/,
  );
  expect(() => platform({ provisioner: { namespace: "a".repeat(64) } })).toThrow(/platform\.provisioner\.namespace = "a{64}" is invalid/);
  expect(() => platform({ state: { secretSuffix: "x_y" } })).toThrow(/platform\.state\.secretSuffix = "x_y" is invalid/);
  expect(() => platform({ storageClass: { name: "Longhorn Docker" } })).toThrow(/platform\.storageClass\.name = "Longhorn Docker" is invalid/);
});

test("throws on bad StorageClass settings", () => {
  expect(() => platform({ storageClass: { replicaCount: 0 } })).toThrowErrorMatchingInlineSnapshot(
    `"devpod config (cdktf.json → context.devpod): platform.storageClass.replicaCount = 0 is invalid: it must be a whole number from 1 to 20; fix: use e.g. 2"`,
  );
  expect(() => platform({ storageClass: { replicaCount: "3" } })).toThrow(/platform\.storageClass\.replicaCount = "3" is invalid/);
  expect(() => platform({ storageClass: { staleReplicaTimeout: 5 } })).toThrow(
    /platform\.storageClass\.staleReplicaTimeout = 5 is invalid: it must be a whole number from 30 to 43200/,
  );
  expect(() => platform({ storageClass: { dataLocality: "local" } })).toThrow(
    /platform\.storageClass\.dataLocality = "local" is invalid: it must be one of disabled, best-effort, strict-local/,
  );
  expect(() => platform({ storageClass: { reclaimPolicy: "delete" } })).toThrow(/platform\.storageClass\.reclaimPolicy = "delete" is invalid/);
  expect(() => platform({ storageClass: { enabled: "true" } })).toThrow(/platform\.storageClass\.enabled = "true" is invalid: it must be true or false/);
  expect(() => platform({ storageClass: { dataLocality: "strict-local" } })).toThrowErrorMatchingInlineSnapshot(
    `"devpod config (cdktf.json → context.devpod): platform.storageClass.dataLocality = "strict-local" is invalid: it needs exactly one replica in Longhorn (replicaCount is 2); fix: use best-effort, or set platform.storageClass.replicaCount to 1"`,
  );
});

test("throws when the enabled StorageClass is not the one the template uses", () => {
  expect(() => platform({ storageClass: { enabled: true } })).toThrowErrorMatchingInlineSnapshot(
    `"devpod config (cdktf.json → context.devpod): storageClass = "longhorn" is invalid: it must name the platform's StorageClass "longhorn-docker" while platform.storageClass.enabled is true; otherwise the workspaces would not use the class the platform creates and proves; fix: set storageClass to "longhorn-docker", or set platform.storageClass.enabled to false"`,
  );
  expect(platform({ storageClass: { enabled: true } }, { storageClass: "longhorn-docker" }).platform.storageClass.enabled).toBe(true);
});

test("throws on a bad state backend or an absolute or escaping local path", () => {
  expect(() => platform({ state: { backend: "s3" } })).toThrow(/platform\.state\.backend = "s3" is invalid: it must be one of kubernetes, local/);
  expect(() => platform({ state: { backend: "local", path: "/var/lib/tf/platform.tfstate" } })).toThrowErrorMatchingInlineSnapshot(
    `"devpod config (cdktf.json → context.devpod): platform.state.path = "/var/lib/tf/platform.tfstate" is invalid: it must be a path relative to the project root, without '..' (an absolute path ties the state to one machine); fix: use e.g. terraform.platform.tfstate"`,
  );
  for (const bad of ["../state.tfstate", "state/../../x", "./x", "a b"]) {
    expect(() => platform({ state: { path: bad } })).toThrow(/platform\.state\.path = .* is invalid/);
  }
  expect(platform({ state: { backend: "local", path: "state/platform.tfstate" } }).platform.state.path).toBe("state/platform.tfstate");
});

describe("README and docs/deploying.md", () => {
  const readme = fs.readFileSync(path.join(__dirname, "..", "..", "README.md"), "utf8");
  const deploying = fs.readFileSync(path.join(__dirname, "..", "..", "docs", "deploying.md"), "utf8");

  test("the platform settings table (docs/deploying.md) lists every key with its real default", () => {
    const rows = new Map<string, string>();
    for (const m of deploying.matchAll(/^\| `(platform\.[\w.]+)` \| `([^`]*)` \|/gm)) rows.set(m[1], m[2]);
    // A list is one setting, shown as JSON.
    const flatten = (value: unknown, at: string): [string, string][] =>
      value && typeof value === "object" && !Array.isArray(value)
        ? Object.entries(value).flatMap(([k, v]) => flatten(v, `${at}.${k}`))
        : [[at, Array.isArray(value) ? JSON.stringify(value) : String(value)]];
    const defaults = flatten(resolveConfig({}).platform, "platform");
    expect([...rows.keys()].sort()).toEqual(defaults.map(([k]) => k).sort());
    for (const [key, value] of defaults) expect({ key, default: rows.get(key) }).toEqual({ key, default: value });
  });

  test("the push command it shows is what npm run push runs with the defaults", () => {
    const block = readme.match(/```sh\n(coder templates push [^`]*)```/);
    expect(block).not.toBeNull();
    const shown = (block as RegExpMatchArray)[1].replace(/\\\n\s*/g, "").trim();
    expect(shown).toBe(`coder ${pushArgs(resolveConfig({})).join(" ")}`);
  });
});

describe("every documented platform limit: the limit is accepted, one past it is refused", () => {
  /** Sets a dotted key under context.devpod.platform (and what else the value needs) and resolves. */
  const at = (key: string, value: unknown, extra: Record<string, unknown> = {}) => {
    const platform: Record<string, any> = {};
    const parts = key.split(".");
    let node = platform;
    for (const part of parts.slice(0, -1)) node = node[part] = {};
    node[parts[parts.length - 1]] = value;
    return () => resolveConfig({ ...extra, platform: { ...platform, ...(extra.platform as object) } });
  };
  // Written out from the settings table (docs/deploying.md) and the rules' sources (Longhorn, Coder, Kubernetes), not from the code.
  const limits: { key: string; ok: unknown; past: unknown; readme?: string; extra?: Record<string, unknown> }[] = [
    { key: "storageClass.replicaCount", ok: 1, past: 0, readme: "1–20" },
    { key: "storageClass.replicaCount", ok: 20, past: 21, readme: "1–20" },
    { key: "storageClass.staleReplicaTimeout", ok: 30, past: 29, readme: "30–43200" },
    { key: "storageClass.staleReplicaTimeout", ok: 43200, past: 43201, readme: "30–43200" },
    { key: "templateName", ok: "a".repeat(32), past: "a".repeat(33), readme: "at most 32" },
    { key: "template.displayName", ok: "D".repeat(64), past: "D".repeat(65), readme: "at most 64" },
    { key: "template.description", ok: "d".repeat(127), past: "d".repeat(128), readme: "at most 127" },
    { key: "template.autoStopRequirement.weeks", ok: 1, past: 0, readme: "1–16" },
    { key: "template.autoStopRequirement.weeks", ok: 16, past: 17, readme: "1–16" },
    { key: "template.defaultTtlMs", ok: 0, past: -1 },
    { key: "template.activityBumpMs", ok: 0, past: -1 },
    ...["failureTtlMs", "timeTilDormantMs", "timeTilDormantAutodeleteMs"].flatMap((k) => [
      { key: `template.${k}`, ok: 60000, past: 59999, readme: "0 or at least 60000" },
      { key: `template.${k}`, ok: 0, past: -1, readme: "0 or at least 60000" },
    ]),
    { key: "organization", ok: "o".repeat(32), past: "o".repeat(33) },
    { key: "provisioner.serviceAccount", ok: "s".repeat(253), past: "s".repeat(254) },
    { key: "provisioner.namespace", ok: "n".repeat(63), past: "n".repeat(64) },
    { key: "storageClass.name", ok: "c".repeat(253), past: "c".repeat(254) },
    { key: "state.namespace", ok: "n".repeat(63), past: "n".repeat(64) },
    { key: "state.secretSuffix", ok: "s".repeat(40), past: "s".repeat(41) },
    { key: "state.path", ok: "p".repeat(255), past: "p".repeat(256) },
  ];

  test.each(limits)("platform.$key: $ok accepted, one past refused", ({ key, ok, past, readme }) => {
    expect(at(key, ok)).not.toThrow();
    expect(at(key, past)).toThrow(`platform.${key} = ${JSON.stringify(past)} is invalid`);
    if (readme) {
      const row = readme_.split("\n").find((l) => l.startsWith(`| \`platform.${key}\` |`));
      expect({ key, row }).toEqual({ key, row: expect.stringContaining(readme) });
    }
  });
  const readme_ = fs.readFileSync(path.join(__dirname, "..", "..", "docs", "deploying.md"), "utf8");
});
