//! Report tests: the VLR template typeset from fixture projects and results, checked in the PDF's text.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use localis::diag::{Diagnostics, Sources};
use localis::evaluate::Evaluation;
use localis::model::{PdfStandard, ProgressMethod};
use localis::publish::charts::Status;
use localis::publish::pdf::CompiledPdf;
use localis::publish::report::{
    self, BuildOptions, GapInput, ReportData, StageInputs, StatusInput,
};
use localis::publish::sentences::Sentences;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/report")
        .join(name)
}

/// Stage inputs of a fixture (`stages.json`): statuses and gaps as [`report::build::stages_from_assessment`] gives them.
fn stages(dir: &Path) -> StageInputs {
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("stages.json")).unwrap()).unwrap();
    let mut out = StageInputs::default();
    for (id, s) in json["statuses"].as_object().unwrap() {
        out.statuses.insert(
            id.clone(),
            StatusInput {
                status: serde_json::from_value(s["key"].clone()).unwrap(),
                method: ProgressMethod::OpenSdg,
                score: s["score"].as_f64(),
            },
        );
    }
    for (id, dims) in json["gaps"].as_object().unwrap() {
        for (dim, g) in dims.as_object().unwrap() {
            let pair = |v: &serde_json::Value| {
                (v[0].as_str().unwrap().to_string(), v[1].as_f64().unwrap())
            };
            out.gaps.insert(
                (id.clone(), dim.clone()),
                GapInput {
                    worst: pair(&g["worst"]),
                    best: pair(&g["best"]),
                    reference_key: "gap-reference-best-off",
                    unreliable: Vec::new(),
                    same_as: None,
                    gap: g["gap"].as_f64().unwrap(),
                    narrowing: g["narrowing"].as_bool(),
                    year: g["year"].as_i64().and_then(|y| i32::try_from(y).ok()),
                },
            );
        }
    }
    out.highlights = json["highlights"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h.as_str().unwrap().to_string())
        .collect();
    out
}

/// A report built from a fixture project through the library, with its diagnostics.
pub(crate) struct Built {
    pub(crate) data: ReportData,
    pub(crate) pdf: Option<CompiledPdf>,
    diagnostics: Diagnostics,
    sources: Sources,
}

pub(crate) fn build_fixture(name: &str, lang: &str, standard: Option<PdfStandard>) -> Built {
    build_project(
        &fixture(name),
        lang,
        standard,
        Some(time::macros::date!(2025 - 06 - 30)),
    )
}

/// Builds the report of a project folder holding `evaluation.json` and `stages.json`.
fn build_project(
    dir: &Path,
    lang: &str,
    standard: Option<PdfStandard>,
    date: Option<time::Date>,
) -> Built {
    let mut ws = localis::load::load(dir).unwrap();
    localis::pipeline::check_all(&mut ws);
    assert!(
        !ws.diagnostics.has_errors(),
        "{}",
        localis::diag::render(&ws.sources, ws.diagnostics.items())
    );
    let evaluation: Evaluation =
        serde_json::from_str(&std::fs::read_to_string(dir.join("evaluation.json")).unwrap())
            .unwrap();
    build_with(&ws, &evaluation, &stages(dir), dir, lang, standard, date)
}

fn build_with(
    ws: &localis::load::Workspace,
    evaluation: &Evaluation,
    stages: &StageInputs,
    template_root: &Path,
    lang: &str,
    standard: Option<PdfStandard>,
    date: Option<time::Date>,
) -> Built {
    let mut diagnostics = Diagnostics::default();
    let mut sources = Sources::default();
    let templates = report::project_templates(template_root, &mut diagnostics);
    let fonts = report::project_fonts(&templates, &mut diagnostics);
    let sentences = Sentences::with_overrides(&template_root.join("report-templates"));
    let options = BuildOptions {
        template: "vlr".to_string(),
        lang: lang.to_string(),
        place: None,
        date,
        standard,
        kind: None,
    };
    let built = report::build_one(
        ws,
        evaluation,
        stages,
        &options,
        &templates,
        &fonts,
        &sentences,
        &mut sources,
        &mut diagnostics,
    );
    let (data, pdf) = match built {
        Some(b) => (b.data, Some(b.pdf)),
        None => (ReportData::default(), None),
    };
    if let (Some(pdf), Ok(dir)) = (&pdf, std::env::var("LOCALIS_KEEP_PDF")) {
        let name = format!("vlr-{}-{}.pdf", data.indicators.len(), data.meta.lang);
        std::fs::write(Path::new(&dir).join(name), &pdf.bytes).unwrap();
    }
    Built {
        data,
        pdf,
        diagnostics,
        sources,
    }
}

/// The text of a PDF, as `pdftotext` extracts it.
fn pdf_text(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.pdf");
    std::fs::write(&path, bytes).unwrap();
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

fn assert_clean(b: &Built) {
    let shown = localis::diag::render(&b.sources, b.diagnostics.items());
    assert!(
        b.diagnostics.is_empty(),
        "expected no diagnostics:\n{shown}"
    );
    assert!(b.pdf.is_some(), "no PDF:\n{shown}");
}

/// What `pdfinfo` reads in a PDF, line by line (`Pages:     3`, `Tagged:    yes`, ...).
pub(crate) fn pdfinfo(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.pdf");
    std::fs::write(&path, bytes).unwrap();
    let out = Command::new("pdfinfo").arg(&path).output().unwrap();
    String::from_utf8_lossy(&out.stdout).to_string()
}

/// The value of one `pdfinfo` field of a PDF.
pub(crate) fn pdfinfo_field(bytes: &[u8], field: &str) -> Option<String> {
    pdfinfo(bytes).lines().find_map(|l| {
        l.strip_prefix(field)
            .and_then(|v| v.strip_prefix(':'))
            .map(|v| v.trim().to_string())
    })
}

/// The number of pages `pdfinfo` reads in a PDF.
fn pdfinfo_pages(bytes: &[u8]) -> usize {
    pdfinfo_field(bytes, "Pages")
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no page count in {}", pdfinfo(bytes)))
}

/// `pdftotext` breaks lines and may set spaces between words differently: compare words only.
fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn small_vlr_compiles_without_warnings_and_shows_every_indicator() {
    let b = build_fixture("small", "en", None);
    assert_clean(&b);
    let pdf = b.pdf.as_ref().unwrap();
    let text = squash(&pdf_text(&pdf.bytes));
    for ind in &b.data.indicators {
        // in its card, in the annex and in its metadata sheet
        let found = text.matches(&squash(&ind.title)).count();
        assert!(found >= 3, "`{}` found {found} times", ind.title);
    }
    for chapter in [
        "Opening statement",
        "Highlights",
        "Methodology and process",
        "Leaving no one behind",
        "Goal dashboard",
        "Review of goals",
        "Conclusion and next steps",
        "Statistical annex",
        "Indicator metadata sheets",
    ] {
        assert!(text.contains(chapter), "chapter `{chapter}` missing");
    }
    // every value with its year: the latest housing value, its status and the annex legend
    assert!(text.contains("14.1% (2024)"));
    assert!(text.contains("Acceleration needed"));
    assert!(text.contains("Goal 11 · Sustainable cities and communities"));
    // one card per page and a half, the annex and the sheets: 19 to 24 pages for 8 indicators
    assert_eq!(pdf.pages, pdfinfo_pages(&pdf.bytes));
    assert!((19..=24).contains(&pdf.pages), "{} pages", pdf.pages);
}

#[test]
fn every_shipped_language_compiles_with_its_labels_and_number_format() {
    let cases = [
        ("pt", "Anexo estatístico", "14,1% (2024)", "1.237.567,89"),
        ("es", "Anexo estadístico", "14,1 % (2024)", "1.237.567,89"),
        (
            "de",
            "Statistischer Anhang",
            "14,1 % (2024)",
            "1.237.567,89",
        ),
        ("fr", "Annexe statistique", "14,1 % (2024)", "1 237 567,89"),
    ];
    for (lang, annex, latest, big) in cases {
        let b = build_fixture("small", lang, None);
        assert_clean(&b);
        let text =
            squash(&pdf_text(&b.pdf.as_ref().unwrap().bytes)).replace(['\u{a0}', '\u{202f}'], " ");
        assert!(text.contains(annex), "{lang}: no `{annex}`");
        assert!(text.contains(latest), "{lang}: no `{latest}`");
        assert!(text.contains(big), "{lang}: no `{big}`");
        // SDG titles come from the SDG library in the report language (it has no Portuguese)
        let goal = &b.data.goals.iter().find(|g| g.code == "11").unwrap().short;
        if lang != "pt" {
            assert_ne!(goal, "Sustainable cities and communities", "{lang}");
        }
        assert!(text.contains(goal.as_str()), "{lang}: no `{goal}`");
    }
}

#[test]
fn user_strings_are_printed_literally_never_run() {
    let b = build_fixture("small", "en", None);
    assert_clean(&b);
    let text = squash(&pdf_text(&b.pdf.as_ref().unwrap().bytes));
    for literal in [
        "#sys.exit()",
        "#read(\"/etc/passwd\")",
        "[unbalanced $x$ *bold* _under_ `raw` <label> @ref \\ #{1+1}",
        "]] #let x = 1 [[ $ ** __ // not a comment",
        "#panic()",
    ] {
        assert!(text.contains(literal), "`{literal}` not printed as it is");
    }
    assert!(
        !text.contains("root:x:0:0"),
        "a file of the system was read"
    );
}

#[test]
fn identical_inputs_give_identical_bytes() {
    let a = build_fixture("small", "pt", None);
    let b = build_fixture("small", "pt", None);
    assert_clean(&a);
    assert_eq!(a.pdf.unwrap().bytes, b.pdf.unwrap().bytes);
}

#[test]
fn report_data_of_the_small_fixture() {
    let mut data = build_fixture("small", "en", None).data;
    // the labels are the shipped English file, checked by the labels tests
    assert!(data.labels.len() > 100);
    data.labels.clear();
    insta::assert_json_snapshot!(data);
}

#[test]
fn pdf_metadata_language_and_chart_text_alternatives() {
    let b = build_fixture("small", "pt", None);
    assert_clean(&b);
    let bytes = &b.pdf.as_ref().unwrap().bytes;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.pdf");
    std::fs::write(&path, bytes).unwrap();
    let info =
        String::from_utf8_lossy(&Command::new("pdfinfo").arg(&path).output().unwrap().stdout)
            .to_string();
    assert!(info.contains("Relatório Local Voluntário 2025"), "{info}");
    assert!(
        info.contains("Comissão Municipal dos ODS de Vila Exemplo"),
        "{info}"
    );
    assert!(info.contains("Tagged:          yes"), "{info}");
    let raw = String::from_utf8_lossy(&localis::publish::pdf::pack::searchable(bytes)).to_string();
    assert!(raw.contains("/Lang(pt)"), "no document language");
    let charts: Vec<_> = b
        .data
        .indicators
        .iter()
        .filter_map(|i| i.chart.as_ref())
        .collect();
    assert_eq!(
        charts.len(),
        6,
        "a chart for each indicator with values but the milestone"
    );
    for chart in charts.into_iter().chain(b.data.dashboard.as_ref()) {
        assert!(
            raw.contains(&format!("/Alt{}", pdf_string(&chart.alt))),
            "no alt text `{}`",
            chart.alt
        );
    }
}

/// A text as a PDF writes it: a literal string when plain ASCII, otherwise UTF-16 in hex.
fn pdf_string(s: &str) -> String {
    if s.bytes()
        .all(|b| (0x20..0x7f).contains(&b) && !b"()\\".contains(&b))
    {
        format!("({s})")
    } else {
        let hex: String = s.encode_utf16().map(|u| format!("{u:04X}")).collect();
        format!("<FEFF{hex}>")
    }
}

#[test]
fn pdf_ua_and_pdf_a_outputs_conform_as_far_as_typst_checks() {
    for standard in [
        None,
        Some(PdfStandard::PdfA2a),
        Some(PdfStandard::PdfUa1),
        Some(PdfStandard::PdfA2b),
        Some(PdfStandard::PdfA3b),
    ] {
        let b = build_fixture("small", "en", standard);
        assert_clean(&b);
        let raw = String::from_utf8_lossy(&b.pdf.as_ref().unwrap().bytes).to_string();
        let ua = raw.contains("<pdfuaid:part>1</pdfuaid:part>");
        let a = |part: &str, level: &str| {
            raw.contains(&format!(
                "<pdfaid:part>{part}</pdfaid:part><pdfaid:conformance>{level}</pdfaid:conformance>"
            ))
        };
        match standard {
            // the default: PDF/A-2a and PDF/UA-1 together
            None => assert!(ua && a("2", "A"), "{standard:?}"),
            Some(PdfStandard::PdfA2a) => assert!(!ua && a("2", "A")),
            Some(PdfStandard::PdfUa1) => assert!(ua && !raw.contains("<pdfaid:part>")),
            Some(PdfStandard::PdfA2b) => assert!(a("2", "B")),
            Some(PdfStandard::PdfA3b) => assert!(a("3", "B")),
            Some(other) => unreachable!("{other:?}"),
        }
        let named = b.data.meta.standard.as_deref().unwrap();
        assert!(squash(&pdf_text(&b.pdf.as_ref().unwrap().bytes)).contains(named));
    }
}

/// A copy of a fixture project in a temporary folder, with extra files written into it.
fn project_copy(name: &str, files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let from = if name.contains('/') {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name)
    } else {
        fixture(name)
    };
    crate::common::copy_dir(&from, dir.path());
    for (path, text) in files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

/// Builds the small fixture with a project's own template files; returns the result and the folder.
pub(crate) fn with_template(
    files: &[(&str, &str)],
    standard: Option<PdfStandard>,
) -> (Built, tempfile::TempDir) {
    let dir = project_copy("small", files);
    let b = build_project(dir.path(), "en", standard, None);
    (b, dir)
}

fn json_diagnostics(b: &Built) -> Vec<serde_json::Value> {
    let sorted = b.diagnostics.sorted(&b.sources);
    serde_json::to_value(localis::diag::to_json(&b.sources, &sorted))
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn template_errors_point_at_the_project_template_line_and_column() {
    let (b, _dir) = with_template(
        &[(
            "report-templates/vlr/main.typ",
            "#let data = json(\"/data.json\")\n#set document(title: data.meta.title)\n= Title\n#data.meta.titel\n",
        )],
        None,
    );
    assert!(b.pdf.is_none());
    let d = json_diagnostics(&b);
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0]["code"], "template-error");
    assert_eq!(d[0]["file"], "report-templates/vlr/main.typ");
    assert_eq!(d[0]["line"], 4);
    assert_eq!(d[0]["column"], 12);
    assert!(d[0]["message"].as_str().unwrap().contains("titel"), "{d:?}");
}

#[test]
fn template_warnings_are_reported_with_their_place() {
    let (b, _dir) = with_template(
        &[(
            "report-templates/vlr/main.typ",
            "#set document(title: \"t\")\n#set text(font: \"Comic Sans MS\")\nHello\n",
        )],
        None,
    );
    assert!(b.pdf.is_some());
    let d = json_diagnostics(&b);
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0]["severity"], "warning");
    assert_eq!(d[0]["code"], "template-warning");
    assert_eq!(d[0]["line"], 2);
    assert!(
        d[0]["message"]
            .as_str()
            .unwrap()
            .contains("unknown font family"),
        "{d:?}"
    );
}

#[test]
fn templates_cannot_read_outside_their_folder_or_download_packages() {
    for (source, expected) in [
        ("#read(\"/etc/passwd\")", "file not found"),
        ("#read(\"../../localis.yaml\")", "escape"),
        ("#read(\"/../localis.yaml\")", "escape"),
        (
            "#import \"@preview/cetz:0.3.0\": *",
            "reports are built offline",
        ),
    ] {
        let (b, _dir) = with_template(
            &[(
                "report-templates/vlr/main.typ",
                &format!("#set document(title: \"t\")\n{source}\n"),
            )],
            None,
        );
        assert!(b.pdf.is_none(), "{source} compiled");
        let d = json_diagnostics(&b);
        let message = d[0]["message"].as_str().unwrap().to_lowercase();
        assert!(message.contains(expected), "{source}: {d:?}");
        assert_eq!(d[0]["line"], 2, "{source}: {d:?}");
    }
}

#[cfg(unix)]
#[test]
fn links_out_of_the_template_folder_are_ignored() {
    let (b, dir) = with_template(
        &[(
            "report-templates/vlr/main.typ",
            "#set document(title: \"t\")\n#read(\"/secret.txt\")\n",
        )],
        None,
    );
    drop(b);
    let outside = dir.path().join("secret.txt");
    std::fs::write(&outside, "do not print").unwrap();
    std::os::unix::fs::symlink(&outside, dir.path().join("report-templates/secret.txt")).unwrap();
    let mut diagnostics = Diagnostics::default();
    let templates = report::project_templates(dir.path(), &mut diagnostics);
    assert!(!templates.contains("/secret.txt"));
    assert_eq!(diagnostics.items()[0].code, "template-outside");
}

#[test]
fn a_chart_without_text_alternative_breaks_pdf_ua_with_a_clear_error() {
    let template = "#set document(title: \"t\")\n#set text(lang: \"en\")\n= Chart\n#image(\"/charts/h1-housing-overburden.svg\", width: 5cm)\n";
    let (b, _dir) = with_template(
        &[("report-templates/vlr/main.typ", template)],
        Some(PdfStandard::PdfUa1),
    );
    assert!(b.pdf.is_none());
    let d = json_diagnostics(&b);
    assert_eq!(d[0]["code"], "pdf-standard", "{d:?}");
    assert!(d[0]["message"].as_str().unwrap().contains("alt"), "{d:?}");
    assert_eq!(d[0]["file"], "report-templates/vlr/main.typ");
    assert_eq!(d[0]["line"], 4);
    // the same template claiming no standard is fine
    let (b, _dir) = with_template(
        &[("report-templates/vlr/main.typ", template)],
        Some(PdfStandard::None),
    );
    assert!(b.pdf.is_some());
}

#[test]
fn a_project_overrides_single_labels_and_is_warned_of_unknown_ones() {
    let (b, _dir) = with_template(
        &[(
            "report-templates/labels/en.yaml",
            "annex: Annex of statistics\nanex-intro: typo\n",
        )],
        None,
    );
    let d = json_diagnostics(&b);
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0]["code"], "unknown-label");
    assert_eq!(d[0]["line"], 2);
    assert!(d[0]["hint"].as_str().unwrap().contains("annex-intro"));
    let text = squash(&pdf_text(&b.pdf.as_ref().unwrap().bytes));
    assert!(text.contains("Annex of statistics"));
    assert!(
        text.contains("Indicator metadata sheets"),
        "other labels stay"
    );
}

fn localis(args: &[&str], dir: &Path, epoch: Option<&str>) -> std::process::Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_localis"));
    cmd.args(args).arg(dir).env_remove("SOURCE_DATE_EPOCH");
    if let Some(e) = epoch {
        cmd.env("SOURCE_DATE_EPOCH", e);
    }
    cmd.output().unwrap()
}

#[test]
fn the_report_command_writes_one_pdf_per_language_reproducibly() {
    let dir = project_copy("small", &[]);
    let out = localis(&["report"], dir.path(), Some("1751241600"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let reports = dir.path().join("out/reports");
    let en = std::fs::read(reports.join("vlr-en.pdf")).unwrap();
    let pt = std::fs::read(reports.join("vlr-pt.pdf")).unwrap();
    assert!(stderr.contains("vlr-en.pdf"), "{stderr}");
    let text = squash(&pdf_text(&pt));
    assert!(text.contains("Relatório Local Voluntário 2025"));
    assert!(
        text.contains("30 de junho de 2025"),
        "the date from SOURCE_DATE_EPOCH"
    );
    assert!(text.contains("#sys.exit() #read(\"/etc/passwd\")"));
    // again: the same bytes, and no temporary file left
    let again = localis(&["report", "--lang", "en"], dir.path(), Some("1751241600"));
    assert!(again.status.success());
    // the file of one language keeps its name: a run in one never overwrites another
    assert_eq!(std::fs::read(reports.join("vlr-en.pdf")).unwrap(), en);
    let mut names: Vec<_> = std::fs::read_dir(&reports)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["vlr-en.pdf", "vlr-pt.pdf"]);
}

#[test]
fn the_report_command_fails_clearly_on_bad_input() {
    let dir = project_copy("small", &[]);
    let out = localis(
        &["report", "--template", "vrl", "--format", "json"],
        dir.path(),
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let d: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(d[0]["code"], "report-template");
    assert!(d[0]["hint"].as_str().unwrap().contains("vlr"), "{d}");

    let out = localis(&["report"], dir.path(), Some("yesterday"));
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("SOURCE_DATE_EPOCH"));
    assert!(!dir.path().join("out").exists(), "nothing written");
}

/// Writes a project of `n` indicators spread over the 17 goals (and some without a goal), and
/// returns its evaluation and stage results: the shape of a real municipal VLR at scale.
fn large_project(dir: &Path, n: usize) -> (Evaluation, StageInputs) {
    use std::fmt::Write;
    let place = "4300001";
    std::fs::create_dir_all(dir.join("indicators/big")).unwrap();
    std::fs::write(
        dir.join("localis.yaml"),
        "name: {en: Voluntary Local Review 2025, pt: Relatório Local Voluntário 2025}\n\
         place: {name: Cidade Grande, geocode: \"4300001\"}\n\
         author: Municipal SDG Commission\nlanguages: [en]\nlibraries: [big]\n\
         datasets:\n  - {id: survey, path: data/survey.csv, source: {name: Household survey, publisher: Statistics office}}\n",
    )
    .unwrap();
    std::fs::create_dir_all(dir.join("data")).unwrap();
    std::fs::write(dir.join("data/survey.csv"), "Year,Sex,Value\n").unwrap();
    std::fs::write(
        dir.join("indicators/big/library.yaml"),
        "id: big\ntitle: Synthetic municipal indicators\n",
    )
    .unwrap();
    let subjects = [
        "Households with access to safely managed sanitation services",
        "Women in leadership positions in the municipal administration",
        "Children enrolled in full-time early childhood education",
        "Residents living within 300 m of a frequent public transport stop",
        "Complaints to the ombudsperson answered within 30 days",
        "Households spending more than 30% of their income on housing",
    ];
    let types = ["structural", "process", "outcome"];
    let keys = [
        Status::OnTrack,
        Status::AccelerationNeeded,
        Status::LimitedProgress,
        Status::Deterioration,
        Status::TargetAchieved,
        Status::UnableToAssess,
    ];
    let mut yaml = String::from("indicators:\n");
    let mut evaluation = Evaluation::default();
    let mut stages = StageInputs::default();
    let mut row = 0u32;
    for i in 0..n {
        let id = format!("m{:03}-indicator", i + 1);
        let goal = if i % 20 == 19 { None } else { Some(i % 17 + 1) };
        let title = format!("{} ({})", subjects[i % subjects.len()], i + 1);
        let _ = write!(
            yaml,
            "  - id: {id}\n    title: {{en: \"{title}\"}}\n    unit: \"%\"\n    precision: 1\n    disaggregations: [Sex]\n    targets: [{{numeric: {{value: 90, year: 2030}}}}]\n    links:\n"
        );
        if let Some(g) = goal {
            let _ = writeln!(yaml, "      sdg: [\"{g}.1\"]");
        }
        let _ = write!(
            yaml,
            "      ohchr-type: {}\n    metadata:\n      definition: {{en: \"The share of the population concerned, among all residents, as measured by the survey.\"}}\n      rationale: {{en: \"Tracks progress on the municipal commitment and the right it serves.\"}}\n      method: {{en: \"Numerator divided by denominator, times 100.\"}}\n      data-collection: {{en: \"Annual household survey of the statistics office.\"}}\n      periodicity: {{en: Annual}}\n",
            types[i % 3]
        );
        let base = 40.0 + (i % 37) as f64;
        let step = ((i % 7) as f64 - 2.0) * 0.7;
        let mut series = Vec::new();
        let mut rows = Vec::new();
        for (dis, offset) in [(None, 0.0), (Some("Female"), -3.0), (Some("Male"), 3.0)] {
            let observations = (2013..=2024)
                .map(|y| {
                    row += 1;
                    let span = localis::evaluate::RowSpan {
                        start: rows.len() as u32,
                        end: rows.len() as u32 + 1,
                    };
                    rows.push(localis::evaluate::RowRange {
                        file: 0,
                        first: row,
                        last: row,
                    });
                    localis::evaluate::Observation::new(
                        y,
                        Some(base + offset + step * f64::from(y - 2013)),
                        span,
                    )
                })
                .collect();
            let mut d = BTreeMap::new();
            if let Some(g) = dis {
                d.insert("Sex".to_string(), g.to_string());
            }
            series.push(localis::evaluate::Series {
                disaggregation: d,
                observations,
            });
        }
        evaluation.results.push(localis::evaluate::IndicatorResult {
            indicator: id.clone(),
            place: place.to_string(),
            unit: Some("%".into()),
            series,
            completeness: localis::evaluate::Completeness {
                expected: vec!["Sex".into()],
                present: vec!["Sex".into()],
            },
            rows,
        });
        stages.statuses.insert(
            id.clone(),
            StatusInput {
                status: keys[i % keys.len()],
                method: ProgressMethod::OpenSdg,
                score: Some(step),
            },
        );
        stages.gaps.insert(
            (id.clone(), "Sex".into()),
            GapInput {
                worst: ("Female".into(), base - 3.0),
                best: ("Male".into(), base + 3.0),
                reference_key: "gap-reference-best-off",
                unreliable: Vec::new(),
                same_as: None,
                gap: 6.0,
                narrowing: Some(i % 2 == 0),
                year: Some(2024),
            },
        );
    }
    evaluation.files.push(localis::evaluate::DataFile {
        dataset: "survey".into(),
        file: "data/survey.csv".into(),
    });
    evaluation.places.push(localis::evaluate::PlaceInfo {
        geocode: place.into(),
        name: None,
    });
    std::fs::write(dir.join("indicators/big/indicators.yaml"), yaml).unwrap();
    (evaluation, stages)
}

/// Builds a large project's report through the library; returns the PDF and the seconds taken.
fn build_large(n: usize) -> (ReportData, CompiledPdf, f64) {
    let dir = tempfile::tempdir().unwrap();
    let (evaluation, stages) = large_project(dir.path(), n);
    let start = std::time::Instant::now();
    let mut ws = localis::load::load(dir.path()).unwrap();
    localis::pipeline::check_all(&mut ws);
    assert!(
        !ws.diagnostics.has_errors(),
        "{}",
        localis::diag::render(&ws.sources, ws.diagnostics.items())
    );
    // LOCALIS_TEMPLATE_PROJECT: a folder whose report-templates/ override the embedded ones
    let template_root = std::env::var("LOCALIS_TEMPLATE_PROJECT")
        .map(PathBuf::from)
        .unwrap_or_else(|_| dir.path().to_path_buf());
    let date = Some(time::macros::date!(2025 - 06 - 30));
    let b = build_with(&ws, &evaluation, &stages, &template_root, "en", None, date);
    let seconds = start.elapsed().as_secs_f64();
    let shown = localis::diag::render(&b.sources, b.diagnostics.items());
    assert!(b.diagnostics.is_empty(), "{shown}");
    (b.data, b.pdf.expect("a PDF"), seconds)
}

#[test]
#[ignore = "measures the national-scale VLR: cargo test --release -- --ignored vlr_at_scale --nocapture"]
fn vlr_at_scale_of_400_indicators() {
    let (data, pdf, seconds) = build_large(400);
    if let Ok(dir) = std::env::var("LOCALIS_KEEP_PDF") {
        std::fs::write(Path::new(&dir).join("vlr-400.pdf"), &pdf.bytes).unwrap();
    }
    println!(
        "400 indicators: {} pages, {:.2} s (typesetting {:.2} s, PDF export {:.2} s), {} KiB",
        pdf.pages,
        seconds,
        pdf.typeset_seconds,
        pdf.export_seconds,
        pdf.bytes.len() / 1024
    );
    if std::env::var("LOCALIS_MEASURE_ONLY").is_err() {
        let text = pdf_text(&pdf.bytes);
        for ind in &data.indicators {
            assert!(text.contains(&ind.id), "{} missing", ind.id);
        }
    }
}

#[test]
fn unreadable_project_fonts_and_unknown_languages_are_warned_of() {
    let (b, _dir) = with_template(&[("report-templates/fonts/broken.ttf", "not a font")], None);
    let d = json_diagnostics(&b);
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0]["code"], "unreadable-font");
    assert!(
        b.pdf.is_some(),
        "the report is built with the embedded fonts"
    );

    let dir = project_copy("small", &[]);
    let b = build_project(dir.path(), "it", None, None);
    let d = json_diagnostics(&b);
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0]["code"], "labels-missing");
    let text = squash(&pdf_text(&b.pdf.as_ref().unwrap().bytes));
    // English labels, Italian SDG titles from the SDG library
    assert!(text.contains("Statistical annex"));
    assert!(
        text.contains("Città e comunità sostenibili"),
        "Italian goal 11"
    );
}

#[test]
fn the_report_command_runs_the_whole_pipeline_on_real_data() {
    // the evaluation fixture: values computed from its CSV, XLSX and record files
    let dir = project_copy("eval/project", &[]);
    let out = localis(&["report", "-v"], dir.path(), Some("1751241600"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("typesetting"), "{stderr}");
    let pdf = std::fs::read(dir.path().join("out/reports/vlr.pdf")).unwrap();
    let text = squash(&pdf_text(&pdf));
    // the latest headline of data/indicator_11-1-1.csv (2017, estimated), with its year and status
    assert!(
        text.contains("100 households (2017) · E"),
        "value from the data"
    );
    // every value in the annex: 2016 has no total, the 2015 total is 120
    assert!(text.contains("Households in inadequate housing"));
    assert!(
        text.contains("data/indicator_11-1-1.csv"),
        "the source of the values"
    );
    // no budget: no means-of-implementation figures, no budget data beside the review
    assert!(!text.contains("Budget by goal"));
    assert!(!dir.path().join("out/reports/budget").exists());
    // the same bytes whatever the number of threads
    let one_thread = Command::new(env!("CARGO_BIN_EXE_localis"))
        .args(["report", "-q"])
        .arg(dir.path())
        .env("SOURCE_DATE_EPOCH", "1751241600")
        .env("RAYON_NUM_THREADS", "1")
        .output()
        .unwrap();
    assert!(one_thread.status.success());
    assert_eq!(
        std::fs::read(dir.path().join("out/reports/vlr.pdf")).unwrap(),
        pdf
    );
}

#[test]
fn the_report_shows_the_assessment_and_never_a_suppressed_value() {
    // the assessment fixture: statuses, gaps, milestones and small cells to suppress
    let dir = project_copy("assess/city", &[]);
    let out = localis(&["report"], dir.path(), Some("1751241600"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pdf = std::fs::read(dir.path().join("out/reports/vlr.pdf")).unwrap();
    let text = squash(&pdf_text(&pdf));
    for status in [
        "Deterioration",
        "On track",
        "Acceleration needed",
        "Overdue",
    ] {
        assert!(text.contains(status), "status `{status}` missing");
    }
    // the districts' femicide counts are small cells: shown as `s`, with their year (given
    // once when the groups share it)
    assert!(
        text.contains("North s · South s (2022)"),
        "suppressed groups"
    );
    // the gap with the year of its values (the districts' 2022 values are suppressed); 82% of
    // South against 83.3% of North, from a few dozen households each, is within its
    // uncertainty: never said to widen
    assert!(
        text.contains("1.33 percentage points (2021)")
            && !text.contains("1.33 percentage points (2021), widening"),
        "a gap within its uncertainty, with the year of its values"
    );
}

#[test]
fn the_default_pdf_is_pdf_a_2a_and_pdf_ua_1_with_a_tag_tree_and_packed_objects() {
    let b = build_fixture("small", "en", None);
    assert_clean(&b);
    assert_eq!(b.data.meta.standard.as_deref(), Some("PDF/A-2a, PDF/UA-1"));
    let bytes = &b.pdf.as_ref().unwrap().bytes;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.pdf");
    std::fs::write(&path, bytes).unwrap();
    // the tag tree as a reader of assistive technology meets it
    let tree = String::from_utf8_lossy(
        &Command::new("pdfinfo")
            .arg("-struct")
            .arg(&path)
            .output()
            .unwrap()
            .stdout,
    )
    .to_string();
    assert!(tree.starts_with("Document"), "{tree}");
    for tag in [
        "\n  H1", "\n  P", "Table", "TR", "TH", "TD", "Figure", "L", "LI",
    ] {
        assert!(tree.contains(tag), "no `{tag}` in the tag tree:\n{tree}");
    }
    // the structure is packed into object streams, and still read whole by poppler
    let raw = String::from_utf8_lossy(bytes);
    assert!(raw.contains("/Type/ObjStm") && raw.contains("/Type/XRef"));
    assert!(!raw.contains("/Type/StructElem"), "structure left unpacked");
    let searchable =
        String::from_utf8_lossy(&localis::publish::pdf::pack::searchable(bytes)).to_string();
    assert!(searchable.contains("/Type/StructElem"));
    // the viewer shows the title, not the file name (PDF/UA-1)
    assert!(
        searchable.contains("/DisplayDocTitle true"),
        "no DisplayDocTitle"
    );
    assert_eq!(pdfinfo_pages(bytes), b.pdf.as_ref().unwrap().pages);
    assert!(squash(&pdf_text(bytes)).contains(&squash(&b.data.indicators[0].title)));
}

#[test]
fn text_no_embedded_font_covers_is_a_warning_naming_it_and_the_pdf_is_still_written() {
    let yaml = std::fs::read_to_string(fixture("small").join("localis.yaml"))
        .unwrap()
        .replace(
            "Housing overburden fell for the third year running.",
            "Housing overburden fell 🏠 for the third year running.",
        );
    let (b, _dir) = with_template(&[("localis.yaml", &yaml)], None);
    let pdf = b.pdf.as_ref().expect("the PDF is still written");
    assert!(!b.diagnostics.has_errors());
    let warnings: Vec<_> = b
        .diagnostics
        .items()
        .iter()
        .filter(|d| d.code == "missing-glyph")
        .collect();
    assert!(!warnings.is_empty(), "{:?}", b.diagnostics.items());
    assert!(
        warnings[0].message.contains('🏠'),
        "{}",
        warnings[0].message
    );
    // without the standard it cannot meet
    assert!(!String::from_utf8_lossy(&pdf.bytes).contains("<pdfaid:part>"));
}

#[test]
fn dimensions_and_categories_are_shown_in_the_reader_language() {
    // the shipped vocabulary names `Sex` and its categories; the project names `District`
    let yaml = std::fs::read_to_string(fixture("small").join("localis.yaml")).unwrap()
        + "vocabulary:\n  dimensions:\n    District:\n      title: {en: District, pt: Bairro}\n";
    let (_b, dir) = with_template(&[("localis.yaml", &yaml)], None);
    let b = build_project(dir.path(), "pt", None, None);
    let words = squash(&pdf_text(&b.pdf.as_ref().unwrap().bytes));
    assert!(
        words.contains("Sexo: Mulheres"),
        "no Portuguese group label"
    );
    assert!(
        words.contains("Bairro: Centro"),
        "the project's label is not used"
    );
    assert!(!words.contains("Sex: Female") && !words.contains("District:"));
    let breakdowns: Vec<&str> = b
        .data
        .indicators
        .iter()
        .flat_map(|i| i.disaggregation.iter())
        .map(|d| d.dimension.as_str())
        .collect();
    assert!(
        breakdowns.contains(&"Sexo") && breakdowns.contains(&"Bairro"),
        "{breakdowns:?}"
    );
    // the same report in English keeps the English names
    let en = build_project(dir.path(), "en", None, None);
    assert!(squash(&pdf_text(&en.pdf.as_ref().unwrap().bytes)).contains("Sex: Female"));
}

#[test]
fn the_editorial_layer_reaches_the_review_and_missing_texts_are_warned_of() {
    let yaml = std::fs::read_to_string(fixture("small").join("localis.yaml")).unwrap()
        + "  executive-summary:\n    en: |\n      We **kept** most promises.\n\n      - #sys.exit() stays text\n  commitments:\n    - {en: Open two creches in Sul by 2027.}\n  goals:\n    \"11\": {en: Housing is our first concern.}\ndate: \"2025-11-24\"\nlicence: CC-BY-4.0\n";
    let (_b, dir) = with_template(&[("localis.yaml", &yaml)], None);
    let b = build_project(dir.path(), "en", None, None);
    assert_clean(&b);
    let words = squash(&pdf_text(&b.pdf.as_ref().unwrap().bytes));
    for expected in [
        "Executive summary",
        "We kept most promises.",
        "#sys.exit() stays text",
        "Housing is our first concern.",
        "Our commitments",
        "Open two creches in Sul by 2027.",
        "Glossary of statuses and scores",
        "How to cite",
        "Licence: CC-BY-4.0",
    ] {
        assert!(
            words.contains(&squash(expected)),
            "`{expected}` not in the review"
        );
    }
    // the key numbers count what the report data count
    let n = &b.data.key_numbers;
    assert_eq!(n[0].value, b.data.indicators.len().to_string());
    // the editorial layer begun, the texts still missing are named
    let out = localis(&["check"], dir.path(), None);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("warning[missing-text]"), "{stderr}");
    assert!(stderr.contains("texts.goals.\"3\".en"), "{stderr}");
    assert!(stderr.contains("pt"), "{stderr}");
}

#[test]
fn the_vlr_sums_up_the_budget_by_goal_and_writes_its_every_amount_beside_it() {
    let dir = project_copy("budget/clean", &[]);
    let out = localis(
        &["report", "--template", "vlr"],
        dir.path(),
        Some("1751241600"),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // the hand-made budget lines: 2023 spending in all, and on the lines tagged with goal 3 / 11
    let lines = std::fs::read_to_string(dir.path().join("data/budget.csv")).unwrap();
    let (mut all, mut goal3, mut goal11) = (0.0, 0.0, 0.0);
    for l in lines.lines().skip(1).filter(|l| l.starts_with("2023,")) {
        let cells: Vec<&str> = l.split(',').collect();
        let executed: f64 = cells[8].parse().unwrap();
        all += executed;
        let goals: Vec<&str> = cells[10]
            .split('|')
            .filter_map(|t| t.split('.').next())
            .collect();
        if goals.contains(&"3") {
            goal3 += executed;
        }
        if goals.contains(&"11") {
            goal11 += executed;
        }
    }
    let euros = |v: f64| {
        format!(
            "{} €",
            localis::publish::format::NumberFormat::for_language("en").number(v, 0)
        )
    };
    let pdf = std::fs::read(dir.path().join("out/reports/vlr-en.pdf")).unwrap();
    let text = pdf_text(&pdf);
    let pages: Vec<&str> = text.split('\u{c}').collect();
    // the means of implementation: the year's spending as a key number, and where the summary is
    let means = pages
        .iter()
        .position(|p| p.contains("Spent in 2023"))
        .expect("a means-of-implementation section");
    // (the contents list the summary too)
    let summary = pages
        .iter()
        .rposition(|p| p.contains("Budget by goal, 2023"))
        .expect("the annex summary of the budget year");
    assert!(summary > means);
    let m = squash(pages[means]);
    assert!(
        m.contains(&euros(all)) && m.contains("Spent in 2023"),
        "{m}"
    );
    assert!(
        m.contains(&format!("on one page (p. {}).", summary + 1)),
        "the page of the summary: {m}"
    );
    // one row per goal, in goal order (3 before 11), the whole budget last, and the shares of
    // lines tagged with both goals said to exceed 100% together
    let s = squash(pages[summary]);
    let g3 = s.find(&format!(
        "3 Good health and well-being 1,210 € {}",
        euros(goal3)
    ));
    let g11 = s.find(&format!(
        "11 Sustainable cities and communities 2,541 € {}",
        euros(goal11)
    ));
    let whole = s.find(&format!("3,146 € {}", euros(all)));
    assert!(s.contains("Whole budget"), "{s}");
    assert!(g3.is_some() && g11.is_some() && whole.is_some(), "{s}");
    assert!(g3 < g11 && g11 < whole, "{s}");
    assert!(s.contains("add up to more than 100%"), "{s}");
    assert!(s.contains("(budget/results.csv)"), "{s}");
    // the German review in German
    let de = squash(&pdf_text(
        &std::fs::read(dir.path().join("out/reports/vlr-de.pdf")).unwrap(),
    ));
    assert!(de.contains("Haushalt nach Zielen, 2023"), "{de}");
    assert!(!de.contains("Budget by goal"));
    // the file the summary points at holds the budget's indicators, and nothing else
    let data = std::fs::read_to_string(dir.path().join("out/reports/budget/results.csv")).unwrap();
    let ids: std::collections::BTreeSet<&str> = data
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').next())
        .collect();
    assert!(ids.contains("budget-executed") && ids.contains("budget-execution-rate"));
    assert!(ids.iter().all(|i| i.starts_with("budget-")), "{ids:?}");
    assert!(data.contains("budget-executed,0001,2023,SDG=11,"));
}

#[test]
fn timings_are_written_as_a_trace_located_in_the_templates() {
    let dir = project_copy("small", &[]);
    let with_timings = |trace: &Path| {
        let trace = trace.to_str().unwrap();
        localis(
            &["report", "--lang", "en", "--timings", trace],
            dir.path(),
            Some("1751241600"),
        )
    };
    let trace = dir.path().join("trace.json");
    let out = with_timings(&trace);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("typst's timings"), "{stderr}");
    let events: Vec<serde_json::Value> =
        serde_json::from_slice(&std::fs::read(&trace).unwrap()).unwrap();
    let names: std::collections::BTreeSet<&str> =
        events.iter().filter_map(|e| e["name"].as_str()).collect();
    for scope in ["compile", "layout document", "pdf"] {
        assert!(names.contains(scope), "no `{scope}` scope in {names:?}");
    }
    // every scope opens and closes
    let opened = events.iter().filter(|e| e["ph"] == "B").count();
    assert_eq!(opened * 2, events.len());
    // scopes of the template's code name its file and a line in it
    let main =
        std::fs::read_to_string(crate::common::repo_root().join("report-templates/vlr/main.typ"))
            .unwrap();
    let located: Vec<(&str, u64)> = events
        .iter()
        .filter_map(|e| Some((e["args"]["file"].as_str()?, e["args"]["line"].as_u64()?)))
        .filter(|(f, _)| *f == "<builtin>/report-templates/vlr/main.typ")
        .collect();
    assert!(!located.is_empty(), "no scope located in vlr/main.typ");
    assert!(
        located
            .iter()
            .all(|(_, l)| (1..=main.lines().count() as u64).contains(l))
    );
    // recording changes nothing in the PDF
    let pdf = std::fs::read(dir.path().join("out/reports/vlr-en.pdf")).unwrap();
    let again = localis(&["report", "--lang", "en"], dir.path(), Some("1751241600"));
    assert!(again.status.success());
    assert_eq!(
        std::fs::read(dir.path().join("out/reports/vlr-en.pdf")).unwrap(),
        pdf
    );

    // a trace that cannot be written (its folder would be a file) is a clear error
    let unwritable = dir.path().join("localis.yaml/trace.json");
    let out = with_timings(&unwritable);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains(&format!(
            "failed to write the timings to {}",
            unwritable.display()
        )),
        "{stderr}"
    );
}

/// The small fixture's VLR prepared in a language (report data and figures, no PDF yet), with
/// what typesetting it needs.
struct PreparedSmall {
    prepared: report::PreparedReport,
    options: BuildOptions,
    templates: localis::publish::pdf::TemplateFiles,
    sources: Sources,
    diagnostics: Diagnostics,
}

fn prepared_small(lang: &str) -> PreparedSmall {
    let dir = fixture("small");
    let mut ws = localis::load::load(&dir).unwrap();
    localis::pipeline::check_all(&mut ws);
    let evaluation: Evaluation =
        serde_json::from_str(&std::fs::read_to_string(dir.join("evaluation.json")).unwrap())
            .unwrap();
    let (mut diagnostics, mut sources) = (Diagnostics::default(), Sources::default());
    let templates = report::project_templates(&dir, &mut diagnostics);
    let sentences = Sentences::with_overrides(&dir.join("report-templates"));
    let options = BuildOptions {
        template: "vlr".to_string(),
        lang: lang.to_string(),
        place: None,
        date: Some(time::macros::date!(2025 - 06 - 30)),
        standard: None,
        kind: None,
    };
    let prepared = report::prepare_one(
        &ws,
        &evaluation,
        &stages(&dir),
        &options,
        &templates,
        &sentences,
        None,
        &mut sources,
        &mut diagnostics,
    )
    .unwrap();
    PreparedSmall {
        prepared,
        options,
        templates,
        sources,
        diagnostics,
    }
}

#[test]
fn each_generated_figure_has_beside_it_the_text_alternative_the_report_data_gives_it() {
    // what `chart-image` reads: `<path>.alt` beside every chart and map of the report data
    let PreparedSmall { prepared, .. } = prepared_small("pt");
    let data = &prepared.data;
    let figures: Vec<(&String, &String)> = data
        .dashboard
        .iter()
        .chain(data.indicators.iter().filter_map(|i| i.chart.as_ref()))
        .map(|c| (&c.path, &c.alt))
        .chain(
            data.indicators
                .iter()
                .filter_map(|i| i.map.as_ref())
                .map(|m| (&m.path, &m.alt)),
        )
        .collect();
    assert!(figures.len() >= 7, "the dashboard and six charts");
    for (path, alt) in &figures {
        assert!(prepared.figures.contains_key(*path), "{path}");
        let beside = prepared.figures.get(&format!("{path}.alt")).unwrap();
        assert_eq!(std::str::from_utf8(beside).unwrap(), alt.as_str(), "{path}");
    }
    // no text alternative without its figure
    for path in prepared.figures.keys() {
        if let Some(svg) = path.strip_suffix(".alt") {
            assert!(prepared.figures.contains_key(svg), "{path}");
        }
    }
}

#[test]
fn a_preview_has_the_pages_of_the_tagged_pdf_without_tags_or_a_claimed_standard() {
    // what `localis watch` writes first: the same report data typeset as a preview, then as
    // the tagged PDF
    let PreparedSmall {
        prepared,
        options,
        templates,
        mut sources,
        mut diagnostics,
    } = prepared_small("en");
    let fonts = report::project_fonts(&templates, &mut diagnostics);
    let mut render = |preview: bool| {
        report::render_prepared(
            &prepared,
            &options,
            preview,
            &templates,
            &fonts,
            &mut sources,
            &mut diagnostics,
            "4305108",
        )
        .unwrap()
    };
    let (preview, tagged) = (render(true), render(false));
    assert!(
        diagnostics.is_empty(),
        "{}",
        localis::diag::render(&sources, diagnostics.items())
    );
    let raw = |pdf: &CompiledPdf| String::from_utf8_lossy(&pdf.bytes).to_string();
    let (preview_raw, tagged_raw) = (raw(&preview), raw(&tagged));
    // the tagged PDF: tagged, PDF/A-2a and PDF/UA-1 (the default standard)
    assert_eq!(
        pdfinfo_field(&tagged.bytes, "Tagged").as_deref(),
        Some("yes")
    );
    assert!(tagged_raw.contains("<pdfuaid:part>1</pdfuaid:part>"));
    assert!(tagged_raw.contains("<pdfaid:part>2</pdfaid:part>"));
    // the preview: neither, and smaller
    assert_eq!(
        pdfinfo_field(&preview.bytes, "Tagged").as_deref(),
        Some("no")
    );
    assert!(!preview_raw.contains("<pdfuaid:part>"));
    assert!(!preview_raw.contains("<pdfaid:part>"));
    assert!(preview.bytes.len() < tagged.bytes.len());
    // the same pages with the same text
    assert_eq!(preview.pages, tagged.pages);
    assert_eq!(pdfinfo_pages(&preview.bytes), tagged.pages);
    assert_eq!(pdf_text(&preview.bytes), pdf_text(&tagged.bytes));
}
