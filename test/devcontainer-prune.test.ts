// lib/scripts/devcontainer-prune.sh, run for real with a stand-in docker that lists one stopped dev container: what
// counts as a change of the dev container's configuration.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { scratchDirs } from "./helpers";

const script = path.join(__dirname, "..", "lib", "scripts", "devcontainer-prune.sh");
const tmp = scratchDirs();
const CREATED = "2026-01-01T00:00:00";

/** Runs the prune with the repository `files` (path → mtime, "old" before the container, "new" after it). */
function prune(configPath: string, files: Record<string, "old" | "new">) {
  const root = tmp("devpod-prune-");
  const repo = path.join(root, "repo");
  for (const [file, age] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
    fs.writeFileSync(path.join(repo, file), "x");
    const t = new Date(age === "old" ? "2025-06-01T00:00:00Z" : "2026-06-01T00:00:00Z");
    fs.utimesSync(path.join(repo, file), t, t);
  }
  const bin = path.join(root, "bin");
  fs.mkdirSync(bin);
  const config = path.join(repo, configPath);
  fs.writeFileSync(
    path.join(bin, "docker"),
    `#!/bin/sh\ncase "$1" in\n version) exit 0 ;;\n ps) echo c0ffee0000000000000000000000000000000000000000000000000000000001 ;;\n` +
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
