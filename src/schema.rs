//! JSON Schemas of the YAML files, for editors that complete and check YAML as people type.

use schemars::generate::SchemaSettings;

use crate::model::{LibraryFile, LibraryManifest, Project};

/// The kinds of YAML file localis reads.
pub const SCHEMA_KINDS: [&str; 3] = ["project", "library", "indicators"];

/// The JSON Schema of one kind of file (`project`, `library`, `indicators`), pretty-printed.
pub fn schema(kind: &str) -> Option<String> {
    let generator = SchemaSettings::draft07().into_generator();
    let mut schema = match kind {
        "project" => generator.into_root_schema_for::<Project>(),
        "library" => generator.into_root_schema_for::<LibraryManifest>(),
        "indicators" => generator.into_root_schema_for::<LibraryFile>(),
        _ => return None,
    };
    let title = match kind {
        "project" => "localis project file (localis.yaml)",
        "library" => "localis library manifest (library.yaml)",
        _ => "localis indicator library file",
    };
    schema.insert("title".into(), title.into());
    schema.insert(
        "$id".into(),
        format!("https://localis.example/schema/{kind}.json").into(),
    );
    serde_json::to_string_pretty(&schema).ok()
}
