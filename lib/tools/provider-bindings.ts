/**
 * Generates the coder/coder provider bindings offline, with cdktf's own generator, from the vendored schema.
 *
 * Why not `cdktf get`: it runs `terraform init` against the registry, which these machines cannot reach. The schema
 * (`lib/gen/coder-provider-schema-v2.17.0.json`) is in `terraform providers schema -json` format, so feeding it to the
 * same generator gives the same API that `cdktf get` gives on a networked machine. The constraint comes from
 * cdktf.json's `terraformProviders`, the one place it is written.
 */
import * as fs from "fs";
import * as path from "path";
import { CodeMaker } from "codemaker";
import { ConstructsMakerProviderTarget, Language, TerraformProviderConstraint } from "@cdktf/commons";
// Deep import: the package index require.resolve()s jsii-pacmak at load time, which we do not need.
import { TerraformProviderGenerator } from "@cdktf/provider-generator/lib/get/generator/provider-generator";

/** The project root (the folder holding cdktf.json). */
export const projectRoot = path.resolve(__dirname, "..", "..");

/** Where the committed bindings and schema live: cdktf.json's codeMakerOutput. */
export function codeMakerOutput(): string {
  return path.join(projectRoot, readCdktfJson().codeMakerOutput);
}

/** The vendored provider schema. */
export const schemaPath = path.join(projectRoot, "lib", "gen", "coder-provider-schema-v2.17.0.json");

interface CdktfJson {
  codeMakerOutput: string;
  terraformProviders: string[];
}

function readCdktfJson(): CdktfJson {
  return JSON.parse(fs.readFileSync(path.join(projectRoot, "cdktf.json"), "utf8")) as CdktfJson;
}

/** Writes `<outdir>/providers/coder/**` and returns the list of files written, relative to outdir. */
export async function generateCoderBindings(outdir: string): Promise<string[]> {
  const constraint = readCdktfJson().terraformProviders.find((p) => p.startsWith("coder/coder@"));
  if (!constraint) {
    throw new Error("cdktf.json terraformProviders has no coder/coder entry; add \"coder/coder@~> 2.17\"");
  }
  const schema = JSON.parse(fs.readFileSync(schemaPath, "utf8"));
  const code = new CodeMaker();
  const generator = new TerraformProviderGenerator(code, schema);
  generator.generate(
    new ConstructsMakerProviderTarget(new TerraformProviderConstraint(constraint), Language.TYPESCRIPT),
  );
  fs.rmSync(path.join(outdir, "providers", "coder"), { recursive: true, force: true });
  await code.save(outdir);
  return listFiles(path.join(outdir, "providers", "coder")).map((f) => path.relative(outdir, f));
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
