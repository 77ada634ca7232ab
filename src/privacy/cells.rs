//! Small-cell suppression: primary suppression of small counts and secondary suppression so that no hidden cell can be recovered.
//!
//! One rule, applied to the evaluation itself before anything is assessed, drawn or written,
//! so that every table, chart and sentence shows the same cells (the methodology of the
//! publications states it in these words). A cell is one observation of one series
//! (indicator, place, disaggregation, year). Its count is the numerator behind a ratio or
//! share, or the value itself for a count of records, for a value indicator that reads the
//! same selection as another indicator's numerator, and for a sum of such selections.
//!
//! - **Primary**: a count from 1 to `minimum-count - 1` is suppressed; for a proportion the
//!   complement (denominator minus numerator) too, since "98 of 100" tells that 2 do not.
//!   Zero counts are shown (a zero describes no one), except under a small total: a line
//!   whose total is itself a small count hides all its groups, zeros included, since a zero
//!   there would tell that every one of the few cases is in the other groups.
//! - **Secondary** (complementary): the total and the groups of one dimension form a line (for
//!   a series with several dimensions, each dimension's groups with the other dimensions
//!   fixed, and the series without that dimension as the total). A line is unsafe when it has
//!   exactly one hidden cell (recovered by subtraction, of counts, numerators or value x
//!   denominator), or when its total is shown and its hidden groups together count fewer than
//!   the minimum (their sum, recovered by subtraction, would be a small count). One more cell
//!   is then hidden: the shown group with the smallest non-zero count, else the total. A zero
//!   is never chosen: it adds nothing to what the hidden cells count together, and a hidden
//!   zero beside a hidden small count would leave that count known up to the zero's side. So
//!   a zero may be shown beside a hidden count of 7: the 7 is hidden to protect a smaller
//!   count in the same line. With only two groups (37 and 2 of 39 cases), the larger group is
//!   hidden with the smaller every year: any other choice would give the small count away. A
//!   missing total counts as known (it may be published elsewhere); a line with a missing
//!   (unpublished) group is safe as it is; a dimension with a single group is the total only
//!   when their counts are equal. This repeats until every line is safe.
//! - **Across indicators**: indicators that count the same thing (a ratio's numerator and a
//!   value indicator reading the same selection, or an indicator and those reading it) share
//!   their suppressions; a value derived from other indicators (a gap, an index, a ratio of
//!   indicators, a sum of counted selections...) is suppressed wherever one of the values it
//!   is computed from is, so that no published total minus published terms gives a hidden
//!   cell.
//!
//! Suppression then removes the value, the `Progress` value, the numerator and the denominator
//! of every suppressed cell, before anything is assessed or written. Whether a cell was
//! suppressed as primary or secondary is not recorded: telling them apart would reveal that
//! a primary cell's count is small.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;

use crate::evaluate::{Evaluation, IndicatorResult};
use crate::model::{Aggregate, Computation, Indicator, Selection, Statistic};

type Disaggregation = BTreeMap<String, String>;

/// What the count of a cell is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountSource {
    /// The observation's numerator.
    Numerator,
    /// The observation's value.
    Value,
    /// The indicator's values are not counts.
    None,
}

/// How one indicator takes part in suppression.
#[derive(Debug, Clone)]
pub struct IndicatorPrivacy {
    /// The indicator id.
    pub id: String,
    /// Where its cells' counts are.
    pub count: CountSource,
    /// Whether its values are proportions (the complement of the count is checked too).
    pub proportion: bool,
    /// Keys of what it counts: indicators with a key in common share suppressions.
    pub count_keys: Vec<String>,
    /// Values it is computed from.
    pub inputs: Vec<Input>,
}

/// A value an indicator is computed from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// The same place, disaggregation and year of another indicator.
    Same(String),
    /// Two groups of a dimension of another indicator (a gap between groups).
    Groups {
        /// The indicator.
        indicator: String,
        /// The dimension.
        dimension: String,
        /// The groups.
        groups: [String; 2],
    },
    /// The same year and a base year of another indicator (an index).
    WithBaseYear {
        /// The indicator.
        indicator: String,
        /// The base year.
        base_year: i32,
    },
}

fn selection_key(s: &Selection) -> String {
    match &s.indicator {
        Some(id) => format!("indicator:{id}"),
        None => format!(
            "selection:{}",
            serde_json::to_string(&(&s.dataset, &s.filter, &s.column)).unwrap_or_default()
        ),
    }
}

/// Works out how each indicator takes part in suppression.
pub(crate) fn describe(indicators: &[&Indicator]) -> Vec<IndicatorPrivacy> {
    // Selections some ratio or share counts: a value indicator reading one counts too.
    let mut counted: BTreeSet<String> = BTreeSet::new();
    for ind in indicators {
        match &ind.computation {
            Some(Computation::Ratio(r)) => {
                counted.insert(selection_key(&r.numerator));
            }
            Some(Computation::Share(s)) => {
                counted.insert(selection_key(&s.part));
            }
            _ => {}
        }
    }
    let mut described: Vec<IndicatorPrivacy> = indicators
        .iter()
        .map(|ind| {
            let own = format!("indicator:{}", ind.id);
            let mut keys = Vec::new();
            let mut inputs = Vec::new();
            let (count, proportion) = match &ind.computation {
                Some(Computation::Ratio(r)) => {
                    keys.push(selection_key(&r.numerator));
                    (
                        CountSource::Numerator,
                        r.statistic == Some(Statistic::Proportion),
                    )
                }
                Some(Computation::Share(s)) => {
                    keys.push(selection_key(&s.part));
                    (CountSource::Numerator, true)
                }
                Some(Computation::Records(r)) if r.aggregate == Aggregate::Count => {
                    keys.push(format!(
                        "records:{}",
                        serde_json::to_string(&(&r.dataset, &r.filter)).unwrap_or_default()
                    ));
                    (CountSource::Value, false)
                }
                Some(Computation::Value(s)) => {
                    let key = selection_key(s);
                    if counted.contains(&key) {
                        keys.push(key);
                        (CountSource::Value, false)
                    } else {
                        (CountSource::None, false)
                    }
                }
                // A sum of counts is a count: its own small cells are primary, and it is
                // linked to the indicators counting its terms (below).
                Some(Computation::Sum(sum))
                    if !sum.of.is_empty()
                        && sum.of.iter().all(|t| counted.contains(&selection_key(t))) =>
                {
                    (CountSource::Value, false)
                }
                _ => (CountSource::None, false),
            };
            // An indicator another one takes its numerator from counts too.
            let count = if count == CountSource::None && counted.contains(&own) {
                CountSource::Value
            } else {
                count
            };
            if count != CountSource::None {
                keys.push(own);
            }
            if let Some(c) = &ind.computation {
                match c {
                    Computation::Gap(g) => {
                        if let Some(id) = &g.of.indicator {
                            inputs.push(Input::Groups {
                                indicator: id.clone(),
                                dimension: g.dimension.clone(),
                                groups: [g.group.clone(), g.reference.clone()],
                            });
                        }
                    }
                    Computation::Index(i) => {
                        if let Some(id) = &i.of.indicator {
                            inputs.push(Input::WithBaseYear {
                                indicator: id.clone(),
                                base_year: i.base_year,
                            });
                        }
                    }
                    other => {
                        for (_, id) in other.indicator_inputs() {
                            let input = Input::Same(id.to_string());
                            if !inputs.contains(&input) {
                                inputs.push(input);
                            }
                        }
                    }
                }
            }
            keys.sort();
            keys.dedup();
            IndicatorPrivacy {
                id: ind.id.clone(),
                count,
                proportion,
                count_keys: keys,
                inputs,
            }
        })
        .collect();
    // A sum of dataset selections is computed from the cells of the indicators counting those
    // selections: a cell hidden there hides the sum's cell (else it could be recovered as the
    // sum minus the other terms).
    let mut counting: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for p in &described {
        for k in &p.count_keys {
            counting.entry(k.clone()).or_default().push(p.id.clone());
        }
    }
    for (ind, p) in indicators.iter().zip(described.iter_mut()) {
        let Some(Computation::Sum(sum)) = &ind.computation else {
            continue;
        };
        for term in sum.of.iter().filter(|t| t.indicator.is_none()) {
            for id in counting.get(&selection_key(term)).into_iter().flatten() {
                let input = Input::Same(id.clone());
                if *id != p.id && !p.inputs.contains(&input) {
                    p.inputs.push(input);
                }
            }
        }
    }
    described
}

/// For each indicator of `indicators` (in this order), the position of the last indicator
/// it shares suppressions with, directly or through others: indicators counting the same
/// thing, and values computed from other indicators' values. Suppressing a run of indicators
/// on its own gives the same cells as suppressing everything at once when no indicator of
/// the run reaches past its end (and none before it reaches into it).
pub(crate) fn reach(indicators: &[IndicatorPrivacy]) -> Vec<usize> {
    let n = indicators.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    fn union(parent: &mut [usize], a: usize, b: usize) {
        let (ra, rb) = (root(parent, a), root(parent, b));
        if ra != rb {
            parent[ra.max(rb)] = ra.min(rb);
        }
    }
    let position: BTreeMap<&str, usize> = indicators
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.as_str(), i))
        .collect();
    let mut by_key: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, p) in indicators.iter().enumerate() {
        for k in &p.count_keys {
            match by_key.get(k.as_str()) {
                Some(&j) => union(&mut parent, i, j),
                None => {
                    by_key.insert(k.as_str(), i);
                }
            }
        }
        for input in &p.inputs {
            let id = match input {
                Input::Same(id) => id,
                Input::Groups { indicator, .. } | Input::WithBaseYear { indicator, .. } => {
                    indicator
                }
            };
            if let Some(&j) = position.get(id.as_str()) {
                union(&mut parent, i, j);
            }
        }
    }
    let mut last = vec![0; n];
    for i in 0..n {
        let r = root(&mut parent, i);
        last[r] = last[r].max(i);
    }
    (0..n).map(|i| last[root(&mut parent, i)]).collect()
}

/// Suppresses small cells of `eval` in place, with secondary suppression; returns how many
/// cells are suppressed in all.
pub(crate) fn suppress(
    eval: &mut Evaluation,
    indicators: &[IndicatorPrivacy],
    minimum_count: u32,
) -> usize {
    let by_id: BTreeMap<&str, &IndicatorPrivacy> =
        indicators.iter().map(|p| (p.id.as_str(), p)).collect();
    let min = f64::from(minimum_count);
    // Primary suppression and the lines of each result.
    eval.results.par_iter_mut().for_each(|r| {
        if let Some(p) = by_id.get(r.indicator.as_str()) {
            primary(r, p, min);
        }
        secure_lines(r, by_id.get(r.indicator.as_str()).copied(), min);
    });
    let any_hidden = || {
        eval.results.par_iter().any(|r| {
            r.series
                .iter()
                .any(|s| s.observations.iter().any(|o| o.suppressed))
        })
    };
    if !any_hidden() {
        return 0;
    }
    // Across indicators, until nothing changes.
    loop {
        let mut changed = share_across_indicators(eval, indicators);
        changed |= propagate_to_derived(eval, indicators);
        if !changed {
            break;
        }
        eval.results.par_iter_mut().for_each(|r| {
            secure_lines(r, by_id.get(r.indicator.as_str()).copied(), min);
        });
    }
    // Remove what suppressed cells held.
    let mut count = 0;
    for r in &mut eval.results {
        for s in &mut r.series {
            for o in &mut s.observations {
                if o.suppressed {
                    clear(o);
                    count += 1;
                }
            }
        }
    }
    count
}

/// Removes everything a suppressed cell held that could reveal it (its value, `Progress`
/// value, numerator and denominator); the period, status and comment stay.
fn clear(o: &mut crate::evaluate::Observation) {
    o.value = None;
    if let Some(d) = o.details.as_mut() {
        d.progress = None;
        d.numerator = None;
        d.denominator = None;
        if d.is_empty() {
            o.details = None;
        }
    }
}

fn cell_count(p: Option<&IndicatorPrivacy>, o: &crate::evaluate::Observation) -> Option<f64> {
    match p.map(|p| p.count) {
        Some(CountSource::Numerator) => o.numerator(),
        Some(CountSource::Value) => o.value,
        _ => None,
    }
}

fn primary(r: &mut IndicatorResult, p: &IndicatorPrivacy, min: f64) {
    let small = |c: f64| c > 0.0 && c < min;
    for s in &mut r.series {
        for o in &mut s.observations {
            if o.suppressed || o.value.is_none() {
                continue;
            }
            let Some(c) = cell_count(Some(p), o) else {
                continue;
            };
            let complement_small = p.proportion && o.denominator().is_some_and(|d| small(d - c));
            if small(c) || complement_small {
                o.suppressed = true;
            }
        }
    }
}

/// Whether a cell is shown (it has a value and is not suppressed).
fn visible(o: &crate::evaluate::Observation) -> bool {
    !o.suppressed && o.value.is_some()
}

/// Secondary suppression within one indicator and place, until every line is safe.
fn secure_lines(r: &mut IndicatorResult, p: Option<&IndicatorPrivacy>, min: f64) {
    let any = r
        .series
        .iter()
        .any(|s| s.observations.iter().any(|o| o.suppressed));
    if !any {
        return;
    }
    // cells[year][disaggregation] = (series, observation)
    let mut cells: BTreeMap<i32, BTreeMap<&Disaggregation, (usize, usize)>> = BTreeMap::new();
    for (si, s) in r.series.iter().enumerate() {
        for (oi, o) in s.observations.iter().enumerate() {
            cells
                .entry(o.year)
                .or_default()
                .insert(&s.disaggregation, (si, oi));
        }
    }
    // lines: (year, parent, dimension) -> members (group, series, observation); parent cell
    type Line = (Vec<(String, usize, usize)>, Option<(usize, usize)>);
    let mut lines: BTreeMap<(i32, Disaggregation, String), Line> = BTreeMap::new();
    for (&year, at) in &cells {
        for (&dis, &(si, oi)) in at {
            for (dim, group) in dis {
                let mut parent = dis.clone();
                parent.remove(dim);
                let parent_cell = at.get(&parent).copied();
                let line = lines
                    .entry((year, parent, dim.clone()))
                    .or_insert_with(|| (Vec::new(), parent_cell));
                line.0.push((group.clone(), si, oi));
            }
        }
    }
    let lines: Vec<Line> = lines.into_values().collect();
    let small = |c: f64| c > 0.0 && c < min;
    // A line whose total is a small count shows nothing of how those few cases divide: its
    // zeros are hidden too (a zero beside a hidden small total would tell that every case is
    // in the other groups).
    for (members, parent) in &lines {
        let Some((psi, poi)) = *parent else {
            continue;
        };
        let total = &r.series[psi].observations[poi];
        if !(total.suppressed && cell_count(p, total).is_some_and(small)) {
            continue;
        }
        for m in members {
            let o = &mut r.series[m.1].observations[m.2];
            if visible(o) {
                o.suppressed = true;
            }
        }
    }
    loop {
        let mut changed = false;
        for (members, parent) in &lines {
            let obs = |si: usize, oi: usize| &r.series[si].observations[oi];
            let hidden = members.iter().filter(|m| obs(m.1, m.2).suppressed).count()
                + parent.map_or(0, |(si, oi)| usize::from(obs(si, oi).suppressed));
            if hidden == 0 {
                continue;
            }
            // A single group and its total: equal only when the group is everyone, and then
            // both counts are equal (so both are small, or neither is).
            if members.len() == 1 {
                let same = parent.is_some_and(|(si, oi)| {
                    let (m, t) = (obs(members[0].1, members[0].2), obs(si, oi));
                    cell_count(p, m).is_some() && cell_count(p, m) == cell_count(p, t)
                });
                if !same {
                    continue;
                }
            }
            // Safe already when some other cell is unknown (missing, not published).
            let unknown_member = members
                .iter()
                .any(|m| !obs(m.1, m.2).suppressed && obs(m.1, m.2).value.is_none());
            let unknown_parent = parent
                .is_some_and(|(si, oi)| !obs(si, oi).suppressed && obs(si, oi).value.is_none());
            if unknown_member || unknown_parent {
                continue;
            }
            // Unsafe: a single hidden cell (recovered by subtraction), or hidden groups under
            // a shown total that together count fewer than the minimum (their sum, recovered
            // by subtraction, would itself be a small count).
            let parent_shown = parent.is_none_or(|(si, oi)| !obs(si, oi).suppressed);
            let hidden_groups: Vec<Option<f64>> = members
                .iter()
                .filter(|m| obs(m.1, m.2).suppressed)
                .map(|m| cell_count(p, obs(m.1, m.2)))
                .collect();
            let hidden_sum_small = parent_shown
                && !hidden_groups.is_empty()
                && hidden_groups.iter().all(Option::is_some)
                && small(hidden_groups.iter().map(|c| c.unwrap_or(0.0)).sum());
            if hidden != 1 && !hidden_sum_small {
                continue;
            }
            // One more cell: the shown group with the smallest non-zero count (a zero adds
            // nothing to what the hidden cells count together), else the total.
            let pick = members
                .iter()
                .filter(|m| visible(obs(m.1, m.2)))
                .map(|m| {
                    let c = cell_count(p, obs(m.1, m.2)).unwrap_or(f64::INFINITY);
                    (c, &m.0, m.1, m.2)
                })
                .filter(|(c, ..)| *c != 0.0)
                .min_by(|a, b| a.0.total_cmp(&b.0).then_with(|| a.1.cmp(b.1)));
            let target = match (pick, *parent) {
                (Some((_, _, si, oi)), _) => Some((si, oi)),
                (None, Some((si, oi))) if visible(obs(si, oi)) => Some((si, oi)),
                _ => None,
            };
            if let Some((si, oi)) = target {
                r.series[si].observations[oi].suppressed = true;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
}

/// Suppressed cells keyed by (place, disaggregation, year), per indicator.
fn suppressed_cells(eval: &Evaluation) -> BTreeMap<(&str, &str, &Disaggregation, i32), ()> {
    let mut out = BTreeMap::new();
    for r in &eval.results {
        for s in &r.series {
            for o in &s.observations {
                if o.suppressed {
                    out.insert(
                        (
                            r.indicator.as_str(),
                            r.place.as_str(),
                            &s.disaggregation,
                            o.year,
                        ),
                        (),
                    );
                }
            }
        }
    }
    out
}

type CellKey = (String, String, Disaggregation, i32);

fn mark(eval: &mut Evaluation, to_mark: BTreeSet<CellKey>) -> bool {
    let mut changed = false;
    for (indicator, place, dis, year) in to_mark {
        let Ok(ri) = eval.results.binary_search_by(|r| {
            (r.indicator.as_str(), r.place.as_str()).cmp(&(indicator.as_str(), place.as_str()))
        }) else {
            continue;
        };
        for s in &mut eval.results[ri].series {
            if s.disaggregation != dis {
                continue;
            }
            for o in &mut s.observations {
                if o.year == year && visible(o) {
                    o.suppressed = true;
                    changed = true;
                }
            }
        }
    }
    changed
}

/// Indicators counting the same thing share their suppressions.
fn share_across_indicators(eval: &mut Evaluation, indicators: &[IndicatorPrivacy]) -> bool {
    let mut groups: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for p in indicators {
        for k in &p.count_keys {
            groups.entry(k.as_str()).or_default().insert(p.id.as_str());
        }
    }
    let groups: Vec<BTreeSet<&str>> = groups.into_values().filter(|g| g.len() > 1).collect();
    if groups.is_empty() {
        return false;
    }
    let hidden = suppressed_cells(eval);
    let mut to_mark = BTreeSet::new();
    for (indicator, place, dis, year) in hidden.keys() {
        for g in groups.iter().filter(|g| g.contains(indicator)) {
            for other in g.iter().filter(|o| *o != indicator) {
                to_mark.insert((other.to_string(), place.to_string(), (*dis).clone(), *year));
            }
        }
    }
    mark(eval, to_mark)
}

/// A value computed from a suppressed value is suppressed too.
fn propagate_to_derived(eval: &mut Evaluation, indicators: &[IndicatorPrivacy]) -> bool {
    if indicators.iter().all(|p| p.inputs.is_empty()) {
        return false;
    }
    let hidden = suppressed_cells(eval);
    if hidden.is_empty() {
        return false;
    }
    let is_hidden = |ind: &str, place: &str, dis: &Disaggregation, year: i32| {
        hidden.contains_key(&(ind, place, dis, year))
    };
    let by_id: BTreeMap<&str, &IndicatorPrivacy> =
        indicators.iter().map(|p| (p.id.as_str(), p)).collect();
    let mut to_mark = BTreeSet::new();
    for r in &eval.results {
        let Some(p) = by_id.get(r.indicator.as_str()) else {
            continue;
        };
        if p.inputs.is_empty() {
            continue;
        }
        for s in &r.series {
            for o in s.observations.iter().filter(|o| visible(o)) {
                let dis = &s.disaggregation;
                let hit = p.inputs.iter().any(|input| match input {
                    Input::Same(id) => is_hidden(id, &r.place, dis, o.year),
                    Input::Groups {
                        indicator,
                        dimension,
                        groups,
                    } => groups.iter().any(|g| {
                        let mut d = dis.clone();
                        d.insert(dimension.clone(), g.clone());
                        is_hidden(indicator, &r.place, &d, o.year)
                    }),
                    Input::WithBaseYear {
                        indicator,
                        base_year,
                    } => {
                        is_hidden(indicator, &r.place, dis, o.year)
                            || is_hidden(indicator, &r.place, dis, *base_year)
                    }
                });
                if hit {
                    to_mark.insert((r.indicator.clone(), r.place.clone(), dis.clone(), o.year));
                }
            }
        }
    }
    mark(eval, to_mark)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluate::{Completeness, Observation, ObservationDetails, RowSpan, Series};
    use crate::model::Indicator;

    fn obs(year: i32, num: Option<f64>, den: f64) -> Observation {
        Observation::new(year, num.map(|n| n / den * 100.0), RowSpan::default()).with_details(
            ObservationDetails {
                numerator: num,
                denominator: Some(den),
                ..Default::default()
            },
        )
    }

    /// A count shown as a value, without numerator or denominator.
    fn count(year: i32, value: f64) -> Observation {
        Observation::new(year, Some(value), RowSpan::default())
    }

    fn series(dis: &[(&str, &str)], cells: &[(i32, Option<f64>, f64)]) -> Series {
        Series {
            disaggregation: dis
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            observations: cells.iter().map(|&(y, n, d)| obs(y, n, d)).collect(),
        }
    }

    fn eval_of(indicator: &str, series: Vec<Series>) -> Evaluation {
        Evaluation {
            places: Vec::new(),
            files: Vec::new(),
            completeness: Default::default(),
            results: vec![IndicatorResult {
                indicator: indicator.into(),
                place: "P".into(),
                unit: None,
                series,
                completeness: Completeness::default(),
                rows: Vec::new(),
            }],
        }
    }

    fn ratio(id: &str, proportion: bool) -> IndicatorPrivacy {
        IndicatorPrivacy {
            id: id.into(),
            count: CountSource::Numerator,
            proportion,
            count_keys: vec![format!("indicator:{id}")],
            inputs: Vec::new(),
        }
    }

    fn hidden(e: &Evaluation) -> Vec<(String, i32)> {
        let mut out = Vec::new();
        for r in &e.results {
            for s in &r.series {
                for o in &s.observations {
                    if o.suppressed {
                        let name: Vec<String> = s
                            .disaggregation
                            .iter()
                            .map(|(k, v)| format!("{k}={v}"))
                            .collect();
                        out.push((name.join(","), o.year));
                        assert!(
                            o.value.is_none()
                                && o.numerator().is_none()
                                && o.denominator().is_none()
                        );
                    }
                }
            }
        }
        out.sort();
        out
    }

    #[test]
    fn small_group_and_the_next_smallest_are_hidden() {
        let mut e = eval_of(
            "i",
            vec![
                series(&[], &[(2020, Some(30.0), 300.0)]),
                series(&[("Age", "0-17")], &[(2020, Some(3.0), 80.0)]),
                series(&[("Age", "18-64")], &[(2020, Some(12.0), 150.0)]),
                series(&[("Age", "65+")], &[(2020, Some(15.0), 70.0)]),
            ],
        );
        let n = suppress(&mut e, &[ratio("i", false)], 5);
        assert_eq!(n, 2);
        assert_eq!(
            hidden(&e),
            vec![("Age=0-17".into(), 2020), ("Age=18-64".into(), 2020)]
        );
    }

    #[test]
    fn zeros_are_shown_and_hidden_last() {
        let mut e = eval_of(
            "i",
            vec![
                series(&[], &[(2020, Some(20.0), 300.0)]),
                series(&[("Sex", "Female")], &[(2020, Some(3.0), 150.0)]),
                series(&[("Sex", "Male")], &[(2020, Some(17.0), 140.0)]),
                series(&[("Sex", "Other")], &[(2020, Some(0.0), 10.0)]),
            ],
        );
        suppress(&mut e, &[ratio("i", false)], 5);
        assert_eq!(
            hidden(&e),
            vec![("Sex=Female".into(), 2020), ("Sex=Male".into(), 2020)]
        );
    }

    #[test]
    fn hidden_groups_together_count_at_least_the_minimum() {
        // 1 and 2 are small: hidden together they count 3, which the total (12) minus the
        // shown groups would give away; the smallest non-zero shown group (7) is hidden too,
        // so that the hidden cells count 10. The zero stays: hiding it would add nothing.
        let mut e = eval_of(
            "i",
            vec![
                series(&[], &[(2020, Some(10.0), 1000.0)]),
                series(&[("Race", "A")], &[(2020, Some(1.0), 10.0)]),
                series(&[("Race", "B")], &[(2020, Some(2.0), 100.0)]),
                series(&[("Race", "C")], &[(2020, Some(7.0), 800.0)]),
                series(&[("Race", "D")], &[(2020, Some(0.0), 90.0)]),
            ],
        );
        suppress(&mut e, &[ratio("i", false)], 5);
        assert_eq!(
            hidden(&e),
            vec![
                ("Race=A".into(), 2020),
                ("Race=B".into(), 2020),
                ("Race=C".into(), 2020)
            ]
        );
    }

    #[test]
    fn zeros_under_a_small_total_are_hidden() {
        // Women: 3 cases, all aged A. The zero of age B among women would tell that all 3
        // are aged A: it is hidden with them. The lines by age under the total (10) stay safe.
        let mut e = eval_of(
            "i",
            vec![
                series(&[], &[(2020, Some(10.0), 100.0)]),
                series(&[("Sex", "F")], &[(2020, Some(3.0), 50.0)]),
                series(&[("Sex", "M")], &[(2020, Some(7.0), 50.0)]),
                series(&[("Age", "A"), ("Sex", "F")], &[(2020, Some(3.0), 30.0)]),
                series(&[("Age", "B"), ("Sex", "F")], &[(2020, Some(0.0), 20.0)]),
            ],
        );
        suppress(&mut e, &[ratio("i", false)], 5);
        assert_eq!(
            hidden(&e),
            vec![
                ("Age=A,Sex=F".into(), 2020),
                ("Age=B,Sex=F".into(), 2020),
                ("Sex=F".into(), 2020),
                ("Sex=M".into(), 2020)
            ]
        );
    }

    #[test]
    fn total_stays_when_a_group_can_be_hidden() {
        let mut e = eval_of(
            "i",
            vec![
                series(&[], &[(2020, Some(8.0), 100.0)]),
                series(&[("Sex", "Female")], &[(2020, Some(4.0), 50.0)]),
                series(&[("Sex", "Male")], &[(2020, Some(4.0), 50.0)]),
                series(&[("Area", "Urban")], &[(2020, Some(2.0), 60.0)]),
                series(&[("Area", "Rural")], &[(2020, Some(6.0), 40.0)]),
            ],
        );
        suppress(&mut e, &[ratio("i", false)], 5);
        // Female, Male and Urban are small; Rural is hidden with Urban; the total stays.
        assert_eq!(
            hidden(&e),
            vec![
                ("Area=Rural".into(), 2020),
                ("Area=Urban".into(), 2020),
                ("Sex=Female".into(), 2020),
                ("Sex=Male".into(), 2020)
            ]
        );
    }

    #[test]
    fn two_dimensional_table() {
        // Every case is a woman. Age=A and Sex=F,Age=A are small; the other age group is
        // hidden in both lines along Age (under the total and under Sex=F).
        let mut e = eval_of(
            "i",
            vec![
                series(&[], &[(2020, Some(12.0), 100.0)]),
                series(&[("Sex", "F")], &[(2020, Some(12.0), 100.0)]),
                series(&[("Age", "A")], &[(2020, Some(2.0), 40.0)]),
                series(&[("Age", "B")], &[(2020, Some(10.0), 60.0)]),
                series(&[("Age", "A"), ("Sex", "F")], &[(2020, Some(2.0), 40.0)]),
                series(&[("Age", "B"), ("Sex", "F")], &[(2020, Some(10.0), 60.0)]),
            ],
        );
        suppress(&mut e, &[ratio("i", false)], 5);
        assert_eq!(
            hidden(&e),
            vec![
                ("Age=A".into(), 2020),
                ("Age=A,Sex=F".into(), 2020),
                ("Age=B".into(), 2020),
                ("Age=B,Sex=F".into(), 2020)
            ]
        );
    }

    #[test]
    fn missing_group_protects_and_single_groups_are_left() {
        let mut e = eval_of(
            "i",
            vec![
                series(&[], &[(2020, Some(20.0), 300.0)]),
                series(&[("Sex", "Female")], &[(2020, Some(3.0), 150.0)]),
                series(&[("Sex", "Male")], &[(2020, None, 150.0)]),
                series(&[("Disability", "Yes")], &[(2020, Some(2.0), 20.0)]),
            ],
        );
        suppress(&mut e, &[ratio("i", false)], 5);
        assert_eq!(
            hidden(&e),
            vec![("Disability=Yes".into(), 2020), ("Sex=Female".into(), 2020)]
        );
    }

    #[test]
    fn complement_of_a_proportion_and_other_years() {
        let mut e = eval_of(
            "i",
            vec![series(
                &[],
                &[
                    (2019, Some(98.0), 100.0),
                    (2020, Some(50.0), 100.0),
                    (2021, Some(0.0), 3.0),
                ],
            )],
        );
        suppress(&mut e, &[ratio("i", true)], 5);
        // 98 of 100: 2 do not. 0 of 3: the count is zero, but all 3 do not.
        assert_eq!(
            hidden(&e),
            vec![(String::new(), 2019), (String::new(), 2021)]
        );
    }

    #[test]
    fn counts_shared_across_indicators_and_derived_values() {
        // `rate` counts the same cases as `cases`; `gap` is Female - Male of `rate`.
        let mut e = Evaluation {
            places: Vec::new(),
            files: Vec::new(),
            completeness: Default::default(),
            results: vec![
                IndicatorResult {
                    indicator: "cases".into(),
                    place: "P".into(),
                    unit: None,
                    series: vec![
                        Series {
                            disaggregation: BTreeMap::new(),
                            observations: vec![count(2020, 20.0)],
                        },
                        Series {
                            disaggregation: [("Sex".to_string(), "Female".to_string())].into(),
                            observations: vec![count(2020, 6.0)],
                        },
                        Series {
                            disaggregation: [("Sex".to_string(), "Male".to_string())].into(),
                            observations: vec![count(2020, 14.0)],
                        },
                    ],
                    completeness: Completeness::default(),
                    rows: Vec::new(),
                },
                IndicatorResult {
                    indicator: "gap".into(),
                    place: "P".into(),
                    unit: None,
                    series: vec![series(&[], &[(2020, Some(1.0), 1.0)])],
                    completeness: Completeness::default(),
                    rows: Vec::new(),
                },
                IndicatorResult {
                    indicator: "rate".into(),
                    place: "P".into(),
                    unit: None,
                    series: vec![
                        series(&[], &[(2020, Some(20.0), 1000.0)]),
                        series(&[("Sex", "Female")], &[(2020, Some(6.0), 500.0)]),
                        series(&[("Sex", "Male")], &[(2020, Some(14.0), 500.0)]),
                        series(&[("Age", "Young")], &[(2020, Some(4.0), 300.0)]),
                        series(&[("Age", "Old")], &[(2020, Some(16.0), 700.0)]),
                    ],
                    completeness: Completeness::default(),
                    rows: Vec::new(),
                },
            ],
        };
        let rules = vec![
            IndicatorPrivacy {
                id: "cases".into(),
                count: CountSource::Value,
                proportion: false,
                count_keys: vec!["indicator:cases".into(), "selection:cases".into()],
                inputs: Vec::new(),
            },
            IndicatorPrivacy {
                id: "gap".into(),
                count: CountSource::None,
                proportion: false,
                count_keys: Vec::new(),
                inputs: vec![Input::Groups {
                    indicator: "rate".into(),
                    dimension: "Sex".into(),
                    groups: ["Female".into(), "Male".into()],
                }],
            },
            IndicatorPrivacy {
                id: "rate".into(),
                count: CountSource::Numerator,
                proportion: false,
                count_keys: vec!["indicator:rate".into(), "selection:cases".into()],
                inputs: Vec::new(),
            },
        ];
        // Age=Young (4) is small: Age=Old is hidden with it. Female (6) and Male stay.
        suppress(&mut e, &rules, 5);
        assert_eq!(
            hidden(&e),
            vec![("Age=Old".into(), 2020), ("Age=Young".into(), 2020)]
        );
        // With a minimum of 7, Female (6) is small in `rate`: hidden in `cases` too, with
        // Male in both, and the gap computed from them.
        let mut e2 = e.clone();
        for r in &mut e2.results {
            for s in &mut r.series {
                for o in &mut s.observations {
                    o.suppressed = false;
                }
            }
        }
        // Restore the cleared cells of the first run.
        e2.results[2].series[3] = series(&[("Age", "Young")], &[(2020, Some(4.0), 300.0)]);
        e2.results[2].series[4] = series(&[("Age", "Old")], &[(2020, Some(16.0), 700.0)]);
        suppress(&mut e2, &rules, 7);
        let h = hidden(&e2);
        assert!(
            h.contains(&("Sex=Female".into(), 2020)) && h.contains(&("Sex=Male".into(), 2020)),
            "{h:?}"
        );
        let gap = &e2.results[1].series[0].observations[0];
        assert!(gap.suppressed && gap.value.is_none());
        let cases_female = &e2.results[0].series[1].observations[0];
        assert!(cases_female.suppressed && cases_female.value.is_none());
    }

    #[test]
    fn describe_finds_what_counts() {
        let yaml = r#"
- {id: cases, title: x, computation: {value: {dataset: d, filter: {Kind: case}}}}
- {id: rate, title: x, computation: {ratio: {numerator: {dataset: d, filter: {Kind: case}}, denominator: {dataset: p}, factor: 1000, statistic: rate}}}
- {id: base, title: x, computation: {sum: {of: [{dataset: e}]}}}
- {id: derived, title: x, computation: {ratio: {numerator: {indicator: base}, denominator: {dataset: p}}}}
- {id: gap, title: x, computation: {gap: {of: {indicator: rate}, dimension: Sex, group: F, reference: M}}}
- {id: other, title: x, computation: {value: {dataset: q}}}
- {id: road, title: x, computation: {ratio: {numerator: {dataset: r}, denominator: {dataset: p}, statistic: rate}}}
- {id: deaths, title: x, computation: {sum: {of: [{dataset: d, filter: {Kind: case}}, {dataset: r}]}}}
"#;
        let inds: Vec<Indicator> =
            crate::yaml::from_node(&crate::yaml::parse(yaml).unwrap()).unwrap();
        let refs: Vec<&Indicator> = inds.iter().collect();
        let d = describe(&refs);
        let by = |id: &str| d.iter().find(|p| p.id == id).unwrap();
        assert_eq!(by("cases").count, CountSource::Value);
        assert_eq!(by("rate").count, CountSource::Numerator);
        // Same selection: they share their suppressions.
        assert!(
            by("cases")
                .count_keys
                .iter()
                .any(|k| by("rate").count_keys.contains(k))
        );
        // `base` is the numerator of `derived`: it counts, and they share a key.
        assert_eq!(by("base").count, CountSource::Value);
        assert!(
            by("base")
                .count_keys
                .contains(&"indicator:base".to_string())
        );
        assert!(
            by("derived")
                .count_keys
                .contains(&"indicator:base".to_string())
        );
        assert_eq!(
            by("gap").inputs,
            vec![Input::Groups {
                indicator: "rate".into(),
                dimension: "Sex".into(),
                groups: ["F".into(), "M".into()]
            }]
        );
        // A sum of counted selections counts, and is computed from the indicators counting
        // its terms.
        assert_eq!(by("deaths").count, CountSource::Value);
        assert!(by("deaths").inputs.contains(&Input::Same("rate".into())));
        assert!(by("deaths").inputs.contains(&Input::Same("cases".into())));
        assert_eq!(by("other").count, CountSource::None);
        assert!(by("other").count_keys.is_empty());
    }

    mod lines {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            /// In random two-dimensional tables with margins, no line whose other cells are
            /// all shown holds exactly one hidden cell, and every small count is hidden.
            #[test]
            fn no_line_has_a_single_hidden_cell(
                cells in proptest::collection::vec(0u32..30, 6),
                min in 1u32..10,
            ) {
                let sexes = ["F", "M"];
                let ages = ["A", "B", "C"];
                let mut list = Vec::new();
                let count = |s: usize, a: usize| f64::from(cells[s * 3 + a]);
                let total: f64 = (0..2).flat_map(|s| (0..3).map(move |a| (s, a))).map(|(s, a)| count(s, a)).sum();
                list.push(series(&[], &[(2020, Some(total), 1000.0)]));
                for (si, s) in sexes.iter().enumerate() {
                    let sum: f64 = (0..3).map(|a| count(si, a)).sum();
                    list.push(series(&[("Sex", s)], &[(2020, Some(sum), 500.0)]));
                }
                for (ai, a) in ages.iter().enumerate() {
                    let sum: f64 = (0..2).map(|s| count(s, ai)).sum();
                    list.push(series(&[("Age", a)], &[(2020, Some(sum), 300.0)]));
                }
                for (si, s) in sexes.iter().enumerate() {
                    for (ai, a) in ages.iter().enumerate() {
                        list.push(series(&[("Age", a), ("Sex", s)], &[(2020, Some(count(si, ai)), 100.0)]));
                    }
                }
                let original = eval_of("i", list);
                let mut e = original.clone();
                suppress(&mut e, &[ratio("i", false)], min);
                let r = &e.results[0];
                let find = |d: &Disaggregation| r.series.iter().find(|s| &s.disaggregation == d).map(|s| &s.observations[0]);
                // Every small non-zero count is hidden.
                for (s, o) in r.series.iter().zip(&original.results[0].series) {
                    let c = o.observations[0].numerator().unwrap();
                    if c > 0.0 && c < f64::from(min) {
                        prop_assert!(s.observations[0].suppressed);
                    }
                }
                // Lines: the margin and its groups along one dimension.
                for s in &r.series {
                    for dim in s.disaggregation.keys() {
                        let mut parent = s.disaggregation.clone();
                        parent.remove(dim);
                        let members: Vec<&Series> = r.series.iter().filter(|m| {
                            m.disaggregation.len() == parent.len() + 1
                                && m.disaggregation.contains_key(dim)
                                && parent.iter().all(|(k, v)| m.disaggregation.get(k) == Some(v))
                        }).collect();
                        let mut hidden = members.iter().filter(|m| m.observations[0].suppressed).count();
                        if find(&parent).is_some_and(|p| p.suppressed) {
                            hidden += 1;
                        }
                        prop_assert_ne!(hidden, 1, "line {:?} along {}", parent, dim);
                    }
                }
            }
        }
    }
}
