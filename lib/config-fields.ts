/**
 * The field readers of context.devpod's nested sections (platform, backups, sizing, presets, devcontainers): each
 * takes the section's raw object, the full key (`platform.state.path`), a default, and its rule, and throws one
 * DevpodConfigError naming key, value and fix.
 */
import { invalidConfigValue, unknownConfigKey } from "./errors";

/** A section of the raw config. */
export type Raw = Record<string, unknown>;

/** An optional object with only the `known` keys. */
export function section(raw: unknown, key: string, known: string[]): Raw {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== "object" || Array.isArray(raw)) {
    throw invalidConfigValue(key, raw, "must be an object of settings", `write "${key.split(".").pop()}": { ... } or leave it out for the defaults`);
  }
  refuseUnknown(raw as Raw, key, known);
  return raw as Raw;
}

/** Refuses a key of `input` that is not `known`, naming the full key and the known ones. */
export function refuseUnknown(input: Raw, key: string, known: readonly string[]): void {
  for (const name of Object.keys(input)) {
    if (!known.includes(name)) throw unknownConfigKey(`${key}.${name}`, known.map((k) => `${key}.${k}`));
  }
}

/** The last segment of a full key: the name in its section. */
export const last = (key: string) => key.split(".").pop() as string;

/** A string matching `re`, at most `maxLength` long. */
export function str(input: Raw, key: string, fallback: string, re: RegExp, rule: string, fix: string, maxLength: number): string {
  const value = input[last(key)] ?? fallback;
  if (typeof value !== "string" || !re.test(value) || value.length > maxLength) {
    throw invalidConfigValue(key, value, `must be ${rule}`, fix.startsWith("e.g.") ? `use ${fix}` : fix);
  }
  return value;
}

/** true or false. */
export function bool(input: Raw, key: string, fallback: boolean): boolean {
  const value = input[last(key)] ?? fallback;
  if (typeof value !== "boolean") throw invalidConfigValue(key, value, "must be true or false", `use ${fallback}`);
  return value;
}

/** A whole number from `min` to `max` (Number.MAX_SAFE_INTEGER: no maximum). */
export function int(input: Raw, key: string, fallback: number, min: number, max: number): number {
  const value = input[last(key)] ?? fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`;
    throw invalidConfigValue(key, value, `must be a whole number ${range}`, `use e.g. ${fallback}`);
  }
  return value;
}

/** One of `allowed`. */
export function oneOf<T extends string>(input: Raw, key: string, fallback: T, allowed: readonly T[]): T {
  const value = input[last(key)] ?? fallback;
  if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
    throw invalidConfigValue(key, value, `must be one of ${allowed.join(", ")}`, `use e.g. ${fallback}`);
  }
  return value as T;
}
