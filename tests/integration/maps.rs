//! Maps: boundary files checked (matching, unmatched codes both ways, bad GeoJSON, projection and antimeridian assumptions), choropleths with holes and multipolygons drawn as reviewed, locator maps in the per-place reports, and Open SDG map layers imported.

use std::path::Path;

use localis::model::MapMatch;
use localis::publish::charts::{Chart, ChartRenderer, Classing, MapChart};
use localis::publish::figures::FigureSource;
use localis::publish::sentences::Sentences;

use crate::common::{copy_dir, fixture, localis};

/// The languages every chart text is written in.
const LANGUAGES: [&str; 5] = ["en", "pt", "es", "de", "fr"];

#[test]
fn codes_are_matched_to_the_data_and_unmatched_ones_listed_both_ways() {
    let run = localis(&fixture("maps/city"), &["check"]);
    assert_eq!(run.code, 0, "warnings only: {}", run.stderr);
    insta::assert_snapshot!("check_maps_city", run.stderr);
}

#[test]
fn bad_boundary_files_are_reported_with_their_positions() {
    let run = localis(&fixture("maps/bad"), &["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for expected in [
        "at maps/syntax.geojson:3:59",
        "feature 2 has no property `district`",
        "did you mean `distrito`?",
        "feature 1 is a LineString, not an area",
        "at maps/line.geojson:2:3",
        "feature 3 has no geometry: it is not drawn",
        "its coordinates look projected",
        "states its coordinates are in `urn:ogc:def:crs:EPSG::31983`",
        "localis assumes boundaries do not cross the antimeridian",
        "failed to read maps/missing.geojson",
        "the file is TopoJSON, not GeoJSON",
        "`Bad_Id` is not a valid map id",
        "map `line` is declared twice",
        "no dataset has a column `Distrct`",
    ] {
        assert!(
            run.stderr.contains(expected),
            "missing {expected:?} in\n{}",
            run.stderr
        );
    }
    insta::assert_snapshot!("check_maps_bad", run.stderr);
}

/// The project of a fixture evaluated and assessed, with the figure source of its place.
struct Evaluated {
    ws: localis::load::Workspace,
    evaluation: localis::evaluate::Evaluation,
    assessment: localis::assess::Assessment,
    stages: localis::publish::report::StageInputs,
}

fn evaluated(dir: &Path) -> Evaluated {
    let mut ws = localis::load::load(dir).expect("load");
    let index = localis::pipeline::check_all(&mut ws);
    assert!(!ws.diagnostics.has_errors());
    let (evaluation, stages) =
        localis::pipeline::evaluate_and_assess(&mut ws, &index).expect("evaluate");
    let place = ws.project().place.geocode.clone();
    let inputs =
        localis::publish::report::build::stages_from_assessment(&stages.assessment, &place);
    Evaluated {
        ws,
        evaluation,
        assessment: stages.assessment,
        stages: inputs,
    }
}

impl Evaluated {
    fn source(&self) -> FigureSource<'_> {
        FigureSource {
            ws: &self.ws,
            evaluation: &self.evaluation,
            assessment: Some(&self.assessment),
            stages: &self.stages,
            budget: None,
            place: &self.ws.project().place.geocode,
        }
    }

    /// The choropleth of an indicator on the project's first map.
    fn map(&self, indicator: &str, words: &localis::publish::sentences::Labels) -> MapChart {
        let ind = &self
            .ws
            .active
            .iter()
            .find(|a| a.indicator.id == indicator)
            .expect("indicator")
            .indicator;
        let src = self.source();
        let result = self.evaluation.get(indicator, src.place);
        let figures = localis::publish::map_figures::indicator_maps(&src, ind, result, "en", words);
        assert_eq!(figures.len(), 1);
        assert_eq!(figures[0].name, format!("{indicator}.map-districts"));
        match &figures[0].chart {
            Chart::Map(m) => m.clone(),
            other => panic!("not a map: {other:?}"),
        }
    }
}

#[test]
fn holes_enclaves_and_multipolygons_are_read_as_areas_of_shared_borders() {
    let e = evaluated(&fixture("maps/city"));
    let map = &e.ws.maps[0];
    let codes: Vec<&str> = map.areas.iter().map(|a| a.code.as_str()).collect();
    assert_eq!(codes, ["Ilha", "Lago", "Leste", "Norte", "Oeste", "Sul"]);
    let norte = map.area("Norte").unwrap();
    assert_eq!(norte.polygons.len(), 1);
    assert_eq!(norte.polygons[0].len(), 2, "Norte has a hole");
    assert_eq!(
        map.area("Ilha").unwrap().polygons.len(),
        2,
        "Ilha is two islands"
    );
    // the enclave and the hole around it are one closed arc, walked once each way
    let hole = &norte.polygons[0][1];
    let lago = &map.area("Lago").unwrap().polygons[0][0];
    assert_eq!(hole.len(), 1);
    assert_eq!(hole[0].arc, lago[0].arc);
    assert_ne!(hole[0].reversed, lago[0].reversed);
    assert_eq!(map.topology.uses[hole[0].arc as usize], 2);
    // areas are true to their size: Norte (50 cells less a hole of 9) against Lago (9)
    let ratio = norte.size / map.area("Lago").unwrap().size;
    assert!((ratio - 41.0 / 9.0).abs() < 0.01, "{ratio}");
    // the label of an area with a hole sits outside the hole
    let (x, y) = norte.label;
    let lago_box = map.area("Lago").unwrap().bbox;
    assert!(!(lago_box.x0 < x && x < lago_box.x1 && lago_box.y0 < y && y < lago_box.y1));
}

#[test]
fn choropleths_class_areas_and_name_the_best_and_worst() {
    let e = evaluated(&fixture("maps/city"));
    let sentences = Sentences::builtin();
    let en = ChartRenderer::new(&sentences, "en").unwrap();
    let poverty = e.map("poverty", en.labels());
    let name = |i: Option<usize>| poverty.areas[i.unwrap()].name.clone();
    assert_eq!(poverty.year, 2024);
    assert_eq!(poverty.classing, Classing::Quantiles);
    assert_eq!(poverty.classes.len(), 3);
    assert_eq!(poverty.without_data, 1, "Oeste has no data");
    let oeste = poverty.areas.iter().find(|a| a.code == "Oeste").unwrap();
    assert_eq!((oeste.value, oeste.class), (None, None));
    assert_eq!(name(poverty.lowest), "Leste");
    assert_eq!(
        name(poverty.highest),
        "Island",
        "the vocabulary names the category"
    );
    // fewer is better: the lowest value is the best off
    assert_eq!(poverty.best, poverty.lowest);
    assert_eq!(poverty.worst, poverty.highest);
    // every area with data has its status against the target
    assert!(
        poverty
            .areas
            .iter()
            .all(|a| a.value.is_some() == a.status.is_some()),
        "{:?}",
        poverty.areas
    );
    // banded targets give their bands as classes
    let score = e.map("service-score", en.labels());
    assert_eq!(score.classing, Classing::Bands);
    let bands: Vec<(Option<f64>, Option<f64>, u32)> = score
        .classes
        .iter()
        .map(|c| (c.from, c.to, c.areas))
        .collect();
    assert_eq!(
        bands,
        [
            (None, Some(20.0), 1),
            (Some(20.0), Some(40.0), 3),
            (Some(40.0), None, 1)
        ]
    );
    assert!(
        score.areas.iter().all(|a| a.status.is_none()),
        "no target to be on track for"
    );

    // drawn as reviewed, with the same bytes every time
    let drawn = en.render(&Chart::Map(poverty.clone())).unwrap();
    assert_eq!(drawn, en.render(&Chart::Map(poverty.clone())).unwrap());
    assert!(
        drawn.svg.contains("fill=\"url(#localis-no-data)\""),
        "no data is hatched"
    );
    insta::assert_snapshot!("svg-map-districts", drawn.svg);
    let compact = ChartRenderer::new(&sentences, "en")
        .unwrap()
        .with_size(localis::publish::charts::ChartSize::Compact)
        .render(&Chart::Map(score))
        .unwrap();
    insta::assert_snapshot!("svg-map-districts-bands-compact", compact.svg);
    if let Ok(dir) = std::env::var("LOCALIS_CHARTS_OUT") {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(Path::new(&dir).join("map-districts.en.svg"), &drawn.svg).unwrap();
        std::fs::write(Path::new(&dir).join("map-bands.en.svg"), &compact.svg).unwrap();
    }
    // the text alternative in every language names the best and worst areas with their values
    let alts: Vec<String> = LANGUAGES
        .iter()
        .map(|lang| {
            let r = ChartRenderer::new(&sentences, lang).unwrap();
            let alt = r.alt_text(&Chart::Map(poverty.clone())).unwrap();
            assert!(
                alt.contains("Leste") && alt.contains("Island"),
                "{lang}: {alt}"
            );
            format!("{lang}: {alt}")
        })
        .collect();
    insta::assert_snapshot!("alt-map-districts", alts.join("\n"));
}

/// The assessment fixture (three places) with boundaries of five municipalities: its three
/// places and two neighbours without data.
fn region() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture("assess/city"), dir.path());
    std::fs::create_dir_all(dir.path().join("maps")).unwrap();
    std::fs::copy(
        fixture("maps/region.geojson"),
        dir.path().join("maps/region.geojson"),
    )
    .unwrap();
    let mut yaml = std::fs::read_to_string(dir.path().join("localis.yaml")).unwrap();
    yaml.push_str("maps:\n  - {id: municipalities, path: maps/region.geojson, code-property: CD, name-property: NM, matches: place}\n");
    std::fs::write(dir.path().join("localis.yaml"), yaml).unwrap();
    dir
}

#[test]
fn maps_of_places_and_locators_are_drawn_by_the_chart_command_and_each_place_report() {
    let dir = region();
    let check = localis(dir.path(), &["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(
        check
            .stderr
            .contains("2 of the 5 areas of map `municipalities` match none of the places of the project: `0004` (Westbury), `0005` (Eastfield)"),
        "{}",
        check.stderr
    );
    let run = localis(dir.path(), &["chart"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let index: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("out/charts/charts.json")).unwrap(),
    )
    .unwrap();
    let entry = |name: &str| {
        index["charts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == name)
            .unwrap_or_else(|| panic!("no chart {name}"))
            .clone()
    };
    let poverty = entry("poverty.map-municipalities");
    assert_eq!(poverty["kind"], "map");
    assert_eq!(
        poverty["alt"],
        "Population below the municipal poverty line by place, 2022: best off Southport (11.0%), worst off Northtown (29.0%); 2 of 5 without data."
    );
    let locator = entry("locator-municipalities");
    assert_eq!(locator["kind"], "locator");
    assert_eq!(
        locator["alt"],
        "Location of Testville: Testville highlighted among the 5 areas of the map."
    );
    assert!(
        dir.path()
            .join("out/charts/locator-municipalities.svg")
            .is_file()
    );

    let run = localis(dir.path(), &["report", "--each-place"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = pdf_text(&dir.path().join("out/places/0002.pdf"));
    assert!(text.contains("Location of Northtown"), "{text}");
    // the map's legend and label are text in the PDF
    assert!(text.contains("Other areas"), "{text}");
}

/// The text of a PDF, as `pdftotext` extracts it.
fn pdf_text(path: &Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn open_sdg_map_layers_are_carried_over() {
    let repo = fixture("maps/opensdg-repo");
    let tmp = tempfile::tempdir().unwrap();
    let project = tmp.path().join("city");
    let run = localis(
        tmp.path(),
        &[
            "import",
            "opensdg",
            repo.to_str().unwrap(),
            "--to",
            project.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        std::fs::read(project.join("maps/regions.geojson")).unwrap(),
        std::fs::read(repo.join("geojson/regions.geojson")).unwrap(),
        "the file is copied unchanged"
    );
    let ws = localis::load::load(&project).unwrap();
    let spec = &ws.project().maps[0];
    assert_eq!(
        (spec.id.as_str(), spec.code_property.as_str(), &spec.matches),
        ("regions", "rgn_code", &MapMatch::Place)
    );
    assert_eq!(spec.name_property.as_deref(), Some("rgn_name"));
    let check = localis(&project, &["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(
        check.stderr.contains("0 errors, 0 warnings")
            && check.stderr.contains("map `regions`: 3 areas (places)"),
        "{}",
        check.stderr
    );
    let notes = std::fs::read_to_string(project.join("IMPORT-NOTES.md")).unwrap();
    assert!(notes.contains("carried over as map `regions`"), "{notes}");
}

#[test]
fn layers_of_places_answer_together_for_the_places_they_draw() {
    // an imported region whose places two layers draw: one municipality each, as a
    // repository's map of provinces, districts and municipalities does
    let tmp = tempfile::tempdir().unwrap();
    let project = crate::common::import_region(tmp.path(), &[]);
    let layer = |code: &str, name: &str, x: f64| {
        format!(
            "{{\"type\": \"FeatureCollection\", \"features\": [{{\"type\": \"Feature\", \"properties\": {{\"GeoCode\": \"{code}\", \"Nombre\": \"{name}\"}}, \"geometry\": {{\"type\": \"Polygon\", \"coordinates\": [[[{x}, 43.0], [{}, 43.0], [{}, 43.1], [{x}, 43.1], [{x}, 43.0]]]}}}}]}}\n",
            x + 0.1,
            x + 0.1
        )
    };
    std::fs::write(
        project.join("maps/north.geojson"),
        layer("ES48020", "Newtown", -2.9),
    )
    .unwrap();
    std::fs::write(
        project.join("maps/south.geojson"),
        layer("ES01059", "Oldbridge", -2.7),
    )
    .unwrap();
    let yaml = std::fs::read_to_string(project.join("localis.yaml")).unwrap();
    let start = yaml.find("maps:\n").unwrap();
    let end = start + yaml[start..].find("reports:").unwrap();
    let layers = "maps:\n- id: north\n  path: maps/north.geojson\n  code-property: GeoCode\n  name-property: Nombre\n  matches: place\n- id: south\n  path: maps/south.geojson\n  code-property: GeoCode\n  name-property: Nombre\n  matches: place\n";
    std::fs::write(
        project.join("localis.yaml"),
        format!("{}{layers}{}", &yaml[..start], &yaml[end..]),
    )
    .unwrap();
    // each layer lacks the other's municipality, but some layer draws every place
    let check = localis(&project, &["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(!check.stderr.contains("no area in map"), "{}", check.stderr);
    // a place no layer draws is listed once, at the first layer
    std::fs::write(
        project.join("maps/south.geojson"),
        layer("ES01060", "Elsewhere", -2.7),
    )
    .unwrap();
    let check = localis(&project, &["check"]);
    assert_eq!(
        check.stderr.matches("no area in").count(),
        1,
        "{}",
        check.stderr
    );
    assert!(
        check.stderr.contains(
            "1 of the places of the project has no area in any map of places (`north` and the other layers): `ES01059`"
        ),
        "{}",
        check.stderr
    );
}
