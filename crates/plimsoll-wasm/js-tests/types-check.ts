// Compiled with `tsc --noEmit --strict` against the package's declarations: a program an
// editor plugin might write must type-check, and misuse must not.
import { explain, lint, rules, version } from "plimsoll";
import type { Finding, GuardRulesError, LintResult, Parameter, RuleInfo, Severity } from "plimsoll";

const result: LintResult = lint("Resources: {}\n", {
  select: ["ECS", "TPL"],
  ignore: ["TPL004"],
  severity: { ECS007: "error" },
  parameters: { DesiredCount: 2, ImageTag: "97e4abf", Subnets: ["a", "b"] },
});
const first: Finding | undefined = result.findings[0];
if (first) {
  const severity: Severity = first.severity;
  const line: number = first.range.start.line;
  const slice: [number, number] = [first.range.start.offset, first.range.end.offset];
  const help: string | undefined = first.help;
  void [severity, line, slice, help, first.fix?.edits[0]?.replacement];
}
const parameter: Parameter | undefined = result.parameters[0];
void parameter?.allowedValues?.length;
const outcome: "deadlock" | string = result.services[0]?.outcome ?? "unknown";
void [outcome, result.services[0]?.steps.map((s) => s.old + s.new)];
void (result.counts.errors + result.counts.warnings + result.counts.infos);
void lint("Resources: {}\n");
void lint("Resources: {}\n", { guardRules: [{ name: "org.guard", text: "rule r { }" }] });
try {
  lint("", { guardRules: [] });
} catch (e) {
  const error = e as GuardRulesError;
  void [error.file, error.line, error.column, error.message];
}
const all: RuleInfo[] = rules();
const docs: string | undefined = explain(all[0]?.code ?? "ECS001");
const v: string = version();
void [docs, v];

// @ts-expect-error: severities are a closed set.
lint("", { severity: { ECS001: "fatal" } });
// @ts-expect-error: findings are not strings.
const wrong: string = result.findings[0];
void wrong;
