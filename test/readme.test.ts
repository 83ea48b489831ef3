// The README is documentation users copy from: its configuration table and commands must stay true.
import * as fs from "fs";
import * as path from "path";
import { CONFIG_KEYS, RANGES, resolveConfig } from "../lib/config/config";
import { SIDECAR_SHARE_RANGE } from "../lib/config/sizing-config";
import { DEVPOD_STACK_ID, PLATFORM_STACK_ID } from "../lib/template/published-template";
import { synthDevpod } from "./helpers";

const root = path.resolve(__dirname, "..");
const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
const defaults = resolveConfig({});
const publicKeys = CONFIG_KEYS;

/** The configuration table's rows: key → [default, rule]. */
const rows = new Map<string, [string, string]>();
for (const match of readme.matchAll(/^\| `(\w+)` \| `([^`]*)` \| (.*) \|$/gm)) rows.set(match[1], [match[2], match[3]]);
const shown = (value: unknown) => (Array.isArray(value) ? JSON.stringify(value) : String(value));

test("the configuration table lists every key with its real default", () => {
  expect([...rows.keys()].sort()).toEqual([...publicKeys].sort());
  for (const key of publicKeys.filter((k) => k !== "dockerDataRoot")) expect({ key, default: rows.get(key)?.[0] }).toEqual({ key, default: shown(defaults[key]) });
});

test("dockerDataRoot's default is shown as it is derived, below homePath", () => {
  const shownDefault = rows.get("dockerDataRoot")?.[0] as string;
  expect(shownDefault).toBe("<homePath>/.docker-data");
  for (const homePath of ["/home/coder", "/home/dev", "/workspace"]) {
    expect(resolveConfig({ homePath }).dockerDataRoot).toBe(shownDefault.replace("<homePath>", homePath));
  }
});

test("the reference docs describe the project, not its history", () => {
  const docs = ["README.md", ...fs.readdirSync(path.join(root, "docs")).map((f) => path.join("docs", f))];
  const history = /until this change|before this change|after this change|an earlier version|issues? \d+\b/i;
  const found = docs.flatMap((doc) =>
    fs.readFileSync(path.join(root, doc), "utf8").split("\n").filter((line) => history.test(line)).map((line) => `${doc}: ${line.trim()}`),
  );
  expect(found).toEqual([]);
});

test("README and docs/architecture.md say that a failed synth removes the previous stacks (test/synth-output.test.ts shows it does)", () => {
  const stacks = [DEVPOD_STACK_ID, PLATFORM_STACK_ID].map((id) => `\`cdktf.out/stacks/${id}\``).join(", ");
  const flat = (text: string) => text.replace(/\s+/g, " ");
  expect(flat(readme)).toContain(`A failed synth also removes the previous ${stacks} and \`cdktf.out/manifest.json\`, deliberately`);
  const architecture = fs.readFileSync(path.join(root, "docs", "architecture.md"), "utf8");
  expect(flat(architecture)).toContain(`removes the previous ${stacks} and \`cdktf.out/manifest.json\``);
});

test("a fact checked on npm carries the date it was checked", () => {
  expect(readme).not.toMatch(/checked on npm today/i);
  expect(readme).toMatch(/Checked on npm on \d{4}-\d{2}-\d{2}\s+\(`npm view cdktn version`, `npm view cdktn-cli engines`\)/);
});

test("the verification's coder_script timeout docs/verification.md quotes is the template's", () => {
  const verification = fs.readFileSync(path.join(root, "docs", "verification.md"), "utf8");
  const timeout = synthDevpod().tf.resource.coder_script.verify_docker_storage.timeout;
  const quoted = [...verification.matchAll(/timeout is derived from the sum of those limits \((\d+) s with the\s+defaults\)/g)].map((m) => Number(m[1]));
  expect(quoted).toEqual([timeout]);
});

test("the configuration table lists every sizing key (context.devpod.sizing) with its real default and the share's range", () => {
  const sizingRows = new Map<string, string>();
  for (const match of readme.matchAll(/^\| `(sizing\.[\w.]+)` \| `([^`]*)` \| (.*) \|$/gm)) sizingRows.set(match[1], match[2]);
  const leaves = (value: unknown, at: string): [string, string][] =>
    value && typeof value === "object" && !Array.isArray(value)
      ? Object.entries(value).flatMap(([k, v]) => leaves(v, `${at}.${k}`))
      : [[at, shown(value)]];
  expect(Object.fromEntries(sizingRows)).toEqual(Object.fromEntries(leaves(defaults.sizing, "sizing")));
  const [min, max] = SIDECAR_SHARE_RANGE;
  expect(readme).toMatch(new RegExp(`^\\| \`sizing\\.sidecarSharePercent\` \\| \`\\d+\` \\| ${min}–${max};`, "m"));
});

test("the configuration table states each numeric range as the code enforces it", () => {
  for (const [key, [min, max]] of Object.entries(RANGES)) {
    expect({ key, rule: rows.get(key)?.[1] }).toEqual({ key, rule: expect.stringContaining(`${min}–${max}`) });
    expect(() => resolveConfig({ [key]: min - 1 })).toThrow(`from ${min} to ${max}`);
    expect(() => resolveConfig({ [key]: max })).not.toThrow();
  }
});

test("every key the table lists is accepted, and only those (unknown keys fail)", () => {
  for (const key of publicKeys) expect(() => resolveConfig({ [key]: defaults[key] })).not.toThrow();
  expect(() => resolveConfig({ dockerSocketPath: "/x" })).toThrow(/unknown key 'dockerSocketPath'/);
});

test("the two commands are the package's real scripts and the push path is the synth output", () => {
  const scripts = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).scripts;
  expect(readme).toContain("npm ci && npm run synth");
  expect(readme).toContain("npm ci && npm test");
  // The synth script is the app cdktf.json gives `cdktf synth`: one command, both paths.
  expect(scripts.synth).toBe("node --require tsx/cjs main.ts");
  expect(JSON.parse(fs.readFileSync(path.join(root, "cdktf.json"), "utf8")).app).toBe(scripts.synth);
  expect(scripts.test).toMatch(/jest/);
  expect(readme).toContain("coder templates push devpod -d cdktf.out/stacks/devpod");
  expect(fs.readFileSync(path.join(root, ".ci", "run"), "utf8")).toMatch(/^npm test$/m);
});

test("the grace period docs/architecture.md derives and quotes is the template's", () => {
  const architecture = fs.readFileSync(path.join(root, "docs", "architecture.md"), "utf8");
  const grace = synthDevpod().tf.resource.kubernetes_deployment_v1.main.spec.template.spec.termination_grace_period_seconds;
  // "10 s stop + 15 s for the hook's ..., max(15, 10 + 5) s for dockerd, 10 s for containerd and unmounts: 50 s."
  expect(architecture).toMatch(new RegExp(`10 s for containerd and unmounts: ${grace} s\\.`));
  for (const doc of [readme, architecture, fs.readFileSync(path.join(root, "docs", "persistence.md"), "utf8")]) {
    for (const quoted of doc.matchAll(/grace period,? (\d+) s/g)) expect(Number(quoted[1])).toBe(grace);
  }
  expect(architecture).toContain(`terminationGracePeriodSeconds ${grace} (derived`);
});

test("README and docs/ link only to files and headings that exist", () => {
  const docs = ["README.md", ...fs.readdirSync(path.join(root, "docs")).map((f) => path.join("docs", f))];
  // GitHub's heading anchors: lower case, punctuation dropped, spaces to '-'.
  const anchors = (file: string) =>
    [...fs.readFileSync(path.join(root, file), "utf8").matchAll(/^#+ (.*)$/gm)].map((m) =>
      m[1].toLowerCase().replace(/[^a-z0-9 -]/g, "").replace(/ /g, "-"),
    );
  const broken: string[] = [];
  for (const doc of docs) {
    const text = fs.readFileSync(path.join(root, doc), "utf8");
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/.test(target)) continue; // https:, mailto:
      const [file, anchor] = target.split("#");
      const resolved = file ? path.normalize(path.join(path.dirname(doc), file)) : doc;
      if (!fs.existsSync(path.join(root, resolved))) broken.push(`${doc}: ${target} (no file ${resolved})`);
      else if (anchor && !anchors(resolved).includes(anchor)) broken.push(`${doc}: ${target} (no heading #${anchor})`);
    }
  }
  expect(broken).toEqual([]);
});

test("the README stays a first screen: at most 250 lines, depth in docs/", () => {
  expect(readme.split("\n").length).toBeLessThanOrEqual(250);
});
