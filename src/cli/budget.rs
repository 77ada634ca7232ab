//! `localis budget`: the budget indicators, PEFA grades, retrogressions and scorecard statuses, written and summed up.

use std::process::ExitCode;

use localis::progress::chatty;

use super::{Format, emit_human, exit_code};

/// `localis budget`: checks the project, computes the budget and scorecards, writes them to
/// `out/budget/` and prints a summary (or everything as JSON).
pub(crate) fn run(project: &std::path::Path, format: Format) -> anyhow::Result<ExitCode> {
    let mut ws = localis::load::load(project)?;
    let index = localis::pipeline::check_all(&mut ws);
    let run = localis::pipeline::budget_run(&mut ws, &index);
    emit_human(&ws.sources, &ws.diagnostics.sorted(&ws.sources));
    if ws.project().budget.is_some() || !ws.scorecards.is_empty() {
        let written = localis::output::budget::write(&ws, &run)?;
        match format {
            Format::Json => println!("{}", serde_json::to_string_pretty(&run)?),
            Format::Human => {
                print!("{}", localis::output::budget::render(&ws, &run));
                if chatty() {
                    for p in written {
                        eprintln!("wrote {}", ws.display_path(&p));
                    }
                }
            }
        }
    } else if chatty() {
        eprintln!("the project has neither a `budget:` section nor scorecards");
    }
    Ok(exit_code(ws.diagnostics.has_errors()))
}
