//! The `localis` command line: parses arguments once and runs one pipeline command.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use localis::diag::{self, Style};
use localis::progress::{Verbosity, chatty, verbosity};

/// localis: from YAML indicator definitions and a city's data to assessed results, charts and PDF reports.
#[derive(Debug, Parser)]
#[command(name = "localis", version, about, long_about = None)]
struct Cli {
    /// Print only errors.
    #[arg(short, long, global = true)]
    quiet: bool,
    /// Print more about what is done.
    #[arg(short, long, global = true, conflicts_with = "quiet")]
    verbose: bool,
    #[command(subcommand)]
    command: Command,
}

/// Output formats of diagnostics.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    /// Human-readable, with source excerpts.
    Human,
    /// One JSON array, for editors and CI.
    Json,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Load a project and report every problem with its file, line and column.
    Check {
        /// Project folder or its localis.yaml (default: the current folder).
        #[arg(default_value = ".")]
        project: PathBuf,
        /// How to print the diagnostics.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Treat warnings as errors.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Compute the budget indicators, PEFA grades, retrogressions and scorecard statuses.
    Budget {
        /// Project folder or its localis.yaml (default: the current folder).
        #[arg(default_value = ".")]
        project: PathBuf,
        /// `human` prints a summary; `json` prints everything computed.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Evaluate every indicator for every place; write results as JSON and tidy CSV.
    Eval {
        /// Project folder or its localis.yaml (default: the current folder).
        #[arg(default_value = ".")]
        project: PathBuf,
        /// How to print the diagnostics.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Output folder (default: the project's `output`, usually `out/`).
        #[arg(long)]
        output: Option<PathBuf>,
        /// Write results.json and assessment.json whatever their size (by default each is
        /// left out above 256 MiB; the CSV files hold the same results).
        #[arg(long)]
        json: bool,
        /// Indicators assessed and written together (outputs never depend on it).
        #[arg(long, hide = true)]
        window: Option<usize>,
        /// The size in bytes above which JSON is left out (default 256 MiB).
        #[arg(long, hide = true)]
        json_limit: Option<u64>,
        /// Also write results and assessment as Parquet, one snappy-compressed file per
        /// indicator (results/indicator=<id>/part-0.parquet, assessment/...), for DuckDB,
        /// polars, Spark or DataFusion.
        #[arg(long)]
        parquet: bool,
    },
    /// Draw every indicator and summary chart as SVG with its text alternative (out/charts/).
    Chart {
        /// Project folder or its localis.yaml (default: the current folder).
        #[arg(default_value = ".")]
        project: PathBuf,
        /// Language of the chart text (default: the project's first language).
        #[arg(long)]
        lang: Option<String>,
        /// Output folder (default: the project's `output`, usually `out/`).
        #[arg(long)]
        output: Option<PathBuf>,
    },
    /// Build the project's publications as PDF (out/reports/<name>.pdf).
    Report {
        /// Project folder or its localis.yaml (default: the current folder).
        #[arg(default_value = ".")]
        project: PathBuf,
        /// Build only this template: `vlr`, `accountability`, `department`, `public`, or one of the project's report-templates/.
        #[arg(long)]
        template: Option<String>,
        /// Build only in this language (repeat for several).
        #[arg(long = "lang")]
        languages: Vec<String>,
        /// How to print the diagnostics.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// One compact PDF per place of the project (out/places/<GeoCode>.pdf), with
        /// distance-to-target ranks across the places, in the first `--lang` given.
        #[arg(long, conflicts_with = "template")]
        each_place: bool,
        /// With --each-place: places evaluated and typeset together (memory grows with it).
        #[arg(long, default_value_t = 250, requires = "each_place")]
        chunk: usize,
    },
    /// Rebuild the reports whenever the project's YAML, data or templates change (Ctrl-C stops).
    Watch {
        /// Project folder or its localis.yaml (default: the current folder).
        #[arg(default_value = ".")]
        project: PathBuf,
        /// Build only this template (`vlr`, or one of the project's report-templates/).
        #[arg(long)]
        template: Option<String>,
        /// Build only in this language (repeat for several); one language rebuilds faster.
        #[arg(long = "lang")]
        languages: Vec<String>,
    },
    /// Import from another platform into a new localis project.
    Import {
        #[command(subcommand)]
        source: ImportSource,
    },
    /// Export the results as SDMX-CSV or as an open-data bundle (out/sdmx/, out/open-data/).
    Export {
        /// Project folder or its localis.yaml (default: the current folder).
        #[arg(default_value = ".")]
        project: PathBuf,
        /// What to write (repeat, or separate with commas: `sdmx,open-data`).
        #[arg(long, value_enum, value_delimiter = ',', required = true)]
        format: Vec<ExportFormatArg>,
        /// Output folder (default: the project's `output`, usually `out/`).
        #[arg(long)]
        output: Option<PathBuf>,
        /// SDMX dataflow, `AGENCY:ID(VERSION)` (default `LOCALIS:DF_SDG_LOCAL(1.0)`).
        #[arg(long)]
        dataflow: Option<String>,
        /// How to print the diagnostics.
        #[arg(long = "diagnostics", value_enum, default_value_t = Format::Human)]
        diagnostics: Format,
    },
    /// Create a new project that checks and builds a report at once.
    Init {
        /// The project folder (default: the current folder).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Name of the place (default: the folder's name).
        #[arg(long)]
        place: Option<String>,
        /// GeoCode of the place (default `0000000`).
        #[arg(long)]
        geocode: Option<String>,
        /// Main language of the publications (default `en`).
        #[arg(long)]
        language: Option<String>,
    },
    /// Print the JSON Schema of a kind of YAML file, for editors.
    Schema {
        /// Which file: `project` (localis.yaml), `library` (library.yaml) or `indicators`.
        #[arg(default_value = "indicators", value_parser = clap::builder::PossibleValuesParser::new(localis::schema::SCHEMA_KINDS))]
        kind: String,
    },
}

/// Platforms `localis import` reads.
#[derive(Debug, Subcommand)]
enum ImportSource {
    /// An Open SDG data repository (data/indicator_*.csv, meta/, indicator-config/).
    Opensdg {
        /// The data repository's folder.
        repository: PathBuf,
        /// The new project's folder (default: `<repository name>-localis`).
        #[arg(long)]
        to: Option<PathBuf>,
        /// Name of the place (default: from the metadata, else the repository's name).
        #[arg(long)]
        place: Option<String>,
        /// GeoCode of the place (default: derived from its name).
        #[arg(long)]
        geocode: Option<String>,
        /// Also import indicators whose reporting status is `notstarted` or `notapplicable`.
        #[arg(long)]
        include_not_started: bool,
        /// The site repository's `_data/site_config.yml`, whose `progress_status` names the
        /// labels of the site's own progress statuses (such as `alcanzado`).
        #[arg(long, value_name = "FILE")]
        site_config: Option<PathBuf>,
        /// What kind of place the repository reports on: `country` (the default: an SDG
        /// Progress Report), `region`, or `municipality` (a Voluntary Local Review).
        #[arg(long, value_enum)]
        place_kind: Option<PlaceKindArg>,
    },
}

/// Kinds of place `localis import` can say a repository reports on.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum PlaceKindArg {
    /// A whole country.
    Country,
    /// A region, province or state.
    Region,
    /// A municipality or city.
    Municipality,
}

impl From<PlaceKindArg> for localis::model::PlaceKind {
    fn from(k: PlaceKindArg) -> Self {
        match k {
            PlaceKindArg::Country => localis::model::PlaceKind::Country,
            PlaceKindArg::Region => localis::model::PlaceKind::Region,
            PlaceKindArg::Municipality => localis::model::PlaceKind::Municipality,
        }
    }
}

/// Formats of `localis export`.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum ExportFormatArg {
    /// SDMX-CSV with SDG codes.
    Sdmx,
    /// Results, metadata, assessment and a README.
    OpenData,
}

/// Exit code when problems were found in the input.
const EXIT_PROBLEMS: u8 = 1;
/// Exit code when the command could not run at all.
const EXIT_CANNOT_RUN: u8 = 2;

/// Renders diagnostics on standard error: all of them, or only the errors with `--quiet`.
fn emit_human(sources: &diag::Sources, diagnostics: &[diag::Diagnostic]) {
    let shown: Vec<_> = diagnostics
        .iter()
        .filter(|d| chatty() || d.severity == diag::Severity::Error)
        .cloned()
        .collect();
    diag::emit_stderr(sources, &shown, Style::Auto);
}

/// Prints a run's diagnostics in the chosen format (JSON on standard output, or rendered on
/// standard error); true when human summary lines should follow.
fn show_diagnostics(
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
fn exit_code(problems: bool) -> ExitCode {
    if problems {
        ExitCode::from(EXIT_PROBLEMS)
    } else {
        ExitCode::SUCCESS
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    localis::progress::set_verbosity(if cli.quiet {
        Verbosity::Quiet
    } else if cli.verbose {
        Verbosity::Verbose
    } else {
        Verbosity::Normal
    });
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(EXIT_CANNOT_RUN)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Check {
            project,
            format,
            deny_warnings,
        } => {
            let mut ws = localis::load::load(&project)?;
            localis::pipeline::check_all(&mut ws);
            let diags = ws.diagnostics.sorted(&ws.sources);
            if show_diagnostics(&ws.sources, &diags, format)? {
                eprintln!(
                    "checked {} indicators in {} libraries: {} errors, {} warnings",
                    ws.active.len(),
                    ws.libraries.len(),
                    ws.diagnostics.error_count(),
                    ws.diagnostics.warning_count()
                );
                let (roots, _) =
                    localis::load::confine::DataRoots::new(&ws.root, &ws.project().data_roots);
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
            let failed = ws.diagnostics.has_errors()
                || (deny_warnings && ws.diagnostics.warning_count() > 0);
            Ok(exit_code(failed))
        }
        Command::Budget { project, format } => budget(&project, format),
        Command::Eval {
            project,
            format,
            output,
            json,
            window,
            json_limit,
            parquet,
        } => eval_command(
            &project,
            format,
            localis::pipeline::EvalOptions {
                output,
                json,
                window,
                json_limit,
                parquet,
            },
        ),
        Command::Chart {
            project,
            lang,
            output,
        } => chart(localis::publish::chart_files::ChartCommand {
            project,
            lang,
            output,
        }),
        Command::Report {
            project,
            languages,
            format,
            each_place: true,
            chunk,
            ..
        } => each_place(
            localis::publish::each_place::EachPlaceCommand {
                project,
                lang: languages.first().cloned(),
                chunk,
            },
            format,
        ),
        Command::Report {
            project,
            template,
            languages,
            format,
            ..
        } => report(
            localis::publish::report::ReportCommand {
                project,
                template,
                languages,
            },
            format,
        ),
        Command::Import { source } => import(source),
        Command::Export {
            project,
            format,
            output,
            dataflow,
            diagnostics,
        } => export(&project, &format, output, dataflow, diagnostics),
        Command::Init {
            dir,
            place,
            geocode,
            language,
        } => init(localis::scaffold::InitOptions {
            dir,
            place,
            geocode,
            language,
        }),
        Command::Watch {
            project,
            template,
            languages,
        } => watch(localis::publish::report::ReportCommand {
            project,
            template,
            languages,
        }),
        Command::Schema { kind } => {
            let schema = localis::schema::schema(&kind)
                .ok_or_else(|| anyhow::anyhow!("unknown schema kind `{kind}`"))?;
            println!("{schema}");
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// `localis budget`: checks the project, computes the budget and scorecards, writes them to
/// `out/budget/` and prints a summary (or everything as JSON).
fn budget(project: &std::path::Path, format: Format) -> anyhow::Result<ExitCode> {
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

/// `1 place`, `2 places`.
fn count(n: u64, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// `localis eval`: runs the pipeline, prints the diagnostics and a summary line.
fn eval_command(
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
    if !run.omitted.is_empty() && chatty() {
        let files: Vec<String> = run.omitted.iter().map(|p| ws.display_path(p)).collect();
        eprintln!(
            "note: {} not written: larger than {} (results.csv and assessment.csv hold the same results); pass --json to write {}",
            files.join(" and "),
            if options_limit >= 1 << 20 {
                format!("{} MiB", options_limit >> 20)
            } else {
                format!("{options_limit} bytes")
            },
            if files.len() == 1 { "it" } else { "them" },
        );
    }
    Ok(exit_code(run.has_errors()))
}

/// [`print_written`], with the Parquet files of each folder (one per indicator) counted
/// instead of listed: `wrote results.csv, …, results/*.parquet (400 files)`.
fn print_written_tables(ws: &localis::load::Workspace, written: &[PathBuf]) {
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

/// `wrote a, b, c` for the files a command wrote (nothing when it wrote none).
fn print_written(ws: &localis::load::Workspace, written: &[PathBuf]) {
    if !written.is_empty() {
        let files: Vec<String> = written.iter().map(|p| ws.display_path(p)).collect();
        eprintln!("wrote {}", files.join(", "));
    }
}

/// `localis chart`: every figure as SVG with its text alternative, then a summary line.
fn chart(command: localis::publish::chart_files::ChartCommand) -> anyhow::Result<ExitCode> {
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

/// The typesetting times of one PDF, printed under `--verbose`.
fn print_pdf_seconds([charts, typeset, export]: [f64; 3]) {
    if verbosity() == Verbosity::Verbose {
        eprintln!(
            "  charts and data {charts:.2} s, typesetting {typeset:.2} s, PDF export {export:.2} s"
        );
    }
}

/// `localis report`: builds the project's publications, then a line for each PDF.
fn report(
    command: localis::publish::report::ReportCommand,
    format: Format,
) -> anyhow::Result<ExitCode> {
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
    Ok(exit_code(ws.diagnostics.has_errors()))
}

/// `localis import opensdg`: imports, prints what could not be carried over, checks the result.
fn import(source: ImportSource) -> anyhow::Result<ExitCode> {
    let ImportSource::Opensdg {
        repository,
        to,
        place,
        geocode,
        include_not_started,
        site_config,
        place_kind,
    } = source;
    let to = to.unwrap_or_else(|| {
        let name = std::fs::canonicalize(&repository)
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().to_string()))
            .unwrap_or_else(|| "opensdg".to_string());
        PathBuf::from(format!("{name}-localis"))
    });
    let options = localis::interop::opensdg::ImportOptions {
        repository,
        to,
        place,
        geocode,
        include_not_started,
        site_config,
        place_kind: place_kind.map(Into::into),
    };
    let outcome = localis::interop::opensdg::import(&options)?;
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

/// `localis export`: runs the pipeline and writes SDMX-CSV and/or the open-data bundle.
fn export(
    project: &std::path::Path,
    formats: &[ExportFormatArg],
    output: Option<PathBuf>,
    dataflow: Option<String>,
    format: Format,
) -> anyhow::Result<ExitCode> {
    use localis::interop::export::{self, ExportFormat};
    if let Some(d) = &dataflow
        && !export::is_dataflow(d)
    {
        anyhow::bail!(
            "`{d}` is not a dataflow reference (write AGENCY:ID(VERSION), such as LOCALIS:DF_SDG_LOCAL(1.0))"
        );
    }
    let options = export::ExportOptions {
        project: project.to_path_buf(),
        formats: formats
            .iter()
            .map(|f| match f {
                ExportFormatArg::Sdmx => ExportFormat::Sdmx,
                ExportFormatArg::OpenData => ExportFormat::OpenData,
            })
            .collect(),
        output,
        dataflow,
    };
    let run = export::export(&options)?;
    let ws = &run.workspace;
    if show_diagnostics(&ws.sources, &run.diagnostics, format)? {
        if run.has_errors() {
            eprintln!("stopped: the project or its data have errors; nothing was exported");
        } else {
            let files: Vec<String> = run.written.iter().map(|p| ws.display_path(p)).collect();
            eprintln!("wrote {}", files.join(", "));
        }
    }
    Ok(exit_code(run.has_errors()))
}

/// `localis init`: scaffolds a new project.
fn init(options: localis::scaffold::InitOptions) -> anyhow::Result<ExitCode> {
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

/// `localis watch`: prints each rebuild (its diagnostics, the PDFs, the time it took).
fn watch(command: localis::publish::report::ReportCommand) -> anyhow::Result<ExitCode> {
    use localis::watch::{Redone, WatchOptions};
    let options = WatchOptions {
        report: command,
        debounce: std::time::Duration::from_millis(150),
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
        let what = match (r.redone, r.changed.is_empty()) {
            (_, true) => "built",
            (Redone::Markup, false) => "rebuilt (markup changed, data and charts kept)",
            (Redone::Templates, false) => "rebuilt (templates changed, evaluation kept)",
            (Redone::Everything, false) => "rebuilt (project or data changed)",
        };
        let pdfs: Vec<String> = r
            .written
            .iter()
            .map(|w| format!("{} ({} pages)", w.path.display(), w.pages))
            .collect();
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

/// `localis report --each-place`: one PDF per place, then a summary line.
fn each_place(
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
