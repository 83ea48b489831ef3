/**
 * Generates the provider bindings (coder/coder, coder/coderd) offline, with cdktf's own generator, from the vendored
 * schemas.
 *
 * Why not `cdktf get`: it runs `terraform init` against the registry, which these machines cannot reach. Each schema
 * (`lib/gen/<name>-provider-schema-v<version>.json`) is in `terraform providers schema -json` format, so feeding it to
 * the same generator gives the same API that `cdktf get` gives on a networked machine. The constraints come from
 * cdktf.json's `terraformProviders`, the one place they are written.
 */
import * as fs from "fs";
import * as path from "path";
import { CodeMaker } from "codemaker";
import { ConstructsMakerProviderTarget, Language, TerraformProviderConstraint } from "@cdktf/commons";
// Deep import: the package index require.resolve()s jsii-pacmak at load time, which we do not need.
import { TerraformProviderGenerator } from "@cdktf/provider-generator/lib/get/generator/provider-generator";

/** The project root (the folder holding cdktf.json). */
export const projectRoot = path.resolve(__dirname, "..", "..");

/** Where the committed bindings and schemas live: cdktf.json's codeMakerOutput. */
export function codeMakerOutput(): string {
  return path.join(projectRoot, readCdktfJson().codeMakerOutput);
}

/** A provider whose bindings are generated from a vendored schema. */
export interface VendoredProvider {
  /** `<namespace>/<name>` as in cdktf.json's terraformProviders; `<name>` is the bindings' folder. */
  readonly source: string;
  /** The vendored schema, relative to the project root. */
  readonly schema: string;
}

/** Every provider with committed bindings. */
export const VENDORED_PROVIDERS: readonly VendoredProvider[] = [
  { source: "coder/coder", schema: "lib/gen/coder-provider-schema-v2.17.0.json" },
  { source: "coder/coderd", schema: "lib/gen/coderd-provider-schema-v0.0.23.json" },
];

interface CdktfJson {
  codeMakerOutput: string;
  terraformProviders: string[];
}

function readCdktfJson(): CdktfJson {
  return JSON.parse(fs.readFileSync(path.join(projectRoot, "cdktf.json"), "utf8")) as CdktfJson;
}

/** The bindings' folder of a provider: `providers/<name>`. */
export function bindingsDir(provider: VendoredProvider): string {
  return path.join("providers", provider.source.split("/")[1]);
}

/** Writes `<outdir>/providers/<name>/**` for every vendored provider; returns the files written, relative to outdir. */
export async function generateProviderBindings(outdir: string): Promise<string[]> {
  const constraints = readCdktfJson().terraformProviders;
  const written: string[] = [];
  for (const provider of VENDORED_PROVIDERS) {
    const constraint = constraints.find((p) => p.startsWith(`${provider.source}@`));
    if (!constraint) {
      throw new Error(`cdktf.json terraformProviders has no ${provider.source} entry; add "${provider.source}@~> <version>"`);
    }
    const schema = JSON.parse(fs.readFileSync(path.join(projectRoot, provider.schema), "utf8"));
    const code = new CodeMaker();
    const generator = new TerraformProviderGenerator(code, schema);
    generator.generate(
      new ConstructsMakerProviderTarget(new TerraformProviderConstraint(constraint), Language.TYPESCRIPT),
    );
    const dir = path.join(outdir, bindingsDir(provider));
    fs.rmSync(dir, { recursive: true, force: true });
    await code.save(outdir);
    written.push(...listFiles(dir).map((f) => path.relative(outdir, f)));
  }
  return written;
}

/** All files below dir, sorted, as absolute paths. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(full));
    else out.push(full);
  }
  return out.sort();
}
