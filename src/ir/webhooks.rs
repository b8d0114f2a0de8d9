//! Lowering webhooks (OpenAPI 3.1's `webhooks`): the requests the API sends to the URL a
//! subscriber gave it. Each webhook is one operation, named by its key rather than by a path,
//! whose request body is the payload the subscriber receives and whose responses are what the
//! subscriber answers.
//!
//! The sides are those of [`super::access`]: the payload is written by the API and read by the
//! subscriber, as a response is, so its types are lowered as a response's are; the answers are
//! lowered as a request's are.
//!
//! What the models crate cannot give a subscriber yet is an error that says so, never dropped:
//! a webhook given as `$ref`, parameters (headers the API sends with the payload), security, a
//! webhook of several operations, and payloads in other media than JSON.

use openapiv3::{MediaType, ReferenceOr};

use super::model::{Access, BodyType, Media, MediaKind, RequestBody, TypeRef, Webhook};
use super::names::{self, Name, Scope};
use super::operations::{lower_media, lower_responses, media_kind};
use super::refs;
use super::schemas::Lowerer;
use crate::error::Result;
use crate::spec::pointer_join;

/// The API's webhooks, in the spec's order, and the name of the models crate's enum of them
/// (claimed among the crate's types; `None` when there are none).
pub(super) fn lower_webhooks(cx: &mut Lowerer<'_>) -> Result<(Vec<Webhook>, Option<String>)> {
    let spec = cx.spec;
    let mut variants = Scope::camel();
    let mut webhooks = Vec::new();
    for (key, item) in &spec.webhooks {
        let item_pointer = pointer_join("/webhooks", key);
        let item = match item {
            ReferenceOr::Item(item) => item,
            ReferenceOr::Reference { .. } => {
                return Err(spec.unsupported(&item_pointer, "webhooks given as $ref"));
            }
        };
        if !item.parameters.is_empty() {
            return Err(spec.unsupported(
                &format!("{item_pointer}/parameters"),
                format!("parameters of webhook \"{key}\" (what the API sends beside the payload): only a webhook's payload and answers are generated"),
            ));
        }
        let operations: Vec<_> = item.iter().collect();
        let (method_name, operation) = match operations.as_slice() {
            [one] => *one,
            [] => {
                return Err(spec.error(
                    &item_pointer,
                    format!("webhook \"{key}\" has no operation, so it says nothing the API sends"),
                ));
            }
            several => {
                let methods: Vec<&str> = several.iter().map(|(method, _)| *method).collect();
                return Err(spec.unsupported(
                    &item_pointer,
                    format!(
                        "webhook \"{key}\" has the operations {}: the models crate gives each webhook one payload, so a webhook can have one operation",
                        methods.join(", ")
                    ),
                ));
            }
        };
        let pointer = format!("{item_pointer}/{method_name}");
        if !operation.parameters.is_empty() {
            return Err(spec.unsupported(
                &format!("{pointer}/parameters"),
                format!("parameters of webhook \"{key}\" (what the API sends beside the payload): only a webhook's payload and answers are generated"),
            ));
        }
        if operation.security.as_ref().is_some_and(|s| !s.is_empty()) {
            return Err(spec.unsupported(
                &format!("{pointer}/security"),
                format!("security of webhook \"{key}\" (how the API proves itself to the subscriber): it is not generated"),
            ));
        }
        let ident = names::type_ident(key);
        let stem = format!("{ident}Webhook");
        let payload = match &operation.request_body {
            Some(body) => Some(lower_payload(
                cx,
                body,
                &format!("{pointer}/requestBody"),
                &stem,
                key,
            )?),
            None => None,
        };
        let responses =
            lower_responses(cx, &operation.responses, &pointer, &stem, Access::Request)?;
        webhooks.push(Webhook {
            name: Name {
                wire: key.clone(),
                rust: variants.claim(ident),
            },
            operation_id: operation.operation_id.clone(),
            method: super::operations::method_of(method_name),
            summary: operation.summary.clone(),
            description: operation.description.clone(),
            tags: operation.tags.clone(),
            deprecated: operation.deprecated,
            payload,
            responses,
            origin: cx.origin(&pointer),
        });
    }
    let type_name = (!webhooks.is_empty()).then(|| cx.claim_type_name("Webhook"));
    Ok((webhooks, type_name))
}

/// A webhook's payload: a JSON body whose schema is read as the API writes it.
fn lower_payload(
    cx: &mut Lowerer<'_>,
    body: &ReferenceOr<openapiv3::RequestBody>,
    pointer: &str,
    stem: &str,
    key: &str,
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
    if let Some(media_type) = body
        .content
        .keys()
        .find(|media_type| media_kind(media_type) != MediaKind::Json)
    {
        return Err(cx.spec.unsupported(
            &pointer_join(&content_pointer, media_type),
            format!("webhook \"{key}\" sends its payload as {media_type}: the models crate reads webhook payloads as JSON"),
        ));
    }
    let with_schema: Vec<(&String, &MediaType)> = body
        .content
        .iter()
        .filter(|(_, media)| media.schema.is_some())
        .collect();
    let ty = match with_schema.as_slice() {
        [] => body.content.keys().next().map(|_| TypeRef::Json),
        [(media_type, first), rest @ ..] => {
            let schema_pointer = format!("{}/schema", pointer_join(&content_pointer, media_type));
            if let Some((other_type, _)) =
                rest.iter().find(|(_, other)| other.schema != first.schema)
            {
                return Err(cx.spec.unsupported(
                    &format!("{}/schema", pointer_join(&content_pointer, other_type)),
                    format!("media types {media_type} and {other_type} of webhook \"{key}\"'s payload have different schemas; a payload must have one Rust type"),
                ));
            }
            match &first.schema {
                Some(schema) => Some(
                    cx.lower_schema(schema, stem, Access::Response, &schema_pointer)?
                        .ty,
                ),
                None => None,
            }
        }
    };
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
    Ok(RequestBody {
        description: body.description.clone(),
        required: body.required,
        partial: false,
        ty: ty.map(BodyType::One),
        content,
        patchable: Vec::new(),
        origin: cx.origin(&pointer),
    })
}

#[cfg(test)]
mod tests {
    use crate::ir::{self, Method, TypeRef};
    use crate::spec::{self, LoadOptions};

    const WEBHOOKS: &str = r#"
openapi: 3.1.0
info: { title: T, version: "1" }
webhooks:
  invoice.paid:
    post:
      description: Sent when an invoice is paid.
      requestBody:
        content:
          application/json:
            schema: { $ref: '#/components/schemas/Invoice' }
      responses:
        "200":
          description: Received.
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Receipt' }
components:
  schemas:
    Invoice:
      type: object
      properties:
        state: { type: string, enum: [paid] }
        secret: { type: string, writeOnly: true }
    Receipt:
      type: object
      properties:
        note: { type: string }
"#;

    #[test]
    fn a_webhook_is_kept_with_its_payload_read_as_the_api_sends_it() {
        let spec = spec::parse("t.yaml", "t", WEBHOOKS).expect("a valid spec");
        let api = ir::lower(&spec).expect("it lowers");
        assert!(api.operations.is_empty());
        assert_eq!(api.webhook_type.as_deref(), Some("Webhook"));
        let [webhook] = api.webhooks.as_slice() else {
            panic!("one webhook: {:?}", api.webhooks);
        };
        assert_eq!(webhook.name.wire, "invoice.paid");
        assert_eq!(webhook.name.rust, "InvoicePaid");
        assert_eq!(webhook.method, Method::Post);
        assert_eq!(webhook.origin.pointer, "/webhooks/invoice.paid/post");
        let Some(TypeRef::Named(payload)) = webhook
            .payload
            .as_ref()
            .and_then(|p| p.ty.as_ref()?.one().cloned())
        else {
            panic!("a named payload: {:?}", webhook.payload);
        };
        let invoice = api.type_def(payload);
        assert_eq!(invoice.name.rust, "Invoice");
        assert!(invoice.in_response && !invoice.in_request);
        // Sent by the API: a writeOnly field is not in it.
        let ir::TypeKind::Struct(fields) = &invoice.kind else {
            panic!("a struct");
        };
        let names: Vec<&str> = fields.fields.iter().map(|f| f.name.wire.as_str()).collect();
        assert_eq!(names, ["state"]);
        // The subscriber's answer is received by the API, as a request is.
        let Some(TypeRef::Named(receipt)) = webhook.responses[0]
            .body
            .as_ref()
            .and_then(|b| b.one().cloned())
        else {
            panic!("a named answer");
        };
        assert!(api.type_def(receipt).in_request);
        assert!(!api.type_def(receipt).in_response);
    }

    #[test]
    fn what_the_models_crate_cannot_say_of_a_webhook_is_an_error_naming_it() {
        let cases = [
            (
                "  hook:\n    post:\n      requestBody:\n        content:\n          text/plain: { schema: { type: string } }\n      responses: {}\n",
                "webhook \"hook\" sends its payload as text/plain",
            ),
            (
                "  hook:\n    post: { responses: {} }\n    put: { responses: {} }\n",
                "webhook \"hook\" has the operations put, post",
            ),
            (
                "  hook:\n    post:\n      parameters: [{ name: X-Sig, in: header, schema: { type: string } }]\n      responses: {}\n",
                "parameters of webhook \"hook\"",
            ),
            (
                "  hook: { $ref: '#/components/pathItems/Hook' }\ncomponents:\n  pathItems:\n    Hook: { post: { responses: {} } }\n",
                "webhooks given as $ref",
            ),
        ];
        for (webhooks, expected) in cases {
            let text = format!(
                "openapi: 3.1.0\ninfo: {{ title: T, version: \"1\" }}\nwebhooks:\n{webhooks}"
            );
            let spec = spec::parse("t.yaml", "t", &text).expect("a valid spec");
            let message = ir::lower(&spec).expect_err(expected).to_string();
            assert!(message.contains(expected), "{message}");
            assert!(message.starts_with("t.yaml:"), "{message}");
            assert!(message.contains("#/webhooks/hook"), "{message}");
        }
    }

    #[test]
    fn skip_invalid_leaves_out_a_broken_webhook_and_keeps_the_others() {
        let text = r#"
openapi: 3.1.0
info: { title: T, version: "1" }
webhooks:
  broken:
    post:
      requestBody:
        content:
          application/json:
            schema: { $ref: '#/components/schemas/Missing' }
      responses: {}
  fine:
    post:
      responses: { "204": { description: ok } }
"#;
        let options = LoadOptions { skip_invalid: true };
        let spec = spec::parse_with("t.yaml", "t", text, options).expect("it loads");
        let api = ir::lower(&spec).expect("it lowers");
        let names: Vec<&str> = api.webhooks.iter().map(|w| w.name.wire.as_str()).collect();
        assert_eq!(names, ["fine"]);
        let skipped: Vec<&str> = api.skipped.iter().map(|s| s.what.as_str()).collect();
        assert_eq!(skipped, ["webhook broken"]);
    }
}
