//! The evaluation plan: which files, datasets, places and indicators, what each dataset must
//! provide, and which indicator reads which.

use std::collections::{BTreeMap, BTreeSet};

use crate::diag::Diagnostic;
use crate::load::DatasetIndex;
use crate::load::dataset::{FileToRead, ReadRequest};
use crate::load::{ActiveIndicator, Workspace};
use crate::model::{Computation, DatasetKind, DatasetSpec, Indicator, Selection};

use super::result::DataFile;

/// A dataset to read: its declaration, files and the columns the computations need.
#[derive(Debug)]
pub(crate) struct PlannedDataset<'w> {
    /// Dataset id.
    pub id: String,
    /// Its declaration.
    pub spec: &'w DatasetSpec,
    /// Its files, with their indices in the run's file list.
    pub files: Vec<FileToRead>,
    /// Columns to read beyond the defaults.
    pub request: ReadRequest,
    /// Place of rows without a GeoCode.
    pub default_place: String,
}

/// An indicator to evaluate.
#[derive(Debug)]
pub(crate) struct PlannedIndicator<'w> {
    /// The indicator after overrides.
    pub active: &'w ActiveIndicator,
    /// Indices (in the plan's indicator list) of the indicators it reads.
    pub deps: Vec<usize>,
    /// Indices of the datasets it reads.
    pub datasets: Vec<usize>,
}

impl PlannedIndicator<'_> {
    /// The indicator.
    pub(super) fn indicator(&self) -> &Indicator {
        &self.active.indicator
    }
}

/// Everything evaluation needs to know before reading data.
#[derive(Debug)]
pub(crate) struct Plan<'w> {
    /// The data files, in dataset order then file order.
    pub files: Vec<DataFile>,
    /// The datasets.
    pub datasets: Vec<PlannedDataset<'w>>,
    /// Dataset index by id.
    pub dataset_ids: BTreeMap<String, usize>,
    /// The active indicators, sorted by id.
    pub indicators: Vec<PlannedIndicator<'w>>,
    /// Indicator index by id.
    pub indicator_ids: BTreeMap<String, usize>,
    /// The project's own place (always evaluated).
    pub main_place: String,
    /// Places with names: the project's place and the places file.
    pub declared_places: BTreeMap<String, Option<String>>,
    /// Problems found while planning (such as an unreadable places file).
    pub diagnostics: Vec<Diagnostic>,
}

/// The selections of a computation, with the dataset they read (if any).
pub(crate) fn selections(c: &Computation) -> Vec<&Selection> {
    match c {
        Computation::Value(s) => vec![s],
        Computation::Ratio(r) => vec![&r.numerator, &r.denominator],
        Computation::Share(s) => vec![&s.part, &s.whole],
        Computation::Sum(s) => s.of.iter().collect(),
        Computation::Gap(g) => vec![&g.of],
        Computation::Index(i) => vec![&i.of],
        Computation::Records(_) => Vec::new(),
        Computation::Expression(e) => e.inputs.values().collect(),
    }
}

impl<'w> Plan<'w> {
    /// Plans the evaluation of a checked workspace.
    pub(super) fn new(ws: &'w Workspace, index: &DatasetIndex) -> Plan<'w> {
        let project = ws.project();
        let main_place = project.place.geocode.clone();
        let mut diagnostics = Vec::new();
        let mut files = Vec::new();
        let mut datasets = Vec::new();
        let mut dataset_ids = BTreeMap::new();
        for d in &index.datasets {
            let Some(spec) = project.datasets.get(d.spec_index) else {
                continue;
            };
            let mut to_read = Vec::new();
            for f in &d.files {
                let display = ws.display_path(f);
                to_read.push(FileToRead {
                    index: files.len() as u32,
                    path: f.clone(),
                    display: display.clone(),
                });
                files.push(DataFile {
                    dataset: d.id.clone(),
                    file: display,
                });
            }
            dataset_ids.insert(d.id.clone(), datasets.len());
            datasets.push(PlannedDataset {
                id: d.id.clone(),
                spec,
                files: to_read,
                request: ReadRequest {
                    numbers: BTreeSet::new(),
                    texts: (spec.kind == DatasetKind::Records).then(BTreeSet::new),
                },
                default_place: spec.place.clone().unwrap_or_else(|| main_place.clone()),
            });
        }
        let indicator_ids: BTreeMap<String, usize> = ws
            .active
            .iter()
            .enumerate()
            .map(|(i, a)| (a.indicator.id.clone(), i))
            .collect();
        let mut indicators = Vec::new();
        for a in &ws.active {
            let mut deps = BTreeSet::new();
            let mut used = BTreeSet::new();
            if let Some(c) = &a.indicator.computation {
                for (_, id) in c.indicator_inputs() {
                    if let Some(i) = indicator_ids.get(id) {
                        deps.insert(*i);
                    }
                }
                for s in selections(c) {
                    let Some(ds) = s.dataset.as_deref().and_then(|d| dataset_ids.get(d)) else {
                        continue;
                    };
                    used.insert(*ds);
                    let req = &mut datasets[*ds].request;
                    if let Some(col) = &s.column {
                        req.numbers.insert(col.clone());
                    }
                    if let Some(t) = &mut req.texts {
                        t.extend(s.filter.keys().cloned());
                        t.extend(a.indicator.disaggregations.iter().cloned());
                    }
                }
                match c {
                    Computation::Records(r) => {
                        if let Some(ds) = dataset_ids.get(&r.dataset) {
                            used.insert(*ds);
                            let req = &mut datasets[*ds].request;
                            if let Some(col) = &r.column {
                                req.numbers.insert(col.clone());
                            }
                            if let Some(t) = &mut req.texts {
                                t.extend(r.filter.keys().cloned());
                                t.extend(r.share_where.keys().cloned());
                                t.extend(a.indicator.disaggregations.iter().cloned());
                            }
                        }
                    }
                    Computation::Gap(g) => {
                        if let Some(ds) = g.of.dataset.as_deref().and_then(|d| dataset_ids.get(d))
                            && let Some(t) = &mut datasets[*ds].request.texts
                        {
                            t.insert(g.dimension.clone());
                        }
                    }
                    _ => {}
                }
            }
            indicators.push(PlannedIndicator {
                active: a,
                deps: deps.into_iter().collect(),
                datasets: used.into_iter().collect(),
            });
        }
        for d in &mut datasets {
            if let (Some(t), Some(dims)) = (&mut d.request.texts, &d.spec.columns.dimensions) {
                t.extend(dims.iter().cloned());
            }
        }
        let (declared_places, problems) = crate::load::declared_places(ws);
        diagnostics.extend(problems);
        Plan {
            files,
            datasets,
            dataset_ids,
            indicators,
            indicator_ids,
            main_place,
            declared_places,
            diagnostics,
        }
    }
}
