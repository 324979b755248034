// The declarations of what `lint` takes and throws, and of the catalog; what `lint` returns is
// in lint_result.d.ts, written from the Rust types.

/** The options of `lint`; every field is optional. */
export interface LintOptions {
  /** Codes or prefixes to run (`["ECS", "IAM00"]`); empty or absent runs every rule. */
  select?: string[];
  /** Codes or prefixes not to run. */
  ignore?: string[];
  /** Severity per code or prefix; the longest matching prefix wins. */
  severity?: Record<string, Severity>;
  /** Parameter values overriding the template's defaults. */
  parameters?: Record<string, string | number | boolean | Array<string | number | boolean>>;
  /**
   * Your own cfn-guard rule files, run with the built-in packs. A header of comments right
   * above a rule may give its `# code:`, `# severity:` and `# fix:`; otherwise its findings
   * are errors with the code `GUARD:<rule name>`. A file that cannot be used makes `lint`
   * throw a `GuardRulesError`.
   */
  guardRules?: GuardRuleFile[];
  /**
   * In a template the AWS CDK synthesized, also report findings on the resources the framework
   * itself generates (custom resource providers, singleton functions); they are left out by
   * default. Findings on a resource with a construct path carry it as `cdkPath`.
   */
  cdkInternals?: boolean;
}

/** A cfn-guard rule file: a name for messages and its text. */
export interface GuardRuleFile {
  name: string;
  text: string;
}

/** What `lint` throws for a guard rule file it cannot use: where, and why (`message`). */
export interface GuardRulesError extends Error {
  file: string;
  /** 1-based line of the rule file. */
  line: number;
  /** 1-based column, in characters. */
  column: number;
}

/** A catalog entry. */
export interface RuleInfo {
  code: string;
  name: string;
  /** Default severity. */
  severity: Severity;
  /** Where the rule is implemented. */
  kind: "rust" | "guard";
  /** One-line summary of what the rule finds. */
  summary: string;
}
