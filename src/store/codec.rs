//! The one place that knows the payload encoding (bincode 2 over serde).
//!
//! Keeping it here means a change of codec (postcard, a zero-copy layout)
//! is a format-version bump in one file. Decoding always runs with a size
//! limit, so a corrupt length prefix is an error instead of an attempt to
//! allocate terabytes.

use crate::model::Dataset;

/// The most bytes a payload may decode to, so a corrupt length cannot make
/// the decoder allocate without bound.
const LIMIT: usize = 1 << 34;

fn config() -> impl bincode::config::Config {
    bincode::config::standard().with_limit::<LIMIT>()
}

/// Encodes a dataset.
pub(crate) fn encode(data: &Dataset) -> Result<Vec<u8>, String> {
    bincode::serde::encode_to_vec(data, config()).map_err(|e| e.to_string())
}

/// Decodes a dataset; every byte of `bytes` must be used.
pub(crate) fn decode(bytes: &[u8]) -> Result<Dataset, String> {
    let (data, used) = bincode::serde::decode_from_slice::<Dataset, _>(bytes, config())
        .map_err(|e| e.to_string())?;
    if used != bytes.len() {
        return Err(format!(
            "{} bytes left over after the payload",
            bytes.len() - used
        ));
    }
    Ok(data)
}

/// Encodes any serialisable value (the compact layout's small sections).
pub(crate) fn encode_value<T: serde::Serialize>(value: &T) -> Result<Vec<u8>, String> {
    bincode::serde::encode_to_vec(value, config()).map_err(|e| e.to_string())
}

/// Decodes a value written by [`encode_value`]; every byte must be used.
pub(crate) fn decode_value<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, String> {
    let (value, used) =
        bincode::serde::decode_from_slice::<T, _>(bytes, config()).map_err(|e| e.to_string())?;
    if used != bytes.len() {
        return Err(format!(
            "{} bytes left over after a section",
            bytes.len() - used
        ));
    }
    Ok(value)
}
