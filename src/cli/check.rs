//! `localis check`: every problem of a project with its file, line and column, and what the project may read.

use std::path::Path;
use std::process::ExitCode;

use super::{Format, exit_code, show_diagnostics};

/// Loads and checks a project; fails on errors (and on warnings with `deny_warnings`).
pub(crate) fn run(project: &Path, format: Format, deny_warnings: bool) -> anyhow::Result<ExitCode> {
    let mut ws = localis::load::load(project)?;
    localis::pipeline::check_all(&mut ws).analyse_budget_now(&mut ws);
    let diags = ws.diagnostics.sorted(&ws.sources);
    if show_diagnostics(&ws.sources, &diags, format)? {
        eprintln!(
            "checked {} indicators in {} libraries: {} errors, {} warnings",
            ws.active.len(),
            ws.libraries.len(),
            ws.diagnostics.error_count(),
            ws.diagnostics.warning_count()
        );
        let (roots, _) = localis::load::confine::DataRoots::new(&ws.root, &ws.project().data_roots);
        if !roots.extra().is_empty() {
            let shown: Vec<String> = roots
                .extra()
                .iter()
                .map(|(written, real)| format!("{written} ({})", real.display()))
                .collect();
            eprintln!(
                "data may also be read from outside the project, in: {}",
                shown.join(", ")
            );
        }
        // what each map assumes (projection, antimeridian), stated every time
        for map in &ws.maps {
            eprintln!("{}", map.statement());
        }
    }
    let failed =
        ws.diagnostics.has_errors() || (deny_warnings && ws.diagnostics.warning_count() > 0);
    Ok(exit_code(failed))
}
