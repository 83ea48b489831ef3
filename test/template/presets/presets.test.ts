// Presets: context.devpod.presets → data.coder_workspace_preset, checked against the coder provider v2.17.0 schema
// (the one the template pins and the bindings are generated from) and against the template's own parameters.
import * as fs from "fs";
import * as path from "path";
import { resolveConfig } from "../../../lib/config/config";
import { PREBUILDS_MIN_CODER_VERSION, PRESET_FIELD_SINCE, WorkspacePresets, lowestAdmitted } from "../../../lib/template/presets/workspace-presets";
import { Testing, TerraformStack } from "cdktf";
import { Tf, synthDevpod, testingApp } from "../../helpers";

const schemaFile = path.join(__dirname, "..", "..", "..", "lib", "providers", "gen", "coder-provider-schema-v2.17.0.json");
const schema = JSON.parse(fs.readFileSync(schemaFile, "utf8"));
const presetSchema = (Object.values(schema.provider_schemas)[0] as Tf).data_source_schemas.coder_workspace_preset.block;

/** Differences between a synthesized body and a block of `terraform providers schema -json`; [] when it conforms. */
function schemaErrors(body: Tf, block: Tf, at: string): string[] {
  const errors: string[] = [];
  const attributes: Tf = block.attributes ?? {};
  const blocks: Tf = block.block_types ?? {};
  const typeOk = (type: unknown, v: unknown): boolean => {
    if (type === "string") return typeof v === "string";
    if (type === "number") return typeof v === "number";
    if (type === "bool") return typeof v === "boolean";
    if (Array.isArray(type) && type[0] === "map") return !!v && typeof v === "object" && !Array.isArray(v) && Object.values(v).every((x) => typeOk(type[1], x));
    return false;
  };
  for (const [key, value] of Object.entries(body)) {
    if (key in attributes) {
      const a = attributes[key];
      if (!a.optional && !a.required) errors.push(`${at}.${key} is computed only`);
      else if (!typeOk(a.type, value)) errors.push(`${at}.${key} is not of type ${JSON.stringify(a.type)}: ${JSON.stringify(value)}`);
    } else if (key in blocks) {
      const b = blocks[key];
      const list = Array.isArray(value) ? value : [value];
      if (b.max_items !== undefined && list.length > b.max_items) errors.push(`${at}.${key} has more than ${b.max_items} blocks`);
      list.forEach((v, i) => errors.push(...schemaErrors(v, b.block, `${at}.${key}[${i}]`)));
    } else errors.push(`${at}.${key} is not in the schema`);
  }
  for (const [key, a] of Object.entries(attributes)) if ((a as Tf).required && !(key in body)) errors.push(`${at}.${key} is required`);
  for (const [key, b] of Object.entries(blocks)) if ((b as Tf).min_items && !(key in body)) errors.push(`${at}.${key} is required`);
  return errors;
}

const FULL = {
  Small: {
    parameters: { cpu: 2, memory: 4, home_disk_size: 30 },
    default: true,
    description: "Two cores, kept warm",
    icon: "/icon/memory.svg",
    prebuilds: { instances: 2, expirationSeconds: 86400 },
  },
  "Large (8 cores)": { parameters: { cpu: 8, memory: 8 } },
  Empty: {},
};
const { tf } = synthDevpod({ presets: FULL });
const presets = () => tf.data.coder_workspace_preset as Record<string, Tf>;

describe("synthesized presets", () => {
  test("one data source per preset, every attribute and block in the coder provider v2.17.0 schema", () => {
    expect(Object.keys(presets()).sort()).toEqual(["empty", "large_8_cores", "small"]);
    for (const [id, body] of Object.entries(presets())) expect({ id, errors: schemaErrors(body, presetSchema, id) }).toEqual({ id, errors: [] });
    // Every field devpod can emit is used by the full preset, so the check above covers them all.
    expect(Object.keys(presets().small).sort()).toEqual(["default", "description", "icon", "name", "parameters", "prebuilds"]);
    expect(presets().small.prebuilds).toEqual({ instances: 2, expiration_policy: { ttl: 86400 } });
  });

  test("the schema check fails on what the schema does not have (a misplaced ttl, a string count, a computed id)", () => {
    expect(schemaErrors({ name: "x", prebuilds: { instances: 1, ttl: 5 } }, presetSchema, "p")).toEqual(["p.prebuilds[0].ttl is not in the schema"]);
    expect(schemaErrors({ name: "x", prebuilds: { instances: "1" } }, presetSchema, "p")).toEqual(['p.prebuilds[0].instances is not of type "number": "1"']);
    expect(schemaErrors({ id: "x" }, presetSchema, "p")).toEqual(["p.id is computed only", "p.name is required"]);
  });

  test("parameter values name a parameter of the template and are one of its options or inside its range", () => {
    const params = tf.data.coder_parameter as Record<string, Tf>;
    const byName = new Map(Object.values(params).map((p) => [p.name, p]));
    for (const preset of Object.values(presets())) {
      for (const [name, value] of Object.entries((preset.parameters ?? {}) as Record<string, string>)) {
        const p = byName.get(name) as Tf;
        expect({ name, exists: p !== undefined }).toEqual({ name, exists: true });
        if (p.option) expect(p.option.map((o: Tf) => o.value)).toContain(value);
        else {
          expect(Number(value)).toBeGreaterThanOrEqual(p.validation.min);
          expect(Number(value)).toBeLessThanOrEqual(p.validation.max);
        }
      }
    }
  });

  test("no presets: no data source (the template without presets is unchanged)", () => {
    expect(synthDevpod().tf.data.coder_workspace_preset).toBeUndefined();
  });

  test("a preset without prebuilds carries no prebuilds block, and `default` only where set", () => {
    expect(presets().large_8_cores).toEqual({ name: "Large (8 cores)", parameters: { cpu: "8", memory: "8" } });
    expect(presets().empty).toEqual({ name: "Empty", parameters: {} });
  });
});

describe("validation at synth", () => {
  const fails = (presets: unknown) => () => resolveConfig({ presets });
  test.each([
    [{ S: { parameters: { cpu: 3 } } }, "presets.S.parameters.cpu = 3 is invalid: it must be one of the parameter's options: 2, 4, 6, 8 (cores)"],
    [{ S: { parameters: { memory: "4" } } }, "presets.S.parameters.memory = \"4\""],
    [{ S: { parameters: { home_disk_size: 5 } } }, "presets.S.parameters.home_disk_size = 5 is invalid: it must be a whole number of GiB from 10 to 1000"],
    [{ S: { parameters: { gpu: 1 } } }, "unknown key 'presets.S.parameters.gpu'"],
    [{ S: { size: 1 } }, "unknown key 'presets.S.size'"],
    [{ A: { default: true }, B: { default: true } }, "presets.B.default = true is invalid: it marks a second default preset (A, B)"],
    [{ S: { default: "yes" } }, "presets.S.default = \"yes\""],
    [{ S: { prebuilds: { instances: 1 } } }, "presets.S.parameters = {} is invalid: it must set every parameter (cpu, memory, home_disk_size missing) when the preset has prebuilds"],
    [{ S: { parameters: { cpu: 2, memory: 2, home_disk_size: 10 }, prebuilds: { instances: 51 } } }, "presets.S.prebuilds.instances = 51"],
    [{ S: { parameters: { cpu: 2, memory: 2, home_disk_size: 10 }, prebuilds: { instances: 1, expirationSeconds: 60 } } }, "from 3600 (1 hour) to 31536000 (1 year)"],
    [{ S: { parameters: { cpu: 2, memory: 2, home_disk_size: 10 }, prebuilds: { count: 1 } } }, "unknown key 'presets.S.prebuilds.count'"],
    [{ S: { description: "x".repeat(129) } }, "presets.S.description"],
    [{ S: { icon: "memory.svg" } }, "presets.S.icon = \"memory.svg\""],
    [{ 'a"b': {} }, "presets.a\"b"],
    [[], "presets = [] is invalid: it must be an object"],
  ])("%j fails: %s", (presets, message) => {
    expect(fails(presets)).toThrow(message);
  });

  test("a preset's disk sizes accept both ends of the parameter's range, and nothing past them", () => {
    const disk = (home: number, sizing?: object) => () => resolveConfig({ sizing, presets: { S: { parameters: { home_disk_size: home } } } }).presets.S.parameters.home_disk_size;
    expect(disk(1000)()).toBe("1000");
    expect(disk(10)()).toBe("10");
    expect(disk(1001)).toThrow("presets.S.parameters.home_disk_size = 1001 is invalid: it must be a whole number of GiB from 10 to 1000");
    expect(disk(9)).toThrow("presets.S.parameters.home_disk_size = 9 is invalid");
    // The range is the config's: a team's own max is the preset's too.
    expect(disk(200, { homeDiskGiB: { max: 200 } })()).toBe("200");
    expect(disk(201, { homeDiskGiB: { max: 200 } })).toThrow("from 10 to 200 (the parameter's range)");
    const docker = (size: number) => () => resolveConfig({ dockerVolume: "separate", presets: { S: { parameters: { docker_disk_size: size } } } }).presets.S.parameters.docker_disk_size;
    expect(docker(1000)()).toBe("1000");
    expect(docker(1001)).toThrow("presets.S.parameters.docker_disk_size = 1001 is invalid");
  });

  test("ttl 0 (never expire) and the range's ends are accepted", () => {
    const params = { cpu: 2, memory: 2, home_disk_size: 10 };
    for (const expirationSeconds of [0, 3600, 31536000]) {
      expect(resolveConfig({ presets: { S: { parameters: params, prebuilds: { instances: 1, expirationSeconds } } } }).presets.S.prebuilds).toEqual({
        instances: 1,
        expirationSeconds,
      });
    }
  });

  test("with Docker's own volume, docker_disk_size is a parameter a preset sets, and prebuilds must set it too", () => {
    const params = { cpu: 2, memory: 2, home_disk_size: 10 };
    // Without dockerVolume separate the template has no such parameter.
    expect(() => resolveConfig({ presets: { S: { parameters: { docker_disk_size: 50 } } } })).toThrow("unknown key 'presets.S.parameters.docker_disk_size'");
    const separate = (presets: unknown) => () => resolveConfig({ dockerVolume: "separate", presets });
    expect(separate({ S: { parameters: { ...params, docker_disk_size: 50 } } })().presets.S.parameters.docker_disk_size).toBe("50");
    expect(separate({ S: { parameters: { docker_disk_size: 5 } } })).toThrow("presets.S.parameters.docker_disk_size = 5 is invalid: it must be a whole number of GiB from 10 to 1000");
    // The Docker disk sizes the build cache bound in the pod template: a claim choosing another one restarts the pod.
    expect(separate({ S: { parameters: params, prebuilds: { instances: 1 } } })).toThrow("must set every parameter (docker_disk_size missing) when the preset has prebuilds");
    expect(separate({ S: { parameters: { ...params, docker_disk_size: 30 }, prebuilds: { instances: 1 } } })).not.toThrow();
    // The synthesized preset names the template's parameter.
    const tf = synthDevpod({ dockerVolume: "separate", presets: { S: { parameters: { ...params, docker_disk_size: 30 } } } }).tf;
    expect(tf.data.coder_parameter.docker_disk_size.name).toBe("docker_disk_size");
    expect(Object.values(tf.data.coder_workspace_preset as Record<string, { parameters: Record<string, string> }>)[0].parameters.docker_disk_size).toBe("30");
  });

  test("prebuilds with dev containers fail at synth (Coder does not support them together); presets alone are fine", () => {
    const params = { cpu: 2, memory: 2, home_disk_size: 10 };
    const devcontainers = { enabled: true };
    expect(() => resolveConfig({ devcontainers, presets: { S: { parameters: params, prebuilds: { instances: 1 } } } })).toThrow(
      "presets.S.prebuilds = {\"instances\":1} is invalid: it cannot be used with devcontainers.enabled",
    );
    expect(() => resolveConfig({ devcontainers, presets: { S: { parameters: params } } })).not.toThrow();
  });

  test("two names that map to one Terraform address fail at synth", () => {
    expect(() => synthDevpod({ presets: { "Big one": {}, "big-one": {} } })).toThrow("presets.Big one and presets.big-one both become data.coder_workspace_preset.big_one");
  });
});

describe("provider versions", () => {
  test("the lowest version a constraint admits", () => {
    expect(lowestAdmitted("~> 2.17")).toBe("2.17.0");
    expect(lowestAdmitted("2.17.0")).toBe("2.17.0");
    expect(lowestAdmitted("= 2.17.0")).toBe("2.17.0");
    expect(lowestAdmitted(">= 2.13.0, < 3.0.0")).toBe("2.13.0");
    expect(lowestAdmitted("> 2.8.0")).toBe("2.8.1");
    // Several lower bounds: the highest one is the lowest version all of them admit, in either order.
    expect(lowestAdmitted(">= 2.1.3, >= 2.9.0")).toBe("2.9.0");
    expect(lowestAdmitted(">= 2.9.0, >= 2.1.3")).toBe("2.9.0");
    expect(lowestAdmitted("< 3.0.0")).toBeUndefined();
  });

  test("the lowest version the template's constraint admits has every field devpod can emit", () => {
    const lowest = lowestAdmitted(tf.terraform.required_providers.coder.version)!.split(".").map(Number);
    for (const { field, since } of PRESET_FIELD_SINCE) {
      const [a, b, c] = since.split(".").map(Number);
      const ok = lowest[0] - a || lowest[1] - b || lowest[2] - c;
      expect({ field, since, ok: ok >= 0 }).toEqual({ field, since, ok: true });
    }
  });

  const build = (constraint: string, config: unknown) => () => {
    const stack = new TerraformStack(testingApp(), "presets");
    new WorkspacePresets(stack, "presets", { presets: resolveConfig({ presets: config }).presets, providerConstraint: constraint });
    return Testing.synth(stack);
  };

  test.each([
    ["~> 2.7", { S: { default: true } }, "presets.S uses default, which coder/coder supports from v2.8.0; the template's constraint \"~> 2.7\" admits v2.7.0"],
    ["~> 2.8", { S: { description: "d" } }, "presets.S uses description, which coder/coder supports from v2.9.0"],
    ["~> 2.5.0", { S: { parameters: { cpu: 2, memory: 2, home_disk_size: 10 }, prebuilds: { instances: 1, expirationSeconds: 3600 } } }, "prebuilds.expiration_policy, which coder/coder supports from v2.5.2"],
    ["2.4.0", { S: { parameters: { cpu: 2, memory: 2, home_disk_size: 10 }, prebuilds: { instances: 1 } } }, "uses prebuilds, which coder/coder supports from v2.4.1"],
    ["~> 2.1.0", { S: {} }, "uses coder_workspace_preset, which coder/coder supports from v2.1.3"],
  ])("constraint %s with %j fails: %s", (constraint, config, message) => {
    expect(build(constraint, config)).toThrow(message);
  });

  test("the same presets pass with the fields' versions", () => {
    expect(build("~> 2.8", { S: { default: true } })).not.toThrow();
    expect(build("2.9.0", { S: { description: "d", icon: "/icon/x.svg" } })).not.toThrow();
    expect(build(">= 2.1.3", { S: {} })).not.toThrow();
  });
});

test("the docs state the Coder release and licence prebuilds need, the README too", () => {
  const root = path.join(__dirname, "..", "..", "..");
  const docs = fs.readFileSync(path.join(root, "docs", "presets.md"), "utf8");
  expect(docs).toContain(`**Prebuilds**: **Coder v${PREBUILDS_MIN_CODER_VERSION}** or later, with a **Premium** licence`);
  const [major, minor] = PREBUILDS_MIN_CODER_VERSION.split(".");
  expect(fs.readFileSync(path.join(root, "README.md"), "utf8")).toMatch(new RegExp(`v${major}\\.${minor} or later with\\n.*for prebuilds \\(\`presets\\.<name>\\.prebuilds\`, Premium\\)`));
});
