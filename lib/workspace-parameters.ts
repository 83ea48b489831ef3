/**
 * The choices a developer makes per workspace (coder_parameter): CPU, memory, home disk size and, with a Docker volume
 * of its own, Docker disk size.
 */
import { Construct } from "constructs";
import { Token } from "cdktf";
import { DataCoderParameter } from "./gen/providers/coder/data-coder-parameter";

/** What the parameters offer: the options of `cpu` and `memory` and the range of `home_disk_size`. */
export interface ParameterChoices {
  /** CPU cores offered; the first is the default. */
  readonly cpuChoices: readonly number[];
  /** Memory sizes offered, in GiB; the first is the default. */
  readonly memoryChoicesGiB: readonly number[];
  /** Home disk size offered by default, in GiB. */
  readonly homeDiskDefaultGiB: number;
  /** Smallest home disk, in GiB. */
  readonly homeDiskMinGiB: number;
  /** Largest home disk, in GiB. */
  readonly homeDiskMaxGiB: number;
}

/** The choices the template offers; presets are validated against the same values (lib/presets/presets-config.ts). */
export const PARAMETER_CHOICES: ParameterChoices = {
  cpuChoices: [2, 4, 6, 8],
  memoryChoicesGiB: [2, 4, 6, 8],
  homeDiskDefaultGiB: 30,
  homeDiskMinGiB: 10,
  homeDiskMaxGiB: 1000,
};

/** The Coder names of the parameters (`data.coder_parameter.<name>`, preset `parameters` keys). */
export const PARAMETER_NAMES = { cpu: "cpu", memory: "memory", homeDisk: "home_disk_size" } as const;

/** Props of {@link WorkspaceParameters}. */
export interface WorkspaceParametersProps {
  /** Home disk size offered by default, in GiB. It holds the home directory and all of Docker's data. @default 30 */
  readonly homeDiskDefaultGiB?: number;
  /** Smallest home disk, in GiB. @default 10 */
  readonly homeDiskMinGiB?: number;
  /** Largest home disk, in GiB. @default 1000 */
  readonly homeDiskMaxGiB?: number;
  /** CPU cores offered. @default [2, 4, 6, 8] */
  readonly cpuChoices?: readonly number[];
  /** Memory sizes offered, in GiB. @default [2, 4, 6, 8] */
  readonly memoryChoicesGiB?: readonly number[];
  /** Offer `docker_disk_size` for Docker's own volume (dockerVolume `separate`); the home then holds no Docker data. @default false */
  readonly dockerDisk?: boolean;
  /** Docker disk size offered by default, in GiB. @default 30 */
  readonly dockerDiskDefaultGiB?: number;
}

/** The parameters, with pinned Terraform names (`data.coder_parameter.cpu`, ...): renaming one re-prompts users. */
export class WorkspaceParameters extends Construct {
  /** CPU cores, as a string token (`"4"`). */
  readonly cpu: string;
  /** Memory in GiB, as a string token. */
  readonly memoryGiB: string;
  /** Home disk size in GiB, as a string token. */
  readonly homeDiskGiB: string;
  /** Docker disk size in GiB, as a string token, when {@link WorkspaceParametersProps.dockerDisk} is set. */
  readonly dockerDiskGiB?: string;

  constructor(scope: Construct, id: string, props: WorkspaceParametersProps = {}) {
    super(scope, id);
    const cpus = props.cpuChoices ?? PARAMETER_CHOICES.cpuChoices;
    const memories = props.memoryChoicesGiB ?? PARAMETER_CHOICES.memoryChoicesGiB;

    this.cpu = this.parameter(PARAMETER_NAMES.cpu, {
      displayName: "CPU",
      description: "CPU cores of the workspace (the Docker sidecar may burst to the same limit)",
      default: String(cpus[0]),
      icon: "/icon/memory.svg",
      mutable: true,
      order: 1,
      option: cpus.map((n) => ({ name: `${n} Cores`, value: String(n) })),
    });
    this.memoryGiB = this.parameter(PARAMETER_NAMES.memory, {
      displayName: "Memory",
      description: "Memory of the workspace in GiB (the Docker sidecar may burst to the same limit)",
      default: String(memories[0]),
      icon: "/icon/memory.svg",
      mutable: true,
      order: 2,
      option: memories.map((n) => ({ name: `${n} GiB`, value: String(n) })),
    });
    // Mutable and only growing: Longhorn expands volumes online, while a smaller size would make Terraform re-create
    // the PVC, i.e. delete the home directory.
    this.homeDiskGiB = this.parameter(PARAMETER_NAMES.homeDisk, {
      displayName: "Home disk size",
      description: props.dockerDisk
        ? "Size of the home volume in GiB. It can only grow."
        : "Size of the home volume in GiB; it also holds Docker's images and build cache. It can only grow.",
      type: "number",
      default: String(props.homeDiskDefaultGiB ?? PARAMETER_CHOICES.homeDiskDefaultGiB),
      icon: "/emojis/1f4be.png",
      mutable: true,
      order: 3,
      validation: {
        min: props.homeDiskMinGiB ?? PARAMETER_CHOICES.homeDiskMinGiB,
        max: props.homeDiskMaxGiB ?? PARAMETER_CHOICES.homeDiskMaxGiB,
        monotonic: "increasing",
      },
    });
    // The same rules as the home disk: the Docker claim is never replaced, so its size only grows.
    if (props.dockerDisk) {
      this.dockerDiskGiB = this.parameter("docker_disk_size", {
        displayName: "Docker disk size",
        description: "Size of Docker's own volume in GiB: images, containers, named volumes and build cache. It can only grow.",
        type: "number",
        default: String(props.dockerDiskDefaultGiB ?? 30),
        icon: "/icon/docker.svg",
        mutable: true,
        order: 4,
        validation: { min: props.homeDiskMinGiB ?? 10, max: props.homeDiskMaxGiB ?? 1000, monotonic: "increasing" },
      });
    }
  }

  private parameter(name: string, config: Omit<ConstructorParameters<typeof DataCoderParameter>[2], "name">): string {
    const parameter = new DataCoderParameter(this, name, { name, ...config });
    parameter.overrideLogicalId(name);
    return Token.asString(parameter.value);
  }
}
