/**
 * The repository a workspace's dev container comes from: a workspace parameter for its URL (empty: none) and a
 * coder_script (lib/template/scripts/devcontainer-clone.sh) that clones it at start into `<homePath>/<reposDir>/<name>` unless
 * that folder exists. The folder is derived from the URL in Terraform, so the coder_devcontainer can name it.
 */
import * as path from "path";
import { Construct } from "constructs";
import { Fn, Op, Token } from "cdktf";
import { DataCoderParameter } from "../../providers/gen/providers/coder/data-coder-parameter";
import { Script } from "../../providers/gen/providers/coder/script";
import { ResolvedConfig } from "../../config/config";
import { embedScript } from "../embedded-script";
import { REPOSITORY_RE } from "../../config/devcontainers-config";

/** Props of {@link DevcontainerRepository}. */
export interface DevcontainerRepositoryProps {
  /** The devpod config: home path and the devcontainers section. @default - none, required */
  readonly config: ResolvedConfig;
  /** The agent that runs the clone. @default - none, required */
  readonly agentId: string;
  /** The workspace's start_count (a token): 0 while it is stopped. @default - none, required */
  readonly startCount: number;
  /** Order of the parameter on the workspace form. @default 10 */
  readonly order?: number;
  /** Time limit of the clone, in seconds; the coder_script's timeout adds slack, so the script's own line comes first. @default 900 */
  readonly cloneSeconds?: number;
  /** How long a credential request may wait for the user to link an external-auth account, in seconds. @default 120 */
  readonly askpassSeconds?: number;
}

/** Slack on top of the clone's limit: the script's own work around it. */
const SLACK_SECONDS = 30;

/** The parameter's name: renaming it would ask every user again. */
export const REPOSITORY_PARAMETER = "devcontainer_repository";

/** `data.coder_parameter.devcontainer_repository` and `coder_script.devcontainer_clone`. */
export class DevcontainerRepository extends Construct {
  /** The parameter. */
  readonly parameter: DataCoderParameter;
  /** The repository URL (a token; "" for none). */
  readonly url: string;
  /** The clone's folder, `<homePath>/<reposDir>/<name>` (a Terraform expression). */
  readonly folder: string;
  /** Instances of the start-time resources: start_count while a repository is set, else 0 (a token). */
  readonly count: number;
  /** The clone script. */
  readonly script: Script;

  constructor(scope: Construct, id: string, props: DevcontainerRepositoryProps) {
    super(scope, id);
    const { config } = props;
    this.parameter = new DataCoderParameter(this, "parameter", {
      name: REPOSITORY_PARAMETER,
      displayName: "Dev container repository",
      description:
        "Git repository with a devcontainer.json (https or ssh). It is cloned once into " +
        `${path.posix.join(config.homePath, config.devcontainers.reposDir)}/<name> and started as a dev container on the workspace's Docker. Empty: none.`,
      type: "string",
      default: config.devcontainers.defaultRepository,
      icon: "/icon/git.svg",
      mutable: true,
      order: props.order ?? 10,
      validation: {
        regex: `^(${REPOSITORY_RE.source.replace(/^\^|\$$/g, "")})?$`,
        error: "An https:// or ssh (git@host:path) URL without credentials, spaces or quotes, or empty for none.",
      },
    });
    this.parameter.overrideLogicalId(REPOSITORY_PARAMETER);
    this.url = Token.asString(this.parameter.value);
    // The last segment of the URL (after / or :) without .git; the parameter's validation makes one exist.
    const name = Fn.trimsuffix(Fn.try([Fn.regex("[^/:]+$", this.url), "repository"]), ".git");
    this.folder = `${path.posix.join(config.homePath, config.devcontainers.reposDir)}/${Token.asString(name)}`;
    // length >= 1: cdktf renders a literal 0 (and "") operand of Op.* as `undefined`.
    this.count = Token.asNumber(Fn.conditional(Op.gte(Fn.lengthOf(this.url), 1), props.startCount, 0));
    const cloneSeconds = props.cloneSeconds ?? 900;
    this.script = new Script(this, "clone", {
      count: this.count,
      agentId: props.agentId,
      displayName: "Clone the dev container's repository",
      icon: "/icon/git.svg",
      runOnStart: true,
      // The agent waits for every start script before it reports ready and starts the dev container: never forever.
      timeout: cloneSeconds + SLACK_SECONDS,
      script: embedScript("devcontainer-clone.sh", {
        DEVPOD_REPO_URL: this.url,
        DEVPOD_REPO_DIR: this.folder,
        DEVPOD_CLONE_SECONDS: cloneSeconds,
        DEVPOD_ASKPASS_SECONDS: props.askpassSeconds ?? 120,
      }),
    });
    this.script.overrideLogicalId("devcontainer_clone");
  }
}
