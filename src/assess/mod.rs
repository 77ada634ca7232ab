//! Assess stage: progress against targets, scores, non-retrogression, gaps and uncertainty, read from an evaluation the privacy stage has suppressed.
//!
//! The privacy stage ([`crate::privacy`]) has suppressed small cells in the [`Evaluation`]
//! before (so that no later stage and no output ever sees them); [`assess_with`] reads it and
//! assesses every active indicator for every place:
//!
//! - the progress methods ([`progress`]) on every series, the project's method first and its
//!   `also` methods after it, each with its own status and a common [`Category`];
//! - every target ([`targets`]) on the headline (non-retrogression on every series);
//! - 95% confidence intervals ([`interval`]) where a value has a numerator and denominator;
//! - distance-to-target scores across places ([`score`]);
//! - leaving no one behind ([`lnob`]) per disaggregation dimension;
//! - award schemes of banded targets, and summaries per goal, right and OHCHR type.
//!
//! Which values are used: progress methods, target checks, non-retrogression and
//! distance-to-target scores use the `Progress` column where a dataset has one (it replaces
//! `Value` for assessment only); the latest value shown and the leaving-no-one-behind gaps use
//! the published `Value`. Base year: the indicator's `assessment.base-year`, else the
//! project's (a target's `baseline-year` overrides both for the methods), then the first year
//! with data from it on. Target year: the target's `year`, else the indicator's
//! `assessment.target-year`, else the project's.

mod cell;
pub mod interval;
pub mod lnob;
pub mod progress;
pub mod result;
pub mod score;
pub mod summary;
pub mod targets;

pub use result::*;

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::evaluate::{Evaluation, IndicatorResult, Observation, Series};
use crate::load::Workspace;
use crate::model::indicator::OhchrType;
use crate::model::{
    Aggregate, Computation, Direction, Indicator, MilestoneTarget, ProgressMethod, Project,
    Statistic, Target, Vocabulary,
};
use crate::privacy::{CountSource, Privacy};

use progress::{ProgressInput, ProgressTarget};
use targets::{SeriesPoints, TargetContext};

/// Options of an assessment that do not come from the project.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AssessOptions {
    /// The year milestones are judged in (due or overdue).
    pub reference_year: i32,
}

impl AssessOptions {
    /// The reference year: the year of `SOURCE_DATE_EPOCH` when set, else the latest year with a
    /// value in the evaluation (never the wall clock, so that identical inputs give identical
    /// results; set `SOURCE_DATE_EPOCH` to judge milestones as of the publication date).
    pub fn for_evaluation(eval: &Evaluation) -> Self {
        let latest = eval.results.iter().filter_map(latest_year).max();
        Self::with_latest_year(latest)
    }

    /// The reference year: the year of `SOURCE_DATE_EPOCH` when set, else `latest` (the
    /// latest year with a value in the whole evaluation, see [`latest_year`]).
    pub fn with_latest_year(latest: Option<i32>) -> Self {
        AssessOptions {
            reference_year: Self::source_year().or(latest).unwrap_or(1980),
        }
    }

    /// The year of `SOURCE_DATE_EPOCH`, when set.
    pub fn source_year() -> Option<i32> {
        match crate::clock::source_date() {
            Ok(Some(date)) => Some(date.year()),
            _ => None,
        }
    }
}

/// The latest year with a value in a result (any series).
pub fn latest_year(r: &IndicatorResult) -> Option<i32> {
    r.series
        .iter()
        .filter_map(|s| s.latest())
        .map(|o| o.year)
        .max()
}

/// Assesses every active indicator and place of an evaluation whose small cells the privacy
/// stage has suppressed (see [`crate::privacy::Privacy::suppress`], whose count of
/// suppressed cells the assessment reports).
pub fn assess_with(
    ws: &Workspace,
    eval: &Evaluation,
    options: &AssessOptions,
    privacy: &Privacy,
    suppressed_cells: usize,
) -> Assessment {
    let places = places(ws.project(), eval);
    let mut assessor = Assessor::new(ws, options, places, privacy);
    let results = assessor.window(eval, 0..ws.active.len());
    let mut assessment = assessor.finish(suppressed_cells);
    assessment.results = results;
    assessment
}

/// Assesses a project's active indicators window by window (a window is a run of indicators
/// in id order, with their results for every place), so that a national evaluation need
/// never be held whole. The privacy stage suppresses each window first (a window holds the
/// indicators that share suppressions, see [`Privacy::reach`]); the assessment only reads
/// it. Summaries and awards are added up as windows come.
pub struct Assessor<'a> {
    plans: Vec<Plan<'a>>,
    places: Vec<String>,
    own_place: String,
    settings: SettingsUsed,
    awards: summary::Awards,
    summaries: summary::Summaries,
}

impl<'a> Assessor<'a> {
    /// Prepares the assessment of every active indicator of `ws` for `places` (sorted, every
    /// place of the whole evaluation), with what the privacy stage knows of their counts.
    pub fn new(
        ws: &'a Workspace,
        options: &AssessOptions,
        places: Vec<String>,
        privacy: &Privacy,
    ) -> Assessor<'a> {
        let project = ws.project();
        let indicators: Vec<&Indicator> = ws.active.iter().map(|a| &a.indicator).collect();
        let settings = SettingsUsed {
            method: project.assessment.method,
            also: also_methods(project.assessment.method, &project.assessment.also),
            base_year: project.base_year,
            target_year: project.target_year,
            reference_year: options.reference_year,
            minimum_count: project.privacy.minimum_count,
            unstable_at_most: project.privacy.unstable_at_most,
            confidence: interval::CONFIDENCE,
        };
        let plans: Vec<Plan> = indicators
            .iter()
            .zip(privacy.indicators())
            .map(|(ind, d)| {
                let mut plan = Plan::new(ind, project, options, &ws.vocabulary);
                plan.values_are_counts = d.count == CountSource::Value;
                plan
            })
            .collect();
        // What the YAML records (milestones met, justifications) describes the project's place.
        let own_place = if places.len() == 1 {
            places[0].clone()
        } else {
            project.place.geocode.clone()
        };
        let awards = summary::Awards::new(ws, &indicators, &places);
        let summaries = summary::Summaries::new(&places);
        Assessor {
            plans,
            places,
            own_place,
            settings,
            awards,
            summaries,
        }
    }

    /// Whether the assessment of the indicators in `range` depends on the reference year
    /// (milestone targets are due or overdue by it).
    pub fn uses_reference_year(&self, range: std::ops::Range<usize>) -> bool {
        self.plans[range].iter().any(|p| p.milestone.is_some())
    }

    /// Assesses the active indicators at positions `range` for every place, from the results
    /// of `eval` (suppressed by the privacy stage; it holds the results of those indicators
    /// and of no others it shares suppressions with outside `range`). Returns their
    /// assessments, sorted by indicator then place.
    pub fn window(
        &mut self,
        eval: &Evaluation,
        range: std::ops::Range<usize>,
    ) -> Vec<IndicatorAssessment> {
        let plans = &self.plans[range.clone()];
        let eval_ref: &Evaluation = eval;
        let own_place = self.own_place.as_str();
        let jobs: Vec<(&Plan, &str)> = plans
            .iter()
            .flat_map(|p| self.places.iter().map(move |pl| (p, pl.as_str())))
            .collect();
        let mut assessed: Vec<(IndicatorAssessment, Extra)> = jobs
            .par_iter()
            .map(|(plan, place)| {
                let result = eval_ref.get(&plan.ind.id, place);
                assess_one(plan, place, *place == own_place, result)
            })
            .collect();
        // Distance to target across places: jobs are grouped by indicator.
        let n = self.places.len();
        let mut out = Vec::with_capacity(assessed.len());
        for (k, plan) in plans.iter().enumerate() {
            let chunk = &mut assessed[k * n..(k + 1) * n];
            distance_to_target(plan, chunk);
            self.awards.add(range.start + k, &plan.ind.id, chunk);
            self.summaries.add(plan.ind, chunk);
        }
        out.extend(assessed.into_iter().map(|(a, _)| a));
        out
    }

    /// The settings used (with the reference year given at the start).
    pub fn settings(&self) -> &SettingsUsed {
        &self.settings
    }

    /// The assessment without its results: settings, awards, summaries, and the number of
    /// cells the privacy stage suppressed in every window (as it counted them).
    pub fn finish(self, suppressed_cells: usize) -> Assessment {
        Assessment {
            settings: self.settings,
            results: Vec::new(),
            awards: self.awards.finish(),
            summaries: self.summaries.finish(),
            suppressed_cells,
        }
    }
}

/// The `also` methods without the published one and without repeats, in the project's order.
fn also_methods(method: ProgressMethod, also: &[ProgressMethod]) -> Vec<ProgressMethod> {
    let mut out: Vec<ProgressMethod> = Vec::new();
    for m in also {
        if *m != method && !out.contains(m) {
            out.push(*m);
        }
    }
    out
}

/// The places assessed: those of the evaluation, else the project's place.
pub fn places(project: &Project, eval: &Evaluation) -> Vec<String> {
    let mut out: Vec<String> = eval
        .places
        .iter()
        .map(|p| p.geocode.clone())
        .chain(eval.results.iter().map(|r| r.place.clone()))
        .collect();
    if out.is_empty() {
        out.push(project.place.geocode.clone());
    }
    out.sort();
    out.dedup();
    out
}

/// What is worked out once per indicator.
pub(crate) struct Plan<'a> {
    ind: &'a Indicator,
    assess: bool,
    methods: Vec<ProgressMethod>,
    base_year: i32,
    target_year: i32,
    methods_base_year: i32,
    progress_target: Option<ProgressTarget>,
    statistic: Option<(Statistic, f64)>,
    best: Option<f64>,
    reference_year: i32,
    unstable_at_most: u32,
    vocabulary: &'a Vocabulary,
    /// A structural indicator or one with a milestone target: binary when its values are 0
    /// and 1.
    binary_kind: bool,
    /// The first milestone target, if any.
    milestone: Option<&'a MilestoneTarget>,
    /// Whether the values are counts of people or events (for the reliability of groups).
    values_are_counts: bool,
}

impl<'a> Plan<'a> {
    fn new(
        ind: &'a Indicator,
        project: &Project,
        options: &AssessOptions,
        vocabulary: &'a Vocabulary,
    ) -> Self {
        let over = ind.assessment.clone().unwrap_or_default();
        let method = over.method.unwrap_or(project.assessment.method);
        let mut methods = vec![method];
        methods.extend(also_methods(method, &project.assessment.also));
        let base_year = over.base_year.unwrap_or(project.base_year);
        let target_year = over.target_year.unwrap_or(project.target_year);
        let (progress_target, baseline_year) = progress_target(ind, target_year);
        let statistic = match &ind.computation {
            Some(Computation::Ratio(r)) => r.statistic.map(|s| (s, r.factor)),
            Some(Computation::Share(s)) => Some((Statistic::Proportion, s.factor)),
            Some(Computation::Records(r)) if r.aggregate == Aggregate::Share => {
                Some((Statistic::Proportion, 100.0))
            }
            _ => None,
        };
        let best = over.best.or(progress_target.map(|t| t.value)).or_else(|| {
            ind.targets.iter().find_map(|t| match t {
                Target::Level(l) => Some(l.value),
                Target::Flow(f) => f.at_least.or(f.at_most),
                _ => None,
            })
        });
        Plan {
            ind,
            // a status set by the publisher is never recomputed, and without a desired
            // direction no progress status can be computed
            assess: over.assess.unwrap_or(true)
                && ind.direction.is_stated()
                && ind.status.is_none(),
            methods,
            base_year,
            target_year,
            methods_base_year: baseline_year.unwrap_or(base_year),
            progress_target,
            statistic,
            best,
            reference_year: options.reference_year,
            unstable_at_most: project.privacy.unstable_at_most,
            vocabulary,
            binary_kind: ind.links.ohchr_type == Some(OhchrType::Structural)
                || ind
                    .targets
                    .iter()
                    .any(|t| matches!(t, Target::Milestone(_))),
            milestone: ind.targets.iter().find_map(|t| match t {
                Target::Milestone(m) => Some(m),
                _ => None,
            }),
            values_are_counts: false,
        }
    }

    fn input<'p>(&self, points: &'p [(i32, f64)]) -> ProgressInput<'p> {
        ProgressInput {
            points,
            direction: self.ind.direction,
            base_year: self.methods_base_year,
            target: self.progress_target,
            limit: self.ind.assessment.as_ref().and_then(|a| a.limit),
        }
    }
}

/// The target the progress methods measure against: the first numeric, zero, coverage or
/// threshold target, with its baseline year when it states one.
fn progress_target(ind: &Indicator, default_year: i32) -> (Option<ProgressTarget>, Option<i32>) {
    for t in &ind.targets {
        let found = match t {
            Target::Numeric(n) => Some((n.value, n.year, n.baseline, n.baseline_year)),
            Target::Zero(z) => Some((0.0, z.year, None, z.baseline_year)),
            Target::Coverage(c) => Some((c.value, c.year, None, c.baseline_year)),
            Target::Threshold(th) => {
                let bound = match ind.direction {
                    Direction::Increase => th.above.or(th.below),
                    _ => th.below.or(th.above),
                };
                bound.map(|b| (b, th.year, None, None))
            }
            _ => None,
        };
        if let Some((value, year, baseline, baseline_year)) = found {
            return (
                Some(ProgressTarget {
                    value,
                    year: year.unwrap_or(default_year),
                    baseline,
                }),
                baseline_year,
            );
        }
    }
    (None, None)
}

/// What summaries and scores need besides the assessment itself.
#[derive(Debug, Clone, Default)]
pub(crate) struct Extra {
    /// ESCAP current status index of the headline.
    pub(crate) escap: Option<f64>,
    /// The latest headline value used for assessment.
    pub(crate) latest_assessed: Option<YearValue>,
    /// Whether the indicator is assessed.
    pub(crate) assessed: bool,
}

/// Observations `(year, value)` used for assessment (the `Progress` column where given),
/// and whether the `Progress` column was used.
fn assessment_points(obs: &[Observation]) -> (Vec<(i32, f64)>, bool) {
    let mut used_progress = false;
    // sized once: this runs for every series of every place
    let mut points = Vec::with_capacity(obs.len());
    points.extend(
        obs.iter()
            .filter(|o| !o.suppressed)
            .filter_map(|o| {
                let progress = cell::progress(o);
                if progress.is_some() {
                    used_progress = true;
                }
                progress.or(o.value).map(|v| (o.year, v))
            })
            .filter(|(_, v)| v.is_finite()),
    );
    (points, used_progress)
}

/// Published observations `(year, value)`.
fn published_points(obs: &[Observation]) -> Vec<(i32, f64)> {
    let mut points = Vec::with_capacity(obs.len());
    points.extend(
        obs.iter()
            .filter(|o| !o.suppressed)
            .filter_map(|o| o.value.map(|v| (o.year, v)))
            .filter(|(_, v)| v.is_finite()),
    );
    points
}

/// The published values of a group for leaving no one behind: each with the population behind
/// it, its interval, and whether it is too unstable to compare (a rate from
/// `privacy.unstable-at-most` events or fewer, a proportion of fewer than
/// [`lnob::MIN_PROPORTION_BASE`] people).
fn group_points(plan: &Plan, obs: &[Observation], intervals: &[Interval]) -> Vec<lnob::GroupPoint> {
    obs.iter()
        .filter(|o| !o.suppressed)
        .filter_map(|o| {
            let value = o.value.filter(|v| v.is_finite())?;
            let interval = intervals.iter().find(|i| i.year == o.year);
            let size = cell::denominator(o).filter(|d| d.is_finite() && *d > 0.0);
            let unreliable = match plan.statistic.map(|(s, _)| s) {
                Some(Statistic::Rate) => {
                    interval.is_some_and(|i| i.unstable)
                        || cell::numerator(o).is_some_and(|x| x <= f64::from(plan.unstable_at_most))
                }
                Some(Statistic::Proportion) => size.is_some_and(|n| n < lnob::MIN_PROPORTION_BASE),
                // a count of events: as unstable as a rate from as many events
                _ => plan.values_are_counts && value <= f64::from(plan.unstable_at_most),
            };
            Some(lnob::GroupPoint {
                year: o.year,
                value,
                size,
                interval: interval.map(|i| (i.lower, i.upper)),
                unreliable,
            })
        })
        .collect()
}

fn intervals(plan: &Plan, obs: &[Observation]) -> Vec<Interval> {
    let Some((statistic, factor)) = plan.statistic else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for o in obs.iter().filter(|o| !o.suppressed && o.value.is_some()) {
        let (Some(x), Some(n)) = (cell::numerator(o), cell::denominator(o)) else {
            continue;
        };
        if n.is_nan() || x.is_nan() || n <= 0.0 || x < 0.0 {
            continue;
        }
        let found = match statistic {
            Statistic::Proportion => interval::wilson(x, n)
                .map(|(l, u)| (l * factor, u * factor, IntervalMethod::Wilson, false)),
            Statistic::Rate => interval::poisson_count(x).map(|((l, u), byar)| {
                (
                    l / n * factor,
                    u / n * factor,
                    if byar {
                        IntervalMethod::Byar
                    } else {
                        IntervalMethod::ExactPoisson
                    },
                    x <= f64::from(plan.unstable_at_most),
                )
            }),
            Statistic::Quotient => None,
        };
        if let Some((lower, upper, method, unstable)) = found {
            out.push(Interval {
                year: o.year,
                lower,
                upper,
                method,
                unstable,
            });
        }
    }
    out
}

fn assess_one(
    plan: &Plan,
    place: &str,
    own_place: bool,
    result: Option<&IndicatorResult>,
) -> (IndicatorAssessment, Extra) {
    let empty: Vec<Series> = Vec::new();
    let series: &[Series] = result.map_or(&empty, |r| &r.series);
    let headline = series.iter().find(|s| s.disaggregation.is_empty());
    let latest = headline.and_then(|h| {
        h.latest().filter(|o| !o.suppressed).and_then(|o| {
            o.value.map(|value| YearValue {
                year: o.year,
                value,
            })
        })
    });
    // Per series: points, whether the Progress column was used, intervals.
    let prepared: Vec<Prepared> = series
        .iter()
        .map(|s| {
            let (points, used) = assessment_points(&s.observations);
            (s, points, used, intervals(plan, &s.observations))
        })
        .collect();
    // A binary indicator is judged in place or not, never by a growth rate.
    let head_points_all: &[(i32, f64)] = prepared
        .iter()
        .find(|p| p.0.disaggregation.is_empty())
        .map_or(&[], |p| p.1.as_slice());
    let binary = plan.assess
        && plan.binary_kind
        && head_points_all.iter().all(|(_, v)| *v == 0.0 || *v == 1.0)
        && (!head_points_all.is_empty() || plan.milestone.is_some());
    let series_out: Vec<SeriesAssessment> = prepared
        .iter()
        .map(|(s, points, used, ivs)| SeriesAssessment {
            disaggregation: s.disaggregation.clone(),
            uses_progress_column: *used,
            progress: if plan.assess && !binary {
                plan.methods
                    .iter()
                    .map(|m| progress::assess(*m, &plan.input(points)))
                    .collect()
            } else {
                Vec::new()
            },
            intervals: ivs.clone(),
        })
        .collect();
    let no_points: Vec<(i32, f64)> = Vec::new();
    let head = prepared.iter().find(|p| p.0.disaggregation.is_empty());
    let head_points: &[(i32, f64)] = head.map_or(&no_points, |p| &p.1);
    // Targets.
    let ctx = TargetContext {
        direction: plan.ind.direction,
        base_year: plan.base_year,
        target_year: plan.target_year,
        reference_year: plan.reference_year,
        recorded_applies: own_place,
    };
    let mut target_results = Vec::new();
    if plan.assess {
        // Intervals are on the Value scale: only years assessed on Value use them.
        let value_intervals: Vec<Vec<Interval>> = prepared
            .iter()
            .map(|(s, _, _, ivs)| {
                ivs.iter()
                    .filter(|i| {
                        s.observations
                            .iter()
                            .any(|o| o.year == i.year && cell::progress(o).is_none())
                    })
                    .cloned()
                    .collect()
            })
            .collect();
        for (i, t) in plan.ind.targets.iter().enumerate() {
            let r = match t {
                Target::NonRetrogression(nr) => {
                    let all: Vec<SeriesPoints> = prepared
                        .iter()
                        .zip(&value_intervals)
                        .map(|((s, points, _, _), ivs)| SeriesPoints {
                            disaggregation: &s.disaggregation,
                            points,
                            intervals: ivs,
                        })
                        .collect();
                    targets::non_retrogression(
                        i,
                        t,
                        nr,
                        &all,
                        plan.ind.direction,
                        plan.progress_target.map(|p| p.value),
                        own_place,
                    )
                }
                _ => targets::check(i, t, head_points, &ctx),
            };
            target_results.push(r);
        }
    }
    let structural = binary.then(|| structural(plan, head_points, own_place, &target_results));
    // The headline status.
    // the publisher's status describes the project's own place (the repository's headline),
    // not each place of a run: other places are judged as any indicator is
    let (status, status_source) = if let Some(given) =
        plan.ind.status.as_ref().filter(|_| own_place)
    {
        (
            given.category.map_or(Category::NotAssessed, Category::from),
            StatusSource::Publisher,
        )
    } else if !plan.assess {
        (Category::NotAssessed, StatusSource::None)
    } else if let Some(st) = structural.as_ref() {
        (
            st.status.category().unwrap_or(Category::UnableToAssess),
            if plan.milestone.is_some() {
                StatusSource::Target
            } else {
                StatusSource::Structural
            },
        )
    } else if let Some(milestone) = target_results
        .iter()
        .find(|t| t.kind == "milestone" && t.status != TargetStatus::UnableToAssess)
        .and_then(|t| t.category)
    {
        // A binary milestone decides: a growth rate of a 0/1 series says nothing.
        (milestone, StatusSource::Target)
    } else {
        let method = series_out
            .iter()
            .find(|s| s.disaggregation.is_empty())
            .and_then(|s| s.progress.first())
            .map(|p| p.category)
            .unwrap_or_else(|| progress::assess(plan.methods[0], &plan.input(&no_points)).category);
        if matches!(method, Category::UnableToAssess | Category::NoTarget) {
            let decisive = target_results.iter().find(|t| {
                matches!(
                    t.kind.as_str(),
                    "numeric" | "threshold" | "zero" | "level" | "flow" | "coverage" | "milestone"
                ) && t.status != TargetStatus::UnableToAssess
            });
            match decisive.and_then(|t| t.category) {
                Some(c) => (c, StatusSource::Target),
                None => (method, StatusSource::Method),
            }
        } else {
            (method, StatusSource::Method)
        }
    };
    // Leaving no one behind, on published values, with each value's size, interval and
    // reliability.
    let lnob = if plan.assess {
        let mut groups: lnob::Groups = BTreeMap::new();
        for (s, _, _, ivs) in prepared.iter().filter(|p| p.0.disaggregation.len() == 1) {
            if let Some((dim, group)) = s.disaggregation.iter().next() {
                groups
                    .entry(dim.clone())
                    .or_default()
                    .insert(group.clone(), group_points(plan, &s.observations, ivs));
            }
        }
        let head_published = headline
            .map(|h| published_points(&h.observations))
            .unwrap_or_default();
        lnob::gaps(
            &head_published,
            &groups,
            plan.ind.direction,
            plan.progress_target.map(|t| t.value),
            &lnob::GapRules {
                vocabulary: plan.vocabulary,
            },
        )
    } else {
        Vec::new()
    };
    let escap = if plan.assess {
        let r = progress::escap(&plan.input(head_points));
        r.ratio
    } else {
        None
    };
    let extra = Extra {
        escap,
        latest_assessed: progress::latest_point(head_points),
        assessed: plan.assess,
    };
    (
        IndicatorAssessment {
            indicator: plan.ind.id.clone(),
            place: place.to_string(),
            status,
            status_source,
            latest,
            series: series_out,
            targets: target_results,
            distance_to_target: None,
            leaving_no_one_behind: if binary { Vec::new() } else { lnob },
            structural,
        },
        extra,
    )
}

/// The judgement of a binary indicator (see [`Structural`]): from its milestone target's check
/// when it has one, else from its data.
fn structural(
    plan: &Plan,
    points: &[(i32, f64)],
    own_place: bool,
    targets: &[TargetResult],
) -> Structural {
    let as_of = points.last().map(|(y, _)| *y);
    let in_place_now = points.last().is_some_and(|(_, v)| *v == 1.0);
    // the first year of the latest run of 1s
    let run_start = in_place_now
        .then(|| {
            points
                .iter()
                .rev()
                .take_while(|(_, v)| *v == 1.0)
                .last()
                .map(|(y, _)| *y)
        })
        .flatten();
    let checked = targets.iter().find_map(|t| match &t.detail {
        TargetDetail::Milestone { met, late, .. } if t.kind == "milestone" => {
            Some((t.status, *met, *late))
        }
        _ => None,
    });
    match (plan.milestone, checked) {
        (Some(m), Some((status, met, late))) => {
            let recorded = m.met.filter(|_| own_place);
            // the data may show it repealed after it was met: then it is not in place
            let in_place = status == TargetStatus::Met && (recorded.is_some() || in_place_now);
            let status = if status == TargetStatus::Met && !in_place {
                if plan.reference_year > m.deadline {
                    TargetStatus::Overdue
                } else {
                    TargetStatus::Due
                }
            } else {
                status
            };
            Structural {
                status,
                in_place,
                since: if in_place {
                    recorded.or(run_start).or(met)
                } else {
                    None
                },
                deadline: Some(m.deadline),
                late: in_place && late,
                as_of: as_of.or(recorded),
            }
        }
        _ => Structural {
            status: if in_place_now {
                TargetStatus::Met
            } else {
                TargetStatus::NotMet
            },
            in_place: in_place_now,
            since: run_start,
            deadline: None,
            late: false,
            as_of,
        },
    }
}

/// A series ready to assess: its points, whether the `Progress` column was used, its intervals.
type Prepared<'s> = (&'s Series, Vec<(i32, f64)>, bool, Vec<Interval>);

/// Fills the distance-to-target score of every place of one indicator.
fn distance_to_target(plan: &Plan, assessed: &mut [(IndicatorAssessment, Extra)]) {
    if !plan.assess {
        return;
    }
    let Some(best) = plan.best else {
        return;
    };
    let stated = plan.ind.assessment.as_ref().and_then(|a| a.worst);
    let (worst, worst_from) = match stated {
        Some(w) => (Some(w), WorstFrom::Stated),
        None => {
            let values: Vec<f64> = assessed
                .iter()
                .filter_map(|(_, e)| e.latest_assessed.map(|l| l.value))
                .collect();
            match score::worst_bound(&values, plan.ind.direction, best) {
                Some(w) => (Some(w), WorstFrom::Percentile),
                None => (None, WorstFrom::Unknown),
            }
        }
    };
    for (a, e) in assessed.iter_mut() {
        let latest = e.latest_assessed;
        let s = match (latest, worst) {
            (Some(l), Some(w)) => score::distance_to_target(l.value, best, w, plan.ind.direction),
            _ => None,
        };
        a.distance_to_target = Some(DistanceToTarget {
            latest,
            best,
            worst,
            worst_from,
            score: s,
        });
    }
}
