//! What a schema lowers to, decided before any type is made for it.

use openapiv3::{AdditionalProperties, ReferenceOr, Schema};

use super::combinations;
use super::model::{Combinations, FloatWidth, IntWidth, TypeRef};
use super::view::{string_type, view, KNOWN_TYPES};
use crate::error::Result;
use crate::spec::Spec;

/// What a schema lowers to, before any type is created for it.
pub(super) enum Shape<'s> {
    Plain(TypeRef),
    Array(Option<&'s ReferenceOr<Box<Schema>>>),
    Map(Option<&'s ReferenceOr<Schema>>),
    /// A single-element `allOf`/`oneOf`/`anyOf`: the element, with the wrapper's flags.
    Transparent(&'s ReferenceOr<Schema>),
    /// An object, with the combinations its `oneOf`/`anyOf` puts on its fields, if any.
    Object(Option<Combinations>),
    AllOf,
    Union {
        any_of: bool,
    },
    Enum(Vec<String>),
}

pub(super) fn shape<'s>(spec: &Spec, schema: &'s Schema, pointer: &str) -> Result<Shape<'s>> {
    let v = view(schema);
    if let Some(typ) = v.typ {
        if !KNOWN_TYPES.contains(&typ) {
            return Err(spec.error(
                &format!("{pointer}/type"),
                format!(
                    "unknown schema type \"{typ}\": expected one of {}",
                    KNOWN_TYPES.join(", ")
                ),
            ));
        }
    }
    if v.not {
        return Err(spec.unsupported(
            &format!("{pointer}/not"),
            "`not` schemas cannot be expressed as a Rust type",
        ));
    }
    if !v.all_of.is_empty() {
        if v.all_of.len() == 1
            && v.properties.is_none()
            && v.one_of.is_empty()
            && v.any_of.is_empty()
        {
            return Ok(Shape::Transparent(&v.all_of[0]));
        }
        return Ok(Shape::AllOf);
    }
    if let Some(combinations) = combinations::combinations(spec, &v, pointer) {
        return Ok(Shape::Object(Some(combinations)));
    }
    for (list, any_of) in [(v.one_of, false), (v.any_of, true)] {
        match list.len() {
            0 => {}
            1 => return Ok(Shape::Transparent(&list[0])),
            _ => return Ok(Shape::Union { any_of }),
        }
    }
    let typ = v
        .typ
        .or(if v.properties.is_some() || v.additional.is_some() {
            Some("object")
        } else if v.items.is_some() {
            Some("array")
        } else {
            None
        });
    Ok(match typ {
        Some("string") => {
            let values: Vec<String> = v
                .enum_values
                .iter()
                .filter_map(|value| value.as_str().map(str::to_owned))
                .collect();
            if values.is_empty() {
                Shape::Plain(string_type(v.format.as_deref()))
            } else {
                Shape::Enum(values)
            }
        }
        Some("integer") => Shape::Plain(TypeRef::Integer(match v.format.as_deref() {
            Some("int32") => IntWidth::I32,
            _ => IntWidth::I64,
        })),
        Some("number") => Shape::Plain(TypeRef::Number(match v.format.as_deref() {
            Some("float") => FloatWidth::F32,
            _ => FloatWidth::F64,
        })),
        Some("boolean") => Shape::Plain(TypeRef::Boolean),
        Some("array") => Shape::Array(v.items),
        Some("object") => match (v.properties, v.additional) {
            (Some(_), _) => Shape::Object(None),
            (None, Some(AdditionalProperties::Schema(values))) => Shape::Map(Some(values.as_ref())),
            (None, Some(AdditionalProperties::Any(true))) => Shape::Map(None),
            (None, Some(AdditionalProperties::Any(false))) => Shape::Object(None),
            (None, None) => Shape::Plain(TypeRef::Json),
        },
        _ => {
            let values: Vec<String> = v
                .enum_values
                .iter()
                .filter_map(|value| value.as_str().map(str::to_owned))
                .collect();
            if !values.is_empty()
                && values.len()
                    == v.enum_values
                        .iter()
                        .filter(|value| !value.is_null())
                        .count()
            {
                Shape::Enum(values)
            } else {
                Shape::Plain(TypeRef::Json)
            }
        }
    })
}
