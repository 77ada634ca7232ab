//! Benchmark of publishing: the demonstration VLR in English and in both languages, and `localis watch` from an edit to the new PDF, each with its floor, wall time and peak memory.
//!
//! ```sh
//! cargo bench --bench publish            # every row, on a copy of the demonstration project
//! cargo bench --bench publish -- vlr     # only the rows whose name contains `vlr`
//! ```
//!
//! Every measurement runs the release binary in a fresh process on a copy of the repository's
//! demonstration project (the repository is never written): wall time from spawn to exit and
//! peak memory as the child's own high-water mark (`VmHWM` of `/proc/<pid>/status`, read
//! until it exits). The floor of a VLR row is typst's share of the same run (typesetting and
//! PDF export as `--verbose` prints them): what is left when localis' own work costs nothing.
//! The watch rows time an edit (the file written) to the line announcing the new PDF, which
//! includes the watcher's 150 ms debounce; their floor is typst's share of that rebuild
//! (its incremental compile with the caches warm, and the export).
//!
//! The national rows of the issue's table (evaluation at 5,570 places, `--each-place`) have
//! their own bench (`benches/eval.rs`); a row is a [`Row`] pushed in `main`, so more can be
//! added here without touching the others. The set-up row (a fresh clone's `cargo build
//! --release` then `cargo test --release`) cannot run inside a bench: it is printed as a note
//! with the command that measures it.

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
    peak_mib: f64,
    floor: String,
}

/// A child process measured until it exits: wall time, peak memory and its standard error.
struct Measured {
    wall: f64,
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

/// Waits for a child, sampling its peak memory every few milliseconds (the high-water mark
/// only grows, so the last sample is the peak but for the last milliseconds of the run).
fn wait_measured(mut child: Child, started: Instant) -> Measured {
    let mut stderr = child.stderr.take().expect("piped stderr");
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut stderr, &mut s).ok();
        s
    });
    let mut peak = 0.0_f64;
    let status = loop {
        if let Some(m) = vm_hwm_mib(child.id()) {
            peak = peak.max(m);
        }
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) => std::thread::sleep(Duration::from_millis(3)),
            Err(e) => panic!("failed to wait for localis ({e})"),
        }
    };
    Measured {
        wall: started.elapsed().as_secs_f64(),
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
    /// time, and typst's share of the rebuild (from the `--verbose` line that follows it).
    fn next_build(&self) -> (Instant, f64) {
        let next = || {
            self.lines
                .recv_timeout(Duration::from_secs(300))
                .expect("localis watch printed no build within 5 minutes")
        };
        loop {
            let (at, line) = next();
            if (line.starts_with("built") || line.starts_with("rebuilt")) && line.contains(".pdf") {
                let (_, seconds) = next();
                return (at, typst_seconds(&seconds));
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
        let (done, typst) = watching.next_build();
        std::thread::sleep(Duration::from_millis(300));
        Row {
            work: what.to_string(),
            wall: done.duration_since(started).as_secs_f64(),
            peak_mib: peak(),
            floor: format!("typst's share of the rebuild (typesetting + PDF export): {typst:.2} s"),
        }
    };
    vec![
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

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".to_string())
}

fn main() {
    let filter: Option<String> = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .filter(|a| a != "bench");
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
    println!("| Work | localis wall | localis peak memory | Floor / peer, same run |");
    println!("|---|---|---|---|");
    for r in &rows {
        println!(
            "| {} | {:.2} s | {:.0} MiB | {} |",
            r.work, r.wall, r.peak_mib, r.floor
        );
    }
    println!(
        "| A fresh clone's `cargo build --release`, then `cargo test --release` | not run here | — | measure on a clone: the second command must compile no dependency (`cargo test --release 2>&1 | grep -c Compiling` counts only localis' own targets) |"
    );
    println!("load average after {}", load_average());
}
