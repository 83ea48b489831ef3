// The template's own verification script and dockerd args, against a real dockerd (Debian's docker.io), one private
// mount + network + pid namespace per scenario. Healthy passes; every broken storage layer fails naming its cause.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { requireOrSkip, realDockerUnavailable } from "../dind/environment";
import { Outcome, VerificationHarness, withStorageDriver } from "../dind/harness";
import { terraformUnavailable } from "../terraform";

const WAIT = 8; // dockerReadyTimeoutSeconds for these scenarios: the daemon-down case waits this long
const skip = requireOrSkip("real-dockerd", realDockerUnavailable() ?? terraformUnavailable());
const describeReal = skip ? describe.skip : describe;

describeReal("verify-docker-storage against a real dockerd", () => {
  let harness: VerificationHarness;
  // The scenarios that mostly wait (for a daemon that is down, comes up late, or for a socket mode) start at once and
  // run beside the others; their tests await them.
  let waiting: Record<"off" | "late" | "foreignGroup", Promise<Outcome>>;
  // The daemon-down case runs on a stub clock: `sleep` counts instead of sleeping and `date +%s` answers from that
  // count, so the wait is measured in the script's own seconds, whatever the machine's load (the whole scenario's wall
  // time also counts mkfs, namespaces and cgroups).
  const clock = fs.mkdtempSync(path.join(os.tmpdir(), "devpod-clock-"));
  const ticks = path.join(clock, "ticks");
  beforeAll(() => {
    fs.chmodSync(clock, 0o755);
    fs.writeFileSync(ticks, "", { mode: 0o666 });
    fs.chmodSync(ticks, 0o666);
    fs.writeFileSync(path.join(clock, "sleep"), `#!/bin/sh\necho "$*" >>'${ticks}'\n`, { mode: 0o755 });
    fs.writeFileSync(
      path.join(clock, "date"),
      `#!/bin/sh\nif [ "$*" = +%s ]; then echo $((1000000 + $(wc -l <'${ticks}'))); else exec /bin/date "$@"; fi\n`,
      { mode: 0o755 },
    );
    harness = new VerificationHarness({ dockerReadyTimeoutSeconds: WAIT });
    waiting = {
      off: harness.runAsync({ home: "ext4", dockerd: "off", clientPathFirst: clock }),
      late: harness.runAsync({ home: "ext4", dockerd: "late" }),
      foreignGroup: harness.runAsync({ home: "ext4", dockerd: "real", gid: 2000 }),
    };
  });
  afterAll(async () => {
    await Promise.allSettled(Object.values(waiting ?? {}));
    harness?.cleanUp();
    fs.rmSync(clock, { recursive: true, force: true });
  });

  test("healthy: ext4 volume, template args: passes with root dir, driver, backing filesystem and build time", () => {
    const outcome = harness.run({ home: "ext4", dockerd: "real", withMetadata: true });
    expect(outcome.output).toMatch(
      /^devpod: OK: docker storage verified: root dir \/home\/coder\/\.docker-data, driver overlay2, backing filesystem extfs, smoke build \d+\.\ds, containers within the sidecar's cgroup$/m,
    );
    // runc's cgroup v1 layout (this machine is v1): dockerd's default parent /docker is inside the sidecar's cgroup.
    expect(outcome.output).toContain(`devpod: containers run below the sidecar's cgroup: ${outcome.sidecarCgroup}/docker/`);
    // dockerd started through the sidecar's start script, which named what it found.
    expect(outcome.dockerdLog).toContain(`devpod-dind: cgroup v1: this container's own cgroup (${outcome.sidecarCgroup}) is mounted at /sys/fs/cgroup (runc's layout)`);
    expect(outcome.output).toContain("devpod: smoke build with BuildKit:");
    expect(outcome.output).toContain("devpod: dockerd sees /home/coder at the same path");
    expect(outcome.status).toBe(0);
    // dockerd's managed containerd keeps its state under the data root, i.e. on the volume too.
    expect(outcome.containerdOnVolume).toBe(true);
    // Started as `dockerd --host=unix://...`: nothing listens on TCP in the pod's network namespace.
    expect(outcome.tcpListeners).toBe("");
    expect(outcome.metadata["3_docker_storage"]).toBe("overlay2 on extfs");
    expect(outcome.metadata["4_docker_disk"]).toMatch(/^Images \S+, Containers \S+, Local Volumes \S+, Build Cache \S+ of 16\.1GB \(GC bound\)$/);
  });

  test("healthy under busybox sh and applets (the dind image's userland): passes the same way", () => {
    const outcome = harness.run({ home: "ext4", dockerd: "real", busybox: true });
    expect(outcome.output).toMatch(/^devpod: OK: docker storage verified: .* driver overlay2, backing filesystem extfs/m);
    expect(outcome.status).toBe(0);
  });

  test("the incident under busybox: overlay is still recognised (busybox stat %T would say UNKNOWN)", () => {
    const outcome = harness.run({ home: "overlay", dockerd: "real", busybox: true });
    expect(outcome.status).toBe(1);
    expect(outcome.output).toContain("(magic 794c7630): nested overlay");
  });

  test("the incident: home on an overlay mount fails, naming nested overlay, and dockerd refuses overlay2", () => {
    const outcome = harness.run({ home: "overlay", dockerd: "real" });
    expect(outcome.status).toBe(1);
    // dockerd may have created the data root before it exited; the script probes it or its nearest ancestor.
    expect(outcome.output).toMatch(
      /error: data root filesystem failed: \/home\/coder(\/\.docker-data)? is on overlayfs \(magic 794c7630\): nested overlay/,
    );
    expect(outcome.output).toContain("fix: mount a block PVC (Longhorn, ext4) at /home/coder");
    // With --storage-driver=overlay2 pinned, the bad mount is loud at daemon start instead of a silent vfs fallback.
    expect(outcome.dockerdLog).toMatch(/driver not supported/);
  });

  test("driver forced to vfs: fails, naming vfs and the nested-overlay fallback", () => {
    const outcome = harness.run({
      home: "ext4",
      dockerd: "real",
      editArgs: withStorageDriver("vfs"),
    });
    expect(outcome.status).toBe(1);
    expect(outcome.output).toContain("error: storage driver failed: dockerd runs the vfs driver on /home/coder/.docker-data");
    expect(outcome.output).toContain("nested overlay");
  });

  test("home on tmpfs: fails as not persistent", () => {
    const outcome = harness.run({ home: "tmpfs", dockerd: "real" });
    expect(outcome.status).toBe(1);
    expect(outcome.output).toMatch(
      /error: data root filesystem failed: \/home\/coder(\/\.docker-data)? is on tmpfs \(magic 1021994\): not persistent/,
    );
  });

  test("home not a mounted volume: fails before anything else", () => {
    const outcome = harness.run({ home: "none", dockerd: "real" });
    expect(outcome.status).toBe(1);
    expect(outcome.output).toContain(
      "error: home volume failed: /home/coder is not a mount point; it is part of the container's root filesystem",
    );
    expect(outcome.output).not.toContain("devpod: data root");
  });

  test("dockerd coming up while the script waits (containers start together): waits, then passes", async () => {
    const outcome = await waiting.late;
    // Progress while waiting. The script's clock counts whole seconds from its own start: on a loaded machine its first
    // line can already say 1s.
    expect(outcome.output).toMatch(/^devpod: waiting for dockerd on unix:\/\/\/run\/dind\/docker\.sock \([0-7]s of 8s\): /m);
    expect(outcome.output).toMatch(/^devpod: OK: docker storage verified: /m);
    expect(outcome.status).toBe(0);
  });

  test("dockerd not running: fails once its own clock says the bounded wait is over, with progress while waiting", async () => {
    const outcome = await waiting.off;
    expect(outcome.status).toBe(1);
    // Progress while waiting. The script's clock counts whole seconds from its own start: on a loaded machine its first
    // line can already say 1s.
    expect(outcome.output).toMatch(/^devpod: waiting for dockerd on unix:\/\/\/run\/dind\/docker\.sock \([0-7]s of 8s\): /m);
    expect(outcome.output).toContain(`error: dockerd failed: no answer on unix:///run/dind/docker.sock after ${WAIT}s`);
    expect(outcome.output).toContain("kubectl logs <workspace pod> -c docker");
    // It slept one second at a time until WAIT seconds had passed on its clock, and not once more: the bound holds
    // whatever the load (a wall-clock limit on the whole scenario raced with mkfs and namespace setup).
    expect(fs.readFileSync(ticks, "utf8")).toBe("1\n".repeat(WAIT));
  });

  test("socket without group access for the user: fails as a permission problem, not as daemon down", async () => {
    const outcome = await waiting.foreignGroup;
    expect(outcome.status).toBe(1);
    expect(outcome.output).toMatch(
      /error: docker socket access failed: \/run\/dind\/docker\.sock is not readable and writable for uid 1000 \(groups 2000\): srw-rw---- +1 0 1000 /,
    );
    expect(outcome.output).toContain("cause: the socket's group is not one of the workspace user's groups");
    // It gives dockerd a moment to set the socket's mode (~3 s), not the whole wait.
    expect(outcome.output).not.toContain("dockerd failed");
  });

  test("runc's cgroup v1 layout: containers and BuildKit steps run inside the sidecar's cgroup, one that outgrows its memory limit is OOM-killed there, and the log says they are bounded", () => {
    const limitMiB = 512;
    const outcome = harness.run({
      home: "ext4",
      dockerd: "real",
      memoryLimitMiB: limitMiB,
      extraScripts: [path.join(__dirname, "..", "dind", "cgroup-probe.sh")],
    });
    expect(outcome.status).toBe(0);
    const probe = Object.fromEntries(outcome.extra[0].trim().split("\n").map((l) => [l.split("=")[0], l.slice(l.indexOf("=") + 1)]));
    const cg = outcome.sidecarCgroup;
    // /proc/<pid>/cgroup names host-rooted paths: dockerd's /docker and /docker/buildkit were made inside the bind mount.
    expect(probe.container).toMatch(new RegExp(`\\d+:memory:${cg}/docker/[0-9a-f]{64} `));
    expect(probe.build_step).toMatch(new RegExp(`\\d+:memory:${cg}/docker/buildkit/\\w+ `));
    expect(probe.dockerd).toMatch(new RegExp(`\\d+:memory:${cg} `));
    // Killed by the kernel inside the sidecar's cgroup (SIGKILL: 128 + 9), not by exhausting the host.
    expect(probe.hog_status).toBe("137");
    expect(outcome.cgroupCounts!.memoryFailcnt).toBeGreaterThanOrEqual(1); // the limit that stopped it is this cgroup's
    expect(outcome.cgroupCounts!.maxUsageBytes).toBeLessThan((limitMiB + 1) * 2 ** 20); // the limit, give or take a page
    expect(outcome.dockerdLog).toContain(
      `devpod-dind: cgroup v1: this container's own cgroup (${cg}) is mounted at /sys/fs/cgroup (runc's layout): dockerd's containers (/docker) and build steps (/docker/buildkit) are created inside it, bounded by its limits (memory limit ${limitMiB} MiB); no --cgroup-parent needed`,
    );
    expect(outcome.dockerdLog).not.toContain("not bounded");
  });

  test("runc's cgroup v1 layout without the sidecar's start script: /docker is inside the sidecar's cgroup already, and the check passes", () => {
    const outcome = harness.run({ home: "ext4", dockerd: "real", withoutStartScript: true });
    expect(outcome.output).toContain(`devpod: containers run below the sidecar's cgroup: ${outcome.sidecarCgroup}/docker/`);
    expect(outcome.status).toBe(0);
  });

  test("the pod network's MTU (1450) reaches the default bridge; on dockerd 20.10 user networks keep 1500, and the log says so", () => {
    const outcome = harness.run({ home: "ext4", dockerd: "real", mtu: 1450, extraScripts: [path.join(__dirname, "..", "dind", "mtu-probe.sh")] });
    expect(outcome.status).toBe(0);
    expect(outcome.extra[0]).toContain("bridge_option=1450\n");
    expect(outcome.extra[0]).toContain("bridge_eth0=1450\n");
    // --default-network-opt exists from Docker 24 on (covered with a stub dockerd in dind-start.test.ts).
    expect(outcome.extra[0]).toContain("user_network_eth0=1500\n");
    expect(outcome.dockerdLog).toContain(
      "devpod-dind: mtu: 1450 from eth0 for the default bridge only: dockerd 20.10.24+dfsg1 has no --default-network-opt (Docker 24+), so user-defined networks keep 1500",
    );
  });

  test("a volume root kubelet would re-own at every mount (not group 1000 + setgid), left so by a sidecar without its command, gets a warning, not a failure", () => {
    const outcome = harness.run({ home: "ext4", dockerd: "real", homeOwner: "root", withoutStartScript: true });
    expect(outcome.output).toContain(
      "devpod: warning: /home/coder is group 0 with mode 777, not group 1000 with setgid and rwx for the group (2770): the next start re-owns every file",
    );
    expect(outcome.output).toContain("fix: chgrp 1000 /home/coder && chmod 2770 /home/coder");
    expect(outcome.status).toBe(0);
    // The fsGroup layout (2775, group 1000) passes without it.
    expect(harness.run({ home: "ext4", dockerd: "stub", stubState: "snapshotter" }).output).not.toContain("warning:");
  });

  test("a ReadWriteOncePod home kubelet left root:root 0755: the sidecar gives it group 1000 + setgid before dockerd starts, uid 1000 writes it, and the verification passes", () => {
    const outcome = harness.run({ home: "ext4", dockerd: "real", homeOwner: "rwop", extraScripts: [path.join(__dirname, "..", "dind", "home-write-probe.sh")] });
    expect(outcome.dockerdLog).toContain(
      "devpod-home: /home/coder was group 0 mode 755 (no fsGroup applied: kubelet before 1.32 skips ReadWriteOncePod volumes); now group 1000, mode 2775 (setgid, group rwx)",
    );
    // Before dockerd: the sidecar's line comes before dockerd's first.
    expect(outcome.dockerdLog.indexOf("devpod-home:")).toBeLessThan(outcome.dockerdLog.indexOf("devpod-dind:"));
    expect(outcome.extra[0]).toContain("write_status=0\n");
    expect(outcome.extra[0]).toContain("home=0:1000 2775\n");
    expect(outcome.extra[0]).toContain("file=1000:1000\n");
    expect(outcome.output).not.toContain("warning:");
    expect(outcome.output).toMatch(/^devpod: OK: docker storage verified: /m);
    expect(outcome.status).toBe(0);
  });

  test("home on an emptyDir: fails, because an emptyDir dies with the pod", () => {
    const outcome = harness.run({ home: "emptydir", dockerd: "real" });
    expect(outcome.status).toBe(1);
    expect(outcome.output).toMatch(/error: home volume failed: \/home\/coder is an emptyDir \(.*kubernetes\.io~empty-dir\/home\)/);
  });
});
