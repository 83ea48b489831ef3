/**
 * Terraform's `kubernetes` backend: state in a Secret (`tfstate-default-<secretSuffix>`) with a Lease for locking.
 * cdktf 0.21 ships no class for it, so this is the documented escape hatch as a backend construct. Credentials are
 * not written: like the provider, it reads KUBE_CONFIG_PATH (or runs in-cluster).
 * @see https://developer.hashicorp.com/terraform/language/backend/kubernetes
 */
import { Construct } from "constructs";
import { TerraformBackend, TerraformRemoteState } from "cdktf";
import { platformStateNotRemote } from "../config/errors";

/** Props of {@link KubernetesBackend}. */
export interface KubernetesBackendProps {
  /** Suffix of the state Secret's name. @default - none, required */
  readonly secretSuffix: string;
  /** Namespace of the state Secret; it must exist before the first deploy. @default - none, required */
  readonly namespace: string;
}

/** `terraform { backend "kubernetes" { ... } }`. */
export class KubernetesBackend extends TerraformBackend {
  constructor(
    scope: Construct,
    private readonly props: KubernetesBackendProps,
  ) {
    super(scope, "backend", "kubernetes");
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return { secret_suffix: this.props.secretSuffix, namespace: this.props.namespace };
  }

  protected synthesizeHclAttributes(): Record<string, unknown> {
    return this.synthesizeAttributes();
  }

  /** No other stack reads this state. */
  getRemoteStateDataSource(_scope: Construct, _name: string, _fromStack: string): TerraformRemoteState {
    throw platformStateNotRemote();
  }
}
