//! Colours, marker shapes and dash patterns: a colour-blind-safe palette (Okabe-Ito) with a second cue for every colour.

use plotters::style::RGBColor;
use serde::{Deserialize, Serialize};

use crate::model::indicator::{OhchrType, Perspective};

/// The font family every chart names; registered with plotters from the embedded files.
pub(crate) const FONT_FAMILY: &str = "Noto Sans";

/// A colour given as `0xRRGGBB`.
pub(crate) const fn rgb(hex: u32) -> RGBColor {
    RGBColor((hex >> 16) as u8, (hex >> 8) as u8, hex as u8)
}

/// Main text.
pub(crate) const INK: RGBColor = rgb(0x1A1A1A);
/// Secondary text (units, sources, axis labels).
pub(crate) const MUTED: RGBColor = rgb(0x555555);
/// Axis lines.
pub(crate) const AXIS: RGBColor = rgb(0x8C8C8C);
/// Grid lines.
pub(crate) const GRID: RGBColor = rgb(0xE3E3E3);
/// Light fills (bands, remainders, empty tiles).
pub(crate) const LIGHT: RGBColor = rgb(0xEDEDED);
/// The page background.
pub(crate) const PAPER: RGBColor = rgb(0xFFFFFF);
/// The headline or total series.
pub(crate) const HEADLINE: RGBColor = rgb(0x1A1A1A);
/// Targets and trajectories (Okabe-Ito reddish purple).
pub(crate) const TARGET: RGBColor = rgb(0xCC79A7);

/// Okabe-Ito colours for series, in the order series take them (yellow left out: too light
/// for lines on white).
pub(crate) const SERIES: [RGBColor; 6] = [
    rgb(0x0072B2), // blue
    rgb(0xD55E00), // vermillion
    rgb(0x009E73), // bluish green
    rgb(0xCC79A7), // reddish purple
    rgb(0xE69F00), // orange
    rgb(0x56B4E9), // sky blue
];

/// Marker shapes: the second cue beside colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    /// A filled circle.
    Circle,
    /// A filled square.
    Square,
    /// A filled triangle pointing up.
    TriangleUp,
    /// A filled diamond.
    Diamond,
    /// A filled triangle pointing down.
    TriangleDown,
    /// A filled five-pointed star.
    Star,
    /// An open circle.
    Ring,
    /// An x-shaped cross.
    Cross,
    /// A filled regular pentagon.
    Pentagon,
    /// A filled regular hexagon.
    Hexagon,
    /// A plus sign.
    Plus,
    /// A short horizontal bar.
    Minus,
    /// A diagonal bar, as a stroke of the pen: a status written by the publisher.
    Slash,
}

/// How a status glyph is filled: the second cue, beside the shape, that tells statuses of one
/// tone apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Fill {
    /// Filled with the status's shade (a stroke glyph: drawn in it).
    Solid,
    /// Outlined in the status's shade, white inside.
    Open,
    /// Outlined, with a dot in the middle.
    Dot,
}

/// The mark a status is drawn with in charts and tables: its own glyph (shape and fill) and its
/// own shade.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusMark {
    /// The shape.
    pub shape: Marker,
    /// How the shape is filled.
    pub fill: Fill,
    /// The status's shade.
    pub colour: RGBColor,
    /// A darker outline for light shades, so that they stand out on white.
    pub outline: Option<RGBColor>,
}

impl StatusMark {
    /// The glyph's name as templates draw it (`star`, `star-open`, `star-dot`, ...).
    pub fn glyph(self) -> String {
        let shape = match self.shape {
            Marker::Circle | Marker::Ring => "circle",
            Marker::Square => "square",
            Marker::TriangleUp => "triangle-up",
            Marker::Diamond => "diamond",
            Marker::TriangleDown => "triangle-down",
            Marker::Star => "star",
            Marker::Cross => "cross",
            Marker::Pentagon => "pentagon",
            Marker::Hexagon => "hexagon",
            Marker::Plus => "plus",
            Marker::Minus => "minus",
            Marker::Slash => "slash",
        };
        match self.fill {
            Fill::Solid => shape.to_string(),
            Fill::Open => format!("{shape}-open"),
            Fill::Dot => format!("{shape}-dot"),
        }
    }
}

/// A colour as `#rrggbb`.
pub(crate) fn hex(c: RGBColor) -> String {
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

impl Marker {
    /// Whether the marker is drawn as lines (a cross, plus or minus) rather than a filled shape.
    pub fn is_stroke(self) -> bool {
        matches!(
            self,
            Marker::Cross | Marker::Plus | Marker::Minus | Marker::Slash
        )
    }
}

/// The marker of the series at `index`.
pub(crate) fn series_marker(index: usize) -> Marker {
    const MARKERS: [Marker; 6] = [
        Marker::Circle,
        Marker::Square,
        Marker::TriangleUp,
        Marker::Diamond,
        Marker::TriangleDown,
        Marker::Cross,
    ];
    MARKERS[index % MARKERS.len()]
}

/// The colour of the series at `index`.
pub(crate) fn series_colour(index: usize) -> RGBColor {
    SERIES[index % SERIES.len()]
}

/// Dash patterns (on, off lengths in pixels); the empty pattern is a solid line.
pub(crate) fn series_dash(index: usize) -> &'static [f64] {
    const DASHES: [&[f64]; 4] = [&[], &[7.0, 4.0], &[2.0, 3.0], &[9.0, 3.0, 2.0, 3.0]];
    DASHES[index % DASHES.len()]
}

/// The dash of targets and trajectories.
pub(crate) const TARGET_DASH: &[f64] = &[6.0, 4.0];

/// An assessed status, named as the method that gave it names it (kebab-case, as the
/// assessment serialises it); each has a tone that decides its colour and marker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Open SDG: the target is already met.
    TargetAchieved,
    /// Open SDG, UN Statistics Division, targets: on track.
    OnTrack,
    /// Open SDG: acceleration needed.
    AccelerationNeeded,
    /// Open SDG: limited progress.
    LimitedProgress,
    /// Open SDG: deterioration.
    Deterioration,
    /// UN Statistics Division without a target: substantial progress.
    SubstantialProgress,
    /// UN Statistics Division, Eurostat: moderate progress.
    ModerateProgress,
    /// UN Statistics Division: stagnation or regression.
    StagnationOrRegression,
    /// Eurostat: significant progress.
    SignificantProgress,
    /// Eurostat: insufficient progress.
    InsufficientProgress,
    /// Eurostat: moving away from the target.
    MovingAway,
    /// Targets and milestones: met.
    Met,
    /// Targets: not met.
    NotMet,
    /// Targets: off track.
    OffTrack,
    /// Milestones: not met yet, deadline ahead.
    Due,
    /// Milestones: not met, deadline passed.
    Overdue,
    /// Too few observations or no target to judge against.
    UnableToAssess,
    /// Summary category: the target is achieved or met.
    Achieved,
    /// Summary category: progress is made, but too slowly.
    ProgressNeeded,
    /// UN Statistics Division: the latest value meets the target.
    TargetMet,
    /// ESCAP: part of the way from the base value to the target.
    ProgressMade,
    /// ESCAP: further from the target than in the base year.
    Regression,
    /// The method needs a target and the indicator has none.
    NoTarget,
    /// The indicator is not assessed (a context indicator).
    NotAssessed,
    /// Banded points: scored, the points are stated elsewhere.
    Scored,
    /// Non-retrogression: no fall beyond the tolerance.
    NoRetrogression,
    /// Non-retrogression: a fall beyond the tolerance.
    Retrogression,
    /// The publisher of the data set a status in its own words, which no category holds.
    SetByPublisher,
}

impl From<crate::assess::Category> for Status {
    /// The summary category under its own name (a renamed category fails to compile here).
    fn from(c: crate::assess::Category) -> Status {
        use crate::assess::Category as C;
        match c {
            C::Achieved => Status::Achieved,
            C::OnTrack => Status::OnTrack,
            C::ProgressNeeded => Status::ProgressNeeded,
            C::OffTrack => Status::OffTrack,
            C::Deterioration => Status::Deterioration,
            C::UnableToAssess => Status::UnableToAssess,
            C::NoTarget => Status::NoTarget,
            C::NotAssessed => Status::NotAssessed,
        }
    }
}

impl From<crate::assess::MethodStatus> for Status {
    /// A progress method's status under the method's own name.
    fn from(m: crate::assess::MethodStatus) -> Status {
        use crate::assess::MethodStatus as M;
        match m {
            M::TargetAchieved => Status::TargetAchieved,
            M::OnTrack => Status::OnTrack,
            M::AccelerationNeeded => Status::AccelerationNeeded,
            M::LimitedProgress => Status::LimitedProgress,
            M::Deterioration => Status::Deterioration,
            M::TargetMet => Status::TargetMet,
            M::SubstantialProgress => Status::SubstantialProgress,
            M::ModerateProgress => Status::ModerateProgress,
            M::StagnationOrRegression => Status::StagnationOrRegression,
            M::ProgressMade => Status::ProgressMade,
            M::Regression => Status::Regression,
            M::SignificantProgress => Status::SignificantProgress,
            M::InsufficientProgress => Status::InsufficientProgress,
            M::MovingAway => Status::MovingAway,
            M::UnableToAssess => Status::UnableToAssess,
            M::NoTarget => Status::NoTarget,
            M::NotAssessed => Status::NotAssessed,
        }
    }
}

impl From<crate::assess::TargetStatus> for Status {
    /// A target check's status under its own name.
    fn from(t: crate::assess::TargetStatus) -> Status {
        use crate::assess::TargetStatus as T;
        match t {
            T::Met => Status::Met,
            T::NotMet => Status::NotMet,
            T::OnTrack => Status::OnTrack,
            T::OffTrack => Status::OffTrack,
            T::Due => Status::Due,
            T::Overdue => Status::Overdue,
            T::Scored => Status::Scored,
            T::NoRetrogression => Status::NoRetrogression,
            T::Retrogression => Status::Retrogression,
            T::UnableToAssess => Status::UnableToAssess,
        }
    }
}

/// How good a status is: decides its colour family, glyph family and order, from best to unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tone {
    /// Target met.
    Achieved,
    /// On track.
    Good,
    /// Progress, but too slow.
    Fair,
    /// Little progress.
    Poor,
    /// Moving the wrong way or failed.
    Bad,
    /// Not yet due.
    Pending,
    /// Not assessed.
    Unknown,
}

impl Status {
    /// Every status, in the order legends draw them (by tone).
    pub const ALL: [Status; 28] = [
        Status::TargetAchieved,
        Status::Met,
        Status::Achieved,
        Status::TargetMet,
        Status::OnTrack,
        Status::SubstantialProgress,
        Status::SignificantProgress,
        Status::NoRetrogression,
        Status::AccelerationNeeded,
        Status::ModerateProgress,
        Status::ProgressNeeded,
        Status::ProgressMade,
        Status::LimitedProgress,
        Status::InsufficientProgress,
        Status::OffTrack,
        Status::Deterioration,
        Status::StagnationOrRegression,
        Status::MovingAway,
        Status::NotMet,
        Status::Overdue,
        Status::Regression,
        Status::Retrogression,
        Status::Due,
        Status::UnableToAssess,
        Status::NoTarget,
        Status::NotAssessed,
        Status::Scored,
        Status::SetByPublisher,
    ];

    /// The kebab-case key, as in the `labels` of the sentence templates.
    pub fn key(self) -> &'static str {
        match self {
            Status::TargetAchieved => "target-achieved",
            Status::OnTrack => "on-track",
            Status::AccelerationNeeded => "acceleration-needed",
            Status::LimitedProgress => "limited-progress",
            Status::Deterioration => "deterioration",
            Status::SubstantialProgress => "substantial-progress",
            Status::ModerateProgress => "moderate-progress",
            Status::StagnationOrRegression => "stagnation-or-regression",
            Status::SignificantProgress => "significant-progress",
            Status::InsufficientProgress => "insufficient-progress",
            Status::MovingAway => "moving-away",
            Status::Met => "met",
            Status::NotMet => "not-met",
            Status::OffTrack => "off-track",
            Status::Due => "due",
            Status::Overdue => "overdue",
            Status::UnableToAssess => "unable-to-assess",
            Status::Achieved => "achieved",
            Status::ProgressNeeded => "progress-needed",
            Status::TargetMet => "target-met",
            Status::ProgressMade => "progress-made",
            Status::Regression => "regression",
            Status::NoTarget => "no-target",
            Status::NotAssessed => "not-assessed",
            Status::Scored => "scored",
            Status::NoRetrogression => "no-retrogression",
            Status::Retrogression => "retrogression",
            Status::SetByPublisher => "set-by-publisher",
        }
    }

    /// The status's own mark: a glyph of its tone's family (star for achieved, triangle up
    /// for on track, diamond for too slow, square for little progress, triangle down or
    /// hexagon for the wrong way, circle for pending and unknown) and a shade of its tone's
    /// colour whose lightness differs from the statuses drawn beside it, so that it reads in
    /// greyscale.
    pub fn mark(self) -> StatusMark {
        let (shape, fill, colour, outline) = match self {
            Status::TargetAchieved => (Marker::Star, Fill::Solid, 0x015688, None),
            Status::Met => (Marker::Star, Fill::Dot, 0x3D8ED1, None),
            Status::Achieved => (Marker::Pentagon, Fill::Solid, 0x0072B2, None),
            Status::TargetMet => (Marker::Star, Fill::Open, 0x00659F, None),
            Status::OnTrack => (
                Marker::TriangleUp,
                Fill::Solid,
                0x5FDCAD,
                Some(rgb(0x026145)),
            ),
            Status::SubstantialProgress => (Marker::TriangleUp, Fill::Open, 0x047A58, None),
            Status::SignificantProgress => (Marker::TriangleUp, Fill::Dot, 0x058A65, None),
            Status::NoRetrogression => (Marker::Pentagon, Fill::Open, 0x01513A, None),
            Status::AccelerationNeeded => (Marker::Diamond, Fill::Solid, 0xB1A908, None),
            Status::ModerateProgress => (Marker::Diamond, Fill::Open, 0xA09903, None),
            Status::ProgressNeeded => (Marker::Diamond, Fill::Dot, 0x908900, None),
            Status::ProgressMade => (Marker::Pentagon, Fill::Dot, 0x7F7A00, None),
            Status::LimitedProgress => (Marker::Square, Fill::Solid, 0xFFC56E, Some(rgb(0x734D00))),
            Status::InsufficientProgress => (Marker::Square, Fill::Open, 0xA36F00, None),
            Status::OffTrack => (Marker::Square, Fill::Dot, 0x805600, None),
            Status::Deterioration => (Marker::TriangleDown, Fill::Solid, 0xFE802D, None),
            Status::StagnationOrRegression => (Marker::TriangleDown, Fill::Open, 0xC75600, None),
            Status::MovingAway => (Marker::TriangleDown, Fill::Dot, 0xEB701B, None),
            Status::NotMet => (Marker::Cross, Fill::Solid, 0x6A2B00, None),
            Status::Overdue => (Marker::Hexagon, Fill::Dot, 0xA94900, None),
            Status::Regression => (Marker::Hexagon, Fill::Solid, 0xFE9F66, Some(rgb(0x8F3B00))),
            Status::Retrogression => (Marker::Hexagon, Fill::Open, 0x843600, None),
            Status::Due => (Marker::Circle, Fill::Solid, 0x3EA2D6, None),
            Status::UnableToAssess => (Marker::Circle, Fill::Open, 0x474747, None),
            Status::NoTarget => (Marker::Minus, Fill::Solid, 0x666666, None),
            Status::NotAssessed => (Marker::Circle, Fill::Dot, 0x969696, None),
            Status::Scored => (Marker::Plus, Fill::Solid, 0x747474, None),
            Status::SetByPublisher => (Marker::Slash, Fill::Solid, 0x595959, None),
        };
        StatusMark {
            shape,
            fill,
            colour: rgb(colour),
            outline,
        }
    }

    /// The tone of the status.
    pub fn tone(self) -> Tone {
        match self {
            Status::TargetAchieved | Status::Met | Status::Achieved | Status::TargetMet => {
                Tone::Achieved
            }
            Status::OnTrack
            | Status::SubstantialProgress
            | Status::SignificantProgress
            | Status::NoRetrogression => Tone::Good,
            Status::AccelerationNeeded
            | Status::ModerateProgress
            | Status::ProgressNeeded
            | Status::ProgressMade => Tone::Fair,
            Status::LimitedProgress | Status::InsufficientProgress | Status::OffTrack => Tone::Poor,
            Status::Deterioration
            | Status::StagnationOrRegression
            | Status::MovingAway
            | Status::NotMet
            | Status::Overdue
            | Status::Regression
            | Status::Retrogression => Tone::Bad,
            Status::Due => Tone::Pending,
            Status::UnableToAssess
            | Status::NoTarget
            | Status::NotAssessed
            | Status::Scored
            | Status::SetByPublisher => Tone::Unknown,
        }
    }
}

impl Tone {
    /// The fill colour (Okabe-Ito).
    pub fn colour(self) -> RGBColor {
        match self {
            Tone::Achieved => rgb(0x0072B2),
            Tone::Good => rgb(0x009E73),
            Tone::Fair => rgb(0xF0E442),
            Tone::Poor => rgb(0xE69F00),
            Tone::Bad => rgb(0xD55E00),
            Tone::Pending => rgb(0x56B4E9),
            Tone::Unknown => rgb(0x9A9A9A),
        }
    }

    /// The outline of its marker: dark for the light yellow, none otherwise.
    pub fn outline(self) -> Option<RGBColor> {
        match self {
            Tone::Fair => Some(rgb(0x6B6400)),
            Tone::Unknown => Some(rgb(0x6E6E6E)),
            _ => None,
        }
    }

    /// The marker shape of the tone's family.
    pub fn marker(self) -> Marker {
        match self {
            Tone::Achieved => Marker::Star,
            Tone::Good => Marker::TriangleUp,
            Tone::Fair => Marker::Diamond,
            Tone::Poor => Marker::Square,
            Tone::Bad => Marker::TriangleDown,
            Tone::Pending => Marker::Circle,
            Tone::Unknown => Marker::Ring,
        }
    }
}

/// The colour theme of a dashboard tile or bar: an SDG, an OHCHR type, a perspective, or none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Theme {
    /// SDG 1 to 17, in its official colour.
    Sdg(u8),
    /// An OHCHR indicator type.
    Ohchr(OhchrType),
    /// A Balanced Score Card perspective.
    Perspective(Perspective),
    /// A neutral slate blue.
    Neutral,
}

/// The official colours of the 17 SDGs (UN communications guidelines).
pub(crate) const SDG_COLOURS: [u32; 17] = [
    0xE5243B, 0xDDA63A, 0x4C9F38, 0xC5192D, 0xFF3A21, 0x26BDE2, 0xFCC30B, 0xA21942, 0xFD6925,
    0xDD1367, 0xFD9D24, 0xBF8B2E, 0x3F7E44, 0x0A97D9, 0x56C02B, 0x00689D, 0x19486A,
];

impl Theme {
    /// The theme's colour.
    pub fn colour(self) -> RGBColor {
        match self {
            Theme::Sdg(n) if (1..=17).contains(&n) => rgb(SDG_COLOURS[usize::from(n - 1)]),
            Theme::Sdg(_) | Theme::Neutral => rgb(0x3E5468),
            Theme::Ohchr(OhchrType::Structural) => rgb(0x0072B2),
            Theme::Ohchr(OhchrType::Process) => rgb(0xE69F00),
            Theme::Ohchr(OhchrType::Outcome) => rgb(0x009E73),
            Theme::Perspective(Perspective::Citizens) => rgb(0x0072B2),
            Theme::Perspective(Perspective::Finance) => rgb(0xE69F00),
            Theme::Perspective(Perspective::Processes) => rgb(0x009E73),
            Theme::Perspective(Perspective::Employees) => rgb(0xCC79A7),
        }
    }

    /// The colour of large bold text (such as a goal number) on the theme's colour.
    pub fn text_colour(self) -> RGBColor {
        large_text_on(self.colour())
    }
}

/// White for large bold text on `bg` when it reaches the WCAG contrast of 3:1 for large
/// text, otherwise black.
pub(crate) fn large_text_on(bg: RGBColor) -> RGBColor {
    let with_white = 1.05 / (relative_luminance(bg) + 0.05);
    if with_white >= 3.0 { PAPER } else { INK }
}

/// WCAG relative luminance of a colour.
fn relative_luminance(c: RGBColor) -> f64 {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assessment_statuses_keep_their_names_in_the_chart_vocabulary() {
        use crate::assess::{Category, MethodStatus as M, TargetStatus as T};
        let name = |v: serde_json::Value| v.as_str().unwrap_or_default().to_string();
        for c in Category::ALL {
            let s = Status::from(c);
            assert_eq!(name(serde_json::json!(s)), name(serde_json::json!(c)));
        }
        for m in [
            M::TargetAchieved,
            M::OnTrack,
            M::AccelerationNeeded,
            M::LimitedProgress,
            M::Deterioration,
            M::TargetMet,
            M::SubstantialProgress,
            M::ModerateProgress,
            M::StagnationOrRegression,
            M::ProgressMade,
            M::Regression,
            M::SignificantProgress,
            M::InsufficientProgress,
            M::MovingAway,
            M::UnableToAssess,
            M::NoTarget,
            M::NotAssessed,
        ] {
            assert_eq!(
                name(serde_json::json!(Status::from(m))),
                name(serde_json::json!(m))
            );
        }
        for t in [
            T::Met,
            T::NotMet,
            T::OnTrack,
            T::OffTrack,
            T::Due,
            T::Overdue,
            T::Scored,
            T::NoRetrogression,
            T::Retrogression,
            T::UnableToAssess,
        ] {
            assert_eq!(
                name(serde_json::json!(Status::from(t))),
                name(serde_json::json!(t))
            );
        }
    }

    /// CIE L* (0 black to 100 white): the grey a colour prints as.
    fn lightness(c: RGBColor) -> f64 {
        let y = relative_luminance(c);
        if y > 216.0 / 24389.0 {
            116.0 * y.cbrt() - 16.0
        } else {
            y * 24389.0 / 27.0
        }
    }

    /// The statuses a chart may draw side by side: each progress method's vocabulary (with
    /// the statuses every method may give), alone and with the target statuses, the summary
    /// categories and the scorecard lights; in drawing order.
    fn drawn_together() -> Vec<(&'static str, Vec<Status>)> {
        use Status::*;
        let common = [UnableToAssess, NotAssessed, NoTarget, SetByPublisher];
        let targets = [
            Met,
            NotMet,
            OnTrack,
            OffTrack,
            Due,
            Overdue,
            Scored,
            NoRetrogression,
            Retrogression,
        ];
        let vocabularies: [(&str, &[Status]); 6] = [
            (
                "open-sdg",
                &[
                    TargetAchieved,
                    OnTrack,
                    AccelerationNeeded,
                    LimitedProgress,
                    Deterioration,
                ],
            ),
            (
                "unsd",
                &[
                    TargetMet,
                    OnTrack,
                    SubstantialProgress,
                    ModerateProgress,
                    StagnationOrRegression,
                ],
            ),
            ("escap", &[TargetAchieved, ProgressMade, Regression]),
            (
                "eurostat",
                &[
                    SignificantProgress,
                    ModerateProgress,
                    InsufficientProgress,
                    MovingAway,
                ],
            ),
            (
                "categories",
                &[Achieved, OnTrack, ProgressNeeded, OffTrack, Deterioration],
            ),
            ("lights", &[OnTrack, ProgressNeeded, OffTrack, Due]),
        ];
        let in_order = |set: Vec<Status>| -> Vec<Status> {
            Status::ALL
                .iter()
                .copied()
                .filter(|s| set.contains(s))
                .collect()
        };
        let mut out = Vec::new();
        for (name, v) in vocabularies {
            let alone: Vec<Status> = v.iter().chain(&common).copied().collect();
            let with_targets: Vec<Status> = alone.iter().chain(&targets).copied().collect();
            out.push((name, in_order(alone)));
            out.push((name, in_order(with_targets)));
        }
        out
    }

    #[test]
    fn every_status_has_its_own_glyph_and_shade() {
        for (i, a) in Status::ALL.iter().enumerate() {
            for b in &Status::ALL[i + 1..] {
                let (ma, mb) = (a.mark(), b.mark());
                assert_ne!(ma.glyph(), mb.glyph(), "{a:?} and {b:?} share a glyph");
                assert_ne!(ma.colour, mb.colour, "{a:?} and {b:?} share a shade");
            }
        }
        // ALL holds every status once, in the drawing order (by tone)
        let mut sorted = Status::ALL;
        sorted.sort_by_key(|s| (s.tone(), *s));
        assert_eq!(sorted, Status::ALL);
        let mut unique = Status::ALL.to_vec();
        unique.dedup();
        assert_eq!(unique.len(), 28);
    }

    #[test]
    fn statuses_drawn_side_by_side_differ_in_greyscale() {
        for (name, statuses) in drawn_together() {
            for pair in statuses.windows(2) {
                let (a, b) = (pair[0].mark().colour, pair[1].mark().colour);
                let diff = (lightness(a) - lightness(b)).abs();
                assert!(
                    diff >= 10.0,
                    "{name}: {:?} and {:?} print as greys only {diff:.1} L* apart",
                    pair[0],
                    pair[1]
                );
            }
        }
    }

    #[test]
    fn light_shades_are_outlined_and_outlines_are_dark() {
        for s in Status::ALL {
            let m = s.mark();
            let light = lightness(m.colour);
            if m.fill == Fill::Solid && light > 70.0 {
                assert!(m.outline.is_some(), "{s:?} is light and has no outline");
            }
            if m.fill != Fill::Solid || m.shape.is_stroke() {
                assert!(
                    light <= 62.5,
                    "{s:?} is drawn as a line and too light to see"
                );
            }
            if let Some(o) = m.outline {
                assert!(lightness(o) < 45.0, "{s:?} has a light outline");
            }
        }
    }

    #[test]
    fn status_keys_match_their_serde_names() {
        for s in [
            Status::TargetAchieved,
            Status::StagnationOrRegression,
            Status::Due,
        ] {
            let json = serde_json::to_string(&s).unwrap();
            assert_eq!(json, format!("\"{}\"", s.key()));
        }
    }

    #[test]
    fn text_on_tiles_is_white_on_dark_and_black_on_yellow() {
        assert_eq!(Theme::Sdg(7).text_colour(), INK);
        assert_eq!(Theme::Sdg(17).text_colour(), PAPER);
        assert_eq!(Theme::Sdg(1).text_colour(), PAPER);
    }
}
