//! `localis watch`: rebuilds the project's reports whenever its YAML, data or templates change, reusing what did not change.
//!
//! The project is loaded, checked, evaluated and assessed once and kept in memory. A change
//! to typst markup under `report-templates/` only typesets again from the kept report data and
//! figures; a change to its labels, sentences or fonts redraws them from the kept evaluation; a
//! change to datasets alone checks, evaluates and assesses again from the kept YAML and draws
//! again only the charts whose data changed; any other change (YAML, maps) runs the whole
//! pipeline again. Changes are debounced (an editor's save is several events). typst's
//! memoisation cache stays warm between rebuilds, so an edit recompiles only what it touched.
//! Each rebuild writes a report twice: an untagged preview as soon as it is laid out (half
//! the export's time), then the tagged PDF `localis report` writes, from typst's cache.
//! Files under the output folder, hidden files and folders, and `target/` are ignored.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify::{EventKind, RecursiveMode, Watcher};
use rayon::prelude::*;

use crate::diag::{Diagnostic, Diagnostics, Sources};
use crate::evaluate::Evaluation;
use crate::load::{self, Workspace};
use crate::pipeline::Stages;
use crate::publish::charts::ChartCache;
use crate::publish::report::{
    self, BuildOptions, PreparedReport, ReportCommand, StageInputs, WrittenReport,
    build::stages_from_assessment,
};
use crate::publish::sentences::Sentences;

/// How many compilations typst's cache keeps entries that were not used for: 8 rebuilds,
/// each compiling a report twice (its preview, then its tagged PDF).
const CACHE_MAX_AGE: usize = 16;

/// Options of `localis watch`.
#[derive(Debug, Clone)]
pub struct WatchOptions {
    /// The project, and which reports and languages to build (as `localis report`).
    pub report: ReportCommand,
    /// How long the files must stay quiet before a rebuild starts.
    pub debounce: Duration,
}

/// What a rebuild had to redo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Redone {
    /// The first build, a change to YAML, maps or any file that is not a dataset or a
    /// template, or a rebuild with nothing to reuse: load, check, evaluate, assess, typeset.
    Everything,
    /// Only datasets changed: check, evaluate, assess and typeset again from the YAML as
    /// loaded before (nothing the load stage reads changed).
    Data,
    /// Labels, sentences or fonts changed: draw and typeset again from the kept evaluation.
    Templates,
    /// Only typst markup (or other template files) changed: typeset again from the kept
    /// report data and figures.
    Markup,
}

/// What one rebuild did, handed to the caller to print.
#[derive(Debug)]
pub struct Rebuild<'a> {
    /// What was redone.
    pub redone: Redone,
    /// The changed files that started it (empty for the first build).
    pub changed: &'a [PathBuf],
    /// The sources the diagnostics point into.
    pub sources: &'a Sources,
    /// Every problem found, sorted.
    pub diagnostics: Vec<Diagnostic>,
    /// The PDFs written.
    pub written: Vec<WrittenReport>,
    /// Why nothing could be built at all (the project could not be loaded).
    pub failure: Option<String>,
    /// Wall time of the rebuild, in seconds.
    pub seconds: f64,
    /// Whether `written` are previews, shown before the tagged PDFs replace them (then
    /// `diagnostics` is empty: the tagged PDFs' rebuild reports every problem).
    pub preview: bool,
}

/// Why watching could not start or stopped.
#[derive(Debug, thiserror::Error)]
pub enum WatchError {
    /// The file watcher failed.
    #[error("failed to watch {path} ({source})")]
    Watch {
        /// The folder.
        path: PathBuf,
        /// The cause.
        source: notify::Error,
    },
    /// The project folder does not exist.
    #[error("failed to find the project folder {0}")]
    NoProject(PathBuf),
}

/// A project evaluated and assessed, ready to typeset again.
struct Evaluated {
    evaluation: Evaluation,
    /// The budget, assessment and scorecards (as `localis report` runs them).
    after: Stages,
    stages: StageInputs,
    date: Option<time::Date>,
}

/// What the watcher keeps between rebuilds.
struct Session {
    /// The project as the load stage left it (before checking), for rebuilds after data edits.
    loaded: Option<Workspace>,
    workspace: Option<Workspace>,
    evaluated: Option<Evaluated>,
    /// What typesetting reuses from the last build.
    kept: Kept,
}

/// What the last build prepared for typesetting, kept for the next one.
#[derive(Default)]
struct Kept {
    /// Report data and figures by the path of the report they are for.
    reports: BTreeMap<PathBuf, PreparedReport>,
    /// The charts drawn by the last build, reused after data edits for the charts whose data
    /// did not change.
    charts: ChartCache,
}

/// Checks, evaluates and assesses a loaded project. The evaluation is absent when a stage
/// found errors (they are in the workspace's diagnostics).
fn evaluate_loaded(mut ws: Workspace) -> (Workspace, Option<Evaluated>) {
    let index = crate::pipeline::check_all(&mut ws);
    if ws.diagnostics.has_errors() {
        return (ws, None);
    }
    let date = match report::publication_date(ws.project()) {
        Ok(d) => d,
        Err(e) => {
            ws.diagnostics.push(e.to_diagnostic());
            return (ws, None);
        }
    };
    // the same stages as `localis report`: the budget joins the evaluation, then the
    // assessment and the scorecards
    let Some((evaluation, after)) = crate::pipeline::evaluate_and_assess(&mut ws, &index) else {
        return (ws, None);
    };
    let stages = stages_from_assessment(&after.assessment, &ws.project().place.geocode)
        .with_budget(after.budget.as_ref());
    (
        ws,
        Some(Evaluated {
            evaluation,
            after,
            stages,
            date,
        }),
    )
}

/// Typesets and writes the reports of an evaluated project: first their previews (handed to
/// `previewed` once written), then their tagged PDFs and the publications. Report data and
/// figures come from `kept` when they are there, and are kept there for the next rebuild, as
/// are the charts drawn.
fn build_reports(
    ws: &Workspace,
    evaluated: &Evaluated,
    command: &ReportCommand,
    kept: &mut Kept,
    sources: &mut Sources,
    diagnostics: &mut Diagnostics,
    previewed: impl FnOnce(Vec<WrittenReport>),
) -> Vec<WrittenReport> {
    let templates = report::project_templates(&ws.root, diagnostics);
    let fonts = report::project_fonts(&templates, diagnostics);
    let sentences = Sentences::with_overrides(&ws.root.join("report-templates"));
    let project = ws.project();
    let mut publications = Vec::new();
    // one job per report and language: (path, options); the path is its key into `kept` (two
    // reports of one template differ by file name)
    let mut jobs = Vec::new();
    for spec in report::report_specs(project, command.template.as_deref()) {
        let languages = report::report_languages(&spec, &command.languages, project);
        if report::is_publication(&spec.template) {
            publications.push((spec, languages));
            continue;
        }
        let name = spec.file.clone().unwrap_or_else(|| spec.template.clone());
        for lang in &languages {
            let options = BuildOptions {
                template: spec.template.clone(),
                lang: lang.clone(),
                place: None,
                date: evaluated.date,
                standard: spec.standard,
                kind: spec.kind,
            };
            let path = report::report_path(ws, &name, lang, languages.len());
            jobs.push((path, options));
        }
    }
    // the languages are prepared and typeset at once (as `localis report` does), each job
    // with sources and diagnostics of its own, merged in job order (deterministic ids)
    let prepared: Vec<_> = jobs
        .par_iter()
        .filter(|(path, _)| !kept.reports.contains_key(path))
        .map(|(path, options)| {
            let mut job = (Sources::default(), Diagnostics::default());
            let fresh = report::prepare_one(
                ws,
                &evaluated.evaluation,
                &evaluated.stages,
                options,
                &templates,
                &sentences,
                Some(&kept.charts),
                &mut job.0,
                &mut job.1,
            );
            (path.clone(), fresh, job)
        })
        .collect();
    // the charts of a build that prepared every report are all the next build can reuse (a
    // build that prepared some, such as a markup edit after a failed report, adds to them)
    if prepared.len() == jobs.len() {
        kept.charts.advance();
    }
    let mut charts_seconds = BTreeMap::new();
    for (key, fresh, job) in prepared {
        diagnostics.absorb(sources, &job.0, job.1);
        if let Some(fresh) = fresh {
            charts_seconds.insert(key.clone(), fresh.charts_seconds);
            kept.reports.insert(key, fresh);
        }
    }
    let kept = &kept.reports;
    // typesets every prepared job and writes its PDF; a preview's problems are reported by
    // the tagged pass, which finds them again (and those of the standard the tagged PDF
    // claims, which the preview does not)
    let typeset = |preview: bool, sources: &mut Sources, diagnostics: &mut Diagnostics| {
        let done: Vec<_> = jobs
            .par_iter()
            .map(|(path, options)| {
                let mut job = (Sources::default(), Diagnostics::default());
                let pdf = kept.get(path).and_then(|prepared| {
                    report::render_prepared(
                        prepared,
                        options,
                        preview,
                        &templates,
                        &fonts,
                        &mut job.0,
                        &mut job.1,
                        &project.place.geocode,
                    )
                });
                (pdf, job)
            })
            .collect();
        let mut written = Vec::new();
        // a preview that cannot be written: the tagged PDF cannot be either, and says why
        let mut unreported = Diagnostics::default();
        let diagnostics = if preview {
            &mut unreported
        } else {
            diagnostics
        };
        for ((path, options), (pdf, job)) in jobs.iter().zip(done) {
            if !preview {
                diagnostics.absorb(sources, &job.0, job.1);
            }
            let Some(pdf) = pdf else {
                continue;
            };
            let charts = charts_seconds.get(path).copied().unwrap_or(0.0);
            let seconds = [charts, pdf.typeset_seconds, pdf.export_seconds];
            report::write_report(
                path,
                &options.lang,
                &pdf,
                seconds,
                &mut written,
                diagnostics,
            );
        }
        written
    };
    let previews = typeset(true, sources, diagnostics);
    let previewed_paths: Vec<PathBuf> = previews.iter().map(|w| w.path.clone()).collect();
    previewed(previews);
    let mut written = typeset(false, sources, diagnostics);
    // a preview whose tagged PDF failed (its problems are reported) is not left in its place:
    // an untagged PDF is never what a build leaves behind
    for path in previewed_paths {
        if !written.iter().any(|w| w.path == path)
            && let Err(e) = std::fs::remove_file(&path)
            && e.kind() != std::io::ErrorKind::NotFound
        {
            diagnostics.push(
                Diagnostic::error(
                    "write-failed",
                    format!("failed to remove the preview {} ({e})", path.display()),
                )
                .in_path(&path),
            );
        }
    }
    // the accountability, department and public publications: built again on every rebuild
    report::write_publications(
        ws,
        &evaluated.evaluation,
        &evaluated.after,
        &evaluated.stages,
        &publications,
        &templates,
        &fonts,
        &sentences,
        evaluated.date,
        sources,
        diagnostics,
        &mut written,
    );
    written
}

impl Session {
    /// Runs one rebuild and hands its outcome to `report`.
    fn rebuild(
        &mut self,
        command: &ReportCommand,
        redone: Redone,
        changed: &[PathBuf],
        report: &mut impl FnMut(&Rebuild<'_>),
    ) {
        let started = Instant::now();
        let mut redone = redone;
        // what each kind of rebuild reuses must be there: the evaluation for template edits,
        // the loaded YAML for data edits (kept even when checking or evaluation failed)
        let reusable = match redone {
            Redone::Everything => true,
            Redone::Data => self.loaded.is_some(),
            Redone::Templates | Redone::Markup => self.evaluated.is_some(),
        };
        if !reusable {
            redone = Redone::Everything;
        }
        if matches!(redone, Redone::Everything | Redone::Data) {
            // the YAML as loaded before when only datasets changed (the load stage reads none)
            let loaded = match self.loaded.take() {
                Some(ws) if redone == Redone::Data => Ok(ws),
                _ => load::load(&command.project),
            };
            match loaded {
                Ok(ws) => {
                    self.loaded = Some(ws.clone());
                    let (ws, evaluated) = evaluate_loaded(ws);
                    self.workspace = Some(ws);
                    self.evaluated = evaluated;
                }
                Err(e) => {
                    self.workspace = None;
                    self.evaluated = None;
                    report(&Rebuild {
                        redone,
                        changed,
                        sources: &Sources::default(),
                        diagnostics: Vec::new(),
                        written: Vec::new(),
                        failure: Some(e.to_string()),
                        seconds: started.elapsed().as_secs_f64(),
                        preview: false,
                    });
                    return;
                }
            }
        }
        let Some(ws) = self.workspace.as_mut() else {
            return;
        };
        let mut sources = std::mem::take(&mut ws.sources);
        let mut diagnostics = Diagnostics::default();
        if redone != Redone::Markup {
            self.kept.reports.clear();
        }
        // charts are reused only across data edits: labels, sentences and fonts as they were
        if matches!(redone, Redone::Everything | Redone::Templates) {
            self.kept.charts = ChartCache::default();
        }
        let written = match &self.evaluated {
            Some(evaluated) => build_reports(
                ws,
                evaluated,
                command,
                &mut self.kept,
                &mut sources,
                &mut diagnostics,
                |previews| {
                    if !previews.is_empty() {
                        report(&Rebuild {
                            redone,
                            changed,
                            sources: &Sources::default(),
                            diagnostics: Vec::new(),
                            written: previews,
                            failure: None,
                            seconds: started.elapsed().as_secs_f64(),
                            preview: true,
                        });
                    }
                },
            ),
            None => Vec::new(),
        };
        ws.sources = sources;
        // the workspace's own diagnostics (load, check, data) plus this typesetting's
        let mut all = Diagnostics::default();
        all.extend(ws.diagnostics.items().iter().cloned());
        all.extend(diagnostics.items().iter().cloned());
        let sorted = all.sorted(&ws.sources);
        report(&Rebuild {
            redone,
            changed,
            sources: &ws.sources,
            diagnostics: sorted,
            written,
            failure: None,
            seconds: started.elapsed().as_secs_f64(),
            preview: false,
        });
    }

    /// The output folder (ignored by the watcher).
    fn output_dir(&self, root: &Path) -> PathBuf {
        match &self.workspace {
            Some(ws) => ws.root.join(&ws.project().output),
            None => root.join("out"),
        }
    }
}

/// Whether a changed path can matter to a build: not hidden, not an editor's backup, not
/// under the output folder or `target/`.
fn relevant(path: &Path, root: &Path, output: &Path) -> bool {
    if path.starts_with(output) {
        return false;
    }
    let Ok(rel) = path.strip_prefix(root) else {
        return true;
    };
    let mut parts = rel.components().peekable();
    if parts.peek().is_some_and(|c| c.as_os_str() == "target") {
        return false;
    }
    !rel.components().any(|c| {
        let s = c.as_os_str().to_string_lossy();
        s.starts_with('.') || s.ends_with('~') || s.starts_with('#')
    })
}

/// What a set of changed files asks to redo: labels, sentences and fonts feed the report
/// data and charts; other files under `report-templates/` are read by typst only; files the
/// load stage never reads (datasets) leave the loaded project as it is.
fn classify(changed: &[PathBuf], root: &Path) -> Redone {
    let templates = root.join("report-templates");
    if changed.is_empty() {
        return Redone::Everything;
    }
    if !changed.iter().all(|p| p.starts_with(&templates)) {
        return if !changed.iter().any(|p| load::may_read(p)) {
            Redone::Data
        } else {
            Redone::Everything
        };
    }
    let feeds_data = |p: &PathBuf| {
        ["labels", "sentences", "fonts"]
            .iter()
            .any(|d| p.starts_with(templates.join(d)))
    };
    if changed.iter().any(feeds_data) {
        Redone::Templates
    } else {
        Redone::Markup
    }
}

/// Watches the project and rebuilds its reports on every change, until the process ends.
/// Each build (the first one too) is handed to `report`; `ready` is called once the
/// watcher is listening, after the first build.
pub fn watch(
    options: &WatchOptions,
    mut report: impl FnMut(&Rebuild<'_>),
    ready: impl FnOnce(&Path),
) -> Result<(), WatchError> {
    let project_file = load::project_file_for(&options.report.project);
    let root = project_file
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    let root = root
        .canonicalize()
        .map_err(|_| WatchError::NoProject(root.clone()))?;
    let mut command = options.report.clone();
    command.project = root.clone();
    crate::publish::pdf::set_cache_max_age(CACHE_MAX_AGE);

    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event| {
        let _ = tx.send(event);
    })
    .map_err(|source| WatchError::Watch {
        path: root.clone(),
        source,
    })?;
    let mut session = Session {
        loaded: None,
        workspace: None,
        evaluated: None,
        kept: Kept::default(),
    };
    session.rebuild(&command, Redone::Everything, &[], &mut report);
    let output = session.output_dir(&root);
    let watch_error = |path: &Path, source| WatchError::Watch {
        path: path.to_path_buf(),
        source,
    };
    watcher
        .watch(&root, RecursiveMode::NonRecursive)
        .map_err(|e| watch_error(&root, e))?;
    let mut folders: Vec<PathBuf> = std::fs::read_dir(&root)
        .map_err(|e| watch_error(&root, notify::Error::io(e)))?
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| e.path())
        .filter(|p| relevant(p, &root, &output))
        .collect();
    folders.sort();
    for dir in &folders {
        watcher
            .watch(dir, RecursiveMode::Recursive)
            .map_err(|e| watch_error(dir, e))?;
    }
    ready(&root);

    let changed_paths = |event: notify::Result<notify::Event>, output: &Path| -> Vec<PathBuf> {
        match event {
            Ok(e) if !matches!(e.kind, EventKind::Access(_)) => e
                .paths
                .into_iter()
                .filter(|p| relevant(p, &root, output))
                .collect(),
            _ => Vec::new(),
        }
    };
    loop {
        let Ok(first) = rx.recv() else {
            return Ok(());
        };
        let output = session.output_dir(&root);
        let mut changed = changed_paths(first, &output);
        if changed.is_empty() {
            continue;
        }
        // debounce: wait until the files stay quiet
        while let Ok(event) = rx.recv_timeout(options.debounce) {
            changed.extend(changed_paths(event, &output));
        }
        changed.sort();
        changed.dedup();
        let redone = classify(&changed, &root);
        session.rebuild(&command, redone, &changed, &mut report);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_edits_only_retypeset_and_outputs_are_ignored() {
        let root = Path::new("/p");
        let out = Path::new("/p/out");
        let t = PathBuf::from("/p/report-templates/vlr/main.typ");
        let d = PathBuf::from("/p/data/x.csv");
        assert_eq!(classify(std::slice::from_ref(&t), root), Redone::Markup);
        let labels = PathBuf::from("/p/report-templates/labels/en.yaml");
        assert_eq!(classify(&[t.clone(), labels], root), Redone::Templates);
        assert_eq!(classify(&[t, d.clone()], root), Redone::Everything);
        let sheet = PathBuf::from("/p/data/budget.XLSX");
        assert_eq!(classify(&[d.clone(), sheet], root), Redone::Data);
        let map = PathBuf::from("/p/data/districts.geojson");
        assert_eq!(classify(&[d.clone(), map], root), Redone::Everything);
        let yaml = PathBuf::from("/p/indicators/a.yaml");
        assert_eq!(classify(&[d, yaml], root), Redone::Everything);
        assert!(!relevant(Path::new("/p/out/reports/vlr.pdf"), root, out));
        assert!(!relevant(Path::new("/p/.git/index"), root, out));
        assert!(!relevant(Path::new("/p/target/x"), root, out));
        assert!(!relevant(Path::new("/p/data/.x.csv.swp"), root, out));
        assert!(!relevant(Path::new("/p/data/x.csv~"), root, out));
        assert!(relevant(Path::new("/p/indicators/a.yaml"), root, out));
    }
}
