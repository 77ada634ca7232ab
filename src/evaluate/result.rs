//! The evaluation result: every value of every active indicator, per place, disaggregation and period, with provenance.
//!
//! This is the single source of every number any output shows: assessment reads it, charts
//! and reports read it and the assessment, and nothing downstream computes values of its own.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Values of the project's active indicators for every place.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Evaluation {
    /// The places evaluated, sorted by GeoCode.
    pub places: Vec<PlaceInfo>,
    /// One result per indicator and place, sorted by indicator id then GeoCode.
    pub results: Vec<IndicatorResult>,
}

/// A place that has data.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct PlaceInfo {
    /// Its GeoCode.
    pub geocode: String,
    /// Its name, when known.
    pub name: Option<String>,
}

/// The values of one indicator for one place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct IndicatorResult {
    /// Indicator id.
    pub indicator: String,
    /// GeoCode of the place.
    pub place: String,
    /// Unit reported by the data (`Units` column), when any.
    pub unit: Option<String>,
    /// The headline series first (no disaggregation), then every disaggregation present,
    /// sorted by their dimension/group pairs.
    pub series: Vec<Series>,
    /// Which expected disaggregations have data.
    pub completeness: Completeness,
}

/// One series: the headline or one combination of disaggregation groups.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Series {
    /// Dimension -> group, such as `Sex: Female`; empty for the headline.
    pub disaggregation: BTreeMap<String, String>,
    /// Observations sorted by period.
    pub observations: Vec<Observation>,
}

/// One value of a series, with where it came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Observation {
    /// The year (the first year of a range such as `2015-16`).
    pub year: i32,
    /// The period as written in the data when it is not a plain year (`2015-16`).
    pub period: Option<String>,
    /// The value; `None` when suppressed for privacy.
    pub value: Option<f64>,
    /// A value replacing `value` for progress assessment only (`Progress` column).
    pub progress: Option<f64>,
    /// Count behind a ratio or share (events, part), for intervals and suppression.
    pub numerator: Option<f64>,
    /// Population behind a ratio or share, for intervals.
    pub denominator: Option<f64>,
    /// Observation status from the data (such as `E` estimated, `P` provisional).
    pub status: Option<String>,
    /// Comment from the data (`COMMENT_OBS`).
    pub comment: Option<String>,
    /// Whether the value was suppressed for privacy (small cell, or secondary suppression).
    pub suppressed: bool,
    /// The dataset rows the value was computed from.
    pub provenance: Vec<Provenance>,
}

/// The rows of one dataset file that a value was computed from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Provenance {
    /// Dataset id.
    pub dataset: String,
    /// File, relative to the project.
    pub file: String,
    /// Data rows (1 = the first row after the header), as inclusive ranges.
    pub rows: Vec<(u32, u32)>,
}

/// Which of an indicator's expected disaggregations have data (the SDG 17.18.1 idea).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Completeness {
    /// The disaggregations the indicator expects.
    pub expected: Vec<String>,
    /// Those that have at least one value.
    pub present: Vec<String>,
}

impl IndicatorResult {
    /// The headline series, if any.
    pub fn headline(&self) -> Option<&Series> {
        self.series.iter().find(|s| s.disaggregation.is_empty())
    }
}

impl Series {
    /// The latest observation with a value.
    pub fn latest(&self) -> Option<&Observation> {
        self.observations.iter().rev().find(|o| o.value.is_some())
    }
}

impl Evaluation {
    /// The result of an indicator for a place.
    pub fn get(&self, indicator: &str, place: &str) -> Option<&IndicatorResult> {
        self.results
            .binary_search_by(|r| (r.indicator.as_str(), r.place.as_str()).cmp(&(indicator, place)))
            .ok()
            .map(|i| &self.results[i])
    }
}
