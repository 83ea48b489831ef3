// The committed coder/coder bindings are exactly what the generator makes from the vendored schema.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { codeMakerOutput, generateCoderBindings, listFiles } from "../lib/tools/provider-bindings";
import { Agent } from "../lib/gen/providers/coder/agent";
import { CoderProvider } from "../lib/gen/providers/coder/provider";

const afterCleanup: string[] = [];
afterAll(() => afterCleanup.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

test("a fresh generation from the vendored schema equals the committed bindings, file for file", async () => {
  const fresh = fs.mkdtempSync(path.join(os.tmpdir(), "devpod-gen-"));
  const written = await generateCoderBindings(fresh);
  afterCleanup.push(fresh);
  const committedDir = path.join(codeMakerOutput(), "providers", "coder");
  const committed = listFiles(committedDir).map((f) => path.relative(codeMakerOutput(), f));
  expect(committed).toEqual(written);
  for (const file of written) {
    expect({ file, text: fs.readFileSync(path.join(codeMakerOutput(), file), "utf8") }).toEqual({
      file,
      text: fs.readFileSync(path.join(fresh, file), "utf8"),
    });
  }
});

test("the bindings target coder/coder with the cdktf.json constraint, as `cdktf get` would", () => {
  const cdktfJson = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "cdktf.json"), "utf8"));
  expect(cdktfJson.terraformProviders).toEqual(["coder/coder@~> 2.17"]);
  expect(cdktfJson.codeMakerOutput).toBe("lib/gen");
  expect(CoderProvider.tfResourceType).toBe("coder");
  expect(Agent.tfResourceType).toBe("coder_agent");
});
