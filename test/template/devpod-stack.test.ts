// The template stack: one snapshot for review by diff, plus one assertion per property that matters.
import "cdktf/lib/testing/adapters/jest"; // types of the cdktf matchers
import { DeploymentV1 } from "@cdktf/provider-kubernetes/lib/deployment-v1";
import { PersistentVolumeClaimV1 } from "@cdktf/provider-kubernetes/lib/persistent-volume-claim-v1";
import { Testing } from "cdktf";
import { resolveConfig } from "../../lib/config/config";
import { DOCKERD_CGROUP, DockerSidecar } from "../../lib/template/docker-sidecar";
import { verificationTimeoutSeconds } from "../../lib/template/docker-verification";
import { embedScript } from "../../lib/template/embedded-script";
import { HOME_VOLUME_FORCE_NEW } from "../../lib/template/home-volume";
import { WORKSPACE_CONTAINER } from "../../lib/template/workspace-deployment";
import { Tf, allStrings, buildDevpod, container, podSpec, synthDevpod } from "../helpers";

const config = resolveConfig({});
const { text, tf } = synthDevpod();
const dind = () => container(tf, DockerSidecar.CONTAINER_NAME);
const dev = () => container(tf, WORKSPACE_CONTAINER);
const mountOf = (c: Tf, volume: string) => c.volume_mount.find((m: Tf) => m.name === volume)?.mount_path;

test("the synthesized template matches the reviewed snapshot", () => {
  // The parsed object, not the JSON text: Jest prints multi-line strings line by line, so a change to an
  // embedded script shows up as the lines that changed, not as one 10 KB line.
  expect(tf).toMatchSnapshot();
});

describe("state", () => {
  test("has no backend block even after cdktf adds its default LocalBackend, so Coder's state file is used", () => {
    const { stack } = buildDevpod();
    stack.prepareStack(); // what app.synth() does: adds LocalBackend(path: <absolute cwd>/terraform.devpod.tfstate)
    const prepared = JSON.parse(Testing.synth(stack));
    expect(prepared.terraform.backend).toBeUndefined();
    expect(Object.keys(prepared.terraform).sort()).toEqual(["required_providers"]);
  });

  test("requires exactly coder/coder 2.17.0 and hashicorp/kubernetes 2.38.0 (Coder's terraform init takes no other)", () => {
    expect(tf.terraform.required_providers).toEqual({
      coder: { source: "coder/coder", version: "2.17.0" },
      kubernetes: { source: "hashicorp/kubernetes", version: "2.38.0" },
    });
  });
});

describe("home volume", () => {
  const pvc = () => tf.resource.kubernetes_persistent_volume_claim_v1;

  test("keeps its Terraform address kubernetes_persistent_volume_claim_v1.home (moving it would delete homes)", () => {
    expect(Object.keys(pvc())).toEqual(["home"]);
  });

  test("is named by workspace id, RWO, on the configured class, not waiting for a consumer, and has no count", () => {
    expect(text).toHaveResourceWithProperties(PersistentVolumeClaimV1, {
      metadata: expect.objectContaining({ name: "coder-${data.coder_workspace.me.id}-home" }),
      spec: expect.objectContaining({
        access_modes: ["ReadWriteOnce"],
        storage_class_name: "longhorn",
        resources: { requests: { storage: "${data.coder_parameter.home_disk_size.value}Gi" } },
      }),
      wait_until_bound: false,
    });
    expect(pvc().home.count).toBeUndefined();
  });

  test("ignores every attribute the kubernetes provider would replace it for: no change can delete a home", () => {
    // hashicorp/terraform-provider-kubernetes v2.38.0, read from its source (not from HOME_VOLUME_FORCE_NEW, which
    // this guards): schema_metadata.go (name, generate_name, namespace) and schema_persistent_volume_claim.go (the spec fields).
    const forceNew = [
      "metadata[0].name",
      "metadata[0].generate_name",
      "metadata[0].namespace",
      "spec[0].access_modes",
      "spec[0].storage_class_name",
      "spec[0].selector",
      "spec[0].volume_name",
      "spec[0].volume_mode",
      "spec[0].resources[0].limits",
    ];
    const ignored: string[] = pvc().home.lifecycle?.ignore_changes ?? [];
    const unguarded = forceNew.filter((attribute) => !ignored.includes(attribute));
    if (unguarded.length) {
      throw new Error(
        `DATA LOSS: a change to ${unguarded.join(", ")} of kubernetes_persistent_volume_claim_v1.home would make Terraform ` +
          "delete every existing workspace's home volume (Longhorn reclaims with Delete) and create an empty one. " +
          "Add the attribute to the claim's lifecycle.ignore_changes (HOME_VOLUME_FORCE_NEW in lib/template/home-volume.ts).",
      );
    }
    expect([...HOME_VOLUME_FORCE_NEW].sort()).toEqual([...forceNew].sort());
  });

  test("a new storageClass or accessMode changes only ignored attributes: it applies to new workspaces only", () => {
    const blocks = new Set(["metadata", "spec", "resources", "selector"]);
    const changed = (a: Tf, b: Tf, at: string[] = []): string[] =>
      Object.keys({ ...a, ...b }).flatMap((k) => {
        const here = [...at, blocks.has(k) ? `${k}[0]` : k];
        const [x, y] = [a?.[k], b?.[k]];
        if (x && y && typeof x === "object" && !Array.isArray(x)) return changed(x, y, here);
        return JSON.stringify(x) === JSON.stringify(y) ? [] : [here.join(".")];
      });
    const other = synthDevpod({ storageClass: "longhorn-docker", accessMode: "ReadWriteOncePod" }).tf.resource
      .kubernetes_persistent_volume_claim_v1.home;
    const diff = changed(pvc().home, other);
    expect(diff.sort()).toEqual(["spec[0].access_modes", "spec[0].storage_class_name"]);
    for (const attribute of diff) expect(pvc().home.lifecycle.ignore_changes).toContain(attribute);
  });

  test("its size is a number parameter that may only grow", () => {
    const disk = tf.data.coder_parameter.home_disk_size;
    expect(disk).toMatchObject({ type: "number", mutable: true, validation: { monotonic: "increasing" } });
    expect(Number(disk.default)).toBeGreaterThanOrEqual(disk.validation.min);
    expect(Number(disk.default)).toBeLessThanOrEqual(disk.validation.max);
  });
});

describe("workspace deployment", () => {
  test("runs in the claim's namespace (kept from state), so a new namespace variable strands no running workspace", () => {
    expect(tf.resource.kubernetes_deployment_v1.main.metadata.namespace).toBe(
      "${kubernetes_persistent_volume_claim_v1.home.metadata[0].namespace}",
    );
  });

  test("is scheduled on nodes of the agent's architecture", () => {
    expect(podSpec(tf).node_selector).toEqual({ "kubernetes.io/arch": "amd64" });
    expect(podSpec(synthDevpod({ arch: "armv7" }).tf).node_selector).toEqual({ "kubernetes.io/arch": "arm" });
  });

  test("lists the docker sidecar first: kubelet starts and pulls containers in spec order", () => {
    expect(podSpec(tf).container.map((c: Tf) => c.name)).toEqual([DockerSidecar.CONTAINER_NAME, WORKSPACE_CONTAINER]);
  });

  test("exists only while the workspace runs, one replica, Recreate, without waiting for rollout", () => {
    expect(text).toHaveResourceWithProperties(DeploymentV1, {
      count: "${data.coder_workspace.me.start_count}",
      wait_for_rollout: false,
      spec: expect.objectContaining({ replicas: "1", strategy: { type: "Recreate" } }),
    });
  });

  test("pod fsGroup is the workspace gid with OnRootMismatch (no re-chown of Docker's layers at each mount)", () => {
    expect(podSpec(tf).security_context).toEqual({ fs_group: "1000", fs_group_change_policy: "OnRootMismatch" });
  });

  test("mounts no service account token", () => {
    expect(podSpec(tf).automount_service_account_token).toBe(false);
  });

  test("selector labels hold only ids (a selector cannot change after creation)", () => {
    const selector = tf.resource.kubernetes_deployment_v1.main.spec.selector.match_labels;
    for (const value of Object.values(selector) as string[]) {
      expect(value).not.toMatch(/\.name\}|username|email/);
    }
    expect(selector["app.kubernetes.io/instance"]).toContain("${data.coder_workspace.me.id}");
  });
});

describe("workspace container", () => {
  test("runs the agent's init script with its token", () => {
    expect(dev().command).toEqual(["sh", "-c", "${coder_agent.main.init_script}"]);
    expect(dev().env).toContainEqual({ name: "CODER_AGENT_TOKEN", value: "${coder_agent.main.token}" });
  });

  test("reaches dockerd through DOCKER_HOST on the shared socket only", () => {
    expect(dev().env).toContainEqual({ name: "DOCKER_HOST", value: `unix://${config.dockerSocketDir}/docker.sock` });
    expect(mountOf(dev(), "docker-socket")).toBe(config.dockerSocketDir);
  });

  test("runs as uid/gid 1000, non-root, and may use sudo (no no_new_privs while the user holds the docker socket)", () => {
    expect(dev().security_context).toEqual({ run_as_user: "1000", run_as_group: "1000", run_as_non_root: true });
  });

  test("has HOME on the persistent volume, whatever the image's passwd says", () => {
    expect(dev().env).toContainEqual({ name: "HOME", value: config.homePath });
    expect(container(synthDevpod({ homePath: "/workspace" }).tf, WORKSPACE_CONTAINER).env).toContainEqual({
      name: "HOME",
      value: "/workspace",
    });
  });

  test("gets a memory-backed /dev/shm with a size limit", () => {
    const shmVolume = podSpec(tf).volume.find((v: Tf) => v.name === "dshm");
    expect(shmVolume.empty_dir).toEqual({ medium: "Memory", size_limit: "512Mi" });
    expect(mountOf(dev(), "dshm")).toBe("/dev/shm");
  });
});

describe("docker sidecar", () => {
  test("starts through dind-start, which hands the image's entrypoint `dockerd` first: no TCP port", () => {
    expect(dind().command).toEqual([
      "sh",
      "-c",
      // First the home volume root's group (ReadWriteOncePod homes get no fsGroup before Kubernetes 1.32).
      embedScript("home-group.sh", { DEVPOD_HOME_GID: 1000, DEVPOD_HOME_PATH: "/home/coder" }) +
        embedScript("dind-start.sh", {
          DEVPOD_DAEMON_CONFIG: "/run/dind/daemon.json",
          DEVPOD_START_STATUS: "/run/dind/dind-start.status",
          DEVPOD_START_NOTICE: "/run/dind/dind-start.notice",
          // It waits for a previous dockerd at most the pod's grace period.
          DEVPOD_HOLD_SECONDS: podSpec(tf).termination_grace_period_seconds,
          DEVPOD_DOCKERD_CGROUP: DOCKERD_CGROUP,
          DEVPOD_ISOLATION: "privileged",
          // After a switch back from rootless, its data root beside this one is named with its size.
          DEVPOD_INACTIVE_DATA_ROOT: "/home/coder/.docker-data-rootless",
        }),
      "dind-start",
    ]);
    expect(dind().args[0]).toBe("dockerd");
    // No DOCKER_TLS_CERTDIR="": it would make any fallback listener an unauthenticated 2375. The only variable is the
    // build cache bound.
    expect(dind().env.map((e: Tf) => e.name)).toEqual(["DEVPOD_BUILD_CACHE_MIB"]);
  });

  test("bounds the build cache by buildCacheSharePercent of home_disk_size, in MiB, computed by Terraform at apply time", () => {
    expect(dind().env).toEqual([
      { name: "DEVPOD_BUILD_CACHE_MIB", value: "${floor(((data.coder_parameter.home_disk_size.value * 51200) / 100))}" },
    ]);
    const quarter = container(synthDevpod({ buildCacheSharePercent: 25 }).tf, DockerSidecar.CONTAINER_NAME);
    expect(quarter.env[0].value).toBe("${floor(((data.coder_parameter.home_disk_size.value * 25600) / 100))}");
  });

  test("stops gracefully: a preStop hook stops user containers with docker stop -t 10, and the grace period covers it and dockerd's shutdown", () => {
    expect(dind().lifecycle.pre_stop[0].exec.command).toEqual([
      "sh",
      "-c",
      embedScript("dind-stop.sh", { DEVPOD_DOCKER_HOST: "unix:///run/dind/docker.sock", DEVPOD_STOP_SECONDS: 10 }),
      "dind-stop",
    ]);
    expect(dind().args).toContain("--shutdown-timeout=15");
    // preStop: 10 s stop timeout + 15 s for its bounded docker ps, inspect and stop; dockerd: max(15, 10 + 5) s;
    // containerd and unmounts: 10 s.
    expect(podSpec(tf).termination_grace_period_seconds).toBe(10 + 15 + 15 + 10);
  });

  test("uses the configured registry mirrors", () => {
    expect(dind().args.filter((a: string) => a.startsWith("--registry-mirror"))).toEqual([]);
    const mirrored = container(synthDevpod({ registryMirrors: ["https://mirror.example.internal"] }).tf, DockerSidecar.CONTAINER_NAME);
    expect(mirrored.args).toContain("--registry-mirror=https://mirror.example.internal");
  });

  test("listens only on the unix socket in the shared directory, group-owned by the workspace gid", () => {
    const hosts = dind().args.filter((a: string) => a.startsWith("--host") || a.startsWith("-H"));
    expect(hosts).toEqual([`--host=unix://${config.dockerSocketDir}/docker.sock`]);
    expect(dind().args).toContain("--group=1000");
    expect(mountOf(dind(), "docker-socket")).toBe(config.dockerSocketDir);
    expect(podSpec(tf).volume).toContainEqual({ name: "docker-socket", empty_dir: {} });
  });

  test("keeps its data root on the home PVC and pins overlay2", () => {
    const dataRoot = dind().args.find((a: string) => a.startsWith("--data-root=")).split("=")[1];
    const homeMount = mountOf(dind(), "home");
    expect(dataRoot.startsWith(homeMount + "/")).toBe(true);
    expect(podSpec(tf).volume).toContainEqual({
      name: "home",
      persistent_volume_claim: { claim_name: "${kubernetes_persistent_volume_claim_v1.home.metadata[0].name}" },
    });
    expect(dind().args).toContain("--storage-driver=overlay2");
  });

  test("mounts the home volume at the same path as the workspace container", () => {
    expect(mountOf(dind(), "home")).toBe(config.homePath);
    expect(mountOf(dev(), "home")).toBe(config.homePath);
  });

  test("is the only privileged container, and runs as root", () => {
    expect(dind().security_context).toEqual({ privileged: true, run_as_user: "0" });
    const privileged = podSpec(tf).container.filter((c: Tf) => c.security_context?.privileged);
    expect(privileged.map((c: Tf) => c.name)).toEqual([DockerSidecar.CONTAINER_NAME]);
  });

  test("is ready only when `docker info` answers on the socket, and has requests and limits", () => {
    expect(dind().readiness_probe.exec.command).toEqual(["docker", `--host=${config.dockerHost}`, "info"]);
    // Builds run here: the sidecar gets sizing.sidecarSharePercent (50) of what the developer chose, the workspace
    // container the rest (what the expressions evaluate to: test/config/sizing.test.ts).
    expect(dind().resources).toEqual({
      requests: { cpu: "100m", memory: "256Mi" },
      limits: {
        cpu: "${(data.coder_parameter.cpu.value * 500)}m",
        memory: "${floor(((data.coder_parameter.memory.value * 51200) / 100))}Mi",
      },
    });
  });
});

describe("agent", () => {
  test("is a linux agent of the configured architecture", () => {
    expect(tf.resource.coder_agent.main).toMatchObject({ os: "linux", arch: "amd64" });
    expect(synthDevpod({ arch: "arm64" }).tf.resource.coder_agent.main.arch).toBe("arm64");
  });

  test("raises a Coder volume alert for the home path at the configured use", () => {
    expect(tf.resource.coder_agent.main.resources_monitoring).toEqual({
      volume: [{ enabled: true, path: config.homePath, threshold: config.homeDiskAlertPercent }],
    });
  });

  test("has unique metadata keys for CPU, memory, home disk and Docker", () => {
    const keys = tf.resource.coder_agent.main.metadata.map((m: Tf) => m.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toEqual(["0_cpu_usage", "1_ram_usage", "2_home_disk", "3_docker_storage", "4_docker_disk"]);
  });

  test("metadata refreshes on an interval, each run bounded well below it; Docker items are the slow ones", () => {
    const byKey = Object.fromEntries(tf.resource.coder_agent.main.metadata.map((m: Tf) => [m.key, m]));
    for (const m of Object.values(byKey) as Tf[]) {
      expect(m.timeout).toBeGreaterThanOrEqual(1);
      expect(m.timeout).toBeLessThan(m.interval);
    }
    expect(byKey["3_docker_storage"].interval).toBe(60);
    expect(byKey["4_docker_disk"].interval).toBe(300);
  });
});

describe("start-up verification", () => {
  const script = () => tf.resource.coder_script.verify_docker_storage;

  test("runs at every start on the agent and holds login until it has run", () => {
    expect(script()).toMatchObject({
      agent_id: "${coder_agent.main.id}",
      run_on_start: true,
      start_blocks_login: true,
      display_name: "Verify Docker storage",
      icon: "/icon/docker.svg",
    });
    expect(script().run_on_stop).toBeUndefined();
  });

  test("its timeout covers every limit inside the script, so the script reports a cause before Coder kills it", () => {
    const limits = /DEVPOD_WAIT_SECONDS='(\d+)'\nDEVPOD_BASE_IMAGE='[^']*'\nDEVPOD_PULL_SECONDS='(\d+)'\nDEVPOD_BUILD_SECONDS='(\d+)'/.exec(
      script().script,
    );
    expect(limits).not.toBeNull();
    expect(script().script).toContain(`DEVPOD_GID='${config.workspaceGid}'\n`);
    const [wait, pull, build] = limits!.slice(1).map(Number);
    expect(wait).toBe(config.dockerReadyTimeoutSeconds);
    expect(script().timeout).toBeGreaterThan(wait + pull + 2 * build);
    expect(script().timeout).toBe(verificationTimeoutSeconds(wait, pull, build));
  });
});

test("every Kubernetes object carries the workspace id label; the owner only on objects a claim updates in place", () => {
  const objects = [
    tf.resource.kubernetes_persistent_volume_claim_v1.home.metadata,
    tf.resource.kubernetes_deployment_v1.main.metadata,
  ];
  for (const metadata of objects) {
    expect(metadata.labels["com.coder.workspace.id"]).toBe("${data.coder_workspace.me.id}");
    expect(metadata.annotations["com.coder.user.email"]).toBe("${data.coder_workspace_owner.me.email}");
  }
  // The pod template: see test/template/presets/prebuild-claim.test.ts.
  expect(tf.resource.kubernetes_deployment_v1.main.spec.template.metadata.labels["com.coder.workspace.id"]).toBe(
    "${data.coder_workspace.me.id}",
  );
});

test("the kubernetes provider is in-cluster unless use_kubeconfig is set (its default from useKubeconfig)", () => {
  expect(tf.provider.kubernetes).toEqual([{ config_path: '${var.use_kubeconfig ? "~/.kube/config" : null}' }]);
  expect(tf.variable.use_kubeconfig.default).toBe(false);
  expect(synthDevpod({ useKubeconfig: true }).tf.variable.use_kubeconfig.default).toBe(true);
});

describe("configuration flows from the one config object", () => {
  const custom = synthDevpod({ homePath: "/workspace", namespace: "dev", dindImage: "mirror.local/docker:29.7.2-dind" }).tf;
  const customDind = container(custom, DockerSidecar.CONTAINER_NAME);

  test("homePath moves the mounts, the data root, the verification and the disk metadata", () => {
    expect(customDind.args).toContain("--data-root=/workspace/.docker-data");
    expect(mountOf(customDind, "home")).toBe("/workspace");
    expect(mountOf(container(custom, WORKSPACE_CONTAINER), "home")).toBe("/workspace");
    const script = custom.resource.coder_script.verify_docker_storage.script;
    expect(script).toContain("DEVPOD_HOME_PATH='/workspace'\n");
    expect(script).toContain("DEVPOD_DATA_ROOT='/workspace/.docker-data'\n");
    expect(custom.resource.coder_agent.main.metadata[2].script).toBe("coder stat disk --path /workspace");
    // No trace of the default path anywhere.
    expect(allStrings(custom).filter((s) => s.value.includes("/home/coder"))).toEqual([]);
  });

  test("push-time values are variables whose defaults come from the config", () => {
    expect(custom.variable.namespace.default).toBe("dev");
    expect(custom.variable.dind_image.default).toBe("mirror.local/docker:29.7.2-dind");
    expect(customDind.image).toBe("${var.dind_image}");
    expect(custom.resource.kubernetes_persistent_volume_claim_v1.home.metadata.namespace).toBe("${var.namespace}");
  });

  test("a custom dockerDataRoot reaches the sidecar and the verification", () => {
    const { tf: t } = synthDevpod({ dockerDataRoot: "/home/coder/.local/share/docker" });
    expect(container(t, DockerSidecar.CONTAINER_NAME).args).toContain("--data-root=/home/coder/.local/share/docker");
    expect(t.resource.coder_script.verify_docker_storage.script).toContain(
      "DEVPOD_DATA_ROOT='/home/coder/.local/share/docker'\n",
    );
  });
});

test("validations pass (every generated resource has its provider)", () => {
  const { stack } = buildDevpod();
  expect(() => Testing.synth(stack, true)).not.toThrow();
});
