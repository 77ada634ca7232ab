//! Output stage: the tabular files of a run (results, assessment, budget summary) and the atomic writer every stage writes through.

pub mod assessment;
pub mod budget;
pub mod results;
pub mod write;

pub use write::write_atomic;
