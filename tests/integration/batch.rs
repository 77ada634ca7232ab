//! Batch and long-run tests: progress output under a pipe, `--quiet`, `localis watch` and `report --each-place`.

use std::path::{Path, PathBuf};

use crate::common::{copy_dir, fixture, localis, localis_with};

#[test]
fn progress_is_silent_under_a_pipe_and_quiet_silences_summaries() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture("eval/project"), dir.path());
    let out = dir.path().join("out-test");
    let out = out.to_str().unwrap();
    let run = localis(dir.path(), &["eval", "--output", out]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("evaluated "), "{}", run.stderr);
    assert!(
        !run.stderr.contains('\u{1b}') && !run.stderr.contains('\r'),
        "escape codes under a pipe: {:?}",
        run.stderr
    );
    let quiet = localis(dir.path(), &["--quiet", "eval", "--output", out]);
    assert_eq!(quiet.code, 0, "{}", quiet.stderr);
    assert_eq!(quiet.stderr, "", "--quiet printed something");
    assert!(Path::new(out).join("results.json").is_file());
    let verbose_and_quiet = localis(dir.path(), &["--quiet", "--verbose", "eval"]);
    assert_eq!(verbose_and_quiet.code, 2, "clap rejects both flags");
}

/// Reads the child's standard error line by line into a channel.
fn stderr_lines(child: &mut std::process::Child) -> std::sync::mpsc::Receiver<String> {
    use std::io::BufRead;
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

/// Waits (generously) for a line containing `needle`, returning every line seen.
fn wait_for(rx: &std::sync::mpsc::Receiver<String>, needle: &str, seen: &mut Vec<String>) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    while std::time::Instant::now() < deadline {
        if let Ok(line) = rx.recv_timeout(std::time::Duration::from_millis(200)) {
            let found = line.contains(needle);
            seen.push(line);
            if found {
                return;
            }
        }
    }
    panic!("no line with {needle:?}; saw {seen:#?}");
}

/// Kills the child when the test ends, passed or failed.
struct KillOnDrop(std::process::Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A running `localis watch <project> <args>` (killed when dropped) with its standard error
/// line by line, and the lines it printed up to `watching` (its first build's).
fn watch_until_ready(
    project: &Path,
    args: &[&str],
    env: &[(&str, &str)],
) -> (KillOnDrop, std::sync::mpsc::Receiver<String>, Vec<String>) {
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_localis"))
        .arg("watch")
        .arg(project)
        .args(args)
        .envs(env.iter().copied())
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut child = KillOnDrop(child);
    let rx = stderr_lines(&mut child.0);
    let mut seen = Vec::new();
    wait_for(&rx, "watching", &mut seen);
    (child, rx, seen)
}

/// A copy of the eval fixture project with a template file of its own, `file` (under the
/// project) holding `contents`; returns the project and the file's path.
fn project_with_template_file(file: &str, contents: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture("eval/project"), dir.path());
    let path = dir.path().join(file);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, contents).unwrap();
    (dir, path)
}

#[test]
fn watch_rebuilds_the_report_when_a_template_changes() {
    // the project's own copy of a template part, as a template author would edit it
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("report-templates/common/style.typ");
    let (dir, part) = project_with_template_file(
        "report-templates/common/style.typ",
        &std::fs::read(shipped).unwrap(),
    );
    let (_watching, rx, mut seen) = watch_until_ready(dir.path(), &[], &[]);
    // the preview first, then the tagged PDF that replaces it
    let preview = seen.iter().position(|l| l.starts_with("preview in"));
    let built = seen.iter().position(|l| l.starts_with("built in"));
    assert!(
        preview.is_some() && built.is_some() && preview < built,
        "{seen:#?}"
    );
    assert!(seen[preview.unwrap()].contains("untagged"), "{seen:#?}");
    let pdf = dir.path().join("out/reports/vlr.pdf");
    let first = std::fs::read(&pdf).unwrap();
    assert!(first.starts_with(b"%PDF"));
    assert_eq!(
        crate::report::pdfinfo_field(&first, "Tagged").as_deref(),
        Some("yes"),
        "the PDF left in place is the tagged one"
    );
    std::fs::remove_file(&pdf).unwrap();

    // a markup edit: typeset again from the kept data
    let mut style = std::fs::read_to_string(&part).unwrap();
    style.push_str("\n// edited while watching\n");
    std::fs::write(&part, &style).unwrap();
    wait_for(&rx, "rebuilt (markup changed", &mut seen);
    let second = std::fs::read(&pdf).unwrap();
    assert!(second.starts_with(b"%PDF"));
    assert_eq!(first, second, "a comment changes no byte of the PDF");

    // a data edit: checked, evaluated and typeset again from the YAML as loaded before
    let places = dir.path().join("data/places.csv");
    let mut text = std::fs::read_to_string(&places).unwrap();
    text.push('\n');
    std::fs::write(&places, text).unwrap();
    wait_for(&rx, "rebuilt (data changed", &mut seen);
    assert!(pdf.is_file());

    // a YAML edit: loaded again
    let yaml = dir.path().join("localis.yaml");
    let mut text = std::fs::read_to_string(&yaml).unwrap();
    text.push_str("\n# edited while watching\n");
    std::fs::write(&yaml, text).unwrap();
    wait_for(&rx, "rebuilt (project changed", &mut seen);
}

#[test]
fn watch_after_a_data_edit_writes_what_report_writes_from_scratch() {
    // the data edit reuses the YAML loaded before; its PDF must be the one a fresh run writes
    let watched = tempfile::tempdir().unwrap();
    copy_dir(&fixture("eval/project"), watched.path());
    let epoch = [("SOURCE_DATE_EPOCH", "1764000000")];
    let (_watching, rx, mut seen) =
        watch_until_ready(watched.path(), &["--template", "vlr"], &epoch);
    let pdf = watched.path().join("out/reports/vlr.pdf");
    let before = std::fs::read(&pdf).unwrap();
    let data = watched.path().join("data/indicator_11-1-1.csv");
    let text = std::fs::read_to_string(&data).unwrap();
    let edited = text.replacen("2015,,,,households,,120", "2015,,,,households,,125", 1);
    assert_ne!(edited, text, "the fixture holds the value edited");
    std::fs::write(&data, edited).unwrap();
    wait_for(&rx, "rebuilt (data changed", &mut seen);
    let after = std::fs::read(&pdf).unwrap();
    assert_ne!(before, after, "the edited value reached the PDF");

    let reported = tempfile::tempdir().unwrap();
    copy_dir(watched.path(), reported.path());
    std::fs::remove_dir_all(reported.path().join("out")).unwrap();
    let run = localis_with(reported.path(), &["report", "--template", "vlr"], |c| {
        c.envs(epoch);
    });
    assert_eq!(run.code, 0, "{}", run.stderr);
    let fresh = std::fs::read(reported.path().join("out/reports/vlr.pdf")).unwrap();
    assert!(
        after == fresh,
        "watch after a data edit and a fresh report differ"
    );

    // a dataset broken, then mended: the build in between fails on the data, and the mend
    // still reuses the YAML loaded before
    let good = std::fs::read_to_string(&data).unwrap();
    std::fs::write(&data, good.replacen("Value", "Valu", 1)).unwrap();
    wait_for(&rx, "rebuilt (data changed", &mut seen);
    assert!(
        seen.iter().any(|l| l.contains("value column")),
        "the broken dataset is reported: {seen:#?}"
    );
    std::fs::write(&data, good).unwrap();
    wait_for(&rx, "rebuilt (data changed", &mut seen);
    assert!(std::fs::read(&pdf).unwrap() == fresh, "{seen:#?}");
}

#[test]
fn watch_leaves_no_preview_in_place_of_a_tagged_pdf_that_failed() {
    // a template without a document title: its preview exports, its PDF/UA-1 export does not
    let (dir, _) = project_with_template_file(
        "report-templates/vlr/main.typ",
        b"#set text(lang: \"en\")\n= Heading\nHello\n",
    );
    let (_watching, _rx, seen) = watch_until_ready(dir.path(), &["--template", "vlr"], &[]);
    assert!(
        seen.iter().any(|l| l.starts_with("preview in")),
        "the preview was written: {seen:#?}"
    );
    assert!(
        seen.iter().any(|l| l.contains("missing document title")),
        "{seen:#?}"
    );
    assert!(
        seen.iter()
            .any(|l| l.starts_with("built in") && l.contains("no report written")),
        "{seen:#?}"
    );
    assert!(
        !dir.path().join("out/reports/vlr.pdf").exists(),
        "the untagged preview was left in place"
    );
}

#[test]
fn watch_builds_two_reports_of_one_template_each_from_its_own_entry() {
    // the same template twice, a local review and a subnational one: each keeps its own title
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture("eval/project"), dir.path());
    let yaml = dir.path().join("localis.yaml");
    let mut text = std::fs::read_to_string(&yaml).unwrap();
    text.push_str(
        "reports:\n  - {template: vlr, file: local}\n  - {template: vlr, file: subnational, kind: voluntary-subnational-review}\n",
    );
    std::fs::write(&yaml, text).unwrap();
    let (_watching, _rx, seen) = watch_until_ready(dir.path(), &[], &[]);
    let text = |name: &str| {
        let path = dir.path().join(format!("out/reports/{name}.pdf"));
        let out = std::process::Command::new("pdftotext")
            .args(["-enc", "UTF-8", "-l", "1"])
            .arg(&path)
            .arg("-")
            .output()
            .unwrap();
        assert!(out.status.success(), "{seen:#?}");
        // the cover sets the kind in spaced capitals: compare the letters alone
        String::from_utf8(out.stdout)
            .unwrap()
            .split_whitespace()
            .collect::<String>()
            .to_uppercase()
    };
    let (local, subnational) = (text("local"), text("subnational"));
    assert!(local.contains("VOLUNTARYLOCALREVIEW"), "{local}");
    assert!(!local.contains("SUBNATIONAL"), "{local}");
    assert!(
        subnational.contains("VOLUNTARYSUBNATIONALREVIEW"),
        "{subnational}"
    );
}

#[test]
fn watch_builds_the_same_publications_as_report() {
    // a project with a budget and scorecards: watch runs the same stages as `localis report`
    // (the budget joins the evaluation before the assessment) and builds the publications too
    let watched = tempfile::tempdir().unwrap();
    let reported = tempfile::tempdir().unwrap();
    for dir in [&watched, &reported] {
        copy_dir(&fixture("budget/clean"), dir.path());
    }
    let epoch = "1764000000";
    let args = ["--lang", "en", "--template"];
    for template in ["vlr", "accountability"] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_localis"))
            .arg("report")
            .arg(reported.path())
            .args(args)
            .arg(template)
            .env("SOURCE_DATE_EPOCH", epoch)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    for template in ["vlr", "accountability"] {
        let mut watch_args = args.to_vec();
        watch_args.push(template);
        let (_watching, _rx, seen) =
            watch_until_ready(watched.path(), &watch_args, &[("SOURCE_DATE_EPOCH", epoch)]);
        assert!(seen.iter().any(|l| l.starts_with("built in")), "{seen:#?}");
        let file = format!("out/reports/{template}-en.pdf");
        let from_watch = std::fs::read(watched.path().join(&file)).unwrap();
        let from_report = std::fs::read(reported.path().join(&file)).unwrap();
        assert!(
            from_watch == from_report,
            "{template}: watch and report differ"
        );
    }
}

/// The text of a PDF file in reading layout, as `pdftotext -layout` extracts it.
fn pdf_layout_text(path: &Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8", "-layout"])
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

/// The line of an indicator's row (its title starts the line; ids are never printed), with
/// runs of spaces as one.
fn row(text: &str, title: &str) -> String {
    let line = text
        .lines()
        .find(|l| l.trim_start().starts_with(title) && l.contains(" of "))
        .unwrap_or_else(|| panic!("no row {title} in\n{text}"));
    line.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn each_place_writes_one_pdf_per_place_with_ranks_across_places() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture("assess/city"), dir.path());
    let run = localis(dir.path(), &["report", "--each-place"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("wrote 3 reports of 3 places"),
        "{}",
        run.stderr
    );
    let folder = dir.path().join("out/places");
    let mut files: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(files, ["0001.pdf", "0002.pdf", "0003.pdf"]);
    let texts: Vec<String> = files
        .iter()
        .map(|f| pdf_layout_text(&folder.join(f)))
        .collect();
    assert!(texts[0].contains("Testville") && texts[1].contains("Northtown"));

    // poverty (lower is better): Southport 11% < Testville 21% < Northtown 29%
    assert!(
        row(&texts[2], "Population below the municipal poverty line").ends_with("100 1 of 3"),
        "{}",
        texts[2]
    );
    assert!(row(&texts[0], "Population below the municipal poverty line").contains(" 2 of 3"));
    assert!(row(&texts[1], "Population below the municipal poverty line").ends_with("0 3 of 3"));

    // every rank agrees with the distance-to-target scores of the whole-run assessment
    let eval = localis(dir.path(), &["-q", "eval"]);
    assert_eq!(eval.code, 0, "{}", eval.stderr);
    let assessment: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("out/assessment.json")).unwrap(),
    )
    .unwrap();
    let mut scores: std::collections::BTreeMap<String, Vec<(String, f64)>> = Default::default();
    for r in assessment["results"].as_array().unwrap() {
        if let Some(s) = r["distance-to-target"]["score"].as_f64() {
            scores
                .entry(r["indicator"].as_str().unwrap().to_string())
                .or_default()
                .push((r["place"].as_str().unwrap().to_string(), s));
        }
    }
    assert!(scores.len() >= 3, "the fixture scores several indicators");
    let ws = localis::load::load(dir.path()).unwrap();
    let title = |id: &str| {
        ws.active
            .iter()
            .find(|a| a.indicator.id == id)
            .map(|a| a.indicator.title.get("en").to_string())
            .unwrap()
    };
    for (id, places) in &scores {
        for (place, s) in places {
            let rank = 1 + places.iter().filter(|(_, o)| o > s).count();
            let text = &texts[files
                .iter()
                .position(|f| f == &format!("{place}.pdf"))
                .unwrap()];
            let line = row(text, &title(id));
            assert!(
                line.ends_with(&format!("{rank} of {}", places.len())),
                "{id} in {place}: expected rank {rank} in {line:?}"
            );
        }
    }

    // streaming one place at a time gives the same PDFs
    let first: Vec<Vec<u8>> = files
        .iter()
        .map(|f| std::fs::read(folder.join(f)).unwrap())
        .collect();
    let run = localis(dir.path(), &["report", "--each-place", "--chunk", "1"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for (f, bytes) in files.iter().zip(&first) {
        assert_eq!(&std::fs::read(folder.join(f)).unwrap(), bytes, "{f}");
    }
}

/// The entries of a folder whose names start with `.localis-` (temporaries and spills).
fn temporaries(folder: &Path) -> Vec<String> {
    std::fs::read_dir(folder)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with(".localis-"))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn each_place_in_several_chunks_gives_the_same_pdfs_and_leaves_no_spill() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture("assess/city"), dir.path());
    let out = dir.path().join("out");
    let folder = out.join("places");
    let pdfs = || -> Vec<(String, Vec<u8>)> {
        let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&folder)
            .unwrap()
            .flatten()
            .map(|e| {
                (
                    e.file_name().to_string_lossy().into_owned(),
                    std::fs::read(e.path()).unwrap(),
                )
            })
            .collect();
        files.sort();
        files
    };
    // one chunk (the default holds 250 places), then chunks of 2 (the project's own place,
    // 0001, in the first) and of 1
    let run = localis(dir.path(), &["report", "--each-place"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let whole = pdfs();
    assert_eq!(whole.len(), 3);
    assert!(temporaries(&out).is_empty(), "{:?}", temporaries(&out));
    for chunk in ["2", "1"] {
        let run = localis(dir.path(), &["report", "--each-place", "--chunk", chunk]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(
            run.stderr.contains("wrote 3 reports of 3 places"),
            "{}",
            run.stderr
        );
        assert!(pdfs() == whole, "--chunk {chunk} gives other PDFs");
        assert!(temporaries(&out).is_empty(), "{:?}", temporaries(&out));
        assert!(
            temporaries(&folder).is_empty(),
            "{:?}",
            temporaries(&folder)
        );
    }
}

#[test]
fn each_place_reports_data_errors_once_and_spill_failures_plainly() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture("assess/city"), dir.path());
    std::fs::write(
        dir.path().join("data/employment.csv"),
        "Year,GeoCode,Sex,Value\n2015,0001,,60\n2015,0002,,abc\n",
    )
    .unwrap();
    // the data are read once, whatever the chunks: the problem is reported once, at its cell
    let run = localis(dir.path(), &["report", "--each-place", "--chunk", "1"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        run.stderr.matches("error[bad-number]").count(),
        1,
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("data/employment.csv:3:12"),
        "{}",
        run.stderr
    );
    assert!(temporaries(&dir.path().join("out")).is_empty());

    // an output folder that cannot be created: a plain error, no panic
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture("assess/city"), dir.path());
    std::fs::write(dir.path().join("out"), "not a folder").unwrap();
    // (several chunks: a single one stays in memory)
    let run = localis(dir.path(), &["report", "--each-place", "--chunk", "2"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("failed to write the intermediate results of places to ./out ("),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}
