//! `localis eval` by windows of indicators: a run assessing and writing one indicator at a
//! time gives the same bytes in every output file as a run holding every indicator at once,
//! and JSON outputs above the size limit are left out with a note, unless asked for.

use std::path::{Path, PathBuf};

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// Runs `localis eval` into `out` with `extra` arguments and `SOURCE_DATE_EPOCH` as given;
/// returns the exit code and standard error.
fn eval(project: &Path, out: &Path, epoch: Option<&str>, extra: &[&str]) -> (i32, String) {
    crate::common::eval_into(project, out, extra, |cmd| {
        match epoch {
            Some(e) => cmd.env("SOURCE_DATE_EPOCH", e),
            None => cmd.env_remove("SOURCE_DATE_EPOCH"),
        };
    })
}

/// Writes a small project whose indicators make windows work: suppressions shared across
/// indicators that are not neighbours in id order (a count and the rate counting it, with an
/// unrelated indicator between them, and an index of the rate), a place that only the last
/// indicators have, a milestone judged by a reference year that only a later indicator's
/// data gives, banded targets and SDG goals for the summaries.
pub(crate) fn windowed_project(dir: &Path) {
    let write = |rel: &str, text: &str| {
        let p = dir.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    write(
        "localis.yaml",
        "name: {en: Windows}\nplace: {name: Region, geocode: \"0000\"}\nlanguages: [en]\nlibraries: [w]\nbase-year: 2015\ntarget-year: 2030\nprivacy: {minimum-count: 5, unstable-at-most: 20}\naward-schemes:\n  - {id: friendly, title: {en: Friendly}, award: {en: Friendly}, threshold: 5}\ndatasets:\n  - {id: cases, path: data/cases.csv}\n  - {id: people, path: data/people.csv}\n  - {id: other, path: data/other.csv}\n  - {id: late, path: data/late.csv}\n  - {id: office, path: data/office.csv}\nplaces: {path: data/places.csv}\n",
    );
    write("indicators/w/library.yaml", "id: w\ntitle: {en: Windows}\n");
    write(
        "indicators/w/indicators.yaml",
        r#"indicators:
  - id: a-rate
    title: {en: Cases per 1000}
    direction: decrease
    computation:
      ratio: {numerator: {dataset: cases}, denominator: {dataset: people}, factor: 1000, statistic: rate}
    disaggregations: [Sex]
    targets: [{numeric: {value: 1, year: 2030}}]
    links: {sdg: ["3.3.1"]}
  - id: b-office
    title: {en: Office open}
    computation: {value: {dataset: office}}
    targets: [{milestone: {deadline: 2021}}]
    links: {sdg: ["16.a.1"], ohchr-type: structural}
  - id: c-other
    title: {en: Other}
    direction: increase
    computation: {value: {dataset: other}}
    targets:
      - bands: {scheme: friendly, bands: [{to: 50, points: 0}, {from: 50, points: 5}]}
    links: {sdg: ["3.3.1"]}
  - id: d-cases
    title: {en: Cases}
    direction: decrease
    computation: {value: {dataset: cases}}
    disaggregations: [Sex]
    links: {sdg: ["3.3.1"]}
  - id: e-index
    title: {en: Rate index}
    direction: decrease
    computation: {index: {of: {indicator: a-rate}, base-year: 2018}}
    disaggregations: [Sex]
  - id: f-late
    title: {en: Late}
    direction: increase
    computation: {value: {dataset: late}}
"#,
    );
    write(
        "data/places.csv",
        "GeoCode,Name\n0000,Region\n0001,North\n0002,South\n0003,East\n",
    );
    let mut cases = String::from("Year,GeoCode,Sex,Value\n");
    let mut people = String::from("Year,GeoCode,Sex,Value\n");
    let mut other = String::from("Year,GeoCode,Value\n");
    for (k, place) in ["0001", "0002"].iter().enumerate() {
        for year in 2018..=2021 {
            let f = 2 + (year - 2018 + k as i32) % 4;
            let m = 6 + (year * 3 + k as i32) % 9;
            cases.push_str(&format!(
                "{year},{place},,{}\n{year},{place},Female,{f}\n{year},{place},Male,{m}\n",
                f + m
            ));
            people.push_str(&format!(
                "{year},{place},,2000\n{year},{place},Female,1050\n{year},{place},Male,950\n"
            ));
            other.push_str(&format!(
                "{year},{place},{}\n",
                40 + 5 * (year - 2018) + k as i32
            ));
        }
    }
    write("data/cases.csv", &cases);
    write("data/people.csv", &people);
    write("data/other.csv", &other);
    // a place and a year no earlier indicator has
    write(
        "data/late.csv",
        "Year,GeoCode,Value\n2019,0003,10\n2024,0003,12\n2024,0001,9\n",
    );
    write(
        "data/office.csv",
        "Year,GeoCode,Value\n2019,0001,0\n2020,0001,1\n2019,0002,0\n",
    );
}

#[test]
fn one_indicator_at_a_time_gives_the_same_bytes_as_one_window() {
    let generated = tempfile::tempdir().unwrap();
    windowed_project(generated.path());
    let projects = [
        generated.path().to_path_buf(),
        repo("tests/fixtures/assess/city"),
        repo("tests/fixtures/eval/project"),
    ];
    for project in &projects {
        for epoch in [None, Some("1764000000")] {
            let whole = tempfile::tempdir().unwrap();
            let (code, stderr) = eval(project, whole.path(), epoch, &["--window", "100000"]);
            assert!(code <= 1, "{}: {stderr}", project.display());
            let one = tempfile::tempdir().unwrap();
            let (code_one, stderr_one) = eval(project, one.path(), epoch, &["--window", "1"]);
            assert_eq!(code, code_one, "{stderr_one}");
            crate::common::assert_same_outputs(
                whole.path(),
                one.path(),
                &crate::common::EVAL_FILES,
                &format!("{} ({epoch:?})", project.display()),
            );
        }
    }
    // the generated project exercised what windows must get right
    let out = tempfile::tempdir().unwrap();
    let (code, stderr) = eval(generated.path(), out.path(), None, &["--window", "1"]);
    assert_eq!(code, 0, "{stderr}");
    let a: localis::assess::Assessment =
        serde_json::from_slice(&std::fs::read(out.path().join("assessment.json")).unwrap())
            .unwrap();
    // the latest year comes from the last indicator, and judges the first milestone overdue
    assert_eq!(a.settings.reference_year, 2024);
    let office = a
        .results
        .iter()
        .find(|r| r.indicator == "b-office" && r.place == "0002")
        .unwrap();
    assert_eq!(
        office.targets[0].status,
        localis::assess::TargetStatus::Overdue
    );
    // every indicator is assessed for the place only the last one has
    assert_eq!(a.results.iter().filter(|r| r.place == "0003").count(), 6);
    assert!(a.suppressed_cells > 0);
    // suppressions are shared: a count hidden in the rate's numerator is hidden as a count
    let e: localis::evaluate::Evaluation =
        serde_json::from_slice(&std::fs::read(out.path().join("results.json")).unwrap()).unwrap();
    let hidden = |id: &str| -> Vec<(String, String, i32)> {
        let mut v = Vec::new();
        for r in e.results.iter().filter(|r| r.indicator == id) {
            for s in &r.series {
                for o in s.observations.iter().filter(|o| o.suppressed) {
                    let d = localis::output::results::disaggregation_cell(&s.disaggregation);
                    v.push((r.place.clone(), d, o.year));
                }
            }
        }
        v
    };
    assert!(!hidden("a-rate").is_empty());
    assert_eq!(hidden("a-rate"), hidden("d-cases"));
}

#[test]
fn large_json_is_left_out_unless_asked_for() {
    let project = repo("tests/fixtures/assess/city");
    let full = tempfile::tempdir().unwrap();
    let (code, _) = eval(&project, full.path(), None, &[]);
    assert_eq!(code, 0);
    let out = tempfile::tempdir().unwrap();
    // a results.json of an earlier run must not stay beside this run's CSV
    std::fs::write(out.path().join("results.json"), "{}").unwrap();
    let (code, stderr) = eval(&project, out.path(), None, &["--json-limit", "1000"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!out.path().join("results.json").exists());
    assert!(!out.path().join("assessment.json").exists());
    assert!(
        stderr.contains("results.json and")
            && stderr.contains("assessment.json not written")
            && stderr.contains("pass --json to write them"),
        "{stderr}"
    );
    // the CSV files are whole
    let (a, b) = (
        crate::common::files_under(full.path(), ""),
        crate::common::files_under(out.path(), ""),
    );
    for name in [
        "results.csv",
        "assessment.csv",
        "targets.csv",
        "summary.csv",
    ] {
        assert!(a[name] == b[name], "{name} differs");
    }
    // asked for, they are written whatever their size
    let asked = tempfile::tempdir().unwrap();
    let (code, stderr) = eval(
        &project,
        asked.path(),
        None,
        &["--json-limit", "1000", "--json"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("not written"), "{stderr}");
    assert_eq!(crate::common::files_under(asked.path(), ""), a);
}
