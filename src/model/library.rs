//! Indicator libraries (folders of YAML files), sets that adapt them, rights, departments and the SDG framework.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::indicator::*;
use super::text::Text;

/// `library.yaml`: describes a folder of indicator files.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct LibraryManifest {
    /// Id of the library, the name projects use for it (usually the folder name).
    pub id: String,
    /// Title.
    pub title: Text,
    /// What the library holds and where it comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
    /// Version of the library.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Licence of the library's content.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub licence: Option<String>,
    /// For the SDG library: version of the global indicator framework.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub framework: Option<String>,
    /// Sources of the library.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<SourceRef>,
}

/// Any other YAML file of a library: indicators, sets, rights, departments and SDG titles.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct LibraryFile {
    /// Indicator definitions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indicators: Vec<Indicator>,
    /// Sets that select and adapt indicators of libraries.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sets: Vec<IndicatorSet>,
    /// Human rights and their attributes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rights: Vec<Right>,
    /// Departments of the administration.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub departments: Vec<Department>,
    /// Award schemes for banded points (a title awarded above a score).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub award_schemes: Vec<AwardScheme>,
    /// Balanced Score Cards of departments.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scorecards: Vec<super::scorecard::Scorecard>,
    /// SDG goals with their titles.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sdg_goals: Vec<SdgEntry>,
    /// SDG targets with their titles.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sdg_targets: Vec<SdgEntry>,
    /// SDG global indicators with their titles.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sdg_indicators: Vec<SdgEntry>,
    /// Labels of the dimensions, categories, units and series found in data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vocabulary: Option<super::vocabulary::Vocabulary>,
}

/// A goal, target or indicator of the SDG global framework.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SdgEntry {
    /// Code: `1`, `1.2` or `1.2.1`.
    pub code: String,
    /// Official title, by language.
    pub title: Text,
    /// Short title (goals), by language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short: Option<Text>,
}

/// A set: selects indicators from libraries and other sets and adapts them without copying.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct IndicatorSet {
    /// Id of the set, the name projects use for it.
    pub id: String,
    /// Title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<Text>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
    /// Libraries or sets whose indicators this set starts from.
    pub extends: Vec<String>,
    /// Keep only indicators whose id matches one of these patterns (`*` and `?` wildcards).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub include: Vec<String>,
    /// Drop indicators whose id matches one of these patterns.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclude: Vec<String>,
    /// Field replacements per indicator id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub overrides: BTreeMap<String, IndicatorOverride>,
}

/// Replacement fields for an indicator: every field given replaces the original one.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct IndicatorOverride {
    /// New title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<Text>,
    /// New description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
    /// New unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<Text>,
    /// New direction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<Direction>,
    /// New precision.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub precision: Option<u8>,
    /// New computation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub computation: Option<Computation>,
    /// New expected disaggregations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disaggregations: Option<Vec<String>>,
    /// New targets (replace all targets).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub targets: Option<Vec<Target>>,
    /// New links (replace all links).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub links: Option<Links>,
    /// New metadata sheet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Metadata>,
    /// New sources.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sources: Option<Vec<SourceRef>>,
    /// New assessment settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessment: Option<AssessmentOverride>,
}

impl IndicatorOverride {
    /// Applies the override to an indicator and returns the names of the replaced fields.
    pub fn apply(&self, ind: &mut Indicator) -> Vec<&'static str> {
        let mut changed = Vec::new();
        macro_rules! set {
            ($field:ident, $name:literal, $wrap:expr) => {
                if let Some(v) = &self.$field {
                    ind.$field = $wrap(v.clone());
                    changed.push($name);
                }
            };
        }
        set!(title, "title", |v| v);
        set!(description, "description", Some);
        set!(unit, "unit", Some);
        set!(direction, "direction", |v| v);
        set!(precision, "precision", Some);
        set!(computation, "computation", Some);
        set!(disaggregations, "disaggregations", |v| v);
        set!(targets, "targets", |v| v);
        set!(links, "links", |v| v);
        set!(metadata, "metadata", |v| v);
        set!(sources, "sources", |v| v);
        set!(assessment, "assessment", Some);
        changed
    }
}

/// A human right and its attributes (OHCHR framework).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Right {
    /// Id, such as `adequate-housing`.
    pub id: String,
    /// Name of the right.
    pub title: Text,
    /// Main instruments that guarantee it (such as ICESCR art. 11).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instruments: Option<Text>,
    /// Its attributes (such as habitability, affordability).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<RightAttribute>,
}

/// An attribute of a right.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RightAttribute {
    /// Id, such as `affordability`.
    pub id: String,
    /// Name.
    pub title: Text,
}

/// A department of the city administration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Department {
    /// Id, such as `housing`.
    pub id: String,
    /// Name.
    pub title: Text,
    /// The councillor responsible.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub councillor: Option<Text>,
}

/// An award scheme: points from banded targets summed, a title awarded above a threshold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct AwardScheme {
    /// Id used by banded targets.
    pub id: String,
    /// Name of the scheme.
    pub title: Text,
    /// The title awarded.
    pub award: Text,
    /// Score from which the title is awarded.
    pub threshold: f64,
}
