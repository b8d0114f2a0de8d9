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

use std::collections::{BTreeSet, HashMap};

use serde_json::{json, Map, Value};

use super::page::{Body, Location, MediaSchema, NamedType, Operation, Parameter, Response};
use super::page::{Kind, ReadPage};
use super::page::{Schema, Type};
use crate::error::{Error, Result};

/// Where the document keeps operations whose page shows neither method nor path (a page's text
/// that lost them), by the page's file name: `x-specforge-unplaced: {<page>: <operation>}`. The overlay
/// says where each goes (`x-specforge-move-to`, see `crate::specs`).
pub const UNPLACED: &str = "x-specforge-unplaced";

/// The document of these pages.
pub fn document(
    api: &str,
    pages: &[ReadPage],
    rename_conflicts: bool,
) -> Result<(Value, Vec<String>)> {
    let mut root = Map::new();
    root.insert("openapi".into(), json!("3.0.3"));
    root.insert("info".into(), info(api, pages));

    let types = named_types(pages, rename_conflicts)?;

    let mut paths = Map::new();
    let mut unplaced = Map::new();
    let mut schemes = Map::new();
    for (page, read) in pages.iter().enumerate() {
        let writer = Writer {
            types: Some(&types),
            page,
            comparing: false,
        };
        for operation in &read.page.operations {
            if operation.method.is_empty() || operation.path.is_empty() {
                // The page does not say where the operation goes: the overlay places it (see
                // `UNPLACED`).
                let page = read.file.rsplit(['/', '\\']).next().unwrap_or(&read.file);
                unplaced.insert(page.to_string(), writer.operation(operation, &mut schemes));
                continue;
            }
            let item = paths
                .entry(operation.path.clone())
                .or_insert_with(|| Value::Object(Map::new()));
            let item = item.as_object_mut().expect("path items are objects");
            if item.contains_key(&operation.method) {
                return Err(Error::Import {
                    file: read.file.clone(),
                    quoted: None,
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
                writer.operation(operation, &mut schemes),
            );
        }
    }
    root.insert("paths".into(), Value::Object(paths));
    if !unplaced.is_empty() {
        root.insert(UNPLACED.into(), Value::Object(unplaced));
    }

    let schemas: Map<String, Value> = types
        .schemas
        .iter()
        .map(|(name, page, schema)| {
            let writer = Writer {
                types: Some(&types),
                page: *page,
                comparing: false,
            };
            (name.clone(), writer.schema(schema))
        })
        .collect();
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
    Ok((Value::Object(root), types.renamed))
}

/// How many operations a document has.
pub fn operation_count(document: &Value) -> usize {
    const METHODS: [&str; 8] = [
        "get", "put", "post", "delete", "options", "head", "patch", "trace",
    ];
    let placed: usize = document
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
        });
    let unplaced = document
        .get(UNPLACED)
        .and_then(Value::as_object)
        .map_or(0, Map::len);
    placed + unplaced
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
    // The generated docs are pages of the kinds the API's pages are: operation pages in the
    // kind of its first endpoint page, model pages as SDK model pages where it has those.
    let mut docs = Map::new();
    if let Some(read) = pages.iter().find(|read| read.kind != Kind::SdkModel) {
        docs.insert("style".into(), json!(read.kind.name()));
    }
    if pages.iter().any(|read| read.kind == Kind::SdkModel) {
        docs.insert("model-style".into(), json!(Kind::SdkModel.name()));
    }
    if !docs.is_empty() {
        info.insert("x-specforge-docs".into(), Value::Object(docs));
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

/// Writes the model of one page as OpenAPI, knowing the schema name of each type statement and
/// the fields each schema requires.
#[derive(Default, Clone, Copy)]
struct Writer<'a> {
    types: Option<&'a Types>,
    /// The page being written (an index into the pages).
    page: usize,
    /// Writing to compare two statements of a type: uses' names and extra requirements are
    /// left out.
    comparing: bool,
}

impl Writer<'_> {
    /// The schema a use of type `name` (meaning `declaration` of this page, if given) refers to.
    fn name_of(&self, name: &str, declaration: Option<usize>) -> String {
        match (self.types, declaration) {
            (Some(types), Some(declaration)) if !self.comparing => types
                .names
                .get(&(self.page, declaration))
                .cloned()
                .unwrap_or_else(|| name.to_string()),
            _ => name.to_string(),
        }
    }

    /// The fields a use of schema `name` requires beyond those the schema itself requires.
    fn extra_required(&self, name: &str, requires: &[String]) -> Vec<String> {
        if self.comparing {
            return Vec::new();
        }
        let base = self.types.and_then(|types| types.required.get(name));
        requires
            .iter()
            .filter(|field| !base.is_some_and(|base| base.contains(*field)))
            .cloned()
            .collect()
    }

    fn operation(&self, operation: &Operation, schemes: &mut Map<String, Value>) -> Value {
        let mut out = Map::new();
        insert_text(&mut out, "summary", &operation.summary);
        insert_text(&mut out, "description", &operation.description);
        if !operation.parameters.is_empty() {
            out.insert(
                "parameters".into(),
                Value::Array(
                    operation
                        .parameters
                        .iter()
                        .map(|parameter| self.parameter(parameter))
                        .collect(),
                ),
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
            out.insert("requestBody".into(), self.body(body));
        }
        // In status order (`200` before `4XX`, `default` last), as OpenAPI documents list
        // them, whatever order the page states them in.
        let mut ordered: Vec<&Response> = operation.responses.iter().collect();
        ordered.sort_by_key(|response| status_order(&response.status));
        let mut responses = Map::new();
        for response in ordered {
            responses.insert(response.status.clone(), self.response(response));
        }
        out.insert("responses".into(), Value::Object(responses));
        Value::Object(out)
    }

    fn parameter(&self, parameter: &Parameter) -> Value {
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
        out.insert("schema".into(), self.schema(&schema));
        if let Some(example) = example {
            out.insert("example".into(), example);
        }
        Value::Object(out)
    }

    fn body(&self, body: &Body) -> Value {
        let mut out = Map::new();
        insert_text(&mut out, "description", &body.description);
        if body.required {
            out.insert("required".into(), json!(true));
        }
        let mut content = self.content(&body.media_types, Some(&body.schema), &body.examples);
        self.other_content(&mut content, &body.other_media);
        out.insert("content".into(), Value::Object(content));
        Value::Object(out)
    }

    fn response(&self, response: &Response) -> Value {
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
                value.insert("schema".into(), self.schema(&schema));
                headers.insert(header.name.clone(), Value::Object(value));
            }
            out.insert("headers".into(), Value::Object(headers));
        }
        if !response.media_types.is_empty()
            || response.schema.is_some()
            || !response.other_media.is_empty()
        {
            let mut content = self.content(
                &response.media_types,
                response.schema.as_ref(),
                &response.examples,
            );
            self.other_content(&mut content, &response.other_media);
            out.insert("content".into(), Value::Object(content));
        }
        Value::Object(out)
    }

    /// The content of a body's first media types (`application/json` when the page names
    /// none), each with the schema and the examples the page shows.
    fn content(
        &self,
        media_types: &[String],
        schema: Option<&Schema>,
        examples: &[Value],
    ) -> Map<String, Value> {
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
                entry.insert("schema".into(), self.schema(schema));
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
        content
    }

    /// Adds the media types that have a schema of their own, after the first ones.
    fn other_content(&self, content: &mut Map<String, Value>, other_media: &[MediaSchema]) {
        for other in other_media {
            for media_type in &other.media_types {
                content.insert(
                    media_type.clone(),
                    json!({ "schema": self.schema(&other.schema) }),
                );
            }
        }
    }

    /// The OpenAPI schema of what a page states about a value.
    fn schema(&self, schema: &Schema) -> Value {
        let mut out = Map::new();
        insert_text(&mut out, "title", &schema.title);
        match &schema.kind {
            Type::Named(name) => {
                let name = self.name_of(name, schema.declaration);
                let reference = json!({ "$ref": format!("#/components/schemas/{name}") });
                let extra = self.extra_required(&name, &schema.requires);
                if is_bare(schema) && extra.is_empty() {
                    return reference;
                }
                let mut all_of = vec![reference];
                if !extra.is_empty() {
                    all_of.push(json!({ "required": extra }));
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
            out.insert("items".into(), self.schema(items));
        }
        if !schema.one_of.is_empty() {
            out.insert(
                "oneOf".into(),
                Value::Array(schema.one_of.iter().map(|one| self.schema(one)).collect()),
            );
        }
        if let Some(additional) = &schema.additional {
            out.insert("additionalProperties".into(), self.schema(additional));
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
                .map(|field| (field.name.clone(), self.schema(&field.schema)))
                .collect();
            out.insert("properties".into(), Value::Object(properties));
        }
        Value::Object(out)
    }
}

/// `200` → (2, 0, 200): exact codes before the range of their class, `default` last.
fn status_order(status: &str) -> (u32, u32, u32) {
    let class = status
        .chars()
        .next()
        .and_then(|c| c.to_digit(10))
        .unwrap_or(9);
    match status.parse::<u32>() {
        Ok(code) => (class, 0, code),
        Err(_) if status.eq_ignore_ascii_case("default") => (10, 0, 0),
        Err(_) => (class, 1, 0),
    }
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

/// The OpenAPI schema of what a page states about a value, on its own: named types are
/// referred to by their names, and a use's `requires` are written beside its `$ref`.
pub fn write_schema(schema: &Schema) -> Value {
    Writer::default().schema(schema)
}

/// A reference with nothing beside it is written as a plain `$ref`.
fn is_bare(schema: &Schema) -> bool {
    let Schema {
        kind,
        fields,
        requires,
        declaration,
        ..
    } = schema;
    let bare = Schema {
        kind: kind.clone(),
        fields: fields.clone(),
        requires: requires.clone(),
        declaration: *declaration,
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

/// The schemas of the types the pages name.
#[derive(Debug, Default)]
struct Types {
    /// Each schema: its name, the page that first states it and the statement.
    schemas: Vec<(String, usize, Schema)>,
    /// The schema name of each statement: (page, index in its `types`) → name.
    names: HashMap<(usize, usize), String>,
    /// The fields each schema requires.
    required: HashMap<String, BTreeSet<String>>,
    /// What was renamed, one line each, when conflicts are renamed.
    renamed: Vec<String>,
}

/// One shape a type name is stated with: the shape, its description (where a statement gives
/// one), and the file and line first stating it.
type Variant = (Value, Option<String>, String, usize);

/// The named types of every page, each once. Statements of one name must have the same
/// fields (names, types, descriptions); they may differ in which fields they require, as a
/// request table and a response table of one type do: the schema then requires the fields
/// every statement requires, and each use that requires more says so beside its `$ref`. A
/// statement that gives no description of the type (a table under its name) agrees with one
/// that does (the field of an array of it, describing its items).
///
/// Statements of one name with different fields are an error naming both places; with
/// `rename_conflicts`, each different one is a schema of its own, `Name2`, `Name3`, … in page
/// order, and each renaming is reported.
fn named_types(pages: &[ReadPage], rename_conflicts: bool) -> Result<Types> {
    let comparing = Writer {
        comparing: true,
        ..Writer::default()
    };
    // Per name: its variants, each with its shape and where it was first stated.
    let mut variants: Vec<(String, Vec<Variant>)> = Vec::new();
    let mut types = Types::default();
    let mut conflicts = Vec::new();
    for (page, read) in pages.iter().enumerate() {
        for (index, NamedType { name, schema, line }) in read.page.types.iter().enumerate() {
            let shape = comparing.schema(&without_required(schema));
            let description = schema.description.clone();
            let position = match variants.iter().position(|(seen, _)| seen == name) {
                Some(position) => position,
                None => {
                    variants.push((name.clone(), Vec::new()));
                    variants.len() - 1
                }
            };
            let known = &mut variants[position].1;
            let agrees = |(seen, said, ..): &Variant| {
                *seen == shape && (said.is_none() || description.is_none() || *said == description)
            };
            let variant = match known.iter().position(agrees) {
                Some(variant) => {
                    let said = &mut known[variant].1;
                    if said.is_none() {
                        said.clone_from(&description);
                    }
                    variant
                }
                None => {
                    if let Some((_, _, file, at)) = known.first() {
                        let differs = if known.iter().any(|(seen, ..)| *seen == shape) {
                            "another description"
                        } else {
                            "other fields"
                        };
                        let message = format!(
                            "type `{name}` is stated here with {differs} than at {file}:{at}"
                        );
                        if rename_conflicts {
                            types.renamed.push(format!(
                                "{}:{line}: {message}; this one is named `{name}{}`",
                                read.file,
                                known.len() + 1
                            ));
                        } else {
                            conflicts.push(Error::Import {
                                file: read.file.clone(),
                                quoted: None,
                                line: Some(*line),
                                message,
                            });
                        }
                    }
                    known.push((shape, description.clone(), read.file.clone(), *line));
                    known.len() - 1
                }
            };
            let schema_name = match variant {
                0 => name.clone(),
                n => format!("{name}{}", n + 1),
            };
            types.names.insert((page, index), schema_name.clone());
            match types
                .schemas
                .iter_mut()
                .find(|(seen, ..)| *seen == schema_name)
            {
                None => types.schemas.push((schema_name, page, schema.clone())),
                Some((_, _, base)) => {
                    for (field, other) in base.fields.iter_mut().zip(&schema.fields) {
                        field.required &= other.required;
                    }
                    if base.description.is_none() {
                        base.description.clone_from(&schema.description);
                    }
                }
            }
        }
    }
    if !conflicts.is_empty() {
        return Err(Error::several(conflicts));
    }
    types.required = types
        .schemas
        .iter()
        .map(|(name, _, schema)| {
            let required = schema
                .fields
                .iter()
                .filter(|field| field.required)
                .map(|field| field.name.clone())
                .collect();
            (name.clone(), required)
        })
        .collect();
    Ok(types)
}

/// A type's statement as its statements are compared: without which fields it requires, nor
/// its own description.
fn without_required(schema: &Schema) -> Schema {
    let mut schema = schema.clone();
    schema.description = None;
    for field in &mut schema.fields {
        field.required = false;
    }
    schema
}
