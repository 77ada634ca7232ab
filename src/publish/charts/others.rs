//! Charts not over years: group bars, dashboards, progress per goal, milestones, budget execution, rankings.

use plotters::style::RGBColor;

use super::draw::{
    Align, Canvas, DrawError, Font, Scale, ZERO_LINE, fit, nice_ticks, row_height, svg, wrap,
    year_ticks,
};
use super::input::{
    About, DashboardChart, DisaggregationChart, ExecutionChart, MilestonesChart, ProgressChart,
    RankingChart,
};
use super::layout::{self, BODY, Entry, PAD, SMALL, Swatch};
use super::style::{
    AXIS, GRID, HEADLINE, INK, LIGHT, MUTED, Marker, Status, Theme, Tone, rgb, series_colour,
};
use super::{Ctx, WIDTH};
use crate::publish::format::decimals_for_step;

/// A horizontal value axis from `lo` to `hi` (round ticks) between `x0` and `x1`.
struct ValueAxis {
    scale: Scale,
    ticks: Vec<f64>,
    decimals: u8,
}

impl ValueAxis {
    fn new(lo: f64, hi: f64, x0: f64, x1: f64, count: usize) -> ValueAxis {
        let (ticks, step) = nice_ticks(lo.min(0.0), hi.max(lo.min(0.0)), count);
        let d0 = ticks.first().copied().unwrap_or(0.0);
        let d1 = ticks.last().copied().unwrap_or(1.0);
        ValueAxis {
            scale: Scale {
                d0,
                d1,
                r0: x0,
                r1: x1,
            },
            ticks,
            decimals: decimals_for_step(step),
        }
    }

    /// Grid lines from `top` to `bottom` and tick labels above `top`.
    fn draw(
        &self,
        cv: &Canvas,
        top: f64,
        bottom: f64,
        label: impl Fn(f64) -> String,
    ) -> Result<(), DrawError> {
        for &t in &self.ticks {
            let x = self.scale.map(t);
            let colour = if t == 0.0 { ZERO_LINE } else { GRID };
            cv.line((x, top), (x, bottom), colour, 1, &[])?;
            cv.text(x, top - 9.0, &label(t), SMALL, Align::Middle)?;
        }
        Ok(())
    }
}

/// Row labels: wrapped to `width`, at most two lines, set with their middle at `y`.
fn row_label(
    cv: &Canvas,
    x: f64,
    y: f64,
    text: &str,
    width: f64,
    font: Font,
) -> Result<(), DrawError> {
    let (lines, font) = fit(text, width, font, 2);
    let leading = font.size + 3.0;
    let first = y - leading * (lines.len() as f64 - 1.0) / 2.0;
    cv.lines(x, first, &lines, font, leading, Align::Start)
}

/// A disaggregation with one year of data: a bar per group and the total.
pub(super) fn group_bars(
    c: &DisaggregationChart,
    ctx: &Ctx,
    alt: &str,
) -> Result<String, DrawError> {
    let mut rows: Vec<(&str, Option<f64>, bool)> = Vec::new();
    if let Some(t) = &c.total {
        rows.push((&t.label, t.points.iter().find_map(|p| p.value), true));
    }
    for g in &c.groups {
        rows.push((&g.label, g.points.iter().find_map(|p| p.value), false));
    }
    let year = c
        .total
        .iter()
        .chain(&c.groups)
        .flat_map(|l| l.points.iter())
        .find(|p| p.value.is_some())
        .map(|p| p.year);
    let label_w = rows
        .iter()
        .map(|r| BODY.width(r.0))
        .fold(0.0, f64::max)
        .min(200.0);
    let row_h = row_height(rows.iter().map(|r| r.0), label_w, BODY, 2, 26.0);
    let foot = layout::footer_lines(f64::from(WIDTH), &c.about, ctx, &[]);
    let height = layout::title_bottom(f64::from(WIDTH), &c.about.title)
        + 50.0
        + rows.len() as f64 * row_h
        + 8.0
        + layout::footer_height(&foot);
    svg(WIDTH, height.ceil() as u32, alt, |cv| {
        let about = &c.about;
        let top = layout::title(cv, &about.title)?;
        let mut subtitle = format!("{} {}", ctx.word("by"), c.dimension);
        if let Some(y) = year {
            subtitle = format!("{subtitle}, {}", ctx.format.year(y));
        }
        cv.text(
            PAD,
            top + 2.0,
            &subtitle,
            Font::regular(13.0, MUTED),
            Align::Start,
        )?;
        let x0 = PAD + label_w + 12.0;
        let x1 = cv.width - PAD - 90.0;
        let values: Vec<f64> = rows.iter().filter_map(|r| r.1).collect();
        let lo = values.iter().copied().fold(0.0, f64::min);
        let hi = values.iter().copied().fold(0.0, f64::max);
        let axis = ValueAxis::new(lo, hi, x0, x1, 5);
        let grid_top = top + 40.0;
        let grid_bottom = grid_top + rows.len() as f64 * row_h;
        axis.draw(cv, grid_top, grid_bottom, |t| {
            ctx.format.number(t, axis.decimals)
        })?;
        for (i, (label, value, total)) in rows.iter().enumerate() {
            let cy = grid_top + row_h * (i as f64 + 0.5);
            let font = if *total { Font::bold(13.0, INK) } else { BODY };
            cv.fitted(x0 - 10.0, cy, label, label_w, font, Align::End, 2)?;
            match value {
                Some(v) => {
                    let colour = if *total { HEADLINE } else { series_colour(0) };
                    let (a, b) = (axis.scale.map(0.0), axis.scale.map(*v));
                    cv.fill_rect(a, cy - 8.0, b, cy + 8.0, colour)?;
                    let text = ctx.short_value(*v, about);
                    cv.text(
                        a.max(b) + 6.0,
                        cy,
                        &text,
                        Font {
                            bold: *total,
                            ..BODY
                        },
                        Align::Start,
                    )?;
                }
                None => {
                    cv.text(
                        axis.scale.map(0.0) + 6.0,
                        cy,
                        &ctx.word("no-data"),
                        SMALL,
                        Align::Start,
                    )?;
                }
            }
        }
        layout::footer(cv, &foot)
    })
}

/// Tiles in official or theme colours with counts of indicators by status.
pub(super) fn dashboard(c: &DashboardChart, ctx: &Ctx, alt: &str) -> Result<String, DrawError> {
    let width = f64::from(WIDTH);
    let n = c.tiles.len().max(1);
    let cols = c
        .columns
        .unwrap_or(if n >= 12 { 6 } else { n.min(4) })
        .max(1);
    let rows = n.div_ceil(cols);
    let gap = 8.0;
    let tile_w = (width - 2.0 * PAD - gap * (cols as f64 - 1.0)) / cols as f64;
    let coded = c.tiles.iter().any(|t| t.code.is_some());
    let band = if coded { 38.0 } else { 8.0 };
    let label_lines = c
        .tiles
        .iter()
        .map(|t| wrap(&t.label, tile_w - 16.0, TILE_LABEL.size, true).len())
        .max()
        .unwrap_or(1);
    // every tile as tall as the one with the most rows of counts
    let count_rows = c
        .tiles
        .iter()
        .map(|t| {
            count_positions(ctx, &tile_counts(t), tile_w)
                .last()
                .map_or(1, |p| p.2 + 1)
        })
        .max()
        .unwrap_or(1);
    let tile_h =
        band + 12.0 + TILE_LEADING * label_lines as f64 + 52.0 + 17.0 * (count_rows - 1) as f64;
    let counts_h = 46.0 + 17.0 * (count_rows - 1) as f64;
    // the statuses present, in the order of their tones, for the legend
    let mut statuses: Vec<Status> = c
        .tiles
        .iter()
        .flat_map(|t| t.counts.iter().map(|s| s.status))
        .collect();
    statuses.sort_by_key(|s| (s.tone(), *s));
    statuses.dedup();
    let entries: Vec<Entry> = statuses
        .iter()
        .map(|s| layout::status_entry(*s, ctx))
        .collect();
    let legend_h = layout::legend_height(&entries, width - 2.0 * PAD);
    let top = layout::title_bottom(width, &c.title) - 6.0;
    let height = top + rows as f64 * (tile_h + gap) + legend_h + 8.0;
    svg(WIDTH, height.ceil() as u32, alt, |cv| {
        layout::title(cv, &c.title)?;
        for (i, t) in c.tiles.iter().enumerate() {
            let x = PAD + (i % cols) as f64 * (tile_w + gap);
            let y = top + (i / cols) as f64 * (tile_h + gap);
            tile(cv, ctx, t, (x, y, tile_w, tile_h), band, counts_h)?;
        }
        let legend_y = top + rows as f64 * (tile_h + gap);
        layout::legend(cv, &entries, PAD, legend_y, cv.width - 2.0 * PAD)?;
        Ok(())
    })
}

/// Tile labels.
const TILE_LABEL: Font = Font::bold(12.0, INK);
/// Leading of tile labels.
const TILE_LEADING: f64 = 15.0;

/// One dashboard tile in the box (`x`, `y`, `w`, `h`) with a coloured band on top.
fn tile(
    cv: &Canvas,
    ctx: &Ctx,
    t: &super::input::Tile,
    (x, y, w, h): (f64, f64, f64, f64),
    band: f64,
    counts_h: f64,
) -> Result<(), DrawError> {
    let colour = t.theme.colour();
    cv.fill_rect(x, y, x + w, y + band, colour)?;
    cv.stroke_rect(x, y, x + w, y + h, rgb(0xCFCFCF))?;
    let inner = w - 16.0;
    if let Some(code) = &t.code {
        cv.text(
            x + 8.0,
            y + band / 2.0 + 1.0,
            code,
            Font::bold(22.0, t.theme.text_colour()),
            Align::Start,
        )?;
    }
    let lines = wrap(&t.label, inner, TILE_LABEL.size, true);
    cv.lines(
        x + 8.0,
        y + band + 12.0,
        &lines,
        TILE_LABEL,
        TILE_LEADING,
        Align::Start,
    )?;
    let total: u32 = t.counts.iter().map(|s| s.count).sum();
    let bar_y = y + h - counts_h;
    if total == 0 {
        cv.text(
            x + 8.0,
            bar_y + 4.0,
            &ctx.word("no-indicators"),
            SMALL,
            Align::Start,
        )?;
        return Ok(());
    }
    // stacked bar of counts, in tone order
    let counts = tile_counts(t);
    let mut cx = x + 8.0;
    for (s, n) in &counts {
        let seg = inner * f64::from(*n) / f64::from(total);
        cv.fill_rect(cx, bar_y, cx + seg, bar_y + 8.0, s.mark().colour)?;
        cx += seg;
    }
    // marker and count per status, wrapping to further rows
    for ((s, _), (dx, text, row)) in counts.iter().zip(count_positions(ctx, &counts, w)) {
        let (mx, my) = (x + dx, bar_y + 22.0 + 17.0 * row as f64);
        cv.status_mark(s.mark(), mx + 5.0, my, 10.0, false)?;
        cv.text(mx + 13.0, my, &text, BODY, Align::Start)?;
    }
    Ok(())
}

/// A tile's non-zero counts by status, in tone order.
fn tile_counts(t: &super::input::Tile) -> Vec<(Status, u32)> {
    let mut counts: Vec<(Status, u32)> = t
        .counts
        .iter()
        .filter(|s| s.count > 0)
        .map(|s| (s.status, s.count))
        .collect();
    counts.sort_by_key(|(s, _)| (s.tone(), *s));
    counts
}

/// Where each count of a tile `w` wide goes: its offset from the tile's left edge, its text
/// and its row (a count that does not fit the row starts the next).
fn count_positions(ctx: &Ctx, counts: &[(Status, u32)], w: f64) -> Vec<(f64, String, usize)> {
    let mut out = Vec::with_capacity(counts.len());
    let (mut dx, mut row) = (8.0, 0);
    for (_, n) in counts {
        let text = ctx.format.number(f64::from(*n), 0);
        let wdt = 14.0 + BODY.width(&text) + 9.0;
        if dx + wdt > w - 4.0 && dx > 8.0 {
            dx = 8.0;
            row += 1;
        }
        out.push((dx, text, row));
        dx += wdt;
    }
    out
}

/// Progress made against progress needed per goal (ESCAP style).
pub(super) fn progress(c: &ProgressChart, ctx: &Ctx, alt: &str) -> Result<String, DrawError> {
    let label_w = c
        .goals
        .iter()
        .map(|g| BODY.width(&g.label) + if g.code.is_some() { 30.0 } else { 0.0 })
        .fold(0.0, f64::max)
        .min(292.0);
    let row_h = c
        .goals
        .iter()
        .map(|g| {
            let code_w = if g.code.is_some() { 30.0 } else { 0.0 };
            row_height(
                std::iter::once(g.label.as_str()),
                label_w - code_w,
                BODY,
                2,
                26.0,
            )
        })
        .fold(26.0, f64::max);
    let entries = vec![
        Entry {
            swatch: Swatch::Block(rgb(0x5F6B76)),
            label: format!(
                "{} {}",
                ctx.word("progress-made-since"),
                ctx.format.year(c.base_year)
            ),
        },
        Entry {
            swatch: Swatch::Block(LIGHT),
            label: format!(
                "{} {}",
                ctx.word("progress-needed-by"),
                ctx.format.year(c.target_year)
            ),
        },
        Entry {
            swatch: Swatch::Line {
                colour: INK,
                width: 2,
                dash: &[4.0, 3.0],
                marker: None,
            },
            label: format!(
                "{} {}",
                ctx.word("expected-by"),
                ctx.format.year(c.latest_year)
            ),
        },
    ];
    let legend_h = layout::legend_height(&entries, f64::from(WIDTH) - 2.0 * PAD);
    let head = layout::title_bottom(f64::from(WIDTH), &c.title) + 30.0;
    let height = head + c.goals.len() as f64 * row_h + 8.0 + legend_h + 8.0;
    svg(WIDTH, height.ceil() as u32, alt, |cv| {
        let top = layout::title(cv, &c.title)?;
        let x0 = PAD + label_w + 12.0;
        let x1 = cv.width - PAD - 56.0;
        let lo = c.goals.iter().filter_map(|g| g.made).fold(0.0, f64::min);
        let ticks = tick_quarters(lo);
        let axis = ValueAxis {
            scale: Scale {
                d0: ticks.first().copied().unwrap_or(0.0),
                d1: 1.0,
                r0: x0,
                r1: x1,
            },
            ticks,
            decimals: 0,
        };
        let grid_top = top + 30.0;
        let grid_bottom = grid_top + c.goals.len() as f64 * row_h;
        axis.draw(cv, grid_top, grid_bottom, |t| {
            ctx.format.percent(t * 100.0, 0)
        })?;
        for (i, g) in c.goals.iter().enumerate() {
            let cy = grid_top + row_h * (i as f64 + 0.5);
            let code_w = match &g.code {
                Some(code) => {
                    cv.fill_rect(PAD, cy - 9.0, PAD + 24.0, cy + 9.0, g.theme.colour())?;
                    cv.text(
                        PAD + 12.0,
                        cy,
                        code,
                        Font::bold(12.0, g.theme.text_colour()),
                        Align::Middle,
                    )?;
                    30.0
                }
                None => 0.0,
            };
            cv.fitted(
                PAD + code_w,
                cy,
                &g.label,
                label_w - code_w,
                BODY,
                Align::Start,
                2,
            )?;
            let zero = axis.scale.map(0.0);
            let full = axis.scale.map(1.0);
            match g.made {
                Some(m) => {
                    cv.fill_rect(zero, cy - 8.0, full, cy + 8.0, LIGHT)?;
                    let end = axis.scale.map(m.min(1.0).max(axis.scale.d0));
                    cv.fill_rect(zero, cy - 8.0, end, cy + 8.0, bar_colour(g.theme))?;
                    let text = ctx.format.percent(m * 100.0, 0);
                    cv.text(full + 6.0, cy, &text, Font::bold(13.0, INK), Align::Start)?;
                }
                None => {
                    cv.text(zero + 6.0, cy, &ctx.word("no-data"), SMALL, Align::Start)?;
                }
            }
        }
        if let Some(e) = c.expected {
            let x = axis.scale.map(e);
            cv.line(
                (x, grid_top - 2.0),
                (x, grid_bottom + 2.0),
                INK,
                2,
                &[4.0, 3.0],
            )?;
        }
        layout::legend(cv, &entries, PAD, grid_bottom + 8.0, cv.width - 2.0 * PAD)?;
        Ok(())
    })
}

/// A theme colour for bars: the colour itself, the neutral slate where it is too light to
/// see against the light remainder.
fn bar_colour(theme: Theme) -> RGBColor {
    theme.colour()
}

/// Ticks every 25% from the lowest value (rounded down to a quarter) to 100%.
fn tick_quarters(lo: f64) -> Vec<f64> {
    let start = (lo.max(-1.0) * 4.0).floor() as i32;
    (start.min(0)..=4).map(|q| f64::from(q) / 4.0).collect()
}

/// A timeline of milestones: met, due and overdue, with the assessment year marked.
pub(super) fn milestones(c: &MilestonesChart, ctx: &Ctx, alt: &str) -> Result<String, DrawError> {
    let row_h = 36.0;
    let mut statuses: Vec<Status> = c.milestones.iter().map(|m| m.status).collect();
    statuses.sort_by_key(|s| (s.tone(), *s));
    statuses.dedup();
    let mut entries: Vec<Entry> = statuses
        .iter()
        .map(|s| layout::status_entry(*s, ctx))
        .collect();
    if c.milestones
        .iter()
        .any(|m| m.met.is_some() && m.deadline.is_some())
    {
        entries.push(Entry {
            swatch: Swatch::Marker {
                shape: Marker::Ring,
                colour: MUTED,
                outline: None,
            },
            label: ctx.word("deadline"),
        });
    }
    // One indicator's strip (its card has the title): narrow, without title or row label.
    let strip = c.milestones.len() == 1 && c.milestones[0].label == c.title;
    let width = if strip { super::COMPACT_WIDTH } else { WIDTH };
    let legend_h = layout::legend_height(&entries, f64::from(width) - 2.0 * PAD);
    let head = if strip {
        PAD + 32.0
    } else {
        layout::title_bottom(f64::from(width), &c.title) + 32.0
    };
    let height = head + c.milestones.len() as f64 * row_h + 8.0 + legend_h + 8.0;
    let status_text = |m: &super::input::Milestone| {
        let (year, key) = match (m.status, m.met, m.deadline) {
            (_, Some(met), _) => (met, "met-in"),
            (_, None, None) => return ctx.word("not-in-place"),
            (Status::Overdue, None, Some(d)) => (d, "overdue-since"),
            (_, None, Some(d)) => (d, "due-by"),
        };
        ctx.word(key).replace("{year}", &ctx.format.year(year))
    };
    let status_w = c
        .milestones
        .iter()
        .map(|m| Font::bold(13.0, INK).width(&status_text(m)))
        .fold(0.0, f64::max)
        .min(200.0)
        + 16.0;
    svg(width, height.ceil() as u32, alt, |cv| {
        let top = if strip {
            PAD
        } else {
            layout::title(cv, &c.title)?
        };
        let label_w = if strip { 0.0 } else { 240.0 };
        let x0 = PAD + label_w + 16.0;
        let x1 = cv.width - PAD - status_w;
        let mut years: Vec<i32> = vec![c.as_of];
        for m in &c.milestones {
            years.extend(m.deadline);
            years.extend(m.met);
        }
        let first = years.iter().copied().min().unwrap_or(c.as_of) - 1;
        let last = years.iter().copied().max().unwrap_or(c.as_of) + 1;
        let x = Scale {
            d0: f64::from(first),
            d1: f64::from(last),
            r0: x0,
            r1: x1,
        };
        let grid_top = top + 32.0;
        let grid_bottom = grid_top + c.milestones.len() as f64 * row_h;
        for yr in year_ticks(first, last, ((x1 - x0) / 44.0) as usize) {
            let px = x.map(f64::from(yr));
            cv.line((px, grid_top), (px, grid_bottom), GRID, 1, &[])?;
            cv.text(
                px,
                grid_top - 9.0,
                &ctx.format.year(yr),
                SMALL,
                Align::Middle,
            )?;
        }
        let now = x.map(f64::from(c.as_of));
        cv.line(
            (now, grid_top - 2.0),
            (now, grid_bottom + 2.0),
            INK,
            2,
            &[4.0, 3.0],
        )?;
        cv.text(
            now,
            grid_top - 24.0,
            &format!("{} {}", ctx.word("as-of"), ctx.format.year(c.as_of)),
            Font::bold(12.0, INK),
            Align::Middle,
        )?;
        for (i, m) in c.milestones.iter().enumerate() {
            let cy = grid_top + row_h * (i as f64 + 0.5);
            if i > 0 {
                cv.line(
                    (PAD, cy - row_h / 2.0),
                    (cv.width - PAD, cy - row_h / 2.0),
                    rgb(0xF0F0F0),
                    1,
                    &[],
                )?;
            }
            if !strip {
                row_label(cv, PAD, cy, &m.label, label_w, BODY)?;
            }
            let tone = m.status.tone();
            let mark = m.status.mark();
            // without a deadline, what is not in place is marked at the assessment year
            let deadline = x.map(f64::from(m.deadline.unwrap_or(c.as_of)));
            match (m.met, tone) {
                (Some(met), _) => {
                    let mx = x.map(f64::from(met));
                    if m.deadline.is_some() {
                        cv.marker(Marker::Ring, deadline, cy, 12.0, MUTED, None)?;
                    }
                    cv.status_mark(mark, mx, cy, 14.0, true)?;
                }
                (None, Tone::Bad) => {
                    cv.line((deadline, cy), (now, cy), mark.colour, 4, &[])?;
                    cv.status_mark(mark, deadline, cy, 14.0, true)?;
                }
                (None, _) => {
                    cv.line((now, cy), (deadline, cy), mark.colour, 2, &[4.0, 3.0])?;
                    cv.status_mark(mark, deadline, cy, 14.0, true)?;
                }
            }
            let text = status_text(m);
            cv.fitted(
                x1 + 16.0,
                cy,
                &text,
                status_w - 16.0,
                Font::bold(13.0, INK),
                Align::Start,
                2,
            )?;
        }
        layout::legend(cv, &entries, PAD, grid_bottom + 8.0, cv.width - 2.0 * PAD)?;
        Ok(())
    })
}

/// Budget execution: executed against approved (outline) and revised (tick), with the rate.
pub(super) fn execution(c: &ExecutionChart, ctx: &Ctx, alt: &str) -> Result<String, DrawError> {
    let label_w = c
        .rows
        .iter()
        .map(|r| BODY.width(&r.label))
        .fold(0.0, f64::max)
        .min(200.0);
    let row_h = row_height(
        c.rows.iter().map(|r| r.label.as_str()),
        label_w,
        BODY,
        2,
        30.0,
    );
    let entries = vec![
        Entry {
            swatch: Swatch::Framed(LIGHT, AXIS),
            label: ctx.word("approved"),
        },
        Entry {
            swatch: Swatch::Block(series_colour(0)),
            label: ctx.word("executed"),
        },
        Entry {
            swatch: Swatch::Line {
                colour: INK,
                width: 3,
                dash: &[],
                marker: None,
            },
            label: ctx.word("revised"),
        },
    ];
    let foot = layout::footer_lines(
        f64::from(WIDTH),
        &About {
            unit: None,
            ..c.about.clone()
        },
        ctx,
        &[],
    );
    let legend_h = layout::legend_height(&entries, f64::from(WIDTH) - 2.0 * PAD);
    let head = layout::title_bottom(f64::from(WIDTH), &c.about.title) + 44.0;
    let height = head + c.rows.len() as f64 * row_h + 8.0 + legend_h + layout::footer_height(&foot);
    let max = c
        .rows
        .iter()
        .flat_map(|r| [Some(r.approved), r.revised, r.executed])
        .flatten()
        .fold(0.0, f64::max);
    let (divisor, word) = if max >= 1e6 {
        (1e6, Some("million"))
    } else if max >= 1e4 {
        (1e3, Some("thousand"))
    } else {
        (1.0, None)
    };
    svg(WIDTH, height.ceil() as u32, alt, |cv| {
        let about = &c.about;
        let top = layout::title(cv, &about.title)?;
        let currency = about.unit.clone().unwrap_or_default();
        let unit = match word {
            Some(w) => format!("{currency} ({})", ctx.word(w)),
            None => currency,
        };
        let subtitle = format!("{} · {}", ctx.format.year(c.year), unit.trim());
        cv.text(
            PAD,
            top + 2.0,
            subtitle.trim_end_matches(" · "),
            Font::regular(13.0, MUTED),
            Align::Start,
        )?;
        let x0 = PAD + label_w + 12.0;
        let rate_w = Font::bold(12.0, MUTED)
            .width(&ctx.word("execution-rate"))
            .max(60.0)
            + 20.0;
        let x1 = cv.width - PAD - rate_w;
        let axis = ValueAxis::new(0.0, max, x0, x1, 5);
        let decimals = decimals_for_step(
            (axis.ticks.get(1).copied().unwrap_or(1.0) - axis.ticks[0]) / divisor,
        );
        let grid_top = top + 44.0;
        let grid_bottom = grid_top + c.rows.len() as f64 * row_h;
        axis.draw(cv, grid_top, grid_bottom, |t| {
            ctx.format.number(t / divisor, decimals)
        })?;
        cv.text(
            cv.width - PAD,
            grid_top - 9.0,
            &ctx.word("execution-rate"),
            Font::bold(12.0, MUTED),
            Align::End,
        )?;
        for (i, r) in c.rows.iter().enumerate() {
            let cy = grid_top + row_h * (i as f64 + 0.5);
            cv.fitted(x0 - 10.0, cy, &r.label, label_w, BODY, Align::End, 2)?;
            let zero = axis.scale.map(0.0);
            let approved = axis.scale.map(r.approved);
            cv.fill_rect(zero, cy - 10.0, approved, cy + 10.0, LIGHT)?;
            cv.stroke_rect(zero, cy - 10.0, approved, cy + 10.0, AXIS)?;
            if let Some(e) = r.executed {
                cv.fill_rect(
                    zero,
                    cy - 5.0,
                    axis.scale.map(e),
                    cy + 5.0,
                    series_colour(0),
                )?;
            }
            if let Some(v) = r.revised {
                let xv = axis.scale.map(v);
                cv.line((xv, cy - 12.0), (xv, cy + 12.0), INK, 3, &[])?;
            }
            let rate = r
                .rate
                .map_or_else(|| ctx.word("no-data"), |v| ctx.format.percent(v, 0));
            cv.text(cv.width - PAD, cy, &rate, Font::bold(13.0, INK), Align::End)?;
        }
        layout::legend(cv, &entries, PAD, grid_bottom + 6.0, cv.width - 2.0 * PAD)?;
        layout::footer(cv, &foot)
    })
}

/// Places with labelled bars up to this many; more are drawn as a profile.
const MAX_RANKED_BARS: usize = 25;

/// Distance-to-target scores across places, best first, the chosen place highlighted.
pub(super) fn ranking(c: &RankingChart, ctx: &Ctx, alt: &str) -> Result<String, DrawError> {
    let scored: Vec<(usize, f64)> = c
        .places
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.score.map(|s| (i, s)))
        .collect();
    let missing = c.places.len() - scored.len();
    let mut notes = Vec::new();
    if missing > 0 {
        notes.push(
            ctx.word("places-without-data")
                .replace("{n}", &ctx.format.number(missing as f64, 0)),
        );
    }
    let foot = layout::footer_lines(f64::from(WIDTH), &c.about, ctx, &notes);
    let highlight = c.places.get(c.highlight);
    let accent = series_colour(0);
    let others = rgb(0xB8B8B8);
    if c.places.len() <= MAX_RANKED_BARS {
        let label_w = c
            .places
            .iter()
            .map(|p| BODY.width(&p.name) + 30.0)
            .fold(0.0, f64::max)
            .min(230.0);
        // each row's label as drawn: its rank, its name; the highlighted place in bold
        let labels: Vec<(String, Font)> = c
            .places
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let rank = p
                    .rank
                    .map(|r| format!("{}. ", ctx.format.number(f64::from(r), 0)))
                    .unwrap_or_default();
                let font = if i == c.highlight {
                    Font::bold(13.0, INK)
                } else {
                    BODY
                };
                (format!("{rank}{}", p.name), font)
            })
            .collect();
        let row_h = labels
            .iter()
            .map(|(l, f)| row_height(std::iter::once(l.as_str()), label_w, *f, 2, 22.0))
            .fold(22.0, f64::max);
        let shown: Vec<(usize, f64)> = scored.clone();
        let height = layout::title_bottom(f64::from(WIDTH), &c.about.title)
            + 30.0
            + shown.len() as f64 * row_h
            + 8.0
            + layout::footer_height(&foot);
        return svg(WIDTH, height.ceil() as u32, alt, |cv| {
            let top = layout::title(cv, &c.about.title)?;
            let x0 = PAD + label_w + 12.0;
            let x1 = cv.width - PAD - 60.0;
            let axis = ValueAxis::new(0.0, 100.0, x0, x1, 4);
            let grid_top = top + 30.0;
            let grid_bottom = grid_top + shown.len() as f64 * row_h;
            axis.draw(cv, grid_top, grid_bottom, |t| ctx.format.number(t, 0))?;
            for (row, (i, s)) in shown.iter().enumerate() {
                let cy = grid_top + row_h * (row as f64 + 0.5);
                let is_hl = *i == c.highlight;
                let (label, font) = &labels[*i];
                cv.fitted(x0 - 10.0, cy, label, label_w, *font, Align::End, 2)?;
                cv.fill_rect(
                    axis.scale.map(0.0),
                    cy - 7.0,
                    axis.scale.map(*s),
                    cy + 7.0,
                    if is_hl { accent } else { others },
                )?;
                cv.text(
                    axis.scale.map(*s) + 6.0,
                    cy,
                    &ctx.format.number(*s, c.about.decimals),
                    *font,
                    Align::Start,
                )?;
                if is_hl {
                    cv.marker(Marker::Star, PAD + 6.0, cy, 12.0, accent, None)?;
                }
            }
            layout::footer(cv, &foot)
        });
    }
    let height = 360.0;
    svg(WIDTH, height as u32, alt, |cv| {
        let top = layout::title(cv, &c.about.title)?;
        let bottom = cv.height - layout::footer_height(&foot) - 34.0;
        let x0 = PAD + 36.0;
        let x1 = cv.width - PAD;
        let grid_top = top + 46.0;
        let y = Scale {
            d0: 0.0,
            d1: 100.0,
            r0: bottom,
            r1: grid_top,
        };
        for t in [0.0, 25.0, 50.0, 75.0, 100.0] {
            let py = y.map(t);
            cv.line((x0, py), (x1, py), GRID, 1, &[])?;
            cv.text(x0 - 6.0, py, &ctx.format.number(t, 0), SMALL, Align::End)?;
        }
        let m = scored.len().max(1) as f64;
        let x_of = |k: usize| x0 + (k as f64 + 0.5) / m * (x1 - x0);
        // one point per pixel column: its first and last place (scores are sorted)
        let mut profile: Vec<(f64, f64)> = vec![(x0, bottom)];
        let mut column: Option<i64> = None;
        for (k, (_, s)) in scored.iter().enumerate() {
            let px = x_of(k);
            let col = px.round() as i64;
            let next_col = scored.get(k + 1).map(|_| x_of(k + 1).round() as i64);
            if column != Some(col) || next_col != Some(col) {
                profile.push((px, y.map(*s)));
            }
            column = Some(col);
        }
        profile.push((x1, bottom));
        cv.polygon(&profile, others, 1.0)?;
        cv.line((x0, bottom), (x1, bottom), AXIS, 1, &[])?;
        cv.text(x0, bottom + 13.0, &ctx.word("best"), SMALL, Align::Start)?;
        cv.text(x1, bottom + 13.0, &ctx.word("worst"), SMALL, Align::End)?;
        if let (Some(p), Some(k)) = (
            highlight,
            scored.iter().position(|(i, _)| *i == c.highlight),
        ) {
            let s = scored[k].1;
            let px = x_of(k);
            cv.line((px, grid_top - 6.0), (px, bottom), accent, 2, &[])?;
            cv.marker(Marker::Star, px, y.map(s), 14.0, accent, None)?;
            let rank = p.rank.map(|r| {
                ctx.word("rank-of")
                    .replace("{rank}", &ctx.format.number(f64::from(r), 0))
                    .replace("{n}", &ctx.format.number(m, 0))
            });
            let text = match rank {
                Some(r) => format!(
                    "{}: {} · {r}",
                    p.name,
                    ctx.format.number(s, c.about.decimals)
                ),
                None => format!("{}: {}", p.name, ctx.format.number(s, c.about.decimals)),
            };
            let font = Font::bold(13.0, INK);
            let w = font.width(&text);
            let (tx, align) = if px + w + 8.0 < x1 {
                (px + 6.0, Align::Start)
            } else {
                (px - 6.0, Align::End)
            };
            cv.text(tx, grid_top - 14.0, &text, font, align)?;
        }
        layout::footer(cv, &foot)
    })
}
