//! The public version: a short plain-language summary of the results and the budget, for `report-templates/public/`.
//!
//! Its sentences are rendered by the minijinja template `sentences/<lang>/public.j2` (one
//! `kind` per kind of sentence) from numbers taken as they are from the evaluation, the
//! assessment and the budget stage; the template writes them for the language.
//!
//! What it picks, so that a reader gets the picture in a few pages:
//! - **going well**: outcome indicators linked to a right whose assessment category is
//!   `achieved` or `on-track`, with a baseline and a latest value; highest Open SDG score
//!   first (indicators without a score after), at most four;
//! - **counts**: the indicators linked to a right by the category the dashboards show them
//!   in (the tone of their status: target achieved, on track, too slow, barely moving, the
//!   wrong way, not yet due, cannot tell), and how many have a target of the city's;
//! - **going badly**: outcome indicators linked to a right in `deterioration` (moving away
//!   from the target or the desired direction), lowest score first, at most four;
//! - **left behind**: the widening gaps between groups of outcome indicators linked to a
//!   right, largest ratio between the worst-off and the best-off group first, at most three;
//! - **money**: spending of the latest year whose spending is known, the share serving human
//!   rights, and the three rights with the most spending;
//! - **falls**: every fall in the real allocation per inhabitant to a right, with the
//!   justification the city gave, or the statement that it gave none;
//! - **promises**: the city's commitments (`texts.commitments`).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::assess::{Category, GapTrend};
use crate::budget::ids;
use crate::model::OhchrType;
use crate::publish::charts::Tone;

use super::data::Meta;
use super::publication::{Ctx, PUBLICATION_DATA_VERSION};

/// The sentence template of the public version.
pub const SENTENCES: &str = "public.j2";
/// Most indicators in "going well" and in "going badly".
const PICKED: usize = 4;
/// Most gaps in "left behind".
const GAPS: usize = 3;

/// Everything the public version shows.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PublicData {
    /// Layout version.
    pub version: u32,
    /// Title page and document metadata.
    pub meta: Meta,
    /// Fixed labels in the report language.
    pub labels: BTreeMap<String, String>,
    /// The year reported on.
    pub year: String,
    /// The opening sentences.
    pub intro: Vec<String>,
    /// The measures going well, too slowly, the wrong way, and those that cannot be judged.
    pub tally: Vec<Tally>,
    /// The sections, in order.
    pub sections: Vec<Section>,
}

/// A count in large type.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Tally {
    /// The count, written out.
    pub count: String,
    /// What it counts.
    pub label: String,
    /// Its colour family (`good`, `fair`, `bad`, `unknown`).
    pub tone: String,
}

/// One section: a heading, sentences and a list.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Section {
    /// `well`, `badly`, `behind`, `money`, `falls`, `promises`, `how`.
    pub key: String,
    /// The heading.
    pub heading: String,
    /// Sentences before the list.
    pub sentences: Vec<String>,
    /// One item each.
    pub items: Vec<String>,
}

/// A value of an indicator with what the sentence template needs to write it.
#[derive(Debug, Clone, Serialize)]
struct Measure {
    title: String,
    unit: Option<String>,
    decimals: u8,
    from: f64,
    from_year: String,
    to: f64,
    to_year: String,
}

/// The unit an indicator's values are read out with: none for a plain count ("7 in 2025",
/// not "7 number in 2025", see [`crate::load::words::DataWords::indicator_unit`]).
fn spoken_unit(
    ws: &crate::load::Workspace,
    ind: &crate::model::Indicator,
    result: Option<&crate::evaluate::IndicatorResult>,
    lang: &str,
) -> Option<String> {
    // a unit such as `µg/m³` is not broken at its slash
    super::build::unit(ws, ind, result, lang).map(|u| u.replace('/', "/\u{2060}"))
}

/// Builds the public version's data.
pub fn build(ctx: &mut Ctx<'_>) -> PublicData {
    let year = ctx.report_year();
    let place = ctx.meta.place.clone();
    let lang = ctx.lang.clone();
    let ws = ctx.ws();
    let main = ctx.inputs.place;
    let category: BTreeMap<&str, (Category, Option<f64>)> = ctx
        .inputs
        .assessment
        .results
        .iter()
        .filter(|a| a.place == main)
        .map(|a| {
            (
                a.indicator.as_str(),
                (
                    a.status,
                    ctx.inputs
                        .stages
                        .statuses
                        .get(&a.indicator)
                        .and_then(|s| s.score),
                ),
            )
        })
        .collect();
    let rights_linked: Vec<&crate::load::ActiveIndicator> = ws
        .active
        .iter()
        .filter(|a| !a.indicator.links.rights.is_empty())
        .collect();
    let rights: std::collections::BTreeSet<&str> = rights_linked
        .iter()
        .flat_map(|a| a.indicator.links.rights.iter().map(|r| r.right.as_str()))
        .collect();
    // The counts use the categories of the dashboards (the tone of the status each
    // indicator is shown with), each in plain words.
    let mut by_tone: BTreeMap<Tone, usize> = BTreeMap::new();
    for a in &rights_linked {
        let has_value = ctx
            .inputs
            .evaluation
            .get(&a.indicator.id, main)
            .and_then(|r| r.headline())
            .and_then(|h| h.latest())
            .is_some();
        let shown = super::build::shown_status(ctx.inputs.stages, &a.indicator.id, has_value);
        *by_tone.entry(shown.tone()).or_default() += 1;
    }
    let counts: Vec<serde_json::Value> = by_tone
        .iter()
        .map(|(tone, n)| serde_json::json!({"tone": super::build::tone_name(*tone), "n": n}))
        .collect();
    // how many have a target of the city's (a value, a threshold, a deadline...) to be
    // compared with; the others are judged by the direction and pace of their change
    let with_target = rights_linked
        .iter()
        .filter(|a| {
            a.indicator.targets.iter().any(|t| {
                !matches!(
                    t,
                    crate::model::Target::NonRetrogression(_) | crate::model::Target::Bands(_)
                )
            })
        })
        .count();

    let mut intro = vec![ctx.sentence(
        SENTENCES,
        "intro",
        &serde_json::json!({
            "place": place,
            "year": year,
            "indicators": rights_linked.len(),
            "rights": rights.len(),
        }),
    )];
    intro.push(ctx.sentence(
        SENTENCES,
        "counts",
        &serde_json::json!({"counts": counts, "total": rights_linked.len()}),
    ));

    // the same counts in large type, in the dashboards' order (best first)
    let tally = by_tone
        .iter()
        .map(|(tone, n)| Tally {
            count: ctx.number(*n as f64, 0),
            label: ctx.label(&format!("pub-tally-{}", super::build::tone_name(*tone))),
            tone: super::build::tone_name(*tone).to_string(),
        })
        .collect();

    // going well and going badly: outcome indicators linked to a right
    let measure = |ctx: &Ctx<'_>, a: &crate::load::ActiveIndicator| -> Option<Measure> {
        let result = ctx.inputs.evaluation.get(&a.indicator.id, main)?;
        let headline = result.headline()?;
        let latest = headline.latest().filter(|o| !o.suppressed)?;
        let base = super::build::baseline(
            headline,
            super::build::base_year(&a.indicator, ws.project()),
        )?;
        Some(Measure {
            title: a.indicator.title.get(&lang).to_string(),
            unit: spoken_unit(ws, &a.indicator, Some(result), &lang),
            decimals: super::build::decimals(&a.indicator, Some(result)),
            from: base.value?,
            from_year: base.period_label(),
            to: latest.value?,
            to_year: latest.period_label(),
        })
    };
    let outcomes: Vec<&&crate::load::ActiveIndicator> = rights_linked
        .iter()
        .filter(|a| a.indicator.links.ohchr_type == Some(OhchrType::Outcome))
        .collect();
    let pick = |ctx: &Ctx<'_>, cats: &[Category], best_first: bool| -> Vec<Measure> {
        let mut chosen: Vec<(usize, i64, &str)> = outcomes
            .iter()
            .filter_map(|a| {
                let (c, score) = category.get(a.indicator.id.as_str())?;
                let rank = cats.iter().position(|x| x == c)?;
                // scores in thousandths, the best (or worst) first; none last
                let key = score.map_or(i64::MAX, |s| {
                    let milli = (s * 1000.0).round() as i64;
                    if best_first { -milli } else { milli }
                });
                Some((rank, key, a.indicator.id.as_str()))
            })
            .collect();
        chosen.sort();
        chosen
            .iter()
            .filter_map(|(_, _, id)| ctx.ws().indicator(id).and_then(|a| measure(ctx, a)))
            .take(PICKED)
            .collect()
    };
    let well = pick(ctx, &[Category::Achieved, Category::OnTrack], true);
    // "getting worse": only what moves away from its target or the desired direction
    let badly = pick(ctx, &[Category::Deterioration], false);
    let mut sections = Vec::new();
    let items = |ctx: &mut Ctx<'_>, kind: &str, list: &[Measure]| -> Vec<String> {
        list.iter()
            .map(|m| ctx.sentence(SENTENCES, kind, m))
            .filter(|s| !s.is_empty())
            .collect()
    };
    let well_items = items(ctx, "change", &well);
    sections.push(Section {
        key: "well".into(),
        heading: ctx.label("pub-well"),
        sentences: vec![ctx.sentence(SENTENCES, "well", &serde_json::json!({"n": well.len()}))],
        items: well_items,
    });
    let badly_items = items(ctx, "change", &badly);
    sections.push(Section {
        key: "badly".into(),
        heading: ctx.label("pub-badly"),
        sentences: vec![ctx.sentence(SENTENCES, "badly", &serde_json::json!({"n": badly.len()}))],
        items: badly_items,
    });

    // left behind: widening gaps of outcome indicators linked to a right
    let mut gaps: Vec<(i64, &str, serde_json::Value)> = Vec::new();
    let mut listed: std::collections::BTreeSet<(String, i32, String, u64, String, u64)> =
        std::collections::BTreeSet::new();
    for a in &ctx.inputs.assessment.results {
        if a.place != main {
            continue;
        }
        let Some(active) = ws.indicator(&a.indicator) else {
            continue;
        };
        if active.indicator.links.rights.is_empty()
            || active.indicator.links.ohchr_type != Some(OhchrType::Outcome)
        {
            continue;
        }
        let result = ctx.inputs.evaluation.get(&a.indicator, main);
        for g in a
            .leaving_no_one_behind
            .iter()
            .filter(|g| g.trend == GapTrend::Widening)
        {
            // the same gap read by two indicators from one dataset counts once
            let key = (
                g.dimension.clone(),
                g.year,
                g.worst.group.clone(),
                g.worst.value.to_bits(),
                g.reference.group.clone(),
                g.reference.value.to_bits(),
            );
            if !listed.insert(key) {
                continue;
            }
            let ratio = g
                .gap_to_reference
                .ratio
                .map(|r| if r > 0.0 && r < 1.0 { 1.0 / r } else { r })
                .unwrap_or(0.0);
            gaps.push((
                -((ratio * 1000.0).round() as i64),
                a.indicator.as_str(),
                serde_json::json!({
                    "title": active.indicator.title.get(&lang),
                    "unit": spoken_unit(ws, &active.indicator, result, &lang),
                    "decimals": super::build::decimals(&active.indicator, result),
                    "dimension": ctx.words().dimension(&g.dimension),
                    "worst": ctx.words().category(&g.dimension, &g.worst.group),
                    "worst_value": g.worst.value,
                    "best": ctx.words().category(&g.dimension, &g.reference.group),
                    "best_value": g.reference.value,
                    "year": g.year.to_string(),
                }),
            ));
        }
    }
    gaps.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    let gap_items: Vec<String> = gaps
        .iter()
        .take(GAPS)
        .map(|(_, _, g)| ctx.sentence(SENTENCES, "gap", g))
        .collect();
    sections.push(Section {
        key: "behind".into(),
        heading: ctx.label("pub-behind"),
        sentences: vec![ctx.sentence(SENTENCES, "behind", &serde_json::json!({"n": gaps.len()}))],
        items: gap_items,
    });

    // the money
    if let Some(analysis) = ctx.inputs.budget
        && let Some(budget_year) = analysis.closed_years.last().copied()
    {
        let currency = ctx.currency();
        let mut top: Vec<(f64, String)> = analysis
            .rights
            .iter()
            .filter_map(|r| {
                Some((
                    ctx.value(ids::EXECUTED, &[("Right", r)], budget_year)?,
                    r.clone(),
                ))
            })
            .collect();
        top.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        let top: Vec<serde_json::Value> = top
            .iter()
            .take(3)
            .map(|(v, r)| serde_json::json!({"right": ctx.right_title(r), "amount": v}))
            .collect();
        let money = serde_json::json!({
            "year": budget_year.to_string(),
            "currency": currency,
            "total": ctx.value(ids::EXECUTED, &[], budget_year),
            "per_head": ctx.value(ids::EXECUTED_PER_HEAD, &[], budget_year),
            "share": ctx.value(ids::EXECUTED_SHARE, &[], budget_year),
            "rate": ctx.value(ids::EXECUTION_RATE, &[], budget_year),
            "top": top,
        });
        let sentences = vec![ctx.sentence(SENTENCES, "money", &money)];
        sections.push(Section {
            key: "money".into(),
            heading: ctx.label("pub-money"),
            sentences,
            items: Vec::new(),
        });
        let mut falls: Vec<&crate::budget::analysis::Retrogression> =
            analysis.retrogressions.iter().collect();
        falls.sort_by(|a, b| b.year.cmp(&a.year).then_with(|| a.right.cmp(&b.right)));
        let fall_items: Vec<String> = falls
            .iter()
            .map(|r| {
                let data = serde_json::json!({
                    "right": ctx.right_title(&r.right),
                    "year": r.year.to_string(),
                    "change": r.change,
                    "justified": r.justification.is_some(),
                    "justification": r.justification.as_ref().map(|j| j.text.get(&lang).trim().to_string()),
                });
                ctx.sentence(SENTENCES, "fall", &data)
            })
            .collect();
        sections.push(Section {
            key: "falls".into(),
            heading: ctx.label("pub-falls"),
            sentences: vec![ctx.sentence(
                SENTENCES,
                "falls",
                &serde_json::json!({"n": falls.len()}),
            )],
            items: fall_items,
        });
    }

    let promises: Vec<String> = ws
        .project()
        .texts
        .commitments
        .iter()
        .map(|c| c.get(&lang).trim().to_string())
        .filter(|c| !c.is_empty())
        .collect();
    if !promises.is_empty() {
        sections.push(Section {
            key: "promises".into(),
            heading: ctx.label("pub-promises"),
            sentences: vec![ctx.sentence(
                SENTENCES,
                "promises",
                &serde_json::json!({"n": promises.len()}),
            )],
            items: promises,
        });
    }
    let how = ctx.sentence(
        SENTENCES,
        "how",
        &serde_json::json!({
            "indicators": rights_linked.len(),
            "data_years": ctx.meta.data_years,
            "target_year": ws.project().target_year,
            "with_target": with_target,
        }),
    );
    sections.push(Section {
        key: "how".into(),
        heading: ctx.label("pub-how"),
        sentences: vec![how],
        items: Vec::new(),
    });
    let title = ctx.fill(
        "pub-title",
        &[("place", &place), ("year", &year.to_string())],
    );
    PublicData {
        version: PUBLICATION_DATA_VERSION,
        meta: ctx.meta_with(title, ctx.label("kind-public")),
        labels: ctx.labels.map.clone(),
        year: year.to_string(),
        intro,
        tally,
        sections,
    }
}

/// The public summary: one PDF named after the spec's file stem.
pub struct Public;

impl super::Publication for Public {
    fn data(&self, ctx: &mut Ctx<'_>) -> serde_json::Result<Vec<u8>> {
        serde_json::to_vec(&build(ctx))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn indicator(unit: serde_json::Value) -> crate::model::Indicator {
        serde_json::from_value(serde_json::json!({"id": "x", "title": {"en": "X"}, "unit": unit}))
            .expect("an indicator")
    }

    #[test]
    fn counts_are_read_out_without_the_word_number_in_every_language() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("localis.yaml"),
            "name: X\nplace: {name: X, geocode: \"1\"}\n",
        )
        .unwrap();
        let ws = &crate::load::load(dir.path()).unwrap();
        let count = indicator(serde_json::json!({"en": "number", "de": "Anzahl", "pt": "número"}));
        assert_eq!(spoken_unit(ws, &count, None, "de"), None);
        assert_eq!(spoken_unit(ws, &count, None, "pt"), None);
        let persons = indicator(serde_json::json!({"en": "persons", "pt": "pessoas"}));
        assert_eq!(
            spoken_unit(ws, &persons, None, "pt").as_deref(),
            Some("pessoas")
        );
        let percent = indicator(serde_json::json!("%"));
        assert_eq!(spoken_unit(ws, &percent, None, "fr").as_deref(), Some("%"));
        // kept on one line
        let density = indicator(serde_json::json!("µg/m³"));
        assert_eq!(
            spoken_unit(ws, &density, None, "en").as_deref(),
            Some("µg/\u{2060}m³")
        );
    }

    fn sentence(lang: &str, kind: &str, data: serde_json::Value) -> String {
        let s = crate::publish::sentences::Sentences::builtin();
        let words = s.labels(lang).expect("labels");
        s.render(lang, SENTENCES, kind, &data, &words)
            .expect("a sentence")
    }

    #[test]
    fn one_measure_is_singular_in_every_language() {
        let one = serde_json::json!({"place": "X", "year": 2024, "indicators": 1, "rights": 1});
        let expected = [
            ("en", "1 measure linked to 1 human right."),
            ("pt", "1 medida ligada a 1 direito humano."),
            ("es", "1 medida vinculada a 1 derecho humano."),
            ("de", "1 Messgröße zu 1 Menschenrecht."),
            ("fr", "1 mesure liée à 1 droit humain."),
        ];
        for (lang, text) in expected {
            let got = sentence(lang, "intro", one.clone());
            assert!(got.ends_with(text), "{lang}: {got}");
        }
        let many = serde_json::json!({"place": "X", "year": 2024, "indicators": 12, "rights": 3});
        assert!(sentence("en", "intro", many).ends_with("12 measures linked to 3 human rights."));
        let counts = serde_json::json!({"total": 3, "counts": [
            {"tone": "good", "n": 1}, {"tone": "fair", "n": 2}
        ]});
        assert_eq!(
            sentence("en", "counts", counts),
            "1 is on track. 2 are improving, but too slowly."
        );
    }

    #[test]
    fn a_fall_without_a_justification_says_that_none_was_given() {
        let fall = |justification: Option<&str>| {
            serde_json::json!({"right": "Right to adequate housing", "year": "2023",
                "change": -12.2, "justified": justification.is_some(),
                "justification": justification})
        };
        assert_eq!(
            sentence("en", "fall", fall(None)),
            "In 2023 the money for the right to adequate housing fell by 12 in every 100 \
             for each person, after prices. The city gave no reason."
        );
        let given = sentence("pt", "fall", fall(Some("Obras concluídas.")));
        assert!(
            given.ends_with("A cidade deu este motivo: Obras concluídas."),
            "{given}"
        );
    }
}
