// Dev containers against a real dockerd started through the template's sidecar command, with the real
// @devcontainers/cli (the pinned dev dependency, installed by the template's own script from its original npm tarball):
// image-based and Dockerfile-based configurations on locally imported images, postCreateCommand, the folder on the
// home volume, a workspace stop/start (same container, exactly one per folder), a cached rebuild, a changed
// devcontainer.json, and the CLI script's one-line errors. The template's three scripts run as terraform renders them.
import * as fs from "fs";
import { requireOrSkip, realDockerUnavailable } from "../../dind/environment";
import { DEVCONTAINER_DEVPOD, cachedCliTarball, devcontainerScenario } from "../../dind/devcontainer-scenario";
import { Outcome, VerificationHarness } from "../../dind/harness";
import { terraformUnavailable } from "../../terraform";

const tarball = realDockerUnavailable() || terraformUnavailable() ? undefined : cachedCliTarball();
const skip = requireOrSkip(
  "real-dockerd dev container",
  realDockerUnavailable() ?? terraformUnavailable() ?? (tarball ? undefined : "the @devcontainers/cli tarball is not in npm's cache (run npm ci)"),
);
const describeReal = skip ? describe.skip : describe;
const values = (text: string): Record<string, string> =>
  Object.fromEntries(text.split("\n").filter((l) => /^\w+=/.test(l)).map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));

describeReal("dev containers on the sidecar's dockerd, across a workspace stop and start (real dockerd, real CLI)", () => {
  let harness: VerificationHarness;
  let outcome: Outcome;
  let v: Record<string, string>;
  let dir: string;

  beforeAll(async () => {
    harness = new VerificationHarness(DEVCONTAINER_DEVPOD);
    const made = devcontainerScenario(harness, tarball as string);
    dir = made.dir;
    outcome = await harness.runAsync(made.scenario);
    v = values(outcome.lifecycle);
  }, 240_000);
  afterAll(() => {
    harness?.cleanUp();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test("the lifecycle ran to its end", () => {
    expect({ status: outcome.lifecycleStatus, tail: outcome.lifecycle.split("\n").slice(-5) }).toEqual({ status: 0, tail: expect.anything() });
    expect(v.app_labels_final).toBeDefined();
  });

  test("the CLI script fails with one line naming the setting: registry unreachable, tarball not the pinned one, node image missing; and leaves nothing", () => {
    expect(v.cli_unreachable).toMatch(/^devpod: ERROR: cannot fetch @devcontainers\/cli 0\.89\.0 from http:\/\/127\.0\.0\.1:9\/.*; fix: on an offline cluster set devcontainers\.npmRegistry in cdktf\.json to your npm mirror$/);
    expect(v.cli_tampered).toMatch(/^devpod: ERROR: the tarball from http:\/\/127\.0\.0\.1:8766\/@devcontainers\/cli\/-\/cli-0\.89\.0\.tgz is not @devcontainers\/cli 0\.89\.0 \(sha512 \w+, expected \w+\)/);
    expect(v.cli_no_image).toMatch(/^devpod: ERROR: cannot pull local\/absent:1 for the node runtime of the Dev Containers CLI \(.*\); fix: on an offline cluster set registryMirrors, or devcontainers\.nodeImage to your registry's copy$/);
    expect(v.cli_left_nothing).toBe("");
  });

  test("the CLI is installed once on the home volume from the original tarball (the lock's sha512) and runs through the wrapper", () => {
    expect(v.cli_status).toBe("0");
    expect(v.cli_first).toMatch(/^devpod: installed @devcontainers\/cli 0\.89\.0 with node v\d+\.\d+\.\d+ into \/home\/coder\/\.devpod\/devcontainer-cli\/0\.89\.0$/);
    // The registry is gone and the node image removed: the second start uses what the volume holds.
    expect(v.cli_second_status).toBe("0");
    expect(v.cli_second).toBe("devpod: @devcontainers/cli 0.89.0 is on the home volume (/home/coder/.devpod/devcontainer-cli/0.89.0)");
    expect(v.cli_version).toBe("0.89.0");
    // The verification passed first and wrote its result; with a failed one the wrapper refuses before the CLI runs.
    expect({ status: v.verify_status, result: v.verify_result }).toEqual({ status: "0", result: "pass" });
    expect(v.wrapper_after_failed_verification).toBe(
      "devpod: ERROR: no dev container on this Docker: the storage verification failed (storage driver); see the 'Verify Docker storage' script's log, fix what it names and restart the workspace",
    );
    // The wrapper never runs the CLI on a dockerd that is not the template's (here: stopped).
    expect(v.wrapper_without_dockerd).toBe(
      "devpod: ERROR: dockerd is not ready on its data root (storage: 'no answer', expected 'overlay2 /home/coder/.docker-data'); see the 'Verify Docker storage' script",
    );
  });

  test("the clone goes to <home>/src/<name> once, and a second start leaves the user's work alone", () => {
    expect(v.clone_status).toBe("0");
    expect(v.clone_said).toMatch(/^devpod: cloned file:\/\/\S+\/app\.git into \/home\/coder\/src\/app$/);
    expect(v.clone_again_status).toBe("0");
    expect(v.clone_again_said).toBe("devpod: /home/coder/src/app exists: left as it is (no clone, no pull)");
    expect(v.clone_kept_work).toBe("user-work");
    expect(v.tool_cloned).toBe("init");
  });

  test("devcontainer up (image-based): postCreateCommand ran in the container and its file is on the home volume, the folder bind-mounted from the same path", () => {
    expect(v.app_id).toMatch(/^[0-9a-f]{64}$/);
    expect(v.app_outcome).toContain('"outcome":"success"');
    expect(v.post_create_on_volume).toBe("made-in-container");
    expect(v.app_mount).toContain("/home/coder/src/app->/workspaces/app");
    // The stale container of an earlier config file sits beside it: the shape of coder/coder#29766.
    expect(v.app_labels_before).toBe("2");
  });

  test("devcontainer up (Dockerfile-based) builds the Dockerfile on the sidecar and runs its postCreateCommand", () => {
    expect(v.tool_id).toMatch(/^[0-9a-f]{64}$/);
    expect(v.tool_built).toBe("two");
  });

  test("after a stop and start the prune removes the stale container, keeps the current one, and up starts the same container: exactly one carries the folder's label", () => {
    expect(v.stop_status).toBe("0");
    expect(v.app_state_after_restart).toBe("exited");
    expect(v.prune_status).toBe("0");
    expect(v.prune_said).toMatch(/devpod: dev container [0-9a-f]{12} for \/home\/coder\/src\/app is kept; the agent starts it again\|/);
    // Newest first: the current container is kept, then the stale one (older, another config file) goes.
    expect(v.prune_said).toBe(
      `devpod: dev container ${v.app_id.slice(0, 12)} for /home/coder/src/app is kept; the agent starts it again|` +
        `devpod: removed stopped dev container ${v.stale_id.slice(0, 12)}: an older stopped container for the same folder (coder/coder#29766)|`,
    );
    expect(v.app_labels_after_prune).toBe("1");
    expect(v.app_id2).toBe(v.app_id);
    expect(v.app_running2).toBe("true");
    expect(v.app_labels_after_up).toBe("1");
    // postCreateCommand ran once: the same container, not a new one.
    expect(v.post_create_after_restart).toBe("made-in-container ");
  });

  test("the Dockerfile-based dev container rebuilt after the restart takes its steps from the cache on the volume", () => {
    expect(v.tool_id2).toMatch(/^[0-9a-f]{64}$/);
    expect(v.tool_id2).not.toBe(v.tool_id);
    expect(Number(v.tool_cached_steps)).toBeGreaterThanOrEqual(2);
    expect(v.tool_labels).toBe("1");
  });

  test("a changed devcontainer.json: the stopped container is removed at start and built anew with the change, still one", () => {
    expect(v.prune_changed_said).toMatch(
      /devpod: removed stopped dev container [0-9a-f]{12}: \/home\/coder\/src\/app\/\.devcontainer\/devcontainer\.json changed after it was created/,
    );
    expect(v.app_id3).toMatch(/^[0-9a-f]{64}$/);
    expect(v.app_id3).not.toBe(v.app_id);
    expect(v.app_env3).toBe("CHANGED=1");
    expect(v.app_labels_final).toBe("1");
  });

  test("and the startup verification passes on the same daemon", () => {
    expect(outcome.output).toMatch(/^devpod: OK: docker storage verified: /m);
    expect(outcome.status).toBe(0);
  });
});
