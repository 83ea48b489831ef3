/**
 * Every error devpod raises at synth time, as named factories (cdktf style). Each message says what is wrong, quotes
 * the value received and says how to fix it, so `cdktf synth` fails with something a platform engineer can act on.
 */

/** Raised for a bad cdktf.json → context.devpod; carries the offending key. */
export class DevpodConfigError extends Error {
  constructor(
    readonly key: string,
    message: string,
  ) {
    super(`devpod config (cdktf.json → context.devpod): ${message}`);
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
    `${file} locks ${source} at ${found}, but the stacks pin ${version} (lib/provider-versions.ts); fix: run \`npm run lock\` and commit the result`,
  );

/** Raised at synth time by a guard over the synthesized resources (lib/guard/); synth writes nothing. */
export class DevpodGuardError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DevpodGuardError";
  }
}

/** A container runs dockerd in a way that loses or exposes Docker's data (lib/guard/docker-pod-guard.ts). */
export const dockerPodGuardFailure = (stack: string, address: string, constructPath: string, container: string, problems: string[]) =>
  new DevpodGuardError(
    `devpod guard: stack '${stack}', resource ${address} (${constructPath}), container '${container}' runs dockerd unsafely:\n` +
      problems.map((p) => `  - ${p}`).join("\n"),
  );
