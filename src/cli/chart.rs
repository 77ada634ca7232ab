//! `localis chart`: every figure as SVG with its text alternative.

use std::process::ExitCode;

use localis::progress::chatty;

use super::{emit_human, exit_code};

/// `localis chart`: every figure as SVG with its text alternative, then a summary line.
pub(crate) fn run(
    command: localis::publish::chart_files::ChartCommand,
) -> anyhow::Result<ExitCode> {
    let outcome = localis::publish::chart_files::run(&command)?;
    let ws = &outcome.workspace;
    emit_human(&ws.sources, &ws.diagnostics.sorted(&ws.sources));
    if let (true, Some(folder), Some(index)) = (chatty(), &outcome.folder, &outcome.index) {
        eprintln!(
            "wrote {} charts with their text alternatives and charts.json to {}",
            index.charts.len(),
            ws.display_path(folder)
        );
    }
    Ok(exit_code(ws.diagnostics.has_errors()))
}
