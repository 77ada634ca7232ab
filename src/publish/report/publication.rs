//! What the accountability report, the department reports and the public summary share: the stage results they read, their context and their figures (the dispatch over them is [`super::Publication`]).
//!
//! The three publications are static typst templates (`report-templates/accountability/`,
//! `department/`, `public/`) reading `json("/data.json")`, like the VLR. Their data are built
//! here by thin adapters that select and write out what the stages produced (evaluation,
//! assessment, budget analysis, scorecard statuses); they never compute a number of their own.
//! Every string reaches typst as data, never as markup.
//!
//! The department report is one PDF per department with a scorecard (its latest year), named
//! `department-<department id>.pdf` (with `-<lang>` when built in several languages): each is
//! handed to its own councillor, and the city director gets the set.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;

use crate::assess::Assessment;
use crate::budget::BudgetAnalysis;
use crate::diag::{Diagnostic, Diagnostics, Sources};
use crate::evaluate::{Evaluation, Observation, Series};
use crate::load::Workspace;
use crate::model::{PdfStandard, ReportSpec};
use crate::publish::charts::{Chart as ChartInput, ChartRenderer, Status as ChartStatus};
use crate::publish::format::NumberFormat;
use crate::publish::pdf::{FontSet, TemplateFiles};
use crate::publish::sentences::Sentences;
use crate::scorecard::{Light, ScorecardStatus};

use super::build::{self, BuildOptions, StageInputs, tone_name};
use super::data::{Chart, IndicatorEntry, Meta, ReportData, StatusInfo};
use super::format;
use super::labels::Labels;

/// Version of the layout of the three publications' data; templates may check `data.version`.
pub const PUBLICATION_DATA_VERSION: u32 = 1;

/// What the publications read: the results of every stage, for one place.
#[derive(Debug, Clone)]
pub struct Inputs<'a> {
    /// The loaded project.
    pub ws: &'a Workspace,
    /// The evaluation, with the budget's indicators joined and small cells suppressed.
    pub evaluation: &'a Evaluation,
    /// The assessment.
    pub assessment: &'a Assessment,
    /// The assessment picked per indicator (published status, gaps).
    pub stages: &'a StageInputs,
    /// The budget's judgements (PEFA grades, retrogressions), when the project has a budget.
    pub budget: Option<&'a BudgetAnalysis>,
    /// The status of every scorecard.
    pub scorecards: &'a [ScorecardStatus],
    /// GeoCode of the place reported on.
    pub place: &'a str,
    /// The evaluation without the rows behind its values: what indicators are written out
    /// from (values, targets, statuses), without the provenance only the VLR's annex shows.
    listing: Evaluation,
}

impl<'a> Inputs<'a> {
    /// The inputs of the publications of one place.
    pub fn new(
        ws: &'a Workspace,
        evaluation: &'a Evaluation,
        assessment: &'a Assessment,
        stages: &'a StageInputs,
        budget: Option<&'a BudgetAnalysis>,
        scorecards: &'a [ScorecardStatus],
        place: &'a str,
    ) -> Inputs<'a> {
        let listing = Evaluation {
            results: evaluation
                .results
                .iter()
                .filter(|r| r.place == place)
                .map(|r| crate::evaluate::IndicatorResult {
                    rows: Vec::new(),
                    ..r.clone()
                })
                .collect(),
            places: evaluation.places.clone(),
            files: Vec::new(),
            completeness: evaluation.completeness.clone(),
        };
        Inputs {
            ws,
            evaluation,
            assessment,
            stages,
            budget,
            scorecards,
            place,
            listing,
        }
    }
}

impl<'a> Inputs<'a> {
    /// What the shared chart adapter selects figures from.
    pub fn figure_source(&self) -> crate::publish::figures::FigureSource<'a> {
        crate::publish::figures::FigureSource {
            ws: self.ws,
            evaluation: self.evaluation,
            assessment: Some(self.assessment),
            stages: self.stages,
            budget: self.budget,
            place: self.place,
        }
    }
}

/// How to build the publications of one report spec: the templates and fonts, the sentence
/// templates, the date and PDF standard. Not a typesetting request: the data builders read
/// it (sentences, labels, the unresolved date for the title page) before each publication's
/// [`super::TypesetRequest`] is made from it.
#[derive(Clone, Copy)]
pub struct Typesetting<'a> {
    /// The template files.
    pub templates: &'a TemplateFiles,
    /// The fonts.
    pub fonts: &'a Arc<FontSet>,
    /// The sentence templates.
    pub sentences: &'a Sentences,
    /// The date of publication, when fixed.
    pub date: Option<time::Date>,
    /// The PDF standard.
    pub standard: Option<PdfStandard>,
}

/// What building one publication in one language needs, and the figures it draws.
pub struct Ctx<'a> {
    /// The stage results.
    pub inputs: &'a Inputs<'a>,
    /// The report language.
    pub lang: String,
    /// Labels of the report language.
    pub labels: Labels,
    /// The number format of the report language.
    pub numbers: NumberFormat,
    /// The template name.
    pub template: String,
    /// The sentence templates.
    pub sentences: &'a Sentences,
    /// Every active indicator written out for the report language (as the VLR shows it), by id.
    pub entries: BTreeMap<String, IndicatorEntry>,
    /// The title-page metadata, as the VLR fills it in.
    pub meta: Meta,
    /// Figures drawn so far, by virtual path.
    pub figures: BTreeMap<String, Vec<u8>>,
    /// Problems met while drawing.
    pub problems: Vec<Diagnostic>,
    renderer: ChartRenderer<'a>,
    pub(super) started: std::time::Instant,
}

impl<'a> Ctx<'a> {
    /// The context of one publication in one language; `None` when its charts cannot be drawn
    /// (the sentence templates are broken: the error is pushed onto `diagnostics`).
    pub fn new(
        inputs: &'a Inputs<'a>,
        spec: &ReportSpec,
        lang: &str,
        typesetting: &Typesetting<'a>,
        sources: &mut Sources,
        diagnostics: &mut Diagnostics,
    ) -> Option<Ctx<'a>> {
        let started = std::time::Instant::now();
        let labels = Labels::load(
            typesetting.templates,
            typesetting.sentences,
            lang,
            sources,
            diagnostics,
        );
        let renderer = match ChartRenderer::new(typesetting.sentences, lang) {
            Ok(r) => r,
            Err(e) => {
                diagnostics.push(Diagnostic::error("chart-failed", e.to_string()));
                return None;
            }
        };
        let options = BuildOptions {
            template: spec.template.clone(),
            lang: lang.to_string(),
            place: Some(inputs.place.to_string()),
            date: typesetting.date,
            standard: typesetting.standard,
            kind: spec.kind,
        };
        // every indicator written out once, as the VLR writes it (values, targets, statuses)
        let ReportData {
            meta, indicators, ..
        } = build::build(inputs.ws, &inputs.listing, inputs.stages, &options, &labels);
        Some(Ctx {
            inputs,
            lang: lang.to_string(),
            numbers: NumberFormat::for_language(lang),
            template: spec.template.clone(),
            sentences: typesetting.sentences,
            entries: indicators.into_iter().map(|e| (e.id.clone(), e)).collect(),
            meta,
            labels,
            figures: BTreeMap::new(),
            problems: Vec::new(),
            renderer,
            started,
        })
    }

    /// The workspace.
    pub fn ws(&self) -> &'a Workspace {
        self.inputs.ws
    }

    /// A label of the report language.
    pub fn label(&self, key: &str) -> String {
        self.labels.get(key).to_string()
    }

    /// A label with `{name}` placeholders filled in.
    pub fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        self.labels.fill(key, values)
    }

    /// Draws a chart in the report language under `/figures/<name>.svg`; a chart that cannot
    /// be drawn is left out with a warning.
    pub fn draw(&mut self, name: &str, chart: ChartInput) -> Option<Chart> {
        match self.renderer.render(&chart) {
            Ok(drawn) => {
                let path = build::figure_path(name);
                self.figures.insert(path.clone(), drawn.svg.into_bytes());
                super::add_alternative(&mut self.figures, &path, &drawn.alt);
                Some(Chart {
                    path,
                    alt: drawn.alt,
                })
            }
            Err(e) => {
                self.problems.push(
                    Diagnostic::warning(
                        "chart-failed",
                        format!("failed to draw the chart `{name}` ({e})"),
                    )
                    .hint("the publication shows the figures without this chart"),
                );
                None
            }
        }
    }

    /// The title of a right in the report language (its id when the libraries do not define it).
    pub fn right_title(&self, id: &str) -> String {
        self.ws()
            .rights
            .iter()
            .find(|r| r.value.id == id)
            .map(|r| r.value.title.get(&self.lang).to_string())
            .unwrap_or_else(|| id.to_string())
    }

    /// The data's words (dimensions, categories, units, departments) in the report language.
    pub fn words(&self) -> crate::load::words::DataWords<'_> {
        crate::load::words::DataWords::new(self.ws(), &self.lang)
    }

    /// The name of a department in the report language (its id when it is not declared).
    pub fn department_title(&self, id: &str) -> String {
        self.words().department(id)
    }

    /// Where an indicator's data come from: the publisher of the dataset of its first value
    /// (never the indicator's own `sources`, which name where its definition came from).
    pub fn source_of(&self, id: &str) -> Option<String> {
        let result = self.inputs.evaluation.get(id, self.inputs.place)?;
        let series = result.headline().or_else(|| result.series.first())?;
        crate::publish::figures::data_source(
            self.ws(),
            self.inputs.evaluation,
            result,
            series,
            &self.lang,
        )
    }

    /// A department as the project or its libraries declare it.
    pub fn department(&self, id: &str) -> Option<&'a crate::model::Department> {
        let ws = self.ws();
        ws.project()
            .departments
            .iter()
            .find(|d| d.id == id)
            .or_else(|| ws.departments.iter().map(|d| &d.value).find(|d| d.id == id))
    }

    /// A status of the chart vocabulary as the templates show it.
    pub fn status(&self, status: ChartStatus) -> StatusInfo {
        StatusInfo {
            key: status.key().to_string(),
            label: self.labels.word(status.key()),
            tone: tone_name(status.tone()).to_string(),
            mark: super::data::Mark::of(status),
        }
    }

    /// A scorecard light as the templates show it (in the words of the chart legends).
    pub fn light(&self, light: Light) -> StatusInfo {
        self.status(light_status(light))
    }

    /// The series of an indicator with exactly these disaggregation groups (the headline for none).
    pub fn series(&self, indicator: &str, groups: &[(&str, &str)]) -> Option<&'a Series> {
        self.inputs
            .evaluation
            .get(indicator, self.inputs.place)?
            .series_with(groups)
    }

    /// The observation of a series in a year, when it has a value that may be shown.
    pub fn observation(
        &self,
        indicator: &str,
        groups: &[(&str, &str)],
        year: i32,
    ) -> Option<&'a Observation> {
        self.series(indicator, groups)?
            .observations
            .iter()
            .find(|o| o.year == year && o.value.is_some() && !o.suppressed)
    }

    /// The value of a series in a year, when it has one that may be shown.
    pub fn value(&self, indicator: &str, groups: &[(&str, &str)], year: i32) -> Option<f64> {
        self.observation(indicator, groups, year)?.value
    }

    /// An amount of money written out: `1,443.0 million BRL` (through the language's words).
    pub fn amount(&self, v: f64, currency: &str) -> String {
        self.labels.amount(v, currency)
    }

    /// A number with decimals, written the language's way.
    pub fn number(&self, v: f64, decimals: u8) -> String {
        self.numbers.number(v, decimals)
    }

    /// A percentage, written the language's way.
    pub fn percent(&self, v: f64, decimals: u8) -> String {
        self.numbers.percent(v, decimals)
    }

    /// A change in percent with its sign (`+2.3%`, `−12.2%`).
    pub fn change(&self, v: f64, decimals: u8) -> String {
        self.numbers.change(v, decimals)
    }

    /// A span of years (`2023–2025`).
    pub fn years(&self, first: i32, last: i32) -> String {
        format::year_range(first, last)
    }

    /// `1 indicator`, `12 indicators`.
    pub fn count(&self, n: usize) -> String {
        self.labels.count(n)
    }

    /// The year the publication reports on: the latest year with a value shown for the place
    /// up to the assessment's reference year, else the reference year itself (a report
    /// published in January 2026 gives account of 2025 when the data end there).
    pub fn report_year(&self) -> i32 {
        report_year(
            &self.inputs.listing,
            self.inputs.assessment.settings.reference_year,
        )
    }

    /// The currency of the budget, as the budget states it.
    pub fn currency(&self) -> String {
        self.inputs
            .budget
            .and_then(|b| b.currency.as_deref())
            .map(|c| crate::load::words::currency_symbol(c).to_string())
            .unwrap_or_default()
    }

    /// Renders a plain-language sentence from `<lang>/<file>`; an error becomes a diagnostic
    /// and an empty sentence.
    pub fn sentence(&mut self, file: &str, kind: &str, data: &impl Serialize) -> String {
        let words = crate::publish::sentences::Labels(self.labels.words.clone());
        match self.sentences.render(&self.lang, file, kind, data, &words) {
            Ok(s) => s,
            Err(e) => {
                self.problems.push(
                    Diagnostic::error("sentence-template", e.to_string())
                        .hint("fix or remove the project's report-templates/sentences/ file"),
                );
                String::new()
            }
        }
    }

    /// The title-page metadata of this publication, with its own title.
    pub fn meta_with(&self, title: String, kind: String) -> Meta {
        Meta {
            title,
            kind,
            template: self.template.clone(),
            ..self.meta.clone()
        }
    }
}

/// The latest year with a value that may be shown in `evaluation` up to `reference_year`, else
/// `reference_year`.
pub fn report_year(evaluation: &Evaluation, reference_year: i32) -> i32 {
    evaluation
        .results
        .iter()
        .flat_map(|r| r.series.iter())
        .flat_map(|s| s.observations.iter())
        .filter(|o| o.value.is_some() && !o.suppressed && o.year <= reference_year)
        .map(|o| o.year)
        .max()
        .unwrap_or(reference_year)
}

/// The chart status a scorecard light is drawn and named with: on track, progress needed
/// (attention), off track, unable to assess (no data), due (not due yet).
pub fn light_status(light: Light) -> ChartStatus {
    match light {
        Light::OnTrack => ChartStatus::OnTrack,
        Light::Attention => ChartStatus::ProgressNeeded,
        Light::OffTrack => ChartStatus::OffTrack,
        Light::NoData => ChartStatus::UnableToAssess,
        Light::Pending => ChartStatus::Due,
    }
}

/// The statuses that occur, in the order of their tones (for legends).
pub fn legend(ctx: &Ctx<'_>, mut used: Vec<ChartStatus>) -> Vec<StatusInfo> {
    used.sort_by_key(|s| (s.tone(), *s));
    used.dedup();
    used.into_iter().map(|s| ctx.status(s)).collect()
}

/// The published status of an indicator, as the VLR shows it.
pub fn indicator_status(ctx: &Ctx<'_>, id: &str) -> ChartStatus {
    let has_value = ctx.entries.get(id).is_some_and(|e| e.latest.is_some());
    build::shown_status(ctx.inputs.stages, id, has_value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn evaluation(observations: serde_json::Value) -> Evaluation {
        serde_json::from_value(serde_json::json!({
            "places": [],
            "results": [{
                "indicator": "a", "place": "1", "unit": null,
                "series": [{"disaggregation": {}, "observations": observations}],
                "completeness": {"expected": [], "present": []}
            }]
        }))
        .expect("an evaluation")
    }

    fn obs(year: i32, value: Option<f64>, suppressed: bool) -> serde_json::Value {
        serde_json::json!({"year": year, "value": value, "suppressed": suppressed,
            "rows": {"start": 0, "end": 0}})
    }

    #[test]
    fn the_report_year_is_the_latest_year_with_a_value_shown_up_to_the_reference_year() {
        let e = evaluation(serde_json::json!([
            obs(2023, Some(1.0), false),
            obs(2024, Some(2.0), false),
            // suppressed or blank values do not make a year reported on
            obs(2025, None, true),
            obs(2026, None, false),
        ]));
        assert_eq!(report_year(&e, 2026), 2024);
        // a value after the reference year (a projection, a later extract) is not reported on
        assert_eq!(report_year(&e, 2023), 2023);
        // no value at all: the reference year
        assert_eq!(report_year(&evaluation(serde_json::json!([])), 2030), 2030);
    }

    #[test]
    fn scorecard_lights_are_named_in_the_words_of_the_charts() {
        assert_eq!(light_status(Light::OnTrack), ChartStatus::OnTrack);
        assert_eq!(light_status(Light::Attention), ChartStatus::ProgressNeeded);
        assert_eq!(light_status(Light::OffTrack), ChartStatus::OffTrack);
        assert_eq!(light_status(Light::NoData), ChartStatus::UnableToAssess);
        assert_eq!(light_status(Light::Pending), ChartStatus::Due);
    }

    #[test]
    fn only_the_three_publications_are_built_here() {
        use super::super::is_publication;
        assert!(is_publication("accountability"));
        assert!(is_publication("department"));
        assert!(is_publication("public"));
        assert!(!is_publication("vlr"));
        assert!(!is_publication("Public"));
    }
}
