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
    /// Whether what the YAML records (a milestone's year met, justifications of falls)
    /// applies: it describes the project's own place, not the other places of a national run.
    pub recorded_applies: bool,
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
                ctx.recorded_applies,
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
    let (met, met_from) = match m.met.filter(|_| ctx.recorded_applies) {
        Some(y) => (Some(y), Some(MetFrom::Yaml)),
        None => match points.iter().find(|(_, v)| *v == 1.0) {
            Some((y, _)) => (Some(*y), Some(MetFrom::Data)),
            None => (None, None),
        },
    };
    let status = match met {
        Some(_) => TargetStatus::Met,
        // Another place of a national run, without data: nothing is known of it.
        None if !ctx.recorded_applies && points.is_empty() => TargetStatus::UnableToAssess,
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
            evidence: m.evidence.clone().filter(|_| ctx.recorded_applies),
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
/// recorded for the later year (when `recorded_applies`: the project's own place), or states
/// that none was given.
pub fn non_retrogression(
    index: usize,
    target: &Target,
    nr: &NonRetrogressionTarget,
    series: &[SeriesPoints],
    direction: Direction,
    reach_value: Option<f64>,
    recorded_applies: bool,
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
                (Direction::Maintain | Direction::NotStated, _) | (Direction::Reach, None) => {
                    change.abs() > tol
                }
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
            let recorded = nr
                .justifications
                .iter()
                .find(|j| recorded_applies && j.year == to.0);
            let justification = match recorded {
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

#[cfg(test)]
mod tests {
    use super::super::result::{Category, IntervalMethod};
    use super::*;
    use crate::model::*;

    fn ctx(direction: Direction) -> TargetContext {
        TargetContext {
            direction,
            base_year: 2015,
            target_year: 2030,
            reference_year: 2025,
            recorded_applies: true,
        }
    }

    fn numeric(value: f64, year: i32) -> Target {
        Target::Numeric(NumericTarget {
            value,
            year: Some(year),
            baseline_year: None,
            baseline: None,
            label: None,
        })
    }

    #[test]
    fn numeric_on_and_off_track_with_distance_left() {
        // Line from (2015, 50) to (2030, 80): 60 expected in 2020.
        let t = numeric(80.0, 2030);
        let r = check(
            0,
            &t,
            &[(2015, 50.0), (2020, 61.0)],
            &ctx(Direction::Increase),
        );
        assert_eq!(r.status, TargetStatus::OnTrack);
        assert_eq!(r.distance_left, Some(19.0));
        match r.detail {
            TargetDetail::Trajectory { expected, .. } => assert_eq!(expected, Some(60.0)),
            other => panic!("{other:?}"),
        }
        let r = check(
            0,
            &t,
            &[(2015, 50.0), (2020, 58.0)],
            &ctx(Direction::Increase),
        );
        assert_eq!(r.status, TargetStatus::OffTrack);
        assert_eq!(r.category, Some(Category::OffTrack));
        // Decreasing is better: from 24 to 12, 20 expected in 2020.
        let t = numeric(12.0, 2030);
        let r = check(
            0,
            &t,
            &[(2015, 24.0), (2020, 19.5)],
            &ctx(Direction::Decrease),
        );
        assert_eq!(r.status, TargetStatus::OnTrack);
        assert_eq!(r.distance_left, Some(7.5));
        let r = check(
            0,
            &t,
            &[(2015, 24.0), (2020, 21.0)],
            &ctx(Direction::Decrease),
        );
        assert_eq!(r.status, TargetStatus::OffTrack);
    }

    #[test]
    fn numeric_met_and_not_met() {
        let t = numeric(80.0, 2020);
        let r = check(
            0,
            &t,
            &[(2015, 50.0), (2019, 81.0), (2022, 83.0)],
            &ctx(Direction::Increase),
        );
        assert_eq!(r.status, TargetStatus::Met);
        assert_eq!(r.distance_left, Some(0.0));
        match r.detail {
            TargetDetail::Trajectory { first_met, .. } => assert_eq!(first_met, Some(2019)),
            other => panic!("{other:?}"),
        }
        // The target year has passed without meeting it.
        let r = check(
            0,
            &t,
            &[(2015, 50.0), (2022, 70.0)],
            &ctx(Direction::Increase),
        );
        assert_eq!(r.status, TargetStatus::NotMet);
        assert_eq!(r.distance_left, Some(10.0));
        // A single observation: met or not can be said, on track cannot.
        let r = check(
            0,
            &numeric(80.0, 2030),
            &[(2015, 50.0)],
            &ctx(Direction::Increase),
        );
        assert_eq!(r.status, TargetStatus::UnableToAssess);
        let r = check(0, &numeric(80.0, 2030), &[], &ctx(Direction::Increase));
        assert_eq!(r.status, TargetStatus::UnableToAssess);
        assert_eq!(r.latest, None);
    }

    #[test]
    fn stated_baseline_is_used() {
        let t = Target::Numeric(NumericTarget {
            value: 80.0,
            year: Some(2030),
            baseline_year: Some(2010),
            baseline: Some(40.0),
            label: None,
        });
        // Line from (2010, 40) to (2030, 80): 60 in 2020.
        let r = check(0, &t, &[(2020, 59.0)], &ctx(Direction::Increase));
        assert_eq!(r.status, TargetStatus::OffTrack);
    }

    #[test]
    fn threshold_zero_level_coverage() {
        let below = Target::Threshold(ThresholdTarget {
            below: Some(0.5),
            above: None,
            year: Some(2025),
            label: None,
        });
        let r = check(
            0,
            &below,
            &[(2015, 0.9), (2024, 0.45)],
            &ctx(Direction::Decrease),
        );
        assert_eq!(r.status, TargetStatus::Met);
        // Below is strict.
        let r = check(
            0,
            &below,
            &[(2015, 0.9), (2026, 0.5)],
            &ctx(Direction::Decrease),
        );
        assert_eq!(r.status, TargetStatus::NotMet);
        let zero = Target::Zero(ZeroTarget {
            year: None,
            baseline_year: None,
            label: None,
        });
        let r = check(
            0,
            &zero,
            &[(2015, 6.0), (2020, 3.0)],
            &ctx(Direction::Decrease),
        );
        // Line from 6 to 0 over 2015-2030: 4 expected in 2020; 3 is better.
        assert_eq!(r.status, TargetStatus::OnTrack);
        assert_eq!(r.distance_left, Some(3.0));
        assert_eq!(r.year, Some(2030));
        let r = check(
            0,
            &zero,
            &[(2015, 6.0), (2020, 0.0)],
            &ctx(Direction::Decrease),
        );
        assert_eq!(r.status, TargetStatus::Met);
        let level = Target::Level(LevelTarget {
            value: 100.0,
            tolerance: 5.0,
            year: None,
            label: None,
        });
        let r = check(0, &level, &[(2020, 104.0)], &ctx(Direction::Maintain));
        assert_eq!(r.status, TargetStatus::Met);
        let r = check(0, &level, &[(2020, 108.0)], &ctx(Direction::Maintain));
        assert_eq!(r.status, TargetStatus::NotMet);
        assert_eq!(r.distance_left, Some(3.0));
        let coverage = Target::Coverage(CoverageTarget {
            value: 100.0,
            year: Some(2030),
            baseline_year: None,
            label: None,
        });
        // Line from 70 to 100: 80 in 2020.
        let r = check(
            0,
            &coverage,
            &[(2015, 70.0), (2020, 82.0)],
            &ctx(Direction::Increase),
        );
        assert_eq!(r.status, TargetStatus::OnTrack);
        assert_eq!(r.distance_left, Some(18.0));
    }

    #[test]
    fn flow_years_met_and_missed() {
        let t = Target::Flow(FlowTarget {
            at_least: Some(1000.0),
            at_most: None,
            from_year: Some(2020),
            year: Some(2024),
            label: None,
        });
        let pts = [(2019, 10.0), (2020, 1100.0), (2021, 1200.0), (2022, 1050.0)];
        let r = check(0, &t, &pts, &ctx(Direction::Increase));
        assert_eq!(r.status, TargetStatus::OnTrack);
        let pts = [(2020, 1100.0), (2021, 900.0), (2022, 1050.0)];
        let r = check(0, &t, &pts, &ctx(Direction::Increase));
        assert_eq!(r.status, TargetStatus::OffTrack);
        match &r.detail {
            TargetDetail::Flow {
                years_met,
                years_missed,
            } => {
                assert_eq!(years_met, &vec![2020, 2022]);
                assert_eq!(years_missed, &vec![2021]);
            }
            other => panic!("{other:?}"),
        }
        let pts = [(2020, 1100.0), (2024, 950.0)];
        let r = check(0, &t, &pts, &ctx(Direction::Increase));
        assert_eq!(r.status, TargetStatus::NotMet);
        assert_eq!(r.distance_left, Some(50.0));
        let pts = [(2020, 1100.0), (2024, 1950.0)];
        assert_eq!(
            check(0, &t, &pts, &ctx(Direction::Increase)).status,
            TargetStatus::Met
        );
    }

    #[test]
    fn milestones() {
        let m = |met: Option<i32>| {
            Target::Milestone(MilestoneTarget {
                deadline: 2024,
                met,
                evidence: None,
                label: None,
            })
        };
        let r = check(0, &m(Some(2023)), &[], &ctx(Direction::Increase));
        assert_eq!(r.status, TargetStatus::Met);
        match r.detail {
            TargetDetail::Milestone {
                met,
                met_from,
                late,
                ..
            } => {
                assert_eq!(
                    (met, met_from, late),
                    (Some(2023), Some(MetFrom::Yaml), false)
                );
            }
            other => panic!("{other:?}"),
        }
        // From the data: the first year with value 1, after the deadline.
        let r = check(
            0,
            &m(None),
            &[(2023, 0.0), (2025, 1.0)],
            &ctx(Direction::Increase),
        );
        match r.detail {
            TargetDetail::Milestone {
                met,
                met_from,
                late,
                ..
            } => {
                assert_eq!(
                    (met, met_from, late),
                    (Some(2025), Some(MetFrom::Data), true)
                );
            }
            other => panic!("{other:?}"),
        }
        // Not met: overdue after the deadline (reference year 2025), due before.
        let r = check(0, &m(None), &[(2023, 0.0)], &ctx(Direction::Increase));
        assert_eq!(r.status, TargetStatus::Overdue);
        let mut c = ctx(Direction::Increase);
        c.reference_year = 2024;
        assert_eq!(check(0, &m(None), &[], &c).status, TargetStatus::Due);
        // The YAML describes the project's place: another place relies on its data only.
        c.recorded_applies = false;
        assert_eq!(
            check(0, &m(Some(2023)), &[], &c).status,
            TargetStatus::UnableToAssess
        );
        assert_eq!(
            check(0, &m(Some(2023)), &[(2021, 1.0)], &c).status,
            TargetStatus::Met
        );
    }

    #[test]
    fn bands_give_points() {
        let b = BandsTarget {
            scheme: Some("friendly".into()),
            bands: vec![
                Band {
                    from: None,
                    to: Some(50.0),
                    points: 0.0,
                },
                Band {
                    from: Some(50.0),
                    to: Some(80.0),
                    points: 5.0,
                },
                Band {
                    from: Some(80.0),
                    to: None,
                    points: 10.0,
                },
            ],
            label: None,
        };
        assert_eq!(band_points(&b, 49.9), Some(0.0));
        assert_eq!(band_points(&b, 50.0), Some(5.0));
        assert_eq!(band_points(&b, 80.0), Some(10.0));
        let gap = BandsTarget {
            scheme: None,
            bands: vec![Band {
                from: Some(0.0),
                to: Some(1.0),
                points: 1.0,
            }],
            label: None,
        };
        assert_eq!(band_points(&gap, 2.0), None);
        let r = check(
            0,
            &Target::Bands(b),
            &[(2020, 85.0)],
            &ctx(Direction::Increase),
        );
        assert_eq!(r.status, TargetStatus::Scored);
        assert_eq!(r.category, None);
        assert!(matches!(
            r.detail,
            TargetDetail::Bands {
                points: Some(10.0),
                ..
            }
        ));
    }

    #[test]
    fn non_retrogression_flags_falls_with_their_justification() {
        let nr = NonRetrogressionTarget {
            tolerance: 0.5,
            justifications: vec![Justification {
                year: 2021,
                text: Text::plain("pandemic closure of the shelter"),
                by: None,
            }],
            label: None,
        };
        let t = Target::NonRetrogression(nr.clone());
        let head = BTreeMap::new();
        let pts = [
            (2019, 10.0),
            (2020, 9.8),
            (2021, 8.0),
            (2022, 8.5),
            (2023, 7.0),
        ];
        let series = [SeriesPoints {
            disaggregation: &head,
            points: &pts,
            intervals: &[],
        }];
        let r = non_retrogression(0, &t, &nr, &series, Direction::Increase, None, true);
        assert_eq!(r.status, TargetStatus::Retrogression);
        let TargetDetail::NonRetrogression { flags, .. } = &r.detail else {
            panic!()
        };
        // 2020 fell 0.2, within the tolerance; 2021 and 2023 fell beyond it.
        assert_eq!(flags.len(), 2);
        assert_eq!(flags[0].to.year, 2021);
        assert!(
            matches!(&flags[0].justification, JustificationStatus::Given { text, .. } if text.get("en") == "pandemic closure of the shelter")
        );
        assert_eq!(flags[1].to.year, 2023);
        assert_eq!(flags[1].justification, JustificationStatus::NoneGiven);
        assert!((flags[1].change + 1.5).abs() < 1e-12);
        // Decrease desired: the only rise, 2021 -> 2022, is 0.5: not beyond the tolerance.
        let r = non_retrogression(0, &t, &nr, &series, Direction::Decrease, None, true);
        assert_eq!(r.status, TargetStatus::NoRetrogression);
    }

    #[test]
    fn non_retrogression_ignores_falls_within_the_confidence_interval() {
        let nr = NonRetrogressionTarget {
            tolerance: 0.0,
            justifications: vec![],
            label: None,
        };
        let t = Target::NonRetrogression(nr.clone());
        let head = BTreeMap::new();
        let pts = [(2020, 30.0), (2021, 27.0), (2022, 20.0)];
        let ivs = [
            Interval {
                year: 2020,
                lower: 25.0,
                upper: 35.0,
                method: IntervalMethod::Wilson,
                unstable: false,
            },
            Interval {
                year: 2021,
                lower: 22.0,
                upper: 32.0,
                method: IntervalMethod::Wilson,
                unstable: false,
            },
        ];
        let series = [SeriesPoints {
            disaggregation: &head,
            points: &pts,
            intervals: &ivs,
        }];
        let r = non_retrogression(0, &t, &nr, &series, Direction::Increase, None, true);
        let TargetDetail::NonRetrogression { flags, .. } = &r.detail else {
            panic!()
        };
        // 27 lies within 2020's interval (25-35): not flagged; 20 lies below 2021's (22-32).
        assert_eq!(flags.len(), 1);
        assert_eq!(flags[0].to.year, 2022);
        assert_eq!(flags[0].interval, Some((22.0, 32.0)));
    }

    mod symmetry {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            /// Mirroring direction, values and target mirrors every trajectory check.
            #[test]
            fn numeric_checks_mirror(
                pts in proptest::collection::btree_map(2010i32..2032, -100.0f64..100.0, 0..6),
                value in -100.0f64..100.0,
                year in 2012i32..2035,
                increase in any::<bool>(),
            ) {
                let pts: Vec<(i32, f64)> = pts.into_iter().collect();
                let mirrored: Vec<(i32, f64)> = pts.iter().map(|&(y, v)| (y, -v)).collect();
                let (d, md) = if increase {
                    (Direction::Increase, Direction::Decrease)
                } else {
                    (Direction::Decrease, Direction::Increase)
                };
                let a = check(0, &numeric(value, year), &pts, &ctx(d));
                let b = check(0, &numeric(-value, year), &mirrored, &ctx(md));
                prop_assert_eq!(a.status, b.status);
                prop_assert_eq!(a.distance_left, b.distance_left);
            }
        }
    }
}
