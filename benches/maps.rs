//! Benchmark of maps at national scale: 5,570 synthetic municipalities read, checked, simplified and drawn as choropleths and locator maps.
//!
//! ```sh
//! cargo bench --bench maps                        # generate what is missing, then measure
//! cargo bench --bench maps -- generate            # only write benches/data/maps/
//! cargo bench --bench maps -- measure benches/data/maps
//! ```
//!
//! The generator writes a project under `benches/data/maps/` (gitignored): a GeoJSON of 5,570
//! municipalities with some 1.2 million distinct points (a jittered, warped grid whose shared
//! borders wander in 110 steps, drawn once for both neighbours as a real boundary file has
//! them; denser towards the south-east, as Brazil's municipalities are), a places table, and
//! ten indicators with a value per municipality in two years. The measurement runs in a fresh
//! process (its peak memory, VmHWM, is its own): load with the map, check (codes matched to
//! the places), evaluate and assess, then draw every indicator's choropleth through the same
//! adapter as `localis chart`, then a locator map for every municipality, and reports times,
//! peak memory and the sizes of the SVGs.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use rayon::prelude::*;

/// Brazil's municipalities.
const PLACES: usize = 5570;
/// Indicators mapped.
const INDICATORS: usize = 10;
/// Steps of each border between two grid corners.
const STEPS: usize = 110;
/// Columns and rows of the grid the municipalities are cut from.
const GRID: usize = 96;

/// A small deterministic generator (SplitMix64).
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xD1B5_4A32_D192_ED03)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn geocode(i: usize) -> u32 {
    1_100_000 + (i as u32) * 7
}

fn write_file(path: &Path, bytes: &[u8]) {
    if let Some(d) = path.parent() {
        std::fs::create_dir_all(d).expect("create folder");
    }
    std::fs::write(path, bytes).expect("write");
}

/// Longitude and latitude of a grid corner: jittered, and warped so that cells are smaller
/// towards the south-east.
fn corner(i: usize, j: usize) -> (f64, f64) {
    let mut rng = Rng::new((i * 1000 + j) as u64 + 7);
    let (u, v) = (
        (i as f64 + (rng.unit() - 0.5) * 0.6 * f64::from(u8::from(i > 0 && i < GRID)))
            / GRID as f64,
        (j as f64 + (rng.unit() - 0.5) * 0.6 * f64::from(u8::from(j > 0 && j < GRID)))
            / GRID as f64,
    );
    // warp: u^1.6 stretches the west (large cells), compresses the east
    let x = u.powf(0.62);
    let y = v.powf(0.75);
    (-73.5 + 39.0 * x, -33.5 + 38.5 * y)
}

/// The points of the border between two corners (both included), wandering sideways.
fn border(a: (usize, usize), b: (usize, usize)) -> Vec<(f64, f64)> {
    let (p, q) = (corner(a.0, a.1), corner(b.0, b.1));
    let mut rng = Rng::new(((a.0 * 131 + a.1) * 100_003 + b.0 * 131 + b.1) as u64);
    let (dx, dy) = (q.0 - p.0, q.1 - p.1);
    let len = (dx * dx + dy * dy).sqrt().max(1e-9);
    let (nx, ny) = (-dy / len, dx / len);
    let mut offset = 0.0;
    let mut out = Vec::with_capacity(STEPS + 1);
    for k in 0..=STEPS {
        let t = k as f64 / STEPS as f64;
        // a random walk pinned to both ends
        offset += (rng.unit() - 0.5) * len * 0.02;
        let pinned = offset * (1.0 - t) * t * 4.0;
        let w = if k == 0 || k == STEPS { 0.0 } else { pinned };
        out.push((p.0 + dx * t + nx * w, p.1 + dy * t + ny * w));
    }
    out
}

/// The border between corners in a canonical direction, reversed when asked the other way.
fn edge(a: (usize, usize), b: (usize, usize)) -> Vec<(f64, f64)> {
    if a <= b {
        border(a, b)
    } else {
        let mut e = border(b, a);
        e.reverse();
        e
    }
}

/// The cells kept: the 5,570 closest to the middle of an irregular country shape.
fn cells() -> Vec<(usize, usize)> {
    let mut all: Vec<(f64, (usize, usize))> = (0..GRID)
        .flat_map(|i| (0..GRID).map(move |j| (i, j)))
        .map(|(i, j)| {
            let (x, y) = (
                (i as f64 + 0.5) / GRID as f64 - 0.5,
                (j as f64 + 0.5) / GRID as f64 - 0.55,
            );
            let angle = y.atan2(x);
            let wobble = 1.0 + 0.18 * (3.0 * angle).sin() + 0.08 * (7.0 * angle).cos();
            ((x * x + y * y).sqrt() / wobble, (i, j))
        })
        .collect();
    all.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let mut kept: Vec<(usize, usize)> = all.into_iter().take(PLACES).map(|(_, c)| c).collect();
    kept.sort();
    kept
}

fn generate(dir: &Path) {
    let cells = cells();
    let features: Vec<String> = cells
        .par_iter()
        .enumerate()
        .map(|(n, &(i, j))| {
            let corners = [(i, j), (i + 1, j), (i + 1, j + 1), (i, j + 1)];
            let mut ring: Vec<(f64, f64)> = Vec::new();
            for k in 0..4 {
                let e = edge(corners[k], corners[(k + 1) % 4]);
                ring.extend_from_slice(&e[..e.len() - 1]);
            }
            ring.push(ring[0]);
            let mut coords = String::with_capacity(ring.len() * 26);
            for (k, (x, y)) in ring.iter().enumerate() {
                if k > 0 {
                    coords.push(',');
                }
                let _ = write!(coords, "[{x:.6},{y:.6}]");
            }
            format!(
                "{{\"type\":\"Feature\",\"properties\":{{\"CD_MUN\":\"{}\",\"NM_MUN\":\"Municipality {n}\"}},\"geometry\":{{\"type\":\"Polygon\",\"coordinates\":[[{coords}]]}}}}",
                geocode(n)
            )
        })
        .collect();
    let geojson = format!(
        "{{\"type\":\"FeatureCollection\",\"features\":[\n{}\n]}}\n",
        features.join(",\n")
    );
    write_file(&dir.join("maps/municipalities.geojson"), geojson.as_bytes());
    let places: String = std::iter::once("GeoCode,Name\n".to_string())
        .chain((0..PLACES).map(|p| format!("{},Municipality {p}\n", geocode(p))))
        .collect();
    write_file(&dir.join("data/places.csv"), places.as_bytes());
    let mut ind = String::from("indicators:\n");
    for k in 0..INDICATORS {
        let mut rng = Rng::new(k as u64 + 99);
        let mut data = String::from("Year,GeoCode,Value\n");
        for p in 0..PLACES {
            let base = 20.0 + 60.0 * rng.unit();
            for (y, v) in [(2023, base), (2024, base * (0.95 + 0.1 * rng.unit()))] {
                // one value in fifty is missing: drawn as no data
                if rng.unit() < 0.02 {
                    let _ = writeln!(data, "{y},{},", geocode(p));
                } else {
                    let _ = writeln!(data, "{y},{},{v:.1}", geocode(p));
                }
            }
        }
        write_file(
            &dir.join(format!("data/indicator_{k}.csv")),
            data.as_bytes(),
        );
        let _ = writeln!(
            ind,
            "  - id: map-{k}\n    title: Mapped indicator {k}\n    unit: \"%\"\n    direction: {}\n    computation:\n      value: {{dataset: indicator_{k}}}",
            if k % 2 == 0 { "increase" } else { "decrease" }
        );
    }
    write_file(
        &dir.join("indicators/bench/library.yaml"),
        b"id: bench\ntitle: Synthetic mapped indicators\n",
    );
    write_file(&dir.join("indicators/bench/values.yaml"), ind.as_bytes());
    write_file(
        &dir.join("localis.yaml"),
        b"name: Synthetic national maps\nplace: {name: Country, geocode: \"0000000\"}\nplaces: {path: data/places.csv}\nlibraries: [bench]\ndatasets:\n  - path: data/indicator_*.csv\nmaps:\n  - id: municipalities\n    path: maps/municipalities.geojson\n    code-property: CD_MUN\n    name-property: NM_MUN\n    matches: place\n",
    );
}

/// Peak resident memory of this process so far, in MiB (VmHWM).
fn peak_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map(|kb| kb / 1024.0)
        .unwrap_or(f64::NAN)
}

/// Size statistics of drawn SVGs: count, mean and largest in KB.
fn sizes(svgs: &[usize]) -> (usize, f64, f64) {
    let n = svgs.len();
    let mean = svgs.iter().sum::<usize>() as f64 / n.max(1) as f64 / 1000.0;
    let max = svgs.iter().copied().max().unwrap_or(0) as f64 / 1000.0;
    (n, mean, max)
}

/// Load + check + evaluate + assess, then every map; prints one JSON line.
fn measure(project: &Path) {
    use localis::publish::charts::{Chart, ChartRenderer};
    use localis::publish::figures::{self, FigureSource};
    let t = Instant::now();
    let mut ws = localis::load::load(project).expect("load");
    let loaded = t.elapsed().as_secs_f64();
    let index = localis::pipeline::check_all(&mut ws);
    if ws.diagnostics.has_errors() || ws.diagnostics.warning_count() > 0 {
        let d = ws.diagnostics.sorted(&ws.sources);
        eprintln!("{}", localis::diag::render(&ws.sources, &d));
        if ws.diagnostics.has_errors() {
            std::process::exit(1);
        }
    }
    let checked = t.elapsed().as_secs_f64();
    let map = ws.maps.first().cloned().expect("the map is loaded");
    let points: usize = map.topology.arcs.iter().map(Vec::len).sum();
    let memory_after_load = peak_mib();
    let (evaluation, stages) =
        localis::pipeline::evaluate_and_assess(&mut ws, &index).expect("evaluate");
    let evaluated = t.elapsed().as_secs_f64();
    let place = ws.project().place.geocode.clone();
    let inputs =
        localis::publish::report::build::stages_from_assessment(&stages.assessment, &place);
    let sentences = localis::publish::sentences::Sentences::builtin();
    let renderer = ChartRenderer::new(&sentences, "en").expect("renderer");
    let source = FigureSource {
        ws: &ws,
        evaluation: &evaluation,
        assessment: Some(&stages.assessment),
        stages: &inputs,
        budget: None,
        place: &place,
    };
    // every indicator's choropleth (the first draw simplifies the borders, once)
    let started = Instant::now();
    let selected: Vec<_> = ws
        .active
        .iter()
        .flat_map(|a| {
            let r = evaluation.get(&a.indicator.id, &place);
            localis::publish::map_figures::indicator_maps(
                &source,
                &a.indicator,
                r,
                "en",
                renderer.labels(),
            )
        })
        .collect();
    let (drawn, problems) = figures::draw(selected, &renderer);
    assert!(problems.is_empty(), "{problems:?}");
    let choropleths = started.elapsed().as_secs_f64();
    let choropleth_sizes: Vec<usize> = drawn.iter().map(|d| d.svg.len()).collect();
    if let Ok(dir) = std::env::var("LOCALIS_MAPS_OUT") {
        for d in &drawn {
            write_file(
                &Path::new(&dir).join(format!("{}.svg", d.figure.name)),
                d.svg.as_bytes(),
            );
        }
    }
    let memory_after_choropleths = peak_mib();
    // a locator map for every municipality, as the per-place reports draw them
    let compact = ChartRenderer::new(&sentences, "en")
        .expect("renderer")
        .with_size(localis::publish::charts::ChartSize::Compact);
    let started = Instant::now();
    let codes: Vec<String> = map.areas.iter().map(|a| a.code.clone()).collect();
    let locator_sizes: Vec<usize> = codes
        .par_iter()
        .map(|code| {
            let src = FigureSource {
                place: code,
                ..source
            };
            let chart = localis::publish::map_figures::locator(&src, &map, "en", compact.labels())
                .expect("a locator");
            let svg = compact.render(&Chart::Locator(chart)).expect("drawn").svg;
            if code == &codes[codes.len() / 2]
                && let Ok(dir) = std::env::var("LOCALIS_MAPS_OUT")
            {
                write_file(
                    &Path::new(&dir).join(format!("locator-{code}.svg")),
                    svg.as_bytes(),
                );
            }
            svg.len()
        })
        .collect();
    let locators = started.elapsed().as_secs_f64();
    let (nc, mean_c, max_c) = sizes(&choropleth_sizes);
    let (nl, mean_l, max_l) = sizes(&locator_sizes);
    println!(
        "{{\"areas\": {}, \"arc_points\": {points}, \"load_s\": {loaded:.2}, \"check_s\": {:.2}, \"evaluate_assess_s\": {:.2}, \"peak_after_load_mib\": {memory_after_load:.0}, \"choropleths\": {nc}, \"choropleths_s\": {choropleths:.2}, \"choropleth_kb_mean\": {mean_c:.1}, \"choropleth_kb_max\": {max_c:.1}, \"peak_after_choropleths_mib\": {memory_after_choropleths:.0}, \"locators\": {nl}, \"locators_s\": {locators:.2}, \"locator_kb_mean\": {mean_l:.1}, \"locator_kb_max\": {max_l:.1}, \"peak_mib\": {:.0}, \"threads\": {}}}",
        map.areas.len(),
        checked - loaded,
        evaluated - checked,
        peak_mib(),
        rayon::current_num_threads(),
    );
}

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/data/maps")
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let bench = std::env::args().any(|a| a == "--bench");
    match args.first().map(String::as_str) {
        Some("generate") => {
            let t = Instant::now();
            generate(&data_dir());
            eprintln!(
                "generated {} in {:.1} s",
                data_dir().display(),
                t.elapsed().as_secs_f64()
            );
        }
        Some("measure") => measure(Path::new(&args[1])),
        None if bench => {
            let dir = data_dir();
            if !dir.join("localis.yaml").is_file() {
                generate(&dir);
            }
            let exe = std::env::current_exe().expect("exe");
            let out = Command::new(exe)
                .arg("measure")
                .arg(&dir)
                .output()
                .expect("run");
            eprint!("{}", String::from_utf8_lossy(&out.stderr));
            print!("{}", String::from_utf8_lossy(&out.stdout));
        }
        // run as a test (`cargo test --all-targets`): nothing to do
        None => {}
        Some(other) => {
            eprintln!("unknown command `{other}` (generate, measure)");
            std::process::exit(2);
        }
    }
    let _ = std::io::stdout().flush();
}
