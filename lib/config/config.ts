/**
 * The one typed configuration object of devpod.
 *
 * It is read from cdktf.json → `context.devpod`, merged over {@link DEFAULTS} and validated before any construct is
 * created, so a bad value stops `cdktf synth` before a stack is written. Every path or name the template needs (home
 * path, Docker data root, socket) is defined here once and derived everywhere else.
 */
import * as path from "path";
import { configNotAnObject, invalidConfigValue, unknownConfigKey } from "./errors";
import { BackupsConfig, resolveBackupsConfig } from "./backups-config";
import { imageReferenceProblem, imageReleaseProblem, splitImageReference } from "./image-reference";
import { PlatformConfig, resolvePlatformConfig } from "./platform-config";
import { DEVCONTAINERS_KEY, DevcontainersConfig, resolveDevcontainersConfig } from "./devcontainers-config";
import { PresetsConfig, resolvePresetsConfig } from "./presets-config";
import { SIZING_KEY, SizingConfig, resolveSizingConfig } from "./sizing-config";
import { HTTP_URL_RE } from "./url-pattern";
import { expectEntryTypes, expectType, nearest, refuseCredentials } from "./config-fields";

/** Kubernetes CPU architectures the Coder agent ships for. */
export const ARCHES = ["amd64", "arm64", "armv7"] as const;

/**
 * How the Docker daemon is isolated from the node (docs/rootless.md). `privileged`: dockerd runs as root in the
 * privileged sidecar, so whoever holds its socket is root on the node. `rootless`: the same privileged sidecar runs a
 * short root prologue, then dockerd as uid 1000 under rootlesskit (a user namespace): the socket gives no root on the node.
 */
export const ISOLATIONS = ["privileged", "rootless"] as const;

/** The sidecar image of `rootless` when dindImage is not set: the same Docker release as the default, its rootless
 * variant (rootlesskit, slirp4netns, user `rootless` uid 1000 with one subuid range). */
export const DEFAULT_ROOTLESS_DIND_IMAGE = "docker:29.7.2-dind-rootless";

/** The data root's path below homePath in `rootless` when dockerDataRoot is not set: beside, never over, the
 * privileged daemon's (whose root- and subuid-less files a rootless dockerd cannot use). */
export const DEFAULT_ROOTLESS_DATA_ROOT_NAME = ".docker-data-rootless";

/** Where dockerd keeps its data: on the home volume, or on a volume of its own (docs/backups.md). */
export const DOCKER_VOLUMES = ["home", "separate"] as const;

/** Access modes of the home volume Longhorn provisions as block volumes. */
export const ACCESS_MODES = ["ReadWriteOnce", "ReadWriteOncePod"] as const;

/** The allowed range of every numeric setting, inclusive (the README's table is checked against it). */
export const RANGES = {
  dockerReadyTimeoutSeconds: [5, 300],
  homeDiskAlertPercent: [50, 99],
  buildCacheSharePercent: [10, 90],
} as const;

/** The settings a platform team may set in cdktf.json → context.devpod. */
export interface DevpodConfig {
  /**
   * Namespace the workspaces run in. Becomes the default of the `namespace` Terraform variable (set at push time).
   * @default "coder-workspaces"
   */
  readonly namespace: string;
  /**
   * StorageClass of the home volume. Must be a block (RWO, ext4/xfs) class: NFS-backed RWX volumes cannot hold an
   * overlayfs upper directory.
   * @default "longhorn"
   */
  readonly storageClass: string;
  /**
   * Where the home volume is mounted, in the workspace container and (at the same path) in the Docker sidecar.
   * @default "/home/coder"
   */
  readonly homePath: string;
  /**
   * dockerd's `--data-root`, on a claim mounted in the sidecar so that image layers live on the volume's ext4, not on
   * the container's overlayfs root (nested overlay: dockerd falls back to vfs or builds fail): strictly below homePath
   * with dockerVolume `home`; outside homePath (where the Docker volume is mounted) with `separate`.
   * @default "<homePath>/.docker-data" ("<homePath>/.docker-data-rootless" with isolation "rootless"), or "/var/lib/docker" with dockerVolume "separate"
   */
  readonly dockerDataRoot: string;
  /**
   * `home`: Docker's data root is on the home volume. `separate`: each workspace gets a second claim
   * (`coder-<id>-docker`, sized by the `docker_disk_size` parameter) mounted only in the sidecar at the data root, so
   * that image pulls and builds never reach the home volume's snapshots and backups (docs/backups.md).
   * @default "home"
   */
  readonly dockerVolume: (typeof DOCKER_VOLUMES)[number];
  /**
   * Access mode of the home volume. `ReadWriteOncePod` keeps a second pod off the volume while the previous one is
   * still stopping (two dockerds on one data root: the second fails on its bolt database locks). It needs Longhorn 1.11
   * or later (its CSI driver's ReadWriteOncePod support; an older one leaves the claim Pending), which the platform
   * stack checks at plan time. Like every attribute that would replace the volume, a change applies to new workspaces
   * only.
   * @default "ReadWriteOnce"
   */
  readonly accessMode: (typeof ACCESS_MODES)[number];
  /**
   * Image of the Docker sidecar, pinned to one Docker release so that every node runs the same dockerd on a data
   * root (the daemon's minimum API version changed inside 29.x). Default of the `dind_image` Terraform variable.
   * With isolation `rootless` it must be a rootless variant (rootlesskit inside).
   * @default "docker:29.7.2-dind", or "docker:29.7.2-dind-rootless" with isolation "rootless"
   */
  readonly dindImage: string;
  /**
   * Image of the workspace container; it needs a `docker` CLI for the startup verification. Default of the
   * `workspace_image` Terraform variable.
   * @default "codercom/enterprise-base:ubuntu"
   */
  readonly workspaceImage: string;
  /**
   * How dockerd is isolated from the node: `privileged` (dockerd as root) or `rootless` (dockerd as uid 1000 under
   * rootlesskit inside the same privileged sidecar; docs/rootless.md). A switch keeps the other mode's data root
   * untouched beside the new one.
   * @default "privileged"
   */
  readonly isolation: (typeof ISOLATIONS)[number];
  /**
   * CPU architecture of the workspace nodes (the Coder agent binary to run).
   * @default "amd64"
   */
  readonly arch: (typeof ARCHES)[number];
  /**
   * Base image of the startup smoke build. Air-gapped clusters point it at their mirror. Default of the
   * `verify_base_image` Terraform variable.
   * @default "alpine:3.20"
   */
  readonly verifyBaseImage: string;
  /**
   * How long the startup verification waits for dockerd to answer on its socket, in seconds.
   * @default 90
   */
  readonly dockerReadyTimeoutSeconds: number;
  /**
   * Registry mirrors for the sidecar's dockerd (`--registry-mirror`), used for Docker Hub pulls: the smoke build's
   * base image and users' pulls.
   * @default []
   */
  readonly registryMirrors: readonly string[];
  /**
   * Home volume use, in percent, at which Coder raises a volume alert for the workspace (agent resources monitoring).
   * @default 90
   */
  readonly homeDiskAlertPercent: number;
  /**
   * Share of the home disk, in percent, that Docker's build cache may keep: BuildKit's garbage collection trims it
   * to `home_disk_size` × this share (daemon.json `builder.gc.defaultKeepStorage`), so builds cannot fill the home.
   * @default 50
   */
  readonly buildCacheSharePercent: number;
  /**
   * Coder runs outside the cluster and reaches it with its ~/.kube/config instead of an in-cluster service account.
   * The default of the `use_kubeconfig` variable, and the value every publish passes (npm run push, tf_vars).
   * @default false
   */
  readonly useKubeconfig: boolean;
  /**
   * Images every workspace pulls into its data root once the storage verification has passed, in the background
   * (login does not wait); a prebuilt workspace has them before it is claimed. See docs/presets.md.
   * @default []
   */
  readonly prewarmImages: readonly string[];
}

/** Values derived from {@link DevpodConfig} and fixed by the design; never set directly. */
export interface ResolvedConfig extends DevpodConfig {
  /** Directory shared by the sidecar and the workspace container (an emptyDir) that holds dockerd's socket. */
  readonly dockerSocketDir: string;
  /** dockerd's unix socket; the only address it listens on. */
  readonly dockerSocketPath: string;
  /** `DOCKER_HOST` of the workspace container. */
  readonly dockerHost: string;
  /** dockerd's daemon.json, rendered by the sidecar's start script next to the socket (the workspace reads the
   * build cache bound from it). */
  readonly dockerDaemonConfigPath: string;
  /** The sidecar start script's status file, next to the socket: what dockerd is waiting for, for the verification. */
  readonly dockerStartStatusPath: string;
  /** The sidecar start script's notice file, next to the socket: one line the verification passes on (the other
   * isolation mode's data root, kept beside this one, and its size). */
  readonly dockerStartNoticePath: string;
  /**
   * The data root the other isolation mode uses on the same volume and path tree, when it differs from this one's:
   * after a switch it holds the previous daemon's images and volumes, untouched (docs/rootless.md). Undefined when the
   * data root is set explicitly (one path for both modes) or with dockerVolume separate (the modes use different
   * directories of Docker's volume, and only this mode's is mounted).
   */
  readonly inactiveDataRoot?: string;
  /** uid of the workspace user (Coder images use 1000). */
  readonly workspaceUid: number;
  /** gid of the workspace user; also the pod fsGroup and dockerd's `--group`, which gives it the socket. */
  readonly workspaceGid: number;
  /** The platform stack's section (context.devpod.platform), validated by lib/config/platform-config.ts. */
  readonly platform: PlatformConfig;
  /** Longhorn backups of the homes (context.devpod.backups), validated by lib/config/backups-config.ts. */
  readonly backups: BackupsConfig;
  /** Workspace presets and prebuilds (context.devpod.presets), validated by lib/config/presets-config.ts. */
  readonly presets: PresetsConfig;
  /** What developers may choose and how the pod's budget is split (context.devpod.sizing), lib/config/sizing-config.ts. */
  readonly sizing: SizingConfig;
  /** Dev containers on the sidecar (context.devpod.devcontainers), validated by lib/config/devcontainers-config.ts. */
  readonly devcontainers: DevcontainersConfig;
}

/** Defaults of every public key but dockerDataRoot, which follows homePath. */
export const DEFAULTS: Omit<DevpodConfig, "dockerDataRoot"> = {
  namespace: "coder-workspaces",
  storageClass: "longhorn",
  homePath: "/home/coder",
  accessMode: "ReadWriteOnce",
  dockerVolume: "home",
  dindImage: "docker:29.7.2-dind",
  workspaceImage: "codercom/enterprise-base:ubuntu",
  isolation: "privileged",
  arch: "amd64",
  verifyBaseImage: "alpine:3.20",
  dockerReadyTimeoutSeconds: 90,
  registryMirrors: [],
  homeDiskAlertPercent: 90,
  buildCacheSharePercent: 50,
  useKubeconfig: false,
  prewarmImages: [],
};

/** The data root's path below homePath when dockerDataRoot is not set. */
export const DEFAULT_DATA_ROOT_NAME = ".docker-data";
/** The data root when dockerVolume is `separate` and dockerDataRoot is not set: dockerd's own default. */
export const SEPARATE_DATA_ROOT = "/var/lib/docker";

// Not under /run/docker: that is dockerd's exec-root in the sidecar, which must stay private to it.
const SOCKET_DIR = "/run/dind";

/** Every key context.devpod accepts, sorted. */
export const CONFIG_KEYS = [...Object.keys(DEFAULTS), "dockerDataRoot"].sort() as (keyof DevpodConfig)[];

/** The key of the platform stack's section; its own resolver validates what is inside. */
export const PLATFORM_KEY = "platform";
/** The key of the backups section (lib/config/backups-config.ts). */
export const BACKUPS_KEY = "backups";
/** The key of the presets section (lib/config/presets-config.ts). */
export const PRESETS_KEY = "presets";
/** The nested sections context.devpod accepts besides the flat keys; each has its own resolver. */
export const SECTION_KEYS = [PLATFORM_KEY, SIZING_KEY, BACKUPS_KEY, PRESETS_KEY, DEVCONTAINERS_KEY];

// Paths are embedded into shell scripts and Terraform strings: a plain charset keeps them safe without quoting games.
const PATH_RE = /^\/[A-Za-z0-9._/-]+$/;
/** A DNS-1123 label (namespace names); also the namespace variable's validation. */
export const DNS_LABEL_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** A registry mirror: an http(s) URL without credentials, spaces or quotes. */
const DNS_SUBDOMAIN_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * Merges `raw` (cdktf.json → context.devpod, may be undefined) over the defaults, validates every key and derives the
 * fixed values. Throws a {@link DevpodConfigError} naming the key, the value and the fix.
 */
export function resolveConfig(raw: unknown): ResolvedConfig {
  if (raw === undefined || raw === null) raw = {};
  if (typeof raw !== "object" || Array.isArray(raw)) throw configNotAnObject(raw);
  const input = raw as Record<string, unknown>;
  for (const key of Object.keys(input)) {
    if (!(CONFIG_KEYS as string[]).includes(key) && !SECTION_KEYS.includes(key)) {
      const known = [...CONFIG_KEYS, ...SECTION_KEYS].sort();
      throw unknownConfigKey(key, known, nearest(key, known));
    }
  }

  if (input.homePath === "/") {
    throw invalidConfigValue("homePath", "/", "must not be /", `mount the home volume at e.g. ${DEFAULTS.homePath}`);
  }
  const homePath = pathValue(input, "homePath", DEFAULTS.homePath);
  notReserved("homePath", homePath, DEFAULTS.homePath);
  const dockerVolume = oneOf(input, "dockerVolume", DOCKER_VOLUMES, "use home (the data root on the home volume) or separate (a Docker volume per workspace)");
  const isolation = oneOf(input, "isolation", ISOLATIONS, "use privileged (dockerd as root) or rootless (dockerd as uid 1000 under rootlesskit)");
  const defaultRoot = dockerVolume === "separate" ? SEPARATE_DATA_ROOT : path.posix.join(homePath, isolation === "rootless" ? DEFAULT_ROOTLESS_DATA_ROOT_NAME : DEFAULT_DATA_ROOT_NAME);
  const dockerDataRoot = pathValue(input, "dockerDataRoot", defaultRoot);
  checkDataRoot(dockerDataRoot, homePath, dockerVolume);
  notReserved("dockerDataRoot", dockerDataRoot, defaultRoot);

  const config: DevpodConfig = {
    namespace: matching(input, "namespace", DNS_LABEL_RE, "a DNS-1123 label (lower-case letters, digits, '-'), at most 63 characters", "e.g. coder-workspaces", 63),
    storageClass: matching(input, "storageClass", DNS_SUBDOMAIN_RE, "a StorageClass name (DNS-1123 subdomain)", "e.g. longhorn", 253),
    homePath,
    dockerDataRoot,
    dockerVolume,
    accessMode: oneOf(input, "accessMode", ACCESS_MODES, "use ReadWriteOnce, or ReadWriteOncePod to keep a second pod off the volume"),
    dindImage: dindImage(input, isolation),
    workspaceImage: image(input, "workspaceImage", imageReferenceProblem, `e.g. ${DEFAULTS.workspaceImage}`),
    isolation,
    arch: oneOf(input, "arch", ARCHES, "use the architecture of the workspace nodes"),
    verifyBaseImage: image(input, "verifyBaseImage", imageReferenceProblem, `e.g. ${DEFAULTS.verifyBaseImage} or your mirror's copy of it`),
    dockerReadyTimeoutSeconds: integer(input, "dockerReadyTimeoutSeconds"),
    registryMirrors: mirrors(input),
    homeDiskAlertPercent: integer(input, "homeDiskAlertPercent"),
    buildCacheSharePercent: integer(input, "buildCacheSharePercent"),
    useKubeconfig: boolean(input, "useKubeconfig", "use true when Coder runs outside the cluster, false (in-cluster) otherwise"),
    prewarmImages: imageList(input, "prewarmImages"),
  };

  const sizing = resolveSizingConfig(input[SIZING_KEY]);
  const devcontainers = resolveDevcontainersConfig(input[DEVCONTAINERS_KEY]);
  const dockerSocketPath = `${SOCKET_DIR}/docker.sock`;
  return {
    ...config,
    dockerSocketDir: SOCKET_DIR,
    dockerSocketPath,
    dockerHost: `unix://${dockerSocketPath}`,
    dockerDaemonConfigPath: `${SOCKET_DIR}/daemon.json`,
    dockerStartStatusPath: `${SOCKET_DIR}/dind-start.status`,
    dockerStartNoticePath: `${SOCKET_DIR}/dind-start.notice`,
    inactiveDataRoot:
      input.dockerDataRoot === undefined && dockerVolume === "home"
        ? path.posix.join(homePath, config.isolation === "rootless" ? DEFAULT_DATA_ROOT_NAME : DEFAULT_ROOTLESS_DATA_ROOT_NAME)
        : undefined,
    workspaceUid: 1000,
    workspaceGid: 1000,
    platform: resolvePlatformConfig(input[PLATFORM_KEY], config),
    sizing,
    backups: resolveBackupsConfig(input[BACKUPS_KEY]),
    devcontainers,
    presets: resolvePresetsConfig(input[PRESETS_KEY], sizing, { dockerDisk: config.dockerVolume === "separate", devcontainers: devcontainers.enabled }),
  };
}

/**
 * Directories a volume must not be mounted on or below: the container's system directories, the runtime's own mounts
 * (/proc, /sys, /dev with /dev/shm, /run with the socket directory and dockerd's exec-root /run/docker) and /tmp (the
 * workspace's scratch space: the prewarm's marker lives there and must not persist).
 */
const RESERVED_DIRS = ["/bin", "/boot", "/dev", "/etc", "/lib", "/proc", "/run", "/sbin", "/sys", "/tmp", "/usr", "/var/run"];

function notReserved(key: "homePath" | "dockerDataRoot", value: string, fallback: string): void {
  const reserved = RESERVED_DIRS.find((dir) => value === dir || value.startsWith(dir + "/"));
  if (reserved) {
    throw invalidConfigValue(key, value, `must not be in ${reserved}: the container's own files or the runtime's mounts live there, and a volume mounted over them breaks the pod or loses the data`, `use e.g. ${fallback}`);
  }
}

/** The data root must be on a claim mounted in the sidecar: the home volume (below homePath), or the Docker volume. */
function checkDataRoot(dataRoot: string, homePath: string, dockerVolume: DevpodConfig["dockerVolume"]): void {
  const below = (dir: string, parent: string) => dir.startsWith(parent.replace(/\/$/, "") + "/");
  if (dockerVolume === "home" && !below(dataRoot, homePath)) {
    throw invalidConfigValue(
      "dockerDataRoot",
      dataRoot,
      `must be strictly below homePath (${homePath}), the persistent volume: ` +
        (dataRoot === homePath
          ? "Docker's data would mix with the home directory's files, and `docker system prune` would reach them"
          : "anywhere else it sits on the container's overlayfs root, where dockerd falls back to vfs or builds fail " +
            "with 'invalid argument'"),
      `use e.g. ${path.posix.join(homePath, DEFAULT_DATA_ROOT_NAME)}, or dockerVolume separate for a Docker volume of its own`,
    );
  }
  const overlaps = (a: string, b: string) => a === b || below(a, b) || below(b, a);
  if (dockerVolume === "separate" && (overlaps(dataRoot, homePath) || overlaps(dataRoot, SOCKET_DIR))) {
    throw invalidConfigValue(
      "dockerDataRoot",
      dataRoot,
      `must be outside homePath (${homePath}) and the socket directory (${SOCKET_DIR}) with dockerVolume separate: the ` +
        "Docker volume is mounted there in the sidecar, and a mount inside or around another volume hides one's files behind the other",
      `use e.g. ${SEPARATE_DATA_ROOT}`,
    );
  }
}

function pathValue(input: Record<string, unknown>, key: keyof DevpodConfig, fallback: string): string {
  const value = input[key] ?? fallback;
  expectType(key, value, "a string", `use e.g. ${fallback}`);
  if (typeof value !== "string" || !PATH_RE.test(value) || path.posix.normalize(value) !== value || value.endsWith("/")) {
    throw invalidConfigValue(
      key,
      value,
      "must be an absolute, normalized path of letters, digits and . _ - / (no trailing slash, no '..')",
      `use e.g. ${fallback}`,
    );
  }
  return value;
}

function matching(
  input: Record<string, unknown>,
  key: keyof typeof DEFAULTS,
  re: RegExp,
  rule: string,
  fix: string,
  maxLength = 255,
): string {
  const value = input[key] ?? DEFAULTS[key];
  expectType(key, value, "a string", `use ${fix}`);
  if (typeof value !== "string" || !re.test(value) || value.length > maxLength) {
    throw invalidConfigValue(key, value, `must be ${rule}`, `use ${fix}`);
  }
  return value;
}

/** An image reference; `problem` names what is wrong with it (lib/config/image-reference.ts). */
function image(input: Record<string, unknown>, key: keyof typeof DEFAULTS, problem: (ref: string) => string | undefined, fix: string): string {
  const value = input[key] ?? DEFAULTS[key];
  expectType(key, value, "a string", `use ${fix}`);
  if (typeof value !== "string") throw invalidConfigValue(key, value, "must be an image reference (a string)", `use ${fix}`);
  const wrong = problem(value);
  if (wrong) throw invalidConfigValue(key, value, wrong, `use ${fix}`);
  return value;
}

/** dindImage: one exact release; with `rootless` not the rootful variant (`-dind` tag), which has no rootlesskit. */
function dindImage(input: Record<string, unknown>, isolation: DevpodConfig["isolation"]): string {
  const fallback = isolation === "rootless" ? DEFAULT_ROOTLESS_DIND_IMAGE : DEFAULTS.dindImage;
  const value = image(
    { dindImage: input.dindImage ?? fallback },
    "dindImage",
    (ref) => imageReleaseProblem(ref, splitImageReference(fallback).tag as string),
    `a full version tag or a digest, e.g. ${fallback} or <your mirror>/docker@sha256:<64 hex digits>`,
  );
  const tag = value.includes("@") ? "" : value.slice(value.lastIndexOf("/") + 1).split(":")[1] ?? "";
  if (isolation === "rootless" && /(^|-)dind$/.test(tag)) {
    throw invalidConfigValue(
      "dindImage",
      value,
      "is the rootful docker:dind variant, with isolation rootless: it has no rootlesskit, slirp4netns nor rootless user, so the sidecar cannot start dockerd",
      `use its -dind-rootless tag, e.g. ${DEFAULT_ROOTLESS_DIND_IMAGE}, or isolation privileged`,
    );
  }
  return value;
}

function oneOf<T extends string>(
  input: Record<string, unknown>,
  key: keyof typeof DEFAULTS,
  allowed: readonly T[],
  fix: string,
): T {
  const value = input[key] ?? DEFAULTS[key];
  expectType(key, value, "a string", fix);
  if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
    throw invalidConfigValue(key, value, `must be one of ${allowed.join(", ")}`, fix);
  }
  return value as T;
}

function boolean(input: Record<string, unknown>, key: keyof typeof DEFAULTS, fix: string): boolean {
  const value = input[key] ?? DEFAULTS[key];
  expectType(key, value, "true or false", fix);
  if (typeof value !== "boolean") throw invalidConfigValue(key, value, "must be true or false (a JSON boolean)", fix);
  return value;
}

function integer(input: Record<string, unknown>, key: keyof typeof RANGES): number {
  const [min, max] = RANGES[key];
  const value = input[key] ?? DEFAULTS[key];
  expectType(key, value, "a number", `use e.g. ${DEFAULTS[key]}`);
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw invalidConfigValue(key, value, `must be a whole number from ${min} to ${max}`, `use e.g. ${DEFAULTS[key]}`);
  }
  return value;
}

function mirrors(input: Record<string, unknown>): string[] {
  const value = input.registryMirrors ?? DEFAULTS.registryMirrors;
  const fix = 'use a list of URLs, e.g. ["https://mirror.example.internal"]';
  expectType("registryMirrors", value, "a list", fix);
  if (!Array.isArray(value)) throw invalidConfigValue("registryMirrors", value, "must be a list of http(s) URLs", fix);
  expectEntryTypes("registryMirrors", value, "a string", fix);
  for (const url of value) {
    // dockerd refuses them too, at its start (moby registry/config.go ValidateMirror: "username/password not allowed").
    refuseCredentials("registryMirrors", value, url, "remove the credentials: dockerd takes none from a mirror's URL; use a mirror that serves pulls without a login inside the cluster");
    if (typeof url !== "string" || !HTTP_URL_RE.test(url)) {
      throw invalidConfigValue("registryMirrors", value, `must be a list of http(s) URLs without credentials; ${JSON.stringify(url)} is not`, fix);
    }
  }
  return [...value];
}

function imageList(input: Record<string, unknown>, key: "prewarmImages"): string[] {
  const value = input[key] ?? DEFAULTS[key];
  const fix = 'use a list of image references, e.g. ["node:22", "postgres:16"]';
  expectType(key, value, "a list", fix);
  if (!Array.isArray(value) || value.length > 20) throw invalidConfigValue(key, value, "must be a list of at most 20 image references", fix);
  expectEntryTypes(key, value, "a string", fix);
  for (const image of value) {
    const problem = typeof image === "string" ? imageReferenceProblem(image) : "is not a string";
    if (problem) throw invalidConfigValue(key, value, `must list image references; ${JSON.stringify(image)} ${problem}`, fix);
    if (value.indexOf(image) !== value.lastIndexOf(image)) {
      throw invalidConfigValue(key, value, `must list each image once; ${JSON.stringify(image)} is listed twice`, fix);
    }
  }
  return [...value];
}
