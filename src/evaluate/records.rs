//! Aggregates over record-level tables: count, sum, mean, median and share of records, per
//! place and year, for the headline and each disaggregation dimension.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use crate::diag::Diagnostic;
use crate::load::dataset::{BLANK, Table};
use crate::model::{Aggregate, Records};

use super::result::{IndicatorResult, Observation, ObservationDetails, RowRange, RowSpan, Series};
use super::select::{Site, Values, compile_filters, row_range};

/// Row ranges kept exactly up to this many per group; beyond, one covering range per file.
const EXACT_RANGES: usize = 16;

/// The running aggregate of one group.
#[derive(Default)]
struct Accumulator {
    count: u64,
    hits: u64,
    sum: f64,
    summed: u64,
    values: Vec<f64>,
    ranges: Vec<RowRange>,
    covering: bool,
}

impl Accumulator {
    fn add_row(&mut self, r: RowRange) {
        if let Some(last) = self.ranges.last_mut()
            && last.file == r.file
            && last.last + 1 == r.first
        {
            last.last = r.last;
            return;
        }
        if self.covering {
            match self.ranges.iter_mut().find(|x| x.file == r.file) {
                Some(x) => {
                    x.first = x.first.min(r.first);
                    x.last = x.last.max(r.last);
                }
                None => self.ranges.push(r),
            }
            return;
        }
        self.ranges.push(r);
        if self.ranges.len() > EXACT_RANGES {
            let mut by_file: BTreeMap<u32, RowRange> = BTreeMap::new();
            for x in self.ranges.drain(..) {
                by_file
                    .entry(x.file)
                    .and_modify(|y| {
                        y.first = y.first.min(x.first);
                        y.last = y.last.max(x.last);
                    })
                    .or_insert(x);
            }
            self.ranges = by_file.into_values().collect();
            self.covering = true;
        }
    }

    fn result(&mut self, aggregate: Aggregate) -> (Option<f64>, Option<f64>, Option<f64>) {
        match aggregate {
            Aggregate::Count => (Some(self.count as f64), None, None),
            Aggregate::Sum => ((self.summed > 0).then_some(self.sum), None, None),
            Aggregate::Mean => (
                (self.summed > 0).then(|| self.sum / self.summed as f64),
                None,
                None,
            ),
            Aggregate::Median => {
                if self.values.is_empty() {
                    return (None, None, None);
                }
                self.values.sort_by(f64::total_cmp);
                let n = self.values.len();
                let m = if n % 2 == 1 {
                    self.values[n / 2]
                } else {
                    (self.values[n / 2 - 1] + self.values[n / 2]) / 2.0
                };
                (Some(m), None, None)
            }
            Aggregate::Share => (
                (self.count > 0).then(|| self.hits as f64 * 100.0 / self.count as f64),
                Some(self.hits as f64),
                Some(self.count as f64),
            ),
        }
    }
}

/// Aggregates records per place and year: the headline over every selected record, and one
/// series per group of each dimension in `dimensions` (records with a blank cell count in the
/// headline only).
pub(crate) fn aggregate(
    t: &Table,
    r: &Records,
    dimensions: &[String],
    site: &Site,
    diags: &mut Vec<Diagnostic>,
) -> Values {
    let Some(filters) = compile_filters(t, &r.filter, site, "filter", diags) else {
        return Vec::new();
    };
    let share = if r.aggregate == Aggregate::Share {
        match compile_filters(t, &r.share_where, site, "share-where", diags) {
            Some(f) => Some(f),
            None => return Vec::new(),
        }
    } else {
        None
    };
    let column = match (&r.column, r.aggregate) {
        (Some(c), Aggregate::Sum | Aggregate::Mean | Aggregate::Median) => {
            match t.number_column(c) {
                Some(i) => Some(&t.numbers[i].values),
                None => {
                    diags.push(site.point(
                        Diagnostic::error(
                            "unknown-column",
                            format!("dataset `{}` has no column `{c}` to aggregate", t.id),
                        ),
                        &["column"],
                    ));
                    return Vec::new();
                }
            }
        }
        _ => None,
    };
    let mut dims = Vec::new();
    for d in dimensions {
        match t.text_column(d) {
            Some(i) => dims.push(i),
            None => diags.push(
                site.point(
                    Diagnostic::warning(
                        "unknown-column",
                        format!(
                            "indicator `{}` expects disaggregation `{d}`, which dataset `{}` lacks",
                            site.id(),
                            t.id
                        ),
                    ),
                    &[],
                )
                .hint("remove it from `disaggregations`, or add the column to the dataset"),
            ),
        }
    }
    // key: place (32 bits) | year (32) | dimension + 1 (16, 0 = headline) | group code (32)
    let mut index: FxHashMap<u128, u32> = FxHashMap::default();
    let mut accs: Vec<Accumulator> = Vec::new();
    let mut keys: Vec<u128> = Vec::new();
    let median = r.aggregate == Aggregate::Median;
    for row in 0..t.len() {
        if !filters.predicates.iter().all(|p| p.matches(t, row)) {
            continue;
        }
        let hit = share
            .as_ref()
            .is_some_and(|s| s.predicates.iter().all(|p| p.matches(t, row)));
        let value = column.map(|c| c[row]).filter(|v| !v.is_nan());
        let range = row_range(t, row);
        let base = ((t.place.codes[row] as u128) << 96) | (((t.year[row] as u32) as u128) << 64);
        let mut add = |key: u128| {
            let next = accs.len() as u32;
            let i = *index.entry(key).or_insert(next);
            if i == next {
                accs.push(Accumulator::default());
                keys.push(key);
            }
            let a = &mut accs[i as usize];
            a.count += 1;
            a.hits += u64::from(hit);
            if let Some(v) = value {
                a.sum += v;
                a.summed += 1;
                if median {
                    a.values.push(v);
                }
            }
            a.add_row(range);
        };
        add(base);
        for (k, d) in dims.iter().enumerate() {
            let code = t.text[*d].codes[row];
            if code != BLANK {
                add(base | (((k + 1) as u128) << 32) | code as u128);
            }
        }
    }
    // order: place, disaggregation (headline first, then dimensions and groups by name), year;
    // sorted on integer ranks, strings are only built per result and series
    let mut dim_rank: Vec<u32> = vec![0; dims.len() + 1];
    let mut by_name: Vec<usize> = (0..dims.len()).collect();
    by_name.sort_by(|a, b| t.text[dims[*a]].name.cmp(&t.text[dims[*b]].name));
    for (r, k) in by_name.iter().enumerate() {
        dim_rank[k + 1] = r as u32 + 1;
    }
    let label_rank: Vec<Vec<u32>> = dims
        .iter()
        .map(|d| {
            let col = &t.text[*d];
            let mut order: Vec<u32> = (0..col.labels.len() as u32).collect();
            order.sort_by(|a, b| col.label(*a).cmp(col.label(*b)));
            let mut rank = vec![0u32; order.len()];
            for (r, code) in order.iter().enumerate() {
                rank[*code as usize] = r as u32;
            }
            rank
        })
        .collect();
    let decode = |k: u128| {
        let place = (k >> 96) as u32;
        let year = ((k >> 64) as u32) as i32;
        let dim = ((k >> 32) & 0xffff) as usize;
        let code = (k & 0xffff_ffff) as u32;
        (place, year, dim, code)
    };
    let mut order: Vec<(u32, u32, u32, i32, usize)> = keys
        .iter()
        .enumerate()
        .map(|(i, k)| {
            let (place, year, dim, code) = decode(*k);
            let code_rank = if dim == 0 {
                0
            } else {
                label_rank[dim - 1][code as usize]
            };
            (
                t.place_rank[place as usize],
                dim_rank[dim],
                code_rank,
                year,
                i,
            )
        })
        .collect();
    order.sort_unstable();
    let mut out: Values = Vec::new();
    let mut current: Option<(u32, u32, u32)> = None;
    for (place_rank, d_rank, c_rank, year, i) in order {
        let (place, _, dim, code) = decode(keys[i]);
        if current.is_none_or(|c| c.0 != place_rank) {
            out.push(IndicatorResult {
                indicator: String::new(),
                place: t.place_label(place).to_string(),
                unit: None,
                series: Vec::new(),
                completeness: Default::default(),
                rows: Vec::new(),
            });
            current = None;
        }
        let result = out.last_mut().expect("pushed above");
        if current != Some((place_rank, d_rank, c_rank)) {
            let mut disaggregation = BTreeMap::new();
            if dim > 0 {
                let col = &t.text[dims[dim - 1]];
                disaggregation.insert(col.name.clone(), col.label(code).to_string());
            }
            result.series.push(Series {
                disaggregation,
                observations: Vec::new(),
            });
            current = Some((place_rank, d_rank, c_rank));
        }
        let acc = &mut accs[i];
        let (value, numerator, denominator) = acc.result(r.aggregate);
        let start = result.rows.len() as u32;
        result.rows.extend_from_slice(&acc.ranges);
        let end = result.rows.len() as u32;
        let series = result.series.last_mut().expect("pushed above");
        series.observations.push(
            Observation::new(year, value, RowSpan { start, end }).with_details(
                ObservationDetails {
                    numerator,
                    denominator,
                    ..ObservationDetails::default()
                },
            ),
        );
    }
    out
}
