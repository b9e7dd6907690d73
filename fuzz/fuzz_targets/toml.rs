//! The TOML reader and whole-input validation on arbitrary text: they must
//! report problems as diagnostics, never panic or hang.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let input = egov_graph::io::read_toml("fuzz.toml", text);
        let _ = egov_graph::validate(input, false);
    }
});
