//! The PLOVER gold-standard evaluation on the real file (shared/data/eventdata/plover), when
//! it is beside the repository. The floors below are regression guards at the figures
//! measured when the reader was written (docs/news-reader.md), not targets: they fail when
//! a change makes the reader worse.
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;

use parley_news::plover::{evaluate, parse_gold};

fn gold() -> Option<String> {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    [here.join("../../../shared/data/eventdata/plover/PLOVER_GSR_CAMEO.txt")]
        .into_iter()
        .find_map(|p| std::fs::read_to_string(p).ok())
}

#[test]
fn beats_the_lexicon_baseline() {
    let Some(text) = gold() else {
        panic!("PLOVER gold file not found: shared/ must lie beside the repository");
    };
    let records = parse_gold(&text).unwrap();
    assert_eq!(records.len(), 322);
    let e = evaluate(&records).unwrap();
    // The spec's bars (a quick lexicon baseline: actor P 0.78, R 0.90, event type 0.44) ...
    assert!(e.all.actor_precision > 0.78, "{:?}", e.all);
    assert!(e.all.actor_recall > 0.90, "{:?}", e.all);
    assert!(e.all.event_accuracy > 0.44, "{:?}", e.all);
    assert!(e.held_out.actor_precision > 0.78, "{:?}", e.held_out);
    assert!(e.held_out.event_accuracy > 0.44, "{:?}", e.held_out);
    // ... and regression guards a little under the figures in docs/news-reader.md (all
    // records: P 0.874, R 0.923, event 0.783; held-out: P 0.863, R 0.875, event 0.679).
    assert!(e.all.actor_precision > 0.86, "{:?}", e.all);
    assert!(e.all.actor_recall > 0.91, "{:?}", e.all);
    assert!(e.all.event_accuracy > 0.77, "{:?}", e.all);
    assert!(e.held_out.actor_recall > 0.86, "{:?}", e.held_out);
}
