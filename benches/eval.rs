//! Benchmark of load + evaluate at municipal and national scale, with a deterministic generator of synthetic data.
//!
//! ```sh
//! cargo bench --bench eval                       # generate what is missing, then measure everything
//! cargo bench --bench eval -- generate municipal # or: national, national-records, places-100, ...
//! cargo bench --bench eval -- measure benches/data/municipal
//! cargo bench --bench eval -- measure benches/data/national/values.yaml
//! cargo bench --bench eval -- measure benches/data/national/records-parquet.yaml  # records as Parquet
//! cargo bench --bench eval -- end-to-end benches/data/national/values.yaml  # the real `localis eval`
//! cargo bench --bench eval -- export benches/data/municipal/localis.yaml  # the real `localis export`
//! cargo bench --bench eval -- each-place benches/data/places-100/values.yaml  # `report --each-place`
//! ```
//!
//! Data go to `benches/data/` (gitignored). Every measurement runs in a fresh process so that
//! its peak memory (VmHWM from /proc/self/status) is its own. `benches/polars_eval.py` does
//! the same job with polars; the full run prints both side by side.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use rayon::prelude::*;

/// The allocator of the `localis` binary, so that the in-process measurements match it.
#[global_allocator]
static ALLOCATOR: localis::allocator::Allocator = localis::allocator::Allocator;

/// Years of every series.
const YEARS: std::ops::Range<i32> = 2010..2025;
/// Indicators of both scales.
const INDICATORS: usize = 400;
/// Places of the national scale (Brazil's municipalities).
const NATIONAL_PLACES: usize = 5570;
/// Records of the national record-level table.
const NATIONAL_RECORDS: usize = 5_000_000;
/// Records of the municipal record-level table.
const MUNICIPAL_RECORDS: usize = 200_000;

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

    /// Uniform in [0, n).
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn geocode(i: usize) -> u32 {
    1_100_000 + (i as u32) * 7
}

/// Writes `value` with two decimals (the common form of published data) without float formatting.
fn push_value(out: &mut Vec<u8>, v: f64) {
    let cents = (v * 100.0).round() as i64;
    let sign = if cents < 0 { "-" } else { "" };
    let _ = write!(out, "{sign}{}.{:02}", cents.abs() / 100, cents.abs() % 100);
}

fn write_file(path: &Path, bytes: &[u8]) {
    if let Some(d) = path.parent() {
        std::fs::create_dir_all(d).expect("create folder");
    }
    std::fs::write(path, bytes).expect("write data");
}

/// National scale: `indicator_K.csv` per indicator (`Year,Sex,GeoCode,Value`: total, female,
/// male per place and year) and a record-level complaints table.
fn generate_national(dir: &Path, places: usize, records: usize) {
    let data = dir.join("data");
    (0..INDICATORS).into_par_iter().for_each(|k| {
        let mut rng = Rng::new(k as u64 + 1);
        let mut out = Vec::with_capacity(places * YEARS.len() * 3 * 26 + 64);
        out.extend_from_slice(b"Year,Sex,GeoCode,Value\n");
        for p in 0..places {
            let code = geocode(p);
            let base = 10.0 + rng.unit() * 90.0;
            let trend = (rng.unit() - 0.4) * 2.0;
            for y in YEARS {
                let total = (base + trend * f64::from(y - YEARS.start) + rng.unit()).max(0.5);
                for (sex, v) in [
                    ("", total),
                    ("Female", total * (0.9 + rng.unit() * 0.2)),
                    ("Male", total * (0.9 + rng.unit() * 0.2)),
                ] {
                    let _ = write!(out, "{y},{sex},{code},");
                    if rng.below(100) != 0 {
                        push_value(&mut out, v);
                    }
                    out.push(b'\n');
                }
            }
        }
        write_file(&data.join(format!("indicator_{k:03}.csv")), &out);
    });
    if records > 0 {
        let chunks = complaints(records, places, true);
        write_records(&data.join("complaints.csv"), &chunks, true);
        write_records_parquet(&data.join("complaints.parquet"), &chunks, true);
    }
    let places_csv: String = std::iter::once("GeoCode,Name\n".to_string())
        .chain((0..places).map(|p| format!("{},Municipality {p}\n", geocode(p))))
        .collect();
    write_file(&data.join("places.csv"), places_csv.as_bytes());
    let mut ind = String::from("indicators:\n");
    for k in 0..INDICATORS {
        let _ = writeln!(
            ind,
            "  - id: ind-{k:03}\n    title: Indicator {k}\n    disaggregations: [Sex]\n    computation:\n      value: {{dataset: indicator_{k:03}}}"
        );
    }
    write_file(
        &dir.join("indicators/bench/library.yaml"),
        b"id: bench\ntitle: Synthetic indicators\n",
    );
    write_file(&dir.join("indicators/bench/values.yaml"), ind.as_bytes());
    let head = NATIONAL_HEAD;
    let values_ds = "  - path: data/indicator_*.csv\n";
    let records_ds = "  - {id: complaints, path: data/complaints.csv, kind: records, columns: {date: Received}}\n";
    write_file(
        &dir.join("values.yaml"),
        format!("{head}libraries: [bench]\ndatasets:\n{values_ds}").as_bytes(),
    );
    if records > 0 {
        write_records_projects(dir);
        write_file(
            &dir.join("localis.yaml"),
            format!("{head}libraries: [bench, records]\ndatasets:\n{values_ds}{records_ds}")
                .as_bytes(),
        );
    } else {
        write_file(
            &dir.join("localis.yaml"),
            format!("{head}libraries: [bench]\ndatasets:\n{values_ds}").as_bytes(),
        );
    }
}

const RIGHTS: [&str; 8] = [
    "housing",
    "health",
    "education",
    "water",
    "work",
    "social-security",
    "food",
    "participation",
];

/// One chunk of generated complaints, column by column.
#[derive(Default)]
struct Complaints {
    id: Vec<i64>,
    /// Year, month, day.
    received: Vec<(i32, u32, u32)>,
    /// GeoCode, or district.
    place: Vec<String>,
    right: Vec<&'static str>,
    sex: Vec<&'static str>,
    resolved: Vec<bool>,
    /// Days to resolution (resolved complaints only).
    days: Vec<Option<i32>>,
}

/// A complaints log: one row per complaint, with its date, place, right, sex, status and the
/// days it took to resolve (blank while open); chunks of 100,000, each from its own seed.
fn complaints(n: usize, places: usize, with_place: bool) -> Vec<Complaints> {
    (0..n.div_ceil(100_000))
        .into_par_iter()
        .map(|c| {
            let mut rng = Rng::new(1_000_000 + c as u64);
            let mut out = Complaints::default();
            for i in c * 100_000..((c + 1) * 100_000).min(n) {
                let y = YEARS.start + rng.below(YEARS.len() as u64) as i32;
                let m = 1 + rng.below(12) as u32;
                let d = 1 + rng.below(28) as u32;
                let right = RIGHTS[rng.below(RIGHTS.len() as u64) as usize];
                let sex = ["Female", "Male", ""][rng.below(3) as usize];
                let resolved = rng.below(10) < 7;
                out.id.push(i as i64);
                out.received.push((y, m, d));
                out.place.push(if with_place {
                    geocode(rng.below(places as u64) as usize).to_string()
                } else {
                    format!("D{}", rng.below(10) + 1)
                });
                out.right.push(right);
                out.sex.push(sex);
                out.resolved.push(resolved);
                out.days.push(resolved.then(|| 1 + rng.below(120) as i32));
            }
            out
        })
        .collect()
}

fn write_records(path: &Path, chunks: &[Complaints], with_place: bool) {
    let texts: Vec<Vec<u8>> = chunks
        .par_iter()
        .map(|c| {
            let mut out = Vec::with_capacity(c.id.len() * 60);
            for k in 0..c.id.len() {
                let (y, m, d) = c.received[k];
                let _ = write!(
                    out,
                    "{},{y}-{m:02}-{d:02},{},{},{},{}",
                    c.id[k],
                    c.place[k],
                    c.right[k],
                    c.sex[k],
                    if c.resolved[k] { "resolved" } else { "open" }
                );
                match c.days[k] {
                    Some(days) => {
                        let _ = writeln!(out, ",{days}");
                    }
                    None => out.extend_from_slice(b",\n"),
                }
            }
            out
        })
        .collect();
    let mut all = Vec::new();
    all.extend_from_slice(if with_place {
        b"Id,Received,GeoCode,Right,Sex,Status,Days\n".as_slice()
    } else {
        b"Id,Received,District,Right,Sex,Status,Days\n".as_slice()
    });
    for t in texts {
        all.extend_from_slice(&t);
    }
    write_file(path, &all);
}

/// Days from 1970-01-01 to a date.
fn epoch_days(y: i32, m: u32, d: u32) -> i32 {
    let y = i64::from(y) - i64::from(m <= 2);
    let m = i64::from(m);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    (era * 146_097 + doe - 719_468) as i32
}

/// The same complaints as a Parquet file, as a data engineer would export them: `Received` a
/// `DATE`, `Days` an optional int32, a blank sex a null, snappy pages, row groups of 2^18 rows.
fn write_records_parquet(path: &Path, chunks: &[Complaints], with_place: bool) {
    use parquet::data_type::{ByteArray, ByteArrayType, Int32Type, Int64Type};
    use parquet::file::properties::WriterProperties;
    use parquet::file::writer::SerializedFileWriter;
    use std::sync::Arc;
    let place = if with_place { "GeoCode" } else { "District" };
    let schema = format!(
        "message complaints {{ required int64 Id; required int32 Received (DATE); required binary {place} (STRING); required binary Right (STRING); optional binary Sex (STRING); required binary Status (STRING); optional int32 Days; }}"
    );
    let schema = Arc::new(parquet::schema::parser::parse_message_type(&schema).expect("schema"));
    let props = Arc::new(
        WriterProperties::builder()
            .set_compression(parquet::basic::Compression::SNAPPY)
            .build(),
    );
    if let Some(d) = path.parent() {
        std::fs::create_dir_all(d).expect("create folder");
    }
    let tmp = path.with_extension("parquet.tmp");
    let file = std::fs::File::create(&tmp).expect("create Parquet file");
    let mut writer = SerializedFileWriter::new(file, schema, props).expect("writer");
    // rows in groups of 2^18 across the chunks
    let rows: Vec<(usize, usize)> = chunks
        .iter()
        .enumerate()
        .flat_map(|(c, ch)| (0..ch.id.len()).map(move |k| (c, k)))
        .collect();
    for group in rows.chunks(1 << 18) {
        let mut g = writer.next_row_group().expect("row group");
        let text = |f: &dyn Fn(usize, usize) -> ByteArray| -> Vec<ByteArray> {
            group.iter().map(|(c, k)| f(*c, *k)).collect()
        };
        for column in 0..7 {
            let mut w = g.next_column().expect("column").expect("a column");
            match column {
                0 => {
                    let v: Vec<i64> = group.iter().map(|(c, k)| chunks[*c].id[*k]).collect();
                    w.typed::<Int64Type>().write_batch(&v, None, None)
                }
                1 => {
                    let v: Vec<i32> = group
                        .iter()
                        .map(|(c, k)| {
                            let (y, m, d) = chunks[*c].received[*k];
                            epoch_days(y, m, d)
                        })
                        .collect();
                    w.typed::<Int32Type>().write_batch(&v, None, None)
                }
                2 => w.typed::<ByteArrayType>().write_batch(
                    &text(&|c, k| ByteArray::from(chunks[c].place[k].as_str())),
                    None,
                    None,
                ),
                3 => w.typed::<ByteArrayType>().write_batch(
                    &text(&|c, k| ByteArray::from(chunks[c].right[k])),
                    None,
                    None,
                ),
                4 => {
                    let defs: Vec<i16> = group
                        .iter()
                        .map(|(c, k)| i16::from(!chunks[*c].sex[*k].is_empty()))
                        .collect();
                    let v: Vec<ByteArray> = group
                        .iter()
                        .map(|(c, k)| chunks[*c].sex[*k])
                        .filter(|s| !s.is_empty())
                        .map(ByteArray::from)
                        .collect();
                    w.typed::<ByteArrayType>()
                        .write_batch(&v, Some(&defs), None)
                }
                5 => w.typed::<ByteArrayType>().write_batch(
                    &text(&|c, k| {
                        ByteArray::from(if chunks[c].resolved[k] {
                            "resolved"
                        } else {
                            "open"
                        })
                    }),
                    None,
                    None,
                ),
                _ => {
                    let defs: Vec<i16> = group
                        .iter()
                        .map(|(c, k)| i16::from(chunks[*c].days[*k].is_some()))
                        .collect();
                    let v: Vec<i32> = group
                        .iter()
                        .filter_map(|(c, k)| chunks[*c].days[*k])
                        .collect();
                    w.typed::<Int32Type>().write_batch(&v, Some(&defs), None)
                }
            }
            .expect("write column");
            w.close().expect("close column");
        }
        g.close().expect("close row group");
    }
    writer.close().expect("close Parquet file");
    std::fs::rename(&tmp, path).expect("put the Parquet file in place");
}

/// The record-level part of the national scale alone (places, complaints as CSV and as
/// Parquet, `records.yaml` and `records-parquet.yaml`), for comparing the two readers.
fn generate_national_records(dir: &Path, places: usize, records: usize) {
    let data = dir.join("data");
    let chunks = complaints(records, places, true);
    write_records(&data.join("complaints.csv"), &chunks, true);
    write_records_parquet(&data.join("complaints.parquet"), &chunks, true);
    let places_csv: String = std::iter::once("GeoCode,Name\n".to_string())
        .chain((0..places).map(|p| format!("{},Municipality {p}\n", geocode(p))))
        .collect();
    write_file(&data.join("places.csv"), places_csv.as_bytes());
    write_records_projects(dir);
}

/// The record-level library and the projects that read the complaints as CSV and as Parquet.
fn write_records_projects(dir: &Path) {
    write_file(
        &dir.join("indicators/records/library.yaml"),
        b"id: records\ntitle: Synthetic record-level indicators\n",
    );
    write_file(
        &dir.join("indicators/records/records.yaml"),
        records_indicators().as_bytes(),
    );
    for (name, file) in [
        ("records.yaml", "complaints.csv"),
        ("records-parquet.yaml", "complaints.parquet"),
    ] {
        write_file(
            &dir.join(name),
            format!("{NATIONAL_HEAD}libraries: [records]\ndatasets:\n  - {{id: complaints, path: data/{file}, kind: records, columns: {{date: Received}}}}\n").as_bytes(),
        );
    }
}

/// The head of the national projects.
const NATIONAL_HEAD: &str = "name: Synthetic national run\nplace: {name: Country, geocode: \"0000000\"}\nplaces: {path: data/places.csv}\n";

fn records_indicators() -> String {
    "indicators:
  - id: rec-count
    title: Complaints
    disaggregations: [Sex, Right]
    computation:
      records: {dataset: complaints, aggregate: count}
  - id: rec-resolved
    title: Complaints resolved
    disaggregations: [Sex, Right]
    computation:
      records: {dataset: complaints, aggregate: share, share-where: {Status: resolved}}
  - id: rec-days-mean
    title: Mean days to resolution
    disaggregations: [Right]
    computation:
      records: {dataset: complaints, aggregate: mean, column: Days, filter: {Status: resolved}}
  - id: rec-days-median
    title: Median days to resolution
    disaggregations: [Right]
    computation:
      records: {dataset: complaints, aggregate: median, column: Days, filter: {Status: resolved}}
"
    .to_string()
}

/// Municipal scale: one place, 400 indicators disaggregated by sex, age group, district and
/// disability, a population table for rates, and a complaints log.
fn generate_municipal(dir: &Path) {
    let data = dir.join("data");
    let ages = ["0-14", "15-24", "25-44", "45-64", "65+"];
    let districts: Vec<String> = (1..=10).map(|d| format!("D{d}")).collect();
    let breakdowns = |rng: &mut Rng, total: f64, out: &mut Vec<u8>, y: i32| {
        let row = |sex: &str, age: &str, district: &str, dis: &str, v: f64, out: &mut Vec<u8>| {
            let _ = write!(out, "{y},{sex},{age},{district},{dis},");
            push_value(out, v);
            out.push(b'\n');
        };
        row("", "", "", "", total, out);
        for sex in ["Female", "Male"] {
            let share = 0.45 + rng.unit() * 0.1;
            row(sex, "", "", "", total * share, out);
            for age in &ages {
                row(
                    sex,
                    age,
                    "",
                    "",
                    total * share * (0.1 + rng.unit() * 0.2),
                    out,
                );
            }
        }
        for age in &ages {
            row("", age, "", "", total * (0.1 + rng.unit() * 0.2), out);
        }
        for d in &districts {
            row("", "", d, "", total * (0.05 + rng.unit() * 0.1), out);
        }
        for dis in ["With disability", "Without disability"] {
            row("", "", "", dis, total * (0.1 + rng.unit() * 0.8), out);
        }
    };
    let header = b"Year,Sex,Age,District,Disability,Value\n";
    (0..INDICATORS).into_par_iter().for_each(|k| {
        let mut rng = Rng::new(50_000 + k as u64);
        let mut out = Vec::with_capacity(64 * 1024);
        out.extend_from_slice(header);
        let base = 100.0 + rng.unit() * 900.0;
        for y in YEARS {
            let total = base * (1.0 + (rng.unit() - 0.45) * 0.1 * f64::from(y - YEARS.start));
            breakdowns(&mut rng, total, &mut out, y);
        }
        write_file(&data.join(format!("indicator_{k:03}.csv")), &out);
    });
    let mut rng = Rng::new(7);
    let mut pop = Vec::new();
    pop.extend_from_slice(header);
    for y in YEARS {
        breakdowns(
            &mut rng,
            180_000.0 + f64::from(y - YEARS.start) * 900.0,
            &mut pop,
            y,
        );
    }
    write_file(&data.join("population.csv"), &pop);
    write_records(
        &data.join("complaints.csv"),
        &complaints(MUNICIPAL_RECORDS, 1, false),
        false,
    );
    let mut ind = String::from("indicators:\n");
    for k in 0..INDICATORS {
        let dataset = format!("indicator_{k:03}");
        let computation = match k % 10 {
            7 => format!(
                "ratio: {{numerator: {{dataset: {dataset}}}, denominator: {{dataset: population}}, factor: 1000}}"
            ),
            8 => format!(
                "gap: {{of: {{dataset: {dataset}}}, dimension: Sex, group: Female, reference: Male}}"
            ),
            9 => format!("index: {{of: {{dataset: {dataset}}}, base-year: 2015}}"),
            _ => format!("value: {{dataset: {dataset}}}"),
        };
        let _ = writeln!(
            ind,
            "  - id: ind-{k:03}\n    title: Indicator {k}\n    disaggregations: [Sex, Age, District, Disability]\n    computation:\n      {computation}"
        );
    }
    ind.push_str(
        "  - id: derived-female-share
    title: Female share of indicator 0
    computation:
      expression:
        formula: f / t * 100
        inputs:
          f: {indicator: ind-000, filter: {Sex: Female, Age: \"\"}}
          t: {indicator: ind-000, filter: {Sex: \"\", Age: \"\", District: \"\", Disability: \"\"}}
",
    );
    let records = records_indicators().replace("[Sex, Right]", "[Sex, Right, District]");
    write_file(
        &dir.join("indicators/bench/library.yaml"),
        b"id: bench\ntitle: Synthetic indicators\n",
    );
    let both = format!("{ind}{}", records.trim_start_matches("indicators:\n"));
    write_file(
        &dir.join("indicators/bench/indicators.yaml"),
        both.as_bytes(),
    );
    write_file(
        &dir.join("localis.yaml"),
        b"name: Synthetic municipality\nplace: {name: Municipality, geocode: \"4200001\"}\nlibraries: [bench]\ndatasets:\n  - path: data/indicator_*.csv\n  - {id: population, path: data/population.csv}\n  - {id: complaints, path: data/complaints.csv, kind: records, columns: {date: Received}}\n",
    );
}

fn data_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/data")
}

fn generate(what: &str) {
    let dir = data_root().join(what);
    let t = Instant::now();
    match what {
        "municipal" => generate_municipal(&dir),
        "national" => generate_national(&dir, NATIONAL_PLACES, NATIONAL_RECORDS),
        "national-records" => generate_national_records(&dir, NATIONAL_PLACES, NATIONAL_RECORDS),
        other => match other.strip_prefix("places-").and_then(|n| n.parse().ok()) {
            Some(n) => generate_national(&dir, n, 0),
            None => {
                eprintln!(
                    "unknown data set `{other}` (municipal, national, national-records, places-N)"
                );
                std::process::exit(2);
            }
        },
    }
    eprintln!(
        "generated {} in {:.1} s",
        dir.display(),
        t.elapsed().as_secs_f64()
    );
}

fn peak_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map(|kb| kb / 1024.0)
        .unwrap_or(f64::NAN)
}

/// CPU time (user + system) of this process so far, in seconds.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // fields after the command name (which is in parentheses)
    let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name
    (ticks(11) + ticks(12)) / 100.0
}

/// Reads every dataset of a project (no evaluation): the parsing part of the job.
fn parse_only(project: &Path) {
    let t = Instant::now();
    let mut ws = localis::load::load(project).expect("load");
    let index = localis::pipeline::check_all(&mut ws);
    let p = ws.project().clone();
    let rows: usize = index
        .datasets
        .par_iter()
        .map(|d| {
            let spec = &p.datasets[d.spec_index];
            let files: Vec<localis::load::dataset::FileToRead> = d
                .files
                .iter()
                .enumerate()
                .map(|(i, f)| localis::load::dataset::FileToRead {
                    index: i as u32,
                    path: f.clone(),
                    display: ws.display_path(f),
                })
                .collect();
            let (t, _) =
                localis::load::dataset::read_table(&d.id, spec, &files, &Default::default(), "0");
            t.len()
        })
        .sum();
    let wall = t.elapsed().as_secs_f64();
    println!(
        "{{\"project\": \"{}\", \"parse_only\": true, \"wall_s\": {wall:.3}, \"cpu_s\": {:.2}, \"rows\": {rows}, \"observations\": 0, \"obs_per_s\": 0, \"peak_mib\": {:.0}}}",
        project.display(),
        cpu_seconds(),
        peak_mib()
    );
}

/// Load + check + evaluate one project in this process; prints one JSON line.
fn measure(project: &Path, write: bool) {
    let t = Instant::now();
    let mut ws = localis::load::load(project).expect("load");
    let index = localis::pipeline::check_all(&mut ws);
    if ws.diagnostics.has_errors() {
        let d = ws.diagnostics.sorted(&ws.sources);
        eprintln!("{}", localis::diag::render(&ws.sources, &d));
        std::process::exit(1);
    }
    let loaded = t.elapsed().as_secs_f64();
    let evaluator = localis::evaluate::Evaluator::new(&ws, &index);
    let out = std::env::temp_dir().join(format!("localis-bench-{}", std::process::id()));
    let mut writer = write.then(|| {
        localis::output::results::ResultsWriter::create(&out, evaluator.files()).expect("create")
    });
    let mut batches = 0usize;
    let summary = evaluator
        .run(|b| {
            batches += 1;
            match &mut writer {
                Some(w) => w.write(&b),
                None => Ok(()),
            }
        })
        .expect("evaluate");
    if let Some(w) = writer {
        w.finish(&summary.places, &summary.completeness)
            .expect("finish");
        let _ = std::fs::remove_dir_all(&out);
    }
    let wall = t.elapsed().as_secs_f64();
    let s = &summary.stats;
    let errors = summary
        .diagnostics
        .iter()
        .filter(|d| d.severity == localis::diag::Severity::Error)
        .count();
    println!(
        "{{\"project\": \"{}\", \"wall_s\": {wall:.3}, \"cpu_s\": {:.2}, \"load_check_s\": {loaded:.3}, \"rows\": {}, \"observations\": {}, \"results\": {}, \"indicators\": {}, \"places\": {}, \"obs_per_s\": {:.0}, \"peak_mib\": {:.0}, \"threads\": {}, \"data_errors\": {errors}}}",
        project.display(),
        cpu_seconds(),
        s.rows,
        s.observations,
        s.results,
        s.indicators,
        summary.places.len(),
        s.observations as f64 / wall,
        peak_mib(),
        rayon::current_num_threads(),
    );
}

/// The real command end to end: `localis eval <project> --output <temporary folder>` (load,
/// check, evaluate, suppress, assess, write every output file), in a child process under
/// `/usr/bin/time`; prints one JSON line with wall and CPU seconds, peak resident memory and
/// the size of what was written.
fn end_to_end(project: &Path, extra: &[String]) -> Option<serde_json::Value> {
    let out = data_root().join(format!(".e2e-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let mut cmd = timed_localis();
    cmd.args(["-q", "eval"])
        .arg(project)
        .arg("--output")
        .arg(&out)
        .args(extra);
    let output = cmd.output().ok()?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    let figures = time_figures(&stderr);
    // each file of the output folder, and each folder (Parquet tables) with the size of all it holds
    let mut files: Vec<(String, u64)> = std::fs::read_dir(&out)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| {
            let name = e.file_name().to_string_lossy().to_string();
            let dir = e.path().is_dir();
            (
                if dir { format!("{name}/") } else { name },
                tree_size(&e.path()),
            )
        })
        .collect();
    files.sort();
    let _ = std::fs::remove_dir_all(&out);
    if !output.status.success() || figures.len() != 4 {
        eprintln!("localis eval failed:\n{stderr}");
        return None;
    }
    let written: u64 = files.iter().map(|f| f.1).sum();
    let v = serde_json::json!({
        "project": project.display().to_string(),
        "wall_s": figures[0],
        "cpu_s": figures[1] + figures[2],
        "peak_mib": figures[3] / 1024.0,
        "written_mib": written as f64 / (1 << 20) as f64,
        "files": files.iter().map(|(n, b)| format!("{n} {:.1} MiB", *b as f64 / (1 << 20) as f64)).collect::<Vec<_>>(),
    });
    Some(v)
}

/// The release binary `localis` under `/usr/bin/time` (its last line of standard error: wall
/// seconds, user and system CPU seconds, peak resident KiB; see [`time_figures`]), with the
/// date every run prints.
fn timed_localis() -> Command {
    let mut c = Command::new("/usr/bin/time");
    c.args(["-f", "%e %U %S %M"])
        .arg(env!("CARGO_BIN_EXE_localis"))
        .env("SOURCE_DATE_EPOCH", "1764000000");
    c
}

/// The four figures `/usr/bin/time` printed last (see [`timed_localis`]).
fn time_figures(stderr: &str) -> Vec<f64> {
    stderr
        .lines()
        .last()
        .unwrap_or("")
        .split_whitespace()
        .filter_map(|f| f.parse().ok())
        .collect()
}

/// Prints the end-to-end rows (`localis eval` with every output) as a Markdown table.
fn end_to_end_rows(jobs: &[(String, PathBuf, Vec<String>)]) {
    println!(
        "\n`localis eval` end to end (evaluate, suppress, assess, write every output; JSON left out above 256 MiB; Parquet instead of CSV when the data pass 1 GiB, unless --csv)\n"
    );
    println!("| job | wall | CPU | peak | written |");
    println!("|---|---:|---:|---:|---|");
    for (label, project, extra) in jobs {
        let Some(v) = end_to_end(project, extra) else {
            continue;
        };
        println!(
            "| {label} | {:.2} s | {:.2} s | {:.0} MiB | {:.0} MiB: {} |",
            num(&v, "wall_s"),
            num(&v, "cpu_s"),
            num(&v, "peak_mib"),
            num(&v, "written_mib"),
            v["files"]
                .as_array()
                .map(|f| f
                    .iter()
                    .filter_map(|x| x.as_str())
                    .collect::<Vec<_>>()
                    .join(", "))
                .unwrap_or_default(),
        );
    }
}

/// Free space the export bench leaves on the disk of its outputs: a run that would write
/// more is stopped there (a national open-data export writes tens of GiB).
const KEEP_FREE: u64 = 20 << 30;

/// Bytes available on the file system of `dir` (from `df`).
fn available(dir: &Path) -> Option<u64> {
    let out = Command::new("df")
        .args(["-B1", "--output=avail"])
        .arg(dir)
        .output()
        .ok()?;
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .nth(1)?
        .trim()
        .parse()
        .ok()
}

/// The size of a file, or of every file under a folder.
fn tree_size(path: &Path) -> u64 {
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => std::fs::read_dir(path)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| tree_size(&e.path()))
            .sum(),
        Ok(m) => m.len(),
        Err(_) => 0,
    }
}

/// The real `localis export --format sdmx --format open-data --output <temporary folder>`
/// (load, check, evaluate, suppress, assess, write both formats) in a child process under
/// `/usr/bin/time`, its output folder and the disk polled every second: a run that would
/// leave less than [`KEEP_FREE`] on the disk is killed there. Returns wall and CPU seconds
/// (user + system of the child), its peak resident memory (VmHWM), the MiB written and, for
/// a run stopped, why.
fn export_run(project: &Path) -> Option<serde_json::Value> {
    if let Some(free) = available(&data_root()).filter(|a| *a < KEEP_FREE) {
        eprintln!(
            "{}: not run, the disk has {:.1} GiB free (the bench keeps {} GiB free)",
            project.display(),
            free as f64 / (1u64 << 30) as f64,
            KEEP_FREE >> 30
        );
        return None;
    }
    let out = data_root().join(format!(".export-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let mut child = timed_localis()
        .args(["-q", "export"])
        .arg(project)
        .args(["--format", "sdmx", "--format", "open-data", "--output"])
        .arg(&out)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .ok()?;
    let mut stopped = None;
    let mut written = 0;
    loop {
        if child.try_wait().ok()?.is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_secs(1));
        written = written.max(tree_size(&out));
        if stopped.is_none() && available(&data_root()).is_some_and(|a| a < KEEP_FREE) {
            // the export itself is the child of /usr/bin/time
            let children =
                std::fs::read_to_string(format!("/proc/{0}/task/{0}/children", child.id()))
                    .unwrap_or_default();
            for pid in children.split_whitespace() {
                let _ = Command::new("kill").args(["-KILL", pid]).status();
            }
            stopped = Some(format!(
                "stopped after {:.0} MiB written, to keep {} GiB free on the disk",
                written as f64 / (1 << 20) as f64,
                KEEP_FREE >> 30
            ));
        }
    }
    let output = child.wait_with_output().ok()?;
    written = written.max(tree_size(&out));
    let _ = std::fs::remove_dir_all(&out);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let figures = time_figures(&stderr);
    if figures.len() != 4 || (stopped.is_none() && !output.status.success()) {
        eprintln!("localis export failed:\n{stderr}");
        return None;
    }
    Some(serde_json::json!({
        "project": project.display().to_string(),
        "wall_s": figures[0],
        "cpu_s": figures[1] + figures[2],
        "peak_mib": figures[3] / 1024.0,
        "written_mib": written as f64 / (1 << 20) as f64,
        "stopped": stopped,
    }))
}

/// Prints the export rows (`localis export` of both formats) as a Markdown table.
fn export_rows(jobs: &[(String, PathBuf)]) {
    println!(
        "\n`localis export --format sdmx --format open-data` end to end (evaluate, suppress, assess, write both formats by windows of indicators)\n"
    );
    println!("| job | wall | CPU | peak | written |");
    println!("|---|---:|---:|---:|---|");
    for (label, project) in jobs {
        let Some(v) = export_run(project) else {
            continue;
        };
        println!(
            "| {label} | {:.2} s | {:.2} s | {:.0} MiB | {:.0} MiB{} |",
            num(&v, "wall_s"),
            num(&v, "cpu_s"),
            num(&v, "peak_mib"),
            num(&v, "written_mib"),
            v["stopped"]
                .as_str()
                .map(|s| format!(" ({s})"))
                .unwrap_or_default(),
        );
    }
}

/// `localis -v report --each-place --lang en <project>` in a fresh process under
/// `/usr/bin/time` (the child's wall, user + sys CPU and peak resident memory, from wait4:
/// the VmHWM it reached); returns one Markdown row, or `None` when the run failed. The PDFs
/// go where the project says (`out/places/`).
fn each_place_row(label: &str, project: &Path, extra: &[String]) -> Option<String> {
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let load = load.split_whitespace().next().unwrap_or("?").to_string();
    let output = timed_localis()
        .args(["-v", "report", "--each-place", "--lang", "en"])
        .arg(project)
        .args(extra)
        .env("NO_COLOR", "1")
        .output()
        .ok()?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    let figures = time_figures(&stderr);
    if !output.status.success() || figures.len() != 4 {
        eprintln!("localis report --each-place failed:\n{stderr}");
        return None;
    }
    // "wrote 100 reports of 100 places ..." and "  scores and ranks 1.14 s, reports 20.68 s ..."
    let written = stderr
        .lines()
        .find_map(|l| l.strip_prefix("wrote "))
        .and_then(|l| l.split_whitespace().next())
        .and_then(|n| n.parse::<f64>().ok())
        .unwrap_or(f64::NAN);
    let seconds = |key: &str| {
        stderr
            .lines()
            .find_map(|l| l.split_once(key))
            .and_then(|(_, rest)| rest.split_whitespace().next())
            .and_then(|n| n.parse::<f64>().ok())
            .unwrap_or(f64::NAN)
    };
    let wall = figures[0];
    Some(format!(
        "| {label} | {written:.0} | {wall:.1} s | {:.1} s | {:.0} MiB | {:.2} | {:.1} s | {:.1} s | {load} |",
        figures[1] + figures[2],
        figures[3] / 1024.0,
        written / wall,
        seconds("scores and ranks "),
        seconds(", reports "),
    ))
}

/// Prints the `--each-place` rows (one PDF per place) as a Markdown table.
fn each_place_rows(jobs: &[(String, PathBuf, Vec<String>)]) {
    println!(
        "\n`localis report --each-place` (the data read once; evaluation and score pass, then one PDF per place on every core)\n"
    );
    println!(
        "| job | PDFs | wall | CPU | peak | PDFs/s | evaluate + scores | reports | load at start |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (label, project, extra) in jobs {
        if let Some(row) = each_place_row(label, project, extra) {
            println!("{row}");
        }
    }
}

/// Runs `measure` in a fresh process and returns its JSON line.
fn measure_child(project: &Path, write: bool) -> Option<serde_json::Value> {
    let exe = std::env::current_exe().ok()?;
    let mut cmd = Command::new(exe);
    cmd.arg(if write { "measure-write" } else { "measure" })
        .arg(project);
    let out = cmd.output().ok()?;
    if !out.status.success() {
        eprintln!("{}", String::from_utf8_lossy(&out.stderr));
        return None;
    }
    let line = String::from_utf8_lossy(&out.stdout);
    serde_json::from_str(line.trim()).ok()
}

/// Runs the polars script on a project folder; returns its JSON line.
fn polars(project: &Path) -> Option<serde_json::Value> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/polars_eval.py");
    let out = Command::new("python3")
        .arg(script)
        .arg(project)
        .output()
        .ok()?;
    if !out.status.success() {
        eprintln!("polars: {}", String::from_utf8_lossy(&out.stderr));
        return None;
    }
    serde_json::from_str(String::from_utf8_lossy(&out.stdout).trim()).ok()
}

fn ensure(what: &str) -> PathBuf {
    let dir = data_root().join(what);
    if !dir.join("localis.yaml").is_file() {
        generate(what);
    }
    dir
}

fn num(v: &serde_json::Value, key: &str) -> f64 {
    v[key].as_f64().unwrap_or(f64::NAN)
}

/// Measures every job with localis and polars and prints a Markdown table.
fn full_run(scaling: &[usize]) {
    let municipal = ensure("municipal");
    let national = ensure("national");
    let mut jobs: Vec<(String, PathBuf)> = vec![(
        "municipal (405 indicators, 1 place)".into(),
        municipal.join("localis.yaml"),
    )];
    for n in scaling {
        let dir = if *n == NATIONAL_PLACES {
            national.clone()
        } else {
            ensure(&format!("places-{n}"))
        };
        jobs.push((
            format!("{n} places x 400 indicators"),
            dir.join("values.yaml"),
        ));
    }
    jobs.push((
        "national records (5M rows, 4 indicators)".into(),
        national.join("records.yaml"),
    ));
    jobs.push((
        "national, all (404 indicators)".into(),
        national.join("localis.yaml"),
    ));
    println!(
        "localis {} (load + check + evaluate, {} threads) and polars (benches/polars_eval.py), same job\n",
        env!("CARGO_PKG_VERSION"),
        rayon::current_num_threads()
    );
    println!(
        "| job | observations | localis wall | CPU | obs/s | peak | polars wall | CPU | peak | polars / localis (wall, CPU) |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (label, project) in &jobs {
        let Some(v) = measure_child(project, false) else {
            continue;
        };
        let p = polars(project);
        let (pw, pc, pm) = p
            .as_ref()
            .map(|p| (num(p, "wall_s"), num(p, "cpu_s"), num(p, "peak_mib")))
            .unwrap_or((f64::NAN, f64::NAN, f64::NAN));
        println!(
            "| {label} | {} | {:.2} s | {:.2} s | {:.2} M | {:.0} MiB | {pw:.2} s | {pc:.2} s | {pm:.0} MiB | {:.2}x, {:.2}x |",
            v["observations"].as_u64().unwrap_or(0),
            num(&v, "wall_s"),
            num(&v, "cpu_s"),
            num(&v, "obs_per_s") / 1e6,
            num(&v, "peak_mib"),
            pw / num(&v, "wall_s"),
            pc / num(&v, "cpu_s"),
        );
    }
    if let Some(v) = measure_child(&municipal.join("localis.yaml"), true) {
        println!(
            "\nmunicipal including writing results.json and results.csv: {:.2} s, {:.0} MiB",
            num(&v, "wall_s"),
            num(&v, "peak_mib")
        );
    }
    end_to_end_rows(&[
        (
            "municipal (405 indicators, 1 place)".into(),
            municipal.join("localis.yaml"),
            Vec::new(),
        ),
        (
            "national, 5,570 places x 400 indicators (Parquet)".into(),
            national.join("values.yaml"),
            Vec::new(),
        ),
        (
            "national, same, `--csv` (CSV and Parquet)".into(),
            national.join("values.yaml"),
            vec!["--csv".into()],
        ),
    ]);
    export_rows(&[
        (
            "municipal (405 indicators, 1 place)".into(),
            municipal.join("localis.yaml"),
        ),
        (
            "national, 5,570 places x 400 indicators".into(),
            national.join("values.yaml"),
        ),
    ]);
    each_place_rows(&[
        (
            "100 places x 400 indicators".into(),
            ensure("places-100").join("values.yaml"),
            Vec::new(),
        ),
        (
            "national, 5,570 places x 400 indicators".into(),
            national.join("values.yaml"),
            Vec::new(),
        ),
    ]);
}

/// The jobs of a command that runs projects: every argument after the command not starting
/// with `--` is a project (its own label), and every flag but `--bench` (such as `--csv` or
/// `--chunk=7`) passes on to each run.
fn jobs_of(args: &[String]) -> Vec<(String, PathBuf, Vec<String>)> {
    let extra: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a.starts_with("--") && a != "--bench")
        .collect();
    args[1..]
        .iter()
        .map(|a| (a.clone(), PathBuf::from(a), extra.clone()))
        .collect()
}

fn main() {
    localis::allocator::keep_freed_memory();
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let bench = std::env::args().any(|a| a == "--bench");
    match args.first().map(String::as_str) {
        Some("generate") => {
            for what in &args[1..] {
                generate(what);
            }
        }
        Some("measure") => measure(Path::new(&args[1]), false),
        Some("measure-write") => measure(Path::new(&args[1]), true),
        Some("parse-only") => parse_only(Path::new(&args[1])),
        Some("end-to-end") => end_to_end_rows(&jobs_of(&args)),
        Some("export") => export_rows(
            &jobs_of(&args)
                .into_iter()
                .map(|(label, project, _)| (label, project))
                .collect::<Vec<_>>(),
        ),
        Some("each-place") => each_place_rows(&jobs_of(&args)),
        Some("scaling") => {
            let ns: Vec<usize> = args[1..].iter().filter_map(|a| a.parse().ok()).collect();
            full_run(&ns);
        }
        None if bench => full_run(&[100, 500, 1000, 2500, NATIONAL_PLACES]),
        // run as a test (`cargo test --all-targets`): nothing to do, benchmarks never run in tests
        None => {}
        Some(other) => {
            eprintln!(
                "unknown command `{other}` (generate, measure, measure-write, parse-only, scaling, end-to-end, export, each-place)"
            );
            std::process::exit(2);
        }
    }
    let _ = std::io::stdout().flush();
}
