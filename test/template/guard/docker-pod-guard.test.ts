// The synth-time guard over every pod of every stack: bad dockerd containers in Deployments, Jobs and Pods stop synth
// with a message naming stack, resource, container and fix; the template itself passes.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Aspects, TerraformStack, Testing } from "cdktf";
import { DeploymentV1, DeploymentV1SpecTemplateSpecContainer, DeploymentV1SpecTemplateSpecVolume } from "@cdktf/provider-kubernetes/lib/deployment-v1";
import { CronJobV1 } from "@cdktf/provider-kubernetes/lib/cron-job-v1";
import { JobV1 } from "@cdktf/provider-kubernetes/lib/job-v1";
import { PodV1 } from "@cdktf/provider-kubernetes/lib/pod-v1";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { DevpodGuardError } from "../../../lib/config/errors";
import { DockerPodGuard, guardDockerPods } from "../../../lib/template/guard/docker-pod-guard";
import { PlatformStack } from "../../../lib/platform/platform-stack";
import { TEST_COMMIT, buildDevpod } from "../../helpers";

const GOOD_ARGS = ["dockerd", "--host=unix:///run/dind/docker.sock", "--data-root=/home/coder/.docker-data", "--storage-driver=overlay2"];
const pvc = { name: "home", persistentVolumeClaim: { claimName: "home" } };
const socket = { name: "sock", emptyDir: {} };
const homeMount = { name: "home", mountPath: "/home/coder" };

function dockerd(overrides: Partial<DeploymentV1SpecTemplateSpecContainer> = {}): DeploymentV1SpecTemplateSpecContainer {
  return { name: "docker", image: "docker:29.7.2-dind", args: GOOD_ARGS, volumeMount: [homeMount, { name: "sock", mountPath: "/run/dind" }], ...overrides };
}

/** A stack named `id` with one Deployment whose pod holds `containers`. */
function deploymentStack(id: string, containers: DeploymentV1SpecTemplateSpecContainer[], volumes: DeploymentV1SpecTemplateSpecVolume[] = [pvc, socket]) {
  const app = Testing.app({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), "devpod-guard-")) });
  const stack = new TerraformStack(app, id);
  new KubernetesProvider(stack, "k8s", {});
  new DeploymentV1(stack, "ws", {
    metadata: { name: "ws" },
    spec: { selector: { matchLabels: { a: "b" } }, template: { metadata: { labels: { a: "b" } }, spec: { container: containers, volume: volumes } } },
  });
  return { app, stack };
}

/** The guard's error for `app`, or undefined when it passes. */
function guardError(app: ReturnType<typeof Testing.app>): string | undefined {
  try {
    guardDockerPods(app);
    return undefined;
  } catch (err) {
    expect(err).toBeInstanceOf(DevpodGuardError);
    return (err as Error).message;
  }
}

afterAll(() => {
  for (const d of fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith("devpod-guard-"))) fs.rmSync(path.join(os.tmpdir(), d), { recursive: true, force: true });
});

test("the template passes, and the guard is registered on its stack so that every later synth runs it again", () => {
  const { app, stack } = buildDevpod();
  expect(guardError(app)).toBeUndefined();
  expect(Aspects.of(stack).all.some((a) => a instanceof DockerPodGuard)).toBe(true);
});

test("a generic ephemeral volume counts as a PVC (Kubernetes creates one from its template), and the platform stack passes", () => {
  const ephemeral = { name: "home", ephemeral: { volumeClaimTemplate: { spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "2Gi" } } } } } };
  expect(guardError(deploymentStack("platform", [dockerd()], [ephemeral, socket]).app)).toBeUndefined();
  // The preflight Job's sidecar runs on such a volume.
  const { app } = buildDevpod();
  PlatformStack.fromContext(app, { gitCommit: TEST_COMMIT });
  expect(guardError(app)).toBeUndefined();
});

test("a Deployment whose dockerd keeps its data root on an emptyDir fails, naming stack, resource, container and fix", () => {
  const { app } = deploymentStack("platform", [dockerd({ args: [...GOOD_ARGS.slice(0, 2), "--data-root=/run/dind/data", "--storage-driver=overlay2"] })]);
  expect(guardError(app)).toBe(
    "devpod guard: stack 'platform', resource kubernetes_deployment_v1.ws (platform/ws), container 'docker' runs dockerd unsafely:\n" +
      "  - --data-root=/run/dind/data is not on a PersistentVolumeClaim mounted in this container (its mounts: /home/coder (PVC), /run/dind (not a PVC)); fix: use --data-root=/home/coder/.docker-data",
  );
});

test("a data root that only shares the mount's string prefix (/home/coder-cache beside /home/coder) is not on the PVC", () => {
  const args = (root: string) => ["dockerd", "--host=unix:///run/dind/docker.sock", `--data-root=${root}`, "--storage-driver=overlay2"];
  const cache = { name: "cache", emptyDir: {} };
  const mounts = [homeMount, { name: "cache", mountPath: "/home/coder-cache" }];
  const message = guardError(deploymentStack("devpod", [dockerd({ args: args("/home/coder-cache/docker"), volumeMount: mounts })], [pvc, cache]).app);
  expect(message).toContain(
    "  - --data-root=/home/coder-cache/docker is not on a PersistentVolumeClaim mounted in this container (its mounts: /home/coder (PVC), /home/coder-cache (not a PVC)); fix: use --data-root=/home/coder/.docker-data",
  );
  // Control: the same layout with the data root below the PVC's mount passes, and so does the mount path itself.
  expect(guardError(deploymentStack("devpod", [dockerd({ args: args("/home/coder/docker"), volumeMount: mounts })], [pvc, cache]).app)).toBeUndefined();
  expect(guardError(deploymentStack("devpod", [dockerd({ args: args("/home/coder"), volumeMount: mounts })], [pvc, cache]).app)).toBeUndefined();
});

test("the PVC must be mounted in the dockerd container itself, not only in its neighbour", () => {
  const dev = { name: "dev", image: "ubuntu", volumeMount: [homeMount] };
  const { app } = deploymentStack("devpod", [dockerd({ volumeMount: [{ name: "sock", mountPath: "/run/dind" }] }), dev]);
  const message = guardError(app)!;
  expect(message).toContain("container 'docker' runs dockerd unsafely");
  expect(message).toContain("--data-root=/home/coder/.docker-data is not on a PersistentVolumeClaim mounted in this container (its mounts: /run/dind (not a PVC)); fix: mount the workspace's PVC in this container");
});

test("dockerd started through the sidecar's start script (sh -c <script> dind-start dockerd ...) is checked too", () => {
  const { stack: template } = buildDevpod();
  const sidecar = template.docker.container;
  const args = (sidecar.args as string[]).filter((a) => !a.startsWith("--storage-driver="));
  const { app } = deploymentStack("devpod", [{ ...sidecar, args, volumeMount: [homeMount] }]);
  expect(guardError(app)).toContain(
    "  - no --storage-driver: dockerd would silently fall back to vfs on a bad mount; fix: pass --storage-driver=overlay2",
  );
});

test("a Job without --data-root and without a pinned driver fails with both problems", () => {
  const app = Testing.app({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), "devpod-guard-")) });
  const stack = new TerraformStack(app, "ci");
  new JobV1(stack, "build", {
    metadata: { name: "build" },
    spec: { template: { metadata: {}, spec: { container: [{ name: "dind", image: "docker:29.7.2-dind", command: ["dockerd"], args: ["--host=unix:///run/d.sock"] }] } } },
  });
  const message = guardError(app)!;
  expect(message).toContain("stack 'ci', resource kubernetes_job_v1.build (ci/build), container 'dind'");
  expect(message).toContain(
    "  - no --data-root: dockerd keeps its data in /var/lib/docker on the container's overlayfs root (nested overlay, lost with the pod); fix: pass --data-root=<PVC mount path>/.docker-data and mount a PersistentVolumeClaim in this container",
  );
  expect(message).toContain("  - no --storage-driver");
});

test("a CronJob's pod template (two levels deeper) and init containers are checked too", () => {
  const app = Testing.app({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), "devpod-guard-")) });
  const stack = new TerraformStack(app, "ops");
  new CronJobV1(stack, "nightly", {
    metadata: { name: "nightly" },
    spec: {
      schedule: "0 3 * * *",
      jobTemplate: {
        metadata: {},
        spec: {
          template: {
            metadata: {},
            spec: {
              initContainer: [{ name: "warm", image: "docker:29.7.2-dind", args: ["dockerd", "--data-root=/var/lib/docker", "--storage-driver=overlay2"] }],
              container: [{ name: "main", image: "alpine" }],
            },
          },
        },
      },
    },
  });
  const message = guardError(app)!;
  expect(message).toContain("stack 'ops', resource kubernetes_cron_job_v1.nightly (ops/nightly), container 'warm'");
  expect(message).toContain("--data-root=/var/lib/docker is not on a PersistentVolumeClaim mounted in this container (its mounts: none)");
});

test("a Pod whose dockerd listens on tcp:// fails, and so does a dind image left to its entrypoint's defaults", () => {
  const app = Testing.app({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), "devpod-guard-")) });
  const stack = new TerraformStack(app, "lab");
  const spec = (c: DeploymentV1SpecTemplateSpecContainer) => ({ metadata: { name: "p" }, spec: { container: [c], volume: [pvc] } });
  new PodV1(stack, "tcp", spec(dockerd({ args: [...GOOD_ARGS, "--host=tcp://0.0.0.0:2375"] })));
  expect(guardError(app)).toContain(
    "resource kubernetes_pod_v1.tcp (lab/tcp), container 'docker' runs dockerd unsafely:\n  - it listens on TCP (--host=tcp://0.0.0.0:2375): an unauthenticated Docker API for the pod network; fix: listen only on a unix socket",
  );

  const app2 = Testing.app({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), "devpod-guard-")) });
  new PodV1(new TerraformStack(app2, "lab"), "defaults", spec({ name: "dind", image: "docker:dind", volumeMount: [homeMount] }));
  const message = guardError(app2)!;
  expect(message).toContain("container 'dind'");
  expect(message).toContain("the image's docker:dind entrypoint adds --host=tcp://0.0.0.0:2375/2376 when the first argument is not dockerd");
  expect(message).toContain("fix: pass --data-root=/home/coder/.docker-data");
});

test("dockerd started by a shell line (sh -c \"exec dockerd ...\") is read word by word", () => {
  const shell = dockerd({ command: ["sh", "-c", "exec /usr/local/bin/dockerd --host=tcp://0.0.0.0:2375 --data-root=/var/lib/docker"], args: [] });
  const message = guardError(deploymentStack("lab", [shell]).app)!;
  expect(message).toContain("it listens on TCP");
  expect(message).toContain("--data-root=/var/lib/docker is not on a PersistentVolumeClaim mounted in this container");
  // A script that only mentions dockerd (a message, a variable) is not a dockerd container.
  const mentions = ["sh", "-c", "echo 'start the sidecar as: dockerd --data-root=/x'\ndockerd_pid=1\n"];
  expect(guardError(deploymentStack("lab", [dockerd({ command: mentions, args: [] })]).app)).toBeUndefined();
});

test("containers that do not run dockerd are left alone", () => {
  const { app } = deploymentStack("devpod", [{ name: "web", image: "nginx", args: ["--data-root=/tmp"] }], []);
  expect(guardError(app)).toBeUndefined();
});

test("registered on a stack, the guard also stops app.synth() for a pod changed after the check", () => {
  const { app, stack } = deploymentStack("devpod", [dockerd()]);
  expect(guardError(app)).toBeUndefined();
  new PodV1(stack, "late", { metadata: { name: "late" }, spec: { container: [dockerd({ args: ["dockerd", "--storage-driver=overlay2"] })] } });
  expect(() => app.synth()).toThrow(/stack 'devpod', resource kubernetes_pod_v1\.late .*no --data-root/s);
});

test("dockerVolume separate: the template and its preflight pass; the sidecar without the Docker volume's mount fails", () => {
  const { app, stack } = buildDevpod({ dockerVolume: "separate" });
  PlatformStack.fromContext(app, { gitCommit: TEST_COMMIT });
  expect(guardError(app)).toBeUndefined();
  // The same sidecar with only the home mounted: /var/lib/docker is then the container's own filesystem.
  const sidecar = stack.docker.container;
  const volumes = [pvc, { name: "docker-data", persistentVolumeClaim: { claimName: "docker" } }, socket];
  const { app: broken } = deploymentStack("devpod", [{ ...sidecar, volumeMount: [homeMount, { name: "sock", mountPath: "/run/dind" }] }], volumes);
  expect(guardError(broken)).toContain(
    "--data-root=/var/lib/docker is not on a PersistentVolumeClaim mounted in this container (its mounts: /home/coder (PVC), /run/dind (not a PVC))",
  );
});
