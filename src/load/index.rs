//! The datasets a checked project reads, with their files and headers, for the stages after checking.

use std::collections::BTreeMap;

use super::dataset::DatasetFiles;

/// What checking learnt about the datasets (their files and headers), for the stages after it.
#[derive(Debug, Default, Clone)]
pub struct DatasetIndex {
    /// The datasets with their files.
    pub datasets: Vec<DatasetFiles>,
    /// Column headers by dataset id (datasets whose header could not be read are missing).
    pub headers: BTreeMap<String, Vec<String>>,
}

impl DatasetIndex {
    /// The dataset with this id.
    pub fn get(&self, id: &str) -> Option<&DatasetFiles> {
        self.datasets.iter().find(|d| d.id == id)
    }

    /// The size in bytes of the data files of every dataset that `counts` (given the index of
    /// its declaration) keeps; files that cannot be read count nothing.
    pub fn data_bytes(&self, counts: impl Fn(usize) -> bool) -> u64 {
        self.datasets
            .iter()
            .filter(|d| counts(d.spec_index))
            .flat_map(|d| &d.files)
            .filter_map(|f| std::fs::metadata(f).ok())
            .map(|m| m.len())
            .sum()
    }
}
