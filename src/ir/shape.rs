//! What a schema lowers to, decided before any type is made for it.

use foldhash::HashSet;
use openapiv3::{AdditionalProperties, ReferenceOr, Schema};

use super::combinations;
use super::model::{Combinations, FloatWidth, IntWidth, TypeRef};
use super::refs;
use super::view::{limits_of, string_type, unmodelled, view, KNOWN_TYPES};
use crate::error::Result;
use crate::spec::Spec;

/// What a schema lowers to, before any type is created for it.
pub(super) enum Shape<'s> {
    Plain(TypeRef),
    Array(Option<&'s ReferenceOr<Box<Schema>>>),
    Map(Option<&'s ReferenceOr<Schema>>),
    /// A single-element `allOf`/`oneOf`/`anyOf`: the element, with the wrapper's flags.
    Transparent(Transparent<'s>),
    /// An object, with the combinations its `oneOf`/`anyOf` puts on its fields, if any.
    Object(Option<Combinations>),
    AllOf,
    /// A schema no value fits: its `allOf` parts contradict each other (a string and an
    /// object). Why, in words.
    Contradiction(String),
    Union {
        any_of: bool,
    },
    Enum(Vec<String>),
}

/// A schema that is another one (a one-element `allOf`, `oneOf` or `anyOf`, or an `allOf`
/// whose other parts only annotate): that one, where it is written, and whether the other
/// parts allow `null`.
pub(super) struct Transparent<'s> {
    pub schema: &'s ReferenceOr<Schema>,
    pub pointer: String,
    pub nullable: bool,
}

impl<'s> Transparent<'s> {
    fn of(pointer: &str, key: &str, index: usize, list: &'s [ReferenceOr<Schema>]) -> Self {
        Transparent {
            schema: &list[index],
            pointer: format!("{pointer}/{key}/{index}"),
            nullable: false,
        }
    }
}

/// Whether an `allOf` part only annotates: it says nothing of the value's shape, only things
/// such as a description, a title, `nullable` or an example.
pub(super) fn annotates(part: &ReferenceOr<Schema>) -> bool {
    let ReferenceOr::Item(part) = part else {
        return false;
    };
    let v = view(part);
    v.typ.is_none()
        && v.format.is_none()
        && v.enum_values.is_empty()
        && v.properties.is_none()
        && v.required.is_empty()
        && v.additional.is_none()
        && v.items.is_none()
        && v.one_of.is_empty()
        && v.any_of.is_empty()
        && v.all_of.is_empty()
        && v.not.is_none()
        && limits_of(part).is_none()
        && !unmodelled(part)
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
    if v.not.is_some() {
        // A `not` that only narrows the object's own fields is a rule on them.
        if let Some(combinations) = combinations::combinations(spec, &v, pointer) {
            return Ok(Shape::Object(Some(combinations)));
        }
        return Err(spec.unsupported(
            &format!("{pointer}/not"),
            "`not` schemas cannot be expressed as a Rust type",
        ));
    }
    if !v.all_of.is_empty() {
        let alone = v.properties.is_none() && v.one_of.is_empty() && v.any_of.is_empty();
        if alone && v.all_of.len() == 1 {
            return Ok(Shape::Transparent(Transparent::of(
                pointer, "allOf", 0, v.all_of,
            )));
        }
        // `allOf: [{$ref: A}, {description: …}]`, `[{$ref: A}, {nullable: true}]`: an alias
        // of A whose other parts only say something about it.
        let mut parts = v.all_of.iter().enumerate().filter(|(_, p)| !annotates(p));
        if let (true, Some((index, _)), None) = (alone, parts.next(), parts.next()) {
            let mut transparent = Transparent::of(pointer, "allOf", index, v.all_of);
            transparent.nullable = v.all_of.iter().any(|part| {
                annotates(part) && matches!(part, ReferenceOr::Item(p) if p.schema_data.nullable)
            });
            return Ok(Shape::Transparent(transparent));
        }
        if alone {
            if let Some(narrowed) = narrowed(spec, pointer, v.all_of)? {
                return Ok(narrowed);
            }
        }
        if let Some(why) = object_and_something_else(spec, schema) {
            return Ok(Shape::Contradiction(why));
        }
        return Ok(Shape::AllOf);
    }
    if let Some(combinations) = combinations::combinations(spec, &v, pointer) {
        return Ok(Shape::Object(Some(combinations)));
    }
    for (list, any_of) in [(v.one_of, false), (v.any_of, true)] {
        match list.len() {
            0 => {}
            1 => {
                let key = if any_of { "anyOf" } else { "oneOf" };
                return Ok(Shape::Transparent(Transparent::of(pointer, key, 0, list)));
            }
            // Properties beside the union are common to its variants, as if an `allOf`
            // held them and the union (Cloudflare's `image_basic_upload`: `metadata` beside
            // a file or a URL); dropping them would lose what the spec says.
            _ if v.properties.is_some_and(|p| !p.is_empty()) => return Ok(Shape::AllOf),
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

/// An `allOf` of schemas that are not objects, one of which says what the value is (its
/// `type`, `items`, `format`) while the others only narrow it (`enum`, limits) or annotate it:
/// the one that says what the value is, or the string enum the parts' `enum`s leave. `None`
/// when a part is an object or a union (the parts are merged instead); a contradiction when
/// the parts' types (or their `enum`s) leave no value.
fn narrowed<'s>(
    spec: &Spec,
    pointer: &str,
    parts: &'s [ReferenceOr<Schema>],
) -> Result<Option<Shape<'s>>> {
    let mut typed: Option<(usize, &str)> = None;
    let mut enums: Option<Vec<String>> = None;
    for (index, part) in parts.iter().enumerate() {
        if annotates(part) {
            continue;
        }
        let Some(schema) = refs::schema_of(spec, part) else {
            return Ok(None);
        };
        let p = view(schema);
        let object = p.typ == Some("object") || p.properties.is_some() || p.additional.is_some();
        let combined = !p.one_of.is_empty() || !p.any_of.is_empty() || !p.all_of.is_empty();
        if object || combined || p.not.is_some() || unmodelled(schema) {
            return Ok(None);
        }
        let strings: Vec<String> = p
            .enum_values
            .iter()
            .filter_map(|value| value.as_str().map(str::to_owned))
            .collect();
        if !strings.is_empty() {
            enums = Some(match enums {
                Some(known) => known.into_iter().filter(|v| strings.contains(v)).collect(),
                None => strings,
            });
        }
        let Some(typ) = p.typ.or(p.items.map(|_| "array")) else {
            continue;
        };
        match typed {
            None => typed = Some((index, typ)),
            Some((first, known)) if known != typ => {
                return Ok(Some(Shape::Contradiction(format!(
                    "its allOf asks for a value that is both a \"{known}\" ({}) and a \"{typ}\" \
                     ({}), and no value is both",
                    part_place(pointer, first, &parts[first]),
                    part_place(pointer, index, part),
                ))))
            }
            Some((first, _)) => {
                let says_more = |schema: &ReferenceOr<Schema>| {
                    refs::schema_of(spec, schema)
                        .map(view)
                        .is_some_and(|p| p.items.is_some() || p.format.is_some())
                };
                match (says_more(&parts[first]), says_more(part)) {
                    (true, true) => {
                        return Err(spec.unsupported(
                            &format!("{pointer}/allOf/{index}"),
                            format!(
                                "allOf of two \"{typ}\" schemas that both give items or a \
                                 format: they cannot be merged"
                            ),
                        ))
                    }
                    (false, true) => typed = Some((index, typ)),
                    _ => {}
                }
            }
        }
    }
    let Some((index, typ)) = typed else {
        return Ok(None);
    };
    match enums {
        Some(values) if typ == "string" && values.is_empty() => Ok(Some(Shape::Contradiction(
            "its allOf is of string enums that share no value, so no value fits".to_owned(),
        ))),
        Some(values) if typ == "string" => Ok(Some(Shape::Enum(values))),
        // An `enum` of other values narrows the value beyond what its Rust type says.
        _ => {
            let mut transparent = Transparent::of(pointer, "allOf", index, parts);
            transparent.nullable = parts.iter().any(|part| {
                annotates(part) && matches!(part, ReferenceOr::Item(p) if p.schema_data.nullable)
            });
            Ok(Some(Shape::Transparent(transparent)))
        }
    }
}

/// Why no value fits an `allOf` whose parts (or the schema holding them) say the value is an
/// object and also something else (Cloudflare's KV error body: a `type: string` value and
/// the object every failure is), or `None` when they do not say so. Parts are looked at one
/// level deep: a contradiction further in is found where it is written.
fn object_and_something_else(spec: &Spec, schema: &Schema) -> Option<String> {
    object_and_something_else_within(spec, schema, 0, &mut HashSet::default())
}

/// [`object_and_something_else`], `depth` `allOf`s in. A part that is itself an `allOf` no
/// value fits makes this one a schema no value fits too (merging it would reach the part that
/// is not an object, and fail): parts are followed that far, at most 32 deep as merging does.
/// Each schema is looked at once (`seen`): a part met again either was found to fit, since a
/// contradiction ends the search, or is a cycle. Without that, parts that repeat a schema
/// (`S0: allOf [S1, S1]`, `S1: allOf [S2, S2]`, …) were looked at twice as often at every level.
fn object_and_something_else_within<'s>(
    spec: &'s Spec,
    schema: &'s Schema,
    depth: usize,
    seen: &mut HashSet<*const Schema>,
) -> Option<String> {
    if depth > 32 || !seen.insert(schema as *const Schema) {
        return None;
    }
    let own = std::iter::once((None, Some(schema)));
    let parts = view(schema)
        .all_of
        .iter()
        .map(|part| (Some(part), refs::schema_of(spec, part)));
    let mut object = None;
    let mut other = None;
    for (part, resolved) in own.chain(parts) {
        let Some(resolved) = resolved else {
            continue;
        };
        let p = view(resolved);
        let place = match part {
            Some(ReferenceOr::Reference { reference }) => format!("`{reference}`"),
            Some(ReferenceOr::Item(_)) => "an inline part".to_owned(),
            None => "the schema itself".to_owned(),
        };
        if part.is_some() && !p.all_of.is_empty() {
            if let Some(why) = object_and_something_else_within(spec, resolved, depth + 1, seen) {
                return Some(format!(
                    "its allOf part {place} is a schema no value fits: {why}"
                ));
            }
        }
        match p.typ {
            Some("object") => object = object.or(Some(place)),
            Some(typ) => other = other.or(Some((typ, place))),
            None if p.properties.is_some() || p.additional.is_some() => {
                object = object.or(Some(place))
            }
            None => {}
        }
    }
    let (object, (typ, place)) = (object?, other?);
    Some(format!(
        "its allOf asks for a value that is both a \"{typ}\" ({place}) and an object \
         ({object}), and no value is both"
    ))
}

/// Where an `allOf` part is, for a message: the `$ref` it is, or its index.
fn part_place(pointer: &str, index: usize, part: &ReferenceOr<Schema>) -> String {
    match part {
        ReferenceOr::Reference { reference } => format!("`{reference}`"),
        ReferenceOr::Item(_) => format!("`#{pointer}/allOf/{index}`"),
    }
}
