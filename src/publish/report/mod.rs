//! Reports as PDF: results become report data, a typst template typesets them, the PDF is written atomically.
//!
//! Dates: the publication date is `SOURCE_DATE_EPOCH` (seconds since 1970, UTC) when set, so
//! that identical inputs give identical bytes (the reproducible-builds convention); else the
//! project's declared `date:`; else today. It is also typst's `datetime.today()` and the PDF's
//! creation date.

pub mod accountability;
pub mod build;
pub mod data;
pub mod department;
pub mod figures;
pub mod format;
pub mod labels;
pub mod means;
pub mod public;
pub mod publication;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use typst::foundations::Bytes;

use crate::diag::{Diagnostic, Diagnostics, Sources};
use crate::evaluate::Evaluation;
use crate::load::{LoadError, Workspace};
use crate::model::{Project, ReportSpec};
use crate::publish::charts::{ChartCache, ChartRenderer, ChartSize};
use crate::publish::figures::FigureSource;
pub use crate::publish::pdf::TypesetRequest;
use crate::publish::pdf::{self, CompiledPdf, FontSet, Origin, TemplateFiles};
use crate::publish::sentences::Sentences;

pub use build::{BuildOptions, ChartInput, GapInput, MapInput, StageInputs, StatusInput};
pub use data::ReportData;
pub use labels::Labels;

/// The date used when `SOURCE_DATE_EPOCH` is not set.
pub const FALLBACK_DATE: time::Date = time::macros::date!(1980 - 01 - 01);

pub use crate::clock::{BadSourceDateEpoch, date_from_epoch};

/// The date a project's publications print (see [`crate::clock::publication_date`]).
pub fn publication_date(project: &Project) -> Result<Option<time::Date>, BadSourceDateEpoch> {
    crate::clock::publication_date(project.date.as_deref()).map(Some)
}

/// The template files of a project: the embedded defaults overlaid by its `report-templates/`.
/// Files linking outside that folder are ignored, with a warning each.
pub fn project_templates(root: &Path, diagnostics: &mut Diagnostics) -> TemplateFiles {
    let dir = root.join("report-templates");
    if !dir.is_dir() {
        return TemplateFiles::embedded();
    }
    let (templates, outside) = TemplateFiles::with_project(&dir);
    for path in outside {
        diagnostics.push(
            Diagnostic::warning(
                "template-outside",
                format!(
                    "ignored {} (it points outside the project's report-templates/ folder)",
                    crate::load::display_path(root, &path)
                ),
            )
            .in_path(path)
            .hint("copy the file into report-templates/ instead of linking to it"),
        );
    }
    templates
}

/// The fonts of a report: the embedded ones and those in the project's `report-templates/fonts/`.
pub fn project_fonts(templates: &TemplateFiles, diagnostics: &mut Diagnostics) -> Arc<FontSet> {
    let mut extra = Vec::new();
    for (vpath, origin) in templates.under("/fonts/") {
        if !matches!(origin, Origin::Project(_)) || !pdf::fonts::is_font_file(Path::new(vpath)) {
            continue;
        }
        if let Some(Ok(bytes)) = templates.read(vpath) {
            extra.push((templates.display_name(vpath), bytes));
        }
    }
    let (fonts, unreadable) = FontSet::with_extra(extra);
    for name in unreadable {
        diagnostics.push(
            Diagnostic::warning(
                "unreadable-font",
                format!("failed to read a font from {name}"),
            )
            .in_path(name)
            .hint("use TrueType or OpenType files (.ttf, .otf, .ttc)"),
        );
    }
    fonts
}

/// Typesets a publication's serialized data (`/data.json`) and figures with its template:
/// the one door from every publication to the typst compiler. Problems are pushed onto
/// `diagnostics`.
pub fn typeset_data(
    data: serde_json::Result<Vec<u8>>,
    figures: BTreeMap<String, Vec<u8>>,
    request: &TypesetRequest<'_>,
    sources: &mut Sources,
    diagnostics: &mut Diagnostics,
) -> Option<CompiledPdf> {
    let json = match data {
        Ok(j) => j,
        Err(e) => {
            diagnostics.push(Diagnostic::error(
                "report-data",
                format!("failed to write the report data ({e})"),
            ));
            return None;
        }
    };
    let mut generated = BTreeMap::new();
    generated.insert("/data.json".to_string(), Bytes::new(json));
    for (path, svg) in figures {
        generated.insert(path, Bytes::new(svg));
    }
    pdf::compile_pdf(request, generated, sources, diagnostics)
}

/// Ending of the file beside each generated figure that holds its text alternative
/// (`/charts/x.svg.alt`). The templates' `chart-image` reads it when the chart is laid out, so
/// that the figure holding a chart is the same content whatever the chart shows: typst then
/// keeps the numbering of every other figure, and the pages it laid out, when one chart is
/// redrawn (`localis watch` after a data edit).
pub const ALT_ENDING: &str = ".alt";

/// Puts a figure's text alternative beside its file in a report's generated files.
pub(crate) fn add_alternative(figures: &mut BTreeMap<String, Vec<u8>>, path: &str, alt: &str) {
    figures.insert(format!("{path}{ALT_ENDING}"), alt.as_bytes().to_vec());
}

/// Puts beside every figure of a VLR's data its text alternative, as the data gives it.
fn add_alternatives(data: &ReportData, figures: &mut BTreeMap<String, Vec<u8>>) {
    let charts = data
        .dashboard
        .iter()
        .chain(data.indicators.iter().filter_map(|i| i.chart.as_ref()))
        .chain(data.budget.iter().flat_map(|b| &b.charts))
        .map(|c| (&c.path, &c.alt));
    let maps = data
        .indicators
        .iter()
        .filter_map(|i| i.map.as_ref())
        .map(|m| (&m.path, &m.alt));
    for (path, alt) in charts.chain(maps) {
        if figures.contains_key(path.as_str()) {
            add_alternative(figures, path, alt);
        }
    }
}

/// Options of the `report` command.
#[derive(Debug, Clone, Default)]
pub struct ReportCommand {
    /// Project folder or its `localis.yaml`.
    pub project: PathBuf,
    /// Build only this template (default: every report of the project).
    pub template: Option<String>,
    /// Build only these languages (default: each report's languages).
    pub languages: Vec<String>,
}

/// A PDF written by the `report` command.
#[derive(Debug, Clone)]
pub struct WrittenReport {
    /// Where it was written.
    pub path: PathBuf,
    /// Its language.
    pub lang: String,
    /// Its number of pages.
    pub pages: usize,
    /// Its size in bytes.
    pub bytes: usize,
    /// Seconds spent on charts and data, typesetting, and PDF export.
    pub seconds: [f64; 3],
}

/// What the `report` command did: the workspace (with every diagnostic) and the PDFs written.
#[derive(Debug)]
pub struct ReportOutcome {
    /// The loaded workspace; its diagnostics hold every problem found.
    pub workspace: Workspace,
    /// The PDFs written.
    pub written: Vec<WrittenReport>,
}

/// Prepares one report of a place in one language: labels, charts, report data (all but
/// typesetting; `localis watch` keeps it while only typst markup changes, and its charts in
/// `cache` across data edits). `None` when an error (pushed onto `diagnostics`) stopped it.
#[allow(clippy::too_many_arguments)]
pub fn prepare_one(
    ws: &Workspace,
    evaluation: &Evaluation,
    stages: &StageInputs,
    options: &BuildOptions,
    templates: &TemplateFiles,
    sentences: &Sentences,
    cache: Option<&ChartCache>,
    sources: &mut Sources,
    diagnostics: &mut Diagnostics,
) -> Option<PreparedReport> {
    let lang = options.lang.as_str();
    let place = options
        .place
        .clone()
        .unwrap_or_else(|| ws.project().place.geocode.clone());
    let labels = Labels::load(templates, sentences, lang, sources, diagnostics);
    let renderer = match ChartRenderer::new(sentences, lang) {
        Ok(r) => r.with_size(ChartSize::Compact).with_cache(cache),
        Err(e) => {
            diagnostics.push(Diagnostic::error("chart-failed", e.to_string()));
            return None;
        }
    };
    let mut stages = stages.clone();
    let started = std::time::Instant::now();
    let mut chart_problems = Vec::new();
    let source = FigureSource {
        ws,
        evaluation,
        assessment: None,
        stages: &stages,
        budget: None,
        place: &place,
    };
    let charts = figures::indicator_charts(&source, lang, &renderer, &mut chart_problems);
    let maps = figures::indicator_maps(&source, lang, &renderer, &mut chart_problems);
    let dashboard = figures::draw_dashboard(&source, lang, &renderer);
    stages.charts = charts;
    stages.maps = maps;
    diagnostics.extend(chart_problems);
    let mut data = build::build(ws, evaluation, &stages, options, &labels);
    let mut figures: BTreeMap<String, Vec<u8>> = std::mem::take(&mut stages.charts)
        .into_iter()
        .map(|(id, c)| (build::chart_path(&id), c.svg))
        .collect();
    figures.extend(
        std::mem::take(&mut stages.maps)
            .into_iter()
            .map(|(id, m)| (build::map_path(&id), m.svg)),
    );
    match dashboard {
        Ok((path, svg, alt)) => {
            figures.insert(path.clone(), svg);
            data.dashboard = Some(data::Chart { path, alt });
        }
        Err(e) => diagnostics.push(Diagnostic::warning(
            "chart-failed",
            format!("failed to draw the goal dashboard ({e})"),
        )),
    }
    // the budget as a means of implementation (its figures from the budget's indicators)
    if options.template == "vlr" {
        let budget = stages.budget.clone();
        let source = FigureSource {
            ws,
            evaluation,
            assessment: None,
            stages: &stages,
            budget: budget.as_deref(),
            place: &place,
        };
        let section = means::Section {
            source: &source,
            labels: &labels,
            renderer: &renderer,
        };
        let mut problems = Vec::new();
        data.budget = section.build(&mut figures, &mut problems);
        diagnostics.extend(problems);
    }
    add_alternatives(&data, &mut figures);
    Some(PreparedReport {
        data,
        figures,
        charts_seconds: started.elapsed().as_secs_f64(),
    })
}

/// A report ready to typeset: its data and figures.
#[derive(Debug, Clone)]
pub struct PreparedReport {
    /// The report data the template reads.
    pub data: ReportData,
    /// Figure SVGs by their virtual path.
    pub figures: BTreeMap<String, Vec<u8>>,
    /// Seconds spent drawing charts and filling the report data.
    pub charts_seconds: f64,
}

/// Typesets a prepared report (see [`prepare_one`]), as the tagged PDF or as a `preview`.
#[allow(clippy::too_many_arguments)]
pub fn render_prepared(
    prepared: &PreparedReport,
    options: &BuildOptions,
    preview: bool,
    templates: &TemplateFiles,
    fonts: &Arc<FontSet>,
    sources: &mut Sources,
    diagnostics: &mut Diagnostics,
    place: &str,
) -> Option<CompiledPdf> {
    let request = TypesetRequest {
        templates,
        template: &prepared.data.meta.template,
        lang: &prepared.data.meta.lang,
        fonts: fonts.clone(),
        date: options.date.unwrap_or(FALLBACK_DATE),
        standard: options.standard,
        ident: format!("{}/{place}/{}", options.template, options.lang),
        preview,
    };
    typeset_data(
        serde_json::to_vec(&prepared.data),
        prepared.figures.clone(),
        &request,
        sources,
        diagnostics,
    )
}

/// Builds one report of a place in one language: labels, charts, report data, PDF.
/// Returns the PDF, or `None` when an error (pushed onto `diagnostics`) stopped it.
#[allow(clippy::too_many_arguments)]
pub fn build_one(
    ws: &Workspace,
    evaluation: &Evaluation,
    stages: &StageInputs,
    options: &BuildOptions,
    templates: &TemplateFiles,
    fonts: &Arc<FontSet>,
    sentences: &Sentences,
    sources: &mut Sources,
    diagnostics: &mut Diagnostics,
) -> Option<BuiltReport> {
    let place = options
        .place
        .clone()
        .unwrap_or_else(|| ws.project().place.geocode.clone());
    let prepared = prepare_one(
        ws,
        evaluation,
        stages,
        options,
        templates,
        sentences,
        None,
        sources,
        diagnostics,
    )?;
    let pdf = render_prepared(
        &prepared,
        options,
        false,
        templates,
        fonts,
        sources,
        diagnostics,
        &place,
    )?;
    Some(BuiltReport {
        data: prepared.data,
        pdf,
        charts_seconds: prepared.charts_seconds,
    })
}

/// One report built: its data, its PDF and how long the charts took.
#[derive(Debug, Clone)]
pub struct BuiltReport {
    /// The report data the template read.
    pub data: ReportData,
    /// The PDF.
    pub pdf: CompiledPdf,
    /// Seconds spent drawing charts and filling the report data.
    pub charts_seconds: f64,
}

/// The languages a report is built in: those asked for on the command line, else the report's
/// own, else the project's.
pub fn report_languages(spec: &ReportSpec, asked: &[String], project: &Project) -> Vec<String> {
    if !asked.is_empty() {
        asked.to_vec()
    } else if !spec.languages.is_empty() {
        spec.languages.clone()
    } else {
        project.languages.clone()
    }
}

/// Runs load -> check -> evaluate -> assess -> charts -> PDF for the project's reports.
pub fn run(command: &ReportCommand) -> Result<ReportOutcome, LoadError> {
    let started = std::time::Instant::now();
    let mut ws = crate::load::load(&command.project)?;
    let index = crate::pipeline::check_all(&mut ws);
    let started = crate::progress::stage_done("load and check", started);
    let mut written = Vec::new();
    // temporaries that killed runs left in the output folder
    crate::output::write::clean_stale(&ws.root.join(&ws.project().output));
    if ws.diagnostics.has_errors() {
        return Ok(ReportOutcome {
            workspace: ws,
            written,
        });
    }
    let date = match publication_date(ws.project()) {
        Ok(d) => d,
        Err(e) => {
            ws.diagnostics.push(e.to_diagnostic());
            return Ok(ReportOutcome {
                workspace: ws,
                written,
            });
        }
    };
    // the budget's indicators join the evaluation; the assessment suppresses small cells in
    // the evaluation first: no report shows them; the scorecards are judged after both
    let Some((evaluation, after)) = crate::pipeline::evaluate_and_assess(&mut ws, &index) else {
        return Ok(ReportOutcome {
            workspace: ws,
            written,
        });
    };
    let started = crate::progress::stage_done("evaluate and assess", started);
    let assessment = &after.assessment;
    let stages = build::stages_from_assessment(assessment, &ws.project().place.geocode)
        .with_budget(after.budget.as_ref());
    // a build that would drop most indicators of the last one warns (an emptied file?)
    // (kept in the output folder, not among the publications of reports/)
    let output_dir = ws.root.join(&ws.project().output);
    let shown: std::collections::BTreeSet<&str> = evaluation
        .results
        .iter()
        .map(|r| r.indicator.as_str())
        .collect();
    let record = crate::output::write::BuildRecord {
        indicators: shown.len(),
    };
    if let Some(d) = crate::output::write::BuildRecord::last(&output_dir)
        .and_then(|last| record.drop_warning(&last))
    {
        ws.diagnostics.push(d);
    }

    let mut diagnostics = Diagnostics::default();
    let templates = project_templates(&ws.root, &mut diagnostics);
    let fonts = project_fonts(&templates, &mut diagnostics);
    let sentences = Sentences::with_overrides(&ws.root.join("report-templates"));
    let specs = report_specs(ws.project(), command.template.as_deref());
    let project = ws.project().clone();
    // one job per report and language, built in parallel; written in this order
    let mut jobs: Vec<(PathBuf, BuildOptions)> = Vec::new();
    // the accountability, department and public publications, built after the VLRs
    let mut publications: Vec<(ReportSpec, Vec<String>)> = Vec::new();
    for spec in specs {
        let languages = report_languages(&spec, &command.languages, &project);
        if is_publication(&spec.template) {
            publications.push((spec, languages));
            continue;
        }
        let name = spec.file.clone().unwrap_or_else(|| spec.template.clone());
        for lang in &languages {
            let path = report_path(&ws, &name, lang, languages.len());
            let options = BuildOptions {
                template: spec.template.clone(),
                lang: lang.clone(),
                place: None,
                date,
                standard: spec.standard,
                kind: spec.kind,
            };
            jobs.push((path, options));
        }
    }
    // each job registers the files its diagnostics point at in a `Sources` of its own, merged
    // into the workspace's afterwards (in job order, so that the ids are deterministic)
    let built: Vec<(Option<BuiltReport>, Sources, Diagnostics)> = {
        let ws = &ws;
        jobs.par_iter()
            .map(|(_, options)| {
                let mut sources = Sources::default();
                let mut diagnostics = Diagnostics::default();
                let built = build_one(
                    ws,
                    &evaluation,
                    &stages,
                    options,
                    &templates,
                    &fonts,
                    &sentences,
                    &mut sources,
                    &mut diagnostics,
                );
                (built, sources, diagnostics)
            })
            .collect()
    };
    crate::progress::stage_done("charts, data and typesetting of the reports", started);
    let mut sources = std::mem::take(&mut ws.sources);
    // whether a VLR summed up the budget on one page (its full data are then written beside it)
    let mut budget_summed = false;
    for ((path, options), (built, job_sources, job_diagnostics)) in jobs.into_iter().zip(built) {
        diagnostics.absorb(&mut sources, &job_sources, job_diagnostics);
        let Some(built) = built else {
            continue;
        };
        budget_summed |= built.data.budget.is_some();
        let pdf = &built.pdf;
        let seconds = [
            built.charts_seconds,
            pdf.typeset_seconds,
            pdf.export_seconds,
        ];
        write_report(
            &path,
            &options.lang,
            pdf,
            seconds,
            &mut written,
            &mut diagnostics,
        );
    }
    if budget_summed {
        write_budget_data(&output_dir, &evaluation, &mut diagnostics);
    }
    write_publications(
        &ws,
        &evaluation,
        &after,
        &stages,
        &publications,
        &templates,
        &fonts,
        &sentences,
        date,
        &mut sources,
        &mut diagnostics,
        &mut written,
    );
    ws.sources = sources;
    ws.diagnostics.extend(diagnostics.items().iter().cloned());
    if !written.is_empty()
        && let Err(e) = record.save(&output_dir)
    {
        ws.diagnostics.push(
            Diagnostic::warning(
                "write-failed",
                format!(
                    "failed to write the build record in {} ({e})",
                    output_dir.display()
                ),
            )
            .in_path(&output_dir),
        );
    }
    Ok(ReportOutcome {
        workspace: ws,
        written,
    })
}

/// Where a publication's PDF goes: `<output>/reports/<stem>.pdf`, with `-<lang>` when it is
/// built in several languages or the project has several (so that `--lang pt` never
/// overwrites the English file).
pub(crate) fn report_path(ws: &Workspace, stem: &str, lang: &str, languages: usize) -> PathBuf {
    let file = if languages.max(ws.project().languages.len()) > 1 {
        format!("{stem}-{lang}.pdf")
    } else {
        format!("{stem}.pdf")
    };
    ws.root
        .join(&ws.project().output)
        .join("reports")
        .join(file)
}

/// The accountability, department and public publications of a run, each in its languages.
pub(crate) type Publications = [(ReportSpec, Vec<String>)];

/// Builds and writes the accountability, department and public publications from the stage
/// results (the same that the VLR reads).
#[allow(clippy::too_many_arguments)]
pub(crate) fn write_publications(
    ws: &Workspace,
    evaluation: &Evaluation,
    after: &crate::pipeline::Stages,
    stages: &StageInputs,
    publications: &Publications,
    templates: &TemplateFiles,
    fonts: &Arc<FontSet>,
    sentences: &Sentences,
    date: Option<time::Date>,
    sources: &mut Sources,
    diagnostics: &mut Diagnostics,
    written: &mut Vec<WrittenReport>,
) {
    if !publications.is_empty() {
        let inputs = publication::Inputs::new(
            ws,
            evaluation,
            &after.assessment,
            stages,
            after.budget.as_ref().map(|b| &b.analysis),
            &after.scorecards,
            &ws.project().place.geocode,
        );
        for (spec, languages) in publications {
            for lang in languages {
                let typesetting = publication::Typesetting {
                    templates,
                    fonts,
                    sentences,
                    date,
                    standard: spec.standard,
                };
                for built in
                    build_publications(&inputs, spec, lang, &typesetting, sources, diagnostics)
                {
                    let path = report_path(ws, &built.stem, lang, languages.len());
                    let seconds = [
                        built.charts_seconds,
                        built.pdf.typeset_seconds,
                        built.pdf.export_seconds,
                    ];
                    write_report(&path, lang, &built.pdf, seconds, written, diagnostics);
                }
            }
        }
    }
}

/// The publications built from a report spec beside the VLR (which [`build_one`] builds).
pub const TEMPLATES: [&str; 3] = ["accountability", "department", "public"];

/// Whether a template is one of the publications built by [`build_publications`].
pub fn is_publication(template: &str) -> bool {
    TEMPLATES.contains(&template)
}

/// One PDF of a publication built from a report spec: its data builder, its template (the
/// spec's) and its file name.
pub trait Publication {
    /// The file name of its PDF without language and extension, from the spec's file stem
    /// (the stem itself unless the publication is one of several).
    fn file_stem(&self, stem: &str) -> String {
        stem.to_string()
    }
    /// Builds its data in the shared context, serialized for `/data.json`.
    fn data(&self, ctx: &mut publication::Ctx<'_>) -> serde_json::Result<Vec<u8>>;
}

/// The PDFs of a report spec's template: one for the accountability report and the public
/// summary, one per department with a scorecard for the department report; `None` (an error
/// pushed onto `diagnostics`) for a template that is not one of [`TEMPLATES`].
fn publications_of<'a>(
    template: &str,
    inputs: &'a publication::Inputs<'a>,
    diagnostics: &mut Diagnostics,
) -> Option<Vec<Box<dyn Publication + 'a>>> {
    Some(match template {
        "accountability" => vec![Box::new(accountability::Accountability)],
        "public" => vec![Box::new(public::Public)],
        "department" => department::Department::each(inputs.scorecards, diagnostics)
            .into_iter()
            .map(|d| Box::new(d) as Box<dyn Publication + 'a>)
            .collect(),
        other => {
            diagnostics.push(Diagnostic::error(
                "unknown-template",
                format!("`{other}` is not one of the publications {TEMPLATES:?}"),
            ));
            return None;
        }
    })
}

/// One publication built.
#[derive(Debug, Clone)]
pub struct BuiltPublication {
    /// File name without extension and language (`accountability`, `department-housing`).
    pub stem: String,
    /// The PDF.
    pub pdf: CompiledPdf,
    /// Seconds spent on the data and the charts.
    pub charts_seconds: f64,
}

/// Builds the publications of one report spec in one language: one PDF, or one per
/// department for the department report. Problems are pushed onto `diagnostics`.
pub fn build_publications(
    inputs: &publication::Inputs<'_>,
    spec: &ReportSpec,
    lang: &str,
    typesetting: &publication::Typesetting<'_>,
    sources: &mut Sources,
    diagnostics: &mut Diagnostics,
) -> Vec<BuiltPublication> {
    let stem = spec.file.clone().unwrap_or_else(|| spec.template.clone());
    let mut out = Vec::new();
    let Some(publications) = publications_of(&spec.template, inputs, diagnostics) else {
        return out;
    };
    for publication in publications {
        let Some(mut ctx) =
            publication::Ctx::new(inputs, spec, lang, typesetting, sources, diagnostics)
        else {
            return out;
        };
        let data = publication.data(&mut ctx);
        let name = publication.file_stem(&stem);
        out.extend(typeset_publication(
            name,
            data,
            ctx,
            typesetting,
            sources,
            diagnostics,
        ));
    }
    out
}

/// Typesets one publication's data with its template and figures.
fn typeset_publication(
    name: String,
    data: serde_json::Result<Vec<u8>>,
    ctx: publication::Ctx<'_>,
    typesetting: &publication::Typesetting<'_>,
    sources: &mut Sources,
    diagnostics: &mut Diagnostics,
) -> Option<BuiltPublication> {
    let charts_seconds = ctx.started.elapsed().as_secs_f64();
    diagnostics.extend(ctx.problems);
    let request = TypesetRequest {
        templates: typesetting.templates,
        template: &ctx.template,
        lang: &ctx.lang,
        fonts: typesetting.fonts.clone(),
        date: typesetting.date.unwrap_or(FALLBACK_DATE),
        standard: typesetting.standard,
        ident: format!("{name}/{}/{}", ctx.inputs.place, ctx.lang),
        preview: false,
    };
    let pdf = typeset_data(data, ctx.figures, &request, sources, diagnostics)?;
    Some(BuiltPublication {
        stem: name,
        pdf,
        charts_seconds,
    })
}

/// Writes a PDF and records it, or reports why it could not be written.
pub(crate) fn write_report(
    path: &Path,
    lang: &str,
    pdf: &CompiledPdf,
    seconds: [f64; 3],
    written: &mut Vec<WrittenReport>,
    diagnostics: &mut Diagnostics,
) {
    match crate::output::write_atomic(path, &pdf.bytes) {
        Ok(()) => written.push(WrittenReport {
            path: path.to_path_buf(),
            lang: lang.to_string(),
            pages: pdf.pages,
            bytes: pdf.bytes.len(),
            seconds,
        }),
        Err(e) => diagnostics.push(
            Diagnostic::error(
                "write-failed",
                format!("failed to write {} ({e})", path.display()),
            )
            .in_path(path),
        ),
    }
}

/// Writes the budget's indicators (every amount by programme, department, right and SDG target,
/// every year) as `reports/budget/results.csv` and `results.json`: the open data behind the
/// one-page budget summary of the VLR's annex.
fn write_budget_data(output_dir: &Path, evaluation: &Evaluation, diagnostics: &mut Diagnostics) {
    let budget = Evaluation {
        results: evaluation
            .results
            .iter()
            .filter(|r| crate::budget::ids::ALL.contains(&r.indicator.as_str()))
            .cloned()
            .collect(),
        places: evaluation.places.clone(),
        files: evaluation.files.clone(),
        completeness: Default::default(),
    };
    let dir = output_dir.join("reports").join("budget");
    let written = std::fs::create_dir_all(&dir)
        .and_then(|()| crate::output::results::write_results(&dir, &budget));
    if let Err(e) = written {
        diagnostics.push(
            Diagnostic::error(
                "write-failed",
                format!("failed to write the budget data to {} ({e})", dir.display()),
            )
            .in_path(&dir),
        );
    }
}

/// The reports to build: the project's, or only those of one template (with defaults when
/// the project does not list it).
pub fn report_specs(project: &Project, template: Option<&str>) -> Vec<ReportSpec> {
    match template {
        None => project.reports.clone(),
        Some(t) => {
            let listed: Vec<ReportSpec> = project
                .reports
                .iter()
                .filter(|r| r.template == t)
                .cloned()
                .collect();
            if listed.is_empty() {
                vec![ReportSpec::from_str_shorthand(t)]
            } else {
                listed
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_date_epoch_gives_a_utc_date() {
        assert_eq!(
            date_from_epoch("1735689600").unwrap(),
            time::macros::date!(2025 - 01 - 01)
        );
        let e = date_from_epoch("yesterday").unwrap_err();
        assert_eq!(e.to_diagnostic().code, "source-date-epoch");
    }
}
