//! XLSX (and other spreadsheet) workbooks via calamine: a sheet and a range named in the project.

use std::path::Path;

use calamine::{Data, Reader, Sheets, open_workbook_auto};

use super::problems::{Problem, Problems};
use super::table::{Builder, Cell, Layout, Locate, Table};
use super::{ReadError, parse_range};

/// How many cells with a value a sheet may hold. Cells are read one by one and kept sparse,
/// so memory follows the cells in the file, never the area they span; this bounds a
/// decompression bomb.
const MAX_CELLS: usize = 50_000_000;

/// How many cells outside the table are named one by one (the rest are counted).
const STRAY_SHOWN: usize = 5;

/// A workbook's table: its header and its data rows, with the sheet position of the first cell.
pub(crate) struct Sheet {
    /// The header row.
    pub header: Vec<String>,
    /// The data rows present (rows without any cell are absent): zero-based sheet row and its
    /// cells as (zero-based column from the table's first column, value), in column order.
    rows: Vec<(u32, Vec<(u32, Data)>)>,
    /// Zero-based sheet row and column of the header's first cell.
    origin: (u32, u32),
    name: String,
    /// Cells with a value outside the table's columns (to the right or left of its header
    /// row), zero-based (row, column), in sheet order.
    stray: Vec<(u32, u32)>,
    /// How many stray cells there are in all.
    stray_count: usize,
}

/// Opens the sheet and range a dataset names, reading its cells one by one.
pub(crate) fn open(
    path: &Path,
    sheet: Option<&str>,
    range: Option<&str>,
) -> Result<Sheet, ReadError> {
    let mut wb = open_workbook_auto(path).map_err(|e| ReadError {
        message: format!("failed to open the workbook ({e})"),
        hint: Some("save it again as .xlsx, or export the sheet as CSV UTF-8".into()),
    })?;
    let names = wb.sheet_names();
    let name = match sheet {
        Some(s) => {
            if !names.iter().any(|n| n == s) {
                let hint = match crate::yaml::closest(s, names.iter().map(String::as_str)) {
                    Some(b) => format!("did you mean `{b}`?"),
                    None => format!(
                        "its sheets are {}",
                        names
                            .iter()
                            .map(|n| format!("`{n}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                };
                return Err(ReadError {
                    message: format!("the workbook has no sheet `{s}`"),
                    hint: Some(hint),
                });
            }
            s.to_string()
        }
        None => names.first().cloned().ok_or_else(|| ReadError {
            message: "the workbook has no sheets".into(),
            hint: None,
        })?,
    };
    let bounds = match range {
        Some(r) => Some(parse_range(r).ok_or_else(|| ReadError {
            message: format!("`{r}` is not a cell range"),
            hint: Some("write ranges such as `A3:F200`".into()),
        })?),
        None => None,
    };
    let cells = read_cells(&mut wb, &name, bounds)?;
    Ok(table_of(cells, bounds, name))
}

/// The cells with a value of a sheet (within `bounds` when given), as (row, column, value)
/// sorted by row then column. XLSX and XLSB sheets are streamed cell by cell: a stray cell
/// at XFD1048576 costs one cell, not the 17 billion between it and A1. XLS and ODS sheets
/// come as calamine reads them (their formats bound the area: 65,536 x 256 cells for XLS).
fn read_cells(
    wb: &mut Sheets<std::io::BufReader<std::fs::File>>,
    name: &str,
    bounds: Option<((u32, u32), (u32, u32))>,
) -> Result<Vec<(u32, u32, Data)>, ReadError> {
    let inside = |(r, c): (u32, u32)| {
        bounds.is_none_or(|((r0, c0), (r1, c1))| r0 <= r && r <= r1 && c0 <= c && c <= c1)
    };
    let failed = |e: &dyn std::fmt::Display| ReadError {
        message: format!("failed to read sheet `{name}` ({e})"),
        hint: None,
    };
    let too_many = || ReadError {
        message: format!("sheet `{name}` holds more than {MAX_CELLS} cells"),
        hint: Some("export the table as CSV UTF-8, or split it".into()),
    };
    let mut cells: Vec<(u32, u32, Data)> = Vec::new();
    macro_rules! stream {
        ($reader:expr) => {{
            let mut reader = $reader.map_err(|e| failed(&e))?;
            while let Some(cell) = reader.next_cell().map_err(|e| failed(&e))? {
                let pos = cell.get_position();
                let value = Data::from(cell.get_value().clone());
                if value != Data::Empty && inside(pos) {
                    if cells.len() >= MAX_CELLS {
                        return Err(too_many());
                    }
                    cells.push((pos.0, pos.1, value));
                }
            }
        }};
    }
    match wb {
        Sheets::Xlsx(x) => stream!(x.worksheet_cells_reader(name)),
        Sheets::Xlsb(x) => stream!(x.worksheet_cells_reader(name)),
        other => {
            let whole = other.worksheet_range(name).map_err(|e| failed(&e))?;
            for (r, c, v) in whole.used_cells() {
                let start = whole.start().unwrap_or((0, 0));
                let pos = (start.0 + r as u32, start.1 + c as u32);
                if inside(pos) {
                    cells.push((pos.0, pos.1, v.clone()));
                }
            }
        }
    }
    cells.sort_by_key(|(r, c, _)| (*r, *c));
    Ok(cells)
}

/// The table in a sheet's cells: with a range, its first row is the header and its columns
/// the table's; without, the first row with a value is the header, and the table's columns
/// run from the leftmost cell of the sheet to the last cell of the header row. Cells outside
/// those columns are stray: reported, never read, never allocated for.
fn table_of(
    cells: Vec<(u32, u32, Data)>,
    bounds: Option<((u32, u32), (u32, u32))>,
    name: String,
) -> Sheet {
    let (origin, last_col) = match bounds {
        Some((start, end)) => (start, end.1),
        None => {
            let first_row = cells.first().map_or(0, |c| c.0);
            let first_col = cells.iter().map(|c| c.1).min().unwrap_or(0);
            let last_header_col = cells
                .iter()
                .take_while(|c| c.0 == first_row)
                .map(|c| c.1)
                .max()
                .unwrap_or(first_col);
            ((first_row, first_col), last_header_col)
        }
    };
    let width = (last_col - origin.1) as usize + 1;
    let mut header = vec![String::new(); width];
    let mut rows: Vec<(u32, Vec<(u32, Data)>)> = Vec::new();
    let mut stray = Vec::new();
    let mut stray_count = 0;
    for (r, c, v) in cells {
        if c < origin.1 || c > last_col {
            stray_count += 1;
            if stray.len() < STRAY_SHOWN {
                stray.push((r, c));
            }
            continue;
        }
        let col = c - origin.1;
        if r == origin.0 {
            header[col as usize] = v.to_string().trim().to_string();
            continue;
        }
        match rows.last_mut() {
            Some((row, values)) if *row == r => values.push((col, v)),
            _ => rows.push((r, vec![(col, v)])),
        }
    }
    Sheet {
        header,
        rows,
        origin,
        name,
        stray,
        stray_count,
    }
}

struct XlsxAt<'a> {
    sheet_row: usize,
    first_col: usize,
    sheet: &'a str,
}

fn column_letters(mut col: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

impl Locate for XlsxAt<'_> {
    fn line(&self) -> usize {
        self.sheet_row
    }

    fn column(&self, field: usize) -> usize {
        self.first_col + field + 1
    }

    fn cell_name(&self, field: usize) -> Option<String> {
        Some(format!(
            "{}{} of sheet `{}`",
            column_letters(self.first_col + field),
            self.sheet_row,
            self.sheet
        ))
    }
}

/// Reads the data rows of a sheet into a table; cells outside the table are reported.
pub(crate) fn parse(sheet: &Sheet, layout: &Layout) -> (Table, Problems) {
    let mut builder = Builder::new(layout, sheet.rows.len());
    let width = sheet.header.len();
    let empty = Data::Empty;
    for (sheet_row, values) in &sheet.rows {
        let k = sheet_row - sheet.origin.0;
        let at = XlsxAt {
            sheet_row: *sheet_row as usize + 1,
            first_col: sheet.origin.1 as usize,
            sheet: &sheet.name,
        };
        let lookup = |i: usize| match values.binary_search_by_key(&(i as u32), |(c, _)| *c) {
            Ok(j) => cell(&values[j].1),
            Err(_) => cell(&empty),
        };
        builder.push(k, width, lookup, &at);
    }
    let (table, mut problems) = builder.finish();
    for (n, (row, col)) in sheet.stray.iter().enumerate() {
        let reference = format!("{}{}", column_letters(*col as usize), row + 1);
        let more = if n + 1 == sheet.stray.len() && sheet.stray_count > sheet.stray.len() {
            format!(
                " ({} more cells outside the table are ignored too)",
                sheet.stray_count - sheet.stray.len()
            )
        } else {
            String::new()
        };
        problems.push(Problem {
            line: *row as usize + 1,
            column: *col as usize + 1,
            ..Problem::warning(
                "outside-table",
                format!(
                    "cell {reference} of sheet `{}` lies outside the table (columns {} to {}, those of its header row {}); its value is ignored{more}",
                    sheet.name,
                    column_letters(sheet.origin.1 as usize),
                    column_letters(sheet.origin.1 as usize + sheet.header.len() - 1),
                    sheet.origin.0 + 1,
                ),
                Some("delete the stray value, or set `range:` to the table's cells, such as `A1:F200`".into()),
            )
        });
    }
    (table, problems)
}

fn cell(d: &Data) -> Cell<'_> {
    match d {
        Data::Empty => Cell::Empty,
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::String(s) => Cell::Bytes(s.as_bytes()),
        Data::Bool(true) => Cell::Bytes(b"true"),
        Data::Bool(false) => Cell::Bytes(b"false"),
        Data::DateTime(dt) => Cell::DateYear(i32::from(dt.to_ymd_hms_milli().0)),
        Data::DateTimeIso(s) => Cell::Bytes(s.as_bytes()),
        Data::DurationIso(s) => Cell::Bytes(s.as_bytes()),
        Data::Error(e) => Cell::Error(match e {
            calamine::CellErrorType::Div0 => "#DIV/0!",
            calamine::CellErrorType::NA => "#N/A",
            calamine::CellErrorType::Name => "#NAME?",
            calamine::CellErrorType::Null => "#NULL!",
            calamine::CellErrorType::Num => "#NUM!",
            calamine::CellErrorType::Ref => "#REF!",
            calamine::CellErrorType::Value => "#VALUE!",
            calamine::CellErrorType::GettingData => "#GETTING_DATA",
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_columns_like_spreadsheets() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(27), "AB");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }
}
