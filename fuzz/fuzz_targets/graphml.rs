//! The GraphML reader and whole-input validation on arbitrary text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let input = egov_graph::io::read_graphml("fuzz.graphml", text);
        let _ = egov_graph::validate(input, false);
    }
});
