//! Evaluate stage: turns indicator computations and datasets into values per place, period and disaggregation.
//!
//! Indicators are evaluated in windows of [`WINDOW`] in id order: the datasets a window needs
//! are read in parallel (each file by rayon, large files in parallel parts), then its
//! indicators are computed in parallel (derived indicators after their inputs), then their
//! results are handed on one [`IndicatorBatch`] at a time, in id order, and what no later
//! indicator needs is dropped. Memory therefore stays bounded by a window's data, whatever
//! the number of indicators; results never depend on the number of threads.

mod combine;
mod plan;
mod records;
pub mod result;
mod select;

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::diag::Diagnostic;
use crate::load::DatasetIndex;
use crate::load::Workspace;
use crate::load::dataset::{self, Table};
use crate::model::{Computation, Selection, Statistic};
use crate::yaml::Step;

pub use result::*;

use plan::Plan;
use select::{Site, Values};

/// How many indicators are evaluated between two hand-overs (fixed: results never depend on it).
pub(crate) const WINDOW: usize = 16;

/// Figures of a run, for benchmarks and the command's summary line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EvalStats {
    /// Indicators evaluated.
    pub indicators: usize,
    /// Indicator results (indicator x place).
    pub results: usize,
    /// Series (headline and disaggregations).
    pub series: u64,
    /// Observations.
    pub observations: u64,
    /// Datasets read.
    pub datasets: usize,
    /// Data rows read.
    pub rows: u64,
}

/// What a run produced besides the results it handed on.
#[derive(Debug, Clone, Default)]
pub struct EvalSummary {
    /// Every place with a result, sorted by GeoCode, with names where known.
    pub places: Vec<PlaceInfo>,
    /// The data files provenance points at.
    pub files: Vec<DataFile>,
    /// Completeness over every result.
    pub completeness: CompletenessSummary,
    /// Problems found in the data and computations (unsorted).
    pub diagnostics: Vec<Diagnostic>,
    /// Figures.
    pub stats: EvalStats,
}

/// Evaluates a checked workspace, handing results on one indicator at a time.
pub struct Evaluator<'w> {
    plan: Plan<'w>,
}

impl<'w> Evaluator<'w> {
    /// Plans the evaluation of a loaded and checked workspace.
    pub fn new(ws: &'w Workspace, index: &DatasetIndex) -> Self {
        Evaluator {
            plan: Plan::new(ws, index),
        }
    }

    /// The data files provenance will point at (known before any data is read).
    pub fn files(&self) -> &[DataFile] {
        &self.plan.files
    }

    /// [`Evaluator::run`] behind an "evaluating" progress bar that advances with each indicator.
    pub fn run_shown<E: Send>(
        self,
        mut sink: impl FnMut(IndicatorBatch) -> Result<(), E> + Send,
    ) -> Result<EvalSummary, E> {
        let progress =
            crate::progress::Progress::start("evaluating", self.plan.indicators.len() as u64);
        let summary = self.run(|batch| {
            progress.advance(1);
            sink(batch)
        })?;
        progress.finish();
        Ok(summary)
    }

    /// Evaluates every active indicator for every place with data (and the project's place),
    /// calling `sink` once per indicator, in id order. Stops at the first error of `sink`.
    ///
    /// The sink of one window runs while the next window is read and computed, so writing
    /// (and freeing) results overlaps evaluation.
    pub fn run<E: Send>(
        self,
        mut sink: impl FnMut(IndicatorBatch) -> Result<(), E> + Send,
    ) -> Result<EvalSummary, E> {
        let plan = self.plan;
        let n = plan.indicators.len();
        let mut state = State::new(&plan);
        let mut emitted = Emitted::default();
        let mut ready: Vec<(usize, Values, Tally)> = Vec::new();
        let mut next = 0;
        while next < n || !ready.is_empty() {
            let targets: Vec<usize> = (next..(next + WINDOW).min(n)).collect();
            let to_emit = std::mem::take(&mut ready);
            let (computed, sunk) = rayon::join(
                || state.window(&plan, &targets),
                || emitted.emit(&plan, to_emit, &mut sink),
            );
            sunk?;
            ready = computed;
            next += WINDOW;
        }
        let places = emitted
            .places
            .into_iter()
            .map(|geocode| PlaceInfo {
                name: plan.declared_places.get(&geocode).cloned().flatten(),
                geocode,
            })
            .collect();
        let mut stats = emitted.stats;
        stats.datasets = state.datasets_read;
        stats.rows = state.rows_read;
        let mut diagnostics = plan.diagnostics.clone();
        diagnostics.extend(state.diagnostics);
        Ok(EvalSummary {
            places,
            files: plan.files,
            completeness: emitted.completeness,
            diagnostics,
            stats,
        })
    }
}

/// What evaluation keeps between windows: loaded tables, computed values still needed, and
/// how many uses of each are left.
struct State {
    tables: Vec<Option<Arc<Table>>>,
    computed: Vec<Option<Arc<Values>>>,
    tallies: Vec<Option<Tally>>,
    /// Uses left of each indicator's values: its hand-over and each indicator reading it.
    remaining: Vec<usize>,
    /// Indicators left that read each dataset.
    users: Vec<usize>,
    done: Vec<bool>,
    diagnostics: Vec<Diagnostic>,
    datasets_read: usize,
    rows_read: u64,
}

impl State {
    fn new(plan: &Plan) -> State {
        let n = plan.indicators.len();
        let mut remaining = vec![1; n];
        let mut users = vec![0; plan.datasets.len()];
        for p in &plan.indicators {
            for d in &p.deps {
                remaining[*d] += 1;
            }
            for d in &p.datasets {
                users[*d] += 1;
            }
        }
        State {
            tables: vec![None; plan.datasets.len()],
            computed: vec![None; n],
            tallies: vec![None; n],
            remaining,
            users,
            done: vec![false; n],
            diagnostics: Vec::new(),
            datasets_read: 0,
            rows_read: 0,
        }
    }

    /// Computes `targets` (and the inputs they need that are not computed yet), and returns
    /// their values in order, ready to hand over.
    fn window(&mut self, plan: &Plan, targets: &[usize]) -> Vec<(usize, Values, Tally)> {
        let mut need: BTreeSet<usize> = BTreeSet::new();
        let mut stack = targets.to_vec();
        while let Some(i) = stack.pop() {
            if self.done[i] || !need.insert(i) {
                continue;
            }
            stack.extend(plan.indicators[i].deps.iter().copied());
        }
        while !need.is_empty() {
            let mut level: Vec<usize> = need
                .iter()
                .copied()
                .filter(|i| plan.indicators[*i].deps.iter().all(|d| self.done[*d]))
                .collect();
            if level.is_empty() {
                // a cycle (reported by check): evaluate what is left without the missing inputs
                level = need.iter().copied().collect();
            }
            self.load(plan, &level);
            let (tables, computed) = (&self.tables, &self.computed);
            let outputs: Vec<(usize, Values, Vec<Diagnostic>, Tally)> = level
                .par_iter()
                .map(|i| {
                    let (v, d) = compute(plan, *i, tables, computed);
                    let v = finish(plan, *i, v);
                    let tally = Tally::of(&v);
                    (*i, v, d, tally)
                })
                .collect();
            for (i, values, diags, tally) in outputs {
                self.diagnostics.extend(diags);
                self.tallies[i] = Some(tally);
                self.computed[i] = Some(Arc::new(values));
                self.done[i] = true;
                need.remove(&i);
                for d in &plan.indicators[i].datasets {
                    self.users[*d] -= 1;
                    if self.users[*d] == 0 {
                        self.tables[*d] = None;
                    }
                }
                for j in &plan.indicators[i].deps {
                    self.remaining[*j] -= 1;
                    if self.remaining[*j] == 0 {
                        self.computed[*j] = None;
                    }
                }
            }
        }
        targets
            .iter()
            .map(|&t| {
                self.remaining[t] -= 1;
                let values = if self.remaining[t] == 0 {
                    self.computed[t]
                        .take()
                        .map(|a| Arc::try_unwrap(a).unwrap_or_else(|a| (*a).clone()))
                } else {
                    self.computed[t].as_deref().cloned()
                }
                .unwrap_or_default();
                (t, values, self.tallies[t].take().unwrap_or_default())
            })
            .collect()
    }

    /// Reads the datasets `level` needs that are not in memory, in parallel.
    fn load(&mut self, plan: &Plan, level: &[usize]) {
        let to_load: Vec<usize> = level
            .iter()
            .flat_map(|i| plan.indicators[*i].datasets.iter().copied())
            .filter(|d| self.tables[*d].is_none())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let loaded: Vec<(usize, Table, Vec<Diagnostic>)> = to_load
            .par_iter()
            .map(|d| {
                let pd = &plan.datasets[*d];
                let (t, diags) =
                    dataset::read_table(&pd.id, pd.spec, &pd.files, &pd.request, &pd.default_place);
                (*d, t, diags)
            })
            .collect();
        for (d, t, diags) in loaded {
            self.datasets_read += 1;
            self.rows_read += t.len() as u64;
            self.diagnostics.extend(diags);
            self.tables[d] = Some(Arc::new(t));
        }
    }
}

/// What has been handed over so far.
#[derive(Default)]
struct Emitted {
    stats: EvalStats,
    places: BTreeSet<String>,
    /// The places of the last indicator handed over.
    last_places: Vec<String>,
    completeness: CompletenessSummary,
}

impl Emitted {
    /// Hands values over to the sink, in order, counting them.
    fn emit<E>(
        &mut self,
        plan: &Plan,
        batches: Vec<(usize, Values, Tally)>,
        sink: &mut impl FnMut(IndicatorBatch) -> Result<(), E>,
    ) -> Result<(), E> {
        for (t, values, tally) in batches {
            self.stats.indicators += 1;
            self.stats.results += tally.results;
            self.stats.series += tally.series;
            self.stats.observations += tally.observations;
            self.completeness.merge(&tally.completeness);
            // most indicators cover the same places as the one before: check that cheaply
            let same = values.len() == self.last_places.len()
                && values
                    .iter()
                    .zip(&self.last_places)
                    .all(|(r, p)| r.place == *p);
            if !same {
                self.last_places = values.iter().map(|r| r.place.clone()).collect();
                for p in &self.last_places {
                    if !self.places.contains(p) {
                        self.places.insert(p.clone());
                    }
                }
            }
            sink(IndicatorBatch {
                indicator: plan.indicators[t].indicator().id.clone(),
                results: values,
            })?;
        }
        Ok(())
    }
}

/// Counts of one indicator's results, made where they are computed (in parallel).
#[derive(Debug, Clone, Default)]
struct Tally {
    results: usize,
    series: u64,
    observations: u64,
    completeness: CompletenessSummary,
}

impl Tally {
    fn of(values: &Values) -> Tally {
        let mut t = Tally::default();
        for r in values {
            t.results += 1;
            t.series += r.series.len() as u64;
            t.observations += r
                .series
                .iter()
                .map(|s| s.observations.len() as u64)
                .sum::<u64>();
            t.completeness.add(&r.completeness);
        }
        t
    }
}

/// Evaluates a checked workspace into one [`Evaluation`] held in memory (fine at municipal
/// scale; at national scale prefer [`Evaluator::run`], which hands results on per indicator).
pub fn evaluate(ws: &Workspace, index: &DatasetIndex) -> (Evaluation, Vec<Diagnostic>, EvalStats) {
    let (evaluation, summary) = evaluate_summarised(ws, index);
    (evaluation, summary.diagnostics, summary.stats)
}

/// Evaluates every active indicator into memory, with the summary of the run (whose places,
/// files and completeness the evaluation holds too).
pub(crate) fn evaluate_summarised(
    ws: &Workspace,
    index: &DatasetIndex,
) -> (Evaluation, EvalSummary) {
    let mut results = Vec::new();
    let summary = Evaluator::new(ws, index)
        .run_shown(|batch| {
            results.extend(batch.results);
            Ok::<(), std::convert::Infallible>(())
        })
        .unwrap_or_else(|never| match never {});
    let evaluation = Evaluation {
        places: summary.places.clone(),
        results,
        files: summary.files.clone(),
        completeness: summary.completeness.clone(),
    };
    (evaluation, summary)
}

/// Sets the indicator id, adds the project's place when it has no values, and computes completeness.
fn finish(plan: &Plan, i: usize, mut values: Values) -> Values {
    let indicator = plan.indicators[i].indicator();
    if let Err(at) = values.binary_search_by(|r| r.place.as_str().cmp(&plan.main_place)) {
        values.insert(
            at,
            IndicatorResult {
                indicator: String::new(),
                place: plan.main_place.clone(),
                unit: None,
                series: Vec::new(),
                completeness: Completeness::default(),
                rows: Vec::new(),
            },
        );
    }
    for r in &mut values {
        r.indicator.clone_from(&indicator.id);
        r.completeness = r.compute_completeness(&indicator.disaggregations);
    }
    values
}

/// Reads one selection: rows of a dataset, or series of another indicator.
fn select(
    plan: &Plan,
    sel: &Selection,
    site: Site,
    tables: &[Option<Arc<Table>>],
    computed: &[Option<Arc<Values>>],
    diags: &mut Vec<Diagnostic>,
) -> Values {
    if let Some(ds) = &sel.dataset {
        return match plan.dataset_ids.get(ds).and_then(|d| tables[*d].as_ref()) {
            Some(t) => select::from_table(
                t,
                sel.column.as_deref(),
                &sel.filter,
                &plan.files,
                &site,
                diags,
            ),
            None => Vec::new(),
        };
    }
    if let Some(id) = &sel.indicator {
        return match plan
            .indicator_ids
            .get(id)
            .and_then(|j| computed[*j].as_ref())
        {
            Some(v) => select::from_indicator(v, &sel.filter),
            None => Vec::new(),
        };
    }
    Vec::new()
}

/// Computes one indicator's values from its inputs.
fn compute(
    plan: &Plan,
    i: usize,
    tables: &[Option<Arc<Table>>],
    computed: &[Option<Arc<Values>>],
) -> (Values, Vec<Diagnostic>) {
    let active = plan.indicators[i].active;
    let ind = &active.indicator;
    let mut diags = Vec::new();
    let Some(c) = &ind.computation else {
        return (Vec::new(), diags);
    };
    let site = |parts: &[&str]| Site {
        indicator: active,
        path: std::iter::once("computation")
            .chain(parts.iter().copied())
            .map(Step::from)
            .collect(),
    };
    let sel = |s: &Selection, at: Site, diags: &mut Vec<Diagnostic>| {
        select(plan, s, at, tables, computed, diags)
    };
    let mut values = match c {
        Computation::Value(s) => sel(s, site(&["value"]), &mut diags),
        Computation::Ratio(r) => {
            let inputs = [
                sel(&r.numerator, site(&["ratio", "numerator"]), &mut diags),
                sel(&r.denominator, site(&["ratio", "denominator"]), &mut diags),
            ];
            let mut v = combine::join(&inputs, &combine::ratio(r.factor));
            zero_denominators(&v, &site(&["ratio", "denominator"]), &mut diags);
            if let Some(statistic) = r.statistic.filter(|s| *s != Statistic::Quotient) {
                counts_out_of_bounds(&mut v, statistic, &plan.files, ind.id.as_str(), &mut diags);
            }
            v
        }
        Computation::Share(s) => {
            let inputs = [
                sel(&s.part, site(&["share", "part"]), &mut diags),
                sel(&s.whole, site(&["share", "whole"]), &mut diags),
            ];
            let mut v = combine::join(&inputs, &combine::ratio(s.factor));
            zero_denominators(&v, &site(&["share", "whole"]), &mut diags);
            counts_out_of_bounds(
                &mut v,
                Statistic::Proportion,
                &plan.files,
                ind.id.as_str(),
                &mut diags,
            );
            v
        }
        Computation::Sum(s) => {
            let inputs: Vec<Values> =
                s.of.iter()
                    .enumerate()
                    .map(|(k, x)| {
                        let mut at = site(&["sum", "of"]);
                        at.path.push(Step::Index(k));
                        sel(x, at, &mut diags)
                    })
                    .collect();
            combine::join(&inputs, &combine::sum)
        }
        Computation::Gap(g) => {
            let of = sel(&g.of, site(&["gap", "of"]), &mut diags);
            combine::gap(&of, &g.dimension, &g.group, &g.reference, g.kind)
        }
        Computation::Index(ix) => {
            let of = sel(&ix.of, site(&["index", "of"]), &mut diags);
            let (v, missing) = combine::index(&of, ix.base_year, ix.factor);
            if missing > 0 {
                diags.push(
                    site(&["index", "base-year"]).point(
                        Diagnostic::warning(
                            "missing-base-year",
                            format!(
                                "indicator `{}`: {missing} series have no value (or zero) in base year {}; they have no index",
                                ind.id, ix.base_year
                            ),
                        )
                        .hint("choose a base year every series has data for"),
                        &[],
                    ),
                );
            }
            v
        }
        Computation::Records(r) => match plan
            .dataset_ids
            .get(&r.dataset)
            .and_then(|d| tables[*d].as_ref())
        {
            Some(t) => {
                let dims: Vec<String> = if ind.disaggregations.is_empty() {
                    t.dimensions
                        .iter()
                        .map(|d| t.text[*d].name.clone())
                        .collect()
                } else {
                    ind.disaggregations.clone()
                };
                records::aggregate(t, r, &dims, &site(&["records"]), &mut diags)
            }
            None => Vec::new(),
        },
        Computation::Expression(e) => {
            let names: Vec<String> = e.inputs.keys().cloned().collect();
            let inputs: Vec<Values> = e
                .inputs
                .iter()
                .map(|(name, s)| {
                    let mut at = site(&["expression", "inputs"]);
                    at.path.push(Step::Key(name.clone()));
                    sel(s, at, &mut diags)
                })
                .collect();
            match evalexpr::build_operator_tree::<evalexpr::DefaultNumericTypes>(&e.formula) {
                Ok(tree) => {
                    let first_error = Mutex::new(None);
                    let v =
                        combine::join(&inputs, &combine::expression(&tree, &names, &first_error));
                    if let Some(err) = first_error.into_inner().ok().flatten() {
                        diags.push(site(&["expression", "formula"]).point(
                            Diagnostic::warning(
                                "formula-failed",
                                format!("indicator `{}`: the formula gives no number for some periods ({err})", ind.id),
                            )
                            .hint("those periods have no value; check the formula and its inputs"),
                            &[],
                        ));
                    }
                    v
                }
                Err(_) => Vec::new(), // reported by check
            }
        }
    };
    non_finite(&mut values, &site(&[]), &mut diags);
    combine::normalise(&mut values);
    (values, diags)
}

/// Values that are not finite numbers (a division by a difference that is zero, an overflow)
/// are removed, with one warning at the indicator's computation naming the first periods.
fn non_finite(values: &mut Values, site: &Site, diags: &mut Vec<Diagnostic>) {
    let mut found: Vec<(String, i32, f64)> = Vec::new();
    for r in values.iter_mut() {
        for s in &mut r.series {
            for o in &mut s.observations {
                if let Some(v) = o.value.filter(|v| !v.is_finite()) {
                    found.push((r.place.clone(), o.year, v));
                    o.value = None;
                }
            }
        }
    }
    if found.is_empty() {
        return;
    }
    found.sort_by(|a, b| (a.1, &a.0).cmp(&(b.1, &b.0)));
    let examples: Vec<String> = found
        .iter()
        .take(3)
        .map(|(_, year, v)| {
            let what = if v.is_nan() {
                "not a number"
            } else {
                "infinite"
            };
            format!("{year}: {what}")
        })
        .collect();
    diags.push(
        site.point(
            Diagnostic::warning(
                "non-finite-value",
                format!(
                    "indicator `{}`: the computation gives no finite number in {} periods ({}); they have no value",
                    site.id(),
                    found.len(),
                    examples.join(", ")
                ),
            )
            .hint("a division by zero (or by a difference of equal values) or numbers too large; check the formula and its inputs"),
            &[],
        ),
    );
}

/// Counts behind a proportion or a rate that cannot be counts: a negative numerator or
/// denominator, or (for a proportion) a numerator above its denominator. Each is an error at
/// the data row it comes from (the first few, then a count); the value is removed so that it
/// is never published nor used as a baseline.
fn counts_out_of_bounds(
    values: &mut Values,
    statistic: Statistic,
    files: &[crate::evaluate::DataFile],
    id: &str,
    diags: &mut Vec<Diagnostic>,
) {
    const DETAILED: usize = 5;
    let mut bad = 0usize;
    for r in values.iter_mut() {
        let rows = std::mem::take(&mut r.rows);
        for s in &mut r.series {
            for o in &mut s.observations {
                let (Some(n), Some(d)) = (o.numerator(), o.denominator()) else {
                    continue;
                };
                let problem = if n < 0.0 || d < 0.0 {
                    Some(format!(
                        "a count cannot be negative (numerator {n}, denominator {d})"
                    ))
                } else if statistic == Statistic::Proportion && n > d {
                    Some(format!(
                        "the part ({n}) is larger than the whole ({d}), so the proportion is above 100%"
                    ))
                } else {
                    None
                };
                let Some(problem) = problem else {
                    continue;
                };
                o.value = None;
                bad += 1;
                if bad > DETAILED {
                    continue;
                }
                let group: Vec<String> = s
                    .disaggregation
                    .iter()
                    .map(|(k, v)| format!("{k} = {v}"))
                    .collect();
                let group = if group.is_empty() {
                    String::new()
                } else {
                    format!(", {}", group.join(", "))
                };
                let message = format!(
                    "indicator `{id}`: {problem} in {}{group}; the value is left out",
                    o.year
                );
                let at = rows
                    .get(o.rows.start as usize..o.rows.end as usize)
                    .and_then(|r| r.first())
                    .and_then(|range| files.get(range.file as usize).map(|f| (f, range.first)));
                let d = Diagnostic::error("count-out-of-bounds", message)
                    .hint("check the numerator and denominator rows: a part counts some of the whole, never more, never less than none");
                diags.push(match at {
                    // Data row 1 is the line after the header.
                    Some((file, row)) => d.at_position(&file.file, row as usize + 1, 1),
                    None => d,
                });
            }
        }
        r.rows = rows;
    }
    if bad > DETAILED {
        diags.push(
            Diagnostic::error(
                "count-out-of-bounds",
                format!(
                    "indicator `{id}`: {} more values have counts that cannot be (negative, or a part above its whole); they are left out",
                    bad - DETAILED
                ),
            )
            .hint("only the first ones are shown; fix those and run again"),
        );
    }
}

fn zero_denominators(values: &Values, site: &Site, diags: &mut Vec<Diagnostic>) {
    let zeros: usize = values
        .iter()
        .flat_map(|r| r.series.iter())
        .flat_map(|s| s.observations.iter())
        .filter(|o| o.denominator() == Some(0.0))
        .count();
    if zeros > 0 {
        diags.push(
            site.point(
                Diagnostic::warning(
                    "zero-denominator",
                    format!(
                        "indicator `{}`: the denominator is zero in {zeros} periods; they have no value",
                        site.id()
                    ),
                )
                .hint("a rate of a population of zero has no meaning; check the denominator's data"),
                &[],
            ),
        );
    }
}
