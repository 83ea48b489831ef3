/**
 * What the providers do with a changed attribute, read from their sources. The rules in rules.ts look facts up here,
 * so a provider upgrade means re-reading these files, not the rules.
 *
 * hashicorp/terraform-provider-kubernetes v2.38.0 (the version @cdktf/provider-kubernetes 12.1.1 binds):
 * - kubernetes/provider.go registers `kubernetes_persistent_volume_claim`, `kubernetes_secret` and
 *   `kubernetes_config_map` and their `_v1` names with the same resource functions, so both names share the facts.
 * - kubernetes/schema_metadata.go: `metadata.name`, `metadata.namespace` (namespacedMetadataSchema) and
 *   `metadata.generate_name` are ForceNew on every namespaced object.
 * - kubernetes/schema_persistent_volume_claim.go: `spec.access_modes`, `spec.resources.limits`, `spec.selector`,
 *   `spec.volume_name`, `spec.storage_class_name`, `spec.volume_mode` are ForceNew; `spec.resources.requests` is "the only
 *   field the API will allow modifying in-place".
 * - kubernetes/resource_kubernetes_persistent_volume_claim_v1.go, CustomizeDiff: a smaller
 *   `resources.requests.storage` forces a new claim (a larger one is updated in place).
 * - kubernetes/resource_kubernetes_secret_v1.go: `type` is ForceNew; CustomizeDiff forces a new Secret when `immutable`
 *   was true and `data`, `binary_data` or `immutable` change.
 * - kubernetes/resource_kubernetes_config_map_v1.go: the same CustomizeDiff for `data`, `binary_data`, `immutable`.
 * - kubernetes/resource_kubernetes_deployment_v1.go: `spec.selector` is ForceNew (with the metadata fields above).
 *
 * coder/terraform-provider-coder v2.17.0: every argument of `coder_agent` (provider/agent.go) and `coder_script`
 * (provider/script.go) is ForceNew: any change replaces them at the next build. coder/coder
 * provisioner/terraform/resources.go names each agent after its resource (`Name: tfResource.Name`).
 */

/** Where a kubernetes provider fact comes from (file in hashicorp/terraform-provider-kubernetes at v2.38.0). */
export const KUBERNETES_PROVIDER = "kubernetes provider v2.38.0";

const METADATA_FORCE_NEW = ["metadata.name", "metadata.namespace", "metadata.generate_name"];
const METADATA_SOURCE = "kubernetes/schema_metadata.go";

/** A Kubernetes object that holds data a replacement would lose. */
export interface StatefulType {
  /** What the object is, for the report ("the home claim" style text uses it). */
  readonly noun: string;
  /** What a replacement loses. */
  readonly loss: string;
  /** ForceNew attribute paths (dotted, no indexes) and the file that marks each one. */
  readonly forceNew: readonly { readonly path: string; readonly source: string }[];
  /** CustomizeDiff forces a new object when `immutable` was true and one of these changes. */
  readonly immutableFields?: readonly string[];
  /** The file of the immutable CustomizeDiff. */
  readonly immutableSource?: string;
  /** The attribute whose smaller value forces a new object (CustomizeDiff). */
  readonly shrinkForcesNew?: { readonly path: string; readonly source: string };
}

const pvc: StatefulType = {
  noun: "PersistentVolumeClaim",
  loss: "the volume is deleted with it (Longhorn's reclaim policy is Delete): the home directory and all of Docker's data are gone",
  forceNew: [
    ...METADATA_FORCE_NEW.map((path) => ({ path, source: METADATA_SOURCE })),
    ...["spec.access_modes", "spec.resources.limits", "spec.selector", "spec.volume_name", "spec.storage_class_name", "spec.volume_mode"].map(
      (path) => ({ path, source: "kubernetes/schema_persistent_volume_claim.go" }),
    ),
  ],
  shrinkForcesNew: { path: "spec.resources.requests.storage", source: "kubernetes/resource_kubernetes_persistent_volume_claim_v1.go (CustomizeDiff)" },
};

const secret: StatefulType = {
  noun: "Secret",
  loss: "its keys, including any written by something other than Terraform, are deleted, and pods that mount it lose it until it is re-created",
  forceNew: [
    ...METADATA_FORCE_NEW.map((path) => ({ path, source: METADATA_SOURCE })),
    { path: "type", source: "kubernetes/resource_kubernetes_secret_v1.go" },
  ],
  immutableFields: ["data", "binary_data", "immutable"],
  immutableSource: "kubernetes/resource_kubernetes_secret_v1.go (CustomizeDiff)",
};

const configMap: StatefulType = {
  noun: "ConfigMap",
  loss: "its keys, including any written by something other than Terraform, are deleted, and pods that mount it lose it until it is re-created",
  forceNew: METADATA_FORCE_NEW.map((path) => ({ path, source: METADATA_SOURCE })),
  immutableFields: ["data", "binary_data", "immutable"],
  immutableSource: "kubernetes/resource_kubernetes_config_map_v1.go (CustomizeDiff)",
};

/** Stateful resource types by Terraform type name. */
export const STATEFUL: Readonly<Record<string, StatefulType>> = {
  kubernetes_persistent_volume_claim: pvc,
  kubernetes_persistent_volume_claim_v1: pvc,
  kubernetes_secret: secret,
  kubernetes_secret_v1: secret,
  kubernetes_config_map: configMap,
  kubernetes_config_map_v1: configMap,
};

/** Deployment types: a change of the pod template rolls the pod. */
export const DEPLOYMENT_TYPES = ["kubernetes_deployment", "kubernetes_deployment_v1"];

/** ForceNew attributes of a Deployment (replacing it restarts the pod; it holds no data). */
export const DEPLOYMENT_FORCE_NEW = [
  ...METADATA_FORCE_NEW.map((path) => ({ path, source: METADATA_SOURCE })),
  { path: "spec.selector", source: "kubernetes/resource_kubernetes_deployment_v1.go" },
];

/** Source of the "every argument is ForceNew" fact of the coder provider. */
export const CODER_FORCE_NEW_SOURCE = {
  coder_agent: "coder provider v2.17.0 provider/agent.go",
  coder_script: "coder provider v2.17.0 provider/script.go",
};

/**
 * The provider versions the facts above (and platform-rules.ts's) were read from, by registry source. A template that
 * runs another version runs with facts this review has not checked; coderd v0.0.23 is the version whose
 * template_resource.go the platform rows cite.
 */
export const FACTS_VERSIONS: Readonly<Record<string, string>> = {
  "hashicorp/kubernetes": "2.38.0",
  "coder/coder": "2.17.0",
  "coder/coderd": "0.0.23",
};

/** `registry.terraform.io/hashicorp/kubernetes` → `hashicorp/kubernetes`. */
export const providerSource = (source: string) => source.replace(/^registry\.terraform\.io\//, "").toLowerCase();

/** The one version a constraint allows (`2.38.0`, `= 2.38.0`), or undefined for a range (`~> 2.38.0`, `>= 2`). */
export function exactVersion(constraint: unknown): string | undefined {
  return typeof constraint === "string" ? /^\s*=?\s*v?(\d+\.\d+\.\d+)\s*$/.exec(constraint)?.[1] : undefined;
}
