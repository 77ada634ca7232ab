//! Results as files: the evaluation as JSON and as a tidy CSV, streamed one indicator at a time and written atomically.
//!
//! `results.json` is the serialized [`Evaluation`] (it reads back with serde), laid out one
//! result per line so that diffs stay readable. `results.csv` has one row per observation:
//! indicator, place, period, disaggregation, value, unit, status, provenance.

use std::fmt::Write as _;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::evaluate::{
    CompletenessSummary, DataFile, Evaluation, IndicatorBatch, IndicatorResult, Observation,
    PlaceInfo,
};

use super::columnar::Partitioned;
use super::rows::{csv_bytes, csv_writer, write_csv_rows, write_json_items};
use super::write::{AtomicFile, Finished, JsonLimit, LimitedWriter};

/// File name of the JSON results.
pub(crate) const RESULTS_JSON: &str = "results.json";
/// File name of the tidy CSV results.
pub(crate) const RESULTS_CSV: &str = "results.csv";
/// Columns of the tidy CSV.
pub const CSV_COLUMNS: [&str; 8] = [
    "indicator",
    "place",
    "period",
    "disaggregation",
    "value",
    "unit",
    "status",
    "provenance",
];

/// Writes results as they are evaluated; nothing appears in the output folder until
/// [`ResultsWriter::finish`], which puts both files (and the Parquet ones, when asked for) in place. `results.json` is left out
/// when it would pass its size limit.
pub struct ResultsWriter {
    json: Option<LimitedWriter<AtomicFile>>,
    csv: Option<BufWriter<AtomicFile>>,
    files: Vec<DataFile>,
    first: bool,
    paths: [PathBuf; 2],
    parquet: Option<Partitioned>,
}

fn to_io(e: serde_json::Error) -> io::Error {
    io::Error::other(e)
}

impl ResultsWriter {
    /// Starts writing `results.json` and `results.csv` into `dir`; `files` is the list
    /// provenance points at.
    pub fn create(dir: &Path, files: &[DataFile]) -> io::Result<ResultsWriter> {
        Self::create_limited(dir, files, JsonLimit::None)
    }

    /// [`ResultsWriter::create`], leaving `results.json` out when it would be larger than `limit`.
    pub fn create_limited(
        dir: &Path,
        files: &[DataFile],
        limit: JsonLimit,
    ) -> io::Result<ResultsWriter> {
        let json_path = dir.join(RESULTS_JSON);
        let csv_path = dir.join(RESULTS_CSV);
        let mut json = LimitedWriter::new(AtomicFile::create(&json_path)?, limit);
        let mut csv = BufWriter::with_capacity(1 << 20, AtomicFile::create(&csv_path)?);
        let mut header = csv_writer(Vec::new());
        header.write_record(CSV_COLUMNS)?;
        csv.write_all(&csv_bytes(header)?)?;
        json.write_all(b"{\n\"files\": ")?;
        serde_json::to_writer(&mut json, files).map_err(to_io)?;
        json.write_all(b",\n\"results\": [")?;
        Ok(ResultsWriter {
            json: (!json.over()).then_some(json),
            csv: Some(csv),
            files: files.to_vec(),
            first: true,
            paths: [json_path, csv_path],
            parquet: None,
        })
    }

    /// Also writes the results as Parquet, one file per indicator under `dir`/results (see
    /// [`super::columnar`]).
    pub fn with_parquet(mut self, dir: &Path) -> io::Result<ResultsWriter> {
        self.parquet = Some(Partitioned::results(dir)?);
        Ok(self)
    }

    /// Leaves `results.csv` out (for results too large for CSV; Parquet holds them).
    pub fn without_csv(mut self) -> ResultsWriter {
        self.csv = None;
        self
    }

    /// Writes the results of one indicator.
    pub fn write(&mut self, batch: &IndicatorBatch) -> io::Result<()> {
        self.write_results(&batch.results)
    }

    /// Writes results (sorted by indicator then place, following those written before).
    pub fn write_results(&mut self, results: &[IndicatorResult]) -> io::Result<()> {
        if let Some(json) = &mut self.json {
            write_json_items(json, results, &mut self.first, b"\n", b",\n")?;
            if json.over() {
                self.json = None;
            }
        }
        if let Some(csv) = &mut self.csv {
            // rows formatted in parallel, written in order
            write_csv_rows(results, |w, r| csv_rows(w, r, &self.files), csv)?;
        }
        if let Some(parquet) = &mut self.parquet {
            parquet.write_results(results, &self.files)?;
        }
        Ok(())
    }

    /// Writes the places and completeness, and puts both files in place; returns their paths
    /// (and that of `results.json` among those left out when it passed its limit).
    pub fn finish(
        mut self,
        places: &[PlaceInfo],
        completeness: &CompletenessSummary,
    ) -> io::Result<Finished> {
        let mut finished = Finished::default();
        let [json_path, csv_path] = std::mem::take(&mut self.paths);
        if let Some(mut json) = self.json.take() {
            json.write_all(if self.first { b"],\n" } else { b"\n],\n" })?;
            json.write_all(b"\"places\": ")?;
            serde_json::to_writer(&mut json, places).map_err(to_io)?;
            json.write_all(b",\n\"completeness\": ")?;
            serde_json::to_writer(&mut json, completeness).map_err(to_io)?;
            json.write_all(b"\n}\n")?;
            if json.over() {
                finished.omitted.push(json_path);
            } else {
                json.into_inner()?.commit()?;
                finished.written.push(json_path);
            }
        } else {
            finished.omitted.push(json_path);
        }
        match self.csv {
            Some(csv) => {
                csv.into_inner().map_err(|e| e.into_error())?.commit()?;
                finished.written.push(csv_path);
            }
            None => finished.replaced.push(csv_path),
        }
        if let Some(parquet) = self.parquet {
            finished.written.extend(parquet.finish());
        }
        Ok(finished)
    }
}

/// Writes a whole evaluation held in memory (same files as streaming it).
pub fn write_results(dir: &Path, evaluation: &Evaluation) -> io::Result<Vec<PathBuf>> {
    let mut w = ResultsWriter::create(dir, &evaluation.files)?;
    w.write_results(&evaluation.results)?;
    Ok(w.finish(&evaluation.places, &evaluation.completeness)?
        .written)
}

/// The rows of one result in `results.csv`, one per observation.
fn csv_rows(
    w: &mut csv::Writer<Vec<u8>>,
    r: &IndicatorResult,
    files: &[DataFile],
) -> io::Result<()> {
    let unit = r.unit.as_deref().unwrap_or("");
    let (mut value, mut period, mut provenance) = (String::new(), String::new(), String::new());
    let mut disaggregation = String::new();
    let mut spans = Vec::new();
    for s in &r.series {
        disaggregation.clear();
        push_disaggregation(&mut disaggregation, &s.disaggregation);
        for o in &s.observations {
            value.clear();
            if let Some(v) = o.value.filter(|_| !o.suppressed) {
                push_number(&mut value, v);
            }
            period.clear();
            push_period(&mut period, o);
            provenance.clear();
            push_provenance(&mut provenance, &mut spans, r, o, files);
            w.write_record([
                r.indicator.as_str(),
                r.place.as_str(),
                period.as_str(),
                disaggregation.as_str(),
                value.as_str(),
                unit,
                o.status().unwrap_or(""),
                provenance.as_str(),
            ])?;
        }
    }
    Ok(())
}

/// An observation's period as the results show it: its own (`2023-Q1`) or its year.
pub(crate) fn push_period(out: &mut String, o: &Observation) {
    match o.period() {
        Some(p) => out.push_str(p),
        None => out.push_str(itoa::Buffer::new().format(o.year)),
    }
}

/// A number as the shortest text that reads back to the same value (`12.5`, `1000`, `0.1`).
pub fn format_number(v: f64) -> String {
    let mut s = String::new();
    push_number(&mut s, v);
    s
}

/// [`format_number`] appended to `out`.
pub(crate) fn push_number(out: &mut String, v: f64) {
    if v == 0.0 {
        out.push('0');
    } else {
        let _ = write!(out, "{v}");
    }
}

/// `population data/population.csv rows 3-5, 9` for each file, joined by ` | `.
pub(crate) fn provenance_text(r: &IndicatorResult, o: &Observation, files: &[DataFile]) -> String {
    let mut s = String::new();
    push_provenance(&mut s, &mut Vec::new(), r, o, files);
    s
}

/// [`provenance_text`] appended to `out`; `spans` is scratch space kept between calls (the
/// same text as [`IndicatorResult::provenance`] gives, without its allocations).
pub(crate) fn push_provenance(
    out: &mut String,
    spans: &mut Vec<(u32, u32, u32)>,
    r: &IndicatorResult,
    o: &Observation,
    files: &[DataFile],
) {
    r.file_spans(o, spans);
    for (i, group) in spans.chunk_by(|a, b| a.0 == b.0).enumerate() {
        if i > 0 {
            out.push_str(" | ");
        }
        let file = files.get(group[0].0 as usize);
        let word = if group.len() == 1 && group[0].1 == group[0].2 {
            "row"
        } else {
            "rows"
        };
        for part in [
            file.map_or("", |d| d.dataset.as_str()),
            " ",
            file.map_or("", |d| d.file.as_str()),
            " ",
            word,
            " ",
        ] {
            out.push_str(part);
        }
        // row numbers through itoa: this runs for every row of a national results table
        let mut digits = itoa::Buffer::new();
        for (i, &(_, a, b)) in group.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            out.push_str(digits.format(a));
            if a != b {
                out.push('-');
                out.push_str(digits.format(b));
            }
        }
    }
}

/// A disaggregation as one CSV cell, `Age=15-24;Sex=Female` (empty for the headline).
pub fn disaggregation_cell(d: &std::collections::BTreeMap<String, String>) -> String {
    let mut s = String::new();
    push_disaggregation(&mut s, d);
    s
}

/// [`disaggregation_cell`] appended to `out`.
pub(crate) fn push_disaggregation(
    out: &mut String,
    d: &std::collections::BTreeMap<String, String>,
) {
    for (i, (k, v)) in d.iter().enumerate() {
        if i > 0 {
            out.push(';');
        }
        out.push_str(k);
        out.push('=');
        out.push_str(v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_numbers_shortest() {
        assert_eq!(format_number(12.5), "12.5");
        assert_eq!(format_number(1000.0), "1000");
        assert_eq!(format_number(-0.0), "0");
        assert_eq!(format_number(0.1 + 0.2), "0.30000000000000004");
    }
}
