//! `localis check`: one fixture project per kind of bad input, each with a reviewed snapshot of
//! its exact diagnostics (file, line, column, message, hint) and its exit code.

use crate::common::{fixture, localis, localis_with, repo_root};

/// Runs `localis check` on a fixture and returns the text shown to the user plus the exit code.
fn check(name: &str) -> (String, i32) {
    let dir = fixture(&format!("check/{name}"));
    let run = localis(&dir, &["check"]);
    (format!("exit: {}\n{}", run.code, run.stderr), run.code)
}

macro_rules! check_fixture {
    ($test:ident, $name:literal, $code:expr) => {
        #[test]
        fn $test() {
            let (text, code) = check($name);
            assert_eq!(code, $code, "{text}");
            insta::assert_snapshot!(concat!("check_", $name), text);
        }
    };
}

check_fixture!(clean_project_passes, "clean", 0);
check_fixture!(yaml_syntax_errors, "yaml-syntax", 1);
check_fixture!(unknown_keys_suggest_the_right_one, "unknown-key", 1);
check_fixture!(wrong_types_point_at_the_value, "wrong-type", 1);
check_fixture!(duplicate_ids_show_both_places, "duplicate-id", 1);
check_fixture!(unknown_sdg_codes, "unknown-sdg", 1);
check_fixture!(
    unknown_references_to_indicators_datasets_columns_sets,
    "unknown-reference",
    1
);
check_fixture!(target_year_before_baseline_year, "year-order", 1);
check_fixture!(
    cycles_among_derived_indicators_show_the_whole_cycle,
    "derived-cycle",
    1
);
check_fixture!(
    missing_titles_in_a_project_language_warn,
    "missing-translation",
    0
);

check_fixture!(
    dimensions_without_a_name_in_a_project_language_and_unknown_dimensions_warn,
    "vocabulary",
    0
);

#[test]
fn categories_found_in_the_data_without_a_label_warn_naming_the_key() {
    let dir = fixture("check/vocabulary");
    let out = tempfile::tempdir().unwrap();
    let run = localis(
        &dir,
        &[
            "eval",
            "--format",
            "json",
            "--output",
            out.path().to_str().unwrap(),
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON on stdout");
    let messages: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "missing-label")
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert!(
        messages.contains(&"the categories `Blue`, `Green` of the dimension `Colour` have no label in pt (key `vocabulary.dimensions.Colour.categories.Blue.pt`)"),
        "{messages:?}"
    );
    assert!(
        messages.contains(&"the category `Man` of the dimension `Gender` has no label in pt (key `vocabulary.dimensions.Gender.categories.Man.pt`)"),
        "{messages:?}"
    );
    // `Woman` has its label; English data need no English label
    assert!(!messages.iter().any(|m| m.contains("`Woman`")
        || m.contains(" in en (key `vocabulary.dimensions.Gender.categories")));
}

check_fixture!(
    languages_whose_script_no_embedded_font_covers_warn,
    "font-coverage",
    0
);

check_fixture!(ids_that_become_file_names_are_checked, "bad-ids", 1);
check_fixture!(
    control_characters_in_texts_are_errors,
    "control-character",
    1
);
check_fixture!(
    chart_file_names_that_would_clash_are_errors,
    "file-name-clash",
    1
);
check_fixture!(
    an_emptied_indicator_file_and_a_project_without_indicators_are_errors,
    "empty-indicators",
    1
);
check_fixture!(a_project_without_indicators_is_an_error, "no-indicators", 1);
check_fixture!(
    every_broken_file_of_a_library_is_reported_and_the_rest_loaded,
    "library-files",
    1
);

/// The library's files are parsed in parallel: one thread or several report the same problems,
/// in the same order, with the same positions.
#[test]
fn library_files_report_the_same_problems_whatever_the_thread_count() {
    let dir = fixture("check/library-files");
    let run = |threads: Option<&str>| {
        let run = localis_with(&dir, &["check", "--format", "json"], |cmd| {
            if let Some(n) = threads {
                cmd.env("RAYON_NUM_THREADS", n);
            }
        });
        assert_eq!(run.code, 1, "{}", run.stderr);
        run.stdout
    };
    let one = run(Some("1"));
    for code in [
        "yaml-syntax",
        "unknown-key",
        "empty-file",
        "library-id-mismatch",
    ] {
        assert!(one.contains(code), "{code} missing from {one}");
    }
    assert_eq!(one, run(Some("4")));
    assert_eq!(one, run(None));
}
check_fixture!(
    every_bad_value_of_an_item_is_reported_in_one_run,
    "all-type-errors",
    1
);
check_fixture!(
    files_in_utf16_or_latin1_name_the_encoding_and_place,
    "not-utf8",
    1
);

#[test]
fn json_format_gives_positions_for_editors() {
    let dir = fixture("check/duplicate-id");
    let run = localis(&dir, &["check", "--format", "json"]);
    assert_eq!(run.code, 1);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON on stdout");
    let first = &v[0];
    assert_eq!(first["code"], "duplicate-id");
    assert_eq!(first["file"], "indicators/city/second.yaml");
    assert_eq!(first["line"], 4);
    assert_eq!(first["column"], 9);
    assert_eq!(first["related"][0]["file"], "indicators/city/first.yaml");
    assert_eq!(first["related"][0]["line"], 2);
    assert!(first["hint"].as_str().is_some_and(|h| !h.is_empty()));
}

#[test]
fn missing_project_cannot_run() {
    let dir = fixture("check");
    let run = localis(&dir, &["check", "no-such-project"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("failed to find a project"),
        "{}",
        run.stderr
    );
}

#[test]
fn deny_warnings_turns_warnings_into_failure() {
    let dir = fixture("check/missing-translation");
    assert_eq!(localis(&dir, &["check", "--deny-warnings"]).code, 1);
}

#[test]
fn repository_project_is_clean() {
    let run = localis(&repo_root(), &["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("warning["), "{}", run.stderr);
}

#[test]
fn inputs_are_never_modified() {
    use std::collections::BTreeMap;
    fn snapshot(dir: &std::path::Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                snapshot(&p, out);
            } else {
                out.insert(p.display().to_string(), std::fs::read(&p).unwrap());
            }
        }
    }
    let dir = fixture("check/unknown-reference");
    let mut before = BTreeMap::new();
    snapshot(&dir, &mut before);
    localis(&dir, &["check"]);
    let mut after = BTreeMap::new();
    snapshot(&dir, &mut after);
    assert_eq!(before, after);
}

#[test]
fn vocabularies_merge_shipped_then_libraries_then_project() {
    let ws = localis::load::load(&fixture("load/vocabulary")).expect("fixture loads");
    assert!(ws.diagnostics.is_empty(), "{:?}", ws.diagnostics);
    let v = &ws.vocabulary;
    // the project file overrides one language of one category
    assert_eq!(v.category("Sex", "F", "pt"), Some("Mulheres"));
    assert_eq!(v.category("Sex", "F", "en"), Some("Female"));
    assert_eq!(v.category("Sex", "M", "pt"), Some("Homem"));
    assert_eq!(v.dimension_title("Sex", "pt"), Some("Sexo"));
    assert_eq!(v.population("Sex"), Some(true));
    assert_eq!(
        v.unit("PER_100000_POP", "pt"),
        Some("por 100 mil habitantes")
    );
    // the project's own vocabulary is the last one, so checks can point at it
    assert_eq!(ws.vocabularies.last().map(|l| l.library.as_str()), Some(""));
}
