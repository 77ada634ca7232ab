//! Integration tests: one crate (each test binary links typst, so there is only one), a module per area.

mod architecture;
mod assess;
mod batch;
mod budget;
mod chart_command;
mod charts;
mod check;
mod common;
mod demo;
mod eval;
mod export;
mod hostile;
mod import;
mod init;
mod layout;
mod maps;
mod parquet_files;
mod parquet_inputs;
mod publications;
mod report;
mod rules;
mod schema;
mod windows;
