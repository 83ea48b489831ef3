// Runs the template's docker sidecar and verification on the cgroup v2 test node (node.ts): the payload is the
// synthesized template's own scripts and args, rendered by terraform, plus the vendored docker:dind entrypoint, and
// the escape attempts (escape-attempts.sh) the node judges.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { BASE_IMAGE, VENDOR_DIR, VerificationHarness } from "../dind/harness";
import { bootNode, NodeRun } from "./node";

/** The sidecar's memory limit on the test node, in MiB (the VM has 2 GiB). */
export const NODE_SIDECAR_MEMORY_MIB = 768;

/** What one boot of the scenarios produced. */
export interface NodeOutcome extends NodeRun {
  /** key=value lines of /payload/out/results (see node-scenario.sh). */
  readonly results: Record<string, string>;
  /** The sidecar's output: dind-start, the entrypoint, dockerd. */
  readonly dockerdLog: string;
  /** The verification's output, as the workspace user saw it. */
  readonly verifyLog: string;
  /** The BuildKit hog's build output. */
  readonly buildLog: string;
  /** The developer's build, cold and after the restart (warm), and the cache mount's check. */
  readonly buildLogs: string;
  /** The sidecar's output after its restart. */
  readonly restartLog: string;
  /** The escape attempts' lines, as the workspace user saw them (the containers' claims, not the node's verdict). */
  readonly escapesLog: string;
  /** The scenario's own trace. */
  readonly scenarioLog: string;
}

/** The nine escape attempts of escape-attempts.sh, by the names node-scenario.sh reports them under (escape_<name>). */
export const ESCAPE_ATTEMPTS = ["host-etc", "host-var", "mknod-mount", "insmod", "core-pattern", "nsenter-pid1", "shadow", "environ", "cgroup-root"] as const;

/** Boots the node once and runs node-scenario.sh there with `harness`'s template (its isolation decides the sidecar). */
export async function runNodeScenarios(harness: VerificationHarness, timeoutMs: number): Promise<NodeOutcome> {
  const payload = fs.mkdtempSync(path.join(os.tmpdir(), "devpod-node-"));
  fs.chmodSync(payload, 0o755); // the verification runs as the workspace user
  try {
    const copy = (from: string, to: string) => fs.copyFileSync(from, path.join(payload, to));
    copy(path.join(__dirname, "node-init.sh"), "init.sh");
    copy(path.join(__dirname, "node-scenario.sh"), "scenario.sh");
    copy(path.join(__dirname, "escape-attempts.sh"), "escape-attempts.sh");
    copy(path.join(__dirname, "container-root.sh"), "container-root.sh");
    copy(harness.startScript, "start.sh");
    copy(harness.stopScript, "stop.sh");
    copy(harness.verifyScript, "verify.sh");
    copy(harness.baseTar, "rootfs.tar");
    fs.mkdirSync(path.join(payload, "vendor"));
    for (const f of ["dockerd-entrypoint.sh", "dind"]) fs.copyFileSync(path.join(VENDOR_DIR, f), path.join(payload, "vendor", f));
    fs.writeFileSync(path.join(payload, "dockerd-args"), harness.dockerdArgs.join("\n") + "\n");
    const quote = (v: string | number) => `'${String(v).replace(/'/g, "'\\''")}'`;
    fs.writeFileSync(path.join(payload, "sidecar-env"), Object.entries(harness.sidecarEnv).map(([k, v]) => `${k}=${quote(v)}\n`).join(""));
    const { config } = harness;
    const settings = {
      MEMORY_MIB: NODE_SIDECAR_MEMORY_MIB,
      SOCKET_PATH: config.dockerSocketPath,
      HOME_PATH: config.homePath,
      BASE_IMAGE,
      WORKSPACE_UID: config.workspaceUid,
      WORKSPACE_GID: config.workspaceGid,
    };
    fs.writeFileSync(path.join(payload, "settings"), Object.entries(settings).map(([k, v]) => `${k}=${quote(v)}\n`).join(""));
    const run = await bootNode(payload, timeoutMs);
    const read = (file: string) => (fs.existsSync(path.join(payload, "out", file)) ? fs.readFileSync(path.join(payload, "out", file), "utf8") : "");
    const results = Object.fromEntries(
      read("results")
        .split("\n")
        .filter((l) => l.includes("="))
        .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
    );
    return {
      ...run,
      results,
      dockerdLog: read("dockerd.log"),
      verifyLog: read("verify.log"),
      buildLog: read("hog-build.log"),
      buildLogs: ["build-cold.log", "build-cache-mount.log", "build-warm.log", "build-cache-mount-restart.log"].map(read).join("\n"),
      restartLog: read("dockerd-restart.log"),
      escapesLog: read("escapes.log"),
      scenarioLog: read("scenario.log"),
    };
  } finally {
    fs.rmSync(payload, { recursive: true, force: true });
  }
}
