//! Interoperability with the ecosystem: import from Open SDG data repositories, export as SDMX-CSV and open data.

pub mod export;
pub mod opensdg;
pub mod text;
