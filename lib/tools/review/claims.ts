/**
 * What each workspace claim of this template holds, so that the review says which data a change reaches: the home
 * claim (`coder-<id>-home`) or Docker's own (`coder-<id>-docker`, dockerVolume `separate`). A claim is recognised by
 * its `app.kubernetes.io/name` label (lib/template/home-volume.ts, lib/template/docker-volume.ts), or by its address when it has none.
 */
import { Json, Template, TfObject, isObject } from "./template";

/** The roles of the template's claims. */
export type ClaimRole = "home" | "docker";

/** What a replacement or removal of each claim loses. */
export const CLAIM_LOSS: Record<ClaimRole, string> = {
  home:
    "the volume is deleted with it (Longhorn's reclaim policy is Delete): the home directory is gone, and with " +
    "dockerVolume home all of Docker's data too",
  docker:
    "the volume is deleted with it (Longhorn's reclaim policy is Delete): Docker's images, containers, named volumes " +
    "and build cache are gone (the home volume is untouched)",
};

const COMPONENT: Record<string, ClaimRole> = { "coder-home": "home", "coder-docker": "docker" };

/** The role of a claim of this template, or undefined for any other object. */
export function claimRole(object: TfObject): ClaimRole | undefined {
  if (object.kind !== "resource" || !/^kubernetes_persistent_volume_claim(_v1)?$/.test(object.type)) return undefined;
  const body = isObject(object.body) ? object.body : {};
  const metadata = Array.isArray(body.metadata) ? body.metadata[0] : body.metadata;
  const labels = isObject(metadata) && isObject(metadata.labels) ? metadata.labels : {};
  const component = labels["app.kubernetes.io/name"];
  if (typeof component === "string" && COMPONENT[component]) return COMPONENT[component];
  return object.name === "home" || object.name === "docker" ? object.name : undefined;
}

/** dockerd's `--data-root` in the template's pods, if one is set. */
export function dataRootOf(template: Template): string | undefined {
  const found = JSON.stringify([...template.objects.values()].map((o) => o.body as Json)).match(/"--data-root=([^"]+)"/);
  return found?.[1];
}

/** The sidecar's isolation mode (dind-start's DEVPOD_ISOLATION); a template from before rootless existed is privileged. */
export function isolationOf(template: Template): string | undefined {
  const found = JSON.stringify([...template.objects.values()].map((o) => o.body as Json)).match(/DEVPOD_ISOLATION='([a-z]+)'/);
  return found?.[1] ?? (dataRootOf(template) ? "privileged" : undefined);
}

/** Where dockerd's data lives: the data root, plus the volume directory (subPath) mounted there, if any. */
export function dataDirOf(template: Template): string | undefined {
  const root = dataRootOf(template);
  if (!root) return undefined;
  let subPath: string | undefined;
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (isObject(value)) {
      if (value.mount_path === root && typeof value.sub_path === "string") subPath = value.sub_path;
      Object.values(value).forEach(walk);
    }
  };
  walk([...template.objects.values()].map((o) => o.body as Json));
  return subPath ? `${root} (volume directory ${subPath})` : root;
}
