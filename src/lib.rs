//! localis: declarative human-rights and SDG indicators to assessed results, charts and PDF publications.
//!
//! The pipeline has one module per stage, with plain data between them and imports only
//! downwards (ARCHITECTURE.md; `tests/integration/architecture.rs` holds the order):
//! [`load`] (with the boundary files of [`maps`]) -> [`check`] -> [`evaluate`] -> [`budget`] ->
//! [`privacy`] -> [`assess`] -> [`scorecard`] -> [`output`]; [`pipeline`] composes them for
//! the commands, and [`publish`] and [`interop`] read what it returns.

// library code reports problems as diagnostics and never panics on input (tests may)
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::exit)
)]

pub mod allocator;
pub mod assess;
pub mod budget;
pub mod check;
pub mod clock;
pub mod diag;
pub mod evaluate;
pub mod interop;
pub mod load;
pub mod maps;
pub mod model;
pub mod output;
pub mod pipeline;
pub mod privacy;
pub mod progress;
pub mod publish;
pub mod scaffold;
pub mod schema;
pub mod scorecard;
pub mod watch;
pub mod yaml;
