//! The assessment result: statuses, scores, target checks, gaps and intervals per indicator, place and disaggregation, and the summaries.
//!
//! This is the contract between the assess stage and everything that shows a judgement
//! (charts, reports, the CSV and JSON outputs). It is plain, ordered data: every list has a
//! documented order and every map is a `BTreeMap`, so the same inputs give the same bytes.
//!
//! Every method keeps its own status vocabulary ([`MethodStatus`], named as its authors name
//! it) and also maps onto one [`Category`] that dashboards can count and colour the same way
//! whatever the method:
//!
//! | category | Open SDG / Statistics Canada | UNSD progress chart | ESCAP current status | Eurostat |
//! |---|---|---|---|---|
//! | achieved | target achieved | target met | target achieved (index 1) | - |
//! | on-track | on track | on track, substantial progress | - | significant progress |
//! | progress-needed | progress made but acceleration needed | moderate progress | progress made (index 0 to 1) | moderate progress |
//! | off-track | limited progress | stagnation or regression, not moving away | - | insufficient progress |
//! | deterioration | deterioration | stagnation or regression, moving away | regression (index below 0) | movement away |
//! | unable-to-assess | unable to assess | unable to assess | unable to assess | unable to assess |
//! | no-target | - | - | no target | - |
//! | not-assessed | indicators with `assessment: {assess: false}` | | | |
//!
//! Target checks ([`TargetStatus`]) map onto the same categories: met and no-retrogression ->
//! achieved, on-track -> on-track, due -> progress-needed, off-track, not-met and overdue ->
//! off-track, retrogression -> deterioration; banded points have no category.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::{ProgressMethod, Text};

/// The assessment of every evaluated indicator and place, with the summaries.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Assessment {
    /// The settings the assessment used.
    pub settings: SettingsUsed,
    /// One assessment per indicator and place, sorted by indicator id then GeoCode.
    pub results: Vec<IndicatorAssessment>,
    /// Award schemes (banded targets): points per place, sorted by scheme id then GeoCode.
    pub awards: Vec<AwardResult>,
    /// Summaries per place, sorted by GeoCode.
    pub summaries: Vec<PlaceSummary>,
    /// How many cells were suppressed for privacy (primary and secondary together).
    pub suppressed_cells: usize,
}

/// The settings an assessment was made with, so that every output states them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct SettingsUsed {
    /// The method whose status is published.
    pub method: ProgressMethod,
    /// The methods computed alongside it.
    pub also: Vec<ProgressMethod>,
    /// The project's base year (indicators may override it).
    pub base_year: i32,
    /// The project's target year (indicators and targets may override it).
    pub target_year: i32,
    /// The year milestones are judged in (due or overdue): from `SOURCE_DATE_EPOCH` or the clock.
    pub reference_year: i32,
    /// Counts below this were suppressed.
    pub minimum_count: u32,
    /// Rates from this many events or fewer are flagged unstable.
    pub unstable_at_most: u32,
    /// Confidence level of every interval (0.95).
    pub confidence: f64,
}

/// The assessment of one indicator for one place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct IndicatorAssessment {
    /// Indicator id.
    pub indicator: String,
    /// GeoCode of the place.
    pub place: String,
    /// The headline category dashboards show (see [`StatusSource`] for where it comes from).
    pub status: Category,
    /// Where the headline category comes from.
    pub status_source: StatusSource,
    /// The latest headline value with its year (the published `Value`, never the `Progress` column).
    pub latest: Option<YearValue>,
    /// The headline first, then every disaggregation, in the evaluation's order.
    pub series: Vec<SeriesAssessment>,
    /// One check per target of the indicator, in the order the YAML gives them.
    pub targets: Vec<TargetResult>,
    /// Distance-to-target score of the headline's latest value (SDSN).
    pub distance_to_target: Option<DistanceToTarget>,
    /// Leaving no one behind: one gap per disaggregation dimension, sorted by dimension.
    pub leaving_no_one_behind: Vec<GroupGap>,
    /// A binary indicator (a law, plan or institution in place or not): judged only as in
    /// place or not against its deadline, never by a growth rate (then `series` carry no
    /// progress results).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub structural: Option<Structural>,
}

/// The judgement of a binary indicator: a structural indicator whose values are 0 and 1, or an
/// indicator with a milestone target.
///
/// In place (`met`) when the YAML records the year it was met, or when its latest value is 1
/// (in place since the first year of the latest run of 1s); not in place otherwise: `due`
/// before the deadline of its milestone target, `overdue` after it, `not-met` when it has no
/// deadline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Structural {
    /// `met`, `due`, `overdue` or `not-met`.
    pub status: TargetStatus,
    /// Whether it is in place.
    pub in_place: bool,
    /// The year it has been in place since.
    pub since: Option<i32>,
    /// The deadline of its milestone target, if it has one.
    pub deadline: Option<i32>,
    /// Whether it came into place after its deadline.
    pub late: bool,
    /// The latest year with data (or the year met, when only the YAML records it).
    pub as_of: Option<i32>,
}

/// Where an indicator's headline category comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StatusSource {
    /// The project's (or the indicator's) progress method on the headline series.
    Method,
    /// A target check (the first decisive one), because the method could not assess.
    Target,
    /// The publisher of the data set the status (the indicator's `status`); never recomputed.
    Publisher,
    /// A binary indicator, judged in place or not (see [`Structural`]).
    Structural,
    /// The indicator is not assessed.
    None,
}

/// A status category common to every method, for dashboards; ordered best first.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    /// The target is met.
    Achieved,
    /// Progress is fast enough to meet the target by its year (or strong, without a target).
    OnTrack,
    /// Progress is made, but too slowly.
    ProgressNeeded,
    /// Little or no progress.
    OffTrack,
    /// Moving away from the target or the desired direction.
    Deterioration,
    /// The data do not allow an assessment (fewer than two observations, values of both signs...).
    #[default]
    UnableToAssess,
    /// The method needs a target and the indicator has none.
    NoTarget,
    /// The indicator is not assessed (`assessment: {assess: false}`).
    NotAssessed,
}

impl From<crate::model::StatusCategory> for Category {
    fn from(c: crate::model::StatusCategory) -> Self {
        use crate::model::StatusCategory as S;
        match c {
            S::Achieved => Category::Achieved,
            S::OnTrack => Category::OnTrack,
            S::ProgressNeeded => Category::ProgressNeeded,
            S::OffTrack => Category::OffTrack,
            S::Deterioration => Category::Deterioration,
            S::UnableToAssess => Category::UnableToAssess,
            S::NotAssessed => Category::NotAssessed,
        }
    }
}

impl Category {
    /// Every category, best first.
    pub const ALL: [Category; 8] = [
        Category::Achieved,
        Category::OnTrack,
        Category::ProgressNeeded,
        Category::OffTrack,
        Category::Deterioration,
        Category::UnableToAssess,
        Category::NoTarget,
        Category::NotAssessed,
    ];

    /// The kebab-case name, as in the JSON.
    pub fn name(self) -> &'static str {
        match self {
            Category::Achieved => "achieved",
            Category::OnTrack => "on-track",
            Category::ProgressNeeded => "progress-needed",
            Category::OffTrack => "off-track",
            Category::Deterioration => "deterioration",
            Category::UnableToAssess => "unable-to-assess",
            Category::NoTarget => "no-target",
            Category::NotAssessed => "not-assessed",
        }
    }
}

/// A status in the vocabulary of the method that gave it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MethodStatus {
    /// Open SDG and ESCAP: the latest value meets the target.
    TargetAchieved,
    /// Open SDG (R >= 0.95, or growth >= 1.5% without a target) and UNSD (ratio >= 0.95).
    OnTrack,
    /// Open SDG: "progress made but acceleration needed".
    AccelerationNeeded,
    /// Open SDG: "limited progress".
    LimitedProgress,
    /// Open SDG: "deterioration".
    Deterioration,
    /// UNSD: the latest value meets the target.
    TargetMet,
    /// UNSD without a target: growth of 2% a year or more in the desired direction.
    SubstantialProgress,
    /// UNSD (ratio >= 0.10, or growth >= 0.5%) and Eurostat (60-95% of the required pace, or 0-1% growth).
    ModerateProgress,
    /// UNSD: "stagnation or regression".
    StagnationOrRegression,
    /// ESCAP: part of the way from the base value to the target (index between 0 and 1).
    ProgressMade,
    /// ESCAP: further from the target than in the base year (index below 0).
    Regression,
    /// Eurostat: "significant progress" (95% of the required pace or more, or growth above 1%).
    SignificantProgress,
    /// Eurostat: "insufficient progress" (0-60% of the required pace).
    InsufficientProgress,
    /// Eurostat: "movement away" from the target or the desired direction.
    MovingAway,
    /// Any method: the data do not allow an assessment.
    UnableToAssess,
    /// ESCAP: no target to measure the distance to.
    NoTarget,
    /// The indicator is not assessed.
    NotAssessed,
}

impl MethodStatus {
    /// The English label used by the method's authors.
    pub fn label(self) -> &'static str {
        match self {
            MethodStatus::TargetAchieved => "Target achieved",
            MethodStatus::OnTrack => "On track",
            MethodStatus::AccelerationNeeded => "Progress made but acceleration needed",
            MethodStatus::LimitedProgress => "Limited progress",
            MethodStatus::Deterioration => "Deterioration",
            MethodStatus::TargetMet => "Target met",
            MethodStatus::SubstantialProgress => "Substantial progress",
            MethodStatus::ModerateProgress => "Moderate progress",
            MethodStatus::StagnationOrRegression => "Stagnation or regression",
            MethodStatus::ProgressMade => "Progress made",
            MethodStatus::Regression => "Regression",
            MethodStatus::SignificantProgress => "Significant progress",
            MethodStatus::InsufficientProgress => "Insufficient progress",
            MethodStatus::MovingAway => "Movement away",
            MethodStatus::UnableToAssess => "Unable to assess",
            MethodStatus::NoTarget => "No target",
            MethodStatus::NotAssessed => "Not assessed",
        }
    }
}

/// Why a method could not assess a series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum UnableReason {
    /// No observation in or after the base year.
    NoBaseValue,
    /// Fewer than two observations from the base year on.
    SingleObservation,
    /// Eurostat: the period covered is shorter than the method's minimum.
    PeriodTooShort,
    /// The target year is not after the base year.
    TargetYearNotAfterBase,
    /// Values (or the target) have both signs, so growth rates are undefined.
    ValuesChangeSign,
    /// Direction `maintain` or `reach` without a target: no desired direction to grow in.
    NoDirection,
    /// The target equals the base value, so the share of the way covered is undefined.
    TargetEqualsBase,
}

/// A value with its year.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct YearValue {
    /// The year.
    pub year: i32,
    /// The value.
    pub value: f64,
}

/// The assessment of one series: the headline or one disaggregation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct SeriesAssessment {
    /// Dimension -> group; empty for the headline.
    pub disaggregation: BTreeMap<String, String>,
    /// Whether the `Progress` column replaced `Value` for at least one year assessed.
    pub uses_progress_column: bool,
    /// The published method first, then the `also` methods, in the project's order.
    pub progress: Vec<ProgressResult>,
    /// 95% confidence intervals, one per year that has a numerator and denominator, by year.
    pub intervals: Vec<Interval>,
}

/// The result of one progress method on one series.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct ProgressResult {
    /// The method.
    pub method: ProgressMethod,
    /// The status in the method's own words.
    pub status: MethodStatus,
    /// The common category of that status.
    pub category: Category,
    /// Open SDG: the score from -5 to 5. Other methods: none.
    pub score: Option<f64>,
    /// Open SDG and Eurostat: R = observed / required growth; UNSD: the projected share of
    /// the way to the target; ESCAP: the current status index.
    pub ratio: Option<f64>,
    /// Observed compound annual growth rate from the base year to the latest year.
    pub cagr: Option<f64>,
    /// Growth rate needed each year from the base year to reach the target in its year.
    pub required_cagr: Option<f64>,
    /// UNSD: the value projected to the target year at the observed growth rate.
    pub projected: Option<f64>,
    /// The base value the method used (the Eurostat methods use their own period).
    pub base: Option<YearValue>,
    /// The latest value the method used.
    pub latest: Option<YearValue>,
    /// The target value and year the method used.
    pub target: Option<YearValue>,
    /// Why the method could not assess, when it could not.
    pub reason: Option<UnableReason>,
}

/// How an interval was computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum IntervalMethod {
    /// Wilson score interval for a proportion.
    Wilson,
    /// Byar's approximation for a rate from 10 or more events.
    Byar,
    /// Exact Poisson interval (chi-square quantiles) for a rate from fewer than 10 events.
    ExactPoisson,
}

/// A 95% confidence interval of one value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Interval {
    /// The year of the value.
    pub year: i32,
    /// Lower bound, in the indicator's unit.
    pub lower: f64,
    /// Upper bound, in the indicator's unit.
    pub upper: f64,
    /// How it was computed.
    pub method: IntervalMethod,
    /// A rate from `privacy.unstable-at-most` events or fewer: to be read with caution.
    pub unstable: bool,
}

/// The check of one target of an indicator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct TargetResult {
    /// Position of the target in the indicator's `targets`.
    pub index: usize,
    /// Kind of target (`numeric`, `threshold`, `zero`, `level`, `flow`, `coverage`,
    /// `milestone`, `bands`, `non-retrogression`).
    pub kind: String,
    /// Its short label, if given.
    pub label: Option<Text>,
    /// The status.
    pub status: TargetStatus,
    /// The category of that status (none for banded points, which are a score, not a judgement).
    pub category: Option<Category>,
    /// The year the target is due (target year, deadline, last year of a flow).
    pub year: Option<i32>,
    /// The target value, where the target has one.
    pub value: Option<f64>,
    /// The latest headline value checked.
    pub latest: Option<YearValue>,
    /// How far the latest value still is from the target, in the indicator's unit and
    /// measured in the desired direction (0 when met).
    pub distance_left: Option<f64>,
    /// What is specific to the kind of target.
    pub detail: TargetDetail,
}

/// The status of a target check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TargetStatus {
    /// The target is met (a milestone: met, by its deadline or late).
    Met,
    /// Not met, and its year has passed (judged on the latest value).
    NotMet,
    /// Not yet met; the latest value is on or beyond the straight line from the baseline
    /// to the target, or every year of a flow so far met it.
    OnTrack,
    /// Not yet met and behind that line, or a year of a flow missed it.
    OffTrack,
    /// A milestone not yet met whose deadline has not passed.
    Due,
    /// A milestone not met whose deadline has passed.
    Overdue,
    /// Banded points: the points are given in the detail.
    Scored,
    /// Non-retrogression: no fall beyond the tolerance.
    NoRetrogression,
    /// Non-retrogression: at least one fall beyond the tolerance (see the flags).
    Retrogression,
    /// No data to check the target against.
    UnableToAssess,
}

impl TargetStatus {
    /// The common category of the status (none for banded points).
    pub fn category(self) -> Option<Category> {
        Some(match self {
            TargetStatus::Met | TargetStatus::NoRetrogression => Category::Achieved,
            TargetStatus::OnTrack => Category::OnTrack,
            TargetStatus::Due => Category::ProgressNeeded,
            TargetStatus::OffTrack | TargetStatus::NotMet | TargetStatus::Overdue => {
                Category::OffTrack
            }
            TargetStatus::Retrogression => Category::Deterioration,
            TargetStatus::UnableToAssess => Category::UnableToAssess,
            TargetStatus::Scored => return None,
        })
    }
}

/// What a target check found that is specific to its kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    rename_all = "kebab-case",
    rename_all_fields = "kebab-case",
    tag = "kind"
)]
pub enum TargetDetail {
    /// Numeric, threshold, zero, level and coverage targets: the straight line from the
    /// baseline to the target that "on track" is judged against.
    Trajectory {
        /// The baseline (from the target, or the first value from the base year on).
        baseline: Option<YearValue>,
        /// The value the straight line gives for the latest year (none once the year is reached).
        expected: Option<f64>,
        /// First year the data met the target, if any.
        first_met: Option<i32>,
    },
    /// A yearly flow: which years met the amount.
    Flow {
        /// Years that met it.
        years_met: Vec<i32>,
        /// Years that missed it.
        years_missed: Vec<i32>,
    },
    /// A binary milestone.
    Milestone {
        /// The deadline.
        deadline: i32,
        /// The year it was met.
        met: Option<i32>,
        /// Where the year met comes from.
        met_from: Option<MetFrom>,
        /// Whether it was met after its deadline.
        late: bool,
        /// What proves it, as recorded.
        evidence: Option<Text>,
    },
    /// Banded points.
    Bands {
        /// The award scheme the points count towards.
        scheme: Option<String>,
        /// The points the latest value gives (none when it falls in no band).
        points: Option<f64>,
    },
    /// Non-retrogression.
    NonRetrogression {
        /// Accepted movement in the wrong way, in the indicator's unit.
        tolerance: f64,
        /// Every fall flagged, in every series, by series then year.
        flags: Vec<RetrogressionFlag>,
    },
}

/// Where a milestone's year met comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MetFrom {
    /// The `met` key of the target in the YAML.
    Yaml,
    /// The first year with value 1 in the headline data.
    Data,
}

/// A value that moved the wrong way beyond its tolerance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct RetrogressionFlag {
    /// The series (empty for the headline).
    pub disaggregation: BTreeMap<String, String>,
    /// The earlier observation.
    pub from: YearValue,
    /// The later observation, the one that fell.
    pub to: YearValue,
    /// `to - from`, in the indicator's unit.
    pub change: f64,
    /// The earlier value's confidence interval, when it has one: the fall lies outside it.
    pub interval: Option<(f64, f64)>,
    /// The justification recorded for the later year, or the statement that none was given.
    pub justification: JustificationStatus,
}

/// The justification of a fall: recorded, or explicitly not given.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    rename_all = "kebab-case",
    rename_all_fields = "kebab-case",
    tag = "status"
)]
pub enum JustificationStatus {
    /// A justification is recorded in the YAML for that year.
    Given {
        /// The justification.
        text: Text,
        /// Who gave it.
        by: Option<Text>,
    },
    /// No justification was recorded for that year.
    NoneGiven,
}

/// The distance-to-target score of one indicator and place (SDSN SDG Index method).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct DistanceToTarget {
    /// The value scored (the latest headline value) with its year.
    pub latest: Option<YearValue>,
    /// The best value (the target, or `assessment.best`).
    pub best: f64,
    /// The worst value, when known.
    pub worst: Option<f64>,
    /// Where the worst value comes from.
    pub worst_from: WorstFrom,
    /// The score from 0 (at or below the worst) to 100 (at or beyond the best).
    pub score: Option<f64>,
}

/// Where the worst value of a distance-to-target score comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum WorstFrom {
    /// `assessment.worst` in the YAML.
    Stated,
    /// The 2.5th percentile of performance across the places with data (the 2.5th
    /// percentile of values when higher is better, the 97.5th when lower is better).
    Percentile,
    /// Fewer than two places have data and no bound is stated: no score.
    Unknown,
}

/// Leaving no one behind: the gap between groups of one dimension that describes people (the
/// rules are in [`super::lnob`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct GroupGap {
    /// The dimension, such as `Sex`.
    pub dimension: String,
    /// The latest year in which at least two reliable groups have a value.
    pub year: i32,
    /// The worst-off reliable group in that year (direction-aware).
    pub worst: GroupValue,
    /// The group the gap is measured against: the declared reference, else the largest
    /// group, else the best-off group (see `reference-from`).
    pub reference: GroupValue,
    /// Where the reference group comes from.
    pub reference_from: ReferenceFrom,
    /// The best-off reliable group in that year.
    pub best_off: GroupValue,
    /// The headline (total) value in that year, if any.
    pub total: Option<f64>,
    /// Worst-off minus reference, and worst-off divided by reference.
    pub gap_to_reference: GapSize,
    /// Worst-off minus total, and worst-off divided by total.
    pub gap_to_total: Option<GapSize>,
    /// Whether the gap is zero or within its 95% uncertainty in `year` (then never widening).
    pub within_uncertainty: bool,
    /// Whether the worst-off group's shortfall behind the reference narrows beyond its
    /// uncertainty, from the earliest year both have reliable values to `year`.
    pub trend: GapTrend,
    /// The years compared for the trend (earliest, latest), when there are two.
    pub trend_years: Option<(i32, i32)>,
    /// Groups with a value in `year` too unstable to compare (small counts or bases), by name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unreliable: Vec<UnreliableGroup>,
    /// The two groups and the total in every year both groups have reliable values, by year.
    pub history: Vec<GapPoint>,
}

/// Where the reference group of a gap comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReferenceFrom {
    /// Declared in the vocabulary (`reference:` of the dimension).
    Declared,
    /// The group with the largest population behind its value.
    Largest,
    /// The best-off group (no sizes known, or the reference is itself the worst off).
    BestOff,
}

/// A group left out of the comparison because its value is unreliable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct UnreliableGroup {
    /// The group.
    pub group: String,
    /// Its published value.
    pub value: f64,
}

/// A group and its value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct GroupValue {
    /// The group, such as `Female`.
    pub group: String,
    /// Its value.
    pub value: f64,
}

/// A gap as a difference and a ratio.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct GapSize {
    /// `a - b`.
    pub difference: f64,
    /// `a / b` (none when `b` is 0).
    pub ratio: Option<f64>,
}

/// Whether a gap narrows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum GapTrend {
    /// The worst-off group's shortfall is smaller than in the earliest year compared, beyond
    /// the uncertainty of the change.
    Narrowing,
    /// Its shortfall is larger, beyond the uncertainty of the change, and the gap itself is
    /// beyond its uncertainty.
    Widening,
    /// The same, or a change within its uncertainty (or a gap that is zero or within its
    /// uncertainty).
    Unchanged,
    /// Only one year has reliable values for both groups.
    Unknown,
}

/// The worst-off group and the reference (as of the latest year) in one year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct GapPoint {
    /// The year.
    pub year: i32,
    /// The worst-off group's value.
    pub worst: f64,
    /// The reference group's value.
    pub reference: f64,
    /// The headline value, if any.
    pub total: Option<f64>,
    /// Worst-off minus reference, and their ratio.
    pub gap: GapSize,
}

/// Points of one award scheme for one place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct AwardResult {
    /// Scheme id.
    pub scheme: String,
    /// GeoCode of the place.
    pub place: String,
    /// Sum of the points of the scheme's indicators.
    pub points: f64,
    /// Score from which the title is awarded.
    pub threshold: f64,
    /// Whether the title is awarded (points at or above the threshold).
    pub awarded: bool,
    /// Points per indicator, by indicator id (none: no value, or in no band).
    pub indicators: BTreeMap<String, Option<f64>>,
}

/// Counts of indicators per category.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct StatusCounts {
    /// Target achieved or met.
    pub achieved: usize,
    /// On track.
    pub on_track: usize,
    /// Progress made, acceleration needed.
    pub progress_needed: usize,
    /// Little or no progress.
    pub off_track: usize,
    /// Moving away.
    pub deterioration: usize,
    /// Too few data.
    pub unable_to_assess: usize,
    /// No target for a method that needs one.
    pub no_target: usize,
    /// Not assessed.
    pub not_assessed: usize,
    /// All of them.
    pub total: usize,
}

impl StatusCounts {
    /// Counts one more indicator in `category`.
    pub fn add(&mut self, category: Category) {
        let slot = match category {
            Category::Achieved => &mut self.achieved,
            Category::OnTrack => &mut self.on_track,
            Category::ProgressNeeded => &mut self.progress_needed,
            Category::OffTrack => &mut self.off_track,
            Category::Deterioration => &mut self.deterioration,
            Category::UnableToAssess => &mut self.unable_to_assess,
            Category::NoTarget => &mut self.no_target,
            Category::NotAssessed => &mut self.not_assessed,
        };
        *slot += 1;
        self.total += 1;
    }

    /// The count of one category.
    pub fn get(&self, category: Category) -> usize {
        match category {
            Category::Achieved => self.achieved,
            Category::OnTrack => self.on_track,
            Category::ProgressNeeded => self.progress_needed,
            Category::OffTrack => self.off_track,
            Category::Deterioration => self.deterioration,
            Category::UnableToAssess => self.unable_to_assess,
            Category::NoTarget => self.no_target,
            Category::NotAssessed => self.not_assessed,
        }
    }
}

/// The summaries of one place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct PlaceSummary {
    /// GeoCode of the place.
    pub place: String,
    /// Every indicator of the place.
    pub overall: StatusCounts,
    /// Per SDG goal linked (`links.sdg`), in goal order (1 to 17).
    pub goals: Vec<GoalSummary>,
    /// Per human right linked (`links.rights`), by right id.
    pub rights: Vec<GroupSummary>,
    /// Per OHCHR type (structural, process, outcome), in that order; indicators without a type are left out.
    pub ohchr_types: Vec<GroupSummary>,
}

/// Counts by category for one group of indicators (a right, an OHCHR type).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct GroupSummary {
    /// The right id or OHCHR type.
    pub id: String,
    /// Counts by category.
    pub counts: StatusCounts,
}

/// The summary of one SDG goal for one place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct GoalSummary {
    /// The goal number, such as `11`.
    pub goal: String,
    /// Counts by category of the goal's indicators.
    pub counts: StatusCounts,
    /// ESCAP current status index averaged over the goal's indicators that have one.
    pub escap_current_status: Option<f64>,
    /// How many indicators the ESCAP average covers.
    pub escap_indicators: usize,
    /// Mean distance-to-target score of the goal's indicators (none when more than 20% of
    /// the scorable ones have no score, or none is scorable).
    pub score: Option<f64>,
    /// Indicators of the goal with a best value (scorable).
    pub scorable: usize,
    /// Of those, how many have no score (no value for the place, or no worst bound).
    pub unscored: usize,
}
