//! Files embedded in the binary: the shipped indicator libraries and the default report templates.

use include_dir::{Dir, include_dir};

/// The repository's `indicators/` folder, as shipped.
pub static INDICATORS: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/indicators");

/// The repository's `report-templates/` folder, as shipped.
pub static TEMPLATES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/report-templates");

/// The embedded library folder with this id, if it is shipped.
pub fn library(id: &str) -> Option<&'static Dir<'static>> {
    INDICATORS
        .get_dir(id)
        .filter(|d| d.get_file(format!("{id}/library.yaml")).is_some())
}

/// Ids of the shipped libraries.
pub fn library_ids() -> Vec<String> {
    let mut ids: Vec<String> = INDICATORS
        .dirs()
        .filter(|d| {
            d.files()
                .any(|f| f.path().file_name().is_some_and(|n| n == "library.yaml"))
        })
        .map(|d| d.path().to_string_lossy().to_string())
        .collect();
    ids.sort();
    ids
}

/// Collects every YAML file of an embedded folder as (display name, text).
pub fn collect_yaml(dir: &'static Dir<'static>, out: &mut Vec<(String, String)>) {
    for f in dir.files() {
        let is_yaml = matches!(
            f.path().extension().and_then(|x| x.to_str()),
            Some("yaml" | "yml")
        );
        if is_yaml && let Some(text) = f.contents_utf8() {
            out.push((
                format!("<builtin>/indicators/{}", f.path().display()),
                text.to_string(),
            ));
        }
    }
    for d in dir.dirs() {
        collect_yaml(d, out);
    }
}

/// The text of an embedded default template file, by its path inside `report-templates/`.
pub fn template(path: &str) -> Option<&'static str> {
    TEMPLATES.get_file(path).and_then(|f| f.contents_utf8())
}
