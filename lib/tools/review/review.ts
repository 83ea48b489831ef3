/**
 * Applies the rule table to every object change: one finding per object and rule, worst class first. The verdict of a
 * review is its worst class; the exit status follows from it and from what the caller accepted.
 */
import { ObjectChange, changeAddress, compareTemplates } from "./compare";
import { formatPath } from "./paths";
import { ChangeOn, handles } from "./rule-kit";
import { CLASSES, ChangeClass, RULES, Rule, RuleInput } from "./rules";
import { Json, Template, isObject } from "./template";

/** One row of the report: what changed on one object, its class, why, and what to do. */
export interface Finding {
  /** The object's address (`old → new` when it moved). */
  readonly object: string;
  /** What changed: `added`, `removed`, `moved`, or one entry per changed value (`path: old → new`). */
  readonly changes: string[];
  readonly class: ChangeClass;
  /** The id of the rule that classified it. */
  readonly rule: string;
  readonly why: string;
  readonly todo: string;
  /** The changed attribute paths (Terraform style), for attribute findings. */
  readonly paths: string[];
}

/** The result of comparing two templates. */
export interface Review {
  readonly findings: Finding[];
  /** The worst class, or undefined when nothing changed. */
  readonly worst?: ChangeClass;
}

/** Compares and classifies one stack. */
export function review(base: Template, head: Template): Review {
  const findings = compareTemplates(base, head).flatMap((change) => classify(change, base, head));
  findings.sort(byClass);
  return { findings, worst: findings[0]?.class };
}

/**
 * Reviews every stack the head has: the template (`devpod`) and the platform stack. A stack the base lacks is
 * compared with an empty one (all of it is new); a stack the head lacks is not reviewed (nothing deploys it).
 */
export function reviewStacks(base: Readonly<Record<string, Template>>, head: Readonly<Record<string, Template>>): Review {
  const findings = Object.entries(head).flatMap(([stack, h]) => review(base[stack] ?? { stack, objects: new Map(), moved: [] }, h).findings);
  findings.sort(byClass);
  return { findings, worst: findings[0]?.class };
}

const byClass = (a: Finding, b: Finding) => CLASSES.indexOf(a.class) - CLASSES.indexOf(b.class) || a.object.localeCompare(b.object);

/** The findings of one object change. */
export function classify(change: ObjectChange, base: Template, head: Template): Finding[] {
  const object = (change.head ?? change.base)!;
  const input = (attribute?: RuleInput["attribute"]): RuleInput => ({ change, object, attribute, base, head });
  const findings: Finding[] = [];
  // The platform stack's objects are named with their stack: `platform: kubernetes_namespace_v1.workspaces`.
  const address = head.stack === "devpod" ? changeAddress(change) : `${head.stack}: ${changeAddress(change)}`;

  if (change.kind !== "changed") {
    const rule = firstRule(change.kind, input());
    const what = change.kind === "moved" ? `moved${change.movedBlock ? " (moved block)" : ""}` : change.kind;
    findings.push(finding(address, [what], rule, [input()]));
  }
  // A moved object without a moved block is a new object: its values do not update the old one.
  const attributesApply = change.kind === "changed" || (change.kind === "moved" && (change.movedBlock || object.kind === "data"));
  if (!attributesApply) return findings;

  const byRule = new Map<Rule, RuleInput[]>();
  for (const attribute of change.attributes) {
    const i = input(attribute);
    const rule = firstRule("attribute", i);
    byRule.set(rule, [...(byRule.get(rule) ?? []), i]);
  }
  for (const [rule, inputs] of byRule) {
    findings.push(finding(address, inputs.map((i) => describe(i.attribute!)), rule, inputs));
  }
  return findings;
}

function firstRule(on: ChangeOn, input: RuleInput): Rule {
  const rule = RULES.find((r) => handles(r, on) && r.match(input));
  if (!rule) throw new Error(`no ${on} rule matches ${input.object.address}: the rule table lacks a catch-all`);
  return rule;
}

function finding(object: string, changes: string[], rule: Rule, inputs: RuleInput[]): Finding {
  return {
    object,
    changes,
    class: rule.class,
    rule: rule.id,
    why: rule.why(inputs),
    todo: rule.todo(inputs),
    paths: inputs.filter((i) => i.attribute).map((i) => formatPath(i.attribute!.path)),
  };
}

/** `spec.storage_class_name: "longhorn" → "fast"`; long or multi-line values are summarized. */
export function describe(a: { path: readonly (string | number)[]; old: Json | undefined; new: Json | undefined }): string {
  const list = (v: Json | undefined) => (v === undefined ? [] : Array.isArray(v) && v.every((x) => !isObject(x)) ? v : undefined);
  const [old, now_] = [list(a.old), list(a.new)];
  if (old && now_ && (a.old !== undefined || a.new !== undefined)) {
    // A list of plain values (args, a set): name the items that went and came.
    const was = old.map((x) => JSON.stringify(x));
    const now = now_.map((x) => JSON.stringify(x));
    // An embedded script in a command line is named by its size, like a changed script attribute.
    const item = (x: string) => short(JSON.parse(x) as Json);
    const gone = was.filter((x) => !now.includes(x)).map((x) => `-${item(x)}`);
    const came = now.filter((x) => !was.includes(x)).map((x) => `+${item(x)}`);
    return `${formatPath(a.path)}: ${[...gone, ...came].join(" ") || "reordered"}`;
  }
  return `${formatPath(a.path)}: ${short(a.old)} → ${short(a.new)}`;
}

function short(v: Json | undefined): string {
  if (Array.isArray(v) && v.every((x) => !isObject(x))) return `[${v.length} items]`;
  if (v === undefined) return "(none)";
  if (typeof v === "string" && v.includes("\n")) return `(${v.split("\n").length} lines)`;
  const text = JSON.stringify(v);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
