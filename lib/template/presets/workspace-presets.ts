/**
 * The presets of the template: one `data.coder_workspace_preset` per entry of context.devpod.presets, with its
 * prebuilt-workspace pool. Every field emitted is checked against the coder provider versions the template's
 * constraint admits: Coder's `terraform init` may take the lowest of them, and an older provider rejects an unknown
 * argument, so synth stops with the version that a field needs instead.
 */
import { Construct } from "constructs";
import { DevpodConfigError } from "../../config/errors";
import { DataCoderWorkspacePreset } from "../../providers/gen/providers/coder/data-coder-workspace-preset";
import { PresetConfig, PresetsConfig } from "../../config/presets-config";

/**
 * The first Coder release that builds prebuilt workspaces without an experiment (coder/coder#18607 took them out of
 * `workspace-prebuilds`); they need a Premium licence too. Stated in docs/presets.md and the README.
 */
export const PREBUILDS_MIN_CODER_VERSION = "2.24.0";

/** Props of {@link WorkspacePresets}. */
export interface WorkspacePresetsProps {
  /** The validated presets (context.devpod.presets). @default - none, required */
  readonly presets: PresetsConfig;
  /** The template's version constraint of coder/coder (pinned exactly: `2.17.0`). @default - none, required */
  readonly providerConstraint: string;
}

/**
 * The first coder/coder release with each preset field, found with `git log -S` in coder/terraform-provider-coder
 * (provider/workspace_preset.go) and `git tag --contains`: the data source #332 (v2.1.3); prebuilds #373 (v2.4.0),
 * usable from v2.4.1, the version Coder's prebuilt-workspaces docs require (the agent token kept on a claim,
 * `is_prebuild_claim`, #396); expiration_policy #404 (v2.5.0; its 1-hour minimum #406, v2.5.2); scheduling #408
 * (v2.6.0, not emitted); default #414 (v2.8.0); icon and description #422 (v2.9.0).
 */
export const PRESET_FIELD_SINCE: readonly { field: string; since: string; uses: (p: PresetConfig) => boolean }[] = [
  { field: "coder_workspace_preset", since: "2.1.3", uses: () => true },
  { field: "prebuilds", since: "2.4.1", uses: (p) => p.prebuilds !== undefined },
  { field: "prebuilds.expiration_policy", since: "2.5.2", uses: (p) => p.prebuilds?.expirationSeconds !== undefined },
  { field: "default", since: "2.8.0", uses: (p) => p.default },
  { field: "description", since: "2.9.0", uses: (p) => p.description !== undefined },
  { field: "icon", since: "2.9.0", uses: (p) => p.icon !== undefined },
];

type Version = [number, number, number];
const parse = (v: string): Version | undefined => {
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(v.trim());
  return m ? [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)] : undefined;
};
const compare = (a: Version, b: Version) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

/**
 * The lowest version a Terraform version constraint admits (`~> 2.17` → 2.17.0, `2.17.0`, `>= 2.13.0, < 3.0.0`), or
 * undefined when it names no lower bound Terraform would honour.
 */
export function lowestAdmitted(constraint: string): string | undefined {
  let lowest: Version | undefined;
  for (const clause of constraint.split(",")) {
    const m = /^\s*(~>|>=|<=|!=|=|>|<)?\s*(\S+)\s*$/.exec(clause);
    if (!m) return undefined;
    if (m[1] === "<" || m[1] === "<=" || m[1] === "!=") continue;
    const v = parse(m[2]);
    if (!v) return undefined;
    // `> x` admits the next release after x; the patch after it is the lowest that can exist.
    const bound: Version = m[1] === ">" ? [v[0], v[1], v[2] + 1] : v;
    if (!lowest || compare(bound, lowest) > 0) lowest = bound;
  }
  return lowest?.join(".");
}

/** A preset uses a field that the lowest coder provider the template admits does not have. */
export const presetNeedsNewerProvider = (preset: string, field: string, since: string, constraint: string, lowest: string) =>
  new DevpodConfigError(
    `presets.${preset}.${field}`,
    `presets.${preset} uses ${field}, which coder/coder supports from v${since}; the template's ` +
      `constraint "${constraint}" admits v${lowest}, which would reject it; fix: require coder/coder >= ${since} ` +
      `(cdktf.json terraformProviders, then npm run gen:providers), or leave ${field} out`,
  );

/** The `data.coder_workspace_preset` data sources. */
export class WorkspacePresets extends Construct {
  /** The data sources by preset name. */
  readonly presets: ReadonlyMap<string, DataCoderWorkspacePreset>;

  constructor(scope: Construct, id: string, props: WorkspacePresetsProps) {
    super(scope, id);
    const names = Object.keys(props.presets);
    if (names.length > 0) checkProvider(props.presets, props.providerConstraint);
    const presets = new Map<string, DataCoderWorkspacePreset>();
    const ids = new Map<string, string>();
    for (const name of names) {
      const preset = props.presets[name];
      // Coder knows a preset by its name; the address only has to be unique and stable.
      const logicalId = name.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_|_$/g, "");
      if (ids.has(logicalId)) {
        throw new DevpodConfigError(`presets.${name}`, `presets.${ids.get(logicalId)} and presets.${name} both become data.coder_workspace_preset.${logicalId}; fix: rename one`);
      }
      ids.set(logicalId, name);
      const ttl = preset.prebuilds?.expirationSeconds;
      const data = new DataCoderWorkspacePreset(this, logicalId, {
        name,
        parameters: preset.parameters,
        ...(preset.default ? { default: true } : {}),
        ...(preset.description !== undefined ? { description: preset.description } : {}),
        ...(preset.icon !== undefined ? { icon: preset.icon } : {}),
        ...(preset.prebuilds
          ? {
              prebuilds: {
                instances: preset.prebuilds.instances,
                ...(ttl !== undefined ? { expirationPolicy: { ttl } } : {}),
              },
            }
          : {}),
      });
      data.overrideLogicalId(logicalId);
      presets.set(name, data);
    }
    this.presets = presets;
  }
}

function checkProvider(presets: PresetsConfig, constraint: string): void {
  const lowest = lowestAdmitted(constraint);
  if (lowest === undefined) {
    throw new DevpodConfigError("presets", `cannot read a lower bound from the coder/coder constraint "${constraint}"; fix: pin it as "~> 2.17" or "2.17.0"`);
  }
  for (const [name, preset] of Object.entries(presets)) {
    for (const f of PRESET_FIELD_SINCE) {
      if (f.uses(preset) && compare(parse(lowest)!, parse(f.since)!) < 0) throw presetNeedsNewerProvider(name, f.field, f.since, constraint, lowest);
    }
  }
}
