/**
 * What publishing the template needs without building it: its stack id (the `cdktf.out/stacks/<id>` directory that is
 * pushed), the id of the platform stack that publishes it, and the value of every template variable. No cdktf here, so
 * `npm run push` starts without loading the stack, and main.ts can name both stacks before it loads them.
 */
import { ResolvedConfig } from "../config/config";

/** The stack id: `cdktf.out/stacks/<id>` is the directory pushed to Coder. */
export const DEVPOD_STACK_ID = "devpod";

/** The platform stack's id: `cdktf deploy platform`, working directory `cdktf.out/stacks/platform`. */
export const PLATFORM_STACK_ID = "platform";

/** A template variable's name and the value a push passes for it. */
export interface TemplateVariableValue {
  readonly name: string;
  readonly value: string;
}

/**
 * Every variable the template declares (lib/template/template-variables.ts), with the value derived from the config:
 * the one list that both the platform stack's `tf_vars` and `npm run push`'s `--variable` flags pass in full, because
 * Coder keeps the values of a template's first push otherwise. A test checks that the list matches the declarations.
 */
export function templateVariableValues(config: ResolvedConfig): TemplateVariableValue[] {
  return [
    { name: "namespace", value: config.namespace },
    { name: "use_kubeconfig", value: String(config.useKubeconfig) },
    { name: "workspace_image", value: config.workspaceImage },
    { name: "dind_image", value: config.dindImage },
    { name: "verify_base_image", value: config.verifyBaseImage },
  ];
}
