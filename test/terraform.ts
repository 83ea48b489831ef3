// Renders strings of the synthesized template with the real terraform binary, offline (no provider needed):
// the strongest proof of what Coder's terraform will hand to the workspace.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Tf } from "./helpers";

/** Why terraform cannot run here, or undefined when it can: an executable `terraform` on PATH. Looked up, not run (a
 * process per test file from a large Jest worker costs more than the lookup); a broken binary fails the first render. */
export function terraformUnavailable(): string | undefined {
  const found = (process.env.PATH ?? "").split(":").some((dir) => {
    try {
      fs.accessSync(path.join(dir || ".", "terraform"), fs.constants.X_OK);
      return fs.statSync(path.join(dir || ".", "terraform")).isFile();
    } catch {
      return false;
    }
  });
  return found ? undefined : "no terraform binary on PATH";
}

/**
 * Returns what terraform makes of each string in `values`, with the template's own variable declarations
 * (so `${var.x}` resolves to its default, or to `vars[x]`).
 */
export function renderWithTerraform(
  values: Record<string, string>,
  template: Tf = {},
  vars: Record<string, string> = {},
): Record<string, string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "devpod-tf-"));
  const output = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { value: v }]));
  // An empty `variable` object is not valid Terraform JSON: leave it out when the template has none.
  const variable = template.variable ? { variable: template.variable } : {};
  fs.writeFileSync(path.join(dir, "main.tf.json"), JSON.stringify({ ...variable, output }));
  const env = { ...process.env, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1", TF_CLI_CONFIG_FILE: "/dev/null" };
  const run = (args: string[]) => {
    const r = spawnSync("terraform", args, { cwd: dir, encoding: "utf8", env, maxBuffer: 64 << 20 });
    if (r.status !== 0) throw new Error(`terraform ${args[0]} failed: ${r.stderr.slice(0, 2000)}`);
    return r.stdout;
  };
  // Removed on failure too: a failed render (a mutation run, a bad escape) must not leave a directory in /tmp.
  try {
    // No `terraform init`: a configuration of variables and outputs needs no provider, module or backend to install
    // (each init cost ~0.1 s CPU).
    const varArgs = Object.entries(vars).map(([k, v]) => `-var=${k}=${v}`);
    run(["apply", "-auto-approve", "-input=false", "-no-color", ...varArgs]);
    // Every output from the state apply wrote (what `terraform output -json` prints, without its process); strings
    // and bools are what `-raw` prints, and so are whole numbers a double holds exactly (terraform writes a number in
    // the state and with `-raw` both as big.Float Text('f', -1): plain digits); anything else (other numbers, whose
    // formatting JSON parsing does not keep, lists, maps) is asked for with `-raw`.
    type Outputs = Record<string, { type: unknown; value: unknown }>;
    const state = JSON.parse(fs.readFileSync(path.join(dir, "terraform.tfstate"), "utf8")) as { outputs?: Outputs };
    const all = state.outputs ?? {};
    const raw = (k: string) => {
      const { type, value } = all[k] ?? {};
      if (type === "string" && typeof value === "string") return value;
      if (type === "bool" && typeof value === "boolean") return String(value);
      if (type === "number" && Number.isSafeInteger(value)) return String(value);
      return run(["output", "-raw", "-no-color", k]);
    };
    return Object.fromEntries(Object.keys(values).map((k) => [k, raw(k)]));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
