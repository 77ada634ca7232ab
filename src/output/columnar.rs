//! Results and assessment as Parquet: one snappy-compressed file per indicator in hive-style folders (`results/indicator=<id>/part-0.parquet`), written window by window and atomically.
//!
//! The columns are those of `results.csv` and `assessment.csv`, typed: numbers as doubles,
//! years as 32-bit integers, missing values as nulls. An indicator's file depends on its
//! rows alone (row groups of [`ROW_GROUP`] rows, no timestamps), so the bytes are the same
//! whatever the window, the thread count or the machine.

use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use parquet::basic::{Compression, Type as Physical};
use parquet::data_type::{BoolType, ByteArray, ByteArrayType, DoubleType, Int32Type};
use parquet::file::properties::{EnabledStatistics, WriterProperties, WriterVersion};
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::parser::parse_message_type;
use parquet::schema::types::{ColumnPath, Type};

use crate::assess::result::{IndicatorAssessment, YearValue};
use crate::evaluate::{DataFile, IndicatorResult};

use super::write::AtomicFile;

/// Folder of the Parquet results, inside the output folder.
pub(crate) const RESULTS_DIR: &str = "results";
/// Folder of the Parquet assessment, inside the output folder.
pub(crate) const ASSESSMENT_DIR: &str = "assessment";
/// File name of an indicator's part (one per indicator folder).
pub(crate) const PART: &str = "part-0.parquet";
/// Rows per row group: large enough for good compression, small enough that a writer holds
/// a few tens of megabytes at most.
pub(crate) const ROW_GROUP: usize = 1 << 17;

/// Schema of the results: the columns of `results.csv`.
const RESULTS_SCHEMA: &str = "message results {
  required binary indicator (STRING);
  required binary place (STRING);
  required binary period (STRING);
  required binary disaggregation (STRING);
  optional double value;
  optional binary unit (STRING);
  optional binary status (STRING);
  required binary provenance (STRING);
}";

/// Schema of the assessment: the columns of `assessment.csv`.
const ASSESSMENT_SCHEMA: &str = "message assessment {
  required binary indicator (STRING);
  required binary place (STRING);
  required binary disaggregation (STRING);
  required binary method (STRING);
  required binary status (STRING);
  required binary category (STRING);
  optional double score;
  optional double ratio;
  optional double cagr;
  optional double required_cagr;
  optional double projected;
  optional int32 base_year;
  optional double base_value;
  optional int32 latest_year;
  optional double latest_value;
  optional int32 target_year;
  optional double target_value;
  optional binary reason (STRING);
  required boolean uses_progress_column;
  required binary headline_status (STRING);
}";

/// Text columns written without min/max statistics (those absent from a schema are ignored).
const NO_STATISTICS: &[&str] = &["provenance", "disaggregation", "unit", "status", "reason"];

fn to_io(e: parquet::errors::ParquetError) -> io::Error {
    io::Error::other(e)
}

/// One column's values of the row group being built (with definition levels when nullable);
/// text values are appended to one buffer (`ends` marks where each ends), sliced into
/// [`ByteArray`]s when the row group is written: no allocation per value.
enum Buffer {
    Text {
        data: Vec<u8>,
        ends: Vec<usize>,
        defs: Option<Vec<i16>>,
    },
    Double(Vec<f64>, Vec<i16>),
    Int(Vec<i32>, Vec<i16>),
    Bool(Vec<bool>),
}

/// The row group being built: one buffer per column, filled left to right row by row.
struct Rows {
    columns: Vec<Buffer>,
    at: usize,
    len: usize,
}

impl Rows {
    fn new(schema: &Type) -> io::Result<Rows> {
        let columns = schema
            .get_fields()
            .iter()
            .map(|f| {
                let optional = f.is_optional();
                match f.get_physical_type() {
                    Physical::BYTE_ARRAY => Ok(Buffer::Text {
                        data: Vec::new(),
                        ends: Vec::new(),
                        defs: optional.then(Vec::new),
                    }),
                    Physical::DOUBLE => Ok(Buffer::Double(Vec::new(), Vec::new())),
                    Physical::INT32 => Ok(Buffer::Int(Vec::new(), Vec::new())),
                    Physical::BOOLEAN => Ok(Buffer::Bool(Vec::new())),
                    other => Err(io::Error::other(format!(
                        "no Parquet buffer for {other:?} columns"
                    ))),
                }
            })
            .collect::<io::Result<_>>()?;
        Ok(Rows {
            columns,
            at: 0,
            len: 0,
        })
    }

    fn next(&mut self) -> &mut Buffer {
        let b = &mut self.columns[self.at];
        self.at += 1;
        b
    }

    fn text(&mut self, v: &str) {
        self.opt_text(Some(v));
    }

    fn opt_text(&mut self, v: Option<&str>) {
        match self.next() {
            Buffer::Text { data, ends, defs } => {
                match defs {
                    Some(defs) => defs.push(i16::from(v.is_some())),
                    None => debug_assert!(v.is_some(), "a required text column given a null"),
                }
                if let Some(v) = v {
                    data.extend_from_slice(v.as_bytes());
                    ends.push(data.len());
                }
            }
            _ => unreachable!("the row fills the columns in schema order"),
        }
    }

    fn double(&mut self, v: Option<f64>) {
        match self.next() {
            Buffer::Double(values, defs) => {
                defs.push(i16::from(v.is_some()));
                values.extend(v);
            }
            _ => unreachable!("the row fills the columns in schema order"),
        }
    }

    fn int(&mut self, v: Option<i32>) {
        match self.next() {
            Buffer::Int(values, defs) => {
                defs.push(i16::from(v.is_some()));
                values.extend(v);
            }
            _ => unreachable!("the row fills the columns in schema order"),
        }
    }

    fn boolean(&mut self, v: bool) {
        match self.next() {
            Buffer::Bool(values) => values.push(v),
            _ => unreachable!("the row fills the columns in schema order"),
        }
    }

    fn end_row(&mut self) {
        debug_assert_eq!(self.at, self.columns.len(), "a row fills every column");
        self.at = 0;
        self.len += 1;
    }
}

/// One indicator's file, written through a temporary file; row groups are flushed as they fill.
struct Part {
    path: PathBuf,
    writer: SerializedFileWriter<AtomicFile>,
    rows: Rows,
    total: usize,
}

impl Part {
    fn create(
        path: PathBuf,
        schema: &Arc<Type>,
        props: &Arc<WriterProperties>,
    ) -> io::Result<Part> {
        let file = AtomicFile::create(&path)?;
        let writer =
            SerializedFileWriter::new(file, schema.clone(), props.clone()).map_err(to_io)?;
        Ok(Part {
            path,
            writer,
            rows: Rows::new(schema)?,
            total: 0,
        })
    }

    /// Ends a row; writes the row group once it holds [`ROW_GROUP`] rows.
    fn end_row(&mut self) -> io::Result<()> {
        self.rows.end_row();
        self.total += 1;
        if self.rows.len >= ROW_GROUP {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.rows.len == 0 {
            return Ok(());
        }
        let mut group = self.writer.next_row_group().map_err(to_io)?;
        for buffer in &mut self.rows.columns {
            let mut column = group
                .next_column()
                .map_err(to_io)?
                .ok_or_else(|| io::Error::other("Parquet schema with fewer columns than rows"))?;
            match buffer {
                Buffer::Text { data, ends, defs } => {
                    // the next row group's text starts with room for as much as this one's
                    let next = Vec::with_capacity(data.len());
                    let shared = bytes::Bytes::from(std::mem::replace(data, next));
                    let mut start = 0;
                    let values: Vec<ByteArray> = ends
                        .iter()
                        .map(|&end| {
                            let v = ByteArray::from(shared.slice(start..end));
                            start = end;
                            v
                        })
                        .collect();
                    column
                        .typed::<ByteArrayType>()
                        .write_batch(&values, defs.as_deref(), None)
                        .map_err(to_io)?;
                    ends.clear();
                    if let Some(d) = defs {
                        d.clear();
                    }
                }
                Buffer::Double(values, defs) => {
                    column
                        .typed::<DoubleType>()
                        .write_batch(values, Some(defs), None)
                        .map_err(to_io)?;
                    values.clear();
                    defs.clear();
                }
                Buffer::Int(values, defs) => {
                    column
                        .typed::<Int32Type>()
                        .write_batch(values, Some(defs), None)
                        .map_err(to_io)?;
                    values.clear();
                    defs.clear();
                }
                Buffer::Bool(values) => {
                    column
                        .typed::<BoolType>()
                        .write_batch(values, None, None)
                        .map_err(to_io)?;
                    values.clear();
                }
            }
            column.close().map_err(to_io)?;
        }
        group.close().map_err(to_io)?;
        self.rows.len = 0;
        Ok(())
    }

    /// Writes the last row group and the footer and puts the file in place; a file without
    /// rows is left out (its temporary removed). Returns the path when written.
    fn finish(mut self) -> io::Result<Option<PathBuf>> {
        if self.total == 0 {
            return Ok(None);
        }
        self.flush()?;
        self.writer.into_inner().map_err(to_io)?.commit()?;
        Ok(Some(self.path))
    }
}

/// A table written as one Parquet file per indicator under a folder of the output, each
/// indicator once (its rows come in one window).
pub(crate) struct Partitioned {
    root: PathBuf,
    schema: Arc<Type>,
    props: Arc<WriterProperties>,
    done: BTreeSet<String>,
    written: Vec<PathBuf>,
}

impl Partitioned {
    fn create(root: PathBuf, schema: &str) -> io::Result<Partitioned> {
        let schema = Arc::new(parse_message_type(schema).map_err(to_io)?);
        // provenance differs on every row: neither a dictionary nor min/max statistics help
        let provenance = ColumnPath::from("provenance");
        let mut props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_writer_version(WriterVersion::PARQUET_1_0)
            .set_column_dictionary_enabled(provenance, false);
        // min/max of these texts prune nothing a query asks (they cost a comparison per row);
        // the indicator, place, period and numbers keep theirs
        for column in NO_STATISTICS {
            props = props
                .set_column_statistics_enabled(ColumnPath::from(*column), EnabledStatistics::None);
        }
        let props = props.build();
        Ok(Partitioned {
            root,
            schema,
            props: Arc::new(props),
            done: BTreeSet::new(),
            written: Vec::new(),
        })
    }

    /// Starts the Parquet results in `dir`/results.
    pub(crate) fn results(dir: &Path) -> io::Result<Partitioned> {
        Self::create(dir.join(RESULTS_DIR), RESULTS_SCHEMA)
    }

    /// Starts the Parquet assessment in `dir`/assessment.
    pub(crate) fn assessment(dir: &Path) -> io::Result<Partitioned> {
        Self::create(dir.join(ASSESSMENT_DIR), ASSESSMENT_SCHEMA)
    }

    /// Writes each indicator of `items` (in the order given within an indicator) with `row`,
    /// which adds an item's rows.
    /// The indicators' files are written in parallel (each depends on its own rows alone).
    fn write<T: Sync>(
        &mut self,
        items: &[T],
        indicator: impl Fn(&T) -> &str,
        row: impl Fn(&T, &mut Part) -> io::Result<()> + Sync,
    ) -> io::Result<()> {
        use rayon::prelude::*;
        let mut groups: BTreeMap<&str, Vec<&T>> = BTreeMap::new();
        for item in items {
            groups.entry(indicator(item)).or_default().push(item);
        }
        for id in groups.keys() {
            if !self.done.insert(id.to_string()) {
                return Err(io::Error::other(format!(
                    "the rows of indicator {id} came in two windows"
                )));
            }
        }
        let groups: Vec<(&str, Vec<&T>)> = groups.into_iter().collect();
        let (root, schema, props) = (&self.root, &self.schema, &self.props);
        let written: Vec<io::Result<Option<PathBuf>>> = groups
            .par_iter()
            .map(|(id, group)| {
                let mut part = Part::create(partition(root, id), schema, props)?;
                for item in group {
                    row(item, &mut part)?;
                }
                part.finish()
            })
            .collect();
        for w in written {
            self.written.extend(w?);
        }
        Ok(())
    }

    /// Writes the results of whole indicators (a window's).
    pub(crate) fn write_results(
        &mut self,
        results: &[IndicatorResult],
        files: &[DataFile],
    ) -> io::Result<()> {
        self.write(
            results,
            |r| r.indicator.as_str(),
            |r, part| {
                let (mut period, mut provenance) = (String::new(), String::new());
                let mut spans = Vec::new();
                for s in &r.series {
                    let disaggregation = super::results::disaggregation_cell(&s.disaggregation);
                    for o in &s.observations {
                        period.clear();
                        super::results::push_period(&mut period, o);
                        provenance.clear();
                        super::results::push_provenance(&mut provenance, &mut spans, r, o, files);
                        let rows = &mut part.rows;
                        rows.text(&r.indicator);
                        rows.text(&r.place);
                        rows.text(&period);
                        rows.text(&disaggregation);
                        rows.double(o.value.filter(|_| !o.suppressed));
                        rows.opt_text(r.unit.as_deref());
                        rows.opt_text(o.status());
                        rows.text(&provenance);
                        part.end_row()?;
                    }
                }
                Ok(())
            },
        )
    }

    /// Writes the assessments of whole indicators (a window's).
    pub(crate) fn write_assessment(&mut self, results: &[IndicatorAssessment]) -> io::Result<()> {
        use super::assessment::name;
        let year = |v: Option<YearValue>| v.map(|v| v.year);
        let value = |v: Option<YearValue>| v.map(|v| v.value);
        self.write(
            results,
            |r| r.indicator.as_str(),
            |r, part| {
                let headline = r.status.name();
                for s in &r.series {
                    let dis = super::results::disaggregation_cell(&s.disaggregation);
                    for p in &s.progress {
                        let rows = &mut part.rows;
                        rows.text(&r.indicator);
                        rows.text(&r.place);
                        rows.text(&dis);
                        rows.text(name(&p.method));
                        rows.text(name(&p.status));
                        rows.text(p.category.name());
                        rows.double(p.score);
                        rows.double(p.ratio);
                        rows.double(p.cagr);
                        rows.double(p.required_cagr);
                        rows.double(p.projected);
                        rows.int(year(p.base));
                        rows.double(value(p.base));
                        rows.int(year(p.latest));
                        rows.double(value(p.latest));
                        rows.int(year(p.target));
                        rows.double(value(p.target));
                        rows.opt_text(p.reason.as_ref().map(name));
                        rows.boolean(s.uses_progress_column);
                        rows.text(headline);
                        part.end_row()?;
                    }
                }
                Ok(())
            },
        )
    }

    /// The files written, in the order written (indicator order).
    pub(crate) fn finish(self) -> Vec<PathBuf> {
        self.written
    }
}

/// The file of an indicator: `<root>/indicator=<id>/part-0.parquet`, with any byte of the id
/// other than ASCII letters, digits, `-`, `_` and a `.` after the first (the hive-style
/// escaping that DuckDB, Spark and polars undo) written as `%XX`.
pub(crate) fn partition(root: &Path, indicator: &str) -> PathBuf {
    let mut name = String::from("indicator=");
    for (i, b) in indicator.bytes().enumerate() {
        if b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || (b == b'.' && i > 0) {
            name.push(b as char);
        } else {
            name.push_str(&format!("%{b:02X}"));
        }
    }
    root.join(name).join(PART)
}

/// Removes the indicator files under `out`'s results and assessment folders that `keep`
/// does not name (an indicator of an earlier run gone from the project, or every file when
/// this run wrote no Parquet), so that a query never mixes two runs; then the folders left
/// empty. Only `indicator=*` folders and `.parquet` files are touched.
pub(crate) fn remove_stale(out: &Path, keep: &[PathBuf]) -> io::Result<()> {
    let keep: BTreeSet<&Path> = keep.iter().map(PathBuf::as_path).collect();
    for table in [RESULTS_DIR, ASSESSMENT_DIR] {
        let root = out.join(table);
        let Ok(entries) = std::fs::read_dir(&root) else {
            continue;
        };
        for e in entries.flatten() {
            let dir = e.path();
            let ours = e.file_name().to_string_lossy().starts_with("indicator=")
                && e.file_type().is_ok_and(|t| t.is_dir());
            if !ours {
                continue;
            }
            for f in std::fs::read_dir(&dir)?.flatten() {
                let path = f.path();
                if path.extension().is_some_and(|x| x == "parquet")
                    && !keep.contains(path.as_path())
                {
                    std::fs::remove_file(&path)?;
                }
            }
            // left when something else is still in it
            let _ = std::fs::remove_dir(&dir);
        }
        let _ = std::fs::remove_dir(&root);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partition_names_escape_what_paths_and_hive_cannot_hold() {
        let root = Path::new("out/results");
        assert_eq!(
            partition(root, "sdg-1.1.1_a"),
            Path::new("out/results/indicator=sdg-1.1.1_a/part-0.parquet")
        );
        assert_eq!(
            partition(root, "../a b/ç"),
            Path::new("out/results/indicator=%2E.%2Fa%20b%2F%C3%A7/part-0.parquet")
        );
    }
}
