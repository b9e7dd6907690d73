//! The one place that knows the payload encoding (bincode 2 over serde).
//!
//! Keeping it here means a change of codec (postcard, a zero-copy layout)
//! is a format-version bump in one file. Decoding always runs with a size
//! limit, so a corrupt length prefix is an error instead of an attempt to
//! allocate gigabytes.
//!
//! bincode's limit bounds the bytes the decoder *claims*: a string or list
//! claims its length before it is allocated, and each number claims its
//! in-memory size (8 for a `u64`, even when its varint takes one byte). So a
//! valid payload of `n` bytes claims at most `8 n`; the limit is chosen
//! from the payload's length with twice that margin, which lets every valid
//! file decode while a 51-byte file can no longer ask for 4 GiB (found by
//! the `egdb` fuzz target, see docs/reliability.md). Saves decode what they
//! are about to write, so a file that would not decode is never written.

use crate::model::Dataset;

use super::v4;

/// The margin of claimed bytes over payload bytes (see the module docs).
const CLAIMS_PER_BYTE: usize = 16;

/// Encodes a dataset as a version 1 payload (its records in their version
/// 1 shape, `v4`), for tests of the old decoder.
#[cfg(test)]
pub(crate) fn encode_v1(data: &Dataset) -> Result<Vec<u8>, String> {
    encode_value(&v4::dataset(data))
}

/// Decodes a version 1 payload into current records; every byte of
/// `bytes` must be used.
pub(crate) fn decode_v1(bytes: &[u8]) -> Result<Dataset, String> {
    let (data, used) = decode_limited::<v4::Dataset>(bytes)?;
    if used != bytes.len() {
        return Err(format!(
            "{} bytes left over after the payload",
            bytes.len() - used
        ));
    }
    Ok(data.into())
}

/// Encodes any serialisable value (the compact layout's small sections).
pub(crate) fn encode_value<T: serde::Serialize>(value: &T) -> Result<Vec<u8>, String> {
    bincode::serde::encode_to_vec(value, bincode::config::standard()).map_err(|e| e.to_string())
}

/// Decodes a value written by [`encode_value`], within the same limit as
/// [`decode`]; every byte must be used.
pub(crate) fn decode_value<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, String> {
    let (value, used) = decode_limited::<T>(bytes)?;
    if used != bytes.len() {
        return Err(format!(
            "{} bytes left over after a section",
            bytes.len() - used
        ));
    }
    Ok(value)
}

/// Decodes a `T` with a claim limit chosen from the input's length.
fn decode_limited<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<(T, usize), String> {
    let need = bytes.len().saturating_mul(CLAIMS_PER_BYTE);
    if need <= 1 << 20 {
        decode_within::<T, { 1 << 20 }>(bytes)
    } else if need <= 1 << 24 {
        decode_within::<T, { 1 << 24 }>(bytes)
    } else if need <= 1 << 28 {
        decode_within::<T, { 1 << 28 }>(bytes)
    } else if need <= 1 << 32 {
        decode_within::<T, { 1 << 32 }>(bytes)
    } else {
        decode_within::<T, { 1 << 36 }>(bytes)
    }
}

fn decode_within<T: serde::de::DeserializeOwned, const LIMIT: usize>(
    bytes: &[u8],
) -> Result<(T, usize), String> {
    let config = bincode::config::standard().with_limit::<LIMIT>();
    bincode::serde::decode_from_slice::<T, _>(bytes, config).map_err(|e| match e {
        bincode::error::DecodeError::LimitExceeded => {
            "a length in the data is larger than the file could hold".to_string()
        }
        other => other.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_huge_string_length_is_refused_without_allocating_it() {
        // The fuzz target's find: no sources, then a node whose id claims
        // about 4 GiB.
        let mut payload = vec![0u8, 1];
        payload.push(0xFC); // varint: a u32 follows
        payload.extend_from_slice(&0xFFFF_FFF0u32.to_le_bytes());
        payload.extend_from_slice(b"kr");
        let err = decode_v1(&payload).err().unwrap_or_default();
        assert!(err.contains("larger than the file could hold"), "{err}");
    }

    #[test]
    fn varint_heavy_payloads_decode_within_the_margin() {
        // Many small numbers: the worst ratio of claimed to encoded bytes.
        let mut data = Dataset::default();
        for i in 0..2000u32 {
            let id: crate::model::Id = format!("n{i}").parse().unwrap_or_else(|e| panic!("{e}"));
            data.nodes.push(crate::model::Node::new(
                id,
                crate::model::NodeKind::Organization,
                "",
            ));
        }
        for i in 0..5000u32 {
            data.edges.push((
                i % 2000,
                (i + 1) % 2000,
                crate::model::Edge::new(crate::model::EdgeKind::Mou),
            ));
        }
        let bytes = encode_v1(&data).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(decode_v1(&bytes).unwrap_or_else(|e| panic!("{e}")), data);
    }
}
