// The platform stack (`cdktf deploy platform`): one snapshot for review by diff, plus the properties that matter.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App, TerraformStack, TerraformVariable } from "cdktf";
import { resolveConfig } from "../../lib/config/config";
import { DevpodStack } from "../../lib/template/devpod-stack";
import { BUILD_CACHE_ENV, DockerSidecar } from "../../lib/template/docker-sidecar";
import { verificationTimeoutSeconds } from "../../lib/template/docker-verification";
import { currentGitCommit } from "../../lib/platform/coder-template";
import { CHECK_CONTAINER, DIND_ENTRYPOINT, PreflightJob } from "../../lib/platform/preflight-job";
import { PlatformStack } from "../../lib/platform/platform-stack";
import { pushArgs } from "../../lib/tools/push/push";
import { TEST_COMMIT, Tf, allStrings, container, preflightPod, synthDevpod, synthPlatform, testingApp } from "../helpers";

const root = path.resolve(__dirname, "..", "..");
const config = resolveConfig({});
const { tf } = synthPlatform();
const template = synthDevpod().tf;
const job = () => tf.resource.kubernetes_job_v1.preflight;
const pod = () => preflightPod(tf);
const templateSidecar = () => container(template, DockerSidecar.CONTAINER_NAME);
const coderTemplate = () => tf.resource.coderd_template.devpod;
const scratch: string[] = [];
afterAll(() => scratch.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

test("the synthesized platform stack matches the reviewed snapshot", () => {
  expect(tf).toMatchSnapshot();
});

describe("workspace namespace", () => {
  test("enforces privileged (the sidecar is) and warns and audits at baseline, so the gap stays visible", () => {
    expect(tf.resource.kubernetes_namespace_v1.workspaces.metadata).toMatchObject({
      name: config.namespace,
      labels: {
        "pod-security.kubernetes.io/enforce": "privileged",
        "pod-security.kubernetes.io/warn": "baseline",
        "pod-security.kubernetes.io/audit": "baseline",
      },
    });
  });

  test("cannot be destroyed or replaced by Terraform: deleting it would delete every workspace's home volume", () => {
    expect(tf.resource.kubernetes_namespace_v1.workspaces.lifecycle).toEqual({ prevent_destroy: true });
  });
});

describe("StorageClass", () => {
  test("is not created by default: Longhorn's own class is used", () => {
    expect(tf.resource.kubernetes_storage_class_v1).toBeUndefined();
  });

  test("when enabled: Longhorn, ext4, expandable, with the configured replicas, locality, timeout and reclaim policy", () => {
    const devpod = {
      storageClass: "docker-layers",
      platform: { storageClass: { enabled: true, name: "docker-layers", replicaCount: 3, dataLocality: "disabled", staleReplicaTimeout: 60, reclaimPolicy: "Retain" } },
    };
    const enabled = synthPlatform(devpod).tf;
    expect(enabled.resource.kubernetes_storage_class_v1.docker).toMatchObject({
      metadata: { name: "docker-layers" },
      storage_provisioner: "driver.longhorn.io",
      allow_volume_expansion: true,
      reclaim_policy: "Retain",
      parameters: { fsType: "ext4", numberOfReplicas: "3", dataLocality: "disabled", staleReplicaTimeout: "60" },
    });
    // The preflight proves that class, and waits for it.
    const preflight = enabled.resource.kubernetes_job_v1.preflight;
    expect(preflight.depends_on).toEqual(["kubernetes_storage_class_v1.docker"]);
    expect(preflightPod(enabled).spec.volume[0].ephemeral.volume_claim_template.spec.storage_class_name).toBe("docker-layers");
  });
});

describe("provisioner RBAC", () => {
  test("is a Role in the workspace namespace bound to Coder's service account; nothing cluster-wide", () => {
    expect(tf.resource.kubernetes_cluster_role_v1).toBeUndefined();
    expect(tf.resource.kubernetes_cluster_role_binding_v1).toBeUndefined();
    const role = tf.resource.kubernetes_role_v1.provisioner;
    expect(role.metadata.namespace).toBe("${kubernetes_namespace_v1.workspaces.metadata[0].name}");
    const binding = tf.resource.kubernetes_role_binding_v1.provisioner;
    expect(binding.metadata.namespace).toBe(role.metadata.namespace);
    expect(binding.role_ref).toEqual({ api_group: "rbac.authorization.k8s.io", kind: "Role", name: "${kubernetes_role_v1.provisioner.metadata[0].name}" });
    expect(binding.subject).toEqual([{ kind: "ServiceAccount", name: "coder", namespace: "coder" }]);
  });

  test("grants exactly what the template's resources need: Deployments and PVCs managed, pods read", () => {
    const rules = tf.resource.kubernetes_role_v1.provisioner.rule.map((r: Tf) => `${r.api_groups}/${r.resources}: ${r.verbs.join(",")}`);
    expect(rules).toEqual([
      "apps/deployments: create,delete,get,list,patch,update,watch",
      "/persistentvolumeclaims: create,delete,get,list,patch,update,watch",
      "/pods: get,list,watch",
    ]);
    // Every resource type the template creates is covered.
    const kinds = Object.keys(template.resource).filter((t) => t.startsWith("kubernetes_"));
    expect(kinds.sort()).toEqual(["kubernetes_deployment_v1", "kubernetes_persistent_volume_claim_v1"]);
  });
});

describe("preflight Job", () => {
  test("the sidecar comes first and runs the template's own command and args, whole, under its wrapper", () => {
    const sidecar = pod().spec.container[0];
    expect(sidecar.name).toBe(DockerSidecar.CONTAINER_NAME);
    const original = [...(templateSidecar().command ?? [DIND_ENTRYPOINT]), ...templateSidecar().args];
    expect(sidecar.args).toEqual(original);
    expect(sidecar.command.slice(0, 2)).toEqual(["sh", "-c"]);
    expect(sidecar.command[2]).toContain("# preflight-sidecar.sh, embedded by devpod at synth time");
    expect(sidecar.command[2]).toContain('"$@" &');
  });

  test("the sidecar is the template's container otherwise: privilege, mounts, probe, preStop; env from its own volume", () => {
    const sidecar = pod().spec.container[0];
    for (const field of ["security_context", "volume_mount", "readiness_probe", "lifecycle"]) {
      expect({ field, value: sidecar[field] }).toEqual({ field, value: templateSidecar()[field] });
    }
    expect(sidecar.image).toBe(config.dindImage);
    // The build cache bound: the same share, of the preflight's 2 GiB volume instead of the home_disk_size parameter.
    expect(templateSidecar().env).toEqual([{ name: BUILD_CACHE_ENV, value: expect.stringContaining("data.coder_parameter.home_disk_size.value") }]);
    expect(sidecar.env).toEqual([{ name: BUILD_CACHE_ENV, value: String(Math.floor((2 * 1024 * config.buildCacheSharePercent) / 100)) }]);
  });

  test("the check runs the template's verification script byte for byte, with the configured base image", () => {
    const script = pod().container(CHECK_CONTAINER).command[4];
    const templateScript: string = template.resource.coder_script.verify_docker_storage.script;
    expect(templateScript).toContain("DEVPOD_BASE_IMAGE='${var.verify_base_image}'");
    expect(script).toBe(templateScript.replace("'${var.verify_base_image}'", `'${config.verifyBaseImage}'`));
  });

  test("the check runs as the workspace user in the workspace image, with the volume and socket where the template has them", () => {
    const check = pod().container(CHECK_CONTAINER);
    expect(check.image).toBe(config.workspaceImage);
    const dev = container(template, "dev").security_context;
    expect(check.security_context).toMatchObject({ run_as_user: dev.run_as_user, run_as_group: dev.run_as_group, run_as_non_root: true });
    expect(check.security_context.run_as_user).toBe("1000");
    expect(check.volume_mount).toEqual([
      { name: "home", mount_path: config.homePath },
      { name: "docker-socket", mount_path: config.dockerSocketDir },
    ]);
    expect(pod().spec.security_context).toEqual({ fs_group: "1000", fs_group_change_policy: "OnRootMismatch" });
    expect(pod().spec.restart_policy).toBe("Never");
  });

  test("runs once, is waited for, and Kubernetes' deadline (from the script's limits) trips before Terraform's", () => {
    expect(job().spec.backoff_limit).toBe(0);
    expect(job().wait_for_completion).toBe(true);
    const scriptSeconds = verificationTimeoutSeconds(config.dockerReadyTimeoutSeconds, 240, 240);
    expect(job().spec.active_deadline_seconds).toBe(scriptSeconds + 30 + 600);
    expect(parseInt(job().timeouts.create, 10)).toBeGreaterThan(job().spec.active_deadline_seconds);
    // A longer dockerd wait lengthens the deadline.
    const slower = synthPlatform({ dockerReadyTimeoutSeconds: 300 }).tf.resource.kubernetes_job_v1.preflight;
    expect(slower.spec.active_deadline_seconds).toBe(job().spec.active_deadline_seconds + 300 - config.dockerReadyTimeoutSeconds);
  });

  test("its volume is an ephemeral claim of the template's StorageClass (deleted with the pod)", () => {
    expect(pod().spec.volume[0]).toEqual({
      name: "home",
      ephemeral: {
        volume_claim_template: {
          metadata: { labels: expect.any(Object) },
          spec: { access_modes: ["ReadWriteOnce"], storage_class_name: config.storageClass, resources: { requests: { storage: "2Gi" } } },
        },
      },
    });
    expect(tf.resource.kubernetes_persistent_volume_claim_v1).toBeUndefined();
  });

  test("its volume has the workspaces' access mode: a ReadWriteOncePod home (no fsGroup before Kubernetes 1.32) is checked as such", () => {
    const rwop = synthPlatform({ accessMode: "ReadWriteOncePod" }).tf.resource.kubernetes_job_v1.preflight;
    expect(rwop.spec.template.spec.volume[0].ephemeral.volume_claim_template.spec.access_modes).toEqual(["ReadWriteOncePod"]);
    // A different check: the Job runs again.
    expect(rwop.metadata.name).not.toBe(job().metadata.name);
  });

  test("its name changes when the args, the script or an image changes, and only then", () => {
    const name = (devpod: Record<string, unknown>) => synthPlatform(devpod).tf.resource.kubernetes_job_v1.preflight.metadata.name;
    const base = job().metadata.name;
    expect(base).toMatch(/^devpod-preflight-[0-9a-f]{10}$/);
    expect(name({})).toBe(base);
    expect(name({ platform: { templateName: "other" } })).toBe(base);
    for (const changed of [
      { dindImage: "docker:29.7.3-dind" },
      { workspaceImage: "codercom/enterprise-base:2" },
      { verifyBaseImage: "mirror/alpine:3.20" },
      { dockerDataRoot: "/home/coder/.docker" },
      { dockerReadyTimeoutSeconds: 120 },
      // The volume: another StorageClass is another storage layer to prove.
      { storageClass: "longhorn-ssd" },
      // The nodes: another architecture is another kernel and image.
      { arch: "arm64" },
    ]) {
      expect({ changed, name: name(changed) }).not.toEqual({ changed, name: base });
    }
  });

  test("runs on the workspace's nodes: the Deployment's kubernetes.io/arch selector, for every architecture", () => {
    for (const [arch, label] of [["amd64", "amd64"], ["arm64", "arm64"], ["armv7", "arm"]]) {
      const devpod = { arch };
      const selector = preflightPod(synthPlatform(devpod).tf).spec.node_selector;
      expect({ arch, selector }).toEqual({ arch, selector: { "kubernetes.io/arch": label } });
      expect(selector).toEqual(synthDevpod(devpod).tf.resource.kubernetes_deployment_v1.main.spec.template.spec.node_selector);
    }
  });

  test("Terraform waits 5 minutes for its deletion: the foreground delete waits for the pod and its ephemeral claim", () => {
    expect(job().timeouts.delete).toBe("5m");
  });

  test("tells the operator how to read the check: annotation and stack output", () => {
    const logs = `kubectl -n ${config.namespace} logs job/${job().metadata.name} -c ${CHECK_CONTAINER}`;
    expect(job().metadata.annotations["devpod.coder.com/read-the-check"]).toBe(logs);
    expect(tf.output.preflight_logs.value).toBe(logs);
  });

  test("and, when its pod stays Pending, how to read why its claims are not bound (they carry the Job's name label)", () => {
    const describe = `kubectl -n ${config.namespace} describe pvc -l app.kubernetes.io/name=devpod-preflight`;
    expect(job().metadata.annotations["devpod.coder.com/if-pending"]).toBe(describe);
    expect(tf.output.preflight_volume.value).toBe(describe);
    const claim = job().spec.template.spec.volume.find((v: Tf) => v.name === "home").ephemeral.volume_claim_template;
    expect(claim.metadata.labels["app.kubernetes.io/name"]).toBe("devpod-preflight");
  });
});

describe("the template in Coder", () => {
  test("publishes ../devpod as the active version, after the preflight and the RBAC", () => {
    expect(coderTemplate()).toMatchObject({ name: "devpod", versions: [{ directory: "../devpod", active: true }] });
    expect(coderTemplate().depends_on).toEqual(["kubernetes_job_v1.preflight", "kubernetes_role_binding_v1.provisioner"]);
  });

  test("passes every variable the template declares, with the value of its config-derived default", () => {
    const declared = Object.keys(template.variable).sort();
    const tfVars = coderTemplate().versions[0].tf_vars as { name: string; value: string }[];
    expect(tfVars.map((v) => v.name).sort()).toEqual(declared);
    for (const { name, value } of tfVars) expect({ name, value }).toEqual({ name, value: String(template.variable[name].default) });
    // Values follow the config, not the defaults baked into the code.
    const custom = synthPlatform({ namespace: "ws", dindImage: "mirror/dind:29.7.2", useKubeconfig: true }).tf.resource.coderd_template
      .devpod.versions[0].tf_vars;
    expect(custom).toContainEqual({ name: "namespace", value: "ws" });
    expect(custom).toContainEqual({ name: "use_kubeconfig", value: "true" });
    expect(custom).toContainEqual({ name: "dind_image", value: "mirror/dind:29.7.2" });
  });

  test("the push command passes the same variables, each as --variable", () => {
    const args = pushArgs(config);
    const passed = args.flatMap((a, i) => (args[i - 1] === "--variable" ? [a] : []));
    const tfVars = coderTemplate().versions[0].tf_vars as { name: string; value: string }[];
    expect(passed.sort()).toEqual(tfVars.map((v) => `${v.name}=${v.value}`).sort());
    expect(passed.map((p) => p.split("=")[0]).sort()).toEqual(Object.keys(template.variable).sort());
  });

  test("names the git commit in the version message, the project's own when not pinned", () => {
    expect(coderTemplate().versions[0].message).toBe(`devpod ${TEST_COMMIT}`);
    const head = spawnSync("git", ["rev-parse", "HEAD"], { cwd: root, encoding: "utf8" }).stdout.trim();
    const message = synthPlatform({}, null).tf.resource.coderd_template.devpod.versions[0].message;
    expect(message).toMatch(new RegExp(`^devpod ${head.slice(0, 12)}(-dirty)?$`));
  });

  test("the coderd provider carries no URL or token: it reads CODER_URL and CODER_SESSION_TOKEN at deploy time", () => {
    expect(tf.provider.coderd).toEqual([{}]);
    const before = { url: process.env.CODER_URL, token: process.env.CODER_SESSION_TOKEN };
    process.env.CODER_URL = "https://coder.example.test";
    process.env.CODER_SESSION_TOKEN = "s3cr3t-session-token";
    try {
      const text = synthPlatform().text;
      expect(text).not.toContain("s3cr3t-session-token");
      expect(text).not.toContain("coder.example.test");
    } finally {
      for (const [k, v] of [["CODER_URL", before.url], ["CODER_SESSION_TOKEN", before.token]] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });
});

describe("state", () => {
  test("default: Terraform's kubernetes backend, a Secret in Coder's namespace", () => {
    expect(tf.terraform.backend).toEqual({ kubernetes: { secret_suffix: "devpod-platform", namespace: "coder" } });
  });

  test("requires exactly hashicorp/kubernetes 2.38.0 and coder/coderd 0.0.23", () => {
    expect(tf.terraform.required_providers).toEqual({
      coderd: { source: "coder/coderd", version: "0.0.23" },
      kubernetes: { source: "hashicorp/kubernetes", version: "2.38.0" },
    });
  });
});

describe("app.synth() of both stacks", () => {
  /** main.ts's wiring with a real App from `cwd`, into `outdir`; returns each stack's cdk.tf.json text. */
  function synthFrom(cwd: string, devpod: unknown, outdir = "cdktf.out"): Record<string, string> {
    const before = process.cwd();
    process.chdir(cwd);
    try {
      const app = new App({ outdir: path.join(cwd, outdir), stackTraces: false, context: { devpod } });
      DevpodStack.fromContext(app);
      PlatformStack.fromContext(app, { gitCommit: TEST_COMMIT });
      app.synth();
    } finally {
      process.chdir(before);
    }
    const read = (id: string) => fs.readFileSync(path.join(cwd, outdir, "stacks", id, "cdk.tf.json"), "utf8");
    return { devpod: read("devpod"), platform: read("platform") };
  }
  const dirs = () => {
    const made = [fs.mkdtempSync(path.join(os.tmpdir(), "devpod-pa-")), fs.mkdtempSync(path.join(os.tmpdir(), "devpod-pb-"))];
    scratch.push(...made);
    return made;
  };
  const machinePaths = (extra: string[]) => [...extra, root, os.tmpdir() + "/", os.homedir() + "/"];

  test("kubernetes backend: the platform stack is byte-identical from two directories and holds no machine path", () => {
    const [a, b] = dirs();
    const first = synthFrom(a, {});
    const second = synthFrom(b, {});
    expect(second.platform).toBe(first.platform);
    const parsed = JSON.parse(first.platform);
    expect(parsed.terraform.backend).toEqual({ kubernetes: { secret_suffix: "devpod-platform", namespace: "coder" } });
    expect(allStrings(parsed).filter((s) => machinePaths([a, b]).some((p) => s.value.includes(p)))).toEqual([]);
    // The template stack still has no backend next to it.
    expect(JSON.parse(first.devpod).terraform.backend).toBeUndefined();
  });

  test("local backend: a path relative to the stack's working directory, pointing at the project root", () => {
    const devpod = { platform: { state: { backend: "local", path: "state/platform.tfstate" } } };
    const [a, b] = dirs();
    const first = synthFrom(a, devpod);
    expect(synthFrom(b, devpod).platform).toBe(first.platform);
    const parsed = JSON.parse(first.platform);
    expect(parsed.terraform.backend).toEqual({ local: { path: "../../../state/platform.tfstate" } });
    expect(path.resolve(a, "cdktf.out", "stacks", "platform", parsed.terraform.backend.local.path)).toBe(path.join(a, "state", "platform.tfstate"));
    expect(allStrings(parsed).filter((s) => machinePaths([a, b]).some((p) => s.value.includes(p)))).toEqual([]);
    // Another output directory (CDKTF_OUTDIR, cdktf.json `output`): the path still leads to the project root.
    fs.mkdirSync(path.join(a, "build"));
    const nested = JSON.parse(synthFrom(a, devpod, "build/synth").platform).terraform.backend.local.path;
    expect(nested).toBe("../../../../state/platform.tfstate");
    expect(path.resolve(a, "build/synth", "stacks", "platform", nested)).toBe(path.join(a, "state", "platform.tfstate"));
  });
});

describe("main.ts with a bad platform section", () => {
  test("fails with one message naming key, value and fix, and leaves neither stack (not even older ones)", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "devpod-main-"));
    scratch.push(dir);
    for (const id of ["devpod", "platform"]) {
      fs.mkdirSync(path.join(dir, "stacks", id), { recursive: true });
      fs.writeFileSync(path.join(dir, "stacks", id, "cdk.tf.json"), "{}");
    }
    // What the cdktf CLI does: runs cdktf.json's app and hands it the context and the output directory.
    const app: string = JSON.parse(fs.readFileSync(path.join(root, "cdktf.json"), "utf8")).app;
    const run = spawnSync("sh", ["-c", app], {
      cwd: root,
      encoding: "utf8",
      env: {
        ...process.env,
        CDKTF_OUTDIR: dir,
        CDKTF_CONTEXT_JSON: JSON.stringify({ devpod: { platform: { storageClass: { replicaCount: 0 } } } }),
      },
    });
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe(
      "devpod config (cdktf.json → context.devpod): platform.storageClass.replicaCount = 0 is invalid: it must be a whole number from 1 to 20; fix: use e.g. 2",
    );
    expect(fs.existsSync(path.join(dir, "stacks", "devpod"))).toBe(false);
    expect(fs.existsSync(path.join(dir, "stacks", "platform"))).toBe(false);
  });
});

describe("the version message's git commit", () => {
  test("is HEAD in 12 hex digits, marked -dirty when tracked files changed, and absent outside a checkout", () => {
    const repo = fs.mkdtempSync(path.join(os.tmpdir(), "devpod-commit-"));
    try {
      const git = (...args: string[]) =>
        spawnSync("git", ["-c", "user.name=t", "-c", "user.email=t@localhost", ...args], { cwd: repo, encoding: "utf8" });
      expect(currentGitCommit(repo)).toBeUndefined();
      git("init", "-q");
      fs.writeFileSync(path.join(repo, "f"), "1");
      git("add", "f");
      git("commit", "-q", "-m", "one");
      const head = git("rev-parse", "HEAD").stdout.trim();
      expect(currentGitCommit(repo)).toBe(head.slice(0, 12));
      fs.writeFileSync(path.join(repo, "f"), "2");
      expect(currentGitCommit(repo)).toBe(`${head.slice(0, 12)}-dirty`);
    } finally {
      fs.rmSync(repo, { recursive: true, force: true });
    }
  });
});

test("a preflight container holding a Terraform reference is refused: the Job's name is a hash taken at synth time", () => {
  const stack = new TerraformStack(testingApp(), "lab");
  const image = new TerraformVariable(stack, "dind_image", { type: "string" });
  expect(() => new PreflightJob(stack, "preflight", { config: { ...config, dindImage: image.stringValue }, namespace: "ws" })).toThrow(
    "preflight Job: its containers must not hold Terraform references (the Job's name is their hash, taken at synth time); fix: pass plain values",
  );
});
