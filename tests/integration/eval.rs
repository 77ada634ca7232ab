//! `localis eval`: every dataset form and computation checked against hand-computed values,
//! bad input with its diagnostics, and identical results whatever the number of threads.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use localis::evaluate::{Evaluation, IndicatorResult, Observation};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/eval")
        .join(name)
}

/// Runs `localis eval` on a project, writing into `out`; returns the exit code and stderr.
fn run_eval(project: &Path, out: &Path, threads: Option<usize>, extra: &[&str]) -> (i32, String) {
    crate::common::eval_into(project, out, extra, |cmd| {
        if let Some(n) = threads {
            cmd.env("RAYON_NUM_THREADS", n.to_string());
        }
    })
}

/// The diagnostics and summary a run printed, without the line naming the temporary output.
fn printed(stderr: &str) -> String {
    stderr
        .lines()
        .filter(|l| !l.starts_with("wrote "))
        .collect::<Vec<_>>()
        .join("\n")
}

fn read_results(out: &Path) -> Evaluation {
    let text = std::fs::read_to_string(out.join("results.json")).expect("results.json");
    serde_json::from_str(&text).expect("results.json reads back as an Evaluation")
}

fn key(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// (year, value) of one series of one result.
fn series(
    e: &Evaluation,
    indicator: &str,
    place: &str,
    pairs: &[(&str, &str)],
) -> Vec<(i32, Option<f64>)> {
    let r = e
        .get(indicator, place)
        .unwrap_or_else(|| panic!("no result for {indicator} at {place}"));
    let wanted = key(pairs);
    let s = r
        .series
        .iter()
        .find(|s| s.disaggregation == wanted)
        .unwrap_or_else(|| {
            panic!(
                "{indicator}: no series {wanted:?} (has {:?})",
                disaggregations(r)
            )
        });
    s.observations.iter().map(|o| (o.year, o.value)).collect()
}

fn disaggregations(r: &IndicatorResult) -> Vec<BTreeMap<String, String>> {
    r.series.iter().map(|s| s.disaggregation.clone()).collect()
}

fn observation<'e>(
    e: &'e Evaluation,
    indicator: &str,
    pairs: &[(&str, &str)],
    year: i32,
) -> (&'e IndicatorResult, &'e Observation) {
    let r = e.get(indicator, "4200001").expect("result");
    let wanted = key(pairs);
    let s = r
        .series
        .iter()
        .find(|s| s.disaggregation == wanted)
        .expect("series");
    let o = s
        .observations
        .iter()
        .find(|o| o.year == year)
        .expect("observation");
    (r, o)
}

/// Asserts a series equals the expected (year, value) pairs, values within 1e-9.
#[track_caller]
fn assert_series(actual: Vec<(i32, Option<f64>)>, expected: &[(i32, Option<f64>)]) {
    assert_eq!(actual.len(), expected.len(), "{actual:?} != {expected:?}");
    for ((ya, va), (ye, ve)) in actual.iter().zip(expected) {
        assert_eq!(ya, ye, "{actual:?} != {expected:?}");
        match (va, ve) {
            (Some(a), Some(b)) => assert!((a - b).abs() < 1e-9, "{ya}: {a} != {b}"),
            (None, None) => {}
            _ => panic!("{ya}: {va:?} != {ve:?} in {actual:?}"),
        }
    }
}

fn evaluated_project() -> (tempfile::TempDir, Evaluation, i32, String) {
    let out = tempfile::tempdir().expect("tempdir");
    let (code, stderr) = run_eval(&fixture("project"), out.path(), None, &[]);
    let e = read_results(out.path());
    (out, e, code, stderr)
}

#[test]
fn end_to_end_numbers_match_hand_computation() {
    let (_out, e, code, stderr) = evaluated_project();
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("0 errors, 0 warnings"), "{stderr}");
    let p = "4200001";

    // indicator_11-1-1.csv, Open SDG: blank Sex and Age = the headline; blank 2016 Value = no data
    assert_series(
        series(&e, "inadequate-housing", p, &[]),
        &[(2015, Some(120.0)), (2016, None), (2017, Some(100.0))],
    );
    assert_series(
        series(&e, "inadequate-housing", p, &[("Sex", "Female")]),
        &[(2015, Some(70.0)), (2016, Some(66.0)), (2017, Some(60.0))],
    );
    assert_series(
        series(&e, "inadequate-housing", p, &[("Sex", "Male")]),
        &[(2015, Some(50.0)), (2017, Some(40.0))],
    );
    assert_series(
        series(&e, "inadequate-housing", p, &[("Age", "15-24")]),
        &[(2017, Some(30.0))],
    );
    let housing = e.get("inadequate-housing", p).unwrap();
    assert_eq!(housing.unit.as_deref(), Some("households"));
    assert_eq!(housing.headline().unwrap().latest().unwrap().year, 2017);
    // the headline first, then disaggregations in order
    assert_eq!(
        disaggregations(housing),
        vec![
            key(&[]),
            key(&[("Age", "15-24")]),
            key(&[("Sex", "Female")]),
            key(&[("Sex", "Male")])
        ]
    );
    // 2017 headline has status E in the file
    assert_eq!(
        observation(&e, "inadequate-housing", &[], 2017).1.status(),
        Some("E")
    );
    // completeness: Disability is expected but its column is blank everywhere
    assert_eq!(
        housing.completeness.expected,
        vec!["Sex", "Age", "Disability"]
    );
    assert_eq!(housing.completeness.present, vec!["Sex", "Age"]);

    // indicator_5-5-1.csv: year ranges, a comment, two places (blank GeoCode = the project's place)
    assert_series(
        series(&e, "women-in-council", p, &[]),
        &[(2015, Some(20.5)), (2017, Some(25.0))],
    );
    assert_series(
        series(&e, "women-in-council", "4200002", &[]),
        &[(2017, Some(30.0))],
    );
    let (_, o) = observation(&e, "women-in-council", &[], 2017);
    assert_eq!(o.period(), Some("2017-18"));
    assert_eq!(
        o.comment(),
        Some("after the 2016 election, with a \"parity\" list")
    );

    // ratio per 1,000 inhabitants; population.csv is `;`-separated with `,` decimals and `.` thousands:
    //   2015: 120 * 1000 / 10000 = 12;  female 70 * 1000 / 5200 = 13.4615...;  male 50 * 1000 / 4800 = 10.4166...
    //   2016: blank numerator -> no value;  2017: 100 * 1000 / 10250 = 9.7560...
    //   female 2017: 60 * 1000 / 5300 = 11.3207...;  male 2017: 40 * 1000 / 4950 (written "4.950,0") = 8.0808...
    assert_series(
        series(&e, "inadequate-housing-rate", p, &[]),
        &[
            (2015, Some(12.0)),
            (2016, None),
            (2017, Some(100.0 * 1000.0 / 10250.0)),
        ],
    );
    assert_series(
        series(&e, "inadequate-housing-rate", p, &[("Sex", "Female")]),
        &[
            (2015, Some(70.0 * 1000.0 / 5200.0)),
            (2017, Some(60.0 * 1000.0 / 5300.0)),
        ],
    );
    assert_series(
        series(&e, "inadequate-housing-rate", p, &[("Sex", "Male")]),
        &[
            (2015, Some(50.0 * 1000.0 / 4800.0)),
            (2017, Some(40.0 * 1000.0 / 4950.0)),
        ],
    );
    // the Age=15-24 series has no population to divide by: no rate for it
    assert_eq!(e.get("inadequate-housing-rate", p).unwrap().series.len(), 3);
    let (_, o) = observation(&e, "inadequate-housing-rate", &[], 2015);
    assert_eq!(
        (o.numerator(), o.denominator()),
        (Some(120.0), Some(10000.0))
    );

    // share of women: 5200 * 100 / 10000 = 52;  2017: 5300 * 100 / 10250 = 51.7073...;  2016 has no female row
    assert_series(
        series(&e, "women-share", p, &[]),
        &[(2015, Some(52.0)), (2017, Some(5300.0 * 100.0 / 10250.0))],
    );

    // budget.xlsx (sheet Execution, range B3:E7): executed health + education
    //   2021: 900 + 1900.5 = 2800.5;  2022: 1000 + 2000 = 3000
    assert_series(
        series(&e, "budget-executed", p, &[]),
        &[(2021, Some(2800.5)), (2022, Some(3000.0))],
    );
    // execution rate = executed * 100 / approved: health 900 * 100 / 1000 = 90, 1000 * 100 / 1100 = 90.9090...
    assert_series(
        series(&e, "budget-execution-rate", p, &[("Programme", "Health")]),
        &[(2021, Some(90.0)), (2022, Some(1000.0 * 100.0 / 1100.0))],
    );
    //   education 1900.5 * 100 / 2000 = 95.025, 2000 * 100 / 2100 = 95.2380...
    assert_series(
        series(
            &e,
            "budget-execution-rate",
            p,
            &[("Programme", "Education")],
        ),
        &[(2021, Some(95.025)), (2022, Some(2000.0 * 100.0 / 2100.0))],
    );

    // gaps between women and men: 70 - 50 = 20, 60 - 40 = 20;  ratios 70 / 50 = 1.4, 60 / 40 = 1.5
    assert_series(
        series(&e, "housing-gender-gap", p, &[]),
        &[(2015, Some(20.0)), (2017, Some(20.0))],
    );
    assert_series(
        series(&e, "housing-gender-ratio", p, &[]),
        &[(2015, Some(1.4)), (2017, Some(1.5))],
    );

    // population index, 2015 = 100: 10100 * 100 / 10000 = 101, 10250 * 100 / 10000 = 102.5
    assert_series(
        series(&e, "population-index", p, &[]),
        &[
            (2015, Some(100.0)),
            (2016, Some(101.0)),
            (2017, Some(102.5)),
        ],
    );
    //   female 5300 * 100 / 5200 = 101.923...;  male 4950 * 100 / 4800 = 103.125
    assert_series(
        series(&e, "population-index", p, &[("Sex", "Female")]),
        &[(2015, Some(100.0)), (2017, Some(5300.0 * 100.0 / 5200.0))],
    );
    assert_series(
        series(&e, "population-index", p, &[("Sex", "Male")]),
        &[(2015, Some(100.0)), (2017, Some(103.125))],
    );

    // complaints.csv, one row per complaint, year from the `Received` date
    // housing complaints: 2021 rows 1, 3, 4 (North, South, South); 2022 rows 6, 7 (blank district, North)
    assert_series(
        series(&e, "housing-complaints", p, &[]),
        &[(2021, Some(3.0)), (2022, Some(2.0))],
    );
    assert_series(
        series(&e, "housing-complaints", p, &[("District", "North")]),
        &[(2021, Some(1.0)), (2022, Some(1.0))],
    );
    assert_series(
        series(&e, "housing-complaints", p, &[("District", "South")]),
        &[(2021, Some(2.0))],
    );
    // resolved complaints' days: 2021 rows 1, 2, 4: 10 + 20 + 30 = 60; 2022 rows 5, 6, 8: 5 + 15 + 70 = 90
    assert_series(
        series(&e, "resolution-days-total", p, &[]),
        &[(2021, Some(60.0)), (2022, Some(90.0))],
    );
    //   mean 60 / 3 = 20 and 90 / 3 = 30; North 2021: (10 + 20) / 2 = 15, South 2021: 30
    assert_series(
        series(&e, "resolution-days-mean", p, &[]),
        &[(2021, Some(20.0)), (2022, Some(30.0))],
    );
    assert_series(
        series(&e, "resolution-days-mean", p, &[("District", "North")]),
        &[(2021, Some(15.0)), (2022, Some(5.0))],
    );
    assert_series(
        series(&e, "resolution-days-mean", p, &[("District", "South")]),
        &[(2021, Some(30.0)), (2022, Some(70.0))],
    );
    //   median of (10, 20, 30) = 20, of (5, 15, 70) = 15
    assert_series(
        series(&e, "resolution-days-median", p, &[]),
        &[(2021, Some(20.0)), (2022, Some(15.0))],
    );
    // share resolved: 2021 3 of 4 = 75%; 2022 3 of 5 = 60%
    assert_series(
        series(&e, "complaints-resolved", p, &[]),
        &[(2021, Some(75.0)), (2022, Some(60.0))],
    );
    let (_, o) = observation(&e, "complaints-resolved", &[], 2022);
    assert_eq!((o.numerator(), o.denominator()), (Some(3.0), Some(5.0)));

    // derived from another indicator: the women's series becomes the headline
    assert_series(
        series(&e, "women-inadequate-housing", p, &[]),
        &[(2015, Some(70.0)), (2016, Some(66.0)), (2017, Some(60.0))],
    );
    // expression (f - m) / m * 100: (70 - 50) / 50 * 100 = 40;  (60 - 40) / 40 * 100 = 50
    assert_series(
        series(&e, "housing-gap-percent", p, &[]),
        &[(2015, Some(40.0)), (2017, Some(50.0))],
    );

    // an indicator without computation still has its (empty) result for the project's place
    assert!(e.get("human-rights-office", p).unwrap().series.is_empty());

    // places: the project's, and the other one found in the data, named by places.csv
    let places: Vec<(&str, Option<&str>)> = e
        .places
        .iter()
        .map(|p| (p.geocode.as_str(), p.name.as_deref()))
        .collect();
    assert_eq!(
        places,
        vec![
            ("4200001", Some("Vila Nova")),
            ("4200002", Some("Campo Alegre"))
        ]
    );
    // overall completeness: housing (Sex, Age yes; Disability no), rate (Sex yes), complaints and
    // mean days (District yes) = 5 of 6
    assert_eq!((e.completeness.present, e.completeness.expected), (5, 6));
}

#[test]
fn every_value_traces_back_to_its_rows() {
    let (_out, e, _, _) = evaluated_project();
    // the 2017 headline is row 6 of indicator_11-1-1.csv
    let (r, o) = observation(&e, "inadequate-housing", &[], 2017);
    let p = e.provenance(r, o);
    assert_eq!(p.len(), 1);
    assert_eq!(
        (p[0].dataset.as_str(), p[0].file.as_str()),
        ("indicator_11-1-1", "data/indicator_11-1-1.csv")
    );
    assert_eq!(p[0].rows, vec![(6, 6)]);
    // a rate comes from a row of each file
    let (r, o) = observation(&e, "inadequate-housing-rate", &[("Sex", "Male")], 2017);
    let p = e.provenance(r, o);
    let files: Vec<(&str, Vec<(u32, u32)>)> = p
        .iter()
        .map(|x| (x.file.as_str(), x.rows.clone()))
        .collect();
    assert_eq!(
        files,
        vec![
            ("data/indicator_11-1-1.csv", vec![(8, 8)]),
            ("data/population.csv", vec![(7, 7)])
        ]
    );
    // a records aggregate comes from the records it counts: housing complaints of 2021 are rows 1, 3 and 4
    let (r, o) = observation(&e, "housing-complaints", &[], 2021);
    assert_eq!(e.provenance(r, o)[0].rows, vec![(1, 1), (3, 4)]);
    // a workbook's data rows count from the row after its header (sheet row 4 is data row 1)
    let (r, o) = observation(
        &e,
        "budget-execution-rate",
        &[("Programme", "Health")],
        2022,
    );
    assert_eq!(e.provenance(r, o)[0].rows, vec![(3, 3)]);
}

#[test]
fn results_csv_is_tidy() {
    let out = tempfile::tempdir().unwrap();
    let (code, _) = run_eval(&fixture("project"), out.path(), None, &[]);
    assert_eq!(code, 0);
    let csv = std::fs::read_to_string(out.path().join("results.csv")).unwrap();
    insta::assert_snapshot!("results_csv", csv);
}

#[test]
fn results_json_reads_back_as_the_evaluation_in_memory() {
    let project = fixture("project");
    let mut ws = localis::load::load(&project).unwrap();
    let index = localis::pipeline::check_all(&mut ws);
    assert!(!ws.diagnostics.has_errors());
    let (in_memory, diagnostics, stats) = localis::evaluate::evaluate(&ws, &index);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    assert_eq!(stats.indicators, 17);
    let (_out, written, _, _) = evaluated_project();
    assert_eq!(written, in_memory);
    // and the streaming writer gives the same files as writing the whole evaluation at once
    let a = tempfile::tempdir().unwrap();
    localis::output::results::write_results(a.path(), &in_memory).unwrap();
    let b = tempfile::tempdir().unwrap();
    run_eval(&project, b.path(), None, &[]);
    for f in ["results.json", "results.csv"] {
        assert_eq!(
            std::fs::read(a.path().join(f)).unwrap(),
            std::fs::read(b.path().join(f)).unwrap(),
            "{f}"
        );
    }
}

#[test]
fn national_dialects_read_the_same_numbers() {
    let out = tempfile::tempdir().unwrap();
    let (code, stderr) = run_eval(&fixture("dialects"), out.path(), None, &[]);
    assert_eq!(code, 0, "{stderr}");
    let e = read_results(out.path());
    // plain `1234.5`; German `1.234,5` (BOM, CRLF, `;`); declared `1 234,5`; tabs; quoted `"1,234.5"`; ranges
    for id in ["plain", "german", "declared", "tabs", "quoted", "ranges"] {
        assert_series(
            series(&e, id, "100", &[]),
            &[(2015, Some(1234.5)), (2016, Some(1300.0))],
        );
        assert_series(
            series(&e, id, "100", &[("Sex", "Female")]),
            &[(2015, Some(600.25))],
        );
    }
    let ranges = e.get("ranges", "100").unwrap().headline().unwrap();
    assert_eq!(ranges.observations[1].period(), Some("2016/17"));
}

#[test]
fn bad_cells_are_reported_at_their_file_line_and_column() {
    let out = tempfile::tempdir().unwrap();
    let (code, stderr) = run_eval(&fixture("bad-cells"), out.path(), None, &[]);
    assert_eq!(code, 1, "problems in the data exit 1");
    insta::assert_snapshot!("bad_cells", printed(&stderr));
    // results are still written for what could be read; no row is silently dropped: the
    // unreadable `12%` of 2016 is an observation without value, traced to its row
    let e = read_results(out.path());
    let s = series(&e, "values", "100", &[]);
    assert_eq!(s[0], (2015, Some(10.0)));
    assert_eq!(s[1], (2016, None));
    let r = e.get("values", "100").unwrap();
    let o = &r.headline().unwrap().observations[1];
    assert_eq!(e.provenance(r, o)[0].rows, vec![(2, 2)]);
}

#[test]
fn bad_cells_in_json_have_file_line_and_column() {
    let out = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_localis"))
        .args(["eval", "--format", "json", "--output"])
        .arg(out.path())
        .arg(fixture("bad-cells"))
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let percent = json
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["message"].as_str().unwrap_or("").contains("`12%`"))
        .expect("the 12% diagnostic");
    assert_eq!(percent["file"], "data/values.csv");
    assert_eq!(
        (percent["line"].as_u64(), percent["column"].as_u64()),
        (Some(3), Some(7))
    );
    assert_eq!(percent["code"], "bad-number");
}

#[test]
fn bad_workbook_cells_name_their_cell() {
    let out = tempfile::tempdir().unwrap();
    let (code, stderr) = run_eval(&fixture("bad-xlsx"), out.path(), None, &[]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("bad_xlsx", printed(&stderr));
    let e = read_results(out.path());
    // row "twenty" is skipped (reported); 2020 and 2021 remain; the female 2021 cell is unreadable
    assert_series(
        series(&e, "sheet", "100", &[]),
        &[(2020, Some(10.0)), (2021, Some(12.5))],
    );
    assert_series(
        series(&e, "sheet", "100", &[("Sex", "Female")]),
        &[(2021, None)],
    );
}

#[test]
fn data_that_does_not_add_up_is_reported() {
    let out = tempfile::tempdir().unwrap();
    let (code, stderr) = run_eval(&fixture("bad-semantics"), out.path(), None, &[]);
    assert_eq!(code, 1, "conflicting values are errors");
    insta::assert_snapshot!("bad_semantics", printed(&stderr));
    let e = read_results(out.path());
    // 2015 given twice with 10 and 11: no value; 2016 twice with 12: kept
    assert_series(
        series(&e, "repeated", "100", &[]),
        &[(2015, None), (2016, Some(12.0))],
    );
    // rate over a population of 0 in 2016: no value, never infinity
    assert_series(series(&e, "rate", "100", &[]), &[(2016, None)]);
    // a formula giving text for a period gives no value for it
    assert_series(
        series(&e, "formula", "100", &[]),
        &[(2016, None), (2017, Some(100.0))],
    );
}

#[test]
fn check_errors_stop_before_any_data_is_read() {
    let out = tempfile::tempdir().unwrap();
    let (code, stderr) = run_eval(&fixture("check-errors"), out.path(), None, &[]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("check_errors", printed(&stderr));
    assert!(!out.path().join("results.json").exists());
}

/// A project of `indicators` files x `places` places, with a records table, in `dir`.
fn synthetic_project(dir: &Path, indicators: usize, places: usize) {
    std::fs::create_dir_all(dir.join("data")).unwrap();
    std::fs::create_dir_all(dir.join("indicators/gen")).unwrap();
    let mut yaml = String::from("indicators:\n");
    let mut seed = 17u64;
    let mut next = move || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as f64 / (1u64 << 31) as f64
    };
    for k in 0..indicators {
        let mut csv = String::from("Year,Sex,GeoCode,Value\n");
        for p in 0..places {
            for y in 2015..2020 {
                for sex in ["", "Female", "Male"] {
                    csv.push_str(&format!(
                        "{y},{sex},{},{:.3}\n",
                        5000 + p,
                        10.0 + next() * 90.0
                    ));
                }
            }
        }
        std::fs::write(dir.join(format!("data/indicator_{k:02}.csv")), csv).unwrap();
        let computation = match k % 4 {
            0 => format!("value: {{dataset: indicator_{k:02}}}"),
            1 => format!(
                "ratio: {{numerator: {{dataset: indicator_{k:02}}}, denominator: {{dataset: indicator_00}}, factor: 100}}"
            ),
            2 => format!(
                "gap: {{of: {{dataset: indicator_{k:02}}}, dimension: Sex, group: Female, reference: Male}}"
            ),
            _ => format!("index: {{of: {{dataset: indicator_{k:02}}}, base-year: 2015}}"),
        };
        yaml.push_str(&format!("  - {{id: i{k:02}, title: I{k}, disaggregations: [Sex], computation: {{{computation}}}}}\n"));
    }
    yaml.push_str("  - {id: derived, title: D, computation: {expression: {formula: a * 2 + b, inputs: {a: {indicator: i00}, b: {indicator: i01}}}}}\n");
    yaml.push_str("  - {id: counted, title: C, disaggregations: [Right], computation: {records: {dataset: log, aggregate: median, column: Days}}}\n");
    let mut log = String::from("Received,GeoCode,Right,Days\n");
    for i in 0..5000 {
        log.push_str(&format!(
            "2019-{:02}-{:02},{},{},{}\n",
            1 + i % 12,
            1 + i % 28,
            5000 + (i * 7) % places,
            ["housing", "health", "water"][i % 3],
            (next() * 100.0) as u32
        ));
    }
    std::fs::write(dir.join("data/log.csv"), log).unwrap();
    std::fs::write(
        dir.join("indicators/gen/library.yaml"),
        "id: gen\ntitle: Generated\n",
    )
    .unwrap();
    std::fs::write(dir.join("indicators/gen/indicators.yaml"), yaml).unwrap();
    std::fs::write(
        dir.join("localis.yaml"),
        "name: Generated\nplace: {name: Nation, geocode: \"5000\"}\nlibraries: [gen]\ndatasets:\n  - path: data/indicator_*.csv\n  - {id: log, path: data/log.csv, kind: records, columns: {date: Received}}\n",
    )
    .unwrap();
}

#[test]
fn same_results_whatever_the_thread_count() {
    let generated = tempfile::tempdir().unwrap();
    // more indicators than one evaluation window, several places
    synthetic_project(generated.path(), 40, 60);
    for project in [
        fixture("project"),
        fixture("bad-cells"),
        generated.path().to_path_buf(),
    ] {
        let mut outputs = Vec::new();
        for threads in [1, 2, 3] {
            let out = tempfile::tempdir().unwrap();
            let (code, stderr) = run_eval(&project, out.path(), Some(threads), &[]);
            let json = std::fs::read(out.path().join("results.json")).unwrap();
            let csv = std::fs::read(out.path().join("results.csv")).unwrap();
            outputs.push((code, printed(&stderr), json, csv));
        }
        assert!(
            outputs.windows(2).all(|w| w[0] == w[1]),
            "{} differs across thread counts",
            project.display()
        );
    }
    // the generated project did evaluate something of every kind
    let out = tempfile::tempdir().unwrap();
    let (code, stderr) = run_eval(generated.path(), out.path(), Some(2), &[]);
    assert_eq!(code, 0, "{stderr}");
    let e = read_results(out.path());
    assert_eq!(e.places.len(), 60);
    assert_eq!(e.results.len(), 42 * 60);
    assert!(
        e.results
            .iter()
            .filter(|r| r.indicator == "derived")
            .all(|r| !r.series.is_empty())
    );
}
