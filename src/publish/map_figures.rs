//! The map figures of the shared adapter: an indicator's values by area as a choropleth input, and a place's locator, selected from the evaluation, the assessment and the project's boundaries.
//!
//! Part of the one adapter of [`crate::publish::figures`], and as thin: it picks the values
//! the evaluation holds for each area (a group of the map's dimension, or a place) in one
//! year, and orders them. It computes no number: the year shown is the latest in which at
//! least half of the areas with data have a value (areas without one in that year are drawn
//! as no data, never filled from another year); quantile classes are groups of about the
//! same number of areas in order of value (equal values always in one class), each spanning
//! the values of its areas; banded targets give their bands as classes instead; the highest,
//! lowest, best-off and worst-off areas are positions in that order.

use std::collections::BTreeMap;

use crate::evaluate::{IndicatorResult, Series};
use crate::maps::Boundaries;
use crate::model::{Direction, Indicator, MapMatch, Target};
use crate::publish::charts::map::MAX_CLASSES;
use crate::publish::charts::{
    Classing, LocatorChart, MapArea, MapChart, MapClass, MapGeometry, Status,
};
use crate::publish::figures::{Figure, FigureSource, about, by_dimension, slug};
use crate::publish::sentences::Labels;

/// The name of an indicator's map figure: `<indicator>.map-<map>`.
pub(crate) fn map_name(indicator: &str, map: &str) -> String {
    format!("{indicator}.map-{}", slug(map))
}

/// The choropleths of an indicator: one per map whose areas the indicator has values for
/// (a map of its dimension's groups, or of places when the run has several), in the order
/// the project declares its maps.
pub fn indicator_maps(
    src: &FigureSource<'_>,
    ind: &Indicator,
    result: Option<&IndicatorResult>,
    lang: &str,
    words: &Labels,
) -> Vec<Figure> {
    maps_of(src, ind, result, lang, words, |_| true)
}

/// The choropleths of an indicator by the groups of a dimension only (what a report of one
/// place shows beside the indicator).
pub(crate) fn dimension_maps(
    src: &FigureSource<'_>,
    ind: &Indicator,
    result: Option<&IndicatorResult>,
    lang: &str,
    words: &Labels,
) -> Vec<Figure> {
    maps_of(src, ind, result, lang, words, |g| {
        g.matches.dimension().is_some()
    })
}

fn maps_of(
    src: &FigureSource<'_>,
    ind: &Indicator,
    result: Option<&IndicatorResult>,
    lang: &str,
    words: &Labels,
    wanted: impl Fn(&Boundaries) -> bool,
) -> Vec<Figure> {
    src.ws
        .maps
        .iter()
        .filter(|g| wanted(g))
        .filter_map(|g| {
            let chart = match &g.matches {
                MapMatch::Dimension(dim) => dimension_map(src, ind, result?, g, dim, lang)?,
                MapMatch::Place => place_map(src, ind, g, lang, words)?,
            };
            Some(Figure {
                name: map_name(&ind.id, &g.id),
                indicator: Some(ind.id.clone()),
                place: src.place.to_string(),
                chart: crate::publish::charts::Chart::Map(chart),
            })
        })
        .collect()
}

/// The value of a series in a year, unless suppressed.
fn value_in(series: &Series, year: i32) -> Option<f64> {
    series
        .observations
        .iter()
        .find(|o| o.year == year)
        .and_then(|o| o.value.filter(|_| !o.suppressed))
}

/// The latest year in which at least half of the areas with any value have one.
fn map_year<'s>(series: impl Iterator<Item = &'s Series>) -> Option<i32> {
    let mut counts: BTreeMap<i32, usize> = BTreeMap::new();
    let mut with_data = 0;
    for s in series {
        let mut any = false;
        for o in &s.observations {
            if o.value.is_some() && !o.suppressed {
                *counts.entry(o.year).or_default() += 1;
                any = true;
            }
        }
        with_data += usize::from(any);
    }
    counts
        .into_iter()
        .rev()
        .find(|(_, n)| n * 2 >= with_data)
        .map(|(y, _)| y)
}

/// A choropleth of an indicator by the groups of `dim`, when its groups match areas.
fn dimension_map(
    src: &FigureSource<'_>,
    ind: &Indicator,
    result: &IndicatorResult,
    g: &std::sync::Arc<Boundaries>,
    dim: &str,
    lang: &str,
) -> Option<MapChart> {
    let dims = by_dimension(result);
    let groups: BTreeMap<&str, &Series> = dims.get(dim)?.iter().copied().collect();
    let matched: Vec<&Series> = g
        .areas
        .iter()
        .filter_map(|a| groups.get(a.code.as_str()).copied())
        .collect();
    let year = map_year(matched.iter().copied())?;
    let vocabulary = &src.ws.vocabulary;
    let areas: Vec<MapArea> = g
        .areas
        .iter()
        .map(|a| {
            let series = groups.get(a.code.as_str());
            MapArea {
                code: a.code.clone(),
                name: vocabulary
                    .category(dim, &a.code, lang)
                    .map(str::to_string)
                    .or_else(|| a.name.clone())
                    .unwrap_or_else(|| a.code.clone()),
                value: series.and_then(|s| value_in(s, year)),
                class: None,
                status: src
                    .stages
                    .group_statuses
                    .get(&(ind.id.clone(), dim.to_string(), a.code.clone()))
                    .copied(),
            }
        })
        .collect();
    let label = vocabulary
        .dimension_title(dim, lang)
        .unwrap_or(dim)
        .to_string();
    Some(finish(src, ind, Some(result), g, label, year, areas, lang))
}

/// A choropleth of an indicator across places, when at least two of the map's places have
/// values.
fn place_map(
    src: &FigureSource<'_>,
    ind: &Indicator,
    g: &std::sync::Arc<Boundaries>,
    lang: &str,
    words: &Labels,
) -> Option<MapChart> {
    let headlines: Vec<Option<&Series>> = g
        .areas
        .iter()
        .map(|a| {
            src.evaluation
                .get(&ind.id, &a.code)
                .and_then(IndicatorResult::headline)
        })
        .collect();
    if headlines
        .iter()
        .flatten()
        .filter(|s| s.latest().is_some())
        .count()
        < 2
    {
        return None;
    }
    let year = map_year(headlines.iter().flatten().copied())?;
    let names: BTreeMap<&str, &str> = src
        .evaluation
        .places
        .iter()
        .filter_map(|p| p.name.as_deref().map(|n| (p.geocode.as_str(), n)))
        .collect();
    let project = src.ws.project();
    let statuses: BTreeMap<&str, Status> = match (src.assessment, has_target(ind)) {
        (Some(a), true) => a
            .results
            .iter()
            .filter(|r| r.indicator == ind.id)
            .map(|r| (r.place.as_str(), Status::from(r.status)))
            .collect(),
        _ => BTreeMap::new(),
    };
    let areas: Vec<MapArea> = g
        .areas
        .iter()
        .zip(&headlines)
        .map(|(a, series)| MapArea {
            code: a.code.clone(),
            name: if a.code == project.place.geocode {
                project.place.name.get(lang).to_string()
            } else {
                names
                    .get(a.code.as_str())
                    .map(|n| n.to_string())
                    .or_else(|| a.name.clone())
                    .unwrap_or_else(|| a.code.clone())
            },
            value: series.and_then(|s| value_in(s, year)),
            class: None,
            status: statuses.get(a.code.as_str()).copied(),
        })
        .collect();
    let result = src.evaluation.get(&ind.id, src.place);
    Some(finish(
        src,
        ind,
        result,
        g,
        words.get("place-area"),
        year,
        areas,
        lang,
    ))
}

/// Whether an indicator has a target its values are judged against.
fn has_target(ind: &Indicator) -> bool {
    ind.targets.iter().any(|t| {
        matches!(
            t,
            Target::Numeric(_)
                | Target::Threshold(_)
                | Target::Zero(_)
                | Target::Level(_)
                | Target::Coverage(_)
        )
    })
}

/// Classes, the highest, lowest, best-off and worst-off areas, and the rest of the chart.
#[allow(clippy::too_many_arguments)]
fn finish(
    src: &FigureSource<'_>,
    ind: &Indicator,
    result: Option<&IndicatorResult>,
    g: &std::sync::Arc<Boundaries>,
    areas_label: String,
    year: i32,
    mut areas: Vec<MapArea>,
    lang: &str,
) -> MapChart {
    // areas with a value, in order of value (then code)
    let mut ranked: Vec<(usize, f64)> = areas
        .iter()
        .enumerate()
        .filter_map(|(i, a)| a.value.map(|v| (i, v)))
        .collect();
    ranked.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
    let (classing, classes) = match band_classes(ind, &ranked, &mut areas) {
        Some(classes) => (Classing::Bands, classes),
        None => (Classing::Quantiles, quantile_classes(&ranked, &mut areas)),
    };
    let lowest = ranked.first().map(|r| r.0);
    let highest = ranked.last().map(|r| r.0);
    let (best, worst) = match ind.direction {
        Direction::Increase => (highest, lowest),
        Direction::Decrease => (lowest, highest),
        Direction::Maintain | Direction::Reach | Direction::NotStated => (None, None),
    };
    let without_data = areas.iter().filter(|a| a.value.is_none()).count() as u32;
    let boundaries = src
        .ws
        .project()
        .maps
        .get(g.spec_index)
        .and_then(|s| s.source.as_ref())
        .map(|s| match &s.publisher {
            Some(p) => format!("{}, {}", s.name.get(lang), p.get(lang)),
            None => s.name.get(lang).to_string(),
        });
    MapChart {
        about: about(src, ind, result, lang),
        areas_label,
        year,
        areas,
        classing,
        classes,
        highest,
        lowest,
        best,
        worst,
        without_data,
        boundaries,
        geometry: MapGeometry(g.clone()),
    }
}

/// How many quantile classes `n` areas with data are shown in.
fn class_count(n: usize) -> usize {
    match n {
        0 => 0,
        1..=2 => n,
        3..=7 => 3,
        8..=14 => 4,
        _ => 5,
    }
}

/// Quantile classes of the ranked values, each area's class set; equal values share a class.
fn quantile_classes(ranked: &[(usize, f64)], areas: &mut [MapArea]) -> Vec<MapClass> {
    let n = ranked.len();
    let k = class_count(n);
    let mut classes: Vec<MapClass> = Vec::new();
    let mut previous: Option<(f64, usize)> = None;
    for (rank, &(i, v)) in ranked.iter().enumerate() {
        let wanted = rank * k / n;
        let class = match previous {
            // an equal value stays in the class of the one before
            Some((pv, pc)) if pv == v => pc,
            Some((_, pc)) if wanted <= pc => pc,
            _ => classes.len(),
        };
        if class == classes.len() {
            classes.push(MapClass {
                from: Some(v),
                to: Some(v),
                areas: 0,
            });
        }
        let c = &mut classes[class];
        c.to = Some(v);
        c.areas += 1;
        areas[i].class = Some(class);
        previous = Some((v, class));
    }
    classes
}

/// The bands of the indicator's banded target as classes, when every value falls in one and
/// there are no more bands than colours.
fn band_classes(
    ind: &Indicator,
    ranked: &[(usize, f64)],
    areas: &mut [MapArea],
) -> Option<Vec<MapClass>> {
    let bands = ind.targets.iter().find_map(|t| match t {
        Target::Bands(b) => Some(&b.bands),
        _ => None,
    })?;
    if bands.len() < 2 || bands.len() > MAX_CLASSES {
        return None;
    }
    let mut order: Vec<&crate::model::Band> = bands.iter().collect();
    order.sort_by(|a, b| {
        a.from
            .unwrap_or(f64::NEG_INFINITY)
            .total_cmp(&b.from.unwrap_or(f64::NEG_INFINITY))
    });
    let within = |b: &crate::model::Band, v: f64| {
        b.from.is_none_or(|f| v >= f) && b.to.is_none_or(|t| v < t)
    };
    let mut assigned = Vec::with_capacity(ranked.len());
    for &(i, v) in ranked {
        assigned.push((i, order.iter().position(|b| within(b, v))?));
    }
    let mut classes: Vec<MapClass> = order
        .iter()
        .map(|b| MapClass {
            from: b.from,
            to: b.to,
            areas: 0,
        })
        .collect();
    for (i, c) in assigned {
        areas[i].class = Some(c);
        classes[c].areas += 1;
    }
    Some(classes)
}

/// The locator of the place shown on every map of places that has it as an area.
pub(crate) fn locators(src: &FigureSource<'_>, lang: &str, words: &Labels) -> Vec<Figure> {
    src.ws
        .maps
        .iter()
        .filter(|g| g.matches == MapMatch::Place)
        .filter_map(|g| {
            locator(src, g, lang, words).map(|chart| Figure {
                name: format!("locator-{}", slug(&g.id)),
                indicator: None,
                place: src.place.to_string(),
                chart: crate::publish::charts::Chart::Locator(chart),
            })
        })
        .collect()
}

/// The place within the region of one map of places, when it is one of its areas.
pub fn locator(
    src: &FigureSource<'_>,
    g: &std::sync::Arc<Boundaries>,
    lang: &str,
    words: &Labels,
) -> Option<LocatorChart> {
    let area = g.area(src.place)?;
    let project = src.ws.project();
    let name = if src.place == project.place.geocode {
        project.place.name.get(lang).to_string()
    } else {
        src.evaluation
            .places
            .binary_search_by(|p| p.geocode.as_str().cmp(src.place))
            .ok()
            .and_then(|i| src.evaluation.places[i].name.clone())
            .or_else(|| area.name.clone())
            .unwrap_or_else(|| area.code.clone())
    };
    let boundaries = project
        .maps
        .get(g.spec_index)
        .and_then(|s| s.source.as_ref())
        .map(|s| s.name.get(lang).to_string());
    Some(LocatorChart {
        title: words.get("location-of").replace("{place}", &name),
        place: name,
        code: area.code.clone(),
        areas: g.areas.len() as u32,
        boundaries,
        geometry: MapGeometry(g.clone()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn areas(n: usize) -> Vec<MapArea> {
        (0..n)
            .map(|i| MapArea {
                code: i.to_string(),
                name: i.to_string(),
                value: None,
                class: None,
                status: None,
            })
            .collect()
    }

    #[test]
    fn quantile_classes_keep_equal_values_together_and_span_their_values() {
        let ranked = vec![(0, 1.0), (1, 2.0), (2, 2.0), (3, 2.0), (4, 5.0), (5, 9.0)];
        let mut a = areas(6);
        let classes = quantile_classes(&ranked, &mut a);
        let shown: Vec<(Option<f64>, Option<f64>, u32)> =
            classes.iter().map(|c| (c.from, c.to, c.areas)).collect();
        // three classes for six areas; the tie at 2 keeps the first class together
        assert_eq!(
            shown,
            vec![
                (Some(1.0), Some(2.0), 4),
                (Some(5.0), Some(5.0), 1),
                (Some(9.0), Some(9.0), 1)
            ]
        );
        assert_eq!(a[1].class, a[3].class, "equal values, one class");
        let ranked: Vec<(usize, f64)> = (0..20).map(|i| (i, i as f64)).collect();
        let mut a = areas(20);
        let classes = quantile_classes(&ranked, &mut a);
        assert_eq!(classes.len(), 5);
        assert!(classes.iter().all(|c| c.areas == 4));
    }

    #[test]
    fn the_year_shown_has_values_for_most_areas() {
        let series = |years: &[(i32, Option<f64>)]| Series {
            disaggregation: BTreeMap::new(),
            observations: years
                .iter()
                .map(|&(year, value)| crate::evaluate::Observation {
                    year,
                    value,
                    suppressed: false,
                    rows: Default::default(),
                    details: None,
                })
                .collect(),
        };
        // one area has a 2025 value, three stop in 2024: the map shows 2024
        let s = [
            series(&[(2024, Some(1.0)), (2025, Some(2.0))]),
            series(&[(2024, Some(1.0))]),
            series(&[(2024, Some(1.0))]),
            series(&[(2024, Some(1.0)), (2025, None)]),
        ];
        assert_eq!(map_year(s.iter()), Some(2024));
        // half of them in 2025 is enough
        let s = [
            series(&[(2024, Some(1.0)), (2025, Some(2.0))]),
            series(&[(2024, Some(1.0))]),
        ];
        assert_eq!(map_year(s.iter()), Some(2025));
    }
}
