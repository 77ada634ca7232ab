//! Writes an assessment: the whole of it as JSON, and tidy CSV tables of progress, targets and summaries, each atomically.

use std::path::{Path, PathBuf};

use crate::output::write_atomic;

use crate::assess::result::{Assessment, Category, StatusCounts, YearValue};

/// The files written, relative to the output folder.
pub const FILES: [&str; 4] = [
    "assessment.json",
    "assessment.csv",
    "targets.csv",
    "summary.csv",
];

/// Writes `assessment.json` (everything), `assessment.csv` (one row per indicator, place,
/// disaggregation and method), `targets.csv` (one row per target check) and `summary.csv`
/// (counts by category per place and goal, right or OHCHR type) into `dir`. Returns the paths.
pub fn write(dir: &Path, a: &Assessment) -> std::io::Result<Vec<PathBuf>> {
    let mut json = serde_json::to_vec(a).map_err(std::io::Error::other)?;
    json.push(b'\n');
    let files = [
        (FILES[0], json),
        (FILES[1], progress_csv(a)?),
        (FILES[2], targets_csv(a)?),
        (FILES[3], summary_csv(a)?),
    ];
    let mut written = Vec::new();
    for (name, bytes) in files {
        let path = dir.join(name);
        write_atomic(&path, &bytes)?;
        written.push(path);
    }
    Ok(written)
}

fn num(v: Option<f64>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

fn year(v: Option<YearValue>) -> String {
    v.map(|v| v.year.to_string()).unwrap_or_default()
}

fn value(v: Option<YearValue>) -> String {
    num(v.map(|v| v.value))
}

/// A serde enum's kebab-case name.
fn name<T: serde::Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

fn finish(w: csv::Writer<Vec<u8>>) -> std::io::Result<Vec<u8>> {
    w.into_inner()
        .map_err(|e| std::io::Error::other(e.to_string()))
}

fn progress_csv(a: &Assessment) -> std::io::Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "indicator",
        "place",
        "disaggregation",
        "method",
        "status",
        "category",
        "score",
        "ratio",
        "cagr",
        "required_cagr",
        "projected",
        "base_year",
        "base_value",
        "latest_year",
        "latest_value",
        "target_year",
        "target_value",
        "reason",
        "uses_progress_column",
        "headline_status",
    ])?;
    for r in &a.results {
        for s in &r.series {
            let dis = crate::output::results::disaggregation_cell(&s.disaggregation);
            for p in &s.progress {
                w.write_record([
                    r.indicator.clone(),
                    r.place.clone(),
                    dis.clone(),
                    name(&p.method),
                    name(&p.status),
                    name(&p.category),
                    num(p.score),
                    num(p.ratio),
                    num(p.cagr),
                    num(p.required_cagr),
                    num(p.projected),
                    year(p.base),
                    value(p.base),
                    year(p.latest),
                    value(p.latest),
                    year(p.target),
                    value(p.target),
                    p.reason.as_ref().map(name).unwrap_or_default(),
                    s.uses_progress_column.to_string(),
                    name(&r.status),
                ])?;
            }
        }
    }
    finish(w)
}

fn targets_csv(a: &Assessment) -> std::io::Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "indicator",
        "place",
        "target",
        "kind",
        "status",
        "category",
        "year",
        "value",
        "latest_year",
        "latest_value",
        "distance_left",
    ])?;
    for r in &a.results {
        for t in &r.targets {
            w.write_record([
                r.indicator.clone(),
                r.place.clone(),
                t.index.to_string(),
                t.kind.clone(),
                name(&t.status),
                t.category.as_ref().map(name).unwrap_or_default(),
                t.year.map(|y| y.to_string()).unwrap_or_default(),
                num(t.value),
                year(t.latest),
                value(t.latest),
                num(t.distance_left),
            ])?;
        }
    }
    finish(w)
}

fn summary_csv(a: &Assessment) -> std::io::Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = ["place", "group", "id"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    header.extend(Category::ALL.iter().map(|c| c.name().replace('-', "_")));
    header.extend(
        [
            "total",
            "escap_current_status",
            "score",
            "scorable",
            "unscored",
        ]
        .iter()
        .map(|s| s.to_string()),
    );
    w.write_record(&header)?;
    let counts = |c: &StatusCounts| -> Vec<String> {
        Category::ALL
            .iter()
            .map(|k| c.get(*k).to_string())
            .chain(std::iter::once(c.total.to_string()))
            .collect()
    };
    for s in &a.summaries {
        let mut row = |group: &str, id: &str, c: &StatusCounts, extra: [String; 4]| {
            let mut r = vec![s.place.clone(), group.to_string(), id.to_string()];
            r.extend(counts(c));
            r.extend(extra);
            w.write_record(&r)
        };
        let none = || [String::new(), String::new(), String::new(), String::new()];
        row("overall", "", &s.overall, none())?;
        for g in &s.goals {
            row(
                "goal",
                &g.goal,
                &g.counts,
                [
                    num(g.escap_current_status),
                    num(g.score),
                    g.scorable.to_string(),
                    g.unscored.to_string(),
                ],
            )?;
        }
        for g in &s.rights {
            row("right", &g.id, &g.counts, none())?;
        }
        for g in &s.ohchr_types {
            row("ohchr-type", &g.id, &g.counts, none())?;
        }
    }
    finish(w)
}
