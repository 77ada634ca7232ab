//! XLSX (and other spreadsheet) workbooks via calamine: a sheet and a range named in the project.

use std::path::Path;

use calamine::{Data, Reader, open_workbook_auto};

use super::problems::Problems;
use super::table::{Builder, Cell, Layout, Locate, Table};
use super::{ReadError, parse_range};

/// A workbook's table: its header and its data rows, with the sheet position of the first cell.
pub(crate) struct Sheet {
    /// The header row.
    pub header: Vec<String>,
    rows: calamine::Range<Data>,
    /// Zero-based sheet row and column of the header's first cell.
    origin: (u32, u32),
    name: String,
}

/// Opens the sheet and range a dataset names.
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
    let whole = wb.worksheet_range(&name).map_err(|e| ReadError {
        message: format!("failed to read sheet `{name}` ({e})"),
        hint: None,
    })?;
    let (rows, origin) = match range {
        Some(r) => {
            let (start, end) = parse_range(r).ok_or_else(|| ReadError {
                message: format!("`{r}` is not a cell range"),
                hint: Some("write ranges such as `A3:F200`".into()),
            })?;
            (whole.range(start, end), start)
        }
        None => {
            let origin = whole.start().unwrap_or((0, 0));
            (whole, origin)
        }
    };
    let header = rows
        .rows()
        .next()
        .map(|r| r.iter().map(|c| c.to_string().trim().to_string()).collect())
        .unwrap_or_default();
    Ok(Sheet {
        header,
        rows,
        origin,
        name,
    })
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

/// Reads the data rows of a sheet into a table.
pub(crate) fn parse(sheet: &Sheet, layout: &Layout) -> (Table, Problems) {
    let mut builder = Builder::new(layout, sheet.rows.height());
    for (k, row) in sheet.rows.rows().enumerate().skip(1) {
        let at = XlsxAt {
            sheet_row: sheet.origin.0 as usize + k + 1,
            first_col: sheet.origin.1 as usize,
            sheet: &sheet.name,
        };
        builder.push(k as u32, row.len(), |i| cell(&row[i]), &at);
    }
    builder.finish()
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
