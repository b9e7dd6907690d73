//! The database file reader on arbitrary bytes. Most inputs fail the
//! signature or checksum check, so the target also tries the bytes as a
//! payload behind a valid header, which reaches the decoder.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let path = Path::new("fuzz.egdb");
    let _ = egov_graph::store::from_bytes(path, data);
    let framed = egov_graph::store::frame(data);
    if let Ok(graph) = egov_graph::store::from_bytes(path, &framed) {
        // Whatever opens must save and reopen to the same data.
        let bytes = egov_graph::store::to_bytes(&graph).unwrap_or_default();
        let again = egov_graph::store::from_bytes(path, &bytes);
        assert!(matches!(again, Ok(g) if g.to_dataset() == graph.to_dataset()));
    }
});
