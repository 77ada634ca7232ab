//! typst as a library: compiles a report template with its data into PDF bytes, reporting problems as diagnostics.

pub mod diagnostics;
pub mod fonts;
pub mod pack;
pub mod timings;
pub mod world;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use typst::foundations::{Bytes, Datetime, Smart};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard as TypstPdfStandard, PdfStandards, Timestamp};

pub use fonts::FontSet;
pub(crate) use world::ReportWorld;
pub use world::{Origin, TemplateFiles};

use crate::diag::{Diagnostic, Diagnostics, Sources};
use crate::model::PdfStandard;

/// What typesetting one publication needs: its template, language and the PDF's options.
/// The one request type from every publication (VLR, accountability, department, public,
/// per-place) to the typst compiler; its data and figures are passed beside it.
#[derive(Debug, Clone)]
pub struct TypesetRequest<'a> {
    /// The template files (embedded, overlaid by the project's).
    pub templates: &'a TemplateFiles,
    /// The template (folder) name, such as `vlr`; its `main.typ` is compiled.
    pub template: &'a str,
    /// The publication's language (`sys.inputs.lang`).
    pub lang: &'a str,
    /// Fonts.
    pub fonts: Arc<FontSet>,
    /// The date typst sees as today, also the PDF's creation date.
    pub date: time::Date,
    /// The PDF standard to conform to.
    pub standard: Option<PdfStandard>,
    /// A stable identifier of the publication such as `vlr/4305108/pt` (the PDF document id
    /// is derived from it).
    pub ident: String,
    /// Whether the PDF is a preview: the same pages exported without tags and without
    /// claiming a standard, in half the time (`localis watch` shows an edit with it, then
    /// writes the tagged PDF).
    pub preview: bool,
}

/// A compiled PDF.
#[derive(Debug, Clone)]
pub struct CompiledPdf {
    /// The PDF file.
    pub bytes: Vec<u8>,
    /// Number of pages.
    pub pages: usize,
    /// Seconds typst took to lay the document out.
    pub typeset_seconds: f64,
    /// Seconds the PDF export took.
    pub export_seconds: f64,
}

static CACHE_MAX_AGE: AtomicUsize = AtomicUsize::new(0);

/// How many compilations typst's memoisation cache keeps entries that were not used for:
/// 0 (the default) empties it after every compilation, which keeps batches flat in memory;
/// `localis watch` keeps it warm so that a template edit recompiles only what changed.
pub(crate) fn set_cache_max_age(compilations: usize) {
    CACHE_MAX_AGE.store(compilations, Ordering::Relaxed);
}

/// The name of the program written into PDFs as their creator.
pub(crate) fn creator() -> String {
    format!("localis {} (typst 0.15)", env!("CARGO_PKG_VERSION"))
}

/// Compiles a template to PDF with the files generated for it (virtual path such as
/// `/data.json` or `/charts/x.svg` -> bytes). Typst warnings and errors are pushed onto `diagnostics`
/// (their template files registered in `sources`); `None` when an error stopped the PDF.
pub(crate) fn compile_pdf(
    request: &TypesetRequest<'_>,
    generated: BTreeMap<String, Bytes>,
    sources: &mut Sources,
    diagnostics: &mut Diagnostics,
) -> Option<CompiledPdf> {
    let _compiling = Compiling::start();
    compile_inner(request, generated, sources, diagnostics)
}

/// How many compilations are running (reports are built in parallel).
static COMPILING: AtomicUsize = AtomicUsize::new(0);

/// One running compilation. comemo memoises across compilations and a batch of reports must
/// not grow without bound, so the cache is evicted when the last running compilation ends
/// (evicting while another one runs would throw away the cache it is using), keeping entries
/// used within the last [`set_cache_max_age`] compilations.
struct Compiling;

impl Compiling {
    fn start() -> Compiling {
        COMPILING.fetch_add(1, Ordering::SeqCst);
        Compiling
    }
}

impl Drop for Compiling {
    fn drop(&mut self) {
        if COMPILING.fetch_sub(1, Ordering::SeqCst) == 1 {
            typst::comemo::evict(CACHE_MAX_AGE.load(Ordering::Relaxed));
        }
    }
}

/// How many compilations are laying their document out (not exporting it).
static LAYING_OUT: AtomicUsize = AtomicUsize::new(0);

/// One layout running. A laid-out document keeps what it needs, and the PDF export does not
/// need typst's layout cache: when the last running layout ends and no cache is kept between
/// compilations ([`set_cache_max_age`] 0), the cache is emptied before the exports, so that
/// reports typeset at once (the languages of a VLR) do not hold it through their exports.
struct LayingOut;

impl LayingOut {
    fn start() -> LayingOut {
        LAYING_OUT.fetch_add(1, Ordering::SeqCst);
        LayingOut
    }
}

impl Drop for LayingOut {
    fn drop(&mut self) {
        if LAYING_OUT.fetch_sub(1, Ordering::SeqCst) == 1
            && CACHE_MAX_AGE.load(Ordering::Relaxed) == 0
        {
            typst::comemo::evict(0);
        }
    }
}

fn compile_inner(
    request: &TypesetRequest<'_>,
    generated: BTreeMap<String, Bytes>,
    sources: &mut Sources,
    diagnostics: &mut Diagnostics,
) -> Option<CompiledPdf> {
    let today = Datetime::from_ymd(
        request.date.year(),
        request.date.month() as u8,
        request.date.day(),
    )?;
    let mut inputs = BTreeMap::new();
    inputs.insert("lang".to_string(), request.lang.to_string());
    inputs.insert("template".to_string(), request.template.to_string());
    let main = format!("/{}/main.typ", request.template);
    let world = match ReportWorld::new(
        request.templates,
        &main,
        generated,
        inputs,
        request.fonts.clone(),
        today,
    ) {
        Ok(w) => w,
        Err(e) => {
            diagnostics.push(
                Diagnostic::error("report-template", e.to_string()).hint(format!(
                    "available templates: {}",
                    request.templates.template_names().join(", ")
                )),
            );
            return None;
        }
    };
    let started = std::time::Instant::now();
    let warned = {
        let _laying_out = LayingOut::start();
        typst::compile::<PagedDocument>(&world)
    };
    let typeset_seconds = started.elapsed().as_secs_f64();
    let mut converter = diagnostics::DiagnosticConverter::new(&world, request.templates, sources);
    for w in &warned.warnings {
        diagnostics.push(converter.convert(w, "template-warning"));
    }
    let document = match warned.output {
        Ok(doc) => doc,
        Err(errors) => {
            for e in &errors {
                diagnostics.push(converter.convert(e, "template-error"));
            }
            return None;
        }
    };
    let standard = match request.preview {
        true => PdfStandard::None,
        false => request.standard.unwrap_or(PdfStandard::DEFAULT),
    };
    let standards = match pdf_standards(standard) {
        Ok(s) => s,
        Err(message) => {
            diagnostics.push(Diagnostic::error("pdf-standard", message));
            return None;
        }
    };
    let mut options = PdfOptions {
        ident: Smart::Custom(request.ident.clone()),
        creator: Smart::Custom(Some(creator())),
        timestamp: Some(Timestamp::new_utc(today)),
        page_ranges: None,
        standards,
        tagged: !request.preview,
        pretty: false,
    };
    let started = std::time::Instant::now();
    let mut exported = typst_pdf::pdf(&document, &options);
    // text that no embedded font has glyphs for (emoji, scripts without a shipped font) breaks
    // PDF/A and PDF/UA: each such text is a warning naming it, and the PDF is written without
    // claiming the standard rather than not at all
    if let Err(errors) = &exported
        && !errors.is_empty()
        && errors.iter().all(|e| is_missing_glyph(&e.message))
    {
        for e in errors {
            let mut d = converter.convert(e, "missing-glyph");
            d.severity = crate::diag::Severity::Warning;
            let what = d.message.rsplit("error: ").next().unwrap_or(&d.message);
            d.message = format!(
                "{} (no embedded font has its glyphs: it would print as empty boxes)",
                what.trim_end_matches('.')
            );
            diagnostics.push(d.hint(
                "put a font that covers this text in the project's report-templates/fonts/, or change the text; the PDF was written without claiming its standard",
            ));
        }
        options.standards = PdfStandards::default();
        exported = typst_pdf::pdf(&document, &options);
    }
    match exported {
        Ok(bytes) => Some(CompiledPdf {
            // object streams: the tag tree's many small objects, deflated
            bytes: pack::pack_objects(&bytes).unwrap_or(bytes),
            pages: document.pages().len(),
            typeset_seconds,
            export_seconds: started.elapsed().as_secs_f64(),
        }),
        Err(errors) => {
            for e in &errors {
                let code = if standard != PdfStandard::None && e.message.contains("error:") {
                    "pdf-standard"
                } else {
                    "pdf-export"
                };
                let mut d = converter.convert(e, code);
                if code == "pdf-standard" && d.hint.is_none() {
                    d = d.hint(
                        "choose another `standard` for this report in localis.yaml (`none` claims none), or change the content that breaks it",
                    );
                }
                diagnostics.push(d);
            }
            None
        }
    }
}

/// Whether a PDF export error says that text has no glyph in its font.
fn is_missing_glyph(message: &str) -> bool {
    message.contains("could not be displayed with font")
        || message.contains("glyph that could not be found")
}

fn pdf_standards(standard: PdfStandard) -> Result<PdfStandards, String> {
    let list: &[TypstPdfStandard] = match standard {
        PdfStandard::None => &[],
        PdfStandard::PdfA2aUa1 => &[TypstPdfStandard::A_2a, TypstPdfStandard::Ua_1],
        PdfStandard::PdfA2a => &[TypstPdfStandard::A_2a],
        PdfStandard::PdfA2b => &[TypstPdfStandard::A_2b],
        PdfStandard::PdfA3b => &[TypstPdfStandard::A_3b],
        PdfStandard::PdfUa1 => &[TypstPdfStandard::Ua_1],
    };
    if list.is_empty() {
        return Ok(PdfStandards::default());
    }
    PdfStandards::new(list).map_err(|e| e.message().to_string())
}
