//! Validated identifiers: the stable slugs that name nodes and sources.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The longest id accepted.
pub const MAX_ID_LEN: usize = 64;

/// A stable slug naming a node or a source: lower-case ASCII letters, digits,
/// `-` and `_`, starting with a letter or digit, at most 64 characters.
///
/// ```
/// use egov_graph::Id;
/// let id: Id = "kr-moi".parse().unwrap();
/// assert_eq!(id.as_str(), "kr-moi");
/// assert!("Kr MOI".parse::<Id>().is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Id(Box<str>);

impl Id {
    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// An id from text already known to be valid (checked when a database
    /// was opened); not for text from a user.
    pub(crate) fn trusted(s: &str) -> Id {
        Id(s.into())
    }

    /// Whether this id has the shape of a country id (two lower-case letters,
    /// an ISO 3166-1 alpha-2 code).
    pub fn is_country_code(&self) -> bool {
        self.0.len() == 2 && self.0.bytes().all(|b| b.is_ascii_lowercase())
    }
}

/// Why a text is not a valid [`Id`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidId(pub String);

impl fmt::Display for InvalidId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for InvalidId {}

impl FromStr for Id {
    type Err = InvalidId;

    fn from_str(s: &str) -> Result<Id, InvalidId> {
        Id::check(s)?;
        Ok(Id(s.into()))
    }
}

impl Id {
    /// Checks that `s` is a valid id, without making one (opening a
    /// database checks every stored id this way).
    pub fn check(s: &str) -> Result<(), InvalidId> {
        if s.is_empty() {
            return Err(InvalidId("an id cannot be empty".into()));
        }
        if s.len() > MAX_ID_LEN {
            return Err(InvalidId(format!(
                "id '{}…' is longer than {MAX_ID_LEN} characters",
                s.chars().take(20).collect::<String>()
            )));
        }
        if let Some(c) = s
            .chars()
            .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-' || *c == '_'))
        {
            return Err(InvalidId(format!(
                "id '{}' has the character {c:?}; ids use lower-case letters, digits, '-' and '_'",
                s.escape_debug()
            )));
        }
        if !s.starts_with(|c: char| c.is_ascii_alphanumeric()) {
            return Err(InvalidId(format!(
                "id '{s}' must start with a letter or a digit"
            )));
        }
        Ok(())
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for Id {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for Id {
    fn borrow(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_slugs() {
        for s in ["kr", "kr-moi", "kit-2017-04-30", "a_b", "9x"] {
            assert!(s.parse::<Id>().is_ok(), "{s}");
        }
    }

    #[test]
    fn rejects_spaces_capitals_control_characters_and_leading_dash() {
        for s in ["", "Kr", "kr moi", "kr\tmoi", "-kr", "kr\u{0}", "한국"] {
            assert!(s.parse::<Id>().is_err(), "{s:?}");
        }
        assert!("a".repeat(65).parse::<Id>().is_err());
    }

    #[test]
    fn knows_country_codes() {
        assert!(Id::from_str("kz")
            .map(|i| i.is_country_code())
            .unwrap_or(false));
        assert!(!Id::from_str("kz-mic")
            .map(|i| i.is_country_code())
            .unwrap_or(true));
    }
}
