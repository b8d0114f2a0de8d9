//! The trait an implementation provides, and the router that checks requests before
//! calling it.

use std::future::Future;
use std::sync::Arc;
use axum::extract::{Request, State};
use axum::response::Response;
use specforge_runtime::server::{self as runtime, Credential, Rejection};

/// The operations of Authlete API: implement this, then serve [`router`].
///
/// Every method receives typed, already validated input and returns the operation's
/// response enum from the models crate; the router writes it with its status.
pub trait AuthleteApi: Send + Sync + 'static {
    /// `POST /api/{serviceId}/client/authorization/update/{clientId}`
    ///
    /// Update Client Tokens
    ///
    /// Update attributes of all existing access tokens given to a client application.
    ///
    /// Already checked: the request carries a bearer token (`bearer`); the parameters parsed into their types; the body is `application/json` or `application/x-www-form-urlencoded` and valid against its schema.
    ///
    /// Return the response to send: one of the documented statuses (`200`, `400`, `401`, `403`, `413`, `415`, `500`).
    fn client_authorization_update_api(
        &self,
        credential: Credential,
        path: authlete_models::ClientAuthorizationUpdateApiPath,
        body: authlete_models::ClientAuthorizationUpdateRequest,
    ) -> impl Future<
        Output = authlete_models::ClientAuthorizationUpdateApiResponse,
    > + Send;
    /// `POST /api/{serviceId}/auth/token/update`
    ///
    /// Update Access Token
    ///
    /// Update an access token.
    ///
    /// Already checked: the request carries a bearer token (`bearer`); the parameters parsed into their types; the body is `application/json` or `application/x-www-form-urlencoded` and valid against its schema.
    ///
    /// Return the response to send: one of the documented statuses (`200`, `400`, `401`, `403`, `413`, `415`, `500`).
    fn auth_token_update_api(
        &self,
        credential: Credential,
        path: authlete_models::AuthTokenUpdateApiPath,
        body: authlete_models::TokenUpdateRequest,
    ) -> impl Future<Output = authlete_models::AuthTokenUpdateApiResponse> + Send;
}

/// A shared implementation is an implementation: serve an `Arc` and keep a clone to
/// look at its state.
impl<T: AuthleteApi> AuthleteApi for Arc<T> {
    fn client_authorization_update_api(
        &self,
        credential: Credential,
        path: authlete_models::ClientAuthorizationUpdateApiPath,
        body: authlete_models::ClientAuthorizationUpdateRequest,
    ) -> impl Future<
        Output = authlete_models::ClientAuthorizationUpdateApiResponse,
    > + Send {
        T::client_authorization_update_api(self, credential, path, body)
    }
    fn auth_token_update_api(
        &self,
        credential: Credential,
        path: authlete_models::AuthTokenUpdateApiPath,
        body: authlete_models::TokenUpdateRequest,
    ) -> impl Future<Output = authlete_models::AuthTokenUpdateApiResponse> + Send {
        T::auth_token_update_api(self, credential, path, body)
    }
}

/// The API's error body templates by status (`None`: any other status).
const ERROR_BODIES: &[(Option<u16>, &str)] = &[
    (None, r##"{"resultCode":"{error}","resultMessage":"[{error}] {message}"}"##),
];

/// The API's own error body for a rejection, as the router sends it: for an
/// implementation that wants to answer in the same shape.
pub fn error_body(rejection: &Rejection) -> serde_json::Value {
    rejection.body(ERROR_BODIES)
}

/// The methods of every path, for the 405 message.
const ALLOWED: &[(&str, &str)] = &[
    ("/api/{serviceId}/client/authorization/update/{clientId}", "POST"),
    ("/api/{serviceId}/auth/token/update", "POST"),
];

/// The object types of request bodies, by the index `runtime::Shape::Object` holds.
const OBJECTS: runtime::Objects = &[
    &[
        ("accessToken", runtime::Shape::Any),
        ("accessTokenExpiresAt", runtime::Shape::Any),
        ("scopes", runtime::Shape::Array(&runtime::Shape::Any)),
        ("properties", runtime::Shape::Array(&runtime::Shape::Object(2))),
        ("accessTokenExpiresAtUpdatedOnScopeUpdate", runtime::Shape::Any),
        ("accessTokenHash", runtime::Shape::Any),
        ("accessTokenValueUpdated", runtime::Shape::Any),
        ("accessTokenPersistent", runtime::Shape::Any),
        ("certificateThumbprint", runtime::Shape::Any),
        ("dpopKeyThumbprint", runtime::Shape::Any),
        ("authorizationDetails", runtime::Shape::Object(3)),
        ("forExternalAttachment", runtime::Shape::Any),
        ("refreshTokenExpiresAt", runtime::Shape::Any),
        ("refreshTokenExpiresAtUpdatedOnScopeUpdate", runtime::Shape::Any),
        ("tokenId", runtime::Shape::Any),
    ],
    &[
        ("subject", runtime::Shape::Any),
        ("scopes", runtime::Shape::Array(&runtime::Shape::Any)),
    ],
    &[
        ("key", runtime::Shape::Any),
        ("value", runtime::Shape::Any),
        ("hidden", runtime::Shape::Any),
    ],
    &[("elements", runtime::Shape::Array(&runtime::Shape::Object(4)))],
    &[
        ("type", runtime::Shape::Any),
        ("locations", runtime::Shape::Array(&runtime::Shape::Any)),
        ("actions", runtime::Shape::Array(&runtime::Shape::Any)),
        ("dataTypes", runtime::Shape::Array(&runtime::Shape::Any)),
        ("identifier", runtime::Shape::Any),
        ("privileges", runtime::Shape::Array(&runtime::Shape::Any)),
        ("otherFields", runtime::Shape::Any),
    ],
];

/// The router serving `api`: every path and method of the spec, and the API's error
/// body for unknown paths (404) and methods (405, with the `Allow` header).
pub fn router<A: AuthleteApi>(api: A) -> axum::Router {
    axum::Router::new()
        .route(
            "/api/{serviceId}/client/authorization/update/{clientId}",
            axum::routing::post(handle_client_authorization_update_api::<A>),
        )
        .route(
            "/api/{serviceId}/auth/token/update",
            axum::routing::post(handle_auth_token_update_api::<A>),
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

/// `POST /api/{serviceId}/client/authorization/update/{clientId}`: checks the request, then calls [`AuthleteApi::client_authorization_update_api`].
async fn handle_client_authorization_update_api<A: AuthleteApi>(
    State(api): State<Arc<A>>,
    request: Request,
) -> Response {
    let (mut parts, body) = request.into_parts();
    let credential = match runtime::authenticate(&parts, &[&[runtime::Scheme::Bearer]]) {
        Ok(credential) => credential,
        Err(rejection) => return rejection.into_response(ERROR_BODIES),
    };
    let path = match runtime::path::<
        authlete_models::ClientAuthorizationUpdateApiPath,
    >(&mut parts)
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
        runtime::Media {
            media_type: "application/x-www-form-urlencoded",
            kind: runtime::Kind::Form,
            form_fields: &[
                ("subject", runtime::FormValue::Text),
                (
                    "scopes",
                    runtime::FormValue::List(&runtime::FormValue::Text, Some(' ')),
                ),
            ],
            patchable: &[],
        },
    ];
    let body = match runtime::body::<
        authlete_models::ClientAuthorizationUpdateRequest,
    >(&parts, body, MEDIA, (runtime::Shape::Object(1), OBJECTS))
        .await
    {
        Ok(body) => body,
        Err(rejection) => return rejection.into_response(ERROR_BODIES),
    };
    match api.client_authorization_update_api(credential, path, body).await {
        authlete_models::ClientAuthorizationUpdateApiResponse::Ok(body) => {
            runtime::json(200, &body)
        }
        authlete_models::ClientAuthorizationUpdateApiResponse::BadRequest(body) => {
            runtime::json(400, &body)
        }
        authlete_models::ClientAuthorizationUpdateApiResponse::Unauthorized(body) => {
            runtime::json(401, &body)
        }
        authlete_models::ClientAuthorizationUpdateApiResponse::Forbidden(body) => {
            runtime::json(403, &body)
        }
        authlete_models::ClientAuthorizationUpdateApiResponse::PayloadTooLarge(body) => {
            runtime::json(413, &body)
        }
        authlete_models::ClientAuthorizationUpdateApiResponse::UnsupportedMediaType(
            body,
        ) => runtime::json(415, &body),
        authlete_models::ClientAuthorizationUpdateApiResponse::InternalServerError(
            body,
        ) => runtime::json(500, &body),
    }
}

/// `POST /api/{serviceId}/auth/token/update`: checks the request, then calls [`AuthleteApi::auth_token_update_api`].
async fn handle_auth_token_update_api<A: AuthleteApi>(
    State(api): State<Arc<A>>,
    request: Request,
) -> Response {
    let (mut parts, body) = request.into_parts();
    let credential = match runtime::authenticate(&parts, &[&[runtime::Scheme::Bearer]]) {
        Ok(credential) => credential,
        Err(rejection) => return rejection.into_response(ERROR_BODIES),
    };
    let path = match runtime::path::<authlete_models::AuthTokenUpdateApiPath>(&mut parts)
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
        runtime::Media {
            media_type: "application/x-www-form-urlencoded",
            kind: runtime::Kind::Form,
            form_fields: &[
                ("accessToken", runtime::FormValue::Text),
                ("accessTokenExpiresAt", runtime::FormValue::Integer),
                (
                    "scopes",
                    runtime::FormValue::List(&runtime::FormValue::Text, Some(' ')),
                ),
                ("properties", runtime::FormValue::Unrepresentable),
                (
                    "accessTokenExpiresAtUpdatedOnScopeUpdate",
                    runtime::FormValue::Boolean,
                ),
                ("accessTokenHash", runtime::FormValue::Text),
                ("accessTokenValueUpdated", runtime::FormValue::Boolean),
                ("accessTokenPersistent", runtime::FormValue::Boolean),
                ("certificateThumbprint", runtime::FormValue::Text),
                ("dpopKeyThumbprint", runtime::FormValue::Text),
                ("authorizationDetails", runtime::FormValue::Unrepresentable),
                ("forExternalAttachment", runtime::FormValue::Boolean),
                ("refreshTokenExpiresAt", runtime::FormValue::Integer),
                (
                    "refreshTokenExpiresAtUpdatedOnScopeUpdate",
                    runtime::FormValue::Boolean,
                ),
                ("tokenId", runtime::FormValue::Text),
            ],
            patchable: &[],
        },
    ];
    let body = match runtime::body::<
        authlete_models::TokenUpdateRequest,
    >(&parts, body, MEDIA, (runtime::Shape::Object(0), OBJECTS))
        .await
    {
        Ok(body) => body,
        Err(rejection) => return rejection.into_response(ERROR_BODIES),
    };
    match api.auth_token_update_api(credential, path, body).await {
        authlete_models::AuthTokenUpdateApiResponse::Ok(body) => {
            runtime::json(200, &body)
        }
        authlete_models::AuthTokenUpdateApiResponse::BadRequest(body) => {
            runtime::json(400, &body)
        }
        authlete_models::AuthTokenUpdateApiResponse::Unauthorized(body) => {
            runtime::json(401, &body)
        }
        authlete_models::AuthTokenUpdateApiResponse::Forbidden(body) => {
            runtime::json(403, &body)
        }
        authlete_models::AuthTokenUpdateApiResponse::PayloadTooLarge(body) => {
            runtime::json(413, &body)
        }
        authlete_models::AuthTokenUpdateApiResponse::UnsupportedMediaType(body) => {
            runtime::json(415, &body)
        }
        authlete_models::AuthTokenUpdateApiResponse::InternalServerError(body) => {
            runtime::json(500, &body)
        }
    }
}
