//! `localis budget`: runs the budget stage and the scorecards, writes their JSON and prints a plain-text summary.

use std::fmt::Write as _;
use std::path::PathBuf;

use serde::Serialize;

use crate::evaluate::{DataFile, IndicatorResult};
use crate::load::Workspace;
use crate::output::write_atomic;
use crate::scorecard::{Light, ScorecardStatus};

use crate::budget::analysis::{BudgetAnalysis, PefaIndicator};
use crate::budget::ids;

/// What `localis budget` computes.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct BudgetRun {
    /// The budget's judgements (none without a `budget:` section or when it could not be read).
    pub analysis: Option<BudgetAnalysis>,
    /// The budget indicators.
    pub results: Vec<IndicatorResult>,
    /// The files the indicators' rows point at.
    pub files: Vec<DataFile>,
    /// The status of every scorecard.
    pub scorecards: Vec<ScorecardStatus>,
}

/// Writes `budget/analysis.json`, `budget/indicators.json` and `budget/scorecards.json` in the
/// project's output folder; returns the paths written.
pub fn write(ws: &Workspace, run: &BudgetRun) -> std::io::Result<Vec<PathBuf>> {
    let dir = ws.root.join(&ws.project().output).join("budget");
    let mut written = write_stage_outputs(&dir, run)?;
    let mut bytes = serde_json::to_vec_pretty(&run.results).map_err(std::io::Error::other)?;
    bytes.push(b'\n');
    let path = dir.join("indicators.json");
    write_atomic(&path, &bytes)?;
    written.insert(1, path);
    Ok(written)
}

/// Writes `analysis.json` and `scorecards.json` into `dir` (what `localis eval` adds to its
/// results, which already hold the budget's indicators); returns the paths written.
pub(crate) fn write_stage_outputs(
    dir: &std::path::Path,
    run: &BudgetRun,
) -> std::io::Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    let files: [(&str, serde_json::Result<Vec<u8>>); 2] = [
        ("analysis.json", serde_json::to_vec_pretty(&run.analysis)),
        (
            "scorecards.json",
            serde_json::to_vec_pretty(&run.scorecards),
        ),
    ];
    for (name, bytes) in files {
        let mut bytes = bytes.map_err(std::io::Error::other)?;
        bytes.push(b'\n');
        let path = dir.join(name);
        write_atomic(&path, &bytes)?;
        written.push(path);
    }
    Ok(written)
}

/// Groups digits by thousands: 1234567.8 with 0 decimals is `1,234,568`.
fn number(v: f64, decimals: usize) -> String {
    let s = format!("{:.*}", decimals, v.abs());
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if v < 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0') {
        "-"
    } else {
        ""
    };
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}.{frac}")
    }
}

fn value(
    results: &[IndicatorResult],
    id: &str,
    dim: Option<(&str, &str)>,
    year: i32,
) -> Option<f64> {
    let r = results.iter().find(|r| r.indicator == id)?;
    let s = r.series.iter().find(|s| match dim {
        None => s.disaggregation.is_empty(),
        Some((k, v)) => {
            s.disaggregation.len() == 1 && s.disaggregation.get(k).is_some_and(|x| x == v)
        }
    })?;
    s.observations.iter().find(|o| o.year == year)?.value
}

fn cell(v: Option<f64>, decimals: usize, suffix: &str) -> String {
    v.map_or("-".to_string(), |v| {
        format!("{}{suffix}", number(v, decimals))
    })
}

fn light(l: Light) -> &'static str {
    match l {
        Light::OnTrack => "on track",
        Light::Attention => "attention",
        Light::OffTrack => "off track",
        Light::NoData => "no data",
        Light::Pending => "pending",
    }
}

/// A plain-text summary of the run, for the terminal (English; publications are per language).
pub fn render(ws: &Workspace, run: &BudgetRun) -> String {
    let mut out = String::new();
    let lang = ws
        .project()
        .languages
        .first()
        .cloned()
        .unwrap_or_else(|| "en".into());
    if let Some(a) = &run.analysis {
        let currency = a.currency.clone().unwrap_or_default();
        let _ = writeln!(
            out,
            "Budget of {} ({currency}{})",
            ws.project().place.name.get(&lang),
            a.base_year
                .map(|b| format!("; real terms in {b} prices"))
                .unwrap_or_default()
        );
        let _ = writeln!(
            out,
            "\n{:<6} {:>16} {:>16} {:>16} {:>10} {:>7}",
            "year", "approved", "revised", "executed", "executed%", "PI-1"
        );
        let pi1 = a.pefa.iter().find(|p| p.pefa == PefaIndicator::Pi1);
        for y in &a.years {
            let band = pi1
                .and_then(|p| p.years.iter().find(|x| x.year == *y))
                .map_or("-", |x| x.band.letter());
            let _ = writeln!(
                out,
                "{:<6} {:>16} {:>16} {:>16} {:>10} {:>7}",
                y,
                cell(value(&run.results, ids::APPROVED, None, *y), 0, ""),
                cell(value(&run.results, ids::REVISED, None, *y), 0, ""),
                cell(value(&run.results, ids::EXECUTED, None, *y), 0, ""),
                cell(value(&run.results, ids::EXECUTION_RATE, None, *y), 1, "%"),
                band
            );
        }
        if !a.pefa.is_empty() {
            let _ = writeln!(
                out,
                "\nPEFA grades (best band met in at least two of the last three completed years):"
            );
            for p in &a.pefa {
                let name = p.pefa.code().to_string();
                let years = match (p.grade_years.first(), p.grade_years.last()) {
                    (Some(f), Some(l)) => format!(" ({f}-{l})"),
                    _ => " (the budget does not cover three completed years)".into(),
                };
                let _ = writeln!(
                    out,
                    "  {name:<7} {}{years}",
                    p.grade.map_or("no grade", |g| g.letter())
                );
            }
        }
        if let Some(latest) = a.closed_years.last().or(a.years.last()).copied() {
            let _ = writeln!(
                out,
                "\n{:<32} {:>16} {:>9} {:>16} {:>10}",
                format!("right ({latest})"),
                "executed",
                "share",
                "real/head alloc.",
                "real chg"
            );
            for r in &a.rights {
                let d = Some(("Right", r.as_str()));
                let _ = writeln!(
                    out,
                    "{:<32} {:>16} {:>9} {:>16} {:>10}",
                    r,
                    cell(value(&run.results, ids::EXECUTED, d, latest), 0, ""),
                    cell(value(&run.results, ids::EXECUTED_SHARE, d, latest), 1, "%"),
                    cell(
                        value(&run.results, ids::APPROVED_REAL_PER_HEAD, d, latest),
                        2,
                        ""
                    ),
                    cell(
                        value(&run.results, ids::APPROVED_REAL_CHANGE, d, latest),
                        1,
                        "%"
                    ),
                );
            }
        }
        let _ = writeln!(
            out,
            "\nRetrogressions (real {} allocation per inhabitant fell):",
            a.retrogression_amount.name()
        );
        if a.retrogressions.is_empty() {
            let _ = writeln!(out, "  none");
        }
        for r in &a.retrogressions {
            let why = match &r.justification {
                Some(j) => format!("justified: {}", j.text.get(&lang)),
                None => "no justification was given".to_string(),
            };
            let _ = writeln!(
                out,
                "  {} {}: {} -> {} ({}%): {why}",
                r.year,
                r.right,
                number(r.previous, 2),
                number(r.current, 2),
                number(r.change, 1)
            );
        }
    }
    if !run.scorecards.is_empty() {
        let _ = writeln!(out, "\nBalanced Score Cards:");
        for s in &run.scorecards {
            let perspectives: Vec<String> = s
                .perspectives
                .iter()
                .map(|p| format!("{} {}", p.perspective.name(), light(p.status.light)))
                .collect();
            let _ = writeln!(
                out,
                "  {} {}: {} ({})",
                s.department,
                s.year,
                light(s.status.light),
                perspectives.join(", ")
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::number;

    #[test]
    fn numbers_group_thousands() {
        assert_eq!(number(1234567.8, 0), "1,234,568");
        assert_eq!(number(-1234.5, 1), "-1,234.5");
        assert_eq!(number(999.0, 0), "999");
        assert_eq!(number(-0.001, 1), "0.0");
    }
}
