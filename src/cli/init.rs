//! `localis init`: a new project that checks and builds a report at once.

use std::process::ExitCode;

use localis::progress::chatty;

use super::count;

/// `localis init`: scaffolds a new project.
pub(crate) fn run(options: localis::scaffold::InitOptions) -> anyhow::Result<ExitCode> {
    let outcome = localis::scaffold::init(&options)?;
    if chatty() {
        eprintln!(
            "created a localis project in {} with {} copied from the shipped libraries and invented sample data",
            outcome.dir.display(),
            count(outcome.indicators.len() as u64, "indicator")
        );
        eprintln!(
            "next: `localis check`, `localis report` (out/reports/), then replace data/ with your data"
        );
    }
    Ok(ExitCode::SUCCESS)
}
