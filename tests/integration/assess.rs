//! Assessment: the fixture city (`tests/fixtures/assess/city`) with an evaluation built here
//! from hand-written numbers, assessed with the library; expected figures are computed by hand
//! from the formulas of DESIGN.md.

use localis::privacy::Privacy;
use std::collections::BTreeMap;

use localis::assess::{self, AssessOptions, Assessment, Category, MethodStatus, StatusSource};
use localis::evaluate::{
    Completeness, Evaluation, IndicatorResult, Observation, ObservationDetails, PlaceInfo, RowSpan,
    Series,
};
use localis::model::ProgressMethod;

use crate::common::fixture;

const TESTVILLE: &str = "0001";

fn obs(year: i32, value: f64) -> Observation {
    Observation::new(year, Some(value), RowSpan::default())
}

fn counted(year: i32, value: f64, numerator: f64, denominator: f64) -> Observation {
    obs(year, value).with_details(ObservationDetails {
        numerator: Some(numerator),
        denominator: Some(denominator),
        ..Default::default()
    })
}

fn series(dis: &[(&str, &str)], observations: Vec<Observation>) -> Series {
    Series {
        disaggregation: dis
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        observations,
    }
}

fn plain(dis: &[(&str, &str)], points: &[(i32, f64)]) -> Series {
    series(dis, points.iter().map(|&(y, v)| obs(y, v)).collect())
}

/// Counts over a population: value = count / population x factor.
fn rates(
    dis: &[(&str, &str)],
    years: &[i32],
    counts: &[f64],
    population: f64,
    factor: f64,
) -> Series {
    series(
        dis,
        years
            .iter()
            .zip(counts)
            .map(|(&y, &c)| counted(y, c / population * factor, c, population))
            .collect(),
    )
}

fn result(indicator: &str, place: &str, series: Vec<Series>) -> IndicatorResult {
    IndicatorResult {
        indicator: indicator.into(),
        place: place.into(),
        unit: None,
        series,
        completeness: Completeness::default(),
        rows: Vec::new(),
    }
}

const FEMICIDE_YEARS: [i32; 5] = [2018, 2019, 2020, 2021, 2022];
const FEMICIDES: [f64; 5] = [10.0, 8.0, 12.0, 9.0, 25.0];
const FEMICIDES_NORTH: [f64; 5] = [3.0, 2.0, 4.0, 6.0, 12.0];
const FEMICIDES_SOUTH: [f64; 5] = [7.0, 6.0, 8.0, 3.0, 13.0];
const WOMEN: f64 = 87_500.0;
const WOMEN_NORTH: f64 = 36_000.0;
const WOMEN_SOUTH: f64 = 51_500.0;

/// The fixture's evaluation: the numbers every expectation below is computed from.
fn evaluation() -> Evaluation {
    let years: Vec<i32> = (2015..=2022).collect();
    let poverty = [24.0, 23.6, 23.1, 22.9, 22.2, 22.5, 21.6, 21.0];
    let poverty_f = [26.0, 25.7, 25.3, 25.2, 24.6, 25.0, 24.2, 23.5];
    let poverty_m = [22.0, 21.5, 20.9, 20.6, 19.8, 20.0, 19.0, 18.5];
    let pov = |dis: &[(&str, &str)], values: &[f64], population: f64| {
        series(
            dis,
            years
                .iter()
                .zip(values)
                .map(|(&y, &v)| counted(y, v, v / 100.0 * population, population))
                .collect(),
        )
    };
    let index = |dis: &[(&str, &str)], counts: &[f64], population: f64| {
        let base = counts[0] / population;
        plain(
            dis,
            &FEMICIDE_YEARS
                .iter()
                .zip(counts)
                .map(|(&y, &c)| (y, c / population / base * 100.0))
                .collect::<Vec<_>>(),
        )
    };
    let count_values = |dis: &[(&str, &str)], counts: &[f64]| {
        plain(
            dis,
            &FEMICIDE_YEARS
                .iter()
                .copied()
                .zip(counts.iter().copied())
                .collect::<Vec<_>>(),
        )
    };
    let shelter_years = [2019, 2020, 2021, 2022];
    let share = |dis: &[(&str, &str)], covered: &[f64], needing: f64| {
        series(
            dis,
            shelter_years
                .iter()
                .zip(covered)
                .map(|(&y, &c)| counted(y, c / needing * 100.0, c, needing))
                .collect(),
        )
    };
    let mut results = vec![
        result(
            "poverty",
            "0001",
            vec![
                pov(&[], &poverty, 50_000.0),
                pov(&[("Sex", "Female")], &poverty_f, 25_000.0),
                pov(&[("Sex", "Male")], &poverty_m, 25_000.0),
            ],
        ),
        result(
            "poverty",
            "0002",
            vec![plain(&[], &[(2015, 30.0), (2022, 29.0)])],
        ),
        result(
            "poverty",
            "0003",
            vec![plain(&[], &[(2015, 15.0), (2022, 11.0)])],
        ),
        result(
            "employment",
            "0001",
            vec![
                plain(&[], &[(2015, 60.0), (2018, 63.5), (2022, 65.0)]),
                plain(
                    &[("Sex", "Female")],
                    &[(2015, 52.0), (2018, 56.0), (2022, 60.0)],
                ),
                plain(
                    &[("Sex", "Male")],
                    &[(2015, 68.0), (2018, 71.0), (2022, 70.0)],
                ),
            ],
        ),
        result(
            "employment",
            "0002",
            vec![plain(&[], &[(2015, 57.0), (2022, 55.0)])],
        ),
        result(
            "employment",
            "0003",
            vec![plain(&[], &[(2015, 66.0), (2022, 70.0)])],
        ),
        result(
            "femicide-rate",
            "0001",
            vec![
                rates(&[], &FEMICIDE_YEARS, &FEMICIDES, WOMEN, 100_000.0),
                rates(
                    &[("District", "North")],
                    &FEMICIDE_YEARS,
                    &FEMICIDES_NORTH,
                    WOMEN_NORTH,
                    100_000.0,
                ),
                rates(
                    &[("District", "South")],
                    &FEMICIDE_YEARS,
                    &FEMICIDES_SOUTH,
                    WOMEN_SOUTH,
                    100_000.0,
                ),
            ],
        ),
        result(
            "femicides",
            "0001",
            vec![
                count_values(&[], &FEMICIDES),
                count_values(&[("District", "North")], &FEMICIDES_NORTH),
                count_values(&[("District", "South")], &FEMICIDES_SOUTH),
            ],
        ),
        result(
            "femicide-index",
            "0001",
            vec![
                index(&[], &FEMICIDES, WOMEN),
                index(&[("District", "North")], &FEMICIDES_NORTH, WOMEN_NORTH),
                index(&[("District", "South")], &FEMICIDES_SOUTH, WOMEN_SOUTH),
            ],
        ),
        result(
            "shelter-coverage",
            "0001",
            vec![
                share(&[], &[280.0, 300.0, 330.0, 352.0], 400.0),
                share(
                    &[("District", "North")],
                    &[98.0, 110.0, 125.0, 146.0],
                    150.0,
                ),
                share(
                    &[("District", "South")],
                    &[182.0, 190.0, 205.0, 206.0],
                    250.0,
                ),
            ],
        ),
        result(
            "shelter-coverage",
            "0002",
            vec![plain(&[], &[(2019, 50.0), (2022, 52.0)])],
        ),
        result(
            "shelter-coverage",
            "0003",
            vec![plain(&[], &[(2019, 90.0), (2022, 95.0)])],
        ),
        result("participation", "0001", vec![plain(&[], &[(2022, 84.0)])]),
        result(
            "budget-transparency",
            "0001",
            vec![plain(&[], &[(2022, 55.0)])],
        ),
        result("population", "0001", vec![plain(&[], &[(2022, 180_000.0)])]),
    ];
    results.sort_by(|a, b| (&a.indicator, &a.place).cmp(&(&b.indicator, &b.place)));
    Evaluation {
        files: Vec::new(),
        completeness: Default::default(),
        places: ["0001", "0002", "0003"]
            .iter()
            .map(|g| PlaceInfo {
                geocode: g.to_string(),
                name: None,
            })
            .collect(),
        results,
    }
}

fn run() -> (Evaluation, Evaluation, Assessment) {
    let ws = localis::load::load(&fixture("assess/city")).expect("fixture loads");
    assert!(!ws.diagnostics.has_errors(), "{:?}", ws.diagnostics.items());
    let original = evaluation();
    let mut eval = original.clone();
    let a = localis::pipeline::protect_and_assess(
        &ws,
        &Privacy::new(&ws),
        &mut eval,
        &AssessOptions {
            reference_year: 2025,
        },
    );
    (original, eval, a)
}

fn get<'a>(a: &'a Assessment, indicator: &str, place: &str) -> &'a assess::IndicatorAssessment {
    a.results
        .iter()
        .find(|r| r.indicator == indicator && r.place == place)
        .unwrap_or_else(|| panic!("no assessment of {indicator} for {place}"))
}

fn close(a: Option<f64>, b: f64, tol: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() <= tol)
}

/// A compact, reviewable rendering of the whole assessment.
fn render(a: &Assessment) -> String {
    let n = |v: Option<f64>| v.map_or("-".to_string(), |v| format!("{v:.3}"));
    let mut out = String::new();
    for r in &a.results {
        out.push_str(&format!(
            "{} {}: {} ({:?})\n",
            r.indicator,
            r.place,
            r.status.name(),
            r.status_source
        ));
        for s in &r.series {
            let name: Vec<String> = s
                .disaggregation
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            for p in &s.progress {
                out.push_str(&format!(
                    "  [{}] {:?}: {} / {} score={} ratio={} cagr={}\n",
                    name.join(","),
                    p.method,
                    p.status.label(),
                    p.category.name(),
                    n(p.score),
                    n(p.ratio),
                    n(p.cagr)
                ));
            }
            for i in &s.intervals {
                out.push_str(&format!(
                    "  [{}] {} CI {:.3}-{:.3} {:?}{}\n",
                    name.join(","),
                    i.year,
                    i.lower,
                    i.upper,
                    i.method,
                    if i.unstable { " unstable" } else { "" }
                ));
            }
        }
        for t in &r.targets {
            out.push_str(&format!(
                "  target {} {}: {:?} left={} {}\n",
                t.index,
                t.kind,
                t.status,
                n(t.distance_left),
                serde_json::to_string(&t.detail).unwrap()
            ));
        }
        if let Some(d) = &r.distance_to_target {
            out.push_str(&format!(
                "  distance to target: best={} worst={} ({:?}) score={}\n",
                d.best,
                n(d.worst),
                d.worst_from,
                n(d.score)
            ));
        }
        for g in &r.leaving_no_one_behind {
            out.push_str(&format!(
                "  {}: worst {} {} best {} {} total {} gap {} / {} to total {} trend {:?} {:?}\n",
                g.dimension,
                g.worst.group,
                g.worst.value,
                g.reference.group,
                g.reference.value,
                n(g.total),
                n(Some(g.gap_to_reference.difference)),
                n(g.gap_to_reference.ratio),
                n(g.gap_to_total.map(|t| t.difference)),
                g.trend,
                g.trend_years
            ));
        }
    }
    for w in &a.awards {
        out.push_str(&format!(
            "award {} {}: {} of {} awarded={} {:?}\n",
            w.scheme, w.place, w.points, w.threshold, w.awarded, w.indicators
        ));
    }
    out.push_str(&format!("suppressed cells: {}\n", a.suppressed_cells));
    out
}

/// The per-goal summary table of a place, as the closing note shows it.
fn goal_table(a: &Assessment, place: &str) -> String {
    let s = a.summaries.iter().find(|s| s.place == place).unwrap();
    let mut out = String::from(
        "goal | achieved | on track | progress needed | off track | deterioration | unable | not assessed | ESCAP index | score (scorable, unscored)\n",
    );
    for g in &s.goals {
        let c = &g.counts;
        out.push_str(&format!(
            "{} | {} | {} | {} | {} | {} | {} | {} | {} | {} ({}, {})\n",
            g.goal,
            c.achieved,
            c.on_track,
            c.progress_needed,
            c.off_track,
            c.deterioration,
            c.unable_to_assess,
            c.not_assessed,
            g.escap_current_status
                .map_or("-".into(), |v| format!("{v:.3}")),
            g.score.map_or("-".into(), |v| format!("{v:.1}")),
            g.scorable,
            g.unscored
        ));
    }
    for (title, groups) in [("right", &s.rights), ("OHCHR type", &s.ohchr_types)] {
        for g in groups {
            out.push_str(&format!(
                "{title} {}: achieved {}, on track {}, progress needed {}, off track {}, deterioration {}, unable {}, total {}\n",
                g.id,
                g.counts.achieved,
                g.counts.on_track,
                g.counts.progress_needed,
                g.counts.off_track,
                g.counts.deterioration,
                g.counts.unable_to_assess,
                g.counts.total
            ));
        }
    }
    out
}

#[test]
fn poverty_open_sdg_and_unsd_disagree_and_both_are_shown() {
    let (_, _, a) = run();
    let p = get(&a, "poverty", TESTVILLE);
    let head = &p.series[0];
    assert!(head.disaggregation.is_empty());
    let methods: Vec<ProgressMethod> = head.progress.iter().map(|r| r.method).collect();
    assert_eq!(
        methods,
        [
            ProgressMethod::OpenSdg,
            ProgressMethod::UnsdProgressChart,
            ProgressMethod::EscapCurrentStatus,
            ProgressMethod::EurostatShortTerm
        ]
    );
    // Open SDG: R = ((21/24)^(1/7) - 1) / |(12/24)^(1/15) - 1| = 0.418419: limited progress.
    let open = &head.progress[0];
    assert_eq!(open.status, MethodStatus::LimitedProgress);
    assert_eq!(open.category, Category::OffTrack);
    assert!(close(open.ratio, 0.418_419, 1e-6));
    assert!(close(open.score, -0.756_589, 1e-6));
    // UNSD: v_2030' = 21 (1 + CAGR)^8 = 18.0278; (18.0278 - 24) / (12 - 24) = 0.497683: moderate.
    let un = &head.progress[1];
    assert_eq!(un.status, MethodStatus::ModerateProgress);
    assert_eq!(un.category, Category::ProgressNeeded);
    assert!(close(un.projected, 18.027_802, 1e-6));
    // ESCAP: (21 - 24) / (12 - 24) = 0.25.
    assert!(close(head.progress[2].ratio, 0.25, 1e-12));
    // Eurostat short term, 2017-2022: CAGR (21/23.1)^(1/5) - 1 = -0.018882, required
    // (12/23.1)^(1/13) - 1 = -0.049131: R = 0.384310, insufficient progress.
    let eu = &head.progress[3];
    assert_eq!(eu.base.map(|b| b.year), Some(2017));
    assert!(close(eu.ratio, 0.384_310, 1e-6), "{:?}", eu.ratio);
    assert_eq!(eu.status, MethodStatus::InsufficientProgress);
    // The headline status is the published method's.
    assert_eq!(
        (p.status, p.status_source),
        (Category::OffTrack, StatusSource::Method)
    );
    // Wilson interval of 10,500 / 50,000: 20.645% to 21.359%.
    let ci = head.intervals.iter().find(|i| i.year == 2022).unwrap();
    assert!(
        (ci.lower - 20.645).abs() < 1e-3 && (ci.upper - 21.359).abs() < 1e-3,
        "{ci:?}"
    );
}

#[test]
fn women_are_left_behind_in_poverty_and_closing_in_on_employment() {
    let (_, _, a) = run();
    let g = &get(&a, "poverty", TESTVILLE).leaving_no_one_behind[0];
    assert_eq!((g.dimension.as_str(), g.year), ("Sex", 2022));
    assert_eq!(
        (g.worst.group.as_str(), g.reference.group.as_str()),
        ("Female", "Male")
    );
    assert_eq!(g.gap_to_reference.difference, 5.0);
    assert!(close(g.gap_to_reference.ratio, 23.5 / 18.5, 1e-12));
    assert_eq!(g.gap_to_total.map(|t| t.difference), Some(2.5));
    // 4.0 points in 2015, 5.0 in 2022: a change of 1.0 point, within its uncertainty. The
    // standard errors of the four proportions of 25,000 people (26%, 22% in 2015; 23.5%,
    // 18.5% in 2022) are 0.277, 0.262, 0.268 and 0.246 points: the change's is
    // sqrt(0.277^2 + 0.262^2 + 0.268^2 + 0.246^2) = 0.527, and 1.96 x 0.527 = 1.03 > 1.0.
    // So the gap is not said to widen.
    assert_eq!(g.trend, assess::GapTrend::Unchanged);
    assert!(
        !g.within_uncertainty,
        "the gap of 5 points itself is beyond its uncertainty"
    );
    let g = &get(&a, "employment", TESTVILLE).leaving_no_one_behind[0];
    // 16 points in 2015, 10 in 2022.
    assert_eq!(g.worst.group, "Female");
    assert_eq!(g.trend, assess::GapTrend::Narrowing);
}

#[test]
fn targets_of_every_kind_in_the_fixture() {
    let (_, _, a) = run();
    // Milestones: met in 2023 (before its 2024 deadline) and overdue since 2022.
    let office = get(&a, "rights-office", TESTVILLE);
    assert_eq!(office.targets[0].status, assess::TargetStatus::Met);
    assert_eq!(
        (office.status, office.status_source),
        (Category::Achieved, StatusSource::Target)
    );
    let ombud = get(&a, "ombudsperson", TESTVILLE);
    assert_eq!(ombud.targets[0].status, assess::TargetStatus::Overdue);
    assert_eq!(ombud.status, Category::OffTrack);
    // Coverage: 70% (2019) to 100% (2030) expects 78.18% in 2022; 88% is on track.
    let shelter = get(&a, "shelter-coverage", TESTVILLE);
    assert_eq!(shelter.targets[0].status, assess::TargetStatus::OnTrack);
    assert_eq!(shelter.targets[0].distance_left, Some(12.0));
    // Non-retrogression of the femicide rate: the 2020 rise (9.14 -> 13.71) lies within
    // 2019's exact interval (3.95-18.02) and is not flagged; 2022 (28.57) lies above 2021's
    // (4.70-19.53) and is flagged with the justification recorded for 2022.
    let fem = get(&a, "femicide-rate", TESTVILLE);
    let assess::TargetDetail::NonRetrogression { flags, .. } = &fem.targets[1].detail else {
        panic!("{:?}", fem.targets[1]);
    };
    assert_eq!(flags.len(), 1, "{flags:?}");
    assert_eq!(flags[0].to.year, 2022);
    let (lo, hi) = flags[0].interval.unwrap();
    assert!(
        (lo - 4.703).abs() < 1e-3 && (hi - 19.525).abs() < 1e-3,
        "{lo} {hi}"
    );
    assert!(matches!(
        flags[0].justification,
        assess::JustificationStatus::Given { .. }
    ));
    // Employment has no interval: men's fall 71 -> 70 (beyond 0.5) is flagged, no justification.
    let emp = get(&a, "employment", TESTVILLE);
    let assess::TargetDetail::NonRetrogression { flags, .. } = &emp.targets[0].detail else {
        panic!()
    };
    assert_eq!(flags.len(), 1);
    assert_eq!(
        flags[0].disaggregation.get("Sex").map(String::as_str),
        Some("Male")
    );
    assert_eq!(
        flags[0].justification,
        assess::JustificationStatus::NoneGiven
    );
    // Bands: 84% gives 10 points, 55% gives 5: 15 reaches the threshold of 15.
    let award = a
        .awards
        .iter()
        .find(|w| w.scheme == "friendly" && w.place == TESTVILLE)
        .unwrap();
    assert_eq!((award.points, award.awarded), (15.0, true));
    // Not assessed.
    assert_eq!(
        get(&a, "population", TESTVILLE).status,
        Category::NotAssessed
    );
}

#[test]
fn distance_to_target_across_places_and_goal_scores() {
    let (_, _, a) = run();
    // Poverty, lower is better: worst = 97.5th percentile of 11, 21, 29 = 21 + 0.95 x 8 = 28.6;
    // Testville (21 - 28.6) / (12 - 28.6) = 45.783%; 0002 beyond the worst: 0; 0003 met: 100.
    let score = |i: &str, p: &str| get(&a, i, p).distance_to_target.as_ref().unwrap().score;
    assert!(close(score("poverty", "0001"), 45.783_133, 1e-5));
    assert_eq!(score("poverty", "0002"), Some(0.0));
    assert_eq!(score("poverty", "0003"), Some(100.0));
    // Employment, best stated 75: worst = 55 + 0.05 x 10 = 55.5; (65 - 55.5) / 19.5 = 48.718%.
    assert!(close(score("employment", "0001"), 48.717_949, 1e-5));
    // A femicide rate only Testville has: no percentile, no score; goal 5 then has none.
    let fem = get(&a, "femicide-rate", TESTVILLE)
        .distance_to_target
        .as_ref()
        .unwrap();
    assert_eq!(fem.worst_from, assess::WorstFrom::Unknown);
    let s = a.summaries.iter().find(|s| s.place == TESTVILLE).unwrap();
    let goal = |g: &str| s.goals.iter().find(|x| x.goal == g).unwrap();
    assert!(close(goal("1").score, 45.783_133, 1e-5));
    assert_eq!(
        (goal("5").score, goal("5").scorable, goal("5").unscored),
        (None, 1, 1)
    );
    // ESCAP goal averages: goal 1 = 0.25 (poverty alone).
    assert!(close(goal("1").escap_current_status, 0.25, 1e-12));
}

#[test]
fn whole_assessment_snapshot() {
    let (_, _, a) = run();
    insta::assert_snapshot!("assess_fixture_city", render(&a));
    insta::assert_snapshot!("assess_fixture_city_goals", goal_table(&a, TESTVILLE));
}

#[test]
fn same_bytes_whatever_the_thread_count() {
    let ws = localis::load::load(&fixture("assess/city")).unwrap();
    let opts = AssessOptions {
        reference_year: 2025,
    };
    let mut json = Vec::new();
    for threads in [1, 4] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        let mut eval = evaluation();
        let a = pool.install(|| {
            localis::pipeline::protect_and_assess(&ws, &Privacy::new(&ws), &mut eval, &opts)
        });
        json.push((
            serde_json::to_string(&a).unwrap(),
            serde_json::to_string(&eval).unwrap(),
        ));
    }
    assert_eq!(json[0], json[1]);
    // And the assessment reads back as it was written, to the last digit.
    let back: Assessment = serde_json::from_str(&json[0].0).unwrap();
    assert_eq!(serde_json::to_string(&back).unwrap(), json[0].0);
}

type Cell = (String, String, BTreeMap<String, String>, i32);

fn cells(e: &Evaluation) -> BTreeMap<Cell, Observation> {
    let mut out = BTreeMap::new();
    for r in &e.results {
        for s in &r.series {
            for o in &s.observations {
                out.insert(
                    (
                        r.indicator.clone(),
                        r.place.clone(),
                        s.disaggregation.clone(),
                        o.year,
                    ),
                    o.clone(),
                );
            }
        }
    }
    out
}

/// Every way a reader could recompute a hidden value from what is published fails: the
/// count behind it (numerator, or the value of a count) cannot be got by subtracting the
/// other groups from the total, nor from an indicator counting the same thing, nor from a
/// value derived from it; and no hidden value appears in any output.
#[test]
fn suppressed_values_cannot_be_derived_from_any_output() {
    let (original, eval, a) = run();
    let before = cells(&original);
    let after = cells(&eval);
    let hidden: Vec<&Cell> = after
        .iter()
        .filter(|(_, o)| o.suppressed)
        .map(|(k, _)| k)
        .collect();
    assert_eq!(hidden.len(), a.suppressed_cells);
    // The small cells: North 2018-2020 and 2022? No: North 3, 2, 4 (2018-2020), South 3 (2021);
    // shelter North 2022 (146 of 150: 4 without). All of them are hidden.
    let small: Vec<(&str, &str, i32)> = vec![
        ("femicide-rate", "North", 2018),
        ("femicide-rate", "North", 2019),
        ("femicide-rate", "North", 2020),
        ("femicide-rate", "South", 2021),
        ("shelter-coverage", "North", 2022),
    ];
    for (ind, district, year) in &small {
        let key: Cell = (
            ind.to_string(),
            TESTVILLE.into(),
            [("District".to_string(), district.to_string())].into(),
            *year,
        );
        assert!(after[&key].suppressed, "{key:?} is small but shown");
    }
    // Nothing a suppressed cell held is left in the evaluation.
    for k in &hidden {
        let o = &after[*k];
        assert!(
            o.value.is_none()
                && o.numerator().is_none()
                && o.denominator().is_none()
                && o.progress().is_none()
        );
    }
    // 1. Subtraction within a line (total and the groups of one dimension), on the published
    //    counts: numerators, else value x denominator / factor, else the value of a count.
    let count = |k: &Cell| -> Option<f64> {
        let o = after.get(k)?;
        if o.suppressed {
            return None;
        }
        o.numerator().or(o.value)
    };
    for k in &hidden {
        let (ind, place, dis, year) = (*k).clone();
        for dim in dis.keys() {
            let mut parent = dis.clone();
            parent.remove(dim);
            let siblings: Vec<Cell> = after
                .keys()
                .filter(|(i, p, d, y)| {
                    i == &ind
                        && p == &place
                        && *y == year
                        && d.len() == dis.len()
                        && d.contains_key(dim)
                        && parent.iter().all(|(pk, pv)| d.get(pk) == Some(pv))
                        && d != &dis
                })
                .cloned()
                .collect();
            let total = count(&(ind.clone(), place.clone(), parent.clone(), year));
            let all_siblings_known = siblings.iter().all(|s| count(s).is_some());
            assert!(
                !(total.is_some() && all_siblings_known),
                "{k:?} = total - other groups along {dim}"
            );
        }
        // The hidden cell as a total: its groups along any dimension must not all be known.
        let dims: std::collections::BTreeSet<String> = after
            .keys()
            .filter(|(i, p, d, y)| {
                i == &ind && p == &place && *y == year && d.len() == dis.len() + 1
            })
            .flat_map(|(_, _, d, _)| {
                d.keys()
                    .filter(|x| !dis.contains_key(*x))
                    .cloned()
                    .collect::<Vec<_>>()
            })
            .collect();
        for dim in dims {
            let groups: Vec<Cell> = after
                .keys()
                .filter(|(i, p, d, y)| {
                    i == &ind
                        && p == &place
                        && *y == year
                        && d.len() == dis.len() + 1
                        && d.contains_key(&dim)
                        && dis.iter().all(|(dk, dv)| d.get(dk) == Some(dv))
                })
                .cloned()
                .collect();
            assert!(
                groups.is_empty() || groups.iter().any(|g| count(g).is_none()),
                "{k:?} = sum of its groups along {dim}"
            );
        }
    }
    // 2. The same count in another indicator: femicides are the femicide rate's numerator.
    for k in &hidden {
        let (ind, place, dis, year) = (*k).clone();
        let twin = match ind.as_str() {
            "femicide-rate" => "femicides",
            "femicides" => "femicide-rate",
            _ => continue,
        };
        let other = after.get(&(twin.to_string(), place, dis, year)).unwrap();
        assert!(other.suppressed, "{k:?} shown in {twin}");
    }
    // 3. Derived values: the index of the femicide rate against 2018 gives the rate back
    //    from the base year's rate, and the base year's rate from any year's.
    for (k, o) in after
        .iter()
        .filter(|(k, o)| k.0 == "femicide-index" && !o.suppressed)
    {
        let rate =
            |y: i32| after[&("femicide-rate".to_string(), k.1.clone(), k.2.clone(), y)].suppressed;
        assert!(
            !rate(k.3) && !rate(2018),
            "index {k:?} = {:?} gives a hidden rate away",
            o.value
        );
    }
    // 4. No hidden value (rates, shares, indices: distinctive numbers) appears in any output.
    let outputs = format!(
        "{}\n{}",
        serde_json::to_string(&eval).unwrap(),
        serde_json::to_string(&a).unwrap()
    );
    for k in &hidden {
        let v = before[*k].value.unwrap();
        if v.fract() == 0.0 {
            // Whole numbers (counts, an index's base year = 100) are not distinctive enough
            // to search for: the derivations above cover them.
            continue;
        }
        let text = serde_json::to_string(&v).unwrap();
        assert!(
            !outputs.contains(&text),
            "hidden value {text} of {k:?} appears in the output"
        );
    }
}

#[test]
fn progress_column_replaces_value_for_assessment_only() {
    let ws = localis::load::load(&fixture("assess/city")).unwrap();
    let mut eval = evaluation();
    // Employment in Testville: Progress values 50 (2015) and 60 (2022) next to the published 60 and 65.
    let r = eval
        .results
        .iter_mut()
        .find(|r| r.indicator == "employment" && r.place == TESTVILLE)
        .unwrap();
    for o in &mut r.series[0].observations {
        o.details_mut().progress = match o.year {
            2015 => Some(50.0),
            2022 => Some(60.0),
            _ => None,
        };
    }
    let a = localis::pipeline::protect_and_assess(
        &ws,
        &Privacy::new(&ws),
        &mut eval,
        &AssessOptions {
            reference_year: 2025,
        },
    );
    let e = get(&a, "employment", TESTVILLE);
    let head = &e.series[0];
    assert!(head.uses_progress_column);
    // CAGR (60/50)^(1/7) - 1 = 2.64%: on track, where the published values give 1.15%.
    assert_eq!(head.progress[0].status, MethodStatus::OnTrack);
    assert_eq!(head.progress[0].base.map(|b| b.value), Some(50.0));
    // What is shown stays the published value.
    assert_eq!(e.latest.map(|l| l.value), Some(65.0));
    assert_eq!(e.leaving_no_one_behind[0].total, Some(65.0));
}

#[test]
fn indicator_overrides_choose_method_and_years() {
    let mut ws = localis::load::load(&fixture("assess/city")).unwrap();
    for a in &mut ws.active {
        if a.indicator.id == "poverty" {
            a.indicator.assessment = Some(localis::model::AssessmentOverride {
                method: Some(ProgressMethod::UnsdProgressChart),
                base_year: Some(2018),
                ..Default::default()
            });
        }
    }
    let mut eval = evaluation();
    let a = localis::pipeline::protect_and_assess(
        &ws,
        &Privacy::new(&ws),
        &mut eval,
        &AssessOptions {
            reference_year: 2025,
        },
    );
    let head = &get(&a, "poverty", TESTVILLE).series[0];
    // The indicator's method first, then the project's `also` methods and Open SDG no more.
    let methods: Vec<ProgressMethod> = head.progress.iter().map(|p| p.method).collect();
    assert_eq!(methods[0], ProgressMethod::UnsdProgressChart);
    assert!(methods.contains(&ProgressMethod::EscapCurrentStatus));
    assert_eq!(
        methods
            .iter()
            .filter(|m| **m == ProgressMethod::UnsdProgressChart)
            .count(),
        1
    );
    // Base year 2018 (22.9): v_2030' = 21 (21/22.9)^(8/4) = 17.66; ratio (17.66 - 22.9) / (12 - 22.9) = 0.48.
    assert_eq!(head.progress[0].base.map(|b| b.year), Some(2018));
    let expected = 21.0 * (21.0f64 / 22.9).powf(8.0 / 4.0);
    assert!(close(head.progress[0].projected, expected, 1e-9));
    assert!(close(
        head.progress[0].ratio,
        (expected - 22.9) / (12.0 - 22.9),
        1e-9
    ));
    assert_eq!(
        get(&a, "poverty", TESTVILLE).status,
        Category::ProgressNeeded
    );
}

#[test]
fn writes_json_and_tidy_csv() {
    let (_, _, a) = run();
    let dir = tempfile::tempdir().unwrap();
    let written = localis::output::assessment::write(dir.path(), &a).unwrap();
    assert_eq!(written.len(), 4);
    let json = std::fs::read_to_string(dir.path().join("assessment.json")).unwrap();
    let back: Assessment = serde_json::from_str(&json).unwrap();
    assert_eq!(back, a);
    let csv = std::fs::read_to_string(dir.path().join("assessment.csv")).unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some(
            "indicator,place,disaggregation,method,status,category,score,ratio,cagr,required_cagr,projected,base_year,base_value,latest_year,latest_value,target_year,target_value,reason,uses_progress_column,headline_status"
        )
    );
    let row = csv
        .lines()
        .find(|l| l.starts_with("poverty,0001,Sex=Female,unsd-progress-chart,"))
        .unwrap();
    assert!(row.contains(",moderate-progress,progress-needed,"), "{row}");
    let targets = std::fs::read_to_string(dir.path().join("targets.csv")).unwrap();
    assert!(
        targets.contains("\nrights-office,0001,0,milestone,met,achieved,2024,,,,\n"),
        "{targets}"
    );
    let summary = std::fs::read_to_string(dir.path().join("summary.csv")).unwrap();
    assert!(summary.starts_with("place,group,id,achieved,on_track,progress_needed,off_track,deterioration,unable_to_assess,no_target,not_assessed,total,escap_current_status,score,scorable,unscored\n"));
    assert!(
        summary.contains("\n0001,goal,1,0,0,0,1,0,0,0,0,1,0.25,45.78313253012048,1,0\n"),
        "{summary}"
    );
    // No temporary file is left behind.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{names:?}");
}

/// `localis eval` on the fixture's data: the results are suppressed before they are written,
/// and the assessment is written beside them.
#[test]
fn localis_eval_writes_the_assessment_and_suppressed_results() {
    let out = tempfile::tempdir().unwrap();
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_localis"))
        .args(["eval", "--output"])
        .arg(out.path())
        .arg(fixture("assess/city"))
        .env("SOURCE_DATE_EPOCH", "1735689600") // 2025-01-01
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(0), "{stderr}");
    for f in crate::common::EVAL_FILES {
        assert!(out.path().join(f).is_file(), "{f} missing; {stderr}");
    }
    // Femicides in the North in 2018 (3 of them) are hidden in the results, with the South.
    let results = std::fs::read_to_string(out.path().join("results.csv")).unwrap();
    for district in ["North", "South"] {
        let row = results
            .lines()
            .find(|l| l.starts_with(&format!("femicides,0001,2018,District={district},")))
            .unwrap_or_else(|| panic!("no row for {district}: {results}"));
        assert!(
            row.starts_with(&format!("femicides,0001,2018,District={district},,")),
            "{row}"
        );
    }
    let a: Assessment =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("assessment.json")).unwrap())
            .unwrap();
    assert_eq!(a.settings.reference_year, 2025);
    let p = get(&a, "poverty", TESTVILLE);
    assert_eq!(
        p.series[0].progress[0].status,
        MethodStatus::LimitedProgress
    );
    assert_eq!(
        p.series[0].progress[1].status,
        MethodStatus::ModerateProgress
    );
    assert_eq!(
        get(&a, "rights-office", TESTVILLE).status,
        Category::Achieved
    );
    assert_eq!(a.suppressed_cells, 28);
}
