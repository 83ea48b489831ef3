/**
 * Errors of `npm run review`, as named factories (lib/config/errors.ts style). Each one says what failed and how to fix it.
 * The CLI exits with status 3 on any of them, so that 1 and 2 keep meaning "breaks" and "destroys data".
 */

/** A failure of the review tool itself (bad arguments, no template, a synth or git command that failed). */
export class ReviewError extends Error {
  constructor(message: string) {
    super(`review: ${message}`);
    this.name = "ReviewError";
  }
}

/** A command-line argument the tool does not understand. */
export const usageError = (problem: string) => new ReviewError(`${problem}; fix: see \`npm run review -- --help\``);

/** A directory given with --base-dir/--head-dir that holds no synthesized devpod stack. */
export const noTemplate = (side: string, dir: string, tried: string[]) =>
  new ReviewError(
    `${side}: no synthesized template in ${dir} (looked for ${tried.join(", ")}); fix: pass the directory \`cdktf synth\` ` +
      "wrote (cdktf.out, or cdktf.out/stacks/devpod)",
  );

/** A cdk.tf.json that is not a Terraform JSON object. */
export const badTemplate = (file: string, problem: string) =>
  new ReviewError(`${file} is not a synthesized Terraform JSON template: ${problem}; fix: synthesize it again`);

/** `npm run synth` failed on one side. */
export const synthFailed = (side: string, status: number | null, output: string) =>
  new ReviewError(
    `${side}: \`npm run synth\` failed (exit status ${status}); its output ends with:\n${output.trim().split("\n").slice(-20).join("\n")}\n` +
      "fix: make that side synthesize (`npm run synth` there), or review with --base-dir/--head-dir",
  );

/** A git command failed (unknown ref, not a repository). */
export const gitFailed = (args: string[], output: string) =>
  new ReviewError(`\`git ${args.join(" ")}\` failed: ${output.trim()}; fix: run it from the project's git checkout with a ref that exists`);
