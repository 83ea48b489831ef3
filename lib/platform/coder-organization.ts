/**
 * The Coder organization of the template (`platform.organization`), resolved by the coderd provider at plan time:
 * `data.coderd_organization.devpod`. Its id is the template's `organization_id`, so create, update and import all
 * name the same organization.
 *
 * `default` is read with `is_default = true`, not by name: coderd resolves the name `default` to the default
 * organization, whose real name differs (`coder` on a new deployment), and the data source's by-name lookup then fails
 * its own check (v0.0.23 organization_data_source.go, Read: "Organization name ... does not match requested name").
 */
import { Construct } from "constructs";
import { DataCoderdOrganization } from "../providers/gen/providers/coderd/data-coderd-organization";

/** The config value that means the deployment's default organization. */
export const DEFAULT_ORGANIZATION = "default";

/** Props of {@link CoderOrganization}. */
export interface CoderOrganizationProps {
  /** The organization's name, or `default` for the deployment's default organization. @default - none, required */
  readonly name: string;
}

/** `data.coderd_organization.devpod`. */
export class CoderOrganization extends Construct {
  /** The data source. */
  readonly organization: DataCoderdOrganization;

  constructor(scope: Construct, id: string, props: CoderOrganizationProps) {
    super(scope, id);
    this.organization = new DataCoderdOrganization(
      this,
      "organization",
      props.name === DEFAULT_ORGANIZATION ? { isDefault: true } : { name: props.name },
    );
    this.organization.overrideLogicalId("devpod");
  }
}
