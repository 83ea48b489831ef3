/**
 * Attribute paths inside a Terraform object, and Terraform's `lifecycle.ignore_changes` references to them.
 *
 * cdktf writes a block that Terraform models as a one-element list (`spec`, `metadata`) as a JSON object, so the path of
 * a changed value in cdk.tf.json (`spec.storage_class_name`) lacks the `[0]` that Terraform's own reference
 * (`spec[0].storage_class_name`) carries. Matching therefore skips a `[0]` on either side where the other side has none.
 */

/** One step: an attribute or map key, or a list index. */
export type Step = string | number;
/** A path from the object's top. */
export type Path = readonly Step[];

const IDENT = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Terraform-style text of a path: `spec.template.spec.container[0].image`, `metadata.labels["app.kubernetes.io/name"]`. */
export function formatPath(path: Path): string {
  let out = "";
  for (const step of path) {
    if (typeof step === "number") out += `[${step}]`;
    else if (IDENT.test(step)) out += out ? `.${step}` : step;
    else out += `[${JSON.stringify(step)}]`;
  }
  return out;
}

/** The attribute names of a path without list indexes: what the provider's schema calls it (`spec.selector`). */
export function schemaPath(path: Path): string[] {
  return path.filter((s): s is string => typeof s === "string");
}

/** True when `path` is `prefix` or below it; `prefix` is written with dots (`spec.resources.limits`), no indexes. */
export function under(path: Path, prefix: string): boolean {
  const want = prefix.split(".");
  const have = schemaPath(path);
  return want.length <= have.length && want.every((s, i) => s === have[i]);
}

/**
 * Parses one ignore_changes entry: a Terraform attribute reference such as `spec[0].storage_class_name`, the legacy
 * `spec.0.storage_class_name`, `metadata[0].labels["team"]`, or a bare `metadata`. Returns undefined for text that is
 * not a reference.
 */
export function parseReference(text: string): Step[] | undefined {
  const steps: Step[] = [];
  const re = /\s*(?:(^|\.)([A-Za-z_][A-Za-z0-9_-]*)|\.(\d+)|\[\s*(\d+)\s*\]|\[\s*"((?:[^"\\]|\\.)*)"\s*\])/y;
  let at = 0;
  while (at < text.length) {
    re.lastIndex = at;
    const m = re.exec(text);
    if (!m || (m[2] !== undefined && at > 0 && m[1] !== ".")) return undefined;
    if (m[2] !== undefined) steps.push(m[2]);
    else if (m[3] !== undefined) steps.push(Number(m[3]));
    else if (m[4] !== undefined) steps.push(Number(m[4]));
    else steps.push(JSON.parse(`"${m[5]}"`) as string);
    at = re.lastIndex;
  }
  return steps.length > 0 && typeof steps[0] === "string" ? steps : undefined;
}

/** The entries of a `lifecycle.ignore_changes` value: `"all"`, or a list of references. */
export function ignoreEntries(value: unknown): string[] {
  if (typeof value === "string") return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/** True when ignore_changes entry `entry` covers a change at `path` (the entry names it or one of its parents). */
export function covers(entry: string, path: Path): boolean {
  if (entry.trim() === "all") return true;
  const ref = parseReference(entry);
  if (!ref) return false;
  let i = 0;
  let j = 0;
  while (i < ref.length) {
    if (j >= path.length) return false; // the entry names something below the change: it covers part of it only
    const want = ref[i];
    const have = path[j];
    if (want === have) {
      i++;
      j++;
    } else if (want === 0 && typeof have === "string") {
      i++; // `spec[0]` against cdktf's object-form `spec`
    } else if (have === 0 && typeof want === "string") {
      j++; // an override that wrote a block as a one-element JSON list
    } else {
      return false;
    }
  }
  return true;
}

/** The first entry of `ignoreChanges` (a lifecycle.ignore_changes value) that covers `path`, if any. */
export function coveringEntry(ignoreChanges: unknown, path: Path): string | undefined {
  return ignoreEntries(ignoreChanges).find((entry) => covers(entry, path));
}
