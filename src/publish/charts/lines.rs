//! Charts over years: time series with target and trajectory, disaggregation, the LNOB gap, budget trends.

use plotters::style::RGBColor;

use super::draw::{
    Align, Canvas, DrawError, Font, Scale, TEXT_BELOW, ZERO_LINE as ZERO, dodge, fit, nice_ticks,
    svg, year_ticks,
};
use super::input::{
    About, BudgetChart, Dated, DisaggregationChart, GapChart, GapTrend, Point, TimeSeriesChart,
};
use super::layout::{self, BODY, Entry, PAD, SMALL, Swatch};
use super::style::{
    AXIS, GRID, HEADLINE, INK, MUTED, Marker, TARGET, TARGET_DASH, Theme, series_colour,
    series_dash, series_marker,
};
use super::{COMPACT_WIDTH, ChartSize, Ctx, WIDTH};
use crate::publish::format::decimals_for_step;

/// Groups drawn as lines in one plot; more become small multiples.
pub(super) const MAX_LINES: usize = 5;
/// Panels of small multiples; beyond them, the worst-off, best-off and total.
pub(super) const MAX_PANELS: usize = 12;
/// Height of single-plot charts.
const HEIGHT: u32 = 400;
/// Height of compact time series.
const COMPACT_HEIGHT: u32 = 190;
/// Outer margin of compact time series.
const COMPACT_PAD: f64 = 6.0;

/// One line to draw in a plot.
pub(super) struct PlotLine {
    /// Points: year and value (`None` breaks the line).
    pub points: Vec<(i32, Option<f64>)>,
    /// Colour.
    pub colour: RGBColor,
    /// Stroke width.
    pub width: u32,
    /// Dash pattern.
    pub dash: &'static [f64],
    /// Marker at each value.
    pub marker: Option<Marker>,
    /// Label at the line's last value.
    pub end_label: Option<String>,
    /// Size of its markers in pixels.
    pub marker_size: f64,
}

impl PlotLine {
    fn from_points(
        points: &[Point],
        colour: RGBColor,
        width: u32,
        dash: &'static [f64],
        marker: Option<Marker>,
    ) -> Self {
        PlotLine {
            points: points.iter().map(|p| (p.year, p.value)).collect(),
            colour,
            width,
            dash,
            marker,
            end_label: None,
            marker_size: 8.0,
        }
    }

    fn sized(mut self, marker_size: f64) -> Self {
        self.marker_size = marker_size;
        self
    }

    fn last(&self) -> Option<(i32, f64)> {
        self.points
            .iter()
            .rev()
            .find_map(|&(y, v)| v.map(|v| (y, v)))
    }
}

/// What decides the axes of a plot.
pub(super) struct Axes<'a> {
    /// The lines (their years and values set the ranges).
    pub lines: &'a [PlotLine],
    /// Further years to include (baseline, target).
    pub years: Vec<i32>,
    /// Further values to include.
    pub values: Vec<f64>,
    /// Pixels kept free right of the plot.
    pub right: f64,
    /// Tick labels are divided by this (1 000 000 for amounts in millions).
    pub divisor: f64,
    /// Text above the value axis (the unit).
    pub axis_title: Option<String>,
    /// About how many value ticks.
    pub ticks: usize,
    /// Whether to label years below the plot.
    pub year_labels: YearLabels,
    /// Whether to label values left of the plot.
    pub value_labels: bool,
}

/// Which years an axis labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum YearLabels {
    /// Round years, as many as fit.
    Round,
    /// The first and the last year only (small multiples).
    Ends,
}

/// A drawn frame: its scales and edges.
pub(super) struct Frame {
    /// Years to pixels.
    pub x: Scale,
    /// Values to pixels.
    pub y: Scale,
    /// Left edge of the plot.
    pub left: f64,
    /// Top edge.
    pub top: f64,
    /// Bottom edge.
    pub bottom: f64,
}

impl Frame {
    fn at(&self, year: i32, v: f64) -> (f64, f64) {
        (self.x.map(f64::from(year)), self.y.map(v))
    }
}

/// The value range to show: the data's, widened to round ticks, from zero when the data is
/// positive and not far from it. The range spans at least a fifth of the values' size, so
/// that a series that barely moves (2.2578 to 2.2584) is drawn flat, as it is, and never as
/// a zigzag over a magnified axis.
fn value_range(values: &[f64], ticks: usize) -> (Vec<f64>, f64) {
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if !lo.is_finite() || !hi.is_finite() {
        return nice_ticks(0.0, 1.0, ticks);
    }
    let magnitude = lo.abs().max(hi.abs());
    let min_span = if magnitude > 0.0 {
        magnitude * 0.2
    } else {
        1.0
    };
    let (lo, hi) = if hi - lo < min_span {
        let mid = (lo + hi) / 2.0;
        let (a, b) = (mid - min_span / 2.0, mid + min_span / 2.0);
        // never below zero for values that are all positive
        if lo >= 0.0 && a < 0.0 {
            (0.0, min_span)
        } else {
            (a, b)
        }
    } else {
        (lo, hi)
    };
    let lo = if lo >= 0.0 && lo <= hi * 0.5 { 0.0 } else { lo };
    // a little room so no value sits on the frame's edge (none below zero when all are positive)
    let pad = (hi - lo) * 0.04;
    let lo = if lo == 0.0 { 0.0 } else { lo - pad };
    nice_ticks(lo, hi + pad, ticks)
}

/// Draws grid, axes and tick labels in the box (`x0`, `y0`)-(`x1`, `y1`); returns the frame.
pub(super) fn frame(
    cv: &Canvas,
    ctx: &Ctx,
    a: &Axes,
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
) -> Result<Frame, DrawError> {
    let mut years: Vec<i32> = a.years.clone();
    let mut values: Vec<f64> = a.values.clone();
    for l in a.lines {
        for &(y, v) in &l.points {
            years.push(y);
            if let Some(v) = v {
                values.push(v);
            }
        }
    }
    let first = years.iter().copied().min().unwrap_or(2015);
    let last = years.iter().copied().max().unwrap_or(first);
    let (ticks, step) = value_range(&values, a.ticks);
    let decimals = decimals_for_step(step / a.divisor);
    let labels: Vec<String> = ticks
        .iter()
        .map(|t| ctx.format.number(t / a.divisor, decimals))
        .collect();
    let label_width = if a.value_labels {
        labels.iter().map(|l| SMALL.width(l)).fold(0.0, f64::max) + 8.0
    } else {
        0.0
    };
    let top = y0 + if a.axis_title.is_some() { 24.0 } else { 6.0 };
    let bottom = y1 - 20.0;
    let left = x0 + label_width;
    let right = x1 - a.right;
    let (d0, d1) = if first == last {
        (f64::from(first) - 1.0, f64::from(last) + 1.0)
    } else {
        (f64::from(first) - 0.5, f64::from(last) + 0.5)
    };
    let x = Scale {
        d0,
        d1,
        r0: left,
        r1: right,
    };
    let lo = ticks.first().copied().unwrap_or(0.0);
    let hi = ticks.last().copied().unwrap_or(1.0);
    let y = Scale {
        d0: lo,
        d1: hi,
        r0: bottom,
        r1: top,
    };
    if let Some(t) = &a.axis_title {
        cv.fitted(x0, y0 + 4.0, t, right - x0, SMALL, Align::Start, 1)?;
    }
    for (t, label) in ticks.iter().zip(&labels) {
        let py = y.map(*t);
        let colour = if *t == 0.0 && lo < 0.0 { ZERO } else { GRID };
        cv.line((left, py), (right, py), colour, 1, &[])?;
        if a.value_labels {
            cv.text(left - 6.0, py, label, SMALL, Align::End)?;
        }
    }
    cv.line((left, bottom), (right, bottom), AXIS, 1, &[])?;
    let max_labels = (((right - left) / 56.0).floor() as usize).max(2);
    let year_marks = match a.year_labels {
        YearLabels::Round => year_ticks(first, last, max_labels),
        YearLabels::Ends if first == last => vec![first],
        YearLabels::Ends => vec![first, last],
    };
    for yr in year_marks {
        let px = x.map(f64::from(yr));
        cv.line((px, bottom), (px, bottom + 4.0), AXIS, 1, &[])?;
        cv.text(
            px,
            bottom + 13.0,
            &ctx.format.year(yr),
            SMALL,
            Align::Middle,
        )?;
    }
    Ok(Frame {
        x,
        y,
        left,
        top,
        bottom,
    })
}

/// Draws lines and their markers.
pub(super) fn draw_lines(cv: &Canvas, f: &Frame, lines: &[PlotLine]) -> Result<(), DrawError> {
    for l in lines {
        let mut run: Vec<(f64, f64)> = Vec::new();
        for &(yr, v) in &l.points {
            match v {
                Some(v) => run.push(f.at(yr, v)),
                None => {
                    cv.polyline(&run, l.colour, l.width, l.dash)?;
                    run.clear();
                }
            }
        }
        cv.polyline(&run, l.colour, l.width, l.dash)?;
    }
    for l in lines {
        if l.marker.is_none() {
            // a value with no neighbour would vanish without a marker
            for (i, &(yr, v)) in l.points.iter().enumerate() {
                let before = i > 0 && l.points[i - 1].1.is_some();
                let after = l.points.get(i + 1).is_some_and(|p| p.1.is_some());
                if let (Some(v), false, false) = (v, before, after) {
                    let (px, py) = f.at(yr, v);
                    cv.marker(Marker::Circle, px, py, 5.0, l.colour, None)?;
                }
            }
        }
        if let Some(m) = l.marker {
            for &(yr, v) in &l.points {
                if let Some(v) = v {
                    let (px, py) = f.at(yr, v);
                    cv.marker(m, px, py, l.marker_size, l.colour, None)?;
                }
            }
        }
    }
    Ok(())
}

/// Sets each line's end label right of its last value, spread so they do not overlap; a
/// label that does not fit the margin on one line (set down to four fifths of its size) is
/// left out whole, never cut: the legend names every line.
pub(super) fn end_labels(
    cv: &Canvas,
    f: &Frame,
    lines: &[PlotLine],
    font: Font,
) -> Result<(), DrawError> {
    let ends: Vec<(&PlotLine, (i32, f64))> = lines
        .iter()
        .filter(|l| l.end_label.is_some())
        .filter_map(|l| l.last().map(|p| (l, p)))
        .collect();
    let x = ends
        .iter()
        .map(|(_, (yr, _))| f.x.map(f64::from(*yr)))
        .fold(f.left, f64::max)
        + 10.0;
    let room = cv.width - x - 4.0;
    let labelled: Vec<(&PlotLine, Vec<String>, Font, f64)> = ends
        .into_iter()
        .filter_map(|(l, (yr, v))| {
            let (set, fitted) = fit(l.end_label.as_deref().unwrap_or(""), room, font, 1);
            (set.len() == 1).then(|| (l, set, fitted, f.at(yr, v).1))
        })
        .collect();
    let wanted: Vec<f64> = labelled.iter().map(|(_, _, _, y)| *y).collect();
    // spread above the floor that clears the axis (see [`on_paper`])
    let placed = dodge(&wanted, font.size + 3.0, f.top, label_floor(f, font.size));
    for ((l, set, fitted, _), y) in labelled.iter().zip(placed) {
        on_paper(
            cv,
            f,
            x,
            y,
            &set[0],
            Font {
                colour: darker(l.colour),
                ..*fitted
            },
            Align::Start,
        )?;
    }
    Ok(())
}

/// The colour for text in a series colour: light series colours are darkened to read on white.
fn darker(c: RGBColor) -> RGBColor {
    let lum = 0.2126 * f64::from(c.0) + 0.7152 * f64::from(c.1) + 0.0722 * f64::from(c.2);
    if lum > 120.0 {
        let k = 120.0 / lum;
        RGBColor(
            (f64::from(c.0) * k).round() as u8,
            (f64::from(c.1) * k).round() as u8,
            (f64::from(c.2) * k).round() as u8,
        )
    } else {
        c
    }
}

/// The width of the widest label, capped.
fn labels_width(labels: &[String], font: Font, cap: f64) -> f64 {
    labels
        .iter()
        .map(|l| font.width(l))
        .fold(0.0, f64::max)
        .min(cap)
}

/// An indicator over time: observations, baseline, target, trajectory, latest value, status.
///
/// At [`ChartSize::Compact`] the title, status badge, unit line and source are left out (the
/// report sets them beside the chart) and the plot fills a smaller canvas.
pub(super) fn time_series(c: &TimeSeriesChart, ctx: &Ctx, alt: &str) -> Result<String, DrawError> {
    let compact = ctx.size == ChartSize::Compact;
    let (width, height, pad) = if compact {
        (COMPACT_WIDTH, COMPACT_HEIGHT, COMPACT_PAD)
    } else {
        (WIDTH, HEIGHT, PAD)
    };
    svg(width, height, alt, |cv| {
        let about = &c.about;
        let mut top = if compact {
            0.0
        } else {
            layout::title(cv, &about.title)?
        };
        if let (Some(s), false) = (c.status, compact) {
            layout::status_badge(cv, s, ctx, PAD, top + 2.0)?;
            top += 24.0;
        }
        let mut lines: Vec<PlotLine> = c
            .series
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let mut l = PlotLine::from_points(
                    &s.points,
                    series_colour(i),
                    if i == 0 { 3 } else { 2 },
                    series_dash(i),
                    Some(series_marker(i)),
                );
                if c.series.len() > 1 && i > 0 {
                    l.end_label = Some(s.label.clone());
                }
                l
            })
            .collect();
        let mut entries: Vec<Entry> = Vec::new();
        for (i, s) in c.series.iter().enumerate() {
            let label = if c.series.len() == 1 {
                ctx.word("observed")
            } else {
                s.label.clone()
            };
            entries.push(Entry {
                swatch: Swatch::Line {
                    colour: series_colour(i),
                    width: 2,
                    dash: series_dash(i),
                    marker: Some(series_marker(i)),
                },
                label,
            });
        }
        if let Some(b) = &c.baseline {
            entries.push(Entry {
                swatch: Swatch::Marker {
                    shape: Marker::Ring,
                    colour: INK,
                    outline: None,
                },
                label: format!("{} ({})", ctx.word("baseline"), ctx.period(b)),
            });
        }
        if let Some(t) = &c.target {
            entries.push(Entry {
                swatch: Swatch::Marker {
                    shape: Marker::Diamond,
                    colour: TARGET,
                    outline: None,
                },
                label: format!("{} ({})", ctx.word("target"), ctx.period(t)),
            });
            if c.trajectory && c.baseline.is_some() {
                entries.push(Entry {
                    swatch: Swatch::Line {
                        colour: TARGET,
                        width: 2,
                        dash: TARGET_DASH,
                        marker: None,
                    },
                    label: ctx.word("trajectory"),
                });
            }
        }
        let (foot, foot_h) = if compact {
            (Vec::new(), pad)
        } else {
            let foot = layout::footer_lines(cv.width, about, ctx, &[]);
            let h = layout::footer_height(&foot);
            (foot, h)
        };
        let legend_h = layout::legend_height(&entries, cv.width - 2.0 * pad);
        let bottom = cv.height - foot_h - legend_h - 6.0;
        let target_label = c.target.as_ref().map(|t| ctx.short_value(t.value, about));
        let mut right_labels: Vec<String> =
            lines.iter().filter_map(|l| l.end_label.clone()).collect();
        right_labels.extend(target_label.clone());
        let latest_text = c
            .latest
            .as_ref()
            .map(|l| format!("{} ({})", ctx.short_value(l.value, about), ctx.period(l)));
        let latest_is_last = c
            .target
            .as_ref()
            .is_none_or(|t| c.latest.as_ref().is_some_and(|l| l.year >= t.year));
        if latest_is_last {
            right_labels.extend(latest_text.clone());
        }
        let right = if right_labels.is_empty() {
            8.0
        } else {
            labels_width(&right_labels, BODY, if compact { 120.0 } else { 170.0 }) + 16.0
        };
        let mut years = Vec::new();
        let mut values = Vec::new();
        for d in [&c.baseline, &c.target, &c.latest].into_iter().flatten() {
            years.push(d.year);
            values.push(d.value);
        }
        let axes = Axes {
            lines: &lines,
            years,
            values,
            right,
            divisor: 1.0,
            axis_title: about.unit.clone(),
            ticks: 5,
            year_labels: YearLabels::Round,
            value_labels: true,
        };
        let f = frame(cv, ctx, &axes, pad, top + 4.0, cv.width - pad, bottom)?;
        if let (Some(b), Some(t), true) = (&c.baseline, &c.target, c.trajectory) {
            cv.line(
                f.at(b.year, b.value),
                f.at(t.year, t.value),
                TARGET,
                2,
                TARGET_DASH,
            )?;
        }
        draw_lines(cv, &f, &lines)?;
        if let Some(b) = &c.baseline {
            let (x, y) = f.at(b.year, b.value);
            cv.marker(Marker::Ring, x, y, 16.0, INK, None)?;
        }
        if let (Some(t), Some(label)) = (&c.target, &target_label) {
            let (x, y) = f.at(t.year, t.value);
            cv.marker(Marker::Diamond, x, y, 12.0, TARGET, None)?;
            on_paper(
                cv,
                &f,
                x + 12.0,
                y,
                label,
                Font::bold(13.0, rgb_target_text()),
                Align::Start,
            )?;
        }
        if let (Some(l), Some(text)) = (&c.latest, &latest_text) {
            let previous = c.series.first().and_then(|s| {
                s.points
                    .iter()
                    .rev()
                    .filter(|p| p.year < l.year)
                    .find_map(|p| p.value.map(|v| (p.year, v)))
            });
            let trajectory = match (&c.baseline, &c.target, c.trajectory) {
                (Some(b), Some(t), true) => Some((f.at(b.year, b.value), f.at(t.year, t.value))),
                _ => None,
            };
            let target_at = c.target.as_ref().map(|t| f.at(t.year, t.value));
            let place = LatestPlace {
                previous,
                last: latest_is_last,
                trajectory,
                target_at,
            };
            latest_label(cv, &f, l, text, &place)?;
        }
        for l in &mut lines {
            l.width = 2;
        }
        end_labels(cv, &f, &lines, BODY)?;
        layout::legend(cv, &entries, pad, bottom + 4.0, cv.width - 2.0 * pad)?;
        layout::footer(cv, &foot)
    })
}

/// Target text: the target colour darkened to read on white.
fn rgb_target_text() -> RGBColor {
    super::style::rgb(0x8E3F6E)
}

/// What decides where the latest value's label goes.
struct LatestPlace {
    /// The value before the latest (year, value).
    previous: Option<(i32, f64)>,
    /// Whether nothing is drawn after the latest value.
    last: bool,
    /// The trajectory's ends, in pixels.
    trajectory: Option<((f64, f64), (f64, f64))>,
    /// The target point, in pixels (its label is set right of it).
    target_at: Option<(f64, f64)>,
}

/// Sets a label inside the plot on a patch of paper (see [`Canvas::text_on_paper`]), never
/// lower than [`label_floor`]: a value on the axis (a zero at the foot of the plot) is labelled
/// just above it, and the axes are never cut.
fn on_paper(
    cv: &Canvas,
    f: &Frame,
    x: f64,
    y: f64,
    text: &str,
    font: Font,
    align: Align,
) -> Result<(), DrawError> {
    let y = y.min(label_floor(f, font.size));
    cv.text_on_paper(x, y, text, font, align, f.left + 1.5)
}

/// The lowest a label's middle may sit (in pixels, the largest `y`) for its figures, its
/// brackets and the patch behind them to stay clear of the axis at the foot of the plot.
/// (Above the plot there is no axis: labels set in its headroom stay where they are.)
fn label_floor(f: &Frame, size: f64) -> f64 {
    (f.bottom - 1.5 - TEXT_BELOW * size).max(f.top)
}

/// Labels the latest value with its period: right of the point when nothing follows it,
/// otherwise above or below it, on the side away from the line arriving at it (and left of
/// the point when the target's label would be in the way).
fn latest_label(
    cv: &Canvas,
    f: &Frame,
    l: &Dated,
    text: &str,
    place: &LatestPlace,
) -> Result<(), DrawError> {
    let (x, y) = f.at(l.year, l.value);
    let font = Font::bold(13.0, INK);
    if place.last {
        // right of the point, unless the target's diamond and label are on that band: then
        // above it (below when there is no room above), on the side away from the target
        let w = font.width(text);
        let blocked = place.target_at.is_some_and(|(tx, ty)| {
            x + 10.0 + w > tx - 8.0 && x < tx + 8.0 + w && (y - ty).abs() < 15.0
        });
        if !blocked {
            return on_paper(cv, f, x + 10.0, y, text, font, Align::Start);
        }
        let target_below = place.target_at.is_some_and(|(_, ty)| ty >= y);
        let up = if target_below {
            y - 16.0 >= f.top
        } else {
            y + 16.0 > f.bottom
        };
        let ly = if up { y - 16.0 } else { y + 16.0 };
        let align = if x + w / 2.0 > cv.width - 4.0 {
            Align::End
        } else {
            Align::Middle
        };
        return on_paper(cv, f, x, ly, text, font, align);
    }
    // right of the point, on the side away from the trajectory where it passes the label
    if let Some(((x0, y0), (x1, y1))) = place.trajectory {
        let w = font.width(text);
        let mid = x + 8.0 + w / 2.0;
        let ty = if x1 == x0 {
            y0
        } else {
            y0 + (y1 - y0) * (mid - x0) / (x1 - x0)
        };
        let ly = if ty > y { y - 13.0 } else { y + 14.0 };
        let ly = ly.clamp(f.top + 6.0, f.bottom - 6.0);
        // the target's diamond and label take the band around its height from its x on
        let blocked = place
            .target_at
            .is_some_and(|(tx, tyy)| x + 8.0 + w > tx - 8.0 && (ly - tyy).abs() < 15.0);
        if blocked {
            return on_paper(cv, f, x - 8.0, ly, text, font, Align::End);
        }
        return on_paper(cv, f, x + 8.0, ly, text, font, Align::Start);
    }
    // the line arrives from above (in pixels) when the previous value is drawn higher
    let from_above = place.previous.is_some_and(|(py, pv)| f.at(py, pv).1 < y);
    let below = if from_above {
        y + 16.0 <= f.bottom
    } else {
        y - 16.0 < f.top
    };
    let ly = if below { y + 15.0 } else { y - 15.0 };
    let w = font.width(text);
    let align = if x + w / 2.0 > cv.width - 4.0 {
        Align::End
    } else {
        Align::Middle
    };
    on_paper(cv, f, x, ly, text, font, align)
}

/// An indicator by the groups of one dimension: lines (or bars for a single year) up to
/// [`MAX_LINES`] groups, small multiples up to [`MAX_PANELS`], else worst-off, best-off and total.
pub(super) fn disaggregation(
    c: &DisaggregationChart,
    ctx: &Ctx,
    alt: &str,
) -> Result<String, DrawError> {
    let single_year = c
        .groups
        .iter()
        .chain(c.total.iter())
        .all(|l| l.points.iter().filter(|p| p.value.is_some()).count() <= 1);
    if single_year {
        return super::others::group_bars(c, ctx, alt);
    }
    let n = c.groups.len();
    if n <= MAX_LINES {
        return group_lines(c, ctx, alt);
    }
    if n > MAX_PANELS
        && let (Some(w), Some(b)) = (c.worst_off, c.best_off)
        && let (Some(worst), Some(best)) = (c.groups.get(w), c.groups.get(b))
    {
        let gap = GapChart {
            about: c.about.clone(),
            dimension: c.dimension.clone(),
            worst_off: worst.clone(),
            best_off: best.clone(),
            total: c.total.clone(),
            gap: None,
            trend: None,
        };
        let note = ctx
            .word("other-groups-in-annex")
            .replace("{n}", &ctx.format.number((n - 2) as f64, 0));
        return gap_chart(&gap, ctx, alt, Some(note));
    }
    small_multiples(c, ctx, alt)
}

/// A few groups as lines with direct labels.
fn group_lines(c: &DisaggregationChart, ctx: &Ctx, alt: &str) -> Result<String, DrawError> {
    svg(WIDTH, HEIGHT, alt, |cv| {
        let about = &c.about;
        let top = layout::title(cv, &about.title)?;
        let subtitle = format!("{} {}", ctx.word("by"), c.dimension);
        cv.text(
            PAD,
            top + 2.0,
            &subtitle,
            Font::regular(13.0, MUTED),
            Align::Start,
        )?;
        let top = top + 22.0;
        let mut lines: Vec<PlotLine> = Vec::new();
        let mut entries = Vec::new();
        if let Some(t) = &c.total {
            let mut l = PlotLine::from_points(&t.points, HEADLINE, 3, &[], Some(Marker::Circle));
            l.end_label = Some(t.label.clone());
            lines.push(l);
            entries.push(Entry {
                swatch: Swatch::Line {
                    colour: HEADLINE,
                    width: 3,
                    dash: &[],
                    marker: Some(Marker::Circle),
                },
                label: t.label.clone(),
            });
        }
        for (i, g) in c.groups.iter().enumerate() {
            // the palette starts after blue when a total is drawn in black
            let k = i + 1;
            let mut l = PlotLine::from_points(
                &g.points,
                series_colour(k),
                2,
                series_dash(k),
                Some(series_marker(k)),
            );
            l.end_label = Some(g.label.clone());
            lines.push(l);
            entries.push(Entry {
                swatch: Swatch::Line {
                    colour: series_colour(k),
                    width: 2,
                    dash: series_dash(k),
                    marker: Some(series_marker(k)),
                },
                label: g.label.clone(),
            });
        }
        let foot = layout::footer_lines(cv.width, about, ctx, &[]);
        let legend_h = layout::legend_height(&entries, cv.width - 2.0 * PAD);
        let bottom = cv.height - layout::footer_height(&foot) - legend_h - 6.0;
        let labels: Vec<String> = lines.iter().filter_map(|l| l.end_label.clone()).collect();
        let axes = Axes {
            lines: &lines,
            years: Vec::new(),
            values: Vec::new(),
            right: labels_width(&labels, BODY, 150.0) + 16.0,
            divisor: 1.0,
            axis_title: about.unit.clone(),
            ticks: 5,
            year_labels: YearLabels::Round,
            value_labels: true,
        };
        let f = frame(cv, ctx, &axes, PAD, top, cv.width - PAD, bottom)?;
        draw_lines(cv, &f, &lines)?;
        end_labels(cv, &f, &lines, BODY)?;
        layout::legend(cv, &entries, PAD, bottom + 4.0, cv.width - 2.0 * PAD)?;
        layout::footer(cv, &foot)
    })
}

/// Many groups as small multiples: one panel per group against the total, on a common scale.
fn small_multiples(c: &DisaggregationChart, ctx: &Ctx, alt: &str) -> Result<String, DrawError> {
    let shown = &c.groups[..c.groups.len().min(MAX_PANELS)];
    let cols = if shown.len() > 9 { 4 } else { 3 };
    let rows = shown.len().div_ceil(cols);
    let panel_h = 132.0;
    let mut notes = Vec::new();
    if c.groups.len() > shown.len() {
        notes.push(ctx.word("other-groups-in-annex").replace(
            "{n}",
            &ctx.format.number((c.groups.len() - shown.len()) as f64, 0),
        ));
    }
    let foot = layout::footer_lines(f64::from(WIDTH), &c.about, ctx, &notes);
    let total_entry = c.total.as_ref().map(|t| Entry {
        swatch: Swatch::Line {
            colour: super::style::rgb(0xA6A6A6),
            width: 2,
            dash: &[],
            marker: None,
        },
        label: t.label.clone(),
    });
    let title_lines =
        super::draw::wrap(&c.about.title, f64::from(WIDTH) - 2.0 * PAD, 17.0, true).len();
    let head = PAD
        + 8.0
        + 22.0 * title_lines as f64
        + 30.0
        + if total_entry.is_some() { 20.0 } else { 0.0 };
    let height = head + rows as f64 * panel_h + layout::footer_height(&foot) + 4.0;
    // values of every group and the total decide the common scale
    let mut all_values: Vec<f64> = Vec::new();
    let mut all_years: Vec<i32> = Vec::new();
    for l in shown.iter().chain(c.total.iter()) {
        for p in &l.points {
            all_years.push(p.year);
            all_values.extend(p.value);
        }
    }
    svg(WIDTH, height.ceil() as u32, alt, |cv| {
        let about = &c.about;
        let top = layout::title(cv, &about.title)?;
        let subtitle = format!("{} {}", ctx.word("by"), c.dimension);
        cv.text(
            PAD,
            top + 2.0,
            &subtitle,
            Font::regular(13.0, MUTED),
            Align::Start,
        )?;
        let mut top = top + 20.0;
        if let Some(e) = &total_entry {
            layout::legend(cv, std::slice::from_ref(e), PAD, top - 4.0, cv.width)?;
            top += 20.0;
        }
        if let Some(u) = &about.unit {
            cv.text(PAD, top + 2.0, u, SMALL, Align::Start)?;
        }
        let gap = 14.0;
        let panel_w = (cv.width - 2.0 * PAD - gap * (cols as f64 - 1.0)) / cols as f64;
        for (i, g) in shown.iter().enumerate() {
            let (r, col) = (i / cols, i % cols);
            let x0 = PAD + col as f64 * (panel_w + gap);
            let y0 = top + 10.0 + r as f64 * panel_h;
            cv.fitted(
                x0,
                y0 + 8.0,
                &g.label,
                panel_w - 4.0,
                Font::bold(13.0, INK),
                Align::Start,
                1,
            )?;
            let mut lines = Vec::new();
            if let Some(t) = &c.total {
                lines.push(PlotLine::from_points(
                    &t.points,
                    super::style::rgb(0xA6A6A6),
                    2,
                    &[],
                    None,
                ));
            }
            lines.push(PlotLine::from_points(
                &g.points,
                series_colour(0),
                2,
                &[],
                None,
            ));
            let latest = g.latest.as_ref().map(|l| ctx.short_value(l.value, about));
            let label_w = latest
                .as_deref()
                .map_or(0.0, |t| Font::bold(11.0, INK).width(t));
            let axes = Axes {
                lines: &lines,
                years: all_years.clone(),
                values: all_values.clone(),
                right: label_w + 10.0,
                divisor: 1.0,
                axis_title: None,
                ticks: 3,
                year_labels: YearLabels::Ends,
                value_labels: col == 0,
            };
            let f = frame(
                cv,
                ctx,
                &axes,
                x0,
                y0 + 22.0,
                x0 + panel_w,
                y0 + panel_h - 8.0,
            )?;
            draw_lines(cv, &f, &lines)?;
            if let (Some(l), Some(text)) = (&g.latest, &latest) {
                let (x, y) = f.at(l.year, l.value);
                on_paper(
                    cv,
                    &f,
                    x + 7.0,
                    y,
                    text,
                    Font::bold(11.0, INK),
                    Align::Start,
                )?;
            }
        }
        layout::footer(cv, &foot)
    })
}

/// The leaving-no-one-behind gap chart.
pub(super) fn gap(c: &GapChart, ctx: &Ctx, alt: &str) -> Result<String, DrawError> {
    gap_chart(c, ctx, alt, None)
}

/// Worst-off, best-off and total over time, the band between them shaded, the gap marked.
fn gap_chart(
    c: &GapChart,
    ctx: &Ctx,
    alt: &str,
    note: Option<String>,
) -> Result<String, DrawError> {
    let worst_colour = series_colour(1);
    let best_colour = series_colour(0);
    svg(WIDTH, HEIGHT, alt, |cv| {
        let about = &c.about;
        let top = layout::title(cv, &about.title)?;
        let mut subtitle = format!("{} {}", ctx.word("by"), c.dimension);
        if let Some(g) = &c.gap {
            subtitle = format!(
                "{subtitle} · {} {}: {}",
                ctx.word("gap"),
                ctx.period(g),
                gap_value(ctx, about, g.value)
            );
        }
        if let Some(t) = c.trend {
            let key = match t {
                GapTrend::Narrowing => "gap-narrowing",
                GapTrend::Widening => "gap-widening",
                GapTrend::Stable => "gap-stable",
            };
            subtitle = format!("{subtitle} · {}", ctx.word(key));
        }
        cv.text(
            PAD,
            top + 2.0,
            &subtitle,
            Font::regular(13.0, MUTED),
            Align::Start,
        )?;
        let top = top + 22.0;
        let mut worst = PlotLine::from_points(
            &c.worst_off.points,
            worst_colour,
            3,
            &[],
            Some(Marker::TriangleDown),
        );
        worst.end_label = Some(c.worst_off.label.clone());
        let mut best = PlotLine::from_points(
            &c.best_off.points,
            best_colour,
            3,
            &[],
            Some(Marker::TriangleUp),
        );
        best.end_label = Some(c.best_off.label.clone());
        let mut lines = vec![worst, best];
        if let Some(t) = &c.total {
            let mut l =
                PlotLine::from_points(&t.points, HEADLINE, 2, &[6.0, 3.0], Some(Marker::Circle))
                    .sized(7.0);
            l.end_label = Some(t.label.clone());
            lines.push(l);
        }
        let mut entries = vec![
            Entry {
                swatch: Swatch::Line {
                    colour: worst_colour,
                    width: 3,
                    dash: &[],
                    marker: Some(Marker::TriangleDown),
                },
                label: format!("{}: {}", ctx.word("worst-off"), c.worst_off.label),
            },
            Entry {
                swatch: Swatch::Line {
                    colour: best_colour,
                    width: 3,
                    dash: &[],
                    marker: Some(Marker::TriangleUp),
                },
                // a gap is measured to its reference group; the many groups of a
                // disaggregation show their best-off group
                label: format!(
                    "{}: {}",
                    ctx.word(if note.is_some() {
                        "best-off"
                    } else {
                        "compared-with"
                    }),
                    c.best_off.label
                ),
            },
        ];
        if let Some(t) = &c.total {
            entries.push(Entry {
                swatch: Swatch::Line {
                    colour: HEADLINE,
                    width: 2,
                    dash: &[6.0, 3.0],
                    marker: Some(Marker::Circle),
                },
                label: t.label.clone(),
            });
        }
        let foot = layout::footer_lines(cv.width, about, ctx, note.as_slice());
        let legend_h = layout::legend_height(&entries, cv.width - 2.0 * PAD);
        let bottom = cv.height - layout::footer_height(&foot) - legend_h - 6.0;
        let labels: Vec<String> = lines.iter().filter_map(|l| l.end_label.clone()).collect();
        let axes = Axes {
            lines: &lines,
            years: Vec::new(),
            values: Vec::new(),
            right: labels_width(&labels, BODY, 170.0) + 18.0,
            divisor: 1.0,
            axis_title: about.unit.clone(),
            ticks: 5,
            year_labels: YearLabels::Round,
            value_labels: true,
        };
        let f = frame(cv, ctx, &axes, PAD, top, cv.width - PAD, bottom)?;
        // the band between the two groups, over runs of years where both have a value
        let mut runs: Vec<Vec<(i32, f64, f64)>> = vec![Vec::new()];
        for w in &c.worst_off.points {
            let b = c
                .best_off
                .points
                .iter()
                .find(|b| b.year == w.year)
                .and_then(|b| b.value);
            match (w.value, b) {
                (Some(wv), Some(bv)) => runs
                    .last_mut()
                    .into_iter()
                    .for_each(|r| r.push((w.year, wv, bv))),
                _ => runs.push(Vec::new()),
            }
        }
        for run in runs.iter().filter(|r| r.len() >= 2) {
            let mut band: Vec<(f64, f64)> = run.iter().map(|&(yr, w, _)| f.at(yr, w)).collect();
            band.extend(run.iter().rev().map(|&(yr, _, b)| f.at(yr, b)));
            cv.polygon(&band, super::style::rgb(0x999999), 0.18)?;
        }
        draw_lines(cv, &f, &lines)?;
        end_labels(cv, &f, &lines, BODY)?;
        if let Some(g) = &c.gap {
            let w = c
                .worst_off
                .points
                .iter()
                .find(|p| p.year == g.year)
                .and_then(|p| p.value);
            let b = c
                .best_off
                .points
                .iter()
                .find(|p| p.year == g.year)
                .and_then(|p| p.value);
            if let (Some(w), Some(b)) = (w, b) {
                let (x, yw) = f.at(g.year, w);
                let (_, yb) = f.at(g.year, b);
                let bx = x - 12.0;
                cv.line((bx, yw), (bx, yb), INK, 2, &[])?;
                cv.line((bx, yw), (bx + 5.0, yw), INK, 2, &[])?;
                cv.line((bx, yb), (bx + 5.0, yb), INK, 2, &[])?;
            }
        }
        layout::legend(cv, &entries, PAD, bottom + 4.0, cv.width - 2.0 * PAD)?;
        layout::footer(cv, &foot)
    })
}

/// A gap in the chart's unit: percentage points for percentages.
fn gap_value(ctx: &Ctx, about: &About, v: f64) -> String {
    if about.unit.as_deref().map(str::trim) == Some("%") {
        format!(
            "{}\u{A0}{}",
            ctx.format.number(v, about.decimals),
            ctx.word("pp")
        )
    } else {
        ctx.value(v, about)
    }
}

/// The divisor and word for amounts: millions, thousands or units.
fn amount_divisor(max: f64) -> (f64, Option<&'static str>) {
    if max >= 1e6 {
        (1e6, Some("million"))
    } else if max >= 1e4 {
        (1e3, Some("thousand"))
    } else {
        (1.0, None)
    }
}

/// Spending by right or SDG over time: real terms as solid lines, nominal as dashed.
pub(super) fn budget(c: &BudgetChart, ctx: &Ctx, alt: &str) -> Result<String, DrawError> {
    let max = c
        .lines
        .iter()
        .flat_map(|l| l.years.iter())
        .flat_map(|s| [s.nominal, s.real])
        .flatten()
        .fold(0.0, f64::max);
    let (divisor, word) = amount_divisor(max);
    let currency = c.about.unit.clone().unwrap_or_default();
    let axis_title = match word {
        Some(w) => format!("{currency} ({})", ctx.word(w)).trim().to_string(),
        None => currency.clone(),
    };
    // more lines than one plot can hold go to the note (the annex has them all)
    let shown = &c.lines[..c.lines.len().min(MAX_LINES)];
    let colour =
        |i: usize, theme: Option<Theme>| theme.map_or_else(|| series_colour(i), Theme::colour);
    svg(WIDTH, HEIGHT + 40, alt, |cv| {
        let about = &c.about;
        let top = layout::title(cv, &about.title)?;
        let mut lines: Vec<PlotLine> = Vec::new();
        let mut entries: Vec<Entry> = Vec::new();
        for (i, l) in shown.iter().enumerate() {
            let col = colour(i, l.theme);
            let marker = series_marker(i);
            let real: Vec<(i32, Option<f64>)> = l.years.iter().map(|s| (s.year, s.real)).collect();
            let nominal: Vec<(i32, Option<f64>)> =
                l.years.iter().map(|s| (s.year, s.nominal)).collect();
            lines.push(PlotLine {
                points: nominal,
                colour: col,
                width: 1,
                dash: &[4.0, 3.0],
                marker: None,
                end_label: None,
                marker_size: 0.0,
            });
            lines.push(PlotLine {
                points: real,
                colour: col,
                width: 2,
                dash: &[],
                marker: Some(marker),
                end_label: Some(l.label.clone()),
                marker_size: 8.0,
            });
            entries.push(Entry {
                swatch: Swatch::Line {
                    colour: col,
                    width: 2,
                    dash: &[],
                    marker: Some(marker),
                },
                label: l.label.clone(),
            });
        }
        let style_entries = vec![
            Entry {
                swatch: Swatch::Line {
                    colour: MUTED,
                    width: 2,
                    dash: &[],
                    marker: None,
                },
                label: format!(
                    "{} ({} {})",
                    ctx.word("real-terms"),
                    ctx.word("prices-of"),
                    ctx.format.year(c.price_base_year)
                ),
            },
            Entry {
                swatch: Swatch::Line {
                    colour: MUTED,
                    width: 1,
                    dash: &[4.0, 3.0],
                    marker: None,
                },
                label: ctx.word("nominal"),
            },
        ];
        let mut notes = Vec::new();
        if c.lines.len() > shown.len() {
            notes.push(ctx.word("other-groups-in-annex").replace(
                "{n}",
                &ctx.format.number((c.lines.len() - shown.len()) as f64, 0),
            ));
        }
        let foot = layout::footer_lines(
            cv.width,
            &About {
                unit: None,
                ..about.clone()
            },
            ctx,
            &notes,
        );
        let legend_w = cv.width - 2.0 * PAD;
        let legend_h = layout::legend_height(&entries, legend_w)
            + layout::legend_height(&style_entries, legend_w);
        let bottom = cv.height - layout::footer_height(&foot) - legend_h - 6.0;
        let labels: Vec<String> = lines.iter().filter_map(|l| l.end_label.clone()).collect();
        let axes = Axes {
            lines: &lines,
            years: Vec::new(),
            values: vec![0.0],
            right: labels_width(&labels, BODY, 150.0) + 16.0,
            divisor,
            axis_title: Some(axis_title.clone()),
            ticks: 5,
            year_labels: YearLabels::Round,
            value_labels: true,
        };
        let f = frame(cv, ctx, &axes, PAD, top + 2.0, cv.width - PAD, bottom)?;
        draw_lines(cv, &f, &lines)?;
        end_labels(cv, &f, &lines, BODY)?;
        let h = layout::legend(cv, &entries, PAD, bottom + 4.0, legend_w)?;
        layout::legend(cv, &style_entries, PAD, bottom + 4.0 + h, legend_w)?;
        layout::footer(cv, &foot)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_series_that_barely_moves_gets_an_axis_that_shows_it_flat() {
        let (ticks, _) = value_range(&[2.2578, 2.2581, 2.2584], 5);
        let (first, last) = (ticks[0], *ticks.last().unwrap());
        assert!(last - first >= 0.4, "{ticks:?}");
        assert!(first <= 2.2578 && last >= 2.2584);
        // a series that moves keeps its own range
        let (ticks, _) = value_range(&[40.0, 60.0], 5);
        assert!(
            ticks[0] >= 30.0 && *ticks.last().unwrap() <= 70.0,
            "{ticks:?}"
        );
        // all zero: an axis from zero up
        let (ticks, _) = value_range(&[0.0, 0.0], 5);
        assert!(ticks[0] >= 0.0 && *ticks.last().unwrap() > 0.0, "{ticks:?}");
    }

    /// The tick labels an axis of `values` shows in English.
    fn tick_labels(values: &[f64]) -> Vec<String> {
        let (ticks, step) = value_range(values, 5);
        let f = crate::publish::format::NumberFormat::for_language("en");
        let d = decimals_for_step(step);
        ticks.iter().map(|t| f.number(*t, d)).collect()
    }

    #[test]
    fn a_constant_series_gets_an_honest_span_around_its_value() {
        // 2.26 everywhere: the span is a fifth of 2.26 (0.452) around it, 2.034 to 2.486,
        // padded by 4% (0.018) and rounded out to steps of 0.1: 2.0 to 2.6
        let (ticks, step) = value_range(&[2.26; 6], 5);
        assert_eq!(step, 0.1);
        assert_eq!(
            tick_labels(&[2.26; 6]),
            ["2.0", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6"]
        );
        assert!(ticks[0] <= 2.26 && *ticks.last().unwrap() >= 2.26);
        // never a magnified axis such as 2.2578 to 2.2584
        assert!(ticks.last().unwrap() - ticks[0] >= 0.45, "{ticks:?}");
    }

    #[test]
    fn rising_and_falling_series_include_every_value() {
        // 3 to 47: positive and near zero, so from zero; 47 + 4% of 47 = 48.88, steps of 10
        let (ticks, _) = value_range(&[3.0, 12.0, 47.0], 5);
        assert_eq!(ticks, [0.0, 10.0, 20.0, 30.0, 40.0, 50.0]);
        // falling from 96 to 81: far from zero, so the axis starts near the data
        let (ticks, _) = value_range(&[96.0, 90.0, 81.0], 5);
        assert!(ticks[0] > 0.0 && ticks[0] <= 81.0, "{ticks:?}");
        assert!(*ticks.last().unwrap() >= 96.0, "{ticks:?}");
        // all negative, falling from -12 to -30: -30.72 to -11.28, steps of 5: -35 to -10,
        // with no zero forced in
        let (ticks, step) = value_range(&[-12.0, -21.0, -30.0], 5);
        assert_eq!(step, 5.0);
        assert_eq!(ticks, [-35.0, -30.0, -25.0, -20.0, -15.0, -10.0]);
    }

    #[test]
    fn tick_labels_are_distinct_and_never_shortened() {
        for values in [
            &[2.26, 2.26][..],
            &[0.0012, 0.0015],
            &[1_250_000.0, 1_250_100.0],
            &[-0.5, 0.5],
            &[99.9, 100.0],
        ] {
            let labels = tick_labels(values);
            let mut unique = labels.clone();
            unique.dedup();
            assert_eq!(unique, labels, "two ticks with one label for {values:?}");
            assert!(labels.iter().all(|l| !l.contains('…')), "{labels:?}");
        }
    }

    #[test]
    fn an_axis_without_values_is_zero_to_one() {
        // no value at all (every point missing): an empty axis, not NaN ticks
        let (ticks, _) = value_range(&[], 5);
        assert_eq!(ticks.first(), Some(&0.0));
        assert_eq!(ticks.last(), Some(&1.0));
    }

    #[test]
    fn a_line_ends_at_its_last_value_and_light_colours_are_darkened_for_text() {
        let mut line = PlotLine::from_points(&[], HEADLINE, 2, &[], None);
        line.points = vec![(2019, Some(1.0)), (2020, Some(2.0)), (2021, None)];
        assert_eq!(line.last(), Some((2020, 2.0)));
        // yellow (255, 221, 0) has luminance 0.2126 * 255 + 0.7152 * 221 = 212.3: darkened
        // to about 120; a dark blue (luminance 20.3) is kept
        let RGBColor(r, g, b) = darker(RGBColor(255, 221, 0));
        let lum = 0.2126 * f64::from(r) + 0.7152 * f64::from(g) + 0.0722 * f64::from(b);
        assert!((lum - 120.0).abs() < 1.0, "{lum}");
        let blue = RGBColor(20, 20, 60);
        assert_eq!(darker(blue), blue);
    }

    #[test]
    fn a_drawn_flat_series_is_labelled_with_round_ticks() {
        use super::super::{Chart, ChartRenderer};
        use crate::publish::charts::input::{Line, Point};
        let sentences = crate::publish::sentences::Sentences::builtin();
        let renderer = ChartRenderer::new(&sentences, "en").unwrap();
        let latest = Dated {
            year: 2022,
            period: None,
            value: 2.26,
        };
        let chart = TimeSeriesChart {
            about: About {
                title: "Average household size".into(),
                unit: Some("people".into()),
                source: None,
                decimals: 2,
            },
            series: vec![Line {
                label: "Average household size".into(),
                points: (2015..=2022)
                    .map(|year| Point {
                        year,
                        value: Some(2.26),
                    })
                    .collect(),
                latest: Some(latest.clone()),
            }],
            baseline: None,
            target: None,
            trajectory: false,
            latest: Some(latest),
            status: None,
        };
        let svg = renderer.render(&Chart::TimeSeries(chart)).unwrap().svg;
        // the axis reads 2.0 to 2.6 (see above), never four decimals of a magnified range
        let texts: Vec<&str> = svg.lines().map(str::trim).collect();
        for label in ["2.0", "2.3", "2.6"] {
            assert!(texts.contains(&label), "no tick {label}");
        }
        assert!(!svg.contains("2.258"));
        assert!(!svg.contains('…'));
    }
}
