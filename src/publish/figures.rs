//! The figures the results support: chart inputs selected from the evaluation and assessment, named, and drawn in parallel; the one adapter `localis chart` and the reports share.
//!
//! This is a thin adapter: it picks values, statuses, gaps and summaries out of the
//! [`Evaluation`], the [`Assessment`] and the [`StageInputs`] (the assessment as the report
//! reads it), and puts them into the plain inputs of [`crate::publish::charts`]. It never
//! computes a number of its own, with two exceptions that only order or place what the results
//! give: ranks are positions in the list of places sorted by their score, and the tick of the
//! ESCAP progress chart marks the share of the period from the base year to the target year
//! that has elapsed by the latest year of the data.
//!
//! Every figure has a stable name (its file stem in `localis chart`): `<indicator>` for the
//! time series of an indicator, `<indicator>.by-<dimension>` for its disaggregation,
//! `<indicator>.gap-<dimension>` for its leaving-no-one-behind gap, `<indicator>.map-<map>`
//! for its choropleth on one of the project's maps ([`crate::publish::map_figures`]), and
//! `dashboard-sdg`, `dashboard-ohchr`, `dashboard-rights`, `dashboard-bsc`, `progress-escap`,
//! `milestones`, `budget-by-right`, `budget-by-sdg`, `execution-by-right`, `execution-by-sdg`,
//! `ranking-goal-<n>` and `locator-<map>` for the summaries.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use crate::assess::{Assessment, TargetDetail, TargetStatus};
use crate::budget::BudgetAnalysis;
use crate::budget::ids as budget_ids;
use crate::diag::Diagnostic;
use crate::evaluate::{Evaluation, IndicatorResult, Observation, Series};
use crate::load::Workspace;
use crate::load::sdg::code_order;
use crate::load::words::DataWords;
use crate::model::indicator::{OhchrType, Perspective};
use crate::model::{Indicator, Target};
use crate::publish::charts::{
    About, BudgetChart, Chart, ChartError, ChartRenderer, DashboardChart, Dated,
    DisaggregationChart, Execution, ExecutionChart, GapChart, GapTrend, GoalProgress, Line,
    Milestone, MilestonesChart, Point, ProgressChart, RankedPlace, RankingChart, Spending,
    SpendingLine, Status, StatusCount, Theme, Tile, TimeSeriesChart,
};
use crate::publish::report::build::{self, StageInputs};
use crate::publish::sentences::Labels;

/// What figures are selected from: the project, its results and the place they show.
#[derive(Clone, Copy)]
pub struct FigureSource<'a> {
    /// The loaded project.
    pub ws: &'a Workspace,
    /// The evaluation (with the budget results joined, when the budget stage ran).
    pub evaluation: &'a Evaluation,
    /// The assessment, for the summaries (ESCAP progress, milestones, rankings); without it
    /// only the indicator charts and the dashboards are selected.
    pub assessment: Option<&'a Assessment>,
    /// Statuses and gaps of the place, as the report reads the assessment.
    pub stages: &'a StageInputs,
    /// The budget stage's judgements, when it ran (the price base year and currency of the
    /// budget figures, whose amounts are the budget results joined into `evaluation`).
    pub budget: Option<&'a BudgetAnalysis>,
    /// GeoCode of the place shown.
    pub place: &'a str,
}

/// One figure: a chart input, its name and what it is about.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    /// Stable name, the file stem of its SVG (see the module docs).
    pub name: String,
    /// The indicator it shows, for indicator charts.
    pub indicator: Option<String>,
    /// GeoCode of the place it shows (or highlights, in a ranking).
    pub place: String,
    /// The chart input.
    pub chart: Chart,
}

/// A drawn figure: the figure, its SVG and its text alternative.
#[derive(Debug, Clone, PartialEq)]
pub struct DrawnFigure {
    /// The figure.
    pub figure: Figure,
    /// The SVG document.
    pub svg: String,
    /// One or two sentences stating what the chart shows.
    pub alt: String,
}

/// Every figure the results support for the place, in `lang`, sorted by name.
pub fn all(src: &FigureSource<'_>, lang: &str, words: &Labels) -> Vec<Figure> {
    let mut out: Vec<Figure> = src
        .ws
        .active
        .par_iter()
        .flat_map_iter(|a| indicator_figures(src, &a.indicator, lang, words))
        .collect();
    out.extend(summary_figures(src, lang, words));
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// The figures of the whole set of indicators: dashboards, ESCAP progress, milestones,
/// budget and rankings, where the results support them.
pub fn summary_figures(src: &FigureSource<'_>, lang: &str, words: &Labels) -> Vec<Figure> {
    let place = src.place.to_string();
    let figure = |name: &str, chart: Chart| Figure {
        name: name.to_string(),
        indicator: None,
        place: place.clone(),
        chart,
    };
    let mut out = vec![figure(
        "dashboard-sdg",
        Chart::Dashboard(sdg_dashboard(src, lang, words)),
    )];
    if let Some(d) = ohchr_dashboard(src, words) {
        out.push(figure("dashboard-ohchr", Chart::Dashboard(d)));
    }
    if let Some(d) = rights_dashboard(src, lang, words) {
        out.push(figure("dashboard-rights", Chart::Dashboard(d)));
    }
    if let Some(d) = perspective_dashboard(src, words) {
        out.push(figure("dashboard-bsc", Chart::Dashboard(d)));
    }
    if let Some(p) = escap_progress(src, lang, words) {
        out.push(figure("progress-escap", Chart::Progress(p)));
    }
    if let Some(m) = milestones(src, lang, words) {
        out.push(figure("milestones", Chart::Milestones(m)));
    }
    for (dimension, name) in [("Right", "by-right"), ("SDG", "by-sdg")] {
        if let Some(b) = budget_spending(src, lang, words, dimension) {
            out.push(figure(&format!("budget-{name}"), Chart::Budget(b)));
        }
        if let Some(e) = budget_execution(src, lang, words, dimension) {
            out.push(figure(&format!("execution-{name}"), Chart::Execution(e)));
        }
    }
    out.extend(goal_rankings(src, lang, words));
    out.extend(crate::publish::map_figures::locators(src, lang, words));
    out
}

/// Draws figures in parallel; the drawn ones keep the order of `figures`, and each one that
/// could not be drawn gives a warning instead.
pub fn draw(
    figures: Vec<Figure>,
    renderer: &ChartRenderer<'_>,
) -> (Vec<DrawnFigure>, Vec<Diagnostic>) {
    let drawn: Vec<Result<DrawnFigure, (String, ChartError)>> = figures
        .into_par_iter()
        .map(|figure| match renderer.render(&figure.chart) {
            Ok(r) => Ok(DrawnFigure {
                figure,
                svg: r.svg,
                alt: r.alt,
            }),
            Err(e) => Err((figure.name, e)),
        })
        .collect();
    let mut ok = Vec::with_capacity(drawn.len());
    let mut problems = Vec::new();
    for d in drawn {
        match d {
            Ok(f) => ok.push(f),
            Err((name, e)) => problems.push(
                Diagnostic::warning(
                    "chart-failed",
                    format!("failed to draw the chart `{name}` ({e})"),
                )
                .hint("the other charts are drawn; the publication shows the figure's data without it"),
            ),
        }
    }
    (ok, problems)
}

/// The figures of one indicator: its time series, and per disaggregation dimension the
/// values by group and the leaving-no-one-behind gap.
pub fn indicator_figures(
    src: &FigureSource<'_>,
    ind: &Indicator,
    lang: &str,
    words: &Labels,
) -> Vec<Figure> {
    let result = src.evaluation.get(&ind.id, src.place);
    let mut out = Vec::new();
    let figure = |name: String, chart: Chart| Figure {
        name,
        indicator: Some(ind.id.clone()),
        place: src.place.to_string(),
        chart,
    };
    if let Some(chart) = indicator_chart(src, ind, result, lang) {
        out.push(figure(ind.id.clone(), chart));
    }
    let Some(result) = result else {
        return out;
    };
    for (dimension, chart) in disaggregations(src, ind, result, lang, words) {
        out.push(figure(
            format!("{}.by-{}", ind.id, slug(&dimension)),
            Chart::Disaggregation(chart),
        ));
    }
    for (dimension, chart) in gaps(src, ind, result, lang, words) {
        out.push(figure(
            format!("{}.gap-{}", ind.id, slug(&dimension)),
            Chart::Gap(chart),
        ));
    }
    out.extend(crate::publish::map_figures::indicator_maps(
        src,
        ind,
        Some(result),
        lang,
        words,
    ));
    out
}

/// The chart of an indicator's headline: a milestone strip for a binary indicator (a law,
/// plan or institution: in place since a year, or due by its deadline; never a trend line),
/// else its time series.
pub fn indicator_chart(
    src: &FigureSource<'_>,
    ind: &Indicator,
    result: Option<&IndicatorResult>,
    lang: &str,
) -> Option<Chart> {
    if let Some(st) = src.stages.structural.get(&ind.id) {
        let status = match st.status {
            TargetStatus::Met => Status::Met,
            TargetStatus::Due => Status::Due,
            TargetStatus::Overdue => Status::Overdue,
            TargetStatus::NotMet => Status::NotMet,
            _ => return None,
        };
        let as_of = src
            .assessment
            .map(|a| a.settings.reference_year)
            .or(st.as_of)?;
        return Some(Chart::Milestones(MilestonesChart {
            title: ind.title.get(lang).to_string(),
            as_of,
            milestones: vec![Milestone {
                label: ind.title.get(lang).to_string(),
                deadline: st.deadline,
                met: st.since.filter(|_| st.in_place),
                status,
            }],
        }));
    }
    time_series(src, ind, result, lang).map(Chart::TimeSeries)
}

/// A file-name-safe form of a dimension name: lowercase ASCII letters and digits, `-` between.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        // a name of letters outside ASCII: its characters' code points keep names distinct
        out = text
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| format!("{:x}", u32::from(c)))
            .collect::<Vec<_>>()
            .join("-");
    }
    out
}

/// A value with its year (and period), as the evaluation holds it.
fn dated(o: &Observation) -> Option<Dated> {
    o.value.map(|value| Dated {
        year: o.year,
        period: o.period().map(str::to_string),
        value,
    })
}

/// The points of a series: suppressed values are left out, never filled in.
fn points(series: &Series) -> Vec<Point> {
    series
        .observations
        .iter()
        .map(|o| Point {
            year: o.year,
            value: o.value.filter(|_| !o.suppressed),
        })
        .collect()
}

/// A series as a labelled line with its latest value.
fn line(label: String, series: &Series) -> Line {
    Line {
        label,
        points: points(series),
        latest: series.latest().and_then(dated),
    }
}

/// What every chart of an indicator states: title, unit, source and decimals.
pub(crate) fn about(
    src: &FigureSource<'_>,
    ind: &Indicator,
    result: Option<&IndicatorResult>,
    lang: &str,
) -> About {
    // The data's source, as the dataset declares it: never the indicator's `sources`, which
    // name where the definition came from (a library, a handbook), not who published the data.
    let source = result.and_then(|r| {
        let series = r.headline().or_else(|| r.series.first())?;
        dataset_source(src, r, series, lang)
    });
    About {
        title: ind.title.get(lang).to_string(),
        unit: build::unit(src.ws, ind, result, lang),
        source,
        decimals: build::decimals(ind, result),
    }
}

/// The time series of an indicator's headline, when it has values: observations, baseline,
/// target as the YAML states it, trajectory, latest value and assessed status. Indicators
/// whose first target is a binary milestone get none (the milestones chart shows them).
pub fn time_series(
    src: &FigureSource<'_>,
    ind: &Indicator,
    result: Option<&IndicatorResult>,
    lang: &str,
) -> Option<TimeSeriesChart> {
    let headline = result.and_then(IndicatorResult::headline)?;
    let latest = headline.latest()?;
    if matches!(ind.targets.first(), Some(Target::Milestone(_))) {
        return None;
    }
    let project = src.ws.project();
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
    Some(TimeSeriesChart {
        about: about(src, ind, result, lang),
        series: vec![line(ind.title.get(lang).to_string(), headline)],
        baseline: build::baseline(headline, build::base_year(ind, project)).and_then(dated),
        trajectory: trajectory && target.is_some(),
        target,
        latest: dated(latest),
        status: src.stages.statuses.get(&ind.id).map(|s| s.status),
    })
}

/// The source of a series' first value, as its dataset declares it (see [`data_source`]).
fn dataset_source(
    src: &FigureSource<'_>,
    result: &IndicatorResult,
    series: &Series,
    lang: &str,
) -> Option<String> {
    data_source(src.ws, src.evaluation, result, series, lang)
}

/// Who published the data of a series' first value, as its dataset declares it: the source's
/// name and publisher (`name, publisher`), else the dataset's title. Never an indicator's
/// `sources`, which name where its definition came from (a library, a handbook). The one
/// source line of every chart and table that cites data.
pub fn data_source(
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
    // a dataset by its id, or one file of a dataset declared by a pattern (`data/values/*.csv`)
    let spec = ws.project().datasets.iter().find(|d| match &d.id {
        Some(id) => *id == file.dataset,
        None => globset::Glob::new(&d.path)
            .ok()
            .is_some_and(|g| g.compile_matcher().is_match(&file.file)),
    })?;
    spec.source
        .as_ref()
        .map(|s| match &s.publisher {
            Some(p) => format!("{}, {}", s.name.get(lang), p.get(lang)),
            None => s.name.get(lang).to_string(),
        })
        .or_else(|| spec.title.as_ref().map(|t| t.get(lang).to_string()))
}

/// The series of one disaggregation dimension (those broken down by it alone), by dimension.
pub(crate) fn by_dimension(result: &IndicatorResult) -> BTreeMap<&str, Vec<(&str, &Series)>> {
    let mut out: BTreeMap<&str, Vec<(&str, &Series)>> = BTreeMap::new();
    for s in &result.series {
        if s.disaggregation.len() != 1 {
            continue;
        }
        if let Some((dim, group)) = s.disaggregation.iter().next() {
            out.entry(dim.as_str())
                .or_default()
                .push((group.as_str(), s));
        }
    }
    out
}

/// The values by group of every dimension with at least one value, with the worst-off and
/// best-off groups the assessment found.
fn disaggregations(
    src: &FigureSource<'_>,
    ind: &Indicator,
    result: &IndicatorResult,
    lang: &str,
    words: &Labels,
) -> Vec<(String, DisaggregationChart)> {
    let total = result
        .headline()
        .filter(|h| h.latest().is_some())
        .map(|h| line(words.get("total"), h));
    by_dimension(result)
        .into_iter()
        .filter(|(_, groups)| groups.iter().any(|(_, s)| s.latest().is_some()))
        .map(|(dim, groups)| {
            let gap = src.stages.gaps.get(&(ind.id.clone(), dim.to_string()));
            let index_of = |name: &str| groups.iter().position(|(g, _)| *g == name);
            let words = DataWords::new(src.ws, lang);
            let chart = DisaggregationChart {
                about: about(src, ind, Some(result), lang),
                dimension: words.dimension(dim),
                total: total.clone(),
                groups: groups
                    .iter()
                    .map(|(g, s)| line(words.category(dim, g), s))
                    .collect(),
                worst_off: gap.and_then(|g| index_of(&g.worst.0)),
                // the best-off reliable group as the assessment found it (the gap itself is
                // measured to the reference group, which need not be the best off)
                best_off: src
                    .assessment
                    .and_then(|a| {
                        a.results
                            .iter()
                            .find(|r| r.indicator == ind.id && r.place == src.place)
                    })
                    .and_then(|r| r.leaving_no_one_behind.iter().find(|g| g.dimension == dim))
                    .and_then(|g| index_of(&g.best_off.group))
                    .or_else(|| gap.and_then(|g| index_of(&g.best.0))),
            };
            (dim.to_string(), chart)
        })
        .collect()
}

/// The leaving-no-one-behind gap of every dimension the assessment found one for: the
/// worst-off and best-off groups' series, the total, the gap in its year and its trend.
fn gaps(
    src: &FigureSource<'_>,
    ind: &Indicator,
    result: &IndicatorResult,
    lang: &str,
    words: &Labels,
) -> Vec<(String, GapChart)> {
    let Some(assessment) = src.assessment else {
        return Vec::new();
    };
    let Some(a) = assessment
        .results
        .iter()
        .find(|a| a.indicator == ind.id && a.place == src.place)
    else {
        return Vec::new();
    };
    let dims = by_dimension(result);
    let total = result
        .headline()
        .filter(|h| h.latest().is_some())
        .map(|h| line(words.get("total"), h));
    a.leaving_no_one_behind
        .iter()
        .filter_map(|g| {
            let groups = dims.get(g.dimension.as_str())?;
            let series = |name: &str| groups.iter().find(|(n, _)| *n == name).map(|(_, s)| *s);
            let worst = series(&g.worst.group)?;
            let best = series(&g.reference.group)?;
            let words = DataWords::new(src.ws, lang);
            let chart = GapChart {
                about: about(src, ind, Some(result), lang),
                dimension: words.dimension(&g.dimension),
                worst_off: line(words.category(&g.dimension, &g.worst.group), worst),
                best_off: line(words.category(&g.dimension, &g.reference.group), best),
                total: total.clone(),
                gap: Some(Dated {
                    year: g.year,
                    period: None,
                    value: g.gap_to_reference.difference.abs(),
                }),
                trend: match g.trend {
                    crate::assess::GapTrend::Narrowing => Some(GapTrend::Narrowing),
                    crate::assess::GapTrend::Widening => Some(GapTrend::Widening),
                    crate::assess::GapTrend::Unchanged => Some(GapTrend::Stable),
                    crate::assess::GapTrend::Unknown => None,
                },
            };
            Some((g.dimension.clone(), chart))
        })
        .collect()
}

/// The status an indicator is shown with (see [`build::shown_status`]).
fn shown(src: &FigureSource<'_>, ind: &Indicator) -> Status {
    let has_value = src
        .evaluation
        .get(&ind.id, src.place)
        .and_then(IndicatorResult::headline)
        .and_then(Series::latest)
        .is_some();
    build::shown_status(src.stages, &ind.id, has_value)
}

/// Indicators by status per group, in the order of the statuses' tones (zeros left out).
fn counts(statuses: impl Iterator<Item = Status>) -> Vec<StatusCount> {
    let mut by: BTreeMap<(crate::publish::charts::Tone, Status), u32> = BTreeMap::new();
    for s in statuses {
        *by.entry((s.tone(), s)).or_default() += 1;
    }
    by.into_iter()
        .map(|((_, status), count)| StatusCount { status, count })
        .collect()
}

/// The goal whose chapter shows an indicator: its first SDG link's goal, or `other`.
pub fn chapter_goal(ind: &Indicator) -> String {
    ind.links
        .sdg
        .first()
        .map(|l| l.goal().to_string())
        .unwrap_or_else(|| "other".to_string())
}

/// The goal chapters in order: every goal of the framework and any other goal the indicators
/// name, by number, then `other` when some indicator has no SDG link.
pub fn chapter_order<'a>(
    framework: impl IntoIterator<Item = &'a String>,
    used: impl IntoIterator<Item = &'a String>,
) -> Vec<String> {
    let mut codes: Vec<String> = framework.into_iter().cloned().collect();
    let mut other = false;
    for code in used {
        if code == "other" {
            other = true;
        } else if !codes.contains(code) {
            codes.push(code.clone());
        }
    }
    codes.sort_by_key(|c| code_order(c));
    if other {
        codes.push("other".to_string());
    }
    codes
}

/// The goal dashboard: a tile per goal of the framework (and one for the indicators without
/// an SDG link), each with the indicators of its chapter by the status they are shown with,
/// so that the tiles add up to the number of indicators.
pub fn sdg_dashboard(src: &FigureSource<'_>, lang: &str, words: &Labels) -> DashboardChart {
    let mut by_goal: BTreeMap<String, Vec<Status>> = BTreeMap::new();
    for a in &src.ws.active {
        by_goal
            .entry(chapter_goal(&a.indicator))
            .or_default()
            .push(shown(src, &a.indicator));
    }
    let codes = chapter_order(src.ws.sdg.goals.keys(), by_goal.keys());
    DashboardChart {
        title: words.get("dashboard-sdg"),
        columns: None,
        tiles: codes
            .into_iter()
            .map(|code| {
                let statuses = by_goal.remove(&code).unwrap_or_default();
                let label = if code == "other" {
                    words.get("other-indicators")
                } else {
                    src.ws
                        .sdg
                        .short_title(&code, lang)
                        .or_else(|| src.ws.sdg.title(&code, lang))
                        .unwrap_or(&code)
                        .to_string()
                };
                Tile {
                    code: (code != "other").then(|| code.clone()),
                    label,
                    theme: code.parse().map(Theme::Sdg).unwrap_or(Theme::Neutral),
                    counts: counts(statuses.into_iter()),
                }
            })
            .collect(),
    }
}

/// Human-rights indicators by OHCHR type (structural, process, outcome), when any has a type.
pub fn ohchr_dashboard(src: &FigureSource<'_>, words: &Labels) -> Option<DashboardChart> {
    let typed: Vec<(&Indicator, OhchrType)> = src
        .ws
        .active
        .iter()
        .filter_map(|a| a.indicator.links.ohchr_type.map(|t| (&a.indicator, t)))
        .collect();
    if typed.is_empty() {
        return None;
    }
    Some(DashboardChart {
        title: words.get("dashboard-ohchr"),
        columns: Some(3),
        tiles: OhchrType::ALL
            .iter()
            .map(|t| Tile {
                code: None,
                label: words.get(&format!("type-{}", t.name())),
                theme: Theme::Ohchr(*t),
                counts: counts(
                    typed
                        .iter()
                        .filter(|(_, x)| x == t)
                        .map(|(i, _)| shown(src, i)),
                ),
            })
            .collect(),
    })
}

/// Indicators by the human right they inform on (an indicator counts under each right it
/// links to), rights in the order of their ids, when any indicator links to a right.
pub fn rights_dashboard(
    src: &FigureSource<'_>,
    lang: &str,
    words: &Labels,
) -> Option<DashboardChart> {
    let mut by_right: BTreeMap<&str, Vec<Status>> = BTreeMap::new();
    for a in &src.ws.active {
        let mut rights: Vec<&str> = a
            .indicator
            .links
            .rights
            .iter()
            .map(|r| r.right.as_str())
            .collect();
        rights.sort_unstable();
        rights.dedup();
        for r in rights {
            by_right
                .entry(r)
                .or_default()
                .push(shown(src, &a.indicator));
        }
    }
    if by_right.is_empty() {
        return None;
    }
    Some(DashboardChart {
        title: words.get("dashboard-rights"),
        columns: Some(4),
        tiles: by_right
            .into_iter()
            .map(|(id, statuses)| Tile {
                code: None,
                label: src
                    .ws
                    .rights
                    .iter()
                    .find(|r| r.value.id == id)
                    .map(|r| r.value.title.get(lang).to_string())
                    .unwrap_or_else(|| id.to_string()),
                theme: Theme::Neutral,
                counts: counts(statuses.into_iter()),
            })
            .collect(),
    })
}

/// Indicators by Balanced Score Card perspective, when any indicator has one.
pub fn perspective_dashboard(src: &FigureSource<'_>, words: &Labels) -> Option<DashboardChart> {
    let with: Vec<(&Indicator, Perspective)> = src
        .ws
        .active
        .iter()
        .filter_map(|a| a.indicator.links.perspective.map(|p| (&a.indicator, p)))
        .collect();
    if with.is_empty() {
        return None;
    }
    Some(DashboardChart {
        title: words.get("dashboard-bsc"),
        columns: Some(4),
        tiles: Perspective::ALL
            .iter()
            .map(|p| Tile {
                code: None,
                label: words.get(&format!("perspective-{}", p.name())),
                theme: Theme::Perspective(*p),
                counts: counts(
                    with.iter()
                        .filter(|(_, x)| x == p)
                        .map(|(i, _)| shown(src, i)),
                ),
            })
            .collect(),
    })
}

/// ESCAP progress made against progress needed, per goal: the goal summaries' average current
/// status index, when the assessment has one for at least one goal.
pub fn escap_progress(src: &FigureSource<'_>, lang: &str, words: &Labels) -> Option<ProgressChart> {
    let assessment = src.assessment?;
    let summary = assessment.summaries.iter().find(|s| s.place == src.place)?;
    if summary
        .goals
        .iter()
        .all(|g| g.escap_current_status.is_none())
    {
        return None;
    }
    let settings = &assessment.settings;
    // the latest year of the data the indices are measured at
    let latest_year = assessment
        .results
        .iter()
        .filter(|r| r.place == src.place)
        .filter_map(|r| r.latest.map(|l| l.year))
        .max()?;
    let span = settings.target_year - settings.base_year;
    let expected = (span > 0 && latest_year >= settings.base_year)
        .then(|| (f64::from(latest_year - settings.base_year) / f64::from(span)).min(1.0));
    Some(ProgressChart {
        title: words.get("progress-by-goal"),
        base_year: settings.base_year,
        latest_year,
        target_year: settings.target_year,
        expected,
        goals: summary
            .goals
            .iter()
            .map(|g| GoalProgress {
                code: Some(g.goal.clone()),
                label: src
                    .ws
                    .sdg
                    .short_title(&g.goal, lang)
                    .or_else(|| src.ws.sdg.title(&g.goal, lang))
                    .unwrap_or(&g.goal)
                    .to_string(),
                theme: g.goal.parse().map(Theme::Sdg).unwrap_or(Theme::Neutral),
                made: g.escap_current_status,
                indicators: u32::try_from(g.escap_indicators).unwrap_or(u32::MAX),
            })
            .collect(),
    })
}

/// The binary milestones of the place: met, due or overdue, by deadline then indicator.
pub fn milestones(src: &FigureSource<'_>, lang: &str, words: &Labels) -> Option<MilestonesChart> {
    let assessment = src.assessment?;
    let mut rows: Vec<(i32, String, Milestone)> = Vec::new();
    for a in assessment.results.iter().filter(|a| a.place == src.place) {
        let Some(ind) = src
            .ws
            .active
            .iter()
            .find(|x| x.indicator.id == a.indicator)
            .map(|x| &x.indicator)
        else {
            continue;
        };
        for t in &a.targets {
            let TargetDetail::Milestone { deadline, met, .. } = &t.detail else {
                continue;
            };
            let status = match t.status {
                TargetStatus::Met => Status::Met,
                TargetStatus::Overdue => Status::Overdue,
                TargetStatus::Due => Status::Due,
                _ => continue,
            };
            rows.push((
                *deadline,
                ind.id.clone(),
                Milestone {
                    label: ind.title.get(lang).to_string(),
                    deadline: Some(*deadline),
                    met: *met,
                    status,
                },
            ));
        }
    }
    if rows.is_empty() {
        return None;
    }
    rows.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    Some(MilestonesChart {
        title: words.get("milestones"),
        as_of: assessment.settings.reference_year,
        milestones: rows.into_iter().map(|(_, _, m)| m).collect(),
    })
}

/// The groups of one dimension of a budget indicator: group -> series.
pub(crate) fn budget_groups<'e>(
    src: &FigureSource<'e>,
    id: &str,
    dimension: &str,
) -> BTreeMap<&'e str, &'e Series> {
    let mut out = BTreeMap::new();
    if let Some(r) = src.evaluation.get(id, src.place) {
        for s in &r.series {
            if s.disaggregation.len() == 1
                && let Some(group) = s.disaggregation.get(dimension)
            {
                out.insert(group.as_str(), s);
            }
        }
    }
    out
}

/// The label of a budget group: a right's title, an SDG goal's short title, or the group.
fn budget_label(src: &FigureSource<'_>, dimension: &str, group: &str, lang: &str) -> String {
    let named = match dimension {
        "Right" => src
            .ws
            .rights
            .iter()
            .find(|r| r.value.id == group)
            .map(|r| r.value.title.get(lang).to_string()),
        "SDG" => src
            .ws
            .sdg
            .short_title(group, lang)
            .map(|t| format!("{group} {t}")),
        _ => None,
    };
    named.unwrap_or_else(|| group.to_string())
}

/// The currency of the budget: the budget stage's, or the unit of the budget indicator.
fn currency(src: &FigureSource<'_>, id: &str, lang: &str) -> Option<String> {
    if let Some(c) = src.budget.and_then(|b| b.currency.as_deref()) {
        let c = crate::load::words::currency_symbol(c).to_string();
        return Some(c);
    }
    let ind = src.ws.active.iter().find(|a| a.indicator.id == id)?;
    build::unit(
        src.ws,
        &ind.indicator,
        src.evaluation.get(id, src.place),
        lang,
    )
}

/// Spending by right (or SDG goal) over time, nominal and real, from the budget results
/// joined into the evaluation (`budget-executed` and `budget-executed-real`).
///
/// The budget stage (`crate::budget`) produces these as [`IndicatorResult`]s; without its
/// results joined into the evaluation and its analysis (the price base year) there are no
/// budget figures.
pub fn budget_spending(
    src: &FigureSource<'_>,
    lang: &str,
    words: &Labels,
    dimension: &str,
) -> Option<BudgetChart> {
    let price_base_year = src.budget?.base_year?;
    let nominal = budget_groups(src, budget_ids::EXECUTED, dimension);
    let real = budget_groups(src, budget_ids::EXECUTED_REAL, dimension);
    if nominal.is_empty() && real.is_empty() {
        return None;
    }
    let mut groups: Vec<&str> = nominal.keys().chain(real.keys()).copied().collect();
    groups.sort_unstable();
    groups.dedup();
    let value_in = |s: Option<&&Series>, year: i32| {
        s.and_then(|s| s.observations.iter().find(|o| o.year == year))
            .and_then(|o| o.value)
    };
    let mut lines: Vec<SpendingLine> = groups
        .iter()
        .map(|g| {
            let (n, r) = (nominal.get(g), real.get(g));
            let mut years: Vec<i32> = n
                .iter()
                .chain(r.iter())
                .flat_map(|s| s.observations.iter().map(|o| o.year))
                .collect();
            years.sort_unstable();
            years.dedup();
            SpendingLine {
                label: budget_label(src, dimension, g, lang),
                theme: (dimension == "SDG")
                    .then(|| g.parse().ok().map(Theme::Sdg))
                    .flatten(),
                years: years
                    .into_iter()
                    .map(|year| Spending {
                        year,
                        nominal: value_in(n, year),
                        real: value_in(r, year),
                    })
                    .collect(),
            }
        })
        .collect();
    // the lines with the largest latest real spending first (the chart shows the first ones)
    let latest_real = |l: &SpendingLine| {
        l.years
            .iter()
            .rev()
            .find_map(|s| s.real.or(s.nominal))
            .unwrap_or(f64::NEG_INFINITY)
    };
    lines.sort_by(|a, b| {
        latest_real(b)
            .total_cmp(&latest_real(a))
            .then(a.label.cmp(&b.label))
    });
    let key = if dimension == "SDG" {
        "budget-by-sdg"
    } else {
        "budget-by-right"
    };
    Some(BudgetChart {
        about: About {
            title: words.get(key),
            unit: currency(src, budget_ids::EXECUTED, lang),
            source: None,
            decimals: 0,
        },
        price_base_year,
        lines,
    })
}

/// Budget execution by right (or SDG goal) in the latest year with executed amounts:
/// approved, revised and executed amounts with the execution rate the budget stage gives.
pub fn budget_execution(
    src: &FigureSource<'_>,
    lang: &str,
    words: &Labels,
    dimension: &str,
) -> Option<ExecutionChart> {
    src.budget?;
    let approved = budget_groups(src, budget_ids::APPROVED, dimension);
    let revised = budget_groups(src, budget_ids::REVISED, dimension);
    let executed = budget_groups(src, budget_ids::EXECUTED, dimension);
    let rate = budget_groups(src, budget_ids::EXECUTION_RATE, dimension);
    let year = executed
        .values()
        .filter_map(|s| s.latest().map(|o| o.year))
        .max()?;
    let value = |m: &BTreeMap<&str, &Series>, g: &str| {
        m.get(g)
            .and_then(|s| s.observations.iter().find(|o| o.year == year))
            .and_then(|o| o.value)
    };
    // goals in their order (2 before 10), other groups by name
    let mut groups: Vec<&str> = approved.keys().copied().collect();
    if dimension == "SDG" {
        groups.sort_by_key(|g| crate::load::sdg::code_order(g));
    }
    let rows: Vec<Execution> = groups
        .into_iter()
        .filter_map(|g| {
            Some(Execution {
                label: budget_label(src, dimension, g, lang),
                approved: value(&approved, g)?,
                revised: value(&revised, g),
                executed: value(&executed, g),
                rate: value(&rate, g),
            })
        })
        .collect();
    if rows.is_empty() {
        return None;
    }
    let key = if dimension == "SDG" {
        "execution-by-sdg"
    } else {
        "execution-by-right"
    };
    Some(ExecutionChart {
        about: About {
            title: words.get(key),
            unit: currency(src, budget_ids::APPROVED, lang),
            source: None,
            decimals: 0,
        },
        year,
        rows,
    })
}

/// Distance-to-target rankings of places per goal (the goal scores of the place summaries),
/// when at least two places have a score for the goal and the place shown is among them.
pub fn goal_rankings(src: &FigureSource<'_>, lang: &str, words: &Labels) -> Vec<Figure> {
    let Some(assessment) = src.assessment else {
        return Vec::new();
    };
    let mut goals: Vec<&str> = assessment
        .summaries
        .iter()
        .flat_map(|s| s.goals.iter().map(|g| g.goal.as_str()))
        .collect();
    goals.sort_by_key(|g| code_order(g));
    goals.dedup();
    let names: BTreeMap<&str, &str> = src
        .evaluation
        .places
        .iter()
        .filter_map(|p| p.name.as_deref().map(|n| (p.geocode.as_str(), n)))
        .collect();
    let project = src.ws.project();
    let mut out = Vec::new();
    for goal in goals {
        let mut places: Vec<(&str, Option<f64>)> = assessment
            .summaries
            .iter()
            .map(|s| {
                let score = s
                    .goals
                    .iter()
                    .find(|g| g.goal == goal)
                    .and_then(|g| g.score);
                (s.place.as_str(), score)
            })
            .collect();
        if places.iter().filter(|(_, s)| s.is_some()).count() < 2 {
            continue;
        }
        // best first, places without a score last, ties by GeoCode
        places.sort_by(|a, b| match (a.1, b.1) {
            (Some(x), Some(y)) => y.total_cmp(&x).then(a.0.cmp(b.0)),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => a.0.cmp(b.0),
        });
        let Some(highlight) = places.iter().position(|(p, _)| *p == src.place) else {
            continue;
        };
        // competition ranking: equal scores share a rank
        let mut ranked = Vec::with_capacity(places.len());
        let mut rank = 0u32;
        let mut previous: Option<f64> = None;
        for (i, (place, score)) in places.iter().enumerate() {
            if score.is_some() && *score != previous {
                rank = u32::try_from(i + 1).unwrap_or(u32::MAX);
                previous = *score;
            }
            let name = if *place == project.place.geocode {
                project.place.name.get(lang).to_string()
            } else {
                names
                    .get(place)
                    .map_or_else(|| place.to_string(), |n| n.to_string())
            };
            ranked.push(RankedPlace {
                name,
                score: *score,
                rank: score.map(|_| rank),
            });
        }
        let goal_title = src
            .ws
            .sdg
            .short_title(goal, lang)
            .or_else(|| src.ws.sdg.title(goal, lang))
            .unwrap_or(goal);
        out.push(Figure {
            name: format!("ranking-goal-{}", slug(goal)),
            indicator: None,
            place: src.place.to_string(),
            chart: Chart::Ranking(RankingChart {
                about: About {
                    title: words
                        .get("ranking-goal")
                        .replace("{goal}", goal)
                        .replace("{title}", goal_title),
                    unit: Some(words.get("score-0-100")),
                    source: None,
                    decimals: 1,
                },
                places: ranked,
                highlight,
            }),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_safe_file_names() {
        assert_eq!(slug("Sex"), "sex");
        assert_eq!(slug("Race/colour"), "race-colour");
        assert_eq!(slug("  Age group (years) "), "age-group-years");
        assert_eq!(slug("Região"), "regi-o");
        assert_eq!(slug("性别"), "6027-522b");
    }
}
