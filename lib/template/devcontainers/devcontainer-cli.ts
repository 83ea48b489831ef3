/**
 * The Dev Containers CLI for the agent: a coder_script (lib/template/scripts/devcontainer-cli.sh) that installs the pinned
 * @devcontainers/cli once on the home volume, with a node binary copied out of a pinned image through the sidecar's
 * dockerd, and puts a `devcontainer` wrapper first on the agent's PATH. The workspace image stays as it is.
 *
 * The version is the project's own dev dependency (package.json), and the tarball's checksum its package-lock.json
 * integrity: the CLI the template installs is the one the real-dockerd tests run.
 */
import * as fs from "fs";
import * as path from "path";
import { Construct } from "constructs";
import { Script } from "../../providers/gen/providers/coder/script";
import { ResolvedConfig } from "../../config/config";
import { embedScript } from "../embedded-script";

/** Props of {@link DevcontainerCli}. */
export interface DevcontainerCliProps {
  /** The devpod config: home path, socket, data root, the devcontainers section. @default - none, required */
  readonly config: ResolvedConfig;
  /** The agent that runs the script. @default - none, required */
  readonly agentId: string;
  /** Instances of the script (0 without a repository). @default - none, required */
  readonly count: number;
  /** The storage verification's result file: the wrapper refuses to run without a `pass` in it. @default - none, required */
  readonly verifiedMarker: string;
  /** Time limit of the script, in seconds: the first start downloads the CLI and pulls the node image. @default 600 */
  readonly timeoutSeconds?: number;
}

/** The pinned CLI: version and the hex sha512 of its npm tarball. */
export interface CliPin {
  readonly version: string;
  readonly sha512: string;
}

const ROOT = path.join(__dirname, "..", "..", "..");

/** Reads the pin from package.json (the exact version) and package-lock.json (the tarball's integrity). */
export function devcontainerCliPin(root = ROOT): CliPin {
  const version = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).devDependencies?.["@devcontainers/cli"];
  const entry = JSON.parse(fs.readFileSync(path.join(root, "package-lock.json"), "utf8")).packages?.["node_modules/@devcontainers/cli"];
  if (typeof version !== "string" || !/^\d+\.\d+\.\d+$/.test(version) || entry?.version !== version || !/^sha512-/.test(entry?.integrity ?? "")) {
    throw new Error(
      "devpod: @devcontainers/cli must be an exact devDependency in package.json with its sha512 integrity in package-lock.json; " +
        "fix: npm install --save-exact --save-dev @devcontainers/cli@<version>",
    );
  }
  return { version, sha512: Buffer.from(entry.integrity.slice("sha512-".length), "base64").toString("hex") };
}

/** Where CLI versions are installed, below the home path. */
export const CLI_DIR = ".devpod/devcontainer-cli";

/** `coder_script.devcontainer_cli`. */
export class DevcontainerCli extends Construct {
  /** The script resource. */
  readonly script: Script;
  /** The pinned CLI. */
  readonly pin: CliPin;

  constructor(scope: Construct, id: string, props: DevcontainerCliProps) {
    super(scope, id);
    const { config } = props;
    this.pin = devcontainerCliPin();
    this.script = new Script(this, "script", {
      count: props.count,
      agentId: props.agentId,
      displayName: "Dev Containers CLI",
      icon: "/icon/docker.svg",
      runOnStart: true,
      timeout: props.timeoutSeconds ?? 600,
      script: embedScript("devcontainer-cli.sh", {
        DEVPOD_CLI_VERSION: this.pin.version,
        DEVPOD_CLI_SHA512: this.pin.sha512,
        DEVPOD_NPM_REGISTRY: config.devcontainers.npmRegistry,
        DEVPOD_NODE_IMAGE: config.devcontainers.nodeImage,
        DEVPOD_CLI_ROOT: path.posix.join(config.homePath, CLI_DIR),
        DEVPOD_DOCKER_HOST: config.dockerHost,
        DEVPOD_DATA_ROOT: config.dockerDataRoot,
        DEVPOD_WAIT_SECONDS: config.dockerReadyTimeoutSeconds,
        DEVPOD_VERIFIED_MARKER: props.verifiedMarker,
      }),
    });
    this.script.overrideLogicalId("devcontainer_cli");
  }
}
