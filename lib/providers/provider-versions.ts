/**
 * The Terraform providers both stacks use, each pinned to one exact version: the one place they are defined.
 *
 * Exact, not `~>`: Coder runs `terraform init` at every workspace build and would take the newest version a looser
 * constraint allows, and the facts the review tool and the home volume's `ignore_changes` rely on (ForceNew
 * attributes, coderd's defaults) were read from these versions' sources. A change here is a provider upgrade: re-read
 * those facts (lib/tools/review/provider-facts.ts, HOME_VOLUME_FORCE_NEW), regenerate the bindings (`npm run
 * gen:providers`), and renew the lock file (`npm run lock`).
 */
import { TerraformStack } from "cdktf";

/** A provider's registry source and exact version. */
export interface ProviderPin {
  /** `<namespace>/<name>` in the Terraform registry. */
  readonly source: string;
  /** The one version allowed. */
  readonly version: string;
}

/** The providers, by their local name in `required_providers`. */
export const PROVIDERS = {
  coder: { source: "coder/coder", version: "2.17.0" },
  coderd: { source: "coder/coderd", version: "0.0.23" },
  // @cdktf/provider-kubernetes 12.1.1 binds this version.
  kubernetes: { source: "hashicorp/kubernetes", version: "2.38.0" },
} as const satisfies Record<string, ProviderPin>;

/** A provider's local name. */
export type ProviderName = keyof typeof PROVIDERS;

/** The registry address Terraform's lock file names a provider by: `registry.terraform.io/<source>`. */
export const registryAddress = (source: string): string => `registry.terraform.io/${source}`;

/**
 * Writes `terraform.required_providers.<name>` of `stack` from {@link PROVIDERS}: the generated and prebuilt bindings
 * carry constraints of their own (the prebuilt kubernetes one under the legacy short source), which this replaces.
 */
export function pinProviders(stack: TerraformStack, names: readonly ProviderName[]): void {
  for (const name of names) stack.addOverride(`terraform.required_providers.${name}`, { ...PROVIDERS[name] });
}
