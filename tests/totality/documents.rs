//! A proptest strategy for random valid OpenAPI documents (3.0.3, and 3.1.0 in its own
//! spellings): component schemas of every kind the generator reads, referring to each other
//! (recursion included), operations with parameters in every location, bodies of every media
//! kind the server stub reads, responses with codes, ranges and `default`, and security
//! schemes. Names are drawn from lists of the spellings that break generators: Rust keywords,
//! names that differ only by case or punctuation, leading digits.
//!
//! Every document is valid OpenAPI; `.ci/run` checks the ones the test writes with
//! openapi-spec-validator.

use proptest::collection::{btree_set, vec};
use proptest::prelude::*;
use proptest::sample::{select, subsequence};
use serde_json::{json, Map, Value};

/// Component names: valid component keys (`^[a-zA-Z0-9._-]+$`), chosen to collide once spelled
/// in Rust (`Pet`, `pet`, `pet_`, `Pet-`), to be keywords (`Self`, `type`, `crate`), to start
/// with a digit, or to shadow what generated code names (`Option`, `Result`, `Vec`, `String`,
/// `Box`, `Nullable`, `Value`, `Error`).
const COMPONENT_NAMES: &[&str] = &[
    "Pet",
    "pet",
    "pet_",
    "Pet-",
    "PET",
    "Pet.Info",
    "pet.info",
    "pet_info",
    "PetInfo",
    "Self",
    "self",
    "type",
    "Type",
    "crate",
    "super",
    "fn",
    "Option",
    "Result",
    "Vec",
    "String",
    "Box",
    "Nullable",
    "Value",
    "Error",
    "1Thing",
    "2nd-thing",
    "_hidden",
    "__double",
    "a",
    "A",
    "Some",
    "None",
    "Ok",
    "Err",
    "Default",
    "Response",
    "Request",
    "Body",
    "Query",
    "Path",
    "Headers",
    "Node",
    "Tree",
    "Item",
    "item-list",
    "Item_List",
    "x",
    "X",
    "v1.Pet",
    "Base64Bytes",
    "FilePart",
    "Unknown",
    "async",
    "await",
    "dyn",
    "impl",
    "move",
    "ref",
    "mod",
    "match",
];

/// Property names: anything goes (JSON object keys), and these do.
const PROPERTY_NAMES: &[&str] = &[
    "id",
    "ID",
    "Id",
    "name",
    "Name",
    "NAME",
    "type",
    "Type",
    "self",
    "Self",
    "super",
    "crate",
    "fn",
    "match",
    "ref",
    "r#type",
    "async",
    "await",
    "dyn",
    "try",
    "yield",
    "abstract",
    "1st",
    "2",
    "_",
    "__",
    "_private",
    "foo-bar",
    "foo_bar",
    "fooBar",
    "FooBar",
    "foo.bar",
    "foo bar",
    "foo+",
    "foo-",
    "$ref",
    "@type",
    "kind",
    "value",
    "values",
    "Value",
    "status",
    "body",
    "key",
    "unknown",
    "Unknown",
    "default",
    "created-at",
    "createdAt",
    "created_at",
    "x",
    "X",
    "é",
    "naïve",
    "some",
    "none",
    "Some",
    "None",
    "ok",
    "Ok",
    "err",
    "box",
    "vec",
    "string",
    "option",
];

/// Values of string enums: keywords, case and punctuation variants, digits, the empty string.
const STRING_ENUM_VALUES: &[&str] = &[
    "a",
    "A",
    "a-b",
    "a_b",
    "aB",
    "AB",
    "",
    " ",
    "1",
    "1a",
    "self",
    "Self",
    "type",
    "unknown",
    "Unknown",
    "none",
    "None",
    "Some",
    "active",
    "ACTIVE",
    "in-progress",
    "in_progress",
    "inProgress",
    "+1",
    "-1",
    "é",
    "a.b",
    "a/b",
    "ok",
    "Ok",
];

/// Path segments and path parameter names.
const SEGMENTS: &[&str] = &[
    "pets", "Pets", "items", "a-b", "a_b", "v1", "1", "type", "self", "users", "x.y", "things",
];
const PATH_PARAMS: &[&str] = &[
    "id", "Id", "item-id", "item_id", "itemId", "type", "self", "1st", "name", "pet.id",
];
const QUERY_NAMES: &[&str] = &[
    "limit",
    "Limit",
    "page[size]",
    "filter",
    "type",
    "self",
    "sort-by",
    "sort_by",
    "sortBy",
    "q",
    "Q",
    "1st",
    "fields",
    "match",
    "expand",
    "a.b",
];
const HEADER_NAMES: &[&str] = &[
    "X-Request-Id",
    "x-request-id-2",
    "X-Rate-Limit",
    "X_Trace",
    "If-Match",
    "X-Type",
    "X-Self",
    "X-1st",
];
const COOKIE_NAMES: &[&str] = &[
    "session",
    "Session",
    "SESSION_ID",
    "csrf-token",
    "type",
    "1st",
];
const OPERATION_IDS: &[&str] = &[
    "getPet",
    "get_pet",
    "GetPet",
    "get-pet",
    "type",
    "self",
    "match",
    "1op",
    "list",
    "List",
    "create.item",
    "createItem",
    "create_item",
    "do",
    "new",
    "router",
    "Router",
    "default",
    "fn",
    "async",
];

/// Whether the document is OpenAPI 3.0 or 3.1: a few keywords are spelled differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    V30,
    V31,
}

/// Makes a schema nullable in the version's spelling: `nullable: true` in 3.0; a type list
/// with `"null"` in 3.1 (or, without a `type`, a `oneOf` with `{type: "null"}`).
fn nullable(version: Version, mut schema: Value) -> Value {
    match version {
        Version::V30 => {
            if schema.get("$ref").is_some() {
                // A `$ref`'s siblings are ignored in 3.0; `allOf` carries the flag.
                return json!({ "allOf": [schema], "nullable": true });
            }
            schema["nullable"] = json!(true);
            schema
        }
        Version::V31 => match schema.get("type").cloned() {
            Some(Value::String(typ)) => {
                schema["type"] = json!([typ, "null"]);
                if let Some(Value::Array(values)) = schema.get_mut("enum") {
                    values.push(Value::Null);
                }
                schema
            }
            _ => json!({ "oneOf": [schema, { "type": "null" }] }),
        },
    }
}

/// A description, sometimes with markdown and characters that need escaping in doc comments.
fn description() -> impl Strategy<Value = Option<String>> {
    proptest::option::weighted(
        0.3,
        select(vec![
            "A thing.",
            "Has `code`, *emphasis* and a [link](https://example.com).",
            "Line one.\n\nLine two with */ and /* and \"quotes\".",
            "Ends with a backslash \\",
            "# Heading\n- item",
            "{% not a tag %} {{ nor this }}",
        ]),
    )
    .prop_map(|d| d.map(str::to_owned))
}

fn with_description(mut schema: Value, description: Option<String>) -> Value {
    if let (Some(text), Some(object)) = (description, schema.as_object_mut()) {
        object.insert("description".to_owned(), json!(text));
    }
    schema
}

/// A schema of one value: strings with formats, integers, numbers, booleans, enums; with or
/// without bounds and a default that fits them.
fn primitive(version: Version) -> BoxedStrategy<Value> {
    let string = (
        select(vec![
            None,
            Some("date-time"),
            Some("date"),
            Some("uuid"),
            Some("byte"),
            Some("binary"),
            Some("email"),
            Some("uri"),
            Some("password"),
            Some("odd-format"),
        ]),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(format, bounded, defaulted)| {
            let mut schema = json!({ "type": "string" });
            if let Some(format) = format {
                schema["format"] = json!(format);
            }
            if bounded && format.is_none() {
                schema["minLength"] = json!(1);
                schema["maxLength"] = json!(40);
                schema["pattern"] = json!("^[a-z0-9-]+$");
            }
            if defaulted {
                let default = match format {
                    None if bounded => Some(json!("abc")),
                    None | Some("password" | "odd-format") => Some(json!("x")),
                    Some("email") => Some(json!("a@example.com")),
                    Some("uri") => Some(json!("https://example.com/a")),
                    Some("date-time") => Some(json!("2024-01-02T03:04:05Z")),
                    Some("date") => Some(json!("2024-01-02")),
                    Some("uuid") => Some(json!("3fa85f64-5717-4562-b3fc-2c963f66afa6")),
                    Some("byte") => Some(json!("aGVsbG8=")),
                    _ => None,
                };
                if let Some(default) = default {
                    schema["default"] = default;
                }
            }
            schema
        });
    let integer = (
        select(vec![None, Some("int32"), Some("int64")]),
        any::<bool>(),
        proptest::option::of(-5i64..5),
    )
        .prop_map(move |(format, bounded, default)| {
            let mut schema = json!({ "type": "integer" });
            if let Some(format) = format {
                schema["format"] = json!(format);
            }
            if bounded {
                schema["minimum"] = json!(-10);
                match version {
                    Version::V30 => {
                        schema["maximum"] = json!(100);
                        schema["exclusiveMaximum"] = json!(true);
                    }
                    Version::V31 => schema["exclusiveMaximum"] = json!(100),
                }
            }
            if let Some(default) = default {
                schema["default"] = json!(default);
            }
            schema
        });
    let number = (
        select(vec![None, Some("float"), Some("double")]),
        proptest::option::of(select(vec![0.5f64, -2.0, 10.0])),
    )
        .prop_map(|(format, default)| {
            let mut schema = json!({ "type": "number" });
            if let Some(format) = format {
                schema["format"] = json!(format);
            }
            if let Some(default) = default {
                schema["default"] = json!(default);
            }
            schema
        });
    let boolean = proptest::option::of(any::<bool>()).prop_map(|default| {
        let mut schema = json!({ "type": "boolean" });
        if let Some(default) = default {
            schema["default"] = json!(default);
        }
        schema
    });
    prop_oneof![
        3 => string,
        2 => integer,
        1 => number,
        1 => boolean,
        2 => string_enum(version),
        1 => integer_enum(),
    ]
    .boxed()
}

fn string_enum(version: Version) -> BoxedStrategy<Value> {
    (
        subsequence(STRING_ENUM_VALUES.to_vec(), 1..6),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(move |(values, defaulted, constant)| {
            if version == Version::V31 && constant {
                return json!({ "type": "string", "const": values[0] });
            }
            let mut schema = json!({ "type": "string", "enum": values });
            if defaulted {
                schema["default"] = json!(values[values.len() - 1]);
            }
            schema
        })
        .boxed()
}

fn integer_enum() -> BoxedStrategy<Value> {
    btree_set(-3i64..400, 1..5)
        .prop_map(|values| {
            let values: Vec<i64> = values.into_iter().collect();
            json!({ "type": "integer", "enum": values })
        })
        .boxed()
}

/// Distinct names from a list: `count` of them.
fn names(
    list: &'static [&'static str],
    count: std::ops::Range<usize>,
) -> BoxedStrategy<Vec<String>> {
    subsequence(list.to_vec(), count)
        .prop_shuffle()
        .prop_map(|names| names.into_iter().map(str::to_owned).collect())
        .boxed()
}

/// Where a field of an object may be read or written.
#[derive(Debug, Clone, Copy)]
enum Access {
    Both,
    ReadOnly,
    WriteOnly,
}

/// A property of an object.
#[derive(Debug, Clone)]
pub struct Field {
    name: String,
    schema: Value,
    required: bool,
    nullable: bool,
    access: Access,
}

impl Field {
    /// The field, neither nullable nor read- or write-only: what a form, a multipart body and a
    /// `deepObject` parameter hold.
    fn plain(self) -> Field {
        Field {
            nullable: false,
            access: Access::Both,
            ..self
        }
    }
}

/// An object's `properties` and `required` from its fields.
fn object(version: Version, fields: Vec<Field>, additional: Option<Value>) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for Field {
        name,
        schema,
        required: is_required,
        nullable: is_nullable,
        access,
    } in fields
    {
        let mut schema = if is_nullable {
            nullable(version, schema)
        } else {
            schema
        };
        match access {
            Access::Both => {}
            Access::ReadOnly | Access::WriteOnly => {
                let key = match access {
                    Access::ReadOnly => "readOnly",
                    _ => "writeOnly",
                };
                schema = if schema.get("$ref").is_some() {
                    match version {
                        Version::V30 => json!({ "allOf": [schema], key: true }),
                        Version::V31 => {
                            schema[key] = json!(true);
                            schema
                        }
                    }
                } else {
                    schema[key] = json!(true);
                    schema
                };
            }
        }
        if is_required {
            required.push(json!(name));
        }
        properties.insert(name, schema);
    }
    let mut object = json!({ "type": "object", "properties": properties });
    if !required.is_empty() {
        object["required"] = Value::Array(required);
    }
    if let Some(additional) = additional {
        object["additionalProperties"] = additional;
    }
    object
}

fn field(inner: BoxedStrategy<Value>) -> impl Strategy<Value = (Value, bool, bool, Access)> {
    (
        inner,
        any::<bool>(),
        proptest::bool::weighted(0.25),
        prop_oneof![6 => Just(Access::Both), 1 => Just(Access::ReadOnly), 1 => Just(Access::WriteOnly)],
    )
}

fn fields(inner: BoxedStrategy<Value>, count: std::ops::Range<usize>) -> BoxedStrategy<Vec<Field>> {
    names(PROPERTY_NAMES, count)
        .prop_flat_map(move |names| {
            let count = names.len();
            vec(field(inner.clone()), count..=count).prop_map(move |fields| {
                names
                    .iter()
                    .cloned()
                    .zip(fields)
                    .map(|(name, (schema, required, nullable, access))| Field {
                        name,
                        schema,
                        required,
                        nullable,
                        access,
                    })
                    .collect()
            })
        })
        .boxed()
}

fn reference(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

/// Any schema, nested up to three levels: primitives and references to `refs` at the leaves;
/// arrays, maps, objects (with extra properties or not) and unions of them above.
fn schema(version: Version, refs: Vec<String>) -> BoxedStrategy<Value> {
    let leaf = if refs.is_empty() {
        primitive(version)
    } else {
        prop_oneof![
            2 => primitive(version),
            1 => select(refs).prop_map(|name| reference(&name)),
        ]
        .boxed()
    };
    leaf.prop_recursive(3, 12, 4, move |inner| {
        prop_oneof![
            2 => (inner.clone(), proptest::option::of(0usize..3)).prop_map(|(items, min)| {
                let mut array = json!({ "type": "array", "items": items });
                if let Some(min) = min {
                    array["minItems"] = json!(min);
                }
                array
            }),
            1 => inner.clone().prop_map(|values| json!({ "type": "object", "additionalProperties": values })),
            2 => (fields(inner.clone(), 1..4), proptest::option::weighted(0.2, select(vec![json!(true), json!(false), json!({ "type": "string" })])))
                .prop_map(move |(fields, additional)| object(version, fields, additional)),
            1 => (vec(inner.clone(), 2..4), any::<bool>()).prop_map(|(variants, one)| {
                let key = if one { "oneOf" } else { "anyOf" };
                json!({ key: variants })
            }),
            1 => Just(json!({})),
        ]
        .boxed()
    })
    .boxed()
}

/// What a component is. Chosen for every component before any is drawn, so that a component
/// combining others knows what they are: an `allOf` merges objects (and at most one union of
/// objects), which is what `allOf` composition is for; a part of another type would be a
/// schema no value fits, or one the generator documents it cannot merge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An object whose fields may refer to any component, itself included.
    Object,
    /// Any schema, referring only to components before it (so no chain of `$ref`s is a cycle).
    Schema,
    StringEnum,
    IntegerEnum,
    /// An array of any schema, which may refer to any component.
    Array,
    /// A map (`additionalProperties`) of any schema, which may refer to any component.
    Map,
    /// `allOf` of objects before it, at most one union of objects, and fields of its own.
    AllOf,
    /// `oneOf` or `anyOf` of components before it and inline schemas.
    Union,
    /// `oneOf` or `anyOf` of objects before it.
    ObjectUnion,
}

fn kind() -> impl Strategy<Value = Kind> {
    prop_oneof![
        5 => Just(Kind::Object),
        2 => Just(Kind::Schema),
        1 => Just(Kind::StringEnum),
        1 => Just(Kind::IntegerEnum),
        1 => Just(Kind::Array),
        1 => Just(Kind::Map),
        2 => Just(Kind::AllOf),
        1 => Just(Kind::Union),
        1 => Just(Kind::ObjectUnion),
    ]
}

/// A component of its kind; `all` are the names of every component, `earlier` (name and kind)
/// those before it. A kind that needs earlier components it does not have is an object.
fn component(
    version: Version,
    kind: Kind,
    all: Vec<String>,
    earlier: Vec<(String, Kind)>,
) -> BoxedStrategy<Value> {
    let any_schema = schema(version, all.clone());
    let of_kind = |wanted: &[Kind]| -> Vec<String> {
        earlier
            .iter()
            .filter(|(_, kind)| wanted.contains(kind))
            .map(|(name, _)| name.clone())
            .collect()
    };
    let objects = of_kind(&[Kind::Object]);
    let earlier_names: Vec<String> = earlier.iter().map(|(name, _)| name.clone()).collect();
    let object_component = (
        fields(any_schema.clone(), 0..5),
        proptest::option::weighted(0.15, any_schema.clone()),
    )
        .prop_map(move |(fields, additional)| object(version, fields, additional))
        .boxed();
    let drawn = match kind {
        Kind::Schema => schema(version, earlier_names),
        Kind::StringEnum => string_enum(version),
        Kind::IntegerEnum => integer_enum(),
        Kind::Array => any_schema
            .prop_map(|items| json!({ "type": "array", "items": items }))
            .boxed(),
        Kind::Map => any_schema
            .prop_map(|values| json!({ "type": "object", "additionalProperties": values }))
            .boxed(),
        Kind::AllOf if !objects.is_empty() => {
            let unions = of_kind(&[Kind::ObjectUnion]);
            let union = if unions.is_empty() {
                Just(None).boxed()
            } else {
                proptest::option::weighted(0.3, select(unions)).boxed()
            };
            (
                subsequence(objects.clone(), 1..=objects.len().min(3)),
                union,
                fields(any_schema, 0..3),
            )
                .prop_map(move |(parts, union, fields)| {
                    let mut all_of: Vec<Value> = parts.iter().map(|name| reference(name)).collect();
                    all_of.extend(union.map(|name| reference(&name)));
                    if !fields.is_empty() {
                        all_of.push(object(version, fields, None));
                    }
                    json!({ "allOf": all_of })
                })
                .boxed()
        }
        Kind::Union if !earlier_names.is_empty() => (
            subsequence(earlier_names.clone(), 1..=earlier_names.len().min(3)),
            vec(schema(version, Vec::new()), 0..2),
            any::<bool>(),
        )
            .prop_map(|(parts, inline, one)| {
                let mut variants: Vec<Value> = parts.iter().map(|name| reference(name)).collect();
                variants.extend(inline);
                if variants.len() == 1 {
                    variants.push(json!({ "type": "string" }));
                }
                let key = if one { "oneOf" } else { "anyOf" };
                json!({ key: variants })
            })
            .boxed(),
        Kind::ObjectUnion if objects.len() >= 2 => (
            subsequence(objects.clone(), 2..=objects.len().min(3)),
            any::<bool>(),
        )
            .prop_map(|(parts, one)| {
                let variants: Vec<Value> = parts.iter().map(|name| reference(name)).collect();
                let key = if one { "oneOf" } else { "anyOf" };
                json!({ key: variants })
            })
            .boxed(),
        _ => object_component,
    };
    (drawn, description(), proptest::bool::weighted(0.4))
        .prop_map(|(schema, description, exemplified)| {
            let mut schema = with_description(schema, description);
            if let (true, Some(example)) = (exemplified, example_of(&schema)) {
                schema["example"] = example;
            }
            schema
        })
        .boxed()
}

/// A value of `schema`, when one is easy to tell without following `$ref`s: the generated
/// crate gets a round-trip test of it (`tests/examples.rs`).
fn example_of(schema: &Value) -> Option<Value> {
    if let Some(value) = schema.get("const").or(schema.get("default")) {
        return Some(value.clone());
    }
    if let Some(first) = schema.get("enum").and_then(|values| values.get(0)) {
        return Some(first.clone());
    }
    let typ = match schema.get("type") {
        Some(Value::Array(types)) => types.iter().find(|typ| *typ != "null")?.as_str()?,
        Some(typ) => typ.as_str()?,
        None => return None,
    };
    match typ {
        "string" => match schema.get("format").and_then(Value::as_str) {
            Some("binary") => None,
            Some("date-time") => Some(json!("2024-01-02T03:04:05Z")),
            Some("date") => Some(json!("2024-01-02")),
            Some("uuid") => Some(json!("3fa85f64-5717-4562-b3fc-2c963f66afa6")),
            Some("byte") => Some(json!("aGVsbG8=")),
            Some("email") => Some(json!("a@example.com")),
            Some("uri") => Some(json!("https://example.com/a")),
            _ => Some(json!("abc")),
        },
        "integer" => Some(json!(3)),
        "number" => Some(json!(1.5)),
        "boolean" => Some(json!(true)),
        "array" => {
            let count = schema.get("minItems").and_then(Value::as_u64).unwrap_or(0);
            let item = match count {
                0 => None,
                _ => Some(example_of(schema.get("items")?)?),
            };
            Some(Value::Array(
                item.into_iter().cycle().take(count as usize).collect(),
            ))
        }
        "object" => {
            let mut example = Map::new();
            let required = schema.get("required").and_then(Value::as_array);
            for name in required.into_iter().flatten() {
                let name = name.as_str()?;
                let property = schema.get("properties")?.get(name)?;
                example.insert(name.to_owned(), example_of(property)?);
            }
            Some(Value::Object(example))
        }
        _ => None,
    }
}

/// The kind a component drawn as `kind` after `earlier` ends up as (see [`component`]).
fn settled(kind: Kind, earlier: &[(String, Kind)]) -> Kind {
    let count = |wanted: Kind| earlier.iter().filter(|(_, kind)| *kind == wanted).count();
    match kind {
        Kind::AllOf if count(Kind::Object) == 0 => Kind::Object,
        Kind::Union if earlier.is_empty() => Kind::Object,
        Kind::ObjectUnion if count(Kind::Object) < 2 => Kind::Object,
        kind => kind,
    }
}

/// A discriminated union and its branches, as components: `name` is `oneOf` (or `anyOf`) the
/// branch objects, each of which has the discriminating property as a required string.
fn tagged_union(
    version: Version,
    name: String,
    refs: Vec<String>,
) -> BoxedStrategy<Vec<(String, Value)>> {
    (
        select(vec!["kind", "type", "@type", "petType", "Kind"]),
        vec(fields(schema(version, refs), 0..3), 2..4),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(move |(tag, branches, mapped, one)| {
            let mut components = Vec::new();
            let mut variants = Vec::new();
            let mut mapping = Map::new();
            for (index, fields) in branches.into_iter().enumerate() {
                let branch = format!("{name}_{}", ["Cat", "dog", "Dog-", "1bird"][index]);
                let mut fields: Vec<_> = fields
                    .into_iter()
                    .filter(|field| field.name != tag)
                    .collect();
                fields.push(Field {
                    name: tag.to_owned(),
                    schema: json!({ "type": "string" }),
                    required: true,
                    nullable: false,
                    access: Access::Both,
                });
                variants.push(reference(&branch));
                mapping.insert(
                    ["cat", "dog", "Dog", "bird"][index].to_owned(),
                    json!(format!("#/components/schemas/{branch}")),
                );
                components.push((branch, object(version, fields, None)));
            }
            let mut discriminator = json!({ "propertyName": tag });
            if mapped {
                discriminator["mapping"] = Value::Object(mapping);
            }
            let key = if one { "oneOf" } else { "anyOf" };
            components.push((
                name.clone(),
                json!({ key: variants, "discriminator": discriminator }),
            ));
            components
        })
        .boxed()
}

/// A parameter schema: a primitive, a list of them, a reference to an enum component, or (for
/// a query parameter) an object.
fn parameter_schema(
    version: Version,
    location: &'static str,
    enums: Vec<String>,
) -> BoxedStrategy<Value> {
    let text = primitive(version)
        .prop_filter("a parameter is text, not bytes", |schema| {
            schema.get("format") != Some(&json!("binary"))
        })
        .boxed();
    let primitive = if enums.is_empty() {
        text
    } else {
        prop_oneof![
            3 => text,
            1 => select(enums).prop_map(|name| reference(&name)),
        ]
        .boxed()
    };
    let list = primitive
        .clone()
        .prop_map(|items| json!({ "type": "array", "items": items }));
    match location {
        "path" => prop_oneof![4 => primitive, 1 => list].boxed(),
        _ => prop_oneof![4 => primitive, 2 => list].boxed(),
    }
}

fn parameter(
    version: Version,
    location: &'static str,
    name: String,
    enums: Vec<String>,
) -> BoxedStrategy<Value> {
    let styles: Vec<(Option<&'static str>, Option<bool>)> = match location {
        "path" => vec![
            (None, None),
            (Some("simple"), Some(true)),
            (Some("label"), None),
            (Some("matrix"), Some(true)),
        ],
        "query" => vec![
            (None, None),
            (Some("form"), Some(false)),
            (Some("spaceDelimited"), Some(false)),
            (Some("pipeDelimited"), Some(false)),
        ],
        "header" => vec![(None, None), (Some("simple"), Some(true))],
        _ => vec![(None, None), (Some("form"), Some(false))],
    };
    (
        parameter_schema(version, location, enums),
        select(styles),
        any::<bool>(),
        description(),
    )
        .prop_map(move |(schema, (style, explode), required, description)| {
            let is_list = schema.get("type") == Some(&json!("array"));
            let mut parameter = json!({
                "name": name,
                "in": location,
                "required": location == "path" || required,
                "schema": schema,
            });
            // The delimited styles are for lists only.
            let style = match style {
                Some("spaceDelimited" | "pipeDelimited") if !is_list => None,
                style => style,
            };
            if let Some(style) = style {
                parameter["style"] = json!(style);
                if let Some(explode) = explode {
                    parameter["explode"] = json!(explode);
                }
            }
            if let Some(text) = description {
                parameter["description"] = json!(text);
            }
            parameter
        })
        .boxed()
}

/// The query parameter of an object, `deepObject` style.
fn deep_object(version: Version) -> BoxedStrategy<Value> {
    fields(primitive(version), 1..4)
        .prop_map(move |fields| {
            let fields = fields.into_iter().map(Field::plain).collect();
            json!({
                "name": "filter",
                "in": "query",
                "style": "deepObject",
                "explode": true,
                "schema": object(version, fields, None),
            })
        })
        .boxed()
}

/// A request body in one of the media kinds the server stub reads.
fn request_body(version: Version, refs: Vec<String>) -> BoxedStrategy<Value> {
    let json_body = schema(version, refs.clone())
        .prop_map(|schema| json!({ "application/json": { "schema": schema } }));
    // A form's fields are values and lists of values.
    let flat = prop_oneof![
        3 => primitive(version).prop_filter("text", |s| s.get("format") != Some(&json!("binary"))),
        1 => primitive(version)
            .prop_filter("text", |s| s.get("format") != Some(&json!("binary")))
            .prop_map(|items| json!({ "type": "array", "items": items })),
    ]
    .boxed();
    let form = fields(flat.clone(), 1..5).prop_map(move |fields| {
        let fields = fields.into_iter().map(Field::plain).collect();
        json!({ "application/x-www-form-urlencoded": { "schema": object(version, fields, None) } })
    });
    let part = prop_oneof![
        3 => flat,
        2 => Just(json!({ "type": "string", "format": "binary" })),
        1 => Just(json!({ "type": "array", "items": { "type": "string", "format": "binary" } })),
        1 => fields(primitive(version), 1..3).prop_map(move |fields| {
            let fields = fields
                .into_iter()
                .map(Field::plain)
                .collect();
            object(version, fields, None)
        }),
    ]
    .boxed();
    let multipart = fields(part, 1..5).prop_map(move |fields| {
        let fields = fields.into_iter().map(Field::plain).collect();
        json!({ "multipart/form-data": { "schema": object(version, fields, None) } })
    });
    let patch = Just(json!({
        "application/json-patch+json": {
            "schema": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["op", "path"],
                    "properties": {
                        "op": { "type": "string", "enum": ["add", "remove", "replace", "move", "copy", "test"] },
                        "path": { "type": "string" },
                        "from": { "type": "string" },
                        "value": {}
                    }
                }
            }
        }
    }));
    let binary = Just(json!({
        "application/octet-stream": { "schema": { "type": "string", "format": "binary" } }
    }));
    let text = Just(json!({ "text/plain": { "schema": { "type": "string" } } }));
    // Several media types: one schema as JSON and as a form (one type), or a different
    // schema for each (an enum of them by media type).
    let json_or_form = form.clone().prop_map(|form| {
        let schema = form["application/x-www-form-urlencoded"]["schema"].clone();
        let mut both = form;
        both["application/json"] = json!({ "schema": schema });
        both
    });
    let json_or_other = (
        json_body.clone(),
        prop_oneof![
            multipart.clone().boxed(),
            text.clone().boxed(),
            binary.clone().boxed()
        ],
    )
        .prop_map(|(json_body, other)| {
            let mut both = json_body;
            for (media, content) in other.as_object().into_iter().flatten() {
                both[media] = content.clone();
            }
            both
        });
    (
        prop_oneof![
            4 => json_body,
            2 => form,
            2 => multipart,
            1 => patch,
            1 => binary,
            1 => text,
            1 => json_or_form,
            1 => json_or_other,
        ],
        any::<bool>(),
        description(),
    )
        .prop_map(|(content, required, description)| {
            let mut body = json!({ "content": content, "required": required });
            if let Some(text) = description {
                body["description"] = json!(text);
            }
            body
        })
        .boxed()
}

/// The responses of an operation: one to four statuses, codes and ranges, each with or
/// without a JSON body and headers.
fn responses(version: Version, refs: Vec<String>) -> BoxedStrategy<Value> {
    let statuses = subsequence(
        vec![
            "200", "201", "202", "204", "2XX", "301", "400", "404", "409", "4XX", "5XX", "default",
        ],
        1..5,
    );
    statuses
        .prop_flat_map(move |statuses| {
            let count = statuses.len();
            let body = proptest::option::weighted(
                0.7,
                (
                    schema(version, refs.clone()),
                    proptest::bool::weighted(0.15),
                ),
            );
            let header = proptest::option::weighted(
                0.2,
                (select(HEADER_NAMES.to_vec()), primitive(version)),
            );
            vec((body, header), count..=count).prop_map(move |parts| {
                let mut responses = Map::new();
                for (status, (body, header)) in statuses.iter().zip(parts) {
                    let mut response = json!({ "description": format!("Status {status}.") });
                    if let (Some((schema, also_text)), false) = (body, *status == "204") {
                        response["content"] = json!({ "application/json": { "schema": schema } });
                        if also_text {
                            response["content"]["text/plain"] =
                                json!({ "schema": { "type": "string" } });
                        }
                    }
                    if let Some((name, schema)) = header {
                        response["headers"] = json!({ name: { "schema": schema } });
                    }
                    responses.insert((*status).to_owned(), response);
                }
                Value::Object(responses)
            })
        })
        .boxed()
}

/// One operation, given its method, the path's parameters and the document's security schemes.
fn operation(
    version: Version,
    method: &'static str,
    refs: Vec<String>,
    enums: Vec<String>,
    schemes: Vec<String>,
) -> BoxedStrategy<Value> {
    let (query_enums, header_enums, cookie_enums) = (enums.clone(), enums.clone(), enums);
    let query = names(QUERY_NAMES, 0..3).prop_flat_map(move |names| {
        names
            .into_iter()
            .map(|name| parameter(version, "query", name, query_enums.clone()))
            .collect::<Vec<_>>()
    });
    let headers = names(HEADER_NAMES, 0..2).prop_flat_map(move |names| {
        names
            .into_iter()
            .map(|name| parameter(version, "header", name, header_enums.clone()))
            .collect::<Vec<_>>()
    });
    let cookies = names(COOKIE_NAMES, 0..2).prop_flat_map(move |names| {
        names
            .into_iter()
            .map(|name| parameter(version, "cookie", name, cookie_enums.clone()))
            .collect::<Vec<_>>()
    });
    let has_body = !matches!(method, "get" | "delete" | "head");
    let security = if schemes.is_empty() {
        Just(None).boxed()
    } else {
        proptest::option::weighted(0.5, subsequence(schemes, 0..2)).boxed()
    };
    (
        proptest::option::weighted(0.7, select(OPERATION_IDS.to_vec())),
        query,
        headers,
        cookies,
        proptest::option::weighted(0.15, deep_object(version)),
        if has_body {
            proptest::option::weighted(0.8, request_body(version, refs.clone())).boxed()
        } else {
            Just(None).boxed()
        },
        responses(version, refs),
        security,
        description(),
    )
        .prop_map(
            |(id, query, headers, cookies, deep, body, responses, security, description)| {
                let mut parameters: Vec<Value> = query;
                if let Some(deep) = deep {
                    if parameters.iter().all(|p| p["name"] != "filter") {
                        parameters.push(deep);
                    }
                }
                parameters.extend(headers);
                parameters.extend(cookies);
                let mut operation = json!({ "responses": responses });
                if let Some(id) = id {
                    operation["operationId"] = json!(id);
                }
                if !parameters.is_empty() {
                    operation["parameters"] = Value::Array(parameters);
                }
                if let Some(body) = body {
                    operation["requestBody"] = body;
                }
                if let Some(security) = security {
                    let requirements: Vec<Value> = security
                        .iter()
                        .map(|scheme| json!({ scheme: [] }))
                        .collect();
                    operation["security"] = Value::Array(requirements);
                }
                if let Some(text) = description {
                    operation["summary"] = json!(text);
                }
                operation
            },
        )
        .boxed()
}

/// A path item: a template of one to three segments, some of them parameters, and one to
/// three operations on it.
fn path_item(
    version: Version,
    refs: Vec<String>,
    enums: Vec<String>,
    schemes: Vec<String>,
) -> BoxedStrategy<(String, Value)> {
    (
        vec(
            (
                select(SEGMENTS.to_vec()),
                proptest::option::weighted(0.5, select(PATH_PARAMS.to_vec())),
            ),
            1..4,
        ),
        subsequence(vec!["get", "put", "post", "delete", "patch"], 1..4),
    )
        .prop_flat_map(move |(segments, methods)| {
            let mut template = String::new();
            let mut params: Vec<String> = Vec::new();
            for (segment, param) in segments {
                template.push('/');
                template.push_str(segment);
                if let Some(param) = param.filter(|p| !params.iter().any(|q| q == p)) {
                    template.push_str(&format!("/{{{param}}}"));
                    params.push(param.to_owned());
                }
            }
            let path_parameters: Vec<BoxedStrategy<Value>> = params
                .iter()
                .map(|name| parameter(version, "path", name.clone(), enums.clone()))
                .collect();
            let operations: Vec<BoxedStrategy<Value>> = methods
                .iter()
                .map(|method| {
                    operation(
                        version,
                        method,
                        refs.clone(),
                        enums.clone(),
                        schemes.clone(),
                    )
                })
                .collect();
            (path_parameters, operations).prop_map(move |(path_parameters, operations)| {
                let mut item = Map::new();
                if !path_parameters.is_empty() {
                    item.insert("parameters".to_owned(), Value::Array(path_parameters));
                }
                for (method, operation) in methods.iter().zip(operations) {
                    item.insert((*method).to_owned(), operation);
                }
                (template.clone(), Value::Object(item))
            })
        })
        .boxed()
}

/// A webhook of a 3.1 document: a `post` of a JSON payload (a component or inline) to the
/// subscriber, and what the subscriber may answer.
fn webhook(version: Version, refs: Vec<String>) -> BoxedStrategy<(String, Value)> {
    (
        select(vec![
            "orderShipped",
            "order.shipped",
            "order-shipped",
            "type",
            "Self",
            "1st",
        ]),
        schema(version, refs),
        subsequence(vec!["200", "204", "4XX", "default"], 1..3),
    )
        .prop_map(|(name, payload, statuses)| {
            let responses: Map<String, Value> = statuses
                .into_iter()
                .map(|status| (status.to_owned(), json!({ "description": "Received." })))
                .collect();
            let operation = json!({
                "requestBody": { "content": { "application/json": { "schema": payload } } },
                "responses": responses,
            });
            (name.to_owned(), json!({ "post": operation }))
        })
        .boxed()
}

/// The security schemes a document may declare, by key.
fn security_schemes() -> BoxedStrategy<Vec<(String, Value)>> {
    subsequence(
        vec![
            (
                "bearer",
                json!({ "type": "http", "scheme": "bearer", "bearerFormat": "JWT" }),
            ),
            ("Basic-Auth", json!({ "type": "http", "scheme": "basic" })),
            (
                "api_key",
                json!({ "type": "apiKey", "in": "header", "name": "X-API-Key" }),
            ),
            (
                "apiKeyQuery",
                json!({ "type": "apiKey", "in": "query", "name": "api_key" }),
            ),
            (
                "cookie.auth",
                json!({ "type": "apiKey", "in": "cookie", "name": "sid" }),
            ),
            (
                "oauth",
                json!({ "type": "oauth2", "flows": { "clientCredentials": {
                    "tokenUrl": "https://example.com/token", "scopes": { "read": "Read." } } } }),
            ),
        ],
        0..3,
    )
    .prop_map(|schemes| {
        schemes
            .into_iter()
            .map(|(key, scheme)| (key.to_owned(), scheme))
            .collect()
    })
    .boxed()
}

/// A whole document.
pub fn document() -> BoxedStrategy<Value> {
    (
        prop_oneof![4 => Just(Version::V30), 1 => Just(Version::V31)],
        names(COMPONENT_NAMES, 1..6).prop_flat_map(|names| {
            let count = names.len();
            (Just(names), vec(kind(), count..=count))
        }),
        proptest::option::weighted(0.3, select(vec!["Animal", "animal", "Shape", "Self"])),
        security_schemes(),
    )
        .prop_flat_map(|(version, (names, kinds), tagged, schemes)| {
            let tagged = tagged
                .map(str::to_owned)
                .filter(|tag| !names.iter().any(|name| name == tag));
            let mut earlier: Vec<(String, Kind)> = Vec::new();
            let mut components: Vec<BoxedStrategy<Value>> = Vec::new();
            for (name, kind) in names.iter().zip(kinds) {
                let kind = settled(kind, &earlier);
                components.push(component(version, kind, names.clone(), earlier.clone()));
                earlier.push((name.clone(), kind));
            }
            let tagged_components = match tagged {
                Some(tag) => tagged_union(version, tag, names.clone()).boxed(),
                None => Just(Vec::new()).boxed(),
            };
            let scheme_keys: Vec<String> = schemes.iter().map(|(key, _)| key.clone()).collect();
            let enums: Vec<String> = earlier
                .iter()
                .filter(|(_, kind)| matches!(kind, Kind::StringEnum | Kind::IntegerEnum))
                .map(|(name, _)| name.clone())
                .collect();
            let paths = vec(
                path_item(version, names.clone(), enums, scheme_keys.clone()),
                1..4,
            );
            let global = if scheme_keys.is_empty() {
                Just(None).boxed()
            } else {
                proptest::option::of(select(scheme_keys)).boxed()
            };
            // Components an `allOf` of one `$ref` (3.0's way to make a reference nullable or
            // read-only) does not point at: openapi-spec-validator 0.9.0, which `.ci/run` checks
            // the documents with, recurses without end on an `allOf` that reaches an array or
            // map holding itself, and such a wrapper is left out of the reference (it stays a
            // plain `$ref`).
            let unwrapped: Vec<String> = earlier
                .iter()
                .filter(|(_, kind)| {
                    !matches!(kind, Kind::Object | Kind::StringEnum | Kind::IntegerEnum)
                })
                .map(|(name, _)| name.clone())
                .collect();
            let webhooks = match version {
                Version::V30 => Just(Vec::new()).boxed(),
                Version::V31 => vec(webhook(version, names.clone()), 0..3).boxed(),
            };
            (
                Just(version),
                Just((names, unwrapped)),
                components,
                tagged_components,
                Just(schemes),
                paths,
                (global, webhooks),
            )
        })
        .prop_map(
            |(version, names, components, tagged, schemes, paths, (global, webhooks))| {
                let (names, unwrapped) = names;
                let mut schemas = Map::new();
                for (name, schema) in names.into_iter().zip(components) {
                    schemas.insert(name, schema);
                }
                for (name, schema) in tagged {
                    schemas.insert(name, schema);
                }
                let mut path_items = Map::new();
                for (template, item) in paths {
                    // Two templates that differ only in their parameters' names are one path.
                    let shape: String = shape_of(&template);
                    if path_items.keys().any(|other| shape_of(other) == shape) {
                        continue;
                    }
                    path_items.insert(template, item);
                }
                // operationIds are unique in a document: a repeated one is left out.
                let mut ids = std::collections::BTreeSet::new();
                for item in path_items.values_mut() {
                    for operation in item
                        .as_object_mut()
                        .into_iter()
                        .flat_map(|item| item.values_mut())
                    {
                        let Some(operation) = operation.as_object_mut() else {
                            continue;
                        };
                        let repeated = operation
                            .get("operationId")
                            .and_then(Value::as_str)
                            .is_some_and(|id| !ids.insert(id.to_owned()));
                        if repeated {
                            operation.remove("operationId");
                        }
                    }
                }
                let mut document = json!({
                    "openapi": match version { Version::V30 => "3.0.3", Version::V31 => "3.1.0" },
                    "info": { "title": "Random API", "version": "1.0.0" },
                    "paths": path_items,
                    "components": { "schemas": schemas },
                });
                if !schemes.is_empty() {
                    document["components"]["securitySchemes"] =
                        Value::Object(schemes.into_iter().collect());
                }
                if let Some(global) = global {
                    document["security"] = json!([{ global: [] }]);
                }
                if !webhooks.is_empty() {
                    document["webhooks"] = Value::Object(webhooks.into_iter().collect());
                }
                let unwrapped: Vec<String> = unwrapped
                    .iter()
                    .map(|name| format!("#/components/schemas/{name}"))
                    .collect();
                unwrap_references(&mut document, &unwrapped);
                document
            },
        )
        .boxed()
}

/// Replaces every `allOf` of one `$ref` to one of `targets` (with `nullable` or `readOnly`
/// beside it) by the `$ref` alone.
fn unwrap_references(node: &mut Value, targets: &[String]) {
    let single = node
        .get("allOf")
        .and_then(Value::as_array)
        .filter(|parts| parts.len() == 1)
        .and_then(|parts| parts[0].get("$ref"))
        .and_then(Value::as_str)
        .filter(|target| targets.iter().any(|t| t == target))
        .map(str::to_owned);
    if let Some(target) = single {
        *node = json!({ "$ref": target });
        return;
    }
    match node {
        Value::Object(map) => map
            .values_mut()
            .for_each(|value| unwrap_references(value, targets)),
        Value::Array(items) => items
            .iter_mut()
            .for_each(|item| unwrap_references(item, targets)),
        _ => {}
    }
}

/// A path template with its parameters' names left out: `/pets/{}`.
fn shape_of(template: &str) -> String {
    let mut shape = String::new();
    let mut in_parameter = false;
    for c in template.chars() {
        match c {
            '{' => {
                in_parameter = true;
                shape.push('{');
            }
            '}' => {
                in_parameter = false;
                shape.push('}');
            }
            _ if in_parameter => {}
            c => shape.push(c),
        }
    }
    shape
}
