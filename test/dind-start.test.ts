// The sidecar's start script, run as the container runs it (sh -c "<script>" dind-start dockerd ...), with stub
// `dockerd` and `dockerd-entrypoint.sh` commands that record what they were given. The cgroup layouts of nodes this
// machine is not (pure cgroup v2, as on current Kubernetes nodes) are replayed in a directory tree; the real cgroupfs
// and the real dockerd are exercised in verify-docker-storage.dind.test.ts.
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DockerSidecar } from "../lib/docker-sidecar";
import { requireOrSkip } from "./dind/environment";
import { container, synthDevpod } from "./helpers";
import { renderWithTerraform, terraformUnavailable } from "./terraform";

const skip = requireOrSkip("dind-start", terraformUnavailable());
const describeStart = skip ? describe.skip : describe;

const POD = "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1.slice/cri-containerd-0123.scope";

describeStart("dind-start (the docker sidecar's command)", () => {
  const sidecar = container(synthDevpod().tf, DockerSidecar.CONTAINER_NAME);
  let dir: string;
  let script: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "devpod-dind-start-"));
    // What Kubernetes hands the container: terraform's rendering of the template's command.
    script = renderWithTerraform({ script: sidecar.command[2] }).script;
    // Its files go next to the socket (/run/dind); here into this test's directory.
    script = script.replace(/^(DEVPOD_DAEMON_CONFIG|DEVPOD_START_STATUS)='[^']*'$/gm, (_, name) => `${name}='${dir}/${name}'`);
    const bin = path.join(dir, "bin");
    fs.mkdirSync(bin);
    // dockerd answers --version like the release in STUB_DOCKERD_VERSION; the entrypoint records its argv.
    fs.writeFileSync(
      path.join(bin, "dockerd"),
      '#!/bin/sh\n[ "$1" = --version ] && echo "Docker version ${STUB_DOCKERD_VERSION}, build 0123abc"\n',
    );
    fs.writeFileSync(path.join(bin, "dockerd-entrypoint.sh"), '#!/bin/sh\nprintf "%s\\n" "$@" >"$ARGV_FILE"\n');
    for (const f of ["dockerd", "dockerd-entrypoint.sh"]) fs.chmodSync(path.join(bin, f), 0o755);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** A replayed cgroup tree: `files` maps paths below the cgroup root to contents; returns its root. */
  function cgroupTree(name: string, files: Record<string, string>): string {
    const root = path.join(dir, name);
    for (const [file, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.writeFileSync(path.join(root, file), text);
    }
    return root;
  }

  /** Runs the start script with `args`; in a fresh network namespace with eth0 at `mtu` when given (needs root). */
  function start(opts: {
    cgroupFs: string;
    procCgroup: string;
    version?: string;
    mtu?: number;
    ipv6Only?: boolean;
    args?: string[];
    cacheMiB?: string;
    /** DEVPOD_HOLD_SECONDS instead of the template's grace period. */
    holdSeconds?: number;
    /** A directory put first on PATH (stub commands). */
    pathFirst?: string;
  }) {
    const argvFile = path.join(dir, `argv-${Math.random().toString(36).slice(2)}`);
    const text = opts.holdSeconds === undefined ? script : script.replace(/^DEVPOD_HOLD_SECONDS='\d+'$/m, `DEVPOD_HOLD_SECONDS='${opts.holdSeconds}'`);
    const argv = ["sh", "-c", text, "dind-start", ...(opts.args ?? sidecar.args)];
    // A private network namespace whose eth0 has the MTU, with sysfs mounted in it (as a container runtime does).
    const route = opts.ipv6Only ? "ip link set p0 up && ip -6 route add default dev eth0" : "ip route add default dev eth0";
    const setup = `ip link add eth0 type veth peer name p0 && ip link set eth0 mtu ${opts.mtu} up && ${route} && mount --make-rprivate / && mount -t sysfs sysfs /sys && exec "$@"`;
    const command = opts.mtu ? ["unshare", "--net", "--mount", "sh", "-c", setup, "netns", ...argv] : argv;
    const run = spawnSync(command[0], command.slice(1), {
      encoding: "utf8",
      env: {
        PATH: `${opts.pathFirst ? `${opts.pathFirst}:` : ""}${path.join(dir, "bin")}:/usr/sbin:/usr/bin:/sbin:/bin`,
        ARGV_FILE: argvFile,
        STUB_DOCKERD_VERSION: opts.version ?? "29.7.2",
        DEVPOD_CGROUP_FS: opts.cgroupFs,
        DEVPOD_PROC_CGROUP: opts.procCgroup,
        DEVPOD_BUILD_CACHE_MIB: opts.cacheMiB ?? "15360",
      },
    });
    const execed = fs.existsSync(argvFile) ? fs.readFileSync(argvFile, "utf8").trim().split("\n") : [];
    // Outside a private network namespace the MTU flags come from this machine's route: the cgroup cases drop them.
    // The daemon.json it renders is checked on its own below.
    const cgroupArgs = execed.filter((a) => !a.startsWith("--mtu=") && !a.startsWith("--default-network-opt=") && !a.startsWith("--config-file="));
    return { status: run.status, log: run.stderr, execed, cgroupArgs };
  }

  test("cgroup v2 node: moves its processes to <own>/dockerd, delegates controllers, and passes --cgroup-parent=<own>/containers", () => {
    const root = cgroupTree("v2", {
      "cgroup.controllers": "cpuset cpu io memory pids\n",
      [`${POD}/cgroup.controllers`]: "cpu io memory pids\n",
      [`${POD}/cgroup.procs`]: "1\n",
      [`${POD}/cgroup.subtree_control`]: "",
    });
    const proc = path.join(root, "proc-self-cgroup");
    fs.writeFileSync(proc, `0::${POD}\n`);
    const { status, log, cgroupArgs } = start({ cgroupFs: root, procCgroup: proc });
    expect(status).toBe(0);
    // The image's entrypoint gets `dockerd` first (no TCP listener), the template's args, then the node's settings.
    expect(cgroupArgs).toEqual([...sidecar.args, `--cgroup-parent=${POD}/containers`]);
    // Every process of <own> was written to <own>/dockerd (a plain file keeps only the last write: pid 1's).
    expect(fs.readFileSync(path.join(root, POD, "dockerd", "cgroup.procs"), "utf8")).toBe("1\n");
    expect(fs.readFileSync(path.join(root, POD, "cgroup.subtree_control"), "utf8")).toBe("+cpu +io +memory +pids\n");
    expect(fs.readFileSync(path.join(root, POD, "containers", "cgroup.subtree_control"), "utf8")).toBe("+cpu +io +memory +pids\n");
    expect(log).toContain(`devpod-dind: cgroup v2: dockerd in ${root}${POD}/dockerd, containers and build steps under ${root}${POD}/containers`);
  });

  test("cgroup v2 inside a cgroup namespace (path /): the namespace root is split the same way", () => {
    const root = cgroupTree("v2ns", { "cgroup.controllers": "memory pids\n", "cgroup.procs": "1\n", "cgroup.subtree_control": "" });
    const proc = path.join(dir, "proc-ns");
    fs.writeFileSync(proc, "0::/\n");
    const { execed } = start({ cgroupFs: root, procCgroup: proc });
    expect(execed).toContain("--cgroup-parent=/containers");
  });

  test("cgroup v1 node whose hierarchies disagree: says so in one line and starts dockerd without --cgroup-parent", () => {
    const root = cgroupTree("v1", { "memory/x": "" });
    const proc = path.join(dir, "proc-v1");
    fs.writeFileSync(proc, "5:memory:/kubepods/pod1/c1\n4:cpu,cpuacct:/elsewhere\n1:name=systemd:/\n");
    const { status, log, cgroupArgs } = start({ cgroupFs: root, procCgroup: proc });
    expect(status).toBe(0);
    expect(log).toContain(
      "devpod-dind: cgroup setup skipped: unknown layout: cpu,cpuacct is at /elsewhere, other controllers at /kubepods/pod1/c1; dockerd's containers are not bounded by this container's limits",
    );
    expect(cgroupArgs).toEqual(sidecar.args);
  });

  test("a cgroup it cannot write (read-only cgroupfs): says so and starts dockerd as before", () => {
    const root = cgroupTree("ro", { "cgroup.controllers": "memory\n", [`${POD}/cgroup.procs`]: "1\n", [`${POD}/dockerd`]: "not a directory" });
    const proc = path.join(dir, "proc-ro");
    fs.writeFileSync(proc, `0::${POD}\n`);
    const { status, log, cgroupArgs } = start({ cgroupFs: root, procCgroup: proc });
    expect(status).toBe(0);
    expect(log).toContain(`devpod-dind: cgroup setup skipped: cannot create or join cgroups below ${root}${POD} (read-only cgroupfs?)`);
    expect(cgroupArgs).toEqual(sidecar.args);
  });

  test("refuses a first argument other than dockerd: the dind entrypoint would add a TCP listener", () => {
    const proc = path.join(dir, "proc-any");
    fs.writeFileSync(proc, "0::/\n");
    const { status, log, execed } = start({ cgroupFs: dir, procCgroup: proc, args: ["--host=tcp://0.0.0.0:2375"] });
    expect(status).toBe(2);
    expect(log).toContain("error: dind-start: the first argument must be dockerd, got '--host=tcp://0.0.0.0:2375'");
    expect(execed).toEqual([]);
  });

  test("renders daemon.json with BuildKit's GC bound from DEVPOD_BUILD_CACHE_MIB and passes it with --config-file", () => {
    const proc = path.join(dir, "proc-gc");
    fs.writeFileSync(proc, "0::/\n");
    const { status, log, execed } = start({ cgroupFs: path.join(dir, "none"), procCgroup: proc, cacheMiB: "512" });
    expect(status).toBe(0);
    const config = path.join(dir, "DEVPOD_DAEMON_CONFIG");
    expect(execed).toContain(`--config-file=${config}`);
    expect(JSON.parse(fs.readFileSync(config, "utf8"))).toEqual({ builder: { gc: { enabled: true, defaultKeepStorage: "512MB" } } });
    expect(log).toContain(`devpod-dind: build cache: BuildKit GC keeps it under 512 MiB (${config})`);
    // No data root on this machine: nothing holds it, and the status says dockerd is starting.
    expect(fs.readFileSync(path.join(dir, "DEVPOD_START_STATUS"), "utf8")).toMatch(/^starting: dockerd dockerd --host=unix:/);
  });

  test("refuses a build cache bound that is not a whole number of MiB", () => {
    const proc = path.join(dir, "proc-gc-bad");
    fs.writeFileSync(proc, "0::/\n");
    const { status, log, execed } = start({ cgroupFs: path.join(dir, "none"), procCgroup: proc, cacheMiB: "15GB" });
    expect(status).toBe(2);
    expect(log).toContain("error: dind-start: DEVPOD_BUILD_CACHE_MIB must be a whole number of MiB, got '15GB'");
    expect(execed).toEqual([]);
  });

  test("another process holds the data root's flock: waits DEVPOD_HOLD_SECONDS (counted in its own 1 s sleeps), then gives up and starts dockerd", () => {
    const proc = path.join(dir, "proc-lock");
    fs.writeFileSync(proc, "0::/\n");
    const dataRoot = path.join(dir, "data-root");
    const db = path.join(dataRoot, "volumes", "metadata.db");
    fs.mkdirSync(path.dirname(db), { recursive: true });
    fs.writeFileSync(db, "");
    // A stub `sleep` that counts instead of sleeping: the wait is measured in the script's own steps, not wall time.
    const stubs = path.join(dir, "lock-stubs");
    const sleeps = path.join(dir, "lock-sleeps");
    fs.mkdirSync(stubs);
    fs.writeFileSync(path.join(stubs, "sleep"), `#!/bin/sh\necho "$*" >>'${sleeps}'\n`, { mode: 0o755 });
    const args = [...sidecar.args.filter((a: string) => !a.startsWith("--data-root=")), `--data-root=${dataRoot}`];
    const run = () => {
      fs.rmSync(sleeps, { force: true });
      const result = start({ cgroupFs: path.join(dir, "none"), procCgroup: proc, args, holdSeconds: 3, pathFirst: stubs });
      const slept = fs.existsSync(sleeps) ? fs.readFileSync(sleeps, "utf8").trim().split("\n") : [];
      return { ...result, slept };
    };

    // The previous pod's dockerd: another process holding the bolt database's flock, as bbolt does.
    // One process holds it (exec'd into sleep), so killing it releases the lock.
    const holder = spawn("sh", ["-c", 'exec 9<>"$0" && flock 9 && exec sleep 120', db], { stdio: "ignore" });
    try {
      while (spawnSync("flock", ["-n", db, "true"]).status === 0) spawnSync("/bin/sleep", ["0.05"]);
      const held = run();
      expect(held.status).toBe(0);
      expect(held.slept).toEqual(["1", "1", "1"]);
      expect(held.log).toContain(`devpod-dind: data root: another dockerd still holds ${db} (the previous pod is still stopping); waiting 0s of 3s`);
      expect(held.log).toContain("devpod-dind: data root: still held after 3s; starting dockerd anyway (it will fail on the lock and the container restarts)");
      // It gives up by starting dockerd, with the template's arguments.
      expect(held.execed[0]).toBe("dockerd");
      expect(held.execed).toContain(`--data-root=${dataRoot}`);
      expect(fs.readFileSync(path.join(dir, "DEVPOD_START_STATUS"), "utf8")).toMatch(/^starting: dockerd dockerd /);
    } finally {
      holder.kill();
    }
    // Control: once the holder is gone, no wait at all.
    while (spawnSync("flock", ["-n", db, "true"]).status !== 0) spawnSync("/bin/sleep", ["0.05"]);
    const free = run();
    expect(free.slept).toEqual([]);
    expect(free.log).not.toContain("data root:");
    expect(free.execed[0]).toBe("dockerd");
  });

  const asRoot = process.getuid?.() === 0 ? test : test.skip;

  asRoot("Docker 24+: the pod's MTU goes to the default bridge and, with --default-network-opt, to new networks", () => {
    const proc = path.join(dir, "proc-mtu");
    fs.writeFileSync(proc, "0::/\n");
    const { execed, log } = start({ cgroupFs: path.join(dir, "none"), procCgroup: proc, mtu: 1450 });
    expect(execed).toContain("--mtu=1450");
    expect(execed).toContain("--default-network-opt=bridge=com.docker.network.driver.mtu=1450");
    expect(log).toContain("devpod-dind: mtu: 1450 from eth0 for the default bridge and new bridge networks");
  });

  asRoot("an IPv6-only pod network: the MTU comes from the interface of the ::/0 route", () => {
    const proc = path.join(dir, "proc-mtu-v6");
    fs.writeFileSync(proc, "0::/\n");
    const { execed, log } = start({ cgroupFs: path.join(dir, "none"), procCgroup: proc, mtu: 1420, ipv6Only: true });
    expect(execed).toContain("--mtu=1420");
    expect(log).toContain("devpod-dind: mtu: 1420 from eth0");
  });

  asRoot("Docker 20.10: only --mtu, and a line saying user-defined networks keep 1500", () => {
    const proc = path.join(dir, "proc-mtu-old");
    fs.writeFileSync(proc, "0::/\n");
    const { execed } = start({ cgroupFs: path.join(dir, "none"), procCgroup: proc, mtu: 1450, version: "20.10.24+dfsg1" });
    expect(execed).toContain("--mtu=1450");
    expect(execed.some((a) => a.startsWith("--default-network-opt"))).toBe(false);
  });
});
