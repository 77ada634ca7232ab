//! Scans an Open SDG data CSV the way localis will read it: its columns and their roles, the
//! units and series it mixes, and the cells localis would reject, so the import can split,
//! describe and warn before anything is evaluated.

use std::collections::{BTreeMap, BTreeSet};

use crate::load::dataset::number::{self, NumberFormat};
use crate::load::dataset::{columns, detect_delimiter};

/// Columns that describe observations rather than disaggregate them: Open SDG's own names and
/// the SDMX attribute names that data imported from SDMX keep.
pub(crate) const ATTRIBUTE_COLUMNS: [&str; 16] = [
    columns::UNIT_MULTIPLIER,
    columns::UNIT_MEASURE,
    columns::COMMENT,
    columns::PROGRESS,
    "UNIT_MULT",
    "UNIT_MEASURE",
    "OBS_STATUS",
    "NATURE",
    "REPORTING_TYPE",
    "SOURCE_DETAIL",
    "COMMENT_TS",
    "TIME_DETAIL",
    "BASE_PER",
    "TIME_COVERAGE",
    "UPPER_BOUND",
    "LOWER_BOUND",
];

/// A unit and series combination of the rows (`""` when the column is absent or blank).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Combo {
    /// The `Series` value.
    pub series: String,
    /// The `Units` value.
    pub unit: String,
}

/// What the rows of one combination hold.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct ComboStats {
    /// Rows.
    pub rows: usize,
    /// Rows with a value.
    pub values: usize,
    /// Whether a row has every disaggregation blank (a headline).
    pub headline: bool,
    /// Dimension columns with a value in some row.
    pub dimensions: BTreeSet<String>,
    /// First and last year with a value.
    pub years: Option<(i32, i32)>,
    /// Dimension columns with one same non-blank value in every row: labels of the rows
    /// rather than disaggregations (`Group: Tonnes CO2 per capita`).
    pub constant: BTreeMap<String, String>,
    /// Which dimension columns are filled, row by row (indices into the header), for rows
    /// without a GeoCode.
    patterns: BTreeSet<Vec<usize>>,
    /// Per dimension column: `Some(value)` while every row so far has that value.
    same: BTreeMap<usize, Option<String>>,
}

/// What a scan found.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Scan {
    /// The header, trimmed.
    pub header: Vec<String>,
    /// The field delimiter.
    pub delimiter: char,
    /// Data rows (not counting blank lines).
    pub rows: usize,
    /// The units column, when present (`Units`, else `UNIT_MEASURE`).
    pub units: Option<String>,
    /// The series column, when present (`Series`, else `SERIES`).
    pub series: Option<String>,
    /// The observation status column (`Observation status`, else `OBS_STATUS`).
    pub status: Option<String>,
    /// Disaggregation columns, in file order.
    pub dimensions: Vec<String>,
    /// Columns describing observations (not disaggregations), in file order.
    pub attributes: Vec<String>,
    /// The GeoCodes of rows of other places.
    pub geocodes: BTreeSet<String>,
    /// Rows without a GeoCode (rows of the project's place).
    pub rows_without_geocode: usize,
    /// Dimension columns that name the place of a row rather than disaggregate it: one value
    /// per GeoCode (`Ward`, or a `Municipio` holding the GeoCode itself), and in rows without
    /// a GeoCode either blank or the name of one place with a GeoCode.
    pub place_labels: Vec<String>,
    /// For place columns filled in rows without a GeoCode: the GeoCode each value names
    /// (column -> value -> GeoCode); [`fill_geocodes`] writes them into those rows.
    pub place_codes: BTreeMap<String, BTreeMap<String, String>>,
    /// Combinations in order of first appearance.
    pub combos: Vec<(Combo, ComboStats)>,
    /// The values found in each dimension column (blank cells left out).
    pub values: BTreeMap<String, BTreeSet<String>>,
    /// Problems localis would report as errors when reading the file, with line numbers.
    pub problems: Vec<String>,
    /// `Value` cells that are not numbers (`Inf`, `NaN`, `<35`): their line and text. The
    /// import's copy leaves them blank, so they are no data and the rest of the file is read.
    pub bad_values: Vec<(usize, String)>,
    /// Problems localis would warn about.
    pub warnings: Vec<String>,
    /// Whether the file lacks a `Year` or `Value` column (it cannot be used as it is).
    pub unusable: Option<String>,
}

impl Scan {
    /// Whether any row holds a value.
    pub(crate) fn has_values(&self) -> bool {
        self.combos.iter().any(|(_, s)| s.values > 0)
    }
}

/// Scans the bytes of a data CSV (the tests' shorthand).
#[cfg(test)]
fn scan(bytes: &[u8]) -> Scan {
    scan_with(bytes, &BTreeSet::new())
}

/// Whether a column describes observations rather than disaggregates them: a known attribute
/// name, a numbered comment (`COMMENT_OBS_0`), or a column the repository declares so.
pub(crate) fn is_attribute(name: &str, declared: &BTreeSet<String>) -> bool {
    ATTRIBUTE_COLUMNS.contains(&name)
        || declared.contains(name)
        || name
            .strip_prefix("COMMENT_OBS_")
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Scans the bytes of a data CSV, with the columns the repository declares as attributes.
pub(crate) fn scan_with(bytes: &[u8], declared: &BTreeSet<String>) -> Scan {
    let text = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let first = text.split(|b| *b == b'\n').next().unwrap_or(b"");
    let delimiter = detect_delimiter(&String::from_utf8_lossy(first));
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter as u8)
        .flexible(true)
        .has_headers(true)
        .from_reader(text);
    let mut out = Scan {
        delimiter,
        ..Scan::default()
    };
    out.header = match reader.byte_headers() {
        Ok(h) => h
            .iter()
            .map(|c| String::from_utf8_lossy(number::trim(c)).into_owned())
            .collect(),
        Err(e) => {
            out.unusable = Some(format!("its header cannot be read ({e})"));
            return out;
        }
    };
    let find = |names: &[&str]| {
        names
            .iter()
            .find_map(|n| out.header.iter().position(|h| h == n))
    };
    let year = find(&[columns::YEAR]);
    let value = find(&[columns::VALUE]);
    let (Some(year), Some(value)) = (year, value) else {
        let missing: Vec<&str> = [(year, columns::YEAR), (value, columns::VALUE)]
            .iter()
            .filter(|(c, _)| c.is_none())
            .map(|(_, n)| *n)
            .collect();
        out.unusable = Some(format!("it has no `{}` column", missing.join("` or `")));
        return out;
    };
    let units = find(&[columns::UNITS, "UNIT_MEASURE"]);
    let series = find(&[columns::SERIES, "SERIES"]);
    let status = find(&[columns::STATUS, "OBS_STATUS"]);
    let geocode = find(&[columns::GEOCODE]);
    out.units = units.map(|i| out.header[i].clone());
    out.series = series.map(|i| out.header[i].clone());
    out.status = status.map(|i| out.header[i].clone());
    let mut dims: Vec<usize> = Vec::new();
    for (i, h) in out.header.iter().enumerate() {
        let role = [Some(year), Some(value), units, series, status, geocode].contains(&Some(i));
        if role || h.is_empty() {
            continue;
        }
        if is_attribute(h, declared) {
            out.attributes.push(h.clone());
        } else {
            dims.push(i);
        }
    }
    out.dimensions = dims.iter().map(|i| out.header[*i].clone()).collect();
    let format = NumberFormat::new(None, None, delimiter as u8);
    let mut index: BTreeMap<Combo, usize> = BTreeMap::new();
    let mut seen: BTreeMap<Vec<String>, (u64, usize)> = BTreeMap::new();
    let mut duplicates = 0usize;
    let mut conflicts: Vec<usize> = Vec::new();
    let (mut bad_years, mut bad_values, mut bad_rows) = (Vec::new(), Vec::new(), Vec::new());
    let mut months = 0usize;
    // per dimension: (filled in a row without GeoCode, filled in a row with one)
    let mut filled_where: BTreeMap<usize, (bool, bool)> = BTreeMap::new();
    // per (dimension, GeoCode): the value of its rows, and the dimensions whose value varies
    // within one place (so they disaggregate rather than name the place)
    let mut label_of: BTreeMap<(usize, String), String> = BTreeMap::new();
    let mut varies: BTreeSet<usize> = BTreeSet::new();
    // per (dimension, value) in rows with a GeoCode: the GeoCodes it goes with; and the values
    // of each dimension in rows without one
    let mut codes_of: BTreeMap<(usize, String), BTreeSet<String>> = BTreeMap::new();
    let mut unplaced: BTreeMap<usize, BTreeSet<String>> = BTreeMap::new();
    for record in reader.byte_records() {
        let Ok(r) = record else {
            bad_rows.push(0);
            continue;
        };
        let line = r.position().map(|p| p.line() as usize).unwrap_or(0);
        if r.iter().all(|c| number::trim(c).is_empty()) {
            continue;
        }
        if r.len() != out.header.len()
            && !(r.len() > out.header.len()
                && r.iter()
                    .skip(out.header.len())
                    .all(|c| number::trim(c).is_empty()))
        {
            bad_rows.push(line);
            continue;
        }
        out.rows += 1;
        let cell = |i: usize| -> String {
            String::from_utf8_lossy(number::trim(r.get(i).unwrap_or(b""))).into_owned()
        };
        let y = match number::parse_period(r.get(year).unwrap_or(b"")) {
            Ok(Some(p)) => {
                if p.is_range && is_month(&cell(year)) {
                    months += 1;
                }
                Some(p.year)
            }
            Ok(None) => {
                bad_years.push((line, String::new()));
                continue;
            }
            Err(_) => {
                bad_years.push((line, cell(year)));
                continue;
            }
        };
        let v = match number::parse_number(r.get(value).unwrap_or(b""), format) {
            Ok(v) => v,
            Err(_) => {
                bad_values.push((line, cell(value)));
                None
            }
        };
        if let Some(g) = geocode {
            let code = cell(g);
            if !code.is_empty() {
                out.geocodes.insert(code);
            }
        }
        let combo = Combo {
            series: series.map(cell).unwrap_or_default(),
            unit: units.map(cell).unwrap_or_default(),
        };
        let k = *index.entry(combo.clone()).or_insert_with(|| {
            out.combos.push((combo.clone(), ComboStats::default()));
            out.combos.len() - 1
        });
        let stats = &mut out.combos[k].1;
        stats.rows += 1;
        let mut filled = Vec::new();
        for &d in &dims {
            let v = cell(d);
            let first = stats.rows == 1;
            let same = stats.same.entry(d).or_insert_with(|| Some(v.clone()));
            if !first && same.as_deref() != Some(v.as_str()) {
                *same = None;
            }
            if !v.is_empty() {
                if !out
                    .values
                    .get(&out.header[d])
                    .is_some_and(|s| s.contains(&v))
                {
                    out.values
                        .entry(out.header[d].clone())
                        .or_default()
                        .insert(v.clone());
                }
                filled.push(d);
                stats.dimensions.insert(out.header[d].clone());
                let code = geocode.map(cell).unwrap_or_default();
                let w = filled_where.entry(d).or_default();
                if code.is_empty() {
                    w.0 = true;
                    if !unplaced.get(&d).is_some_and(|s| s.contains(&v)) {
                        unplaced.entry(d).or_default().insert(v.clone());
                    }
                } else {
                    w.1 = true;
                    let codes = codes_of.entry((d, v.clone())).or_default();
                    if codes.len() < 2 && !codes.contains(&code) {
                        codes.insert(code.clone());
                    }
                    // a place's name is the same in all its rows
                    match label_of.entry((d, code)) {
                        std::collections::btree_map::Entry::Vacant(e) => {
                            e.insert(v.clone());
                        }
                        std::collections::btree_map::Entry::Occupied(e) => {
                            if *e.get() != v {
                                varies.insert(d);
                            }
                        }
                    }
                }
            }
        }
        if geocode.is_none_or(|g| cell(g).is_empty()) {
            stats.patterns.insert(filled);
            out.rows_without_geocode += 1;
        }
        if let (Some(v), Some(y)) = (v, y) {
            stats.values += 1;
            stats.years = Some(match stats.years {
                None => (y, y),
                Some((a, b)) => (a.min(y), b.max(y)),
            });
            // periods as localis keys them: by year (`2014-11` and `2014-12` are both 2014)
            let mut key: Vec<String> =
                vec![combo.series.clone(), combo.unit.clone(), y.to_string()];
            key.extend(geocode.map(cell));
            key.extend(dims.iter().map(|&d| cell(d)));
            match seen.get(&key) {
                Some((bits, _)) if *bits == v.to_bits() => duplicates += 1,
                Some(_) => conflicts.push(line),
                None => {
                    seen.insert(key, (v.to_bits(), line));
                }
            }
        }
    }
    // a column filled in rows without a GeoCode names places too when each of its values
    // there is one place's: the value of exactly one GeoCode, or a GeoCode itself
    let place_of = |d: usize, v: &str| -> Option<String> {
        match codes_of.get(&(d, v.to_string())) {
            Some(codes) if codes.len() == 1 => codes.iter().next().cloned(),
            Some(_) => None,
            None => out.geocodes.contains(v).then(|| v.to_string()),
        }
    };
    let mut place_codes = BTreeMap::new();
    let mut place_dims = BTreeSet::new();
    for (d, (without, with)) in &filled_where {
        if !*with || varies.contains(d) {
            continue;
        }
        if *without {
            let values = unplaced.get(d).cloned().unwrap_or_default();
            let one_to_one = codes_of
                .iter()
                .filter(|((c, _), _)| c == d)
                .all(|(_, codes)| codes.len() == 1);
            let resolved: Option<BTreeMap<String, String>> = values
                .iter()
                .map(|v| place_of(*d, v).map(|c| (v.clone(), c)))
                .collect();
            match resolved {
                Some(map) if one_to_one => {
                    place_codes.insert(out.header[*d].clone(), map);
                }
                _ => continue,
            }
        }
        place_dims.insert(*d);
    }
    out.place_labels = place_dims.iter().map(|d| out.header[*d].clone()).collect();
    out.place_codes = place_codes;
    // constant columns, and headlines once they are set aside (rows naming a place in a
    // place column are that place's rows, not the project's)
    for (_, stats) in &mut out.combos {
        stats
            .patterns
            .retain(|p| !p.iter().any(|d| place_dims.contains(d)));
        let constant: BTreeMap<usize, String> = stats
            .same
            .iter()
            .filter_map(|(d, v)| v.clone().filter(|v| !v.is_empty()).map(|v| (*d, v)))
            .collect();
        stats.headline = stats
            .patterns
            .iter()
            .any(|p| p.iter().all(|d| constant.contains_key(d)));
        stats.constant = constant
            .into_iter()
            .map(|(d, v)| (out.header[d].clone(), v))
            .collect();
    }
    if months > 0 {
        out.warnings.push(format!(
            "{months} rows have a month as period (such as `2014-11`); localis works with years and reads `2014-11` as the period starting in 2014, so the months of a year repeat a period"
        ));
    }
    let lines = |v: &[usize]| -> String {
        let shown: Vec<String> = v.iter().take(5).map(|l| l.to_string()).collect();
        let more = if v.len() > 5 {
            format!(" and {} more", v.len() - 5)
        } else {
            String::new()
        };
        format!("{}{more}", shown.join(", "))
    };
    if !bad_rows.is_empty() {
        out.problems.push(format!(
            "{} rows do not have as many fields as the header (lines {}); localis skips them",
            bad_rows.len(),
            lines(&bad_rows)
        ));
    }
    if !bad_years.is_empty() {
        let example = bad_years
            .iter()
            .find(|(_, t)| !t.is_empty())
            .map(|(_, t)| format!(", such as `{t}`"))
            .unwrap_or_default();
        let ls: Vec<usize> = bad_years.iter().map(|(l, _)| *l).collect();
        out.problems.push(format!(
            "{} rows have a `Year` localis cannot read{example} (lines {}); localis skips them and reports an error",
            bad_years.len(),
            lines(&ls)
        ));
    }
    if !conflicts.is_empty() {
        out.problems.push(format!(
            "{} rows repeat the year and groups of another row with a different value (lines {}); localis leaves those years without a value and reports an error",
            conflicts.len(),
            lines(&conflicts)
        ));
    }
    out.bad_values = bad_values;
    if duplicates > 0 {
        out.warnings.push(format!(
            "{duplicates} rows repeat another row exactly; localis keeps the value and warns"
        ));
    }
    out
}

/// What [`repair`] changed in a copy of a data CSV.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Repaired {
    /// Rows given the GeoCode their place column names.
    pub geocodes: usize,
    /// `Value` cells that are not numbers, left blank.
    pub blanked: usize,
}

/// The bytes of the import's copy of a data CSV (scanned as `scan`): the GeoCode of each row
/// that names its place only in a place column (`Municipio: ES48001`, GeoCode blank) filled in,
/// and `Value` cells that are not numbers left blank; `None` when nothing needs it. Rows whose
/// place columns name different places keep their blank GeoCode.
pub(crate) fn repair(bytes: &[u8], scan: &Scan) -> Option<(Vec<u8>, Repaired)> {
    if scan.place_codes.is_empty() && scan.bad_values.is_empty() {
        return None;
    }
    let geocode = scan.header.iter().position(|h| h == columns::GEOCODE);
    let value = scan.header.iter().position(|h| h == columns::VALUE)?;
    let bad_lines: BTreeSet<usize> = scan.bad_values.iter().map(|(l, _)| *l).collect();
    let place_columns: Vec<(usize, &BTreeMap<String, String>)> = scan
        .header
        .iter()
        .enumerate()
        .filter_map(|(i, h)| scan.place_codes.get(h).map(|m| (i, m)))
        .collect();
    let text = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(scan.delimiter as u8)
        .flexible(true)
        .has_headers(false)
        .from_reader(text);
    let mut writer = csv::WriterBuilder::new()
        .delimiter(scan.delimiter as u8)
        .flexible(true)
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let mut done = Repaired::default();
    for (i, record) in reader.byte_records().enumerate() {
        let Ok(mut r) = record else {
            return None;
        };
        let line = r.position().map_or(0, |p| p.line() as usize);
        if i > 0 && bad_lines.contains(&line) && r.len() > value {
            let mut out = csv::ByteRecord::new();
            for (j, cell) in r.iter().enumerate() {
                out.push_field(if j == value { b"" } else { cell });
            }
            r = out;
            done.blanked += 1;
        }
        let Some(geocode) = geocode else {
            writer.write_byte_record(&r).ok()?;
            continue;
        };
        let blank = number::trim(r.get(geocode).unwrap_or(b"x")).is_empty();
        if i > 0 && blank && r.len() > geocode {
            let named: BTreeSet<&String> = place_columns
                .iter()
                .filter_map(|(c, map)| {
                    let v = String::from_utf8_lossy(number::trim(r.get(*c).unwrap_or(b"")));
                    map.get(v.as_ref())
                })
                .collect();
            if named.len() == 1 {
                let code = named.into_iter().next().cloned().unwrap_or_default();
                let mut out = csv::ByteRecord::new();
                for (j, cell) in r.iter().enumerate() {
                    out.push_field(if j == geocode { code.as_bytes() } else { cell });
                }
                r = out;
                done.geocodes += 1;
            }
        }
        writer.write_byte_record(&r).ok()?;
    }
    let bytes = writer.into_inner().ok()?;
    (done != Repaired::default()).then_some((bytes, done))
}

/// Whether a period cell is a month (`2014-11`), not a range of years (`2014-15`).
fn is_month(cell: &str) -> bool {
    let Some((y, m)) = cell.trim().split_once('-') else {
        return false;
    };
    if y.len() != 4 || m.len() != 2 {
        return false;
    }
    match (y.parse::<u32>(), m.parse::<u32>()) {
        (Ok(y), Ok(m)) => (1..=12).contains(&m) && m != (y + 1) % 100,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_roles_combinations_and_headlines() {
        let s = scan(
            b"Year,Units,Sex,GeoCode,Unit multiplier,Value\n\
              2015,Percent,,,0,10\n2015,Percent,Female,,0,11\n2016,Number,,,0,3\n2016,Number,,E05,0,1\n",
        );
        assert_eq!(s.units.as_deref(), Some("Units"));
        assert_eq!(s.dimensions, vec!["Sex"]);
        assert_eq!(s.attributes, vec!["Unit multiplier"]);
        assert_eq!(s.combos.len(), 2);
        assert_eq!(s.combos[0].0.unit, "Percent");
        assert!(s.combos[0].1.headline);
        assert_eq!(s.combos[0].1.dimensions.iter().collect::<Vec<_>>(), ["Sex"]);
        assert_eq!(s.geocodes.iter().collect::<Vec<_>>(), ["E05"]);
        assert!(s.place_labels.is_empty());
        let wards = scan(b"Year,Ward,GeoCode,Value\n2019,,,1\n2019,Ashley,E05000001,2\n");
        assert_eq!(wards.place_labels, vec!["Ward"]);
        // every row of one place, with a column varying within it: a disaggregation
        let one = scan(b"Year,Sex,GeoCode,Value\n2019,Girls,E06,1\n2019,Boys,E06,2\n");
        assert!(one.place_labels.is_empty(), "{:?}", one.place_labels);
        assert_eq!(
            (one.rows_without_geocode, wards.rows_without_geocode),
            (0, 1)
        );
        assert!(s.problems.is_empty());
    }

    #[test]
    fn place_columns_holding_codes_name_the_place_of_rows_without_a_geocode() {
        let bytes = b"Year,Sexo,Comarca,Municipio,GeoCode,Value\n\
              2019,,,,,10\n2019,Mujeres,,,,11\n\
              2019,,,ES48020,ES48020,7\n2020,,,ES48020,,8\n2020,Mujeres,,ES48020,,9\n\
              2019,,ES211,,ES211,5\n2020,,ES211,,,6\n";
        let s = scan(bytes);
        assert_eq!(s.place_labels, vec!["Comarca", "Municipio"]);
        assert_eq!(s.dimensions, vec!["Sexo", "Comarca", "Municipio"]);
        assert!(s.combos[0].1.headline);
        let (filled, n) = repair(bytes, &s).expect("rows to fill");
        assert_eq!(n.geocodes, 3);
        let text = String::from_utf8(filled).unwrap();
        assert!(text.contains("2020,,,ES48020,ES48020,8\n"), "{text}");
        assert!(text.contains("2020,Mujeres,,ES48020,ES48020,9\n"), "{text}");
        assert!(text.contains("2020,,ES211,,ES211,6\n"), "{text}");
        assert!(text.starts_with("Year,Sexo,Comarca,Municipio,GeoCode,Value\n2019,,,,,10\n"));
        // a column whose value goes with many places (a category measured only there) is not
        // a place column, and rows without a GeoCode keep their place
        let category = scan(
            b"Year,Learning,GeoCode,Value\n2019,Adults,E1,1\n2019,Adults,E2,2\n2019,Adults,,3\n",
        );
        assert!(
            category.place_labels.is_empty(),
            "{:?}",
            category.place_labels
        );
        assert!(repair(b"Year,Value\n2019,1\n", &category).is_none());
    }

    #[test]
    fn reports_what_localis_would_reject() {
        let bytes = b"Year,Value\n2015,1\n20x6,2\n2017,n.a.\n2015,9\n2018,4,5\n2019,Inf\n2020,3\n";
        let s = scan(bytes);
        assert_eq!(s.problems.len(), 3, "{:?}", s.problems);
        assert!(s.warnings.is_empty());
        assert!(s.problems[0].contains("lines 6"));
        assert!(s.problems[1].contains("`20x6`"));
        assert!(s.problems[2].contains("different value"));
        // cells that are no numbers are no data: the copy leaves them blank
        assert_eq!(
            s.bad_values,
            vec![(4, "n.a.".to_string()), (7, "Inf".to_string())]
        );
        let (copy, done) = repair(bytes, &s).expect("cells to blank");
        assert_eq!(done.blanked, 2);
        let copy = String::from_utf8(copy).unwrap();
        assert!(
            copy.contains("\n2017,\n") && copy.contains("\n2019,\n2020,3\n"),
            "{copy}"
        );
        assert_eq!(
            scan(b"Year,Val\n").unusable.as_deref(),
            Some("it has no `Value` column")
        );
    }

    #[test]
    fn constant_columns_are_labels_and_months_repeat_years() {
        let s = scan(
            b"Year,Group,Value\n2010,Tonnes CO2 per capita,6.35\n2011,Tonnes CO2 per capita,5.8\n",
        );
        let stats = &s.combos[0].1;
        assert!(stats.headline, "a constant column does not disaggregate");
        assert_eq!(
            stats.constant.get("Group").map(String::as_str),
            Some("Tonnes CO2 per capita")
        );
        let m = scan(b"Year,Value\n2014-11,1\n2014-12,2\n2015-16,3\n");
        assert!(
            m.warnings.iter().any(|p| p.contains("month")),
            "{:?}",
            m.warnings
        );
        assert!(m.problems.iter().any(|p| p.contains("different value")));
        assert!(is_month("2014-11") && !is_month("2014-15") && !is_month("2014-2015"));
    }
}
