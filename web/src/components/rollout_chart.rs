use crate::rollout::{Chart, DEADLOCK_WORDS, chart, summary};
use plimsoll_report::editor::{Outcome, Service};
use yew::prelude::*;

#[derive(Properties, PartialEq, Debug)]
pub struct RolloutChartProps {
    pub service: Service,
}

/// One service's rolling deployment as a picture: old and new tasks step by step, the band of
/// task counts ECS allows, and where it deadlocks or drops to zero.
#[component]
pub fn RolloutChart(props: &RolloutChartProps) -> Html {
    let service = &props.service;
    let text = summary(service);
    let outcome = outcome_name(service.outcome);
    match chart(service) {
        Some(c) => html! {
            <figure class="rollout" data-service={service.name.clone()} data-outcome={outcome}>
                { svg(&c, &text) }
                <figcaption>{ text }</figcaption>
            </figure>
        },
        None => html! {
            <figure class="rollout no-chart" data-service={service.name.clone()} data-outcome={outcome}>
                <figcaption>{ text }</figcaption>
            </figure>
        },
    }
}

fn outcome_name(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Completes => "completes",
        Outcome::Deadlock => "deadlock",
        Outcome::Downtime => "downtime",
        Outcome::NoTasks => "no-tasks",
        Outcome::NotRolling => "not-rolling",
        Outcome::Invalid => "invalid",
        Outcome::Unknown => "unknown",
    }
}

fn num(v: f64) -> String {
    format!("{v:.1}")
}

fn svg(c: &Chart, text: &str) -> Html {
    let view_box = format!("0 0 {} {}", num(c.width), num(c.height));
    // Lines start just left of the plot and stop at its last bar: the marker's words right of
    // it and the labels left of it are never crossed.
    let line_from = num(c.left - 4.0);
    let line_to = num(c.plot_right);
    html! {
        <svg
            class="rollout-chart"
            viewBox={view_box}
            width={num(c.width)}
            height={num(c.height)}
            role="img"
            aria-label={text.to_owned()}
        >
            if let Some((top, bottom)) = c.band {
                <rect class="band" x={line_from.clone()} y={num(top)} width={num(c.plot_right - c.left + 4.0)}
                    height={num((bottom - top).max(2.0))} />
            }
            { for c.levels.iter().map(|l| html! {
                <g class="level">
                    <line x1={line_from.clone()} x2={line_to.clone()} y1={num(l.y)} y2={num(l.y)} />
                    <text x="2" y={num(l.label_y)}>{ &l.label }</text>
                </g>
            }) }
            <line class="axis" x1={line_from.clone()} x2={line_to.clone()} y1={num(c.axis_y)} y2={num(c.axis_y)} />
            { for c.bars.iter().map(|b| html! {
                <g class={classes!("step", b.empty.then_some("empty"))} data-step={b.step.to_string()}>
                    <title>{ format!("step {}: {} old, {} new", b.step, b.old, b.new) }</title>
                    if b.old_height > 0.0 {
                        <rect class="old" x={num(b.x)} y={num(b.old_y)} width={num(b.width)} height={num(b.old_height)} />
                    }
                    if b.new_height > 0.0 {
                        <rect class="new" x={num(b.x)} y={num(b.new_y)} width={num(b.width)} height={num(b.new_height)} />
                    }
                    <text class="step-label" x={num(b.x + b.width / 2.0)} y={num(c.axis_y + 14.0)}>
                        { format!("{}|{}", b.old, b.new) }
                    </text>
                </g>
            }) }
            if let Some(gap) = c.gap_after.and_then(|g| c.bars.get(g)) {
                <text class="gap" x={num(gap.x + gap.width + 8.0)} y={num(c.axis_y - 6.0)}>{ "…" }</text>
            }
            if let Some(m) = &c.marker {
                <g class={classes!("marker", outcome_name(m.outcome))}>
                    if m.outcome == Outcome::Deadlock {
                        <line x1={num(m.x)} x2={num(m.x + 14.0)} y1={num(m.y - 7.0)} y2={num(m.y + 7.0)} />
                        <line x1={num(m.x)} x2={num(m.x + 14.0)} y1={num(m.y + 7.0)} y2={num(m.y - 7.0)} />
                        <text x={num(m.text_x)} y={num(m.text_y)}>{ DEADLOCK_WORDS[0] }</text>
                        <text class="detail" x={num(m.text_x)} y={num(m.text_y + 14.0)}>{ DEADLOCK_WORDS[1] }</text>
                    } else {
                        <circle cx={num(m.x)} cy={num(m.y)} r="6" />
                        <text x={num(m.text_x)} y={num(m.text_y)}>{ &m.text }</text>
                    }
                </g>
            }
        </svg>
    }
}
