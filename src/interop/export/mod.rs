//! `localis export`: the project's results as SDMX-CSV and as an open-data bundle, so a city
//! publishes its data next to its PDF.
//!
//! Export runs the pipeline itself (load, check, evaluate, assess: the same numbers as `eval`
//! and `report`, small cells suppressed first) and writes, each file atomically:
//!
//! - `--format sdmx`: `out/sdmx/` with `data.csv` (SDMX-CSV, [`sdmx`]), `codes.csv` (the
//!   mapping table of every code used) and `README.md` (the structure);
//! - `--format open-data`: `out/open-data/` ([`open_data`]) with the results, the indicators'
//!   metadata sheets, the assessment, the sources and a README in the project's main language.
//!
//! Suppressed values never appear: SDMX-CSV leaves their rows out, the open-data results keep
//! the row with a blank value and `suppressed` set. Nothing is written when the project or its
//! data have errors.

pub mod codes;
pub mod open_data;
pub mod sdmx;

use std::path::{Path, PathBuf};

use crate::assess::Assessment;
use crate::diag::{Diagnostic, Severity};
use crate::evaluate::Evaluation;
use crate::load::{LoadError, Workspace};

/// What to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ExportFormat {
    /// SDMX-CSV with SDG codes.
    Sdmx,
    /// The open-data bundle.
    OpenData,
}

impl ExportFormat {
    /// The folder under the output folder.
    pub fn folder(self) -> &'static str {
        match self {
            ExportFormat::Sdmx => "sdmx",
            ExportFormat::OpenData => "open-data",
        }
    }
}

/// Options of `localis export`.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    /// The project (folder or its localis.yaml).
    pub project: PathBuf,
    /// The formats.
    pub formats: Vec<ExportFormat>,
    /// Output folder (default: the project's `output`); each format writes a folder in it.
    pub output: Option<PathBuf>,
    /// The SDMX dataflow (`AGENCY:ID(VERSION)`), default [`sdmx::DEFAULT_DATAFLOW`].
    pub dataflow: Option<String>,
}

/// What an export did.
#[derive(Debug)]
pub struct ExportRun {
    /// The loaded project (its sources render the diagnostics).
    pub workspace: Workspace,
    /// Every problem found, sorted.
    pub diagnostics: Vec<Diagnostic>,
    /// The files written.
    pub written: Vec<PathBuf>,
}

impl ExportRun {
    /// Whether anything stopped the export.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
}

/// Why an export could not run.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The project could not be loaded.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// A file could not be written.
    #[error("failed to write the export to {path} ({source})")]
    Write {
        /// The folder.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
}

/// Everything an export writes from.
pub struct Results<'a> {
    /// The project.
    pub workspace: &'a Workspace,
    /// The evaluation, small cells suppressed.
    pub evaluation: &'a Evaluation,
    /// The assessment.
    pub assessment: &'a Assessment,
}

/// Runs the pipeline and writes the chosen formats.
pub fn export(options: &ExportOptions) -> Result<ExportRun, ExportError> {
    let mut ws = crate::load::load(&options.project)?;
    let index = crate::pipeline::check_all(&mut ws);
    let stop = |ws: Workspace| {
        let diagnostics = ws.diagnostics.sorted(&ws.sources);
        Ok(ExportRun {
            workspace: ws,
            diagnostics,
            written: Vec::new(),
        })
    };
    if ws.diagnostics.has_errors() {
        return stop(ws);
    }
    // the budget's indicators join the evaluation (exported like any other); small cells are
    // suppressed in the evaluation before anything is written
    let Some((evaluation, stages)) = crate::pipeline::evaluate_and_assess(&mut ws, &index) else {
        return stop(ws);
    };
    let assessment = stages.assessment;
    let out = options
        .output
        .clone()
        .unwrap_or_else(|| ws.root.join(&ws.project().output));
    let results = Results {
        workspace: &ws,
        evaluation: &evaluation,
        assessment: &assessment,
    };
    let mut written = Vec::new();
    let mut formats = options.formats.clone();
    formats.sort();
    formats.dedup();
    for format in formats {
        let dir = out.join(format.folder());
        let files = match format {
            ExportFormat::Sdmx => sdmx::write(
                &dir,
                &results,
                options
                    .dataflow
                    .as_deref()
                    .unwrap_or(sdmx::DEFAULT_DATAFLOW),
            ),
            ExportFormat::OpenData => open_data::write(&dir, &results),
        }
        .map_err(|source| ExportError::Write {
            path: dir.clone(),
            source,
        })?;
        written.extend(files);
    }
    let diagnostics = ws.diagnostics.sorted(&ws.sources);
    Ok(ExportRun {
        workspace: ws,
        diagnostics,
        written,
    })
}

/// Whether a dataflow reference reads `AGENCY:ID(VERSION)`.
pub fn is_dataflow(s: &str) -> bool {
    let Some((agency, rest)) = s.split_once(':') else {
        return false;
    };
    let Some((id, version)) = rest.strip_suffix(')').and_then(|r| r.split_once('(')) else {
        return false;
    };
    let ok = |t: &str| {
        !t.is_empty()
            && t.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '@' | '$'))
    };
    ok(agency)
        && ok(id)
        && !version.is_empty()
        && version.chars().all(|c| c.is_ascii_digit() || c == '.')
}

/// Paths of a folder's files, relative and sorted (for tests and messages).
pub fn listing(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(root, &p, out);
            } else if let Ok(rel) = p.strip_prefix(root) {
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// The unit of a result: the data's own (`Units` column) when it has one, else the
/// indicator's in the language, else empty.
fn unit_label(
    res: &crate::evaluate::result::IndicatorResult,
    indicator: Option<&crate::model::Indicator>,
    lang: &str,
) -> String {
    res.unit
        .clone()
        .or_else(|| {
            indicator
                .and_then(|i| i.unit.as_ref())
                .map(|u| u.get(lang).to_string())
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dataflow_references() {
        assert!(is_dataflow("LOCALIS:DF_SDG_LOCAL(1.0)"));
        assert!(is_dataflow("IAEG-SDGs:DF_SDG_GLH(1.18)"));
        assert!(!is_dataflow("DF_SDG"));
        assert!(!is_dataflow("A:B(x)"));
    }
}
