//! The pipelines behind the commands: load -> check -> evaluate -> (assess) -> publish, with plain data between stages.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::assess::{self, AssessOptions, Assessment, Assessor, IndicatorAssessment};
use crate::budget::data::BudgetData;
use crate::budget::{self, BudgetOutput};
use crate::check;
use crate::diag::{Diagnostic, Severity};
use crate::evaluate::{EvalSummary, Evaluation, Evaluator, IndicatorBatch, IndicatorResult};
use crate::load::DatasetIndex;
use crate::load::{self, LoadError, Workspace};
use crate::output;
use crate::output::assessment::AssessmentWriter;
use crate::output::budget::BudgetRun;
use crate::output::results::ResultsWriter;
use crate::output::write::{JsonLimit, OutputStage, Tables};
use crate::privacy::Privacy;
use crate::scorecard::{self, KpiInputs, ScorecardStatus};

/// Options of `localis eval`.
#[derive(Debug, Clone, Default)]
pub struct EvalOptions {
    /// Output folder (default: the project's `output`, relative to the project).
    pub output: Option<PathBuf>,
    /// Write `results.json` and `assessment.json` whatever their size (by default they are
    /// left out above [`output::write::DEFAULT_JSON_LIMIT`]).
    pub json: bool,
    /// Indicators suppressed, assessed and written together (default [`WINDOW`]); the
    /// outputs never depend on it, memory grows with it.
    pub window: Option<usize>,
    /// The size in bytes above which JSON is left out (default
    /// [`output::write::DEFAULT_JSON_LIMIT`]).
    pub json_limit: Option<u64>,
    /// Also write the results and the assessment as Parquet, one file per indicator under
    /// `results/` and `assessment/` (see [`output::columnar`]).
    pub parquet: bool,
    /// Write `results.csv` and `assessment.csv` whatever the project's size (by default
    /// Parquet replaces them when the data files of values, records left out, pass
    /// [`EvalOptions::csv_limit`]).
    pub csv: bool,
    /// The size in bytes of the data files above which Parquet replaces CSV (default
    /// [`output::write::DEFAULT_CSV_DATA_LIMIT`]).
    pub csv_limit: Option<u64>,
}

impl EvalOptions {
    /// The forms of the results and the assessment for a project whose data files hold
    /// `data_bytes`: CSV up to the limit (or when asked for), Parquet above it (or when asked).
    pub fn tables(&self, data_bytes: u64) -> Tables {
        let large = data_bytes
            > self
                .csv_limit
                .unwrap_or(output::write::DEFAULT_CSV_DATA_LIMIT);
        Tables {
            csv: self.csv || !large,
            parquet: self.parquet || large,
        }
    }
}

/// Indicators assessed and written together by `localis eval` (unless indicators that share
/// suppressions need a longer window).
pub(crate) const WINDOW: usize = crate::evaluate::WINDOW;

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
    /// JSON files left out because they would be larger than the limit (see [`EvalOptions::json`]).
    pub omitted: Vec<PathBuf>,
    /// What evaluation produced (absent when stopped after checking).
    pub summary: Option<EvalSummary>,
    /// Cells suppressed for privacy (absent when stopped after checking).
    pub suppressed_cells: Option<usize>,
    /// The budget stage's output (absent without a `budget:` section or when stopped).
    pub budget: Option<BudgetOutput>,
    /// The status of every scorecard (empty when stopped after checking).
    pub scorecards: Vec<ScorecardStatus>,
    /// The size of the data files when it made Parquet replace `results.csv` and
    /// `assessment.csv` (see [`EvalOptions::tables`]).
    pub csv_left_out: Option<u64>,
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

/// What checking hands on to the stages after it: the dataset index (which it dereferences
/// to), and the budget, loaded once and analysed once.
#[derive(Debug, Default)]
pub struct Checked {
    /// What checking learnt about the datasets.
    pub index: DatasetIndex,
    budget: Option<CheckedBudget>,
}

/// The budget as checking leaves it.
#[derive(Debug)]
enum CheckedBudget {
    /// Analysed while checking (its diagnostics reported): nothing in it comes from the
    /// evaluation, or no evaluation follows.
    Analysed(BudgetOutput),
    /// Its deflator or population comes from indicators: analysed once they are evaluated.
    Waiting(BudgetData),
}

impl std::ops::Deref for Checked {
    type Target = DatasetIndex;

    fn deref(&self) -> &DatasetIndex {
        &self.index
    }
}

impl Checked {
    /// Analyses a budget that waits for the evaluation without it, reporting its problems:
    /// for runs that evaluate no budget (`localis check`, a report per place).
    pub fn analyse_budget_now(&mut self, ws: &mut Workspace) {
        if let Some(CheckedBudget::Waiting(data)) = &self.budget {
            let output = budget::analyse(data);
            ws.diagnostics.extend(output.diagnostics.iter().cloned());
            self.budget = Some(CheckedBudget::Analysed(output));
        }
    }
}

/// Checks everything a run reads: the project, its datasets, maps, indicators and texts, the
/// budget and the scorecards; problems go to `ws.diagnostics`. The budget is loaded here and
/// analysed here too, unless its analysis needs the evaluation (a deflator or population
/// taken from indicators) and the project has no error (so that an evaluation may follow).
pub fn check_all(ws: &mut Workspace) -> Checked {
    let index = check::check(ws);
    let (data, loaded) = budget::data::load(ws, &index);
    let library = budget::check_library(ws);
    let scorecards = scorecard::check(ws);
    let errors = ws.diagnostics.has_errors()
        || loaded
            .iter()
            .chain(&scorecards)
            .any(|d| d.severity == Severity::Error);
    let budget = data.map(|d| {
        if d.draws_on_indicators() && !errors {
            CheckedBudget::Waiting(d)
        } else {
            CheckedBudget::Analysed(budget::analyse(&d))
        }
    });
    ws.diagnostics.extend(loaded);
    if let Some(CheckedBudget::Analysed(o)) = &budget {
        ws.diagnostics.extend(o.diagnostics.iter().cloned());
    }
    ws.diagnostics.extend(library);
    ws.diagnostics.extend(scorecards);
    Checked { index, budget }
}

/// `localis eval`: loads and checks the project (stopping on errors), evaluates every
/// indicator for every place, assesses them (suppressing small cells first), and writes
/// `results.json`, `results.csv` and the assessment (`assessment.json`, `assessment.csv`,
/// `targets.csv`, `summary.csv`), and with [`EvalOptions::parquet`] the results and the
/// assessment as Parquet too (Parquet instead of their CSV for large projects, see
/// [`EvalOptions::tables`]), to the output folder, all staged and moved in together.
///
/// Evaluation hands results on one indicator at a time; they are suppressed, assessed and
/// written by windows of indicators (see [`EvalOptions::window`]), so that memory grows with
/// the window, not with the country. A window holds together every indicator that shares
/// suppressions with another (secondary suppression looks across them). A project with a
/// budget or scorecards, which look across every indicator, is assessed in one window.
pub fn eval(project: &Path, options: &EvalOptions) -> Result<EvalRun, PipelineError> {
    // 1. load
    let mut ws = load::load(project)?;
    // 2. check: stop on errors, as `localis check` would report them
    let checked = check_all(&mut ws);
    if ws.diagnostics.has_errors() {
        let diagnostics = ws.diagnostics.sorted(&ws.sources);
        return Ok(EvalRun {
            workspace: ws,
            diagnostics,
            stopped_after_check: true,
            written: Vec::new(),
            omitted: Vec::new(),
            summary: None,
            suppressed_cells: None,
            budget: None,
            scorecards: Vec::new(),
            csv_left_out: None,
        });
    }
    // tables of values become as many results; records aggregate into far fewer
    let data_bytes = checked.data_bytes(|spec| {
        ws.project()
            .datasets
            .get(spec)
            .is_none_or(|d| d.kind != crate::model::dataset::DatasetKind::Records)
    });
    let tables = options.tables(data_bytes);
    let out_dir = options
        .output
        .clone()
        .unwrap_or_else(|| ws.root.join(&ws.project().output));
    let write_error = |source| PipelineError::Write {
        path: out_dir.clone(),
        source,
    };
    let limit = JsonLimit::from_options(options.json, options.json_limit);
    let stage = OutputStage::begin(&out_dir).map_err(write_error)?;
    let staged = stage.path().to_path_buf();
    let whole = ws.project().budget.is_some() || !ws.scorecards.is_empty();
    let (summary, finished, suppressed_cells, budget, scorecards) = if whole {
        let (summary, evaluation, stages) = eval_whole(&mut ws, &checked);
        let (mut results, mut assessment) =
            writers(&staged, &evaluation.files, limit, tables).map_err(write_error)?;
        results
            .write_results(&evaluation.results)
            .map_err(write_error)?;
        let mut finished = results
            .finish(&evaluation.places, &evaluation.completeness)
            .map_err(write_error)?;
        let suppressed = stages.assessment.suppressed_cells;
        assessment
            .write(&stages.assessment.results)
            .map_err(write_error)?;
        finished.extend(assessment.finish(&stages.assessment).map_err(write_error)?);
        if stages.budget.is_some() || !stages.scorecards.is_empty() {
            let run = BudgetRun {
                analysis: stages.budget.as_ref().map(|b| b.analysis.clone()),
                results: Vec::new(),
                files: Vec::new(),
                scorecards: stages.scorecards.clone(),
            };
            finished.written.extend(
                output::budget::write_stage_outputs(&staged.join("budget"), &run)
                    .map_err(write_error)?,
            );
        }
        (
            summary,
            finished,
            suppressed,
            stages.budget,
            stages.scorecards,
        )
    } else {
        let window = options.window.unwrap_or(WINDOW);
        let make = |files: &[crate::evaluate::DataFile]| {
            let (results, assessment) = writers(&staged, files, limit, tables)?;
            Ok(EvalSink {
                results,
                assessment,
            })
        };
        let done = stream(&ws, &checked, window, &make).map_err(write_error)?;
        let labels = done.category_labels(&ws);
        ws.diagnostics.extend(labels);
        let EvalSink {
            results,
            assessment,
        } = done.sink;
        let mut finished = results
            .finish(&done.summary.places, &done.summary.completeness)
            .map_err(write_error)?;
        finished.extend(assessment.finish(&done.rest).map_err(write_error)?);
        (
            done.summary,
            finished,
            done.rest.suppressed_cells,
            None,
            Vec::new(),
        )
    };
    let written: Vec<PathBuf> = finished
        .written
        .iter()
        .map(|p| stage.final_path(p))
        .collect();
    let omitted: Vec<PathBuf> = finished
        .omitted
        .iter()
        .map(|p| stage.final_path(p))
        .collect();
    let replaced = finished.replaced.iter().map(|p| stage.final_path(p));
    let stale: Vec<PathBuf> = omitted.iter().cloned().chain(replaced).collect();
    stage.commit().map_err(write_error)?;
    // a JSON file left out must not stay from an earlier run beside this run's CSV, nor a
    // CSV file beside this run's Parquet
    for p in &stale {
        if p.is_file() {
            std::fs::remove_file(p).map_err(write_error)?;
        }
    }
    // nor Parquet files of indicators this run did not write (all of them without --parquet)
    output::columnar::remove_stale(&out_dir, &written).map_err(write_error)?;
    ws.diagnostics.extend(summary.diagnostics.iter().cloned());
    let diagnostics = ws.diagnostics.sorted(&ws.sources);
    Ok(EvalRun {
        workspace: ws,
        diagnostics,
        stopped_after_check: false,
        written,
        omitted,
        summary: Some(summary),
        suppressed_cells: Some(suppressed_cells),
        budget,
        scorecards,
        csv_left_out: (!tables.csv).then_some(data_bytes),
    })
}

/// Evaluates the whole project into memory and runs the stages after evaluation: the budget's
/// indicators join the evaluation first; small cells are suppressed in the evaluation before
/// anything is written.
fn eval_whole(ws: &mut Workspace, checked: &Checked) -> (EvalSummary, Evaluation, Stages) {
    let (mut evaluation, summary) = crate::evaluate::evaluate_summarised(ws, checked);
    let stages = after_evaluation(ws, checked, &mut evaluation);
    (summary, evaluation, stages)
}

/// The writers of the results and the assessment, with their Parquet files when asked for.
fn writers(
    dir: &Path,
    files: &[crate::evaluate::DataFile],
    limit: JsonLimit,
    tables: Tables,
) -> std::io::Result<(ResultsWriter, AssessmentWriter)> {
    let mut results = ResultsWriter::create_limited(dir, files, limit)?;
    let mut assessment = AssessmentWriter::create(dir, limit)?;
    if tables.parquet {
        results = results.with_parquet(dir)?;
        assessment = assessment.with_parquet()?;
    }
    if !tables.csv {
        results = results.without_csv();
        assessment = assessment.without_csv();
    }
    Ok((results, assessment))
}

/// What assessment needs to know of the whole evaluation before its first window.
#[derive(Debug, Clone)]
struct Facts {
    /// Every place with a result (sorted).
    places: Vec<String>,
    /// The latest year with a value in the evaluation.
    latest: Option<i32>,
}

/// How a streaming pass ended.
enum Pass<S> {
    /// Everything written.
    Done(Box<Streamed<S>>),
    /// The facts assumed at the first window proved wrong: run again with these.
    Again(Facts),
}

/// Where a streaming run writes each window of indicators (see [`stream`]): `localis eval`'s
/// results and assessment files, or the files of `localis export`.
pub(crate) trait WindowSink: Send {
    /// Writes one window: the results of its indicators for every place, small cells
    /// suppressed, and their assessment (sorted by indicator then place).
    fn window(
        &mut self,
        results: &[IndicatorResult],
        assessed: &[IndicatorAssessment],
    ) -> std::io::Result<()>;
}

/// The writers of `localis eval`: the results and the assessment.
struct EvalSink {
    results: ResultsWriter,
    assessment: AssessmentWriter,
}

impl WindowSink for EvalSink {
    fn window(
        &mut self,
        results: &[IndicatorResult],
        assessed: &[IndicatorAssessment],
    ) -> std::io::Result<()> {
        self.results.write_results(results)?;
        self.assessment.write(assessed)
    }
}

/// What a streaming run produced: the evaluation's summary, the sink every window went to
/// (to be finished by the caller), and the assessment without its results (settings,
/// awards, summaries and the cells suppressed).
pub(crate) struct Streamed<S> {
    /// The summary of the evaluation (places, files, completeness, problems).
    pub summary: EvalSummary,
    /// The sink, every window written.
    pub sink: S,
    /// The assessment without its results.
    pub rest: Assessment,
    /// Every category of every disaggregation in the results.
    pub categories: BTreeMap<String, BTreeSet<String>>,
}

impl<S> Streamed<S> {
    /// The warnings for categories found in the data without a label in a project language.
    pub(crate) fn category_labels(&self, ws: &Workspace) -> Vec<Diagnostic> {
        check::vocabulary::check_categories(
            ws,
            self.categories
                .iter()
                .flat_map(|(d, cs)| cs.iter().map(move |c| (d.as_str(), c.as_str()))),
        )
    }
}

/// Makes a run's sink at its first window, given the data files provenance points at.
pub(crate) type MakeSink<'m, S> =
    dyn Fn(&[crate::evaluate::DataFile]) -> std::io::Result<S> + Sync + 'm;

/// Evaluates a checked project without errors and, by windows of `window` indicators (more
/// when indicators share suppressions), suppresses small cells, assesses and hands each
/// window to the sink `make` creates, so that memory grows with the window, not with the
/// country. The facts the assessment needs of the whole evaluation (its places, its latest
/// year) are assumed from the first window; when a later one proves them wrong, the sink is
/// dropped and the run starts again knowing them.
pub(crate) fn stream<S: WindowSink>(
    ws: &Workspace,
    index: &DatasetIndex,
    window: usize,
    make: &MakeSink<'_, S>,
) -> std::io::Result<Streamed<S>> {
    let mut known = None;
    loop {
        match stream_pass(ws, index, window.max(1), known.as_ref(), make)? {
            Pass::Done(done) => return Ok(*done),
            // a place or a later year turned up after the first windows were assessed:
            // run again knowing them (rare: every place usually has the first indicators)
            Pass::Again(facts) => known = Some(facts),
        }
    }
}

/// The writing side of a streaming pass: results waiting for their window to close, the
/// assessor and the sink (created at the first window, once the facts are assumed).
struct Windows<'w, 'm, S> {
    ws: &'w Workspace,
    make: &'m MakeSink<'m, S>,
    window: usize,
    files: Vec<crate::evaluate::DataFile>,
    /// The privacy stage, run on each window before it is assessed.
    privacy: Privacy,
    /// For each active indicator, the last one its window must hold (see [`Privacy::reach`]).
    reach: Vec<usize>,
    /// Results of the indicators from `start` on, not yet assessed.
    pending: Vec<IndicatorResult>,
    start: usize,
    count: usize,
    pending_reach: usize,
    /// Every place seen so far, and the latest year with a value.
    places: BTreeSet<String>,
    latest: Option<i32>,
    categories: BTreeMap<String, BTreeSet<String>>,
    /// The facts the assessment goes by (given, or assumed at the first window).
    known: Option<Facts>,
    /// Whether the facts were given (then they cannot prove wrong).
    given: bool,
    uses_reference_year: bool,
    /// Cells the privacy stage has suppressed in the windows so far.
    suppressed_cells: usize,
    writers: Option<(Assessor<'w>, S)>,
    /// Whether the facts proved wrong (nothing more is assessed nor written).
    wrong: bool,
}

impl<S: WindowSink> Windows<'_, '_, S> {
    /// Takes one indicator's results; assesses and writes a window when it is full and closed.
    fn take(&mut self, batch: IndicatorBatch) -> std::io::Result<()> {
        let i = self.start + self.count;
        for r in &batch.results {
            if !self.places.contains(&r.place) {
                self.places.insert(r.place.clone());
                if let Some(k) = self.known.as_ref().filter(|_| self.writers.is_some()) {
                    self.wrong |= k.places.binary_search(&r.place).is_err();
                }
            }
            if let Some(y) = assess::latest_year(r)
                && self.latest.is_none_or(|l| y > l)
            {
                self.latest = Some(y);
            }
            for s in &r.series {
                for (d, c) in &s.disaggregation {
                    let known = self
                        .categories
                        .get(d.as_str())
                        .is_some_and(|cs| cs.contains(c.as_str()));
                    if !known {
                        self.categories
                            .entry(d.clone())
                            .or_default()
                            .insert(c.clone());
                    }
                }
            }
        }
        if self.wrong {
            // nothing more is assessed nor written: the facts are being gathered to run again
            self.writers = None;
            self.pending = Vec::new();
            return Ok(());
        }
        self.pending.extend(batch.results);
        self.count += 1;
        self.pending_reach = self
            .pending_reach
            .max(self.reach.get(i).copied().unwrap_or(i));
        if self.count >= self.window && self.pending_reach <= i {
            self.flush()?;
        }
        Ok(())
    }

    /// Suppresses, assesses and writes the pending indicators.
    fn flush(&mut self) -> std::io::Result<()> {
        if self.count == 0 || self.wrong {
            return Ok(());
        }
        if self.writers.is_none() {
            let facts = self.known.clone().unwrap_or_else(|| Facts {
                places: self.places.iter().cloned().collect(),
                latest: self.latest,
            });
            let places = if facts.places.is_empty() {
                vec![self.ws.project().place.geocode.clone()]
            } else {
                facts.places.clone()
            };
            let options = AssessOptions::with_latest_year(facts.latest);
            let assessor = Assessor::new(self.ws, &options, places, &self.privacy);
            self.uses_reference_year = AssessOptions::source_year().is_none()
                && assessor.uses_reference_year(0..self.ws.active.len());
            let sink = (self.make)(&self.files)?;
            self.known = Some(facts);
            self.writers = Some((assessor, sink));
        }
        if !self.given && self.uses_reference_year {
            self.wrong |= self.known.as_ref().is_some_and(|k| k.latest != self.latest);
            if self.wrong {
                return Ok(());
            }
        }
        let Some((assessor, sink)) = &mut self.writers else {
            return Ok(());
        };
        let mut evaluation = Evaluation {
            results: std::mem::take(&mut self.pending),
            ..Default::default()
        };
        let range = self.start..self.start + self.count;
        // the privacy stage, then the assessment of what it leaves
        self.suppressed_cells += self.privacy.suppress(&mut evaluation);
        let assessed = assessor.window(&evaluation, range);
        sink.window(&evaluation.results, &assessed)?;
        self.start += self.count;
        self.count = 0;
        Ok(())
    }
}

/// One streaming pass: evaluates, and by windows suppresses, assesses and writes. Without
/// `known` facts, those seen by the first window are assumed; when a later window proves
/// them wrong, the pass evaluates on without writing and asks to run again.
fn stream_pass<S: WindowSink>(
    ws: &Workspace,
    index: &DatasetIndex,
    window: usize,
    known: Option<&Facts>,
    make: &MakeSink<'_, S>,
) -> std::io::Result<Pass<S>> {
    let evaluator = Evaluator::new(ws, index);
    let privacy = Privacy::new(ws);
    let mut windows = Windows {
        ws,
        reach: privacy.reach(),
        privacy,
        make,
        window,
        files: evaluator.files().to_vec(),
        pending: Vec::new(),
        start: 0,
        count: 0,
        pending_reach: 0,
        places: BTreeSet::new(),
        latest: None,
        categories: BTreeMap::new(),
        known: known.cloned(),
        given: known.is_some(),
        uses_reference_year: false,
        suppressed_cells: 0,
        writers: None,
        wrong: false,
    };
    let summary = evaluator.run_shown(|batch| windows.take(batch))?;
    windows.flush()?;
    if !windows.given && windows.uses_reference_year {
        windows.wrong |= windows
            .known
            .as_ref()
            .is_some_and(|k| k.latest != windows.latest);
    }
    if windows.wrong {
        return Ok(Pass::Again(Facts {
            places: windows.places.into_iter().collect(),
            latest: windows.latest,
        }));
    }
    let latest = windows.latest;
    let categories = std::mem::take(&mut windows.categories);
    let (assessor, sink) = match windows.writers.take() {
        Some(w) => w,
        None => {
            // nothing evaluated: the project's place alone
            let places = vec![ws.project().place.geocode.clone()];
            let options = AssessOptions::with_latest_year(latest);
            (
                Assessor::new(ws, &options, places, &windows.privacy),
                make(&summary.files)?,
            )
        }
    };
    let mut rest = assessor.finish(windows.suppressed_cells);
    rest.settings.reference_year = AssessOptions::with_latest_year(latest).reference_year;
    Ok(Pass::Done(Box::new(Streamed {
        summary,
        sink,
        rest,
        categories,
    })))
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

/// Runs the budget stage when the project has a `budget:` section that could be read, and
/// joins its indicators into the evaluation (so that they are assessed, charted and published
/// like any other). A budget waiting for the evaluation is analysed now, once, and its
/// problems are reported; one analysed while checking is taken as it is.
pub(crate) fn budget_stage(
    ws: &mut Workspace,
    checked: &Checked,
    evaluation: &mut Evaluation,
) -> Option<BudgetOutput> {
    let output = match checked.budget.as_ref()? {
        CheckedBudget::Analysed(output) => output.clone(),
        CheckedBudget::Waiting(data) => {
            let mut data = data.clone();
            data.attach_evaluation(evaluation);
            let output = budget::analyse(&data);
            ws.diagnostics.extend(output.diagnostics.iter().cloned());
            output
        }
    };
    budget::join(evaluation, output.results.clone(), &output.files);
    Some(output)
}

/// The stages after evaluation: the budget (joined into the evaluation), the assessment
/// (which suppresses small cells in the evaluation first), and the scorecards (judged on the
/// suppressed evaluation and on the assessment's categories).
pub(crate) fn after_evaluation(
    ws: &mut Workspace,
    checked: &Checked,
    evaluation: &mut Evaluation,
) -> Stages {
    let budget = budget_stage(ws, checked, evaluation);
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
    let options = AssessOptions::for_evaluation(evaluation);
    let assessment = protect_and_assess(ws, &Privacy::new(ws), evaluation, &options);
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
pub fn evaluate_and_assess(ws: &mut Workspace, checked: &Checked) -> Option<(Evaluation, Stages)> {
    let (mut evaluation, problems, _) = crate::evaluate::evaluate(ws, checked);
    let failed = problems
        .iter()
        .any(|d| d.severity == crate::diag::Severity::Error);
    ws.diagnostics.extend(problems);
    if failed {
        return None;
    }
    let stages = after_evaluation(ws, checked, &mut evaluation);
    Some((evaluation, stages))
}

/// `localis budget` on a checked workspace: with a project free of errors, evaluates it, runs
/// the budget, assesses, and judges the scorecards on the evaluation and the assessment's
/// categories; with errors, computes the budget and the scorecards from what can be read
/// (the budget alone, without an evaluation).
pub fn budget_run(ws: &mut Workspace, checked: &Checked) -> BudgetRun {
    if ws.diagnostics.has_errors() {
        return budget_without_evaluation(ws, checked);
    }
    let (mut evaluation, problems, _) = crate::evaluate::evaluate(ws, checked);
    ws.diagnostics.extend(problems);
    let stages = after_evaluation(ws, checked, &mut evaluation);
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

/// The budget as checking analysed it, and the scorecards judged on its indicators alone
/// (so that finance KPIs such as the execution rate work on the budget alone), for a project
/// with errors, which is not evaluated.
fn budget_without_evaluation(ws: &Workspace, checked: &Checked) -> BudgetRun {
    let output = match &checked.budget {
        Some(CheckedBudget::Analysed(output)) => Some(output),
        _ => None,
    };
    let mut joined = Evaluation::default();
    if let Some(o) = output {
        budget::join(&mut joined, o.results.clone(), &o.files);
    }
    let inputs = KpiInputs::new(ws, Some(&joined), BTreeMap::new());
    let scorecards = scorecard::statuses(ws, &inputs);
    BudgetRun {
        analysis: output.map(|o| o.analysis.clone()),
        files: output.map(|o| o.files.clone()).unwrap_or_default(),
        results: output.map(|o| o.results.clone()).unwrap_or_default(),
        scorecards,
    }
}

/// The privacy stage, then the assessment: suppresses the small cells of `evaluation` (in
/// place, so that nothing later sees them) and assesses what is left.
pub fn protect_and_assess(
    ws: &Workspace,
    privacy: &Privacy,
    evaluation: &mut Evaluation,
    options: &AssessOptions,
) -> Assessment {
    let suppressed = privacy.suppress(evaluation);
    assess::assess_with(ws, evaluation, options, privacy, suppressed)
}
