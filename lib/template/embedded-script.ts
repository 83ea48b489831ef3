/**
 * Embeds a shell script kept as a real file under lib/template/scripts into the template at synth time.
 *
 * The script reads its settings from `DEVPOD_*` shell variables; this prepends one assignment per setting (values
 * derived from the config object, or Terraform references such as a variable) and escapes the script text for
 * Terraform.
 */
import * as fs from "fs";
import * as path from "path";
import { Token } from "cdktf";
import { unsafeScriptValue } from "../config/errors";
import { escapeTerraformTemplate } from "./terraform-escape";

/** Folder of the shell scripts the template embeds. */
export const SCRIPTS_DIR = path.join(__dirname, "scripts");

/**
 * Returns the text of `lib/template/scripts/<file>` ready for a Terraform string: a shebang, `NAME='value'` lines for `vars`,
 * then the script body (its own shebang dropped), with `${` and `%{` escaped. Values may be Terraform tokens; those
 * are inserted unescaped after the escaping, so Terraform substitutes them.
 */
export function embedScript(file: string, vars: Record<string, string | number> = {}): string {
  const body = fs.readFileSync(path.join(SCRIPTS_DIR, file), "utf8").replace(/^#!.*\n/, "");
  const assignments = Object.entries(vars).map(([name, value]) => {
    const text = String(value);
    if (Token.isUnresolved(text)) return `${name}='${text}'\n`;
    if (/['\n]/.test(text)) throw unsafeScriptValue(file, name, text);
    return `${name}='${escapeTerraformTemplate(text)}'\n`;
  });
  return `#!/bin/sh\n# ${file}, embedded by devpod at synth time\n${assignments.join("")}${escapeTerraformTemplate(body)}`;
}
