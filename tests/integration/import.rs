//! `localis import opensdg`: the Open SDG fixtures imported end to end (import, check, eval, report) and bad repositories.

use std::collections::BTreeMap;
use std::path::Path;

use localis::model::{Direction, Indicator, LibraryFile, StatusCategory, Target};

use crate::common::{fixture, import_region, localis};

/// Every file of a folder with its bytes (to show that import never changes its input).
fn contents(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    localis::interop::export::listing(dir)
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(dir.join(&f)).unwrap();
            (f, bytes)
        })
        .collect()
}

/// The indicators of one YAML file of the imported library, read as localis reads them.
fn indicators(project: &Path, file: &str) -> Vec<Indicator> {
    // the library is named after the repository's folder
    let path = std::fs::read_dir(project.join("indicators"))
        .unwrap()
        .map(|e| e.unwrap().path().join(file))
        .find(|p| p.exists())
        .unwrap_or_else(|| panic!("no library file {file}"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{file}: {e}"));
    let node = localis::yaml::parse(&text).unwrap_or_else(|e| panic!("{file}: {e:?}"));
    let lib: LibraryFile =
        localis::yaml::from_node(&node).unwrap_or_else(|e| panic!("{file}: {}", e.message));
    lib.indicators
}

/// The words of a PDF (pdftotext), spaces squashed.
fn pdf_text(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.pdf");
    std::fs::write(&path, bytes).unwrap();
    let out = std::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    String::from_utf8(out.stdout).unwrap()
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn str_arg(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn opensdg_fixture_imports_then_checks_evaluates_and_reports() {
    let repo = fixture("import/opensdg");
    let before = contents(&repo);
    let tmp = tempfile::tempdir().unwrap();
    let project = tmp.path().join("city");

    let run = localis(
        tmp.path(),
        &["import", "opensdg", str_arg(&repo), "--to", "city"],
    );
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(contents(&repo), before, "import changed its input");
    assert!(
        run.stderr
            .contains("imported 8 Open SDG indicators as 10 indicators"),
        "{}",
        run.stderr
    );

    // what was not carried over: printed, and written in the new project
    let notes = std::fs::read_to_string(project.join("IMPORT-NOTES.md")).unwrap();
    assert!(run.stdout.contains(&notes), "the notes are printed");
    for expected in [
        "not published (`published: false`): 1 (3-1-1)",
        "no data file (reporting status `notstarted`): 1 (2-1-1)",
        "`--include-not-started` imports them: 1 (1-1-1)",
        "- `data/indicator_5-5-1.csv`: 1 `Value` cell is not a number (line 3: `<35`); the copy in `data/` leaves it blank, so that year is no data and the rest of the indicator is read",
        "input `InputSdmxMeta` of `config_data.yml` is not supported",
        "translation input `TranslationInputSdgTranslations` (https://github.com/open-sdg/sdg-translations.git) is not fetched",
        "| `graph_type` | 1 (11-1-1) |",
        "| `CONTACT_MAIL` | 1 (1-2-1) |",
        "| `embedded_feature_url` | 1 (1-2-1) |",
        "| `expected_disaggregations` | 1 (1-2-1) |",
        "| `progress_calculation_options.progress_thresholds` | 1 (11-1-1--households) |",
        "`auto_progress_calculation` is not true, so the platform computes no status: 3 (1-2-1, 11-1-1--households, 11-1-1--percent)",
        "no direction is stated: 4 (10-1-1-a, 13-2-2, 5-5-1, 6-1-1--sh-san-safe)",
        "no progress direction is stated for series `SH_SAN_SAFE` in `PT`: Open SDG's code would assume `negative`",
        // PyYAML reading: two byte-order marks, and a repeated key whose last value wins
        "`translations/es/data.yml:5:1`: key `Female` is given twice in this mapping; the last one is used",
        "column `Group` holds `Tonnes CO2 per capita` in every row",
        "`data/places.csv` names 2 of the 2 places",
    ] {
        assert!(
            notes.contains(expected),
            "missing `{expected}` in:\n{notes}"
        );
    }

    // the model made from the Open SDG metadata and configuration
    let poverty = indicators(&project, "1-2-1.yaml");
    assert_eq!(poverty.len(), 1);
    let p = &poverty[0];
    assert_eq!(
        p.title.get("en"),
        "Residents living below the national poverty line"
    );
    assert_eq!(p.direction, Direction::Decrease, "direction: negative");
    assert_eq!(
        p.assessment.as_ref().and_then(|a| a.assess),
        Some(false),
        "no auto_progress_calculation: the platform computes no status"
    );
    assert_eq!(p.precision, Some(1));
    assert_eq!(p.disaggregations, ["Sex", "Age"], "Disability is no column");
    assert_eq!(p.links.sdg[0].code, "1.2.1");
    let [Target::Numeric(t)] = p.targets.as_slice() else {
        panic!("one numeric target expected: {:?}", p.targets);
    };
    assert_eq!((t.value, t.year), (12.0, Some(2030)));
    let a = p.assessment.as_ref().unwrap();
    assert_eq!((a.base_year, a.target_year), (Some(2015), Some(2030)));
    assert!(
        p.metadata
            .rationale
            .as_ref()
            .is_some_and(|r| r.get("es").starts_with("La pobreza")),
        "Spanish metadata from meta/es/"
    );

    let housing = indicators(&project, "11-1-1.yaml");
    let ids: Vec<&str> = housing.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(
        ids,
        ["11-1-1--percent", "11-1-1--households"],
        "one per unit"
    );
    assert_eq!(
        housing[1].assessment.as_ref().and_then(|a| a.best),
        Some(0.0),
        "limit 0 becomes the best value"
    );
    let local = indicators(&project, "10-1-1-a.yaml");
    assert_eq!(local[0].links.sdg[0].code, "10.1.1");
    assert_eq!(
        local[0].direction,
        Direction::NotStated,
        "no direction: not stated, never a placeholder"
    );

    // options with `group`: each applies to the series it names; none invents a direction
    let water = indicators(&project, "6-1-1.yaml");
    let by_id: BTreeMap<&str, &Indicator> = water.iter().map(|i| (i.id.as_str(), i)).collect();
    assert_eq!(
        by_id.keys().copied().collect::<Vec<_>>(),
        ["6-1-1--sh-h2o-safe", "6-1-1--sh-san-safe"]
    );
    assert_eq!(by_id["6-1-1--sh-h2o-safe"].direction, Direction::Increase);
    assert_eq!(
        by_id["6-1-1--sh-h2o-safe"]
            .assessment
            .as_ref()
            .and_then(|a| a.assess),
        None
    );
    assert_eq!(by_id["6-1-1--sh-san-safe"].direction, Direction::NotStated);

    // statuses set by hand: published in the repository's words, with their category
    let mortality = &indicators(&project, "3-2-1.yaml")[0];
    let given = mortality.status.as_ref().expect("progress_status imported");
    assert_eq!(given.label.get("en"), "Target achieved");
    assert_eq!(given.label.get("es"), "Meta alcanzada");
    assert_eq!(given.category, Some(StatusCategory::Achieved));
    let reading = &indicators(&project, "4-1-1.yaml")[0];
    let given = reading
        .status
        .as_ref()
        .expect("not_available_manual imported");
    assert_eq!(given.label.get("en"), "Not available");
    assert_eq!(given.category, Some(StatusCategory::NotAssessed));
    // the site's own metadata fields, named by its metadata schema, fill the sheet
    assert_eq!(
        reading.metadata.method.as_ref().map(|t| t.get("en")),
        Some("Pupils at the minimum level divided by all pupils tested, times 100.")
    );
    assert_eq!(
        reading.metadata.periodicity.as_ref().map(|t| t.get("en")),
        Some("Every two years")
    );

    // the repository's translations of its codes: the library's vocabulary
    let vocabulary =
        std::fs::read_to_string(project.join("indicators/opensdg/vocabulary.yaml")).unwrap();
    insta::assert_snapshot!("opensdg_import_vocabulary", vocabulary);

    // the new project goes through check, eval and report unchanged
    let check = localis(&project, &["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(check.stderr.contains(": 0 errors,"), "{}", check.stderr);
    let eval = localis(&project, &["eval"]);
    assert_eq!(eval.code, 0, "{}", eval.stderr);
    let results: serde_json::Value =
        serde_json::from_slice(&std::fs::read(project.join("out/results.json")).unwrap()).unwrap();
    let headline = results["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["indicator"] == "1-2-1")
        .unwrap();
    let observations = headline["series"][0]["observations"].as_array().unwrap();
    let last = observations.last().unwrap();
    assert_eq!(
        (&last["year"], &last["value"]),
        (&2019.into(), &17.2.into())
    );
    let wards: Vec<&str> = results["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["indicator"] == "10-1-1-a")
        .map(|r| r["place"].as_str().unwrap())
        .collect();
    assert!(wards.contains(&"E05000001"), "{wards:?}");
    // the statuses: computed where a direction is stated, the publisher's where set by hand
    let assessment: serde_json::Value =
        serde_json::from_slice(&std::fs::read(project.join("out/assessment.json")).unwrap())
            .unwrap();
    let status_of = |id: &str| -> (String, String) {
        let a = assessment["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["indicator"] == id && a["place"] == "OPENSDG")
            .unwrap_or_else(|| panic!("{id} assessed"));
        (
            a["status"].as_str().unwrap().to_string(),
            a["status-source"].as_str().unwrap().to_string(),
        )
    };
    // drinking water: (92 / 80)^(1/6) - 1 = 2.36% a year, above 1.5%: on track
    assert_eq!(
        status_of("6-1-1--sh-h2o-safe"),
        ("on-track".into(), "method".into())
    );
    assert_eq!(
        status_of("6-1-1--sh-san-safe"),
        ("not-assessed".into(), "none".into())
    );
    assert_eq!(status_of("3-2-1"), ("achieved".into(), "publisher".into()));
    assert_eq!(
        status_of("4-1-1"),
        ("not-assessed".into(), "publisher".into())
    );
    let report = localis(&project, &["report"]);
    assert_eq!(report.code, 0, "{}", report.stderr);
    for (lang, not_stated, by_publisher) in [
        (
            "en",
            "Desired direction: Not stated",
            "Target achieved (set by the publisher)",
        ),
        (
            "es",
            "No declarada",
            "Meta alcanzada (fijado por el editor)",
        ),
    ] {
        let pdf = std::fs::read(project.join(format!("out/reports/vlr-{lang}.pdf"))).unwrap();
        assert!(pdf.starts_with(b"%PDF"), "vlr-{lang}.pdf");
        let text = squash(&pdf_text(&pdf));
        assert!(text.contains(not_stated), "{lang}: {not_stated}");
        assert!(text.contains(by_publisher), "{lang}: {by_publisher}");
        if lang == "en" {
            // five state no direction (10-1-1-a, 13-2-2, 5-5-1 with its cell `<35` read as no
            // data, sanitation, 4-1-1): never a placeholder
            assert_eq!(text.matches(not_stated).count(), 5, "{lang}");
            assert_eq!(
                text.matches("Desired direction: Increase").count(),
                1,
                "drinking water"
            );
        }
        // no indicator has an OHCHR type: no table of types
        assert!(!text.contains("OHCHR type"), "{lang}");
        // a national data set is an SDG progress report built from the country's data, not a
        // city's Voluntary Local Review
        let (kind, review, colophon) = match lang {
            "en" => (
                "SDG Progress Report · opensdg",
                "Voluntary Local Review",
                "from the country's indicator definitions and data",
            ),
            _ => (
                "Informe de Progreso de los ODS · opensdg",
                "Informe Local Voluntario",
                "los datos del país",
            ),
        };
        // the project's name in the report's language
        let name = if lang == "en" {
            "SDG indicators of opensdg"
        } else {
            "Indicadores ODS de opensdg"
        };
        assert!(text.contains(name), "{lang}: {name}");
        // no author: the citation opens on the title, never on its year
        assert!(text.contains(&format!(": {name} (")), "{lang}: citation");
        assert!(text.contains(kind), "{lang}: {kind}");
        assert!(!text.contains(review), "{lang}: {review}");
        assert!(text.contains(colophon), "{lang}: {colophon}");
    }
    let yaml = std::fs::read_to_string(project.join("localis.yaml")).unwrap();
    assert!(yaml.contains("  kind: country\n"), "{yaml}");
}

#[test]
fn csv_metadata_is_mapped_to_fields() {
    let repo = fixture("import/csv-meta");
    let tmp = tempfile::tempdir().unwrap();
    let run = localis(
        tmp.path(),
        &["import", "opensdg", str_arg(&repo), "--to", "city"],
    );
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let project = tmp.path().join("city");
    let check = localis(&project, &["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    let notes = std::fs::read_to_string(project.join("IMPORT-NOTES.md")).unwrap();
    assert!(
        notes.contains("- `National comparability` (1 file)"),
        "a label the mapping does not name is listed: {notes}"
    );
    // the city's CSV metadata override the global Markdown metadata
    let path = project.join("indicators/csv-meta/1-2-1.yaml");
    let node = localis::yaml::parse(&std::fs::read_to_string(path).unwrap()).unwrap();
    let lib: LibraryFile = localis::yaml::from_node(&node).unwrap();
    let i = &lib.indicators[0];
    assert_eq!(
        i.title.get("en"),
        "Proportion of residents below the poverty line"
    );
    assert_eq!(i.unit.as_ref().unwrap().get("en"), "Percentage (%)");
    assert_eq!(
        i.sources[0].publisher.as_ref().map(|t| t.get("en")),
        Some("Riverton City Council")
    );
}

#[test]
fn a_folder_that_is_not_an_open_sdg_repository_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    // a localis project: it has data/ but no Open SDG indicator file
    let not_opensdg = fixture("export/sdmx");
    let run = localis(
        tmp.path(),
        &["import", "opensdg", str_arg(&not_opensdg), "--to", "x"],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("failed to find Open SDG data")
            && run.stderr.contains("hint: an Open SDG data repository has"),
        "{}",
        run.stderr
    );
    assert!(!tmp.path().join("x").exists(), "nothing is written");

    let run = localis(tmp.path(), &["import", "opensdg", "missing-folder"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("failed to find the repository"),
        "{}",
        run.stderr
    );
}

#[test]
fn import_never_writes_into_a_folder_that_holds_files() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("notes.txt"), "mine").unwrap();
    let repo = fixture("import/opensdg");
    let run = localis(
        tmp.path(),
        &["import", "opensdg", str_arg(&repo), "--to", "."],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("the folder is not empty"),
        "{}",
        run.stderr
    );
    assert_eq!(localis::interop::export::listing(tmp.path()), ["notes.txt"]);
}

#[test]
fn malformed_front_matter_is_reported_with_its_line_and_the_rest_imported() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    let src = fixture("import/csv-meta");
    for f in localis::interop::export::listing(&src) {
        let to = repo.join(&f);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(src.join(&f), &to).unwrap();
    }
    let meta = repo.join("global-meta/1-2-1.md");
    let text = std::fs::read_to_string(&meta).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    assert!(lines[4].starts_with("graph_title:"), "fixture changed");
    lines[4] = "graph_title: [unclosed";
    std::fs::write(&meta, lines.join("\n")).unwrap();

    let run = localis(tmp.path(), &["import", "opensdg", "repo", "--to", "city"]);
    assert_eq!(run.code, 1, "problems exit 1: {}", run.stderr);
    // the YAML error is found on the line after the unclosed list (file line 6)
    assert!(
        run.stderr
            .contains("error: `global-meta/1-2-1.md:6:11`: failed to read the front matter (")
            && run.stderr.contains("Hint:"),
        "{}",
        run.stderr
    );
    let project = tmp.path().join("city");
    let notes = std::fs::read_to_string(project.join("IMPORT-NOTES.md")).unwrap();
    assert!(
        notes.contains("## Files that could not be read")
            && notes.contains("`global-meta/1-2-1.md:6:11`"),
        "{notes}"
    );
    // the indicator's data and CSV metadata were imported all the same
    let check = localis(&project, &["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(
        check.stderr.contains("checked 1 indicators"),
        "{}",
        check.stderr
    );
}

#[test]
fn options_name_the_place_and_import_indicators_not_started() {
    let repo = fixture("import/opensdg");
    let tmp = tempfile::tempdir().unwrap();
    let run = localis(
        tmp.path(),
        &[
            "import",
            "opensdg",
            str_arg(&repo),
            "--to",
            "city",
            "--include-not-started",
            "--place",
            "Riverton",
            "--geocode",
            "E06000099",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let project = tmp.path().join("city");
    assert_eq!(indicators(&project, "1-1-1.yaml").len(), 1);
    let yaml = std::fs::read_to_string(project.join("localis.yaml")).unwrap();
    assert!(
        yaml.contains("name: Riverton") && yaml.contains("geocode: E06000099"),
        "{yaml}"
    );
    let notes = std::fs::read_to_string(project.join("IMPORT-NOTES.md")).unwrap();
    assert!(
        !notes.contains("`--include-not-started` imports them"),
        "{notes}"
    );
    let check = localis(&project, &["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
}

#[test]
fn municipal_place_columns_name_places_whose_reports_show_their_data() {
    let tmp = tempfile::tempdir().unwrap();
    let project = import_region(tmp.path(), &["--place", "Region"]);
    // `Municipio` repeats the place: not a disaggregation; rows naming their municipality only
    // there get its GeoCode in the copy
    let yaml = std::fs::read_to_string(project.join("localis.yaml")).unwrap();
    assert!(yaml.contains("dimensions:\n    - Sexo\n"), "{yaml}");
    // the kind of place, as the user said: no assumption noted
    assert!(yaml.contains("  kind: region\n"), "{yaml}");
    let library =
        std::fs::read_to_string(project.join("indicators/opensdg-municipal/3-4-1.yaml")).unwrap();
    assert!(
        library.contains("disaggregations:\n  - Sexo\n"),
        "{library}"
    );
    let data = std::fs::read_to_string(project.join("data/indicator_3-4-1.csv")).unwrap();
    assert!(data.contains("2020,,ES48020,ES48020,431.7\n"), "{data}");
    assert!(
        data.contains("2020,,,,398.1\n"),
        "the region's rows keep no GeoCode"
    );
    let notes = std::fs::read_to_string(project.join("IMPORT-NOTES.md")).unwrap();
    assert!(!notes.contains("is taken to be a country"), "{notes}");
    assert!(
        notes.contains("2 rows name their place only in `Municipio`")
            && notes.contains("1 `Value` cell is not a number (line 11: `Inf`); the copy in `data/` leaves it blank"),
        "{notes}"
    );
    assert!(data.ends_with("2018,,ES01059,ES01059,\n"), "{data}");
    // a non-statistical indicator: its text and the publisher's status, no values, no
    // computed status
    let narrative =
        std::fs::read_to_string(project.join("indicators/opensdg-municipal/1-5-3.yaml")).unwrap();
    for expected in [
        "The region adopted its civil protection plan in 2019.",
        "direction: not-stated",
        "assess: false",
        "status:\n    label:\n      en: Target achieved",
    ] {
        assert!(narrative.contains(expected), "{expected} in {narrative}");
    }
    assert!(!narrative.contains("computation"), "{narrative}");
    assert!(notes.contains("non-statistical (`data_non_statistical: true`, no data file): imported with its text and the publisher's status"), "{notes}");
    let places = std::fs::read_to_string(project.join("data/places.csv")).unwrap();
    assert_eq!(places, "GeoCode,Name\nES01059,Oldbridge\nES48020,Newtown\n");

    let run = localis(&project, &["eval"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let results = std::fs::read_to_string(project.join("out/results.csv")).unwrap();
    assert!(
        results.contains("3-4-1,ES48020,2020,,431.7,"),
        "the place's headline: {results}"
    );
    assert!(!results.contains("Municipio="), "{results}");

    let run = localis(&project, &["report", "--each-place", "--lang", "en"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let text = squash(&pdf_text(
        &std::fs::read(project.join("out/places/ES48020.pdf")).unwrap(),
    ));
    assert!(text.contains("Newtown (ES48020)"), "{text}");
    // no indicator has a distance-to-target score (no target): no promise of distances and no
    // column of dashes for scores and ranks
    assert!(
        text.contains("Indicators of the place") && !text.contains("distance to the targets"),
        "{text}"
    );
    assert!(!text.contains("Rank"), "{text}");
    assert!(
        text.contains("Deaths from chronic diseases")
            && text.contains("431.7 per 100,000")
            && text.contains("population (2020)"),
        "{text}"
    );
    // only the non-statistical indicator has no value
    assert_eq!(text.matches("No data").count(), 1, "{text}");
    // the publisher's status is the region's: a municipality's page does not carry it
    assert!(
        !text.contains("Achieved")
            && !text.contains("Target achieved")
            && !text.contains("Set by the publisher"),
        "{text}"
    );
    let other = squash(&pdf_text(
        &std::fs::read(project.join("out/places/ES01059.pdf")).unwrap(),
    ));
    assert!(
        other.contains("Oldbridge (ES01059)") && other.contains("362.4 per 100,000"),
        "{other}"
    );
}

#[test]
fn statuses_in_the_publishers_own_words_are_never_counted_as_not_assessed_or_as_zero() {
    let tmp = tempfile::tempdir().unwrap();
    let project = import_region(tmp.path(), &[]);
    // a site's own status, such as EUSTAT's `alcanzado` ("On track or target met"): words no
    // category holds
    let file = project.join("indicators/opensdg-municipal/1-5-3.yaml");
    let yaml = std::fs::read_to_string(&file).unwrap();
    let own = yaml
        .lines()
        .filter(|l| !l.trim_start().starts_with("category:"))
        .map(|l| l.replace("en: Target achieved", "en: On track or target met"))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(own.contains("On track or target met"), "{own}");
    std::fs::write(&file, own + "\n").unwrap();
    let run = localis(&project, &["report", "--lang", "en"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let text = squash(&pdf_text(
        &std::fs::read(project.join("out/reports/vlr.pdf")).unwrap(),
    ));
    assert!(text.contains("SDG Progress Report"), "{text}");
    assert!(
        text.contains("from the region's indicator definitions and data"),
        "{text}"
    );
    // highlights: the publisher's statuses counted as such, no tile of zero targets met
    assert!(
        text.contains("statuses in the publisher's own words"),
        "{text}"
    );
    // the tiles of computed statuses say they count only the others
    assert!(
        text.contains("0 of the other statuses: targets met or on track"),
        "{text}"
    );
    // the indicator page and the dashboard legend say who set it
    assert!(
        text.contains("On track or target met (set by the publisher)"),
        "{text}"
    );
    assert!(text.contains("Set by the publisher"), "{text}");
    // the methodology says which statuses localis did not compute
    assert!(
        text.contains("Statuses set by the publisher of the data (1) are printed in its own words"),
        "{text}"
    );
    // one indicator broken down, no gap: stated as facts, never "1 indicators" or "lists the 0"
    assert!(
        text.contains("Indicators broken down by groups of people: 1."),
        "{text}"
    );
    assert!(!text.contains("1 indicators"), "{text}");
    // no indicator has an OHCHR type: the metadata sheets claim no human-rights framework
    assert!(!text.contains("OHCHR"), "{text}");
    assert!(
        text.contains("The metadata sheet of each indicator: its definition"),
        "{text}"
    );
}

/// Imports the progress fixture into a new project and evaluates it.
fn import_progress_fixture(tmp: &Path) -> std::path::PathBuf {
    let repo = fixture("import/opensdg-progress");
    let run = localis(tmp, &["import", "opensdg", str_arg(&repo), "--to", "p"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let project = tmp.join("p");
    let run = localis(&project, &["eval"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    project
}

/// Per indicator of the project's place: its status, and the open-sdg status of each series
/// (by its disaggregation, `{}` for the headline).
fn assessed(project: &Path) -> BTreeMap<String, (String, BTreeMap<String, String>)> {
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(project.join("out/assessment.json")).unwrap(),
    )
    .unwrap();
    let mut out = BTreeMap::new();
    for r in json["results"].as_array().unwrap() {
        let mut series = BTreeMap::new();
        for s in r["series"].as_array().into_iter().flatten() {
            for p in s["progress"].as_array().into_iter().flatten() {
                if p["method"] == "open-sdg" {
                    series.insert(
                        s["disaggregation"].to_string(),
                        p["status"].as_str().unwrap_or_default().to_string(),
                    );
                }
            }
        }
        out.insert(
            r["indicator"].as_str().unwrap().to_string(),
            (r["status"].as_str().unwrap_or_default().to_string(), series),
        );
    }
    out
}

#[test]
fn a_limit_shrinks_the_progress_thresholds_as_the_platform_does() {
    let tmp = tempfile::tempdir().unwrap();
    let project = import_progress_fixture(tmp.path());
    let share = &indicators(&project, "5-b-1.yaml")[0];
    assert_eq!(share.direction, Direction::Increase);
    assert_eq!(
        share.assessment.as_ref().and_then(|a| a.limit),
        Some(100.0),
        "`limit: 100` is kept as the assessment's limit"
    );
    let notes = std::fs::read_to_string(project.join("IMPORT-NOTES.md")).unwrap();
    assert!(
        !notes.contains("progress_calculation_options.limit"),
        "{notes}"
    );
    // 1.33% a year is below the plain 1.5% threshold, above the one shrunk near 100
    let a = assessed(&project);
    let (status, series) = &a["5-b-1"];
    assert_eq!(status, "on-track", "{a:?}");
    assert_eq!(series["{}"], "on-track");
}

#[test]
fn options_naming_disaggregations_or_groups_are_assessed_on_their_own_series() {
    let tmp = tempfile::tempdir().unwrap();
    let project = import_progress_fixture(tmp.path());
    let a = assessed(&project);
    // directions that differ per breakdown: one indicator each, none left without direction
    let soundness = indicators(&project, "10-5-1.yaml");
    let dirs: Vec<(&str, Direction)> = soundness
        .iter()
        .map(|i| (i.id.as_str(), i.direction))
        .collect();
    assert_eq!(
        dirs,
        [
            ("10-5-1--regulatory-capital-to-assets", Direction::Increase),
            (
                "10-5-1--non-performing-loans-to-gross-loans",
                Direction::Decrease
            ),
        ]
    );
    assert_eq!(a["10-5-1--regulatory-capital-to-assets"].0, "on-track");
    assert_eq!(
        a["10-5-1--non-performing-loans-to-gross-loans"].0,
        "deterioration"
    );
    // targets of the series an item names; the breakdowns in the direction all items state
    let mortality = indicators(&project, "3-4-1.yaml");
    assert_eq!(mortality[0].direction, Direction::Decrease);
    let diabetes = mortality
        .iter()
        .find(|i| i.id == "3-4-1--diabetes-both-sexes")
        .unwrap();
    assert!(diabetes.disaggregations.is_empty());
    let [Target::Numeric(t)] = diabetes.targets.as_slice() else {
        panic!("{:?}", diabetes.targets)
    };
    assert_eq!(t.value, 13.33);
    // 20.1 -> 16.7 (2015-2024) against 13.33 by 2030: R = 0.75, moderate progress
    assert_eq!(a["3-4-1--diabetes-both-sexes"].0, "progress-needed");
    assert_eq!(a["3-4-1--heart-disease-both-sexes"].0, "off-track");
    assert_eq!(
        a["3-4-1"].1[r#"{"Cause":"Diabetes","Sex":"Females"}"#],
        "on-track"
    );
    // a group's members are assessed on their own series, with their limit
    for (id, status) in [
        ("9-c-1--hspa", "off-track"),
        ("9-c-1--lte", "on-track"),
        ("9-c-1--5g", "on-track"),
    ] {
        assert_eq!(a[id].0, status, "{id}: {a:?}");
    }
    let notes = std::fs::read_to_string(project.join("IMPORT-NOTES.md")).unwrap();
    assert!(
        notes.contains("which together hold every row, so `10-5-1` itself is not made"),
        "{notes}"
    );
    assert!(!notes.contains("no direction is stated"), "{notes}");
}

#[test]
fn observation_attributes_are_notes_and_undefined_is_no_status() {
    let tmp = tempfile::tempdir().unwrap();
    let project = import_progress_fixture(tmp.path());
    let hunger = &indicators(&project, "2-1-1.yaml")[0];
    assert!(
        hunger.disaggregations.is_empty(),
        "{:?}",
        hunger.disaggregations
    );
    let yaml = std::fs::read_to_string(project.join("localis.yaml")).unwrap();
    assert!(
        yaml.contains("columns:\n    dimensions: []\n    comment: COMMENT_OBS_0\n"),
        "{yaml}"
    );
    let notes = std::fs::read_to_string(project.join("IMPORT-NOTES.md")).unwrap();
    assert!(
        notes.contains(
            "`COMMENT_OBS_1`, `SOURCE_NOTE` describe observations (attributes, not disaggregations)"
        ),
        "{notes}"
    );
    // the headline runs to the last year; only a real status is kept with its value
    let results = std::fs::read_to_string(project.join("out/results.csv")).unwrap();
    let rows: Vec<&str> = results
        .lines()
        .filter(|l| l.starts_with("2-1-1,"))
        .collect();
    assert_eq!(rows.len(), 4, "{results}");
    assert!(
        rows[2].contains(",3.1,Percentage (%),Estimated value,"),
        "{results}"
    );
    assert!(
        !results.contains("Undefined") && !results.contains("Normal value"),
        "{results}"
    );
    let a = assessed(&project);
    assert_eq!(a["2-1-1"].0, "deterioration", "2.5 (2015) -> 3.4 (2023)");
}

#[test]
fn html_and_latex_in_metadata_become_plain_text() {
    let tmp = tempfile::tempdir().unwrap();
    let project = import_progress_fixture(tmp.path());
    let m = &indicators(&project, "5-b-1.yaml")[0].metadata;
    let method = m.method.as_ref().unwrap().get("en");
    assert!(
        method.starts_with("Pᵗ = M_(own)ᵗ / Nᵗ × 100 where N is the population"),
        "{method}"
    );
    let comments = m.comments.as_ref().unwrap().get("en");
    assert!(
        comments.contains("Figures come from the household survey (https://example.org/survey)."),
        "{comments}"
    );
    let collection = m.data_collection.as_ref().unwrap().get("en");
    assert!(
        collection.contains("Table T1 (https://example.org/t1)"),
        "{collection}"
    );
    for text in [method, comments, collection] {
        for raw in ["<p>", "<a ", "href", "$$", "\\frac", "\\times", "{"] {
            assert!(!text.contains(raw), "{raw} in {text}");
        }
    }
}

#[test]
fn numbered_source_fields_and_source_lists_are_sources() {
    let tmp = tempfile::tempdir().unwrap();
    let project = import_progress_fixture(tmp.path());
    let share = &indicators(&project, "5-b-1.yaml")[0];
    let names: Vec<(&str, Option<&str>, Option<&str>)> = share
        .sources
        .iter()
        .map(|s| {
            (
                s.name.get("en"),
                s.publisher.as_ref().map(|p| p.get("en")),
                s.url.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        names,
        [(
            "Household survey",
            Some("Statistics Office"),
            Some("https://example.org/survey")
        )],
        "source 2 is inactive"
    );
    let m = &share.metadata;
    // labelled details, no flags, no inactive source, no periodicity twice
    assert_eq!(
        m.data_collection.as_ref().unwrap().get("en"),
        "Statistics Office: periodicity: Annual; released: 2024-03-01; other information: Table T1 (https://example.org/t1)."
    );
    assert_eq!(m.periodicity.as_ref().unwrap().get("en"), "Annual");
    let coverage = indicators(&project, "9-c-1.yaml");
    for i in &coverage {
        let [s] = i.sources.as_slice() else {
            panic!("{}: {:?}", i.id, i.sources)
        };
        assert_eq!(s.name.get("en"), "Mobile coverage report");
        assert_eq!(s.url.as_deref(), Some("https://example.org/coverage"));
        assert!(
            i.metadata
                .data_collection
                .as_ref()
                .is_some_and(|d| d.get("en") == "Telecom Regulator: periodicity: Annual.")
        );
    }
    let notes = std::fs::read_to_string(project.join("IMPORT-NOTES.md")).unwrap();
    assert!(!notes.contains("`sources`"), "{notes}");
    let yaml = std::fs::read_to_string(project.join("localis.yaml")).unwrap();
    assert!(
        yaml.contains("source:\n    name:\n      en: Mobile coverage report\n"),
        "the dataset's source: {yaml}"
    );
}
