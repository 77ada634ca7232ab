//! Small-cell suppression: primary suppression of small counts and secondary suppression so that no hidden cell can be recovered.
//!
//! A cell is one observation of one series (indicator, place, disaggregation, year). Its count
//! is the numerator behind a ratio or share, or the value itself for a count of records (and
//! for a value indicator that reads the same selection as another indicator's numerator).
//!
//! - **Primary**: a count from 1 to `minimum-count - 1` is suppressed; for a proportion the
//!   complement (denominator minus numerator) too, since "98 of 100" tells that 2 do not.
//!   Zero counts are shown: a zero describes no one.
//! - **Secondary**: the total and the groups of one dimension form a line (for a series with
//!   several dimensions, each dimension's groups with the other dimensions fixed, and the
//!   series without that dimension as the total). A line whose cells are all known except
//!   exactly one suppressed cell would give it away by subtraction (of counts, numerators or
//!   value x denominator), so one more cell is suppressed: the visible group with the smallest
//!   non-zero count (zeros last, as hiding a known zero protects little), else the total. A
//!   missing total counts as known (it may be published elsewhere). This repeats until no
//!   line has exactly one hidden cell.
//! - **Across indicators**: indicators that count the same thing (a ratio's numerator and a
//!   value indicator reading the same selection, or an indicator and those reading it) share
//!   their suppressions; a value derived from other indicators (a gap, an index, a ratio of
//!   indicators...) is suppressed wherever one of the values it is computed from is.
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
pub fn describe(indicators: &[&Indicator]) -> Vec<IndicatorPrivacy> {
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
    indicators
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
                    let is_count = counted.contains(&key);
                    keys.push(key);
                    (
                        if is_count {
                            CountSource::Value
                        } else {
                            CountSource::None
                        },
                        false,
                    )
                }
                _ => (CountSource::None, false),
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
                        for (_, id) in crate::check::indicator_inputs(other) {
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
        .collect()
}

/// Suppresses small cells of `eval` in place, with secondary suppression; returns how many
/// cells are suppressed in all.
pub fn suppress(
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
        secure_lines(r, by_id.get(r.indicator.as_str()).copied());
    });
    // Across indicators, until nothing changes.
    loop {
        let mut changed = share_across_indicators(eval, indicators);
        changed |= propagate_to_derived(eval, indicators);
        if !changed {
            break;
        }
        eval.results.par_iter_mut().for_each(|r| {
            secure_lines(r, by_id.get(r.indicator.as_str()).copied());
        });
    }
    // Remove what suppressed cells held.
    let mut count = 0;
    for r in &mut eval.results {
        for s in &mut r.series {
            for o in &mut s.observations {
                if o.suppressed {
                    o.value = None;
                    o.progress = None;
                    o.numerator = None;
                    o.denominator = None;
                    count += 1;
                }
            }
        }
    }
    count
}

fn cell_count(p: Option<&IndicatorPrivacy>, o: &crate::evaluate::Observation) -> Option<f64> {
    match p.map(|p| p.count) {
        Some(CountSource::Numerator) => o.numerator,
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
            let complement_small = p.proportion && o.denominator.is_some_and(|d| small(d - c));
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
fn secure_lines(r: &mut IndicatorResult, p: Option<&IndicatorPrivacy>) {
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
    loop {
        let mut changed = false;
        for (members, parent) in &lines {
            let obs = |si: usize, oi: usize| &r.series[si].observations[oi];
            let hidden = members.iter().filter(|m| obs(m.1, m.2).suppressed).count()
                + parent.map_or(0, |(si, oi)| usize::from(obs(si, oi).suppressed));
            if hidden != 1 {
                continue;
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
            let pick = members
                .iter()
                .filter(|m| visible(obs(m.1, m.2)))
                .map(|m| {
                    let c = cell_count(p, obs(m.1, m.2)).unwrap_or(f64::INFINITY);
                    (c == 0.0, c, &m.0, m.1, m.2)
                })
                .min_by(|a, b| {
                    a.0.cmp(&b.0)
                        .then(a.1.total_cmp(&b.1))
                        .then_with(|| a.2.cmp(b.2))
                });
            let target = match (pick, *parent) {
                (Some((_, _, _, si, oi)), _) => Some((si, oi)),
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
