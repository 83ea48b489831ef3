// isolation "rootless": what the config resolves, what the sidecar synthesizes (argv, command, image, mounts) in each
// mode, that every bar of the template holds (guard, pinned volume ids, no TCP listener), and that the platform's
// namespace and preflight follow. The scripts run in rootless-start.test.ts, the real rootlesskit in rootless.dind.test.ts.
import { DEFAULT_ROOTLESS_DIND_IMAGE, resolveConfig } from "../../lib/config/config";
import { DockerSidecar, ROOTLESS_PROLOGUE_SCRIPT } from "../../lib/template/docker-sidecar";
import { embedScript } from "../../lib/template/embedded-script";
import { guardDockerPods } from "../../lib/template/guard/docker-pod-guard";
import { buildDevpod, container, podSpec, preflightPod, synthDevpod, synthPlatform, Tf } from "../helpers";

const sidecar = (devpod: Record<string, unknown>) => container(synthDevpod(devpod).tf, DockerSidecar.CONTAINER_NAME);

describe("config", () => {
  test("rootless defaults: the -dind-rootless image of the same release, a data root of its own beside the privileged one", () => {
    const c = resolveConfig({ isolation: "rootless" });
    expect(c.dindImage).toBe("docker:29.7.2-dind-rootless");
    expect(DEFAULT_ROOTLESS_DIND_IMAGE).toBe(resolveConfig({}).dindImage + "-rootless");
    expect(c.dockerDataRoot).toBe("/home/coder/.docker-data-rootless");
    expect(c.inactiveDataRoot).toBe("/home/coder/.docker-data");
    // And the privileged mode names the rootless one, for the way back.
    expect(resolveConfig({}).inactiveDataRoot).toBe("/home/coder/.docker-data-rootless");
    expect(resolveConfig({ isolation: "rootless", homePath: "/workspace" }).dockerDataRoot).toBe("/workspace/.docker-data-rootless");
  });

  test("an explicit data root is one path for both modes (no inactive root); so is Docker's own volume's mount point", () => {
    const explicit = resolveConfig({ isolation: "rootless", dockerDataRoot: "/home/coder/docker" });
    expect([explicit.dockerDataRoot, explicit.inactiveDataRoot]).toEqual(["/home/coder/docker", undefined]);
    const separate = resolveConfig({ isolation: "rootless", dockerVolume: "separate" });
    expect([separate.dockerDataRoot, separate.inactiveDataRoot]).toEqual(["/var/lib/docker", undefined]);
  });

  test("rootless with the rootful docker:dind image: one line naming the field, the value and the fix", () => {
    expect(() => resolveConfig({ isolation: "rootless", dindImage: "docker:29.7.2-dind" })).toThrow(
      'devpod config (cdktf.json → context.devpod): dindImage = "docker:29.7.2-dind" is invalid: it is the rootful docker:dind variant, with isolation rootless: it has no rootlesskit, slirp4netns nor rootless user, so the sidecar cannot start dockerd; fix: use its -dind-rootless tag, e.g. docker:29.7.2-dind-rootless, or isolation privileged',
    );
    expect(() => resolveConfig({ isolation: "rootless", dindImage: "mirror.internal:5000/library/docker:29.7.2-dind" })).toThrow("rootful docker:dind variant");
    // A mirror's rootless tag and a digest (which cannot be read) are taken as given; privileged takes any release.
    expect(resolveConfig({ isolation: "rootless", dindImage: "mirror.internal:5000/docker:29.7.2-dind-rootless" }).dindImage).toBe(
      "mirror.internal:5000/docker:29.7.2-dind-rootless",
    );
    const digest = `docker@sha256:${"a".repeat(64)}`;
    expect(resolveConfig({ isolation: "rootless", dindImage: digest }).dindImage).toBe(digest);
    expect(resolveConfig({ dindImage: "docker:29.7.2-dind" }).dindImage).toBe("docker:29.7.2-dind");
    // A rootless default still gets the release check.
    expect(() => resolveConfig({ isolation: "rootless", dindImage: "docker:dind-rootless" })).toThrow("e.g. docker:29.7.2-dind-rootless");
  });
});

describe("the sidecar each mode synthesizes", () => {
  const privileged = sidecar({});
  const rootless = sidecar({ isolation: "rootless" });

  test("rootless argv: dockerd first (no TCP listener), the unix socket, group 0 inside the user namespace, its own data root, overlay2 pinned", () => {
    expect(rootless.args).toEqual([
      "dockerd",
      "--host=unix:///run/dind/docker.sock",
      "--group=0",
      "--data-root=/home/coder/.docker-data-rootless",
      "--storage-driver=overlay2",
      "--shutdown-timeout=15",
    ]);
    expect(privileged.args).toEqual([
      "dockerd",
      "--host=unix:///run/dind/docker.sock",
      "--group=1000",
      "--data-root=/home/coder/.docker-data",
      "--storage-driver=overlay2",
      "--shutdown-timeout=15",
    ]);
    expect(rootless.args.some((a: string) => /tcp:/.test(a))).toBe(false);
  });

  test("rootless command: home-group, the root prologue (uid/gid 1000, the status file), then dind-start with isolation rootless", () => {
    expect(rootless.command[0]).toBe("sh");
    expect(rootless.command[3]).toBe("dind-start");
    const text: string = rootless.command[2];
    const prologue = embedScript(ROOTLESS_PROLOGUE_SCRIPT, {
      DEVPOD_ROOTLESS_UID: 1000,
      DEVPOD_ROOTLESS_GID: 1000,
      DEVPOD_START_STATUS: "/run/dind/dind-start.status",
    });
    expect(text).toContain(prologue);
    expect(text.indexOf("# home-group.sh, embedded")).toBeLessThan(text.indexOf(`# ${ROOTLESS_PROLOGUE_SCRIPT}, embedded`));
    expect(text.indexOf(`# ${ROOTLESS_PROLOGUE_SCRIPT}, embedded`)).toBeLessThan(text.indexOf("# dind-start.sh, embedded"));
    expect(text).toContain("DEVPOD_ISOLATION='rootless'\n");
    expect(text).toContain("DEVPOD_INACTIVE_DATA_ROOT='/home/coder/.docker-data'\n");
    // The privileged command has no prologue.
    expect(privileged.command[2]).not.toContain(`# ${ROOTLESS_PROLOGUE_SCRIPT}, embedded`);
    expect(privileged.command[2]).toContain("DEVPOD_ISOLATION='privileged'\n");
  });

  test("both run privileged as root (the prologue needs it; rootlesskit's namespace inherits nothing), same env, same socket mount", () => {
    expect(rootless.security_context).toEqual({ privileged: true, run_as_user: "0" });
    expect(rootless.env).toEqual(privileged.env);
    expect(rootless.image).toBe("${var.dind_image}");
    const tf = synthDevpod({ isolation: "rootless" }).tf;
    expect(tf.variable.dind_image.default).toBe("docker:29.7.2-dind-rootless");
    // The workspace's DOCKER_HOST is the same socket.
    const workspace = podSpec(tf).container.find((c: Tf) => c.name !== DockerSidecar.CONTAINER_NAME);
    expect(workspace.env.find((e: Tf) => e.name === "DOCKER_HOST").value).toBe("unix:///run/dind/docker.sock");
  });

  test("dockerVolume separate: rootless mounts the volume's docker-rootless directory at the same data root, beside the privileged one's", () => {
    const mountOf = (c: Tf) => c.volume_mount.find((m: Tf) => m.mount_path === "/var/lib/docker");
    expect(mountOf(sidecar({ dockerVolume: "separate", isolation: "rootless" })).sub_path).toBe("docker-rootless");
    expect(mountOf(sidecar({ dockerVolume: "separate" })).sub_path).toBe("docker");
  });

  test("every bar holds: the guard passes, the volumes keep their addresses", () => {
    for (const devpod of [{ isolation: "rootless" }, { isolation: "rootless", dockerVolume: "separate" }]) {
      const { app } = buildDevpod(devpod);
      expect(() => guardDockerPods(app)).not.toThrow();
      const tf = synthDevpod(devpod).tf;
      expect(Object.keys(tf.resource.kubernetes_persistent_volume_claim_v1).sort()).toEqual(
        devpod.dockerVolume ? ["docker", "home"] : ["home"],
      );
    }
  });

  test("the verification runs in rootless mode and reads the start notice", () => {
    const script: string = synthDevpod({ isolation: "rootless" }).tf.resource.coder_script.verify_docker_storage.script;
    expect(script).toContain("DEVPOD_ISOLATION='rootless'\n");
    expect(script).toContain("DEVPOD_START_NOTICE='/run/dind/dind-start.notice'\n");
    expect(script).toContain("DEVPOD_DATA_ROOT='/home/coder/.docker-data-rootless'\n");
  });
});

describe("platform", () => {
  test("the namespace admits the privileged sidecar in both modes", () => {
    for (const isolation of ["privileged", "rootless"]) {
      const ns = synthPlatform({ isolation }).tf.resource.kubernetes_namespace_v1;
      const labels = (Object.values(ns)[0] as Tf).metadata.labels;
      expect(labels["pod-security.kubernetes.io/enforce"]).toBe("privileged");
    }
  });

  test("the preflight runs the rootless sidecar (its prologue names a node's missing requirement) and the rootless verification", () => {
    const pod = preflightPod(synthPlatform({ isolation: "rootless" }).tf);
    const docker = pod.container(DockerSidecar.CONTAINER_NAME);
    expect(docker.image).toBe("docker:29.7.2-dind-rootless");
    // The wrapper gets the template's own command and args.
    expect(docker.args.slice(0, 4)).toEqual(["sh", "-c", expect.stringContaining(`# ${ROOTLESS_PROLOGUE_SCRIPT}, embedded`), "dind-start"]);
    expect(docker.args).toContain("--data-root=/home/coder/.docker-data-rootless");
    expect(pod.container("check").command[4]).toContain("DEVPOD_ISOLATION='rootless'\n");
  });
});
