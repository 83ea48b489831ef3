/**
 * A synthesized template (cdk.tf.json) read as Terraform reads it: a set of addressed objects (resources, data
 * sources, variables, outputs, providers, locals, the terraform block) plus the `moved` blocks that carry state from one
 * address to another. cdktf's "//" metadata keys are dropped: Terraform ignores them.
 */
import { badTemplate } from "./errors";

/** A JSON value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
/** A JSON object. */
export type JsonObject = { [key: string]: Json };

/** What kind of Terraform object an address names. */
export type ObjectKind = "resource" | "data" | "variable" | "output" | "provider" | "local" | "terraform" | "lock" | "other";

/** One addressed object of a template. */
export interface TfObject {
  /** Terraform address: `kubernetes_persistent_volume_claim_v1.home`, `data.coder_parameter.cpu`, `var.namespace`. */
  readonly address: string;
  readonly kind: ObjectKind;
  /** Resource or data source type (`coder_agent`); the kind for the others. */
  readonly type: string;
  /** Name after the type (`home`). */
  readonly name: string;
  /** The object's arguments as written in the JSON, without "//" keys. */
  readonly body: Json;
}

/** A `moved` block: state at `from` now belongs to `to`. */
export interface Moved {
  readonly from: string;
  readonly to: string;
}

/** A parsed template. */
export interface Template {
  /** The cdktf stack it was synthesized from: `devpod` (the template Coder runs) or `platform`. */
  readonly stack: string;
  /** Objects by address. */
  readonly objects: Map<string, TfObject>;
  readonly moved: Moved[];
}

export const isObject = (v: unknown): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);

/** Removes cdktf's "//" keys (construct paths, metadata) at every depth. */
export function stripMetadata(value: Json): Json {
  if (Array.isArray(value)) return value.map(stripMetadata);
  if (isObject(value)) {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) if (k !== "//") out[k] = stripMetadata(v);
    return out;
  }
  return value;
}

/** Reads a template from the text of a cdk.tf.json. `file` names it in errors. */
export function parseTemplate(text: string, file: string, stack = "devpod"): Template {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw badTemplate(file, (err as Error).message);
  }
  if (!isObject(raw)) throw badTemplate(file, "the top level is not an object");
  return templateOf(raw, stack);
}

/** Reads a template from a parsed cdk.tf.json (or Testing.synth) object. */
export function templateOf(raw: JsonObject, stack = "devpod"): Template {
  const objects = new Map<string, TfObject>();
  const add = (o: TfObject) => objects.set(o.address, o);
  const tf = stripMetadata(raw) as JsonObject;
  const moved: Moved[] = [];
  for (const [block, value] of Object.entries(tf)) {
    if (block === "resource" || block === "data") {
      for (const [type, byName] of Object.entries(asObject(value))) {
        for (const [name, body] of Object.entries(asObject(byName))) {
          const address = block === "data" ? `data.${type}.${name}` : `${type}.${name}`;
          add({ address, kind: block === "data" ? "data" : "resource", type, name, body });
        }
      }
    } else if (block === "variable" || block === "output" || block === "locals") {
      const kind = block === "locals" ? "local" : block;
      const prefix = { variable: "var", output: "output", local: "local" }[kind];
      for (const [name, body] of Object.entries(asObject(value))) add({ address: `${prefix}.${name}`, kind, type: kind, name, body });
    } else if (block === "provider") {
      for (const [name, body] of Object.entries(asObject(value))) {
        add({ address: `provider.${name}`, kind: "provider", type: "provider", name, body });
      }
    } else if (block === "terraform") {
      add({ address: "terraform", kind: "terraform", type: "terraform", name: "terraform", body: value });
    } else if (block === "moved") {
      for (const m of Array.isArray(value) ? value : [value]) {
        if (isObject(m) && typeof m.from === "string" && typeof m.to === "string") moved.push({ from: m.from, to: m.to });
      }
    } else {
      add({ address: block, kind: "other", type: block, name: block, body: value });
    }
  }
  return { stack, objects, moved };
}

function asObject(value: Json): JsonObject {
  return isObject(value) ? value : {};
}
