//! Writes an assessment: the whole of it as JSON, and tidy CSV tables of progress, targets and summaries, each atomically.

use std::io::{BufWriter, Seek, Write};
use std::path::{Path, PathBuf};

use crate::output::write_atomic;

use crate::assess::result::{Assessment, Category, IndicatorAssessment, StatusCounts, YearValue};

use super::columnar::Partitioned;
use super::rows::{csv_bytes, csv_writer, write_csv_rows, write_json_items};
use super::write::{AtomicFile, Finished, JsonLimit, LimitedWriter};

/// The files written, relative to the output folder.
pub(crate) const FILES: [&str; 4] = [
    "assessment.json",
    "assessment.csv",
    "targets.csv",
    "summary.csv",
];

/// Writes `assessment.json` (everything), `assessment.csv` (one row per indicator, place,
/// disaggregation and method), `targets.csv` (one row per target check) and `summary.csv`
/// (counts by category per place and goal, right or OHCHR type) into `dir`. Returns the paths.
pub fn write(dir: &Path, a: &Assessment) -> std::io::Result<Vec<PathBuf>> {
    let mut w = AssessmentWriter::create(dir, JsonLimit::None)?;
    w.write(&a.results)?;
    Ok(w.finish(a)?.written)
}

/// Writes an assessment as it is made, a window of indicators at a time: the CSV tables
/// row by row into temporary files, the JSON's results into a temporary file of its own
/// (its settings, which open it, are known only at the end); [`AssessmentWriter::finish`]
/// puts every file in place, in the same bytes as [`write`] of the whole assessment.
pub(crate) struct AssessmentWriter {
    dir: PathBuf,
    json: Option<LimitedWriter<std::fs::File>>,
    first: bool,
    limit: JsonLimit,
    json_omitted: bool,
    progress: Option<BufWriter<AtomicFile>>,
    targets: BufWriter<AtomicFile>,
    parquet: Option<Partitioned>,
}

impl AssessmentWriter {
    /// Starts writing the assessment files into `dir`; `assessment.json` is left out when it
    /// would be larger than `limit`.
    pub(crate) fn create(dir: &Path, limit: JsonLimit) -> std::io::Result<AssessmentWriter> {
        std::fs::create_dir_all(dir)?;
        let csv_file = |name: &str, columns: &[&str]| -> std::io::Result<_> {
            let mut file = BufWriter::with_capacity(1 << 20, AtomicFile::create(&dir.join(name))?);
            let mut header = csv_writer(Vec::new());
            header.write_record(columns)?;
            file.write_all(&csv_bytes(header)?)?;
            Ok(file)
        };
        let progress = csv_file(FILES[1], &PROGRESS_COLUMNS)?;
        let targets = csv_file(FILES[2], &TARGET_COLUMNS)?;
        Ok(AssessmentWriter {
            dir: dir.to_path_buf(),
            json: Some(LimitedWriter::new(tempfile::tempfile_in(dir)?, limit)),
            first: true,
            limit,
            json_omitted: false,
            progress: Some(progress),
            targets,
            parquet: None,
        })
    }

    /// Also writes `assessment.csv`'s rows as Parquet, one file per indicator under
    /// `dir`/assessment (see [`super::columnar`]).
    pub(crate) fn with_parquet(mut self) -> std::io::Result<AssessmentWriter> {
        self.parquet = Some(Partitioned::assessment(&self.dir)?);
        Ok(self)
    }

    /// Leaves `assessment.csv` out (for an assessment too large for CSV; Parquet holds it).
    pub fn without_csv(mut self) -> AssessmentWriter {
        self.progress = None;
        self
    }

    /// Writes the assessments of a window (sorted by indicator then place, following those
    /// written before).
    pub(crate) fn write(&mut self, results: &[IndicatorAssessment]) -> std::io::Result<()> {
        if let Some(json) = &mut self.json {
            write_json_items(json, results, &mut self.first, b"", b",")?;
            if json.over() {
                self.json = None;
                self.json_omitted = true;
            }
        }
        // rows formatted in parallel, written in order
        if let Some(progress) = &mut self.progress {
            write_csv_rows(results, progress_rows, progress)?;
        }
        write_csv_rows(results, target_rows, &mut self.targets)?;
        if let Some(parquet) = &mut self.parquet {
            parquet.write_assessment(results)?;
        }
        Ok(())
    }

    /// Writes the JSON (with `rest`'s settings, awards, summaries and count of suppressed
    /// cells; its results are ignored, they were written window by window) and `summary.csv`,
    /// and puts every file in place.
    pub(crate) fn finish(self, rest: &Assessment) -> std::io::Result<Finished> {
        let mut finished = Finished::default();
        let outer = Assessment {
            results: Vec::new(),
            ..rest.clone()
        };
        let mut whole = serde_json::to_vec(&outer).map_err(std::io::Error::other)?;
        whole.push(b'\n');
        let json_path = self.dir.join(FILES[0]);
        match self.json {
            Some(body) => {
                let marker = b",\"results\":[]";
                let at = whole
                    .windows(marker.len())
                    .position(|w| w == marker)
                    .ok_or_else(|| std::io::Error::other("assessment JSON without results"))?;
                let (head, tail) = (
                    &whole[..at + marker.len() - 1],
                    &whole[at + marker.len() - 1..],
                );
                let size = head.len() as u64 + body.written() + tail.len() as u64;
                if self.limit.allows(size) {
                    let mut body = body.into_inner()?;
                    body.seek(std::io::SeekFrom::Start(0))?;
                    let mut out =
                        BufWriter::with_capacity(1 << 20, AtomicFile::create(&json_path)?);
                    out.write_all(head)?;
                    std::io::copy(&mut body, &mut out)?;
                    out.write_all(tail)?;
                    out.into_inner().map_err(|e| e.into_error())?.commit()?;
                    finished.written.push(json_path);
                } else {
                    finished.omitted.push(json_path);
                }
            }
            None => finished.omitted.push(json_path),
        }
        for (w, name) in [(self.progress, FILES[1]), (Some(self.targets), FILES[2])] {
            let Some(w) = w else {
                finished.replaced.push(self.dir.join(name));
                continue;
            };
            w.into_inner().map_err(|e| e.into_error())?.commit()?;
            finished.written.push(self.dir.join(name));
        }
        let path = self.dir.join(FILES[3]);
        write_atomic(&path, &summary_csv(rest)?)?;
        finished.written.push(path);
        if let Some(parquet) = self.parquet {
            finished.written.extend(parquet.finish());
        }
        Ok(finished)
    }
}

fn num(v: Option<f64>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

fn year(v: Option<YearValue>) -> String {
    v.map(|v| v.year.to_string()).unwrap_or_default()
}

fn value(v: Option<YearValue>) -> String {
    num(v.map(|v| v.value))
}

/// A serde enum's kebab-case name (empty for a value that is not an enum variant), with no
/// allocation: writers name methods and statuses on every row.
pub(crate) fn name<T: serde::Serialize>(v: &T) -> &'static str {
    serde_variant::to_variant_name(v).unwrap_or("")
}

/// Columns of `assessment.csv`.
const PROGRESS_COLUMNS: [&str; 20] = [
    "indicator",
    "place",
    "disaggregation",
    "method",
    "status",
    "category",
    "score",
    "ratio",
    "cagr",
    "required_cagr",
    "projected",
    "base_year",
    "base_value",
    "latest_year",
    "latest_value",
    "target_year",
    "target_value",
    "reason",
    "uses_progress_column",
    "headline_status",
];

/// Columns of `targets.csv`.
const TARGET_COLUMNS: [&str; 11] = [
    "indicator",
    "place",
    "target",
    "kind",
    "status",
    "category",
    "year",
    "value",
    "latest_year",
    "latest_value",
    "distance_left",
];

fn progress_rows<W: Write>(w: &mut csv::Writer<W>, r: &IndicatorAssessment) -> std::io::Result<()> {
    for s in &r.series {
        let dis = crate::output::results::disaggregation_cell(&s.disaggregation);
        for p in &s.progress {
            w.write_record([
                r.indicator.clone(),
                r.place.clone(),
                dis.clone(),
                name(&p.method).to_owned(),
                name(&p.status).to_owned(),
                p.category.name().to_owned(),
                num(p.score),
                num(p.ratio),
                num(p.cagr),
                num(p.required_cagr),
                num(p.projected),
                year(p.base),
                value(p.base),
                year(p.latest),
                value(p.latest),
                year(p.target),
                value(p.target),
                p.reason.as_ref().map(name).unwrap_or_default().to_owned(),
                s.uses_progress_column.to_string(),
                r.status.name().to_owned(),
            ])?;
        }
    }
    Ok(())
}

fn target_rows<W: Write>(w: &mut csv::Writer<W>, r: &IndicatorAssessment) -> std::io::Result<()> {
    for t in &r.targets {
        w.write_record([
            r.indicator.clone(),
            r.place.clone(),
            t.index.to_string(),
            t.kind.clone(),
            name(&t.status).to_owned(),
            t.category.as_ref().map(name).unwrap_or_default().to_owned(),
            t.year.map(|y| y.to_string()).unwrap_or_default(),
            num(t.value),
            year(t.latest),
            value(t.latest),
            num(t.distance_left),
        ])?;
    }
    Ok(())
}

fn summary_csv(a: &Assessment) -> std::io::Result<Vec<u8>> {
    let mut w = csv_writer(Vec::new());
    let mut header: Vec<String> = ["place", "group", "id"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    header.extend(Category::ALL.iter().map(|c| c.name().replace('-', "_")));
    header.extend(
        [
            "total",
            "escap_current_status",
            "score",
            "scorable",
            "unscored",
        ]
        .iter()
        .map(|s| s.to_string()),
    );
    w.write_record(&header)?;
    let counts = |c: &StatusCounts| -> Vec<String> {
        Category::ALL
            .iter()
            .map(|k| c.get(*k).to_string())
            .chain(std::iter::once(c.total.to_string()))
            .collect()
    };
    for s in &a.summaries {
        let mut row = |group: &str, id: &str, c: &StatusCounts, extra: [String; 4]| {
            let mut r = vec![s.place.clone(), group.to_string(), id.to_string()];
            r.extend(counts(c));
            r.extend(extra);
            w.write_record(&r)
        };
        let none = || [String::new(), String::new(), String::new(), String::new()];
        row("overall", "", &s.overall, none())?;
        for g in &s.goals {
            row(
                "goal",
                &g.goal,
                &g.counts,
                [
                    num(g.escap_current_status),
                    num(g.score),
                    g.scorable.to_string(),
                    g.unscored.to_string(),
                ],
            )?;
        }
        for g in &s.rights {
            row("right", &g.id, &g.counts, none())?;
        }
        for g in &s.ohchr_types {
            row("ohchr-type", &g.id, &g.counts, none())?;
        }
    }
    csv_bytes(w)
}

#[cfg(test)]
mod tests {
    use super::name;
    use crate::assess::result::{Category, MethodStatus, TargetStatus, UnableReason};
    use crate::model::indicator::{Direction, Influence, Norm, ProgressMethod};

    /// The name written for a value is its serde name, as in the JSON files.
    fn same_as_json<T: serde::Serialize>(values: &[T]) {
        for v in values {
            let json = serde_json::to_value(v).expect("serializes");
            assert_eq!(Some(name(v)), json.as_str(), "{json}");
            assert!(!name(v).is_empty());
        }
    }

    #[test]
    fn names_are_the_serde_names_of_the_json_files() {
        use MethodStatus as S;
        same_as_json(&Category::ALL);
        // the categories' own names (written in the headline and category columns) too
        for c in Category::ALL {
            assert_eq!(c.name(), name(&c));
        }
        same_as_json(&[
            ProgressMethod::OpenSdg,
            ProgressMethod::UnsdProgressChart,
            ProgressMethod::EscapCurrentStatus,
            ProgressMethod::EurostatShortTerm,
            ProgressMethod::EurostatLongTerm,
        ]);
        same_as_json(&[
            S::TargetAchieved,
            S::OnTrack,
            S::AccelerationNeeded,
            S::StagnationOrRegression,
            S::InsufficientProgress,
            S::MovingAway,
            S::UnableToAssess,
            S::NotAssessed,
        ]);
        same_as_json(&[
            UnableReason::NoBaseValue,
            UnableReason::TargetYearNotAfterBase,
            UnableReason::TargetEqualsBase,
        ]);
        same_as_json(&[TargetStatus::NotMet, TargetStatus::NoRetrogression]);
        same_as_json(&[Direction::Increase, Direction::NotStated]);
        same_as_json(&[Norm::NonDiscrimination, Norm::AccessToRemedy]);
        same_as_json(&[Influence::High, Influence::Outside]);
        // a value that is not an enum variant has no name
        assert_eq!(name(&"text"), "");
        assert_eq!(name(&3), "");
    }
}
