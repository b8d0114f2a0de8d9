//! Lowering operations: parameters, request bodies, responses and security, complete.

use indexmap::IndexMap;
use openapiv3::{
    Example as SpecExample, MediaType, Parameter as SpecParameter, ParameterSchemaOrContent,
    PathStyle, QueryStyle, ReferenceOr, StatusCode,
};

use super::model::{
    Access, BodyType, Encoding, Example, Field, Header, ListFormat, Media, MediaEnum, MediaKind,
    MediaVariant, Method, Operation, ParamLocation, ParamStruct, Parameter, Presence, RequestBody,
    Response, Status, Struct, Style, TypeDef, TypeId, TypeKind, TypeRef, TypeSource,
};
use super::names::{self, Name, Scope};
use super::paths::check_path_template;
use super::refs;
use super::schemas::Lowerer;
use super::security::{lower_requirements, security_scheme_keys};
use super::view::limits_of;
use crate::error::Result;
use crate::spec::pointer_join;

pub(super) fn lower_operations(cx: &mut Lowerer<'_>) -> Result<Vec<Operation>> {
    let doc = cx.doc;
    let schemes = security_scheme_keys(cx.spec);
    let mut fn_names = Scope::snake();
    let mut operations = Vec::new();
    for (path, item) in doc.paths.paths.iter() {
        let path_pointer = pointer_join("/paths", path);
        let item = match item {
            ReferenceOr::Item(item) => item,
            ReferenceOr::Reference { .. } => {
                return Err(cx
                    .spec
                    .unsupported(&path_pointer, "path items given as $ref"));
            }
        };
        for (method_name, operation) in item.iter() {
            let method = method_of(method_name);
            let pointer = format!("{path_pointer}/{method_name}");
            let (wire, has_operation_id) = match &operation.operation_id {
                Some(id) => (id.clone(), true),
                None => (format!("{method_name} {path}"), false),
            };
            let name = Name {
                wire,
                rust: fn_names.claim(names::snake_ident(
                    &operation
                        .operation_id
                        .clone()
                        .unwrap_or_else(|| format!("{method_name}_{path}")),
                )),
            };
            let stem = names::type_ident(name.bare());

            // Path-level parameters first; an operation's own parameter replaces one of the same
            // name and location.
            let mut parameters: Vec<(&SpecParameter, String)> = Vec::new();
            let sources = item
                .parameters
                .iter()
                .enumerate()
                .map(|(i, p)| (p, format!("{path_pointer}/parameters/{i}")))
                .chain(
                    operation
                        .parameters
                        .iter()
                        .enumerate()
                        .map(|(i, p)| (p, format!("{pointer}/parameters/{i}"))),
                );
            for (parameter, parameter_pointer) in sources {
                let (parameter, parameter_pointer) =
                    resolve_parameter(cx, parameter, parameter_pointer)?;
                let key = (
                    parameter.parameter_data_ref().name.clone(),
                    location_of(parameter),
                );
                parameters.retain(|(existing, _)| {
                    (
                        existing.parameter_data_ref().name.clone(),
                        location_of(existing),
                    ) != key
                });
                parameters.push((parameter, parameter_pointer));
            }

            check_path_template(cx.spec, path, &path_pointer, &parameters)?;
            let mut lowered_parameters = Vec::new();
            for (parameter, parameter_pointer) in &parameters {
                lowered_parameters.push(lower_parameter(cx, parameter, parameter_pointer, &stem)?);
            }
            let locations = [
                (ParamLocation::Path, "Path", "Path parameters", "path"),
                (ParamLocation::Query, "Query", "Query parameters", "query"),
                (
                    ParamLocation::Header,
                    "Headers",
                    "Header parameters",
                    "headers",
                ),
                (
                    ParamLocation::Cookie,
                    "Cookies",
                    "Cookie parameters",
                    "cookies",
                ),
            ];
            let mut param_structs = Vec::new();
            for (location, suffix, what, argument) in locations {
                let id = param_struct(
                    cx,
                    &mut lowered_parameters,
                    location,
                    &format!("{stem}{suffix}"),
                    what,
                    &name.wire,
                    &pointer,
                );
                if let Some(id) = id {
                    param_structs.push(ParamStruct {
                        location,
                        id,
                        argument: argument.to_owned(),
                    });
                }
            }

            let request_body = match &operation.request_body {
                Some(body) => Some(lower_request_body(
                    cx,
                    body,
                    &format!("{pointer}/requestBody"),
                    &stem,
                    &format!("{method} {path}"),
                )?),
                None => None,
            };

            let responses =
                lower_responses(cx, &operation.responses, &pointer, &stem, Access::Response)?;
            let response_type = Name {
                wire: name.wire.clone(),
                rust: cx.claim_type_name(&format!("{stem}Response")),
            };

            let requirements = operation.security.as_ref().or(doc.security.as_ref());
            let security = match requirements {
                Some(requirements) => {
                    lower_requirements(cx.spec, requirements, &schemes, &pointer)?
                }
                None => Vec::new(),
            };

            let handler = format!("handle_{}", names::suffix(&name.rust));
            operations.push(Operation {
                handler,
                name,
                has_operation_id,
                method,
                path: path.clone(),
                summary: operation.summary.clone(),
                description: operation.description.clone(),
                tags: operation.tags.clone(),
                deprecated: operation.deprecated,
                parameters: lowered_parameters,
                param_structs,
                request_body,
                responses,
                response_type,
                security,
                origin: cx.origin(&pointer),
            });
        }
    }
    Ok(operations)
}

/// The method of an operation, as `openapiv3` names the fields of a path item.
pub(super) fn method_of(name: &str) -> Method {
    match name {
        "get" => Method::Get,
        "put" => Method::Put,
        "post" => Method::Post,
        "delete" => Method::Delete,
        "options" => Method::Options,
        "head" => Method::Head,
        "patch" => Method::Patch,
        _ => Method::Trace,
    }
}

fn resolve_parameter<'a>(
    cx: &Lowerer<'a>,
    parameter: &'a ReferenceOr<SpecParameter>,
    pointer: String,
) -> Result<(&'a SpecParameter, String)> {
    refs::component(
        cx.spec,
        parameter,
        &pointer,
        "parameters",
        "a parameter",
        |c| &c.parameters,
    )
}

fn location_of(parameter: &SpecParameter) -> ParamLocation {
    match parameter {
        SpecParameter::Path { .. } => ParamLocation::Path,
        SpecParameter::Query { .. } => ParamLocation::Query,
        SpecParameter::Header { .. } => ParamLocation::Header,
        SpecParameter::Cookie { .. } => ParamLocation::Cookie,
    }
}

fn lower_parameter(
    cx: &mut Lowerer<'_>,
    parameter: &SpecParameter,
    pointer: &str,
    stem: &str,
) -> Result<Parameter> {
    let data = parameter.parameter_data_ref();
    let location = location_of(parameter);
    let base = format!("{stem}{}", names::type_part(&data.name));
    let lowered = match &data.format {
        ParameterSchemaOrContent::Schema(schema) => {
            Some(cx.lower_schema(schema, &base, Access::Request, &format!("{pointer}/schema"))?)
        }
        ParameterSchemaOrContent::Content(content) => match content.iter().next() {
            Some((
                media_type,
                MediaType {
                    schema: Some(schema),
                    ..
                },
            )) => Some(cx.lower_schema(
                schema,
                &base,
                Access::Request,
                &format!(
                    "{}/schema",
                    pointer_join(&format!("{pointer}/content"), media_type)
                ),
            )?),
            _ => None,
        },
    };
    let (ty, nullable) = lowered.map_or((TypeRef::String, false), |l| (l.ty, l.nullable));
    let style = match parameter {
        SpecParameter::Query { style, .. } => match style {
            QueryStyle::Form => None,
            other => Some(query_style(other)),
        },
        SpecParameter::Path { style, .. } => match style {
            PathStyle::Simple => None,
            PathStyle::Matrix => Some(Style::Matrix),
            PathStyle::Label => Some(Style::Label),
        },
        SpecParameter::Header { .. } | SpecParameter::Cookie { .. } => None,
    };
    // OpenAPI's defaults: `form` (query, cookie) explodes, `simple` (path, header) does not;
    // an exploded form list repeats its key, anything else is one comma-separated value.
    let explode = data.explode.unwrap_or(matches!(
        location,
        ParamLocation::Query | ParamLocation::Cookie
    ));
    let list = match (style.and_then(Style::delimiter), explode) {
        (Some(delimiter), _) => ListFormat::Delimited(delimiter),
        (None, true) if location != ParamLocation::Header => ListFormat::Repeated,
        (None, _) => ListFormat::Delimited(','),
    };
    Ok(Parameter {
        name: Name {
            wire: data.name.clone(),
            rust: String::new(),
        },
        location,
        ty,
        presence: Presence {
            required: data.required || location == ParamLocation::Path,
            nullable,
        },
        description: data.description.clone(),
        example: data
            .example
            .clone()
            .or_else(|| first_example_value(cx, &data.examples)),
        deprecated: data.deprecated.unwrap_or(false),
        style,
        explode: data.explode,
        list,
        limits: match &data.format {
            ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema)) => limits_of(schema),
            _ => None,
        },
        origin: cx.origin(pointer),
    })
}

/// The struct that carries one location's parameters; also fills in their Rust field names.
fn param_struct(
    cx: &mut Lowerer<'_>,
    parameters: &mut [Parameter],
    location: ParamLocation,
    ident: &str,
    what: &str,
    operation: &str,
    pointer: &str,
) -> Option<TypeId> {
    if !parameters.iter().any(|p| p.location == location) {
        return None;
    }
    let mut field_names = Scope::snake();
    let mut fields = Vec::new();
    for parameter in parameters.iter_mut().filter(|p| p.location == location) {
        parameter.name.rust = field_names.claim(names::snake_ident(&parameter.name.wire));
        fields.push(Field {
            name: parameter.name.clone(),
            ty: parameter.ty.clone(),
            presence: parameter.presence,
            default: None,
            default_fn: None,
            spec_default: None,
            read_only: false,
            write_only: false,
            boxed: false,
            title: None,
            description: parameter.description.clone(),
            example: parameter.example.clone(),
            deprecated: parameter.deprecated,
            limits: parameter.limits.clone(),
            declared_in: None,
            origin: parameter.origin.clone(),
        });
    }
    let rust = cx.claim_type_name(ident);
    Some(cx.push_type(TypeDef {
        name: Name {
            wire: String::new(),
            rust,
        },
        title: None,
        description: Some(format!("{what} of `{operation}`.")),
        access: Access::Request,
        source: TypeSource::Parameters,
        in_response: false,
        in_request: false,
        kind: TypeKind::Struct(Struct {
            fields,
            additional: None,
            combinations: None,
            union: None,
        }),
        example: None,
        origin: cx.origin(pointer),
        same_as: None,
    }))
}

/// A media type without its parameters, lowercased.
fn essence_of(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or(media_type)
        .trim()
        .to_ascii_lowercase()
}

pub(super) fn media_kind(media_type: &str) -> MediaKind {
    let essence = essence_of(media_type);
    match essence.as_str() {
        "application/json-patch+json" => MediaKind::JsonPatch,
        "application/x-www-form-urlencoded" => MediaKind::Form,
        _ if essence.starts_with("multipart/") => MediaKind::Multipart,
        _ if essence == "application/json" || essence.ends_with("+json") || essence == "*/*" => {
            MediaKind::Json
        }
        _ if essence.starts_with("text/") => MediaKind::Text,
        _ => MediaKind::Binary,
    }
}

fn query_style(style: &QueryStyle) -> Style {
    match style {
        QueryStyle::Form => Style::Form,
        QueryStyle::SpaceDelimited => Style::SpaceDelimited,
        QueryStyle::PipeDelimited => Style::PipeDelimited,
        QueryStyle::DeepObject => Style::DeepObject,
    }
}

pub(super) fn lower_media(
    cx: &Lowerer<'_>,
    media_type: &str,
    media: &MediaType,
    pointer: &str,
) -> Media {
    let mut examples = Vec::new();
    if let Some(value) = &media.example {
        let example_pointer = format!("{pointer}/example");
        examples.push(Example {
            name: "example".to_owned(),
            summary: None,
            value: cx.example_value(&example_pointer, value),
            origin: cx.origin(&example_pointer),
        });
    }
    for (name, example) in &media.examples {
        if let Some((example, example_pointer)) = refs::example(
            cx.spec,
            example,
            &pointer_join(&format!("{pointer}/examples"), name),
        ) {
            if let Some(value) = &example.value {
                examples.push(Example {
                    name: name.clone(),
                    summary: example.summary.clone(),
                    value: cx.example_value(&example_pointer, value),
                    origin: cx.origin(&example_pointer),
                });
            }
        }
    }
    Media {
        media_type: media_type.to_owned(),
        essence: essence_of(media_type),
        kind: media_kind(media_type),
        encodings: media
            .encoding
            .iter()
            .map(|(property, encoding)| Encoding {
                property: property.clone(),
                style: encoding.style.as_ref().map(query_style),
                explode: encoding.style.as_ref().map(|_| encoding.explode),
                list: match encoding
                    .style
                    .as_ref()
                    .map(query_style)
                    .and_then(Style::delimiter)
                {
                    Some(delimiter) => ListFormat::Delimited(delimiter),
                    None => ListFormat::Repeated,
                },
                content_type: encoding.content_type.clone(),
                content_kind: encoding.content_type.as_deref().map(media_kind),
                origin: cx.origin(&pointer_join(&format!("{pointer}/encoding"), property)),
            })
            .collect(),
        examples,
        origin: cx.origin(pointer),
    }
}

fn first_example_value(
    cx: &Lowerer<'_>,
    examples: &IndexMap<String, ReferenceOr<SpecExample>>,
) -> Option<serde_json::Value> {
    examples.values().find_map(|example| {
        refs::example(cx.spec, example, "").and_then(|(example, _)| example.value.clone())
    })
}

/// The media type whose schema gives the body its Rust type: JSON first, then forms, then any.
fn preferred_media(content: &IndexMap<String, MediaType>) -> Option<(&String, &MediaType)> {
    content
        .iter()
        .filter(|(_, media)| media.schema.is_some())
        .min_by_key(|(media_type, _)| media_rank(media_type))
}

/// How strongly a media type's schema says what the body is: JSON first, then forms, then any.
fn media_rank(media_type: &str) -> u8 {
    match media_kind(media_type) {
        MediaKind::Json | MediaKind::JsonPatch => 0,
        MediaKind::Form | MediaKind::Multipart => 1,
        MediaKind::Text | MediaKind::Binary => 2,
    }
}

/// The Rust type of a body from its media types: one type when they share a schema, else an
/// enum with a variant per schema (named `{prefix}{suffix}`, its variants' inline schemas
/// `{prefix}{Variant}{suffix}`). `finish` adjusts each type, given its media kinds.
fn body_type(
    cx: &mut Lowerer<'_>,
    content: &IndexMap<String, MediaType>,
    content_pointer: &str,
    prefix: &str,
    suffix: &str,
    access: Access,
    mut finish: impl FnMut(&mut Lowerer<'_>, TypeRef, &[MediaKind]) -> TypeRef,
) -> Result<Option<BodyType>> {
    // The media types by schema, each schema in the order it first appears; a media type
    // without a schema is sent as the preferred one's.
    let mut groups: Vec<(&ReferenceOr<openapiv3::Schema>, Vec<usize>)> = Vec::new();
    for (index, media) in content.values().enumerate() {
        let Some(schema) = &media.schema else {
            continue;
        };
        match groups.iter_mut().find(|(known, _)| *known == schema) {
            Some((_, members)) => members.push(index),
            None => groups.push((schema, vec![index])),
        }
    }
    let Some(preferred) = preferred_media(content).and_then(|(m, _)| content.get_index_of(m))
    else {
        return Ok(content
            .keys()
            .next()
            .map(|media_type| BodyType::One(body_without_schema(media_type))));
    };
    let schemaless = (0..content.len()).filter(|i| !groups.iter().any(|(_, m)| m.contains(i)));
    let schemaless: Vec<usize> = schemaless.collect();
    if let Some((_, members)) = groups.iter_mut().find(|(_, m)| m.contains(&preferred)) {
        members.extend(schemaless);
        members.sort_unstable();
    }
    let media_types: Vec<&String> = content.keys().collect();
    let kinds_of = |members: &[usize]| -> Vec<MediaKind> {
        members
            .iter()
            .map(|&i| media_kind(media_types[i]))
            .collect()
    };
    // Each group's type comes from its preferred media type, as a lone body's does.
    let mut lower_group = |cx: &mut Lowerer<'_>,
                           schema: &ReferenceOr<openapiv3::Schema>,
                           members: &[usize],
                           base: &str| {
        let best = members
            .iter()
            .copied()
            .min_by_key(|&i| media_rank(media_types[i]))
            .unwrap_or(preferred);
        let media_type = media_types[best];
        let schema_pointer = format!("{}/schema", pointer_join(content_pointer, media_type));
        let ty = cx.lower_schema(schema, base, access, &schema_pointer)?.ty;
        let ty = held_as(cx, media_kind(media_type), ty);
        Ok::<_, crate::error::Error>(finish(cx, ty, &kinds_of(members)))
    };
    if let [(schema, members)] = groups.as_slice() {
        let base = format!("{prefix}{suffix}");
        return Ok(Some(BodyType::One(lower_group(
            cx, schema, members, &base,
        )?)));
    }
    let name = Name {
        wire: String::new(),
        rust: cx.claim_type_name(&format!("{prefix}{suffix}")),
    };
    let first_kinds: Vec<MediaKind> = groups
        .iter()
        .map(|(_, members)| media_kind(media_types[members[0]]))
        .collect();
    let mut variant_names = Scope::camel();
    let mut variants = Vec::new();
    for (schema, members) in &groups {
        let media_type = media_types[members[0]];
        let kind = media_kind(media_type);
        let unique = first_kinds.iter().filter(|k| **k == kind).count() == 1;
        // Text and bytes are named for their subtype (`Csv`, `Sdp`), unless the variant is
        // sent as several (`video/mp4` or `image/webp`: `Binary`).
        let several = members.len() > 1;
        let wanted = match kind {
            MediaKind::Json if unique => "Json".to_owned(),
            MediaKind::JsonPatch if unique => "JsonPatch".to_owned(),
            MediaKind::Form if unique => "Form".to_owned(),
            MediaKind::Multipart if unique => "Multipart".to_owned(),
            MediaKind::Text if unique && several => "Text".to_owned(),
            MediaKind::Binary if unique && several => "Binary".to_owned(),
            _ => names::type_ident(subtype_of(media_type)),
        };
        let rust = variant_names.claim(wanted);
        let ty = lower_group(cx, schema, members, &format!("{prefix}{rust}{suffix}"))?;
        variants.push(MediaVariant {
            name: Name {
                wire: media_type.clone(),
                rust,
            },
            ty,
            media: members.clone(),
        });
    }
    Ok(Some(BodyType::PerMedia(MediaEnum { name, variants })))
}

/// A media type's subtype (`csv` of `text/csv; charset=utf-8`), which names its variant.
fn subtype_of(media_type: &str) -> &str {
    let essence = media_type.split(';').next().unwrap_or(media_type).trim();
    essence
        .split_once('/')
        .map_or(essence, |(_, subtype)| subtype)
}

fn lower_request_body(
    cx: &mut Lowerer<'_>,
    body: &ReferenceOr<openapiv3::RequestBody>,
    pointer: &str,
    stem: &str,
    operation: &str,
) -> Result<RequestBody> {
    let (body, pointer) = refs::component(
        cx.spec,
        body,
        pointer,
        "requestBodies",
        "a request body",
        |c| &c.request_bodies,
    )?;
    let content_pointer = format!("{pointer}/content");
    let partial = body
        .extensions
        .get("x-specforge-partial-update")
        .is_some_and(|value| value == &serde_json::Value::Bool(true));
    let ty = body_type(
        cx,
        &body.content,
        &content_pointer,
        stem,
        "Body",
        Access::Request,
        |cx, ty, kinds| {
            let ty = if partial { cx.partial_of(ty) } else { ty };
            if kinds.contains(&MediaKind::Multipart) {
                cx.hold_files_as_parts(&ty);
            }
            ty
        },
    )?;
    let content: Vec<Media> = body
        .content
        .iter()
        .map(|(media_type, media)| {
            lower_media(
                cx,
                media_type,
                media,
                &pointer_join(&content_pointer, media_type),
            )
        })
        .collect();
    let patchable = body
        .extensions
        .get("x-specforge-patchable")
        .and_then(|value| value.as_array())
        .map(|paths| {
            paths
                .iter()
                .filter_map(|p| p.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    let readable = |index: usize, media: &Media| {
        let ty = ty.as_ref().and_then(|ty| ty.of_media(index));
        match media.kind {
            MediaKind::Json | MediaKind::JsonPatch | MediaKind::Form => true,
            MediaKind::Text => matches!(ty, Some(TypeRef::String | TypeRef::FormattedString(_))),
            MediaKind::Binary => ty == Some(&TypeRef::Bytes),
            MediaKind::Multipart => multipart_readable(cx, ty),
        }
    };
    for (index, media) in content.iter().enumerate() {
        let ty = ty.as_ref().and_then(|ty| ty.of_media(index));
        let ambiguous = ty.and_then(|ty| super::multipart::ambiguous_part(&cx.types, ty));
        if let (MediaKind::Multipart, Some(part)) = (media.kind, ambiguous) {
            return Err(cx.spec.unsupported(
                &pointer,
                format!(
                    "request body of {operation} as {}: its variants read the part `{part}` \
                     as different types, and the server stub reads a part before it knows \
                     the variant",
                    media.media_type
                ),
            ));
        }
    }
    // Each variant of a body per media type must be readable as one of its media types: the
    // router could never hand an implementation the others.
    if let Some(BodyType::PerMedia(variants)) = &ty {
        for variant in &variants.variants {
            if !variant.media.iter().any(|&i| readable(i, &content[i])) {
                let media: Vec<&str> = variant
                    .media
                    .iter()
                    .map(|&i| content[i].media_type.as_str())
                    .collect();
                return Err(cx.spec.unsupported(
                    &pointer,
                    format!(
                        "request body of {operation} as {}: the server stub reads JSON, JSON Patch and form bodies, multipart bodies of an object schema or a union of them, text into a string and binary media into bytes",
                        media.join(", ")
                    ),
                ));
            }
        }
    }
    let readable = content
        .iter()
        .enumerate()
        .any(|(index, media)| readable(index, media));
    if !content.is_empty() && !readable {
        // The router would refuse every request of such an operation with 415: say so instead
        // of generating that stub.
        let media: Vec<&str> = content.iter().map(|m| m.media_type.as_str()).collect();
        return Err(cx.spec.unsupported(
            &pointer,
            format!(
                "request body of {operation} as {}: the server stub reads JSON, JSON Patch and form bodies, multipart bodies of an object schema or a union of them, text into a string and binary media into bytes",
                media.join(", ")
            ),
        ));
    }
    Ok(RequestBody {
        description: body.description.clone(),
        required: body.required,
        partial,
        ty,
        content,
        patchable,
        origin: cx.origin(&pointer),
    })
}

/// Whether a multipart body's type holds its parts by name: an object, a map of them, or a
/// union of objects that agree on the type of each part they share.
fn multipart_readable(cx: &Lowerer<'_>, ty: Option<&TypeRef>) -> bool {
    ty.and_then(|ty| super::multipart::part_objects(&cx.types, ty))
        .is_some_and(|objects| super::multipart::part_fields(&cx.types, &objects).is_ok())
}

/// A body's type as its media type holds it: a binary medium holds bytes, whatever string
/// schema describes them (`type: string, format: binary`), and a text medium holds its text
/// as it came, a UUID or base64 included, since only JSON strings are read into those types.
/// A schema that says nothing of the value's type (Cloudflare's `application/javascript`
/// body has only an example) is read as no schema is: text for text, bytes otherwise. A
/// named schema is looked through to what it is an alias of.
fn held_as(cx: &Lowerer<'_>, kind: MediaKind, ty: TypeRef) -> TypeRef {
    if !matches!(kind, MediaKind::Text | MediaKind::Binary) {
        return ty;
    }
    let mut seen = ty.clone();
    for _ in 0..32 {
        let TypeRef::Named(id) = &seen else {
            break;
        };
        match &cx.types[id.0].kind {
            TypeKind::Alias(inner) => seen = inner.clone(),
            _ => break,
        }
    }
    match (kind, seen) {
        (
            MediaKind::Binary,
            TypeRef::String
            | TypeRef::FormattedString(_)
            | TypeRef::Uuid
            | TypeRef::Base64Bytes
            | TypeRef::Json,
        ) => TypeRef::Bytes,
        (MediaKind::Text, TypeRef::Uuid) => TypeRef::FormattedString("uuid".to_owned()),
        (MediaKind::Text, TypeRef::Base64Bytes) => TypeRef::FormattedString("byte".to_owned()),
        (MediaKind::Text, TypeRef::Json) => TypeRef::String,
        (MediaKind::Text, text @ (TypeRef::String | TypeRef::FormattedString(_))) => text,
        _ => ty,
    }
}

/// The type of a body whose media type has no schema: text for text, bytes otherwise.
fn body_without_schema(media_type: &str) -> TypeRef {
    match media_kind(media_type) {
        MediaKind::Json | MediaKind::JsonPatch => TypeRef::Json,
        MediaKind::Text | MediaKind::Form | MediaKind::Multipart => TypeRef::String,
        MediaKind::Binary => TypeRef::Bytes,
    }
}

/// Every response of an operation (`pointer`), each status or range in the spec's order and then
/// `default`, each with a variant name unique among them, lowered for the side `access` (a
/// webhook's responses are written by the subscriber and read by the API, as a request is).
pub(super) fn lower_responses(
    cx: &mut Lowerer<'_>,
    responses: &openapiv3::Responses,
    pointer: &str,
    stem: &str,
    access: Access,
) -> Result<Vec<Response>> {
    let listed = responses
        .responses
        .iter()
        .map(|(code, response)| {
            let status = match code {
                StatusCode::Code(code) => Status::Code(*code),
                StatusCode::Range(hundreds) => Status::Range(*hundreds),
            };
            (status, response)
        })
        .chain(
            responses
                .default
                .iter()
                .map(|response| (Status::Default, response)),
        );
    let mut variant_names = Scope::camel();
    let mut lowered = Vec::new();
    for (status, response) in listed {
        let response_pointer = pointer_join(&format!("{pointer}/responses"), &status.spec_text());
        let variant = variant_names.claim(status_variant(status));
        lowered.push(lower_response(
            cx,
            response,
            status,
            variant,
            &response_pointer,
            stem,
            access,
        )?);
    }
    Ok(lowered)
}

/// A response, its body and headers lowered for the side `access`.
fn lower_response(
    cx: &mut Lowerer<'_>,
    response: &ReferenceOr<openapiv3::Response>,
    status: Status,
    variant: String,
    pointer: &str,
    stem: &str,
    access: Access,
) -> Result<Response> {
    // A response may name a request body component, which says what a response says (a
    // description and content): PagerDuty's cache variable data is one.
    let from_request_body;
    let (response, pointer) = match response {
        ReferenceOr::Reference { reference }
            if reference.starts_with("#/components/requestBodies/") =>
        {
            let reference = ReferenceOr::Reference {
                reference: reference.clone(),
            };
            let (body, pointer) = refs::component(
                cx.spec,
                &reference,
                pointer,
                "requestBodies",
                "a request body",
                |c| &c.request_bodies,
            )?;
            from_request_body = openapiv3::Response {
                description: body.description.clone().unwrap_or_default(),
                content: body.content.clone(),
                extensions: body.extensions.clone(),
                ..Default::default()
            };
            (&from_request_body, pointer)
        }
        _ => refs::component(cx.spec, response, pointer, "responses", "a response", |c| {
            &c.responses
        })?,
    };
    let content_pointer = format!("{pointer}/content");
    let body = body_type(
        cx,
        &response.content,
        &content_pointer,
        &format!("{stem}{variant}"),
        "Body",
        access,
        |_, ty, _| ty,
    )?;
    let mut header_names = Scope::snake();
    let mut headers = Vec::new();
    for (name, header) in &response.headers {
        let header_pointer = pointer_join(&format!("{pointer}/headers"), name);
        let (header, _) = refs::component(
            cx.spec,
            header,
            &header_pointer,
            "headers",
            "a header",
            |c| &c.headers,
        )?;
        let ty = match &header.format {
            ParameterSchemaOrContent::Schema(schema) => {
                let base = format!("{stem}{variant}{}", names::type_part(name));
                cx.lower_schema(schema, &base, access, &format!("{header_pointer}/schema"))?
                    .ty
            }
            ParameterSchemaOrContent::Content(_) => TypeRef::String,
        };
        headers.push(Header {
            name: Name {
                wire: name.clone(),
                rust: header_names.claim(names::snake_ident(name)),
            },
            ty,
            required: header.required,
            framework: is_framework_header(name),
            description: header.description.clone(),
            origin: cx.origin(&header_pointer),
        });
    }
    Ok(Response {
        status,
        status_text: status.spec_text(),
        variant: Name {
            wire: status.spec_text(),
            rust: variant,
        },
        description: response.description.clone(),
        headers,
        body,
        content: response
            .content
            .iter()
            .map(|(media_type, media)| {
                lower_media(
                    cx,
                    media_type,
                    media,
                    &pointer_join(&content_pointer, media_type),
                )
            })
            .collect(),
        origin: cx.origin(&pointer),
    })
}

/// Headers the HTTP layer sets itself.
fn is_framework_header(name: &str) -> bool {
    name.eq_ignore_ascii_case("content-type") || name.eq_ignore_ascii_case("content-length")
}

/// The response enum variant for a status: its reason phrase in UpperCamelCase.
fn status_variant(status: Status) -> String {
    let phrase = match status {
        Status::Default => "Default",
        Status::Range(1) => "Informational",
        Status::Range(2) => "Success",
        Status::Range(3) => "Redirection",
        Status::Range(4) => "ClientError",
        Status::Range(5) => "ServerError",
        Status::Range(_) => "OtherRange",
        Status::Code(code) => match code {
            100 => "Continue",
            101 => "SwitchingProtocols",
            200 => "Ok",
            201 => "Created",
            202 => "Accepted",
            203 => "NonAuthoritativeInformation",
            204 => "NoContent",
            205 => "ResetContent",
            206 => "PartialContent",
            300 => "MultipleChoices",
            301 => "MovedPermanently",
            302 => "Found",
            303 => "SeeOther",
            304 => "NotModified",
            307 => "TemporaryRedirect",
            308 => "PermanentRedirect",
            400 => "BadRequest",
            401 => "Unauthorized",
            402 => "PaymentRequired",
            403 => "Forbidden",
            404 => "NotFound",
            405 => "MethodNotAllowed",
            406 => "NotAcceptable",
            408 => "RequestTimeout",
            409 => "Conflict",
            410 => "Gone",
            411 => "LengthRequired",
            412 => "PreconditionFailed",
            413 => "PayloadTooLarge",
            415 => "UnsupportedMediaType",
            416 => "RangeNotSatisfiable",
            422 => "UnprocessableEntity",
            423 => "Locked",
            428 => "PreconditionRequired",
            429 => "TooManyRequests",
            500 => "InternalServerError",
            501 => "NotImplemented",
            502 => "BadGateway",
            503 => "ServiceUnavailable",
            504 => "GatewayTimeout",
            _ => return format!("Status{code}"),
        },
    };
    phrase.to_owned()
}

#[cfg(test)]
mod tests {
    use crate::ir::{self, BodyType, ListFormat, Method, ParamLocation, Style, TypeRef};
    use crate::spec;

    const PARAMETERS: &str = r#"
openapi: 3.0.3
info: { title: T, version: "1" }
paths:
  /items/{id}:
    get:
      operationId: listItems
      parameters:
        - { name: id, in: path, required: true, schema: { type: array, items: { type: string } } }
        - { name: tags, in: query, schema: { type: array, items: { type: string } } }
        - { name: ids, in: query, explode: false, schema: { type: array, items: { type: integer } } }
        - { name: words, in: query, style: spaceDelimited, schema: { type: array, items: { type: string } } }
        - { name: X-Keys, in: header, explode: true, schema: { type: array, items: { type: string } } }
      responses:
        "204": { description: none }
"#;

    #[test]
    fn list_formats_follow_style_explode_and_the_location_defaults() {
        let spec = spec::parse("t.yaml", "t", PARAMETERS).expect("a valid spec");
        let api = ir::lower(&spec).expect("it lowers");
        let op = &api.operations[0];
        assert_eq!(op.method, Method::Get);
        let list = |name: &str| {
            let p = op.parameters.iter().find(|p| p.name.wire == name);
            p.map(|p| (p.list, p.style))
        };
        assert_eq!(list("id"), Some((ListFormat::Delimited(','), None)));
        assert_eq!(list("tags"), Some((ListFormat::Repeated, None)));
        assert_eq!(list("ids"), Some((ListFormat::Delimited(','), None)));
        assert_eq!(
            list("words"),
            Some((ListFormat::Delimited(' '), Some(Style::SpaceDelimited)))
        );
        // An exploded header list is still one comma-separated value.
        assert_eq!(list("X-Keys"), Some((ListFormat::Delimited(','), None)));
        let locations: Vec<ParamLocation> = op.param_structs.iter().map(|p| p.location).collect();
        assert_eq!(
            locations,
            [
                ParamLocation::Path,
                ParamLocation::Query,
                ParamLocation::Header
            ]
        );
        assert_eq!(op.param_structs[2].argument, "headers");
    }

    #[test]
    fn a_body_the_router_cannot_read_is_refused_with_its_line() {
        let text = r#"openapi: 3.0.3
info: { title: T, version: "1" }
paths:
  /upload:
    post:
      requestBody:
        content:
          multipart/form-data: { schema: { type: object } }
      responses:
        "204": { description: none }
"#;
        let spec = spec::parse("t.yaml", "t", text).expect("a valid spec");
        let message = ir::lower(&spec).expect_err("refused").to_string();
        assert!(message.starts_with("t.yaml:6:"), "{message}");
        assert!(
            message.contains("request body of POST /upload as multipart/form-data"),
            "{message}"
        );
    }

    #[test]
    fn media_types_are_matched_by_their_essence_and_framework_headers_are_flagged() {
        let text = r#"openapi: 3.0.3
info: { title: T, version: "1" }
paths:
  /items:
    post:
      requestBody:
        content:
          "Application/JSON; charset=utf-8": { schema: { type: object } }
      responses:
        "200":
          description: ok
          headers:
            Content-Type: { schema: { type: string } }
            X-Rate-Limit: { schema: { type: integer } }
"#;
        let spec = spec::parse("t.yaml", "t", text).expect("a valid spec");
        let api = ir::lower(&spec).expect("it lowers");
        let op = &api.operations[0];
        let media = &op.request_body.as_ref().expect("a body").content[0];
        assert_eq!(media.essence, "application/json");
        let flags: Vec<(&str, bool)> = op.responses[0]
            .headers
            .iter()
            .map(|h| (h.name.wire.as_str(), h.framework))
            .collect();
        assert_eq!(flags, [("Content-Type", true), ("X-Rate-Limit", false)]);
    }

    const PER_MEDIA: &str = r##"
openapi: 3.0.3
info: { title: T, version: "1" }
paths:
  /imports:
    post:
      operationId: createImport
      requestBody:
        content:
          application/json: { schema: { $ref: "#/components/schemas/Batch" } }
          application/vnd.batch+json: { schema: { $ref: "#/components/schemas/Batch" } }
          multipart/form-data:
            schema:
              type: object
              properties: { file: { type: string, format: binary } }
          text/csv: { schema: { type: string } }
      responses:
        "200":
          description: ok
          content:
            application/json: { schema: { $ref: "#/components/schemas/Batch" } }
            application/scim+json: { schema: { type: object, properties: { detail: { type: string } } } }
            application/octet-stream: { schema: { type: string, format: binary } }
            image/png: { schema: { type: string, format: binary } }
components:
  schemas:
    Batch: { type: object, properties: { rows: { type: integer } } }
"##;

    #[test]
    fn media_types_with_different_schemas_make_a_variant_per_schema() {
        let spec = spec::parse("t.yaml", "t", PER_MEDIA).expect("a valid spec");
        let api = ir::lower(&spec).expect("it lowers");
        let op = &api.operations[0];
        let body = op.request_body.as_ref().expect("a body");
        let Some(BodyType::PerMedia(per_media)) = &body.ty else {
            panic!("a body per media type, found {:?}", body.ty);
        };
        assert_eq!(per_media.name.rust, "CreateImportBody");
        // The two JSON media types share a schema, so they are one variant.
        let variants: Vec<(&str, &[usize])> = per_media
            .variants
            .iter()
            .map(|v| (v.name.rust.as_str(), v.media.as_slice()))
            .collect();
        assert_eq!(
            variants,
            [
                ("Json", &[0, 1][..]),
                ("Multipart", &[2][..]),
                ("Csv", &[3][..])
            ]
        );
        let TypeRef::Named(upload) = &per_media.variants[1].ty else {
            panic!("a named upload");
        };
        assert_eq!(api.type_def(*upload).name.rust, "CreateImportMultipartBody");
        assert_eq!(per_media.variants[2].ty, TypeRef::String);
        let ty = body.ty.as_ref().expect("a type");
        assert_eq!(ty.of_media(1), Some(&per_media.variants[0].ty));
        assert_eq!(ty.of_media(3), Some(&TypeRef::String));

        // Two JSON media types of different schemas are named for their subtypes.
        let Some(BodyType::PerMedia(response)) = &op.responses[0].body else {
            panic!("a response body per media type");
        };
        let names: Vec<&str> = response
            .variants
            .iter()
            .map(|v| v.name.rust.as_str())
            .collect();
        assert_eq!(names, ["Json", "ScimJson", "Binary"]);
        assert_eq!(response.name.rust, "CreateImportOkBody");
        assert_eq!(response.variants[2].ty, TypeRef::Bytes);
    }

    #[test]
    fn media_types_sharing_a_schema_keep_one_type() {
        let text = r##"openapi: 3.0.3
info: { title: T, version: "1" }
paths:
  /items:
    post:
      requestBody:
        content:
          application/json: { schema: { $ref: "#/components/schemas/Item" } }
          application/x-www-form-urlencoded: { schema: { $ref: "#/components/schemas/Item" } }
          text/plain: {}
      responses:
        "204": { description: none }
components:
  schemas:
    Item: { type: object, properties: { name: { type: string } } }
"##;
        let spec = spec::parse("t.yaml", "t", text).expect("a valid spec");
        let api = ir::lower(&spec).expect("it lowers");
        let body = api.operations[0].request_body.as_ref().expect("a body");
        assert!(
            matches!(body.ty, Some(BodyType::One(TypeRef::Named(_)))),
            "{:?}",
            body.ty
        );
    }

    #[test]
    fn a_variant_the_router_cannot_read_is_refused() {
        let text = r#"openapi: 3.0.3
info: { title: T, version: "1" }
paths:
  /items:
    post:
      requestBody:
        content:
          application/json: { schema: { type: object, properties: { a: { type: string } } } }
          text/plain: { schema: { type: object, properties: { b: { type: string } } } }
      responses:
        "204": { description: none }
"#;
        let spec = spec::parse("t.yaml", "t", text).expect("a valid spec");
        let message = ir::lower(&spec).expect_err("refused").to_string();
        assert!(
            message.contains("request body of POST /items as text/plain"),
            "{message}"
        );
    }

    #[test]
    fn a_response_may_name_a_request_body_component() {
        let text = r##"openapi: 3.0.3
info: { title: T, version: "1" }
paths:
  /data:
    put:
      requestBody: { $ref: "#/components/requestBodies/Data" }
      responses:
        "200": { $ref: "#/components/requestBodies/Data" }
components:
  requestBodies:
    Data:
      description: The stored data.
      content:
        application/json: { schema: { $ref: "#/components/schemas/Datum" } }
  schemas:
    Datum:
      type: object
      properties:
        id: { type: string, readOnly: true }
        value: { type: string }
"##;
        let spec = spec::parse("t.yaml", "t", text).expect("a valid spec");
        let api = ir::lower(&spec).expect("it lowers");
        let response = &api.operations[0].responses[0];
        assert_eq!(response.description, "The stored data.");
        let Some(BodyType::One(TypeRef::Named(id))) = &response.body else {
            panic!("an object body, found {:?}", response.body);
        };
        // The response keeps the read-only field the request leaves out.
        let ir::TypeKind::Struct(s) = &api.type_def(*id).kind else {
            panic!("a struct");
        };
        let fields: Vec<&str> = s.fields.iter().map(|f| f.name.wire.as_str()).collect();
        assert_eq!(fields, ["id", "value"]);
    }
}
