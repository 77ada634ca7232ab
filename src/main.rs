//! The `localis` command line: parses arguments once, builds what the command needs and dispatches to its file in `cli/`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use localis::progress::Verbosity;

mod cli;

/// The allocator (see `localis::allocator`).
#[global_allocator]
static ALLOCATOR: localis::allocator::Allocator = localis::allocator::Allocator;

use cli::Format;

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
        /// Write results.csv and assessment.csv whatever the project's size (by default
        /// Parquet replaces them when the data files pass 1 GiB).
        #[arg(long)]
        csv: bool,
        /// The size in bytes of the data files above which Parquet replaces CSV (default 1 GiB).
        #[arg(long, hide = true)]
        csv_limit: Option<u64>,
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
        /// With --each-place: places assessed and typeset together (memory grows with it; the data are read once whatever it is).
        #[arg(long, default_value_t = 250, requires = "each_place")]
        chunk: usize,
        /// Write typst's timings of the typesetting and PDF export to FILE as a Chrome trace
        /// (open it in ui.perfetto.dev): which part of a template costs the time.
        #[arg(long, value_name = "FILE", conflicts_with = "each_place")]
        timings: Option<PathBuf>,
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
        /// Indicators assessed and written together (the files never depend on it).
        #[arg(long, hide = true)]
        window: Option<usize>,
        /// Write the open-data bundle's results.json and assessment.json whatever their size
        /// (by default each is left out above 256 MiB; its CSV files hold the same values).
        #[arg(long)]
        json: bool,
        /// The size in bytes above which JSON is left out (default 256 MiB).
        #[arg(long, hide = true)]
        json_limit: Option<u64>,
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

impl From<ExportFormatArg> for localis::interop::export::ExportFormat {
    fn from(f: ExportFormatArg) -> Self {
        match f {
            ExportFormatArg::Sdmx => Self::Sdmx,
            ExportFormatArg::OpenData => Self::OpenData,
        }
    }
}

/// Exit code when the command could not run at all.
const EXIT_CANNOT_RUN: u8 = 2;

fn main() -> ExitCode {
    localis::allocator::keep_freed_memory();
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

/// Builds what the command needs from its arguments and runs it.
fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Check {
            project,
            format,
            deny_warnings,
        } => cli::check::run(&project, format, deny_warnings),
        Command::Budget { project, format } => cli::budget::run(&project, format),
        Command::Eval {
            project,
            format,
            output,
            json,
            window,
            json_limit,
            parquet,
            csv,
            csv_limit,
        } => cli::eval::run(
            &project,
            format,
            localis::pipeline::EvalOptions {
                output,
                json,
                window,
                json_limit,
                parquet,
                csv,
                csv_limit,
            },
        ),
        Command::Chart {
            project,
            lang,
            output,
        } => cli::chart::run(localis::publish::chart_files::ChartCommand {
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
        } => cli::report::each_place(
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
            timings,
            ..
        } => cli::report::run(
            localis::publish::report::ReportCommand {
                project,
                template,
                languages,
            },
            format,
            timings.as_deref(),
        ),
        Command::Import {
            source:
                ImportSource::Opensdg {
                    repository,
                    to,
                    place,
                    geocode,
                    include_not_started,
                    site_config,
                    place_kind,
                },
        } => cli::import::run(&localis::interop::opensdg::ImportOptions {
            to: to.unwrap_or_else(|| cli::import::default_folder(&repository)),
            repository,
            place,
            geocode,
            include_not_started,
            site_config,
            place_kind: place_kind.map(Into::into),
        }),
        Command::Export {
            project,
            format,
            output,
            dataflow,
            window,
            json,
            json_limit,
            diagnostics,
        } => cli::export::run(
            &localis::interop::export::ExportOptions {
                project,
                formats: format.iter().map(|f| (*f).into()).collect(),
                output,
                dataflow,
                window,
                json,
                json_limit,
            },
            diagnostics,
        ),
        Command::Init {
            dir,
            place,
            geocode,
            language,
        } => cli::init::run(localis::scaffold::InitOptions {
            dir,
            place,
            geocode,
            language,
        }),
        Command::Watch {
            project,
            template,
            languages,
        } => cli::watch::run(localis::publish::report::ReportCommand {
            project,
            template,
            languages,
        }),
        Command::Schema { kind } => cli::schema::run(&kind),
    }
}
