//! `localis import opensdg`: a new project from an Open SDG data repository, what could not be carried over, and its check.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use localis::interop::opensdg::ImportOptions;
use localis::progress::chatty;

use super::{count, exit_code};

/// The new project's folder when none is given: `<repository name>-localis`.
pub(crate) fn default_folder(repository: &Path) -> PathBuf {
    let name = std::fs::canonicalize(repository)
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().to_string()))
        .unwrap_or_else(|| "opensdg".to_string());
    PathBuf::from(format!("{name}-localis"))
}

/// Imports, prints what could not be carried over, and whether the new project checks.
pub(crate) fn run(options: &ImportOptions) -> anyhow::Result<ExitCode> {
    let outcome = localis::interop::opensdg::import(options)?;
    if chatty() {
        print!("{}", outcome.notes_markdown);
        eprintln!(
            "imported {} Open SDG indicators as {} into {} (library `{}`, {} datasets); {} things not carried over are listed in {}",
            outcome.imported,
            count(outcome.indicators as u64, "indicator"),
            outcome.to.display(),
            outcome.library,
            outcome.datasets,
            outcome.notes.count(),
            outcome
                .to
                .join(localis::interop::opensdg::NOTES_FILE)
                .display()
        );
        eprintln!(
            "localis check of the new project: {} errors, {} warnings",
            outcome.check.0, outcome.check.1
        );
    }
    for p in &outcome.notes.problems {
        eprintln!("error: {p}");
    }
    Ok(exit_code(
        outcome.check.0 > 0 || !outcome.notes.problems.is_empty(),
    ))
}
