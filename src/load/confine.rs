//! Which data files a project may read: regular files inside the project folder or a folder its `data-roots` names.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The folders a project reads data from: its own folder and the `data-roots` it names,
/// each as written and as its real (canonical) path.
#[derive(Debug, Clone, Default)]
pub struct DataRoots {
    /// The project folder, canonical.
    project: Option<PathBuf>,
    /// The extra folders: as written in `localis.yaml`, and canonical.
    extra: Vec<(String, PathBuf)>,
}

/// Why a data file is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Nothing exists at the path (or a link points nowhere).
    Missing,
    /// Something other than a regular file: a named pipe, a socket, a device, a folder.
    NotRegular(&'static str),
    /// The file lies outside the project folder and every data root; `link` is where a
    /// symbolic link on the way led.
    Outside {
        /// The real path, when a link led there.
        link: Option<PathBuf>,
    },
}

impl Refusal {
    /// The cause in a message: `it is a named pipe (FIFO), not a regular file`.
    pub fn cause(&self) -> String {
        match self {
            Refusal::Missing => "no such file".into(),
            Refusal::NotRegular(kind) => format!("it is {kind}, not a regular file"),
            Refusal::Outside { link: None } => "it is outside the project folder".into(),
            Refusal::Outside { link: Some(to) } => format!(
                "it is a link to {}, outside the project folder",
                to.display()
            ),
        }
    }

    /// How to fix it.
    pub fn hint(&self) -> &'static str {
        match self {
            Refusal::Missing => "paths are relative to the folder of localis.yaml",
            Refusal::NotRegular(_) => "point `path:` at a CSV or XLSX file",
            Refusal::Outside { .. } => {
                "keep the data inside the project folder, or name its folder in localis.yaml, such as `data-roots: [../shared-data]`"
            }
        }
    }
}

impl DataRoots {
    /// The roots of a project at `root` with the extra folders `data_roots` (relative to it);
    /// returns the problems of extra folders that do not exist, by index.
    pub fn new(root: &Path, data_roots: &[String]) -> (DataRoots, Vec<(usize, String)>) {
        let mut problems = Vec::new();
        let mut extra = Vec::new();
        for (i, written) in data_roots.iter().enumerate() {
            match std::fs::canonicalize(root.join(written)) {
                Ok(p) if p.is_dir() => extra.push((written.clone(), p)),
                Ok(_) => problems.push((i, format!("data root `{written}` is not a folder"))),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => problems.push((
                    i,
                    format!("failed to find data root `{written}` (no such folder)"),
                )),
                Err(e) => problems.push((i, format!("failed to use data root `{written}` ({e})"))),
            }
        }
        let roots = DataRoots {
            project: std::fs::canonicalize(root).ok(),
            extra,
        };
        (roots, problems)
    }

    /// The extra folders as written and where they really are.
    pub fn extra(&self) -> &[(String, PathBuf)] {
        &self.extra
    }

    /// Whether a canonical path lies inside the project or a data root.
    fn allows(&self, real: &Path) -> bool {
        self.project.iter().any(|r| real.starts_with(r))
            || self.extra.iter().any(|(_, r)| real.starts_with(r))
    }

    /// Checks a data file: it must exist, be a regular file (after links), and lie inside
    /// the project folder or a data root (after links).
    pub fn check_file(&self, path: &Path) -> Result<(), Refusal> {
        let meta = std::fs::metadata(path).map_err(|_| Refusal::Missing)?;
        let kind = file_kind(&meta.file_type());
        if let Some(kind) = kind {
            return Err(Refusal::NotRegular(kind));
        }
        let real = std::fs::canonicalize(path).map_err(|_| Refusal::Missing)?;
        if self.allows(&real) {
            return Ok(());
        }
        let through_link = std::path::absolute(path)
            .map(|abs| abs != real && self.allows_lexically(&abs))
            .unwrap_or(false);
        Err(Refusal::Outside {
            link: through_link.then_some(real),
        })
    }

    /// Whether the path as written (not following links) lies inside an allowed folder.
    fn allows_lexically(&self, abs: &Path) -> bool {
        let mut clean = PathBuf::new();
        for part in abs.components() {
            match part {
                std::path::Component::ParentDir => {
                    clean.pop();
                }
                std::path::Component::CurDir => {}
                other => clean.push(other),
            }
        }
        self.allows(&clean)
    }
}

/// What a file that is not regular is, in words (`None` for a regular file).
pub fn file_kind(t: &std::fs::FileType) -> Option<&'static str> {
    if t.is_file() {
        return None;
    }
    if t.is_dir() {
        return Some("a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("a named pipe (FIFO)");
        }
        if t.is_socket() {
            return Some("a socket");
        }
        if t.is_block_device() || t.is_char_device() {
            return Some("a device");
        }
    }
    Some("not a regular file")
}

/// Walks a folder tree in name order, following links to folders but entering each real
/// folder once (a link to a parent folder makes no loop); calls `f` for every entry that
/// is not a folder.
pub fn walk(dir: &Path, f: &mut dyn FnMut(&Path)) {
    let mut seen = BTreeSet::new();
    walk_inner(dir, f, &mut seen);
}

fn walk_inner(dir: &Path, f: &mut dyn FnMut(&Path), seen: &mut BTreeSet<PathBuf>) {
    let Ok(real) = std::fs::canonicalize(dir) else {
        return;
    };
    if !seen.insert(real) {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            walk_inner(&p, f, seen);
        } else {
            f(&p);
        }
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn refuses_pipes_links_out_and_paths_out_and_walks_link_loops_once() {
        let top = tempfile::tempdir().unwrap();
        let project = top.path().join("p");
        let shared = top.path().join("shared");
        std::fs::create_dir_all(project.join("data/sub")).unwrap();
        std::fs::create_dir_all(&shared).unwrap();
        std::fs::write(project.join("data/a.csv"), "Year,Value\n").unwrap();
        std::fs::write(shared.join("s.csv"), "Year,Value\n").unwrap();
        std::os::unix::fs::symlink(top.path().join("p/data"), project.join("data/sub/loop"))
            .unwrap();
        std::os::unix::fs::symlink(shared.join("s.csv"), project.join("data/link.csv")).unwrap();
        let fifo = project.join("data/pipe.csv");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        let (roots, problems) = DataRoots::new(&project, &[]);
        assert!(problems.is_empty());
        assert_eq!(roots.check_file(&project.join("data/a.csv")), Ok(()));
        assert_eq!(
            roots.check_file(&project.join("../shared/s.csv")),
            Err(Refusal::Outside { link: None })
        );
        let real = std::fs::canonicalize(shared.join("s.csv")).unwrap();
        assert_eq!(
            roots.check_file(&project.join("data/link.csv")),
            Err(Refusal::Outside { link: Some(real) })
        );
        assert_eq!(
            roots.check_file(&project.join("data/none.csv")),
            Err(Refusal::Missing)
        );
        if made.is_ok_and(|s| s.success()) {
            assert_eq!(
                roots.check_file(&fifo),
                Err(Refusal::NotRegular("a named pipe (FIFO)"))
            );
        }
        let (roots, problems) =
            DataRoots::new(&project, &["../shared".to_string(), "../none".to_string()]);
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0]
                .1
                .starts_with("failed to find data root `../none`")
        );
        assert_eq!(roots.check_file(&project.join("../shared/s.csv")), Ok(()));
        assert_eq!(roots.check_file(&project.join("data/link.csv")), Ok(()));
        let mut found = Vec::new();
        walk(&project.join("data"), &mut |p| {
            found.push(p.file_name().unwrap().to_string_lossy().to_string())
        });
        found.sort();
        assert!(found.contains(&"a.csv".to_string()), "{found:?}");
        assert_eq!(found.iter().filter(|n| *n == "a.csv").count(), 1);
    }
}
