//! Aggregates over record-level tables: count, sum, mean, median and share of records, per
//! place and year, for the headline and each disaggregation dimension.

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::diag::Diagnostic;
use crate::load::dataset::{BLANK, Table};
use crate::model::{Aggregate, Records};

use super::result::{IndicatorResult, Observation, ObservationDetails, RowRange, RowSpan, Series};
use super::select::{Site, Values, compile_filters, row_range};

/// Row ranges kept exactly up to this many per group (without allocating); beyond, one
/// covering range per file (the rows the records were selected from).
const EXACT_RANGES: usize = 4;

/// Largest number of (group, year) accumulators per place kept in a dense array.
const DENSE_SLOTS: usize = 1 << 16;

/// The rows behind one aggregate: exact ranges, or covering ranges once there are many.
#[derive(Debug, Default)]
struct Ranges {
    inline: [RowRange; EXACT_RANGES],
    len: usize,
    covering: bool,
    /// Covering ranges of files beyond the first four (a dataset of many files).
    more: Vec<RowRange>,
}

impl Ranges {
    fn all(&self) -> impl Iterator<Item = &RowRange> {
        self.inline[..self.len].iter().chain(&self.more)
    }

    fn add(&mut self, r: RowRange) {
        let last = if self.more.is_empty() {
            self.len.checked_sub(1).map(|i| &mut self.inline[i])
        } else {
            self.more.last_mut()
        };
        if let Some(last) = last
            && last.file == r.file
            && last.last + 1 == r.first
        {
            last.last = r.last;
            return;
        }
        if !self.covering && self.len < EXACT_RANGES {
            self.inline[self.len] = r;
            self.len += 1;
            return;
        }
        if !self.covering {
            // too many exact ranges: keep one covering range per file
            let exact: Vec<RowRange> = self.inline[..self.len].to_vec();
            self.len = 0;
            self.covering = true;
            for x in exact {
                self.widen(x);
            }
        }
        self.widen(r);
    }

    fn widen(&mut self, r: RowRange) {
        let (inline, more) = (&mut self.inline[..self.len], &mut self.more);
        match inline
            .iter_mut()
            .chain(more.iter_mut())
            .find(|x| x.file == r.file)
        {
            Some(x) => {
                x.first = x.first.min(r.first);
                x.last = x.last.max(r.last);
            }
            None if self.len < EXACT_RANGES => {
                self.inline[self.len] = r;
                self.len += 1;
            }
            None => self.more.push(r),
        }
    }
}

/// The running aggregate of one group.
#[derive(Default)]
struct Accumulator {
    count: u64,
    hits: u64,
    sum: f64,
    summed: u64,
    values: Vec<f64>,
    ranges: Ranges,
}

impl Accumulator {
    fn add_row(&mut self, r: RowRange) {
        self.ranges.add(r);
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
    // a table with no column at all could not be read: that error is reported, and a
    // column it "lacks" would be a false statement
    let unread = t.text.is_empty() && t.numbers.is_empty();
    for d in dimensions {
        match t.text_column(d) {
            Some(i) => dims.push(i),
            None if unread => {}
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
    // 1. the selected records, bucketed by place in one pass (a stable counting sort): each
    //    place's records then sit together, in file order, with what aggregation needs
    let n_places = t.place.labels.len();
    let selected: Vec<u32> = (0..t.len() as u32)
        .filter(|r| filters.predicates.iter().all(|p| p.matches(t, *r as usize)))
        .collect();
    let mut starts = vec![0u32; n_places + 1];
    for r in &selected {
        starts[t.place.codes[*r as usize] as usize + 1] += 1;
    }
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    let nd = dims.len();
    let mut fill = starts.clone();
    let mut recs: Vec<Record> = vec![Record::default(); selected.len()];
    let mut codes: Vec<u32> = vec![0; selected.len() * nd];
    for &row in &selected {
        let row = row as usize;
        let place = t.place.codes[row] as usize;
        let at = fill[place] as usize;
        fill[place] += 1;
        recs[at] = Record {
            year: t.year[row],
            value: column.map_or(f64::NAN, |c| c[row]),
            hit: share
                .as_ref()
                .is_some_and(|s| s.predicates.iter().all(|p| p.matches(t, row))),
            range: row_range(t, row),
        };
        for (k, d) in dims.iter().enumerate() {
            codes[at * nd + k] = t.text[*d].codes[row];
        }
    }
    drop(selected);
    // 2. places in GeoCode order (a blank place and the project's place share a rank)
    let mut place_codes: Vec<u32> = (0..n_places as u32)
        .filter(|c| starts[*c as usize + 1] > starts[*c as usize])
        .collect();
    place_codes.sort_by_key(|c| (t.place_rank[*c as usize], *c));
    // dimensions by name, groups by label: the order of disaggregations in results
    let mut dim_order: Vec<usize> = (0..nd).collect();
    dim_order.sort_by(|a, b| t.text[dims[*a]].name.cmp(&t.text[dims[*b]].name));
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
    let runs: Vec<&[u32]> = place_codes
        .chunk_by(|a, b| t.place_rank[*a as usize] == t.place_rank[*b as usize])
        .collect();
    let aggregate = r.aggregate;
    let median = aggregate == Aggregate::Median;
    // 3. each place on its own (in parallel): accumulate per (dimension, group, year), in a
    //    dense array when the combinations are few (the usual case), else in an ordered map
    let (y0, y1) = recs.iter().fold((i32::MAX, i32::MIN), |(a, b), r| {
        (a.min(r.year), b.max(r.year))
    });
    let n_years = if recs.is_empty() {
        0
    } else {
        (i64::from(y1) - i64::from(y0) + 1) as usize
    };
    // first group slot of each position (0 = headline, then dimensions in name order)
    let mut group_base = vec![0usize; nd + 2];
    group_base[1] = 1;
    for (pos, k) in dim_order.iter().enumerate() {
        group_base[pos + 2] = group_base[pos + 1] + t.text[dims[*k]].labels.len();
    }
    let rank_to_code: Vec<Vec<u32>> = label_rank
        .iter()
        .map(|ranks| {
            let mut codes = vec![0u32; ranks.len()];
            for (code, rank) in ranks.iter().enumerate() {
                codes[*rank as usize] = code as u32;
            }
            codes
        })
        .collect();
    let dense_slots = group_base[nd + 1].saturating_mul(n_years);
    let dense = dense_slots <= DENSE_SLOTS;
    runs.into_par_iter()
        .map(|run| {
            let add = |acc: &mut Accumulator, rec: &Record| {
                acc.count += 1;
                acc.hits += u64::from(rec.hit);
                if !rec.value.is_nan() {
                    acc.sum += rec.value;
                    acc.summed += 1;
                    if median {
                        acc.values.push(rec.value);
                    }
                }
                acc.add_row(rec.range);
            };
            let records = run.iter().flat_map(|code| {
                (starts[*code as usize] as usize..starts[*code as usize + 1] as usize)
                    .map(|i| (i, &recs[i]))
            });
            // ((position, group rank, year), group code, accumulator), in result order
            let mut keyed: Vec<((u32, u32, i32), u32, Accumulator)> = Vec::new();
            if dense {
                let mut slots: Vec<Accumulator> =
                    (0..dense_slots).map(|_| Accumulator::default()).collect();
                for (i, rec) in records {
                    let year = (rec.year - y0) as usize;
                    add(&mut slots[year], rec);
                    for (pos, k) in dim_order.iter().enumerate() {
                        let group = codes[i * nd + k];
                        if group != BLANK {
                            let slot =
                                group_base[pos + 1] + label_rank[*k][group as usize] as usize;
                            add(&mut slots[slot * n_years + year], rec);
                        }
                    }
                }
                for (index, acc) in slots.into_iter().enumerate() {
                    if acc.count == 0 {
                        continue;
                    }
                    let (slot, year) = (index / n_years, index % n_years);
                    let pos = group_base.partition_point(|b| *b <= slot) - 1;
                    let rank = (slot - group_base[pos]) as u32;
                    let group = if pos == 0 {
                        BLANK
                    } else {
                        rank_to_code[dim_order[pos - 1]][rank as usize]
                    };
                    keyed.push(((pos as u32, rank, y0 + year as i32), group, acc));
                }
            } else {
                let mut accs: BTreeMap<(u32, u32, i32), (u32, Accumulator)> = BTreeMap::new();
                for (i, rec) in records {
                    add(&mut accs.entry((0, 0, rec.year)).or_default().1, rec);
                    for (pos, k) in dim_order.iter().enumerate() {
                        let group = codes[i * nd + k];
                        if group != BLANK {
                            let key = (pos as u32 + 1, label_rank[*k][group as usize], rec.year);
                            let entry = accs
                                .entry(key)
                                .or_insert_with(|| (group, Accumulator::default()));
                            add(&mut entry.1, rec);
                        }
                    }
                }
                keyed = accs.into_iter().map(|(k, (g, a))| (k, g, a)).collect();
            }
            let mut result = IndicatorResult {
                indicator: String::new(),
                place: t.place_label(run[0]).to_string(),
                unit: None,
                series: Vec::new(),
                completeness: Default::default(),
                rows: Vec::new(),
            };
            let mut current = None;
            for ((pos, group_rank, year), group, mut acc) in keyed {
                if current != Some((pos, group_rank)) {
                    let mut disaggregation = BTreeMap::new();
                    if pos > 0 {
                        let col = &t.text[dims[dim_order[pos as usize - 1]]];
                        disaggregation.insert(col.name.clone(), col.label(group).to_string());
                    }
                    result.series.push(Series {
                        disaggregation,
                        observations: Vec::new(),
                    });
                    current = Some((pos, group_rank));
                }
                let (value, numerator, denominator) = acc.result(aggregate);
                let start = result.rows.len() as u32;
                result.rows.extend(acc.ranges.all().copied());
                let end = result.rows.len() as u32;
                if let Some(series) = result.series.last_mut() {
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
            }
            result
        })
        .collect()
}

/// What aggregation needs of one selected record.
#[derive(Debug, Clone, Copy, Default)]
struct Record {
    year: i32,
    /// The aggregated column's value (`NaN` for none).
    value: f64,
    /// Whether the record matches `share-where`.
    hit: bool,
    /// Where it is.
    range: RowRange,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(file: u32, first: u32) -> RowRange {
        RowRange {
            file,
            first,
            last: first,
        }
    }

    #[test]
    fn rows_are_exact_while_few_then_covering() {
        let mut ranges = Ranges::default();
        for row in [1, 2, 3, 7, 9, 12] {
            ranges.add(r(0, row));
        }
        // 1-3, 7, 9, 12: four ranges, still exact
        let exact: Vec<(u32, u32)> = ranges.all().map(|x| (x.first, x.last)).collect();
        assert_eq!(exact, vec![(1, 3), (7, 7), (9, 9), (12, 12)]);
        ranges.add(r(0, 20));
        ranges.add(r(1, 5));
        // a fifth range: one covering range per file
        let covering: Vec<(u32, u32, u32)> =
            ranges.all().map(|x| (x.file, x.first, x.last)).collect();
        assert_eq!(covering, vec![(0, 1, 20), (1, 5, 5)]);
    }
}
