/**
 * The review as a Markdown pull-request comment (a summary line, then one table row per finding) or as JSON, and the
 * exit status: 0 safe or restarts, 1 breaks existing workspaces, 2 destroys data, unless that class was accepted.
 */
import { Review } from "./review";
import { CLASSES, CLASS_LABEL, ChangeClass } from "./rules";

/** How one side of the review was obtained, for the report's header. */
export interface SideLabel {
  /** `origin/main`, `working tree`, or a directory. */
  readonly name: string;
  /** The commit, when the side is a git ref. */
  readonly commit?: string;
}

/** What "restarts" means in Coder, in one line under the summary of a report that has such findings. */
export const RESTARTS_MEANS =
  "*Restarts*: a workspace gets this version when it is updated (by its owner, or at a start when the template requires " +
  "the active version or the workspace updates automatically); the update stops and starts it with a new pod, and until " +
  "then it runs the version it has.";

/** Exit status of each class when it is not accepted. */
export const EXIT_STATUS: Record<ChangeClass, number> = { destroys: 2, breaks: 1, restarts: 0, safe: 0 };

/** The classes `--accept` takes. */
export const ACCEPTABLE: readonly ChangeClass[] = ["destroys", "breaks"];

/** The exit status: the worst class present that was not accepted. */
export function exitStatus(review: Review, accepted: readonly ChangeClass[]): number {
  return Math.max(0, ...review.findings.filter((f) => !accepted.includes(f.class)).map((f) => EXIT_STATUS[f.class]));
}

/** Counts per class. */
export function counts(review: Review): Record<ChangeClass, number> {
  const out = { destroys: 0, breaks: 0, restarts: 0, safe: 0 };
  for (const f of review.findings) out[f.class]++;
  return out;
}

/** Findings of the accepted classes, as one line each. */
function acceptedLines(review: Review, accepted: readonly ChangeClass[]): string[] {
  return accepted
    .map((c) => [c, review.findings.filter((f) => f.class === c)] as const)
    .filter(([, fs]) => fs.length > 0)
    .map(([c, fs]) => `Accepted with \`--accept ${c}\`: ${fs.length} ${CLASS_LABEL[c]}: ${fs.map((f) => `${code(f.object)} (${f.rule})`).join(", ")}.`);
}

const code = (s: string) => (s.includes("`") ? `\`\` ${s} \`\`` : `\`${s}\``);
const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
const side = (s: SideLabel) => (s.commit ? `${code(s.name)} (${s.commit.slice(0, 12)})` : s.name);

/** The review as Markdown. */
export function markdown(review: Review, base: SideLabel, head: SideLabel, accepted: readonly ChangeClass[] = []): string {
  const lines: string[] = [];
  const n = counts(review);
  const title = review.worst ? CLASS_LABEL[review.worst] : "no change";
  lines.push(`### Template review: ${title}`, "");
  const parts = CLASSES.filter((c) => n[c] > 0).map((c) => `${n[c]} ${CLASS_LABEL[c]}`);
  const summary = review.findings.length
    ? `${review.findings.length} finding${review.findings.length === 1 ? "" : "s"}: ${parts.join(", ")}.`
    : "No Terraform object changed.";
  lines.push(`${summary} Base ${side(base)} → head ${side(head)}; exit status ${exitStatus(review, accepted)}.`);
  if (n.restarts > 0) lines.push("", RESTARTS_MEANS);
  if (review.findings.length) {
    lines.push("", "| object | change | class | why | what to do |", "|---|---|---|---|---|");
    for (const f of review.findings) {
      const shown = f.changes.slice(0, 5).map(code);
      if (f.changes.length > 5) shown.push(`and ${f.changes.length - 5} more`);
      const klass = f.class === "destroys" || f.class === "breaks" ? `**${CLASS_LABEL[f.class]}**` : CLASS_LABEL[f.class];
      lines.push(`| ${[code(f.object), shown.join("<br>"), klass, f.why, f.todo].map(cell).join(" | ")} |`);
    }
  }
  const acc = acceptedLines(review, accepted);
  if (acc.length) lines.push("", ...acc);
  return lines.join("\n") + "\n";
}

/** The review as JSON for machines. */
export function json(review: Review, base: SideLabel, head: SideLabel, accepted: readonly ChangeClass[] = []): string {
  return (
    JSON.stringify(
      {
        verdict: review.worst ?? "none",
        exitStatus: exitStatus(review, accepted),
        base,
        head,
        counts: counts(review),
        accepted: review.findings.filter((f) => accepted.includes(f.class)).map((f) => ({ object: f.object, class: f.class, rule: f.rule })),
        findings: review.findings,
      },
      null,
      2,
    ) + "\n"
  );
}
