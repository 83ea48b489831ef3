// Registers cdktf's jest matchers (toHaveResourceWithProperties, ...), and keeps tests from leaving temp dirs behind.
// Applied when a test file first loads cdktf (a module factory), not before each file: a third of the test files
// never load it, and loading it costs ~0.17 s of CPU per file.
import * as path from "path";

/** Module `at`, loaded the first time the importer calls it or reads a property of it (a function: archiver is one). */
function loadedOnUse(at: string): unknown {
  let real: any;
  const load = () => (real ??= jest.requireActual(at));
  return new Proxy(function notLoadedYet() {}, {
    apply: (_target, self, args) => Reflect.apply(load(), self, args),
    get: (_target, key) => Reflect.get(load(), key),
    has: (_target, key) => Reflect.has(load(), key),
  });
}

let loading = false;
jest.mock("cdktf", () => {
  // cdktf's own modules import its index while it loads: they get the real module, as they would without the mock.
  if (loading) return jest.requireActual("cdktf");
  loading = true;
  // cdktf's index loads archiver (it zips TerraformAssets) and semver (it checks a binary's version) with their own
  // dependencies: about 230 of the 430 modules one template synth loads, which Jest reads and compiles again in every
  // test file. No unit test makes an asset or checks a version: each loads, for real, where it is first used.
  const cdktfDir = path.dirname(require.resolve("cdktf/package.json"));
  for (const name of ["archiver", "semver"]) {
    const at = require.resolve(name, { paths: [cdktfDir] });
    jest.mock(at, () => loadedOnUse(at));
  }
  // cdktf records the full stack trace of every token it creates (Lazy, Intrinsic), only to print it when that token
  // later fails to resolve. Under Jest's source-mapped stack traces that is three quarters of an in-process synth
  // (about 45 ms of 55 for the template); the synthesized JSON does not contain it. Tokens here get an empty creation
  // stack, from before cdktf's index loads: its tfExpression module makes tokens as it loads, and the first trace
  // taken makes Jest decode the inline source maps of every cdktf file on the stack (~0.1 s per test file).
  const stackTrace = jest.requireActual("cdktf/lib/tokens/private/stack-trace");
  if (typeof stackTrace.captureStackTrace !== "function") throw new Error("cdktf/lib/tokens/private/stack-trace no longer exports captureStackTrace: update test/setup.ts");
  stackTrace.captureStackTrace = (): string[] => [];
  const cdktf = jest.requireActual("cdktf") as typeof import("cdktf");
  const { Testing } = cdktf;
  Testing.setupJest();

  // Testing.app() without an outdir, and Testing.fullSynth, make a /tmp/cdktf.outdir.* that nothing removes: refuse them.
  const app = Testing.app.bind(Testing);
  Testing.app = (options = {}) => {
    if (!options.outdir) throw new Error("Testing.app() without outdir leaves /tmp/cdktf.outdir.* behind: use testingApp() from test/helpers.ts");
    return app(options);
  };
  Testing.fullSynth = () => {
    throw new Error("Testing.fullSynth leaves /tmp/cdktf.outdir.* behind: synthesize with an App whose outdir a test removes");
  };

  return cdktf;
});
