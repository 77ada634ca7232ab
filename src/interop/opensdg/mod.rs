//! `localis import opensdg`: turns an Open SDG data repository into a localis project.
//!
//! The repository is read as sdg-build reads it ([`source`]): `config_data.yml` names the
//! inputs (else the starter's layout: `data/indicator_*.csv`, `meta/`, `indicator-config/`),
//! later inputs override earlier ones, `meta/<lang>/` holds translated metadata and
//! `translations/<lang>/*.yml` the translation keys (keys of the SDG translations,
//! `global_indicators.1-2-1-title`, come from the shipped SDG library). Each indicator with
//! data becomes a localis indicator reading a copy of its CSV; a CSV that mixes units or series
//! becomes one localis indicator per combination (filtering on `Units` and `Series`, so that
//! no period is given twice). The YAML is written by serializing the model types, so it always
//! matches the schema. What cannot be carried over is listed in `IMPORT-NOTES.md` ([`notes`]).
//!
//! | Open SDG | localis |
//! |---|---|
//! | `indicator_available`, else `indicator_name`, `graph_title`, the SDG title | `title` (per language) |
//! | `indicator_description`, `national_indicator_description` | `description` |
//! | `indicator_number` (else the file name) | `links.sdg` (a local `10.1.1.a` links to `10.1.1`) |
//! | `computation_units`, else the `Units` value | `unit` |
//! | `precision` (`decimals`) | `precision` |
//! | `expected_disaggregations` (columns of the CSV), else the CSV's disaggregation columns | `disaggregations` |
//! | `progress_calculation_options`: `direction` | `direction` (`positive` increase, `negative` decrease) |
//! | ... `target`, `target_year` | a numeric target |
//! | ... `base_year`, `target_year` | `assessment.base-year`, `target-year` |
//! | ... an item with `disaggregation:` (fields and values) | an indicator of its own filtered to them, with the item's settings (as the platform assesses each item on its own series); with no item for the headline, the indicator's direction when all items state the same |
//! | ... a `group:` of items | each member as an item |
//! | ... `limit` (without a `target`) | `assessment.limit` (the open-sdg thresholds shrink near it, as the platform's) and `assessment.best` |
//! | `graph_target_lines`, `graph_annotations` with `preset: target_line` | numeric targets (labelled) |
//! | `STAT_CONC_DEF`, `indicator_definition`, `computation_definitions` | `metadata.definition` |
//! | `RATIONALE` | `metadata.rationale` |
//! | `DATA_COMP`, `computation_calculations`, `computation_numerator`/`denominator` | `metadata.method` |
//! | `DATA_SOURCE`, `COLL_METHOD`, each source's labelled details (`source_*_N`, `sources:`) | `metadata.data-collection` |
//! | `computation_disaggregation` | `metadata.disaggregation` |
//! | `FREQ_COLL`, `national_indicator_periodicity`, `source_periodicity_N` | `metadata.periodicity` |
//! | `REC_USE_LIM`, `comments_limitations`, `other_information`, `data_footnote`, `copyright` | `metadata.comments` |
//! | `source_organisation_N`, `source_url_N`, `source_url_text_N` (no `source_active_N: false`), the `sources:` list (its keys translated); `goal_meta_link` | `sources` |
//! | `map_layers` (local `geojson_file`, `id_property`, `name_property`, `id_column`) | `maps` (the file copied to `maps/`; see [`maps`]) |
//!
//! Without a direction (Open SDG has none unless progress is calculated), an indicator is not
//! assessed (`assessment: {assess: false}`): localis will not guess which way is progress.

pub mod data;
pub mod maps;
pub mod notes;
pub mod source;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_yaml::Value;

use crate::model::*;
use crate::output::write_atomic;

use data::{Combo, Scan};
use notes::Notes;
use source::{IndicatorMeta, Repository, boolean, is_empty, number, scalar_text};

/// What to import and where.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The Open SDG data repository (a folder).
    pub repository: PathBuf,
    /// The folder of the new project (must not exist, or be empty).
    pub to: PathBuf,
    /// Name of the place (default: the most common `national_geographical_coverage`).
    pub place: Option<String>,
    /// GeoCode of the place (default: derived from its name; set the official code).
    pub geocode: Option<String>,
    /// Also import indicators whose reporting status is `notstarted` or `notapplicable`
    /// (their data are often a template's placeholders).
    pub include_not_started: bool,
    /// The site repository's `_data/site_config.yml`: its `progress_status.status_types`
    /// give the labels of the site's own progress statuses.
    pub site_config: Option<PathBuf>,
    /// What kind of place the repository reports on (default: a country).
    pub place_kind: Option<PlaceKind>,
}

/// What an import did.
#[derive(Debug)]
pub struct ImportOutcome {
    /// The new project's folder.
    pub to: PathBuf,
    /// Open SDG indicators imported.
    pub imported: usize,
    /// localis indicators made from them.
    pub indicators: usize,
    /// Datasets declared.
    pub datasets: usize,
    /// The id of the library holding the indicators.
    pub library: String,
    /// What could not be carried over and the decisions made.
    pub notes: Notes,
    /// The notes as Markdown (also in `IMPORT-NOTES.md`).
    pub notes_markdown: String,
    /// Errors and warnings of `localis check` on the new project.
    pub check: (usize, usize),
    /// Every file written.
    pub written: Vec<PathBuf>,
}

/// Why an import could not run at all.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The repository folder does not exist.
    #[error("failed to find the repository ({0} is not a folder)")]
    NoRepository(PathBuf),
    /// The folder holds no Open SDG data.
    #[error(
        "failed to find Open SDG data in {0} ({1}); hint: an Open SDG data repository has `data/indicator_1-2-1.csv`-like files and `meta/` or `indicator-config/`, or a `config_data.yml` naming its inputs"
    )]
    NotOpenSdg(PathBuf, String),
    /// The target folder already holds files.
    #[error("failed to import into {0} (the folder is not empty; choose a new folder with --to)")]
    TargetNotEmpty(PathBuf),
    /// The target folder is inside the repository (the repository must not change).
    #[error("failed to import into {0} (it is inside the repository, which import never changes)")]
    TargetInsideRepository(PathBuf),
    /// A file could not be written.
    #[error("failed to write {path} ({source})")]
    Write {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
}

/// The publisher of the SDG metadata that `goal_meta_link` points at.
const UNSD: &str = "United Nations Statistics Division";

/// The file the notes are written to, in the new project.
pub const NOTES_FILE: &str = "IMPORT-NOTES.md";

/// Goals, targets and indicators of the shipped SDG library, by code.
#[derive(Debug, Default)]
pub(crate) struct SdgTitles {
    /// The framework version.
    pub version: String,
    entries: BTreeMap<String, SdgEntry>,
}

impl SdgTitles {
    /// Reads the SDG library embedded in the binary.
    pub(crate) fn builtin() -> SdgTitles {
        let mut out = SdgTitles::default();
        let Some(dir) = crate::load::builtin::library("sdg") else {
            return out;
        };
        let mut files = Vec::new();
        crate::load::builtin::collect_yaml(dir, &mut files);
        for (name, text) in files {
            if name.ends_with("/library.yaml") {
                if let Ok(m) = crate::scaffold::read_model::<LibraryManifest>(&text) {
                    out.version = m.framework.unwrap_or_default();
                }
            } else if let Ok(f) = crate::scaffold::read_model::<LibraryFile>(&text) {
                for e in f
                    .sdg_goals
                    .into_iter()
                    .chain(f.sdg_targets)
                    .chain(f.sdg_indicators)
                {
                    out.entries.insert(e.code.clone(), e);
                }
            }
        }
        out
    }

    /// The entry of a goal, target or indicator code.
    pub(crate) fn get(&self, code: &str) -> Option<&SdgEntry> {
        self.entries.get(code)
    }
}

/// Reads a translation key (`group.key`) in a language, from the SDG titles (`global_goals`,
/// `global_targets`, `global_indicators`) or the repository's translations.
fn translate(repo: &Repository, sdg: &SdgTitles, key: &str, lang: &str) -> Option<String> {
    let (group, rest) = key.split_once('.')?;
    let code_of =
        |suffix: &str| -> Option<String> { rest.strip_suffix(suffix).map(|c| c.replace('-', ".")) };
    let found = match group {
        "global_indicators" => code_of("-title")
            .and_then(|c| sdg.get(&c))
            .and_then(|e| e.title.get_exact(lang).map(str::to_string)),
        "global_targets" => code_of("-title")
            .and_then(|c| sdg.get(&c))
            .and_then(|e| e.title.get_exact(lang).map(str::to_string)),
        "global_goals" => match (code_of("-title"), code_of("-short")) {
            (Some(c), _) => sdg
                .get(&c)
                .and_then(|e| e.title.get_exact(lang).map(str::to_string)),
            (None, Some(c)) => sdg
                .get(&c)
                .and_then(|e| e.short.as_ref())
                .and_then(|t| t.get_exact(lang).map(str::to_string)),
            _ => None,
        },
        _ => None,
    };
    found.or_else(|| repo.translations.get(lang)?.get(key).cloned())
}

/// The label of a value of the data in one language, as sdg-build translates data: the value
/// itself when it is a translation key, else `<column>.<value>`, else `data.<value>`.
fn data_label(repo: &Repository, column: &str, value: &str, lang: &str) -> Option<String> {
    let own = repo.translations.get(lang)?;
    own.get(value)
        .filter(|_| is_translation_key(value))
        .or_else(|| own.get(&format!("{column}.{value}")))
        .or_else(|| own.get(&format!("data.{value}")))
        .map(|t| crate::interop::text::plain_text(t))
        .filter(|t| !t.trim().is_empty())
}

/// The repository's labels of one value in every language that has one.
fn data_labels(repo: &Repository, column: &str, value: &str) -> Option<Text> {
    let out: BTreeMap<String, String> = repo
        .languages
        .iter()
        .filter_map(|l| data_label(repo, column, value, l).map(|t| (l.clone(), t)))
        .collect();
    (!out.is_empty()).then_some(Text(out))
}

/// The vocabulary of the imported data from the repository's translations: the names of the
/// disaggregation columns, their categories, the units and the series, in every language the
/// repository translates them into, so that no raw code reaches a page.
fn vocabulary(repo: &Repository, scans: &[(&Scan, &BTreeSet<String>)]) -> Option<Vocabulary> {
    let mut v = Vocabulary::default();
    for (scan, place_labels) in scans {
        for column in &scan.dimensions {
            if place_labels.contains(column) {
                continue;
            }
            let title = data_labels(repo, column, column);
            let categories: BTreeMap<String, Text> = scan
                .values
                .get(column)
                .into_iter()
                .flatten()
                .filter_map(|value| data_labels(repo, column, value).map(|t| (value.clone(), t)))
                .collect();
            if title.is_none() && categories.is_empty() {
                continue;
            }
            let d = v.dimensions.entry(column.clone()).or_default();
            if d.title.is_none() {
                d.title = title;
            }
            d.categories.extend(categories);
        }
        for (combo, _) in &scan.combos {
            let units = scan
                .units
                .as_deref()
                .unwrap_or(crate::load::dataset::columns::UNITS);
            let series = scan
                .series
                .as_deref()
                .unwrap_or(crate::load::dataset::columns::SERIES);
            if !combo.unit.is_empty()
                && let Some(t) = data_labels(repo, units, &combo.unit)
            {
                v.units.insert(combo.unit.clone(), t);
            }
            if !combo.series.is_empty()
                && let Some(t) = data_labels(repo, series, &combo.series)
            {
                v.series.insert(combo.series.clone(), t);
            }
        }
    }
    (v != Vocabulary::default()).then_some(v)
}

/// Lower-case Latin letters without their accents (`definición` -> `definicion`).
fn fold_accents(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ã' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'õ' | 'ö' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            'ñ' => 'n',
            other => other,
        })
        .collect()
}

/// Whether text is shaped like a translation key (`group.key`, no spaces, a letter first).
fn is_translation_key(s: &str) -> bool {
    let Some((group, rest)) = s.split_once('.') else {
        return false;
    };
    !rest.is_empty()
        && group.starts_with(|c: char| c.is_ascii_alphabetic())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// Builds the new project's model from a repository.
struct Builder<'a> {
    repo: &'a Repository,
    sdg: &'a SdgTitles,
    notes: Notes,
    default_lang: String,
    include_not_started: bool,
    /// The GeoCode given with `--geocode` (rows with it are the project's place).
    geocode: Option<String>,
    /// The site's own progress statuses (`--site-config`): value -> label (a translation key).
    site_statuses: BTreeMap<String, String>,
    /// Fields of the repository's metadata schema -> the sheet field they fill.
    schema_slots: BTreeMap<String, &'static str>,
}

/// One localis indicator to make from an Open SDG indicator (one per unit and series).
struct Part {
    combo: Combo,
    id: String,
    filter: BTreeMap<String, FilterValue>,
}

/// The model made from one Open SDG indicator.
struct Made {
    inid: String,
    data_file: String,
    dataset: DatasetSpec,
    indicators: Vec<Indicator>,
    header: String,
    /// Why the indicators are left out of the reported set (their data have errors).
    excluded: Option<String>,
    /// What the data file holds.
    scan: Scan,
}

impl<'a> Builder<'a> {
    /// Text of a metadata field in every language it can be read in: the language's own
    /// metadata, else the default metadata (translation keys resolve per language; literal
    /// text belongs to the default language). Markdown becomes plain text.
    fn text(&mut self, id: &str, meta: &IndicatorMeta, key: &str) -> Option<Text> {
        let mut out = BTreeMap::new();
        for lang in &self.repo.languages {
            let own = meta
                .translated
                .get(lang)
                .and_then(|m| m.get(key))
                .map(|f| &f.value)
                .filter(|v| !is_empty(v));
            let (value, own_language) = match own {
                Some(v) => (v, true),
                None => match meta.get(key) {
                    Some(v) => (v, *lang == self.default_lang),
                    None => continue,
                },
            };
            let Some(s) = scalar_text(value) else {
                continue;
            };
            if let Some(t) = self.resolve(id, key, &s, lang) {
                out.insert(lang.clone(), crate::interop::text::plain_text(&t));
            } else if own_language && !is_translation_key(&s) {
                out.insert(lang.clone(), crate::interop::text::plain_text(&s));
            }
        }
        let out: BTreeMap<String, String> = out
            .into_iter()
            .filter(|(_, v)| !v.trim().is_empty())
            .collect();
        (!out.is_empty()).then_some(Text(out))
    }

    /// Resolves a translation key in a language; notes keys that resolve nowhere.
    fn resolve(&mut self, id: &str, field: &str, s: &str, lang: &str) -> Option<String> {
        if !is_translation_key(s) {
            return None;
        }
        let found = translate(self.repo, self.sdg, s, lang);
        if found.is_none()
            && lang == self.default_lang
            && !self
                .repo
                .languages
                .iter()
                .any(|l| translate(self.repo, self.sdg, s, l).is_some())
        {
            self.notes.indicator(
                id,
                format!(
                    "`{field}` is the translation key `{s}`, found neither in the repository's translations nor in the SDG titles; it was not used"
                ),
            );
        }
        found
    }

    /// The first of several fields that gives text in the default language, in every language
    /// that field has (fields are never mixed: another field may say something else).
    fn first_text(&mut self, id: &str, meta: &IndicatorMeta, keys: &[&str]) -> Option<Text> {
        let mut fallback = None;
        for key in keys {
            if let Some(t) = self.text(id, meta, key) {
                if t.0.contains_key(&self.default_lang) {
                    return Some(t);
                }
                fallback.get_or_insert(t);
            }
        }
        fallback
    }

    /// Several fields joined (each with an optional lead such as `Numerator: `), per language.
    fn joined(&mut self, id: &str, meta: &IndicatorMeta, keys: &[(&str, &str)]) -> Option<Text> {
        let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (key, lead) in keys {
            if let Some(t) = self.text(id, meta, key) {
                for (l, s) in t.0 {
                    out.entry(l).or_default().push(format!("{lead}{s}"));
                }
            }
        }
        let out: BTreeMap<String, String> = out
            .into_iter()
            .map(|(l, parts)| (l, parts.join("\n\n")))
            .collect();
        (!out.is_empty()).then_some(Text(out))
    }

    /// The SDG code of an indicator: `indicator_number`, else the id with dots.
    fn code(&self, inid: &str, meta: &IndicatorMeta) -> String {
        meta.text("indicator_number")
            .or_else(|| meta.text("indicator"))
            .map(|c| c.replace([' ', '-'], "."))
            .unwrap_or_else(|| inid.replace('-', "."))
    }

    /// The SDG link: the code itself, or its nearest ancestor the framework knows.
    fn sdg_link(&mut self, inid: &str, code: &str, meta: &IndicatorMeta) -> Vec<SdgLink> {
        if meta.get("standalone").and_then(boolean) == Some(true) {
            self.notes.indicator(
                inid,
                "a standalone indicator (not part of the SDGs in Open SDG): no SDG link",
            );
            return Vec::new();
        }
        let parts: Vec<&str> = code.split('.').collect();
        for n in (1..=parts.len()).rev() {
            let c = parts[..n].join(".");
            if self.sdg.get(&c).is_some() {
                if n < parts.len() {
                    let level = ["goal", "target", "indicator"][(n - 1).min(2)];
                    self.notes.indicator(
                        inid,
                        format!(
                            "`{code}` is not an indicator of the SDG framework {}; linked to SDG {level} `{c}`",
                            self.sdg.version
                        ),
                    );
                }
                return vec![SdgLink {
                    code: c,
                    framework: None,
                }];
            }
        }
        self.notes.indicator(
            inid,
            format!("`{code}` is not an SDG code: the indicator has no SDG link"),
        );
        Vec::new()
    }

    fn make(&mut self, inid: &str, meta: &IndicatorMeta) -> Option<Made> {
        let Some(data_file) = self.repo.data.get(inid).cloned() else {
            let status = meta.text("reporting_status");
            self.notes.skipped(
                inid,
                match status {
                    Some(s) => format!("no data file (reporting status `{s}`)"),
                    None => "no data file".to_string(),
                },
            );
            return None;
        };
        let bytes = match std::fs::read(self.repo.root.join(&data_file)) {
            Ok(b) => b,
            Err(e) => {
                self.notes
                    .skipped(inid, format!("data file unreadable ({e})"));
                return None;
            }
        };
        let scan = data::scan_with(&bytes, &self.repo.attribute_columns);
        if let Some(why) = &scan.unusable {
            self.notes.skipped(
                inid,
                format!("data file cannot be read as Open SDG data ({why})"),
            );
            return None;
        }
        let status = meta.text("reporting_status");
        if matches!(status.as_deref(), Some("notstarted" | "notapplicable"))
            && !self.include_not_started
        {
            let has = if scan.has_values() {
                "with a data file holding values (such as a template's placeholder data)"
            } else {
                "without values"
            };
            self.notes.skipped(
                inid,
                format!(
                    "reporting status `{}`, {has}; `--include-not-started` imports them",
                    status.unwrap_or_default()
                ),
            );
            return None;
        }
        if !scan.has_values() {
            let status = meta
                .text("reporting_status")
                .map(|s| format!(", reporting status `{s}`"))
                .unwrap_or_default();
            self.notes
                .skipped(inid, format!("no values in the data file{status}"));
            return None;
        }
        let shown = [
            crate::load::dataset::columns::UNIT_MULTIPLIER,
            crate::load::dataset::columns::UNIT_MEASURE,
            crate::load::dataset::columns::COMMENT,
            crate::load::dataset::columns::PROGRESS,
        ];
        let first_comment = scan
            .attributes
            .iter()
            .find(|a| a.starts_with("COMMENT_OBS_"));
        let unshown: Vec<String> = scan
            .attributes
            .iter()
            .filter(|a| {
                !shown.contains(&a.as_str())
                    && (scan
                        .attributes
                        .iter()
                        .any(|c| c == crate::load::dataset::columns::COMMENT)
                        || Some(*a) != first_comment)
            })
            .map(|a| format!("`{a}`"))
            .collect();
        if !unshown.is_empty() {
            self.notes.indicator(
                inid,
                format!(
                    "{} describe observations (attributes, not disaggregations): kept in the copy of the data, not shown (localis shows one comment column per dataset)",
                    unshown.join(", ")
                ),
            );
        }
        for p in scan.problems.iter().chain(&scan.warnings) {
            self.notes.indicator(inid, format!("`{data_file}`: {p}"));
        }
        let status = meta
            .text("reporting_status")
            .unwrap_or_else(|| "(none)".to_string());
        self.notes
            .reporting_status
            .entry(status.clone())
            .or_default()
            .insert(inid.to_string());
        let (links, title) = self.identity(inid, meta);
        let mut used: BTreeSet<&'static str> = BTreeSet::new();
        used.extend([
            "indicator_available",
            "national_indicator_available",
            "indicator_name",
            "graph_title",
            "indicator_number",
            "indicator",
            "target_id",
            "target",
            "target_name",
            "sdg_goal",
            "goal",
            "reporting_status",
            "published",
            "standalone",
            "data_non_statistical",
        ]);
        let description = self.first_text(
            inid,
            meta,
            &["indicator_description", "national_indicator_description"],
        );
        used.extend(["indicator_description", "national_indicator_description"]);
        let metadata = self.metadata(inid, meta, &mut used);
        let sources = self.sources(meta, &mut used);
        let unit_text = self.first_text(inid, meta, &["computation_units"]);
        used.insert("computation_units");
        // which localis indicators: one per unit and series combination when the data mix them
        let with_values: Vec<&(Combo, data::ComboStats)> =
            scan.combos.iter().filter(|(_, s)| s.values > 0).collect();
        for (c, s) in scan.combos.iter().filter(|(_, s)| s.values == 0) {
            self.notes.indicator(
                inid,
                format!(
                    "{} rows of {} have no value; no indicator was made for them",
                    s.rows,
                    describe_combo(c)
                ),
            );
        }
        let split = scan.combos.len() > 1;
        let vary_series = split
            && with_values
                .iter()
                .any(|(c, _)| c.series != with_values[0].0.series);
        let vary_units = split
            && with_values
                .iter()
                .any(|(c, _)| c.unit != with_values[0].0.unit);
        let mut parts: Vec<Part> = Vec::new();
        let mut ids: BTreeSet<String> = BTreeSet::new();
        for (combo, _) in &with_values {
            let mut id = sanitize_id(inid);
            let mut filter = BTreeMap::new();
            if split {
                if let Some(col) = &scan.series {
                    filter.insert(col.clone(), FilterValue::One(combo.series.clone()));
                }
                if let Some(col) = &scan.units {
                    filter.insert(col.clone(), FilterValue::One(combo.unit.clone()));
                }
                let mut suffix = Vec::new();
                if vary_series {
                    suffix.push(non_empty_slug(&combo.series, "no-series"));
                }
                if vary_units {
                    suffix.push(non_empty_slug(&combo.unit, "no-unit"));
                }
                if !suffix.is_empty() {
                    id = format!("{id}--{}", suffix.join("--"));
                }
            }
            let id = unique_id(id, &mut ids);
            parts.push(Part {
                combo: (*combo).clone(),
                id,
                filter,
            });
        }
        if parts.len() > 1 {
            self.notes.indicator(
                inid,
                format!(
                    "the data mix {}: one localis indicator each ({})",
                    [(vary_series, "series"), (vary_units, "units")]
                        .iter()
                        .filter(|(v, _)| *v)
                        .map(|(_, w)| *w)
                        .collect::<Vec<_>>()
                        .join(" and "),
                    parts
                        .iter()
                        .map(|p| format!("`{}`", p.id))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
        }
        let dataset_id = Path::new(&data_file)
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_else(|| inid.to_string());
        let expected = self.expected_disaggregations(inid, meta, &scan, &mut used);
        let raw_progress = list(meta.get("progress_calculation_options"));
        if raw_progress
            .iter()
            .any(|o| matches!(o.get("group"), Some(Value::Sequence(_))))
        {
            self.notes.indicator(
                inid,
                "a `group:` of progress calculation options: each member is assessed on its own series (the platform averages the members' scores into one)",
            );
        }
        let progress = flatten_groups(raw_progress);
        let auto = meta.get("auto_progress_calculation").and_then(boolean) == Some(true);
        used.extend([
            "progress_calculation_options",
            "auto_progress_calculation",
            "progress_status",
        ]);
        let mut indicators = Vec::new();
        for part in &parts {
            let stats = scan
                .combos
                .iter()
                .find(|(c, _)| *c == part.combo)
                .map(|(_, s)| s.clone())
                .unwrap_or_default();
            // a column with one value in every row labels the rows: a filter, not a disaggregation
            let mut filter = part.filter.clone();
            for (col, v) in &stats.constant {
                filter.insert(col.clone(), FilterValue::One(v.clone()));
                self.notes.indicator(
                    &part.id,
                    format!("column `{col}` holds `{v}` in every row: read as the label of the rows (a filter), not as a disaggregation"),
                );
            }
            let mut title = title.clone();
            // the series and unit as the repository names them in each language
            let series_col = scan
                .series
                .as_deref()
                .unwrap_or(crate::load::dataset::columns::SERIES);
            let units_col = scan
                .units
                .as_deref()
                .unwrap_or(crate::load::dataset::columns::UNITS);
            let word = |column: &str, code: &str, lang: &str| {
                data_label(self.repo, column, code, lang).unwrap_or_else(|| code.to_string())
            };
            if parts.len() > 1 {
                title = Text(
                    title
                        .0
                        .into_iter()
                        .map(|(l, t)| {
                            let mut extra = String::new();
                            if vary_series && !part.combo.series.is_empty() {
                                extra.push_str(&format!(
                                    ": {}",
                                    word(series_col, &part.combo.series, &l)
                                ));
                            }
                            if vary_units && !part.combo.unit.is_empty() {
                                extra.push_str(&format!(
                                    " ({})",
                                    word(units_col, &part.combo.unit, &l)
                                ));
                            }
                            (l, format!("{t}{extra}"))
                        })
                        .collect(),
                );
            }
            // a chart title for this unit or series names it best, in the languages it has
            if let Some(t) = self.per_combo_text(inid, meta, "graph_titles", "title", &part.combo) {
                title.0.extend(t.0);
            }
            let unit = if !part.combo.unit.is_empty() && (parts.len() > 1 || unit_text.is_none()) {
                Some(
                    data_labels(self.repo, units_col, &part.combo.unit)
                        .unwrap_or_else(|| Text::plain(part.combo.unit.clone())),
                )
            } else {
                unit_text.clone()
            };
            let precision = list(meta.get("precision"))
                .iter()
                .filter(|p| applies(p, &part.combo))
                .find_map(|p| p.get("decimals").and_then(number))
                .filter(|d| (0.0..=10.0).contains(d))
                .map(|d| d as u8);
            let disaggregations: Vec<String> = match &expected {
                Some(e) => e.clone(),
                None => scan
                    .dimensions
                    .iter()
                    .filter(|d| stats.dimensions.contains(*d))
                    .cloned()
                    .collect(),
            }
            .into_iter()
            .filter(|d| !stats.constant.contains_key(d) && !scan.place_labels.contains(d))
            .collect();
            if !stats.headline {
                self.notes.indicator(
                    &part.id,
                    "no row has every disaggregation blank, so there is no headline series (the report shows no headline value)",
                );
            }
            let (direction, targets, assessment, status) =
                self.progress(inid, &part.id, meta, &progress, auto, &part.combo);
            // each option item naming a disaggregation is a series the platform assesses on
            // its own: an indicator of its own, filtered to it, with the item's settings
            let scoped: Vec<&Value> = if auto {
                options_for(&progress, &part.combo)
                    .into_iter()
                    .filter(|o| !list(o.get("disaggregation")).is_empty())
                    .collect()
            } else {
                Vec::new()
            };
            let mut own: Vec<Indicator> = Vec::new();
            for o in &scoped {
                let fields = item_fields(o);
                let absent: Vec<String> = fields
                    .iter()
                    .filter(|(f, v)| !scan.values.get(f).is_some_and(|vs| vs.contains(v)))
                    .map(|(f, v)| format!("`{f}` = `{v}`"))
                    .collect();
                if fields.is_empty() || !absent.is_empty() {
                    self.notes.indicator(
                        &part.id,
                        format!(
                            "a progress calculation option names a disaggregation the data do not hold ({}): it is not assessed",
                            if absent.is_empty() { "no field and value".to_string() } else { absent.join(", ") }
                        ),
                    );
                    continue;
                }
                let words: Vec<&str> = fields.iter().map(|(_, v)| v.as_str()).collect();
                let id = unique_id(
                    format!(
                        "{}--{}",
                        part.id,
                        non_empty_slug(&words.join(" "), "option")
                    ),
                    &mut ids,
                );
                let mut item_filter = filter.clone();
                for (f, v) in &fields {
                    item_filter.insert(f.clone(), FilterValue::One(v.clone()));
                }
                let repo = self.repo;
                let item_title = Text(
                    title
                        .0
                        .iter()
                        .map(|(l, t)| {
                            let named: Vec<String> = fields
                                .iter()
                                .map(|(f, v)| {
                                    data_label(repo, f, v, l).unwrap_or_else(|| v.clone())
                                })
                                .collect();
                            (l.clone(), format!("{t}: {}", named.join(", ")))
                        })
                        .collect(),
                );
                let (d, item_targets, a) = self.item_settings(&id, o);
                let d = d.unwrap_or_else(|| {
                    self.notes
                        .not_assessed
                        .insert(id.clone(), "no direction is stated".to_string());
                    Direction::NotStated
                });
                own.push(Indicator {
                    id,
                    title: item_title,
                    description: description.clone(),
                    unit: unit.clone(),
                    direction: d,
                    precision,
                    computation: Some(Computation::Value(Selection {
                        dataset: Some(dataset_id.clone()),
                        indicator: None,
                        filter: item_filter,
                        column: None,
                    })),
                    disaggregations: disaggregations
                        .iter()
                        .filter(|c| !fields.iter().any(|(f, _)| f == *c))
                        .cloned()
                        .collect(),
                    targets: item_targets,
                    links: links.clone(),
                    metadata: metadata.clone(),
                    sources: sources.clone(),
                    assessment: (a != AssessmentOverride::default()).then_some(a),
                    status: None,
                });
            }
            // without a headline, one breakdown whose every value is an option's own
            // indicator leaves nothing else to show
            let covered = !stats.headline
                && !own.is_empty()
                && own.len() == scoped.len()
                && disaggregations.len() == 1
                && scoped.iter().all(|o| {
                    let f = item_fields(o);
                    f.len() == 1 && f[0].0 == disaggregations[0]
                })
                && scan.values.get(&disaggregations[0]).is_some_and(|vs| {
                    vs.iter().all(|v| {
                        scoped
                            .iter()
                            .any(|o| item_fields(o).first().is_some_and(|(_, x)| x == v))
                    })
                });
            if !own.is_empty() {
                self.notes.indicator(
                    &part.id,
                    format!(
                        "{} progress calculation options name a disaggregation: each is an indicator of its own ({}){}",
                        own.len(),
                        own.iter().map(|i| format!("`{}`", i.id)).collect::<Vec<_>>().join(", "),
                        if covered {
                            format!(", which together hold every row, so `{}` itself is not made", part.id)
                        } else {
                            String::new()
                        }
                    ),
                );
            }
            if covered {
                self.notes.not_assessed.remove(&part.id);
                indicators.extend(own);
                continue;
            }
            indicators.push(Indicator {
                id: part.id.clone(),
                title,
                description: description.clone(),
                unit,
                direction,
                precision,
                computation: Some(Computation::Value(Selection {
                    dataset: Some(dataset_id.clone()),
                    indicator: None,
                    filter,
                    column: None,
                })),
                disaggregations,
                targets,
                links: links.clone(),
                metadata: metadata.clone(),
                sources: sources.clone(),
                assessment,
                status,
            });
            indicators.extend(own);
        }
        used.extend([
            "precision",
            "graph_titles",
            "graph_target_lines",
            "graph_annotations",
        ]);
        self.list_dropped(inid, meta, &used, &title);
        for col in &scan.place_labels {
            self.notes.indicator(
                inid,
                format!("column `{col}` is filled only in rows with a GeoCode: it names the places, so it is not a disaggregation (the dataset's `columns: {{dimensions: ...}}` leaves it out)"),
            );
        }
        let other_places: Vec<&str> = scan
            .geocodes
            .iter()
            .map(String::as_str)
            .filter(|c| self.geocode.as_deref() != Some(*c))
            .collect();
        if !other_places.is_empty() {
            self.notes.indicator(
                inid,
                format!(
                    "rows with a `GeoCode` ({} codes, such as `{}`) are evaluated as places of their own; rows without one describe the project's place",
                    other_places.len(),
                    other_places[0]
                ),
            );
        }
        let only_code = scan
            .geocodes
            .iter()
            .next()
            .map(String::as_str)
            .unwrap_or("");
        if scan.geocodes.len() == 1
            && scan.rows_without_geocode == 0
            && self.geocode.as_deref() != Some(only_code)
        {
            let code = only_code;
            self.notes.indicator(
                inid,
                format!(
                    "every row has the GeoCode `{code}`, so the project's place has no data of this indicator; if `{code}` is the project's place, set it as `place: {{geocode: {code}}}` in localis.yaml (or import with `--geocode {code}`)"
                ),
            );
        }
        // the dataset's source is where its data come from (not the UN metadata link)
        let data_sources: Vec<SourceRef> = sources
            .iter()
            .filter(|s| s.publisher != Some(Text::plain(UNSD)))
            .cloned()
            .collect();
        let dataset = self.dataset(&dataset_id, &data_file, &scan, &title, &data_sources);
        let mut header = format!(
            "# Imported from Open SDG indicator {inid} (reporting status: {status}) by `localis import opensdg`.\n\
             # Data: {data_file} of the repository, copied to data/. See IMPORT-NOTES.md for what was not carried over.\n"
        );
        if indicators.iter().any(|i| !i.direction.is_stated()) {
            header.push_str(
                "# Open SDG states no progress direction here (`direction: not-stated`): no status is computed.\n\
                 # Set `direction: increase` or `decrease` to assess the indicator.\n",
            );
        }
        if indicators
            .iter()
            .any(|i| i.assessment.as_ref().and_then(|a| a.assess) == Some(false))
        {
            header.push_str(
                "# `auto_progress_calculation` is not true, so Open SDG computes no status (`assess: false`).\n",
            );
        }
        let excluded = (!scan.problems.is_empty()).then(|| {
            format!(
                "`{data_file}` has values localis rejects ({})",
                scan.problems
                    .iter()
                    .map(|p| p.split(" (lines").next().unwrap_or(p))
                    .collect::<Vec<_>>()
                    .join("; ")
            )
        });
        Some(Made {
            inid: inid.to_string(),
            data_file,
            dataset,
            indicators,
            header,
            excluded,
            scan,
        })
    }

    /// Expected disaggregations from the configuration, kept when they are columns of the data.
    fn expected_disaggregations(
        &mut self,
        inid: &str,
        meta: &IndicatorMeta,
        scan: &Scan,
        used: &mut BTreeSet<&'static str>,
    ) -> Option<Vec<String>> {
        used.insert("expected_disaggregations");
        let listed: Vec<String> = list(meta.get("expected_disaggregations"))
            .iter()
            .filter_map(scalar_text)
            .collect();
        if listed.is_empty() {
            return None;
        }
        let (kept, missing): (Vec<String>, Vec<String>) = listed
            .into_iter()
            .partition(|d| scan.dimensions.contains(d));
        if !missing.is_empty() {
            self.notes.dropped(
                "expected_disaggregations",
                "localis expects only disaggregations that are columns of the data (completeness counts the missing ones once a column exists)",
                inid,
                &missing.join(", "),
            );
        }
        Some(kept)
    }

    /// A per-unit/series setting (`graph_titles`) matching a combination, as text.
    fn per_combo_text(
        &mut self,
        inid: &str,
        meta: &IndicatorMeta,
        key: &str,
        field: &str,
        combo: &Combo,
    ) -> Option<Text> {
        let items = list(meta.get(key));
        let item = items
            .iter()
            .filter(|i| applies(i, combo))
            .find(|i| i.get("unit").is_some() || i.get("series").is_some())?;
        let s = item.get(field).and_then(scalar_text)?;
        let mut out = BTreeMap::new();
        for lang in self.repo.languages.clone() {
            if let Some(t) = self.resolve(inid, key, &s, &lang) {
                out.insert(lang, t);
            } else if lang == self.default_lang && !is_translation_key(&s) {
                out.insert(lang, s.clone());
            }
        }
        (!out.is_empty()).then_some(Text(out))
    }

    /// Direction, targets, assessment settings and a status set by hand, of one combination.
    ///
    /// As the platform does: progress is computed only with `auto_progress_calculation: true`;
    /// otherwise a `progress_status` is the publisher's status, published as given. An option
    /// item applies to the series, unit or `group` it names (see [`options_for`]). A direction
    /// is never invented: where the matching item states none, the indicator's direction is
    /// `not-stated` and no status is computed (Open SDG's code would assume `negative`).
    #[allow(clippy::too_many_arguments)]
    fn progress(
        &mut self,
        inid: &str,
        id: &str,
        meta: &IndicatorMeta,
        options: &[Value],
        auto: bool,
        combo: &Combo,
    ) -> (
        Direction,
        Vec<Target>,
        Option<AssessmentOverride>,
        Option<PublisherStatus>,
    ) {
        let mut targets = Vec::new();
        let mut assessment = AssessmentOverride::default();
        let matching = options_for(options, combo);
        let (headline, scoped): (Vec<&Value>, Vec<&Value>) = matching
            .iter()
            .copied()
            .partition(|o| list(o.get("disaggregation")).is_empty());
        let chosen = headline.first().copied();
        if headline.len() > 1 {
            self.notes.indicator(
                id,
                "several progress calculation options apply to the headline; the first was used",
            );
        }
        let mut direction = None;
        if let Some(o) = chosen {
            let (d, t, a) = self.item_settings(id, o);
            direction = d;
            targets.extend(t);
            assessment = a;
        } else if !scoped.is_empty() {
            // every item names a disaggregation: the platform applies none to the headline and
            // assesses each on its own series (indicators of their own, see `make`); the
            // indicator's own series take the direction all of them state
            let stated: BTreeSet<Option<String>> = scoped
                .iter()
                .map(|o| o.get("direction").and_then(scalar_text))
                .collect();
            let common = match stated.iter().next() {
                Some(Some(d)) if stated.len() == 1 => direction_of(d),
                _ => None,
            };
            if let Some(d) = common {
                direction = Some(d);
                let limits: BTreeSet<Option<u64>> = scoped
                    .iter()
                    .map(|o| o.get("limit").and_then(number).map(f64::to_bits))
                    .collect();
                if let Some(Some(l)) = limits.iter().next().filter(|_| limits.len() == 1)
                    && scoped.iter().all(|o| o.get("target").is_none())
                {
                    assessment.limit = Some(f64::from_bits(*l));
                }
                self.notes.indicator(
                    id,
                    format!(
                        "every progress calculation option names a disaggregation; all {} state the direction `{}`, so the indicator's series are assessed that way (each option is also an indicator of its own)",
                        scoped.len(),
                        stated.iter().next().cloned().flatten().unwrap_or_default()
                    ),
                );
            } else {
                self.notes.indicator(
                    id,
                    "every progress calculation option names a disaggregation and they state different directions (or none): the indicator's own series have no direction; each option is an indicator of its own",
                );
            }
        }
        // target lines of the charts (their label names a target of the same value)
        let mut lines: Vec<(f64, Option<String>)> = Vec::new();
        for item in list(meta.get("graph_target_lines")) {
            if applies(&item, combo)
                && let Some(v) = item.get("value").and_then(number)
            {
                lines.push((v, item.get("label_content").and_then(scalar_text)));
            }
        }
        for item in list(meta.get("graph_annotations")) {
            let is_target =
                item.get("preset").and_then(scalar_text).as_deref() == Some("target_line");
            let vertical = item.get("mode").and_then(scalar_text).as_deref() == Some("vertical");
            if !is_target || vertical {
                self.notes.dropped(
                    "graph_annotations",
                    "only target lines (`preset: target_line`) are carried over, as targets; other chart annotations have no localis equivalent",
                    inid,
                    &serde_yaml::to_string(&item).unwrap_or_default().replace('\n', " "),
                );
                continue;
            }
            if applies(&item, combo)
                && let Some(v) = item.get("value").and_then(number)
            {
                let label = item
                    .get("label")
                    .and_then(|l| l.get("content").and_then(scalar_text))
                    .or_else(|| item.get("label_content").and_then(scalar_text));
                lines.push((v, label));
            }
        }
        for (v, label) in lines {
            let label = label.map(|l| self.label_text(inid, &l));
            let known = targets.iter_mut().find_map(|t| match t {
                Target::Numeric(n) if n.value == v => Some(n),
                _ => None,
            });
            if let Some(n) = known {
                if label.is_some() {
                    n.label = label;
                }
                continue;
            }
            targets.push(Target::Numeric(NumericTarget {
                value: v,
                year: assessment.target_year,
                baseline_year: None,
                baseline: None,
                label: Some(label.unwrap_or_else(|| Text::plain("2030 target"))),
            }));
        }
        // a status set by hand counts only when the platform does not compute one
        let mut status = None;
        if let Some(s) = meta.text("progress_status") {
            if auto {
                self.notes.dropped(
                    "progress_status",
                    "the platform computes the status when `auto_progress_calculation` is true, and so does localis",
                    inid,
                    &s,
                );
            } else {
                status = self.publisher_status(inid, &s);
            }
        }
        let direction = match direction {
            Some(d) => d,
            None => {
                if auto && status.is_none() && scoped.is_empty() {
                    let which = match describe_combo(combo).as_str() {
                        "the rows without series and unit" => String::new(),
                        d => format!(" for {d}"),
                    };
                    self.notes.indicator(
                        id,
                        format!(
                            "no progress direction is stated{which}: Open SDG's code would assume `negative` (lower is better); localis states none (`direction: not-stated`) and publishes no status"
                        ),
                    );
                }
                if status.is_none() {
                    self.notes
                        .not_assessed
                        .insert(id.to_string(), "no direction is stated".to_string());
                }
                Direction::NotStated
            }
        };
        if !auto && status.is_none() && direction.is_stated() {
            assessment.assess = Some(false);
            self.notes.not_assessed.insert(
                id.to_string(),
                "`auto_progress_calculation` is not true, so the platform computes no status"
                    .to_string(),
            );
        }
        let assessment = (assessment != AssessmentOverride::default()).then_some(assessment);
        (direction, targets, assessment, status)
    }

    /// Direction, target and assessment settings of one progress calculation option item.
    fn item_settings(
        &mut self,
        id: &str,
        o: &Value,
    ) -> (Option<Direction>, Vec<Target>, AssessmentOverride) {
        let mut targets = Vec::new();
        let mut assessment = AssessmentOverride::default();
        let direction = match o.get("direction").and_then(scalar_text) {
            Some(d) => {
                let found = direction_of(&d);
                if found.is_none() {
                    self.notes.indicator(
                        id,
                        format!(
                            "progress direction `{d}` is neither `positive` nor `negative`: the direction is not stated"
                        ),
                    );
                }
                found
            }
            None => None,
        };
        let target_year = o.get("target_year").and_then(number).map(|y| y as i32);
        assessment.base_year = o.get("base_year").and_then(number).map(|y| y as i32);
        assessment.target_year = target_year;
        if let Some(t) = o.get("target").and_then(number) {
            targets.push(Target::Numeric(NumericTarget {
                value: t,
                year: target_year,
                baseline_year: None,
                baseline: None,
                label: Some(Text::plain("Open SDG progress target")),
            }));
        } else if let Some(limit) = o.get("limit").and_then(number) {
            // as the platform: without a target the thresholds shrink near the limit
            assessment.limit = Some(limit);
            assessment.best = Some(limit);
        }
        if o.get("progress_thresholds").is_some_and(|v| !is_empty(v)) {
            self.notes.dropped(
                "progress_calculation_options.progress_thresholds",
                "localis uses the published thresholds of each method",
                id,
                &serde_yaml::to_string(&o.get("progress_thresholds")).unwrap_or_default(),
            );
        }
        (direction, targets, assessment)
    }

    /// An indicator's SDG links and its title (the repository's words, else the SDG's title
    /// of its code, else the code).
    fn identity(&mut self, inid: &str, meta: &IndicatorMeta) -> (Links, Text) {
        let code = self.code(inid, meta);
        let links = Links {
            sdg: self.sdg_link(inid, &code, meta),
            ..Links::default()
        };
        let title = self
            .first_text(
                inid,
                meta,
                &[
                    "indicator_available",
                    "national_indicator_available",
                    "indicator_name",
                    "graph_title",
                ],
            )
            .or_else(|| {
                links
                    .sdg
                    .first()
                    .filter(|l| l.code == code)
                    .and_then(|l| self.sdg.get(&l.code))
                    .map(|e| e.title.clone())
            })
            .unwrap_or_else(|| Text::plain(code.clone()));
        (links, title)
    }

    /// The publisher's `progress_status` in the repository's own words, in every language it
    /// has them (the site's status types, the repository's `status.` translations, else the
    /// words of Open SDG's own statuses), with its category when the status is one of Open
    /// SDG's. A status with no words anywhere is not published (the platform would show none).
    /// A non-statistical indicator (`data_non_statistical: true`, no data file): its title,
    /// text, metadata and links, with the publisher's status when it states one and no
    /// computation, so it is listed as it is rather than dropped or given an invented status.
    fn narrative(&mut self, inid: &str, meta: &IndicatorMeta) -> Indicator {
        let (links, title) = self.identity(inid, meta);
        let description = self.first_text(
            inid,
            meta,
            &[
                "indicator_description",
                "national_indicator_description",
                "page_content",
            ],
        );
        let mut used: BTreeSet<&'static str> = BTreeSet::new();
        let metadata = self.metadata(inid, meta, &mut used);
        let sources = self.sources(meta, &mut used);
        let status = meta
            .text("progress_status")
            .filter(|s| !s.trim().is_empty())
            .and_then(|s| self.publisher_status(inid, &s));
        self.notes.indicator(
            inid,
            if status.is_some() {
                "non-statistical (`data_non_statistical: true`, no data file): imported with its text and the publisher's status, without values"
            } else {
                "non-statistical (`data_non_statistical: true`, no data file): imported with its text, without values or status"
            },
        );
        Indicator {
            id: sanitize_id(inid),
            title,
            description,
            unit: None,
            direction: Direction::NotStated,
            precision: None,
            computation: None,
            disaggregations: Vec::new(),
            targets: Vec::new(),
            links,
            metadata,
            sources,
            assessment: Some(AssessmentOverride {
                assess: Some(false),
                ..AssessmentOverride::default()
            }),
            status,
        }
    }

    fn publisher_status(&mut self, inid: &str, value: &str) -> Option<PublisherStatus> {
        let known = open_sdg_status(value);
        let mut label = BTreeMap::new();
        let mut keys: Vec<String> = Vec::new();
        if let Some(key) = self.site_statuses.get(value) {
            keys.push(key.clone());
        }
        keys.push(format!("status.{value}"));
        keys.push(format!("status.progress_{value}"));
        for lang in self.repo.languages.clone() {
            for key in &keys {
                if let Some(t) = translate(self.repo, self.sdg, key, &lang) {
                    label.insert(lang.clone(), crate::interop::text::plain_text(&t));
                    break;
                }
                if !is_translation_key(key) && lang == self.default_lang {
                    label.insert(lang.clone(), key.clone());
                    break;
                }
            }
        }
        if label.is_empty()
            && let Some((word, _)) = known
        {
            let sentences = crate::publish::sentences::Sentences::builtin();
            for lang in &self.repo.languages {
                let own = sentences.resolve_language(lang, "labels.j2");
                if (own == *lang || lang.starts_with(&format!("{own}-")))
                    && let Ok(words) = sentences.labels(lang)
                {
                    label.insert(lang.clone(), words.get(word));
                }
            }
        }
        if label.is_empty() {
            self.notes.dropped(
                "progress_status",
                "a status the repository gives no words for (not one of Open SDG's, and no `status.` translation): the platform shows none, and neither does localis; `--site-config` reads the site's own status labels",
                inid,
                value,
            );
            return None;
        }
        let category = known.map(|(_, c)| c);
        self.notes
            .publisher_status
            .insert(inid.to_string(), value.to_string());
        if category.is_none() {
            self.notes.indicator(
                inid,
                format!(
                    "progress status `{value}` is the site's own: it is published in its words; set its `category` (achieved, on-track, progress-needed, off-track, deterioration) so that dashboards count it"
                ),
            );
        }
        Some(PublisherStatus {
            label: Text(label),
            category,
        })
    }

    /// A label that may be a translation key, in every language it resolves in.
    fn label_text(&mut self, inid: &str, label: &str) -> Text {
        if !is_translation_key(label) {
            return Text::plain(label);
        }
        let mut out = BTreeMap::new();
        for lang in self.repo.languages.clone() {
            if let Some(t) = self.resolve(inid, "label", label, &lang) {
                out.insert(lang, t);
            }
        }
        if out.is_empty() {
            Text::plain(label)
        } else {
            Text(out)
        }
    }

    /// The metadata sheet.
    fn metadata(
        &mut self,
        id: &str,
        meta: &IndicatorMeta,
        used: &mut BTreeSet<&'static str>,
    ) -> Metadata {
        const DEFINITION: [(&str, &str); 3] = [
            ("STAT_CONC_DEF", ""),
            ("indicator_definition", ""),
            ("computation_definitions", ""),
        ];
        const METHOD: [(&str, &str); 4] = [
            ("DATA_COMP", ""),
            ("computation_calculations", ""),
            ("computation_numerator", "Numerator: "),
            ("computation_denominator", "Denominator: "),
        ];
        const COLLECTION: [(&str, &str); 2] = [("DATA_SOURCE", ""), ("COLL_METHOD", "")];
        const PERIODICITY: [(&str, &str); 2] =
            [("FREQ_COLL", ""), ("national_indicator_periodicity", "")];
        const COMMENTS: [(&str, &str); 6] = [
            ("REC_USE_LIM", ""),
            ("comments_limitations", ""),
            ("other_information", ""),
            ("data_footnote", ""),
            ("copyright", ""),
            ("page_content", ""),
        ];
        let all: [&[(&str, &str)]; 5] =
            [&DEFINITION, &METHOD, &COLLECTION, &PERIODICITY, &COMMENTS];
        for group in all {
            used.extend(group.iter().map(|(k, _)| *k));
        }
        used.extend(["RATIONALE", "computation_disaggregation"]);
        let mut data_collection = self.joined(id, meta, &COLLECTION);
        // the details of each source (periodicity, coverage, release dates, contact)
        let details = self.source_details(id, meta);
        if !details.0.is_empty() {
            let mut t = data_collection.unwrap_or_default();
            for (lang, lines) in details.0 {
                let entry = t.0.entry(lang).or_default();
                if !entry.is_empty() {
                    entry.push_str("\n\n");
                }
                entry.push_str(&lines);
            }
            data_collection = Some(t);
        }
        let mut periodicity = self.joined(id, meta, &PERIODICITY);
        if periodicity.is_none() {
            periodicity = self
                .source_items(meta)
                .first()
                .and_then(|item| item.get("periodicity").cloned())
                .and_then(|v| self.item_text(id, "sources.periodicity", &v));
        }
        // the Markdown below a front matter is page content too
        let mut comments = self.joined(id, meta, &COMMENTS);
        if let Some(b) = &meta.body
            && let Some(body) = scalar_text(&b.value)
        {
            let body = crate::interop::text::plain_text(&body);
            let mut t = comments.unwrap_or_default();
            let entry = t.0.entry(self.default_lang.clone()).or_default();
            if !entry.is_empty() {
                entry.push_str("\n\n");
            }
            entry.push_str(&body);
            comments = Some(t);
        }
        let mut sheet = Metadata {
            definition: self.joined(id, meta, &DEFINITION),
            rationale: self.joined(id, meta, &[("RATIONALE", "")]),
            method: self.joined(id, meta, &METHOD),
            data_collection,
            disaggregation: self.joined(id, meta, &[("computation_disaggregation", "")]),
            periodicity,
            comments,
        };
        // the repository's own fields, named by its metadata schema
        for (field, slot) in self.schema_slots.clone() {
            let Some(t) = self.text(id, meta, &field) else {
                continue;
            };
            let into = match slot {
                "definition" => &mut sheet.definition,
                "rationale" => &mut sheet.rationale,
                "method" => &mut sheet.method,
                "data-collection" => &mut sheet.data_collection,
                "disaggregation" => &mut sheet.disaggregation,
                "periodicity" => &mut sheet.periodicity,
                _ => &mut sheet.comments,
            };
            let mut joined = into.take().unwrap_or_default();
            for (lang, s) in t.0 {
                let entry = joined.0.entry(lang).or_default();
                if entry.split("\n\n").any(|p| p.trim() == s.trim()) {
                    continue;
                }
                if !entry.is_empty() {
                    entry.push_str("\n\n");
                }
                entry.push_str(&s);
            }
            *into = Some(joined);
        }
        sheet
    }

    /// Which metadata sheet field each field of the repository's schema fills (by its name,
    /// label and the label's translations), for fields import does not already map.
    fn classify_schema(&self) -> BTreeMap<String, &'static str> {
        const KNOWN: [&str; 26] = [
            "STAT_CONC_DEF",
            "indicator_definition",
            "computation_definitions",
            "DATA_COMP",
            "computation_calculations",
            "computation_numerator",
            "computation_denominator",
            "DATA_SOURCE",
            "COLL_METHOD",
            "FREQ_COLL",
            "national_indicator_periodicity",
            "REC_USE_LIM",
            "comments_limitations",
            "other_information",
            "data_footnote",
            "copyright",
            "page_content",
            "RATIONALE",
            "computation_disaggregation",
            "indicator_available",
            "national_indicator_available",
            "indicator_name",
            "graph_title",
            "indicator_description",
            "national_indicator_description",
            "computation_units",
        ];
        // words of each sheet field in the languages of Open SDG sites (accents dropped)
        const SLOTS: [(&str, &[&str]); 7] = [
            (
                "disaggregation",
                &[
                    "disaggregat",
                    "desagreg",
                    "desglos",
                    "aufschlussel",
                    "desagrega",
                ],
            ),
            (
                "periodicity",
                &["periodic", "frequen", "frecuen", "periodizit", "haufigkeit"],
            ),
            (
                "method",
                &[
                    "formula",
                    "method",
                    "metodo",
                    "methode",
                    "computation",
                    "calcul",
                    "berechnung",
                    "calculo",
                ],
            ),
            (
                "rationale",
                &["rationale", "justific", "relevan", "pertinen", "begrundung"],
            ),
            (
                "definition",
                &[
                    "definition",
                    "definicion",
                    "definicao",
                    "concept",
                    "concepto",
                    "descrip",
                ],
            ),
            (
                "data-collection",
                &[
                    "source", "fuente", "fonte", "collect", "recogida", "coleta", "quelle",
                ],
            ),
            (
                "comments",
                &[
                    "comment",
                    "observ",
                    "limitation",
                    "limitacion",
                    "note",
                    "nota",
                    "remark",
                    "comparab",
                    "bemerkung",
                    "informacion",
                    "other",
                ],
            ),
        ];
        let mut out = BTreeMap::new();
        for (name, labels) in &self.repo.schema {
            // sources are read as sources (`source_*_N`, `sources`), never as loose text
            if KNOWN.contains(&name.as_str()) || name.starts_with("source_") || name == "sources" {
                continue;
            }
            let mut words = vec![name.clone()];
            for label in labels {
                words.push(label.clone());
                for lang in &self.repo.languages {
                    if let Some(t) = translate(self.repo, self.sdg, label, lang) {
                        words.push(t);
                    }
                }
            }
            let text = fold_accents(&words.join(" ").to_lowercase());
            if let Some((slot, _)) = SLOTS
                .iter()
                .find(|(_, keys)| keys.iter().any(|k| text.contains(k)))
            {
                out.insert(name.clone(), *slot);
            }
        }
        out
    }

    /// The numbers N of `source_*_N` fields, in order.
    fn source_numbers(meta: &IndicatorMeta) -> BTreeSet<u32> {
        meta.fields
            .keys()
            .filter_map(|k| k.strip_prefix("source_"))
            .filter_map(|k| k.rsplit_once('_'))
            .filter_map(|(_, n)| n.parse().ok())
            .collect()
    }

    /// The sources an indicator names, each as its fields without prefix or number
    /// (`organisation`, `url`, `url_text`, `periodicity`...): the numbered `source_*_N`
    /// fields, then the items of a `sources:` list; sources with `active: false` left out.
    fn source_items(&self, meta: &IndicatorMeta) -> Vec<BTreeMap<String, Value>> {
        let mut out = Vec::new();
        for n in Self::source_numbers(meta) {
            let suffix = format!("_{n}");
            let item: BTreeMap<String, Value> = meta
                .fields
                .iter()
                .filter_map(|(k, f)| {
                    let key = k.strip_prefix("source_")?.strip_suffix(&suffix)?;
                    Some((key.to_string(), f.value.clone()))
                })
                .filter(|(_, v)| !is_empty(v))
                .collect();
            out.push(item);
        }
        for s in list(meta.get("sources")) {
            if let Value::Mapping(m) = s {
                out.push(
                    m.iter()
                        .filter_map(|(k, v)| Some((scalar_text(k)?, v.clone())))
                        .filter(|(_, v)| !is_empty(v))
                        .collect(),
                );
            }
        }
        out.retain(|item| {
            item.get("active").and_then(boolean) != Some(false)
                && item.keys().any(|k| k != "active")
        });
        out
    }

    /// A source field's text in every language it can be read in (translation keys resolved,
    /// literal text in the default language), as plain text.
    fn item_text(&mut self, id: &str, field: &str, v: &Value) -> Option<Text> {
        let s = scalar_text(v)?;
        let mut out = BTreeMap::new();
        for lang in self.repo.languages.clone() {
            if let Some(t) = self.resolve(id, field, &s, &lang) {
                out.insert(lang, crate::interop::text::plain_text(&t));
            } else if lang == self.default_lang && !is_translation_key(&s) {
                out.insert(lang, crate::interop::text::plain_text(&s));
            }
        }
        out.retain(|_, t| !t.trim().is_empty());
        (!out.is_empty()).then_some(Text(out))
    }

    /// One line per source, in every language: who publishes it, then its labelled details
    /// (periodicity, earliest data, coverage, dates, classification, contact, other).
    fn source_details(&mut self, id: &str, meta: &IndicatorMeta) -> Text {
        const LABELS: [(&str, &str); 8] = [
            ("periodicity", "periodicity"),
            ("earliest_available", "earliest data"),
            ("geographical_coverage", "coverage"),
            ("release_date", "released"),
            ("next_release", "next release"),
            ("statistical_classification", "classification"),
            ("contact", "contact"),
            ("other_info", "other information"),
        ];
        let mut lines: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (n, item) in self.source_items(meta).into_iter().enumerate() {
            let mut parts: BTreeMap<String, Vec<String>> = BTreeMap::new();
            for (key, label) in LABELS {
                if let Some(v) = item.get(key)
                    && let Some(t) = self.item_text(id, &format!("sources.{key}"), v)
                {
                    for (lang, text) in t.0 {
                        let entry = match detail_label(key, &lang).unwrap_or(label) {
                            "" => text,
                            l => format!("{l}: {text}"),
                        };
                        parts.entry(lang).or_default().push(entry);
                    }
                }
            }
            let who = item
                .get("organisation")
                .and_then(|v| self.item_text(id, "sources.organisation", v));
            // a source without details is still a source of the data: its publisher and link
            let link = item
                .get("url_text")
                .and_then(|v| self.item_text(id, "sources.url_text", v));
            for (lang, name) in who.iter().flat_map(|w| w.0.clone()) {
                if parts.contains_key(&lang) {
                    continue;
                }
                let text = link.as_ref().and_then(|l| l.get_exact(&lang));
                lines.entry(lang).or_default().push(match text {
                    Some(t) if t != name => format!("{name}: {t}."),
                    _ => format!("{name}."),
                });
            }
            for (lang, p) in parts {
                let name = who
                    .as_ref()
                    .and_then(|w| w.get_exact(&lang).map(str::to_string))
                    .unwrap_or_else(|| format!("Source {}", n + 1));
                lines
                    .entry(lang)
                    .or_default()
                    .push(format!("{name}: {}.", p.join("; ")));
            }
        }
        Text(lines.into_iter().map(|(l, v)| (l, v.join("\n"))).collect())
    }

    /// Sources of the data (`source_*_N` fields and the `sources:` list), and the UN
    /// metadata link.
    fn sources(
        &mut self,
        meta: &IndicatorMeta,
        used: &mut BTreeSet<&'static str>,
    ) -> Vec<SourceRef> {
        used.extend(["goal_meta_link", "goal_meta_link_text", "sources"]);
        let id = meta
            .text("indicator_number")
            .unwrap_or_else(|| "sources".to_string());
        let mut out = Vec::new();
        for item in self.source_items(meta) {
            let text = |b: &mut Self, key: &str| {
                item.get(key)
                    .and_then(|v| b.item_text(&id, &format!("sources.{key}"), v))
            };
            let organisation = text(self, "organisation");
            let url = text(self, "url")
                .and_then(|t| {
                    t.get_exact(&self.default_lang)
                        .map(str::to_string)
                        .or_else(|| t.0.values().next().cloned())
                })
                .filter(|u| {
                    u.starts_with("http://") || u.starts_with("https://") || u.contains('.')
                });
            let name = text(self, "url_text")
                .or_else(|| organisation.clone())
                .or_else(|| url.clone().map(Text::plain));
            if let Some(name) = name {
                let publisher = organisation.filter(|o| *o != name);
                out.push(SourceRef {
                    name,
                    publisher,
                    url,
                });
            }
        }
        if let Some(url) = meta.text("goal_meta_link") {
            let name = meta
                .text("goal_meta_link_text")
                .unwrap_or_else(|| "SDG indicator metadata".to_string());
            out.push(SourceRef {
                name: Text::plain(name),
                publisher: Some(Text::plain(UNSD)),
                url: Some(url),
            });
        }
        out
    }

    /// Lists every field with content that no part of the model holds.
    fn list_dropped(
        &mut self,
        inid: &str,
        meta: &IndicatorMeta,
        used: &BTreeSet<&str>,
        title: &Text,
    ) {
        for (key, field) in &meta.fields {
            if used.contains(key.as_str())
                || self.schema_slots.contains_key(key)
                || key.starts_with("source_")
                || is_empty(&field.value)
            {
                continue;
            }
            let value = scalar_text(&field.value).unwrap_or_else(|| {
                serde_yaml::to_string(&field.value)
                    .unwrap_or_default()
                    .replace('\n', " ")
            });
            let why = match key.as_str() {
                "graph_type" if value == "line" => continue,
                "graph_type" => {
                    "localis chooses its charts (lines over time, with targets); the chart type is not configured per indicator"
                }
                "graph_limits"
                | "graph_stacked_disaggregation"
                | "graph_series_breaks"
                | "x_axis_label"
                | "y_axis_label"
                | "data_start_values" => {
                    "a setting of the web site's chart; localis charts scale to the data and targets"
                }
                "data_show_map" if boolean(&field.value) == Some(false) => continue,
                "data_show_map" => {
                    "localis reports have no maps; rows with a GeoCode are evaluated as places"
                }
                "national_geographical_coverage" => "the project's place is named in localis.yaml",
                "un_designated_tier"
                | "un_custodian_agency"
                | "SDG_GOAL"
                | "SDG_TARGET"
                | "SDG_INDICATOR"
                | "SDG_SERIES_DESCR"
                | "SDG_RELATED_INDICATORS"
                | "SDG_CUSTODIAN_AGENCIES" => {
                    "global SDG metadata; the SDG link gives localis the official titles"
                }
                "indicator_sort_order"
                | "sort"
                | "permalink"
                | "tags"
                | "layout"
                | "language"
                | "placeholder" => "a setting of the web site",
                k if k.starts_with("embedded_feature") || k.starts_with("data_notice") => {
                    "a feature of the web page"
                }
                k if k.starts_with("CONTACT")
                    || k == "ORGANISATION_UNIT"
                    || k == "META_LAST_UPDATE" =>
                {
                    "contact and update details of the metadata; localis sheets have no such fields"
                }
                "auto_progress_calculation" => continue,
                _ => "no localis equivalent",
            };
            if key == "graph_title" || key == "national_geographical_coverage" {
                let same = title.0.values().any(|t| *t == value);
                if same {
                    continue;
                }
            }
            self.notes.dropped(key, why, inid, &value);
        }

        for (lang, fields) in &meta.translated {
            if !self.repo.languages.contains(lang) {
                self.notes.dropped(
                    "translated metadata",
                    "the language is not one of the site's languages",
                    inid,
                    &format!("{lang} ({} fields)", fields.len()),
                );
            }
        }
    }

    /// The dataset declaration of a data file.
    fn dataset(
        &self,
        id: &str,
        data_file: &str,
        scan: &Scan,
        title: &Text,
        sources: &[SourceRef],
    ) -> DatasetSpec {
        let mut columns = ColumnMap::default();
        if scan.units.as_deref() == Some("UNIT_MEASURE") {
            columns.units = scan.units.clone();
        }
        if scan.series.as_deref() == Some("SERIES") {
            columns.series = scan.series.clone();
        }
        if scan.status.as_deref() == Some("OBS_STATUS") {
            columns.status = scan.status.clone();
        }
        // a numbered comment (`COMMENT_OBS_0`) is the observations' note when there is no
        // `COMMENT_OBS`; the others stay in the copy, out of the disaggregations
        if !scan
            .attributes
            .iter()
            .any(|a| a == crate::load::dataset::columns::COMMENT)
        {
            columns.comment = scan
                .attributes
                .iter()
                .find(|a| a.starts_with("COMMENT_OBS_"))
                .cloned();
        }
        // localis treats every other text column as a disaggregation; name them when the
        // file has attribute columns localis does not know
        let localis_known = [
            crate::load::dataset::columns::UNIT_MULTIPLIER,
            crate::load::dataset::columns::UNIT_MEASURE,
            crate::load::dataset::columns::COMMENT,
            crate::load::dataset::columns::PROGRESS,
        ];
        if !scan.place_labels.is_empty()
            || scan
                .attributes
                .iter()
                .any(|a| !localis_known.contains(&a.as_str()))
        {
            columns.dimensions = Some(
                scan.dimensions
                    .iter()
                    .filter(|d| !scan.place_labels.contains(d))
                    .cloned()
                    .collect(),
            );
        }
        DatasetSpec {
            id: Some(id.to_string()),
            path: format!("data/{}", file_name(data_file)),
            kind: DatasetKind::OpenSdg,
            title: Some(title.clone()),
            source: sources.first().cloned(),
            sheet: None,
            range: None,
            delimiter: None,
            decimal: None,
            thousands: None,
            columns,
            place: None,
        }
    }
}

/// The file name of a repository path.
fn file_name(path: &str) -> String {
    Path::new(path)
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| path.to_string())
}

/// A list value (`None` and non-lists give an empty list).
fn list(v: Option<&Value>) -> Vec<Value> {
    match v {
        Some(Value::Sequence(s)) => s.clone(),
        _ => Vec::new(),
    }
}

/// The label of a source detail in a language (the English labels are the defaults; a
/// language without labels here gets its details unlabelled rather than in English).
fn detail_label(key: &str, lang: &str) -> Option<&'static str> {
    let i = [
        "periodicity",
        "earliest_available",
        "geographical_coverage",
        "release_date",
        "next_release",
        "statistical_classification",
        "contact",
        "other_info",
    ]
    .iter()
    .position(|k| *k == key)?;
    let words: [&str; 8] = match lang.split(['-', '_']).next().unwrap_or(lang) {
        "en" => return None,
        "es" => [
            "periodicidad",
            "primeros datos",
            "cobertura",
            "publicado",
            "próxima publicación",
            "clasificación",
            "contacto",
            "otra información",
        ],
        "fr" => [
            "périodicité",
            "premières données",
            "couverture",
            "publié",
            "prochaine publication",
            "classification",
            "contact",
            "autres informations",
        ],
        "pt" => [
            "periodicidade",
            "primeiros dados",
            "cobertura",
            "publicado",
            "próxima publicação",
            "classificação",
            "contacto",
            "outras informações",
        ],
        "de" => [
            "Periodizität",
            "früheste Daten",
            "Abdeckung",
            "veröffentlicht",
            "nächste Veröffentlichung",
            "Klassifikation",
            "Kontakt",
            "weitere Informationen",
        ],
        _ => [""; 8],
    };
    Some(words[i])
}

/// Open SDG's direction words.
fn direction_of(word: &str) -> Option<Direction> {
    match word {
        "positive" => Some(Direction::Increase),
        "negative" => Some(Direction::Decrease),
        _ => None,
    }
}

/// The option items with each `group:` list replaced by its members: the platform assesses
/// every member on its own series (and averages their scores as one item of the indicator).
fn flatten_groups(items: Vec<Value>) -> Vec<Value> {
    let mut out = Vec::new();
    for o in items {
        match o.get("group") {
            Some(Value::Sequence(members)) => {
                out.extend(members.iter().filter(|m| m.is_mapping()).cloned());
            }
            _ => out.push(o),
        }
    }
    out
}

/// The `field`/`value` pairs of an option item's `disaggregation`.
fn item_fields(o: &Value) -> Vec<(String, String)> {
    list(o.get("disaggregation"))
        .iter()
        .filter_map(|d| {
            Some((
                d.get("field").and_then(scalar_text)?,
                d.get("value").and_then(scalar_text)?,
            ))
        })
        .collect()
}

/// The `progress_calculation_options` items that apply to a unit and series combination, as
/// the platform selects a series: an item naming a `series`, a `unit` or a `group` (the
/// series or unit it is about) applies to the combinations it names; items naming none apply
/// to the combinations no named item is about.
fn options_for<'v>(options: &'v [Value], combo: &Combo) -> Vec<&'v Value> {
    let named = |o: &Value, key: &str| o.get(key).and_then(scalar_text);
    let scoped = |o: &Value| {
        ["series", "unit", "group"]
            .iter()
            .any(|k| named(o, k).is_some())
    };
    let about = |o: &Value| {
        named(o, "series").is_none_or(|s| s == combo.series)
            && named(o, "unit").is_none_or(|u| u == combo.unit)
            && named(o, "group").is_none_or(|g| g == combo.series || g == combo.unit)
    };
    let own: Vec<&Value> = options.iter().filter(|o| scoped(o) && about(o)).collect();
    if own.is_empty() {
        options.iter().filter(|o| !scoped(o)).collect()
    } else {
        own
    }
}

/// Open SDG's own progress statuses (of sdg-build's ProgressMeasure, old and new names):
/// the localis word that names it and its category.
fn open_sdg_status(value: &str) -> Option<(&'static str, StatusCategory)> {
    Some(match value {
        "target_achieved" => ("target-achieved", StatusCategory::Achieved),
        "substantial_progress" => ("substantial-progress", StatusCategory::OnTrack),
        "on_track" => ("on-track", StatusCategory::OnTrack),
        "moderate_progress" => ("moderate-progress", StatusCategory::ProgressNeeded),
        "progress_needs_acceleration" => ("acceleration-needed", StatusCategory::ProgressNeeded),
        "limited_progress" => ("limited-progress", StatusCategory::OffTrack),
        "deterioration" => ("deterioration", StatusCategory::Deterioration),
        "not_available" | "not_available_manual" => ("not-available", StatusCategory::NotAssessed),
        _ => return None,
    })
}

/// Whether a per-unit/series item applies to a combination (a blank or absent `unit` or
/// `series` applies to all).
fn applies(item: &Value, combo: &Combo) -> bool {
    let ok = |key: &str, actual: &str| match item.get(key).and_then(scalar_text) {
        Some(v) => v == actual,
        None => true,
    };
    ok("unit", &combo.unit) && ok("series", &combo.series)
}

fn describe_combo(c: &Combo) -> String {
    match (c.series.is_empty(), c.unit.is_empty()) {
        (true, true) => "the rows without series and unit".to_string(),
        (false, true) => format!("series `{}`", c.series),
        (true, false) => format!("unit `{}`", c.unit),
        (false, false) => format!("series `{}` in `{}`", c.series, c.unit),
    }
}

fn non_empty_slug(s: &str, empty: &str) -> String {
    let slug = crate::interop::text::slug(s);
    if slug.is_empty() {
        empty.to_string()
    } else {
        slug
    }
}

/// An indicator id from an Open SDG id: letters, digits, `-`, `_` and `.` kept.
fn sanitize_id(inid: &str) -> String {
    let s: String = inid
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '-'
            }
        })
        .collect();
    if s.is_empty() {
        "indicator".to_string()
    } else {
        s
    }
}

/// Whether a folder exists and holds something.
fn is_non_empty_dir(p: &Path) -> bool {
    std::fs::read_dir(p).is_ok_and(|mut d| d.next().is_some())
}

/// The place's GeoCode when none is given: its name as an upper-case identifier.
fn default_geocode(name: &str) -> String {
    let id = crate::interop::text::sdmx_id(name);
    if id.is_empty() {
        "PLACE".to_string()
    } else {
        id
    }
}

/// YAML of a model value with a comment header.
fn yaml_file<T: serde::Serialize>(header: &str, value: &T) -> Result<String, String> {
    Ok(format!("{header}{}", crate::scaffold::to_yaml(value)?))
}

/// Imports an Open SDG data repository into a new localis project.
pub fn import(options: &ImportOptions) -> Result<ImportOutcome, ImportError> {
    let root = &options.repository;
    if !root.is_dir() {
        return Err(ImportError::NoRepository(root.clone()));
    }
    if !root.join("data").is_dir() && !root.join("config_data.yml").is_file() {
        return Err(ImportError::NotOpenSdg(
            root.clone(),
            "no `data/` folder and no `config_data.yml`".to_string(),
        ));
    }
    let to = &options.to;
    if is_non_empty_dir(to) || to.is_file() {
        return Err(ImportError::TargetNotEmpty(to.clone()));
    }
    if let (Ok(r), Some(parent)) = (std::fs::canonicalize(root), absolute_parent(to))
        && parent.starts_with(&r)
    {
        return Err(ImportError::TargetInsideRepository(to.clone()));
    }
    let mut notes = Notes::default();
    let repo = Repository::read(root, &mut notes);
    if repo.data.is_empty() && repo.meta.is_empty() {
        return Err(ImportError::NotOpenSdg(
            root.clone(),
            "no indicator data or metadata file matches the inputs".to_string(),
        ));
    }
    let sdg = SdgTitles::builtin();
    let mut builder = Builder {
        repo: &repo,
        sdg: &sdg,
        notes,
        default_lang: repo
            .languages
            .first()
            .cloned()
            .unwrap_or_else(|| "en".into()),
        include_not_started: options.include_not_started,
        geocode: options.geocode.clone(),
        site_statuses: BTreeMap::new(),
        schema_slots: BTreeMap::new(),
    };
    builder.schema_slots = builder.classify_schema();
    if let Some(file) = &options.site_config {
        builder.site_statuses = site_statuses(file, &mut builder.notes);
    }
    for f in &repo.unread {
        builder.notes.general(format!(
            "`{f}` is not read by any input of the repository; it was not imported"
        ));
    }
    // every indicator named by data or metadata, in SDG order
    let mut ids: Vec<String> = repo
        .data
        .keys()
        .chain(repo.meta.keys())
        .cloned()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    ids.sort_by_key(|id| crate::load::sdg::code_order(&id.replace('-', ".")));
    let empty = IndicatorMeta::default();
    let mut made: Vec<Made> = Vec::new();
    let mut narratives: Vec<(String, Indicator)> = Vec::new();
    for id in &ids {
        let meta = repo.meta.get(id).unwrap_or(&empty);
        if meta.get("published").and_then(boolean) == Some(false) {
            builder
                .notes
                .skipped(id, "not published (`published: false`)");
            continue;
        }
        if let Some(p) = meta.text("placeholder") {
            builder
                .notes
                .skipped(id, format!("a placeholder (`placeholder: {p}`)"));
            continue;
        }
        if !repo.meta.contains_key(id) {
            builder
                .notes
                .indicator(id, "no metadata: the title is the SDG title or the code");
        }
        let not_started = matches!(
            meta.text("reporting_status").as_deref(),
            Some("notstarted" | "notapplicable")
        );
        if meta.get("data_non_statistical").and_then(boolean) == Some(true)
            && !repo.data.contains_key(id)
            && (!not_started || options.include_not_started)
        {
            narratives.push((id.clone(), builder.narrative(id, meta)));
            continue;
        }
        if let Some(m) = builder.make(id, meta) {
            made.push(m);
        }
    }
    // the place
    let coverage: BTreeMap<String, usize> = repo
        .meta
        .values()
        .filter_map(|m| {
            m.text("national_geographical_coverage")
                .or_else(|| m.text("source_geographical_coverage_1"))
        })
        .fold(BTreeMap::new(), |mut acc, c| {
            *acc.entry(c).or_default() += 1;
            acc
        });
    let place_name = options.place.clone().unwrap_or_else(|| {
        coverage
            .iter()
            .max_by_key(|(name, n)| (**n, std::cmp::Reverse((*name).clone())))
            .map(|(c, _)| c.clone())
            .unwrap_or_else(|| repo.name.clone())
    });
    let geocode = options
        .geocode
        .clone()
        .unwrap_or_else(|| default_geocode(&place_name));
    if options.geocode.is_none() {
        builder.notes.general(format!(
            "the place's GeoCode was set to `{geocode}`; replace it in localis.yaml by the official code (`--geocode` sets it at import)"
        ));
    }
    if options.place.is_none() {
        builder.notes.general(format!(
            "the place was named `{place_name}` (the geographical coverage most metadata give, else the repository's name); change it in localis.yaml or with `--place`"
        ));
    }
    // languages localis has no words for: their reports print the fixed labels in English
    for lang in &repo.languages {
        let base = lang.split(['-', '_']).next().unwrap_or(lang);
        if !REPORT_LANGUAGES.contains(&base) {
            builder.notes.general(format!(
                "localis ships no report labels in `{lang}`: the repository's own translations name its indicators, units and categories, but the report's fixed headings and sentences in `{lang}` are printed in English (`localis report` warns); add report-templates/labels/{base}.yaml and report-templates/sentences/{base}/ to the project (copies of the English files, translated), or drop `{lang}` from `languages` in localis.yaml"
            ));
        }
    }
    // Open SDG is a national reporting platform: a country unless the user says otherwise
    let place_kind = options.place_kind.unwrap_or(PlaceKind::Country);
    if options.place_kind.is_none() {
        builder.notes.general(format!(
            "`{place_name}` is taken to be a country, so the report is an SDG Progress Report built from the country's data; for a region or a municipality (a Voluntary Local Review) import with `--place-kind region` or `--place-kind municipality`, or set `kind` under `place` in localis.yaml"
        ));
    }
    let library = crate::interop::text::slug(&repo.name);
    let library = if library.is_empty() || library == "sdg" {
        "opensdg".to_string()
    } else {
        library
    };
    let mut notes = std::mem::take(&mut builder.notes);
    let mut written = Vec::new();
    let write =
        |path: PathBuf, bytes: &[u8], written: &mut Vec<PathBuf>| -> Result<(), ImportError> {
            write_atomic(&path, bytes).map_err(|source| ImportError::Write {
                path: path.clone(),
                source,
            })?;
            written.push(path);
            Ok(())
        };
    let yaml_error = |path: &Path, e: String| ImportError::Write {
        path: path.to_path_buf(),
        source: std::io::Error::other(e),
    };
    // data files, copied unchanged (but for blank lines above the header, which pandas skips,
    // and the GeoCode of rows that name their place only in a place column)
    let mut geocodes: BTreeSet<String> = BTreeSet::new();
    for m in &made {
        let mut bytes =
            std::fs::read(root.join(&m.data_file)).map_err(|source| ImportError::Write {
                path: root.join(&m.data_file),
                source,
            })?;
        let blank = bytes
            .iter()
            .take_while(|b| matches!(b, b'\n' | b'\r' | b' ' | b'\t'))
            .count();
        let blank = bytes[..blank]
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |i| i + 1);
        if blank > 0 {
            bytes.drain(..blank);
            notes.indicator(
                &m.inid,
                format!(
                    "`{}` starts with blank lines, which sdg-build (pandas) skips; the copy in `data/` starts at the header",
                    m.data_file
                ),
            );
        }
        let copy_scan = data::scan_with(&bytes, &repo.attribute_columns);
        if let Some((repaired, done)) = data::repair(&bytes, &copy_scan) {
            bytes = repaired;
            if done.geocodes > 0 {
                let columns: Vec<&str> = copy_scan.place_codes.keys().map(String::as_str).collect();
                notes.indicator(
                    &m.inid,
                    format!(
                        "{} rows name their place only in `{}` (GeoCode blank): the copy in `data/` gives them that GeoCode, so they are evaluated as that place's rows",
                        done.geocodes,
                        columns.join("`, `")
                    ),
                );
            }
            if done.blanked > 0 {
                let cells: Vec<String> = copy_scan
                    .bad_values
                    .iter()
                    .take(5)
                    .map(|(line, text)| format!("line {line}: `{}`", notes::excerpt(text)))
                    .collect();
                let more = if copy_scan.bad_values.len() > 5 {
                    format!(" and {} more", copy_scan.bad_values.len() - 5)
                } else {
                    String::new()
                };
                notes.indicator(
                    &m.inid,
                    format!(
                        "`{}`: {} `Value` {} not a number ({}{more}); the copy in `data/` leaves {} blank, so {} no data and the rest of the indicator is read",
                        m.data_file,
                        done.blanked,
                        if done.blanked == 1 { "cell is" } else { "cells are" },
                        cells.join(", "),
                        if done.blanked == 1 { "it" } else { "them" },
                        if done.blanked == 1 { "that year is" } else { "those years are" },
                    ),
                );
            }
        }
        geocodes.extend(data::scan_with(&bytes, &repo.attribute_columns).geocodes);
        write(
            to.join("data").join(file_name(&m.data_file)),
            &bytes,
            &mut written,
        )?;
    }
    // places named by the map layers
    let mut places = None;
    if !geocodes.is_empty() {
        let named = place_names(&repo, &mut notes);
        let mut csv = String::from("GeoCode,Name\n");
        let mut count = 0;
        for code in &geocodes {
            if let Some(name) = named.get(code) {
                csv.push_str(&csv_field(code));
                csv.push(',');
                csv.push_str(&csv_field(name));
                csv.push('\n');
                count += 1;
            }
        }
        if count > 0 {
            let file = if made.iter().any(|m| file_name(&m.data_file) == "places.csv") {
                "data/places-named.csv"
            } else {
                "data/places.csv"
            };
            write(to.join(file), csv.as_bytes(), &mut written)?;
            places = Some(PlacesFile {
                path: file.to_string(),
                geocode_column: None,
                name_column: None,
            });
            notes.general(format!(
                "`{file}` names {count} of the {} places with a GeoCode in the data, from the map layers",
                geocodes.len()
            ));
        }
    }
    // the map layers, copied into maps/
    let carried = maps::carry_over(&repo, &mut notes);
    for m in &carried {
        write(to.join(&m.spec.path), &m.bytes, &mut written)?;
    }
    // the library: its manifest and one file per Open SDG indicator
    let lib_dir = to.join("indicators").join(&library);
    let manifest = LibraryManifest {
        id: library.clone(),
        title: library_title(&repo.name, &repo.languages),
        description: Some(Text::plain(format!(
            "Imported by `localis import opensdg` from the Open SDG data repository `{}`: one file per Open SDG indicator, reading a copy of its data. IMPORT-NOTES.md lists what was not carried over.",
            repo.name
        ))),
        version: None,
        licence: None,
        framework: None,
        sources: vec![SourceRef {
            name: Text::plain(format!("Open SDG data repository {}", repo.name)),
            publisher: None,
            url: None,
        }],
    };
    let path = lib_dir.join("library.yaml");
    let text = yaml_file(
        "# An indicator library imported from Open SDG by `localis import opensdg`.\n# yaml-language-server: $schema=../../schemas/library.json\n",
        &manifest,
    )
    .map_err(|e| yaml_error(&path, e))?;
    write(path, text.as_bytes(), &mut written)?;
    for m in &made {
        let file = LibraryFile {
            indicators: m.indicators.clone(),
            ..LibraryFile::default()
        };
        let path = lib_dir.join(format!("{}.yaml", sanitize_id(&m.inid)));
        let header = format!(
            "{}# yaml-language-server: $schema=../../schemas/indicators.json\n",
            m.header
        );
        let text = yaml_file(&header, &file).map_err(|e| yaml_error(&path, e))?;
        write(path, text.as_bytes(), &mut written)?;
    }
    for (inid, indicator) in &narratives {
        let file = LibraryFile {
            indicators: vec![indicator.clone()],
            ..LibraryFile::default()
        };
        let path = lib_dir.join(format!("{}.yaml", sanitize_id(inid)));
        let header = format!(
            "# Open SDG indicator {inid}: non-statistical (`data_non_statistical: true`), imported without values.\n# yaml-language-server: $schema=../../schemas/indicators.json\n"
        );
        let text = yaml_file(&header, &file).map_err(|e| yaml_error(&path, e))?;
        write(path, text.as_bytes(), &mut written)?;
    }
    // the repository's words for the codes of the data
    let place_labels: Vec<BTreeSet<String>> = made
        .iter()
        .map(|m| m.scan.place_labels.iter().cloned().collect())
        .collect();
    let scans: Vec<(&Scan, &BTreeSet<String>)> =
        made.iter().map(|m| &m.scan).zip(&place_labels).collect();
    if let Some(vocabulary) = vocabulary(&repo, &scans) {
        let path = lib_dir.join("vocabulary.yaml");
        let file = LibraryFile {
            vocabulary: Some(vocabulary),
            ..LibraryFile::default()
        };
        let text = yaml_file(
            "# The repository's translations of the codes in its data (translations/<lang>/*.yml), imported by `localis import opensdg`.\n# yaml-language-server: $schema=../../schemas/indicators.json\n",
            &file,
        )
        .map_err(|e| yaml_error(&path, e))?;
        write(path, text.as_bytes(), &mut written)?;
    }
    // indicators whose data localis rejects stay in the library, out of the reported set
    let mut excluded: Vec<String> = Vec::new();
    for m in &made {
        if let Some(why) = &m.excluded {
            for i in &m.indicators {
                notes.excluded.insert(i.id.clone(), why.clone());
                excluded.push(i.id.clone());
            }
        }
    }
    let mut sets = Vec::new();
    if !excluded.is_empty() {
        let id = format!("{library}-reported");
        let set = IndicatorSet {
            id: id.clone(),
            title: Some(Text::plain(
                "The imported indicators whose data localis reads",
            )),
            description: Some(Text::plain(
                "Every indicator of the library except those whose data hold values localis rejects (see IMPORT-NOTES.md); fix their data, then remove them from `exclude`.",
            )),
            extends: vec![library.clone()],
            include: Vec::new(),
            exclude: excluded,
            overrides: BTreeMap::new(),
        };
        let path = lib_dir.join("set.yaml");
        let file = LibraryFile {
            sets: vec![set],
            ..LibraryFile::default()
        };
        let text = yaml_file(
            "# The set the project reports: the imported indicators without those whose data localis rejects.\n# yaml-language-server: $schema=../../schemas/indicators.json\n",
            &file,
        )
        .map_err(|e| yaml_error(&path, e))?;
        write(path, text.as_bytes(), &mut written)?;
        sets.push(id);
    }
    // the project
    let project = Project {
        name: project_name(&place_name, &repo.languages),
        place: Place {
            name: Text::plain(place_name.clone()),
            geocode,
            country: None,
            kind: Some(place_kind),
        },
        author: None,
        languages: repo.languages.clone(),
        base_year: 2015,
        target_year: 2030,
        framework: if sdg.version.is_empty() {
            "2025".to_string()
        } else {
            sdg.version.clone()
        },
        libraries: vec!["sdg".to_string(), library.clone()],
        sets,
        data_roots: Vec::new(),
        datasets: made.iter().map(|m| m.dataset.clone()).collect(),
        places,
        maps: carried.into_iter().map(|m| m.spec).collect(),
        reports: vec![ReportSpec::from_str_shorthand("vlr")],
        output: "out".to_string(),
        assessment: AssessmentSettings::default(),
        privacy: Privacy::default(),
        departments: Vec::new(),
        award_schemes: Vec::new(),
        texts: PublicationTexts::default(),
        budget: None,
        vocabulary: None,
        licence: None,
        date: None,
    };
    let path = to.join(PROJECT_FILE);
    let header = format!(
        "# A localis project imported from the Open SDG data repository {} by `localis import opensdg`.\n\
         # `localis check` validates it, `localis eval` evaluates it, `localis report` builds its report.\n\
         # yaml-language-server: $schema=schemas/project.json\n",
        repo.name
    );
    let text = yaml_file(&header, &project).map_err(|e| yaml_error(&path, e))?;
    write(path, text.as_bytes(), &mut written)?;
    written.extend(
        crate::scaffold::write_editor_support(to)
            .map_err(|(path, source)| ImportError::Write { path, source })?,
    );
    // check the new project as `localis check` would
    let check = match crate::load::load(to) {
        Ok(mut ws) => {
            crate::pipeline::check_all(&mut ws);
            (ws.diagnostics.error_count(), ws.diagnostics.warning_count())
        }
        Err(_) => (1, 0),
    };
    let imported = made.len();
    let indicators: usize = made.iter().map(|m| m.indicators.len()).sum();
    let check_text = format!("{} errors, {} warnings", check.0, check.1);
    let markdown = notes.to_markdown(&repo.name, imported, indicators, &check_text);
    write(to.join(NOTES_FILE), markdown.as_bytes(), &mut written)?;
    Ok(ImportOutcome {
        to: to.clone(),
        imported,
        indicators,
        datasets: made.len(),
        library,
        notes,
        notes_markdown: markdown,
        check,
        written,
    })
}

/// The absolute form of a path's nearest existing ancestor, joined with the rest.
fn absolute_parent(p: &Path) -> Option<PathBuf> {
    let abs = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().ok()?.join(p)
    };
    let mut existing = abs.as_path();
    let mut rest: Vec<&std::ffi::OsStr> = Vec::new();
    while !existing.exists() {
        rest.push(existing.file_name()?);
        existing = existing.parent()?;
    }
    let mut out = std::fs::canonicalize(existing).ok()?;
    for r in rest.into_iter().rev() {
        out.push(r);
    }
    Some(out)
}

/// Names of places from the map layers' GeoJSON files (GeoCode -> name).
fn place_names(repo: &Repository, notes: &mut Notes) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for layer in &repo.map_layers {
        let text = match std::fs::read_to_string(repo.root.join(&layer.file)) {
            Ok(t) => t,
            Err(e) => {
                notes.problem(format!(
                    "`{}`: failed to read the map layer ({e}); its place names were left out",
                    layer.file
                ));
                continue;
            }
        };
        let json: serde_json::Value = match serde_json::from_str(&text) {
            Ok(j) => j,
            Err(e) => {
                notes.problem(format!(
                    "`{}:{}:{}`: failed to read the map layer ({e}); its place names were left out. Hint: a map layer is a GeoJSON FeatureCollection",
                    layer.file,
                    e.line(),
                    e.column()
                ));
                continue;
            }
        };
        for f in json["features"].as_array().into_iter().flatten() {
            let props = &f["properties"];
            let text = |v: &serde_json::Value| match v {
                serde_json::Value::String(s) => Some(s.trim().to_string()),
                serde_json::Value::Number(n) => Some(n.to_string()),
                _ => None,
            };
            if let (Some(code), Some(name)) = (
                text(&props[&layer.id_property]),
                text(&props[&layer.name_property]),
            ) {
                out.entry(code).or_insert(name);
            }
        }
    }
    out
}

/// The site's progress status types (`progress_status.status_types` of a site configuration):
/// value -> label.
fn site_statuses(file: &Path, notes: &mut Notes) -> BTreeMap<String, String> {
    let name = file.display().to_string();
    let text = match std::fs::read(file) {
        Ok(b) => String::from_utf8_lossy(&b).into_owned(),
        Err(e) => {
            notes.problem(format!(
                "`{name}`: failed to read the site configuration ({e})"
            ));
            return BTreeMap::new();
        }
    };
    let Some(config) = source::read_yaml(&name, &text, 1, "the site configuration", notes) else {
        return BTreeMap::new();
    };
    list(
        config
            .get("progress_status")
            .and_then(|p| p.get("status_types")),
    )
    .iter()
    .filter_map(|t| {
        let value = t.get("value").and_then(scalar_text)?;
        let label = t.get("label").and_then(scalar_text)?;
        Some((value, label))
    })
    .collect()
}

/// A CSV field, quoted when needed.
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// `id` made a valid id not yet in `ids` (and added to them): at most 100 characters (a long
/// series name is cut, room left for `-N`), then `-2`, `-3`... while it is taken.
fn unique_id(mut id: String, ids: &mut BTreeSet<String>) -> String {
    if id.chars().count() > 96 {
        id = id.chars().take(96).collect::<String>();
        while id.ends_with('-') {
            id.pop();
        }
    }
    let base = id.clone();
    let mut n = 2;
    while !ids.insert(id.clone()) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

/// The imported library's title in each of the repository's languages (English for a
/// language localis has no words for).
fn library_title(repository: &str, languages: &[String]) -> Text {
    in_languages(languages, |base| match base {
        "pt" => format!("Indicadores do repositório de dados Open SDG {repository}"),
        "es" => format!("Indicadores del repositorio de datos Open SDG {repository}"),
        "de" => format!("Indikatoren des Open-SDG-Datenrepositoriums {repository}"),
        "fr" => format!("Indicateurs du dépôt de données Open SDG {repository}"),
        _ => format!("Indicators of the Open SDG data repository {repository}"),
    })
}

/// The new project's name in each of the repository's languages ("SDG indicators of <place>");
/// a language localis has no words for gets the English name.
fn project_name(place: &str, languages: &[String]) -> Text {
    in_languages(languages, |base| match base {
        "pt" | "es" => format!("Indicadores ODS de {place}"),
        "de" => format!("SDG-Indikatoren: {place}"),
        "fr" => format!("Indicateurs ODD : {place}"),
        _ => format!("SDG indicators of {place}"),
    })
}

/// A text in each of `languages`, worded by `words` from the base language (`pt` for
/// `pt-BR`); the English words when the repository names no language.
fn in_languages(languages: &[String], words: impl Fn(&str) -> String) -> Text {
    if languages.is_empty() {
        return Text::plain(words("en"));
    }
    Text(
        languages
            .iter()
            .map(|lang| {
                let base = lang.split(['-', '_']).next().unwrap_or(lang);
                (lang.clone(), words(base))
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn translation_keys_are_recognised() {
        assert!(is_translation_key("global_indicators.1-2-1-title"));
        assert!(is_translation_key("localised_indicators.10-1-1-a-title"));
        assert!(!is_translation_key("Proportion of people. Really"));
        assert!(!is_translation_key("1.2.1"));
    }

    #[test]
    fn sdg_keys_resolve_from_the_shipped_library() {
        let sdg = SdgTitles::builtin();
        let repo = Repository::default();
        assert_eq!(
            translate(&repo, &sdg, "global_indicators.1-2-1-title", "en").as_deref(),
            Some("Proportion of population living below the national poverty line, by sex and age")
        );
        assert!(
            translate(&repo, &sdg, "global_targets.1-2-title", "es")
                // the shipped Spanish texts are decomposed (`i` + U+0301), so compare the plain start
                .is_some_and(|t| t.starts_with("De aqu") && t.contains("a la mitad"))
        );
        assert_eq!(translate(&repo, &sdg, "custom.nothing", "en"), None);
    }

    #[test]
    fn unit_and_series_items_apply_by_value() {
        let combo = Combo {
            series: String::new(),
            unit: "Percent".into(),
        };
        let item: Value = serde_yaml::from_str("{unit: Percent, title: x}").unwrap();
        assert!(applies(&item, &combo));
        let other: Value = serde_yaml::from_str("{unit: Number}").unwrap();
        assert!(!applies(&other, &combo));
        let all: Value = serde_yaml::from_str("{series: '', decimals: 1}").unwrap();
        assert!(applies(&all, &combo));
    }
}
