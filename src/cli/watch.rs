//! `localis watch`: rebuilds the reports when the project changes and prints each rebuild.

use std::process::ExitCode;

use localis::progress::{Verbosity, chatty, verbosity};

use super::{emit_human, print_pdf_seconds};

/// `localis watch`: prints each rebuild (its diagnostics, the PDFs, the time it took).
pub(crate) fn run(command: localis::publish::report::ReportCommand) -> anyhow::Result<ExitCode> {
    use localis::watch::{Redone, WatchOptions};
    let options = WatchOptions {
        report: command,
        debounce: std::time::Duration::from_millis(50),
    };
    let print = |r: &localis::watch::Rebuild<'_>| {
        if let Some(failure) = &r.failure {
            eprintln!("error: {failure}");
        }
        emit_human(r.sources, &r.diagnostics);
        if !chatty() {
            return;
        }
        if verbosity() == Verbosity::Verbose {
            for p in r.changed {
                eprintln!("changed {}", p.display());
            }
        }
        let pdfs: Vec<String> = r
            .written
            .iter()
            .map(|w| format!("{} ({} pages)", w.path.display(), w.pages))
            .collect();
        if r.preview {
            // the edit to look at now; the tagged PDF (the line after) replaces it
            eprintln!(
                "preview in {:.2} s, untagged (the tagged PDF follows): {}",
                r.seconds,
                pdfs.join(", ")
            );
            for w in &r.written {
                print_pdf_seconds(w.seconds);
            }
            return;
        }
        let what = match (r.redone, r.changed.is_empty()) {
            (_, true) => "built",
            (Redone::Markup, false) => "rebuilt (markup changed, data and charts kept)",
            (Redone::Templates, false) => "rebuilt (templates changed, evaluation kept)",
            (Redone::Data, false) => "rebuilt (data changed, indicator definitions kept)",
            (Redone::Everything, false) => "rebuilt (project changed)",
        };
        if pdfs.is_empty() {
            eprintln!("{what} in {:.2} s: no report written", r.seconds);
        } else {
            eprintln!("{what} in {:.2} s: {}", r.seconds, pdfs.join(", "));
        }
        for w in &r.written {
            print_pdf_seconds(w.seconds);
        }
    };
    localis::watch::watch(&options, print, |root| {
        if chatty() {
            eprintln!("watching {} (Ctrl-C stops)", root.display());
        }
    })?;
    Ok(ExitCode::SUCCESS)
}
