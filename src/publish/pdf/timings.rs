//! typst's own timings of a run's typesetting and PDF export, written as a Chrome trace (`localis report --timings FILE`).
//!
//! typst records a scope for each iteration of its layout, each page run, table, image,
//! function call and export step. This module switches that recording on for a run and
//! writes what was recorded as a Chrome trace event file (open it in <https://ui.perfetto.dev>
//! or `chrome://tracing`): which part of a template costs the time. A scope that belongs to a
//! place in a template carries its file and line.

use std::collections::HashMap;
use std::num::NonZeroU64;
use std::path::{Path, PathBuf};

use typst::syntax::{FileId, Source, Span, SpanKind};

use crate::publish::pdf::world::TemplateFiles;

/// Why the timings could not be written.
#[derive(Debug, thiserror::Error)]
pub enum TimingsError {
    /// typst's recorder failed to serialise its events.
    #[error("failed to record typst's timings ({0})")]
    Record(String),
    /// The trace file could not be written.
    #[error("failed to write the timings to {path} ({source})")]
    Write {
        /// The trace file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
}

/// Starts recording typst's timings (for every compilation of this process from now on).
pub fn start() {
    typst_timing::enable();
}

/// Stops recording and writes what was recorded to `path` as a Chrome trace; scopes are
/// located in the templates of the project at `root` (its `report-templates/`, else the
/// built-in ones).
pub fn finish(path: &Path, root: &Path) -> Result<usize, TimingsError> {
    typst_timing::disable();
    let mut ignored = crate::diag::Diagnostics::default();
    let templates = crate::publish::report::project_templates(root, &mut ignored);
    let mut lines = SpanLines::new(&templates);
    let mut bytes = Vec::new();
    typst_timing::export_json(&mut bytes, |raw| lines.locate(raw)).map_err(TimingsError::Record)?;
    crate::output::write::write_atomic(path, &bytes).map_err(|source| TimingsError::Write {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(bytes.len())
}

/// Template file and line of typst's spans, each template parsed once.
struct SpanLines<'a> {
    templates: &'a TemplateFiles,
    sources: HashMap<FileId, Option<Source>>,
}

impl<'a> SpanLines<'a> {
    fn new(templates: &'a TemplateFiles) -> Self {
        SpanLines {
            templates,
            sources: HashMap::new(),
        }
    }

    /// The file (as the diagnostics name it) and 1-based line of a span; an empty name and
    /// line 0 for a span outside the templates (generated data, typst's own library).
    fn locate(&mut self, raw: NonZeroU64) -> (String, u32) {
        let span = Span::from_raw(raw);
        let Some(id) = span.id() else {
            return (String::new(), 0);
        };
        let vpath = id.vpath().get_with_slash().to_string();
        let templates = self.templates;
        let source = self.sources.entry(id).or_insert_with(|| {
            let bytes = templates.read(&vpath)?.ok()?;
            let text = String::from_utf8(bytes).ok()?;
            Some(Source::new(id, text))
        });
        let start = match span.get() {
            SpanKind::Range { range, .. } => Some(range.start),
            _ => source
                .as_ref()
                .and_then(|s| s.find(span))
                .map(|n| n.offset()),
        };
        let line = source
            .as_ref()
            .zip(start)
            .and_then(|(s, start)| s.lines().byte_to_line(start))
            .map_or(0, |l| l as u32 + 1);
        (templates.display_name(&vpath), line)
    }
}
