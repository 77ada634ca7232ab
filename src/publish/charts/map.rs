//! Maps: an indicator by area as a classed choropleth, and a place within its region.
//!
//! plotters fills polygons without holes and has no patterns or clip paths, so the areas are
//! written as SVG paths (one per class, holes walked against their exterior so that the
//! nonzero rule leaves them open and fills an enclave inside one) in the layer under what
//! plotters draws: the title, legend, labels and markers are plotters' text and shapes, as
//! in every other chart. Geometry is simplified for the drawing's scale (a third of a pixel)
//! from the shared arcs of [`crate::maps`], so neighbours keep one common border, and written
//! with relative coordinates on a grid of a tenth of a pixel (a whole pixel, at 0.6 px, for
//! maps whose borders keep more than 20,000 points), which keeps a map of 5,570
//! municipalities under 200 KB.
//!
//! Colours: a sequential blue ramp whose lightness falls at every step (so classes read in
//! greyscale and with any colour-vision deficiency), areas without data hatched (a pattern,
//! never a colour of the ramp), statuses in their own shade with their own glyph.

use plotters::style::RGBColor;

use super::draw::{Align, Canvas, DrawError, Font, svg};
use super::input::{Classing, LocatorChart, MapChart, MapClass};
use super::layout::{
    self, Entry, PAD, SMALL, SMALL_LEADING, Swatch, footer, footer_height, footer_lines, title,
    title_bottom,
};
use super::style::{AXIS, INK, LIGHT, MUTED, PAPER, rgb};
use super::{COMPACT_WIDTH, ChartSize, Ctx, WIDTH};
use crate::maps::projection::Xy;
use crate::maps::topology::{ArcRef, ring_points};
use crate::maps::{Area, Boundaries, Rect};

/// The sequential ramp: seven blues, each darker (lower in luminance) than the one before.
pub(crate) const RAMP: [u32; 7] = [
    0xD6E6F4, 0xABCFE6, 0x82BADB, 0x59A1CF, 0x3787C0, 0x1C6AAF, 0x0B4083,
];

/// The most classes a choropleth draws.
pub(crate) const MAX_CLASSES: usize = RAMP.len();

/// The colours of `k` classes, spread evenly over the ramp, lightest first.
pub(crate) fn class_colours(k: usize) -> Vec<RGBColor> {
    match k {
        0 => Vec::new(),
        1 => vec![rgb(RAMP[3])],
        _ => (0..k.min(RAMP.len()))
            .map(|i| rgb(RAMP[(i * (RAMP.len() - 1) + (k - 1) / 2) / (k - 1)]))
            .collect(),
    }
}

/// The id of the hatch pattern of areas without data.
const NO_DATA: &str = "localis-no-data";
/// The highlighted place of a locator map (Okabe-Ito vermillion).
const PLACE: RGBColor = rgb(0xD55E00);
/// The fill of the areas around it.
const AROUND: RGBColor = rgb(0xE4E4E4);
/// The simplification tolerance in pixels.
const TOLERANCE_PX: f64 = 0.35;
/// Maps whose simplified borders keep more points than this write whole pixels (else tenths).
const COARSE_ABOVE: usize = 20_000;
/// Maps with more areas than this draw no status marker on each area.
const MARKERS_UP_TO: usize = 40;

/// `#RRGGBB`.
fn hex(c: RGBColor) -> String {
    format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
}

/// Where the map's projected units land on the canvas.
#[derive(Debug, Clone, Copy)]
struct View {
    /// West edge of the window, in projected units.
    x0: f64,
    /// North edge of the window.
    y1: f64,
    /// Pixels per projected unit.
    scale: f64,
    /// Canvas x of the west edge.
    left: f64,
    /// Canvas y of the north edge.
    top: f64,
}

impl View {
    /// A view of `window` fitted into the box at (`left`, `top`) of `w` x `h` pixels, centred.
    fn fit(window: Rect, left: f64, top: f64, w: f64, h: f64) -> View {
        let sx = w / window.width().max(f64::MIN_POSITIVE);
        let sy = h / window.height().max(f64::MIN_POSITIVE);
        let scale = sx.min(sy);
        View {
            x0: window.x0,
            y1: window.y1,
            scale,
            left: left + (w - window.width() * scale) / 2.0,
            top: top + (h - window.height() * scale) / 2.0,
        }
    }

    /// The canvas point of a projected point.
    fn px(&self, (x, y): Xy) -> Xy {
        (
            self.left + (x - self.x0) * self.scale,
            self.top + (self.y1 - y) * self.scale,
        )
    }
}

/// SVG path data with relative coordinates on a grid of `1 / 10^decimals` pixels.
struct PathData {
    out: String,
    factor: f64,
    decimals: u32,
    pen: Option<(i64, i64)>,
}

impl PathData {
    fn new(decimals: u32) -> PathData {
        PathData {
            out: String::new(),
            factor: 10f64.powi(decimals as i32),
            decimals,
            pen: None,
        }
    }

    /// Writes a grid number, separated from the one before unless its sign separates it
    /// (written digit by digit: a national map writes millions of them).
    fn number(&mut self, v: i64) {
        let needs_space = matches!(self.out.as_bytes().last(), Some(b'0'..=b'9' | b'.'));
        if v >= 0 && needs_space {
            self.out.push(' ');
        }
        if v < 0 {
            self.out.push('-');
        }
        let a = v.unsigned_abs();
        if self.decimals == 0 {
            push_digits(&mut self.out, a, 0);
            return;
        }
        let f = 10u64.pow(self.decimals);
        push_digits(&mut self.out, a / f, 0);
        let mut frac = a % f;
        if frac != 0 {
            let mut width = self.decimals as usize;
            while frac.is_multiple_of(10) {
                frac /= 10;
                width -= 1;
            }
            self.out.push('.');
            push_digits(&mut self.out, frac, width);
        }
    }

    /// Adds a closed ring of canvas points; rings smaller than `min_area` square pixels (or
    /// with fewer than three distinct grid points) are left out unless `keep`.
    fn ring(&mut self, points: &[Xy], min_area: f64, keep: bool) {
        let mut q: Vec<(i64, i64)> = Vec::with_capacity(points.len());
        for &(x, y) in points {
            let p = (
                (x * self.factor).round() as i64,
                (y * self.factor).round() as i64,
            );
            if q.last() != Some(&p) {
                q.push(p);
            }
        }
        while q.len() > 1 && q.first() == q.last() {
            q.pop();
        }
        straighten(&mut q, true);
        if q.len() < 3 {
            return;
        }
        let area2: i64 = (0..q.len())
            .map(|i| {
                let (a, b) = (q[i], q[(i + 1) % q.len()]);
                a.0 * b.1 - b.0 * a.1
            })
            .sum();
        if !keep && (area2.abs() as f64) / 2.0 / (self.factor * self.factor) < min_area {
            return;
        }
        match self.pen {
            None => {
                self.out.push('M');
                self.number(q[0].0);
                self.number(q[0].1);
            }
            Some(pen) => {
                self.out.push('m');
                self.number(q[0].0 - pen.0);
                self.number(q[0].1 - pen.1);
            }
        }
        self.out.push('l');
        for w in q.windows(2) {
            self.number(w[1].0 - w[0].0);
            self.number(w[1].1 - w[0].1);
        }
        self.out.push('z');
        self.pen = Some(q[0]);
    }

    /// Adds an open line of canvas points.
    fn line(&mut self, points: &[Xy]) {
        let mut q: Vec<(i64, i64)> = Vec::with_capacity(points.len());
        for &(x, y) in points {
            let p = (
                (x * self.factor).round() as i64,
                (y * self.factor).round() as i64,
            );
            if q.last() != Some(&p) {
                q.push(p);
            }
        }
        straighten(&mut q, false);
        if q.len() < 2 {
            return;
        }
        match self.pen {
            None => {
                self.out.push('M');
                self.number(q[0].0);
                self.number(q[0].1);
            }
            Some(pen) => {
                self.out.push('m');
                self.number(q[0].0 - pen.0);
                self.number(q[0].1 - pen.1);
            }
        }
        self.out.push('l');
        for w in q.windows(2) {
            self.number(w[1].0 - w[0].0);
            self.number(w[1].1 - w[0].1);
        }
        self.pen = q.last().copied();
    }

    fn is_empty(&self) -> bool {
        self.out.is_empty()
    }
}

/// Writes the decimal digits of `v`, padded with zeros to `width`.
fn push_digits(out: &mut String, mut v: u64, width: usize) {
    let mut buf = [b'0'; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    let start = i.min(buf.len().saturating_sub(width));
    out.extend(buf[start..].iter().map(|&b| b as char));
}

/// Removes the grid points that lie exactly on the straight line from the one before to the
/// one after, going on the same way (the drawing does not change); `closed` rings wrap round.
fn straighten(q: &mut Vec<(i64, i64)>, closed: bool) {
    let n = q.len();
    if n < 3 {
        return;
    }
    let mut keep = vec![true; n];
    let mut last = 0;
    for i in 1..n {
        let next = if i + 1 < n {
            i + 1
        } else if closed {
            0
        } else {
            break;
        };
        let (a, b, c) = (q[last], q[i], q[next]);
        let (d1, d2) = ((b.0 - a.0, b.1 - a.1), (c.0 - b.0, c.1 - b.1));
        if d1.0 * d2.1 - d1.1 * d2.0 == 0 && d1.0 * d2.0 + d1.1 * d2.1 > 0 {
            keep[i] = false;
        } else {
            last = i;
        }
    }
    let mut i = 0;
    q.retain(|_| {
        i += 1;
        keep[i - 1]
    });
}

/// Writes an area's rings into `path` at `view`: tiny islands and holes are left out, the
/// exterior of its largest polygon never.
fn area_rings(path: &mut PathData, area: &Area, arcs: &[Vec<Xy>], view: &View) {
    let largest = area
        .polygons
        .iter()
        .enumerate()
        .max_by(|a, b| {
            let size = |p: &Vec<Vec<ArcRef>>| {
                crate::maps::topology::signed_area2(&ring_points(arcs, &p[0])).abs()
            };
            size(a.1).total_cmp(&size(b.1))
        })
        .map(|(i, _)| i);
    for (i, polygon) in area.polygons.iter().enumerate() {
        for (k, ring) in polygon.iter().enumerate() {
            let pts: Vec<Xy> = ring_points(arcs, ring)
                .into_iter()
                .map(|p| view.px(p))
                .collect();
            path.ring(&pts, 0.3, k == 0 && Some(i) == largest);
        }
    }
}

/// `<path>` with the given data and style, when it has data.
fn path_element(data: &PathData, style: &str) -> String {
    if data.is_empty() {
        String::new()
    } else {
        format!("<path d=\"{}\" {style}/>\n", data.out)
    }
}

/// The hatch pattern of areas without data: grey diagonal lines on white.
fn no_data_pattern() -> String {
    format!(
        "<defs><pattern id=\"{NO_DATA}\" patternUnits=\"userSpaceOnUse\" width=\"6\" height=\"6\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#FFFFFF\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"{}\" stroke-width=\"1.6\"/></pattern></defs>\n",
        hex(AXIS)
    )
}

/// The outline of the whole map (its arcs walked by one area only), as path data.
fn outline(g: &Boundaries, arcs: &[Vec<Xy>], view: &View, decimals: u32) -> PathData {
    let mut path = PathData::new(decimals);
    for r in g.outline() {
        let pts: Vec<Xy> = arcs[r.arc as usize].iter().map(|&p| view.px(p)).collect();
        path.line(&pts);
    }
    path
}

/// A legend entry's text for a class.
fn class_label(class: &MapClass, classing: Classing, c: &MapChart, ctx: &Ctx) -> String {
    let v = |x: f64| ctx.short_value(x, &c.about);
    match (class.from, class.to) {
        (Some(a), Some(b)) if classing == Classing::Quantiles && v(a) == v(b) => v(a),
        (Some(a), Some(b)) => format!("{}–{}", v(a), v(b)),
        (None, Some(b)) => format!("< {}", v(b)),
        (Some(a), None) => format!("≥ {}", v(a)),
        (None, None) => ctx.word("all-values"),
    }
}

/// A text in a white box near an anchor, with a leader line when moved off it.
struct Callout {
    text: String,
    font: Font,
    anchor: Xy,
    /// Top-left corner of the box.
    at: Xy,
    w: f64,
    h: f64,
}

impl Callout {
    fn new(text: String, font: Font, anchor: Xy) -> Callout {
        let w = (font.width(&text) + 10.0).ceil();
        let h = font.size + 8.0;
        Callout {
            text,
            font,
            anchor,
            at: (anchor.0 + 10.0, anchor.1 - 10.0 - h),
            w,
            h,
        }
    }

    /// Puts the box at one of the four corners of its anchor, within `frame` (x0, y0, x1,
    /// y1): the first that covers none of the `obstacles` (boxes as x0, y0, x1, y1), else the
    /// one covering fewest.
    fn place(&mut self, frame: (f64, f64, f64, f64), obstacles: &[(f64, f64, f64, f64)]) {
        let (x0, y0, x1, y1) = frame;
        let (ax, ay) = self.anchor;
        // far enough from the anchor to leave its marker (and its halo) clear
        const GAP: f64 = 10.0;
        // the four corners first, then beside and above or below the anchor
        let mut candidates = vec![
            (ax + GAP, ay - GAP - self.h),
            (ax - GAP - self.w, ay - GAP - self.h),
            (ax + GAP, ay + GAP),
            (ax - GAP - self.w, ay + GAP),
            (ax + GAP, ay - self.h / 2.0),
            (ax - GAP - self.w, ay - self.h / 2.0),
            (ax - self.w / 2.0, ay + GAP),
            (ax - self.w / 2.0, ay - GAP - self.h),
        ];
        // on a small map: stacked under or over a callout already placed
        for o in obstacles.iter().filter(|o| o.2 - o.0 > 20.0) {
            candidates.push((o.0 + 2.0, o.3 + 2.0));
            candidates.push((o.0 + 2.0, o.1 - 2.0 - self.h));
        }
        let mut best: Option<((f64, f64), usize)> = None;
        for (cx, cy) in candidates {
            let at = (
                cx.clamp(x0, (x1 - self.w).max(x0)),
                cy.clamp(y0, (y1 - self.h).max(y0)),
            );
            // covering another callout's text is far worse than covering a marker
            let covered: usize = obstacles
                .iter()
                .filter(|o| at.0 < o.2 && o.0 < at.0 + self.w && at.1 < o.3 && o.1 < at.1 + self.h)
                .map(|o| if o.2 - o.0 > 20.0 { 100 } else { 1 })
                .sum();
            if best.is_none_or(|(_, n)| covered < n) {
                best = Some((at, covered));
            }
            if covered == 0 {
                break;
            }
        }
        if let Some((at, _)) = best {
            self.at = at;
        }
    }

    /// The box as an obstacle for other boxes (with a small margin).
    fn bounds(&self) -> (f64, f64, f64, f64) {
        (
            self.at.0 - 2.0,
            self.at.1 - 2.0,
            self.at.0 + self.w + 2.0,
            self.at.1 + self.h + 2.0,
        )
    }

    fn draw(&self, canvas: &Canvas, dot: bool) -> Result<(), DrawError> {
        let (x, y) = self.at;
        // leader from the anchor to the nearest point of the box
        let near = (
            self.anchor.0.clamp(x, x + self.w),
            self.anchor.1.clamp(y, y + self.h),
        );
        canvas.line(self.anchor, near, INK, 1, &[])?;
        if dot {
            canvas.plain_marker(
                super::style::Marker::Circle,
                self.anchor.0,
                self.anchor.1,
                5.0,
                INK,
                None,
            )?;
        }
        canvas.fill_rect(x, y, x + self.w, y + self.h, PAPER)?;
        canvas.stroke_rect(x, y, x + self.w, y + self.h, INK)?;
        canvas.text(
            x + 5.0,
            y + self.h / 2.0,
            &self.text,
            self.font,
            Align::Start,
        )
    }
}

/// The size of the map's box: the frame's width, or less when the map would be taller than
/// `max_h` (the map keeps its proportions).
fn map_box(window: Rect, frame_w: f64, max_h: f64) -> (f64, f64) {
    let aspect = if window.width() > 0.0 {
        window.height() / window.width()
    } else {
        1.0
    };
    if frame_w * aspect <= max_h {
        (frame_w, (frame_w * aspect).max(40.0))
    } else {
        (max_h / aspect, max_h)
    }
}

/// The choropleth of an indicator by area.
pub(crate) fn choropleth(c: &MapChart, ctx: &Ctx, alt: &str) -> Result<String, DrawError> {
    let g = &c.geometry.0;
    if g.areas.is_empty() || g.extent.is_empty() {
        return Err(DrawError(format!("map `{}` has no areas to draw", g.id)));
    }
    let compact = ctx.size == ChartSize::Compact;
    let width = f64::from(if compact { COMPACT_WIDTH } else { WIDTH });
    let frame_w = width - 2.0 * PAD;
    let head = if compact {
        PAD
    } else {
        title_bottom(width, &c.about.title)
    };
    // the report sets what the areas are and the year in the caption
    let subtitle = format!("{} · {}", c.areas_label, ctx.format.year(c.year));
    let map_top = if compact {
        head
    } else {
        head + SMALL_LEADING + 4.0
    };
    let (map_w, map_h) = map_box(g.extent, frame_w, if compact { 230.0 } else { 460.0 });
    // the legend: classes, no data, statuses
    let colours = class_colours(c.classes.len());
    let mut entries: Vec<Entry> = c
        .classes
        .iter()
        .enumerate()
        .map(|(k, class)| Entry {
            swatch: Swatch::Block(colours[k.min(colours.len().saturating_sub(1))]),
            label: class_label(class, c.classing, c, ctx),
        })
        .collect();
    if c.without_data > 0 {
        entries.push(Entry {
            swatch: Swatch::Hatched(NO_DATA),
            label: ctx.word("no-data-areas"),
        });
    }
    let markers = c.areas.len() <= MARKERS_UP_TO;
    let mut statuses: Vec<super::Status> = if markers {
        c.areas.iter().filter_map(|a| a.status).collect()
    } else {
        Vec::new()
    };
    statuses.sort_by_key(|s| (s.tone(), *s));
    statuses.dedup();
    entries.extend(statuses.iter().map(|s| layout::status_entry(*s, ctx)));
    let legend_h = layout::legend_height(&entries, frame_w);
    let mut extra = Vec::new();
    if let Some(b) = &c.boundaries {
        extra.push(format!("{}: {b}", ctx.word("boundaries")));
    }
    let footer_text = if compact {
        let mut out = Vec::new();
        for p in &extra {
            out.extend(super::draw::wrap(p, frame_w, SMALL.size, false));
        }
        out
    } else {
        footer_lines(width, &c.about, ctx, &extra)
    };
    let legend_top = map_top + map_h + 10.0;
    let height = (legend_top + legend_h + 4.0 + footer_height(&footer_text)).ceil();
    svg(width as u32, height as u32, alt, |canvas| {
        if !compact {
            title(canvas, &c.about.title)?;
            canvas.text(
                PAD,
                head + SMALL_LEADING / 2.0,
                &subtitle,
                SMALL,
                Align::Start,
            )?;
        }
        let left = PAD + (frame_w - map_w) / 2.0;
        let view = View::fit(g.extent, left, map_top, map_w, map_h);
        // tenths of a pixel, unless the borders keep too many points at that tolerance: then
        // whole pixels, and a tolerance no finer than that grid
        let mut arcs = g.simplified(TOLERANCE_PX / view.scale);
        let mut decimals = 1;
        if arcs.iter().map(Vec::len).sum::<usize>() > COARSE_ABOVE {
            arcs = g.simplified(0.6 / view.scale);
            decimals = 0;
        }
        let mut by_class: Vec<PathData> = (0..c.classes.len())
            .map(|_| PathData::new(decimals))
            .collect();
        let mut no_data = PathData::new(decimals);
        for (area, shown) in g.areas.iter().zip(&c.areas) {
            let path = match shown.class.and_then(|k| by_class.get_mut(k)) {
                Some(p) if shown.value.is_some() => p,
                _ => &mut no_data,
            };
            area_rings(path, area, &arcs, &view);
        }
        let border = if decimals == 0 { "0.4" } else { "0.8" };
        let mut layer = no_data_pattern();
        // the outline of the whole map under the areas, twice as wide as it shows: only its
        // outer half is seen, so that borders two areas draw apart (files whose neighbours do
        // not share their vertices) stay under the areas' own white borders
        layer.push_str(&path_element(
            &outline(g, &arcs, &view, decimals),
            &format!(
                "fill=\"none\" stroke=\"{}\" stroke-width=\"1.6\" stroke-linejoin=\"round\"",
                hex(AXIS)
            ),
        ));
        // classes beyond the ramp (more than the adapter ever makes) take its darkest step
        let colour_of = |k: usize| colours[k.min(colours.len().saturating_sub(1))];
        for (k, path) in by_class.iter().enumerate() {
            let colour = &colour_of(k);
            layer.push_str(&path_element(
                path,
                &format!(
                    "fill=\"{}\" stroke=\"#FFFFFF\" stroke-width=\"{border}\" stroke-linejoin=\"round\"",
                    hex(*colour)
                ),
            ));
        }
        layer.push_str(&path_element(
            &no_data,
            &format!("fill=\"url(#{NO_DATA})\" stroke=\"{}\" stroke-width=\"{border}\" stroke-linejoin=\"round\"", hex(MUTED)),
        ));
        // the highest and lowest areas outlined, so that their labels point at a shape
        let mut marked = PathData::new(decimals);
        for i in [c.highest, c.lowest].into_iter().flatten() {
            if let Some(area) = g.areas.get(i) {
                area_rings(&mut marked, area, &arcs, &view);
            }
        }
        layer.push_str(&path_element(
            &marked,
            &format!(
                "fill=\"none\" stroke=\"{}\" stroke-width=\"1.6\" stroke-linejoin=\"round\"",
                hex(INK)
            ),
        ));
        canvas.under(&layer);
        // statuses on each area
        if markers {
            for (area, shown) in g.areas.iter().zip(&c.areas) {
                if let Some(s) = shown.status {
                    let (x, y) = view.px(area.label);
                    canvas.status_mark(s.mark(), x, y, 10.0, true)?;
                }
            }
        }
        // the highest and lowest areas, labelled beside their shape, clear of the markers
        let frame = (PAD, map_top, width - PAD, map_top + map_h);
        let mut obstacles: Vec<(f64, f64, f64, f64)> = Vec::new();
        if markers {
            for (area, shown) in g.areas.iter().zip(&c.areas) {
                if shown.status.is_some() {
                    let (x, y) = view.px(area.label);
                    obstacles.push((x - 7.0, y - 7.0, x + 7.0, y + 7.0));
                }
            }
        }
        let mut callouts: Vec<(usize, Callout)> = Vec::new();
        let mut labelled: Vec<(usize, &str)> = Vec::new();
        match (c.highest, c.lowest) {
            (Some(h), Some(l)) if h == l => labelled.push((h, "only-area")),
            (h, l) => {
                labelled.extend(h.map(|h| (h, "highest")));
                labelled.extend(l.map(|l| (l, "lowest")));
            }
        }
        for (i, key) in labelled {
            let (Some(area), Some(shown)) = (g.areas.get(i), c.areas.get(i)) else {
                continue;
            };
            let Some(v) = shown.value else { continue };
            let text = format!(
                "{}: {} {}",
                ctx.word(key),
                shown.name,
                ctx.short_value(v, &c.about)
            );
            let anchor = view.px(area.label);
            let mut callout = Callout::new(text, Font::regular(12.0, INK), anchor);
            // its own marker is not in the way: the leader points at it (a callout already
            // placed over the anchor still is)
            let others: Vec<(f64, f64, f64, f64)> = obstacles
                .iter()
                .copied()
                .filter(|o| {
                    let marker = o.2 - o.0 <= 20.0;
                    let at_anchor =
                        o.0 < anchor.0 && anchor.0 < o.2 && o.1 < anchor.1 && anchor.1 < o.3;
                    !(marker && at_anchor)
                })
                .collect();
            callout.place(frame, &others);
            obstacles.push(callout.bounds());
            callouts.push((i, callout));
        }
        for (i, callout) in &callouts {
            let has_marker = markers && c.areas.get(*i).is_some_and(|a| a.status.is_some());
            callout.draw(canvas, !has_marker)?;
        }
        layout::legend(canvas, &entries, PAD, legend_top, frame_w)?;
        footer(canvas, &footer_text)
    })
}

/// The window of a locator map: the whole map when it has few areas or the place is large,
/// else the neighbourhood of the place (five times its size, at least a fifteenth of the map).
fn neighbourhood(g: &Boundaries, place: &Area) -> (Rect, bool) {
    const WHOLE_UP_TO: usize = 60;
    let ext = g.extent;
    if g.areas.len() <= WHOLE_UP_TO {
        return (ext, false);
    }
    let side = (place.bbox.width().max(place.bbox.height()) * 5.0)
        .max(ext.width().max(ext.height()) / 15.0);
    if side >= ext.width() * 0.7 && side >= ext.height() * 0.7 {
        return (ext, false);
    }
    let (cx, cy) = place.bbox.centre();
    (
        Rect {
            x0: cx - side / 2.0,
            y0: cy - side / 2.0,
            x1: cx + side / 2.0,
            y1: cy + side / 2.0,
        },
        true,
    )
}

/// A place within its region.
pub(crate) fn locator(c: &LocatorChart, ctx: &Ctx, alt: &str) -> Result<String, DrawError> {
    let g = &c.geometry.0;
    let place = g
        .area(&c.code)
        .ok_or_else(|| DrawError(format!("`{}` is not an area of map `{}`", c.code, g.id)))?;
    let compact = ctx.size == ChartSize::Compact;
    let width = f64::from(if compact { COMPACT_WIDTH } else { WIDTH });
    let frame_w = width - 2.0 * PAD;
    let head = if compact {
        PAD
    } else {
        title_bottom(width, &c.title)
    };
    let (window, cropped) = neighbourhood(g, place);
    let (map_w, map_h) = map_box(window, frame_w, if compact { 260.0 } else { 440.0 });
    let entries = vec![
        Entry {
            swatch: Swatch::Framed(PLACE, INK),
            label: c.place.clone(),
        },
        Entry {
            swatch: Swatch::Framed(AROUND, PAPER),
            label: ctx.word("other-areas"),
        },
    ];
    let legend_h = layout::legend_height(&entries, frame_w);
    let footer_text: Vec<String> = c
        .boundaries
        .iter()
        .flat_map(|b| {
            super::draw::wrap(
                &format!("{}: {b}", ctx.word("boundaries")),
                frame_w,
                SMALL.size,
                false,
            )
        })
        .collect();
    let map_top = head;
    let legend_top = map_top + map_h + 10.0;
    let height = (legend_top + legend_h + 4.0 + footer_height(&footer_text)).ceil();
    svg(width as u32, height as u32, alt, |canvas| {
        if !compact {
            title(canvas, &c.title)?;
        }
        let left = PAD + (frame_w - map_w) / 2.0;
        let view = View::fit(window, left, map_top, map_w, map_h);
        // a locator shows where, not the detail of borders: whole pixels, coarser tolerance
        let arcs = g.simplified(0.6 / view.scale);
        let decimals = 0;
        let mut around = PathData::new(decimals);
        let mut here = PathData::new(decimals);
        for area in &g.areas {
            if !area.bbox.intersects(&window) {
                continue;
            }
            if area.code == place.code {
                area_rings(&mut here, area, &arcs, &view);
            } else {
                area_rings(&mut around, area, &arcs, &view);
            }
        }
        let mut layer = String::new();
        if cropped {
            layer.push_str(&format!(
                "<defs><clipPath id=\"localis-window\"><rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\"/></clipPath></defs>\n<g clip-path=\"url(#localis-window)\">\n",
                left, map_top, map_w, map_h
            ));
        }
        layer.push_str(&path_element(
            &around,
            &format!(
                "fill=\"{}\" stroke=\"#FFFFFF\" stroke-width=\"0.8\" stroke-linejoin=\"round\"",
                hex(AROUND)
            ),
        ));
        let mut edge = PathData::new(decimals);
        for r in g.outline() {
            let a = &arcs[r.arc as usize];
            if Rect::of(a.iter().copied()).intersects(&window) {
                let pts: Vec<Xy> = a.iter().map(|&p| view.px(p)).collect();
                edge.line(&pts);
            }
        }
        layer.push_str(&path_element(
            &edge,
            &format!(
                "fill=\"none\" stroke=\"{}\" stroke-width=\"0.8\" stroke-linejoin=\"round\"",
                hex(AXIS)
            ),
        ));
        layer.push_str(&path_element(
            &here,
            &format!(
                "fill=\"{}\" stroke=\"{}\" stroke-width=\"1.6\" stroke-linejoin=\"round\"",
                hex(PLACE),
                hex(INK)
            ),
        ));
        if cropped {
            layer.push_str("</g>\n");
            layer.push_str(&format!(
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"none\" stroke=\"{}\" stroke-width=\"0.8\"/>\n",
                left, map_top, map_w, map_h, hex(AXIS)
            ));
            layer.push_str(&inset(g, window, place, left, map_top, map_w, map_h));
        }
        canvas.under(&layer);
        let anchor = view.px(place.label);
        let mut callout = Callout::new(c.place.clone(), Font::bold(12.0, INK), anchor);
        let inset_right = if cropped {
            left + map_w * 0.66
        } else {
            left + map_w
        };
        callout.place((left, map_top, inset_right, map_top + map_h), &[]);
        callout.draw(canvas, true)?;
        layout::legend(canvas, &entries, PAD, legend_top, frame_w)?;
        footer(canvas, &footer_text)
    })
}

/// The inset of a cropped locator map: the outline of the whole region, the window shown
/// and the place, in the top right corner of the map.
fn inset(
    g: &Boundaries,
    window: Rect,
    place: &Area,
    left: f64,
    top: f64,
    w: f64,
    h: f64,
) -> String {
    let (iw, ih) = map_box(g.extent, w * 0.3, h * 0.4);
    let (x, y) = (left + w - iw - 6.0, top + 6.0);
    let view = View::fit(g.extent, x + 3.0, y + 3.0, iw - 6.0, ih - 6.0);
    let arcs = g.simplified(0.6 / view.scale);
    let mut region = PathData::new(1);
    for r in g.outline() {
        let pts: Vec<Xy> = arcs[r.arc as usize].iter().map(|&p| view.px(p)).collect();
        region.line(&pts);
    }
    let (wx0, wy0) = view.px((window.x0, window.y1));
    let (wx1, wy1) = view.px((window.x1, window.y0));
    let (px, py) = view.px(place.label);
    let mut out = format!(
        "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{iw:.1}\" height=\"{ih:.1}\" fill=\"#FFFFFF\" stroke=\"{}\" stroke-width=\"0.8\"/>\n",
        hex(AXIS)
    );
    out.push_str(&path_element(
        &region,
        &format!(
            "fill=\"{}\" stroke=\"{}\" stroke-width=\"0.6\" stroke-linejoin=\"round\"",
            hex(LIGHT),
            hex(MUTED)
        ),
    ));
    out.push_str(&format!(
        "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"none\" stroke=\"{}\" stroke-width=\"1\"/>\n<circle cx=\"{px:.1}\" cy=\"{py:.1}\" r=\"2.2\" fill=\"{}\"/>\n",
        wx0.max(x),
        wy0.max(y),
        (wx1.min(x + iw) - wx0.max(x)).max(1.0),
        (wy1.min(y + ih) - wy0.max(y)).max(1.0),
        hex(INK),
        hex(PLACE)
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// WCAG relative luminance.
    fn luminance(c: RGBColor) -> f64 {
        let lin = |v: u8| {
            let s = f64::from(v) / 255.0;
            if s <= 0.03928 {
                s / 12.92
            } else {
                ((s + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(c.0) + 0.7152 * lin(c.1) + 0.0722 * lin(c.2)
    }

    #[test]
    fn every_class_is_darker_than_the_one_before() {
        for k in 1..=MAX_CLASSES {
            let colours = class_colours(k);
            assert_eq!(colours.len(), k);
            for w in colours.windows(2) {
                // at least a 1.25 contrast ratio between neighbouring classes, in greyscale too
                let (a, b) = (luminance(w[0]) + 0.05, luminance(w[1]) + 0.05);
                assert!(a / b > 1.25, "{k} classes: {:?} then {:?}", w[0], w[1]);
            }
        }
        // the lightest class stands out from the paper (and from the hatching's white)
        assert!((1.05 / (luminance(class_colours(5)[0]) + 0.05)) > 1.2);
    }

    #[test]
    fn path_data_is_relative_and_compact() {
        let mut p = PathData::new(1);
        p.ring(
            &[(10.0, 10.0), (20.0, 10.0), (20.0, 20.06), (10.0, 20.0)],
            0.3,
            false,
        );
        p.ring(&[(30.0, 10.0), (31.0, 10.0), (31.0, 11.0)], 0.3, false);
        assert_eq!(p.out, "M10 10l10 0 0 10.1-10-0.1zm20 0l1 0 0 1z");
        let mut two = PathData::new(2);
        two.number(1205);
        two.number(-7);
        two.number(300);
        assert_eq!(two.out, "12.05-0.07 3");
        let mut q = PathData::new(0);
        q.ring(&[(0.0, 0.0), (0.2, 0.0), (0.2, 0.2)], 0.3, false);
        assert!(q.is_empty(), "a ring smaller than a grid point is left out");
        q.ring(&[(0.0, 0.0), (0.2, 0.0), (0.2, 0.2)], 0.3, true);
        assert!(
            q.is_empty(),
            "even when kept, a ring needs three distinct points"
        );
    }
}
