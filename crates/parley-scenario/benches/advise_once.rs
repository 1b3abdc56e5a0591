//! One timed call each (wall clock, no statistics) of advice on generated scenarios too big
//! for criterion's ten samples: 50 actors x 10 issues (and 25 x 10 for the scaling), with every
//! model and without the exchange model. Point runs, the default settings (screening above
//! 2e9 work units). Run with `cargo bench -p parley-scenario --bench advise_once`; figures are
//! in docs/performance.md.

use std::time::Instant;

use parley_core::advise::{self, Settings};
use parley_core::{Cancel, Model};

#[path = "advise.rs"]
#[allow(dead_code)]
mod shared;

fn main() {
    let all = parley_core::models::all();
    let without_exchange: Vec<Box<dyn Model>> = parley_core::models::all()
        .into_iter()
        .filter(|m| m.info().id != "exchange")
        .collect();
    for (n, m) in [(25, 10), (50, 10)] {
        let s = shared::generated(n, m);
        for (label, models) in [("all five", &all), ("without exchange", &without_exchange)] {
            let start = Instant::now();
            let advice = advise::advise(&s, models, &Settings::new("a0"), None, &Cancel::never());
            let secs = start.elapsed().as_secs_f64();
            match advice {
                Ok(a) => println!(
                    "advise {n}x{m} {label}: {secs:.2} s ({} candidate moves, screened with [{}], {} levers, {} coalitions)",
                    a.evaluated,
                    a.screened_with.join(", "),
                    a.levers.len(),
                    a.coalitions.len()
                ),
                Err(e) => println!("advise {n}x{m} {label}: error after {secs:.2} s: {e}"),
            }
        }
    }
}
