// The sidecar's start script, run as the container runs it (sh -c "<script>" dind-start dockerd ...), with stub
// `dockerd` and `dockerd-entrypoint.sh` commands that record what they were given. The cgroup layouts of nodes this
// machine is not (pure cgroup v2, as on current Kubernetes nodes) are replayed in a directory tree; the real cgroupfs
// and the real dockerd are exercised in verify-docker-storage.dind.test.ts.
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DockerSidecar } from "../../lib/template/docker-sidecar";
import { resolveConfig } from "../../lib/config/config";
import { splitBudget } from "../../lib/config/sizing-config";
import { requireOrSkip } from "../dind/environment";
import { container, synthDevpod } from "../helpers";
import { renderWithTerraform, terraformUnavailable } from "../terraform";

const skip = requireOrSkip("dind-start", terraformUnavailable());
const describeStart = skip ? describe.skip : describe;

const POD = "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1.slice/cri-containerd-0123.scope";

describeStart("dind-start (the docker sidecar's command)", () => {
  const sidecar = container(synthDevpod().tf, DockerSidecar.CONTAINER_NAME);
  let dir: string;
  /** The test's "home volume": start() bind-mounts it onto itself in a private mount namespace (as root). */
  let home: string;
  /** The template's args with the data root below {@link home}: the sidecar's first step acts on the volume that holds
   * the data root, which must be this test's, never the machine's. */
  let args: string[];
  let script: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "devpod-dind-start-"));
    home = path.join(dir, "home");
    fs.mkdirSync(home);
    args = sidecar.args.map((a: string) => (a.startsWith("--data-root=") ? `--data-root=${home}/.docker-data` : a));
    // What Kubernetes hands the container: terraform's rendering of the template's command.
    script = renderWithTerraform({ script: sidecar.command[2] }).script;
    // Its files go next to the socket (/run/dind); here into this test's directory.
    script = script.replace(/^(DEVPOD_DAEMON_CONFIG|DEVPOD_START_STATUS)='[^']*'$/gm, (_, name) => `${name}='${dir}/${name}'`);
    // The sidecar's first step acts on the home volume: this test's, never the machine's.
    script = script.replace(/^DEVPOD_HOME_PATH='[^']*'$/m, `DEVPOD_HOME_PATH='${home}'`);
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
    /** A cgroup.procs file that lists the script's pid, as runc's bind mount of the container's own cgroup does. */
    pidTo?: string;
  }) {
    const argvFile = path.join(dir, `argv-${Math.random().toString(36).slice(2)}`);
    const text = opts.holdSeconds === undefined ? script : script.replace(/^DEVPOD_HOLD_SECONDS='\d+'$/m, `DEVPOD_HOLD_SECONDS='${opts.holdSeconds}'`);
    const script_ = ["sh", "-c", text, "dind-start", ...(opts.args ?? args)];
    // exec keeps the pid: the file lists the pid the script sees as $$.
    const argv = opts.pidTo ? ["sh", "-c", 'echo $$ >"$0"; exec "$@"', opts.pidTo, ...script_] : script_;
    // A private network namespace whose eth0 has the MTU, with sysfs mounted in it (as a container runtime does).
    const route = opts.ipv6Only ? "ip link set p0 up && ip -6 route add default dev eth0" : "ip route add default dev eth0";
    const setup = `ip link add eth0 type veth peer name p0 && ip link set eth0 mtu ${opts.mtu} up && ${route} && mount -t sysfs sysfs /sys && exec "$@"`;
    // As root: the home bind-mounted onto itself in a private mount namespace, so that it is the data root's volume.
    const mountHome = `mount --bind '${home}' '${home}' && exec "$@"`;
    const command = opts.mtu
      ? ["unshare", "--net", "--mount", "sh", "-c", setup.replace('exec "$@"', mountHome), "netns", ...argv]
      : process.getuid?.() === 0
        ? ["unshare", "--mount", "sh", "-c", mountHome, "home", ...argv]
        : argv;
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

  /** A replayed cgroup v2 node: the pod's cgroup POD with `memoryMax`, as kubelet leaves it (memory.oom.group=1). */
  function v2Node(name: string, memoryMax: string) {
    const root = cgroupTree(name, {
      "cgroup.controllers": "cpuset cpu io memory pids\n",
      [`${POD}/cgroup.controllers`]: "cpu io memory pids\n",
      [`${POD}/cgroup.procs`]: "1\n",
      [`${POD}/cgroup.subtree_control`]: "",
      [`${POD}/memory.max`]: `${memoryMax}\n`,
      [`${POD}/memory.oom.group`]: "1\n",
      // What the kernel gives a new cgroup; the script must write 0 rather than assume it.
      [`${POD}/containers/memory.oom.group`]: "1\n",
    });
    const proc = path.join(root, "proc-self-cgroup");
    fs.writeFileSync(proc, `0::${POD}\n`);
    return { root, proc, read: (file: string) => fs.readFileSync(path.join(root, POD, file), "utf8") };
  }

  test("cgroup v2 node: moves its processes to <own>/dockerd, delegates controllers, and passes --cgroup-parent=<own>/containers", () => {
    const node = v2Node("v2", String(768 * 2 ** 20));
    const { status, log, cgroupArgs } = start({ cgroupFs: node.root, procCgroup: node.proc });
    expect(status).toBe(0);
    // The image's entrypoint gets `dockerd` first (no TCP listener), the template's args, then the node's settings.
    expect(cgroupArgs).toEqual([...args, `--cgroup-parent=${POD}/containers`]);
    // Every process of <own> was written to <own>/dockerd (a plain file keeps only the last write: pid 1's).
    expect(node.read("dockerd/cgroup.procs")).toBe("1\n");
    expect(node.read("cgroup.subtree_control")).toBe("+cpu +io +memory +pids\n");
    expect(node.read("containers/cgroup.subtree_control")).toBe("+cpu +io +memory +pids\n");
    expect(log).toContain(`devpod-dind: cgroup v2: dockerd in ${node.root}${POD}/dockerd, containers and build steps under ${node.root}${POD}/containers`);
  });

  test.each([
    // limit, headroom: an eighth of the limit, at least 256 MiB, at most half of it
    [768, 256],
    [4096, 512],
    [384, 192],
    [16384, 2048],
  ])("cgroup v2, memory.max %i MiB: <own>/containers is bounded %i MiB lower, memory.oom.group 0 there, and the log names the bound", (limitMiB, headroomMiB) => {
    const node = v2Node(`v2-${limitMiB}`, String(limitMiB * 2 ** 20));
    const { status, log } = start({ cgroupFs: node.root, procCgroup: node.proc });
    expect(status).toBe(0);
    expect(node.read("containers/memory.max")).toBe(`${(limitMiB - headroomMiB) * 2 ** 20}\n`);
    expect(node.read("containers/memory.oom.group")).toBe("0\n");
    // kubelet's setting on the container's own cgroup is left alone.
    expect(node.read("memory.oom.group")).toBe("1\n");
    expect(log).toContain(
      `devpod-dind: cgroup v2: containers and build steps bounded at ${limitMiB - headroomMiB} MiB (${node.root}${POD}/containers/memory.max: this container's ${limitMiB} MiB less ${headroomMiB} MiB for dockerd and containerd; memory.oom.group 0 there): an OOM in a build kills inside it, not the sidecar`,
    );
  });

  test("docs/sizing.md quotes the bound the script sets for the default size and the smallest option", () => {
    const docs = fs.readFileSync(path.join(__dirname, "..", "..", "docs", "sizing.md"), "utf8").replace(/\s+/g, " ");
    const { sizing } = resolveConfig({});
    const bound = (memoryGiB: number) => {
      const split = splitBudget(sizing.cpuCores.default, memoryGiB, sizing.sidecarSharePercent);
      const node = v2Node(`v2-docs-${memoryGiB}`, String(split.sidecar.memoryMiB * 2 ** 20));
      expect(start({ cgroupFs: node.root, procCgroup: node.proc }).status).toBe(0);
      return [split.sidecar.memoryMiB, Number(node.read("containers/memory.max")) / 2 ** 20, split.workspace.memoryMiB];
    };
    const [sidecarMiB, containersMiB, workspaceMiB] = bound(sizing.memoryGiB.default);
    expect([sizing.memoryGiB.default, sidecarMiB, containersMiB]).toEqual([8, 4096, 3584]);
    expect(docs).toContain(`With the defaults (${sizing.memoryGiB.default} GiB, ${sizing.sidecarSharePercent} %) the sidecar gets ${sidecarMiB} MiB and containers and build steps ${containersMiB} MiB`);
    expect(docs).toContain(`| **${sizing.cpuCores.default} cores / ${sizing.memoryGiB.default} GiB** | ${sizing.cpuCores.default * 500}m, ${workspaceMiB} MiB | ${sizing.cpuCores.default * 500}m, ${containersMiB} MiB |`);
    const [smallSidecar, smallContainers] = bound(sizing.memoryGiB.options[0]);
    expect(docs).toContain(`with the smallest option (${sizing.memoryGiB.options[0]} GiB) the sidecar gets ${smallSidecar} MiB and they get ${smallContainers} MiB`);
  });

  test("cgroup v2 without a memory limit (memory.max is max): no bound, and it says so", () => {
    const node = v2Node("v2-max", "max");
    const { status, log, cgroupArgs } = start({ cgroupFs: node.root, procCgroup: node.proc });
    expect(status).toBe(0);
    expect(cgroupArgs).toEqual([...args, `--cgroup-parent=${POD}/containers`]);
    expect(fs.existsSync(path.join(node.root, POD, "containers", "memory.max"))).toBe(false);
    expect(log).toContain(`devpod-dind: cgroup v2: this container has no memory limit (memory.max is max): no bound for ${node.root}${POD}/containers, nothing to do`);
  });

  test("cgroup v2 inside a cgroup namespace (path /): the namespace root is split the same way", () => {
    const root = cgroupTree("v2ns", { "cgroup.controllers": "memory pids\n", "cgroup.procs": "1\n", "cgroup.subtree_control": "", "memory.max": "max\n" });
    const proc = path.join(dir, "proc-ns");
    fs.writeFileSync(proc, "0::/\n");
    const { execed } = start({ cgroupFs: root, procCgroup: proc });
    expect(execed).toContain("--cgroup-parent=/containers");
  });

  // The real layout (runc's bind mounts, a real dockerd and its containers) is in verify-docker-storage.dind.test.ts.
  test("cgroup v1, own cgroup mounted at the hierarchy's top (runc's layout): no --cgroup-parent, and the log says the containers are bounded", () => {
    const root = cgroupTree("v1-runc", { "memory/memory.limit_in_bytes": `${512 * 2 ** 20}\n`, "memory/cgroup.procs": "" });
    const proc = path.join(dir, "proc-v1-runc");
    fs.writeFileSync(proc, "5:memory:/kubepods/pod1/c1\n4:cpu,cpuacct:/kubepods/pod1/c1\n1:name=systemd:/kubepods/pod1/c1\n");
    const { status, log, cgroupArgs } = start({ cgroupFs: root, procCgroup: proc, pidTo: path.join(root, "memory", "cgroup.procs") });
    expect(status).toBe(0);
    expect(cgroupArgs).toEqual(args);
    expect(log).toContain(
      `devpod-dind: cgroup v1: this container's own cgroup (/kubepods/pod1/c1) is mounted at ${root} (runc's layout): dockerd's containers (/docker) and build steps (/docker/buildkit) are created inside it, bounded by its limits (memory limit 512 MiB); no --cgroup-parent needed`,
    );
    expect(log).not.toContain("not bounded");
  });

  test.each<[string, string, string | undefined]>([
    // PAGE_COUNTER_MAX pages: what a v1 kernel reports for a cgroup without a limit (19 digits).
    ["the kernel's unlimited", "no memory limit", "9223372036854771712"],
    ["a limit of 18 digits", `memory limit ${Math.floor(1e17 / 2 ** 20)} MiB`, "100000000000000000"],
    ["no limit file", "memory limit unknown", undefined],
  ])("cgroup v1, %s: the log line says %s", (name, said, limit) => {
    const files: Record<string, string> = { "memory/cgroup.procs": "" };
    if (limit !== undefined) files["memory/memory.limit_in_bytes"] = `${limit}\n`;
    const root = cgroupTree(`v1-limit-${name.replace(/\W+/g, "-")}`, files);
    const proc = path.join(root, "proc-self-cgroup");
    fs.writeFileSync(proc, "5:memory:/kubepods/pod1/c1\n");
    const { status, log } = start({ cgroupFs: root, procCgroup: proc, pidTo: path.join(root, "memory", "cgroup.procs") });
    expect(status).toBe(0);
    expect(log).toContain(`are created inside it, bounded by its limits (${said}); no --cgroup-parent needed`);
  });

  test("cgroup v1 whose memory hierarchy is not the container's own: says so in one line and starts dockerd as it would", () => {
    const root = cgroupTree("v1", { "memory/cgroup.procs": "1\n" });
    const proc = path.join(dir, "proc-v1");
    fs.writeFileSync(proc, "5:memory:/kubepods/pod1/c1\n4:cpu,cpuacct:/kubepods/pod1/c1\n1:name=systemd:/\n");
    const { status, log, cgroupArgs } = start({ cgroupFs: root, procCgroup: proc });
    expect(status).toBe(0);
    expect(log).toMatch(
      new RegExp(
        `devpod-dind: cgroup setup skipped: cgroup v1, but ${root}/memory is not this container's own cgroup \\(its cgroup.procs does not list this process, pid \\d+\\): unknown layout, dockerd's containers go to /docker there; dockerd's containers are not bounded by this container's limits`,
      ),
    );
    expect(cgroupArgs).toEqual(args);
  });

  test("a cgroup it cannot write (read-only cgroupfs): says so and starts dockerd as before", () => {
    const root = cgroupTree("ro", { "cgroup.controllers": "memory\n", [`${POD}/cgroup.procs`]: "1\n", [`${POD}/dockerd`]: "not a directory" });
    const proc = path.join(dir, "proc-ro");
    fs.writeFileSync(proc, `0::${POD}\n`);
    const { status, log, cgroupArgs } = start({ cgroupFs: root, procCgroup: proc });
    expect(status).toBe(0);
    expect(log).toContain(`devpod-dind: cgroup setup skipped: cannot create or join cgroups below ${root}${POD} (read-only cgroupfs?)`);
    expect(cgroupArgs).toEqual(args);
  });

  /** A stub `sleep` in its own directory that records each call in `log` and runs `then` at the `at`th call. */
  function sleepStub(name: string, at = 0, then = "") {
    const stubs = path.join(dir, `${name}-stubs`);
    const log = path.join(dir, `${name}-sleeps`);
    fs.mkdirSync(stubs);
    fs.writeFileSync(
      path.join(stubs, "sleep"),
      `#!/bin/sh\necho "$*" >>'${log}'\n[ "$(wc -l <'${log}')" -ne ${at} ] || { ${then || ":"}; }\n`,
      { mode: 0o755 },
    );
    return { stubs, slept: () => (fs.existsSync(log) ? fs.readFileSync(log, "utf8").trim().split("\n") : []) };
  }

  test("cgroup v2: a kernel that keeps refusing the controllers is retried 10 times, a second apart (9 sleeps), then reported", () => {
    const node = v2Node("v2-refused", String(768 * 2 ** 20));
    // A directory where the file is: every write is refused, as the kernel's EBUSY would be.
    fs.rmSync(path.join(node.root, POD, "cgroup.subtree_control"));
    fs.mkdirSync(path.join(node.root, POD, "cgroup.subtree_control"));
    const sleep = sleepStub("v2-refused");
    const { status, log, cgroupArgs } = start({ cgroupFs: node.root, procCgroup: node.proc, pathFirst: sleep.stubs });
    expect(status).toBe(0);
    expect(sleep.slept()).toEqual(Array(9).fill("1"));
    const retries = log.split("\n").filter((l) => l.includes("moving again"));
    expect(retries.map((l) => /attempt (\d+) of (\d+)/.exec(l)?.slice(1).join("/"))).toEqual(["2/10", "3/10", "4/10", "5/10", "6/10", "7/10", "8/10", "9/10", "10/10"]);
    expect(log).toContain(`devpod-dind: cgroup setup skipped: cannot enable controllers ( +cpu +io +memory +pids ) in ${node.root}${POD}/cgroup.subtree_control and ${node.root}${POD}/containers (tried 10 times); dockerd's containers are not bounded by this container's limits`);
    // dockerd still starts, without a cgroup parent it could not prepare.
    expect(cgroupArgs).toEqual(args);
  });

  test("cgroup v2: a refusal that clears (the probe's exec left) is retried until the controllers are on: 2 sleeps, then the split", () => {
    const node = v2Node("v2-busy", String(768 * 2 ** 20));
    const control = path.join(node.root, POD, "cgroup.subtree_control");
    fs.rmSync(control);
    fs.mkdirSync(control);
    const sleep = sleepStub("v2-busy", 2, `rmdir '${control}' && : >'${control}'`);
    const { status, log, cgroupArgs } = start({ cgroupFs: node.root, procCgroup: node.proc, pathFirst: sleep.stubs });
    expect(status).toBe(0);
    expect(sleep.slept()).toEqual(["1", "1"]);
    expect(log).toContain("moving again (attempt 3 of 10)");
    expect(log).not.toContain("moving again (attempt 4 of 10)");
    expect(node.read("cgroup.subtree_control")).toBe("+cpu +io +memory +pids\n");
    expect(cgroupArgs).toEqual([...args, `--cgroup-parent=${POD}/containers`]);
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

  test("another process holds the data root's flock: waits DEVPOD_HOLD_SECONDS (counted in its own 1 s sleeps), then gives up and starts dockerd", async () => {
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
    // It says when it holds the lock (no polling with flock -n from this large Jest worker, a fork each try).
    const holder = spawn("sh", ["-c", 'exec 9<>"$0" && flock 9 && echo held && exec sleep 120', db], { stdio: ["ignore", "pipe", "ignore"] });
    const exited = new Promise((done) => holder.on("exit", done));
    try {
      await new Promise((held, failed) => {
        holder.stdout.once("data", held);
        holder.once("exit", () => failed(new Error("the lock holder exited before it held the lock")));
      });
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
    // Control: once the holder is gone (its exit closed the lock's only file description), no wait at all.
    await exited;
    const free = run();
    expect(free.slept).toEqual([]);
    expect(free.log).not.toContain("data root:");
    expect(free.execed[0]).toBe("dockerd");
  });

  const skipRoot = requireOrSkip("home-group (root: chgrp, chmod, mount)", process.getuid?.() === 0 ? undefined : "they need root");
  const asRoot = skipRoot ? test.skip : test;

  asRoot("a home volume root kubelet left root:root 0755 (ReadWriteOncePod, no fsGroup): group 1000, setgid, group rwx, said in one line; a right one is left alone", () => {
    fs.chownSync(home, 0, 0);
    fs.chmodSync(home, 0o755);
    fs.writeFileSync(path.join(home, "kept"), "");
    fs.chmodSync(path.join(home, "kept"), 0o644);
    const proc = path.join(dir, "proc-home");
    fs.writeFileSync(proc, "0::/\n");
    const first = start({ cgroupFs: path.join(dir, "none"), procCgroup: proc });
    expect(first.status).toBe(0);
    const stat = fs.statSync(home);
    expect(stat.gid).toBe(1000);
    expect(stat.uid).toBe(0);
    expect(stat.mode & 0o7777).toBe(0o2775);
    // Only the root: no walk.
    expect(fs.statSync(path.join(home, "kept")).gid).toBe(0);
    const lines = first.log.split("\n").filter((l) => l.startsWith("devpod-home:"));
    expect(lines).toEqual([
      `devpod-home: ${home} was group 0 mode 755 (no fsGroup applied: kubelet before 1.32 skips ReadWriteOncePod volumes); now group 1000, mode 2775 (setgid, group rwx)`,
    ]);
    // And dockerd still starts.
    expect(first.execed[0]).toBe("dockerd");
    const second = start({ cgroupFs: path.join(dir, "none"), procCgroup: proc });
    expect(second.log).not.toContain("devpod-home:");
  });

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
