//! The stage folders of `src/` import only downwards: every `crate::<module>` path in a module names a module of a lower layer (ARCHITECTURE.md).

use std::collections::BTreeMap;
use std::path::Path;

/// The layers of the library, lowest first; a module may use its own layer's modules and
/// every module of a lower layer, never one of a higher layer.
const LAYERS: &[&[&str]] = &[
    &["allocator", "yaml", "diag", "clock", "progress"],
    &["model"],
    &["maps"],
    &["load"],
    &["check"],
    &["evaluate"],
    &["budget"],
    &["privacy"],
    &["assess"],
    &["scorecard"],
    &["output"],
    &["pipeline"],
    &["publish"],
    &["schema"],
    &["scaffold"],
    &["interop", "watch"],
    // the binary's commands (src/cli/), above the whole library
    &["cli"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

/// Every `crate::<name>` path in a source text (comments included: a doc link upwards is an
/// upward arrow for the reader too).
fn crate_paths(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("crate::") {
        let after = &rest[i + "crate::".len()..];
        let name: String = after
            .chars()
            .take_while(|c| c.is_ascii_lowercase() || *c == '_' || c.is_ascii_digit())
            .collect();
        // `localis::crate::` never occurs; `$crate::` in macros names the crate itself
        let before = &rest[..i];
        if !before.ends_with('$') && !name.is_empty() {
            out.push(name);
        }
        rest = after;
    }
    out
}

fn walk(dir: &Path, files: &mut Vec<std::path::PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("read src")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, files);
        } else if p.extension().is_some_and(|e| e == "rs") {
            files.push(p);
        }
    }
}

#[test]
fn every_module_of_the_library_has_a_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let lib = std::fs::read_to_string(src.join("lib.rs")).expect("lib.rs");
    let modules: Vec<&str> = lib
        .lines()
        .filter_map(|l| l.trim().strip_prefix("pub mod "))
        .map(|l| l.trim_end_matches(';'))
        .collect();
    assert!(modules.len() > 10, "lib.rs lists its modules: {modules:?}");
    let missing: Vec<&&str> = modules.iter().filter(|m| layer_of(m).is_none()).collect();
    assert!(
        missing.is_empty(),
        "modules without a layer (add them to LAYERS and ARCHITECTURE.md): {missing:?}"
    );
}

#[test]
fn stages_import_only_downwards() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    walk(&src, &mut files);
    let mut upward: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut seen = 0;
    for f in &files {
        let rel = f.strip_prefix(&src).expect("under src");
        let top = rel
            .components()
            .next()
            .and_then(|c| c.as_os_str().to_str())
            .map(|s| s.trim_end_matches(".rs").to_string())
            .expect("top module");
        if top == "lib" || top == "main" {
            continue;
        }
        let Some(own) = layer_of(&top) else {
            panic!("{} is in a module without a layer: {top}", rel.display());
        };
        let text = std::fs::read_to_string(f).expect("read");
        for name in crate_paths(&text) {
            seen += 1;
            if name == top {
                continue;
            }
            match layer_of(&name) {
                Some(l) if l <= own => {}
                _ => upward
                    .entry(format!("{} -> {name}", rel.display()))
                    .or_default()
                    .push(name),
            }
        }
    }
    assert!(seen > 100, "the scan found the crate's paths ({seen})");
    assert!(
        upward.is_empty(),
        "imports against the stage order (a lower stage must not use a higher one): {:#?}",
        upward.keys().collect::<Vec<_>>()
    );
}

#[test]
fn the_scan_sees_an_upward_import() {
    // the scanner itself: a check module naming the publisher is caught
    let paths = crate_paths("use crate::publish::write_atomic;\nlet x = $crate::foo;\n");
    assert_eq!(paths, vec!["publish".to_string()]);
    assert!(layer_of("publish") > layer_of("check"));
}
