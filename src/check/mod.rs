//! Check stage: finds every semantic problem of a loaded project and points at the offending value.

use std::collections::{BTreeMap, BTreeSet};

use crate::diag::{Diagnostic, FileId};
use crate::load::dataset;
use crate::load::{ActiveIndicator, DatasetIndex, Located, Workspace};
use crate::model::*;
use crate::yaml::{self, Step};

pub mod maps;
pub mod texts;
pub mod vocabulary;

/// Runs the checks of the project, its datasets, maps, indicators and texts (the budget and
/// the scorecards check themselves: `pipeline::check_all` runs all); problems go to
/// `ws.diagnostics`. Returns the dataset index it built.
pub(crate) fn check(ws: &mut Workspace) -> DatasetIndex {
    let mut out = Vec::new();
    let index = check_datasets(ws, &mut out);
    out.extend(maps::check(ws, &index));
    check_project(ws, &mut out);
    check_duplicates(ws, &mut out);
    check_file_names(ws, &mut out);
    check_not_empty(ws, &mut out);
    check_sdg_library(ws, &mut out);
    let ctx = Context::new(ws, &index);
    for a in &ws.active {
        ctx.check_indicator(a, &mut out);
    }
    check_cycles(ws, &mut out);
    out.extend(vocabulary::check(ws, &index));
    out.extend(texts::check(ws));
    ws.diagnostics.extend(out);
    index
}

fn check_project(ws: &Workspace, out: &mut Vec<Diagnostic>) {
    let Some(p) = &ws.project else { return };
    let f = ws.project_file;
    if p.target_year <= p.base_year {
        out.push(
            Diagnostic::error(
                "year-order",
                format!(
                    "target year {} is not after base year {}",
                    p.target_year, p.base_year
                ),
            )
            .at(f, ws.project_span(&["target-year".into()]))
            .related(f, ws.project_span(&["base-year".into()]), "base year")
            .hint("the target year must come after the base year"),
        );
    }
    if p.languages.is_empty() {
        out.push(
            Diagnostic::error("no-language", "the project names no language")
                .at(f, ws.project_span(&["languages".into()]))
                .hint("add `languages: [en]` (first the main language)"),
        );
    }
    for (i, l) in p.languages.iter().enumerate() {
        if !is_language_code(l) {
            out.push(
                Diagnostic::error("bad-language", format!("`{l}` is not a language code"))
                    .at(f, ws.project_span(&["languages".into(), i.into()]))
                    .hint("use codes such as `en`, `pt`, `pt-BR`, `es`, `de`, `fr`"),
            );
        }
    }
    let own_fonts = ws.root.join("report-templates").join("fonts").is_dir();
    for (i, l) in p.languages.iter().enumerate() {
        if let Some(script) = uncovered_script(l)
            && !own_fonts
        {
            out.push(
                Diagnostic::warning(
                    "font-coverage",
                    format!("the embedded fonts do not cover the {script} script of language `{l}`"),
                )
                .at(f, ws.project_span(&["languages".into(), i.into()]))
                .hint(format!(
                    "add an open-licence font for {script} (such as the Noto family) to the project's report-templates/fonts/"
                )),
            );
        }
    }
    if ws.sdg.is_loaded() && !ws.sdg.version.is_empty() && ws.sdg.version != p.framework {
        out.push(
            Diagnostic::warning(
                "framework-version",
                format!(
                    "the project uses SDG framework `{}` but the SDG library holds `{}`",
                    p.framework, ws.sdg.version
                ),
            )
            .at(f, ws.project_span(&["framework".into()]))
            .hint(format!(
                "set `framework: \"{}\"` or load a matching SDG library",
                ws.sdg.version
            )),
        );
    }
    for (i, r) in p.reports.iter().enumerate() {
        let custom = ws
            .root
            .join("report-templates")
            .join(&r.template)
            .join("main.typ")
            .is_file()
            || ws
                .root
                .join("report-templates")
                .join(format!("{}.typ", r.template))
                .is_file();
        if !REPORT_TEMPLATES.contains(&r.template.as_str()) && !custom {
            out.push(
                Diagnostic::error(
                    "unknown-template",
                    format!("unknown report template `{}`", r.template),
                )
                .at(f, ws.project_span(&["reports".into(), i.into()]))
                .hint(match yaml::closest(&r.template, REPORT_TEMPLATES) {
                    Some(b) => format!("did you mean `{b}`?"),
                    None => format!("shipped templates: {}", yaml::list_names(&REPORT_TEMPLATES)),
                }),
            );
        }
        for (j, l) in r.languages.iter().enumerate() {
            if !p.languages.contains(l) {
                out.push(
                    Diagnostic::warning(
                        "report-language",
                        format!("report language `{l}` is not a project language"),
                    )
                    .at(
                        f,
                        ws.project_span(&[
                            "reports".into(),
                            i.into(),
                            "languages".into(),
                            j.into(),
                        ]),
                    )
                    .hint("add it to `languages:` so that titles are checked for it"),
                );
            }
        }
    }
}

fn check_datasets(ws: &Workspace, out: &mut Vec<Diagnostic>) -> DatasetIndex {
    let Some(p) = &ws.project else {
        return DatasetIndex::default();
    };
    let (datasets, diags) = dataset::resolve_datasets(
        &ws.root,
        &p.datasets,
        &p.data_roots,
        ws.project_file,
        &ws.project_node,
    );
    out.extend(diags);
    if let Some(pf) = &p.places {
        let (roots, _) = crate::load::confine::DataRoots::new(&ws.root, &p.data_roots);
        if let Err(reason) = roots.check_file(&ws.root.join(&pf.path)) {
            out.push(
                Diagnostic::error(
                    match reason {
                        crate::load::confine::Refusal::Outside { .. } => "outside-project",
                        crate::load::confine::Refusal::Missing => "missing-file",
                        _ => "not-a-file",
                    },
                    format!(
                        "failed to use the places file `{}` ({})",
                        pf.path,
                        reason.cause()
                    ),
                )
                .at(
                    ws.project_file,
                    ws.project_span(&["places".into(), "path".into()]),
                )
                .hint(reason.hint()),
            );
        }
    }
    let mut headers = BTreeMap::new();
    // the budget section says what the columns of its tables mean
    let budget_tables: BTreeSet<&str> = p
        .budget
        .iter()
        .flat_map(|b| {
            std::iter::once(b.lines.as_str()).chain(b.revenue.as_ref().map(|r| r.dataset.as_str()))
        })
        .collect();
    for d in &datasets {
        let spec = &p.datasets[d.spec_index];
        let budget_table = budget_tables.contains(d.id.as_str());
        let base = [Step::from("datasets"), Step::Index(d.spec_index)];
        let Some(first) = d.files.first() else {
            continue;
        };
        match dataset::read_headers(first, spec) {
            Ok(h) => {
                let c = &spec.columns;
                let mut mapped: Vec<(&str, &String)> = Vec::new();
                for (key, v) in [
                    ("period", &c.period),
                    ("date", &c.date),
                    ("place", &c.place),
                    ("value", &c.value),
                    ("units", &c.units),
                    ("series", &c.series),
                    ("status", &c.status),
                    ("comment", &c.comment),
                    ("progress", &c.progress),
                ] {
                    if let Some(v) = v {
                        mapped.push((key, v));
                    }
                }
                for (key, col) in mapped {
                    if !h.contains(col) {
                        let path = [
                            base[0].clone(),
                            base[1].clone(),
                            "columns".into(),
                            key.into(),
                        ];
                        out.push(unknown_column(
                            ws.project_file,
                            ws.project_node.span_at(&path),
                            col,
                            &d.id,
                            &h,
                        ));
                    }
                }
                for (j, col) in c.dimensions.iter().flatten().enumerate() {
                    if !h.contains(col) {
                        let path = [
                            base[0].clone(),
                            base[1].clone(),
                            "columns".into(),
                            "dimensions".into(),
                            j.into(),
                        ];
                        out.push(unknown_column(
                            ws.project_file,
                            ws.project_node.span_at(&path),
                            col,
                            &d.id,
                            &h,
                        ));
                    }
                }
                let period = c
                    .period
                    .clone()
                    .unwrap_or_else(|| dataset::columns::YEAR.into());
                let needs_period = c.date.is_none();
                if needs_period && c.period.is_none() && !h.contains(&period) && !budget_table {
                    out.push(
                        Diagnostic::error("missing-column", format!("dataset `{}` has no `{period}` column", d.id))
                            .at(ws.project_file, ws.project_node.span_at(&[base[0].clone(), base[1].clone(), "path".into()]))
                            .hint("name the period column with `columns: {period: ...}`, or `date:` for records"),
                    );
                }
                if spec.kind != DatasetKind::Records
                    && !budget_table
                    && c.value.is_none()
                    && !h.iter().any(|x| x == dataset::columns::VALUE)
                {
                    out.push(
                        Diagnostic::error(
                            "missing-column",
                            format!("dataset `{}` has no `Value` column", d.id),
                        )
                        .at(
                            ws.project_file,
                            ws.project_node.span_at(&[
                                base[0].clone(),
                                base[1].clone(),
                                "path".into(),
                            ]),
                        )
                        .hint("name the value column with `columns: {value: ...}`"),
                    );
                }
                headers.insert(d.id.clone(), h);
            }
            Err(e) => out.push(
                Diagnostic::error(
                    "unreadable-file",
                    format!(
                        "failed to read the header of {} ({e})",
                        ws.display_path(first)
                    ),
                )
                .at(
                    ws.project_file,
                    ws.project_node
                        .span_at(&[base[0].clone(), base[1].clone(), "path".into()]),
                )
                .hint(dataset::unreadable_hint(first)),
            ),
        }
    }
    DatasetIndex { datasets, headers }
}

fn unknown_column(
    file: FileId,
    span: std::ops::Range<usize>,
    col: &str,
    dataset: &str,
    headers: &[String],
) -> Diagnostic {
    let hint = match yaml::closest(col, headers.iter().map(String::as_str)) {
        Some(b) => format!("did you mean `{b}`?"),
        None => format!(
            "its columns are {}",
            headers
                .iter()
                .map(|h| format!("`{h}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    Diagnostic::error(
        "unknown-column",
        format!("dataset `{dataset}` has no column `{col}`"),
    )
    .at(file, span)
    .hint(hint)
}

fn check_duplicates(ws: &Workspace, out: &mut Vec<Diagnostic>) {
    fn dups<T>(
        items: &[Located<T>],
        id: impl Fn(&T) -> &str,
        what: &str,
        out: &mut Vec<Diagnostic>,
    ) {
        let mut first: BTreeMap<&str, &Located<T>> = BTreeMap::new();
        for item in items {
            let key = id(&item.value);
            match first.get(key) {
                Some(f) => out.push(
                    Diagnostic::error("duplicate-id", format!("{what} id `{key}` is defined twice"))
                        .at_labelled(item.file, item.span(&["id".into()]), "defined again here")
                        .related(f.file, f.span(&["id".into()]), "first defined here")
                        .hint("rename one of them, or override the first with a set's `overrides` instead of redefining it"),
                ),
                None => {
                    first.insert(key, item);
                }
            }
        }
    }
    dups(&ws.definitions, |i| &i.id, "indicator", out);
    dups(&ws.sets, |s| &s.id, "set", out);
    dups(&ws.rights, |r| &r.id, "right", out);
    dups(&ws.departments, |d| &d.id, "department", out);
    dups(&ws.award_schemes, |a| &a.id, "award scheme", out);
    fn ids<T>(
        items: &[Located<T>],
        id: impl Fn(&T) -> &str,
        what: &str,
        out: &mut Vec<Diagnostic>,
    ) {
        for item in items {
            if let Some(d) = bad_id(id(&item.value), what) {
                out.push(d.at(item.file, item.span(&["id".into()])));
            }
        }
    }
    ids(&ws.definitions, |i| &i.id, "indicator", out);
    ids(&ws.sets, |s| &s.id, "set", out);
    ids(&ws.rights, |r| &r.id, "right", out);
    ids(&ws.departments, |d| &d.id, "department", out);
    ids(&ws.award_schemes, |a| &a.id, "award scheme", out);
    if let Some(p) = &ws.project {
        for (i, d) in p.departments.iter().enumerate() {
            if let Some(diag) = bad_id(&d.id, "department") {
                out.push(diag.at(
                    ws.project_file,
                    ws.project_span(&["departments".into(), i.into(), "id".into()]),
                ));
            }
        }
    }
}

/// The longest id: ids become file names (`<id>.by-<dimension>.svg`), which most file
/// systems limit to 255 bytes.
pub(crate) const MAX_ID_CHARS: usize = 100;

/// The problem with an id that later stages use in file names and links, if any: empty,
/// longer than [`MAX_ID_CHARS`], `.`, `..` or any id starting or ending with `.`, or
/// characters other than ASCII letters, digits, `-`, `_` and `.`.
pub(crate) fn bad_id(id: &str, what: &str) -> Option<Diagnostic> {
    let count = id.chars().count();
    let shown: String = if count > 40 {
        format!("{}…", id.chars().take(40).collect::<String>())
    } else {
        id.to_string()
    };
    let cause = if id.is_empty() {
        "it is empty".to_string()
    } else if count > MAX_ID_CHARS {
        format!("it is {count} characters long; ids have at most {MAX_ID_CHARS}")
    } else if let Some(c) = id
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
    {
        if c.is_control() {
            format!("it holds the control character U+{:04X}", u32::from(c))
        } else {
            format!("it holds `{c}`")
        }
    } else if id.starts_with('.') {
        "it starts with `.`".to_string()
    } else if id.ends_with('.') {
        "it ends with `.`".to_string()
    } else {
        return None;
    };
    Some(
        Diagnostic::error("bad-id", format!("`{shown}` is not a valid {what} id ({cause})"))
            .hint("ids become file names: use letters, digits, `-`, `_` and `.` (not first or last), at most 100 characters"),
    )
}

/// Summary charts written next to the indicators' charts (`<name>.svg`), and the prefix of
/// the per-goal rankings.
const SUMMARY_CHARTS: [&str; 10] = [
    "dashboard-sdg",
    "dashboard-ohchr",
    "dashboard-rights",
    "dashboard-bsc",
    "progress-escap",
    "milestones",
    "budget-by-right",
    "budget-by-sdg",
    "execution-by-right",
    "execution-by-sdg",
];

/// Indicator ids whose chart files would be written over another chart's: a summary chart's
/// name, the chart of another indicator by a dimension (`x.by-district`, `x.gap-sex`), or an
/// id that differs from another only in case (one file on Windows and macOS).
fn check_file_names(ws: &Workspace, out: &mut Vec<Diagnostic>) {
    let active: BTreeMap<&str, &ActiveIndicator> = ws
        .active
        .iter()
        .map(|a| (a.indicator.id.as_str(), a))
        .collect();
    let mut folded: BTreeMap<String, &ActiveIndicator> = BTreeMap::new();
    for a in &ws.active {
        let id = a.indicator.id.as_str();
        let (file, span) = a.origin.locate(&["id".into()]);
        let clash =
            |message: String| Diagnostic::error("file-name-clash", message).at(file, span.clone());
        if SUMMARY_CHARTS.contains(&id) || id.starts_with("ranking-goal-") {
            out.push(
                clash(format!(
                    "indicator id `{id}` is also the name of a summary chart: both would be written to charts/{id}.svg"
                ))
                .hint("rename the indicator"),
            );
        }
        for kind in [".by-", ".gap-"] {
            if let Some(at) = id.rfind(kind)
                && let Some(other) = active.get(&id[..at])
            {
                let (of, os) = other.origin.locate(&["id".into()]);
                let what = if kind == ".by-" {
                    "chart by"
                } else {
                    "gap chart for"
                };
                out.push(
                    clash(format!(
                        "indicator id `{id}` is also the name of indicator `{}`'s {what} `{}`: both would be written to charts/{id}.svg",
                        &id[..at],
                        &id[at + kind.len()..]
                    ))
                    .related(of, os, "that indicator")
                    .hint(format!("rename the indicator, for instance `{}-{}`", &id[..at], &id[at + 1..])),
                );
            }
        }
        match folded.get(&id.to_ascii_lowercase()) {
            Some(first) => {
                let (ff, fs) = first.origin.locate(&["id".into()]);
                out.push(
                    clash(format!(
                        "indicator ids `{}` and `{id}` differ only in case: their files would be one on Windows and macOS",
                        first.indicator.id
                    ))
                    .related(ff, fs, "the other one")
                    .hint("rename one of them"),
                );
            }
            None => {
                folded.insert(id.to_ascii_lowercase(), a);
            }
        }
    }
}

/// A project that reports no indicator is an error: an indicator file emptied by mistake
/// would otherwise give a report of nothing, written over the last good one.
fn check_not_empty(ws: &Workspace, out: &mut Vec<Diagnostic>) {
    // (with files that could not be read, their problems say why indicators are missing)
    if ws.project.is_none() || !ws.active.is_empty() || ws.diagnostics.has_errors() {
        return;
    }
    let (path, hint) = if ws.project().sets.is_empty() {
        (
            "libraries",
            "list the libraries whose indicators the project reports under `libraries:`; if an indicator file was emptied by mistake, restore it",
        )
    } else {
        (
            "sets",
            "check that the sets select indicators; if an indicator file was emptied by mistake, restore it",
        )
    };
    out.push(
        Diagnostic::error("no-indicators", "the project reports no indicators")
            .at(ws.project_file, ws.project_span(&[path.into()]))
            .hint(hint),
    );
}

fn check_sdg_library(ws: &Workspace, out: &mut Vec<Diagnostic>) {
    if !ws.sdg.is_loaded() {
        out.push(
            Diagnostic::error("no-sdg-library", "failed to load the SDG framework (the `sdg` library has no goals)")
                .hint("keep `indicators/sdg/` from the localis repository, or remove the local copy so that the shipped one is used"),
        );
    }
}

struct Context<'a> {
    ws: &'a Workspace,
    datasets: &'a DatasetIndex,
    active: BTreeSet<&'a str>,
    defined: BTreeSet<&'a str>,
    rights: BTreeMap<&'a str, &'a Right>,
    departments: BTreeSet<&'a str>,
    schemes: BTreeSet<&'a str>,
    languages: Vec<String>,
    base_year: i32,
    target_year: i32,
}

impl<'a> Context<'a> {
    fn new(ws: &'a Workspace, datasets: &'a DatasetIndex) -> Self {
        let p = ws.project();
        Context {
            ws,
            datasets,
            active: ws.active.iter().map(|a| a.indicator.id.as_str()).collect(),
            defined: ws.definitions.iter().map(|d| d.value.id.as_str()).collect(),
            rights: ws
                .rights
                .iter()
                .map(|r| (r.value.id.as_str(), &r.value))
                .collect(),
            departments: ws
                .departments
                .iter()
                .map(|d| d.value.id.as_str())
                .chain(p.departments.iter().map(|d| d.id.as_str()))
                .collect(),
            schemes: ws
                .award_schemes
                .iter()
                .map(|d| d.value.id.as_str())
                .chain(p.award_schemes.iter().map(|d| d.id.as_str()))
                .collect(),
            languages: p.languages.clone(),
            base_year: p.base_year,
            target_year: p.target_year,
        }
    }

    fn check_indicator(&self, a: &ActiveIndicator, out: &mut Vec<Diagnostic>) {
        let ind = &a.indicator;
        let at = |path: &[Step]| a.origin.locate(path);
        // titles in every project language
        let missing: Vec<&str> = self
            .languages
            .iter()
            .filter(|l| ind.title.get_exact(l).is_none())
            .map(String::as_str)
            .collect();
        if !missing.is_empty() {
            let (f, s) = a.origin.locate_key(&["title".into()]);
            out.push(
                Diagnostic::warning(
                    "missing-translation",
                    format!(
                        "indicator `{}` has no title in {}",
                        ind.id,
                        missing.join(", ")
                    ),
                )
                .at(f, s)
                .hint(format!(
                    "add `{}: ...` under `title` (the report falls back to another language)",
                    missing[0]
                )),
            );
        }
        if let Some(c) = &ind.computation {
            self.check_computation(a, c, out);
        }
        for (i, t) in ind.targets.iter().enumerate() {
            self.check_target(a, i, t, out);
        }
        for (i, l) in ind.links.sdg.iter().enumerate() {
            self.check_sdg_link(a, i, l, out);
        }
        for (i, r) in ind.links.rights.iter().enumerate() {
            if self.rights.is_empty() {
                break;
            }
            let base = [Step::from("links"), "rights".into(), i.into()];
            match self.rights.get(r.right.as_str()) {
                None => {
                    let (f, s) = at(&base);
                    out.push(
                        Diagnostic::error("unknown-reference", format!("unknown right `{}`", r.right))
                            .at(f, s)
                            .hint(closest_hint(&r.right, self.rights.keys().copied(), "rights are defined under `rights:` in a library (see the `ohchr` library)")),
                    );
                }
                Some(right) => {
                    if let Some(attr) = &r.attribute
                        && !right.attributes.is_empty()
                        && !right.attributes.iter().any(|x| &x.id == attr)
                    {
                        let mut path = base.to_vec();
                        path.push("attribute".into());
                        let (f, s) = at(&path);
                        out.push(
                            Diagnostic::error(
                                "unknown-reference",
                                format!("right `{}` has no attribute `{attr}`", r.right),
                            )
                            .at(f, s)
                            .hint(closest_hint(
                                attr,
                                right.attributes.iter().map(|x| x.id.as_str()),
                                "see the right's `attributes`",
                            )),
                        );
                    }
                }
            }
        }
        if let Some(dep) = &ind.links.department
            && !self.departments.is_empty()
            && !self.departments.contains(dep.as_str())
        {
            let (f, s) = at(&["links".into(), "department".into()]);
            out.push(
                Diagnostic::error("unknown-reference", format!("unknown department `{dep}`"))
                    .at(f, s)
                    .hint(closest_hint(
                        dep,
                        self.departments.iter().copied(),
                        "departments are declared under `departments:`",
                    )),
            );
        }
        if let Some(p) = ind.precision
            && p > 6
        {
            let (f, s) = at(&["precision".into()]);
            out.push(
                Diagnostic::warning(
                    "precision",
                    format!("precision {p} shows more decimals than any indicator needs"),
                )
                .at(f, s)
                .hint("use 0 to 3 decimal places"),
            );
        }
    }

    fn check_sdg_link(
        &self,
        a: &ActiveIndicator,
        i: usize,
        l: &SdgLink,
        out: &mut Vec<Diagnostic>,
    ) {
        if !self.ws.sdg.is_loaded() {
            return;
        }
        let path = [Step::from("links"), "sdg".into(), i.into()];
        let (f, s) = a.origin.locate(&path);
        if !self.ws.sdg.contains(&l.code) {
            let level = match l.code.split('.').count() {
                1 => "goal",
                2 => "target",
                _ => "indicator",
            };
            let candidates: Vec<&str> = self
                .ws
                .sdg
                .codes()
                .filter(|c| c.split('.').count() == l.code.split('.').count())
                .collect();
            let near = candidates
                .iter()
                .copied()
                .filter(|c| level != "goal" && strsim::levenshtein(c, &l.code) <= 1)
                .min_by_key(|c| (strsim::levenshtein(c, &l.code), *c));
            out.push(
                Diagnostic::error(
                    "unknown-sdg",
                    format!(
                        "`{}` is not an SDG {level} of framework {}",
                        l.code, self.ws.sdg.version
                    ),
                )
                .at(f, s.clone())
                .hint(match near {
                    Some(n) => format!("did you mean `{n}`?"),
                    None if level == "goal" => {
                        format!("the SDGs are numbered 1 to {}", self.ws.sdg.goals.len())
                    }
                    None => {
                        "SDG codes look like `11` (goal), `11.1` (target) or `11.1.1` (indicator)"
                            .into()
                    }
                }),
            );
        }
        if let Some(fw) = &l.framework
            && !self.ws.sdg.version.is_empty()
            && fw != &self.ws.sdg.version
        {
            out.push(
                Diagnostic::warning(
                    "framework-version",
                    format!(
                        "link to framework `{fw}`, but the SDG library holds `{}`",
                        self.ws.sdg.version
                    ),
                )
                .at(f, s)
                .hint("codes and titles are checked against the loaded framework"),
            );
        }
    }

    fn check_selection(
        &self,
        a: &ActiveIndicator,
        path: &[Step],
        sel: &Selection,
        out: &mut Vec<Diagnostic>,
    ) {
        let sub = |key: &str| {
            let mut p = path.to_vec();
            p.push(key.into());
            a.origin.locate(&p)
        };
        match (&sel.dataset, &sel.indicator) {
            (None, None) => {
                let (f, s) = a.origin.locate(path);
                out.push(
                    Diagnostic::error(
                        "missing-source",
                        "this selection names neither a `dataset` nor an `indicator`",
                    )
                    .at(f, s)
                    .hint("add `dataset: <id>` (declared in localis.yaml) or `indicator: <id>`"),
                );
            }
            (Some(_), Some(_)) => {
                let (f, s) = sub("indicator");
                out.push(
                    Diagnostic::error(
                        "ambiguous-source",
                        "a selection takes either a `dataset` or an `indicator`, not both",
                    )
                    .at(f, s)
                    .hint("remove one of them"),
                );
            }
            (None, Some(id)) => self.check_indicator_ref(a, &sub("indicator"), id, out),
            (Some(ds), None) => {
                if self.check_dataset_ref(a, &sub("dataset"), ds, out) {
                    for col in sel.filter.keys() {
                        let mut p = path.to_vec();
                        p.push("filter".into());
                        p.push(Step::Key(col.clone()));
                        let (f, s) = a.origin.locate_key(&p);
                        self.check_column(f, s, ds, col, out);
                    }
                    if let Some(col) = &sel.column {
                        let (f, s) = sub("column");
                        self.check_column(f, s, ds, col, out);
                    }
                }
            }
        }
    }

    fn check_indicator_ref(
        &self,
        a: &ActiveIndicator,
        at: &(FileId, std::ops::Range<usize>),
        id: &str,
        out: &mut Vec<Diagnostic>,
    ) {
        if id == a.indicator.id {
            out.push(
                Diagnostic::error(
                    "derived-cycle",
                    format!("indicator `{id}` is computed from itself"),
                )
                .at(at.0, at.1.clone())
                .hint("an indicator cannot be its own input"),
            );
        } else if !self.active.contains(id) {
            let hint = if self.defined.contains(id) {
                format!(
                    "`{id}` is defined in a library but not selected by the project's sets; include it"
                )
            } else {
                closest_hint(
                    id,
                    self.active.iter().copied(),
                    "the id must be an indicator the project reports",
                )
            };
            out.push(
                Diagnostic::error("unknown-reference", format!("unknown indicator `{id}`"))
                    .at(at.0, at.1.clone())
                    .hint(hint),
            );
        }
    }

    fn check_dataset_ref(
        &self,
        _a: &ActiveIndicator,
        at: &(FileId, std::ops::Range<usize>),
        id: &str,
        out: &mut Vec<Diagnostic>,
    ) -> bool {
        if self.datasets.get(id).is_some() {
            return true;
        }
        let declared_but_missing = self
            .ws
            .project()
            .datasets
            .iter()
            .any(|d| d.id.as_deref() == Some(id));
        if !declared_but_missing {
            out.push(
                Diagnostic::error("unknown-reference", format!("unknown dataset `{id}`"))
                    .at(at.0, at.1.clone())
                    .hint(closest_hint(
                        id,
                        self.datasets.datasets.iter().map(|d| d.id.as_str()),
                        "declare it under `datasets:` in localis.yaml",
                    )),
            );
        }
        false
    }

    fn check_column(
        &self,
        file: FileId,
        span: std::ops::Range<usize>,
        dataset: &str,
        col: &str,
        out: &mut Vec<Diagnostic>,
    ) {
        if let Some(h) = self.datasets.headers.get(dataset)
            && !h.iter().any(|x| x == col)
        {
            out.push(unknown_column(file, span, col, dataset, h));
        }
    }

    fn check_computation(&self, a: &ActiveIndicator, c: &Computation, out: &mut Vec<Diagnostic>) {
        let base = Step::from("computation");
        let p = |parts: &[&str]| -> Vec<Step> {
            std::iter::once(base.clone())
                .chain(parts.iter().map(|s| Step::from(*s)))
                .collect()
        };
        match c {
            Computation::Value(s) => self.check_selection(a, &p(&["value"]), s, out),
            Computation::Ratio(r) => {
                self.check_selection(a, &p(&["ratio", "numerator"]), &r.numerator, out);
                self.check_selection(a, &p(&["ratio", "denominator"]), &r.denominator, out);
                if r.factor == 0.0 {
                    let (f, s) = a.origin.locate(&p(&["ratio", "factor"]));
                    out.push(
                        Diagnostic::error("bad-value", "a factor of 0 makes every value 0")
                            .at(f, s)
                            .hint("use 1, 100, 1000 or 100000"),
                    );
                }
            }
            Computation::Share(r) => {
                self.check_selection(a, &p(&["share", "part"]), &r.part, out);
                self.check_selection(a, &p(&["share", "whole"]), &r.whole, out);
            }
            Computation::Sum(sum) => {
                for (i, s) in sum.of.iter().enumerate() {
                    let mut path = p(&["sum", "of"]);
                    path.push(i.into());
                    self.check_selection(a, &path, s, out);
                }
            }
            Computation::Gap(g) => {
                self.check_selection(a, &p(&["gap", "of"]), &g.of, out);
                if let Some(ds) = &g.of.dataset {
                    let (f, s) = a.origin.locate(&p(&["gap", "dimension"]));
                    self.check_column(f, s, ds, &g.dimension, out);
                }
            }
            Computation::Index(ix) => self.check_selection(a, &p(&["index", "of"]), &ix.of, out),
            Computation::Records(r) => {
                if self.check_dataset_ref(
                    a,
                    &a.origin.locate(&p(&["records", "dataset"])),
                    &r.dataset,
                    out,
                ) {
                    for (key, map) in [("filter", &r.filter), ("share-where", &r.share_where)] {
                        for col in map.keys() {
                            let mut path = p(&["records", key]);
                            path.push(Step::Key(col.clone()));
                            let (f, s) = a.origin.locate_key(&path);
                            self.check_column(f, s, &r.dataset, col, out);
                        }
                    }
                    if let Some(col) = &r.column {
                        let (f, s) = a.origin.locate(&p(&["records", "column"]));
                        self.check_column(f, s, &r.dataset, col, out);
                    }
                }
                let needs_column = matches!(
                    r.aggregate,
                    Aggregate::Sum | Aggregate::Mean | Aggregate::Median
                );
                if needs_column && r.column.is_none() {
                    let (f, s) = a.origin.locate(&p(&["records", "aggregate"]));
                    out.push(
                        Diagnostic::error(
                            "missing-key",
                            "this aggregate needs the `column` it is taken over",
                        )
                        .at(f, s)
                        .hint("add `column: <name>`"),
                    );
                }
                if r.aggregate == Aggregate::Share && r.share_where.is_empty() {
                    let (f, s) = a.origin.locate(&p(&["records", "aggregate"]));
                    out.push(
                        Diagnostic::error(
                            "missing-key",
                            "a share needs `share-where`, the condition counted",
                        )
                        .at(f, s)
                        .hint("add `share-where: {Status: resolved}`"),
                    );
                }
            }
            Computation::Expression(e) => {
                for (name, s) in &e.inputs {
                    let mut path = p(&["expression", "inputs"]);
                    path.push(Step::Key(name.clone()));
                    self.check_selection(a, &path, s, out);
                }
                let (f, s) = a.origin.locate(&p(&["expression", "formula"]));
                match evalexpr::build_operator_tree::<evalexpr::DefaultNumericTypes>(&e.formula) {
                    Err(err) => out.push(
                        Diagnostic::error(
                            "bad-formula",
                            format!("failed to parse the formula ({err})"),
                        )
                        .at(f, s)
                        .hint("use + - * / ^, parentheses and the names of `inputs`"),
                    ),
                    Ok(tree) => {
                        for var in tree.iter_variable_identifiers() {
                            if !e.inputs.contains_key(var) {
                                out.push(
                                    Diagnostic::error("unknown-reference", format!("the formula uses `{var}`, which is not one of its inputs"))
                                        .at(f, s.clone())
                                        .hint(closest_hint(var, e.inputs.keys().map(String::as_str), "declare it under `inputs:`")),
                                );
                            }
                        }
                    }
                }
            }
        }
        for (i, d) in a.indicator.disaggregations.iter().enumerate() {
            if let Some(ds) = primary_dataset(c) {
                let (f, s) = a.origin.locate(&["disaggregations".into(), i.into()]);
                self.check_column(f, s, ds, d, out);
            }
        }
    }

    fn check_target(&self, a: &ActiveIndicator, i: usize, t: &Target, out: &mut Vec<Diagnostic>) {
        let path = |key: &str| -> Vec<Step> {
            vec!["targets".into(), i.into(), t.kind().into(), key.into()]
        };
        let loc = |key: &str| a.origin.locate(&path(key));
        let year_order = |year: Option<i32>, baseline: Option<i32>, out: &mut Vec<Diagnostic>| {
            let target = year.unwrap_or(self.target_year);
            let base = baseline.unwrap_or(self.base_year);
            if target <= base {
                let (f, s) = if year.is_some() {
                    loc("year")
                } else {
                    loc("baseline-year")
                };
                let mut d = Diagnostic::error(
                    "year-order",
                    format!("target year {target} is not after baseline year {base}"),
                )
                .at(f, s)
                .hint("the target year must come after the baseline year");
                if baseline.is_some() && year.is_some() {
                    let (bf, bs) = loc("baseline-year");
                    d = d.related(bf, bs, "baseline year");
                }
                out.push(d);
            }
        };
        match t {
            Target::Numeric(n) => year_order(n.year, n.baseline_year, out),
            Target::Zero(z) => year_order(z.year, z.baseline_year, out),
            Target::Coverage(c) => {
                year_order(c.year, c.baseline_year, out);
                if !(0.0..=100.0).contains(&c.value) {
                    let (f, s) = loc("value");
                    out.push(
                        Diagnostic::error(
                            "bad-value",
                            format!("coverage of {}% is outside 0-100%", c.value),
                        )
                        .at(f, s)
                        .hint("coverage is a percentage"),
                    );
                }
            }
            Target::Threshold(th) => {
                if th.below.is_none() && th.above.is_none() {
                    let (f, s) = a
                        .origin
                        .locate(&["targets".into(), i.into(), "threshold".into()]);
                    out.push(
                        Diagnostic::error("missing-key", "a threshold needs `below` or `above`")
                            .at(f, s)
                            .hint("add `below: 0.5` or `above: 90`"),
                    );
                }
                if let (Some(b), Some(ab)) = (th.below, th.above)
                    && ab >= b
                {
                    let (f, s) = loc("above");
                    out.push(
                        Diagnostic::error(
                            "bad-value",
                            format!("no value is above {ab} and below {b}"),
                        )
                        .at(f, s)
                        .hint("check the two bounds"),
                    );
                }
            }
            Target::Flow(fl) => {
                if fl.at_least.is_none() && fl.at_most.is_none() {
                    let (f, s) = a
                        .origin
                        .locate(&["targets".into(), i.into(), "flow".into()]);
                    out.push(
                        Diagnostic::error(
                            "missing-key",
                            "a flow target needs `at-least` or `at-most`",
                        )
                        .at(f, s)
                        .hint("add `at-least: 1000`"),
                    );
                }
                if let (Some(from), Some(to)) = (fl.from_year, fl.year)
                    && to < from
                {
                    let (f, s) = loc("year");
                    out.push(
                        Diagnostic::error(
                            "year-order",
                            format!("last year {to} is before first year {from}"),
                        )
                        .at(f, s)
                        .hint("swap the years"),
                    );
                }
            }
            Target::Milestone(m) => {
                if let Some(met) = m.met
                    && met > 2100
                {
                    let (f, s) = loc("met");
                    out.push(
                        Diagnostic::error("bad-value", format!("{met} is not a plausible year"))
                            .at(f, s),
                    );
                }
            }
            Target::Bands(b) => {
                if b.bands.is_empty() {
                    let (f, s) = loc("bands");
                    out.push(
                        Diagnostic::error("bad-value", "no bands are given")
                            .at(f, s)
                            .hint("add bands such as `- {from: 0, to: 50, points: 1}`"),
                    );
                }
                for (j, band) in b.bands.iter().enumerate() {
                    if let (Some(from), Some(to)) = (band.from, band.to)
                        && to <= from
                    {
                        let mut p = path("bands");
                        p.push(j.into());
                        let (f, s) = a.origin.locate(&p);
                        out.push(
                            Diagnostic::error(
                                "bad-value",
                                format!("band from {from} to {to} is empty"),
                            )
                            .at(f, s)
                            .hint("`to` must be above `from`"),
                        );
                    }
                }
                let mut sorted: Vec<(f64, f64, usize)> = b
                    .bands
                    .iter()
                    .enumerate()
                    .map(|(j, band)| {
                        (
                            band.from.unwrap_or(f64::NEG_INFINITY),
                            band.to.unwrap_or(f64::INFINITY),
                            j,
                        )
                    })
                    .collect();
                sorted.sort_by(|x, y| x.0.total_cmp(&y.0));
                for w in sorted.windows(2) {
                    if w[1].0 < w[0].1 {
                        let mut p = path("bands");
                        p.push(w[1].2.into());
                        let (f, s) = a.origin.locate(&p);
                        out.push(
                            Diagnostic::error("bad-value", "bands overlap")
                                .at(f, s)
                                .hint("each value must fall in one band only"),
                        );
                    }
                }
                if let Some(scheme) = &b.scheme
                    && !self.schemes.contains(scheme.as_str())
                {
                    let (f, s) = loc("scheme");
                    out.push(
                        Diagnostic::error(
                            "unknown-reference",
                            format!("unknown award scheme `{scheme}`"),
                        )
                        .at(f, s)
                        .hint(closest_hint(
                            scheme,
                            self.schemes.iter().copied(),
                            "declare it under `award-schemes:`",
                        )),
                    );
                }
            }
            Target::NonRetrogression(nr) => {
                if nr.tolerance < 0.0 {
                    let (f, s) = loc("tolerance");
                    out.push(
                        Diagnostic::error("bad-value", "a tolerance cannot be negative")
                            .at(f, s)
                            .hint("use 0 for no tolerance"),
                    );
                }
            }
            Target::Level(l) => {
                if l.tolerance < 0.0 {
                    let (f, s) = loc("tolerance");
                    out.push(
                        Diagnostic::error("bad-value", "a tolerance cannot be negative")
                            .at(f, s)
                            .hint("use 0 for no tolerance"),
                    );
                }
            }
        }
    }
}

/// The dataset an indicator's disaggregations come from.
pub(crate) fn primary_dataset(c: &Computation) -> Option<&str> {
    match c {
        Computation::Value(s) => s.dataset.as_deref(),
        Computation::Ratio(r) => r.numerator.dataset.as_deref(),
        Computation::Share(s) => s.part.dataset.as_deref(),
        Computation::Sum(s) => s.of.first().and_then(|x| x.dataset.as_deref()),
        Computation::Gap(g) => g.of.dataset.as_deref(),
        Computation::Index(i) => i.of.dataset.as_deref(),
        Computation::Records(r) => Some(r.dataset.as_str()),
        Computation::Expression(_) => None,
    }
}

fn check_cycles(ws: &Workspace, out: &mut Vec<Diagnostic>) {
    let by_id: BTreeMap<&str, &ActiveIndicator> = ws
        .active
        .iter()
        .map(|a| (a.indicator.id.as_str(), a))
        .collect();
    let edges = |a: &ActiveIndicator| -> Vec<(Vec<Step>, String)> {
        a.indicator
            .computation
            .as_ref()
            .map(|c| {
                c.indicator_inputs()
                    .into_iter()
                    .map(|(p, id)| (p, id.to_string()))
                    .collect()
            })
            .unwrap_or_default()
    };
    // 0 = unvisited, 1 = on stack, 2 = done
    let mut state: BTreeMap<&str, u8> = BTreeMap::new();
    let mut reported: BTreeSet<Vec<String>> = BTreeSet::new();
    for start in by_id.keys().copied() {
        if state.get(start).copied().unwrap_or(0) != 0 {
            continue;
        }
        // iterative DFS keeping the path
        let mut stack: Vec<(&str, usize)> = vec![(start, 0)];
        state.insert(start, 1);
        while let Some((node, next)) = stack.last().copied() {
            let Some(a) = by_id.get(node) else {
                stack.pop();
                continue;
            };
            let es = edges(a);
            if next >= es.len() {
                state.insert(node, 2);
                stack.pop();
                continue;
            }
            if let Some(top) = stack.last_mut() {
                top.1 += 1;
            }
            let target = es[next].1.clone();
            let Some((&tid, _)) = by_id.get_key_value(target.as_str()) else {
                continue;
            };
            match state.get(tid).copied().unwrap_or(0) {
                0 => {
                    state.insert(tid, 1);
                    stack.push((tid, 0));
                }
                1 if tid != node => {
                    let pos = stack.iter().position(|(n, _)| *n == tid).unwrap_or(0);
                    let cycle: Vec<&str> = stack[pos..].iter().map(|(n, _)| *n).collect();
                    let mut key: Vec<String> = cycle.iter().map(|s| s.to_string()).collect();
                    key.sort();
                    if !reported.insert(key) {
                        continue;
                    }
                    let shown: Vec<&str> =
                        cycle.iter().copied().chain(std::iter::once(tid)).collect();
                    let first = by_id[cycle[0]];
                    let (f0, s0) = first.origin.locate(&["id".into()]);
                    let mut d = Diagnostic::error(
                        "derived-cycle",
                        format!("indicators are computed from each other in a cycle: {}", shown.join(" -> ")),
                    )
                    .at_labelled(f0, s0, "this indicator starts the cycle")
                    .hint("an indicator cannot depend, directly or through others, on itself; break one link");
                    for w in shown.windows(2) {
                        let from = by_id[w[0]];
                        if let Some((path, _)) = edges(from).into_iter().find(|(_, id)| id == w[1])
                        {
                            let (f, s) = from.origin.locate(&path);
                            d = d.related(f, s, format!("`{}` reads `{}`", w[0], w[1]));
                        }
                    }
                    out.push(d);
                }
                _ => {}
            }
        }
    }
}

fn closest_hint<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    otherwise: &str,
) -> String {
    match yaml::closest(word, candidates) {
        Some(b) => format!("did you mean `{b}`?"),
        None => otherwise.to_string(),
    }
}

/// The script of a language that the embedded fonts (Noto Sans: Latin, Greek, Cyrillic; Noto
/// Sans Arabic) do not cover, if any.
pub(crate) fn uncovered_script(lang: &str) -> Option<&'static str> {
    let base = lang.split(['-', '_']).next().unwrap_or(lang);
    Some(match base {
        "zh" | "ja" | "ko" => "CJK",
        "km" => "Khmer",
        "lo" => "Lao",
        "my" => "Myanmar",
        "hy" => "Armenian",
        "ka" => "Georgian",
        "he" | "yi" => "Hebrew",
        "hi" | "ne" | "mr" => "Devanagari",
        "bn" => "Bengali",
        "ta" => "Tamil",
        "te" => "Telugu",
        "th" => "Thai",
        "am" | "ti" => "Ethiopic",
        "si" => "Sinhala",
        "gu" => "Gujarati",
        "pa" => "Gurmukhi",
        "kn" => "Kannada",
        "ml" => "Malayalam",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Loads and checks a project of one library `city` holding the indicator files given
    /// (name, YAML), written to a fresh folder; returns the diagnostics.
    fn checked(name: &str, files: &[(&str, &str)]) -> Vec<Diagnostic> {
        let root =
            std::env::temp_dir().join(format!("localis-check-{}-{name}", std::process::id()));
        let city = root.join("indicators").join("city");
        std::fs::create_dir_all(&city).unwrap();
        std::fs::write(
            root.join("localis.yaml"),
            "name: Test\nplace: {name: Testville, geocode: \"1\"}\nlibraries: [city]\n",
        )
        .unwrap();
        std::fs::write(city.join("library.yaml"), "id: city\ntitle: City\n").unwrap();
        for (file, text) in files {
            std::fs::write(city.join(file), text).unwrap();
        }
        let mut ws = crate::load::load(&root).unwrap();
        check(&mut ws);
        std::fs::remove_dir_all(&root).unwrap();
        ws.diagnostics.items().to_vec()
    }

    fn with_code<'a>(diags: &'a [Diagnostic], code: &str) -> Vec<&'a Diagnostic> {
        diags.iter().filter(|d| d.code == code).collect()
    }

    #[test]
    fn an_unknown_indicator_id_is_reported_with_the_closest_one() {
        let diags = checked(
            "unknown",
            &[(
                "x.yaml",
                "indicators:\n  - id: overcrowding\n    title: Overcrowding\n  - id: derived\n    title: Derived\n    computation:\n      expression:\n        formula: a * 2\n        inputs:\n          a: {indicator: overcrowdin}\n",
            )],
        );
        let found = with_code(&diags, "unknown-reference");
        assert_eq!(found.len(), 1, "{diags:?}");
        assert_eq!(found[0].message, "unknown indicator `overcrowdin`");
        assert_eq!(
            found[0].hint.as_deref(),
            Some("did you mean `overcrowding`?")
        );
        assert!(found[0].primary.is_some());
    }

    #[test]
    fn an_id_defined_twice_points_at_both_definitions() {
        let diags = checked(
            "duplicate",
            &[
                ("a.yaml", "indicators:\n  - id: water\n    title: Water\n"),
                (
                    "b.yaml",
                    "indicators:\n  - id: sanitation\n    title: Sanitation\n  - id: water\n    title: Water again\n",
                ),
            ],
        );
        let found = with_code(&diags, "duplicate-id");
        assert_eq!(found.len(), 1, "{diags:?}");
        assert_eq!(found[0].message, "indicator id `water` is defined twice");
        assert_eq!(found[0].related.len(), 1);
        assert_eq!(found[0].related[0].message, "first defined here");
        // the two labels are in different files
        assert_ne!(
            found[0].primary.as_ref().unwrap().file,
            found[0].related[0].file
        );
    }

    #[test]
    fn a_cycle_between_computed_indicators_is_reported_once_with_every_link() {
        let diags = checked(
            "cycle",
            &[(
                "x.yaml",
                "indicators:\n  - id: a\n    title: A\n    computation:\n      index: {of: {indicator: b}, base-year: 2015}\n  - id: b\n    title: B\n    computation:\n      sum: {of: [{indicator: c}]}\n  - id: c\n    title: C\n    computation:\n      ratio: {numerator: {indicator: a}, denominator: {indicator: d}}\n  - id: d\n    title: D\n  - id: e\n    title: E\n    computation:\n      index: {of: {indicator: e}, base-year: 2015}\n",
            )],
        );
        let found = with_code(&diags, "derived-cycle");
        let messages: Vec<&str> = found.iter().map(|d| d.message.as_str()).collect();
        // a -> b -> c -> a once (not once per member); e reads itself, said plainly; d is
        // read but reads nothing, so it is in no cycle
        assert_eq!(
            messages,
            [
                "indicator `e` is computed from itself",
                "indicators are computed from each other in a cycle: a -> b -> c -> a",
            ],
            "{diags:?}"
        );
        let links: Vec<&str> = found[1]
            .related
            .iter()
            .map(|l| l.message.as_str())
            .collect();
        assert_eq!(links, ["`a` reads `b`", "`b` reads `c`", "`c` reads `a`"]);
    }

    #[test]
    fn ids_that_cannot_be_file_names_are_refused_with_the_reason() {
        assert!(bad_id("housing-1.2_a", "indicator").is_none());
        let reason = |id: &str| bad_id(id, "indicator").map(|d| d.message);
        assert_eq!(
            reason("").as_deref(),
            Some("`` is not a valid indicator id (it is empty)")
        );
        assert!(reason("a/b").unwrap().ends_with("(it holds `/`)"));
        assert!(reason(".hidden").unwrap().ends_with("(it starts with `.`)"));
        assert!(reason("x.").unwrap().ends_with("(it ends with `.`)"));
        assert!(
            reason("a\u{7}")
                .unwrap()
                .contains("control character U+0007")
        );
        // 101 characters: too long, and shown shortened to 40
        let long = "x".repeat(MAX_ID_CHARS + 1);
        let message = reason(&long).unwrap();
        assert!(message.contains("it is 101 characters long"), "{message}");
        assert!(
            message.starts_with(&format!("`{}…`", "x".repeat(40))),
            "{message}"
        );
        assert!(bad_id(&"x".repeat(MAX_ID_CHARS), "indicator").is_none());
    }

    #[test]
    fn the_primary_dataset_is_the_one_disaggregations_come_from() {
        let computation =
            |text: &str| -> Computation { yaml::from_node(&yaml::parse(text).unwrap()).unwrap() };
        let ratio =
            computation("ratio: {numerator: {dataset: cases}, denominator: {dataset: population}}");
        assert_eq!(primary_dataset(&ratio), Some("cases"));
        let expression = computation("expression: {formula: a, inputs: {a: {dataset: cases}}}");
        assert_eq!(primary_dataset(&expression), None);
    }

    #[test]
    fn languages_the_embedded_fonts_cannot_set_are_named() {
        assert_eq!(uncovered_script("zh-Hant"), Some("CJK"));
        assert_eq!(uncovered_script("hi_IN"), Some("Devanagari"));
        assert_eq!(uncovered_script("pt-BR"), None);
        assert_eq!(uncovered_script("ar"), None);
    }
}
