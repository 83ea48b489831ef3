// `npm run review` on real pairs of synthesized templates: each pair is a change a user makes to cdktf.json or the
// code; each test asserts the class, the reason and the exit status (0 safe/restarts, 1 breaks, 2 destroys data).
import * as fs from "fs";
import * as path from "path";
import { PersistentVolumeClaimV1 } from "@cdktf/provider-kubernetes/lib/persistent-volume-claim-v1";
import { diffValues } from "../../../lib/tools/review/compare";
import { RESTARTS_MEANS, exitStatus, markdown } from "../../../lib/tools/review/report";
import { Finding, reviewStacks } from "../../../lib/tools/review/review";
import { PVC_IGNORE_CHANGES, ignoring, parameter, platformTemplate, reviewPair, template, unguarded, withLogicalId } from "./review.helpers";

const PVC = "kubernetes_persistent_volume_claim_v1.home";
const base = template();
const label = { name: "test" };
const only = (findings: Finding[], object: string) => findings.filter((f) => f.object === object);

test("nothing changed: no finding, exit status 0, a report that says so", () => {
  const r = reviewPair(base, template());
  expect(r.findings).toEqual([]);
  expect(r.status).toBe(0);
  expect(markdown(r, label, label)).toContain("No Terraform object changed.");
});

describe("a new storageClass", () => {
  test("without ignore_changes: destroys data (ForceNew in the provider), exit status 2", () => {
    const r = reviewPair(template({}, unguarded), template({ storageClass: "fast-ssd" }, unguarded));
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({
      object: PVC,
      class: "destroys",
      rule: "stateful-force-new",
      changes: ['spec.storage_class_name: "longhorn" → "fast-ssd"'],
    });
    expect(r.findings[0].why).toContain("marks `spec.storage_class_name` (kubernetes/schema_persistent_volume_claim.go)");
    expect(r.findings[0].why).toContain("ForceNew and no `lifecycle.ignore_changes` covers it");
    expect(r.findings[0].why).toContain("the home directory is gone, and with dockerVolume home all of Docker's data too");
    expect(r.findings[0].todo).toContain("Add `spec[0].storage_class_name` to its `lifecycle.ignore_changes`");
    expect(r.status).toBe(2);
  });


  test("with the PVC's ignore_changes on both sides: safe for existing workspaces, exit status 0", () => {
    const r = reviewPair(template({}, ignoring(PVC_IGNORE_CHANGES)), template({ storageClass: "fast-ssd" }, ignoring(PVC_IGNORE_CHANGES)));
    expect(r.findings).toEqual([
      expect.objectContaining({ object: PVC, class: "safe", rule: "ignored-by-lifecycle", paths: ["spec.storage_class_name"] }),
    ]);
    expect(r.findings[0].why).toContain("`lifecycle.ignore_changes` lists `spec[0].storage_class_name`");
    expect(r.findings[0].why).toContain("only new workspaces get the new value");
    expect(r.status).toBe(0);
  });

  test("with ignore_changes added in the same change: the new list applies, safe, exit status 0", () => {
    const r = reviewPair(template({}, unguarded), template({ storageClass: "fast-ssd" }, ignoring(PVC_IGNORE_CHANGES)));
    expect(r.findings.map((f) => [f.rule, f.class])).toEqual([
      ["lifecycle", "safe"],
      ["ignored-by-lifecycle", "safe"],
    ]);
    expect(r.status).toBe(0);
  });

  test.each([["spec.0.storage_class_name"], ["spec[0]"], ["spec"], ["all"]])("ignore_changes written as %s covers it too", (entry) => {
    const r = reviewPair(template({}, ignoring([entry] as string[])), template({ storageClass: "fast-ssd" }, ignoring([entry] as string[])));
    expect(r.findings.map((f) => f.rule)).toEqual(["ignored-by-lifecycle"]);
    expect(r.status).toBe(0);
  });

  test("ignore_changes of another attribute does not cover it", () => {
    const entries = ["metadata[0].name", "spec[0].resources[0].limits"];
    const r = reviewPair(template({}, ignoring(entries)), template({ storageClass: "fast-ssd" }, ignoring(entries)));
    expect(r.findings.map((f) => f.rule)).toEqual(["stateful-force-new"]);
    expect(r.status).toBe(2);
  });
});

describe("a new logical id of the PVC", () => {
  // The refactor that drops `overrideLogicalId("home")`: cdktf derives the address from the construct path.
  const renamed = withLogicalId(PersistentVolumeClaimV1, "home", undefined, () => template());

  test("destroys data: the state stays at the old address, exit status 2", () => {
    const r = reviewPair(base, renamed);
    const pvc = r.findings.find((f) => f.object.startsWith(`${PVC} → `))!;
    expect(pvc.object).toMatch(/^kubernetes_persistent_volume_claim_v1\.home → kubernetes_persistent_volume_claim_v1\.home_claim_[0-9A-F]{8}$/);
    expect(pvc).toMatchObject({ class: "destroys", rule: "stateful-moved-without-block", changes: ["moved"] });
    expect(pvc.why).toContain("with no `moved` block: Terraform destroys the PersistentVolumeClaim under the old address");
    expect(pvc.todo).toContain('overrideLogicalId("home")');
    expect(r.status).toBe(2);
  });

  test("the Deployment's claim reference follows it: a restart, reported on its own row", () => {
    const deployment = only(reviewPair(base, renamed).findings, "kubernetes_deployment_v1.main");
    // The Deployment also takes its namespace from the claim's state: that reference moves too (a new Deployment).
    expect(deployment.map((f) => [f.rule, f.class])).toEqual([
      ["deployment-force-new", "restarts"],
      ["deployment-pod-template", "restarts"],
    ]);
    expect(deployment[0].paths).toEqual(["metadata.namespace"]);
    expect(deployment[1].paths).toEqual(["spec.template.spec.volume[0].persistent_volume_claim.claim_name"]);
  });

  test("with a moved block (cdktf moveFromId) nothing is destroyed, exit status 0", () => {
    const moved = withLogicalId(PersistentVolumeClaimV1, "home", "home_volume", () =>
      template({}, (stack) => stack.home.claim.moveFromId(PVC)),
    );
    const r = reviewPair(base, moved);
    const pvc = r.findings.find((f) => f.object === `${PVC} → kubernetes_persistent_volume_claim_v1.home_volume`)!;
    expect(pvc).toMatchObject({ class: "safe", rule: "moved-with-block", changes: ["moved (moved block)"] });
    expect(pvc.why).toContain("A `moved` block carries the state");
    // The Deployment now names the new address, which holds the same claim: no restart.
    expect(r.findings).toEqual([pvc]);
    expect(r.status).toBe(0);
  });
});

test("homePath changed: the pod restarts, and so does the replaced agent (new token); the script's text is safe; exit status 0", () => {
  const r = reviewPair(base, template({ homePath: "/home/dev" }));
  expect(r.worst).toBe("restarts");
  expect(r.findings.map((f) => [f.object, f.class, f.rule])).toEqual([
    ["coder_agent.main", "restarts", "agent-attribute"],
    ["kubernetes_deployment_v1.main", "restarts", "deployment-pod-template"],
    ["coder_script.verify_docker_storage", "safe", "script-text"],
  ]);
  const [agent, deployment, script] = r.findings;
  expect(deployment.changes).toContain('spec.template.spec.container[0].volume_mount[0].mount_path: "/home/coder" → "/home/dev"');
  expect(deployment.why).toContain("The pod template changed: Kubernetes replaces the pod");
  expect(deployment.why).toContain("the home volume stays");
  // The disk metadata and the volume alert follow homePath: the agent is replaced, and its new token is in the pod.
  expect(agent.why).toContain("Agent settings: every coder_agent argument is ForceNew");
  expect(agent.why).toContain("the pod gets it (CODER_AGENT_TOKEN)");
  expect(script.why).toContain("it runs at the next start");
  expect(only(r.findings, PVC)).toEqual([]); // the volume is the same; only where it is mounted changed
  expect(r.status).toBe(0);
});

describe("a new label", () => {
  test("on the PVC and the Deployment object: safe, updated in place, exit status 0", () => {
    const r = reviewPair(
      base,
      template({}, (stack) => {
        stack.home.claim.addOverride("metadata.labels.team", "platform");
        stack.workspace.deployment.addOverride("metadata.labels.team", "platform");
      }),
    );
    expect(r.findings.map((f) => [f.object, f.class, f.rule])).toEqual([
      ["kubernetes_deployment_v1.main", "safe", "deployment-in-place"],
      [PVC, "safe", "claim-labels"],
    ]);
    expect(r.findings[0].why).toContain("outside the pod template; updated in place, the pod keeps running");
    expect(r.findings[1].why).toContain("labels are metadata, updated in place");
    expect(r.findings[1].why).not.toContain("Longhorn");
    expect(r.status).toBe(0);
  });

  test("on the pod template: the pod restarts", () => {
    const r = reviewPair(base, template({}, (stack) => stack.workspace.deployment.addOverride("spec.template.metadata.labels.team", "platform")));
    expect(r.findings.map((f) => [f.class, f.rule])).toEqual([["restarts", "deployment-pod-template"]]);
    expect(r.status).toBe(0);
  });
});

describe("parameters", () => {
  test("a parameter made immutable breaks existing workspaces, exit status 1", () => {
    const r = reviewPair(base, template({}, (stack) => (parameter(stack, "cpu").mutable = false)));
    expect(r.findings).toEqual([expect.objectContaining({ object: "data.coder_parameter.cpu", class: "breaks", rule: "parameter-immutable" })]);
    expect(r.findings[0].why).toContain("`cpu` turned immutable: existing workspaces keep the value they hold");
    expect(r.status).toBe(1);
  });

  test("an option removed breaks the workspaces that hold it, exit status 1", () => {
    const options = [2, 4, 6, 12, 16].map((n) => ({ name: `${n} GiB`, value: String(n) })); // the default options less 8
    const r = reviewPair(base, template({}, (stack) => parameter(stack, "memory").putOption(options)));
    expect(r.findings).toEqual([expect.objectContaining({ object: "data.coder_parameter.memory", class: "breaks", rule: "parameter-option-removed" })]);
    expect(r.findings[0].why).toContain("Option value(s) `8` of `memory` removed");
    expect(r.findings[0].why).toContain("is not a valid option");
    expect(r.status).toBe(1);
  });

  test("monotonic removed from the disk size destroys data, exit status 2", () => {
    const r = reviewPair(base, template({}, (stack) => parameter(stack, "home_disk_size").putValidation({ min: 10, max: 1000 })));
    expect(r.findings).toEqual([
      expect.objectContaining({ object: "data.coder_parameter.home_disk_size", class: "destroys", rule: "parameter-monotonic-dropped" }),
    ]);
    expect(r.findings[0].why).toContain(`which sizes \`${PVC}\`: users can now choose a smaller size`);
    expect(r.findings[0].why).toContain("a smaller storage request forces a new claim");
    expect(r.status).toBe(2);
  });
});

test("the verification script edited: safe, it runs at the next start, exit status 0", () => {
  const script = base.objects.get("coder_script.verify_docker_storage")!.body as { script: string };
  const edited = script.script.replace("#!/bin/sh\n", "#!/bin/sh\n# edited: a new check\n");
  const r = reviewPair(base, template({}, (stack) => stack.verification.script.addOverride("script", edited)));
  expect(r.findings).toEqual([
    expect.objectContaining({ object: "coder_script.verify_docker_storage", class: "safe", rule: "script-text", changes: [expect.stringMatching(/^script: \(\d+ lines\) → \(\d+ lines\)$/)] }),
  ]);
  expect(r.findings[0].why).toBe(
    "The script's text (1 line added, 0 removed): it runs at the next start (coder_script is replaced at the next build, " +
      "coder provider v2.17.0 provider/script.go).",
  );
  expect(r.status).toBe(0);
});

test("the Markdown report: summary line, then one table row per finding, worst first", () => {
  // Without the claim's ignore_changes, so that the report has a row of each class.
  const r = reviewPair(template({}, unguarded), template({ storageClass: "fast-ssd", homePath: "/home/dev" }, unguarded));
  const text = markdown(r, { name: "origin/main", commit: "0123456789abcdef0123" }, { name: "working tree" });
  const lines = text.split("\n");
  expect(lines[0]).toBe("### Template review: destroys data");
  expect(lines[2]).toBe(
    "4 findings: 1 destroys data, 2 restarts workspaces, 1 safe. Base `origin/main` (0123456789ab) → head working tree; exit status 2.",
  );
  // One line says what "restarts" means in Coder, since the report has restarts.
  expect(lines[4]).toBe(RESTARTS_MEANS);
  expect(lines[6]).toBe("| object | change | class | why | what to do |");
  expect(lines[8]).toMatch(/^\| `kubernetes_persistent_volume_claim_v1\.home` \| `spec\.storage_class_name: "longhorn" → "fast-ssd"` \| \*\*destroys data\*\* \| /);
  expect(lines.filter((l) => l.startsWith("| `"))).toHaveLength(4);
});

test("a new default of a variable the pod uses (dind_image): every publish passes it, so workspaces restart", () => {
  const r = reviewPair(base, template({ dindImage: "docker:29.7.3-dind" }));
  expect(r.findings.map((f) => [f.object, f.class, f.rule])).toEqual([["var.dind_image", "restarts", "variable-default-pod"]]);
  expect(r.findings[0].why).toContain("which `kubernetes_deployment_v1.main` uses in its pod template");
  expect(r.findings[0].why).toContain("`npm run push` and the platform stack pass every variable with its default at every publish");
  // The namespace's default reaches only the claim, which ignores it (and the Deployment follows the claim): safe.
  expect(reviewPair(base, template({ namespace: "dev-workspaces" })).findings.map((f) => [f.rule, f.class])).toEqual([
    ["variable-default", "safe"],
  ]);
});

test("docs/review.md's sample report is what the tool prints for that change today", () => {
  const readme = fs.readFileSync(path.join(__dirname, "..", "..", "..", "docs", "review.md"), "utf8");
  const sample = /```markdown\n(### Template review:[\s\S]*?)```/.exec(readme)![1];
  const commit = /Base `HEAD` \(([0-9a-f]{12})\)/.exec(sample)![1];
  // cdktf.json's storageClass and homePath changed, and HOME_VOLUME_LOGICAL_ID set to "home_volume".
  const changed = { storageClass: "longhorn-ssd", homePath: "/home/dev" };
  const head = withLogicalId(PersistentVolumeClaimV1, "home", "home_volume", () => template(changed));
  // Both stacks, as `npm run review` reads them: the platform's version message names the base's commit, and the
  // working tree's with -dirty (cdktf.json and lib/template/home-volume.ts are tracked files).
  const r = reviewStacks(
    { devpod: base, platform: platformTemplate({}, undefined, commit) },
    { devpod: head, platform: platformTemplate(changed, undefined, `${commit}-dirty`) },
  );
  expect(markdown(r, { name: "HEAD", commit }, { name: "working tree" })).toBe(sample);
  expect(exitStatus(r, [])).toBe(2);
});

describe("named blocks (containers, env, volumes, mounts) are paired by name", () => {
  const docker = { name: "docker", image: "d" };
  const dev = { name: "dev", image: "w" };
  const proxy = { name: "proxy", image: "p" };

  test("a container added in front is a change of its own; the ones after it are unchanged", () => {
    const changes = diffValues([docker, dev], [docker, proxy, dev], ["container"]);
    expect(changes.map((c) => c.path)).toEqual([
      ["container", 1, "image"],
      ["container", 1, "name"],
    ]);
  });

  test("the same containers in a new order are one change: kubelet starts them in list order", () => {
    expect(diffValues([docker, dev], [dev, docker], ["container"])).toEqual([
      { path: ["container"], old: ["docker", "dev"], new: ["dev", "docker"] },
    ]);
  });

  test("on the template: a sidecar added to the pod restarts workspaces, reported as that container only", () => {
    const withProxy = template({}, (stack) =>
      stack.workspace.deployment.spec.template.spec.putContainer([
        ...(JSON.parse(JSON.stringify(stack.workspace.deployment.spec.template.spec.containerInput)) as object[]),
        { name: "proxy", image: "envoyproxy/envoy:v1.31" },
      ] as never),
    );
    const r = reviewPair(base, withProxy);
    expect(r.findings.map((f) => [f.object, f.class, f.rule])).toEqual([["kubernetes_deployment_v1.main", "restarts", "deployment-pod-template"]]);
    expect(r.findings[0].paths.every((p) => p.startsWith("spec.template.spec.container[2]"))).toBe(true);
  });
});
