//! Target checks over plain series: numeric, threshold, zero, level, flow, coverage, milestone, bands and non-retrogression.
//!
//! Trajectory targets (numeric, threshold, zero, level, coverage): met when the latest value
//! meets the target; not met once the target's year is reached without meeting it; before
//! that, on track when the latest value is on or beyond the straight line from the baseline
//! to the target (the line charts draw), off track otherwise. The distance left is measured
//! in the desired direction and is 0 when met.

use std::collections::BTreeMap;

use crate::model::{
    BandsTarget, Direction, FlowTarget, MilestoneTarget, NonRetrogressionTarget, Target,
};

use super::progress::{base_point, desired_sign, latest_point, meets};
use super::result::{
    Interval, JustificationStatus, MetFrom, RetrogressionFlag, TargetDetail, TargetResult,
    TargetStatus, YearValue,
};

/// What target checks need besides the target and the series.
#[derive(Debug, Clone, Copy)]
pub struct TargetContext {
    /// Which way is progress.
    pub direction: Direction,
    /// The base year (the indicator's, else the project's).
    pub base_year: i32,
    /// The default target year (the indicator's, else the project's).
    pub target_year: i32,
    /// The year milestones are judged in.
    pub reference_year: i32,
}

/// One series for non-retrogression: its disaggregation, observations and intervals.
#[derive(Debug, Clone, Copy)]
pub struct SeriesPoints<'a> {
    /// Dimension -> group (empty for the headline).
    pub disaggregation: &'a BTreeMap<String, String>,
    /// Observations `(year, value)` sorted by year.
    pub points: &'a [(i32, f64)],
    /// Intervals by year.
    pub intervals: &'a [Interval],
}

/// Checks one target against the headline series (non-retrogression against the headline only;
/// use [`non_retrogression`] for every series).
pub fn check(
    index: usize,
    target: &Target,
    points: &[(i32, f64)],
    ctx: &TargetContext,
) -> TargetResult {
    match target {
        Target::Numeric(n) => {
            let baseline = match (n.baseline_year, n.baseline) {
                (_, Some(v)) => Some(YearValue {
                    year: n.baseline_year.unwrap_or(ctx.base_year),
                    value: v,
                }),
                (Some(y), None) => base_point(points, y, None),
                (None, None) => base_point(points, ctx.base_year, None),
            };
            trajectory(
                index,
                target,
                points,
                baseline,
                Goal::Reach(n.value, ctx.direction),
                n.year.unwrap_or(ctx.target_year),
                true,
            )
        }
        Target::Zero(z) => {
            let baseline = base_point(points, z.baseline_year.unwrap_or(ctx.base_year), None);
            trajectory(
                index,
                target,
                points,
                baseline,
                Goal::Reach(0.0, ctx.direction),
                z.year.unwrap_or(ctx.target_year),
                true,
            )
        }
        Target::Coverage(c) => {
            let baseline = base_point(points, c.baseline_year.unwrap_or(ctx.base_year), None);
            trajectory(
                index,
                target,
                points,
                baseline,
                Goal::Reach(c.value, Direction::Increase),
                c.year.unwrap_or(ctx.target_year),
                true,
            )
        }
        Target::Threshold(t) => {
            let baseline = base_point(points, ctx.base_year, None);
            trajectory(
                index,
                target,
                points,
                baseline,
                Goal::Between(t.above, t.below),
                t.year.unwrap_or(ctx.target_year),
                true,
            )
        }
        Target::Level(l) => {
            let baseline = base_point(points, ctx.base_year, None);
            trajectory(
                index,
                target,
                points,
                baseline,
                Goal::Level(l.value, l.tolerance),
                l.year.unwrap_or(i32::MIN),
                l.year.is_some(),
            )
        }
        Target::Flow(f) => flow(index, target, f, points, ctx),
        Target::Milestone(m) => milestone(index, target, m, points, ctx),
        Target::Bands(b) => bands(index, target, b, points),
        Target::NonRetrogression(nr) => {
            let headline = BTreeMap::new();
            non_retrogression(
                index,
                target,
                nr,
                &[SeriesPoints {
                    disaggregation: &headline,
                    points,
                    intervals: &[],
                }],
                ctx.direction,
                None,
            )
        }
    }
}

/// What a trajectory target asks of the value.
#[derive(Debug, Clone, Copy)]
enum Goal {
    /// Reach a value in a direction (numeric, zero, coverage).
    Reach(f64, Direction),
    /// Stay strictly above the first bound and below the second (threshold).
    Between(Option<f64>, Option<f64>),
    /// Stay within a tolerance of a level.
    Level(f64, f64),
}

impl Goal {
    /// Whether `v` meets the goal, given the baseline value (for maintain and reach).
    fn met(self, v: f64, base: Option<f64>) -> bool {
        match self {
            Goal::Reach(t, dir) => match desired_sign(dir, base.unwrap_or(v), Some(t)) {
                Some(d) => meets(v, t, d),
                None => v == t,
            },
            Goal::Between(above, below) => {
                above.is_none_or(|a| v > a) && below.is_none_or(|b| v < b)
            }
            Goal::Level(level, tol) => (v - level).abs() <= tol,
        }
    }

    /// How far `v` is from meeting the goal, in the desired direction (0 when met).
    fn distance(self, v: f64, base: Option<f64>) -> f64 {
        if self.met(v, base) {
            return 0.0;
        }
        match self {
            Goal::Reach(t, _) => (t - v).abs(),
            Goal::Between(above, below) => {
                let under = above.map_or(0.0, |a| (a - v).max(0.0));
                let over = below.map_or(0.0, |b| (v - b).max(0.0));
                under.max(over)
            }
            Goal::Level(level, tol) => (v - level).abs() - tol,
        }
    }

    /// The value the straight line aims at, and the sign of progress towards it from `from`.
    fn aim(self, from: f64) -> (f64, f64) {
        let point = match self {
            Goal::Reach(t, _) => t,
            Goal::Between(above, below) => match (above, below) {
                (Some(a), _) if from <= a => a,
                (_, Some(b)) if from >= b => b,
                _ => from,
            },
            Goal::Level(level, tol) => {
                if from > level + tol {
                    level + tol
                } else if from < level - tol {
                    level - tol
                } else {
                    from
                }
            }
        };
        let sign = if point > from {
            1.0
        } else if point < from {
            -1.0
        } else {
            0.0
        };
        (point, sign)
    }

    /// The target value shown with the check.
    fn value(self) -> Option<f64> {
        match self {
            Goal::Reach(t, _) => Some(t),
            Goal::Level(l, _) => Some(l),
            Goal::Between(a, b) => b.or(a),
        }
    }
}

fn result(
    index: usize,
    target: &Target,
    status: TargetStatus,
    detail: TargetDetail,
) -> TargetResult {
    TargetResult {
        index,
        kind: target.kind().to_string(),
        label: target.label().cloned(),
        status,
        category: status.category(),
        year: None,
        value: None,
        latest: None,
        distance_left: None,
        detail,
    }
}

fn trajectory(
    index: usize,
    target: &Target,
    points: &[(i32, f64)],
    baseline: Option<YearValue>,
    goal: Goal,
    year: i32,
    has_year: bool,
) -> TargetResult {
    let latest = latest_point(points);
    let base_value = baseline.map(|b| b.value);
    let first_met = points
        .iter()
        .find(|(_, v)| goal.met(*v, base_value))
        .map(|(y, _)| *y);
    let mut expected = None;
    let status = match latest {
        None => TargetStatus::UnableToAssess,
        Some(l) if goal.met(l.value, base_value) => TargetStatus::Met,
        Some(l) if l.year >= year => TargetStatus::NotMet,
        Some(l) => match baseline {
            Some(b) if l.year > b.year && year > b.year => {
                let (aim, sign) = goal.aim(b.value);
                let share = f64::from(l.year - b.year) / f64::from(year - b.year);
                let line = b.value + (aim - b.value) * share;
                expected = Some(line);
                if sign == 0.0 || meets(l.value, line, sign) {
                    TargetStatus::OnTrack
                } else {
                    TargetStatus::OffTrack
                }
            }
            _ => TargetStatus::UnableToAssess,
        },
    };
    let mut r = result(
        index,
        target,
        status,
        TargetDetail::Trajectory {
            baseline,
            expected,
            first_met,
        },
    );
    r.year = has_year.then_some(year);
    r.value = goal.value();
    r.latest = latest;
    r.distance_left = latest.map(|l| goal.distance(l.value, base_value));
    r
}

fn flow(
    index: usize,
    target: &Target,
    f: &FlowTarget,
    points: &[(i32, f64)],
    ctx: &TargetContext,
) -> TargetResult {
    let last = f.year.unwrap_or(ctx.target_year);
    let from = f.from_year.unwrap_or(i32::MIN);
    let ok = |v: f64| f.at_least.is_none_or(|a| v >= a) && f.at_most.is_none_or(|m| v <= m);
    let mut years_met = Vec::new();
    let mut years_missed = Vec::new();
    for &(y, v) in points.iter().filter(|(y, _)| (from..=last).contains(y)) {
        if ok(v) {
            years_met.push(y);
        } else {
            years_missed.push(y);
        }
    }
    let latest = points
        .iter()
        .rev()
        .find(|(y, _)| (from..=last).contains(y))
        .map(|&(year, value)| YearValue { year, value });
    let status = match latest {
        None => TargetStatus::UnableToAssess,
        Some(l) => match (l.year >= last, years_missed.is_empty()) {
            (true, true) => TargetStatus::Met,
            (true, false) => TargetStatus::NotMet,
            (false, true) => TargetStatus::OnTrack,
            (false, false) => TargetStatus::OffTrack,
        },
    };
    let distance = latest.map(|l| {
        let under = f.at_least.map_or(0.0, |a| (a - l.value).max(0.0));
        let over = f.at_most.map_or(0.0, |m| (l.value - m).max(0.0));
        under.max(over)
    });
    let mut r = result(
        index,
        target,
        status,
        TargetDetail::Flow {
            years_met,
            years_missed,
        },
    );
    r.year = Some(last);
    r.value = f.at_least.or(f.at_most);
    r.latest = latest;
    r.distance_left = distance;
    r
}

fn milestone(
    index: usize,
    target: &Target,
    m: &MilestoneTarget,
    points: &[(i32, f64)],
    ctx: &TargetContext,
) -> TargetResult {
    let (met, met_from) = match m.met {
        Some(y) => (Some(y), Some(MetFrom::Yaml)),
        None => match points.iter().find(|(_, v)| *v == 1.0) {
            Some((y, _)) => (Some(*y), Some(MetFrom::Data)),
            None => (None, None),
        },
    };
    let status = match met {
        Some(_) => TargetStatus::Met,
        None if ctx.reference_year > m.deadline => TargetStatus::Overdue,
        None => TargetStatus::Due,
    };
    let mut r = result(
        index,
        target,
        status,
        TargetDetail::Milestone {
            deadline: m.deadline,
            met,
            met_from,
            late: met.is_some_and(|y| y > m.deadline),
            evidence: m.evidence.clone(),
        },
    );
    r.year = Some(m.deadline);
    r.latest = latest_point(points);
    r
}

/// The points a value gives: the band with `from <= value < to`.
pub fn band_points(b: &BandsTarget, value: f64) -> Option<f64> {
    b.bands
        .iter()
        .find(|band| band.from.is_none_or(|f| value >= f) && band.to.is_none_or(|t| value < t))
        .map(|band| band.points)
}

fn bands(index: usize, target: &Target, b: &BandsTarget, points: &[(i32, f64)]) -> TargetResult {
    let latest = latest_point(points);
    let pts = latest.and_then(|l| band_points(b, l.value));
    let status = if latest.is_some() {
        TargetStatus::Scored
    } else {
        TargetStatus::UnableToAssess
    };
    let mut r = result(
        index,
        target,
        status,
        TargetDetail::Bands {
            scheme: b.scheme.clone(),
            points: pts,
        },
    );
    r.latest = latest;
    r
}

/// Flags every move the wrong way beyond the tolerance, in every series given.
///
/// A move is wrong when it goes against the direction (any move beyond the tolerance for
/// `maintain`; a move away from `reach_value` for `reach`). Where the earlier value has a
/// confidence interval, the later value must also lie outside it on the wrong side: a move
/// within the interval is not distinguishable from noise. Each flag carries the justification
/// recorded for the later year, or states that none was given.
pub fn non_retrogression(
    index: usize,
    target: &Target,
    nr: &NonRetrogressionTarget,
    series: &[SeriesPoints],
    direction: Direction,
    reach_value: Option<f64>,
) -> TargetResult {
    let tol = nr.tolerance.max(0.0);
    let mut flags = Vec::new();
    let mut pairs = 0usize;
    for s in series {
        for w in s.points.windows(2) {
            let (from, to) = (w[0], w[1]);
            pairs += 1;
            let change = to.1 - from.1;
            let wrong = match (direction, reach_value) {
                (Direction::Increase, _) => -change > tol,
                (Direction::Decrease, _) => change > tol,
                (Direction::Reach, Some(t)) => (to.1 - t).abs() - (from.1 - t).abs() > tol,
                (Direction::Maintain, _) | (Direction::Reach, None) => change.abs() > tol,
            };
            if !wrong {
                continue;
            }
            let interval = s
                .intervals
                .iter()
                .find(|i| i.year == from.0)
                .map(|i| (i.lower, i.upper));
            if let Some((lower, upper)) = interval {
                let outside = match (direction, reach_value) {
                    (Direction::Increase, _) => to.1 < lower,
                    (Direction::Decrease, _) => to.1 > upper,
                    _ => to.1 < lower || to.1 > upper,
                };
                if !outside {
                    continue;
                }
            }
            let justification = match nr.justifications.iter().find(|j| j.year == to.0) {
                Some(j) => JustificationStatus::Given {
                    text: j.text.clone(),
                    by: j.by.clone(),
                },
                None => JustificationStatus::NoneGiven,
            };
            flags.push(RetrogressionFlag {
                disaggregation: s.disaggregation.clone(),
                from: YearValue {
                    year: from.0,
                    value: from.1,
                },
                to: YearValue {
                    year: to.0,
                    value: to.1,
                },
                change,
                interval,
                justification,
            });
        }
    }
    let status = if pairs == 0 {
        TargetStatus::UnableToAssess
    } else if flags.is_empty() {
        TargetStatus::NoRetrogression
    } else {
        TargetStatus::Retrogression
    };
    let latest = series.first().and_then(|s| latest_point(s.points));
    let mut r = result(
        index,
        target,
        status,
        TargetDetail::NonRetrogression {
            tolerance: tol,
            flags,
        },
    );
    r.latest = latest;
    r
}
