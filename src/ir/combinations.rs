//! Combinations: the `oneOf`/`anyOf` next to an object's `properties` whose branches only
//! narrow those properties, read as rules on the object's fields, and put in words.

use indexmap::IndexMap;
use openapiv3::{ReferenceOr, Schema};

use super::access::AsSchema;
use super::model::{Allowed, Combination, Combinations, JsonKind, Origin};
use super::refs;
use super::view::{limits_of, unmodelled, view, View};
use crate::spec::Spec;

/// The `oneOf`/`anyOf` and `not` next to an object's `properties` as rules on its fields, when
/// every branch only narrows properties the object declares (their `type`, `nullable`, `enum`
/// and `items`, and which are `required`). Branches that add properties or use other keywords
/// make the schema a union instead (`None`).
pub(super) fn combinations(spec: &Spec, v: &View<'_>, pointer: &str) -> Option<Combinations> {
    let parent = v.properties?;
    let (list, key, exactly_one) = match (v.one_of.is_empty(), v.any_of.is_empty()) {
        (false, true) => (v.one_of, "oneOf", true),
        (true, false) => (v.any_of, "anyOf", false),
        (true, true) if v.not.is_some() => (&[][..], "not", false),
        _ => return None,
    };
    let branches = list
        .iter()
        .map(|member| branch(spec, parent, member))
        .collect::<Option<Vec<_>>>()?;
    let excluded = match v.not {
        Some(not) => vec![branch(spec, parent, not)?],
        None => Vec::new(),
    };
    Some(Combinations {
        exactly_one,
        branches,
        excluded,
        origin: Origin::of(spec, &format!("{pointer}/{key}")),
    })
}

/// One branch, if it only narrows properties of `parent`.
fn branch(
    spec: &Spec,
    parent: &IndexMap<String, ReferenceOr<Box<Schema>>>,
    member: &ReferenceOr<Schema>,
) -> Option<Combination> {
    let schema = refs::schema_of(spec, member)?;
    let b = view(schema);
    let plain = matches!(b.typ, None | Some("object"))
        && b.items.is_none()
        && b.additional.is_none()
        && b.one_of.is_empty()
        && b.any_of.is_empty()
        && b.all_of.is_empty()
        && b.not.is_none()
        && b.enum_values.is_empty();
    if !plain || unmodelled(schema) || b.required.iter().any(|name| !parent.contains_key(name)) {
        return None;
    }
    let mut fields = Vec::new();
    for (name, property) in b.properties.into_iter().flatten() {
        if !parent.contains_key(name) {
            return None;
        }
        fields.push((name.clone(), allowed(spec, property, 0)?));
    }
    let required = b.required.to_vec();
    let summary = combination_summary(&fields, &required);
    Some(Combination {
        required,
        fields,
        summary,
    })
}

/// What a branch's property schema allows, if it only uses `type`, `nullable`, `enum` (of
/// strings and integers) and `items`; `None` for anything else, or nesting deeper than a
/// few levels (a `$ref` cycle).
fn allowed<S: AsSchema>(spec: &Spec, schema: &ReferenceOr<S>, depth: usize) -> Option<Allowed> {
    if depth > 8 {
        return None;
    }
    let schema = refs::schema_of(spec, schema)?;
    let v = view(schema);
    if v.properties.is_some()
        || v.additional.is_some()
        || !v.one_of.is_empty()
        || !v.any_of.is_empty()
        || !v.all_of.is_empty()
        || v.not.is_some()
        || limits_of(schema).is_some()
        || unmodelled(schema)
        || v.enum_values
            .iter()
            .any(|value| !(value.is_string() || value.is_i64() || value.is_null()))
    {
        return None;
    }
    let kind = match v.typ {
        None => None,
        Some("string") => Some(JsonKind::String),
        Some("integer") => Some(JsonKind::Integer),
        Some("number") => Some(JsonKind::Number),
        Some("boolean") => Some(JsonKind::Boolean),
        Some("array") => Some(JsonKind::Array),
        Some("object") => Some(JsonKind::Object),
        Some(_) => return None,
    };
    let items = match v.items {
        Some(items) => Some(Box::new(allowed(spec, items, depth + 1)?)),
        None => None,
    };
    Some(Allowed {
        values: v.enum_values,
        kind,
        nullable: schema.schema_data.nullable,
        items,
    })
}

/// A combination in words: "`op` is add, replace or test; `value` (required) is a string".
pub(super) fn combination_summary(fields: &[(String, Allowed)], required: &[String]) -> String {
    let mut parts: Vec<String> = fields
        .iter()
        .map(|(name, allowed)| {
            let need = if required.contains(name) {
                " (required)"
            } else {
                ""
            };
            format!("`{name}`{need} is {}", allowed_summary(allowed))
        })
        .collect();
    for name in required {
        if !fields.iter().any(|(field, _)| field == name) {
            parts.push(format!("`{name}` is present"));
        }
    }
    if parts.is_empty() {
        "any value".to_owned()
    } else {
        parts.join("; ")
    }
}

fn allowed_summary(allowed: &Allowed) -> String {
    let mut text = if !allowed.values.is_empty() {
        let values: Vec<String> = allowed
            .values
            .iter()
            .map(|value| match value {
                serde_json::Value::String(text) => text.clone(),
                other => other.to_string(),
            })
            .collect();
        match values.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
            _ => values.concat(),
        }
    } else {
        match allowed.kind {
            None => "any value".to_owned(),
            Some(JsonKind::String) => "a string".to_owned(),
            Some(JsonKind::Integer) => "an integer".to_owned(),
            Some(JsonKind::Number) => "a number".to_owned(),
            Some(JsonKind::Boolean) => "a boolean".to_owned(),
            Some(JsonKind::Object) => "an object".to_owned(),
            Some(JsonKind::Array) => match &allowed.items {
                Some(items) => match (items.kind, items.values.is_empty(), items.nullable) {
                    (Some(JsonKind::String), true, false) => "a list of strings".to_owned(),
                    (Some(JsonKind::Integer), true, false) => "a list of integers".to_owned(),
                    (Some(JsonKind::Number), true, false) => "a list of numbers".to_owned(),
                    (Some(JsonKind::Boolean), true, false) => "a list of booleans".to_owned(),
                    (Some(JsonKind::Object), true, false) => "a list of objects".to_owned(),
                    _ => format!("a list whose items are each {}", allowed_summary(items)),
                },
                None => "a list".to_owned(),
            },
        }
    };
    if allowed.nullable && !allowed.values.iter().any(serde_json::Value::is_null) {
        text.push_str(" or null");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allowed(kind: Option<JsonKind>, values: &[&str]) -> Allowed {
        Allowed {
            values: values.iter().map(|v| serde_json::json!(v)).collect(),
            kind,
            nullable: false,
            items: None,
        }
    }

    #[test]
    fn a_combination_reads_as_a_sentence() {
        let fields = vec![
            (
                "op".to_owned(),
                allowed(Some(JsonKind::String), &["add", "replace", "test"]),
            ),
            ("value".to_owned(), allowed(Some(JsonKind::String), &[])),
        ];
        assert_eq!(
            combination_summary(&fields, &["value".to_owned(), "path".to_owned()]),
            "`op` is add, replace or test; `value` (required) is a string; `path` is present"
        );
        assert_eq!(combination_summary(&[], &[]), "any value");
    }

    #[test]
    fn lists_and_null_are_named() {
        let mut list = allowed(Some(JsonKind::Array), &[]);
        list.items = Some(Box::new(allowed(Some(JsonKind::String), &[])));
        list.nullable = true;
        assert_eq!(allowed_summary(&list), "a list of strings or null");
    }
}
