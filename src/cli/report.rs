//! `localis report`: the project's publications, or with `--each-place` one PDF per place, with a line for each file.

use std::path::Path;
use std::process::ExitCode;

use localis::progress::{Verbosity, verbosity};

use super::{Format, count, exit_code, print_pdf_seconds, show_diagnostics};

/// `localis report`: builds the project's publications, then a line for each PDF (and with
/// `timings`, writes typst's timings of the run there).
pub(crate) fn run(
    command: localis::publish::report::ReportCommand,
    format: Format,
    timings: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    if timings.is_some() {
        localis::publish::pdf::timings::start();
    }
    let outcome = localis::publish::report::run(&command)?;
    let ws = &outcome.workspace;

    if show_diagnostics(&ws.sources, &ws.diagnostics.sorted(&ws.sources), format)? {
        for w in &outcome.written {
            eprintln!(
                "wrote {} ({} pages, {} KiB)",
                w.path.display(),
                w.pages,
                w.bytes.div_ceil(1024)
            );
            print_pdf_seconds(w.seconds);
        }
    }
    if let Some(path) = timings {
        let bytes = localis::publish::pdf::timings::finish(path, &ws.root)?;
        eprintln!(
            "wrote {} (typst's timings, {} KiB; open it in https://ui.perfetto.dev)",
            path.display(),
            bytes.div_ceil(1024)
        );
    }
    Ok(exit_code(ws.diagnostics.has_errors()))
}

/// `localis report --each-place`: one PDF per place, then a summary line.
pub(crate) fn each_place(
    command: localis::publish::each_place::EachPlaceCommand,
    format: Format,
) -> anyhow::Result<ExitCode> {
    let outcome = localis::publish::each_place::run(&command)?;
    let ws = &outcome.workspace;
    if show_diagnostics(&ws.sources, &ws.diagnostics.sorted(&ws.sources), format)? {
        let [scores, reports] = outcome.seconds;
        eprintln!(
            "wrote {} of {} to {} ({} pages, {} MiB) in {:.1} s",
            count(outcome.written as u64, "report"),
            count(outcome.places as u64, "place"),
            ws.display_path(&outcome.folder),
            outcome.pages,
            outcome.bytes.div_ceil(1 << 20),
            scores + reports,
        );
        if outcome.without_data > 0 {
            eprintln!(
                "{} without any value got no report",
                count(outcome.without_data as u64, "place")
            );
        }
        if verbosity() == Verbosity::Verbose && reports > 0.0 {
            eprintln!(
                "  scores and ranks {scores:.2} s, reports {reports:.2} s ({:.2} PDFs/s)",
                outcome.written as f64 / reports
            );
            let [typeset, export] = outcome.typst_seconds;
            eprintln!(
                "  summed over the reports: typesetting {typeset:.2} s, PDF export {export:.2} s"
            );
        }
    }
    Ok(exit_code(ws.diagnostics.has_errors()))
}
