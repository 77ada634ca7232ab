//! Distance-to-target scores (SDSN SDG Index): 0-100 per indicator and place, the worst bound across places, and goal scores.

use crate::model::{Direction, Indicator};

/// The percentile of performance that sets the worst bound (SDSN: 2.5%).
pub const WORST_PERCENTILE: f64 = 0.025;

/// A goal has no score when more than this share of its scorable indicators lack data.
pub const MAX_LACKING_SHARE: f64 = 0.2;

/// The `q` quantile (0 to 1) of values sorted ascending, interpolating linearly between
/// order statistics (Hyndman and Fan type 7, the default of R and NumPy).
pub fn quantile(sorted: &[f64], q: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let h = (sorted.len() - 1) as f64 * q.clamp(0.0, 1.0);
    let lo = h.floor() as usize;
    let hi = h.ceil() as usize;
    Some(sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo]))
}

/// The worst bound across places: the 2.5th percentile of performance, that is the 2.5th
/// percentile of the values when higher is better and the 97.5th when lower is better (for
/// `maintain` and `reach`, on the side of the median away from the best value). Needs at
/// least two places with a value.
pub fn worst_bound(values: &[f64], direction: Direction, best: f64) -> Option<f64> {
    if values.len() < 2 {
        return None;
    }
    let mut sorted: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    if sorted.len() < 2 {
        return None;
    }
    sorted.sort_by(f64::total_cmp);
    let low_is_bad = match direction {
        Direction::Increase => true,
        Direction::Decrease => false,
        Direction::Maintain | Direction::Reach => quantile(&sorted, 0.5).is_some_and(|m| best >= m),
        // without a desired direction there is no worse side
        Direction::NotStated => return None,
    };
    quantile(
        &sorted,
        if low_is_bad {
            WORST_PERCENTILE
        } else {
            1.0 - WORST_PERCENTILE
        },
    )
}

/// The distance-to-target score: clip(100 (v - worst) / (best - worst), 0, 100).
///
/// A value at or beyond the best scores 100 when higher (or lower) is better; when the
/// worst bound lies beyond the best (every place is past the target), a value short of the
/// best scores 0. For `maintain` and `reach`, overshooting counts against:
/// 100 (1 - |v - best| / |worst - best|), clipped. None when best equals worst.
pub fn distance_to_target(value: f64, best: f64, worst: f64, direction: Direction) -> Option<f64> {
    if best == worst || !value.is_finite() {
        return None;
    }
    let d = match direction {
        Direction::Increase => 1.0,
        Direction::Decrease => -1.0,
        Direction::Maintain | Direction::Reach => {
            let s = 100.0 * (1.0 - (value - best).abs() / (worst - best).abs());
            return Some(s.clamp(0.0, 100.0));
        }
        Direction::NotStated => return None,
    };
    if d * (value - best) >= 0.0 {
        return Some(100.0);
    }
    if d * (worst - best) >= 0.0 {
        return Some(0.0);
    }
    Some((100.0 * (value - worst) / (best - worst)).clamp(0.0, 100.0))
}

/// The goal score: the mean of its indicators' scores, none when more than 20% of them lack
/// one (or there is none). Returns the score and how many lack data.
pub fn goal_score(scores: &[Option<f64>]) -> (Option<f64>, usize) {
    let lacking = scores.iter().filter(|s| s.is_none()).count();
    if scores.is_empty() || lacking as f64 > MAX_LACKING_SHARE * scores.len() as f64 {
        return (None, lacking);
    }
    let present: Vec<f64> = scores.iter().flatten().copied().collect();
    let mean = present.iter().sum::<f64>() / present.len() as f64;
    (Some(mean), lacking)
}

/// The distance-to-target score and rank of one indicator in one place.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ranked {
    /// The score, 0 (at or beyond the worst) to 100 (at or beyond the target).
    pub score: f64,
    /// The rank among the places scored (1 = closest to the target; ties share a rank).
    pub rank: u32,
}

/// The scores and ranks of every indicator (by position in `ws.active`) and place (by position in the place list).
#[derive(Debug, Default)]
pub struct Ranks {
    /// `[indicator][place]`.
    pub by_indicator: Vec<Vec<Option<Ranked>>>,
    /// Places scored, per indicator.
    pub scored: Vec<u32>,
}

/// Ranks scores, highest first; equal scores share the rank of the first of them.
pub fn competition_ranks(scores: &[(usize, f64)]) -> Vec<(usize, u32)> {
    let mut sorted: Vec<(usize, f64)> = scores.to_vec();
    sorted.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut out = Vec::with_capacity(sorted.len());
    let mut rank = 0;
    for (i, (place, s)) in sorted.iter().enumerate() {
        if i == 0 || *s != sorted[i - 1].1 {
            rank = i as u32 + 1;
        }
        out.push((*place, rank));
    }
    out
}

/// Scores and ranks the places on each indicator: `best[i]` is the indicator's best bound
/// (none: not scored), `stated_worst[i]` whether its worst bound is the one it states (else
/// the 2.5th percentile of `values[i]`, the latest value of each place by its position).
pub fn rank_places(
    indicators: &[&Indicator],
    best: &[Option<f64>],
    stated_worst: &[bool],
    values: &[Vec<(usize, f64)>],
    places: usize,
) -> Ranks {
    let n = indicators.len();
    let mut ranks = Ranks {
        by_indicator: vec![vec![None; places]; n],
        scored: vec![0; n],
    };
    for (i, ind) in indicators.iter().enumerate() {
        let Some(best) = best[i] else { continue };
        let latest: Vec<f64> = values[i].iter().map(|(_, v)| *v).collect();
        let worst = if stated_worst[i] {
            ind.assessment.as_ref().and_then(|a| a.worst)
        } else {
            worst_bound(&latest, ind.direction, best)
        };
        let Some(worst) = worst else { continue };
        let scores: Vec<(usize, f64)> = values[i]
            .iter()
            .filter_map(|(p, v)| {
                distance_to_target(*v, best, worst, ind.direction).map(|s| (*p, s))
            })
            .collect();
        ranks.scored[i] = scores.len() as u32;
        let mut score_of = vec![0.0; places];
        for (p, s) in &scores {
            score_of[*p] = *s;
        }
        for (p, rank) in competition_ranks(&scores) {
            ranks.by_indicator[i][p] = Some(Ranked {
                score: score_of[p],
                rank,
            });
        }
    }
    ranks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ties_share_a_rank_and_the_next_rank_skips() {
        let ranks = competition_ranks(&[(0, 50.0), (1, 90.0), (2, 50.0), (3, 10.0)]);
        assert_eq!(ranks, vec![(1, 1), (0, 2), (2, 2), (3, 4)]);
        assert!(competition_ranks(&[]).is_empty());
    }

    #[test]
    fn quantile_interpolates() {
        let v = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert_eq!(quantile(&v, 0.0), Some(1.0));
        assert_eq!(quantile(&v, 0.5), Some(3.0));
        assert_eq!(quantile(&v, 1.0), Some(5.0));
        // h = 4 x 0.025 = 0.1: 1 + 0.1 x (2 - 1).
        assert!((quantile(&v, 0.025).unwrap() - 1.1).abs() < 1e-12);
        assert_eq!(quantile(&[], 0.5), None);
    }

    #[test]
    fn worst_bound_by_direction() {
        let values: Vec<f64> = (0..=40).map(f64::from).collect();
        // 40 x 0.025 = 1 -> 1.0; 40 x 0.975 = 39 -> 39.0.
        assert_eq!(worst_bound(&values, Direction::Increase, 40.0), Some(1.0));
        assert_eq!(worst_bound(&values, Direction::Decrease, 0.0), Some(39.0));
        assert_eq!(worst_bound(&[5.0], Direction::Increase, 10.0), None);
    }

    #[test]
    fn distance_to_target_scores() {
        // (60 - 20) / (80 - 20) = 2/3.
        let s = distance_to_target(60.0, 80.0, 20.0, Direction::Increase).unwrap();
        assert!((s - 200.0 / 3.0).abs() < 1e-9);
        assert_eq!(
            distance_to_target(90.0, 80.0, 20.0, Direction::Increase),
            Some(100.0)
        );
        assert_eq!(
            distance_to_target(10.0, 80.0, 20.0, Direction::Increase),
            Some(0.0)
        );
        // Lower is better: (14 - 20) / (5 - 20) = 0.4.
        let s = distance_to_target(14.0, 5.0, 20.0, Direction::Decrease).unwrap();
        assert!((s - 40.0).abs() < 1e-9);
        assert_eq!(
            distance_to_target(4.0, 5.0, 20.0, Direction::Decrease),
            Some(100.0)
        );
        // Every place past the target: the worst lies beyond the best.
        assert_eq!(
            distance_to_target(70.0, 60.0, 65.0, Direction::Increase),
            Some(100.0)
        );
        assert_eq!(
            distance_to_target(59.0, 60.0, 65.0, Direction::Increase),
            Some(0.0)
        );
        // Reach penalises overshooting: |110 - 100| / |60 - 100| = 0.25.
        assert_eq!(
            distance_to_target(110.0, 100.0, 60.0, Direction::Reach),
            Some(75.0)
        );
        assert_eq!(distance_to_target(1.0, 5.0, 5.0, Direction::Increase), None);
    }

    #[test]
    fn goal_score_needs_four_in_five() {
        assert_eq!(
            goal_score(&[Some(50.0), Some(70.0), Some(60.0), Some(80.0), None]),
            (Some(65.0), 1)
        );
        // 2 of 5 lacking: 40% > 20%.
        assert_eq!(
            goal_score(&[Some(50.0), Some(70.0), Some(60.0), None, None]),
            (None, 2)
        );
        assert_eq!(goal_score(&[]), (None, 0));
    }

    proptest::proptest! {
        /// Mirroring the direction and the values keeps the score.
        #[test]
        fn mirrored_scores_are_equal(v in -100.0f64..100.0, best in -100.0f64..100.0, worst in -100.0f64..100.0) {
            let a = distance_to_target(v, best, worst, Direction::Increase);
            let b = distance_to_target(-v, -best, -worst, Direction::Decrease);
            proptest::prop_assert_eq!(a, b);
        }
    }
}
