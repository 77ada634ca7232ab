//! Human-rights budgeting: budget lines linked to rights, SDG targets and indicators, turned into indicators that join the evaluation.
//!
//! The budget stage reads the tables named in the project's `budget:` section
//! ([`data::load`]), checks every cell (each problem is a diagnostic pointing at the cell),
//! and computes ([`analysis::analyse`]) the methods of DESIGN.md ("Budget methods (exact)",
//! formulas in [`formula`]). Its numbers are ordinary [`IndicatorResult`]s under the ids of
//! [`ids`], defined (titles, units, directions, metadata) in the shipped `budget` library, so
//! that assessment, charts and reports treat them like any other indicator; its judgements
//! (PEFA grades, retrogression flags with their justifications) are a [`BudgetAnalysis`].
//!
//! # Rules
//!
//! - **Several tags on one line.** A line tagged with several rights (or SDG goals, targets)
//!   counts in full towards each of them: "spending on a right" is the spending of every line
//!   that serves it, as OHCHR's budget analysis reads it. Per-right figures may therefore add
//!   up to more than the total; totals never double-count: the total and the headline "spending
//!   serving at least one right" count each line once. Splitting a line between its tags would
//!   need weights the budget does not record, so none are invented.
//! - **Missing amounts are never filled in.** A blank amount is no value, not zero: any sum
//!   that includes a blank cell has no value (and a warning says how many lines lack it). A
//!   group with no line in a year whose budget reports the amount is zero. A year whose lines
//!   all lack the executed (or revised) amount is a year not closed (or not revised) yet.
//! - **Real terms** are in prices of the base year `b` (declared `budget: {base-year: ...}`,
//!   else the first budget year from the project's base year on): `R_t = N_t x P_b / P_t`.
//!   Real change is `R_t / R_{t-1} - 1`, between consecutive years only.
//! - **Execution**: executed / approved and executed / revised; the unspent allocation is
//!   revised minus executed (approved minus executed when the budget has no revised column).
//! - **PEFA** (2016 framework): PI-1 on the aggregate executed / approved; PI-2.1 on the
//!   composition by department (the administrative classification), PI-2.2 by economic class;
//!   PI-3.1 on own revenue actual / budgeted (all revenue when the table does not say which is
//!   own: the subnational framework assesses transfers separately), PI-3.2 on the composition
//!   of that revenue by category. Each year gets the band its value falls in (boundaries in
//!   [`formula`]); the grade is the best one met in at least two of the last three completed
//!   years (years whose executed total, or actual revenue, is known), and is not given when
//!   the data do not cover those three years.
//! - **Maximum available resources**: own revenue per head (nominal), own revenue as a share
//!   of all revenue, spending on rights as a share of own revenue, and the unspent allocation.
//! - **Retrogression**: a right is flagged in year `t` when its real allocation per head
//!   (approved amount unless `retrogression: {amount: ...}` says otherwise) is lower than in
//!   `t - 1` by more than the tolerance (default 0%); the flag carries the justification
//!   recorded under `budget: {justifications: ...}` for that right and year, or none, which
//!   the publications state as "no justification was given".
//!
//! # Indicators and their disaggregations
//!
//! | ids | headline | disaggregations |
//! |---|---|---|
//! | `budget-approved`, `-revised`, `-executed`, `-approved-real`, `-executed-real`, `-executed-per-head`, `-approved-real-per-head`, `-executed-real-per-head` | all lines | Department, Department x Programme, Right, SDG (goal), SDG target, Economic class, Gender marker |
//! | `budget-approved-share`, `budget-executed-share` | lines serving at least one right, as % of all | Department, Right, SDG, SDG target, Economic class |
//! | `budget-gender-share` | lines with gender marker 1 or 2, as % of the spending of lines with a marker (screened) | Gender marker |
//! | `budget-approved-real-change`, `budget-executed-real-change` | all lines | Department, Right, SDG |
//! | `budget-execution-rate`, `-execution-rate-revised`, `budget-unspent` | all lines | Department, Department x Programme, Right, SDG, Economic class |
//! | `budget-pefa-pi-1`, `-pi-2-1`, `-pi-2-2`, `-pi-3-1`, `-pi-3-2` | the city | - |
//! | `budget-own-revenue-per-head`, `budget-own-revenue-share` | the city | - |
//! | `budget-rights-share-of-own-revenue` | lines serving at least one right | Right |
//! | `budget-retrogressions`, `budget-retrogressions-unjustified` | rights flagged in the year | - |
//!
//! Every value's provenance lists the rows of the budget file it sums, and the rows of the
//! deflator, population or revenue tables it uses.

pub mod analysis;
pub mod data;
pub mod formula;
pub mod ids;
pub mod table;

pub(crate) use analysis::analyse;
pub use analysis::{BudgetAnalysis, BudgetOutput};

use crate::diag::Diagnostic;
use crate::evaluate::{DataFile, Evaluation, IndicatorResult, ProvenanceFiles};
use crate::load::Workspace;
use crate::yaml::Step;

/// The id of the shipped library that defines the budget indicators.
pub(crate) const LIBRARY: &str = "budget";

/// Adds budget results to an evaluation, keeping its order (indicator id, then GeoCode);
/// a budget result replaces an evaluated result of the same indicator and place.
pub(crate) fn join(evaluation: &mut Evaluation, results: Vec<IndicatorResult>, files: &[DataFile]) {
    // the results' rows point at `files`: register them in the evaluation's list
    let mut table = ProvenanceFiles {
        files: std::mem::take(&mut evaluation.files),
    };
    let map: Vec<u32> = files
        .iter()
        .map(|f| table.index(&f.dataset, &f.file))
        .collect();
    evaluation.files = table.files;
    for mut r in results {
        for row in &mut r.rows {
            row.file = map.get(row.file as usize).copied().unwrap_or(row.file);
        }
        match evaluation.results.binary_search_by(|x| {
            (x.indicator.as_str(), x.place.as_str()).cmp(&(r.indicator.as_str(), r.place.as_str()))
        }) {
            Ok(i) => evaluation.results[i] = r,
            Err(i) => evaluation.results.insert(i, r),
        }
    }
}

/// Warns when the budget is computed but its indicators are not reported, or the reverse.
pub(crate) fn check_library(ws: &Workspace) -> Vec<Diagnostic> {
    let p = ws.project();
    let listed = p.libraries.iter().position(|l| l == LIBRARY);
    match (&p.budget, listed) {
        (Some(_), None) => vec![
            Diagnostic::warning(
                "budget-not-reported",
                "the budget is computed, but its indicators are not among the project's",
            )
            .at(ws.project_file, ws.project_node.key_span_at(&["budget".into()]))
            .hint(format!("add `{LIBRARY}` to `libraries:` so that budget results are assessed and published like other indicators")),
        ],
        (None, Some(i)) => vec![
            Diagnostic::warning(
                "no-budget",
                format!("library `{LIBRARY}` is used, but the project has no `budget:` section"),
            )
            .at(ws.project_file, ws.project_span(&[Step::from("libraries"), i.into()]))
            .hint("declare the budget tables under `budget:`, or remove the library"),
        ],
        _ => Vec::new(),
    }
}
