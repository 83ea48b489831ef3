// Image references against the distribution reference grammar: what the grammar accepts passes, what it refuses gets a
// line naming what is wrong, dindImage must be one exact release, and the template variables' Terraform validation
// (RE2, run by the real terraform binary) accepts exactly what the config accepts.
import { resolveConfig } from "../../lib/config/config";
import { IMAGE_REFERENCE_RE, IMAGE_RELEASE_RE, imageReferenceProblem, imageReleaseProblem } from "../../lib/config/image-reference";
import { synthDevpod } from "../helpers";
import { renderWithTerraform, terraformUnavailable } from "../terraform";
import { requireOrSkip } from "../dind/environment";

const HEX64 = "0123456789abcdef".repeat(4);

/** Valid per the grammar (distribution/reference's reference_test.go cases among them). */
const VALID = [
  "docker",
  "docker:29.7.2-dind",
  "codercom/enterprise-base:ubuntu",
  "alpine:3.20",
  "library/alpine:latest",
  "registry.example.com/team/alpine:3.20",
  "localhost/alpine",
  "localhost:5000/alpine:3.20",
  "registry.example.com:5000/a/b/c:v1",
  "[::1]:5000/alpine:3.20",
  "Registry.Example.COM/alpine", // the registry host may have capitals; the repository may not
  "a__b--c.d_e/f",
  `alpine@sha256:${HEX64}`,
  `alpine:3.20@sha256:${HEX64}`,
  "alpine:_tag",
  `alpine:${"t".repeat(128)}`,
  `${"a".repeat(250)}/bcde:${"t".repeat(128)}@sha256:${HEX64}`, // a name of 255 characters, the most allowed
  "localhost:5000", // the name "localhost" with the tag "5000"
];

/** Invalid, each with the clause the config's message carries. */
const INVALID: [string, string][] = [
  ["docker::29", `has more than one ':' after its last '/' ("docker::29")`],
  ["Docker:latest", "has the repository name 'Docker' with upper-case letters; repository names must be lowercase"],
  ["team/Alpine", "has the repository name 'team/Alpine' with upper-case letters"],
  ["docker:29 dind", `contains " ", which no image reference holds`],
  [`${"a".repeat(250)}/bcdef:1`, "has a name of 256 characters"],
  ["img'", `contains "'", which no image reference holds`],
  ["", "is empty"],
  ["alpine:", "has an empty tag (nothing after ':')"],
  ["alpine:-x", "has the tag '-x': a tag is 1 to 128 letters"],
  [`alpine:${"t".repeat(129)}`, "has the tag 'ttt"],
  ["alpine@sha256:abc", "has the digest 'sha256:abc', which is not <algorithm>:<at least 32 hex digits>"],
  [`alpine@sha256:${HEX64}@sha256:${HEX64}`, "has more than one '@'"],
  ["a//b", "has an empty path component"],
  ["/alpine", "has an empty path component"],
  ["alpine/", "has an empty path component"],
  ["registry.local:x/alpine", "has the registry 'registry.local:x', which is not host[:port]"],
  ["-registry.local/alpine", "has the registry '-registry.local', which is not host[:port]"],
  ["a___b", "has the path component 'a___b': lower-case letters and digits, joined by one '.', one or two '_', or dashes"],
  ["team/.alpine", "has the path component '.alpine'"],
  [":3.20", "has no name before its tag or digest"],
  [`${"a".repeat(256)}:1`, "has a name of 256 characters; at most 255 are allowed"],
];

describe("the grammar", () => {
  test.each(VALID)("%s is valid", (ref) => {
    expect(imageReferenceProblem(ref)).toBeUndefined();
    expect(IMAGE_REFERENCE_RE.test(ref)).toBe(true);
  });

  test.each(INVALID)("%s is refused: it %s", (ref, clause) => {
    expect(imageReferenceProblem(ref)).toContain(clause);
  });

  test("the three references the issue names get their precise line in the config's message", () => {
    const message = (devpod: object) => {
      try {
        resolveConfig(devpod);
      } catch (e) {
        return (e as Error).message;
      }
      return "accepted";
    };
    expect(message({ dindImage: "docker::29" })).toBe(
      `devpod config (cdktf.json → context.devpod): dindImage = "docker::29" is invalid: it has more than one ':' after its last '/' ("docker::29"): an image reference is [registry[:port]/]name[:tag][@digest], with one ':' before the tag; fix: use a full version tag or a digest, e.g. docker:29.7.2-dind or <your mirror>/docker@sha256:<64 hex digits>`,
    );
    expect(message({ workspaceImage: "Docker:latest" })).toBe(
      `devpod config (cdktf.json → context.devpod): workspaceImage = "Docker:latest" is invalid: it has the repository name 'Docker' with upper-case letters; repository names must be lowercase; fix: use e.g. codercom/enterprise-base:ubuntu`,
    );
    // `docker` is a valid reference (it means docker:latest): fine for the workspace, not for the sidecar's release.
    expect(message({ workspaceImage: "docker", verifyBaseImage: "docker" })).toBe("accepted");
    expect(message({ dindImage: "docker" })).toContain(
      `dindImage = "docker" is invalid: it has neither tag nor digest, so every pull takes whatever :latest is that day;`,
    );
    expect(message({ verifyBaseImage: 3 })).toContain("verifyBaseImage = 3 is invalid: it must be a string, not a number");
  });
});

describe("dindImage: one exact release", () => {
  test.each(["docker:29.7.2-dind", "mirror.example:5000/library/docker:29.7.2-dind-alpine3.22", "docker:29.7.2", `docker@sha256:${HEX64}`, `docker:dind@sha256:${HEX64}`])(
    "%s names one release",
    (ref) => {
      expect(imageReleaseProblem(ref, "29.7.2-dind")).toBeUndefined();
      expect(IMAGE_RELEASE_RE.test(ref)).toBe(true);
    },
  );

  test.each([
    ["docker:29-dind", "has the tag '29-dind', which is not an exact release"],
    ["docker:29.7-dind", "has the tag '29.7-dind', which is not an exact release"],
    ["docker:dind", "has the tag 'dind', which is not an exact release"],
    ["docker:latest", "has the tag 'latest', which is not an exact release"],
    ["docker", "has neither tag nor digest"],
    ["Docker:29.7.2-dind", "has the repository name 'Docker' with upper-case letters"],
  ])("%s is refused: it %s", (ref, clause) => {
    expect(imageReleaseProblem(ref, "29.7.2-dind")).toContain(clause);
    expect(() => resolveConfig({ dindImage: ref })).toThrow(`dindImage = "${ref}" is invalid: it ${clause}`);
  });
});

// The template's variables carry the same expressions as RE2 conditions; terraform decides each candidate.
const skipTf = requireOrSkip("terraform (image reference validation)", terraformUnavailable());
const describeTf = skipTf ? describe.skip : describe;
describeTf("the Terraform variables' validation agrees with the config (real terraform, RE2)", () => {
  test("workspace_image, verify_base_image and dind_image accept and refuse exactly what the config does", () => {
    const { variable } = synthDevpod().tf;
    const candidates = [...VALID, ...INVALID.map(([ref]) => ref).filter((r) => !r.includes("'")), "docker:29-dind", "docker:dind", `docker@sha256:${HEX64}`];
    const outputs: Record<string, string> = {};
    const expected: Record<string, string> = {};
    const configKey = { workspace_image: "workspaceImage", verify_base_image: "verifyBaseImage", dind_image: "dindImage" } as const;
    for (const [name, key] of Object.entries(configKey)) {
      const [validation] = variable[name].validation;
      expect(validation.condition).toContain(`var.${name}`);
      candidates.forEach((ref, i) => {
        outputs[`${name}_${i}`] = validation.condition.replaceAll(`var.${name}`, JSON.stringify(ref));
        let accepted = "true";
        try {
          resolveConfig({ [key]: ref });
        } catch {
          accepted = "false";
        }
        expected[`${name}_${i}`] = accepted;
      });
    }
    expect(renderWithTerraform(outputs)).toEqual(expected);
  }, 120_000);
});
