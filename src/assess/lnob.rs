//! Leaving no one behind: per disaggregation dimension, the worst-off group, its gaps to the best-off group and the total, and whether the gap narrows.

use std::collections::BTreeMap;

use crate::model::Direction;

use super::result::{GapPoint, GapSize, GapTrend, GroupGap, GroupValue};

/// Observations `(year, value)` of each group of each dimension: dimension -> group -> points.
pub type Groups = BTreeMap<String, BTreeMap<String, Vec<(i32, f64)>>>;

/// How bad a value is: higher is worse. None when the direction gives no ordering
/// (`maintain` or `reach` without a target value).
pub fn badness(direction: Direction, target: Option<f64>) -> Option<impl Fn(f64) -> f64> {
    let kind = match (direction, target) {
        (Direction::Increase, _) => 0,
        (Direction::Decrease, _) => 1,
        (Direction::Maintain | Direction::Reach, Some(_)) => 2,
        _ => return None,
    };
    let t = target.unwrap_or(0.0);
    Some(move |v: f64| match kind {
        0 => -v,
        1 => v,
        _ => (v - t).abs(),
    })
}

fn gap(a: f64, b: f64) -> GapSize {
    GapSize {
        difference: a - b,
        ratio: (b != 0.0).then(|| a / b),
    }
}

fn value_at(points: &[(i32, f64)], year: i32) -> Option<f64> {
    points
        .binary_search_by_key(&year, |(y, _)| *y)
        .ok()
        .map(|i| points[i].1)
}

/// The gap of every dimension with at least two groups having a value in a common year.
///
/// The worst-off and best-off groups are those of the latest such year (ties go to the first
/// group in name order). The trend compares the worst-off group's shortfall behind the
/// best-off group (in the desired direction, so a reversal counts as widening) in the
/// earliest year both have values with the latest.
pub fn gaps(
    headline: &[(i32, f64)],
    groups: &Groups,
    direction: Direction,
    target: Option<f64>,
) -> Vec<GroupGap> {
    let Some(bad) = badness(direction, target) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (dimension, members) in groups {
        if members.len() < 2 {
            continue;
        }
        let mut years: BTreeMap<i32, usize> = BTreeMap::new();
        for points in members.values() {
            for (y, _) in points {
                *years.entry(*y).or_default() += 1;
            }
        }
        let Some((&year, _)) = years.iter().rev().find(|(_, n)| **n >= 2) else {
            continue;
        };
        let at: Vec<(&String, f64)> = members
            .iter()
            .filter_map(|(g, p)| value_at(p, year).map(|v| (g, v)))
            .collect();
        let mut worst = at[0];
        let mut best = at[0];
        for &(g, v) in &at[1..] {
            if bad(v) > bad(worst.1) {
                worst = (g, v);
            }
            if bad(v) < bad(best.1) {
                best = (g, v);
            }
        }
        if worst.0 == best.0 {
            // Every group has the same value: take the first two in name order.
            worst = at[0];
            best = at[1];
        }
        let total = value_at(headline, year);
        let worst_points = &members[worst.0];
        let best_points = &members[best.0];
        let history: Vec<GapPoint> = worst_points
            .iter()
            .filter_map(|&(y, w)| {
                value_at(best_points, y).map(|b| GapPoint {
                    year: y,
                    worst: w,
                    best: b,
                    total: value_at(headline, y),
                    gap: gap(w, b),
                })
            })
            .collect();
        let shortfall = |p: &GapPoint| bad(p.worst) - bad(p.best);
        let (trend, trend_years) = match (history.first(), history.last()) {
            (Some(first), Some(last)) if first.year < last.year => {
                let (then, now) = (shortfall(first), shortfall(last));
                let scale = then.abs().max(now.abs()).max(f64::MIN_POSITIVE);
                let trend = if (now - then).abs() <= 1e-12 * scale {
                    GapTrend::Unchanged
                } else if now < then {
                    GapTrend::Narrowing
                } else {
                    GapTrend::Widening
                };
                (trend, Some((first.year, last.year)))
            }
            _ => (GapTrend::Unknown, None),
        };
        out.push(GroupGap {
            dimension: dimension.clone(),
            year,
            worst: GroupValue {
                group: worst.0.clone(),
                value: worst.1,
            },
            best: GroupValue {
                group: best.0.clone(),
                value: best.1,
            },
            total,
            gap_to_best: gap(worst.1, best.1),
            gap_to_total: total.map(|t| gap(worst.1, t)),
            trend,
            trend_years,
            history,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn groups(dim: &str, members: &[(&str, &[(i32, f64)])]) -> Groups {
        let mut g = Groups::new();
        for (name, pts) in members {
            g.entry(dim.to_string())
                .or_default()
                .insert(name.to_string(), pts.to_vec());
        }
        g
    }

    #[test]
    fn worst_off_group_gaps_and_narrowing() {
        // Employment rate (higher is better) by sex.
        let g = groups(
            "Sex",
            &[
                ("Female", &[(2016, 50.0), (2020, 56.0)]),
                ("Male", &[(2016, 62.0), (2020, 64.0)]),
            ],
        );
        let total = [(2016, 56.0), (2020, 60.0)];
        let out = gaps(&total, &g, Direction::Increase, None);
        assert_eq!(out.len(), 1);
        let gap = &out[0];
        assert_eq!(
            (gap.year, gap.worst.group.as_str(), gap.best.group.as_str()),
            (2020, "Female", "Male")
        );
        assert_eq!(gap.gap_to_best.difference, -8.0);
        assert_eq!(gap.gap_to_best.ratio, Some(56.0 / 64.0));
        assert_eq!(gap.gap_to_total.unwrap().difference, -4.0);
        // Shortfall 12 in 2016, 8 in 2020.
        assert_eq!(gap.trend, GapTrend::Narrowing);
        assert_eq!(gap.trend_years, Some((2016, 2020)));
        assert_eq!(gap.history.len(), 2);
    }

    #[test]
    fn lower_is_better_and_reversal_counts_as_widening() {
        // Unemployment (lower is better): in 2016 group A was better off, in 2020 it is worse.
        let g = groups(
            "District",
            &[
                ("A", &[(2016, 8.0), (2020, 12.0)]),
                ("B", &[(2016, 10.0), (2020, 11.0)]),
                ("C", &[(2020, 11.5)]),
            ],
        );
        let out = gaps(&[], &g, Direction::Decrease, None);
        let gap = &out[0];
        assert_eq!(
            (gap.worst.group.as_str(), gap.best.group.as_str()),
            ("A", "B")
        );
        assert_eq!(gap.total, None);
        assert!(gap.gap_to_total.is_none());
        // Shortfall of A behind B: -2 in 2016 (ahead), +1 in 2020.
        assert_eq!(gap.trend, GapTrend::Widening);
    }

    #[test]
    fn one_year_or_one_group_or_no_direction() {
        let g = groups(
            "Sex",
            &[("Female", &[(2020, 5.0)]), ("Male", &[(2020, 6.0)])],
        );
        assert_eq!(
            gaps(&[], &g, Direction::Increase, None)[0].trend,
            GapTrend::Unknown
        );
        let single = groups("Sex", &[("Female", &[(2020, 5.0)])]);
        assert!(gaps(&[], &single, Direction::Increase, None).is_empty());
        assert!(gaps(&[], &g, Direction::Maintain, None).is_empty());
        // Reach a value: the group farthest from it is worst off.
        let out = gaps(&[], &g, Direction::Reach, Some(5.5));
        assert_eq!(out[0].worst.group, "Female");
    }

    mod symmetry {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            /// Mirroring the direction and the values keeps the worst-off group and the trend.
            #[test]
            fn mirrored_groups_keep_worst_and_trend(
                a in proptest::collection::btree_map(2015i32..2022, -50.0f64..50.0, 1..5),
                b in proptest::collection::btree_map(2015i32..2022, -50.0f64..50.0, 1..5),
            ) {
                let a: Vec<(i32, f64)> = a.into_iter().collect();
                let b: Vec<(i32, f64)> = b.into_iter().collect();
                let neg = |p: &[(i32, f64)]| p.iter().map(|&(y, v)| (y, -v)).collect::<Vec<_>>();
                let g = groups("Sex", &[("A", &a), ("B", &b)]);
                let m = groups("Sex", &[("A", &neg(&a)), ("B", &neg(&b))]);
                let x = gaps(&[], &g, Direction::Increase, None);
                let y = gaps(&[], &m, Direction::Decrease, None);
                prop_assert_eq!(x.len(), y.len());
                for (x, y) in x.iter().zip(&y) {
                    prop_assert_eq!(&x.worst.group, &y.worst.group);
                    prop_assert_eq!(x.trend, y.trend);
                }
            }
        }
    }
}
