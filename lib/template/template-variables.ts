/**
 * The template's Terraform variables: what a platform team sets per deployment at `coder templates push` time
 * (`--variable namespace=...`). Their defaults come from the devpod config.
 */
import { Construct } from "constructs";
import { TerraformVariable } from "cdktf";
import { DNS_LABEL_RE, ResolvedConfig } from "../config/config";
import { IMAGE_REFERENCE_RE, IMAGE_RELEASE_RE, terraformImageCondition } from "../config/image-reference";

/** Props of {@link TemplateVariables}. */
export interface TemplateVariablesProps {
  /** The devpod config; supplies every default. @default - none, required */
  readonly config: ResolvedConfig;
}

// Push-time values get the same rules as the config: they end up in shell scripts and pod specs.
const matches = (re: RegExp, name: string) => `\${can(regex(${JSON.stringify(re.source)}, var.${name}))}`;

/** Declares the variables and exposes them; their Terraform names are pinned (they are the push-time API). */
export class TemplateVariables extends Construct {
  /** Namespace the workspace objects are created in. */
  readonly namespace: TerraformVariable;
  /** Use ~/.kube/config instead of the in-cluster service account (Coder running outside the cluster). */
  readonly useKubeconfig: TerraformVariable;
  /** Image of the workspace container. */
  readonly workspaceImage: TerraformVariable;
  /** Image of the Docker sidecar. */
  readonly dindImage: TerraformVariable;
  /** Base image of the startup smoke build. */
  readonly verifyBaseImage: TerraformVariable;

  constructor(scope: Construct, id: string, props: TemplateVariablesProps) {
    super(scope, id);
    const { config } = props;
    this.namespace = this.variable("namespace", {
      type: "string",
      default: config.namespace,
      description: "Kubernetes namespace of the workspaces. It must allow privileged pods (Pod Security 'privileged').",
      validation: [
        {
          condition: matches(DNS_LABEL_RE, "namespace"),
          errorMessage: "namespace must be a DNS-1123 label, e.g. coder-workspaces.",
        },
      ],
    });
    this.useKubeconfig = this.variable("use_kubeconfig", {
      type: "bool",
      default: config.useKubeconfig,
      description: "Use ~/.kube/config of the Coder host instead of the in-cluster service account.",
    });
    this.workspaceImage = this.image("workspace_image", config.workspaceImage, "Workspace container image; it needs the docker CLI.");
    this.dindImage = this.image(
      "dind_image",
      config.dindImage,
      "Docker-in-Docker sidecar image, one exact release (docker:29.7.2-dind, a mirror's copy of it, or a digest).",
      IMAGE_RELEASE_RE,
      "dind_image must name one exact release: a full version tag (e.g. docker:29.7.2-dind) or a digest (@sha256:...).",
    );
    this.verifyBaseImage = this.image(
      "verify_base_image",
      config.verifyBaseImage,
      "Base image of the startup smoke build; air-gapped clusters set their mirror here.",
    );
  }

  // The same expressions as the config's validation (lib/config/image-reference.ts), so a push-time value meets the same rule.
  private image(
    name: string,
    fallback: string,
    description: string,
    re: RegExp = IMAGE_REFERENCE_RE,
    errorMessage = `${name} must be an image reference: [registry[:port]/]name[:tag][@digest], lower-case name.`,
  ): TerraformVariable {
    return this.variable(name, { type: "string", default: fallback, description, validation: [{ condition: `\${${terraformImageCondition(re, `var.${name}`)}}`, errorMessage }] });
  }

  private variable(name: string, config: ConstructorParameters<typeof TerraformVariable>[2]): TerraformVariable {
    const v = new TerraformVariable(this, name, config);
    v.overrideLogicalId(name);
    return v;
  }
}
