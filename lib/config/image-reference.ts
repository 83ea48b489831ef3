/**
 * Image references, validated against the distribution reference grammar (github.com/distribution/reference,
 * regexp.go and reference.go): `[host[:port]/]path[:tag][@digest]`, lower-case path components joined by `.`, `_`,
 * `__` or dashes, a tag of at most 128 word characters, dots and dashes, a digest `<algorithm>:<32+ hex digits>`.
 *
 * One regular expression decides what is valid, in TypeScript and in the template variables' Terraform validation
 * alike: it is built from the grammar's pieces below and uses only what RE2 (Terraform's regex) supports. The
 * diagnosis only explains a reference the expression refused, so the two cannot disagree on what passes.
 */

// The grammar's productions, as in distribution/reference's regexp.go.
const ALPHANUMERIC = "[a-z0-9]+";
const SEPARATOR = "(?:[._]|__|[-]+)";
const PATH_COMPONENT = `${ALPHANUMERIC}(?:${SEPARATOR}${ALPHANUMERIC})*`;
const DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
const DOMAIN_NAME = `${DOMAIN_COMPONENT}(?:[.]${DOMAIN_COMPONENT})*`;
const IPV6 = "\\[(?:[a-fA-F0-9:]+)\\]";
const DOMAIN = `(?:${DOMAIN_NAME}|${IPV6})(?::[0-9]+)?`;
const TAG = "[\\w][\\w.-]{0,127}";
const DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}";
const NAME = `(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
/** A release tag: a full `major.minor.patch` version, optionally with a variant suffix (`29.7.2-dind`). */
const RELEASE_TAG = "[0-9]+[.][0-9]+[.][0-9]+(?:-[\\w.-]+)?";

/** A whole image reference (`name[:tag][@digest]`); RE2-compatible, the Terraform variables' validation too. */
export const IMAGE_REFERENCE_RE = new RegExp(`^${NAME}(?::${TAG})?(?:@${DIGEST})?$`);
/** An image reference pinned to one release: a full version tag, or a digest. RE2-compatible. */
export const IMAGE_RELEASE_RE = new RegExp(`^(?:${NAME}:${RELEASE_TAG}(?:@${DIGEST})?|${NAME}(?::${TAG})?@${DIGEST})$`);
/** distribution/reference's NameTotalLengthMax: the name (without tag and digest) is at most this long. */
export const NAME_MAX_LENGTH = 255;

/**
 * The Terraform condition (HCL, inside `${...}`) that `expression` (e.g. `var.dind_image`) is valid under `re`
 * ({@link IMAGE_REFERENCE_RE} or {@link IMAGE_RELEASE_RE}), the name's length limit included: the expression only
 * uses RE2 and Terraform's own functions, so a push-time value meets the rule the config applies at synth time.
 */
export function terraformImageCondition(re: RegExp, expression: string): string {
  // The name is what is left without the digest and then the tag (what splitImageReference does).
  const name = `replace(replace(${expression}, "/@.*$/", ""), ${JSON.stringify(`/:${TAG}$/`)}, "")`;
  return `can(regex(${JSON.stringify(re.source)}, ${expression})) && length(${name}) <= ${NAME_MAX_LENGTH}`;
}

const whole = (re: string) => new RegExp(`^${re}$`);
const SHAPE = "an image reference is [registry[:port]/]name[:tag][@digest]";

/** The parts of a reference, split the way the grammar reads it (the last ':' after the last '/' starts the tag). */
export interface ImageReferenceParts {
  /** Everything before the tag and digest, registry included. */
  readonly name: string;
  /** The tag, without ':'; undefined when there is none. */
  readonly tag?: string;
  /** The digest, without '@'; undefined when there is none. */
  readonly digest?: string;
}

/** Splits `ref` into name, tag and digest without validating them. */
export function splitImageReference(ref: string): ImageReferenceParts {
  const at = ref.indexOf("@");
  const rest = at < 0 ? ref : ref.slice(0, at);
  const digest = at < 0 ? undefined : ref.slice(at + 1);
  const colon = rest.lastIndexOf(":");
  if (colon < 0 || colon < rest.lastIndexOf("/")) return { name: rest, digest };
  return { name: rest.slice(0, colon), tag: rest.slice(colon + 1), digest };
}

/**
 * What is wrong with `ref` as an image reference, as a clause after "it" (`has an empty tag ...`), or undefined when
 * it is valid.
 */
export function imageReferenceProblem(ref: string): string | undefined {
  if (IMAGE_REFERENCE_RE.test(ref) && splitImageReference(ref).name.length <= NAME_MAX_LENGTH) return undefined;
  return diagnose(ref) ?? `does not follow the grammar: ${SHAPE}`;
}

/**
 * What keeps `ref` from naming one exact release (a full version tag or a digest), or undefined when it does. A
 * reference that is not valid at all gets {@link imageReferenceProblem}'s answer. `exampleTag` is the release the
 * message shows as an example: the default image's tag of the setting (a node tag for a node image).
 */
export function imageReleaseProblem(ref: string, exampleTag: string): string | undefined {
  const problem = imageReferenceProblem(ref);
  if (problem) return problem;
  if (IMAGE_RELEASE_RE.test(ref)) return undefined;
  const { tag } = splitImageReference(ref);
  return tag === undefined
    ? "has neither tag nor digest, so every pull takes whatever :latest is that day"
    : `has the tag '${tag}', which is not an exact release (a full version such as ${exampleTag}) and moves with new releases`;
}

function diagnose(ref: string): string | undefined {
  if (ref === "") return "is empty";
  const odd = /[^A-Za-z0-9._:/@+[\]-]/.exec(ref);
  if (odd) return `contains ${JSON.stringify(odd[0])}, which no image reference holds (${SHAPE})`;
  if (ref.split("@").length > 2) return "has more than one '@': a reference holds at most one digest";
  const { name, tag, digest } = splitImageReference(ref);
  if (digest !== undefined && !whole(DIGEST).test(digest)) {
    return `has the digest '${digest}', which is not <algorithm>:<at least 32 hex digits> (e.g. sha256:<64 hex digits>)`;
  }
  const last = name.slice(name.lastIndexOf("/") + 1);
  if (last.includes(":") && !last.includes("]")) {
    return `has more than one ':' after its last '/' (${JSON.stringify(`${last}:${tag}`)}): ${SHAPE}, with one ':' before the tag`;
  }
  if (tag === "") return "has an empty tag (nothing after ':')";
  if (tag !== undefined && !whole(TAG).test(tag)) {
    return `has the tag '${tag}': a tag is 1 to 128 letters, digits, '_', '.' or '-', and does not start with '.' or '-'`;
  }
  if (name === "") return "has no name before its tag or digest";
  if (name.length > NAME_MAX_LENGTH) return `has a name of ${name.length} characters; at most ${NAME_MAX_LENGTH} are allowed`;
  const components = name.split("/");
  if (components.some((c) => c === "")) return "has an empty path component ('//', or a '/' at the start or end of the name)";
  const [first, ...others] = components;
  // Read as a registry the way Docker does: a first component with '.', ':' or capitals, or localhost.
  const registry = others.length > 0 && whole(DOMAIN).test(first) && (/[.:[A-Z]/.test(first) || first === "localhost");
  const path = registry ? others : components;
  if (path === components && others.length && !whole(PATH_COMPONENT).test(first) && (/[:.[\]]/.test(first) || /[A-Z]/.test(first))) {
    return `has the registry '${first}', which is not host[:port] (a host name or [IPv6 address], the port digits)`;
  }
  const repository = path.join("/");
  if (/[A-Z]/.test(repository)) return `has the repository name '${repository}' with upper-case letters; repository names must be lowercase`;
  const bad = path.find((c) => !whole(PATH_COMPONENT).test(c));
  if (bad !== undefined) {
    return `has the path component '${bad}': lower-case letters and digits, joined by one '.', one or two '_', or dashes`;
  }
  return undefined;
}
