/** Labels of every Kubernetes object the platform stack creates (not the workspaces' objects: see lib/template/labels.ts). */
export const PLATFORM_LABELS: Readonly<Record<string, string>> = {
  "app.kubernetes.io/part-of": "coder",
  "app.kubernetes.io/managed-by": "devpod",
  "app.kubernetes.io/component": "platform",
};
