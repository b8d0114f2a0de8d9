//! Which component schemas are used in requests, which in responses, and which differ between
//! the two (because they, or schemas they contain, have readOnly or writeOnly properties). A
//! webhook turns the sides around: the API sends its payload, as it sends a response, and
//! receives the subscriber's answer, as it receives a request.

use std::collections::BTreeSet;

use foldhash::HashMap;
use indexmap::IndexMap;
use openapiv3::{
    OpenAPI, Operation, Parameter, ParameterSchemaOrContent, PathItem, ReferenceOr, RequestBody,
    Response, Schema, SchemaKind, Type,
};

/// Per component schema: where it is used and whether its two sides differ.
#[derive(Debug, Default)]
pub(super) struct Usage {
    pub request: BTreeSet<String>,
    pub response: BTreeSet<String>,
    pub sensitive: BTreeSet<String>,
}

/// The component a schema `$ref` leads into, if it names one: the component itself, or the
/// one holding the schema it points at (`#/components/schemas/Tag/allOf/0` is in `Tag`).
pub(super) fn schema_ref_name(reference: &str) -> Option<&str> {
    let rest = reference.strip_prefix("#/components/schemas/")?;
    Some(rest.split('/').next().unwrap_or(rest))
}

pub(super) fn analyse(doc: &OpenAPI, webhooks: &IndexMap<String, ReferenceOr<PathItem>>) -> Usage {
    let no_schemas = IndexMap::new();
    let schemas: &IndexMap<String, ReferenceOr<Schema>> = doc
        .components
        .as_ref()
        .map_or(&no_schemas, |components| &components.schemas);

    // Direct references and own readOnly/writeOnly flags of every component.
    let mut edges: HashMap<&str, BTreeSet<String>> = HashMap::default();
    let mut flagged: BTreeSet<String> = BTreeSet::new();
    for (name, schema) in schemas {
        let mut refs = BTreeSet::new();
        let mut flags = false;
        walk_schema(schema, &mut refs, &mut flags, true);
        edges.insert(name, refs);
        if flags {
            flagged.insert(name.clone());
        }
    }
    let closure = |roots: BTreeSet<String>| -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut stack: Vec<String> = roots.into_iter().collect();
        while let Some(name) = stack.pop() {
            if seen.insert(name.clone()) {
                if let Some(next) = edges.get(name.as_str()) {
                    stack.extend(next.iter().cloned());
                }
            }
        }
        seen
    };

    // A component is sensitive when it reaches a flagged one: walk the references backwards
    // from the flagged ones, once (rather than every component's reach, which is quadratic in
    // a long chain of references).
    let mut referrers: HashMap<&str, Vec<&str>> = HashMap::default();
    for (&name, refs) in &edges {
        for target in refs {
            referrers.entry(target.as_str()).or_default().push(name);
        }
    }
    let mut usage = Usage::default();
    let mut stack: Vec<&str> = flagged.iter().map(String::as_str).collect();
    while let Some(name) = stack.pop() {
        if !schemas.contains_key(name) || !usage.sensitive.insert(name.to_owned()) {
            continue;
        }
        if let Some(referrers) = referrers.get(name) {
            stack.extend(referrers.iter().copied());
        }
    }

    let mut request_roots = BTreeSet::new();
    let mut response_roots = BTreeSet::new();
    for (_, item) in doc.paths.iter() {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        for parameter in &item.parameters {
            parameter_refs(doc, parameter, &mut request_roots);
        }
        for (_, operation) in item.iter() {
            operation_refs(doc, operation, &mut request_roots, &mut response_roots);
        }
    }
    // A webhook's payload is sent by the API, as a response is, and what the subscriber
    // answers is received by it, as a request is.
    for (_, item) in webhooks {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        for (_, operation) in item.iter() {
            operation_refs(doc, operation, &mut response_roots, &mut request_roots);
        }
    }
    usage.request = closure(request_roots);
    usage.response = closure(response_roots);
    usage
}

/// The components an operation's parameters and request body refer to (into `sent`, what its
/// caller sends) and those its responses refer to (into `answered`).
fn operation_refs(
    doc: &OpenAPI,
    operation: &Operation,
    sent: &mut BTreeSet<String>,
    answered: &mut BTreeSet<String>,
) {
    for parameter in &operation.parameters {
        parameter_refs(doc, parameter, sent);
    }
    if let Some(body) = &operation.request_body {
        if let Some(body) = resolve_body(doc, body) {
            for media in body.content.values() {
                media_refs(media, sent);
            }
        }
    }
    let responses = operation
        .responses
        .responses
        .values()
        .chain(operation.responses.default.as_ref());
    for response in responses {
        if let Some(response) = resolve_response(doc, response) {
            for media in response.content.values() {
                media_refs(media, answered);
            }
            for header in response.headers.values() {
                if let ReferenceOr::Item(header) = header {
                    if let ParameterSchemaOrContent::Schema(schema) = &header.format {
                        let mut flags = false;
                        walk_schema(schema, answered, &mut flags, false);
                    }
                }
            }
        } else if let ReferenceOr::Reference { reference } = response {
            // A response that names a request body component sends its content.
            let named = ReferenceOr::Reference {
                reference: reference.clone(),
            };
            if let Some(body) = resolve_body(doc, &named) {
                for media in body.content.values() {
                    media_refs(media, answered);
                }
            }
        }
    }
}

fn parameter_refs(doc: &OpenAPI, parameter: &ReferenceOr<Parameter>, out: &mut BTreeSet<String>) {
    let parameter = match parameter {
        ReferenceOr::Item(parameter) => parameter,
        ReferenceOr::Reference { reference } => {
            let Some(found) = reference
                .strip_prefix("#/components/parameters/")
                .and_then(|name| doc.components.as_ref()?.parameters.get(name))
            else {
                return;
            };
            match found {
                ReferenceOr::Item(parameter) => parameter,
                ReferenceOr::Reference { .. } => return,
            }
        }
    };
    let mut flags = false;
    match &parameter.parameter_data_ref().format {
        ParameterSchemaOrContent::Schema(schema) => walk_schema(schema, out, &mut flags, false),
        ParameterSchemaOrContent::Content(content) => {
            for media in content.values() {
                media_refs(media, out);
            }
        }
    }
}

fn media_refs(media: &openapiv3::MediaType, out: &mut BTreeSet<String>) {
    if let Some(schema) = &media.schema {
        let mut flags = false;
        walk_schema(schema, out, &mut flags, false);
    }
}

pub(super) fn resolve_body<'a>(
    doc: &'a OpenAPI,
    body: &'a ReferenceOr<RequestBody>,
) -> Option<&'a RequestBody> {
    match body {
        ReferenceOr::Item(body) => Some(body),
        ReferenceOr::Reference { reference } => {
            match reference
                .strip_prefix("#/components/requestBodies/")
                .and_then(|name| doc.components.as_ref()?.request_bodies.get(name))?
            {
                ReferenceOr::Item(body) => Some(body),
                ReferenceOr::Reference { .. } => None,
            }
        }
    }
}

pub(super) fn resolve_response<'a>(
    doc: &'a OpenAPI,
    response: &'a ReferenceOr<Response>,
) -> Option<&'a Response> {
    match response {
        ReferenceOr::Item(response) => Some(response),
        ReferenceOr::Reference { reference } => {
            match reference
                .strip_prefix("#/components/responses/")
                .and_then(|name| doc.components.as_ref()?.responses.get(name))?
            {
                ReferenceOr::Item(response) => Some(response),
                ReferenceOr::Reference { .. } => None,
            }
        }
    }
}

/// Collects the component schemas an (inline) schema tree refers to, and whether any property in
/// the tree is readOnly or writeOnly. `top` marks the component itself, whose own flags do not
/// count (a readOnly component is still one type).
fn walk_schema<S: AsSchema>(
    schema: &ReferenceOr<S>,
    refs: &mut BTreeSet<String>,
    flags: &mut bool,
    top: bool,
) {
    let schema = match schema {
        ReferenceOr::Reference { reference } => {
            if let Some(name) = schema_ref_name(reference) {
                refs.insert(name.to_owned());
            }
            return;
        }
        ReferenceOr::Item(schema) => schema.as_schema(),
    };
    if !top && (schema.schema_data.read_only || schema.schema_data.write_only) {
        *flags = true;
    }
    let mut children: Vec<&ReferenceOr<Schema>> = Vec::new();
    let mut boxed: Vec<&ReferenceOr<Box<Schema>>> = Vec::new();
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => {
            boxed.extend(object.properties.values());
            if let Some(openapiv3::AdditionalProperties::Schema(extra)) =
                &object.additional_properties
            {
                walk_schema(extra.as_ref(), refs, flags, false);
            }
        }
        SchemaKind::Type(Type::Array(array)) => boxed.extend(array.items.as_ref()),
        SchemaKind::OneOf { one_of: list }
        | SchemaKind::AnyOf { any_of: list }
        | SchemaKind::AllOf { all_of: list } => children.extend(list),
        SchemaKind::Not { not } => children.push(not),
        SchemaKind::Any(any) => {
            boxed.extend(any.properties.values());
            boxed.extend(any.items.as_ref());
            children.extend(&any.one_of);
            children.extend(&any.any_of);
            children.extend(&any.all_of);
            if let Some(openapiv3::AdditionalProperties::Schema(extra)) = &any.additional_properties
            {
                walk_schema(extra.as_ref(), refs, flags, false);
            }
        }
        SchemaKind::Type(_) => {}
    }
    // allOf parts and the like carry the owner's own properties: flags inside them count.
    for child in children {
        walk_schema(child, refs, flags, false);
    }
    for child in boxed {
        walk_schema(child, refs, flags, false);
    }
}

/// `Schema` and `Box<Schema>` alike: OpenAPI nests both.
pub(super) trait AsSchema {
    fn as_schema(&self) -> &Schema;
}

impl AsSchema for Schema {
    fn as_schema(&self) -> &Schema {
        self
    }
}

impl AsSchema for Box<Schema> {
    fn as_schema(&self) -> &Schema {
        self
    }
}
