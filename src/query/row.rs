//! A row of variable bindings, as it flows from clause to clause.

use super::value::Value;

/// Named values, in the order they were bound.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Row(pub Vec<(String, Value)>);

impl Row {
    /// The value bound to `name`.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }

    /// Binds `name`, replacing an earlier binding.
    pub fn set(&mut self, name: &str, v: Value) {
        match self.0.iter_mut().find(|(k, _)| k == name) {
            Some(slot) => slot.1 = v,
            None => self.0.push((name.to_string(), v)),
        }
    }

    /// Whether `name` is bound.
    pub fn has(&self, name: &str) -> bool {
        self.get(name).is_some()
    }
}
