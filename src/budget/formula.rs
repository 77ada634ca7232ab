//! The budget formulas of DESIGN.md ("Budget methods (exact)"), as pure functions on numbers.
//!
//! Percentages are returned as percentages (95.0 for 95%). Grade bands compare percentages
//! after rounding them to nine decimals, so that a ratio that is exactly on a boundary in
//! decimal arithmetic (950 of 1,000 is 95%) is not pushed off it by binary floating point.
//! The boundaries are:
//!
//! | indicator | A | B | C | D |
//! |---|---|---|---|---|
//! | PI-1 aggregate expenditure outturn | 95 <= r <= 105 | 90 <= r <= 110 | 85 <= r <= 115 | otherwise |
//! | PI-2 expenditure composition variance | v < 5 | v < 10 | v < 15 | otherwise |
//! | PI-3 revenue outturn | 97 <= r <= 106 | 94 <= r <= 112 | 92 <= r <= 116 | otherwise |
//! | PI-3.2 revenue composition variance | v < 5 | v < 10 | v < 15 | otherwise |
//!
//! "Within 95-105%" includes both ends; "under 5%" excludes 5% (the PEFA 2016 wording:
//! "between 95% and 105%", "less than 5%").

use serde::{Deserialize, Serialize};

/// Rounds to nine decimals, the precision at which grade boundaries are compared.
fn r9(x: f64) -> f64 {
    (x * 1e9).round() / 1e9
}

/// A part as a percentage of a whole: `part / whole x 100`; none when the whole is zero.
pub(crate) fn share(part: f64, whole: f64) -> Option<f64> {
    (whole != 0.0).then(|| part * 100.0 / whole)
}

/// An amount per head: `amount / population`; none unless the population is positive.
pub(crate) fn per_head(amount: f64, population: f64) -> Option<f64> {
    (population > 0.0).then(|| amount / population)
}

/// Real terms in prices of the base year: `R_t = N_t x P_b / P_t`; none unless `P_t` is positive.
pub(crate) fn real_terms(nominal: f64, deflator_base: f64, deflator_year: f64) -> Option<f64> {
    (deflator_year > 0.0).then(|| nominal * deflator_base / deflator_year)
}

/// Change from one year to the next in percent: `(R_t / R_{t-1} - 1) x 100`; none when
/// `R_{t-1}` is zero.
pub(crate) fn change(current: f64, previous: f64) -> Option<f64> {
    (previous != 0.0).then(|| (current / previous - 1.0) * 100.0)
}

/// Execution rate in percent: `executed / reference x 100` (reference: approved or revised);
/// none when the reference is zero.
pub(crate) fn execution_rate(executed: f64, reference: f64) -> Option<f64> {
    share(executed, reference)
}

/// PEFA composition variance in percent (PI-2, and PI-3.2 for revenue): each item's budget is
/// adjusted to the actual total, `adj_i = B_i x sum(A) / sum(B)`, and
/// `variance = sum |A_i - adj_i| / sum(adj_i) x 100`. Items are (budgeted, actual) pairs;
/// none when there is no item or either total is zero.
pub(crate) fn composition_variance(items: &[(f64, f64)]) -> Option<f64> {
    let budgeted: f64 = items.iter().map(|(b, _)| b).sum();
    let actual: f64 = items.iter().map(|(_, a)| a).sum();
    if items.is_empty() || budgeted == 0.0 || actual == 0.0 {
        return None;
    }
    let adjusted: Vec<f64> = items.iter().map(|(b, _)| b * actual / budgeted).collect();
    let deviation: f64 = items
        .iter()
        .zip(&adjusted)
        .map(|((_, a), adj)| (a - adj).abs())
        .sum();
    let total_adjusted: f64 = adjusted.iter().sum();
    share(deviation, total_adjusted)
}

/// A PEFA score, A best.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
pub enum Grade {
    /// Meets the highest standard.
    A,
    /// Good performance.
    B,
    /// Basic performance.
    C,
    /// Below the basic level.
    D,
}

impl Grade {
    /// The letter.
    pub fn letter(self) -> &'static str {
        match self {
            Grade::A => "A",
            Grade::B => "B",
            Grade::C => "C",
            Grade::D => "D",
        }
    }
}

/// The band of a ratio in percent that must lie within symmetric-or-not intervals, best first.
fn within(ratio: f64, bands: [(f64, f64); 3]) -> Grade {
    let r = r9(ratio);
    let grades = [Grade::A, Grade::B, Grade::C];
    for (g, (lo, hi)) in grades.into_iter().zip(bands) {
        if lo <= r && r <= hi {
            return g;
        }
    }
    Grade::D
}

/// The band of a variance in percent that must be under thresholds, best first.
fn under(variance: f64, limits: [f64; 3]) -> Grade {
    let v = r9(variance);
    let grades = [Grade::A, Grade::B, Grade::C];
    for (g, limit) in grades.into_iter().zip(limits) {
        if v < limit {
            return g;
        }
    }
    Grade::D
}

/// PI-1 band of one year's aggregate expenditure outturn (executed / approved, in percent).
pub(crate) fn pi1_band(outturn: f64) -> Grade {
    within(outturn, [(95.0, 105.0), (90.0, 110.0), (85.0, 115.0)])
}

/// PI-2 band of one year's expenditure composition variance (in percent).
pub(crate) fn pi2_band(variance: f64) -> Grade {
    under(variance, [5.0, 10.0, 15.0])
}

/// PI-3.1 band of one year's aggregate revenue outturn (actual / budgeted, in percent).
pub(crate) fn pi3_band(outturn: f64) -> Grade {
    within(outturn, [(97.0, 106.0), (94.0, 112.0), (92.0, 116.0)])
}

/// PI-3.2 band of one year's revenue composition variance (in percent).
pub(crate) fn pi3_composition_band(variance: f64) -> Grade {
    under(variance, [5.0, 10.0, 15.0])
}

/// The PEFA grade over the last three completed years: the best grade whose condition held
/// in at least two of them. `bands` holds one entry per year (none when the year has no
/// value, which counts as not meeting any condition); none unless three years are given.
pub(crate) fn pefa_grade(bands: &[Option<Grade>]) -> Option<Grade> {
    if bands.len() != 3 {
        return None;
    }
    [Grade::A, Grade::B, Grade::C]
        .into_iter()
        .find(|g| bands.iter().filter(|b| b.is_some_and(|b| b <= *g)).count() >= 2)
        .or(Some(Grade::D))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: Option<f64>, b: f64) {
        let a = a.expect("a value");
        assert!((a - b).abs() < 1e-9, "{a} != {b}");
    }

    #[test]
    fn share_and_per_head() {
        close(share(250.0, 1000.0), 25.0);
        assert_eq!(share(1.0, 0.0), None);
        close(per_head(1_800_000.0, 180_000.0), 10.0);
        assert_eq!(per_head(1.0, 0.0), None);
        assert_eq!(per_head(1.0, -5.0), None);
    }

    #[test]
    fn a_deflated_series_in_prices_of_the_base_year() {
        // nominal 100, 110, 121 with prices 100, 105, 115.5 (base 2020):
        // real 2020 = 100; 2021 = 110 x 100/105 = 104.761904...; 2022 = 121 x 100/115.5 = 104.761904...
        let nominal = [100.0, 110.0, 121.0];
        let prices = [100.0, 105.0, 115.5];
        let real: Vec<f64> = nominal
            .iter()
            .zip(prices)
            .map(|(n, p)| real_terms(*n, prices[0], p).unwrap())
            .collect();
        close(Some(real[0]), 100.0);
        close(Some(real[1]), 11000.0 / 105.0);
        close(Some(real[2]), 12100.0 / 115.5);
        // real change 2021: 4.7619...%; 2022: 121/115.5 = 1.047619 and 110/105 = 1.047619: 0%
        close(change(real[1], real[0]), 100.0 / 21.0);
        close(change(real[2], real[1]), 0.0);
        // a base year other than the first: prices of 2022
        close(real_terms(100.0, 115.5, 100.0), 115.5);
        assert_eq!(real_terms(1.0, 100.0, 0.0), None);
        assert_eq!(change(1.0, 0.0), None);
    }

    #[test]
    fn execution_rates() {
        close(execution_rate(930.0, 1000.0), 93.0);
        close(execution_rate(930.0, 950.0), 930.0 * 100.0 / 950.0);
        assert_eq!(execution_rate(5.0, 0.0), None);
    }

    #[test]
    fn pi1_bands_at_every_boundary() {
        let cases = [
            (100.0, Grade::A),
            (95.0, Grade::A),
            (105.0, Grade::A),
            (94.999, Grade::B),
            (105.001, Grade::B),
            (90.0, Grade::B),
            (110.0, Grade::B),
            (89.999, Grade::C),
            (110.001, Grade::C),
            (85.0, Grade::C),
            (115.0, Grade::C),
            (84.999, Grade::D),
            (115.001, Grade::D),
            (0.0, Grade::D),
        ];
        for (r, g) in cases {
            assert_eq!(pi1_band(r), g, "PI-1 at {r}%");
        }
        // computed ratios exactly on a boundary stay on it
        assert_eq!(pi1_band(execution_rate(950.0, 1000.0).unwrap()), Grade::A);
        assert_eq!(pi1_band(execution_rate(0.95 * 3.0, 3.0).unwrap()), Grade::A);
        assert_eq!(pi1_band(execution_rate(1.15 * 7.0, 7.0).unwrap()), Grade::C);
    }

    #[test]
    fn pi3_bands_at_every_boundary() {
        let cases = [
            (97.0, Grade::A),
            (106.0, Grade::A),
            (96.999, Grade::B),
            (106.001, Grade::B),
            (94.0, Grade::B),
            (112.0, Grade::B),
            (93.999, Grade::C),
            (112.001, Grade::C),
            (92.0, Grade::C),
            (116.0, Grade::C),
            (91.999, Grade::D),
            (116.001, Grade::D),
        ];
        for (r, g) in cases {
            assert_eq!(pi3_band(r), g, "PI-3 at {r}%");
        }
    }

    #[test]
    fn composition_variance_by_hand() {
        // budgeted 100, 200, 300 (600); actual 120, 150, 330 (600): adjusted = budgeted;
        // |20| + |50| + |30| = 100 / 600 = 16.67%
        close(
            composition_variance(&[(100.0, 120.0), (200.0, 150.0), (300.0, 330.0)]),
            100.0 / 6.0,
        );
        // actual total 540 (90% outturn): adjusted 90, 180, 270; actual 90, 200, 250:
        // |0| + |20| + |20| = 40 / 540 = 7.407%
        close(
            composition_variance(&[(100.0, 90.0), (200.0, 200.0), (300.0, 250.0)]),
            4000.0 / 540.0,
        );
        // uniform under-spending is no variance at all
        close(composition_variance(&[(100.0, 80.0), (50.0, 40.0)]), 0.0);
        assert_eq!(composition_variance(&[]), None);
        assert_eq!(composition_variance(&[(0.0, 5.0)]), None);
        assert_eq!(composition_variance(&[(5.0, 0.0)]), None);
    }

    #[test]
    fn pi2_bands_at_every_boundary() {
        let cases = [
            (0.0, Grade::A),
            (4.999, Grade::A),
            (5.0, Grade::B),
            (9.999, Grade::B),
            (10.0, Grade::C),
            (14.999, Grade::C),
            (15.0, Grade::D),
            (40.0, Grade::D),
        ];
        for (v, g) in cases {
            assert_eq!(pi2_band(v), g, "PI-2 at {v}%");
            assert_eq!(pi3_composition_band(v), g, "PI-3.2 at {v}%");
        }
        // a variance of exactly 5% computed from amounts: budgeted 100, 100; actual 105, 95
        let v = composition_variance(&[(100.0, 105.0), (100.0, 95.0)]).unwrap();
        assert_eq!(pi2_band(v), Grade::B);
    }

    #[test]
    fn pefa_grade_needs_two_of_the_last_three_years() {
        use Grade::*;
        assert_eq!(pefa_grade(&[Some(A), Some(A), Some(D)]), Some(A));
        assert_eq!(pefa_grade(&[Some(A), Some(B), Some(D)]), Some(B));
        assert_eq!(pefa_grade(&[Some(A), Some(C), Some(D)]), Some(C));
        assert_eq!(pefa_grade(&[Some(A), Some(D), Some(D)]), Some(D));
        assert_eq!(pefa_grade(&[Some(B), None, Some(B)]), Some(B));
        assert_eq!(pefa_grade(&[Some(A), None, None]), Some(D));
        assert_eq!(pefa_grade(&[Some(A), Some(A)]), None);
    }
}
