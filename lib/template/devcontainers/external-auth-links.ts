/**
 * The external-auth accounts a workspace's clone needs: one `data "coder_external_auth"` per provider id of
 * devcontainers.externalAuth. Coder asks the user to link each one on the create form before the first build
 * (not optional), so the clone's askpass finds a token instead of waiting for a link in the middle of the start.
 */
import { Construct } from "constructs";
import { DataCoderExternalAuth } from "../../providers/gen/providers/coder/data-coder-external-auth";

/** Props of {@link ExternalAuthLinks}. */
export interface ExternalAuthLinksProps {
  /** Provider ids (devcontainers.externalAuth). @default - none, required */
  readonly providers: readonly string[];
}

/** `data.coder_external_auth.<id>` for each provider. */
export class ExternalAuthLinks extends Construct {
  /** The data sources, in the config's order. */
  readonly links: DataCoderExternalAuth[];

  constructor(scope: Construct, id: string, props: ExternalAuthLinksProps) {
    super(scope, id);
    this.links = props.providers.map((provider) => {
      const link = new DataCoderExternalAuth(this, provider, { id: provider });
      link.overrideLogicalId(provider);
      return link;
    });
  }
}
