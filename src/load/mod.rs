//! Load stage: reads the project file, indicator libraries and sets into plain data, collecting every problem.

pub mod builtin;
pub mod confine;
pub mod dataset;
pub mod encoding;
mod index;
mod places;
mod resolve;
pub mod sdg;
pub mod words;

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use crate::diag::{Diagnostic, Diagnostics, FileId, Sources};
use crate::model::*;
use crate::yaml::{self, Node, Step};
use rayon::prelude::*;

pub use index::DatasetIndex;
pub use places::declared_places;
pub use resolve::{ActiveIndicator, Origin};
pub use sdg::SdgFramework;

/// A value loaded from YAML, with the file and node it came from so that checks can point at it.
#[derive(Debug, Clone)]
pub struct Located<T> {
    /// The value.
    pub value: T,
    /// The file it was read from.
    pub file: FileId,
    /// Its YAML node (for spans of its fields).
    pub node: Node,
    /// The library it belongs to (empty for the project file).
    pub library: String,
}

impl<T> Located<T> {
    /// Span of the value at a path inside this item (the deepest part that exists).
    pub fn span(&self, path: &[Step]) -> Range<usize> {
        self.node.span_at(path)
    }

    /// Span of the key introducing the value at a path inside this item.
    pub fn key_span(&self, path: &[Step]) -> Range<usize> {
        self.node.key_span_at(path)
    }
}

/// A library as loaded: its manifest and where it lives.
#[derive(Debug, Clone)]
pub struct Library {
    /// Its id (the name the project uses).
    pub id: String,
    /// Its `library.yaml`, if it could be read.
    pub manifest: Option<LibraryManifest>,
    /// Its folder (for shipped libraries, the folder inside the repository they were embedded from).
    pub dir: PathBuf,
    /// Whether it comes from the copy embedded in the binary.
    pub builtin: bool,
}

/// Everything the load stage produces: the project, its libraries and sets, the SDG framework,
/// the active indicators, and the source files for diagnostics.
#[derive(Debug, Clone)]
pub struct Workspace {
    /// The project folder.
    pub root: PathBuf,
    /// The project file's id in `sources`.
    pub project_file: FileId,
    /// The project file's YAML tree.
    pub project_node: Node,
    /// The project (defaults when `localis.yaml` could not be read).
    pub project: Option<Project>,
    /// Loaded libraries, in the project's order.
    pub libraries: Vec<Library>,
    /// Every indicator defined in the loaded libraries.
    pub definitions: Vec<Located<Indicator>>,
    /// Every set defined in the loaded libraries.
    pub sets: Vec<Located<IndicatorSet>>,
    /// Rights defined in the libraries.
    pub rights: Vec<Located<Right>>,
    /// Departments defined in the libraries.
    pub departments: Vec<Located<Department>>,
    /// Award schemes defined in the libraries.
    pub award_schemes: Vec<Located<AwardScheme>>,
    /// Balanced Score Cards defined in the libraries.
    pub scorecards: Vec<Located<Scorecard>>,
    /// Every `vocabulary:` of the libraries and the project file, in order of precedence
    /// (the last wins), for checks that point at them.
    pub vocabularies: Vec<Located<Vocabulary>>,
    /// The vocabulary of the data: all of `vocabularies` merged.
    pub vocabulary: Vocabulary,
    /// The SDG framework (from the `sdg` library, loaded whether or not the project lists it).
    pub sdg: SdgFramework,
    /// The indicators the project reports, after sets and overrides, sorted by id.
    pub active: Vec<ActiveIndicator>,
    /// The boundary files the project declares, read and projected (those that could not be
    /// read are left out, with their problems in `diagnostics`).
    pub maps: Vec<std::sync::Arc<crate::maps::Boundaries>>,
    /// The source files read.
    pub sources: Sources,
    /// Problems found while loading.
    pub diagnostics: Diagnostics,
}

/// Why a run could not start at all (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// No project file where one was expected.
    #[error("failed to find a project ({path} does not exist)")]
    NoProject {
        /// The path looked at.
        path: PathBuf,
    },
    /// The project file exists but cannot be read.
    #[error("failed to read {path} ({source})")]
    Unreadable {
        /// The path.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
}

impl Workspace {
    /// The project, or a panic-free default when it failed to load (diagnostics say why).
    pub fn project(&self) -> &Project {
        self.project.as_ref().unwrap_or_else(|| default_project())
    }

    /// The path of a file relative to the project, as diagnostics show it.
    pub fn display_path(&self, path: &Path) -> String {
        display_path(&self.root, path)
    }

    /// Looks up an active indicator by id.
    pub fn indicator(&self, id: &str) -> Option<&ActiveIndicator> {
        self.active
            .binary_search_by(|a| a.indicator.id.as_str().cmp(id))
            .ok()
            .map(|i| &self.active[i])
    }

    /// Span helper for values of the project file.
    pub fn project_span(&self, path: &[Step]) -> Range<usize> {
        self.project_node.span_at(path)
    }
}

// a constant text, parsed once: it cannot fail at run time (a unit test parses it)
#[allow(clippy::expect_used)]
fn default_project() -> &'static Project {
    static DEFAULT: std::sync::OnceLock<Project> = std::sync::OnceLock::new();
    DEFAULT.get_or_init(|| {
        yaml::from_node(
            &yaml::parse("name: project\nplace: {name: place, geocode: '0'}\n").expect("valid"),
        )
        .expect("default project")
    })
}

/// The path of `path` relative to `root` with `/` separators.
pub fn display_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.to_string_lossy().replace('\\', "/")
}

/// Whether [`load`] may read a file of this name: the project file, libraries and maps may be
/// any file but a dataset (CSV, spreadsheet, Parquet), which checking and evaluation read and
/// loading never does. `localis watch` keeps the loaded project across edits of files it does
/// not read.
pub fn may_read(path: &Path) -> bool {
    !dataset::is_dataset_file(path)
}

/// Finds the project file for a path given on the command line (a folder or the file itself).
pub fn project_file_for(path: &Path) -> PathBuf {
    if path.is_dir() || path.extension().is_none() {
        path.join(PROJECT_FILE)
    } else {
        path.to_path_buf()
    }
}

/// Loads a project: its file, libraries, sets and the SDG framework; every problem becomes a diagnostic.
pub fn load(path: &Path) -> Result<Workspace, LoadError> {
    let file = project_file_for(path);
    if !file.exists() {
        return Err(LoadError::NoProject { path: file });
    }
    let bytes = std::fs::read(&file).map_err(|source| LoadError::Unreadable {
        path: file.clone(),
        source,
    })?;
    let root = file
        .parent()
        .map(Path::to_path_buf)
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| PathBuf::from("."));
    let mut sources = Sources::default();
    let mut diagnostics = Diagnostics::default();
    let name = display_path(&root, &file);
    let (project_file, text) = register_text(&mut sources, &mut diagnostics, name, bytes);
    let (project, project_node) = match text
        .as_deref()
        .and_then(|text| read_yaml::<Project>(text, project_file, &mut diagnostics))
    {
        Some((p, node)) => (Some(p), node),
        None => (
            None,
            text.as_deref()
                .and_then(|t| yaml::parse(t).ok())
                .unwrap_or(Node {
                    kind: yaml::NodeKind::Map(Vec::new()),
                    span: 0..0,
                }),
        ),
    };
    let mut ws = Workspace {
        root,
        project_file,
        project_node,
        project,
        libraries: Vec::new(),
        definitions: Vec::new(),
        sets: Vec::new(),
        rights: Vec::new(),
        departments: Vec::new(),
        award_schemes: Vec::new(),
        scorecards: Vec::new(),
        vocabularies: Vec::new(),
        vocabulary: Vocabulary::default(),
        sdg: SdgFramework::default(),
        active: Vec::new(),
        maps: Vec::new(),
        sources,
        diagnostics,
    };
    load_libraries(&mut ws);
    merge_vocabularies(&mut ws);
    resolve::resolve(&mut ws);
    if let Some(p) = &ws.project {
        let (maps, problems) =
            crate::maps::read_all(&ws.root, &p.maps, ws.project_file, &ws.project_node);
        ws.maps = maps;
        ws.diagnostics.extend(problems);
    }
    Ok(ws)
}

/// Orders the vocabularies by precedence (shipped libraries, then the project's libraries,
/// then the project file) and merges them into the workspace's vocabulary.
fn merge_vocabularies(ws: &mut Workspace) {
    let builtin = |library: &str| ws.libraries.iter().any(|l| l.id == library && l.builtin);
    // a stable sort keeps the load order within each group
    let mut ordered = std::mem::take(&mut ws.vocabularies);
    ordered.sort_by_key(|v| !builtin(&v.library));
    if let Some(v) = ws.project.as_ref().and_then(|p| p.vocabulary.clone()) {
        ordered.push(Located {
            value: v,
            file: ws.project_file,
            node: ws
                .project_node
                .get("vocabulary")
                .cloned()
                .unwrap_or_else(|| ws.project_node.clone()),
            library: String::new(),
        });
    }
    let mut merged = Vocabulary::default();
    for v in &ordered {
        merged.merge(&v.value);
    }
    ws.vocabularies = ordered;
    ws.vocabulary = merged;
}

/// Registers a YAML file's text for diagnostics: UTF-8 text as it is; other bytes (UTF-16,
/// Latin-1) as an error naming the encoding at the first byte that is not UTF-8, with the
/// text registered lossily so that the line can be shown. Returns the text only when it is UTF-8.
pub fn register_text(
    sources: &mut Sources,
    diagnostics: &mut Diagnostics,
    name: String,
    bytes: Vec<u8>,
) -> (FileId, Option<String>) {
    let problem = encoding::check_utf8(&bytes).err();
    let Some(problem) = problem else {
        let text = String::from_utf8(bytes).unwrap_or_default();
        let file = sources.add(name, text.clone());
        return (file, Some(text));
    };
    let shown = if problem.encoding.starts_with("UTF-16") {
        // the text decoded, so that the excerpt is readable
        let units = bytes.chunks_exact(2).map(|p| match problem.encoding {
            "UTF-16BE" => u16::from_be_bytes([p[0], p[1]]),
            _ => u16::from_le_bytes([p[0], p[1]]),
        });
        char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect::<String>()
            .trim_start_matches('\u{feff}')
            .to_string()
    } else {
        String::from_utf8_lossy(&bytes).into_owned()
    };
    // the offset in the shown text: valid UTF-8 before the bad byte is the same in both
    let at = if problem.encoding.starts_with("UTF-16") {
        0
    } else {
        problem.offset
    };
    let end = shown[at..].chars().next().map_or(at, |c| at + c.len_utf8());
    let file = sources.add(name.clone(), shown);
    diagnostics.push(
        Diagnostic::error(
            "not-utf8",
            format!("failed to read {name} ({})", problem.cause()),
        )
        .at(file, at..end)
        .hint(problem.hint("file")),
    );
    (file, None)
}

/// Parses YAML text and deserializes it, collecting every problem as a diagnostic.
/// Returns the value made of the parts that could be read, with its (pruned) node.
pub fn read_yaml<T: DeserializeOwned>(
    text: &str,
    file: FileId,
    diagnostics: &mut Diagnostics,
) -> Option<(T, Node)> {
    let node = match yaml::parse(text) {
        Ok(n) => n,
        Err(e) => {
            diagnostics.push(yaml_diagnostic("yaml-syntax", e, file));
            return None;
        }
    };
    control_characters(&node, text, file, diagnostics);
    let (value, errors) = yaml::from_node_all::<T>(&node);
    for e in errors {
        let code = if e.message.starts_with("unknown key") {
            "unknown-key"
        } else if e.message.starts_with("missing key") {
            "missing-key"
        } else if e.message.starts_with("unknown value") {
            "unknown-value"
        } else {
            "wrong-type"
        };
        diagnostics.push(yaml_diagnostic(code, e, file));
    }
    value
}

/// Reports every key or value holding a control character (other than tab and line breaks):
/// such text cannot be printed, breaks the SVG of a chart and the PDF of a report, and
/// comes from a stray escape (`"\x07"`) or a copy from another program.
fn control_characters(node: &Node, text: &str, file: FileId, diagnostics: &mut Diagnostics) {
    let mut todo = vec![node];
    while let Some(n) = todo.pop() {
        match &n.kind {
            yaml::NodeKind::Scalar { value, .. } => {
                if let Some(c) = value
                    .chars()
                    .find(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
                {
                    let span = n.span.start.min(text.len())..n.span.end.min(text.len());
                    diagnostics.push(
                        Diagnostic::error(
                            "control-character",
                            format!(
                                "failed to use this text (it holds the control character U+{:04X}, which cannot be printed)",
                                u32::from(c)
                            ),
                        )
                        .at(file, span)
                        .hint("remove it (look for a `\\x..` or `\\u....` escape in a quoted text); for line breaks in a long text use a `|` block"),
                    );
                }
            }
            yaml::NodeKind::Seq(items) => todo.extend(items.iter().rev()),
            yaml::NodeKind::Map(pairs) => todo.extend(pairs.iter().rev().flat_map(|(k, v)| [v, k])),
        }
    }
}

fn yaml_diagnostic(code: &'static str, e: yaml::YamlError, file: FileId) -> Diagnostic {
    let message = if code == "yaml-syntax" {
        e.message.clone()
    } else {
        format!("failed to read this value ({})", e.message)
    };
    let d = Diagnostic::error(code, message).maybe_hint(e.hint);
    match e.span {
        Some(span) => d.at(file, span),
        None => d,
    }
}

/// Where a library's files come from.
enum LibrarySource {
    Disk(PathBuf),
    Builtin(&'static include_dir::Dir<'static>),
}

fn find_library(root: &Path, id: &str) -> Option<LibrarySource> {
    let candidates = [root.join("indicators").join(id), root.join(id)];
    for dir in candidates {
        if dir.join("library.yaml").is_file() {
            return Some(LibrarySource::Disk(dir));
        }
    }
    builtin::library(id).map(LibrarySource::Builtin)
}

fn load_libraries(ws: &mut Workspace) {
    let project = ws.project().clone();
    let mut ids: Vec<(String, Option<usize>)> = project
        .libraries
        .iter()
        .enumerate()
        .map(|(i, l)| (l.clone(), Some(i)))
        .collect();
    if !ids.iter().any(|(l, _)| l == "sdg") {
        ids.push(("sdg".to_string(), None));
    }
    let mut seen = BTreeMap::new();
    for (id, index) in ids {
        if let Some(first) = seen.insert(id.clone(), index) {
            if let (Some(i), Some(f)) = (index, first) {
                ws.diagnostics.push(
                    Diagnostic::warning(
                        "duplicate-library",
                        format!("library `{id}` is listed twice"),
                    )
                    .at(
                        ws.project_file,
                        ws.project_span(&["libraries".into(), i.into()]),
                    )
                    .related(
                        ws.project_file,
                        ws.project_span(&["libraries".into(), f.into()]),
                        "first listed here",
                    )
                    .hint("remove one of them"),
                );
            }
            continue;
        }
        match find_library(&ws.root, &id) {
            Some(source) => load_library(ws, &id, source),
            None => {
                let mut known: Vec<String> = builtin::library_ids();
                if let Ok(entries) = std::fs::read_dir(ws.root.join("indicators")) {
                    known.extend(
                        entries
                            .flatten()
                            .filter(|e| e.path().join("library.yaml").is_file())
                            .map(|e| e.file_name().to_string_lossy().to_string()),
                    );
                }
                let hint = yaml::closest(&id, known.iter().map(String::as_str))
                    .map(|b| format!("did you mean `{b}`?"))
                    .unwrap_or_else(|| {
                        format!(
                            "a library is a folder under `indicators/` with a `library.yaml`; shipped libraries: {}",
                            builtin::library_ids().join(", ")
                        )
                    });
                let d =
                    Diagnostic::error("unknown-library", format!("failed to find library `{id}`"))
                        .hint(hint);
                let d = match index {
                    Some(i) => d.at(
                        ws.project_file,
                        ws.project_span(&["libraries".into(), i.into()]),
                    ),
                    None => d,
                };
                ws.diagnostics.push(d);
            }
        }
    }
}

fn load_library(ws: &mut Workspace, id: &str, source: LibrarySource) {
    let (dir, builtin, mut files): (PathBuf, bool, Vec<(String, Vec<u8>)>) = match source {
        LibrarySource::Disk(dir) => {
            let mut files = Vec::new();
            collect_yaml_files(&dir, &mut files);
            files.sort();
            let mut read = Vec::new();
            for path in files {
                let name = display_path(&ws.root, &path);
                // a named pipe would block the run forever
                if let Some(kind) = std::fs::metadata(&path)
                    .ok()
                    .and_then(|m| confine::file_kind(&m.file_type()))
                {
                    ws.diagnostics.push(
                        Diagnostic::error(
                            "not-a-file",
                            format!("failed to read {name} (it is {kind}, not a regular file)"),
                        )
                        .in_path(&name)
                        .hint("remove it from the library folder"),
                    );
                    continue;
                }
                match std::fs::read(&path) {
                    Ok(bytes) => read.push((name, bytes)),
                    Err(e) => ws.diagnostics.push(
                        Diagnostic::error(
                            "unreadable-file",
                            format!("failed to read {name} ({e})"),
                        )
                        .in_path(&path),
                    ),
                }
            }
            (dir, false, read)
        }
        LibrarySource::Builtin(d) => {
            let mut read = Vec::new();
            builtin::collect_yaml(d, &mut read);
            read.sort();
            (
                PathBuf::from(format!("<builtin>/indicators/{id}")),
                true,
                read.into_iter().map(|(n, t)| (n, t.into_bytes())).collect(),
            )
        }
    };
    // library.yaml first, then the other files in name order
    files.sort_by_key(|(name, _)| (!is_manifest(name), name.clone()));
    // registered in order (file ids follow the names), then parsed in parallel: the SDG
    // titles in 26 languages are megabytes of YAML; each file's problems are kept apart and
    // reported in file order, as a serial parse would
    let mut registered = Vec::new();
    for (name, bytes) in files {
        let (file, text) = register_text(&mut ws.sources, &mut ws.diagnostics, name.clone(), bytes);
        if let Some(text) = text {
            registered.push((name, file, text));
        }
    }
    let parsed: Vec<(LibraryText, Diagnostics)> = registered
        .par_iter()
        .map(|(name, file, text)| {
            let mut found = Diagnostics::default();
            let parsed = if is_manifest(name) {
                LibraryText::Manifest(read_yaml(text, *file, &mut found))
            } else {
                LibraryText::Definitions(read_yaml(text, *file, &mut found))
            };
            (parsed, found)
        })
        .collect();
    let mut manifest = None;
    for ((name, file, text), (parsed, found)) in registered.into_iter().zip(parsed) {
        let parse_problems = !found.items().is_empty();
        ws.diagnostics.extend(found.items().iter().cloned());
        let (content, node): (LibraryFile, Node) = match parsed {
            LibraryText::Manifest(m) => {
                if let Some((m, node)) = m {
                    if m.id != id {
                        ws.diagnostics.push(
                            Diagnostic::warning(
                                "library-id-mismatch",
                                format!(
                                    "library id `{}` differs from the name `{id}` the project uses",
                                    m.id
                                ),
                            )
                            .at(file, node.span_at(&["id".into()]))
                            .hint(format!(
                                "rename it to `{id}` so that sets can name it consistently"
                            )),
                        );
                    }
                    manifest = Some(m);
                }
                continue;
            }
            LibraryText::Definitions(None) => continue,
            LibraryText::Definitions(Some(d)) => d,
        };
        // (a file whose definitions all had problems is not empty: those problems are reported)
        if defines_nothing(&content) && !parse_problems {
            ws.diagnostics.push(
                Diagnostic::error(
                    "empty-file",
                    format!("{name} defines nothing (no indicators, sets, rights, departments, scorecards or vocabulary)"),
                )
                .at(file, 0..text.len().min(1))
                .hint("if it was emptied by mistake, restore it; else delete the file"),
            );
        }
        let located = |key: &str, i: usize| -> Node {
            node.get(key)
                .and_then(|n| n.items().get(i))
                .cloned()
                .unwrap_or_else(|| node.clone())
        };
        macro_rules! take {
            ($field:ident, $key:literal, $target:expr) => {
                for (i, v) in content.$field.into_iter().enumerate() {
                    $target.push(Located {
                        value: v,
                        file,
                        node: located($key, i),
                        library: id.to_string(),
                    });
                }
            };
        }
        take!(indicators, "indicators", ws.definitions);
        take!(sets, "sets", ws.sets);
        take!(rights, "rights", ws.rights);
        take!(departments, "departments", ws.departments);
        take!(award_schemes, "award-schemes", ws.award_schemes);
        take!(scorecards, "scorecards", ws.scorecards);
        if let Some(v) = content.vocabulary {
            ws.vocabularies.push(Located {
                value: v,
                file,
                node: node
                    .get("vocabulary")
                    .cloned()
                    .unwrap_or_else(|| node.clone()),
                library: id.to_string(),
            });
        }
        for (key, entries) in [
            ("sdg-goals", content.sdg_goals),
            ("sdg-targets", content.sdg_targets),
            ("sdg-indicators", content.sdg_indicators),
        ] {
            for (i, e) in entries.into_iter().enumerate() {
                ws.sdg.insert(key, e, file, located(key, i));
            }
        }
    }
    if id == "sdg"
        && let Some(m) = &manifest
    {
        ws.sdg.version = m.framework.clone().unwrap_or_default();
    }
    ws.libraries.push(Library {
        id: id.to_string(),
        manifest,
        dir,
        builtin,
    });
}

/// A library file parsed: its manifest (`library.yaml`) or its definitions, absent when the
/// YAML could not be read.
enum LibraryText {
    Manifest(Option<(LibraryManifest, Node)>),
    Definitions(Option<(LibraryFile, Node)>),
}

/// Whether a library file is its manifest.
fn is_manifest(name: &str) -> bool {
    name.ends_with("/library.yaml") || name == "library.yaml"
}

/// Whether a library file holds no definition at all.
fn defines_nothing(c: &LibraryFile) -> bool {
    c.indicators.is_empty()
        && c.sets.is_empty()
        && c.rights.is_empty()
        && c.departments.is_empty()
        && c.award_schemes.is_empty()
        && c.scorecards.is_empty()
        && c.sdg_goals.is_empty()
        && c.sdg_targets.is_empty()
        && c.sdg_indicators.is_empty()
        && c.vocabulary
            .as_ref()
            .is_none_or(|v| *v == Vocabulary::default())
}

/// The YAML files under a library folder; linked folders are followed once (no loops).
fn collect_yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    confine::walk(dir, &mut |p| {
        if matches!(p.extension().and_then(|x| x.to_str()), Some("yaml" | "yml")) {
            out.push(p.to_path_buf());
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_project_of_a_workspace_without_one_parses_and_names_a_place() {
        let p = default_project();
        assert_eq!(p.place.geocode, "0");
        assert_eq!(p.place.name.get("en"), "place");
    }
}
