//! Parquet files through the parquet crate's column readers: row groups read in parallel, typed values mapped onto the table the CSV reader builds.
//!
//! Strings are text cells, integers, doubles and decimals are numbers (never a text round
//! trip), `DATE` and timestamp columns give the year a period or `date:` column needs (or
//! ISO text in a text column), nulls are blank cells. Diagnostics give a cell's position as
//! `row:column` (row 1 is the file's first row). Nested columns (lists, maps, structs) are
//! refused when the dataset needs them and skipped otherwise.

use std::fmt::Write as _;
use std::fs::File;
use std::path::Path;

use parquet::basic::{ConvertedType, LogicalType, TimeUnit, Type as Physical};
use parquet::column::reader::ColumnReader;
use parquet::data_type::{ByteArray, FixedLenByteArray, Int96};
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::schema::types::{ColumnDescriptor, Type};
use rayon::prelude::*;

use super::problems::Problems;
use super::table::{Builder, Cell, Layout, Locate, Slot, Table};
use super::{ReadError, ReadRequest};
use crate::diag::Diagnostic;
use crate::model::DatasetSpec;

/// Values decoded per call of a column reader.
const BATCH: usize = 64 * 1024;

/// The hint of a file that cannot be read as Parquet.
pub(crate) const DAMAGED: &str =
    "the file is not Parquet, or it is damaged: write it again, or save the table as CSV UTF-8";

/// A file's reader, or why it cannot be read: the cause, and whether the file itself (not
/// its opening) is at fault.
fn open_reader(path: &Path) -> Result<SerializedFileReader<File>, (String, bool)> {
    let file = File::open(path).map_err(|e| (e.to_string(), false))?;
    SerializedFileReader::new(file).map_err(|e| (e.to_string(), true))
}

fn open(path: &Path, display: &str) -> Result<SerializedFileReader<File>, ReadError> {
    open_reader(path).map_err(|(cause, damaged)| ReadError {
        message: format!("failed to read {display} ({cause})"),
        hint: damaged.then(|| DAMAGED.into()),
    })
}

/// The names of a file's top-level columns, from its footer alone.
pub(crate) fn header(path: &Path) -> Result<Vec<String>, String> {
    let reader = open_reader(path).map_err(|(cause, _)| cause)?;
    Ok(top_fields(&reader)
        .iter()
        .map(|f| f.name().trim().to_string())
        .collect())
}

fn top_fields(reader: &SerializedFileReader<File>) -> Vec<std::sync::Arc<Type>> {
    match reader
        .metadata()
        .file_metadata()
        .schema_descr()
        .root_schema()
    {
        Type::GroupType { fields, .. } => fields.clone(),
        Type::PrimitiveType { .. } => Vec::new(),
    }
}

/// How a column's values become cells.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    /// Text (STRING, ENUM, JSON or plain binary).
    Text,
    /// Signed or unsigned integers.
    Int { unsigned: bool },
    /// Floating point.
    Float,
    /// Decimal with this scale.
    Decimal(i32),
    /// Days since 1970-01-01.
    Date,
    /// A timestamp: units per second.
    Timestamp(i64),
    /// A legacy INT96 timestamp (Spark, Hive, Impala).
    Int96,
    /// true or false.
    Bool,
}

fn kind_of(c: &ColumnDescriptor) -> Result<Kind, String> {
    let logical = c.logical_type_ref();
    let converted = c.converted_type();
    let per_second = |u: &TimeUnit| match u {
        TimeUnit::MILLIS => 1_000,
        TimeUnit::MICROS => 1_000_000,
        _ => 1_000_000_000,
    };
    let decimal = match logical {
        Some(LogicalType::Decimal(d)) => Some(d.scale),
        _ if converted == ConvertedType::DECIMAL => Some(c.type_scale()),
        _ => None,
    };
    let unsupported = |what: &str| Err(format!("{what} values, which localis does not read"));
    if matches!(
        logical,
        Some(LogicalType::Time(_)) | Some(LogicalType::Float16)
    ) || matches!(
        converted,
        ConvertedType::TIME_MILLIS | ConvertedType::TIME_MICROS | ConvertedType::INTERVAL
    ) {
        return unsupported("time-of-day, interval or half-precision");
    }
    Ok(match c.physical_type() {
        Physical::BOOLEAN => Kind::Bool,
        Physical::FLOAT | Physical::DOUBLE => Kind::Float,
        Physical::INT96 => Kind::Int96,
        Physical::INT32 | Physical::INT64 => match (decimal, logical, converted) {
            (Some(s), _, _) => Kind::Decimal(s),
            (_, Some(LogicalType::Date), _) | (_, None, ConvertedType::DATE) => Kind::Date,
            (_, Some(LogicalType::Timestamp(_)), _) if c.physical_type() == Physical::INT32 => {
                return unsupported("32-bit timestamp");
            }
            (_, Some(LogicalType::Timestamp(t)), _) => Kind::Timestamp(per_second(&t.unit)),
            (_, None, ConvertedType::TIMESTAMP_MILLIS) => Kind::Timestamp(1_000),
            (_, None, ConvertedType::TIMESTAMP_MICROS) => Kind::Timestamp(1_000_000),
            (_, Some(LogicalType::Integer(i)), _) => Kind::Int {
                unsigned: !i.is_signed,
            },
            (_, None, ConvertedType::UINT_8 | ConvertedType::UINT_16)
            | (_, None, ConvertedType::UINT_32 | ConvertedType::UINT_64) => {
                Kind::Int { unsigned: true }
            }
            _ => Kind::Int { unsigned: false },
        },
        Physical::BYTE_ARRAY => match decimal {
            Some(s) => Kind::Decimal(s),
            None => Kind::Text,
        },
        Physical::FIXED_LEN_BYTE_ARRAY => match decimal {
            Some(s) => Kind::Decimal(s),
            None => return unsupported("fixed-length binary (such as UUID)"),
        },
    })
}

/// One column of one row group, decoded: its non-null values and, when the column may hold
/// nulls, the index of each row's value (`NULL` for a null).
struct Decoded {
    values: Values,
    index: Option<Vec<u32>>,
}

const NULL: u32 = u32::MAX;

enum Values {
    Bytes(Vec<ByteArray>),
    Fixed(Vec<FixedLenByteArray>),
    I32(Vec<i32>),
    I64(Vec<i64>),
    I96(Vec<Int96>),
    F32(Vec<f32>),
    F64(Vec<f64>),
    Bool(Vec<bool>),
}

impl Values {
    fn len(&self) -> usize {
        match self {
            Values::Bytes(v) => v.len(),
            Values::Fixed(v) => v.len(),
            Values::I32(v) => v.len(),
            Values::I64(v) => v.len(),
            Values::I96(v) => v.len(),
            Values::F32(v) => v.len(),
            Values::F64(v) => v.len(),
            Values::Bool(v) => v.len(),
        }
    }
}

/// A column of a row group ready for the builder, with the index of each row's value (`None`
/// when every row has one); `None` for a column the table does not need.
type PreparedColumn = Option<(Prepared, Option<Vec<u32>>)>;

/// A column's cells ready for the builder: text (read or formatted), numbers or years.
enum Prepared {
    Bytes(Vec<ByteArray>),
    Text { data: Vec<u8>, ends: Vec<usize> },
    Numbers(Vec<f64>),
    Years(Vec<i32>),
}

/// Reads every value of a column chunk.
fn decode(
    mut reader: ColumnReader,
    rows: usize,
    nullable: bool,
) -> parquet::errors::Result<Decoded> {
    let mut defs: Vec<i16> = Vec::with_capacity(if nullable { rows } else { 0 });
    macro_rules! read_all {
        ($r:expr, $variant:ident) => {{
            let mut values = Vec::with_capacity(rows);
            loop {
                let (records, _, _) =
                    $r.read_records(BATCH, nullable.then_some(&mut defs), None, &mut values)?;
                if records == 0 {
                    break;
                }
            }
            Values::$variant(values)
        }};
    }
    let values = match &mut reader {
        ColumnReader::BoolColumnReader(r) => read_all!(r, Bool),
        ColumnReader::Int32ColumnReader(r) => read_all!(r, I32),
        ColumnReader::Int64ColumnReader(r) => read_all!(r, I64),
        ColumnReader::Int96ColumnReader(r) => read_all!(r, I96),
        ColumnReader::FloatColumnReader(r) => read_all!(r, F32),
        ColumnReader::DoubleColumnReader(r) => read_all!(r, F64),
        ColumnReader::ByteArrayColumnReader(r) => read_all!(r, Bytes),
        ColumnReader::FixedLenByteArrayColumnReader(r) => read_all!(r, Fixed),
    };
    let index = nullable.then(|| {
        let mut next = 0u32;
        defs.iter()
            .map(|d| {
                if *d > 0 {
                    next += 1;
                    next - 1
                } else {
                    NULL
                }
            })
            .collect()
    });
    Ok(Decoded { values, index })
}

/// Year, month, day of a day count since 1970-01-01 (proleptic Gregorian calendar).
fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn year_of(days: i64) -> i32 {
    i32::try_from(civil(days).0).unwrap_or(i32::MAX)
}

/// A decimal's unscaled big-endian two's complement bytes as a number.
fn decimal_bytes(b: &[u8], scale: i32) -> f64 {
    if b.is_empty() || b.len() > 16 {
        return f64::NAN;
    }
    let mut v: i128 = if b[0] & 0x80 != 0 { -1 } else { 0 };
    for byte in b {
        v = (v << 8) | i128::from(*byte);
    }
    v as f64 / 10f64.powi(scale)
}

/// Turns decoded values into what the column's slot needs.
fn prepare(values: Values, kind: Kind, slot: Slot) -> Result<Prepared, String> {
    let wants_year = matches!(slot, Slot::Period | Slot::Date);
    let wants_text = matches!(slot, Slot::Text(_) | Slot::Place | Slot::Unnamed);
    let seconds_days = |v: i64, per: i64| v.div_euclid(per).div_euclid(86_400);
    Ok(match (values, kind) {
        (Values::Bytes(v), Kind::Text) => Prepared::Bytes(v),
        (Values::Bytes(v), Kind::Decimal(s)) => {
            numbers_or_text(v.iter().map(|b| decimal_bytes(b.data(), s)).collect(), slot)
        }
        (Values::Fixed(v), Kind::Decimal(s)) => {
            numbers_or_text(v.iter().map(|b| decimal_bytes(b.data(), s)).collect(), slot)
        }
        (Values::I32(v), Kind::Date) => dates(v.into_iter().map(i64::from), wants_year, wants_text),
        (Values::I64(v), Kind::Date) => dates(v.into_iter(), wants_year, wants_text),
        (Values::I64(v), Kind::Timestamp(per)) => timestamps(
            v.iter()
                .map(|t| (seconds_days(*t, per), t.rem_euclid(per * 86_400), per)),
            wants_year,
            wants_text,
        ),
        (Values::I96(v), _) => timestamps(
            v.iter().map(|t| {
                let n = t.to_nanos();
                (
                    seconds_days(n, 1_000_000_000),
                    n.rem_euclid(86_400_000_000_000),
                    1_000_000_000,
                )
            }),
            wants_year,
            wants_text,
        ),
        (Values::I32(v), Kind::Decimal(s)) => numbers_or_text(
            v.iter().map(|x| f64::from(*x) / 10f64.powi(s)).collect(),
            slot,
        ),
        (Values::I64(v), Kind::Decimal(s)) => {
            numbers_or_text(v.iter().map(|x| *x as f64 / 10f64.powi(s)).collect(), slot)
        }
        (Values::I32(v), Kind::Int { unsigned }) if wants_text => text(v.iter(), |out, x| {
            let _ = if unsigned {
                write!(out, "{}", *x as u32)
            } else {
                write!(out, "{x}")
            };
        }),
        (Values::I64(v), Kind::Int { unsigned }) if wants_text => text(v.iter(), |out, x| {
            let _ = if unsigned {
                write!(out, "{}", *x as u64)
            } else {
                write!(out, "{x}")
            };
        }),
        (Values::I32(v), Kind::Int { unsigned }) => Prepared::Numbers(
            v.iter()
                .map(|x| {
                    if unsigned {
                        f64::from(*x as u32)
                    } else {
                        f64::from(*x)
                    }
                })
                .collect(),
        ),
        (Values::I64(v), Kind::Int { unsigned }) => Prepared::Numbers(
            v.iter()
                .map(|x| {
                    if unsigned {
                        *x as u64 as f64
                    } else {
                        *x as f64
                    }
                })
                .collect(),
        ),
        (Values::F32(v), _) => numbers_or_text(v.iter().map(|x| f64::from(*x)).collect(), slot),
        (Values::F64(v), _) => numbers_or_text(v, slot),
        (Values::Bool(v), _) => text(v.iter(), |out, b| {
            out.extend_from_slice(if *b { b"true" } else { b"false" })
        }),
        // kinds follow the physical type (`kind_of`): nothing else is decoded
        _ => return Err("values of a type that does not match its annotation".into()),
    })
}

/// Formats values into one text buffer.
fn text<T>(values: impl Iterator<Item = T>, mut f: impl FnMut(&mut TextOut, T)) -> Prepared {
    let mut out = TextOut::default();
    for v in values {
        f(&mut out, v);
        out.ends.push(out.data.len());
    }
    Prepared::Text {
        data: out.data,
        ends: out.ends,
    }
}

#[derive(Default)]
struct TextOut {
    data: Vec<u8>,
    ends: Vec<usize>,
}

impl TextOut {
    fn extend_from_slice(&mut self, s: &[u8]) {
        self.data.extend_from_slice(s);
    }
}

impl std::fmt::Write for TextOut {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.data.extend_from_slice(s.as_bytes());
        Ok(())
    }
}

/// Numbers as they are, or as text (shortest form; whole numbers without a fraction) for a
/// text column.
fn numbers_or_text(v: Vec<f64>, slot: Slot) -> Prepared {
    if matches!(slot, Slot::Text(_) | Slot::Place | Slot::Unnamed) {
        text(v.iter(), |out, x| {
            let _ = if x.fract() == 0.0 && x.abs() < 1e15 {
                write!(out, "{}", *x as i64)
            } else {
                write!(out, "{x}")
            };
        })
    } else {
        Prepared::Numbers(v)
    }
}

fn dates(days: impl Iterator<Item = i64>, wants_year: bool, wants_text: bool) -> Prepared {
    if wants_text || !wants_year {
        text(days, |out, d| {
            let (y, m, day) = civil(d);
            let _ = write!(out, "{y:04}-{m:02}-{day:02}");
        })
    } else {
        Prepared::Years(days.map(year_of).collect())
    }
}

/// Timestamps given as (days since 1970-01-01, units into the day, units per second).
fn timestamps(
    t: impl Iterator<Item = (i64, i64, i64)>,
    wants_year: bool,
    wants_text: bool,
) -> Prepared {
    if wants_text || !wants_year {
        text(t, |out, (d, into, per)| {
            let (y, m, day) = civil(d);
            let secs = into / per;
            let _ = write!(
                out,
                "{y:04}-{m:02}-{day:02}T{:02}:{:02}:{:02}",
                secs / 3600,
                secs / 60 % 60,
                secs % 60
            );
            let frac = into % per;
            if frac != 0 {
                let digits = per.ilog10() as usize;
                let s = format!("{frac:0digits$}");
                let _ = write!(out, ".{}", s.trim_end_matches('0'));
            }
        })
    } else {
        Prepared::Years(t.map(|(d, _, _)| year_of(d)).collect())
    }
}

/// Where a Parquet cell is: its row (1 = the file's first row) and column.
struct ParquetAt {
    row: usize,
}

impl Locate for ParquetAt {
    fn line(&self) -> usize {
        self.row
    }

    fn column(&self, field: usize) -> usize {
        field + 1
    }

    fn cell_name(&self, _field: usize) -> Option<String> {
        None
    }
}

/// Reads a Parquet file into a table, its row groups in parallel.
pub(crate) fn read(
    path: &Path,
    display: &str,
    spec: &DatasetSpec,
    request: &ReadRequest,
) -> Result<(Table, Vec<Diagnostic>), ReadError> {
    let reader = open(path, display)?;
    let fields = top_fields(&reader);
    let header: Vec<String> = fields.iter().map(|f| f.name().trim().to_string()).collect();
    let format = super::NumberFormat::new(spec.decimal, spec.thousands, b',');
    let (layout, mut diags) = super::build_layout(&header, spec, request, format, display)?;
    // the leaf column of each top-level field the table needs, and how to read it
    let schema = reader.metadata().file_metadata().schema_descr_ptr();
    let mut columns: Vec<Option<(usize, Kind)>> = vec![None; header.len()];
    for (f, slot) in layout.slots.iter().enumerate() {
        if *slot == Slot::Skip {
            continue;
        }
        let name = &header[f];
        let leaves: Vec<usize> = (0..schema.num_columns())
            .filter(|leaf| schema.get_column_root_idx(*leaf) == f)
            .collect();
        let nested = fields[f].is_group() || leaves.len() != 1;
        let leaf = match leaves.first() {
            Some(l) if !nested && schema.column(*l).max_rep_level() == 0 => *l,
            _ => {
                return Err(ReadError {
                    message: format!(
                        "failed to read {display} (column `{name}` holds nested values: a list, map or struct)"
                    ),
                    hint: Some("write it as plain columns of text, numbers or dates, or leave it out of the indicators and `columns:` of this dataset".into()),
                });
            }
        };
        let kind = kind_of(&schema.column(leaf)).map_err(|cause| ReadError {
            message: format!("failed to read {display} (column `{name}` holds {cause})"),
            hint: Some("write the column as text, numbers, dates or timestamps".into()),
        })?;
        columns[f] = Some((leaf, kind));
    }
    let groups = reader.num_row_groups();
    let starts: Vec<usize> = reader
        .metadata()
        .row_groups()
        .iter()
        .scan(0usize, |at, g| {
            let start = *at;
            *at += usize::try_from(g.num_rows()).unwrap_or(0);
            Some(start)
        })
        .collect();
    let failed = |e: parquet::errors::ParquetError| ReadError {
        message: format!("failed to read {display} ({e})"),
        hint: Some(DAMAGED.into()),
    };
    // each row group with a reader of its own (a file handle's position is not shared)
    let parts: Vec<Result<(Table, Problems), ReadError>> = (0..groups)
        .into_par_iter()
        .map(|g| {
            let own = open(path, display)?;
            let group = own.get_row_group(g).map_err(failed)?;
            let rows = usize::try_from(group.metadata().num_rows()).unwrap_or(0);
            let mut prepared: Vec<PreparedColumn> = Vec::new();
            for (f, col) in columns.iter().enumerate() {
                let Some((leaf, kind)) = col else {
                    prepared.push(None);
                    continue;
                };
                let nullable = schema.column(*leaf).max_def_level() > 0;
                let decoded =
                    decode(group.get_column_reader(*leaf).map_err(failed)?, rows, nullable)
                        .map_err(failed)?;
                let values_len = match &decoded.index {
                    Some(i) => i.len(),
                    None => decoded.values.len(),
                };
                if values_len != rows {
                    return Err(ReadError {
                        message: format!(
                            "failed to read {display} (column `{}` has {values_len} values in row group {g} of {rows} rows)",
                            header[f]
                        ),
                        hint: Some(DAMAGED.into()),
                    });
                }
                let p = prepare(decoded.values, *kind, layout.slots[f]).map_err(|cause| ReadError {
                    message: format!("failed to read {display} (column `{}` holds {cause})", header[f]),
                    hint: Some(DAMAGED.into()),
                })?;
                prepared.push(Some((p, decoded.index)));
            }
            Ok(build(&layout, &prepared, rows))
        })
        .collect();
    let mut table: Option<Table> = None;
    let mut problems = Problems::default();
    for (part, start) in parts.into_iter().zip(starts) {
        let (mut part, p) = part?;
        if start > 0 {
            let offset = u32::try_from(start).unwrap_or(u32::MAX);
            for r in &mut part.row {
                *r = r.saturating_add(offset);
            }
        }
        problems.append(p, start);
        match &mut table {
            None => table = Some(part),
            Some(t) => t.append(part),
        }
    }
    diags.extend(problems.into_diagnostics(display, &layout.header));
    Ok((table.unwrap_or_default(), diags))
}

/// Builds one row group's table part from its prepared columns.
fn build(layout: &Layout, prepared: &[PreparedColumn], rows: usize) -> (Table, Problems) {
    let mut builder = Builder::new(layout, rows);
    let width = layout.slots.len();
    // each row's cells looked up once (the builder reads a cell up to three times)
    let mut cells: Vec<Cell<'_>> = Vec::with_capacity(width);
    for r in 0..rows {
        let lookup = |f: usize| -> Cell<'_> {
            let Some(Some((values, index))) = prepared.get(f) else {
                return Cell::Empty;
            };
            let i = match index {
                Some(index) => match index.get(r) {
                    Some(&NULL) | None => return Cell::Empty,
                    Some(i) => *i as usize,
                },
                None => r,
            };
            match values {
                Prepared::Bytes(v) => v.get(i).map_or(Cell::Empty, |b| Cell::Bytes(b.data())),
                Prepared::Text { data, ends } => {
                    let start = if i == 0 {
                        0
                    } else {
                        ends.get(i - 1).copied().unwrap_or(0)
                    };
                    ends.get(i)
                        .and_then(|end| data.get(start..*end))
                        .map_or(Cell::Empty, Cell::Bytes)
                }
                Prepared::Numbers(v) => v.get(i).map_or(Cell::Empty, |x| Cell::Number(*x)),
                Prepared::Years(v) => v.get(i).map_or(Cell::Empty, |y| Cell::DateYear(*y)),
            }
        };
        cells.clear();
        cells.extend((0..width).map(lookup));
        let at = ParquetAt { row: r + 1 };
        let row = &cells;
        builder.push(
            r as u32 + 1,
            width,
            |f| row.get(f).copied().unwrap_or(Cell::Empty),
            &at,
        );
    }
    builder.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_become_calendar_dates() {
        assert_eq!(civil(0), (1970, 1, 1));
        assert_eq!(civil(-1), (1969, 12, 31));
        assert_eq!(civil(18_628), (2021, 1, 1));
        assert_eq!(civil(11_016), (2000, 2, 29));
        assert_eq!(year_of(-719_162), 1);
    }

    #[test]
    fn decimals_read_signed_big_endian_bytes() {
        assert_eq!(decimal_bytes(&[0x04, 0xD2], 2), 12.34);
        assert_eq!(decimal_bytes(&[0xFB, 0x2E], 2), -12.34);
        assert!(decimal_bytes(&[], 0).is_nan());
    }
}
