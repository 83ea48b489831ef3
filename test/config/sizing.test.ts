// Sizing in config (context.devpod.sizing): the parameters offer what the config says, bad values fail in one line
// naming the key, and the chosen CPU and memory are the pod's total, split between the two containers (the limits'
// Terraform expressions evaluated by the real terraform binary).
import * as fs from "fs";
import * as path from "path";
import { resolveConfig } from "../../lib/config/config";
import { CONTAINER_REQUESTS, SIDECAR_MIN_MEMORY_MIB, SIZING_DEFAULTS, splitBudget } from "../../lib/config/sizing-config";
import { PARAMETER_NAMES } from "../../lib/config/sizing-config";
import { DockerSidecar } from "../../lib/template/docker-sidecar";
import { WORKSPACE_CONTAINER } from "../../lib/template/workspace-deployment";
import { Tf, container, synthDevpod } from "../helpers";
import { renderWithTerraform, terraformUnavailable } from "../terraform";
import { requireOrSkip } from "../dind/environment";

const sizing = (s: unknown) => resolveConfig({ sizing: s }).sizing;
const PREFIX = "devpod config (cdktf.json → context.devpod): ";
const error = (s: unknown): string => {
  try {
    sizing(s);
  } catch (e) {
    return (e as Error).message.replace(PREFIX, "");
  }
  return "accepted";
};

describe("the config section", () => {
  test("defaults: 2/4/6/8 cores with 4 preselected, 2–16 GiB with 8 preselected, a 10–1000 GiB disk of 30, half for the sidecar", () => {
    expect(resolveConfig({}).sizing).toEqual({
      cpuCores: { options: [2, 4, 6, 8], default: 4 },
      memoryGiB: { options: [2, 4, 6, 8, 12, 16], default: 8 },
      homeDiskGiB: { default: 30, min: 10, max: 1000 },
      sidecarSharePercent: 50,
    });
  });

  test("the defaults keep every option offered before (2, 4, 6, 8): removing one fails the builds of workspaces holding it", () => {
    for (const kept of [2, 4, 6, 8]) {
      expect(resolveConfig({}).sizing.cpuCores.options).toContain(kept);
      expect(resolveConfig({}).sizing.memoryGiB.options).toContain(kept);
    }
  });

  test("a team's own sizes; options without a default preselect the first", () => {
    expect(sizing({ cpuCores: { options: [4, 8, 16], default: 8 }, memoryGiB: { options: [8, 16, 32] }, homeDiskGiB: { max: 2000 } })).toEqual({
      cpuCores: { options: [4, 8, 16], default: 8 },
      memoryGiB: { options: [8, 16, 32], default: 8 },
      homeDiskGiB: { default: 30, min: 10, max: 2000 },
      sidecarSharePercent: 50,
    });
  });

  test.each<[string, unknown, string]>([
    ["not ascending", { cpuCores: { options: [2, 8, 4] } }, "sizing.cpuCores.options = [2,8,4] is invalid: it must be ascending without repeats; 4 follows 8; fix: use e.g. [2,4,8]"],
    ["a repeat", { memoryGiB: { options: [2, 2, 4] } }, "sizing.memoryGiB.options = [2,2,4] is invalid: it must be ascending without repeats; 2 follows 2; fix: use e.g. [2,4]"],
    ["zero", { cpuCores: { options: [0, 2] } }, "sizing.cpuCores.options = [0,2] is invalid: it must hold positive whole numbers of cores; 0 is not; fix: use e.g. [2,4,6,8]"],
    ["a fraction", { memoryGiB: { options: [1.5, 2] } }, "sizing.memoryGiB.options = [1.5,2] is invalid: it must hold positive whole numbers of GiB; 1.5 is not; fix: use e.g. [2,4,6,8,12,16]"],
    ["a string", { cpuCores: { options: ["2"] } }, `sizing.cpuCores.options = ["2"] is invalid: its entry "2" must be a number, not a string; fix: write 2 without quotes (2, not "2")`],
    ["empty", { cpuCores: { options: [] } }, "sizing.cpuCores.options = [] is invalid: it must be a non-empty list of cores; fix: use e.g. [2,4,6,8]"],
    ["a default not offered", { cpuCores: { options: [2, 4], default: 3 } }, "sizing.cpuCores.default = 3 is invalid: it must be one of the options [2,4]; fix: use e.g. 2"],
    ["the old default beside new options", { memoryGiB: { options: [4, 8], default: 2 } }, "sizing.memoryGiB.default = 2 is invalid: it must be one of the options [4,8]; fix: use e.g. 4"],
    ["a disk default below min", { homeDiskGiB: { default: 5 } }, "sizing.homeDiskGiB.default = 5 is invalid: it must lie within min and max (10–1000); fix: use a size from 10 to 1000"],
    ["a disk default above max", { homeDiskGiB: { max: 20 } }, "sizing.homeDiskGiB.default = 30 is invalid: it must lie within min and max (10–20); fix: use a size from 10 to 20"],
    ["min above max", { homeDiskGiB: { min: 50, max: 40, default: 45 } }, "sizing.homeDiskGiB.min = 50 is invalid: it must not exceed sizing.homeDiskGiB.max (40); fix: lower min or raise max"],
    ["a zero disk", { homeDiskGiB: { min: 0 } }, "sizing.homeDiskGiB.min = 0 is invalid: it must be a positive whole number of GiB; fix: use e.g. 10"],
    ["a share out of range", { sidecarSharePercent: 95 }, "sizing.sidecarSharePercent = 95 is invalid: it must be a whole number from 10 to 90; fix: use e.g. 50"],
    ["an unknown key", { cpu: [2] }, "unknown key 'sizing.cpu'; fix: remove it or use one of sizing.cpuCores, sizing.memoryGiB, sizing.homeDiskGiB, sizing.sidecarSharePercent"],
    ["an unknown nested key", { homeDiskGiB: { maximum: 10 } }, "unknown key 'sizing.homeDiskGiB.maximum'; fix: remove it or use one of sizing.homeDiskGiB.default, sizing.homeDiskGiB.min, sizing.homeDiskGiB.max"],
    ["not an object", { cpuCores: [2, 4] }, `sizing.cpuCores = [2,4] is invalid: it must be an object, not a list; fix: write "cpuCores": { ... } or leave it out for the defaults`],
  ])("%s: one line naming key, value and fix", (_, given, message) => {
    expect(error(given)).toBe(message);
    expect(message).not.toContain("\n");
  });

  test("each container's part of the smallest choice must hold its request, and the sidecar its minimum", () => {
    // 1 core at a 90 % sidecar share leaves the workspace container 100m, below its 250m request.
    expect(error({ cpuCores: { options: [1, 2] }, sidecarSharePercent: 90 })).toBe(
      "sizing.cpuCores.options = [1,2] is invalid: it gives the workspace container 100m CPU of the smallest option 1 (sizing.sidecarSharePercent 90), below its least 250m CPU; fix: raise the smallest option, or move sizing.sidecarSharePercent down",
    );
    // 1 GiB at 40 % gives the sidecar 409 MiB: dockerd and containerd alone take a good part of that.
    expect(error({ memoryGiB: { options: [1, 2] }, sidecarSharePercent: 40 })).toBe(
      `sizing.memoryGiB.options = [1,2] is invalid: it gives the Docker sidecar 409 MiB of the smallest option 1 (sizing.sidecarSharePercent 40), below its least ${SIDECAR_MIN_MEMORY_MIB} MiB; fix: raise the smallest option, or move sizing.sidecarSharePercent up`,
    );
    // Exactly at the bounds: 1 GiB at 50 % is 512 MiB each; 1 core at 25 % leaves 750m and gives 250m.
    expect(error({ memoryGiB: { options: [1] }, cpuCores: { options: [1] }, sidecarSharePercent: 50 })).toBe("accepted");
    expect(error({ memoryGiB: { options: [8] }, cpuCores: { options: [1] }, sidecarSharePercent: 10 })).toBe("accepted"); // 100m: the sidecar's request
    expect(error({ memoryGiB: { options: [2] }, cpuCores: { options: [1] }, sidecarSharePercent: 10 })).toBe(
      "sizing.memoryGiB.options = [2] is invalid: it gives the Docker sidecar 204 MiB of the smallest option 2 (sizing.sidecarSharePercent 10), below its least 512 MiB; fix: raise the smallest option, or move sizing.sidecarSharePercent up",
    );
  });

  test("splitBudget: the parts add up to the choice, the sidecar's memory rounded down to whole MiB", () => {
    expect(splitBudget(4, 8, 50)).toEqual({ workspace: { cpuMillicores: 2000, memoryMiB: 4096 }, sidecar: { cpuMillicores: 2000, memoryMiB: 4096 } });
    expect(splitBudget(3, 2, 33)).toEqual({ workspace: { cpuMillicores: 2010, memoryMiB: 1373 }, sidecar: { cpuMillicores: 990, memoryMiB: 675 } });
    // 64 GiB at 33 %: 65536 × 0.33 = 21626.88 MiB, rounded down; the workspace container gets 65536 − 21626.
    expect(splitBudget(16, 64, 33)).toEqual({ workspace: { cpuMillicores: 10720, memoryMiB: 43910 }, sidecar: { cpuMillicores: 5280, memoryMiB: 21626 } });
  });
});

describe("the template", () => {
  const custom = { cpuCores: { options: [1, 3, 16], default: 3 }, memoryGiB: { options: [2, 5, 64], default: 64 }, homeDiskGiB: { default: 50, min: 20, max: 500 }, sidecarSharePercent: 33 };
  const { tf } = synthDevpod({ sizing: custom });
  const parameter = (name: string): Tf => tf.data.coder_parameter[name];

  test("the parameters offer the config's options, default and disk range (presets read the same config)", () => {
    expect(parameter(PARAMETER_NAMES.cpu).option.map((o: Tf) => o.value)).toEqual(["1", "3", "16"]);
    expect(parameter(PARAMETER_NAMES.cpu).default).toBe("3");
    expect(parameter(PARAMETER_NAMES.memory).option.map((o: Tf) => [o.name, o.value])).toEqual([["2 GiB", "2"], ["5 GiB", "5"], ["64 GiB", "64"]]);
    expect(parameter(PARAMETER_NAMES.memory).default).toBe("64");
    expect(parameter(PARAMETER_NAMES.homeDisk).default).toBe("50");
    expect(parameter(PARAMETER_NAMES.homeDisk).validation).toEqual({ min: 20, max: 500, monotonic: "increasing" });
  });

  test("cpu and memory each have their own icon: the desktop computer from Coder's emoji set for CPU, memory's for memory", () => {
    expect(parameter(PARAMETER_NAMES.cpu).icon).toBe("/emojis/1f5a5-fe0f.png");
    expect(parameter(PARAMETER_NAMES.memory).icon).toBe("/icon/memory.svg");
  });

  test("where users choose, the parameters say the choice is the pod's total and how it is split", () => {
    for (const name of [PARAMETER_NAMES.cpu, PARAMETER_NAMES.memory]) {
      expect(parameter(name).description).toContain(
        "never exceeded in total: the Docker sidecar (builds, containers) is limited to 33 % of the choice, the workspace container to the other 67 %.",
      );
    }
    expect(synthDevpod().tf.data.coder_parameter.cpu.description).toContain("limited to 50 % of the choice, the workspace container to the other 50 %");
  });

  const skipTf = requireOrSkip("terraform (sizing limits)", terraformUnavailable());
  const describeTf = skipTf ? describe.skip : describe;
  describeTf("what the limits evaluate to (real terraform)", () => {
    // Worked out by hand for the custom options at a 33 % share: the sidecar gets cores × 330m and ⌊GiB × 1024 × 0.33⌋
    // MiB, the workspace container the rest.
    const CPU: Record<number, [string, string]> = { 1: ["330m", "670m"], 3: ["990m", "2010m"], 16: ["5280m", "10720m"] };
    const MEMORY: Record<number, [string, string]> = { 2: ["675Mi", "1373Mi"], 5: ["1689Mi", "3431Mi"], 64: ["21626Mi", "43910Mi"] };
    const limits = (name: string) => container(tf, name).resources.limits as Record<"cpu" | "memory", string>;
    /** What terraform makes of every limit, for every pair of options (the parameters' values are strings, as
     * coder_parameter hands them over). */
    const rendered = (() => {
      let cached: Record<string, string> | undefined;
      return () => {
        if (cached) return cached;
        const outputs: Record<string, string> = {};
        for (const cores of custom.cpuCores.options) {
          for (const gib of custom.memoryGiB.options) {
            const at = (text: string) =>
              text.replaceAll("data.coder_parameter.cpu.value", JSON.stringify(String(cores))).replaceAll("data.coder_parameter.memory.value", JSON.stringify(String(gib)));
            for (const [who, name] of [["sidecar", DockerSidecar.CONTAINER_NAME], ["workspace", WORKSPACE_CONTAINER]] as const) {
              outputs[`${who}_cpu_${cores}_${gib}`] = at(limits(name).cpu);
              outputs[`${who}_mem_${cores}_${gib}`] = at(limits(name).memory);
            }
          }
        }
        return (cached = renderWithTerraform(outputs));
      };
    })();

    test("for every option the limits are the hand-computed split", () => {
      const expected: Record<string, string> = {};
      for (const cores of custom.cpuCores.options) {
        for (const gib of custom.memoryGiB.options) {
          expected[`sidecar_cpu_${cores}_${gib}`] = CPU[cores][0];
          expected[`workspace_cpu_${cores}_${gib}`] = CPU[cores][1];
          expected[`sidecar_mem_${cores}_${gib}`] = MEMORY[gib][0];
          expected[`workspace_mem_${cores}_${gib}`] = MEMORY[gib][1];
        }
      }
      expect(rendered()).toEqual(expected);
    }, 120_000);

    test("for every option the two containers' limits, as terraform renders them, add up to exactly the choice", () => {
      const out = rendered();
      const number = (q: string, unit: string) => {
        expect(q.endsWith(unit)).toBe(true);
        return Number(q.slice(0, -unit.length));
      };
      for (const cores of custom.cpuCores.options) {
        for (const gib of custom.memoryGiB.options) {
          expect(number(out[`sidecar_cpu_${cores}_${gib}`], "m") + number(out[`workspace_cpu_${cores}_${gib}`], "m")).toBe(cores * 1000);
          expect(number(out[`sidecar_mem_${cores}_${gib}`], "Mi") + number(out[`workspace_mem_${cores}_${gib}`], "Mi")).toBe(gib * 1024);
        }
      }
    }, 120_000);

    test("the requests stay below the smallest limits the options give (as terraform renders them)", () => {
      const out = rendered();
      const [cores, gib] = [custom.cpuCores.options[0], custom.memoryGiB.options[0]];
      const requests = (name: string) => container(tf, name).resources.requests;
      expect(requests(DockerSidecar.CONTAINER_NAME)).toEqual({ cpu: "100m", memory: "256Mi" });
      expect(requests(WORKSPACE_CONTAINER)).toEqual({ cpu: "250m", memory: "512Mi" });
      // 1 core and 2 GiB at 33 %: 330m ≥ 100m and 675 MiB ≥ 256 MiB; 670m ≥ 250m and 1373 MiB ≥ 512 MiB.
      expect(parseInt(out[`sidecar_cpu_${cores}_${gib}`])).toBeGreaterThanOrEqual(CONTAINER_REQUESTS.sidecar.cpuMillicores);
      expect(parseInt(out[`sidecar_mem_${cores}_${gib}`])).toBeGreaterThanOrEqual(CONTAINER_REQUESTS.sidecar.memoryMiB);
      expect(parseInt(out[`workspace_cpu_${cores}_${gib}`])).toBeGreaterThanOrEqual(CONTAINER_REQUESTS.workspace.cpuMillicores);
      expect(parseInt(out[`workspace_mem_${cores}_${gib}`])).toBeGreaterThanOrEqual(CONTAINER_REQUESTS.workspace.memoryMiB);
    }, 120_000);
  });
});

test("docs/sizing.md quotes the requests and the sidecar's minimum the code uses", () => {
  const docs = fs.readFileSync(path.join(__dirname, "..", "..", "docs", "sizing.md"), "utf8");
  const { workspace, sidecar } = CONTAINER_REQUESTS;
  expect(docs).toContain(`the pod requests ${workspace.cpuMillicores + sidecar.cpuMillicores}m CPU and ${workspace.memoryMiB + sidecar.memoryMiB} MiB`);
  expect(docs).toContain(`| CPU request | ${workspace.cpuMillicores}m | ${sidecar.cpuMillicores}m |`);
  expect(docs).toContain(`| memory request | ${workspace.memoryMiB} MiB | ${sidecar.memoryMiB} MiB |`);
  expect(docs).toContain(`the sidecar gets at least ${SIDECAR_MIN_MEMORY_MIB} MiB (\`SIDECAR_MIN_MEMORY_MIB\`)`);
  expect(docs).toContain(`(default ${SIZING_DEFAULTS.sidecarSharePercent} %)`);
});
