//! The accountability report, the department reports and the public version built by `localis report --template`.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{fixture, repo_root};

/// The date the demonstration's publications are dated (24 November 2025).
const EPOCH: &str = "1764000000";

/// Copies a project folder (only `items` of it) into a temporary folder, with `edit` applied
/// to the text of its `localis.yaml`.
fn copy_project(from: &Path, items: &[&str], edit: impl Fn(String) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for item in items {
        crate::common::copy_dir(&from.join(item), &dir.path().join(item));
    }
    let yaml = dir.path().join("localis.yaml");
    let text = std::fs::read_to_string(&yaml).unwrap();
    std::fs::write(&yaml, edit(text)).unwrap();
    dir
}

/// The demonstration project (without its own copy of the shipped templates).
fn demo_copy(edit: impl Fn(String) -> String) -> tempfile::TempDir {
    copy_project(&repo_root(), &["localis.yaml", "data", "indicators"], edit)
}

/// What `localis report` printed.
struct Report {
    ok: bool,
    stderr: String,
    stdout: String,
}

fn report(dir: &Path, template: &str, langs: &[&str], threads: Option<&str>) -> Report {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_localis"));
    cmd.args(["report", "--template", template])
        .arg(dir)
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .env_remove("RAYON_NUM_THREADS");
    for l in langs {
        cmd.args(["--lang", l]);
    }
    if let Some(t) = threads {
        cmd.env("RAYON_NUM_THREADS", t);
    }
    let out = cmd.output().expect("run localis report");
    Report {
        ok: out.status.success(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
    }
}

fn assert_clean(r: &Report) {
    assert!(r.ok, "{}{}", r.stdout, r.stderr);
    let all = format!("{}{}", r.stdout, r.stderr);
    assert!(
        !all.contains("warning") && !all.contains("error"),
        "expected no diagnostics:\n{all}"
    );
}

fn pdf(dir: &Path, file: &str) -> PathBuf {
    let p = dir.join("out/reports").join(file);
    assert!(p.is_file(), "{} was not written", p.display());
    p
}

/// The words of a PDF, as `pdftotext` extracts them, on one line.
fn words(path: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn pages(path: &Path) -> usize {
    let out = Command::new("pdfinfo").arg(path).output().unwrap();
    let info = String::from_utf8_lossy(&out.stdout).to_string();
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no page count in {info}"))
}

fn assert_contains(text: &str, expected: &[&str], what: &str) {
    for e in expected {
        assert!(text.contains(e), "{what}: `{e}` not found in:\n{text}");
    }
}

#[test]
fn the_demo_accountability_report_builds_without_warnings_and_gives_account() {
    let dir = demo_copy(|t| t);
    let r = report(dir.path(), "accountability", &["en"], None);
    assert_clean(&r);
    let path = pdf(dir.path(), "accountability-en.pdf");
    let n = pages(&path);
    assert!((20..=60).contains(&n), "{n} pages");
    let text = words(&path);
    assert_contains(
        &text,
        &[
            "Human rights in Vila Serena: the year 2025",
            // structural commitments, with the overdue one
            "Structural commitments in place",
            "LGBTQI+ Local Council in operation",
            "overdue since 2024",
            // process and outcome indicators by right
            "Efforts and results, right by right",
            "Right to adequate housing",
            // the budget by right, in real terms, with PEFA grades
            "The budget for human rights",
            "Spending by human right",
            "at 2015 prices",
            "PI-1",
            // both retrogressions: the unjustified one says so, the justified one quotes it
            "Retrogressions and their justifications",
            "No justification was given.",
            "The fiscal adjustment law of 2017 cut discretionary spending",
            "Municipal Secretariat of Finance, report to the council of 30 March 2018",
            // groups left behind and the scorecards
            "Groups left behind",
            "Morro Alto",
            "The departments' scorecards",
            "Social Assistance",
            // the city's commitments
            "What the city commits to next",
            "Install the LGBTQI+ Local Council",
        ],
        "accountability report",
    );
}

#[test]
fn the_demo_department_report_shows_the_scorecard_and_the_budget_used() {
    let dir = demo_copy(|t| t);
    let r = report(dir.path(), "department", &["en", "pt"], None);
    assert_clean(&r);
    // one report per department with a scorecard, in each language
    let en = pdf(dir.path(), "department-social-assistance-en.pdf");
    let pt = pdf(dir.path(), "department-social-assistance-pt.pdf");
    for p in [&en, &pt] {
        let n = pages(p);
        assert!((6..=40).contains(&n), "{n} pages in {}", p.display());
    }
    assert_contains(
        &words(&en),
        &[
            "Social Assistance: the year 2025",
            "Head of the department",
            // the four perspectives
            "Citizens",
            "Finance",
            "Administrative processes and organisation",
            "Employees",
            // a strategic goal, an outcome objective, a target and a KPI with their status
            "Nobody sleeps rough in Vila Serena",
            "Open a centre for people without a home",
            "Centre opened with 60 places",
            "Budget execution rate of the department",
            "Off track",
            "The budget the department used",
        ],
        "department report (en)",
    );
    assert_contains(
        &words(&pt),
        &["Assistência Social", "Cidadãos", "Finanças"],
        "department report (pt)",
    );
}

#[test]
fn the_public_version_is_short_and_plain_in_every_shipped_language() {
    let dir = demo_copy(|t| t);
    let langs = ["en", "pt", "es", "de", "fr"];
    let r = report(dir.path(), "public", &langs, None);
    assert_clean(&r);
    let expected: [(&str, &[&str]); 5] = [
        (
            "en",
            &[
                "How is Vila Serena doing on human rights?",
                "Where the money went",
                "The city gave no reason.",
                // a count is read out without the word "number"
                "7 in 2016, 19 in 2025",
            ],
        ),
        ("pt", &["Como Vila Serena está nos direitos humanos?"]),
        ("es", &["¿Cómo le va a Vila Serena en derechos humanos?"]),
        (
            "de",
            &["Wie steht es um die Menschenrechte in Vila Serena?"],
        ),
        ("fr", &["Où en est Vila Serena avec les droits humains ?"]),
    ];
    for (lang, texts) in expected {
        let path = pdf(dir.path(), &format!("public-{lang}.pdf"));
        let n = pages(&path);
        assert!((2..=4).contains(&n), "{lang}: {n} pages");
        let text = words(&path);
        assert_contains(&text, texts, lang);
        assert!(
            !text.contains("{{") && !text.contains("{%"),
            "{lang}: {text}"
        );
    }
}

#[test]
fn publications_are_the_same_bytes_whatever_the_number_of_threads() {
    let dir = demo_copy(|t| t);
    let mut first = Vec::new();
    for template in ["public", "department"] {
        assert_clean(&report(dir.path(), template, &["en"], None));
    }
    for file in ["public-en.pdf", "department-social-assistance-en.pdf"] {
        first.push(std::fs::read(pdf(dir.path(), file)).unwrap());
    }
    for template in ["public", "department"] {
        assert_clean(&report(dir.path(), template, &["en"], Some("1")));
    }
    for (file, bytes) in ["public-en.pdf", "department-social-assistance-en.pdf"]
        .iter()
        .zip(first)
    {
        assert!(
            std::fs::read(pdf(dir.path(), file)).unwrap() == bytes,
            "{file} differs with one thread"
        );
    }
}

#[test]
fn a_justification_with_typst_markup_is_printed_literally() {
    let markup = r#"Cut by #panic("injected") and *not bold* $x$ <label> @ref"#;
    let dir = demo_copy(|t| {
        let old =
            "The fiscal adjustment law of 2017 cut discretionary spending across all departments";
        assert!(t.contains(old));
        t.replace(old, markup)
    });
    let r = report(dir.path(), "accountability", &["en"], None);
    assert_clean(&r);
    let text = words(&pdf(dir.path(), "accountability-en.pdf"));
    assert!(text.contains(markup), "{text}");
}

#[test]
fn a_project_without_budget_or_scorecards_gets_the_publications_it_can_have() {
    let dir = copy_project(
        &fixture("report/small"),
        &["localis.yaml", "data", "indicators"],
        |t| t,
    );
    let r = report(dir.path(), "accountability", &["en"], None);
    assert_clean(&r);
    let text = words(&pdf(dir.path(), "accountability-en.pdf"));
    assert!(text.contains("Groups left behind"), "{text}");
    assert!(
        !text.contains("The budget for human rights"),
        "no budget chapter without a budget: {text}"
    );
    assert_clean(&report(dir.path(), "public", &["en"], None));
    // no scorecard, no department report: a warning says why
    let r = report(dir.path(), "department", &["en"], None);
    assert!(r.ok, "{}", r.stderr);
    assert!(r.stderr.contains("warning[no-scorecards]"), "{}", r.stderr);
    assert!(!dir.path().join("out/reports/department.pdf").exists());
}

#[test]
fn the_budget_joins_the_evaluation_so_its_indicators_are_assessed() {
    let out = tempfile::tempdir().unwrap();
    let run = crate::common::localis(
        &repo_root(),
        &["eval", "--output", &out.path().to_string_lossy()],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let csv = std::fs::read_to_string(out.path().join("assessment.csv")).unwrap();
    // the headline of the real allocation per inhabitant and of the share serving human rights
    for id in ["budget-approved-real-per-head", "budget-executed-share"] {
        let row = csv
            .lines()
            .find(|l| l.starts_with(&format!("{id},9900017,,open-sdg,")))
            .unwrap_or_else(|| panic!("no open-sdg headline row for {id}"));
        let status = row.split(',').nth(4).unwrap_or_default();
        assert!(!status.is_empty(), "{row}");
    }
    // the scorecards are judged on the same run
    let cards: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.path().join("budget/scorecards.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(cards[0]["department"], "social-assistance");
    assert!(cards[0]["status"]["light"].is_string(), "{cards}");
}
