// Shell text embedded in the template must reach the workspace byte for byte: proven with the real terraform binary.
import * as fs from "fs";
import * as path from "path";
import { SCRIPTS_DIR } from "../../lib/template/embedded-script";
import { escapeTerraformTemplate } from "../../lib/template/terraform-escape";
import { VERIFY_SCRIPT } from "../../lib/template/docker-verification";
import { Tf, allStrings, synthDevpod } from "../helpers";
import { renderWithTerraform, terraformUnavailable } from "../terraform";
import { requireOrSkip } from "../dind/environment";

const { tf } = synthDevpod();
const body = (file: string) => fs.readFileSync(path.join(SCRIPTS_DIR, file), "utf8").replace(/^#!.*\n/, "");
const metadataScript = (key: string) => tf.resource.coder_agent.main.metadata.find((m: Tf) => m.key === key).script;

test("escapes ${ and %{ and nothing else", () => {
  expect(escapeTerraformTemplate("a ${HOME} b %{if} c $$ d %% e $x f")).toBe("a $${HOME} b %%{if} c $$ d %% e $x f");
});

describe("with the real terraform binary", () => {
  const skip = requireOrSkip("terraform", terraformUnavailable());
  const it = skip ? test.skip : test;

  const tricky = "${HOME} %{if x}%{endif} $${literal} %%{literal} $$${run} $$ ${a:-${b}} '${q}' \"${dq}\" \\ \t end$ %";
  const rootless = synthDevpod({ isolation: "rootless" }).tf;
  const startCommand = (t: Tf) => t.resource.kubernetes_deployment_v1.main.spec.template.spec.container[0].command;
  /** Every string below, rendered by one terraform run (each run costs ~0.3 s CPU), with the template's variables. */
  let rendered: Record<string, string>;
  beforeAll(() => {
    rendered = renderWithTerraform(
      {
        tricky: escapeTerraformTemplate(tricky),
        verify: tf.resource.coder_script.verify_docker_storage.script,
        start: startCommand(tf)[2],
        rootless_start: startCommand(rootless)[2],
        status: metadataScript("3_docker_storage"),
        disk: metadataScript("4_docker_disk"),
      },
      tf,
      { verify_base_image: "registry.local/alpine:3.20" },
    );
  });

  it("renders escaped text back to the original, byte for byte", () => {
    expect(rendered.tricky).toBe(tricky);
  });

  it("renders the verification script to its settings plus lib/template/scripts/verify-docker-storage.sh, unchanged", () => {
    expect(rendered.verify).toBe(
      [
        "#!/bin/sh",
        `# ${VERIFY_SCRIPT}, embedded by devpod at synth time`,
        "DEVPOD_HOME_PATH='/home/coder'",
        "DEVPOD_DATA_ROOT='/home/coder/.docker-data'",
        "DEVPOD_DOCKER_VOLUME='home'",
        "DEVPOD_DOCKER_HOST='unix:///run/dind/docker.sock'",
        "DEVPOD_WAIT_SECONDS='90'",
        "DEVPOD_BASE_IMAGE='registry.local/alpine:3.20'",
        "DEVPOD_PULL_SECONDS='240'",
        "DEVPOD_BUILD_SECONDS='240'",
        "DEVPOD_GID='1000'",
        "DEVPOD_START_STATUS='/run/dind/dind-start.status'",
        "DEVPOD_DOCKERD_CGROUP='dockerd'",
        "DEVPOD_ISOLATION='privileged'",
        "DEVPOD_START_NOTICE='/run/dind/dind-start.notice'",
        "",
      ].join("\n") + body(VERIFY_SCRIPT),
    );
  });

  it("renders the docker sidecar's command to lib/template/scripts/home-group.sh then lib/template/scripts/dind-start.sh, unchanged", () => {
    expect(rendered.start).toBe(
      "#!/bin/sh\n# home-group.sh, embedded by devpod at synth time\n" +
        "DEVPOD_HOME_GID='1000'\nDEVPOD_HOME_PATH='/home/coder'\n" +
        body("home-group.sh") +
        "#!/bin/sh\n# dind-start.sh, embedded by devpod at synth time\n" +
        "DEVPOD_DAEMON_CONFIG='/run/dind/daemon.json'\nDEVPOD_START_STATUS='/run/dind/dind-start.status'\n" +
        "DEVPOD_START_NOTICE='/run/dind/dind-start.notice'\n" +
        // The wait for a previous dockerd: the pod's grace period.
        `DEVPOD_HOLD_SECONDS='${tf.resource.kubernetes_deployment_v1.main.spec.template.spec.termination_grace_period_seconds}'\n` +
        "DEVPOD_DOCKERD_CGROUP='dockerd'\nDEVPOD_ISOLATION='privileged'\nDEVPOD_INACTIVE_DATA_ROOT='/home/coder/.docker-data-rootless'\n" +
        body("dind-start.sh"),
    );
  });

  it("renders the rootless sidecar's command to home-group.sh, rootless-prologue.sh, then dind-start.sh, unchanged", () => {
    expect(rendered.rootless_start).toBe(
      "#!/bin/sh\n# home-group.sh, embedded by devpod at synth time\n" +
        "DEVPOD_HOME_GID='1000'\nDEVPOD_HOME_PATH='/home/coder'\n" +
        body("home-group.sh") +
        "#!/bin/sh\n# rootless-prologue.sh, embedded by devpod at synth time\n" +
        "DEVPOD_ROOTLESS_UID='1000'\nDEVPOD_ROOTLESS_GID='1000'\nDEVPOD_START_STATUS='/run/dind/dind-start.status'\n" +
        body("rootless-prologue.sh") +
        "#!/bin/sh\n# dind-start.sh, embedded by devpod at synth time\n" +
        "DEVPOD_DAEMON_CONFIG='/run/dind/daemon.json'\nDEVPOD_START_STATUS='/run/dind/dind-start.status'\n" +
        "DEVPOD_START_NOTICE='/run/dind/dind-start.notice'\n" +
        `DEVPOD_HOLD_SECONDS='${rootless.resource.kubernetes_deployment_v1.main.spec.template.spec.termination_grace_period_seconds}'\n` +
        "DEVPOD_DOCKERD_CGROUP='dockerd'\nDEVPOD_ISOLATION='rootless'\nDEVPOD_INACTIVE_DATA_ROOT='/home/coder/.docker-data'\n" +
        body("dind-start.sh"),
    );
  });

  it("renders the Docker metadata scripts unchanged", () => {
    expect(rendered.status.endsWith(body("docker-status.sh"))).toBe(true);
    expect(rendered.disk.endsWith(body("docker-disk.sh"))).toBe(true);
  });
});

/**
 * Positions of `${` (or `%{`) in `value` that Terraform reads as an interpolation (directive). Terraform scans left to
 * right and takes `$${` as an escape, so a `${` preceded by another `$` (any run of two or more) is literal: `$$${c}`
 * renders as `$${c}` (checked with terraform 1.11).
 */
function unescaped(value: string, sigil: "$" | "%"): number[] {
  const found: number[] = [];
  for (let i = value.indexOf(`${sigil}{`); i !== -1; i = value.indexOf(`${sigil}{`, i + 2)) {
    if (value[i - 1] !== sigil) found.push(i);
  }
  return found;
}

test("every ${...} left unescaped in the template is a Terraform reference or function call, never shell", () => {
  // Arithmetic over references comes parenthesized from cdktf's Op (`${(data.coder_parameter.cpu.value * 500)}m`).
  const reference = /^\(*(?:(var|data|local|module|coder_[a-z_]+|kubernetes_[a-z0-9_]+)\.[A-Za-z0-9_]+|[a-z_]+\()/;
  const offenders: string[] = [];
  for (const { path: at, value } of allStrings(tf)) {
    for (const i of unescaped(value, "$")) {
      const expression = value.slice(i + 2, i + 80);
      if (!reference.test(expression)) offenders.push(`${at}: \${${expression}`);
    }
  }
  expect(offenders).toEqual([]);
});

test("no string of the template holds an unescaped %{ directive", () => {
  const offenders = allStrings(tf).flatMap(({ path: at, value }) =>
    unescaped(value, "%").map((i) => `${at}: ${value.slice(i, i + 40)}`),
  );
  expect(offenders).toEqual([]);
});

test("the unescaped-sequence finder tells escaped from live sequences", () => {
  expect(unescaped("${a} $${b} $$${c} %{x} %%{y}", "$")).toEqual([0]);
  expect(unescaped("${a} $${b} $$${c} %{x} %%{y}", "%")).toEqual([18]);
});
