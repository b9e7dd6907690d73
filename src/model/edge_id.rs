//! Edge ids: a stable name for every edge, so that one edge can be shown,
//! corrected and removed (`egov show`, `egov set ID …`, `egov rm ID`).
//!
//! An edge may be given an id in the data (`id = "…"`, an `id` column,
//! `egov add edge --id`); every other edge gets a readable default made
//! from its ends, kind and date, `kr-moi--uz:export:2017` (see
//! [`default_base`]), made unique in edge order by a suffix `.2`, `.3`, …
//! ([`EdgeIds`]). A database stores every edge's id, so it stays the same
//! however other edges change; data files that leave ids out get the same
//! defaults as long as the edges before them do not change.

use std::collections::HashSet;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::{EdgeKind, InvalidId, PartialDate};
use crate::model::Fast;

/// The longest edge id accepted: two node ids, a kind, a date, a suffix.
pub const MAX_EDGE_ID_LEN: usize = 200;

/// An edge's id: lower-case ASCII letters, digits, `-`, `_`, `:` and `.`,
/// starting with a letter or digit, at most 200 characters.
///
/// ```
/// use egov_graph::model::EdgeId;
/// let id: EdgeId = "kr-moi--uz:export:2017".parse().unwrap();
/// assert_eq!(id.as_str(), "kr-moi--uz:export:2017");
/// assert!("kr moi".parse::<EdgeId>().is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EdgeId(Box<str>);

impl EdgeId {
    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// An id from text already known to be valid (checked when a database
    /// was opened, or made by [`EdgeIds`]).
    pub(crate) fn trusted(s: &str) -> EdgeId {
        EdgeId(s.into())
    }

    /// Checks that `s` is a valid edge id, without making one.
    pub fn check(s: &str) -> Result<(), InvalidId> {
        if s.is_empty() {
            return Err(InvalidId("an edge id cannot be empty".into()));
        }
        if s.len() > MAX_EDGE_ID_LEN {
            return Err(InvalidId(format!(
                "edge id '{}…' is longer than {MAX_EDGE_ID_LEN} characters",
                s.chars().take(20).collect::<String>()
            )));
        }
        if let Some(c) = s.chars().find(|&c| !is_id_char(c)) {
            return Err(InvalidId(format!(
                "edge id '{}' has the character {c:?}; edge ids use lower-case letters, digits, '-', '_', ':' and '.'",
                s.escape_debug()
            )));
        }
        if !s.starts_with(|c: char| c.is_ascii_alphanumeric()) {
            return Err(InvalidId(format!(
                "edge id '{s}' must start with a letter or a digit"
            )));
        }
        Ok(())
    }
}

fn is_id_char(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | ':' | '.')
}

impl FromStr for EdgeId {
    type Err = InvalidId;

    fn from_str(s: &str) -> Result<EdgeId, InvalidId> {
        EdgeId::check(s)?;
        Ok(EdgeId(s.into()))
    }
}

impl fmt::Display for EdgeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for EdgeId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for EdgeId {
    fn borrow(&self) -> &str {
        &self.0
    }
}

/// The readable part of an edge's default id: `FROM--TO:KIND`, then
/// `:DATE` when it is dated (`kr--kz:mou:2016-11`). Node ids are valid edge
/// id text, so the result is one too.
pub fn default_base(from: &str, to: &str, kind: EdgeKind, date: Option<PartialDate>) -> String {
    let mut s = String::with_capacity(from.len() + to.len() + 24);
    s.push_str(from);
    s.push_str("--");
    s.push_str(to);
    s.push(':');
    s.push_str(kind.as_str());
    if let Some(d) = date {
        use fmt::Write as _;
        let _ = write!(s, ":{d}");
    }
    s
}

/// The ids taken so far, handing out unique defaults.
#[derive(Debug, Clone, Default)]
pub struct EdgeIds {
    taken: HashSet<String, Fast>,
}

impl EdgeIds {
    /// An empty set, with room for `n` ids.
    pub fn with_capacity(n: usize) -> EdgeIds {
        EdgeIds {
            taken: HashSet::with_capacity_and_hasher(n, Fast::default()),
        }
    }

    /// Takes `id`; false when it was taken already.
    pub fn claim(&mut self, id: &str) -> bool {
        if self.taken.contains(id) {
            return false;
        }
        self.taken.insert(id.to_string())
    }

    /// Whether `id` is taken.
    pub fn contains(&self, id: &str) -> bool {
        self.taken.contains(id)
    }

    /// Gives `id` back (its edge was removed).
    pub fn release(&mut self, id: &str) {
        self.taken.remove(id);
    }

    /// Takes and returns `base`, or the first of `base.2`, `base.3`, … that
    /// is free.
    pub fn claim_default(&mut self, base: String) -> String {
        if !self.taken.contains(base.as_str()) {
            self.taken.insert(base.clone());
            return base;
        }
        let mut n = 2u64;
        loop {
            let id = format!("{base}.{n}");
            if !self.taken.contains(id.as_str()) {
                self.taken.insert(id.clone());
                return id;
            }
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_read_like_the_edge_and_are_made_unique() {
        let d: PartialDate = "2019-04".parse().unwrap_or_else(|e| panic!("{e}"));
        let base = default_base("kr-moi", "uz", EdgeKind::Mou, Some(d));
        assert_eq!(base, "kr-moi--uz:mou:2019-04");
        assert!(EdgeId::check(&base).is_ok());
        let mut ids = EdgeIds::default();
        assert!(ids.claim("kr-moi--uz:mou:2019-04.2"));
        assert_eq!(ids.claim_default(base.clone()), "kr-moi--uz:mou:2019-04");
        assert_eq!(ids.claim_default(base.clone()), "kr-moi--uz:mou:2019-04.3");
        assert_eq!(
            default_base("kr", "kz", EdgeKind::HubDesignation, None),
            "kr--kz:hub_designation"
        );
    }

    #[test]
    fn bad_edge_ids_are_refused_with_the_rule() {
        for s in ["", "Kr--kz", "kr kz", ":kr", "kr/kz"] {
            assert!(s.parse::<EdgeId>().is_err(), "{s:?}");
        }
        let e = "kr kz".parse::<EdgeId>().err().map(|e| e.to_string());
        assert!(e.is_some_and(|e| e.contains("'-', '_', ':' and '.'")));
        assert!("a".repeat(201).parse::<EdgeId>().is_err());
        assert!("7".parse::<EdgeId>().is_ok(), "Gephi's numeric edge ids");
    }
}
