//! Distance-to-target scores (SDSN SDG Index): 0-100 per indicator and place, the worst bound across places, and goal scores.

use crate::model::Direction;

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

#[cfg(test)]
mod tests {
    use super::*;

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
