// The committed coder/coder and coder/coderd bindings are exactly what the generator makes from the vendored schemas.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { VENDORED_PROVIDERS, bindingsDir, cdktfConstraint, codeMakerOutput, generateProviderBindings, listFiles } from "../../lib/tools/provider-bindings";
import { Agent } from "../../lib/providers/gen/providers/coder/agent";
import { CoderProvider } from "../../lib/providers/gen/providers/coder/provider";
import { CoderdProvider } from "../../lib/providers/gen/providers/coderd/provider";
import { Template } from "../../lib/providers/gen/providers/coderd/template";

const afterCleanup: string[] = [];
afterAll(() => afterCleanup.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

test("a fresh generation from the vendored schemas equals the committed bindings, file for file", async () => {
  const fresh = fs.mkdtempSync(path.join(os.tmpdir(), "devpod-gen-"));
  afterCleanup.push(fresh);
  const written = await generateProviderBindings(fresh);
  const committed = VENDORED_PROVIDERS.flatMap((p) =>
    listFiles(path.join(codeMakerOutput(), bindingsDir(p))).map((f) => path.relative(codeMakerOutput(), f)),
  );
  expect(committed).toEqual(written);
  // Both providers are covered: a generator that silently skipped one would pass the comparison above.
  for (const provider of VENDORED_PROVIDERS) {
    expect(written.filter((f) => f.startsWith(bindingsDir(provider) + path.sep)).length).toBeGreaterThan(3);
  }
  for (const file of written) {
    expect({ file, text: fs.readFileSync(path.join(codeMakerOutput(), file), "utf8") }).toEqual({
      file,
      text: fs.readFileSync(path.join(fresh, file), "utf8"),
    });
  }
});

test("the bindings target coder/coder 2.17.0 and coder/coderd 0.0.23 exactly; cdktf.json names the same for `cdktf get`", () => {
  const cdktfJson = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "cdktf.json"), "utf8"));
  expect(cdktfJson.terraformProviders).toEqual(["coder/coder@2.17.0", "coder/coderd@0.0.23"]);
  expect(VENDORED_PROVIDERS.map(cdktfConstraint)).toEqual(cdktfJson.terraformProviders);
  // The vendored schemas are of exactly those versions.
  for (const p of VENDORED_PROVIDERS) expect(fs.existsSync(path.join(__dirname, "..", "..", p.schema))).toBe(true);
  expect(cdktfJson.codeMakerOutput).toBe("lib/providers/gen");
  expect(CoderProvider.tfResourceType).toBe("coder");
  expect(Agent.tfResourceType).toBe("coder_agent");
  expect(CoderdProvider.tfResourceType).toBe("coderd");
  expect(Template.tfResourceType).toBe("coderd_template");
});
