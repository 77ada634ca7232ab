//! Atomic output: every file is written to a temporary file in its folder, then renamed into
//! place; a run's files are staged in a folder and moved in together; temporaries that killed
//! runs left behind are cleaned.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` atomically: a failed or interrupted run leaves the old file (or none),
/// never a half-written one. Creates the parent folder when needed.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = AtomicFile::create(path)?;
    file.write_all(bytes)?;
    file.commit()
}

/// A file written in place of another: bytes go to a temporary file in the same folder, which
/// [`AtomicFile::commit`] renames over the target; dropped without commit, it is removed. For
/// outputs too large to hold in memory (results of a national run), streamed as they are made.
pub(crate) struct AtomicFile {
    tmp: tempfile::NamedTempFile,
    path: std::path::PathBuf,
}

impl AtomicFile {
    /// Starts writing a file that will replace `path`; creates the parent folder when needed.
    pub(crate) fn create(path: &Path) -> std::io::Result<AtomicFile> {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        std::fs::create_dir_all(dir)?;
        let tmp = tempfile::Builder::new()
            .prefix(&temporary_prefix())
            .suffix(TEMPORARY_SUFFIX)
            .tempfile_in(dir)?;
        Ok(AtomicFile {
            tmp,
            path: path.to_path_buf(),
        })
    }

    /// Flushes the file to disk and renames it into place.
    pub(crate) fn commit(self) -> std::io::Result<()> {
        set_public_permissions(self.tmp.as_file())?;
        self.tmp.as_file().sync_all()?;
        self.tmp.persist(&self.path).map_err(|e| e.error)?;
        Ok(())
    }

    /// Flushes a CSV writer written into such a file and renames the file into place.
    pub(crate) fn commit_csv(
        w: csv::Writer<std::io::BufWriter<AtomicFile>>,
    ) -> std::io::Result<()> {
        w.into_inner()
            .map_err(|e| std::io::Error::other(e.to_string()))?
            .into_inner()
            .map_err(|e| e.into_error())?
            .commit()
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.tmp.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.tmp.flush()
    }
}

/// How large a JSON output may grow before it is left out (the CSV files hold the same
/// results in a fraction of the size).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonLimit {
    /// Written whatever its size.
    None,
    /// Left out when larger than this many bytes.
    Bytes(u64),
}

/// The size above which `localis eval` leaves JSON results out unless asked for them (`--json`).
pub const DEFAULT_JSON_LIMIT: u64 = 256 << 20;

/// The size of a project's data files above which `localis eval` writes the results and the
/// assessment as Parquet instead of CSV unless asked for CSV (`--csv`): their CSV would be
/// several times larger than the data (8.7 GB of results.csv from 2.4 GB of data at 5,570
/// places), slow to write and to read.
pub const DEFAULT_CSV_DATA_LIMIT: u64 = 1 << 30;

/// The forms the large tables (results and assessment) are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tables {
    /// `results.csv` and `assessment.csv`.
    pub csv: bool,
    /// One Parquet file per indicator under `results/` and `assessment/`.
    pub parquet: bool,
}

impl JsonLimit {
    /// The limit a command's options ask for: none with `--json`, else `limit` bytes
    /// (default [`DEFAULT_JSON_LIMIT`]).
    pub fn from_options(json: bool, limit: Option<u64>) -> JsonLimit {
        if json {
            JsonLimit::None
        } else {
            JsonLimit::Bytes(limit.unwrap_or(DEFAULT_JSON_LIMIT))
        }
    }

    /// Whether a file of `size` bytes may be written.
    pub fn allows(self, size: u64) -> bool {
        match self {
            JsonLimit::None => true,
            JsonLimit::Bytes(limit) => size <= limit,
        }
    }
}

/// A buffered writer that counts its bytes and tells when they pass a [`JsonLimit`] (the
/// caller then drops it: nothing more is worth writing).
pub(crate) struct LimitedWriter<W: Write> {
    inner: std::io::BufWriter<W>,
    written: u64,
    limit: JsonLimit,
}

impl<W: Write> LimitedWriter<W> {
    /// Wraps `inner` with a buffer of 1 MiB.
    pub(crate) fn new(inner: W, limit: JsonLimit) -> Self {
        LimitedWriter {
            inner: std::io::BufWriter::with_capacity(1 << 20, inner),
            written: 0,
            limit,
        }
    }

    /// Bytes written so far.
    pub(crate) fn written(&self) -> u64 {
        self.written
    }

    /// Whether more has been written than the limit allows.
    pub(crate) fn over(&self) -> bool {
        !self.limit.allows(self.written)
    }

    /// Flushes the buffer and returns the writer.
    pub(crate) fn into_inner(self) -> std::io::Result<W> {
        self.inner.into_inner().map_err(|e| e.into_error())
    }
}

impl<W: Write> Write for LimitedWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.written += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// The files an output writer put in place, and those it left out for their size.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Finished {
    /// Files written.
    pub written: Vec<PathBuf>,
    /// JSON files left out because they would pass the size limit.
    pub omitted: Vec<PathBuf>,
    /// CSV files left out because Parquet holds the same table (see [`Tables`]).
    pub replaced: Vec<PathBuf>,
}

impl Finished {
    /// Adds what another writer put in place or left out.
    pub fn extend(&mut self, other: Finished) {
        self.written.extend(other.written);
        self.omitted.extend(other.omitted);
        self.replaced.extend(other.replaced);
    }
}

/// Temporary files and staging folders are named `.localis-<process id>-<random>.tmp`: the
/// process id tells a later run whether the writer is still alive.
const TEMPORARY_PREFIX: &str = ".localis-";
const TEMPORARY_SUFFIX: &str = ".tmp";

/// The marker a staging folder holds once all its files are written: from then on its files
/// belong in place, and a run killed while moving them is completed by the next run.
const COMMITTED: &str = ".localis-committed";

/// Temporaries of writers that are gone but carry no process id (older versions) are removed
/// after this long.
const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(3600);

fn temporary_prefix() -> String {
    format!("{TEMPORARY_PREFIX}{}-", std::process::id())
}

/// A private temporary folder inside `out` (created when missing), removed when dropped; one
/// left by a killed run is removed by the next run's [`clean_stale`].
pub(crate) fn temporary_dir(out: &Path) -> std::io::Result<tempfile::TempDir> {
    std::fs::create_dir_all(out)?;
    tempfile::Builder::new()
        .prefix(&temporary_prefix())
        .suffix(TEMPORARY_SUFFIX)
        .tempdir_in(out)
}

/// A run's output files, written into a staging folder inside the output folder and moved
/// into place together by [`OutputStage::commit`]: a run that fails or is killed before
/// then leaves the previous run's files untouched (never results of one run beside the
/// assessment of another), and one killed while moving them is completed by the next run.
pub(crate) struct OutputStage {
    out: PathBuf,
    dir: Option<tempfile::TempDir>,
}

impl OutputStage {
    /// Starts a run's outputs in `out`: cleans what killed runs left there, then creates the
    /// staging folder.
    pub(crate) fn begin(out: &Path) -> std::io::Result<OutputStage> {
        std::fs::create_dir_all(out)?;
        clean_stale(out);
        let dir = tempfile::Builder::new()
            .prefix(&temporary_prefix())
            .suffix(TEMPORARY_SUFFIX)
            .tempdir_in(out)?;
        Ok(OutputStage {
            out: out.to_path_buf(),
            dir: Some(dir),
        })
    }

    /// The folder to write the run's files into, with the layout they will have in `out`.
    pub(crate) fn path(&self) -> &Path {
        self.dir.as_ref().map_or(&self.out, |d| d.path())
    }

    /// Where a file written at `staged` (inside [`OutputStage::path`]) will be.
    pub(crate) fn final_path(&self, staged: &Path) -> PathBuf {
        match staged.strip_prefix(self.path()) {
            Ok(rel) => self.out.join(rel),
            Err(_) => staged.to_path_buf(),
        }
    }

    /// Moves every staged file into place and removes the staging folder; returns the final
    /// paths in name order.
    pub(crate) fn commit(mut self) -> std::io::Result<Vec<PathBuf>> {
        let Some(dir) = self.dir.take() else {
            return Ok(Vec::new());
        };
        let marker = std::fs::File::create(dir.path().join(COMMITTED))?;
        marker.sync_all()?;
        drop(marker);
        let moved = move_into_place(dir.path(), &self.out, None)?;
        dir.close()?;
        Ok(moved)
    }
}

/// Moves the files of a committed staging folder into `out` (same relative paths), in name
/// order; with `not_after`, a target changed after that time (by a later run) is kept.
fn move_into_place(
    stage: &Path,
    out: &Path,
    not_after: Option<std::time::SystemTime>,
) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    collect_files(stage, &mut files);
    files.sort();
    let mut moved = Vec::new();
    for f in files {
        let Ok(rel) = f.strip_prefix(stage) else {
            continue;
        };
        if rel.as_os_str() == COMMITTED {
            continue;
        }
        let target = out.join(rel);
        if let (Some(limit), Ok(meta)) = (not_after, std::fs::metadata(&target))
            && meta.modified().is_ok_and(|m| m > limit)
        {
            continue;
        }
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::rename(&f, &target)?;
        moved.push(target);
    }
    if let Ok(dir) = std::fs::File::open(out) {
        let _ = dir.sync_all();
    }
    Ok(moved)
}

fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        match e.file_type() {
            Ok(t) if t.is_dir() => collect_files(&e.path(), out),
            Ok(_) => out.push(e.path()),
            Err(_) => {}
        }
    }
}

/// Removes the temporary files and staging folders that runs killed before finishing left
/// in an output folder and its subfolders (a run still going, by its process id, is left
/// alone); a staging folder whose run was killed while moving its files in is completed
/// first. Returns how many were removed.
pub(crate) fn clean_stale(out: &Path) -> usize {
    let mut removed = 0;
    let mut dirs = vec![(out.to_path_buf(), 0)];
    while let Some((dir, depth)) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().to_string();
            let Ok(kind) = e.file_type() else { continue };
            let temporary = name.starts_with(TEMPORARY_PREFIX) && name.ends_with(TEMPORARY_SUFFIX);
            if !temporary {
                if kind.is_dir() && depth < 3 {
                    dirs.push((e.path(), depth + 1));
                }
                continue;
            }
            if !writer_is_gone(&name, &e.path()) {
                continue;
            }
            let path = e.path();
            let gone = if kind.is_dir() {
                if let Ok(meta) = std::fs::metadata(path.join(COMMITTED)) {
                    let _ = move_into_place(&path, &dir, meta.modified().ok());
                }
                std::fs::remove_dir_all(&path)
            } else {
                std::fs::remove_file(&path)
            };
            if gone.is_ok() {
                removed += 1;
            }
        }
    }
    removed
}

/// Whether the process that made a temporary is gone: its id (in the name) names no running
/// process, or, for a name without one, the temporary is older than [`STALE_AFTER`].
fn writer_is_gone(name: &str, path: &Path) -> bool {
    let pid = name[TEMPORARY_PREFIX.len()..]
        .split_once('-')
        .and_then(|(pid, _)| pid.parse::<u32>().ok());
    match pid {
        Some(pid) if pid == std::process::id() => false,
        Some(pid) if Path::new("/proc/self").exists() => {
            !Path::new(&format!("/proc/{pid}")).exists()
        }
        _ => std::fs::symlink_metadata(path)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|m| m.elapsed().ok())
            .is_some_and(|age| age > STALE_AFTER),
    }
}

/// What the last report build held, kept in the output folder so that a build that would
/// drop most indicators (an indicator file emptied by mistake) is noticed before its PDFs
/// replace the last good ones.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct BuildRecord {
    /// How many indicators the reports showed.
    pub indicators: usize,
}

/// The file of the build record in the output folder (hidden: it is not a publication).
pub(crate) const BUILD_RECORD: &str = ".localis-build.json";

impl BuildRecord {
    /// The record of the last build in `reports`, if there is one that reads.
    pub(crate) fn last(reports: &Path) -> Option<BuildRecord> {
        let bytes = std::fs::read(reports.join(BUILD_RECORD)).ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    /// Writes this build's record.
    pub(crate) fn save(&self, reports: &Path) -> std::io::Result<()> {
        let mut bytes = serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?;
        bytes.push(b'\n');
        write_atomic(&reports.join(BUILD_RECORD), &bytes)
    }

    /// A warning when this build shows fewer than half the indicators of the last one (and
    /// the last one showed at least four).
    pub(crate) fn drop_warning(&self, last: &BuildRecord) -> Option<crate::diag::Diagnostic> {
        if last.indicators < 4 || self.indicators * 2 >= last.indicators {
            return None;
        }
        Some(
            crate::diag::Diagnostic::warning(
                "indicators-dropped",
                format!(
                    "the reports show {} indicators where the last build showed {}",
                    self.indicators, last.indicators
                ),
            )
            .hint("if an indicator or data file was emptied or removed by mistake, restore it and build again (the last build's PDFs are replaced)"),
        )
    }
}

/// Gives a new output file the permissions of a normally created file (0644 on Unix),
/// instead of the private 0600 of temporary files: outputs are meant to be published.
pub(crate) fn set_public_permissions(file: &std::fs::File) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    #[cfg(not(unix))]
    let _ = file;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_whole_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/out.json");
        write_atomic(&path, b"first").unwrap();
        write_atomic(&path, b"second").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(
                mode, 0o644,
                "outputs are readable by others, as published files are"
            );
        }
        let names: Vec<_> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("out.json")]);
    }

    #[test]
    fn a_stage_appears_whole_or_not_at_all_and_stale_temporaries_go() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        write_atomic(&out.join("results.json"), b"old results").unwrap();
        write_atomic(&out.join("assessment.json"), b"old assessment").unwrap();
        // a run that stops before committing leaves the old files as they were
        let stage = OutputStage::begin(&out).unwrap();
        write_atomic(&stage.path().join("results.json"), b"new results").unwrap();
        drop(stage);
        assert_eq!(
            std::fs::read(out.join("results.json")).unwrap(),
            b"old results"
        );
        // a committed run replaces both
        let stage = OutputStage::begin(&out).unwrap();
        write_atomic(&stage.path().join("results.json"), b"new results").unwrap();
        write_atomic(&stage.path().join("budget/x.json"), b"x").unwrap();
        let moved = stage.commit().unwrap();
        assert_eq!(
            moved,
            vec![out.join("budget/x.json"), out.join("results.json")]
        );
        assert_eq!(
            std::fs::read(out.join("results.json")).unwrap(),
            b"new results"
        );
        // leftovers of killed runs: a temporary file of a dead process (pid 0 never runs a
        // writer), an old-style one, a staging folder killed while moving its files in
        std::fs::write(out.join(".localis-0-abc.tmp"), b"126 MB of results").unwrap();
        std::fs::write(out.join("budget/.localis-0-x.tmp"), b"half").unwrap();
        let killed = out.join(".localis-0-stage.tmp");
        std::fs::create_dir_all(&killed).unwrap();
        std::fs::write(killed.join("assessment.json"), b"killed run's assessment").unwrap();
        std::fs::write(killed.join(COMMITTED), b"").unwrap();
        let uncommitted = out.join(".localis-0-half.tmp");
        std::fs::create_dir_all(&uncommitted).unwrap();
        std::fs::write(uncommitted.join("results.json"), b"half a run").unwrap();
        let mine = out.join(format!("{}x.tmp", temporary_prefix()));
        std::fs::write(&mine, b"this run's").unwrap();
        assert_eq!(clean_stale(&out), 4);
        assert_eq!(
            std::fs::read(out.join("assessment.json")).unwrap(),
            b"killed run's assessment",
            "a committed stage is completed"
        );
        assert_eq!(
            std::fs::read(out.join("results.json")).unwrap(),
            b"new results"
        );
        assert!(mine.exists(), "a living run's temporary stays");
        let mut left: Vec<String> = std::fs::read_dir(&out)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().to_string())
            .collect();
        left.sort();
        assert_eq!(left.len(), 4, "{left:?}");
    }

    #[test]
    fn a_build_dropping_most_indicators_warns() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(BuildRecord::last(dir.path()), None);
        BuildRecord { indicators: 436 }.save(dir.path()).unwrap();
        let last = BuildRecord::last(dir.path()).unwrap();
        assert_eq!(last.indicators, 436);
        let d = BuildRecord { indicators: 12 }.drop_warning(&last).unwrap();
        assert_eq!(
            d.message,
            "the reports show 12 indicators where the last build showed 436"
        );
        assert!(
            BuildRecord { indicators: 218 }
                .drop_warning(&last)
                .is_none()
        );
        assert!(
            BuildRecord { indicators: 0 }
                .drop_warning(&BuildRecord { indicators: 3 })
                .is_none()
        );
    }

    #[test]
    fn streamed_file_appears_only_on_commit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.csv");
        let mut f = AtomicFile::create(&path).unwrap();
        f.write_all(b"a,b\n").unwrap();
        assert!(!path.exists());
        f.commit().unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"a,b\n");
        let abandoned = AtomicFile::create(&dir.path().join("gone.csv")).unwrap();
        drop(abandoned);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
