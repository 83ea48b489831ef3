/** `npm run gen:providers`: regenerates lib/gen/providers/coder from the vendored schema (no network). */
import { codeMakerOutput, generateCoderBindings } from "./provider-bindings";

generateCoderBindings(codeMakerOutput()).then(
  (files) => console.log(`wrote ${files.length} files under ${codeMakerOutput()}/providers/coder`),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
