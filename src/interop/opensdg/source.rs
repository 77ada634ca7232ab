//! Reads an Open SDG data repository as sdg-build does: its inputs (data CSVs, metadata as YAML,
//! Markdown front matter or CSV, indicator configuration), translations and map layers.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_yaml::Value;

use super::notes::Notes;

/// One metadata field as read (the last input wins).
#[derive(Debug, Clone)]
pub(crate) struct Field {
    /// The value.
    pub value: Value,
}

/// Metadata of one indicator: the fields of the default language, and per other language the
/// fields of its translated files (`meta/es/1-1-1.yml`).
#[derive(Debug, Clone, Default)]
pub(crate) struct IndicatorMeta {
    /// Fields of the repository's default language (and of language-neutral configuration).
    pub fields: BTreeMap<String, Field>,
    /// Fields of translated metadata files, by language.
    pub translated: BTreeMap<String, BTreeMap<String, Field>>,
    /// The Markdown body of `.md` metadata files (below the front matter).
    pub body: Option<Field>,
}

impl IndicatorMeta {
    /// The value of a field in the default language, when it is not empty.
    pub(crate) fn get(&self, key: &str) -> Option<&Value> {
        self.fields
            .get(key)
            .map(|f| &f.value)
            .filter(|v| !is_empty(v))
    }

    /// A field as text (strings, numbers and booleans), trimmed, when not empty.
    pub(crate) fn text(&self, key: &str) -> Option<String> {
        self.get(key).and_then(scalar_text)
    }
}

/// A map layer of the site (config `map_layers`): a GeoJSON file naming the places of GeoCodes.
#[derive(Debug, Clone)]
pub(crate) struct MapLayer {
    /// The GeoJSON file, relative to the repository.
    pub file: String,
    /// The feature property holding the name.
    pub name_property: String,
    /// The feature property holding the GeoCode.
    pub id_property: String,
    /// The data column the codes join (sdg-build's `id_column`; `None`: `GeoCode`).
    pub id_column: Option<String>,
    /// sdg-build's `output_subfolder` (the layer's name), when given.
    pub subfolder: Option<String>,
}

/// An Open SDG data repository as read.
#[derive(Debug, Default)]
pub(crate) struct Repository {
    /// Its folder.
    pub root: PathBuf,
    /// Its name (the folder name).
    pub name: String,
    /// Languages of the site, the default first.
    pub languages: Vec<String>,
    /// Data file of each indicator (`1-1-1` -> `data/indicator_1-1-1.csv`), relative paths.
    pub data: BTreeMap<String, String>,
    /// Merged metadata of each indicator.
    pub meta: BTreeMap<String, IndicatorMeta>,
    /// Translations: language -> `group.key` -> text.
    pub translations: BTreeMap<String, BTreeMap<String, String>>,
    /// Map layers naming places.
    pub map_layers: Vec<MapLayer>,
    /// Files under the inputs' folders that no input reads (listed in the notes).
    pub unread: Vec<String>,
    /// The metadata fields the repository's schema (`schema_file`, else `_prose.yml`) names:
    /// field name -> its labels (the label and the translation key, as written).
    pub schema: BTreeMap<String, Vec<String>>,
    /// Columns `config_data.yml` declares as not disaggregating the data
    /// (`indicator_options`: `observation_attributes`, `non_disaggregation_columns`).
    pub attribute_columns: BTreeSet<String>,
}

/// An input of sdg-build's configuration, as far as import understands it.
#[derive(Debug, Clone, PartialEq)]
enum Input {
    /// `InputCsvData`: data CSVs.
    CsvData(String),
    /// `InputYamlMdMeta`: Markdown files with YAML front matter.
    YamlMdMeta(String),
    /// `InputYamlMeta`: YAML files.
    YamlMeta(String),
    /// `InputCsvMeta`: two-column CSVs, with an optional mapping from labels to field names.
    CsvMeta(String, Option<String>),
}

/// Whether a metadata value says nothing: null, blank text, an empty list or mapping.
pub(crate) fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Sequence(s) => s.is_empty(),
        Value::Mapping(m) => m.is_empty(),
        Value::Tagged(t) => is_empty(&t.value),
        _ => false,
    }
}

/// A scalar value as trimmed text (`None` for blanks, lists and mappings).
pub(crate) fn scalar_text(v: &Value) -> Option<String> {
    let s = match v {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => return None,
    };
    (!s.is_empty()).then_some(s)
}

/// A value as a number: numbers, and text that reads as one (`"2030"`, `" 12.5 "`).
pub(crate) fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A value as a boolean: `true`/`false`, `yes`/`no`, `Y`/`N` (as CSV metadata writes them).
pub(crate) fn boolean(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "yes" | "y" | "1" => Some(true),
            "false" | "no" | "n" | "0" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// The indicator id of a file name: `indicator_1-1-1.csv` and `1-1-1.yml` give `1-1-1`.
fn inid(path: &Path) -> Option<String> {
    let stem = path.file_stem()?.to_str()?;
    let id = stem.strip_prefix("indicator_").unwrap_or(stem);
    (!id.is_empty()).then(|| id.to_string())
}

/// One-based line and column (in characters) of a byte offset of `text`.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}

/// A YAML problem of a repository file as `file:line:col: failed to read ... (cause); hint`;
/// `first_line` is the line of the file where the YAML text starts (2 after a `---` line).
pub(crate) fn yaml_problem(
    file: &str,
    text: &str,
    first_line: usize,
    what: &str,
    e: &crate::yaml::YamlError,
) -> String {
    let place = match &e.span {
        Some(span) => {
            let (line, column) = line_col(text, span.start);
            format!("{file}:{}:{column}", line + first_line - 1)
        }
        None => file.to_string(),
    };
    let hint = e
        .hint
        .as_deref()
        .map(|h| format!(" ({h})"))
        .unwrap_or_default();
    format!(
        "`{place}`: failed to read {what} ({}); it was left out. Hint: the YAML must be a mapping of `field: value` lines; quote values that hold `: ` or start with a special character{hint}",
        e.message
    )
}

/// Reads YAML as sdg-build does (PyYAML: repeated keys allowed, the last winning; any number
/// of leading byte-order marks), typing plain scalars as PyYAML does (YAML 1.1: `yes` and
/// `on` are true, `1.2.1` stays text). Tolerated repeats become notes at their line and
/// column; a YAML error becomes a problem and gives `None`.
pub(crate) fn read_yaml(
    file: &str,
    text: &str,
    first_line: usize,
    what: &str,
    notes: &mut Notes,
) -> Option<Value> {
    match crate::yaml::parse_pyyaml(text) {
        Ok((node, warnings)) => {
            for w in warnings {
                let (line, column) = line_col(text, w.span.start);
                notes.general(format!(
                    "`{file}:{}:{column}`: {}",
                    line + first_line - 1,
                    w.message
                ));
            }
            Some(pyyaml_value(&node))
        }
        Err(e) => {
            notes.problem(yaml_problem(file, text, first_line, what, &e));
            None
        }
    }
}

/// A node as the value PyYAML's safe loader gives (dates stay text).
fn pyyaml_value(node: &crate::yaml::Node) -> Value {
    use crate::yaml::NodeKind;
    match &node.kind {
        NodeKind::Scalar { value, plain } => {
            if *plain {
                pyyaml_scalar(value)
            } else {
                Value::String(value.clone())
            }
        }
        NodeKind::Seq(items) => Value::Sequence(items.iter().map(pyyaml_value).collect()),
        NodeKind::Map(pairs) => Value::Mapping(
            pairs
                .iter()
                .map(|(k, v)| (pyyaml_value(k), pyyaml_value(v)))
                .collect(),
        ),
    }
}

/// A plain scalar typed by PyYAML's YAML 1.1 rules: null, booleans, integers (decimal,
/// octal with a leading 0, hexadecimal, `_` separators) and floats with a point.
fn pyyaml_scalar(s: &str) -> Value {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            return Value::Bool(true);
        }
        "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            return Value::Bool(false);
        }
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Value::Number(f64::INFINITY.into());
        }
        "-.inf" | "-.Inf" | "-.INF" => return Value::Number(f64::NEG_INFINITY.into()),
        ".nan" | ".NaN" | ".NAN" => return Value::Number(f64::NAN.into()),
        _ => {}
    }
    let (sign, digits) = match s.strip_prefix('-') {
        Some(rest) => (-1i64, rest),
        None => (1, s.strip_prefix('+').unwrap_or(s)),
    };
    let clean: String = digits.chars().filter(|c| *c != '_').collect();
    let is_digits = |t: &str, radix: u32| !t.is_empty() && t.chars().all(|c| c.is_digit(radix));
    let int = if let Some(hex) = clean.strip_prefix("0x") {
        is_digits(hex, 16)
            .then(|| i64::from_str_radix(hex, 16).ok())
            .flatten()
    } else if clean.len() > 1 && clean.starts_with('0') && is_digits(&clean, 8) {
        i64::from_str_radix(&clean[1..], 8).ok()
    } else if is_digits(&clean, 10) && digits.starts_with(|c: char| c.is_ascii_digit()) {
        clean.parse().ok()
    } else {
        None
    };
    if let Some(i) = int {
        return Value::Number((sign * i).into());
    }
    // [-+]?([0-9][0-9_]*)?\.[0-9.]*([eE][-+][0-9]+)? with one point at most (else it is text)
    let (mantissa, exponent) = match clean.find(['e', 'E']) {
        Some(i) => (&clean[..i], Some(&clean[i + 1..])),
        None => (clean.as_str(), None),
    };
    let exponent_ok = exponent
        .is_none_or(|e| (e.starts_with('+') || e.starts_with('-')) && is_digits(&e[1..], 10));
    let point_ok = mantissa.matches('.').count() == 1
        && mantissa.chars().all(|c| c.is_ascii_digit() || c == '.')
        && mantissa != ".";
    if point_ok
        && exponent_ok
        && let Ok(f) = format!(
            "{mantissa}{}",
            exponent.map(|e| format!("e{e}")).unwrap_or_default()
        )
        .parse::<f64>()
    {
        return Value::Number((sign as f64 * f).into());
    }
    Value::String(s.to_string())
}

/// The text of a file without a byte-order mark; `None` (with a note) when unreadable.
fn read_text(root: &Path, rel: &str, notes: &mut Notes) -> Option<String> {
    match std::fs::read(root.join(rel)) {
        Ok(bytes) => {
            // PyYAML and the CSV readers of sdg-build skip byte-order marks; files saved
            // several times by some editors start with more than one
            let text = String::from_utf8_lossy(&bytes);
            Some(text.trim_start_matches('\u{feff}').to_string())
        }
        Err(e) => {
            notes.problem(format!(
                "`{rel}`: failed to read the file ({e}); it was left out"
            ));
            None
        }
    }
}

/// Every file under `dir` (recursively), as paths relative to `root` with `/`, sorted.
fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with('.') {
            continue;
        }
        if p.is_dir() {
            walk(root, &p, out);
        } else if let Ok(rel) = p.strip_prefix(root) {
            out.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
}

/// Files matching a glob pattern relative to the repository (`data/*-*.csv`), sorted.
fn glob(root: &Path, pattern: &str) -> Vec<String> {
    let Ok(glob) = globset::GlobBuilder::new(pattern)
        .literal_separator(true)
        .build()
    else {
        return Vec::new();
    };
    let matcher = glob.compile_matcher();
    let base: PathBuf = pattern
        .split('/')
        .take_while(|p| !p.contains(['*', '?', '[']))
        .collect();
    let mut files = Vec::new();
    walk(root, &root.join(base), &mut files);
    files.retain(|f| matcher.is_match(f));
    files
}

/// The folder part of a pattern (`meta/*-*.yml` -> `meta`).
fn pattern_dir(pattern: &str) -> String {
    match pattern.rfind('/') {
        Some(i) => pattern[..i].to_string(),
        None => String::new(),
    }
}

/// Splits Markdown with YAML front matter into the front matter and the body.
pub(crate) fn front_matter(text: &str) -> (Option<&str>, &str) {
    let t = text.trim_start_matches('\u{feff}');
    let Some(rest) = t
        .strip_prefix("---\n")
        .or_else(|| t.strip_prefix("---\r\n"))
    else {
        return (None, t);
    };
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        let l = line.trim_end();
        if l == "---" || l == "..." {
            return (Some(&rest[..offset]), &rest[offset + line.len()..]);
        }
        offset += line.len();
    }
    (Some(rest), "")
}

/// Flattens nested translation maps into `prefix.key` entries.
fn flatten(prefix: &str, v: &Value, out: &mut BTreeMap<String, String>) {
    match v {
        Value::Mapping(m) => {
            for (k, v) in m {
                if let Some(k) = scalar_text(k) {
                    flatten(&format!("{prefix}.{k}"), v, out);
                }
            }
        }
        other => {
            if let Some(s) = scalar_text(other) {
                out.insert(prefix.to_string(), s);
            }
        }
    }
}

impl Repository {
    /// Reads a repository: its configuration (`config_data.yml`, else the Open SDG defaults),
    /// every input it lists, translations and map layers. Problems become notes.
    pub(crate) fn read(root: &Path, notes: &mut Notes) -> Repository {
        let name = std::fs::canonicalize(root)
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().to_string()))
            .unwrap_or_else(|| "opensdg".to_string());
        let mut repo = Repository {
            root: root.to_path_buf(),
            name,
            ..Repository::default()
        };
        let config =
            [
                "config_data.yml",
                "config_data.yaml",
                "_data/config_data.yml",
            ]
            .iter()
            .find(|f| root.join(f).is_file())
            .and_then(|f| {
                let text = read_text(root, f, notes)?;
                let mut own = Notes::default();
                let value = read_yaml(f, &text, 1, "the configuration", &mut own);
                notes.general.extend(own.general);
                notes.problems.extend(own.problems.into_iter().map(|p| {
                    p.replace("it was left out", "the Open SDG default layout was assumed")
                }));
                value.map(|v| (f.to_string(), v))
            });
        let (inputs, src_dir) = match &config {
            Some((file, c)) => repo.configure(file, c, notes),
            None => (default_inputs(root), String::new()),
        };
        if repo.languages.is_empty() {
            repo.languages.push("en".to_string());
        }
        let base = if src_dir.is_empty() {
            String::new()
        } else {
            format!("{}/", src_dir.trim_end_matches('/'))
        };
        let mut read_files: BTreeSet<String> = BTreeSet::new();
        let mut input_dirs: BTreeSet<String> = BTreeSet::new();
        for input in &inputs {
            match input {
                Input::CsvData(p) => {
                    let pattern = format!("{base}{p}");
                    input_dirs.insert(pattern_dir(&pattern));
                    for f in glob(root, &pattern) {
                        if let Some(id) = inid(Path::new(&f)) {
                            read_files.insert(f.clone());
                            if let Some(previous) = repo.data.insert(id.clone(), f.clone()) {
                                notes.general(format!(
                                    "indicator `{id}` has two data files, `{previous}` and `{f}`; the second was used"
                                ));
                            }
                        }
                    }
                }
                Input::YamlMdMeta(p) | Input::YamlMeta(p) | Input::CsvMeta(p, _) => {
                    let pattern = format!("{base}{p}");
                    let dir = pattern_dir(&pattern);
                    input_dirs.insert(dir.clone());
                    let file_pattern = pattern[dir.len()..].trim_start_matches('/').to_string();
                    for f in glob(root, &pattern) {
                        read_files.insert(f.clone());
                        repo.read_meta_file(input, &f, None, notes);
                    }
                    // translated metadata: the same pattern in a subfolder per language
                    for lang in repo.languages.clone().iter().skip(1) {
                        let sub = if dir.is_empty() {
                            format!("{lang}/{file_pattern}")
                        } else {
                            format!("{dir}/{lang}/{file_pattern}")
                        };
                        for f in glob(root, &sub) {
                            read_files.insert(f.clone());
                            repo.read_meta_file(input, &f, Some(lang), notes);
                        }
                    }
                }
            }
        }
        repo.read_translations(notes);
        let schema_file = config
            .as_ref()
            .and_then(|(_, c)| c.get("schema_file").and_then(scalar_text))
            .unwrap_or_else(|| "_prose.yml".to_string());
        repo.read_schema(&format!("{base}{schema_file}"), notes);
        // files next to the inputs that no input read (an archive, a demo file, another format)
        for dir in input_dirs {
            let mut files = Vec::new();
            walk(root, &root.join(&dir), &mut files);
            for f in files {
                let in_language_dir = repo.languages.iter().skip(1).any(|l| {
                    f.strip_prefix(&format!("{dir}/"))
                        .unwrap_or(&f)
                        .starts_with(&format!("{l}/"))
                });
                let is_readme = f.to_ascii_lowercase().ends_with("readme.md");
                if !read_files.contains(&f) && !is_readme && !in_language_dir {
                    repo.unread.push(f);
                }
            }
        }
        repo.unread.sort();
        repo.unread.dedup();
        repo
    }

    /// Reads `config_data.yml`: languages, map layers and inputs (with their `src_dir`).
    fn configure(&mut self, file: &str, c: &Value, notes: &mut Notes) -> (Vec<Input>, String) {
        if let Some(Value::Sequence(langs)) = c.get("languages") {
            self.languages = langs.iter().filter_map(scalar_text).collect();
        }
        if let Some(Value::Sequence(layers)) = c.get("map_layers") {
            for l in layers {
                let get = |k: &str| l.get(k).and_then(scalar_text);
                // the defaults are sdg-build's (OutputGeoJson)
                if let (Some(f), n, i) = (
                    get("geojson_file"),
                    get("name_property").unwrap_or_else(|| "name".to_string()),
                    get("id_property").unwrap_or_else(|| "id".to_string()),
                ) {
                    if f.starts_with("http://") || f.starts_with("https://") {
                        notes.general(format!(
                            "map layer `{f}` is on the web; import reads local files only, so its place names were not read"
                        ));
                        continue;
                    }
                    self.map_layers.push(MapLayer {
                        file: f,
                        name_property: n,
                        id_property: i,
                        id_column: get("id_column"),
                        subfolder: get("output_subfolder"),
                    });
                }
            }
        }
        // translation inputs: the local `translations/` folder is read; the SDG translations
        // come from the shipped SDG library; any other source is listed
        if let Some(Value::Sequence(list)) = c.get("translations") {
            for t in list {
                let class = t.get("class").and_then(scalar_text).unwrap_or_default();
                let source = t.get("source").and_then(scalar_text).unwrap_or_default();
                match class.as_str() {
                    "TranslationInputYaml" if source.trim_end_matches('/') == "translations" => {}
                    "TranslationInputSdgTranslations" => notes.general(format!(
                        "translation input `{class}` ({source}) is not fetched: the SDG goal, target and indicator titles come from the SDG library shipped with localis; other keys of that repository stay untranslated"
                    )),
                    _ => notes.general(format!(
                        "translation input `{class}` ({source}) of `{file}` is not read (import reads the local `translations/` folder); its keys stay untranslated"
                    )),
                }
            }
        }
        if let Some(options) = c.get("indicator_options") {
            for key in ["observation_attributes", "non_disaggregation_columns"] {
                if let Some(Value::Sequence(cols)) = options.get(key) {
                    self.attribute_columns
                        .extend(cols.iter().filter_map(scalar_text));
                }
            }
        }
        let src_dir = c.get("src_dir").and_then(scalar_text).unwrap_or_default();
        let mut inputs = Vec::new();
        match c.get("inputs") {
            Some(Value::Sequence(list)) => {
                for i in list {
                    let class = i.get("class").and_then(scalar_text).unwrap_or_default();
                    let pattern = i.get("path_pattern").and_then(scalar_text);
                    let input = match (class.as_str(), pattern) {
                        ("InputCsvData", Some(p)) => Input::CsvData(p),
                        ("InputYamlMdMeta", Some(p)) => Input::YamlMdMeta(p),
                        ("InputYamlMeta", Some(p)) => Input::YamlMeta(p),
                        ("InputCsvMeta", Some(p)) => {
                            Input::CsvMeta(p, i.get("metadata_mapping").and_then(scalar_text))
                        }
                        _ => {
                            notes.general(format!(
                                "input `{class}` of `{file}` is not supported (import reads local CSV data and YAML, Markdown or CSV metadata); what it provides was not imported"
                            ));
                            continue;
                        }
                    };
                    inputs.push(input);
                }
            }
            _ => inputs = default_inputs(&self.root),
        }
        (inputs, src_dir)
    }

    /// Reads one metadata file into the indicator's fields (later files override earlier ones).
    fn read_meta_file(&mut self, input: &Input, f: &str, lang: Option<&str>, notes: &mut Notes) {
        let Some(id) = inid(Path::new(f)) else { return };
        let Some(text) = read_text(&self.root, f, notes) else {
            return;
        };
        let mut body = None;
        let fields: BTreeMap<String, Value> = match input {
            Input::CsvMeta(_, mapping) => self.read_csv_meta(&text, f, mapping.as_deref(), notes),
            Input::YamlMdMeta(_) | Input::YamlMeta(_) => {
                let (yaml, rest) = if f.ends_with(".md") {
                    front_matter(&text)
                } else {
                    (Some(text.as_str()), "")
                };
                if !rest.trim().is_empty() {
                    body = Some(rest.trim().to_string());
                }
                let (first_line, what) = if f.ends_with(".md") {
                    (2, "the front matter")
                } else {
                    (1, "the metadata")
                };
                match yaml.and_then(|y| read_yaml(f, y, first_line, what, notes)) {
                    None | Some(Value::Null) => BTreeMap::new(),
                    Some(Value::Mapping(m)) => m
                        .into_iter()
                        .filter_map(|(k, v)| scalar_text(&k).map(|k| (k, v)))
                        .collect(),
                    Some(_) => {
                        notes.problem(format!(
                            "`{f}:{first_line}:1`: failed to read the metadata (it is not a mapping of fields); it was left out. Hint: write one `field: value` line per field"
                        ));
                        BTreeMap::new()
                    }
                }
            }
            Input::CsvData(_) => return,
        };
        let meta = self.meta.entry(id).or_default();
        let target = match lang {
            None => &mut meta.fields,
            Some(l) => meta.translated.entry(l.to_string()).or_default(),
        };
        for (k, v) in fields {
            // a later input overrides an earlier one, but an empty value never erases content
            if is_empty(&v) && target.get(&k).is_some_and(|old| !is_empty(&old.value)) {
                continue;
            }
            target.insert(k, Field { value: v });
        }
        if lang.is_none()
            && let Some(b) = body
        {
            meta.body = Some(Field {
                value: Value::String(b),
            });
        }
    }

    /// A two-column metadata CSV (label, value); with a mapping, labels become field names and
    /// unmapped labels are left out (as sdg-build does).
    fn read_csv_meta(
        &self,
        text: &str,
        f: &str,
        mapping: Option<&str>,
        notes: &mut Notes,
    ) -> BTreeMap<String, Value> {
        let rows = csv_rows(text);
        let map: Option<BTreeMap<String, String>> = mapping.and_then(|m| {
            let t = read_text(&self.root, m, notes)?;
            Some(
                csv_rows(&t)
                    .into_iter()
                    .filter_map(|r| {
                        let label = r.first()?.trim().to_string();
                        let key = r.get(1)?.trim().to_string();
                        (!label.is_empty() && !key.is_empty()).then_some((label, key))
                    })
                    .collect(),
            )
        });
        let mut out = BTreeMap::new();
        for r in rows {
            let Some(label) = r.first().map(|s| s.trim()) else {
                continue;
            };
            let value = r.get(1).map(|s| s.trim()).unwrap_or("");
            if label.is_empty() || value.is_empty() {
                continue;
            }
            let key = match &map {
                Some(m) => match m.get(label) {
                    Some(k) => k.clone(),
                    None => {
                        notes.unmapped_csv_label(label, f);
                        continue;
                    }
                },
                None => label.to_string(),
            };
            out.insert(key, Value::String(value.to_string()));
        }
        out
    }

    /// Reads the metadata schema (a prose.io configuration: `prose.metadata.meta` lists the
    /// fields with their `label` and `translation_key`).
    fn read_schema(&mut self, file: &str, notes: &mut Notes) {
        if !self.root.join(file).is_file() {
            return;
        }
        let Some(text) = read_text(&self.root, file, notes) else {
            return;
        };
        let Some(schema) = read_yaml(file, &text, 1, "the metadata schema", notes) else {
            return;
        };
        let fields = schema
            .get("prose")
            .and_then(|p| p.get("metadata"))
            .and_then(|m| m.get("meta"));
        for f in fields.and_then(Value::as_sequence).into_iter().flatten() {
            let Some(name) = f.get("name").and_then(scalar_text) else {
                continue;
            };
            let field = f.get("field");
            let labels = ["label", "translation_key"]
                .iter()
                .filter_map(|k| field.and_then(|x| x.get(*k)).and_then(scalar_text))
                .collect();
            self.schema.insert(name, labels);
        }
    }

    /// Reads `translations/<lang>/<group>.yml` into `group.key` entries.
    fn read_translations(&mut self, notes: &mut Notes) {
        let dir = self.root.join("translations");
        for lang in self.languages.clone() {
            let mut files = Vec::new();
            walk(&self.root, &dir.join(&lang), &mut files);
            for f in files {
                if !(f.ends_with(".yml") || f.ends_with(".yaml")) {
                    continue;
                }
                let group = Path::new(&f)
                    .file_stem()
                    .map(|s| s.to_string_lossy().to_string())
                    .unwrap_or_default();
                let Some(text) = read_text(&self.root, &f, notes) else {
                    continue;
                };
                if let Some(v) = read_yaml(&f, &text, 1, "the translations", notes) {
                    flatten(
                        &group,
                        &v,
                        self.translations.entry(lang.clone()).or_default(),
                    );
                }
            }
        }
    }
}

/// The inputs of a repository without `config_data.yml`: the Open SDG starter's layout.
fn default_inputs(root: &Path) -> Vec<Input> {
    let mut inputs = vec![Input::CsvData("data/indicator_*.csv".to_string())];
    if root.join("meta").is_dir() {
        inputs.push(Input::YamlMdMeta("meta/*.md".to_string()));
        inputs.push(Input::YamlMeta("meta/*.yml".to_string()));
    }
    if root.join("indicator-config").is_dir() {
        inputs.push(Input::YamlMeta("indicator-config/*.yml".to_string()));
    }
    inputs
}

/// The rows of a small CSV (metadata, mappings), leniently: ragged rows are kept.
pub(crate) fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    reader
        .records()
        .filter_map(Result::ok)
        .map(|r| r.iter().map(str::to_string).collect())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter() {
        let (fm, body) = front_matter("---\na: 1\n---\nSome *text*\n");
        assert_eq!(fm, Some("a: 1\n"));
        assert_eq!(body, "Some *text*\n");
        assert_eq!(front_matter("no front matter").0, None);
    }

    #[test]
    fn ids_from_file_names() {
        assert_eq!(
            inid(Path::new("data/indicator_1-2-1.csv")).as_deref(),
            Some("1-2-1")
        );
        assert_eq!(
            inid(Path::new("meta/10-1-1-a.md")).as_deref(),
            Some("10-1-1-a")
        );
    }

    #[test]
    fn plain_scalars_are_typed_as_pyyaml_types_them() {
        assert_eq!(pyyaml_scalar("yes"), Value::Bool(true));
        assert_eq!(pyyaml_scalar("Off"), Value::Bool(false));
        assert_eq!(pyyaml_scalar("~"), Value::Null);
        assert_eq!(pyyaml_scalar("2015"), Value::Number(2015.into()));
        assert_eq!(pyyaml_scalar("1_000"), Value::Number(1000.into()));
        assert_eq!(pyyaml_scalar("010"), Value::Number(8.into()));
        assert_eq!(pyyaml_scalar("-0.5"), Value::Number((-0.5).into()));
        assert_eq!(pyyaml_scalar("1.5e+3"), Value::Number(1500.0.into()));
        for text in ["1.2.1", "1e3", "1.5e3", "2015-01-01", "10-1-1-a", "."] {
            assert_eq!(pyyaml_scalar(text), Value::String(text.into()), "{text}");
        }
    }

    #[test]
    fn repeated_keys_are_read_as_sdg_build_reads_them_with_a_note() {
        let mut notes = Notes::default();
        let text = "\u{feff}\u{feff}a: 1\nb: x\na: 2\n";
        let v = read_yaml("t.yml", text, 1, "the metadata", &mut notes).unwrap();
        assert_eq!(v.get("a"), Some(&Value::Number(2.into())));
        assert!(notes.problems.is_empty());
        assert_eq!(notes.general.len(), 1);
        assert!(
            notes.general[0].starts_with("`t.yml:3:1`: key `a` is given twice"),
            "{:?}",
            notes.general
        );
    }

    #[test]
    fn reads_yes_no_and_numbers() {
        assert_eq!(boolean(&Value::String("N".into())), Some(false));
        assert_eq!(number(&Value::String(" 2030 ".into())), Some(2030.0));
    }
}
