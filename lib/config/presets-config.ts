/**
 * The `presets` section of the devpod config (cdktf.json → context.devpod.presets): named sizes a user picks when
 * creating a workspace, optionally kept warm as prebuilt workspaces. Each preset's values are checked against the
 * parameters' own options and range, so a preset can never name a size the template would refuse at build time.
 * A bad entry throws one {@link DevpodConfigError} naming the key (`presets.Large.parameters.cpu`), the value and the fix.
 */
import { HTTP_URL_SOURCE } from "./url-pattern";
import { invalidConfigValue } from "./errors";
import { Raw, expectType, refuseCredentials, refuseUnknown } from "./config-fields";
import { PARAMETER_NAMES, SizingConfig } from "./sizing-config";

/** Prebuilt workspaces of one preset (Coder Premium). */
export interface PresetPrebuildsConfig {
  /** Workspaces Coder keeps provisioned for this preset. @default - none, required when `prebuilds` is set */
  readonly instances: number;
  /**
   * Seconds after which an unclaimed prebuilt workspace is deleted and replaced, so a pool does not age (0: never).
   * @default - no expiration policy (Coder's default: never)
   */
  readonly expirationSeconds?: number;
}

/** One preset. */
export interface PresetConfig {
  /** Parameter values by the parameter's Coder name (`cpu`, `memory`, `home_disk_size`); unset ones stay the user's choice. @default {} */
  readonly parameters: Readonly<Record<string, string>>;
  /** Preselected when a user creates a workspace; at most one preset may be. @default false */
  readonly default: boolean;
  /** What the preset is for, shown in the dashboard (at most 128 characters). @default - none */
  readonly description?: string;
  /** Icon path (e.g. `/icon/memory.svg`) or http(s) URL. @default - none */
  readonly icon?: string;
  /** Prebuilt workspaces kept for the preset. @default - none */
  readonly prebuilds?: PresetPrebuildsConfig;
}

/** cdktf.json → context.devpod.presets: preset name → preset. */
export type PresetsConfig = Readonly<Record<string, PresetConfig>>;

const PREFIX = "presets";
const PRESET_KEYS = ["parameters", "default", "description", "icon", "prebuilds"];
const PREBUILD_KEYS = ["instances", "expirationSeconds"];
/** Upper bound of `prebuilds.instances`: each instance is a running pod with its own volume. */
export const MAX_PREBUILD_INSTANCES = 50;
/** coder provider v2.17.0 provider/workspace_preset.go: ttl is 0 or from 1 hour to 1 year. */
export const EXPIRATION_RANGE = [3600, 31536000] as const;
/** coder provider v2.17.0 provider/workspace_preset.go: description is at most 128 characters. */
const MAX_DESCRIPTION = 128;
// A name is shown in the dashboard and passed to `coder create --preset`: printable, no quotes or backslashes.
const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9 ._:()+-]{0,63}$/;
const ICON_RE = new RegExp(`^(\\/[A-Za-z0-9._/-]+|${HTTP_URL_SOURCE})$`);


/** What of the template the presets depend on. */
export interface PresetsTemplate {
  /** The template has `docker_disk_size` (dockerVolume `separate`). */
  readonly dockerDisk: boolean;
  /** Dev containers are enabled (no prebuilds then). */
  readonly devcontainers: boolean;
}

/**
 * Validates `raw` (context.devpod.presets, may be undefined) against the parameters' options and range (`sizing`); returns the presets
 * with their parameter values as the strings Coder stores.
 */
export function resolvePresetsConfig(raw: unknown, sizing: SizingConfig, template: PresetsTemplate): PresetsConfig {
  // The parameters this template has: docker_disk_size only with Docker's own volume.
  const names = Object.values(PARAMETER_NAMES).filter((p) => p !== PARAMETER_NAMES.dockerDisk || template.dockerDisk);
  const input = object(raw, PREFIX, 'write "presets": { "Small": { "parameters": { "cpu": 2 } } } or leave it out');
  const presets: Record<string, PresetConfig> = {};
  for (const [name, value] of Object.entries(input)) {
    const key = `${PREFIX}.${name}`;
    if (!NAME_RE.test(name)) {
      throw invalidConfigValue(key, name, "must be a name of 1 to 64 letters, digits, spaces and . _ : ( ) + -, starting with a letter or digit", "rename the preset, e.g. \"Large (8 cores)\"");
    }
    const preset = object(value, key, `write "${name}": { "parameters": { ... } }`);
    refuseUnknown(preset, key, PRESET_KEYS);
    presets[name] = {
      parameters: parameters(preset.parameters, `${key}.parameters`, sizing, names),
      default: bool(preset.default, `${key}.default`),
      ...optionalString(preset.description, `${key}.description`, (v) => v.length <= MAX_DESCRIPTION && !/[\n"\\]/.test(v), `at most ${MAX_DESCRIPTION} characters on one line, without quotes or backslashes`, "description"),
      ...optionalString(preset.icon, `${key}.icon`, (v) => ICON_RE.test(v), "an icon path such as /icon/memory.svg or an http(s) URL", "icon"),
      ...(preset.prebuilds === undefined ? {} : { prebuilds: prebuilds(preset.prebuilds, `${key}.prebuilds`) }),
    };
    if (presets[name].prebuilds && template.devcontainers) {
      // Coder does not support prebuilt workspaces with dev containers (coder/coder#18764): the claim would change the
      // repository parameter, and with it the clone, CLI and prune scripts.
      throw invalidConfigValue(
        `${key}.prebuilds`,
        presets[name].prebuilds,
        "cannot be used with devcontainers.enabled: Coder does not support prebuilt workspaces with dev containers (coder/coder#18764)",
        "remove the preset's prebuilds, or set devcontainers.enabled to false",
      );
    }
    const unset = names.filter((p) => presets[name].parameters[p] === undefined);
    if (presets[name].prebuilds && unset.length > 0) {
      // Coder lets the claiming user choose parameters the preset leaves open; a CPU or memory value other than the
      // prebuild's changes the pod's limits, and a disk size the build cache bound: either restarts the pod at the claim.
      throw invalidConfigValue(
        `${key}.parameters`,
        presets[name].parameters,
        `must set every parameter (${unset.join(", ")} missing) when the preset has prebuilds: a user claiming a prebuilt workspace may choose the parameters a preset leaves open, and another value restarts the pod at the claim`,
        `add ${unset.map((p) => `"${p}"`).join(", ")} to the preset's parameters`,
      );
    }
  }
  const defaults = Object.keys(presets).filter((n) => presets[n].default);
  if (defaults.length > 1) {
    throw invalidConfigValue(
      `${PREFIX}.${defaults[1]}.default`,
      true,
      `marks a second default preset (${defaults.join(", ")}); Coder allows one default per template`,
      `keep "default": true on one preset only`,
    );
  }
  return presets;
}

function parameters(raw: unknown, key: string, sizing: SizingConfig, names: string[]): Record<string, string> {
  const input = object(raw, key, 'write "parameters": { "cpu": 4, "memory": 8, "home_disk_size": 50 }');
  refuseUnknown(input, key, names);
  const out: Record<string, string> = {};
  const option = (name: string, offered: readonly number[], unit: string) => {
    const value = input[name];
    if (value === undefined) return;
    expectType(`${key}.${name}`, value, "a number", `use one of ${offered.join(", ")}`);
    if (typeof value !== "number" || !offered.includes(value)) {
      throw invalidConfigValue(`${key}.${name}`, value, `must be one of the parameter's options: ${offered.join(", ")} (${unit})`, `use one of ${offered.join(", ")}, or offer the value as an option first`);
    }
    out[name] = String(value);
  };
  option(PARAMETER_NAMES.cpu, sizing.cpuCores.options, "cores");
  option(PARAMETER_NAMES.memory, sizing.memoryGiB.options, "GiB");
  // Both disks have the home disk's range (lib/template/workspace-parameters.ts).
  for (const name of [PARAMETER_NAMES.homeDisk, PARAMETER_NAMES.dockerDisk]) {
    const disk = input[name];
    if (disk === undefined) continue;
    const [min, max] = [sizing.homeDiskGiB.min, sizing.homeDiskGiB.max];
    expectType(`${key}.${name}`, disk, "a number", `use e.g. ${sizing.homeDiskGiB.default}`);
    if (typeof disk !== "number" || !Number.isInteger(disk) || disk < min || disk > max) {
      throw invalidConfigValue(`${key}.${name}`, disk, `must be a whole number of GiB from ${min} to ${max} (the parameter's range)`, `use e.g. ${sizing.homeDiskGiB.default}`);
    }
    out[name] = String(disk);
  }
  return out;
}

function prebuilds(raw: unknown, key: string): PresetPrebuildsConfig {
  const input = object(raw, key, 'write "prebuilds": { "instances": 2 }');
  refuseUnknown(input, key, PREBUILD_KEYS);
  const instances = input.instances;
  expectType(`${key}.instances`, instances, "a number", "use e.g. 2, or remove prebuilds");
  if (typeof instances !== "number" || !Number.isInteger(instances) || instances < 0 || instances > MAX_PREBUILD_INSTANCES) {
    throw invalidConfigValue(`${key}.instances`, instances, `must be a whole number from 0 to ${MAX_PREBUILD_INSTANCES} (each one is a running pod with its own volume)`, "use e.g. 2, or remove prebuilds");
  }
  const ttl = input.expirationSeconds;
  if (ttl === undefined) return { instances };
  const [min, max] = EXPIRATION_RANGE;
  expectType(`${key}.expirationSeconds`, ttl, "a number", "use e.g. 86400 (1 day)");
  if (typeof ttl !== "number" || !Number.isInteger(ttl) || (ttl !== 0 && (ttl < min || ttl > max))) {
    throw invalidConfigValue(`${key}.expirationSeconds`, ttl, `must be 0 (never) or a whole number of seconds from ${min} (1 hour) to ${max} (1 year), as Coder requires`, "use e.g. 86400 (1 day)");
  }
  return { instances, expirationSeconds: ttl };
}

function object(raw: unknown, key: string, fix: string): Raw {
  if (raw === undefined || raw === null) return {};
  expectType(key, raw, "an object", fix);
  return raw as Raw;
}

function bool(value: unknown, key: string): boolean {
  if (value === undefined) return false;
  expectType(key, value, "true or false", "use true on the one preset to preselect");
  if (typeof value !== "boolean") throw invalidConfigValue(key, value, "must be true or false (a JSON boolean)", "use true on the one preset to preselect");
  return value;
}

function optionalString<K extends string>(value: unknown, key: string, ok: (v: string) => boolean, rule: string, field: K): Partial<Record<K, string>> {
  if (value === undefined) return {};
  expectType(key, value, "a string", "write it in quotes");
  refuseCredentials(key, value, value, "remove the credentials from the URL (an icon must load without a login), or use a path on the Coder server (/icon/...)");
  if (typeof value !== "string" || !ok(value)) throw invalidConfigValue(key, value, `must be ${rule}`, "shorten or fix it, or leave it out");
  return { [field]: value } as Partial<Record<K, string>>;
}
