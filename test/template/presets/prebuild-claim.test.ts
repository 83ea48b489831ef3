// A prebuild claim must not restart the pod. Coder claims a prebuilt workspace by running Terraform again with the new
// owner and workspace name (coder provider v2.17.0 provider/workspace.go: is_prebuild_claim; Coder docs,
// prebuilt-workspaces.md). The pod template must therefore not depend on either, directly or through another object.
import { Tf, synthDevpod } from "../../helpers";

/** What a claim changes: every attribute of the owner, and the workspace's name. */
const CLAIM_CHANGES = /\bdata\.coder_workspace_owner\.[A-Za-z0-9_-]+\.|\bdata\.coder_workspace\.[A-Za-z0-9_-]+\.name\b/;

/** A reference `${type.name.path}` to an attribute another resource of the template sets itself. */
const RESOURCE_REF = /\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_.[\]]+)\}/g;

/** The value at a Terraform path (`metadata[0].name`) in a cdktf-synthesized body, where blocks are objects. */
function valueAt(body: Tf, path: string): unknown {
  let v: unknown = body;
  for (const step of path.split(".")) {
    const [key, index] = step.replace(/\]$/, "").split("[");
    v = (v as Tf | undefined)?.[key];
    if (index !== undefined && Array.isArray(v)) v = v[Number(index)];
  }
  return v;
}

/**
 * Paths of the pod template that depend on what a claim changes, following references to attributes the template's
 * other resources set (e.g. the claim's `metadata[0].name`). Computed attributes (coder_agent.main.token) have no
 * value in the template and are not followed; see "the agent token" below.
 */
function claimDependencies(tf: Tf): string[] {
  const found: string[] = [];
  const visit = (value: unknown, at: string, seen: Set<string>): void => {
    if (typeof value === "string") {
      if (CLAIM_CHANGES.test(value)) found.push(at);
      for (const [, type, name, path] of value.matchAll(RESOURCE_REF)) {
        const target = tf.resource?.[type]?.[name];
        const key = `${type}.${name}.${path}`;
        if (target && !seen.has(key)) visit(valueAt(target, path), `${at} → ${key}`, new Set([...seen, key]));
      }
    } else if (Array.isArray(value)) value.forEach((v, i) => visit(v, `${at}[${i}]`, seen));
    else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) visit(v, `${at}.${k}`, seen);
  };
  visit(tf.resource.kubernetes_deployment_v1.main.spec.template, "spec.template", new Set());
  return found;
}

/** The values of the data sources before (prebuilds user, random name) and after a claim; the id stays. */
interface Identity {
  readonly workspace: Record<string, string>;
  readonly owner: Record<string, string>;
}
const prebuild: Identity = {
  workspace: { id: "3f1c2a9e-7d4b-4f0e-9a51-2b8c6d0e4a17", name: "brave-otter-42" },
  owner: { id: "c42fc1b5-0000-4000-8000-000000000001", name: "prebuilds", email: "prebuilds@system", full_name: "Prebuilds" },
};
const claimed: Identity = {
  workspace: { id: prebuild.workspace.id, name: "alice-dev" },
  owner: { id: "5d7e8f90-1111-4222-8333-444455556666", name: "alice", email: "alice@example.com", full_name: "Alice A." },
};

/**
 * Renders the synthesized JSON with one identity: every reference to an attribute of data.coder_workspace.me or
 * data.coder_workspace_owner.me becomes its value (a whole `${ref}` becomes the plain value, a reference inside a
 * longer expression a quoted literal), then references to attributes other resources set are resolved. What is left
 * are references a claim does not change (parameters, variables, computed agent attributes).
 */
function render(text: string, identity: Identity): Tf {
  const value = (source: string, attr: string): string | undefined =>
    (source === "coder_workspace_owner" ? identity.owner : identity.workspace)[attr];
  const ref = /data\.(coder_workspace_owner|coder_workspace)\.me\.([a-z_]+)/g;
  let out = text.replace(/\$\{data\.(coder_workspace_owner|coder_workspace)\.me\.([a-z_]+)\}/g, (m, s, a) => value(s, a) ?? m);
  out = out.replace(/\$\{[^}]*\}/g, (expr) => expr.replace(ref, (m, s, a) => (value(s, a) === undefined ? m : `\\"${value(s, a)}\\"`)));
  const tf = JSON.parse(out) as Tf;
  const resolved = JSON.stringify(tf).replace(RESOURCE_REF, (m, type, name, path) => {
    const v = valueAt(tf.resource?.[type]?.[name] ?? {}, path);
    return typeof v === "string" ? v : m;
  });
  return JSON.parse(resolved) as Tf;
}

// A template as a team with prebuilds would push it: a preset with a pool and images to prewarm.
const { text, tf } = synthDevpod({
  presets: { Small: { parameters: { cpu: 2, memory: 4, home_disk_size: 30 }, prebuilds: { instances: 2 } } },
  prewarmImages: ["node:22"],
});
const podTemplate = (t: Tf) => JSON.stringify(t.resource.kubernetes_deployment_v1.main.spec.template);

test("no field of the pod template depends on the owner or the workspace name, directly or through another object", () => {
  expect(claimDependencies(tf)).toEqual([]);
});

test("the check finds such a dependency: directly, and through an attribute of the home claim", () => {
  const t = JSON.parse(text) as Tf;
  const labels = t.resource.kubernetes_deployment_v1.main.spec.template.metadata.labels;
  labels.owner = "${data.coder_workspace_owner.me.name}";
  expect(claimDependencies(t)).toEqual(["spec.template.metadata.labels.owner"]);
  labels.owner = "${kubernetes_persistent_volume_claim_v1.home.metadata[0].annotations}";
  expect(claimDependencies(t)).toEqual([
    "spec.template.metadata.labels.owner → kubernetes_persistent_volume_claim_v1.home.metadata[0].annotations.com.coder.user.email",
  ]);
});

test("a simulated claim (owner and name changed, all else equal) leaves the pod template byte-identical", () => {
  const before = render(text, prebuild);
  const after = render(text, claimed);
  expect(podTemplate(after)).toBe(podTemplate(before));
  // The rendering did reach the references: the claim changes the Deployment's and the claim's own metadata
  // (updated in place by the kubernetes provider), and nothing identity-related is left unrendered.
  const deployment = (t: Tf) => t.resource.kubernetes_deployment_v1.main.metadata;
  expect(deployment(before).labels["com.coder.user.username"]).toBe("prebuilds");
  expect(deployment(after).labels["com.coder.user.username"]).toBe("alice");
  expect(deployment(after).annotations["com.coder.user.email"]).toBe("alice@example.com");
  expect(after.resource.kubernetes_persistent_volume_claim_v1.home.metadata.labels["com.coder.workspace.name"]).toBe("alice-dev");
  expect(JSON.stringify(after)).not.toMatch(CLAIM_CHANGES);
  // The pod keeps the workspace id, which a claim keeps, and the claim's name derived from it.
  expect(podTemplate(after)).toContain(`coder-workspace-${prebuild.workspace.id}`);
  expect(podTemplate(after)).toContain(`"claim_name":"coder-${prebuild.workspace.id}-home"`);
});

test("the same rendering tells a claim-dependent pod template apart (the comparison can fail)", () => {
  const text2 = JSON.stringify(
    (() => {
      const t = JSON.parse(text) as Tf;
      t.resource.kubernetes_deployment_v1.main.spec.template.metadata.annotations = { who: "${lower(data.coder_workspace.me.name)}" };
      return t;
    })(),
  );
  expect(podTemplate(render(text2, claimed))).not.toBe(podTemplate(render(text2, prebuild)));
  expect(render(text2, claimed).resource.kubernetes_deployment_v1.main.spec.template.metadata.annotations.who).toBe('${lower("alice-dev")}');
});

test("the agent token in the pod is the one a claim keeps: the provider reuses the running agent's token", () => {
  // coder provider v2.17.0 provider/agent.go agentAuthToken: on a claim coderd passes the running agent's token in
  // CODER_RUNNING_WORKSPACE_AGENT_TOKEN_<sha256 of the agent id> and the provider returns it instead of a new UUID, so
  // `coder_agent.main.token` (CODER_AGENT_TOKEN in the pod) and `init_script` keep their values. The agent
  // reinitializes over its connection to coderd; the pod is not replaced. What this test can check is that the pod
  // takes nothing else from the agent that a claim could change.
  const refs = [...podTemplate(tf).matchAll(/\$\{coder_agent\.main\.([a-z_]+)\}/g)].map((m) => m[1]);
  expect([...new Set(refs)].sort()).toEqual(["init_script", "token"]);
});
