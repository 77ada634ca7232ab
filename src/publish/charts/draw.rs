//! Drawing kit over plotters' SVG backend: embedded fonts, text measured with real metrics, markers, dashes, scales.
//!
//! Every coordinate is rounded to whole pixels before it reaches plotters, and every number
//! written into the SVG is formatted by Rust's exact formatting, so the bytes are the same
//! for the same inputs on every machine.

use std::sync::OnceLock;

use ab_glyph::{Font as _, FontRef};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::style::{FONT_FAMILY, Fill, Marker, PAPER, StatusMark, rgb};
use crate::load::builtin;

/// A failure to draw a chart (plotters' error, as text).
#[derive(Debug, thiserror::Error)]
#[error("failed to draw the chart ({0})")]
pub struct DrawError(pub String);

impl<E: std::error::Error + Send + Sync> From<DrawingAreaErrorKind<E>> for DrawError {
    fn from(e: DrawingAreaErrorKind<E>) -> Self {
        DrawError(e.to_string())
    }
}

/// The four embedded Noto Sans faces, as plotters' styles, with their file names.
const FACES: [(FontStyle, &str); 4] = [
    (FontStyle::Normal, "fonts/NotoSans-Regular.ttf"),
    (FontStyle::Bold, "fonts/NotoSans-Bold.ttf"),
    (FontStyle::Italic, "fonts/NotoSans-Italic.ttf"),
    (FontStyle::Oblique, "fonts/NotoSans-BoldItalic.ttf"),
];

/// The embedded font bytes of a face.
fn face_bytes(path: &str) -> Result<&'static [u8], DrawError> {
    builtin::TEMPLATES
        .get_file(path)
        .map(|f| f.contents())
        .ok_or_else(|| DrawError(format!("the embedded font `{path}` is missing")))
}

/// Registers the embedded Noto Sans faces with plotters, once per process.
pub(crate) fn register_fonts() -> Result<(), DrawError> {
    static REGISTERED: OnceLock<Result<(), String>> = OnceLock::new();
    REGISTERED
        .get_or_init(|| {
            for (style, path) in FACES {
                let bytes = face_bytes(path).map_err(|e| e.0)?;
                plotters::style::register_font(FONT_FAMILY, style, bytes)
                    .map_err(|_| format!("the embedded font `{path}` is not a valid font"))?;
            }
            Ok(())
        })
        .clone()
        .map_err(DrawError)
}

/// The characters whose glyph and advance are looked up once, when the metrics are loaded:
/// Latin, Greek, Cyrillic, general punctuation and currency signs (others are looked up as met).
const TABLED_CHARS: u32 = 0x20D0;

/// One face parsed for measuring text, with the glyph and advance (in font units) of every
/// tabled character, so that measuring a string is a table lookup per character.
struct Face {
    font: FontRef<'static>,
    units_per_em: f64,
    glyphs: Vec<(ab_glyph::GlyphId, f32)>,
}

impl Face {
    fn new(bytes: &'static [u8]) -> Option<Face> {
        let font = FontRef::try_from_slice(bytes).ok()?;
        let units_per_em = f64::from(font.units_per_em().unwrap_or(1000.0));
        let glyphs = (0..TABLED_CHARS)
            .map(|c| {
                let id = font.glyph_id(char::from_u32(c).unwrap_or('\u{FFFD}'));
                (id, font.h_advance_unscaled(id))
            })
            .collect();
        Some(Face {
            font,
            units_per_em,
            glyphs,
        })
    }

    /// The glyph of a character and its advance in font units.
    fn glyph(&self, c: char) -> (ab_glyph::GlyphId, f32) {
        match self.glyphs.get(c as usize) {
            Some(g) => *g,
            None => {
                let id = self.font.glyph_id(c);
                (id, self.font.h_advance_unscaled(id))
            }
        }
    }

    /// The kerning between two glyphs in font units.
    fn kern(&self, a: ab_glyph::GlyphId, b: ab_glyph::GlyphId) -> f32 {
        self.font.kern_unscaled(a, b)
    }

    /// Font units to pixels at `size`.
    fn to_px(&self, units: f64, size: f64) -> f64 {
        units / self.units_per_em * size
    }
}

/// Regular and bold faces parsed for measuring text.
struct Metrics {
    regular: Face,
    bold: Face,
}

fn metrics() -> Option<&'static Metrics> {
    static METRICS: OnceLock<Option<Metrics>> = OnceLock::new();
    METRICS
        .get_or_init(|| {
            let regular = Face::new(face_bytes(FACES[0].1).ok()?)?;
            let bold = Face::new(face_bytes(FACES[1].1).ok()?)?;
            Some(Metrics { regular, bold })
        })
        .as_ref()
}

/// A run of text measured in font units: its width and its first and last glyphs (to add
/// the kerning where runs are joined). Widths are sums of whole font units, so a run
/// measured piece by piece has exactly the width of the whole.
#[derive(Debug, Clone, Copy, Default)]
struct Run {
    units: f64,
    first: Option<ab_glyph::GlyphId>,
    last: Option<ab_glyph::GlyphId>,
}

impl Run {
    /// `text` measured in `face`.
    fn of(face: &Face, text: &str) -> Run {
        let mut run = Run::default();
        for c in text.chars() {
            run = run.then_glyph(face, face.glyph(c));
        }
        run
    }

    /// This run followed by one glyph.
    fn then_glyph(self, face: &Face, (id, advance): (ab_glyph::GlyphId, f32)) -> Run {
        let kern = self.last.map_or(0.0, |p| f64::from(face.kern(p, id)));
        Run {
            units: self.units + kern + f64::from(advance),
            first: self.first.or(Some(id)),
            last: Some(id),
        }
    }

    /// This run followed by another.
    fn then(self, face: &Face, next: Run) -> Run {
        let kern = match (self.last, next.first) {
            (Some(a), Some(b)) => f64::from(face.kern(a, b)),
            _ => 0.0,
        };
        Run {
            units: self.units + kern + next.units,
            first: self.first.or(next.first),
            last: next.last.or(self.last),
        }
    }
}

fn face(m: &Metrics, bold: bool) -> &Face {
    if bold { &m.bold } else { &m.regular }
}

/// The advance width of `text` set at `size` pixels (the CSS font size), with kerning.
pub(crate) fn text_width(text: &str, size: f64, bold: bool) -> f64 {
    let Some(m) = metrics() else {
        return text.chars().count() as f64 * size * 0.55;
    };
    let f = face(m, bold);
    f.to_px(Run::of(f, text).units, size)
}

/// How much wider than its width a wrapped line may measure (a line measured as a whole and
/// word by word differs by a fraction of a pixel, so that a label as wide as its column stays
/// on one line).
const WRAP_SLACK: f64 = 0.5;

/// Greedy word wrap of `text` into lines no wider than `width`: every word is kept (a word
/// wider than the line is broken between its letters), nothing is cut off.
pub(crate) fn wrap(text: &str, width: f64, size: f64, bold: bool) -> Vec<String> {
    let measure = |t: &str| text_width(t, size, bold);
    let Some(m) = metrics() else {
        return break_long_words(wrap_with(text, width, measure), width, measure);
    };
    let f = face(m, bold);
    let space = f.glyph(' ');
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut current_run = Run::default();
    for word in text.split_whitespace() {
        let word_run = Run::of(f, word);
        if current.is_empty() {
            current = word.to_string();
            current_run = word_run;
            continue;
        }
        // the candidate line `current word`, measured from the runs already measured
        let candidate = current_run.then_glyph(f, space).then(f, word_run);
        if f.to_px(candidate.units, size) <= width + WRAP_SLACK {
            current.push(' ');
            current.push_str(word);
            current_run = candidate;
        } else {
            lines.push(std::mem::replace(&mut current, word.to_string()));
            current_run = word_run;
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    break_long_words(lines, width, measure)
}

/// Word wrap with any measure (when the embedded metrics are missing).
fn wrap_with(text: &str, width: f64, measure: impl Fn(&str) -> f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let candidate = if current.is_empty() {
            word.to_string()
        } else {
            format!("{current} {word}")
        };
        if current.is_empty() || measure(&candidate) <= width + WRAP_SLACK {
            current = candidate;
        } else {
            lines.push(std::mem::replace(&mut current, word.to_string()));
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
}

/// Breaks every line still wider than `width` (a single long word) between its letters into
/// lines that fit, each broken line ending in a hyphen and the last keeping at least two
/// letters (`Infraestructu-` `ra`, never `Infraestructur` `a`).
fn break_long_words(lines: Vec<String>, width: f64, measure: impl Fn(&str) -> f64) -> Vec<String> {
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        if measure(&line) <= width + WRAP_SLACK {
            out.push(line);
            continue;
        }
        let chars: Vec<char> = line.chars().collect();
        let mut pieces: Vec<Vec<char>> = Vec::new();
        let mut piece: Vec<char> = Vec::new();
        for &c in &chars {
            piece.push(c);
            let with_hyphen: String = piece.iter().chain(['-'].iter()).collect();
            if measure(&with_hyphen) > width + WRAP_SLACK && piece.len() > 1 {
                piece.pop();
                pieces.push(std::mem::take(&mut piece));
                piece.push(c);
            }
        }
        // a last piece of one letter takes one more from the line before
        if piece.len() == 1
            && let Some(before) = pieces.last_mut()
            && before.len() > 2
            && let Some(c) = before.pop()
        {
            piece.insert(0, c);
        }
        if !piece.is_empty() {
            pieces.push(piece);
        }
        let last = pieces.len().saturating_sub(1);
        for (i, p) in pieces.into_iter().enumerate() {
            let mut text: String = p.into_iter().collect();
            // a hyphen after a letter only (a word broken, not a number or a sign)
            if i < last && text.chars().last().is_some_and(char::is_alphabetic) {
                text.push('-');
            }
            out.push(text);
        }
    }
    out
}

/// The height of rows that hold each of `labels` as [`Canvas::fitted`] sets it in `width`
/// (at most `max_lines` lines, more when it must), with 3 px above and below; at least `min`.
pub(crate) fn row_height<'t>(
    labels: impl Iterator<Item = &'t str>,
    width: f64,
    font: Font,
    max_lines: usize,
    min: f64,
) -> f64 {
    labels
        .map(|t| {
            let (lines, set) = fit(t, width, font, max_lines);
            (set.size * 1.2).round() * lines.len() as f64 + 6.0
        })
        .fold(min, f64::max)
}

/// The smallest a fitted label may be set, as a share of its size.
const SMALLEST_FIT: f64 = 0.8;

/// `text` set to fit `width` in at most `max_lines` lines, whole: at its size if it fits,
/// else at a size down to four fifths of it (not below 9 px), else wrapped at that size into
/// as many lines as it needs. Never cut off.
pub(crate) fn fit(text: &str, width: f64, font: Font, max_lines: usize) -> (Vec<String>, Font) {
    let smallest = (font.size * SMALLEST_FIT).max(9.0).min(font.size);
    let mut size = font.size;
    loop {
        let lines = wrap(text, width, size, font.bold);
        if lines.len() <= max_lines.max(1) || size <= smallest {
            return (lines, Font { size, ..font });
        }
        size = (size - 0.5).max(smallest);
    }
}

/// Horizontal placement of text relative to its point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    /// The point is the start of the text.
    Start,
    /// The point is the middle of the text.
    Middle,
    /// The point is the end of the text.
    End,
}

/// How a piece of text is set.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Font {
    /// CSS font size in pixels.
    pub size: f64,
    /// Bold or regular.
    pub bold: bool,
    /// Its colour.
    pub colour: RGBColor,
}

impl Font {
    /// A regular face.
    pub(crate) const fn regular(size: f64, colour: RGBColor) -> Font {
        Font {
            size,
            bold: false,
            colour,
        }
    }

    /// A bold face.
    pub(crate) const fn bold(size: f64, colour: RGBColor) -> Font {
        Font {
            size,
            bold: true,
            colour,
        }
    }

    /// The width of `text` in this font.
    pub(crate) fn width(&self, text: &str) -> f64 {
        text_width(text, self.size, self.bold)
    }
}

/// The ratio plotters divides font sizes by when it writes them into SVG.
const PLOTTERS_SIZE_RATIO: f64 = 1.24;

/// Whole pixels.
fn px(v: f64) -> i32 {
    v.round() as i32
}

/// A drawing surface: plotters' SVG drawing area with our primitives.
pub(crate) struct Canvas<'a> {
    area: DrawingArea<SVGBackend<'a>, Shift>,
    /// Width in pixels.
    pub width: f64,
    /// Height in pixels.
    pub height: f64,
    /// SVG elements plotters cannot draw (paths with holes, patterns, clip paths), set under
    /// everything plotters draws.
    under: std::cell::RefCell<String>,
}

/// How far figures and brackets reach above the `y` of [`Canvas::text`] (the middle of the
/// lowercase letters), in type sizes.
const TEXT_ABOVE: f64 = 0.58;
/// How far they reach below it, in type sizes.
pub(crate) const TEXT_BELOW: f64 = 0.45;

/// Draws an SVG of `width` x `height` pixels with `paint`, then tidies it and puts `alt` in
/// its `<title>`.
pub(crate) fn svg(
    width: u32,
    height: u32,
    alt: &str,
    paint: impl FnOnce(&Canvas) -> Result<(), DrawError>,
) -> Result<String, DrawError> {
    register_fonts()?;
    let mut buf = String::new();
    let under;
    {
        let area = SVGBackend::with_string(&mut buf, (width, height)).into_drawing_area();
        area.fill(&PAPER)?;
        let canvas = Canvas {
            area,
            width: f64::from(width),
            height: f64::from(height),
            under: std::cell::RefCell::new(String::new()),
        };
        paint(&canvas)?;
        canvas.area.present()?;
        under = canvas.under.take();
    }
    Ok(tidy(&buf, alt, &under))
}

impl Canvas<'_> {
    /// Adds SVG elements plotters cannot draw (paths with holes, patterns, clip paths) to the
    /// layer under everything plotters draws; the caller writes them whole and escaped, with
    /// numbers formatted deterministically.
    pub(crate) fn under(&self, svg: &str) {
        self.under.borrow_mut().push_str(svg);
    }

    /// Sets `text` at (`x`, `y`): `y` is the middle of the lowercase letters.
    pub(crate) fn text(
        &self,
        x: f64,
        y: f64,
        text: &str,
        font: Font,
        align: Align,
    ) -> Result<(), DrawError> {
        if text.is_empty() {
            return Ok(());
        }
        let h = match align {
            Align::Start => HPos::Left,
            Align::Middle => HPos::Center,
            Align::End => HPos::Right,
        };
        let style = FontDesc::new(
            FontFamily::Name(FONT_FAMILY),
            font.size * PLOTTERS_SIZE_RATIO,
            if font.bold {
                FontStyle::Bold
            } else {
                FontStyle::Normal
            },
        )
        .color(&font.colour)
        .pos(Pos::new(h, VPos::Center));
        self.area
            .draw(&Text::new(text.to_string(), (px(x), px(y)), style))?;
        Ok(())
    }

    /// Sets `text` as [`Canvas::text`] does, on a patch of paper its size that starts no
    /// further left than `left`: grid lines and other lines under it stop at its edge.
    pub(crate) fn text_on_paper(
        &self,
        x: f64,
        y: f64,
        text: &str,
        font: Font,
        align: Align,
        left: f64,
    ) -> Result<(), DrawError> {
        let w = font.width(text);
        let x0 = match align {
            Align::Start => x,
            Align::Middle => x - w / 2.0,
            Align::End => x - w,
        };
        self.fill_rect(
            (x0 - 2.0).max(left),
            y - TEXT_ABOVE * font.size,
            x0 + w + 2.0,
            y + TEXT_BELOW * font.size,
            PAPER,
        )?;
        self.text(x, y, text, font, align)
    }

    /// Sets lines of text from (`x`, `y`) down, `leading` pixels apart.
    pub(crate) fn lines(
        &self,
        x: f64,
        y: f64,
        lines: &[String],
        font: Font,
        leading: f64,
        align: Align,
    ) -> Result<(), DrawError> {
        for (i, l) in lines.iter().enumerate() {
            self.text(x, y + leading * i as f64, l, font, align)?;
        }
        Ok(())
    }

    /// Sets `text` whole within `width` (see [`fit`]), its lines centred on `y`; returns the
    /// height the lines take.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn fitted(
        &self,
        x: f64,
        y: f64,
        text: &str,
        width: f64,
        font: Font,
        align: Align,
        max_lines: usize,
    ) -> Result<f64, DrawError> {
        let (lines, font) = fit(text, width, font, max_lines);
        let leading = (font.size * 1.2).round();
        let first = y - leading * (lines.len().max(1) as f64 - 1.0) / 2.0;
        self.lines(x, first, &lines, font, leading, align)?;
        Ok(leading * lines.len() as f64)
    }

    /// A polyline; `dash` alternates on and off lengths (empty: solid).
    pub(crate) fn polyline(
        &self,
        points: &[(f64, f64)],
        colour: RGBColor,
        width: u32,
        dash: &[f64],
    ) -> Result<(), DrawError> {
        if points.len() < 2 {
            return Ok(());
        }
        let style = ShapeStyle::from(&colour).stroke_width(width);
        if dash.is_empty() {
            let pts: Vec<(i32, i32)> = points.iter().map(|&(x, y)| (px(x), px(y))).collect();
            self.area.draw(&PathElement::new(pts, style))?;
            return Ok(());
        }
        for segment in dashes(points, dash) {
            let pts: Vec<(i32, i32)> = segment.iter().map(|&(x, y)| (px(x), px(y))).collect();
            if pts.len() >= 2 && pts.first() != pts.last() {
                self.area.draw(&PathElement::new(pts, style))?;
            }
        }
        Ok(())
    }

    /// A straight line.
    pub(crate) fn line(
        &self,
        from: (f64, f64),
        to: (f64, f64),
        colour: RGBColor,
        width: u32,
        dash: &[f64],
    ) -> Result<(), DrawError> {
        self.polyline(&[from, to], colour, width, dash)
    }

    /// A filled rectangle.
    pub(crate) fn fill_rect(
        &self,
        x0: f64,
        y0: f64,
        x1: f64,
        y1: f64,
        colour: RGBColor,
    ) -> Result<(), DrawError> {
        let (a, b) = (
            (px(x0.min(x1)), px(y0.min(y1))),
            (px(x0.max(x1)), px(y0.max(y1))),
        );
        if a.0 == b.0 || a.1 == b.1 {
            return Ok(());
        }
        self.area.draw(&Rectangle::new([a, b], colour.filled()))?;
        Ok(())
    }

    /// The outline of a rectangle.
    pub(crate) fn stroke_rect(
        &self,
        x0: f64,
        y0: f64,
        x1: f64,
        y1: f64,
        colour: RGBColor,
    ) -> Result<(), DrawError> {
        let (a, b) = (
            (px(x0.min(x1)), px(y0.min(y1))),
            (px(x0.max(x1)), px(y0.max(y1))),
        );
        self.area
            .draw(&Rectangle::new([a, b], ShapeStyle::from(&colour)))?;
        Ok(())
    }

    /// A filled polygon, `opacity` from 0 to 1.
    pub(crate) fn polygon(
        &self,
        points: &[(f64, f64)],
        colour: RGBColor,
        opacity: f64,
    ) -> Result<(), DrawError> {
        if points.len() < 3 {
            return Ok(());
        }
        let pts: Vec<(i32, i32)> = points.iter().map(|&(x, y)| (px(x), px(y))).collect();
        self.area
            .draw(&Polygon::new(pts, colour.mix(opacity).filled()))?;
        Ok(())
    }

    /// A marker of `size` pixels across centred at (`x`, `y`), with a white halo so it
    /// stands out from lines, and an outline when given.
    pub(crate) fn marker(
        &self,
        shape: Marker,
        x: f64,
        y: f64,
        size: f64,
        colour: RGBColor,
        outline: Option<RGBColor>,
    ) -> Result<(), DrawError> {
        let r = size / 2.0;
        if !shape.is_stroke() {
            self.shape(shape, x, y, r + 1.5, PAPER, None)?;
        }
        self.shape(shape, x, y, r, colour, outline)
    }

    /// A status's mark of `size` pixels across centred at (`x`, `y`): its glyph in its shade,
    /// with a white halo when `halo` (so that it stands out from lines).
    pub(crate) fn status_mark(
        &self,
        mark: StatusMark,
        x: f64,
        y: f64,
        size: f64,
        halo: bool,
    ) -> Result<(), DrawError> {
        let r = size / 2.0;
        let shape = mark.shape;
        if halo && !shape.is_stroke() {
            self.shape(shape, x, y, r + 1.5, PAPER, None)?;
        }
        match mark.fill {
            Fill::Solid => self.shape(shape, x, y, r, mark.colour, mark.outline),
            Fill::Open | Fill::Dot => {
                // the shape in the shade, its inside cut out in white
                self.shape(shape, x, y, r, mark.colour, None)?;
                let inner = match shape {
                    Marker::TriangleUp | Marker::TriangleDown | Marker::Star => 0.42,
                    _ => 0.58,
                };
                self.shape(shape, x, y, r * inner, PAPER, None)?;
                if mark.fill == Fill::Dot {
                    let centre = match shape {
                        Marker::TriangleUp => y + r * 0.15,
                        Marker::TriangleDown => y - r * 0.15,
                        _ => y,
                    };
                    self.area.draw(&Circle::new(
                        (px(x), px(centre)),
                        (r * 0.28).round().max(1.0) as u32,
                        mark.colour.filled(),
                    ))?;
                }
                Ok(())
            }
        }
    }

    /// A marker without the white halo (for legends, where no line runs under it).
    pub(crate) fn plain_marker(
        &self,
        shape: Marker,
        x: f64,
        y: f64,
        size: f64,
        colour: RGBColor,
        outline: Option<RGBColor>,
    ) -> Result<(), DrawError> {
        self.shape(shape, x, y, size / 2.0, colour, outline)
    }

    fn shape(
        &self,
        shape: Marker,
        x: f64,
        y: f64,
        r: f64,
        colour: RGBColor,
        outline: Option<RGBColor>,
    ) -> Result<(), DrawError> {
        let poly = |pts: Vec<(f64, f64)>| -> Result<(), DrawError> {
            self.polygon(&pts, colour, 1.0)?;
            if let Some(o) = outline {
                let mut closed = pts.clone();
                closed.push(pts[0]);
                self.polyline(&closed, o, 1, &[])?;
            }
            Ok(())
        };
        match shape {
            Marker::Circle | Marker::Ring => {
                let filled = shape == Marker::Circle || colour == PAPER;
                let style = if filled {
                    colour.filled()
                } else {
                    ShapeStyle::from(&colour).stroke_width(2)
                };
                let rr = if filled { r } else { r - 1.0 };
                self.area.draw(&Circle::new(
                    (px(x), px(y)),
                    rr.round().max(1.0) as u32,
                    style,
                ))?;
                if let (Some(o), true) = (outline, filled) {
                    self.area.draw(&Circle::new(
                        (px(x), px(y)),
                        r.round().max(1.0) as u32,
                        ShapeStyle::from(&o),
                    ))?;
                }
                Ok(())
            }
            Marker::Square => {
                let s = r * 0.85;
                poly(vec![
                    (x - s, y - s),
                    (x + s, y - s),
                    (x + s, y + s),
                    (x - s, y + s),
                ])
            }
            Marker::Diamond => {
                let s = r * 1.15;
                poly(vec![(x, y - s), (x + s, y), (x, y + s), (x - s, y)])
            }
            Marker::TriangleUp => {
                let s = r * 1.2;
                poly(vec![
                    (x, y - s),
                    (x + s * 0.95, y + s * 0.7),
                    (x - s * 0.95, y + s * 0.7),
                ])
            }
            Marker::TriangleDown => {
                let s = r * 1.2;
                poly(vec![
                    (x, y + s),
                    (x + s * 0.95, y - s * 0.7),
                    (x - s * 0.95, y - s * 0.7),
                ])
            }
            Marker::Star => {
                let outer = r * 1.3;
                let inner = outer * 0.45;
                let pts = (0..10)
                    .map(|i| {
                        let rad = if i % 2 == 0 { outer } else { inner };
                        let angle = std::f64::consts::PI * (f64::from(i) / 5.0 - 0.5);
                        (x + rad * angle.cos(), y + rad * angle.sin())
                    })
                    .collect();
                poly(pts)
            }
            Marker::Cross => {
                let s = r * 0.8;
                self.line((x - s, y - s), (x + s, y + s), colour, 2, &[])?;
                self.line((x - s, y + s), (x + s, y - s), colour, 2, &[])
            }
            Marker::Plus => {
                let s = r;
                self.line((x - s, y), (x + s, y), colour, 3, &[])?;
                self.line((x, y - s), (x, y + s), colour, 3, &[])
            }
            Marker::Minus => {
                let s = r;
                self.line((x - s, y), (x + s, y), colour, 3, &[])
            }
            Marker::Slash => {
                let s = r * 0.8;
                self.line((x - s, y + s), (x + s, y - s), colour, 3, &[])
            }
            Marker::Pentagon => poly(regular(x, y, r * 1.1, 5, -0.5)),
            Marker::Hexagon => poly(regular(x, y, r * 1.05, 6, 0.0)),
        }
    }
}

/// The corners of a regular polygon of `n` corners around (`x`, `y`), the first at `turn` half
/// turns (-0.5: pointing up).
fn regular(x: f64, y: f64, r: f64, n: u32, turn: f64) -> Vec<(f64, f64)> {
    (0..n)
        .map(|i| {
            let angle = std::f64::consts::PI * (2.0 * f64::from(i) / f64::from(n) + turn);
            (x + r * angle.cos(), y + r * angle.sin())
        })
        .collect()
}

/// Splits a polyline into its dashes: `pattern` alternates on and off lengths.
pub(crate) fn dashes(points: &[(f64, f64)], pattern: &[f64]) -> Vec<Vec<(f64, f64)>> {
    let mut out: Vec<Vec<(f64, f64)>> = Vec::new();
    if pattern.is_empty() || pattern.iter().all(|&p| p <= 0.0) {
        return vec![points.to_vec()];
    }
    let mut index = 0usize;
    let mut left = pattern[0];
    let mut on = true;
    let mut current: Vec<(f64, f64)> = vec![points[0]];
    for pair in points.windows(2) {
        let (mut a, b) = (pair[0], pair[1]);
        let mut seg = ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt();
        while seg > left {
            let t = left / seg;
            let p = (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t);
            if on {
                current.push(p);
                out.push(std::mem::take(&mut current));
            } else {
                current = vec![p];
            }
            on = !on;
            seg -= left;
            a = p;
            index = (index + 1) % pattern.len();
            left = pattern[index];
        }
        left -= seg;
        if on {
            current.push(b);
        }
    }
    if on && current.len() >= 2 {
        out.push(current);
    }
    out
}

/// A linear map from data values to pixels.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Scale {
    /// Data value at the start.
    pub d0: f64,
    /// Data value at the end.
    pub d1: f64,
    /// Pixel at the start.
    pub r0: f64,
    /// Pixel at the end.
    pub r1: f64,
}

impl Scale {
    /// The pixel of `v`.
    pub(crate) fn map(&self, v: f64) -> f64 {
        if self.d1 == self.d0 {
            return (self.r0 + self.r1) / 2.0;
        }
        self.r0 + (v - self.d0) / (self.d1 - self.d0) * (self.r1 - self.r0)
    }
}

/// Round ticks covering `lo..=hi`, about `count` of them (steps of 1, 2, 2.5 or 5 times a
/// power of ten); returns the ticks and the step.
pub(crate) fn nice_ticks(lo: f64, hi: f64, count: usize) -> (Vec<f64>, f64) {
    let (lo, hi) = if hi > lo {
        (lo, hi)
    } else if lo == 0.0 {
        (0.0, 1.0)
    } else {
        (lo - lo.abs() * 0.1, hi + hi.abs() * 0.1)
    };
    let raw = (hi - lo) / count.max(1) as f64;
    let magnitude = 10f64.powi(raw.log10().floor() as i32);
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw * 0.999)
        .unwrap_or(10.0 * magnitude);
    let first = (lo / step).floor() as i64;
    let last = (hi / step).ceil() as i64;
    let ticks = (first..=last)
        .map(|i| {
            let v = i as f64 * step;
            // clean binary noise such as 0.30000000000000004
            (v / step).round() * step
        })
        .collect();
    (ticks, step)
}

/// Years to label on an axis from `first` to `last`: a step of 1, 2, 5, 10... years so that
/// at most `max` labels are shown, on multiples of the step.
pub(crate) fn year_ticks(first: i32, last: i32, max: usize) -> Vec<i32> {
    let span = (last - first).max(0);
    let step = [1, 2, 5, 10, 20, 25, 50, 100]
        .into_iter()
        .find(|s| (span / s + 1) as usize <= max.max(2))
        .unwrap_or(100);
    let start = first.div_euclid(step) * step;
    (0..)
        .map(|i| start + i * step)
        .skip_while(|y| *y < first)
        .take_while(|y| *y <= last)
        .collect()
}

/// Spreads label positions (sorted by wanted position) at least `gap` apart, keeping them
/// inside `lo..=hi` and as near to where they want to be as possible.
pub(crate) fn dodge(wanted: &[f64], gap: f64, lo: f64, hi: f64) -> Vec<f64> {
    let n = wanted.len();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| wanted[a].total_cmp(&wanted[b]).then(a.cmp(&b)));
    let mut placed: Vec<f64> = order.iter().map(|&i| wanted[i].clamp(lo, hi)).collect();
    for _ in 0..50 {
        let mut moved = false;
        for i in 1..n {
            let overlap = gap - (placed[i] - placed[i - 1]);
            if overlap > 0.01 {
                placed[i - 1] -= overlap / 2.0;
                placed[i] += overlap / 2.0;
                moved = true;
            }
        }
        if n > 0 {
            if placed[0] < lo {
                let shift = lo - placed[0];
                placed.iter_mut().for_each(|p| *p += shift);
            }
            if placed[n - 1] > hi {
                let shift = placed[n - 1] - hi;
                placed.iter_mut().for_each(|p| *p -= shift);
            }
        }
        if !moved {
            break;
        }
    }
    let mut out = vec![0.0; n];
    for (k, &i) in order.iter().enumerate() {
        out[i] = placed[k].round();
    }
    out
}

/// Escapes text for XML.
pub(crate) fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            other => out.push(other),
        }
    }
    out
}

/// Rounds plotters' font sizes to two decimals, names the family as a default on the root,
/// puts the text alternative in `<title>` (with `role="img"` for assistive technology), and
/// sets the `under` layer right after the background.
fn tidy(svg: &str, alt: &str, under: &str) -> String {
    let mut out = String::with_capacity(svg.len() + alt.len() + 128);
    let mut rest = svg;
    const ATTR: &str = "font-size=\"";
    while let Some(i) = rest.find(ATTR) {
        out.push_str(&rest[..i + ATTR.len()]);
        rest = &rest[i + ATTR.len()..];
        let end = rest.find('"').unwrap_or(rest.len());
        match rest[..end].parse::<f64>() {
            Ok(v) => {
                let s = format!("{:.2}", v);
                out.push_str(s.trim_end_matches('0').trim_end_matches('.'));
            }
            Err(_) => out.push_str(&rest[..end]),
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    let root_end = out.find(">\n").map(|i| i + 2).unwrap_or(0);
    let head = &out[..root_end];
    let head = head.replacen(
        "<svg ",
        &format!("<svg role=\"img\" font-family=\"{FONT_FAMILY}\" "),
        1,
    );
    let body = &out[root_end..];
    // the background is plotters' first element
    let after_background = if under.is_empty() {
        0
    } else {
        body.find("/>\n").map(|i| i + 3).unwrap_or(0)
    };
    format!(
        "{head}<title>{}</title>\n{}{under}{}",
        xml_escape(alt),
        &body[..after_background],
        &body[after_background..]
    )
}

/// The light grey of the plot's zero line.
pub(crate) const ZERO_LINE: RGBColor = rgb(0xB0B0B0);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_and_cover_the_range() {
        let (t, step) = nice_ticks(3.2, 47.9, 5);
        assert_eq!(step, 10.0);
        assert_eq!(t, vec![0.0, 10.0, 20.0, 30.0, 40.0, 50.0]);
        let (t, step) = nice_ticks(0.1, 0.7, 5);
        assert_eq!(step, 0.2);
        assert_eq!(t.len(), 5);
        assert_eq!(year_ticks(2013, 2030, 8), vec![2015, 2020, 2025, 2030]);
        assert_eq!(year_ticks(2018, 2023, 8), (2018..=2023).collect::<Vec<_>>());
    }

    #[test]
    fn dashes_alternate_on_and_off() {
        let d = dashes(&[(0.0, 0.0), (20.0, 0.0)], &[5.0, 5.0]);
        assert_eq!(d.len(), 2);
        assert_eq!(d[0], vec![(0.0, 0.0), (5.0, 0.0)]);
        assert_eq!(d[1], vec![(10.0, 0.0), (15.0, 0.0)]);
    }

    #[test]
    fn dodged_labels_keep_their_order_and_distance() {
        let out = dodge(&[100.0, 102.0, 50.0], 14.0, 0.0, 200.0);
        assert!(out[1] - out[0] >= 13.9);
        assert_eq!(out[2], 50.0);
    }

    #[test]
    fn text_is_measured_with_the_embedded_metrics() {
        let w = text_width("Target", 14.0, false);
        assert!(w > 35.0 && w < 55.0, "{w}");
        assert!(text_width("Target", 14.0, true) > w);
        assert_eq!(wrap("a b c", 1000.0, 14.0, false), vec!["a b c"]);
    }

    #[test]
    fn labels_are_wrapped_or_set_smaller_never_cut_off() {
        let text = "one two three four five six";
        let lines = wrap(text, 60.0, 14.0, false);
        assert!(lines.len() > 2);
        assert_eq!(lines.join(" "), text);
        assert!(lines.iter().all(|l| text_width(l, 14.0, false) <= 60.0));
        // a word wider than the line is broken between its letters, every letter kept
        let long = "Antidiscriminatory";
        let pieces = wrap(long, 40.0, 14.0, false);
        assert!(pieces.len() > 1);
        let joined: String = pieces.iter().map(|p| p.trim_end_matches('-')).collect();
        assert_eq!(joined, long);
        // each broken line ends in a hyphen; the last keeps at least two letters
        assert!(pieces[..pieces.len() - 1].iter().all(|p| p.ends_with('-')));
        assert!(pieces.last().unwrap().chars().count() >= 2, "{pieces:?}");
        assert!(
            pieces.iter().all(|p| text_width(p, 14.0, false) <= 40.5),
            "{pieces:?}"
        );
        // a label a little too wide is set a little smaller, on one line
        let font = Font::regular(13.0, PAPER);
        let w = text_width("Municipal cash transfer programme", 13.0, false);
        let (lines, set) = fit("Municipal cash transfer programme", w - 4.0, font, 1);
        assert_eq!(lines, vec!["Municipal cash transfer programme"]);
        assert!(set.size < 13.0 && set.size >= 10.4);
        // a much longer one is wrapped, whole
        let (lines, _) = fit(text, 60.0, font, 2);
        assert_eq!(lines.join(" "), text);
        assert!(lines.iter().all(|l| !l.contains('…')));
    }
}
