//! localis: declarative human-rights and SDG indicators to assessed results, charts and PDF publications.
//!
//! The pipeline has one module per stage, with plain data between them:
//! [`load`] (with the boundary files of [`maps`]) -> [`check`] -> [`evaluate`] -> [`assess`] -> [`publish`].

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
pub mod pipeline;
pub mod progress;
pub mod publish;
pub mod scaffold;
pub mod schema;
pub mod scorecard;
pub mod watch;
pub mod yaml;
