/**
 * The `devcontainers` section of the devpod config (cdktf.json → context.devpod.devcontainers): Coder's Dev Containers
 * integration on the Docker sidecar. Off by default. Validated like the rest: an unknown key or a bad value throws one
 * {@link DevpodConfigError} naming the key (`devcontainers.nodeImage`), the value and the fix.
 */
import { imageReleaseProblem, splitImageReference } from "./image-reference";
import { HTTP_URL_RE } from "./url-pattern";
import { invalidConfigValue } from "./errors";
import { Raw, expectType, refuseCredentials, refuseUnknown } from "./config-fields";

/** cdktf.json → context.devpod.devcontainers. */
export interface DevcontainersConfig {
  /** Add the repository parameter, the clone, CLI and prune scripts and the coder_devcontainer. @default false */
  readonly enabled: boolean;
  /** Default of the workspace's repository parameter; empty: no repository unless the user gives one. @default "" */
  readonly defaultRepository: string;
  /** Folder below the home path the repository is cloned into (`<homePath>/<reposDir>/<name>`). @default "src" */
  readonly reposDir: string;
  /** devcontainer.json's path relative to the repository; empty: the CLI's own search (.devcontainer/devcontainer.json, .devcontainer.json). @default "" */
  readonly configPath: string;
  /** npm registry the pinned @devcontainers/cli tarball is fetched from, once per home volume; offline clusters name their mirror. @default "https://registry.npmjs.org" */
  readonly npmRegistry: string;
  /** Image whose `node` binary runs the CLI, pulled once through the sidecar's dockerd (registryMirrors apply). @default "node:22.12.0-bookworm-slim" */
  readonly nodeImage: string;
  /** Coder external-auth provider ids (e.g. "github") each user must link before creating a workspace, so that the clone finds the account linked. @default [] */
  readonly externalAuth: readonly string[];
}

/** The section's defaults. */
export const DEVCONTAINERS_DEFAULTS: DevcontainersConfig = {
  enabled: false,
  defaultRepository: "",
  reposDir: "src",
  configPath: "",
  npmRegistry: "https://registry.npmjs.org",
  nodeImage: "node:22.12.0-bookworm-slim",
  externalAuth: [],
};

/**
 * A Coder external-auth provider id, as the deployment's CODER_EXTERNAL_AUTH_<n>_ID names it: letters, digits and
 * single hyphens (coderd's name rule, at most 32), starting with a letter so that it is also the data source's name.
 */
export const EXTERNAL_AUTH_ID_RE = /^[A-Za-z][A-Za-z0-9]*(-[A-Za-z0-9]+)*$/;

/** The key of the section in context.devpod. */
export const DEVCONTAINERS_KEY = "devcontainers";

/**
 * A repository URL the clone script may be given: https or ssh (`git@host:path`, `ssh://`), no credentials, spaces or
 * quotes (it is written into a shell script). Also the repository parameter's validation (RE2-compatible), with "" allowed.
 */
export const REPOSITORY_RE = /^(https:\/\/[A-Za-z0-9.-]+(:[0-9]+)?\/|ssh:\/\/git@[A-Za-z0-9.-]+(:[0-9]+)?\/|git@[A-Za-z0-9.-]+:)[A-Za-z0-9._~/-]+$/;
const RELATIVE_RE = /^(?!\.\.?\/)(?!.*\/\.\.?(\/|$))[A-Za-z0-9._][A-Za-z0-9._/-]*$/;


/** Merges `raw` (context.devpod.devcontainers, may be undefined) over the defaults and validates it. */
export function resolveDevcontainersConfig(raw: unknown): DevcontainersConfig {
  const known = Object.keys(DEVCONTAINERS_DEFAULTS);
  const value = raw ?? {};
  expectType(DEVCONTAINERS_KEY, value, "an object", 'write "devcontainers": { "enabled": true } or leave it out');
  if (typeof value !== "object" || Array.isArray(value)) {
    throw invalidConfigValue(DEVCONTAINERS_KEY, raw, "must be an object of settings", 'write "devcontainers": { "enabled": true } or leave it out');
  }
  const input = value as Raw;
  refuseUnknown(input, DEVCONTAINERS_KEY, known);
  const enabledValue = input.enabled ?? DEVCONTAINERS_DEFAULTS.enabled;
  expectType(`${DEVCONTAINERS_KEY}.enabled`, enabledValue, "true or false", "use true to offer dev containers");
  if (typeof enabledValue !== "boolean") {
    throw invalidConfigValue(`${DEVCONTAINERS_KEY}.enabled`, enabledValue, "must be true or false", "use true to offer dev containers");
  }
  const defaultRepository = str(input, "defaultRepository", (v) => v === "" || REPOSITORY_RE.test(v), "an https or ssh git URL without credentials, spaces or quotes, or empty", 'use e.g. "https://github.com/org/repo.git" or ""');
  // The folder name is the URL's last segment without .git: a URL without one would clone into reposDir itself.
  return {
    enabled: enabledValue,
    defaultRepository,
    reposDir: str(input, "reposDir", (v) => RELATIVE_RE.test(v) && !v.endsWith("/") && v.length <= 100, "a relative path below the home path, without '..' or a trailing slash", 'use e.g. "src"'),
    configPath: str(input, "configPath", (v) => v === "" || (RELATIVE_RE.test(v) && v.endsWith(".json")), "a .json path relative to the repository, without '..', or empty", 'use e.g. ".devcontainer/devcontainer.json" or ""'),
    npmRegistry: str(input, "npmRegistry", (v) => HTTP_URL_RE.test(v), "an http(s) URL without credentials", "use your npm mirror's URL, e.g. https://npm.example.internal"),
    nodeImage: image(input),
    externalAuth: externalAuth(input),
  };
}

/** externalAuth: a list of distinct provider ids. */
function externalAuth(input: Raw): string[] {
  const key = `${DEVCONTAINERS_KEY}.externalAuth`;
  const value = input.externalAuth ?? DEVCONTAINERS_DEFAULTS.externalAuth;
  const fix = 'use the ids of your deployment\'s external-auth providers (CODER_EXTERNAL_AUTH_<n>_ID), e.g. ["github"]';
  if (!Array.isArray(value)) throw invalidConfigValue(key, value, "must be a list of external-auth provider ids", fix);
  for (const id of value) {
    if (typeof id !== "string" || !EXTERNAL_AUTH_ID_RE.test(id) || id.length > 32) {
      throw invalidConfigValue(key, value, `must hold provider ids (letters, digits and single hyphens, starting with a letter, at most 32): ${JSON.stringify(id)} is not one`, fix);
    }
    if (value.indexOf(id) !== value.lastIndexOf(id)) throw invalidConfigValue(key, value, `must name each provider once: "${id}" is listed twice`, fix);
  }
  return [...value];
}

/** nodeImage: its node binary is copied onto the home volume once, so it must name one exact release. */
function image(input: Raw): string {
  const value = input.nodeImage ?? DEVCONTAINERS_DEFAULTS.nodeImage;
  expectType(`${DEVCONTAINERS_KEY}.nodeImage`, value, "a string", `use e.g. ${DEVCONTAINERS_DEFAULTS.nodeImage}`);
  // The example release in the message is a node tag, not the Docker sidecar's.
  const problem = typeof value === "string" ? imageReleaseProblem(value, splitImageReference(DEVCONTAINERS_DEFAULTS.nodeImage).tag as string) : "is not a string";
  const fix = `use a full version tag or a digest, e.g. ${DEVCONTAINERS_DEFAULTS.nodeImage} or your mirror's copy of it`;
  if (problem) throw invalidConfigValue(`${DEVCONTAINERS_KEY}.nodeImage`, value, `must be an exact release of an image: it ${problem}`, fix);
  return value as string;
}

/** Where the credentials a URL must not carry go instead. */
const CREDENTIALS_FIX: Partial<Record<keyof DevcontainersConfig, string>> = {
  defaultRepository: "remove them: a private repository is cloned with the user's own credentials (Coder external auth, or an ssh URL with the workspace's key)",
  npmRegistry: "remove them: use a mirror that serves the CLI's tarball without a login inside the cluster",
};

function str(input: Raw, key: keyof DevcontainersConfig, ok: (v: string) => boolean, rule: string, fix: string): string {
  const value = input[key] ?? DEVCONTAINERS_DEFAULTS[key];
  expectType(`${DEVCONTAINERS_KEY}.${key}`, value, "a string", fix);
  refuseCredentials(`${DEVCONTAINERS_KEY}.${key}`, value, value, CREDENTIALS_FIX[key] ?? "remove the credentials from the URL");
  if (typeof value !== "string" || !ok(value)) throw invalidConfigValue(`${DEVCONTAINERS_KEY}.${key}`, value, `must be ${rule}`, fix);
  return value;
}
