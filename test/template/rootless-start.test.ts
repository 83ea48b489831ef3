// The rootless sidecar's command (home-group, rootless-prologue, dind-start), run as the container runs it, as root,
// with the node's files replayed (passwd/subuid, /proc/sys, /dev/net/tun, AppArmor label, a cgroup v2 tree) and stub
// `rootlesskit`, `newuidmap`, `busybox` (its su) commands that record what they were given. The real rootlesskit and dockerd run in
// rootless.dind.test.ts (cgroup v1, runc's layout) and on the cgroup v2 VM.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DockerSidecar } from "../../lib/template/docker-sidecar";
import { requireOrSkip } from "../dind/environment";
import { container, synthDevpod } from "../helpers";
import { renderWithTerraform, terraformUnavailable } from "../terraform";

const skip = requireOrSkip("rootless start", process.getuid?.() !== 0 ? "it needs root (chown, mknod, setuid stubs)" : terraformUnavailable());
const describeStart = skip ? describe.skip : describe;

const POD = "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1.slice/cri-containerd-0123.scope";
const IMAGE_PASSWD = "root:x:0:0:root:/root:/bin/sh\nrootless:x:1000:1000:Rootless:/home/rootless:/bin/sh\n";
const IMAGE_SUBIDS = "dockremap:165536:65536\nrootless:100000:65536\n";

describeStart("the rootless sidecar's start (root prologue, then the drop to uid 1000)", () => {
  const sidecar = container(synthDevpod({ isolation: "rootless" }).tf, DockerSidecar.CONTAINER_NAME);
  let dir: string;
  let script: string;
  let home: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "devpod-rootless-start-"));
    home = path.join(dir, "home");
    fs.mkdirSync(home);
    script = renderWithTerraform({ script: sidecar.command[2] }).script;
    script = script.replace(/^(DEVPOD_DAEMON_CONFIG|DEVPOD_START_STATUS|DEVPOD_START_NOTICE)='[^']*'$/gm, (_, name) => `${name}='${dir}/${name}'`);
    script = script.replace(/^DEVPOD_HOME_PATH='[^']*'$/m, `DEVPOD_HOME_PATH='${home}'`);
    script = script.replace(/^DEVPOD_INACTIVE_DATA_ROOT='[^']*'$/m, `DEVPOD_INACTIVE_DATA_ROOT='${home}/.docker-data'`);
    const bin = path.join(dir, "bin");
    fs.mkdirSync(bin);
    const stubs: Record<string, string> = {
      dockerd: '#!/bin/sh\n[ "$1" = --version ] && echo "Docker version 29.7.2, build 0123abc"\n',
      "dockerd-entrypoint.sh": "#!/bin/sh\nexit 0\n",
      rootlesskit: "#!/bin/sh\nexit 0\n",
      // busybox su records the user and the command it would run as that user (the drop): the last word of its argv.
      busybox: '#!/bin/sh\n[ "$1" = su ] || exit 97\nshift\nprintf "%s\\n" "$@" >"$ARGV_FILE"\nprintf "%s\\n" "XDG_RUNTIME_DIR=$XDG_RUNTIME_DIR" >>"$ARGV_FILE"\n',
    };
    for (const [name, text] of Object.entries(stubs)) fs.writeFileSync(path.join(bin, name), text, { mode: 0o755 });
    for (const name of ["newuidmap", "newgidmap"]) fs.writeFileSync(path.join(bin, name), "#!/bin/sh\n", { mode: 0o4755 });
  });
  /** Directories made outside {@link dir}, removed with it. */
  const shmDirs: string[] = [];
  afterAll(() => [dir, ...shmDirs].forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  /** A replayed node and image: each field replaces the good default. */
  interface Node {
    passwd?: string;
    subuid?: string;
    subgid?: string;
    sysctls?: Record<string, string>;
    label?: string;
    tun?: "missing" | "0600" | "0666";
    /** The PATH without any rootlesskit: the stub's and the machine's (Debian's rootlesskit package) left out. */
    noRootlesskit?: boolean;
    cgroup?: { root: string; proc: string };
    dataRoot?: string;
  }

  function start(name: string, node: Node = {}) {
    const at = path.join(dir, name);
    fs.mkdirSync(path.join(at, "etc"), { recursive: true });
    fs.writeFileSync(path.join(at, "etc", "passwd"), node.passwd ?? IMAGE_PASSWD);
    fs.writeFileSync(path.join(at, "etc", "subuid"), node.subuid ?? IMAGE_SUBIDS);
    fs.writeFileSync(path.join(at, "etc", "subgid"), node.subgid ?? IMAGE_SUBIDS);
    const sysctls = { "kernel/unprivileged_userns_clone": "1", "user/max_user_namespaces": "63230", ...node.sysctls };
    for (const [key, value] of Object.entries(sysctls)) {
      fs.mkdirSync(path.dirname(path.join(at, "sys", key)), { recursive: true });
      fs.writeFileSync(path.join(at, "sys", key), `${value}\n`);
    }
    fs.writeFileSync(path.join(at, "label"), `${node.label ?? "unconfined"}\n`);
    const tun = path.join(at, "dev", "net", "tun");
    // The node's /dev/net/tun is made by the shell that starts the script (mknod there, not from this large Jest worker,
    // whose every fork costs more than the mknod).
    const tunMode = node.tun === "missing" ? "" : node.tun === "0600" ? "0600" : "0666";
    if (tunMode) fs.mkdirSync(path.dirname(tun), { recursive: true });
    const dataRoot = node.dataRoot ?? path.join(home, ".docker-data-rootless");
    const args = sidecar.args.map((a: string) => (a.startsWith("--data-root=") ? `--data-root=${dataRoot}` : a));
    const argvFile = path.join(at, "argv");
    fs.rmSync(path.join(dir, "DEVPOD_START_STATUS"), { force: true });
    const cgroup = node.cgroup ?? { root: path.join(at, "no-cgroup"), proc: path.join(at, "proc-cgroup") };
    if (!node.cgroup) fs.writeFileSync(cgroup.proc, "0::/\n");
    let path_ = `${path.join(dir, "bin")}:/usr/sbin:/usr/bin:/sbin:/bin`;
    if (node.noRootlesskit) {
      // Every command of the PATH's directories, linked into one directory, but rootlesskit. On a tmpfs when there is
      // one: ~1300 symlinks cost ~0.4 s CPU on ext4, ~0.05 s on tmpfs.
      const all = fs.mkdtempSync(path.join(fs.existsSync("/dev/shm") ? "/dev/shm" : dir, "devpod-path-without-rootlesskit-"));
      shmDirs.push(all);
      for (const d of [path.join(dir, "bin"), "/usr/sbin", "/usr/bin", "/sbin", "/bin"]) {
        for (const f of fs.readdirSync(d)) {
          if (f !== "rootlesskit" && !fs.existsSync(path.join(all, f))) fs.symlinkSync(path.join(d, f), path.join(all, f));
        }
      }
      path_ = all;
    }
    const prepare = 'if [ -n "$1" ]; then mknod -m "$1" "$2" c 10 200 || { echo "rootless-start test: mknod failed" >&2; exit 97; }; fi; shift 2';
    const run = spawnSync("unshare", ["--mount", "sh", "-c", `${prepare}; mount --bind '${home}' '${home}' && exec "$@"`, "home", tunMode, tun, "sh", "-c", script, "dind-start", ...args], {
      encoding: "utf8",
      env: {
        PATH: path_,
        ARGV_FILE: argvFile,
        DEVPOD_ETC: path.join(at, "etc"),
        DEVPOD_PROC_SYS: path.join(at, "sys"),
        DEVPOD_TUN: tun,
        DEVPOD_APPARMOR_LABEL: path.join(at, "label"),
        DEVPOD_CGROUP_FS: cgroup.root,
        DEVPOD_PROC_CGROUP: cgroup.proc,
        DEVPOD_BUILD_CACHE_MIB: "15360",
      },
    });
    expect(run.stderr).not.toContain("rootless-start test: mknod failed");
    const su = fs.existsSync(argvFile) ? fs.readFileSync(argvFile, "utf8").trim().split("\n") : [];
    const statusFile = path.join(dir, "DEVPOD_START_STATUS");
    const status = fs.existsSync(statusFile) ? fs.readFileSync(statusFile, "utf8") : "";
    const errors = run.stderr.split("\n").filter((l) => l.startsWith("devpod-rootless: error:"));
    return { exit: run.status, log: run.stderr, su, status, errors, tun, dataRoot };
  }

  test("a node and image that allow it: drops to rootless (uid 1000) through busybox su, the entrypoint with dockerd's args quoted, no --cgroup-parent", () => {
    const r = start("good");
    expect(r.errors).toEqual([]);
    expect(r.exit).toBe(0);
    // su -s /bin/sh rootless -c "exec dockerd-entrypoint.sh 'dockerd' '--host=...' ..." (no args through su's own parsing)
    expect(r.su.slice(0, 4)).toEqual(["-s", "/bin/sh", "rootless", "-c"]);
    const command = r.su[4];
    expect(command).toMatch(/^exec dockerd-entrypoint\.sh 'dockerd' '--host=unix:\/\/\/run\/dind\/docker\.sock' '--group=0' '--data-root=/);
    expect(command).toContain("'--storage-driver=overlay2'");
    expect(command).not.toContain("--cgroup-parent");
    expect(r.su).toContain("XDG_RUNTIME_DIR=/run/user/1000");
    // The data root is new: created for uid 1000, mode 0710 (as dockerd keeps it).
    const stat = fs.statSync(r.dataRoot);
    expect([stat.uid, stat.gid, stat.mode & 0o777]).toEqual([1000, 1000, 0o710]);
    expect(r.log).toContain(`devpod-rootless: data root ${r.dataRoot} created for rootless (uid 1000)`);
    expect(r.status).toMatch(/^starting: dockerd dockerd /);
  });

  test.each<[string, Node, string]>([
    ["no rootlesskit (the rootful dind image)", { noRootlesskit: true }, "the sidecar image has no rootlesskit (dind_image is not a rootless variant)"],
    ["no user with uid 1000", { passwd: "root:x:0:0:root:/root:/bin/sh\n" }, "the sidecar image has no user with uid 1000"],
    ["uid 1000 with another group", { passwd: "rootless:x:1000:2000::/home/rootless:/bin/sh\n" }, "the image's user rootless (uid 1000) has group 2000, not 1000"],
    ["no subuid range", { subuid: "dockremap:165536:65536\n" }, "no subuid range for rootless"],
    ["two subgid ranges", { subgid: "rootless:100000:65536\n1000:200000:65536\n" }, "2 subgid ranges for rootless"],
    ["unprivileged user namespaces off (Debian)", { sysctls: { "kernel/unprivileged_userns_clone": "0" } }, "kernel.unprivileged_userns_clone is 0 on this node"],
    ["no user namespaces at all", { sysctls: { "user/max_user_namespaces": "0" } }, "user.max_user_namespaces is 0 on this node"],
    [
      "Ubuntu 24.04's AppArmor restriction, unconfined container",
      { sysctls: { "kernel/apparmor_restrict_unprivileged_userns": "1" } },
      "kernel.apparmor_restrict_unprivileged_userns is 1 on this node (Ubuntu 24.04's default) and this container runs unconfined",
    ],
  ])("%s: one line naming cause and fix, the same in the status file, exit 1, no dockerd", (name, node, cause) => {
    check(start(name.replace(/\W+/g, "-"), node));
    function check(r: ReturnType<typeof start>) {
      expect(r.exit).toBe(1);
      expect(r.errors).toHaveLength(1);
      expect(r.errors[0]).toContain(cause);
      expect(r.errors[0]).toMatch(/; fix: \S/);
      expect(r.status).toBe(`failed: rootless dockerd cannot start: ${r.errors[0].replace("devpod-rootless: error: ", "")}\n`);
      expect(r.su).toEqual([]);
    }
  });

  test("AppArmor restriction on, but the container runs under a profile: goes on, saying the profile must allow userns", () => {
    const r = start("apparmor-profile", { sysctls: { "kernel/apparmor_restrict_unprivileged_userns": "1" }, label: "devpod-rootless (enforce)" });
    expect(r.errors).toEqual([]);
    expect(r.log).toContain("runs under AppArmor profile 'devpod-rootless (enforce)', which must allow 'userns,'");
    expect(r.su[2]).toBe("rootless");
  });

  test("/dev/net/tun missing: created 10:200 mode 0666 in the container's /dev; 0600: opened up to 0666", () => {
    const missing = start("tun-missing", { tun: "missing" });
    expect(missing.exit).toBe(0);
    const made = fs.statSync(missing.tun);
    expect([made.isCharacterDevice(), made.rdev, made.mode & 0o777]).toEqual([true, (10 << 8) | 200, 0o666]);
    expect(missing.log).toContain("was missing: created it (10:200, mode 0666)");
    const closed = start("tun-0600", { tun: "0600" });
    expect(fs.statSync(closed.tun).mode & 0o777).toBe(0o666);
    expect(closed.log).toContain("was mode 600: now 0666");
    const open = start("tun-0666");
    expect(open.log).not.toContain("/dev/net/tun was");
  });

  test("a data root that holds a privileged dockerd's files is refused, never re-owned; an empty root-owned one is given to uid 1000", () => {
    const rootful = path.join(home, "rootful-root");
    fs.mkdirSync(path.join(rootful, "overlay2"), { recursive: true });
    fs.chmodSync(rootful, 0o710);
    const refused = start("root-owned", { dataRoot: rootful });
    expect(refused.exit).toBe(1);
    expect(refused.errors[0]).toContain(`the data root ${rootful} belongs to uid 0 and holds its files`);
    expect(fs.statSync(rootful).uid).toBe(0);
    expect(fs.statSync(path.join(rootful, "overlay2")).uid).toBe(0);
    const empty = path.join(home, "empty-root");
    fs.mkdirSync(empty);
    const given = start("empty-root", { dataRoot: empty });
    expect(given.exit).toBe(0);
    expect(fs.statSync(empty).uid).toBe(1000);
  });

  test("after a switch, the privileged data root beside it is named in one notice line with its size, and left untouched", async () => {
    const old = path.join(home, ".docker-data");
    fs.mkdirSync(path.join(old, "volumes", "db", "_data"), { recursive: true });
    fs.writeFileSync(path.join(old, "volumes", "db", "_data", "blob"), Buffer.alloc(3 * 2 ** 20));
    const r = start("switched");
    expect(r.exit).toBe(0);
    const notice = path.join(dir, "DEVPOD_START_NOTICE");
    for (let i = 0; i < 50 && !fs.existsSync(notice); i++) await new Promise((ok) => setTimeout(ok, 100));
    const line = fs.readFileSync(notice, "utf8");
    expect(line).toMatch(new RegExp(`^the privileged dockerd's data root ${old} \\(3 MiB\\) is kept, untouched, beside this one \\(${r.dataRoot}\\)`));
    expect(line.trim().split("\n")).toHaveLength(1);
    expect(fs.statSync(path.join(old, "volumes", "db", "_data", "blob")).size).toBe(3 * 2 ** 20);
    fs.rmSync(old, { recursive: true });
    start("not-switched");
    expect(fs.existsSync(notice)).toBe(false);
  });

  test("cgroup v2: the whole daemon tree in <own>/dockerd, bounded by issue 12's headroom with memory.oom.group 0; no <own>/containers", () => {
    const root = path.join(dir, "cg-v2");
    const files: Record<string, string> = {
      "cgroup.controllers": "cpuset cpu io memory pids\n",
      [`${POD}/cgroup.controllers`]: "cpu io memory pids\n",
      [`${POD}/cgroup.procs`]: "1\n",
      [`${POD}/cgroup.subtree_control`]: "",
      [`${POD}/memory.max`]: `${4096 * 2 ** 20}\n`,
      [`${POD}/memory.oom.group`]: "1\n",
      [`${POD}/dockerd/memory.oom.group`]: "1\n",
    };
    for (const [file, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.writeFileSync(path.join(root, file), text);
    }
    const proc = path.join(dir, "cg-v2-proc");
    fs.writeFileSync(proc, `0::${POD}\n`);
    const r = start("cg-v2", { cgroup: { root, proc } });
    expect(r.exit).toBe(0);
    const read = (f: string) => fs.readFileSync(path.join(root, POD, f), "utf8");
    // 4096 MiB less an eighth (512 MiB), as for the privileged mode's containers.
    expect(read("dockerd/memory.max")).toBe(`${3584 * 2 ** 20}\n`);
    expect(read("dockerd/memory.oom.group")).toBe("0\n");
    expect(read("memory.oom.group")).toBe("1\n");
    expect(read("cgroup.subtree_control")).toBe("+cpu +io +memory +pids\n");
    expect(fs.existsSync(path.join(root, POD, "containers"))).toBe(false);
    expect(r.su[4]).not.toContain("--cgroup-parent");
    expect(r.log).toContain(
      `devpod-dind: cgroup v2: the rootless daemon tree (rootlesskit, dockerd, containerd, every container and build step) bounded at 3584 MiB (${root}${POD}/dockerd/memory.max: this container's 4096 MiB less 512 MiB for the probes' and hooks' execs; memory.oom.group 0 there)`,
    );
  });
});
