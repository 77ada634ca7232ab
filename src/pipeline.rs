//! The pipelines behind the commands: load -> check -> evaluate -> (assess) -> publish, with plain data between stages.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::assess::{self, Assessment};
use crate::budget::{self, BudgetOutput};
use crate::check;
use crate::diag::Diagnostic;
use crate::evaluate::{EvalSummary, Evaluation, Evaluator, IndicatorBatch};
use crate::load::DatasetIndex;
use crate::load::{self, LoadError, Workspace};
use crate::output;
use crate::output::budget::BudgetRun;
use crate::output::results::ResultsWriter;
use crate::output::write::OutputStage;
use crate::scorecard::{self, KpiInputs, ScorecardStatus};

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
    /// The assessment (absent when stopped after checking).
    pub assessment: Option<Assessment>,
    /// The budget stage's output (absent without a `budget:` section or when stopped).
    pub budget: Option<BudgetOutput>,
    /// The status of every scorecard (empty when stopped after checking).
    pub scorecards: Vec<ScorecardStatus>,
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

/// Checks everything a run reads: the project, its datasets, maps, indicators and texts, the
/// budget and the scorecards; problems go to `ws.diagnostics`. Returns the dataset index.
pub fn check_all(ws: &mut Workspace) -> DatasetIndex {
    let index = check::check(ws);
    let mut out = budget::check(ws, &index);
    out.extend(scorecard::check(ws));
    ws.diagnostics.extend(out);
    index
}

/// `localis eval`: loads and checks the project (stopping on errors), evaluates every
/// indicator for every place, assesses them (suppressing small cells first), and writes
/// `results.json`, `results.csv` and the assessment (`assessment.json`, `assessment.csv`,
/// `targets.csv`, `summary.csv`) to the output folder. Evaluation hands results on one
/// indicator at a time; they are gathered before assessment, because secondary suppression
/// looks across indicators and nothing may be written before it.
pub fn eval(project: &Path, options: &EvalOptions) -> Result<EvalRun, PipelineError> {
    // 1. load
    let mut ws = load::load(project)?;
    // 2. check: stop on errors, as `localis check` would report them
    let index = check_all(&mut ws);
    if ws.diagnostics.has_errors() {
        let diagnostics = ws.diagnostics.sorted(&ws.sources);
        return Ok(EvalRun {
            workspace: ws,
            diagnostics,
            stopped_after_check: true,
            written: Vec::new(),
            summary: None,
            assessment: None,
            budget: None,
            scorecards: Vec::new(),
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
    // 3. evaluate, collecting each indicator's results (all places) in id order
    let evaluator = Evaluator::new(&ws, &index);
    let files = evaluator.files().to_vec();
    let mut evaluation = Evaluation::default();
    let progress = crate::progress::Progress::start("evaluating", ws.active.len() as u64);
    let summary = evaluator
        .run(|batch| {
            progress.advance(1);
            evaluation.results.extend(batch.results);
            Ok::<(), std::io::Error>(())
        })
        .map_err(write_error)?;
    progress.finish();
    evaluation.places = summary.places.clone();
    evaluation.files = files;
    evaluation.completeness = summary.completeness.clone();
    // 4. budget, assess, scorecards: the budget's indicators join the evaluation first; small
    //    cells are suppressed in the evaluation before anything is written (secondary
    //    suppression looks across indicators, hence the whole evaluation at once)
    let stages = after_evaluation(&mut ws, &index, &mut evaluation);
    let assessment = stages.assessment;
    // 5. publish: the results, one indicator at a time, then the assessment, all staged and
    //    moved into the output folder together
    let stage = OutputStage::begin(&out_dir).map_err(write_error)?;
    let staged = stage.path().to_path_buf();
    let mut results = ResultsWriter::create(&staged, &evaluation.files).map_err(write_error)?;
    let mut start = 0;
    while start < evaluation.results.len() {
        let id = evaluation.results[start].indicator.clone();
        let end = start
            + evaluation.results[start..]
                .iter()
                .take_while(|r| r.indicator == id)
                .count();
        let batch = IndicatorBatch {
            indicator: id,
            results: evaluation.results[start..end].to_vec(),
        };
        results.write(&batch).map_err(write_error)?;
        start = end;
    }
    let mut written = results
        .finish(&evaluation.places, &evaluation.completeness)
        .map_err(write_error)?;
    written.extend(output::assessment::write(&staged, &assessment).map_err(write_error)?);
    if stages.budget.is_some() || !stages.scorecards.is_empty() {
        let run = BudgetRun {
            analysis: stages.budget.as_ref().map(|b| b.analysis.clone()),
            results: Vec::new(),
            files: Vec::new(),
            scorecards: stages.scorecards.clone(),
        };
        written.extend(
            output::budget::write_stage_outputs(&staged.join("budget"), &run)
                .map_err(write_error)?,
        );
    }
    let written: Vec<PathBuf> = written.iter().map(|p| stage.final_path(p)).collect();
    stage.commit().map_err(write_error)?;
    ws.diagnostics.extend(summary.diagnostics.iter().cloned());
    let diagnostics = ws.diagnostics.sorted(&ws.sources);
    Ok(EvalRun {
        workspace: ws,
        diagnostics,
        stopped_after_check: false,
        written,
        summary: Some(summary),
        assessment: Some(assessment),
        budget: stages.budget,
        scorecards: stages.scorecards,
    })
}

/// What the stages after evaluation produced.
#[derive(Debug)]
pub struct Stages {
    /// The budget stage's output, when the project has a `budget:` section that could be
    /// read; its indicators have been joined into the evaluation.
    pub budget: Option<BudgetOutput>,
    /// The assessment of the evaluation (with the budget's indicators).
    pub assessment: Assessment,
    /// The status of every scorecard, judged on the evaluation and the assessment's categories.
    pub scorecards: Vec<ScorecardStatus>,
}

/// Runs the budget stage when the project has a `budget:` section and joins its indicators
/// into the evaluation (so that they are assessed, charted and published like any other).
/// Only problems that checking has not already reported are added to the workspace.
pub fn budget_stage(
    ws: &mut Workspace,
    index: &DatasetIndex,
    evaluation: &mut Evaluation,
) -> Option<BudgetOutput> {
    ws.project().budget.as_ref()?;
    let (data, mut problems) = budget::data::load(ws, index);
    let output = data.map(|mut d| {
        d.attach_evaluation(evaluation);
        budget::analyse(&d)
    });
    if let Some(o) = &output {
        problems.extend(o.diagnostics.iter().cloned());
        budget::join(evaluation, o.results.clone(), &o.files);
    }
    let new: Vec<Diagnostic> = problems
        .into_iter()
        .filter(|d| !ws.diagnostics.items().contains(d))
        .collect();
    ws.diagnostics.extend(new);
    output
}

/// The stages after evaluation: the budget (joined into the evaluation), the assessment
/// (which suppresses small cells in the evaluation first), and the scorecards (judged on the
/// suppressed evaluation and on the assessment's categories).
pub fn after_evaluation(
    ws: &mut Workspace,
    index: &DatasetIndex,
    evaluation: &mut Evaluation,
) -> Stages {
    let budget = budget_stage(ws, index, evaluation);
    // categories found in the data without a label in a project language
    let categories = evaluation
        .results
        .iter()
        .flat_map(|r| &r.series)
        .flat_map(|s| {
            s.disaggregation
                .iter()
                .map(|(d, c)| (d.as_str(), c.as_str()))
        });
    let labels = check::vocabulary::check_categories(ws, categories);
    ws.diagnostics.extend(labels);
    let assessment = assess::assess(ws, evaluation);
    let place = ws.project().place.geocode.clone();
    let inputs = KpiInputs::new(
        ws,
        Some(evaluation),
        scorecard::categories(&assessment, &place),
    );
    let scorecards = scorecard::statuses(ws, &inputs);
    Stages {
        budget,
        assessment,
        scorecards,
    }
}

/// Evaluates a checked workspace and runs the stages after evaluation (budget, assessment,
/// scorecards); `None` when the evaluation found errors (they join the workspace's
/// diagnostics), so that nothing is published from a broken evaluation.
pub fn evaluate_and_assess(
    ws: &mut Workspace,
    index: &DatasetIndex,
) -> Option<(Evaluation, Stages)> {
    let (mut evaluation, problems, _) = crate::evaluate::evaluate(ws, index);
    let failed = problems
        .iter()
        .any(|d| d.severity == crate::diag::Severity::Error);
    ws.diagnostics.extend(problems);
    if failed {
        return None;
    }
    let stages = after_evaluation(ws, index, &mut evaluation);
    Some((evaluation, stages))
}

/// `localis budget` on a checked workspace: with a project free of errors, evaluates it, runs
/// the budget, assesses, and judges the scorecards on the evaluation and the assessment's
/// categories; with errors, computes the budget and the scorecards from what can be read
/// (the budget alone, without an evaluation).
pub fn budget_run(ws: &mut Workspace, index: &DatasetIndex) -> BudgetRun {
    if ws.diagnostics.has_errors() {
        return budget_without_evaluation(ws, index, None, Default::default());
    }
    let (mut evaluation, problems, _) = crate::evaluate::evaluate(ws, index);
    ws.diagnostics.extend(problems);
    let stages = after_evaluation(ws, index, &mut evaluation);
    BudgetRun {
        analysis: stages.budget.as_ref().map(|o| o.analysis.clone()),
        files: stages
            .budget
            .as_ref()
            .map(|o| o.files.clone())
            .unwrap_or_default(),
        results: stages.budget.map(|o| o.results).unwrap_or_default(),
        scorecards: stages.scorecards,
    }
}

/// Runs the budget stage and the scorecards on a checked workspace. KPIs are judged on the
/// evaluation when one is given, joined with the budget indicators (so that finance KPIs such
/// as the execution rate work on the budget alone), and on assessment categories by indicator.
pub fn budget_without_evaluation(
    ws: &mut Workspace,
    index: &DatasetIndex,
    evaluation: Option<&Evaluation>,
    categories: BTreeMap<String, String>,
) -> BudgetRun {
    let output: Option<BudgetOutput> = budget::run(ws, index, evaluation);
    let mut joined = evaluation.cloned().unwrap_or_default();
    if let Some(o) = &output {
        budget::join(&mut joined, o.results.clone(), &o.files);
    }
    let inputs = KpiInputs::new(ws, Some(&joined), categories);
    let scorecards = scorecard::statuses(ws, &inputs);
    BudgetRun {
        analysis: output.as_ref().map(|o| o.analysis.clone()),
        files: output.as_ref().map(|o| o.files.clone()).unwrap_or_default(),
        results: output.map(|o| o.results).unwrap_or_default(),
        scorecards,
    }
}
