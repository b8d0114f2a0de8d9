//! The combinations of field values an object may take: a `oneOf` or `anyOf` that narrows
//! the object's own fields.

use serde_json::{Map, Value};

/// The combinations of field values an object may take (`oneOf`: exactly one holds;
/// `anyOf`: at least one; none listed: any), and those it must not (`not`).
#[derive(Debug, Clone, Copy)]
pub struct Combinations {
    pub exactly_one: bool,
    pub branches: &'static [Combination],
    pub excluded: &'static [Combination],
}

/// One combination: the fields it requires and what it allows in the fields it names.
#[derive(Debug, Clone, Copy)]
pub struct Combination {
    /// The combination in words, for error messages.
    pub summary: &'static str,
    pub required: &'static [&'static str],
    pub fields: &'static [(&'static str, Allowed)],
}

/// The values a combination allows in one field.
#[derive(Debug, Clone, Copy)]
pub struct Allowed {
    /// The only values allowed, as compact JSON text (empty: any of the kind).
    pub values: &'static [&'static str],
    pub kind: Option<JsonKind>,
    pub nullable: bool,
    pub items: Option<&'static Allowed>,
}

/// A JSON Schema `type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonKind {
    String,
    Integer,
    Number,
    Boolean,
    Array,
    Object,
}

impl Allowed {
    fn admits(&self, value: &Value) -> bool {
        if value.is_null() && self.nullable {
            return true;
        }
        if !self.values.is_empty() && !self.values.contains(&value.to_string().as_str()) {
            return false;
        }
        let kind_fits = match self.kind {
            None => true,
            Some(JsonKind::String) => value.is_string(),
            Some(JsonKind::Integer) => value.is_i64() || value.is_u64(),
            Some(JsonKind::Number) => value.is_number(),
            Some(JsonKind::Boolean) => value.is_boolean(),
            Some(JsonKind::Object) => value.is_object(),
            Some(JsonKind::Array) => value.is_array(),
        };
        kind_fits
            && match (self.items, value) {
                (Some(items), Value::Array(values)) => values.iter().all(|item| items.admits(item)),
                _ => true,
            }
    }
}

impl Combination {
    fn holds(&self, members: &Map<String, Value>) -> bool {
        self.required.iter().all(|name| members.contains_key(*name))
            && self
                .fields
                .iter()
                .all(|(name, allowed)| match members.get(*name) {
                    Some(value) => allowed.admits(value),
                    None => true,
                })
    }
}

impl Combinations {
    /// What is wrong with the object `members`, if anything.
    pub(super) fn violation(&self, members: &Map<String, Value>) -> Option<String> {
        if let Some(excluded) = self.excluded.iter().find(|branch| branch.holds(members)) {
            return Some(format!(
                "fits a combination that is not allowed: {}",
                excluded.summary
            ));
        }
        let holding = self
            .branches
            .iter()
            .filter(|branch| branch.holds(members))
            .count();
        if self.branches.is_empty() || holding == 1 || (holding > 1 && !self.exactly_one) {
            return None;
        }
        let list: Vec<String> = self
            .branches
            .iter()
            .enumerate()
            .map(|(index, branch)| format!("({}) {}", index + 1, branch.summary))
            .collect();
        Some(if holding == 0 {
            format!("fits none of the allowed combinations: {}", list.join("; "))
        } else {
            format!(
                "fits more than one of the combinations, of which exactly one must hold: {}",
                list.join("; ")
            )
        })
    }
}
