//! Results as SDMX-CSV (the SDMX 2.1 CSV format): one row per observation, the dataflow first,
//! then the dimensions, `OBS_VALUE` and the attributes, with the concepts and codes of the SDG
//! data structure where they exist ([`super::codes`]) and local codes, listed in `codes.csv`,
//! for the rest.
//!
//! Columns, in order: `DATAFLOW`, `FREQ` (`A`), `SERIES` (the indicator id as an SDMX id),
//! `REF_AREA` (the GeoCode), `SEX`, `AGE`, `URBANISATION`, one column per other
//! disaggregation (its name as an SDMX id, such as `DISTRICT`), `TIME_PERIOD` (the year),
//! `OBS_VALUE`, then the attributes `UNIT_MEASURE`, `OBS_STATUS`, `LOWER_BOUND` and
//! `UPPER_BOUND` (the 95% interval, where localis computed one), `TIME_DETAIL` (a period such
//! as `2015-16` as written in the data) and `COMMENT_OBS`. A breakdown a series does not have
//! is `_T` (total). Suppressed and missing values have no row.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::io::{BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use super::Context;
use super::codes::{self, Concept};
use crate::assess::{IndicatorAssessment, Interval};
use crate::evaluate::IndicatorResult;
use crate::interop::text::sdmx_id;
use crate::output::results::format_number;
use crate::output::write::AtomicFile;
use crate::output::write_atomic;

/// The dataflow of localis exports when none is given: a local SDG dataflow whose structure
/// reuses the concepts and code lists of the SDG data structure (IAEG-SDGs).
pub const DEFAULT_DATAFLOW: &str = "LOCALIS:DF_SDG_LOCAL(1.0)";

/// The dimensions before the local ones.
pub const LEADING: [&str; 7] = [
    "DATAFLOW",
    "FREQ",
    "SERIES",
    "REF_AREA",
    "SEX",
    "AGE",
    "URBANISATION",
];

/// The measure and attributes after the dimensions.
pub const TRAILING: [&str; 8] = [
    "TIME_PERIOD",
    "OBS_VALUE",
    "UNIT_MEASURE",
    "OBS_STATUS",
    "LOWER_BOUND",
    "UPPER_BOUND",
    "TIME_DETAIL",
    "COMMENT_OBS",
];

/// The codes of one concept: label -> code, and where the codes come from.
#[derive(Debug, Default)]
struct Codes {
    /// Label -> (code, whether it is an SDG code).
    by_label: BTreeMap<String, (String, bool)>,
}

/// How each disaggregation dimension of the results becomes a column, and its values codes.
struct Layout {
    /// Dimension name -> column (`SEX`, `AGE`, `URBANISATION` or a local concept id).
    column_of: BTreeMap<String, String>,
    /// The local columns, sorted.
    local: Vec<String>,
    /// Column -> codes.
    codes: BTreeMap<String, Codes>,
    /// Indicator id -> SERIES code.
    series: BTreeMap<String, String>,
    /// Dimension name -> the values it takes in the results.
    labels_of: BTreeMap<String, BTreeSet<String>>,
}

fn sdg_concept(column: &str) -> Option<Concept> {
    match column {
        "SEX" => Some(Concept::Sex),
        "AGE" => Some(Concept::Age),
        "URBANISATION" => Some(Concept::Urbanisation),
        _ => None,
    }
}

impl Layout {
    /// The layout of results whose disaggregations take `values` (every dimension with every
    /// value it takes), with the SERIES code of each indicator.
    fn new(
        values: &BTreeMap<String, BTreeSet<String>>,
        series: BTreeMap<String, String>,
    ) -> Layout {
        let reserved: BTreeSet<&str> = LEADING.iter().chain(TRAILING.iter()).copied().collect();
        let mut column_of = BTreeMap::new();
        for (d, vs) in values {
            let column = match codes::concept_of(d, vs.iter().map(String::as_str)) {
                Some(c) => c.id().to_string(),
                None => {
                    let id = sdmx_id(d);
                    if id.is_empty()
                        || reserved.contains(id.as_str())
                        || id.starts_with(|c: char| c.is_ascii_digit())
                    {
                        format!("DIM_{id}")
                    } else {
                        id
                    }
                }
            };
            column_of.insert(d.to_string(), column);
        }
        let local: Vec<String> = column_of
            .values()
            .filter(|c| sdg_concept(c).is_none())
            .cloned()
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        // codes: SDG codes where they exist, else local codes unique within their column
        let mut codes: BTreeMap<String, Codes> = BTreeMap::new();
        for (d, vs) in values {
            let column = &column_of[d];
            let entry = codes.entry(column.clone()).or_default();
            for v in vs {
                let sdg = sdg_concept(column).and_then(|c| c.code(v));
                let code = match sdg {
                    Some(c) => (c, true),
                    None => (codes::local_code(v), false),
                };
                entry.by_label.entry(v.to_string()).or_insert(code);
            }
        }
        for c in codes.values_mut() {
            let mut taken: BTreeMap<String, String> = BTreeMap::new();
            for (label, (code, sdg)) in c.by_label.iter_mut() {
                if *sdg {
                    continue;
                }
                let base = code.clone();
                let mut n = 2;
                while taken.get(code.as_str()).is_some_and(|l| l != label) {
                    *code = format!("{base}_{n}");
                    n += 1;
                }
                taken.insert(code.clone(), label.clone());
            }
        }
        let labels_of = values.clone();
        Layout {
            column_of,
            local,
            codes,
            series,
            labels_of,
        }
    }

    fn code(&self, column: &str, label: &str) -> String {
        self.codes
            .get(column)
            .and_then(|c| c.by_label.get(label))
            .map(|(c, _)| c.clone())
            .unwrap_or_else(|| "_T".to_string())
    }

    fn header(&self) -> Vec<String> {
        LEADING
            .iter()
            .map(|s| s.to_string())
            .chain(self.local.iter().cloned())
            .chain(TRAILING.iter().map(|s| s.to_string()))
            .collect()
    }
}

/// One row of the mapping table.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Mapping {
    concept: String,
    code: String,
    label: String,
    code_list: String,
    note: String,
}

/// Writes `data.csv`, `codes.csv` and `README.md` into a folder a window of indicators at a
/// time. The columns and the codes of the disaggregations depend on every value the results
/// take, so each window's rows wait in an unnamed temporary file (the disaggregation as a
/// number) until [`Writer::finish`] knows the layout and writes `data.csv` from it.
pub(crate) struct Writer {
    dir: PathBuf,
    dataflow: String,
    /// The rows so far, a block per series (see [`Writer::window`]).
    spool: BufWriter<std::fs::File>,
    /// The rows of the series being spooled.
    block: Vec<u8>,
    /// Every dimension with every value it takes.
    values: BTreeMap<String, BTreeSet<String>>,
    /// The disaggregations seen, numbered in order of appearance.
    disaggregations: HashMap<BTreeMap<String, String>, u32>,
    /// Indicator id -> SERIES code, in order of appearance.
    series: BTreeMap<String, String>,
    used: BTreeSet<String>,
    mappings: BTreeSet<Mapping>,
    rows: usize,
}

fn mapping(concept: &str, code: &str, label: &str, code_list: &str, note: &str) -> Mapping {
    Mapping {
        concept: concept.to_string(),
        code: code.to_string(),
        label: label.to_string(),
        code_list: code_list.to_string(),
        note: note.to_string(),
    }
}

/// Appends a number in 7-bit groups, low first (one byte below 128).
fn put_number(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// Appends a field: its length, then its bytes.
fn put_field(out: &mut Vec<u8>, bytes: &[u8]) {
    put_number(out, bytes.len() as u64);
    out.extend_from_slice(bytes);
}

/// Reads a number written by [`put_number`]; `None` at the end of the file.
fn read_number(r: &mut impl Read) -> std::io::Result<Option<u64>> {
    let mut n = 0u64;
    let mut byte = [0u8; 1];
    for shift in (0..64).step_by(7) {
        match r.read_exact(&mut byte) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof && shift == 0 => {
                return Ok(None);
            }
            Err(e) => return Err(e),
        }
        n |= u64::from(byte[0] & 0x7f) << shift;
        if byte[0] < 0x80 {
            return Ok(Some(n));
        }
    }
    Err(std::io::Error::other(
        "a number of the temporary file of SDMX rows is too long",
    ))
}

/// Reads a field written by [`put_field`] into `buf`.
fn read_field(r: &mut impl Read, buf: &mut Vec<u8>) -> std::io::Result<()> {
    let len = read_number(r)?.ok_or_else(|| {
        std::io::Error::new(
            std::io::ErrorKind::UnexpectedEof,
            "the temporary file of SDMX rows ended early",
        )
    })?;
    buf.resize(usize::try_from(len).map_err(std::io::Error::other)?, 0);
    r.read_exact(buf)
}

impl Writer {
    /// Starts the SDMX-CSV export into `dir` with the dataflow `dataflow`.
    pub(crate) fn create(dir: &Path, dataflow: &str) -> std::io::Result<Self> {
        std::fs::create_dir_all(dir)?;
        let mut mappings = BTreeSet::new();
        mappings.insert(mapping("FREQ", "A", "Annual", "SDMX:CL_FREQ", ""));
        Ok(Writer {
            dir: dir.to_path_buf(),
            dataflow: dataflow.to_string(),
            spool: BufWriter::with_capacity(1 << 20, tempfile::tempfile_in(dir)?),
            block: Vec::new(),
            values: BTreeMap::new(),
            disaggregations: HashMap::new(),
            series: BTreeMap::new(),
            used: BTreeSet::new(),
            mappings,
            rows: 0,
        })
    }

    /// The SERIES code of an indicator: its id as an SDMX id, unique among the indicators
    /// before it.
    fn series_code(&mut self, indicator: &str) -> String {
        if let Some(code) = self.series.get(indicator) {
            return code.clone();
        }
        let base = {
            let id = sdmx_id(indicator);
            if id.is_empty() {
                "SERIES".to_string()
            } else {
                id
            }
        };
        let mut code = base.clone();
        let mut n = 2;
        while !self.used.insert(code.clone()) {
            code = format!("{base}_{n}");
            n += 1;
        }
        self.series.insert(indicator.to_string(), code.clone());
        code
    }

    /// Writes the rows of one window's results (suppressed and missing values left out),
    /// with the confidence intervals of their assessment, to the temporary file: a block
    /// per series with rows, its disaggregation's number, `SERIES`, `REF_AREA` and the
    /// number of rows, then the [`TRAILING`] fields of each row.
    pub(crate) fn window(
        &mut self,
        ctx: &Context,
        results: &[IndicatorResult],
        assessed: &[IndicatorAssessment],
    ) -> std::io::Result<()> {
        let ws = ctx.ws;
        let lang = ctx.lang.as_str();
        let assessments: BTreeMap<(&str, &str), &IndicatorAssessment> = assessed
            .iter()
            .map(|a| ((a.indicator.as_str(), a.place.as_str()), a))
            .collect();
        for res in results {
            for s in &res.series {
                for (d, v) in &s.disaggregation {
                    let known = self
                        .values
                        .get(d.as_str())
                        .is_some_and(|vs| vs.contains(v.as_str()));
                    if !known {
                        self.values.entry(d.clone()).or_default().insert(v.clone());
                    }
                }
            }
            let name = ctx.place_name(&res.place);
            self.mappings.insert(mapping(
                "REF_AREA",
                &res.place,
                &name,
                "LOCAL:CL_REF_AREA",
                "GeoCode",
            ));
            let indicator = ws.indicator(&res.indicator).map(|a| &a.indicator);
            let series_code = self.series_code(&res.indicator);
            let unit_label = super::unit_label(res, indicator, lang);
            let unit = if unit_label.is_empty() {
                String::new()
            } else {
                match codes::unit_code(&unit_label) {
                    Some(c) => {
                        self.mappings.insert(mapping(
                            "UNIT_MEASURE",
                            c,
                            &unit_label,
                            "IAEG-SDGs:CL_UNIT_MEASURE",
                            "",
                        ));
                        c.to_string()
                    }
                    None => {
                        let c = codes::local_code(&unit_label);
                        self.mappings.insert(mapping(
                            "UNIT_MEASURE",
                            &c,
                            &unit_label,
                            "LOCAL:CL_UNIT_MEASURE",
                            "local code",
                        ));
                        c
                    }
                }
            };
            let assessed = assessments.get(&(res.indicator.as_str(), res.place.as_str()));
            for s in &res.series {
                let intervals: BTreeMap<i32, &Interval> = assessed
                    .and_then(|a| {
                        a.series
                            .iter()
                            .find(|x| x.disaggregation == s.disaggregation)
                    })
                    .map(|x| x.intervals.iter().map(|i| (i.year, i)).collect())
                    .unwrap_or_default();
                let key = match self.disaggregations.get(&s.disaggregation) {
                    Some(k) => *k,
                    None => {
                        let k = self.disaggregations.len() as u32;
                        self.disaggregations.insert(s.disaggregation.clone(), k);
                        k
                    }
                };
                let mut block_rows = 0u64;
                for o in &s.observations {
                    let Some(value) = o.value.filter(|_| !o.suppressed) else {
                        continue;
                    };
                    let interval = intervals.get(&o.year);
                    let status_label = o.status().unwrap_or("");
                    let status = if status_label.trim().is_empty() {
                        if interval.is_some_and(|i| i.unstable) {
                            "U".to_string()
                        } else {
                            "A".to_string()
                        }
                    } else {
                        match codes::status_code(status_label) {
                            Some(c) => {
                                self.mappings.insert(mapping(
                                    "OBS_STATUS",
                                    &c,
                                    status_label,
                                    "SDMX:CL_OBS_STATUS",
                                    "",
                                ));
                                c
                            }
                            None => {
                                let c = codes::local_code(status_label);
                                self.mappings.insert(mapping(
                                    "OBS_STATUS",
                                    &c,
                                    status_label,
                                    "LOCAL:CL_OBS_STATUS",
                                    "local code",
                                ));
                                c
                            }
                        }
                    };
                    let year = o.year.to_string();
                    let value = format_number(value);
                    let lower = interval.map(|i| format_number(i.lower)).unwrap_or_default();
                    let upper = interval.map(|i| format_number(i.upper)).unwrap_or_default();
                    let fields: [&[u8]; TRAILING.len()] = [
                        year.as_bytes(),
                        value.as_bytes(),
                        unit.as_bytes(),
                        status.as_bytes(),
                        lower.as_bytes(),
                        upper.as_bytes(),
                        o.period().unwrap_or("").as_bytes(),
                        o.comment().unwrap_or("").as_bytes(),
                    ];
                    for f in fields {
                        put_field(&mut self.block, f);
                    }
                    block_rows += 1;
                }
                if block_rows > 0 {
                    let mut head = Vec::new();
                    put_number(&mut head, u64::from(key));
                    put_field(&mut head, series_code.as_bytes());
                    put_field(&mut head, res.place.as_bytes());
                    put_number(&mut head, block_rows);
                    self.spool.write_all(&head)?;
                    self.spool.write_all(&self.block)?;
                    self.block.clear();
                    self.rows += block_rows as usize;
                }
            }
        }
        Ok(())
    }

    /// Writes `data.csv` from the rows waiting, then `codes.csv` and `README.md`; returns
    /// their paths.
    pub(crate) fn finish(self, ctx: &Context) -> std::io::Result<Vec<PathBuf>> {
        let Writer {
            dir,
            dataflow,
            spool,
            values,
            disaggregations,
            series,
            mut mappings,
            rows,
            ..
        } = self;
        let ws = ctx.ws;
        let lang = ctx.lang.as_str();
        let layout = Layout::new(&values, series);
        // the dimension cells of each disaggregation: SEX, AGE, URBANISATION, then the local ones
        let mut cells: Vec<Vec<String>> = vec![Vec::new(); disaggregations.len()];
        for (disaggregation, key) in &disaggregations {
            let mut dims: BTreeMap<&str, String> = BTreeMap::new();
            for (d, v) in disaggregation {
                if let Some(column) = layout.column_of.get(d) {
                    dims.insert(column.as_str(), layout.code(column, v));
                }
            }
            cells[*key as usize] = ["SEX", "AGE", "URBANISATION"]
                .into_iter()
                .chain(layout.local.iter().map(String::as_str))
                .map(|c| dims.get(c).cloned().unwrap_or_else(|| "_T".to_string()))
                .collect();
        }
        let data_path = dir.join("data.csv");
        let mut csv =
            crate::output::rows::csv_writer(BufWriter::new(AtomicFile::create(&data_path)?));
        csv.write_record(layout.header())?;
        let mut file = spool.into_inner().map_err(|e| e.into_error())?;
        file.seek(SeekFrom::Start(0))?;
        let mut spooled = BufReader::with_capacity(1 << 20, file);
        let (mut series_code, mut place) = (Vec::new(), Vec::new());
        let mut fields: Vec<Vec<u8>> = vec![Vec::new(); TRAILING.len()];
        let broken = || std::io::Error::other("the temporary file of SDMX rows is damaged");
        while let Some(key) = read_number(&mut spooled)? {
            let dims = cells.get(key as usize).ok_or_else(broken)?;
            read_field(&mut spooled, &mut series_code)?;
            read_field(&mut spooled, &mut place)?;
            let n = read_number(&mut spooled)?.ok_or_else(broken)?;
            for _ in 0..n {
                for f in fields.iter_mut() {
                    read_field(&mut spooled, f)?;
                }
                let record = [dataflow.as_bytes(), b"A", &series_code, &place]
                    .into_iter()
                    .chain(dims.iter().map(String::as_bytes))
                    .chain(fields.iter().map(Vec::as_slice));
                csv.write_record(record)?;
            }
        }
        AtomicFile::commit_csv(csv)?;
        // the mapping table: every code the data use
        for (id, code) in &layout.series {
            let ind = ws.indicator(id).map(|a| &a.indicator);
            let title = ind
                .map(|i| i.title.get(lang).to_string())
                .unwrap_or_default();
            let sdg: Vec<&str> = ind
                .map(|i| i.links.sdg.iter().map(|l| l.code.as_str()).collect())
                .unwrap_or_default();
            let note = if sdg.is_empty() {
                format!("indicator {id}")
            } else {
                format!("indicator {id}; SDG {}", sdg.join(", "))
            };
            mappings.insert(mapping("SERIES", code, &title, "LOCAL:CL_SERIES", &note));
        }
        for (dimension, column) in &layout.column_of {
            let Some(c) = layout.codes.get(column) else {
                continue;
            };
            // only the values this dimension takes (several dimensions can share a column)
            let labels = layout.labels_of.get(dimension).into_iter().flatten();
            for (label, (code, sdg)) in labels.filter_map(|l| c.by_label.get(l).map(|x| (l, x))) {
                let (list, note) = match (sdg_concept(column), sdg) {
                    (Some(concept), true) => (
                        concept.code_list().to_string(),
                        format!("column {dimension}"),
                    ),
                    _ => (
                        format!("LOCAL:CL_{column}"),
                        format!("column {dimension}; local code"),
                    ),
                };
                let value_label = if label.is_empty() {
                    "Total"
                } else {
                    label.as_str()
                };
                mappings.insert(mapping(column, code, value_label, &list, &note));
            }
        }
        let codes_path = dir.join("codes.csv");
        let mut w = crate::output::rows::csv_writer(Vec::new());
        w.write_record(["concept", "code", "label", "code_list", "note"])?;
        for m in &mappings {
            w.write_record([&m.concept, &m.code, &m.label, &m.code_list, &m.note])?;
        }
        let bytes = w
            .into_inner()
            .map_err(|e| std::io::Error::other(e.to_string()))?;
        write_atomic(&codes_path, &bytes)?;
        let readme_path = dir.join("README.md");
        write_atomic(&readme_path, readme(&dataflow, &layout, rows).as_bytes())?;
        Ok(vec![data_path, codes_path, readme_path])
    }
}

/// The structure of the export, in English (the language of SDMX structures).
fn readme(dataflow: &str, layout: &Layout, rows: usize) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# SDMX-CSV export\n");
    let _ = writeln!(
        s,
        "`data.csv` holds {rows} observations in the SDMX-CSV format of SDMX 2.1: one row per observation, \
         the dataflow `{dataflow}` first, then the dimensions, the value (`OBS_VALUE`) and the attributes. \
         The concepts and codes are those of the SDG data structure (IAEG-SDGs) where they exist; \
         `codes.csv` lists every code used, its label in the data and its code list (`LOCAL:` lists are this \
         export's own). Suppressed (small-count) and missing values have no row.\n"
    );
    let _ = writeln!(s, "| column | role | codes |");
    let _ = writeln!(s, "|---|---|---|");
    let rows: Vec<(String, &str, String)> = vec![
        ("DATAFLOW".into(), "dataflow", format!("`{dataflow}`")),
        ("FREQ".into(), "dimension", "`A` (annual), SDMX:CL_FREQ".into()),
        ("SERIES".into(), "dimension", "the localis indicator id as an SDMX id (LOCAL:CL_SERIES; `codes.csv` gives its title and SDG links)".into()),
        ("REF_AREA".into(), "dimension", "the GeoCode of the place (LOCAL:CL_REF_AREA)".into()),
        ("SEX".into(), "dimension", "SDMX:CL_SEX (`F`, `M`, `_T` total)".into()),
        ("AGE".into(), "dimension", "IAEG-SDGs:CL_AGE (`Y15T24`, `Y_GE65`, `Y0T4`, `_T` total)".into()),
        ("URBANISATION".into(), "dimension", "IAEG-SDGs:CL_URBANISATION (`U`, `R`, `_T` total)".into()),
    ];
    for (c, role, codes) in rows {
        let _ = writeln!(s, "| `{c}` | {role} | {codes} |");
    }
    for c in &layout.local {
        let names: Vec<&str> = layout
            .column_of
            .iter()
            .filter(|(_, col)| *col == c)
            .map(|(d, _)| d.as_str())
            .collect();
        let _ = writeln!(
            s,
            "| `{c}` | dimension | the disaggregation {} (LOCAL:CL_{c}; `_T` total) |",
            names
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    for (c, role, codes) in [
        (
            "TIME_PERIOD",
            "dimension",
            "the year (the first year of a period such as 2015-16)",
        ),
        ("OBS_VALUE", "measure", "the value"),
        (
            "UNIT_MEASURE",
            "attribute",
            "IAEG-SDGs:CL_UNIT_MEASURE (`PT` percent, `NUMBER`, `PER_100000_POP`...) or a local code",
        ),
        (
            "OBS_STATUS",
            "attribute",
            "SDMX:CL_OBS_STATUS (`A` normal, `E` estimated, `P` provisional, `U` low reliability: a rate from few events)",
        ),
        (
            "LOWER_BOUND",
            "attribute",
            "lower bound of the 95% confidence interval, where one was computed",
        ),
        (
            "UPPER_BOUND",
            "attribute",
            "upper bound of the 95% confidence interval",
        ),
        (
            "TIME_DETAIL",
            "attribute",
            "the period as written in the data, when it is not a single year",
        ),
        ("COMMENT_OBS", "attribute", "the comment of the data"),
    ] {
        let _ = writeln!(s, "| `{c}` | {role} | {codes} |");
    }
    s
}
