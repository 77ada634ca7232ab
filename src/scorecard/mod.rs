//! Balanced Score Cards: checks of the scorecards and the status of every KPI, target, objective, goal, perspective and department.
//!
//! # Status of a KPI
//!
//! - With a value agreed in the scorecard (`{indicator: id, target: 30}`, for the scorecard's
//!   year unless `year:` says otherwise): the headline value of that year is compared with it
//!   in the indicator's direction (at least the target for `increase`, at most for `decrease`,
//!   within `tolerance` for `maintain` and `reach`). Met: **on track**. Not met but better
//!   than the year before: **attention**. Otherwise (or without a value the year before):
//!   **off track**. No value that year: **no data**. An agreed value for a later year that is
//!   not met yet is **pending**.
//! - Without an agreed value: the indicator's assessment category (assess stage):
//!   `achieved` and `on-track` -> on track; `progress-needed` -> attention; `off-track` and
//!   `deterioration` -> off track; `unable-to-assess`, `no-target`, `not-assessed` or no
//!   assessment -> no data.
//!
//! # Status of a target of implementation
//!
//! Done by its due year: on track; done later: attention; not done and due in or before the
//! scorecard's year: off track; not done and due later: pending.
//!
//! # Roll-up
//!
//! An objective's status rolls up its targets and KPIs; a goal's its objectives and its own
//! KPIs; a perspective's its goals; the department's its perspectives (those that have goals).
//! Every child counts once, whatever it holds. The rule, applied at each level:
//!
//! 1. pending children are left out (they are not due); with only pending children the
//!    parent is pending;
//! 2. when more than 20% of the remaining children have no data, the parent has **no data**
//!    (as DESIGN.md withholds a goal score when more than 20% of its indicators lack data);
//! 3. otherwise the children's points are averaged (on track 2, attention 1, off track 0):
//!    a mean of 1.5 or more is on track, 0.5 or more attention, less off track;
//! 4. a parent with an off-track child is never on track (it shows attention at best), so
//!    that a red light is never hidden by green ones.
//!
//! A parent without children has no data.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::diag::Diagnostic;
use crate::evaluate::Evaluation;
use crate::load::{Located, Workspace};
use crate::model::*;
use crate::yaml::{self, Step};

/// The traffic light of a scorecard element.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Light {
    /// Green: met, or on track to be met.
    OnTrack,
    /// Amber: progress, but not enough.
    Attention,
    /// Red: not met, no progress or moving away.
    OffTrack,
    /// Grey: the data do not allow a judgement.
    NoData,
    /// Not due yet.
    Pending,
}

impl Light {
    /// The light of an assessment category (by its kebab-case name in the assessment JSON).
    pub fn from_category(category: &str) -> Light {
        match category {
            "achieved" | "on-track" => Light::OnTrack,
            "progress-needed" => Light::Attention,
            "off-track" | "deterioration" => Light::OffTrack,
            _ => Light::NoData,
        }
    }

    fn points(self) -> Option<f64> {
        match self {
            Light::OnTrack => Some(2.0),
            Light::Attention => Some(1.0),
            Light::OffTrack => Some(0.0),
            Light::NoData | Light::Pending => None,
        }
    }
}

/// A rolled-up status with the counts it comes from.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Rollup {
    /// The light.
    pub light: Light,
    /// Mean points of the children with data (on track 2, attention 1, off track 0).
    pub score: Option<f64>,
    /// Children on track.
    pub on_track: usize,
    /// Children needing attention.
    pub attention: usize,
    /// Children off track.
    pub off_track: usize,
    /// Children without data.
    pub no_data: usize,
    /// Children not due yet.
    pub pending: usize,
}

/// Rolls children's lights up into the parent's (rule in the module docs).
pub(crate) fn roll_up(children: &[Light]) -> Rollup {
    let count = |l: Light| children.iter().filter(|c| **c == l).count();
    let mut r = Rollup {
        light: Light::NoData,
        score: None,
        on_track: count(Light::OnTrack),
        attention: count(Light::Attention),
        off_track: count(Light::OffTrack),
        no_data: count(Light::NoData),
        pending: count(Light::Pending),
    };
    let judged = r.on_track + r.attention + r.off_track;
    let considered = judged + r.no_data;
    if considered == 0 {
        r.light = if r.pending > 0 {
            Light::Pending
        } else {
            Light::NoData
        };
        return r;
    }
    if judged > 0 {
        let points: f64 = children.iter().filter_map(|c| c.points()).sum();
        r.score = Some(points / judged as f64);
    }
    // more than 20% without data: withheld
    if r.no_data * 5 > considered {
        r.light = Light::NoData;
        return r;
    }
    let score = r.score.unwrap_or(0.0);
    r.light = if score >= 1.5 && r.off_track == 0 {
        Light::OnTrack
    } else if score >= 0.5 {
        Light::Attention
    } else {
        Light::OffTrack
    };
    r
}

/// What a KPI's light is based on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum KpiBasis {
    /// The value agreed in the scorecard.
    AgreedValue,
    /// The indicator's assessment.
    Assessment,
}

/// The status of one KPI.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct KpiStatus {
    /// Indicator id.
    pub indicator: String,
    /// The light.
    pub light: Light,
    /// What the light is based on.
    pub basis: KpiBasis,
    /// The year judged (the agreed value's year).
    pub year: Option<i32>,
    /// The value agreed.
    pub target: Option<f64>,
    /// The value in that year.
    pub value: Option<f64>,
    /// The value the year before.
    pub previous: Option<f64>,
    /// The assessment category, when the light comes from it.
    pub category: Option<String>,
}

/// The status of one target of implementation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct TargetStatus {
    /// The light.
    pub light: Light,
    /// Due year.
    pub due: i32,
    /// Year done.
    pub done: Option<i32>,
}

/// The status of an outcome objective.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct ObjectiveStatus {
    /// Objective id.
    pub id: String,
    /// Rolled-up status.
    pub status: Rollup,
    /// Targets, in the scorecard's order.
    pub targets: Vec<TargetStatus>,
    /// KPIs, in the scorecard's order.
    pub kpis: Vec<KpiStatus>,
}

/// The status of a strategic goal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct GoalStatus {
    /// Goal id.
    pub id: String,
    /// Rolled-up status.
    pub status: Rollup,
    /// Objectives, in the scorecard's order.
    pub objectives: Vec<ObjectiveStatus>,
    /// The goal's own KPIs.
    pub kpis: Vec<KpiStatus>,
}

/// The status of a perspective.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct PerspectiveStatus {
    /// The perspective.
    pub perspective: Perspective,
    /// Rolled-up status.
    pub status: Rollup,
    /// Its goals, in the scorecard's order.
    pub goals: Vec<GoalStatus>,
}

/// The status of a department's scorecard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct ScorecardStatus {
    /// Department id.
    pub department: String,
    /// Year of the scorecard.
    pub year: i32,
    /// Rolled-up status of the department.
    pub status: Rollup,
    /// Perspectives that have goals, in the order citizens, finance, processes, employees.
    pub perspectives: Vec<PerspectiveStatus>,
}

/// What KPI lights are judged from: indicator values, directions and assessment categories.
#[derive(Debug, Default)]
pub(crate) struct KpiInputs<'a> {
    /// The evaluation (values of the KPIs).
    pub evaluation: Option<&'a Evaluation>,
    /// GeoCode of the place.
    pub place: String,
    /// Direction of each indicator.
    pub directions: BTreeMap<String, Direction>,
    /// Assessment category name of each indicator (`on-track`, `off-track`...).
    pub categories: BTreeMap<String, String>,
}

impl<'a> KpiInputs<'a> {
    /// Inputs from a workspace's indicators, an evaluation and assessment categories.
    pub(crate) fn new(
        ws: &Workspace,
        evaluation: Option<&'a Evaluation>,
        categories: BTreeMap<String, String>,
    ) -> Self {
        KpiInputs {
            evaluation,
            place: ws.project().place.geocode.clone(),
            directions: ws
                .active
                .iter()
                .map(|a| (a.indicator.id.clone(), a.indicator.direction))
                .collect(),
            categories,
        }
    }

    fn value(&self, indicator: &str, year: i32) -> Option<f64> {
        self.evaluation?
            .get(indicator, &self.place)?
            .headline()?
            .observations
            .iter()
            .find(|o| o.year == year)?
            .value
    }
}

fn r9(x: f64) -> f64 {
    (x * 1e9).round() / 1e9
}

/// The light of a KPI (rule in the module docs).
pub(crate) fn kpi_status(kpi: &Kpi, scorecard_year: i32, inputs: &KpiInputs) -> KpiStatus {
    let Some(target) = kpi.target else {
        let category = inputs.categories.get(&kpi.indicator).cloned();
        return KpiStatus {
            indicator: kpi.indicator.clone(),
            light: category
                .as_deref()
                .map_or(Light::NoData, Light::from_category),
            basis: KpiBasis::Assessment,
            year: None,
            target: None,
            value: None,
            previous: None,
            category,
        };
    };
    let year = kpi.year.unwrap_or(scorecard_year);
    let direction = inputs
        .directions
        .get(&kpi.indicator)
        .copied()
        .unwrap_or_default();
    let tolerance = kpi.tolerance.unwrap_or(0.0);
    let value = inputs.value(&kpi.indicator, year);
    let previous = inputs.value(&kpi.indicator, year - 1);
    let distance = |v: f64| r9((v - target).abs());
    let met = |v: f64| match direction {
        Direction::Increase => r9(v) >= r9(target),
        Direction::Decrease => r9(v) <= r9(target),
        Direction::Maintain | Direction::Reach | Direction::NotStated => {
            distance(v) <= r9(tolerance)
        }
    };
    let better = |v: f64, before: f64| match direction {
        Direction::Increase => r9(v) > r9(before),
        Direction::Decrease => r9(v) < r9(before),
        Direction::Maintain | Direction::Reach | Direction::NotStated => {
            distance(v) < distance(before)
        }
    };
    let light = match value {
        Some(v) if met(v) => Light::OnTrack,
        _ if year > scorecard_year => Light::Pending,
        None => Light::NoData,
        Some(v) => match previous {
            Some(p) if better(v, p) => Light::Attention,
            _ => Light::OffTrack,
        },
    };
    KpiStatus {
        indicator: kpi.indicator.clone(),
        light,
        basis: KpiBasis::AgreedValue,
        year: Some(year),
        target: Some(target),
        value,
        previous,
        category: None,
    }
}

/// The light of a target of implementation (rule in the module docs).
pub(crate) fn target_status(t: &ImplementationTarget, scorecard_year: i32) -> TargetStatus {
    let light = match t.done {
        Some(done) if done <= t.due => Light::OnTrack,
        Some(_) => Light::Attention,
        None if t.due <= scorecard_year => Light::OffTrack,
        None => Light::Pending,
    };
    TargetStatus {
        light,
        due: t.due,
        done: t.done,
    }
}

/// The status of every element of a scorecard.
pub(crate) fn scorecard_status(sc: &Scorecard, inputs: &KpiInputs) -> ScorecardStatus {
    let kpis = |list: &[Kpi]| -> Vec<KpiStatus> {
        list.iter()
            .map(|k| kpi_status(k, sc.year, inputs))
            .collect()
    };
    let goal_status = |g: &StrategicGoal| -> GoalStatus {
        let objectives: Vec<ObjectiveStatus> = g
            .objectives
            .iter()
            .map(|o| {
                let targets: Vec<TargetStatus> = o
                    .targets
                    .iter()
                    .map(|t| target_status(t, sc.year))
                    .collect();
                let kpis = kpis(&o.kpis);
                let lights: Vec<Light> = targets
                    .iter()
                    .map(|t| t.light)
                    .chain(kpis.iter().map(|k| k.light))
                    .collect();
                ObjectiveStatus {
                    id: o.id.clone(),
                    status: roll_up(&lights),
                    targets,
                    kpis,
                }
            })
            .collect();
        let own = kpis(&g.kpis);
        let lights: Vec<Light> = objectives
            .iter()
            .map(|o| o.status.light)
            .chain(own.iter().map(|k| k.light))
            .collect();
        GoalStatus {
            id: g.id.clone(),
            status: roll_up(&lights),
            objectives,
            kpis: own,
        }
    };
    let perspectives: Vec<PerspectiveStatus> = Perspective::ALL
        .iter()
        .filter_map(|p| {
            let goals: Vec<GoalStatus> = sc
                .goals
                .iter()
                .filter(|g| g.perspective == *p)
                .map(goal_status)
                .collect();
            if goals.is_empty() {
                return None;
            }
            let lights: Vec<Light> = goals.iter().map(|g| g.status.light).collect();
            Some(PerspectiveStatus {
                perspective: *p,
                status: roll_up(&lights),
                goals,
            })
        })
        .collect();
    let lights: Vec<Light> = perspectives.iter().map(|p| p.status.light).collect();
    ScorecardStatus {
        department: sc.department.clone(),
        year: sc.year,
        status: roll_up(&lights),
        perspectives,
    }
}

/// The assessment category of every indicator of a place, by indicator id: what KPIs without
/// an agreed value are judged on.
pub(crate) fn categories(
    assessment: &crate::assess::Assessment,
    place: &str,
) -> BTreeMap<String, String> {
    assessment
        .results
        .iter()
        .filter(|a| a.place == place)
        .map(|a| (a.indicator.clone(), a.status.name().to_string()))
        .collect()
}

/// The status of every scorecard of the workspace, sorted by department then year.
pub(crate) fn statuses(ws: &Workspace, inputs: &KpiInputs) -> Vec<ScorecardStatus> {
    let mut v: Vec<ScorecardStatus> = ws
        .scorecards
        .iter()
        .map(|s| scorecard_status(&s.value, inputs))
        .collect();
    v.sort_by(|a, b| (&a.department, a.year).cmp(&(&b.department, b.year)));
    v
}

/// Checks every scorecard: references (departments, KPI indicators, rights, SDG codes), ids
/// and years, each problem pointing at its value.
pub(crate) fn check(ws: &Workspace) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let project = ws.project();
    let departments: BTreeSet<&str> = ws
        .departments
        .iter()
        .map(|d| d.value.id.as_str())
        .chain(project.departments.iter().map(|d| d.id.as_str()))
        .collect();
    let rights: BTreeSet<&str> = ws.rights.iter().map(|r| r.value.id.as_str()).collect();
    let mut seen: BTreeMap<(&str, i32), &Located<Scorecard>> = BTreeMap::new();
    for sc in &ws.scorecards {
        let s = &sc.value;
        let at = |path: &[Step]| sc.span(path);
        if !departments.is_empty() && !departments.contains(s.department.as_str()) {
            out.push(
                Diagnostic::error(
                    "unknown-reference",
                    format!("unknown department `{}`", s.department),
                )
                .at(sc.file, at(&["department".into()]))
                .hint(closest(
                    &s.department,
                    departments.iter().copied(),
                    "departments are declared under `departments:`",
                )),
            );
        } else if departments.is_empty() {
            out.push(
                Diagnostic::warning(
                    "unchecked-reference",
                    format!(
                        "no departments are declared, so department `{}` is not checked",
                        s.department
                    ),
                )
                .at(sc.file, at(&["department".into()]))
                .hint("declare the departments under `departments:` in localis.yaml or a library"),
            );
        }
        if let Some(first) = seen.get(&(s.department.as_str(), s.year)) {
            out.push(
                Diagnostic::error(
                    "duplicate-id",
                    format!(
                        "department `{}` has two scorecards for {}",
                        s.department, s.year
                    ),
                )
                .at(sc.file, at(&["department".into()]))
                .related(first.file, first.span(&["department".into()]), "first here")
                .hint("merge them: a department has one scorecard a year"),
            );
        } else {
            seen.insert((s.department.as_str(), s.year), sc);
        }
        let mut ids: BTreeMap<String, Vec<Step>> = BTreeMap::new();
        let mut id_check = |id: &str, path: Vec<Step>, out: &mut Vec<Diagnostic>| {
            let mut id_path = path.clone();
            id_path.push("id".into());
            let valid = !id.is_empty()
                && id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
            if !valid {
                out.push(
                    Diagnostic::error("bad-id", format!("`{id}` is not a valid id"))
                        .at(sc.file, sc.span(&id_path))
                        .hint("use letters, digits, `-`, `_` and `.` only"),
                );
            }
            if let Some(first) = ids.get(id) {
                let mut first_id = first.clone();
                first_id.push("id".into());
                out.push(
                    Diagnostic::error(
                        "duplicate-id",
                        format!("id `{id}` is used twice in this scorecard"),
                    )
                    .at(sc.file, sc.span(&id_path))
                    .related(sc.file, sc.span(&first_id), "first used here")
                    .hint("give every goal and objective its own id"),
                );
            } else {
                ids.insert(id.to_string(), path);
            }
        };
        for (gi, g) in s.goals.iter().enumerate() {
            let gp: Vec<Step> = vec!["goals".into(), gi.into()];
            let sub = |rest: &[&str]| {
                let mut p = gp.clone();
                p.extend(rest.iter().map(|x| Step::from(*x)));
                p
            };
            id_check(&g.id, gp.clone(), &mut out);
            let (from, to) = g.years(s.year);
            if to < from {
                out.push(
                    Diagnostic::error(
                        "year-order",
                        format!("goal `{}` ends in {to}, before it starts in {from}", g.id),
                    )
                    .at(sc.file, at(&sub(&["to"])))
                    .hint("`to` is the year by which the goal is to be reached"),
                );
            } else if to - from + 1 > 6 {
                out.push(
                    Diagnostic::warning(
                        "goal-horizon",
                        format!(
                            "strategic goal `{}` spans {} years ({from}-{to})",
                            g.id,
                            to - from + 1
                        ),
                    )
                    .at(sc.file, at(&sub(&["to"])))
                    .hint("a Balanced Score Card's strategic goals look about five years ahead; split longer aims into successive goals"),
                );
            }
            if !(from..=to).contains(&s.year) && to >= from {
                out.push(
                    Diagnostic::warning(
                        "goal-horizon",
                        format!(
                            "goal `{}` runs {from}-{to}, which does not include the scorecard's year {}",
                            g.id, s.year
                        ),
                    )
                    .at(sc.file, at(&sub(&["id"])))
                    .hint("update the goal's years, or drop it from this year's scorecard"),
                );
            }
            for (ri, r) in g.rights.iter().enumerate() {
                if !rights.is_empty() && !rights.contains(r.right.as_str()) {
                    let mut p = sub(&["rights"]);
                    p.push(ri.into());
                    out.push(
                        Diagnostic::error(
                            "unknown-reference",
                            format!("unknown right `{}`", r.right),
                        )
                        .at(sc.file, at(&p))
                        .hint(closest(
                            &r.right,
                            rights.iter().copied(),
                            "rights are defined under `rights:` in a library",
                        )),
                    );
                }
            }
            for (si, l) in g.sdg.iter().enumerate() {
                if ws.sdg.is_loaded() && !ws.sdg.contains(&l.code) {
                    let mut p = sub(&["sdg"]);
                    p.push(si.into());
                    out.push(
                        Diagnostic::error(
                            "unknown-sdg",
                            format!(
                                "`{}` is not an SDG {} of framework {}",
                                l.code,
                                match l.code.split('.').count() {
                                    1 => "goal",
                                    2 => "target",
                                    _ => "indicator",
                                },
                                ws.sdg.version
                            ),
                        )
                        .at(sc.file, at(&p))
                        .hint("SDG codes look like `11` (goal), `11.1` (target) or `11.1.1` (indicator)"),
                    );
                }
            }
            if g.objectives.is_empty() && g.kpis.is_empty() {
                out.push(
                    Diagnostic::warning(
                        "empty-goal",
                        format!("goal `{}` has neither objectives nor KPIs", g.id),
                    )
                    .at(sc.file, at(&sub(&["id"])))
                    .hint("add the outcome objectives that lead to it, or KPIs that measure it; its status is `no data` until then"),
                );
            }
            check_kpis(ws, sc, &sub(&["kpis"]), &g.kpis, &mut out);
            for (oi, o) in g.objectives.iter().enumerate() {
                let op: Vec<Step> = sub(&["objectives"])
                    .into_iter()
                    .chain([Step::from(oi)])
                    .collect();
                let osub = |rest: &[&str]| {
                    let mut p = op.clone();
                    p.extend(rest.iter().map(|x| Step::from(*x)));
                    p
                };
                id_check(&o.id, op.clone(), &mut out);
                let (ofrom, oto) = o.years(s.year);
                if oto < ofrom {
                    out.push(
                        Diagnostic::error(
                            "year-order",
                            format!(
                                "objective `{}` ends in {oto}, before it starts in {ofrom}",
                                o.id
                            ),
                        )
                        .at(sc.file, at(&osub(&["to"])))
                        .hint("`to` is the year by which the objective is to be reached"),
                    );
                } else if oto - ofrom + 1 > 2 {
                    out.push(
                        Diagnostic::warning(
                            "objective-horizon",
                            format!(
                                "outcome objective `{}` spans {} years ({ofrom}-{oto})",
                                o.id,
                                oto - ofrom + 1
                            ),
                        )
                        .at(sc.file, at(&osub(&["to"])))
                        .hint("outcome objectives are reached within one or two years; a longer aim is a strategic goal"),
                    );
                }
                if to >= from && oto > to {
                    out.push(
                        Diagnostic::warning(
                            "objective-horizon",
                            format!(
                                "objective `{}` is due in {oto}, after its goal `{}` ({to})",
                                o.id, g.id
                            ),
                        )
                        .at(sc.file, at(&osub(&["to"])))
                        .hint("an outcome objective leads to its goal within the goal's years"),
                    );
                }
                if o.targets.is_empty() && o.kpis.is_empty() {
                    out.push(
                        Diagnostic::warning(
                            "empty-objective",
                            format!("objective `{}` has neither targets nor KPIs", o.id),
                        )
                        .at(sc.file, at(&osub(&["id"])))
                        .hint("an outcome objective is included only with concrete targets of implementation (projects, activities, services)"),
                    );
                }
                for (ti, t) in o.targets.iter().enumerate() {
                    if let Some(done) = t.done
                        && done > s.year
                    {
                        let mut p = osub(&["targets"]);
                        p.extend([Step::from(ti), "done".into()]);
                        out.push(
                            Diagnostic::error(
                                "bad-value",
                                format!(
                                    "target done in {done}, after the scorecard's year {}",
                                    s.year
                                ),
                            )
                            .at(sc.file, at(&p))
                            .hint("`done` is the year the target was met; leave it out until then"),
                        );
                    }
                }
                check_kpis(ws, sc, &osub(&["kpis"]), &o.kpis, &mut out);
            }
        }
    }
    out
}

fn check_kpis(
    ws: &Workspace,
    sc: &Located<Scorecard>,
    base: &[Step],
    kpis: &[Kpi],
    out: &mut Vec<Diagnostic>,
) {
    for (i, k) in kpis.iter().enumerate() {
        let mut p = base.to_vec();
        p.push(i.into());
        let item = sc.node.at(&p);
        let is_map = item.is_some_and(|n| n.get("indicator").is_some());
        let mut ip = p.clone();
        if is_map {
            ip.push("indicator".into());
        }
        if ws.indicator(&k.indicator).is_none() {
            let defined = ws.definitions.iter().any(|d| d.value.id == k.indicator);
            let d =
                if defined {
                    Diagnostic::error(
                    "unknown-reference",
                    format!("indicator `{}` is not among the project's indicators", k.indicator),
                )
                .hint("a KPI is one of the project's indicators: add it to a set the project uses")
                } else {
                    Diagnostic::error(
                        "unknown-reference",
                        format!("unknown indicator `{}`", k.indicator),
                    )
                    .hint(closest(
                        &k.indicator,
                        ws.active.iter().map(|a| a.indicator.id.as_str()),
                        "a KPI is the id of one of the project's indicators",
                    ))
                };
            out.push(d.at(sc.file, sc.span(&ip)));
        }
        if let Some(t) = k.tolerance
            && t < 0.0
        {
            let mut tp = p.clone();
            tp.push("tolerance".into());
            out.push(
                Diagnostic::error("bad-value", "a tolerance cannot be negative")
                    .at(sc.file, sc.span(&tp))
                    .hint("use 0 for no tolerance"),
            );
        }
        if k.target.is_none() && (k.year.is_some() || k.tolerance.is_some()) {
            out.push(
                Diagnostic::warning(
                    "missing-key",
                    format!(
                        "KPI `{}` has a year or tolerance but no `target`",
                        k.indicator
                    ),
                )
                .at(sc.file, sc.span(&ip))
                .hint(
                    "add `target: <value agreed for the year>`, or write the KPI as its id alone",
                ),
            );
        }
    }
}

fn closest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    otherwise: &str,
) -> String {
    match yaml::closest(word, candidates) {
        Some(b) => format!("did you mean `{b}`?"),
        None => otherwise.to_string(),
    }
}

#[cfg(test)]
mod tests;
