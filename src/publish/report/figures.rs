//! The report's figures: the indicator charts and the goal dashboard, selected by the shared adapter ([`crate::publish::figures`]) and drawn in the report language.

use std::collections::BTreeMap;

use crate::diag::Diagnostic;
use crate::publish::charts::{Chart, ChartError, ChartRenderer};
use crate::publish::figures::{self, Figure, FigureSource};

use super::build::{self, ChartInput, MapInput};

/// Draws the chart of every indicator that has values (a time series, or a milestone strip for
/// a binary indicator), in parallel, in the renderer's language and size; a chart that cannot
/// be drawn gives a warning.
pub fn indicator_charts(
    src: &FigureSource<'_>,
    lang: &str,
    renderer: &ChartRenderer<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> BTreeMap<String, ChartInput> {
    let selected: Vec<Figure> = src
        .ws
        .active
        .iter()
        .filter_map(|a| {
            let ind = &a.indicator;
            let result = src.evaluation.get(&ind.id, src.place);
            figures::indicator_chart(src, ind, result, lang).map(|chart| Figure {
                name: ind.id.clone(),
                indicator: Some(ind.id.clone()),
                place: src.place.to_string(),
                chart,
            })
        })
        .collect();
    let (drawn, problems) = figures::draw(selected, renderer);
    diagnostics.extend(
        problems
            .into_iter()
            .map(|d| d.hint("the report shows the indicator without its chart")),
    );
    drawn
        .into_iter()
        .map(|d| {
            (
                d.figure.name,
                ChartInput {
                    svg: d.svg.into_bytes(),
                    alt: d.alt,
                },
            )
        })
        .collect()
}

/// Draws the goal dashboard; returns the virtual path of the SVG, its bytes and its text alternative.
pub fn draw_dashboard(
    src: &FigureSource<'_>,
    lang: &str,
    renderer: &ChartRenderer<'_>,
) -> Result<(String, Vec<u8>, String), ChartError> {
    let chart = figures::sdg_dashboard(src, lang, renderer.labels());
    let drawn = renderer.render(&Chart::Dashboard(chart))?;
    Ok((
        build::figure_path("dashboard-sdg"),
        drawn.svg.into_bytes(),
        drawn.alt,
    ))
}

/// Draws the map of every indicator broken down by the groups of a mapped dimension (the
/// first such map the project declares), in parallel, in the renderer's language and size; a
/// map that cannot be drawn gives a warning.
pub fn indicator_maps(
    src: &FigureSource<'_>,
    lang: &str,
    renderer: &ChartRenderer<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> BTreeMap<String, MapInput> {
    let selected: Vec<Figure> = src
        .ws
        .active
        .iter()
        .filter_map(|a| {
            let ind = &a.indicator;
            let result = src.evaluation.get(&ind.id, src.place);
            crate::publish::map_figures::dimension_maps(src, ind, result, lang, renderer.labels())
                .into_iter()
                .next()
        })
        .collect();
    let (drawn, problems) = figures::draw(selected, renderer);
    diagnostics.extend(
        problems
            .into_iter()
            .map(|d| d.hint("the report shows the indicator without its map")),
    );
    drawn
        .into_iter()
        .filter_map(|d| {
            let Chart::Map(m) = &d.figure.chart else {
                return None;
            };
            let caption = format!(
                "{} · {}",
                m.areas_label,
                crate::publish::format::NumberFormat::for_language(lang).year(m.year)
            );
            Some((
                d.figure.indicator.clone().unwrap_or_default(),
                MapInput {
                    svg: d.svg.into_bytes(),
                    alt: d.alt,
                    caption,
                },
            ))
        })
        .collect()
}
