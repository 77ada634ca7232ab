//! Confidence intervals: Wilson score interval for proportions, Byar's method and the exact Poisson interval for rates.

use statrs::distribution::{ChiSquared, ContinuousCDF};

/// The confidence level of every interval.
pub const CONFIDENCE: f64 = 0.95;

/// The standard normal quantile for 95% two-sided intervals.
pub const Z95: f64 = 1.959_963_984_540_054;

/// Rates from at least this many events use Byar's method; fewer use the exact interval.
pub const BYAR_FROM: f64 = 10.0;

/// The Wilson score interval of the proportion `x / n` (a fraction from 0 to 1).
///
/// None when `n` is not positive or `x` is outside 0..=n.
pub fn wilson(x: f64, n: f64) -> Option<(f64, f64)> {
    if n.is_nan() || n <= 0.0 || !(0.0..=n).contains(&x) {
        return None;
    }
    let p = x / n;
    let z2 = Z95 * Z95;
    let denom = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denom;
    let half = Z95 / denom * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    // The bounds are exactly 0 for no successes and 1 for all: avoid rounding residue.
    let lower = if x == 0.0 {
        0.0
    } else {
        (centre - half).max(0.0)
    };
    let upper = if x == n {
        1.0
    } else {
        (centre + half).min(1.0)
    };
    Some((lower, upper))
}

/// Byar's approximation of the 95% interval of a Poisson count `x` (for x >= 10).
pub fn byar(x: f64) -> (f64, f64) {
    let lower = if x > 0.0 {
        x * (1.0 - 1.0 / (9.0 * x) - Z95 / (3.0 * x.sqrt())).powi(3)
    } else {
        0.0
    };
    let x1 = x + 1.0;
    let upper = x1 * (1.0 - 1.0 / (9.0 * x1) + Z95 / (3.0 * x1.sqrt())).powi(3);
    (lower.max(0.0), upper)
}

/// The exact 95% interval of a Poisson count `x`: chi-square quantiles with 2x and 2x + 2
/// degrees of freedom, halved (the lower bound is 0 for no event).
pub fn exact_poisson(x: f64) -> Option<(f64, f64)> {
    if x < 0.0 || !x.is_finite() {
        return None;
    }
    let alpha = 1.0 - CONFIDENCE;
    let lower = if x > 0.0 {
        ChiSquared::new(2.0 * x).ok()?.inverse_cdf(alpha / 2.0) / 2.0
    } else {
        0.0
    };
    let upper = ChiSquared::new(2.0 * x + 2.0)
        .ok()?
        .inverse_cdf(1.0 - alpha / 2.0)
        / 2.0;
    Some((lower, upper))
}

/// The 95% interval of a Poisson count: Byar's method from 10 events, exact below.
/// Returns the bounds and whether Byar's method was used.
pub fn poisson_count(x: f64) -> Option<((f64, f64), bool)> {
    if x >= BYAR_FROM {
        Some((byar(x), true))
    } else {
        exact_poisson(x).map(|b| (b, false))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    #[test]
    fn wilson_matches_published_values() {
        // 5 of 10: 0.2366 to 0.7634 (Newcombe 1998, table I style values).
        let (l, u) = wilson(5.0, 10.0).unwrap();
        assert!(
            close(l, 0.236_6, 1e-4) && close(u, 0.763_4, 1e-4),
            "{l} {u}"
        );
        // 0 of 10: 0 to 0.2775.
        let (l, u) = wilson(0.0, 10.0).unwrap();
        assert_eq!(l, 0.0);
        assert!(close(u, 0.277_5, 1e-4), "{u}");
        // 10 of 10 mirrors 0 of 10.
        let (l, u) = wilson(10.0, 10.0).unwrap();
        assert!(close(l, 1.0 - 0.277_5, 1e-4) && u == 1.0, "{l} {u}");
        assert_eq!(wilson(11.0, 10.0), None);
        assert_eq!(wilson(1.0, 0.0), None);
    }

    #[test]
    fn exact_poisson_matches_tables() {
        // Garwood intervals: 0 -> (0, 3.689), 5 -> (1.6235, 11.6683), 10 -> (4.7954, 18.3904).
        let (l, u) = exact_poisson(0.0).unwrap();
        assert_eq!(l, 0.0);
        assert!(close(u, 3.688_9, 1e-3), "{u}");
        let (l, u) = exact_poisson(5.0).unwrap();
        assert!(
            close(l, 1.623_5, 1e-3) && close(u, 11.668_3, 1e-3),
            "{l} {u}"
        );
        let (l, u) = exact_poisson(10.0).unwrap();
        assert!(
            close(l, 4.795_4, 1e-3) && close(u, 18.390_4, 1e-3),
            "{l} {u}"
        );
    }

    #[test]
    fn byar_is_close_to_exact_from_ten_events() {
        // Hand-computed: 10 events -> 10 (1 - 1/90 - 1.96/(3 sqrt 10))^3 = 4.788,
        // 11 (1 - 1/99 + 1.96/(3 sqrt 11))^3 = 18.39.
        let (l, u) = byar(10.0);
        assert!(close(l, 4.788, 2e-3) && close(u, 18.390, 2e-3), "{l} {u}");
        for x in [10.0, 25.0, 100.0, 1000.0] {
            let (bl, bu) = byar(x);
            let (el, eu) = exact_poisson(x).unwrap();
            assert!(
                (bl - el).abs() / el < 0.01 && (bu - eu).abs() / eu < 0.01,
                "{x}"
            );
        }
    }

    #[test]
    fn poisson_count_switches_method_at_ten() {
        assert!(!poisson_count(9.0).unwrap().1);
        assert!(poisson_count(10.0).unwrap().1);
    }
}
