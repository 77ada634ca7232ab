//! Helpers shared by the integration tests: running the binary on fixture folders.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The folder of a fixture, such as `fixture("check/clean")`.
pub fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

/// Copies a folder (recursively) or a file to `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    if !from.is_dir() {
        std::fs::copy(from, to).unwrap();
        return;
    }
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        copy_dir(&e.path(), &to.join(e.file_name()));
    }
}

/// A copy of a fixture in a temporary folder (`<tmp>/project`), to edit or write files into.
pub fn copy_fixture(name: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let project = tmp.path().join("project");
    copy_dir(&fixture(name), &project);
    (tmp, project)
}

/// The repository root (the demonstration project).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// What a run of the binary printed and how it exited.
pub struct Run {
    /// Exit code.
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

/// Runs `localis` with arguments in a folder.
pub fn localis(dir: &Path, args: &[&str]) -> Run {
    localis_with(dir, args, |_| {})
}

/// Runs `localis` as [`localis`] does, with `env` setting the command's environment further
/// (such as `RAYON_NUM_THREADS`).
pub fn localis_with(dir: &Path, args: &[&str], env: impl FnOnce(&mut Command)) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_localis"));
    cmd.args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("SOURCE_DATE_EPOCH")
        .env_remove("RAYON_NUM_THREADS");
    env(&mut cmd);
    let out = cmd.output().expect("failed to start localis");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Imports the municipal Open SDG fixture as the project `region` (a region) in `dir`, with
/// `more` arguments, and returns the project's folder.
pub fn import_region(dir: &Path, more: &[&str]) -> PathBuf {
    let repo = fixture("import/opensdg-municipal");
    let mut args = vec![
        "import",
        "opensdg",
        repo.to_str().expect("a UTF-8 path"),
        "--to",
        "region",
        "--place-kind",
        "region",
    ];
    args.extend_from_slice(more);
    let run = localis(dir, &args);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    dir.join("region")
}

/// The files every `localis eval` writes.
pub const EVAL_FILES: [&str; 6] = [
    "results.json",
    "results.csv",
    "assessment.json",
    "assessment.csv",
    "targets.csv",
    "summary.csv",
];

/// Runs `localis eval` on `project` into `out` with `extra` arguments and the environment
/// `env` sets; returns the exit code and standard error.
pub fn eval_into(
    project: &Path,
    out: &Path,
    extra: &[&str],
    env: impl FnOnce(&mut Command),
) -> (i32, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_localis"));
    cmd.arg("eval")
        .arg(project)
        .arg("--output")
        .arg(out)
        .args(extra);
    env(&mut cmd);
    let output = cmd.output().expect("run localis");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Every file under `dir` whose name ends with `ext` (`""`: every file), by path relative to
/// `dir`, with its bytes.
pub fn files_under(dir: &Path, ext: &str) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut out = std::collections::BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.to_string_lossy().ends_with(ext) {
                let rel = p.strip_prefix(dir).unwrap().to_string_lossy().to_string();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

/// Asserts that two output folders hold the same files with the same bytes, `expected` among
/// them; `what` names the project and run in the messages.
pub fn assert_same_outputs(whole: &Path, one: &Path, expected: &[&str], what: &str) {
    let (a, b) = (files_under(whole, ""), files_under(one, ""));
    for name in expected {
        assert!(a.contains_key(*name), "{what}: no {name}");
    }
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "{what}"
    );
    for (name, bytes) in &a {
        assert!(
            *bytes == b[name],
            "{what}: {name} differs between one window and windows of one indicator"
        );
    }
}
