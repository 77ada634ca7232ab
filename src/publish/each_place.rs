//! `localis report --each-place`: one compact PDF per place of a national run, built in parallel, with distance-to-target ranks across places, in memory bounded by a chunk of places.
//!
//! The data are read once. One streaming evaluation hands on each indicator's results for
//! every place; they are partitioned by chunk of places and appended to that chunk's file in
//! a temporary folder inside the output folder (a compact binary form, see `spill`;
//! removed at the end, on errors too, and by the next run if this one is killed; a run of
//! a single chunk keeps its results in memory instead). Only when
//! the project declares no places (no places table) does a first pass over the data find
//! them. Then two passes over the chunks, each reading a chunk's results back from its file:
//! 1. scores: each chunk is assessed (its small cells suppressed first); the value each
//!    indicator is scored on (the latest assessed headline value) is kept per place, a few
//!    bytes each. Then, per indicator, the worst bound across *all* places (stated, or the
//!    percentile of the assessment), the distance-to-target score of every place and its
//!    rank among the places scored (1 = closest to the target; ties share a rank).
//! 2. reports: each chunk is assessed again (with the reference year of the whole run), and
//!    its places are typeset in parallel with the `place` template; every PDF is written as
//!    soon as it is built and then dropped. typst's cache is emptied after every compilation.
//!
//! Memory holds one indicator's results for every place while evaluating (the window of data
//! the evaluation reads, and about 32 MiB of encoded results waiting for their files), then
//! one chunk's results and assessment, plus the per-place scores (12 bytes per indicator and
//! place), whatever the number of places; the disk holds every place's results once, for
//! the length of the run. The project's own place is kept in every chunk (the assessment
//! takes the only place of an evaluation for the project's). When the project has
//! boundaries of places, each report shows its place within its region (a locator map; the
//! borders are simplified once per scale and shared by every place).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use serde::Serialize;

use crate::assess::score::{self, Ranks};
use crate::assess::{AssessOptions, WorstFrom};
use crate::diag::{Diagnostic, Diagnostics, Severity, Sources};
use crate::evaluate::{Evaluation, Evaluator, IndicatorResult, Series};
use crate::load::DatasetIndex;
use crate::load::{LoadError, Workspace};
use crate::publish::format::NumberFormat;
use crate::publish::pdf::{FontSet, TemplateFiles};
use crate::publish::report::build::{self, StageInputs};
use crate::publish::report::{self, Labels};
use crate::publish::sentences::Sentences;

/// The template of the per-place reports.
pub(crate) const TEMPLATE: &str = "place";

/// Options of `localis report --each-place`.
#[derive(Debug, Clone)]
pub struct EachPlaceCommand {
    /// Project folder or its `localis.yaml`.
    pub project: PathBuf,
    /// The language (default: the project's first).
    pub lang: Option<String>,
    /// Places assessed and typeset together (memory grows with it; the data are read once
    /// whatever it is).
    pub chunk: usize,
}

/// What `--each-place` did.
#[derive(Debug)]
pub struct EachPlaceOutcome {
    /// The loaded workspace; its diagnostics hold every problem found.
    pub workspace: Workspace,
    /// The folder the PDFs were written to.
    pub folder: PathBuf,
    /// Places reported on.
    pub places: usize,
    /// Places without any value, which get no report (such as a country's own code in a
    /// run over its municipalities).
    pub without_data: usize,
    /// PDFs written.
    pub written: usize,
    /// Pages of all PDFs.
    pub pages: usize,
    /// Bytes of all PDFs.
    pub bytes: u64,
    /// Seconds of the evaluation with the score pass, and of the report pass.
    pub seconds: [f64; 2],
    /// Seconds of typesetting and of PDF export, summed over the reports (CPU time, spread
    /// over the threads).
    pub typst_seconds: [f64; 2],
}

mod spill;

/// What the one evaluation of the run leaves besides its results: what every chunk's
/// evaluation shares.
struct Evaluated {
    places: Vec<crate::evaluate::PlaceInfo>,
    files: Vec<crate::evaluate::DataFile>,
    completeness: crate::evaluate::CompletenessSummary,
}

/// The evaluation of one chunk of places, read back from the spill: the chunk's places and
/// the project's own place (the assessment takes the only place of an evaluation for the
/// project's, with the milestones recorded in the YAML).
fn chunk_evaluation(
    spill: &mut spill::Spill,
    evaluated: &Evaluated,
    c: usize,
    chunk: &BTreeSet<&str>,
    main: &str,
) -> std::io::Result<Evaluation> {
    Ok(Evaluation {
        places: evaluated
            .places
            .iter()
            .filter(|p| p.geocode == main || chunk.contains(p.geocode.as_str()))
            .cloned()
            .collect(),
        results: spill.read(c)?,
        files: evaluated.files.clone(),
        completeness: evaluated.completeness.clone(),
    })
}

/// The error of a spill that could not be written or read back.
fn spill_error(dir: &Path, writing: bool, e: &std::io::Error) -> Diagnostic {
    let message = if writing {
        format!(
            "failed to write the intermediate results of places to {} ({e})",
            dir.display()
        )
    } else {
        format!(
            "failed to read the intermediate results of places from {} ({e})",
            dir.display()
        )
    };
    Diagnostic::error("write-failed", message).hint(
        "check that the output folder can be written and has room for the values of every place",
    )
}

/// The places of the run: those the project declares (its places table and its own place),
/// else, when it declares none, those in the data (the only case with a second pass over the
/// data).
fn places_of(ws: &Workspace, index: &DatasetIndex) -> Vec<(String, Option<String>)> {
    let declared = crate::load::declared_places(ws).0;
    if declared.len() > 1 {
        return declared.into_iter().collect();
    }
    let summary = Evaluator::new(ws, index)
        .run(|_| Ok::<(), std::convert::Infallible>(()))
        .unwrap_or_else(|never| match never {});
    summary
        .places
        .into_iter()
        .map(|p| (p.geocode, p.name))
        .collect()
}

/// A place's report, as the `place` template reads it from `/data.json`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
struct PlaceData {
    meta: PlaceMeta,
    labels: BTreeMap<String, String>,
    goals: Vec<PlaceGoal>,
    /// The place within its region, when the project has boundaries of places.
    map: Option<PlaceMap>,
}

/// The locator map of a place, as the template reads it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
struct PlaceMap {
    path: String,
    alt: String,
    caption: String,
}

/// The virtual path of the locator map in a place's report.
const LOCATOR_PATH: &str = "/maps/locator.svg";

/// The place within its region (on the first map of places that has it): its entry in the
/// report data and its SVG, or a warning when it could not be drawn.
fn locator_map(
    shared: &Shared<'_>,
    evaluation: &Evaluation,
    stages: &StageInputs,
    place: &str,
    diagnostics: &mut Diagnostics,
) -> Option<(PlaceMap, Vec<u8>)> {
    let renderer = shared.renderer?;
    let src = crate::publish::figures::FigureSource {
        ws: shared.ws,
        evaluation,
        assessment: None,
        stages,
        budget: None,
        place,
    };
    let chart = shared
        .ws
        .maps
        .iter()
        .filter(|g| g.matches == crate::model::MapMatch::Place)
        .find_map(|g| {
            crate::publish::map_figures::locator(&src, g, shared.lang, renderer.labels())
        })?;
    let caption = chart.title.clone();
    match renderer.render(&crate::publish::charts::Chart::Locator(chart)) {
        Ok(drawn) => Some((
            PlaceMap {
                path: LOCATOR_PATH.to_string(),
                alt: drawn.alt,
                caption,
            },
            drawn.svg.into_bytes(),
        )),
        Err(e) => {
            diagnostics.push(
                Diagnostic::warning(
                    "chart-failed",
                    format!("failed to draw the locator map of {place} ({e})"),
                )
                .hint("the report of the place is written without its map"),
            );
            None
        }
    }
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
struct PlaceMeta {
    title: String,
    place: String,
    geocode: String,
    lang: String,
    text_lang: String,
    date: Option<String>,
    generator: String,
    places: usize,
    data_years: Option<String>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
struct PlaceGoal {
    code: String,
    title: String,
    indicators: Vec<PlaceIndicator>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
struct PlaceIndicator {
    id: String,
    title: String,
    latest: Option<String>,
    year: Option<String>,
    status: report::data::Status,
    score: Option<String>,
    rank: Option<String>,
}

/// Everything the typesetting of one place reads, shared by the threads.
struct Shared<'a> {
    ws: &'a Workspace,
    labels: &'a Labels,
    templates: &'a TemplateFiles,
    fonts: Arc<FontSet>,
    lang: &'a str,
    date: Option<time::Date>,
    ranks: &'a Ranks,
    place_index: &'a BTreeMap<String, usize>,
    places: usize,
    folder: &'a Path,
    /// Whether the project has several languages (the files then carry `-<lang>`).
    several_languages: bool,
    /// Draws the locator maps (compact), when the project has boundaries of places.
    renderer: Option<&'a crate::publish::charts::ChartRenderer<'a>>,
}

/// The report data of one place.
fn place_data(
    shared: &Shared<'_>,
    evaluation: &Evaluation,
    stages: &StageInputs,
    place: &str,
    name: &str,
) -> PlaceData {
    let ws = shared.ws;
    let lang = shared.lang;
    let labels = shared.labels;
    let numbers = NumberFormat::for_language(lang);
    let p = shared.place_index.get(place).copied();
    type Ordered = (Vec<(u32, String)>, PlaceIndicator);
    let mut goals: BTreeMap<(u32, String), Vec<Ordered>> = BTreeMap::new();
    let (mut first, mut last) = (i32::MAX, i32::MIN);
    for (i, active) in ws.active.iter().enumerate() {
        let ind = &active.indicator;
        let result = evaluation.get(&ind.id, place);
        let latest = result
            .and_then(IndicatorResult::headline)
            .and_then(Series::latest);
        if let Some(o) = latest {
            first = first.min(o.year);
            last = last.max(o.year);
        }
        let decimals = build::decimals(ind, result);
        let unit = build::unit(ws, ind, result, lang);
        let shown = build::shown_status(stages, &ind.id, latest.is_some());
        let ranked = p.and_then(|p| shared.ranks.by_indicator[i][p]);
        let goal = crate::publish::figures::chapter_goal(ind);
        let code = ind
            .links
            .sdg
            .first()
            .map(|l| l.code.clone())
            .unwrap_or_default();
        let entry = PlaceIndicator {
            id: ind.id.clone(),
            title: ind.title.get(lang).to_string(),
            // a law, plan or institution reads as the VLR prints it ("In place since 2010"),
            // never as "1 1 = in place, 0 = not in place"
            latest: match stages.structural.get(&ind.id) {
                Some(st) => build::structural_value(st, labels),
                None => latest.and_then(|o| {
                    o.value
                        .map(|v| numbers.with_unit(v, decimals, unit.as_deref()))
                }),
            },
            year: match stages.structural.get(&ind.id) {
                Some(_) => None,
                None => latest.map(|o| numbers.year(o.year)),
            },
            status: report::data::Status {
                key: shown.key().to_string(),
                label: labels.word(shown.key()),
                tone: build::tone_name(shown.tone()).to_string(),
                mark: report::data::Mark::of(shown),
                method: String::new(),
                score: None,
            },
            score: ranked.map(|r| numbers.number(r.score, 0)),
            rank: ranked.map(|r| {
                labels.fill(
                    "rank-of",
                    &[
                        ("rank", &r.rank.to_string()),
                        ("n", &shared.ranks.scored[i].to_string()),
                    ],
                )
            }),
        };
        let order = goal.parse::<u32>().unwrap_or(u32::MAX);
        goals
            .entry((order, goal))
            .or_default()
            .push((crate::load::sdg::code_order(&code), entry));
    }
    let goals = goals
        .into_iter()
        .map(|((_, code), mut entries)| {
            entries.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.id.cmp(&b.1.id)));
            PlaceGoal {
                title: if code == "other" {
                    labels.get("other-indicators").to_string()
                } else {
                    ws.sdg.title(&code, lang).unwrap_or("").to_string()
                },
                code,
                indicators: entries.into_iter().map(|(_, e)| e).collect(),
            }
        })
        .collect::<Vec<PlaceGoal>>();
    // the title promises distances to the targets only where some indicator has one
    let scored = goals
        .iter()
        .any(|g| g.indicators.iter().any(|i| i.score.is_some()));
    PlaceData {
        meta: PlaceMeta {
            title: labels
                .get(if scored && shared.places > 1 {
                    "place-report"
                } else {
                    "place-report-plain"
                })
                .to_string(),
            place: name.to_string(),
            geocode: place.to_string(),
            lang: lang.to_string(),
            text_lang: build::text_lang(lang).0,
            date: shared.date.map(|d| report::format::date(d, lang)),
            generator: format!("localis {}", env!("CARGO_PKG_VERSION")),
            places: shared.places,
            data_years: (first <= last)
                .then(|| crate::publish::report::format::year_range(first, last)),
        },
        labels: labels.map.clone(),
        goals,
        map: None,
    }
}

/// Typesets and writes the report of one place: its pages and bytes, or its problems.
fn build_place(
    shared: &Shared<'_>,
    evaluation: &Evaluation,
    stages: &StageInputs,
    place: &str,
    name: &str,
    sources: &mut Sources,
    diagnostics: &mut Diagnostics,
) -> Option<(usize, usize, [f64; 2])> {
    let mut data = place_data(shared, evaluation, stages, place, name);
    let mut figures = BTreeMap::new();
    if let Some((map, svg)) = locator_map(shared, evaluation, stages, place, diagnostics) {
        figures.insert(map.path.clone(), svg);
        report::add_alternative(&mut figures, &map.path, &map.alt);
        data.map = Some(map);
    }
    let json = match serde_json::to_vec(&data) {
        Ok(j) => j,
        Err(e) => {
            diagnostics.push(Diagnostic::error(
                "report-data",
                format!("failed to write the report data of {place} ({e})"),
            ));
            return None;
        }
    };
    let request = report::TypesetRequest {
        templates: shared.templates,
        template: TEMPLATE,
        lang: shared.lang,
        fonts: shared.fonts.clone(),
        date: shared.date.unwrap_or(report::FALLBACK_DATE),
        standard: None,
        ident: format!("{TEMPLATE}/{place}/{}", shared.lang),
        preview: false,
    };
    let compiled = report::typeset_data(Ok(json), figures, &request, sources, diagnostics);
    // compile_pdf empties typst's cache only when no other compilation runs, which never
    // happens while the workers keep each other busy: empty it after every place
    typst::comemo::evict(0);
    let compiled = compiled?;
    // `-<lang>` when the project has several languages: a run in one never overwrites another
    let path = shared.folder.join(if shared.several_languages {
        format!("{}-{}.pdf", file_stem(place), shared.lang)
    } else {
        format!("{}.pdf", file_stem(place))
    });
    match crate::output::write_atomic(&path, &compiled.bytes) {
        Ok(()) => Some((
            compiled.pages,
            compiled.bytes.len(),
            [compiled.typeset_seconds, compiled.export_seconds],
        )),
        Err(e) => {
            diagnostics.push(
                Diagnostic::error(
                    "write-failed",
                    format!("failed to write {} ({e})", path.display()),
                )
                .in_path(&path),
            );
            None
        }
    }
}

/// Adds seconds to counters of microseconds.
fn add_micros(counters: &[AtomicUsize; 2], seconds: [f64; 2]) {
    for (c, s) in counters.iter().zip(seconds) {
        c.fetch_add((s * 1e6) as usize, Ordering::Relaxed);
    }
}

/// A GeoCode as a file name, one name per GeoCode: ASCII letters, digits, `-` and `_` kept,
/// every other byte written `%XX` (as in URLs), so that `a/b`, `a:b` and `a_b` stay three
/// files (`a%2Fb`, `a%3Ab`, `a_b`) and no GeoCode can name a path outside the folder.
pub(crate) fn file_stem(geocode: &str) -> String {
    let mut out = String::with_capacity(geocode.len());
    for b in geocode.bytes() {
        if b.is_ascii_alphanumeric() || b == b'-' || b == b'_' {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Runs `--each-place`: load, check, the score pass and the report pass (see the module docs).
pub fn run(command: &EachPlaceCommand) -> Result<EachPlaceOutcome, LoadError> {
    let mut ws = crate::load::load(&command.project)?;
    let mut index = crate::pipeline::check_all(&mut ws);
    // no budget joins a report per place: one waiting for the evaluation is analysed alone
    index.analyse_budget_now(&mut ws);
    let out = ws.root.join(&ws.project().output);
    let folder = out.join("places");
    // what killed runs left: PDFs half written, intermediate results
    crate::output::write::clean_stale(&out);
    let mut outcome = EachPlaceOutcome {
        workspace: ws,
        folder,
        places: 0,
        without_data: 0,
        written: 0,
        pages: 0,
        bytes: 0,
        seconds: [0.0; 2],
        typst_seconds: [0.0; 2],
    };
    let ws = &mut outcome.workspace;
    if ws.diagnostics.has_errors() {
        return Ok(outcome);
    }
    let date = match report::publication_date(ws.project()) {
        Ok(d) => d,
        Err(e) => {
            ws.diagnostics.push(e.to_diagnostic());
            return Ok(outcome);
        }
    };
    let lang = command
        .lang
        .clone()
        .or_else(|| ws.project().languages.first().cloned())
        .unwrap_or_else(|| "en".to_string());
    let places = places_of(ws, &index);
    let chunk_size = command.chunk.max(1);
    let chunks: Vec<BTreeSet<&str>> = places
        .chunks(chunk_size)
        .map(|c| c.iter().map(|(code, _)| code.as_str()).collect())
        .collect();
    let place_index: BTreeMap<String, usize> = places
        .iter()
        .enumerate()
        .map(|(i, (code, _))| (code.clone(), i))
        .collect();

    // the one evaluation: each indicator's results go to their chunk's file of the spill
    let started = std::time::Instant::now();
    let main = ws.project().place.geocode.clone();
    let spilt = spill::Spill::create(&out, &chunks, &main).and_then(|mut spill| {
        let summary = Evaluator::new(ws, &index).run_shown(|batch| spill.take(batch))?;
        spill.finish()?;
        Ok((spill, summary))
    });
    let (mut spill, summary) = match spilt {
        Ok(done) => done,
        Err(e) => {
            ws.diagnostics
                .push(spill_error(&out, true, &e).in_path(&out));
            return Ok(outcome);
        }
    };
    let failed = summary
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error);
    ws.diagnostics.extend(summary.diagnostics);
    if failed {
        return Ok(outcome);
    }
    let evaluated = Evaluated {
        places: summary.places,
        files: summary.files,
        completeness: summary.completeness,
    };

    // the privacy rules, applied to every chunk of both passes
    let privacy = crate::privacy::Privacy::new(ws);
    // pass 1: the value each indicator is scored on, per place; the reference year
    let progress = crate::progress::Progress::start("scoring", chunks.len() as u64);
    let n_ind = ws.active.len();
    let mut scored_values: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n_ind];
    let mut best: Vec<Option<f64>> = vec![None; n_ind];
    let mut stated_worst: Vec<bool> = vec![false; n_ind];
    let ind_index: BTreeMap<&str, usize> = ws
        .active
        .iter()
        .enumerate()
        .map(|(i, a)| (a.indicator.id.as_str(), i))
        .collect();
    let mut has_value = vec![false; places.len()];
    let mut reference_year: Option<i32> = None;
    let mut kept: Option<(usize, Evaluation)> = None;
    for (c, chunk) in chunks.iter().enumerate() {
        let mut evaluation = match chunk_evaluation(&mut spill, &evaluated, c, chunk, &main) {
            Ok(e) => e,
            Err(e) => {
                progress.finish();
                ws.diagnostics
                    .push(spill_error(spill.path().unwrap_or(&out), false, &e));
                return Ok(outcome);
            }
        };
        let year = AssessOptions::for_evaluation(&evaluation).reference_year;
        reference_year = Some(reference_year.map_or(year, |y: i32| y.max(year)));
        for r in &evaluation.results {
            if !chunk.contains(r.place.as_str()) {
                continue;
            }
            if let Some(&p) = place_index.get(&r.place) {
                has_value[p] |= r.series.iter().any(|s| s.latest().is_some());
            }
        }
        let options = AssessOptions::for_evaluation(&evaluation);
        let assessment =
            crate::pipeline::protect_and_assess(ws, &privacy, &mut evaluation, &options);
        for a in &assessment.results {
            if !chunk.contains(a.place.as_str()) {
                continue;
            }
            let (Some(&i), Some(&p)) = (
                ind_index.get(a.indicator.as_str()),
                place_index.get(&a.place),
            ) else {
                continue;
            };
            if let Some(d) = &a.distance_to_target {
                best[i] = Some(d.best);
                stated_worst[i] = d.worst_from == WorstFrom::Stated;
                if let Some(l) = d.latest {
                    scored_values[i].push((p, l.value));
                }
            }
        }
        drop(assessment);
        if c + 1 == chunks.len() {
            kept = Some((c, evaluation));
        }
        progress.advance(1);
    }
    progress.finish();
    // what each place scores on each indicator, ranked across the places (assess)
    let indicators: Vec<&crate::model::Indicator> =
        ws.active.iter().map(|a| &a.indicator).collect();
    let ranks = score::rank_places(
        &indicators,
        &best,
        &stated_worst,
        &scored_values,
        places.len(),
    );
    drop(scored_values);
    outcome.places = has_value.iter().filter(|h| **h).count();
    outcome.without_data = places.len() - outcome.places;
    outcome.seconds[0] = started.elapsed().as_secs_f64();

    // pass 2: the reports, chunk by chunk (the last chunk of pass 1 first: it is in memory)
    let started = std::time::Instant::now();
    let mut diagnostics = Diagnostics::default();
    let templates = report::project_templates(&ws.root, &mut diagnostics);
    let fonts = report::project_fonts(&templates, &mut diagnostics);
    let sentences = Sentences::with_overrides(&ws.root.join("report-templates"));
    let mut sources = std::mem::take(&mut ws.sources);
    let labels = Labels::load(
        &templates,
        &sentences,
        &lang,
        &mut sources,
        &mut diagnostics,
    );
    // locator maps are drawn only when the project has boundaries of places
    let renderer = ws
        .maps
        .iter()
        .any(|g| g.matches == crate::model::MapMatch::Place)
        .then(|| crate::publish::charts::ChartRenderer::new(&sentences, &lang))
        .and_then(|r| match r {
            Ok(r) => Some(r.with_size(crate::publish::charts::ChartSize::Compact)),
            Err(e) => {
                diagnostics.push(Diagnostic::warning("chart-failed", e.to_string()));
                None
            }
        });
    let shared = Shared {
        ws,
        labels: &labels,
        templates: &templates,
        fonts,
        lang: &lang,
        date,
        ranks: &ranks,
        place_index: &place_index,
        places: outcome.places,
        folder: &outcome.folder,
        several_languages: ws.project().languages.len() > 1,
        renderer: renderer.as_ref(),
    };
    let options = AssessOptions {
        reference_year: reference_year.unwrap_or(1980),
    };
    let names: BTreeMap<&str, &str> = places
        .iter()
        .map(|(code, name)| (code.as_str(), name.as_deref().unwrap_or(code.as_str())))
        .collect();
    let progress = crate::progress::Progress::start("reports", outcome.places as u64);
    let written = AtomicUsize::new(0);
    let pages = AtomicUsize::new(0);
    let bytes = AtomicUsize::new(0);
    let typst_micros = [AtomicUsize::new(0), AtomicUsize::new(0)];
    let count_built = |(p, b, t): (usize, usize, [f64; 2])| {
        add_micros(&typst_micros, t);
        written.fetch_add(1, Ordering::Relaxed);
        pages.fetch_add(p, Ordering::Relaxed);
        bytes.fetch_add(b, Ordering::Relaxed);
    };
    let mut order: Vec<usize> = (0..chunks.len()).rev().collect();
    order.sort_by_key(|c| kept.as_ref().is_none_or(|(k, _)| k != c));
    let workers = rayon::current_num_threads().max(1);
    let mut stop = false;
    for c in order {
        if stop {
            break;
        }
        let chunk = &chunks[c];
        let mut evaluation = match kept.take() {
            Some((k, e)) if k == c => e,
            _ => match chunk_evaluation(&mut spill, &evaluated, c, chunk, &main) {
                Ok(e) => e,
                Err(e) => {
                    diagnostics.push(spill_error(spill.path().unwrap_or(&out), false, &e));
                    break;
                }
            },
        };
        let assessment =
            crate::pipeline::protect_and_assess(shared.ws, &privacy, &mut evaluation, &options);
        let codes: Vec<&str> = chunk
            .iter()
            .copied()
            .filter(|code| place_index.get(*code).is_some_and(|p| has_value[*p]))
            .collect();
        // the first place alone, with the run's sources: a broken template stops here, with
        // its problems shown at their lines
        let (head, rest) = codes.split_at(1.min(codes.len()));
        for place in head {
            let stages = build::stages_from_assessment(&assessment, place);
            let built = build_place(
                &shared,
                &evaluation,
                &stages,
                place,
                names[place],
                &mut sources,
                &mut diagnostics,
            );
            progress.advance(1);
            match built {
                Some(done) => count_built(done),
                None => stop = diagnostics.has_errors(),
            }
        }
        if stop {
            break;
        }
        // one OS thread per core, each taking the next place: not rayon's par_iter, whose
        // work stealing lets a thread blocked inside typst's own parallel layout start the
        // compilation of another place, so that a whole chunk may be in flight at once
        let next = AtomicUsize::new(0);
        let failures = Mutex::new(Vec::new());
        let build_rest = || {
            loop {
                let k = next.fetch_add(1, Ordering::Relaxed);
                let Some(place) = rest.get(k) else { break };
                let stages = build::stages_from_assessment(&assessment, place);
                let mut own_sources = Sources::default();
                let mut own = Diagnostics::default();
                let built = build_place(
                    &shared,
                    &evaluation,
                    &stages,
                    place,
                    names[place],
                    &mut own_sources,
                    &mut own,
                );
                progress.advance(1);
                match built {
                    Some(done) => count_built(done),
                    None => {
                        let first = own
                            .items()
                            .iter()
                            .find(|d| d.severity == Severity::Error)
                            .map(|d| d.message.clone())
                            .unwrap_or_default();
                        if let Ok(mut f) = failures.lock() {
                            f.push(Diagnostic::error(
                                "place-report",
                                format!("failed to build the report of {place} ({first})"),
                            ));
                        }
                    }
                }
            }
        };
        std::thread::scope(|scope| {
            for _ in 0..workers {
                scope.spawn(build_rest);
            }
        });
        let mut failures = failures.into_inner().unwrap_or_default();
        failures.sort_by(|a, b| a.message.cmp(&b.message));
        diagnostics.extend(failures);
    }
    progress.finish();
    // the intermediate results go (they would go on any return above too)
    drop(spill);
    outcome.seconds[1] = started.elapsed().as_secs_f64();
    let ws = &mut outcome.workspace;
    ws.sources = sources;
    ws.diagnostics.extend(diagnostics.items().iter().cloned());
    outcome.written = written.into_inner();
    outcome.pages = pages.into_inner();
    outcome.bytes = bytes.into_inner() as u64;
    outcome.typst_seconds = typst_micros.map(|m| m.into_inner() as f64 / 1e6);
    Ok(outcome)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn geocodes_become_safe_file_names() {
        assert_eq!(file_stem("4305108"), "4305108");
        assert_eq!(file_stem("BR/RS 1"), "BR%2FRS%201");
        assert_eq!(file_stem("../x"), "%2E%2E%2Fx");
        let stems: std::collections::BTreeSet<String> = ["a/b", "a_b", "a:b", "a%2Fb", "a b"]
            .iter()
            .map(|g| file_stem(g))
            .collect();
        assert_eq!(stems.len(), 5, "{stems:?}");
    }
}
