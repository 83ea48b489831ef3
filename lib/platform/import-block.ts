/**
 * Terraform `import` blocks (Terraform ≥ 1.5): adopt an object that already exists into a resource's address on the
 * next plan ("will be imported") instead of failing to create it. Terraform skips a block whose address is already in
 * the state.
 *
 * Written as the stack's top-level `import` list rather than with cdktf's `importFrom`: that one also adds a synth-time
 * check that runs `terraform version`, which would break `npm run synth` and `npm run push` (which do not run Terraform)
 * on machines without it. The JSON is the same.
 */
import { TerraformResource, TerraformStack } from "cdktf";

/** One `import { to = <address>, id = <id> }`. */
export interface ImportBlock {
  /** The resource's address, `<type>.<name>`. */
  readonly to: string;
  /** The provider's import id. */
  readonly id: string;
}

/** The import block for `resource` (call after any overrideLogicalId: the address uses its final name). */
export function importBlock(resource: TerraformResource, id: string): ImportBlock {
  return { to: `${resource.terraformResourceType}.${resource.friendlyUniqueId}`, id };
}

/** Writes the given blocks (undefined ones skipped) as the stack's `import` list; nothing when there are none. */
export function writeImportBlocks(stack: TerraformStack, blocks: (ImportBlock | undefined)[]): void {
  const present = blocks.filter((b): b is ImportBlock => b !== undefined);
  if (present.length > 0) stack.addOverride("import", present);
}
