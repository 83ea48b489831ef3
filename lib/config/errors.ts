/**
 * Every error devpod raises at synth time, as named factories (cdktf style). Each message says what is wrong, quotes
 * the value received and says how to fix it, so `cdktf synth` fails with something a platform engineer can act on.
 */
import { redactUrlCredentials } from "./url-pattern";

/** Raised for a bad cdktf.json → context.devpod; carries the offending key. */
export class DevpodConfigError extends Error {
  constructor(
    readonly key: string,
    message: string,
  ) {
    // Redacted here, once for every message: a value is quoted whole, and a URL in it may carry a password (CI logs
    // keep what synth prints).
    super(redactUrlCredentials(`devpod config (cdktf.json → context.devpod): ${message}`));
    this.name = "DevpodConfigError";
  }
}

/** context.devpod is not a JSON object. */
export const configNotAnObject = (value: unknown) =>
  new DevpodConfigError("devpod", `expected an object of settings, got ${JSON.stringify(value)}; fix: write "devpod": { ... } or leave it out for the defaults`);

/** A key that devpod does not know (usually a typo). */
export const unknownConfigKey = (key: string, known: readonly string[], suggestion?: string) =>
  new DevpodConfigError(
    key,
    `unknown key '${key}'; fix: ${suggestion ? `did you mean '${suggestion}'? ` : ""}remove it or use one of ${known.join(", ")}`,
  );

/** A known key with a value that breaks its rule. */
export const invalidConfigValue = (key: string, value: unknown, rule: string, fix: string) =>
  new DevpodConfigError(key, `${key} = ${JSON.stringify(value)} is invalid: it ${rule}; fix: ${fix}`);

/** The JSON types a config value may be expected to have, as a message names them. */
export type ConfigType = "a number" | "a string" | "true or false" | "a list" | "an object";

/** The JSON type of `value` as a user reads it in cdktf.json. */
export function configTypeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  switch (typeof value) {
    case "string":
      return "a string";
    case "number":
      return "a number";
    case "boolean":
      return "a boolean";
    case "object":
      return "an object";
    default:
      return String(typeof value);
  }
}

/**
 * A value of the wrong JSON type: the message names the type expected and the one given. A number or boolean written
 * in quotes ("2", "true") is the usual slip, and its fix says so.
 */
export function wrongConfigType(key: string, value: unknown, expected: ConfigType, fix: string, entry?: { value: unknown }): DevpodConfigError {
  const given = entry ? entry.value : value;
  const quoted =
    typeof given === "string" &&
    ((expected === "a number" && given.trim() !== "" && Number.isFinite(Number(given))) || (expected === "true or false" && /^(true|false)$/.test(given)));
  const how = quoted ? `write ${given} without quotes (${given}, not ${JSON.stringify(given)})` : fix;
  const what = entry ? `its entry ${JSON.stringify(given)}` : "it";
  return new DevpodConfigError(key, `${key} = ${JSON.stringify(value)} is invalid: ${what} must be ${expected}, not ${configTypeOf(given)}; fix: ${how}`);
}

/** A URL that carries credentials (`user:password@`): refused, and the message shows it redacted. */
export const credentialsInUrl = (key: string, value: unknown, url: string, fix: string) =>
  new DevpodConfigError(
    key,
    `${key} = ${JSON.stringify(value)} is invalid: ${JSON.stringify(url)} carries credentials (user:password@ or a token before '@'), ` +
      `which would be written into the template and the pod spec, readable by everyone who can read either; fix: ${fix}`,
  );

/** A script embedded into the template was given a value that cannot be written into it safely. */
export const unsafeScriptValue = (script: string, name: string, value: string) =>
  new Error(`cannot embed ${name}=${JSON.stringify(value)} into ${script}: values must not contain single quotes or newlines`);

/** The preflight Job was given a container that holds a Terraform reference: its name is a hash of its containers. */
export const preflightNotHashable = () =>
  new Error(
    "preflight Job: its containers must not hold Terraform references (the Job's name is their hash, taken at synth " +
      "time); fix: pass plain values from the config, not variables or resource attributes",
  );

/** Code asked for the platform stack's state as remote state; nothing in devpod reads it that way. */
export const platformStateNotRemote = () =>
  new Error("the platform stack's kubernetes backend is not meant to be read as remote state; fix: read its outputs with `cdktf output platform`");

/** A project file synth reads besides the config (cdktf.json itself, the provider lock file) is unusable. */
export class DevpodProjectError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DevpodProjectError";
  }
}

/** cdktf.json is not valid JSON: where, and what JSON.parse said. */
export const cdktfJsonUnreadable = (file: string, where: string, reason: string) =>
  new DevpodProjectError(`${file}${where}: not valid JSON (${reason}); fix: correct the JSON (a trailing comma or a missing quote is usual)`);

/** The committed provider lock file does not lock a pinned provider at its version. */
export const providerLockMismatch = (file: string, source: string, version: string, found: string) =>
  new DevpodProjectError(
    `${file} locks ${source} at ${found}, but the stacks pin ${version} (lib/providers/provider-versions.ts); fix: run \`npm run lock\` and commit the result`,
  );

/** Raised at synth time by a guard over the synthesized resources (lib/template/guard/); synth writes nothing. */
export class DevpodGuardError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DevpodGuardError";
  }
}

/** A container runs dockerd in a way that loses or exposes Docker's data (lib/template/guard/docker-pod-guard.ts). */
export const dockerPodGuardFailure = (stack: string, address: string, constructPath: string, container: string, problems: string[]) =>
  new DevpodGuardError(
    `devpod guard: stack '${stack}', resource ${address} (${constructPath}), container '${container}' runs dockerd unsafely:\n` +
      problems.map((p) => `  - ${p}`).join("\n"),
  );
