//! A dataset read into columns: periods, places, numbers and interned text, with the row each value came from.

use rustc_hash::FxHashMap;

use crate::model::DatasetKind;

use super::number::{self, NumberError, NumberFormat};
use super::problems::{Problem, Problems};

/// The code of a blank text cell in every [`TextColumn`].
pub const BLANK: u32 = 0;

/// A text column stored as codes into its distinct labels; code [`BLANK`] is the blank cell.
#[derive(Debug, Clone, Default)]
pub struct TextColumn {
    /// Column name as in the header.
    pub name: String,
    /// One code per row.
    pub codes: Vec<u32>,
    /// Distinct labels; `labels[0]` is `""`.
    pub labels: Vec<String>,
}

impl TextColumn {
    /// The label of a code.
    pub fn label(&self, code: u32) -> &str {
        self.labels
            .get(code as usize)
            .map(String::as_str)
            .unwrap_or("")
    }

    /// The code of a label, if it occurs in the column (`""` is always [`BLANK`]).
    pub fn code_of(&self, label: &str) -> Option<u32> {
        self.labels
            .iter()
            .position(|l| l == label)
            .map(|i| i as u32)
    }
}

/// A numeric column; `NaN` marks a blank cell (no data, never zero).
#[derive(Debug, Clone, Default)]
pub struct NumberColumn {
    /// Column name as in the header.
    pub name: String,
    /// One value per row.
    pub values: Vec<f64>,
}

/// A dataset in memory, column by column. Every row keeps its data-row number and file so
/// that every value can be traced back to where it was read.
#[derive(Debug, Clone, Default)]
pub struct Table {
    /// Dataset id.
    pub id: String,
    /// Shape of the dataset.
    pub kind: DatasetKind,
    /// The place of rows whose place cell is blank (or of tables without a place column).
    pub default_place: String,
    /// The year of each row.
    pub year: Vec<i32>,
    /// The period as written, for ranges such as `2015-16` (code [`BLANK`] for a plain year).
    pub period: TextColumn,
    /// The place (GeoCode) of each row; code [`BLANK`] means `default_place`.
    pub place: TextColumn,
    /// The rank of each place code in GeoCode order (equal labels share a rank), so that
    /// rows are ordered by place without comparing strings.
    pub place_rank: Vec<u32>,
    /// Text columns (disaggregations, units, series, status, comments, other columns).
    pub text: Vec<TextColumn>,
    /// Numeric columns (the value, progress and columns computations read as numbers).
    pub numbers: Vec<NumberColumn>,
    /// Index in `numbers` of the value column.
    pub value: Option<usize>,
    /// Index in `numbers` of the progress column.
    pub progress: Option<usize>,
    /// Index in `text` of the units column.
    pub units: Option<usize>,
    /// Index in `text` of the observation status column.
    pub status: Option<usize>,
    /// Index in `text` of the comment column.
    pub comment: Option<usize>,
    /// Indices in `text` of the disaggregation columns.
    pub dimensions: Vec<usize>,
    /// Data-row number of each row in its file (1 = the first row after the header).
    pub row: Vec<u32>,
    /// Where each file's rows start: (first row index, file index in the run's file list).
    pub segments: Vec<(usize, u32)>,
}

impl Table {
    /// Number of rows.
    pub fn len(&self) -> usize {
        self.year.len()
    }

    /// Whether the table has no rows.
    pub fn is_empty(&self) -> bool {
        self.year.is_empty()
    }

    /// The file index of a row.
    pub fn file_of(&self, row: usize) -> u32 {
        match self.segments.binary_search_by(|(start, _)| start.cmp(&row)) {
            Ok(i) => self.segments[i].1,
            Err(0) => self.segments.first().map(|s| s.1).unwrap_or(0),
            Err(i) => self.segments[i - 1].1,
        }
    }

    /// The index in `text` of a text column.
    pub fn text_column(&self, name: &str) -> Option<usize> {
        self.text.iter().position(|c| c.name == name)
    }

    /// The index in `numbers` of a numeric column.
    pub fn number_column(&self, name: &str) -> Option<usize> {
        self.numbers.iter().position(|c| c.name == name)
    }

    /// The place of a row, with blanks resolved to the default place.
    pub fn place_label(&self, code: u32) -> &str {
        if code == BLANK {
            &self.default_place
        } else {
            self.place.label(code)
        }
    }

    /// Computes `place_rank` from the place labels (after the default place is known).
    pub fn rank_places(&mut self) {
        let mut order: Vec<u32> = (0..self.place.labels.len() as u32).collect();
        order.sort_by(|a, b| self.place_label(*a).cmp(self.place_label(*b)));
        let mut rank = vec![0u32; order.len()];
        let mut r = 0u32;
        for (i, code) in order.iter().enumerate() {
            if i > 0 && self.place_label(*code) != self.place_label(order[i - 1]) {
                r += 1;
            }
            rank[*code as usize] = r;
        }
        self.place_rank = rank;
    }

    /// Appends the rows of another table, matching columns by name (missing cells are blank).
    pub fn append(&mut self, other: Table) {
        let offset = self.len();
        let rows = other.len();
        for (start, file) in &other.segments {
            self.segments.push((start + offset, *file));
        }
        self.year.extend_from_slice(&other.year);
        self.row.extend_from_slice(&other.row);
        merge_text(&mut self.period, other.period, offset);
        merge_text(&mut self.place, other.place, offset);
        let mut seen = vec![false; self.text.len()];
        for col in other.text {
            let i = match self.text_column(&col.name) {
                Some(i) => i,
                None => {
                    self.text.push(TextColumn {
                        name: col.name.clone(),
                        codes: vec![BLANK; offset],
                        labels: vec![String::new()],
                    });
                    seen.push(false);
                    self.text.len() - 1
                }
            };
            seen[i] = true;
            merge_text(&mut self.text[i], col, offset);
        }
        for (i, was) in seen.iter().enumerate() {
            if !was {
                self.text[i].codes.resize(offset + rows, BLANK);
            }
        }
        let mut seen = vec![false; self.numbers.len()];
        for col in other.numbers {
            let i = match self.number_column(&col.name) {
                Some(i) => i,
                None => {
                    self.numbers.push(NumberColumn {
                        name: col.name.clone(),
                        values: vec![f64::NAN; offset],
                    });
                    seen.push(false);
                    self.numbers.len() - 1
                }
            };
            seen[i] = true;
            self.numbers[i].values.extend_from_slice(&col.values);
        }
        for (i, was) in seen.iter().enumerate() {
            if !was {
                self.numbers[i].values.resize(offset + rows, f64::NAN);
            }
        }
    }
}

/// Appends `other`'s codes to `into`, remapping them onto `into`'s labels.
fn merge_text(into: &mut TextColumn, other: TextColumn, offset: usize) {
    into.codes.resize(offset, BLANK);
    if into.labels.is_empty() {
        into.labels.push(String::new());
    }
    let mut index: FxHashMap<String, u32> = into
        .labels
        .iter()
        .enumerate()
        .map(|(i, l)| (l.clone(), i as u32))
        .collect();
    let map: Vec<u32> = other
        .labels
        .into_iter()
        .map(|l| {
            if let Some(c) = index.get(&l) {
                *c
            } else {
                let c = into.labels.len() as u32;
                into.labels.push(l.clone());
                index.insert(l, c);
                c
            }
        })
        .collect();
    into.codes.extend(
        other
            .codes
            .iter()
            .map(|c| map.get(*c as usize).copied().unwrap_or(BLANK)),
    );
}

/// What a field of a file is used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Slot {
    /// Not needed.
    Skip,
    /// A column without a name: its values are ignored, with a warning.
    Unnamed,
    /// The period column.
    Period,
    /// A date column whose year is the period.
    Date,
    /// The place column.
    Place,
    /// A numeric column (index into the builder's numbers).
    Number(usize),
    /// A text column (index into the builder's texts).
    Text(usize),
}

/// How the fields of one file map onto a table.
#[derive(Debug, Clone)]
pub(crate) struct Layout {
    /// Header names, trimmed.
    pub header: Vec<String>,
    /// The use of each field.
    pub slots: Vec<Slot>,
    /// Names of the numeric columns, in builder order.
    pub numbers: Vec<String>,
    /// Names of the text columns, in builder order.
    pub texts: Vec<String>,
    /// Whether the file has a period or date column.
    pub has_period: bool,
    /// The field of the period (or date) column, and whether it is a date.
    pub period_field: Option<(usize, bool)>,
    /// Number format.
    pub format: NumberFormat,
}

/// Dictionaries up to this size are searched by comparing labels, without hashing.
const SMALL_DICTIONARY: usize = 9;

/// Byte equality tuned for the short labels of data tables: up to 16 bytes are compared as
/// two integers, without a call to `memcmp`.
#[inline]
fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    match a.len() {
        0..=8 => word(a) == word(b),
        9..=16 => word(&a[..8]) == word(&b[..8]) && word(&a[8..]) == word(&b[8..]),
        _ => a == b,
    }
}

/// Up to 8 bytes as an integer.
#[inline]
fn word(s: &[u8]) -> u64 {
    let mut w = 0u64;
    for (i, b) in s.iter().take(8).enumerate() {
        w |= u64::from(*b) << (8 * i);
    }
    w
}

/// Interns byte strings of one column into codes, remembering the last one seen.
#[derive(Debug)]
pub(crate) struct Interner {
    map: FxHashMap<Box<[u8]>, u32>,
    labels: Vec<Box<[u8]>>,
    last: u32,
    codes: Vec<u32>,
}

impl Interner {
    fn new(capacity: usize) -> Self {
        Interner {
            map: FxHashMap::default(),
            labels: vec![Box::default()],
            last: BLANK,
            codes: Vec::with_capacity(capacity),
        }
    }

    #[inline]
    fn code(&mut self, s: &[u8]) -> u32 {
        if s.is_empty() {
            return BLANK;
        }
        if self.last != BLANK && same(&self.labels[self.last as usize], s) {
            return self.last;
        }
        if self.labels.len() <= SMALL_DICTIONARY {
            for (i, l) in self.labels.iter().enumerate().skip(1) {
                if same(l, s) {
                    self.last = i as u32;
                    return self.last;
                }
            }
        }
        let code = match self.map.get(s) {
            Some(c) => *c,
            None => {
                let c = self.labels.len() as u32;
                self.labels.push(s.into());
                self.map.insert(s.into(), c);
                c
            }
        };
        self.last = code;
        code
    }

    #[inline]
    fn push(&mut self, s: &[u8]) {
        let c = self.code(s);
        self.codes.push(c);
    }

    fn finish(self, name: String, bad_utf8: &mut bool) -> TextColumn {
        let labels = self
            .labels
            .into_iter()
            .map(|b| match String::from_utf8(b.into_vec()) {
                Ok(s) => s,
                Err(e) => {
                    *bad_utf8 = true;
                    String::from_utf8_lossy(e.as_bytes()).into_owned()
                }
            })
            .collect();
        TextColumn {
            name,
            codes: self.codes,
            labels,
        }
    }
}

/// One cell as a reader sees it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Cell<'a> {
    /// Text as in a CSV file.
    Bytes(&'a [u8]),
    /// A number cell of a workbook.
    Number(f64),
    /// A date cell of a workbook: its year.
    DateYear(i32),
    /// An error cell of a workbook, such as `#DIV/0!`.
    Error(&'a str),
    /// An empty cell.
    Empty,
}

/// Where a row is, for diagnostics: a line and a way to find the column of a field.
pub(crate) trait Locate {
    /// One-based line (CSV) or sheet row (XLSX) of the current row.
    fn line(&self) -> usize;
    /// One-based column of a field (character column in CSV, sheet column in XLSX).
    fn column(&self, field: usize) -> usize;
    /// A cell reference to add to messages (`cell C5`), for workbooks.
    fn cell_name(&self, field: usize) -> Option<String>;
    /// One-based line and column where a field starts (a quoted field may start on a later
    /// line than its row).
    fn position(&self, field: usize) -> (usize, usize) {
        (self.line(), self.column(field))
    }
}

/// Builds a table from the rows of one part of one file.
pub(crate) struct Builder<'l> {
    layout: &'l Layout,
    year: Vec<i32>,
    period: Interner,
    place: Interner,
    texts: Vec<Interner>,
    numbers: Vec<Vec<f64>>,
    row: Vec<u32>,
    /// Problems found, capped per column and kind.
    pub problems: Problems,
}

impl<'l> Builder<'l> {
    /// A builder for rows laid out as `layout`, expecting about `capacity` rows.
    pub(crate) fn new(layout: &'l Layout, capacity: usize) -> Self {
        Builder {
            layout,
            year: Vec::with_capacity(capacity),
            period: Interner::new(capacity),
            place: Interner::new(capacity),
            texts: layout
                .texts
                .iter()
                .map(|_| Interner::new(capacity))
                .collect(),
            numbers: layout
                .numbers
                .iter()
                .map(|_| Vec::with_capacity(capacity))
                .collect(),
            row: Vec::with_capacity(capacity),
            problems: Problems::default(),
        }
    }

    /// Adds one CSV row given as its fields (the common case, without per-cell dispatch).
    /// Returns false when the row was skipped (a problem says why).
    #[inline]
    pub(crate) fn push_fields(&mut self, row: u32, fields: &[&[u8]], at: &dyn Locate) -> bool {
        let layout = self.layout;
        if fields.len() != layout.slots.len() {
            return self.push(row, fields.len(), |i| Cell::Bytes(fields[i]), at);
        }
        let (year, period_label): (i32, &[u8]) = match layout.period_field {
            Some((f, false)) => match number::parse_period(fields[f]) {
                Ok(Some(p)) => (
                    p.year,
                    if p.is_range {
                        number::trim(fields[f])
                    } else {
                        b""
                    },
                ),
                _ => return self.push(row, fields.len(), |i| Cell::Bytes(fields[i]), at),
            },
            Some((f, true)) => match number::parse_date_year(fields[f]) {
                Ok(Some(y)) => (y, b""),
                _ => return self.push(row, fields.len(), |i| Cell::Bytes(fields[i]), at),
            },
            None => return self.push(row, fields.len(), |i| Cell::Bytes(fields[i]), at),
        };
        self.push_row_start(year, period_label, row);
        let mut has_place = false;
        for (i, slot) in layout.slots.iter().enumerate() {
            match *slot {
                Slot::Skip | Slot::Period | Slot::Date => {}
                Slot::Text(t) => self.texts[t].push(number::trim(fields[i])),
                Slot::Place => {
                    has_place = true;
                    self.place.push(number::trim(fields[i]));
                }
                Slot::Number(n) => {
                    let v = match number::parse_number(fields[i], layout.format) {
                        Ok(Some(v)) => v,
                        Ok(None) => f64::NAN,
                        Err(e) => {
                            self.bad_number(at, i, &String::from_utf8_lossy(fields[i]), e);
                            f64::NAN
                        }
                    };
                    self.numbers[n].push(v);
                }
                Slot::Unnamed => {
                    if !is_blank(Cell::Bytes(fields[i])) {
                        self.unnamed(at, i);
                    }
                }
            }
        }
        if !has_place {
            self.place.codes.push(BLANK);
        }
        true
    }

    /// Records a row's year, period label and row number. Period codes and row numbers are
    /// only stored once a row needs them (a range label, a skipped row before it); until then
    /// they are implicit (no label; row number = position + 1).
    #[inline]
    fn push_row_start(&mut self, year: i32, period_label: &[u8], row: u32) {
        let index = self.year.len();
        self.year.push(year);
        if !self.period.codes.is_empty() || !period_label.is_empty() {
            self.period.codes.resize(index, BLANK);
            self.period.push(period_label);
        }
        let materialised = !self.row.is_empty();
        if materialised || row != index as u32 + 1 {
            if !materialised {
                self.row.extend(1..=index as u32);
            }
            self.row.push(row);
        }
    }

    fn unnamed(&mut self, at: &dyn Locate, i: usize) {
        self.problem(
            at,
            i,
            Problem::warning(
                "unnamed-column",
                format!(
                    "a value in column {} is ignored because the column has no name",
                    i + 1
                ),
                Some("name the column in the header row, or delete the value".into()),
            ),
        );
    }

    /// Adds one row; `row` is its data-row number in the part, `cell(i)` its field `i`.
    /// Returns false when the row was skipped (a problem says why).
    #[inline]
    pub(crate) fn push<'c>(
        &mut self,
        row: u32,
        fields: usize,
        cell: impl Fn(usize) -> Cell<'c>,
        at: &dyn Locate,
    ) -> bool {
        let layout = self.layout;
        let slots = &layout.slots;
        if fields != slots.len() {
            // trailing empty fields (`a;b;c;;`) are harmless; anything else is a broken row
            let extra_blank =
                fields > slots.len() && (slots.len()..fields).all(|i| is_blank(cell(i)));
            if !extra_blank {
                if fields == 0 || (0..fields).all(|i| is_blank(cell(i))) {
                    return false;
                }
                self.problem(
                    at,
                    usize::MAX,
                    Problem::error(
                        "bad-row",
                        format!(
                            "row has {fields} fields but the header has {}; the row is skipped",
                            slots.len()
                        ),
                        Some(
                            "check for a missing or extra delimiter, or a quote that is not closed"
                                .into(),
                        ),
                    ),
                );
                return false;
            }
        }
        // a row of delimiters only (`,,`: a spreadsheet's blank row) is a blank line
        if (0..fields).all(|i| is_blank(cell(i))) {
            return false;
        }
        // period first: a row without a period cannot be placed and is skipped
        let mut year = None;
        let mut period_label: &[u8] = b"";
        for (i, slot) in slots.iter().enumerate() {
            match slot {
                Slot::Period => match cell(i) {
                    Cell::Bytes(b) => match number::parse_period(b) {
                        Ok(Some(p)) => {
                            year = Some(p.year);
                            if p.is_range {
                                period_label = number::trim(b);
                            }
                        }
                        Ok(None) => {}
                        Err(number::Unreadable) => {
                            self.bad_period(at, i, &String::from_utf8_lossy(b), false);
                            return false;
                        }
                    },
                    Cell::Number(v) if v.fract() == 0.0 && (1000.0..=9999.0).contains(&v) => {
                        year = Some(v as i32)
                    }
                    Cell::DateYear(y) => year = Some(y),
                    Cell::Empty => {}
                    other => {
                        self.bad_period(at, i, &cell_text(other), false);
                        return false;
                    }
                },
                Slot::Date => match cell(i) {
                    Cell::Bytes(b) => match number::parse_date_year(b) {
                        Ok(y) => year = y,
                        Err(number::Unreadable) => {
                            self.bad_period(at, i, &String::from_utf8_lossy(b), true);
                            return false;
                        }
                    },
                    Cell::DateYear(y) => year = Some(y),
                    Cell::Number(v) if v.fract() == 0.0 && (1000.0..=9999.0).contains(&v) => {
                        year = Some(v as i32)
                    }
                    Cell::Empty => {}
                    other => {
                        self.bad_period(at, i, &cell_text(other), true);
                        return false;
                    }
                },
                _ => {}
            }
        }
        let year = match year {
            Some(y) => y,
            None if !layout.has_period => 0,
            None => {
                let field = slots
                    .iter()
                    .position(|s| matches!(s, Slot::Period | Slot::Date))
                    .unwrap_or(0);
                let name = layout.header.get(field).cloned().unwrap_or_default();
                self.problem(
                    at,
                    field,
                    Problem::error(
                        "missing-period",
                        format!("the `{name}` cell is blank; the row is skipped"),
                        Some("every row needs its year".into()),
                    ),
                );
                return false;
            }
        };
        self.push_row_start(year, period_label, row);
        let mut has_place = false;
        for (i, slot) in slots.iter().enumerate() {
            match *slot {
                Slot::Skip | Slot::Period | Slot::Date => {}
                Slot::Unnamed => {
                    if !is_blank(cell(i)) {
                        self.unnamed(at, i);
                    }
                }
                Slot::Place => {
                    has_place = true;
                    let c = cell(i);
                    let code = self.text_code(c, usize::MAX);
                    self.place.codes.push(code);
                }
                Slot::Text(t) => {
                    let c = cell(i);
                    let code = self.text_code(c, t);
                    self.texts[t].codes.push(code);
                }
                Slot::Number(n) => {
                    let v = match cell(i) {
                        Cell::Bytes(b) => match number::parse_number(b, layout.format) {
                            Ok(Some(v)) => v,
                            Ok(None) => f64::NAN,
                            Err(e) => {
                                self.bad_number(at, i, &String::from_utf8_lossy(b), e);
                                f64::NAN
                            }
                        },
                        Cell::Number(v) if v.is_finite() => v,
                        Cell::Empty => f64::NAN,
                        Cell::Error(e) => {
                            let name = layout.header.get(i).cloned().unwrap_or_default();
                            self.problem(
                                at,
                                i,
                                Problem::error(
                                    "bad-number",
                                    format!("the `{name}` cell holds the spreadsheet error `{e}`; it is read as no data"),
                                    Some("fix the formula in the workbook, or leave the cell blank".into()),
                                ),
                            );
                            f64::NAN
                        }
                        other => {
                            self.bad_number(at, i, &cell_text(other), NumberError::NotANumber);
                            f64::NAN
                        }
                    };
                    self.numbers[n].push(v);
                }
            }
        }
        if !has_place {
            self.place.codes.push(BLANK);
        }
        true
    }

    #[inline]
    fn text_code(&mut self, c: Cell<'_>, text: usize) -> u32 {
        let owned: String;
        let bytes: &[u8] = match c {
            Cell::Bytes(b) => number::trim(b),
            Cell::Empty => return BLANK,
            Cell::Number(v) => {
                owned = if v.fract() == 0.0 && v.abs() < 1e15 {
                    format!("{}", v as i64)
                } else {
                    format!("{v}")
                };
                owned.as_bytes()
            }
            Cell::DateYear(y) => {
                owned = y.to_string();
                owned.as_bytes()
            }
            Cell::Error(e) => e.as_bytes(),
        };
        let interner = if text == usize::MAX {
            &mut self.place
        } else {
            &mut self.texts[text]
        };
        interner.code(bytes)
    }

    /// Records a problem of the current row (`field` `usize::MAX` for the whole row).
    pub(crate) fn problem(&mut self, at: &dyn Locate, field: usize, mut p: Problem) {
        if !self.problems.want(field, p.code) {
            if self.problems.wants_position(field, p.code) {
                let (line, column) = if field == usize::MAX {
                    (at.line(), 1)
                } else {
                    at.position(field)
                };
                self.problems.counted_at(field, p.code, line, column);
            }
            return;
        }
        (p.line, p.column) = if field == usize::MAX {
            (at.line(), 1)
        } else {
            at.position(field)
        };
        p.field = field;
        if field != usize::MAX
            && let Some(cell) = at.cell_name(field)
        {
            p.message = format!("{} (cell {cell})", p.message);
        }
        self.problems.push(p);
    }

    fn bad_period(&mut self, at: &dyn Locate, field: usize, text: &str, date: bool) {
        let name = self.layout.header.get(field).cloned().unwrap_or_default();
        let p = if date {
            Problem::error(
                "bad-date",
                format!(
                    "failed to read `{}` in column `{name}` as a date; the row is skipped",
                    shown(text)
                ),
                Some("write dates as 2021-03-04 (or 04/03/2021)".into()),
            )
        } else {
            Problem::error(
                "bad-period",
                format!(
                    "failed to read `{}` in column `{name}` as a year; the row is skipped",
                    shown(text)
                ),
                Some("write years as 2015, or ranges as 2015-16".into()),
            )
        };
        self.problem(at, field, p);
    }

    fn bad_number(&mut self, at: &dyn Locate, field: usize, text: &str, e: NumberError) {
        let name = self.layout.header.get(field).cloned().unwrap_or_default();
        let f = self.layout.format;
        let hint = match e {
            NumberError::Separators => format!(
                "numbers here are read with decimal separator `{}`{}; set `decimal:` and `thousands:` of the dataset in localis.yaml",
                f.decimal as char,
                f.thousands
                    .map(|t| format!(" and thousands separator `{}`", t as char))
                    .unwrap_or_default()
            ),
            NumberError::Unit => {
                "write the bare number; the unit belongs in the indicator's `unit` or the `Units` column".into()
            }
            NumberError::NotANumber => {
                "leave the cell blank when there is no data (blank means no data, never zero)".into()
            }
        };
        self.problem(
            at,
            field,
            Problem::error(
                "bad-number",
                format!(
                    "failed to read `{}` in column `{name}` as a number; it is read as no data",
                    shown(text)
                ),
                Some(hint),
            ),
        );
    }

    /// Turns the built columns into a table part (file index and default place set later).
    pub(crate) fn finish(mut self) -> (Table, Problems) {
        let layout = self.layout;
        let n = self.year.len();
        // materialise implicit period codes and row numbers
        self.period.codes.resize(n, BLANK);
        if self.row.len() < n {
            let from = self.row.len() as u32 + 1;
            self.row.extend(from..=n as u32);
        }
        let mut bad_utf8 = false;
        let mut problems = std::mem::take(&mut self.problems);
        let period = self.period.finish("period".into(), &mut bad_utf8);
        let place = self.place.finish("place".into(), &mut bad_utf8);
        let text = self
            .texts
            .into_iter()
            .zip(&layout.texts)
            .map(|(i, n)| i.finish(n.clone(), &mut bad_utf8))
            .collect();
        let numbers = self
            .numbers
            .into_iter()
            .zip(&layout.numbers)
            .map(|(values, n)| NumberColumn {
                name: n.clone(),
                values,
            })
            .collect();
        problems.bad_utf8 |= bad_utf8;
        let table = Table {
            year: self.year,
            period,
            place,
            text,
            numbers,
            row: self.row,
            ..Table::default()
        };
        (table, problems)
    }
}

fn is_blank(c: Cell<'_>) -> bool {
    match c {
        Cell::Bytes(b) => number::trim(b).is_empty(),
        Cell::Empty => true,
        _ => false,
    }
}

/// A cell's text as a message shows it: control characters escaped, long text shortened.
pub(crate) fn shown(text: &str) -> String {
    let escaped: String = text.chars().flat_map(char::escape_debug).collect();
    if escaped.chars().count() > 40 {
        format!("{}…", escaped.chars().take(40).collect::<String>())
    } else {
        escaped
    }
}

fn cell_text(c: Cell<'_>) -> String {
    match c {
        Cell::Bytes(b) => String::from_utf8_lossy(b).into_owned(),
        Cell::Number(v) => format!("{v}"),
        Cell::DateYear(y) => y.to_string(),
        Cell::Error(e) => e.to_string(),
        Cell::Empty => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::csv_file;
    use super::*;

    /// A layout of a header: `Year` the period, `GeoCode` the place, `Value` a number and
    /// every other named column text.
    fn layout(header: &[String], format: NumberFormat) -> Layout {
        let (mut numbers, mut texts) = (Vec::new(), Vec::new());
        let slots = header
            .iter()
            .map(|h| match h.as_str() {
                "Year" => Slot::Period,
                "GeoCode" => Slot::Place,
                "" => Slot::Unnamed,
                "Value" => {
                    numbers.push(h.clone());
                    Slot::Number(numbers.len() - 1)
                }
                _ => {
                    texts.push(h.clone());
                    Slot::Text(texts.len() - 1)
                }
            })
            .collect();
        Layout {
            header: header.to_vec(),
            slots,
            numbers,
            texts,
            has_period: true,
            period_field: header.iter().position(|h| h == "Year").map(|i| (i, false)),
            format,
        }
    }

    /// Reads a CSV text as the dataset reader does: the table, header and problems.
    fn read(text: &str, delimiter: u8) -> (Table, Vec<String>, Vec<Problem>) {
        let (header, start, lines) = csv_file::header(text.as_bytes(), delimiter).unwrap();
        let format = NumberFormat::new(None, None, delimiter);
        let l = layout(&header, format);
        let (t, problems) = csv_file::parse_body(&text.as_bytes()[start..], delimiter, &l, lines);
        (t, header, problems.items)
    }

    fn values(t: &Table) -> Vec<f64> {
        t.numbers[t.number_column("Value").unwrap()].values.clone()
    }

    #[test]
    fn header_names_are_trimmed_and_blank_cells_stay_blank() {
        let (t, header, problems) = read(
            "Year , GeoCode,Sex ,Value\r\n2020,A,Female,1.5\r\n2021,, , \r\n",
            b',',
        );
        assert!(problems.is_empty());
        assert_eq!(header, ["Year", "GeoCode", "Sex", "Value"]);
        assert_eq!(t.year, [2020, 2021]);
        assert_eq!(t.row, [1, 2]);
        // a blank place is the default place's code, a blank group the total's
        assert_eq!(t.place.codes, [t.place.code_of("A").unwrap(), BLANK]);
        let sex = &t.text[t.text_column("Sex").unwrap()];
        assert_eq!(sex.label(sex.codes[0]), "Female");
        assert_eq!(sex.codes[1], BLANK);
        // a blank number is no data (NaN), never zero
        let v = values(&t);
        assert_eq!(v[0], 1.5);
        assert!(v[1].is_nan());
    }

    #[test]
    fn bad_cells_are_reported_at_their_line_and_column() {
        let text = "Year,GeoCode,Value\n2020,A,1.5\n2021,AB,12kg\n20x1,A,3\n2022,A,4\n";
        let (t, _, problems) = read(text, b',');
        let at: Vec<String> = problems
            .iter()
            .map(|p| format!("{}:{} {}", p.line, p.column, p.code))
            .collect();
        // line 1 is the header; `12kg` starts after `2021,AB,` (8 characters): column 9;
        // the period `20x1` is the first field of line 4
        assert_eq!(at, ["3:9 bad-number", "4:1 bad-period"]);
        assert!(problems[0].message.contains("`12kg` in column `Value`"));
        // the bad number is read as no data; the row without a year is skipped
        assert_eq!(t.year, [2020, 2021, 2022]);
        assert!(values(&t)[1].is_nan());
        // data rows keep their numbers in the file: the skipped row 3 leaves a hole
        assert_eq!(t.row, [1, 2, 4]);
    }

    #[test]
    fn semicolon_files_read_decimal_commas_and_period_ranges() {
        let (t, _, problems) = read("Year;GeoCode;Value\n2015-16;A;1.234,5\n2017;A;0,25\n", b';');
        assert!(problems.is_empty(), "{problems:?}");
        // `1.234,5` with `,` decimals and `.` thousands is 1234.5; `0,25` is a quarter
        assert_eq!(values(&t), [1234.5, 0.25]);
        // a range is placed at its first year and keeps its label
        assert_eq!(t.year, [2015, 2017]);
        assert_eq!(t.period.label(t.period.codes[0]), "2015-16");
        assert_eq!(t.period.codes[1], BLANK);
    }

    #[test]
    fn a_row_with_missing_fields_is_skipped_and_trailing_empty_fields_are_not() {
        let (t, _, problems) = read("Year,GeoCode,Value\n2020,A\n2021,A,2,,\n\n", b',');
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].code, "bad-row");
        assert_eq!((problems[0].line, problems[0].column), (2, 1));
        // `2021,A,2,,` has two empty fields more than the header: harmless; an empty line
        // is no row
        assert_eq!(t.year, [2021]);
        assert_eq!(values(&t), [2.0]);
    }

    #[test]
    fn a_row_of_delimiters_only_is_a_blank_line_not_an_error() {
        // spreadsheets export their blank rows as `,,` (as many delimiters as the header has)
        let (t, _, problems) = read("Year,GeoCode,Value\n2020,A,1\n,,\n ,, \n2021,A,2\n", b',');
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(t.year, [2020, 2021]);
        assert_eq!(values(&t), [1.0, 2.0]);
    }

    #[test]
    fn appended_tables_match_columns_by_name_and_leave_the_rest_blank() {
        let (mut a, _, _) = read("Year,GeoCode,Sex,Value\n2020,A,Female,1\n", b',');
        a.segments = vec![(0, 0)];
        let (mut b, _, _) = read(
            "Year,GeoCode,Age,Sex\n2021,B,0-14,Female\n2022,A,,Male\n",
            b',',
        );
        b.segments = vec![(0, 1)];
        a.append(b);
        assert_eq!(a.year, [2020, 2021, 2022]);
        let sex = &a.text[a.text_column("Sex").unwrap()];
        // `Female` of the second file is the same label, not a second one
        assert_eq!(sex.codes[0], sex.codes[1]);
        assert_eq!(sex.label(sex.codes[2]), "Male");
        let age = &a.text[a.text_column("Age").unwrap()];
        assert_eq!(age.codes[0], BLANK);
        assert_eq!(age.label(age.codes[1]), "0-14");
        // the second file has no value column: its rows have no value
        let v = values(&a);
        assert_eq!(v[0], 1.0);
        assert!(v[1].is_nan() && v[2].is_nan());
        // the rows of the second file start at index 1 and keep their file
        assert_eq!(a.segments, [(0, 0), (1, 1)]);
        assert_eq!((a.file_of(0), a.file_of(1), a.file_of(2)), (0, 1, 1));
        assert_eq!(a.place_label(a.place.codes[2]), "A");
    }

    #[test]
    fn a_blank_place_ranks_with_the_default_place() {
        let (mut t, _, _) = read("Year,GeoCode,Value\n2020,C,1\n2020,,2\n2020,A,3\n", b',');
        t.default_place = "C".into();
        t.rank_places();
        let rank = |row: usize| t.place_rank[t.place.codes[row] as usize];
        // A first; the blank place is C, the same rank as the explicit C
        assert_eq!((rank(2), rank(0), rank(1)), (0, 1, 1));
    }

    #[test]
    fn cells_in_messages_are_escaped_and_shortened() {
        assert_eq!(shown("a\tb"), "a\\tb");
        let long = "x".repeat(50);
        assert_eq!(shown(&long), format!("{}…", "x".repeat(40)));
    }
}
