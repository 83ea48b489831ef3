// Helpers of the review tests: synthesize a side of a review in process, changed the way a user changes the template.
import { TerraformElement, TerraformStack, Testing } from "cdktf";
import { invokeAspects } from "cdktf/lib/synthesize/synthesizer";
import { DataCoderParameter } from "../../../lib/providers/gen/providers/coder/data-coder-parameter";
import { DevpodStack } from "../../../lib/template/devpod-stack";
import { HOME_VOLUME_FORCE_NEW } from "../../../lib/template/home-volume";
import { Review, review } from "../../../lib/tools/review/review";
import { exitStatus } from "../../../lib/tools/review/report";
import { JsonObject, Template, templateOf } from "../../../lib/tools/review/template";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PlatformStack } from "../../../lib/platform/platform-stack";
import { withLockFile } from "../../../lib/tools/review/lock-file";
import { TEST_COMMIT, buildDevpod } from "../../helpers";
import { scratchDirs } from "../../scratch";

/** A change to the built stack, made before synth (a code change the config cannot express). */
export type Tweak = (stack: DevpodStack) => void;

/**
 * What Testing.synth gives, parsed: aspects invoked, the stack's Terraform JSON with every object's keys in order and
 * no "//" metadata. Without Testing.synth's text: its key sort (a localeCompare sort and an object spread per key,
 * then json-stable-stringify's own sort) and the JSON.parse of its output were a fifth of each review case's synth.
 */
export function synthJson(stack: TerraformStack): JsonObject {
  invokeAspects(stack);
  return JSON.parse(JSON.stringify(stack.toTerraform(), (_key, value) => {
    if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) if (k !== "//") sorted[k] = value[k];
    return sorted;
  })) as JsonObject;
}

/**
 * Templates already built in this test file, by config and tweak (the same function object, not the same text): a
 * review reads its sides and changes neither, so a side asked for again (the unguarded claim, backups on, the platform
 * as it is) is synthesized once. Not while {@link withLogicalId} changes what a build makes.
 */
const built = new Map<string, Template>();
const tweakIds = new WeakMap<object, number>();
let overridingIds = false;
let nextTweakId = 1;
function once(kind: string, devpod: unknown, tweak: object | undefined, extra: string, build: () => Template): Template {
  if (overridingIds) return build();
  if (tweak && !tweakIds.has(tweak)) tweakIds.set(tweak, nextTweakId++);
  const key = JSON.stringify([kind, devpod, tweak ? tweakIds.get(tweak) : null, extra]);
  let found = built.get(key);
  if (!found) built.set(key, (found = build()));
  return found;
}

/** The template of the devpod stack built from `devpod` (cdktf.json's context.devpod) and changed by `tweak`. */
export function template(devpod: unknown = {}, tweak?: Tweak): Template {
  return once("devpod", devpod, tweak, "", () => {
    const { stack } = buildDevpod(devpod);
    tweak?.(stack);
    return templateOf(synthJson(stack));
  });
}

/** Reviews base → head and returns the findings with the exit status of the review (nothing accepted). */
export function reviewPair(base: Template, head: Template): Review & { status: number } {
  const result = review(base, head);
  return { ...result, status: exitStatus(result, []) };
}

/** A workspace parameter of the stack by its Terraform name (`cpu`, `memory`, `home_disk_size`). */
export function parameter(stack: DevpodStack, name: string): DataCoderParameter {
  return stack.node.findChild("parameters").node.findChild(name) as DataCoderParameter;
}

/**
 * Builds with a different logical id for one element: what a refactor that renames a construct, or drops its
 * `overrideLogicalId`, does. `to` undefined drops the override (cdktf then derives an id from the construct path).
 */
export function withLogicalId<T>(cls: abstract new (...args: any[]) => unknown, from: string, to: string | undefined, build: () => T): T {
  const original = TerraformElement.prototype.overrideLogicalId;
  const spy = jest.spyOn(TerraformElement.prototype, "overrideLogicalId").mockImplementation(function (this: TerraformElement, id: string) {
    if (this instanceof cls && id === from) {
      if (to !== undefined) original.call(this, to);
      return;
    }
    original.call(this, id);
  });
  overridingIds = true;
  try {
    return build();
  } finally {
    overridingIds = false;
    spy.mockRestore();
  }
}

/** The ignore_changes list the home claim carries (every ForceNew attribute of kubernetes provider v2.38.0). */
export const PVC_IGNORE_CHANGES: string[] = [...HOME_VOLUME_FORCE_NEW];

/** The home claim's `lifecycle.ignore_changes` set to `entries`, replacing the template's own list. */
export const ignoring =
  (entries: string[] | "all"): Tweak =>
  (stack) => {
    stack.home.claim.lifecycle = { ignoreChanges: entries };
  };

/** The home claim as it was before it ignored its ForceNew attributes: the template this review must warn about. */
export const unguarded: Tweak = (stack) => {
  stack.home.claim.lifecycle = undefined;
};

/** The platform stack's template built from `devpod` (at git commit `gitCommit`) and changed by `tweak`. */
export function platformTemplate(devpod: unknown = {}, tweak?: (stack: PlatformStack) => void, gitCommit = TEST_COMMIT): Template {
  return once("platform", devpod, tweak, gitCommit, () => {
    const app = Testing.app({ context: { devpod }, outdir: path.join(os.tmpdir(), "devpod-testing-unused") });
    const stack = PlatformStack.fromContext(app, { gitCommit });
    tweak?.(stack);
    return templateOf(synthJson(stack), "platform");
  });
}

/** A `.terraform.lock.hcl` as `terraform providers lock` writes it, for one provider. */
export function lockFile(source: string, version: string, hashes = ["h1:linux-amd64=", "h1:linux-arm64="]): string {
  return [
    "# This file is maintained automatically by \"terraform init\".",
    "# Manual edits may be lost in future updates.",
    "",
    `provider "registry.terraform.io/${source}" {`,
    `  version     = "${version}"`,
    `  constraints = "${version}"`,
    "  hashes = [",
    ...hashes.map((h) => `    "${h}",`),
    "  ]",
    "}",
    "",
  ].join("\n");
}

/** `template` with a lock file beside it. */
export const locked = (template: Template, ...lockFiles: string[]): Template => withLockFile(template, lockFiles.join("\n"));

const tmp = scratchDirs();
/** A directory as `cdktf synth` leaves it: <dir>/stacks/devpod/cdk.tf.json, from the stack built with `devpod`. */
export function synthesized(devpod: unknown, tweak?: Tweak): string {
  const dir = tmp("devpod-review-dir-");
  fs.mkdirSync(path.join(dir, "stacks", "devpod"), { recursive: true });
  const { stack } = buildDevpod(devpod);
  tweak?.(stack);
  fs.writeFileSync(path.join(dir, "stacks", "devpod", "cdk.tf.json"), Testing.synth(stack));
  return dir;
}
