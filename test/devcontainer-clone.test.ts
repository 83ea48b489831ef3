// lib/scripts/devcontainer-clone.sh, run: a clone into a new folder, nothing over an existing one, and one line that
// tells an unreachable repository from one that refuses access.
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as http from "http";
import * as os from "os";
import * as path from "path";
import { SCRIPTS_DIR } from "../lib/embedded-script";

const SCRIPT = path.join(SCRIPTS_DIR, "devcontainer-clone.sh");
let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "devpod-clone-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Runs the script (asynchronously: a test's HTTP server must keep answering). */
function clone(url: string, folder: string): Promise<{ status: number | null; out: string }> {
  return new Promise((resolve) => {
    const env = { PATH: process.env.PATH, HOME: dir, DEVPOD_REPO_URL: url, DEVPOD_REPO_DIR: folder, GIT_CONFIG_NOSYSTEM: "1" };
    const proc = spawn("sh", [SCRIPT], { env });
    let out = "";
    proc.stdout.on("data", (d) => (out += d));
    proc.stderr.on("data", (d) => (out += d));
    proc.on("close", (status) => resolve({ status, out: out.trim() }));
  });
}

function repo(): string {
  const src = path.join(dir, "origin", "app.git");
  fs.mkdirSync(src, { recursive: true });
  fs.writeFileSync(path.join(src, "README"), "hi\n");
  for (const args of [["init", "-q"], ["add", "-A"], ["-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "init"]]) {
    expect(spawnSync("git", ["-C", src, ...args]).status).toBe(0);
  }
  return `file://${src}`;
}

test("clones into a new folder (parents created), then leaves it alone: the user's changes stay", async () => {
  const folder = path.join(dir, "home", "src", "app");
  const first = await clone(repo(), folder);
  expect(first).toEqual({ status: 0, out: `devpod: cloned file://${dir}/origin/app.git into ${folder}` });
  fs.writeFileSync(path.join(folder, "README"), "changed by the user\n");
  const again = await clone(`file://${dir}/origin/app.git`, folder);
  expect(again).toEqual({ status: 0, out: `devpod: ${folder} exists: left as it is (no clone, no pull)` });
  expect(fs.readFileSync(path.join(folder, "README"), "utf8")).toBe("changed by the user\n");
  // No temporary folder left next to it.
  expect(fs.readdirSync(path.dirname(folder))).toEqual(["app"]);
});

test("a folder that exists without .git is not touched, and the start says so", async () => {
  const folder = path.join(dir, "src", "app");
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, "notes.txt"), "mine\n");
  const run = await clone(repo(), folder);
  expect(run.status).toBe(1);
  expect(run.out).toBe(`devpod: ERROR: ${folder} exists but is not a git checkout; nothing was changed; fix: move it away and restart the workspace, or choose another repository`);
  expect(fs.readdirSync(folder)).toEqual(["notes.txt"]);
});

test("an unreachable host: one line that says so, and nothing left behind", async () => {
  const folder = path.join(dir, "src", "x");
  const run = await clone("https://127.0.0.1:1/org/x.git", folder);
  expect(run.status).toBe(1);
  expect(run.out).toMatch(/^devpod: ERROR: cannot reach https:\/\/127\.0\.0\.1:1\/org\/x\.git \(git: .*\); fix: check the URL and that the cluster may reach that host \(egress, proxy\)$/);
  expect(run.out.split("\n")).toHaveLength(1);
  expect(fs.readdirSync(path.join(dir, "src"))).toEqual([]);
});

test("an ssh URL whose host refuses the connection (ssh's 'Connection refused'): cannot reach, not 'refused access'", async () => {
  const url = "ssh://git@127.0.0.1:1/org/x.git";
  const run = await clone(url, path.join(dir, "src", "x"));
  expect(run.status).toBe(1);
  // ssh's own words, then git's "Could not read from remote repository": only the first says why.
  expect(run.out).toMatch(/^devpod: ERROR: cannot reach ssh:\/\/git@127\.0\.0\.1:1\/org\/x\.git \(git: .*\); fix: check the URL and that the cluster may reach that host \(egress, proxy\)$/);
});

test("a private repository (HTTP 401, no credentials): refused access, at once, without a prompt", async () => {
  const server = http.createServer((_, res) => {
    res.writeHead(401, { "WWW-Authenticate": 'Basic realm="git"' });
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  try {
    const url = `http://127.0.0.1:${port}/org/private.git`;
    const run = await clone(url, path.join(dir, "src", "private"));
    expect(run.status).toBe(1);
    expect(run.out).toMatch(
      new RegExp(`^devpod: ERROR: ${url.replace(/[.]/g, "\\.")} refused access or does not exist \\(git: .*\\); fix: check the URL; for a private repository connect your git account in Coder \\(external auth\\) or add your Coder SSH key \\(coder publickey\\) to it, then restart$`),
    );
  } finally {
    server.close();
  }
});

test("a URL whose last segment gives no folder name is refused before anything runs", async () => {
  const run = await clone("https://x.example/org/..", `${dir}/src/..`);
  expect(run).toEqual({ status: 1, out: "devpod: ERROR: cannot derive a folder name from https://x.example/org/.. (got '..'); fix: use a URL that ends in the repository's name" });
});
