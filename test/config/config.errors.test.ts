// Bad cdktf.json → context.devpod values fail before any construct exists, naming the key, the value and the fix.
import { DevpodConfigError } from "../../lib/config/errors";
import { resolveConfig } from "../../lib/config/config";

test("throws when a key is unknown (a typo)", () => {
  expect(() => resolveConfig({ dataRoot: "/home/coder/docker" })).toThrowErrorMatchingInlineSnapshot(
    `"devpod config (cdktf.json → context.devpod): unknown key 'dataRoot'; fix: remove it or use one of accessMode, arch, backups, buildCacheSharePercent, devcontainers, dindImage, dockerDataRoot, dockerReadyTimeoutSeconds, dockerVolume, homeDiskAlertPercent, homePath, isolation, namespace, platform, presets, prewarmImages, registryMirrors, sizing, storageClass, useKubeconfig, verifyBaseImage, workspaceImage"`,
  );
});

test("throws when a key is a near miss, naming the key it probably means", () => {
  expect(() => resolveConfig({ storageClas: "longhorn" })).toThrow(
    /unknown key 'storageClas'; fix: did you mean 'storageClass'\? remove it/
  );
  expect(() => resolveConfig({ dockerdatarooot: "/home/coder/d" })).toThrow(
    /did you mean 'dockerDataRoot'\?/
  );
});

test("throws when the settings are not an object", () => {
  expect(() => resolveConfig("longhorn")).toThrowErrorMatchingInlineSnapshot(
    `"devpod config (cdktf.json → context.devpod): expected an object of settings, got "longhorn"; fix: write "devpod": { ... } or leave it out for the defaults"`
  );
});

test("throws when dockerDataRoot is off the home volume (the nested-overlay incident)", () => {
  expect(() =>
    resolveConfig({ dockerDataRoot: "/var/lib/docker" })
  ).toThrowErrorMatchingInlineSnapshot(
    `"devpod config (cdktf.json → context.devpod): dockerDataRoot = "/var/lib/docker" is invalid: it must be strictly below homePath (/home/coder), the persistent volume: anywhere else it sits on the container's overlayfs root, where dockerd falls back to vfs or builds fail with 'invalid argument'; fix: use e.g. /home/coder/.docker-data, or dockerVolume separate for a Docker volume of its own"`
  );
});

test("throws when dockerDataRoot equals homePath, saying why that is not enough", () => {
  expect(() =>
    resolveConfig({ dockerDataRoot: "/home/coder" })
  ).toThrowErrorMatchingInlineSnapshot(
    `"devpod config (cdktf.json → context.devpod): dockerDataRoot = "/home/coder" is invalid: it must be strictly below homePath (/home/coder), the persistent volume: Docker's data would mix with the home directory's files, and \`docker system prune\` would reach them; fix: use e.g. /home/coder/.docker-data, or dockerVolume separate for a Docker volume of its own"`
  );
});

test("throws when accessMode is not one Longhorn provisions for a single pod", () => {
  expect(() => resolveConfig({ accessMode: "ReadWriteMany" })).toThrow(
    /accessMode = "ReadWriteMany" is invalid: it must be one of ReadWriteOnce, ReadWriteOncePod/
  );
});

test("throws when a registry mirror is not an http(s) URL, or carries credentials", () => {
  expect(() => resolveConfig({ registryMirrors: "https://mirror" })).toThrow(
    /registryMirrors = "https:\/\/mirror" is invalid: it must be a list/
  );
  expect(() =>
    resolveConfig({ registryMirrors: ["https://user:pw@mirror"] })
  ).toThrowErrorMatchingInlineSnapshot(
    `"devpod config (cdktf.json → context.devpod): registryMirrors = ["https://user:***@mirror"] is invalid: "https://user:***@mirror" carries credentials (user:password@ or a token before '@'), which would be written into the template and the pod spec, readable by everyone who can read either; fix: remove the credentials: dockerd takes none from a mirror's URL; use a mirror that serves pulls without a login inside the cluster"`
  );
});

test("throws when useKubeconfig is not a JSON boolean", () => {
  expect(() =>
    resolveConfig({ useKubeconfig: "true" })
  ).toThrowErrorMatchingInlineSnapshot(
    `"devpod config (cdktf.json → context.devpod): useKubeconfig = "true" is invalid: it must be true or false, not a string; fix: write true without quotes (true, not "true")"`
  );
});

test("throws when the volume alert threshold is out of range", () => {
  expect(() => resolveConfig({ homeDiskAlertPercent: 100 })).toThrow(
    /homeDiskAlertPercent = 100 is invalid: it must be a whole number from 50 to 99/
  );
});

test("throws when homePath is relative, not normalized, or /", () => {
  expect(() =>
    resolveConfig({ homePath: "home/coder" })
  ).toThrowErrorMatchingInlineSnapshot(
    `"devpod config (cdktf.json → context.devpod): homePath = "home/coder" is invalid: it must be an absolute, normalized path of letters, digits and . _ - / (no trailing slash, no '..'); fix: use e.g. /home/coder"`
  );
  expect(() => resolveConfig({ homePath: "/home/../coder" })).toThrow(
    /homePath = "\/home\/..\/coder" is invalid/
  );
  expect(() => resolveConfig({ homePath: "/home/coder/" })).toThrow(
    /homePath = "\/home\/coder\/" is invalid/
  );
  expect(() =>
    resolveConfig({ homePath: "/" })
  ).toThrowErrorMatchingInlineSnapshot(
    `"devpod config (cdktf.json → context.devpod): homePath = "/" is invalid: it must not be /; fix: mount the home volume at e.g. /home/coder"`
  );
});

test("throws when a path could break the embedded shell script", () => {
  expect(() =>
    resolveConfig({ dockerDataRoot: "/home/coder/$(reboot)" })
  ).toThrow(/dockerDataRoot = .* is invalid/);
  expect(() => resolveConfig({ homePath: "/home/my coder" })).toThrow(
    /homePath = "\/home\/my coder" is invalid/
  );
});

test("throws when the namespace is not a DNS label", () => {
  expect(() =>
    resolveConfig({ namespace: "Coder_Workspaces" })
  ).toThrowErrorMatchingInlineSnapshot(
    `"devpod config (cdktf.json → context.devpod): namespace = "Coder_Workspaces" is invalid: it must be a DNS-1123 label (lower-case letters, digits, '-'), at most 63 characters; fix: use e.g. coder-workspaces"`
  );
  expect(() => resolveConfig({ namespace: "a".repeat(64) })).toThrow(
    /namespace = "a{64}" is invalid/
  );
});

test("throws when the storage class is not a valid name", () => {
  expect(() => resolveConfig({ storageClass: "" })).toThrow(
    /storageClass = "" is invalid: it must be a StorageClass name/
  );
});

test("throws when an image reference has spaces or quotes, naming the character (the grammar: test/config/image-reference.test.ts)", () => {
  expect(() => resolveConfig({ dindImage: "docker:29 dind" })).toThrowErrorMatchingInlineSnapshot(
    `"devpod config (cdktf.json → context.devpod): dindImage = "docker:29 dind" is invalid: it contains " ", which no image reference holds (an image reference is [registry[:port]/]name[:tag][@digest]); fix: use a full version tag or a digest, e.g. docker:29.7.2-dind or <your mirror>/docker@sha256:<64 hex digits>"`,
  );
  expect(() => resolveConfig({ workspaceImage: "img'" })).toThrow(/workspaceImage = "img'" is invalid: it contains "'"/);
  expect(() => resolveConfig({ verifyBaseImage: 3 })).toThrow(/verifyBaseImage = 3 is invalid/);
});

test("throws when isolation is sysbox (not built) or unknown", () => {
  expect(() =>
    resolveConfig({ isolation: "sysbox" })
  ).toThrowErrorMatchingInlineSnapshot(
    `"devpod config (cdktf.json → context.devpod): isolation = "sysbox" is invalid: it must be one of privileged, rootless; fix: use privileged (dockerd as root) or rootless (dockerd as uid 1000 under rootlesskit)"`
  );
});

test("throws when arch is not one the agent ships for", () => {
  expect(() => resolveConfig({ arch: "x86_64" })).toThrow(
    /arch = "x86_64" is invalid: it must be one of amd64, arm64, armv7/
  );
});

test("throws when the dockerd wait is not a whole number of seconds in range", () => {
  expect(() =>
    resolveConfig({ dockerReadyTimeoutSeconds: 1 })
  ).toThrowErrorMatchingInlineSnapshot(
    `"devpod config (cdktf.json → context.devpod): dockerReadyTimeoutSeconds = 1 is invalid: it must be a whole number from 5 to 300; fix: use e.g. 90"`
  );
  expect(() => resolveConfig({ dockerReadyTimeoutSeconds: "90" })).toThrow(
    /dockerReadyTimeoutSeconds = "90" is invalid/
  );
});

test("errors are DevpodConfigErrors that carry the key", () => {
  try {
    resolveConfig({ storageClass: "Longhorn" });
    throw new Error("no error");
  } catch (e) {
    expect(e).toBeInstanceOf(DevpodConfigError);
    expect((e as DevpodConfigError).key).toBe("storageClass");
  }
});

test.each([
  [{ homePath: "/run/dind" }, 'homePath = "/run/dind" is invalid: it must not be in /run'],
  [{ homePath: "/dev/shm" }, 'homePath = "/dev/shm" is invalid: it must not be in /dev'],
  [{ homePath: "/tmp" }, 'homePath = "/tmp" is invalid: it must not be in /tmp'],
  [{ dockerVolume: "separate", dockerDataRoot: "/run/docker" }, 'dockerDataRoot = "/run/docker" is invalid: it must not be in /run'],
  [{ dockerVolume: "separate", dockerDataRoot: "/usr/docker" }, 'dockerDataRoot = "/usr/docker" is invalid: it must not be in /usr'],
])("a volume over the container's system or runtime directories is refused: %j", (devpod, message) => {
  expect(() => resolveConfig(devpod)).toThrow(message);
});

test("paths beside the reserved ones are accepted (a prefix is not a parent)", () => {
  expect(resolveConfig({ homePath: "/workspace" }).dockerDataRoot).toBe("/workspace/.docker-data");
  expect(resolveConfig({ homePath: "/runner" }).homePath).toBe("/runner");
  expect(resolveConfig({ dockerVolume: "separate", dockerDataRoot: "/var/lib/docker" }).dockerDataRoot).toBe("/var/lib/docker");
});
