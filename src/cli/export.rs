//! `localis export`: SDMX-CSV and the open-data bundle.

use std::process::ExitCode;

use localis::interop::export::{self, ExportOptions};

use super::{Format, exit_code, show_diagnostics};

/// Runs the pipeline and writes SDMX-CSV and/or the open-data bundle.
pub(crate) fn run(options: &ExportOptions, format: Format) -> anyhow::Result<ExitCode> {
    if let Some(d) = &options.dataflow
        && !export::is_dataflow(d)
    {
        anyhow::bail!(
            "`{d}` is not a dataflow reference (write AGENCY:ID(VERSION), such as LOCALIS:DF_SDG_LOCAL(1.0))"
        );
    }
    let run = export::export(options)?;
    let ws = &run.workspace;
    if show_diagnostics(&ws.sources, &run.diagnostics, format)? {
        if run.has_errors() {
            eprintln!("stopped: the project or its data have errors; nothing was exported");
        } else {
            let files: Vec<String> = run.written.iter().map(|p| ws.display_path(p)).collect();
            eprintln!("wrote {}", files.join(", "));
            if !run.omitted.is_empty() {
                let left: Vec<String> = run.omitted.iter().map(|p| ws.display_path(p)).collect();
                let limit = options
                    .json_limit
                    .unwrap_or(localis::output::write::DEFAULT_JSON_LIMIT);
                eprintln!(
                    "note: {} not written: larger than {} (the CSV files beside them hold the same values; the bundle's README says so); pass --json to write {}",
                    left.join(" and "),
                    if limit >= 1 << 20 {
                        format!("{} MiB", limit >> 20)
                    } else {
                        format!("{limit} bytes")
                    },
                    if left.len() == 1 { "it" } else { "them" },
                );
            }
        }
    }
    Ok(exit_code(run.has_errors()))
}
