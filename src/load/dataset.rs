//! Dataset declarations resolved to files, and their column headers (read cheaply for checks).

use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, FileId};
use crate::model::{DatasetKind, DatasetSpec};
use crate::yaml::{Node, Step};

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
pub fn resolve_datasets(
    root: &Path,
    specs: &[DatasetSpec],
    project_file: FileId,
    project_node: &Node,
) -> (Vec<DatasetFiles>, Vec<Diagnostic>) {
    let mut out: Vec<DatasetFiles> = Vec::new();
    let mut diags = Vec::new();
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
            let p = root.join(&spec.path);
            if p.is_file() { vec![p] } else { Vec::new() }
        };
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
        let ext_ok = files.iter().all(|f| is_supported(f));
        if !ext_ok {
            diags.push(
                Diagnostic::error(
                    "unsupported-format",
                    format!(
                        "failed to read `{}` (only .csv and .xlsx files are supported)",
                        spec.path
                    ),
                )
                .at(project_file, at("path"))
                .hint("save the table as CSV (UTF-8) or XLSX"),
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

fn is_supported(p: &Path) -> bool {
    matches!(
        p.extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref(),
        Some("csv" | "xlsx" | "xlsm" | "xls" | "ods")
    )
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
    walk(&root.join(&base), &mut |p| {
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

fn walk(dir: &Path, f: &mut dyn FnMut(&Path)) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            walk(&p, f);
        } else {
            f(&p);
        }
    }
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
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    let text =
        std::str::from_utf8(&bytes).map_err(|e| format!("the file is not UTF-8 text: {e}"))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_line = text.lines().next().unwrap_or("");
    let delimiter = spec
        .delimiter
        .unwrap_or_else(|| detect_delimiter(first_line));
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter as u8)
        .has_headers(false)
        .from_reader(first_line.as_bytes());
    let mut record = csv::StringRecord::new();
    reader.read_record(&mut record).map_err(|e| e.to_string())?;
    Ok(record.iter().map(|s| s.trim().to_string()).collect())
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
    use calamine::{Reader, open_workbook_auto};
    let mut wb = open_workbook_auto(path).map_err(|e| e.to_string())?;
    let sheet = match &spec.sheet {
        Some(s) => s.clone(),
        None => wb
            .sheet_names()
            .first()
            .cloned()
            .ok_or("the workbook has no sheets")?,
    };
    let range = wb
        .worksheet_range(&sheet)
        .map_err(|e| format!("sheet `{sheet}`: {e}"))?;
    let range = match &spec.range {
        Some(r) => {
            let (start, end) = parse_range(r)
                .ok_or_else(|| format!("`{r}` is not a cell range such as A1:F200"))?;
            range.range(start, end)
        }
        None => range,
    };
    let Some(row) = range.rows().next() else {
        return Ok(Vec::new());
    };
    Ok(row
        .iter()
        .map(|c| c.to_string().trim().to_string())
        .collect())
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

    #[test]
    fn detects_delimiters() {
        assert_eq!(detect_delimiter("Year;Sex;Value"), ';');
        assert_eq!(detect_delimiter("Year,Sex,Value"), ',');
    }
}
