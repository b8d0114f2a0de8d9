//! Following `$ref`s: to a component schema, and to the other components an operation may
//! name (parameters, request bodies, responses, headers, examples), with the pointer of where
//! the target is written.

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, Components, Example, ParameterSchemaOrContent, ReferenceOr, Schema,
    SchemaKind, Type,
};

use super::access::AsSchema;
use crate::error::Result;
use crate::spec::{pointer_join, unescape_segment, Spec};

/// Where a schema `$ref` leads.
pub(super) enum Target<'a> {
    /// A component schema: its name, and the schema.
    Component(&'a str, &'a ReferenceOr<Schema>),
    /// A schema inside a component (`#/components/schemas/Tag/allOf/0`): its pointer, and the
    /// schema or reference written there.
    Inside(String, Inner<'a>),
}

/// What is written at a pointer inside a component.
#[derive(Clone, Copy)]
pub(super) enum Inner<'a> {
    Schema(&'a Schema),
    Reference(&'a str),
}

/// Where a schema `$ref` leads: a component schema, a schema anywhere inside one, or the
/// schema of a parameter, header, request body or response component (or inside it).
pub(super) fn schema_target<'a>(
    spec: &'a Spec,
    reference: &str,
    pointer: &str,
) -> Result<Target<'a>> {
    let unresolved = || {
        spec.error(
            &format!("{pointer}/$ref"),
            format!("expected a reference to a schema under #/components/schemas, found \"{reference}\""),
        )
    };
    let mut segments = reference
        .strip_prefix("#/")
        .ok_or_else(unresolved)?
        .split('/')
        .map(unescape_segment);
    let components = spec.document.components.as_ref().ok_or_else(unresolved)?;
    let (section, name) = match (segments.next(), segments.next(), segments.next()) {
        (Some(first), Some(section), Some(name)) if first == "components" => (section, name),
        _ => return Err(unresolved()),
    };
    let segments: Vec<String> = segments.collect();
    // The schema a component of another kind holds: a parameter's or header's `schema`, or the
    // `schema` of one media type of a request body or response.
    let at = match section.as_str() {
        "schemas" => {
            let (name, schema) = components
                .schemas
                .get_key_value(name.as_str())
                .ok_or_else(unresolved)?;
            if segments.is_empty() {
                return Ok(Target::Component(name.as_str(), schema));
            }
            Some(inner_of(schema))
        }
        "parameters" | "headers" => {
            let format = match section.as_str() {
                "parameters" => match components.parameters.get(name.as_str()) {
                    Some(ReferenceOr::Item(parameter)) => {
                        Some(&parameter.parameter_data_ref().format)
                    }
                    _ => None,
                },
                _ => match components.headers.get(name.as_str()) {
                    Some(ReferenceOr::Item(header)) => Some(&header.format),
                    _ => None,
                },
            };
            match (format, segments.first().map(String::as_str)) {
                (Some(ParameterSchemaOrContent::Schema(schema)), Some("schema")) => {
                    return inside(reference, inner_of(schema), &segments[1..])
                        .ok_or_else(unresolved);
                }
                _ => None,
            }
        }
        "requestBodies" | "responses" => {
            let content = match section.as_str() {
                "requestBodies" => match components.request_bodies.get(name.as_str()) {
                    Some(ReferenceOr::Item(body)) => Some(&body.content),
                    _ => None,
                },
                _ => match components.responses.get(name.as_str()) {
                    Some(ReferenceOr::Item(response)) => Some(&response.content),
                    _ => None,
                },
            };
            match (content, segments.as_slice()) {
                (Some(content), [key, media, schema, rest @ ..])
                    if key == "content" && schema == "schema" =>
                {
                    let found = content.get(media.as_str()).and_then(|m| m.schema.as_ref());
                    let found = found.ok_or_else(unresolved)?;
                    return inside(reference, inner_of(found), rest).ok_or_else(unresolved);
                }
                _ => None,
            }
        }
        _ => None,
    };
    let at = at.ok_or_else(unresolved)?;
    inside(reference, at, &segments).ok_or_else(unresolved)
}

fn inner_of<S: AsSchema>(schema: &ReferenceOr<S>) -> Inner<'_> {
    match schema {
        ReferenceOr::Item(item) => Inner::Schema(item.as_schema()),
        ReferenceOr::Reference { reference } => Inner::Reference(reference),
    }
}

/// The schema `segments` below `at`, as the target of `reference`.
fn inside<'a>(reference: &str, mut at: Inner<'a>, segments: &[String]) -> Option<Target<'a>> {
    let mut rest = segments.iter();
    while let Some(segment) = rest.next() {
        let Inner::Schema(schema) = at else {
            return None;
        };
        at = step(schema, segment, &mut rest)?;
    }
    Some(Target::Inside(
        reference.trim_start_matches('#').to_owned(),
        at,
    ))
}

/// One step down a schema by pointer segments (`properties`, `name`; `items`; `allOf`, `0`…).
fn step<'a, 's>(
    schema: &'a Schema,
    segment: &str,
    rest: &mut impl Iterator<Item = &'s String>,
) -> Option<Inner<'a>> {
    let (properties, items, additional, all_of, any_of, one_of, not) = match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => (
            Some(&object.properties),
            None,
            object.additional_properties.as_ref(),
            None,
            None,
            None,
            None,
        ),
        SchemaKind::Type(Type::Array(array)) => {
            (None, array.items.as_ref(), None, None, None, None, None)
        }
        SchemaKind::AllOf { all_of } => (None, None, None, Some(all_of), None, None, None),
        SchemaKind::AnyOf { any_of } => (None, None, None, None, Some(any_of), None, None),
        SchemaKind::OneOf { one_of } => (None, None, None, None, None, Some(one_of), None),
        SchemaKind::Not { not } => (None, None, None, None, None, None, Some(not.as_ref())),
        SchemaKind::Any(any) => (
            Some(&any.properties),
            any.items.as_ref(),
            any.additional_properties.as_ref(),
            Some(&any.all_of),
            Some(&any.any_of),
            Some(&any.one_of),
            any.not.as_deref(),
        ),
        SchemaKind::Type(_) => (None, None, None, None, None, None, None),
    };
    let index = |list: Option<&'a Vec<ReferenceOr<Schema>>>,
                 rest: &mut dyn Iterator<Item = &'s String>| {
        let position: usize = rest.next()?.parse().ok()?;
        list?.get(position).map(inner_of)
    };
    match segment {
        "properties" => properties?.get(rest.next()?.as_str()).map(inner_of),
        "items" => items.map(inner_of),
        "additionalProperties" => match additional? {
            AdditionalProperties::Schema(schema) => Some(inner_of(schema)),
            AdditionalProperties::Any(_) => None,
        },
        "allOf" => index(all_of, rest),
        "anyOf" => index(any_of, rest),
        "oneOf" => index(one_of, rest),
        "not" => not.map(inner_of),
        _ => None,
    }
}

/// A schema use itself, or for a bare `$ref` its target (`None` for a dangling reference or
/// one to another reference).
pub(super) fn schema_of<'s, 'a: 's, S: AsSchema>(
    spec: &'a Spec,
    schema: &'s ReferenceOr<S>,
) -> Option<&'s Schema> {
    match schema {
        ReferenceOr::Item(item) => Some(item.as_schema()),
        ReferenceOr::Reference { reference } => match schema_target(spec, reference, "").ok()? {
            Target::Component(_, ReferenceOr::Item(target)) => Some(target),
            Target::Inside(_, Inner::Schema(target)) => Some(target),
            Target::Component(_, ReferenceOr::Reference { .. })
            | Target::Inside(_, Inner::Reference(_)) => None,
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
