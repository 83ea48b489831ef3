// Decides whether tests that need a real component (terraform, dockerd as root) run here. They report themselves
// skipped, with the reason, when it is missing; under CI=true a missing component fails the run instead.
import { spawnSync } from "child_process";
import * as fs from "fs";

/** Returns true when the tests of `what` must be skipped (and logs why); throws under CI when `missing` is set. */
export function requireOrSkip(what: string, missing: string | undefined): boolean {
  if (!missing) return false;
  if (process.env.CI === "true") {
    throw new Error(`CI=true: the ${what} tests cannot run here (${missing}); .ci/run must install it`);
  }
  // One plain line on stderr per skipped suite (console.warn would add a stack trace, and reporters may fold it).
  process.stderr.write(`SKIPPED: the ${what} tests: ${missing}\n`);
  return true;
}

/** Why a real dockerd scenario cannot run on this machine, or undefined. */
export function realDockerUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return "they need root (namespaces, mounts, dockerd)";
  for (const tool of ["dockerd", "unshare", "setpriv", "ip", "python3"]) {
    if (spawnSync("sh", ["-c", `command -v ${tool}`]).status !== 0) return `${tool} is not installed (npm test installs it as root)`;
  }
  if (!fs.existsSync("/usr/bin/docker")) return "Debian's docker client (/usr/bin/docker, package docker.io) is missing";
  if (!fs.existsSync("/bin/busybox")) return "busybox-static is not installed";
  return undefined;
}
