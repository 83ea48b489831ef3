/**
 * Compares two templates object by object, the way Terraform matches configuration to state: by address. An object
 * whose address changed is paired with its old self (a `moved` block says so; otherwise a lone removed and a lone
 * added object of the same type, or coder parameters with the same `name`), so the review can say "moved" rather than
 * "removed" plus "added". Attributes are compared by path, not by line.
 */
import { isDeepStrictEqual } from "util";
import { Path } from "./paths";
import { Json, Template, TfObject, isObject } from "./template";

/** One changed value; `undefined` means absent on that side. */
export interface AttributeChange {
  readonly path: Path;
  readonly old: Json | undefined;
  readonly new: Json | undefined;
}

/** How an object changed. */
export type ChangeKind = "added" | "removed" | "changed" | "moved";

/** One object's change between base and head. */
export interface ObjectChange {
  readonly kind: ChangeKind;
  /** The object in the base (absent when added). */
  readonly base?: TfObject;
  /** The object in the head (absent when removed). */
  readonly head?: TfObject;
  /** For `moved`: whether a `moved` block in the head carries the state over. */
  readonly movedBlock?: boolean;
  /** Changed values (for `changed` and `moved`). */
  readonly attributes: AttributeChange[];
}

/** The address of the change as the report shows it. */
export function changeAddress(change: ObjectChange): string {
  if (change.kind === "moved") return `${change.base!.address} → ${change.head!.address}`;
  return (change.head ?? change.base)!.address;
}

/** Every changed, added, removed or moved object, in address order. */
export function compareTemplates(base: Template, head: Template): ObjectChange[] {
  const changes: ObjectChange[] = [];
  const removed = [...base.objects.values()].filter((o) => !head.objects.has(o.address));
  const added = [...head.objects.values()].filter((o) => !base.objects.has(o.address));
  const pairs = pairMoves(removed, added, head);
  // Where the state moves with the object (a moved block; a data source, which has none), a reference to the new
  // address means the same value as one to the old: compare with the head's references written back.
  const carried = pairs.filter(([b, , movedBlock]) => movedBlock || b.kind === "data");
  const unmove = (body: Json) => rewriteReferences(body, new Map(carried.map(([b, h]) => [referenceOf(h), referenceOf(b)])));

  for (const [address, b] of base.objects) {
    const h = head.objects.get(address);
    if (!h) continue;
    const attributes = diffValues(b.body, unmove(h.body));
    if (attributes.length > 0) changes.push({ kind: "changed", base: b, head: h, attributes });
  }

  for (const [b, h, movedBlock] of pairs) {
    removed.splice(removed.indexOf(b), 1);
    added.splice(added.indexOf(h), 1);
    changes.push({ kind: "moved", base: b, head: h, movedBlock, attributes: diffValues(b.body, unmove(h.body)) });
  }
  for (const b of removed) changes.push({ kind: "removed", base: b, attributes: [] });
  for (const h of added) changes.push({ kind: "added", head: h, attributes: [] });
  return changes.sort((x, y) => changeAddress(x).localeCompare(changeAddress(y)));
}

/** Pairs removed with added objects that are the same object under a new address. */
function pairMoves(removed: TfObject[], added: TfObject[], head: Template): [TfObject, TfObject, boolean][] {
  const pairs: [TfObject, TfObject, boolean][] = [];
  const taken = new Set<TfObject>();
  const take = (b: TfObject, h: TfObject, movedBlock: boolean) => {
    pairs.push([b, h, movedBlock]);
    taken.add(b).add(h);
  };
  for (const m of head.moved) {
    const b = removed.find((o) => o.address === m.from);
    const h = added.find((o) => o.address === m.to);
    if (b && h) take(b, h, true);
  }
  // Coder knows a parameter by its `name`, not by the data source's address.
  for (const b of removed.filter((o) => o.type === "coder_parameter" && o.kind === "data")) {
    const h = added.find((o) => !taken.has(o) && o.type === b.type && o.kind === "data" && nameOf(o) === nameOf(b));
    if (h && !taken.has(b)) take(b, h, false);
  }
  // A lone removed and a lone added object of one type: the same object under a new address (a new logical id).
  for (const b of removed) {
    if (taken.has(b) || (b.kind !== "resource" && b.kind !== "data")) continue;
    const sameType = (o: TfObject) => !taken.has(o) && o.kind === b.kind && o.type === b.type;
    const from = removed.filter(sameType);
    const to = added.filter(sameType);
    if (from.length === 1 && to.length === 1) take(b, to[0], false);
  }
  return pairs;
}

/** How an expression refers to the object: `var.x`, `data.t.n`, `t.n`. */
const referenceOf = (o: TfObject) => o.address;

/** Replaces references to the keys of `renames` in every `${...}` expression of `value`. */
function rewriteReferences(value: Json, renames: Map<string, string>): Json {
  if (renames.size === 0) return value;
  if (typeof value === "string") {
    if (!value.includes("${")) return value;
    let out = value;
    for (const [now, was] of renames) {
      const escaped = now.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      out = out.replace(new RegExp(`(?<![\\w.-])${escaped}(?![\\w-])`, "g"), was);
    }
    return out;
  }
  if (Array.isArray(value)) return value.map((v) => rewriteReferences(v, renames));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewriteReferences(v, renames)]));
  return value;
}

const nameOf = (o: TfObject) => (isObject(o.body) ? o.body.name : undefined);

/**
 * The changed values between two JSON values. Objects are walked key by key and lists of objects (blocks) element by
 * element; a list of plain values (a set such as access_modes, a command line) is one value.
 */
export function diffValues(a: Json | undefined, b: Json | undefined, path: Path = []): AttributeChange[] {
  if (isDeepStrictEqual(a, b)) return [];
  const objectish = (v: Json | undefined) => v === undefined || isObject(v);
  if ((isObject(a) || isObject(b)) && objectish(a) && objectish(b)) {
    const x = (a ?? {}) as Record<string, Json>;
    const y = (b ?? {}) as Record<string, Json>;
    const keys = [...new Set([...Object.keys(x), ...Object.keys(y)])].sort();
    return keys.flatMap((k) => diffValues(x[k], y[k], [...path, k]));
  }
  const blocks = (v: Json | undefined) => v === undefined || (Array.isArray(v) && v.some(isObject));
  if ((Array.isArray(a) || Array.isArray(b)) && blocks(a) && blocks(b)) {
    const x = (a ?? []) as Json[];
    const y = (b ?? []) as Json[];
    if (x.length && y.length && uniquelyNamed(x) && uniquelyNamed(y)) return diffNamedBlocks(x, y, path);
    return Array.from({ length: Math.max(x.length, y.length) }, (_, i) => diffValues(x[i], y[i], [...path, i])).flat();
  }
  return [{ path, old: a, new: b }];
}

/** Every element is a block with a `name` of its own (containers, env, volumes, volume mounts, ports). */
const uniquelyNamed = (v: Json[]) =>
  v.every((e) => isObject(e) && typeof e.name === "string") && new Set(v.map((e) => (e as { name: string }).name)).size === v.length;

/**
 * Named blocks are paired by name, not position, so that a container added in front does not show every later one
 * as changed. Paths carry the head's index (the base's for a removed block). A new order of the same names is a
 * change of its own: kubelet starts containers in list order.
 */
function diffNamedBlocks(x: Json[], y: Json[], path: Path): AttributeChange[] {
  const names = (v: Json[]) => v.map((e) => (e as { name: string }).name);
  const byName = (v: Json[]) => new Map(v.map((e, i) => [(e as { name: string }).name, { e, i }]));
  const [bx, by] = [byName(x), byName(y)];
  const out: AttributeChange[] = [];
  for (const [name, { e, i }] of by) out.push(...diffValues(bx.get(name)?.e, e, [...path, i]));
  for (const [name, { e, i }] of bx) if (!by.has(name)) out.push(...diffValues(e, undefined, [...path, i]));
  const kept = (v: Json[], other: Map<string, unknown>) => names(v).filter((n) => other.has(n));
  if (kept(x, by).join("\n") !== kept(y, bx).join("\n")) out.push({ path, old: names(x), new: names(y) });
  return out;
}
