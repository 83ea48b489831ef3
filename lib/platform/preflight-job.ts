/**
 * The preflight: a Job in the workspace namespace that runs the template's own Docker sidecar and start-up
 * verification on a fresh volume of the template's StorageClass, so that a cluster where Docker-on-Longhorn does not
 * work is found by `cdktf deploy`, not by the first developer. The sidecar and the script are derived from the
 * template's constructs (DockerSidecar, verificationScriptText), never copied.
 *
 * Completion: provider 2.38 cannot declare a native sidecar (init container with restartPolicy Always; provider
 * 3.0), so a long-running dockerd would keep the pod, and the Job, running forever. The check container writes its
 * exit status to a done file in the socket directory both containers share; the sidecar's wrapper
 * (lib/template/scripts/preflight-sidecar.sh) then stops dockerd and exits with that status, so the pod ends with the check's
 * verdict and `backoffLimit: 0` makes the Job fail with it.
 *
 * The volume is a generic ephemeral volume: Kubernetes creates its PVC with the pod and deletes it with the pod
 * (owner reference). Trade-off: the finished pod is kept so that `kubectl logs` can still show the check's message, and
 * with it the PVC (a small volume) stays until the Job is replaced, i.e. when the check changes or after a failure
 * (Terraform taints the failed Job and replaces it at the next deploy), or until `cdktf destroy platform`. A PVC as a
 * Terraform resource would live just as long and could not be deleted while the finished pod still holds it.
 */
import { createHash } from "crypto";
import { Construct } from "constructs";
import { ITerraformDependable, Token } from "cdktf";
import { DeploymentV1SpecTemplateSpecContainer } from "@cdktf/provider-kubernetes/lib/deployment-v1";
import { JobV1, JobV1SpecTemplateSpecContainer } from "@cdktf/provider-kubernetes/lib/job-v1";
import { ResolvedConfig } from "../config/config";
import { DockerSidecar } from "../template/docker-sidecar";
import { DEFAULT_VERIFICATION_LIMITS, verificationScriptText, verificationTimeoutSeconds } from "../template/docker-verification";
import { dockerVolumeMount } from "../template/docker-volume";
import { embedScript } from "../template/embedded-script";
import { preflightNotHashable } from "../config/errors";
import { workspaceNodeSelector } from "../template/workspace-deployment";
import { PLATFORM_LABELS } from "./platform-labels";

/** Props of {@link PreflightJob}. */
export interface PreflightJobProps {
  /** The devpod config: images, paths, socket, user, wait. @default - none, required */
  readonly config: ResolvedConfig;
  /** The workspace namespace (a reference, so that the Job waits for it). @default - none, required */
  readonly namespace: string;
  /** What must exist before the pod can start (the StorageClass when the platform creates it). @default [] */
  readonly dependsOn?: ITerraformDependable[];
  /** Size of the preflight's volume in GiB; the smoke build needs a few MiB. @default 2 */
  readonly diskGiB?: number;
  /** Seconds dockerd gets to stop after the check before it is killed. @default 30 */
  readonly stopSeconds?: number;
  /** Seconds for scheduling, volume provisioning and image pulls before the containers run. @default 600 */
  readonly startupSlackSeconds?: number;
  /** CPU limit of the sidecar, in cores. @default "2" */
  readonly cpuLimit?: string;
  /** Memory limit of the sidecar, in GiB. @default "4" */
  readonly memoryLimitGiB?: string;
}

/** The docker:dind image's ENTRYPOINT; the sidecar runs it when the template sets no command of its own. */
export const DIND_ENTRYPOINT = "dockerd-entrypoint.sh";
/** Name of the check container: `kubectl logs job/<name> -c check`. */
export const CHECK_CONTAINER = "check";
/**
 * How long Terraform waits for the Job to go. The provider deletes it in the foreground (v2.38.0 options_helpers.go),
 * so the Job stays until its pod is gone, and the pod until its ephemeral claim is (the claim's owner reference blocks
 * it): a pod stop with dockerd's grace period plus a Longhorn detach and delete. The provider's default is 1m.
 */
export const PREFLIGHT_DELETE_TIMEOUT = "5m";
/** `app.kubernetes.io/name` of the Job, its pod and its claims. */
const PREFLIGHT_NAME = "devpod-preflight";
/** The done file's name in the socket directory. */
const DONE_FILE = "devpod-preflight-done";

/**
 * The template's sidecar container, whole, under lib/template/scripts/preflight-sidecar.sh: the wrapper gets the container's
 * own argv as its arguments (its command, or the image entrypoint when it sets none, then its args) and ends when the
 * check has left its status in `doneFile`.
 */
export function exitingSidecar(
  container: DeploymentV1SpecTemplateSpecContainer,
  doneFile: string,
  stopSeconds: number,
): JobV1SpecTemplateSpecContainer {
  return {
    ...container,
    command: [
      "sh",
      "-c",
      embedScript("preflight-sidecar.sh", { DEVPOD_DONE_FILE: doneFile, DEVPOD_STOP_SECONDS: stopSeconds }),
      "devpod-preflight-sidecar",
    ],
    args: [...(container.command ?? [DIND_ENTRYPOINT]), ...(container.args ?? [])],
  };
}

/** `kubernetes_job_v1.preflight`. */
export class PreflightJob extends Construct {
  /** The Job. */
  readonly job: JobV1;
  /** Its name: `devpod-preflight-<hash of its containers and volume>`, so that a changed check runs again. */
  readonly jobName: string;
  /** The command that shows the check's message. */
  readonly logsCommand: string;
  /**
   * The command that shows why the pod's volumes are not bound, when the Job's pod stays Pending: the class cannot
   * provision them (e.g. ReadWriteOncePod before Longhorn 1.11: "access mode ... is not supported").
   */
  readonly volumeCommand: string;
  /** Kubernetes' deadline for the Job; Terraform waits a minute longer, so Kubernetes' verdict comes first. */
  readonly activeDeadlineSeconds: number;

  constructor(scope: Construct, id: string, props: PreflightJobProps) {
    super(scope, id);
    const { config } = props;
    const stopSeconds = props.stopSeconds ?? 30;
    const doneFile = `${config.dockerSocketDir}/${DONE_FILE}`;
    const homeVolume = "home";
    const home = { mount: () => ({ name: homeVolume, mountPath: config.homePath }) };

    const diskGiB = props.diskGiB ?? 2;
    // dockerVolume separate: the data root on a second volume of the same class, mounted as the template mounts it.
    const dataVolume = config.dockerVolume === "separate" ? dockerVolumeMount(config) : undefined;
    const docker = new DockerSidecar(this, "docker", {
      config,
      home,
      dockerVolume: dataVolume && { mount: () => dataVolume },
      dataDiskGiB: String(diskGiB),
      image: config.dindImage,
      cpuLimit: props.cpuLimit ?? "2",
      memoryLimit: `${props.memoryLimitGiB ?? "4"}Gi`,
    });
    const sidecar = exitingSidecar(docker.container, doneFile, stopSeconds);
    const uid = String(config.workspaceUid);
    const gid = String(config.workspaceGid);
    const check: JobV1SpecTemplateSpecContainer = {
      name: CHECK_CONTAINER,
      image: config.workspaceImage,
      imagePullPolicy: "IfNotPresent",
      command: [
        "sh",
        "-c",
        embedScript("preflight-check.sh", { DEVPOD_DONE_FILE: doneFile }),
        "devpod-preflight-check",
        verificationScriptText(config, config.verifyBaseImage, DEFAULT_VERIFICATION_LIMITS),
      ],
      env: [{ name: "HOME", value: config.homePath }],
      // As the workspace container: the script must prove that the workspace user can use the socket and the volume.
      securityContext: { runAsUser: uid, runAsGroup: gid, runAsNonRoot: true, allowPrivilegeEscalation: false },
      resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "1", memory: "512Mi" } },
      volumeMount: [home.mount(), docker.socketMount()],
      // The script's last lines are its verdict; `kubectl describe` shows them too.
      terminationMessagePolicy: "FallbackToLogsOnError",
    };
    const volumeSpec = {
      // The workspaces' access mode: a ReadWriteOncePod volume gets no fsGroup before Kubernetes 1.32, and the check
      // must meet the home the workspaces will get.
      accessModes: [config.accessMode],
      storageClassName: config.storageClass,
      resources: { requests: { storage: `${diskGiB}Gi` } },
    };
    const containers = [sidecar, check];
    const nodeSelector = workspaceNodeSelector(config);

    // The name carries a hash of everything the check runs: args, scripts, images, the volume's class and size, nodes.
    const hashed = JSON.stringify({ containers, volumeSpec, nodeSelector });
    if (Token.isUnresolved(hashed)) throw preflightNotHashable();
    this.jobName = `devpod-preflight-${createHash("sha256").update(hashed).digest("hex").slice(0, 10)}`;
    this.logsCommand = `kubectl -n ${config.namespace} logs job/${this.jobName} -c ${CHECK_CONTAINER}`;
    const scriptSeconds = verificationTimeoutSeconds(
      config.dockerReadyTimeoutSeconds,
      DEFAULT_VERIFICATION_LIMITS.pullSeconds,
      DEFAULT_VERIFICATION_LIMITS.buildSeconds,
    );
    this.activeDeadlineSeconds = scriptSeconds + stopSeconds + (props.startupSlackSeconds ?? 600);
    const terraformWait = `${this.activeDeadlineSeconds + 60}s`;
    const labels = { ...PLATFORM_LABELS, "app.kubernetes.io/name": PREFLIGHT_NAME };
    // The ephemeral claims carry the same labels (their volumeClaimTemplate's metadata).
    this.volumeCommand = `kubectl -n ${config.namespace} describe pvc -l app.kubernetes.io/name=${PREFLIGHT_NAME}`;

    this.job = new JobV1(this, "job", {
      dependsOn: props.dependsOn,
      metadata: {
        name: this.jobName,
        namespace: props.namespace,
        labels,
        // Shown in the plan and by `kubectl describe`: where the verdict is when the Job fails.
        annotations: { "devpod.coder.com/read-the-check": this.logsCommand, "devpod.coder.com/if-pending": this.volumeCommand },
      },
      spec: {
        // One run: a failed check is a finding, not a flake to retry.
        backoffLimit: 0,
        activeDeadlineSeconds: this.activeDeadlineSeconds,
        template: {
          metadata: { labels },
          spec: {
            restartPolicy: "Never",
            automountServiceAccountToken: false,
            // Where the workspaces run: the check proves those nodes' kernel, storage and image architecture.
            nodeSelector,
            securityContext: { fsGroup: gid, fsGroupChangePolicy: "OnRootMismatch" },
            container: containers,
            volume: [
              { name: homeVolume, ephemeral: { volumeClaimTemplate: { metadata: { labels }, spec: volumeSpec } } },
              ...(dataVolume ? [{ name: dataVolume.name, ephemeral: { volumeClaimTemplate: { metadata: { labels }, spec: volumeSpec } } }] : []),
              docker.socketVolume,
            ],
          },
        },
      },
      waitForCompletion: true,
      timeouts: { create: terraformWait, update: terraformWait, delete: PREFLIGHT_DELETE_TIMEOUT },
    });
    this.job.overrideLogicalId("preflight");
  }
}
