//! Boundaries: the project's GeoJSON files of places or of a dimension's groups, read and validated, projected equal-area, with shared borders simplified once for print.
//!
//! A map is declared in `localis.yaml` ([`crate::model::MapSpec`]) and read when the project
//! is loaded: every feature's code (a GeoCode, or a category of a dimension such as
//! `District`), its name and its polygons (holes and multipolygons included). Longitude and
//! latitude (WGS84, as RFC 7946 requires, unless `projection: projected` says the file is
//! planar) are projected with a Lambert azimuthal equal-area projection centred on the
//! boundaries ([`projection`]); boundaries are assumed not to cross the antimeridian, and a
//! file spanning more than 180° of longitude gets a warning saying so. Borders shared by two
//! areas are found once ([`topology`]) and simplified once per drawing scale, cached, so that
//! a map of 5,570 municipalities is simplified once for all its charts. `localis check`
//! matches the codes to the data ([`check`]).

pub mod geojson;
mod label;
pub mod projection;
pub mod topology;

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};

use crate::diag::{Diagnostic, FileId};
use crate::model::{MapMatch, MapProjection, MapSpec, SourceRef};

use projection::{Projection, Xy};
use topology::{ArcRef, Points, Ring, Topology};

/// A rectangle in projected units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    /// West edge.
    pub x0: f64,
    /// South edge.
    pub y0: f64,
    /// East edge.
    pub x1: f64,
    /// North edge.
    pub y1: f64,
}

impl Rect {
    /// The empty rectangle (the identity of [`Rect::union`]).
    pub const EMPTY: Rect = Rect {
        x0: f64::MAX,
        y0: f64::MAX,
        x1: f64::MIN,
        y1: f64::MIN,
    };

    /// The smallest rectangle holding both.
    pub fn union(self, o: Rect) -> Rect {
        Rect {
            x0: self.x0.min(o.x0),
            y0: self.y0.min(o.y0),
            x1: self.x1.max(o.x1),
            y1: self.y1.max(o.y1),
        }
    }

    /// The smallest rectangle holding these points.
    pub fn of(points: impl IntoIterator<Item = Xy>) -> Rect {
        points.into_iter().fold(Rect::EMPTY, |r, (x, y)| Rect {
            x0: r.x0.min(x),
            y0: r.y0.min(y),
            x1: r.x1.max(x),
            y1: r.y1.max(y),
        })
    }

    /// Width.
    pub fn width(&self) -> f64 {
        (self.x1 - self.x0).max(0.0)
    }

    /// Height.
    pub fn height(&self) -> f64 {
        (self.y1 - self.y0).max(0.0)
    }

    /// The centre.
    pub fn centre(&self) -> Xy {
        ((self.x0 + self.x1) / 2.0, (self.y0 + self.y1) / 2.0)
    }

    /// Whether the two overlap.
    pub fn intersects(&self, o: &Rect) -> bool {
        self.x0 <= o.x1 && o.x0 <= self.x1 && self.y0 <= o.y1 && o.y0 <= self.y1
    }

    /// Whether it holds nothing.
    pub fn is_empty(&self) -> bool {
        self.x1 < self.x0 || self.y1 < self.y0
    }
}

/// One area of a map: a place or a group, with its polygons as rings of shared arcs.
#[derive(Debug, Clone, PartialEq)]
pub struct Area {
    /// Its code, as the data write it.
    pub code: String,
    /// Its name from the file's name property, when there is one.
    pub name: Option<String>,
    /// Its polygons: the exterior ring (counter-clockwise, y to the north), then the holes
    /// (clockwise), so that the nonzero fill rule fills an enclave drawn inside a hole.
    pub polygons: Vec<Vec<Ring>>,
    /// Its bounding box.
    pub bbox: Rect,
    /// Its surface in projected units.
    pub size: f64,
    /// Where its label goes: well inside its largest polygon.
    pub label: Xy,
}

/// A boundary file as read: its areas, sorted by code, and their arcs.
pub struct Boundaries {
    /// The map's id.
    pub id: String,
    /// Its position in the project's `maps`.
    pub spec_index: usize,
    /// The file, relative to the project.
    pub path: String,
    /// What the codes match.
    pub matches: MapMatch,
    /// The coordinates of the file.
    pub projection: MapProjection,
    /// Whether `localis.yaml` states the projection (else WGS84 is assumed).
    pub projection_stated: bool,
    /// Where the boundaries come from.
    pub source: Option<SourceRef>,
    /// Longitude and latitude of the boundaries' extent (WGS84 files).
    pub lon_lat: Option<Rect>,
    /// The areas, sorted by code.
    pub areas: Vec<Area>,
    /// The arcs of every area's rings.
    pub topology: Topology,
    /// The extent of all areas in projected units.
    pub extent: Rect,
    /// Simplified arcs by tolerance level (a power of two in projected units).
    cache: Mutex<BTreeMap<i32, Arc<Vec<Vec<Xy>>>>>,
    /// The arcs of the outline, found once.
    outline: OnceLock<Vec<ArcRef>>,
}

impl std::fmt::Debug for Boundaries {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Boundaries")
            .field("id", &self.id)
            .field("areas", &self.areas.len())
            .field("arcs", &self.topology.arcs.len())
            .finish()
    }
}

impl Default for Boundaries {
    fn default() -> Self {
        Boundaries {
            id: String::new(),
            spec_index: 0,
            path: String::new(),
            matches: MapMatch::Place,
            projection: MapProjection::Wgs84,
            projection_stated: false,
            source: None,
            lon_lat: None,
            areas: Vec::new(),
            topology: Topology::default(),
            extent: Rect::EMPTY,
            cache: Mutex::new(BTreeMap::new()),
            outline: OnceLock::new(),
        }
    }
}

impl Boundaries {
    /// The area with this code.
    pub fn area(&self, code: &str) -> Option<&Area> {
        self.areas
            .binary_search_by(|a| a.code.as_str().cmp(code))
            .ok()
            .map(|i| &self.areas[i])
    }

    /// The position of the area with this code.
    pub fn position(&self, code: &str) -> Option<usize> {
        self.areas
            .binary_search_by(|a| a.code.as_str().cmp(code))
            .ok()
    }

    /// Every arc simplified with a tolerance of at most `tolerance` projected units (and more
    /// than half of it): computed once per power of two and kept.
    pub fn simplified(&self, tolerance: f64) -> Arc<Vec<Vec<Xy>>> {
        let level = if tolerance > 0.0 && tolerance.is_finite() {
            tolerance.log2().floor() as i32
        } else {
            i32::MIN
        };
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(s) = cache.get(&level) {
            return s.clone();
        }
        let rings: Vec<&Ring> = self
            .areas
            .iter()
            .flat_map(|a| a.polygons.iter().flatten())
            .collect();
        let tol = if level == i32::MIN {
            0.0
        } else {
            2f64.powi(level)
        };
        let simplified = Arc::new(topology::simplify(&self.topology, &rings, tol));
        cache.insert(level, simplified.clone());
        simplified
    }

    /// The arcs on the outline of the whole map (walked by one ring only).
    pub fn outline(&self) -> &[ArcRef] {
        self.outline.get_or_init(|| {
            (0..self.topology.arcs.len())
                .filter(|&i| self.topology.uses[i] == 1)
                .map(|i| ArcRef {
                    arc: i as u32,
                    reversed: false,
                })
                .collect()
        })
    }

    /// What `localis check` states about the map: its areas, coordinates and assumptions.
    pub fn statement(&self) -> String {
        let what = match &self.matches {
            MapMatch::Place => "places".to_string(),
            MapMatch::Dimension(d) => format!("groups of `{d}`"),
        };
        let coordinates = match (self.projection, self.projection_stated) {
            (MapProjection::Wgs84, true) => "longitude and latitude (WGS84, as stated)",
            (MapProjection::Wgs84, false) => {
                "longitude and latitude (WGS84 assumed, as RFC 7946 requires; state `projection:` otherwise)"
            }
            (MapProjection::Projected, _) => "planar coordinates (as stated), drawn as they are",
        };
        let mut out = format!(
            "map `{}`: {} area{} ({what}) from {}; {coordinates}",
            self.id,
            self.areas.len(),
            if self.areas.len() == 1 { "" } else { "s" },
            self.path
        );
        if let Some(ll) = self.lon_lat {
            let (lon, lat) = ll.centre();
            out.push_str(&format!(
                "; Lambert azimuthal equal-area projection centred at {:.2}°{} {:.2}°{}; boundaries assumed not to cross the antimeridian",
                lon.abs(),
                if lon < 0.0 { "W" } else { "E" },
                lat.abs(),
                if lat < 0.0 { "S" } else { "N" }
            ));
        }
        out
    }
}

/// Where diagnostics about a map's declaration point: the project file and a span per key.
pub(crate) struct Declared<'a> {
    /// The project file.
    pub file: FileId,
    /// The span of a key of the map's entry (`path`, `code-property`...), or of the entry.
    pub span: &'a dyn Fn(&str) -> Range<usize>,
}

/// Whether a legacy `crs` name means longitude and latitude (CRS84, EPSG:4326 and the
/// geographic systems GeoJSON producers write for WGS84-compatible data).
fn geographic_crs(name: &str) -> bool {
    let n = name.to_ascii_uppercase();
    n.ends_with("CRS84")
        || ["4326", "4674", "4258", "4269", "4979", "4283", "4617"]
            .iter()
            .any(|code| n.ends_with(&format!(":{code}")) || n.ends_with(&format!("::{code}")))
}

/// Reads, validates and projects one declared boundary file.
pub(crate) fn read(
    root: &Path,
    spec: &MapSpec,
    spec_index: usize,
    projection_stated: bool,
    declared: &Declared<'_>,
) -> (Option<Boundaries>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let display = spec.path.clone();
    let here =
        |d: Diagnostic, key: &str| d.related(declared.file, (declared.span)(key), "declared here");
    let bytes = match std::fs::read(root.join(&spec.path)) {
        Ok(b) => b,
        Err(e) => {
            diags.push(
                Diagnostic::error("unreadable-file", format!("failed to read {display} ({e})"))
                    .at(declared.file, (declared.span)("path"))
                    .hint("the path is relative to the project folder"),
            );
            return (None, diags);
        }
    };
    let read = geojson::read(
        &bytes,
        geojson::Properties {
            code: &spec.code_property,
            name: spec.name_property.as_deref(),
        },
    );
    drop(bytes);
    for p in &read.problems {
        let d = if p.error {
            Diagnostic::error(p.code, p.message.clone())
        } else {
            Diagnostic::warning(p.code, p.message.clone())
        };
        let d = match p.position {
            Some((line, column)) => d.at_position(&display, line, column),
            None => d.in_path(&display),
        };
        let key = if p.code == "map-code" {
            "code-property"
        } else {
            "path"
        };
        diags.push(here(d.maybe_hint(p.hint.clone()), key));
    }
    if read.total == 0 && !read.problems.iter().any(|p| p.error) {
        diags.push(here(
            Diagnostic::error("map-empty", format!("{display} has no features"))
                .in_path(&display)
                .hint("a boundary file holds one Polygon or MultiPolygon feature per area"),
            "path",
        ));
    }
    // coordinates: longitude and latitude unless stated otherwise
    let positions = || {
        read.features
            .iter()
            .flat_map(|f| f.polygons.iter().flatten().flatten())
    };
    let mut lon_lat = None;
    let projection = match spec.projection {
        MapProjection::Projected => {
            if let Some(crs) = read.crs.as_deref().filter(|c| geographic_crs(c)) {
                diags.push(here(
                    Diagnostic::warning(
                        "map-projection",
                        format!("{display} states longitude and latitude (`{crs}`), but the map says `projection: projected`"),
                    )
                    .in_path(&display)
                    .hint("remove `projection: projected` to project longitude and latitude equal-area"),
                    "projection",
                ));
            }
            Projection::Identity
        }
        MapProjection::Wgs84 => {
            if let Some(crs) = read.crs.as_deref().filter(|c| !geographic_crs(c)) {
                diags.push(here(
                    Diagnostic::error(
                        "map-projection",
                        format!("{display} states its coordinates are in `{crs}`, not longitude and latitude"),
                    )
                    .in_path(&display)
                    .hint("reproject it to WGS84 (ogr2ogr -t_srs EPSG:4326 out.geojson in.geojson), or state `projection: projected` for planar coordinates"),
                    "path",
                ));
                return (None, diags);
            }
            let outside: Vec<&(f64, f64)> = positions()
                .filter(|(x, y)| !(-180.0..=180.0).contains(x) || !(-90.0..=90.0).contains(y))
                .collect();
            if let Some((x, y)) = outside.first() {
                diags.push(here(
                    Diagnostic::error(
                        "map-projection",
                        format!(
                            "{display} has {} positions outside longitude -180..180 and latitude -90..90, such as ({x}, {y}): its coordinates look projected",
                            outside.len()
                        ),
                    )
                    .in_path(&display)
                    .hint("reproject it to WGS84 (ogr2ogr -t_srs EPSG:4326 out.geojson in.geojson), or state `projection: projected` for planar coordinates"),
                    "path",
                ));
                return (None, diags);
            }
            let ll = Rect::of(positions().copied());
            if ll.is_empty() {
                return (None, diags);
            }
            if ll.width() > 180.0 {
                diags.push(here(
                    Diagnostic::warning(
                        "map-antimeridian",
                        format!(
                            "{display} spans {:.0}° of longitude: localis assumes boundaries do not cross the antimeridian (180°), so an area that does is drawn torn across the map",
                            ll.width()
                        ),
                    )
                    .in_path(&display)
                    .hint("split areas at the antimeridian or shift their longitudes to one side (mapshaper -proj, or ogr2ogr -wrapdateline)"),
                    "path",
                ));
            }
            lon_lat = Some(ll);
            let (lon, lat) = ll.centre();
            Projection::laea(lon, lat)
        }
    };
    // areas by code; features sharing a code are one area (with a warning)
    let mut by_code: BTreeMap<&str, Vec<&geojson::ReadFeature>> = BTreeMap::new();
    for f in &read.features {
        if let Some(c) = &f.code {
            by_code.entry(c.as_str()).or_default().push(f);
        }
    }
    let repeated: Vec<String> = by_code
        .iter()
        .filter(|(_, fs)| fs.len() > 1)
        .map(|(c, fs)| {
            let numbers: Vec<String> = fs.iter().map(|f| (f.index + 1).to_string()).collect();
            format!("`{c}` (features {})", numbers.join(", "))
        })
        .collect();
    if !repeated.is_empty() {
        diags.push(here(
            Diagnostic::warning(
                "map-duplicate-code",
                format!(
                    "{} codes of {display} are given to several features, which are drawn as one area each: {}",
                    repeated.len(),
                    list_some(&repeated, 8)
                ),
            )
            .in_path(&display)
            .hint("merge the features (a MultiPolygon), or correct their codes"),
            "code-property",
        ));
    }
    let mut points = Points::default();
    let mut rings: Vec<Vec<u32>> = Vec::new();
    // per area: per polygon, the indices of its rings in `rings`
    let mut shapes: Vec<(String, Option<String>, Vec<Vec<usize>>)> = Vec::new();
    for (code, features) in &by_code {
        let mut polygons = Vec::new();
        for f in features {
            for poly in &f.polygons {
                let mut ids = Vec::new();
                for (r, ring) in poly.iter().enumerate() {
                    let cleaned = topology::clean_ring(
                        ring.iter()
                            .map(|&p| points.id(p, projection.project(p)))
                            .collect(),
                    );
                    match cleaned {
                        Some(c) => {
                            ids.push(rings.len());
                            rings.push(c);
                        }
                        // a degenerate exterior drops its polygon; a degenerate hole is ignored
                        None if r == 0 => break,
                        None => {}
                    }
                }
                if !ids.is_empty() {
                    polygons.push(ids);
                }
            }
        }
        let name = features.iter().find_map(|f| f.name.clone());
        shapes.push((code.to_string(), name, polygons));
    }
    let (topology, mut arc_rings) = topology::build(&points, &rings);
    drop(points);
    drop(rings);
    let mut areas = Vec::with_capacity(shapes.len());
    for (code, name, polygons) in shapes {
        let mut out_polygons = Vec::with_capacity(polygons.len());
        let mut size = 0.0;
        let mut bbox = Rect::EMPTY;
        let mut largest: Option<(f64, Vec<Vec<Xy>>)> = None;
        for ids in polygons {
            let mut polygon = Vec::with_capacity(ids.len());
            let mut full = Vec::with_capacity(ids.len());
            let mut poly_size = 0.0;
            for (k, i) in ids.into_iter().enumerate() {
                let mut ring = std::mem::take(&mut arc_rings[i]);
                let mut pts = topology::ring_points(&topology.arcs, &ring);
                let a2 = topology::signed_area2(&pts);
                // exteriors counter-clockwise, holes clockwise
                if (k == 0) != (a2 > 0.0) {
                    topology::reverse(&mut ring);
                    pts.reverse();
                }
                if k == 0 {
                    bbox = bbox.union(Rect::of(pts.iter().copied()));
                    poly_size += a2.abs() / 2.0;
                } else {
                    poly_size -= a2.abs() / 2.0;
                }
                polygon.push(ring);
                full.push(pts);
            }
            size += poly_size;
            if largest.as_ref().is_none_or(|(s, _)| poly_size > *s) {
                largest = Some((poly_size, full));
            }
            out_polygons.push(polygon);
        }
        let label = largest
            .map(|(_, rings)| label::label_point(&rings))
            .unwrap_or_else(|| bbox.centre());
        areas.push(Area {
            code,
            name,
            polygons: out_polygons,
            bbox,
            size,
            label,
        });
    }
    let extent = areas.iter().fold(Rect::EMPTY, |r, a| r.union(a.bbox));
    let boundaries = Boundaries {
        id: spec.id.clone(),
        spec_index,
        path: display,
        matches: spec.matches.clone(),
        projection: spec.projection,
        projection_stated,
        source: spec.source.clone(),
        lon_lat,
        areas,
        topology,
        extent,
        cache: Mutex::new(BTreeMap::new()),
        outline: OnceLock::new(),
    };
    (Some(boundaries), diags)
}

/// The first `n` items joined, with how many more there are.
pub(crate) fn list_some(items: &[String], n: usize) -> String {
    let mut out = items.iter().take(n).cloned().collect::<Vec<_>>().join(", ");
    if items.len() > n {
        out.push_str(&format!(" and {} more", items.len() - n));
    }
    out
}

/// Reads every boundary file the project declares; those that cannot be used are left out,
/// with their problems.
pub(crate) fn read_all(
    root: &Path,
    specs: &[MapSpec],
    project_file: FileId,
    project_node: &crate::yaml::Node,
) -> (Vec<Arc<Boundaries>>, Vec<Diagnostic>) {
    use crate::yaml::Step;
    let mut out = Vec::new();
    let mut diags = Vec::new();
    for (i, spec) in specs.iter().enumerate() {
        let span = |key: &str| {
            project_node.span_at(&[Step::from("maps"), Step::Index(i), Step::from(key)])
        };
        let stated = project_node
            .at(&[Step::from("maps"), Step::Index(i), Step::from("projection")])
            .is_some();
        let declared = Declared {
            file: project_file,
            span: &span,
        };
        let (b, d) = read(root, spec, i, stated, &declared);
        diags.extend(d);
        if let Some(b) = b {
            out.push(Arc::new(b));
        }
    }
    (out, diags)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn geographic_crs_names_are_recognised() {
        assert!(geographic_crs("urn:ogc:def:crs:OGC:1.3:CRS84"));
        assert!(geographic_crs("EPSG:4326"));
        assert!(geographic_crs("urn:ogc:def:crs:EPSG::4674"));
        assert!(!geographic_crs("urn:ogc:def:crs:EPSG::31983"));
        assert!(!geographic_crs("EPSG:3857"));
    }
}
