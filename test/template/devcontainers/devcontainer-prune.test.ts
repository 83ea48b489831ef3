// lib/template/scripts/devcontainer-prune.sh, run for real with a stand-in docker that lists one stopped dev container: what
// counts as a change of the dev container's configuration.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { scratchDirs } from "../../scratch";

const script = path.join(__dirname, "..", "..", "..", "lib", "template", "scripts", "devcontainer-prune.sh");
const tmp = scratchDirs();
const CREATED = "2026-01-01T00:00:00";

/** The mtimes of `files`: before the container, in its creation second (later within it), after it. */
const AGES = { old: "2025-06-01T00:00:00Z", same: `${CREATED}.900Z`, new: "2026-06-01T00:00:00Z" };

/** Runs the prune with the repository `files` (path → age); `containers: false`: docker lists none. */
function prune(configPath: string, files: Record<string, keyof typeof AGES>, containers = true) {
  const root = tmp("devpod-prune-");
  const repo = path.join(root, "repo");
  for (const [file, age] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
    fs.writeFileSync(path.join(repo, file), "x");
    const t = new Date(AGES[age]);
    fs.utimesSync(path.join(repo, file), t, t);
  }
  const bin = path.join(root, "bin");
  fs.mkdirSync(bin);
  const config = path.join(repo, configPath);
  fs.writeFileSync(
    path.join(bin, "docker"),
    `#!/bin/sh\ncase "$1" in\n version) exit 0 ;;\n ps) ${containers ? "echo c0ffee0000000000000000000000000000000000000000000000000000000001" : ":"} ;;\n` +
      ` inspect) echo "false ${CREATED}.123456789Z ${config}" ;;\n rm) echo "$2" >>"${root}/removed" ;;\nesac\n`,
    { mode: 0o755 },
  );
  const r = spawnSync("sh", [script], {
    encoding: "utf8",
    env: { PATH: `${bin}:/usr/bin:/bin`, DEVPOD_DOCKER_HOST: "unix:///nowhere", DEVPOD_WAIT_SECONDS: "1", DEVPOD_REPO_DIR: repo, DEVPOD_CONFIG_PATH: configPath },
  });
  return { status: r.status, out: r.stdout, removed: fs.existsSync(path.join(root, "removed")) };
}

test("a config at the repository's root: work elsewhere in the checkout (a commit) keeps the stopped container", () => {
  const r = prune("devcontainer.json", { "devcontainer.json": "old", ".git/HEAD": "new", "src/main.go": "new" });
  expect(r).toMatchObject({ status: 0, removed: false });
  expect(r.out).toMatch(/dev container c0ffee000000 for .* is kept/);
});

test("a config at the repository's root that changed itself: rebuilt", () => {
  const r = prune("devcontainer.json", { "devcontainer.json": "new", "src/main.go": "old" });
  expect(r).toMatchObject({ status: 0, removed: true });
  expect(r.out).toContain("devcontainer.json changed after it was created");
});

test("a .devcontainer folder: a changed Dockerfile next to the config rebuilds; an unchanged folder keeps", () => {
  expect(prune(".devcontainer/devcontainer.json", { ".devcontainer/devcontainer.json": "old", ".devcontainer/Dockerfile": "new" })).toMatchObject({ removed: true });
  expect(prune(".devcontainer/devcontainer.json", { ".devcontainer/devcontainer.json": "old", ".devcontainer/Dockerfile": "old", "README.md": "new" })).toMatchObject({ removed: false });
});

test("a config written in the second the container was created (seconds resolution): kept, it was read before", () => {
  const r = prune(".devcontainer/devcontainer.json", { ".devcontainer/devcontainer.json": "same", ".devcontainer/Dockerfile": "old" });
  expect(r).toMatchObject({ status: 0, removed: false });
  expect(r.out).toMatch(/^devpod: dev container c0ffee000000 for .* is kept; the agent starts it again\n$/);
  // One second later is a change.
  expect(prune(".devcontainer/devcontainer.json", { ".devcontainer/devcontainer.json": "new" })).toMatchObject({ removed: true });
});

test("a config in a folder of its own below .devcontainer (.devcontainer/<name>/): a changed Dockerfile next to it rebuilds", () => {
  const config = ".devcontainer/python/devcontainer.json";
  const r = prune(config, { [config]: "old", ".devcontainer/python/Dockerfile": "new" });
  expect(r).toMatchObject({ status: 0, removed: true });
  expect(r.out).toContain("/.devcontainer/python/Dockerfile changed after it was created (2026-01-01T00:00:00Z): it is built anew");
  expect(r.out).toMatch(/devpod: no dev container for .* kept; the agent builds it anew\n$/);
  // Another config's folder beside it is not this one's.
  expect(prune(config, { [config]: "old", ".devcontainer/node/Dockerfile": "new" })).toMatchObject({ removed: false });
});

test("no container for the folder yet: one line that says the agent builds it", () => {
  const r = prune(".devcontainer/devcontainer.json", { ".devcontainer/devcontainer.json": "old" }, false);
  expect(r).toMatchObject({ status: 0, removed: false });
  expect(r.out).toMatch(/^devpod: no dev container for \/.*\/repo yet; the agent builds it\n$/);
});
