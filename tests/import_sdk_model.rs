//! The sdk-model reader against a ground truth: the 298 model pages of Authlete's TypeScript SDK
//! (`../shared/pages/sdk-model`) were generated from Authlete's spec
//! (`../shared/corpus/authlete_api.yaml`). Every page must read with no line left unread, and
//! what it states of each field must be what the spec says.
//!
//! A page's name is the SDK's: the spec's `token_update_request` is the SDK's
//! `TokenUpdateRequest` (each `_`-separated word capitalised). The SDK also names what the spec
//! leaves inline: a property's enum or object is `<Parent><Property>` (`reason` of
//! `AuthorizationFailRequest` is `AuthorizationFailRequestReason`), an array property's items the
//! singular (`supportedSnses` → `SupportedSnse`). It writes `<Name>Input` for a schema without
//! its read-only properties, `<OperationId>Request` for an operation's parameters and body,
//! `<OperationId>RequestBody` for an inline body and `<Name>Error` for a schema used as an error.
//!
//! Facts compared, per field: its name (on both sides), its type (string / number / boolean /
//! array and its items / object / the schema a reference names), whether it is required, its
//! inline enum values, its default and its description; per type: its description, and an enum's
//! values. Not compared, because a TypeScript page cannot state them: integer versus number
//! (TypeScript has one `number`), formats (`int64`, `int32`, `uri` are all `number`/`string`),
//! `nullable` and `readOnly`. Run with `--nocapture` to see the share and every difference.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;
use specforge::import::page::{Field, Schema, Type};
use specforge::import::{self, Kind, Source};

/// The share of facts the pages state as the spec does, at least.
const SHARE: f64 = 0.998;

fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared")
}

fn pages() -> Vec<Source> {
    let dir = shared().join("pages/sdk-model");
    let files = import::page_files(&dir)
        .unwrap_or_else(|error| panic!("the sdk-model pages at {}: {error}", dir.display()));
    files
        .iter()
        .filter(|path| path.extension().is_some_and(|ext| ext == "md"))
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            Source::read(path, &name).expect("a page reads")
        })
        .collect()
}

fn pascal(name: &str) -> String {
    name.split(['_', '-', ' ', '/', '{', '}'])
        .filter(|word| !word.is_empty())
        .map(|word| {
            let mut chars = word.chars();
            let first = chars.next().map(|c| c.to_ascii_uppercase());
            first.into_iter().chain(chars).collect::<String>()
        })
        .collect()
}

/// What a page's name stands for in the spec.
#[derive(Clone)]
enum Target {
    /// A schema (a component, an inline property schema, an input variant), with a key that
    /// names where it is (`#/components/schemas/x`, `x.prop`, `x.prop[]`).
    Schema { key: String, schema: Value },
    /// An operation's parameters and body.
    Operation { operation: Value, form: bool },
    /// The SDK's `Security`: one field per security scheme, holding its credential.
    Security {
        schemes: serde_json::Map<String, Value>,
    },
}

struct Vendor {
    schemas: serde_json::Map<String, Value>,
    targets: BTreeMap<String, Target>,
}

impl Vendor {
    fn load() -> Vendor {
        let path = shared().join("corpus/authlete_api.yaml");
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
        let doc: Value = serde_yaml::from_str(&text).expect("the vendor spec is YAML");
        let schemas = doc["components"]["schemas"]
            .as_object()
            .expect("components.schemas")
            .clone();
        let mut targets = BTreeMap::new();
        for (name, schema) in &schemas {
            let key = format!("#/components/schemas/{name}");
            targets.insert(
                pascal(name),
                Target::Schema {
                    key: key.clone(),
                    schema: schema.clone(),
                },
            );
        }
        for (name, schema) in &schemas {
            let Some(properties) = schema["properties"].as_object() else {
                continue;
            };
            for (property, value) in properties {
                if value.get("$ref").is_none()
                    && (value.get("enum").is_some() || value.get("properties").is_some())
                {
                    targets
                        .entry(format!("{}{}", pascal(name), pascal(property)))
                        .or_insert(Target::Schema {
                            key: format!("{name}.{property}"),
                            schema: value.clone(),
                        });
                }
                let items = &value["items"];
                if items.is_object()
                    && items.get("$ref").is_none()
                    && (items.get("enum").is_some() || items.get("properties").is_some())
                {
                    let singular = pascal(property);
                    let singular = singular.strip_suffix('s').unwrap_or(&singular).to_string();
                    targets.entry(singular).or_insert(Target::Schema {
                        key: format!("{name}.{property}[]"),
                        schema: items.clone(),
                    });
                }
            }
            // The SDK's input variant: the schema without its read-only properties.
            let mut input = schema.clone();
            if let Some(properties) = input["properties"].as_object_mut() {
                properties.retain(|_, value| value["readOnly"] != Value::Bool(true));
            }
            targets.insert(
                format!("{}Input", pascal(name)),
                Target::Schema {
                    key: format!("#/components/schemas/{name}"),
                    schema: input,
                },
            );
            targets
                .entry(format!("{}Error", pascal(name)))
                .or_insert(Target::Schema {
                    key: format!("#/components/schemas/{name}"),
                    schema: schema.clone(),
                });
        }
        for (path, item) in doc["paths"].as_object().expect("paths") {
            for (method, operation) in item.as_object().into_iter().flatten() {
                if !operation.is_object() {
                    continue;
                }
                let name = match operation["operationId"].as_str() {
                    Some(id) => pascal(id),
                    None => format!("{}{}", pascal(method), pascal(path)),
                };
                let target = Target::Operation {
                    operation: operation.clone(),
                    form: false,
                };
                targets.insert(format!("{name}Request"), target);
                targets.insert(
                    format!("{name}FormRequest"),
                    Target::Operation {
                        operation: operation.clone(),
                        form: true,
                    },
                );
                if let Some(body) = body_schema(operation, false) {
                    if body.get("$ref").is_none() {
                        targets.insert(
                            format!("{name}RequestBody"),
                            Target::Schema {
                                key: format!("{name}RequestBody"),
                                schema: body,
                            },
                        );
                    }
                }
            }
        }
        if let Some(schemes) = doc["components"]["securitySchemes"].as_object() {
            targets.insert(
                "Security".to_string(),
                Target::Security {
                    schemes: schemes.clone(),
                },
            );
        }
        Vendor { schemas, targets }
    }

    /// The key of the schema a page's name stands for.
    fn key_of(&self, name: &str) -> Option<String> {
        match self.targets.get(name)? {
            Target::Schema { key, .. } => Some(key.clone()),
            Target::Operation { .. } | Target::Security { .. } => None,
        }
    }

    fn deref<'a>(&'a self, schema: &'a Value) -> &'a Value {
        match schema["$ref"].as_str() {
            Some(target) => target
                .strip_prefix("#/components/schemas/")
                .and_then(|name| self.schemas.get(name))
                .unwrap_or(schema),
            None => schema,
        }
    }
}

fn body_schema(operation: &Value, form: bool) -> Option<Value> {
    let content = operation["requestBody"]["content"].as_object()?;
    let wanted = if form {
        "application/x-www-form-urlencoded"
    } else {
        "application/json"
    };
    content
        .get(wanted)
        .or_else(|| content.values().next())
        .map(|media| media["schema"].clone())
}

#[derive(Default)]
struct Tally {
    compared: usize,
    equal: usize,
    /// Per kind of fact (the last word of what is compared): compared, equal.
    kinds: BTreeMap<String, (usize, usize)>,
    differences: Vec<String>,
    /// Facts of the spec a TypeScript page cannot state, by kind: not compared.
    not_stated: BTreeMap<&'static str, usize>,
}

impl Tally {
    /// Counts the facts of a spec schema that the page cannot state.
    fn not_stated(&mut self, spec: &Value) {
        let mut note = |kind| *self.not_stated.entry(kind).or_default() += 1;
        if spec["type"] == "integer" {
            note("integer (a TypeScript `number`)");
        }
        if spec.get("format").is_some() || spec["items"].get("format").is_some() {
            note("format");
        }
        if spec["nullable"] == Value::Bool(true) {
            note("nullable");
        }
        if spec["readOnly"] == Value::Bool(true) {
            note("readOnly");
        }
    }

    fn fact(&mut self, page: &str, what: String, same: bool, detail: impl FnOnce() -> String) {
        self.compared += 1;
        let kind = what.rsplit(' ').next().unwrap_or("").to_string();
        let counts = self.kinds.entry(kind).or_default();
        counts.0 += 1;
        if same {
            counts.1 += 1;
            self.equal += 1;
        } else {
            self.differences
                .push(format!("{page}: {what}: {}", detail()));
        }
    }
}

fn text(value: &Value) -> Option<String> {
    value.as_str().map(str::to_string)
}

/// The page's type states what the spec's does (integer and number are one `number`).
fn same_type(vendor: &Vendor, page: &Schema, spec: &Value, here: &str) -> bool {
    if let Some(target) = spec["$ref"].as_str() {
        return matches!(&page.kind, Type::Named(name) if vendor.key_of(name).as_deref() == Some(target));
    }
    let spec_type = spec["type"].as_str().unwrap_or("");
    match &page.kind {
        Type::Named(name) => vendor.key_of(name).as_deref() == Some(here),
        Type::String => spec_type == "string",
        Type::Number | Type::Integer => matches!(spec_type, "number" | "integer"),
        Type::Boolean => spec_type == "boolean",
        Type::Array(items) => {
            spec_type == "array" && same_type(vendor, items, &spec["items"], &format!("{here}[]"))
        }
        Type::Object => {
            spec_type == "object"
                && match page.additional.as_deref() {
                    Some(values) if values.kind != Type::Any => {
                        same_type(vendor, values, &spec["additionalProperties"], here)
                    }
                    _ => true,
                }
        }
        Type::Any => spec_type.is_empty() || spec_type == "object",
    }
}

fn show(schema: &Schema) -> String {
    match &schema.kind {
        Type::Array(items) => format!("{}[]", show(items)),
        Type::Named(name) => format!("Named({name})"),
        other => format!("{other:?}"),
    }
}

/// Compares a field of a page with a property of the spec.
#[allow(clippy::too_many_arguments)]
fn compare_field(
    tally: &mut Tally,
    vendor: &Vendor,
    page: &str,
    field: &Field,
    spec: &Value,
    spec_required: bool,
    here: &str,
) {
    let name = &field.name;
    let schema = &field.schema;
    tally.not_stated(spec);
    tally.fact(
        page,
        format!("`{name}` type"),
        same_type(vendor, schema, spec, here),
        || format!("page {} / spec {}", show(schema), spec),
    );
    tally.fact(
        page,
        format!("`{name}` required"),
        field.required == spec_required,
        || format!("page {} / spec {spec_required}", field.required),
    );
    // Inline enums; a named type's values are compared on its own page.
    if spec.get("$ref").is_none() && !matches!(schema.kind, Type::Named(_)) {
        let spec_enum = spec["enum"].as_array().cloned().unwrap_or_default();
        if !spec_enum.is_empty() || !schema.enumeration.is_empty() {
            tally.fact(
                page,
                format!("`{name}` enum"),
                spec_enum == schema.enumeration,
                || format!("page {:?} / spec {:?}", schema.enumeration, spec_enum),
            );
        }
    }
    if spec.get("default").is_some() || schema.default.is_some() {
        tally.fact(
            page,
            format!("`{name}` default"),
            spec.get("default") == schema.default.as_ref(),
            || format!("page {:?} / spec {:?}", schema.default, spec.get("default")),
        );
    }
    // A reference with no description beside it shows its target's.
    let expected = text(&spec["description"]).or_else(|| text(&vendor.deref(spec)["description"]));
    tally.fact(
        page,
        format!("`{name}` description"),
        schema.description == expected,
        || format!("page {:?} / spec {:?}", schema.description, expected),
    );
}

/// A schema with its `allOf` parts' properties and required lists merged into it.
fn flatten(vendor: &Vendor, spec: &Value) -> Value {
    let Some(parts) = spec["allOf"].as_array() else {
        return spec.clone();
    };
    let mut merged = spec.clone();
    merged["type"] = Value::from("object");
    for part in parts {
        let part = flatten(vendor, vendor.deref(part));
        for (name, property) in part["properties"].as_object().into_iter().flatten() {
            merged["properties"][name] = property.clone();
        }
        for name in part["required"].as_array().into_iter().flatten() {
            if !merged["required"].is_array() {
                merged["required"] = Value::Array(Vec::new());
            }
            if let Some(required) = merged["required"].as_array_mut() {
                if !required.contains(name) {
                    required.push(name.clone());
                }
            }
        }
    }
    merged
}

/// Compares a page's schema with the spec's.
fn compare_schema(
    tally: &mut Tally,
    vendor: &Vendor,
    page: &str,
    schema: &Schema,
    spec: &Value,
    here: &str,
) {
    let spec = &flatten(vendor, spec);
    tally.not_stated(spec);
    let type_description = text(&spec["description"]);
    tally.fact(
        page,
        "description".into(),
        schema.description == type_description,
        || {
            format!(
                "page {:?} / spec {:?}",
                schema.description, type_description
            )
        },
    );
    if let Some(values) = spec["enum"].as_array() {
        tally.fact(page, "values".into(), *values == schema.enumeration, || {
            format!("page {:?} / spec {values:?}", schema.enumeration)
        });
        return;
    }
    if spec["additionalProperties"].is_boolean() || spec["additionalProperties"].is_object() {
        tally.fact(
            page,
            "additionalProperties".into(),
            schema.additional.is_some(),
            || "the page states none".into(),
        );
    }
    let empty = serde_json::Map::new();
    let properties = spec["properties"].as_object().unwrap_or(&empty);
    let required: Vec<&str> = spec["required"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let key = here.strip_prefix("#/components/schemas/").unwrap_or(here);
    for field in &schema.fields {
        let present = properties.get(&field.name);
        tally.fact(
            page,
            format!("`{}` name", field.name),
            present.is_some(),
            || "not in the spec".into(),
        );
        if let Some(spec_field) = present {
            let here = format!("{key}.{}", field.name);
            compare_field(
                tally,
                vendor,
                page,
                field,
                spec_field,
                required.contains(&field.name.as_str()),
                &here,
            );
        }
    }
    for name in properties.keys() {
        if !schema.fields.iter().any(|field| &field.name == name) {
            tally.fact(page, format!("`{name}` name"), false, || {
                "not on the page".into()
            });
        }
    }
}

/// Compares an operation's request page (its parameters, then its body) with the operation.
fn compare_operation(
    tally: &mut Tally,
    vendor: &Vendor,
    page: &str,
    schema: &Schema,
    operation: &Value,
    form: bool,
) {
    let parameters: Vec<&Value> = operation["parameters"]
        .as_array()
        .into_iter()
        .flatten()
        .collect();
    let mut body_seen = false;
    for field in &schema.fields {
        if let Some(parameter) = parameters
            .iter()
            .find(|p| p["name"].as_str() == Some(&field.name))
        {
            tally.fact(page, format!("`{}` name", field.name), true, String::new);
            let mut spec = parameter["schema"].clone();
            if let Some(description) = parameter.get("description") {
                spec["description"] = description.clone();
            }
            let required = parameter["required"] == Value::Bool(true);
            compare_field(tally, vendor, page, field, &spec, required, "");
            continue;
        }
        match body_schema(operation, form) {
            Some(body) if !body_seen => {
                body_seen = true;
                let required = operation["requestBody"]["required"] == Value::Bool(true);
                let here = format!(
                    "{}RequestBody",
                    pascal(operation["operationId"].as_str().unwrap_or(""))
                );
                tally.fact(
                    page,
                    format!("`{}` (the body) type", field.name),
                    same_type(vendor, &field.schema, &body, &here),
                    || format!("page {} / spec {body}", show(&field.schema)),
                );
                tally.fact(
                    page,
                    format!("`{}` (the body) required", field.name),
                    field.required == required,
                    || format!("page {} / spec {required}", field.required),
                );
            }
            _ => tally.fact(page, format!("`{}` name", field.name), false, || {
                "neither a parameter nor the body".into()
            }),
        }
    }
    for parameter in parameters {
        let name = parameter["name"].as_str().unwrap_or("");
        if !schema.fields.iter().any(|field| field.name == name) {
            tally.fact(page, format!("parameter `{name}`"), false, || {
                "not on the page".into()
            });
        }
    }
}

/// Compares the SDK's `Security` with the spec's schemes: a field per scheme, its credential a
/// string (a bearer token, an API key, a password). A scheme's description is not a field's, so
/// it is not compared.
fn compare_security(
    tally: &mut Tally,
    page: &str,
    schema: &Schema,
    schemes: &serde_json::Map<String, Value>,
) {
    for field in &schema.fields {
        let known = schemes.contains_key(&field.name);
        tally.fact(page, format!("`{}` name", field.name), known, || {
            "not a security scheme of the spec".into()
        });
        if known {
            tally.fact(
                page,
                format!("`{}` type", field.name),
                field.schema.kind == Type::String,
                || format!("page {}", show(&field.schema)),
            );
        }
    }
    for name in schemes.keys() {
        if !schema.fields.iter().any(|field| &field.name == name) {
            tally.fact(page, format!("`{name}` name"), false, || {
                "a scheme not on the page".into()
            });
        }
    }
}

#[test]
fn every_page_reads_with_no_line_left_unread() {
    let sources = pages();
    assert_eq!(sources.len(), 298, "the sdk-model pages");
    let mut unread = Vec::new();
    for source in &sources {
        assert_eq!(
            Kind::detect(&source.text),
            Some(Kind::SdkModel),
            "{} is detected",
            source.file
        );
        let read = import::read_page(source, None).unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(read.page.types.len(), 1, "{}: one type", source.file);
        assert!(
            read.page.operations.is_empty(),
            "{}: no operations",
            source.file
        );
        for line in &read.page.unread {
            unread.push(format!("{}:{}: {}", source.file, line.line, line.text));
        }
    }
    assert!(
        unread.is_empty(),
        "lines not understood:\n{}",
        unread.join("\n")
    );
    // All the pages are one API: the types they share by name are the same types.
    let imported = import::import("authlete", &sources, None).expect("the pages import together");
    println!("{}", imported.summary());
    // A type linked to is defined by its page, where that page is among these (the folder
    // leaves out a few: `TokenUpdateRequest` is the seed, kept in specs/pages/).
    let files: Vec<String> = sources.iter().map(|source| source.file.clone()).collect();
    let undefined = import::openapi::undefined_types(&imported.document);
    let lost: Vec<&String> = undefined
        .iter()
        .filter(|name| files.contains(&format!("{}.md", name.to_lowercase())))
        .collect();
    assert!(
        lost.is_empty(),
        "types whose page is here but not read as theirs: {lost:?}"
    );
    println!("linked types with no page here: {}", undefined.join(", "));
}

#[test]
fn the_pages_state_what_the_vendor_spec_says() {
    let vendor = Vendor::load();
    let mut tally = Tally::default();
    let mut unresolved = Vec::new();
    for source in pages() {
        let read = import::read_page(&source, Some(Kind::SdkModel))
            .unwrap_or_else(|error| panic!("{error}"));
        let Some(named) = read.page.types.first() else {
            continue;
        };
        match vendor.targets.get(&named.name) {
            Some(Target::Schema { key, schema }) => {
                compare_schema(&mut tally, &vendor, &named.name, &named.schema, schema, key)
            }
            Some(Target::Operation { operation, form }) => compare_operation(
                &mut tally,
                &vendor,
                &named.name,
                &named.schema,
                operation,
                *form,
            ),
            Some(Target::Security { schemes }) => {
                compare_security(&mut tally, &named.name, &named.schema, schemes)
            }
            None => unresolved.push(named.name.clone()),
        }
    }
    let share = tally.equal as f64 / tally.compared.max(1) as f64;
    println!(
        "{} of {} facts equal ({:.2}%); pages with no counterpart in the spec: {}",
        tally.equal,
        tally.compared,
        share * 100.0,
        if unresolved.is_empty() {
            "none".to_string()
        } else {
            unresolved.join(", ")
        }
    );
    for (kind, (compared, equal)) in &tally.kinds {
        println!("  {kind}: {equal} of {compared}");
    }
    for (kind, count) in &tally.not_stated {
        println!("  not stated by a TypeScript page, not compared: {kind}: {count}");
    }
    for difference in &tally.differences {
        println!("  {difference}");
    }
    assert!(
        share >= SHARE,
        "only {:.2}% of the facts are equal",
        share * 100.0
    );
}
