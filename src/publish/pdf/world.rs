//! The one door between the typst compiler and the system: templates, data and fonts as virtual files.
//!
//! Typst sees a virtual project whose root `/` is the `report-templates/` folder: the copy
//! embedded in the binary, overlaid file by file by the project's own `report-templates/`
//! (mdBook style), plus files generated for one report (`/data.json`, `/charts/*.svg`), which
//! take precedence. Nothing else can be read: no other file of the disk, no system font, no
//! package, no network. The date typst knows (`datetime.today()`) is fixed by the caller.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use typst::diag::{FileError, FileResult, PackageError};
use typst::foundations::{Bytes, Datetime, Dict, Duration, IntoValue};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

use super::fonts::FontSet;
use crate::load::builtin;

/// Where a template file comes from.
#[derive(Debug, Clone)]
pub enum Origin {
    /// The copy embedded in the binary.
    Embedded(&'static [u8]),
    /// The project's `report-templates/` folder (the canonical path of the file).
    Project(PathBuf),
    /// Generated for this report (data, charts).
    Generated(Bytes),
}

/// A file of the virtual project, read and parsed at most once.
#[derive(Debug)]
struct Slot {
    origin: Origin,
    bytes: OnceLock<FileResult<Bytes>>,
    source: OnceLock<FileResult<Source>>,
}

impl Slot {
    fn new(origin: Origin) -> Self {
        Slot {
            origin,
            bytes: OnceLock::new(),
            source: OnceLock::new(),
        }
    }

    fn bytes(&self) -> FileResult<Bytes> {
        self.bytes
            .get_or_init(|| match &self.origin {
                Origin::Embedded(data) => Ok(Bytes::new(*data)),
                Origin::Generated(b) => Ok(b.clone()),
                Origin::Project(path) => std::fs::read(path)
                    .map(Bytes::new)
                    .map_err(|e| FileError::from_io(e, path)),
            })
            .clone()
    }
}

/// The template files a report can read: the embedded defaults overlaid by a project's own.
#[derive(Debug, Clone, Default)]
pub struct TemplateFiles {
    /// Virtual path (`/vlr/main.typ`) to origin.
    files: BTreeMap<String, Origin>,
    /// The project's `report-templates/` folder, when it has one.
    project_dir: Option<PathBuf>,
}

impl TemplateFiles {
    /// The embedded templates only.
    pub fn embedded() -> Self {
        let mut files = BTreeMap::new();
        collect_embedded(&builtin::TEMPLATES, &mut files);
        TemplateFiles {
            files,
            project_dir: None,
        }
    }

    /// The embedded templates overlaid by the files of `dir` (a project's `report-templates/`).
    /// Files that resolve (through links) to somewhere outside `dir` are left out and returned.
    pub fn with_project(dir: &Path) -> (Self, Vec<PathBuf>) {
        let mut me = Self::embedded();
        let mut outside = Vec::new();
        let Ok(root) = dir.canonicalize() else {
            return (me, outside);
        };
        let mut found = Vec::new();
        collect_disk(&root, &root, &mut found, &mut outside, 0);
        found.sort();
        for (vpath, path) in found {
            me.files.insert(vpath, Origin::Project(path));
        }
        me.project_dir = Some(root);
        (me, outside)
    }

    /// Whether a virtual path (`/vlr/main.typ`) exists.
    pub fn contains(&self, vpath: &str) -> bool {
        self.files.contains_key(vpath)
    }

    /// The origin of a virtual path.
    pub fn origin(&self, vpath: &str) -> Option<&Origin> {
        self.files.get(vpath)
    }

    /// Template names: folders holding a `main.typ`.
    pub fn template_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .files
            .keys()
            .filter_map(|p| p.strip_prefix('/')?.strip_suffix("/main.typ"))
            .filter(|n| !n.contains('/'))
            .map(str::to_string)
            .collect();
        names.sort();
        names.dedup();
        names
    }

    /// The files under a virtual folder (`/labels/`), with their origins.
    pub fn under<'a>(&'a self, folder: &'a str) -> impl Iterator<Item = (&'a str, &'a Origin)> {
        self.files
            .iter()
            .filter(move |(p, _)| p.starts_with(folder))
            .map(|(p, o)| (p.as_str(), o))
    }

    /// The bytes of a file (reads a project file from disk).
    pub fn read(&self, vpath: &str) -> Option<std::io::Result<Vec<u8>>> {
        self.files.get(vpath).map(|o| match o {
            Origin::Embedded(d) => Ok(d.to_vec()),
            Origin::Generated(b) => Ok(b.as_slice().to_vec()),
            Origin::Project(p) => std::fs::read(p),
        })
    }

    /// How diagnostics name a virtual file: `report-templates/vlr/main.typ` for a project's
    /// file, `<builtin>/report-templates/vlr/main.typ` for an embedded one, `<generated>/data.json`.
    pub fn display_name(&self, vpath: &str) -> String {
        match self.files.get(vpath) {
            Some(Origin::Project(_)) => format!("report-templates{vpath}"),
            Some(Origin::Generated(_)) => format!("<generated>{vpath}"),
            _ => format!("<builtin>/report-templates{vpath}"),
        }
    }
}

fn collect_embedded(dir: &'static include_dir::Dir<'static>, out: &mut BTreeMap<String, Origin>) {
    for f in dir.files() {
        let vpath = format!("/{}", f.path().to_string_lossy().replace('\\', "/"));
        out.insert(vpath, Origin::Embedded(f.contents()));
    }
    for d in dir.dirs() {
        collect_embedded(d, out);
    }
}

/// Walks a project's template folder; every file must resolve inside `root`.
fn collect_disk(
    root: &Path,
    dir: &Path,
    found: &mut Vec<(String, PathBuf)>,
    outside: &mut Vec<PathBuf>,
    depth: usize,
) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    if depth > 16 {
        return;
    }
    for e in entries.flatten() {
        let path = e.path();
        let Ok(real) = path.canonicalize() else {
            continue;
        };
        if !real.starts_with(root) {
            outside.push(path);
            continue;
        }
        if real.is_dir() {
            collect_disk(root, &path, found, outside, depth + 1);
        } else if let Ok(rel) = path.strip_prefix(root) {
            let vpath = format!("/{}", rel.to_string_lossy().replace('\\', "/"));
            found.push((vpath, real));
        }
    }
}

/// Builds the file id of a virtual path of the project root.
pub(crate) fn file_id(vpath: &str) -> Option<FileId> {
    VirtualPath::new(vpath)
        .ok()
        .map(|p| RootedPath::new(VirtualRoot::Project, p).intern())
}

/// Everything one compilation of one report may see.
pub(crate) struct ReportWorld {
    library: LazyHash<Library>,
    fonts: Arc<FontSet>,
    main: FileId,
    /// Files by id (lookups only: their order never reaches output).
    slots: HashMap<FileId, Slot>,
    /// Virtual path of every slot, for diagnostics.
    paths: HashMap<FileId, String>,
    today: Datetime,
}

impl std::fmt::Debug for ReportWorld {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReportWorld")
            .field("main", &self.main)
            .field("files", &self.paths.len())
            .finish()
    }
}

/// Why a world could not be built.
#[derive(Debug, thiserror::Error)]
pub(crate) enum WorldError {
    /// The main file does not exist among the templates.
    #[error("failed to find the template's main file {0}")]
    NoMain(String),
    /// A generated file has a path typst cannot represent.
    #[error("failed to use `{0}` as a file name inside the report")]
    BadPath(String),
}

impl ReportWorld {
    /// A world for the template file `main` (`/vlr/main.typ`), with generated files
    /// (virtual path -> bytes) over the templates, `sys.inputs` and a fixed date.
    pub(crate) fn new(
        templates: &TemplateFiles,
        main: &str,
        generated: BTreeMap<String, Bytes>,
        inputs: BTreeMap<String, String>,
        fonts: Arc<FontSet>,
        today: Datetime,
    ) -> Result<Self, WorldError> {
        let mut slots = HashMap::new();
        let mut paths = HashMap::new();
        for (vpath, origin) in &templates.files {
            if let Some(id) = file_id(vpath) {
                slots.insert(id, Slot::new(origin.clone()));
                paths.insert(id, vpath.clone());
            }
        }
        for (vpath, bytes) in generated {
            let id = file_id(&vpath).ok_or_else(|| WorldError::BadPath(vpath.clone()))?;
            slots.insert(id, Slot::new(Origin::Generated(bytes)));
            paths.insert(id, vpath);
        }
        let main_id = file_id(main)
            .filter(|id| slots.contains_key(id))
            .ok_or_else(|| WorldError::NoMain(main.to_string()))?;
        let mut dict = Dict::new();
        for (k, v) in inputs {
            dict.insert(k.into(), v.into_value());
        }
        let library = Library::builder().with_inputs(dict).build();
        Ok(ReportWorld {
            library: LazyHash::new(library),
            fonts,
            main: main_id,
            slots,
            paths,
            today,
        })
    }

    /// The virtual path of a file id, when it is one of this world's files.
    pub(crate) fn vpath(&self, id: FileId) -> Option<&str> {
        self.paths.get(&id).map(String::as_str)
    }

    /// The text of a source file typst has read (for diagnostics).
    pub(crate) fn source_text(&self, id: FileId) -> Option<String> {
        let slot = self.slots.get(&id)?;
        match slot.source.get() {
            Some(Ok(s)) => Some(s.text().to_string()),
            _ => {
                let bytes = slot.bytes().ok()?;
                std::str::from_utf8(bytes.as_slice())
                    .ok()
                    .map(str::to_string)
            }
        }
    }

    fn slot(&self, id: FileId) -> FileResult<&Slot> {
        if let VirtualRoot::Package(spec) = id.root() {
            return Err(FileError::Package(PackageError::Other(Some(
                format!(
                    "package {spec} is not available: reports are built offline; copy what you need into the project's report-templates/ folder"
                )
                .into(),
            ))));
        }
        self.slots
            .get(&id)
            .ok_or_else(|| FileError::NotFound(PathBuf::from(id.vpath().get_with_slash())))
    }
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.fonts.book
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        let slot = self.slot(id)?;
        slot.source
            .get_or_init(|| {
                let bytes = slot.bytes()?;
                let text = std::str::from_utf8(bytes.as_slice())?;
                let text = text.strip_prefix('\u{feff}').unwrap_or(text);
                Ok(Source::new(id, text.to_string()))
            })
            .clone()
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.slot(id)?.bytes()
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_project_file_replaces_only_the_embedded_file_of_the_same_path() {
        let dir = tempfile::tempdir().unwrap();
        let own = dir.path().join("vlr/parts.typ");
        std::fs::create_dir_all(own.parent().unwrap()).unwrap();
        std::fs::write(&own, "// mine").unwrap();
        std::fs::write(dir.path().join("logo.svg"), "<svg/>").unwrap();
        let (files, outside) = TemplateFiles::with_project(dir.path());
        assert!(outside.is_empty());
        assert!(matches!(
            files.origin("/vlr/parts.typ"),
            Some(Origin::Project(_))
        ));
        assert!(matches!(
            files.origin("/vlr/main.typ"),
            Some(Origin::Embedded(_))
        ));
        assert!(matches!(
            files.origin("/logo.svg"),
            Some(Origin::Project(_))
        ));
        assert_eq!(files.read("/vlr/parts.typ").unwrap().unwrap(), b"// mine");
        assert_eq!(
            files.display_name("/vlr/parts.typ"),
            "report-templates/vlr/parts.typ"
        );
        assert_eq!(
            files.display_name("/vlr/main.typ"),
            "<builtin>/report-templates/vlr/main.typ"
        );
        assert_eq!(
            files.template_names(),
            ["accountability", "department", "place", "public", "vlr"]
        );
    }

    #[test]
    fn paths_out_of_the_root_have_no_file_id() {
        assert!(file_id("/vlr/main.typ").is_some());
        assert!(file_id("/../etc/passwd").is_none());
    }
}
