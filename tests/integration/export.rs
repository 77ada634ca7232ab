//! `localis export`: SDMX-CSV columns and codes (snapshots of the fixture's export), the open-data bundle and refusals.

use std::path::Path;

use crate::common::{fixture, localis};

/// Exports the SDMX fixture into a temporary folder with the given formats.
fn export(formats: &str) -> (tempfile::TempDir, crate::common::Run) {
    let out = tempfile::tempdir().unwrap();
    let run = localis(
        &fixture("export/sdmx"),
        &[
            "export",
            "--format",
            formats,
            "--output",
            out.path().to_str().unwrap(),
        ],
    );
    (out, run)
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

#[test]
fn sdmx_csv_has_the_sdg_dimensions_and_codes() {
    let (out, run) = export("sdmx");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let data = read(&out.path().join("sdmx/data.csv"));
    let header = data.lines().next().unwrap();
    assert_eq!(
        header,
        "DATAFLOW,FREQ,SERIES,REF_AREA,SEX,AGE,URBANISATION,DISTRICT,TIME_PERIOD,OBS_VALUE,UNIT_MEASURE,OBS_STATUS,LOWER_BOUND,UPPER_BOUND,TIME_DETAIL,COMMENT_OBS"
    );
    let rows: Vec<Vec<String>> = csv::Reader::from_reader(data.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    let find = |series: &str, sex: &str, age: &str, urb: &str, year: &str| {
        rows.iter()
            .find(|r| r[2] == series && r[4] == sex && r[5] == age && r[6] == urb && r[8] == year)
            .unwrap_or_else(|| panic!("no row {series} {sex} {age} {urb} {year}"))
    };
    // Portuguese labels to SDG codes; 10,000 of 78,000 women = 12.82...%
    let women = find("POVERTY", "F", "_T", "_T", "2021");
    assert!(women[9].starts_with("12.8205"), "{women:?}");
    assert_eq!(women[10], "PT");
    assert!(
        !women[12].is_empty() && !women[13].is_empty(),
        "a 95% interval"
    );
    find("POVERTY", "_T", "Y15T24", "_T", "2021");
    find("POVERTY", "_T", "Y_GE65", "_T", "2021");
    find("POVERTY", "_T", "_T", "R", "2021");
    let estimated = find("HOMICIDES", "_T", "_T", "_T", "2018");
    assert_eq!(
        (&estimated[10][..], &estimated[11][..]),
        ("PER_100000_POP", "E")
    );
    let range = find("HOMICIDES", "_T", "_T", "_T", "2019");
    assert_eq!(range[14], "2019-20");
    assert_eq!(range[15], "two-year average, new boundaries");
    assert!(
        rows.iter().any(|r| r[3] == "3500105"),
        "rows of the second place"
    );
    insta::assert_snapshot!("sdmx_data_csv", data);
    insta::assert_snapshot!("sdmx_codes_csv", read(&out.path().join("sdmx/codes.csv")));
}

#[test]
fn sdmx_export_is_byte_identical_across_runs_and_threads() {
    let (a, run) = export("sdmx");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = tempfile::tempdir().unwrap();
    let one = std::process::Command::new(env!("CARGO_BIN_EXE_localis"))
        .args(["export", "--format", "sdmx", "--output"])
        .arg(out.path())
        .current_dir(fixture("export/sdmx"))
        .env("RAYON_NUM_THREADS", "1")
        .output()
        .unwrap();
    assert!(one.status.success());
    for f in ["data.csv", "codes.csv", "README.md"] {
        assert_eq!(
            read(&a.path().join("sdmx").join(f)),
            read(&out.path().join("sdmx").join(f)),
            "{f}"
        );
    }
}

#[test]
fn open_data_bundle_speaks_the_project_language() {
    let (out, run) = export("open-data");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let dir = out.path().join("open-data");
    assert_eq!(
        localis::interop::export::listing(&dir),
        [
            "README.md",
            "assessment.csv",
            "assessment.json",
            "indicators.csv",
            "indicators.json",
            "results.csv",
            "results.json",
            "sources.csv",
            "summary.csv",
            "targets.csv"
        ]
    );
    let readme = read(&dir.join("README.md"));
    assert!(
        readme.starts_with("# Indicadores de Rio Claro: dados abertos"),
        "{readme}"
    );
    let results = read(&dir.join("results.csv"));
    assert!(
        results.lines().next().unwrap().starts_with(
            "indicator,indicator_title,place,place_name,period,year,disaggregation,value,unit"
        ),
        "{results}"
    );
    assert!(
        results.contains(
            "homicides,Taxa de homicídios,3543907,Rio Claro,2018,2018,,14.2,\"per 100,000 population\",Estimated"
        ),
        "{results}"
    );
    let json: serde_json::Value = serde_json::from_str(&read(&dir.join("results.json"))).unwrap();
    assert!(json.is_object() || json.is_array());
}

#[test]
fn a_project_with_errors_exports_nothing() {
    let out = tempfile::tempdir().unwrap();
    let run = localis(
        &fixture("eval/check-errors"),
        &[
            "export",
            "--format",
            "sdmx,open-data",
            "--output",
            out.path().to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("nothing was exported"),
        "{}",
        run.stderr
    );
    assert!(localis::interop::export::listing(out.path()).is_empty());
}

#[test]
fn a_malformed_dataflow_is_refused_with_the_expected_form() {
    let (_, run) = {
        let out = tempfile::tempdir().unwrap();
        let run = localis(
            &fixture("export/sdmx"),
            &[
                "export",
                "--format",
                "sdmx",
                "--dataflow",
                "DF_SDG",
                "--output",
                out.path().to_str().unwrap(),
            ],
        );
        (out, run)
    };
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("write AGENCY:ID(VERSION)"),
        "{}",
        run.stderr
    );
}

/// Exports `project` into `out` with windows of `window` indicators and `SOURCE_DATE_EPOCH`
/// as given; returns the exit code and standard error.
fn export_windowed(project: &Path, out: &Path, window: &str, epoch: Option<&str>) -> (i32, String) {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_localis"));
    cmd.args([
        "export",
        "--format",
        "sdmx,open-data",
        "--window",
        window,
        "--output",
    ])
    .arg(out)
    .current_dir(project)
    .env("NO_COLOR", "1")
    .env_remove("RAYON_NUM_THREADS");
    match epoch {
        Some(e) => cmd.env("SOURCE_DATE_EPOCH", e),
        None => cmd.env_remove("SOURCE_DATE_EPOCH"),
    };
    let out = cmd.output().expect("failed to start localis");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn one_indicator_at_a_time_exports_the_same_bytes_as_one_window() {
    // the generated project's suppressions shared across indicators, place seen only by the
    // last indicators and reference year given by a later indicator make windows work
    let generated = tempfile::tempdir().unwrap();
    crate::windows::windowed_project(generated.path());
    let projects = [
        fixture("export/sdmx"),
        generated.path().to_path_buf(),
        fixture("assess/city"),
    ];
    for project in &projects {
        for epoch in [None, Some("1764000000")] {
            let whole = tempfile::tempdir().unwrap();
            let (code, stderr) = export_windowed(project, whole.path(), "100000", epoch);
            assert_eq!(code, 0, "{}: {stderr}", project.display());
            let one = tempfile::tempdir().unwrap();
            let (code_one, stderr_one) = export_windowed(project, one.path(), "1", epoch);
            assert_eq!(code_one, 0, "{}: {stderr_one}", project.display());
            // the same diagnostics (the paths written aside)
            assert_eq!(
                stderr.replace(whole.path().to_str().unwrap(), "OUT"),
                stderr_one.replace(one.path().to_str().unwrap(), "OUT"),
                "{}",
                project.display()
            );
            crate::common::assert_same_outputs(
                whole.path(),
                one.path(),
                &["sdmx/data.csv", "sdmx/codes.csv", "open-data/results.csv"],
                &format!("{} ({epoch:?})", project.display()),
            );
        }
    }
}

#[test]
fn data_errors_found_while_streaming_export_nothing() {
    // the data's errors come to light during the evaluation, after the first windows
    // were written to temporary files: none of them, nor their folders, stay
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("out");
    let run = localis(
        &fixture("eval/bad-cells"),
        &[
            "export",
            "--format",
            "sdmx,open-data",
            "--window",
            "1",
            "--output",
            target.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("error["), "{}", run.stderr);
    assert!(
        run.stderr.contains("nothing was exported"),
        "{}",
        run.stderr
    );
    assert!(
        !target.exists(),
        "{:?}",
        localis::interop::export::listing(out.path())
    );
}

#[test]
fn open_data_json_above_the_limit_is_left_out_and_said_so() {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("open-data");
    let run_with = |more: &[&str]| {
        let mut args = vec![
            "export",
            "--format",
            "open-data",
            "--output",
            out.path().to_str().unwrap(),
        ];
        args.extend_from_slice(more);
        localis(&fixture("export/sdmx"), &args)
    };
    // a first export, whole: its JSON files are in place
    let whole = run_with(&[]);
    assert_eq!(whole.code, 0, "{}", whole.stderr);
    let csv = read(&dir.join("results.csv"));
    assert!(dir.join("results.json").is_file() && dir.join("assessment.json").is_file());
    assert!(!whole.stderr.contains("not written"), "{}", whole.stderr);

    // the same under a limit both JSON files pass: left out, the earlier copies removed, the
    // CSV unchanged, the README and the command saying so
    let limited = run_with(&["--json-limit", "2000"]);
    assert_eq!(limited.code, 0, "{}", limited.stderr);
    assert!(!dir.join("results.json").exists(), "a stale results.json");
    assert!(
        !dir.join("assessment.json").exists(),
        "a stale assessment.json"
    );
    assert_eq!(read(&dir.join("results.csv")), csv);
    assert!(
        limited.stderr.contains("results.json and")
            && limited
                .stderr
                .contains("assessment.json not written: larger than 2000 bytes")
            && limited.stderr.contains("pass --json to write them"),
        "{}",
        limited.stderr
    );
    let readme = read(&dir.join("README.md"));
    assert!(!readme.contains("- `results.json`"), "{readme}");
    assert!(
        readme.contains(
            "`results.json` não foi incluído: teria mais de 2000 bytes. `results.csv` contém os mesmos valores"
        ),
        "{readme}"
    );
    assert!(
        readme.contains("`assessment.json` não foi incluído"),
        "{readme}"
    );
    // no temporary file is left behind
    let listing = localis::interop::export::listing(&dir);
    assert!(!listing.iter().any(|f| f.contains("tmp")), "{listing:?}");

    // --json writes them whatever the limit, the same bytes as the first export
    let asked = run_with(&["--json-limit", "2000", "--json"]);
    assert_eq!(asked.code, 0, "{}", asked.stderr);
    assert!(dir.join("results.json").is_file() && dir.join("assessment.json").is_file());
    assert!(!read(&dir.join("README.md")).contains("não foi incluído"));
}
