/**
 * The classification table. Each row says, for one kind of change of one kind of object, what it does to the
 * workspaces that already exist, why, and what to do. The first row that matches a change wins, so specific rows come
 * before general ones and every list ends with a catch-all. Provider facts come from provider-facts.ts; the platform
 * stack's rows are in platform-rules.ts and come first (they match only objects of that stack). A new row goes into
 * the list of its kind of change, above the first row that would otherwise take its changes, with a case in
 * test/tools/review/review.rules.test.ts that names the class it must get.
 */
import { coveringEntry, formatPath, ignoreEntries } from "./paths";
import { PLATFORM_ATTRIBUTE_FALLBACK, PLATFORM_OBJECT_FALLBACK, PLATFORM_RULES } from "./platform-rules";
import {
  CODER_FORCE_NEW_SOURCE, DEPLOYMENT_FORCE_NEW, KUBERNETES_PROVIDER, STATEFUL, exactVersion, providerSource,
} from "./provider-facts";
import {
  CLAIM_CHANGES, NEXT_BUILD, PUSHED_DEFAULTS, Rule, RuleInput, address, at, baseBody, checkedVersion, claimsSizedBy, code, forceNewFact, from,
  headBody, ignoredBy, isDeployment, lossOf, isParameter, isType, monotonicOf, mutable, num, optionValues, paramName, pathOf, paths,
  podTemplatesUsing, quantity, repeated, resource, sameNamespaceClaim, statefulOf, to, VersionChange, versionChange,
} from "./rule-kit";
import { claimRole, dataDirOf, dataRootOf, isolationOf } from "./claims";
import { RECURRING_JOB_SOURCE_LABEL } from "../../template/backups/backup-labels";
import { DEFAULT_GROUP, backupGroups, isRecurringJobLabel, membershipOf } from "./longhorn-groups";
import { Json, isObject } from "./template";
import { Verdict, compareValidations, parameterRegexes, variableRegexes } from "./validation-samples";

export { CLASSES, CLASS_LABEL, quantity } from "./rule-kit";
export type { ChangeClass, Rule, RuleInput } from "./rule-kit";

// ---- the table -----------------------------------------------------------------------------------------------------

/** Rules for objects that were removed, added or moved. */
const OBJECT_RULES: Rule[] = [
  {
    id: "stateful-removed",
    on: "removed",
    class: "destroys",
    match: (i) => statefulOf(i) !== undefined,
    why: ([i]) => `Terraform destroys this ${statefulOf(i)!.noun} ${NEXT_BUILD}: ${lossOf(i)}.`,
    todo: ([i]) => `Keep ${code(address(i))}; if it was renamed, keep its address (cdktf: \`overrideLogicalId\`) or add a \`moved\` block.`,
  },
  {
    id: "stateful-moved-without-block",
    on: "moved",
    class: "destroys",
    match: (i) => statefulOf(i) !== undefined && !i.change.movedBlock,
    why: ([i]) =>
      `The address changed from ${code(from(i))} to ${code(to(i))} with no \`moved\` block: Terraform destroys the ${statefulOf(i)!.noun} ` +
      `under the old address and creates an empty one under the new ${NEXT_BUILD}; ${lossOf(i)}.`,
    todo: ([i]) =>
      `Keep the old address (cdktf: \`overrideLogicalId("${i.change.base!.name}")\`), or add \`moved { from = ${from(i)}, to = ${to(i)} }\` ` +
      `(cdktf: \`moveFromId("${from(i)}")\` on the new resource).`,
  },
  {
    id: "agent-removed",
    on: "removed",
    class: "breaks",
    match: (i) => isType(i, "coder_agent"),
    why: ([i]) => `Workspaces lose agent ${code(i.object.name)} ${NEXT_BUILD}: nothing connects to them under that name any more.`,
    todo: () => "Keep the agent, or tell users before the template is promoted.",
  },
  {
    id: "agent-moved",
    on: "moved",
    class: "breaks",
    match: (i) => isType(i, "coder_agent"),
    why: ([i]) =>
      `Coder names an agent after its resource (coder/coder provisioner/terraform/resources.go): agent ${code(i.change.base!.name)} ` +
      `becomes ${code(i.change.head!.name)} ${NEXT_BUILD}, so \`coder ssh <workspace>.${i.change.base!.name}\`, SSH configs, ` +
      "port-forward links and app URLs that name the old agent stop working.",
    todo: ([i]) => `Keep the address (cdktf: \`overrideLogicalId("${i.change.base!.name}")\`), or announce the new agent name to users.`,
  },
  {
    id: "deployment-removed",
    on: "removed",
    class: "breaks",
    match: isDeployment,
    why: () => `Terraform deletes the workspace Deployment ${NEXT_BUILD}: workspaces get no pod.`,
    todo: () => "Keep the Deployment, or make sure another object runs the agent.",
  },
  {
    id: "deployment-moved",
    on: "moved",
    class: "restarts",
    match: (i) => isDeployment(i) && !i.change.movedBlock,
    why: ([i]) =>
      `The address changed from ${code(from(i))} to ${code(to(i))}: Terraform deletes the Deployment and creates it anew ${NEXT_BUILD}; ` +
      "the pod restarts (the home volume stays).",
    todo: () => "Nothing, if a restart at the next build is fine; a `moved` block avoids the re-creation.",
  },
  {
    id: "parameter-removed",
    on: "removed",
    class: "breaks",
    match: isParameter,
    why: ([i]) =>
      `Parameter ${code(paramName(i))} is gone: existing workspaces hold a value for it that Coder drops at their next build, ` +
      "and whatever used it falls back to what the template now does.",
    todo: () => "Keep the parameter (a renamed one keeps its `name`), or tell users what replaces it.",
  },
  {
    id: "parameter-added-required",
    on: "added",
    class: "breaks",
    match: (i) => isParameter(i) && headBody(i).default === undefined,
    why: ([i]) =>
      `New parameter ${code(paramName(i))} has no default: existing workspaces hold no value, so their next build waits for ` +
      "the owner to give one (automatic starts fail).",
    todo: () => "Give it a `default`.",
  },
  {
    id: "variable-removed",
    on: "removed",
    class: "breaks",
    match: (i) => i.object.kind === "variable",
    why: ([i]) =>
      `Variable ${code(i.object.name)} is gone, while Coder keeps the value stored for it at the template's first push ` +
      `and push scripts still pass \`--variable ${i.object.name}=...\`.`,
    todo: () => "Keep the variable until no push passes it, or update the push commands along with the template.",
  },
  {
    id: "variable-added-required",
    on: "added",
    class: "breaks",
    match: (i) => i.object.kind === "variable" && headBody(i).default === undefined,
    why: ([i]) => `New variable ${code(i.object.name)} has no default, and Coder has no stored value for it: the next push fails without it.`,
    todo: ([i]) => `Give it a \`default\`, or push with \`--variable ${i.object.name}=...\`.`,
  },
  {
    id: "lock-added",
    on: "added",
    class: "safe",
    match: (i) => i.object.kind === "lock" && checkedVersion(versionChange(i)!),
    why: ([i]) =>
      `Every build now installs exactly ${versionChange(i)!.new} of ${code(versionChange(i)!.source)} and checks the package ` +
      "against the locked hashes" + (versionChange(i)!.facts ? ", the version this review's facts are read from." : "."),
    todo: () => "Nothing; commit the lock file with the template.",
  },
  {
    id: "lock-added-unchecked",
    on: "added",
    class: "breaks",
    match: (i) => i.object.kind === "lock",
    why: ([i]) =>
      `Every build now installs ${versionChange(i)!.new} of ${code(versionChange(i)!.source)}, while this review's facts are from ` +
      `${versionChange(i)!.facts}: a ForceNew attribute it does not know of can replace a home claim unseen.`,
    todo: ([i]) => `Lock ${versionChange(i)!.facts}, or re-read the provider facts for the locked version.`,
  },
  {
    id: "lock-removed-pinned",
    on: "removed",
    class: "safe",
    match: (i) => i.object.kind === "lock" && pinnedInHead(i) !== undefined && pinnedInHead(i) === baseBody(i).version,
    why: ([i]) =>
      `The lock file no longer lists ${code(providerSource(i.object.name))}; \`required_providers\` still allows only ` +
      `${pinnedInHead(i)}, so builds install the same version, without the hash check.`,
    todo: () => "Keep the lock file (`npm run lock`) so that builds check the package.",
  },
  {
    id: "lock-removed",
    on: "removed",
    class: "breaks",
    match: (i) => i.object.kind === "lock",
    why: ([i]) =>
      `The lock file no longer lists ${code(providerSource(i.object.name))}: each build's \`terraform init\` takes the newest ` +
      `version \`required_providers\` allows instead of ${baseBody(i).version}, which this review's facts may not hold for.`,
    todo: () => "Keep the lock file, or pin the exact version in `required_providers`.",
  },
  {
    id: "moved-with-block",
    on: "moved",
    class: "safe",
    match: (i) => i.change.movedBlock === true,
    why: ([i]) => `A \`moved\` block carries the state from ${code(from(i))} to ${code(to(i))}: nothing is destroyed.`,
    todo: () => "Keep the `moved` block until every workspace has been built with this version.",
  },
  PLATFORM_OBJECT_FALLBACK,
  {
    id: "data-moved",
    on: "moved",
    class: "safe",
    match: (i) => i.object.kind === "data",
    why: ([i]) =>
      isParameter(i)
        ? `Only the data source's address changed; Coder knows the parameter by its \`name\` (${code(paramName(i))}), which holds.`
        : "Only the data source's address changed: data sources keep no state.",
    todo: () => "Nothing.",
  },
  {
    id: "moved-stateless",
    on: "moved",
    class: "safe",
    match: () => true,
    why: ([i]) => `Terraform replaces it under the new address ${code(to(i))} ${NEXT_BUILD}; it holds no data.`,
    todo: () => "Nothing.",
  },
  {
    id: "removed-stateless",
    on: "removed",
    class: "safe",
    match: () => true,
    why: ([i]) =>
      resource(i) ? `Terraform destroys it ${NEXT_BUILD}; it holds no workspace data.` : "No longer part of the template; it holds no workspace data.",
    todo: () => "Nothing.",
  },
  {
    id: "docker-volume-added",
    on: "added",
    class: "restarts",
    match: (i) => claimRole(i.object) === "docker",
    why: ([i]) => {
      const old = dataRootOf(i.base);
      return `dockerVolume \`separate\`: every existing workspace gets a new, empty Docker volume ${NEXT_BUILD}, and its pod restarts ` +
        "with dockerd on it: no images, containers, named volumes or build cache, so images are pulled and built again. " +
        `The home volume is untouched${old ? `: Docker's old data stays on it at ${code(old)}, no longer used but still counted ` +
        "against the home disk and in its snapshots and backups" : ""}.`;
    },
    todo: ([i]) => {
      const old = dataRootOf(i.base);
      return "Tell users before promoting: named volumes they need must be copied over (`docker volume` data is not migrated)" +
        (old ? `; then free the home's space by removing ${code(old)} (as root, e.g. \`docker run --rm -v ${old}:/old <image> rm -rf /old\`).` : ".");
    },
  },
  {
    id: "added",
    on: "added",
    class: "safe",
    match: () => true,
    why: ([i]) => (i.object.kind === "resource" ? `Created ${NEXT_BUILD}.` : "New; nothing existing depends on it."),
    todo: () => "Nothing.",
  },
];

/** The docker sidecar's isolation mode differs between base and head (both known). */
function isolationSwitched(i: RuleInput): boolean {
  const [base, head] = [isolationOf(i.base), isolationOf(i.head)];
  return base !== undefined && head !== undefined && base !== head;
}

/** Rules for one changed value of an object that kept its address. */
const ATTRIBUTE_RULES: Rule[] = [
  {
    id: "ignore-changes-dropped",
    on: "attribute",
    class: "destroys",
    match: (i) =>
      statefulOf(i) !== undefined &&
      at(i, "lifecycle.ignore_changes") &&
      droppedEntries(i).some((e) => e === "all" || statefulOf(i)!.forceNew.some((f) => coveringEntry([e], f.path.split(".")))),
    why: ([i]) =>
      `\`lifecycle.ignore_changes\` no longer lists ${droppedEntries(i).map(code).join(", ")}: a workspace whose ${statefulOf(i)!.noun} still ` +
      `holds a value from before an earlier change of that attribute is replaced ${NEXT_BUILD}; ${lossOf(i)}.`,
    todo: () => "Keep the entries; drop one only when every workspace's object matches the template (check with `kubectl get`).",
  },
  {
    id: "ignored-by-lifecycle",
    on: "attribute",
    class: "safe",
    match: (i) => ignoredBy(i) !== undefined,
    why: (inputs) =>
      `\`lifecycle.ignore_changes\` lists ${[...new Set(inputs.map(ignoredBy))].map((e) => code(e!)).join(", ")}: Terraform leaves ` +
      `${paths(inputs)} of existing workspaces as they are; only new workspaces get the new value` +
      (repeated(inputs[0]) ? ", and so does an instance that its count/for_each creates anew (e.g. at a start, with `start_count`)." : "."),
    todo: () => "Nothing for existing workspaces; to give them the new value, migrate their data to a new object.",
  },
  {
    id: "lifecycle",
    on: "attribute",
    class: "safe",
    match: (i) => resource(i) && at(i, "lifecycle"),
    why: (inputs) => {
      const i = inputs[0];
      if (!at(i, "lifecycle.ignore_changes")) return `${paths(inputs)}: changes how Terraform plans this object, not the object.`;
      const was = ignoreEntries(i.attribute!.old);
      const added = ignoreEntries(i.attribute!.new).filter((e) => !was.includes(e));
      return `\`lifecycle.ignore_changes\` ${added.length ? `now lists ${added.map(code).join(", ")}` : "changed"}: Terraform stops changing ` +
        "those attributes of existing workspaces; new workspaces still get the template's values.";
    },
    todo: () => "Nothing.",
  },
  {
    id: "same-value",
    on: "attribute",
    class: "safe",
    match: (i) => sameNamespaceClaim(i) !== undefined,
    why: ([i]) =>
      `${paths([i])} now reads the namespace of ${code(sameNamespaceClaim(i)!)}, which the pod mounts by name in both versions; ` +
      "a pod can only mount a claim of its own namespace, so for every workspace whose pod runs this is the value it had. " +
      "Terraform compares values, not expressions: nothing changes.",
    todo: () => "Nothing.",
  },
  {
    id: "stateful-count",
    on: "attribute",
    class: "destroys",
    match: (i) => statefulOf(i) !== undefined && (at(i, "count") || at(i, "for_each")),
    why: ([i]) =>
      `${code(formatPath(pathOf(i)))} changed on a ${statefulOf(i)!.noun}: every instance the new expression drops is destroyed ` +
      `(a count of \`start_count\` would destroy it at every stop); ${lossOf(i)}.`,
    todo: () => "Keep the object without count/for_each, or make sure the expression keeps every existing instance.",
  },
  {
    id: "stateful-force-new",
    on: "attribute",
    class: "destroys",
    match: (i) => forceNewFact(i) !== undefined,
    why: (inputs) => {
      const facts = [...new Set(inputs.map((i) => `${code(forceNewFact(i)!.path)} (${forceNewFact(i)!.source})`))].join(", ");
      const s = statefulOf(inputs[0])!;
      return `${KUBERNETES_PROVIDER} marks ${facts} of ${code(inputs[0].object.type)} ForceNew and no \`lifecycle.ignore_changes\` covers it: ` +
        `Terraform replaces the ${s.noun} of every existing workspace ${NEXT_BUILD}; ${lossOf(inputs[0])}.`;
    },
    todo: (inputs) =>
      `Add ${[...new Set(inputs.map((i) => code(terraformRef(forceNewFact(i)!.path))))].join(", ")} to its \`lifecycle.ignore_changes\` ` +
      "so that only new workspaces get the new value, or migrate the data of existing workspaces first.",
  },
  {
    id: "storage-shrink",
    on: "attribute",
    class: "destroys",
    match: (i) => {
      const fact = statefulOf(i)?.shrinkForcesNew;
      if (!fact || !at(i, fact.path)) return false;
      const [old, now] = [quantity(i.attribute!.old), quantity(i.attribute!.new)];
      return old === undefined || now === undefined || now < old;
    },
    why: ([i]) => {
      const fact = statefulOf(i)!.shrinkForcesNew!;
      const known = quantity(i.attribute!.old) !== undefined && quantity(i.attribute!.new) !== undefined;
      return `${known ? "The requested size shrinks" : "The requested size is a new expression that can be smaller than what a workspace holds"}: ` +
        `a smaller ${code(fact.path)} forces a new ${statefulOf(i)!.noun} (${KUBERNETES_PROVIDER} ${fact.source}); ${lossOf(i)}.`;
    },
    todo: () => "Only ever grow the size; keep `monotonic = \"increasing\"` on the size parameter.",
  },
  {
    id: "storage-grow",
    on: "attribute",
    class: "safe",
    match: (i) => statefulOf(i)?.shrinkForcesNew !== undefined && at(i, statefulOf(i)!.shrinkForcesNew!.path),
    why: ([i]) =>
      `The requested size ${quantity(i.attribute!.old) === quantity(i.attribute!.new) ? "is the same, written otherwise" : "grows"}: ` +
      `${code(statefulOf(i)!.shrinkForcesNew!.path)} is the one spec field updated in place; Longhorn expands the volume online.`,
    todo: () => "Nothing (the StorageClass needs `allowVolumeExpansion: true`).",
  },
  {
    id: "immutable-data",
    on: "attribute",
    class: "destroys",
    match: (i) =>
      statefulOf(i)?.immutableFields !== undefined &&
      baseBody(i).immutable === true &&
      statefulOf(i)!.immutableFields!.some((f) => at(i, f)),
    why: (inputs) => {
      const s = statefulOf(inputs[0])!;
      return `The ${s.noun} is \`immutable\`, and ${paths(inputs)} changed: ${KUBERNETES_PROVIDER} ${s.immutableSource} forces a new ` +
        `${s.noun} ${NEXT_BUILD}; ${lossOf(inputs[0])}.`;
    },
    todo: () => "Create a new object under a new name for the new data instead of changing this one.",
  },
  {
    id: "claim-backup-sync-dropped",
    on: "attribute",
    class: "breaks",
    match: (i) =>
      touchesLonghorn(i) && membershipOf(baseBody(i)).synced && !membershipOf(headBody(i)).synced &&
      backupGroups(membershipOf(baseBody(i)).volume!).length > 0,
    why: ([i]) =>
      `\`${RECURRING_JOB_SOURCE_LABEL}: enabled\` leaves the claim: Longhorn stops following its labels (longhorn-manager ` +
      "syncPVCRecurringJobLabels returns early without it), so the volume stays in " +
      `${groupList(membershipOf(baseBody(i)).volume!)} whatever the claim says from now on. Once that group's RecurringJobs ` +
      "are gone no job runs on the volume, not even those of Longhorn's `default` group.",
    todo: () => `Keep \`${RECURRING_JOB_SOURCE_LABEL}: enabled\` on the claim; to leave a group, remove only its group label.`,
  },
  {
    id: "claim-backup-group-left",
    on: "attribute",
    class: "breaks",
    match: (i) => {
      const [was, now] = [membershipOf(baseBody(i)), membershipOf(headBody(i))];
      // No backup group left in the head: every backup group of the base is one the volume leaves.
      return touchesLonghorn(i) && was.synced && now.synced && backupGroups(now.volume!).length === 0 && backupGroups(was.volume!).length > 0;
    },
    why: ([i]) => {
      const [was, now] = [membershipOf(baseBody(i)), membershipOf(headBody(i))];
      const left = backupGroups(was.volume!);
      return `The volume leaves ${groupList(left)} at Longhorn's next sync of the claim (${NEXT_BUILD} updates its labels in place): ` +
        "that group's RecurringJobs no longer run on it, so this home gets no new snapshots or backups; existing ones stay. " +
        (now.volume!.includes(DEFAULT_GROUP)
          ? "Longhorn puts it back in its `default` group: jobs the cluster has in that group run on it from then on (a " +
            "`snapshot-delete` job there deletes snapshots beyond its own `retain`, these included)."
          : now.volume!.length === 0
          ? "It is in no group at all (its recurring-job labels are not `enabled`), not even Longhorn's `default`."
          : `Its groups become ${groupList(now.volume!)}, whose jobs devpod does not create.`);
    },
    todo: () => "If intended (backups turned off), accept it with `--accept breaks`; otherwise keep `backups.enabled` on.",
  },
  {
    id: "claim-labels",
    on: "attribute",
    class: "safe",
    match: (i) => claimRole(i.object) !== undefined && at(i, "metadata.labels"),
    why: (inputs) => {
      const metadata = `${paths(inputs)}: labels are metadata, updated in place (only \`metadata.name\`, \`namespace\` and ` +
        `\`generate_name\` are ForceNew, ${KUBERNETES_PROVIDER} kubernetes/schema_metadata.go).`;
      if (!inputs.some(touchesLonghorn)) return metadata;
      const [was, now] = [membershipOf(baseBody(inputs[0])), membershipOf(headBody(inputs[0]))];
      if (!now.synced) return `${metadata} Longhorn ignores a claim's recurring-job labels without \`${RECURRING_JOB_SOURCE_LABEL}: enabled\`: the volume's groups do not change.`;
      return `${metadata} Longhorn follows the claim's recurring-job labels (\`${RECURRING_JOB_SOURCE_LABEL}: enabled\`): at its next sync ` +
        `the volume's groups become ${groupList(now.volume!)}` +
        (was.synced ? ` (were ${groupList(was.volume!)})` : "; a volume that an earlier version left in another group leaves it") +
        ". Existing snapshots and backups stay.";
    },
    todo: ([i]) => {
      const groups = backupGroups(membershipOf(headBody(i)).volume ?? []);
      return groups.length > 0
        ? `Check that the RecurringJobs of ${groupList(groups)} exist (\`cdktf deploy platform\` with \`backups.enabled\`).`
        : "Nothing.";
    },
  },
  {
    id: "stateful-in-place",
    on: "attribute",
    class: "safe",
    match: (i) => statefulOf(i) !== undefined,
    why: (inputs) => `${paths(inputs)}: not ForceNew in ${KUBERNETES_PROVIDER}; updated in place ${NEXT_BUILD}.`,
    todo: () => "Nothing.",
  },
  {
    id: "isolation-switch-same-data-root",
    on: "attribute",
    class: "breaks",
    match: (i) => isDeployment(i) && at(i, "spec.template") && isolationSwitched(i) && dataDirOf(i.base) === dataDirOf(i.head),
    why: ([i]) =>
      `dockerd switches from ${isolationOf(i.base)} to ${isolationOf(i.head)} isolation on the same data root ${code(dataDirOf(i.head)!)} ` +
      "(dockerDataRoot is set): a rootless dockerd (uid 1000) cannot use a privileged one's root-owned layers and volumes, so its " +
      "sidecar refuses to start and the verification fails with that cause; a privileged dockerd on a rootless root would " +
      "misread its layers (overlay's user.* vs trusted.* xattrs). Nothing is deleted.",
    todo: () =>
      "Leave dockerDataRoot unset, so that each mode keeps its own data root beside the other (docs/rootless.md, switching " +
      "modes); or keep the isolation mode.",
  },
  {
    id: "isolation-switch",
    on: "attribute",
    class: "restarts",
    match: (i) => isDeployment(i) && at(i, "spec.template") && isolationSwitched(i),
    why: ([i]) =>
      `dockerd switches from ${isolationOf(i.base)} to ${isolationOf(i.head)} isolation: Kubernetes replaces the pod, and the new ` +
      `dockerd starts on its own data root ${code(dataDirOf(i.head)!)}, empty at first; the old one (${code(dataDirOf(i.base)!)}) ` +
      "is kept untouched and nothing is deleted. Images are pulled or built again; the old daemon's containers and named " +
      "volumes are not visible to the new one until moved, and the old data root still counts against the disk " +
      "(the sidecar's log and the verification name it with its size).",
    todo: () =>
      "Tell users before promoting: move the named volumes they need (docs/rootless.md, switching modes: in the old mode, " +
      "`docker run -v <volume>:/v` into a tarball in the home), then free the old data root with `docker system prune -a " +
      "--volumes` in the old mode; the home's own files are untouched.",
  },
  {
    id: "deployment-pod-template-claim",
    on: "attribute",
    class: "restarts",
    match: (i) => isDeployment(i) && at(i, "spec.template") && CLAIM_CHANGES.test(JSON.stringify(i.attribute!.new ?? null)),
    why: (inputs) =>
      `Restarts on every prebuild claim: ${paths(inputs)} of the pod template now uses the workspace owner or name, which every prebuild claim changes ` +
      "(Coder runs Terraform again with the new owner and name; coder provider v2.17.0 provider/workspace.go, " +
      "`is_prebuild_claim`): the pod template changes and Kubernetes replaces the pod on every prebuild claim, " +
      "throwing away the prebuilt workspace's head start.",
    todo: () => "Put owner and name on the Deployment's own metadata (lib/template/labels.ts workspaceMetadata), not in the pod template.",
  },
  {
    id: "deployment-pod-template",
    on: "attribute",
    class: "restarts",
    match: (i) => isDeployment(i) && at(i, "spec.template"),
    why: () =>
      "The pod template changed: Kubernetes replaces the pod. Running workspaces get it at their next update or restart, " +
      "stopped ones at their next start; the home volume stays.",
    todo: () => "Nothing; users see a restart when they update. Announce it if running workspaces must update soon.",
  },
  {
    id: "deployment-force-new",
    on: "attribute",
    class: "restarts",
    match: (i) => isDeployment(i) && DEPLOYMENT_FORCE_NEW.some((f) => at(i, f.path)),
    why: (inputs) =>
      `${paths(inputs)} is ForceNew (${KUBERNETES_PROVIDER} ${DEPLOYMENT_FORCE_NEW.find((f) => at(inputs[0], f.path))!.source}): ` +
      `Terraform re-creates the Deployment ${NEXT_BUILD} and the pod restarts (the home volume stays).`,
    todo: () => "Nothing, if a restart at the next build is fine.",
  },
  {
    id: "deployment-count",
    on: "attribute",
    class: "restarts",
    match: (i) => isDeployment(i) && (at(i, "count") || at(i, "for_each")),
    why: (inputs) => `${paths(inputs)} changed: it decides when the workspace's pod exists.`,
    todo: () => "Check that the pod still exists exactly while the workspace runs (`start_count`).",
  },
  {
    id: "deployment-scale-breaks",
    on: "attribute",
    class: "breaks",
    match: (i) =>
      isDeployment(i) && ((at(i, "spec.replicas") && num(i.attribute!.new ?? 1) !== 1) || (at(i, "spec.paused") && i.attribute!.new === true)),
    why: (inputs) =>
      `${inputs.map((i) => describeChange(i)).join(", ")}: a workspace runs exactly one pod. With 0 replicas a started ` +
      "workspace has no pod and its agent never connects; with more, a second pod with the same agent token waits for the " +
      "ReadWriteOnce home volume (or runs a second agent beside it); a paused Deployment rolls out no new pod template, so " +
      "this and every later version never reaches running workspaces, and Terraform waits for a rollout that does not come.",
    todo: () => "Keep `replicas = 1` and `paused` unset; Coder starts and stops workspaces through `start_count`.",
  },
  {
    id: "deployment-scale",
    on: "attribute",
    class: "restarts",
    match: (i) => isDeployment(i) && (at(i, "spec.replicas") || at(i, "spec.paused")),
    why: (inputs) =>
      `${inputs.map((i) => describeChange(i)).join(", ")}: back to one running pod; the Deployment rolls out its pod ` +
      "template (a paused one its pending changes) when the workspace next builds.",
    todo: () => "Nothing; users see a restart when they update.",
  },
  {
    id: "deployment-in-place",
    on: "attribute",
    class: "safe",
    match: isDeployment,
    why: (inputs) => `${paths(inputs)}: outside the pod template; updated in place, the pod keeps running.`,
    todo: () => "Nothing.",
  },
  {
    id: "agent-attribute",
    on: "attribute",
    class: "restarts",
    match: (i) => isType(i, "coder_agent"),
    why: (inputs) =>
      `${inputs.every((i) => at(i, "metadata")) ? "Agent metadata (the dashboard's items)" : "Agent settings"}: every coder_agent ` +
      `argument is ForceNew (${CODER_FORCE_NEW_SOURCE.coder_agent}), so the agent is replaced at the next build with a new token; ` +
      "the pod gets it (CODER_AGENT_TOKEN), so a running workspace restarts at its next update, a stopped one starts with it.",
    todo: () => "Nothing; users see a restart when they update.",
  },
  {
    id: "script-text",
    on: "attribute",
    class: "safe",
    match: (i) => isType(i, "coder_script") && at(i, "script"),
    why: (inputs) => {
      const a = inputs[0].attribute!;
      return `The script's text (${lineDelta(a.old, a.new)}): it runs at the next start (coder_script is replaced at the next ` +
        `build, ${CODER_FORCE_NEW_SOURCE.coder_script}).`;
    },
    todo: () => "Nothing; its tests run the new text.",
  },
  {
    id: "script-attribute",
    on: "attribute",
    class: "safe",
    match: (i) => isType(i, "coder_script"),
    why: (inputs) => `${paths(inputs)} of the script: applies at the next start (${CODER_FORCE_NEW_SOURCE.coder_script}).`,
    todo: () => "Nothing.",
  },
  {
    id: "parameter-renamed",
    on: "attribute",
    class: "breaks",
    match: (i) => isParameter(i) && at(i, "name"),
    why: ([i]) =>
      `Parameter renamed from ${code(String(i.attribute!.old))} to ${code(String(i.attribute!.new))}: Coder keeps values by name, ` +
      "so existing workspaces lose theirs and get the default (or are asked for a value).",
    todo: () => "Keep the `name`; change `display_name` instead.",
  },
  {
    id: "parameter-immutable",
    on: "attribute",
    class: "breaks",
    match: (i) => isParameter(i) && at(i, "mutable") && mutable(baseBody(i)) && !mutable(headBody(i)),
    why: ([i]) =>
      `${code(paramName(i))} turned immutable: existing workspaces keep the value they hold and their owners can no longer ` +
      "change it (a disk size that can no longer grow, a CPU count that is fixed).",
    todo: () => "Keep it `mutable = true`; immutability fits values that cannot change after creation.",
  },
  {
    id: "parameter-option-removed",
    on: "attribute",
    class: "breaks",
    match: (i) => isParameter(i) && at(i, "option") && removedOptions(i).length > 0,
    why: ([i]) =>
      `Option value(s) ${removedOptions(i).map(code).join(", ")} of ${code(paramName(i))} removed: a workspace that holds one fails ` +
      "its next build (\"is not a valid option\", coder provider v2.17.0 provider/parameter.go) until its owner picks another.",
    todo: () => "Keep the option (mark it in its name as deprecated), or ask the owners of such workspaces to switch first.",
  },
  {
    id: "parameter-monotonic-dropped",
    on: "attribute",
    class: "destroys",
    match: (i) =>
      isParameter(i) &&
      at(i, "validation.monotonic") &&
      monotonicOf(baseBody(i)) === "increasing" &&
      monotonicOf(headBody(i)) !== "increasing" &&
      claimsSizedBy(i.head, i.object.name).length > 0,
    why: ([i]) =>
      `\`monotonic = "increasing"\` is gone from ${code(paramName(i))}, which sizes ${claimsSizedBy(i.head, i.object.name).map(code).join(", ")}: ` +
      `users can now choose a smaller size, and a smaller storage request forces a new claim (${KUBERNETES_PROVIDER} ` +
      `${STATEFUL.kubernetes_persistent_volume_claim_v1.shrinkForcesNew!.source}): the volume is deleted.`,
    todo: () => "Keep `monotonic = \"increasing\"` on every parameter that sizes a volume.",
  },
  {
    id: "parameter-min-lowered",
    on: "attribute",
    class: "destroys",
    match: (i) =>
      isParameter(i) &&
      at(i, "validation.min") &&
      (num(i.attribute!.new) ?? -Infinity) < (num(i.attribute!.old) ?? -Infinity) &&
      monotonicOf(headBody(i)) !== "increasing" &&
      claimsSizedBy(i.head, i.object.name).length > 0,
    why: ([i]) =>
      `The minimum of ${code(paramName(i))} shrinks from ${i.attribute!.old} to ${i.attribute!.new ?? "none"} without ` +
      `\`monotonic = "increasing"\`: a user can choose a smaller size, and a smaller storage request forces a new claim ` +
      `(${claimsSizedBy(i.head, i.object.name).map(code).join(", ")}); the volume is deleted.`,
    todo: () => "Keep the minimum, or keep `monotonic = \"increasing\"` so no workspace can go below its current size.",
  },
  {
    id: "parameter-range-narrowed",
    on: "attribute",
    class: "breaks",
    match: (i) =>
      isParameter(i) &&
      ((at(i, "validation.min") && (num(i.attribute!.new) ?? -Infinity) > (num(i.attribute!.old) ?? -Infinity)) ||
        (at(i, "validation.max") && (num(i.attribute!.new) ?? Infinity) < (num(i.attribute!.old) ?? Infinity))),
    why: (inputs) =>
      `The allowed range of ${code(paramName(inputs[0]))} narrows (${inputs.map((i) => `${formatPath(pathOf(i))}: ${i.attribute!.old ?? "none"} → ` +
        `${i.attribute!.new ?? "none"}`).join(", ")}): a workspace that holds a value outside it fails its next build.`,
    todo: () => "Keep the range, or ask owners of such workspaces to change the value first.",
  },
  {
    id: "parameter-type",
    on: "attribute",
    class: "breaks",
    match: (i) => isParameter(i) && at(i, "type"),
    why: ([i]) => `${code(paramName(i))} changes type from ${i.attribute!.old ?? "string"} to ${i.attribute!.new ?? "string"}: values that existing workspaces hold may no longer parse.`,
    todo: () => "Add a new parameter with the new type instead.",
  },
  {
    id: "parameter-regex-tightened",
    on: "attribute",
    class: "breaks",
    match: (i) => isParameter(i) && at(i, "validation.regex") && parameterVerdict(i).kind !== "accepts",
    why: ([i]) =>
      `The regex of ${code(paramName(i))} changed: a workspace that holds a value it no longer matches fails its next build ` +
      `until its owner changes the value. ${tightened(parameterVerdict(i))}`,
    todo: () => "Keep the old regex, or widen the new one to accept every value workspaces may hold.",
  },
  {
    id: "parameter-regex-loosened",
    on: "attribute",
    class: "safe",
    match: (i) => isParameter(i) && at(i, "validation.regex"),
    why: ([i]) => `The regex of ${code(paramName(i))} changed. ${loosened(parameterVerdict(i))}`,
    todo: () => "Nothing.",
  },
  {
    id: "parameter-other",
    on: "attribute",
    class: "safe",
    match: isParameter,
    why: (inputs) =>
      `${paths(inputs)} of ${code(paramName(inputs[0]))}: existing workspaces keep the value they hold; defaults and texts apply to ` +
      "new choices only.",
    todo: () => "Nothing.",
  },
  {
    id: "variable-default-pod",
    on: "attribute",
    class: "restarts",
    match: (i) => i.object.kind === "variable" && at(i, "default") && podTemplatesUsing(i.head, `var.${i.object.name}`).length > 0,
    why: ([i]) =>
      `New default of ${code(`var.${i.object.name}`)}, which ${podTemplatesUsing(i.head, `var.${i.object.name}`).map(code).join(", ")} ` +
      `uses in its pod template. ${PUSHED_DEFAULTS} The pod changes: workspaces restart at their next start or update.`,
    todo: () => "Nothing; users see a restart when they update. Announce it if running workspaces must update soon.",
  },
  {
    id: "variable-default",
    on: "attribute",
    class: "safe",
    match: (i) => i.object.kind === "variable" && at(i, "default"),
    why: ([i]) => `New default of ${code(`var.${i.object.name}`)}, which no pod template uses directly. ${PUSHED_DEFAULTS}`,
    todo: () => "Nothing; check the objects that use it in this report.",
  },
  {
    id: "variable-validation-text",
    on: "attribute",
    class: "safe",
    match: (i) =>
      i.object.kind === "variable" &&
      at(i, "validation") &&
      pathOf(i)[pathOf(i).length - 1] === "error_message" &&
      i.attribute!.old !== undefined &&
      i.attribute!.new !== undefined,
    why: (inputs) => `${paths(inputs)} of ${code(`var.${inputs[0].object.name}`)}: only the message of a failed validation changed.`,
    todo: () => "Nothing.",
  },
  {
    id: "variable-validation-loosened",
    on: "attribute",
    class: "safe",
    match: (i) => i.object.kind === "variable" && at(i, "validation") && variableVerdict(i).kind === "accepts",
    why: (inputs) => `The validation of ${code(`var.${inputs[0].object.name}`)} changed. ${loosened(variableVerdict(inputs[0]))}`,
    todo: () => "Nothing; if Coder holds values pushed by hand (`coder templates push --variable`), check them against the new rule.",
  },
  {
    id: "variable-contract",
    on: "attribute",
    class: "breaks",
    match: (i) => i.object.kind === "variable" && (at(i, "type") || at(i, "validation") || at(i, "nullable")),
    why: (inputs) =>
      `${paths(inputs)} of ${code(`var.${inputs[0].object.name}`)} changed: a value Coder stored at an earlier push that does not ` +
      `fit the new rule fails every build of the template.${at(inputs[0], "validation") ? ` ${tightened(variableVerdict(inputs[0]))}` : ""}`,
    todo: () => "Check the values your templates were pushed with (`coder templates versions` / the push commands).",
  },
  {
    id: "provider-version-checked",
    on: "attribute",
    class: "safe",
    match: (i) => versionChange(i) !== undefined && checkedVersion(versionChange(i)!),
    why: (inputs) =>
      versionChanges(inputs)
        .map((v) => `${code(v.source)} in the ${v.where}: ${v.old ?? "(none)"} → ${v.new ?? "(none)"}. ` +
          (v.facts ? `Every build now runs ${v.facts}, the version this review's facts are read from.` : "No fact of this review depends on it."))
        .join(" "),
    todo: () => "Nothing.",
  },
  {
    id: "provider-version",
    on: "attribute",
    class: "breaks",
    match: (i) => versionChange(i) !== undefined,
    why: (inputs) => {
      const facts = versionChanges(inputs)
        .map((v) => `${code(v.source)} in the ${v.where}: ${v.old ?? "(none)"} → ${v.new ?? "(none)"}; each workspace's next build runs ` +
          `${v.exact ?? "the newest version this allows"}, while this review's facts are from ${v.facts}.`)
        .join(" ");
      return `${facts} A newer ` +
        "provider can mark another attribute ForceNew (a replaced home claim) without this review seeing it, and state " +
        "written by a newer provider may not go back to an older one.";
    },
    todo: (inputs) =>
      `Pin the exact version (${versionChanges(inputs).map((v) => code(v.facts!)).join(", ")}), or re-read the facts in lib/tools/review/provider-facts.ts for the new ` +
      "version, update them with the pin, and accept this change with `--accept breaks`.",
  },
  {
    // A lock made from a filesystem mirror (docs/platform.md) has no `zh:` hashes: those are the registry's zip
    // checksums, and `terraform init` verifies a package against any one hash of the entry, so the `h1:` ones suffice.
    id: "lock-hashes-zh-removed",
    on: "attribute",
    class: "safe",
    match: (i) => sameVersionHashesDropped(i) && droppedHashes(i).every((h) => h.startsWith("zh:")) && keptH1(i).length > 0,
    why: ([i]) =>
      `${droppedHashes(i).length} hash(es) of the same version left the lock file, only \`zh:\` hashes (registry zip ` +
      `checksums); the ${keptH1(i).length} \`h1:\` hash(es) for the platforms left still verify the packages at \`terraform init\`.`,
    todo: () => "Nothing, if the provisioners run on the platforms the `h1:` hashes cover (a mirror-made lock: linux_amd64 and linux_arm64).",
  },
  {
    id: "lock-hashes-removed",
    on: "attribute",
    class: "breaks",
    match: sameVersionHashesDropped,
    why: ([i]) =>
      `${droppedHashes(i).length} hash(es) of the same version left the lock file: \`terraform init\` checks the package it ` +
      "downloads against them, so a provisioner on a platform whose hash went fails every build.",
    todo: () => "Regenerate the lock file for every platform Coder's provisioners run on (`npm run lock`).",
  },
  {
    id: "lock-other",
    on: "attribute",
    class: "safe",
    match: (i) => i.object.kind === "lock",
    why: (inputs) => `${paths(inputs)} of the locked provider: hashes added or constraints recorded; the version is the same.`,
    todo: () => "Nothing.",
  },
  PLATFORM_ATTRIBUTE_FALLBACK,
  {
    id: "catch-all",
    on: "attribute",
    class: "safe",
    match: () => true,
    why: (inputs) => `${paths(inputs)}: no rule names this attribute; it is updated in place ${NEXT_BUILD}.`,
    todo: () => "Nothing.",
  },
];

/** Every rule: the platform stack's first (they match only its objects), then object rules, then attribute rules. */
export const RULES: readonly Rule[] = [...PLATFORM_RULES, ...OBJECT_RULES, ...ATTRIBUTE_RULES];

/** A change of a PersistentVolumeClaim's Longhorn recurring-job labels (one label, or the whole label map). */
function touchesLonghorn(i: RuleInput): boolean {
  if (!PVC_TYPES.includes(i.object.type) || !resource(i) || !at(i, "metadata.labels")) return false;
  const last = pathOf(i)[pathOf(i).length - 1];
  return last === "labels" || isRecurringJobLabel(String(last));
}

const PVC_TYPES = ["kubernetes_persistent_volume_claim_v1", "kubernetes_persistent_volume_claim"];

/** `group \`a\``, `groups \`a\`, \`b\``; a single job as `job \`x\``. */
function groupList(groups: readonly string[]): string {
  if (groups.length === 0) return "no group";
  const named = groups.map((g) => (g.startsWith("job:") ? `job ${code(g.slice(4))}` : code(g)));
  return `${groups.length === 1 && !groups[0].startsWith("job:") ? "group" : groups.every((g) => !g.startsWith("job:")) ? "groups" : "the jobs and groups"} ${named.join(", ")}`;
}

function droppedEntries(i: RuleInput): string[] {
  const now = ignoreEntries(i.attribute!.new);
  return ignoreEntries(i.attribute!.old).filter((e) => !now.includes(e));
}

function removedOptions(i: RuleInput): string[] {
  const now = optionValues(headBody(i));
  return [...optionValues(baseBody(i))].filter((v) => !now.has(v));
}

/** `spec.storage_class_name` → `spec[0].storage_class_name`: the form Terraform's ignore_changes takes. */
function terraformRef(dotted: string): string {
  const parts = dotted.split(".");
  // Every step but the last of these provider paths is a one-element block list (metadata, spec, resources).
  return parts.map((p, n) => (n < parts.length - 1 ? `${p}[0]` : p)).join(".");
}

function lineDelta(old: Json | undefined, now: Json | undefined): string {
  const a = String(old ?? "").split("\n");
  const b = String(now ?? "").split("\n");
  const setA = new Set(a);
  const setB = new Set(b);
  const added = b.filter((l) => !setA.has(l)).length;
  const removed = a.filter((l) => !setB.has(l)).length;
  return `${added} line${added === 1 ? "" : "s"} added, ${removed} removed`;
}


const text = (v: Json | undefined) => (typeof v === "string" ? [v] : typeof v === "number" || typeof v === "boolean" ? [String(v)] : []);

/** Old and new variable validations compared on the old default (the value every publish of this project passed). */
const variableVerdict = (i: RuleInput): Verdict =>
  compareValidations(variableRegexes(baseBody(i).validation), variableRegexes(headBody(i).validation), text(baseBody(i).default));

/** Old and new parameter regexes compared on the old default and options (values workspaces may hold). */
const parameterVerdict = (i: RuleInput): Verdict =>
  compareValidations(parameterRegexes(baseBody(i).validation), parameterRegexes(headBody(i).validation), [
    ...text(baseBody(i).default),
    ...optionValues(baseBody(i)),
  ]);

function tightened(v: Verdict): string {
  if (v.kind === "rejects") {
    return `The new rule rejects ${code(JSON.stringify(v.value))}, ${v.known ? "the old default" : "a value the old rule accepts"}.`;
  }
  if (v.kind === "added") return "There was no rule before: every value was accepted, now only some are.";
  return "The review cannot compare these conditions (it reads only `can(regex(...))` tests), so it assumes the worst.";
}

function loosened(v: Verdict): string {
  if (v.kind !== "accepts") return "";
  return v.samples === 0
    ? "There is no rule any more: every value is accepted."
    : `The new rule accepts all ${v.samples} values the old one accepted in a sample (the old default and strings generated ` +
        "from the old regex): it looks loosened. A sample is not a proof.";
}

function describeChange(i: RuleInput): string {
  return `${code(formatPath(pathOf(i)))}: ${JSON.stringify(i.attribute!.old ?? null)} → ${JSON.stringify(i.attribute!.new ?? null)}`;
}

function sameVersionHashesDropped(i: RuleInput): boolean {
  return i.object.kind === "lock" && at(i, "hashes") && droppedHashes(i).length > 0 && baseBody(i).version === headBody(i).version;
}

/** The `h1:` hashes the head's lock entry keeps. */
function keptH1(i: RuleInput): string[] {
  return (Array.isArray(headBody(i).hashes) ? headBody(i).hashes as Json[] : []).map(String).filter((h) => h.startsWith("h1:"));
}

function droppedHashes(i: RuleInput): string[] {
  const list = (v: Json | undefined) => (Array.isArray(v) ? v.map(String) : []);
  const now = list(headBody(i).hashes);
  return list(baseBody(i).hashes).filter((h) => !now.includes(h));
}

/** The exact version the head's required_providers pins for the lock entry's provider, if it pins one. */
function pinnedInHead(i: RuleInput): string | undefined {
  const terraform = i.head.objects.get("terraform")?.body;
  const providers = isObject(terraform) && isObject(terraform.required_providers) ? terraform.required_providers : {};
  const source = providerSource(i.object.name);
  const entry = Object.values(providers).find((p) => isObject(p) && typeof p.source === "string" && providerSource(p.source) === source);
  return isObject(entry) ? exactVersion(entry.version) : undefined;
}

/** The provider version changes of a finding's inputs, one per provider. */
function versionChanges(inputs: RuleInput[]): VersionChange[] {
  const bySource = new Map(inputs.map((i) => versionChange(i)!).map((v) => [v.source, v]));
  return [...bySource.values()];
}
