//! `localis init`: a new project checks clean and builds its report at once; init never overwrites.

use crate::common::localis;

#[test]
fn a_new_project_checks_and_builds_its_report_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    let run = localis(tmp.path(), &["init", "rio", "--place", "Rio Claro"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let dir = tmp.path().join("rio");
    let files = localis::interop::export::listing(&dir);
    for f in [
        "localis.yaml",
        "README.md",
        "indicators/local/library.yaml",
        "indicators/local/indicators.yaml",
        "schemas/project.json",
        "schemas/library.json",
        "schemas/indicators.json",
        ".vscode/settings.json",
    ] {
        assert!(files.contains(&f.to_string()), "{f} missing: {files:?}");
    }
    assert!(files.iter().any(|f| f.starts_with("data/")), "{files:?}");
    // every YAML file names its schema for editors, and the schemas are JSON
    for (yaml, schema) in [
        ("localis.yaml", "schemas/project.json"),
        (
            "indicators/local/library.yaml",
            "../../schemas/library.json",
        ),
        (
            "indicators/local/indicators.yaml",
            "../../schemas/indicators.json",
        ),
    ] {
        let text = std::fs::read_to_string(dir.join(yaml)).unwrap();
        assert!(
            text.contains(&format!("# yaml-language-server: $schema={schema}\n")),
            "{yaml}:\n{text}"
        );
    }
    for kind in ["project", "library", "indicators"] {
        let text = std::fs::read_to_string(dir.join(format!("schemas/{kind}.json"))).unwrap();
        let _: serde_json::Value = serde_json::from_str(&text).unwrap();
    }
    let project = std::fs::read_to_string(dir.join("localis.yaml")).unwrap();
    assert!(project.contains("Rio Claro"), "{project}");

    let check = localis(&dir, &["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(
        check.stderr.contains("0 errors, 0 warnings"),
        "{}",
        check.stderr
    );
    let report = localis(&dir, &["report"]);
    assert_eq!(report.code, 0, "{}", report.stderr);
    let pdf = std::fs::read(dir.join("out/reports/vlr.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
}

#[test]
fn init_in_another_language_writes_its_texts() {
    let tmp = tempfile::tempdir().unwrap();
    let run = localis(tmp.path(), &["init", "cidade", "--language", "pt"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let dir = tmp.path().join("cidade");
    let project = std::fs::read_to_string(dir.join("localis.yaml")).unwrap();
    assert!(
        project.contains("Relatório Local Voluntário de cidade"),
        "{project}"
    );
    let check = localis(&dir, &["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
}

#[test]
fn init_never_overwrites_a_project() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("localis.yaml"), "name: mine\n").unwrap();
    let run = localis(tmp.path(), &["init"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("localis.yaml already exists"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("localis.yaml")).unwrap(),
        "name: mine\n"
    );
    assert_eq!(
        localis::interop::export::listing(tmp.path()),
        ["localis.yaml"],
        "nothing else was written"
    );
}
