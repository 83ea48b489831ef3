// What a user reads when cdktf.json is wrong: a misspelt key names the nearest valid one at every level, a value of
// the wrong JSON type says which type it must be, and a URL with credentials is refused without echoing the secret.
import { resolveConfig } from "../../lib/config/config";
import { redactUrlCredentials, hasUrlCredentials } from "../../lib/config/url-pattern";

const PREFIX = "devpod config (cdktf.json → context.devpod): ";
/** The message resolveConfig throws for `raw`, without the common prefix; "accepted" when it throws nothing. */
const message = (raw: unknown): string => {
  try {
    resolveConfig(raw);
  } catch (e) {
    const text = (e as Error).message;
    expect(text.startsWith(PREFIX)).toBe(true);
    expect(text).not.toContain("\n");
    return text.slice(PREFIX.length);
  }
  return "accepted";
};
const preset = (parameters: unknown, more: object = {}) => ({ presets: { Small: { parameters, ...more } } });

describe("a misspelt nested key names the nearest valid key at its own level", () => {
  it.each<[string, unknown, string, string]>([
    ["sizing", { sizing: { cpuCore: {} } }, "sizing.cpuCore", "sizing.cpuCores"],
    ["a sizing choice", { sizing: { memoryGiB: { option: [2] } } }, "sizing.memoryGiB.option", "sizing.memoryGiB.options"],
    ["the home disk", { sizing: { homeDiskGiB: { maxx: 10 } } }, "sizing.homeDiskGiB.maxx", "sizing.homeDiskGiB.max"],
    ["a preset", preset(undefined, { parametrs: {} }), "presets.Small.parametrs", "presets.Small.parameters"],
    ["a preset's parameters", preset({ cpus: 2 }), "presets.Small.parameters.cpus", "presets.Small.parameters.cpu"],
    ["a preset's prebuilds", preset({}, { prebuilds: { instance: 1 } }), "presets.Small.prebuilds.instance", "presets.Small.prebuilds.instances"],
    ["platform", { platform: { templatename: "x" } }, "platform.templatename", "platform.templateName"],
    ["platform.state", { platform: { state: { backnd: "local" } } }, "platform.state.backnd", "platform.state.backend"],
    ["dev containers", { devcontainers: { nodeImg: "node:22.12.0" } }, "devcontainers.nodeImg", "devcontainers.nodeImage"],
    ["backups", { backups: { enabeld: true } }, "backups.enabeld", "backups.enabled"],
    // Three edits away is still a suggestion (the top level's rule).
    ["platform.state, three edits away", { platform: { state: { bknd: "local" } } }, "platform.state.bknd", "platform.state.backend"],
  ])("%s", (_, raw, key, suggestion) => {
    expect(message(raw)).toContain(`unknown key '${key}'; fix: did you mean '${suggestion}'? remove it or use one of `);
  });

  it("suggests nothing for a key far from every valid one, and still lists them", () => {
    expect(message({ sizing: { gpuCount: 1 } })).toBe(
      "unknown key 'sizing.gpuCount'; fix: remove it or use one of sizing.cpuCores, sizing.memoryGiB, sizing.homeDiskGiB, sizing.sidecarSharePercent",
    );
  });

  it("the top level keeps its own suggestion", () => {
    expect(message({ sizng: {} })).toContain("unknown key 'sizng'; fix: did you mean 'sizing'?");
  });
});

describe("a value of the wrong JSON type names the type it must be and the one it is", () => {
  it("a number written as a string: the fix says to drop the quotes", () => {
    expect(message(preset({ cpu: "2" }))).toBe(
      `presets.Small.parameters.cpu = "2" is invalid: it must be a number, not a string; fix: write 2 without quotes (2, not "2")`,
    );
  });

  it.each<[unknown, string]>([
    [preset({ memory: "4" }), `presets.Small.parameters.memory = "4" is invalid: it must be a number, not a string`],
    [preset({ home_disk_size: "50" }), `presets.Small.parameters.home_disk_size = "50" is invalid: it must be a number, not a string`],
    [preset({}, { prebuilds: { instances: "2" } }), `presets.Small.prebuilds.instances = "2" is invalid: it must be a number, not a string`],
    [preset({}, { default: "true" }), `presets.Small.default = "true" is invalid: it must be true or false, not a string; fix: write true without quotes`],
    [preset({}, { icon: 7 }), "presets.Small.icon = 7 is invalid: it must be a string, not a number"],
    [{ presets: { Small: [] } }, "presets.Small = [] is invalid: it must be an object, not a list"],
    [{ sizing: { cpuCores: { default: "4" } } }, `sizing.cpuCores.default = "4" is invalid: it must be a number, not a string`],
    [{ sizing: { memoryGiB: { options: "2,4" } } }, `sizing.memoryGiB.options = "2,4" is invalid: it must be a list, not a string`],
    [{ sizing: { memoryGiB: { options: [2, "4"] } } }, `sizing.memoryGiB.options = [2,"4"] is invalid: its entry "4" must be a number, not a string; fix: write 4 without quotes`],
    [{ sizing: { homeDiskGiB: { max: "1000" } } }, `sizing.homeDiskGiB.max = "1000" is invalid: it must be a number, not a string`],
    [{ sizing: { sidecarSharePercent: "50" } }, `sizing.sidecarSharePercent = "50" is invalid: it must be a number, not a string`],
    [{ sizing: 4 }, "sizing = 4 is invalid: it must be an object, not a number"],
    [{ dockerReadyTimeoutSeconds: "90" }, `dockerReadyTimeoutSeconds = "90" is invalid: it must be a number, not a string`],
    [{ homeDiskAlertPercent: true }, "homeDiskAlertPercent = true is invalid: it must be a number, not a boolean; fix: use e.g. 90"],
    [{ useKubeconfig: 1 }, "useKubeconfig = 1 is invalid: it must be true or false, not a number; fix: use true when Coder runs outside"],
    [{ namespace: 5 }, "namespace = 5 is invalid: it must be a string, not a number"],
    [{ homePath: ["/home/coder"] }, `homePath = ["/home/coder"] is invalid: it must be a string, not a list`],
    [{ arch: null, accessMode: 1 }, "accessMode = 1 is invalid: it must be a string, not a number"],
    [{ dindImage: {} }, "dindImage = {} is invalid: it must be a string, not an object"],
    [{ registryMirrors: "https://mirror" }, `registryMirrors = "https://mirror" is invalid: it must be a list, not a string`],
    [{ registryMirrors: [1] }, "registryMirrors = [1] is invalid: its entry 1 must be a string, not a number"],
    [{ prewarmImages: [null] }, "prewarmImages = [null] is invalid: its entry null must be a string, not null"],
    [{ devcontainers: { enabled: "yes" } }, `devcontainers.enabled = "yes" is invalid: it must be true or false, not a string; fix: use true to offer dev containers`],
    [{ devcontainers: { reposDir: 1 } }, "devcontainers.reposDir = 1 is invalid: it must be a string, not a number"],
    [{ devcontainers: { nodeImage: 22 } }, "devcontainers.nodeImage = 22 is invalid: it must be a string, not a number"],
    [{ platform: { storageClass: { replicaCount: "2" } } }, `platform.storageClass.replicaCount = "2" is invalid: it must be a number, not a string`],
    [{ platform: { templateName: 5 } }, "platform.templateName = 5 is invalid: it must be a string, not a number"],
    [{ platform: { import: { template: "false" } } }, `platform.import.template = "false" is invalid: it must be true or false, not a string; fix: write false without quotes`],
    [{ platform: { state: { backend: 1 } } }, "platform.state.backend = 1 is invalid: it must be a string, not a number"],
    [{ prewarmImages: "node:22" }, `prewarmImages = "node:22" is invalid: it must be a list, not a string`],
    [preset({}, { prebuilds: { instances: 1, expirationSeconds: "3600" } }), `presets.Small.prebuilds.expirationSeconds = "3600" is invalid: it must be a number, not a string`],
    [{ devcontainers: [] }, "devcontainers = [] is invalid: it must be an object, not a list"],
  ])("%j", (raw, expected) => {
    expect(message(raw)).toContain(expected);
  });

  it("a string that is not a number keeps the setting's own fix", () => {
    expect(message(preset({ cpu: "two" }))).toBe(`presets.Small.parameters.cpu = "two" is invalid: it must be a number, not a string; fix: use one of 2, 4, 6, 8`);
    expect(message({ sizing: { cpuCores: { default: "" } } })).toBe(`sizing.cpuCores.default = "" is invalid: it must be a number, not a string; fix: use e.g. 2`);
  });

  it("\"Infinity\" is no number JSON can hold: the setting's own fix, not 'without quotes'", () => {
    expect(message(preset({ cpu: "Infinity" }))).toBe(`presets.Small.parameters.cpu = "Infinity" is invalid: it must be a number, not a string; fix: use one of 2, 4, 6, 8`);
  });

  it("a value that is not set gets its rule, not a type (a prebuild without instances)", () => {
    expect(message(preset({}, { prebuilds: {} }))).toContain("presets.Small.prebuilds.instances = undefined is invalid: it must be a whole number from 0 to 50");
  });

  it("a value of the right type but out of its rule still gets the rule", () => {
    expect(message(preset({ cpu: 3 }))).toContain("presets.Small.parameters.cpu = 3 is invalid: it must be one of the parameter's options");
    expect(message({ useKubeconfig: true })).toBe("accepted");
  });
});

describe("a URL with credentials is refused, and the message never shows the secret", () => {
  const SECRET = "s3cr3t-Pa55";
  it.each<[string, unknown, string, string]>([
    ["a registry mirror", { registryMirrors: ["https://mirror.internal", `https://puller:${SECRET}@mirror.example:5000/v2`] }, "registryMirrors", "https://puller:***@mirror.example:5000/v2"],
    ["a registry mirror with a token alone", { registryMirrors: [`https://${SECRET}@mirror.example`] }, "registryMirrors", "https://***@mirror.example"],
    ["the npm registry", { devcontainers: { npmRegistry: `https://ci:${SECRET}@npm.example.internal` } }, "devcontainers.npmRegistry", "https://ci:***@npm.example.internal"],
    ["a repository", { devcontainers: { defaultRepository: `https://x-access-token:${SECRET}@github.com/org/repo.git` } }, "devcontainers.defaultRepository", "https://x-access-token:***@github.com/org/repo.git"],
    ["a repository with a token alone", { devcontainers: { defaultRepository: `https://${SECRET}@github.com/org/repo.git` } }, "devcontainers.defaultRepository", "https://***@github.com/org/repo.git"],
    ["a preset icon", preset({}, { icon: `https://u:${SECRET}@icons.example/cpu.svg` }), "presets.Small.icon", "https://u:***@icons.example/cpu.svg"],
  ])("%s", (_, raw, key, redacted) => {
    const text = message(raw);
    expect(text).not.toContain(SECRET);
    expect(text).toContain(`${key} = `);
    expect(text).toContain(`is invalid: "${redacted}" carries credentials`);
    expect(text).toMatch(/; fix: remove (the credentials|them)/);
  });

  it("ssh://git@ is git's user name, not a credential: the repository is accepted", () => {
    expect(resolveConfig({ devcontainers: { defaultRepository: "ssh://git@github.com/org/repo.git" } }).devcontainers.defaultRepository).toBe("ssh://git@github.com/org/repo.git");
    expect(hasUrlCredentials("ssh://git@github.com/org/repo.git")).toBe(false);
    expect(hasUrlCredentials("ssh://git:pw@github.com/org/repo.git")).toBe(true);
  });

  it("every config message is redacted, whatever rule refused the value", () => {
    // A list that is too long is refused for its length; the secret in one of its entries is still not shown.
    const images = Array.from({ length: 21 }, (_, i) => `img${i}:1`);
    expect(message({ prewarmImages: [...images, `https://u:${SECRET}@x`] })).not.toContain(SECRET);
    expect(message({ platform: { template: { icon: `https://u:${SECRET}@icons.example/a.svg x` } } })).not.toContain(SECRET);
  });

  it("redactUrlCredentials keeps the user name before a password, hides a lone token, and leaves other text alone", () => {
    expect(redactUrlCredentials(`a "https://u:${SECRET}@h/p" and http://${SECRET}@h2 and ssh://git@h3/r`)).toBe(
      `a "https://u:***@h/p" and http://***@h2 and ssh://git@h3/r`,
    );
    expect(redactUrlCredentials("git@github.com:org/repo.git, docker:29.7.2-dind@sha256:abc, a@b.c")).toBe("git@github.com:org/repo.git, docker:29.7.2-dind@sha256:abc, a@b.c");
  });
});

describe("devcontainers.nodeImage's message shows a node release", () => {
  it("a moving node tag is refused with a node tag as the example, not the Docker sidecar's", () => {
    const text = message({ devcontainers: { nodeImage: "node:22" } });
    expect(text).toContain("devcontainers.nodeImage = \"node:22\" is invalid: it must be an exact release of an image: it has the tag '22', which is not an exact release (a full version such as 22.12.0-bookworm-slim)");
    expect(text).not.toContain("dind");
  });

  it("dindImage keeps the Docker release as its example", () => {
    expect(message({ dindImage: "docker:29" })).toContain("(a full version such as 29.7.2-dind)");
  });
});
