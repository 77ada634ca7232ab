//! Publish stage: results as JSON and CSV, charts as SVG, reports as PDF, each written atomically.

pub mod chart_files;
pub mod charts;
pub mod each_place;
pub mod figures;
pub mod format;
pub mod map_figures;
pub mod pdf;
pub mod report;
pub mod sentences;
