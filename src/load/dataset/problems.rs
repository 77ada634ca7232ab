//! Problems found in data cells, capped per column and kind so that a systematic error in a
//! huge file gives a few precise diagnostics and a count, never millions of lines.

use std::collections::BTreeMap;

use crate::diag::{Diagnostic, Severity};

/// Detailed problems kept per file, column and kind; the rest are counted.
pub(super) const DETAILED_PER_COLUMN: u64 = 10;

/// One problem in a data file.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Problem {
    /// Error or warning.
    pub severity: Severity,
    /// Kind of problem.
    pub code: &'static str,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
    /// One-based line (or sheet row).
    pub line: usize,
    /// One-based column.
    pub column: usize,
    /// Field index in the file (`usize::MAX` for the whole row).
    pub field: usize,
}

impl Problem {
    /// An error (the position is set by the reader).
    pub(crate) fn error(code: &'static str, message: String, hint: Option<String>) -> Problem {
        Problem {
            severity: Severity::Error,
            code,
            message,
            hint,
            line: 0,
            column: 0,
            field: usize::MAX,
        }
    }

    /// A warning (the position is set by the reader).
    pub(crate) fn warning(code: &'static str, message: String, hint: Option<String>) -> Problem {
        Problem {
            severity: Severity::Warning,
            ..Problem::error(code, message, hint)
        }
    }
}

/// Problems of one file (or part of a file), in reading order.
#[derive(Debug, Default)]
pub(crate) struct Problems {
    /// The detailed problems.
    pub items: Vec<Problem>,
    /// How many problems of each (field, kind) were seen, detailed or not.
    pub seen: BTreeMap<(usize, &'static str), u64>,
    /// How many of each (field, kind) are detailed in `items`.
    kept: BTreeMap<(usize, &'static str), u64>,
    /// Where the first problem of each (field, kind) that is not detailed is (line, column).
    first_counted: BTreeMap<(usize, &'static str), (usize, usize)>,
    /// Whether some text was not valid UTF-8.
    pub bad_utf8: bool,
}

impl Problems {
    /// Counts a problem and says whether it should be detailed.
    pub(crate) fn want(&mut self, field: usize, code: &'static str) -> bool {
        let n = self.seen.entry((field, code)).or_insert(0);
        *n += 1;
        *n <= DETAILED_PER_COLUMN
    }

    /// Whether the position of the first problem that is not detailed is still wanted.
    pub(crate) fn wants_position(&self, field: usize, code: &'static str) -> bool {
        !self.first_counted.contains_key(&(field, code))
    }

    /// Records where the first problem that is not detailed is.
    pub(crate) fn counted_at(
        &mut self,
        field: usize,
        code: &'static str,
        line: usize,
        column: usize,
    ) {
        self.first_counted
            .entry((field, code))
            .or_insert((line, column));
    }

    /// Keeps a detailed problem (after [`Problems::want`] said yes).
    pub(crate) fn push(&mut self, p: Problem) {
        *self.kept.entry((p.field, p.code)).or_insert(0) += 1;
        self.items.push(p);
    }

    /// Appends the problems of the next part of the same file, whose lines start after
    /// `line_offset` lines.
    pub(crate) fn append(&mut self, other: Problems, line_offset: usize) {
        for mut p in other.items {
            let key = (p.field, p.code);
            let kept = self.kept.entry(key).or_insert(0);
            p.line += line_offset;
            if *kept < DETAILED_PER_COLUMN {
                *kept += 1;
                self.items.push(p);
            } else {
                self.first_counted.entry(key).or_insert((p.line, p.column));
            }
        }
        for (key, (line, column)) in other.first_counted {
            self.first_counted
                .entry(key)
                .or_insert((line + line_offset, column));
        }
        for (k, n) in other.seen {
            *self.seen.entry(k).or_insert(0) += n;
        }
        self.bad_utf8 |= other.bad_utf8;
    }

    /// The diagnostics: every detailed problem at `path:line:col`, then a count of the rest.
    pub(crate) fn into_diagnostics(self, path: &str, header: &[String]) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        if self.bad_utf8 {
            out.push(
                Diagnostic::error(
                    "not-utf8",
                    format!("{path} is not UTF-8 text; some labels are shown with replacement characters"),
                )
                .in_path(path)
                .hint("save the file as CSV UTF-8 (it looks like Latin-1 or Windows-1252)"),
            );
        }
        for p in self.items {
            let d = match p.severity {
                Severity::Error => Diagnostic::error(p.code, p.message),
                Severity::Warning => Diagnostic::warning(p.code, p.message),
            };
            out.push(d.at_position(path, p.line, p.column).maybe_hint(p.hint));
        }
        for ((field, code), n) in self.seen {
            let kept = self.kept.get(&(field, code)).copied().unwrap_or(0);
            if n > kept {
                let place = match header.get(field) {
                    Some(name) => format!("in column `{name}`"),
                    None => "in rows".to_string(),
                };
                let d = Diagnostic::error(
                    code,
                    format!(
                        "{} more problems like these ({code}) {place} of {path}, from here on",
                        n - kept
                    ),
                )
                .hint("only the first ones are shown; fix those and run again");
                out.push(match self.first_counted.get(&(field, code)) {
                    Some((line, column)) => d.at_position(path, *line, *column),
                    None => d.in_path(path),
                });
            }
        }
        out
    }
}
