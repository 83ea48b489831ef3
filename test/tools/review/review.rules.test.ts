// The classification table, entry by entry: each rule of lib/tools/review/rules.ts has a case here, a real pair of templates
// built from the stack and changed the way a user would, and the test checks that the rule fires with its class.
import * as fs from "fs";
import * as path from "path";
import { TerraformVariable } from "cdktf";
import { ConfigMapV1 } from "@cdktf/provider-kubernetes/lib/config-map-v1";
import { DeploymentV1 } from "@cdktf/provider-kubernetes/lib/deployment-v1";
import { PersistentVolumeClaimV1 } from "@cdktf/provider-kubernetes/lib/persistent-volume-claim-v1";
import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import { Agent } from "../../../lib/providers/gen/providers/coder/agent";
import { DataCoderParameter } from "../../../lib/providers/gen/providers/coder/data-coder-parameter";
import { Script } from "../../../lib/providers/gen/providers/coder/script";
import { DevpodStack } from "../../../lib/template/devpod-stack";
import { STATEFUL } from "../../../lib/tools/review/provider-facts";
import { CLASSES, ChangeClass, RULES, quantity } from "../../../lib/tools/review/rules";
import { Template } from "../../../lib/tools/review/template";
import { samplesOf } from "../../../lib/tools/review/validation-samples";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { RoleV1 } from "@cdktf/provider-kubernetes/lib/role-v1";
import { Template as CoderdTemplate } from "../../../lib/providers/gen/providers/coderd/template";
import { PlatformStack } from "../../../lib/platform/platform-stack";
import {
  PVC_IGNORE_CHANGES, Tweak, ignoring, lockFile, locked, parameter, platformTemplate, reviewPair, template, unguarded, withLogicalId,
} from "./review.helpers";

const PVC = "kubernetes_persistent_volume_claim_v1.home";
const plain = template();

// Objects a case adds to the stack (the template itself has no Secret or ConfigMap).
const secret = (extra: Record<string, unknown> = {}): Tweak => (stack) =>
  new SecretV1(stack, "registry", { metadata: { name: "registry", namespace: "ws" }, data: { token: "a" }, ...extra });
const configMap = (extra: Record<string, unknown> = {}): Tweak => (stack) =>
  new ConfigMapV1(stack, "settings", { metadata: { name: "settings", namespace: "ws" }, data: { a: "1" }, ...extra });
const both = (...tweaks: Tweak[]): Tweak => (stack) => tweaks.forEach((t) => t(stack));
const override = (pick: (s: DevpodStack) => { addOverride(p: string, v: unknown): void }, at: string, value: unknown): Tweak => (stack) =>
  pick(stack).addOverride(at, value);
const claim = (s: DevpodStack) => s.home.claim;
/** The home claim as a template before this one labelled it: no Longhorn label at all (backups off then). */
const withoutLonghornLabels: Tweak = (s) => {
  const labels = { ...s.home.claim.metadata.labelsInput };
  for (const key of Object.keys(labels)) if (key.includes("recurring-job")) delete labels[key];
  s.home.claim.metadata.labels = labels;
};
const deployment = (s: DevpodStack) => s.workspace.deployment;

/** The stack's Terraform variable `name`. */
const variable = (s: DevpodStack, name: string) =>
  s.node.findAll().find((c): c is TerraformVariable => c instanceof TerraformVariable && c.friendlyUniqueId === name)!;
/** A variable `team_namespace` (default "coder-workspaces") validated by `regex`, or by nothing, or by `condition`. */
const validatedBy = (regex: string | undefined, message = "team_namespace is not valid.", condition?: string): Tweak => (s) =>
  new TerraformVariable(s, "team_namespace", {
    type: "string",
    default: "coder-workspaces",
    validation:
      regex === undefined && condition === undefined
        ? undefined
        : [{ condition: condition ?? `\${can(regex(${JSON.stringify(regex)}, var.team_namespace))}`, errorMessage: message }],
  });
const DNS_LABEL = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";
/** A parameter with a regex of its own (the template's parameters are numbers and options). */
const region = (regex: string): Tweak => (s) =>
  new DataCoderParameter(s, "region", { name: "region", default: "eu", mutable: true, validation: { regex, error: "a region" } });

const K8S = "hashicorp/kubernetes";
const pinned = (version: string): Tweak => (s) => s.addOverride("terraform.required_providers.kubernetes.version", version);
/** The constraints the template had before its providers were pinned exactly (~> 2.38.0, ~> 2.17). */
const unpinned: Tweak = (s) => {
  s.addOverride("terraform.required_providers.kubernetes.version", "~> 2.38.0");
  s.addOverride("terraform.required_providers.coder.version", "~> 2.17");
};
const loose = template({}, unpinned);
const platformPlain = platformTemplate();
/** The platform with devpod's own StorageClass. */
const SC = { storageClass: "longhorn-docker", platform: { storageClass: { enabled: true } } };
const withSc = (extra: Record<string, unknown> = {}, tweak?: (s: PlatformStack) => void) =>
  platformTemplate({ ...SC, platform: { storageClass: { enabled: true, ...extra } } }, tweak);
const coderd = (s: PlatformStack) => s.template.template;
/** The platform with backups on (Longhorn RecurringJobs), the backups section merged over `{ enabled: true }`. */
const withBackups = (backups: Record<string, unknown> = {}) => platformTemplate({ backups: { enabled: true, ...backups } });
/** A registry-made lock (h1: for the two linux platforms, zh: for every platform's zip) and a mirror-made one. */
const REGISTRY_HASHES = ["h1:linux-amd64=", "h1:linux-arm64=", "zh:darwin-arm64-zip", "zh:linux-amd64-zip", "zh:linux-arm64-zip"];

/** One case per rule id: [base, head]. */
const CASES: Record<string, () => [Template, Template]> = {
  "stateful-removed": () => [template({}, secret()), plain],
  "stateful-moved-without-block": () => [plain, withLogicalId(PersistentVolumeClaimV1, "home", "home_volume", () => template())],
  "agent-removed": () => [template({}, (s) => new Agent(s, "helper", { os: "linux", arch: "amd64" })), plain],
  "agent-moved": () => [plain, withLogicalId(Agent, "main", "dev", () => template())],
  "deployment-removed": () => [
    template({}, (s) => new DeploymentV1(s, "extra", { metadata: { name: "x" }, spec: { template: { metadata: {}, spec: { container: [{ name: "c", image: "i" }] } } } })),
    plain,
  ],
  "deployment-moved": () => [plain, withLogicalId(DeploymentV1, "main", "workspace", () => template())],
  "parameter-removed": () => [template({}, (s) => new DataCoderParameter(s, "region", { name: "region", default: "eu" })), plain],
  "parameter-added-required": () => [plain, template({}, (s) => new DataCoderParameter(s, "region", { name: "region" }))],
  "variable-removed": () => [template({}, (s) => new TerraformVariable(s, "legacy", { type: "string", default: "x" })), plain],
  "variable-added-required": () => [plain, template({}, (s) => new TerraformVariable(s, "cluster", { type: "string" }))],
  "moved-with-block": () => [
    plain,
    withLogicalId(PersistentVolumeClaimV1, "home", "home_volume", () => template({}, (s) => s.home.claim.moveFromId(PVC))),
  ],
  "data-moved": () => [plain, withLogicalId(DataCoderParameter, "cpu", "cores", () => template())],
  "moved-stateless": () => [plain, withLogicalId(Script, "verify_docker_storage", "verify", () => template())],
  "removed-stateless": () => [template({}, (s) => new Script(s, "motd", { agentId: "x", displayName: "motd", script: "echo hi" })), plain],
  added: () => [plain, template({}, (s) => new Script(s, "motd", { agentId: "x", displayName: "motd", script: "echo hi" }))],
  "ignore-changes-dropped": () => [template({}, ignoring(PVC_IGNORE_CHANGES)), template({}, unguarded)],
  "ignored-by-lifecycle": () => [template({}, ignoring(PVC_IGNORE_CHANGES)), template({ storageClass: "fast" }, ignoring(PVC_IGNORE_CHANGES))],
  lifecycle: () => [template({}, unguarded), template({}, ignoring(["spec[0].storage_class_name"]))],
  "stateful-count": () => [plain, template({}, override(claim, "count", "${data.coder_workspace.me.start_count}"))],
  "stateful-force-new": () => [template({}, unguarded), template({ storageClass: "fast" }, unguarded)],
  "storage-shrink": () => [template({}, override(claim, "spec.resources.requests.storage", "30Gi")), template({}, override(claim, "spec.resources.requests.storage", "20Gi"))],
  "storage-grow": () => [template({}, override(claim, "spec.resources.requests.storage", "30Gi")), template({}, override(claim, "spec.resources.requests.storage", "31Gi"))],
  "immutable-data": () => [template({}, configMap({ immutable: true })), template({}, configMap({ immutable: true, data: { a: "2" } }))],
  "stateful-in-place": () => [template({}, secret()), template({}, secret({ data: { token: "b" } }))],
  "claim-labels": () => [plain, template({ backups: { enabled: true } })],
  "claim-backup-group-left": () => [template({ backups: { enabled: true } }), plain],
  "claim-backup-sync-dropped": () => [template({ backups: { enabled: true } }), template({ backups: { enabled: true } }, withoutLonghornLabels)],
  "docker-volume-added": () => [plain, template({ dockerVolume: "separate" })],
  "deployment-pod-template": () => [plain, template({ homePath: "/home/dev" })],
  "isolation-switch": () => [plain, template({ isolation: "rootless" })],
  "isolation-switch-same-data-root": () => [template({ dockerDataRoot: "/home/coder/.docker" }), template({ dockerDataRoot: "/home/coder/.docker", isolation: "rootless" })],
  // The pod template as it was before it became claim-stable: the owner's name as a pod label.
  "deployment-pod-template-claim": () => [
    plain,
    template({}, override(deployment, "spec.template.metadata.labels.owner", "${data.coder_workspace_owner.me.name}")),
  ],
  "deployment-force-new": () => [plain, template({}, override(deployment, "spec.selector.match_labels.tier", "dev"))],
  "deployment-count": () => [plain, template({}, override(deployment, "count", 1))],
  "deployment-in-place": () => [plain, template({}, override(deployment, "wait_for_rollout", true))],
  "agent-attribute": () => [plain, template({ arch: "arm64" })],
  "script-text": () => [plain, template({}, override((s) => s.verification.script, "script", "#!/bin/sh\necho edited\n"))],
  "script-attribute": () => [plain, template({}, override((s) => s.verification.script, "display_name", "Check Docker storage"))],
  "parameter-renamed": () => [plain, template({}, (s) => (parameter(s, "cpu").name = "cores"))],
  "parameter-immutable": () => [plain, template({}, (s) => (parameter(s, "memory").mutable = false))],
  "parameter-option-removed": () => [plain, template({}, (s) => parameter(s, "cpu").putOption([{ name: "2 Cores", value: "2" }]))],
  "parameter-monotonic-dropped": () => [plain, template({}, (s) => parameter(s, "home_disk_size").putValidation({ min: 10, max: 1000 }))],
  "parameter-min-lowered": () => [
    template({}, (s) => parameter(s, "home_disk_size").putValidation({ min: 10, max: 1000 })),
    template({}, (s) => parameter(s, "home_disk_size").putValidation({ min: 5, max: 1000 })),
  ],
  "parameter-range-narrowed": () => [plain, template({}, (s) => parameter(s, "home_disk_size").putValidation({ min: 10, max: 500, monotonic: "increasing" }))],
  "parameter-type": () => [plain, template({}, (s) => (parameter(s, "cpu").type = "number"))],
  "parameter-other": () => [plain, template({}, (s) => (parameter(s, "cpu").description = "Cores"))],
  "variable-default": () => [plain, template({ namespace: "dev-workspaces" })],
  "variable-default-pod": () => [plain, template({ dindImage: "docker:29.7.3-dind" })],
  "variable-contract": () => [plain, template({}, (s) => variable(s, "namespace").addOverride("type", "any"))],
  "variable-validation-text": () => [template({}, validatedBy(DNS_LABEL)), template({}, validatedBy(DNS_LABEL, "team_namespace: a DNS label."))],
  "variable-validation-loosened": () => [template({}, validatedBy(DNS_LABEL)), template({}, validatedBy("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$"))],
  "parameter-regex-tightened": () => [template({}, region("^[a-z]+$")), template({}, region("^[a-z]{2}$"))],
  "parameter-regex-loosened": () => [template({}, region("^[a-z]+$")), template({}, region("^[a-z-]+$"))],
  "same-value": () => [template({}, override(deployment, "metadata.namespace", "${var.namespace}")), plain],
  "deployment-scale-breaks": () => [plain, template({}, override(deployment, "spec.replicas", "0"))],
  "deployment-scale": () => [template({}, override(deployment, "spec.paused", true)), plain],
  "provider-version": () => [plain, template({}, pinned("~> 3.0"))],
  "provider-version-checked": () => [loose, plain],
  "lock-added": () => [plain, locked(plain, lockFile(K8S, "2.38.0"))],
  "lock-added-unchecked": () => [plain, locked(plain, lockFile(K8S, "2.39.1"))],
  "lock-removed": () => [locked(loose, lockFile(K8S, "2.38.0")), loose],
  "lock-removed-pinned": () => [locked(template({}, pinned("2.38.0")), lockFile(K8S, "2.38.0")), template({}, pinned("2.38.0"))],
  "lock-hashes-removed": () => [locked(plain, lockFile(K8S, "2.38.0")), locked(plain, lockFile(K8S, "2.38.0", ["h1:linux-amd64="]))],
  "lock-hashes-zh-removed": () => [locked(plain, lockFile(K8S, "2.38.0", REGISTRY_HASHES)), locked(plain, lockFile(K8S, "2.38.0"))],
  "lock-other": () => [locked(plain, lockFile(K8S, "2.38.0", ["h1:linux-amd64="])), locked(plain, lockFile(K8S, "2.38.0"))],
  "platform-namespace-removed": () => [platformPlain, withLogicalId(NamespaceV1, "workspaces", "namespace", () => platformTemplate())],
  "platform-namespace-renamed": () => [platformPlain, platformTemplate({ namespace: "dev-workspaces" })],
  "platform-namespace-enforce": () => [platformPlain, platformTemplate({}, (s) => s.namespace.namespace.addOverride("metadata.labels", { ...s.namespace.namespace.metadata.labelsInput, "pod-security.kubernetes.io/enforce": "baseline" }))],
  "platform-rbac-removed": () => [platformPlain, withLogicalId(RoleV1, "provisioner", "role", () => platformTemplate())],
  "platform-role-narrowed": () => [platformPlain, platformTemplate({}, (s) => s.rbac.role.putRule([{ apiGroups: ["apps"], resources: ["deployments"], verbs: ["create", "get", "list", "patch", "update", "watch"] }, { apiGroups: [""], resources: ["persistentvolumeclaims"], verbs: ["*"] }, { apiGroups: [""], resources: ["pods"], verbs: ["get", "list", "watch"] }]))],
  "platform-binding-narrowed": () => [platformPlain, platformTemplate({ platform: { provisioner: { serviceAccount: "coder-provisioner" } } })],
  "platform-storage-class-removed": () => [withSc(), platformTemplate({ storageClass: "longhorn-docker" })],
  "platform-storage-class-renamed": () => [withSc(), withSc({}, (s) => s.storageClass!.storageClass.addOverride("metadata.name", "longhorn-docker-2"))],
  "platform-storage-class-expansion": () => [withSc(), withSc({}, (s) => (s.storageClass!.storageClass.allowVolumeExpansion = false))],
  "platform-storage-class-parameters": () => [withSc(), withSc({ replicaCount: 3 })],
  "platform-storage-class-reclaim": () => [withSc(), withSc({ reclaimPolicy: "Retain" })],
  "platform-preflight": () => [platformPlain, platformTemplate({}, (s) => s.preflight.job.addOverride("spec.backoff_limit", 1))],
  "platform-preflight-removed": () => [platformPlain, platformTemplate({}, (s) => s.node.tryRemoveChild("preflight"))],
  "platform-backup-retain-lowered": () => [withBackups({ backup: { retain: 14 } }), withBackups({ backup: { retain: 2 } })],
  "platform-backup-job-removed": () => [withBackups(), platformPlain],
  "platform-template-removed": () => [platformPlain, withLogicalId(CoderdTemplate, "devpod", "workspaces", () => platformTemplate())],
  "platform-template-autodelete": () => [platformPlain, platformTemplate({}, (s) => coderd(s).addOverride("time_til_dormant_autodelete_ms", 30 * 86400000))],
  "platform-template-dormancy": () => [platformPlain, platformTemplate({}, (s) => coderd(s).addOverride("time_til_dormant_ms", 14 * 86400000))],
  "platform-template-renamed": () => [platformPlain, platformTemplate({ platform: { templateName: "devpod-k8s" } })],
  "platform-template-organization": () => [platformPlain, platformTemplate({ platform: { organization: "platform-eng" } })],
  "platform-template-require-active": () => [platformPlain, platformTemplate({}, (s) => coderd(s).addOverride("require_active_version", true))],
  "platform-template-version": () => [platformPlain, platformTemplate({}, undefined, "4567def")],
  "platform-template-setting": () => [platformPlain, platformTemplate({}, (s) => coderd(s).addOverride("default_ttl_ms", 8 * 3600000))],
  "platform-object": () => [platformPlain, platformTemplate({}, (s) => new ConfigMapV1(s, "settings", { metadata: { name: "settings", namespace: "ws" }, data: { a: "1" } }))],
  "platform-attribute": () => [platformPlain, platformTemplate({}, (s) => s.namespace.namespace.addOverride("metadata.annotations.team", "platform"))],
  "catch-all": () => [plain, template({}, (s) => s.addOverride("provider.kubernetes.0.config_context", "dev"))],
};

/**
 * The class each rule's case must get, written down here rather than read from the table: a row that changes its
 * class, or a case that another row takes first, fails. The exit status follows from the class: 2, 1, 0, 0.
 */
const EXPECTED: Record<string, ChangeClass> = {
  "stateful-removed": "destroys",
  "stateful-moved-without-block": "destroys",
  "agent-removed": "breaks",
  "agent-moved": "breaks",
  "deployment-removed": "breaks",
  "deployment-moved": "restarts",
  "parameter-removed": "breaks",
  "parameter-added-required": "breaks",
  "variable-removed": "breaks",
  "variable-added-required": "breaks",
  "moved-with-block": "safe",
  "data-moved": "safe",
  "moved-stateless": "safe",
  "removed-stateless": "safe",
  added: "safe",
  "docker-volume-added": "restarts",
  "claim-labels": "safe",
  "claim-backup-group-left": "breaks",
  "claim-backup-sync-dropped": "breaks",
  "deployment-pod-template-claim": "restarts",
  "ignore-changes-dropped": "destroys",
  "ignored-by-lifecycle": "safe",
  lifecycle: "safe",
  "stateful-count": "destroys",
  "stateful-force-new": "destroys",
  "storage-shrink": "destroys",
  "storage-grow": "safe",
  "immutable-data": "destroys",
  "stateful-in-place": "safe",
  "deployment-pod-template": "restarts",
  "isolation-switch": "restarts",
  "isolation-switch-same-data-root": "breaks",
  "deployment-force-new": "restarts",
  "deployment-count": "restarts",
  "deployment-in-place": "safe",
  "agent-attribute": "restarts",
  "script-text": "safe",
  "script-attribute": "safe",
  "parameter-renamed": "breaks",
  "parameter-immutable": "breaks",
  "parameter-option-removed": "breaks",
  "parameter-monotonic-dropped": "destroys",
  "parameter-min-lowered": "destroys",
  "parameter-range-narrowed": "breaks",
  "parameter-type": "breaks",
  "parameter-other": "safe",
  "variable-default": "safe",
  "variable-default-pod": "restarts",
  "variable-contract": "breaks",
  "variable-validation-text": "safe",
  "variable-validation-loosened": "safe",
  "parameter-regex-tightened": "breaks",
  "parameter-regex-loosened": "safe",
  "same-value": "safe",
  "deployment-scale-breaks": "breaks",
  "deployment-scale": "restarts",
  "provider-version": "breaks",
  "provider-version-checked": "safe",
  "lock-added": "safe",
  "lock-added-unchecked": "breaks",
  "lock-removed": "breaks",
  "lock-removed-pinned": "safe",
  "lock-hashes-removed": "breaks",
  "lock-hashes-zh-removed": "safe",
  "lock-other": "safe",
  "platform-namespace-removed": "destroys",
  "platform-namespace-renamed": "destroys",
  "platform-namespace-enforce": "breaks",
  "platform-rbac-removed": "breaks",
  "platform-role-narrowed": "breaks",
  "platform-binding-narrowed": "breaks",
  "platform-storage-class-removed": "breaks",
  "platform-storage-class-renamed": "breaks",
  "platform-storage-class-expansion": "breaks",
  "platform-storage-class-parameters": "safe",
  "platform-storage-class-reclaim": "safe",
  "platform-preflight": "safe",
  "platform-preflight-removed": "safe",
  "platform-backup-retain-lowered": "destroys",
  "platform-backup-job-removed": "breaks",
  "platform-template-removed": "breaks",
  "platform-template-autodelete": "destroys",
  "platform-template-dormancy": "breaks",
  "platform-template-renamed": "breaks",
  "platform-template-organization": "breaks",
  "platform-template-require-active": "restarts",
  "platform-template-version": "safe",
  "platform-template-setting": "safe",
  "platform-object": "safe",
  "platform-attribute": "safe",
  "catch-all": "safe",
};
const STATUS: Record<ChangeClass, number> = { destroys: 2, breaks: 1, restarts: 0, safe: 0 };

test("every rule of the table has a case and an expected class here, and every case names a rule", () => {
  expect(Object.keys(CASES).sort()).toEqual(RULES.map((r) => r.id).sort());
  expect(Object.keys(EXPECTED).sort()).toEqual(RULES.map((r) => r.id).sort());
});

test("docs/review.md lists every rule with its class, once", () => {
  const doc = fs.readFileSync(path.join(__dirname, "..", "..", "..", "docs", "review.md"), "utf8");
  const rows = [...doc.matchAll(/^\| `([a-z0-9-]+)` \| [^|]+ \| (destroys|breaks|restarts|safe) \|/gm)].map((m) => [m[1], m[2]]);
  expect(rows.sort()).toEqual(Object.entries(EXPECTED).sort());
});

test.each(Object.entries(EXPECTED))("rule %s fires on its case and classifies it %s", (id, klass) => {
  const [base, head] = CASES[id]();
  const r = reviewPair(base, head);
  const hits = r.findings.filter((f) => f.rule === id);
  expect(hits.length).toBeGreaterThan(0);
  expect(hits.map((f) => f.class)).toEqual(hits.map(() => klass));
  expect(hits[0].why.length).toBeGreaterThan(20);
  // The case's worst finding is at least as bad as the rule's own, and the exit status follows from it.
  expect(CLASSES.indexOf(r.worst!)).toBeLessThanOrEqual(CLASSES.indexOf(klass));
  expect(r.status).toBe(STATUS[r.worst!]);
});

describe("stateful objects: every ForceNew attribute the provider source lists destroys data unless ignore_changes covers it", () => {
  const changed: Record<string, unknown> = {
    "metadata.name": "home-2",
    "metadata.namespace": "other",
    "metadata.generate_name": "home-",
    "spec.access_modes": ["ReadWriteOncePod"],
    "spec.resources.limits": { storage: "100Gi" },
    "spec.selector": { match_labels: { tier: "fast" } },
    "spec.volume_name": "pv-1",
    "spec.storage_class_name": "fast",
    "spec.volume_mode": "Block",
  };
  test("the facts table lists exactly these PVC attributes", () => {
    expect(STATEFUL.kubernetes_persistent_volume_claim_v1.forceNew.map((f) => f.path).sort()).toEqual(Object.keys(changed).sort());
  });
  test.each(Object.entries(changed))("PVC %s", (path, value) => {
    const r = reviewPair(template({}, unguarded), template({}, both(unguarded, override(claim, path, value))));
    expect(r.findings.filter((f) => f.object === PVC).map((f) => [f.rule, f.class])).toEqual([["stateful-force-new", "destroys"]]);
    expect(r.status).toBe(2);
    const entries = PVC_IGNORE_CHANGES;
    const covered = reviewPair(template({}, ignoring(entries)), template({}, both(ignoring(entries), override(claim, path, value))));
    expect(covered.findings.filter((f) => f.object === PVC).map((f) => f.rule)).toEqual(["ignored-by-lifecycle"]);
  });
  test("a Secret's type, a ConfigMap's name", () => {
    expect(reviewPair(template({}, secret()), template({}, secret({ type: "kubernetes.io/dockerconfigjson" }))).findings[0]).toMatchObject({
      rule: "stateful-force-new",
      why: expect.stringContaining("marks `type` (kubernetes/resource_kubernetes_secret_v1.go) of `kubernetes_secret_v1` ForceNew"),
    });
    expect(reviewPair(template({}, configMap()), template({}, configMap({ metadata: { name: "settings-2", namespace: "ws" } }))).findings[0]).toMatchObject({
      rule: "stateful-force-new",
      class: "destroys",
    });
  });
  test("a mutable Secret's data is updated in place; an immutable one's is not", () => {
    expect(reviewPair(template({}, secret()), template({}, secret({ data: { token: "b" } }))).findings[0].rule).toBe("stateful-in-place");
    const r = reviewPair(template({}, secret({ immutable: true })), template({}, secret({ immutable: true, data: { token: "b" } })));
    expect(r.findings[0]).toMatchObject({ rule: "immutable-data", class: "destroys" });
    expect(r.findings[0].why).toContain("kubernetes/resource_kubernetes_secret_v1.go (CustomizeDiff)");
  });
  test("the storage request: a literal that grows is safe, one that shrinks or an unknown expression destroys", () => {
    const size = (v: string) => template({}, override(claim, "spec.resources.requests.storage", v));
    expect(reviewPair(size("30Gi"), size("31Gi")).findings[0].rule).toBe("storage-grow");
    expect(reviewPair(size("30Gi"), size("30000Mi")).findings[0].rule).toBe("storage-shrink");
    expect(reviewPair(plain, size("${data.coder_parameter.memory.value}Gi")).findings[0].rule).toBe("storage-shrink");
    expect([quantity("1Gi"), quantity("1G"), quantity("500m"), quantity("${x}Gi")]).toEqual([2 ** 30, 1e9, 0.5, undefined]);
  });
});

describe("count, for_each and units", () => {
  test("a claim with count whose ignore_changes covers the change: safe, not destroys; the text names new instances", () => {
    const counted = (devpod: object) => template(devpod, both(ignoring(PVC_IGNORE_CHANGES), override(claim, "count", 1)));
    const r = reviewPair(counted({}), counted({ storageClass: "fast" }));
    expect(r.findings.map((f) => [f.object, f.rule, f.class])).toEqual([[PVC, "ignored-by-lifecycle", "safe"]]);
    expect(r.findings[0].why).toContain("an instance that its count/for_each creates anew");
    expect(r.status).toBe(0);
  });

  test("the Deployment (count = start_count) whose ignore_changes covers a pod template change: safe, not restarts", () => {
    const ignoringPod = override(deployment, "lifecycle.ignore_changes", ["spec[0].template"]);
    const r = reviewPair(template({}, ignoringPod), template({}, both(ignoringPod, override(deployment, "spec.template.metadata.labels.team", "a"))));
    const rows = r.findings.filter((f) => f.object === "kubernetes_deployment_v1.main");
    expect(rows.map((f) => [f.rule, f.class])).toEqual([["ignored-by-lifecycle", "safe"]]);
    expect(rows[0].why).toContain("(e.g. at a start, with `start_count`)");
  });

  test("a claim with for_each whose ignore_changes covers the change: safe", () => {
    const each = (devpod: object) => template(devpod, both(ignoring(PVC_IGNORE_CHANGES), override(claim, "for_each", { home: "home" })));
    expect(reviewPair(each({}), each({ storageClass: "fast" })).findings.map((f) => [f.rule, f.class])).toEqual([["ignored-by-lifecycle", "safe"]]);
  });

  test("a claim that gains for_each destroys: its one instance gets a new address (for_each has no implicit move)", () => {
    const r = reviewPair(plain, template({}, override(claim, "for_each", "${toset([\"home\"])}")));
    expect(r.findings.map((f) => [f.object, f.rule, f.class])).toEqual([[PVC, "stateful-count", "destroys"]]);
    expect(r.status).toBe(2);
  });

  test("a shrink across units destroys (32000Mi → 31Gi is 31.25 GiB → 31 GiB); a growth across units is safe", () => {
    const size = (v: string) => template({}, override(claim, "spec.resources.requests.storage", v));
    expect(reviewPair(size("32000Mi"), size("31Gi")).findings.map((f) => [f.rule, f.class])).toEqual([["storage-shrink", "destroys"]]);
    expect(reviewPair(size("31Gi"), size("32000Mi")).findings.map((f) => [f.rule, f.class])).toEqual([["storage-grow", "safe"]]);
    const same = reviewPair(size("1Ti"), size("1024Gi")).findings;
    expect(same.map((f) => [f.rule, f.class])).toEqual([["storage-grow", "safe"]]);
    expect(same[0].why).toContain("The requested size is the same");
  });
});

describe("validations: a tightening breaks, a loosening is safe, and the report says how it knows", () => {
  const namespace = (regex: string | undefined) => template({}, validatedBy(regex));
  test("a regex that rejects the old default breaks, naming it", () => {
    const r = reviewPair(namespace(DNS_LABEL), namespace("^[a-z]{1,8}$"));
    expect(r.findings.map((f) => [f.rule, f.class])).toEqual([["variable-contract", "breaks"]]);
    expect(r.findings[0].why).toContain('The new rule rejects `"coder-workspaces"`, the old default.');
  });
  test("a regex that accepts the old default but rejects a value the old one accepts breaks, naming a generated value", () => {
    const r = reviewPair(namespace(DNS_LABEL), namespace("^[a-z]([-a-z0-9]*[a-z0-9])?$"));
    expect(r.findings.map((f) => f.rule)).toEqual(["variable-contract"]);
    expect(r.findings[0].why).toMatch(/The new rule rejects `"[0-9][-a-z0-9]*"`, a value the old rule accepts\./);
  });
  test("a loosened regex, or a validation removed, is safe; a validation added breaks", () => {
    const loose = reviewPair(namespace(DNS_LABEL), namespace("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$"));
    expect(loose.findings.map((f) => [f.rule, f.class])).toEqual([["variable-validation-loosened", "safe"]]);
    expect(loose.findings[0].why).toMatch(/accepts all \d+ values the old one accepted in a sample .* A sample is not a proof\./);
    const removed = reviewPair(namespace(DNS_LABEL), namespace(undefined));
    expect(removed.findings.map((f) => [f.rule, f.class])).toEqual([["variable-validation-loosened", "safe"]]);
    expect(removed.findings[0].why).toContain("There is no rule any more");
    const added = reviewPair(namespace(undefined), namespace(DNS_LABEL));
    expect(added.findings.map((f) => [f.rule, f.class])).toEqual([["variable-contract", "breaks"]]);
    expect(added.findings[0].why).toContain("There was no rule before");
  });
  test("a condition that is not a regex test cannot be compared: breaks", () => {
    const r = reviewPair(namespace(DNS_LABEL), template({}, validatedBy(undefined, "too long", "${length(var.team_namespace) < 64}")));
    expect(r.findings[0]).toMatchObject({ rule: "variable-contract", class: "breaks" });
    expect(r.findings[0].why).toContain("cannot compare these conditions");
  });
  test("the template's former image rule loosened to any reference with a registry port: safe", () => {
    const image = (regex: string) => template({}, (s) =>
      variable(s, "dind_image").addOverride("validation.0.condition", `\${can(regex(${JSON.stringify(regex)}, var.dind_image))}`));
    const r = reviewPair(image("^[a-z0-9]+([._:/@-]+[A-Za-z0-9]+)*$"), image("^[a-z0-9]+([._:/@-]+[A-Za-z0-9]+)*(:[0-9]+)?$"));
    expect(r.findings.map((f) => [f.object, f.rule])).toEqual([["var.dind_image", "variable-validation-loosened"]]);
  });
  test("a validation removed is safe even when the old condition could not be read (no rule accepts every value)", () => {
    const r = reviewPair(template({}, validatedBy(undefined, "too long", "${length(var.team_namespace) < 64}")), namespace(undefined));
    expect(r.findings.map((f) => [f.rule, f.class])).toEqual([["variable-validation-loosened", "safe"]]);
    expect(r.findings[0].why).toContain("There is no rule any more");
  });
  test("a parameter regex added where there was none, or one JavaScript cannot compile, is a tightening: breaks", () => {
    const free = template({}, (s) => new DataCoderParameter(s, "region", { name: "region", default: "eu", mutable: true }));
    const added = reviewPair(free, template({}, region("^[a-z]{2}$")));
    const regexRow = added.findings.find((f) => f.rule.startsWith("parameter-regex"));
    expect([regexRow?.rule, regexRow?.class, added.status]).toEqual(["parameter-regex-tightened", "breaks", 1]);
    expect(regexRow!.why).toContain("There was no rule before");
    const broken = reviewPair(template({}, region("^[a-z]+$")), template({}, region("^[a-z+$")));
    expect(broken.findings.map((f) => [f.rule, f.class])).toEqual([["parameter-regex-tightened", "breaks"]]);
    expect(broken.findings[0].why).toContain("cannot compare these conditions");
  });
  test("the sampler reaches the ends of each range: a class or a repetition narrowed by one at either end is caught", () => {
    const lengths = (re: RegExp) => [...new Set(samplesOf(re, 200).map((v) => v.length))].sort();
    expect(samplesOf(/^[a-z]$/, 200)).toEqual(expect.arrayContaining(["a", "z"]));
    expect(samplesOf(/^[0-9]$/, 200)).toEqual(expect.arrayContaining(["0", "9"]));
    expect(lengths(/^x{2,5}$/)).toEqual([2, 3, 4, 5]);
    expect(lengths(/^x{3}$/)).toEqual([3]);
    for (const narrowed of ["^[b-z]+$", "^[a-y]+$"]) {
      const r = reviewPair(template({}, region("^[a-z]+$")), template({}, region(narrowed)));
      expect({ narrowed, rule: r.findings.find((f) => f.rule.startsWith("parameter-regex"))?.rule }).toEqual({ narrowed, rule: "parameter-regex-tightened" });
    }
    for (const narrowed of ["^[a-z]{3,5}$", "^[a-z]{2,4}$"]) {
      const r = reviewPair(template({}, region("^[a-z]{2,5}$")), template({}, region(narrowed)));
      expect({ narrowed, rule: r.findings.find((f) => f.rule.startsWith("parameter-regex"))?.rule }).toEqual({ narrowed, rule: "parameter-regex-tightened" });
    }
  });
  test("a parameter regex that rejects one of the old options breaks", () => {
    const zone = (regex: string) => template({}, (s) =>
      new DataCoderParameter(s, "zone", { name: "zone", default: "a", mutable: true, option: [{ name: "A", value: "a" }, { name: "B1", value: "b1" }], validation: { regex } }));
    const r = reviewPair(zone("^[a-z0-9]+$"), zone("^[a-z]+$"));
    expect(r.findings[0]).toMatchObject({ rule: "parameter-regex-tightened", class: "breaks" });
    expect(r.findings[0].why).toContain('rejects `"b1"`');
  });
});

describe("provider versions", () => {
  test("pinning every provider to the version the facts are from (what the pinned stacks do) is safe, each one named", () => {
    const pins = (kubernetes: string, coder: string): Tweak => (s) => {
      s.addOverride("terraform.required_providers.kubernetes.version", kubernetes);
      s.addOverride("terraform.required_providers.coder.version", coder);
    };
    const r = reviewPair(loose, template({}, pins("2.38.0", "2.17.0")));
    expect(r.findings.map((f) => [f.object, f.rule, f.class])).toEqual([["terraform", "provider-version-checked", "safe"]]);
    expect(r.findings[0].why).toContain("`coder/coder` in the required_providers: ~> 2.17 → 2.17.0. Every build now runs 2.17.0");
    expect(r.findings[0].why).toContain("`hashicorp/kubernetes` in the required_providers: ~> 2.38.0 → 2.38.0.");
    const bumped = reviewPair(template({}, pins("2.38.0", "2.17.0")), template({}, pins("2.38.0", "2.18.0")));
    expect(bumped.findings.map((f) => [f.rule, f.class])).toEqual([["provider-version", "breaks"]]);
    expect(bumped.findings[0].why).toContain("`coder/coder` in the required_providers: 2.17.0 → 2.18.0; each workspace's next build runs 2.18.0, while this review's facts are from 2.17.0.");
    expect(bumped.status).toBe(1);
  });

  test("a locked version change is one row with its hashes; the platform's coderd is judged by its own facts", () => {
    const r = reviewPair(locked(plain, lockFile(K8S, "2.38.0")), locked(plain, lockFile(K8S, "2.38.1", ["h1:other="])));
    expect(r.findings.map((f) => [f.rule, f.class, f.paths.length])).toEqual([["provider-version", "breaks", 3]]);
    const coderd = (v: string) => locked(platformPlain, lockFile("coder/coderd", v));
    expect(reviewPair(coderd("0.0.22"), coderd("0.0.23")).findings.map((f) => [f.object, f.rule])).toEqual([
      ['platform: .terraform.lock.hcl provider "registry.terraform.io/coder/coderd"', "provider-version-checked"],
    ]);
  });
});

describe("the Deployment's replicas and paused", () => {
  test.each([["spec.replicas", "0"], ["spec.replicas", 2], ["spec.paused", true]])("%s = %p breaks existing workspaces", (at, value) => {
    const r = reviewPair(plain, template({}, override(deployment, at, value)));
    expect(r.findings.map((f) => [f.rule, f.class])).toEqual([["deployment-scale-breaks", "breaks"]]);
    expect(r.status).toBe(1);
  });
});

describe("an expression that yields the same value", () => {
  test("var.namespace → the namespace of the claim the pod mounts: safe, and why", () => {
    const r = reviewPair(template({}, override(deployment, "metadata.namespace", "${var.namespace}")), plain);
    expect(r.findings.map((f) => [f.object, f.rule, f.class])).toEqual([["kubernetes_deployment_v1.main", "same-value", "safe"]]);
    expect(r.findings[0].why).toContain("a pod can only mount a claim of its own namespace");
  });
  test("the reverse (claim → var.namespace) is not proven: a new namespace would move the pod; restarts", () => {
    const r = reviewPair(plain, template({}, override(deployment, "metadata.namespace", "${var.namespace}")));
    expect(r.findings.map((f) => [f.rule, f.class])).toEqual([["deployment-force-new", "restarts"]]);
  });
  test("the namespace of a claim the pod does not mount is not proven: restarts", () => {
    const other = (s: DevpodStack) => new PersistentVolumeClaimV1(s, "cache", { metadata: { name: "cache", namespace: "ws" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } });
    const r = reviewPair(
      template({}, both(other, override(deployment, "metadata.namespace", "${var.namespace}"))),
      template({}, both(other, override(deployment, "metadata.namespace", "${kubernetes_persistent_volume_claim_v1.cache.metadata[0].namespace}"))),
    );
    expect(r.findings.map((f) => [f.rule, f.class])).toEqual([["deployment-force-new", "restarts"]]);
  });
});

describe("parameters that size a volume and those that do not", () => {
  test("monotonic dropped from a parameter that sizes nothing is safe", () => {
    const withMonotonic = (m?: string) => template({}, (s) => new DataCoderParameter(s, "retries", { name: "retries", type: "number", default: "3", mutable: true, validation: { min: 1, monotonic: m } }));
    expect(reviewPair(withMonotonic("increasing"), withMonotonic(undefined)).findings.map((f) => f.rule)).toEqual(["parameter-other"]);
  });
  test("a lower minimum of the disk size is safe while monotonic = increasing holds", () => {
    const r = reviewPair(plain, template({}, (s) => parameter(s, "home_disk_size").putValidation({ min: 5, max: 1000, monotonic: "increasing" })));
    expect(r.findings.map((f) => [f.rule, f.class])).toEqual([["parameter-other", "safe"]]);
  });
  test("a parameter that turns mutable is safe", () => {
    const r = reviewPair(template({}, (s) => (parameter(s, "cpu").mutable = false)), plain);
    expect(r.findings.map((f) => [f.rule, f.class])).toEqual([["parameter-other", "safe"]]);
  });
});

test("a pod template change that drops owner references, or adds none, is a one-time restart, not a per-claim one", () => {
  const withOwner = template({}, override(deployment, "spec.template.metadata.labels.owner", "${data.coder_workspace_owner.me.name}"));
  const rules = (base: Template, head: Template) => [...new Set(reviewPair(base, head).findings.map((f) => f.rule))];
  expect(rules(withOwner, plain)).toEqual(["deployment-pod-template"]);
  expect(rules(plain, template({ homePath: "/home/dev" }))).not.toContain("deployment-pod-template-claim");
  const named = template({}, override(deployment, "spec.template.spec.hostname", "${lower(data.coder_workspace.me.name)}"));
  expect(rules(plain, named)).toContain("deployment-pod-template-claim");
});

test("an agent moved even with a moved block still breaks: Coder names the agent after its address", () => {
  const head = withLogicalId(Agent, "main", "dev", () => template({}, (s) => s.agent.agent.moveFromId("coder_agent.main")));
  const r = reviewPair(plain, head);
  expect(r.findings.find((f) => f.object === "coder_agent.main → coder_agent.dev")).toMatchObject({ rule: "agent-moved", class: "breaks" });
  expect(r.status).toBe(1);
});

test("a parameter's data source renamed with its name kept: no change reaches the pod (references are the same value)", () => {
  const r = reviewPair(plain, withLogicalId(DataCoderParameter, "cpu", "cores", () => template()));
  expect(r.findings.map((f) => [f.object, f.rule])).toEqual([["data.coder_parameter.cpu → data.coder_parameter.cores", "data-moved"]]);
});

describe("Docker's own volume (dockerVolume separate) and backup labels", () => {
  const separate = template({ dockerVolume: "separate" });
  const DOCKER = "kubernetes_persistent_volume_claim_v1.docker";
  const of = (r: ReturnType<typeof reviewPair>, object: string) => r.findings.filter((f) => f.object === object);

  test("switching an existing template to separate: a new, empty Docker volume, images rebuild, the home untouched", () => {
    const r = reviewPair(plain, separate);
    const [added] = of(r, DOCKER);
    expect(added).toMatchObject({ rule: "docker-volume-added", class: "restarts" });
    expect(added.why).toContain("new, empty Docker volume");
    expect(added.why).toContain("images are pulled and built again");
    expect(added.why).toContain("Docker's old data stays on it at `/home/coder/.docker-data`");
    expect(of(r, PVC)).toEqual([]); // the home claim does not change at all
    expect(of(r, "data.coder_parameter.docker_disk_size")[0]).toMatchObject({ rule: "added", class: "safe" });
    expect(r.worst).toBe("restarts");
    expect(r.status).toBe(0);
  });

  test("switching back to home destroys the Docker volume, and says so in its own words", () => {
    const [removed] = of(reviewPair(separate, plain), DOCKER);
    expect(removed).toMatchObject({ rule: "stateful-removed", class: "destroys" });
    expect(removed.why).toContain("Docker's images, containers, named volumes and build cache are gone (the home volume is untouched)");
  });

  test("changes to the Docker claim are classified like the home claim's", () => {
    // A new class: ignored on both claims alike.
    const klass = reviewPair(separate, template({ dockerVolume: "separate", storageClass: "fast" }));
    for (const claim of [PVC, DOCKER]) expect(of(klass, claim).map((f) => f.rule)).toEqual(["ignored-by-lifecycle"]);
    // Without the guard, a new class replaces the Docker claim too.
    const unguardedDocker = (s: DevpodStack) => (s.dockerVolume!.claim.lifecycle = undefined);
    const forced = reviewPair(template({ dockerVolume: "separate" }, unguardedDocker), template({ dockerVolume: "separate", storageClass: "fast" }, unguardedDocker));
    expect(of(forced, DOCKER)[0]).toMatchObject({ rule: "stateful-force-new", class: "destroys" });
    expect(of(forced, DOCKER)[0].why).toContain("Docker's images");
    // The size parameter losing monotonic destroys, naming the claim it sizes.
    const dropped = reviewPair(separate, template({ dockerVolume: "separate" }, (s) => parameter(s, "docker_disk_size").putValidation({ min: 10, max: 1000 })));
    const [finding] = of(dropped, "data.coder_parameter.docker_disk_size");
    expect(finding).toMatchObject({ rule: "parameter-monotonic-dropped", class: "destroys" });
    expect(finding.why).toContain(DOCKER);
    // A literal shrink of its request destroys; a growth is safe.
    const sized = (size: string) => template({ dockerVolume: "separate" }, (s) => s.dockerVolume!.claim.addOverride("spec.resources.requests.storage", size));
    expect(of(reviewPair(sized("30Gi"), sized("20Gi")), DOCKER)[0].rule).toBe("storage-shrink");
    expect(of(reviewPair(sized("30Gi"), sized("40Gi")), DOCKER)[0].rule).toBe("storage-grow");
  });

  test("turning backups on relabels the home claim in place: safe, naming the group and its RecurringJobs", () => {
    const r = reviewPair(plain, template({ backups: { enabled: true } }));
    expect(r.findings.map((f) => [f.object, f.rule, f.class])).toEqual([[PVC, "claim-labels", "safe"]]);
    expect(r.findings[0].changes.join(" ")).toContain("recurring-job-group.longhorn.io/devpod-home");
    expect(r.findings[0].why).toContain("the volume's groups become group `devpod-home` (were group `default`)");
    expect(r.findings[0].todo).toContain("RecurringJobs of group `devpod-home`");
    expect(r.status).toBe(0);
  });

  test("turning backups off gives the home back to Longhorn's default group: breaks, and says what the default group does", () => {
    const r = reviewPair(template({ backups: { enabled: true } }), plain);
    expect(r.findings.map((f) => [f.object, f.rule, f.class])).toEqual([[PVC, "claim-backup-group-left", "breaks"]]);
    // Only the group label goes: the source label stays, so Longhorn follows the claim out of the group.
    expect(r.findings[0].changes.join(" ")).not.toContain("recurring-job.longhorn.io/source");
    expect(r.findings[0].why).toContain("The volume leaves group `devpod-home`");
    expect(r.findings[0].why).toContain("back in its `default` group");
    expect(r.status).toBe(1);
  });

  test("a backups-off claim labelled only with the source label, against one with no Longhorn label: safe, and no RecurringJob named", () => {
    const r = reviewPair(template({}, withoutLonghornLabels), plain);
    expect(r.findings.map((f) => [f.object, f.rule, f.class])).toEqual([[PVC, "claim-labels", "safe"]]);
    expect(r.findings[0].why).toContain("groups become group `default`; a volume that an earlier version left in another group leaves it");
    expect(r.findings[0].why + r.findings[0].todo).not.toContain("RecurringJob");
    expect(r.findings[0].todo).toBe("Nothing.");
  });

  test("dropping the source label while in a backup group breaks: Longhorn would keep the volume in the group", () => {
    const r = reviewPair(template({ backups: { enabled: true } }), template({}, withoutLonghornLabels));
    expect(r.findings.map((f) => [f.object, f.rule, f.class])).toEqual([[PVC, "claim-backup-sync-dropped", "breaks"]]);
    expect(r.findings[0].why).toContain("the volume stays in group `devpod-home`");
    // Out of the default group with no backup group, the source label going changes nothing Longhorn does.
    const idle = reviewPair(plain, template({}, withoutLonghornLabels));
    expect(idle.findings.map((f) => [f.rule, f.class])).toEqual([["claim-labels", "safe"]]);
    expect(idle.findings[0].why).toContain("Longhorn ignores a claim's recurring-job labels without");
  });

  const homeLabels = (change: (labels: Record<string, string>) => void, devpod: object = {}) =>
    template(devpod, (s) => {
      const labels = { ...s.home.claim.metadata.labelsInput } as Record<string, string>;
      change(labels);
      s.home.claim.metadata.labels = labels;
    });
  const GROUP = (g: string) => `recurring-job-group.longhorn.io/${g}`;

  test("a renamed backup group: safe, naming both groups and the new group's RecurringJobs", () => {
    const r = reviewPair(template({ backups: { enabled: true } }), template({ backups: { enabled: true, group: "homes" } }));
    expect(r.findings.map((f) => [f.object, f.rule, f.class])).toEqual([[PVC, "claim-labels", "safe"]]);
    expect(r.findings[0].why).toContain("the volume's groups become group `homes` (were group `devpod-home`)");
    expect(r.findings[0].todo).toContain("RecurringJobs of group `homes`");
  });

  test("a home moved out of its backup group into another group, or into none: breaks, saying where it is now", () => {
    const base = template({ backups: { enabled: true } });
    const quiet = reviewPair(base, homeLabels((l) => { delete l[GROUP("devpod-home")]; l[GROUP("devpod-no-backup")] = "enabled"; }));
    expect(quiet.findings.map((f) => [f.rule, f.class])).toEqual([["claim-backup-group-left", "breaks"]]);
    expect(quiet.findings[0].why).toContain("Its groups become group `devpod-no-backup`");
    const disabled = reviewPair(base, homeLabels((l) => { l[GROUP("devpod-home")] = "disabled"; }, { backups: { enabled: true } }));
    expect(disabled.findings.map((f) => [f.rule, f.class])).toEqual([["claim-backup-group-left", "breaks"]]);
    expect(disabled.findings[0].why).toContain("It is in no group at all");
  });

  test("Docker's claim leaving its empty group for Longhorn's default: safe (it was never backed up by devpod)", () => {
    const separate = template({ dockerVolume: "separate" });
    const relabelled = template({ dockerVolume: "separate" }, (s) => {
      const labels = { ...s.dockerVolume!.claim.metadata.labelsInput } as Record<string, string>;
      delete labels[GROUP("devpod-no-backup")];
      s.dockerVolume!.claim.metadata.labels = labels;
    });
    const r = reviewPair(separate, relabelled);
    expect(r.findings.map((f) => [f.object, f.rule, f.class])).toEqual([["kubernetes_persistent_volume_claim_v1.docker", "claim-labels", "safe"]]);
    expect(r.findings[0].why).toContain("groups become group `default` (were group `devpod-no-backup`)");
  });

  test("a claim without the source label: Longhorn ignores its group labels, whatever they become", () => {
    const r = reviewPair(template({}, withoutLonghornLabels), template({}, both(withoutLonghornLabels, (s) =>
      (s.home.claim.metadata.labels = { ...s.home.claim.metadata.labelsInput, [GROUP("devpod-home")]: "enabled" }))));
    expect(r.findings.map((f) => [f.rule, f.class])).toEqual([["claim-labels", "safe"]]);
    expect(r.findings[0].why).toContain("Longhorn ignores a claim's recurring-job labels without");
  });

  test("recurring-job labels on an object that is not a claim are not Longhorn's business", () => {
    const labelled = (source: boolean) => configMap({ metadata: { name: "settings", namespace: "ws", labels: { [GROUP("devpod-home")]: "enabled", ...(source ? { "recurring-job.longhorn.io/source": "enabled" } : {}) } } });
    const r = reviewPair(template({}, labelled(true)), template({}, labelled(false)));
    expect(r.findings.map((f) => [f.rule, f.class])).toEqual([["stateful-in-place", "safe"]]);
  });

  test("a label change that is not Longhorn's says nothing about Longhorn", () => {
    const r = reviewPair(plain, template({}, (s) => (s.home.claim.metadata.labels = { ...s.home.claim.metadata.labelsInput, team: "a" })));
    expect(r.findings.map((f) => [f.rule, f.class])).toEqual([["claim-labels", "safe"]]);
    expect(r.findings[0].why).not.toContain("Longhorn");
  });
});

describe("Longhorn backups of the homes (platform stack, backups.enabled)", () => {
  const JOB = (task: string) => `platform: kubernetes_manifest.longhorn_recurring_job_${task}`;
  const rows = (r: ReturnType<typeof reviewPair>) => r.findings.map((f) => [f.object, f.rule, f.class]);

  test("lowering backup.retain 14 → 2 destroys: Longhorn deletes up to 12 of each home's backups at the job's next run", () => {
    const r = reviewPair(withBackups({ backup: { retain: 14 } }), withBackups({ backup: { retain: 2 } }));
    expect(rows(r)).toEqual([[JOB("backup"), "platform-backup-retain-lowered", "destroys"]]);
    expect(r.findings[0].why).toContain("now keeps 2 backups per volume (was 14)");
    expect(r.findings[0].why).toContain("up to 12 per home volume of group `devpod-home`");
    expect(r.findings[0].todo).toContain("--accept destroys");
    expect(r.status).toBe(2);
  });

  test("lowering snapshot.retain destroys snapshots the same way", () => {
    const r = reviewPair(withBackups({ snapshot: { retain: 24 } }), withBackups({ snapshot: { retain: 6 } }));
    expect(rows(r)).toEqual([[JOB("snapshot"), "platform-backup-retain-lowered", "destroys"]]);
    expect(r.findings[0].why).toContain("up to 18 per home volume");
  });

  test("raising retain is safe", () => {
    const r = reviewPair(withBackups({ backup: { retain: 2 } }), withBackups({ backup: { retain: 14 } }));
    expect(rows(r)).toEqual([[JOB("backup"), "platform-attribute", "safe"]]);
    expect(r.status).toBe(0);
  });

  test("turning backups off breaks (new backups and snapshots stop, existing ones stay); the cleanup jobs going is safe", () => {
    const r = reviewPair(withBackups(), platformPlain);
    expect(rows(r)).toEqual([
      [JOB("backup"), "platform-backup-job-removed", "breaks"],
      [JOB("snapshot"), "platform-backup-job-removed", "breaks"],
      ["platform: data.kubernetes_resource.longhorn_version", "platform-object", "safe"],
      [JOB("filesystem_trim"), "platform-object", "safe"],
      [JOB("snapshot_cleanup"), "platform-object", "safe"],
    ]);
    const backup = r.findings[0];
    expect(backup.why).toContain("get no new backups. Existing ones stay");
    expect(backup.why).not.toContain("no workspace data");
    expect(r.status).toBe(1);
  });
});

describe("the template's organization (platform.organization)", () => {
  test("organization_id set where the provider used to fill it in: breaks, saying when nothing changes", () => {
    const r = reviewPair(platformTemplate({}, (s) => coderd(s).resetOrganizationId()), platformPlain);
    const row = r.findings.find((f) => f.object === "platform: coderd_template.devpod");
    expect([row?.rule, row?.class]).toEqual(["platform-template-organization", "breaks"]);
    expect(row!.why).toContain("`organization_id` is now set (from `platform.organization`)");
    expect(row!.why).toContain("Where it names the organization the template is in, nothing changes");
  });
  test("another organization: the data source's change breaks (the template would be replaced)", () => {
    const r = reviewPair(platformPlain, platformTemplate({ platform: { organization: "platform-eng" } }));
    expect(r.findings.map((f) => [f.object, f.rule, f.class])).toEqual([["platform: data.coderd_organization.devpod", "platform-template-organization", "breaks"]]);
    expect(r.findings[0].why).toContain("RequiresReplaceIfConfigured");
  });
});

describe("lock file hashes of the same version", () => {
  const lock = (hashes: string[]) => locked(plain, lockFile(K8S, "2.38.0", hashes));
  test("a lock regenerated from a filesystem mirror drops only zh: hashes and keeps the h1: ones: safe", () => {
    const r = reviewPair(lock(REGISTRY_HASHES), lock(["h1:linux-amd64=", "h1:linux-arm64="]));
    expect(r.findings.map((f) => [f.rule, f.class])).toEqual([["lock-hashes-zh-removed", "safe"]]);
    expect(r.findings[0].why).toContain("only `zh:` hashes (registry zip checksums)");
    expect(r.findings[0].why).toContain("the 2 `h1:` hash(es) for the platforms left still verify the packages");
    expect(r.status).toBe(0);
  });
  test("an h1: hash dropped breaks, with or without zh: hashes dropped beside it", () => {
    for (const head of [["h1:linux-amd64=", ...REGISTRY_HASHES.slice(2)], ["h1:linux-amd64="]]) {
      const r = reviewPair(lock(REGISTRY_HASHES), lock(head));
      expect(r.findings.map((f) => [f.rule, f.class])).toEqual([["lock-hashes-removed", "breaks"]]);
      expect(r.status).toBe(1);
    }
  });
  test("every h1: hash gone with only zh: left breaks: nothing is left for a package from a mirror", () => {
    const r = reviewPair(lock(REGISTRY_HASHES), lock(REGISTRY_HASHES.slice(2)));
    expect(r.findings.map((f) => f.rule)).toEqual(["lock-hashes-removed"]);
  });
});

describe("switching the isolation mode (docs/rootless.md)", () => {
  const rootless = template({ isolation: "rootless" });
  const finding = (base: Template, head: Template) => reviewPair(base, head).findings.find((f) => f.object === "kubernetes_deployment_v1.main")!;

  test("privileged -> rootless with the default data roots: restarts, names the new and the kept data root, deletes nothing", () => {
    const f = finding(plain, rootless);
    expect([f.rule, f.class]).toEqual(["isolation-switch", "restarts"]);
    expect(f.why).toContain("from privileged to rootless isolation");
    expect(f.why).toContain("own data root `/home/coder/.docker-data-rootless`");
    expect(f.why).toContain("the old one (`/home/coder/.docker-data`) is kept untouched and nothing is deleted");
    expect(f.todo).toContain("docker system prune -a --volumes");
  });

  test("rootless -> privileged: the same row, the other way", () => {
    const f = finding(rootless, plain);
    expect([f.rule, f.class]).toEqual(["isolation-switch", "restarts"]);
    expect(f.why).toContain("from rootless to privileged isolation");
    expect(f.why).toContain("own data root `/home/coder/.docker-data`");
  });

  test("dockerVolume separate: the data root's path stays, the volume directory differs, so it is a restart, not a break", () => {
    const f = finding(template({ dockerVolume: "separate" }), template({ dockerVolume: "separate", isolation: "rootless" }));
    expect([f.rule, f.class]).toEqual(["isolation-switch", "restarts"]);
    expect(f.why).toContain("`/var/lib/docker (volume directory docker-rootless)`");
  });

  test("an explicit dockerDataRoot shared by both modes breaks: the rootless sidecar refuses the root-owned root", () => {
    const f = finding(template({ dockerDataRoot: "/home/coder/.docker" }), template({ dockerDataRoot: "/home/coder/.docker", isolation: "rootless" }));
    expect([f.rule, f.class]).toEqual(["isolation-switch-same-data-root", "breaks"]);
    expect(f.todo).toContain("Leave dockerDataRoot unset");
  });

  test("no switch: a rootless template's other change is no isolation finding", () => {
    const rules = reviewPair(rootless, template({ isolation: "rootless", homePath: "/home/dev" })).findings.map((f) => f.rule);
    expect(rules).toContain("deployment-pod-template");
    expect(rules.filter((r) => r.startsWith("isolation-"))).toEqual([]);
  });
});
