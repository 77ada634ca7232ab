//! What charts draw: plain input structs, built by a thin adapter from the evaluation and assessment results.
//!
//! Charts never compute: every value, status, rank, gap and rate arrives here ready to draw,
//! and every text is already in the publication's language (fixed words such as "Target"
//! come from the sentence templates). Missing values are `None` and are never filled in:
//! lines break where a value is missing.

use serde::{Deserialize, Serialize};

pub use super::style::{Status, Theme};

/// One point of a series: a year and its value, if there is one to show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Point {
    /// The year (the first year of a period such as `2015-16`).
    pub year: i32,
    /// The value; `None` when there is nothing to show (suppressed or not published).
    pub value: Option<f64>,
}

/// A value with its year, and the period as written in the data when it is not a plain year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Dated {
    /// The year.
    pub year: i32,
    /// The period as written in the data (`2015-16`), when not a plain year.
    #[serde(default)]
    pub period: Option<String>,
    /// The value.
    pub value: f64,
}

/// A labelled series of points.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Line {
    /// What the series is (a group such as `Female`, or the indicator itself).
    pub label: String,
    /// Its points, sorted by year.
    pub points: Vec<Point>,
    /// Its latest value with a value, as the results state it.
    #[serde(default)]
    pub latest: Option<Dated>,
}

/// What every chart of one indicator states under it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct About {
    /// The chart's title (usually the indicator's title).
    pub title: String,
    /// Unit of the values (`%`, `per 100,000 inhabitants`).
    #[serde(default)]
    pub unit: Option<String>,
    /// Where the data comes from.
    #[serde(default)]
    pub source: Option<String>,
    /// Decimal places of values (the indicator's precision).
    #[serde(default)]
    pub decimals: u8,
}

/// An indicator over time with its baseline, target, trajectory, latest value and status.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TimeSeriesChart {
    /// Title, unit, source and decimals.
    pub about: About,
    /// The observed series: the headline first, then any further series to compare.
    pub series: Vec<Line>,
    /// The baseline the target is measured from.
    #[serde(default)]
    pub baseline: Option<Dated>,
    /// The target value and its year.
    #[serde(default)]
    pub target: Option<Dated>,
    /// Whether to draw the straight trajectory from the baseline to the target.
    #[serde(default = "yes")]
    pub trajectory: bool,
    /// The latest value of the headline, labelled with its year.
    #[serde(default)]
    pub latest: Option<Dated>,
    /// The assessed status.
    #[serde(default)]
    pub status: Option<Status>,
}

fn yes() -> bool {
    true
}

/// An indicator by the groups of one disaggregation dimension (such as `Sex`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct DisaggregationChart {
    /// Title, unit, source and decimals.
    pub about: About,
    /// The dimension's name, such as `Sex` or `District`.
    pub dimension: String,
    /// The total (headline) series, when there is one.
    #[serde(default)]
    pub total: Option<Line>,
    /// One series per group, in the order to show them.
    pub groups: Vec<Line>,
    /// Index in `groups` of the worst-off group, from the leaving-no-one-behind assessment.
    #[serde(default)]
    pub worst_off: Option<usize>,
    /// Index in `groups` of the best-off group.
    #[serde(default)]
    pub best_off: Option<usize>,
}

/// Whether a gap between groups is closing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum GapTrend {
    /// The gap is narrowing.
    Narrowing,
    /// The gap is widening.
    Widening,
    /// The gap is unchanged.
    Stable,
}

/// The leaving-no-one-behind gap: worst-off against best-off group and the total, over time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct GapChart {
    /// Title, unit, source and decimals.
    pub about: About,
    /// The dimension's name, such as `Sex` or `District`.
    pub dimension: String,
    /// The worst-off group.
    pub worst_off: Line,
    /// The best-off group.
    pub best_off: Line,
    /// The total.
    #[serde(default)]
    pub total: Option<Line>,
    /// The gap between worst-off and best-off at the latest year (difference, in the unit).
    #[serde(default)]
    pub gap: Option<Dated>,
    /// Whether the gap is closing.
    #[serde(default)]
    pub trend: Option<GapTrend>,
}

/// How many indicators of a tile have a status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct StatusCount {
    /// The status.
    pub status: Status,
    /// How many indicators have it.
    pub count: u32,
}

/// One tile of a dashboard: a goal, a right, an OHCHR type or a perspective.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Tile {
    /// Short code in large type, such as the goal number `11`.
    #[serde(default)]
    pub code: Option<String>,
    /// Its name, such as `Sustainable cities and communities`.
    pub label: String,
    /// Its colour.
    pub theme: Theme,
    /// Indicators by status, in the order to show them.
    pub counts: Vec<StatusCount>,
}

/// Tiles with counts of indicators by status: SDGs, rights, OHCHR types or perspectives.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct DashboardChart {
    /// Title.
    pub title: String,
    /// Tiles per row (default: 6 for 17 goals, otherwise as many as fit).
    #[serde(default)]
    pub columns: Option<usize>,
    /// The tiles.
    pub tiles: Vec<Tile>,
}

/// One goal's bar in the progress chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct GoalProgress {
    /// Short code, such as the goal number.
    #[serde(default)]
    pub code: Option<String>,
    /// The goal's name.
    pub label: String,
    /// Its colour.
    pub theme: Theme,
    /// Progress made since the base year as a share of the progress needed (ESCAP current
    /// status index, averaged over the goal's indicators, capped at 1); `None` without data.
    pub made: Option<f64>,
    /// How many indicators the average is over.
    #[serde(default)]
    pub indicators: u32,
}

/// Progress made since the base year against progress needed by the target year, per goal (ESCAP style).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ProgressChart {
    /// Title.
    pub title: String,
    /// Base year.
    pub base_year: i32,
    /// Latest year of the data.
    pub latest_year: i32,
    /// Target year.
    pub target_year: i32,
    /// The share of the way that should have been made by the latest year (elapsed time over
    /// the whole period), drawn as a tick; `None` to leave it out.
    #[serde(default)]
    pub expected: Option<f64>,
    /// One bar per goal.
    pub goals: Vec<GoalProgress>,
}

/// One binary milestone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Milestone {
    /// What is to be done, such as `Local Human Rights Office installed`.
    pub label: String,
    /// The deadline year (none: no deadline was set, as for a law in force for years).
    #[serde(default)]
    pub deadline: Option<i32>,
    /// The year it was met, if it was.
    #[serde(default)]
    pub met: Option<i32>,
    /// Met, due or overdue (the assessment's judgement).
    pub status: Status,
}

/// A timeline of binary milestones: met, due and overdue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct MilestonesChart {
    /// Title.
    pub title: String,
    /// The year the assessment refers to (drawn as a line).
    pub as_of: i32,
    /// The milestones, in the order to show them.
    pub milestones: Vec<Milestone>,
}

/// Spending of one year in nominal and real terms.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Spending {
    /// The year.
    pub year: i32,
    /// Nominal amount.
    #[serde(default)]
    pub nominal: Option<f64>,
    /// Amount in real terms (prices of the base year).
    #[serde(default)]
    pub real: Option<f64>,
}

/// Spending on one right or goal over time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SpendingLine {
    /// The right or goal.
    pub label: String,
    /// Its colour, when it has one of its own (an SDG); otherwise the series palette.
    #[serde(default)]
    pub theme: Option<Theme>,
    /// Spending by year.
    pub years: Vec<Spending>,
}

/// Spending by right or by SDG over time, nominal and real.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct BudgetChart {
    /// Title, unit (currency, such as `EUR`), source and decimals.
    pub about: About,
    /// The base year of the real-terms amounts.
    pub price_base_year: i32,
    /// One line per right or goal.
    pub lines: Vec<SpendingLine>,
}

/// The execution of one budget line: approved, revised and executed amounts and the rate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Execution {
    /// The right, goal, department or programme.
    pub label: String,
    /// Approved amount.
    pub approved: f64,
    /// Revised amount.
    #[serde(default)]
    pub revised: Option<f64>,
    /// Executed amount.
    #[serde(default)]
    pub executed: Option<f64>,
    /// Execution rate in percent (executed over approved), as the budget results state it.
    #[serde(default)]
    pub rate: Option<f64>,
}

/// Budget execution of one year: executed against approved (and revised) amounts, with rates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ExecutionChart {
    /// Title, unit (currency), source and decimals.
    pub about: About,
    /// The budget year.
    pub year: i32,
    /// One row per line.
    pub rows: Vec<Execution>,
}

/// One place in a ranking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RankedPlace {
    /// The place's name.
    pub name: String,
    /// Its distance-to-target score, 0 to 100; `None` without data.
    pub score: Option<f64>,
    /// Its rank (1 = best), when it has a score.
    #[serde(default)]
    pub rank: Option<u32>,
}

/// Distance-to-target scores across places, best first, with the chosen place highlighted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RankingChart {
    /// Title, unit (such as `score 0-100`), source and decimals.
    pub about: About,
    /// The places, best first (places without a score last).
    pub places: Vec<RankedPlace>,
    /// Index in `places` of the place the publication is about.
    pub highlight: usize,
}

/// The boundaries a map draws, shared with every map of the same file (not serialized: a
/// chart's JSON holds its values, the geometry stays in the loaded project).
#[derive(Clone, Default)]
pub struct MapGeometry(pub std::sync::Arc<crate::maps::Boundaries>);

impl PartialEq for MapGeometry {
    fn eq(&self, other: &Self) -> bool {
        std::sync::Arc::ptr_eq(&self.0, &other.0) || self.0.id == other.0.id
    }
}

impl std::fmt::Debug for MapGeometry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// How the classes of a choropleth were made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Classing {
    /// Groups of about the same number of areas, in order of value; each class spans the
    /// values of its areas.
    Quantiles,
    /// The bands of the indicator's banded target.
    Bands,
}

/// One class of a choropleth: a range of values drawn in one colour.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct MapClass {
    /// Its lowest value (quantiles: the lowest value of an area in it; bands: the lower
    /// bound, `None` when open).
    #[serde(default)]
    pub from: Option<f64>,
    /// Its highest value (quantiles: the highest value of an area in it; bands: the upper
    /// bound, exclusive, `None` when open).
    #[serde(default)]
    pub to: Option<f64>,
    /// How many areas it holds.
    pub areas: u32,
}

/// One area of a choropleth.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct MapArea {
    /// Its code in the boundary file.
    pub code: String,
    /// Its name in the publication's language.
    pub name: String,
    /// Its value in the map's year; `None`: no data (drawn hatched).
    #[serde(default)]
    pub value: Option<f64>,
    /// Its class (index into the classes).
    #[serde(default)]
    pub class: Option<usize>,
    /// Its assessed status against the target, where the indicator has one.
    #[serde(default)]
    pub status: Option<Status>,
}

/// An indicator by area in one year: a classed choropleth with the highest and lowest areas
/// labelled, the target status per area and "no data" hatched.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct MapChart {
    /// Title, unit, source and decimals.
    pub about: About,
    /// What the areas are, such as `District` or `Municipality`.
    pub areas_label: String,
    /// The year shown.
    pub year: i32,
    /// The areas, in the order of the boundaries' areas.
    pub areas: Vec<MapArea>,
    /// How the classes were made.
    pub classing: Classing,
    /// The classes, lowest values first.
    pub classes: Vec<MapClass>,
    /// Index in `areas` of the area with the highest value.
    #[serde(default)]
    pub highest: Option<usize>,
    /// Index in `areas` of the area with the lowest value.
    #[serde(default)]
    pub lowest: Option<usize>,
    /// Index in `areas` of the best-off area (by the indicator's desired direction).
    #[serde(default)]
    pub best: Option<usize>,
    /// Index in `areas` of the worst-off area.
    #[serde(default)]
    pub worst: Option<usize>,
    /// How many areas have no value in the year shown.
    #[serde(default)]
    pub without_data: u32,
    /// Where the boundaries come from.
    #[serde(default)]
    pub boundaries: Option<String>,
    /// The boundaries.
    #[serde(skip)]
    pub geometry: MapGeometry,
}

/// A place within its region: the place highlighted among its neighbours, with an inset of
/// the whole region when the map shows only the neighbourhood.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct LocatorChart {
    /// Title.
    pub title: String,
    /// The place's name.
    pub place: String,
    /// Its code in the boundary file.
    pub code: String,
    /// How many areas the whole map has.
    pub areas: u32,
    /// Where the boundaries come from.
    #[serde(default)]
    pub boundaries: Option<String>,
    /// The boundaries.
    #[serde(skip)]
    pub geometry: MapGeometry,
}
