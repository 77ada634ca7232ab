//! Fills the report data from the workspace and the results: the thin adapter between the pipeline and the templates.
//!
//! Reads the project, the active indicators, the SDG framework and the evaluation; takes
//! statuses, gaps, charts and generated sentences as plain inputs (from the assess and chart
//! stages). It selects and writes out values; it never computes a number of its own.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;

use crate::evaluate::{DataFile, Evaluation, IndicatorResult, Observation, Series};
use crate::load::words::DataWords;
use crate::load::{Workspace, sdg::code_order};
use crate::model::*;
use crate::publish::charts::{Status as ChartStatus, Tone};
use crate::publish::format::NumberFormat;

use super::data::*;
use super::format;
use super::labels::Labels;

/// How many year columns fit across an annex table whose widest cell (value with its flags,
/// or period) has `widest` characters: the text width of A4 (476 pt) less the series labels
/// (at least 96 pt) and the source column, over the width of a column of figures set in the
/// annex's 6.5 pt type (tabular figures of 0.572 em, 4 pt of padding). The template's
/// annex type size must match.
pub fn annex_years_per_block(widest: usize, source_column: bool) -> usize {
    const TEXT_WIDTH: f64 = 476.0;
    const LABELS: f64 = 96.0;
    const FIGURE: f64 = 6.5 * 0.572;
    let source = if source_column { 24.0 } else { 0.0 };
    let column = widest.max(4) as f64 * FIGURE + 4.0;
    (((TEXT_WIDTH - LABELS - source) / column).floor() as usize).max(2)
}

/// The type size of the annex tables, in points (the template's `annex-entry` must match).
pub const ANNEX_TYPE_SIZE: f64 = 6.5;

/// The width in points of an annex year column: the widest of its heading (bold) and cells
/// set in the annex's type, plus the cells' padding (2 pt a side): what typst's `auto`
/// columns would measure, without laying every cell out twice.
pub fn annex_year_width<'a>(heading: &str, cells: impl Iterator<Item = &'a str>) -> f64 {
    use crate::publish::charts::draw::text_width;
    let widest = cells
        .map(|c| text_width(c, ANNEX_TYPE_SIZE, false))
        .fold(text_width(heading, ANNEX_TYPE_SIZE, true), f64::max);
    // rounded up to a hundredth of a point: the same bytes on every machine
    ((widest + 4.0) * 100.0).ceil() / 100.0
}

/// The most groups of one dimension the annex prints; larger breakdowns (a budget by
/// programme or SDG target) and breakdowns by two dimensions are left to the open data.
pub const ANNEX_MAX_GROUPS: usize = 20;

/// The annex of one indicator: its tables and the sources their rows refer to.
#[derive(Debug, Default)]
struct Annex {
    /// Series left to the open data.
    more: usize,
    /// The tables, a block of years each.
    blocks: Vec<AnnexBlock>,
    /// `source (file)` of each number the rows cite, numbered from 1.
    sources: Vec<String>,
    /// The sources of the values without their files, once each.
    data_sources: Vec<String>,
}

/// The assessed status of one indicator, from the assess stage.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusInput {
    /// The status, named as the method names it.
    pub status: ChartStatus,
    /// The method that gave it.
    pub method: ProgressMethod,
    /// Its score, where the method has one.
    pub score: Option<f64>,
}

/// A gap followed by the year of its values, when known (`1.3 percentage points (2021)`).
fn with_year(gap: String, year: Option<i32>) -> String {
    match year {
        Some(y) => format!("{gap} ({y})"),
        None => gap,
    }
}

/// The leaving-no-one-behind gap of one disaggregation dimension, from the assess stage.
#[derive(Debug, Clone, PartialEq)]
pub struct GapInput {
    /// The worst-off group and its latest value.
    pub worst: (String, f64),
    /// The group the gap is measured against (the reference) and its latest value.
    pub best: (String, f64),
    /// Label key of where the reference comes from (`gap-reference-declared`, `-largest`,
    /// `-best-off`).
    pub reference_key: &'static str,
    /// Groups too unstable to compare, with their values.
    pub unreliable: Vec<(String, f64)>,
    /// The indicator (by id) listed earlier with the same gap (same groups, values and year:
    /// the same data read by two indicators), when there is one; the gap is listed once.
    pub same_as: Option<String>,
    /// The gap between them, in the indicator's unit.
    pub gap: f64,
    /// Whether the gap narrows (none when unknown).
    pub narrowing: Option<bool>,
    /// The year of the two groups' values (none when unknown), written after the gap.
    pub year: Option<i32>,
}

/// A drawn chart of an indicator.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartInput {
    /// The SVG file.
    pub svg: Vec<u8>,
    /// Its text alternative, in the report language.
    pub alt: String,
}

/// A drawn map of an indicator.
#[derive(Debug, Clone, PartialEq)]
pub struct MapInput {
    /// The SVG file.
    pub svg: Vec<u8>,
    /// Its text alternative, in the report language.
    pub alt: String,
    /// Its caption: what the areas are and the year (`District · 2025`).
    pub caption: String,
}

/// Results of the stages after evaluation, for one place and language, keyed by indicator id.
#[derive(Debug, Clone, Default)]
pub struct StageInputs {
    /// Statuses by indicator.
    pub statuses: BTreeMap<String, StatusInput>,
    /// Gaps by indicator and dimension.
    pub gaps: BTreeMap<(String, String), GapInput>,
    /// Charts by indicator (drawn by [`super::figures::indicator_charts`]).
    pub charts: BTreeMap<String, ChartInput>,
    /// Maps by indicator: its choropleth by the groups of a dimension (drawn by
    /// [`super::figures::indicator_maps`]).
    pub maps: BTreeMap<String, MapInput>,
    /// The published method's status of each group's series, by (indicator, dimension,
    /// group), where the indicator has a target.
    pub group_statuses: BTreeMap<(String, String, String), ChartStatus>,
    /// Goal scores by goal code.
    pub goal_scores: BTreeMap<String, f64>,
    /// Binary indicators (laws, plans, institutions) by id: in place or not, against their
    /// deadline.
    pub structural: BTreeMap<String, crate::assess::Structural>,
    /// Generated plain-language highlights.
    pub highlights: Vec<String>,
    /// The budget analysis (price base year, currency, budget years), when the project has a
    /// budget: the VLR's means of implementation read it with the budget indicators.
    pub budget: Option<std::sync::Arc<crate::budget::BudgetAnalysis>>,
}

impl StageInputs {
    /// These inputs with the budget stage's analysis, when the project has a budget.
    pub fn with_budget(mut self, budget: Option<&crate::budget::BudgetOutput>) -> StageInputs {
        self.budget = budget.map(|b| std::sync::Arc::new(b.analysis.clone()));
        self
    }
}

/// What distinguishes one report build from another.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Template name.
    pub template: String,
    /// Report language.
    pub lang: String,
    /// GeoCode of the place reported on (default: the project's place).
    pub place: Option<String>,
    /// Date of publication, when fixed.
    pub date: Option<time::Date>,
    /// The PDF standard, when one is chosen.
    pub standard: Option<PdfStandard>,
    /// What the `vlr` template's publication is called, when the project says.
    pub kind: Option<PublicationKind>,
}

/// The name of a tone, as templates colour it: `achieved`, `good`, `fair`, `poor`, `bad`,
/// `pending` or `unknown` (the same families and colours as the charts).
pub fn tone_name(tone: Tone) -> &'static str {
    match tone {
        Tone::Achieved => "achieved",
        Tone::Good => "good",
        Tone::Fair => "fair",
        Tone::Poor => "poor",
        Tone::Bad => "bad",
        Tone::Pending => "pending",
        Tone::Unknown => "unknown",
    }
}

/// The status an indicator is shown with: the assessed one, or, without an assessment,
/// "unable to assess" when it has no value and "not assessed" when it has.
pub fn shown_status(stages: &StageInputs, id: &str, has_value: bool) -> ChartStatus {
    match stages.statuses.get(id) {
        Some(s) => s.status,
        None if has_value => ChartStatus::NotAssessed,
        None => ChartStatus::UnableToAssess,
    }
}

/// The kebab-case name of a progress method.
pub fn method_key(m: ProgressMethod) -> &'static str {
    match m {
        ProgressMethod::OpenSdg => "open-sdg",
        ProgressMethod::UnsdProgressChart => "unsd-progress-chart",
        ProgressMethod::EscapCurrentStatus => "escap-current-status",
        ProgressMethod::EurostatShortTerm => "eurostat-short-term",
        ProgressMethod::EurostatLongTerm => "eurostat-long-term",
    }
}

/// The virtual path of an indicator's chart inside the report.
pub fn chart_path(indicator: &str) -> String {
    format!("/charts/{indicator}.svg")
}

/// The virtual path of an indicator's map inside the report.
pub fn map_path(indicator: &str) -> String {
    format!("/maps/{indicator}.svg")
}

/// The virtual path of a figure of the whole report (such as the goal dashboard).
pub fn figure_path(name: &str) -> String {
    format!("/figures/{name}.svg")
}

/// The decimals an indicator's values are shown with: its precision, or the fewest (at
/// most 2) that show its values as they are.
pub fn decimals(ind: &Indicator, result: Option<&IndicatorResult>) -> u8 {
    ind.precision.unwrap_or_else(|| {
        format::decimals_for(
            result
                .iter()
                .flat_map(|r| r.series.iter())
                .flat_map(|s| s.observations.iter())
                .filter_map(|o| o.value),
            2,
        )
    })
}

/// The base year of an indicator: its own, or the project's.
pub fn base_year(ind: &Indicator, project: &Project) -> i32 {
    ind.assessment
        .as_ref()
        .and_then(|a| a.base_year)
        .unwrap_or(project.base_year)
}

/// The baseline of a series: its first value in or after the base year, unless it is the
/// latest value itself.
pub fn baseline(series: &Series, base_year: i32) -> Option<&Observation> {
    let latest = series.latest()?;
    series
        .observations
        .iter()
        .find(|o| o.year >= base_year && o.value.is_some() && !o.suppressed)
        .filter(|b| !std::ptr::eq(*b, latest))
}

/// The unit of an indicator in a language: its own, or the one its data report, labelled
/// by the project's vocabulary.
pub fn unit(
    ws: &Workspace,
    ind: &Indicator,
    result: Option<&IndicatorResult>,
    lang: &str,
) -> Option<String> {
    DataWords::new(ws, lang).indicator_unit(ind, result.and_then(|r| r.unit.as_deref()))
}

/// Builds the report data of one place in one language.
pub fn build(
    ws: &Workspace,
    evaluation: &Evaluation,
    stages: &StageInputs,
    options: &BuildOptions,
    labels: &Labels,
) -> ReportData {
    let project = ws.project();
    let lang = options.lang.as_str();
    let place = options
        .place
        .clone()
        .unwrap_or_else(|| project.place.geocode.clone());
    let mut ctx = Ctx {
        ws,
        project,
        evaluation,
        lang,
        labels,
        stages,
        file_sources: Vec::new(),
    };
    ctx.file_sources = ctx.file_sources();

    // one entry per indicator, built in parallel (the order is restored by the sort below)
    let mut entries: Vec<IndicatorEntry> = ws
        .active
        .par_iter()
        .map(|a| ctx.indicator(&a.indicator, evaluation.get(&a.indicator.id, &place)))
        .collect();
    // report order: chapter goal, then the first SDG code, then id
    let order = |e: &IndicatorEntry| {
        let goal = e.goal.parse::<u32>().unwrap_or(u32::MAX);
        let code = e
            .sdg
            .first()
            .map(|c| code_order(&c.code))
            .unwrap_or_default();
        (goal, code, e.id.clone())
    };
    entries.sort_by_key(order);

    let mut used: Vec<ChartStatus> = ws
        .active
        .iter()
        .map(|a| {
            let has_value = entries
                .iter()
                .any(|e| e.id == a.indicator.id && e.latest.is_some());
            shown_status(stages, &a.indicator.id, has_value)
        })
        .collect();
    used.sort_by_key(|s| (s.tone(), *s));
    used.dedup();
    let statuses: Vec<StatusInfo> = used
        .iter()
        .map(|s| StatusInfo {
            key: s.key().to_string(),
            label: labels.word(s.key()),
            tone: tone_name(s.tone()).to_string(),
            mark: Mark::of(*s),
        })
        .collect();

    let goals = ctx.goals(&entries, &statuses);
    let data_years = data_years(evaluation, &place);
    // what the publication is and how it names the place's own data follow the kind of place
    // (an imported national data set is an SDG progress report, not a city's VLR)
    let place_kind = project.place.kind.unwrap_or(PlaceKind::Municipality);
    let kind = if options.template == "vlr" {
        let publication = options
            .kind
            .unwrap_or_else(|| place_kind.default_publication());
        labels.get(publication.label_key()).to_string()
    } else {
        labels.get(&options.template).to_string()
    };
    let mut label_map = labels.map.clone();
    // no indicator has an OHCHR type (an imported SDG data set): the metadata sheets follow
    // no human-rights framework
    if entries.iter().all(|e| e.ohchr_type.is_none())
        && let Some(words) = labels.map.get("metadata-intro-sdg")
    {
        label_map.insert("metadata-intro".to_string(), words.clone());
    }
    for key in ["typeset-with", "back-cover"] {
        if let Some(words) = labels
            .map
            .get(&format!("{key}{}", place_kind.label_suffix()))
        {
            label_map.insert(key.to_string(), words.clone());
        }
    }

    ReportData {
        version: DATA_VERSION,
        dashboard: None,
        meta: Meta {
            template: options.template.clone(),
            lang: lang.to_string(),
            text_lang: text_lang(lang).0,
            text_region: text_lang(lang).1,
            title: project.name.get(lang).to_string(),
            kind,
            place: project.place.name.get(lang).to_string(),
            country: project.place.country.clone(),
            author: project.author.as_ref().map(|a| a.get(lang).to_string()),
            date: options.date.map(|d| format::date(d, lang)),
            data_years,
            generator: format!("localis {}", env!("CARGO_PKG_VERSION")),
            standard: standard_name(options.standard.unwrap_or(PdfStandard::DEFAULT)),
        },
        labels: label_map,
        texts: ctx.texts(options.date.map(|d| d.year())),
        key_numbers: ctx.key_numbers(&entries),
        glossary: ctx.glossary(
            &statuses,
            entries
                .iter()
                .any(|e| e.status.as_ref().is_some_and(|s| s.score.is_some())),
        ),
        highlights: stages.highlights.clone(),
        methodology: ctx.methodology(&entries, evaluation, &place),
        statuses,
        goals,
        indicators: entries,
        budget: None,
    }
}

/// The language and region typst can set text in, from a language tag (`pt-BR` -> `pt`, `BR`;
/// anything typst would reject -> `en`).
pub fn text_lang(tag: &str) -> (String, Option<String>) {
    let mut parts = tag.split(['-', '_']);
    let lang = parts.next().unwrap_or("").to_ascii_lowercase();
    let lang = if (2..=3).contains(&lang.len()) && lang.chars().all(|c| c.is_ascii_lowercase()) {
        lang
    } else {
        "en".to_string()
    };
    let region = parts
        .find(|p| p.len() == 2 && p.chars().all(|c| c.is_ascii_alphabetic()))
        .map(str::to_ascii_uppercase);
    (lang, region)
}

/// The name of a PDF standard as people write it (none for [`PdfStandard::None`]).
pub fn standard_name(s: PdfStandard) -> Option<String> {
    Some(
        match s {
            PdfStandard::PdfA2aUa1 => "PDF/A-2a, PDF/UA-1",
            PdfStandard::PdfA2a => "PDF/A-2a",
            PdfStandard::PdfA2b => "PDF/A-2b",
            PdfStandard::PdfA3b => "PDF/A-3b",
            PdfStandard::PdfUa1 => "PDF/UA-1",
            PdfStandard::None => return None,
        }
        .to_string(),
    )
}

fn data_years(evaluation: &Evaluation, place: &str) -> Option<String> {
    let years = evaluation
        .results
        .iter()
        .filter(|r| r.place == place)
        .flat_map(|r| r.series.iter())
        .flat_map(|s| s.observations.iter())
        .filter(|o| o.value.is_some())
        .map(|o| o.year);
    let (min, max) = years.fold(None, |acc: Option<(i32, i32)>, y| match acc {
        None => Some((y, y)),
        Some((a, b)) => Some((a.min(y), b.max(y))),
    })?;
    Some(format::year_range(min, max))
}

/// Where the values of a data file come from: its dataset's source (or title) and the file.
struct FileSource {
    /// The dataset's source or title, written out.
    name: Option<String>,
    /// `name (file)`, or the file.
    full: String,
}

struct Ctx<'a> {
    ws: &'a Workspace,
    project: &'a Project,
    evaluation: &'a Evaluation,
    lang: &'a str,
    labels: &'a Labels,
    stages: &'a StageInputs,
    /// The source of each data file of the evaluation (by its index), written out once.
    file_sources: Vec<FileSource>,
}

impl Ctx<'_> {
    /// The data's words in the report language.
    fn words(&self) -> DataWords<'_> {
        DataWords::new(self.ws, self.lang)
    }

    fn text(&self, t: &Option<Text>) -> Vec<String> {
        t.as_ref()
            .map(|t| paragraphs(t.get(self.lang)))
            .unwrap_or_default()
    }

    fn texts(&self, year: Option<i32>) -> Texts {
        let t = &self.project.texts;
        Texts {
            opening_statement: self.text(&t.opening_statement),
            opening_signature: t
                .opening_signature
                .as_ref()
                .map(|s| s.get(self.lang).to_string()),
            highlights: t
                .highlights
                .iter()
                .map(|h| h.get(self.lang).trim().to_string())
                .filter(|h| !h.is_empty())
                .collect(),
            introduction: self.text(&t.introduction),
            methodology: self.text(&t.methodology),
            ownership: self.text(&t.ownership),
            leaving_no_one_behind: self.text(&t.leaving_no_one_behind),
            means_of_implementation: self.text(&t.means_of_implementation),
            conclusion: self.text(&t.conclusion),
            next_steps: self.text(&t.next_steps),
            executive_summary: self.blocks(&t.executive_summary),
            stakeholder_engagement: self.blocks(&t.stakeholder_engagement),
            institutional_mechanism: self.blocks(&t.institutional_mechanism),
            commitments: t
                .commitments
                .iter()
                .map(|c| c.get(self.lang).trim().to_string())
                .filter(|c| !c.is_empty())
                .collect(),
            citation: Some(match &t.citation {
                Some(c) => c.get(self.lang).trim().to_string(),
                None => self.default_citation(year),
            }),
            licence: self.project.licence.clone(),
        }
    }

    fn blocks(&self, t: &Option<Text>) -> Vec<Block> {
        t.as_ref()
            .map(|t| blocks(t.get(self.lang)))
            .unwrap_or_default()
    }

    /// `Author (2025). Title. Place.`, the year of publication when known.
    fn default_citation(&self, year: Option<i32>) -> String {
        let p = self.project;
        let (name, place) = (p.name.get(self.lang), p.place.name.get(self.lang));
        let year = year.map(|y| format!(" ({y})")).unwrap_or_default();
        match &p.author {
            Some(a) => format!("{}{year}. {name}. {place}.", a.get(self.lang)),
            // without an author the title leads (never a citation opening on its year)
            None => format!("{name}{year}. {place}."),
        }
    }

    /// The key numbers of the highlights: indicators, with data, achieved or on track,
    /// deteriorating or off track.
    fn key_numbers(&self, entries: &[IndicatorEntry]) -> Vec<KeyNumber> {
        let l = self.labels;
        let numbers = NumberFormat::for_language(self.lang);
        let n = |v: usize| numbers.number(v as f64, 0);
        let tone = |t: &str| {
            entries
                .iter()
                .filter(|e| e.status.as_ref().is_some_and(|s| s.tone == t))
                .count()
        };
        let key = |k: &str| {
            entries
                .iter()
                .filter(|e| e.status.as_ref().is_some_and(|s| s.key == k))
                .count()
        };
        let mut numbers = vec![
            KeyNumber {
                value: n(entries.len()),
                label: l.get("key-indicators").to_string(),
                tone: None,
            },
            KeyNumber {
                value: n(entries.iter().filter(|e| e.latest.is_some()).count()),
                label: l.get("key-with-data").to_string(),
                tone: None,
            },
        ];
        // statuses that a category holds (any tone but unknown): counted; when none does
        // (every status is the publisher's own words), a count of zero would contradict the
        // indicator pages
        let categorised = entries
            .iter()
            .filter(|e| {
                e.status
                    .as_ref()
                    .is_some_and(|s| s.tone != tone_name(Tone::Unknown))
            })
            .count();
        // beside statuses in the publisher's words, the tiles say they count only the others
        let by_publisher = key(ChartStatus::SetByPublisher.key());
        let suffix = if by_publisher > 0 { "-computed" } else { "" };
        if categorised > 0 {
            numbers.push(KeyNumber {
                value: n(tone("achieved") + tone("good")),
                label: l.get(&format!("key-good{suffix}")).to_string(),
                tone: Some("good".to_string()),
            });
            numbers.push(KeyNumber {
                value: n(tone("bad")),
                label: l.get(&format!("key-bad{suffix}")).to_string(),
                tone: Some("bad".to_string()),
            });
        }
        if by_publisher > 0 {
            numbers.push(KeyNumber {
                value: n(by_publisher),
                label: l.get("key-by-publisher").to_string(),
                tone: None,
            });
        }
        numbers
    }

    /// Each status that occurs, and the score, explained.
    fn glossary(&self, statuses: &[StatusInfo], scored: bool) -> Vec<GlossaryEntry> {
        let l = self.labels;
        let mut out: Vec<GlossaryEntry> = statuses
            .iter()
            .map(|s| GlossaryEntry {
                term: s.label.clone(),
                definition: l.get(&format!("gloss-{}", s.key)).to_string(),
                tone: Some(s.tone.clone()),
                mark: Some(s.mark.clone()),
            })
            .collect();
        if scored {
            out.push(GlossaryEntry {
                term: l.get("score").to_string(),
                definition: l.get("gloss-score").to_string(),
                tone: None,
                mark: None,
            });
        }
        out
    }

    fn indicator(&self, ind: &Indicator, result: Option<&IndicatorResult>) -> IndicatorEntry {
        let lang = self.lang;
        let labels = self.labels;
        let unit = unit(self.ws, ind, result, lang);
        let decimals = decimals(ind, result);
        let numbers = NumberFormat::for_language(lang);
        let value_text = |v: f64| numbers.with_unit(v, decimals, unit.as_deref());
        let headline = result.and_then(IndicatorResult::headline);
        let structural = self.stages.structural.get(&ind.id);
        let latest = match structural {
            // a law, plan or institution: in place since a year, or not, and its deadline
            Some(st) => structural_value(st, labels).map(|value| ValueAt {
                value,
                year: st.as_of.map(|y| y.to_string()).unwrap_or_default(),
                note: None,
            }),
            None => headline.and_then(Series::latest).map(|o| ValueAt {
                value: value_text(o.value.unwrap_or(f64::NAN)),
                year: period(o),
                note: note(o),
            }),
        };
        let baseline = headline
            .filter(|_| structural.is_none())
            .and_then(|s| baseline(s, base_year(ind, self.project)))
            .map(|o| ValueAt {
                value: value_text(o.value.unwrap_or(f64::NAN)),
                year: period(o),
                note: note(o),
            });

        let goal = crate::publish::figures::chapter_goal(ind);
        // SDG codes in numeric order (1.2 before 10.2), each once
        let mut sdg: Vec<CodeTitle> = ind
            .links
            .sdg
            .iter()
            .map(|l| CodeTitle {
                code: l.code.clone(),
                title: self.ws.sdg.title(&l.code, lang).unwrap_or("").to_string(),
            })
            .collect();
        sdg.sort_by_key(|c| code_order(&c.code));
        sdg.dedup_by(|a, b| a.code == b.code);
        let rights = ind.links.rights.iter().map(|r| self.right(r)).collect();
        let norms = ind
            .links
            .norms
            .iter()
            .map(|n| {
                let key = match n {
                    Norm::NonDiscrimination => "norm-non-discrimination",
                    Norm::Participation => "norm-participation",
                    Norm::AccessToRemedy => "norm-access-to-remedy",
                    Norm::Accountability => "norm-accountability",
                };
                labels.get(key).to_string()
            })
            .collect();
        let direction = labels
            .get(match ind.direction {
                Direction::Increase => "direction-increase",
                Direction::Decrease => "direction-decrease",
                Direction::Maintain => "direction-maintain",
                Direction::Reach => "direction-reach",
                Direction::NotStated => "direction-not-stated",
            })
            .to_string();
        let department = ind.links.department.as_ref().map(|id| self.department(id));
        let influence = ind.links.influence.map(|i| {
            labels
                .get(match i {
                    Influence::High => "influence-high",
                    Influence::Partial => "influence-partial",
                    Influence::Outside => "influence-outside",
                })
                .to_string()
        });
        let targets = ind
            .targets
            .iter()
            .map(|t| self.target(t, decimals, unit.as_deref()))
            .collect();
        let shown = shown_status(self.stages, &ind.id, latest.is_some());
        let input = self.stages.statuses.get(&ind.id);
        let status = Some(match &ind.status {
            // the publisher's own words, marked as theirs; never recomputed
            Some(given) => Status {
                key: shown.key().to_string(),
                label: labels.fill("status-by-publisher", &[("status", given.label.get(lang))]),
                tone: tone_name(shown.tone()).to_string(),
                mark: Mark::of(shown),
                method: labels.get("set-by-publisher").to_string(),
                score: None,
            },
            None => Status {
                key: shown.key().to_string(),
                label: labels.word(shown.key()),
                tone: tone_name(shown.tone()).to_string(),
                mark: Mark::of(shown),
                method: input
                    .map(|s| {
                        labels
                            .get(&format!("method-{}", method_key(s.method)))
                            .to_string()
                    })
                    .unwrap_or_default(),
                score: input
                    .and_then(|s| s.score)
                    .map(|v| NumberFormat::for_language(lang).number(v, 2)),
            },
        });
        let disaggregation = result
            .map(|r| self.breakdowns(&ind.id, r, &value_text, decimals, unit.as_deref()))
            .unwrap_or_default();
        let completeness = result
            .map(|r| &r.completeness)
            .filter(|c| !c.expected.is_empty())
            .map(|c| {
                let text = labels.fill(
                    "completeness-text",
                    &[
                        ("present", &c.present.len().to_string()),
                        ("expected", &c.expected.len().to_string()),
                    ],
                );
                let words = self.words();
                let missing: Vec<String> = c
                    .expected
                    .iter()
                    .filter(|e| !c.present.contains(e))
                    .map(|d| words.dimension(d))
                    .collect();
                if missing.is_empty() {
                    let present: Vec<String> =
                        c.present.iter().map(|d| words.dimension(d)).collect();
                    format!("{text} ({})", present.join(", "))
                } else {
                    format!("{text} ({}: {})", labels.get("missing"), missing.join(", "))
                }
            });
        let chart = self.stages.charts.get(&ind.id).map(|c| Chart {
            path: chart_path(&ind.id),
            alt: if c.alt.trim().is_empty() {
                labels.fill("chart-alt", &[("title", ind.title.get(lang))])
            } else {
                c.alt.clone()
            },
        });
        let map = self.stages.maps.get(&ind.id).map(|m| MapFigure {
            path: map_path(&ind.id),
            alt: m.alt.clone(),
            caption: m.caption.clone(),
        });
        let Annex {
            blocks: annex,
            sources: annex_sources,
            data_sources,
            more: annex_more,
        } = result.map(|r| self.annex(r, decimals)).unwrap_or_default();
        let references: Vec<String> = ind.sources.iter().map(|s| self.source_ref(s)).collect();
        let mut sources = references.clone();
        for s in &annex_sources {
            if !sources.contains(s) {
                sources.push(s.clone());
            }
        }
        let metadata = ind
            .metadata
            .fields()
            .iter()
            .map(|(name, text)| MetaField {
                label: labels.get(&format!("meta-{name}")).to_string(),
                paragraphs: text.map(|t| paragraphs(t.get(lang))).unwrap_or_default(),
            })
            .collect();
        IndicatorEntry {
            id: ind.id.clone(),
            title: ind.title.get(lang).to_string(),
            description: self.text(&ind.description),
            unit,
            goal,
            sdg,
            rights,
            ohchr_type: ind.links.ohchr_type.map(|t| t.name().to_string()),
            norms,
            direction,
            department,
            influence,
            latest,
            baseline,
            targets,
            status,
            disaggregation,
            completeness,
            chart,
            map,
            sources,
            data_sources,
            references,
            annex,
            annex_sources,
            annex_more,
            metadata,
        }
    }

    fn right(&self, link: &RightLink) -> String {
        let right = self.ws.rights.iter().find(|r| r.value.id == link.right);
        let title = right
            .map(|r| r.value.title.get(self.lang).to_string())
            .unwrap_or_else(|| link.right.clone());
        match &link.attribute {
            None => title,
            Some(a) => {
                let attr = right
                    .and_then(|r| r.value.attributes.iter().find(|x| &x.id == a))
                    .map(|x| x.title.get(self.lang).to_string())
                    .unwrap_or_else(|| a.clone());
                format!("{title}: {attr}")
            }
        }
    }

    fn department(&self, id: &str) -> String {
        self.words().department(id)
    }

    fn source_ref(&self, s: &SourceRef) -> String {
        let mut out = s.name.get(self.lang).to_string();
        if let Some(p) = &s.publisher {
            out.push_str(", ");
            out.push_str(p.get(self.lang));
        }
        out
    }

    fn target(&self, t: &Target, decimals: u8, unit: Option<&str>) -> String {
        let l = self.labels;
        let lang = self.lang;
        let numbers = NumberFormat::for_language(lang);
        let v = |x: f64| numbers.with_unit(x, decimals, unit);
        let default_year = self.project.target_year;
        let year = |y: Option<i32>| y.unwrap_or(default_year).to_string();
        let text = match t {
            Target::Numeric(n) => {
                let base = l.fill(
                    "target-numeric",
                    &[("value", &v(n.value)), ("year", &year(n.year))],
                );
                match (n.baseline, n.baseline_year) {
                    (Some(b), Some(by)) => l.fill(
                        "target-numeric-from",
                        &[
                            ("target", &base),
                            ("baseline", &v(b)),
                            ("baseline_year", &by.to_string()),
                        ],
                    ),
                    _ => base,
                }
            }
            Target::Threshold(th) => {
                let mut parts = Vec::new();
                if let Some(b) = th.below {
                    parts.push(l.fill(
                        "target-below",
                        &[("value", &v(b)), ("year", &year(th.year))],
                    ));
                }
                if let Some(a) = th.above {
                    parts.push(l.fill(
                        "target-above",
                        &[("value", &v(a)), ("year", &year(th.year))],
                    ));
                }
                parts.join("; ")
            }
            Target::Zero(z) => l.fill("target-zero", &[("year", &year(z.year))]),
            Target::Level(lv) => l.fill(
                "target-level",
                &[
                    ("value", &v(lv.value)),
                    ("tolerance", &numbers.number(lv.tolerance, decimals)),
                ],
            ),
            Target::Flow(f) => {
                let mut parts = Vec::new();
                if let Some(a) = f.at_least {
                    parts.push(l.fill(
                        "target-flow-at-least",
                        &[("value", &v(a)), ("year", &year(f.year))],
                    ));
                }
                if let Some(a) = f.at_most {
                    parts.push(l.fill(
                        "target-flow-at-most",
                        &[("value", &v(a)), ("year", &year(f.year))],
                    ));
                }
                parts.join("; ")
            }
            Target::Coverage(c) => l.fill(
                "target-coverage",
                &[
                    ("value", &numbers.percent(c.value, 0)),
                    ("year", &year(c.year)),
                ],
            ),
            Target::Milestone(m) => match m.met {
                Some(y) => l.fill("target-milestone-met", &[("year", &y.to_string())]),
                None => l.fill("target-milestone", &[("year", &m.deadline.to_string())]),
            },
            Target::Bands(_) => l.get("target-bands").to_string(),
            Target::NonRetrogression(n) => l.fill(
                "target-non-retrogression",
                &[("tolerance", &numbers.number(n.tolerance, decimals))],
            ),
        };
        match t.label() {
            Some(label) if !label.is_empty() => format!("{}: {text}", label.get(lang)),
            _ => capitalise(&text),
        }
    }

    fn breakdowns(
        &self,
        id: &str,
        r: &IndicatorResult,
        value_text: &dyn Fn(f64) -> String,
        decimals: u8,
        unit: Option<&str>,
    ) -> Vec<Breakdown> {
        let mut by_dim: BTreeMap<&str, Vec<GroupValue>> = BTreeMap::new();
        for s in &r.series {
            if s.disaggregation.len() != 1 {
                continue;
            }
            let Some((dim, group)) = s.disaggregation.iter().next() else {
                continue;
            };
            // the latest observation, suppressed or not: a suppressed value shows as `s`
            let Some(o) = s
                .observations
                .iter()
                .rev()
                .find(|o| o.value.is_some() || o.suppressed)
            else {
                continue;
            };
            let value = match o.value {
                Some(v) if !o.suppressed => value_text(v),
                _ => "s".to_string(),
            };
            by_dim.entry(dim).or_default().push(GroupValue {
                group: self.words().category(dim, group),
                value,
                year: period(o),
            });
        }
        by_dim
            .into_iter()
            .map(|(dim, groups)| {
                let input = self.stages.gaps.get(&(id.to_string(), dim.to_string()));
                // the gap with its unit and year, shared by the sentence and its parts
                let gap_with_year = |g: &GapInput| {
                    with_year(
                        format::difference_with_unit(
                            g.gap,
                            decimals,
                            unit,
                            self.labels.get("percentage-points"),
                            self.lang,
                        ),
                        g.year,
                    )
                };
                let words = self.words();
                let worst_name = |g: &GapInput| words.category(dim, &g.worst.0);
                let best_name = |g: &GapInput| words.category(dim, &g.best.0);
                let gap = input.map(|g| {
                    let numbers = NumberFormat::for_language(self.lang);
                    let v = |x: f64| numbers.with_unit(x, decimals, unit);
                    let mut text = self.labels.fill(
                        "gap-text",
                        &[
                            ("worst", &worst_name(g)),
                            ("worst_value", &v(g.worst.1)),
                            ("reference", self.labels.get(g.reference_key)),
                            ("best", &best_name(g)),
                            ("best_value", &v(g.best.1)),
                            ("gap", &gap_with_year(g)),
                        ],
                    );
                    match g.narrowing {
                        Some(true) => {
                            text = format!("{text}, {}", self.labels.get("gap-narrowing"))
                        }
                        Some(false) => {
                            text = format!("{text}, {}", self.labels.get("gap-widening"))
                        }
                        None => {}
                    }
                    if !g.unreliable.is_empty() {
                        let groups: Vec<String> = g
                            .unreliable
                            .iter()
                            .map(|(group, value)| {
                                format!("{} {}", words.category(dim, group), v(*value))
                            })
                            .collect();
                        text = format!(
                            "{text}; {}",
                            self.labels
                                .fill("gap-unreliable", &[("groups", &groups.join(", "))])
                        );
                    }
                    text
                });
                let trend = input
                    .and_then(|g| g.narrowing)
                    .map(|n| if n { "narrowing" } else { "widening" }.to_string());
                // the parts of the table of gaps: none for a gap already listed with an
                // earlier indicator reading the same data (counted and listed once)
                let gap_parts = input.filter(|g| g.same_as.is_none()).map(|g| GapParts {
                    worst: format!("{} {}", worst_name(g), value_text(g.worst.1)),
                    best: format!("{} {}", best_name(g), value_text(g.best.1)),
                    gap: gap_with_year(g),
                    trend: g.narrowing.map(|n| {
                        self.labels
                            .get(if n { "gap-narrowing" } else { "gap-widening" })
                            .to_string()
                    }),
                });
                Breakdown {
                    dimension: words.dimension(dim),
                    groups,
                    gap,
                    trend,
                    gap_parts,
                }
            })
            .collect()
    }

    /// The annex of an indicator: every series by year, in blocks of at most
    /// [`annex_years_per_block`] years, and the sources its rows refer to by number.
    fn annex(&self, r: &IndicatorResult, decimals: u8) -> Annex {
        let mut periods: BTreeMap<(i32, String), ()> = BTreeMap::new();
        for s in &r.series {
            for o in &s.observations {
                periods.insert((o.year, period(o)), ());
            }
        }
        let periods: Vec<(i32, String)> = periods.into_keys().collect();
        if periods.is_empty() {
            return Annex::default();
        }
        let mut sources: Vec<String> = Vec::new();
        let mut data_sources: Vec<String> = Vec::new();
        let mut rows: Vec<(String, Vec<String>, String)> = Vec::new();
        // groups per dimension, to leave large breakdowns to the open data
        let mut groups: BTreeMap<&str, usize> = BTreeMap::new();
        for s in &r.series {
            if s.disaggregation.len() == 1
                && let Some((d, _)) = s.disaggregation.iter().next()
            {
                *groups.entry(d.as_str()).or_default() += 1;
            }
        }
        let mut more = 0;
        for s in &r.series {
            let printed = match s.disaggregation.len() {
                0 => true,
                1 => s.disaggregation.keys().all(|d| {
                    groups
                        .get(d.as_str())
                        .is_some_and(|n| *n <= ANNEX_MAX_GROUPS)
                }),
                _ => false,
            };
            if !printed {
                more += 1;
                continue;
            }
            let label = if s.disaggregation.is_empty() {
                self.labels.get("total").to_string()
            } else {
                self.words().disaggregation(&s.disaggregation)
            };
            let mut row_sources = BTreeSet::new();
            let cells = periods
                .iter()
                .map(|(y, p)| {
                    match s
                        .observations
                        .iter()
                        .find(|o| o.year == *y && &period(o) == p)
                    {
                        None => "–".to_string(),
                        Some(o) => {
                            for range in r.rows_of(o) {
                                let Some(src) = self.file_sources.get(range.file as usize) else {
                                    continue;
                                };
                                let n = match sources.iter().position(|x| *x == src.full) {
                                    Some(i) => i + 1,
                                    None => {
                                        sources.push(src.full.clone());
                                        let name = src.name.as_ref().unwrap_or(&src.full);
                                        if !data_sources.contains(name) {
                                            data_sources.push(name.clone());
                                        }
                                        sources.len()
                                    }
                                };
                                row_sources.insert(n);
                            }
                            cell(o, decimals, self.lang)
                        }
                    }
                })
                .collect();
            let source = row_sources
                .iter()
                .map(usize::to_string)
                .collect::<Vec<_>>()
                .join(", ");
            rows.push((label, cells, source));
        }
        // as many years a block as fit across the text width beside the series labels, in
        // blocks of equal size (13 years: 7 and 6, not 12 and 1)
        let widest = rows
            .iter()
            .flat_map(|(_, cells, _)| cells.iter())
            .chain(periods.iter().map(|(_, p)| p))
            .map(|c| c.chars().count())
            .max()
            .unwrap_or(0);
        let per_block = annex_years_per_block(widest, sources.len() > 1);
        let count = periods.len().div_ceil(per_block);
        let size = periods.len().div_ceil(count);
        let blocks = periods
            .chunks(size)
            .enumerate()
            .map(|(i, chunk)| {
                let from = i * size;
                let rows: Vec<AnnexRow> = rows
                    .iter()
                    .map(|(label, cells, source)| AnnexRow {
                        label: label.clone(),
                        cells: cells[from..from + chunk.len()].to_vec(),
                        source: source.clone(),
                    })
                    .collect();
                let year_widths = chunk
                    .iter()
                    .enumerate()
                    .map(|(c, (_, p))| {
                        annex_year_width(p, rows.iter().map(|r| r.cells[c].as_str()))
                    })
                    .collect();
                AnnexBlock {
                    years: chunk.iter().map(|(_, p)| p.clone()).collect(),
                    rows,
                    year_widths,
                }
            })
            .collect();
        Annex {
            blocks,
            sources,
            data_sources,
            more,
        }
    }

    /// The source of every data file of the evaluation, in file order (each dataset's glob
    /// compiled once, not once a value).
    fn file_sources(&self) -> Vec<FileSource> {
        let matchers: Vec<Option<globset::GlobMatcher>> = self
            .project
            .datasets
            .iter()
            .map(|d| {
                d.id.is_none()
                    .then(|| {
                        globset::Glob::new(&d.path)
                            .ok()
                            .map(|g| g.compile_matcher())
                    })
                    .flatten()
            })
            .collect();
        self.evaluation
            .files
            .iter()
            .map(|f| self.provenance_source(f, &matchers))
            .collect()
    }

    fn provenance_source(
        &self,
        prov: &DataFile,
        matchers: &[Option<globset::GlobMatcher>],
    ) -> FileSource {
        let spec = self
            .project
            .datasets
            .iter()
            .zip(matchers)
            .find_map(|(d, m)| {
                let named = d.id.as_deref() == Some(prov.dataset.as_str());
                let matched = m.as_ref().is_some_and(|m| m.is_match(&prov.file));
                (named || matched).then_some(d)
            });
        let named = spec.and_then(|d| {
            d.source
                .as_ref()
                .map(|s| self.source_ref(s))
                .or_else(|| d.title.as_ref().map(|t| t.get(self.lang).to_string()))
        });
        FileSource {
            full: match &named {
                Some(n) => format!("{n} ({})", prov.file),
                None => prov.file.clone(),
            },
            name: named,
        }
    }

    fn goals(&self, entries: &[IndicatorEntry], statuses: &[StatusInfo]) -> Vec<Goal> {
        let lang = self.lang;
        crate::publish::figures::chapter_order(
            self.ws.sdg.goals.keys(),
            entries.iter().map(|e| &e.goal),
        )
        .into_iter()
        .map(|code| {
            let chapter: Vec<&IndicatorEntry> = entries.iter().filter(|e| e.goal == code).collect();
            let related: Vec<&IndicatorEntry> = entries
                .iter()
                .filter(|e| {
                    e.goal != code
                        && e.sdg
                            .iter()
                            .any(|s| s.code.split('.').next() == Some(code.as_str()))
                })
                .collect();
            // each indicator counts once, in the goal whose chapter shows it, so that the
            // dashboard adds up to the number of indicators
            let all = &chapter;
            let counts: Vec<StatusCount> = statuses
                .iter()
                .map(|s| StatusCount {
                    key: s.key.clone(),
                    count: all
                        .iter()
                        .filter(|e| e.status.as_ref().is_some_and(|x| x.key == s.key))
                        .count(),
                })
                .filter(|c| c.count > 0)
                .collect();
            let (title, short) = if code == "other" {
                let t = self.labels.get("other-indicators").to_string();
                (t.clone(), t)
            } else {
                let title = self.ws.sdg.title(&code, lang).unwrap_or("").to_string();
                let short = self
                    .ws
                    .sdg
                    .short_title(&code, lang)
                    .map(str::to_string)
                    .unwrap_or_else(|| title.clone());
                (title, short)
            };
            Goal {
                count_text: self.labels.count(all.len()),
                with_data: all.iter().filter(|e| e.latest.is_some()).count(),
                indicators: chapter.iter().map(|e| e.id.clone()).collect(),
                related: related.iter().map(|e| e.id.clone()).collect(),
                statuses: counts,
                score: self
                    .stages
                    .goal_scores
                    .get(&code)
                    .map(|s| NumberFormat::for_language(lang).number(*s, 1)),
                narrative: self
                    .project
                    .texts
                    .goals
                    .get(&code)
                    .map(|t| blocks(t.get(lang)))
                    .unwrap_or_default(),
                code,
                title,
                short,
            }
        })
        .collect()
    }

    fn methodology(
        &self,
        entries: &[IndicatorEntry],
        evaluation: &Evaluation,
        place: &str,
    ) -> Methodology {
        let l = self.labels;
        let lang = self.lang;
        let p = self.project;
        let fact = |key: &str, value: String| Fact {
            label: l.get(key).to_string(),
            value,
        };
        let count = |n: usize| format::count(n, lang);
        let method = method_key(p.assessment.method);
        let mut facts = vec![fact(
            "fact-method",
            l.get(&format!("method-{method}")).to_string(),
        )];
        if !p.assessment.also.is_empty() {
            facts.push(fact(
                "fact-also",
                p.assessment
                    .also
                    .iter()
                    .map(|m| l.get(&format!("method-{}", method_key(*m))).to_string())
                    .collect::<Vec<_>>()
                    .join("; "),
            ));
        }
        facts.push(fact("fact-base-year", p.base_year.to_string()));
        facts.push(fact("fact-target-year", p.target_year.to_string()));
        facts.push(fact("fact-framework", p.framework.clone()));
        facts.push(fact("fact-indicators", count(entries.len())));
        facts.push(fact(
            "fact-with-data",
            count(entries.iter().filter(|e| e.latest.is_some()).count()),
        ));
        facts.push(fact(
            "fact-with-target",
            count(entries.iter().filter(|e| !e.targets.is_empty()).count()),
        ));
        facts.push(fact(
            "fact-disaggregated",
            count(
                evaluation
                    .results
                    .iter()
                    .filter(|r| r.place == place)
                    .filter(|r| {
                        r.series.iter().any(|s| {
                            !s.disaggregation.is_empty()
                                && s.observations.iter().any(|o| o.value.is_some())
                        })
                    })
                    .count(),
            ),
        ));
        let libraries: Vec<String> = self
            .ws
            .libraries
            .iter()
            .map(|lib| {
                lib.manifest
                    .as_ref()
                    .map(|m| m.title.get(lang).to_string())
                    .unwrap_or_else(|| lib.id.clone())
            })
            .collect();
        if !libraries.is_empty() {
            facts.push(fact("fact-libraries", libraries.join("; ")));
        }
        let mut methods = vec![p.assessment.method];
        methods.extend(p.assessment.also.iter().copied());
        // statuses the publisher set are printed in its words; the method describes only
        // what localis computed
        let by_publisher = self
            .ws
            .active
            .iter()
            .filter(|a| a.indicator.status.is_some())
            .count();
        // statuses the method or a target gave (an indicator localis does not assess has none)
        let computed = self
            .ws
            .active
            .iter()
            .filter(|a| a.indicator.status.is_none())
            .filter(|a| {
                self.stages
                    .statuses
                    .get(&a.indicator.id)
                    .is_some_and(|s| s.status != ChartStatus::NotAssessed)
            })
            .count();
        let mut method_text: Vec<String> = if by_publisher > 0 && computed == 0 {
            facts[0].value = l.get("method-none-computed").to_string();
            Vec::new()
        } else {
            methods
                .iter()
                .map(|m| {
                    l.get(&format!("method-{}-text", method_key(*m)))
                        .to_string()
                })
                .collect()
        };
        if by_publisher > 0 {
            method_text.push(l.fill("method-by-publisher-text", &[("n", &count(by_publisher))]));
        }
        // the rules every status, gap and suppressed cell follows, for a statistician to check
        let min = p.privacy.minimum_count.to_string();
        let unstable = p.privacy.unstable_at_most.to_string();
        let base = (crate::assess::lnob::MIN_PROPORTION_BASE as u32).to_string();
        method_text.push(l.get("rules-structural-text").to_string());
        method_text.push(l.fill(
            "rules-lnob-text",
            &[("unstable", &unstable), ("base", &base)],
        ));
        method_text.push(l.fill(
            "rules-privacy-text",
            &[
                ("min", &min),
                (
                    "min_less",
                    &(p.privacy.minimum_count.saturating_sub(1)).to_string(),
                ),
            ],
        ));
        let mut by_type: Vec<Fact> = OhchrType::ALL
            .iter()
            .map(|t| Fact {
                label: format!(
                    "{} ({})",
                    l.get(&format!("type-{}", t.name())),
                    l.get(&format!("type-{}-text", t.name()))
                ),
                value: count(
                    entries
                        .iter()
                        .filter(|e| e.ohchr_type.as_deref() == Some(t.name()))
                        .count(),
                ),
            })
            .collect();
        let untyped = entries.iter().filter(|e| e.ohchr_type.is_none()).count();
        if untyped == entries.len() {
            // no indicator is typed (an imported SDG data set): the table would say nothing
            by_type.clear();
        } else if untyped > 0 {
            by_type.push(fact("type-none", count(untyped)));
        }
        let datasets = p
            .datasets
            .iter()
            .map(|d| DatasetInfo {
                title: d
                    .title
                    .as_ref()
                    .map(|t| t.get(lang).to_string())
                    .or_else(|| d.id.clone())
                    .unwrap_or_else(|| d.path.clone()),
                source: d.source.as_ref().map(|s| s.name.get(lang).to_string()),
                publisher: d
                    .source
                    .as_ref()
                    .and_then(|s| s.publisher.as_ref())
                    .map(|x| x.get(lang).to_string()),
                url: d.source.as_ref().and_then(|s| s.url.clone()),
            })
            .collect();
        Methodology {
            facts,
            method_text,
            by_type,
            datasets,
        }
    }
}

/// A binary indicator's state in words: "In place since 2010", "Not in place; due 2027",
/// "Not in place; overdue since 2024" or "Not in place" (none when nothing is known).
pub fn structural_value(st: &crate::assess::Structural, labels: &Labels) -> Option<String> {
    use crate::assess::TargetStatus;
    let year = |y: i32| y.to_string();
    Some(match (st.in_place, st.since, st.status, st.deadline) {
        (true, Some(since), _, _) => {
            labels.fill("structural-in-place-since", &[("year", &year(since))])
        }
        (true, None, _, _) => labels.get("structural-in-place").to_string(),
        (false, _, TargetStatus::Due, Some(d)) => {
            labels.fill("structural-not-in-place-due", &[("year", &year(d))])
        }
        (false, _, TargetStatus::Overdue, Some(d)) => {
            labels.fill("structural-not-in-place-overdue", &[("year", &year(d))])
        }
        (false, _, TargetStatus::UnableToAssess, _) => return None,
        (false, _, _, _) => labels.get("structural-not-in-place").to_string(),
    })
}

/// The period of an observation as written in the data.
fn period(o: &Observation) -> String {
    o.period_label()
}

/// Observation status and comment, for a note beside the value.
fn note(o: &Observation) -> Option<String> {
    let parts: Vec<&str> = [o.status(), o.comment()]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// An annex cell: the value (`s` if suppressed) and its observation status letter.
fn cell(o: &Observation, decimals: u8, lang: &str) -> String {
    let mut text = match o.value {
        Some(v) if !o.suppressed => NumberFormat::for_language(lang).number(v, decimals),
        _ if o.suppressed => "s".to_string(),
        _ => "–".to_string(),
    };
    if let Some(s) = o.status().map(str::trim).filter(|s| !s.is_empty()) {
        text.push('\u{a0}');
        text.push_str(s);
    }
    text
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The stage inputs of one place from the assessment: the published status of each indicator
/// (the method's, or the deciding target's), its score, the gaps between groups and the goal
/// scores. A thin adapter: it picks and renames, it never computes.
pub fn stages_from_assessment(assessment: &crate::assess::Assessment, place: &str) -> StageInputs {
    use crate::assess::{GapTrend, ReferenceFrom, StatusSource};
    let mut out = StageInputs::default();
    // gaps already listed: (dimension, year, worst group and value, reference and value)
    let mut seen: BTreeMap<(String, i32, String, u64, String, u64), String> = BTreeMap::new();
    for a in assessment.results.iter().filter(|a| a.place == place) {
        let headline = a.series.iter().find(|s| s.disaggregation.is_empty());
        let published = headline.and_then(|s| s.progress.first());
        let (status, method, score) = match a.status_source {
            // a binary indicator: in place or not against its deadline
            _ if a.structural.is_some() => (
                a.structural.as_ref().map(|s| ChartStatus::from(s.status)),
                assessment.settings.method,
                None,
            ),
            StatusSource::Structural => (None, assessment.settings.method, None),
            StatusSource::Method => match published {
                Some(p) => (Some(ChartStatus::from(p.status)), p.method, p.score),
                None => (
                    Some(ChartStatus::UnableToAssess),
                    assessment.settings.method,
                    None,
                ),
            },
            StatusSource::Target => (
                a.targets
                    .iter()
                    .find(|t| t.category == Some(a.status))
                    .map(|t| ChartStatus::from(t.status)),
                assessment.settings.method,
                None,
            ),
            // the publisher's own words, which no category holds: shown as theirs, never
            // counted as "not assessed"
            StatusSource::Publisher => (
                match ChartStatus::from(a.status) {
                    ChartStatus::NotAssessed => Some(ChartStatus::SetByPublisher),
                    other => Some(other),
                },
                assessment.settings.method,
                None,
            ),
            StatusSource::None => (
                Some(ChartStatus::NotAssessed),
                assessment.settings.method,
                None,
            ),
        };
        if let Some(st) = &a.structural {
            out.structural.insert(a.indicator.clone(), st.clone());
        }
        if let Some(status) = status {
            out.statuses.insert(
                a.indicator.clone(),
                StatusInput {
                    status,
                    method,
                    score,
                },
            );
        }
        for s in &a.series {
            let (Some((dim, group)), 1) = (s.disaggregation.iter().next(), s.disaggregation.len())
            else {
                continue;
            };
            if let Some(status) = s
                .progress
                .first()
                .filter(|p| p.target.is_some())
                .map(|p| ChartStatus::from(p.status))
            {
                out.group_statuses
                    .insert((a.indicator.clone(), dim.clone(), group.clone()), status);
            }
        }
        for g in &a.leaving_no_one_behind {
            let key = (
                g.dimension.clone(),
                g.year,
                g.worst.group.clone(),
                g.worst.value.to_bits(),
                g.reference.group.clone(),
                g.reference.value.to_bits(),
            );
            let same_as = match seen.get(&key) {
                Some(first) => Some(first.clone()),
                None => {
                    seen.insert(key, a.indicator.clone());
                    None
                }
            };
            out.gaps.insert(
                (a.indicator.clone(), g.dimension.clone()),
                GapInput {
                    worst: (g.worst.group.clone(), g.worst.value),
                    best: (g.reference.group.clone(), g.reference.value),
                    reference_key: match g.reference_from {
                        ReferenceFrom::Declared => "gap-reference-declared",
                        ReferenceFrom::Largest => "gap-reference-largest",
                        ReferenceFrom::BestOff => "gap-reference-best-off",
                    },
                    unreliable: g
                        .unreliable
                        .iter()
                        .map(|u| (u.group.clone(), u.value))
                        .collect(),
                    same_as,
                    gap: g.gap_to_reference.difference.abs(),
                    narrowing: match g.trend {
                        GapTrend::Narrowing => Some(true),
                        GapTrend::Widening => Some(false),
                        GapTrend::Unchanged | GapTrend::Unknown => None,
                    },
                    year: Some(g.year),
                },
            );
        }
    }
    if let Some(summary) = assessment.summaries.iter().find(|s| s.place == place) {
        for g in &summary.goals {
            if let Some(score) = g.score {
                out.goal_scores.insert(g.goal.clone(), score);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluate::{ObservationDetails, RowSpan};

    fn obs(year: i32, value: Option<f64>) -> Observation {
        Observation::new(year, value, RowSpan::default())
    }

    #[test]
    fn language_tags_become_what_typst_accepts() {
        assert_eq!(text_lang("pt-BR"), ("pt".into(), Some("BR".into())));
        assert_eq!(text_lang("en_gb"), ("en".into(), Some("GB".into())));
        // a script subtag is skipped on the way to the region
        assert_eq!(text_lang("sr-Latn-RS"), ("sr".into(), Some("RS".into())));
        assert_eq!(text_lang("FR"), ("fr".into(), None));
        // anything typst would reject is set as English
        assert_eq!(text_lang(""), ("en".into(), None));
        assert_eq!(text_lang("english"), ("en".into(), None));
        assert_eq!(text_lang("p1-BR"), ("en".into(), Some("BR".into())));
    }

    #[test]
    fn pdf_standards_are_named_as_people_write_them() {
        assert_eq!(
            standard_name(PdfStandard::PdfA2aUa1).as_deref(),
            Some("PDF/A-2a, PDF/UA-1")
        );
        assert_eq!(
            standard_name(PdfStandard::PdfA3b).as_deref(),
            Some("PDF/A-3b")
        );
        assert_eq!(standard_name(PdfStandard::None), None);
    }

    #[test]
    fn a_baseline_is_the_first_published_value_from_the_base_year_but_not_the_latest() {
        let mut early = obs(2016, Some(5.0));
        early.suppressed = true;
        let series = Series {
            disaggregation: BTreeMap::new(),
            observations: vec![
                obs(2014, Some(1.0)),
                obs(2015, None),
                early,
                obs(2017, Some(7.0)),
                obs(2018, Some(8.0)),
            ],
        };
        // 2014 is before the base year, 2015 has no value, 2016 is suppressed: 2017
        assert_eq!(baseline(&series, 2015).map(|o| o.year), Some(2017));
        // from 2018 on the first value is the latest itself: no baseline to compare with
        assert!(baseline(&series, 2018).is_none());
    }

    #[test]
    fn annex_cells_mark_suppressed_and_missing_values_differently() {
        let mut estimated = obs(2020, Some(12.5)).with_details(ObservationDetails {
            status: Some(" E ".into()),
            comment: Some("survey".into()),
            ..ObservationDetails::default()
        });
        assert_eq!(cell(&estimated, 1, "en"), "12.5\u{a0}E");
        assert_eq!(cell(&estimated, 1, "pt"), "12,5\u{a0}E");
        assert_eq!(note(&estimated).as_deref(), Some("E; survey"));
        // a suppressed cell says so and never shows its value
        estimated.suppressed = true;
        assert_eq!(cell(&estimated, 1, "en"), "s\u{a0}E");
        assert_eq!(cell(&obs(2020, None), 1, "en"), "–");
        assert_eq!(note(&obs(2020, None)), None);
    }

    #[test]
    fn an_indicator_without_an_assessment_is_shown_by_whether_it_has_a_value() {
        let mut stages = StageInputs::default();
        stages.statuses.insert(
            "x".into(),
            StatusInput {
                status: ChartStatus::OnTrack,
                method: ProgressMethod::OpenSdg,
                score: None,
            },
        );
        assert_eq!(shown_status(&stages, "x", false), ChartStatus::OnTrack);
        assert_eq!(shown_status(&stages, "y", true), ChartStatus::NotAssessed);
        assert_eq!(
            shown_status(&stages, "y", false),
            ChartStatus::UnableToAssess
        );
    }

    #[test]
    fn data_years_span_the_values_of_the_place_only() {
        let result = |place: &str, points: Vec<Observation>| IndicatorResult {
            indicator: "x".into(),
            place: place.into(),
            unit: None,
            series: vec![Series {
                disaggregation: BTreeMap::new(),
                observations: points,
            }],
            completeness: Default::default(),
            rows: Vec::new(),
        };
        let evaluation = Evaluation {
            results: vec![
                result(
                    "A",
                    vec![obs(2012, None), obs(2014, Some(1.0)), obs(2019, Some(2.0))],
                ),
                result("B", vec![obs(2001, Some(3.0))]),
            ],
            ..Evaluation::default()
        };
        // 2012 has no value and 2001 is another place's: 2014 to 2019
        assert_eq!(
            data_years(&evaluation, "A").as_deref(),
            Some("2014\u{2013}2019")
        );
        assert_eq!(data_years(&evaluation, "C"), None);
    }

    #[test]
    fn annex_blocks_hold_fewer_years_as_cells_widen() {
        // (476 - 96) / (4 * 6.5 * 0.572 + 4) = 380 / 18.872 = 20.1: 20 columns
        assert_eq!(annex_years_per_block(3, false), 20);
        // a source column takes 24 pt: 356 / 18.872 = 18.9
        assert_eq!(annex_years_per_block(4, true), 18);
        // 12 characters: 380 / (12 * 3.718 + 4) = 380 / 48.616 = 7.8
        assert_eq!(annex_years_per_block(12, false), 7);
        // never fewer than two
        assert_eq!(annex_years_per_block(500, true), 2);
    }
}
