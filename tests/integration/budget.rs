//! Human-rights budgeting and Balanced Score Cards: `localis budget` on a hand-computed project,
//! and `localis check` on one fixture per kind of bad budget or scorecard input.

use std::collections::BTreeMap;
use std::path::Path;

use crate::common::{copy_fixture, fixture, localis};

fn check(name: &str) -> (String, i32) {
    let run = localis(&fixture(name), &["check"]);
    (format!("exit: {}\n{}", run.code, run.stderr), run.code)
}

macro_rules! check_fixture {
    ($test:ident, $name:literal, $code:expr) => {
        #[test]
        fn $test() {
            let (text, code) = check($name);
            assert_eq!(code, $code, "{text}");
            insta::assert_snapshot!(concat!("check_", $name), text);
        }
    };
}

check_fixture!(budget_project_is_clean, "budget/clean", 0);
check_fixture!(bad_budget_cells_point_at_the_cell, "budget/bad-cells", 1);
check_fixture!(
    bad_budget_section_points_at_the_yaml,
    "budget/bad-config",
    1
);
check_fixture!(budget_columns_that_do_not_match, "budget/bad-columns", 1);
check_fixture!(bad_deflator_and_population, "budget/bad-series", 1);
check_fixture!(budget_workbook_cells_are_named, "budget/xlsx", 1);
check_fixture!(bad_scorecards, "scorecard/bad", 1);

fn value(
    json: &serde_json::Value,
    id: &str,
    disaggregation: &[(&str, &str)],
    year: i64,
) -> Option<f64> {
    let want: BTreeMap<String, String> = disaggregation
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let result = json["results"]
        .as_array()?
        .iter()
        .find(|r| r["indicator"] == id)?;
    let series = result["series"].as_array()?.iter().find(|s| {
        let d: BTreeMap<String, String> =
            serde_json::from_value(s["disaggregation"].clone()).unwrap();
        d == want
    })?;
    series["observations"]
        .as_array()?
        .iter()
        .find(|o| o["year"] == year)?["value"]
        .as_f64()
}

#[track_caller]
fn close(v: Option<f64>, expected: f64) {
    let v = v.expect("a value");
    assert!((v - expected).abs() < 1e-9, "{v} != {expected}");
}

#[test]
fn budget_command_reproduces_the_hand_computed_values() {
    let (_tmp, root) = copy_fixture("budget/clean");
    let run = localis(&root, &["budget", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON on stdout");
    // CSV with `,` and the default column names; revenue with `;` and decimal commas
    close(value(&json, "budget-executed", &[], 2021), 2400.0);
    close(
        value(&json, "budget-executed", &[("Right", "health")], 2021),
        1050.0,
    );
    close(
        value(&json, "budget-executed-share", &[], 2021),
        2000.0 * 100.0 / 2400.0,
    );
    close(
        value(
            &json,
            "budget-approved-real-per-head",
            &[("Right", "adequate-housing")],
            2023,
        ),
        1.68,
    );
    close(value(&json, "budget-pefa-pi-1", &[], 2021), 96.0);
    close(value(&json, "budget-pefa-pi-3-1", &[], 2021), 96.0);
    close(value(&json, "budget-own-revenue-per-head", &[], 2021), 1.44);
    let a = &json["analysis"];
    assert_eq!(a["base-year"], 2021);
    let grades: BTreeMap<String, String> = a["pefa"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["pefa"].as_str().unwrap().to_string(),
                p["grade"].as_str().unwrap_or("none").to_string(),
            )
        })
        .collect();
    let expected: BTreeMap<String, String> = [
        ("PI-1", "A"),
        ("PI-2.1", "B"),
        ("PI-2.2", "B"),
        ("PI-3.1", "B"),
        ("PI-3.2", "A"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    assert_eq!(grades, expected);
    let retro = a["retrogressions"].as_array().unwrap();
    assert_eq!(retro.len(), 2);
    assert_eq!(retro[0]["right"], "adequate-housing");
    assert_eq!(
        retro[0]["justification"]["text"]["de"],
        "Die Wohnbeihilfe ging 2023 an das Land über."
    );
    assert_eq!(retro[1]["right"], "health");
    assert!(retro[1]["justification"].is_null());
    // provenance: the budget rows summed
    let executed = json["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["indicator"] == "budget-executed")
        .unwrap();
    // (an observation's `rows` span points into its result's `rows`, whose `file` indexes `files`)
    let span = &executed["series"][0]["observations"][0]["rows"];
    assert_eq!(
        span["end"].as_u64().unwrap() - span["start"].as_u64().unwrap(),
        1
    );
    let row = &executed["rows"][span["start"].as_u64().unwrap() as usize];
    let file = &json["files"][row["file"].as_u64().unwrap() as usize];
    assert_eq!(file["file"], "data/budget.csv");
    assert_eq!(
        (row["first"].as_u64(), row["last"].as_u64()),
        (Some(1), Some(3))
    );
    // the scorecard: the finance KPI is a budget indicator (96.95% >= 95%)
    let sc = &json["scorecards"][0];
    assert_eq!(sc["department"], "housing");
    assert_eq!(sc["status"]["light"], "on-track");
    let finance = &sc["perspectives"][1];
    assert_eq!(finance["perspective"], "finance");
    let kpi = &finance["goals"][0]["objectives"][0]["kpis"][0];
    assert_eq!(kpi["light"], "on-track");
    close(kpi["value"].as_f64(), 3050.0 * 100.0 / 3146.0);
    // files written atomically in the output folder
    for f in ["analysis.json", "indicators.json", "scorecards.json"] {
        assert!(root.join("out/budget").join(f).is_file(), "{f}");
    }
}

#[test]
fn budget_summary_for_the_terminal() {
    let (_tmp, root) = copy_fixture("budget/clean");
    let run = localis(&root, &["budget"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!("budget_summary", run.stdout);
}

#[test]
fn budget_outputs_are_byte_identical_whatever_the_threads() {
    let (_tmp, root) = copy_fixture("budget/clean");
    let read = |root: &Path| -> Vec<Vec<u8>> {
        ["analysis.json", "indicators.json", "scorecards.json"]
            .iter()
            .map(|f| std::fs::read(root.join("out/budget").join(f)).unwrap())
            .collect()
    };
    assert_eq!(localis(&root, &["budget", "-q"]).code, 0);
    let first = read(&root);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_localis"))
        .args(["budget", "-q"])
        .current_dir(&root)
        .env("RAYON_NUM_THREADS", "1")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(first, read(&root));
}

#[test]
fn budget_inputs_are_never_modified() {
    let (_tmp, root) = copy_fixture("budget/clean");
    let before: Vec<Vec<u8>> = ["localis.yaml", "data/budget.csv", "data/revenue.csv"]
        .iter()
        .map(|f| std::fs::read(root.join(f)).unwrap())
        .collect();
    localis(&root, &["budget", "-q"]);
    let after: Vec<Vec<u8>> = ["localis.yaml", "data/budget.csv", "data/revenue.csv"]
        .iter()
        .map(|f| std::fs::read(root.join(f)).unwrap())
        .collect();
    assert_eq!(before, after);
}

#[test]
fn budget_command_fails_on_bad_cells_but_computes_the_rest() {
    let (_tmp, root) = copy_fixture("budget/bad-cells");
    let run = localis(&root, &["budget", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON on stdout");
    // 2021 is whole: 1000 + 500
    close(value(&json, "budget-approved", &[], 2021), 1500.0);
    // 2022 has an unreadable approved amount: no total rather than a wrong one
    assert_eq!(value(&json, "budget-approved", &[], 2022), None);
}

#[test]
fn a_deflator_taken_from_an_indicator_is_analysed_once_after_evaluation() {
    let (_tmp, root) = copy_fixture("budget/clean");
    let yaml = root.join("localis.yaml");
    let text = std::fs::read_to_string(&yaml).unwrap();
    std::fs::write(
        &yaml,
        text.replace(
            "deflator: {dataset: cpi}",
            "deflator: {indicator: cpi-index}",
        ),
    )
    .unwrap();
    let indicators = root.join("indicators/city/indicators.yaml");
    let mut text = std::fs::read_to_string(&indicators).unwrap();
    text.push_str(
        "  - id: cpi-index\n    title: {en: Consumer prices, de: Verbraucherpreise}\n    computation:\n      value: {dataset: cpi}\n",
    );
    std::fs::write(&indicators, text).unwrap();
    // checking cannot evaluate: the budget is analysed without the indicator's values
    let check = localis(&root, &["check"]);
    assert!(
        check.stderr.contains("which has no values here"),
        "{}",
        check.stderr
    );
    // `budget` evaluates first: analysed once, with the values, and the warning is gone
    let run = localis(&root, &["budget", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        !run.stderr.contains("which has no values here"),
        "{}",
        run.stderr
    );
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON on stdout");
    // the same real amounts as with the deflator read from the dataset
    close(
        value(
            &json,
            "budget-approved-real-per-head",
            &[("Right", "adequate-housing")],
            2023,
        ),
        1.68,
    );
}
