//! Criterion benchmarks of the library database: saving a version of a 100-actor scenario
//! (reading and checking it, hashing, one committed transaction with its search terms), and
//! listing 10,000 recorded runs. Figures and the command are in docs/performance.md.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use parley_library::{Library, RunRecord, SaveRequest};

/// A valid scenario of `n` actors on two issues, every estimate with a range.
fn many_actors(n: usize) -> String {
    let mut s = String::from(
        "[scenario]\nname = \"Many actors\"\n\n\
         [[issue]]\nid = \"i\"\nname = \"I\"\nlow = \"none\"\nhigh = \"all\"\nstatus_quo = 50\n\n\
         [[issue]]\nid = \"j\"\nname = \"J\"\nlow = \"none\"\nhigh = \"all\"\nstatus_quo = 20\n\n",
    );
    for a in 0..n {
        let p = (a * 37) % 101;
        let q = (a * 53) % 101;
        s.push_str(&format!(
            "[[actor]]\nid = \"a{a}\"\nname = \"Actor {a}\"\n\
             capability = {{ value = {c}, low = {cl}, high = {ch} }}\n\
             [actor.stance.i]\nposition = {{ value = {p}, low = {pl}, high = {ph} }}\n\
             salience = {{ value = 0.5, low = 0.3, high = 0.7 }}\n\
             [actor.stance.j]\nposition = {q}\nsalience = 0.4\n\n",
            c = 10 + a % 90,
            cl = 5 + a % 90,
            ch = 15 + a % 90,
            pl = p.saturating_sub(5),
            ph = (p + 5).min(100),
        ));
    }
    s
}

fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "parley-library-bench-{name}-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    dir.join("lib.sqlite")
}

fn bench(c: &mut Criterion) {
    let base = many_actors(100);
    let path = scratch("save");
    let mut lib = Library::open(&path).expect("the database opens");
    let mut k = 0u64;
    let mut g = c.benchmark_group("library");
    g.bench_function("save_version_100_actors", |b| {
        b.iter(|| {
            // Each save is new content, so each makes a version.
            k += 1;
            let content = format!("{base}# save {k}\n");
            let saved = lib
                .save(&SaveRequest {
                    name: "many",
                    label: "many.toml",
                    content: content.as_bytes(),
                    author: "bench",
                    message: "bench",
                    tags: &[],
                })
                .expect("the save succeeds");
            black_box(saved)
        })
    });

    let path = scratch("runs");
    let mut lib = Library::open(&path).expect("the database opens");
    for i in 0..10_000u64 {
        lib.record_run(&RunRecord {
            scenario: format!("s{}", i % 50),
            version: None,
            scenario_sha256: format!("{i:064x}"),
            parley_version: "0.1.0".into(),
            models: vec!["compromise".into(), "nbs".into(), "smp".into()],
            seed: i,
            runs: 1000,
            outputs: serde_json::json!({"run": i}),
        })
        .expect("a run is recorded");
    }
    g.bench_function("list_10000_runs", |b| {
        b.iter(|| {
            let runs = lib.list_runs(10_000).expect("the runs list");
            assert_eq!(runs.len(), 10_000);
            black_box(runs)
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
