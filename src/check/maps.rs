//! `localis check` for maps: ids, and the codes of every boundary file matched to the data, unmatched codes listed both ways.
//!
//! A map of a dimension is matched against the categories the data hold in that column (every
//! dataset with the column is read for it); a map of places against the places the project
//! declares (its own place and its places table). Codes are compared exactly as written, so
//! `Centro` and `centro` do not match (the hint names the nearest code).

use std::collections::{BTreeMap, BTreeSet};

use crate::diag::Diagnostic;
use crate::load::DatasetIndex;
use crate::load::Workspace;
use crate::load::dataset::{self, FileToRead, ReadRequest};
use crate::model::MapMatch;
use crate::yaml::{self, Step};

use crate::maps::{Boundaries, list_some};

/// What the places a map of places misses are called when several maps of places are
/// layers of one another (a place is missing only when no layer draws it).
const LAYERS: &str = "places of the project drawn by no layer";

/// How many unmatched codes a diagnostic lists by name.
const LISTED: usize = 12;

/// Every problem of the project's maps: their ids, and their codes against the data.
pub(crate) fn check(ws: &Workspace, index: &DatasetIndex) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let project = ws.project();
    let span = |i: usize, key: &str| {
        ws.project_span(&[Step::from("maps"), Step::Index(i), Step::from(key)])
    };
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, spec) in project.maps.iter().enumerate() {
        let valid = !spec.id.is_empty()
            && spec
                .id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !valid {
            out.push(
                Diagnostic::error("bad-id", format!("`{}` is not a valid map id", spec.id))
                    .at(ws.project_file, span(i, "id"))
                    .hint("use lowercase letters, digits and `-` (it names the chart files)"),
            );
        }
        if let Some(&first) = seen.get(spec.id.as_str()) {
            out.push(
                Diagnostic::error(
                    "duplicate-id",
                    format!("map `{}` is declared twice", spec.id),
                )
                .at(ws.project_file, span(i, "id"))
                .related(ws.project_file, span(first, "id"), "first declared here")
                .hint("give each map its own id"),
            );
        } else {
            seen.insert(&spec.id, i);
        }
    }
    let mut categories_of: BTreeMap<String, Option<BTreeSet<String>>> = BTreeMap::new();
    // maps of places in layers (provinces, districts, municipalities: an Open SDG repository's
    // map of several levels): a place is missing only when no layer draws it, and is listed
    // once, at the first layer
    let place_maps: Vec<&Boundaries> = ws
        .maps
        .iter()
        .filter(|m| matches!(m.matches, MapMatch::Place))
        .map(|m| &**m)
        .collect();
    let layered = place_maps.len() > 1;
    let first_layer = place_maps.first().map(|m| m.spec_index);
    let in_some_layer = |code: &str| place_maps.iter().any(|m| m.area(code).is_some());
    for map in &ws.maps {
        let i = map.spec_index;
        match &map.matches {
            MapMatch::Dimension(dim) => {
                let categories = categories_of
                    .entry(dim.clone())
                    .or_insert_with(|| categories(ws, index, dim));
                let Some(categories) = categories else {
                    let hint = match yaml::closest(
                        dim,
                        index.headers.values().flatten().map(String::as_str),
                    ) {
                        Some(b) => format!("did you mean `{b}`?"),
                        None => "name a disaggregation column of the data, such as `District`"
                            .to_string(),
                    };
                    out.push(
                        Diagnostic::warning(
                            "map-unmatched",
                            format!(
                                "no dataset has a column `{dim}`: map `{}` matches nothing",
                                map.id
                            ),
                        )
                        .at(ws.project_file, span(i, "matches"))
                        .hint(hint),
                    );
                    continue;
                };
                unmatched(
                    ws,
                    map,
                    categories,
                    (
                        &format!("categories of `{dim}` in the data"),
                        &format!("categories of `{dim}` in the data"),
                    ),
                    true,
                    &span,
                    &mut out,
                );
            }
            MapMatch::Place => {
                // a project of one place may show it within its region: the other areas
                // are its neighbours, not places missing from the data; a project with a
                // places table maps those places (its own place, such as the country they
                // make up, need not be an area)
                let several = project.places.is_some();
                let main = &project.place.geocode;
                let mut places: BTreeSet<String> = crate::load::declared_places(ws)
                    .0
                    .into_keys()
                    .filter(|p| !several || p != main || map.area(main).is_some())
                    .collect();
                let what = if layered {
                    // this layer answers for its own places; the first, also for the places
                    // no layer draws
                    let first = first_layer == Some(map.spec_index);
                    places.retain(|p| map.area(p).is_some() || (first && !in_some_layer(p)));
                    (LAYERS, "places of the project")
                } else {
                    ("places of the project", "places of the project")
                };
                unmatched(ws, map, &places, what, several, &span, &mut out);
            }
        }
    }
    out
}

/// Warns about the codes of the data without an area and, when `both_ways`, the areas
/// without data.
fn unmatched(
    ws: &Workspace,
    map: &Boundaries,
    data: &BTreeSet<String>,
    (what, what_areas): (&str, &str),
    both_ways: bool,
    span: &dyn Fn(usize, &str) -> std::ops::Range<usize>,
    out: &mut Vec<Diagnostic>,
) {
    let i = map.spec_index;
    let areas: BTreeSet<&str> = map.areas.iter().map(|a| a.code.as_str()).collect();
    let missing: Vec<&String> = data
        .iter()
        .filter(|c| !areas.contains(c.as_str()))
        .collect();
    if !missing.is_empty() {
        let listed: Vec<String> = missing.iter().map(|c| format!("`{c}`")).collect();
        let near = missing
            .iter()
            .find_map(|c| yaml::closest(c, areas.iter().copied()).map(|b| (c, b)));
        out.push(
            Diagnostic::warning(
                "map-unmatched",
                if what == LAYERS {
                    format!(
                        "{} of the places of the project {} no area in any map of places (`{}` and the other layers): {}",
                        missing.len(),
                        if missing.len() == 1 { "has" } else { "have" },
                        map.id,
                        list_some(&listed, LISTED)
                    )
                } else {
                    format!(
                        "{} of the {} {what} {} no area in map `{}`: {}",
                        missing.len(),
                        data.len(),
                        if missing.len() == 1 { "has" } else { "have" },
                        map.id,
                        list_some(&listed, LISTED)
                    )
                },
            )
            .at(ws.project_file, span(i, "code-property"))
            .hint(match near {
                Some((c, b)) => format!(
                    "codes must be written as the data write them: is `{c}` the area `{b}`?"
                ),
                None => format!(
                    "add their boundaries to {}, or check the `{}` property of its features",
                    map.path,
                    ws.project()
                        .maps
                        .get(i)
                        .map_or("code", |s| s.code_property.as_str())
                ),
            }),
        );
    }
    if both_ways {
        let extra: Vec<String> = map
            .areas
            .iter()
            .filter(|a| !data.contains(&a.code))
            .map(|a| match &a.name {
                Some(n) if *n != a.code => format!("`{}` ({n})", a.code),
                _ => format!("`{}`", a.code),
            })
            .collect();
        if !extra.is_empty() {
            out.push(
                Diagnostic::warning(
                    "map-unmatched",
                    format!(
                        "{} of the {} areas of map `{}` {} none of the {what_areas}: {} (drawn as no data)",
                        extra.len(),
                        map.areas.len(),
                        map.id,
                        if extra.len() == 1 { "matches" } else { "match" },
                        list_some(&extra, LISTED)
                    ),
                )
                .at(ws.project_file, span(i, "code-property"))
                .hint("remove those features, or correct their codes to the ones the data use"),
            );
        }
    }
}

/// The categories the data hold in column `dim`, over every dataset that has it; `None`
/// when no dataset has the column.
fn categories(ws: &Workspace, index: &DatasetIndex, dim: &str) -> Option<BTreeSet<String>> {
    let project = ws.project();
    let mut found = false;
    let mut out = BTreeSet::new();
    for d in &index.datasets {
        if !index
            .headers
            .get(&d.id)
            .is_some_and(|h| h.iter().any(|c| c == dim))
        {
            continue;
        }
        let Some(spec) = project.datasets.get(d.spec_index) else {
            continue;
        };
        found = true;
        let files: Vec<FileToRead> = d
            .files
            .iter()
            .enumerate()
            .map(|(k, path)| FileToRead {
                index: k as u32,
                path: path.clone(),
                display: ws.display_path(path),
            })
            .collect();
        let request = ReadRequest {
            numbers: BTreeSet::new(),
            texts: Some(std::iter::once(dim.to_string()).collect()),
        };
        // problems of the data are reported by the evaluation; here only the codes matter
        let (table, _) = dataset::read_table(&d.id, spec, &files, &request, "");
        if let Some(col) = table.text_column(dim) {
            out.extend(
                table.text[col]
                    .labels
                    .iter()
                    .map(|l| l.trim())
                    .filter(|l| !l.is_empty())
                    .map(str::to_string),
            );
        }
    }
    found.then_some(out)
}
