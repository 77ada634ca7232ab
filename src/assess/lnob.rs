//! Leaving no one behind: per dimension that describes people, the worst-off group, its gap to a stated reference group and to the total, and whether the gap narrows beyond its uncertainty.
//!
//! The rules, as the methodology of the publications states them:
//!
//! 1. **Only groups of people.** A dimension is compared when the vocabulary declares it
//!    `population: true`; when it declares nothing, when its name is one of the usual names of
//!    groups of people ([`is_population_name`]: sex, age, race or colour, ethnicity,
//!    disability, income, migration status, place of residence, in the languages of the
//!    data). `population: false` always wins. Departments, budget classes, rights, goals,
//!    themes or channels are never compared.
//! 2. **Reliable groups only.** A group's value is unreliable when it is a rate from
//!    `privacy.unstable-at-most` events or fewer (so a rate of zero from a small population
//!    is unreliable), a count of that many events or fewer, or a proportion of fewer than
//!    [`MIN_PROPORTION_BASE`] people. Unreliable
//!    groups are listed as such and are never the worst-off group, the best-off group nor the
//!    reference.
//! 3. **A stated reference.** The gap is measured from the worst-off group to the reference
//!    group: the one the vocabulary declares (`reference:`), else the largest group (the one
//!    with the largest population behind its value), else, when the data give no sizes, the
//!    best-off group. When the reference is itself the worst-off group, the gap is measured to
//!    the best-off group.
//! 4. **Widening means beyond uncertainty.** The shortfall of the worst-off group behind the
//!    reference is compared between the earliest and the latest year both have reliable
//!    values. A gap of zero, or one within its 95% uncertainty, is never widening; a change
//!    smaller than its own uncertainty is "unchanged". Uncertainty comes from the 95%
//!    intervals of the two groups' values (their half-widths combined as independent
//!    standard errors); values without intervals are compared as they are.

use std::collections::BTreeMap;

use crate::model::{Direction, Vocabulary};

use super::result::{
    GapPoint, GapSize, GapTrend, GroupGap, GroupValue, ReferenceFrom, UnreliableGroup,
};

/// A proportion computed from fewer people than this is unreliable for comparing groups (the
/// minimum base of the U.S. National Center for Health Statistics standards for proportions).
pub const MIN_PROPORTION_BASE: f64 = 30.0;

/// The z value of a 95% interval, to turn half-widths into standard errors.
const Z95: f64 = 1.959_963_984_540_054;

/// One published value of a group.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GroupPoint {
    /// The year.
    pub year: i32,
    /// The published value.
    pub value: f64,
    /// The population behind the value (the denominator), when known.
    pub size: Option<f64>,
    /// Its 95% interval, when known.
    pub interval: Option<(f64, f64)>,
    /// Whether the value is too unstable to compare (see the module documentation).
    pub unreliable: bool,
}

impl GroupPoint {
    /// A value with nothing known about its size or uncertainty.
    pub fn plain(year: i32, value: f64) -> Self {
        GroupPoint {
            year,
            value,
            size: None,
            interval: None,
            unreliable: false,
        }
    }

    /// Standard error from the interval's half-width, when there is an interval.
    fn standard_error(&self) -> Option<f64> {
        self.interval.map(|(l, u)| ((u - l) / 2.0).abs() / Z95)
    }
}

/// The published values of each group of each dimension: dimension -> group -> points by year.
pub type Groups = BTreeMap<String, BTreeMap<String, Vec<GroupPoint>>>;

/// What decides which dimensions are compared and against which group.
#[derive(Debug, Clone, Copy)]
pub struct GapRules<'a> {
    /// The vocabulary of the data (`population:` and `reference:` per dimension).
    pub vocabulary: &'a Vocabulary,
}

/// Usual names of dimensions whose categories are groups of people, normalised (lower case,
/// ASCII letters and digits only), in the languages localis publishes in.
const POPULATION_NAMES: &[&str] = &[
    // English
    "sex",
    "gender",
    "age",
    "agegroup",
    "ageband",
    "race",
    "colour",
    "color",
    "racecolour",
    "racecolor",
    "raceethnicity",
    "ethnicity",
    "ethnicgroup",
    "disability",
    "disabilitystatus",
    "income",
    "incomegroup",
    "incomequintile",
    "quintile",
    "decile",
    "wealthquintile",
    "migration",
    "migrationstatus",
    "migrantstatus",
    "nationality",
    "citizenship",
    "countryofbirth",
    "residence",
    "placeofresidence",
    "district",
    "neighbourhood",
    "neighborhood",
    "ward",
    "urbanisation",
    "urbanization",
    "urbanrural",
    "location",
    "education",
    "educationlevel",
    "householdtype",
    // Portuguese
    "sexo",
    "genero",
    "idade",
    "faixaetaria",
    "grupoetario",
    "raca",
    "cor",
    "racacor",
    "etnia",
    "deficiencia",
    "renda",
    "faixaderenda",
    "quintilderenda",
    "migracao",
    "nacionalidade",
    "distrito",
    "bairro",
    "zona",
    "situacaododomicilio",
    "escolaridade",
    // Spanish
    "edad",
    "grupodeedad",
    "etnicidad",
    "discapacidad",
    "ingreso",
    "ingresos",
    "migracion",
    "barrio",
    "comuna",
    "residencia",
    // German
    "geschlecht",
    "alter",
    "altersgruppe",
    "behinderung",
    "einkommen",
    "migrationshintergrund",
    "staatsangehorigkeit",
    "bezirk",
    "stadtteil",
    "wohnort",
    // French
    "sexe",
    "genre",
    "tranchedage",
    "ethnie",
    "handicap",
    "revenu",
    "revenus",
    "quartier",
    "arrondissement",
    "lieuderesidence",
];

/// Lower-case ASCII letters and digits of a name, accents folded (`Raça/cor` -> `racacor`).
fn normalised(name: &str) -> String {
    crate::model::fold_diacritics(name)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Whether a dimension's name is a usual name of groups of people: the whole name
/// (`Age group`, `Raça/cor`) or its last word (`Proposer sex`) is in the list; so `Gender
/// marker` (a budget classification) is not.
pub fn is_population_name(name: &str) -> bool {
    let whole = normalised(name);
    if POPULATION_NAMES.contains(&whole.as_str()) {
        return true;
    }
    let last = name
        .split(|c: char| c.is_whitespace() || c == '_' || c == '-')
        .rfind(|w| !w.is_empty())
        .map(normalised)
        .unwrap_or_default();
    POPULATION_NAMES.contains(&last.as_str())
}

impl GapRules<'_> {
    /// Whether the dimension's groups are groups of people: declared, else by its name.
    pub fn is_population(&self, dimension: &str) -> bool {
        self.vocabulary
            .population(dimension)
            .unwrap_or_else(|| is_population_name(dimension))
    }
}

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

fn point_at(points: &[GroupPoint], year: i32) -> Option<&GroupPoint> {
    points
        .binary_search_by_key(&year, |p| p.year)
        .ok()
        .map(|i| &points[i])
}

fn value_at(points: &[(i32, f64)], year: i32) -> Option<f64> {
    points
        .binary_search_by_key(&year, |(y, _)| *y)
        .ok()
        .map(|i| points[i].1)
}

/// The gap of every dimension of people with at least two reliable groups in a common year
/// (see the module documentation for the rules).
pub fn gaps(
    headline: &[(i32, f64)],
    groups: &Groups,
    direction: Direction,
    target: Option<f64>,
    rules: &GapRules<'_>,
) -> Vec<GroupGap> {
    let Some(bad) = badness(direction, target) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (dimension, members) in groups {
        if members.len() < 2 || !rules.is_population(dimension) {
            continue;
        }
        // The latest year with at least two reliable groups.
        let mut years: BTreeMap<i32, usize> = BTreeMap::new();
        for points in members.values() {
            for p in points.iter().filter(|p| !p.unreliable) {
                *years.entry(p.year).or_default() += 1;
            }
        }
        let Some((&year, _)) = years.iter().rev().find(|(_, n)| **n >= 2) else {
            continue;
        };
        let at: Vec<(&String, &GroupPoint)> = members
            .iter()
            .filter_map(|(g, p)| point_at(p, year).map(|p| (g, p)))
            .collect();
        let unreliable: Vec<UnreliableGroup> = at
            .iter()
            .filter(|(_, p)| p.unreliable)
            .map(|(g, p)| UnreliableGroup {
                group: (*g).clone(),
                value: p.value,
            })
            .collect();
        let reliable: Vec<(&String, &GroupPoint)> =
            at.iter().copied().filter(|(_, p)| !p.unreliable).collect();
        // Worst and best off, ties to the first group in name order.
        let mut worst = reliable[0];
        let mut best = reliable[0];
        for &(g, p) in &reliable[1..] {
            if bad(p.value) > bad(worst.1.value) {
                worst = (g, p);
            }
            if bad(p.value) < bad(best.1.value) {
                best = (g, p);
            }
        }
        if worst.0 == best.0 {
            // Every group has the same value: the first two in name order.
            worst = reliable[0];
            best = reliable[1];
        }
        // The reference: declared, else the largest, else the best off.
        let declared = rules
            .vocabulary
            .reference(dimension)
            .and_then(|r| reliable.iter().find(|(g, _)| g.as_str() == r).copied());
        let largest = reliable
            .iter()
            .filter(|(_, p)| p.size.is_some())
            .max_by(|a, b| {
                a.1.size
                    .unwrap_or(0.0)
                    .total_cmp(&b.1.size.unwrap_or(0.0))
                    // on equal sizes, the first in name order
                    .then_with(|| b.0.cmp(a.0))
            })
            .copied();
        let (mut reference, mut reference_from) = match (declared, largest) {
            (Some(d), _) => (d, ReferenceFrom::Declared),
            (None, Some(l)) => (l, ReferenceFrom::Largest),
            (None, None) => (best, ReferenceFrom::BestOff),
        };
        if reference.0 == worst.0 {
            reference = if best.0 == worst.0 {
                // equal values: any other group
                *reliable
                    .iter()
                    .find(|(g, _)| *g != worst.0)
                    .unwrap_or(&best)
            } else {
                best
            };
            reference_from = ReferenceFrom::BestOff;
        }
        let total = value_at(headline, year);
        let worst_points = &members[worst.0];
        let reference_points = &members[reference.0];
        let pairs: Vec<(&GroupPoint, &GroupPoint)> = worst_points
            .iter()
            .filter(|w| !w.unreliable)
            .filter_map(|w| {
                point_at(reference_points, w.year)
                    .filter(|r| !r.unreliable)
                    .map(|r| (w, r))
            })
            .collect();
        let history: Vec<GapPoint> = pairs
            .iter()
            .map(|(w, r)| GapPoint {
                year: w.year,
                worst: w.value,
                reference: r.value,
                total: value_at(headline, w.year),
                gap: gap(w.value, r.value),
            })
            .collect();
        // How far the worst-off group is behind the reference (positive: behind), and the
        // standard error of that shortfall when both values have intervals.
        let shortfall = |w: &GroupPoint, r: &GroupPoint| bad(w.value) - bad(r.value);
        let error = |w: &GroupPoint, r: &GroupPoint| match (w.standard_error(), r.standard_error())
        {
            (Some(a), Some(b)) => Some((a * a + b * b).sqrt()),
            _ => None,
        };
        let now = shortfall(worst.1, reference.1);
        let now_error = error(worst.1, reference.1);
        let within_uncertainty = now <= 0.0 || now_error.is_some_and(|e| now <= Z95 * e);
        let (trend, trend_years) = match (pairs.first(), pairs.last()) {
            (Some(first), Some(last)) if first.0.year < last.0.year => {
                let then = shortfall(first.0, first.1);
                let now = shortfall(last.0, last.1);
                let change = now - then;
                let change_error = match (error(first.0, first.1), error(last.0, last.1)) {
                    (Some(a), Some(b)) => Some((a * a + b * b).sqrt()),
                    _ => None,
                };
                let scale = then.abs().max(now.abs()).max(f64::MIN_POSITIVE);
                let negligible = change.abs() <= 1e-9 * scale
                    || change_error.is_some_and(|e| change.abs() <= Z95 * e);
                let trend = if negligible {
                    GapTrend::Unchanged
                } else if change < 0.0 {
                    GapTrend::Narrowing
                } else if within_uncertainty {
                    // A gap of zero, or within its uncertainty, is never widening.
                    GapTrend::Unchanged
                } else {
                    GapTrend::Widening
                };
                (trend, Some((first.0.year, last.0.year)))
            }
            _ => (GapTrend::Unknown, None),
        };
        out.push(GroupGap {
            dimension: dimension.clone(),
            year,
            worst: GroupValue {
                group: worst.0.clone(),
                value: worst.1.value,
            },
            reference: GroupValue {
                group: reference.0.clone(),
                value: reference.1.value,
            },
            reference_from,
            best_off: GroupValue {
                group: best.0.clone(),
                value: best.1.value,
            },
            total,
            gap_to_reference: gap(worst.1.value, reference.1.value),
            gap_to_total: total.map(|t| gap(worst.1.value, t)),
            within_uncertainty,
            trend,
            trend_years,
            unreliable,
            history,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(points: &[(i32, f64)]) -> Vec<GroupPoint> {
        points
            .iter()
            .map(|&(y, v)| GroupPoint::plain(y, v))
            .collect()
    }

    fn groups(dim: &str, members: &[(&str, Vec<GroupPoint>)]) -> Groups {
        let mut g = Groups::new();
        for (name, pts) in members {
            g.entry(dim.to_string())
                .or_default()
                .insert(name.to_string(), pts.clone());
        }
        g
    }

    fn rules(v: &Vocabulary) -> GapRules<'_> {
        GapRules { vocabulary: v }
    }

    #[test]
    fn worst_off_group_gaps_and_narrowing() {
        // Employment rate (higher is better) by sex, no sizes: the reference is the best off.
        let g = groups(
            "Sex",
            &[
                ("Female", plain(&[(2016, 50.0), (2020, 56.0)])),
                ("Male", plain(&[(2016, 62.0), (2020, 64.0)])),
            ],
        );
        let total = [(2016, 56.0), (2020, 60.0)];
        let v = Vocabulary::default();
        let out = gaps(&total, &g, Direction::Increase, None, &rules(&v));
        assert_eq!(out.len(), 1);
        let gap = &out[0];
        assert_eq!(
            (
                gap.year,
                gap.worst.group.as_str(),
                gap.reference.group.as_str()
            ),
            (2020, "Female", "Male")
        );
        assert_eq!(gap.reference_from, ReferenceFrom::BestOff);
        assert_eq!(gap.gap_to_reference.difference, -8.0);
        assert_eq!(gap.gap_to_reference.ratio, Some(56.0 / 64.0));
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
                ("A", plain(&[(2016, 8.0), (2020, 12.0)])),
                ("B", plain(&[(2016, 10.0), (2020, 11.0)])),
                ("C", plain(&[(2020, 11.5)])),
            ],
        );
        let v = Vocabulary::default();
        let out = gaps(&[], &g, Direction::Decrease, None, &rules(&v));
        let gap = &out[0];
        assert_eq!(
            (gap.worst.group.as_str(), gap.reference.group.as_str()),
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
            &[
                ("Female", plain(&[(2020, 5.0)])),
                ("Male", plain(&[(2020, 6.0)])),
            ],
        );
        let v = Vocabulary::default();
        let r = rules(&v);
        assert_eq!(
            gaps(&[], &g, Direction::Increase, None, &r)[0].trend,
            GapTrend::Unknown
        );
        let single = groups("Sex", &[("Female", plain(&[(2020, 5.0)]))]);
        assert!(gaps(&[], &single, Direction::Increase, None, &r).is_empty());
        assert!(gaps(&[], &g, Direction::Maintain, None, &r).is_empty());
        // Reach a value: the group farthest from it is worst off.
        let out = gaps(&[], &g, Direction::Reach, Some(5.5), &r);
        assert_eq!(out[0].worst.group, "Female");
    }

    #[test]
    fn a_gap_within_its_uncertainty_is_never_widening() {
        // Lower is better. 2015: 10 and 10; 2025: 12 (95% interval 8-16) against 10 (7-13).
        // The gap of 2 has a standard error of sqrt(2.04^2 + 1.53^2) = 2.55: 2 is well
        // within 1.96 x 2.55 = 5.0, so it is not widening though it grew from 0.
        let pt = |y, v, i: Option<(f64, f64)>| GroupPoint {
            interval: i,
            ..GroupPoint::plain(y, v)
        };
        let g = groups(
            "Sex",
            &[
                (
                    "Female",
                    vec![
                        pt(2015, 10.0, Some((7.0, 13.0))),
                        pt(2025, 12.0, Some((8.0, 16.0))),
                    ],
                ),
                (
                    "Male",
                    vec![
                        pt(2015, 10.0, Some((7.0, 13.0))),
                        pt(2025, 10.0, Some((7.0, 13.0))),
                    ],
                ),
            ],
        );
        let v = Vocabulary::default();
        let out = gaps(&[], &g, Direction::Decrease, None, &rules(&v));
        assert!(out[0].within_uncertainty);
        assert_eq!(out[0].trend, GapTrend::Unchanged);
        // Without intervals the same numbers widen.
        let g = groups(
            "Sex",
            &[
                ("Female", plain(&[(2015, 10.0), (2025, 12.0)])),
                ("Male", plain(&[(2015, 10.0), (2025, 10.0)])),
            ],
        );
        assert_eq!(
            gaps(&[], &g, Direction::Decrease, None, &rules(&v))[0].trend,
            GapTrend::Widening
        );
    }

    #[test]
    fn names_of_groups_of_people() {
        for yes in [
            "Sex",
            "Raça",
            "Raça/cor",
            "Idade",
            "Age group",
            "Proposer sex",
            "Disability",
            "District",
            "Faixa etária",
        ] {
            assert!(is_population_name(yes), "{yes}");
        }
        for no in [
            "Department",
            "Gender marker",
            "Economic class",
            "Right",
            "SDG target",
            "Theme",
            "Disaster type",
            "Channel",
            "Programme",
        ] {
            assert!(!is_population_name(no), "{no}");
        }
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
                let g = groups("Sex", &[("A", plain(&a)), ("B", plain(&b))]);
                let m = groups("Sex", &[("A", plain(&neg(&a))), ("B", plain(&neg(&b)))]);
                let v = Vocabulary::default();
                let x = gaps(&[], &g, Direction::Increase, None, &rules(&v));
                let y = gaps(&[], &m, Direction::Decrease, None, &rules(&v));
                prop_assert_eq!(x.len(), y.len());
                for (x, y) in x.iter().zip(&y) {
                    prop_assert_eq!(&x.worst.group, &y.worst.group);
                    prop_assert_eq!(x.trend, y.trend);
                }
            }

            /// A gap that is zero in its latest year is never widening.
            #[test]
            fn zero_gap_never_widens(
                a in proptest::collection::btree_map(2015i32..2022, 0.0f64..50.0, 1..5),
                last in 0.0f64..50.0,
            ) {
                let mut a: Vec<(i32, f64)> = a.into_iter().collect();
                a.push((2025, last));
                let b: Vec<(i32, f64)> = a.iter().map(|&(y, v)| (y, if y == 2025 { v } else { v + 1.0 })).collect();
                let g = groups("Sex", &[("A", plain(&a)), ("B", plain(&b))]);
                let v = Vocabulary::default();
                for d in [Direction::Increase, Direction::Decrease] {
                    for gap in gaps(&[], &g, d, None, &rules(&v)) {
                        prop_assert_ne!(gap.trend, GapTrend::Widening);
                    }
                }
            }
        }
    }
}
