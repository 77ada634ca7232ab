//! The report data: plain serde structs that templates read as JSON (`json("/data.json")`).
//!
//! Every string here is data: templates print it, never evaluate it. Numbers and dates are
//! already written for the report language, so templates never format or compute. Keys are
//! snake_case (unlike the YAML model) because typst reads fields as `ind.latest.value`, where
//! a `-` would be a minus.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Version of this layout; templates may check `data.version`.
pub const DATA_VERSION: u32 = 1;

/// Everything a report template shows.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportData {
    /// Layout version ([`DATA_VERSION`]).
    pub version: u32,
    /// Title page and document metadata.
    pub meta: Meta,
    /// Fixed labels in the report language, by key (`contents`, `status-on-track`...).
    pub labels: BTreeMap<String, String>,
    /// Texts written by the city.
    pub texts: Texts,
    /// Plain-language sentences generated from the results.
    pub highlights: Vec<String>,
    /// Facts of the methodology chapter.
    pub methodology: Methodology,
    /// The statuses that occur, in legend order.
    pub statuses: Vec<StatusInfo>,
    /// The 17 goals (and `other` for indicators without an SDG link), in order.
    pub goals: Vec<Goal>,
    /// The goal dashboard chart, when it could be drawn.
    pub dashboard: Option<Chart>,
    /// Every indicator, in report order (by chapter goal, then id).
    pub indicators: Vec<IndicatorEntry>,
    /// Key numbers of the highlights panels.
    #[serde(default)]
    pub key_numbers: Vec<KeyNumber>,
    /// The statuses that occur and the score, explained.
    #[serde(default)]
    pub glossary: Vec<GlossaryEntry>,
    /// The budget as a means of implementation, when the project has one (VLR only).
    #[serde(default)]
    pub budget: Option<super::means::Budget>,
}

/// Title page and document metadata.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    /// Template name (`vlr`).
    pub template: String,
    /// Report language (`pt`, `pt-BR`).
    pub lang: String,
    /// The ISO 639 code typst sets text in (`pt`).
    pub text_lang: String,
    /// The ISO 3166 region, when the language tag has one (`BR`).
    pub text_region: Option<String>,
    /// Title: the project's name.
    pub title: String,
    /// The kind of publication in the report language (`Voluntary Local Review`).
    pub kind: String,
    /// The place reported on.
    pub place: String,
    /// Its country.
    pub country: Option<String>,
    /// Who publishes (PDF author).
    pub author: Option<String>,
    /// Date of publication in the report language; none unless `SOURCE_DATE_EPOCH` fixes it.
    pub date: Option<String>,
    /// The span of years the data cover (`2015–2023`).
    pub data_years: Option<String>,
    /// The program that typeset the report.
    pub generator: String,
    /// The PDF standard the report conforms to, if one was chosen.
    pub standard: Option<String>,
}

/// Texts written by the city, as paragraphs (empty when not written).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Texts {
    /// Opening statement.
    pub opening_statement: Vec<String>,
    /// Who signs it.
    pub opening_signature: Option<String>,
    /// Highlights written by the city, one item each.
    pub highlights: Vec<String>,
    /// Introduction.
    pub introduction: Vec<String>,
    /// How the review was prepared.
    pub methodology: Vec<String>,
    /// Ownership of the goals.
    pub ownership: Vec<String>,
    /// Leaving no one behind.
    pub leaving_no_one_behind: Vec<String>,
    /// Means of implementation.
    pub means_of_implementation: Vec<String>,
    /// Conclusion.
    pub conclusion: Vec<String>,
    /// Next steps.
    pub next_steps: Vec<String>,
    /// Executive summary.
    #[serde(default)]
    pub executive_summary: Vec<Block>,
    /// How stakeholders took part.
    #[serde(default)]
    pub stakeholder_engagement: Vec<Block>,
    /// The institutional mechanism of the review.
    #[serde(default)]
    pub institutional_mechanism: Vec<Block>,
    /// The city's commitments, one item each.
    #[serde(default)]
    pub commitments: Vec<String>,
    /// How to cite the publication.
    #[serde(default)]
    pub citation: Option<String>,
    /// The licence of the publication and its data (`CC-BY-4.0`).
    #[serde(default)]
    pub licence: Option<String>,
}

/// A block of text written by the city: a paragraph or a list item, as runs of plain or bold
/// text. Converted from a small Markdown subset (blank lines, `- ` items, `**bold**`) by
/// localis, so that the template prints text and never reads markup.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Block {
    /// `p` (paragraph) or `li` (list item).
    pub kind: String,
    /// The text, in runs.
    pub runs: Vec<Run>,
}

/// A run of text of one weight.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Run {
    /// The text.
    pub text: String,
    /// Whether it is set in bold.
    pub strong: bool,
    /// Whether it is a code span (`` `x` `` in the source), set in a monospace face.
    pub code: bool,
}

/// A key number of the highlights panels (`412` `indicators assessed`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyNumber {
    /// The number, written out.
    pub value: String,
    /// What it counts.
    pub label: String,
    /// Colour family of the status it counts (see [`StatusInfo::tone`]), if any.
    pub tone: Option<String>,
}

/// An entry of the glossary of statuses and scores.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GlossaryEntry {
    /// The term.
    pub term: String,
    /// What it means.
    pub definition: String,
    /// Colour family, for a status.
    pub tone: Option<String>,
    /// The status's mark, for a status.
    pub mark: Option<Mark>,
}

/// Splits a text written by the city into blocks: paragraphs at blank lines, `- ` or `* `
/// lines as list items, `**bold**` runs, `` `code` `` spans (monospace, without their
/// backticks). Anything else is text, printed as it is.
pub fn blocks(text: &str) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    let mut para: Vec<&str> = Vec::new();
    let flush = |para: &mut Vec<&str>, out: &mut Vec<Block>| {
        if !para.is_empty() {
            out.push(Block {
                kind: "p".to_string(),
                runs: runs(&para.join(" ")),
            });
            para.clear();
        }
    };
    for line in text.lines() {
        let t = line.trim();
        if t.is_empty() {
            flush(&mut para, &mut out);
        } else if let Some(item) = t.strip_prefix("- ").or_else(|| t.strip_prefix("* ")) {
            flush(&mut para, &mut out);
            out.push(Block {
                kind: "li".to_string(),
                runs: runs(item.trim()),
            });
        } else if line.starts_with("  ")
            && out.last().is_some_and(|b| b.kind == "li")
            && para.is_empty()
        {
            // the continuation of a list item
            if let Some(last) = out.last_mut() {
                let mut text: String = last
                    .runs
                    .iter()
                    .map(|r| {
                        let text = if r.code {
                            format!("`{}`", r.text)
                        } else {
                            r.text.clone()
                        };
                        if r.strong {
                            format!("**{text}**")
                        } else {
                            text
                        }
                    })
                    .collect();
                text.push(' ');
                text.push_str(t);
                last.runs = runs(&text);
            }
        } else {
            para.push(t);
        }
    }
    flush(&mut para, &mut out);
    out
}

/// The runs of a line: `**` toggles bold (an unclosed `**` is text), then each pair of
/// backticks marks a code span (a backtick without its pair is left out).
fn runs(text: &str) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::new();
    for run in weighted_runs(text) {
        for (text, code) in code_spans(&run.text) {
            match out.last_mut() {
                Some(last) if last.strong == run.strong && last.code == code => {
                    last.text.push_str(&text)
                }
                _ => out.push(Run {
                    text,
                    strong: run.strong,
                    code,
                }),
            }
        }
    }
    out
}

/// The pieces of a text with their code flag: the text between a pair of backticks is code,
/// the backticks left out; a last backtick without its pair is left out too.
fn code_spans(text: &str) -> Vec<(String, bool)> {
    let parts: Vec<&str> = text.split('`').collect();
    let paired = parts.len() % 2 == 1;
    let mut out: Vec<(String, bool)> = Vec::new();
    for (i, p) in parts.iter().enumerate() {
        let code = i % 2 == 1 && (paired || i + 1 < parts.len());
        if p.is_empty() {
            continue;
        }
        match out.last_mut() {
            Some(last) if last.1 == code => last.0.push_str(p),
            _ => out.push((p.to_string(), code)),
        }
    }
    out
}

/// A text for a plain-text field: its Markdown code spans as plain text (the backticks left
/// out; a span of punctuation only, such as `;`, in quotation marks so that it stays
/// readable), so that no backtick reaches a page.
pub fn plain(text: &str) -> String {
    code_spans(text)
        .into_iter()
        .map(|(t, code)| {
            if code && !t.chars().any(char::is_alphanumeric) {
                format!("“{t}”")
            } else {
                t
            }
        })
        .collect()
}

/// The runs of a line by weight: `**` toggles bold; an unclosed `**` is text.
fn weighted_runs(text: &str) -> Vec<Run> {
    let parts: Vec<&str> = text.split("**").collect();
    // an even number of parts means an unclosed `**`: keep the last one as text
    let closed = parts.len() % 2 == 1;
    let mut out: Vec<Run> = Vec::new();
    for (i, p) in parts.iter().enumerate() {
        let strong = i % 2 == 1 && (closed || i + 1 < parts.len());
        let text = if i % 2 == 1 && !strong {
            format!("**{p}")
        } else {
            p.to_string()
        };
        if text.is_empty() {
            continue;
        }
        match out.last_mut() {
            Some(last) if last.strong == strong => last.text.push_str(&text),
            _ => out.push(Run {
                text,
                strong,
                code: false,
            }),
        }
    }
    out
}

/// A labelled fact (`Base year`: `2015`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fact {
    /// What it is.
    pub label: String,
    /// Its value, written out.
    pub value: String,
}

/// The methodology chapter's generated content.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Methodology {
    /// Method, years, framework, counts.
    pub facts: Vec<Fact>,
    /// How the published status is decided, as paragraphs.
    pub method_text: Vec<String>,
    /// How many indicators of each OHCHR type.
    pub by_type: Vec<Fact>,
    /// Where the data come from.
    pub datasets: Vec<DatasetInfo>,
}

/// A data source.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatasetInfo {
    /// Title of the dataset (or its id).
    pub title: String,
    /// Name of the source.
    pub source: Option<String>,
    /// Who publishes it.
    pub publisher: Option<String>,
    /// Where to find it.
    pub url: Option<String>,
}

/// A status of the legend.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusInfo {
    /// Key (`on-track`).
    pub key: String,
    /// Label in the report language.
    pub label: String,
    /// Colour family: `achieved`, `good`, `fair`, `poor`, `bad`, `pending` or `unknown`.
    pub tone: String,
    /// Its own mark, as the charts draw it.
    pub mark: Mark,
}

/// A status's own mark: the glyph and shade charts draw it with, for tables and legends.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mark {
    /// The glyph (`star`, `star-open`, `star-dot`, `triangle-up`, `cross`, ...).
    pub glyph: String,
    /// Its shade, `#rrggbb`.
    pub colour: String,
    /// A darker outline of a light shade, `#rrggbb`.
    pub outline: Option<String>,
}

impl Mark {
    /// The mark of a status.
    pub fn of(status: crate::publish::charts::Status) -> Mark {
        let m = status.mark();
        Mark {
            glyph: m.glyph(),
            colour: crate::publish::charts::style::hex(m.colour),
            outline: m.outline.map(crate::publish::charts::style::hex),
        }
    }
}

/// A goal: its chapter and its dashboard tile.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Goal {
    /// Goal number (`11`), or `other`.
    pub code: String,
    /// Official title in the report language.
    pub title: String,
    /// Short title.
    pub short: String,
    /// Ids of the indicators whose chapter this is.
    pub indicators: Vec<String>,
    /// Ids of indicators of other chapters that also link to this goal.
    pub related: Vec<String>,
    /// `12 indicators` (those of its chapter), written out.
    pub count_text: String,
    /// How many indicators of its chapter have data.
    pub with_data: usize,
    /// Indicators of its chapter per status, in legend order, zeros left out.
    pub statuses: Vec<StatusCount>,
    /// Goal score, written out, where the method gives one.
    pub score: Option<String>,
    /// The city's account of the goal, at the head of its chapter.
    #[serde(default)]
    pub narrative: Vec<Block>,
}

/// How many indicators have a status.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusCount {
    /// Status key.
    pub key: String,
    /// Number of indicators.
    pub count: usize,
}

/// An SDG code with its title.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodeTitle {
    /// Code (`11.1.1`).
    pub code: String,
    /// Title in the report language (empty when unknown).
    pub title: String,
}

/// A value with its period.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValueAt {
    /// The value with its unit, written out.
    pub value: String,
    /// The period (`2023`, `2015-16`).
    pub year: String,
    /// Observation status or comment from the data.
    pub note: Option<String>,
}

/// The assessed status of an indicator.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Status {
    /// Key (`on-track`).
    pub key: String,
    /// Label in the report language.
    pub label: String,
    /// Colour family (see [`StatusInfo::tone`]).
    pub tone: String,
    /// Its own mark.
    pub mark: Mark,
    /// The method that gave it, in the report language.
    pub method: String,
    /// Its score, written out, where the method gives one.
    pub score: Option<String>,
}

/// The latest values of one disaggregation dimension.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Breakdown {
    /// The dimension (`Sex`).
    pub dimension: String,
    /// Each group's latest value.
    pub groups: Vec<GroupValue>,
    /// The leaving-no-one-behind gap, written out (worst-off vs reference, narrowing or not).
    pub gap: Option<String>,
    /// `narrowing` or `widening`, when the assessment says.
    pub trend: Option<String>,
    /// The same gap in parts, for tables.
    #[serde(default)]
    pub gap_parts: Option<GapParts>,
}

/// A leaving-no-one-behind gap in parts, each written out.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GapParts {
    /// The worst-off group and its value (`Female 4.3%`).
    pub worst: String,
    /// The group the gap is measured against (the reference) and its value (`Male 3.5%`).
    pub best: String,
    /// The gap between them (`0.8 percentage points`).
    pub gap: String,
    /// Whether it narrows or widens, in the report language, when the assessment says.
    pub trend: Option<String>,
}

/// One group's latest value.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupValue {
    /// The group (`Female`).
    pub group: String,
    /// Its latest value, written out (`s` when suppressed).
    pub value: String,
    /// The period of that value.
    pub year: String,
}

/// A chart of an indicator.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Chart {
    /// Virtual path of the SVG (`/charts/<id>.svg`).
    pub path: String,
    /// Its text alternative.
    pub alt: String,
}

/// A map of an indicator.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MapFigure {
    /// Virtual path of the SVG (`/maps/<id>.svg`).
    pub path: String,
    /// Its text alternative.
    pub alt: String,
    /// Its caption: what the areas are and the year (`District · 2025`).
    pub caption: String,
}

/// Part of an indicator's annex table: at most a page width of years.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnnexBlock {
    /// Column headings: the periods.
    pub years: Vec<String>,
    /// One row per series.
    pub rows: Vec<AnnexRow>,
    /// Width in points of each year column: its widest text in the annex's type plus the
    /// cell padding, so that typst sets the columns without measuring each cell first.
    #[serde(default)]
    pub year_widths: Vec<f64>,
}

/// One series of the annex.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnnexRow {
    /// The series (`Total`, `Sex: Female`).
    pub label: String,
    /// One cell per year: the value with its flags, `–` for no data, `s` when suppressed.
    pub cells: Vec<String>,
    /// Numbers of the indicator's annex sources the row's values come from (`1, 2`).
    pub source: String,
}

/// A field of the OHCHR metadata sheet.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetaField {
    /// Field label in the report language.
    pub label: String,
    /// Its text as paragraphs (empty when not provided).
    pub paragraphs: Vec<String>,
}

/// Everything the report shows about one indicator.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorEntry {
    /// Id.
    pub id: String,
    /// Title in the report language.
    pub title: String,
    /// Description, as paragraphs.
    pub description: Vec<String>,
    /// Unit.
    pub unit: Option<String>,
    /// Code of the goal whose chapter shows it (`other` when it has no SDG link).
    pub goal: String,
    /// SDG links with their titles.
    pub sdg: Vec<CodeTitle>,
    /// Human rights (and attributes) it informs on.
    pub rights: Vec<String>,
    /// OHCHR type key (`structural`, `process`, `outcome`).
    pub ohchr_type: Option<String>,
    /// Cross-cutting norms, written out.
    pub norms: Vec<String>,
    /// Desired direction, written out.
    pub direction: String,
    /// Responsible department.
    pub department: Option<String>,
    /// How far the city can influence it, written out.
    pub influence: Option<String>,
    /// Latest headline value.
    pub latest: Option<ValueAt>,
    /// Baseline headline value.
    pub baseline: Option<ValueAt>,
    /// Targets, each written out.
    pub targets: Vec<String>,
    /// Assessed status.
    pub status: Option<Status>,
    /// Latest values by disaggregation dimension.
    pub disaggregation: Vec<Breakdown>,
    /// Which expected disaggregations have data, written out.
    pub completeness: Option<String>,
    /// Its chart.
    pub chart: Option<Chart>,
    /// Its map by the groups of a dimension (such as districts), when the project has one.
    #[serde(default)]
    pub map: Option<MapFigure>,
    /// Sources of the indicator and its data, written out.
    pub sources: Vec<String>,
    /// The sources of its values (the datasets' sources, without file names), written out.
    #[serde(default)]
    pub data_sources: Vec<String>,
    /// The sources the indicator's definition cites, written out.
    #[serde(default)]
    pub references: Vec<String>,
    /// Every value, by series and year.
    pub annex: Vec<AnnexBlock>,
    /// The sources the annex rows refer to by number.
    pub annex_sources: Vec<String>,
    /// How many series the annex leaves to the open data (breakdowns by two dimensions, or
    /// by more than [`super::build::ANNEX_MAX_GROUPS`] groups).
    #[serde(default)]
    pub annex_more: usize,
    /// The seven fields of the OHCHR metadata sheet.
    pub metadata: Vec<MetaField>,
}

/// Splits a text into paragraphs at blank lines, joining the lines of each paragraph; code
/// spans become plain text (see [`plain`]).
pub fn paragraphs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() {
            if !current.is_empty() {
                out.push(plain(&current.join(" ")));
                current.clear();
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        out.push(plain(&current.join(" ")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn city_texts_become_paragraphs_items_and_bold_runs_never_markup() {
        let b = blocks(
            "We **did** it.\nTogether.\n\n- First item\n  goes on\n- #sys.exit() $x$ *y*\n\nLast **open",
        );
        assert_eq!(b.len(), 4);
        assert_eq!(b[0].kind, "p");
        assert_eq!(
            b[0].runs,
            vec![
                Run {
                    text: "We ".into(),
                    strong: false,
                    code: false
                },
                Run {
                    text: "did".into(),
                    strong: true,
                    code: false
                },
                Run {
                    text: " it. Together.".into(),
                    strong: false,
                    code: false
                },
            ]
        );
        assert_eq!(b[1].kind, "li");
        assert_eq!(b[1].runs[0].text, "First item goes on");
        assert_eq!(b[2].runs[0].text, "#sys.exit() $x$ *y*");
        assert_eq!(b[3].runs[0].text, "Last **open");
    }

    #[test]
    fn paragraphs_split_at_blank_lines() {
        assert_eq!(
            paragraphs("One\nline.\n\n  \nTwo.\n"),
            vec!["One line.".to_string(), "Two.".to_string()]
        );
        assert!(paragraphs("  \n").is_empty());
    }

    #[test]
    fn code_spans_never_reach_a_page_as_backticks() {
        assert_eq!(
            paragraphs("Read from the `milestones` dataset (`;` separator).\nA stray ` here."),
            vec!["Read from the milestones dataset (“;” separator). A stray  here.".to_string()]
        );
        let b = blocks("See **the `Executed` column** and `x`.");
        let texts: Vec<(&str, bool, bool)> = b[0]
            .runs
            .iter()
            .map(|r| (r.text.as_str(), r.strong, r.code))
            .collect();
        assert_eq!(
            texts,
            vec![
                ("See ", false, false),
                ("the ", true, false),
                ("Executed", true, true),
                (" column", true, false),
                (" and ", false, false),
                ("x", false, true),
                (".", false, false),
            ]
        );
        assert!(b[0].runs.iter().all(|r| !r.text.contains('`')));
    }
}
