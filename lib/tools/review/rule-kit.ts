/**
 * What the rows of the classification table are made of: the classes, the rule and its input, and the predicates and
 * wording helpers the rows share (rules.ts holds the template's rows, platform-rules.ts the platform stack's).
 */
import { AttributeChange, ObjectChange } from "./compare";
import { Path, coveringEntry, formatPath, under } from "./paths";
import { DEPLOYMENT_TYPES, FACTS_VERSIONS, STATEFUL, StatefulType, exactVersion, providerSource } from "./provider-facts";
import { Json, Template, TfObject, isObject } from "./template";
import { CLAIM_LOSS, claimRole } from "./claims";

/** The classes, worst first. */
export const CLASSES = ["destroys", "breaks", "restarts", "safe"] as const;
export type ChangeClass = (typeof CLASSES)[number];

/** How the report names each class. */
export const CLASS_LABEL: Record<ChangeClass, string> = {
  destroys: "destroys data",
  breaks: "breaks existing workspaces",
  restarts: "restarts workspaces",
  safe: "safe",
};

/** What a rule looks at: one object change and, for attribute rules, one changed value. */
export interface RuleInput {
  readonly change: ObjectChange;
  /** The head's object (the base's when it was removed). */
  readonly object: TfObject;
  /** The changed value, for `attribute` rules. */
  readonly attribute?: AttributeChange;
  readonly base: Template;
  readonly head: Template;
}

/** The kinds of change a rule classifies. */
export type ChangeOn = "added" | "removed" | "moved" | "attribute";

/** Whether `rule` classifies changes of kind `on`. */
export const handles = (rule: Rule, on: ChangeOn) => (typeof rule.on === "string" ? rule.on === on : rule.on.includes(on));

/** One classification rule. */
export interface Rule {
  /** Stable id, shown in --json and used by the tests. */
  readonly id: string;
  /** The kind(s) of change it classifies: an object added, removed or moved, or one changed attribute value. */
  readonly on: ChangeOn | readonly ChangeOn[];
  readonly class: ChangeClass;
  readonly match: (input: RuleInput) => boolean;
  /** Why: the reason, from the provider facts. Attribute rules get every changed value of the object they matched. */
  readonly why: (inputs: RuleInput[]) => string;
  /** What to do about it. */
  readonly todo: (inputs: RuleInput[]) => string;
}

// ---- predicates and wording helpers --------------------------------------------------------------------------------

export const META_ARGUMENTS = ["count", "for_each", "lifecycle", "depends_on", "provider"];
export const code = (s: string) => (s.includes("`") ? `\`\` ${s} \`\`` : `\`${s}\``);
export const pathOf = (i: RuleInput) => i.attribute!.path;
export const paths = (inputs: RuleInput[]) => [...new Set(inputs.map((i) => formatPath(pathOf(i))))].map(code).join(", ");
export const resource = (i: RuleInput) => i.object.kind === "resource";
export const statefulOf = (i: RuleInput): StatefulType | undefined => (resource(i) ? STATEFUL[i.object.type] : undefined);
export const isDeployment = (i: RuleInput) => resource(i) && DEPLOYMENT_TYPES.includes(i.object.type);
export const isType = (i: RuleInput, type: string) => resource(i) && i.object.type === type;
export const isParameter = (i: RuleInput) => i.object.kind === "data" && i.object.type === "coder_parameter";
export const at = (i: RuleInput, prefix: string) => i.attribute !== undefined && under(pathOf(i), prefix);
export const isMeta = (path: Path) => typeof path[0] === "string" && META_ARGUMENTS.includes(path[0]);
export const baseBody = (i: RuleInput) => (i.change.base?.body ?? {}) as Record<string, Json>;
export const headBody = (i: RuleInput) => (i.change.head?.body ?? {}) as Record<string, Json>;
export const address = (i: RuleInput) => i.object.address;
export const from = (i: RuleInput) => i.change.base!.address;
export const to = (i: RuleInput) => i.change.head!.address;

/** The value at a dotted path (one-element lists are stepped through). */
export function valueAt(body: Json | undefined, dotted: string): Json | undefined {
  let v: Json | undefined = body;
  for (const key of dotted.split(".")) {
    if (Array.isArray(v)) v = v[0];
    v = isObject(v) ? v[key] : undefined;
  }
  return v;
}

/** The ForceNew fact of a stateful object that covers the changed path, if any. */
export const forceNewFact = (i: RuleInput) => statefulOf(i)?.forceNew.find((f) => at(i, f.path));

/**
 * The ignore_changes entry of the head object that covers the changed path. It holds for every existing instance,
 * with or without count/for_each; an instance that count/for_each creates later is new and gets the new value (the
 * rule's text says so, and a change of count/for_each itself is a change of its own).
 */
export function ignoredBy(i: RuleInput): string | undefined {
  if (!resource(i) || !i.attribute || isMeta(pathOf(i)) || i.change.head === undefined) return undefined;
  return coveringEntry(valueAt(headBody(i), "lifecycle.ignore_changes"), pathOf(i));
}

/** Whether the head object has count or for_each: some of its instances may be created afresh later. */
export const repeated = (i: RuleInput) => headBody(i).count !== undefined || headBody(i).for_each !== undefined;

/** The stack the change belongs to: `devpod` (the template) or `platform`. */
export const stackOf = (i: RuleInput) => i.head.stack;
export const inTemplate = (i: RuleInput) => stackOf(i) !== "platform";

/** Bytes of a Kubernetes quantity such as `30Gi`, or undefined for an expression. */
export function quantity(value: Json | undefined): number | undefined {
  if (typeof value !== "string" && typeof value !== "number") return undefined;
  const m = /^([0-9]+(?:\.[0-9]+)?)(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E|m)?$/.exec(String(value).trim());
  if (!m) return undefined;
  const factor: Record<string, number> = {
    "": 1, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
    Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
  };
  return Number(m[1]) * factor[m[2] ?? ""];
}

/** The stateful objects of `template` whose shrink-sensitive size refers to parameter `name`. */
export function claimsSizedBy(template: Template, name: string): string[] {
  const ref = `data.coder_parameter.${name}.`;
  return [...template.objects.values()]
    .filter((o) => o.kind === "resource" && STATEFUL[o.type]?.shrinkForcesNew)
    .filter((o) => String(valueAt(o.body, STATEFUL[o.type].shrinkForcesNew!.path) ?? "").includes(ref))
    .map((o) => o.address);
}

export const optionValues = (body: Record<string, Json>) =>
  new Set((Array.isArray(body.option) ? body.option : []).map((o) => (isObject(o) ? String(o.value) : "")));
export const num = (v: Json | undefined) => (typeof v === "number" ? v : typeof v === "string" && v !== "" ? Number(v) : undefined);
export const validation = (body: Record<string, Json>) => (isObject(body.validation) ? body.validation : Array.isArray(body.validation) && isObject(body.validation[0]) ? body.validation[0] : {});
export const monotonicOf = (body: Record<string, Json>) => validation(body).monotonic;
/** Coder's default for `mutable` is false (coder provider v2.17.0 provider/parameter.go). */
export const mutable = (body: Record<string, Json>) => body.mutable === true;
export const paramName = (i: RuleInput) => String(headBody(i).name ?? baseBody(i).name ?? i.object.name);

export const NEXT_BUILD = "at each workspace's next build (start, stop or update)";

// Coder keeps the values of a template's first push (coder/coder#12133), but this project pushes every variable with
// the config's value at every publish (npm run push, the platform stack's tf_vars): a new default is the new value.
export const PUSHED_DEFAULTS =
  "`npm run push` and the platform stack pass every variable with its default at every publish, so this is the value " +
  "Coder gets (with a plain `coder templates push`, Coder would keep the first push's value: coder/coder#12133).";

/** The Deployments of `template` whose pod template (spec.template) mentions `ref`, e.g. `var.dind_image`. */
export function podTemplatesUsing(template: Template, ref: string): string[] {
  const pattern = new RegExp(`\\b${ref.replace(/\./g, "\\.")}\\b`);
  return [...template.objects.values()]
    .filter((o) => o.kind === "resource" && DEPLOYMENT_TYPES.includes(o.type))
    .filter((o) => pattern.test(JSON.stringify(valueAt(o.body, "spec.template") ?? null)))
    .map((o) => o.address);
}


/**
 * The claim whose namespace the Deployment's new `metadata.namespace` reads, when the template proves that value equal
 * to the old one: the pod mounts that claim by name in both versions, and a pod can only mount a claim of its own
 * namespace, so for every workspace whose pod runs, the claim's namespace is the namespace the Deployment had.
 */
export function sameNamespaceClaim(i: RuleInput): string | undefined {
  if (!isDeployment(i) || !at(i, "metadata.namespace") || i.change.kind !== "changed") return undefined;
  const m = /^\$\{([A-Za-z0-9_]+\.[A-Za-z0-9_-]+)\.metadata\[0\]\.namespace\}$/.exec(String(i.attribute!.new ?? ""));
  const claim = m?.[1];
  if (!claim || !claim.startsWith("kubernetes_persistent_volume_claim") || !i.base.objects.has(claim)) return undefined;
  const mounts = (body: Record<string, Json>) =>
    JSON.stringify(valueAt(body, "spec.template.spec.volume") ?? null).includes(`"claim_name":"\${${claim}.metadata[0].name}"`);
  return mounts(baseBody(i)) && mounts(headBody(i)) ? claim : undefined;
}

/** A provider version change: its registry source, the old and new constraint or locked version, and what they mean. */
export interface VersionChange {
  readonly source: string;
  readonly old?: string;
  readonly new?: string;
  /** The one version the new side allows, if it allows one. */
  readonly exact?: string;
  /** The version this review's facts are from, if it has facts for the provider. */
  readonly facts?: string;
  /** Where: `required_providers` or the lock file. */
  readonly where: "required_providers" | "lock file";
}

/** The provider version change of a `terraform` object's required_providers or of a lock file entry, if any. */
export function versionChange(i: RuleInput): VersionChange | undefined {
  const str = (v: Json | undefined) => (typeof v === "string" ? v : undefined);
  if (i.object.kind === "terraform" && i.attribute && at(i, "required_providers")) {
    const name = pathOf(i)[1];
    if (typeof name !== "string") return undefined;
    const entry = (body: Record<string, Json>) => {
      const v = valueAt(body, `required_providers.${name}`);
      return isObject(v) ? v : typeof v === "string" ? { version: v } : {};
    };
    const [b, h] = [entry(baseBody(i)), entry(headBody(i))];
    const source = providerSource(str(h.source) ?? str(b.source) ?? `hashicorp/${name}`);
    const now = str(h.version);
    return { source, old: str(b.version), new: now, exact: exactVersion(now), facts: FACTS_VERSIONS[source], where: "required_providers" };
  }
  // A lock entry whose version changed is one change: its hashes and constraints follow the version.
  if (i.object.kind === "lock" && (i.attribute === undefined || baseBody(i).version !== headBody(i).version)) {
    const source = providerSource(i.object.name);
    const now = i.change.head ? str(headBody(i).version) : undefined;
    return { source, old: i.change.base ? str(baseBody(i).version) : undefined, new: now, exact: now, facts: FACTS_VERSIONS[source], where: "lock file" };
  }
  return undefined;
}

/** Whether the new side runs the provider this review has facts for (or one it has no facts for at all). */
export const checkedVersion = (v: VersionChange) => v.facts === undefined || v.exact === v.facts;

/** What losing this stateful object loses: the claim's own data for the template's claims, the type's otherwise. */
export function lossOf(i: RuleInput): string {
  const role = claimRole(i.object);
  return role ? CLAIM_LOSS[role] : statefulOf(i)!.loss;
}

/** A reference to what a prebuild claim changes: any attribute of the owner, or the workspace's name. */
export const CLAIM_CHANGES = /\bdata\.coder_workspace_owner\.|\bdata\.coder_workspace\.[A-Za-z0-9_-]+\.name\b/;
