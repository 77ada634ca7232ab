//! The `chart` command: every figure of a fixture project written as SVG with its text alternative and an index.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use crate::common::{fixture, localis};

/// Runs `localis chart <project> --output <out>` with a thread count; returns the exit code.
fn chart(project: &Path, out: &Path, threads: Option<&str>) -> i32 {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_localis"));
    cmd.args(["chart"])
        .arg(project)
        .arg("--output")
        .arg(out)
        .env("NO_COLOR", "1")
        // the listing's "as of" year must not follow a date set where the tests run
        .env_remove("SOURCE_DATE_EPOCH")
        .env_remove("RAYON_NUM_THREADS");
    if let Some(n) = threads {
        cmd.env("RAYON_NUM_THREADS", n);
    }
    cmd.output().unwrap().status.code().unwrap_or(-1)
}

/// Every file of the charts folder with its bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

fn index(dir: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(dir.join("charts.json")).unwrap()).unwrap()
}

#[test]
fn every_figure_is_written_with_its_text_alternative_and_indexed() {
    let out = tempfile::tempdir().unwrap();
    assert_eq!(chart(&fixture("assess/city"), out.path(), None), 0);
    let dir = out.path().join("charts");
    let index = index(&dir);
    let files = files(&dir);
    let charts = index["charts"].as_array().unwrap();
    // the listing: name, kind and text alternative of every figure (reviewed)
    let listing: Vec<String> = charts
        .iter()
        .map(|c| {
            format!(
                "{} [{}] {}",
                c["name"].as_str().unwrap(),
                c["kind"].as_str().unwrap(),
                c["alt"].as_str().unwrap()
            )
        })
        .collect();
    insta::assert_yaml_snapshot!("chart_command_listing", listing);
    // the summaries the results support: dashboards, ESCAP progress, milestones, rankings
    let kinds: Vec<&str> = charts.iter().map(|c| c["kind"].as_str().unwrap()).collect();
    for kind in [
        "time-series",
        "disaggregation",
        "gap",
        "dashboard",
        "progress",
        "milestones",
        "ranking",
    ] {
        assert!(kinds.contains(&kind), "no {kind} chart in {kinds:?}");
    }
    // each entry's SVG and text file exist; the SVG names the embedded family and carries the text
    for c in charts {
        let svg = String::from_utf8(files[c["svg"].as_str().unwrap()].clone()).unwrap();
        let alt = String::from_utf8(files[c["alt-file"].as_str().unwrap()].clone()).unwrap();
        assert_eq!(alt.trim_end(), c["alt"].as_str().unwrap());
        assert!(svg.starts_with("<svg"), "{}", c["name"]);
        assert!(svg.contains("font-family=\"Noto Sans\""), "{}", c["name"]);
        assert!(!svg.contains("sans-serif"), "{}", c["name"]);
    }
    assert_eq!(
        files.len(),
        charts.len() * 2 + 1,
        "only SVGs, their texts and the index"
    );
}

#[test]
fn the_text_alternative_of_an_indicator_states_its_latest_value_and_status() {
    let out = tempfile::tempdir().unwrap();
    assert_eq!(chart(&fixture("assess/city"), out.path(), None), 0);
    let dir = out.path().join("charts");
    // poverty: 24.0% in 2015, 21.0% in 2022 against 12.0% by 2030 (data/poverty.csv):
    // limited progress by the Open SDG method
    let alt = std::fs::read_to_string(dir.join("poverty.txt")).unwrap();
    assert!(alt.contains("21.0% in 2022"), "{alt}");
    assert!(alt.contains("limited progress"), "{alt}");
    assert!(alt.contains("12.0% by 2030"), "{alt}");
    let alt = std::fs::read_to_string(dir.join("femicide-rate.txt")).unwrap();
    assert!(
        alt.contains("28.57 in 2022") && alt.contains("deterioration"),
        "{alt}"
    );
}

#[test]
fn budget_charts_are_written_where_the_project_has_a_budget() {
    let out = tempfile::tempdir().unwrap();
    assert_eq!(chart(&fixture("budget/clean"), out.path(), None), 0);
    let dir = out.path().join("charts");
    for name in [
        "budget-by-right",
        "budget-by-sdg",
        "execution-by-right",
        "execution-by-sdg",
        "dashboard-bsc",
    ] {
        assert!(dir.join(format!("{name}.svg")).is_file(), "{name}.svg");
        assert!(dir.join(format!("{name}.txt")).is_file(), "{name}.txt");
    }
}

#[test]
fn the_same_project_gives_the_same_bytes_whatever_the_thread_count() {
    let one = tempfile::tempdir().unwrap();
    let many = tempfile::tempdir().unwrap();
    assert_eq!(chart(&fixture("assess/city"), one.path(), Some("1")), 0);
    assert_eq!(chart(&fixture("assess/city"), many.path(), Some("4")), 0);
    assert_eq!(
        files(&one.path().join("charts")),
        files(&many.path().join("charts"))
    );
}

#[test]
fn a_project_with_errors_writes_no_charts_and_exits_1() {
    let out = tempfile::tempdir().unwrap();
    let project = fixture("eval/check-errors");
    let run = localis(
        &project,
        &["chart", ".", "--output", out.path().to_str().unwrap()],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("error"), "{}", run.stderr);
    assert!(!out.path().join("charts").exists());
}

#[test]
fn a_language_without_chart_sentences_is_warned_of_and_written_in_english() {
    let out = tempfile::tempdir().unwrap();
    let project = fixture("assess/city");
    let run = localis(
        &project,
        &[
            "chart",
            ".",
            "--lang",
            "xx",
            "--output",
            out.path().to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("no chart sentences in `xx`"),
        "{}",
        run.stderr
    );
    let alt = std::fs::read_to_string(out.path().join("charts/poverty.txt")).unwrap();
    assert!(alt.contains("status: limited progress"), "{alt}");
}
