/**
 * The labels and annotations every Kubernetes object of a workspace carries: `app.kubernetes.io/*` plus Coder's
 * `com.coder.*`, as in Coder's official Kubernetes template. One helper, so no object gets a pasted copy.
 */
import { DataCoderWorkspace } from "../providers/gen/providers/coder/data-coder-workspace";
import { DataCoderWorkspaceOwner } from "../providers/gen/providers/coder/data-coder-workspace-owner";

/** The workspace and its owner, as Coder's data sources report them. */
export interface WorkspaceIdentity {
  readonly workspace: DataCoderWorkspace;
  readonly owner: DataCoderWorkspaceOwner;
}

/**
 * Labels that select the objects of one component of one workspace. Only immutable ids go here: a Deployment's
 * selector cannot change after creation, and names can (renames).
 */
export function selectorLabels(identity: WorkspaceIdentity, component: string): Record<string, string> {
  return {
    "app.kubernetes.io/name": component,
    "app.kubernetes.io/instance": `${component}-${identity.workspace.id}`,
  };
}

/**
 * Labels of the workspace's pod template: only what a prebuild claim keeps (the workspace id). A claim hands a
 * prebuilt workspace to its user and runs Terraform again with the new owner and workspace name; any of them here
 * would change the pod template and make Kubernetes replace the pod, throwing away the prebuild's head start (Coder
 * docs, prebuilt-workspaces.md, "Preventing resource replacement"). The owner and name stay on the Deployment's and
 * the claim's own metadata ({@link workspaceMetadata}), which are updated in place.
 */
export function podLabels(identity: WorkspaceIdentity, component: string): Record<string, string> {
  return {
    ...selectorLabels(identity, component),
    "app.kubernetes.io/part-of": "coder",
    "app.kubernetes.io/managed-by": "devpod",
    "com.coder.resource": "true",
    "com.coder.workspace.id": identity.workspace.id,
  };
}

/**
 * Labels and annotations of an object's own metadata (the Deployment, the claim): the pod's labels plus the workspace
 * name and the owner, which a claim changes in place. The email is an annotation (not a valid label value).
 */
export function workspaceMetadata(
  identity: WorkspaceIdentity,
  component: string,
): { labels: Record<string, string>; annotations: Record<string, string> } {
  return {
    labels: {
      ...podLabels(identity, component),
      "com.coder.workspace.name": identity.workspace.name,
      "com.coder.user.id": identity.owner.id,
      "com.coder.user.username": identity.owner.name,
    },
    annotations: {
      "com.coder.user.email": identity.owner.email,
    },
  };
}
