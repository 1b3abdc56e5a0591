//! What the `parley` binary's integration tests share: running the binary, reading its
//! output, and files for it to read or write.
#![allow(dead_code, clippy::unwrap_used)]

use std::path::PathBuf;
use std::process::{Command, Output};

/// Runs the built `parley` with `args`, colour off.
pub fn parley(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_parley"))
        .args(args)
        .env("NO_COLOR", "1")
        .env("PARLEY_DB", no_library())
        .output()
        .expect("the parley binary runs")
}

/// A library path that does not exist, for runs that name none: a test must never read (or
/// migrate) the library of the person running it, and `score` and `track` read the default
/// one when it exists. A test that writes a library names its own with `--db`.
pub fn no_library() -> PathBuf {
    std::env::temp_dir()
        .join(format!("parley-tests-{}", std::process::id()))
        .join("no-library.sqlite")
}

/// The run's standard output as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The run's standard error as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A path relative to the repository root (`../shared/...` reaches the shared data).
pub fn repo_file(rel: &str) -> String {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    root.join(rel).display().to_string()
}

/// A path in this test process's own scratch folder (`suite` keeps test binaries apart).
pub fn scratch_path(suite: &str, name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("parley-{suite}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// Writes `text` to a scratch file and returns its path.
pub fn scratch_file(suite: &str, name: &str, text: &str) -> PathBuf {
    let path = scratch_path(suite, name);
    std::fs::write(&path, text).unwrap();
    path
}
