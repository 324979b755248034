//! Resources whose condition is false with the base values are linted under values that
//! create them: suppressions, settings, batches and panics treat those findings as any other.

#![allow(clippy::expect_used, clippy::unwrap_used)] // tests fail loudly on broken fixtures

use plimsoll_lint::{
    Context, Diagnostic, INTERNAL_ERROR, Linter, ParameterValues, Pass, Settings, Severity,
};

const PROD_ONLY: &str = r#"
Parameters:
  Environment: {Type: String, Default: dev, AllowedValues: [dev, prod]}
Conditions:
  IsProd: !Equals [!Ref Environment, prod]
Resources:
  ProdPolicy:
    Type: AWS::IAM::ManagedPolicy
    Condition: IsProd
    Properties:
      PolicyDocument:
        Statement: {Effect: Allow, Action: "ecs:*", Resource: "arn:aws:ecs:*:*:cluster/x"}
"#;

fn codes(found: &[Diagnostic]) -> Vec<&str> {
    found.iter().map(|d| d.code.as_ref()).collect()
}

#[test]
fn a_resource_only_another_value_creates_is_linted_and_says_when() {
    let found = plimsoll_lint::lint(PROD_ONLY, &Settings::default());
    assert_eq!(codes(&found), ["IAM001"]);
    assert!(
        found[0]
            .message
            .ends_with("(when IsProd is true: Environment=prod)"),
        "{}",
        found[0].message
    );
    let dev: ParameterValues = [("Environment".to_owned(), "dev".to_owned())].into();
    let given = plimsoll_lint::lint_with_parameters(PROD_ONLY, &Settings::default(), &dev);
    assert_eq!(codes(&given), Vec::<&str>::new());
}

#[test]
fn suppressions_and_settings_apply_to_scenario_findings() {
    let suppressed = PROD_ONLY.replace(
        "    Condition: IsProd\n",
        "    Condition: IsProd\n    Metadata: {plimsoll: {ignore: [IAM001]}}\n",
    );
    assert_eq!(
        codes(&plimsoll_lint::lint(&suppressed, &Settings::default())),
        Vec::<&str>::new()
    );
    let settings = Settings {
        severity: [("IAM001".to_owned(), Severity::Error)].into(),
        ..Settings::default()
    };
    let found = plimsoll_lint::lint(PROD_ONLY, &settings);
    assert_eq!(found[0].severity, Severity::Error);
    let ignored = Settings {
        ignore: vec!["IAM001".to_owned()],
        ..Settings::default()
    };
    assert!(plimsoll_lint::lint(PROD_ONLY, &ignored).is_empty());
}

#[test]
fn a_batch_gives_what_each_template_gives_alone() {
    let none = ParameterValues::new();
    let other = PROD_ONLY
        .replace("IsProd", "IsLive")
        .replace("prod", "live");
    let linter = Linter::new(Settings::default());
    let alone: Vec<Vec<Diagnostic>> = [PROD_ONLY, other.as_str()]
        .iter()
        .map(|t| linter.lint(t, &none))
        .collect();
    let batch = linter.lint_many(&[(PROD_ONLY, &none), (other.as_str(), &none)]);
    assert_eq!(batch, alone);
    assert!(
        batch[1][0]
            .message
            .ends_with("(when IsLive is true: Environment=live)")
    );
}

/// A pass that panics only where `IsProd` is true: in the scenario, never at base.
#[derive(Debug)]
struct PanicsInProduction;

impl Pass for PanicsInProduction {
    fn run(&self, cx: &Context<'_>, _out: &mut Vec<Diagnostic>) {
        assert_ne!(cx.eval.condition("IsProd"), Some(true), "boom");
    }
}

#[test]
fn a_panic_in_a_scenario_costs_only_that_step() {
    let linter = Linter::new(Settings::default()).with_pass(Box::new(PanicsInProduction));
    let found = linter.lint(PROD_ONLY, &ParameterValues::new());
    assert_eq!(codes(&found), [INTERNAL_ERROR, "IAM001"]);
}
