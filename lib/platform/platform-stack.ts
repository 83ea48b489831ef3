/**
 * The platform stack (`cdktf deploy platform`): readies the cluster for devpod workspaces, proves Docker-on-Longhorn
 * there with the template's own sidecar and script, and only then publishes the synthesized template to Coder.
 * Unlike the template stack it is applied by cdktf itself, so its state lives in a durable, shared place.
 */
import * as path from "path";
import { Construct } from "constructs";
import { App, LocalBackend, TerraformOutput, TerraformStack } from "cdktf";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { CoderdProvider } from "../providers/gen/providers/coderd/provider";
import { BackupRecurringJobs } from "./recurring-jobs";
import { ResolvedConfig, resolveConfig } from "../config/config";
import { pinProviders } from "../providers/provider-versions";
import { DEVPOD_STACK_ID, PLATFORM_STACK_ID, templateVariableValues } from "../template/published-template";
import { CoderOrganization } from "./coder-organization";
import { CoderTemplate } from "./coder-template";
import { writeImportBlocks } from "./import-block";
import { KubernetesBackend } from "./kubernetes-backend";
import { LONGHORN_NEEDS, LonghornNeed, LonghornVersion } from "./longhorn-version";
import { PreflightJob } from "./preflight-job";
import { ProvisionerRbac } from "./provisioner-rbac";
import { DockerStorageClass } from "./storage-class";
import { WorkspaceNamespace } from "./workspace-namespace";

/** Props of {@link PlatformStack}. */
export interface PlatformStackProps {
  /** The resolved devpod config, with its platform section. @default - none, required */
  readonly config: ResolvedConfig;
  /** The git commit named in the template version's message. @default - the project's HEAD (12 digits), if any */
  readonly gitCommit?: string;
}

/**
 * From the platform stack's working directory (`<outdir>/stacks/platform`) to the project root (where npm and cdktf
 * run), as a relative path: `../../..` for the default `cdktf.out`, and right for a CDKTF_OUTDIR or an `output` in
 * cdktf.json too. Never absolute: the synthesized stack must not name a directory of the synth machine.
 */
function projectRootFromStack(app: App | Construct): string {
  const outdir = App.of(app).outdir;
  return path.relative(path.resolve(outdir, "stacks", PLATFORM_STACK_ID), process.cwd()) || ".";
}

/** `cdktf deploy platform`. */
export class PlatformStack extends TerraformStack {
  /** Builds the stack from `app`'s context (cdktf.json → context.devpod); throws a DevpodConfigError on bad config. */
  static fromContext(app: App, props: Omit<PlatformStackProps, "config"> = {}): PlatformStack {
    return new PlatformStack(app, PLATFORM_STACK_ID, { ...props, config: resolveConfig(app.node.tryGetContext("devpod")) });
  }

  /** The workspace namespace. */
  readonly namespace: WorkspaceNamespace;
  /** The StorageClass, when the platform creates it. */
  readonly storageClass?: DockerStorageClass;
  /** The provisioner's Role and RoleBinding. */
  readonly rbac: ProvisionerRbac;
  /** The preflight Job. */
  readonly preflight: PreflightJob;
  /** The template in Coder. */
  readonly template: CoderTemplate;
  /** The template's organization in Coder. */
  readonly organization: CoderOrganization;
  /** Longhorn's version, checked at plan time, when the config needs a minimum (backups, ReadWriteOncePod). */
  readonly longhornVersion?: LonghornVersion;
  /** Longhorn's recurring jobs of the homes' backup group, when backups are enabled (Longhorn must be installed). */
  readonly backups?: BackupRecurringJobs;

  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id);
    const { config } = props;
    const { platform } = config;

    if (platform.state.backend === "kubernetes") {
      new KubernetesBackend(this, { secretSuffix: platform.state.secretSuffix, namespace: platform.state.namespace });
    } else {
      // Relative to the stack's working directory: never an absolute path of the machine that ran synth.
      new LocalBackend(this, { path: path.posix.join(projectRootFromStack(this), platform.state.path) });
    }

    // Credentials from the environment (KUBE_CONFIG_PATH or in-cluster; CODER_URL, CODER_SESSION_TOKEN): none in here.
    new KubernetesProvider(this, "kubernetes", {});
    new CoderdProvider(this, "coderd", {});
    pinProviders(this, ["coderd", "kubernetes"]);
    // Import blocks (platform.import.*) arrived in Terraform 1.5; older versions fail on them with a parse error.
    this.addOverride("terraform.required_version", ">= 1.5");

    const needs: LonghornNeed[] = [
      ...(config.backups.enabled ? [LONGHORN_NEEDS.backups] : []),
      ...(config.accessMode === "ReadWriteOncePod" ? [LONGHORN_NEEDS.readWriteOncePod] : []),
    ];
    if (needs.length > 0) this.longhornVersion = new LonghornVersion(this, "longhorn-version", { namespace: config.backups.namespace, needs });

    this.namespace = new WorkspaceNamespace(this, "namespace", {
      name: config.namespace,
      isolation: config.isolation,
      adopt: platform.import.namespace,
    });
    if (platform.storageClass.enabled) {
      this.storageClass = new DockerStorageClass(this, "storage-class", { config: platform.storageClass });
    }
    this.rbac = new ProvisionerRbac(this, "rbac", { namespace: this.namespace.name, provisioner: platform.provisioner });
    this.preflight = new PreflightJob(this, "preflight", {
      config,
      namespace: this.namespace.name,
      dependsOn: this.storageClass ? [this.storageClass.storageClass] : [],
    });
    this.organization = new CoderOrganization(this, "organization", { name: platform.organization });
    this.template = new CoderTemplate(this, "template", {
      name: platform.templateName,
      directory: `../${DEVPOD_STACK_ID}`,
      variables: templateVariableValues(config),
      dependsOn: [this.preflight.job, this.rbac.binding],
      gitCommit: props.gitCommit,
      settings: platform.template,
      organizationId: this.organization.organization.id,
      importId: platform.import.template ? `${platform.organization}/${platform.templateName}` : undefined,
    });

    if (config.backups.enabled) this.backups = new BackupRecurringJobs(this, "backups", { config: config.backups });
    writeImportBlocks(this, [this.namespace.importBlock, this.template.importBlock]);

    new TerraformOutput(this, "preflight_logs", {
      description: "The preflight check's message (on failure, `cdktf deploy` names this Job)",
      value: this.preflight.logsCommand,
    });
    new TerraformOutput(this, "preflight_volume", {
      description: "If the preflight's pod stays Pending: why its volume is not bound (ReadWriteOncePod needs Longhorn >= 1.11)",
      value: this.preflight.volumeCommand,
    });
  }
}
