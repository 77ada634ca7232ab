//! Dataset declarations resolved to files, their column headers (read cheaply for checks), and
//! whole tables read robustly (CSV in national formats, XLSX, Parquet) for evaluation.

mod csv_file;
pub mod number;
mod parquet_file;
mod problems;
pub mod table;
mod xlsx_file;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diag::{Diagnostic, FileId};
use crate::load::confine::{self, DataRoots, Refusal};
use crate::load::display_path;
use crate::model::{DatasetKind, DatasetSpec};
use crate::yaml::{Node, Step};

pub use number::NumberFormat;
pub use table::{BLANK, NumberColumn, Table, TextColumn};

/// A declared dataset resolved to its files.
#[derive(Debug, Clone)]
pub struct DatasetFiles {
    /// The dataset id computations use.
    pub id: String,
    /// Index of the declaration in the project's `datasets` list.
    pub spec_index: usize,
    /// The files (one for a plain path; several when an id is given with a glob).
    pub files: Vec<PathBuf>,
}

/// Expands the project's dataset declarations into datasets with their files.
/// Dataset files must be regular files inside the project folder or a folder `data_roots`
/// names (links are followed, and judged by where they lead).
pub fn resolve_datasets(
    root: &Path,
    specs: &[DatasetSpec],
    data_roots: &[String],
    project_file: FileId,
    project_node: &Node,
) -> (Vec<DatasetFiles>, Vec<Diagnostic>) {
    let mut out: Vec<DatasetFiles> = Vec::new();
    let mut diags = Vec::new();
    let (roots, problems) = DataRoots::new(root, data_roots);
    for (i, message) in problems {
        diags.push(
            Diagnostic::error("bad-data-root", message)
                .at(
                    project_file,
                    project_node.span_at(&[Step::from("data-roots"), Step::Index(i)]),
                )
                .hint("data roots are folders, relative to the folder of localis.yaml"),
        );
    }
    for (i, spec) in specs.iter().enumerate() {
        let at = |key: &str| {
            project_node.span_at(&[Step::from("datasets"), Step::Index(i), Step::from(key)])
        };
        let is_glob = spec.path.contains(['*', '?', '[']);
        let files = if is_glob {
            match glob_files(root, &spec.path) {
                Ok(f) => f,
                Err(e) => {
                    diags.push(
                        Diagnostic::error(
                            "bad-path",
                            format!("failed to use the pattern `{}` ({e})", spec.path),
                        )
                        .at(project_file, at("path")),
                    );
                    continue;
                }
            }
        } else {
            vec![root.join(&spec.path)]
        };
        // refuse pipes, devices and folders (reading them would block or fail) and files
        // outside the project and its data roots, each with its reason
        let mut refused = false;
        let files: Vec<PathBuf> = files
            .into_iter()
            .filter(|f| match roots.check_file(f) {
                Ok(()) => true,
                Err(Refusal::Missing) if !is_glob => false,
                Err(reason) => {
                    refused = true;
                    let shown = display_path(root, f);
                    diags.push(
                        Diagnostic::error(
                            match reason {
                                Refusal::Outside { .. } => "outside-project",
                                _ => "not-a-file",
                            },
                            format!("failed to use dataset file `{shown}` ({})", reason.cause()),
                        )
                        .at(project_file, at("path"))
                        .hint(reason.hint()),
                    );
                    false
                }
            })
            .collect();
        if refused && files.is_empty() {
            continue;
        }
        if files.is_empty() {
            diags.push(
                Diagnostic::error(
                    "missing-file",
                    format!("failed to find dataset file `{}`", spec.path),
                )
                .at(project_file, at("path"))
                .hint("paths are relative to the folder of localis.yaml"),
            );
            continue;
        }
        let ext_ok = files.iter().all(|f| is_dataset_file(f));
        if !ext_ok {
            diags.push(
                Diagnostic::error(
                    "unsupported-format",
                    format!(
                        "failed to read `{}` (only .csv, .xlsx and .parquet files are supported)",
                        spec.path
                    ),
                )
                .at(project_file, at("path"))
                .hint("save the table as CSV (UTF-8), XLSX or Parquet"),
            );
            continue;
        }
        match (&spec.id, is_glob) {
            (Some(id), _) => out.push(DatasetFiles {
                id: id.clone(),
                spec_index: i,
                files,
            }),
            (None, _) => {
                for f in files {
                    out.push(DatasetFiles {
                        id: f
                            .file_stem()
                            .map(|s| s.to_string_lossy().to_string())
                            .unwrap_or_default(),
                        spec_index: i,
                        files: vec![f],
                    });
                }
            }
        }
    }
    let mut seen: std::collections::BTreeMap<String, usize> = Default::default();
    for d in &out {
        if let Some(first) = seen.insert(d.id.clone(), d.spec_index) {
            let span = project_node.span_at(&[Step::from("datasets"), Step::Index(d.spec_index)]);
            let first_span = project_node.span_at(&[Step::from("datasets"), Step::Index(first)]);
            diags.push(
                Diagnostic::error(
                    "duplicate-id",
                    format!("dataset id `{}` is used twice", d.id),
                )
                .at(project_file, span)
                .related(project_file, first_span, "first used here")
                .hint("give one of them another `id`"),
            );
        }
    }
    (out, diags)
}

/// Whether a file is read as a dataset (CSV, a spreadsheet or Parquet, by its extension).
pub fn is_dataset_file(p: &Path) -> bool {
    matches!(
        p.extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref(),
        Some("csv" | "xlsx" | "xlsm" | "xls" | "ods" | "parquet")
    )
}

/// The hint for a dataset file whose header cannot be read.
pub fn unreadable_hint(p: &Path) -> &'static str {
    if is_parquet(p) {
        parquet_file::DAMAGED
    } else {
        "save the table as UTF-8 CSV or as XLSX"
    }
}

/// Whether a file is read as Parquet (by its extension).
pub fn is_parquet(p: &Path) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("parquet"))
}

fn glob_files(root: &Path, pattern: &str) -> Result<Vec<PathBuf>, globset::Error> {
    let matcher = globset::GlobBuilder::new(pattern)
        .literal_separator(true)
        .build()?
        .compile_matcher();
    let base: PathBuf = pattern
        .split('/')
        .take_while(|part| !part.contains(['*', '?', '[']))
        .collect();
    let mut found = Vec::new();
    confine::walk(&root.join(&base), &mut |p| {
        if let Ok(rel) = p.strip_prefix(root) {
            let rel = rel.to_string_lossy().replace('\\', "/");
            if matcher.is_match(&rel) {
                found.push(p.to_path_buf());
            }
        }
    });
    found.sort();
    Ok(found)
}

/// The default column names of the Open SDG convention and what they mean.
pub mod columns {
    /// Period.
    pub const YEAR: &str = "Year";
    /// Place.
    pub const GEOCODE: &str = "GeoCode";
    /// Value.
    pub const VALUE: &str = "Value";
    /// Units.
    pub const UNITS: &str = "Units";
    /// Series.
    pub const SERIES: &str = "Series";
    /// Observation status.
    pub const STATUS: &str = "Observation status";
    /// Unit multiplier.
    pub const UNIT_MULTIPLIER: &str = "Unit multiplier";
    /// Unit measure.
    pub const UNIT_MEASURE: &str = "Unit measure";
    /// Comment.
    pub const COMMENT: &str = "COMMENT_OBS";
    /// Value used for progress assessment only.
    pub const PROGRESS: &str = "Progress";
}

/// Reads the header row of a dataset's first file (for checks of column references).
pub fn read_headers(path: &Path, spec: &DatasetSpec) -> Result<Vec<String>, String> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if matches!(ext.as_deref(), Some("xlsx" | "xlsm" | "xls" | "ods")) {
        return read_xlsx_headers(path, spec);
    }
    if is_parquet(path) {
        return parquet_file::header(path);
    }
    let head = read_head(path).map_err(|e| e.to_string())?;
    let head: &[u8] = head.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&head);
    let first_line = std::str::from_utf8(csv_file::first_line(head))
        .map_err(|e| format!("the header is not UTF-8 text: {e}"))?;
    let delimiter = spec
        .delimiter
        .unwrap_or_else(|| detect_delimiter(first_line));
    let (header, _, _) = csv_file::header(head, delimiter as u8)?;
    Ok(header)
}

/// The start of a file: enough bytes to hold its header row (the first line, or more when a
/// quoted name spans lines), without reading a data file of gigabytes.
fn read_head(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let mut buf = Vec::new();
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        let n = file.read(&mut chunk)?;
        buf.extend_from_slice(&chunk[..n]);
        let quotes_even = memchr::memchr_iter(b'"', &buf).count().is_multiple_of(2);
        if n == 0 || (quotes_even && memchr::memchr(b'\n', &buf).is_some()) {
            return Ok(buf);
        }
    }
}

/// Picks `;` when a header line has more semicolons than commas (European CSV), else `,`.
pub fn detect_delimiter(header: &str) -> char {
    let semis = header.matches(';').count();
    let commas = header.matches(',').count();
    let tabs = header.matches('\t').count();
    if tabs > semis && tabs > commas {
        '\t'
    } else if semis > commas {
        ';'
    } else {
        ','
    }
}

fn read_xlsx_headers(path: &Path, spec: &DatasetSpec) -> Result<Vec<String>, String> {
    match xlsx_file::open(path, spec.sheet.as_deref(), spec.range.as_deref()) {
        Ok(sheet) => Ok(sheet.header),
        Err(e) => Err(match e.hint {
            Some(h) => format!("{}; {h}", e.message),
            None => e.message,
        }),
    }
}

/// Parses a cell range such as `B3:F200` into zero-based (row, column) corners.
pub fn parse_range(r: &str) -> Option<((u32, u32), (u32, u32))> {
    let (a, b) = r.split_once(':')?;
    Some((parse_cell(a)?, parse_cell(b)?))
}

fn parse_cell(c: &str) -> Option<(u32, u32)> {
    let letters: String = c
        .chars()
        .take_while(|ch| ch.is_ascii_alphabetic())
        .collect();
    let digits = &c[letters.len()..];
    if letters.is_empty() || digits.is_empty() {
        return None;
    }
    let col = letters
        .to_ascii_uppercase()
        .bytes()
        .fold(0u32, |acc, b| acc * 26 + u32::from(b - b'A' + 1));
    let row: u32 = digits.parse().ok()?;
    Some((row.checked_sub(1)?, col - 1))
}

/// The columns of a dataset that play a fixed role, by the spec's mapping or the Open SDG names.
pub fn role_columns(spec: &DatasetSpec) -> Vec<String> {
    let c = &spec.columns;
    let mut v = vec![
        c.period.clone().unwrap_or_else(|| columns::YEAR.into()),
        c.place.clone().unwrap_or_else(|| columns::GEOCODE.into()),
        c.value.clone().unwrap_or_else(|| columns::VALUE.into()),
        c.units.clone().unwrap_or_else(|| columns::UNITS.into()),
        c.series.clone().unwrap_or_else(|| columns::SERIES.into()),
        c.status.clone().unwrap_or_else(|| columns::STATUS.into()),
        c.comment.clone().unwrap_or_else(|| columns::COMMENT.into()),
        c.progress
            .clone()
            .unwrap_or_else(|| columns::PROGRESS.into()),
        columns::UNIT_MULTIPLIER.into(),
        columns::UNIT_MEASURE.into(),
    ];
    if let Some(d) = &c.date {
        v.push(d.clone());
    }
    if spec.kind == DatasetKind::Records {
        v.retain(|x| x != columns::VALUE);
    }
    v
}

/// Why a dataset file could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ReadError {
    /// What went wrong.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
}

/// Which columns of a dataset the evaluation needs, beyond the period, place and value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadRequest {
    /// Columns read as numbers (besides the value and progress columns).
    pub numbers: BTreeSet<String>,
    /// Text columns to keep; `None` keeps every column without another role.
    pub texts: Option<BTreeSet<String>>,
}

/// A data file to read, with its index in the run's list of files and its display path.
#[derive(Debug, Clone)]
pub struct FileToRead {
    /// Index in the run's list of files (provenance points at it).
    pub index: u32,
    /// Where it is.
    pub path: PathBuf,
    /// Its path relative to the project, as diagnostics and provenance show it.
    pub display: String,
}

/// The names of the columns with a role in a dataset, by the spec's mapping or the Open SDG names.
#[derive(Debug, Clone)]
struct Roles {
    period: String,
    date: Option<String>,
    place: String,
    value: Option<String>,
    progress: String,
    units: String,
    series: String,
    status: String,
    comment: String,
}

impl Roles {
    fn of(spec: &DatasetSpec) -> Roles {
        let c = &spec.columns;
        Roles {
            period: c.period.clone().unwrap_or_else(|| columns::YEAR.into()),
            date: c.date.clone(),
            place: c.place.clone().unwrap_or_else(|| columns::GEOCODE.into()),
            value: match (&c.value, spec.kind) {
                (Some(v), _) => Some(v.clone()),
                (None, DatasetKind::Records) => None,
                (None, _) => Some(columns::VALUE.into()),
            },
            progress: c
                .progress
                .clone()
                .unwrap_or_else(|| columns::PROGRESS.into()),
            units: c.units.clone().unwrap_or_else(|| columns::UNITS.into()),
            series: c.series.clone().unwrap_or_else(|| columns::SERIES.into()),
            status: c.status.clone().unwrap_or_else(|| columns::STATUS.into()),
            comment: c.comment.clone().unwrap_or_else(|| columns::COMMENT.into()),
        }
    }

    /// Text columns that describe values rather than disaggregate them.
    fn is_descriptive(&self, name: &str) -> bool {
        name == self.units
            || name == self.series
            || name == self.status
            || name == self.comment
            || name == columns::UNIT_MULTIPLIER
            || name == columns::UNIT_MEASURE
    }
}

fn build_layout(
    header: &[String],
    spec: &DatasetSpec,
    request: &ReadRequest,
    format: NumberFormat,
    path: &str,
) -> Result<(table::Layout, Vec<Diagnostic>), ReadError> {
    use table::Slot;
    let roles = Roles::of(spec);
    let mut slots = Vec::with_capacity(header.len());
    let mut numbers: Vec<String> = Vec::new();
    let mut texts: Vec<String> = Vec::new();
    let mut warnings = Vec::new();
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    let mut has_period = false;
    for (i, name) in header.iter().enumerate() {
        if name.is_empty() {
            slots.push(Slot::Unnamed);
            continue;
        }
        if !seen.insert(name.as_str()) {
            warnings.push(
                Diagnostic::warning(
                    "duplicate-column",
                    format!("column `{name}` appears twice in {path}; the second one (column {}) is ignored", i + 1),
                )
                .at_position(path, 1, 1)
                .hint("rename one of the columns"),
            );
            slots.push(Slot::Skip);
            continue;
        }
        let is_number = roles.value.as_deref() == Some(name.as_str())
            || *name == roles.progress
            || request.numbers.contains(name);
        let slot = if roles.date.as_deref() == Some(name.as_str()) {
            has_period = true;
            Slot::Date
        } else if roles.date.is_none() && *name == roles.period {
            has_period = true;
            Slot::Period
        } else if *name == roles.place {
            Slot::Place
        } else if is_number {
            numbers.push(name.clone());
            Slot::Number(numbers.len() - 1)
        } else if request.texts.as_ref().is_none_or(|t| t.contains(name)) {
            texts.push(name.clone());
            Slot::Text(texts.len() - 1)
        } else {
            Slot::Skip
        };
        slots.push(slot);
    }
    if !has_period {
        let wanted = roles.date.as_deref().unwrap_or(&roles.period);
        return Err(ReadError {
            message: format!("{path} has no `{wanted}` column"),
            hint: Some(match crate::yaml::closest(wanted, header.iter().map(String::as_str)) {
                Some(b) => format!("did you mean `{b}`? name the period column with `columns: {{period: ...}}`"),
                None => "name the period column with `columns: {period: ...}`, or `date:` for records".into(),
            }),
        });
    }
    let period_field = slots.iter().enumerate().find_map(|(i, s)| match s {
        Slot::Period => Some((i, false)),
        Slot::Date => Some((i, true)),
        _ => None,
    });
    Ok((
        table::Layout {
            header: header.to_vec(),
            slots,
            numbers,
            texts,
            has_period,
            period_field,
            format,
        },
        warnings,
    ))
}

fn read_file(
    file: &FileToRead,
    spec: &DatasetSpec,
    request: &ReadRequest,
) -> Result<(Table, Vec<Diagnostic>), ReadError> {
    let ext = file
        .path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let display = file.display.as_str();
    if matches!(ext.as_deref(), Some("xlsx" | "xlsm" | "xls" | "ods")) {
        let sheet = xlsx_file::open(&file.path, spec.sheet.as_deref(), spec.range.as_deref())?;
        let format = NumberFormat::new(spec.decimal, spec.thousands, b',');
        let (layout, mut diags) = build_layout(&sheet.header, spec, request, format, display)?;
        let (table, problems) = xlsx_file::parse(&sheet, &layout);
        diags.extend(problems.into_diagnostics(display, &layout.header));
        return Ok((table, diags));
    }
    if is_parquet(&file.path) {
        return parquet_file::read(&file.path, display, spec, request);
    }
    // taken out (not borrowed) so that a nested read on this thread, when rayon runs another
    // file while this one is parsed in parts, simply gets a buffer of its own
    let mut buffer = READ_BUFFER.take();
    let result = read_csv_file(file, spec, request, &mut buffer);
    if buffer.capacity() <= KEPT_BUFFER_BYTES {
        READ_BUFFER.set(buffer);
    }
    result
}

/// Buffers larger than this are not kept between files.
const KEPT_BUFFER_BYTES: usize = 64 << 20;

thread_local! {
    /// The bytes of the CSV file a thread reads, kept for its next file: reading into memory
    /// already mapped spares the page faults of a fresh buffer per file.
    static READ_BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

fn read_csv_file(
    file: &FileToRead,
    spec: &DatasetSpec,
    request: &ReadRequest,
    buffer: &mut Vec<u8>,
) -> Result<(Table, Vec<Diagnostic>), ReadError> {
    use std::io::Read;
    let display = file.display.as_str();
    buffer.clear();
    std::fs::File::open(&file.path)
        .and_then(|mut f| f.read_to_end(buffer))
        .map_err(|e| ReadError {
            message: format!("failed to read {display} ({e})"),
            hint: None,
        })?;
    let bytes: &[u8] = buffer;
    let text: &[u8] = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let delimiter = match spec.delimiter {
        Some(c) if c.is_ascii() => c as u8,
        Some(c) => {
            return Err(ReadError {
                message: format!("`{c}` cannot be a delimiter"),
                hint: Some("use `,`, `;` or a tab".into()),
            });
        }
        None => detect_delimiter(&String::from_utf8_lossy(csv_file::first_line(text))) as u8,
    };
    let (header, body_start, header_lines) =
        csv_file::header(text, delimiter).map_err(|e| ReadError {
            message: format!("failed to read the header of {display} ({e})"),
            hint: Some("the first row must name the columns".into()),
        })?;
    let format = NumberFormat::new(spec.decimal, spec.thousands, delimiter);
    let (layout, mut diags) = build_layout(&header, spec, request, format, display)?;
    let body = &text[body_start.min(text.len())..];
    let (table, problems) = csv_file::parse_body(body, delimiter, &layout, header_lines);
    diags.extend(problems.into_diagnostics(display, &layout.header));
    Ok((table, diags))
}

/// A file read into a table with its diagnostics, or why it could not be read.
type FileRead = Result<(Table, Vec<Diagnostic>), ReadError>;

/// Reads every file of a dataset into one table; rows that cannot be read become diagnostics
/// at `file:line:column` (never a panic, never a silently dropped row).
pub fn read_table(
    id: &str,
    spec: &DatasetSpec,
    files: &[FileToRead],
    request: &ReadRequest,
    default_place: &str,
) -> (Table, Vec<Diagnostic>) {
    let parts: Vec<(u32, FileRead)> = files
        .par_iter()
        .map(|f| (f.index, read_file(f, spec, request)))
        .collect();
    let mut table = Table::default();
    let mut diags = Vec::new();
    let mut first = true;
    for ((index, part), file) in parts.into_iter().zip(files) {
        match part {
            Ok((mut t, d)) => {
                diags.extend(d);
                t.segments = vec![(0, index)];
                if first {
                    table = t;
                    first = false;
                } else {
                    table.append(t);
                }
            }
            Err(e) => diags.push(
                Diagnostic::error("unreadable-file", e.message)
                    .in_path(&file.display)
                    .maybe_hint(e.hint),
            ),
        }
    }
    let roles = Roles::of(spec);
    table.id = id.to_string();
    table.kind = spec.kind;
    table.place.name = roles.place.clone();
    if table.place.labels.is_empty() {
        table.place.labels.push(String::new());
    }
    table.period.name = roles.date.clone().unwrap_or_else(|| roles.period.clone());
    table.default_place = default_place.to_string();
    table.rank_places();
    table.value = roles.value.as_deref().and_then(|v| table.number_column(v));
    table.progress = table.number_column(&roles.progress);
    table.units = table.text_column(&roles.units);
    table.status = table.text_column(&roles.status);
    table.comment = table.text_column(&roles.comment);
    table.dimensions = match (&spec.columns.dimensions, spec.kind) {
        (Some(dims), _) => dims.iter().filter_map(|d| table.text_column(d)).collect(),
        (None, DatasetKind::Records) => Vec::new(),
        (None, _) => (0..table.text.len())
            .filter(|i| !roles.is_descriptive(&table.text[*i].name))
            .collect(),
    };
    (table, diags)
}

/// A place list: GeoCode and name of every place of a national run.
pub fn read_places(
    path: &Path,
    display: &str,
    geocode_column: &str,
    name_column: &str,
) -> Result<Vec<(String, Option<String>)>, ReadError> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if let Some(ext @ ("parquet" | "xlsx" | "xlsm" | "xls" | "ods")) = ext.as_deref() {
        return Err(ReadError {
            message: format!(
                "failed to read the places of {display} (a place list is read from CSV, not from .{ext})"
            ),
            hint: Some("save the place list (GeoCode and name) as UTF-8 CSV".into()),
        });
    }
    let bytes = std::fs::read(path).map_err(|e| ReadError {
        message: format!("failed to read {display} ({e})"),
        hint: None,
    })?;
    let text: &[u8] = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&bytes);
    let delimiter = detect_delimiter(&String::from_utf8_lossy(csv_file::first_line(text))) as u8;
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text);
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| ReadError {
            message: format!("failed to read the header of {display} ({e})"),
            hint: None,
        })?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let geo = header
        .iter()
        .position(|h| h == geocode_column)
        .ok_or_else(|| ReadError {
            message: format!("{display} has no `{geocode_column}` column"),
            hint: crate::yaml::closest(geocode_column, header.iter().map(String::as_str))
                .map(|b| format!("did you mean `{b}`? set `geocode-column`")),
        })?;
    let name = header.iter().position(|h| h == name_column);
    let mut out = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| ReadError {
            message: format!("failed to read {display} ({e})"),
            hint: Some("save the file as CSV UTF-8".into()),
        })?;
        let code = record.get(geo).unwrap_or("").trim();
        if code.is_empty() {
            continue;
        }
        let n = name
            .and_then(|i| record.get(i))
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty());
        out.push((code.to_string(), n));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_cell_ranges() {
        assert_eq!(parse_range("A1:C10"), Some(((0, 0), (9, 2))));
        assert_eq!(parse_range("AA3:AB4"), Some(((2, 26), (3, 27))));
        assert_eq!(parse_range("A0:B1"), None);
        assert_eq!(parse_range("nonsense"), None);
    }

    fn spec(yaml: &str) -> DatasetSpec {
        crate::yaml::from_node(&crate::yaml::parse(yaml).unwrap()).unwrap()
    }

    /// Rows, problems (line:column code) and (year, row, sex, value bits) of each row.
    type Parsed = (usize, Vec<String>, Vec<(i32, u32, String, u64)>);

    /// A text parsed in parts of `size` bytes.
    fn parse_in_parts(text: &[u8], size: usize) -> Parsed {
        let spec = spec("path: x.csv");
        let (header, start, lines) = csv_file::header(text, b',').unwrap();
        let format = NumberFormat::new(None, None, b',');
        let (layout, _) =
            build_layout(&header, &spec, &ReadRequest::default(), format, "x.csv").unwrap();
        let (t, problems) =
            csv_file::parse_body_in_parts(&text[start..], b',', &layout, lines, size);
        let diags = problems.into_diagnostics("x.csv", &header);
        let shown = diags
            .iter()
            .map(|d| {
                format!(
                    "{}:{} {}",
                    d.position.unwrap().0,
                    d.position.unwrap().1,
                    d.code
                )
            })
            .collect();
        let sex = t.text_column("Sex").unwrap();
        let rows = (0..t.len())
            .map(|i| {
                (
                    t.year[i],
                    t.row[i],
                    t.text[sex].label(t.text[sex].codes[i]).to_string(),
                    t.numbers[t.number_column("Value").unwrap()].values[i].to_bits(),
                )
            })
            .collect();
        (t.len(), shown, rows)
    }

    #[test]
    fn parallel_parts_give_the_same_table_and_positions() {
        let mut text = String::from("Year,Sex,Value\r\n");
        for i in 0..300 {
            match i % 50 {
                7 => text.push_str("2015,\"Fe\nmale\",x\r\n"),
                13 => text.push_str("20x5,,1\r\n"),
                21 => text.push_str("2016,\"Male, old\",\"1,234.5\"\r\n"),
                _ => text.push_str(&format!("{},,{}.25\r\n", 2000 + i % 20, i)),
            }
        }
        let whole = parse_in_parts(text.as_bytes(), 1 << 30);
        for size in [64, 100, 333, 1000] {
            let parts = parse_in_parts(text.as_bytes(), size);
            assert_eq!(parts.1, whole.1, "positions with parts of {size} bytes");
            assert!(parts == whole, "table with parts of {size} bytes");
        }
        // positions are lines of the file: row i is on line i + 2, plus one for each quoted
        // line break before it; `x` of row 7 is on the line after its row starts, column 7
        assert_eq!(&whole.1[..2], ["10:7 bad-number", "16:1 bad-period"]);
        assert_eq!(whole.0, 294);
    }

    #[test]
    fn detects_delimiters() {
        assert_eq!(detect_delimiter("Year;Sex;Value"), ';');
        assert_eq!(detect_delimiter("Year,Sex,Value"), ',');
    }

    mod differential {
        //! The CSV fast path against the csv crate: any table the csv crate writes (quotes,
        //! delimiters, quotes and line breaks inside fields, CRLF) reads back to the same
        //! rows and fields, whole or cut into parallel parts.
        use super::*;
        use proptest::prelude::*;

        fn field() -> impl Strategy<Value = String> {
            "[a-z0-9 ,;\"\n\r\t.]{0,12}"
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(300))]

            #[test]
            fn reads_what_the_csv_crate_writes(
                rows in proptest::collection::vec((2000i32..2030, field(), field()), 1..40),
                semicolon in any::<bool>(),
                crlf in any::<bool>(),
                part in 16usize..200,
            ) {
                let delimiter = if semicolon { b';' } else { b',' };
                let mut writer = csv::WriterBuilder::new()
                    .delimiter(delimiter)
                    .terminator(if crlf { csv::Terminator::CRLF } else { csv::Terminator::Any(b'\n') })
                    .from_writer(Vec::new());
                writer.write_record(["Year", "A", "B"]).unwrap();
                for (year, a, b) in &rows {
                    writer.write_record([year.to_string().as_str(), a, b]).unwrap();
                }
                let text = writer.into_inner().unwrap();
                // what the csv crate reads back
                let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).from_reader(&text[..]);
                let expected: Vec<(i32, String, String)> = reader
                    .records()
                    .map(|r| {
                        let r = r.unwrap();
                        (r[0].parse().unwrap(), r[1].trim().to_string(), r[2].trim().to_string())
                    })
                    .collect();
                // what the fast path reads
                let spec = spec("path: x.csv");
                let (header, start, lines) = csv_file::header(&text, delimiter).unwrap();
                prop_assert_eq!(&header, &["Year", "A", "B"]);
                let format = NumberFormat::new(None, None, delimiter);
                let (layout, _) =
                    build_layout(&header, &spec, &ReadRequest::default(), format, "x.csv").unwrap();
                let (t, problems) =
                    csv_file::parse_body_in_parts(&text[start..], delimiter, &layout, lines, part);
                prop_assert!(problems.items.is_empty(), "{:?}", problems.items);
                let label = |name: &str, i: usize| {
                    let c = &t.text[t.text_column(name).unwrap()];
                    let code = c.codes[i];
                    if code == BLANK { String::new() } else { c.label(code).trim().to_string() }
                };
                let got: Vec<(i32, String, String)> =
                    (0..t.len()).map(|i| (t.year[i], label("A", i), label("B", i))).collect();
                prop_assert_eq!(got, expected);
            }
        }
    }
}
