// lib/template/scripts/devcontainer-cli.sh, run with stand-ins for curl, docker and node: the install into a folder an
// interrupted install left, and the `devcontainer` wrapper it writes, which runs the CLI only after the storage
// verification passed in this container and only on the template's dockerd (overlay2 on the data root).
import { spawnSync } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { SCRIPTS_DIR } from "../../../lib/template/embedded-script";
import { scratchDirs } from "../../scratch";

const SCRIPT = path.join(SCRIPTS_DIR, "devcontainer-cli.sh");
const DATA_ROOT = "/home/coder/.docker-data";
const VERSION = "0.89.0";
const tmp = scratchDirs();

let tarball: { tgz: string; sha512: string } | undefined;
/** The npm tarball: package/devcontainer.js only, made once per file (the workspaces only read it). Its sha512 is the
 * pin the script checks. */
function cliTarball() {
  if (tarball) return tarball;
  const src = tmp("devpod-cli-src-");
  fs.mkdirSync(path.join(src, "package"), { recursive: true });
  fs.writeFileSync(path.join(src, "package", "devcontainer.js"), "// cli\n");
  const tgz = path.join(src, "cli.tgz");
  expect(spawnSync("tar", ["-czf", tgz, "-C", src, "package"]).status).toBe(0);
  return (tarball = { tgz, sha512: createHash("sha512").update(fs.readFileSync(tgz)).digest("hex") });
}

/** A workspace: the CLI root, the agent's bin dir, stand-ins on PATH, and the verification's result file. */
function workspace() {
  const root = tmp("devpod-cli-");
  const stubs = path.join(root, "stubs");
  fs.mkdirSync(stubs);
  const { tgz, sha512 } = cliTarball();
  // curl -o FILE URL: copies the tarball. docker: `info` answers $FAKE_INFO, `cp` writes a node that records its args.
  fs.writeFileSync(path.join(stubs, "curl"), `#!/bin/sh\nwhile [ "$1" != -o ]; do shift; done\ncp '${tgz}' "$2"\n`, { mode: 0o755 });
  fs.writeFileSync(
    path.join(stubs, "docker"),
    `#!/bin/sh\ncase $1 in\n info) [ -n "$FAKE_INFO" ] && echo "$FAKE_INFO" ;;\n create) echo c1 ;;\n` +
      ` cp) printf '#!/bin/sh\\necho v22.12.0\\necho "node $*" >>"${root}/ran"\\n' >"$3"; chmod 755 "$3"\n` +
      // RACE: another start completes the same version meanwhile.
      `  [ -z "$RACE" ] || { mkdir -p "$RACE/package"; cp "$3" "$RACE/node"; echo raced >"$RACE/package/devcontainer.js"; } ;;\n *) : ;;\nesac\n`,
    { mode: 0o755 },
  );
  const env = {
    PATH: `${stubs}:/usr/bin:/bin`,
    HOME: root,
    CODER_SCRIPT_BIN_DIR: path.join(root, "bin"),
    DEVPOD_CLI_VERSION: VERSION,
    DEVPOD_CLI_SHA512: sha512,
    DEVPOD_NPM_REGISTRY: "https://npm.example",
    DEVPOD_NODE_IMAGE: "node:22.12.0-bookworm-slim",
    DEVPOD_CLI_ROOT: path.join(root, "cli"),
    DEVPOD_DOCKER_HOST: "unix:///run/dind/docker.sock",
    DEVPOD_DATA_ROOT: DATA_ROOT,
    DEVPOD_WAIT_SECONDS: "1",
    DEVPOD_VERIFIED_MARKER: path.join(root, "verified"),
  };
  const install = (extra: Record<string, string> = {}) => spawnSync("sh", [SCRIPT], { encoding: "utf8", env: { ...env, ...extra } });
  /** Runs the wrapper as the agent would (`devcontainer up ...`) with the verification's `result` and dockerd's `info`. */
  const wrapper = (result: string | undefined, info = `overlay2 ${DATA_ROOT}`) => {
    if (result === undefined) fs.rmSync(env.DEVPOD_VERIFIED_MARKER, { force: true });
    else fs.writeFileSync(env.DEVPOD_VERIFIED_MARKER, `${result}\n`);
    fs.rmSync(path.join(root, "ran"), { force: true });
    const r = spawnSync(path.join(env.CODER_SCRIPT_BIN_DIR, "devcontainer"), ["up", "--workspace-folder", "/home/coder/src/app"], {
      encoding: "utf8",
      env: { PATH: env.PATH, FAKE_INFO: info },
    });
    const ran = fs.existsSync(path.join(root, "ran")) ? fs.readFileSync(path.join(root, "ran"), "utf8") : "";
    return { status: r.status, err: r.stderr, ran };
  };
  return { root, env, install, wrapper, dest: path.join(env.DEVPOD_CLI_ROOT, VERSION) };
}

describe("the install", () => {
  test("into a fresh volume: node and the CLI in <root>/<version>, then the wrapper", () => {
    const w = workspace();
    const r = w.install();
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`devpod: installed @devcontainers/cli ${VERSION} with node v22.12.0 into ${w.dest}\n`);
    expect(fs.readdirSync(w.dest).sort()).toEqual(["node", "package"]);
  });

  test("a folder an interrupted install left (node, no CLI) is replaced, not filled with a nested copy", () => {
    const w = workspace();
    fs.mkdirSync(w.dest, { recursive: true });
    fs.writeFileSync(path.join(w.dest, "node"), "#!/bin/sh\n", { mode: 0o755 });
    const r = w.install();
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(fs.readdirSync(w.dest).sort()).toEqual(["node", "package"]);
    expect(fs.existsSync(path.join(w.dest, "package", "devcontainer.js"))).toBe(true);
    // The next start finds it complete.
    expect(w.install().stdout).toBe(`devpod: @devcontainers/cli ${VERSION} is on the home volume (${w.dest})\n`);
  });

  test.each([
    ["while this one downloaded", false],
    ["just before this one's rename", true],
  ])("another start that completed the same version %s wins; this copy is dropped, not nested inside it", (_, atRename) => {
    const w = workspace();
    if (atRename) {
      // mv: the racing start's version appears right before the final rename, which then moves this copy inside it.
      fs.writeFileSync(
        path.join(w.root, "stubs", "mv"),
        `#!/bin/sh\ncase "$*" in *"/${VERSION}") mkdir -p "${w.dest}/package"; cp "$1/node" "${w.dest}/node"; echo raced >"${w.dest}/package/devcontainer.js" ;; esac\nexec /bin/mv "$@"\n`,
        { mode: 0o755 },
      );
    }
    const r = w.install(atRename ? {} : { RACE: w.dest });
    expect(r.status).toBe(0);
    expect(fs.readdirSync(w.dest).sort()).toEqual(["node", "package"]);
    expect(fs.readFileSync(path.join(w.dest, "package", "devcontainer.js"), "utf8")).toBe("raced\n");
  });

  test("a tarball that is not the pinned one (a mirror serving another build): one line naming both sums; nothing installed", () => {
    const w = workspace();
    const other = "0".repeat(128);
    const r = w.install({ DEVPOD_CLI_SHA512: other });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      `devpod: ERROR: the tarball from https://npm.example/@devcontainers/cli/-/cli-${VERSION}.tgz is not @devcontainers/cli ${VERSION} ` +
        `(sha512 ${cliTarball().sha512}, expected ${other}); fix: point devcontainers.npmRegistry at a mirror that serves the original\n`,
    );
    expect(fs.existsSync(w.dest)).toBe(false);
    expect(fs.readdirSync(w.env.DEVPOD_CLI_ROOT)).toEqual([]); // the download's temporary folder too
    expect(fs.existsSync(path.join(w.env.CODER_SCRIPT_BIN_DIR, "devcontainer"))).toBe(false);
  });

  test("a rename that fails leaves no wrapper and says so in one line", () => {
    const w = workspace();
    // mv refuses the final rename only (its target is the version folder).
    fs.writeFileSync(path.join(w.root, "stubs", "mv"), `#!/bin/sh\ncase "$*" in *"/${VERSION}") exit 1 ;; esac\nexec /bin/mv "$@"\n`, { mode: 0o755 });
    const r = w.install();
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`devpod: ERROR: cannot move the CLI to ${w.dest}\n`);
    expect(fs.existsSync(path.join(w.env.CODER_SCRIPT_BIN_DIR, "devcontainer"))).toBe(false);
  });
});

describe("the wrapper", () => {
  const w = workspace();
  beforeAll(() => expect(w.install().status).toBe(0));

  test("after a passing verification, on overlay2 at the data root: runs the CLI with the agent's arguments", () => {
    const r = w.wrapper("pass 1234");
    expect(r).toEqual({ status: 0, err: "", ran: `node ${w.dest}/package/devcontainer.js up --workspace-folder /home/coder/src/app\n` });
  });

  test("a failed verification: one line naming the failed check and the 'Verify Docker storage' log; the CLI never runs", () => {
    const r = w.wrapper("fail 1234 storage driver");
    expect(r.status).toBe(1);
    expect(r.ran).toBe("");
    expect(r.err).toBe(
      "devpod: ERROR: no dev container on this Docker: the storage verification failed (storage driver); see the 'Verify Docker storage' script's log, fix what it names and restart the workspace\n",
    );
  });

  test.each([
    ["no result (the verification is running again, e.g. after a prebuild claim, or was killed)", undefined],
    ["an empty file", ""],
    ["a result of another form", "passed"],
  ])("%s: refused, naming the result file", (_, result) => {
    const r = w.wrapper(result);
    expect(r.status).toBe(1);
    expect(r.ran).toBe("");
    expect(r.err).toBe(
      `devpod: ERROR: no dev container on this Docker: the storage verification has not passed in this container (no result in ${w.env.DEVPOD_VERIFIED_MARKER}); see the 'Verify Docker storage' script's log, then restart the workspace\n`,
    );
  });

  test.each([
    ["the vfs fallback on the data root", `vfs ${DATA_ROOT}`],
    ["overlay2 on a foreign data root", "overlay2 /var/lib/docker"],
    ["a data root below the template's", `overlay2 ${DATA_ROOT}/sub`],
    ["no answer", ""],
  ])("a passing result, but dockerd now runs %s: refused", (_, info) => {
    const r = w.wrapper("pass 1234", info);
    expect(r.status).toBe(1);
    expect(r.ran).toBe("");
    expect(r.err).toBe(
      `devpod: ERROR: dockerd is not ready on its data root (storage: '${info || "no answer"}', expected 'overlay2 ${DATA_ROOT}'); see the 'Verify Docker storage' script\n`,
    );
  });
});
