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
    /// The natural bound of the values (Open SDG's `limit`, such as 100 for a percentage):
    /// without a target, the Open SDG thresholds shrink as the base value nears it.
    pub limit: Option<f64>,
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

/// The exponent of Open SDG's threshold reduction near a limit.
pub const LIMIT_EXPONENT: f64 = 4.44;

/// The factor (0 to 1) by which Open SDG scales its thresholds without a target when the
/// values have a natural bound L (`limit`): with b = |base value| and L = |limit|,
/// 1 - (b / L)^4.44 up to the limit, 1 - ((2L - b) / L)^4.44 beyond it, 1 from 2L on. A
/// series already near its bound cannot grow fast, so a slower growth counts as progress.
pub fn limit_coefficient(base: f64, limit: f64) -> f64 {
    let (b, l) = (base.abs(), limit.abs());
    if b >= 2.0 * l {
        1.0
    } else if b <= l {
        1.0 - (b / l).powf(LIMIT_EXPONENT)
    } else {
        1.0 - ((2.0 * l - b) / l).powf(LIMIT_EXPONENT)
    }
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
        Direction::NotStated => None,
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
/// needed, >= 0 limited progress, < 0 deterioration, the two thresholds scaled by
/// [`limit_coefficient`] when the values have a limit (a target makes the limit moot).
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
            // near a limit the thresholds shrink by the coefficient (0: the base value is
            // the limit, so holding it is progress)
            let k = input
                .limit
                .map_or(1.0, |l| limit_coefficient(g.base.value, l));
            let (status, category) = if directed >= 0.015 * k {
                (MethodStatus::OnTrack, Category::OnTrack)
            } else if directed >= 0.005 * k {
                (MethodStatus::AccelerationNeeded, Category::ProgressNeeded)
            } else if directed >= 0.0 {
                (MethodStatus::LimitedProgress, Category::OffTrack)
            } else {
                (MethodStatus::Deterioration, Category::Deterioration)
            };
            let mut r = p.result(method, status, category);
            // the score reads the growth against the shrunk thresholds
            r.score = Some(if directed < 0.0 {
                open_sdg_score_without_target(directed)
            } else if k <= 0.0 {
                5.0
            } else {
                open_sdg_score_without_target(directed / k)
            });
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
    // A target the latest value already meets in the desired direction is achieved, even when
    // the base value had met it too (the formula would then divide by a gap in the wrong way).
    let already_met = desired_sign(input.direction, base.value, Some(target.value))
        .is_some_and(|d| meets(latest.value, target.value, d));
    if target.value == base.value && !already_met {
        return p.unable(method, UnableReason::TargetEqualsBase);
    }
    let index = if already_met {
        1.0
    } else {
        ((latest.value - base.value) / (target.value - base.value)).min(1.0)
    };
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

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: Option<f64>, b: f64) -> bool {
        a.is_some_and(|a| (a - b).abs() < 1e-6)
    }

    fn input(
        points: &[(i32, f64)],
        direction: Direction,
        target: Option<(f64, i32)>,
    ) -> ProgressInput<'_> {
        ProgressInput {
            points,
            direction,
            base_year: 2015,
            target: target.map(|(value, year)| ProgressTarget {
                value,
                year,
                baseline: None,
            }),
            limit: None,
        }
    }

    #[test]
    fn open_sdg_with_target_on_track() {
        // CAGR = (60/50)^(1/5) - 1 = 0.0371373; required = (80/50)^(1/15) - 1 = 0.0318296;
        // R = 1.16675 >= 0.95 -> on track; score = 50/7 R - 30/7 = 4.04823.
        let pts = [(2015, 50.0), (2018, 55.0), (2020, 60.0)];
        let r = open_sdg(&input(&pts, Direction::Increase, Some((80.0, 2030))));
        assert_eq!(r.status, MethodStatus::OnTrack);
        assert_eq!(r.category, Category::OnTrack);
        assert!(close(r.cagr, 0.037_137_289), "{:?}", r.cagr);
        assert!(close(r.required_cagr, 0.031_829_639));
        assert!(close(r.ratio, 1.166_751_810));
        assert!(close(r.score, 4.048_227_217));
        assert_eq!(
            r.base,
            Some(YearValue {
                year: 2015,
                value: 50.0
            })
        );
        assert_eq!(
            r.latest,
            Some(YearValue {
                year: 2020,
                value: 60.0
            })
        );
    }

    #[test]
    fn open_sdg_decreasing_is_better() {
        // Poverty 24.0 (2015) -> 21.0 (2022), halve by 2030: CAGR = -0.0188951,
        // required = (12/24)^(1/15) - 1 = -0.0451584, R = 0.418419 -> limited progress,
        // score = 25/6 R - 2.5 = -0.756589.
        let pts = [(2015, 24.0), (2022, 21.0)];
        let r = open_sdg(&input(&pts, Direction::Decrease, Some((12.0, 2030))));
        assert_eq!(r.status, MethodStatus::LimitedProgress);
        assert_eq!(r.category, Category::OffTrack);
        assert!(close(r.ratio, 0.418_418_745));
        assert!(close(r.score, -0.756_588_562));
        // The same fall with increase desired is a deterioration (R < 0, score floor -5
        // not reached: 25/6 x (-0.418) - 2.5 = -4.243).
        let r = open_sdg(&input(&pts, Direction::Increase, Some((30.0, 2030))));
        assert_eq!(r.status, MethodStatus::Deterioration);
        assert!(r.score.unwrap() < -2.5);
    }

    #[test]
    fn open_sdg_replaces_zeros() {
        // 0 -> 5 over 5 years: CAGR = (5 / 0.001)^(1/5) - 1 = 4.492803 -> on track, score 5.
        let pts = [(2015, 0.0), (2020, 5.0)];
        let r = open_sdg(&input(&pts, Direction::Increase, None));
        assert_eq!(r.status, MethodStatus::OnTrack);
        assert!(close(r.cagr, 4.492_802_717));
        assert_eq!(r.score, Some(5.0));
        // Zero as the target: 10 -> 5 (2015-2020), to 0 by 2030: CAGR = -0.1294494,
        // required = (0.001/10)^(1/15) - 1 = -0.4588305, R = 0.282129 -> limited progress.
        let pts = [(2015, 10.0), (2020, 5.0)];
        let r = open_sdg(&input(&pts, Direction::Decrease, Some((0.0, 2030))));
        assert_eq!(r.status, MethodStatus::LimitedProgress);
        assert!(close(r.ratio, 0.282_129_118));
        assert!(close(r.score, -1.324_462_009));
    }

    #[test]
    fn open_sdg_needs_two_observations_from_the_base_year() {
        let one = [(2016, 5.0)];
        let r = open_sdg(&input(&one, Direction::Increase, None));
        assert_eq!(r.status, MethodStatus::UnableToAssess);
        assert_eq!(r.reason, Some(UnableReason::SingleObservation));
        // Data before the base year does not count.
        let old = [(2010, 5.0), (2014, 6.0)];
        let r = open_sdg(&input(&old, Direction::Increase, None));
        assert_eq!(r.reason, Some(UnableReason::NoBaseValue));
        let none: [(i32, f64); 0] = [];
        assert_eq!(
            open_sdg(&input(&none, Direction::Increase, None)).category,
            Category::UnableToAssess
        );
        // No 2015 value: the first year after it is the base.
        let later = [(2013, 1.0), (2017, 40.0), (2021, 44.0)];
        let r = open_sdg(&input(&later, Direction::Increase, None));
        assert_eq!(
            r.base,
            Some(YearValue {
                year: 2017,
                value: 40.0
            })
        );
    }

    #[test]
    fn open_sdg_target_already_met() {
        let pts = [(2015, 50.0), (2020, 85.0)];
        let r = open_sdg(&input(&pts, Direction::Increase, Some((80.0, 2030))));
        assert_eq!(r.status, MethodStatus::TargetAchieved);
        assert_eq!(r.category, Category::Achieved);
        assert_eq!(r.score, Some(5.0));
        let pts = [(2015, 10.0), (2019, 4.0)];
        let r = open_sdg(&input(&pts, Direction::Decrease, Some((5.0, 2030))));
        assert_eq!(r.status, MethodStatus::TargetAchieved);
        // Met in the base year but fallen back since: not achieved, and moving away.
        let pts = [(2015, 30.0), (2020, 15.0)];
        let r = open_sdg(&input(&pts, Direction::Increase, Some((20.0, 2030))));
        assert_eq!(r.status, MethodStatus::Deterioration);
    }

    #[test]
    fn open_sdg_target_year_in_the_past() {
        // Target 80 by 2018, data to 2020: required = (80/50)^(1/3) - 1 = 0.169607,
        // R = 0.0371373 / 0.169607 = 0.218961 -> limited progress, score -1.587664.
        let pts = [(2015, 50.0), (2020, 60.0)];
        let r = open_sdg(&input(&pts, Direction::Increase, Some((80.0, 2018))));
        assert_eq!(r.status, MethodStatus::LimitedProgress);
        assert!(close(r.ratio, 0.218_960_706));
        assert!(close(r.score, -1.587_663_725));
        // A target year not after the base year cannot be assessed.
        let r = open_sdg(&input(&pts, Direction::Increase, Some((80.0, 2014))));
        assert_eq!(r.reason, Some(UnableReason::TargetYearNotAfterBase));
    }

    #[test]
    fn open_sdg_without_target() {
        // 100 -> 110 over 5 years: CAGR = 0.0192449 >= 1.5% -> on track, score 250 x CAGR = 4.811219.
        let pts = [(2015, 100.0), (2020, 110.0)];
        let r = open_sdg(&input(&pts, Direction::Increase, None));
        assert_eq!(r.status, MethodStatus::OnTrack);
        assert!(close(r.score, 4.811_219_123));
        let r = open_sdg(&input(&pts, Direction::Decrease, None));
        assert_eq!(r.status, MethodStatus::Deterioration);
        assert!(close(r.score, -4.811_219_123));
        // 100 -> 103 over 5 years: 0.593% -> acceleration needed; 100 -> 101: 0.199% -> limited.
        let r = open_sdg(&input(
            &[(2015, 100.0), (2020, 103.0)],
            Direction::Increase,
            None,
        ));
        assert_eq!(r.status, MethodStatus::AccelerationNeeded);
        let r = open_sdg(&input(
            &[(2015, 100.0), (2020, 101.0)],
            Direction::Increase,
            None,
        ));
        assert_eq!(r.status, MethodStatus::LimitedProgress);
        // Maintain without a target has no direction to grow in.
        let r = open_sdg(&input(&pts, Direction::Maintain, None));
        assert_eq!(r.reason, Some(UnableReason::NoDirection));
    }

    /// A share near its bound of 100 (Open SDG's `limit`): 86.1 -> 95.7 over 2015-2023 grows
    /// 1.33% a year, below the 1.5% threshold, but the thresholds shrink by
    /// 1 - 0.861^4.44 = 0.4855 (to 0.73% and 0.24%), so it is on track, scored 5.
    #[test]
    fn open_sdg_limit_shrinks_the_thresholds() {
        let pts = [(2015, 86.1), (2023, 95.7)];
        let plain = open_sdg(&input(&pts, Direction::Increase, None));
        assert_eq!(plain.status, MethodStatus::AccelerationNeeded);
        let mut inp = input(&pts, Direction::Increase, None);
        inp.limit = Some(100.0);
        let r = open_sdg(&inp);
        assert_eq!(r.status, MethodStatus::OnTrack);
        assert!(close(r.cagr, 0.013_301_296));
        assert_eq!(r.score, Some(5.0));
        assert!((limit_coefficient(86.1, 100.0) - 0.485_5).abs() < 1e-4);
        // beyond the limit the coefficient mirrors; from twice the limit on it is 1
        assert!((limit_coefficient(113.9, 100.0) - limit_coefficient(86.1, 100.0)).abs() < 1e-12);
        assert_eq!(limit_coefficient(250.0, 100.0), 1.0);
        // at the limit every threshold is 0: holding the value is progress, falling is not
        inp.points = &[(2015, 100.0), (2020, 100.0)];
        assert_eq!(open_sdg(&inp).status, MethodStatus::OnTrack);
        inp.points = &[(2015, 100.0), (2020, 99.0)];
        assert_eq!(open_sdg(&inp).status, MethodStatus::Deterioration);
        // a target makes the limit moot
        inp.points = &pts;
        inp.target = Some(ProgressTarget {
            value: 100.0,
            year: 2030,
            baseline: None,
        });
        assert_eq!(
            open_sdg(&inp).status,
            open_sdg(&input(&pts, Direction::Increase, Some((100.0, 2030)))).status
        );
    }

    #[test]
    fn negative_values_flip_the_direction() {
        // -10 -> -5 with increase desired: |values| 10 -> 5, CAGR = -0.129449, d = -1: on track.
        let pts = [(2015, -10.0), (2020, -5.0)];
        let r = open_sdg(&input(&pts, Direction::Increase, None));
        assert_eq!(r.status, MethodStatus::OnTrack);
        let mixed = [(2015, -10.0), (2020, 5.0)];
        let r = open_sdg(&input(&mixed, Direction::Increase, None));
        assert_eq!(r.reason, Some(UnableReason::ValuesChangeSign));
    }

    #[test]
    fn score_formula_is_continuous() {
        assert!((open_sdg_score_with_target(0.6) - 0.0).abs() < 1e-12);
        assert!((open_sdg_score_with_target(0.95) - 2.5).abs() < 1e-12);
        assert_eq!(open_sdg_score_with_target(1.3), 5.0);
        assert_eq!(open_sdg_score_with_target(3.0), 5.0);
        assert_eq!(open_sdg_score_with_target(-0.6), -5.0);
        assert_eq!(open_sdg_score_with_target(-9.0), -5.0);
        assert_eq!(open_sdg_score_without_target(0.02), 5.0);
        assert_eq!(open_sdg_score_without_target(-0.03), -5.0);
    }

    #[test]
    fn unsd_with_and_without_target() {
        // v_T' = 60 (1.2^(1/5))^10 = 86.4; ratio = (86.4 - 50) / (80 - 50) = 1.21333 -> on track.
        let pts = [(2015, 50.0), (2020, 60.0)];
        let r = unsd(&input(&pts, Direction::Increase, Some((80.0, 2030))));
        assert_eq!(r.status, MethodStatus::OnTrack);
        assert!(close(r.projected, 86.4));
        assert!(close(r.ratio, 1.213_333_333));
        // Decrease: 24 -> 21 (2015-2022), 12 by 2030: v_T' = 18.02780, ratio = 0.497683 -> moderate.
        let pts = [(2015, 24.0), (2022, 21.0)];
        let r = unsd(&input(&pts, Direction::Decrease, Some((12.0, 2030))));
        assert_eq!(r.status, MethodStatus::ModerateProgress);
        assert_eq!(r.category, Category::ProgressNeeded);
        assert!(close(r.projected, 18.027_802_181));
        assert!(close(r.ratio, 0.497_683_152));
        // Growth away from the target: stagnation or regression, counted as deterioration.
        let r = unsd(&input(
            &[(2015, 24.0), (2022, 26.0)],
            Direction::Decrease,
            Some((12.0, 2030)),
        ));
        assert_eq!(r.status, MethodStatus::StagnationOrRegression);
        assert_eq!(r.category, Category::Deterioration);
        // Without a target: 1.92% a year is moderate (< 2%), 2.5% substantial.
        let r = unsd(&input(
            &[(2015, 100.0), (2020, 110.0)],
            Direction::Increase,
            None,
        ));
        assert_eq!(r.status, MethodStatus::ModerateProgress);
        let r = unsd(&input(
            &[(2015, 100.0), (2016, 102.5)],
            Direction::Increase,
            None,
        ));
        assert_eq!(r.status, MethodStatus::SubstantialProgress);
        let r = unsd(&input(
            &[(2015, 100.0), (2020, 101.0)],
            Direction::Increase,
            None,
        ));
        assert_eq!(r.status, MethodStatus::StagnationOrRegression);
        assert_eq!(r.category, Category::OffTrack);
        // Met already.
        let r = unsd(&input(
            &[(2015, 50.0), (2020, 81.0)],
            Direction::Increase,
            Some((80.0, 2030)),
        ));
        assert_eq!(r.status, MethodStatus::TargetMet);
    }

    #[test]
    fn escap_current_status_index() {
        let r = escap(&input(
            &[(2015, 50.0), (2020, 60.0)],
            Direction::Increase,
            Some((80.0, 2030)),
        ));
        assert_eq!(r.status, MethodStatus::ProgressMade);
        assert!(close(r.ratio, 1.0 / 3.0));
        let r = escap(&input(
            &[(2015, 24.0), (2022, 21.0)],
            Direction::Decrease,
            Some((12.0, 2030)),
        ));
        assert!(close(r.ratio, 0.25));
        let r = escap(&input(
            &[(2015, 24.0), (2022, 26.0)],
            Direction::Decrease,
            Some((12.0, 2030)),
        ));
        assert_eq!(r.status, MethodStatus::Regression);
        assert!(close(r.ratio, -2.0 / 12.0));
        // A threshold met at the base year and still met: achieved, not a negative index.
        let r = escap(&input(
            &[(2015, 7.4), (2025, 5.2)],
            Direction::Decrease,
            Some((8.0, 2030)),
        ));
        assert_eq!(r.status, MethodStatus::TargetAchieved);
        assert!(close(r.ratio, 1.0));
        // Capped at 1.
        let r = escap(&input(
            &[(2015, 24.0), (2022, 10.0)],
            Direction::Decrease,
            Some((12.0, 2030)),
        ));
        assert_eq!(r.status, MethodStatus::TargetAchieved);
        assert_eq!(r.ratio, Some(1.0));
        let r = escap(&input(
            &[(2015, 24.0), (2022, 10.0)],
            Direction::Decrease,
            None,
        ));
        assert_eq!(r.category, Category::NoTarget);
        // Target equal to the base value: achieved while it stays met, else no index.
        let r = escap(&input(
            &[(2015, 12.0), (2022, 10.0)],
            Direction::Decrease,
            Some((12.0, 2030)),
        ));
        assert_eq!(r.status, MethodStatus::TargetAchieved);
        let r = escap(&input(
            &[(2015, 12.0), (2022, 13.0)],
            Direction::Decrease,
            Some((12.0, 2030)),
        ));
        assert_eq!(r.reason, Some(UnableReason::TargetEqualsBase));
    }

    #[test]
    fn eurostat_short_and_long_term() {
        let pts: Vec<(i32, f64)> = (2005..=2020)
            .map(|y| {
                (
                    y,
                    if y < 2015 {
                        80.0 + f64::from(y - 2005)
                    } else {
                        100.0 + 2.0 * f64::from(y - 2015)
                    },
                )
            })
            .collect();
        // Short term: 2015-2020, 100 -> 110: 1.92% > 1% -> significant progress.
        let r = eurostat(&input(&pts, Direction::Increase, None), EUROSTAT_SHORT_TERM);
        assert_eq!(r.method, ProgressMethod::EurostatShortTerm);
        assert_eq!(r.status, MethodStatus::SignificantProgress);
        assert_eq!(
            r.base,
            Some(YearValue {
                year: 2015,
                value: 100.0
            })
        );
        // With a target of 130 in 2030: required (1.3)^(1/15) - 1, R = 1.090682 -> significant.
        let r = eurostat(
            &input(&pts, Direction::Increase, Some((130.0, 2030))),
            EUROSTAT_SHORT_TERM,
        );
        assert!(close(r.ratio, 1.090_681_780));
        // Long term: 2005-2020, 80 -> 110.
        let r = eurostat(&input(&pts, Direction::Increase, None), EUROSTAT_LONG_TERM);
        assert_eq!(r.method, ProgressMethod::EurostatLongTerm);
        assert_eq!(
            r.base,
            Some(YearValue {
                year: 2005,
                value: 80.0
            })
        );
        assert_eq!(r.status, MethodStatus::SignificantProgress);
        // Decrease desired: moving away.
        let r = eurostat(&input(&pts, Direction::Decrease, None), EUROSTAT_SHORT_TERM);
        assert_eq!(r.status, MethodStatus::MovingAway);
        // 0-1%: moderate.
        let r = eurostat(
            &input(&[(2015, 100.0), (2020, 102.0)], Direction::Increase, None),
            EUROSTAT_SHORT_TERM,
        );
        assert_eq!(r.status, MethodStatus::ModerateProgress);
        // Too short a period.
        let r = eurostat(
            &input(&[(2018, 100.0), (2020, 105.0)], Direction::Increase, None),
            EUROSTAT_SHORT_TERM,
        );
        assert_eq!(r.reason, Some(UnableReason::PeriodTooShort));
        // Insufficient: R between 0 and 0.6 (100 -> 102 vs 130 by 2030).
        let r = eurostat(
            &input(
                &[(2015, 100.0), (2020, 102.0)],
                Direction::Increase,
                Some((130.0, 2030)),
            ),
            EUROSTAT_SHORT_TERM,
        );
        assert_eq!(r.status, MethodStatus::InsufficientProgress);
    }

    /// A poverty rate (lower is better) falling from 24.0% to 21.0% against the target of
    /// halving it by 2030: Open SDG compares growth rates (R = 0.42: limited progress, off
    /// track), UNSD projects the trend to 2030 (half the way covered: moderate progress).
    #[test]
    fn open_sdg_and_unsd_disagree_on_a_real_looking_series() {
        let pts = [
            (2015, 24.0),
            (2016, 23.6),
            (2017, 23.1),
            (2018, 22.9),
            (2019, 22.2),
            (2020, 22.5),
            (2021, 21.6),
            (2022, 21.0),
        ];
        let inp = input(&pts, Direction::Decrease, Some((12.0, 2030)));
        let a = open_sdg(&inp);
        let b = unsd(&inp);
        assert_eq!(
            (a.status, a.category),
            (MethodStatus::LimitedProgress, Category::OffTrack)
        );
        assert_eq!(
            (b.status, b.category),
            (MethodStatus::ModerateProgress, Category::ProgressNeeded)
        );
        assert!(close(a.ratio, 0.418_418_745));
        assert!(close(b.ratio, 0.497_683_152));
        // And without a target, growth of 1.92% a year: Open SDG on track, UNSD moderate.
        let pts = [(2015, 100.0), (2017, 104.1), (2020, 110.0)];
        let inp = input(&pts, Direction::Increase, None);
        assert_eq!(open_sdg(&inp).category, Category::OnTrack);
        assert_eq!(unsd(&inp).category, Category::ProgressNeeded);
    }

    mod symmetry {
        use super::*;
        use proptest::prelude::*;

        fn direction() -> impl Strategy<Value = Direction> {
            prop_oneof![
                Just(Direction::Increase),
                Just(Direction::Decrease),
                Just(Direction::Maintain),
                Just(Direction::Reach),
            ]
        }

        fn mirror(d: Direction) -> Direction {
            match d {
                Direction::Increase => Direction::Decrease,
                Direction::Decrease => Direction::Increase,
                other => other,
            }
        }

        fn series() -> impl Strategy<Value = Vec<(i32, f64)>> {
            proptest::collection::btree_map(2010i32..2026, 0.0f64..1000.0, 0..8)
                .prop_map(|m| m.into_iter().collect())
        }

        proptest! {
            /// Mirroring the direction and the values (v -> -v, target too) mirrors the status:
            /// the status, category, score and ratio stay the same for every method.
            #[test]
            fn mirroring_direction_and_values_keeps_the_status(
                pts in series(),
                dir in direction(),
                target in proptest::option::of((0.0f64..1000.0, 2012i32..2040)),
            ) {
                let mirrored: Vec<(i32, f64)> = pts.iter().map(|&(y, v)| (y, -v)).collect();
                let a = input(&pts, dir, target);
                let b = input(&mirrored, mirror(dir), target.map(|(v, y)| (-v, y)));
                for m in [
                    ProgressMethod::OpenSdg,
                    ProgressMethod::UnsdProgressChart,
                    ProgressMethod::EscapCurrentStatus,
                    ProgressMethod::EurostatShortTerm,
                    ProgressMethod::EurostatLongTerm,
                ] {
                    let (ra, rb) = (assess(m, &a), assess(m, &b));
                    prop_assert_eq!(ra.status, rb.status, "{:?}", m);
                    prop_assert_eq!(ra.category, rb.category);
                    prop_assert_eq!(ra.score, rb.score);
                    prop_assert_eq!(ra.ratio, rb.ratio);
                    prop_assert_eq!(ra.reason, rb.reason);
                }
            }

            /// Flipping only the direction turns progress into deterioration and back
            /// (growth-rate methods without a target, growth not zero).
            #[test]
            fn flipping_the_direction_flips_the_sign_of_the_score(pts in series()) {
                let a = open_sdg(&input(&pts, Direction::Increase, None));
                let b = open_sdg(&input(&pts, Direction::Decrease, None));
                if let (Some(sa), Some(sb)) = (a.score, b.score) {
                    prop_assert!((sa + sb).abs() < 1e-9);
                }
            }
        }
    }
}
