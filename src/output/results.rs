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
    csv: csv::Writer<BufWriter<AtomicFile>>,
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
        let mut csv = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(BufWriter::with_capacity(
                1 << 20,
                AtomicFile::create(&csv_path)?,
            ));
        csv.write_record(CSV_COLUMNS)?;
        json.write_all(b"{\n\"files\": ")?;
        serde_json::to_writer(&mut json, files).map_err(to_io)?;
        json.write_all(b",\n\"results\": [")?;
        Ok(ResultsWriter {
            json: (!json.over()).then_some(json),
            csv,
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

    /// Writes the results of one indicator.
    pub fn write(&mut self, batch: &IndicatorBatch) -> io::Result<()> {
        self.write_results(&batch.results)
    }

    /// Writes results (sorted by indicator then place, following those written before).
    pub fn write_results(&mut self, results: &[IndicatorResult]) -> io::Result<()> {
        for r in results {
            if let Some(json) = &mut self.json {
                json.write_all(if self.first { b"\n" } else { b",\n" })?;
                serde_json::to_writer(&mut *json, r).map_err(to_io)?;
                if json.over() {
                    self.json = None;
                }
            }
            self.first = false;
            self.write_csv(r)?;
        }
        if let Some(parquet) = &mut self.parquet {
            parquet.write_results(results, &self.files)?;
        }
        Ok(())
    }

    fn write_csv(&mut self, r: &IndicatorResult) -> io::Result<()> {
        let unit = r.unit.as_deref().unwrap_or("");
        let mut value = String::new();
        let mut period = String::new();
        for s in &r.series {
            let disaggregation = disaggregation_cell(&s.disaggregation);
            for o in &s.observations {
                value.clear();
                if let Some(v) = o.value.filter(|_| !o.suppressed) {
                    value.push_str(&format_number(v));
                }
                period.clear();
                match o.period() {
                    Some(p) => period.push_str(p),
                    None => {
                        let _ = write!(period, "{}", o.year);
                    }
                }
                let provenance = provenance_text(r, o, &self.files);
                self.csv.write_record([
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
        AtomicFile::commit_csv(self.csv)?;
        finished.written.push(csv_path);
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

/// A number as the shortest text that reads back to the same value (`12.5`, `1000`, `0.1`).
pub fn format_number(v: f64) -> String {
    if v == 0.0 {
        return "0".into();
    }
    format!("{v}")
}

/// `population data/population.csv rows 3-5, 9` for each file, joined by ` | `.
pub(crate) fn provenance_text(r: &IndicatorResult, o: &Observation, files: &[DataFile]) -> String {
    r.provenance(o, files)
        .iter()
        .map(|p| {
            let rows = p
                .rows
                .iter()
                .map(|(a, b)| {
                    if a == b {
                        a.to_string()
                    } else {
                        format!("{a}-{b}")
                    }
                })
                .collect::<Vec<_>>()
                .join(", ");
            let word = if p.rows.len() == 1 && p.rows[0].0 == p.rows[0].1 {
                "row"
            } else {
                "rows"
            };
            format!("{} {} {word} {rows}", p.dataset, p.file)
        })
        .collect::<Vec<_>>()
        .join(" | ")
}

/// A disaggregation as one CSV cell, `Age=15-24;Sex=Female` (empty for the headline).
pub fn disaggregation_cell(d: &std::collections::BTreeMap<String, String>) -> String {
    d.iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(";")
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
