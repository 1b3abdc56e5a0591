//! Criterion benchmark of the exchange model on decide-exchange-model's cop21 input
//! (15 actors, 13 issues, 10 rounds), for the side-by-side comparison in docs/performance.md.
//!
//! The input is read with a minimal parser of decide's rows here (the full reader lives in
//! parley-scenario, which the core's benches cannot depend on).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use parley_core::models::Exchange;
use parley_core::{Actor, Inputs, Issue, Model, Scenario};

fn cop21() -> Scenario {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/decide/cop21.csv"
    );
    let text =
        std::fs::read_to_string(path).expect("shared/data/decide/cop21.csv beside the repository");
    let mut s = Scenario::named("cop21");
    for line in text.lines() {
        let f: Vec<&str> = line
            .split('\t')
            .map(|x| x.trim().trim_matches('\''))
            .collect();
        match f.first().copied() {
            Some("#A") => s.actors.push(Actor::new(f[1], 1.0)),
            Some("#P") => s.issues.push(Issue::new(f[1])),
            Some("#D") => {
                let num = |k: usize| f[k].parse::<f64>().expect("a number");
                let a = s.actor_index(f[1]).expect("declared actor");
                s.actors[a].capability.value = num(5);
                let stance = parley_core::Stance::new(num(3), num(4));
                s.actors[a].stances.insert(f[2].to_owned(), stance);
            }
            _ => {}
        }
    }
    s
}

fn bench(c: &mut Criterion) {
    let inputs = Inputs::from_scenario(&cop21()).expect("cop21 is valid");
    let model = Exchange::default();
    c.bench_function("exchange/cop21_10_rounds", |b| {
        b.iter(|| model.run_detailed(black_box(&inputs)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
