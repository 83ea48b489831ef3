/**
 * The template in Coder: `coderd_template` publishes the synthesized template directory as a new active version,
 * passing every template variable explicitly (Coder keeps the values of a template's first push otherwise). The
 * coderd provider reads CODER_URL and CODER_SESSION_TOKEN from the environment: no token or URL is written here.
 */
import { spawnSync } from "child_process";
import * as path from "path";
import { Construct } from "constructs";
import { ITerraformDependable } from "cdktf";
import { Template } from "../providers/gen/providers/coderd/template";
import { TemplateVariableValue } from "../template/published-template";
import { ImportBlock, importBlock } from "./import-block";
import { PlatformTemplateConfig, TEMPLATE_SETTING_NAMES, TemplateSettings, templateAttribute } from "../config/template-settings";

/** Props of {@link CoderTemplate}. */
export interface CoderTemplateProps {
  /** Name of the template in Coder. @default - none, required */
  readonly name: string;
  /** The synthesized template directory, relative to the platform stack's working directory. @default - none, required */
  readonly directory: string;
  /** Every template variable with its value. @default - none, required */
  readonly variables: TemplateVariableValue[];
  /** What must succeed first: the preflight Job (a cluster that fails it never gets the new version). @default [] */
  readonly dependsOn?: ITerraformDependable[];
  /** The git commit named in the version message. @default - {@link currentGitCommit}, if any */
  readonly gitCommit?: string;
  /** The template's settings, and those left to Coder's UI. @default - none, required */
  readonly settings: PlatformTemplateConfig;
  /** Adopt an existing template: the import id, `<organization>/<name>` (coderd's importer). @default - create it */
  readonly importId?: string;
  /**
   * The organization's id (a reference to `data.coderd_organization`). Always set: coderd_template's
   * `organization_id` is Optional+Computed without UseStateForUnknown, so left out it is unknown at every update and
   * the provider fills in the token user's first organization (v0.0.23 template_resource.go, Update;
   * provider.go, `user.OrganizationIDs[0]`). @default - none, required
   */
  readonly organizationId: string;
}

/**
 * The project's current commit, 12 hex digits (a fixed length: `--short` alone grows with the repository and
 * `core.abbrev`, and two clones would synthesize different stacks), with `-dirty` when tracked files differ from it;
 * undefined outside a git checkout (a release tarball) or without git.
 */
export function currentGitCommit(cwd: string = path.resolve(__dirname, "..", "..")): string | undefined {
  const run = spawnSync("git", ["rev-parse", "--short=12", "HEAD"], { cwd, encoding: "utf8" });
  const commit = run.status === 0 ? run.stdout.trim() : "";
  if (!/^[0-9a-f]{12}$/.test(commit)) return undefined;
  const clean = spawnSync("git", ["diff", "--quiet", "HEAD", "--"], { cwd }).status === 0;
  return clean ? commit : `${commit}-dirty`;
}

/** `coderd_template.devpod`. */
export class CoderTemplate extends Construct {
  /** The resource. */
  readonly template: Template;
  /** The import block that adopts the existing template, when asked for. */
  readonly importBlock?: ImportBlock;

  constructor(scope: Construct, id: string, props: CoderTemplateProps) {
    super(scope, id);
    const commit = props.gitCommit ?? currentGitCommit();
    const { managedInUi, ...all } = props.settings;
    // Every setting the stack owns is written out: one left out would be reset to the provider's default at each deploy.
    const owned: Partial<TemplateSettings> = Object.fromEntries(
      TEMPLATE_SETTING_NAMES.filter((name) => !managedInUi.includes(name)).map((name) => [name, all[name]]),
    );
    const { autoStopRequirement, autoStartPermittedDaysOfWeek, ...scalars } = owned;
    this.template = new Template(this, "template", {
      name: props.name,
      organizationId: props.organizationId,
      ...scalars,
      autoStopRequirement: autoStopRequirement && { daysOfWeek: [...autoStopRequirement.daysOfWeek], weeks: autoStopRequirement.weeks },
      autoStartPermittedDaysOfWeek: autoStartPermittedDaysOfWeek && [...autoStartPermittedDaysOfWeek],
      dependsOn: props.dependsOn,
      // A setting left to the UI keeps the server's value: Terraform plans with the state's value instead of the default.
      lifecycle: managedInUi.length ? { ignoreChanges: managedInUi.map(templateAttribute) } : undefined,
      versions: [
        {
          directory: props.directory,
          active: true,
          // A commit id, not a timestamp: the same checkout synthesizes the same stack.
          message: commit ? `devpod ${commit}` : "devpod (no git commit)",
          tfVars: props.variables.map((v) => ({ name: v.name, value: v.value })),
        },
      ],
    });
    this.template.overrideLogicalId("devpod");
    if (props.importId) this.importBlock = importBlock(this.template, props.importId);
  }
}
