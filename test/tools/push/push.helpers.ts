// Shared by the push tests: project copies, a stub `coder` that records its argv, the two ways to run a push (the
// package.json script as a process, push() in the test's process) and the team config they push.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { format } from "util";
import { push as pushInProcess } from "../../../lib/tools/push/push";
import { projectCopy } from "../../helpers";
import { scratchDirs } from "../../scratch";

const root = path.resolve(__dirname, "..", "..", "..");
const tmp = scratchDirs();
/** A copy of the project with context.devpod set to `devpod`, removed after the file. */
export const project = (devpod: unknown): string => projectCopy("devpod-push-", devpod);

/** A bin directory holding only `node`, and one with the stub `coder` too. */
function bins(): { nodeOnly: string; withCoder: string } {
  const dir = tmp("devpod-push-bin-");
  const nodeOnly = path.join(dir, "node-only");
  const withCoder = path.join(dir, "with-coder");
  fs.mkdirSync(nodeOnly);
  fs.mkdirSync(withCoder);
  fs.symlinkSync(process.execPath, path.join(nodeOnly, "node"));
  fs.copyFileSync(path.join(__dirname, "stub-coder.sh"), path.join(withCoder, "coder"));
  fs.chmodSync(path.join(withCoder, "coder"), 0o755);
  return { nodeOnly, withCoder };
}
export const { nodeOnly, withCoder } = bins();
/** A PATH with the stub coder, node and the system's commands. */
export const systemPath = [withCoder, path.dirname(process.execPath), "/usr/local/bin", "/usr/bin", "/bin"];

/** package.json's push script, which npm runs with the arguments after `--` appended. */
const pushScript: string = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).scripts.push;

/** What a push did: its exit status, its output and the stub coder's calls (argv each). */
export interface PushRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly calls: string[][];
}

const environment = (dir: string, pathDirs: string[], env: Record<string, string>) => ({
  HOME: os.homedir(),
  PATH: pathDirs.join(":"),
  CHECKPOINT_DISABLE: "1",
  CI: "1",
  STUB_CODER_LOG: path.join(dir, "coder-argv.log"),
  ...env,
});

const stubCalls = (dir: string): string[][] => {
  const log = path.join(dir, "coder-argv.log");
  return fs.existsSync(log)
    ? fs.readFileSync(log, "utf8").split("----\n").filter(Boolean).map((c) => c.split("\n").filter((l) => l !== ""))
    : [];
};

/** Runs `npm run push -- <args>`'s script in `dir` with PATH and extra env, as a process. */
export function push(dir: string, pathDirs: string[], env: Record<string, string> = {}, args: string[] = []): PushRun {
  const run = spawnSync("/bin/sh", ["-c", `${pushScript} "$@"`, "sh", ...args], {
    cwd: dir,
    encoding: "utf8",
    env: environment(dir, pathDirs, env),
    timeout: 120_000,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, calls: stubCalls(dir) };
}

/** push() in this process, with the environment the script would get. */
export function pushHere(dir: string, pathDirs: string[], env: Record<string, string> = {}, args: string[] = []): PushRun {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const out = jest.spyOn(console, "log").mockImplementation((...a) => void stdout.push(`${format(...a)}\n`));
  const err = jest.spyOn(console, "error").mockImplementation((...a) => void stderr.push(`${format(...a)}\n`));
  let status: number;
  try {
    status = pushInProcess(dir, args, environment(dir, pathDirs, env));
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  return { status, stdout: stdout.join(""), stderr: stderr.join(""), calls: stubCalls(dir) };
}

export const TEAM = { namespace: "team-ws", dindImage: "mirror.example/docker:29.7.2-dind", platform: { templateName: "devpod-team" } };
/** The push command line for TEAM, as the stub records it. */
export const TEAM_PUSH = [
  "templates", "push", "devpod-team", "-d", "cdktf.out/stacks/devpod", "--yes",
  "--variable", "namespace=team-ws",
  "--variable", "use_kubeconfig=false",
  "--variable", "workspace_image=codercom/enterprise-base:ubuntu",
  "--variable", "dind_image=mirror.example/docker:29.7.2-dind",
  "--variable", "verify_base_image=alpine:3.20",
];

