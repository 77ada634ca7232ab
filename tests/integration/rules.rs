//! Issue 15, "every published sentence is true": one test per rule of the assessment and the
//! publications, on small fixtures under `tests/fixtures/assess/`, each with its expectation
//! worked out by hand in the comment above it.

use std::path::Path;

use localis::evaluate::Evaluation;

use crate::common::{fixture, localis};

/// Evaluates a fixture into a temporary folder: exit code, standard error and the results.
fn eval_fixture(name: &str) -> (i32, String, Evaluation, tempfile::TempDir) {
    let out = tempfile::tempdir().unwrap();
    let dir = fixture(&format!("assess/{name}"));
    let run = localis(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &["eval", dir.to_str().unwrap(), "--output", out.path().to_str().unwrap()],
    );
    let text = std::fs::read_to_string(out.path().join("results.json")).expect("results.json");
    let e: Evaluation = serde_json::from_str(&text).unwrap();
    (run.code, run.stderr, e, out)
}

/// The headline (year, value) of an indicator.
fn headline(e: &Evaluation, id: &str) -> Vec<(i32, Option<f64>)> {
    let r = e.get(id, "100").unwrap_or_else(|| panic!("no result for {id}"));
    r.headline()
        .unwrap()
        .observations
        .iter()
        .map(|o| (o.year, o.value))
        .collect()
}

/// Rule 6: (12 - 11) / (11 - 11) in 2020 is a division by zero: a warning at the indicator's
/// computation, and no value, while 2019 gives (12 - 11) / (11 - 10) = 1 and 2021 gives
/// (15 - 12) / (12 - 11) = 3.
#[test]
fn rule_6_non_finite_formula_results_are_warnings_at_the_indicator() {
    let (_, stderr, e, _out) = eval_fixture("bounds");
    assert!(
        stderr.contains("warning[non-finite-value]: indicator `price-change-ratio`: the computation gives no finite number in 1 periods (2020: infinite)"),
        "{stderr}"
    );
    assert!(stderr.contains("indicators/local/indicators.yaml:21:7"), "{stderr}");
    assert_eq!(
        headline(&e, "price-change-ratio"),
        vec![(2019, Some(1.0)), (2020, None), (2021, Some(3.0))]
    );
}

/// Rule 7: 120 vaccinated of 100 children (data row 2 = line 3) and -3 (line 4) are errors at
/// their rows, for the ratio declared a proportion and for the share alike; their values are
/// left out, so the series keeps 40% (2019) and 60% (2022) only, and the run exits 1.
#[test]
fn rule_7_proportions_out_of_bounds_are_errors_at_the_data_row() {
    let (code, stderr, e, _out) = eval_fixture("bounds");
    assert_eq!(code, 1, "{stderr}");
    for id in ["vaccinated-share", "vaccinated-part"] {
        assert!(
            stderr.contains(&format!("error[count-out-of-bounds]: indicator `{id}`: the part (120) is larger than the whole (100), so the proportion is above 100% in 2020")),
            "{stderr}"
        );
        assert!(
            stderr.contains(&format!("error[count-out-of-bounds]: indicator `{id}`: a count cannot be negative (numerator -3, denominator 100) in 2021")),
            "{stderr}"
        );
        assert_eq!(
            headline(&e, id),
            vec![(2019, Some(40.0)), (2020, None), (2021, None), (2022, Some(60.0))]
        );
    }
    assert!(stderr.contains("= at data/vaccinated.csv:3:1"), "{stderr}");
    assert!(stderr.contains("= at data/vaccinated.csv:4:1"), "{stderr}");
    assert_eq!(stderr.matches("error[count-out-of-bounds]").count(), 4);
}
