//! The VLR's budget as a means of implementation: key numbers, charts by SDG goal and the annex's one-page budget summary.
//!
//! Every number is read from the budget indicators the budget stage joined into the
//! evaluation (`budget-executed`, `budget-execution-rate`...), the one source of the figures
//! the other publications and the open data show; nothing is computed here. The full budget
//! (by programme, department, right and SDG target) is open data, not annex pages.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::budget::ids;
use crate::diag::Diagnostic;
use crate::load::sdg::code_order;
use crate::publish::charts::{Chart as ChartInput, ChartRenderer};
use crate::publish::figures::{self, FigureSource};

use super::build::figure_path;
use super::data::{Chart, KeyNumber};
use super::labels::Labels;

/// The budget in the VLR: the year it reports on, key numbers, charts and the summary by goal.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Budget {
    /// The budget year: the latest year whose spending is known.
    pub year: String,
    /// The budget year's totals, as key-number panels.
    pub key_numbers: Vec<KeyNumber>,
    /// What the section shows, in a sentence.
    pub intro: String,
    /// Spending by goal over time and execution by goal in the budget year.
    pub charts: Vec<Chart>,
    /// Heading of the annex summary.
    pub summary_title: String,
    /// One row per SDG goal the budget is tagged with, in goal order.
    pub goals: Vec<BudgetRow>,
    /// The whole budget.
    pub total: BudgetRow,
    /// How to read the summary and where the full budget is published.
    pub note: String,
}

/// One goal's (or the whole budget's) amounts in the budget year, written out.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BudgetRow {
    /// The goal (`1 No poverty`), or the words for the whole budget.
    pub label: String,
    /// The goal's code, for its colour (none for the whole budget).
    pub code: Option<String>,
    /// Approved amount.
    pub approved: String,
    /// Executed amount.
    pub executed: String,
    /// Executed / approved.
    pub rate: String,
    /// Share of all spending.
    pub share: String,
    /// Real change of spending on the year before.
    pub change: String,
}

/// What the section is built from: the figures' source (with the budget analysis), the labels
/// of the report language and the chart renderer.
pub struct Section<'a, 'r> {
    /// The evaluation with the budget's indicators, and the budget analysis.
    pub source: &'a FigureSource<'a>,
    /// Labels of the report language.
    pub labels: &'a Labels,
    /// The chart renderer of the report language.
    pub renderer: &'a ChartRenderer<'r>,
}

impl Section<'_, '_> {
    /// The budget section, its figures added to `figures` (by virtual path); `None` when the
    /// project has no budget or no year with spending. A chart that cannot be drawn is left out
    /// with a warning in `problems`.
    pub fn build(
        &self,
        figures: &mut BTreeMap<String, Vec<u8>>,
        problems: &mut Vec<Diagnostic>,
    ) -> Option<Budget> {
        let analysis = self.source.budget?;
        let year = *analysis.closed_years.last().or(analysis.years.last())?;
        let l = self.labels;
        let numbers = crate::publish::format::NumberFormat::for_language(&l.lang);
        let currency = analysis
            .currency
            .as_deref()
            .map(|c| crate::load::words::currency_symbol(c).to_string())
            .unwrap_or_default();
        let value = |id: &str, groups: &[(&str, &str)], y: i32| self.value(id, groups, y);
        let executed = value(ids::EXECUTED, &[], year)?;
        let y = year.to_string();
        let previous = (year - 1).to_string();
        let change = |v: f64| numbers.change(v, 1);

        let mut key_numbers = vec![KeyNumber {
            value: l.amount(executed, &currency),
            label: l.fill("means-spent", &[("year", &y)]),
            tone: None,
        }];
        let mut panel = |v: Option<f64>, text: String, write: &dyn Fn(f64) -> String| {
            if let Some(v) = v {
                key_numbers.push(KeyNumber {
                    value: write(v),
                    label: text,
                    tone: None,
                });
            }
        };
        let percent = |v: f64| numbers.percent(v, 1);
        panel(
            value(ids::EXECUTION_RATE, &[], year),
            l.fill("means-rate", &[("year", &y)]),
            &percent,
        );
        panel(
            value(ids::EXECUTED_REAL_CHANGE, &[], year),
            l.fill("means-real-change", &[("year", &previous)]),
            &change,
        );
        panel(
            value(ids::EXECUTED_SHARE, &[], year),
            l.get("means-rights-share").to_string(),
            &percent,
        );

        let dash = || "–".to_string();
        let row = |label: String, code: Option<String>, groups: &[(&str, &str)]| BudgetRow {
            label,
            code,
            approved: value(ids::APPROVED, groups, year)
                .map_or_else(dash, |v| l.amount(v, &currency)),
            executed: value(ids::EXECUTED, groups, year)
                .map_or_else(dash, |v| l.amount(v, &currency)),
            rate: value(ids::EXECUTION_RATE, groups, year).map_or_else(dash, percent),
            share: if groups.is_empty() {
                numbers.percent(100.0, 0)
            } else {
                value(ids::EXECUTED_SHARE, groups, year).map_or_else(dash, percent)
            },
            change: value(ids::EXECUTED_REAL_CHANGE, groups, year).map_or_else(dash, change),
        };
        let mut codes: Vec<String> = self.goals();
        codes.sort_by_key(|c| code_order(c));
        let goals: Vec<BudgetRow> = codes
            .iter()
            .filter(|c| value(ids::EXECUTED, &[(ids_sdg(), c)], year).is_some())
            .map(|c| {
                let name = self
                    .source
                    .ws
                    .sdg
                    .short_title(c, &l.lang)
                    .map_or_else(|| c.clone(), |t| format!("{c} {t}"));
                row(name, Some(c.clone()), &[(ids_sdg(), c)])
            })
            .collect();
        let total = row(l.get("means-total").to_string(), None, &[]);
        // lines tagged with several goals count under each: said only when the shares show it
        let shares: f64 = codes
            .iter()
            .filter_map(|c| value(ids::EXECUTED_SHARE, &[(ids_sdg(), c)], year))
            .sum();
        let mut note = l.get("means-summary-note").to_string();
        if shares > 100.05 {
            note = format!("{} {note}", l.get("means-summary-overlap"));
        }

        let words = crate::publish::sentences::Labels(l.words.clone());
        let mut charts = Vec::new();
        let drawn = [
            figures::budget_spending(self.source, &l.lang, &words, ids_sdg())
                .map(|c| ("vlr-budget-by-sdg", ChartInput::Budget(c))),
            figures::budget_execution(self.source, &l.lang, &words, ids_sdg())
                .map(|c| ("vlr-execution-by-sdg", ChartInput::Execution(c))),
        ];
        for (name, chart) in drawn.into_iter().flatten() {
            match self.renderer.render(&chart) {
                Ok(d) => {
                    let path = figure_path(name);
                    figures.insert(path.clone(), d.svg.into_bytes());
                    charts.push(Chart { path, alt: d.alt });
                }
                Err(e) => problems.push(
                    Diagnostic::warning(
                        "chart-failed",
                        format!("failed to draw the chart `{name}` ({e})"),
                    )
                    .hint("the review shows the budget's figures without this chart"),
                ),
            }
        }

        Some(Budget {
            // the charts are named only when both were drawn
            intro: l.fill(
                if charts.len() == 2 {
                    "means-intro"
                } else {
                    "means-intro-short"
                },
                &[("year", &y)],
            ),
            summary_title: l.fill("means-summary", &[("year", &y)]),
            note,
            year: y,
            key_numbers,
            charts,
            goals,
            total,
        })
    }

    /// The shown value of a budget indicator's series with exactly these groups in a year.
    fn value(&self, id: &str, groups: &[(&str, &str)], year: i32) -> Option<f64> {
        self.source
            .evaluation
            .get(id, self.source.place)?
            .series_with(groups)?
            .observations
            .iter()
            .find(|o| o.year == year && !o.suppressed)?
            .value
    }

    /// The SDG goals the budget's spending is broken down by.
    fn goals(&self) -> Vec<String> {
        figures::budget_groups(self.source, ids::EXECUTED, ids_sdg())
            .into_keys()
            .map(str::to_string)
            .collect()
    }
}

/// The dimension the budget's lines are broken down by SDG goal in.
fn ids_sdg() -> &'static str {
    crate::model::budget_dimension::SDG
}
