// context.devpod.platform: defaults, and bad values that fail naming the key, the value and the fix.
import * as fs from "fs";
import * as path from "path";
import { resolveConfig } from "../lib/config";
import { TEMPLATE_SETTING_DEFAULTS } from "../lib/platform/template-settings";
import { pushArgs } from "../lib/push/push";

const platform = (p: unknown, rest: Record<string, unknown> = {}) => resolveConfig({ ...rest, platform: p });

test("defaults: kubernetes state in Coder's namespace, no StorageClass, Coder's service account", () => {
  expect(resolveConfig({}).platform).toEqual({
    templateName: "devpod",
    template: { ...TEMPLATE_SETTING_DEFAULTS, managedInUi: [] },
    import: { template: false, namespace: false, organization: "default" },
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
    `"devpod config (cdktf.json → context.devpod): unknown key 'platform.storageclass'; fix: remove it or use one of platform.templateName, platform.template, platform.import, platform.provisioner, platform.storageClass, platform.state"`,
  );
  expect(() => platform({ storageClass: { replicas: 3 } })).toThrow(
    /unknown key 'platform\.storageClass\.replicas'; fix: remove it or use one of .*platform\.storageClass\.replicaCount/,
  );
});

test("throws when a section is not an object", () => {
  expect(() => platform("yes")).toThrowErrorMatchingInlineSnapshot(
    `"devpod config (cdktf.json → context.devpod): platform = "yes" is invalid: it must be an object of settings; fix: write "platform": { ... } or leave it out for the defaults"`,
  );
  expect(() => platform({ state: [] })).toThrow(/platform\.state = \[\] is invalid: it must be an object of settings/);
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

describe("README", () => {
  const readme = fs.readFileSync(path.join(__dirname, "..", "README.md"), "utf8");

  test("the platform settings table lists every key with its real default", () => {
    const rows = new Map<string, string>();
    for (const m of readme.matchAll(/^\| `(platform\.[\w.]+)` \| `([^`]*)` \|/gm)) rows.set(m[1], m[2]);
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
