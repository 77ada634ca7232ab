//! Budget data loaded and validated: lines, revenue, deflator, population and justifications, every problem a diagnostic pointing at its cell or YAML value.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use crate::diag::{Diagnostic, FileId};
use crate::evaluate::{Evaluation, Provenance};
use crate::load::DatasetIndex;
use crate::load::Workspace;
use crate::load::dataset::{self, DatasetFiles};
use crate::model::*;
use crate::yaml::{self, Step};

use super::table::{self, Cell, CellLocation, Row, Table};

/// One budget line: an amount approved, revised and executed for a year, department and programme.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct BudgetLine {
    /// Data row in the file (1 = the first row after the header).
    pub row: u32,
    /// The budget year.
    pub year: i32,
    /// The department id (empty when the cell is blank, which is reported).
    pub department: String,
    /// The programme.
    pub programme: Option<String>,
    /// The economic class.
    pub economic_class: Option<String>,
    /// The line's id in the accounts.
    pub line: Option<String>,
    /// The line's description.
    pub title: Option<String>,
    /// Originally approved amount (none when blank or unreadable).
    pub approved: Option<f64>,
    /// Revised amount.
    pub revised: Option<f64>,
    /// Executed amount.
    pub executed: Option<f64>,
    /// Rights served, sorted, each once.
    pub rights: Vec<String>,
    /// SDG codes served, sorted, each once.
    pub sdg: Vec<String>,
    /// Indicator ids served, sorted, each once.
    pub indicators: Vec<String>,
    /// Gender-budgeting marker: 0 not targeted, 1 significant, 2 principal.
    pub gender_marker: Option<u8>,
}

impl BudgetLine {
    /// One of the three amounts.
    pub(crate) fn amount(&self, which: BudgetAmount) -> Option<f64> {
        match which {
            BudgetAmount::Approved => self.approved,
            BudgetAmount::Revised => self.revised,
            BudgetAmount::Executed => self.executed,
        }
    }
}

/// One revenue row: a category's budgeted and actual amount in a year.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RevenueLine {
    /// Data row in the file.
    pub row: u32,
    /// The budget year.
    pub year: i32,
    /// The category, such as property tax.
    pub category: Option<String>,
    /// Whether it is the city's own revenue (none when the table does not say).
    pub own: Option<bool>,
    /// Budgeted amount.
    pub budgeted: Option<f64>,
    /// Actual amount.
    pub actual: Option<f64>,
}

/// The dataset and file a table was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TableSource {
    /// Dataset id.
    pub dataset: String,
    /// File, relative to the project.
    pub file: String,
}

impl TableSource {
    /// Provenance of some data rows of this table.
    pub(crate) fn provenance(&self, rows: impl IntoIterator<Item = u32>) -> Provenance {
        Provenance {
            dataset: self.dataset.clone(),
            file: self.file.clone(),
            rows: row_ranges(rows),
        }
    }
}

/// Sorted rows as inclusive ranges: 1, 2, 3, 7 -> (1, 3), (7, 7).
pub(crate) fn row_ranges(rows: impl IntoIterator<Item = u32>) -> Vec<(u32, u32)> {
    let mut rows: Vec<u32> = rows.into_iter().collect();
    rows.sort_unstable();
    rows.dedup();
    let mut out: Vec<(u32, u32)> = Vec::new();
    for r in rows {
        match out.last_mut() {
            Some(last) if last.1 + 1 == r => last.1 = r,
            _ => out.push((r, r)),
        }
    }
    out
}

/// A value of a year with where it came from.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct YearValue {
    /// The value.
    pub value: f64,
    /// Where it came from.
    pub provenance: Vec<Provenance>,
}

/// Values by year: the deflator or the population.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct YearValues {
    /// The values.
    pub values: BTreeMap<i32, YearValue>,
    /// The indicator the values are to be taken from, when they come from the evaluation.
    pub indicator: Option<String>,
}

/// The revenue table.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Revenue {
    /// Where it was read from.
    pub source: TableSource,
    /// Its rows.
    pub lines: Vec<RevenueLine>,
    /// Whether the table says which revenue is the city's own.
    pub has_own: bool,
    /// Whether the table has categories.
    pub has_category: bool,
}

/// Which optional columns the budget lines have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct PresentColumns {
    /// Programme.
    pub programme: bool,
    /// Economic class.
    pub economic_class: bool,
    /// Revised amount.
    pub revised: bool,
    /// Executed amount.
    pub executed: bool,
    /// Rights.
    pub rights: bool,
    /// SDG codes.
    pub sdg: bool,
    /// Indicators.
    pub indicators: bool,
    /// Gender marker.
    pub gender_marker: bool,
}

/// A recorded justification with the place it was written.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LocatedJustification {
    /// The justification.
    pub justification: BudgetJustification,
    /// Its span in the project file.
    pub span: Range<usize>,
}

/// Everything the budget computations need, read and checked.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct BudgetData {
    /// Currency code.
    pub currency: Option<String>,
    /// GeoCode of the place the budget is for.
    pub place: String,
    /// Where the lines come from.
    pub source: TableSource,
    /// The lines that could be read (rows without a readable year are left out, and reported).
    pub lines: Vec<BudgetLine>,
    /// Which optional columns exist.
    pub columns: PresentColumns,
    /// The deflator.
    pub deflator: Option<YearValues>,
    /// The population.
    pub population: Option<YearValues>,
    /// The base year of real terms, as declared.
    pub declared_base_year: Option<i32>,
    /// The project's base year.
    pub project_base_year: i32,
    /// Revenue.
    pub revenue: Option<Revenue>,
    /// Retrogression settings.
    pub retrogression: RetrogressionSettings,
    /// Recorded justifications.
    pub justifications: Vec<LocatedJustification>,
    /// The project file (for diagnostics of the analysis).
    pub project_file: FileId,
    /// Spans of the budget section's keys in the project file, for diagnostics of the analysis.
    pub spans: BudgetSpans,
}

/// Where the parts of the `budget:` section are in the project file.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct BudgetSpans {
    /// The `budget` key.
    pub budget: Range<usize>,
    /// The deflator (or the `budget` key when there is none).
    pub deflator: Range<usize>,
    /// The population (or the `budget` key when there is none).
    pub population: Range<usize>,
    /// The base year (or the deflator).
    pub base_year: Range<usize>,
}

impl BudgetData {
    /// The years that have budget lines, ascending.
    pub(crate) fn years(&self) -> Vec<i32> {
        let set: BTreeSet<i32> = self.lines.iter().map(|l| l.year).collect();
        set.into_iter().collect()
    }

    /// The base year of real terms: as declared, else the first budget year from the project's
    /// base year on (else the first budget year).
    pub(crate) fn base_year(&self) -> Option<i32> {
        if let Some(b) = self.declared_base_year {
            return Some(b);
        }
        let years = self.years();
        years
            .iter()
            .copied()
            .find(|y| *y >= self.project_base_year)
            .or_else(|| years.first().copied())
    }

    /// Whether values come from indicators (deflator, population), to be taken from an
    /// evaluation (see [`BudgetData::attach_evaluation`]).
    pub(crate) fn draws_on_indicators(&self) -> bool {
        [&self.deflator, &self.population]
            .into_iter()
            .flatten()
            .any(|s| s.indicator.is_some())
    }

    /// Takes values that come from indicators (deflator, population) from an evaluation.
    pub(crate) fn attach_evaluation(&mut self, evaluation: &Evaluation) {
        for series in [&mut self.deflator, &mut self.population]
            .into_iter()
            .flatten()
        {
            let Some(id) = &series.indicator else {
                continue;
            };
            let Some(result) = evaluation.get(id, &self.place) else {
                continue;
            };
            let Some(headline) = result.headline() else {
                continue;
            };
            for o in &headline.observations {
                if let Some(v) = o.value {
                    series.values.insert(
                        o.year,
                        YearValue {
                            value: v,
                            provenance: evaluation.provenance(result, o),
                        },
                    );
                }
            }
        }
    }
}

/// Normalises a column name for matching defaults: lower case, letters and digits only.
fn normalise(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// A column the budget needs: its YAML key, the declared name, the default names, whether required.
struct Role<'a> {
    key: &'static str,
    declared: Option<&'a String>,
    defaults: &'static [&'static str],
    required: bool,
}

/// Finds the column of each role; reports declared columns that do not exist and required
/// columns that are missing.
fn resolve_columns(
    ws: &Workspace,
    table: &Table,
    roles: &[Role],
    yaml_base: &[Step],
    what: &str,
    out: &mut Vec<Diagnostic>,
) -> Vec<Option<usize>> {
    let mut found = Vec::with_capacity(roles.len());
    for role in roles {
        let index = match role.declared {
            Some(name) => {
                let i = table.headers.iter().position(|h| h == name.trim());
                if i.is_none() {
                    let mut path = yaml_base.to_vec();
                    path.extend(["columns".into(), role.key.into()]);
                    let hint = match yaml::closest(name, table.headers.iter().map(String::as_str)) {
                        Some(b) => format!("did you mean `{b}`?"),
                        None => format!("its columns are {}", quoted(&table.headers)),
                    };
                    out.push(
                        Diagnostic::error(
                            "unknown-column",
                            format!("dataset `{}` has no column `{name}`", table.dataset),
                        )
                        .at(ws.project_file, ws.project_span(&path))
                        .hint(hint),
                    );
                }
                i
            }
            None => {
                let wanted: Vec<String> = role.defaults.iter().map(|d| normalise(d)).collect();
                table
                    .headers
                    .iter()
                    .position(|h| wanted.contains(&normalise(h)))
            }
        };
        if index.is_none() && role.required && role.declared.is_none() {
            out.push(
                table
                    .at_table(Diagnostic::error(
                        "missing-column",
                        format!(
                            "dataset `{}` has no {} column for the {what} (looked for {})",
                            table.dataset,
                            role.key,
                            quoted(role.defaults)
                        ),
                    ))
                    .hint(format!(
                        "name the column in localis.yaml: `{}: {{columns: {{{}: <column>}}}}`",
                        yaml_base
                            .iter()
                            .map(|s| match s {
                                Step::Key(k) => k.clone(),
                                Step::Index(i) => i.to_string(),
                            })
                            .collect::<Vec<_>>()
                            .join(": {"),
                        role.key
                    )),
            );
        }
        found.push(index);
    }
    // one column cannot play two roles
    let mut seen: BTreeMap<usize, &str> = BTreeMap::new();
    for (role, index) in roles.iter().zip(&found) {
        if let Some(i) = index
            && let Some(first) = seen.insert(*i, role.key)
        {
            out.push(
                table
                    .at_header(
                        Diagnostic::error(
                            "duplicate-column",
                            format!(
                                "column `{}` of `{}` is used both as {first} and as {}",
                                table.headers[*i], table.dataset, role.key
                            ),
                        ),
                        *i,
                    )
                    .hint("map each role to its own column under `columns:`"),
            );
        }
    }
    found
}

fn quoted<S: AsRef<str>>(names: &[S]) -> String {
    names
        .iter()
        .map(|n| format!("`{}`", n.as_ref()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Finds a dataset named in the budget section; reports unknown ids (but not datasets that
/// were declared and already reported as missing).
fn find_dataset<'a>(
    ws: &'a Workspace,
    index: &'a DatasetIndex,
    id: &str,
    path: &[Step],
    out: &mut Vec<Diagnostic>,
) -> Option<(&'a DatasetFiles, &'a DatasetSpec)> {
    let project = ws.project();
    if let Some(d) = index.get(id) {
        return project.datasets.get(d.spec_index).map(|s| (d, s));
    }
    let declared = project.datasets.iter().any(|s| {
        s.id.as_deref() == Some(id)
            || (s.id.is_none()
                && std::path::Path::new(&s.path)
                    .file_stem()
                    .is_some_and(|stem| stem == id))
    });
    if !declared {
        let ids: Vec<&str> = index.datasets.iter().map(|d| d.id.as_str()).collect();
        out.push(
            Diagnostic::error("unknown-reference", format!("unknown dataset `{id}`"))
                .at(ws.project_file, ws.project_span(path))
                .hint(match yaml::closest(id, ids.iter().copied()) {
                    Some(b) => format!("did you mean `{b}`?"),
                    None => "declare the table under `datasets:` with an `id`".into(),
                }),
        );
    }
    None
}

fn read(
    ws: &mut Workspace,
    files: &DatasetFiles,
    spec: &DatasetSpec,
    path: &[Step],
    out: &mut Vec<Diagnostic>,
) -> Option<Table> {
    let file = files.files.first()?;
    if files.files.len() > 1 {
        out.push(
            Diagnostic::error(
                "bad-path",
                format!(
                    "dataset `{}` has {} files; a budget table is one file",
                    files.id,
                    files.files.len()
                ),
            )
            .at(ws.project_file, ws.project_span(path))
            .hint("declare one dataset per file"),
        );
    }
    let name = ws.display_path(file);
    match table::read_table(&files.id, file, &name, spec, &mut ws.sources) {
        Ok(t) => Some(t),
        Err(e) => {
            out.push(
                Diagnostic::error("unreadable-file", e.to_string())
                    .at(ws.project_file, ws.project_span(path))
                    .hint("save the table as UTF-8 CSV or as XLSX"),
            );
            None
        }
    }
}

/// A reference from a cell to something that must exist (a right, a department...), with
/// every row that makes it, so that one diagnostic covers all of them.
#[derive(Default)]
struct References {
    by_value: BTreeMap<(&'static str, String), (CellLocation, usize)>,
}

impl References {
    fn add(&mut self, kind: &'static str, value: &str, at: &CellLocation) {
        self.by_value
            .entry((kind, value.to_string()))
            .and_modify(|e| e.1 += 1)
            .or_insert((at.clone(), 1));
    }
}

/// Reads, checks and returns the project's budget, if it has one.
pub(crate) fn load(
    ws: &mut Workspace,
    index: &DatasetIndex,
) -> (Option<BudgetData>, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let Some(spec) = ws.project().budget.clone() else {
        return (None, out);
    };
    let base: Vec<Step> = vec!["budget".into()];
    let at = |ws: &Workspace, rest: &[&str]| {
        let mut p = base.clone();
        p.extend(rest.iter().map(|s| Step::from(*s)));
        ws.project_span(&p)
    };
    if let Some(c) = &spec.currency
        && !(c.len() == 3 && c.chars().all(|ch| ch.is_ascii_uppercase()))
    {
        out.push(
            Diagnostic::warning(
                "bad-value",
                format!("`{c}` is not an ISO 4217 currency code"),
            )
            .at(ws.project_file, at(ws, &["currency"]))
            .hint("use a three-letter code such as `EUR`, `BRL` or `USD`"),
        );
    }
    if spec.retrogression.tolerance < 0.0 {
        out.push(
            Diagnostic::error("bad-value", "a tolerance cannot be negative")
                .at(ws.project_file, at(ws, &["retrogression", "tolerance"]))
                .hint("use 0 to flag every fall"),
        );
    }
    let lines_path = [Step::from("budget"), "lines".into()];
    let found = find_dataset(ws, index, &spec.lines, &lines_path, &mut out)
        .map(|(f, s)| (f.clone(), s.clone()));
    let mut data = None;
    if let Some((files, dspec)) = found
        && let Some(table) = read(ws, &files, &dspec, &lines_path, &mut out)
    {
        let (lines, columns) = read_lines(ws, &spec, &table, &mut out);
        data = Some(BudgetData {
            currency: spec.currency.clone(),
            place: dspec
                .place
                .clone()
                .unwrap_or_else(|| ws.project().place.geocode.clone()),
            source: TableSource {
                dataset: table.dataset.clone(),
                file: table.file_name.clone(),
            },
            lines,
            columns,
            deflator: None,
            population: None,
            declared_base_year: spec.base_year,
            project_base_year: ws.project().base_year,
            revenue: None,
            retrogression: spec.retrogression.clone(),
            justifications: Vec::new(),
            project_file: ws.project_file,
            spans: BudgetSpans {
                budget: ws.project_node.key_span_at(&["budget".into()]),
                deflator: at(ws, &["deflator"]),
                population: at(ws, &["population"]),
                base_year: at(ws, &["base-year"]),
            },
        });
    }
    let deflator = spec
        .deflator
        .as_ref()
        .and_then(|s| read_year_series(ws, index, s, "deflator", &mut out));
    let population = spec
        .population
        .as_ref()
        .and_then(|s| read_year_series(ws, index, s, "population", &mut out));
    let revenue = spec
        .revenue
        .as_ref()
        .and_then(|r| read_revenue(ws, index, r, &mut out));
    let justifications = check_justifications(ws, &spec, &mut out);
    if let Some(d) = &mut data {
        d.deflator = deflator;
        d.population = population;
        d.revenue = revenue;
        d.justifications = justifications;
        if let (Some(b), Some(defl)) = (spec.base_year, &d.deflator)
            && defl.indicator.is_none()
            && !defl.values.contains_key(&b)
        {
            out.push(
                Diagnostic::error(
                    "missing-value",
                    format!("the deflator has no value for the base year {b}"),
                )
                .at(ws.project_file, at(ws, &["base-year"]))
                .hint("choose a base year the deflator covers, or add its value"),
            );
        }
    }
    (data, out)
}

const YEAR: &[&str] = &["Year", "Period", "Fiscal year"];

fn read_lines(
    ws: &Workspace,
    spec: &BudgetSpec,
    table: &Table,
    out: &mut Vec<Diagnostic>,
) -> (Vec<BudgetLine>, PresentColumns) {
    let roles = line_roles(&spec.columns);
    let cols = resolve_columns(ws, table, &roles, &["budget".into()], "budget lines", out);
    let [
        year,
        department,
        programme,
        economic,
        approved,
        revised,
        executed,
        rights,
        sdg,
        indicators,
        gender,
        line,
        title,
    ] = cols[..]
    else {
        return (Vec::new(), PresentColumns::default());
    };
    let present = PresentColumns {
        programme: programme.is_some(),
        economic_class: economic.is_some(),
        revised: revised.is_some(),
        executed: executed.is_some(),
        rights: rights.is_some(),
        sdg: sdg.is_some(),
        indicators: indicators.is_some(),
        gender_marker: gender.is_some(),
    };
    let (Some(year), Some(department), Some(approved)) = (year, department, approved) else {
        return (Vec::new(), present);
    };
    let mut refs = References::default();
    let mut lines = Vec::with_capacity(table.rows.len());
    let mut blanks: Blanks = BTreeMap::new();
    let mut counts: BTreeMap<i32, usize> = BTreeMap::new();
    for row in &table.rows {
        let text = |i: Option<usize>| -> Option<String> {
            i.and_then(|i| row.cells.get(i))
                .map(Cell::text)
                .filter(|t| !t.is_empty())
        };
        let Some(y) = row.cells.get(year).and_then(table::parse_year) else {
            let shown = row.cells.get(year).map(Cell::text).unwrap_or_default();
            out.push(
                table
                    .at_cell(
                        Diagnostic::error(
                            if shown.is_empty() { "missing-value" } else { "bad-value" },
                            if shown.is_empty() {
                                "budget line has no year".to_string()
                            } else {
                                format!("failed to read the year `{shown}` (not a year)")
                            },
                        ),
                        row,
                        year,
                    )
                    .hint("write the budget year as four digits, such as `2023`; the line is left out until then"),
            );
            continue;
        };
        *counts.entry(y).or_default() += 1;
        let dept = text(Some(department)).unwrap_or_default();
        if dept.is_empty() {
            out.push(
                table
                    .at_cell(
                        Diagnostic::error("missing-value", "budget line has no department"),
                        row,
                        department,
                    )
                    .hint("write the id of the department responsible for the line"),
            );
        } else {
            refs.add("department", &dept, &row.locations[department]);
        }
        let mut amount = |col: Option<usize>, which: BudgetAmount| {
            line_amount(table, row, (col?, which, y), &mut blanks, out)
        };
        let approved_v = amount(Some(approved), BudgetAmount::Approved);
        let revised_v = amount(revised, BudgetAmount::Revised);
        let executed_v = amount(executed, BudgetAmount::Executed);
        let mut tags = |col: Option<usize>, kind: &'static str| -> Vec<String> {
            let Some(col) = col else { return Vec::new() };
            let raw = row.cells.get(col).map(Cell::text).unwrap_or_default();
            let mut v: Vec<String> = split_tags(&raw, spec.tag_separator);
            v.sort();
            v.dedup();
            for t in &v {
                refs.add(kind, t, &row.locations[col]);
            }
            v
        };
        let rights_v = tags(rights, "right");
        let sdg_v = tags(sdg, "sdg");
        let indicators_v = tags(indicators, "indicator");
        let gender_v = gender.and_then(|g| gender_marker(table, row, g, out));
        lines.push(BudgetLine {
            row: row.number,
            year: y,
            department: dept,
            programme: text(programme),
            economic_class: text(economic),
            line: text(line),
            title: text(title),
            approved: approved_v,
            revised: revised_v,
            executed: executed_v,
            rights: rights_v,
            sdg: sdg_v,
            indicators: indicators_v,
            gender_marker: gender_v,
        });
    }
    report_blanks(table, &blanks, &counts, out);
    check_references(ws, table, &refs, present, out);
    (lines, present)
}

/// The columns of the budget lines: each role, its declared name and the usual names.
fn line_roles(c: &BudgetColumns) -> [Role<'_>; 13] {
    [
        Role {
            key: "year",
            declared: c.year.as_ref(),
            defaults: YEAR,
            required: true,
        },
        Role {
            key: "department",
            declared: c.department.as_ref(),
            defaults: &["Department", "Dept"],
            required: true,
        },
        Role {
            key: "programme",
            declared: c.programme.as_ref(),
            defaults: &["Programme", "Program"],
            required: false,
        },
        Role {
            key: "economic-class",
            declared: c.economic_class.as_ref(),
            defaults: &["Economic class", "Economic", "Economic classification"],
            required: false,
        },
        Role {
            key: "approved",
            declared: c.approved.as_ref(),
            defaults: &["Approved", "Original"],
            required: true,
        },
        Role {
            key: "revised",
            declared: c.revised.as_ref(),
            defaults: &["Revised", "Final"],
            required: false,
        },
        Role {
            key: "executed",
            declared: c.executed.as_ref(),
            defaults: &["Executed", "Actual", "Outturn"],
            required: false,
        },
        Role {
            key: "rights",
            declared: c.rights.as_ref(),
            defaults: &["Rights", "Right", "Human rights"],
            required: false,
        },
        Role {
            key: "sdg",
            declared: c.sdg.as_ref(),
            defaults: &["SDG", "SDGs", "SDG targets", "SDG target"],
            required: false,
        },
        Role {
            key: "indicators",
            declared: c.indicators.as_ref(),
            defaults: &["Indicators", "Indicator"],
            required: false,
        },
        Role {
            key: "gender-marker",
            declared: c.gender_marker.as_ref(),
            defaults: &["Gender marker", "Gender"],
            required: false,
        },
        Role {
            key: "line",
            declared: c.line.as_ref(),
            defaults: &["Line", "Line id", "Code", "Programme code", "Program code"],
            required: false,
        },
        Role {
            key: "title",
            declared: c.title.as_ref(),
            defaults: &["Title", "Description"],
            required: false,
        },
    ]
}

/// Blank amounts of a year: how many lines lack the amount, and where the first one is.
type Blanks = BTreeMap<(i32, BudgetAmount), (usize, CellLocation)>;

/// Reads an amount of a budget line (`None` when blank, counted in `blanks`, or unreadable,
/// reported); warns of a negative approved amount.
fn line_amount(
    table: &Table,
    row: &Row,
    (col, which, y): (usize, BudgetAmount, i32),
    blanks: &mut Blanks,
    out: &mut Vec<Diagnostic>,
) -> Option<f64> {
    let cell = row.cells.get(col)?;
    match table::parse_number(cell, table.numbers) {
        Ok(Some(v)) => {
            if v < 0.0 && which == BudgetAmount::Approved {
                out.push(
                    table
                        .at_cell(
                            Diagnostic::warning(
                                "bad-value",
                                format!("approved amount {} is negative", cell.text()),
                            ),
                            row,
                            col,
                        )
                        .hint("an allocation is not negative; check the sign"),
                );
            }
            Some(v)
        }
        Ok(None) => {
            blanks
                .entry((y, which))
                .and_modify(|e| e.0 += 1)
                .or_insert((1, row.locations[col].clone()));
            None
        }
        Err(p) => {
            out.push(
                table
                    .at_cell(
                        Diagnostic::error(
                            "bad-value",
                            format!(
                                "failed to read the {} amount `{}` (not a number)",
                                which.name(),
                                cell.text()
                            ),
                        ),
                        row,
                        col,
                    )
                    .hint(p.hint(table.numbers)),
            );
            None
        }
    }
}

/// Reads the gender marker of a budget line (0, 1 or 2; `None` when blank or unreadable, reported).
fn gender_marker(table: &Table, row: &Row, g: usize, out: &mut Vec<Diagnostic>) -> Option<u8> {
    let cell = row.cells.get(g)?;
    if cell.is_blank() {
        return None;
    }
    match table::parse_number(cell, table.numbers) {
        Ok(Some(v)) if v == 0.0 || v == 1.0 || v == 2.0 => Some(v as u8),
        _ => {
            out.push(
                table
                    .at_cell(
                        Diagnostic::error(
                            "bad-value",
                            format!(
                                "gender marker `{}` is not 0, 1 or 2",
                                cell.text()
                            ),
                        ),
                        row,
                        g,
                    )
                    .hint("0: not targeted, 1: gender equality is a significant objective, 2: it is the principal objective"),
            );
            None
        }
    }
}

/// Warns of the years whose totals cannot be computed because some lines lack an amount (a
/// year whose lines all lack the revised or executed amount is not revised or closed yet).
fn report_blanks(
    table: &Table,
    blanks: &Blanks,
    counts: &BTreeMap<i32, usize>,
    out: &mut Vec<Diagnostic>,
) {
    for ((y, which), (n, at)) in blanks {
        let total = counts.get(y).copied().unwrap_or(0);
        // a year whose lines all lack the revised or executed amount is simply not revised or
        // not closed yet; a year with some blanks has totals that cannot be computed
        if *n == total && *which != BudgetAmount::Approved {
            continue;
        }
        out.push(
            table
                .at(
                    Diagnostic::warning(
                        "missing-value",
                        format!(
                            "{n} of {total} budget lines of {y} have no {} amount",
                            which.name()
                        ),
                    ),
                    at,
                )
                .hint(format!(
                    "totals of {y} that include these lines are not computed; write 0 where the amount is zero"
                )),
        );
    }
}

/// Splits a tag cell: on the declared separator, else on `;`, `|`, `,` and white space.
pub(crate) fn split_tags(raw: &str, separator: Option<char>) -> Vec<String> {
    let parts: Vec<&str> = match separator {
        Some(s) => raw.split(s).collect(),
        None => raw
            .split(|c: char| c == ';' || c == '|' || c == ',' || c.is_whitespace())
            .collect(),
    };
    parts
        .into_iter()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

fn check_references(
    ws: &Workspace,
    table: &Table,
    refs: &References,
    present: PresentColumns,
    out: &mut Vec<Diagnostic>,
) {
    let project = ws.project();
    let rights: BTreeSet<&str> = ws.rights.iter().map(|r| r.value.id.as_str()).collect();
    let departments: BTreeSet<&str> = ws
        .departments
        .iter()
        .map(|d| d.value.id.as_str())
        .chain(project.departments.iter().map(|d| d.id.as_str()))
        .collect();
    let active: Vec<&str> = ws.active.iter().map(|a| a.indicator.id.as_str()).collect();
    let mut warned_rights = false;
    let mut warned_departments = false;
    for ((kind, value), (at, count)) in &refs.by_value {
        let rows = if *count > 1 {
            format!(" (in {count} lines, the first here)")
        } else {
            String::new()
        };
        let d = match *kind {
            "right" if rights.is_empty() => {
                if !warned_rights && present.rights {
                    warned_rights = true;
                    Some(
                        Diagnostic::warning(
                            "unchecked-reference",
                            "budget lines are tagged with rights, but no library defines rights, so the tags are not checked",
                        )
                        .hint("add a library that defines `rights:` (such as `ohchr`) to `libraries:`"),
                    )
                } else {
                    None
                }
            }
            "right" if !rights.contains(value.as_str()) => Some(
                Diagnostic::error(
                    "unknown-reference",
                    format!("unknown right `{value}`{rows}"),
                )
                .hint(closest_or(
                    value,
                    rights.iter().copied(),
                    "rights are defined under `rights:` in a library (such as `ohchr`)",
                )),
            ),
            "department" if departments.is_empty() => {
                if !warned_departments {
                    warned_departments = true;
                    Some(
                        Diagnostic::warning(
                            "unchecked-reference",
                            "no departments are declared, so the budget's departments are not checked",
                        )
                        .hint("declare the departments under `departments:` in localis.yaml or a library"),
                    )
                } else {
                    None
                }
            }
            "department" if !departments.contains(value.as_str()) => Some(
                Diagnostic::error(
                    "unknown-reference",
                    format!("unknown department `{value}`{rows}"),
                )
                .hint(closest_or(
                    value,
                    departments.iter().copied(),
                    "departments are declared under `departments:`",
                )),
            ),
            "sdg" if ws.sdg.is_loaded() && !ws.sdg.contains(value) => {
                let level = match value.split('.').count() {
                    1 => "goal",
                    2 => "target",
                    _ => "indicator",
                };
                let near = ws
                    .sdg
                    .codes()
                    .filter(|c| c.split('.').count() == value.split('.').count())
                    .filter(|c| level != "goal" && strsim::levenshtein(c, value) <= 1)
                    .min_by_key(|c| (strsim::levenshtein(c, value), *c));
                Some(
                    Diagnostic::error(
                        "unknown-sdg",
                        format!("`{value}` is not an SDG {level} of framework {}{rows}", ws.sdg.version),
                    )
                    .hint(match near {
                        Some(n) => format!("did you mean `{n}`?"),
                        None => "SDG codes look like `11` (goal), `11.1` (target) or `11.1.1` (indicator)".into(),
                    }),
                )
            }
            "indicator" if ws.indicator(value).is_none() => {
                let defined = ws.definitions.iter().any(|d| d.value.id == *value);
                Some(if defined {
                    Diagnostic::error(
                        "unknown-reference",
                        format!("indicator `{value}` is not among the project's indicators{rows}"),
                    )
                    .hint("add it to a set the project uses, or list its library without a set")
                } else {
                    Diagnostic::error(
                        "unknown-reference",
                        format!("unknown indicator `{value}`{rows}"),
                    )
                    .hint(closest_or(
                        value,
                        active.iter().copied(),
                        "indicators are defined in the project's libraries",
                    ))
                })
            }
            _ => None,
        };
        if let Some(d) = d {
            out.push(table.at(d, &narrow(ws, table, at, value)));
        }
    }
}

/// The span of one tag inside its cell (the whole cell when it cannot be found).
fn narrow(ws: &Workspace, table: &Table, at: &CellLocation, tag: &str) -> CellLocation {
    let (CellLocation::Span(span), Some(file)) = (at, table.file) else {
        return at.clone();
    };
    let text = &ws.sources.text(file)[span.clone()];
    let is_boundary =
        |c: Option<char>| c.is_none_or(|c| !(c.is_alphanumeric() || matches!(c, '-' | '_' | '.')));
    let mut from = 0;
    while let Some(i) = text[from..].find(tag) {
        let start = from + i;
        let end = start + tag.len();
        if is_boundary(text[..start].chars().next_back()) && is_boundary(text[end..].chars().next())
        {
            return CellLocation::Span(span.start + start..span.start + end);
        }
        from = end;
    }
    at.clone()
}

fn closest_or<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    otherwise: &str,
) -> String {
    match yaml::closest(word, candidates) {
        Some(b) => format!("did you mean `{b}`?"),
        None => otherwise.to_string(),
    }
}

/// Reads the deflator or the population (`key`) from its one source: `values:`, an indicator
/// (taken from the evaluation later) or a dataset.
fn read_year_series(
    ws: &mut Workspace,
    index: &DatasetIndex,
    series: &YearSeries,
    key: &'static str,
    out: &mut Vec<Diagnostic>,
) -> Option<YearValues> {
    let base = [Step::from("budget"), Step::from(key)];
    let sub = |rest: &[Step]| {
        let mut p = base.to_vec();
        p.extend_from_slice(rest);
        p
    };
    let what = if key == "deflator" {
        "deflator"
    } else {
        "population"
    };
    let given = [
        series.dataset.is_some(),
        series.indicator.is_some(),
        !series.values.is_empty(),
    ]
    .iter()
    .filter(|g| **g)
    .count();
    if given != 1 {
        out.push(
            Diagnostic::error(
                if given == 0 { "missing-source" } else { "bad-value" },
                format!("the {what} needs one source: `dataset`, `indicator` or `values`"),
            )
            .at(ws.project_file, ws.project_span(&base))
            .hint(format!(
                "write `{key}: {{dataset: <id>}}`, `{key}: {{indicator: <id>}}` or `{key}: {{values: {{2020: ...}}}}`"
            )),
        );
        return None;
    }
    if !series.values.is_empty() {
        return Some(year_series_from_values(ws, series, key, what, out));
    }
    if let Some(id) = &series.indicator {
        if ws.indicator(id).is_none() {
            let ids: Vec<&str> = ws.active.iter().map(|a| a.indicator.id.as_str()).collect();
            out.push(
                Diagnostic::error("unknown-reference", format!("unknown indicator `{id}`"))
                    .at(
                        ws.project_file,
                        ws.project_span(&sub(&["indicator".into()])),
                    )
                    .hint(closest_or(id, ids, "name one of the project's indicators")),
            );
            return None;
        }
        return Some(YearValues {
            values: BTreeMap::new(),
            indicator: Some(id.clone()),
        });
    }
    year_series_from_dataset(ws, index, series, (key, what), out)
}

/// A year series given under `values:` in the project file, each value's provenance its line.
fn year_series_from_values(
    ws: &Workspace,
    series: &YearSeries,
    key: &'static str,
    what: &str,
    out: &mut Vec<Diagnostic>,
) -> YearValues {
    let base = [Step::from("budget"), Step::from(key)];
    let sub = |rest: &[Step]| {
        let mut p = base.to_vec();
        p.extend_from_slice(rest);
        p
    };
    let positive = |v: f64| v > 0.0 && v.is_finite();
    let mut values = BTreeMap::new();
    for (year, v) in &series.values {
        let path = sub(&["values".into(), Step::Key(year.to_string())]);
        let span = ws.project_span(&path);
        if !positive(*v) {
            out.push(
                Diagnostic::error(
                    "bad-value",
                    format!("the {what} of {year} is {v}, not a positive number"),
                )
                .at(ws.project_file, span)
                .hint(format!("a {what} is above zero")),
            );
            continue;
        }
        let (line, _) = ws.sources.line_col(ws.project_file, span.start);
        values.insert(
            *year,
            YearValue {
                value: *v,
                provenance: vec![Provenance {
                    dataset: format!("budget.{key}"),
                    file: ws.sources.name(ws.project_file).to_string(),
                    rows: vec![(line as u32, line as u32)],
                }],
            },
        );
    }
    YearValues {
        values,
        indicator: None,
    }
}

/// A year series read from a dataset: the headline rows (other disaggregation cells blank) of
/// the project's place, after the series' filters, one positive value per year.
fn year_series_from_dataset(
    ws: &mut Workspace,
    index: &DatasetIndex,
    series: &YearSeries,
    (key, what): (&'static str, &str),
    out: &mut Vec<Diagnostic>,
) -> Option<YearValues> {
    let base = [Step::from("budget"), Step::from(key)];
    let sub = |rest: &[Step]| {
        let mut p = base.to_vec();
        p.extend_from_slice(rest);
        p
    };
    let id = series.dataset.clone().unwrap_or_default();
    let path = sub(&["dataset".into()]);
    let (files, dspec) =
        find_dataset(ws, index, &id, &path, out).map(|(f, s)| (f.clone(), s.clone()))?;
    let table = read(ws, &files, &dspec, &path, out)?;
    let period_name = dspec
        .columns
        .period
        .clone()
        .unwrap_or_else(|| dataset::columns::YEAR.into());
    let value_name = series
        .column
        .clone()
        .or_else(|| dspec.columns.value.clone())
        .unwrap_or_else(|| dataset::columns::VALUE.into());
    let place_name = dspec
        .columns
        .place
        .clone()
        .unwrap_or_else(|| dataset::columns::GEOCODE.into());
    let (period, value, filters) = series_columns(
        ws,
        &table,
        series,
        (key, &id, &path),
        (&period_name, &value_name),
        out,
    )?;
    let col = |name: &str| table.headers.iter().position(|h| h == name);
    let place = col(&place_name);
    let geocode = dspec
        .place
        .clone()
        .unwrap_or_else(|| ws.project().place.geocode.clone());
    let roles = dataset::role_columns(&dspec);
    let dimensions: Vec<usize> = (0..table.headers.len())
        .filter(|i| {
            !roles.contains(&table.headers[*i])
                && !series.filter.contains_key(&table.headers[*i])
                && *i != value
                && *i != period
        })
        .collect();
    let values = headline_values(
        &table,
        (&filters, &dimensions),
        (place, &geocode),
        (period, value),
        what,
        out,
    );
    if values.is_empty() {
        out.push(
            Diagnostic::warning("no-data", format!("no {what} values were found in dataset `{id}`"))
                .at(ws.project_file, ws.project_span(&path))
                .hint("values are taken from rows whose other disaggregation cells are blank (the headline), for the project's place"),
        );
    }
    Some(YearValues {
        values,
        indicator: None,
    })
}

/// The values of a year series' table, one per year: from the rows that pass the filters,
/// leave every other disaggregation blank (the headline) and are of the place (or of none).
fn headline_values(
    table: &Table,
    (filters, dimensions): (&[Filter], &[usize]),
    (place, geocode): (Option<usize>, &str),
    (period, value): (usize, usize),
    what: &str,
    out: &mut Vec<Diagnostic>,
) -> BTreeMap<i32, YearValue> {
    let positive = |v: f64| v > 0.0 && v.is_finite();
    let source = TableSource {
        dataset: table.dataset.clone(),
        file: table.file_name.clone(),
    };
    let mut values: BTreeMap<i32, YearValue> = BTreeMap::new();
    let mut first_row: BTreeMap<i32, &Row> = BTreeMap::new();
    for row in &table.rows {
        let text = |i: usize| row.cells.get(i).map(Cell::text).unwrap_or_default();
        if !filters
            .iter()
            .all(|(i, accepted)| accepted.contains(&text(*i)))
        {
            continue;
        }
        if !dimensions.iter().all(|i| text(*i).is_empty()) {
            continue;
        }
        if let Some(p) = place
            && !text(p).is_empty()
            && text(p) != geocode
        {
            continue;
        }
        let Some(year) = row.cells.get(period).and_then(table::parse_year) else {
            out.push(
                table
                    .at_cell(
                        Diagnostic::error(
                            "bad-value",
                            format!("failed to read the year `{}` (not a year)", text(period)),
                        ),
                        row,
                        period,
                    )
                    .hint("write the year as four digits, such as `2023`"),
            );
            continue;
        };
        let v = match row
            .cells
            .get(value)
            .map(|c| table::parse_number(c, table.numbers))
        {
            Some(Ok(Some(v))) => v,
            Some(Ok(None)) | None => continue,
            Some(Err(p)) => {
                out.push(
                    table
                        .at_cell(
                            Diagnostic::error(
                                "bad-value",
                                format!(
                                    "failed to read the {what} `{}` (not a number)",
                                    text(value)
                                ),
                            ),
                            row,
                            value,
                        )
                        .hint(p.hint(table.numbers)),
                );
                continue;
            }
        };
        if !positive(v) {
            out.push(
                table
                    .at_cell(
                        Diagnostic::error(
                            "bad-value",
                            format!("the {what} of {year} is {v}, not a positive number"),
                        ),
                        row,
                        value,
                    )
                    .hint(format!(
                        "a {what} is above zero; leave the cell blank when it is not known"
                    )),
            );
            continue;
        }
        if let Some(first) = first_row.get(&year) {
            let mut d = table
                .at_cell(
                    Diagnostic::error("duplicate-value", format!("two {what} values for {year}")),
                    row,
                    value,
                )
                .hint("filter the dataset down to one row per year with `filter:`, or leave the other disaggregation cells blank only on the headline rows");
            if let (Some(file), Some(CellLocation::Span(s))) =
                (table.file, first.locations.get(value))
            {
                d = d.related(file, s.clone(), "first value");
            }
            out.push(d);
            continue;
        }
        first_row.insert(year, row);
        values.insert(
            year,
            YearValue {
                value: v,
                provenance: vec![source.provenance([row.number])],
            },
        );
    }
    values
}

/// A filter of a year series: a column and the values it accepts.
type Filter = (usize, Vec<String>);

/// The period and value columns of a year series' dataset, and its filters; `None`, with the problems reported, when one is not in the table.
fn series_columns(
    ws: &Workspace,
    table: &Table,
    series: &YearSeries,
    (key, id, path): (&'static str, &str, &[Step]),
    (period_name, value_name): (&str, &str),
    out: &mut Vec<Diagnostic>,
) -> Option<(usize, usize, Vec<Filter>)> {
    let base = [Step::from("budget"), Step::from(key)];
    let sub = |rest: &[Step]| {
        let mut p = base.to_vec();
        p.extend_from_slice(rest);
        p
    };
    let col = |name: &str| table.headers.iter().position(|h| h == name);
    let mut ok = true;
    for (role, name, span_path) in [
        ("period", period_name, path.to_vec()),
        (
            "value",
            value_name,
            if series.column.is_some() {
                sub(&["column".into()])
            } else {
                path.to_vec()
            },
        ),
    ] {
        if col(name).is_none() {
            ok = false;
            out.push(
                Diagnostic::error(
                    "missing-column",
                    format!("dataset `{id}` has no {role} column `{name}`"),
                )
                .at(ws.project_file, ws.project_span(&span_path))
                .hint(
                    match yaml::closest(name, table.headers.iter().map(String::as_str)) {
                        Some(b) => format!("did you mean `{b}`?"),
                        None => format!("its columns are {}", quoted(&table.headers)),
                    },
                ),
            );
        }
    }
    let mut filters: Vec<Filter> = Vec::new();
    for (name, accepted) in &series.filter {
        match col(name) {
            Some(i) => filters.push((i, accepted.values().iter().map(|s| s.to_string()).collect())),
            None => {
                ok = false;
                out.push(
                    Diagnostic::error(
                        "unknown-column",
                        format!("dataset `{id}` has no column `{name}`"),
                    )
                    .at(
                        ws.project_file,
                        ws.project_node
                            .key_span_at(&sub(&["filter".into(), Step::Key(name.clone())])),
                    )
                    .hint(
                        match yaml::closest(name, table.headers.iter().map(String::as_str)) {
                            Some(b) => format!("did you mean `{b}`?"),
                            None => format!("its columns are {}", quoted(&table.headers)),
                        },
                    ),
                );
            }
        }
    }
    if !ok {
        return None;
    }
    let (Some(period), Some(value)) = (col(period_name), col(value_name)) else {
        return None;
    };
    Some((period, value, filters))
}

fn read_revenue(
    ws: &mut Workspace,
    index: &DatasetIndex,
    spec: &RevenueSpec,
    out: &mut Vec<Diagnostic>,
) -> Option<Revenue> {
    let path = [Step::from("budget"), "revenue".into(), "dataset".into()];
    let (files, dspec) =
        find_dataset(ws, index, &spec.dataset, &path, out).map(|(f, s)| (f.clone(), s.clone()))?;
    let table = read(ws, &files, &dspec, &path, out)?;
    let c = &spec.columns;
    let roles = [
        Role {
            key: "year",
            declared: c.year.as_ref(),
            defaults: YEAR,
            required: true,
        },
        Role {
            key: "category",
            declared: c.category.as_ref(),
            defaults: &["Category", "Source", "Revenue"],
            required: false,
        },
        Role {
            key: "own",
            declared: c.own.as_ref(),
            defaults: &["Own", "Own revenue", "Own source"],
            required: false,
        },
        Role {
            key: "budgeted",
            declared: c.budgeted.as_ref(),
            defaults: &["Budgeted", "Approved", "Budget"],
            required: true,
        },
        Role {
            key: "actual",
            declared: c.actual.as_ref(),
            defaults: &["Actual", "Executed", "Outturn"],
            required: true,
        },
    ];
    let cols = resolve_columns(
        ws,
        &table,
        &roles,
        &["budget".into(), "revenue".into()],
        "revenue table",
        out,
    );
    let [year, category, own, budgeted, actual] = cols[..] else {
        return None;
    };
    let (Some(year), Some(budgeted), Some(actual)) = (year, budgeted, actual) else {
        return None;
    };
    let mut lines = Vec::new();
    for row in &table.rows {
        let Some(y) = row.cells.get(year).and_then(table::parse_year) else {
            out.push(
                table
                    .at_cell(
                        Diagnostic::error(
                            "bad-value",
                            format!(
                                "failed to read the year `{}` (not a year)",
                                row.cells.get(year).map(Cell::text).unwrap_or_default()
                            ),
                        ),
                        row,
                        year,
                    )
                    .hint("write the budget year as four digits, such as `2023`"),
            );
            continue;
        };
        let mut amount = |col: usize, what: &str| -> Option<f64> {
            let cell = row.cells.get(col)?;
            match table::parse_number(cell, table.numbers) {
                Ok(v) => v,
                Err(p) => {
                    out.push(
                        table
                            .at_cell(
                                Diagnostic::error(
                                    "bad-value",
                                    format!(
                                        "failed to read the {what} revenue `{}` (not a number)",
                                        cell.text()
                                    ),
                                ),
                                row,
                                col,
                            )
                            .hint(p.hint(table.numbers)),
                    );
                    None
                }
            }
        };
        let budgeted_v = amount(budgeted, "budgeted");
        let actual_v = amount(actual, "actual");
        let own_v = own.and_then(|o| {
            let cell = row.cells.get(o)?;
            let t = cell.text().to_lowercase();
            match t.as_str() {
                "yes" | "true" | "1" | "own" | "y" => Some(true),
                "no" | "false" | "0" | "transfer" | "n" => Some(false),
                _ => {
                    out.push(
                        table
                            .at_cell(
                                Diagnostic::error(
                                    if t.is_empty() { "missing-value" } else { "bad-value" },
                                    format!("`{}` does not say whether the revenue is the city's own", cell.text()),
                                ),
                                row,
                                o,
                            )
                            .hint("write `yes` for own revenue (taxes, fees, charges) and `no` for transfers"),
                    );
                    None
                }
            }
        });
        lines.push(RevenueLine {
            row: row.number,
            year: y,
            category: category
                .and_then(|c| row.cells.get(c))
                .map(Cell::text)
                .filter(|t| !t.is_empty()),
            own: own_v,
            budgeted: budgeted_v,
            actual: actual_v,
        });
    }
    Some(Revenue {
        source: TableSource {
            dataset: table.dataset.clone(),
            file: table.file_name.clone(),
        },
        lines,
        has_own: own.is_some(),
        has_category: category.is_some(),
    })
}

fn check_justifications(
    ws: &Workspace,
    spec: &BudgetSpec,
    out: &mut Vec<Diagnostic>,
) -> Vec<LocatedJustification> {
    let rights: BTreeSet<&str> = ws.rights.iter().map(|r| r.value.id.as_str()).collect();
    let mut seen: BTreeMap<(&str, i32), Range<usize>> = BTreeMap::new();
    let mut kept = Vec::new();
    for (i, j) in spec.justifications.iter().enumerate() {
        let path = [Step::from("budget"), "justifications".into(), i.into()];
        let span = ws.project_span(&path);
        let mut right_path = path.to_vec();
        right_path.push("right".into());
        if !rights.is_empty() && !rights.contains(j.right.as_str()) {
            out.push(
                Diagnostic::error("unknown-reference", format!("unknown right `{}`", j.right))
                    .at(ws.project_file, ws.project_span(&right_path))
                    .hint(closest_or(
                        &j.right,
                        rights.iter().copied(),
                        "rights are defined under `rights:` in a library",
                    )),
            );
        }
        if let Some(first) = seen.get(&(j.right.as_str(), j.year)) {
            out.push(
                Diagnostic::error(
                    "duplicate-value",
                    format!("two justifications for `{}` in {}", j.right, j.year),
                )
                .at(ws.project_file, span.clone())
                .related(ws.project_file, first.clone(), "first given here")
                .hint("write one justification per right and year"),
            );
            continue;
        }
        seen.insert((j.right.as_str(), j.year), span.clone());
        kept.push(LocatedJustification {
            justification: j.clone(),
            span,
        });
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_compress_to_ranges() {
        assert_eq!(row_ranges([7, 1, 3, 2, 2]), vec![(1, 3), (7, 7)]);
        assert_eq!(row_ranges([]), Vec::<(u32, u32)>::new());
    }

    #[test]
    fn tags_split_on_usual_separators() {
        assert_eq!(
            split_tags("adequate-housing; health|food , work", None),
            ["adequate-housing", "health", "food", "work"]
        );
        assert_eq!(split_tags("11.1 1.4", None), ["11.1", "1.4"]);
        assert_eq!(split_tags("a/b", Some('/')), ["a", "b"]);
        assert!(split_tags("  ", None).is_empty());
    }

    #[test]
    fn column_names_match_ignoring_case_and_punctuation() {
        assert_eq!(normalise("Economic_class"), normalise("economic class"));
        assert_eq!(normalise("Gender-Marker"), "gendermarker");
    }
}
