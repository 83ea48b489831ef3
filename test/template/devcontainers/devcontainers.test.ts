// Dev containers on the sidecar (lib/template/devcontainers): resources only when enabled, every coder_* object valid against
// the coder provider's schema, the folder and count as terraform computes them, and the config section's errors.
import * as fs from "fs";
import * as path from "path";
import { resolveConfig } from "../../../lib/config/config";
import { devcontainerCliPin } from "../../../lib/template/devcontainers/devcontainer-cli";
import { REPOSITORY_PARAMETER } from "../../../lib/template/devcontainers/devcontainer-repository";
import { MIN_CODER_VERSION } from "../../../lib/template/devcontainers/dev-containers";
import { DEVCONTAINERS_DEFAULTS } from "../../../lib/config/devcontainers-config";
import { Tf, synthDevpod } from "../../helpers";
import { renderWithTerraform, terraformUnavailable } from "../../terraform";
import { requireOrSkip } from "../../dind/environment";

const schema = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "..", "lib", "providers", "gen", "coder-provider-schema-v2.17.0.json"), "utf8"));
const coder: Tf = Object.values(schema.provider_schemas as Tf)[0];
const enabled = synthDevpod({ devcontainers: { enabled: true } }).tf;
const withConfigPath = synthDevpod({ devcontainers: { enabled: true, configPath: ".devcontainer/python/devcontainer.json", reposDir: "work", externalAuth: ["github"] } }).tf;
const SCRIPTS = ["devcontainer_cli", "devcontainer_clone", "devcontainer_prune"];
const skipTf = requireOrSkip("terraform (dev containers)", terraformUnavailable());
const describeTf = skipTf ? describe.skip : describe;

describe("opt-in", () => {
  test("by default the template has no dev container, no repository parameter and none of its scripts", () => {
    const { tf } = synthDevpod({});
    expect(tf.resource.coder_devcontainer).toBeUndefined();
    expect(Object.keys(tf.resource.coder_script)).toEqual(["verify_docker_storage"]);
    expect(tf.data.coder_parameter[REPOSITORY_PARAMETER]).toBeUndefined();
    // enabled: false is the default, spelled out.
    expect(synthDevpod({ devcontainers: { enabled: false, defaultRepository: "https://x.example/a/b.git" } }).text).toBe(synthDevpod({}).text);
  });

  test("enabled, it adds the parameter, three scripts and one coder_devcontainer, all at pinned addresses", () => {
    expect(Object.keys(enabled.resource.coder_devcontainer)).toEqual(["repository"]);
    expect(Object.keys(enabled.resource.coder_script).sort()).toEqual([...SCRIPTS, "verify_docker_storage"]);
    expect(enabled.data.coder_parameter[REPOSITORY_PARAMETER]).toMatchObject({ name: REPOSITORY_PARAMETER, type: "string", default: "", mutable: true });
  });

  test("the dev container, its clone and its prune exist only while the workspace runs and a repository is set", () => {
    const count = "${(length(data.coder_parameter.devcontainer_repository.value) >= 1) ? data.coder_workspace.me.start_count : 0}";
    expect(enabled.resource.coder_devcontainer.repository.count).toBe(count);
    for (const name of SCRIPTS) expect({ name, count: enabled.resource.coder_script[name].count }).toEqual({ name, count });
    // Login does not wait for them; the agent starts the dev container once every startup script has finished.
    for (const name of SCRIPTS) expect(enabled.resource.coder_script[name].start_blocks_login).toBeUndefined();
    expect(enabled.resource.coder_script.verify_docker_storage.start_blocks_login).toBe(true);
  });

  test("the dev container points at the clone's folder, the same the clone and prune scripts get; config_path only when set", () => {
    const dc = enabled.resource.coder_devcontainer.repository;
    expect(dc.agent_id).toBe("${coder_agent.main.id}");
    expect(dc.workspace_folder).toMatch(/^\/home\/coder\/src\/\$\{trimsuffix\(/);
    expect(dc.config_path).toBeUndefined();
    for (const name of ["devcontainer_clone", "devcontainer_prune"]) {
      expect(enabled.resource.coder_script[name].script).toContain(`DEVPOD_REPO_DIR='${dc.workspace_folder}'`);
    }
    const other = withConfigPath.resource.coder_devcontainer.repository;
    expect(other.workspace_folder).toMatch(/^\/home\/coder\/work\//);
    expect(other.config_path).toBe(`${other.workspace_folder}/.devcontainer/python/devcontainer.json`);
    expect(withConfigPath.resource.coder_script.devcontainer_prune.script).toContain("DEVPOD_CONFIG_PATH='.devcontainer/python/devcontainer.json'\n");
  });

  test("the clone has a deadline: Coder's timeout above the script's own limits, so the script's line comes first", () => {
    const clone = enabled.resource.coder_script.devcontainer_clone;
    expect(clone.script).toContain("\nDEVPOD_CLONE_SECONDS='900'\nDEVPOD_ASKPASS_SECONDS='120'\n");
    expect(clone.timeout).toBe(930);
  });

  test("externalAuth: one required data.coder_external_auth per provider, at its id's address; none by default", () => {
    expect(enabled.data.coder_external_auth).toBeUndefined();
    const ids = ["github", "primary-gitlab", "a".repeat(32)];
    const tf = synthDevpod({ devcontainers: { enabled: true, externalAuth: ids } }).tf;
    expect(tf.data.coder_external_auth).toEqual(Object.fromEntries(ids.map((id) => [id, { id }])));
    // Only with dev containers: the list belongs to their clone.
    expect(synthDevpod({ devcontainers: { enabled: false, externalAuth: ["github"] } }).tf.data.coder_external_auth).toBeUndefined();
  });

  test("the CLI script carries the pin of package.json and package-lock.json, the mirrors' settings and the template's socket", () => {
    const pin = devcontainerCliPin();
    const lock = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "..", "package-lock.json"), "utf8"));
    expect(pin.version).toBe(lock.packages["node_modules/@devcontainers/cli"].version);
    expect(Buffer.from(pin.sha512, "hex").toString("base64")).toBe(lock.packages["node_modules/@devcontainers/cli"].integrity.slice(7));
    const script = enabled.resource.coder_script.devcontainer_cli.script;
    expect(script).toContain(`DEVPOD_CLI_VERSION='${pin.version}'\nDEVPOD_CLI_SHA512='${pin.sha512}'\n`);
    expect(script).toContain("DEVPOD_NPM_REGISTRY='https://registry.npmjs.org'\nDEVPOD_NODE_IMAGE='node:22.12.0-bookworm-slim'\n");
    expect(script).toContain("DEVPOD_CLI_ROOT='/home/coder/.devpod/devcontainer-cli'\nDEVPOD_DOCKER_HOST='unix:///run/dind/docker.sock'\n");
    // The wrapper's gate is the file the verification writes: the same path in both scripts.
    const marker = /\nDEVPOD_VERIFIED_MARKER='([^']+)'\n/;
    expect(script.match(marker)?.[1]).toBe("/tmp/devpod-docker-verified");
    expect(enabled.resource.coder_script.verify_docker_storage.script.match(marker)?.[1]).toBe("/tmp/devpod-docker-verified");
    const mirrored = synthDevpod({ devcontainers: { enabled: true, npmRegistry: "https://npm.example.internal/repo", nodeImage: "mirror.example/node:22.12.0-bookworm-slim" } }).tf;
    expect(mirrored.resource.coder_script.devcontainer_cli.script).toContain(
      "DEVPOD_NPM_REGISTRY='https://npm.example.internal/repo'\nDEVPOD_NODE_IMAGE='mirror.example/node:22.12.0-bookworm-slim'\n",
    );
  });
});

describe("every coder_* object matches the coder provider v2.17.0 schema", () => {
  const META = new Set(["count", "depends_on", "for_each", "lifecycle", "provider"]);
  /** What is wrong with `value` against a schema block: unknown keys, missing required ones, computed-only ones set. */
  const problems = (value: Tf, block: Tf, at: string): string[] => {
    const found: string[] = [];
    const attributes: Tf = block.attributes ?? {};
    const blocks: Tf = block.block_types ?? {};
    for (const [key, v] of Object.entries(value)) {
      if (META.has(key) && at.split(".").length === 2) continue;
      if (attributes[key]) {
        if (attributes[key].computed && !attributes[key].optional && !attributes[key].required) found.push(`${at}.${key} is computed only`);
      } else if (blocks[key]) {
        const items = Array.isArray(v) ? v : [v];
        if (blocks[key].max_items !== undefined && items.length > blocks[key].max_items) found.push(`${at}.${key}: more than ${blocks[key].max_items}`);
        items.forEach((item: Tf, i: number) => found.push(...problems(item, blocks[key].block, `${at}.${key}[${i}]`)));
      } else {
        found.push(`${at}.${key} is not in the schema`);
      }
    }
    for (const [key, a] of Object.entries(attributes)) if ((a as Tf).required && !(key in value)) found.push(`${at}.${key} is required`);
    for (const [key, b] of Object.entries(blocks)) if (((b as Tf).min_items ?? 0) > 0 && !(key in value)) found.push(`${at}.${key} block is required`);
    return found;
  };
  const objects = (tf: Tf) => [
    ...Object.entries(tf.resource).flatMap(([type, byName]) =>
      Object.entries(byName as Tf).map(([name, value]) => ({ at: `${type}.${name}`, type, schema: coder.resource_schemas[type], value })),
    ),
    ...Object.entries(tf.data).flatMap(([type, byName]) =>
      Object.entries(byName as Tf).map(([name, value]) => ({ at: `data.${type}.${name}`, type, schema: coder.data_source_schemas[type], value })),
    ),
  ].filter((o) => o.type.startsWith("coder_"));

  test.each([
    ["enabled", enabled],
    ["enabled with configPath", withConfigPath],
  ])("%s", (_, tf) => {
    const all = objects(tf);
    expect(all.map((o) => o.at)).toEqual(expect.arrayContaining(["coder_devcontainer.repository", "coder_script.devcontainer_cli", `data.coder_parameter.${REPOSITORY_PARAMETER}`]));
    for (const o of all) {
      expect({ at: o.at, known: o.schema !== undefined }).toEqual({ at: o.at, known: true });
      expect({ at: o.at, problems: problems(o.value, o.schema.block, o.at) }).toEqual({ at: o.at, problems: [] });
    }
  });

  test("the check itself finds an unknown, a missing and a computed-only attribute", () => {
    const dc = coder.resource_schemas.coder_devcontainer.block;
    expect(problems({ agent_id: "a", subagent_id: "x", folder: "/f" }, dc, "coder_devcontainer.x")).toEqual([
      "coder_devcontainer.x.subagent_id is computed only",
      "coder_devcontainer.x.folder is not in the schema",
      "coder_devcontainer.x.workspace_folder is required",
    ]);
  });
});

describeTf("as terraform computes it", () => {
  const dc = enabled.resource.coder_devcontainer.repository;
  const parameter = enabled.data.coder_parameter[REPOSITORY_PARAMETER];
  const ref = "data.coder_parameter.devcontainer_repository.value";
  const cases: Record<string, string> = {
    https: "https://github.com/coder/coder.git",
    httpsNoSuffix: "https://gitlab.example.com:8443/group/sub/tool",
    scp: "git@github.com:devcontainers/templates.git",
    ssh: "ssh://git@git.example.com:2222/team/app.git",
    empty: "",
    quote: "https://x.example/a'b",
    credentials: "https://user:secret@x.example/a.git",
    file: "file:///etc",
  };
  let rendered: Record<string, string>;
  beforeAll(() => {
    const values: Record<string, string> = {};
    for (const [name, url] of Object.entries(cases)) {
      const sub = (s: string) => s.split(ref).join(`var.${name}`);
      values[`${name}_folder`] = sub(dc.workspace_folder);
      values[`${name}_count`] = sub(dc.count.replace("data.coder_workspace.me.start_count", "1"));
      values[`${name}_valid`] = `\${can(regex(${JSON.stringify(parameter.validation.regex)}, var.${name}))}`;
      void url;
    }
    const variable = Object.fromEntries(Object.entries(cases).map(([name, url]) => [name, { type: "string", default: url }]));
    rendered = renderWithTerraform(values, { variable });
  }, 60_000);

  test("the folder is <home>/<reposDir>/<last segment without .git>", () => {
    expect(rendered.https_folder).toBe("/home/coder/src/coder");
    expect(rendered.httpsNoSuffix_folder).toBe("/home/coder/src/tool");
    expect(rendered.scp_folder).toBe("/home/coder/src/templates");
    expect(rendered.ssh_folder).toBe("/home/coder/src/app");
  });

  test("no repository: no instances; a repository: start_count instances", () => {
    expect(rendered.empty_count).toBe("0");
    expect(rendered.https_count).toBe("1");
  });

  test("the parameter's validation (RE2, as Coder runs it) takes https and ssh URLs and empty, and refuses quotes, credentials and file://", () => {
    for (const ok of ["https", "httpsNoSuffix", "scp", "ssh", "empty"]) expect({ ok, valid: rendered[`${ok}_valid`] }).toEqual({ ok, valid: "true" });
    for (const bad of ["quote", "credentials", "file"]) expect({ bad, valid: rendered[`${bad}_valid`] }).toEqual({ bad, valid: "false" });
  });
});

describe("config errors name the key, the value and the fix", () => {
  test.each([
    [{ devcontainers: true }, "devcontainers = true is invalid: it must be an object, not a boolean"],
    [{ devcontainers: { enable: true } }, "unknown key 'devcontainers.enable'"],
    [{ devcontainers: { enabled: "yes" } }, 'devcontainers.enabled = "yes" is invalid: it must be true or false'],
    [{ devcontainers: { defaultRepository: "https://u:p@x.example/r.git" } }, "devcontainers.defaultRepository"],
    [{ devcontainers: { reposDir: "../elsewhere" } }, 'devcontainers.reposDir = "../elsewhere" is invalid: it must be a relative path below the home path'],
    // A trailing slash would make the folder <home>/src//<name>: one the agent's and the CLI's labels spell differently.
    [{ devcontainers: { reposDir: "src/" } }, 'devcontainers.reposDir = "src/" is invalid: it must be a relative path below the home path, without \'..\' or a trailing slash'],
    [{ devcontainers: { configPath: "/abs/devcontainer.json" } }, "devcontainers.configPath"],
    [{ devcontainers: { npmRegistry: "ftp://mirror" } }, 'devcontainers.npmRegistry = "ftp://mirror" is invalid: it must be an http(s) URL without credentials; fix: use your npm mirror'],
    [{ devcontainers: { nodeImage: "node 22" } }, 'devcontainers.nodeImage = "node 22" is invalid'],
    [{ devcontainers: { externalAuth: "github" } }, 'devcontainers.externalAuth = "github" is invalid: it must be a list of external-auth provider ids'],
    [{ devcontainers: { externalAuth: ["github", "gitlab", "github"] } }, 'it must name each provider once: "github" is listed twice'],
    [{ devcontainers: { externalAuth: ["1github"] } }, 'it must hold provider ids (letters, digits and single hyphens, starting with a letter, at most 32): "1github" is not one'],
    [{ devcontainers: { externalAuth: ["git--hub"] } }, '"git--hub" is not one'],
    [{ devcontainers: { externalAuth: ["github-"] } }, '"github-" is not one'],
    [{ devcontainers: { externalAuth: ["a".repeat(33)] } }, `"${"a".repeat(33)}" is not one`],
    [{ devcontainers: { externalAuth: [7] } }, "7 is not one"],
    [{ devcontainers: { nodeImage: "node:22" } }, 'devcontainers.nodeImage = "node:22" is invalid: it must be an exact release of an image: it has the tag \'22\''],
    [{ devcontainers: { nodeImage: "node:22:23" } }, "devcontainers.nodeImage = \"node:22:23\" is invalid: it must be an exact release of an image: it has more than one ':'"],
  ])("%j", (devpod, message) => {
    expect(() => resolveConfig(devpod)).toThrow(message);
    expect(() => resolveConfig(devpod)).toThrow(/; fix: /);
  });
});

test("the docs list every key of the section with its real default, and the raised Coder minimum (README: only when enabled)", () => {
  const root = path.join(__dirname, "..", "..", "..");
  const docs = fs.readFileSync(path.join(root, "docs", "devcontainers.md"), "utf8");
  const rows = new Map([...docs.matchAll(/^\| `devcontainers\.(\w+)` \| `([^`]*)` \|/gm)].map((m) => [m[1], m[2]]));
  expect([...rows.keys()].sort()).toEqual(Object.keys(DEVCONTAINERS_DEFAULTS).sort());
  for (const [key, value] of Object.entries(DEVCONTAINERS_DEFAULTS)) {
    const shown = typeof value === "string" ? JSON.stringify(value).replace(/^"(.+)"$/, "$1") : Array.isArray(value) ? JSON.stringify(value) : String(value);
    expect({ key, default: rows.get(key) }).toEqual({ key, default: shown });
  }
  expect(docs).toContain(`**Coder v${MIN_CODER_VERSION} or later** when enabled`);
  const [major, minor] = MIN_CODER_VERSION.split(".");
  expect(fs.readFileSync(path.join(root, "README.md"), "utf8")).toContain(`v${major}.${minor} or later with\n  \`devcontainers.enabled\``);
});
