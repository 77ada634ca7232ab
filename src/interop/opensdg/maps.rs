//! Carries an Open SDG repository's maps over: each local GeoJSON of `map_layers` is copied into the project's `maps/` and declared as a map.
//!
//! sdg-build joins a layer's `id_property` to the data's `id_column` (default `GeoCode`): a
//! layer joined on `GeoCode` becomes a map of places (`matches: place`), one joined on another
//! column (such as `Region`) a map of that dimension. The file is copied unchanged (the
//! repository is never modified); `localis check` then validates it and matches its codes.
//! Layers on the web are listed in the notes, not fetched.

use std::collections::BTreeSet;

use crate::model::{MapMatch, MapProjection, MapSpec, SourceRef, Text};

use super::notes::Notes;
use super::source::Repository;

/// A map carried over: its declaration and the bytes of its GeoJSON file (to be written at
/// `spec.path` in the new project).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CarriedMap {
    /// The map as `localis.yaml` declares it.
    pub spec: MapSpec,
    /// The GeoJSON file, unchanged.
    pub bytes: Vec<u8>,
}

/// The repository's local map layers as maps of the new project.
pub(crate) fn carry_over(repo: &Repository, notes: &mut Notes) -> Vec<CarriedMap> {
    let mut out: Vec<CarriedMap> = Vec::new();
    let mut ids: BTreeSet<String> = BTreeSet::new();
    for layer in &repo.map_layers {
        let bytes = match std::fs::read(repo.root.join(&layer.file)) {
            Ok(b) => b,
            Err(e) => {
                notes.problem(format!(
                    "`{}`: failed to read the map layer ({e}); it was not carried over",
                    layer.file
                ));
                continue;
            }
        };
        // a layer without any area (only names, as some repositories keep) is not a map
        let read = crate::maps::geojson::read(
            &bytes,
            crate::maps::geojson::Properties {
                code: &layer.id_property,
                name: Some(&layer.name_property),
            },
        );
        if read.features.is_empty() {
            notes.general(format!(
                "map layer `{}` has no polygon to draw (its features have no usable geometry); it was not carried over as a map",
                layer.file
            ));
            continue;
        }
        let stem = layer.subfolder.clone().unwrap_or_else(|| {
            std::path::Path::new(&layer.file)
                .file_stem()
                .map(|s| s.to_string_lossy().to_string())
                .unwrap_or_else(|| "map".to_string())
        });
        let base = crate::publish::figures::slug(&stem);
        let base = if base.is_empty() {
            "map".to_string()
        } else {
            base
        };
        let mut id = base.clone();
        let mut n = 2;
        while !ids.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        let matches = match layer.id_column.as_deref() {
            None | Some("GeoCode") => MapMatch::Place,
            Some(column) => MapMatch::Dimension(column.to_string()),
        };
        notes.general(format!(
            "map layer `{}` carried over as map `{id}` (`maps/{id}.geojson`): codes in `{}`, names in `{}`, {}",
            layer.file,
            layer.id_property,
            layer.name_property,
            match &matches {
                MapMatch::Place => "matching the GeoCode of places".to_string(),
                MapMatch::Dimension(d) => format!("matching the categories of `{d}`"),
            }
        ));
        out.push(CarriedMap {
            spec: MapSpec {
                id: id.clone(),
                path: format!("maps/{id}.geojson"),
                code_property: layer.id_property.clone(),
                name_property: Some(layer.name_property.clone()),
                matches,
                projection: MapProjection::Wgs84,
                source: Some(SourceRef {
                    name: Text::plain(format!(
                        "Open SDG data repository {}: {}",
                        repo.name, layer.file
                    )),
                    publisher: None,
                    url: None,
                }),
            },
            bytes,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interop::opensdg::source::MapLayer;

    #[test]
    fn layers_become_maps_of_places_or_of_a_dimension() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("geo")).unwrap();
        let square = br#"{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"id": "A", "name": "Alpha", "rgn17cd": "A", "rgn17nm": "Alpha"}, "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}}]}"#;
        std::fs::write(dir.path().join("geo/regions.geojson"), square).unwrap();
        std::fs::write(dir.path().join("geo/wards.geojson"), square).unwrap();
        std::fs::write(
            dir.path().join("geo/names.geojson"),
            br#"{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"id": "A", "name": "Alpha"}, "geometry": null}]}"#,
        )
        .unwrap();
        let repo = Repository {
            root: dir.path().to_path_buf(),
            name: "sdg-data-x".to_string(),
            map_layers: vec![
                MapLayer {
                    file: "geo/regions.geojson".to_string(),
                    name_property: "rgn17nm".to_string(),
                    id_property: "rgn17cd".to_string(),
                    id_column: None,
                    subfolder: Some("regions".to_string()),
                },
                MapLayer {
                    file: "geo/wards.geojson".to_string(),
                    name_property: "name".to_string(),
                    id_property: "id".to_string(),
                    id_column: Some("Ward".to_string()),
                    subfolder: None,
                },
                MapLayer {
                    file: "geo/names.geojson".to_string(),
                    name_property: "name".to_string(),
                    id_property: "id".to_string(),
                    id_column: None,
                    subfolder: None,
                },
                MapLayer {
                    file: "geo/missing.geojson".to_string(),
                    name_property: "name".to_string(),
                    id_property: "id".to_string(),
                    id_column: None,
                    subfolder: None,
                },
            ],
            ..Repository::default()
        };
        let mut notes = Notes::default();
        let maps = carry_over(&repo, &mut notes);
        assert_eq!(maps.len(), 2);
        assert_eq!(maps[0].spec.id, "regions");
        assert_eq!(maps[0].spec.path, "maps/regions.geojson");
        assert_eq!(maps[0].spec.code_property, "rgn17cd");
        assert_eq!(maps[0].spec.matches, MapMatch::Place);
        assert_eq!(maps[1].spec.id, "wards");
        assert_eq!(
            maps[1].spec.matches,
            MapMatch::Dimension("Ward".to_string())
        );
        assert_eq!(maps[1].bytes, square.to_vec());
        assert_eq!(
            notes.general.len(),
            3,
            "the two carried over and the one without areas are noted"
        );
        assert_eq!(notes.problems.len(), 1, "the unreadable one is a problem");
        assert!(notes.problems[0].contains("geo/missing.geojson"));
    }
}
