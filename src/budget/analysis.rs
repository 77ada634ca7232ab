//! Budget computations over the loaded data: amounts by group, real terms, per head, shares, execution, PEFA grades, maximum available resources and retrogressions.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::diag::Diagnostic;
use crate::evaluate::{
    Completeness, DataFile, IndicatorResult, Observation, Provenance, ProvenanceFiles, RowRange,
    Series,
};
use crate::model::{BudgetAmount, Text};

use super::data::{BudgetData, BudgetLine, YearValues};
use super::formula::{self, Grade};
use super::ids;

/// A set of budget lines whose amounts are summed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Group {
    /// Every line (the total budget).
    Total,
    /// Lines tagged with at least one right, each counted once.
    AnyRight,
    /// Lines whose gender marker is 1 or 2.
    GenderTargeted,
    /// Lines with a gender marker (screened for gender equality).
    GenderScreened,
    /// Lines of a department.
    Department(String),
    /// Lines of a programme of a department.
    Programme(String, String),
    /// Lines tagged with a right (in full, whatever other rights they are tagged with).
    Right(String),
    /// Lines tagged with a code of an SDG goal.
    SdgGoal(String),
    /// Lines tagged with an SDG target (or one of its indicators).
    SdgTarget(String),
    /// Lines of an economic class.
    EconomicClass(String),
    /// Lines with a gender marker.
    GenderMarker(u8),
}

pub use crate::model::budget_dimension as dimension;

/// The kinds of group a disaggregated budget indicator breaks down into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Department,
    Programme,
    Right,
    SdgGoal,
    SdgTarget,
    EconomicClass,
    GenderMarker,
}

impl Kind {
    /// Every kind, in the order of the enum (amounts break down into each).
    const ALL: [Kind; 7] = [
        Kind::Department,
        Kind::Programme,
        Kind::Right,
        Kind::SdgGoal,
        Kind::SdgTarget,
        Kind::EconomicClass,
        Kind::GenderMarker,
    ];

    fn dimension(self) -> &'static str {
        match self {
            Kind::Department => dimension::DEPARTMENT,
            Kind::Programme => dimension::PROGRAMME,
            Kind::Right => dimension::RIGHT,
            Kind::SdgGoal => dimension::SDG,
            Kind::SdgTarget => dimension::SDG_TARGET,
            Kind::EconomicClass => dimension::ECONOMIC_CLASS,
            Kind::GenderMarker => dimension::GENDER_MARKER,
        }
    }
}

/// The name of a gender marker value.
pub(crate) fn gender_marker_name(m: u8) -> &'static str {
    match m {
        0 => "not-targeted",
        1 => "significant",
        _ => "principal",
    }
}

impl Group {
    fn kind(&self) -> Option<Kind> {
        Some(match self {
            Group::Department(_) => Kind::Department,
            Group::Programme(..) => Kind::Programme,
            Group::Right(_) => Kind::Right,
            Group::SdgGoal(_) => Kind::SdgGoal,
            Group::SdgTarget(_) => Kind::SdgTarget,
            Group::EconomicClass(_) => Kind::EconomicClass,
            Group::GenderMarker(_) => Kind::GenderMarker,
            Group::Total | Group::AnyRight | Group::GenderTargeted | Group::GenderScreened => {
                return None;
            }
        })
    }

    /// The disaggregation of a series for this group (empty for the headline groups).
    pub(crate) fn disaggregation(&self) -> BTreeMap<String, String> {
        let mut m = BTreeMap::new();
        match self {
            Group::Department(d) => {
                m.insert(dimension::DEPARTMENT.into(), d.clone());
            }
            Group::Programme(d, p) => {
                m.insert(dimension::DEPARTMENT.into(), d.clone());
                m.insert(dimension::PROGRAMME.into(), p.clone());
            }
            Group::Right(r) => {
                m.insert(dimension::RIGHT.into(), r.clone());
            }
            Group::SdgGoal(g) => {
                m.insert(dimension::SDG.into(), g.clone());
            }
            Group::SdgTarget(t) => {
                m.insert(dimension::SDG_TARGET.into(), t.clone());
            }
            Group::EconomicClass(e) => {
                m.insert(dimension::ECONOMIC_CLASS.into(), e.clone());
            }
            Group::GenderMarker(g) => {
                m.insert(
                    dimension::GENDER_MARKER.into(),
                    gender_marker_name(*g).into(),
                );
            }
            Group::Total | Group::AnyRight | Group::GenderTargeted | Group::GenderScreened => {}
        }
        m
    }
}

/// The groups a line belongs to.
fn groups_of(line: &BudgetLine) -> Vec<Group> {
    let mut g = vec![Group::Total];
    if !line.rights.is_empty() {
        g.push(Group::AnyRight);
    }
    if line.gender_marker.is_some_and(|m| m >= 1) {
        g.push(Group::GenderTargeted);
    }
    if !line.department.is_empty() {
        g.push(Group::Department(line.department.clone()));
        if let Some(p) = &line.programme {
            g.push(Group::Programme(line.department.clone(), p.clone()));
        }
    }
    g.extend(line.rights.iter().cloned().map(Group::Right));
    let goals: BTreeSet<&str> = line
        .sdg
        .iter()
        .map(|c| c.split('.').next().unwrap_or(c))
        .collect();
    g.extend(goals.into_iter().map(|x| Group::SdgGoal(x.to_string())));
    let targets: BTreeSet<String> = line
        .sdg
        .iter()
        .filter(|c| c.split('.').count() >= 2)
        .map(|c| c.split('.').take(2).collect::<Vec<_>>().join("."))
        .collect();
    g.extend(targets.into_iter().map(Group::SdgTarget));
    if let Some(e) = &line.economic_class {
        g.push(Group::EconomicClass(e.clone()));
    }
    if let Some(m) = line.gender_marker {
        g.push(Group::GenderScreened);
        g.push(Group::GenderMarker(m));
    }
    g
}

/// The sum of one amount over some lines.
#[derive(Debug, Clone, Default, PartialEq)]
struct Sum {
    total: f64,
    missing: bool,
    rows: Vec<u32>,
}

/// A value with its provenance.
#[derive(Debug, Clone, PartialEq)]
struct Traced {
    value: f64,
    provenance: Vec<Provenance>,
}

/// Merges provenance entries of the same dataset and file, uniting their row ranges.
pub(crate) fn merge_provenance(parts: impl IntoIterator<Item = Provenance>) -> Vec<Provenance> {
    let mut by_file: BTreeMap<(String, String), Vec<(u32, u32)>> = BTreeMap::new();
    for p in parts {
        by_file
            .entry((p.dataset, p.file))
            .or_default()
            .extend(p.rows);
    }
    by_file
        .into_iter()
        .map(|((dataset, file), mut ranges)| {
            ranges.sort_unstable();
            let mut merged: Vec<(u32, u32)> = Vec::new();
            for (a, b) in ranges {
                match merged.last_mut() {
                    Some(last) if a <= last.1.saturating_add(1) => last.1 = last.1.max(b),
                    _ => merged.push((a, b)),
                }
            }
            Provenance {
                dataset,
                file,
                rows: merged,
            }
        })
        .collect()
}

/// Amounts summed by group, year and amount.
struct Cube<'a> {
    data: &'a BudgetData,
    cells: BTreeMap<Group, BTreeMap<i32, [Sum; 3]>>,
    /// Whether at least one line of the year has the amount.
    reported: BTreeMap<i32, [bool; 3]>,
    /// Rows of each year.
    year_rows: BTreeMap<i32, Vec<u32>>,
}

fn slot(a: BudgetAmount) -> usize {
    match a {
        BudgetAmount::Approved => 0,
        BudgetAmount::Revised => 1,
        BudgetAmount::Executed => 2,
    }
}

impl<'a> Cube<'a> {
    fn new(data: &'a BudgetData) -> Self {
        let mut cells: BTreeMap<Group, BTreeMap<i32, [Sum; 3]>> = BTreeMap::new();
        let mut reported: BTreeMap<i32, [bool; 3]> = BTreeMap::new();
        let mut year_rows: BTreeMap<i32, Vec<u32>> = BTreeMap::new();
        for line in &data.lines {
            year_rows.entry(line.year).or_default().push(line.row);
            let rep = reported.entry(line.year).or_default();
            for a in BudgetAmount::ALL {
                rep[slot(a)] |= line.amount(a).is_some();
            }
            for g in groups_of(line) {
                let sums = cells.entry(g).or_default().entry(line.year).or_default();
                for a in BudgetAmount::ALL {
                    let s = &mut sums[slot(a)];
                    match line.amount(a) {
                        Some(v) => s.total += v,
                        None => s.missing = true,
                    }
                    s.rows.push(line.row);
                }
            }
        }
        Cube {
            data,
            cells,
            reported,
            year_rows,
        }
    }

    fn years(&self) -> Vec<i32> {
        self.year_rows.keys().copied().collect()
    }

    fn groups(&self, kind: Kind) -> Vec<&Group> {
        self.cells
            .keys()
            .filter(|g| g.kind() == Some(kind))
            .collect()
    }

    /// The nominal amount of a group in a year: none when a line lacks it, or when no line of
    /// the year reports it; zero for a group without lines in a year that reports the amount.
    fn nominal(&self, g: &Group, year: i32, a: BudgetAmount) -> Option<Traced> {
        if !self.reported.get(&year)?[slot(a)] {
            return None;
        }
        let source = &self.data.source;
        match self.cells.get(g).and_then(|m| m.get(&year)) {
            Some(sums) => {
                let s = &sums[slot(a)];
                (!s.missing).then(|| Traced {
                    value: s.total,
                    provenance: vec![source.provenance(s.rows.iter().copied())],
                })
            }
            None => Some(Traced {
                value: 0.0,
                provenance: Vec::new(),
            }),
        }
    }

    /// The unspent allocation: revised minus executed (approved minus executed when the
    /// budget has no revised amounts).
    fn unspent(&self, g: &Group, year: i32) -> Option<Traced> {
        let reference = if self.data.columns.revised {
            BudgetAmount::Revised
        } else {
            BudgetAmount::Approved
        };
        let r = self.nominal(g, year, reference)?;
        let e = self.nominal(g, year, BudgetAmount::Executed)?;
        Some(combine(r.value - e.value, [r, e]))
    }

    fn real(&self, g: &Group, year: i32, a: BudgetAmount) -> Option<Traced> {
        let n = self.nominal(g, year, a)?;
        deflate(n, year, self.data)
    }

    fn real_per_head(&self, g: &Group, year: i32, a: BudgetAmount) -> Option<Traced> {
        let r = self.real(g, year, a)?;
        per_head(r, year, self.data.population.as_ref())
    }

    fn total_rows(&self, year: i32) -> Vec<u32> {
        self.year_rows.get(&year).cloned().unwrap_or_default()
    }
}

fn combine<const N: usize>(value: f64, parts: [Traced; N]) -> Traced {
    Traced {
        value,
        provenance: merge_provenance(parts.into_iter().flat_map(|p| p.provenance)),
    }
}

fn year_value(values: Option<&YearValues>, year: i32) -> Option<Traced> {
    values?.values.get(&year).map(|v| Traced {
        value: v.value,
        provenance: v.provenance.clone(),
    })
}

/// Real terms in prices of the base year.
fn deflate(n: Traced, year: i32, data: &BudgetData) -> Option<Traced> {
    let base = data.base_year()?;
    let pb = year_value(data.deflator.as_ref(), base)?;
    let pt = year_value(data.deflator.as_ref(), year)?;
    let v = formula::real_terms(n.value, pb.value, pt.value)?;
    Some(combine(v, [n, pb, pt]))
}

fn per_head(amount: Traced, year: i32, population: Option<&YearValues>) -> Option<Traced> {
    let pop = year_value(population, year)?;
    let v = formula::per_head(amount.value, pop.value)?;
    Some(combine(v, [amount, pop]))
}

/// PEFA indicators computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum PefaIndicator {
    /// PI-1 aggregate expenditure outturn.
    #[serde(rename = "PI-1")]
    Pi1,
    /// PI-2.1 expenditure composition outturn by department (administrative classification).
    #[serde(rename = "PI-2.1")]
    Pi2Department,
    /// PI-2.2 expenditure composition outturn by economic class.
    #[serde(rename = "PI-2.2")]
    Pi2Economic,
    /// PI-3.1 aggregate revenue outturn.
    #[serde(rename = "PI-3.1")]
    Pi3,
    /// PI-3.2 revenue composition outturn.
    #[serde(rename = "PI-3.2")]
    Pi3Composition,
}

impl PefaIndicator {
    /// The PEFA code (`PI-1`, `PI-2.1`...), as the JSON names it.
    pub fn code(self) -> &'static str {
        match self {
            PefaIndicator::Pi1 => "PI-1",
            PefaIndicator::Pi2Department => "PI-2.1",
            PefaIndicator::Pi2Economic => "PI-2.2",
            PefaIndicator::Pi3 => "PI-3.1",
            PefaIndicator::Pi3Composition => "PI-3.2",
        }
    }

    /// The localis indicator id that holds its yearly values.
    pub fn indicator_id(self) -> &'static str {
        match self {
            PefaIndicator::Pi1 => ids::PEFA_PI1,
            PefaIndicator::Pi2Department => ids::PEFA_PI2_1,
            PefaIndicator::Pi2Economic => ids::PEFA_PI2_2,
            PefaIndicator::Pi3 => ids::PEFA_PI3_1,
            PefaIndicator::Pi3Composition => ids::PEFA_PI3_2,
        }
    }

    fn band(self, v: f64) -> Grade {
        match self {
            PefaIndicator::Pi1 => formula::pi1_band(v),
            PefaIndicator::Pi2Department | PefaIndicator::Pi2Economic => formula::pi2_band(v),
            PefaIndicator::Pi3 => formula::pi3_band(v),
            PefaIndicator::Pi3Composition => formula::pi3_composition_band(v),
        }
    }
}

/// One year's value of a PEFA indicator and the band it falls in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct PefaYear {
    /// The year.
    pub year: i32,
    /// Outturn or variance, in percent.
    pub value: f64,
    /// The grade whose condition this year meets.
    pub band: Grade,
}

/// A PEFA indicator: yearly values and the grade over the last three completed years.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct PefaScore {
    /// Which indicator.
    pub pefa: PefaIndicator,
    /// The localis indicator id of its values.
    pub indicator: String,
    /// Every year with a value.
    pub years: Vec<PefaYear>,
    /// The grade: the best one met in at least two of the last three completed years; none
    /// when the budget does not cover three completed years.
    pub grade: Option<Grade>,
    /// The three years the grade is based on.
    pub grade_years: Vec<i32>,
}

/// A fall in the real allocation per head to a right.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Retrogression {
    /// The right.
    pub right: String,
    /// The year of the fall.
    pub year: i32,
    /// Real amount per head the year before.
    pub previous: f64,
    /// Real amount per head in the year.
    pub current: f64,
    /// Change in percent (negative).
    pub change: f64,
    /// Which amount was compared.
    pub amount: BudgetAmount,
    /// The recorded justification; none when none was given.
    pub justification: Option<RecordedJustification>,
}

/// A justification as the publications show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct RecordedJustification {
    /// The text.
    pub text: Text,
    /// Who gave it.
    pub by: Option<Text>,
}

/// The judgements of the budget analysis (the numbers are in the indicator results).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct BudgetAnalysis {
    /// Currency of amounts.
    pub currency: Option<String>,
    /// GeoCode of the place.
    pub place: String,
    /// Year whose prices real terms are in (none without a deflator).
    pub base_year: Option<i32>,
    /// Years with budget lines.
    pub years: Vec<i32>,
    /// Years whose executed total is known.
    pub closed_years: Vec<i32>,
    /// Rights the budget is tagged with.
    pub rights: Vec<String>,
    /// Departments of the budget.
    pub departments: Vec<String>,
    /// PEFA indicators.
    pub pefa: Vec<PefaScore>,
    /// Falls in the real allocation per head to a right, by right then year.
    pub retrogressions: Vec<Retrogression>,
    /// The amount retrogression is judged on.
    pub retrogression_amount: BudgetAmount,
    /// Falls within this many percent are not flagged.
    pub retrogression_tolerance: f64,
}

/// The output of the budget stage: judgements, indicator results and diagnostics.
#[derive(Debug, Clone)]
pub struct BudgetOutput {
    /// Grades, flags and what they are based on.
    pub analysis: BudgetAnalysis,
    /// Budget indicators, sorted by id, to join the evaluation.
    pub results: Vec<IndicatorResult>,
    /// The files the results' rows point at (see [`crate::evaluate::Evaluation::add_results`]).
    pub files: Vec<DataFile>,
    /// Problems found while computing (missing deflator years, unused justifications...).
    pub diagnostics: Vec<Diagnostic>,
}

/// Builds one indicator's result from a value function over groups and years.
struct ResultBuilder<'c, 'a> {
    cube: &'c Cube<'a>,
    place: String,
    /// The files the results' rows point at.
    files: std::cell::RefCell<ProvenanceFiles>,
}

impl ResultBuilder<'_, '_> {
    fn build(
        &self,
        id: &str,
        unit: Option<String>,
        headline: Group,
        kinds: &[Kind],
        value: &dyn Fn(&Group, i32) -> Option<Traced>,
    ) -> IndicatorResult {
        let years = self.cube.years();
        let mut series = Vec::new();
        let mut present = BTreeSet::new();
        let mut rows = Vec::new();
        let mut files = self.files.borrow_mut();
        let mut make = |g: &Group| -> Option<Series> {
            let observations: Vec<Observation> = years
                .iter()
                .filter_map(|y| value(g, *y).map(|t| observation(*y, t, &mut rows, &mut files)))
                .collect();
            (!observations.is_empty()).then(|| Series {
                disaggregation: g.disaggregation(),
                observations,
            })
        };
        if let Some(s) = make(&headline) {
            series.push(s);
        }
        let mut rest = Vec::new();
        for kind in kinds {
            for g in self.cube.groups(*kind) {
                if let Some(s) = make(g) {
                    present.insert(kind.dimension().to_string());
                    rest.push(s);
                }
            }
        }
        rest.sort_by(|a, b| a.disaggregation.cmp(&b.disaggregation));
        series.extend(rest);
        let mut expected: Vec<String> = kinds.iter().map(|k| k.dimension().to_string()).collect();
        expected.sort();
        expected.dedup();
        IndicatorResult {
            indicator: id.to_string(),
            place: self.place.clone(),
            unit,
            series,
            completeness: Completeness {
                expected,
                present: present.into_iter().collect(),
            },
            rows,
        }
    }
}

fn observation(
    year: i32,
    t: Traced,
    rows: &mut Vec<RowRange>,
    files: &mut ProvenanceFiles,
) -> Observation {
    let span = files.push(rows, &t.provenance);
    Observation::new(year, Some(t.value), span)
}

/// Revenue totals of a year.
#[derive(Debug, Default, Clone)]
struct RevenueYear {
    covered_budgeted: Option<f64>,
    covered_actual: Option<f64>,
    own_actual: Option<f64>,
    total_actual: Option<f64>,
    /// Covered revenue by category: (budgeted, actual).
    categories: BTreeMap<String, (Option<f64>, Option<f64>)>,
    rows: Vec<u32>,
    own_rows: Vec<u32>,
}

fn add(acc: &mut Option<f64>, v: Option<f64>) {
    *acc = match (*acc, v) {
        (Some(a), Some(b)) => Some(a + b),
        _ => None,
    };
}

fn revenue_years(data: &BudgetData) -> BTreeMap<i32, RevenueYear> {
    let mut out: BTreeMap<i32, RevenueYear> = BTreeMap::new();
    let Some(rev) = &data.revenue else {
        return out;
    };
    for l in &rev.lines {
        let y = out.entry(l.year).or_insert_with(|| RevenueYear {
            covered_budgeted: Some(0.0),
            covered_actual: Some(0.0),
            own_actual: rev.has_own.then_some(0.0),
            total_actual: Some(0.0),
            ..Default::default()
        });
        y.rows.push(l.row);
        add(&mut y.total_actual, l.actual);
        // PI-3 covers the city's own revenue when the table says which it is: the PEFA
        // framework for subnational governments assesses transfers separately (HLG-1)
        let covered = if rev.has_own {
            match l.own {
                Some(own) => own,
                None => {
                    y.own_actual = None;
                    y.covered_actual = None;
                    y.covered_budgeted = None;
                    continue;
                }
            }
        } else {
            true
        };
        if rev.has_own && covered {
            y.own_rows.push(l.row);
            add(&mut y.own_actual, l.actual);
        }
        if covered {
            add(&mut y.covered_budgeted, l.budgeted);
            add(&mut y.covered_actual, l.actual);
            let cat = l.category.clone().unwrap_or_default();
            let e = y.categories.entry(cat).or_insert((Some(0.0), Some(0.0)));
            add(&mut e.0, l.budgeted);
            add(&mut e.1, l.actual);
        }
    }
    out
}

fn pct_unit() -> Option<String> {
    Some("%".to_string())
}

/// What the parts of the analysis share: the data, its cube, the result builder (and the
/// files its rows point at), the budget years and the units.
struct Analysis<'c, 'a> {
    data: &'a BudgetData,
    cube: &'c Cube<'a>,
    b: ResultBuilder<'c, 'a>,
    years: Vec<i32>,
    currency: String,
    /// ` (<base year> prices)`, or nothing without a base year.
    real_suffix: String,
}

impl Analysis<'_, '_> {
    /// A money unit: the currency (or "currency units") followed by `suffix`.
    fn money(&self, suffix: &str) -> Option<String> {
        let c = if self.currency.is_empty() {
            "currency units"
        } else {
            self.currency.as_str()
        };
        Some(format!("{c}{suffix}"))
    }

    /// Whether the budget reports the amount (the approved amount always).
    fn has(&self, a: BudgetAmount) -> bool {
        match a {
            BudgetAmount::Approved => true,
            BudgetAmount::Revised => self.data.columns.revised,
            BudgetAmount::Executed => self.data.columns.executed,
        }
    }

    /// The amounts (nominal, real, per head), their real change, the shares serving rights
    /// and gender equality, and execution (rates and the unspent allocation).
    fn amounts(&self, results: &mut Vec<IndicatorResult>) {
        let (data, cube, b) = (self.data, self.cube, &self.b);
        let cols = data.columns;
        let has = |a: BudgetAmount| self.has(a);
        let money = |suffix: &str| self.money(suffix);
        let real_suffix = self.real_suffix.as_str();
        use BudgetAmount::*;
        use Kind::*;
        let all = Kind::ALL;
        let shares_of = [Department, Right, SdgGoal, SdgTarget, EconomicClass];
        let change_of = [Department, Right, SdgGoal];
        let rate_of = [Department, Programme, Right, SdgGoal, EconomicClass];
        for (id, a) in [
            (ids::APPROVED, Approved),
            (ids::REVISED, Revised),
            (ids::EXECUTED, Executed),
        ] {
            if has(a) {
                results.push(b.build(id, money(""), Group::Total, &all, &|g, y| {
                    cube.nominal(g, y, a)
                }));
            }
        }
        for (id, a) in [
            (ids::APPROVED_REAL, Approved),
            (ids::EXECUTED_REAL, Executed),
        ] {
            if has(a) {
                results.push(
                    b.build(id, money(real_suffix), Group::Total, &all, &|g, y| {
                        cube.real(g, y, a)
                    }),
                );
            }
        }
        if has(Executed) {
            results.push(b.build(
                ids::EXECUTED_PER_HEAD,
                money(" per inhabitant"),
                Group::Total,
                &all,
                &|g, y| per_head(cube.nominal(g, y, Executed)?, y, data.population.as_ref()),
            ));
        }
        for (id, a) in [
            (ids::APPROVED_REAL_PER_HEAD, Approved),
            (ids::EXECUTED_REAL_PER_HEAD, Executed),
        ] {
            if has(a) {
                results.push(b.build(
                    id,
                    money(&format!(" per inhabitant{real_suffix}")),
                    Group::Total,
                    &all,
                    &|g, y| cube.real_per_head(g, y, a),
                ));
            }
        }
        for (id, a) in [
            (ids::APPROVED_REAL_CHANGE, Approved),
            (ids::EXECUTED_REAL_CHANGE, Executed),
        ] {
            if has(a) {
                results.push(b.build(id, pct_unit(), Group::Total, &change_of, &|g, y| {
                    let now = cube.real(g, y, a)?;
                    let before = cube.real(g, y - 1, a)?;
                    let v = formula::change(now.value, before.value)?;
                    Some(combine(v, [now, before]))
                }));
            }
        }
        let share_value = |a: BudgetAmount, whole: Group| {
            move |g: &Group, y: i32| -> Option<Traced> {
                let part = cube.nominal(g, y, a)?;
                let whole = cube.nominal(&whole, y, a)?;
                let v = formula::share(part.value, whole.value)?;
                Some(combine(v, [part, whole]))
            }
        };
        for (id, a) in [
            (ids::APPROVED_SHARE, Approved),
            (ids::EXECUTED_SHARE, Executed),
        ] {
            if has(a) {
                results.push(b.build(
                    id,
                    pct_unit(),
                    Group::AnyRight,
                    &shares_of,
                    &share_value(a, Group::Total),
                ));
            }
        }
        if cols.gender_marker && has(Executed) {
            results.push(b.build(
                ids::GENDER_SHARE,
                pct_unit(),
                Group::GenderTargeted,
                &[GenderMarker],
                &share_value(Executed, Group::GenderScreened),
            ));
        }
        if has(Executed) {
            // executed over the approved (or the revised) amount
            let rate_against = |of| {
                move |g: &Group, y: i32| {
                    let e = cube.nominal(g, y, Executed)?;
                    let r = cube.nominal(g, y, of)?;
                    let v = formula::execution_rate(e.value, r.value)?;
                    Some(combine(v, [e, r]))
                }
            };
            results.push(b.build(
                ids::EXECUTION_RATE,
                pct_unit(),
                Group::Total,
                &rate_of,
                &rate_against(Approved),
            ));
            if has(Revised) {
                results.push(b.build(
                    ids::EXECUTION_RATE_REVISED,
                    pct_unit(),
                    Group::Total,
                    &rate_of,
                    &rate_against(Revised),
                ));
            }
            results.push(
                b.build(ids::UNSPENT, money(""), Group::Total, &rate_of, &|g, y| {
                    cube.unspent(g, y)
                }),
            );
        }
    }

    /// PEFA: each indicator's value per year, graded on the last three completed years;
    /// returns the scores and the completed years (whose executed total is known).
    fn pefa(
        &self,
        revenue: &BTreeMap<i32, RevenueYear>,
        results: &mut Vec<IndicatorResult>,
    ) -> (Vec<PefaScore>, Vec<i32>) {
        let (cube, b, years) = (self.cube, &self.b, self.years.as_slice());
        use BudgetAmount::*;
        let closed_years: Vec<i32> = years
            .iter()
            .copied()
            .filter(|y| cube.nominal(&Group::Total, *y, Executed).is_some())
            .collect();
        let mut pefa = Vec::new();
        let pefa_values = self.pefa_values(revenue);
        let revenue_closed: Vec<i32> = revenue
            .iter()
            .filter(|(_, r)| r.covered_actual.is_some())
            .map(|(y, _)| *y)
            .collect();
        for (pi, values) in &pefa_values {
            let covered: &[i32] = match pi {
                PefaIndicator::Pi3 | PefaIndicator::Pi3Composition => &revenue_closed,
                _ => &closed_years,
            };
            let has_year = |y: i32| match pi {
                PefaIndicator::Pi3 | PefaIndicator::Pi3Composition => revenue.contains_key(&y),
                _ => years.contains(&y),
            };
            let (grade, grade_years) = match covered.last() {
                Some(last) if (last - 2..=*last).all(has_year) => {
                    let window: Vec<i32> = (last - 2..=*last).collect();
                    let bands: Vec<Option<Grade>> = window
                        .iter()
                        .map(|y| values.get(y).map(|t| pi.band(t.value)))
                        .collect();
                    (formula::pefa_grade(&bands), window)
                }
                _ => (None, Vec::new()),
            };
            pefa.push(PefaScore {
                pefa: *pi,
                indicator: pi.indicator_id().to_string(),
                years: values
                    .iter()
                    .map(|(y, t)| PefaYear {
                        year: *y,
                        value: t.value,
                        band: pi.band(t.value),
                    })
                    .collect(),
                grade,
                grade_years,
            });
            results.push(
                b.build(pi.indicator_id(), pct_unit(), Group::Total, &[], &|g, y| {
                    (g == &Group::Total)
                        .then(|| values.get(&y).cloned())
                        .flatten()
                }),
            );
        }
        (pefa, closed_years)
    }

    /// The value of each PEFA indicator per year: PI-1 and PI-2 from the lines, PI-3 from
    /// the revenue table.
    fn pefa_values(
        &self,
        revenue: &BTreeMap<i32, RevenueYear>,
    ) -> BTreeMap<PefaIndicator, BTreeMap<i32, Traced>> {
        let (data, cube, years) = (self.data, self.cube, self.years.as_slice());
        let cols = data.columns;
        let has = |a: BudgetAmount| self.has(a);
        use BudgetAmount::*;
        use Kind::*;
        let mut pefa_values: BTreeMap<PefaIndicator, BTreeMap<i32, Traced>> = BTreeMap::new();
        if has(Executed) {
            let pi1 = pefa_values.entry(PefaIndicator::Pi1).or_default();
            for y in years {
                let (Some(e), Some(a)) = (
                    cube.nominal(&Group::Total, *y, Executed),
                    cube.nominal(&Group::Total, *y, Approved),
                ) else {
                    continue;
                };
                if let Some(v) = formula::execution_rate(e.value, a.value) {
                    pi1.insert(*y, combine(v, [e, a]));
                }
            }
            for (pi, kind, wanted) in [
                (PefaIndicator::Pi2Department, Department, true),
                (
                    PefaIndicator::Pi2Economic,
                    EconomicClass,
                    cols.economic_class,
                ),
            ] {
                if !wanted {
                    continue;
                }
                let values = pefa_values.entry(pi).or_default();
                for y in years {
                    let mut items = Vec::new();
                    let mut parts = Vec::new();
                    let mut complete = true;
                    for g in cube.groups(kind) {
                        match (cube.nominal(g, *y, Approved), cube.nominal(g, *y, Executed)) {
                            (Some(a), Some(e)) => {
                                items.push((a.value, e.value));
                                parts.push(a);
                                parts.push(e);
                            }
                            _ => complete = false,
                        }
                    }
                    // lines without a department or class are left out of the composition only
                    if !complete {
                        continue;
                    }
                    if let Some(v) = formula::composition_variance(&items) {
                        values.insert(
                            *y,
                            Traced {
                                value: v,
                                provenance: merge_provenance(
                                    parts.into_iter().flat_map(|p| p.provenance),
                                ),
                            },
                        );
                    }
                }
            }
        }
        if let Some(rev) = &data.revenue {
            let pi3 = pefa_values.entry(PefaIndicator::Pi3).or_default();
            for (y, r) in revenue {
                let rows = if rev.has_own { &r.own_rows } else { &r.rows };
                if let (Some(a), Some(bud)) = (r.covered_actual, r.covered_budgeted)
                    && let Some(v) = formula::share(a, bud)
                {
                    pi3.insert(
                        *y,
                        Traced {
                            value: v,
                            provenance: vec![rev.source.provenance(rows.iter().copied())],
                        },
                    );
                }
            }
            if rev.has_category {
                let pi32 = pefa_values
                    .entry(PefaIndicator::Pi3Composition)
                    .or_default();
                for (y, r) in revenue {
                    let items: Option<Vec<(f64, f64)>> = r
                        .categories
                        .values()
                        .map(|(b, a)| Some(((*b)?, (*a)?)))
                        .collect();
                    if let Some(v) = items.and_then(|i| formula::composition_variance(&i)) {
                        let rows = if rev.has_own { &r.own_rows } else { &r.rows };
                        pi32.insert(
                            *y,
                            Traced {
                                value: v,
                                provenance: vec![rev.source.provenance(rows.iter().copied())],
                            },
                        );
                    }
                }
            }
        }
        pefa_values
    }

    /// Maximum available resources: own revenue per head and as a share of all revenue, and
    /// spending on rights as a share of own revenue.
    fn resources(&self, revenue: &BTreeMap<i32, RevenueYear>, results: &mut Vec<IndicatorResult>) {
        let (data, cube, b) = (self.data, self.cube, &self.b);
        let cols = data.columns;
        let has = |a: BudgetAmount| self.has(a);
        let money = |suffix: &str| self.money(suffix);
        use BudgetAmount::*;
        use Kind::*;
        if let Some(rev) = &data.revenue
            && rev.has_own
        {
            let own = |y: i32| -> Option<Traced> {
                let r = revenue.get(&y)?;
                Some(Traced {
                    value: r.own_actual?,
                    provenance: vec![rev.source.provenance(r.own_rows.iter().copied())],
                })
            };
            results.push(build_yearly(
                &data.place,
                ids::OWN_REVENUE_PER_HEAD,
                money(" per inhabitant"),
                revenue.keys().copied(),
                &|y| per_head(own(y)?, y, data.population.as_ref()),
                &b.files,
            ));
            results.push(build_yearly(
                &data.place,
                ids::OWN_REVENUE_SHARE,
                pct_unit(),
                revenue.keys().copied(),
                &|y| {
                    let r = revenue.get(&y)?;
                    let o = own(y)?;
                    let v = formula::share(o.value, r.total_actual?)?;
                    Some(Traced {
                        value: v,
                        provenance: vec![rev.source.provenance(r.rows.iter().copied())],
                    })
                },
                &b.files,
            ));
            if has(Executed) && cols.rights {
                results.push(b.build(
                    ids::RIGHTS_SHARE_OF_OWN_REVENUE,
                    pct_unit(),
                    Group::AnyRight,
                    &[Right],
                    &|g, y| {
                        let s = cube.nominal(g, y, Executed)?;
                        let o = own(y)?;
                        let v = formula::share(s.value, o.value)?;
                        Some(combine(v, [s, o]))
                    },
                ));
            }
        }
    }

    /// Retrogression: the rights whose real allocation per head fell by more than the
    /// tolerance, year by year, with their counts; returns the rights, the flags, and the
    /// justifications used (right and year).
    fn retrogressions(
        &self,
        results: &mut Vec<IndicatorResult>,
    ) -> (Vec<String>, Vec<Retrogression>, BTreeSet<(String, i32)>) {
        let (data, cube, b, years) = (self.data, self.cube, &self.b, self.years.as_slice());
        let has = |a: BudgetAmount| self.has(a);
        use Kind::*;
        let amount = data.retrogression.amount;
        let mut retrogressions = Vec::new();
        let rights: Vec<String> = cube
            .groups(Right)
            .into_iter()
            .filter_map(|g| match g {
                Group::Right(r) => Some(r.clone()),
                _ => None,
            })
            .collect();
        let justification = |right: &str, year: i32| {
            data.justifications
                .iter()
                .find(|j| j.justification.right == right && j.justification.year == year)
        };
        let mut used = BTreeSet::new();
        if has(amount) {
            for r in &rights {
                let g = Group::Right(r.clone());
                for y in years {
                    let (Some(now), Some(before)) = (
                        cube.real_per_head(&g, *y, amount),
                        cube.real_per_head(&g, y - 1, amount),
                    ) else {
                        continue;
                    };
                    let Some(change) = formula::change(now.value, before.value) else {
                        continue;
                    };
                    if (change * 1e9).round() / 1e9 < -data.retrogression.tolerance {
                        let j = justification(r, *y);
                        if j.is_some() {
                            used.insert((r.clone(), *y));
                        }
                        retrogressions.push(Retrogression {
                            right: r.clone(),
                            year: *y,
                            previous: before.value,
                            current: now.value,
                            change,
                            amount,
                            justification: j.map(|j| RecordedJustification {
                                text: j.justification.text.clone(),
                                by: j.justification.by.clone(),
                            }),
                        });
                    }
                }
            }
            let (rights_ref, retro_ref) = (&rights, &retrogressions);
            let counts = |justified: Option<bool>| {
                move |g: &Group, y: i32| -> Option<Traced> {
                    if g != &Group::Total {
                        return None;
                    }
                    // only years that could be compared with the year before
                    let comparable = rights_ref.iter().any(|r| {
                        let g = Group::Right(r.clone());
                        cube.real_per_head(&g, y, amount).is_some()
                            && cube.real_per_head(&g, y - 1, amount).is_some()
                    });
                    if !comparable {
                        return None;
                    }
                    let n = retro_ref
                        .iter()
                        .filter(|x| x.year == y)
                        .filter(|x| justified.is_none_or(|j| x.justification.is_some() == j))
                        .count();
                    Some(Traced {
                        value: n as f64,
                        provenance: vec![data.source.provenance(cube.total_rows(y))],
                    })
                }
            };
            results.push(b.build(
                ids::RETROGRESSIONS,
                Some("rights".into()),
                Group::Total,
                &[],
                &counts(None),
            ));
            results.push(b.build(
                ids::RETROGRESSIONS_UNJUSTIFIED,
                Some("rights".into()),
                Group::Total,
                &[],
                &counts(Some(false)),
            ));
        }
        (rights, retrogressions, used)
    }
}

/// Warns of each justification recorded for a right and year that had no retrogression.
fn unused_justifications(
    data: &BudgetData,
    amount: BudgetAmount,
    used: &BTreeSet<(String, i32)>,
) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for j in &data.justifications {
        let key = (j.justification.right.clone(), j.justification.year);
        if !used.contains(&key) {
            diagnostics.push(
                Diagnostic::warning(
                    "unused-justification",
                    format!(
                        "the real {} allocation per head to `{}` did not fall in {}, yet a justification is recorded",
                        amount.name(),
                        key.0,
                        key.1
                    ),
                )
                .at(data.project_file, j.span.clone())
                .hint("remove it, or check the right and the year (the year of the fall, compared with the year before)"),
            );
        }
    }
    diagnostics
}

/// Computes every budget indicator and judgement from the loaded data.
pub(crate) fn analyse(data: &BudgetData) -> BudgetOutput {
    let cube = &Cube::new(data);
    let years = cube.years();
    let mut diagnostics = Vec::new();
    let base_year = data.base_year();
    check_series_coverage(data, &years, base_year, &mut diagnostics);
    let parts = Analysis {
        data,
        cube,
        b: ResultBuilder {
            cube,
            place: data.place.clone(),
            files: Default::default(),
        },
        years,
        currency: data.currency.clone().unwrap_or_default(),
        real_suffix: base_year
            .map(|b| format!(" ({b} prices)"))
            .unwrap_or_default(),
    };
    // the parts in this order: the files the results' rows point at are numbered as met
    let mut results = Vec::new();
    parts.amounts(&mut results);
    let revenue = revenue_years(data);
    let (pefa, closed_years) = parts.pefa(&revenue, &mut results);
    parts.resources(&revenue, &mut results);
    let amount = data.retrogression.amount;
    let (rights, retrogressions, used) = parts.retrogressions(&mut results);
    diagnostics.extend(unused_justifications(data, amount, &used));
    let Analysis { b, years, .. } = parts;

    results.retain(|r| !r.series.is_empty());
    results.sort_by(|a, b| {
        (a.indicator.as_str(), a.place.as_str()).cmp(&(b.indicator.as_str(), b.place.as_str()))
    });
    let departments = cube
        .groups(Kind::Department)
        .into_iter()
        .filter_map(|g| match g {
            Group::Department(d) => Some(d.clone()),
            _ => None,
        })
        .collect();
    BudgetOutput {
        analysis: BudgetAnalysis {
            currency: data.currency.clone(),
            place: data.place.clone(),
            base_year: base_year
                .filter(|_| data.deflator.as_ref().is_some_and(|d| !d.values.is_empty())),
            years,
            closed_years,
            rights,
            departments,
            pefa,
            retrogressions,
            retrogression_amount: amount,
            retrogression_tolerance: data.retrogression.tolerance,
        },
        results,
        files: b.files.into_inner().files,
        diagnostics,
    }
}

/// A headline-only result from a value per year.
fn build_yearly(
    place: &str,
    id: &str,
    unit: Option<String>,
    years: impl Iterator<Item = i32>,
    value: &dyn Fn(i32) -> Option<Traced>,
    files: &std::cell::RefCell<ProvenanceFiles>,
) -> IndicatorResult {
    let mut rows = Vec::new();
    let mut files = files.borrow_mut();
    let observations: Vec<Observation> = years
        .filter_map(|y| value(y).map(|t| observation(y, t, &mut rows, &mut files)))
        .collect();
    IndicatorResult {
        indicator: id.to_string(),
        place: place.to_string(),
        unit,
        series: if observations.is_empty() {
            Vec::new()
        } else {
            vec![Series {
                disaggregation: BTreeMap::new(),
                observations,
            }]
        },
        completeness: Completeness::default(),
        rows,
    }
}

fn check_series_coverage(
    data: &BudgetData,
    years: &[i32],
    base_year: Option<i32>,
    out: &mut Vec<Diagnostic>,
) {
    let f = data.project_file;
    for (name, series, span, what) in [
        (
            "deflator",
            &data.deflator,
            &data.spans.deflator,
            "real terms",
        ),
        (
            "population",
            &data.population,
            &data.spans.population,
            "amounts per head",
        ),
    ] {
        match series {
            None => out.push(
                Diagnostic::warning("missing-source", format!("the budget has no {name}, so {what} are not computed"))
                    .at(f, data.spans.budget.clone())
                    .hint(format!("add `{name}: {{dataset: <id>}}` (or `indicator:` or `values:`) under `budget:`; retrogression is judged on real amounts per head")),
            ),
            Some(s) if s.values.is_empty() && s.indicator.is_some() => out.push(
                Diagnostic::warning(
                    "no-data",
                    format!("the {name} comes from indicator `{}`, which has no values here, so {what} are not computed", s.indicator.as_deref().unwrap_or("")),
                )
                .at(f, span.clone())
                .hint("evaluate the project first, or give the values with `dataset:` or `values:`"),
            ),
            Some(s) if !s.values.is_empty() => {
                let missing: Vec<String> = years
                    .iter()
                    .filter(|y| !s.values.contains_key(y))
                    .map(|y| y.to_string())
                    .collect();
                if !missing.is_empty() {
                    out.push(
                        Diagnostic::warning(
                            "missing-value",
                            format!("the {name} has no value for {}, so {what} of those years are not computed", missing.join(", ")),
                        )
                        .at(f, span.clone())
                        .hint("add the missing years; values are never filled in"),
                    );
                }
            }
            _ => {}
        }
    }
    if data.declared_base_year.is_none()
        && let (Some(b), Some(d)) = (base_year, &data.deflator)
        && !d.values.is_empty()
        && !d.values.contains_key(&b)
    {
        out.push(
            Diagnostic::warning(
                "missing-value",
                format!("the deflator has no value for {b}, the first budget year, so no amount is in real terms"),
            )
            .at(f, data.spans.deflator.clone())
            .hint("set `budget: {base-year: ...}` to a year the deflator covers"),
        );
    }
}

#[cfg(test)]
mod tests;
