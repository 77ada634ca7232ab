//! The indicator model: what is measured, how it is computed, its targets, links and metadata sheet.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::text::Text;
use crate::yaml::Step;

/// A measured quantity with its computation, targets, links and metadata.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Indicator {
    /// Unique identifier, such as `m11-housing-overburden` (letters, digits, `-`, `_`, `.`).
    pub id: String,
    /// Title, in several languages.
    pub title: Text,
    /// Longer description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
    /// Unit of the values, such as `%`, `per 100,000 inhabitants`, `households`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<Text>,
    /// Which way is progress.
    #[serde(default)]
    pub direction: Direction,
    /// Decimal places shown in reports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub precision: Option<u8>,
    /// How values are computed from datasets or other indicators; absent for indicators
    /// assessed only from their targets (such as a milestone recorded in the YAML).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub computation: Option<Computation>,
    /// Disaggregation dimensions the indicator is expected to report (dataset column names).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub disaggregations: Vec<String>,
    /// Targets the values are assessed against.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<Target>,
    /// Links to the SDGs, human rights, the Balanced Score Card and the administration.
    #[serde(default)]
    pub links: Links,
    /// The OHCHR metadata sheet.
    #[serde(default)]
    pub metadata: Metadata,
    /// Sources of the data and of the indicator definition.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<SourceRef>,
    /// Per-indicator settings of the progress assessment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessment: Option<AssessmentOverride>,
    /// A progress status set by the publisher (such as an Open SDG `progress_status`): it is
    /// published as given, marked as set by the publisher, and never recomputed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<PublisherStatus>,
}

/// A progress status set by the publisher of the data rather than computed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PublisherStatus {
    /// The status in the publisher's own words, such as `{en: Target achieved}`.
    pub label: Text,
    /// Where the status stands among the common categories dashboards count; unset when the
    /// publisher's words say nothing a category could hold (the indicator then counts as not
    /// assessed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<StatusCategory>,
}

/// The common status categories a publisher's status can be counted in.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum StatusCategory {
    /// The target is met.
    Achieved,
    /// Progress is fast enough.
    OnTrack,
    /// Progress is made, but too slowly.
    ProgressNeeded,
    /// Little or no progress.
    OffTrack,
    /// Moving the wrong way.
    Deterioration,
    /// The data do not allow a status.
    UnableToAssess,
    /// No status (the publisher does not assess the indicator).
    NotAssessed,
}

/// The direction in which values should move.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Direction {
    /// Higher is better.
    #[default]
    Increase,
    /// Lower is better.
    Decrease,
    /// The value should stay where it is.
    Maintain,
    /// The value should reach the target value (from above or below).
    Reach,
    /// The publisher has not stated which way is progress: no progress status is computed
    /// (publications say "Desired direction: not stated").
    NotStated,
}

impl Direction {
    /// Whether a desired direction is stated.
    pub fn is_stated(self) -> bool {
        self != Direction::NotStated
    }
}

/// How an indicator's values are computed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub enum Computation {
    /// A value read from a dataset, with filters on its dimensions.
    Value(Selection),
    /// Numerator divided by denominator, times a factor (100 for %, 100000 for a rate).
    Ratio(Ratio),
    /// The share of a part in a whole, as a percentage (factor 100 unless given).
    Share(Share),
    /// The sum of several selections.
    Sum(Sum),
    /// The gap between two groups of one dimension (such as women and men).
    Gap(Gap),
    /// Values as an index against a base year (base year = factor, usually 100).
    Index(Index),
    /// An aggregate over record-level data (one row per person, case or complaint).
    Records(Records),
    /// An arithmetic expression over named inputs (other indicators or dataset selections).
    Expression(Expression),
}

/// Where values come from: a dataset with filters, or another indicator.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Selection {
    /// Id of a dataset declared in the project.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dataset: Option<String>,
    /// Id of another indicator whose values are used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indicator: Option<String>,
    /// Keep only rows whose column has this value (or one of these values); `""` selects blank cells.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub filter: BTreeMap<String, FilterValue>,
    /// The value column, when not the dataset's value column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
}

/// One accepted value or a list of accepted values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum FilterValue {
    /// A single value.
    One(String),
    /// Any of several values.
    Any(Vec<String>),
}

impl FilterValue {
    /// The accepted values.
    pub fn values(&self) -> Vec<&str> {
        match self {
            FilterValue::One(s) => vec![s.as_str()],
            FilterValue::Any(v) => v.iter().map(String::as_str).collect(),
        }
    }
}

/// What a ratio measures, which decides its confidence interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Statistic {
    /// Part of a population (Wilson score interval).
    Proportion,
    /// Events per population (Byar's method, exact interval below 10 events).
    Rate,
    /// Any other quotient (no interval).
    Quotient,
}

/// Numerator over denominator times a factor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Ratio {
    /// What is counted.
    pub numerator: Selection,
    /// What it is counted among.
    pub denominator: Selection,
    /// Multiplier: 100 for a percentage, 1000, 100000 for a rate.
    #[serde(default = "one")]
    pub factor: f64,
    /// Kind of quotient, for its confidence interval.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statistic: Option<Statistic>,
}

/// A part as a share of a whole.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Share {
    /// The part.
    pub part: Selection,
    /// The whole.
    pub whole: Selection,
    /// Multiplier (100 gives a percentage).
    #[serde(default = "hundred")]
    pub factor: f64,
}

/// The sum of several selections.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Sum {
    /// The terms.
    pub of: Vec<Selection>,
}

/// How a gap between groups is expressed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum GapKind {
    /// group minus reference.
    #[default]
    Difference,
    /// group divided by reference.
    Ratio,
}

/// The gap between one group and a reference group of a dimension.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Gap {
    /// The values the groups are taken from.
    pub of: Selection,
    /// The dimension (column), such as `Sex`.
    pub dimension: String,
    /// The group compared, such as `Female`.
    pub group: String,
    /// The group compared against, such as `Male`.
    pub reference: String,
    /// Difference or ratio.
    #[serde(default)]
    pub kind: GapKind,
}

/// Values as an index against a base year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Index {
    /// The values indexed.
    pub of: Selection,
    /// The year whose value equals the factor.
    pub base_year: i32,
    /// Value of the base year in the index (usually 100).
    #[serde(default = "hundred")]
    pub factor: f64,
}

/// How records are aggregated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Aggregate {
    /// Number of records.
    Count,
    /// Sum of a column.
    Sum,
    /// Mean of a column.
    Mean,
    /// Median of a column.
    Median,
    /// Percentage of records that match `share-where` among those selected.
    Share,
}

/// An aggregate over a record-level table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Records {
    /// The record-level dataset.
    pub dataset: String,
    /// Count, sum, mean, median or share.
    pub aggregate: Aggregate,
    /// The column summed, averaged or whose median is taken.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// Keep only records matching these values.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub filter: BTreeMap<String, FilterValue>,
    /// For `share`: the condition whose share among the selected records is computed.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub share_where: BTreeMap<String, FilterValue>,
}

/// An expression over named inputs, such as `(a - b) / c * 100`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Expression {
    /// The formula; names refer to `inputs`.
    pub formula: String,
    /// Named inputs: other indicators (`indicator: id`) or dataset selections.
    pub inputs: BTreeMap<String, Selection>,
}

fn one() -> f64 {
    1.0
}

fn hundred() -> f64 {
    100.0
}

/// A target an indicator is assessed against.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub enum Target {
    /// Reach a value by a year, from a baseline.
    Numeric(NumericTarget),
    /// Stay below or above a threshold.
    Threshold(ThresholdTarget),
    /// Bring the value to zero ("femicides to zero").
    Zero(ZeroTarget),
    /// Keep the value at a level within a tolerance.
    Level(LevelTarget),
    /// A yearly flow of at least (or at most) an amount ("more than 1,000 hires a year").
    Flow(FlowTarget),
    /// Coverage of a population, in percent ("100% of residents within 300 m").
    Coverage(CoverageTarget),
    /// A binary milestone with a deadline ("office installed by 2026").
    Milestone(MilestoneTarget),
    /// Values mapped to points, points summed to a score, a title awarded above a threshold.
    Bands(BandsTarget),
    /// The value must not move the wrong way; a fall needs a recorded justification.
    NonRetrogression(NonRetrogressionTarget),
}

/// Reach `value` by `year`, starting from a baseline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct NumericTarget {
    /// The target value.
    pub value: f64,
    /// The year by which it is to be reached (default: the project's target year).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    /// The baseline year (default: the project's base year or the first year with data).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline_year: Option<i32>,
    /// The baseline value, when not taken from the data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<f64>,
    /// Short label, such as the plan the target comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<Text>,
}

/// Stay below or above a value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ThresholdTarget {
    /// The value must be below this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub below: Option<f64>,
    /// The value must be above this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub above: Option<f64>,
    /// The year from which the threshold applies (default: the project's target year).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    /// Short label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<Text>,
}

/// Bring the value to zero by a year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ZeroTarget {
    /// The year by which the value is zero (default: the project's target year).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    /// The baseline year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline_year: Option<i32>,
    /// Short label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<Text>,
}

/// Keep the value at a level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct LevelTarget {
    /// The level.
    pub value: f64,
    /// Accepted distance from the level.
    #[serde(default)]
    pub tolerance: f64,
    /// The year from which the level applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    /// Short label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<Text>,
}

/// A yearly flow of at least or at most an amount.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FlowTarget {
    /// At least this much every year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_least: Option<f64>,
    /// At most this much every year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_most: Option<f64>,
    /// First year the flow applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_year: Option<i32>,
    /// Last year the flow applies (default: the project's target year).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    /// Short label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<Text>,
}

/// Coverage of a population, in percent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CoverageTarget {
    /// Coverage to reach, in percent (default 100).
    #[serde(default = "hundred")]
    pub value: f64,
    /// The year by which it is reached (default: the project's target year).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    /// The baseline year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline_year: Option<i32>,
    /// Short label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<Text>,
}

/// A binary milestone: met or not by a deadline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct MilestoneTarget {
    /// The year by which the milestone is due.
    pub deadline: i32,
    /// The year it was met, when it was (otherwise taken from data: the first year with value 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub met: Option<i32>,
    /// What proves it (an act, a decree, a web page).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Text>,
    /// Short label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<Text>,
}

/// Values mapped to points; points summed across indicators of a scheme to award a title.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct BandsTarget {
    /// Id of the award scheme (declared in the project) the points count towards.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheme: Option<String>,
    /// The bands, each a range of values and the points it gives.
    pub bands: Vec<Band>,
    /// Short label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<Text>,
}

/// One band: values from `from` (inclusive) up to `to` (exclusive) give `points`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Band {
    /// Lower bound, inclusive (none: no lower bound).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<f64>,
    /// Upper bound, exclusive (none: no upper bound).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<f64>,
    /// Points given.
    pub points: f64,
}

/// The value must not move the wrong way beyond a tolerance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct NonRetrogressionTarget {
    /// Accepted movement in the wrong way, in the indicator's unit.
    #[serde(default)]
    pub tolerance: f64,
    /// Recorded justifications of falls, by year.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub justifications: Vec<Justification>,
    /// Short label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<Text>,
}

/// Why a value fell in a given year, as recorded by the responsible body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Justification {
    /// The year of the fall.
    pub year: i32,
    /// The justification.
    pub text: Text,
    /// Who gave it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<Text>,
}

impl Target {
    /// The kebab-case name of the kind of target.
    pub fn kind(&self) -> &'static str {
        match self {
            Target::Numeric(_) => "numeric",
            Target::Threshold(_) => "threshold",
            Target::Zero(_) => "zero",
            Target::Level(_) => "level",
            Target::Flow(_) => "flow",
            Target::Coverage(_) => "coverage",
            Target::Milestone(_) => "milestone",
            Target::Bands(_) => "bands",
            Target::NonRetrogression(_) => "non-retrogression",
        }
    }

    /// The short label of the target, if given.
    pub fn label(&self) -> Option<&Text> {
        match self {
            Target::Numeric(t) => t.label.as_ref(),
            Target::Threshold(t) => t.label.as_ref(),
            Target::Zero(t) => t.label.as_ref(),
            Target::Level(t) => t.label.as_ref(),
            Target::Flow(t) => t.label.as_ref(),
            Target::Coverage(t) => t.label.as_ref(),
            Target::Milestone(t) => t.label.as_ref(),
            Target::Bands(t) => t.label.as_ref(),
            Target::NonRetrogression(t) => t.label.as_ref(),
        }
    }
}

/// Links of an indicator to frameworks, rights and the administration.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Links {
    /// SDG goals, targets or indicators, such as `11`, `11.1` or `11.1.1`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sdg: Vec<SdgLink>,
    /// Human rights and their attributes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rights: Vec<RightLink>,
    /// OHCHR type: structural, process or outcome.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ohchr_type: Option<OhchrType>,
    /// Cross-cutting human-rights norms the indicator speaks to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub norms: Vec<Norm>,
    /// Balanced Score Card perspective.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub perspective: Option<Perspective>,
    /// Owning department (id of a department declared in the project or a library).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    /// How far the city can influence the value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub influence: Option<Influence>,
}

/// A link to an SDG goal, target or indicator code: `11.1.1`, or `{code: 11.1.1, framework: "2025"}`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[serde(remote = "Self")]
pub struct SdgLink {
    /// Code: `11` (goal), `11.1` (target) or `11.1.1` (indicator).
    pub code: String,
    /// Version of the global indicator framework (default: the project's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub framework: Option<String>,
}

/// A link to a human right and, optionally, one of its attributes: `adequate-housing`, or
/// `{right: adequate-housing, attribute: affordability}`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[serde(remote = "Self")]
pub struct RightLink {
    /// Id of the right, such as `adequate-housing`.
    pub right: String,
    /// Id of the attribute, such as `affordability`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribute: Option<String>,
}

/// The OHCHR indicator type.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum OhchrType {
    /// Laws, policies and institutions in place.
    Structural,
    /// Efforts: programmes, spending, services delivered.
    Process,
    /// What people actually enjoy.
    Outcome,
}

impl OhchrType {
    /// All types in report order.
    pub const ALL: [OhchrType; 3] = [
        OhchrType::Structural,
        OhchrType::Process,
        OhchrType::Outcome,
    ];

    /// The kebab-case name.
    pub fn name(self) -> &'static str {
        match self {
            OhchrType::Structural => "structural",
            OhchrType::Process => "process",
            OhchrType::Outcome => "outcome",
        }
    }
}

/// Cross-cutting human-rights norms.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Norm {
    /// Non-discrimination and equality.
    NonDiscrimination,
    /// Participation.
    Participation,
    /// Access to remedy.
    AccessToRemedy,
    /// Accountability.
    Accountability,
}

/// The four Balanced Score Card perspectives.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Perspective {
    /// Citizens (customers).
    Citizens,
    /// Finance.
    Finance,
    /// Administrative processes and organisation.
    Processes,
    /// Employees.
    Employees,
}

impl Perspective {
    /// All perspectives in report order.
    pub const ALL: [Perspective; 4] = [
        Perspective::Citizens,
        Perspective::Finance,
        Perspective::Processes,
        Perspective::Employees,
    ];

    /// The kebab-case name.
    pub fn name(self) -> &'static str {
        match self {
            Perspective::Citizens => "citizens",
            Perspective::Finance => "finance",
            Perspective::Processes => "processes",
            Perspective::Employees => "employees",
        }
    }
}

/// How far the city can influence an indicator.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Influence {
    /// The city decides.
    High,
    /// The city contributes.
    Partial,
    /// Outside the city's competence.
    Outside,
}

/// The OHCHR metadata sheet, mapped onto the UN SDG metadata concepts.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Metadata {
    /// Definition (SDG: STAT_CONC_DEF).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub definition: Option<Text>,
    /// Rationale (SDG: RATIONALE).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rationale: Option<Text>,
    /// Method of computation (SDG: DATA_COMP).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<Text>,
    /// Data collection and source (SDG: DATA_SOURCE, COLL_METHOD).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_collection: Option<Text>,
    /// Disaggregation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disaggregation: Option<Text>,
    /// Periodicity (SDG: FREQ_COLL).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub periodicity: Option<Text>,
    /// Comments and limitations (SDG: REC_USE_LIM).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comments: Option<Text>,
}

impl Metadata {
    /// The seven fields with their kebab-case names, in sheet order.
    pub fn fields(&self) -> [(&'static str, Option<&Text>); 7] {
        [
            ("definition", self.definition.as_ref()),
            ("rationale", self.rationale.as_ref()),
            ("method", self.method.as_ref()),
            ("data-collection", self.data_collection.as_ref()),
            ("disaggregation", self.disaggregation.as_ref()),
            ("periodicity", self.periodicity.as_ref()),
            ("comments", self.comments.as_ref()),
        ]
    }
}

/// A source of data or of a definition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SourceRef {
    /// Name of the source or publication.
    pub name: Text,
    /// Who publishes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<Text>,
    /// Where to find it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// The progress assessment methods.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum ProgressMethod {
    /// Open SDG / Statistics Canada (CAGR against the required CAGR).
    #[default]
    OpenSdg,
    /// UN Statistics Division progress chart (projected value against the target).
    UnsdProgressChart,
    /// ESCAP current status index.
    EscapCurrentStatus,
    /// Eurostat SDG monitoring, short term (5 years).
    EurostatShortTerm,
    /// Eurostat SDG monitoring, long term (15 years).
    EurostatLongTerm,
}

/// Per-indicator settings of the progress assessment.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct AssessmentOverride {
    /// Method used for this indicator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<ProgressMethod>,
    /// Base year for this indicator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_year: Option<i32>,
    /// Target year for this indicator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_year: Option<i32>,
    /// Best value for distance-to-target scores (default: the target).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub best: Option<f64>,
    /// Worst value for distance-to-target scores (default: 2.5th percentile across places).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub worst: Option<f64>,
    /// The natural bound of the values, such as 100 for a percentage (Open SDG's `limit`):
    /// without a target, the open-sdg method's thresholds shrink as the base value nears it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<f64>,
    /// Whether to assess this indicator at all (false for context indicators).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assess: Option<bool>,
}

impl SdgLink {
    fn from_str_shorthand(code: &str) -> Self {
        SdgLink {
            code: code.to_string(),
            framework: None,
        }
    }

    /// The level of the code: 1 goal, 2 target, 3 indicator.
    pub fn level(&self) -> usize {
        self.code.split('.').count()
    }

    /// The goal number of the code.
    pub fn goal(&self) -> &str {
        self.code.split('.').next().unwrap_or("")
    }
}

impl RightLink {
    fn from_str_shorthand(right: &str) -> Self {
        RightLink {
            right: right.to_string(),
            attribute: None,
        }
    }
}

string_or_struct!(
    SdgLink,
    "an SDG code such as `11.1.1`, or a mapping with `code` and `framework`"
);
string_or_struct!(
    RightLink,
    "the id of a right, or a mapping with `right` and `attribute`"
);

impl<'de> Deserialize<'de> for FilterValue {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = FilterValue;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a value or a list of values")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<FilterValue, E> {
                Ok(FilterValue::One(v.to_string()))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<FilterValue, E> {
                Ok(FilterValue::One(v.to_string()))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<FilterValue, E> {
                Ok(FilterValue::One(v.to_string()))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<FilterValue, E> {
                Ok(FilterValue::One(v.to_string()))
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<FilterValue, E> {
                Ok(FilterValue::One(v.to_string()))
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<FilterValue, E> {
                Ok(FilterValue::One(String::new()))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<FilterValue, A::Error> {
                let mut out = Vec::new();
                while let Some(v) = seq.next_element::<FilterValue>()? {
                    match v {
                        FilterValue::One(s) => out.push(s),
                        FilterValue::Any(_) => {
                            return Err(serde::de::Error::custom(
                                "a filter list holds values, not lists",
                            ));
                        }
                    }
                }
                Ok(FilterValue::Any(out))
            }
        }
        d.deserialize_any(V)
    }
}

impl JsonSchema for SdgLink {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "SdgLink".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "An SDG goal, target or indicator code (`11`, `11.1`, `11.1.1`), or a mapping with `code` and `framework`.",
            "anyOf": [
                {"type": ["string", "number"]},
                {
                    "type": "object",
                    "properties": {
                        "code": {"type": ["string", "number"], "description": "The SDG code."},
                        "framework": {"type": ["string", "number"], "description": "Version of the global indicator framework."}
                    },
                    "required": ["code"],
                    "additionalProperties": false
                }
            ]
        })
    }
}

impl JsonSchema for RightLink {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "RightLink".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "The id of a right (`adequate-housing`), or a mapping with `right` and `attribute`.",
            "anyOf": [
                {"type": "string"},
                {
                    "type": "object",
                    "properties": {
                        "right": {"type": "string", "description": "Id of the right."},
                        "attribute": {"type": "string", "description": "Id of the attribute."}
                    },
                    "required": ["right"],
                    "additionalProperties": false
                }
            ]
        })
    }
}

impl JsonSchema for FilterValue {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "FilterValue".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A value (blank selects blank cells), or a list of accepted values.",
            "anyOf": [
                {"type": ["string", "number", "boolean", "null"]},
                {"type": "array", "items": {"type": ["string", "number", "boolean"]}}
            ]
        })
    }
}

impl Computation {
    /// The indicators this computation reads, each with the path of its key under the indicator.
    pub fn indicator_inputs(&self) -> Vec<(Vec<Step>, &str)> {
        let c = self;
        fn add<'c>(out: &mut Vec<(Vec<Step>, &'c str)>, path: Vec<&str>, s: &'c Selection) {
            if let Some(id) = &s.indicator {
                let mut p: Vec<Step> = std::iter::once("computation")
                    .chain(path)
                    .map(Step::from)
                    .collect();
                p.push("indicator".into());
                out.push((p, id.as_str()));
            }
        }
        let mut out = Vec::new();
        let out_ref = &mut out;
        let mut add = |path: Vec<&str>, s| add(out_ref, path, s);
        match c {
            Computation::Value(s) => add(vec!["value"], s),
            Computation::Ratio(r) => {
                add(vec!["ratio", "numerator"], &r.numerator);
                add(vec!["ratio", "denominator"], &r.denominator);
            }
            Computation::Share(s) => {
                add(vec!["share", "part"], &s.part);
                add(vec!["share", "whole"], &s.whole);
            }
            Computation::Sum(s) => {
                for x in &s.of {
                    add(vec!["sum", "of"], x);
                }
            }
            Computation::Gap(g) => add(vec!["gap", "of"], &g.of),
            Computation::Index(i) => add(vec!["index", "of"], &i.of),
            Computation::Records(_) => {}
            Computation::Expression(e) => {
                for (name, s) in &e.inputs {
                    if let Some(id) = &s.indicator {
                        let p = vec![
                            Step::from("computation"),
                            "expression".into(),
                            "inputs".into(),
                            Step::Key(name.clone()),
                            "indicator".into(),
                        ];
                        out.push((p, id.as_str()));
                    }
                }
            }
        }
        out
    }
}
