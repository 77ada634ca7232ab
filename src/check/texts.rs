//! Checks of the texts the city writes for its Voluntary Local Review: once a project starts its editorial layer, each missing in a project language is a warning naming its key (the review then leaves the section out, never printing an empty heading); a declared publication date must be a date.

use crate::diag::Diagnostic;
use crate::load::Workspace;
use crate::model::Text;
use crate::yaml::Step;

/// The editorial sections of the VLR, by their key under `texts:`.
const SECTIONS: [&str; 10] = [
    "opening-statement",
    "executive-summary",
    "introduction",
    "methodology",
    "institutional-mechanism",
    "stakeholder-engagement",
    "ownership",
    "leaving-no-one-behind",
    "means-of-implementation",
    "conclusion",
];

/// Missing texts of the VLR and a publication date that is not a date.
pub(crate) fn check(ws: &Workspace) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let Some(p) = &ws.project else {
        return out;
    };
    if let Some(d) = &p.date
        && crate::clock::parse_date(d).is_none()
    {
        out.push(
            Diagnostic::error("bad-date", format!("failed to read `{d}` as a date"))
                .at(
                    ws.project_file,
                    ws.project_node.span_at(&[Step::from("date")]),
                )
                .hint("write the publication date as 2025-11-24"),
        );
    }
    let t = &p.texts;
    // a project that has not started the editorial layer of its review (an executive
    // summary, the institutional mechanism, stakeholder engagement or an account of a goal)
    // is not told each text is missing
    let editorial = t.executive_summary.is_some()
        || t.institutional_mechanism.is_some()
        || t.stakeholder_engagement.is_some()
        || !t.goals.is_empty();
    if !p.reports.iter().any(|r| r.template == "vlr") || !editorial {
        return out;
    }
    let text_of = |key: &str| -> Option<&Text> {
        match key {
            "opening-statement" => t.opening_statement.as_ref(),
            "executive-summary" => t.executive_summary.as_ref(),
            "introduction" => t.introduction.as_ref(),
            "methodology" => t.methodology.as_ref(),
            "institutional-mechanism" => t.institutional_mechanism.as_ref(),
            "stakeholder-engagement" => t.stakeholder_engagement.as_ref(),
            "ownership" => t.ownership.as_ref(),
            "leaving-no-one-behind" => t.leaving_no_one_behind.as_ref(),
            "means-of-implementation" => t.means_of_implementation.as_ref(),
            _ => t.conclusion.as_ref(),
        }
    };
    let texts_span = ws.project_node.key_span_at(&[Step::from("texts")]);
    let span = if texts_span.is_empty() {
        0..0
    } else {
        texts_span
    };
    for lang in &p.languages {
        let missing: Vec<&str> = SECTIONS
            .iter()
            .copied()
            .filter(|k| {
                text_of(k)
                    .and_then(|x| x.get_exact(lang))
                    .is_none_or(|s| s.trim().is_empty())
            })
            .collect();
        if !missing.is_empty() {
            out.push(
                Diagnostic::warning(
                    "missing-text",
                    format!(
                        "the review has no {lang} text for {} (key `texts.{}.{lang}`): those sections show only what localis generates, or are left out",
                        missing.join(", "),
                        missing[0]
                    ),
                )
                .at(ws.project_file, span.clone())
                .hint("write the city's texts under `texts:` in localis.yaml, one entry per language"),
            );
        }
        // the goals with indicators in the review and no account of the city
        let mut goals: Vec<String> = ws
            .active
            .iter()
            .filter_map(|a| a.indicator.links.sdg.first().map(|l| l.goal().to_string()))
            .collect();
        goals.sort_by_key(|g| g.parse::<u32>().unwrap_or(u32::MAX));
        goals.dedup();
        let without: Vec<String> = goals
            .into_iter()
            .filter(|g| {
                t.goals
                    .get(g)
                    .and_then(|x| x.get_exact(lang))
                    .is_none_or(|s| s.trim().is_empty())
            })
            .collect();
        if !without.is_empty() {
            out.push(
                Diagnostic::warning(
                    "missing-text",
                    format!(
                        "the review has no {lang} account of goal {} (key `texts.goals.\"{}\".{lang}`): those chapters open with their indicators",
                        without.join(", "),
                        without[0]
                    ),
                )
                .at(ws.project_file, span.clone())
                .hint("write the city's account of each goal (policies, challenges, good practice, interlinkages) under `texts: {goals: {\"11\": ...}}`"),
            );
        }
    }
    out
}
