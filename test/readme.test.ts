// The README is documentation users copy from: its configuration table and commands must stay true.
import * as fs from "fs";
import * as path from "path";
import { CONFIG_KEYS, resolveConfig } from "../lib/config";

const root = path.resolve(__dirname, "..");
const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
const defaults = resolveConfig({});
const publicKeys = CONFIG_KEYS;

test("the configuration table lists every key with its real default", () => {
  const rows = new Map<string, string>();
  for (const match of readme.matchAll(/^\| `(\w+)` \| `([^`]*)` \|/gm)) rows.set(match[1], match[2]);
  expect([...rows.keys()].sort()).toEqual([...publicKeys].sort());
  for (const key of publicKeys) expect({ key, default: rows.get(key) }).toEqual({ key, default: String(defaults[key]) });
});

test("every key the table lists is accepted, and only those (unknown keys fail)", () => {
  for (const key of publicKeys) expect(() => resolveConfig({ [key]: defaults[key] })).not.toThrow();
  expect(() => resolveConfig({ dockerSocketPath: "/x" })).toThrow(/unknown key 'dockerSocketPath'/);
});

test("the two commands are the package's real scripts and the push path is the synth output", () => {
  const scripts = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).scripts;
  expect(readme).toContain("npm ci && npm run synth");
  expect(readme).toContain("npm ci && npm test");
  expect(scripts.synth).toBe("cdktf synth");
  expect(scripts.test).toMatch(/jest/);
  expect(readme).toContain("coder templates push devpod -d cdktf.out/stacks/devpod");
  expect(fs.readFileSync(path.join(root, ".ci", "run"), "utf8")).toMatch(/^npm test$/m);
});
