//! Output stage: the tabular files of a run (results, assessment, budget summary; CSV, JSON and Parquet) and the atomic writer every stage writes through.

pub mod assessment;
pub mod budget;
pub mod columnar;
pub mod results;
pub(crate) mod rows;
pub mod write;

pub(crate) use write::write_atomic;
