//! The `budget:` section of a project: budget lines, deflator, population, revenue and recorded justifications.
//!
//! The tables themselves are ordinary datasets declared under `datasets:` (CSV or XLSX, with
//! their delimiter, decimal separator, sheet and range); this section names them by id and says
//! what their columns mean. Every column has a default name, so a table that uses the defaults
//! needs no mapping at all.
//!
//! ```yaml
//! datasets:
//!   - {id: budget, path: data/budget.csv, kind: records}
//!   - {id: revenue, path: data/revenue.csv, kind: records}
//!   - {id: cpi, path: data/cpi.csv}               # Open SDG: Year, Value
//!   - {id: population, path: data/population.csv}
//! budget:
//!   currency: EUR
//!   lines: budget
//!   columns: {programme: Program, executed: Actual}   # only where the defaults do not fit
//!   deflator: {dataset: cpi}
//!   population: {dataset: population, filter: {Sex: ""}}
//!   revenue: {dataset: revenue}
//!   justifications:
//!     - right: adequate-housing
//!       year: 2023
//!       text: {en: The housing allowance moved to the regional government in 2023.}
//!       by: {en: City council decision 2022/318}
//! ```

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::indicator::{FilterValue, SourceRef};
use super::text::Text;

/// The project's budget: which datasets hold it and how to read them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct BudgetSpec {
    /// Currency of every amount, an ISO 4217 code such as `EUR` or `BRL`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// Id of the dataset (declared under `datasets:`) holding the budget lines, one line a row.
    pub lines: String,
    /// What the columns of the budget lines mean (each has a default name).
    #[serde(default)]
    pub columns: BudgetColumns,
    /// How several rights, SDG codes or indicators are separated in one cell (default: any of
    /// `;`, `|`, `,` and spaces).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag_separator: Option<char>,
    /// A price index by year (any base) that turns nominal amounts into real terms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deflator: Option<YearSeries>,
    /// Population by year, for amounts per head.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub population: Option<YearSeries>,
    /// Year whose prices real terms are expressed in (default: the first budget year from the
    /// project's base year on).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_year: Option<i32>,
    /// Revenue, budgeted and actual, for PEFA PI-3 and maximum-available-resources indicators.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revenue: Option<RevenueSpec>,
    /// When a fall in the allocation to a right counts as a retrogression.
    #[serde(default)]
    pub retrogression: RetrogressionSettings,
    /// Recorded justifications of falls in the real allocation per head to a right.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub justifications: Vec<BudgetJustification>,
}

/// Column names of the budget lines; each defaults to a usual name (matched ignoring case,
/// spaces, `-` and `_`), given here in brackets.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct BudgetColumns {
    /// The budget year, required (`Year`, `Period`, `Fiscal year`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<String>,
    /// The department (id of a declared department), required (`Department`, `Dept`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    /// The programme (`Programme`, `Program`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub programme: Option<String>,
    /// The economic class, such as personnel or investment (`Economic class`, `Economic`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub economic_class: Option<String>,
    /// The originally approved amount, required (`Approved`, `Original`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approved: Option<String>,
    /// The revised (final) amount after supplementary budgets (`Revised`, `Final`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revised: Option<String>,
    /// The executed (actual) amount (`Executed`, `Actual`, `Outturn`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub executed: Option<String>,
    /// Ids of the human rights the line serves (`Rights`, `Right`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rights: Option<String>,
    /// SDG goal, target or indicator codes the line serves (`SDG`, `SDGs`, `SDG targets`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sdg: Option<String>,
    /// Ids of the project's indicators the line serves (`Indicators`, `Indicator`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indicators: Option<String>,
    /// Gender-budgeting marker: 0 not targeted, 1 significant, 2 principal (`Gender marker`, `Gender`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender_marker: Option<String>,
    /// An id of the line in the city's accounts (`Line`, `Line id`, `Code`, `Programme code`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<String>,
    /// A description of the line (`Title`, `Description`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

/// A value per year: from a dataset (Open SDG convention, headline rows), from another
/// indicator, or written here.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct YearSeries {
    /// Id of a dataset declared in the project.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dataset: Option<String>,
    /// Id of one of the project's indicators whose headline values are used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indicator: Option<String>,
    /// Keep only dataset rows whose column has this value (or one of these values); the other
    /// disaggregation columns must be blank (the headline).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub filter: BTreeMap<String, FilterValue>,
    /// The value column, when not the dataset's value column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// The values, by year, when written here rather than read from a dataset.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub values: BTreeMap<i32, f64>,
    /// Where values written here come from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<SourceRef>,
}

/// The revenue table: one row per revenue category and year, with budgeted and actual amounts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RevenueSpec {
    /// Id of the dataset (declared under `datasets:`).
    pub dataset: String,
    /// What its columns mean (each has a default name).
    #[serde(default)]
    pub columns: RevenueColumns,
}

/// Column names of the revenue table; each defaults to a usual name, given in brackets.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RevenueColumns {
    /// The budget year, required (`Year`, `Period`, `Fiscal year`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<String>,
    /// The revenue category, such as property tax or transfers (`Category`, `Source`, `Revenue`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// Whether the revenue is the city's own (taxes, fees) rather than a transfer: `yes`/`no`,
    /// `true`/`false` or `1`/`0` (`Own`, `Own revenue`, `Own source`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub own: Option<String>,
    /// The budgeted amount, required (`Budgeted`, `Approved`, `Budget`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budgeted: Option<String>,
    /// The actual amount, required (`Actual`, `Executed`, `Outturn`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual: Option<String>,
}

/// Which amount of a budget line.
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
pub enum BudgetAmount {
    /// The originally approved budget (the allocation).
    #[default]
    Approved,
    /// The revised (final) budget.
    Revised,
    /// The executed amount (spending).
    Executed,
}

impl BudgetAmount {
    /// The three amounts in report order.
    pub const ALL: [BudgetAmount; 3] = [
        BudgetAmount::Approved,
        BudgetAmount::Revised,
        BudgetAmount::Executed,
    ];

    /// The kebab-case name.
    pub fn name(self) -> &'static str {
        match self {
            BudgetAmount::Approved => "approved",
            BudgetAmount::Revised => "revised",
            BudgetAmount::Executed => "executed",
        }
    }
}

/// When a fall in the real allocation per head to a right is flagged as a retrogression.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RetrogressionSettings {
    /// The amount compared year on year (default: `approved`, the allocation).
    #[serde(default)]
    pub amount: BudgetAmount,
    /// A fall up to this many percent is not flagged (default 0: every fall is).
    #[serde(default)]
    pub tolerance: f64,
}

/// Why the real allocation per head to a right fell in a year, as recorded by the city.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct BudgetJustification {
    /// Id of the right.
    pub right: String,
    /// The year whose allocation fell (compared with the year before).
    pub year: i32,
    /// The justification.
    pub text: Text,
    /// Who gave it (a council decision, a department).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<Text>,
}

/// Names of the disaggregation dimensions budget results use.
pub mod budget_dimension {
    /// Department id.
    pub(crate) const DEPARTMENT: &str = "Department";
    /// Programme (with its department).
    pub(crate) const PROGRAMME: &str = "Programme";
    /// Right id.
    pub(crate) const RIGHT: &str = "Right";
    /// SDG goal number.
    pub(crate) const SDG: &str = "SDG";
    /// SDG target code.
    pub(crate) const SDG_TARGET: &str = "SDG target";
    /// Economic class.
    pub(crate) const ECONOMIC_CLASS: &str = "Economic class";
    /// Gender marker: `not-targeted`, `significant`, `principal`.
    pub(crate) const GENDER_MARKER: &str = "Gender marker";
}
