//! Dataset declarations: where a table is, what shape it has and what its columns mean.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::indicator::SourceRef;
use super::text::Text;

/// The shape of a dataset.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum DatasetKind {
    /// The Open SDG CSV convention: `Year`, disaggregation columns, optional `GeoCode`,
    /// `Units`, `Series`, `Observation status`, `COMMENT_OBS`, and `Value`.
    #[default]
    OpenSdg,
    /// A tidy table whose columns are named in `columns`.
    Table,
    /// One row per person, case or complaint; indicators aggregate the records.
    Records,
}

/// A dataset declared in the project.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct DatasetSpec {
    /// Id used by computations; defaults to the file name without extension (one dataset per
    /// file when `path` is a glob such as `data/indicator_*.csv`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Path relative to the project folder: a `.csv`, `.xlsx` or `.parquet` file, or a glob.
    pub path: String,
    /// Shape of the table.
    #[serde(default)]
    pub kind: DatasetKind,
    /// Title of the dataset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<Text>,
    /// Where the data come from; shown with every value taken from it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<SourceRef>,
    /// XLSX: the worksheet (default: the first).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// XLSX: the cell range holding the table, such as `A3:F200` (default: the used range).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<String>,
    /// CSV: field delimiter (default: detected, `,` or `;`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delimiter: Option<char>,
    /// Decimal separator in numbers (default `.`; `,` as in Brazil and Germany).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decimal: Option<char>,
    /// Thousands separator in numbers, removed before parsing (such as `.` or ` `).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thousands: Option<char>,
    /// What the columns mean, when they do not follow the Open SDG names.
    #[serde(default)]
    pub columns: ColumnMap,
    /// GeoCode of the place the data describe, for tables without a place column
    /// (default: the project's place).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
}

/// Column names of a dataset (each defaults to the Open SDG name).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ColumnMap {
    /// The period column (default `Year`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    /// Records: a date column (`2021-03-04`) whose year is the period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The place column (default `GeoCode`, optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// The value column (default `Value`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// The disaggregation columns (default: every column that has no other role).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dimensions: Option<Vec<String>>,
    /// The units column (default `Units`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub units: Option<String>,
    /// The series column (default `Series`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub series: Option<String>,
    /// The observation status column (default `Observation status`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// The comment column (default `COMMENT_OBS`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// A column that replaces the value for progress assessment only (default `Progress`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub progress: Option<String>,
}
