/**
 * The namespace the workspaces run in, with Pod Security Standard labels: `enforce: privileged`, because the Docker
 * sidecar is privileged, and `warn`/`audit: baseline`, so that every workspace pod shows the gap in `kubectl`
 * warnings and the audit log instead of hiding it.
 * @see https://kubernetes.io/docs/concepts/security/pod-security-admission/
 */
import { Construct } from "constructs";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { ISOLATIONS } from "../config/config";
import { ImportBlock, importBlock } from "./import-block";
import { PLATFORM_LABELS } from "./platform-labels";

/** Props of {@link WorkspaceNamespace}. */
export interface WorkspaceNamespaceProps {
  /** Name of the namespace (the template's `namespace`). @default - none, required */
  readonly name: string;
  /** How dockerd is isolated; `privileged` needs the privileged level. @default - none, required */
  readonly isolation: (typeof ISOLATIONS)[number];
  /** The level warned about and audited: what the pods would meet without the privileged sidecar. @default "baseline" */
  readonly warnLevel?: "baseline" | "restricted";
  /** Adopt the namespace if it exists (an `import` block with its name as the id). @default false */
  readonly adopt?: boolean;
}

/** The Pod Security Standards level each isolation mode's pods need. */
const ENFORCE: Record<WorkspaceNamespaceProps["isolation"], "privileged" | "baseline"> = { privileged: "privileged", rootless: "privileged" };

/** `kubernetes_namespace_v1.workspaces`. */
export class WorkspaceNamespace extends Construct {
  /** The namespace. */
  readonly namespace: NamespaceV1;
  /** Its name, as a reference (so that dependants wait for it). */
  readonly name: string;
  /** The import block that adopts the existing namespace, when asked for. */
  readonly importBlock?: ImportBlock;

  constructor(scope: Construct, id: string, props: WorkspaceNamespaceProps) {
    super(scope, id);
    const warn = props.warnLevel ?? "baseline";
    // Both modes run a privileged sidecar (rootless drops to uid 1000 under rootlesskit inside it, docs/rootless.md), so
    // both need the privileged level; an isolation without a privileged container would drop to baseline here.
    const enforce = ENFORCE[props.isolation];
    this.namespace = new NamespaceV1(this, "namespace", {
      metadata: {
        name: props.name,
        labels: {
          ...PLATFORM_LABELS,
          "pod-security.kubernetes.io/enforce": enforce,
          "pod-security.kubernetes.io/warn": warn,
          "pod-security.kubernetes.io/audit": warn,
        },
      },
      // Deleting a namespace deletes every PVC in it, and with them (reclaim policy Delete) every workspace's home.
      // Its name is ForceNew (schema_metadata.go), so a new `namespace` in cdktf.json would replace it: Terraform
      // refuses instead, and so does `cdktf destroy platform`. Moving workspaces is a migration (see the README).
      lifecycle: { preventDestroy: true },
    });
    this.namespace.overrideLogicalId("workspaces");
    // The id is the namespace's name (kubernetes provider v2.38.0, resourceidentity.go: resourceIdentityImportNonNamespaced).
    if (props.adopt) this.importBlock = importBlock(this.namespace, props.name);
    this.name = this.namespace.metadata.name;
  }
}
