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
