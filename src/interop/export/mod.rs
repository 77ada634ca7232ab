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

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::assess::{Assessment, IndicatorAssessment};
use crate::diag::{Diagnostic, Severity};
use crate::evaluate::{DataFile, IndicatorResult};
use crate::load::{LoadError, Workspace};
use crate::output::write::{Finished, JsonLimit};
use crate::pipeline::WindowSink;

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
    /// Indicators suppressed, assessed and written together (default: as `localis eval`);
    /// the files never depend on it, memory grows with it.
    pub window: Option<usize>,
    /// Write the open-data bundle's `results.json` and `assessment.json` whatever their size
    /// (by default each is left out above [`crate::output::write::DEFAULT_JSON_LIMIT`], as
    /// `localis eval` does; its CSV files hold the same values).
    pub json: bool,
    /// The size in bytes above which JSON is left out (default 256 MiB).
    pub json_limit: Option<u64>,
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
    /// JSON files left out because they would pass the size limit.
    pub omitted: Vec<PathBuf>,
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

/// What the export's writers share: the project, its main language, the names of its
/// places and the data files provenance points at.
pub(crate) struct Context<'w> {
    /// The project.
    pub(crate) ws: &'w Workspace,
    /// The project's main language.
    pub(crate) lang: String,
    /// GeoCode -> name, where known.
    places: BTreeMap<String, Option<String>>,
    /// The data files provenance points at.
    pub(crate) files: Vec<DataFile>,
    /// How large a JSON file of the bundle may grow.
    pub(crate) json_limit: JsonLimit,
}

impl Context<'_> {
    /// The name of a place: its own, else the project's for the project's place, else empty.
    pub(crate) fn place_name(&self, geocode: &str) -> String {
        self.places
            .get(geocode)
            .cloned()
            .flatten()
            .unwrap_or_else(|| {
                let project = self.ws.project();
                if geocode == project.place.geocode {
                    project.place.name.get(&self.lang).to_string()
                } else {
                    String::new()
                }
            })
    }
}

/// The writers of the chosen formats, fed a window of indicators at a time.
struct ExportSink<'w> {
    ctx: Context<'w>,
    /// SDMX-CSV, when chosen.
    sdmx: Option<sdmx::Writer>,
    /// The open-data bundle, when chosen.
    open_data: Option<open_data::Writer>,
}

impl<'w> ExportSink<'w> {
    /// Starts the chosen formats' files, each in its folder under `out`.
    fn create(
        ctx: Context<'w>,
        out: &Path,
        formats: &[ExportFormat],
        dataflow: &str,
    ) -> std::io::Result<Self> {
        let mut sdmx = None;
        let mut open_data = None;
        for format in formats {
            let dir = out.join(format.folder());
            match format {
                ExportFormat::Sdmx => sdmx = Some(sdmx::Writer::create(&dir, dataflow)?),
                ExportFormat::OpenData => open_data = Some(open_data::Writer::create(&ctx, &dir)?),
            }
        }
        Ok(ExportSink {
            ctx,
            sdmx,
            open_data,
        })
    }

    /// Finishes every format (`rest`: the assessment's settings, awards and summaries);
    /// returns the files written (format by format) and those left out for their size.
    fn finish(self, rest: &Assessment) -> std::io::Result<Finished> {
        let mut finished = Finished::default();
        if let Some(w) = self.sdmx {
            finished.written.extend(w.finish(&self.ctx)?);
        }
        if let Some(w) = self.open_data {
            finished.extend(w.finish(&self.ctx, rest)?);
        }
        Ok(finished)
    }
}

impl WindowSink for ExportSink<'_> {
    fn window(
        &mut self,
        results: &[IndicatorResult],
        assessed: &[IndicatorAssessment],
    ) -> std::io::Result<()> {
        if let Some(w) = &mut self.sdmx {
            w.window(&self.ctx, results, assessed)?;
        }
        if let Some(w) = &mut self.open_data {
            w.window(&self.ctx, results, assessed)?;
        }
        Ok(())
    }
}

/// The folders an export may create (the output folder and one per format) that do not
/// exist yet, to be removed again, if empty, when the export stops.
fn new_folders(out: &Path, formats: &[ExportFormat]) -> Vec<PathBuf> {
    formats
        .iter()
        .map(|f| out.join(f.folder()))
        .chain([out.to_path_buf()])
        .filter(|d| !d.exists())
        .collect()
}

/// Removes the folders an export created, when empty (a run that stopped).
fn remove_empty(created: &[PathBuf]) {
    for d in created {
        let _ = std::fs::remove_dir(d);
    }
}

/// Runs the pipeline and writes the chosen formats.
///
/// Like `localis eval`, export evaluates one indicator at a time and suppresses, assesses
/// and writes by windows of indicators ([`ExportOptions::window`]), so that memory grows
/// with the window, not with the country. A project with a budget, whose indicators join
/// the evaluation once it is whole, is evaluated and assessed whole, then written as one
/// window. The files are written beside the old ones and put in place at the end, only when
/// neither the project nor its data have errors.
pub fn export(options: &ExportOptions) -> Result<ExportRun, ExportError> {
    let mut ws = crate::load::load(&options.project)?;
    let index = crate::pipeline::check_all(&mut ws);
    let stop = |ws: Workspace| {
        let diagnostics = ws.diagnostics.sorted(&ws.sources);
        Ok(ExportRun {
            workspace: ws,
            diagnostics,
            written: Vec::new(),
            omitted: Vec::new(),
        })
    };
    if ws.diagnostics.has_errors() {
        return stop(ws);
    }
    let out = options
        .output
        .clone()
        .unwrap_or_else(|| ws.root.join(&ws.project().output));
    let mut formats = options.formats.clone();
    formats.sort();
    formats.dedup();
    let dataflow = options
        .dataflow
        .as_deref()
        .unwrap_or(sdmx::DEFAULT_DATAFLOW);
    let lang = ws
        .project()
        .languages
        .first()
        .cloned()
        .unwrap_or_else(|| "en".to_string());
    let write_error = |source| ExportError::Write {
        path: out.clone(),
        source,
    };
    let json_limit = JsonLimit::from_options(options.json, options.json_limit);
    let finished = if ws.project().budget.is_some() {
        // the budget's indicators join the evaluation (exported like any other); small
        // cells are suppressed in the evaluation before anything is written
        let Some((evaluation, stages)) = crate::pipeline::evaluate_and_assess(&mut ws, &index)
        else {
            return stop(ws);
        };
        let ctx = Context {
            ws: &ws,
            lang,
            places: evaluation
                .places
                .iter()
                .map(|p| (p.geocode.clone(), p.name.clone()))
                .collect(),
            files: evaluation.files.clone(),
            json_limit,
        };
        let mut sink = ExportSink::create(ctx, &out, &formats, dataflow).map_err(write_error)?;
        sink.window(&evaluation.results, &stages.assessment.results)
            .map_err(write_error)?;
        sink.finish(&stages.assessment).map_err(write_error)?
    } else {
        let created = new_folders(&out, &formats);
        let (places, _) = crate::load::declared_places(&ws);
        let window = options.window.unwrap_or(crate::pipeline::WINDOW);
        let make = |files: &[DataFile]| {
            let ctx = Context {
                ws: &ws,
                lang: lang.clone(),
                places: places.clone(),
                files: files.to_vec(),
                json_limit,
            };
            ExportSink::create(ctx, &out, &formats, dataflow)
        };
        let streamed = crate::pipeline::stream(&ws, &index, window, &make);
        let done = match streamed {
            Ok(done) => done,
            Err(source) => {
                remove_empty(&created);
                return Err(write_error(source));
            }
        };
        let failed = done
            .summary
            .diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error);
        if failed {
            // nothing is published from a broken evaluation: the sink's files go unfinished
            drop(done.sink);
            remove_empty(&created);
            ws.diagnostics.extend(done.summary.diagnostics);
            return stop(ws);
        }
        let labels = done.category_labels(&ws);
        let finished = done.sink.finish(&done.rest);
        if finished.is_err() {
            remove_empty(&created);
        }
        let finished = finished.map_err(write_error)?;
        ws.diagnostics.extend(done.summary.diagnostics);
        ws.diagnostics.extend(labels);
        finished
    };
    let diagnostics = ws.diagnostics.sorted(&ws.sources);
    Ok(ExportRun {
        workspace: ws,
        diagnostics,
        written: finished.written,
        omitted: finished.omitted,
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
