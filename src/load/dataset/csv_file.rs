//! CSV files: BOM, CRLF, `,` `;` or tab delimiters, quoted fields; large files parsed in parallel parts.

use rayon::prelude::*;

use super::problems::{Problem, Problems};
use super::table::{Builder, Cell, Layout, Locate, Table};

/// Size of the parts a large file is cut into for parallel parsing (fixed, so that results
/// never depend on the number of threads).
const PART_BYTES: usize = 8 << 20;

/// The header of a CSV text and the byte offset where the data rows start.
pub(crate) fn header(bytes: &[u8], delimiter: u8) -> Result<(Vec<String>, usize, usize), String> {
    let line = first_line(bytes);
    if memchr::memchr(b'"', line).is_none() {
        // the usual case: a plain header line, split without building a CSV reader
        let mut raw = line;
        if let [rest @ .., b'\r'] = raw {
            raw = rest;
        }
        if raw.is_empty() && line.len() == bytes.len() {
            return Err("the file is empty".into());
        }
        let header = std::str::from_utf8(raw)
            .map_err(|_| "the header is not UTF-8 text".to_string())?
            .split(delimiter as char)
            .map(|f| f.trim().to_string())
            .collect();
        let end = (line.len() + 1).min(bytes.len());
        return Ok((header, end, 1));
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut record = csv::ByteRecord::new();
    match reader.read_byte_record(&mut record) {
        Ok(true) => {}
        Ok(false) => return Err("the file is empty".into()),
        Err(e) => return Err(e.to_string()),
    }
    let header = record
        .iter()
        .map(|f| {
            String::from_utf8(f.to_vec())
                .map(|s| s.trim().to_string())
                .map_err(|_| "the header is not UTF-8 text".to_string())
        })
        .collect::<Result<Vec<_>, _>>()?;
    let pos = reader.position();
    let end = pos.byte() as usize;
    // lines taken by the header (one, unless a quoted name spans lines)
    let lines = bytes[..end.min(bytes.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        .max(1);
    Ok((header, end, lines))
}

/// The first line of a text, for delimiter detection.
pub(crate) fn first_line(bytes: &[u8]) -> &[u8] {
    match memchr::memchr(b'\n', bytes) {
        Some(i) => &bytes[..i],
        None => bytes,
    }
}

/// Parses the data rows of a CSV text (after its header) into a table.
pub(crate) fn parse_body(
    body: &[u8],
    delimiter: u8,
    layout: &Layout,
    header_lines: usize,
) -> (Table, Problems) {
    parse_body_in_parts(body, delimiter, layout, header_lines, PART_BYTES)
}

/// [`parse_body`] with parts of about `part_bytes` bytes (small parts in tests).
pub(crate) fn parse_body_in_parts(
    body: &[u8],
    delimiter: u8,
    layout: &Layout,
    header_lines: usize,
    part_bytes: usize,
) -> (Table, Problems) {
    let parts = split_parts(body, part_bytes);
    let parsed: Vec<(Table, Problems, u32)> = parts
        .par_iter()
        .map(|r| parse_part(&body[r.clone()], delimiter, layout))
        .collect();
    let mut table: Option<Table> = None;
    let mut problems = Problems::default();
    let mut row_offset = 0u32;
    let mut line_offset = header_lines;
    for ((mut part, p, records), range) in parsed.into_iter().zip(&parts) {
        if row_offset > 0 {
            for r in &mut part.row {
                *r += row_offset;
            }
        }
        problems.append(p, line_offset);
        row_offset += records;
        if parts.len() > 1 {
            line_offset += memchr::memchr_iter(b'\n', &body[range.clone()]).count();
        }
        match &mut table {
            None => table = Some(part),
            Some(t) => t.append(part),
        }
    }
    (table.unwrap_or_default(), problems)
}

/// Cuts a text into parts of about `target` bytes, each ending at a record boundary (a line
/// end outside quotes).
fn split_parts(body: &[u8], target: usize) -> Vec<std::ops::Range<usize>> {
    if body.len() < 2 * target {
        let whole = 0..body.len();
        return vec![whole];
    }
    let mut cuts = Vec::new();
    let has_quotes = memchr::memchr(b'"', body).is_some();
    if !has_quotes {
        let mut at = target;
        while at < body.len() {
            match memchr::memchr(b'\n', &body[at..]) {
                Some(i) => {
                    cuts.push(at + i + 1);
                    at = at + i + 1 + target;
                }
                None => break,
            }
        }
    } else {
        let mut in_quotes = false;
        let mut next = target;
        for i in memchr::memchr2_iter(b'"', b'\n', body) {
            if body[i] == b'"' {
                in_quotes = !in_quotes;
            } else if !in_quotes && i >= next {
                cuts.push(i + 1);
                next = i + 1 + target;
            }
        }
    }
    let mut parts = Vec::with_capacity(cuts.len() + 1);
    let mut start = 0;
    for c in cuts {
        if c > start && c < body.len() {
            parts.push(start..c);
            start = c;
        }
    }
    parts.push(start..body.len());
    parts
}

/// Where a CSV row is: its line in the part and its raw bytes, to find field columns.
struct CsvAt<'a> {
    line: usize,
    raw: &'a [u8],
    delimiter: u8,
}

impl Locate for CsvAt<'_> {
    fn line(&self) -> usize {
        self.line
    }

    fn column(&self, field: usize) -> usize {
        self.position(field).1
    }

    fn position(&self, field: usize) -> (usize, usize) {
        // walk the raw row to the field's start, outside quotes, counting line breaks
        let mut in_quotes = false;
        let mut n = 0;
        let mut line = self.line;
        let mut line_start = 0;
        let mut start = if field == 0 { Some(0) } else { None };
        if start.is_none() {
            for (i, b) in self.raw.iter().enumerate() {
                match *b {
                    b'"' => in_quotes = !in_quotes,
                    b'\n' if in_quotes => {
                        line += 1;
                        line_start = i + 1;
                    }
                    b'\n' => break,
                    b if b == self.delimiter && !in_quotes => {
                        n += 1;
                        if n == field {
                            start = Some(i + 1);
                            break;
                        }
                    }
                    _ => {}
                }
            }
        }
        let start = start.unwrap_or(self.raw.len()).min(self.raw.len());
        let prefix = &self.raw[line_start.min(start)..start];
        (line, String::from_utf8_lossy(prefix).chars().count() + 1)
    }

    fn cell_name(&self, _field: usize) -> Option<String> {
        None
    }
}

/// Parses one part; returns its table, problems and the number of records it holds.
fn parse_part(part: &[u8], delimiter: u8, layout: &Layout) -> (Table, Problems, u32) {
    let lines = memchr::memchr_iter(b'\n', part).count() + 1;
    let mut builder = Builder::new(layout, lines);
    let mut records = 0u32;
    if memchr::memchr(b'"', part).is_none() {
        // fast path: no quoting anywhere in this part, so fields are the bytes between
        // delimiters; one vectorised pass finds every delimiter and line end. Same result as
        // the csv crate on such input, several times faster.
        let mut fields: Vec<&[u8]> = Vec::with_capacity(layout.slots.len() + 4);
        let mut line = 0usize;
        let mut line_start = 0usize;
        let mut field_start = 0usize;
        let end_line = |fields: &mut Vec<&[u8]>,
                        end: usize,
                        line_start: usize,
                        line: usize,
                        builder: &mut Builder,
                        records: &mut u32| {
            if fields.len() == 1 && fields[0].is_empty() {
                fields.clear();
                return;
            }
            *records += 1;
            let mut raw = &part[line_start..end];
            if let [rest @ .., b'\r'] = raw {
                raw = rest;
            }
            let at = CsvAt {
                line,
                raw,
                delimiter,
            };
            builder.push_fields(*records, fields, &at);
            fields.clear();
        };
        for i in memchr::memchr2_iter(delimiter, b'\n', part) {
            if part[i] == delimiter {
                fields.push(&part[field_start..i]);
                field_start = i + 1;
                continue;
            }
            let mut last = &part[field_start..i];
            if let [rest @ .., b'\r'] = last {
                last = rest;
            }
            fields.push(last);
            line += 1;
            end_line(&mut fields, i, line_start, line, &mut builder, &mut records);
            line_start = i + 1;
            field_start = i + 1;
        }
        if line_start < part.len() {
            let mut last = &part[field_start..];
            if let [rest @ .., b'\r'] = last {
                last = rest;
            }
            fields.push(last);
            line += 1;
            end_line(
                &mut fields,
                part.len(),
                line_start,
                line,
                &mut builder,
                &mut records,
            );
        }
    } else {
        if let Some(open) = unclosed_quote(part) {
            let line = memchr::memchr_iter(b'\n', &part[..open]).count() + 1;
            let line_start = memchr::memrchr(b'\n', &part[..open]).map_or(0, |i| i + 1);
            let column = String::from_utf8_lossy(&part[line_start..open])
                .chars()
                .count()
                + 1;
            let mut p = Problem::error(
                "unclosed-quote",
                "a quoted field opened here is never closed, so the rest of the file reads as one cell".into(),
                Some("close the quote, or remove it".into()),
            );
            p.line = line;
            p.column = column;
            if builder.problems.want(usize::MAX - 1, p.code) {
                p.field = usize::MAX - 1;
                builder.problems.push(p);
            }
        }
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(part);
        let mut record = csv::ByteRecord::new();
        // lines counted here: quoted line breaks count too
        let (mut counted_to, mut line) = (0usize, 1usize);
        loop {
            match reader.read_byte_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {
                    records += 1;
                    let mut byte = record
                        .position()
                        .map(|p| p.byte() as usize)
                        .unwrap_or(0)
                        .min(part.len());
                    // after a CRLF the csv crate places a record at the `\n` before it
                    while byte < part.len() && matches!(part[byte], b'\r' | b'\n') {
                        byte += 1;
                    }
                    if byte > counted_to {
                        line += memchr::memchr_iter(b'\n', &part[counted_to..byte]).count();
                        counted_to = byte;
                    }
                    let at = CsvAt {
                        line,
                        raw: &part[byte.min(part.len())..],
                        delimiter,
                    };
                    let rec = &record;
                    builder.push(
                        records,
                        rec.len(),
                        |i| Cell::Bytes(rec.get(i).unwrap_or(b"")),
                        &at,
                    );
                }
                Err(e) => {
                    // the csv crate reports only I/O and encoding errors for byte records
                    let line = line + e.position().map_or(0, |_| 1);
                    let at = CsvAt {
                        line,
                        raw: b"",
                        delimiter,
                    };
                    builder.problem(
                        &at,
                        usize::MAX,
                        Problem::error(
                            "bad-csv",
                            format!(
                                "failed to read the CSV ({e}); the rest of the file is skipped"
                            ),
                            Some("save the table again as CSV UTF-8".into()),
                        ),
                    );
                    break;
                }
            }
        }
    }
    let (table, problems) = builder.finish();
    (table, problems, records)
}

/// The offset of a quote that opens a field and is never closed, if any.
fn unclosed_quote(part: &[u8]) -> Option<usize> {
    let mut open = None;
    for i in memchr::memchr_iter(b'"', part) {
        open = match open {
            None => Some(i),
            Some(_) => None,
        };
    }
    open
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_end_at_record_boundaries() {
        let text = b"a,b\n\"x\ny\",1\nc,2\nd,3\n".repeat(50);
        let parts = split_parts(&text, 40);
        assert!(parts.len() > 2);
        for p in &parts {
            // every part starts at a record start: `a,b` or `"x`
            assert!(
                text[p.start..].starts_with(b"a,b")
                    || text[p.start..].starts_with(b"\"x")
                    || text[p.start..].starts_with(b"c,")
                    || text[p.start..].starts_with(b"d,")
            );
            assert!(!text[p.start..].starts_with(b"y\""));
        }
        assert_eq!(parts.last().unwrap().end, text.len());
    }
}
