//! Evaluate stage: turns indicator computations and datasets into values per place, period and disaggregation.

pub mod result;

pub use result::*;
