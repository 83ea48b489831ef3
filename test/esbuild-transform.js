// Jest transform: TypeScript to CommonJS with esbuild (the compiler tsx runs the app with), one file at a time and no
// type-check: `tsc --noEmit` in `npm run lint` checks the types, and tsconfig's isolatedModules keeps every file
// compilable on its own. No test hoists jest.mock (esbuild would not).
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");
const esbuild = require("esbuild");

// tsconfig's compilerOptions (target ES2022: define semantics for class fields, as tsc and tsx give them).
const tsconfigRaw = { compilerOptions: JSON.parse(fs.readFileSync(path.join(__dirname, "..", "tsconfig.json"), "utf8")).compilerOptions };
// A new esbuild, tsconfig or transform invalidates Jest's cache of transformed files.
const salt = [esbuild.version, JSON.stringify(tsconfigRaw), fs.readFileSync(__filename, "utf8")].join("\0");

module.exports = {
  process(source, filename) {
    const { code, map } = esbuild.transformSync(source, {
      loader: "ts",
      format: "cjs",
      target: "node20",
      sourcemap: "external",
      sourcefile: filename,
      sourcesContent: false,
      tsconfigRaw,
    });
    return { code, map };
  },
  getCacheKey(source, filename, { configString }) {
    return crypto.createHash("sha256").update(salt).update("\0").update(configString).update("\0").update(filename).update("\0").update(source).digest("hex");
  },
};
