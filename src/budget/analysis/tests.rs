//! Hand-computed cases of the budget analysis.
//!
//! Three years, two departments (housing `H`, social `S`), two rights, population 1,000,
//! 1,000, 1,250, deflator 100, 110, 121 (base year 2021). Amounts (approved / revised /
//! executed), rights and gender markers:
//!
//! | row | year | dept | class | approved | revised | executed | rights | SDG | gender |
//! |---|---|---|---|---|---|---|---|---|---|
//! | 1 | 2021 | H | personnel | 1000 | 1000 | 950 | housing | 11.1 | 1 |
//! | 2 | 2021 | S | investment | 1000 | 1100 | 1050 | housing, health | 3.8, 11.1 | 0 |
//! | 3 | 2021 | H | goods | 500 | 500 | 400 | - | - | 2 |
//! | 4 | 2022 | H | personnel | 1100 | 1100 | 1100 | housing | | |
//! | 5 | 2022 | S | investment | 1320 | 1320 | 1200 | housing, health | | |
//! | 6 | 2022 | H | goods | 550 | 600 | 580 | - | | |
//! | 7 | 2023 | H | personnel | 1331 | 1331 | 1300 | housing | | |
//! | 8 | 2023 | S | investment | 1210 | 1210 | 1150 | housing, health | | |
//! | 9 | 2023 | H | goods | 605 | 605 | 600 | - | | |

use std::collections::BTreeMap;

use super::*;
use crate::budget::data::*;
use crate::model::{BudgetJustification, RetrogressionSettings, Text};

const HOUSING: &str = "adequate-housing";
const HEALTH: &str = "health";

#[allow(clippy::too_many_arguments)]
fn line(
    row: u32,
    year: i32,
    dept: &str,
    class: &str,
    amounts: (f64, f64, Option<f64>),
    rights: &[&str],
    sdg: &[&str],
    gender: Option<u8>,
) -> BudgetLine {
    BudgetLine {
        row,
        year,
        department: dept.into(),
        programme: Some(format!("{dept}-p")),
        economic_class: Some(class.into()),
        line: None,
        title: None,
        approved: Some(amounts.0),
        revised: Some(amounts.1),
        executed: amounts.2,
        rights: rights.iter().map(|s| s.to_string()).collect(),
        sdg: sdg.iter().map(|s| s.to_string()).collect(),
        indicators: Vec::new(),
        gender_marker: gender,
    }
}

fn series(dataset: &str, values: &[(i32, f64)]) -> YearValues {
    YearValues {
        values: values
            .iter()
            .enumerate()
            .map(|(i, (y, v))| {
                (
                    *y,
                    YearValue {
                        value: *v,
                        provenance: vec![Provenance {
                            dataset: dataset.into(),
                            file: format!("data/{dataset}.csv"),
                            rows: vec![(i as u32 + 1, i as u32 + 1)],
                        }],
                    },
                )
            })
            .collect(),
        indicator: None,
    }
}

fn revenue_line(row: u32, year: i32, cat: &str, own: bool, b: f64, a: f64) -> RevenueLine {
    RevenueLine {
        row,
        year,
        category: Some(cat.into()),
        own: Some(own),
        budgeted: Some(b),
        actual: Some(a),
    }
}

fn data() -> BudgetData {
    BudgetData {
        currency: Some("EUR".into()),
        place: "0001".into(),
        source: TableSource {
            dataset: "budget".into(),
            file: "data/budget.csv".into(),
        },
        lines: vec![
            line(
                1,
                2021,
                "H",
                "personnel",
                (1000.0, 1000.0, Some(950.0)),
                &[HOUSING],
                &["11.1"],
                Some(1),
            ),
            line(
                2,
                2021,
                "S",
                "investment",
                (1000.0, 1100.0, Some(1050.0)),
                &[HOUSING, HEALTH],
                &["3.8", "11.1"],
                Some(0),
            ),
            line(
                3,
                2021,
                "H",
                "goods",
                (500.0, 500.0, Some(400.0)),
                &[],
                &[],
                Some(2),
            ),
            line(
                4,
                2022,
                "H",
                "personnel",
                (1100.0, 1100.0, Some(1100.0)),
                &[HOUSING],
                &[],
                None,
            ),
            line(
                5,
                2022,
                "S",
                "investment",
                (1320.0, 1320.0, Some(1200.0)),
                &[HOUSING, HEALTH],
                &[],
                None,
            ),
            line(
                6,
                2022,
                "H",
                "goods",
                (550.0, 600.0, Some(580.0)),
                &[],
                &[],
                None,
            ),
            line(
                7,
                2023,
                "H",
                "personnel",
                (1331.0, 1331.0, Some(1300.0)),
                &[HOUSING],
                &[],
                None,
            ),
            line(
                8,
                2023,
                "S",
                "investment",
                (1210.0, 1210.0, Some(1150.0)),
                &[HOUSING, HEALTH],
                &[],
                None,
            ),
            line(
                9,
                2023,
                "H",
                "goods",
                (605.0, 605.0, Some(600.0)),
                &[],
                &[],
                None,
            ),
        ],
        columns: PresentColumns {
            programme: true,
            economic_class: true,
            revised: true,
            executed: true,
            rights: true,
            sdg: true,
            indicators: false,
            gender_marker: true,
        },
        deflator: Some(series(
            "cpi",
            &[(2021, 100.0), (2022, 110.0), (2023, 121.0)],
        )),
        population: Some(series(
            "population",
            &[(2021, 1000.0), (2022, 1000.0), (2023, 1250.0)],
        )),
        declared_base_year: None,
        project_base_year: 2015,
        revenue: Some(Revenue {
            source: TableSource {
                dataset: "revenue".into(),
                file: "data/revenue.csv".into(),
            },
            lines: vec![
                revenue_line(1, 2021, "property tax", true, 1000.0, 1000.0),
                revenue_line(2, 2021, "fees", true, 500.0, 440.0),
                revenue_line(3, 2021, "transfers", false, 1000.0, 1100.0),
                revenue_line(4, 2022, "property tax", true, 1000.0, 1030.0),
                revenue_line(5, 2022, "fees", true, 500.0, 470.0),
                revenue_line(6, 2022, "transfers", false, 1000.0, 1000.0),
                revenue_line(7, 2023, "property tax", true, 1100.0, 1210.0),
                revenue_line(8, 2023, "fees", true, 500.0, 550.0),
            ],
            has_own: true,
            has_category: true,
        }),
        retrogression: RetrogressionSettings::default(),
        justifications: vec![
            LocatedJustification {
                justification: BudgetJustification {
                    right: HOUSING.into(),
                    year: 2023,
                    text: Text::plain("Housing allowances moved to the region."),
                    by: None,
                },
                span: 0..1,
            },
            LocatedJustification {
                justification: BudgetJustification {
                    right: HEALTH.into(),
                    year: 2022,
                    text: Text::plain("A justification of a fall that did not happen."),
                    by: None,
                },
                span: 2..3,
            },
        ],
        project_file: 0,
        spans: BudgetSpans::default(),
    }
}

fn get<'a>(out: &'a BudgetOutput, id: &str, disaggregation: &[(&str, &str)]) -> &'a Series {
    let r = out
        .results
        .iter()
        .find(|r| r.indicator == id)
        .unwrap_or_else(|| panic!("no result {id}"));
    let want: BTreeMap<String, String> = disaggregation
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    r.series
        .iter()
        .find(|s| s.disaggregation == want)
        .unwrap_or_else(|| panic!("no series {want:?} of {id}"))
}

fn value(out: &BudgetOutput, id: &str, disaggregation: &[(&str, &str)], year: i32) -> Option<f64> {
    get(out, id, disaggregation)
        .observations
        .iter()
        .find(|o| o.year == year)
        .and_then(|o| o.value)
}

#[track_caller]
fn close(v: Option<f64>, expected: f64) {
    let v = v.expect("a value");
    assert!((v - expected).abs() < 1e-9, "{v} != {expected}");
}

#[test]
fn totals_and_groups_count_multi_tagged_lines_in_full_for_each_tag_once_in_totals() {
    let out = analyse(&data());
    close(value(&out, ids::APPROVED, &[], 2021), 2500.0);
    close(value(&out, ids::EXECUTED, &[], 2021), 2400.0);
    close(
        value(&out, ids::EXECUTED, &[("Right", HOUSING)], 2021),
        2000.0,
    );
    close(
        value(&out, ids::EXECUTED, &[("Right", HEALTH)], 2021),
        1050.0,
    );
    close(
        value(&out, ids::EXECUTED, &[("Department", "H")], 2021),
        1350.0,
    );
    close(
        value(
            &out,
            ids::EXECUTED,
            &[("Department", "H"), ("Programme", "H-p")],
            2021,
        ),
        1350.0,
    );
    close(value(&out, ids::EXECUTED, &[("SDG", "11")], 2021), 2000.0);
    close(
        value(&out, ids::EXECUTED, &[("SDG target", "3.8")], 2021),
        1050.0,
    );
    close(
        value(&out, ids::EXECUTED, &[("Economic class", "goods")], 2023),
        600.0,
    );
    // shares: lines serving a right, counted once: 2000 of 2400; per right in full
    close(
        value(&out, ids::EXECUTED_SHARE, &[], 2021),
        2000.0 * 100.0 / 2400.0,
    );
    close(
        value(&out, ids::EXECUTED_SHARE, &[("Right", HOUSING)], 2021),
        2000.0 * 100.0 / 2400.0,
    );
    close(
        value(&out, ids::EXECUTED_SHARE, &[("Right", HEALTH)], 2021),
        43.75,
    );
    // a right without lines in a year of the budget is zero, not missing
    close(value(&out, ids::EXECUTED, &[("SDG", "3")], 2022), 0.0);
}

#[test]
fn real_terms_per_head_and_real_change() {
    let out = analyse(&data());
    assert_eq!(out.analysis.base_year, Some(2021));
    // housing allocation 2000, 2420, 2541 nominal -> 2000, 2200, 2100 real
    close(
        value(&out, ids::APPROVED_REAL, &[("Right", HOUSING)], 2022),
        2200.0,
    );
    close(
        value(&out, ids::APPROVED_REAL, &[("Right", HOUSING)], 2023),
        2100.0,
    );
    close(
        value(
            &out,
            ids::APPROVED_REAL_PER_HEAD,
            &[("Right", HOUSING)],
            2023,
        ),
        1.68,
    );
    close(
        value(&out, ids::APPROVED_REAL_CHANGE, &[("Right", HOUSING)], 2022),
        10.0,
    );
    close(
        value(&out, ids::APPROVED_REAL_CHANGE, &[("Right", HOUSING)], 2023),
        (2100.0 / 2200.0 - 1.0) * 100.0,
    );
    // no change in the first year
    assert_eq!(value(&out, ids::APPROVED_REAL_CHANGE, &[], 2021), None);
    close(value(&out, ids::EXECUTED_PER_HEAD, &[], 2021), 2.4);
    close(
        value(&out, ids::EXECUTED_REAL, &[], 2022),
        2880.0 * 100.0 / 110.0,
    );
}

#[test]
fn execution_rates_and_unspent_allocations() {
    let out = analyse(&data());
    close(
        value(&out, ids::EXECUTION_RATE, &[("Department", "H")], 2021),
        90.0,
    );
    close(
        value(&out, ids::EXECUTION_RATE_REVISED, &[], 2021),
        2400.0 * 100.0 / 2600.0,
    );
    close(value(&out, ids::UNSPENT, &[], 2021), 200.0);
    close(
        value(&out, ids::UNSPENT, &[("Department", "S")], 2021),
        50.0,
    );
}

#[test]
fn gender_share_is_of_screened_spending() {
    let out = analyse(&data());
    close(
        value(&out, ids::GENDER_SHARE, &[], 2021),
        1350.0 * 100.0 / 2400.0,
    );
    close(
        value(
            &out,
            ids::GENDER_SHARE,
            &[("Gender marker", "principal")],
            2021,
        ),
        400.0 * 100.0 / 2400.0,
    );
    // 2022 lines have no marker: no share rather than 0%
    assert_eq!(value(&out, ids::GENDER_SHARE, &[], 2022), None);
}

#[test]
fn pefa_values_bands_and_grades() {
    let out = analyse(&data());
    let pefa = |p: PefaIndicator| out.analysis.pefa.iter().find(|s| s.pefa == p).unwrap();
    // PI-1: 96%, 96.97%, 96.95%: A in every year
    let pi1 = pefa(PefaIndicator::Pi1);
    close(Some(pi1.years[0].value), 96.0);
    assert!(pi1.years.iter().all(|y| y.band == Grade::A));
    assert_eq!(pi1.grade, Some(Grade::A));
    assert_eq!(pi1.grade_years, vec![2021, 2022, 2023]);
    // PI-2.1 by department: 7.5% (B), 5.56% (B), 1.51% (A): B in two of three years
    let pi2 = pefa(PefaIndicator::Pi2Department);
    close(Some(pi2.years[0].value), 7.5);
    close(Some(pi2.years[1].value), 160.0 * 100.0 / 2880.0);
    close(
        Some(pi2.years[2].value),
        (2.0_f64 * (1900.0 - 1936.0 * 3050.0 / 3146.0)).abs() * 100.0 / 3050.0,
    );
    let bands: Vec<Grade> = pi2.years.iter().map(|y| y.band).collect();
    assert_eq!(bands, [Grade::B, Grade::B, Grade::A]);
    assert_eq!(pi2.grade, Some(Grade::B));
    // PI-3.1 on own revenue: 96% (B), 100% (A), 110% (B): B
    let pi3 = pefa(PefaIndicator::Pi3);
    let values: Vec<f64> = pi3.years.iter().map(|y| y.value).collect();
    close(Some(values[0]), 96.0);
    close(Some(values[1]), 100.0);
    close(Some(values[2]), 110.0);
    assert_eq!(pi3.grade, Some(Grade::B));
    // PI-3.2 2021: adjusted 960, 480; deviations 40 + 40 of 1440
    close(
        Some(pefa(PefaIndicator::Pi3Composition).years[0].value),
        8000.0 / 1440.0,
    );
    // the yearly values are indicators too
    close(value(&out, ids::PEFA_PI1, &[], 2021), 96.0);
}

#[test]
fn maximum_available_resources() {
    let out = analyse(&data());
    close(value(&out, ids::OWN_REVENUE_PER_HEAD, &[], 2021), 1.44);
    close(
        value(&out, ids::OWN_REVENUE_SHARE, &[], 2021),
        1440.0 * 100.0 / 2540.0,
    );
    close(
        value(&out, ids::RIGHTS_SHARE_OF_OWN_REVENUE, &[], 2021),
        2000.0 * 100.0 / 1440.0,
    );
    close(
        value(
            &out,
            ids::RIGHTS_SHARE_OF_OWN_REVENUE,
            &[("Right", HEALTH)],
            2021,
        ),
        1050.0 * 100.0 / 1440.0,
    );
}

#[test]
fn retrogressions_carry_their_justification_or_none() {
    let out = analyse(&data());
    let r = &out.analysis.retrogressions;
    assert_eq!(r.len(), 2, "{r:?}");
    // health: 1.2 -> 0.8 real per head in 2023, no justification
    let health = r.iter().find(|x| x.right == HEALTH).unwrap();
    assert_eq!(health.year, 2023);
    close(Some(health.change), -100.0 / 3.0);
    assert!(health.justification.is_none());
    // housing: 2.2 -> 1.68, justified
    let housing = r.iter().find(|x| x.right == HOUSING).unwrap();
    close(Some(housing.previous), 2.2);
    close(Some(housing.current), 1.68);
    assert!(housing.justification.is_some());
    close(value(&out, ids::RETROGRESSIONS, &[], 2023), 2.0);
    close(value(&out, ids::RETROGRESSIONS_UNJUSTIFIED, &[], 2023), 1.0);
    close(value(&out, ids::RETROGRESSIONS, &[], 2022), 0.0);
    // the first year cannot be compared
    assert_eq!(value(&out, ids::RETROGRESSIONS, &[], 2021), None);
    // the justification for a fall that did not happen is reported
    let unused: Vec<_> = out
        .diagnostics
        .iter()
        .filter(|d| d.code == "unused-justification")
        .collect();
    assert_eq!(unused.len(), 1);
    assert!(unused[0].message.contains("`health`") && unused[0].message.contains("2022"));
}

#[test]
fn a_tolerance_lets_small_falls_pass() {
    let mut d = data();
    d.retrogression.tolerance = 30.0;
    let out = analyse(&d);
    // housing fell 4.5%, health 33.3%
    let rights: Vec<&str> = out
        .analysis
        .retrogressions
        .iter()
        .map(|r| r.right.as_str())
        .collect();
    assert_eq!(rights, [HEALTH]);
}

#[test]
fn missing_amounts_are_never_filled_in() {
    let mut d = data();
    d.lines[8].executed = None; // 2023 goods
    let out = analyse(&d);
    assert!(value(&out, ids::EXECUTED, &[], 2022).is_some());
    assert!(
        get(&out, ids::EXECUTED, &[])
            .observations
            .iter()
            .all(|o| o.year != 2023)
    );
    // department S has all its 2023 lines: still known
    close(
        value(&out, ids::EXECUTED, &[("Department", "S")], 2023),
        1150.0,
    );
    // 2023 is no longer a closed year: PI-1 is graded on 2020-2022, which the budget does not cover
    assert_eq!(out.analysis.closed_years, vec![2021, 2022]);
    let pi1 = out
        .analysis
        .pefa
        .iter()
        .find(|s| s.pefa == PefaIndicator::Pi1)
        .unwrap();
    assert_eq!(pi1.grade, None);
}

#[test]
fn without_deflator_nothing_is_real_and_a_warning_says_so() {
    let mut d = data();
    d.deflator = None;
    let out = analyse(&d);
    assert!(
        out.results
            .iter()
            .all(|r| r.indicator != ids::APPROVED_REAL)
    );
    assert!(out.analysis.retrogressions.is_empty());
    assert!(
        out.diagnostics
            .iter()
            .any(|x| x.code == "missing-source" && x.message.contains("deflator"))
    );
    assert_eq!(out.analysis.base_year, None);
}

/// The readable provenance of an observation of a budget indicator.
fn provenance_of(out: &BudgetOutput, id: &str, o: &Observation) -> Vec<Provenance> {
    let r = out.results.iter().find(|r| r.indicator == id).unwrap();
    r.provenance(o, &out.files)
}

#[test]
fn provenance_names_the_rows_summed_and_the_series_used() {
    let out = analyse(&data());
    let obs = &get(&out, ids::EXECUTED, &[]).observations[0];
    let provenance = provenance_of(&out, ids::EXECUTED, obs);
    assert_eq!(provenance.len(), 1);
    assert_eq!(provenance[0].rows, vec![(1, 3)]);
    let obs = get(&out, ids::APPROVED_REAL_PER_HEAD, &[("Right", HEALTH)])
        .observations
        .iter()
        .find(|o| o.year == 2022)
        .unwrap();
    let provenance = provenance_of(&out, ids::APPROVED_REAL_PER_HEAD, obs);
    let files: Vec<&str> = provenance.iter().map(|p| p.file.as_str()).collect();
    assert_eq!(
        files,
        ["data/budget.csv", "data/cpi.csv", "data/population.csv"]
    );
    // the deflator rows of the base year (1) and of 2022 (2)
    assert_eq!(provenance[1].rows, vec![(1, 2)]);
    assert_eq!(provenance[0].rows, vec![(5, 5)]);
}

#[test]
fn results_are_sorted_with_the_headline_first() {
    let out = analyse(&data());
    let ids: Vec<&str> = out.results.iter().map(|r| r.indicator.as_str()).collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted);
    for r in &out.results {
        assert!(
            r.series[0].disaggregation.is_empty() || r.indicator == ids::GENDER_SHARE,
            "{}",
            r.indicator
        );
        assert!(crate::budget::ids::ALL.contains(&r.indicator.as_str()));
    }
}

#[test]
fn merging_provenance_unites_row_ranges() {
    let p = |rows: Vec<(u32, u32)>| Provenance {
        dataset: "b".into(),
        file: "b.csv".into(),
        rows,
    };
    let merged = merge_provenance([p(vec![(1, 3)]), p(vec![(4, 4), (9, 10)]), p(vec![(2, 5)])]);
    assert_eq!(merged, vec![p(vec![(1, 5), (9, 10)])]);
}

#[test]
fn pefa_codes_are_the_names_the_json_gives() {
    for p in [
        PefaIndicator::Pi1,
        PefaIndicator::Pi2Department,
        PefaIndicator::Pi2Economic,
        PefaIndicator::Pi3,
        PefaIndicator::Pi3Composition,
    ] {
        assert_eq!(serde_json::to_value(p).unwrap(), p.code());
    }
}
