//! Progress methods over plain series: Open SDG / Statistics Canada, UNSD progress chart, ESCAP current status and Eurostat.
//!
//! Notation as in DESIGN.md: b base year, t latest year, T target year, v value, d = +1 when
//! an increase is desired and -1 otherwise. Every function takes the observations of one
//! series as `(year, value)` pairs sorted by year and returns a [`ProgressResult`].
//!
//! Conventions shared by the growth-rate methods (Open SDG, UNSD, Eurostat):
//! - CAGR = (v_t / v_b)^(1/(t-b)) - 1, with zeros replaced by 0.001 (Open SDG), and the
//!   required CAGR likewise with the target value.
//! - Growth rates need values of one sign: when all of them (and the target) are negative,
//!   their absolute values are used and d is flipped (Statistics Canada); values of both
//!   signs give "unable to assess".
//! - R is computed as d x CAGR / |CAGR_req|. Whenever the target lies in the desired direction
//!   from the base value (the case the ratio is meant for) this equals CAGR / CAGR_req of
//!   DESIGN.md; when the base value already lies beyond the target, it still reads the right
//!   way (Statistics Canada's form of the ratio).

use crate::model::{Direction, ProgressMethod};

use super::result::{Category, MethodStatus, ProgressResult, UnableReason, YearValue};

/// Zeros are replaced by this in growth rates (Open SDG).
pub const ZERO_REPLACEMENT: f64 = 0.001;

/// The period of the Eurostat short-term assessment, in years.
pub const EUROSTAT_SHORT_TERM: i32 = 5;
/// The period of the Eurostat long-term assessment, in years.
pub const EUROSTAT_LONG_TERM: i32 = 15;
/// Shortest span, in years, Eurostat accepts for a short-term assessment.
pub const EUROSTAT_SHORT_TERM_MIN_SPAN: i32 = 3;
/// Shortest span, in years, Eurostat accepts for a long-term assessment.
pub const EUROSTAT_LONG_TERM_MIN_SPAN: i32 = 10;

/// The target a progress method measures against.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ProgressTarget {
    /// v_T.
    pub value: f64,
    /// T.
    pub year: i32,
    /// A baseline value stated with the target, used instead of the data's base value.
    pub baseline: Option<f64>,
}

/// One series to assess.
#[derive(Debug, Clone, Copy)]
pub struct ProgressInput<'a> {
    /// Observations `(year, value)` sorted by year (the `Progress` column where there is one).
    pub points: &'a [(i32, f64)],
    /// Which way is progress.
    pub direction: Direction,
    /// The base year asked for (the first year with data from it on is used).
    pub base_year: i32,
    /// The target, if any.
    pub target: Option<ProgressTarget>,
}

/// Runs one method on one series.
pub fn assess(method: ProgressMethod, input: &ProgressInput) -> ProgressResult {
    match method {
        ProgressMethod::OpenSdg => open_sdg(input),
        ProgressMethod::UnsdProgressChart => unsd(input),
        ProgressMethod::EscapCurrentStatus => escap(input),
        ProgressMethod::EurostatShortTerm => eurostat(input, EUROSTAT_SHORT_TERM),
        ProgressMethod::EurostatLongTerm => eurostat(input, EUROSTAT_LONG_TERM),
    }
}

/// The compound annual growth rate from `from` to `to` over `years` years, zeros replaced by 0.001.
pub fn cagr(from: f64, to: f64, years: f64) -> f64 {
    (nonzero(to) / nonzero(from)).powf(1.0 / years) - 1.0
}

fn nonzero(v: f64) -> f64 {
    if v == 0.0 { ZERO_REPLACEMENT } else { v }
}

/// The Open SDG score of a ratio R (with a target): from -5 to 5, 0 at R = 0.6, 2.5 at 0.95.
///
/// DESIGN.md writes the slopes rounded (7.1429, 4.2857, 4.1667); these are the exact
/// fractions they round, which make the score continuous and hit 0 and 2.5 exactly.
pub fn open_sdg_score_with_target(r: f64) -> f64 {
    if r > 0.6 {
        (50.0 / 7.0 * r - 30.0 / 7.0).min(5.0)
    } else {
        (25.0 / 6.0 * r - 2.5).max(-5.0)
    }
}

/// The Open SDG score without a target: clamp(250 x d x CAGR, -5, 5) (DESIGN.md).
pub fn open_sdg_score_without_target(directed_cagr: f64) -> f64 {
    (250.0 * directed_cagr).clamp(-5.0, 5.0)
}

/// The first observation from `base_year` on, or the baseline stated with the target.
pub fn base_point(
    points: &[(i32, f64)],
    base_year: i32,
    baseline: Option<f64>,
) -> Option<YearValue> {
    if let Some(value) = baseline {
        return Some(YearValue {
            year: base_year,
            value,
        });
    }
    points
        .iter()
        .find(|(y, _)| *y >= base_year)
        .map(|&(year, value)| YearValue { year, value })
}

/// The latest observation.
pub fn latest_point(points: &[(i32, f64)]) -> Option<YearValue> {
    points
        .last()
        .map(|&(year, value)| YearValue { year, value })
}

/// Whether `value` meets `target` in the desired direction `d` (+1 or -1).
pub fn meets(value: f64, target: f64, d: f64) -> bool {
    d * (value - target) >= 0.0
}

/// The desired direction as a sign: +1, -1, or none (maintain or reach without a target,
/// or a target equal to the base value).
pub fn desired_sign(direction: Direction, base: f64, target: Option<f64>) -> Option<f64> {
    match direction {
        Direction::Increase => Some(1.0),
        Direction::Decrease => Some(-1.0),
        Direction::Maintain | Direction::Reach => {
            let t = target?;
            if t > base {
                Some(1.0)
            } else if t < base {
                Some(-1.0)
            } else {
                None
            }
        }
    }
}

/// Base, latest and target ready for growth rates: one sign, d flipped for negative values.
#[derive(Debug, Clone, Copy)]
struct Growth {
    base: YearValue,
    latest: YearValue,
    /// v_b, v_t and v_T made positive (absolute values when all are negative).
    vb: f64,
    vt: f64,
    vtarget: Option<f64>,
    /// d, flipped when the values were negative.
    d: f64,
    /// Whether the values were negative (and made positive).
    flipped: bool,
}

struct Prepared {
    base: Option<YearValue>,
    latest: Option<YearValue>,
    target: Option<YearValue>,
}

impl Prepared {
    fn new(input: &ProgressInput, base_year: i32, baseline: Option<f64>) -> Self {
        Prepared {
            base: base_point(input.points, base_year, baseline),
            latest: latest_point(input.points),
            target: input.target.map(|t| YearValue {
                year: t.year,
                value: t.value,
            }),
        }
    }

    fn unable(&self, method: ProgressMethod, reason: UnableReason) -> ProgressResult {
        ProgressResult {
            method,
            status: MethodStatus::UnableToAssess,
            category: Category::UnableToAssess,
            score: None,
            ratio: None,
            cagr: None,
            required_cagr: None,
            projected: None,
            base: self.base,
            latest: self.latest,
            target: self.target,
            reason: Some(reason),
        }
    }

    fn result(
        &self,
        method: ProgressMethod,
        status: MethodStatus,
        category: Category,
    ) -> ProgressResult {
        ProgressResult {
            method,
            status,
            category,
            score: None,
            ratio: None,
            cagr: None,
            required_cagr: None,
            projected: None,
            base: self.base,
            latest: self.latest,
            target: self.target,
            reason: None,
        }
    }

    /// Base and latest observations, at least one year apart.
    fn span(&self) -> Result<(YearValue, YearValue), UnableReason> {
        let base = self.base.ok_or(UnableReason::NoBaseValue)?;
        let latest = self.latest.ok_or(UnableReason::NoBaseValue)?;
        if latest.year <= base.year {
            return Err(UnableReason::SingleObservation);
        }
        Ok((base, latest))
    }

    /// Values ready for growth rates.
    fn growth(&self, direction: Direction) -> Result<Growth, UnableReason> {
        let (base, latest) = self.span()?;
        let target = self.target.map(|t| t.value);
        let d = desired_sign(direction, base.value, target).ok_or(UnableReason::NoDirection)?;
        let values = [Some(base.value), Some(latest.value), target];
        let positive = values.iter().flatten().any(|v| *v > 0.0);
        let negative = values.iter().flatten().any(|v| *v < 0.0);
        if positive && negative {
            return Err(UnableReason::ValuesChangeSign);
        }
        let (vb, vt, vtarget, d) = if negative {
            (-base.value, -latest.value, target.map(|t| -t), -d)
        } else {
            (base.value, latest.value, target, d)
        };
        Ok(Growth {
            base,
            latest,
            vb,
            vt,
            vtarget,
            d,
            flipped: negative,
        })
    }
}

/// Open SDG / Statistics Canada progress measure (the default method).
///
/// With a target: already met in the desired direction -> "target achieved" (score 5); else
/// R = CAGR / CAGR_req: >= 0.95 on track, >= 0.60 acceleration needed, >= 0 limited progress,
/// < 0 deterioration. Without a target: d x CAGR >= 1.5% on track, >= 0.5% acceleration
/// needed, >= 0 limited progress, < 0 deterioration.
pub fn open_sdg(input: &ProgressInput) -> ProgressResult {
    let method = ProgressMethod::OpenSdg;
    let p = Prepared::new(
        input,
        input.base_year,
        input.target.and_then(|t| t.baseline),
    );
    let g = match p.growth(input.direction) {
        Ok(g) => g,
        Err(reason) => return p.unable(method, reason),
    };
    let years = f64::from(g.latest.year - g.base.year);
    let c = cagr(g.vb, g.vt, years);
    match (input.target, g.vtarget) {
        (Some(target), Some(vtarget)) => {
            if meets(g.vt, vtarget, g.d) {
                let mut r = p.result(method, MethodStatus::TargetAchieved, Category::Achieved);
                r.score = Some(5.0);
                r.cagr = Some(c);
                return r;
            }
            if target.year <= g.base.year {
                return p.unable(method, UnableReason::TargetYearNotAfterBase);
            }
            let required = cagr(g.vb, vtarget, f64::from(target.year - g.base.year));
            let (status, category, ratio, score) = if required == 0.0 {
                // The target equals the base value and is not met: the value moved away.
                (
                    MethodStatus::Deterioration,
                    Category::Deterioration,
                    None,
                    -5.0,
                )
            } else {
                let ratio = g.d * c / required.abs();
                let (s, cat) = if ratio >= 0.95 {
                    (MethodStatus::OnTrack, Category::OnTrack)
                } else if ratio >= 0.60 {
                    (MethodStatus::AccelerationNeeded, Category::ProgressNeeded)
                } else if ratio >= 0.0 {
                    (MethodStatus::LimitedProgress, Category::OffTrack)
                } else {
                    (MethodStatus::Deterioration, Category::Deterioration)
                };
                (s, cat, Some(ratio), open_sdg_score_with_target(ratio))
            };
            let mut r = p.result(method, status, category);
            r.score = Some(score);
            r.ratio = ratio;
            r.cagr = Some(c);
            r.required_cagr = Some(required);
            r
        }
        _ => {
            let directed = g.d * c;
            let (status, category) = if directed >= 0.015 {
                (MethodStatus::OnTrack, Category::OnTrack)
            } else if directed >= 0.005 {
                (MethodStatus::AccelerationNeeded, Category::ProgressNeeded)
            } else if directed >= 0.0 {
                (MethodStatus::LimitedProgress, Category::OffTrack)
            } else {
                (MethodStatus::Deterioration, Category::Deterioration)
            };
            let mut r = p.result(method, status, category);
            r.score = Some(open_sdg_score_without_target(directed));
            r.cagr = Some(c);
            r
        }
    }
}

/// UN Statistics Division progress chart.
///
/// With a target: the value projected to T at the observed CAGR, v_T' = v_t (1 + CAGR)^(T - t),
/// and ratio = (v_T' - v_b) / (v_T - v_b): >= 0.95 on track, >= 0.10 moderate progress, else
/// stagnation or regression; a latest value that already meets the target is "target met".
/// Without a target: d x CAGR >= 2% substantial progress, >= 0.5% moderate, else stagnation
/// or regression. "Stagnation or regression" counts as deterioration when d x CAGR < 0.
pub fn unsd(input: &ProgressInput) -> ProgressResult {
    let method = ProgressMethod::UnsdProgressChart;
    let p = Prepared::new(
        input,
        input.base_year,
        input.target.and_then(|t| t.baseline),
    );
    let g = match p.growth(input.direction) {
        Ok(g) => g,
        Err(reason) => return p.unable(method, reason),
    };
    let years = f64::from(g.latest.year - g.base.year);
    let c = cagr(g.vb, g.vt, years);
    let stagnation = |p: &Prepared| {
        let category = if g.d * c < 0.0 {
            Category::Deterioration
        } else {
            Category::OffTrack
        };
        p.result(method, MethodStatus::StagnationOrRegression, category)
    };
    match (input.target, g.vtarget) {
        (Some(target), Some(vtarget)) => {
            if meets(g.vt, vtarget, g.d) {
                let mut r = p.result(method, MethodStatus::TargetMet, Category::Achieved);
                r.cagr = Some(c);
                return r;
            }
            if target.year <= g.base.year {
                return p.unable(method, UnableReason::TargetYearNotAfterBase);
            }
            let vb = nonzero(g.vb);
            let vtarget_nz = nonzero(vtarget);
            let projected = nonzero(g.vt) * (1.0 + c).powf(f64::from(target.year - g.latest.year));
            if vtarget_nz == vb {
                let mut r = stagnation(&p);
                r.cagr = Some(c);
                r.projected = Some(unflip(projected, &g));
                return r;
            }
            let ratio = (projected - vb) / (vtarget_nz - vb);
            let mut r = if ratio >= 0.95 {
                p.result(method, MethodStatus::OnTrack, Category::OnTrack)
            } else if ratio >= 0.10 {
                p.result(
                    method,
                    MethodStatus::ModerateProgress,
                    Category::ProgressNeeded,
                )
            } else {
                stagnation(&p)
            };
            r.ratio = Some(ratio);
            r.cagr = Some(c);
            r.projected = Some(unflip(projected, &g));
            r
        }
        _ => {
            let directed = g.d * c;
            let mut r = if directed >= 0.02 {
                p.result(method, MethodStatus::SubstantialProgress, Category::OnTrack)
            } else if directed >= 0.005 {
                p.result(
                    method,
                    MethodStatus::ModerateProgress,
                    Category::ProgressNeeded,
                )
            } else {
                stagnation(&p)
            };
            r.cagr = Some(c);
            r
        }
    }
}

/// The projected value in the data's own sign.
fn unflip(projected: f64, g: &Growth) -> f64 {
    if g.flipped { -projected } else { projected }
}

/// ESCAP current status index: (v_t - v_b) / (v_T - v_b), capped at 1.
///
/// 1 -> target achieved; from 0 to 1 -> progress made (the share of the way covered); below
/// 0 -> regression. Needs a target ("no target" otherwise). The index measures the distance
/// covered, not the pace, so it never says "on track".
pub fn escap(input: &ProgressInput) -> ProgressResult {
    let method = ProgressMethod::EscapCurrentStatus;
    let p = Prepared::new(
        input,
        input.base_year,
        input.target.and_then(|t| t.baseline),
    );
    let Some(target) = input.target else {
        let mut r = p.result(method, MethodStatus::NoTarget, Category::NoTarget);
        r.reason = None;
        return r;
    };
    let (base, latest) = match p.span() {
        Ok(s) => s,
        Err(reason) => return p.unable(method, reason),
    };
    if target.value == base.value {
        return p.unable(method, UnableReason::TargetEqualsBase);
    }
    let index = ((latest.value - base.value) / (target.value - base.value)).min(1.0);
    let (status, category) = if index >= 1.0 {
        (MethodStatus::TargetAchieved, Category::Achieved)
    } else if index >= 0.0 {
        (MethodStatus::ProgressMade, Category::ProgressNeeded)
    } else {
        (MethodStatus::Regression, Category::Deterioration)
    };
    let mut r = p.result(method, status, category);
    r.ratio = Some(index);
    r
}

/// Eurostat SDG monitoring over the last `period` years (5: short term, 15: long term).
///
/// The period starts at t - period (the first observation from then on; at least 3 years,
/// or 10 for the long term, must be covered). With a target: R = CAGR / CAGR_req, where the
/// required rate runs from the start of the period to the target year: >= 95% significant
/// progress, 60-95% moderate, 0-60% insufficient, < 0 movement away. Without a target:
/// d x CAGR > 1% significant progress, 0-1% moderate, < 0 movement away.
pub fn eurostat(input: &ProgressInput, period: i32) -> ProgressResult {
    let method = if period == EUROSTAT_SHORT_TERM {
        ProgressMethod::EurostatShortTerm
    } else {
        ProgressMethod::EurostatLongTerm
    };
    let min_span = if period == EUROSTAT_SHORT_TERM {
        EUROSTAT_SHORT_TERM_MIN_SPAN
    } else {
        EUROSTAT_LONG_TERM_MIN_SPAN
    };
    let start = input
        .points
        .last()
        .map(|(y, _)| y - period)
        .unwrap_or(input.base_year);
    let p = Prepared::new(input, start, None);
    let g = match p.growth(input.direction) {
        Ok(g) => g,
        Err(reason) => return p.unable(method, reason),
    };
    let span = g.latest.year - g.base.year;
    if span < min_span {
        return p.unable(method, UnableReason::PeriodTooShort);
    }
    let c = cagr(g.vb, g.vt, f64::from(span));
    match (input.target, g.vtarget) {
        (Some(target), Some(vtarget)) => {
            if target.year <= g.base.year {
                return p.unable(method, UnableReason::TargetYearNotAfterBase);
            }
            let required = cagr(g.vb, vtarget, f64::from(target.year - g.base.year));
            let ratio = if required == 0.0 {
                None
            } else {
                Some(g.d * c / required.abs())
            };
            let measure = ratio.unwrap_or(if g.d * c >= 0.0 { 1.0 } else { -1.0 });
            let (status, category) = if measure >= 0.95 {
                (MethodStatus::SignificantProgress, Category::OnTrack)
            } else if measure >= 0.60 {
                (MethodStatus::ModerateProgress, Category::ProgressNeeded)
            } else if measure >= 0.0 {
                (MethodStatus::InsufficientProgress, Category::OffTrack)
            } else {
                (MethodStatus::MovingAway, Category::Deterioration)
            };
            let mut r = p.result(method, status, category);
            r.ratio = ratio;
            r.cagr = Some(c);
            r.required_cagr = Some(required);
            r
        }
        _ => {
            let directed = g.d * c;
            let (status, category) = if directed > 0.01 {
                (MethodStatus::SignificantProgress, Category::OnTrack)
            } else if directed >= 0.0 {
                (MethodStatus::ModerateProgress, Category::ProgressNeeded)
            } else {
                (MethodStatus::MovingAway, Category::Deterioration)
            };
            let mut r = p.result(method, status, category);
            r.cagr = Some(c);
            r
        }
    }
}
