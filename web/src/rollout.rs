//! The geometry of the rollout picture: one stacked bar of old and new tasks per step of the
//! deployment, the band of task counts ECS allows, and a marker where the deployment deadlocks
//! or drops to zero. Pure numbers; the component only draws them.

use plimsoll_report::editor::{Outcome, Service, Step};

pub const HEIGHT: f64 = 180.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 28.0;
/// The narrowest left margin, where the level labels go.
const LEFT: f64 = 40.0;
const STEP: f64 = 44.0;
const BAR: f64 = 28.0;
/// The width of one character of the chart's text (11 px monospace, with room to spare), to
/// make room for labels: nothing is cut off or drawn over.
pub const CHAR_WIDTH: f64 = 7.0;
/// Below the step labels: the line that says where no task runs.
const DOWNTIME_ROW: f64 = 18.0;
/// Two level labels closer than this are moved apart.
const LABEL_GAP: f64 = 15.0;
/// The deadlock marker's cross, before its text.
const CROSS: f64 = 20.0;
/// More steps than this are shown as the first and last ones with a gap between.
const MAX_BARS: usize = 36;

/// A bar: the tasks running after one step.
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    /// The step's index in the deployment.
    pub step: usize,
    pub x: f64,
    pub width: f64,
    /// Old tasks: from `old_y` down to the axis.
    pub old_y: f64,
    pub old_height: f64,
    /// New tasks: stacked on the old ones.
    pub new_y: f64,
    pub new_height: f64,
    pub old: u64,
    pub new: u64,
    /// No task runs at this step.
    pub empty: bool,
}

/// A horizontal line at a task count, and its label in the left margin.
#[derive(Clone, Debug, PartialEq)]
pub struct Level {
    pub y: f64,
    /// The label's baseline: beside the line, moved apart from another label close by.
    pub label_y: f64,
    pub tasks: u64,
    pub label: String,
}

/// Where and why the deployment fails.
#[derive(Clone, Debug, PartialEq)]
pub struct Marker {
    pub outcome: Outcome,
    pub x: f64,
    pub y: f64,
    pub text: String,
    /// Where the marker's words start (their baseline), clear of the bars and the lines.
    pub text_x: f64,
    pub text_y: f64,
}

/// The whole picture.
#[derive(Clone, Debug, PartialEq)]
pub struct Chart {
    pub width: f64,
    pub height: f64,
    /// Where the plot starts (the level labels are left of it).
    pub left: f64,
    /// Where the bars end: the axis, the band and the level lines stop there.
    pub plot_right: f64,
    /// The x axis (zero tasks).
    pub axis_y: f64,
    pub bars: Vec<Bar>,
    /// Between bars `gap_after` and the next, steps are left out.
    pub gap_after: Option<usize>,
    /// The band ECS keeps the running tasks in: top (max) and bottom (min) y.
    pub band: Option<(f64, f64)>,
    pub levels: Vec<Level>,
    pub marker: Option<Marker>,
}

/// The picture for a service whose deployment was simulated; `None` when there are no steps.
pub fn chart(service: &Service) -> Option<Chart> {
    let steps = &service.steps;
    let first = steps.first()?;
    let n = first.old;
    let top = service
        .max_tasks
        .unwrap_or(0)
        .max(n)
        .max(steps.iter().map(|s| s.old + s.new).max().unwrap_or(0))
        .max(1) as f64;
    let axis_y = HEIGHT - BOTTOM;
    let y = |tasks: u64| axis_y - (tasks as f64 / top) * (axis_y - TOP);
    let mut levels = levels(service.min_tasks, service.max_tasks, y);
    spread_labels(&mut levels);
    let widest = levels
        .iter()
        .map(|l| text_width(&l.label))
        .fold(0.0, f64::max);
    let left = LEFT.max(widest + 10.0);
    let shown = shown_steps(steps.len());
    let gap_after = shown.windows(2).position(|w| w[1] != w[0] + 1);
    let x_of = |slot: usize| left + slot as f64 * STEP + (STEP - BAR) / 2.0;
    let bars: Vec<Bar> = shown
        .iter()
        .enumerate()
        .map(|(slot, &index)| {
            let Step { old, new } = steps[index];
            let slot = slot + usize::from(gap_after.is_some_and(|g| slot > g));
            Bar {
                step: index,
                x: x_of(slot),
                width: BAR,
                old_y: y(old),
                old_height: axis_y - y(old),
                new_y: y(old + new),
                new_height: y(old) - y(old + new),
                old,
                new,
                empty: old + new == 0,
            }
        })
        .collect();
    let slots = bars.len() + usize::from(gap_after.is_some());
    let plot_right = left + slots as f64 * STEP;
    let band = service
        .min_tasks
        .zip(service.max_tasks)
        .map(|(min, max)| (y(max.max(min)), y(min)));
    let marker = match service.outcome {
        Outcome::Deadlock => {
            let last = steps.last().copied().unwrap_or_default();
            let x = plot_right + 6.0;
            let y = y(last.old + last.new);
            Some(Marker {
                outcome: Outcome::Deadlock,
                x,
                y,
                text: deadlock_text(service, last),
                text_x: x + CROSS,
                // Right of the plot, where no line is drawn.
                text_y: y + 4.0,
            })
        }
        Outcome::Downtime => {
            let step = service
                .downtime_step
                .or_else(|| steps.iter().position(|s| s.old + s.new == 0))?;
            let bar = bars.iter().find(|b| b.step == step)?;
            let text = "no task running".to_owned();
            let x = bar.x + bar.width / 2.0;
            // On a row of its own under the step labels, centred on the step but inside the
            // picture.
            let half = text_width(&text) / 2.0;
            let text_x = (x - half).max(2.0).min(plot_right - 2.0 * half).max(2.0);
            Some(Marker {
                outcome: Outcome::Downtime,
                x,
                y: axis_y,
                text,
                text_x,
                text_y: HEIGHT + DOWNTIME_ROW - 6.0,
            })
        }
        _ => None,
    };
    let (width, height) = match &marker {
        Some(m) if m.outcome == Outcome::Deadlock => (
            (m.text_x + text_width(DEADLOCK_WORDS[0]).max(text_width(DEADLOCK_WORDS[1])) + 4.0)
                .max(plot_right + 12.0),
            HEIGHT,
        ),
        Some(m) => (
            (m.text_x + text_width(&m.text) + 4.0).max(plot_right + 12.0),
            HEIGHT + DOWNTIME_ROW,
        ),
        None => (plot_right + 12.0, HEIGHT),
    };
    Some(Chart {
        width,
        height,
        left,
        plot_right,
        axis_y,
        bars,
        gap_after,
        band,
        levels,
        marker,
    })
}

/// The words beside the deadlock marker's cross: a title and a detail under it.
pub const DEADLOCK_WORDS: [&str; 2] = ["deadlock", "never finishes"];

/// How wide a label is drawn, at most.
pub fn text_width(text: &str) -> f64 {
    text.chars().count() as f64 * CHAR_WIDTH
}

/// The max and min lines; one line labelled "min = max N" when they are the same count.
fn levels(min: Option<u64>, max: Option<u64>, y: impl Fn(u64) -> f64) -> Vec<Level> {
    let level = |tasks: u64, label: String| Level {
        y: y(tasks),
        label_y: y(tasks) + 4.0,
        tasks,
        label,
    };
    match (min, max) {
        (Some(min), Some(max)) if min == max => vec![level(max, format!("min = max {max}"))],
        _ => max
            .map(|max| level(max, format!("max {max}")))
            .into_iter()
            .chain(min.map(|min| level(min, format!("min {min}"))))
            .collect(),
    }
}

/// Moves the labels of two lines drawn close together apart (the upper up, the lower down) so
/// that they do not overlap; the lines stay where they are.
fn spread_labels(levels: &mut [Level]) {
    if let [upper, lower] = levels {
        let gap = lower.label_y - upper.label_y;
        if gap < LABEL_GAP {
            let shift = (LABEL_GAP - gap) / 2.0;
            upper.label_y -= shift;
            lower.label_y += shift;
        }
    }
}

fn deadlock_text(service: &Service, last: Step) -> String {
    let running = last.old + last.new;
    match (service.min_tasks, service.max_tasks) {
        (Some(min), Some(max)) => {
            format!("stuck: {running} running, may not go below {min} nor above {max}")
        }
        _ => "stuck: ECS can neither stop nor start a task".to_owned(),
    }
}

/// The indices of the steps drawn: all of them, or the first and last ones around a gap.
fn shown_steps(count: usize) -> Vec<usize> {
    if count <= MAX_BARS {
        return (0..count).collect();
    }
    let head = MAX_BARS / 2;
    let tail = MAX_BARS - head - 1;
    (0..head).chain(count - tail..count).collect()
}

/// A sentence describing the deployment, for the picture's text alternative.
pub fn summary(service: &Service) -> String {
    let name = &service.name;
    let settings = match (
        service.desired_count,
        service.minimum_healthy_percent,
        service.maximum_percent,
    ) {
        (Some(n), Some(min), Some(max)) => {
            format!("DesiredCount {n}, MinimumHealthyPercent {min}, MaximumPercent {max}")
        }
        (None, Some(min), Some(max)) => {
            format!("MinimumHealthyPercent {min}, MaximumPercent {max}")
        }
        _ => "settings the template does not decide".to_owned(),
    };
    let provenance = &service.provenance;
    let verdict = match service.outcome {
        Outcome::Completes => "the rolling deployment completes with tasks running throughout",
        Outcome::Deadlock => {
            "the rolling deployment deadlocks: ECS can neither start a new task nor stop an old one"
        }
        Outcome::Downtime => {
            "the rolling deployment stops every task before new ones run (downtime)"
        }
        Outcome::NoTasks => "no task runs, so there is nothing to replace",
        Outcome::NotRolling => {
            "the deployment is not a rolling update, so these limits do not apply"
        }
        Outcome::Invalid => "ECS rejects these values",
        Outcome::Unknown => "the outcome depends on values the template does not decide",
    };
    format!("{name}: {settings}{provenance}: {verdict}.")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn service(n: u64, min: u64, max: u64, steps: &[(u64, u64)], outcome: Outcome) -> Service {
        Service {
            name: "Api".into(),
            desired_count: Some(n as i64),
            minimum_healthy_percent: Some(50),
            maximum_percent: Some(100),
            min_tasks: Some(min),
            max_tasks: Some(max),
            steps: steps.iter().map(|&(old, new)| Step { old, new }).collect(),
            outcome,
            ..Service::default()
        }
    }

    #[test]
    fn a_deadlock_is_marked_after_the_last_step() {
        let chart = chart(&service(1, 1, 1, &[(1, 0)], Outcome::Deadlock)).unwrap();
        assert_eq!(chart.bars.len(), 1);
        let marker = chart.marker.unwrap();
        assert_eq!(marker.outcome, Outcome::Deadlock);
        assert!(marker.x > chart.bars[0].x + chart.bars[0].width);
        assert!(
            marker.text.contains("below 1 nor above 1"),
            "{}",
            marker.text
        );
        // min = max = N: the band has no height and sits at the one running task.
        let (top, bottom) = chart.band.unwrap();
        assert_eq!(top, bottom);
        assert_eq!(top, chart.bars[0].old_y);
    }

    #[test]
    fn bars_stack_old_below_new_and_stay_inside_the_band() {
        let chart = chart(&service(
            4,
            2,
            8,
            &[(4, 0), (2, 0), (2, 4), (0, 4)],
            Outcome::Completes,
        ))
        .unwrap();
        assert!(chart.marker.is_none());
        let (top, bottom) = chart.band.unwrap();
        for bar in &chart.bars {
            assert!((bar.old_y + bar.old_height - chart.axis_y).abs() < 1e-9);
            assert!((bar.new_y + bar.new_height - bar.old_y).abs() < 1e-9);
            assert!(bar.new_y >= top - 1e-9 && bar.old_y <= chart.axis_y);
            let _ = bottom;
        }
        // Twice as many tasks draw twice as high.
        let full = &chart.bars[2];
        let half = &chart.bars[1];
        assert!((full.old_height + full.new_height - 3.0 * half.old_height).abs() < 1e-9);
    }

    #[test]
    fn downtime_points_at_the_empty_step() {
        let mut s = service(2, 0, 2, &[(2, 0), (0, 0), (0, 2)], Outcome::Downtime);
        s.downtime_step = Some(1);
        let chart = chart(&s).unwrap();
        assert!(chart.bars[1].empty);
        let marker = chart.marker.unwrap();
        assert_eq!(marker.x, chart.bars[1].x + chart.bars[1].width / 2.0);
    }

    #[test]
    fn long_deployments_keep_both_ends() {
        let steps: Vec<(u64, u64)> = (0..=100).map(|i| (100 - i, i)).collect();
        let chart = chart(&service(100, 99, 101, &steps, Outcome::Completes)).unwrap();
        assert_eq!(chart.bars.len(), MAX_BARS - 1);
        assert_eq!(chart.bars[0].step, 0);
        assert_eq!(chart.bars.last().unwrap().step, 100);
        let gap = chart.gap_after.unwrap();
        assert!(chart.bars[gap + 1].x - chart.bars[gap].x > STEP * 1.5);
    }

    #[test]
    fn no_steps_no_picture() {
        assert!(chart(&Service::default()).is_none());
    }

    #[test]
    fn the_summary_says_the_verdict_and_its_inputs() {
        let mut s = service(1, 1, 1, &[(1, 0)], Outcome::Deadlock);
        s.provenance = " (with the parameter default Count=1)".into();
        assert_eq!(
            summary(&s),
            "Api: DesiredCount 1, MinimumHealthyPercent 50, MaximumPercent 100 (with the parameter default Count=1): the rolling deployment deadlocks: ECS can neither start a new task nor stop an old one."
        );
    }

    #[test]
    fn equal_limits_are_one_label_and_close_ones_move_apart() {
        let one = chart(&service(1, 1, 1, &[(1, 0)], Outcome::Deadlock)).unwrap();
        let labels: Vec<&str> = one.levels.iter().map(|l| l.label.as_str()).collect();
        assert_eq!(labels, ["min = max 1"]);
        assert!(one.left >= text_width("min = max 1") + 10.0);
        let close = chart(&service(
            20,
            19,
            20,
            &[(20, 0), (19, 0), (19, 1)],
            Outcome::Completes,
        ))
        .unwrap();
        let [max, min] = &close.levels[..] else {
            panic!("{:?}", close.levels)
        };
        assert!(min.y - max.y < LABEL_GAP);
        assert!(min.label_y - max.label_y >= LABEL_GAP - 1e-9);
    }

    #[test]
    fn the_markers_words_fit_in_the_picture() {
        let mut s = service(2, 0, 2, &[(2, 0), (0, 0), (0, 2)], Outcome::Downtime);
        s.downtime_step = Some(1);
        let down = chart(&s).unwrap();
        let m = down.marker.unwrap();
        assert!(m.text_x >= 0.0 && m.text_x + text_width(&m.text) <= down.width);
        assert!(m.text_y > down.axis_y + 14.0 && m.text_y <= down.height);
        let stuck = chart(&service(1, 1, 1, &[(1, 0)], Outcome::Deadlock)).unwrap();
        let m = stuck.marker.unwrap();
        assert!(m.text_x > stuck.plot_right);
        assert!(m.text_x + text_width(DEADLOCK_WORDS[1]) <= stuck.width);
    }
}
