//! What the library's integration tests share: scratch databases and scenario texts.
#![allow(dead_code, clippy::unwrap_used)]

use std::path::PathBuf;

/// A fresh scratch folder for one test (removed first if a previous run left it).
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("parley-library-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The text of a repository file.
pub fn repo_text(rel: &str) -> String {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    std::fs::read_to_string(root.join(rel)).unwrap()
}

/// The toy scenario with a trailing comment that makes each `tag` a distinct file.
pub fn toy(tag: &str) -> Vec<u8> {
    format!("{}# {tag}\n", repo_text("scenarios/toy-tariff.toml")).into_bytes()
}
