//! The Balanced Score Card of a department, as Graz uses it: perspectives, strategic goals, outcome objectives, targets and KPIs.
//!
//! A scorecard is the yearly contract between a head of department, the city director and the
//! councillor. Its strategic goals (about five years) each belong to one of the four
//! perspectives; each goal has outcome objectives (one to two years) with concrete targets of
//! implementation (projects, activities, services); key performance indicators are ordinary
//! indicators of the project, named by id, optionally with the value agreed for the year.
//!
//! ```yaml
//! scorecards:
//!   - department: social-affairs
//!     year: 2024
//!     goals:
//!       - id: housing-for-all
//!         perspective: citizens
//!         title: {en: Guarantee the right to adequate housing for all residents}
//!         from: 2022
//!         to: 2026
//!         rights: [adequate-housing]
//!         sdg: ["11.1"]
//!         objectives:
//!           - id: shelter-centre
//!             title: {en: Open a centre for people without a home}
//!             to: 2025
//!             targets:
//!               - {title: {en: Building contract signed}, due: 2024, done: 2024}
//!               - {title: {en: Centre opened with 60 places}, due: 2025}
//!             kpis:
//!               - hsg-homeless-people
//!               - {indicator: hsg-shelter-places, target: 30}
//! ```

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::indicator::{Perspective, RightLink, SdgLink};
use super::text::Text;

/// One department's Balanced Score Card for one year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Scorecard {
    /// Id of the department (declared under `departments:`).
    pub department: String,
    /// The year the contract covers and the report is made for.
    pub year: i32,
    /// Head of the department, who signs the contract.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub head: Option<Text>,
    /// The department's mission in a sentence or two.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mission: Option<Text>,
    /// Strategic goals, each in one perspective.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub goals: Vec<StrategicGoal>,
}

/// A strategic goal, to be reached within about five years.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct StrategicGoal {
    /// Id, unique in the project (letters, digits, `-`, `_`, `.`).
    pub id: String,
    /// The perspective: `citizens`, `finance`, `processes` (administrative processes and
    /// organisation) or `employees`.
    pub perspective: Perspective,
    /// The goal.
    pub title: Text,
    /// What it means and why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
    /// First year (default: the scorecard's year).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<i32>,
    /// Year by which it is to be reached (default: four years after `from`, five years in all).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<i32>,
    /// Human rights the goal serves.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rights: Vec<RightLink>,
    /// SDG goals, targets or indicators the goal serves.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sdg: Vec<SdgLink>,
    /// Outcome objectives towards the goal.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub objectives: Vec<OutcomeObjective>,
    /// Key performance indicators of the goal itself.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kpis: Vec<Kpi>,
}

/// An outcome objective, to be reached within one or two years.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct OutcomeObjective {
    /// Id, unique in the project.
    pub id: String,
    /// The objective.
    pub title: Text,
    /// What it means and why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
    /// First year (default: the scorecard's year).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<i32>,
    /// Year by which it is to be reached (default: the scorecard's year).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<i32>,
    /// Targets of implementation: the projects, activities and services that achieve it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<ImplementationTarget>,
    /// Key performance indicators that show whether it is being achieved.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kpis: Vec<Kpi>,
}

/// A target of implementation: a project, activity or service with a due year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ImplementationTarget {
    /// What is to be done.
    pub title: Text,
    /// The year by which it is due.
    pub due: i32,
    /// The year it was done, once it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done: Option<i32>,
    /// What shows it was done (a decision, an opening, a web page).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Text>,
}

/// A key performance indicator: an indicator id, or a mapping with the value agreed for a year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[serde(remote = "Self")]
pub struct Kpi {
    /// Id of one of the project's indicators.
    pub indicator: String,
    /// The value agreed for `year`: at least it when the indicator should increase, at most it
    /// when it should decrease, within `tolerance` of it otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<f64>,
    /// The year the agreed value is for (default: the scorecard's year).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    /// For indicators to maintain or reach a value: the accepted distance from the target.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tolerance: Option<f64>,
}

impl Kpi {
    /// A KPI judged by the indicator's own assessment.
    pub fn from_str_shorthand(indicator: &str) -> Self {
        Kpi {
            indicator: indicator.to_string(),
            target: None,
            year: None,
            tolerance: None,
        }
    }
}

string_or_struct!(
    Kpi,
    "an indicator id, or a mapping with `indicator` and `target`"
);

impl JsonSchema for Kpi {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Kpi".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A key performance indicator: the id of one of the project's indicators, or a mapping with the value agreed for a year.",
            "anyOf": [
                {"type": "string"},
                {
                    "type": "object",
                    "properties": {
                        "indicator": {"type": "string", "description": "Id of one of the project's indicators."},
                        "target": {"type": "number", "description": "The value agreed for the year."},
                        "year": {"type": "integer", "description": "The year the agreed value is for (default: the scorecard's year)."},
                        "tolerance": {"type": "number", "description": "For indicators to maintain or reach a value: the accepted distance."}
                    },
                    "required": ["indicator"],
                    "additionalProperties": false
                }
            ]
        })
    }
}

impl StrategicGoal {
    /// The first and last year of the goal, with the defaults applied.
    pub fn years(&self, scorecard_year: i32) -> (i32, i32) {
        let from = self.from.unwrap_or(scorecard_year);
        (from, self.to.unwrap_or(from + 4))
    }
}

impl OutcomeObjective {
    /// The first and last year of the objective, with the defaults applied.
    pub fn years(&self, scorecard_year: i32) -> (i32, i32) {
        let from = self.from.unwrap_or(scorecard_year);
        (from, self.to.unwrap_or(scorecard_year.max(from)))
    }
}
