//! The evaluation result: every value of every active indicator, per place, disaggregation and period, with provenance.
//!
//! This is the single source of every number any output shows: assessment reads it, charts
//! and reports read it and the assessment, and nothing downstream computes values of its own.
//!
//! Memory at national scale (100 million observations) shapes two choices: provenance is
//! interned (files listed once in [`Evaluation::files`], row ranges once per
//! [`IndicatorResult::rows`], an observation holds only a [`RowSpan`] into them), and results
//! can be consumed one indicator at a time as [`IndicatorBatch`]es instead of all at once.

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
    /// The data files values were read from; [`RowRange::file`] indexes this list.
    #[serde(default)]
    pub files: Vec<DataFile>,
    /// Completeness of the expected disaggregations over every result (SDG 17.18.1 idea).
    #[serde(default)]
    pub completeness: CompletenessSummary,
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

/// A data file values were read from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct DataFile {
    /// Dataset id.
    pub dataset: String,
    /// File, relative to the project.
    pub file: String,
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
    /// The dataset rows behind the observations; each observation's [`RowSpan`] indexes this
    /// list. A value read from a table has its row; a computed value the rows of its inputs; an
    /// aggregate of records up to four exact ranges, beyond that the range of rows (per file)
    /// its records were selected from.
    #[serde(default)]
    pub rows: Vec<RowRange>,
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
///
/// Kept small (40 bytes) because a national run makes a hundred million of them: what only
/// some observations have (a period label, a progress value, the counts behind a ratio, a
/// status, a comment) lives in [`ObservationDetails`], read through the accessor methods.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Observation {
    /// The year (the first year of a range such as `2015-16`).
    pub year: i32,
    /// The value; `None` when the data hold no value (a blank cell, never zero), when it cannot
    /// be computed (a zero denominator), or when suppressed for privacy.
    pub value: Option<f64>,
    /// Whether the value was suppressed for privacy (small cell, or secondary suppression).
    #[serde(default, skip_serializing_if = "is_false")]
    pub suppressed: bool,
    /// The dataset rows the value was computed from: a span of [`IndicatorResult::rows`].
    pub rows: RowSpan,
    /// What only some observations have.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<Box<ObservationDetails>>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// The parts of an observation that most observations lack.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct ObservationDetails {
    /// The period as written in the data when it is not a plain year (`2015-16`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    /// A value replacing `value` for progress assessment only (`Progress` column).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub progress: Option<f64>,
    /// Count behind a ratio or share (events, part), for intervals and suppression.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub numerator: Option<f64>,
    /// Population behind a ratio or share, for intervals.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub denominator: Option<f64>,
    /// Observation status from the data (such as `E` estimated, `P` provisional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Comment from the data (`COMMENT_OBS`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

impl ObservationDetails {
    /// Whether nothing is set (such details are not stored).
    pub fn is_empty(&self) -> bool {
        *self == ObservationDetails::default()
    }
}

/// A span `start..end` of an [`IndicatorResult`]'s `rows`.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub struct RowSpan {
    /// First index.
    pub start: u32,
    /// One past the last index.
    pub end: u32,
}

/// Consecutive data rows of one file (1 = the first row after the header), inclusive.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub struct RowRange {
    /// Index in [`Evaluation::files`].
    pub file: u32,
    /// First row.
    pub first: u32,
    /// Last row (equal to `first` for one row).
    pub last: u32,
}

/// The rows of one dataset file that a value was computed from (the readable form of an
/// observation's provenance, see [`Evaluation::provenance`]).
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

/// Completeness of expected disaggregations summed over many results.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct CompletenessSummary {
    /// Expected disaggregations, counted once per indicator and place.
    pub expected: u64,
    /// Of those, how many have at least one value.
    pub present: u64,
    /// The same counts per dimension (such as `Sex`).
    pub by_dimension: BTreeMap<String, DimensionCompleteness>,
}

/// Expected and present counts of one disaggregation dimension.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct DimensionCompleteness {
    /// Indicator results expecting the dimension.
    pub expected: u64,
    /// Of those, how many have data for it.
    pub present: u64,
}

/// The results of one indicator for every place, sorted by GeoCode: the unit in which
/// evaluation hands results on when they are consumed one indicator at a time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct IndicatorBatch {
    /// Indicator id.
    pub indicator: String,
    /// One result per place.
    pub results: Vec<IndicatorResult>,
}

impl IndicatorResult {
    /// The series with exactly these disaggregation groups (the headline for none).
    pub fn series_with(&self, groups: &[(&str, &str)]) -> Option<&Series> {
        self.series.iter().find(|s| {
            s.disaggregation.len() == groups.len()
                && groups
                    .iter()
                    .all(|(k, v)| s.disaggregation.get(*k).is_some_and(|x| x == v))
        })
    }

    /// The headline series, if any.
    pub fn headline(&self) -> Option<&Series> {
        self.series.iter().find(|s| s.disaggregation.is_empty())
    }

    /// The row ranges an observation of this result was computed from.
    pub fn rows_of(&self, o: &Observation) -> &[RowRange] {
        self.rows
            .get(o.rows.start as usize..o.rows.end as usize)
            .unwrap_or(&[])
    }

    /// The readable provenance of an observation: rows grouped by file (`files` is
    /// [`Evaluation::files`]).
    pub fn provenance(&self, o: &Observation, files: &[DataFile]) -> Vec<Provenance> {
        let mut spans = Vec::new();
        self.file_spans(o, &mut spans);
        spans
            .chunk_by(|a, b| a.0 == b.0)
            .map(|group| {
                let file = files.get(group[0].0 as usize);
                Provenance {
                    dataset: file.map(|d| d.dataset.clone()).unwrap_or_default(),
                    file: file.map(|d| d.file.clone()).unwrap_or_default(),
                    rows: group.iter().map(|s| (s.1, s.2)).collect(),
                }
            })
            .collect()
    }

    /// The row ranges of an observation as `(file, first, last)` in `spans` (cleared first),
    /// sorted and without repeats: each file's ranges together, files in index order. The
    /// order [`IndicatorResult::provenance`] and the results files show them in.
    pub fn file_spans(&self, o: &Observation, spans: &mut Vec<(u32, u32, u32)>) {
        spans.clear();
        spans.extend(self.rows_of(o).iter().map(|r| (r.file, r.first, r.last)));
        spans.sort_unstable();
        spans.dedup();
    }

    /// The completeness of this result's expected disaggregations (`expected` given), from its series.
    pub fn compute_completeness(&self, expected: &[String]) -> Completeness {
        let present = expected
            .iter()
            .filter(|d| {
                self.series.iter().any(|s| {
                    s.disaggregation.contains_key(d.as_str())
                        && s.observations.iter().any(|o| o.value.is_some())
                })
            })
            .cloned()
            .collect();
        Completeness {
            expected: expected.to_vec(),
            present,
        }
    }
}

impl Observation {
    /// An observation of a year with a value (or none) from a span of rows, without details.
    pub fn new(year: i32, value: Option<f64>, rows: RowSpan) -> Observation {
        Observation {
            year,
            value,
            suppressed: false,
            rows,
            details: None,
        }
    }

    /// Sets the details, storing nothing when they are empty.
    pub fn with_details(mut self, details: ObservationDetails) -> Observation {
        self.details = (!details.is_empty()).then(|| Box::new(details));
        self
    }

    /// The period as written in the data when it is not a plain year (`2015-16`).
    pub fn period(&self) -> Option<&str> {
        self.details.as_ref()?.period.as_deref()
    }

    /// The period to show: `2015-16` as written, or the year.
    pub fn period_label(&self) -> String {
        match self.period() {
            Some(p) => p.to_string(),
            None => self.year.to_string(),
        }
    }

    /// The value replacing `value` for progress assessment only (`Progress` column).
    pub fn progress(&self) -> Option<f64> {
        self.details.as_ref()?.progress
    }

    /// Count behind a ratio or share.
    pub fn numerator(&self) -> Option<f64> {
        self.details.as_ref()?.numerator
    }

    /// Population behind a ratio or share.
    pub fn denominator(&self) -> Option<f64> {
        self.details.as_ref()?.denominator
    }

    /// Observation status from the data.
    pub fn status(&self) -> Option<&str> {
        self.details.as_ref()?.status.as_deref()
    }

    /// Comment from the data.
    pub fn comment(&self) -> Option<&str> {
        self.details.as_ref()?.comment.as_deref()
    }

    /// The details, created empty when absent (for changing them).
    pub fn details_mut(&mut self) -> &mut ObservationDetails {
        self.details.get_or_insert_with(Default::default)
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

    /// The readable provenance of an observation of a result of this evaluation.
    pub fn provenance(&self, result: &IndicatorResult, o: &Observation) -> Vec<Provenance> {
        result.provenance(o, &self.files)
    }
}

/// Files of results built outside evaluation (such as budget indicators): turns readable
/// [`Provenance`] into the rows of an [`IndicatorResult`], registering each file once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ProvenanceFiles {
    /// The files registered; [`RowRange::file`] indexes this list.
    pub files: Vec<DataFile>,
}

impl ProvenanceFiles {
    /// The index of a file, registered on first use.
    pub(crate) fn index(&mut self, dataset: &str, file: &str) -> u32 {
        match self
            .files
            .iter()
            .position(|f| f.dataset == dataset && f.file == file)
        {
            Some(i) => i as u32,
            None => {
                self.files.push(DataFile {
                    dataset: dataset.to_string(),
                    file: file.to_string(),
                });
                self.files.len() as u32 - 1
            }
        }
    }

    /// Appends provenance to a result's `rows` and returns the span an observation keeps.
    pub(crate) fn push(&mut self, rows: &mut Vec<RowRange>, provenance: &[Provenance]) -> RowSpan {
        let start = rows.len() as u32;
        for p in provenance {
            let file = self.index(&p.dataset, &p.file);
            rows.extend(p.rows.iter().map(|(first, last)| RowRange {
                file,
                first: *first,
                last: *last,
            }));
        }
        RowSpan {
            start,
            end: rows.len() as u32,
        }
    }
}

impl Evaluation {
    /// Adds results made outside evaluation (such as budget indicators) whose rows point at
    /// `files`: their files join [`Evaluation::files`], and results stay sorted.
    pub fn add_results(&mut self, results: Vec<IndicatorResult>, files: &[DataFile]) {
        let mut table = ProvenanceFiles {
            files: std::mem::take(&mut self.files),
        };
        let map: Vec<u32> = files
            .iter()
            .map(|f| table.index(&f.dataset, &f.file))
            .collect();
        self.files = table.files;
        for mut r in results {
            for row in &mut r.rows {
                row.file = map.get(row.file as usize).copied().unwrap_or(row.file);
            }
            if !self.places.iter().any(|p| p.geocode == r.place) {
                self.places.push(PlaceInfo {
                    geocode: r.place.clone(),
                    name: None,
                });
            }
            self.results.push(r);
        }
        self.places.sort();
        self.results
            .sort_by(|a, b| (&a.indicator, &a.place).cmp(&(&b.indicator, &b.place)));
    }
}

impl CompletenessSummary {
    /// Adds one result's completeness.
    pub fn add(&mut self, c: &Completeness) {
        for d in &c.expected {
            let present = c.present.contains(d);
            self.expected += 1;
            self.present += u64::from(present);
            if !self.by_dimension.contains_key(d) {
                self.by_dimension
                    .insert(d.clone(), DimensionCompleteness::default());
            }
            if let Some(e) = self.by_dimension.get_mut(d) {
                e.expected += 1;
                e.present += u64::from(present);
            }
        }
    }

    /// Adds the counts of another summary.
    pub fn merge(&mut self, other: &CompletenessSummary) {
        self.expected += other.expected;
        self.present += other.present;
        for (d, c) in &other.by_dimension {
            let e = self.by_dimension.entry(d.clone()).or_default();
            e.expected += c.expected;
            e.present += c.present;
        }
    }

    /// Share of expected disaggregations that have data, from 0 to 1 (`None` when none are expected).
    pub fn share(&self) -> Option<f64> {
        (self.expected > 0).then(|| self.present as f64 / self.expected as f64)
    }
}
