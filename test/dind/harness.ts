// Runs the synthesized template's own verification script and dockerd args in a private namespace, as root.
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { resolveConfig, ResolvedConfig } from "../../lib/config/config";
import { DockerSidecar } from "../../lib/template/docker-sidecar";
import { dockerVolumeSubPath } from "../../lib/template/docker-volume";
import { CHECK_CONTAINER } from "../../lib/platform/preflight-job";
import { SIZING_DEFAULTS } from "../../lib/config/sizing-config";
import { VERIFIED_MARKER } from "../../lib/template/prewarm/image-prewarm";
import { Tf, container, podSpec, preflightPod, synthDevpod, synthPlatform } from "../helpers";
import { renderWithTerraform } from "../terraform";

const HERE = __dirname;

/** The image the scenarios import as the smoke build's base (no registry is reachable). */
export const BASE_IMAGE = "local/busybox:1";

/** Where the cgroup hierarchies are mounted. */
const CGROUP_FS = "/sys/fs/cgroup";

/** Every command the scripts use besides docker; with `busybox: true` each is busybox's applet. */
const BUSYBOX_APPLETS = ["sh", "stat", "date", "sleep", "id", "ls", "tail", "head", "tr", "cat", "mktemp", "rm", "cp", "timeout", "paste", "sed"];

/** An editArgs that replaces the template's --storage-driver, to force a broken or a comparison case. */
export const withStorageDriver =
  (driver: string) =>
  (args: string[]): string[] =>
    args.map((a) => (a.startsWith("--storage-driver=") ? `--storage-driver=${driver}` : a));

/** One scenario: what is mounted at the home path, how dockerd runs, and as whom the script runs. */
export interface Scenario {
  /** What the "PVC" is: an ext4 bind mount, an overlay mount, a tmpfs, or nothing (a plain directory). */
  readonly home: "ext4" | "overlay" | "tmpfs" | "emptydir" | "none";
  /** A real dockerd with the template's args (up before the script, or coming up 3 s after it starts), the stub
   * client, or no daemon at all. */
  readonly dockerd: "real" | "late" | "stub" | "off";
  /** Changes the template's dockerd args (only to force a broken case); default: unchanged. */
  readonly editArgs?: (args: string[]) => string[];
  /** gid of the workspace user; default: the template's. */
  readonly gid?: number;
  /** The stub's case (stub mode). */
  readonly stubState?: string;
  /** Stub mode: the socket exists with mode 0000 for 1.5 s, as dockerd's does while it starts. */
  readonly socketLate?: boolean;
  /** Run the Docker metadata scripts after the verification too. */
  readonly withMetadata?: boolean;
  /** More scripts (file paths) to run as the workspace user after the verification, e.g. a benchmark workload. */
  readonly extraScripts?: string[];
  /** Run the scripts with busybox's sh and applets (stat, timeout, date, ...), as in the docker:dind image. */
  readonly busybox?: boolean;
  /** A directory put first on the scripts' PATH (readable by the workspace user): stub commands such as a clock. */
  readonly clientPathFirst?: string;
  /** Start dockerd with the template's args only, bypassing the sidecar's start script (to show what it prevents). */
  readonly withoutStartScript?: boolean;
  /** Memory limit of the cgroup that stands for the sidecar's container, in MiB; default: none. */
  readonly memoryLimitMiB?: number;
  /** Give the pod network namespace an interface with this MTU and a default route through it (as a CNI does). */
  readonly mtu?: number;
  /** The volume root as kubelet's fsGroup leaves it (default), root:root 0777 (no fsGroup, no setgid), or root:root
   * 0755 (a ReadWriteOncePod volume kubelet before 1.32 applies no fsGroup to). */
  readonly homeOwner?: "fsgroup" | "root" | "rwop";
  /** The sidecar container's environment for its start script; default: the template's, rendered by terraform with
   * home_disk_size = {@link DEFAULT_HOME_DISK_GIB}. Entries given here replace the template's. */
  readonly sidecarEnv?: Record<string, string>;
  /** A shell file sourced (as root, in the pod's namespaces) once dockerd is up and the base image imported, before the
   * scripts: stop, crash, restart dockerd and so on. See run-scenario.sh for what it may use. Its output is
   * {@link Outcome.lifecycle}. */
  readonly lifecycle?: string;
  /** dockerVolume separate (the harness built with it): what is mounted at the data root. `ext4`: a filesystem of its own
   * (loop-mounted ext4, the volume's subPath directory bound there, as kubelet mounts the Docker claim); `home`: a
   * directory of the home volume (the home claim mounted twice); `none`: no mount at the data root (a directory of the
   * sidecar's own filesystem, a tmpfs here). Default: the harness leaves the data root's path alone. */
  readonly dockerVolume?: "ext4" | "home" | "none";
  /** Start dockerd through the vendored docker:dind entrypoint (test/dind/vendor: dockerd-entrypoint.sh and dind on
   * PATH), as the image does, instead of dind-start's direct exec. */
  readonly vendoredEntrypoint?: boolean;
  /** Stub and off modes: the line the sidecar's start script would have left in its status file (e.g. `failed: ...`). */
  readonly startStatus?: string;
}

/** The home disk size the scenarios render the sidecar's environment with, in GiB (the parameter's default). */
export const DEFAULT_HOME_DISK_GIB = SIZING_DEFAULTS.homeDiskGiB.default;

/** The vendored docker-library/docker 29 entrypoint scripts. */
export const VENDOR_DIR = path.join(HERE, "vendor");

/** What the kernel counted in the cgroup that stood for the sidecar (cgroup v1 memory controller). */
export interface CgroupCounts {
  /** Times the memory limit was hit (memory.failcnt). */
  readonly memoryFailcnt: number;
  /** Highest memory use in bytes (memory.max_usage_in_bytes). */
  readonly maxUsageBytes: number;
}

/** What a scenario produced. */
export interface Outcome {
  /** Exit status of the verification script. */
  readonly status: number;
  /** Its stdout and stderr, as the Coder dashboard shows them. */
  readonly output: string;
  /** dockerd's log (real mode). */
  readonly dockerdLog: string;
  /** `ss -ltn` in the pod's network namespace (real and late modes; empty in stub and off modes, where no dockerd runs). */
  readonly tcpListeners: string;
  /** Outputs of the metadata scripts, by metadata key. */
  readonly metadata: Record<string, string>;
  /** Seconds the whole scenario took. */
  readonly seconds: number;
  /** Outputs of the extra scripts, in order. */
  readonly extra: string[];
  /** KiB under the data root after the scripts ran (du, as root). */
  readonly dataRootKiB: number;
  /** Whether `<data root>/containerd/daemon` (managed containerd's state) ended up on the volume. */
  readonly containerdOnVolume: boolean;
  /** The cgroup that stood for the sidecar's container, as /proc/<pid>/cgroup names it. */
  readonly sidecarCgroup: string;
  /** Its counters (real mode, cgroup v1 memory controller). */
  readonly cgroupCounts?: CgroupCounts;
  /** Output of the scenario's lifecycle file (stdout and stderr). */
  readonly lifecycle: string;
  /** Exit status of the lifecycle file (its last command's). */
  readonly lifecycleStatus: number;
}

/** What the platform's preflight Job pod did. */
export interface PreflightOutcome {
  /** Exit status of the check container. */
  readonly checkStatus: number;
  /** Its output: what `kubectl logs job/<name> -c check` shows. */
  readonly checkOutput: string;
  /** Exit status of the Docker sidecar container. */
  readonly sidecarStatus: number;
  /** Its output, dockerd's included. */
  readonly sidecarOutput: string;
  /** dockerd processes still running once the sidecar exited. */
  readonly dockerdLeft: number;
  /** What the pod's phase, and with backoffLimit 0 the Job, comes to: Succeeded only when every container exited 0. */
  readonly jobSucceeded: boolean;
}

/** The template, synthesized once, with its scripts rendered by terraform as Coder would. */
export class VerificationHarness {
  readonly config: ResolvedConfig;
  readonly tf: Tf;
  readonly dockerdArgs: string[];
  /** The sidecar's start script, as terraform renders it from the container's `sh -c` command. */
  readonly startScript: string;
  /** The sidecar's preStop hook, as terraform renders it. */
  readonly stopScript: string;
  /** The sidecar container's environment, rendered by terraform with home_disk_size = DEFAULT_HOME_DISK_GIB. */
  readonly sidecarEnv: Record<string, string>;
  private readonly dir: string;
  private scenarios = 0;
  private readonly scripts: Record<string, string>;
  private baseTarFile?: string;
  /** The smoke build's base image as a rootfs tarball (imported as {@link BASE_IMAGE}); made when first asked for (the
   * stub and off modes import nothing: no busybox copy and no tar process for their files). */
  get baseTar(): string {
    return (this.baseTarFile ??= this.buildBaseImage());
  }
  /** The workspace's verification script, as terraform renders it. */
  readonly verifyScript: string;
  /**
   * Where this harness's scripts keep the verification's result: the template's /tmp path is the container's own,
   * but the scenarios share the host's /tmp, so {@link localResult} points the scripts at a file of this harness.
   */
  readonly verifiedMarker: string;

  constructor(private readonly devpod: Record<string, unknown>) {
    this.config = resolveConfig(devpod);
    this.tf = synthDevpod(devpod).tf;
    const sidecar = container(this.tf, DockerSidecar.CONTAINER_NAME);
    this.dockerdArgs = sidecar.args;
    if (sidecar.command[0] !== "sh" || sidecar.command[1] !== "-c") throw new Error(`unexpected sidecar command ${sidecar.command}`);
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), "devpod-dind-"));
    fs.chmodSync(this.dir, 0o755); // the scripts run as the workspace user
    const results = path.join(this.dir, "results");
    fs.mkdirSync(results, { mode: 0o777 });
    fs.chmodSync(results, 0o777);
    this.verifiedMarker = path.join(results, "verified");
    const metadata = this.tf.resource.coder_agent.main.metadata as Tf[];
    // The environment refers to the workspace's parameters, which only Coder knows: render it with the default size.
    const env = (sidecar.env ?? []) as { name: string; value: string }[];
    // The data root's disk: home_disk_size, or docker_disk_size with dockerVolume separate.
    const parameter = /data\.coder_parameter\.(home|docker)_disk_size\.value/g;
    // One terraform run renders the scripts and the environment (each run costs ~0.4 s CPU).
    const rendered = renderWithTerraform(
      {
        verify: this.localResult(this.tf.resource.coder_script.verify_docker_storage.script),
        dind_start: sidecar.command[2],
        dind_stop: sidecar.lifecycle.pre_stop[0].exec.command[2],
        // Terraform output names cannot start with a digit, as metadata keys do.
        ...Object.fromEntries(metadata.filter((m) => m.key.includes("docker")).map((m) => [`metadata_${m.key}`, m.script])),
        ...Object.fromEntries(env.map((e) => [`env_${e.name}`, e.value.replace(parameter, "var.devpod_home_disk_size")])),
      },
      { variable: { ...this.tf.variable, devpod_home_disk_size: { type: "number", default: DEFAULT_HOME_DISK_GIB } } },
      { verify_base_image: BASE_IMAGE },
    );
    this.sidecarEnv = Object.fromEntries(env.map((e) => [e.name, rendered[`env_${e.name}`]]));
    this.scripts = {};
    for (const [name, text] of Object.entries(rendered)) {
      if (name.startsWith("env_")) continue;
      this.scripts[name] = path.join(this.dir, `${name}.sh`);
      fs.writeFileSync(this.scripts[name], text);
    }
    this.startScript = this.scripts.dind_start;
    delete this.scripts.dind_start;
    this.stopScript = this.scripts.dind_stop;
    delete this.scripts.dind_stop;
    this.verifyScript = this.scripts.verify;
    const stubBin = path.join(this.dir, "stub-bin");
    fs.mkdirSync(stubBin);
    fs.copyFileSync(path.join(HERE, "stub-docker.sh"), path.join(stubBin, "docker"));
    fs.chmodSync(path.join(stubBin, "docker"), 0o755);
    const busyboxBin = path.join(this.dir, "busybox-bin");
    fs.mkdirSync(busyboxBin);
    for (const applet of BUSYBOX_APPLETS) fs.symlinkSync("/bin/busybox", path.join(busyboxBin, applet));
  }

  /** Runs one scenario in `unshare --mount --net --pid` and returns what the user would see. */
  run(scenario: Scenario): Outcome {
    const started = this.startScenario(scenario);
    const run = spawnSync(started.command, started.args, { env: started.env, encoding: "utf8", timeout: 240_000 });
    return this.finishScenario(started, run);
  }

  /** {@link run}, without blocking: scenarios that mostly wait (stop timeouts, lock waits) can overlap. */
  runAsync(scenario: Scenario): Promise<Outcome> {
    return new Promise((resolve, reject) => {
      const started = this.startScenario(scenario);
      const proc = spawn(started.command, started.args, { env: started.env });
      let stdout = "";
      let stderr = "";
      proc.stdout.on("data", (d) => (stdout += d));
      proc.stderr.on("data", (d) => (stderr += d));
      const timer = setTimeout(() => proc.kill("SIGKILL"), 240_000);
      proc.on("close", (status) => {
        clearTimeout(timer);
        try {
          resolve(this.finishScenario(started, { status, stdout, stderr }));
        } catch (err) {
          reject(err);
        }
      });
    });
  }

  /** Prepares a scenario's files and cgroup; returns the command that runs it and what finishScenario needs. */
  /** `script` with the verification's result file moved from the host's /tmp to {@link verifiedMarker}. */
  localResult(script: string): string {
    return script.split(`DEVPOD_VERIFIED_MARKER='${VERIFIED_MARKER}'`).join(`DEVPOD_VERIFIED_MARKER='${this.verifiedMarker}'`);
  }

  private startScenario(scenario: Scenario) {
    const work = fs.mkdtempSync(path.join(this.dir, "scenario-"));
    // run-scenario.sh sources it: a missing file would end the scenario without a word.
    if (scenario.lifecycle && !fs.existsSync(scenario.lifecycle)) throw new Error(`no lifecycle file ${scenario.lifecycle}`);
    const argsFile = path.join(work, "dockerd-args");
    const args = scenario.editArgs ? scenario.editArgs(this.dockerdArgs) : this.dockerdArgs;
    fs.writeFileSync(argsFile, args.join("\n") + "\n");
    const metadataKeys = scenario.withMetadata ? Object.keys(this.scripts).filter((k) => k !== "verify") : [];
    const scriptsFile = path.join(work, "scripts");
    const extra = scenario.extraScripts ?? [];
    const scripts = [this.scripts.verify, ...metadataKeys.map((k) => this.scripts[k]), ...extra];
    fs.writeFileSync(scriptsFile, scripts.join("\n") + "\n");
    // Debian's client has BuildKit built in; the stub stands first on PATH in stub mode.
    const clientPath = ["/usr/bin", "/bin", "/usr/sbin", "/sbin"];
    if (scenario.busybox) clientPath.unshift(path.join(this.dir, "busybox-bin"));
    if (scenario.dockerd === "stub") clientPath.unshift(path.join(this.dir, "stub-bin"));
    if (scenario.clientPathFirst) clientPath.unshift(scenario.clientPathFirst);

    // A fresh cgroup stands for the sidecar container's own, as kubelet gives every container one.
    const cgroup = this.nextCgroup();
    const procsFiles = scenario.dockerd === "real" || scenario.dockerd === "late" ? createTestCgroup(cgroup, scenario.memoryLimitMiB) : [];

    return {
      scenario,
      work,
      cgroup,
      procsFiles,
      metadataKeys,
      extra,
      begin: Date.now(),
      hostTmpSentinel: hostTmpSentinel(work),
      command: "unshare",
      args: ["--mount", "--net", "--pid", "--fork", "--mount-proc", "sh", path.join(HERE, "run-scenario.sh")],
      env: {
        ...this.sidecarEnv,
        ...scenario.sidecarEnv,
        PATH: scenario.vendoredEntrypoint ? `${VENDOR_DIR}:${process.env.PATH}` : process.env.PATH,
        WORK: work,
        HOME_PATH: this.config.homePath,
        HOME_KIND: scenario.home,
        DOCKERD: scenario.dockerd,
        DOCKERD_ARGS: argsFile,
        SOCKET_PATH: this.config.dockerSocketPath,
        BASE_TAR: scenario.dockerd === "real" || scenario.dockerd === "late" ? this.baseTar : "",
        BASE_IMAGE,
        RUN_UID: String(this.config.workspaceUid),
        RUN_GID: String(scenario.gid ?? this.config.workspaceGid),
        SCRIPTS: scriptsFile,
        CLIENT_PATH: clientPath.join(":"),
        STUB_STATE: scenario.stubState ?? "",
        SOCKET_LATE: scenario.socketLate ? "1" : "",
        STUB_ROOT: this.config.dockerDataRoot,
        DATA_ROOT: this.config.dockerDataRoot,
        START_SCRIPT: scenario.withoutStartScript ? "" : this.startScript,
        TEST_CGROUP_PROCS: procsFiles.join(" "),
        TEST_CGROUP: procsFiles.length ? cgroup : "",
        MTU: scenario.mtu ? String(scenario.mtu) : "",
        HOME_OWNER: scenario.homeOwner ?? "fsgroup",
        LIFECYCLE: scenario.lifecycle ?? "",
        STOP_SCRIPT: this.stopScript,
        GRACE_SECONDS: String(podSpec(this.tf).termination_grace_period_seconds),
        VENDORED_DIND: scenario.vendoredEntrypoint ? VENDOR_DIR : "",
        DOCKER_VOLUME: scenario.dockerVolume ?? "",
        DOCKER_SUBPATH: dockerVolumeSubPath(this.config),
        START_STATUS_TEXT: scenario.startStatus ?? "",
        ROOTLESS: this.config.isolation === "rootless" ? "1" : "",
        START_STATUS_FILE: this.config.dockerStartStatusPath,
      } as NodeJS.ProcessEnv,
    };
  }

  /** Reads what a scenario left in its work directory and removes it and its cgroup. */
  private finishScenario(
    started: ReturnType<VerificationHarness["startScenario"]>,
    run: { status: number | null; stdout: string; stderr: string },
  ): Outcome {
    const { work, cgroup, procsFiles, metadataKeys, extra } = started;
    const seconds = (Date.now() - started.begin) / 1000;
    // A file at the top of the host's /tmp is not bound into the scenario's private /tmp: if it is gone, the scenario
    // reached the host's /tmp and emptied it (as a clean-up of /run once did through a bind mount of it).
    const intact = fs.existsSync(started.hostTmpSentinel);
    fs.rmSync(started.hostTmpSentinel, { force: true });
    if (!intact) throw new Error(`the scenario removed files of the host's /tmp (${started.hostTmpSentinel} is gone)`);
    const cgroupCounts = procsFiles.length ? readCgroupCounts(cgroup) : undefined;
    removeTestCgroup(cgroup);
    if (run.status !== 0) throw new Error(`harness failed (${run.status}): ${run.stdout}\n${run.stderr}`);
    const read = (file: string) => (fs.existsSync(path.join(work, file)) ? fs.readFileSync(path.join(work, file), "utf8") : "");
    const outcome: Outcome = {
      status: Number(read("script-0.status")),
      output: read("script-0.log"),
      dockerdLog: read("dockerd.log"),
      tcpListeners: read("tcp-listeners"),
      metadata: Object.fromEntries(
        metadataKeys.map((k, i) => [k.replace(/^metadata_/, ""), read(`script-${i + 1}.log`).trim()]),
      ),
      extra: extra.map((_, i) => read(`script-${1 + metadataKeys.length + i}.log`)),
      dataRootKiB: Number(read("data-root-kib").split(/\s/)[0] || 0),
      seconds,
      containerdOnVolume: fs.existsSync(
        path.join(work, "volume", path.relative(this.config.homePath, this.config.dockerDataRoot), "containerd", "daemon"),
      ),
      sidecarCgroup: cgroup,
      cgroupCounts,
      lifecycle: read("lifecycle.log"),
      lifecycleStatus: Number(read("lifecycle.status") || 0),
    };
    fs.rmSync(work, { recursive: true, force: true });
    return outcome;
  }

  /**
   * Runs the platform stack's preflight Job pod: its two containers' command + args, rendered by terraform, the
   * sidecar as root and the check as the workspace user, in the same namespaces and on the same kind of "PVC" as
   * {@link run}. The sidecar's image entrypoint is a stand-in that execs `dockerd` (test/dind/dockerd-entrypoint.sh).
   */
  runPreflight(home: Scenario["home"], dockerVolume?: Scenario["dockerVolume"]): PreflightOutcome {
    const argv = this.preflightArgv();
    const work = fs.mkdtempSync(path.join(this.dir, "preflight-"));
    const write = (name: string, args: string[]) => {
      const dir = path.join(work, name);
      fs.mkdirSync(dir);
      args.forEach((arg, i) => fs.writeFileSync(path.join(dir, String(i)), arg));
      return dir;
    };
    // A fresh cgroup stands for the sidecar container's own, as in run(): the sidecar's start script works below it.
    const cgroup = this.nextCgroup();
    const procsFiles = createTestCgroup(cgroup);
    const run = spawnSync("unshare", ["--mount", "--net", "--pid", "--fork", "--mount-proc", "sh", path.join(HERE, "run-scenario.sh")], {
      encoding: "utf8",
      env: {
        PATH: process.env.PATH,
        WORK: work,
        HOME_PATH: this.config.homePath,
        HOME_KIND: home,
        DOCKERD: "preflight",
        TEST_CGROUP_PROCS: procsFiles.join(" "),
        TEST_CGROUP: cgroup,
        SOCKET_PATH: this.config.dockerSocketPath,
        BASE_TAR: this.baseTar,
        BASE_IMAGE,
        RUN_UID: String(this.config.workspaceUid),
        RUN_GID: String(this.config.workspaceGid),
        SCRIPTS: "/dev/null",
        CLIENT_PATH: "/usr/bin:/bin:/usr/sbin:/sbin",
        SIDECAR_ARGV: write("sidecar-argv", argv.sidecar),
        SIDECAR_PATH: path.join(this.dir, "entrypoint-bin"),
        CHECK_ARGV: write("check-argv", argv.check),
        CHECK_HOME: argv.checkHome,
        // dockerVolume separate: the Job's second volume at the data root, mounted as in run().
        DOCKER_VOLUME: dockerVolume ?? "",
        DOCKER_SUBPATH: dockerVolumeSubPath(this.config),
        DATA_ROOT: this.config.dockerDataRoot,
        // The sidecar container's environment, as the Job sets it.
        ...argv.sidecarEnv,
      },
      timeout: 240_000,
    });
    removeTestCgroup(cgroup);
    if (run.status !== 0) throw new Error(`harness failed (${run.status}): ${run.stdout}\n${run.stderr}`);
    const read = (file: string) => (fs.existsSync(path.join(work, file)) ? fs.readFileSync(path.join(work, file), "utf8") : "");
    const checkStatus = Number(read("script-0.status"));
    const sidecarStatus = Number(read("sidecar.status"));
    const outcome: PreflightOutcome = {
      checkStatus,
      checkOutput: read("script-0.log"),
      sidecarStatus,
      sidecarOutput: read("sidecar.log"),
      dockerdLeft: Number(read("dockerd-left").trim() || 0),
      jobSucceeded: checkStatus === 0 && sidecarStatus === 0,
    };
    fs.rmSync(work, { recursive: true, force: true });
    return outcome;
  }

  private preflight?: { sidecar: string[]; check: string[]; checkHome: string; sidecarEnv: Record<string, string> };

  /** The preflight pod's argv, from the platform stack synthesized with the same config, rendered by terraform. */
  private preflightArgv(): { sidecar: string[]; check: string[]; checkHome: string; sidecarEnv: Record<string, string> } {
    if (this.preflight) return this.preflight;
    // The base image the scenarios import, as the template's scenarios pass it for verify_base_image.
    const tf = synthPlatform({ ...this.devpod, verifyBaseImage: BASE_IMAGE }).tf;
    const pod = preflightPod(tf);
    const sidecar = pod.spec.container[0];
    const check = pod.container(CHECK_CONTAINER);
    const argvs = { sidecar: [...sidecar.command, ...(sidecar.args ?? [])], check: [...check.command, ...(check.args ?? [])] };
    // Only strings with `${` or `%{` change when terraform renders them.
    const escaped: Record<string, string> = {};
    for (const [name, args] of Object.entries(argvs)) {
      args.forEach((arg: string, i: number) => {
        if (/[$%]\{/.test(arg)) escaped[`${name}_${i}`] = arg;
      });
    }
    const rendered = renderWithTerraform(escaped, tf);
    const render = (name: string, args: string[]) => args.map((arg, i) => rendered[`${name}_${i}`] ?? arg);
    const entrypointBin = path.join(this.dir, "entrypoint-bin");
    fs.mkdirSync(entrypointBin);
    fs.copyFileSync(path.join(HERE, "dockerd-entrypoint.sh"), path.join(entrypointBin, "dockerd-entrypoint.sh"));
    fs.chmodSync(path.join(entrypointBin, "dockerd-entrypoint.sh"), 0o755);
    this.preflight = {
      sidecar: render("sidecar", argvs.sidecar),
      check: render("check", argvs.check),
      checkHome: check.env.find((e: Tf) => e.name === "HOME").value,
      // Plain values (the preflight's volume size is a number, not a parameter): no rendering needed.
      sidecarEnv: Object.fromEntries((sidecar.env ?? []).map((e: Tf) => [e.name, e.value])),
    };
    return this.preflight;
  }

  /** A fresh cgroup name for one scenario, unique to this process. */
  private nextCgroup(): string {
    return `/devpod-test-${process.pid}-${++this.scenarios}`;
  }

  /** Removes everything the harness wrote. */
  cleanUp(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /** A rootfs tarball holding the static busybox and a few applet links: enough for RUN steps. */
  private buildBaseImage(): string {
    const rootfs = path.join(this.dir, "rootfs");
    fs.mkdirSync(path.join(rootfs, "bin"), { recursive: true });
    fs.mkdirSync(path.join(rootfs, "tmp"));
    fs.copyFileSync("/bin/busybox", path.join(rootfs, "bin", "busybox"));
    fs.chmodSync(path.join(rootfs, "bin", "busybox"), 0o755);
    for (const applet of ["sh", "echo", "cat", "touch", "ls", "true", "mkdir", "rm", "dd", "head", "awk"]) {
      fs.symlinkSync("busybox", path.join(rootfs, "bin", applet));
    }
    const tar = path.join(this.dir, "rootfs.tar");
    const made = spawnSync("tar", ["-C", rootfs, "-cf", tar, "."]);
    if (made.status !== 0) throw new Error(`tar failed: ${made.stderr}`);
    return tar;
  }
}

/** The hierarchies a test cgroup is created in: cgroup v2, or every v1 hierarchy plus the hybrid v2 hierarchy, as a
 * container runtime creates the container's cgroup in each. */
function cgroupHierarchies(): string[] {
  if (fs.existsSync(path.join(CGROUP_FS, "cgroup.controllers"))) return [CGROUP_FS];
  return fs
    .readdirSync(CGROUP_FS)
    .filter((name) => fs.existsSync(path.join(CGROUP_FS, name, "cgroup.procs")))
    .map((name) => path.join(CGROUP_FS, name));
}

/** Creates `cgroup` in every hierarchy, with the memory limit if given; returns the cgroup.procs files to join. */
function createTestCgroup(cgroup: string, memoryLimitMiB?: number): string[] {
  const files: string[] = [];
  for (const hierarchy of cgroupHierarchies()) {
    const dir = path.join(hierarchy, cgroup);
    fs.mkdirSync(dir);
    // A v1 cpuset cgroup takes no process until it has cpus and mems: the parent's, as runc copies them.
    for (const file of ["cpuset.cpus", "cpuset.mems"]) {
      if (fs.existsSync(path.join(dir, file))) fs.writeFileSync(path.join(dir, file), fs.readFileSync(path.join(hierarchy, file)));
    }
    files.push(path.join(dir, "cgroup.procs"));
    if (memoryLimitMiB === undefined) continue;
    const bytes = String(memoryLimitMiB * 1024 * 1024);
    for (const limit of ["memory.limit_in_bytes", "memory.max"]) {
      if (fs.existsSync(path.join(dir, limit))) fs.writeFileSync(path.join(dir, limit), bytes);
    }
  }
  return files;
}

function readCgroupCounts(cgroup: string): CgroupCounts | undefined {
  const dir = path.join(CGROUP_FS, "memory", cgroup);
  if (!fs.existsSync(path.join(dir, "memory.failcnt"))) return undefined;
  const read = (file: string) => fs.readFileSync(path.join(dir, file), "utf8");
  return {
    memoryFailcnt: Number(read("memory.failcnt").trim()),
    maxUsageBytes: Number(read("memory.max_usage_in_bytes").trim()),
  };
}

/** Removes `cgroup` and everything below it (the start script's and runc's children) from every hierarchy, including
 * those runc created it in. The namespace's processes are gone, but the kernel may take a moment to release them. */
function removeTestCgroup(cgroup: string): void {
  const hierarchies = fs.existsSync(path.join(CGROUP_FS, "cgroup.controllers"))
    ? [CGROUP_FS]
    : fs.readdirSync(CGROUP_FS).map((name) => path.join(CGROUP_FS, name));
  const below = (dir: string): string[] =>
    fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .flatMap((e) => [...below(path.join(dir, e.name)), path.join(dir, e.name)]);
  for (const hierarchy of hierarchies) {
    const top = path.join(hierarchy, cgroup);
    if (!fs.existsSync(top)) continue;
    for (const dir of [...below(top), top]) {
      for (let attempt = 0; ; attempt++) {
        try {
          fs.rmdirSync(dir);
          break;
        } catch (err) {
          if (attempt >= 50) throw new Error(`cannot remove test cgroup ${dir}: ${err}`);
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
        }
      }
    }
  }
}

/** A file at the top of the host's /tmp, made before a scenario starts and checked when it ends. */
function hostTmpSentinel(work: string): string {
  const file = path.join(os.tmpdir(), `devpod-sentinel-${process.pid}-${path.basename(path.dirname(work))}-${path.basename(work)}`);
  fs.writeFileSync(file, "");
  return file;
}
