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
fn beats_the_lexicon_baseline_on_precision_and_event_type() {
    let Some(text) = gold() else {
        panic!("PLOVER gold file not found: shared/ must lie beside the repository");
    };
    let records = parse_gold(&text).unwrap();
    assert_eq!(records.len(), 322);
    let e = evaluate(&records).unwrap();
    assert!(e.all.actor_precision > 0.78, "{:?}", e.all);
    assert!(e.all.event_accuracy > 0.44, "{:?}", e.all);
    assert!(e.held_out.event_accuracy > 0.44, "{:?}", e.held_out);
    assert!(e.all.actor_recall > 0.88, "{:?}", e.all);
}
