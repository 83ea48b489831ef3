/**
 * The field readers of context.devpod's nested sections (platform, backups, sizing, presets, devcontainers): each
 * takes the section's raw object, the full key (`platform.state.path`), a default, and its rule, and throws one
 * DevpodConfigError naming key, value and fix.
 */
import { ConfigType, configTypeOf, credentialsInUrl, invalidConfigValue, unknownConfigKey, wrongConfigType } from "./errors";
import { hasUrlCredentials } from "./url-pattern";

/** A section of the raw config. */
export type Raw = Record<string, unknown>;

/** An optional object with only the `known` keys. */
export function section(raw: unknown, key: string, known: string[]): Raw {
  if (raw === undefined || raw === null) return {};
  expectType(key, raw, "an object", `write "${key.split(".").pop()}": { ... } or leave it out for the defaults`);
  refuseUnknown(raw as Raw, key, known);
  return raw as Raw;
}

/** Refuses a key of `input` that is not `known`, naming the full key, the nearest known one and the known ones. */
export function refuseUnknown(input: Raw, key: string, known: readonly string[]): void {
  for (const name of Object.keys(input)) {
    if (known.includes(name)) continue;
    const suggestion = nearest(name, known);
    throw unknownConfigKey(`${key}.${name}`, known.map((k) => `${key}.${k}`), suggestion && `${key}.${suggestion}`);
  }
}

/** The known key closest to `key` (edit distance at most 3, case ignored), for "did you mean" in the unknown-key error. */
export function nearest(key: string, known: readonly string[]): string | undefined {
  const distance = (a: string, b: string): number => {
    let row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      const next = [i];
      for (let j = 1; j <= b.length; j++) {
        next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
      }
      row = next;
    }
    return row[b.length];
  };
  const [best] = [...known].map((k) => ({ k, d: distance(key, k) })).sort((x, y) => x.d - y.d);
  return best && best.d <= 3 ? best.k : undefined;
}

/**
 * Throws one line naming the expected and the given JSON type when `value` is not of `type` (`"2"` where a number
 * belongs); `undefined` (not set) passes, the reader's own rule decides about it.
 */
export function expectType(key: string, value: unknown, type: ConfigType, fix: string): void {
  if (value !== undefined && !isType(value, type)) throw wrongConfigType(key, value, type, fix);
}

/** {@link expectType} for each entry of the list `value`: the message quotes the list and names the entry. */
export function expectEntryTypes(key: string, value: readonly unknown[], type: ConfigType, fix: string): void {
  const bad = value.findIndex((entry) => !isType(entry, type));
  if (bad >= 0) throw wrongConfigType(key, value, type, fix, { value: value[bad] });
}

const isType = (value: unknown, type: ConfigType): boolean => {
  const given = configTypeOf(value);
  return given === type || (type === "true or false" && given === "a boolean");
};

/** Refuses `url` (an entry of `value`, or `value` itself) when it carries credentials; the message shows it redacted. */
export function refuseCredentials(key: string, value: unknown, url: unknown, fix: string): void {
  if (typeof url === "string" && hasUrlCredentials(url)) throw credentialsInUrl(key, value, url, fix);
}

/** The last segment of a full key: the name in its section. */
export const last = (key: string) => key.split(".").pop() as string;

/** A string matching `re`, at most `maxLength` long. */
export function str(input: Raw, key: string, fallback: string, re: RegExp, rule: string, fix: string, maxLength: number): string {
  const value = input[last(key)] ?? fallback;
  const how = fix.startsWith("e.g.") ? `use ${fix}` : fix;
  expectType(key, value, "a string", how);
  if (typeof value !== "string" || !re.test(value) || value.length > maxLength) {
    throw invalidConfigValue(key, value, `must be ${rule}`, how);
  }
  return value;
}

/** true or false. */
export function bool(input: Raw, key: string, fallback: boolean): boolean {
  const value = input[last(key)] ?? fallback;
  expectType(key, value, "true or false", `use ${fallback}`);
  if (typeof value !== "boolean") throw invalidConfigValue(key, value, "must be true or false", `use ${fallback}`);
  return value;
}

/** A whole number from `min` to `max` (Number.MAX_SAFE_INTEGER: no maximum). */
export function int(input: Raw, key: string, fallback: number, min: number, max: number): number {
  const value = input[last(key)] ?? fallback;
  expectType(key, value, "a number", `use e.g. ${fallback}`);
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`;
    throw invalidConfigValue(key, value, `must be a whole number ${range}`, `use e.g. ${fallback}`);
  }
  return value;
}

/** One of `allowed`. */
export function oneOf<T extends string>(input: Raw, key: string, fallback: T, allowed: readonly T[]): T {
  const value = input[last(key)] ?? fallback;
  expectType(key, value, "a string", `use e.g. ${fallback}`);
  if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
    throw invalidConfigValue(key, value, `must be one of ${allowed.join(", ")}`, `use e.g. ${fallback}`);
  }
  return value as T;
}
