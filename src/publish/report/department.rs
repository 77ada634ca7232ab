//! The department report: one department's year against its Balanced Score Card, for `report-templates/department/`.
//!
//! As handed to the department's councillor and the city director: the department's status
//! and each perspective's (a dashboard of KPIs by perspective), every strategic goal with its
//! outcome objectives, targets of implementation and KPIs with their lights and the roll-up,
//! the budget the department used (approved, revised, executed, by programme, in real terms
//! over the years), and the KPIs over time. One report per department with a scorecard, for
//! its latest year. Lights come from the scorecard stage, values from the evaluation.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::budget::ids;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{Direction, Kpi, Perspective, Scorecard};
use crate::publish::charts::{
    About, BudgetChart, Chart as ChartInput, DashboardChart, Execution, ExecutionChart, Spending,
    SpendingLine, Status as ChartStatus, StatusCount, Theme, Tile,
};
use crate::scorecard::{KpiBasis, KpiStatus, Light, Rollup, ScorecardStatus};

use super::data::{Chart, Fact, Meta, StatusInfo, paragraphs};
use super::publication::{Ctx, PUBLICATION_DATA_VERSION, legend, light_status};

/// Everything a department report shows.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DepartmentData {
    /// Layout version.
    pub version: u32,
    /// Title page and document metadata.
    pub meta: Meta,
    /// Fixed labels in the report language.
    pub labels: BTreeMap<String, String>,
    /// The department and its scorecard's year.
    pub department: DepartmentInfo,
    /// What the report is, as paragraphs.
    pub intro: Vec<String>,
    /// The department's rolled-up status.
    pub status: StatusInfo,
    /// The counts it rolls up, written out.
    pub rollup: String,
    /// The statuses that occur, in legend order.
    pub statuses: Vec<StatusInfo>,
    /// KPIs by perspective and status, as tiles.
    pub dashboard: Option<Chart>,
    /// Each perspective with its goals.
    pub perspectives: Vec<PerspectiveSection>,
    /// The budget the department used (none without budget lines of the department).
    pub budget: Option<DepartmentBudget>,
    /// The KPIs over time.
    pub kpi_charts: Vec<Chart>,
    /// How the lights are given and rolled up, as paragraphs.
    pub method: Vec<String>,
}

/// The department.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DepartmentInfo {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// The scorecard's year.
    pub year: String,
    /// Head of the department.
    pub head: Option<String>,
    /// The councillor responsible.
    pub councillor: Option<String>,
    /// The mission, as paragraphs.
    pub mission: Vec<String>,
}

/// A perspective and its strategic goals.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PerspectiveSection {
    /// `citizens`, `finance`, `processes` or `employees`.
    pub key: String,
    /// Its name.
    pub label: String,
    /// Its rolled-up status.
    pub status: StatusInfo,
    /// The counts it rolls up, written out.
    pub rollup: String,
    /// Its goals.
    pub goals: Vec<GoalSection>,
}

/// A strategic goal.
#[derive(Debug, Clone, Default, Serialize)]
pub struct GoalSection {
    /// Id.
    pub id: String,
    /// The goal.
    pub title: String,
    /// What it means, as paragraphs.
    pub description: Vec<String>,
    /// Its years (`2022–2026`).
    pub years: String,
    /// The rights it serves.
    pub rights: Vec<String>,
    /// SDG codes it serves.
    pub sdg: Vec<String>,
    /// Its rolled-up status.
    pub status: StatusInfo,
    /// The counts it rolls up, written out.
    pub rollup: String,
    /// Its outcome objectives.
    pub objectives: Vec<ObjectiveSection>,
    /// Its own KPIs.
    pub kpis: Vec<KpiRow>,
}

/// An outcome objective.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ObjectiveSection {
    /// Id.
    pub id: String,
    /// The objective.
    pub title: String,
    /// What it means, as paragraphs.
    pub description: Vec<String>,
    /// Its years.
    pub years: String,
    /// Its rolled-up status.
    pub status: StatusInfo,
    /// The counts it rolls up, written out.
    pub rollup: String,
    /// Its targets of implementation.
    pub targets: Vec<TargetRow>,
    /// Its KPIs.
    pub kpis: Vec<KpiRow>,
}

/// A target of implementation.
#[derive(Debug, Clone, Default, Serialize)]
pub struct TargetRow {
    /// What is to be done.
    pub title: String,
    /// Due year.
    pub due: String,
    /// Year done.
    pub done: Option<String>,
    /// What shows it was done.
    pub evidence: Option<String>,
    /// Its light.
    pub status: StatusInfo,
}

/// A key performance indicator.
#[derive(Debug, Clone, Default, Serialize)]
pub struct KpiRow {
    /// Indicator id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// The value agreed for the year, written out.
    pub agreed: Option<String>,
    /// The value judged, with its year.
    pub value: Option<String>,
    /// The value the year before.
    pub previous: Option<String>,
    /// What the light is based on.
    pub basis: String,
    /// Its light.
    pub status: StatusInfo,
}

/// The budget the department used.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DepartmentBudget {
    /// The budget year.
    pub year: String,
    /// What the figures are.
    pub intro: String,
    /// Approved, revised, executed, rates.
    pub facts: Vec<Fact>,
    /// The department's spending over the years, nominal and real.
    pub trend_chart: Option<Chart>,
    /// Execution by programme in the budget year.
    pub execution_chart: Option<Chart>,
    /// One row per programme.
    pub programmes: Vec<ProgrammeRow>,
}

/// A programme's budget.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ProgrammeRow {
    /// The programme.
    pub name: String,
    /// Approved.
    pub approved: String,
    /// Revised.
    pub revised: String,
    /// Executed.
    pub executed: String,
    /// Execution rate.
    pub rate: String,
}

/// The latest scorecard of each department.
pub fn latest_scorecards(all: &[ScorecardStatus]) -> Vec<&ScorecardStatus> {
    let mut latest: BTreeMap<&str, &ScorecardStatus> = BTreeMap::new();
    for s in all {
        let e = latest.entry(s.department.as_str()).or_insert(s);
        if s.year > e.year {
            *e = s;
        }
    }
    latest.into_values().collect()
}

/// The counts a status rolls up, written out (`On track: 3 · Off track: 1 · mean 1.5 of 2`).
fn rollup_text(ctx: &Ctx<'_>, r: &Rollup) -> String {
    let mut parts: Vec<String> = [
        (Light::OnTrack, r.on_track),
        (Light::Attention, r.attention),
        (Light::OffTrack, r.off_track),
        (Light::NoData, r.no_data),
        (Light::Pending, r.pending),
    ]
    .iter()
    .filter(|(_, n)| *n > 0)
    .map(|(l, n)| format!("{}: {}", ctx.light(*l).label, ctx.number(*n as f64, 0)))
    .collect();
    if let Some(s) = r.score {
        parts.push(ctx.fill("rollup-score", &[("score", &ctx.number(s, 2))]));
    }
    parts.join(" · ")
}

/// The KPI rows of a list of KPIs and their statuses.
fn kpi_rows(ctx: &Ctx<'_>, kpis: &[Kpi], statuses: &[KpiStatus]) -> Vec<KpiRow> {
    kpis.iter()
        .zip(statuses)
        .map(|(k, s)| kpi_row(ctx, k, s))
        .collect()
}

fn kpi_row(ctx: &Ctx<'_>, kpi: &Kpi, s: &KpiStatus) -> KpiRow {
    let active = ctx.ws().indicator(&kpi.indicator);
    let entry = ctx.entries.get(&kpi.indicator);
    let result = ctx.inputs.evaluation.get(&kpi.indicator, ctx.inputs.place);
    let (unit, decimals) = match active {
        Some(a) => (
            super::build::unit(ctx.ws(), &a.indicator, result, &ctx.lang),
            super::build::decimals(&a.indicator, result),
        ),
        None => (None, 2),
    };
    let write = |v: f64| ctx.numbers.with_unit(v, decimals, unit.as_deref());
    let agreed = s.target.map(|t| {
        let year = s.year.unwrap_or_default().to_string();
        let value = write(t);
        let direction = active.map(|a| a.indicator.direction).unwrap_or_default();
        match (direction, kpi.tolerance) {
            (Direction::Increase, _) => {
                ctx.fill("kpi-at-least", &[("value", &value), ("year", &year)])
            }
            (Direction::Decrease, _) => {
                ctx.fill("kpi-at-most", &[("value", &value), ("year", &year)])
            }
            (_, Some(tol)) if tol > 0.0 => ctx.fill(
                "kpi-within",
                &[
                    ("value", &value),
                    ("tolerance", &ctx.numbers.number(tol, decimals)),
                    ("year", &year),
                ],
            ),
            _ => ctx.fill("kpi-exactly", &[("value", &value), ("year", &year)]),
        }
    });
    let (value, previous, basis) = match s.basis {
        KpiBasis::AgreedValue => {
            let year = s.year.unwrap_or_default();
            (
                s.value.map(|v| format!("{} ({year})", write(v))),
                s.previous.map(|v| format!("{} ({})", write(v), year - 1)),
                ctx.label("kpi-basis-agreed"),
            )
        }
        KpiBasis::Assessment => (
            entry
                .and_then(|e| e.latest.as_ref())
                .map(|l| format!("{} ({})", l.value, l.year)),
            None,
            match entry.and_then(|e| e.status.as_ref()) {
                Some(st) if !st.method.is_empty() => ctx.fill(
                    "kpi-basis-assessment",
                    &[("status", &st.label), ("method", &st.method)],
                ),
                Some(st) => st.label.clone(),
                None => ctx.label("no-data"),
            },
        ),
    };
    KpiRow {
        id: kpi.indicator.clone(),
        title: entry
            .map(|e| e.title.clone())
            .unwrap_or_else(|| kpi.indicator.clone()),
        agreed,
        value,
        previous,
        basis,
        status: ctx.light(s.light),
    }
}

/// Builds the report of one department's scorecard.
pub fn build(ctx: &mut Ctx<'_>, status: &ScorecardStatus) -> DepartmentData {
    let lang = ctx.lang.clone();
    let scorecard: Option<&Scorecard> = ctx
        .ws()
        .scorecards
        .iter()
        .map(|s| &s.value)
        .find(|s| s.department == status.department && s.year == status.year);
    let department = ctx.department(&status.department);
    let name = ctx.department_title(&status.department);
    let year = status.year;
    let info = DepartmentInfo {
        id: status.department.clone(),
        name: name.clone(),
        year: year.to_string(),
        head: scorecard
            .and_then(|s| s.head.as_ref())
            .map(|h| h.get(&lang).to_string()),
        councillor: department
            .and_then(|d| d.councillor.as_ref())
            .map(|c| c.get(&lang).to_string()),
        mission: scorecard
            .and_then(|s| s.mission.as_ref())
            .map(|m| paragraphs(m.get(&lang)))
            .unwrap_or_default(),
    };

    // every light, for the legend, and the KPIs by perspective for the dashboard
    let mut used: Vec<ChartStatus> = vec![light_status(status.status.light)];
    let mut perspectives = Vec::new();
    let mut tiles = Vec::new();
    let mut kpi_ids: Vec<String> = Vec::new();
    for p in &status.perspectives {
        used.push(light_status(p.status.light));
        let mut kpi_lights: Vec<Light> = Vec::new();
        let mut goals = Vec::new();
        for g in &p.goals {
            used.push(light_status(g.status.light));
            let Some(goal) = scorecard.and_then(|s| s.goals.iter().find(|x| x.id == g.id)) else {
                continue;
            };
            let mut objectives = Vec::new();
            for o in &g.objectives {
                used.push(light_status(o.status.light));
                let Some(objective) = goal.objectives.iter().find(|x| x.id == o.id) else {
                    continue;
                };
                let targets = objective
                    .targets
                    .iter()
                    .zip(&o.targets)
                    .map(|(t, ts)| {
                        used.push(light_status(ts.light));
                        TargetRow {
                            title: t.title.get(&lang).to_string(),
                            due: t.due.to_string(),
                            done: t.done.map(|d| d.to_string()),
                            evidence: t.evidence.as_ref().map(|e| e.get(&lang).to_string()),
                            status: ctx.light(ts.light),
                        }
                    })
                    .collect();
                for k in &o.kpis {
                    used.push(light_status(k.light));
                    kpi_lights.push(k.light);
                    kpi_ids.push(k.indicator.clone());
                }
                let (from, to) = objective.years(year);
                objectives.push(ObjectiveSection {
                    id: o.id.clone(),
                    title: objective.title.get(&lang).to_string(),
                    description: objective
                        .description
                        .as_ref()
                        .map(|d| paragraphs(d.get(&lang)))
                        .unwrap_or_default(),
                    years: ctx.years(from, to),
                    status: ctx.light(o.status.light),
                    rollup: rollup_text(ctx, &o.status),
                    targets,
                    kpis: kpi_rows(ctx, &objective.kpis, &o.kpis),
                });
            }
            for k in &g.kpis {
                used.push(light_status(k.light));
                kpi_lights.push(k.light);
                kpi_ids.push(k.indicator.clone());
            }
            let (from, to) = goal.years(year);
            goals.push(GoalSection {
                id: g.id.clone(),
                title: goal.title.get(&lang).to_string(),
                description: goal
                    .description
                    .as_ref()
                    .map(|d| paragraphs(d.get(&lang)))
                    .unwrap_or_default(),
                years: ctx.years(from, to),
                rights: goal
                    .rights
                    .iter()
                    .map(|r| ctx.right_title(&r.right))
                    .collect(),
                sdg: goal.sdg.iter().map(|s| s.code.clone()).collect(),
                status: ctx.light(g.status.light),
                rollup: rollup_text(ctx, &g.status),
                objectives,
                kpis: kpi_rows(ctx, &goal.kpis, &g.kpis),
            });
        }
        let mut counts: BTreeMap<(crate::publish::charts::Tone, ChartStatus), u32> =
            BTreeMap::new();
        for l in &kpi_lights {
            let s = light_status(*l);
            *counts.entry((s.tone(), s)).or_default() += 1;
        }
        tiles.push(Tile {
            code: None,
            label: perspective_label(ctx, p.perspective),
            theme: Theme::Perspective(p.perspective),
            counts: counts
                .into_iter()
                .map(|((_, status), count)| StatusCount { status, count })
                .collect(),
        });
        perspectives.push(PerspectiveSection {
            key: p.perspective.name().to_string(),
            label: perspective_label(ctx, p.perspective),
            status: ctx.light(p.status.light),
            rollup: rollup_text(ctx, &p.status),
            goals,
        });
    }
    let dashboard = ctx.draw(
        &format!("department-{}-dashboard", status.department),
        ChartInput::Dashboard(DashboardChart {
            title: ctx.label("dep-dashboard"),
            columns: Some(tiles.len().clamp(1, 4)),
            tiles,
        }),
    );
    let budget = department_budget(ctx, &status.department, year);

    // the KPIs over time, each once, in scorecard order
    let mut kpi_charts = Vec::new();
    let mut seen = Vec::new();
    let source = ctx.inputs.figure_source();
    for id in kpi_ids {
        if seen.contains(&id) {
            continue;
        }
        seen.push(id.clone());
        let Some(active) = ctx.ws().indicator(&id) else {
            continue;
        };
        let result = ctx.inputs.evaluation.get(&id, ctx.inputs.place);
        let Some(chart) =
            crate::publish::figures::time_series(&source, &active.indicator, result, &lang)
        else {
            continue;
        };
        if let Some(c) = ctx.draw(
            &format!("department-{}-kpi-{id}", status.department),
            ChartInput::TimeSeries(chart),
        ) {
            kpi_charts.push(c);
        }
    }

    let title = ctx.fill(
        "dep-title",
        &[("department", &name), ("year", &year.to_string())],
    );
    let intro = vec![ctx.fill(
        "dep-intro",
        &[
            ("department", &name),
            ("year", &year.to_string()),
            ("place", &ctx.meta.place),
        ],
    )];
    let method = vec![ctx.label("dep-method-kpi"), ctx.label("dep-method-rollup")];
    DepartmentData {
        version: PUBLICATION_DATA_VERSION,
        meta: ctx.meta_with(title, ctx.label("kind-department")),
        labels: ctx.labels.map.clone(),
        department: info,
        intro,
        status: ctx.light(status.status.light),
        rollup: rollup_text(ctx, &status.status),
        statuses: legend(ctx, used),
        dashboard,
        perspectives,
        budget,
        kpi_charts,
        method,
    }
}

/// The name of a perspective in the report language.
fn perspective_label(ctx: &Ctx<'_>, p: Perspective) -> String {
    ctx.label(&format!("perspective-{}", p.name()))
}

/// The department's budget in the scorecard's year (or the latest year whose spending is
/// known, when that year is not closed), by programme and over the years.
fn department_budget(ctx: &mut Ctx<'_>, department: &str, year: i32) -> Option<DepartmentBudget> {
    let analysis = ctx.inputs.budget?;
    if !analysis.departments.iter().any(|d| d == department) {
        return None;
    }
    let year = if analysis.closed_years.contains(&year) {
        year
    } else {
        *analysis.closed_years.last()?
    };
    let currency = ctx.currency();
    let g = [("Department", department)];
    let dash = "–".to_string();
    let mut facts = Vec::new();
    for (key, id) in [
        ("amount-approved", ids::APPROVED),
        ("amount-revised", ids::REVISED),
        ("amount-executed", ids::EXECUTED),
        ("acc-unspent", ids::UNSPENT),
    ] {
        if let Some(v) = ctx.value(id, &g, year) {
            facts.push(Fact {
                label: ctx.label(key),
                value: ctx.amount(v, &currency),
            });
        }
    }
    for (key, id) in [
        ("execution-rate", ids::EXECUTION_RATE),
        ("execution-rate-revised", ids::EXECUTION_RATE_REVISED),
        ("dep-budget-share", ids::EXECUTED_SHARE),
    ] {
        if let Some(v) = ctx.value(id, &g, year) {
            facts.push(Fact {
                label: ctx.label(key),
                value: ctx.percent(v, 1),
            });
        }
    }
    if let Some(v) = ctx.value(ids::EXECUTED_REAL_CHANGE, &g, year) {
        facts.push(Fact {
            label: ctx.label("acc-real-change"),
            value: ctx.change(v, 1),
        });
    }
    let name = ctx.department_title(department);
    let source = ctx.ws().project().budget.as_ref().and_then(|b| {
        ctx.ws()
            .project()
            .datasets
            .iter()
            .find(|d| d.id.as_deref() == Some(b.lines.as_str()))
            .and_then(|d| {
                d.source
                    .as_ref()
                    .map(|s| s.name.get(&ctx.lang).to_string())
                    .or_else(|| d.title.as_ref().map(|t| t.get(&ctx.lang).to_string()))
            })
    });
    let about = |title: String| About {
        title,
        unit: Some(currency.clone()),
        source: source.clone(),
        decimals: 0,
    };
    let trend = ChartInput::Budget(BudgetChart {
        about: about(ctx.fill("dep-trend-chart", &[("department", &name)])),
        price_base_year: analysis.base_year.unwrap_or(year),
        lines: vec![SpendingLine {
            label: name.clone(),
            theme: None,
            years: analysis
                .years
                .iter()
                .map(|y| Spending {
                    year: *y,
                    nominal: ctx.value(ids::EXECUTED, &g, *y),
                    real: ctx.value(ids::EXECUTED_REAL, &g, *y),
                })
                .collect(),
        }],
    });
    let trend_chart = ctx.draw(&format!("department-{department}-budget"), trend);
    // the department's programmes, as the budget results break them down
    let programmes: Vec<String> = ctx
        .inputs
        .evaluation
        .get(ids::APPROVED, ctx.inputs.place)
        .map(|r| {
            r.series
                .iter()
                .filter(|s| {
                    s.disaggregation.len() == 2
                        && s.disaggregation.get("Department").map(String::as_str)
                            == Some(department)
                })
                .filter_map(|s| s.disaggregation.get("Programme").cloned())
                .collect()
        })
        .unwrap_or_default();
    let mut rows = Vec::new();
    let mut execution = Vec::new();
    for p in &programmes {
        let g = [("Department", department), ("Programme", p.as_str())];
        let approved = ctx.value(ids::APPROVED, &g, year);
        let revised = ctx.value(ids::REVISED, &g, year);
        let executed = ctx.value(ids::EXECUTED, &g, year);
        let rate = ctx.value(ids::EXECUTION_RATE, &g, year);
        if approved.is_none() && executed.is_none() {
            continue;
        }
        rows.push(ProgrammeRow {
            name: ctx.words().category("Programme", p),
            approved: approved.map_or(dash.clone(), |v| ctx.amount(v, &currency)),
            revised: revised.map_or(dash.clone(), |v| ctx.amount(v, &currency)),
            executed: executed.map_or(dash.clone(), |v| ctx.amount(v, &currency)),
            rate: rate.map_or(dash.clone(), |v| ctx.percent(v, 1)),
        });
        if let Some(approved) = approved {
            execution.push(Execution {
                label: ctx.words().category("Programme", p),
                approved,
                revised,
                executed,
                rate,
            });
        }
    }
    let execution_chart = if execution.is_empty() {
        None
    } else {
        let chart = ChartInput::Execution(ExecutionChart {
            about: about(ctx.fill("dep-execution-chart", &[("year", &year.to_string())])),
            year,
            rows: execution,
        });
        ctx.draw(&format!("department-{department}-execution"), chart)
    };
    Some(DepartmentBudget {
        year: year.to_string(),
        intro: ctx.fill(
            "dep-budget-intro",
            &[("year", &year.to_string()), ("currency", &currency)],
        ),
        facts,
        trend_chart,
        execution_chart,
        programmes: rows,
    })
}

/// The department report of one department: its latest scorecard, in a PDF named
/// `<stem>-<department id>`.
pub struct Department<'a> {
    /// The department's latest scorecard status.
    pub status: &'a ScorecardStatus,
}

impl<'a> Department<'a> {
    /// One department report per department with a scorecard (its latest year); a warning
    /// pushed onto `diagnostics` when the project has none.
    pub fn each(scorecards: &'a [ScorecardStatus], diagnostics: &mut Diagnostics) -> Vec<Self> {
        let latest = latest_scorecards(scorecards);
        if latest.is_empty() {
            diagnostics.push(
                Diagnostic::warning(
                    "no-scorecards",
                    "the department report was not built: the project has no scorecards",
                )
                .hint("write the departments' Balanced Score Cards under `scorecards:` in a library of the project"),
            );
        }
        latest
            .into_iter()
            .map(|status| Department { status })
            .collect()
    }
}

impl super::Publication for Department<'_> {
    fn file_stem(&self, stem: &str) -> String {
        format!("{stem}-{}", self.status.department)
    }

    fn data(&self, ctx: &mut Ctx<'_>) -> serde_json::Result<Vec<u8>> {
        serde_json::to_vec(&build(ctx, self.status))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(department: &str, year: i32) -> ScorecardStatus {
        serde_json::from_value(serde_json::json!({
            "department": department, "year": year,
            "status": {"light": "on-track", "score": 2.0, "on-track": 1, "attention": 0,
                "off-track": 0, "no-data": 0, "pending": 0},
            "perspectives": []
        }))
        .expect("a scorecard status")
    }

    #[test]
    fn each_department_is_reported_on_its_latest_scorecard_in_id_order() {
        let all = vec![
            status("housing", 2024),
            status("education", 2023),
            status("housing", 2025),
            status("housing", 2022),
        ];
        let latest: Vec<(&str, i32)> = latest_scorecards(&all)
            .iter()
            .map(|s| (s.department.as_str(), s.year))
            .collect();
        assert_eq!(latest, vec![("education", 2023), ("housing", 2025)]);
        assert!(latest_scorecards(&[]).is_empty());
    }
}
