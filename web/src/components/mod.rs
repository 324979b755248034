//! The page's components, one per file. Each takes plain props (parts of the state and a
//! dispatch callback), so it renders natively for snapshot tests.

mod about;
mod app;
mod editor;
mod finding_row;
mod findings;
mod gallery;
mod guard_tab;
mod markdown_view;
mod parameters;
mod rollout_chart;
mod rollout_panel;
mod rule_docs;
mod rules_tab;
mod share_choice_bar;
mod summary_bar;
mod tabs;
mod toolbar;

pub use about::About;
pub use app::App;
pub use editor::{Editor, EditorProps};
pub use finding_row::{FindingRow, FindingRowProps};
pub use findings::{Findings, FindingsProps};
pub use gallery::{Gallery, GalleryProps};
pub use guard_tab::{GuardTab, GuardTabProps};
pub use markdown_view::{MarkdownView, MarkdownViewProps};
pub use parameters::{Parameters, ParametersProps};
pub use rollout_chart::{RolloutChart, RolloutChartProps};
pub use rollout_panel::{RolloutPanel, RolloutPanelProps};
pub use rule_docs::{RuleDocs, RuleDocsProps};
pub use rules_tab::{RulesTab, RulesTabProps};
pub use share_choice_bar::{ShareChoiceBar, ShareChoiceBarProps};
pub use summary_bar::{SummaryBar, SummaryBarProps};
pub use tabs::{Tabs, TabsProps};
pub use toolbar::{Toolbar, ToolbarProps};

use crate::state::Action;
use yew::Callback;

/// How components change the state.
pub type Dispatch = Callback<Action>;
