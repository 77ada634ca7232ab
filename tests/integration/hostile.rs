//! Hostile and broken input (issue 17): each case is a fixture folder copied to a temporary
//! folder, where the test writes the adversarial file (a 70,000-deep list, a billion-laughs
//! file, a workbook with a cell at XFD1048576, 100,000 repeated rows, a named pipe, links out
//! of the project); the exact diagnostics are reviewed snapshots. Nothing may abort, hang,
//! read outside the project, or leave a mix of two runs in the output folder.

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::common::{copy_fixture, localis};

/// Runs localis in `dir`; the exit code and standard error, with the temporary folder's path
/// written `<tmp>`. Prints the wall time (measured, never asserted).
fn run(tmp: &Path, dir: &Path, args: &[&str]) -> (i32, String) {
    let start = Instant::now();
    let r = localis(dir, args);
    eprintln!("localis {args:?}: {:.2} s", start.elapsed().as_secs_f64());
    let real = std::fs::canonicalize(tmp).unwrap();
    let text = r
        .stderr
        .replace(&real.display().to_string(), "<tmp>")
        .replace(&tmp.display().to_string(), "<tmp>");
    (r.code, text)
}

#[test]
fn yaml_nesting_aliases_and_duplicate_keys_are_short_errors() {
    let (tmp, dir) = copy_fixture("check/yaml-limits");
    let lib = dir.join("indicators/city");
    // 140 KB: a block list nested 70,000 levels deep (this overflowed the stack)
    std::fs::write(
        lib.join("deep-block.yaml"),
        format!("{}1\n", "- ".repeat(70_000)),
    )
    .unwrap();
    // flow style, 70,000 levels
    std::fs::write(
        lib.join("deep-flow.yaml"),
        format!("{}{}\n", "[".repeat(70_000), "]".repeat(70_000)),
    )
    .unwrap();
    // billion laughs: nine levels of nine aliases (this filled the memory)
    let mut laughs = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 9].join(", ");
        laughs.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    std::fs::write(lib.join("laughs.yaml"), laughs).unwrap();
    std::fs::write(
        lib.join("twice.yaml"),
        "indicators:\n  - id: t\n    title: T\n    unit: \"%\"\n    title: Again\n",
    )
    .unwrap();
    #[cfg(unix)]
    {
        // a named pipe among the library's files, and a link from the library to itself
        let made = std::process::Command::new("mkfifo")
            .arg(lib.join("pipe.yaml"))
            .status()
            .is_ok_and(|s| s.success());
        assert!(made, "mkfifo");
        std::os::unix::fs::symlink(&lib, lib.join("loop")).unwrap();
    }
    let (code, text) = run(tmp.path(), &dir, &["check"]);
    assert_eq!(code, 1, "{text}");
    assert!(text.len() < 4000, "no long line is echoed: {text}");
    insta::assert_snapshot!("hostile_yaml_limits", format!("exit: {code}\n{text}"));
}

#[test]
fn dataset_paths_are_confined_and_pipes_refused() {
    let (tmp, dir) = copy_fixture("check/dataset-paths");
    std::fs::write(tmp.path().join("outside.csv"), "Year,Value\n2020,1\n").unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("/etc/passwd", dir.join("data/link.csv")).unwrap();
        std::os::unix::fs::symlink("/etc/passwd", dir.join("data/g1.csv")).unwrap();
        // a link to the data folder inside it: walking the glob must not loop
        std::os::unix::fs::symlink(dir.join("data"), dir.join("data/loop")).unwrap();
        let made = std::process::Command::new("mkfifo")
            .arg(dir.join("data/pipe.csv"))
            .status()
            .is_ok_and(|s| s.success());
        assert!(made, "mkfifo");
        std::process::Command::new("mkfifo")
            .arg(dir.join("data/g2.csv"))
            .status()
            .unwrap();
    }
    let (code, text) = run(tmp.path(), &dir, &["check"]);
    assert_eq!(code, 1, "{text}");
    assert!(
        !text.contains("root:"),
        "nothing of /etc/passwd is shown: {text}"
    );
    insta::assert_snapshot!("hostile_dataset_paths", format!("exit: {code}\n{text}"));
    // eval stops after check, and returns: the pipe is never opened
    let (code, _) = run(tmp.path(), &dir, &["eval"]);
    assert_eq!(code, 1);
}

#[test]
fn data_roots_named_in_the_project_are_read_and_shown() {
    let (tmp, dir) = copy_fixture("check/data-roots");
    let shared = tmp.path().join("shared-data");
    std::fs::create_dir_all(&shared).unwrap();
    std::fs::write(shared.join("water.csv"), "Year,Value\n2020,1\n2021,2\n").unwrap();
    let (code, text) = run(tmp.path(), &dir, &["check"]);
    assert_eq!(code, 0, "{text}");
    insta::assert_snapshot!("hostile_data_roots", format!("exit: {code}\n{text}"));
    let (code, text) = run(tmp.path(), &dir, &["eval"]);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("2 observations"), "{text}");
}

/// A workbook of one sheet `Data` with the given cells (reference, inline text or number).
fn write_xlsx(path: &Path, cells: &[(&str, &str)]) {
    use std::io::Write;
    let mut rows: std::collections::BTreeMap<u32, String> = Default::default();
    for (reference, value) in cells {
        let row: u32 = reference
            .trim_start_matches(|c: char| c.is_ascii_alphabetic())
            .parse()
            .unwrap();
        let cell = match value.parse::<f64>() {
            Ok(_) => format!(r#"<c r="{reference}"><v>{value}</v></c>"#),
            Err(_) => format!(r#"<c r="{reference}" t="inlineStr"><is><t>{value}</t></is></c>"#),
        };
        rows.entry(row).or_default().push_str(&cell);
    }
    let sheet: String = rows
        .iter()
        .map(|(r, c)| format!(r#"<row r="{r}">{c}</row>"#))
        .collect();
    let ns = "http://schemas.openxmlformats.org";
    let files = [
        (
            "[Content_Types].xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{ns}/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#
            ),
        ),
        (
            "_rels/.rels",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{ns}/package/2006/relationships"><Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
            ),
        ),
        (
            "xl/workbook.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{ns}/spreadsheetml/2006/main" xmlns:r="{ns}/officeDocument/2006/relationships"><sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>"#
            ),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{ns}/package/2006/relationships"><Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#
            ),
        ),
        (
            "xl/worksheets/sheet1.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{ns}/spreadsheetml/2006/main"><dimension ref="A1:XFD1048576"/><sheetData>{sheet}</sheetData></worksheet>"#
            ),
        ),
    ];
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, text) in files {
        zip.start_file(name, options).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
}

#[test]
fn a_stray_cell_at_xfd1048576_is_a_warning_at_that_cell() {
    let (tmp, dir) = copy_fixture("eval/far-cell");
    std::fs::create_dir_all(dir.join("data")).unwrap();
    let book = dir.join("data/far.xlsx");
    write_xlsx(
        &book,
        &[
            ("A1", "Year"),
            ("B1", "Value"),
            ("A2", "2020"),
            ("B2", "5"),
            ("A3", "2021"),
            ("B3", "6"),
            ("XFD1048576", "1"),
        ],
    );
    eprintln!(
        "far.xlsx: {} bytes",
        std::fs::metadata(&book).unwrap().len()
    );
    let (code, text) = run(tmp.path(), &dir, &["check"]);
    assert_eq!(code, 0, "{text}");
    let (code, text) = run(tmp.path(), &dir, &["eval"]);
    assert_eq!(code, 0, "a warning: {text}");
    let text: String = text
        .lines()
        .filter(|l| !l.starts_with("wrote "))
        .collect::<Vec<_>>()
        .join("\n");
    insta::assert_snapshot!("hostile_far_cell", format!("exit: {code}\n{text}"));
}

#[test]
fn one_hundred_thousand_repeated_rows_give_one_diagnostic() {
    let (tmp, dir) = copy_fixture("eval/duplicate-rows");
    std::fs::create_dir_all(dir.join("data")).unwrap();
    let mut csv = String::from("Year,Value\n");
    for _ in 0..100_000 {
        csv.push_str("2020,5\n");
    }
    std::fs::write(dir.join("data/d.csv"), csv).unwrap();
    // the time is printed by `run` (quadratic before: over 2 minutes), never asserted
    let (code, text) = run(tmp.path(), &dir, &["eval"]);
    assert_eq!(code, 0, "{text}");
    let text: String = text
        .lines()
        .filter(|l| !l.starts_with("wrote "))
        .collect::<Vec<_>>()
        .join("\n");
    insta::assert_snapshot!("hostile_duplicate_rows", format!("exit: {code}\n{text}"));
}

/// A mutation of one file of a project: where, what.
#[derive(Debug, Clone)]
enum Mutation {
    /// Replace the byte at a position (taken modulo the length).
    Set(usize, u8),
    /// Insert a piece of text that YAML, CSV or number parsing treats specially.
    Insert(usize, &'static str),
    /// Delete up to `n` bytes.
    Delete(usize, usize),
    /// Repeat a stretch of up to `n` bytes `times` times.
    Repeat(usize, usize, usize),
}

/// Pieces that reach the corners of the readers: anchors and aliases, nesting, quotes,
/// tabs, control characters, BOMs, separators, numbers at the edges, non-UTF-8 bytes.
const PIECES: &[&str] = &[
    "&a ",
    "*a",
    "- ",
    "[",
    "]",
    "{",
    "}",
    ": ",
    "\"",
    "'",
    "\t",
    "\n",
    "\r\n",
    "\u{7}",
    "\u{feff}",
    "#",
    "|",
    ">",
    "!!",
    "---\n",
    ",",
    ";",
    "1e309",
    "-0",
    "1.234,5",
    "2015-16",
    "..",
    "NaN",
    "9999999999999999999",
    "\u{a0}",
    "é",
    "\\x07",
    "~",
    "null",
    "<<: *a",
];

fn mutation() -> impl proptest::strategy::Strategy<Value = Mutation> {
    use proptest::prelude::*;
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(p, b)| Mutation::Set(p, b)),
        (any::<usize>(), proptest::sample::select(PIECES))
            .prop_map(|(p, s)| Mutation::Insert(p, s)),
        (any::<usize>(), 1usize..40).prop_map(|(p, n)| Mutation::Delete(p, n)),
        (any::<usize>(), 1usize..30, 2usize..60).prop_map(|(p, n, t)| Mutation::Repeat(p, n, t)),
    ]
}

fn mutate(bytes: &mut Vec<u8>, m: &Mutation) {
    let at = |p: usize, len: usize| if len == 0 { 0 } else { p % (len + 1) };
    match *m {
        Mutation::Set(p, b) if !bytes.is_empty() => {
            let i = p % bytes.len();
            bytes[i] = b;
        }
        Mutation::Set(..) => {}
        Mutation::Insert(p, s) => {
            let i = at(p, bytes.len());
            bytes.splice(i..i, s.bytes());
        }
        Mutation::Delete(p, n) => {
            let i = at(p, bytes.len());
            let end = (i + n).min(bytes.len());
            bytes.drain(i..end);
        }
        Mutation::Repeat(p, n, times) => {
            let i = at(p, bytes.len());
            let end = (i + n).min(bytes.len());
            let piece = bytes[i..end].to_vec();
            for _ in 0..times {
                bytes.splice(end..end, piece.iter().copied());
            }
        }
    }
}

/// Loads, checks, evaluates and assesses a project in this process and renders its
/// diagnostics: any panic fails the property.
fn run_pipeline(dir: &Path) {
    let Ok(mut ws) = localis::load::load(dir) else {
        return;
    };
    let index = localis::pipeline::check_all(&mut ws);
    if !ws.diagnostics.has_errors() {
        let _ = localis::pipeline::evaluate_and_assess(&mut ws, &index);
    }
    let diagnostics = ws.diagnostics.sorted(&ws.sources);
    for d in &diagnostics {
        assert!(
            !d.message.is_empty(),
            "a diagnostic without a message: {d:?}"
        );
    }
    let _ = localis::diag::render(&ws.sources, &diagnostics);
    let _ = localis::diag::to_json(&ws.sources, &diagnostics);
}

#[test]
fn mutated_projects_never_panic() {
    use proptest::prelude::*;
    let seeds = ["check/clean", "eval/dialects"];
    // a few seconds by default; LOCALIS_MUTATIONS=N runs N cases (a longer fuzzing session)
    let cases: u32 = std::env::var("LOCALIS_MUTATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(64);
    let config = ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    let strategy = (
        0usize..seeds.len(),
        any::<usize>(),
        proptest::collection::vec(mutation(), 1..6),
    );
    proptest::test_runner::TestRunner::new(config)
        .run(&strategy, |(seed, file, mutations)| {
            let (_tmp, dir) = copy_fixture(seeds[seed]);
            let mut files = Vec::new();
            collect(&dir, &mut files);
            files.sort();
            let target = &files[file % files.len()];
            let mut bytes = std::fs::read(target).unwrap();
            for m in &mutations {
                mutate(&mut bytes, m);
            }
            std::fs::write(target, &bytes).unwrap();
            run_pipeline(&dir);
            Ok(())
        })
        .unwrap();
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        if e.path().is_dir() {
            collect(&e.path(), out);
        } else {
            out.push(e.path());
        }
    }
}
