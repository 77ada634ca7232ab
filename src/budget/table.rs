//! Budget tables read from CSV or XLSX into text cells that know where they are, so that every problem points at its cell.
//!
//! Budget tables are small (a city's budget has hundreds or thousands of lines), so a CSV file
//! is registered whole in [`Sources`](crate::diag::Sources) and diagnostics show the offending
//! cell underlined with its line and column. XLSX cells are named by sheet and cell reference.
//! This reader is kept behind [`read_table`] so that it can be switched to the shared dataset
//! reader of the evaluation stage once that offers cell positions.

use std::ops::Range;
use std::path::Path;

use crate::diag::{Diagnostic, FileId, Sources};
use crate::load::dataset::number::{self, NumberError, NumberFormat};
use crate::load::dataset::{detect_delimiter, parse_range};
use crate::model::DatasetSpec;

/// Where a cell is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum CellLocation {
    /// A byte range in a registered CSV file.
    Span(Range<usize>),
    /// A zero-based row and column of a worksheet.
    Sheet {
        /// Row, zero-based, in the worksheet.
        row: u32,
        /// Column, zero-based.
        column: u32,
    },
}

/// A cell's content: text from CSV, or what a worksheet holds.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    /// Nothing.
    Empty,
    /// Text, as written.
    Text(String),
    /// A number stored as a number (XLSX).
    Number(f64),
}

impl Cell {
    /// The text of the cell, trimmed (numbers written as they would be typed).
    pub(crate) fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.trim().to_string(),
            Cell::Number(n) => format!("{n}"),
        }
    }

    /// Whether the cell is empty or blank.
    pub(crate) fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            Cell::Number(_) => false,
        }
    }
}

/// One data row of a table.
#[derive(Debug, Clone)]
pub(crate) struct Row {
    /// Data row number, 1 for the first row after the header (as in provenance).
    pub number: u32,
    /// The cells, one per header column (missing trailing cells are empty).
    pub cells: Vec<Cell>,
    /// Where each cell is (for missing trailing cells: the end of the row).
    pub locations: Vec<CellLocation>,
}

/// A table read from a dataset file.
#[derive(Debug, Clone)]
pub(crate) struct Table {
    /// The dataset id.
    pub dataset: String,
    /// The file, relative to the project.
    pub file_name: String,
    /// The registered source file (CSV).
    pub file: Option<FileId>,
    /// The worksheet (XLSX).
    pub sheet: Option<String>,
    /// Column names, trimmed.
    pub headers: Vec<String>,
    /// Where each header is.
    pub header_locations: Vec<CellLocation>,
    /// The data rows.
    pub rows: Vec<Row>,
    /// How numbers are written (the dataset reader's format: declared separators, else by
    /// the delimiter).
    pub numbers: NumberFormat,
}

impl Table {
    /// Points a diagnostic at a cell.
    pub(crate) fn at(&self, d: Diagnostic, location: &CellLocation) -> Diagnostic {
        match (location, self.file) {
            (CellLocation::Span(span), Some(file)) => d.at(file, span.clone()),
            (CellLocation::Sheet { row, column }, _) => {
                let cell = cell_name(*row, *column);
                let sheet = self.sheet.as_deref().unwrap_or("");
                let mut d = d.in_path(&self.file_name);
                d.message = format!("{} (sheet `{sheet}`, cell {cell})", d.message);
                d
            }
            _ => d.in_path(&self.file_name),
        }
    }

    /// Points a diagnostic at a cell of a row.
    pub(crate) fn at_cell(&self, d: Diagnostic, row: &Row, column: usize) -> Diagnostic {
        match row.locations.get(column) {
            Some(l) => self.at(d, l),
            None => d.in_path(&self.file_name),
        }
    }

    /// Points a diagnostic at the header of a column.
    pub(crate) fn at_header(&self, d: Diagnostic, column: usize) -> Diagnostic {
        match self.header_locations.get(column) {
            Some(l) => self.at(d, l),
            None => d.in_path(&self.file_name),
        }
    }

    /// Points a diagnostic at the first row of the table (the header).
    pub(crate) fn at_table(&self, d: Diagnostic) -> Diagnostic {
        match self.header_locations.first() {
            Some(l) => self.at(d, l),
            None => d.in_path(&self.file_name),
        }
    }
}

/// `A1`-style name of a zero-based worksheet cell.
pub(crate) fn cell_name(row: u32, column: u32) -> String {
    let mut letters = Vec::new();
    let mut c = column + 1;
    while c > 0 {
        let rem = (c - 1) % 26;
        letters.push(b'A' + rem as u8);
        c = (c - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", String::from_utf8_lossy(&letters), row + 1)
}

/// Why a cell is not a number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum NumberProblem {
    /// Not a number at all.
    NotANumber,
    /// Separators that do not fit the format (such as `12,5` when the decimal separator is `.`).
    Separators,
    /// A unit or currency written in the cell.
    Unit,
}

impl NumberProblem {
    /// A hint for the fix.
    pub(crate) fn hint(&self, format: NumberFormat) -> String {
        match self {
            NumberProblem::NotANumber => {
                "write a number, such as `1250000.50`; leave the cell blank when there is no amount (never `-` for zero)".into()
            }
            NumberProblem::Separators => format!(
                "the decimal separator of this table is `{}`; declare `decimal:` and `thousands:` for the dataset in localis.yaml if it uses others",
                char::from(format.decimal)
            ),
            NumberProblem::Unit => {
                "write the number without its unit or currency (the currency is `budget: {currency: ...}`)".into()
            }
        }
    }
}

/// Parses a number cell with the dataset reader's parser ([`number::parse_number`]), under
/// the budget's stricter rules: `Ok(None)` for a blank cell only (no value, never zero); a
/// word, a unit or a "no data" marker such as `..` or `n/a` is a problem, since an amount a
/// budget leaves out is left blank.
pub(crate) fn parse_number(
    cell: &Cell,
    format: NumberFormat,
) -> Result<Option<f64>, NumberProblem> {
    let text = match cell {
        Cell::Empty => return Ok(None),
        Cell::Number(n) => return Ok(Some(*n)),
        Cell::Text(t) => t,
    };
    let s = text.trim_matches(|c: char| c.is_whitespace() || c == '\u{a0}');
    if s.is_empty() {
        return Ok(None);
    }
    let body = s
        .strip_prefix('-')
        .unwrap_or_else(|| s.strip_prefix('+').unwrap_or(s));
    if body.is_empty() {
        return Err(NumberProblem::NotANumber);
    }
    let unit_chars = |c: char| matches!(c, '%' | '$' | '€' | '£') || c.is_alphabetic();
    if body.chars().any(unit_chars) {
        let numeric = body.chars().any(|c| c.is_ascii_digit());
        return Err(if numeric {
            NumberProblem::Unit
        } else {
            NumberProblem::NotANumber
        });
    }
    match number::parse_number(s.as_bytes(), format) {
        Ok(Some(v)) => Ok(Some(v)),
        // `..` or `:`, which published tables write for "no data"
        Ok(None) => Err(NumberProblem::NotANumber),
        Err(NumberError::Separators) => Err(NumberProblem::Separators),
        Err(NumberError::Unit) => Err(NumberProblem::Unit),
        Err(NumberError::NotANumber) => Err(NumberProblem::NotANumber),
    }
}

/// Parses a year cell: `2023`, `2023.0` (from a worksheet) or a range such as `2023-24`
/// (its first year).
pub(crate) fn parse_year(cell: &Cell) -> Option<i32> {
    match cell {
        Cell::Number(n) if n.fract() == 0.0 && (1000.0..=9999.0).contains(n) => Some(*n as i32),
        Cell::Text(t) => {
            let t = t.trim();
            let first = t.split(['-', '/']).next().unwrap_or(t).trim();
            (first.len() == 4 && first.chars().all(|c| c.is_ascii_digit()))
                .then(|| first.parse().ok())
                .flatten()
        }
        _ => None,
    }
}

/// Why a table could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum TableError {
    /// The file could not be read.
    #[error("failed to read {file} ({cause})")]
    Unreadable {
        /// The file.
        file: String,
        /// The cause.
        cause: String,
    },
}

/// Reads a dataset file into a table; CSV text is registered in `sources` for diagnostics.
pub(crate) fn read_table(
    dataset: &str,
    path: &Path,
    file_name: &str,
    spec: &DatasetSpec,
    sources: &mut Sources,
) -> Result<Table, TableError> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if matches!(ext.as_deref(), Some("xlsx" | "xlsm" | "xls" | "ods")) {
        return read_sheet(dataset, path, file_name, spec);
    }
    let unreadable = |cause: String| TableError::Unreadable {
        file: file_name.to_string(),
        cause,
    };
    let bytes = std::fs::read(path).map_err(|e| unreadable(e.to_string()))?;
    let text = String::from_utf8(bytes)
        .map_err(|e| unreadable(format!("the file is not UTF-8 text: {e}")))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text).to_string();
    let file = match sources.find(file_name) {
        Some(f) if sources.text(f) == text => f,
        _ => sources.add(file_name, text.clone()),
    };
    read_csv_text(dataset, &text, file, file_name, spec).map_err(unreadable)
}

fn read_csv_text(
    dataset: &str,
    text: &str,
    file: FileId,
    file_name: &str,
    spec: &DatasetSpec,
) -> Result<Table, String> {
    let first_line = text.lines().next().unwrap_or("");
    let delimiter = spec
        .delimiter
        .unwrap_or_else(|| detect_delimiter(first_line));
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter as u8)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut headers = Vec::new();
    let mut header_locations = Vec::new();
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    let mut number = 0u32;
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(e.to_string()),
        }
        let start = record.position().map_or(0, |p| p.byte() as usize);
        let spans = field_spans(text, start, delimiter as u8, record.len());
        if headers.is_empty() && number == 0 {
            headers = record.iter().map(|s| s.trim().to_string()).collect();
            header_locations = spans.into_iter().map(CellLocation::Span).collect();
            number = 1;
            continue;
        }
        if record.iter().all(|c| c.trim().is_empty()) {
            number += 1;
            continue;
        }
        let end = spans.last().map_or(start, |s| s.end);
        let mut cells: Vec<Cell> = record.iter().map(|s| Cell::Text(s.to_string())).collect();
        let mut locations: Vec<CellLocation> = spans.into_iter().map(CellLocation::Span).collect();
        while cells.len() < headers.len() {
            cells.push(Cell::Empty);
            locations.push(CellLocation::Span(end..end));
        }
        rows.push(Row {
            number,
            cells,
            locations,
        });
        number += 1;
    }
    Ok(Table {
        dataset: dataset.to_string(),
        file_name: file_name.to_string(),
        file: Some(file),
        sheet: None,
        headers,
        header_locations,
        rows,
        numbers: NumberFormat::new(spec.decimal, spec.thousands, delimiter as u8),
    })
}

/// Byte ranges of the fields of the CSV record starting at `start` (quotes included).
fn field_spans(text: &str, start: usize, delimiter: u8, fields: usize) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut spans = Vec::with_capacity(fields);
    let mut i = start;
    // the reader's position of a record may be that of the blank lines before it
    while i < bytes.len() && (bytes[i] == b'\n' || bytes[i] == b'\r') {
        i += 1;
    }
    while spans.len() < fields {
        let field_start = i;
        if i < bytes.len() && bytes[i] == b'"' {
            i += 1;
            while i < bytes.len() {
                if bytes[i] == b'"' {
                    if i + 1 < bytes.len() && bytes[i + 1] == b'"' {
                        i += 2;
                        continue;
                    }
                    i += 1;
                    break;
                }
                i += 1;
            }
        }
        while i < bytes.len() && bytes[i] != delimiter && bytes[i] != b'\n' && bytes[i] != b'\r' {
            i += 1;
        }
        spans.push(field_start..i);
        if i < bytes.len() && bytes[i] == delimiter {
            i += 1;
        } else {
            // end of the record: the remaining fields (if any) are empty, at the end
            while spans.len() < fields {
                spans.push(i..i);
            }
        }
    }
    spans
}

fn read_sheet(
    dataset: &str,
    path: &Path,
    file_name: &str,
    spec: &DatasetSpec,
) -> Result<Table, TableError> {
    use calamine::{Data, Reader, open_workbook_auto};
    let unreadable = |cause: String| TableError::Unreadable {
        file: file_name.to_string(),
        cause,
    };
    let mut wb = open_workbook_auto(path).map_err(|e| unreadable(e.to_string()))?;
    let sheet = match &spec.sheet {
        Some(s) => s.clone(),
        None => wb
            .sheet_names()
            .first()
            .cloned()
            .ok_or_else(|| unreadable("the workbook has no sheets".into()))?,
    };
    let range = wb
        .worksheet_range(&sheet)
        .map_err(|e| unreadable(format!("sheet `{sheet}`: {e}")))?;
    let range = match &spec.range {
        Some(r) => {
            let (start, end) = parse_range(r)
                .ok_or_else(|| unreadable(format!("`{r}` is not a cell range such as A1:F200")))?;
            range.range(start, end)
        }
        None => range,
    };
    let (top, left) = range.start().unwrap_or((0, 0));
    let mut rows_iter = range.rows();
    let Some(header_row) = rows_iter.next() else {
        return Ok(Table {
            dataset: dataset.to_string(),
            file_name: file_name.to_string(),
            file: None,
            sheet: Some(sheet),
            headers: Vec::new(),
            header_locations: Vec::new(),
            rows: Vec::new(),
            numbers: NumberFormat::new(spec.decimal, spec.thousands, b','),
        });
    };
    let headers: Vec<String> = header_row
        .iter()
        .map(|c| c.to_string().trim().to_string())
        .collect();
    let header_locations = (0..headers.len() as u32)
        .map(|c| CellLocation::Sheet {
            row: top,
            column: left + c,
        })
        .collect();
    let mut rows = Vec::new();
    for (i, r) in rows_iter.enumerate() {
        let cells: Vec<Cell> = r
            .iter()
            .map(|c| match c {
                Data::Empty => Cell::Empty,
                Data::Float(f) => Cell::Number(*f),
                Data::Int(n) => Cell::Number(*n as f64),
                Data::Bool(b) => Cell::Text(b.to_string()),
                other => Cell::Text(other.to_string()),
            })
            .collect();
        if cells.iter().all(Cell::is_blank) {
            continue;
        }
        let sheet_row = top + 1 + i as u32;
        rows.push(Row {
            number: i as u32 + 1,
            locations: (0..cells.len() as u32)
                .map(|c| CellLocation::Sheet {
                    row: sheet_row,
                    column: left + c,
                })
                .collect(),
            cells,
        });
    }
    Ok(Table {
        dataset: dataset.to_string(),
        file_name: file_name.to_string(),
        file: None,
        sheet: Some(sheet),
        headers,
        header_locations,
        rows,
        numbers: NumberFormat::new(spec.decimal, spec.thousands, b','),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(decimal: char, thousands: Option<char>) -> NumberFormat {
        NumberFormat::new(Some(decimal), thousands, b',')
    }

    fn num(s: &str, f: NumberFormat) -> Result<Option<f64>, NumberProblem> {
        parse_number(&Cell::Text(s.into()), f)
    }

    #[test]
    fn numbers_in_national_formats() {
        let en = fmt('.', None);
        let de = fmt(',', None);
        assert_eq!(num("1250000.5", en), Ok(Some(1_250_000.5)));
        assert_eq!(num("1,250,000.5", en), Ok(Some(1_250_000.5)));
        assert_eq!(num("1.250.000,5", de), Ok(Some(1_250_000.5)));
        assert_eq!(num("-300", en), Ok(Some(-300.0)));
        assert_eq!(num("  ", en), Ok(None));
        assert_eq!(
            num("1 250 000,5", fmt(',', Some(' '))),
            Ok(Some(1_250_000.5))
        );
        assert_eq!(num("12,5", en), Err(NumberProblem::Separators));
        assert_eq!(num("1.2.3", en), Err(NumberProblem::Separators));
        assert_eq!(num("-", en), Err(NumberProblem::NotANumber));
        assert_eq!(num("n/a", en), Err(NumberProblem::NotANumber));
        assert_eq!(num("€ 300", en), Err(NumberProblem::Unit));
        assert_eq!(num("12%", en), Err(NumberProblem::Unit));
        assert_eq!(parse_number(&Cell::Number(3.5), en), Ok(Some(3.5)));
        // the dataset reader's rules: declared separators in groups of three, and a "no data"
        // marker is no amount (a budget leaves the cell blank)
        assert_eq!(num("1.250.000", fmt(',', Some('.'))), Ok(Some(1_250_000.0)));
        assert_eq!(
            num("12.50.000", fmt(',', Some('.'))),
            Err(NumberProblem::Separators)
        );
        assert_eq!(num("+7", en), Ok(Some(7.0)));
        assert_eq!(num("..", en), Err(NumberProblem::NotANumber));
        assert_eq!(num("1e3", en), Err(NumberProblem::Unit));
    }

    #[test]
    fn years() {
        assert_eq!(parse_year(&Cell::Text("2023".into())), Some(2023));
        assert_eq!(parse_year(&Cell::Text("2023-24".into())), Some(2023));
        assert_eq!(parse_year(&Cell::Number(2023.0)), Some(2023));
        assert_eq!(parse_year(&Cell::Number(2023.5)), None);
        assert_eq!(parse_year(&Cell::Text("23".into())), None);
        assert_eq!(parse_year(&Cell::Text("next year".into())), None);
    }

    #[test]
    fn csv_cells_know_their_byte_ranges() {
        let text = "Year;Rights;Approved\n2023;\"a; b\";1.000,5\n\n2024;;7\n";
        let mut sources = Sources::default();
        let file = sources.add("b.csv", text);
        let spec: DatasetSpec =
            crate::yaml::from_node(&crate::yaml::parse("path: b.csv").unwrap()).unwrap();
        let t = read_csv_text("b", text, file, "b.csv", &spec).unwrap();
        assert_eq!(t.headers, ["Year", "Rights", "Approved"]);
        assert_eq!(t.numbers.decimal, b',');
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].number, 1);
        // blank lines are not rows (the csv reader skips them)
        assert_eq!(t.rows[1].number, 2);
        let span = |r: usize, c: usize| match &t.rows[r].locations[c] {
            CellLocation::Span(s) => &text[s.clone()],
            _ => unreachable!(),
        };
        assert_eq!(span(0, 1), "\"a; b\"");
        assert_eq!(span(0, 2), "1.000,5");
        assert_eq!(span(1, 1), "");
        assert_eq!(span(1, 2), "7");
        assert_eq!(
            parse_number(&t.rows[0].cells[2], t.numbers),
            Ok(Some(1000.5))
        );
    }

    #[test]
    fn short_rows_are_padded_with_empty_cells() {
        let text = "Year,Department,Approved\n2023,housing\n";
        let mut sources = Sources::default();
        let file = sources.add("b.csv", text);
        let spec: DatasetSpec =
            crate::yaml::from_node(&crate::yaml::parse("path: b.csv").unwrap()).unwrap();
        let t = read_csv_text("b", text, file, "b.csv", &spec).unwrap();
        assert_eq!(t.rows[0].cells.len(), 3);
        assert!(t.rows[0].cells[2].is_blank());
    }

    #[test]
    fn cell_names() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(6, 3), "D7");
        assert_eq!(cell_name(0, 26), "AA1");
    }
}
