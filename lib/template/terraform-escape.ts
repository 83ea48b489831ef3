/**
 * Terraform reads `${` and `%{` in every string as an interpolation or a template directive, so shell text embedded
 * in the template would be rewritten (`${HOME}` → "Invalid reference"). This is the one place that escapes it.
 *
 * `Fn.rawString` is not the fix: it also backslash-escapes quotes (the script changes) and leaves `%{` alone.
 * @see https://developer.hashicorp.com/terraform/language/expressions/strings#escape-sequences-1
 */
export function escapeTerraformTemplate(text: string): string {
  // Replacer functions, not strings: in a replacement string `$$` itself means one `$`.
  return text.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
}
