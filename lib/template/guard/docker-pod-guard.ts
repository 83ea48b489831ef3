/**
 * A synth-time guard over every pod of every stack: a container that runs dockerd must keep its data root on a
 * PersistentVolumeClaim mounted in that container, pin its storage driver and listen on no TCP address. Otherwise
 * synth fails, naming the stack, the resource, the container and the fix, and writes nothing (main.ts).
 *
 * Why: a data root on the container's overlayfs root is nested overlay (dockerd falls back to vfs or builds fail with
 * 'invalid argument') and vanishes with the pod; an unpinned driver turns that into a silent vfs fallback; a tcp://
 * host is an unauthenticated Docker API (root on the node, the container being privileged) for the pod network.
 */
import { IAspect, Aspects, TerraformResource, TerraformStack } from "cdktf";
import { Construct, IConstruct } from "constructs";
import { resolveConfig } from "../../config/config";
import { dockerPodGuardFailure } from "../../config/errors";

/** A container as Terraform sees it (snake_case, after toTerraform()). */
interface ContainerJson {
  readonly name?: string;
  readonly image?: string;
  readonly command?: string[];
  readonly args?: string[];
  readonly volume_mount?: { name?: string; mount_path?: string }[] | { name?: string; mount_path?: string };
}

// dockerd, a path ending in /dockerd, or the docker:dind entrypoint (which execs dockerd).
const DOCKERD_ARGV = /(^|\/)(dockerd|dockerd-entrypoint\.sh)$/;
/** A shell line that starts with dockerd as its command (possibly after `exec`, with a path); not a mention in text. */
const SHELL_DOCKERD = /^\s*(exec\s+)?(\S*\/)?dockerd(\s|$)/m;

/** Checks every pod template and pod of the stacks it visits; see {@link guardDockerPods}. */
export class DockerPodGuard implements IAspect {
  /** @param dockerHost the unix socket the fix messages suggest (the config's `dockerHost`) */
  constructor(private readonly dockerHost: string) {}

  visit(node: IConstruct): void {
    if (!(node instanceof TerraformResource)) return;
    const json = (node as unknown as { toTerraform(): Record<string, any> }).toTerraform();
    const byType = json.resource?.[node.terraformResourceType];
    if (!byType) return;
    for (const [name, config] of Object.entries(byType)) {
      for (const pod of podSpecs(config)) checkPod(node, `${node.terraformResourceType}.${name}`, pod, this.dockerHost);
    }
  }
}

/**
 * Adds the guard to every stack under `app` and runs it at once, so that a bad pod stops synth before any stack is
 * written. Call it after all stacks are built. It throws the DevpodGuardError of the first resource that fails.
 */
export function guardDockerPods(app: Construct): void {
  const guard = new DockerPodGuard(resolveConfig(app.node.tryGetContext("devpod")).dockerHost);
  for (const stack of app.node.findAll().filter((c): c is TerraformStack => TerraformStack.isStack(c))) {
    Aspects.of(stack).add(guard); // cdktf runs aspects of the stack, not of the App, at each stack's synthesis
    for (const construct of stack.node.findAll()) guard.visit(construct);
  }
}

/** Every pod spec in a resource's config: an object whose `container` list holds containers (Deployment, Job, Pod,
 * StatefulSet, DaemonSet, CronJob templates alike). */
function podSpecs(value: unknown): Record<string, any>[] {
  if (Array.isArray(value)) return value.flatMap(podSpecs);
  if (!value || typeof value !== "object") return [];
  const obj = value as Record<string, any>;
  const own = obj.container !== undefined && typeof obj.container === "object" ? [obj] : [];
  return [...own, ...Object.entries(obj).filter(([k]) => k !== "container" && k !== "init_container").flatMap(([, v]) => podSpecs(v))];
}

const list = <T>(v: T[] | T | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function checkPod(resource: TerraformResource, address: string, pod: Record<string, any>, dockerHost: string): void {
  const pvcVolumes = new Set(
    list<Record<string, any>>(pod.volume)
      // A claim, or a generic ephemeral volume (Kubernetes creates a PVC from its template; the preflight Job uses one).
      .filter((v) => v.persistent_volume_claim !== undefined || v.ephemeral?.volume_claim_template !== undefined)
      .map((v) => v.name as string),
  );
  for (const c of [...list<ContainerJson>(pod.container), ...list<ContainerJson>(pod.init_container)]) {
    const argv = [...(c.command ?? []), ...(c.args ?? [])].map(String);
    // A dind image without a command runs its entrypoint, i.e. dockerd.
    const dindDefault = !c.command?.length && typeof c.image === "string" && /dind/.test(c.image);
    const direct = argv.some((a) => DOCKERD_ARGV.test(a));
    // dockerd started by a shell line (`sh -c "exec dockerd --host=..."`): its words are the flags to check. Only when
    // no argument is dockerd itself, so that a script text beside a direct argv (dind-start's) is not read as flags.
    const shellLine = direct ? undefined : argv.find((a) => SHELL_DOCKERD.test(a));
    if (!dindDefault && !direct && !shellLine) continue;
    const problems = problemsOf(c, shellLine ? [...argv, ...shellLine.split(/\s+/)] : argv, pvcVolumes, dockerHost);
    if (problems.length) {
      const stack = TerraformStack.of(resource).node.id;
      throw dockerPodGuardFailure(stack, address, resource.node.path, c.name ?? "<unnamed>", problems);
    }
  }
}

/** What is wrong with a dockerd container, each with its fix. */
function problemsOf(c: ContainerJson, argv: string[], pvcVolumes: Set<string>, dockerHost: string): string[] {
  const problems: string[] = [];
  const flag = (long: string, short?: string): string | undefined => {
    for (let i = 0; i < argv.length; i++) {
      if (argv[i].startsWith(`${long}=`)) return argv[i].slice(long.length + 1);
      if (argv[i] === long || (short && argv[i] === short)) return argv[i + 1];
    }
    return undefined;
  };
  const mounts = list(c.volume_mount).map((m) => ({ path: m.mount_path ?? "", pvc: pvcVolumes.has(m.name ?? "") }));
  const pvcMounts = mounts.filter((m) => m.pvc).map((m) => m.path);
  const dataRoot = flag("--data-root", "-g");
  const example = pvcMounts.length ? `${pvcMounts[0].replace(/\/$/, "")}/.docker-data` : "<PVC mount path>/.docker-data";
  if (dataRoot === undefined) {
    problems.push(
      `no --data-root: dockerd keeps its data in /var/lib/docker on the container's overlayfs root (nested overlay, lost with the pod); fix: pass --data-root=${example}` +
        (pvcMounts.length ? "" : " and mount a PersistentVolumeClaim in this container"),
    );
  } else if (!pvcMounts.some((p) => dataRoot === p || dataRoot.startsWith(p.replace(/\/$/, "") + "/"))) {
    const where = mounts.length ? mounts.map((m) => `${m.path} (${m.pvc ? "PVC" : "not a PVC"})`).join(", ") : "none";
    problems.push(
      `--data-root=${dataRoot} is not on a PersistentVolumeClaim mounted in this container (its mounts: ${where}); fix: ` +
        (pvcMounts.length ? `use --data-root=${example}` : "mount the workspace's PVC in this container and put --data-root below it"),
    );
  }
  const driver = flag("--storage-driver", "-s");
  if (!driver) {
    problems.push("no --storage-driver: dockerd would silently fall back to vfs on a bad mount; fix: pass --storage-driver=overlay2");
  }
  const tcp = argv.find((a) => a.includes("tcp://"));
  if (tcp !== undefined) {
    problems.push(`it listens on TCP (${tcp.length > 80 ? "an argument contains tcp://" : tcp}): an unauthenticated Docker API for the pod network; fix: listen only on a unix socket (--host=${dockerHost})`);
  } else if (!c.command?.length && (c.args?.[0] ?? "-").startsWith("-")) {
    problems.push("the image's docker:dind entrypoint adds --host=tcp://0.0.0.0:2375/2376 when the first argument is not dockerd; fix: make `dockerd` the first argument");
  }
  return problems;
}
