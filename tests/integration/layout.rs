//! The layout check: every publication is read back word by word (`pdftotext -bbox-layout`) and fails on text over text, table cells squeezed to a word a line, and page counts out of their band.
//!
//! It builds the demonstration's accountability, department, public and per-place
//! publications in both languages, and the VLR of the small fixture (the same templates as
//! the demonstration VLR, at a size the suite can afford: the demonstration VLR takes 40 s
//! and 3 GB, and is checked by the ignored test `layout_of_the_demonstration_vlr`, run with
//! `cargo test --release -- --ignored layout_of_the_demonstration_vlr --nocapture`).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::repo_root;

/// A word and its box on a page, in points from the top left.
#[derive(Debug, Clone)]
struct Word {
    text: String,
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

/// A line of words as pdftotext groups them.
#[derive(Debug, Clone)]
struct Line {
    words: Vec<Word>,
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

/// One page: its lines, grouped in blocks.
#[derive(Debug, Default)]
struct Page {
    blocks: Vec<Vec<Line>>,
}

fn attr(tag: &str, name: &str) -> f64 {
    let key = format!("{name}=\"");
    let start = tag.find(&key).map(|i| i + key.len()).unwrap_or(0);
    let end = tag[start..].find('"').map(|i| start + i).unwrap_or(start);
    tag[start..end].parse().unwrap_or(0.0)
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The pages of a PDF with their words, as `pdftotext -bbox-layout` reads them.
fn read_pages(pdf: &Path) -> Vec<Page> {
    let out = Command::new("pdftotext")
        .args(["-bbox-layout", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    let html = String::from_utf8_lossy(&out.stdout);
    let mut pages = Vec::new();
    let mut page = Page::default();
    let mut block: Vec<Line> = Vec::new();
    let mut line: Option<Line> = None;
    for raw in html.lines() {
        let t = raw.trim();
        if t.starts_with("<page ") {
            page = Page::default();
        } else if t.starts_with("</page>") {
            pages.push(std::mem::take(&mut page));
        } else if t.starts_with("<block ") {
            block = Vec::new();
        } else if t.starts_with("</block>") {
            page.blocks.push(std::mem::take(&mut block));
        } else if t.starts_with("<line ") {
            line = Some(Line {
                words: Vec::new(),
                x0: attr(t, "xMin"),
                y0: attr(t, "yMin"),
                x1: attr(t, "xMax"),
                y1: attr(t, "yMax"),
            });
        } else if t.starts_with("</line>") {
            if let Some(l) = line.take() {
                block.push(l);
            }
        } else if t.starts_with("<word ") {
            let text = t
                .split_once('>')
                .map(|(_, rest)| rest.trim_end_matches("</word>"))
                .unwrap_or("");
            if let Some(l) = line.as_mut() {
                l.words.push(Word {
                    text: unescape(text),
                    x0: attr(t, "xMin"),
                    y0: attr(t, "yMin"),
                    x1: attr(t, "xMax"),
                    y1: attr(t, "yMax"),
                });
            }
        }
    }
    pages
}

/// How many points two boxes share across and down.
fn overlap(a: &Word, b: &Word) -> (f64, f64) {
    let w = a.x1.min(b.x1) - a.x0.max(b.x0);
    let h = a.y1.min(b.y1) - a.y0.max(b.y0);
    (w, h)
}

/// What the check found in one PDF.
#[derive(Debug, Default)]
struct Findings {
    pages: usize,
    overlaps: Vec<String>,
    squeezed: Vec<String>,
}

/// Runs the layout check on a PDF. Two words overlap when their boxes share more than a
/// third of the smaller one's height and more than 1.5 pt across (letters of one word never
/// do; text printed over text does). A squeezed cell is a run of more than `MAX_ONE_WORD_LINES`
/// lines of one word each, stacked tightly in a narrow column, each going on the text of the
/// line above (it starts in lowercase): a table column too narrow for its text.
fn check_layout(pdf: &Path) -> Findings {
    const MAX_ONE_WORD_LINES: usize = 4;
    let pages = read_pages(pdf);
    let mut f = Findings {
        pages: pages.len(),
        ..Findings::default()
    };
    for (n, page) in pages.iter().enumerate() {
        let words: Vec<&Word> = page
            .blocks
            .iter()
            .flatten()
            .flat_map(|l| l.words.iter())
            .filter(|w| w.x1 > w.x0 && w.y1 > w.y0)
            .collect();
        for (i, a) in words.iter().enumerate() {
            for b in &words[i + 1..] {
                let (w, h) = overlap(a, b);
                let shorter = (a.y1 - a.y0).min(b.y1 - b.y0);
                if w > 1.5 && h > shorter / 3.0 {
                    f.overlaps.push(format!(
                        "page {}: `{}` over `{}` at ({:.0}, {:.0})",
                        n + 1,
                        a.text,
                        b.text,
                        a.x0,
                        a.y0
                    ));
                }
            }
        }
        // runs of one-word lines stacked in a narrow column
        let mut lines: Vec<&Line> = page.blocks.iter().flatten().collect();
        lines.sort_by(|a, b| a.x0.total_cmp(&b.x0).then(a.y0.total_cmp(&b.y0)));
        let mut run: Vec<&Line> = Vec::new();
        let flush = |run: &mut Vec<&Line>, f: &mut Findings| {
            if run.len() > MAX_ONE_WORD_LINES {
                let text: Vec<&str> = run.iter().map(|l| l.words[0].text.as_str()).collect();
                f.squeezed
                    .push(format!("page {}: {}", n + 1, text.join(" / ")));
            }
            run.clear();
        };
        for l in lines {
            let one_word = l.words.len() == 1 && l.x1 - l.x0 < 80.0;
            // the line goes on the text of the line above: it follows it closely in the same
            // column and starts in lowercase (separate cells of a column, such as figures or
            // labels, do not)
            let continues = run.last().is_some_and(|p| {
                (l.x0 - p.x0).abs() < 2.0
                    && l.y0 > p.y0
                    && l.y0 - p.y1 < (p.y1 - p.y0) * 0.6
                    && l.words[0]
                        .text
                        .chars()
                        .next()
                        .is_some_and(char::is_lowercase)
                    // a word, not a flag such as `s` (suppressed) in a column of figures
                    && l.words[0].text.chars().filter(|c| c.is_alphabetic()).count() >= 2
            });
            if one_word && continues {
                run.push(l);
            } else {
                flush(&mut run, &mut f);
                if one_word {
                    run.push(l);
                }
            }
        }
        flush(&mut run, &mut f);
    }
    f
}

/// Checks a PDF and its page count; returns a one-line summary.
fn assert_layout(pdf: &Path, pages: std::ops::RangeInclusive<usize>) -> String {
    let f = check_layout(pdf);
    let name = pdf.file_name().unwrap().to_string_lossy().to_string();
    assert!(
        f.overlaps.is_empty(),
        "{name}: {} overlapping words:\n{}",
        f.overlaps.len(),
        f.overlaps
            .iter()
            .take(20)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(
        f.squeezed.is_empty(),
        "{name}: table cells of one word a line:\n{}",
        f.squeezed.join("\n")
    );
    assert!(
        pages.contains(&f.pages),
        "{name}: {} pages, outside the agreed {pages:?}",
        f.pages
    );
    let summary = format!(
        "{name}: {} pages, {} bytes, 0 overlaps, 0 squeezed cells",
        f.pages,
        std::fs::metadata(pdf).unwrap().len()
    );
    eprintln!("{summary}");
    summary
}

/// A copy of the demonstration project in a temporary folder.
fn demo_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for item in ["localis.yaml", "data", "indicators"] {
        crate::common::copy_dir(&repo_root().join(item), &dir.path().join(item));
    }
    dir
}

fn run(dir: &Path, args: &[&str]) {
    let out = Command::new(env!("CARGO_BIN_EXE_localis"))
        .args(args)
        .arg(dir)
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", "1764000000")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn reports(dir: &Path, file: &str) -> PathBuf {
    dir.join("out/reports").join(file)
}

#[test]
fn the_layout_check_finds_text_over_text_and_squeezed_cells() {
    // a page made to fail: a word printed over another, and a column one word wide
    let dir = tempfile::tempdir().unwrap();
    let typ = "#set page(width: 10cm, height: 8cm)\n#set text(font: \"Noto Sans\")\n#place(dx: 1cm, dy: 1cm)[Overprinted]\n#place(dx: 1.3cm, dy: 1.05cm)[collision]\n#place(dx: 5cm, dy: 2cm, box(width: 0.9cm)[Sustainable cities and communities everywhere])\n";
    let (built, _project) = crate::report::with_template(
        &[("report-templates/vlr/main.typ", typ)],
        Some(localis::model::PdfStandard::None),
    );
    let pdf = dir.path().join("made-to-fail.pdf");
    std::fs::write(&pdf, &built.pdf.expect("compiles").bytes).unwrap();
    let f = check_layout(&pdf);
    assert!(!f.overlaps.is_empty(), "{f:?}");
    assert!(f.overlaps[0].contains("Overprinted") || f.overlaps[0].contains("collision"));
    assert_eq!(f.squeezed.len(), 1, "{f:?}");
    assert!(
        f.squeezed[0].contains("Sustainable / cities / and / communities / everywhere"),
        "{f:?}"
    );
}

#[test]
fn every_demonstration_publication_is_free_of_collisions_and_squeezed_cells() {
    let dir = demo_copy();
    let d = dir.path();
    for template in ["accountability", "department", "public"] {
        run(d, &["report", "--template", template]);
    }
    run(d, &["report", "--each-place", "--lang", "en"]);
    run(d, &["report", "--each-place", "--lang", "pt"]);
    // laws, plans and institutions read as the VLR prints them, never "1 1 = existe, ..."
    let place = Command::new("pdftotext")
        .arg(d.join("out/places/9900017-pt.pdf"))
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    let text = String::from_utf8_lossy(&place.stdout);
    assert!(
        text.contains("Existe desde 2019") && !text.contains("1 = existe"),
        "{text}"
    );
    let mut summary = Vec::new();
    for lang in ["en", "pt"] {
        summary.push(assert_layout(
            &reports(d, &format!("accountability-{lang}.pdf")),
            25..=60,
        ));
        summary.push(assert_layout(
            &reports(d, &format!("department-social-assistance-{lang}.pdf")),
            10..=30,
        ));
        summary.push(assert_layout(
            &reports(d, &format!("public-{lang}.pdf")),
            2..=5,
        ));
        summary.push(assert_layout(
            &d.join(format!("out/places/9900017-{lang}.pdf")),
            8..=20,
        ));
    }
    assert_eq!(summary.len(), 8);
}

#[test]
fn the_vlr_template_is_free_of_collisions_and_squeezed_cells() {
    let dir = tempfile::tempdir().unwrap();
    for lang in ["en", "pt"] {
        let built = crate::report::build_fixture("small", lang, None);
        let pdf = dir.path().join(format!("vlr-small-{lang}.pdf"));
        std::fs::write(&pdf, &built.pdf.expect("compiles").bytes).unwrap();
        assert_layout(&pdf, 8..=30);
    }
}

#[test]
#[ignore = "builds the 270-page demonstration VLR in both languages (40 s, 3 GB): cargo test --release -- --ignored layout_of_the_demonstration_vlr --nocapture"]
fn layout_of_the_demonstration_vlr() {
    let dir = demo_copy();
    run(dir.path(), &["report", "--template", "vlr"]);
    for lang in ["en", "pt"] {
        assert_layout(&reports(dir.path(), &format!("vlr-{lang}.pdf")), 150..=300);
    }
}

#[test]
#[ignore = "checks the PDFs named in LOCALIS_LAYOUT_PDFS (separated by `:`) and prints what it finds"]
fn layout_of_given_pdfs() {
    let Ok(list) = std::env::var("LOCALIS_LAYOUT_PDFS") else {
        return;
    };
    for path in list.split(':') {
        let f = check_layout(Path::new(path));
        println!(
            "{path}: {} pages, {} overlapping words, {} squeezed cells",
            f.pages,
            f.overlaps.len(),
            f.squeezed.len()
        );
        for line in f.overlaps.iter().chain(f.squeezed.iter()).take(8) {
            println!("  {line}");
        }
    }
}
