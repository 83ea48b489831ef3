/**
 * The platform stack's rows of the classification table (`cdktf deploy platform`): the workspace namespace, the
 * provisioner's Role, devpod's StorageClass, the preflight Job and the template's settings in Coder. They match only
 * objects of that stack, and come before the template's rows. The platform is applied by `cdktf deploy platform`, not
 * by workspace builds, but what it changes reaches every workspace: the class says what happens to them.
 *
 * Facts: hashicorp/kubernetes v2.38.0 kubernetes/schema_metadata.go (metadata.name is ForceNew),
 * kubernetes/resource_kubernetes_storage_class_v1.go (parameters, storage_provisioner, volume_binding_mode,
 * mount_options, allowed_topologies ForceNew; Update patches only metadata and allow_volume_expansion); Kubernetes:
 * deleting a namespace deletes every object in it, a Role's rules are all the rights its binding grants, the PVC
 * resizer requires the claim's StorageClass to allow expansion, Pod Security admission checks pods when they are
 * created; Coder: a dormant workspace is deleted after time_til_dormant_autodelete_ms (with its resources, the home
 * claim among them); Longhorn: a snapshot or backup RecurringJob, at each run, deletes the volume's snapshots or backups
 * it made beyond `retain`, oldest first; it touches no others, so a job deleted or renamed leaves its own behind
 * (longhorn/longhorn#3144).
 */
import {
  Rule, RuleInput, at, baseBody, code, from, headBody, inTemplate, isType, num, paths, resource, to,
} from "./rule-kit";
import { Json, isObject } from "./template";

const platform = (i: RuleInput) => !inTemplate(i);
const ofType = (i: RuleInput, ...types: string[]) => platform(i) && resource(i) && types.some((t) => isType(i, t));
const NAMESPACE = ["kubernetes_namespace_v1", "kubernetes_namespace"];
const RBAC = ["kubernetes_role_v1", "kubernetes_role", "kubernetes_role_binding_v1", "kubernetes_role_binding"];
const ROLE = ["kubernetes_role_v1", "kubernetes_role"];
const BINDING = ["kubernetes_role_binding_v1", "kubernetes_role_binding"];
const STORAGE_CLASS = ["kubernetes_storage_class_v1", "kubernetes_storage_class"];
const STORAGE_CLASS_FORCE_NEW = ["parameters", "storage_provisioner", "volume_binding_mode", "mount_options", "allowed_topologies"];
const JOB = ["kubernetes_job_v1", "kubernetes_job"];
const TEMPLATE = ["coderd_template"];
const MANIFEST = ["kubernetes_manifest"];
/** Longhorn tasks whose RecurringJob keeps data (snapshots or backups of each volume of its groups). */
const KEEPING_TASKS = ["snapshot", "backup"];
const ENFORCE = "pod-security.kubernetes.io/enforce";
const NEXT_DEPLOY = "at the next `cdktf deploy platform`";

const ALL_HOMES =
  "deleting a namespace deletes every object in it: every workspace's home claim, and with it (reclaim policy Delete) " +
  "every home directory and all Docker data";

/** `apps/deployments:create` for every right a Role's rules grant. */
function grants(body: Record<string, Json>): string[] {
  const rules = Array.isArray(body.rule) ? body.rule : [];
  const list = (v: Json | undefined) => (Array.isArray(v) ? v.map(String) : []);
  return rules.filter(isObject).flatMap((r) =>
    list(r.api_groups).flatMap((g) => list(r.resources).flatMap((res) => list(r.verbs).map((v) => `${g || "core"}/${res}:${v}`))),
  );
}

/** Rights the base Role granted that the head Role no longer grants (a `*` in the head grants everything). */
function lostGrants(i: RuleInput): string[] {
  const now = grants(headBody(i));
  const covers = (g: string) =>
    now.some((n) => {
      const [ng, nv] = n.split(":");
      const [og, ov] = g.split(":");
      const [ngroup, nres] = ng.split("/");
      const [ogroup, ores] = og.split("/");
      return (ngroup === "*" || ngroup === ogroup) && (nres === "*" || nres === ores) && (nv === "*" || nv === ov);
    });
  return [...new Set(grants(baseBody(i)).filter((g) => !covers(g)))];
}

/** Subjects the base binding granted the Role to that the head no longer names. */
function lostSubjects(i: RuleInput): string[] {
  const subjects = (body: Record<string, Json>) =>
    (Array.isArray(body.subject) ? body.subject : []).filter(isObject).map((s) => `${s.kind}/${s.namespace ?? ""}/${s.name}`);
  const now = subjects(headBody(i));
  return subjects(baseBody(i)).filter((s) => !now.includes(s));
}

const labelOf = (body: Record<string, Json>, key: string) => {
  const metadata = isObject(body.metadata) ? body.metadata : {};
  return isObject(metadata.labels) ? metadata.labels[key] : undefined;
};
const ms = (v: Json | undefined) => num(v) ?? 0;
/** A duration setting where 0 means off, turned on or made shorter. */
const sooner = (i: RuleInput) => ms(i.attribute!.new) > 0 && (ms(i.attribute!.old) === 0 || ms(i.attribute!.new) < ms(i.attribute!.old));

/** A Longhorn RecurringJob's spec, when the object is one (a kubernetes_manifest of kind RecurringJob). */
function recurringJob(body: Record<string, Json>): Record<string, Json> | undefined {
  const m = isObject(body.manifest) ? body.manifest : undefined;
  return m && m.kind === "RecurringJob" && String(m.apiVersion ?? "").startsWith("longhorn.io/") && isObject(m.spec) ? m.spec : undefined;
}
/** The spec of a snapshot or backup RecurringJob (the base's when it was removed). */
const keepingJob = (i: RuleInput) => {
  const spec = recurringJob(i.change.head ? headBody(i) : baseBody(i));
  return ofType(i, ...MANIFEST) && spec && KEEPING_TASKS.includes(String(spec.task)) ? spec : undefined;
};
const groupsOf = (spec: Record<string, Json>) => (Array.isArray(spec.groups) ? spec.groups.map(String).map(code).join(", ") : "its groups");

/** Rows for the platform stack's objects and values. */
export const PLATFORM_RULES: Rule[] = [
  {
    id: "platform-namespace-removed",
    on: ["removed", "moved"],
    class: "destroys",
    match: (i) => ofType(i, ...NAMESPACE) && !i.change.movedBlock,
    why: ([i]) =>
      `${i.change.kind === "moved" ? `The namespace's address changed from ${code(from(i))} to ${code(to(i))} with no \`moved\` block` : "The workspace namespace left the stack"}: ` +
      `Terraform deletes it ${NEXT_DEPLOY} (its \`prevent_destroy\` goes with the removed block), and ${ALL_HOMES}.`,
    todo: () => "Keep the namespace resource and its address (a `moved` block for a new one); never remove it while workspaces exist.",
  },
  {
    id: "platform-namespace-renamed",
    on: "attribute",
    class: "destroys",
    match: (i) => ofType(i, ...NAMESPACE) && at(i, "metadata.name"),
    why: ([i]) =>
      `The namespace's name is ForceNew (kubernetes provider v2.38.0 kubernetes/schema_metadata.go): Terraform replaces it, and ${ALL_HOMES}. ` +
      (headBody(i).lifecycle && isObject(headBody(i).lifecycle) && (headBody(i).lifecycle as Record<string, Json>).prevent_destroy === true
        ? "Its `prevent_destroy` makes Terraform refuse the plan instead: the deploy fails until the change is undone."
        : "Nothing guards it: `prevent_destroy` is not set."),
    todo: () =>
      "Keep the namespace; moving workspaces to another one is a migration (new workspaces there, data copied, old ones deleted).",
  },
  {
    id: "platform-namespace-enforce",
    on: "attribute",
    class: "breaks",
    match: (i) => ofType(i, ...NAMESPACE) && at(i, "metadata.labels") && labelOf(baseBody(i), ENFORCE) === "privileged" && labelOf(headBody(i), ENFORCE) !== "privileged",
    why: ([i]) =>
      `\`${ENFORCE}\` is no longer \`privileged\` (now ${JSON.stringify(labelOf(headBody(i), ENFORCE) ?? "unset")}): Pod Security ` +
      "admission rejects the privileged Docker sidecar when a pod is created, so every workspace start fails; running pods " +
      "keep running until they stop.",
    todo: () => "Keep `enforce: privileged` while the sidecar runs privileged.",
  },
  {
    id: "platform-rbac-removed",
    on: ["removed", "moved"],
    class: "breaks",
    match: (i) => ofType(i, ...RBAC) && !i.change.movedBlock,
    why: ([i]) =>
      `${code(i.change.base!.address)} goes ${NEXT_DEPLOY}${i.change.kind === "moved" ? " (and comes back under a new address: during the deploy Coder has no rights)" : ""}: ` +
      "Coder's provisioner can no longer create, update or delete the workspaces' Deployments and claims, so every build fails — " +
      "start, stop and delete.",
    todo: () => "Keep the Role and its binding (a `moved` block for a new address).",
  },
  {
    id: "platform-role-narrowed",
    on: "attribute",
    class: "breaks",
    match: (i) => ofType(i, ...ROLE) && at(i, "rule") && lostGrants(i).length > 0,
    why: ([i]) =>
      `The Role no longer grants ${lostGrants(i).map(code).join(", ")}: the provisioner runs each workspace's Terraform with ` +
      "these rights, so builds that need them fail (a stop needs delete, a disk growth needs patch, a refresh needs get).",
    todo: () => "Keep every right the template's resources need (lib/platform/provisioner-rbac.ts lists them by resource).",
  },
  {
    id: "platform-binding-narrowed",
    on: "attribute",
    class: "breaks",
    match: (i) => ofType(i, ...BINDING) && (at(i, "subject") || at(i, "role_ref")) && (lostSubjects(i).length > 0 || at(i, "role_ref")),
    why: ([i]) =>
      lostSubjects(i).length > 0
        ? `The binding no longer names ${lostSubjects(i).map(code).join(", ")}: that service account loses the Role, and if it is ` +
          "Coder's provisioner every workspace build fails."
        : "The binding's `role_ref` changed: Kubernetes does not allow that in place, so the binding is replaced and grants another Role.",
    todo: () => "Keep Coder's service account (`platform.provisioner`) in the binding.",
  },
  {
    id: "platform-storage-class-removed",
    on: ["removed", "moved"],
    class: "breaks",
    match: (i) => ofType(i, ...STORAGE_CLASS) && !i.change.movedBlock,
    why: () =>
      `The StorageClass is deleted ${NEXT_DEPLOY}. Existing homes stay (a bound volume does not need its class), but a claim ` +
      "that names a missing class cannot grow (the resizer reads `allowVolumeExpansion` from the class) and new workspaces " +
      "cannot get a volume.",
    todo: () => "Keep the class while claims name it; a new class is for new workspaces (the home claim ignores `storage_class_name`).",
  },
  {
    id: "platform-storage-class-renamed",
    on: "attribute",
    class: "breaks",
    match: (i) => ofType(i, ...STORAGE_CLASS) && at(i, "metadata.name"),
    why: () =>
      "The class's name is ForceNew: the class that existing claims name is deleted. Their volumes stay, but they cannot " +
      "grow any more (the resizer reads `allowVolumeExpansion` from the class they name).",
    todo: () => "Add the new class beside the old one instead; the home claim ignores `storage_class_name`, so only new workspaces use it.",
  },
  {
    id: "platform-storage-class-expansion",
    on: "attribute",
    class: "breaks",
    match: (i) => ofType(i, ...STORAGE_CLASS) && at(i, "allow_volume_expansion") && i.attribute!.new === false,
    why: () => "`allow_volume_expansion` turned off: a workspace whose owner grows the disk fails its next build (the resize is refused).",
    todo: () => "Keep expansion on: the disk-size parameter only grows.",
  },
  {
    id: "platform-storage-class-parameters",
    on: "attribute",
    class: "safe",
    match: (i) => ofType(i, ...STORAGE_CLASS) && STORAGE_CLASS_FORCE_NEW.some((p) => at(i, p)),
    why: (inputs) =>
      `${paths(inputs)} are ForceNew (kubernetes provider v2.38.0 kubernetes/resource_kubernetes_storage_class_v1.go): Terraform ` +
      `deletes the class and creates it anew ${NEXT_DEPLOY}. Longhorn applies these values when it creates a volume, so existing ` +
      "homes keep their replicas, locality and filesystem; only new workspaces get the new values. A claim provisioned during " +
      "the deploy can fail.",
    todo: () => "Nothing for existing workspaces; to give them the new values, migrate their data to new volumes.",
  },
  {
    id: "platform-storage-class-reclaim",
    on: "attribute",
    class: "safe",
    match: (i) => ofType(i, ...STORAGE_CLASS) && at(i, "reclaim_policy"),
    why: () =>
      "Kubernetes does not change a StorageClass's reclaim policy in place, and the provider's update sends only metadata and " +
      "`allow_volume_expansion`: the plan shows an update that never reaches the cluster. Existing volumes keep the policy " +
      "they were created with either way.",
    todo: () => "To change the policy of existing homes: `kubectl patch pv <volume> -p '{\"spec\":{\"persistentVolumeReclaimPolicy\":\"Retain\"}}'`.",
  },
  {
    id: "platform-preflight",
    on: ["attribute", "added", "moved"],
    class: "safe",
    match: (i) => ofType(i, ...JOB),
    why: (inputs) =>
      inputs[0].change.kind === "added"
        ? "New: the next deploy runs the check, on a fresh volume, before it publishes the template."
        : inputs.some((i) => !i.attribute || at(i, "metadata.name") || at(i, "spec"))
        ? "The preflight Job is replaced (its name carries a hash of the check, and a Job's spec cannot change): the next " +
          "deploy runs the check again, on a fresh volume, before it publishes the template."
        : `${paths(inputs)}: updated in place ${NEXT_DEPLOY}; the check itself is unchanged and does not run again.`,
    todo: () => "Nothing; if the check fails, the deploy names the Job whose logs say why.",
  },
  {
    id: "platform-preflight-removed",
    on: "removed",
    class: "safe",
    match: (i) => ofType(i, ...JOB),
    why: () => "The preflight Job is gone: deploys publish the template without proving Docker on the cluster's storage first.",
    todo: () => "Keep the preflight, unless another gate proves the cluster.",
  },
  {
    id: "platform-backup-retain-lowered",
    on: "attribute",
    class: "destroys",
    match: (i) => keepingJob(i) !== undefined && at(i, "manifest.spec.retain") && ms(i.attribute!.new) < ms(i.attribute!.old),
    why: ([i]) => {
      const spec = keepingJob(i)!;
      const [old, now] = [ms(i.attribute!.old), ms(i.attribute!.new)];
      return `The Longhorn ${spec.task} job ${code(String(spec.name))} now keeps ${now} ${spec.task}s per volume (was ${old}): at its next ` +
        `run (${code(String(spec.cron))}) Longhorn deletes each home's oldest ${spec.task}s beyond ${now}, up to ${old - now} per home ` +
        `volume of group ${groupsOf(spec)}. Those restore points are gone for good.`;
    },
    todo: ([i]) => `If intended, accept it with \`--accept destroys\`; otherwise keep \`retain\` at ${ms(i.attribute!.old)}.`,
  },
  {
    id: "platform-backup-job-removed",
    on: "removed",
    class: "breaks",
    match: (i) => keepingJob(i) !== undefined,
    why: ([i]) => {
      const spec = keepingJob(i)!;
      return `The Longhorn ${spec.task} job ${code(String(spec.name))} is deleted ${NEXT_DEPLOY} (backups turned off, or the task ` +
        `removed): the home volumes of group ${groupsOf(spec)} get no new ${spec.task}s. Existing ones stay (deleting the job ` +
        "deletes none), but nothing prunes or renews them.";
    },
    todo: () => "If intended, accept it with `--accept breaks`; otherwise keep `backups.enabled` on.",
  },
  {
    id: "platform-template-removed",
    on: ["removed", "moved"],
    class: "breaks",
    match: (i) => ofType(i, ...TEMPLATE) && !i.change.movedBlock,
    why: () =>
      `Terraform deletes the template in Coder ${NEXT_DEPLOY}: Coder refuses while workspaces use it (the deploy fails); without ` +
      "workspaces the template and every version are gone.",
    todo: () => "Keep the template's address (a `moved` block for a new one).",
  },
  {
    id: "platform-template-autodelete",
    on: "attribute",
    class: "destroys",
    match: (i) => ofType(i, ...TEMPLATE) && at(i, "time_til_dormant_autodelete_ms") && sooner(i),
    why: ([i]) =>
      `Dormant workspaces are now deleted after ${ms(i.attribute!.new)} ms (was ${ms(i.attribute!.old) || "never"}): Coder deletes ` +
      "a workspace with its resources, the home claim among them, so a developer away that long loses the home directory.",
    todo: () => "Announce it first, or keep the old value; developers can keep a workspace by using it.",
  },
  {
    id: "platform-template-dormancy",
    on: "attribute",
    class: "breaks",
    match: (i) => ofType(i, ...TEMPLATE) && at(i, "time_til_dormant_ms") && sooner(i),
    why: ([i]) =>
      `Workspaces unused for ${ms(i.attribute!.new)} ms now turn dormant (was ${ms(i.attribute!.old) || "never"}): Coder stops them ` +
      "and they cannot start until their owner activates them.",
    todo: () => "Announce it first.",
  },
  {
    id: "platform-template-organization",
    on: "attribute",
    class: "breaks",
    match: (i) =>
      (ofType(i, ...TEMPLATE) && at(i, "organization_id")) ||
      (platform(i) && i.object.kind === "data" && i.object.type === "coderd_organization"),
    why: ([i]) =>
      (i.object.kind === "data"
        ? "The organization the template belongs to (`platform.organization`) changes"
        : baseBody(i).organization_id === undefined
        ? "The template's `organization_id` is now set (from `platform.organization`); before, the provider filled in the " +
          "deploying token's first organization"
        : `${paths([i])} of the template changed`) +
      ". Where it names the organization the template is in, nothing changes. Otherwise the template is replaced: " +
      "`organization_id` is RequiresReplaceIfConfigured (coderd provider v0.0.23 template_resource.go), so Terraform deletes " +
      `the template ${NEXT_DEPLOY} and creates it in the other organization. Coder refuses the delete while workspaces use ` +
      "the template (the deploy fails); without workspaces, every version is gone.",
    todo: () =>
      "Check that the template's organization (`coder templates list -o json`: `organization_name`) is `platform.organization`; " +
      "then accept it with `--accept breaks`. To move workspaces to another organization, create the template there beside this one.",
  },
  {
    id: "platform-template-renamed",
    on: "attribute",
    class: "breaks",
    match: (i) => ofType(i, ...TEMPLATE) && at(i, "name"),
    why: (inputs) =>
      `${paths(inputs)} of the template changed: workspaces stay attached to it, but \`coder create --template\`, \`npm run push\` ` +
      "and links name the template by its old name.",
    todo: () => "Keep the name; change `display_name` instead.",
  },
  {
    id: "platform-template-require-active",
    on: "attribute",
    class: "restarts",
    match: (i) => ofType(i, ...TEMPLATE) && at(i, "require_active_version") && i.attribute!.new === true,
    why: () =>
      "`require_active_version` turned on: every workspace start now updates to the active version first, so every change " +
      "the template review reports as a restart reaches workspaces at their next start.",
    todo: () => "Nothing; users see their workspace update when they start it.",
  },
  {
    id: "platform-template-version",
    on: "attribute",
    class: "safe",
    match: (i) => ofType(i, ...TEMPLATE) && at(i, "versions"),
    why: (inputs) =>
      `${paths(inputs)}: the deploy publishes a new template version (active when \`active\` is true); what it does to ` +
      "workspaces is what the template's own rows in this review say, when they update to it.",
    todo: () => "Nothing beyond the template's rows.",
  },
  {
    id: "platform-template-setting",
    on: "attribute",
    class: "safe",
    match: (i) => ofType(i, ...TEMPLATE),
    why: (inputs) =>
      `${paths(inputs)}: a template setting in Coder (schedule, permissions, texts); Coder applies it from the next deploy on, ` +
      "nothing is rebuilt and no data is touched.",
    todo: () => "Nothing; tell users if a schedule changes.",
  },
];

/** The platform's fallback for objects no other row names: it runs at the next deploy, not at workspace builds. */
export const PLATFORM_OBJECT_FALLBACK: Rule = {
  id: "platform-object",
  on: ["added", "removed", "moved"],
  class: "safe",
  match: platform,
  why: ([i]) =>
    `${i.change.kind === "added" ? "Created" : i.change.kind === "removed" ? "Deleted" : `Re-created under ${code(to(i))}`} ` +
    `${NEXT_DEPLOY}; no workspace data lives in it.`,
  todo: () => "Nothing.",
};

/** The platform's fallback for values no other row names. */
export const PLATFORM_ATTRIBUTE_FALLBACK: Rule = {
  id: "platform-attribute",
  on: "attribute",
  class: "safe",
  match: platform,
  why: (inputs) => `${paths(inputs)}: updated ${NEXT_DEPLOY}; no workspace data lives in it.`,
  todo: () => "Nothing.",
};
