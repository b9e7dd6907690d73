//! The database file reader on arbitrary bytes. Most inputs fail the
//! signature or checksum check, so the target also tries the bytes as a
//! payload behind a valid header of each format version it reads (4, the
//! compact columns with stored edge lists; 3, padded columns; 2, unpadded;
//! 1, bincode records), which reaches the decoders.
#![no_main]

use std::path::Path;

use egov_graph::store;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let path = Path::new("fuzz.egdb");
    let _ = store::from_bytes(path, data);
    for version in [store::FORMAT_VERSION, 3, 2, 1] {
        let framed = store::frame_version(version, data);
        if let Ok(graph) = store::from_bytes(path, &framed) {
            // Whatever opens must save and reopen to the same data.
            let bytes = store::to_bytes(&graph).unwrap_or_default();
            let again = store::from_bytes(path, &bytes);
            assert!(matches!(again, Ok(g) if g.to_dataset() == graph.to_dataset()));
            // And walk the same edges as the graph built from its records,
            // whatever edge lists the file stored.
            let built = egov_graph::model::Graph::from_dataset(graph.to_dataset());
            if let Ok(built) = built {
                for ix in built.node_indices() {
                    let ends = |g: &egov_graph::model::Graph| {
                        g.edges_of(ix).iter().map(|e| e.index).collect::<Vec<_>>()
                    };
                    assert_eq!(ends(&graph), ends(&built));
                }
            }
        }
    }
});
