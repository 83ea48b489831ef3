/**
 * Terraform's dependency lock file (`.terraform.lock.hcl`), read as review objects: one per provider, with its
 * `version`, `constraints` and `hashes`. Coder uploads the file with the template and each build's `terraform init`
 * installs exactly the locked version and checks the package against the hashes, so a change of it is a provider
 * change for every workspace.
 */
import { Template, TfObject } from "./template";

/** The name of the file beside cdk.tf.json. */
export const LOCK_FILE = ".terraform.lock.hcl";

/** The review address of a locked provider. */
export const lockAddress = (source: string) => `${LOCK_FILE} provider "${source}"`;

/** The provider blocks of a lock file. Terraform writes it in one fixed layout; this reads that layout. */
export function parseLockFile(text: string): TfObject[] {
  const objects: TfObject[] = [];
  for (const m of text.matchAll(/^provider\s+"([^"]+)"\s*\{([\s\S]*?)^\}/gm)) {
    const [, source, body] = m;
    const string = (key: string) => new RegExp(`^\\s*${key}\\s*=\\s*"([^"]*)"`, "m").exec(body)?.[1];
    const list = /^\s*hashes\s*=\s*\[([\s\S]*?)\]/m.exec(body)?.[1] ?? "";
    const hashes = [...list.matchAll(/"([^"]+)"/g)].map((h) => h[1]);
    const fields = { version: string("version"), constraints: string("constraints"), hashes };
    const clean = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Record<string, string | string[]>;
    objects.push({ address: lockAddress(source), kind: "lock", type: "lock", name: source, body: clean });
  }
  return objects;
}

/** `template` with the providers of a lock file's text added. */
export function withLockFile(template: Template, text: string | undefined): Template {
  if (text === undefined) return template;
  const objects = new Map(template.objects);
  for (const o of parseLockFile(text)) objects.set(o.address, o);
  return { ...template, objects };
}
