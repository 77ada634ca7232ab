//! `localis schema`: the JSON Schemas validate every YAML file the repository ships.

use std::path::{Path, PathBuf};

use crate::common::{localis, repo_root};

fn compile(kind: &str) -> (boon::Schemas, boon::SchemaIndex) {
    let run = localis(&repo_root(), &["schema", kind]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let schema: serde_json::Value = serde_json::from_str(&run.stdout).expect("schema is JSON");
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    let url = format!("https://localis.example/schema/{kind}.json");
    compiler
        .add_resource(&url, schema)
        .expect("schema resource");
    let index = compiler
        .compile(&url, &mut schemas)
        .expect("schema compiles");
    (schemas, index)
}

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            yaml_files(&p, out);
        } else if matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml")) {
            out.push(p);
        }
    }
}

fn validate(schemas: &boon::Schemas, index: boon::SchemaIndex, path: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(path).unwrap();
    let value: serde_json::Value =
        serde_yaml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    schemas
        .validate(&value, index)
        .map_err(|e| format!("{}: {e:#}", path.display()))
}

#[test]
fn every_shipped_yaml_file_validates_against_the_schema() {
    let (project, project_ix) = compile("project");
    let (library, library_ix) = compile("library");
    let (indicators, indicators_ix) = compile("indicators");
    let root = repo_root();
    let mut files = Vec::new();
    yaml_files(&root.join("indicators"), &mut files);
    assert!(files.len() >= 4, "the shipped libraries are missing");
    let mut failures = Vec::new();
    for f in &files {
        let result = if f.file_name().is_some_and(|n| n == "library.yaml") {
            validate(&library, library_ix, f)
        } else {
            validate(&indicators, indicators_ix, f)
        };
        failures.extend(result.err());
    }
    failures.extend(validate(&project, project_ix, &root.join("localis.yaml")).err());
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn schema_rejects_what_check_rejects() {
    let (indicators, ix) = compile("indicators");
    let bad: serde_json::Value =
        serde_yaml::from_str("indicators:\n  - id: a\n    title: A\n    targte: []\n").unwrap();
    assert!(indicators.validate(&bad, ix).is_err());
    let good: serde_json::Value =
        serde_yaml::from_str("indicators:\n  - id: a\n    title: {en: A, pt-BR: B}\n    links: {sdg: ['11.1.1', {code: '11.1'}]}\n    targets: [{zero: {year: 2030}}]\n").unwrap();
    indicators.validate(&good, ix).expect("a valid file passes");
}

#[test]
fn committed_schemas_match_what_localis_schema_prints() {
    for kind in ["project", "library", "indicators"] {
        let run = localis(&repo_root(), &["schema", kind]);
        let committed =
            std::fs::read_to_string(repo_root().join(format!("schemas/{kind}.json"))).unwrap();
        assert_eq!(
            run.stdout.trim_end(),
            committed.trim_end(),
            "schemas/{kind}.json is stale: run `cargo run --release -- schema {kind} > schemas/{kind}.json`"
        );
    }
}
