//! The report's figures: chart inputs selected from the results, drawn by the chart stage in the report language.
//!
//! Charts never compute: a time series gets the indicator's observed values, its baseline
//! and latest value as the results hold them, the target as the YAML states it and the
//! assessed status; the goal dashboard gets the counts of the report data.

use std::collections::BTreeMap;

use crate::diag::Diagnostic;
use crate::evaluate::{Evaluation, IndicatorResult, Series};
use crate::load::Workspace;
use crate::model::{Indicator, Target};
use crate::publish::charts::{
    About, Chart, ChartRenderer, DashboardChart, Dated, Line, Point, Status, StatusCount, Theme,
    Tile, TimeSeriesChart,
};

use super::build::{self, ChartInput, StageInputs};
use super::data::ReportData;

/// Draws the time series of every indicator that has values, in the renderer's language.
/// Indicators with only a binary milestone get no chart (their facts say met or due).
pub fn indicator_charts(
    ws: &Workspace,
    evaluation: &Evaluation,
    stages: &StageInputs,
    place: &str,
    lang: &str,
    renderer: &ChartRenderer<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> BTreeMap<String, ChartInput> {
    let mut out = BTreeMap::new();
    for active in &ws.active {
        let ind = &active.indicator;
        let result = evaluation.get(&ind.id, place);
        let Some(chart) = time_series(ws, evaluation, ind, result, stages, lang) else {
            continue;
        };
        match renderer.render(&Chart::TimeSeries(chart)) {
            Ok(drawn) => {
                out.insert(
                    ind.id.clone(),
                    ChartInput {
                        svg: drawn.svg.into_bytes(),
                        alt: drawn.alt,
                    },
                );
            }
            Err(e) => diagnostics.push(
                Diagnostic::warning(
                    "chart-failed",
                    format!("failed to draw the chart of `{}` ({e})", ind.id),
                )
                .hint("the report shows the indicator without its chart"),
            ),
        }
    }
    out
}

/// The time series of an indicator's headline, when it has values.
pub fn time_series(
    ws: &Workspace,
    evaluation: &Evaluation,
    ind: &Indicator,
    result: Option<&IndicatorResult>,
    stages: &StageInputs,
    lang: &str,
) -> Option<TimeSeriesChart> {
    let headline = result.and_then(IndicatorResult::headline)?;
    let latest = headline.latest()?;
    if matches!(ind.targets.first(), Some(Target::Milestone(_))) {
        return None;
    }
    let project = ws.project();
    let dated = |o: &crate::evaluate::Observation| {
        o.value.map(|value| Dated {
            year: o.year,
            period: o.period().map(str::to_string),
            value,
        })
    };
    let (target, trajectory) = match ind.targets.first() {
        Some(Target::Numeric(t)) => (Some((t.value, t.year)), true),
        Some(Target::Zero(t)) => (Some((0.0, t.year)), true),
        Some(Target::Coverage(t)) => (Some((t.value, t.year)), true),
        Some(Target::Threshold(t)) => (t.below.or(t.above).map(|v| (v, t.year)), false),
        Some(Target::Level(t)) => (Some((t.value, t.year)), false),
        _ => (None, false),
    };
    let target = target.map(|(value, year)| Dated {
        year: year.unwrap_or(project.target_year),
        period: None,
        value,
    });
    let source = ind
        .sources
        .first()
        .map(|s| s.name.get(lang).to_string())
        .or_else(|| result.and_then(|r| dataset_source(ws, evaluation, r, headline, lang)));
    Some(TimeSeriesChart {
        about: About {
            title: ind.title.get(lang).to_string(),
            unit: build::unit(ind, result, lang),
            source,
            decimals: build::decimals(ind, result),
        },
        series: vec![Line {
            label: ind.title.get(lang).to_string(),
            points: headline
                .observations
                .iter()
                .map(|o| Point {
                    year: o.year,
                    value: o.value.filter(|_| !o.suppressed),
                })
                .collect(),
            latest: dated(latest),
        }],
        baseline: build::baseline(headline, build::base_year(ind, project)).and_then(dated),
        trajectory: trajectory && target.is_some(),
        target,
        latest: dated(latest),
        status: stages.statuses.get(&ind.id).map(|s| s.status),
    })
}

/// The name of the source of a series' first value, as its dataset declares it.
fn dataset_source(
    ws: &Workspace,
    evaluation: &Evaluation,
    result: &IndicatorResult,
    series: &Series,
    lang: &str,
) -> Option<String> {
    let range = series
        .observations
        .iter()
        .flat_map(|o| result.rows_of(o))
        .next()?;
    let file = evaluation.files.get(range.file as usize)?;
    let spec = ws
        .project()
        .datasets
        .iter()
        .find(|d| d.id.as_deref() == Some(file.dataset.as_str()))?;
    spec.source
        .as_ref()
        .map(|s| s.name.get(lang).to_string())
        .or_else(|| spec.title.as_ref().map(|t| t.get(lang).to_string()))
}

/// The goal dashboard: a tile per goal with its indicators by status, from the report data.
pub fn dashboard(data: &ReportData) -> DashboardChart {
    DashboardChart {
        title: data.labels.get("dashboard").cloned().unwrap_or_default(),
        columns: None,
        tiles: data
            .goals
            .iter()
            .map(|g| Tile {
                code: (g.code != "other").then(|| g.code.clone()),
                label: g.short.clone(),
                theme: g.code.parse().map(Theme::Sdg).unwrap_or(Theme::Neutral),
                counts: g
                    .statuses
                    .iter()
                    .filter_map(|c| {
                        Some(StatusCount {
                            status: status_of(&c.key)?,
                            count: u32::try_from(c.count).unwrap_or(u32::MAX),
                        })
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// The status named by a key (`on-track`).
fn status_of(key: &str) -> Option<Status> {
    serde_json::from_value(serde_json::Value::String(key.to_string())).ok()
}

/// Draws the goal dashboard; returns the virtual path of the SVG, its bytes and its text alternative.
pub fn draw_dashboard(
    data: &ReportData,
    renderer: &ChartRenderer<'_>,
) -> Result<(String, Vec<u8>, String), crate::publish::charts::ChartError> {
    let drawn = renderer.render(&Chart::Dashboard(dashboard(data)))?;
    Ok((
        build::figure_path("dashboard-sdg"),
        drawn.svg.into_bytes(),
        drawn.alt,
    ))
}
