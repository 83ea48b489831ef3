// A cgroup v2 Kubernetes node in a qemu VM: Debian's kernel and docker.io from a debootstrap root (build-image.sh),
// booted with cgroup2 alone. The image is built once and kept outside the repository, keyed by a hash of its recipe;
// every boot runs on a throw-away snapshot of it (-snapshot) with the test's payload shared over 9p.
import { spawn, spawnSync } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";

const HERE = __dirname;

/** The recipe: a change to it builds a new image under a new key. */
const RECIPE = path.join(HERE, "build-image.sh");

/** Where built images are kept (one folder per recipe hash); DEVPOD_VM_CACHE overrides it. */
export const NODE_CACHE = process.env.DEVPOD_VM_CACHE ?? "/var/cache/devpod/cgroup-v2-node";

/** The folder of the image this recipe builds: NODE_CACHE/<first 12 hex digits of sha256(build-image.sh)>. */
export function nodeImageDir(): string {
  const hash = createHash("sha256").update(fs.readFileSync(RECIPE)).digest("hex").slice(0, 12);
  return path.join(NODE_CACHE, hash);
}

/** Why the VM cannot run here, or undefined. */
export function vmUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return "building and booting the node image needs root (debootstrap)";
  for (const tool of ["qemu-system-x86_64", "debootstrap", "mke2fs", "flock"]) {
    if (spawnSync("sh", ["-c", `command -v ${tool}`]).status !== 0) return `${tool} is not installed (npm test installs it as root)`;
  }
  return undefined;
}

/** The image's files, built first if this recipe has none yet; `builtSeconds` is set when this call built it. */
export function ensureNodeImage(): { dir: string; builtSeconds?: number } {
  const dir = nodeImageDir();
  const ready = () => ["root.img", "vmlinuz", "initrd.img"].every((f) => fs.existsSync(path.join(dir, f)));
  if (ready()) return { dir };
  fs.mkdirSync(NODE_CACHE, { recursive: true });
  const begin = Date.now();
  // One build at a time (the test and the benchmark may both want it); the second finds it ready.
  const build = spawnSync("flock", [`${dir}.lock`, "sh", "-c", '[ -f "$1/root.img" ] || sh "$2" "$1"', "build", dir, RECIPE], {
    encoding: "utf8",
    timeout: 30 * 60_000,
  });
  if (build.status !== 0 || !ready()) throw new Error(`building the cgroup v2 node image in ${dir} failed (${build.status}): ${build.stderr}`);
  return { dir, builtSeconds: (Date.now() - begin) / 1000 };
}

/** What one boot of the node printed and took. */
export interface NodeRun {
  /** The serial console (kernel and init output). */
  readonly console: string;
  /** Wall seconds from qemu's start to its exit. */
  readonly seconds: number;
}

/**
 * Boots the node with `payload` (a folder holding init.sh, run as PID 1's second half; the node may write into it)
 * shared at /payload, and waits until it powers off. TCG, not KVM: nested KVM does not work on this kind of machine
 * (cgroup-nodes.md). The root image is opened with -snapshot: the run's writes are discarded.
 */
export function bootNode(payload: string, timeoutMs: number): Promise<NodeRun> {
  const { dir } = ensureNodeImage();
  const args = [
    ...["-accel", "tcg,thread=multi", "-cpu", "max", "-m", "2048", "-smp", "2"],
    ...["-nographic", "-no-reboot", "-snapshot", "-nic", "none"],
    ...["-kernel", path.join(dir, "vmlinuz"), "-initrd", path.join(dir, "initrd.img")],
    // cgroup2 alone is the kernel default without systemd; apparmor=0: no apparmor_parser in the root (dockerd would
    // refuse to start containers).
    ...["-append", "root=/dev/vda rw init=/init console=ttyS0 panic=-1 quiet apparmor=0"],
    ...["-drive", `file=${path.join(dir, "root.img")},format=raw,if=virtio`],
    ...["-virtfs", `local,path=${payload},mount_tag=payload,security_model=none`],
  ];
  return new Promise((resolve, reject) => {
    const begin = Date.now();
    // Niced: TCG keeps both cores busy for minutes, and the suite's other files (timed waits among them) run beside it.
    const qemu = spawn("nice", ["-n", "10", "qemu-system-x86_64", ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let console = "";
    qemu.stdout.on("data", (d) => (console += d));
    qemu.stderr.on("data", (d) => (console += d));
    const timer = setTimeout(() => qemu.kill("SIGKILL"), timeoutMs);
    qemu.on("error", reject);
    qemu.on("close", (_status, signal) => {
      clearTimeout(timer);
      const seconds = (Date.now() - begin) / 1000;
      if (signal) reject(new Error(`the node did not power off within ${timeoutMs / 1000}s (qemu ${signal}); console:\n${console.slice(-4000)}`));
      else resolve({ console, seconds });
    });
  });
}
