// The template's settings in Coder (owned by the stack or left to the UI) and the import blocks that adopt what exists.
import * as fs from "fs";
import * as path from "path";
import { resolveConfig } from "../../lib/config/config";
import { TEMPLATE_SETTING_NAMES, templateAttribute } from "../../lib/config/template-settings";
import { Tf, synthPlatform } from "../helpers";

const template = (devpod: unknown = {}): Tf => synthPlatform(devpod).tf.resource.coderd_template.devpod;
const withTemplate = (settings: unknown) => ({ platform: { template: settings } });

// coderd v0.0.23's static defaults (internal/provider/template_resource.go), written out independently of the code's
// table: an attribute the stack left out would be reset to these at every deploy.
const CODERD_DEFAULTS = {
  icon: "",
  default_ttl_ms: 0,
  activity_bump_ms: 3600000,
  auto_stop_requirement: { days_of_week: [], weeks: 1 },
  auto_start_permitted_days_of_week: ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"],
  allow_user_cancel_workspace_jobs: true,
  allow_user_auto_start: true,
  allow_user_auto_stop: true,
  failure_ttl_ms: 0,
  time_til_dormant_ms: 0,
  time_til_dormant_autodelete_ms: 0,
  require_active_version: false,
  deprecation_message: "",
};

describe("template settings", () => {
  test("every attribute coderd resets to a static default is written out, with Coder's default (the icon is the README's)", () => {
    const t = template();
    for (const [attribute, coderd] of Object.entries(CODERD_DEFAULTS)) {
      expect({ attribute, value: t[attribute] }).toEqual({ attribute, value: attribute === "icon" ? "/icon/k8s.png" : coderd });
    }
    expect(t.display_name).toBe("Kubernetes with Docker (devpod)");
    expect(t.description).toMatch(/^Kubernetes workspaces with a persistent Longhorn home/);
    expect(t.lifecycle).toBeUndefined();
  });

  test("every setting maps to a coderd_template attribute of the vendored provider schema, and covers every static default", () => {
    const schema = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "lib", "providers", "gen", "coderd-provider-schema-v0.0.23.json"), "utf8"));
    const attributes = Object.keys((Object.values(schema.provider_schemas)[0] as Tf).resource_schemas.coderd_template.block.attributes);
    const mapped = TEMPLATE_SETTING_NAMES.map(templateAttribute);
    expect(mapped.filter((a) => !attributes.includes(a))).toEqual([]);
    expect(mapped.sort()).toEqual(Object.keys(CODERD_DEFAULTS).concat("display_name", "description").sort());
  });

  test("configured values reach the resource", () => {
    const t = template(
      withTemplate({
        icon: "https://example.com/devpod.svg",
        defaultTtlMs: 8 * 3600000,
        activityBumpMs: 0,
        autoStopRequirement: { daysOfWeek: ["saturday"], weeks: 2 },
        autoStartPermittedDaysOfWeek: ["monday", "friday"],
        allowUserAutoStop: false,
        timeTilDormantMs: 60000,
        requireActiveVersion: true,
        deprecationMessage: "use devpod-v2",
      }),
    );
    expect(t).toMatchObject({
      icon: "https://example.com/devpod.svg",
      default_ttl_ms: 28800000,
      activity_bump_ms: 0,
      auto_stop_requirement: { days_of_week: ["saturday"], weeks: 2 },
      auto_start_permitted_days_of_week: ["monday", "friday"],
      allow_user_auto_stop: false,
      allow_user_auto_start: true,
      time_til_dormant_ms: 60000,
      require_active_version: true,
      deprecation_message: "use devpod-v2",
    });
  });

  test("a setting left to the UI is not written and its changes are ignored; the others stay owned", () => {
    const t = template(withTemplate({ managedInUi: ["defaultTtlMs", "autoStopRequirement", "icon"] }));
    expect(t.lifecycle).toEqual({ ignore_changes: ["default_ttl_ms", "auto_stop_requirement", "icon"] });
    expect(t).not.toHaveProperty("default_ttl_ms");
    expect(t).not.toHaveProperty("auto_stop_requirement");
    expect(t).not.toHaveProperty("icon");
    expect(t.activity_bump_ms).toBe(3600000);
    // The versions are never the UI's: the stack publishes the active version.
    expect(t.versions[0].active).toBe(true);
  });

  test("bad settings fail naming key, value and fix", () => {
    const bad = (settings: unknown) => () => resolveConfig(withTemplate(settings));
    expect(bad({ defaultTtlMs: -1 })).toThrow(
      'platform.template.defaultTtlMs = -1 is invalid: it must be a whole number of at least 0; fix: use e.g. 0',
    );
    expect(bad({ failureTtlMs: 59999 })).toThrow(/platform\.template\.failureTtlMs = 59999 is invalid: it must be 0 \(off\) or at least 60000 ms/);
    expect(bad({ autoStopRequirement: { weeks: 17 } })).toThrow(/platform\.template\.autoStopRequirement\.weeks = 17 is invalid: it must be a whole number from 1 to 16/);
    expect(bad({ autoStartPermittedDaysOfWeek: ["Monday"] })).toThrow(/autoStartPermittedDaysOfWeek = \["Monday"\] is invalid: it must be a list of distinct days/);
    expect(bad({ autoStopRequirement: { daysOfWeek: ["sunday", "sunday"] } })).toThrow(/must be a list of distinct days/);
    expect(bad({ icon: "k8s.png" })).toThrow(/platform\.template\.icon = "k8s.png" is invalid: it must be a path on the Coder server/);
    expect(bad({ displayName: " devpod" })).toThrow(/platform\.template\.displayName = " devpod" is invalid/);
    expect(bad({ description: "x".repeat(128) })).toThrow(/platform\.template\.description = "x{128}" is invalid: it must be one line of at most 127 characters/);
    expect(bad({ requireActiveVersion: "yes" })).toThrow(/requireActiveVersion = "yes" is invalid: it must be true or false/);
    expect(bad({ ttl: 1 })).toThrow(/unknown key 'platform\.template\.ttl'/);
    expect(bad({ managedInUi: ["versions"] })).toThrow(
      /platform\.template\.managedInUi = \["versions"\] is invalid: it names "versions", which is not a template setting/,
    );
    expect(bad({ managedInUi: ["icon"], icon: "/icon/docker.png" })).toThrow(
      'platform.template.managedInUi = ["icon"] is invalid: it lists icon, which platform.template.icon also sets: a setting is owned by the stack or by the UI, not both; fix: remove platform.template.icon or take it out of managedInUi',
    );
    expect(bad({ managedInUi: ["icon", "icon"] })).toThrow(/must be a list of distinct setting names/);
  });
});

describe("one organization for create, update and import (platform.organization)", () => {
  test("default: the deployment's default organization, read with is_default (by name, `default` fails the data source's check)", () => {
    const tf = synthPlatform().tf;
    expect(tf.data.coderd_organization.devpod).toEqual({ is_default: true });
    expect(tf.resource.coderd_template.devpod.organization_id).toBe("${data.coderd_organization.devpod.id}");
  });

  test("a named organization is read by name, and the template, its updates and its import all use it", () => {
    const tf = synthPlatform({ platform: { organization: "platform-eng", import: { template: true } } }).tf;
    expect(tf.data.coderd_organization.devpod).toEqual({ name: "platform-eng" });
    expect(tf.resource.coderd_template.devpod.organization_id).toBe("${data.coderd_organization.devpod.id}");
    expect(tf.import[0].id).toBe("platform-eng/devpod");
  });

  test("the platform stack requires Terraform 1.5 (import blocks; older versions cannot parse them)", () => {
    expect(synthPlatform().tf.terraform.required_version).toBe(">= 1.5");
  });
});

describe("import blocks (adopting what exists)", () => {
  test("none by default: a first deploy creates the template and the namespace", () => {
    expect(synthPlatform().tf.import).toBeUndefined();
  });

  test("the template is imported as <organization>/<name>, coderd's importer's form", () => {
    const tf = synthPlatform({ platform: { templateName: "team-pod", import: { template: true } } }).tf;
    expect(tf.import).toEqual([{ to: "coderd_template.devpod", id: "default/team-pod" }]);
    const other = synthPlatform({ platform: { organization: "platform-eng", import: { template: true } } }).tf;
    expect(other.import).toEqual([{ to: "coderd_template.devpod", id: "platform-eng/devpod" }]);
  });

  test("the namespace is imported by its name, into the address the stack manages", () => {
    const tf = synthPlatform({ namespace: "ws-prod", platform: { import: { namespace: true } } }).tf;
    expect(tf.import).toEqual([{ to: "kubernetes_namespace_v1.workspaces", id: "ws-prod" }]);
    expect(tf.resource.kubernetes_namespace_v1.workspaces.metadata.name).toBe("ws-prod");
  });

  test("both at once, each to an address that exists in the stack", () => {
    const tf = synthPlatform({ platform: { import: { template: true, namespace: true } } }).tf;
    expect(tf.import).toHaveLength(2);
    for (const block of tf.import as { to: string }[]) {
      const [type, name] = block.to.split(".");
      expect(tf.resource[type][name]).toBeDefined();
    }
  });

  test("bad import settings fail naming the key", () => {
    expect(() => resolveConfig({ platform: { import: { template: "yes" } } })).toThrow(/platform\.import\.template = "yes" is invalid: it must be true or false/);
    expect(() => resolveConfig({ platform: { organization: "Eng Team" } })).toThrow(/platform\.organization = "Eng Team" is invalid/);
    expect(() => resolveConfig({ platform: { import: { organization: "eng" } } })).toThrow(/unknown key 'platform\.import\.organization'/);
    expect(() => resolveConfig({ platform: { import: { org: "x" } } })).toThrow(/unknown key 'platform\.import\.org'/);
  });
});

test("platform.state.secretSuffix refuses a trailing '-<number>', as Terraform's kubernetes backend does", () => {
  const suffix = (secretSuffix: string) => () => resolveConfig({ platform: { state: { secretSuffix } } });
  expect(suffix("devpod-2")).toThrow(
    "platform.state.secretSuffix = \"devpod-2\" is invalid: it must not end with '-<number>' (Terraform's kubernetes backend refuses it: it numbers the Secrets of a large state that way); fix: use e.g. devpod",
  );
  expect(suffix("state-0042")).toThrow(/must not end with '-<number>'/);
  for (const ok of ["devpod2", "devpod-v2", "2-devpod", "devpod-2x"]) expect(suffix(ok)).not.toThrow();
});
