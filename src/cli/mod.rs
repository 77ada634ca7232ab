//! The commands of the `localis` binary, one file each: every command calls one library entry and prints what it returns.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::ValueEnum;

use localis::diag::{self, Style};
use localis::progress::{Verbosity, chatty, verbosity};

pub(crate) mod budget;
pub(crate) mod chart;
pub(crate) mod check;
pub(crate) mod eval;
pub(crate) mod export;
pub(crate) mod import;
pub(crate) mod init;
pub(crate) mod report;
pub(crate) mod schema;
pub(crate) mod watch;

/// Output formats of diagnostics.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum Format {
    /// Human-readable, with source excerpts.
    Human,
    /// One JSON array, for editors and CI.
    Json,
}

/// Exit code when problems were found in the input.
const EXIT_PROBLEMS: u8 = 1;

/// Renders diagnostics on standard error: all of them, or only the errors with `--quiet`.
pub(crate) fn emit_human(sources: &diag::Sources, diagnostics: &[diag::Diagnostic]) {
    let shown: Vec<_> = diagnostics
        .iter()
        .filter(|d| chatty() || d.severity == diag::Severity::Error)
        .cloned()
        .collect();
    diag::emit_stderr(sources, &shown, Style::Auto);
}

/// Prints a run's diagnostics in the chosen format (JSON on standard output, or rendered on
/// standard error); true when human summary lines should follow.
pub(crate) fn show_diagnostics(
    sources: &diag::Sources,
    diagnostics: &[diag::Diagnostic],
    format: Format,
) -> anyhow::Result<bool> {
    match format {
        Format::Json => {
            let json = diag::to_json(sources, diagnostics);
            println!("{}", serde_json::to_string_pretty(&json)?);
            Ok(false)
        }
        Format::Human => {
            emit_human(sources, diagnostics);
            Ok(chatty())
        }
    }
}

/// The exit code of a command that ran: 1 when it found problems, else 0.
pub(crate) fn exit_code(problems: bool) -> ExitCode {
    if problems {
        ExitCode::from(EXIT_PROBLEMS)
    } else {
        ExitCode::SUCCESS
    }
}

/// `1 place`, `2 places`.
pub(crate) fn count(n: u64, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// `wrote a, b, c` for the files a command wrote (nothing when it wrote none).
pub(crate) fn print_written(ws: &localis::load::Workspace, written: &[PathBuf]) {
    if !written.is_empty() {
        let files: Vec<String> = written.iter().map(|p| ws.display_path(p)).collect();
        eprintln!("wrote {}", files.join(", "));
    }
}

/// The typesetting times of one PDF, printed under `--verbose`.
pub(crate) fn print_pdf_seconds([charts, typeset, export]: [f64; 3]) {
    if verbosity() == Verbosity::Verbose {
        eprintln!(
            "  charts and data {charts:.2} s, typesetting {typeset:.2} s, PDF export {export:.2} s"
        );
    }
}
