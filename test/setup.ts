// Registers cdktf's jest matchers (toHaveResourceWithProperties, ...), and keeps tests from leaving temp dirs behind.
// Applied when a test file first loads cdktf (a module factory), not before each file: a third of the test files
// never load it, and loading it costs ~0.17 s of CPU per file.
let loading = false;
jest.mock("cdktf", () => {
  // cdktf's own modules import its index while it loads: they get the real module, as they would without the mock.
  if (loading) return jest.requireActual("cdktf");
  loading = true;
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

  // cdktf records the full stack trace of every token it creates (Lazy, Intrinsic), only to print it when that token
  // later fails to resolve. Under Jest's source-mapped stack traces that is three quarters of an in-process synth
  // (about 45 ms of 55 for the template); the synthesized JSON does not contain it. Tokens here get an empty creation
  // stack.
  const stackTrace = jest.requireActual("cdktf/lib/tokens/private/stack-trace");
  if (typeof stackTrace.captureStackTrace !== "function") throw new Error("cdktf/lib/tokens/private/stack-trace no longer exports captureStackTrace: update test/setup.ts");
  stackTrace.captureStackTrace = (): string[] => [];
  return cdktf;
});
