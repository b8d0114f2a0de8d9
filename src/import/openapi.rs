//! The pages of one API → one OpenAPI 3.0.3 document (a JSON value in the order it is
//! written).
//!
//! Only what the pages state is written. Where OpenAPI needs a value no page gives, the least
//! that is still a valid document is written, and the overlay says the rest: `info.version` is
//! the version segment every path starts with (`/v1/…`), or empty; a scheme for an
//! `Authorization` header is named `bearerAuth` when the page says `Bearer`, else after the
//! header.
//!
//! Object types the pages name become `components/schemas`. The same name stated twice with
//! the same fields is one schema; with different fields it is an error naming both places.

use std::collections::BTreeSet;

use serde_json::{json, Map, Value};

use super::page::{Body, Location, NamedType, Operation, Parameter, Response, Schema, Type};
use super::ReadPage;
use crate::error::{Error, Result};

/// The document of these pages.
pub fn document(api: &str, pages: &[ReadPage]) -> Result<Value> {
    let mut root = Map::new();
    root.insert("openapi".into(), json!("3.0.3"));
    root.insert("info".into(), info(api, pages));

    let mut paths = Map::new();
    let mut schemes = Map::new();
    for read in pages {
        for operation in &read.page.operations {
            let item = paths
                .entry(operation.path.clone())
                .or_insert_with(|| Value::Object(Map::new()));
            let item = item.as_object_mut().expect("path items are objects");
            if item.contains_key(&operation.method) {
                return Err(Error::Import {
                    file: read.file.clone(),
                    line: Some(operation.line),
                    message: format!(
                        "{} {} is documented by two pages",
                        operation.method.to_uppercase(),
                        operation.path
                    ),
                });
            }
            item.insert(
                operation.method.clone(),
                write_operation(operation, &mut schemes),
            );
        }
    }
    root.insert("paths".into(), Value::Object(paths));

    let schemas = named_types(pages)?;
    let mut components = Map::new();
    if !schemes.is_empty() {
        components.insert("securitySchemes".into(), Value::Object(schemes));
    }
    if !schemas.is_empty() {
        components.insert("schemas".into(), Value::Object(schemas));
    }
    if !components.is_empty() {
        root.insert("components".into(), Value::Object(components));
    }
    Ok(Value::Object(root))
}

/// How many operations a document has.
pub fn operation_count(document: &Value) -> usize {
    const METHODS: [&str; 8] = [
        "get", "put", "post", "delete", "options", "head", "patch", "trace",
    ];
    document
        .get("paths")
        .and_then(Value::as_object)
        .map_or(0, |paths| {
            paths
                .values()
                .filter_map(Value::as_object)
                .map(|item| {
                    item.keys()
                        .filter(|key| METHODS.contains(&key.as_str()))
                        .count()
                })
                .sum()
        })
}

/// The names of the types the document refers to that no page defines.
pub fn undefined_types(document: &Value) -> Vec<String> {
    let defined: BTreeSet<&str> = document
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|schemas| schemas.keys().map(String::as_str).collect())
        .unwrap_or_default();
    let mut referred = BTreeSet::new();
    collect_refs(document, &mut referred);
    referred
        .into_iter()
        .filter(|name| !defined.contains(name.as_str()))
        .collect()
}

fn collect_refs(value: &Value, into: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(target)) = map.get("$ref") {
                if let Some(name) = target.strip_prefix("#/components/schemas/") {
                    into.insert(name.to_string());
                }
            }
            map.values().for_each(|inner| collect_refs(inner, into));
        }
        Value::Array(items) => items.iter().for_each(|inner| collect_refs(inner, into)),
        _ => {}
    }
}

fn info(api: &str, pages: &[ReadPage]) -> Value {
    let mut info = Map::new();
    let single = match pages {
        [only] => Some(&only.page),
        _ => None,
    };
    let title = single
        .and_then(|page| page.title.clone())
        .unwrap_or_else(|| api.to_string());
    info.insert("title".into(), json!(title));
    if let Some(description) = single.and_then(|page| page.description.clone()) {
        info.insert("description".into(), json!(description));
    }
    info.insert("version".into(), json!(path_version(pages)));
    if let Some(first) = pages.first() {
        // The generated docs are pages of the kind the API's pages are (of its first page when
        // they are of several kinds).
        info.insert(
            "x-specforge-docs".into(),
            json!({ "style": first.kind.name() }),
        );
    }
    Value::Object(info)
}

/// The version segment (`v1`, `v2`) every documented path starts with, or empty.
fn path_version(pages: &[ReadPage]) -> String {
    let mut versions = pages
        .iter()
        .flat_map(|read| &read.page.operations)
        .map(|operation| {
            operation
                .path
                .trim_start_matches('/')
                .split('/')
                .find(|segment| is_version(segment))
                .unwrap_or("")
                .to_string()
        });
    let Some(first) = versions.next() else {
        return String::new();
    };
    if versions.all(|version| version == first) {
        first
    } else {
        String::new()
    }
}

fn is_version(segment: &str) -> bool {
    segment
        .strip_prefix('v')
        .is_some_and(|rest| !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit()))
}

fn write_operation(operation: &Operation, schemes: &mut Map<String, Value>) -> Value {
    let mut out = Map::new();
    insert_text(&mut out, "summary", &operation.summary);
    insert_text(&mut out, "description", &operation.description);
    if !operation.parameters.is_empty() {
        out.insert(
            "parameters".into(),
            Value::Array(operation.parameters.iter().map(write_parameter).collect()),
        );
    }
    if !operation.security.is_empty() {
        let mut requirements = Vec::new();
        for security in &operation.security {
            let (name, scheme) = if security.bearer {
                (
                    "bearerAuth".to_string(),
                    json!({ "type": "http", "scheme": "bearer" }),
                )
            } else {
                (
                    lower_camel(&security.header),
                    json!({ "type": "apiKey", "in": "header", "name": security.header }),
                )
            };
            let mut scheme = scheme.as_object().cloned().unwrap_or_default();
            insert_text(&mut scheme, "description", &security.description);
            schemes.entry(name.clone()).or_insert(Value::Object(scheme));
            requirements.push(json!({ name: [] }));
        }
        out.insert("security".into(), Value::Array(requirements));
    }
    if let Some(body) = &operation.body {
        out.insert("requestBody".into(), write_body(body));
    }
    let mut responses = Map::new();
    for response in &operation.responses {
        responses.insert(response.status.clone(), write_response(response));
    }
    out.insert("responses".into(), Value::Object(responses));
    Value::Object(out)
}

fn lower_camel(header: &str) -> String {
    let mut out = String::new();
    for (index, word) in header.split(['-', '_', ' ']).enumerate() {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            if index == 0 {
                out.extend(first.to_lowercase());
            } else {
                out.extend(first.to_uppercase());
            }
            out.push_str(&chars.as_str().to_lowercase());
        }
    }
    out
}

fn write_parameter(parameter: &Parameter) -> Value {
    let mut out = Map::new();
    out.insert("name".into(), json!(parameter.name));
    out.insert("in".into(), json!(parameter.location.as_str()));
    insert_text(&mut out, "description", &parameter.schema.description);
    if parameter.required || parameter.location == Location::Path {
        out.insert("required".into(), json!(true));
    }
    let mut schema = parameter.schema.clone();
    schema.description = None;
    let example = schema.example.take();
    out.insert("schema".into(), write_schema(&schema));
    if let Some(example) = example {
        out.insert("example".into(), example);
    }
    Value::Object(out)
}

fn write_body(body: &Body) -> Value {
    let mut out = Map::new();
    insert_text(&mut out, "description", &body.description);
    if body.required {
        out.insert("required".into(), json!(true));
    }
    out.insert(
        "content".into(),
        write_content(&body.media_types, Some(&body.schema), &body.examples),
    );
    Value::Object(out)
}

fn write_response(response: &Response) -> Value {
    let mut out = Map::new();
    out.insert(
        "description".into(),
        json!(response.description.clone().unwrap_or_default()),
    );
    if !response.headers.is_empty() {
        let mut headers = Map::new();
        for header in &response.headers {
            let mut value = Map::new();
            insert_text(&mut value, "description", &header.schema.description);
            if header.required {
                value.insert("required".into(), json!(true));
            }
            let mut schema = header.schema.clone();
            schema.description = None;
            value.insert("schema".into(), write_schema(&schema));
            headers.insert(header.name.clone(), Value::Object(value));
        }
        out.insert("headers".into(), Value::Object(headers));
    }
    if !response.media_types.is_empty() || response.schema.is_some() {
        out.insert(
            "content".into(),
            write_content(
                &response.media_types,
                response.schema.as_ref(),
                &response.examples,
            ),
        );
    }
    Value::Object(out)
}

fn write_content(media_types: &[String], schema: Option<&Schema>, examples: &[Value]) -> Value {
    let default = ["application/json".to_string()];
    let media_types = if media_types.is_empty() {
        &default[..]
    } else {
        media_types
    };
    let mut content = Map::new();
    for media_type in media_types {
        let mut entry = Map::new();
        if let Some(schema) = schema {
            entry.insert("schema".into(), write_schema(schema));
        }
        match examples {
            [] => {}
            [only] => {
                entry.insert("example".into(), only.clone());
            }
            several => {
                let named: Map<String, Value> = several
                    .iter()
                    .enumerate()
                    .map(|(index, value)| {
                        (format!("example{}", index + 1), json!({ "value": value }))
                    })
                    .collect();
                entry.insert("examples".into(), Value::Object(named));
            }
        }
        content.insert(media_type.clone(), Value::Object(entry));
    }
    Value::Object(content)
}

/// The OpenAPI schema of what a page states about a value.
pub fn write_schema(schema: &Schema) -> Value {
    let mut out = Map::new();
    insert_text(&mut out, "title", &schema.title);
    match &schema.kind {
        Type::Named(name) => {
            let reference = json!({ "$ref": format!("#/components/schemas/{name}") });
            if is_bare(schema) {
                return reference;
            }
            let mut all_of = vec![reference];
            if !schema.requires.is_empty() {
                all_of.push(json!({ "required": schema.requires }));
            }
            out.insert("allOf".into(), Value::Array(all_of));
        }
        Type::String => {
            out.insert("type".into(), json!("string"));
        }
        Type::Integer => {
            out.insert("type".into(), json!("integer"));
        }
        Type::Number => {
            out.insert("type".into(), json!("number"));
        }
        Type::Boolean => {
            out.insert("type".into(), json!("boolean"));
        }
        Type::Object => {
            out.insert("type".into(), json!("object"));
        }
        Type::Array(_) => {
            out.insert("type".into(), json!("array"));
        }
        Type::Any => {}
    }
    insert_text(&mut out, "format", &schema.format);
    if schema.nullable {
        out.insert("nullable".into(), json!(true));
    }
    if !schema.enumeration.is_empty() {
        out.insert("enum".into(), Value::Array(schema.enumeration.clone()));
    }
    insert_value(&mut out, "default", &schema.default);
    insert_value(&mut out, "minimum", &schema.minimum);
    insert_value(&mut out, "maximum", &schema.maximum);
    if let Some(length) = schema.min_length {
        out.insert("minLength".into(), json!(length));
    }
    if let Some(length) = schema.max_length {
        out.insert("maxLength".into(), json!(length));
    }
    insert_text(&mut out, "pattern", &schema.pattern);
    if schema.read_only {
        out.insert("readOnly".into(), json!(true));
    }
    if schema.deprecated {
        out.insert("deprecated".into(), json!(true));
    }
    insert_text(&mut out, "description", &schema.description);
    insert_value(&mut out, "example", &schema.example);
    if let Type::Array(items) = &schema.kind {
        out.insert("items".into(), write_schema(items));
    }
    if !schema.one_of.is_empty() {
        out.insert(
            "oneOf".into(),
            Value::Array(schema.one_of.iter().map(write_schema).collect()),
        );
    }
    if let Some(additional) = &schema.additional {
        out.insert("additionalProperties".into(), write_schema(additional));
    }
    if !schema.fields.is_empty() {
        let required: Vec<Value> = schema
            .fields
            .iter()
            .filter(|field| field.required)
            .map(|field| json!(field.name))
            .collect();
        if !required.is_empty() {
            out.insert("required".into(), Value::Array(required));
        }
        let properties: Map<String, Value> = schema
            .fields
            .iter()
            .map(|field| (field.name.clone(), write_schema(&field.schema)))
            .collect();
        out.insert("properties".into(), Value::Object(properties));
    }
    Value::Object(out)
}

/// A reference with nothing beside it is written as a plain `$ref`.
fn is_bare(schema: &Schema) -> bool {
    let Schema { kind, fields, .. } = schema;
    let bare = Schema {
        kind: kind.clone(),
        fields: fields.clone(),
        ..Schema::default()
    };
    *schema == bare && fields.is_empty()
}

fn insert_text(out: &mut Map<String, Value>, key: &str, text: &Option<String>) {
    if let Some(text) = text {
        out.insert(key.into(), json!(text));
    }
}

fn insert_value(out: &mut Map<String, Value>, key: &str, value: &Option<Value>) {
    if let Some(value) = value {
        out.insert(key.into(), value.clone());
    }
}

/// The named types of every page, each once; two different ones of one name are an error.
fn named_types(pages: &[ReadPage]) -> Result<Map<String, Value>> {
    let mut schemas = Map::new();
    let mut first_seen: Vec<(String, String, usize)> = Vec::new();
    for read in pages {
        for NamedType { name, schema, line } in &read.page.types {
            let written = write_schema(schema);
            match schemas.get(name) {
                None => {
                    schemas.insert(name.clone(), written);
                    first_seen.push((name.clone(), read.file.clone(), *line));
                }
                Some(existing) if *existing == written => {}
                Some(_) => {
                    let (_, file, at) = first_seen
                        .iter()
                        .find(|(seen, _, _)| seen == name)
                        .expect("every schema written was seen");
                    return Err(Error::Import {
                        file: read.file.clone(),
                        line: Some(*line),
                        message: format!(
                            "type `{name}` is defined here with other fields than at {file}:{at}"
                        ),
                    });
                }
            }
        }
    }
    Ok(schemas)
}
