//! Parts every chart shares: title, status badge, legend, and the unit and source under the chart.

use plotters::style::RGBColor;

use super::Ctx;
use super::draw::{Align, Canvas, DrawError, Font, wrap};
use super::input::About;
use super::style::{INK, MUTED, Marker, Status, StatusMark};

/// Outer margin of every chart.
pub(super) const PAD: f64 = 16.0;
/// Title size.
pub(super) const TITLE: Font = Font::bold(17.0, INK);
/// Body text (labels, legend).
pub(super) const BODY: Font = Font::regular(13.0, INK);
/// Small text (axis ticks, unit and source).
pub(super) const SMALL: Font = Font::regular(12.0, MUTED);
/// Leading of titles.
const TITLE_LEADING: f64 = 22.0;
/// Leading of small text.
pub(super) const SMALL_LEADING: f64 = 16.0;

/// The title's lines within a chart of `width`.
fn title_lines(width: f64, text: &str) -> Vec<String> {
    wrap(text, width - 2.0 * PAD, TITLE.size, true)
}

/// The y below a title, before it is drawn (to size a chart).
pub(super) fn title_bottom(width: f64, text: &str) -> f64 {
    PAD + 8.0 + TITLE_LEADING * (title_lines(width, text).len().max(1) as f64 - 1.0) + 18.0
}

/// Sets the (wrapped) title at the top; returns the y below it.
pub(super) fn title(canvas: &Canvas, text: &str) -> Result<f64, DrawError> {
    let lines = title_lines(canvas.width, text);
    canvas.lines(PAD, PAD + 8.0, &lines, TITLE, TITLE_LEADING, Align::Start)?;
    Ok(title_bottom(canvas.width, text))
}

/// The lines under a chart: unit and source, wrapped to the chart's width.
pub(super) fn footer_lines(
    canvas_width: f64,
    about: &About,
    ctx: &Ctx,
    extra: &[String],
) -> Vec<String> {
    let mut parts: Vec<String> = extra.to_vec();
    if let Some(u) = about.unit.as_deref().filter(|u| !u.trim().is_empty()) {
        parts.push(format!("{}: {u}", ctx.word("unit")));
    }
    if let Some(s) = about.source.as_deref().filter(|s| !s.trim().is_empty()) {
        parts.push(format!("{}: {s}", ctx.word("source")));
    }
    let mut out = Vec::new();
    for p in parts {
        out.extend(wrap(&p, canvas_width - 2.0 * PAD, SMALL.size, false));
    }
    out
}

/// The height the footer lines take.
pub(super) fn footer_height(lines: &[String]) -> f64 {
    if lines.is_empty() {
        PAD
    } else {
        lines.len() as f64 * SMALL_LEADING + PAD
    }
}

/// Sets the footer lines at the bottom of the chart.
pub(super) fn footer(canvas: &Canvas, lines: &[String]) -> Result<(), DrawError> {
    let top = canvas.height - footer_height(lines) + SMALL_LEADING / 2.0;
    canvas.lines(PAD, top, lines, SMALL, SMALL_LEADING, Align::Start)
}

/// What stands before a legend entry's text.
#[derive(Debug, Clone, Copy)]
pub(super) enum Swatch {
    /// A short line, maybe dashed, maybe with a marker in its middle.
    Line {
        /// Colour.
        colour: RGBColor,
        /// Stroke width.
        width: u32,
        /// Dash pattern.
        dash: &'static [f64],
        /// Marker in the middle.
        marker: Option<Marker>,
    },
    /// A marker alone.
    Marker {
        /// Shape.
        shape: Marker,
        /// Fill.
        colour: RGBColor,
        /// Outline.
        outline: Option<RGBColor>,
    },
    /// A status's mark.
    Status(StatusMark),
    /// A filled box.
    Block(RGBColor),
    /// A filled box with a border.
    Framed(RGBColor, RGBColor),
    /// A box filled with the SVG pattern of this id (the chart defines it), with a grey border.
    Hatched(&'static str),
}

/// One legend entry.
#[derive(Debug, Clone)]
pub(super) struct Entry {
    /// The swatch.
    pub swatch: Swatch,
    /// The text.
    pub label: String,
}

const SWATCH_WIDTH: f64 = 26.0;
const ENTRY_GAP: f64 = 18.0;
const LEGEND_LEADING: f64 = 20.0;

/// The rows a legend takes within `width`.
fn legend_rows(entries: &[Entry], width: f64) -> Vec<Vec<&Entry>> {
    let mut rows: Vec<Vec<&Entry>> = Vec::new();
    let mut used = 0.0;
    for e in entries {
        let w = SWATCH_WIDTH + 6.0 + BODY.width(&e.label);
        if rows.is_empty() || (used + w > width && !rows.last().is_some_and(Vec::is_empty)) {
            rows.push(Vec::new());
            used = 0.0;
        }
        if let Some(r) = rows.last_mut() {
            r.push(e);
        }
        used += w + ENTRY_GAP;
    }
    rows
}

/// The height of a legend within `width`.
pub(super) fn legend_height(entries: &[Entry], width: f64) -> f64 {
    legend_rows(entries, width).len() as f64 * LEGEND_LEADING
}

/// Draws a legend from (`x`, `y`), wrapping within `width`; returns its height.
pub(super) fn legend(
    canvas: &Canvas,
    entries: &[Entry],
    x: f64,
    y: f64,
    width: f64,
) -> Result<f64, DrawError> {
    let rows = legend_rows(entries, width);
    for (r, row) in rows.iter().enumerate() {
        let cy = y + LEGEND_LEADING * r as f64 + LEGEND_LEADING / 2.0;
        let mut cx = x;
        for e in row {
            swatch(canvas, e.swatch, cx, cy)?;
            canvas.text(cx + SWATCH_WIDTH + 6.0, cy, &e.label, BODY, Align::Start)?;
            cx += SWATCH_WIDTH + 6.0 + BODY.width(&e.label) + ENTRY_GAP;
        }
    }
    Ok(rows.len() as f64 * LEGEND_LEADING)
}

/// Draws a swatch whose left edge is `x` and middle is `y`.
pub(super) fn swatch(canvas: &Canvas, s: Swatch, x: f64, y: f64) -> Result<(), DrawError> {
    match s {
        Swatch::Line {
            colour,
            width,
            dash,
            marker,
        } => {
            canvas.line((x, y), (x + SWATCH_WIDTH, y), colour, width, dash)?;
            if let Some(m) = marker {
                canvas.plain_marker(m, x + SWATCH_WIDTH / 2.0, y, 8.0, colour, None)?;
            }
            Ok(())
        }
        Swatch::Marker {
            shape,
            colour,
            outline,
        } => canvas.plain_marker(shape, x + SWATCH_WIDTH / 2.0, y, 10.0, colour, outline),
        Swatch::Status(mark) => canvas.status_mark(mark, x + SWATCH_WIDTH / 2.0, y, 11.0, false),
        Swatch::Block(colour) => {
            canvas.fill_rect(x + 4.0, y - 6.0, x + SWATCH_WIDTH - 4.0, y + 6.0, colour)
        }
        Swatch::Framed(fill, border) => {
            canvas.fill_rect(x + 4.0, y - 6.0, x + SWATCH_WIDTH - 4.0, y + 6.0, fill)?;
            canvas.stroke_rect(x + 4.0, y - 6.0, x + SWATCH_WIDTH - 4.0, y + 6.0, border)
        }
        Swatch::Hatched(pattern) => {
            canvas.under(&format!(
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"12\" fill=\"url(#{pattern})\" stroke=\"#555555\" stroke-width=\"0.8\"/>\n",
                (x + 4.0).round(),
                (y - 6.0).round(),
                SWATCH_WIDTH - 8.0
            ));
            Ok(())
        }
    }
}

/// The legend entry of a status: its mark and its name.
pub(super) fn status_entry(status: Status, ctx: &Ctx) -> Entry {
    Entry {
        swatch: Swatch::Status(status.mark()),
        label: ctx.word(status.key()),
    }
}

/// Draws a status badge (marker and name, in bold) from (`x`, `y`); returns its width.
pub(super) fn status_badge(
    canvas: &Canvas,
    status: Status,
    ctx: &Ctx,
    x: f64,
    y: f64,
) -> Result<f64, DrawError> {
    canvas.status_mark(status.mark(), x + 7.0, y, 12.0, false)?;
    let text = ctx.word(status.key());
    let font = Font::bold(13.0, INK);
    canvas.text(x + 20.0, y, &text, font, Align::Start)?;
    Ok(20.0 + font.width(&text))
}
