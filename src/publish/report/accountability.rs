//! The annual human-rights accountability report of the city: its data, selected from the stage results for `report-templates/accountability/`.
//!
//! Chapters: the year at a glance (indicators by OHCHR type), the structural commitments in
//! place (milestones), process and outcome indicators by right, the budget by right with
//! real-terms trends and the PEFA grades, retrogressions with their justifications (or the
//! statement that none was given), the groups left behind, the departments' scorecards, and
//! what the city commits to next. Every value is the evaluation's, the assessment's or the
//! budget stage's, written out for the report language.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::assess::{GapTrend as AssessGapTrend, JustificationStatus, TargetDetail};
use crate::budget::ids;
use crate::model::{OhchrType, Target};
use crate::publish::charts::{
    About, BudgetChart, Chart as ChartInput, DashboardChart, Dated, Execution, ExecutionChart,
    GapChart, GapTrend, Line, Milestone, MilestonesChart, Point, Status as ChartStatus,
    StatusCount, Theme, Tile,
};

use super::data::{Chart, DatasetInfo, Fact, Meta, StatusInfo, paragraphs};
use super::publication::{Ctx, PUBLICATION_DATA_VERSION, indicator_status, legend};

/// Most rows a milestones chart holds before the next chart continues it.
const MILESTONES_PER_CHART: usize = 12;
/// Most rights a real-terms trend chart holds (the budget chart draws at most five lines).
const RIGHTS_PER_CHART: usize = 5;
/// Most gap charts drawn (the widening gaps of outcome indicators, largest ratio first).
const GAP_CHARTS: usize = 4;

/// Everything the accountability report shows.
#[derive(Debug, Clone, Default, Serialize)]
pub struct AccountabilityData {
    /// Layout version.
    pub version: u32,
    /// Title page and document metadata.
    pub meta: Meta,
    /// Fixed labels in the report language.
    pub labels: BTreeMap<String, String>,
    /// The year reported on.
    pub year: String,
    /// What the report is, as paragraphs.
    pub intro: Vec<String>,
    /// Key figures of the year.
    pub glance: Vec<Fact>,
    /// The statuses that occur, in legend order.
    pub statuses: Vec<StatusInfo>,
    /// Indicators by OHCHR type and status, as tiles.
    pub dashboard: Option<Chart>,
    /// The same counts as a table.
    pub by_type: Vec<TypeRow>,
    /// Structural commitments: milestones.
    pub structural: Structural,
    /// Process and outcome indicators by right.
    pub rights: Vec<RightSection>,
    /// The budget by right (none without a budget).
    pub budget: Option<BudgetSection>,
    /// Falls in resources and outcomes, with their justifications.
    pub retrogressions: Retrogressions,
    /// Groups left behind.
    pub groups: Groups,
    /// The departments' scorecards in a line each.
    pub departments: Vec<DepartmentRow>,
    /// What the city commits to next, one item each.
    pub commitments: Vec<String>,
    /// How the report was made, as paragraphs.
    pub method: Vec<String>,
    /// Where the data come from.
    pub datasets: Vec<DatasetInfo>,
}

/// One OHCHR type with its indicators by status.
#[derive(Debug, Clone, Default, Serialize)]
pub struct TypeRow {
    /// `structural`, `process` or `outcome`.
    pub key: String,
    /// Its name.
    pub label: String,
    /// What it measures.
    pub text: String,
    /// Number of indicators.
    pub total: String,
    /// Indicators per status, in the order of `statuses`.
    pub counts: Vec<String>,
}

/// The structural commitments: milestones of laws, policies and institutions.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Structural {
    /// What they are and how many are met.
    pub intro: String,
    /// Timelines, at most [`MILESTONES_PER_CHART`] a chart.
    pub charts: Vec<Chart>,
    /// Every milestone.
    pub rows: Vec<MilestoneRow>,
}

/// One structural commitment.
#[derive(Debug, Clone, Default, Serialize)]
pub struct MilestoneRow {
    /// What is to be in place.
    pub title: String,
    /// The rights it serves.
    pub rights: String,
    /// Its deadline.
    pub deadline: String,
    /// The year it was met.
    pub met: Option<String>,
    /// Met, due or overdue.
    pub status: StatusInfo,
    /// What proves it.
    pub evidence: Option<String>,
}

/// One right: its budget and its process and outcome indicators.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RightSection {
    /// Right id.
    pub id: String,
    /// Its name.
    pub title: String,
    /// The instruments that guarantee it.
    pub instruments: Option<String>,
    /// How many indicators of each type inform on it.
    pub summary: String,
    /// Its budget in the budget year.
    pub budget: Vec<Fact>,
    /// Its falls in real allocation per inhabitant, written out.
    pub falls: Vec<String>,
    /// Process indicators, then outcome indicators.
    pub groups: Vec<TypeGroup>,
}

/// The indicators of one OHCHR type under a right.
#[derive(Debug, Clone, Default, Serialize)]
pub struct TypeGroup {
    /// `process` or `outcome`.
    pub key: String,
    /// The type's name.
    pub label: String,
    /// The indicators.
    pub rows: Vec<IndicatorRow>,
}

/// One indicator in a table.
#[derive(Debug, Clone, Default, Serialize)]
pub struct IndicatorRow {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Latest value with its year.
    pub latest: Option<String>,
    /// Targets, written out.
    pub target: Option<String>,
    /// The published status.
    pub status: StatusInfo,
}

/// The budget by right.
#[derive(Debug, Clone, Default, Serialize)]
pub struct BudgetSection {
    /// The budget year (the latest year whose spending is known).
    pub year: String,
    /// What the chapter shows and how to read it.
    pub intro: Vec<String>,
    /// The city's own account of its means of implementation.
    pub city_text: Vec<String>,
    /// Totals of the budget year.
    pub facts: Vec<Fact>,
    /// One row per right.
    pub rights: Vec<RightBudgetRow>,
    /// Real-terms trends of spending by right.
    pub trend_charts: Vec<Chart>,
    /// Execution by right in the budget year.
    pub execution_chart: Option<Chart>,
    /// The unit of the real allocations per inhabitant.
    pub per_head_unit: String,
    /// Column headings of the PEFA table: the years shown.
    pub pefa_years: Vec<String>,
    /// PEFA grades.
    pub pefa: Vec<PefaRow>,
    /// How PEFA grades are given.
    pub pefa_note: String,
    /// Maximum available resources.
    pub resources: Vec<Fact>,
}

/// One right's budget in the budget year.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RightBudgetRow {
    /// The right.
    pub right: String,
    /// Spending.
    pub executed: String,
    /// Share of all spending.
    pub share: String,
    /// Real allocation per inhabitant.
    pub per_head: String,
    /// Its real change on the year before.
    pub change: String,
    /// Whether a fall in its real allocation per inhabitant was ever flagged.
    pub flagged: bool,
}

/// One PEFA indicator.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PefaRow {
    /// `PI-1`.
    pub code: String,
    /// What it measures.
    pub title: String,
    /// The grade, or a dash when it cannot be given.
    pub grade: String,
    /// The years the grade rests on, or why there is no grade.
    pub graded: String,
    /// The value and band of each year of `pefa_years`.
    pub years: Vec<String>,
}

/// Falls in resources and outcomes.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Retrogressions {
    /// The rule for budgets.
    pub budget_intro: String,
    /// Falls in the real allocation per inhabitant to a right, latest first.
    pub budget: Vec<RetrogressionRow>,
    /// The rule for outcomes.
    pub outcomes_intro: String,
    /// Indicators with a non-retrogression target that moved the wrong way.
    pub outcomes: Vec<RetrogressionRow>,
}

/// One fall and its justification.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RetrogressionRow {
    /// The right or the indicator.
    pub title: String,
    /// The year of the fall.
    pub year: String,
    /// What fell, from what to what.
    pub what: String,
    /// Whether a justification was recorded.
    pub justified: bool,
    /// The justification as recorded, or the statement that none was given.
    pub justification: String,
    /// Who gave it.
    pub by: Option<String>,
    /// The same fall in groups of the population, with the same justification
    /// (`District: Centro 97.0% → 89.3%`).
    pub also: Vec<String>,
}

/// Groups left behind.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Groups {
    /// The city's text.
    pub text: Vec<String>,
    /// What the table shows.
    pub intro: String,
    /// How many gaps the assessment measured for indicators linked to rights.
    pub measured: usize,
    /// The widening gaps between the worst-off and best-off groups, the largest ratio first.
    pub rows: Vec<GapRow>,
    /// The widest widening gaps of outcome indicators over time.
    pub charts: Vec<Chart>,
}

/// One widening gap.
#[derive(Debug, Clone, Default, Serialize)]
pub struct GapRow {
    /// The indicator.
    pub indicator: String,
    /// The dimension.
    pub dimension: String,
    /// Worst-off group and value, with the year.
    pub worst: String,
    /// Best-off group and value.
    pub best: String,
    /// The gap between them.
    pub gap: String,
}

/// A department's scorecard in a line.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DepartmentRow {
    /// The department.
    pub name: String,
    /// The scorecard's year.
    pub year: String,
    /// The department's status.
    pub status: StatusInfo,
    /// Each perspective's status.
    pub perspectives: Vec<PerspectiveLight>,
}

/// A perspective's status.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PerspectiveLight {
    /// The perspective.
    pub label: String,
    /// Its status.
    pub status: StatusInfo,
}

/// The rights of the report, in the libraries' order, then any other right indicators link to.
fn rights_order(ctx: &Ctx<'_>) -> Vec<String> {
    let mut order: Vec<String> = ctx.ws().rights.iter().map(|r| r.value.id.clone()).collect();
    let mut others: BTreeSet<String> = BTreeSet::new();
    for a in &ctx.ws().active {
        for r in &a.indicator.links.rights {
            if !order.contains(&r.right) {
                others.insert(r.right.clone());
            }
        }
    }
    if let Some(b) = ctx.inputs.budget {
        for r in &b.rights {
            if !order.contains(r) {
                others.insert(r.clone());
            }
        }
    }
    order.extend(others);
    order
}

/// Builds the accountability report's data.
pub fn build(ctx: &mut Ctx<'_>) -> AccountabilityData {
    let year = ctx.report_year();
    let place = ctx.meta.place.clone();
    let rights_linked: Vec<String> = ctx
        .ws()
        .active
        .iter()
        .filter(|a| !a.indicator.links.rights.is_empty())
        .map(|a| a.indicator.id.clone())
        .collect();
    let rights_count = rights_order(ctx)
        .iter()
        .filter(|r| {
            ctx.ws()
                .active
                .iter()
                .any(|a| a.indicator.links.rights.iter().any(|l| &l.right == *r))
        })
        .count();

    // statuses of the indicators linked to a right, by OHCHR type
    let typed: Vec<(OhchrType, String, ChartStatus)> = ctx
        .ws()
        .active
        .iter()
        .filter(|a| !a.indicator.links.rights.is_empty())
        .filter_map(|a| {
            let t = a.indicator.links.ohchr_type?;
            Some((
                t,
                a.indicator.id.clone(),
                indicator_status(ctx, &a.indicator.id),
            ))
        })
        .collect();
    let statuses = legend(ctx, typed.iter().map(|(_, _, s)| *s).collect());
    let by_type: Vec<TypeRow> = OhchrType::ALL
        .iter()
        .map(|t| {
            let of: Vec<&ChartStatus> = typed
                .iter()
                .filter(|(x, _, _)| x == t)
                .map(|(_, _, s)| s)
                .collect();
            TypeRow {
                key: t.name().to_string(),
                label: ctx.label(&format!("type-{}", t.name())),
                text: ctx.label(&format!("type-{}-text", t.name())),
                total: ctx.number(of.len() as f64, 0),
                counts: statuses
                    .iter()
                    .map(|s| {
                        let n = of.iter().filter(|x| x.key() == s.key).count();
                        ctx.number(n as f64, 0)
                    })
                    .collect(),
            }
        })
        .collect();
    let dashboard_chart = ChartInput::Dashboard(DashboardChart {
        title: ctx.label("acc-dashboard"),
        columns: Some(3),
        tiles: OhchrType::ALL
            .iter()
            .map(|t| {
                let mut counts: BTreeMap<(crate::publish::charts::Tone, ChartStatus), u32> =
                    BTreeMap::new();
                for (_, _, s) in typed.iter().filter(|(x, _, _)| x == t) {
                    *counts.entry((s.tone(), *s)).or_default() += 1;
                }
                Tile {
                    code: None,
                    label: ctx.label(&format!("type-{}", t.name())),
                    theme: Theme::Ohchr(*t),
                    counts: counts
                        .into_iter()
                        .map(|((_, status), count)| StatusCount { status, count })
                        .collect(),
                }
            })
            .collect(),
    });
    let dashboard = ctx.draw("accountability-types", dashboard_chart);

    let structural = structural(ctx, year);
    let rights = right_sections(ctx);
    let budget = budget_section(ctx);
    let retrogressions = retrogressions(ctx);
    let groups = groups(ctx);
    let departments: Vec<DepartmentRow> = ctx
        .inputs
        .scorecards
        .iter()
        .map(|s| DepartmentRow {
            name: ctx.department_title(&s.department),
            year: s.year.to_string(),
            status: ctx.light(s.status.light),
            perspectives: s
                .perspectives
                .iter()
                .map(|p| PerspectiveLight {
                    label: ctx.label(&format!("perspective-{}", p.perspective.name())),
                    status: ctx.light(p.status.light),
                })
                .collect(),
        })
        .collect();

    // the year at a glance
    let mut glance = vec![Fact {
        label: ctx.label("acc-glance-indicators"),
        value: ctx.fill(
            "acc-glance-indicators-value",
            &[
                ("n", &ctx.number(rights_linked.len() as f64, 0)),
                ("rights", &ctx.number(rights_count as f64, 0)),
                (
                    "with_data",
                    &ctx.number(
                        rights_linked
                            .iter()
                            .filter(|id| ctx.entries.get(*id).is_some_and(|e| e.latest.is_some()))
                            .count() as f64,
                        0,
                    ),
                ),
            ],
        ),
    }];
    let met = structural
        .rows
        .iter()
        .filter(|r| r.status.key == ChartStatus::Met.key())
        .count();
    if !structural.rows.is_empty() {
        glance.push(Fact {
            label: ctx.label("acc-glance-structural"),
            value: ctx.fill(
                "of-total",
                &[
                    ("n", &ctx.number(met as f64, 0)),
                    ("total", &ctx.number(structural.rows.len() as f64, 0)),
                ],
            ),
        });
    }
    let outcomes: Vec<&ChartStatus> = typed
        .iter()
        .filter(|(t, _, _)| *t == OhchrType::Outcome)
        .map(|(_, _, s)| s)
        .collect();
    if !outcomes.is_empty() {
        let good = outcomes
            .iter()
            .filter(|s| {
                matches!(
                    s.tone(),
                    crate::publish::charts::Tone::Achieved | crate::publish::charts::Tone::Good
                )
            })
            .count();
        glance.push(Fact {
            label: ctx.label("acc-glance-outcomes"),
            value: ctx.fill(
                "of-total",
                &[
                    ("n", &ctx.number(good as f64, 0)),
                    ("total", &ctx.number(outcomes.len() as f64, 0)),
                ],
            ),
        });
    }
    if let Some(b) = &budget {
        glance.extend(b.facts.iter().take(2).cloned());
    }
    if ctx.inputs.budget.is_some() {
        let unjustified = retrogressions
            .budget
            .iter()
            .filter(|r| !r.justified)
            .count();
        glance.push(Fact {
            label: ctx.label("acc-glance-falls"),
            value: ctx.fill(
                "acc-glance-falls-value",
                &[
                    ("n", &ctx.number(retrogressions.budget.len() as f64, 0)),
                    ("unjustified", &ctx.number(unjustified as f64, 0)),
                ],
            ),
        });
    }
    glance.push(Fact {
        label: ctx.label("acc-glance-gaps"),
        value: ctx.fill(
            "of-total",
            &[
                ("n", &ctx.number(groups.rows.len() as f64, 0)),
                ("total", &ctx.number(groups.measured as f64, 0)),
            ],
        ),
    });

    let project = ctx.ws().project();
    let intro = vec![
        ctx.fill(
            "acc-intro",
            &[("place", &place), ("year", &year.to_string())],
        ),
        ctx.fill(
            "acc-intro-framework",
            &[
                ("n", &ctx.number(rights_linked.len() as f64, 0)),
                ("rights", &ctx.number(rights_count as f64, 0)),
            ],
        ),
    ];
    let commitments = project
        .texts
        .commitments
        .iter()
        .map(|c| c.get(&ctx.lang).trim().to_string())
        .filter(|c| !c.is_empty())
        .collect();
    let mut method = vec![
        ctx.label(&format!(
            "method-{}-text",
            super::build::method_key(project.assessment.method)
        )),
        ctx.label("acc-method-types"),
    ];
    if let Some(b) = ctx.inputs.budget {
        method.push(ctx.fill(
            "acc-method-budget",
            &[
                (
                    "base_year",
                    &b.base_year.map(|y| y.to_string()).unwrap_or_default(),
                ),
                (
                    "amount",
                    &ctx.label(&format!("amount-word-{}", b.retrogression_amount.name())),
                ),
                ("tolerance", &ctx.percent(b.retrogression_tolerance, 1)),
            ],
        ));
    }
    method.push(ctx.fill(
        "acc-method-privacy",
        &[(
            "n",
            &ctx.number(f64::from(ctx.inputs.assessment.settings.minimum_count), 0),
        )],
    ));
    let datasets = project
        .datasets
        .iter()
        .map(|d| DatasetInfo {
            title: d
                .title
                .as_ref()
                .map(|t| t.get(&ctx.lang).to_string())
                .or_else(|| d.id.clone())
                .unwrap_or_else(|| d.path.clone()),
            source: d.source.as_ref().map(|s| s.name.get(&ctx.lang).to_string()),
            publisher: d
                .source
                .as_ref()
                .and_then(|s| s.publisher.as_ref())
                .map(|x| x.get(&ctx.lang).to_string()),
            url: d.source.as_ref().and_then(|s| s.url.clone()),
        })
        .collect();
    let title = ctx.fill(
        "acc-title",
        &[("place", &place), ("year", &year.to_string())],
    );
    AccountabilityData {
        version: PUBLICATION_DATA_VERSION,
        meta: ctx.meta_with(title, ctx.label("kind-accountability")),
        labels: ctx.labels.map.clone(),
        year: year.to_string(),
        intro,
        glance,
        statuses,
        dashboard,
        by_type,
        structural,
        rights,
        budget,
        retrogressions,
        groups,
        departments,
        commitments,
        method,
        datasets,
    }
}

/// The rights an indicator informs on, written out (`Right to health; Right to life`).
fn rights_of(ctx: &Ctx<'_>, id: &str) -> String {
    let mut seen = Vec::new();
    if let Some(a) = ctx.ws().indicator(id) {
        for r in &a.indicator.links.rights {
            let t = ctx.right_title(&r.right);
            if !seen.contains(&t) {
                seen.push(t);
            }
        }
    }
    seen.join("; ")
}

/// The milestones of structural indicators (and of any indicator with a milestone target),
/// overdue first, then due, then met, each by deadline.
fn structural(ctx: &mut Ctx<'_>, year: i32) -> Structural {
    let place = ctx.inputs.place;
    let mut rows: Vec<(u8, i32, String, Milestone, MilestoneRow)> = Vec::new();
    for a in &ctx.inputs.assessment.results {
        if a.place != place {
            continue;
        }
        let Some(active) = ctx.ws().indicator(&a.indicator) else {
            continue;
        };
        for t in &a.targets {
            let TargetDetail::Milestone {
                deadline,
                met,
                evidence,
                ..
            } = &t.detail
            else {
                continue;
            };
            let status = ChartStatus::from(t.status);
            let title = active.indicator.title.get(&ctx.lang).to_string();
            let order = match status {
                ChartStatus::Overdue => 0,
                ChartStatus::Due => 1,
                _ => 2,
            };
            let evidence = evidence
                .as_ref()
                .or_else(|| match active.indicator.targets.get(t.index) {
                    Some(Target::Milestone(m)) => m.evidence.as_ref(),
                    _ => None,
                })
                .map(|e| e.get(&ctx.lang).trim().to_string())
                .filter(|e| !e.is_empty());
            rows.push((
                order,
                *deadline,
                a.indicator.clone(),
                Milestone {
                    label: title.clone(),
                    deadline: Some(*deadline),
                    met: *met,
                    status,
                },
                MilestoneRow {
                    title,
                    rights: rights_of(ctx, &a.indicator),
                    deadline: deadline.to_string(),
                    met: met.map(|m| m.to_string()),
                    status: ctx.status(status),
                    evidence,
                },
            ));
        }
    }
    rows.sort_by(|a, b| (a.0, a.1, &a.2).cmp(&(b.0, b.1, &b.2)));
    let milestones: Vec<Milestone> = rows.iter().map(|r| r.3.clone()).collect();
    let chunks = milestones.len().div_ceil(MILESTONES_PER_CHART);
    let mut charts = Vec::new();
    if chunks > 0 {
        let size = milestones.len().div_ceil(chunks);
        for (i, chunk) in milestones.chunks(size).enumerate() {
            let mut title = ctx.label("acc-structural-chart");
            if chunks > 1 {
                title = format!("{title} ({}/{chunks})", i + 1);
            }
            let chart = ChartInput::Milestones(MilestonesChart {
                title,
                as_of: year,
                milestones: chunk.to_vec(),
            });
            if let Some(c) = ctx.draw(&format!("accountability-milestones-{}", i + 1), chart) {
                charts.push(c);
            }
        }
    }
    let rows: Vec<MilestoneRow> = rows.into_iter().map(|r| r.4).collect();
    let met = rows
        .iter()
        .filter(|r| r.status.key == ChartStatus::Met.key())
        .count();
    let overdue = rows
        .iter()
        .filter(|r| r.status.key == ChartStatus::Overdue.key())
        .count();
    let intro = if rows.is_empty() {
        ctx.label("acc-structural-none")
    } else {
        ctx.fill(
            "acc-structural-intro",
            &[
                ("n", &ctx.number(rows.len() as f64, 0)),
                ("met", &ctx.number(met as f64, 0)),
                ("overdue", &ctx.number(overdue as f64, 0)),
                ("year", &year.to_string()),
            ],
        )
    };
    Structural {
        intro,
        charts,
        rows,
    }
}

/// A row of an indicator table, from the indicator as the VLR writes it out.
fn indicator_row(ctx: &Ctx<'_>, id: &str) -> Option<IndicatorRow> {
    let e = ctx.entries.get(id)?;
    Some(IndicatorRow {
        id: id.to_string(),
        title: e.title.clone(),
        latest: e
            .latest
            .as_ref()
            .map(|l| format!("{} ({})", l.value, l.year)),
        target: (!e.targets.is_empty()).then(|| e.targets.join("; ")),
        status: ctx.status(indicator_status(ctx, id)),
    })
}

/// Process and outcome indicators under each right that has any, with the right's budget.
fn right_sections(ctx: &Ctx<'_>) -> Vec<RightSection> {
    let mut out = Vec::new();
    let budget_year = ctx
        .inputs
        .budget
        .and_then(|b| b.closed_years.last().copied());
    let currency = ctx.currency();
    for right in rights_order(ctx) {
        let linked: Vec<&crate::load::ActiveIndicator> = ctx
            .ws()
            .active
            .iter()
            .filter(|a| a.indicator.links.rights.iter().any(|l| l.right == right))
            .collect();
        let in_budget = ctx.inputs.budget.is_some_and(|b| b.rights.contains(&right));
        if linked.is_empty() && !in_budget {
            continue;
        }
        let count = |t: OhchrType| {
            linked
                .iter()
                .filter(|a| a.indicator.links.ohchr_type == Some(t))
                .count()
        };
        let summary = ctx.fill(
            "acc-right-summary",
            &[
                ("n", &ctx.count(linked.len())),
                (
                    "structural",
                    &ctx.number(count(OhchrType::Structural) as f64, 0),
                ),
                ("process", &ctx.number(count(OhchrType::Process) as f64, 0)),
                ("outcome", &ctx.number(count(OhchrType::Outcome) as f64, 0)),
            ],
        );
        let groups: Vec<TypeGroup> = [OhchrType::Process, OhchrType::Outcome]
            .iter()
            .map(|t| TypeGroup {
                key: t.name().to_string(),
                label: ctx.label(&format!("type-{}", t.name())),
                rows: linked
                    .iter()
                    .filter(|a| a.indicator.links.ohchr_type == Some(*t))
                    .filter_map(|a| indicator_row(ctx, &a.indicator.id))
                    .collect(),
            })
            .filter(|g| !g.rows.is_empty())
            .collect();
        let mut budget = Vec::new();
        if let (true, Some(y)) = (in_budget, budget_year) {
            let g = [("Right", right.as_str())];
            if let Some(v) = ctx.value(ids::EXECUTED, &g, y) {
                let share = ctx
                    .value(ids::EXECUTED_SHARE, &g, y)
                    .map(|s| {
                        format!(
                            " ({})",
                            ctx.fill("of-spending", &[("share", &ctx.percent(s, 1))])
                        )
                    })
                    .unwrap_or_default();
                budget.push(Fact {
                    label: ctx.fill("acc-spending-in", &[("year", &y.to_string())]),
                    value: format!("{}{share}", ctx.amount(v, &currency)),
                });
            }
            if let Some(v) = ctx.value(ids::APPROVED_REAL_PER_HEAD, &g, y) {
                let change = ctx
                    .value(ids::APPROVED_REAL_CHANGE, &g, y)
                    .map(|c| {
                        format!(
                            " ({})",
                            ctx.fill("change-on-year-before", &[("change", &ctx.change(c, 1))])
                        )
                    })
                    .unwrap_or_default();
                budget.push(Fact {
                    label: ctx.label("acc-real-allocation-per-head"),
                    value: format!(
                        "{}{change}",
                        ctx.numbers.with_unit(v, 2, Some(&per_head_unit(ctx)))
                    ),
                });
            }
        }
        let falls = ctx
            .inputs
            .budget
            .map(|b| {
                b.retrogressions
                    .iter()
                    .filter(|r| r.right == right)
                    .map(|r| {
                        let why = match &r.justification {
                            Some(_) => ctx.label("justified-see-chapter"),
                            None => ctx.label("no-justification"),
                        };
                        format!(
                            "{}: {} {why}",
                            r.year,
                            ctx.fill("acc-fall-text", &[("change", &ctx.change(r.change, 1))])
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        let r = ctx.ws().rights.iter().find(|r| r.value.id == right);
        out.push(RightSection {
            title: ctx.right_title(&right),
            instruments: r
                .and_then(|r| r.value.instruments.as_ref())
                .map(|i| i.get(&ctx.lang).to_string()),
            id: right,
            summary,
            budget,
            falls,
            groups,
        });
    }
    out
}

/// The unit of real amounts per inhabitant (`BRL per inhabitant, 2015 prices`).
fn per_head_unit(ctx: &Ctx<'_>) -> String {
    let base = ctx
        .inputs
        .budget
        .and_then(|b| b.base_year)
        .map(|y| y.to_string())
        .unwrap_or_default();
    ctx.fill(
        "per-head-real-unit",
        &[("currency", &ctx.currency()), ("year", &base)],
    )
}

/// The source of the budget: its dataset's source or title.
fn budget_source(ctx: &Ctx<'_>) -> Option<String> {
    let spec = ctx.ws().project().budget.as_ref()?;
    let d = ctx
        .ws()
        .project()
        .datasets
        .iter()
        .find(|d| d.id.as_deref() == Some(spec.lines.as_str()))?;
    d.source
        .as_ref()
        .map(|s| s.name.get(&ctx.lang).to_string())
        .or_else(|| d.title.as_ref().map(|t| t.get(&ctx.lang).to_string()))
}

/// The budget chapter: totals, a row per right, trends, execution, PEFA, resources.
fn budget_section(ctx: &mut Ctx<'_>) -> Option<BudgetSection> {
    let analysis = ctx.inputs.budget?;
    let year = *analysis.closed_years.last().or(analysis.years.last())?;
    let currency = ctx.currency();
    let base_year = analysis.base_year.unwrap_or(year);
    let amount =
        |ctx: &Ctx<'_>, id: &str| ctx.value(id, &[], year).map(|v| ctx.amount(v, &currency));
    let mut facts = Vec::new();
    let mut push = |label: String, value: Option<String>| {
        if let Some(value) = value {
            facts.push(Fact { label, value });
        }
    };
    push(
        ctx.fill("acc-spending-in", &[("year", &year.to_string())]),
        amount(ctx, ids::EXECUTED),
    );
    push(
        ctx.label("acc-share-rights"),
        ctx.value(ids::EXECUTED_SHARE, &[], year)
            .map(|v| ctx.percent(v, 1)),
    );
    push(ctx.label("amount-approved"), amount(ctx, ids::APPROVED));
    push(ctx.label("amount-revised"), amount(ctx, ids::REVISED));
    push(
        ctx.label("execution-rate"),
        ctx.value(ids::EXECUTION_RATE, &[], year)
            .map(|v| ctx.percent(v, 1)),
    );
    push(
        ctx.label("acc-spending-per-head"),
        ctx.value(ids::EXECUTED_PER_HEAD, &[], year)
            .map(|v| ctx.numbers.with_unit(v, 2, Some(&currency))),
    );
    push(
        ctx.label("acc-real-change"),
        ctx.value(ids::EXECUTED_REAL_CHANGE, &[], year)
            .map(|v| ctx.change(v, 1)),
    );
    push(
        ctx.label("acc-gender-share"),
        ctx.value(ids::GENDER_SHARE, &[], year)
            .map(|v| ctx.percent(v, 1)),
    );

    let flagged: BTreeSet<&str> = analysis
        .retrogressions
        .iter()
        .map(|r| r.right.as_str())
        .collect();
    let dash = "–".to_string();
    let mut rights: Vec<(f64, String, RightBudgetRow)> = analysis
        .rights
        .iter()
        .map(|r| {
            let g = [("Right", r.as_str())];
            let executed = ctx.value(ids::EXECUTED, &g, year);
            (
                ctx.value(ids::EXECUTED_REAL, &g, year)
                    .unwrap_or(f64::NEG_INFINITY),
                r.clone(),
                RightBudgetRow {
                    right: ctx.right_title(r),
                    executed: executed.map_or(dash.clone(), |v| ctx.amount(v, &currency)),
                    share: ctx
                        .value(ids::EXECUTED_SHARE, &g, year)
                        .map_or(dash.clone(), |v| ctx.percent(v, 1)),
                    per_head: ctx
                        .value(ids::APPROVED_REAL_PER_HEAD, &g, year)
                        .map_or(dash.clone(), |v| ctx.number(v, 2)),
                    change: ctx
                        .value(ids::APPROVED_REAL_CHANGE, &g, year)
                        .map_or(dash.clone(), |v| ctx.change(v, 1)),
                    flagged: flagged.contains(r.as_str()),
                },
            )
        })
        .collect();
    // largest spending first, so that each trend chart holds rights of similar size
    rights.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));

    let source = budget_source(ctx);
    let about = |title: String| About {
        title,
        unit: Some(currency.clone()),
        source: source.clone(),
        decimals: 0,
    };
    // the spending lines as the shared chart adapter selects them (largest real spending
    // first), a few rights a chart so that each chart holds rights of similar size
    let mut trend_charts = Vec::new();
    let words = crate::publish::sentences::Labels(ctx.labels.words.clone());
    let spending = crate::publish::figures::budget_spending(
        &ctx.inputs.figure_source(),
        &ctx.lang,
        &words,
        "Right",
    );
    if let Some(spending) = spending {
        let lines = spending.lines;
        let chunks = lines.len().div_ceil(RIGHTS_PER_CHART);
        let size = lines.len().div_ceil(chunks.max(1)).max(1);
        for (i, group) in lines.chunks(size).enumerate() {
            let mut title = ctx.label("acc-trend-chart");
            if chunks > 1 {
                title = format!("{title} ({}/{chunks})", i + 1);
            }
            let chart = ChartInput::Budget(BudgetChart {
                about: about(title),
                price_base_year: spending.price_base_year,
                lines: group.to_vec(),
            });
            if let Some(c) = ctx.draw(&format!("accountability-budget-{}", i + 1), chart) {
                trend_charts.push(c);
            }
        }
    }
    let execution_rows: Vec<Execution> = rights
        .iter()
        .filter_map(|(_, r, _)| {
            let g = [("Right", r.as_str())];
            Some(Execution {
                label: ctx.right_title(r),
                approved: ctx.value(ids::APPROVED, &g, year)?,
                revised: ctx.value(ids::REVISED, &g, year),
                executed: ctx.value(ids::EXECUTED, &g, year),
                rate: ctx.value(ids::EXECUTION_RATE, &g, year),
            })
        })
        .collect();
    let execution_chart = if execution_rows.is_empty() {
        None
    } else {
        let chart = ChartInput::Execution(ExecutionChart {
            about: about(ctx.fill("acc-execution-chart", &[("year", &year.to_string())])),
            year,
            rows: execution_rows,
        });
        ctx.draw("accountability-execution", chart)
    };

    // PEFA: the grade and the last five years' values with their bands
    let shown: Vec<i32> = {
        let all: BTreeSet<i32> = analysis
            .pefa
            .iter()
            .flat_map(|p| p.years.iter().map(|y| y.year))
            .collect();
        let v: Vec<i32> = all.into_iter().collect();
        v[v.len().saturating_sub(5)..].to_vec()
    };
    let pefa = analysis
        .pefa
        .iter()
        .map(|p| {
            let code = p.pefa.code().to_string();
            PefaRow {
                title: ctx
                    .entries
                    .get(&p.indicator)
                    .map(|e| e.title.clone())
                    .unwrap_or_else(|| code.clone()),
                code,
                grade: p.grade.map_or("–".to_string(), |g| g.letter().to_string()),
                graded: match (p.grade_years.first(), p.grade_years.last()) {
                    (Some(f), Some(l)) if p.grade.is_some() => ctx.years(*f, *l),
                    _ => ctx.label("pefa-not-graded"),
                },
                years: shown
                    .iter()
                    .map(|y| {
                        p.years
                            .iter()
                            .find(|x| x.year == *y)
                            .map_or("–".to_string(), |x| {
                                format!("{} {}", ctx.percent(x.value, 1), x.band.letter())
                            })
                    })
                    .collect(),
            }
        })
        .collect();

    let mut resources = Vec::new();
    for (key, id, unit) in [
        (
            "acc-own-revenue-per-head",
            ids::OWN_REVENUE_PER_HEAD,
            Some(currency.as_str()),
        ),
        ("acc-own-revenue-share", ids::OWN_REVENUE_SHARE, Some("%")),
        (
            "acc-rights-share-of-own-revenue",
            ids::RIGHTS_SHARE_OF_OWN_REVENUE,
            Some("%"),
        ),
    ] {
        if let Some(v) = ctx.value(id, &[], year) {
            let decimals = if unit == Some("%") { 1 } else { 2 };
            resources.push(Fact {
                label: ctx.label(key),
                value: ctx.numbers.with_unit(v, decimals, unit),
            });
        }
    }
    if let Some(v) = ctx.value(ids::UNSPENT, &[], year) {
        resources.push(Fact {
            label: ctx.label("acc-unspent"),
            value: ctx.amount(v, &currency),
        });
    }

    let text = ctx.ws().project().texts.means_of_implementation.as_ref();
    Some(BudgetSection {
        year: year.to_string(),
        intro: vec![ctx.fill(
            "acc-budget-intro",
            &[
                ("year", &year.to_string()),
                ("currency", &currency),
                ("base_year", &base_year.to_string()),
            ],
        )],
        city_text: text
            .map(|t| paragraphs(t.get(&ctx.lang)))
            .unwrap_or_default(),
        facts,
        rights: rights.into_iter().map(|r| r.2).collect(),
        trend_charts,
        execution_chart,
        per_head_unit: per_head_unit(ctx),
        pefa_years: shown.iter().map(i32::to_string).collect(),
        pefa,
        pefa_note: ctx.label("acc-pefa-note"),
        resources,
    })
}

/// The text of a recorded justification, or the statement that none was given.
fn justification_text(
    ctx: &Ctx<'_>,
    given: Option<(&crate::model::Text, Option<&crate::model::Text>)>,
) -> (bool, String, Option<String>) {
    match given {
        Some((text, by)) => (
            true,
            text.get(&ctx.lang).trim().to_string(),
            by.map(|b| b.get(&ctx.lang).trim().to_string()),
        ),
        None => (false, ctx.label("no-justification"), None),
    }
}

/// Falls in the real allocation per inhabitant to a right (budget stage) and falls of
/// indicators with a non-retrogression target (assessment).
fn retrogressions(ctx: &Ctx<'_>) -> Retrogressions {
    let mut budget = Vec::new();
    let mut budget_intro = String::new();
    if let Some(b) = ctx.inputs.budget {
        let unit = per_head_unit(ctx);
        budget_intro = ctx.fill(
            "acc-retro-budget-intro",
            &[
                (
                    "amount",
                    &ctx.label(&format!("amount-word-{}", b.retrogression_amount.name())),
                ),
                ("tolerance", &ctx.percent(b.retrogression_tolerance, 1)),
                ("n", &ctx.number(b.retrogressions.len() as f64, 0)),
            ],
        );
        let mut falls: Vec<&crate::budget::analysis::Retrogression> =
            b.retrogressions.iter().collect();
        falls.sort_by(|a, b| b.year.cmp(&a.year).then_with(|| a.right.cmp(&b.right)));
        for r in falls {
            let (justified, justification, by) = justification_text(
                ctx,
                r.justification.as_ref().map(|j| (&j.text, j.by.as_ref())),
            );
            budget.push(RetrogressionRow {
                title: ctx.right_title(&r.right),
                year: r.year.to_string(),
                what: ctx.fill(
                    "acc-retro-budget-what",
                    &[
                        ("from", &ctx.numbers.with_unit(r.previous, 2, Some(&unit))),
                        ("to", &ctx.numbers.with_unit(r.current, 2, Some(&unit))),
                        ("previous_year", &(r.year - 1).to_string()),
                        ("year", &r.year.to_string()),
                        ("change", &ctx.change(r.change, 1)),
                    ],
                ),
                justified,
                justification,
                by,
                also: Vec::new(),
            });
        }
    }
    let mut outcomes: Vec<RetrogressionRow> = Vec::new();
    for a in &ctx.inputs.assessment.results {
        if a.place != ctx.inputs.place {
            continue;
        }
        let Some(entry) = ctx.entries.get(&a.indicator) else {
            continue;
        };
        let unit = entry.unit.as_deref();
        let decimals = ctx
            .ws()
            .indicator(&a.indicator)
            .map(|i| {
                super::build::decimals(
                    &i.indicator,
                    ctx.inputs.evaluation.get(&a.indicator, ctx.inputs.place),
                )
            })
            .unwrap_or(2);
        // the headline first, then the groups; a group's fall joins the indicator's fall of
        // the same year and justification, so that one justification is printed once
        let mut flags: Vec<_> = a
            .targets
            .iter()
            .filter_map(|t| match &t.detail {
                TargetDetail::NonRetrogression { flags, .. } => Some(flags.iter()),
                _ => None,
            })
            .flatten()
            .collect();
        flags.sort_by(|x, y| {
            (!x.disaggregation.is_empty(), &x.disaggregation, x.to.year).cmp(&(
                !y.disaggregation.is_empty(),
                &y.disaggregation,
                y.to.year,
            ))
        });
        let first = outcomes.len();
        for f in flags {
            let (justified, justification, by) = justification_text(
                ctx,
                match &f.justification {
                    JustificationStatus::Given { text, by } => Some((text, by.as_ref())),
                    JustificationStatus::NoneGiven => None,
                },
            );
            let from = ctx.numbers.with_unit(f.from.value, decimals, unit);
            let to = ctx.numbers.with_unit(f.to.value, decimals, unit);
            let year = f.to.year.to_string();
            let group = f
                .disaggregation
                .iter()
                .map(|(k, v)| format!("{k}: {v}"))
                .collect::<Vec<_>>()
                .join(", ");
            let same = outcomes[first..].iter_mut().find(|r| {
                r.year == year
                    && r.justified == justified
                    && r.justification == justification
                    && r.by == by
            });
            match same {
                Some(row) if !group.is_empty() => {
                    row.also.push(format!("{group} {from} → {to}"));
                }
                _ => outcomes.push(RetrogressionRow {
                    title: if group.is_empty() {
                        entry.title.clone()
                    } else {
                        format!("{} ({group})", entry.title)
                    },
                    year: year.clone(),
                    what: ctx.fill(
                        "acc-retro-outcome-what",
                        &[
                            ("from", &from),
                            ("to", &to),
                            ("previous_year", &f.from.year.to_string()),
                            ("year", &year),
                        ],
                    ),
                    justified,
                    justification,
                    by,
                    also: Vec::new(),
                }),
            }
        }
    }
    outcomes.sort_by(|a, b| b.year.cmp(&a.year).then_with(|| a.title.cmp(&b.title)));
    Retrogressions {
        budget_intro,
        budget,
        outcomes_intro: ctx.label("acc-retro-outcome-intro"),
        outcomes,
    }
}

/// A line of a gap chart: a group's values over the years of the gap's history.
fn gap_line(label: String, points: Vec<(i32, f64)>) -> Line {
    let latest = points.last().map(|(y, v)| Dated {
        year: *y,
        period: None,
        value: *v,
    });
    Line {
        label,
        points: points
            .into_iter()
            .map(|(year, v)| Point {
                year,
                value: Some(v),
            })
            .collect(),
        latest,
    }
}

/// Gaps between groups of the indicators linked to rights: every widening one in the table
/// (largest ratio between worst-off and best-off first), charts of the first widening gaps
/// of outcome indicators.
fn groups(ctx: &mut Ctx<'_>) -> Groups {
    struct Found {
        order: (std::cmp::Reverse<u64>, String, String),
        row: GapRow,
        chart: Option<GapChart>,
    }
    let mut found: Vec<Found> = Vec::new();
    let mut measured = 0;
    let mut listed: std::collections::BTreeSet<(String, i32, String, u64, String, u64)> =
        std::collections::BTreeSet::new();
    let mut measured_keys = listed.clone();
    for a in &ctx.inputs.assessment.results {
        if a.place != ctx.inputs.place || a.leaving_no_one_behind.is_empty() {
            continue;
        }
        let Some(active) = ctx.ws().indicator(&a.indicator) else {
            continue;
        };
        // outcomes only: a gap in who is served by a programme (a process) is a matter of
        // need, not of being left behind
        if active.indicator.links.rights.is_empty()
            || active.indicator.links.ohchr_type != Some(OhchrType::Outcome)
        {
            continue;
        }
        let Some(entry) = ctx.entries.get(&a.indicator) else {
            continue;
        };
        // every gap once, even when two indicators read it from one dataset
        for g in &a.leaving_no_one_behind {
            measured_keys.insert((
                g.dimension.clone(),
                g.year,
                g.worst.group.clone(),
                g.worst.value.to_bits(),
                g.reference.group.clone(),
                g.reference.value.to_bits(),
            ));
        }
        measured = measured_keys.len();
        let decimals = super::build::decimals(
            &active.indicator,
            ctx.inputs.evaluation.get(&a.indicator, ctx.inputs.place),
        );
        let unit = entry.unit.clone();
        for g in a
            .leaving_no_one_behind
            .iter()
            .filter(|g| g.trend == AssessGapTrend::Widening)
        {
            // the same gap read by two indicators from one dataset is listed once
            let key = (
                g.dimension.clone(),
                g.year,
                g.worst.group.clone(),
                g.worst.value.to_bits(),
                g.reference.group.clone(),
                g.reference.value.to_bits(),
            );
            if !listed.insert(key) {
                continue;
            }
            let value = |v: f64| ctx.numbers.with_unit(v, decimals, unit.as_deref());
            // how many times the worse value is the better one (either way round)
            let ratio = g
                .gap_to_reference
                .ratio
                .map(|r| if r > 0.0 && r < 1.0 { 1.0 / r } else { r });
            let order = (
                std::cmp::Reverse(ratio.map_or(0, |r| (r * 1e6) as u64)),
                a.indicator.clone(),
                g.dimension.clone(),
            );
            let chart = (g.history.len() >= 2).then(|| GapChart {
                about: About {
                    title: entry.title.clone(),
                    unit: unit.clone(),
                    source: ctx.source_of(&a.indicator),
                    decimals,
                },
                dimension: ctx.words().dimension(&g.dimension),
                worst_off: gap_line(
                    ctx.words().category(&g.dimension, &g.worst.group),
                    g.history.iter().map(|p| (p.year, p.worst)).collect(),
                ),
                best_off: gap_line(
                    ctx.words().category(&g.dimension, &g.reference.group),
                    g.history.iter().map(|p| (p.year, p.reference)).collect(),
                ),
                total: {
                    let pts: Vec<(i32, f64)> = g
                        .history
                        .iter()
                        .filter_map(|p| Some((p.year, p.total?)))
                        .collect();
                    (!pts.is_empty()).then(|| gap_line(ctx.label("total"), pts))
                },
                gap: Some(Dated {
                    year: g.year,
                    period: None,
                    value: g.gap_to_reference.difference.abs(),
                }),
                trend: Some(GapTrend::Widening),
            });
            found.push(Found {
                order,
                row: GapRow {
                    indicator: entry.title.clone(),
                    dimension: ctx.words().dimension(&g.dimension),
                    worst: format!(
                        "{} {} ({})",
                        ctx.words().category(&g.dimension, &g.worst.group),
                        value(g.worst.value),
                        g.year
                    ),
                    best: format!(
                        "{} {}",
                        ctx.words().category(&g.dimension, &g.reference.group),
                        value(g.reference.value)
                    ),
                    gap: super::format::difference_with_unit(
                        g.gap_to_reference.difference.abs(),
                        decimals,
                        unit.as_deref(),
                        ctx.labels.get("percentage-points"),
                        &ctx.lang,
                    ),
                },
                chart,
            });
        }
    }
    found.sort_by(|a, b| a.order.cmp(&b.order));
    let mut charts = Vec::new();
    let drawable: Vec<GapChart> = found
        .iter()
        .filter_map(|f| f.chart.clone())
        .take(GAP_CHARTS)
        .collect();
    for (i, chart) in drawable.into_iter().enumerate() {
        if let Some(c) = ctx.draw(
            &format!("accountability-gap-{}", i + 1),
            ChartInput::Gap(chart),
        ) {
            charts.push(c);
        }
    }
    let rows: Vec<GapRow> = found.into_iter().map(|f| f.row).collect();
    let text = ctx
        .ws()
        .project()
        .texts
        .leaving_no_one_behind
        .as_ref()
        .map(|t| paragraphs(t.get(&ctx.lang)))
        .unwrap_or_default();
    Groups {
        text,
        intro: if measured == 0 {
            ctx.label("acc-groups-none")
        } else {
            ctx.fill(
                "acc-groups-intro",
                &[
                    ("n", &ctx.number(measured as f64, 0)),
                    ("widening", &ctx.number(rows.len() as f64, 0)),
                ],
            )
        },
        measured,
        rows,
        charts,
    }
}

/// The accountability report: one PDF named after the spec's file stem.
pub struct Accountability;

impl super::Publication for Accountability {
    fn data(&self, ctx: &mut Ctx<'_>) -> serde_json::Result<Vec<u8>> {
        serde_json::to_vec(&build(ctx))
    }
}
