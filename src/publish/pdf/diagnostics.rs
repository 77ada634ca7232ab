//! Typst errors and warnings as our diagnostics, pointing at the template's file, line and column.

use std::collections::HashMap;

use typst::WorldExt;
use typst::diag::{Severity as TypstSeverity, SourceDiagnostic};
use typst::syntax::{DiagSpan, FileId};

use super::world::{ReportWorld, TemplateFiles};
use crate::diag::{self, Diagnostic, Sources};

/// Converts typst diagnostics, registering every template file they point into in `sources`.
pub(crate) struct DiagnosticConverter<'a> {
    world: &'a ReportWorld,
    templates: &'a TemplateFiles,
    sources: &'a mut Sources,
    registered: HashMap<FileId, diag::FileId>,
}

impl<'a> DiagnosticConverter<'a> {
    /// A converter for diagnostics of `world`.
    pub(crate) fn new(
        world: &'a ReportWorld,
        templates: &'a TemplateFiles,
        sources: &'a mut Sources,
    ) -> Self {
        DiagnosticConverter {
            world,
            templates,
            sources,
            registered: HashMap::new(),
        }
    }

    /// Converts one typst diagnostic; `code` names the kind (`template-error`, `pdf-standard`...).
    pub(crate) fn convert(&mut self, d: &SourceDiagnostic, code: &'static str) -> Diagnostic {
        let message = d.message.to_string();
        let mut out = match d.severity {
            TypstSeverity::Error => Diagnostic::error(code, message),
            TypstSeverity::Warning => Diagnostic::warning(code, message),
        };
        if let Some((file, range)) = self.locate(d.span) {
            out = out.at(file, range);
        } else if let Some(vpath) = d.span.id().and_then(|id| self.world.vpath(id)) {
            out = out.in_path(self.templates.display_name(vpath));
        }
        let mut hints = Vec::new();
        for hint in &d.hints {
            match self.locate(hint.span) {
                Some((file, range)) if !hint.span.is_detached() => {
                    out = out.related(file, range, format!("hint: {}", hint.v));
                }
                _ => hints.push(hint.v.to_string()),
            }
        }
        for point in &d.trace {
            if let Some((file, range)) = self.locate(point.span.into()) {
                out = out.related(file, range, point.v.to_string());
            }
        }
        if !hints.is_empty() {
            out = out.hint(hints.join("; "));
        }
        out
    }

    /// The registered file and byte range of a span.
    fn locate(&mut self, span: DiagSpan) -> Option<(diag::FileId, std::ops::Range<usize>)> {
        let id = span.id()?;
        let range = self.world.range(span)?;
        let file = match self.registered.get(&id) {
            Some(f) => *f,
            None => {
                let vpath = self.world.vpath(id)?;
                let name = self.templates.display_name(vpath);
                let name = if self.world_generated(vpath) {
                    format!("<generated>{vpath}")
                } else {
                    name
                };
                let file = match self.sources.find(&name) {
                    Some(f) => f,
                    None => self.sources.add(name, self.world.source_text(id)?),
                };
                self.registered.insert(id, file);
                file
            }
        };
        Some((file, range))
    }

    fn world_generated(&self, vpath: &str) -> bool {
        !self.templates.contains(vpath)
    }
}
