/**
 * The template in Coder: `coderd_template` publishes the synthesized template directory as a new active version,
 * passing every template variable explicitly (Coder keeps the values of a template's first push otherwise). The
 * coderd provider reads CODER_URL and CODER_SESSION_TOKEN from the environment: no token or URL is written here.
 */
import { spawnSync } from "child_process";
import * as path from "path";
import { Construct } from "constructs";
import { ITerraformDependable } from "cdktf";
import { Template } from "../gen/providers/coderd/template";
import { TemplateVariableValue } from "../template-variables";

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

  constructor(scope: Construct, id: string, props: CoderTemplateProps) {
    super(scope, id);
    const commit = props.gitCommit ?? currentGitCommit();
    this.template = new Template(this, "template", {
      name: props.name,
      displayName: "Kubernetes with Docker (devpod)",
      description:
        "Kubernetes workspaces with a persistent Longhorn home and a Docker-in-Docker sidecar whose data lives on that volume",
      dependsOn: props.dependsOn,
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
  }
}
