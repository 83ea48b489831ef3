/**
 * The choices a developer makes per workspace (coder_parameter): CPU, memory, home disk size (and, with a Docker
 * volume of its own, Docker disk size), with the options and
 * range of the config's `sizing` section, and the container limits they imply: the chosen CPU and memory are the pod's
 * total, split between the workspace container and the Docker sidecar by `sizing.sidecarSharePercent`.
 */
import { Construct } from "constructs";
import { Fn, Op, Token } from "cdktf";
import { DataCoderParameter } from "../providers/gen/providers/coder/data-coder-parameter";
import { PARAMETER_NAMES, SizingConfig } from "../config/sizing-config";

/** Props of {@link WorkspaceParameters}. */
export interface WorkspaceParametersProps {
  /** Options, defaults and the budget split (the config's `sizing`). @default - none, required */
  readonly sizing: SizingConfig;
  /** Offer `docker_disk_size` for Docker's own volume (dockerVolume `separate`), with the home disk's range. @default false */
  readonly dockerDisk?: boolean;
}

/** A container's limits as Kubernetes quantities (Terraform expressions of the parameters). */
export interface ContainerLimits {
  /** CPU, in millicores (`"2000m"`). */
  readonly cpu: string;
  /** Memory, in MiB (`"4096Mi"`). */
  readonly memory: string;
}

/** The parameters, and the limits of each container derived from them. */
export class WorkspaceParameters extends Construct {
  /** CPU cores of the pod, as a string token (`"4"`). */
  readonly cpu: string;
  /** Memory of the pod in GiB, as a string token. */
  readonly memoryGiB: string;
  /** Home disk size in GiB, as a string token. */
  readonly homeDiskGiB: string;
  /** Docker disk size in GiB, as a string token, when {@link WorkspaceParametersProps.dockerDisk} is set. */
  readonly dockerDiskGiB?: string;
  /** The workspace container's limits: the choice minus the sidecar's part. */
  readonly workspaceLimits: ContainerLimits;
  /** The Docker sidecar's limits: sidecarSharePercent of the choice. */
  readonly sidecarLimits: ContainerLimits;

  constructor(scope: Construct, id: string, props: WorkspaceParametersProps) {
    super(scope, id);
    const { cpuCores, memoryGiB, homeDiskGiB, sidecarSharePercent: share } = props.sizing;
    const split = `never exceeded in total: the Docker sidecar (builds, containers) is limited to ${share} % of the choice, the workspace container to the other ${100 - share} %`;

    this.cpu = this.parameter(PARAMETER_NAMES.cpu, {
      displayName: "CPU",
      description: `CPU cores for the whole workspace, ${split}.`,
      default: String(cpuCores.default),
      // Coder ships no CPU icon; its emoji set has the desktop computer (site/static/emojis/1f5a5-fe0f.png).
      icon: "/emojis/1f5a5-fe0f.png",
      mutable: true,
      order: 1,
      option: cpuCores.options.map((n) => ({ name: `${n} Cores`, value: String(n) })),
    });
    this.memoryGiB = this.parameter(PARAMETER_NAMES.memory, {
      displayName: "Memory",
      description: `Memory for the whole workspace in GiB, ${split}.`,
      default: String(memoryGiB.default),
      icon: "/icon/memory.svg",
      mutable: true,
      order: 2,
      option: memoryGiB.options.map((n) => ({ name: `${n} GiB`, value: String(n) })),
    });
    // Mutable and only growing: Longhorn expands volumes online, while a smaller size would make Terraform re-create
    // the PVC, i.e. delete the home directory.
    this.homeDiskGiB = this.parameter(PARAMETER_NAMES.homeDisk, {
      displayName: "Home disk size",
      description: props.dockerDisk
        ? "Size of the home volume in GiB. It can only grow."
        : "Size of the home volume in GiB; it also holds Docker's images and build cache. It can only grow.",
      type: "number",
      default: String(homeDiskGiB.default),
      icon: "/emojis/1f4be.png",
      mutable: true,
      order: 3,
      validation: { min: homeDiskGiB.min, max: homeDiskGiB.max, monotonic: "increasing" },
    });
    // The same rules as the home disk: the Docker claim is never replaced, so its size only grows.
    if (props.dockerDisk) {
      this.dockerDiskGiB = this.parameter(PARAMETER_NAMES.dockerDisk, {
        displayName: "Docker disk size",
        description: "Size of Docker's own volume in GiB: images, containers, named volumes and build cache. It can only grow.",
        type: "number",
        default: String(homeDiskGiB.default),
        icon: "/icon/docker.svg",
        mutable: true,
        order: 4,
        validation: { min: homeDiskGiB.min, max: homeDiskGiB.max, monotonic: "increasing" },
      });
    }
    // lib/config/sizing-config.ts splitBudget, in Terraform: whole cores × 10 × share is whole millicores; memory rounds the
    // sidecar's part down to whole MiB and gives the workspace container exactly the rest.
    const cores = Token.asNumber(this.cpu);
    const mib = Op.mul(Token.asNumber(this.memoryGiB), 1024);
    const sidecarMiB = Fn.floor(Op.div(Op.mul(Token.asNumber(this.memoryGiB), 1024 * share), 100));
    this.sidecarLimits = {
      cpu: `${Token.asString(Op.mul(cores, 10 * share))}m`,
      memory: `${Token.asString(sidecarMiB)}Mi`,
    };
    this.workspaceLimits = {
      cpu: `${Token.asString(Op.mul(cores, 10 * (100 - share)))}m`,
      memory: `${Token.asString(Op.sub(mib, sidecarMiB))}Mi`,
    };
  }

  private parameter(name: string, config: Omit<ConstructorParameters<typeof DataCoderParameter>[2], "name">): string {
    const parameter = new DataCoderParameter(this, name, { name, ...config });
    parameter.overrideLogicalId(name);
    return Token.asString(parameter.value);
  }
}
