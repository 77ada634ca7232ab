//! Checks of the vocabulary: every dimension, category and unit that reaches a page has a label in each project language, and every dimension the vocabulary names exists.
//!
//! Two passes. [`check`] runs with the other checks, on what is known before evaluation: the
//! dimension columns of each dataset (declared, or read from its header), the units of the
//! indicators, and the dimension names of the project's own vocabularies. [`check_categories`]
//! runs on the evaluated results, whose categories are the values found in the data; the
//! `report` and `eval` commands call it. The data's own words are taken to be in the
//! project's main (first) language: labels are needed in each of the others. A missing label is a warning naming the key to add
//! (`vocabulary.dimensions.Sex.categories.Female.pt`): the publication then shows the English
//! label, else the code. Categories without two lowercase letters in a row (`0-14`, `F`, `16.b`)
//! are codes and numbers that read the same in every language; a proper name that does too
//! (a district) is declared once as a plain string.

use std::collections::{BTreeMap, BTreeSet};

use crate::diag::Diagnostic;
use crate::load::{Workspace, dataset};
use crate::model::Text;
use crate::yaml::{self, Step};

use crate::load::DatasetIndex;

/// Columns of the Open SDG convention that are not dimensions.
const NOT_DIMENSIONS: [&str; 11] = [
    dataset::columns::YEAR,
    dataset::columns::GEOCODE,
    dataset::columns::VALUE,
    dataset::columns::UNITS,
    dataset::columns::SERIES,
    dataset::columns::STATUS,
    dataset::columns::UNIT_MULTIPLIER,
    dataset::columns::UNIT_MEASURE,
    dataset::columns::COMMENT,
    dataset::columns::PROGRESS,
    "Denominator",
];

/// Whether a category is a code or a number that reads the same in every language.
fn is_code(category: &str) -> bool {
    let chars: Vec<char> = category.chars().collect();
    !chars
        .windows(2)
        .any(|w| w[0].is_lowercase() && w[1].is_lowercase())
}

/// The project's languages that need labels: all but the main (first) one, the language the
/// data's own words are taken to be written in.
fn languages(ws: &Workspace) -> Vec<String> {
    ws.project
        .as_ref()
        .map(|p| p.languages.iter().skip(1).cloned().collect())
        .unwrap_or_default()
}

/// Whether a text of the vocabulary has a label in `lang`.
fn has(text: Option<&Text>, lang: &str) -> bool {
    text.and_then(|t| t.get_exact(lang)).is_some()
}

/// The dimension columns of every dataset, with the index of its declaration.
fn dataset_dimensions(ws: &Workspace, index: &DatasetIndex) -> BTreeMap<String, usize> {
    let Some(p) = &ws.project else {
        return BTreeMap::new();
    };
    let mut out = BTreeMap::new();
    for d in &index.datasets {
        let spec = &p.datasets[d.spec_index];
        let c = &spec.columns;
        let declared: Vec<String> = match &c.dimensions {
            Some(dims) => dims.clone(),
            // the columns of a record-level table are dimensions only when declared
            None if spec.kind == crate::model::DatasetKind::Records => Vec::new(),
            None => {
                let mapped: BTreeSet<&str> = [
                    &c.period,
                    &c.date,
                    &c.place,
                    &c.value,
                    &c.units,
                    &c.series,
                    &c.status,
                    &c.comment,
                    &c.progress,
                ]
                .into_iter()
                .flatten()
                .map(String::as_str)
                .collect();
                index
                    .headers
                    .get(&d.id)
                    .map(|h| {
                        h.iter()
                            .filter(|x| {
                                !NOT_DIMENSIONS.contains(&x.as_str())
                                    && !mapped.contains(x.as_str())
                            })
                            .cloned()
                            .collect()
                    })
                    .unwrap_or_default()
            }
        };
        for dim in declared {
            out.entry(dim).or_insert(d.spec_index);
        }
    }
    out
}

/// The dimensions the budget stage's results are broken down by, when the project has a budget.
fn budget_dimensions(ws: &Workspace) -> Vec<&'static str> {
    use crate::model::budget_dimension as d;
    if ws.project.as_ref().is_some_and(|p| p.budget.is_some()) {
        vec![
            d::DEPARTMENT,
            d::PROGRAMME,
            d::RIGHT,
            d::SDG,
            d::SDG_TARGET,
            d::ECONOMIC_CLASS,
            d::GENDER_MARKER,
        ]
    } else {
        Vec::new()
    }
}

/// Missing dimension titles and unit labels, and dimensions of the project's vocabularies
/// that no dataset has.
pub(crate) fn check(ws: &Workspace, index: &DatasetIndex) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let langs = languages(ws);
    let mut dims = dataset_dimensions(ws, index);
    // the budget lines' own columns are read by the budget stage, which names its results'
    // dimensions itself
    if let Some(b) = ws.project.as_ref().and_then(|p| p.budget.as_ref()) {
        let budget_tables: BTreeSet<&str> = std::iter::once(b.lines.as_str())
            .chain(b.revenue.as_ref().map(|r| r.dataset.as_str()))
            .collect();
        let specs: BTreeSet<usize> = index
            .datasets
            .iter()
            .filter(|d| budget_tables.contains(d.id.as_str()))
            .map(|d| d.spec_index)
            .collect();
        dims.retain(|_, i| !specs.contains(i));
    }
    let known: BTreeSet<String> = dims
        .keys()
        .cloned()
        .chain(budget_dimensions(ws).into_iter().map(str::to_string))
        .collect();
    let vocabulary = &ws.vocabulary;
    for (dim, spec_index) in &dims {
        let title = vocabulary
            .dimensions
            .get(dim)
            .and_then(|d| d.title.as_ref());
        let missing: Vec<&str> = langs
            .iter()
            .map(String::as_str)
            .filter(|l| !has(title, l))
            .collect();
        if missing.is_empty() {
            continue;
        }
        let path = [
            Step::from("datasets"),
            Step::Index(*spec_index),
            Step::from("path"),
        ];
        out.push(
            Diagnostic::warning(
                "missing-label",
                format!(
                    "the dimension `{dim}` has no name in {} (key `vocabulary.dimensions.{dim}.title.{}`)",
                    missing.join(", "),
                    missing[0]
                ),
            )
            .at(ws.project_file, ws.project_node.span_at(&path))
            .hint(format!(
                "add `vocabulary: {{dimensions: {{{dim}: {{title: {{{}}}}}}}}}` to localis.yaml or a library file",
                missing
                    .iter()
                    .map(|l| format!("{l}: ..."))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        );
    }
    // units the vocabulary labels in some languages but not in all of the project's
    let mut seen = BTreeSet::new();
    for a in &ws.active {
        let Some(unit) = a.indicator.unit.as_ref() else {
            continue;
        };
        let key = unit.get("en");
        let Some(label) = vocabulary.units.get(key) else {
            continue;
        };
        if !seen.insert(key.to_string()) {
            continue;
        }
        let missing: Vec<&str> = langs
            .iter()
            .map(String::as_str)
            .filter(|l| label.get_exact(l).is_none())
            .collect();
        if !missing.is_empty() {
            out.push(
                Diagnostic::warning(
                    "missing-label",
                    format!(
                        "the unit `{key}` has no label in {} (key `vocabulary.units.{key}.{}`)",
                        missing.join(", "),
                        missing[0]
                    ),
                )
                .hint("add the label under `vocabulary: {units: ...}` in localis.yaml or a library file"),
            );
        }
    }
    // dimensions named by the project's own vocabularies (not the shipped ones) that no
    // dataset has: a misspelt name labels nothing
    if !known.is_empty() {
        let shipped = crate::load::builtin::library_ids();
        for v in &ws.vocabularies {
            if shipped.contains(&v.library) {
                continue;
            }
            for name in v.value.dimensions.keys() {
                if known.contains(name) {
                    continue;
                }
                let span = v
                    .node
                    .key_span_at(&[Step::from("dimensions"), Step::from(name.as_str())]);
                let mut d = Diagnostic::warning(
                    "unknown-dimension",
                    format!("no dataset has a dimension `{name}`"),
                )
                .at(v.file, span);
                d = match yaml::closest(name, known.iter().map(String::as_str)) {
                    Some(b) => d.hint(format!("did you mean `{b}`?")),
                    None => d.hint(format!(
                        "the datasets' dimensions: {}",
                        known.iter().cloned().collect::<Vec<_>>().join(", ")
                    )),
                };
                out.push(d);
            }
        }
    }
    out
}

/// Categories found in the evaluated data that have no label in a project language: one
/// warning per dimension and language, naming the categories (given as dimension and category).
pub(crate) fn check_categories<'a>(
    ws: &Workspace,
    categories: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Vec<Diagnostic> {
    let mut found: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (d, c) in categories {
        if !is_code(c) {
            found.entry(d).or_default().insert(c);
        }
    }
    let mut out = Vec::new();
    for lang in languages(ws) {
        let words = crate::load::words::DataWords::new(ws, &lang);
        for (dim, categories) in &found {
            let missing: Vec<&str> = categories
                .iter()
                .copied()
                .filter(|c| {
                    ws.vocabulary.category(dim, c, &lang).is_none() && words.category(dim, c) == *c
                })
                .collect();
            if missing.is_empty() {
                continue;
            }
            let shown: Vec<String> = missing.iter().take(5).map(|c| format!("`{c}`")).collect();
            let more = if missing.len() > 5 {
                format!(" and {} more", missing.len() - 5)
            } else {
                String::new()
            };
            out.push(
                Diagnostic::warning(
                    "missing-label",
                    format!(
                        "{} {} of the dimension `{dim}` {} no label in {lang} (key `vocabulary.dimensions.{dim}.categories.{}.{lang}`)",
                        if missing.len() == 1 { "the category" } else { "the categories" },
                        shown.join(", ") + &more,
                        if missing.len() == 1 { "has" } else { "have" },
                        missing[0],
                    ),
                )
                .hint(format!(
                    "add the labels under `vocabulary: {{dimensions: {{{dim}: {{categories: ...}}}}}}`; a name that reads the same in every language is a plain string (`{}: {}`)",
                    missing[0], missing[0]
                )),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_numbers_need_no_label() {
        assert!(is_code("0-14"));
        assert!(is_code("ECO-01"));
        assert!(is_code("F"));
        assert!(is_code("1.2"));
        assert!(is_code("16.b"));
        assert!(!is_code("Female"));
        assert!(!is_code("economic-development"));
    }
}
