//! Diagnostics: every problem found in a project, with its file, position, message and hint.

use std::ops::Range;
use std::path::{Path, PathBuf};

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label as CsLabel, LabelStyle};
use codespan_reporting::files::{Files, SimpleFiles};
use codespan_reporting::term;
use serde::Serialize;

/// How serious a problem is: errors stop a run from succeeding, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// The input cannot be used as it is.
    Error,
    /// The input can be used but something deserves attention.
    Warning,
}

/// Identifies a source file registered in [`Sources`].
pub type FileId = usize;

/// A place in a source file that a diagnostic points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// The file.
    pub file: FileId,
    /// Byte range in the file.
    pub range: Range<usize>,
    /// What this place has to do with the problem (may be empty).
    pub message: String,
}

/// One problem, in the style of rustc and typst: message, primary place, related places, hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// A stable kebab-case name of the kind of problem (for editors, CI and tests).
    pub code: &'static str,
    /// The problem in plain words, "failed to X (cause)" style where it fits.
    pub message: String,
    /// Where the problem is; `None` for problems without a file (such as a missing folder).
    pub primary: Option<Label>,
    /// Other places that explain the problem (the first definition of a duplicate, a cycle's steps).
    pub related: Vec<Label>,
    /// A suggestion for the fix, such as "did you mean `target`?".
    pub hint: Option<String>,
    /// A file path to show when there is no position (e.g. a file that could not be read).
    pub path: Option<PathBuf>,
    /// One-based line and column in `path`, for files not registered in [`Sources`] (large
    /// data files): shown as `path:line:col`, without a source excerpt.
    pub position: Option<(usize, usize)>,
}

impl Diagnostic {
    /// Creates an error of the given kind.
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            primary: None,
            related: Vec::new(),
            hint: None,
            path: None,
            position: None,
        }
    }

    /// Creates a warning of the given kind.
    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    /// Sets the primary place.
    pub fn at(mut self, file: FileId, range: Range<usize>) -> Self {
        self.primary = Some(Label {
            file,
            range,
            message: String::new(),
        });
        self
    }

    /// Sets the primary place with a short label.
    pub fn at_labelled(
        mut self,
        file: FileId,
        range: Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        self.primary = Some(Label {
            file,
            range,
            message: message.into(),
        });
        self
    }

    /// Adds a related place.
    pub fn related(
        mut self,
        file: FileId,
        range: Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        self.related.push(Label {
            file,
            range,
            message: message.into(),
        });
        self
    }

    /// Sets the hint.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Sets the hint if one is given.
    pub fn maybe_hint(mut self, hint: Option<String>) -> Self {
        if hint.is_some() {
            self.hint = hint;
        }
        self
    }

    /// Names a file for a problem that has no position inside it.
    pub fn in_path(mut self, path: impl Into<PathBuf>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// The same diagnostic with its files renumbered: file `i` becomes `map[i]` (for
    /// diagnostics collected against another [`Sources`], see [`Sources::absorb`]).
    pub fn remap_files(mut self, map: &[FileId]) -> Self {
        let remap = |l: &mut Label| {
            if let Some(to) = map.get(l.file) {
                l.file = *to;
            }
        };
        self.primary.iter_mut().for_each(remap);
        self.related.iter_mut().for_each(remap);
        self
    }

    /// Points at a one-based line and column of a file that is not registered in [`Sources`]
    /// (such as a data file too large to keep in memory); no source excerpt is shown.
    pub fn at_position(mut self, path: impl Into<PathBuf>, line: usize, column: usize) -> Self {
        self.path = Some(path.into());
        self.position = Some((line, column));
        self
    }
}

/// A source file as diagnostics show it: a display name and its text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the project (or `<builtin>/...` for embedded files).
    pub name: String,
    /// Full text.
    pub text: String,
}

/// Every source file read during a run, so that diagnostics can show lines and columns.
#[derive(Debug, Default, Clone)]
pub struct Sources {
    files: SimpleFiles<String, String>,
    names: Vec<String>,
}

impl Sources {
    /// Registers a file and returns its id.
    pub fn add(&mut self, name: impl Into<String>, text: impl Into<String>) -> FileId {
        let name = name.into();
        self.names.push(name.clone());
        self.files.add(name, text.into())
    }

    /// The display name of a file.
    pub fn name(&self, file: FileId) -> &str {
        &self.names[file]
    }

    /// The text of a file.
    pub fn text(&self, file: FileId) -> &str {
        self.files
            .get(file)
            .map(|f| f.source().as_str())
            .unwrap_or("")
    }

    /// Registers the files of `other` not registered here yet (by display name); returns
    /// where each file of `other` is now, by its id in `other`.
    pub fn absorb(&mut self, other: &Sources) -> Vec<FileId> {
        (0..other.names.len())
            .map(|id| {
                let name = other.name(id);
                self.find(name)
                    .unwrap_or_else(|| self.add(name, other.text(id)))
            })
            .collect()
    }

    /// Finds a registered file by display name.
    pub fn find(&self, name: &str) -> Option<FileId> {
        self.names.iter().position(|n| n == name)
    }

    /// One-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, file: FileId, offset: usize) -> (usize, usize) {
        let Ok(line) = self.files.line_index(file, offset) else {
            return (1, 1);
        };
        let col = self.files.column_number(file, line, offset).unwrap_or(1);
        (line + 1, col)
    }
}

/// Display options for diagnostics.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Style {
    /// Colours when the stream is a terminal.
    #[default]
    Auto,
    /// Never colour (tests, logs).
    Plain,
}

/// Renders diagnostics as rustc-style text with source excerpts and carets.
pub fn render(sources: &Sources, diagnostics: &[Diagnostic]) -> String {
    let config = term::Config::default();
    let mut out = String::new();
    for d in diagnostics {
        out.push_str(
            &term::emit_into_string(&config, &sources.files, &to_codespan(sources, d))
                .unwrap_or_default(),
        );
    }
    out
}

/// Writes diagnostics to standard error, coloured when it is a terminal.
pub fn emit_stderr(sources: &Sources, diagnostics: &[Diagnostic], style: Style) {
    use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};
    use std::io::IsTerminal;
    let choice = match style {
        Style::Auto if std::io::stderr().is_terminal() => ColorChoice::Auto,
        _ => ColorChoice::Never,
    };
    let writer = StandardStream::stderr(choice);
    let mut lock = writer.lock();
    let config = term::Config::default();
    for d in diagnostics {
        let _ =
            term::emit_to_write_style(&mut lock, &config, &sources.files, &to_codespan(sources, d));
    }
}

/// Source lines longer than this (in bytes) are not shown under a diagnostic: a 140 KB line of
/// a broken or hostile file would bury the message. The place is given as `file:line:col`.
const LONGEST_SHOWN_LINE: usize = 400;

/// Whether the line holding `offset` of a file is too long to show.
fn line_too_long(sources: &Sources, file: FileId, offset: usize) -> bool {
    let text = sources.text(file);
    let offset = offset.min(text.len());
    let bytes = text.as_bytes();
    let start = memchr::memrchr(b'\n', &bytes[..offset]).map_or(0, |i| i + 1);
    let end = memchr::memchr(b'\n', &bytes[offset..]).map_or(bytes.len(), |i| offset + i);
    end - start > LONGEST_SHOWN_LINE
}

fn to_codespan(sources: &Sources, d: &Diagnostic) -> CsDiagnostic<FileId> {
    let base = match d.severity {
        Severity::Error => CsDiagnostic::error(),
        Severity::Warning => CsDiagnostic::warning(),
    };
    let mut labels = Vec::new();
    let mut notes = Vec::new();
    if let Some(p) = d
        .primary
        .as_ref()
        .filter(|p| line_too_long(sources, p.file, p.range.start))
    {
        let (line, column) = sources.line_col(p.file, p.range.start);
        notes.push(format!("at {}:{line}:{column}", sources.name(p.file)));
    } else if let Some(p) = &d.primary {
        labels.push(
            CsLabel::new(LabelStyle::Primary, p.file, p.range.clone()).with_message(&p.message),
        );
    }
    for r in &d.related {
        if line_too_long(sources, r.file, r.range.start) {
            let (line, column) = sources.line_col(r.file, r.range.start);
            notes.push(format!(
                "{}: {}:{line}:{column}",
                r.message,
                sources.name(r.file)
            ));
            continue;
        }
        labels.push(
            CsLabel::new(LabelStyle::Secondary, r.file, r.range.clone()).with_message(&r.message),
        );
    }
    if d.primary.is_none()
        && let Some(path) = &d.path
    {
        match d.position {
            Some((line, column)) => notes.push(format!("at {}:{line}:{column}", path.display())),
            None => notes.push(format!("in {}", path.display())),
        }
    }
    if let Some(h) = &d.hint {
        notes.push(format!("hint: {h}"));
    }
    base.with_code(d.code)
        .with_message(&d.message)
        .with_labels(labels)
        .with_notes(notes)
}

/// A diagnostic as JSON for editors and CI: positions are one-based lines and columns.
#[derive(Debug, Serialize)]
pub struct JsonDiagnostic {
    /// `error` or `warning`.
    pub severity: Severity,
    /// Kind of problem.
    pub code: &'static str,
    /// The message.
    pub message: String,
    /// File path, when known.
    pub file: Option<String>,
    /// Line of the start, one-based.
    pub line: Option<usize>,
    /// Column of the start, one-based.
    pub column: Option<usize>,
    /// Line of the end, one-based.
    pub end_line: Option<usize>,
    /// Column of the end, one-based.
    pub end_column: Option<usize>,
    /// Suggested fix.
    pub hint: Option<String>,
    /// Related places.
    pub related: Vec<JsonRelated>,
}

/// A related place of a JSON diagnostic.
#[derive(Debug, Serialize)]
pub struct JsonRelated {
    /// File path.
    pub file: String,
    /// Line, one-based.
    pub line: usize,
    /// Column, one-based.
    pub column: usize,
    /// What this place shows.
    pub message: String,
}

/// Converts diagnostics to their JSON form.
pub fn to_json(sources: &Sources, diagnostics: &[Diagnostic]) -> Vec<JsonDiagnostic> {
    diagnostics
        .iter()
        .map(|d| {
            let (file, start, end) = match &d.primary {
                Some(p) => (
                    Some(sources.name(p.file).to_string()),
                    Some(sources.line_col(p.file, p.range.start)),
                    Some(sources.line_col(p.file, p.range.end)),
                ),
                None => (
                    d.path.as_ref().map(|p| p.display().to_string()),
                    d.position,
                    None,
                ),
            };
            JsonDiagnostic {
                severity: d.severity,
                code: d.code,
                message: d.message.clone(),
                file,
                line: start.map(|s| s.0),
                column: start.map(|s| s.1),
                end_line: end.map(|s| s.0),
                end_column: end.map(|s| s.1),
                hint: d.hint.clone(),
                related: d
                    .related
                    .iter()
                    .map(|r| {
                        let (line, column) = sources.line_col(r.file, r.range.start);
                        JsonRelated {
                            file: sources.name(r.file).to_string(),
                            line,
                            column,
                            message: r.message.clone(),
                        }
                    })
                    .collect(),
            }
        })
        .collect()
}

/// Collects diagnostics over a run; stages push into it and go on.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Adds a diagnostic.
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    /// Adds several diagnostics.
    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(ds);
    }

    /// Adds the diagnostics a parallel job collected against `job_sources` of its own, whose
    /// files are registered in `sources` (see [`Sources::absorb`]); jobs merged in job order
    /// give the same file ids whatever the thread count.
    pub fn absorb(&mut self, sources: &mut Sources, job_sources: &Sources, job: Diagnostics) {
        let map = sources.absorb(job_sources);
        self.items
            .extend(job.items.into_iter().map(|d| d.remap_files(&map)));
    }

    /// Whether any error was found.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    /// Number of warnings.
    pub fn warning_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count()
    }

    /// The diagnostics sorted by file, position and message (deterministic output).
    pub fn sorted(&self, sources: &Sources) -> Vec<Diagnostic> {
        let mut v = self.items.clone();
        v.sort_by_key(|a| sort_key(sources, a));
        v.dedup();
        v
    }

    /// All diagnostics in insertion order.
    pub fn items(&self) -> &[Diagnostic] {
        &self.items
    }

    /// Whether nothing was reported.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

fn sort_key(sources: &Sources, d: &Diagnostic) -> (String, usize, usize, String) {
    match &d.primary {
        Some(p) => (
            sources.name(p.file).to_string(),
            p.range.start,
            0,
            d.message.clone(),
        ),
        None => {
            let (line, column) = d.position.unwrap_or((0, 0));
            (
                d.path
                    .as_deref()
                    .map(Path::display)
                    .map(|p| p.to_string())
                    .unwrap_or_default(),
                line,
                column,
                d.message.clone(),
            )
        }
    }
}
