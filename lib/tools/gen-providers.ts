/** `npm run gen:providers`: regenerates lib/providers/gen/providers/{coder,coderd} from the vendored schemas (no network). */
import { codeMakerOutput, generateProviderBindings } from "./provider-bindings";

generateProviderBindings(codeMakerOutput()).then(
  (files) => console.log(`wrote ${files.length} files under ${codeMakerOutput()}/providers`),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
