// dockerVolume "separate": Docker's own claim per workspace, with every guarantee of the home claim, mounted only in
// the sidecar at the data root. The default ("home") keeps today's template: no second claim, no new parameter.
import { resolveConfig } from "../../lib/config/config";
import { DOCKER_VOLUME_LOGICAL_ID, DOCKER_VOLUME_SUBPATH } from "../../lib/template/docker-volume";
import { DockerSidecar } from "../../lib/template/docker-sidecar";
import { HOME_VOLUME_FORCE_NEW } from "../../lib/template/home-volume";
import { WORKSPACE_CONTAINER } from "../../lib/template/workspace-deployment";
import { CHECK_CONTAINER } from "../../lib/platform/preflight-job";
import { Tf, container, podSpec, preflightPod, synthDevpod, synthPlatform } from "../helpers";

const separate = synthDevpod({ dockerVolume: "separate" }).tf;
const home = synthDevpod().tf;
const claims = (tf: Tf) => tf.resource.kubernetes_persistent_volume_claim_v1;
const docker = () => claims(separate)[DOCKER_VOLUME_LOGICAL_ID];

test("the Docker claim and the sidecar's mounts match the reviewed snapshot", () => {
  expect({ claim: docker(), sidecarMounts: container(separate, DockerSidecar.CONTAINER_NAME).volume_mount }).toMatchSnapshot();
});

describe("the default (home) is today's template", () => {
  test("one claim, no docker_disk_size parameter, the data root below the home", () => {
    expect(Object.keys(claims(home))).toEqual(["home"]);
    expect(home.data.coder_parameter.docker_disk_size).toBeUndefined();
    expect(container(home, DockerSidecar.CONTAINER_NAME).args).toContain("--data-root=/home/coder/.docker-data");
    expect(home.resource.coder_script.verify_docker_storage.script).toContain("DEVPOD_DOCKER_VOLUME='home'\n");
  });
});

describe("dockerVolume separate", () => {
  test("adds kubernetes_persistent_volume_claim_v1.docker next to .home (both addresses pinned), named coder-<id>-docker", () => {
    expect(Object.keys(claims(separate)).sort()).toEqual(["docker", "home"]);
    expect(docker().metadata.name).toBe("coder-${data.coder_workspace.me.id}-docker");
    expect(docker().metadata.labels["app.kubernetes.io/name"]).toBe("coder-docker");
    expect(docker().count).toBeUndefined(); // deleted with the workspace only, never at a stop
  });

  test("is never replaced: it ignores the same ForceNew attributes as the home claim, through the same construct", () => {
    expect(docker().lifecycle.ignore_changes).toEqual([...HOME_VOLUME_FORCE_NEW]);
    expect(docker().lifecycle.ignore_changes).toEqual(claims(separate).home.lifecycle.ignore_changes);
    expect(docker().spec).toEqual({
      access_modes: ["ReadWriteOnce"],
      storage_class_name: "longhorn",
      resources: { requests: { storage: "${data.coder_parameter.docker_disk_size.value}Gi" } },
    });
    expect(docker().wait_until_bound).toBe(false);
  });

  test("its size is its own parameter, a number that may only grow", () => {
    const disk = separate.data.coder_parameter.docker_disk_size;
    expect(disk).toMatchObject({ name: "docker_disk_size", type: "number", mutable: true, validation: { monotonic: "increasing" } });
    // The home disk no longer claims to hold Docker's data.
    expect(separate.data.coder_parameter.home_disk_size.description).not.toContain("Docker");
  });

  test("is mounted only in the sidecar, at the data root, as the volume's docker directory", () => {
    const sidecar = container(separate, DockerSidecar.CONTAINER_NAME);
    expect(sidecar.args).toContain("--data-root=/var/lib/docker");
    expect(sidecar.volume_mount).toContainEqual({ name: "docker-data", mount_path: "/var/lib/docker", sub_path: DOCKER_VOLUME_SUBPATH });
    expect(container(separate, WORKSPACE_CONTAINER).volume_mount.map((m: Tf) => m.name)).not.toContain("docker-data");
    expect(podSpec(separate).volume).toContainEqual({
      name: "docker-data",
      persistent_volume_claim: { claim_name: "${kubernetes_persistent_volume_claim_v1.docker.metadata[0].name}" },
    });
    // The home is still mounted in both, at the same path, so `docker run -v $HOME/x:/x` sees the user's files.
    for (const name of [DockerSidecar.CONTAINER_NAME, WORKSPACE_CONTAINER]) {
      expect(container(separate, name).volume_mount).toContainEqual({ name: "home", mount_path: "/home/coder" });
    }
  });

  test("BuildKit's GC bound comes from the Docker volume's size", () => {
    expect(container(separate, DockerSidecar.CONTAINER_NAME).env).toEqual([
      { name: "DEVPOD_BUILD_CACHE_MIB", value: "${floor(((data.coder_parameter.docker_disk_size.value * 51200) / 100))}" },
    ]);
  });

  test("the verification checks the Docker volume through dockerd", () => {
    const script = separate.resource.coder_script.verify_docker_storage.script;
    expect(script).toContain("DEVPOD_DOCKER_VOLUME='separate'\n");
    expect(script).toContain("DEVPOD_DATA_ROOT='/var/lib/docker'\n");
  });

  test("the platform's preflight runs the sidecar on a second volume of the class, mounted as the template mounts it", () => {
    const pod = preflightPod(synthPlatform({ dockerVolume: "separate" }).tf);
    expect(pod.spec.container[0].volume_mount).toContainEqual({ name: "docker-data", mount_path: "/var/lib/docker", sub_path: DOCKER_VOLUME_SUBPATH });
    const volume = pod.spec.volume.find((v: Tf) => v.name === "docker-data");
    expect(volume.ephemeral.volume_claim_template.spec).toEqual(pod.spec.volume.find((v: Tf) => v.name === "home").ephemeral.volume_claim_template.spec);
    expect(pod.container(CHECK_CONTAINER).command.join("\n")).toContain("DEVPOD_DOCKER_VOLUME='separate'\n");
    expect(pod.container(CHECK_CONTAINER).volume_mount.map((m: Tf) => m.name)).not.toContain("docker-data");
  });

  test("carries no backup group: only the empty group that keeps it out of Longhorn's default group", () => {
    const labels = synthDevpod({ dockerVolume: "separate", backups: { enabled: true } }).tf.resource.kubernetes_persistent_volume_claim_v1.docker
      .metadata.labels;
    const longhorn = Object.keys(labels).filter((k) => k.includes("longhorn.io"));
    expect(longhorn.sort()).toEqual(["recurring-job-group.longhorn.io/devpod-no-backup", "recurring-job.longhorn.io/source"]);
  });
});

describe("the data root must be on a claim mounted in the sidecar", () => {
  test("separate: a data root inside, equal to or around the home path, or in the socket directory, is refused", () => {
    for (const root of ["/home/coder/.docker-data", "/home/coder", "/home", "/run/dind/docker"]) {
      expect(() => resolveConfig({ dockerVolume: "separate", dockerDataRoot: root })).toThrow(
        `dockerDataRoot = "${root}" is invalid: it must be outside homePath (/home/coder) and the socket directory (/run/dind) with dockerVolume separate`,
      );
    }
    expect(resolveConfig({ dockerVolume: "separate", dockerDataRoot: "/var/lib/devpod-docker" }).dockerDataRoot).toBe("/var/lib/devpod-docker");
  });

  test("home: outside the home path is refused, and the fix names the separate volume", () => {
    expect(() => resolveConfig({ dockerDataRoot: "/var/lib/docker" })).toThrow("or dockerVolume separate for a Docker volume of its own");
  });

  test("an unknown mode is refused with the two it takes", () => {
    expect(() => resolveConfig({ dockerVolume: "tmpfs" })).toThrow('dockerVolume = "tmpfs" is invalid: it must be one of home, separate');
  });
});

test("the sidecar's first step gives the home volume, not Docker's, to the workspace user's group", () => {
  // With the data root on Docker's own volume, home-group must not act on the mount that holds the data root.
  const command = container(separate, DockerSidecar.CONTAINER_NAME).command[2] as string;
  expect(command).toContain("DEVPOD_HOME_PATH='/home/coder'\n");
  expect(container(separate, DockerSidecar.CONTAINER_NAME).args).toContain("--data-root=/var/lib/docker");
  expect(command).not.toContain("--data-root=*) home_data_root");
});
