//! The one view of an API that every docs style renders: operations with their parameters,
//! credentials, bodies and responses, webhooks with their payloads and answers, and the models, all with types resolved (see
//! [`super::schemas`]). Everything a style needs is computed here, the same for every style;
//! how it is worded and laid out is the style's templates' business.

use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;

use serde::Serialize;

use super::examples::{self, Binding};
use super::pages::Pages;
use super::schemas::{value_text, Catalog, SchemaView, TableRef, TypeView};
use crate::error::Result;
use crate::ir::{
    Api, BodyType, Media, MediaKind, Operation, ParamLocation, Parameter, RequestBody, Response,
    SecurityKind, Status, Style, TypeId, TypeKind, TypeRef, TypeSource, Webhook,
};

/// An API's docs view.
#[derive(Debug, Clone, Serialize)]
pub struct ApiView {
    /// The API's name (`awx`), from the spec's file name.
    pub name: String,
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    pub servers: Vec<String>,
    /// The Rust name of the API's models crate (`awx_models`), for code examples.
    pub models_crate: String,
    pub operations: Vec<OperationView>,
    /// The requests the API sends to its subscribers, each with its page.
    pub webhooks: Vec<WebhookView>,
    /// The types that have model pages, in the API's type order.
    pub models: Vec<ModelView>,
    /// Every table the bodies show, by the key their `tables` name
    /// ([`super::schemas::TableRef::key`]): each object's under its key
    /// ([`super::schemas::NamedView::key`]), which is also how a template follows a field's
    /// `type.object.key` to the object's fields. Pages see it as `schemas`.
    pub schemas: BTreeMap<String, Arc<SchemaView>>,
}

/// An operation and its page.
#[derive(Debug, Clone, Serialize)]
pub struct OperationView {
    /// The page's path below the API's docs folder (`operations/update-token.md`).
    pub page: String,
    /// The operationId, or the name the IR derived from method and path.
    pub id: String,
    /// The summary, or the operation's name when the spec gives none.
    pub title: String,
    pub summary: Option<String>,
    pub description: Option<String>,
    /// Lower case, as the spec writes it (`post`).
    pub method: String,
    /// Upper case, as HTTP writes it (`POST`).
    pub method_upper: String,
    pub path: String,
    pub tags: Vec<String>,
    pub deprecated: bool,
    pub path_params: Vec<ParamView>,
    pub query_params: Vec<ParamView>,
    pub header_params: Vec<ParamView>,
    pub cookie_params: Vec<ParamView>,
    /// What the operation's security requirement asks the client to send, once each.
    pub credentials: Vec<CredentialView>,
    pub request: Option<RequestView>,
    pub responses: Vec<ResponseView>,
    /// Responses with the same body, media types and headers, together (`4XX or 5XX`), in the
    /// order of each group's first response. Successes and failures are never grouped together.
    pub response_groups: Vec<ResponseGroup>,
    /// Rust that builds the operation's parameters and body with the models crate.
    pub rust_example: String,
}

/// A webhook and its page: a request the API sends to the URL a subscriber gave it.
#[derive(Debug, Clone, Serialize)]
pub struct WebhookView {
    /// The page's path below the API's docs folder (`webhooks/order-paid.md`).
    pub page: String,
    /// The webhook's name, as the spec's `webhooks` keys it (`order.paid`).
    pub name: String,
    /// Its variant of the models crate's webhook enum (`OrderPaid`).
    pub variant: String,
    /// The models crate's webhook enum (`Webhook`).
    pub enum_name: String,
    pub operation_id: Option<String>,
    /// The summary, or the webhook's name when the spec gives none.
    pub title: String,
    pub summary: Option<String>,
    pub description: Option<String>,
    /// Lower case, as the spec writes it (`post`).
    pub method: String,
    /// Upper case, as HTTP writes it (`POST`).
    pub method_upper: String,
    pub tags: Vec<String>,
    pub deprecated: bool,
    /// What the API sends.
    pub payload: Option<RequestView>,
    /// What the subscriber may answer.
    pub responses: Vec<ResponseView>,
    /// The answers grouped as an operation's responses are.
    pub response_groups: Vec<ResponseGroup>,
    /// Rust that reads a delivery (`body`, its bytes) with the models crate.
    pub rust_example: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ParamView {
    pub name: String,
    pub rust: String,
    /// `path`, `query`, `header` or `cookie`.
    pub location: &'static str,
    #[serde(rename = "type")]
    pub ty: TypeView,
    pub required: bool,
    pub nullable: bool,
    pub deprecated: bool,
    pub description: Option<String>,
    pub example: Option<String>,
    pub style: Option<Style>,
    pub explode: Option<bool>,
    pub enum_values: Vec<String>,
}

/// Something a security scheme makes the client send (`Authorization` in a header).
#[derive(Debug, Clone, Serialize)]
pub struct CredentialView {
    /// The header, query parameter or cookie name.
    pub name: String,
    /// `header`, `query` or `cookie`.
    pub location: &'static str,
    /// `bearer`, `basic` or `api_key`.
    pub kind: &'static str,
    /// The key of the scheme under `components/securitySchemes`.
    pub scheme: String,
    /// `bearerFormat`, for bearer tokens.
    pub format: Option<String>,
    pub description: Option<String>,
    /// Every alternative of the requirement needs it.
    pub required: bool,
    pub scopes: Vec<String>,
}

/// A request or response body.
#[derive(Debug, Clone, Serialize)]
pub struct BodyView {
    /// The body's type (one Rust type, whatever the media type).
    #[serde(rename = "type")]
    pub ty: Option<TypeView>,
    /// Every media type, in the spec's order.
    pub media: Vec<MediaView>,
    /// The first media type (`application/json`), for styles that name one.
    pub media_type: Option<String>,
    /// The objects of the body, breadth first: the body's own object, then its fields' objects.
    /// Templates see each as its key in [`ApiView::schemas`] (`schemas[key]`).
    pub tables: Vec<TableRef>,
    /// The first example the spec gives, as pretty JSON.
    pub example: Option<String>,
    /// `example`, or a sample of the body's type with placeholders.
    pub sample: Option<String>,
    /// When the media types have different schemas (`type` is then empty): one body per
    /// schema, each with the media types it is sent as.
    pub alternatives: Vec<BodyView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MediaView {
    pub media_type: String,
    /// `json`, `json_patch`, `form`, `multipart`, `text` or `binary`.
    pub kind: MediaKind,
    pub examples: Vec<ExampleView>,
    pub encodings: Vec<EncodingView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExampleView {
    pub name: String,
    pub summary: Option<String>,
    /// Pretty JSON.
    pub json: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct EncodingView {
    pub property: String,
    pub style: Option<Style>,
    pub explode: Option<bool>,
    pub content_type: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RequestView {
    #[serde(flatten)]
    pub body: BodyView,
    pub description: Option<String>,
    pub required: bool,
    /// A partial update: every field optional, an absent field left unchanged.
    pub partial: bool,
    /// The JSON Pointers a JSON Patch body may touch (`/name`).
    pub patchable: Vec<String>,
    /// The same as property names (`name`), where a pointer names a top-level property.
    pub patchable_fields: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ResponseView {
    /// As the spec writes it: `200`, `4XX`, `default`.
    pub status: String,
    /// The code, for a single status.
    pub code: Option<u16>,
    /// A 2XX status (or range).
    pub success: bool,
    pub description: String,
    pub headers: Vec<HeaderView>,
    pub body: Option<BodyView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct HeaderView {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: TypeView,
    pub required: bool,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ResponseGroup {
    pub statuses: Vec<String>,
    /// The statuses joined for a heading: `4XX or 5XX`.
    pub label: String,
    /// Every status of the group is a 2XX.
    pub success: bool,
    /// The description of each status, in order, without repeats or blanks.
    pub descriptions: Vec<String>,
    /// The group's first response (they share body and headers).
    pub response: ResponseView,
}

/// A type that has a model page.
#[derive(Debug, Clone, Serialize)]
pub struct ModelView {
    pub page: String,
    #[serde(flatten)]
    pub schema: SchemaView,
    /// Rust that builds a value of the type with the models crate.
    pub rust_example: String,
    /// A JSON value of the type.
    pub sample: String,
}

/// Builds the view of an API whose pages are laid out in `pages`.
pub(super) fn api_view(api: &Api, pages: &Pages) -> Result<ApiView> {
    let catalog = Catalog::new(api, pages);
    let models_crate = api.models_crate.rust.clone();
    // Made in parallel, collected in order: the error reported is the first operation's.
    let operations = api
        .operations
        .par_iter()
        .zip(&pages.operations)
        .map(|(op, page)| operation_view(&catalog, &models_crate, op, page))
        .collect::<Vec<Result<_>>>()
        .into_iter()
        .collect::<Result<Vec<_>>>()?;
    let webhooks = api
        .webhooks
        .iter()
        .zip(&pages.webhooks)
        .map(|(webhook, page)| webhook_view(&catalog, &models_crate, webhook, page))
        .collect::<Result<Vec<_>>>()?;
    let models = pages
        .models
        .iter()
        .map(|(id, page)| {
            let def = api.type_def(*id);
            let ty = TypeRef::Named(*id);
            Ok(ModelView {
                page: page.clone(),
                schema: catalog.model(*id),
                rust_example: examples::rust_code(
                    api,
                    &models_crate,
                    &[Binding {
                        name: "value",
                        ty: &ty,
                        example: example_of(api, *id).or(def.example.as_deref()),
                        variant: None,
                    }],
                )?,
                sample: pretty(&examples::json_sample(api, &ty)),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(ApiView {
        name: api.name.clone(),
        title: api.title.clone(),
        version: api.version.clone(),
        description: api.description.clone(),
        servers: api.servers.clone(),
        models_crate,
        operations,
        webhooks,
        models,
        schemas: catalog.into_tables(),
    })
}

/// The types an API's model pages document: every type a request or response body or a
/// webhook's payload or answer holds, and every component schema, but not the parameter structs the IR makes for operations.
pub(super) fn model_types(api: &Api) -> Vec<TypeId> {
    let mut wanted = std::collections::BTreeSet::new();
    let mut stack: Vec<TypeRef> = Vec::new();
    for op in &api.operations {
        let requests = op.request_body.iter().filter_map(|b| b.ty.as_ref());
        let responses = op.responses.iter().filter_map(|r| r.body.as_ref());
        stack.extend(requests.chain(responses).flat_map(|b| b.types()).cloned());
    }
    for webhook in &api.webhooks {
        let payloads = webhook.payload.iter().filter_map(|b| b.ty.as_ref());
        let responses = webhook.responses.iter().filter_map(|r| r.body.as_ref());
        stack.extend(payloads.chain(responses).flat_map(|b| b.types()).cloned());
    }
    for (index, def) in api.types.iter().enumerate() {
        if matches!(def.source, TypeSource::Component(_)) {
            stack.push(TypeRef::Named(TypeId(index)));
        }
    }
    while let Some(ty) = stack.pop() {
        match ty {
            TypeRef::Array(inner) | TypeRef::Map(inner) => stack.push(*inner),
            TypeRef::Named(id) => {
                if !wanted.insert(id) {
                    continue;
                }
                match &api.type_def(id).kind {
                    TypeKind::Struct(s) => {
                        stack.extend(s.fields.iter().map(|f| f.ty.clone()));
                        stack.extend(s.additional.iter().map(|a| a.ty.clone()));
                        stack.extend(s.union.iter().map(|u| u.ty.clone()));
                    }
                    TypeKind::Union(u) => stack.extend(u.variants.iter().map(|v| v.ty.clone())),
                    TypeKind::Alias(inner) => stack.push(inner.clone()),
                    TypeKind::Enum(_) => {}
                }
            }
            _ => {}
        }
    }
    wanted.into_iter().collect()
}

fn operation_view(
    catalog: &Catalog<'_>,
    models_crate: &str,
    op: &Operation,
    page: &str,
) -> Result<OperationView> {
    let api = catalog.api;
    let params = |location: ParamLocation| -> Vec<ParamView> {
        op.parameters
            .iter()
            .filter(|p| p.location == location)
            .map(|p| param_view(catalog, p))
            .collect()
    };
    let request = op
        .request_body
        .as_ref()
        .map(|body| request_view(catalog, body));
    let responses: Vec<ResponseView> = op
        .responses
        .iter()
        .map(|r| response_view(catalog, r))
        .collect();
    let response_groups = group_responses(&op.responses, &responses);
    Ok(OperationView {
        page: page.to_owned(),
        id: op.name.wire.clone(),
        title: page_title(op.summary.as_deref(), &op.name.wire),
        summary: op.summary.clone(),
        description: text(op.description.as_deref()),
        method: op.method.as_str().to_lowercase(),
        method_upper: op.method.as_str().to_owned(),
        path: op.path.clone(),
        tags: op.tags.clone(),
        deprecated: op.deprecated,
        path_params: params(ParamLocation::Path),
        query_params: params(ParamLocation::Query),
        header_params: params(ParamLocation::Header),
        cookie_params: params(ParamLocation::Cookie),
        credentials: credentials(api, op),
        request,
        responses,
        response_groups,
        rust_example: operation_example(api, models_crate, op)?,
    })
}

fn webhook_view(
    catalog: &Catalog<'_>,
    models_crate: &str,
    webhook: &Webhook,
    page: &str,
) -> Result<WebhookView> {
    let responses: Vec<ResponseView> = webhook
        .responses
        .iter()
        .map(|r| response_view(catalog, r))
        .collect();
    Ok(WebhookView {
        page: page.to_owned(),
        name: webhook.name.wire.clone(),
        variant: webhook.name.rust.clone(),
        enum_name: catalog.api.webhook_type.clone().unwrap_or_default(),
        operation_id: webhook.operation_id.clone(),
        title: page_title(webhook.summary.as_deref(), &webhook.name.wire),
        summary: webhook.summary.clone(),
        description: text(webhook.description.as_deref()),
        method: webhook.method.as_str().to_lowercase(),
        method_upper: webhook.method.as_str().to_owned(),
        tags: webhook.tags.clone(),
        deprecated: webhook.deprecated,
        payload: webhook
            .payload
            .as_ref()
            .map(|body| request_view(catalog, body)),
        response_groups: group_responses(&webhook.responses, &responses),
        responses,
        rust_example: examples::delivery_code(catalog.api, models_crate, webhook)?,
    })
}

fn param_view(catalog: &Catalog<'_>, p: &Parameter) -> ParamView {
    let ty = catalog.type_view(&p.ty);
    let enum_values = match &ty.item {
        Some(item) if ty.enum_values.is_empty() => item.enum_values.clone(),
        _ => ty.enum_values.clone(),
    };
    ParamView {
        name: p.name.wire.clone(),
        rust: p.name.rust.clone(),
        location: location_word(p.location),
        ty,
        required: p.presence.required,
        nullable: p.presence.nullable,
        deprecated: p.deprecated,
        description: p.description.clone(),
        example: p.example.as_ref().map(value_text),
        style: p.style,
        explode: p.explode,
        enum_values,
    }
}

fn location_word(location: ParamLocation) -> &'static str {
    match location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    }
}

/// What the operation's security requirement has the client send: each credential once, in the
/// order the alternatives name them, required when every alternative needs it.
fn credentials(api: &Api, op: &Operation) -> Vec<CredentialView> {
    let mut out: Vec<CredentialView> = Vec::new();
    for alternative in &op.security {
        for use_ in alternative {
            let Some(scheme) = api.security_schemes.get(use_.scheme) else {
                continue;
            };
            let (kind, format) = match &scheme.kind {
                SecurityKind::Bearer { format } => ("bearer", format.clone()),
                SecurityKind::Basic => ("basic", None),
                SecurityKind::ApiKey { .. } => ("api_key", None),
            };
            let (name, location) = scheme.kind.credential();
            let (name, location) = (name.to_owned(), location_word(location));
            if out
                .iter()
                .any(|c| c.name == name && c.location == location && c.scheme == scheme.key)
            {
                continue;
            }
            let required = op.security.iter().all(|alt| {
                alt.iter().any(|u| {
                    api.security_schemes
                        .get(u.scheme)
                        .is_some_and(|s| s.key == scheme.key)
                })
            });
            out.push(CredentialView {
                name,
                location,
                kind,
                scheme: scheme.key.clone(),
                format,
                description: scheme.description.clone(),
                required,
                scopes: use_.scopes.clone(),
            });
        }
    }
    out
}

fn request_view(catalog: &Catalog<'_>, body: &RequestBody) -> RequestView {
    let patchable_fields = body
        .patchable
        .iter()
        .filter_map(|pointer| {
            let field = pointer.strip_prefix('/')?;
            (!field.is_empty() && !field.contains('/'))
                .then(|| field.replace("~1", "/").replace("~0", "~"))
        })
        .collect();
    RequestView {
        body: body_view(catalog, body.ty.as_ref(), &body.content),
        description: body.description.clone(),
        required: body.required,
        partial: body.partial,
        patchable: body.patchable.clone(),
        patchable_fields,
    }
}

fn response_view(catalog: &Catalog<'_>, response: &Response) -> ResponseView {
    let code = match response.status {
        Status::Code(code) => Some(code),
        Status::Range(_) | Status::Default => None,
    };
    let body = (response.body.is_some() || !response.content.is_empty())
        .then(|| body_view(catalog, response.body.as_ref(), &response.content));
    ResponseView {
        status: response.status_text.clone(),
        code,
        success: response.status.is_success(),
        description: response.description.clone(),
        headers: response
            .headers
            .iter()
            .map(|h| HeaderView {
                name: h.name.wire.clone(),
                ty: catalog.type_view(&h.ty),
                required: h.required,
                description: h.description.clone(),
            })
            .collect(),
        body,
    }
}

fn body_view(catalog: &Catalog<'_>, ty: Option<&BodyType>, content: &[Media]) -> BodyView {
    match ty {
        Some(BodyType::PerMedia(per_media)) => {
            // Each schema is described with the media types it is sent as.
            let alternatives: Vec<BodyView> = per_media
                .variants
                .iter()
                .map(|variant| {
                    let media: Vec<Media> = variant
                        .media
                        .iter()
                        .filter_map(|&i| content.get(i).cloned())
                        .collect();
                    one_body_view(catalog, Some(&variant.ty), &media)
                })
                .collect();
            BodyView {
                ty: None,
                media: content.iter().map(media_view).collect(),
                media_type: content.first().map(|m| m.media_type.clone()),
                tables: Vec::new(),
                example: alternatives.iter().find_map(|a| a.example.clone()),
                sample: alternatives.iter().find_map(|a| a.sample.clone()),
                alternatives,
            }
        }
        Some(BodyType::One(ty)) => one_body_view(catalog, Some(ty), content),
        None => one_body_view(catalog, None, content),
    }
}

fn one_body_view(catalog: &Catalog<'_>, ty: Option<&TypeRef>, content: &[Media]) -> BodyView {
    let example = content
        .iter()
        .flat_map(|m| &m.examples)
        .next()
        .map(|e| pretty(&e.value));
    let sample = example.clone().or_else(|| {
        ty.filter(|ty| !matches!(ty, TypeRef::Bytes))
            .map(|ty| pretty(&examples::json_sample(catalog.api, ty)))
    });
    let tables = ty.map(|ty| catalog.tables(ty)).unwrap_or_default();
    BodyView {
        ty: ty.map(|ty| catalog.type_view(ty)),
        media: content.iter().map(media_view).collect(),
        media_type: content.first().map(|m| m.media_type.clone()),
        tables,
        example,
        sample,
        alternatives: Vec::new(),
    }
}

fn media_view(media: &Media) -> MediaView {
    MediaView {
        media_type: media.media_type.clone(),
        kind: media.kind,
        examples: media
            .examples
            .iter()
            .map(|e| ExampleView {
                name: e.name.clone(),
                summary: e.summary.clone(),
                json: pretty(&e.value),
            })
            .collect(),
        encodings: media
            .encodings
            .iter()
            .map(|e| EncodingView {
                property: e.property.clone(),
                style: e.style,
                explode: e.explode,
                content_type: e.content_type.clone(),
            })
            .collect(),
    }
}

/// Groups responses that say the same (body type, media types, headers) and are both successes
/// or both failures, keeping the order of each group's first response.
fn group_responses(responses: &[Response], views: &[ResponseView]) -> Vec<ResponseGroup> {
    let mut groups: Vec<(usize, Vec<usize>)> = Vec::new();
    let same = |a: &Response, b: &Response| {
        a.status.is_success() == b.status.is_success()
            && a.body == b.body
            && a.content
                .iter()
                .map(|m| &m.media_type)
                .eq(b.content.iter().map(|m| &m.media_type))
            && a.headers.len() == b.headers.len()
            && a.headers.iter().zip(&b.headers).all(|(x, y)| {
                x.name == y.name
                    && x.ty == y.ty
                    && x.required == y.required
                    && x.description == y.description
            })
    };
    for (index, response) in responses.iter().enumerate() {
        match groups
            .iter_mut()
            .find(|(first, _)| same(&responses[*first], response))
        {
            Some((_, members)) => members.push(index),
            None => groups.push((index, vec![index])),
        }
    }
    groups
        .into_iter()
        .map(|(first, members)| {
            let statuses: Vec<String> = members.iter().map(|i| views[*i].status.clone()).collect();
            let mut descriptions: Vec<String> = Vec::new();
            for i in &members {
                let text = views[*i].description.trim();
                if !text.is_empty() && !descriptions.iter().any(|d| d == text) {
                    descriptions.push(text.to_owned());
                }
            }
            ResponseGroup {
                label: statuses.join(" or "),
                success: members.iter().all(|i| views[*i].success),
                statuses,
                descriptions,
                response: views[first].clone(),
            }
        })
        .collect()
}

/// Rust that builds an operation's parameter structs and body with the models crate, from the
/// spec's examples where it has them.
fn operation_example(api: &Api, models_crate: &str, op: &Operation) -> Result<String> {
    let mut param_examples: BTreeMap<TypeId, serde_json::Value> = BTreeMap::new();
    for params in &op.param_structs {
        let (id, location) = (params.id, params.location);
        let mut map = serde_json::Map::new();
        for p in op.parameters.iter().filter(|p| p.location == location) {
            if let Some(example) = &p.example {
                map.insert(p.name.wire.clone(), example.clone());
            }
        }
        param_examples.insert(id, serde_json::Value::Object(map));
    }
    let param_types: Vec<(TypeRef, &str, TypeId)> = op
        .param_structs
        .iter()
        .map(|params| {
            (
                TypeRef::Named(params.id),
                params.argument.as_str(),
                params.id,
            )
        })
        .collect();
    let mut bindings: Vec<Binding<'_>> = param_types
        .iter()
        .map(|(ty, name, id)| Binding {
            name,
            ty,
            example: param_examples.get(id),
            variant: None,
        })
        .collect();
    if let Some(body) = &op.request_body {
        let example_of = |media: &[usize]| {
            media
                .iter()
                .filter_map(|&i| body.content.get(i))
                .flat_map(|m| &m.examples)
                .map(|e| e.value.as_ref())
                .next()
        };
        match &body.ty {
            Some(BodyType::One(ty)) => bindings.push(Binding {
                name: "body",
                ty,
                example: example_of(&(0..body.content.len()).collect::<Vec<_>>()),
                variant: None,
            }),
            // The variant with an example (else the first) shows how the enum is built.
            Some(BodyType::PerMedia(per_media)) => {
                let chosen = per_media
                    .variants
                    .iter()
                    .find(|v| example_of(&v.media).is_some())
                    .or(per_media.variants.first());
                if let Some(variant) = chosen {
                    bindings.push(Binding {
                        name: "body",
                        ty: &variant.ty,
                        example: example_of(&variant.media),
                        variant: Some((&per_media.name.rust, &variant.name.rust)),
                    });
                }
            }
            None => {}
        }
    }
    if bindings.is_empty() {
        return Ok(String::new());
    }
    examples::rust_code(api, models_crate, &bindings)
}

/// The spec's example of a value of a type: the first request or response example whose body
/// is that type.
fn example_of(api: &Api, id: TypeId) -> Option<&serde_json::Value> {
    let wanted = TypeRef::Named(id);
    // The media types of a body that are sent as the wanted type.
    let media_of = |ty: Option<&BodyType>, content: &'_ [Media]| -> Vec<usize> {
        (0..content.len())
            .filter(|&i| ty.and_then(|ty| ty.of_media(i)) == Some(&wanted))
            .collect()
    };
    api.operations.iter().find_map(|op| {
        let requests = op
            .request_body
            .iter()
            .map(|b| (media_of(b.ty.as_ref(), &b.content), &b.content));
        let responses = op
            .responses
            .iter()
            .map(|r| (media_of(r.body.as_ref(), &r.content), &r.content));
        requests
            .chain(responses)
            .flat_map(|(media, content)| media.into_iter().filter_map(|i| content.get(i)))
            .flat_map(|m| &m.examples)
            .map(|e| e.value.as_ref())
            .next()
    })
}

fn pretty(value: &serde_json::Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string())
}

/// A page's title: the summary, or the name where there is none or it is blank (Twilio's
/// `summary: ''`), so that every page has a heading and the book's sidebar an entry.
fn page_title(summary: Option<&str>, name: &str) -> String {
    text(summary).map_or_else(|| name.to_owned(), |title| title.trim().to_owned())
}

/// A summary or description that says something: a blank one (Twilio's `description: ''`) is
/// none, so a template's fallback (the markdoc frontmatter's description is the title) applies.
fn text(text: Option<&str>) -> Option<String> {
    text.filter(|text| !text.trim().is_empty())
        .map(str::to_owned)
}
