//! Benchmark of publishing: the demonstration VLR in English and in both languages, and `localis watch` from an edit to the new PDF, each with its floor, wall time and peak memory.
//!
//! ```sh
//! cargo bench --bench publish            # every row, on a copy of the demonstration project
//! cargo bench --bench publish -- vlr     # only the rows whose name contains `vlr`
//! cargo bench --bench publish -- all     # every row, the fresh clone's set-up included
//! ```
//!
//! Every measurement runs the release binary in a fresh process on a copy of the repository's
//! demonstration project (the repository is never written): wall time from spawn to exit and
//! peak memory as the child's own high-water mark (`VmHWM` of `/proc/<pid>/status`, read
//! until it exits). The floor of a VLR row is typst's share of the same run (typesetting and
//! PDF export as `--verbose` prints them): what is left when localis' own work costs nothing.
//! The watch rows time an edit (the file written) to the lines announcing the new PDF: first
//! its preview (untagged, written as soon as it is laid out), then the tagged PDF that
//! replaces it. Both include the watcher's 50 ms debounce; their floor is typst's share of
//! that rebuild (its incremental compile with the caches warm, and the export).
//!
//! The national rows run on the project `cargo bench --bench eval -- generate national` writes
//! (5,570 places x 400 indicators, 2.4 GB of CSV; skipped with a note when it is missing):
//! `localis eval` with every output against the floor of reading the same bytes with the csv
//! crate (every file, in parallel, nothing kept) and against polars doing the evaluation
//! (`benches/polars_eval.py`); `report --each-place` against typst's share of it. Every row
//! runs in a fresh process under `/usr/bin/time`, whose CPU (user + system) and peak resident
//! memory are printed beside the wall time.
//!
//! The set-up row (the README's two commands on a fresh clone: `cargo run --release -- report`,
//! then `cargo test --release`) builds everything from nothing for some 13 minutes, so it runs
//! only when asked: `cargo bench --bench publish -- setup`, or `-- all` for every row.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// The date every run prints, so that runs are comparable byte for byte.
const EPOCH: &str = "1764000000";

/// One row of the table: what was measured, localis' figures and its floor or peer.
struct Row {
    work: String,
    wall: f64,
    /// CPU seconds (user + system) of the process, when it is the row's own process.
    cpu: Option<f64>,
    peak_mib: f64,
    floor: String,
}

/// A child process measured until it exits: wall time, peak memory and its standard error.
struct Measured {
    wall: f64,
    cpu: f64,
    peak_mib: f64,
    stderr: String,
    ok: bool,
}

/// The high-water mark of a running process's resident memory, in MiB.
fn vm_hwm_mib(pid: u32) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// The CPU seconds (user + system, all threads) a running process has used so far.
fn cpu_seconds(pid: u32) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // the fields after the command name (in parentheses): utime and stime are the 12th and
    // 13th, in clock ticks of 1/100 s
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok());
    Some((ticks(11)? + ticks(12)?) / 100.0)
}

/// Waits for a child, sampling its peak memory and CPU time every few milliseconds (both only
/// grow, so the last sample is the figure but for the last milliseconds of the run).
fn wait_measured(mut child: Child, started: Instant) -> Measured {
    let mut stderr = child.stderr.take().expect("piped stderr");
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut stderr, &mut s).ok();
        s
    });
    let mut peak = 0.0_f64;
    let mut cpu = 0.0_f64;
    let status = loop {
        if let Some(m) = vm_hwm_mib(child.id()) {
            peak = peak.max(m);
        }
        if let Some(c) = cpu_seconds(child.id()) {
            cpu = cpu.max(c);
        }
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) => std::thread::sleep(Duration::from_millis(3)),
            Err(e) => panic!("failed to wait for localis ({e})"),
        }
    };
    Measured {
        wall: started.elapsed().as_secs_f64(),
        cpu,
        peak_mib: peak,
        stderr: reader.join().unwrap_or_default(),
        ok: status.success(),
    }
}

fn localis() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_localis"));
    c.env("SOURCE_DATE_EPOCH", EPOCH);
    c
}

/// Copies the demonstration project (its YAML, indicators, data and templates) into `to`.
fn copy_demo(to: &Path) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for entry in ["localis.yaml", "indicators", "data", "report-templates"] {
        copy_tree(&root.join(entry), &to.join(entry));
    }
}

fn copy_tree(from: &Path, to: &Path) {
    if from.is_dir() {
        std::fs::create_dir_all(to).expect("create a folder of the copy");
        let mut entries: Vec<_> = std::fs::read_dir(from)
            .expect("read a folder of the demonstration")
            .flatten()
            .collect();
        entries.sort_by_key(|e| e.file_name());
        for e in entries {
            copy_tree(&e.path(), &to.join(e.file_name()));
        }
    } else {
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent).expect("create a folder of the copy");
        }
        std::fs::copy(from, to).expect("copy a file of the demonstration");
    }
}

/// typst's share of a `--verbose` report run: the sum of its typesetting and export seconds.
fn typst_seconds(stderr: &str) -> f64 {
    stderr
        .lines()
        .filter(|l| l.contains("typesetting"))
        .map(|l| {
            let number = |key: &str| -> f64 {
                l.split(key)
                    .nth(1)
                    .and_then(|rest| rest.split_whitespace().next())
                    .and_then(|n| n.parse().ok())
                    .unwrap_or(0.0)
            };
            number("typesetting ") + number("PDF export ")
        })
        .sum()
}

/// `localis report` of the demonstration VLR (in `lang`, else both languages).
fn vlr_row(project: &Path, lang: Option<&str>) -> Row {
    let mut c = localis();
    c.arg("--verbose").arg("report").arg(project);
    if let Some(l) = lang {
        c.args(["--lang", l]);
    }
    let started = Instant::now();
    let child = c
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start localis");
    let m = wait_measured(child, started);
    assert!(m.ok, "localis report failed:\n{}", m.stderr);
    let typst = typst_seconds(&m.stderr);
    let work = match lang {
        Some(l) => format!("Demo VLR, {l} alone"),
        None => "Demo VLR, both languages".to_string(),
    };
    Row {
        work,
        wall: m.wall,
        cpu: Some(m.cpu),
        peak_mib: m.peak_mib,
        floor: format!(
            "typst's share of this run (typesetting + PDF export, summed over PDFs built at once): {typst:.2} s"
        ),
    }
}

/// A running `localis watch` whose standard error lines arrive with the time they were read.
struct Watching {
    child: Child,
    lines: mpsc::Receiver<(Instant, String)>,
}

impl Watching {
    fn start(project: &Path, lang: &str) -> Watching {
        let mut child = localis()
            .arg("--verbose")
            .arg("watch")
            .arg(project)
            .args(["--lang", lang])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start localis watch");
        let stderr = child.stderr.take().expect("piped stderr");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if tx.send((Instant::now(), line)).is_err() {
                    break;
                }
            }
        });
        Watching { child, lines: rx }
    }

    /// Waits for the next line announcing PDFs (`built ...`, `rebuilt ...`): its arrival
    /// time and typst's share of the rebuild (from the `--verbose` line that follows it),
    /// with the same two for the preview announced before it (`preview ...`), if any.
    fn next_build(&self) -> (Option<(Instant, f64)>, Instant, f64) {
        let next = || {
            self.lines
                .recv_timeout(Duration::from_secs(300))
                .expect("localis watch printed no build within 5 minutes")
        };
        let mut preview = None;
        loop {
            let (at, line) = next();
            if !line.contains(".pdf") {
                continue;
            }
            if line.starts_with("preview") {
                let (_, seconds) = next();
                preview = Some((at, typst_seconds(&seconds)));
            } else if line.starts_with("built") || line.starts_with("rebuilt") {
                let (_, seconds) = next();
                return (preview, at, typst_seconds(&seconds));
            }
        }
    }
}

impl Drop for Watching {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

/// `localis watch --lang en`: the time from an edit to the announcement of the new PDF, for
/// one indicator's dataset, one indicator's YAML, and (the floor) the VLR's typst markup.
fn watch_rows(project: &Path) -> Vec<Row> {
    let watching = Watching::start(project, "en");
    watching.next_build();
    // let the watcher settle after its first build
    std::thread::sleep(Duration::from_millis(500));
    let peak = || vm_hwm_mib(watching.child.id()).unwrap_or(0.0);
    let timed = |what: &str, path: PathBuf, change: &dyn Fn(String) -> String| {
        let text = std::fs::read_to_string(&path).expect("read the file to edit");
        let started = Instant::now();
        std::fs::write(&path, change(text)).expect("write the edited file");
        let (preview, done, typst) = watching.next_build();
        std::thread::sleep(Duration::from_millis(300));
        let row = |work: String, at: Instant, floor: String| Row {
            work,
            wall: at.duration_since(started).as_secs_f64(),
            cpu: None,
            peak_mib: peak(),
            floor,
        };
        let share = "typst's share of the rebuild (typesetting + PDF export)";
        let mut rows = Vec::new();
        let mut before = 0.0;
        if let Some((at, typst)) = preview {
            rows.push(row(
                format!("{what}: preview PDF"),
                at,
                format!("{share}: {typst:.2} s"),
            ));
            before = typst;
        }
        // the tagged PDF comes after the preview: typst's share of both passes
        rows.push(row(
            format!("{what}: tagged PDF"),
            done,
            format!(
                "{share}: {:.2} s ({before:.2} s of it the preview's)",
                before + typst
            ),
        ));
        rows
    };
    [
        timed(
            "`localis watch`, one indicator's data edited",
            project.join("data/values/m11-social-housing-delivered.csv"),
            &|t: String| t.replace("2025,480", "2025,481"),
        ),
        timed(
            "`localis watch`, one indicator's YAML edited",
            indicator_yaml(project),
            &|t: String| t + "\n# edited by the benchmark\n",
        ),
        timed(
            "`localis watch`, VLR markup edited",
            project.join("report-templates/vlr/main.typ"),
            &|t: String| t + "\n// edited by the benchmark\n",
        ),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// The YAML file of the demonstration indicator whose data the watch row edits.
fn indicator_yaml(project: &Path) -> PathBuf {
    let mut stack = vec![project.join("indicators")];
    while let Some(dir) = stack.pop() {
        let mut entries: Vec<_> = std::fs::read_dir(&dir)
            .expect("read indicators/")
            .flatten()
            .map(|e| e.path())
            .collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                stack.push(p);
            } else if std::fs::read_to_string(&p)
                .is_ok_and(|t| t.contains("m11-social-housing-delivered"))
            {
                return p;
            }
        }
    }
    panic!("no indicator YAML names m11-social-housing-delivered")
}

/// Runs a command to its end, measured (wall, CPU, peak memory), its output discarded.
fn measured(mut command: Command) -> Measured {
    let started = Instant::now();
    let child = command
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the measured command");
    wait_measured(child, started)
}

/// The floor of the national evaluation: the files `values.yaml` evaluates (`data/indicator_*.csv`)
/// read with the csv crate, files in parallel, every record parsed into fields and nothing
/// kept. Runs in a process of its own (`csv-floor DIR`), so that its peak memory is its own.
fn csv_floor(dir: &Path) {
    use rayon::prelude::*;
    let files: Vec<PathBuf> = std::fs::read_dir(dir.join("data"))
        .expect("read the data folder")
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("indicator_") && n.ends_with(".csv"))
        })
        .collect();
    let (records, fields): (u64, u64) = files
        .par_iter()
        .map(|p| {
            let mut reader = csv::ReaderBuilder::new()
                .flexible(true)
                .from_path(p)
                .expect("open a data file");
            let mut record = csv::ByteRecord::new();
            let (mut r, mut f) = (0_u64, 0_u64);
            while reader.read_byte_record(&mut record).expect("read a record") {
                r += 1;
                f += record.len() as u64;
            }
            (r, f)
        })
        .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    println!("{} files, {records} records, {fields} fields", files.len());
}

/// The national rows: `localis eval` with every output against the csv crate's parse of the
/// same bytes and against polars, and `report --each-place` against typst's share of it.
fn national_rows(national: &Path, wanted: &dyn Fn(&str) -> bool) -> Vec<Row> {
    let project = national.join("values.yaml");
    let mut rows = Vec::new();
    if wanted("national") || wanted("eval") {
        let out = tempfile::tempdir_in(national).expect("a temporary output folder");
        let mut eval = localis();
        eval.arg("-q")
            .arg("eval")
            .arg(&project)
            .arg("--output")
            .arg(out.path());
        let m = measured(eval);
        assert!(m.ok, "localis eval failed:\n{}", m.stderr);
        drop(out);
        let floor = measured({
            let mut c = Command::new(std::env::current_exe().expect("the bench's own path"));
            c.arg("csv-floor").arg(national);
            c
        });
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/polars_eval.py");
        let polars = measured({
            let mut c = Command::new("python3");
            c.arg(script).arg(&project);
            c
        });
        let peer = if polars.ok {
            format!(
                "polars, evaluation only (no assessment, no output): {:.2} s wall, {:.2} s CPU, {:.0} MiB",
                polars.wall, polars.cpu, polars.peak_mib
            )
        } else {
            "polars: not run (`pip install polars pyyaml`)".to_string()
        };
        rows.push(Row {
            work: "National `localis eval`, 5,570 places x 400 indicators, every output".into(),
            wall: m.wall,
            cpu: Some(m.cpu),
            peak_mib: m.peak_mib,
            floor: format!(
                "csv-crate parse of the same bytes: {:.2} s wall, {:.2} s CPU, {:.0} MiB; {peer}",
                floor.wall, floor.cpu, floor.peak_mib
            ),
        });
    }
    if wanted("national") || wanted("each-place") {
        let mut each = localis();
        each.args(["--verbose", "report", "--each-place"])
            .arg(&project)
            .args(["--lang", "en"]);
        let m = measured(each);
        assert!(m.ok, "localis report --each-place failed:\n{}", m.stderr);
        let pdfs = m
            .stderr
            .lines()
            .find_map(|l| l.split("PDFs/s").next().filter(|_| l.contains("PDFs/s")))
            .and_then(|l| l.rsplit('(').next())
            .map(|n| n.trim().to_string())
            .unwrap_or_default();
        let typst = typst_seconds(
            m.stderr
                .lines()
                .find(|l| l.contains("summed over the reports"))
                .unwrap_or(""),
        );
        rows.push(Row {
            work: format!("`report --each-place`, 5,570 places ({pdfs} PDFs/s)"),
            wall: m.wall,
            cpu: Some(m.cpu),
            peak_mib: m.peak_mib,
            floor: format!("typst's share, summed over the reports (CPU): {typst:.2} s"),
        });
    }
    rows
}

/// The README's two commands on a fresh clone of this repository's HEAD, with a target folder
/// of its own: `cargo run --release -- report`, then `cargo test --release`, and how many
/// dependencies the second compiled again (none is the goal).
fn setup_row() -> Row {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let clone = dir.path().join("localis");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let status = Command::new("git")
        .args(["clone", "--quiet"])
        .arg(root)
        .arg(&clone)
        .status()
        .expect("run git clone");
    assert!(status.success(), "git clone of the repository failed");
    let cargo = |args: &[&str]| {
        let mut c = Command::new(env!("CARGO"));
        // the README's commands as a user types them: no date set
        c.args(args)
            .current_dir(&clone)
            .env("CARGO_TARGET_DIR", clone.join("target"))
            .env_remove("SOURCE_DATE_EPOCH");
        measured(c)
    };
    let report = cargo(&["run", "--release", "--", "report"]);
    assert!(
        report.ok,
        "cargo run --release -- report failed:\n{}",
        report.stderr
    );
    let test = cargo(&["test", "--release"]);
    assert!(test.ok, "cargo test --release failed:\n{}", test.stderr);
    let compiled: Vec<&str> = test
        .stderr
        .lines()
        .filter_map(|l| l.trim().strip_prefix("Compiling "))
        .collect();
    Row {
        work: "A fresh clone: `cargo run --release -- report`, then `cargo test --release`".into(),
        wall: report.wall + test.wall,
        cpu: Some(report.cpu + test.cpu),
        peak_mib: report.peak_mib.max(test.peak_mib),
        floor: format!(
            "first command {:.0} s, second {:.0} s; the second compiled {} crates: {}",
            report.wall,
            test.wall,
            compiled.len(),
            compiled.join(", ")
        ),
    }
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".to_string())
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [first, dir, ..] = args.as_slice()
        && first == "csv-floor"
    {
        csv_floor(Path::new(dir));
        return;
    }
    // run as a test (`cargo test --all-targets`): nothing to do, benchmarks never run in tests
    if !args.iter().any(|a| a == "--bench") {
        return;
    }
    let filter: Option<String> = args
        .iter()
        .find(|a| !a.starts_with('-'))
        .filter(|a| *a != "bench" && *a != "all")
        .cloned();
    let all = args.iter().any(|a| a == "all");
    let wanted = |name: &str| filter.as_deref().is_none_or(|f| name.contains(f));
    let dir = tempfile::tempdir().expect("a temporary folder");
    let project = dir.path().join("demo");
    copy_demo(&project);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "publish benchmark: {cores} cores, load average before {}",
        load_average()
    );
    // a first run warms the disk cache and writes the build record, as a user's second run
    if wanted("vlr") || wanted("watch") {
        vlr_row(&project, Some("en"));
    }
    let mut rows: Vec<Row> = Vec::new();
    if wanted("vlr") {
        rows.push(vlr_row(&project, Some("en")));
        rows.push(vlr_row(&project, None));
    }
    if wanted("watch") {
        rows.extend(watch_rows(&project));
    }
    let national = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/data/national");
    let mut notes = Vec::new();
    if wanted("national") || wanted("eval") || wanted("each-place") {
        if national.join("values.yaml").is_file() {
            rows.extend(national_rows(&national, &wanted));
        } else {
            notes.push("National rows not run: generate the project first with `cargo bench --bench eval -- generate national` (2.5 GB, some 20 s).");
        }
    }
    if all || filter.as_deref() == Some("setup") {
        rows.push(setup_row());
    } else {
        notes.push("Set-up row not run: `cargo bench --bench publish -- setup` (or `-- all`) clones the repository and builds it from nothing.");
    }
    println!("| Work | localis wall | CPU | peak memory | Floor / peer, same run |");
    println!("|---|---|---|---|---|");
    for r in &rows {
        let cpu = r.cpu.map_or("—".to_string(), |c| format!("{c:.2} s"));
        println!(
            "| {} | {:.2} s | {cpu} | {:.0} MiB | {} |",
            r.work, r.wall, r.peak_mib, r.floor
        );
    }
    for n in notes {
        println!("{n}");
    }
    println!("load average after {}", load_average());
}
