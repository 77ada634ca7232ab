//! `localis init`: a new project that checks and builds a report at once, with editor support.
//!
//! The project holds a few indicators copied from the shipped libraries (with the rights and
//! departments they link to), a small invented sample dataset, the JSON Schemas of its YAML
//! files under `schemas/` (hooked up by a `yaml-language-server` modeline in every YAML file
//! and by `.vscode/settings.json`), and a README with the next steps.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::model::*;
use crate::output::write_atomic;

/// The shipped indicators a new project starts from: an outcome (a ratio with a numeric
/// target), a process (a count with a target), a structural milestone, and a coverage.
pub(crate) const STARTER_INDICATORS: [&str; 4] = [
    "m01-poverty-rate",
    "m01-cash-transfer-households",
    "m05-women-council",
    "m06-water-access",
];

/// The id of the new project's own library.
pub(crate) const LIBRARY: &str = "local";

/// What to create.
#[derive(Debug, Clone)]
pub struct InitOptions {
    /// The project folder (created when missing).
    pub dir: PathBuf,
    /// Name of the place (default: the folder's name).
    pub place: Option<String>,
    /// GeoCode of the place (default `0000000`).
    pub geocode: Option<String>,
    /// Main language (default `en`).
    pub language: Option<String>,
}

/// What `init` created.
#[derive(Debug)]
pub struct InitOutcome {
    /// The project folder.
    pub dir: PathBuf,
    /// The files written.
    pub written: Vec<PathBuf>,
    /// The indicators copied.
    pub indicators: Vec<String>,
}

/// Why `init` could not run.
#[derive(Debug, thiserror::Error)]
pub enum InitError {
    /// A project (or a file init would write) is already there.
    #[error(
        "failed to create a project in {dir} ({existing} already exists; init never overwrites files)"
    )]
    Exists {
        /// The folder.
        dir: PathBuf,
        /// The first file found that init would write.
        existing: String,
    },
    /// A shipped file could not be read (a broken build).
    #[error("failed to read the shipped libraries ({0})")]
    Builtin(String),
    /// A file could not be written.
    #[error("failed to write {path} ({source})")]
    Write {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
}

/// The JSON Schemas of a project's YAML files (`schemas/<kind>.json`) and VS Code settings that
/// map them; every YAML file written by localis also names its schema in a modeline. Returns the
/// files written, or the file that failed.
pub(crate) fn write_editor_support(dir: &Path) -> Result<Vec<PathBuf>, (PathBuf, std::io::Error)> {
    let mut written = Vec::new();
    for kind in crate::schema::SCHEMA_KINDS {
        let path = dir.join("schemas").join(format!("{kind}.json"));
        let mut text = crate::schema::schema(kind).unwrap_or_default();
        text.push('\n');
        write_atomic(&path, text.as_bytes()).map_err(|e| (path.clone(), e))?;
        written.push(path);
    }
    let settings = serde_json::json!({
        "yaml.schemas": {
            "./schemas/project.json": ["localis.yaml"],
            "./schemas/library.json": ["indicators/*/library.yaml"]
        },
        "files.associations": {"*.yaml": "yaml"}
    });
    let path = dir.join(".vscode").join("settings.json");
    let mut text = serde_json::to_string_pretty(&settings).unwrap_or_default();
    text.push('\n');
    write_atomic(&path, text.as_bytes()).map_err(|e| (path.clone(), e))?;
    written.push(path);
    Ok(written)
}

/// The files of the editor support, relative to the project.
fn editor_files() -> Vec<String> {
    crate::schema::SCHEMA_KINDS
        .iter()
        .map(|k| format!("schemas/{k}.json"))
        .chain(std::iter::once(".vscode/settings.json".to_string()))
        .collect()
}

/// Every file of a shipped library, parsed.
fn shipped(library: &str) -> Result<Vec<LibraryFile>, InitError> {
    let dir = crate::load::builtin::library(library)
        .ok_or_else(|| InitError::Builtin(format!("no shipped library `{library}`")))?;
    let mut files = Vec::new();
    crate::load::builtin::collect_yaml(dir, &mut files);
    files.sort();
    let mut out = Vec::new();
    for (name, text) in files {
        if name.ends_with("/library.yaml") {
            continue;
        }
        let file: LibraryFile =
            read_model(&text).map_err(|e| InitError::Builtin(format!("{name}: {e}")))?;
        out.push(file);
    }
    Ok(out)
}

/// The starter indicators, adapted to the sample data's columns, with the rights and
/// departments they link to.
fn starter_library() -> Result<LibraryFile, InitError> {
    let municipal = shipped("municipal-2030")?;
    let mut indicators = Vec::new();
    for id in STARTER_INDICATORS {
        let mut ind = municipal
            .iter()
            .flat_map(|f| f.indicators.iter())
            .find(|i| i.id == id)
            .cloned()
            .ok_or_else(|| InitError::Builtin(format!("no shipped indicator `{id}`")))?;
        // the sample data have these disaggregations only
        let sample: &[&str] = match id {
            "m01-poverty-rate" => &["Sex", "District"],
            "m06-water-access" => &["District"],
            _ => &[],
        };
        ind.disaggregations.retain(|d| sample.contains(&d.as_str()));
        indicators.push(ind);
    }
    let rights_used: BTreeSet<&str> = indicators
        .iter()
        .flat_map(|i| i.links.rights.iter().map(|r| r.right.as_str()))
        .collect();
    let rights: Vec<Right> = shipped("ohchr")?
        .into_iter()
        .flat_map(|f| f.rights)
        .filter(|r| rights_used.contains(r.id.as_str()))
        .collect();
    let departments_used: BTreeSet<&str> = indicators
        .iter()
        .filter_map(|i| i.links.department.as_deref())
        .collect();
    let departments: Vec<Department> = shipped("vila-serena")?
        .into_iter()
        .flat_map(|f| f.departments)
        .filter(|d| departments_used.contains(d.id.as_str()))
        .map(|d| Department {
            councillor: None,
            ..d
        })
        .collect();
    Ok(LibraryFile {
        indicators,
        rights,
        departments,
        ..LibraryFile::default()
    })
}

/// The sample data: (file, CSV text). Invented numbers, consistent across groups (the
/// headline is the sum of the groups), large enough that no cell is suppressed.
fn sample_data() -> Vec<(&'static str, String)> {
    let years = 2015..=2024;
    let districts = [
        ("North", 21_000.0, 0.26),
        ("Centre", 34_000.0, 0.14),
        ("South", 27_000.0, 0.31),
    ];
    // poverty: counts by sex and district, with the denominator
    let mut poverty = String::from("Year,Sex,District,Value,Denominator\n");
    let mut water = String::from("Year,District,Value,Denominator\n");
    for (k, year) in years.clone().enumerate() {
        let k = k as f64;
        let mut total = (0.0, 0.0);
        let mut by_sex = [(0.0, 0.0), (0.0, 0.0)];
        let mut water_total = (0.0, 0.0);
        for (district, population, rate) in districts {
            let pop = (population * (1.0 + 0.008 * k)).round();
            let poor = (pop * (rate - 0.006 * k)).round();
            poverty.push_str(&format!("{year},,{district},{poor},{pop}\n"));
            total.0 += poor;
            total.1 += pop;
            let women = (poor * 0.54).round();
            let women_pop = (pop * 0.51).round();
            by_sex[0].0 += women;
            by_sex[0].1 += women_pop;
            by_sex[1].0 += poor - women;
            by_sex[1].1 += pop - women_pop;
            let served = (pop * (0.86 + 0.011 * k - rate / 10.0)).round().min(pop);
            water.push_str(&format!("{year},{district},{served},{pop}\n"));
            water_total.0 += served;
            water_total.1 += pop;
        }
        for (sex, (poor, pop)) in ["Female", "Male"].iter().zip(by_sex) {
            poverty.push_str(&format!("{year},{sex},,{poor},{pop}\n"));
        }
        poverty.push_str(&format!("{year},,,{},{}\n", total.0, total.1));
        water.push_str(&format!("{year},,{},{}\n", water_total.0, water_total.1));
    }
    let mut transfers = String::from("Year,Value\n");
    for (k, year) in years.clone().enumerate() {
        transfers.push_str(&format!("{year},{}\n", 1200 + 310 * k));
    }
    let mut milestones = String::from("Year,Milestone,Value\n");
    for year in years {
        let v = u8::from(year >= 2019);
        milestones.push_str(&format!("{year},m05-women-council,{v}\n"));
    }
    vec![
        ("data/m01-poverty-rate.csv", poverty),
        ("data/m01-cash-transfer-households.csv", transfers),
        ("data/m06-water-access.csv", water),
        ("data/milestones.csv", milestones),
    ]
}

/// Texts in a few languages; English for the others.
fn localized(lang: &str, en: &str, pt: &str, es: &str, de: &str, fr: &str) -> String {
    match lang.split(['-', '_']).next().unwrap_or(lang) {
        "pt" => pt,
        "es" => es,
        "de" => de,
        "fr" => fr,
        _ => en,
    }
    .to_string()
}

/// Creates a new project in `options.dir`.
pub fn init(options: &InitOptions) -> Result<InitOutcome, InitError> {
    let dir = &options.dir;
    let lang = options.language.clone().unwrap_or_else(|| "en".to_string());
    let folder_name = std::fs::canonicalize(dir)
        .ok()
        .or_else(|| Some(dir.clone()))
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().to_string()))
        .filter(|n| !n.is_empty() && n != ".")
        .unwrap_or_else(|| "My city".to_string());
    let place = options.place.clone().unwrap_or(folder_name);
    let data = sample_data();
    let mut planned: Vec<String> = vec![
        PROJECT_FILE.to_string(),
        "README.md".to_string(),
        format!("indicators/{LIBRARY}/library.yaml"),
        format!("indicators/{LIBRARY}/indicators.yaml"),
    ];
    planned.extend(data.iter().map(|(f, _)| f.to_string()));
    planned.extend(editor_files());
    if let Some(existing) = planned.iter().find(|f| dir.join(f).exists()) {
        return Err(InitError::Exists {
            dir: dir.clone(),
            existing: existing.clone(),
        });
    }
    let library = starter_library()?;
    let mut written = Vec::new();
    let mut write = |rel: &str, bytes: &[u8]| -> Result<(), InitError> {
        let path = dir.join(rel);
        write_atomic(&path, bytes).map_err(|source| InitError::Write {
            path: path.clone(),
            source,
        })?;
        written.push(path);
        Ok(())
    };
    let sample_source = SourceRef {
        name: Text::plain(localized(
            &lang,
            "Sample data invented by localis init (replace with your data)",
            "Dados de exemplo inventados pelo localis init (substitua pelos seus dados)",
            "Datos de ejemplo inventados por localis init (sustitúyalos por sus datos)",
            "Von localis init erfundene Beispieldaten (durch eigene Daten ersetzen)",
            "Données d'exemple inventées par localis init (à remplacer par vos données)",
        )),
        publisher: None,
        url: None,
    };
    let introduction = Some(Text(
        [(
            lang.clone(),
            localized(
                &lang,
                "This report was built from the starting project that `localis init` creates. Its data are invented: replace the files under data/ with your city's data, and adapt or add indicators under indicators/local/.",
                "Este relatório foi gerado a partir do projeto inicial criado por `localis init`. Seus dados são inventados: substitua os arquivos em data/ pelos dados do seu município e adapte ou acrescente indicadores em indicators/local/.",
                "Este informe se generó a partir del proyecto inicial que crea `localis init`. Sus datos son inventados: sustituya los archivos de data/ por los datos de su ciudad y adapte o añada indicadores en indicators/local/.",
                "Dieser Bericht wurde aus dem Startprojekt erstellt, das `localis init` anlegt. Seine Daten sind erfunden: Ersetzen Sie die Dateien unter data/ durch die Daten Ihrer Stadt und passen Sie die Indikatoren unter indicators/local/ an.",
                "Ce rapport a été produit à partir du projet de départ créé par `localis init`. Ses données sont inventées : remplacez les fichiers de data/ par les données de votre ville et adaptez ou ajoutez des indicateurs dans indicators/local/.",
            ),
        )]
        .into_iter()
        .collect(),
    ));
    let texts = PublicationTexts {
        introduction,
        ..PublicationTexts::default()
    };
    let project = Project {
        name: Text(
            [(
                lang.clone(),
                localized(
                    &lang,
                    &format!("{place} Voluntary Local Review"),
                    &format!("Relatório Local Voluntário de {place}"),
                    &format!("Informe Local Voluntario de {place}"),
                    &format!("Freiwilliger Lokaler Bericht {place}"),
                    &format!("Examen local volontaire de {place}"),
                ),
            )]
            .into_iter()
            .collect(),
        ),
        place: Place {
            name: Text::plain(place.clone()),
            geocode: options
                .geocode
                .clone()
                .unwrap_or_else(|| "0000000".to_string()),
            country: None,
            kind: None,
        },
        author: None,
        languages: vec![lang.clone()],
        base_year: 2015,
        target_year: 2030,
        framework: "2025".to_string(),
        libraries: vec!["sdg".to_string(), LIBRARY.to_string()],
        sets: Vec::new(),
        data_roots: Vec::new(),
        datasets: vec![DatasetSpec {
            id: None,
            path: "data/*.csv".to_string(),
            kind: DatasetKind::OpenSdg,
            title: Some(Text::plain(localized(
                &lang,
                "Sample data",
                "Dados de exemplo",
                "Datos de ejemplo",
                "Beispieldaten",
                "Données d'exemple",
            ))),
            source: Some(sample_source),
            sheet: None,
            range: None,
            delimiter: None,
            decimal: None,
            thousands: None,
            columns: ColumnMap::default(),
            place: None,
        }],
        places: None,
        maps: Vec::new(),
        reports: vec![ReportSpec::from_str_shorthand("vlr")],
        output: "out".to_string(),
        assessment: AssessmentSettings::default(),
        privacy: Privacy::default(),
        departments: Vec::new(),
        award_schemes: Vec::new(),
        texts,
        budget: None,
        vocabulary: None,
        licence: None,
        date: None,
    };
    write(
        PROJECT_FILE,
        format!(
            "# A localis project made by `localis init`: `localis check` validates it, `localis report` builds\n\
             # its report into out/reports/. Every file under data/ is INVENTED sample data: replace it.\n\
             # yaml-language-server: $schema=schemas/project.json\n{}",
            yaml(&project)?
        )
        .as_bytes(),
    )?;
    let manifest = LibraryManifest {
        id: LIBRARY.to_string(),
        title: Text::plain(format!("Indicators of {place}")),
        description: Some(Text::plain(
            "The project's own indicators: copied from the shipped municipal-2030 library by `localis init`, with the rights (ohchr) and departments they link to. Edit them, or add files of indicators next to this one.",
        )),
        version: None,
        licence: None,
        framework: None,
        sources: Vec::new(),
    };
    write(
        &format!("indicators/{LIBRARY}/library.yaml"),
        format!(
            "# The project's own indicator library.\n# yaml-language-server: $schema=../../schemas/library.json\n{}",
            yaml(&manifest)?
        )
        .as_bytes(),
    )?;
    write(
        &format!("indicators/{LIBRARY}/indicators.yaml"),
        format!(
            "# Indicators copied from the shipped library municipal-2030 (disaggregations limited to the sample data's\n\
             # columns), with the rights and departments they link to.\n\
             # yaml-language-server: $schema=../../schemas/indicators.json\n{}",
            yaml(&library)?
        )
        .as_bytes(),
    )?;
    for (file, text) in &data {
        write(file, text.as_bytes())?;
    }
    write("README.md", readme(&place).as_bytes())?;
    written.extend(
        write_editor_support(dir).map_err(|(path, source)| InitError::Write { path, source })?,
    );
    Ok(InitOutcome {
        dir: dir.clone(),
        written,
        indicators: STARTER_INDICATORS.iter().map(|s| s.to_string()).collect(),
    })
}

/// Reads a model value from YAML as `localis` loads it (enums as mappings, `!` tags unused).
pub(crate) fn read_model<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, String> {
    let node = crate::yaml::parse(text).map_err(|e| e.message)?;
    crate::yaml::from_node(&node).map_err(|e| match e.span {
        Some(span) => format!("{} (at byte {})", e.message, span.start),
        None => e.message,
    })
}

/// YAML of a model value, as localis reads it: enums as a mapping from the variant to its
/// content (`value: {dataset: x}`), never as YAML tags (`!value`), which serde_yaml would write.
pub(crate) fn to_yaml<T: serde::Serialize>(value: &T) -> Result<String, String> {
    let json = serde_json::to_value(value).map_err(|e| e.to_string())?;
    serde_yaml::to_string(&json).map_err(|e| e.to_string())
}

fn yaml<T: serde::Serialize>(value: &T) -> Result<String, InitError> {
    to_yaml(value).map_err(InitError::Builtin)
}

fn readme(place: &str) -> String {
    format!(
        "# {place}: a localis project\n\n\
         Made by `localis init`. Every number under `data/` is invented sample data.\n\n\
         - `localis check` finds every problem of the YAML and data, with file:line:column.\n\
         - `localis eval` evaluates and assesses the indicators into `out/` (JSON and CSV).\n\
         - `localis report` builds the Voluntary Local Review as `out/reports/vlr-<lang>.pdf`.\n\
         - `localis export --format open-data` writes the open-data bundle next to it.\n\n\
         ## Files\n\n\
         - `localis.yaml`: the place, languages, years, libraries, datasets and reports.\n\
         - `indicators/local/`: the project's own indicators (copied from the shipped municipal-2030 library),\n  \
           with the rights and departments they link to. Shipped libraries (`ohchr`, `municipal-2030`, ...) can be\n  \
           listed under `libraries:` and adapted with sets.\n\
         - `data/`: one CSV per indicator in the Open SDG convention (`Year`, disaggregation columns, `Value`;\n  \
           a blank cell means \"all\"), and `milestones.csv` for institutional milestones.\n\
         - `schemas/`: JSON Schemas of the YAML files. Editors with the YAML language server (such as VS Code with\n  \
           the YAML extension) complete and check the YAML as you type: every YAML file names its schema in a\n  \
           `# yaml-language-server: $schema=...` line, and `.vscode/settings.json` maps `localis.yaml` and\n  \
           `library.yaml`. Regenerate the schemas with `localis schema project > schemas/project.json`.\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starter_indicators_and_their_links_are_shipped() {
        let lib = starter_library().unwrap();
        assert_eq!(lib.indicators.len(), STARTER_INDICATORS.len());
        assert!(lib.rights.iter().any(|r| r.id == "social-security"));
        assert!(lib.departments.iter().all(|d| d.councillor.is_none()));
    }

    #[test]
    fn sample_headlines_are_the_sum_of_their_groups() {
        let data = sample_data();
        let poverty = &data[0].1;
        let rows: Vec<Vec<&str>> = poverty
            .lines()
            .skip(1)
            .map(|l| l.split(',').collect())
            .collect();
        let year: Vec<&Vec<&str>> = rows.iter().filter(|r| r[0] == "2020").collect();
        let value = |r: &Vec<&str>| r[3].parse::<f64>().unwrap();
        let total = year
            .iter()
            .find(|r| r[1].is_empty() && r[2].is_empty())
            .map(|r| value(r))
            .unwrap();
        let districts: f64 = year
            .iter()
            .filter(|r| r[1].is_empty() && !r[2].is_empty())
            .map(|r| value(r))
            .sum();
        let sexes: f64 = year
            .iter()
            .filter(|r| !r[1].is_empty())
            .map(|r| value(r))
            .sum();
        assert_eq!(total, districts);
        assert_eq!(total, sexes);
    }
}
