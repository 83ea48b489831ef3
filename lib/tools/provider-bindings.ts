/**
 * Generates the provider bindings (coder/coder, coder/coderd) offline, with cdktf's own generator, from the vendored
 * schemas.
 *
 * Why not `cdktf get`: it runs `terraform init` against the registry, which these machines cannot reach. Each schema
 * (`lib/providers/gen/<name>-provider-schema-v<version>.json`) is in `terraform providers schema -json` format, so feeding it to
 * the same generator gives the same API that `cdktf get` gives on a networked machine. The versions come from
 * lib/providers/provider-versions.ts; cdktf.json's `terraformProviders` names the same ones (for `cdktf get`), checked by a test.
 */
import * as fs from "fs";
import * as path from "path";
import { CodeMaker } from "codemaker";
import { ConstructsMakerProviderTarget, Language, TerraformProviderConstraint } from "@cdktf/commons";
// Deep import: the package index require.resolve()s jsii-pacmak at load time, which we do not need.
import { TerraformProviderGenerator } from "@cdktf/provider-generator/lib/get/generator/provider-generator";
import { PROVIDERS, ProviderName } from "../providers/provider-versions";

/** The project root (the folder holding cdktf.json). */
export const projectRoot = path.resolve(__dirname, "..", "..");

/** Where the committed bindings and schemas live: cdktf.json's codeMakerOutput. */
export function codeMakerOutput(): string {
  return path.join(projectRoot, readCdktfJson().codeMakerOutput);
}

/** A provider whose bindings are generated from a vendored schema. */
export interface VendoredProvider {
  /** `<namespace>/<name>`; `<name>` is the bindings' folder. */
  readonly source: string;
  /** The exact version, from lib/providers/provider-versions.ts. */
  readonly version: string;
  /** The vendored schema of that version, relative to the project root. */
  readonly schema: string;
}

const vendored = (name: ProviderName): VendoredProvider => ({
  ...PROVIDERS[name],
  schema: `lib/providers/gen/${name}-provider-schema-v${PROVIDERS[name].version}.json`,
});

/** Every provider with committed bindings. */
export const VENDORED_PROVIDERS: readonly VendoredProvider[] = [vendored("coder"), vendored("coderd")];

/** The cdktf constraint of a provider, as in cdktf.json's terraformProviders: `<source>@<version>`. */
export const cdktfConstraint = (provider: { source: string; version: string }): string => `${provider.source}@${provider.version}`;

interface CdktfJson {
  codeMakerOutput: string;
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
  const written: string[] = [];
  for (const provider of VENDORED_PROVIDERS) {
    const constraint = cdktfConstraint(provider);
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
