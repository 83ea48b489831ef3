// Registers cdktf's jest matchers (toHaveResourceWithProperties, ...), and keeps tests from leaving temp dirs behind.
import { Testing } from "cdktf";

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
