//! Following `$ref`s: to a component schema, and to the other components an operation may
//! name (parameters, request bodies, responses, headers, examples), with the pointer of where
//! the target is written.

use indexmap::IndexMap;
use openapiv3::{Components, Example, ReferenceOr, Schema};

use super::access::{schema_ref_name, AsSchema};
use crate::error::Result;
use crate::spec::{pointer_join, Spec};

/// The component schema a `$ref` names: its name and its schema.
pub(super) fn schema_ref<'a>(
    spec: &'a Spec,
    reference: &str,
    pointer: &str,
) -> Result<(&'a str, &'a ReferenceOr<Schema>)> {
    let found = schema_ref_name(reference).and_then(|name| {
        spec.document
            .components
            .as_ref()?
            .schemas
            .get_full(name)
            .map(|(_, key, schema)| (key.as_str(), schema))
    });
    found.ok_or_else(|| {
        spec.error(
            &format!("{pointer}/$ref"),
            format!("expected a reference to a schema under #/components/schemas, found \"{reference}\""),
        )
    })
}

/// A schema use itself, or for a bare `$ref` its target (`None` for a dangling reference or
/// one to another reference).
pub(super) fn schema_of<'s, 'a: 's, S: AsSchema>(
    spec: &'a Spec,
    schema: &'s ReferenceOr<S>,
) -> Option<&'s Schema> {
    match schema {
        ReferenceOr::Item(item) => Some(item.as_schema()),
        ReferenceOr::Reference { reference } => match schema_ref(spec, reference, "").ok()? {
            (_, ReferenceOr::Item(target)) => Some(target),
            (_, ReferenceOr::Reference { .. }) => None,
        },
    }
}

/// An inline item, or the component a `$ref` names under `#/components/<section>/`, with the
/// pointer of where it is written.
pub(super) fn component<'a, T>(
    spec: &'a Spec,
    item: &'a ReferenceOr<T>,
    pointer: &str,
    section: &str,
    what: &str,
    in_components: impl Fn(&'a Components) -> &'a IndexMap<String, ReferenceOr<T>>,
) -> Result<(&'a T, String)> {
    let reference = match item {
        ReferenceOr::Item(item) => return Ok((item, pointer.to_owned())),
        ReferenceOr::Reference { reference } => reference,
    };
    let prefix = format!("#/components/{section}/");
    let found = reference.strip_prefix(&prefix).and_then(|name| {
        let components = spec.document.components.as_ref()?;
        match in_components(components).get(name)? {
            ReferenceOr::Item(found) => {
                Some((found, pointer_join(&format!("/components/{section}"), name)))
            }
            ReferenceOr::Reference { .. } => None,
        }
    });
    found.ok_or_else(|| {
        spec.error(
            &format!("{pointer}/$ref"),
            format!("expected a reference to {what} under {prefix}, found \"{reference}\""),
        )
    })
}

/// An inline example, or the one a `$ref` names under `#/components/examples/`, with the
/// pointer of where it is written (`None` when the reference leads nowhere).
pub(super) fn example<'a>(
    spec: &'a Spec,
    example: &'a ReferenceOr<Example>,
    pointer: &str,
) -> Option<(&'a Example, String)> {
    match example {
        ReferenceOr::Item(example) => Some((example, pointer.to_owned())),
        ReferenceOr::Reference { reference } => {
            let name = reference.strip_prefix("#/components/examples/")?;
            match spec.document.components.as_ref()?.examples.get(name)? {
                ReferenceOr::Item(example) => {
                    Some((example, pointer_join("/components/examples", name)))
                }
                ReferenceOr::Reference { .. } => None,
            }
        }
    }
}
