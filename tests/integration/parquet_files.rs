//! `localis eval --parquet`: results and assessment as one Parquet file per indicator, read back with the parquet crate row for row as results.csv and assessment.csv hold them, in the same bytes whatever the window or thread count, and never left from an earlier run.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::Field;

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// Runs `localis eval --parquet` into `out` with `extra` arguments; returns the exit code and
/// standard error.
fn eval(project: &Path, out: &Path, extra: &[&str], threads: Option<&str>) -> (i32, String) {
    crate::common::eval_into(project, out, extra, |cmd| {
        cmd.env("SOURCE_DATE_EPOCH", "1764000000");
        match threads {
            Some(n) => cmd.env("RAYON_NUM_THREADS", n),
            None => cmd.env_remove("RAYON_NUM_THREADS"),
        };
    })
}

/// A CSV file's rows (header left out), by their first column (the indicator), in file order.
fn csv_rows(path: &Path) -> BTreeMap<String, Vec<Vec<String>>> {
    let mut out: BTreeMap<String, Vec<Vec<String>>> = BTreeMap::new();
    let mut reader = csv::Reader::from_path(path).unwrap();
    for record in reader.records() {
        let row: Vec<String> = record.unwrap().iter().map(str::to_string).collect();
        out.entry(row[0].clone()).or_default().push(row);
    }
    out
}

/// The rows of the Parquet files of a table (`results` or `assessment`) as CSV cells, by
/// indicator; `number` writes a double as the CSV does. Checks that each file's folder names
/// its rows' indicator, and returns the column names.
fn parquet_rows(
    out: &Path,
    table: &str,
    number: fn(f64) -> String,
) -> (Vec<String>, BTreeMap<String, Vec<Vec<String>>>) {
    let mut columns = Vec::new();
    let mut rows: BTreeMap<String, Vec<Vec<String>>> = BTreeMap::new();
    for rel in crate::common::files_under(&out.join(table), ".parquet").keys() {
        let (folder, file) = rel.split_once('/').unwrap();
        assert_eq!(file, "part-0.parquet");
        let indicator = folder.strip_prefix("indicator=").unwrap();
        let reader =
            SerializedFileReader::new(std::fs::File::open(out.join(table).join(rel)).unwrap())
                .unwrap();
        let created_by = reader.metadata().file_metadata().created_by().unwrap();
        assert!(created_by.starts_with("parquet-rs version"), "{created_by}");
        let mut count = 0;
        for row in reader.get_row_iter(None).unwrap() {
            let row = row.unwrap();
            columns = row.get_column_iter().map(|(n, _)| n.clone()).collect();
            let cells: Vec<String> = row
                .get_column_iter()
                .map(|(_, f)| match f {
                    Field::Null => String::new(),
                    Field::Str(s) => s.clone(),
                    Field::Double(v) => number(*v),
                    Field::Int(v) => v.to_string(),
                    Field::Bool(v) => v.to_string(),
                    other => panic!("unexpected Parquet value {other:?}"),
                })
                .collect();
            assert_eq!(cells[0], indicator, "{rel}");
            rows.entry(indicator.to_string()).or_default().push(cells);
            count += 1;
        }
        assert!(count > 0, "{rel} has no rows");
    }
    (columns, rows)
}

#[test]
fn parquet_holds_every_row_of_the_csv_files() {
    let projects = [
        repo("tests/fixtures/assess/city"),
        repo("tests/fixtures/eval/project"),
        // budget and scorecards: assessed in one window
        repo("tests/fixtures/budget/clean"),
    ];
    for project in &projects {
        let out = tempfile::tempdir().unwrap();
        let (code, stderr) = eval(project, out.path(), &["--parquet"], None);
        assert!(code <= 1, "{}: {stderr}", project.display());
        assert!(
            stderr.contains("results/*.parquet (") && stderr.contains("assessment/*.parquet ("),
            "{stderr}"
        );
        let (columns, parquet) = parquet_rows(
            out.path(),
            "results",
            localis::output::results::format_number,
        );
        assert_eq!(columns, localis::output::results::CSV_COLUMNS);
        let csv = csv_rows(&out.path().join("results.csv"));
        assert!(!csv.is_empty(), "{}", project.display());
        assert_eq!(parquet, csv, "{}: results", project.display());
        let (columns, parquet) = parquet_rows(out.path(), "assessment", |v| v.to_string());
        let header: Vec<String> = csv::Reader::from_path(out.path().join("assessment.csv"))
            .unwrap()
            .headers()
            .unwrap()
            .iter()
            .map(str::to_string)
            .collect();
        assert_eq!(columns, header);
        let csv = csv_rows(&out.path().join("assessment.csv"));
        assert_eq!(parquet, csv, "{}: assessment", project.display());
    }
}

#[test]
fn parquet_bytes_depend_on_the_inputs_alone() {
    let generated = tempfile::tempdir().unwrap();
    crate::windows::windowed_project(generated.path());
    for project in [
        generated.path().to_path_buf(),
        repo("tests/fixtures/assess/city"),
    ] {
        let whole = tempfile::tempdir().unwrap();
        let (code, stderr) = eval(
            &project,
            whole.path(),
            &["--parquet", "--window", "100000"],
            None,
        );
        assert!(code <= 1, "{stderr}");
        let a = crate::common::files_under(whole.path(), ".parquet");
        assert!(a.len() >= 4, "{a:?}");
        // windows of one indicator, one thread
        let one = tempfile::tempdir().unwrap();
        let (code, stderr) = eval(
            &project,
            one.path(),
            &["--parquet", "--window", "1"],
            Some("1"),
        );
        assert!(code <= 1, "{stderr}");
        let b = crate::common::files_under(one.path(), ".parquet");
        assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
        for (name, bytes) in &a {
            assert!(*bytes == b[name], "{name} differs between windows");
        }
        // the same run again, default window
        let again = tempfile::tempdir().unwrap();
        let (code, stderr) = eval(&project, again.path(), &["--parquet"], None);
        assert!(code <= 1, "{stderr}");
        assert!(
            crate::common::files_under(again.path(), ".parquet") == a,
            "a second run differs"
        );
    }
}

#[test]
fn parquet_of_an_earlier_run_never_stays() {
    let project = repo("tests/fixtures/assess/city");
    let out = tempfile::tempdir().unwrap();
    // an indicator the project no longer has, and a file that is not localis's
    let gone = out.path().join("results/indicator=gone/part-0.parquet");
    std::fs::create_dir_all(gone.parent().unwrap()).unwrap();
    std::fs::write(&gone, b"PAR1").unwrap();
    std::fs::write(out.path().join("results/notes.txt"), b"mine").unwrap();
    let (code, stderr) = eval(&project, out.path(), &["--parquet"], None);
    assert_eq!(code, 0, "{stderr}");
    assert!(!gone.exists() && !gone.parent().unwrap().exists());
    let written = crate::common::files_under(out.path(), ".parquet");
    assert!(
        written
            .keys()
            .any(|k| k.starts_with("assessment/indicator="))
    );
    // a run without --parquet leaves none behind its CSV
    let (code, stderr) = eval(&project, out.path(), &[], None);
    assert_eq!(code, 0, "{stderr}");
    assert!(crate::common::files_under(out.path(), ".parquet").is_empty());
    assert!(!out.path().join("assessment").exists());
    assert_eq!(
        std::fs::read(out.path().join("results/notes.txt")).unwrap(),
        b"mine"
    );
}

#[test]
fn parquet_replaces_csv_when_the_data_pass_the_limit() {
    let project = repo("tests/fixtures/assess/city");
    let out = tempfile::tempdir().unwrap();
    // the same rows as CSV first, from a run under the limit
    let (code, stderr) = eval(&project, out.path(), &["--parquet"], None);
    assert_eq!(code, 0, "{stderr}");
    let csv = csv_rows(&out.path().join("results.csv"));
    let assessment = csv_rows(&out.path().join("assessment.csv"));
    let targets = std::fs::read(out.path().join("targets.csv")).unwrap();
    // data files of more than 1 byte: Parquet instead of CSV, and no CSV of the earlier run stays
    let (code, stderr) = eval(&project, out.path(), &["--csv-limit", "1"], None);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains(
            "note: results.csv and assessment.csv not written: the project's data files of values hold"
        ) && stderr.contains("(more than 1 bytes)")
            && stderr.contains("pass --csv"),
        "{stderr}"
    );
    assert!(!out.path().join("results.csv").exists());
    assert!(!out.path().join("assessment.csv").exists());
    let (_, parquet) = parquet_rows(
        out.path(),
        "results",
        localis::output::results::format_number,
    );
    assert_eq!(parquet, csv);
    let (_, parquet) = parquet_rows(out.path(), "assessment", |v| v.to_string());
    assert_eq!(parquet, assessment);
    // the small tables stay CSV
    assert_eq!(
        std::fs::read(out.path().join("targets.csv")).unwrap(),
        targets
    );
    assert!(out.path().join("summary.csv").is_file());
    // --csv writes both
    let (code, stderr) = eval(&project, out.path(), &["--csv-limit", "1", "--csv"], None);
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("not written"), "{stderr}");
    assert_eq!(csv_rows(&out.path().join("results.csv")), csv);
    assert!(!crate::common::files_under(out.path(), ".parquet").is_empty());
}

#[test]
fn record_level_data_never_count_toward_the_csv_limit() {
    let project = repo("tests/fixtures/eval/project");
    let size = |name: &str| {
        std::fs::metadata(project.join("data").join(name))
            .unwrap()
            .len()
    };
    // the tables of values; complaints.csv holds records, places.csv the places
    let values: u64 = [
        "budget.xlsx",
        "indicator_11-1-1.csv",
        "indicator_5-5-1.csv",
        "population.csv",
    ]
    .iter()
    .map(|f| size(f))
    .sum();
    assert!(size("complaints.csv") > 0);
    let out = tempfile::tempdir().unwrap();
    let limit = values.to_string();
    let (code, stderr) = eval(&project, out.path(), &["--csv-limit", &limit], None);
    assert!(code <= 1, "{stderr}");
    assert!(out.path().join("results.csv").is_file(), "{stderr}");
    assert!(crate::common::files_under(out.path(), ".parquet").is_empty());
    let limit = (values - 1).to_string();
    let (code, stderr) = eval(&project, out.path(), &["--csv-limit", &limit], None);
    assert!(code <= 1, "{stderr}");
    assert!(!out.path().join("results.csv").exists(), "{stderr}");
    assert!(stderr.contains(&format!("hold {values} bytes")), "{stderr}");
}
