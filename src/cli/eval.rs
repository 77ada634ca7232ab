//! `localis eval`: every indicator evaluated, protected and assessed, with a summary line of what was written.

use std::path::PathBuf;
use std::process::ExitCode;

use localis::progress::chatty;

use super::{Format, count, exit_code, print_written, show_diagnostics};

/// `localis eval`: runs the pipeline, prints the diagnostics and a summary line.
pub(crate) fn run(
    project: &std::path::Path,
    format: Format,
    options: localis::pipeline::EvalOptions,
) -> anyhow::Result<ExitCode> {
    let options_limit = options
        .json_limit
        .unwrap_or(localis::output::write::DEFAULT_JSON_LIMIT);
    let run = localis::pipeline::eval(project, &options)?;
    let ws = &run.workspace;
    if show_diagnostics(&ws.sources, &run.diagnostics, format)? {
        let errors = ws.diagnostics.error_count();
        let warnings = ws.diagnostics.warning_count();
        match &run.summary {
            None => eprintln!(
                "stopped: the project has {errors} errors ({warnings} warnings); nothing was evaluated"
            ),
            Some(s) => {
                eprintln!(
                    "evaluated {} for {}: {} from {}; {errors} errors, {warnings} warnings",
                    count(s.stats.indicators as u64, "indicator"),
                    count(s.places.len() as u64, "place"),
                    count(s.stats.observations, "observation"),
                    count(s.stats.rows, "data row"),
                );
                print_written_tables(ws, &run.written);
            }
        }
    }
    let mib = |bytes: u64| {
        if bytes >= 1 << 30 {
            format!("{:.1} GiB", bytes as f64 / (1u64 << 30) as f64)
        } else if bytes >= 1 << 20 {
            format!("{} MiB", bytes >> 20)
        } else {
            format!("{bytes} bytes")
        }
    };
    if let Some(data) = run.csv_left_out.filter(|_| chatty()) {
        eprintln!(
            "note: results.csv and assessment.csv not written: the project's data files of values hold {} (more than {}); the results and the assessment are in results/ and assessment/ as Parquet, one file per indicator; pass --csv to write the CSV files too",
            mib(data),
            mib(options
                .csv_limit
                .unwrap_or(localis::output::write::DEFAULT_CSV_DATA_LIMIT)),
        );
    }
    if !run.omitted.is_empty() && chatty() {
        let files: Vec<String> = run.omitted.iter().map(|p| ws.display_path(p)).collect();
        eprintln!(
            "note: {} not written: larger than {} ({} the same results); pass --json to write {}",
            files.join(" and "),
            mib(options_limit),
            if run.csv_left_out.is_some() {
                "the Parquet files hold"
            } else {
                "results.csv and assessment.csv hold"
            },
            if files.len() == 1 { "it" } else { "them" },
        );
    }
    Ok(exit_code(run.has_errors()))
}

/// [`super::print_written`], with the Parquet files of each folder (one per indicator) counted
/// instead of listed: `wrote results.csv, …, results/*.parquet (400 files)`.
pub(crate) fn print_written_tables(ws: &localis::load::Workspace, written: &[PathBuf]) {
    let mut listed = Vec::new();
    let mut tables: Vec<(PathBuf, usize)> = Vec::new();
    for p in written {
        let table = p
            .parent()
            .filter(|d| {
                d.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with("indicator="))
            })
            .and_then(|d| d.parent())
            .filter(|_| p.extension().is_some_and(|x| x == "parquet"));
        match table {
            Some(t) => match tables.iter_mut().find(|(d, _)| d == t) {
                Some((_, n)) => *n += 1,
                None => tables.push((t.to_path_buf(), 1)),
            },
            None => listed.push(p.clone()),
        }
    }
    if tables.is_empty() {
        return print_written(ws, written);
    }
    let mut files: Vec<String> = listed.iter().map(|p| ws.display_path(p)).collect();
    for (dir, n) in &tables {
        files.push(format!(
            "{}/*.parquet ({})",
            ws.display_path(dir),
            count(*n as u64, "file")
        ));
    }
    eprintln!("wrote {}", files.join(", "));
}
