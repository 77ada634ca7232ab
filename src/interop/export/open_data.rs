//! The open-data bundle: results, metadata sheets, the assessment and the sources as CSV and
//! JSON, with a README in the project's main language that describes every file and column,
//! the licence and the sources.
//!
//! Files: `README.md`, `results.csv` and `results.json` (one row per observation; each JSON file
//! is left out above the size limit `localis eval` uses, unless `--json`, and the README says so),
//! `indicators.csv` (the metadata sheets in the main language) and `indicators.json` (the whole
//! definitions, every language), `assessment.json`, `assessment.csv`, `targets.csv` and
//! `summary.csv` (as `localis eval` writes them), and `sources.csv`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use super::Context;
use crate::assess::{Assessment, IndicatorAssessment, Interval};
use crate::evaluate::IndicatorResult;
use crate::load::Workspace;
use crate::model::{Indicator, SourceRef, Target, Text};
use crate::output::assessment::{AssessmentWriter, name};
use crate::output::results::{format_number, provenance_text};
use crate::output::write::{AtomicFile, Finished, JsonLimit, LimitedWriter};
use crate::output::write_atomic;

/// The files of the bundle, in the order the README lists them.
pub const FILES: [&str; 10] = [
    "README.md",
    "results.csv",
    "results.json",
    "indicators.csv",
    "indicators.json",
    "assessment.csv",
    "targets.csv",
    "summary.csv",
    "assessment.json",
    "sources.csv",
];

/// Columns of `results.csv` (and keys of each observation of `results.json`).
pub const RESULT_COLUMNS: [&str; 16] = [
    "indicator",
    "indicator_title",
    "place",
    "place_name",
    "period",
    "year",
    "disaggregation",
    "value",
    "unit",
    "observation_status",
    "lower_bound",
    "upper_bound",
    "unstable",
    "suppressed",
    "source",
    "provenance",
];

/// Columns of `indicators.csv`.
pub const INDICATOR_COLUMNS: [&str; 21] = [
    "id",
    "title",
    "description",
    "unit",
    "direction",
    "precision",
    "sdg",
    "rights",
    "ohchr_type",
    "norms",
    "department",
    "influence",
    "targets",
    "definition",
    "rationale",
    "method",
    "data_collection",
    "disaggregation",
    "periodicity",
    "comments",
    "sources",
];

/// Columns of `sources.csv`.
pub const SOURCE_COLUMNS: [&str; 6] = ["dataset", "title", "files", "source", "publisher", "url"];

/// Confidence intervals of one result's series: disaggregation -> year -> interval.
type IntervalsBySeries<'a> = BTreeMap<&'a BTreeMap<String, String>, BTreeMap<i32, &'a Interval>>;

fn text(t: Option<&Text>, lang: &str) -> String {
    t.map(|t| t.get(lang).to_string()).unwrap_or_default()
}

fn source_text(s: &SourceRef, lang: &str) -> String {
    let mut out = s.name.get(lang).to_string();
    if let Some(p) = &s.publisher {
        out.push_str(&format!(" ({})", p.get(lang)));
    }
    if let Some(u) = &s.url {
        out.push_str(&format!(" {u}"));
    }
    out
}

/// A target in a few words (`numeric 18 by 2030`, `milestone due 2026`).
fn describe_target(t: &Target) -> String {
    let n = |v: f64| format_number(v);
    let by = |y: Option<i32>| y.map(|y| format!(" by {y}")).unwrap_or_default();
    match t {
        Target::Numeric(x) => format!("numeric {}{}", n(x.value), by(x.year)),
        Target::Threshold(x) => {
            let mut s = "threshold".to_string();
            if let Some(b) = x.below {
                s.push_str(&format!(" below {}", n(b)));
            }
            if let Some(a) = x.above {
                s.push_str(&format!(" above {}", n(a)));
            }
            s
        }
        Target::Zero(x) => format!("zero{}", by(x.year)),
        Target::Level(x) => format!("level {} ± {}", n(x.value), n(x.tolerance)),
        Target::Flow(x) => {
            let mut s = "flow".to_string();
            if let Some(v) = x.at_least {
                s.push_str(&format!(" at least {} a year", n(v)));
            }
            if let Some(v) = x.at_most {
                s.push_str(&format!(" at most {} a year", n(v)));
            }
            s
        }
        Target::Coverage(x) => format!("coverage {}%{}", n(x.value), by(x.year)),
        Target::Milestone(x) => format!("milestone due {}", x.deadline),
        Target::Bands(x) => format!("bands ({})", x.bands.len()),
        Target::NonRetrogression(x) => format!("non-retrogression (tolerance {})", n(x.tolerance)),
    }
}

fn indicator_row(i: &Indicator, lang: &str) -> Vec<String> {
    let m = &i.metadata;
    vec![
        i.id.clone(),
        i.title.get(lang).to_string(),
        text(i.description.as_ref(), lang),
        text(i.unit.as_ref(), lang),
        name(&i.direction).to_owned(),
        i.precision.map(|p| p.to_string()).unwrap_or_default(),
        i.links
            .sdg
            .iter()
            .map(|l| l.code.clone())
            .collect::<Vec<_>>()
            .join(";"),
        i.links
            .rights
            .iter()
            .map(|r| match &r.attribute {
                Some(a) => format!("{}/{a}", r.right),
                None => r.right.clone(),
            })
            .collect::<Vec<_>>()
            .join(";"),
        i.links
            .ohchr_type
            .map(|t| t.name().to_string())
            .unwrap_or_default(),
        i.links.norms.iter().map(name).collect::<Vec<_>>().join(";"),
        i.links.department.clone().unwrap_or_default(),
        i.links
            .influence
            .as_ref()
            .map(name)
            .unwrap_or_default()
            .to_owned(),
        i.targets
            .iter()
            .map(describe_target)
            .collect::<Vec<_>>()
            .join("; "),
        text(m.definition.as_ref(), lang),
        text(m.rationale.as_ref(), lang),
        text(m.method.as_ref(), lang),
        text(m.data_collection.as_ref(), lang),
        text(m.disaggregation.as_ref(), lang),
        text(m.periodicity.as_ref(), lang),
        text(m.comments.as_ref(), lang),
        i.sources
            .iter()
            .map(|s| source_text(s, lang))
            .collect::<Vec<_>>()
            .join(" | "),
    ]
}

fn csv_bytes(header: &[&str], rows: &[Vec<String>]) -> std::io::Result<Vec<u8>> {
    let mut w = crate::output::rows::csv_writer(Vec::new());
    w.write_record(header)?;
    for r in rows {
        w.write_record(r)?;
    }
    w.into_inner()
        .map_err(|e| std::io::Error::other(e.to_string()))
}

/// Writes the bundle into a folder a window of indicators at a time: the results (CSV and
/// JSON) and the assessment as they come, the metadata sheets, the sources and the README
/// at the end.
pub(crate) struct Writer {
    dir: PathBuf,
    /// Dataset id -> the name of its source.
    source_of: BTreeMap<String, String>,
    /// The rows of `sources.csv`.
    source_rows: Vec<Vec<String>>,
    csv: csv::Writer<BufWriter<AtomicFile>>,
    /// `results.json`, until it passes the size limit (then it is left out).
    json: Option<LimitedWriter<AtomicFile>>,
    first: bool,
    assessment: AssessmentWriter,
}

impl Writer {
    /// Starts the bundle in `dir`: the sources of the datasets, the heads of the results.
    pub(crate) fn create(ctx: &Context, dir: &Path) -> std::io::Result<Self> {
        let ws = ctx.ws;
        let project = ws.project();
        let lang = ctx.lang.as_str();
        // datasets: their sources, by dataset id
        let (datasets, _) = crate::load::dataset::resolve_datasets(
            &ws.root,
            &project.datasets,
            &project.data_roots,
            ws.project_file,
            &ws.project_node,
        );
        let mut source_of: BTreeMap<String, String> = BTreeMap::new();
        let mut source_rows = Vec::new();
        for d in &datasets {
            let spec = &project.datasets[d.spec_index];
            let s = spec.source.as_ref();
            source_of.insert(
                d.id.clone(),
                s.map(|s| s.name.get(lang).to_string()).unwrap_or_default(),
            );
            source_rows.push(vec![
                d.id.clone(),
                text(spec.title.as_ref(), lang),
                d.files
                    .iter()
                    .map(|f| ws.display_path(f))
                    .collect::<Vec<_>>()
                    .join(";"),
                s.map(|s| s.name.get(lang).to_string()).unwrap_or_default(),
                text(s.and_then(|s| s.publisher.as_ref()), lang),
                s.and_then(|s| s.url.clone()).unwrap_or_default(),
            ]);
        }
        // results, streamed
        let mut csv = crate::output::rows::csv_writer(BufWriter::new(AtomicFile::create(
            &dir.join("results.csv"),
        )?));
        csv.write_record(RESULT_COLUMNS)?;
        let mut json = LimitedWriter::new(
            AtomicFile::create(&dir.join("results.json"))?,
            ctx.json_limit,
        );
        let head = serde_json::json!({
            "project": project.name.get(lang),
            "place": {"name": project.place.name.get(lang), "geocode": project.place.geocode},
            "language": lang,
            "licence": project.licence,
            "columns": RESULT_COLUMNS,
        });
        let head = serde_json::to_string(&head).map_err(std::io::Error::other)?;
        // the head object without its closing brace, then the observations
        json.write_all(&head.as_bytes()[..head.len() - 1])?;
        json.write_all(b",\"observations\":[")?;
        Ok(Writer {
            dir: dir.to_path_buf(),
            source_of,
            source_rows,
            csv,
            json: Some(json),
            first: true,
            assessment: AssessmentWriter::create(dir, ctx.json_limit)?,
        })
    }

    /// Writes one window: its results, with the confidence intervals of their assessment,
    /// and the assessment.
    pub(crate) fn window(
        &mut self,
        ctx: &Context,
        results: &[IndicatorResult],
        assessed: &[IndicatorAssessment],
    ) -> std::io::Result<()> {
        let ws = ctx.ws;
        let lang = ctx.lang.as_str();
        let files = ctx.files.as_slice();
        let intervals: BTreeMap<(&str, &str), IntervalsBySeries> = assessed
            .iter()
            .map(|a| {
                let by_series = a
                    .series
                    .iter()
                    .map(|s| {
                        (
                            &s.disaggregation,
                            s.intervals.iter().map(|i| (i.year, i)).collect(),
                        )
                    })
                    .collect();
                ((a.indicator.as_str(), a.place.as_str()), by_series)
            })
            .collect();
        for res in results {
            let indicator = ws.indicator(&res.indicator).map(|a| &a.indicator);
            let title = indicator
                .map(|i| i.title.get(lang).to_string())
                .unwrap_or_default();
            let unit = super::unit_label(res, indicator, lang);
            let place_name = ctx.place_name(&res.place);
            let by_series = intervals.get(&(res.indicator.as_str(), res.place.as_str()));
            for s in &res.series {
                let disaggregation = crate::output::results::disaggregation_cell(&s.disaggregation);
                let series_intervals = by_series.and_then(|b| b.get(&s.disaggregation));
                for o in &s.observations {
                    let value = o.value.filter(|_| !o.suppressed);
                    let interval = series_intervals
                        .and_then(|i| i.get(&o.year))
                        .filter(|_| !o.suppressed);
                    let provenance = provenance_text(res, o, files);
                    let sources: BTreeSet<String> = res
                        .provenance(o, files)
                        .iter()
                        .filter_map(|p| self.source_of.get(&p.dataset).cloned())
                        .filter(|s| !s.is_empty())
                        .collect();
                    let source = sources.into_iter().collect::<Vec<_>>().join(" | ");
                    let period = o.period_label();
                    let row = [
                        res.indicator.clone(),
                        title.clone(),
                        res.place.clone(),
                        place_name.clone(),
                        period.clone(),
                        o.year.to_string(),
                        disaggregation.clone(),
                        value.map(format_number).unwrap_or_default(),
                        unit.clone(),
                        o.status().unwrap_or("").to_string(),
                        interval.map(|i| format_number(i.lower)).unwrap_or_default(),
                        interval.map(|i| format_number(i.upper)).unwrap_or_default(),
                        interval.is_some_and(|i| i.unstable).to_string(),
                        o.suppressed.to_string(),
                        source.clone(),
                        if o.suppressed {
                            String::new()
                        } else {
                            provenance
                        },
                    ];
                    self.csv.write_record(&row)?;
                    let Some(json) = &mut self.json else {
                        continue;
                    };
                    let obj = serde_json::json!({
                        "indicator": res.indicator,
                        "indicator_title": title,
                        "place": res.place,
                        "place_name": place_name,
                        "period": period,
                        "year": o.year,
                        "disaggregation": s.disaggregation,
                        "value": value,
                        "unit": unit,
                        "observation_status": o.status(),
                        "lower_bound": interval.map(|i| i.lower),
                        "upper_bound": interval.map(|i| i.upper),
                        "unstable": interval.is_some_and(|i| i.unstable),
                        "suppressed": o.suppressed,
                        "source": source,
                        "provenance": row[15],
                    });
                    json.write_all(if self.first { b"\n" } else { b",\n" })?;
                    self.first = false;
                    serde_json::to_writer(&mut *json, &obj).map_err(std::io::Error::other)?;
                    if json.over() {
                        // nothing more is worth writing: the unfinished file goes away
                        self.json = None;
                    }
                }
            }
        }
        self.assessment.write(assessed)
    }

    /// Puts the results and the assessment in place (`rest`: the assessment's settings,
    /// awards and summaries), writes the metadata sheets, the sources and the README;
    /// returns the paths written, sorted, and the JSON files left out for their size (an
    /// earlier export's copy of those is removed, so that no file disagrees with the rest).
    pub(crate) fn finish(self, ctx: &Context, rest: &Assessment) -> std::io::Result<Finished> {
        let ws = ctx.ws;
        let lang = ctx.lang.as_str();
        let dir = self.dir;
        let mut finished = Finished::default();
        AtomicFile::commit_csv(self.csv)?;
        finished.written.push(dir.join("results.csv"));
        let results_json = dir.join("results.json");
        match self.json {
            Some(mut json) => {
                json.write_all(b"\n]}\n")?;
                if json.over() {
                    finished.omitted.push(results_json);
                } else {
                    json.into_inner()?.commit()?;
                    finished.written.push(results_json);
                }
            }
            None => finished.omitted.push(results_json),
        }
        let mut written = std::mem::take(&mut finished.written);
        // metadata sheets
        let indicators: Vec<&Indicator> = ws.active.iter().map(|a| &a.indicator).collect();
        let rows: Vec<Vec<String>> = indicators.iter().map(|i| indicator_row(i, lang)).collect();
        let path = dir.join("indicators.csv");
        write_atomic(&path, &csv_bytes(&INDICATOR_COLUMNS, &rows)?)?;
        written.push(path);
        let path = dir.join("indicators.json");
        let mut bytes = serde_json::to_vec_pretty(&indicators).map_err(std::io::Error::other)?;
        bytes.push(b'\n');
        write_atomic(&path, &bytes)?;
        written.push(path);
        // the assessment, as `localis eval` writes it
        let assessment = self.assessment.finish(rest)?;
        written.extend(assessment.written);
        finished.omitted.extend(assessment.omitted);
        let path = dir.join("sources.csv");
        write_atomic(&path, &csv_bytes(&SOURCE_COLUMNS, &self.source_rows)?)?;
        written.push(path);
        let left_out: Vec<&str> = finished
            .omitted
            .iter()
            .filter_map(|p| p.file_name()?.to_str())
            .collect();
        let path = dir.join("README.md");
        let text = readme(ws, lang, &self.source_rows, &left_out, ctx.json_limit);
        write_atomic(&path, text.as_bytes())?;
        written.push(path);
        for stale in &finished.omitted {
            match std::fs::remove_file(stale) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
                _ => {}
            }
        }
        written.sort();
        finished.written = written;
        Ok(finished)
    }
}

/// The README's words in one language.
struct Words {
    title: &'static str,
    intro: &'static str,
    files: &'static str,
    file_descriptions: [&'static str; 10],
    columns: &'static str,
    column_descriptions: [&'static str; 16],
    conventions: &'static str,
    blank: &'static str,
    suppressed: &'static str,
    unstable: &'static str,
    licence: &'static str,
    no_licence: &'static str,
    sources: &'static str,
    no_sources: &'static str,
    /// Said of a JSON file left out for its size (`{file}`, `{size}`, `{csv}`).
    left_out: &'static str,
}

const EN: Words = Words {
    title: "open data",
    intro: "These files publish the data behind the project's reports, produced by localis from its indicator definitions and datasets: the numbers are those of the reports. Every value comes with its year and source.",
    files: "Files",
    file_descriptions: [
        "this description",
        "one row per value: indicator, place, period, disaggregation, value and where it comes from (columns below)",
        "the same values as JSON",
        "the metadata sheet of every indicator (definition, rationale, method, data collection, disaggregation, periodicity, comments, sources, targets, links to the SDGs and human rights)",
        "the indicator definitions in full, in every language",
        "the progress assessment: one row per indicator, place, disaggregation and method",
        "the check of every target",
        "counts of statuses per place, goal, right and indicator type",
        "the whole assessment as JSON",
        "the datasets and their sources",
    ],
    columns: "Columns of results.csv",
    column_descriptions: [
        "indicator id",
        "indicator title",
        "GeoCode of the place",
        "name of the place",
        "period as written in the data (2015, or 2015-16)",
        "year (the first year of a period)",
        "groups as dimension=group, separated by `;` (empty: the total)",
        "the value (empty: no data, or suppressed)",
        "unit",
        "observation status from the data (E estimated, P provisional...)",
        "lower bound of the 95% confidence interval",
        "upper bound of the 95% confidence interval",
        "true when a rate rests on few events: read it with caution",
        "true when the value is hidden to protect privacy",
        "source of the data",
        "the dataset rows the value was computed from",
    ],
    conventions: "Conventions",
    blank: "An empty value means that there is no data; it never means zero. Missing values are never estimated.",
    suppressed: "Counts below {n} are suppressed to protect privacy, together with the cells that would reveal them (secondary suppression); their rows say `suppressed: true` and have no value.",
    unstable: "Rates from {m} events or fewer are flagged `unstable`.",
    licence: "Licence",
    no_licence: "No licence is stated in the project (`licence:` in localis.yaml); ask the publisher before reusing the data.",
    sources: "Sources",
    no_sources: "No source is stated for the datasets.",
    left_out: "`{file}` is left out: it would be larger than {size}. `{csv}` holds the same values; `localis export --json` writes it whatever its size.",
};

const PT: Words = Words {
    title: "dados abertos",
    intro: "Estes arquivos publicam os dados por trás dos relatórios do projeto, produzidos pelo localis a partir das definições dos indicadores e dos conjuntos de dados: os números são os dos relatórios. Cada valor vem com seu ano e sua fonte.",
    files: "Arquivos",
    file_descriptions: [
        "esta descrição",
        "uma linha por valor: indicador, local, período, desagregação, valor e sua origem (colunas abaixo)",
        "os mesmos valores em JSON",
        "a ficha de metadados de cada indicador (definição, justificativa, método, coleta de dados, desagregação, periodicidade, comentários, fontes, metas, vínculos com os ODS e os direitos humanos)",
        "as definições completas dos indicadores, em todos os idiomas",
        "a avaliação do progresso: uma linha por indicador, local, desagregação e método",
        "a verificação de cada meta",
        "contagens de situações por local, objetivo, direito e tipo de indicador",
        "a avaliação completa em JSON",
        "os conjuntos de dados e suas fontes",
    ],
    columns: "Colunas de results.csv",
    column_descriptions: [
        "identificador do indicador",
        "título do indicador",
        "GeoCode do local",
        "nome do local",
        "período como escrito nos dados (2015, ou 2015-16)",
        "ano (o primeiro ano de um período)",
        "grupos como dimensão=grupo, separados por `;` (vazio: o total)",
        "o valor (vazio: sem dados, ou suprimido)",
        "unidade",
        "situação da observação nos dados (E estimado, P provisório...)",
        "limite inferior do intervalo de confiança de 95%",
        "limite superior do intervalo de confiança de 95%",
        "true quando uma taxa se baseia em poucos eventos: leia com cautela",
        "true quando o valor é ocultado para proteger a privacidade",
        "fonte dos dados",
        "as linhas dos conjuntos de dados usadas no cálculo",
    ],
    conventions: "Convenções",
    blank: "Um valor vazio significa que não há dados; nunca significa zero. Valores ausentes nunca são estimados.",
    suppressed: "Contagens abaixo de {n} são suprimidas para proteger a privacidade, junto com as células que as revelariam (supressão secundária); suas linhas trazem `suppressed: true` e não têm valor.",
    unstable: "Taxas calculadas a partir de {m} eventos ou menos são marcadas como `unstable`.",
    licence: "Licença",
    no_licence: "O projeto não declara uma licença (`licence:` em localis.yaml); consulte o publicador antes de reutilizar os dados.",
    sources: "Fontes",
    no_sources: "Nenhuma fonte é declarada para os conjuntos de dados.",
    left_out: "`{file}` não foi incluído: teria mais de {size}. `{csv}` contém os mesmos valores; `localis export --json` o grava seja qual for o tamanho.",
};

const ES: Words = Words {
    title: "datos abiertos",
    intro: "Estos archivos publican los datos que sustentan los informes del proyecto, producidos por localis a partir de las definiciones de los indicadores y de los conjuntos de datos: las cifras son las de los informes. Cada valor lleva su año y su fuente.",
    files: "Archivos",
    file_descriptions: [
        "esta descripción",
        "una fila por valor: indicador, lugar, período, desglose, valor y su origen (columnas abajo)",
        "los mismos valores en JSON",
        "la ficha de metadatos de cada indicador (definición, justificación, método, recopilación de datos, desglose, periodicidad, comentarios, fuentes, metas, vínculos con los ODS y los derechos humanos)",
        "las definiciones completas de los indicadores, en todos los idiomas",
        "la evaluación del progreso: una fila por indicador, lugar, desglose y método",
        "la verificación de cada meta",
        "recuentos de estados por lugar, objetivo, derecho y tipo de indicador",
        "la evaluación completa en JSON",
        "los conjuntos de datos y sus fuentes",
    ],
    columns: "Columnas de results.csv",
    column_descriptions: [
        "identificador del indicador",
        "título del indicador",
        "GeoCode del lugar",
        "nombre del lugar",
        "período como figura en los datos (2015, o 2015-16)",
        "año (el primer año de un período)",
        "grupos como dimensión=grupo, separados por `;` (vacío: el total)",
        "el valor (vacío: sin datos, o suprimido)",
        "unidad",
        "estado de la observación en los datos (E estimado, P provisional...)",
        "límite inferior del intervalo de confianza del 95%",
        "límite superior del intervalo de confianza del 95%",
        "true cuando una tasa se basa en pocos eventos: léala con cautela",
        "true cuando el valor se oculta para proteger la privacidad",
        "fuente de los datos",
        "las filas de los conjuntos de datos usadas en el cálculo",
    ],
    conventions: "Convenciones",
    blank: "Un valor vacío significa que no hay datos; nunca significa cero. Los valores ausentes nunca se estiman.",
    suppressed: "Los recuentos inferiores a {n} se suprimen para proteger la privacidad, junto con las celdas que los revelarían (supresión secundaria); sus filas indican `suppressed: true` y no tienen valor.",
    unstable: "Las tasas calculadas a partir de {m} eventos o menos se marcan como `unstable`.",
    licence: "Licencia",
    no_licence: "El proyecto no declara una licencia (`licence:` en localis.yaml); consulte al editor antes de reutilizar los datos.",
    sources: "Fuentes",
    no_sources: "No se declara ninguna fuente para los conjuntos de datos.",
    left_out: "`{file}` no se incluye: superaría {size}. `{csv}` contiene los mismos valores; `localis export --json` lo escribe sea cual sea su tamaño.",
};

const DE: Words = Words {
    title: "offene Daten",
    intro: "Diese Dateien veröffentlichen die Daten hinter den Berichten des Projekts, von localis aus den Indikatordefinitionen und Datensätzen erzeugt: Die Zahlen sind die der Berichte. Jeder Wert steht mit seinem Jahr und seiner Quelle.",
    files: "Dateien",
    file_descriptions: [
        "diese Beschreibung",
        "eine Zeile je Wert: Indikator, Ort, Zeitraum, Aufgliederung, Wert und Herkunft (Spalten unten)",
        "dieselben Werte als JSON",
        "das Metadatenblatt jedes Indikators (Definition, Begründung, Methode, Datenerhebung, Aufgliederung, Periodizität, Anmerkungen, Quellen, Ziele, Bezüge zu den SDGs und Menschenrechten)",
        "die vollständigen Indikatordefinitionen in allen Sprachen",
        "die Fortschrittsbewertung: eine Zeile je Indikator, Ort, Aufgliederung und Methode",
        "die Prüfung jedes Ziels",
        "Anzahl der Bewertungen je Ort, Ziel, Recht und Indikatortyp",
        "die gesamte Bewertung als JSON",
        "die Datensätze und ihre Quellen",
    ],
    columns: "Spalten von results.csv",
    column_descriptions: [
        "Kennung des Indikators",
        "Titel des Indikators",
        "GeoCode des Ortes",
        "Name des Ortes",
        "Zeitraum wie in den Daten (2015 oder 2015-16)",
        "Jahr (das erste Jahr eines Zeitraums)",
        "Gruppen als Dimension=Gruppe, getrennt durch `;` (leer: insgesamt)",
        "der Wert (leer: keine Daten oder unterdrückt)",
        "Einheit",
        "Beobachtungsstatus aus den Daten (E geschätzt, P vorläufig ...)",
        "untere Grenze des 95-%-Konfidenzintervalls",
        "obere Grenze des 95-%-Konfidenzintervalls",
        "true, wenn eine Rate auf wenigen Ereignissen beruht: mit Vorsicht lesen",
        "true, wenn der Wert zum Schutz der Privatsphäre verborgen ist",
        "Quelle der Daten",
        "die Zeilen der Datensätze, aus denen der Wert berechnet wurde",
    ],
    conventions: "Konventionen",
    blank: "Ein leerer Wert bedeutet, dass keine Daten vorliegen; er bedeutet nie null. Fehlende Werte werden nie geschätzt.",
    suppressed: "Zahlen unter {n} werden zum Schutz der Privatsphäre unterdrückt, zusammen mit den Zellen, die sie verraten würden (sekundäre Geheimhaltung); ihre Zeilen tragen `suppressed: true` und keinen Wert.",
    unstable: "Raten aus {m} oder weniger Ereignissen sind als `unstable` gekennzeichnet.",
    licence: "Lizenz",
    no_licence: "Das Projekt nennt keine Lizenz (`licence:` in localis.yaml); fragen Sie den Herausgeber, bevor Sie die Daten weiterverwenden.",
    sources: "Quellen",
    no_sources: "Für die Datensätze ist keine Quelle angegeben.",
    left_out: "`{file}` fehlt: die Datei wäre größer als {size}. `{csv}` enthält dieselben Werte; `localis export --json` schreibt sie unabhängig von ihrer Größe.",
};

const FR: Words = Words {
    title: "données ouvertes",
    intro: "Ces fichiers publient les données des rapports du projet, produites par localis à partir des définitions des indicateurs et des jeux de données : les chiffres sont ceux des rapports. Chaque valeur est donnée avec son année et sa source.",
    files: "Fichiers",
    file_descriptions: [
        "cette description",
        "une ligne par valeur : indicateur, lieu, période, ventilation, valeur et son origine (colonnes ci-dessous)",
        "les mêmes valeurs en JSON",
        "la fiche de métadonnées de chaque indicateur (définition, justification, méthode, collecte des données, ventilation, périodicité, commentaires, sources, cibles, liens avec les ODD et les droits humains)",
        "les définitions complètes des indicateurs, dans toutes les langues",
        "l'évaluation des progrès : une ligne par indicateur, lieu, ventilation et méthode",
        "la vérification de chaque cible",
        "nombre de statuts par lieu, objectif, droit et type d'indicateur",
        "l'évaluation complète en JSON",
        "les jeux de données et leurs sources",
    ],
    columns: "Colonnes de results.csv",
    column_descriptions: [
        "identifiant de l'indicateur",
        "titre de l'indicateur",
        "GeoCode du lieu",
        "nom du lieu",
        "période telle qu'écrite dans les données (2015, ou 2015-16)",
        "année (la première année d'une période)",
        "groupes sous la forme dimension=groupe, séparés par `;` (vide : le total)",
        "la valeur (vide : pas de données, ou masquée)",
        "unité",
        "statut de l'observation dans les données (E estimé, P provisoire...)",
        "borne inférieure de l'intervalle de confiance à 95 %",
        "borne supérieure de l'intervalle de confiance à 95 %",
        "true quand un taux repose sur peu d'événements : à lire avec prudence",
        "true quand la valeur est masquée pour protéger la vie privée",
        "source des données",
        "les lignes des jeux de données dont la valeur est calculée",
    ],
    conventions: "Conventions",
    blank: "Une valeur vide signifie qu'il n'y a pas de données ; elle ne signifie jamais zéro. Les valeurs manquantes ne sont jamais estimées.",
    suppressed: "Les effectifs inférieurs à {n} sont masqués pour protéger la vie privée, ainsi que les cellules qui permettraient de les retrouver (secret secondaire) ; leurs lignes portent `suppressed: true` et n'ont pas de valeur.",
    unstable: "Les taux calculés à partir de {m} événements ou moins sont signalés `unstable`.",
    licence: "Licence",
    no_licence: "Le projet n'indique pas de licence (`licence:` dans localis.yaml) ; demandez à l'éditeur avant de réutiliser les données.",
    sources: "Sources",
    no_sources: "Aucune source n'est indiquée pour les jeux de données.",
    left_out: "`{file}` n'est pas inclus : il dépasserait {size}. `{csv}` contient les mêmes valeurs ; `localis export --json` l'écrit quelle que soit sa taille.",
};

fn words(lang: &str) -> &'static Words {
    match lang.split(['-', '_']).next().unwrap_or(lang) {
        "pt" => &PT,
        "es" => &ES,
        "de" => &DE,
        "fr" => &FR,
        _ => &EN,
    }
}

/// The bundle's README in `lang`: every file written (`left_out`: JSON files left out for
/// their size under `limit`, said so instead), the columns, conventions, licence and sources.
fn readme(
    ws: &Workspace,
    lang: &str,
    sources: &[Vec<String>],
    left_out: &[&str],
    limit: JsonLimit,
) -> String {
    let w = words(lang);
    let project = ws.project();
    let mut s = String::new();
    let _ = writeln!(s, "# {}: {}\n", project.name.get(lang), w.title);
    let _ = writeln!(s, "{}\n", w.intro);
    let _ = writeln!(s, "## {}\n", w.files);
    for (f, d) in FILES.iter().zip(w.file_descriptions) {
        if !left_out.contains(f) {
            let _ = writeln!(s, "- `{f}`: {d}");
        }
    }
    if let JsonLimit::Bytes(bytes) = limit {
        for f in left_out {
            let csv = f.replace(".json", ".csv");
            let size = if bytes >= 1 << 20 {
                format!("{} MiB", bytes >> 20)
            } else {
                format!("{bytes} bytes")
            };
            let said = w
                .left_out
                .replace("{file}", f)
                .replace("{size}", &size)
                .replace("{csv}", &csv);
            let _ = writeln!(s, "\n{said}");
        }
    }
    let _ = writeln!(s, "\n## {}\n", w.columns);
    for (c, d) in RESULT_COLUMNS.iter().zip(w.column_descriptions) {
        let _ = writeln!(s, "- `{c}`: {d}");
    }
    let _ = writeln!(s, "\n## {}\n", w.conventions);
    let _ = writeln!(s, "- {}", w.blank);
    let _ = writeln!(
        s,
        "- {}",
        w.suppressed
            .replace("{n}", &project.privacy.minimum_count.to_string())
    );
    let _ = writeln!(
        s,
        "- {}",
        w.unstable
            .replace("{m}", &project.privacy.unstable_at_most.to_string())
    );
    let _ = writeln!(s, "\n## {}\n", w.licence);
    match &project.licence {
        Some(l) => {
            let _ = writeln!(s, "{l}");
        }
        None => {
            let _ = writeln!(s, "{}", w.no_licence);
        }
    }
    let _ = writeln!(s, "\n## {}\n", w.sources);
    let mut listed: BTreeSet<String> = BTreeSet::new();
    for row in sources {
        let (name, publisher, url) = (&row[3], &row[4], &row[5]);
        if name.is_empty() {
            continue;
        }
        let mut line = name.clone();
        if !publisher.is_empty() {
            line.push_str(&format!(" ({publisher})"));
        }
        if !url.is_empty() {
            line.push_str(&format!(", {url}"));
        }
        listed.insert(line);
    }
    if listed.is_empty() {
        let _ = writeln!(s, "{}", w.no_sources);
    }
    for l in listed {
        let _ = writeln!(s, "- {l}");
    }
    s
}
