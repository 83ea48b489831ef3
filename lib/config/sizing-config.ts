/**
 * The `sizing` section of the devpod config (cdktf.json → context.devpod.sizing): what developers may choose for a
 * workspace (CPU and memory options, the home disk's range) and how the chosen CPU and memory are split between the
 * workspace container and the Docker sidecar. Validated like the rest: one {@link DevpodConfigError} naming the key
 * (`sizing.memoryGiB.options`), the value and the fix.
 *
 * The budget: a workspace's pod is limited to exactly the CPU and memory chosen, in total. The Docker sidecar (dockerd,
 * its containers and builds) gets `sidecarSharePercent` of each, the workspace container the rest ({@link splitBudget}).
 */
import { invalidConfigValue } from "./errors";
import { Raw, expectEntryTypes, expectType, refuseUnknown } from "./config-fields";

/** The options of a choice (CPU cores or GiB of memory) and the one offered first. */
export interface SizingChoiceConfig {
  /** What developers may choose, in ascending order, whole numbers. */
  readonly options: readonly number[];
  /** The preselected option; one of {@link options}. */
  readonly default: number;
}

/** The home disk parameter's range, in GiB. */
export interface HomeDiskSizingConfig {
  /** Size offered by default. @default 30 */
  readonly default: number;
  /** Smallest size. @default 10 */
  readonly min: number;
  /** Largest size. @default 1000 */
  readonly max: number;
}

/** cdktf.json → context.devpod.sizing. */
export interface SizingConfig {
  /** CPU cores of the whole pod (the `cpu` parameter). @default { options: [2, 4, 6, 8], default: 4 } */
  readonly cpuCores: SizingChoiceConfig;
  /** Memory of the whole pod in GiB (the `memory` parameter). @default { options: [2, 4, 6, 8, 12, 16], default: 8 } */
  readonly memoryGiB: SizingChoiceConfig;
  /** The home volume's size in GiB (the `home_disk_size` parameter; it also holds Docker's data). @default { default: 30, min: 10, max: 1000 } */
  readonly homeDiskGiB: HomeDiskSizingConfig;
  /** Share of the chosen CPU and memory, in percent, that the Docker sidecar's limits get; the workspace container gets the rest. @default 50 */
  readonly sidecarSharePercent: number;
}

/**
 * Defaults of the section: a workspace sold on `docker build` starts at 4 cores and 8 GiB, so that at the 50 % share
 * the editor keeps 4 GiB and Docker's containers and build steps get 3.5 GiB on cgroup v2 (docs/sizing.md says why).
 * Every earlier option stays offered: removing one fails the builds of the workspaces that hold it.
 */
export const SIZING_DEFAULTS: SizingConfig = {
  cpuCores: { options: [2, 4, 6, 8], default: 4 },
  memoryGiB: { options: [2, 4, 6, 8, 12, 16], default: 8 },
  homeDiskGiB: { default: 30, min: 10, max: 1000 },
  sidecarSharePercent: 50,
};

/** The allowed range of sidecarSharePercent, inclusive. */
export const SIDECAR_SHARE_RANGE = [10, 90] as const;

/** What each container requests from the scheduler (a quota's `requests.*`); the limits of the split must not be lower. */
export const CONTAINER_REQUESTS = {
  workspace: { cpuMillicores: 250, memoryMiB: 512 },
  sidecar: { cpuMillicores: 100, memoryMiB: 256 },
} as const;

/**
 * The least memory limit the sidecar may get, in MiB: dockerd and containerd take about 100–200 MiB before any
 * container or build runs, and what is left bounds Docker's containers (dind-start keeps them below the sidecar).
 */
export const SIDECAR_MIN_MEMORY_MIB = 512;

/** The parameters' Terraform names (`data.coder_parameter.<name>`), pinned: renaming one re-prompts users. Presets
 * name them too. */
export const PARAMETER_NAMES = { cpu: "cpu", memory: "memory", homeDisk: "home_disk_size", dockerDisk: "docker_disk_size" } as const;

/** The section's key in context.devpod. */
export const SIZING_KEY = "sizing";

/** Millicores and MiB of each container for a choice of whole cores and GiB. */
export interface BudgetSplit {
  readonly workspace: { readonly cpuMillicores: number; readonly memoryMiB: number };
  readonly sidecar: { readonly cpuMillicores: number; readonly memoryMiB: number };
}

/**
 * Splits a choice of `cores` and `memoryGiB` between the containers: the sidecar gets `sharePercent` (memory rounded
 * down to whole MiB), the workspace container exactly the rest, so the two limits add up to the choice. The template
 * computes the same in Terraform (WorkspaceParameters, lib/template/workspace-parameters.ts).
 */
export function splitBudget(cores: number, memoryGiB: number, sharePercent: number): BudgetSplit {
  const sidecarCpu = cores * 10 * sharePercent;
  const sidecarMemory = Math.floor((memoryGiB * 1024 * sharePercent) / 100);
  return {
    workspace: { cpuMillicores: cores * 1000 - sidecarCpu, memoryMiB: memoryGiB * 1024 - sidecarMemory },
    sidecar: { cpuMillicores: sidecarCpu, memoryMiB: sidecarMemory },
  };
}

const KEYS: Record<string, readonly string[]> = {
  "": Object.keys(SIZING_DEFAULTS),
  cpuCores: ["options", "default"],
  memoryGiB: ["options", "default"],
  homeDiskGiB: ["default", "min", "max"],
};

/** Validates context.devpod.sizing (may be undefined) over {@link SIZING_DEFAULTS}. */
export function resolveSizingConfig(raw: unknown): SizingConfig {
  const input = section(raw, "");
  const cpuCores = choice(input, "cpuCores", "cores");
  const memoryGiB = choice(input, "memoryGiB", "GiB");
  const homeDiskGiB = homeDisk(input);
  const share = input.sidecarSharePercent ?? SIZING_DEFAULTS.sidecarSharePercent;
  const [low, high] = SIDECAR_SHARE_RANGE;
  expectType(`${SIZING_KEY}.sidecarSharePercent`, share, "a number", `use e.g. ${SIZING_DEFAULTS.sidecarSharePercent}`);
  if (typeof share !== "number" || !Number.isInteger(share) || share < low || share > high) {
    throw invalidConfigValue(`${SIZING_KEY}.sidecarSharePercent`, share, `must be a whole number from ${low} to ${high}`, `use e.g. ${SIZING_DEFAULTS.sidecarSharePercent}`);
  }
  checkSplit(cpuCores, memoryGiB, share);
  return { cpuCores, memoryGiB, homeDiskGiB, sidecarSharePercent: share };
}

/** The object at `name` (the section itself for ""), with unknown keys refused. */
function section(raw: unknown, name: string): Raw {
  const key = name ? `${SIZING_KEY}.${name}` : SIZING_KEY;
  if (raw === undefined || raw === null) return {};
  expectType(key, raw, "an object", `write "${name || SIZING_KEY}": { ... } or leave it out for the defaults`);
  refuseUnknown(raw as Raw, key, KEYS[name]);
  return raw as Raw;
}

const isWhole = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v) && v > 0;

function choice(input: Raw, name: "cpuCores" | "memoryGiB", unit: string): SizingChoiceConfig {
  const given = section(input[name], name);
  const fallback = SIZING_DEFAULTS[name];
  const key = `${SIZING_KEY}.${name}`;
  const options = given.options ?? fallback.options;
  const example = `use e.g. ${JSON.stringify(fallback.options)}`;
  expectType(`${key}.options`, options, "a list", example);
  if (!Array.isArray(options) || options.length === 0) {
    throw invalidConfigValue(`${key}.options`, options, `must be a non-empty list of ${unit}`, example);
  }
  expectEntryTypes(`${key}.options`, options, "a number", example);
  const bad = options.find((o) => !isWhole(o));
  if (bad !== undefined) {
    throw invalidConfigValue(`${key}.options`, options, `must hold positive whole numbers of ${unit}; ${JSON.stringify(bad)} is not`, example);
  }
  const disorder = options.findIndex((o, i) => i > 0 && o <= options[i - 1]);
  if (disorder > 0) {
    throw invalidConfigValue(`${key}.options`, options, `must be ascending without repeats; ${options[disorder]} follows ${options[disorder - 1]}`, `use e.g. ${JSON.stringify([...new Set(options)].sort((a, b) => a - b))}`);
  }
  // Without an explicit default, the first option, as before sizing was configurable; a default Coder would refuse
  // (one not among the options) is named here instead of at the first workspace build.
  const chosen = given.default ?? (given.options === undefined ? fallback.default : options[0]);
  expectType(`${key}.default`, chosen, "a number", `use e.g. ${options[0]}`);
  if (!options.includes(chosen)) {
    throw invalidConfigValue(`${key}.default`, chosen, `must be one of the options ${JSON.stringify(options)}`, `use e.g. ${options[0]}`);
  }
  return { options: [...options], default: chosen };
}

function homeDisk(input: Raw): HomeDiskSizingConfig {
  const given = section(input.homeDiskGiB, "homeDiskGiB");
  const key = `${SIZING_KEY}.homeDiskGiB`;
  const value = (k: keyof HomeDiskSizingConfig): number => {
    const v = given[k] ?? SIZING_DEFAULTS.homeDiskGiB[k];
    expectType(`${key}.${k}`, v, "a number", `use e.g. ${SIZING_DEFAULTS.homeDiskGiB[k]}`);
    if (!isWhole(v)) throw invalidConfigValue(`${key}.${k}`, v, "must be a positive whole number of GiB", `use e.g. ${SIZING_DEFAULTS.homeDiskGiB[k]}`);
    return v;
  };
  const disk = { default: value("default"), min: value("min"), max: value("max") };
  if (disk.min > disk.max) {
    throw invalidConfigValue(`${key}.min`, disk.min, `must not exceed ${key}.max (${disk.max})`, `lower min or raise max`);
  }
  if (disk.default < disk.min || disk.default > disk.max) {
    throw invalidConfigValue(`${key}.default`, disk.default, `must lie within min and max (${disk.min}–${disk.max})`, `use a size from ${disk.min} to ${disk.max}`);
  }
  return disk;
}

/** Each container's part of the smallest choice must hold its request (Kubernetes refuses a limit below the request)
 * and, for the sidecar, {@link SIDECAR_MIN_MEMORY_MIB}. */
function checkSplit(cpu: SizingChoiceConfig, memory: SizingChoiceConfig, share: number): void {
  const { workspace, sidecar } = splitBudget(cpu.options[0], memory.options[0], share);
  const req = CONTAINER_REQUESTS;
  const shareKey = `${SIZING_KEY}.sidecarSharePercent`;
  const parts: [string, number, number, string, string][] = [
    ["cpuCores", sidecar.cpuMillicores, req.sidecar.cpuMillicores, "m CPU", "the Docker sidecar"],
    ["cpuCores", workspace.cpuMillicores, req.workspace.cpuMillicores, "m CPU", "the workspace container"],
    ["memoryGiB", sidecar.memoryMiB, Math.max(req.sidecar.memoryMiB, SIDECAR_MIN_MEMORY_MIB), " MiB", "the Docker sidecar"],
    ["memoryGiB", workspace.memoryMiB, req.workspace.memoryMiB, " MiB", "the workspace container"],
  ];
  for (const [name, got, least, unit, who] of parts) {
    if (got >= least) continue;
    const smallest = name === "cpuCores" ? cpu.options[0] : memory.options[0];
    throw invalidConfigValue(
      `${SIZING_KEY}.${name}.options`,
      name === "cpuCores" ? cpu.options : memory.options,
      `gives ${who} ${got}${unit} of the smallest option ${smallest} (${shareKey} ${share}), below its least ${least}${unit}`,
      `raise the smallest option, or move ${shareKey} ${who === "the Docker sidecar" ? "up" : "down"}`,
    );
  }
}
