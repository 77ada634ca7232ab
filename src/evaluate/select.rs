//! Selections: the rows of a table, or the series of another indicator, that a computation
//! reads, grouped into one result per place with a series per disaggregation.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::diag::Diagnostic;
use crate::load::ActiveIndicator;
use crate::load::dataset::{BLANK, Table};
use crate::model::FilterValue;
use crate::yaml::{self, Step};

use super::result::{
    DataFile, IndicatorResult, Observation, ObservationDetails, RowRange, RowSpan, Series,
};

/// Values of a selection or computation: one result per place, sorted by GeoCode, each with
/// its series sorted by disaggregation (headline first) and observations sorted by year.
pub(crate) type Values = Vec<IndicatorResult>;

/// Where in an indicator's YAML a selection is, for diagnostics.
#[derive(Clone)]
pub(crate) struct Site<'a> {
    /// The indicator.
    pub indicator: &'a ActiveIndicator,
    /// Path of the selection inside the indicator.
    pub path: Vec<Step>,
}

impl Site<'_> {
    /// Points a diagnostic at the selection, or at a key inside it.
    pub(super) fn point(&self, d: Diagnostic, key: &[&str]) -> Diagnostic {
        let mut path = self.path.clone();
        path.extend(key.iter().map(|k| Step::from(*k)));
        let (f, s) = if key.is_empty() {
            self.indicator.origin.locate(&path)
        } else {
            self.indicator.origin.locate_key(&path)
        };
        d.at(f, s)
    }

    /// The indicator id.
    pub(super) fn id(&self) -> &str {
        &self.indicator.indicator.id
    }
}

/// A condition on one column: the row's code must be one of `codes`.
pub(crate) struct Predicate {
    column: Option<usize>,
    codes: Vec<u32>,
}

impl Predicate {
    #[inline]
    pub(super) fn matches(&self, t: &Table, row: usize) -> bool {
        let code = match self.column {
            Some(c) => t.text[c].codes[row],
            None => t.place.codes[row],
        };
        self.codes.contains(&code)
    }
}

/// Filters compiled against a table.
pub(crate) struct Filters {
    /// The conditions.
    pub predicates: Vec<Predicate>,
    /// Text columns fixed to one group by a filter (no longer a disaggregation).
    pub fixed: BTreeSet<usize>,
}

/// Compiles a selection's filters; `None` when a filter names a column the table lacks.
pub(crate) fn compile_filters(
    t: &Table,
    filter: &BTreeMap<String, FilterValue>,
    site: &Site,
    key: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<Filters> {
    let mut predicates = Vec::new();
    let mut fixed = BTreeSet::new();
    let mut ok = true;
    for (col, accepted) in filter {
        let (column, labels): (Option<usize>, &[String]) = match t.text_column(col) {
            Some(c) => (Some(c), &t.text[c].labels),
            None if t.place.name == *col => (None, &t.place.labels),
            None => {
                diags.push(
                    site.point(
                        Diagnostic::error(
                            "unknown-column",
                            format!("dataset `{}` has no text column `{col}` to filter on", t.id),
                        ),
                        &[key, col],
                    )
                    .maybe_hint(
                        yaml::closest(col, t.text.iter().map(|c| c.name.as_str()))
                            .map(|b| format!("did you mean `{b}`?")),
                    ),
                );
                ok = false;
                continue;
            }
        };
        let values = accepted.values();
        let mut codes = Vec::new();
        for v in &values {
            let v = v.trim();
            match labels.iter().position(|l| l == v) {
                Some(c) => codes.push(c as u32),
                None if v.is_empty() => codes.push(BLANK),
                None => {
                    let hint = match yaml::closest(v, labels.iter().map(String::as_str)) {
                        Some(b) => format!("did you mean `{b}`?"),
                        None => format!(
                            "its values are {}",
                            labels
                                .iter()
                                .filter(|l| !l.is_empty())
                                .take(12)
                                .map(|l| format!("`{l}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    };
                    diags.push(
                        site.point(
                            Diagnostic::warning(
                                "filter-matches-nothing",
                                format!(
                                    "indicator `{}`: no row of dataset `{}` has `{v}` in column `{col}`",
                                    site.id(),
                                    t.id
                                ),
                            ),
                            &[key, col],
                        )
                        .hint(hint),
                    );
                }
            }
        }
        if values.len() == 1
            && let Some(c) = column
        {
            fixed.insert(c);
        }
        predicates.push(Predicate { column, codes });
    }
    ok.then_some(Filters { predicates, fixed })
}

/// Largest number of code combinations grouped through a dense array rather than a hash map.
const DENSE_GROUPS: usize = 1 << 20;

fn bits_for(labels: usize) -> u32 {
    usize::BITS - labels.leading_zeros()
}

/// Rows grouped by place and key columns: `order[starts[g]..starts[g + 1]]` are the rows of
/// group `g`, in table order.
pub(crate) struct Grouping {
    pub starts: Vec<u32>,
    pub order: Vec<u32>,
}

impl Grouping {
    pub(super) fn rows(&self, g: usize) -> &[u32] {
        &self.order[self.starts[g] as usize..self.starts[g + 1] as usize]
    }

    pub(super) fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }
}

/// Groups the rows that pass `predicates` by place and the codes of `key_columns`.
pub(crate) fn group_rows(t: &Table, predicates: &[Predicate], key_columns: &[usize]) -> Grouping {
    let n = t.len();
    let mut group_of = vec![u32::MAX; n];
    let mut count: Vec<u32> = Vec::new();
    let widths: Vec<u32> = key_columns
        .iter()
        .map(|c| bits_for(t.text[*c].labels.len()))
        .collect();
    let place_bits = bits_for(t.place.labels.len());
    let total: u32 = place_bits + widths.iter().sum::<u32>();
    let keys: Vec<&[u32]> = key_columns
        .iter()
        .map(|c| t.text[*c].codes.as_slice())
        .collect();
    let places = t.place.codes.as_slice();
    // dense index when every combination of codes fits a small array, else hashing
    let dense_size = key_columns
        .iter()
        .map(|c| t.text[*c].labels.len())
        .try_fold(t.place.labels.len(), |acc, n| acc.checked_mul(n))
        .filter(|n| *n <= DENSE_GROUPS);
    if let Some(size) = dense_size {
        let strides: Vec<usize> = key_columns
            .iter()
            .map(|c| t.text[*c].labels.len())
            .collect();
        let mut index = vec![u32::MAX; size];
        for r in 0..n {
            if !predicates.iter().all(|p| p.matches(t, r)) {
                continue;
            }
            let mut k = places[r] as usize;
            for (codes, stride) in keys.iter().zip(&strides) {
                k = k * stride + codes[r] as usize;
            }
            let mut g = index[k];
            if g == u32::MAX {
                g = count.len() as u32;
                index[k] = g;
                count.push(0);
            }
            count[g as usize] += 1;
            group_of[r] = g;
        }
    } else if total <= 128 {
        let mut map: FxHashMap<u128, u32> = FxHashMap::default();
        for r in 0..n {
            if !predicates.iter().all(|p| p.matches(t, r)) {
                continue;
            }
            let mut k = places[r] as u128;
            for (codes, w) in keys.iter().zip(&widths) {
                k = (k << w) | codes[r] as u128;
            }
            let next = count.len() as u32;
            let g = *map.entry(k).or_insert(next);
            if g == next {
                count.push(0);
            }
            count[g as usize] += 1;
            group_of[r] = g;
        }
    } else {
        let mut map: FxHashMap<Vec<u32>, u32> = FxHashMap::default();
        let mut k = Vec::with_capacity(keys.len() + 1);
        for r in 0..n {
            if !predicates.iter().all(|p| p.matches(t, r)) {
                continue;
            }
            k.clear();
            k.push(places[r]);
            k.extend(keys.iter().map(|c| c[r]));
            let g = match map.get(&k) {
                Some(g) => *g,
                None => {
                    let g = count.len() as u32;
                    map.insert(k.clone(), g);
                    count.push(0);
                    g
                }
            };
            count[g as usize] += 1;
            group_of[r] = g;
        }
    }
    let mut starts = Vec::with_capacity(count.len() + 1);
    let mut acc = 0u32;
    starts.push(0);
    for c in &count {
        acc += c;
        starts.push(acc);
    }
    let mut fill: Vec<u32> = starts[..starts.len() - 1].to_vec();
    let mut order = vec![0u32; acc as usize];
    for (r, g) in group_of.iter().enumerate() {
        if *g != u32::MAX {
            let slot = &mut fill[*g as usize];
            order[*slot as usize] = r as u32;
            *slot += 1;
        }
    }
    Grouping { starts, order }
}

/// The disaggregation of a row: its non-blank key columns.
pub(crate) fn disaggregation_of(
    t: &Table,
    key_columns: &[usize],
    row: usize,
) -> BTreeMap<String, String> {
    key_columns
        .iter()
        .filter_map(|c| {
            let col = &t.text[*c];
            let code = col.codes[row];
            (code != BLANK).then(|| (col.name.clone(), col.label(code).to_string()))
        })
        .collect()
}

#[inline]
pub(crate) fn row_range(t: &Table, row: usize) -> RowRange {
    let file = if t.segments.len() <= 1 {
        t.segments.first().map(|s| s.1).unwrap_or(0)
    } else {
        t.file_of(row)
    };
    let r = t.row[row];
    RowRange {
        file,
        first: r,
        last: r,
    }
}

/// A group of rows: its place code, disaggregation and index in the grouping.
type Group = (u32, BTreeMap<String, String>, usize);

/// Conflicting rows found while building series: rows giving a period twice.
#[derive(Default)]
struct Conflicts {
    count: usize,
    differing: usize,
    example: Option<String>,
}

/// Reads a selection from a table: the value column (or `column`), filtered, grouped into
/// series by place and every disaggregation column not fixed by a filter.
pub(crate) fn from_table(
    t: &Table,
    column: Option<&str>,
    filter: &BTreeMap<String, FilterValue>,
    files: &[DataFile],
    site: &Site,
    diags: &mut Vec<Diagnostic>,
) -> Values {
    let value = match column {
        Some(c) => t.number_column(c),
        None => t.value,
    };
    let Some(value) = value else {
        let wanted = column.unwrap_or("Value");
        diags.push(
            site.point(
                Diagnostic::error(
                    "unknown-column",
                    format!("dataset `{}` has no numeric column `{wanted}`", t.id),
                )
                .hint(
                    "name the value column with `column:` or the dataset's `columns: {value: ...}`",
                ),
                &[],
            ),
        );
        return Vec::new();
    };
    let Some(filters) = compile_filters(t, filter, site, "filter", diags) else {
        return Vec::new();
    };
    let key_columns: Vec<usize> = t
        .dimensions
        .iter()
        .copied()
        .filter(|d| !filters.fixed.contains(d))
        .collect();
    let mut grouping = group_rows(t, &filters.predicates, &key_columns);
    // each group's rows by year (stable: table order within a year)
    for g in 0..grouping.len() {
        let (a, b) = (grouping.starts[g] as usize, grouping.starts[g + 1] as usize);
        let members = &mut grouping.order[a..b];
        if !members.is_sorted_by_key(|r| t.year[*r as usize]) {
            members.sort_by_key(|r| t.year[*r as usize]);
        }
    }
    let grouping = grouping;
    // order groups by place, then disaggregation (headline first)
    let mut groups: Vec<Group> = (0..grouping.len())
        .map(|g| {
            let first = grouping.rows(g)[0] as usize;
            (
                t.place.codes[first],
                disaggregation_of(t, &key_columns, first),
                g,
            )
        })
        .collect();
    let rank = &t.place_rank;
    groups.sort_by(|a, b| {
        rank[a.0 as usize]
            .cmp(&rank[b.0 as usize])
            .then_with(|| a.1.cmp(&b.1))
            .then_with(|| a.2.cmp(&b.2))
    });
    let values = &t.numbers[value].values;
    let progress = t.progress.map(|p| t.numbers[p].values.as_slice());
    // one run of groups per place (a blank place and the default place share a rank)
    let built: Vec<(IndicatorResult, Conflicts, usize)> = groups
        .par_chunk_by_mut(|a, b| rank[a.0 as usize] == rank[b.0 as usize])
        .map(|run| {
            let place_row = grouping.rows(run[0].2)[0] as usize;
            let total: usize = run.iter().map(|(_, _, g)| grouping.rows(*g).len()).sum();
            let mut rows: Vec<RowRange> = Vec::with_capacity(total);
            let mut series: Vec<Series> = Vec::with_capacity(run.len());
            let mut conflicts = Conflicts::default();
            let mut unit: Option<u32> = None;
            let mut mixed_units = false;
            for (_, disaggregation, g) in run.iter_mut() {
                let disaggregation = std::mem::take(disaggregation);
                let members = grouping.rows(*g);
                let base = rows.len() as u32;
                rows.extend(members.iter().map(|&r| row_range(t, r as usize)));
                if let Some(u) = t.units {
                    for &r in members {
                        let code = t.text[u].codes[r as usize];
                        if code != BLANK {
                            match unit {
                                None => unit = Some(code),
                                Some(c) if c != code => mixed_units = true,
                                _ => {}
                            }
                        }
                    }
                }
                let text = |c: Option<usize>, r: usize| -> Option<String> {
                    let col = &t.text[c?];
                    let code = col.codes[r];
                    (code != BLANK).then(|| col.label(code).to_string())
                };
                let mut observations: Vec<Observation> = members
                    .iter()
                    .enumerate()
                    .map(|(k, &r)| {
                        let r = r as usize;
                        let v = values[r];
                        let period_code = t.period.codes[r];
                        let start = base + k as u32;
                        let o = Observation::new(
                            t.year[r],
                            (!v.is_nan()).then_some(v),
                            RowSpan {
                                start,
                                end: start + 1,
                            },
                        );
                        let progress = progress.map(|p| p[r]).filter(|p| !p.is_nan());
                        let status = text(t.status, r).filter(|s| !is_no_status(s));
                        let comment = text(t.comment, r);
                        if period_code == BLANK
                            && progress.is_none()
                            && status.is_none()
                            && comment.is_none()
                        {
                            return o;
                        }
                        o.with_details(ObservationDetails {
                            period: (period_code != BLANK)
                                .then(|| t.period.label(period_code).to_string()),
                            progress,
                            status,
                            comment,
                            ..ObservationDetails::default()
                        })
                    })
                    .collect();
                if observations.windows(2).any(|w| w[0].year == w[1].year) {
                    observations =
                        merge_repeated_periods(observations, &rows, files, &mut conflicts, || {
                            format!(
                                "{}in place `{}`",
                                if disaggregation.is_empty() {
                                    String::new()
                                } else {
                                    format!("({}) ", describe(&disaggregation))
                                },
                                t.place_label(t.place.codes[members[0] as usize])
                            )
                        });
                }
                // blank and explicit default place may give the same series twice: merge
                if let Some(prev) = series.last_mut()
                    && prev.disaggregation == disaggregation
                {
                    prev.observations.extend(observations);
                    prev.observations.sort_by_key(|o| o.year);
                    continue;
                }
                series.push(Series {
                    disaggregation,
                    observations,
                });
            }
            let place = t.place_label(t.place.codes[place_row]);
            let mixed = if mixed_units { 2 } else { 1 };
            let unit = match (t.units, unit) {
                (Some(u), Some(code)) if !mixed_units => Some(t.text[u].label(code).to_string()),
                _ => None,
            };
            (
                IndicatorResult {
                    indicator: String::new(),
                    place: place.to_string(),
                    unit,
                    series,
                    completeness: Default::default(),
                    rows,
                },
                conflicts,
                mixed,
            )
        })
        .collect();
    let mut out = Vec::with_capacity(built.len());
    let mut total = Conflicts::default();
    let mut mixed_units = 0;
    for (r, c, mixed) in built {
        total.count += c.count;
        total.differing += c.differing;
        if total.example.is_none() {
            total.example = c.example;
        }
        if mixed > 1 {
            mixed_units += 1;
        }
        out.push(r);
    }
    if let Some(example) = total.example {
        let d = if total.differing > 0 {
            Diagnostic::error(
                "duplicate-observation",
                format!(
                    "indicator `{}`: dataset `{}` gives {} period(s) of a series more than once with different values, e.g. {example}; those periods have no value",
                    site.id(),
                    t.id,
                    total.differing,
                ),
            )
        } else {
            Diagnostic::warning(
                "duplicate-observation",
                format!(
                    "indicator `{}`: dataset `{}` repeats {} row(s) with the period and value of another row, e.g. {example}; the value is kept",
                    site.id(),
                    t.id,
                    total.count
                ),
            )
        };
        let hint = if t.units.is_some() || t.text_column("Series").is_some() {
            "filter on `Units` or `Series`, or add the column that tells the rows apart to the dataset's `columns: {dimensions: ...}`"
        } else {
            "remove the repeated rows, or add a filter or a disaggregation column that tells them apart"
        };
        diags.push(site.point(d.hint(hint), &[]));
    }
    if mixed_units > 0 {
        diags.push(site.point(
            Diagnostic::warning(
                "mixed-units",
                format!(
                    "indicator `{}`: the rows of dataset `{}` give several units (`Units` column) for {mixed_units} place(s); no unit is reported",
                    site.id(),
                    t.id
                ),
            )
            .hint("filter on `Units` to select one unit"),
            &[],
        ));
    }
    out
}

/// Row numbers named in the example of a repeated period; the rest are counted.
const EXAMPLE_ROWS: usize = 5;

/// Merges observations of the same period (rows repeating a period of their series): the
/// value is kept when the rows agree and left out when they differ; every row stays in the
/// provenance. Linear in the rows: the example names the first repeated period's first rows
/// and counts the others.
fn merge_repeated_periods(
    observations: Vec<Observation>,
    rows: &[RowRange],
    files: &[DataFile],
    conflicts: &mut Conflicts,
    series: impl Fn() -> String,
) -> Vec<Observation> {
    let mut out: Vec<Observation> = Vec::with_capacity(observations.len());
    let mut disagree = false;
    // (year, provenance rows) of the first period seen repeated, described once it ends
    let mut first_repeated: Option<(i32, std::ops::Range<usize>)> = None;
    for o in observations {
        if let Some(prev) = out.last_mut()
            && prev.year == o.year
        {
            conflicts.count += 1;
            if prev.value != o.value && !disagree {
                conflicts.differing += 1;
                disagree = true;
            }
            prev.rows.end = o.rows.end;
            if conflicts.example.is_none() {
                let range = prev.rows.start as usize..prev.rows.end as usize;
                match &mut first_repeated {
                    Some((year, r)) if *year == o.year => *r = range,
                    None => first_repeated = Some((o.year, range)),
                    Some(_) => {}
                }
            }
            continue;
        }
        if disagree && let Some(prev) = out.last_mut() {
            prev.value = None;
        }
        disagree = false;
        out.push(o);
    }
    if disagree && let Some(prev) = out.last_mut() {
        prev.value = None;
    }
    if let Some((year, range)) = first_repeated {
        let these = &rows[range.start.min(rows.len())..range.end.min(rows.len())];
        let file = these
            .first()
            .and_then(|x| files.get(x.file as usize))
            .map(|f| f.file.as_str())
            .unwrap_or("");
        let mut numbers: Vec<String> = these
            .iter()
            .take(EXAMPLE_ROWS)
            .map(|x| x.first.to_string())
            .collect();
        if these.len() > EXAMPLE_ROWS {
            numbers.push(format!("and {} more", these.len() - EXAMPLE_ROWS));
        }
        conflicts.example = Some(format!(
            "{year} {}, {file} rows {}",
            series(),
            numbers.join(", ")
        ));
    }
    out
}

/// `Sex=Female, Age=15-24`.
pub(crate) fn describe(d: &BTreeMap<String, String>) -> String {
    d.iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Reads a selection from another indicator's values: the series whose disaggregation matches
/// the filter (a blank filter value selects series without that dimension).
pub(crate) fn from_indicator(values: &Values, filter: &BTreeMap<String, FilterValue>) -> Values {
    if filter.is_empty() {
        return values.clone();
    }
    values
        .iter()
        .filter_map(|r| {
            let mut series: Vec<Series> = r
                .series
                .iter()
                .filter(|s| {
                    filter.iter().all(|(dim, accepted)| {
                        let have = s.disaggregation.get(dim).map(String::as_str).unwrap_or("");
                        accepted.values().iter().any(|v| v.trim() == have)
                    })
                })
                .map(|s| {
                    let mut s = s.clone();
                    for (dim, accepted) in filter {
                        if accepted.values().len() == 1 {
                            s.disaggregation.remove(dim);
                        }
                    }
                    s
                })
                .collect();
            if series.is_empty() {
                return None;
            }
            series.sort_by(|a, b| a.disaggregation.cmp(&b.disaggregation));
            Some(IndicatorResult {
                series,
                ..r.clone()
            })
        })
        .collect()
}

/// Whether an observation status says only that there is none: SDMX's `Undefined` (Open SDG
/// data keep the word) and `Normal value`, which flag nothing about the value.
pub(super) fn is_no_status(status: &str) -> bool {
    let s = status.trim();
    s.is_empty() || s.eq_ignore_ascii_case("undefined") || s.eq_ignore_ascii_case("normal value")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::Origin;
    use crate::load::dataset::NumberFormat;
    use crate::load::dataset::table::{Builder, Layout, Locate, Slot};

    /// Every row is on line 1 (positions are the table reader's to test).
    struct Nowhere;

    impl Locate for Nowhere {
        fn line(&self) -> usize {
            1
        }
        fn column(&self, _field: usize) -> usize {
            1
        }
        fn cell_name(&self, _field: usize) -> Option<String> {
            None
        }
    }

    /// A table with columns `Year,GeoCode,Sex,Units,Value` (`Sex` a disaggregation) from
    /// rows written as CSV lines, as the dataset reader would build it.
    fn table(lines: &[&str]) -> Table {
        let layout = Layout {
            header: ["Year", "GeoCode", "Sex", "Units", "Value"]
                .map(String::from)
                .to_vec(),
            slots: vec![
                Slot::Period,
                Slot::Place,
                Slot::Text(0),
                Slot::Text(1),
                Slot::Number(0),
            ],
            numbers: vec!["Value".into()],
            texts: vec!["Sex".into(), "Units".into()],
            has_period: true,
            period_field: Some((0, false)),
            format: NumberFormat::default(),
        };
        let mut b = Builder::new(&layout, lines.len());
        for (i, line) in lines.iter().enumerate() {
            let fields: Vec<&[u8]> = line.split(',').map(str::as_bytes).collect();
            assert!(b.push_fields(i as u32 + 1, &fields, &Nowhere), "{line}");
        }
        let (mut t, problems) = b.finish();
        assert!(problems.items.is_empty(), "{:?}", problems.items);
        t.id = "d".into();
        t.default_place = "0".into();
        t.value = Some(0);
        t.dimensions = vec![0];
        t.units = Some(1);
        t.segments = vec![(0, 0)];
        t.rank_places();
        t
    }

    fn indicator() -> ActiveIndicator {
        let node = yaml::parse("id: x\ntitle: X\n").unwrap();
        ActiveIndicator {
            indicator: yaml::from_node(&node).unwrap(),
            origin: Origin {
                library: String::new(),
                file: 0,
                node,
                overrides: Vec::new(),
            },
        }
    }

    fn filter(pairs: &[(&str, &[&str])]) -> BTreeMap<String, FilterValue> {
        pairs
            .iter()
            .map(|(k, v)| {
                let value = match v {
                    [one] => FilterValue::One(one.to_string()),
                    many => FilterValue::Any(many.iter().map(|s| s.to_string()).collect()),
                };
                (k.to_string(), value)
            })
            .collect()
    }

    /// Reads a selection of the table and returns it with the diagnostics' codes.
    fn select(t: &Table, f: &BTreeMap<String, FilterValue>) -> (Values, Vec<Diagnostic>) {
        let a = indicator();
        let site = Site {
            indicator: &a,
            path: Vec::new(),
        };
        let mut diags = Vec::new();
        let files = [DataFile {
            dataset: "d".into(),
            file: "d.csv".into(),
        }];
        let v = from_table(t, None, f, &files, &site, &mut diags);
        (v, diags)
    }

    /// A series as a test sees it: place, disaggregation as `k=v`, and (year, value) pairs.
    type Shape = (String, String, Vec<(i32, Option<f64>)>);

    /// Every series of a selection.
    fn shape(v: &Values) -> Vec<Shape> {
        v.iter()
            .flat_map(|r| {
                r.series.iter().map(|s| {
                    (
                        r.place.clone(),
                        describe(&s.disaggregation),
                        s.observations.iter().map(|o| (o.year, o.value)).collect(),
                    )
                })
            })
            .collect()
    }

    #[test]
    fn rows_become_series_per_place_with_the_blank_group_as_headline() {
        let t = table(&[
            "2021,B,,,7",
            "2020,A,Male,,3",
            "2020,A,,,10",
            "2021,A,,,",
            "2020,A,Female,,4",
        ]);
        let (v, diags) = select(&t, &BTreeMap::new());
        assert!(diags.is_empty());
        // places in GeoCode order; a blank `Sex` is the headline (all), sorted first; the
        // blank value of 2021 is an observation without a value, never zero or dropped
        assert_eq!(
            shape(&v),
            vec![
                (
                    "A".into(),
                    "".into(),
                    vec![(2020, Some(10.0)), (2021, None)]
                ),
                ("A".into(), "Sex=Female".into(), vec![(2020, Some(4.0))]),
                ("A".into(), "Sex=Male".into(), vec![(2020, Some(3.0))]),
                ("B".into(), "".into(), vec![(2021, Some(7.0))]),
            ]
        );
        // the headline's 2021 value came from data row 4
        let a = &v[0];
        let o = &a.series[0].observations[1];
        assert_eq!(
            a.rows_of(o).iter().map(|r| r.first).collect::<Vec<_>>(),
            vec![4]
        );
    }

    #[test]
    fn a_filter_on_one_group_fixes_it_and_a_blank_filter_selects_the_total() {
        let t = table(&["2020,A,,,10", "2020,A,Female,,4", "2020,A,Male,,3"]);
        // one group: the dimension is fixed, so its series is the indicator's headline
        let (v, _) = select(&t, &filter(&[("Sex", &["Female"])]));
        assert_eq!(
            shape(&v),
            vec![("A".into(), "".into(), vec![(2020, Some(4.0))])]
        );
        // several groups stay a disaggregation
        let (v, _) = select(&t, &filter(&[("Sex", &["Female", "Male"])]));
        let keys: Vec<String> = shape(&v).into_iter().map(|s| s.1).collect();
        assert_eq!(keys, vec!["Sex=Female", "Sex=Male"]);
        // a blank filter value selects the rows whose cell is blank: the total
        let (v, _) = select(&t, &filter(&[("Sex", &[""])]));
        assert_eq!(
            shape(&v),
            vec![("A".into(), "".into(), vec![(2020, Some(10.0))])]
        );
    }

    #[test]
    fn unknown_filter_columns_and_values_are_reported_with_a_hint() {
        let t = table(&["2020,A,Female,,4"]);
        let (v, diags) = select(&t, &filter(&[("Sexx", &["Female"])]));
        assert!(v.is_empty());
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, "unknown-column");
        assert_eq!(diags[0].hint.as_deref(), Some("did you mean `Sex`?"));
        let (v, diags) = select(&t, &filter(&[("Sex", &["Femal"])]));
        assert!(v.is_empty());
        assert_eq!(diags[0].code, "filter-matches-nothing");
        assert_eq!(diags[0].hint.as_deref(), Some("did you mean `Female`?"));
    }

    #[test]
    fn a_period_given_twice_keeps_an_agreed_value_and_drops_a_disputed_one() {
        let t = table(&["2020,A,,,5", "2020,A,,,5", "2021,A,,,6", "2021,A,,,7"]);
        let (v, diags) = select(&t, &BTreeMap::new());
        // 2020 agrees (5 and 5); 2021 does not (6 and 7), and neither is picked
        assert_eq!(
            shape(&v),
            vec![("A".into(), "".into(), vec![(2020, Some(5.0)), (2021, None)])]
        );
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, "duplicate-observation");
        assert_eq!(diags[0].severity, crate::diag::Severity::Error);
        // both rows of each period stay in the provenance
        let o = &v[0].series[0].observations[1];
        let rows: Vec<u32> = v[0].rows_of(o).iter().map(|r| r.first).collect();
        assert_eq!(rows, vec![3, 4]);
    }

    #[test]
    fn a_unit_is_reported_only_when_the_rows_agree_on_it() {
        let (v, diags) = select(&table(&["2020,A,,%,5", "2021,A,,,6"]), &BTreeMap::new());
        // a blank unit cell does not disagree
        assert_eq!(v[0].unit.as_deref(), Some("%"));
        assert!(diags.is_empty());
        let (v, diags) = select(
            &table(&["2020,A,,%,5", "2021,A,,people,6"]),
            &BTreeMap::new(),
        );
        assert_eq!(v[0].unit, None);
        assert_eq!(diags[0].code, "mixed-units");
    }

    #[test]
    fn series_of_another_indicator_are_selected_by_their_groups() {
        let t = table(&["2020,A,,,10", "2020,A,Female,,4", "2020,A,Male,,3"]);
        let (all, _) = select(&t, &BTreeMap::new());
        // a blank filter value selects the series without the dimension
        let v = from_indicator(&all, &filter(&[("Sex", &[""])]));
        assert_eq!(
            shape(&v),
            vec![("A".into(), "".into(), vec![(2020, Some(10.0))])]
        );
        // one group: its series loses the fixed dimension
        let v = from_indicator(&all, &filter(&[("Sex", &["Male"])]));
        assert_eq!(
            shape(&v),
            vec![("A".into(), "".into(), vec![(2020, Some(3.0))])]
        );
        // a group no series has leaves no result at all
        assert!(from_indicator(&all, &filter(&[("Sex", &["Other"])])).is_empty());
    }

    #[test]
    fn statuses_that_flag_nothing_are_not_statuses() {
        assert!(is_no_status(" Undefined "));
        assert!(is_no_status("Normal value"));
        assert!(is_no_status(""));
        assert!(!is_no_status("E"));
    }
}
