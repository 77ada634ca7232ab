//! The `chart` command: every figure of a project drawn as a standalone SVG, with its text alternative and an index, in `<out>/charts/`.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::diag::Diagnostic;
use crate::load::{LoadError, Workspace};
use crate::publish::charts::{ALT_TEMPLATE, ChartRenderer};
use crate::publish::figures::{self, DrawnFigure, FigureSource};
use crate::publish::report::build;
use crate::publish::sentences::Sentences;

/// What the `chart` command is asked to do.
#[derive(Debug, Clone)]
pub struct ChartCommand {
    /// Project folder or its `localis.yaml`.
    pub project: PathBuf,
    /// The language of the chart text (default: the project's first language).
    pub lang: Option<String>,
    /// Output folder (default: the project's `output`); charts go to its `charts/`.
    pub output: Option<PathBuf>,
}

/// One entry of `charts.json`: a figure, its files and its text alternative.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct ChartEntry {
    /// Stable name of the figure (the file stem).
    pub name: String,
    /// The chart kind (`time-series`, `dashboard`...).
    pub kind: String,
    /// The indicator it shows, for indicator charts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub indicator: Option<String>,
    /// GeoCode of the place it shows (or highlights).
    pub place: String,
    /// The SVG file, relative to the charts folder.
    pub svg: String,
    /// The text alternative file, relative to the charts folder.
    pub alt_file: String,
    /// The text alternative: what the chart shows, in one or two sentences.
    pub alt: String,
}

/// The index written as `charts.json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChartIndex {
    /// The language of the chart text.
    pub lang: String,
    /// Every chart drawn, sorted by name.
    pub charts: Vec<ChartEntry>,
}

/// What the `chart` command did.
#[derive(Debug)]
pub struct ChartOutcome {
    /// The loaded workspace, with every diagnostic.
    pub workspace: Workspace,
    /// The charts folder, when charts were written.
    pub folder: Option<PathBuf>,
    /// The index of the charts written.
    pub index: Option<ChartIndex>,
}

/// Runs load -> check -> evaluate -> budget -> assess -> charts, writing every figure.
pub fn run(command: &ChartCommand) -> Result<ChartOutcome, LoadError> {
    let mut ws = crate::load::load(&command.project)?;
    let index = crate::pipeline::check_all(&mut ws);
    let stop = |ws: Workspace| ChartOutcome {
        workspace: ws,
        folder: None,
        index: None,
    };
    if ws.diagnostics.has_errors() {
        return Ok(stop(ws));
    }
    // the budget's indicators join the evaluation before the assessment (so that they are
    // assessed like any other), which suppresses small cells first: no chart shows them
    let Some((
        evaluation,
        crate::pipeline::Stages {
            budget, assessment, ..
        },
    )) = crate::pipeline::evaluate_and_assess(&mut ws, &index)
    else {
        return Ok(stop(ws));
    };
    let place = ws.project().place.geocode.clone();
    let stages = build::stages_from_assessment(&assessment, &place);
    let lang = command
        .lang
        .clone()
        .or_else(|| ws.project().languages.first().cloned())
        .unwrap_or_else(|| "en".to_string());
    let sentences = Sentences::with_overrides(&ws.root.join("report-templates"));
    let base = lang.split(['-', '_']).next().unwrap_or(&lang);
    if lang != "en" && sentences.resolve_language(&lang, ALT_TEMPLATE) == "en" {
        ws.diagnostics.push(
            Diagnostic::warning(
                "labels-missing",
                format!("no chart sentences in `{lang}`: the chart text is written in English"),
            )
            .hint(format!(
                "add report-templates/sentences/{base}/ to the project with the files of the English folder (shipped languages: en, pt, es, de, fr)"
            )),
        );
    }
    let renderer = match ChartRenderer::new(&sentences, &lang) {
        Ok(r) => r,
        Err(e) => {
            ws.diagnostics
                .push(Diagnostic::error("chart-failed", e.to_string()));
            return Ok(stop(ws));
        }
    };
    let folder = command
        .output
        .clone()
        .unwrap_or_else(|| ws.root.join(&ws.project().output))
        .join("charts");
    let source = FigureSource {
        ws: &ws,
        evaluation: &evaluation,
        assessment: Some(&assessment),
        stages: &stages,
        budget: budget.as_ref().map(|b| &b.analysis),
        place: &place,
    };
    let selected = figures::all(&source, &lang, renderer.labels());
    let (drawn, mut problems) = figures::draw(selected, &renderer);
    let chart_index = ChartIndex {
        lang: lang.clone(),
        charts: drawn.iter().map(entry).collect(),
    };
    problems.extend(write(&folder, &drawn, &chart_index));
    ws.diagnostics.extend(problems);
    Ok(ChartOutcome {
        workspace: ws,
        folder: Some(folder),
        index: Some(chart_index),
    })
}

/// The index entry of a drawn figure.
fn entry(d: &DrawnFigure) -> ChartEntry {
    ChartEntry {
        name: d.figure.name.clone(),
        kind: d.figure.chart.kind().to_string(),
        indicator: d.figure.indicator.clone(),
        place: d.figure.place.clone(),
        svg: format!("{}.svg", d.figure.name),
        alt_file: format!("{}.txt", d.figure.name),
        alt: d.alt.clone(),
    }
}

/// Writes each SVG, its text alternative and the index; a diagnostic per file not written.
fn write(folder: &Path, drawn: &[DrawnFigure], index: &ChartIndex) -> Vec<Diagnostic> {
    let mut files: Vec<(PathBuf, Vec<u8>)> = Vec::with_capacity(drawn.len() * 2 + 1);
    for d in drawn {
        files.push((
            folder.join(format!("{}.svg", d.figure.name)),
            d.svg.as_bytes().to_vec(),
        ));
        files.push((
            folder.join(format!("{}.txt", d.figure.name)),
            format!("{}\n", d.alt).into_bytes(),
        ));
    }
    match serde_json::to_vec_pretty(index) {
        Ok(mut json) => {
            json.push(b'\n');
            files.push((folder.join("charts.json"), json));
        }
        Err(e) => {
            return vec![Diagnostic::error(
                "write-failed",
                format!("failed to write the chart index ({e})"),
            )];
        }
    }
    // two figures of one name would be one file: the second is reported, never written over
    // the first (check refuses indicator ids that lead there)
    let mut problems = Vec::new();
    let mut names = std::collections::BTreeSet::new();
    files.retain(|(path, _)| {
        let folded = path.to_string_lossy().to_lowercase();
        let fresh = names.insert(folded);
        if !fresh {
            problems.push(
                Diagnostic::error(
                    "file-name-clash",
                    format!(
                        "two charts would be written to {}; the second is left out",
                        path.display()
                    ),
                )
                .hint("rename the indicator whose id ends like another indicator's chart name"),
            );
        }
        fresh
    });
    // the charts of a run appear together: staged, then moved into place
    let stage = match crate::output::write::OutputStage::begin(folder) {
        Ok(s) => s,
        Err(e) => {
            problems.push(
                Diagnostic::error(
                    "write-failed",
                    format!("failed to write the charts to {} ({e})", folder.display()),
                )
                .in_path(folder),
            );
            return problems;
        }
    };
    for (path, bytes) in files {
        let staged = match path.strip_prefix(folder) {
            Ok(rel) => stage.path().join(rel),
            Err(_) => path.clone(),
        };
        if let Err(e) = crate::output::write_atomic(&staged, &bytes) {
            problems.push(
                Diagnostic::error(
                    "write-failed",
                    format!("failed to write {} ({e})", path.display()),
                )
                .in_path(&path),
            );
        }
    }
    if let Err(e) = stage.commit() {
        problems.push(
            Diagnostic::error(
                "write-failed",
                format!("failed to move the charts into {} ({e})", folder.display()),
            )
            .in_path(folder),
        );
    }
    problems
}
