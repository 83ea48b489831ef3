// The dev container scenario (lifecycle-devcontainer.sh) as the test and the bench run it: the template's three dev
// container scripts rendered by terraform for a file:// repository, the CLI's original npm tarball, a node "image".
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { devcontainerCliPin } from "../../lib/template/devcontainers/devcontainer-cli";
import { REPOSITORY_PARAMETER } from "../../lib/template/devcontainers/devcontainer-repository";
import { renderWithTerraform } from "../terraform";
import { Scenario, VerificationHarness } from "./harness";

/** Port of the local "npm registry" the scenario serves the tarball on. */
export const REGISTRY_PORT = 8765;
/** The node image the scenario imports. */
export const NODE_IMAGE = "local/node:22.12.0";
/** The devpod config the scenario's harness is built with. */
export const DEVCONTAINER_DEVPOD = {
  dockerReadyTimeoutSeconds: 30,
  devcontainers: { enabled: true, npmRegistry: `http://127.0.0.1:${REGISTRY_PORT}`, nodeImage: NODE_IMAGE },
};

/** The CLI's original npm tarball: npm's cache holds it since `npm ci` (content-addressed by the lock's sha512). */
export function cachedCliTarball(): string | undefined {
  const { sha512 } = devcontainerCliPin();
  const cache = spawnSync("npm", ["config", "get", "cache"], { encoding: "utf8" }).stdout.trim();
  const file = path.join(cache, "_cacache", "content-v2", "sha512", sha512.slice(0, 2), sha512.slice(2, 4), sha512.slice(4));
  return fs.existsSync(file) ? file : undefined;
}

/** Writes the scenario's files into a new folder; returns the scenario and the folder (the caller removes it). */
export function devcontainerScenario(harness: VerificationHarness, tarball: string): { scenario: Scenario; dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "devpod-dc-"));
  fs.chmodSync(dir, 0o755);
  const repos = path.join(dir, "repos");
  fs.mkdirSync(repos);
  // The scripts as Coder renders them, with a repository URL in place of the parameter's value.
  const scripts = harness.tf.resource.coder_script;
  const ref = `data.coder_parameter.${REPOSITORY_PARAMETER}.value`;
  const rendered = renderWithTerraform(
    Object.fromEntries(["devcontainer_clone", "devcontainer_cli", "devcontainer_prune"].map((n) => [n, harness.localResult(scripts[n].script).split(ref).join("var.repo")])),
    { variable: { repo: { type: "string", default: `file://${repos}/app.git` } } },
  );
  const files: Record<string, string> = {};
  for (const [name, text] of Object.entries(rendered)) {
    files[name] = path.join(dir, `${name}.sh`);
    fs.writeFileSync(files[name], text, { mode: 0o644 });
  }
  const version = devcontainerCliPin().version;
  const served = path.join(dir, `cli-${version}.tgz`);
  fs.copyFileSync(tarball, served);
  // A node "image": this machine's node binary where the official images keep it.
  const rootfs = path.join(dir, "node-rootfs");
  fs.mkdirSync(path.join(rootfs, "usr", "local", "bin"), { recursive: true });
  fs.copyFileSync(process.execPath, path.join(rootfs, "usr", "local", "bin", "node"));
  fs.chmodSync(path.join(rootfs, "usr", "local", "bin", "node"), 0o755);
  const nodeTar = path.join(dir, "node.tar");
  const tar = spawnSync("tar", ["-C", rootfs, "-cf", nodeTar, "."]);
  if (tar.status !== 0) throw new Error(`tar failed: ${tar.stderr}`);
  fs.rmSync(rootfs, { recursive: true, force: true });
  return {
    dir,
    scenario: {
      home: "ext4",
      dockerd: "real",
      lifecycle: path.join(__dirname, "lifecycle-devcontainer.sh"),
      sidecarEnv: {
        DC_CLONE: files.devcontainer_clone,
        DC_CLI: files.devcontainer_cli,
        DC_PRUNE: files.devcontainer_prune,
        DC_REPOS: repos,
        DC_TARBALL: served,
        DC_REGISTRY_PORT: String(REGISTRY_PORT),
        DC_NODE_TAR: nodeTar,
        DC_NODE_IMAGE: NODE_IMAGE,
        DC_VERIFY: harness.verifyScript,
        DC_VERIFIED: harness.verifiedMarker,
      },
    },
  };
}
