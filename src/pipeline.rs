//! The pipelines behind the commands: load -> check -> evaluate -> (assess) -> publish, with plain data between stages.

use std::path::{Path, PathBuf};

use crate::check;
use crate::diag::Diagnostic;
use crate::evaluate::{EvalSummary, Evaluator};
use crate::load::{self, LoadError, Workspace};
use crate::publish::results::ResultsWriter;

/// Options of `localis eval`.
#[derive(Debug, Clone, Default)]
pub struct EvalOptions {
    /// Output folder (default: the project's `output`, relative to the project).
    pub output: Option<PathBuf>,
}

/// What `localis eval` did.
#[derive(Debug)]
pub struct EvalRun {
    /// The loaded project (its sources render the diagnostics).
    pub workspace: Workspace,
    /// Every problem of every stage, sorted.
    pub diagnostics: Vec<Diagnostic>,
    /// Whether the run stopped after checking, because the project has errors.
    pub stopped_after_check: bool,
    /// The files written.
    pub written: Vec<PathBuf>,
    /// What evaluation produced (absent when stopped after checking).
    pub summary: Option<EvalSummary>,
}

impl EvalRun {
    /// Whether any stage found an error.
    pub fn has_errors(&self) -> bool {
        self.workspace.diagnostics.has_errors()
    }
}

/// Why a pipeline could not run at all (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    /// The project could not be loaded.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// An output could not be written.
    #[error("failed to write the results to {path} ({source})")]
    Write {
        /// The output folder.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
}

/// `localis eval`: loads and checks the project (stopping on errors), evaluates every
/// indicator for every place, and writes `results.json` and `results.csv` to the output folder.
/// Results are handed from evaluation to the writers one indicator at a time, so memory stays
/// bounded at national scale.
pub fn eval(project: &Path, options: &EvalOptions) -> Result<EvalRun, PipelineError> {
    // 1. load
    let mut ws = load::load(project)?;
    // 2. check: stop on errors, as `localis check` would report them
    let index = check::check(&mut ws);
    if ws.diagnostics.has_errors() {
        let diagnostics = ws.diagnostics.sorted(&ws.sources);
        return Ok(EvalRun {
            workspace: ws,
            diagnostics,
            stopped_after_check: true,
            written: Vec::new(),
            summary: None,
        });
    }
    let out_dir = options
        .output
        .clone()
        .unwrap_or_else(|| ws.root.join(&ws.project().output));
    let write_error = |source| PipelineError::Write {
        path: out_dir.clone(),
        source,
    };
    // 3. evaluate, handing each indicator's results (all places) to the consumers in id order
    let evaluator = Evaluator::new(&ws, &index);
    let mut results = ResultsWriter::create(&out_dir, evaluator.files()).map_err(write_error)?;
    // (the assessment, issue 4, consumes each batch here as well)
    let summary = evaluator
        .run(|batch| results.write(&batch))
        .map_err(write_error)?;
    // 4. publish: put the result files in place
    let written = results
        .finish(&summary.places, &summary.completeness)
        .map_err(write_error)?;
    ws.diagnostics.extend(summary.diagnostics.iter().cloned());
    let diagnostics = ws.diagnostics.sorted(&ws.sources);
    Ok(EvalRun {
        workspace: ws,
        diagnostics,
        stopped_after_check: false,
        written,
        summary: Some(summary),
    })
}
