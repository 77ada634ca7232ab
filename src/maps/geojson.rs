//! Reads a GeoJSON FeatureCollection into areas: each feature's code, name and polygons, with every problem found.
//!
//! The collection is read in one streaming pass over the bytes: each feature's geometry is
//! parsed by the `geojson` crate and turned at once into plain rings of coordinates, so a
//! large file is never held twice in memory. Problems of one feature (no code, a line instead
//! of a polygon, a ring of fewer than four positions) are collected with the feature's line
//! and column, and the other features are read on.

use std::fmt;

use serde::Deserialize;
use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// A coordinate pair as the file writes it: `(x, y)`, longitude and latitude in WGS84.
pub(crate) type Position = (f64, f64);

/// A polygon: its exterior ring, then its holes; each ring without its closing position.
pub(crate) type Rings = Vec<Vec<Position>>;

/// One feature read: its position in the collection, code, name and polygons.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ReadFeature {
    /// Position in the `features` array, from 0.
    pub index: usize,
    /// The code (the code property, as text); `None` when missing.
    pub code: Option<String>,
    /// The name (the name property, as text), when asked for and present.
    pub name: Option<String>,
    /// Its polygons (a Polygon gives one, a MultiPolygon several).
    pub polygons: Vec<Rings>,
}

/// A problem of one feature, or of the whole file when `feature` is `None`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Problem {
    /// Whether the file cannot be used as it is (else a warning).
    pub error: bool,
    /// A stable kebab-case name of the problem.
    pub code: &'static str,
    /// The problem in plain words.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
    /// The feature it is about.
    pub feature: Option<usize>,
    /// One-based line and column, when known.
    pub position: Option<(usize, usize)>,
}

impl Problem {
    fn error(code: &'static str, message: String, hint: Option<String>) -> Problem {
        Problem {
            error: true,
            code,
            message,
            hint,
            feature: None,
            position: None,
        }
    }

    fn warning(code: &'static str, message: String, hint: Option<String>) -> Problem {
        Problem {
            error: false,
            ..Problem::error(code, message, hint)
        }
    }

    fn of(mut self, feature: usize) -> Problem {
        self.feature = Some(feature);
        self
    }
}

/// What a GeoJSON file held.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct ReadCollection {
    /// The legacy `crs` member's name (GeoJSON 2008), when the file states one.
    pub crs: Option<String>,
    /// The features, in file order (those whose geometry could not be used are left out).
    pub features: Vec<ReadFeature>,
    /// How many features the file has.
    pub total: usize,
    /// Every problem found.
    pub problems: Vec<Problem>,
}

/// Which feature properties hold the code and the name.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Properties<'a> {
    /// The property holding the code.
    pub code: &'a str,
    /// The property holding the name.
    pub name: Option<&'a str>,
}

/// Reads a GeoJSON FeatureCollection from its bytes.
pub(crate) fn read(bytes: &[u8], props: Properties<'_>) -> ReadCollection {
    let text = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let mut out = ReadCollection::default();
    let mut de = serde_json::Deserializer::from_slice(text);
    let result = CollectionSeed {
        props,
        out: &mut out,
    }
    .deserialize(&mut de)
    .and_then(|()| de.end());
    if let Err(e) = result {
        let hint = if e.is_syntax() || e.is_eof() {
            "save the boundaries as GeoJSON (a FeatureCollection), for example with QGIS, ogr2ogr or mapshaper"
        } else {
            "a boundary file is a GeoJSON FeatureCollection of Polygon or MultiPolygon features"
        };
        let mut p = Problem::error(
            "bad-geojson",
            format!("failed to read the GeoJSON ({})", strip_position(&e)),
            Some(hint.to_string()),
        );
        if e.line() > 0 {
            p.position = Some((e.line(), e.column()));
        }
        out.problems.push(p);
    }
    // problems of single features get the line and column where the feature starts
    if out.problems.iter().any(|p| p.feature.is_some()) {
        let starts = feature_starts(text);
        for p in &mut out.problems {
            if let (Some(i), None) = (p.feature, p.position)
                && let Some(&offset) = starts.get(i)
            {
                p.position = Some(line_col(text, offset));
            }
        }
    }
    out
}

/// serde_json's message without its trailing "at line L column C" (the position is kept apart).
fn strip_position(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

/// Reads the top-level object: `type`, `crs` and `features`; other members are skipped.
struct CollectionSeed<'o, 'p> {
    props: Properties<'p>,
    out: &'o mut ReadCollection,
}

impl<'de> DeserializeSeed<'de> for CollectionSeed<'_, '_> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for CollectionSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a GeoJSON FeatureCollection")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut kind: Option<String> = None;
        let mut features = false;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "type" => kind = Some(map.next_value()?),
                "crs" => {
                    let crs: serde_json::Value = map.next_value()?;
                    self.out.crs = crs_name(&crs);
                }
                "features" => {
                    features = true;
                    map.next_value_seed(FeaturesSeed {
                        props: self.props,
                        out: self.out,
                    })?;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        match kind.as_deref() {
            Some("FeatureCollection") if features => {}
            Some("FeatureCollection") => self.out.problems.push(Problem::error(
                "bad-geojson",
                "the FeatureCollection has no `features`".to_string(),
                None,
            )),
            Some("Topology") => self.out.problems.push(Problem::error(
                "bad-geojson",
                "the file is TopoJSON, not GeoJSON".to_string(),
                Some("convert it to a GeoJSON FeatureCollection (mapshaper -o format=geojson, or topo2geo)".to_string()),
            )),
            other => self.out.problems.push(Problem::error(
                "bad-geojson",
                match other {
                    Some(t) => format!("the file is a GeoJSON `{t}`, not a FeatureCollection"),
                    None => "the file has no GeoJSON `type`".to_string(),
                },
                Some("a boundary file is a FeatureCollection with one Polygon or MultiPolygon feature per area".to_string()),
            )),
        }
        Ok(())
    }
}

/// The name of a legacy `crs` member: `{"type": "name", "properties": {"name": "EPSG:4326"}}`.
fn crs_name(crs: &serde_json::Value) -> Option<String> {
    crs.get("properties")
        .and_then(|p| p.get("name"))
        .and_then(|n| n.as_str())
        .map(str::to_string)
        .or_else(|| crs.as_str().map(str::to_string))
}

/// Reads the `features` array one feature at a time.
struct FeaturesSeed<'o, 'p> {
    props: Properties<'p>,
    out: &'o mut ReadCollection,
}

impl<'de> DeserializeSeed<'de> for FeaturesSeed<'_, '_> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for FeaturesSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of GeoJSON features")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0;
        while let Some(raw) = seq.next_element::<RawFeature>()? {
            self.out.total += 1;
            convert(raw, index, self.props, self.out);
            index += 1;
        }
        Ok(())
    }
}

/// A feature as the file holds it (unknown members are skipped).
#[derive(Deserialize)]
struct RawFeature {
    #[serde(rename = "type", default)]
    kind: Option<String>,
    #[serde(default)]
    properties: Option<serde_json::Map<String, serde_json::Value>>,
    #[serde(default)]
    geometry: Option<geojson::Geometry>,
}

/// A property value as text: a string (trimmed) or a number as written; `None` for others.
pub(crate) fn property_text(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Turns a raw feature into a read feature, or problems.
fn convert(raw: RawFeature, index: usize, props: Properties<'_>, out: &mut ReadCollection) {
    if raw.kind.as_deref() != Some("Feature") {
        out.problems.push(
            Problem::error(
                "bad-geojson",
                format!(
                    "feature {} is not a GeoJSON Feature ({})",
                    index + 1,
                    match &raw.kind {
                        Some(k) => format!("its type is `{k}`"),
                        None => "it has no `type`".to_string(),
                    }
                ),
                Some("every element of `features` is `{\"type\": \"Feature\", \"properties\": {...}, \"geometry\": {...}}`".to_string()),
            )
            .of(index),
        );
        return;
    }
    let properties = raw.properties.unwrap_or_default();
    let name = props
        .name
        .and_then(|n| properties.get(n))
        .and_then(property_text);
    let label = match &name {
        Some(n) => format!("feature {} (`{n}`)", index + 1),
        None => format!("feature {}", index + 1),
    };
    let code = match properties.get(props.code) {
        Some(v) => match property_text(v) {
            Some(c) => Some(c),
            None => {
                out.problems.push(
                    Problem::error(
                        "map-code",
                        format!(
                            "{label} has no code: its `{}` is {}",
                            props.code,
                            describe_json(v)
                        ),
                        Some("give every feature its code as text or a whole number".to_string()),
                    )
                    .of(index),
                );
                None
            }
        },
        None => {
            let keys: Vec<&str> = properties.keys().map(String::as_str).collect();
            out.problems.push(
                Problem::error(
                    "map-code",
                    format!("{label} has no property `{}`", props.code),
                    Some(match crate::yaml::closest(props.code, keys.iter().copied()) {
                        Some(b) => format!("did you mean `{b}`? set `code-property` to the property holding the codes"),
                        None if keys.is_empty() => "the feature has no properties; every feature needs its code".to_string(),
                        None => format!(
                            "its properties are {}; set `code-property` to the one holding the codes",
                            keys.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
                        ),
                    }),
                )
                .of(index),
            );
            None
        }
    };
    let Some(geometry) = raw.geometry else {
        out.problems.push(
            Problem::warning(
                "map-geometry",
                format!("{label} has no geometry: it is not drawn"),
                Some("give the feature a Polygon or MultiPolygon, or remove it".to_string()),
            )
            .of(index),
        );
        return;
    };
    let mut polygons = Vec::new();
    if let Err(p) = collect_polygons(&geometry.value, &label, &mut polygons) {
        out.problems.push(p.of(index));
        return;
    }
    if polygons.is_empty() {
        out.problems.push(
            Problem::warning(
                "map-geometry",
                format!("{label} has an empty geometry: it is not drawn"),
                None,
            )
            .of(index),
        );
        return;
    }
    out.features.push(ReadFeature {
        index,
        code,
        name,
        polygons,
    });
}

/// What a JSON value is, in words.
fn describe_json(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => "null".to_string(),
        serde_json::Value::Bool(b) => format!("`{b}`"),
        serde_json::Value::String(_) => "empty".to_string(),
        serde_json::Value::Array(_) => "a list".to_string(),
        serde_json::Value::Object(_) => "an object".to_string(),
        serde_json::Value::Number(n) => format!("`{n}`"),
    }
}

/// The polygons of a geometry (a GeometryCollection gives those of its members).
fn collect_polygons(
    g: &geojson::GeometryValue,
    label: &str,
    out: &mut Vec<Rings>,
) -> Result<(), Problem> {
    use geojson::GeometryValue as G;
    match g {
        G::Polygon { coordinates } => {
            if let Some(p) = polygon(coordinates, label)? {
                out.push(p);
            }
        }
        G::MultiPolygon { coordinates } => {
            for c in coordinates {
                if let Some(p) = polygon(c, label)? {
                    out.push(p);
                }
            }
        }
        G::GeometryCollection { geometries } => {
            for member in geometries {
                collect_polygons(&member.value, label, out)?;
            }
        }
        other => {
            let kind = match other {
                G::Point { .. } => "Point",
                G::MultiPoint { .. } => "MultiPoint",
                G::LineString { .. } => "LineString",
                G::MultiLineString { .. } => "MultiLineString",
                _ => "geometry",
            };
            return Err(Problem::error(
                "map-geometry",
                format!("{label} is a {kind}, not an area"),
                Some("boundaries are Polygon or MultiPolygon features (close lines into polygons in a GIS first)".to_string()),
            ));
        }
    }
    Ok(())
}

/// One polygon's rings, each without its closing position; `None` for an empty polygon.
fn polygon(rings: &[Vec<geojson::Position>], label: &str) -> Result<Option<Rings>, Problem> {
    if rings.is_empty() {
        return Ok(None);
    }
    let mut out = Vec::with_capacity(rings.len());
    for (r, ring) in rings.iter().enumerate() {
        let mut points: Vec<Position> = ring.iter().map(|p| (p[0], p[1])).collect();
        let which = if r == 0 {
            "the outer ring".to_string()
        } else {
            format!("hole {r}")
        };
        if points.len() < 4 {
            return Err(Problem::error(
                "map-geometry",
                format!(
                    "{label}: {which} has {} positions; a ring needs at least four (the first repeated at the end)",
                    points.len()
                ),
                None,
            ));
        }
        if points.first() == points.last() {
            points.pop();
        }
        out.push(points);
    }
    Ok(Some(out))
}

/// The byte offsets where the elements of the top-level `features` array start (a small JSON
/// scanner, used only to point problems at their feature).
pub(crate) fn feature_starts(text: &[u8]) -> Vec<usize> {
    let mut out = Vec::new();
    let mut i = 0;
    let mut depth = 0usize;
    let mut key: Option<(usize, usize)> = None;
    let mut in_features: Option<usize> = None;
    let mut expect_element = false;
    while i < text.len() {
        let c = text[i];
        match c {
            b'"' => {
                let start = i + 1;
                i += 1;
                while i < text.len() && text[i] != b'"' {
                    if text[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                if depth == 1 {
                    key = Some((start, i.min(text.len())));
                }
                if expect_element {
                    out.push(start - 1);
                    expect_element = false;
                }
            }
            b'{' | b'[' => {
                if expect_element {
                    out.push(i);
                    expect_element = false;
                }
                depth += 1;
                if c == b'[' && depth == 2 && key.is_some_and(|(s, e)| &text[s..e] == b"features") {
                    in_features = Some(depth);
                    expect_element = true;
                }
            }
            b'}' | b']' => {
                if in_features == Some(depth) && c == b']' {
                    in_features = None;
                }
                depth = depth.saturating_sub(1);
                expect_element = false;
            }
            b',' => {
                if in_features == Some(depth) {
                    expect_element = true;
                }
            }
            b' ' | b'\t' | b'\n' | b'\r' | b':' => {}
            _ => {
                if expect_element {
                    out.push(i);
                    expect_element = false;
                }
            }
        }
        i += 1;
    }
    out
}

/// One-based line and column (in characters) of a byte offset.
fn line_col(text: &[u8], offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[start..]).chars().count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROPS: Properties<'static> = Properties {
        code: "code",
        name: Some("name"),
    };

    #[test]
    fn reads_polygons_multipolygons_and_holes() {
        let text = br#"{"type": "FeatureCollection", "features": [
          {"type": "Feature", "properties": {"code": "A", "name": "Alpha"},
           "geometry": {"type": "Polygon", "coordinates": [[[0,0],[4,0],[4,4],[0,4],[0,0]], [[1,1],[1,2],[2,2],[2,1],[1,1]]]}},
          {"type": "Feature", "properties": {"code": 7},
           "geometry": {"type": "MultiPolygon", "coordinates": [[[[5,0],[6,0],[6,1],[5,0]]], [[[7,0],[8,0],[8,1],[7,0]]]]}}
        ]}"#;
        let r = read(text, PROPS);
        assert!(r.problems.is_empty(), "{:?}", r.problems);
        assert_eq!(r.total, 2);
        assert_eq!(r.features[0].code.as_deref(), Some("A"));
        assert_eq!(r.features[0].name.as_deref(), Some("Alpha"));
        assert_eq!(r.features[0].polygons.len(), 1);
        assert_eq!(r.features[0].polygons[0].len(), 2, "exterior and one hole");
        assert_eq!(
            r.features[0].polygons[0][0].len(),
            4,
            "closing position dropped"
        );
        assert_eq!(
            r.features[1].code.as_deref(),
            Some("7"),
            "numbers are codes"
        );
        assert_eq!(r.features[1].polygons.len(), 2);
    }

    #[test]
    fn problems_point_at_their_feature() {
        let text = b"{\"type\": \"FeatureCollection\", \"features\": [\n  {\"type\": \"Feature\", \"properties\": {\"cod\": \"A\"}, \"geometry\": {\"type\": \"Polygon\", \"coordinates\": [[[0,0],[1,0],[1,1],[0,0]]]}},\n  {\"type\": \"Feature\", \"properties\": {\"code\": \"B\"}, \"geometry\": {\"type\": \"LineString\", \"coordinates\": [[0,0],[1,1]]}}\n]}";
        let r = read(text, PROPS);
        let shown: Vec<String> = r
            .problems
            .iter()
            .map(|p| format!("{}:{:?} {}", p.code, p.position, p.message))
            .collect();
        assert_eq!(
            shown,
            vec![
                "map-code:Some((2, 3)) feature 1 has no property `code`",
                "map-geometry:Some((3, 3)) feature 2 is a LineString, not an area",
            ]
        );
        assert_eq!(
            r.problems[0].hint.as_deref(),
            Some("did you mean `cod`? set `code-property` to the property holding the codes")
        );
    }

    #[test]
    fn syntax_errors_have_a_line_and_column() {
        let r = read(
            b"{\"type\": \"FeatureCollection\",\n \"features\": [,]}",
            PROPS,
        );
        assert_eq!(r.problems.len(), 1);
        assert_eq!(r.problems[0].code, "bad-geojson");
        assert_eq!(r.problems[0].position, Some((2, 15)));
        let r = read(br#"{"type": "Topology", "objects": {}}"#, PROPS);
        assert!(r.problems[0].message.contains("TopoJSON"));
    }

    #[test]
    fn the_legacy_crs_member_is_read() {
        let r = read(
            br#"{"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::31983"}}, "features": []}"#,
            PROPS,
        );
        assert_eq!(r.crs.as_deref(), Some("urn:ogc:def:crs:EPSG::31983"));
    }

    #[test]
    fn feature_starts_skip_strings_and_nesting() {
        let text = br#"{"a": "features", "features": [ {"x": "]"}, [1, [2]], "s" , 3 ]}"#;
        let starts = feature_starts(text);
        let got: Vec<char> = starts.iter().map(|&i| text[i] as char).collect();
        assert_eq!(got, vec!['{', '[', '"', '3']);
    }
}
