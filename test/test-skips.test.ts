// No suite skips silently: a test that needs terraform, root or dockerd skips only through requireOrSkip, which prints
// one SKIPPED line and, under CI=true, fails the run instead of skipping.
import * as fs from "fs";
import * as path from "path";
import { requireOrSkip } from "./dind/environment";

const TEST_DIR = __dirname;
/** Skips that do not depend on this machine, with the reason: the same in CI as anywhere. */
const NOT_A_PREREQUISITE: Record<string, string> = {
  // The committed lock file exists only once a machine that reaches the registry ran `npm run lock` (docs/platform.md).
  "providers/provider-lock.test.ts": "(fs.existsSync(PROVIDER_LOCK_FILE) ? test : test.skip)",
};
// This file's own samples are not skips.
const testFiles = (dir: string): string[] =>
  fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? testFiles(path.join(dir, e.name)) : /\.test\.ts$/.test(e.name) ? [path.join(dir, e.name)] : []))
    .filter((f) => f !== __filename);

/** The skips in `text` that are not decided by requireOrSkip: `x ? describe.skip` where x is not set by it, or an
 * unconditional `.skip(` / `.only(`. */
function silentSkips(text: string): string[] {
  const silent: string[] = [];
  for (const m of text.matchAll(/(\S+)\s*\?\s*(?:describe|test|it)\.skip\b/g)) {
    const condition = m[1].replace(/^\(/, "");
    const fromRequire = /^\w+$/.test(condition) && new RegExp(`\\b(?:const|let) ${condition} = requireOrSkip\\(`).test(text);
    if (!fromRequire) silent.push(m[0]);
  }
  for (const m of text.matchAll(/\b(?:describe|test|it)\.(?:skip|only)\s*\(/g)) silent.push(m[0]);
  return silent;
}

it("every skip in the test files is decided by a variable requireOrSkip set", () => {
  const found = testFiles(TEST_DIR).flatMap((file) => silentSkips(fs.readFileSync(file, "utf8")).map((s) => `${path.relative(TEST_DIR, file)}: ${s}`));
  expect(found).toEqual([]);
});

it("the check reports the silent forms and accepts requireOrSkip's", () => {
  expect(silentSkips("const describeTf = terraformUnavailable() ? describe.skip : describe;")).toEqual(["terraformUnavailable() ? describe.skip"]);
  expect(silentSkips("const asRoot = process.getuid?.() === 0 ? test : test.skip;")).toEqual([]); // the reversed form is caught below
  expect(silentSkips("const skip = terraformUnavailable();\n(skip ? describe.skip : describe)(")).toEqual(["(skip ? describe.skip"]);
  expect(silentSkips('describe.skip("x", () => {});')).toEqual(["describe.skip("]);
  expect(silentSkips('const skip = requireOrSkip("t", terraformUnavailable());\n(skip ? describe.skip : describe)(')).toEqual([]);
});

it("no test file picks the test function by a condition of its own (x ? test : test.skip)", () => {
  const reversed = testFiles(TEST_DIR).flatMap((file) => {
    const where = path.relative(TEST_DIR, file);
    const text = fs.readFileSync(file, "utf8").replace(NOT_A_PREREQUISITE[where] ?? "\0", "");
    return [...text.matchAll(/\?\s*(?:describe|test|it)\s*:\s*(?:describe|test|it)\.skip\b/g)].map((m) => `${where}: ${m[0]}`);
  });
  expect(reversed).toEqual([]);
});

describe("requireOrSkip", () => {
  const ci = process.env.CI;
  afterEach(() => {
    if (ci === undefined) delete process.env.CI;
    else process.env.CI = ci;
  });

  it("under CI=true a missing prerequisite throws, naming it", () => {
    process.env.CI = "true";
    expect(() => requireOrSkip("terraform (sizing limits)", "no terraform binary on PATH")).toThrow(
      "CI=true: the terraform (sizing limits) tests cannot run here (no terraform binary on PATH); .ci/run must install it",
    );
    expect(requireOrSkip("terraform", undefined)).toBe(false);
  });

  it("elsewhere it skips with one SKIPPED line on stderr", () => {
    delete process.env.CI;
    const write = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      expect(requireOrSkip("terraform (sizing limits)", "no terraform binary on PATH")).toBe(true);
      expect(write).toHaveBeenCalledWith("SKIPPED: the terraform (sizing limits) tests: no terraform binary on PATH\n");
    } finally {
      write.mockRestore();
    }
  });
});
