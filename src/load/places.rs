//! The places a project names before any data is read: its own place and the places file.

use std::collections::BTreeMap;

use crate::diag::Diagnostic;

use super::{Workspace, dataset};

/// The places with their names (when known) that a project declares: its own place (named in
/// its main language) and every place of its places file; problems reading the places file.
pub fn declared_places(ws: &Workspace) -> (BTreeMap<String, Option<String>>, Vec<Diagnostic>) {
    let project = ws.project();
    let main_place = project.place.geocode.clone();
    let mut diagnostics = Vec::new();
    let mut declared_places = BTreeMap::new();
    let lang = project
        .languages
        .first()
        .map(String::as_str)
        .unwrap_or("en");
    declared_places.insert(
        main_place.clone(),
        Some(project.place.name.get(lang).to_string()).filter(|s| !s.is_empty()),
    );
    if let Some(pf) = &project.places {
        let path = ws.root.join(&pf.path);
        let display = ws.display_path(&path);
        match dataset::read_places(
            &path,
            &display,
            pf.geocode_column.as_deref().unwrap_or("GeoCode"),
            pf.name_column.as_deref().unwrap_or("Name"),
        ) {
            Ok(list) => {
                for (code, name) in list {
                    let entry = declared_places.entry(code).or_insert(None);
                    if entry.is_none() {
                        *entry = name;
                    }
                }
            }
            Err(e) => diagnostics.push(
                Diagnostic::error("unreadable-file", e.message)
                    .at(
                        ws.project_file,
                        ws.project_span(&["places".into(), "path".into()]),
                    )
                    .maybe_hint(e.hint),
            ),
        }
    }
    (declared_places, diagnostics)
}
