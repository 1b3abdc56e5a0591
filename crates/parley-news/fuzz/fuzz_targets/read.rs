//! Fuzz target: any bytes through the reader, the draft writer and the terminal view. A
//! panic anywhere is a bug; errors (not UTF-8, too large) are fine.
#![no_main]

use libfuzzer_sys::fuzz_target;
use parley_news::{Options, draft, read_bytes, view};

fuzz_target!(|data: &[u8]| {
    if let Ok(report) = read_bytes(data, &Options::default()) {
        let text = String::from_utf8_lossy(data);
        let _ = draft::to_toml(&report, "fuzz");
        let _ = view::render(&report, &text, true);
        let _ = serde_json::to_string(&report);
    }
});
