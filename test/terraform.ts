// Renders strings of the synthesized template with the real terraform binary, offline (no provider needed):
// the strongest proof of what Coder's terraform will hand to the workspace.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Tf } from "./helpers";

/** Why terraform cannot run here, or undefined when it can. */
export function terraformUnavailable(): string | undefined {
  const probe = spawnSync("terraform", ["version"], { encoding: "utf8" });
  return probe.status === 0 ? undefined : "no terraform binary on PATH";
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
  // No init: a configuration without providers, modules or backend needs none. One `terraform apply -json` applies and
  // reports every output's value (its last "outputs" message), where apply and `terraform output -json` took two.
  const varArgs = Object.entries(vars).map(([k, v]) => `-var=${k}=${v}`);
  const applied = spawnSync("terraform", ["apply", "-auto-approve", "-input=false", "-no-color", "-json", ...varArgs], { cwd: dir, encoding: "utf8", env, maxBuffer: 64 << 20 });
  const messages = applied.stdout.split("\n").filter(Boolean).map((line) => JSON.parse(line) as { type?: string; outputs?: Record<string, { type: unknown; value: unknown }>; diagnostic?: { summary: string; detail: string } });
  if (applied.status !== 0) {
    const diagnostics = messages.flatMap((m) => (m.diagnostic ? [`${m.diagnostic.summary}: ${m.diagnostic.detail}`] : []));
    throw new Error(`terraform apply failed: ${(diagnostics.join("\n") || applied.stderr).slice(0, 2000)}`);
  }
  const all = messages.filter((m) => m.type === "outputs").pop()?.outputs ?? {}; // the plan's comes first, without values
  // Strings and bools are what `terraform output -raw` prints; anything else (numbers, whose formatting JSON does not
  // keep) is asked for with `-raw`.
  const raw = (k: string) => {
    const { type, value } = all[k] ?? {};
    if (type === "string" && typeof value === "string") return value;
    if (type === "bool" && typeof value === "boolean") return String(value);
    return run(["output", "-raw", "-no-color", k]);
  };
  const rendered = Object.fromEntries(Object.keys(values).map((k) => [k, raw(k)]));
  fs.rmSync(dir, { recursive: true, force: true });
  return rendered;
}
