//! The trait an implementation provides, and the router that checks requests before
//! calling it.

use std::future::Future;
use std::sync::Arc;
use axum::extract::{Request, State};
use axum::response::Response;
use specforge_runtime::server::{self as runtime, Credential, Rejection};

/// The operations of Update an Access Token: implement this, then serve [`router`].
///
/// Every method receives typed, already validated input and returns the operation's
/// response enum from the models crate; the router writes it with its status.
pub trait AwxApi: Send + Sync + 'static {
    /// `PUT /api/v2/tokens/{id}/`
    ///
    /// Update an Access Token
    ///
    /// Make a PUT or PATCH request to this resource to update this access token. The following fields may be modified:
    ///
    /// - description: Optional description of this access token. (string, default="")
    /// - scope: Allowed scopes, further restricts user's permissions. Must be a simple space-separated string with allowed scopes ['read', 'write']. (string, default="write")
    ///
    /// For a PUT request, include all fields in the request.
    ///
    /// Already checked: the request carries a bearer token (`bearerAuth`); the parameters parsed into their types; the body is `application/json` and valid against its schema.
    ///
    /// Return the response to send: one of the documented statuses (`200`, `400`, `401`, `403`, `404`, `413`, `415`).
    fn update_token(
        &self,
        credential: Credential,
        path: awx_models::UpdateTokenPath,
        body: awx_models::OAuth2TokenDetailRequest,
    ) -> impl Future<Output = awx_models::UpdateTokenResponse> + Send;
    /// `PATCH /api/v2/tokens/{id}/`
    ///
    /// Update an Access Token
    ///
    /// Make a PUT or PATCH request to this resource to update this access token. The following fields may be modified:
    ///
    /// - description: Optional description of this access token. (string, default="")
    /// - scope: Allowed scopes, further restricts user's permissions. Must be a simple space-separated string with allowed scopes ['read', 'write']. (string, default="write")
    ///
    /// For a PUT request, include all fields in the request.
    ///
    /// Already checked: the request carries a bearer token (`bearerAuth`); the parameters parsed into their types; the body is `application/json` and valid against its schema.
    ///
    /// Return the response to send: one of the documented statuses (`200`, `400`, `401`, `403`, `404`, `413`, `415`).
    fn partial_update_token(
        &self,
        credential: Credential,
        path: awx_models::PartialUpdateTokenPath,
        body: Option<awx_models::OAuth2TokenDetailPatch>,
    ) -> impl Future<Output = awx_models::PartialUpdateTokenResponse> + Send;
}

/// A shared implementation is an implementation: serve an `Arc` and keep a clone to
/// look at its state.
impl<T: AwxApi> AwxApi for Arc<T> {
    fn update_token(
        &self,
        credential: Credential,
        path: awx_models::UpdateTokenPath,
        body: awx_models::OAuth2TokenDetailRequest,
    ) -> impl Future<Output = awx_models::UpdateTokenResponse> + Send {
        T::update_token(self, credential, path, body)
    }
    fn partial_update_token(
        &self,
        credential: Credential,
        path: awx_models::PartialUpdateTokenPath,
        body: Option<awx_models::OAuth2TokenDetailPatch>,
    ) -> impl Future<Output = awx_models::PartialUpdateTokenResponse> + Send {
        T::partial_update_token(self, credential, path, body)
    }
}

/// The API's error body templates by status (`None`: any other status).
const ERROR_BODIES: &[(Option<u16>, &str)] = &[
    (Some(400), r##"{"{field}":["{message}"],"detail":"{message}"}"##),
    (None, r##"{"detail":"{message}"}"##),
];

/// The API's own error body for a rejection, as the router sends it: for an
/// implementation that wants to answer in the same shape.
pub fn error_body(rejection: &Rejection) -> serde_json::Value {
    rejection.body(ERROR_BODIES)
}

/// The methods of every path, for the 405 message.
const ALLOWED: &[(&str, &str)] = &[("/api/v2/tokens/{id}/", "PUT, PATCH")];

/// The distinct limits of the request objects' fields, which `OBJECTS` points into.
const LIMITS: &[runtime::Limits] = &[
    runtime::Limits {
        pattern: Some("^(read|write)( (read|write))*$"),
        ..runtime::Limits::NONE
    },
];

/// The object types of request bodies, by the index `runtime::Shape::Object` holds.
const OBJECTS: runtime::Objects = &[
    &[
        ("description", runtime::Shape::Any),
        ("scope", runtime::Shape::Limited(&LIMITS[0], &runtime::Shape::Any)),
    ],
    &[
        ("description", runtime::Shape::Any),
        ("scope", runtime::Shape::Limited(&LIMITS[0], &runtime::Shape::Any)),
    ],
];

/// The router serving `api`: every path and method of the spec, and the API's error
/// body for unknown paths (404) and methods (405, with the `Allow` header).
pub fn router<A: AwxApi>(api: A) -> axum::Router {
    axum::Router::new()
        .route(
            "/api/v2/tokens/{id}/",
            axum::routing::put(handle_update_token::<A>)
                .patch(handle_partial_update_token::<A>),
        )
        .fallback(not_found)
        .layer(axum::middleware::from_fn(method_not_allowed))
        .with_state(Arc::new(api))
}

async fn not_found(request: Request) -> Response {
    runtime::not_found(&request, ERROR_BODIES)
}

async fn method_not_allowed(request: Request, next: axum::middleware::Next) -> Response {
    runtime::method_not_allowed(request, next, ALLOWED, ERROR_BODIES).await
}

/// `PUT /api/v2/tokens/{id}/`: checks the request, then calls [`AwxApi::update_token`].
async fn handle_update_token<A: AwxApi>(
    State(api): State<Arc<A>>,
    request: Request,
) -> Response {
    let (mut parts, body) = request.into_parts();
    let credential = match runtime::authenticate(&parts, &[&[runtime::Scheme::Bearer]]) {
        Ok(credential) => credential,
        Err(rejection) => return rejection.into_response(ERROR_BODIES),
    };
    let path = match runtime::path::<awx_models::UpdateTokenPath>(&mut parts).await {
        Ok(value) => value,
        Err(rejection) => return rejection.into_response(ERROR_BODIES),
    };
    const MEDIA: &[runtime::Media] = &[
        runtime::Media {
            media_type: "application/json",
            kind: runtime::Kind::Json,
            form_fields: &[],
            patchable: &[],
        },
    ];
    let body = match runtime::body::<
        awx_models::OAuth2TokenDetailRequest,
    >(&parts, body, MEDIA, (runtime::Shape::Object(0), OBJECTS))
        .await
    {
        Ok(body) => body,
        Err(rejection) => return rejection.into_response(ERROR_BODIES),
    };
    match api.update_token(credential, path, body).await {
        awx_models::UpdateTokenResponse::Ok(body) => runtime::json(200, &body),
        awx_models::UpdateTokenResponse::BadRequest(body) => runtime::json(400, &body),
        awx_models::UpdateTokenResponse::Unauthorized(body) => runtime::json(401, &body),
        awx_models::UpdateTokenResponse::Forbidden(body) => runtime::json(403, &body),
        awx_models::UpdateTokenResponse::NotFound(body) => runtime::json(404, &body),
        awx_models::UpdateTokenResponse::PayloadTooLarge(body) => {
            runtime::json(413, &body)
        }
        awx_models::UpdateTokenResponse::UnsupportedMediaType(body) => {
            runtime::json(415, &body)
        }
    }
}

/// `PATCH /api/v2/tokens/{id}/`: checks the request, then calls [`AwxApi::partial_update_token`].
async fn handle_partial_update_token<A: AwxApi>(
    State(api): State<Arc<A>>,
    request: Request,
) -> Response {
    let (mut parts, body) = request.into_parts();
    let credential = match runtime::authenticate(&parts, &[&[runtime::Scheme::Bearer]]) {
        Ok(credential) => credential,
        Err(rejection) => return rejection.into_response(ERROR_BODIES),
    };
    let path = match runtime::path::<awx_models::PartialUpdateTokenPath>(&mut parts)
        .await
    {
        Ok(value) => value,
        Err(rejection) => return rejection.into_response(ERROR_BODIES),
    };
    const MEDIA: &[runtime::Media] = &[
        runtime::Media {
            media_type: "application/json",
            kind: runtime::Kind::Json,
            form_fields: &[],
            patchable: &[],
        },
    ];
    let body = match runtime::optional_body::<
        awx_models::OAuth2TokenDetailPatch,
    >(&parts, body, MEDIA, (runtime::Shape::Object(1), OBJECTS))
        .await
    {
        Ok(body) => body,
        Err(rejection) => return rejection.into_response(ERROR_BODIES),
    };
    match api.partial_update_token(credential, path, body).await {
        awx_models::PartialUpdateTokenResponse::Ok(body) => runtime::json(200, &body),
        awx_models::PartialUpdateTokenResponse::BadRequest(body) => {
            runtime::json(400, &body)
        }
        awx_models::PartialUpdateTokenResponse::Unauthorized(body) => {
            runtime::json(401, &body)
        }
        awx_models::PartialUpdateTokenResponse::Forbidden(body) => {
            runtime::json(403, &body)
        }
        awx_models::PartialUpdateTokenResponse::NotFound(body) => {
            runtime::json(404, &body)
        }
        awx_models::PartialUpdateTokenResponse::PayloadTooLarge(body) => {
            runtime::json(413, &body)
        }
        awx_models::PartialUpdateTokenResponse::UnsupportedMediaType(body) => {
            runtime::json(415, &body)
        }
    }
}
