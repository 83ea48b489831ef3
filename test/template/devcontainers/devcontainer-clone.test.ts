// lib/template/scripts/devcontainer-clone.sh, run: a clone into a new folder, nothing over an existing one, and one line that
// tells an unreachable repository from one that refuses access.
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as http from "http";
import * as os from "os";
import * as path from "path";
import { SCRIPTS_DIR } from "../../../lib/template/embedded-script";

const SCRIPT = path.join(SCRIPTS_DIR, "devcontainer-clone.sh");
// The cases share nothing (each has its own folder, HOME and server) and several wait real seconds for a limit: they
// run at once (test.concurrent; no beforeEach runs for those, hence a folder per test).
// (Not scratchDirs from test/helpers: that module loads the whole stack.)
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "devpod-clone-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));
let dirs = 0;
const newDir = () => fs.mkdtempSync(path.join(scratch, `case-${dirs++}-`));

/** Runs the script in `dir` (asynchronously: a test's HTTP server must keep answering); `extra` adds or overrides settings. */
function clone(dir: string, url: string, folder: string, extra: Record<string, string> = {}): Promise<{ status: number | null; out: string; seconds: number }> {
  return new Promise((resolve) => {
    const env = {
      PATH: process.env.PATH,
      HOME: dir,
      DEVPOD_REPO_URL: url,
      DEVPOD_REPO_DIR: folder,
      DEVPOD_CLONE_SECONDS: "60",
      DEVPOD_ASKPASS_SECONDS: "60",
      GIT_CONFIG_NOSYSTEM: "1",
      ...extra,
    };
    const begin = Date.now();
    const proc = spawn("sh", [SCRIPT], { env });
    let out = "";
    proc.stdout.on("data", (d) => (out += d));
    proc.stderr.on("data", (d) => (out += d));
    proc.on("close", (status) => resolve({ status, out: out.trim(), seconds: (Date.now() - begin) / 1000 }));
  });
}

/** An HTTP server on 127.0.0.1 for the duration of `body`. */
async function serving(handler: http.RequestListener, body: (base: string) => Promise<void>): Promise<void> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    await body(`http://127.0.0.1:${(server.address() as { port: number }).port}`);
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

/** A stand-in for the agent's askpass (coder gitaskpass): prints the link as it does, then answers after `answerAfter`
 * seconds, or never. */
function fakeAskpass(dir: string, answerAfter: number | "never" | "fails", link = true): string {
  const file = path.join(dir, "askpass");
  const says = link ? "Open the following URL to authenticate with Git:\\nhttps://coder.example.com/external-auth/primary-github\\n" : "waiting\\n";
  const wait = { never: "exec sleep 1000", fails: "echo 'Coder was unable to handle this git request.' >&2; exit 1" }[answerAfter as string] ?? `sleep ${answerAfter}; echo devpod-token`;
  fs.writeFileSync(file, `#!/bin/sh\necho "$1" >>'${dir}/asked'\n${answerAfter === "fails" ? "" : `printf '${says}' >&2\n`}${wait}\n`, { mode: 0o755 });
  return file;
}

/** An HTTP server that refuses every request with 401, for the duration of `body`. */
const refusing = (body: (base: string) => Promise<void>) =>
  serving((_, res) => {
    res.writeHead(401, { "WWW-Authenticate": 'Basic realm="git"' });
    res.end();
  }, body);

/** Serves `repo(dir)`'s repository over git's dumb HTTP protocol, to Basic auth with the password devpod-token only. */
function dumbHttp(root: string): http.RequestListener {
  return (req, res) => {
    if (req.headers.authorization !== `Basic ${Buffer.from("devpod-token:devpod-token").toString("base64")}`) {
      res.writeHead(401, { "WWW-Authenticate": 'Basic realm="git"' });
      res.end();
      return;
    }
    const file = path.join(root, decodeURIComponent((req.url ?? "/").split("?")[0]).replace(/^\/org\/app\.git/, ""));
    if (!file.startsWith(root) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404);
      res.end();
      return;
    }
    res.writeHead(200);
    res.end(fs.readFileSync(file));
  };
}

function repo(dir: string): string {
  const src = path.join(dir, "origin", "app.git");
  fs.mkdirSync(src, { recursive: true });
  fs.writeFileSync(path.join(src, "README"), "hi\n");
  for (const args of [["init", "-q"], ["add", "-A"], ["-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "init"]]) {
    expect(spawnSync("git", ["-C", src, ...args]).status).toBe(0);
  }
  return `file://${src}`;
}

test.concurrent("clones into a new folder (parents created), then leaves it alone: the user's changes stay", async () => {
  const dir = newDir();
  const folder = path.join(dir, "home", "src", "app");
  const first = await clone(dir, repo(dir), folder);
  expect(first).toMatchObject({ status: 0, out: `devpod: cloned file://${dir}/origin/app.git into ${folder}` });
  fs.writeFileSync(path.join(folder, "README"), "changed by the user\n");
  const again = await clone(dir, `file://${dir}/origin/app.git`, folder);
  expect(again).toMatchObject({ status: 0, out: `devpod: ${folder} exists: left as it is (no clone, no pull)` });
  expect(fs.readFileSync(path.join(folder, "README"), "utf8")).toBe("changed by the user\n");
  // No temporary folder left next to it.
  expect(fs.readdirSync(path.dirname(folder))).toEqual(["app"]);
});

test.concurrent("a folder that exists without .git is not touched, and the start says so", async () => {
  const dir = newDir();
  const folder = path.join(dir, "src", "app");
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, "notes.txt"), "mine\n");
  const run = await clone(dir, repo(dir), folder);
  expect(run.status).toBe(1);
  expect(run.out).toBe(`devpod: ERROR: ${folder} exists but is not a git checkout; nothing was changed; fix: move it away and restart the workspace, or choose another repository`);
  expect(fs.readdirSync(folder)).toEqual(["notes.txt"]);
});

test.concurrent("an unreachable host: one line that says so, and nothing left behind", async () => {
  const dir = newDir();
  const folder = path.join(dir, "src", "x");
  const run = await clone(dir, "https://127.0.0.1:1/org/x.git", folder);
  expect(run.status).toBe(1);
  expect(run.out).toMatch(/^devpod: ERROR: cannot reach https:\/\/127\.0\.0\.1:1\/org\/x\.git \(git: .*\); fix: check the URL and that the cluster may reach that host \(egress, proxy\)$/);
  expect(run.out.split("\n")).toHaveLength(1);
  expect(fs.readdirSync(path.join(dir, "src"))).toEqual([]);
});

test.concurrent("an ssh URL whose host refuses the connection (ssh's 'Connection refused'): cannot reach, not 'refused access'", async () => {
  const dir = newDir();
  const url = "ssh://git@127.0.0.1:1/org/x.git";
  const run = await clone(dir, url, path.join(dir, "src", "x"));
  expect(run.status).toBe(1);
  // ssh's own words, then git's "Could not read from remote repository": only the first says why.
  expect(run.out).toMatch(/^devpod: ERROR: cannot reach ssh:\/\/git@127\.0\.0\.1:1\/org\/x\.git \(git: .*\); fix: check the URL and that the cluster may reach that host \(egress, proxy\)$/);
});

test.concurrent("a private repository (HTTP 401, no credentials): refused access, at once, without a prompt", async () => {
  const dir = newDir();
  const server = http.createServer((_, res) => {
    res.writeHead(401, { "WWW-Authenticate": 'Basic realm="git"' });
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  try {
    const url = `http://127.0.0.1:${port}/org/private.git`;
    const run = await clone(dir, url, path.join(dir, "src", "private"));
    expect(run.status).toBe(1);
    expect(run.out).toMatch(
      new RegExp(`^devpod: ERROR: ${url.replace(/[.]/g, "\\.")} refused access or does not exist \\(git: .*\\); fix: check the URL; for a private repository connect your git account in Coder \\(external auth\\) or add your Coder SSH key \\(coder publickey\\) to it, then restart$`),
    );
  } finally {
    server.close();
  }
});

test.concurrent("a URL whose last segment gives no folder name is refused before anything runs", async () => {
  const dir = newDir();
  const run = await clone(dir, "https://x.example/org/..", `${dir}/src/..`);
  expect(run).toMatchObject({ status: 1, out: "devpod: ERROR: cannot derive a folder name from https://x.example/org/.. (got '..'); fix: use a URL that ends in the repository's name" });
});

describe("a clone never hangs the start", () => {
  test.concurrent("the agent's askpass waiting for an external-auth link that never comes: stopped, and the line names the link", async () => {
    const dir = newDir();
    await serving(
      (_, res) => {
        res.writeHead(401, { "WWW-Authenticate": 'Basic realm="git"' });
        res.end();
      },
      async (base) => {
        const url = `${base}/org/private.git`;
        const run = await clone(dir, url, path.join(dir, "src", "private"), { GIT_ASKPASS: fakeAskpass(dir, "never"), DEVPOD_ASKPASS_SECONDS: "2" });
        expect(run.status).toBe(1);
        expect(run.out).toBe(
          `devpod: ERROR: ${url} needs your account linked in Coder (external auth primary-github), and it was not linked within 2 s; ` +
            "fix: open https://coder.example.com/external-auth/primary-github (or run coder external-auth access-token primary-github in a terminal), link the account, then restart the workspace",
        );
        expect(run.seconds).toBeLessThan(10);
        expect(fs.readFileSync(path.join(dir, "asked"), "utf8")).toBe(`Username for '${base}': \n`);
        expect(fs.readdirSync(path.join(dir, "src"))).toEqual([]);
      },
    );
  });

  test.concurrent("an askpass that waits without printing a link: stopped too, the line says what to link", async () => {
    const dir = newDir();
    await refusing(async (base) => {
      const url = `${base}/org/private.git`;
      const run = await clone(dir, url, path.join(dir, "src", "private"), { GIT_ASKPASS: fakeAskpass(dir, "never", false), DEVPOD_ASKPASS_SECONDS: "1" });
      expect(run.status).toBe(1);
      expect(run.out).toBe(
        `devpod: ERROR: ${url} asked for credentials and none came within 1 s (git: fatal: could not read Username for '${base}': terminal prompts disabled); ` +
          "fix: link your git account in Coder (external auth; coder external-auth access-token <provider> in a terminal prints the link) or add your Coder SSH key (coder publickey) to it, then restart the workspace",
      );
    });
  });

  test.concurrent("a host no external-auth provider matches (the askpass gives up at once): refused access, at once", async () => {
    const dir = newDir();
    await refusing(async (base) => {
      const url = `${base}/org/private.git`;
      const run = await clone(dir, url, path.join(dir, "src", "private"), { GIT_ASKPASS: fakeAskpass(dir, "fails") });
      expect(run.status).toBe(1);
      expect(run.out).toBe(
        `devpod: ERROR: ${url} refused access or does not exist (git: fatal: could not read Username for '${base}': terminal prompts disabled); ` +
          "fix: check the URL; for a private repository connect your git account in Coder (external auth) or add your Coder SSH key (coder publickey) to it, then restart",
      );
      expect(run.seconds).toBeLessThan(10);
    });
  });

  test.concurrent("a link made while the start waits: the askpass's answer reaches git and the clone goes on", async () => {
    const dir = newDir();
    const origin = new URL(repo(dir)).pathname;
    const bare = path.join(dir, "served");
    expect(spawnSync("git", ["clone", "-q", "--bare", origin, bare]).status).toBe(0);
    expect(spawnSync("git", ["-C", bare, "update-server-info"]).status).toBe(0);
    await serving(dumbHttp(bare), async (base) => {
      const folder = path.join(dir, "src", "app");
      const run = await clone(dir, `${base}/org/app.git`, folder, { GIT_ASKPASS: fakeAskpass(dir, 1), DEVPOD_ASKPASS_SECONDS: "20" });
      expect(run).toMatchObject({ status: 0, out: `devpod: cloned ${base}/org/app.git into ${folder}` });
      expect(fs.readFileSync(path.join(folder, "README"), "utf8")).toBe("hi\n");
    });
  });

  test.concurrent("a server that never answers: the clone's own limit stops it, in one line", async () => {
    const dir = newDir();
    await serving(
      () => undefined,
      async (base) => {
        const url = `${base}/org/slow.git`;
        const run = await clone(dir, url, path.join(dir, "src", "slow"), { DEVPOD_CLONE_SECONDS: "2" });
        expect(run.status).toBe(1);
        expect(run.out).toBe(
          `devpod: ERROR: git clone ${url} did not finish within 2 s (git: nothing); fix: check that the cluster reaches that host at a usable speed, or clone it by hand in a terminal into ${dir}/src/slow`,
        );
        expect(run.seconds).toBeLessThan(10);
        expect(fs.readdirSync(path.join(dir, "src"))).toEqual([]);
      },
    );
  });
});
