//! The project file `localis.yaml`: the place, languages, years, libraries, datasets and reports.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::budget::BudgetSpec;
use super::dataset::DatasetSpec;
use super::indicator::ProgressMethod;
use super::library::{AwardScheme, Department};
use super::map::MapSpec;
use super::text::Text;

/// The name of the project file.
pub(crate) const PROJECT_FILE: &str = "localis.yaml";

/// A localis project: what `localis.yaml` holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Project {
    /// Name of the project, used as the title of its publications.
    pub name: Text,
    /// The place the project reports on.
    pub place: Place,
    /// Who publishes (PDF author), such as the city's SDG commission.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<Text>,
    /// Languages of the publications, first the main one (`en`, `pt`, `es`, `de`, `fr`...).
    #[serde(default = "default_languages")]
    pub languages: Vec<String>,
    /// Base year of assessments.
    #[serde(default = "default_base_year")]
    pub base_year: i32,
    /// Default target year.
    #[serde(default = "default_target_year")]
    pub target_year: i32,
    /// Version of the SDG global indicator framework the links use.
    #[serde(default = "default_framework")]
    pub framework: String,
    /// Indicator libraries used: folders under `indicators/` (the project's own or shipped).
    #[serde(default)]
    pub libraries: Vec<String>,
    /// Sets whose indicators the project reports (default: every indicator of the libraries).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sets: Vec<String>,
    /// The datasets.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub datasets: Vec<DatasetSpec>,
    /// Folders outside the project that datasets may be read from, relative to the project
    /// (such as `../shared-data`). Without them, datasets must lie inside the project folder.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub data_roots: Vec<String>,
    /// Other places (national runs): a CSV with their GeoCodes and names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub places: Option<PlacesFile>,
    /// Boundary files (GeoJSON) of places or of the groups of a dimension, drawn as maps.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub maps: Vec<MapSpec>,
    /// The publications the project builds.
    #[serde(default = "default_reports")]
    pub reports: Vec<ReportSpec>,
    /// Output folder, relative to the project.
    #[serde(default = "default_output")]
    pub output: String,
    /// Assessment settings.
    #[serde(default)]
    pub assessment: AssessmentSettings,
    /// Privacy settings for small counts.
    #[serde(default)]
    pub privacy: Privacy,
    /// Departments of the administration.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub departments: Vec<Department>,
    /// Award schemes for banded targets.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub award_schemes: Vec<AwardScheme>,
    /// Texts written by the city for its publications.
    #[serde(default)]
    pub texts: PublicationTexts,
    /// The budget: lines tagged with rights, SDG targets and indicators, deflator, population,
    /// revenue and recorded justifications of falls.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget: Option<BudgetSpec>,
    /// Labels of the dimensions, categories, units and series found in data; they win over
    /// the libraries' vocabularies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vocabulary: Option<super::vocabulary::Vocabulary>,
    /// Licence of the published data and results (such as `CC-BY-4.0`), stated in open-data
    /// exports and in the publications' citation block.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub licence: Option<String>,
    /// Date of publication (`2025-11-24`) printed on the publications; without it, the day of
    /// the build. `SOURCE_DATE_EPOCH` wins over both, for reproducible builds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

fn default_languages() -> Vec<String> {
    vec!["en".to_string()]
}

fn default_base_year() -> i32 {
    2015
}

fn default_target_year() -> i32 {
    2030
}

fn default_framework() -> String {
    "2025".to_string()
}

fn default_output() -> String {
    "out".to_string()
}

fn default_reports() -> Vec<ReportSpec> {
    vec![ReportSpec::from_str_shorthand("vlr")]
}

/// A place: a municipality, district or region.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Place {
    /// Name of the place.
    pub name: Text,
    /// Its GeoCode, as used in the datasets' `GeoCode` column.
    pub geocode: String,
    /// Country (ISO 3166 code or name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// What kind of place it is (default: a municipality); sets how publications name it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<PlaceKind>,
}

/// The kinds of place a project reports on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum PlaceKind {
    /// A municipality or city (the default).
    Municipality,
    /// A region, province or state within a country.
    Region,
    /// A whole country.
    Country,
}

impl PlaceKind {
    /// The publication a place of this kind gives by default: a Voluntary Local Review of a
    /// municipality, an SDG progress report of a region or a country.
    pub fn default_publication(self) -> PublicationKind {
        match self {
            PlaceKind::Municipality => PublicationKind::VoluntaryLocalReview,
            PlaceKind::Region | PlaceKind::Country => PublicationKind::SdgProgressReport,
        }
    }

    /// The suffix of the labels that name the place's own data in its kind's words
    /// (`typeset-with`, `typeset-with-region`, `typeset-with-country`).
    pub fn label_suffix(self) -> &'static str {
        match self {
            PlaceKind::Municipality => "",
            PlaceKind::Region => "-region",
            PlaceKind::Country => "-country",
        }
    }
}

/// What the `vlr` template's publication is called on its cover.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum PublicationKind {
    /// A Voluntary Local Review of the 2030 Agenda (a municipality's).
    VoluntaryLocalReview,
    /// A Voluntary Subnational Review (a region's or a province's).
    VoluntarySubnationalReview,
    /// An SDG progress report (of any place, such as a national or regional data set).
    SdgProgressReport,
}

impl PublicationKind {
    /// The key of its name among the report labels.
    pub fn label_key(self) -> &'static str {
        match self {
            PublicationKind::VoluntaryLocalReview => "vlr",
            PublicationKind::VoluntarySubnationalReview => "vsr",
            PublicationKind::SdgProgressReport => "sdg-progress-report",
        }
    }
}

/// A CSV file listing places.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PlacesFile {
    /// Path relative to the project.
    pub path: String,
    /// Column of the GeoCode (default `GeoCode`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geocode_column: Option<String>,
    /// Column of the name (default `Name`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_column: Option<String>,
}

/// The languages localis ships report labels and sentences in.
pub(crate) const REPORT_LANGUAGES: [&str; 5] = ["en", "pt", "es", "de", "fr"];

/// The publication templates shipped with localis.
pub(crate) const REPORT_TEMPLATES: [&str; 4] = ["vlr", "accountability", "department", "public"];

/// A publication to build: a template and its options; `vlr` alone is shorthand.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[serde(remote = "Self")]
pub struct ReportSpec {
    /// Template name: `vlr`, `accountability`, `department`, `public`, or one of the project's.
    pub template: String,
    /// Languages to build it in (default: the project's languages).
    #[serde(default)]
    pub languages: Vec<String>,
    /// File name without extension (default: the template name).
    #[serde(default)]
    pub file: Option<String>,
    /// PDF standard to conform to (default: PDF/A-2a and PDF/UA-1 together).
    #[serde(default)]
    pub standard: Option<PdfStandard>,
    /// What the `vlr` template's publication is called (default: by the kind of place).
    #[serde(default)]
    pub kind: Option<PublicationKind>,
}

impl Serialize for ReportSpec {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("ReportSpec", 5)?;
        st.serialize_field("template", &self.template)?;
        // options left at their default are not written (they read back the same)
        if self.languages.is_empty() {
            st.skip_field("languages")?;
        } else {
            st.serialize_field("languages", &self.languages)?;
        }
        match &self.file {
            Some(f) => st.serialize_field("file", f)?,
            None => st.skip_field("file")?,
        }
        match &self.standard {
            Some(x) => st.serialize_field("standard", x)?,
            None => st.skip_field("standard")?,
        }
        match &self.kind {
            Some(x) => st.serialize_field("kind", x)?,
            None => st.skip_field("kind")?,
        }
        st.end()
    }
}

impl<'de> Deserialize<'de> for ReportSpec {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = ReportSpec;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a template name such as `vlr`, or a mapping with `template`")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<ReportSpec, E> {
                Ok(ReportSpec::from_str_shorthand(v))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<ReportSpec, A::Error> {
                ReportSpec::deserialize(serde::de::value::MapAccessDeserializer::new(map))
            }
        }
        d.deserialize_any(V)
    }
}

impl ReportSpec {
    /// A report of a template with default options.
    pub fn from_str_shorthand(template: &str) -> Self {
        ReportSpec {
            template: template.to_string(),
            languages: Vec::new(),
            file: None,
            standard: None,
            kind: None,
        }
    }
}

impl JsonSchema for ReportSpec {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ReportSpec".into()
    }

    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let standard = g.subschema_for::<PdfStandard>();
        let kind = g.subschema_for::<PublicationKind>();
        schemars::json_schema!({
            "description": "A publication: a template name (`vlr`, `accountability`, `department`, `public`), or a mapping with options.",
            "anyOf": [
                {"type": "string"},
                {
                    "type": "object",
                    "properties": {
                        "template": {"type": "string", "description": "Template name."},
                        "languages": {"type": "array", "items": {"type": "string"}, "description": "Languages to build it in."},
                        "file": {"type": "string", "description": "File name without extension."},
                        "standard": standard,
                        "kind": kind
                    },
                    "required": ["template"],
                    "additionalProperties": false
                }
            ]
        })
    }
}

/// PDF standards a publication can conform to (default: PDF/A-2a and PDF/UA-1 together).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum PdfStandard {
    /// PDF/A-2a and PDF/UA-1 together: archivable, tagged and accessible (the default).
    #[serde(rename = "pdf/a-2a+ua-1")]
    PdfA2aUa1,
    /// PDF/A-2a, for archiving, with the document's logical structure (tags).
    #[serde(rename = "pdf/a-2a")]
    PdfA2a,
    /// PDF/A-2b, for archiving.
    #[serde(rename = "pdf/a-2b")]
    PdfA2b,
    /// PDF/A-3b, for archiving with attachments.
    #[serde(rename = "pdf/a-3b")]
    PdfA3b,
    /// PDF/UA-1, accessible and tagged.
    #[serde(rename = "pdf/ua-1")]
    PdfUa1,
    /// No standard claimed (still tagged).
    #[serde(rename = "none")]
    None,
}

impl PdfStandard {
    /// The standard a report conforms to when its entry names none.
    pub const DEFAULT: PdfStandard = PdfStandard::PdfA2aUa1;
}

/// Project-wide assessment settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct AssessmentSettings {
    /// The method whose status is published (default Open SDG).
    #[serde(default)]
    pub method: ProgressMethod,
    /// Further methods computed alongside, for comparison.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<ProgressMethod>,
}

impl Default for AssessmentSettings {
    fn default() -> Self {
        AssessmentSettings {
            method: ProgressMethod::OpenSdg,
            also: Vec::new(),
        }
    }
}

/// Privacy settings for small counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Privacy {
    /// Counts below this are suppressed (with secondary suppression).
    #[serde(default = "default_minimum_count")]
    pub minimum_count: u32,
    /// Rates from this many events or fewer are flagged unstable.
    #[serde(default = "default_unstable")]
    pub unstable_at_most: u32,
}

fn default_minimum_count() -> u32 {
    5
}

fn default_unstable() -> u32 {
    20
}

impl Default for Privacy {
    fn default() -> Self {
        Privacy {
            minimum_count: default_minimum_count(),
            unstable_at_most: default_unstable(),
        }
    }
}

/// Texts the city writes for its publications (each in the project's languages).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PublicationTexts {
    /// Opening statement by the mayor or the commission.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opening_statement: Option<Text>,
    /// Who signs the opening statement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opening_signature: Option<Text>,
    /// Highlights written by the city (generated highlights are added after them).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub highlights: Vec<Text>,
    /// Introduction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub introduction: Option<Text>,
    /// Methodology and process: how the review was prepared (generated facts follow it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub methodology: Option<Text>,
    /// Ownership of the goals and integration in local frameworks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ownership: Option<Text>,
    /// Leaving no one behind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leaving_no_one_behind: Option<Text>,
    /// Means of implementation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub means_of_implementation: Option<Text>,
    /// Conclusion.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conclusion: Option<Text>,
    /// Next steps.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_steps: Option<Text>,
    /// Commitments for the coming year (accountability report, and the VLR's conclusion).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub commitments: Vec<Text>,
    /// Executive summary, at the head of the VLR (paragraphs, `- ` list items, `**bold**`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub executive_summary: Option<Text>,
    /// How residents, civil society, business and academia took part in the review.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stakeholder_engagement: Option<Text>,
    /// The institutional mechanism: who steers the localisation and the review, and how.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub institutional_mechanism: Option<Text>,
    /// The city's account of each goal, by goal number (`"11"`): policies, challenges, good
    /// practice, interlinkages, alignment with the national review. Printed at the head of
    /// the goal's chapter.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub goals: std::collections::BTreeMap<String, Text>,
    /// How to cite the publication (default: author, year, title, place).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub citation: Option<Text>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_names_its_kind_and_a_place_its_kind() {
        let spec: ReportSpec =
            serde_yaml::from_str("{template: vlr, kind: voluntary-subnational-review}").unwrap();
        assert_eq!(spec.kind, Some(PublicationKind::VoluntarySubnationalReview));
        assert_eq!(spec.kind.unwrap().label_key(), "vsr");
        let written = serde_yaml::to_string(&spec).unwrap();
        assert_eq!(
            written,
            "template: vlr\nkind: voluntary-subnational-review\n"
        );
        let place: Place =
            serde_yaml::from_str("{name: Euskadi, geocode: ES21, kind: region}").unwrap();
        assert_eq!(place.kind, Some(PlaceKind::Region));
        assert_eq!(
            place.kind.unwrap().default_publication(),
            PublicationKind::SdgProgressReport
        );
        assert_eq!(
            PlaceKind::Municipality.default_publication(),
            PublicationKind::VoluntaryLocalReview
        );
        let wrong = serde_yaml::from_str::<Place>("{name: X, geocode: X, kind: city}");
        assert!(wrong.is_err());
    }
}
