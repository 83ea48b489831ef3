/**
 * The `platform` section of the devpod config (cdktf.json → context.devpod.platform): what the platform stack needs
 * beyond the template's settings. Validated like the rest: an unknown key or a bad value throws one
 * {@link DevpodConfigError} naming the key (`platform.storageClass.replicaCount`), the value and the fix.
 */
import { invalidConfigValue } from "./errors";
import { bool, int, oneOf, section, str } from "./config-fields";
import { PlatformTemplateConfig, resolveTemplateSettings } from "./template-settings";

/** Longhorn's data locality modes (longhorn docs, references/storage-class-parameters). */
export const DATA_LOCALITIES = ["disabled", "best-effort", "strict-local"] as const;
/** StorageClass reclaim policies. */
export const RECLAIM_POLICIES = ["Delete", "Retain"] as const;
/** Where the platform stack keeps its Terraform state. */
export const STATE_BACKENDS = ["kubernetes", "local"] as const;

/** A StorageClass of devpod's own, tuned for Docker layers on Longhorn. */
export interface PlatformStorageClassConfig {
  /**
   * Create the class. Off: the cluster's existing class (the template's `storageClass`, e.g. Longhorn's `longhorn`) is used.
   * @default false
   */
  readonly enabled: boolean;
  /** Name of the class; the template's `storageClass` must name it when enabled. @default "longhorn-docker" */
  readonly name: string;
  /** Longhorn replicas per volume (every layer write is multiplied by it). @default 2 */
  readonly replicaCount: number;
  /** Longhorn data locality. @default "best-effort" */
  readonly dataLocality: (typeof DATA_LOCALITIES)[number];
  /** Minutes before Longhorn deletes a failed replica (Longhorn's minimum and default is 30). @default 30 */
  readonly staleReplicaTimeout: number;
  /** What happens to a volume when its claim is deleted. @default "Delete" */
  readonly reclaimPolicy: (typeof RECLAIM_POLICIES)[number];
}

/** Coder's provisioner identity: the service account that runs the template's Terraform. */
export interface PlatformProvisionerConfig {
  /** Its service account (the Coder Helm chart's default is `coder`). @default "coder" */
  readonly serviceAccount: string;
  /** The namespace Coder runs in. @default "coder" */
  readonly namespace: string;
}

/** The platform stack's own Terraform state. */
export interface PlatformStateConfig {
  /** `kubernetes` (a Secret, with locking) or `local` (a file, for a single operator). @default "kubernetes" */
  readonly backend: (typeof STATE_BACKENDS)[number];
  /** kubernetes: namespace of the state Secret; it must exist. @default - provisioner.namespace */
  readonly namespace: string;
  /** kubernetes: suffix of the Secret `tfstate-default-<suffix>`. @default "devpod-platform" */
  readonly secretSuffix: string;
  /** local: state file, relative to the project root (the folder of cdktf.json). @default "terraform.platform.tfstate" */
  readonly path: string;
}

/**
 * Adopting what already exists: Terraform `import` blocks, so that a first deploy takes over the template (e.g. made
 * by `npm run push`) and the workspace namespace instead of failing on them. Terraform skips an import block whose
 * resource is already in the state, so they may stay on; a block whose object does not exist fails the plan.
 */
export interface PlatformImportConfig {
  /** Import the template `<organization>/<templateName>` into coderd_template.devpod. @default false */
  readonly template: boolean;
  /** Import the namespace `<namespace>` into kubernetes_namespace_v1.workspaces. @default false */
  readonly namespace: boolean;
}

/** cdktf.json → context.devpod.platform. */
export interface PlatformConfig {
  /** Name of the template in Coder (`coder templates push <name>`). @default "devpod" */
  readonly templateName: string;
  /**
   * The Coder organization the template is created in, updated in and imported from; `default` is the deployment's
   * default organization, whatever its name. @default "default"
   */
  readonly organization: string;
  /** The template's settings in Coder, owned by the stack or left to the UI. */
  readonly template: PlatformTemplateConfig;
  /** What the first deploy adopts instead of creating. */
  readonly import: PlatformImportConfig;
  /** Coder's provisioner service account, granted the template's rights in the workspace namespace. */
  readonly provisioner: PlatformProvisionerConfig;
  /** The optional StorageClass. */
  readonly storageClass: PlatformStorageClassConfig;
  /** Where the platform stack's state lives. */
  readonly state: PlatformStateConfig;
}

/** Template settings the platform section is checked against. */
export interface PlatformCrossCheck {
  /** The template's `storageClass`. */
  readonly storageClass: string;
}

const PREFIX = "platform";
const DNS_LABEL_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
// Relative, normalized, inside the project: no leading /, no "..", plain characters.
const RELATIVE_PATH_RE = /^(?!\.\.?\/)(?!.*\/\.\.?(\/|$))[A-Za-z0-9_][A-Za-z0-9._/-]*$/;


/**
 * Merges `raw` (context.devpod.platform, may be undefined) over the defaults and validates it; `template` carries the
 * template settings it must agree with.
 */
export function resolvePlatformConfig(raw: unknown, template: PlatformCrossCheck): PlatformConfig {
  const input = section(raw, PREFIX, ["templateName", "organization", "template", "import", "provisioner", "storageClass", "state"]);
  const importIn = section(input.import, `${PREFIX}.import`, ["template", "namespace"]);
  const provisionerIn = section(input.provisioner, `${PREFIX}.provisioner`, ["serviceAccount", "namespace"]);
  const classIn = section(input.storageClass, `${PREFIX}.storageClass`, [
    "enabled",
    "name",
    "replicaCount",
    "dataLocality",
    "staleReplicaTimeout",
    "reclaimPolicy",
  ]);
  const stateIn = section(input.state, `${PREFIX}.state`, ["backend", "namespace", "secretSuffix", "path"]);

  // Coder's own name rule for templates (codersdk: letters, digits, '-', at most 32); lower case keeps it a DNS label.
  const templateName = str(input, `${PREFIX}.templateName`, "devpod", DNS_LABEL_RE, "a lower-case name of letters, digits and '-', at most 32 characters", "e.g. devpod", 32);
  // Coder's organization names follow its name rule, like templates.
  const organization = str(input, `${PREFIX}.organization`, "default", DNS_LABEL_RE, "a Coder organization name (lower-case letters, digits, '-'), at most 32 characters", "e.g. default (the default organization)", 32);
  const settings = resolveTemplateSettings(input.template);
  const adopt: PlatformImportConfig = {
    template: bool(importIn, `${PREFIX}.import.template`, false),
    namespace: bool(importIn, `${PREFIX}.import.namespace`, false),
  };
  const provisioner: PlatformProvisionerConfig = {
    serviceAccount: str(provisionerIn, `${PREFIX}.provisioner.serviceAccount`, "coder", DNS_SUBDOMAIN_RE, "a ServiceAccount name (DNS-1123 subdomain)", "use the name of Coder's service account (kubectl -n coder get sa)", 253),
    namespace: str(provisionerIn, `${PREFIX}.provisioner.namespace`, "coder", DNS_LABEL_RE, "a DNS-1123 label, at most 63 characters", "use the namespace Coder runs in, e.g. coder", 63),
  };
  const storageClass: PlatformStorageClassConfig = {
    enabled: bool(classIn, `${PREFIX}.storageClass.enabled`, false),
    name: str(classIn, `${PREFIX}.storageClass.name`, "longhorn-docker", DNS_SUBDOMAIN_RE, "a StorageClass name (DNS-1123 subdomain)", "e.g. longhorn-docker", 253),
    replicaCount: int(classIn, `${PREFIX}.storageClass.replicaCount`, 2, 1, 20),
    dataLocality: oneOf(classIn, `${PREFIX}.storageClass.dataLocality`, "best-effort", DATA_LOCALITIES),
    staleReplicaTimeout: int(classIn, `${PREFIX}.storageClass.staleReplicaTimeout`, 30, 30, 43200),
    reclaimPolicy: oneOf(classIn, `${PREFIX}.storageClass.reclaimPolicy`, "Delete", RECLAIM_POLICIES),
  };
  if (storageClass.dataLocality === "strict-local" && storageClass.replicaCount !== 1) {
    throw invalidConfigValue(
      `${PREFIX}.storageClass.dataLocality`,
      storageClass.dataLocality,
      `needs exactly one replica in Longhorn (replicaCount is ${storageClass.replicaCount})`,
      "use best-effort, or set platform.storageClass.replicaCount to 1",
    );
  }
  if (storageClass.enabled && template.storageClass !== storageClass.name) {
    throw invalidConfigValue(
      "storageClass",
      template.storageClass,
      `must name the platform's StorageClass "${storageClass.name}" while platform.storageClass.enabled is true; otherwise the workspaces would not use the class the platform creates and proves`,
      `set storageClass to "${storageClass.name}", or set platform.storageClass.enabled to false`,
    );
  }
  const state: PlatformStateConfig = {
    backend: oneOf(stateIn, `${PREFIX}.state.backend`, "kubernetes", STATE_BACKENDS),
    namespace: str(stateIn, `${PREFIX}.state.namespace`, provisioner.namespace, DNS_LABEL_RE, "a DNS-1123 label of an existing namespace", `e.g. ${provisioner.namespace}`, 63),
    // The Secret is `tfstate-default-<suffix>`: keep the whole name a DNS subdomain.
    secretSuffix: str(stateIn, `${PREFIX}.state.secretSuffix`, "devpod-platform", DNS_LABEL_RE, "a DNS-1123 label, at most 40 characters", "e.g. devpod-platform", 40),
    path: str(stateIn, `${PREFIX}.state.path`, "terraform.platform.tfstate", RELATIVE_PATH_RE, "a path relative to the project root, without '..' (an absolute path ties the state to one machine)", "e.g. terraform.platform.tfstate", 255),
  };
  // Terraform's kubernetes backend refuses a suffix ending in '-<number>': it appends `-<index>` itself when it splits
  // a large state into several Secrets (internal/backend/remote-state/kubernetes/backend.go, hasNumericSuffix).
  if (/-[0-9]+$/.test(state.secretSuffix)) {
    throw invalidConfigValue(
      `${PREFIX}.state.secretSuffix`,
      state.secretSuffix,
      "must not end with '-<number>' (Terraform's kubernetes backend refuses it: it numbers the Secrets of a large state that way)",
      `use e.g. ${state.secretSuffix.replace(/-[0-9]+$/, "")}`,
    );
  }
  return { templateName, organization, template: settings, import: adopt, provisioner, storageClass, state };
}
