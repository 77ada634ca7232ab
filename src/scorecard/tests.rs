//! Cases of the KPI, target and roll-up rules.

use std::collections::BTreeMap;

use super::*;
use crate::evaluate::{Completeness, IndicatorResult, Observation, Series};

use Light::*;

#[test]
fn roll_up_averages_points_and_never_hides_red() {
    assert_eq!(roll_up(&[OnTrack, OnTrack, Attention]).light, OnTrack); // 1.67
    assert_eq!(roll_up(&[OnTrack, Attention]).light, OnTrack); // 1.5
    assert_eq!(roll_up(&[OnTrack, OffTrack]).light, Attention); // 1.0
    assert_eq!(
        roll_up(&[OnTrack, OnTrack, OnTrack, OffTrack]).light,
        Attention
    ); // 1.5, red child
    assert_eq!(roll_up(&[Attention, OffTrack]).light, Attention); // 0.5
    assert_eq!(roll_up(&[Attention, OffTrack, OffTrack]).light, OffTrack); // 0.33
    assert_eq!(roll_up(&[OffTrack]).light, OffTrack);
    let r = roll_up(&[OnTrack, Attention, OffTrack]);
    assert_eq!(r.score, Some(1.0));
    assert_eq!((r.on_track, r.attention, r.off_track), (1, 1, 1));
}

#[test]
fn roll_up_withholds_the_status_when_over_a_fifth_lacks_data() {
    // 1 of 5 without data (20%): judged on the other four
    assert_eq!(
        roll_up(&[OnTrack, OnTrack, OnTrack, OnTrack, NoData]).light,
        OnTrack
    );
    // 1 of 4 (25%): withheld
    let r = roll_up(&[OnTrack, OnTrack, OnTrack, NoData]);
    assert_eq!(r.light, NoData);
    assert_eq!(r.score, Some(2.0));
    assert_eq!(roll_up(&[NoData]).light, NoData);
    assert_eq!(roll_up(&[]).light, NoData);
}

#[test]
fn pending_children_are_left_out() {
    assert_eq!(roll_up(&[OffTrack, Pending, Pending]).light, OffTrack);
    assert_eq!(roll_up(&[Pending, Pending]).light, Pending);
    assert_eq!(roll_up(&[OnTrack, Pending]).light, OnTrack);
}

#[test]
fn targets_of_implementation() {
    let t = |due, done| ImplementationTarget {
        title: Text::plain("x"),
        due,
        done,
        evidence: None,
    };
    assert_eq!(target_status(&t(2024, Some(2024)), 2024).light, OnTrack);
    assert_eq!(target_status(&t(2024, Some(2023)), 2024).light, OnTrack);
    assert_eq!(target_status(&t(2023, Some(2024)), 2024).light, Attention);
    assert_eq!(target_status(&t(2024, None), 2024).light, OffTrack);
    assert_eq!(target_status(&t(2022, None), 2024).light, OffTrack);
    assert_eq!(target_status(&t(2025, None), 2024).light, Pending);
}

fn evaluation(values: &[(&str, &[(i32, f64)])]) -> Evaluation {
    let mut results: Vec<IndicatorResult> = values
        .iter()
        .map(|(id, obs)| IndicatorResult {
            indicator: id.to_string(),
            place: "P".into(),
            unit: None,
            series: vec![Series {
                disaggregation: BTreeMap::new(),
                observations: obs
                    .iter()
                    .map(|(y, v)| Observation::new(*y, Some(*v), Default::default()))
                    .collect(),
            }],
            completeness: Completeness::default(),
            rows: Vec::new(),
        })
        .collect();
    results.sort_by(|a, b| a.indicator.cmp(&b.indicator));
    Evaluation {
        places: Vec::new(),
        results,
        ..Evaluation::default()
    }
}

fn inputs<'a>(e: &'a Evaluation, directions: &[(&str, Direction)]) -> KpiInputs<'a> {
    KpiInputs {
        evaluation: Some(e),
        place: "P".into(),
        directions: directions
            .iter()
            .map(|(k, d)| (k.to_string(), *d))
            .collect(),
        categories: [("assessed".to_string(), "progress-needed".to_string())]
            .into_iter()
            .collect(),
    }
}

fn kpi(indicator: &str, target: Option<f64>, year: Option<i32>) -> Kpi {
    Kpi {
        indicator: indicator.into(),
        target,
        year,
        tolerance: None,
    }
}

#[test]
fn kpis_against_the_value_agreed_for_the_year() {
    let e = evaluation(&[
        ("places", &[(2023, 20.0), (2024, 30.0)]),
        ("waiting", &[(2023, 40.0), (2024, 35.0)]),
        ("worse", &[(2023, 30.0), (2024, 25.0)]),
        ("level", &[(2023, 9.0), (2024, 10.4)]),
    ]);
    let i = inputs(
        &e,
        &[
            ("places", Direction::Increase),
            ("waiting", Direction::Decrease),
            ("worse", Direction::Increase),
            ("level", Direction::Maintain),
        ],
    );
    // met exactly on the agreed value
    assert_eq!(
        kpi_status(&kpi("places", Some(30.0), None), 2024, &i).light,
        OnTrack
    );
    // not met, but better than the year before (35 < 40 waiting days)
    assert_eq!(
        kpi_status(&kpi("waiting", Some(30.0), None), 2024, &i).light,
        Attention
    );
    // not met and worse than the year before
    assert_eq!(
        kpi_status(&kpi("worse", Some(28.0), None), 2024, &i).light,
        OffTrack
    );
    // no value that year
    assert_eq!(
        kpi_status(&kpi("places", Some(30.0), Some(2022)), 2024, &i).light,
        NoData
    );
    // for a later year: pending until met
    assert_eq!(
        kpi_status(&kpi("places", Some(50.0), Some(2025)), 2024, &i).light,
        Pending
    );
    // maintain within a tolerance
    let mut k = kpi("level", Some(10.0), None);
    k.tolerance = Some(0.5);
    assert_eq!(kpi_status(&k, 2024, &i).light, OnTrack);
    k.tolerance = Some(0.3);
    // 10.4 is off by 0.4, but closer than 9.0 was
    assert_eq!(kpi_status(&k, 2024, &i).light, Attention);
    let s = kpi_status(&kpi("waiting", Some(30.0), None), 2024, &i);
    assert_eq!(
        (s.value, s.previous, s.year),
        (Some(35.0), Some(40.0), Some(2024))
    );
}

#[test]
fn kpis_without_an_agreed_value_take_the_assessment() {
    let e = evaluation(&[]);
    let i = inputs(&e, &[]);
    let s = kpi_status(&kpi("assessed", None, None), 2024, &i);
    assert_eq!((s.light, s.basis), (Attention, KpiBasis::Assessment));
    assert_eq!(
        kpi_status(&kpi("unassessed", None, None), 2024, &i).light,
        NoData
    );
    for (c, l) in [
        ("achieved", OnTrack),
        ("on-track", OnTrack),
        ("progress-needed", Attention),
        ("off-track", OffTrack),
        ("deterioration", OffTrack),
        ("unable-to-assess", NoData),
        ("no-target", NoData),
        ("not-assessed", NoData),
    ] {
        assert_eq!(Light::from_category(c), l, "{c}");
    }
}

#[test]
fn a_scorecard_rolls_up_to_perspectives_and_the_department() {
    let yaml = r#"
department: social
year: 2024
goals:
  - id: housing
    perspective: citizens
    title: Housing for all
    objectives:
      - id: shelter
        title: A shelter
        targets:
          - {title: Contract signed, due: 2024, done: 2024}
          - {title: Centre opened, due: 2025}
        kpis: [{indicator: places, target: 30}]
      - id: waiting
        title: Shorter waits
        kpis: [{indicator: waiting, target: 30}]
  - id: staff
    perspective: employees
    title: Trained staff
    kpis: [{indicator: worse, target: 28}]
"#;
    let sc: Scorecard = crate::yaml::from_node(&crate::yaml::parse(yaml).unwrap()).unwrap();
    let e = evaluation(&[
        ("places", &[(2023, 20.0), (2024, 30.0)]),
        ("waiting", &[(2023, 40.0), (2024, 35.0)]),
        ("worse", &[(2023, 30.0), (2024, 25.0)]),
    ]);
    let i = inputs(
        &e,
        &[
            ("places", Direction::Increase),
            ("waiting", Direction::Decrease),
            ("worse", Direction::Increase),
        ],
    );
    let s = scorecard_status(&sc, &i);
    let citizens = &s.perspectives[0];
    assert_eq!(citizens.perspective, Perspective::Citizens);
    // shelter: target met, target pending, KPI met -> on track
    assert_eq!(citizens.goals[0].objectives[0].status.light, OnTrack);
    assert_eq!(citizens.goals[0].objectives[0].status.pending, 1);
    // waiting: attention; goal: (2 + 1) / 2 = 1.5 -> on track
    assert_eq!(citizens.goals[0].objectives[1].status.light, Attention);
    assert_eq!(citizens.goals[0].status.light, OnTrack);
    assert_eq!(citizens.status.light, OnTrack);
    // employees: off track; department: on track and off track -> attention
    assert_eq!(s.perspectives[1].perspective, Perspective::Employees);
    assert_eq!(s.perspectives[1].status.light, OffTrack);
    assert_eq!(s.status.light, Attention);
    assert_eq!(
        s.perspectives.len(),
        2,
        "perspectives without goals are left out"
    );
}
