/**
 * The rights Coder's provisioner needs to run the devpod template, and no more: a Role in the workspace namespace
 * bound to Coder's service account. Nothing cluster-wide: the template creates only namespaced objects.
 */
import { Construct } from "constructs";
import { RoleV1 } from "@cdktf/provider-kubernetes/lib/role-v1";
import { RoleBindingV1 } from "@cdktf/provider-kubernetes/lib/role-binding-v1";
import { PlatformProvisionerConfig } from "../config/platform-config";
import { PLATFORM_LABELS } from "./platform-labels";

/** Props of {@link ProvisionerRbac}. */
export interface ProvisionerRbacProps {
  /** The workspace namespace (a reference to it). @default - none, required */
  readonly namespace: string;
  /** Coder's service account. @default - none, required */
  readonly provisioner: PlatformProvisionerConfig;
  /** Name of the Role and the RoleBinding. @default "devpod-provisioner" */
  readonly name?: string;
}

/** What Terraform does to each object of the template: create, read (refresh), update in place, delete. */
const MANAGE = ["create", "delete", "get", "list", "patch", "update", "watch"];

/** `kubernetes_role_v1.provisioner` and `kubernetes_role_binding_v1.provisioner`. */
export class ProvisionerRbac extends Construct {
  /** The Role. */
  readonly role: RoleV1;
  /** The binding to Coder's service account. */
  readonly binding: RoleBindingV1;

  constructor(scope: Construct, id: string, props: ProvisionerRbacProps) {
    super(scope, id);
    const name = props.name ?? "devpod-provisioner";
    const metadata = { name, namespace: props.namespace, labels: { ...PLATFORM_LABELS } };
    this.role = new RoleV1(this, "role", {
      metadata,
      rule: [
        // kubernetes_deployment_v1.main: the workspace pod, created at start and deleted at stop.
        { apiGroups: ["apps"], resources: ["deployments"], verbs: MANAGE },
        // kubernetes_persistent_volume_claim_v1.home: created once, grown in place, deleted with the workspace.
        { apiGroups: [""], resources: ["persistentvolumeclaims"], verbs: MANAGE },
        // The Deployment controller creates the pods, not Terraform: reading them is enough (status, troubleshooting).
        { apiGroups: [""], resources: ["pods"], verbs: ["get", "list", "watch"] },
      ],
    });
    this.role.overrideLogicalId("provisioner");
    this.binding = new RoleBindingV1(this, "binding", {
      metadata,
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: this.role.metadata.name },
      subject: [{ kind: "ServiceAccount", name: props.provisioner.serviceAccount, namespace: props.provisioner.namespace }],
    });
    this.binding.overrideLogicalId("provisioner");
  }
}
