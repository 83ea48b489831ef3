// The defaults a platform team gets with an empty context.devpod, pinned one by one.
import { resolveConfig } from "../../lib/config/config";

const config = resolveConfig(undefined);

test("home volume at /home/coder on longhorn, Docker data root below it", () => {
  expect(config.homePath).toBe("/home/coder");
  expect(config.storageClass).toBe("longhorn");
  expect(config.dockerDataRoot).toBe("/home/coder/.docker-data");
});

test("the data root follows homePath when only homePath is set", () => {
  expect(resolveConfig({ homePath: "/workspace" }).dockerDataRoot).toBe("/workspace/.docker-data");
});

test("dockerd listens on a unix socket outside its own exec-root, and DOCKER_HOST points at it", () => {
  expect(config.dockerSocketPath).toBe("/run/dind/docker.sock");
  expect(config.dockerSocketPath.startsWith(config.dockerSocketDir + "/")).toBe(true);
  expect(config.dockerSocketDir.startsWith("/run/docker")).toBe(false);
  expect(config.dockerHost).toBe(`unix://${config.dockerSocketPath}`);
});

test("images, isolation, arch and the verification defaults", () => {
  expect(config).toMatchObject({
    namespace: "coder-workspaces",
    dindImage: "docker:29.7.2-dind",
    accessMode: "ReadWriteOnce",
    registryMirrors: [],
    homeDiskAlertPercent: 90,
    workspaceImage: "codercom/enterprise-base:ubuntu",
    isolation: "privileged",
    arch: "amd64",
    verifyBaseImage: "alpine:3.20",
    dockerReadyTimeoutSeconds: 90,
    workspaceUid: 1000,
    workspaceGid: 1000,
  });
});
