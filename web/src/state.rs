//! The page's state and every change to it, as a reducer: pure data, tested natively.
//!
//! Components dispatch [`Action`]s; effects (timers, the worker, storage) live in the
//! components and report back with actions too, so the whole behaviour is visible here.

use crate::lint_job::GuardError;
use crate::rule_settings::RuleSettings;
use plimsoll_lint::Severity;
use plimsoll_report::editor::{Edit, Finding, LintResult, Range};
use std::collections::BTreeMap;
use std::rc::Rc;
use yew::Reducible;

/// The side panel's tabs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Tab {
    #[default]
    Findings,
    Parameters,
    Rollout,
    Guard,
    Rules,
}

impl Tab {
    pub const ALL: [Tab; 5] = [
        Tab::Findings,
        Tab::Parameters,
        Tab::Rollout,
        Tab::Guard,
        Tab::Rules,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Tab::Findings => "Findings",
            Tab::Parameters => "Parameters",
            Tab::Rollout => "Rollout",
            Tab::Guard => "Guard rules",
            Tab::Rules => "Rule settings",
        }
    }

    pub fn id(self) -> &'static str {
        match self {
            Tab::Findings => "findings",
            Tab::Parameters => "parameters",
            Tab::Rollout => "rollout",
            Tab::Guard => "guard",
            Tab::Rules => "rules",
        }
    }
}

/// Light or dark colours.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Theme {
    #[default]
    Light,
    Dark,
}

impl Theme {
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    pub fn parse(text: &str) -> Option<Theme> {
        match text {
            "light" => Some(Theme::Light),
            "dark" => Some(Theme::Dark),
            _ => None,
        }
    }

    pub fn toggled(self) -> Theme {
        match self {
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::Light,
        }
    }
}

/// Which severities the findings list shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SeverityFilter {
    pub error: bool,
    pub warning: bool,
    pub info: bool,
}

impl Default for SeverityFilter {
    fn default() -> Self {
        SeverityFilter {
            error: true,
            warning: true,
            info: true,
        }
    }
}

impl SeverityFilter {
    pub fn shows(self, severity: Severity) -> bool {
        match severity {
            Severity::Error => self.error,
            Severity::Warning => self.warning,
            Severity::Info => self.info,
        }
    }

    pub fn toggled(mut self, severity: Severity) -> SeverityFilter {
        match severity {
            Severity::Error => self.error = !self.error,
            Severity::Warning => self.warning = !self.warning,
            Severity::Info => self.info = !self.info,
        }
        self
    }
}

/// Everything that decides a lint's result; any change to it asks for a new lint. It is also
/// the user's work: what the page keeps across reloads and a share link carries.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LintInput {
    pub source: Rc<str>,
    pub parameters: BTreeMap<String, String>,
    pub guard_rules: Rc<str>,
    pub rules: RuleSettings,
}

impl LintInput {
    /// Nothing the user would miss: no template, no guard rules, no rule settings.
    pub fn is_blank(&self) -> bool {
        self.source.trim().is_empty()
            && self.guard_rules.trim().is_empty()
            && self.rules.is_default()
    }

    /// The same template, guard rules and rule settings (overrides are not kept as a draft).
    pub fn same_work(&self, other: &LintInput) -> bool {
        self.source == other.source
            && self.guard_rules == other.guard_rules
            && self.rules == other.rules
    }
}

/// The two inputs a share link opened over a different stored draft puts side by side.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShareSide {
    Shared,
    Draft,
}

/// A share link opened while a different draft was stored: the user picks which to work on,
/// and the other stays here to switch back to until the choice is dismissed. The side shown
/// follows the user's edits, so switching loses nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShareChoice {
    pub shared: LintInput,
    pub draft: LintInput,
    /// `None` while asking (the draft is shown meanwhile).
    pub chosen: Option<ShareSide>,
}

impl ShareChoice {
    /// The side the editor holds.
    pub fn showing(&self) -> ShareSide {
        self.chosen.unwrap_or(ShareSide::Draft)
    }

    fn side_mut(&mut self, side: ShareSide) -> &mut LintInput {
        match side {
            ShareSide::Shared => &mut self.shared,
            ShareSide::Draft => &mut self.draft,
        }
    }
}

/// What the first visit opens: the shared input, unless a different draft is stored (then
/// the user is asked, see [`ShareChoice`]), else the stored draft.
pub fn first_visit(shared: Option<LintInput>, draft: LintInput) -> Option<Action> {
    match shared {
        Some(shared) if draft.is_blank() || draft.same_work(&shared) => {
            Some(Action::Restore(shared))
        }
        Some(shared) => Some(Action::ShareConflict { shared, draft }),
        None if draft.is_blank() => None,
        None => Some(Action::Restore(draft)),
    }
}

/// The page's state.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AppState {
    pub input: LintInput,
    /// Bumped on every change of `input`.
    pub revision: u64,
    /// The last change came from typing (lint after a pause) rather than a load (lint now).
    pub typing: bool,
    /// The name of the opened file, used for exports.
    pub file_name: Option<String>,
    /// Bumped when the editor's text is replaced from outside (file, example, shared link),
    /// so the editor knows to take the new text.
    pub loads: u64,
    pub report: Rc<LintResult>,
    /// The revision `report` belongs to; `None` before the first lint.
    pub report_revision: Option<u64>,
    /// `report` includes cfn-guard's findings (the quick lint's does not).
    pub report_complete: bool,
    /// Milliseconds the last lint took (measured by the page).
    pub lint_millis: Option<f64>,
    /// A complete lint (with cfn-guard) of this revision is running in the worker.
    pub running: Option<u64>,
    pub guard_error: Option<GuardError>,
    /// The last complete lint could not run cfn-guard (its module did not load).
    pub guard_unavailable: bool,
    pub filter: SeverityFilter,
    /// Index into `report.findings`.
    pub selected: Option<usize>,
    /// Bumped on every request to show the selected finding in the editor.
    pub reveals: u64,
    /// The edits of the last fix asked for; the editor applies them (as one undoable change)
    /// whenever `fixes` changes.
    pub fix: Option<Rc<Vec<Edit>>>,
    pub fixes: u64,
    /// The rule whose documentation is open.
    pub docs: Option<String>,
    pub tab: Tab,
    pub theme: Theme,
    /// A short message for the status line ("Link copied").
    pub notice: Option<String>,
    /// A share link and a different draft, to choose between.
    pub share_choice: Option<ShareChoice>,
}

/// Every change to the state.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// The user edited the text.
    Edit(Rc<str>),
    /// New text from a file, an example or a shared link.
    Load {
        source: Rc<str>,
        name: Option<String>,
        parameters: BTreeMap<String, String>,
    },
    /// A parameter override; an empty value removes it.
    SetParameter {
        name: String,
        value: String,
    },
    ClearParameters,
    SetGuardRules(Rc<str>),
    /// Turns a catalog rule on or off, as `ignore` in `plimsoll.toml` does.
    SetRuleEnabled {
        code: String,
        enabled: bool,
    },
    /// Sets a catalog rule's severity, as `[severity]` in `plimsoll.toml` does.
    SetRuleSeverity {
        code: String,
        severity: Severity,
    },
    /// Every rule on, with its own severity.
    ResetRules,
    /// The whole input at once: a stored draft or a shared link.
    Restore(LintInput),
    /// A share link opened over a different stored draft: show the draft and ask.
    ShareConflict {
        shared: LintInput,
        draft: LintInput,
    },
    /// Work on one side of the share choice.
    ChooseShare(ShareSide),
    /// Forget the share choice (the side not shown is dropped).
    DismissShareChoice,
    /// A complete lint of this revision started in the worker.
    LintStarted(u64),
    LintFinished {
        revision: u64,
        report: Rc<LintResult>,
        /// With cfn-guard's findings; a quick lint's report is replaced by the complete one.
        complete: bool,
        guard_error: Option<GuardError>,
        /// A complete lint without cfn-guard's findings: its module did not load.
        guard_unavailable: bool,
        millis: Option<f64>,
    },
    ToggleSeverity(Severity),
    /// Select a finding (an index into the report's findings) and reveal it in the editor.
    Select(usize),
    /// Apply a finding's fix (an index into the report's findings) in the editor.
    ApplyFix(usize),
    ShowDocs(String),
    CloseDocs,
    SetTab(Tab),
    SetTheme(Theme),
    Notice(Option<String>),
}

impl AppState {
    /// Whether the findings shown belong to older input than the editor holds.
    pub fn is_stale(&self) -> bool {
        self.report_revision != Some(self.revision)
    }

    /// Whether a lint is under way (only worker lints take long enough to show).
    pub fn is_busy(&self) -> bool {
        self.running.is_some()
    }

    /// Whether the findings shown are the current text's quick ones, cfn-guard's still to come.
    pub fn awaits_guard(&self) -> bool {
        !self.is_stale() && !self.report_complete && self.is_busy()
    }

    pub fn selected_finding(&self) -> Option<&Finding> {
        self.report.findings.get(self.selected?)
    }

    /// The range to highlight in the editor, when it still matches the text.
    pub fn highlight(&self) -> Option<Range> {
        (!self.is_stale())
            .then(|| self.selected_finding().map(|f| f.range))
            .flatten()
    }

    /// Indices of the findings the filter shows.
    pub fn visible(&self) -> Vec<usize> {
        self.report
            .findings
            .iter()
            .enumerate()
            .filter(|(_, f)| self.filter.shows(f.severity))
            .map(|(i, _)| i)
            .collect()
    }

    fn input_changed(&mut self, typing: bool) {
        self.revision += 1;
        self.typing = typing;
        self.notice = None;
        if let Some(choice) = &mut self.share_choice {
            *choice.side_mut(choice.showing()) = self.input.clone();
        }
    }

    /// Replaces the whole input, as a load the editor takes.
    fn restore(&mut self, input: LintInput) {
        self.input = input;
        self.file_name = None;
        self.loads += 1;
        self.selected = None;
        self.input_changed(false);
    }

    fn change_rules(&mut self, change: impl FnOnce(&mut RuleSettings) -> bool) {
        if change(&mut self.input.rules) {
            self.input_changed(false);
        }
    }

    /// Applies one action.
    pub fn apply(&mut self, action: Action) {
        match action {
            Action::Edit(source) => {
                if source != self.input.source {
                    self.input.source = source;
                    self.input_changed(true);
                }
            }
            Action::Load {
                source,
                name,
                parameters,
            } => {
                self.input.source = source;
                self.input.parameters = parameters;
                self.file_name = name;
                self.loads += 1;
                self.selected = None;
                self.input_changed(false);
            }
            Action::SetParameter { name, value } => {
                let changed = if value.is_empty() {
                    self.input.parameters.remove(&name).is_some()
                } else {
                    self.input.parameters.insert(name, value.clone()).as_ref() != Some(&value)
                };
                if changed {
                    self.input_changed(true);
                }
            }
            Action::ClearParameters => {
                if !self.input.parameters.is_empty() {
                    self.input.parameters.clear();
                    self.input_changed(false);
                }
            }
            Action::SetGuardRules(rules) => {
                if rules != self.input.guard_rules {
                    self.input.guard_rules = rules;
                    self.input_changed(true);
                }
            }
            Action::SetRuleEnabled { code, enabled } => {
                self.change_rules(|rules| rules.set_enabled(&code, enabled));
            }
            Action::SetRuleSeverity { code, severity } => {
                self.change_rules(|rules| rules.set_severity(&code, severity));
            }
            Action::ResetRules => self.change_rules(|rules| {
                let changed = !rules.is_default();
                *rules = RuleSettings::default();
                changed
            }),
            Action::Restore(input) => self.restore(input),
            Action::ShareConflict { shared, draft } => {
                self.share_choice = None;
                self.restore(draft.clone());
                self.share_choice = Some(ShareChoice {
                    shared,
                    draft,
                    chosen: None,
                });
            }
            Action::ChooseShare(side) => {
                let Some(choice) = &mut self.share_choice else {
                    return;
                };
                let switch = choice.showing() != side;
                choice.chosen = Some(side);
                if switch {
                    let input = choice.side_mut(side).clone();
                    self.restore(input);
                }
            }
            Action::DismissShareChoice => self.share_choice = None,
            Action::LintStarted(revision) => {
                if revision == self.revision {
                    self.running = Some(revision);
                }
            }
            Action::LintFinished {
                revision,
                report,
                complete,
                guard_error,
                guard_unavailable,
                millis,
            } => {
                if complete {
                    self.guard_unavailable = guard_unavailable;
                }
                self.finish(revision, report, complete, guard_error, millis);
            }
            Action::ToggleSeverity(severity) => {
                self.filter = self.filter.toggled(severity);
                if let Some(f) = self.selected_finding()
                    && !self.filter.shows(f.severity)
                {
                    self.selected = None;
                }
            }
            Action::Select(index) => {
                if index < self.report.findings.len() {
                    self.selected = Some(index);
                    self.reveals += 1;
                }
            }
            Action::ApplyFix(index) => {
                // Only fixes of the text shown: their positions are on it.
                let fix = self.report.findings.get(index).and_then(|f| f.fix.as_ref());
                if let Some(fix) = fix.filter(|_| !self.is_stale()) {
                    self.fix = Some(Rc::new(fix.edits.clone()));
                    self.fixes += 1;
                }
            }
            Action::ShowDocs(code) => self.docs = Some(code),
            Action::CloseDocs => self.docs = None,
            Action::SetTab(tab) => self.tab = tab,
            Action::SetTheme(theme) => self.theme = theme,
            Action::Notice(notice) => self.notice = notice,
        }
    }

    /// Takes a lint result unless a newer one is already shown (a complete report of the
    /// shown revision replaces its quick one); keeps the selection on the same finding when
    /// it is still reported.
    fn finish(
        &mut self,
        revision: u64,
        report: Rc<LintResult>,
        complete: bool,
        guard_error: Option<GuardError>,
        millis: Option<f64>,
    ) {
        if complete && self.running.is_some_and(|r| r <= revision) {
            self.running = None;
        }
        let newer_shown = self.report_revision.is_some_and(|shown| {
            shown > revision || (shown == revision && (self.report_complete || !complete))
        });
        if newer_shown || revision > self.revision {
            return;
        }
        let same = |a: &Finding, b: &Finding| {
            a.code == b.code && a.path == b.path && a.message == b.message
        };
        self.selected = self
            .selected_finding()
            .and_then(|old| report.findings.iter().position(|f| same(f, old)));
        self.report = report;
        self.report_revision = Some(revision);
        self.report_complete = complete;
        // A quick lint says nothing about the user's rules: keep the last word on them.
        if complete {
            self.guard_error = guard_error;
        }
        self.lint_millis = millis;
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        next.apply(action);
        if next == *self { self } else { Rc::new(next) }
    }
}
