//! Criterion benchmarks of KTAB's spatial model (SMP) on KTAB's own example inputs, the same
//! files KTAB's `smpc --logmin` was timed on (`docs/performance.md`): SOE-Policy (26 actors,
//! 1 dimension), SOE-Competitive (34 x 1), dummyData_6Dim (27 x 6), dummyData-a040, a080 and
//! a160 (40, 80 and 160 actors, 1 dimension). Each iteration is a whole run with KTAB's
//! deterministic defaults, from the scenario's inputs to the last state's probabilities.
//!
//! The files are read by a minimal reader of KTAB's CSV layout (the scenario crate's full
//! reader would make this crate depend on its own dependent); it converts numbers exactly as
//! that reader does, and the number of states of each run is printed once (untimed) to check
//! that the run is the one KTAB makes (its logs: SOE-Policy 20 states, SOE-Competitive 36,
//! dummyData_6Dim 30, a040 21, a080 18).
//!
//! Run with `cargo bench -p parley-core --bench smp`; see `docs/performance.md`.

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use parley_core::models::smp::Smp;
use parley_core::{Actor, Inputs, Issue, Scenario};

/// The benchmarked inputs and the number of states KTAB's run of each has (`None`: KTAB's run
/// of a160 was not made, it would take hours).
const FILES: [(&str, Option<usize>); 6] = [
    ("SOE-Policy", Some(20)),
    ("SOE-Competitive", Some(36)),
    ("dummyData_6Dim", Some(30)),
    ("dummyData-a040", Some(21)),
    ("dummyData-a080", Some(18)),
    ("dummyData-a160", None),
];

/// Reads a KTAB CSV: line 1 gives the counts, line 2 the dimension names, then one row per
/// actor (name, description, capability, then position and salience per dimension).
fn read(name: &str) -> Scenario {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/ktab")
        .join(format!("{name}.csv"));
    let text = std::fs::read_to_string(&path).expect("the KTAB example files are in shared/data");
    let rows: Vec<Vec<&str>> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split(',').map(str::trim).collect())
        .collect();
    let n_actors: usize = rows[0][2].parse().expect("actor count");
    let n_dims: usize = rows[0][3].parse().expect("dimension count");
    let mut s = Scenario::named(name);
    let dims: Vec<String> = (0..n_dims).map(|d| rows[1][3 + 2 * d].to_owned()).collect();
    s.issues = dims.iter().map(Issue::new).collect();
    for row in &rows[2..2 + n_actors] {
        let number = |k: usize| row[k].parse::<f64>().expect("a number");
        let mut a = Actor::new(row[0], number(2));
        for (d, dim) in dims.iter().enumerate() {
            a = a.with_stance(dim, number(3 + 2 * d), number(4 + 2 * d) / 100.0);
        }
        s.actors.push(a);
    }
    s
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("smp");
    group.sample_size(10);
    for (name, ktab_states) in FILES {
        let inputs = Inputs::from_scenario(&read(name)).expect("a valid scenario");
        let states = Smp::default()
            .simulate(&inputs)
            .expect("runs")
            .outcome
            .rounds
            .len();
        let check = match ktab_states {
            Some(k) if k == states => "as KTAB",
            Some(_) => "DIFFERS FROM KTAB",
            None => "no KTAB run",
        };
        println!(
            "smp {name}: {} actors, {} dims, {states} states ({check})",
            inputs.n_actors(),
            inputs.n_issues()
        );
        group.bench_with_input(BenchmarkId::new("ktab", name), &inputs, |b, inputs| {
            b.iter(|| Smp::default().simulate(black_box(inputs)).expect("runs"));
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
