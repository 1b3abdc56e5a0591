//! What the library's integration tests share: scratch databases and scenario texts.
#![allow(dead_code, clippy::unwrap_used)]

use std::path::PathBuf;

/// A fresh scratch folder for one test (removed first if a previous run left it).
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "parley-library-{name}-{}",
        std::process::id()
    ));
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

/// A scenario with `n` actors on one issue, each with ranges (the benchmark's size).
pub fn many_actors(n: usize) -> String {
    let mut s = String::from(
        "[scenario]\nname = \"Many actors\"\n\n[[issue]]\nid = \"i\"\nname = \"Issue\"\n\
         status_quo = 50\n\n",
    );
    for a in 0..n {
        let p = (a * 37) % 101;
        s.push_str(&format!(
            "[[actor]]\nid = \"a{a}\"\nname = \"Actor {a}\"\ncapability = {}\n\
             [actor.stance.i]\nposition = {{ value = {p}, low = {}, high = {} }}\nsalience = 0.5\n\n",
            10 + a % 90,
            p.saturating_sub(5),
            (p + 5).min(100)
        ));
    }
    s
}
