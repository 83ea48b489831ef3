/**
 * Whether a new validation rejects a value the old one accepted. Inclusion of regular languages is decidable but not
 * worth an automaton here, and Coder's stored values are unknown to the review; so the check is a sample, and the
 * report says so: the values the review knows (the old default, the options) plus strings generated from the old
 * regex itself (a seeded walk, so a review prints the same thing twice). A rejected sample proves a tightening; no
 * rejected sample is evidence, not proof, of a loosening. Only conditions of the form `can(regex("<re>", var.x))` are
 * understood; anything else is "cannot tell".
 */
import { Json, isObject } from "./template";

/** The regexes a value must match (all of them), or undefined when a condition is not a plain regex test. */
export type Accepts = RegExp[] | undefined;

const CONDITION = /^\$\{can\(regex\(("(?:[^"\\]|\\.)*"),\s*var\.[A-Za-z0-9_-]+\)\)\}$/;

/** The regexes a Terraform variable's `validation` blocks require; [] for none; undefined when one is not understood. */
export function variableRegexes(validation: Json | undefined): Accepts {
  const blocks = validation === undefined ? [] : Array.isArray(validation) ? validation : [validation];
  const out: RegExp[] = [];
  for (const b of blocks) {
    const m = isObject(b) && typeof b.condition === "string" ? CONDITION.exec(b.condition) : null;
    const re = m ? compile(JSON.parse(m[1]) as string) : undefined;
    if (!re) return undefined;
    out.push(re);
  }
  return out;
}

/** The regex a coder_parameter's `validation.regex` requires; [] for none. */
export function parameterRegexes(validation: Json | undefined): Accepts {
  const block = Array.isArray(validation) ? validation[0] : validation;
  const text = isObject(block) ? block.regex : undefined;
  if (typeof text !== "string" || text === "") return [];
  const re = compile(text);
  return re ? [re] : undefined;
}

/** RE2 (Terraform, Go) and JavaScript agree on the syntax these templates use; a pattern JS refuses is not understood. */
function compile(pattern: string): RegExp | undefined {
  try {
    return new RegExp(pattern);
  } catch {
    return undefined;
  }
}

const accepts = (res: RegExp[], value: string) => res.every((re) => re.test(value));

/** The outcome of comparing two validations on samples. */
export type Verdict =
  | { readonly kind: "unknown" }
  | { readonly kind: "added" } // from no rule to a rule: every value was accepted before
  | { readonly kind: "rejects"; readonly value: string; readonly known: boolean }
  | { readonly kind: "accepts"; readonly samples: number };

/** Compares old and new rules on the known values and on strings generated from the old rules. */
export function compareValidations(old: Accepts, now: Accepts, known: string[]): Verdict {
  // No rule any more: every value is accepted, whatever the old rule was (even one the review cannot read).
  if (now !== undefined && now.length === 0) return { kind: "accepts", samples: 0 };
  if (old === undefined || now === undefined) return { kind: "unknown" };
  if (old.length === 0) return { kind: "added" };
  const wereAccepted = (values: string[]) => values.filter((v) => accepts(old, v));
  for (const value of wereAccepted(known)) if (!accepts(now, value)) return { kind: "rejects", value, known: true };
  const generated = wereAccepted(old.flatMap((re) => samplesOf(re, 200)));
  for (const value of generated) if (!accepts(now, value)) return { kind: "rejects", value, known: false };
  return { kind: "accepts", samples: known.length + generated.length };
}

// ---- strings from a regex ------------------------------------------------------------------------------------------

type Node =
  | { t: "chars"; set: string[] }
  | { t: "seq"; items: Node[] }
  | { t: "alt"; options: Node[] }
  | { t: "rep"; node: Node; min: number; max: number };

const PRINTABLE = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i));
const range = (a: string, b: string) => Array.from({ length: b.charCodeAt(0) - a.charCodeAt(0) + 1 }, (_, i) => String.fromCharCode(a.charCodeAt(0) + i));
const CLASSES: Record<string, string[]> = {
  d: range("0", "9"),
  w: [...range("a", "z"), ...range("A", "Z"), ...range("0", "9"), "_"],
  s: [" ", "\t"],
};

/** Parses the subset of regex syntax that validations use; throws on anything else (lookarounds, backreferences). */
function parse(pattern: string): Node {
  let at = 0;
  const peek = () => pattern[at];
  const escape = (): string[] => {
    const c = pattern[at++];
    if (c === undefined) throw new Error("trailing backslash");
    if (CLASSES[c]) return CLASSES[c];
    if (CLASSES[c.toLowerCase()]) return PRINTABLE.filter((x) => !CLASSES[c.toLowerCase()].includes(x));
    if (/[A-Za-z0-9]/.test(c)) throw new Error(`escape \\${c}`);
    return [c];
  };
  const charClass = (): string[] => {
    const negated = peek() === "^" && !!++at;
    const set: string[] = [];
    let first = true;
    while (at < pattern.length && (peek() !== "]" || first)) {
      first = false;
      let c: string[] = pattern[at] === "\\" ? (at++, escape()) : [pattern[at++]];
      if (c.length === 1 && peek() === "-" && pattern[at + 1] !== undefined && pattern[at + 1] !== "]") {
        at++;
        const end = pattern[at] === "\\" ? (at++, escape()) : [pattern[at++]];
        c = range(c[0], end[0]);
      }
      set.push(...c);
    }
    if (pattern[at++] !== "]") throw new Error("unterminated class");
    return negated ? PRINTABLE.filter((x) => !set.includes(x)) : [...new Set(set)];
  };
  const atom = (): Node | undefined => {
    const c = pattern[at++];
    if (c === "^" || c === "$") return undefined; // anchors: a generated string is a whole match
    if (c === ".") return { t: "chars", set: PRINTABLE };
    if (c === "[") return { t: "chars", set: charClass() };
    if (c === "\\") return { t: "chars", set: escape() };
    if (c === "(") {
      if (peek() === "?") {
        if (pattern[at + 1] !== ":") throw new Error("group flag");
        at += 2;
      }
      const inner = alternation();
      if (pattern[at++] !== ")") throw new Error("unterminated group");
      return inner;
    }
    if ("*+?{".includes(c)) throw new Error("quantifier without atom");
    return { t: "chars", set: [c] };
  };
  const quantified = (node: Node): Node => {
    const c = peek();
    let min: number;
    let max: number;
    if (c === "*") [min, max] = [0, Infinity];
    else if (c === "+") [min, max] = [1, Infinity];
    else if (c === "?") [min, max] = [0, 1];
    else if (c === "{") {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(at));
      if (!m) return node;
      [min, max] = [Number(m[1]), m[2] === undefined ? Number(m[1]) : m[3] === "" ? Infinity : Number(m[3])];
      at += m[0].length - 1;
    } else return node;
    at++;
    if (peek() === "?") at++; // lazy: the same strings
    return quantified({ t: "rep", node, min, max });
  };
  const sequence = (): Node => {
    const items: Node[] = [];
    while (at < pattern.length && peek() !== "|" && peek() !== ")") {
      const a = atom();
      if (a) items.push(quantified(a));
    }
    return { t: "seq", items };
  };
  const alternation = (): Node => {
    const options = [sequence()];
    while (peek() === "|") {
      at++;
      options.push(sequence());
    }
    return options.length === 1 ? options[0] : { t: "alt", options };
  };
  const node = alternation();
  if (at !== pattern.length) throw new Error("unbalanced )");
  return node;
}

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `count` strings the regex matches in whole, or none when its syntax is outside the subset. Repetitions run from
 * their minimum to a few more, and character sets favour their ends, where a tightened range differs.
 */
export function samplesOf(re: RegExp, count: number): string[] {
  let node: Node;
  try {
    node = parse(re.source);
  } catch {
    return [];
  }
  const next = random(0x5eed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(next() * xs.length)];
  const walk = (n: Node): string => {
    switch (n.t) {
      case "chars": {
        const r = next();
        return n.set.length === 0 ? "" : r < 0.15 ? n.set[0] : r < 0.3 ? n.set[n.set.length - 1] : pick(n.set);
      }
      case "seq":
        return n.items.map(walk).join("");
      case "alt":
        return walk(pick(n.options));
      case "rep": {
        const times = n.min + Math.floor(next() * (Math.min(n.max, n.min + 4) - n.min + 1));
        return Array.from({ length: times }, () => walk(n.node)).join("");
      }
    }
  };
  return [...new Set(Array.from({ length: count }, () => walk(node)))];
}
