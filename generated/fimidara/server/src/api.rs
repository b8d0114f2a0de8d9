//! The trait an implementation provides, and the router that checks requests before
//! calling it.

use std::future::Future;
use std::sync::Arc;
use axum::extract::{Request, State};
use axum::response::Response;
use specforge_runtime::server::{self as runtime, Credential, Rejection};

/// The operations of Update Client Assigned Token Endpoint: implement this, then serve [`router`].
///
/// Every method receives typed, already validated input and returns the operation's
/// response enum from the models crate; the router writes it with its status.
pub trait FimidaraApi: Send + Sync + 'static {
    /// `POST /v1/clientAssignedTokens/updateToken`
    ///
    /// Update Client Assigned Token Endpoint
    ///
    /// Update client assigned token endpoint.
    ///
    /// Already checked: the request carries a bearer token (`bearerAuth`); the body is `application/json` and valid against its schema.
    ///
    /// Return the response to send: one of the documented statuses (`200`, `4XX`, `5XX`).
    fn update_client_assigned_token(
        &self,
        credential: Credential,
        body: fimidara_models::UpdateClientAssignedTokenEndpointParams,
    ) -> impl Future<Output = fimidara_models::UpdateClientAssignedTokenResponse> + Send;
}

/// A shared implementation is an implementation: serve an `Arc` and keep a clone to
/// look at its state.
impl<T: FimidaraApi> FimidaraApi for Arc<T> {
    fn update_client_assigned_token(
        &self,
        credential: Credential,
        body: fimidara_models::UpdateClientAssignedTokenEndpointParams,
    ) -> impl Future<
        Output = fimidara_models::UpdateClientAssignedTokenResponse,
    > + Send {
        T::update_client_assigned_token(self, credential, body)
    }
}

/// The API's error body templates by status (`None`: any other status).
const ERROR_BODIES: &[(Option<u16>, &str)] = &[
    (
        None,
        r##"{"errors":[{"name":"{error}","message":"{message}","field":"{field}"}]}"##,
    ),
];

/// The API's own error body for a rejection, as the router sends it: for an
/// implementation that wants to answer in the same shape.
pub fn error_body(rejection: &Rejection) -> serde_json::Value {
    rejection.body(ERROR_BODIES)
}

/// The methods of every path, for the 405 message.
const ALLOWED: &[(&str, &str)] = &[("/v1/clientAssignedTokens/updateToken", "POST")];

/// The object types of request bodies, by the index `runtime::Shape::Object` holds.
const OBJECTS: runtime::Objects = &[
    &[
        ("tokenId", runtime::Shape::Any),
        ("onReferenced", runtime::Shape::Any),
        ("providedResourceId", runtime::Shape::Any),
        ("workspaceId", runtime::Shape::Any),
        ("token", runtime::Shape::Object(2)),
    ],
    &[("permissionGroupId", runtime::Shape::Any), ("order", runtime::Shape::Any)],
    &[
        ("providedResourceId", runtime::Shape::Any),
        ("name", runtime::Shape::Any),
        ("description", runtime::Shape::Any),
        ("permissionGroups", runtime::Shape::Array(&runtime::Shape::Object(1))),
    ],
];

/// The router serving `api`: every path and method of the spec, and the API's error
/// body for unknown paths (404) and methods (405, with the `Allow` header).
pub fn router<A: FimidaraApi>(api: A) -> axum::Router {
    axum::Router::new()
        .route(
            "/v1/clientAssignedTokens/updateToken",
            axum::routing::post(handle_update_client_assigned_token::<A>),
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

/// `POST /v1/clientAssignedTokens/updateToken`: checks the request, then calls [`FimidaraApi::update_client_assigned_token`].
async fn handle_update_client_assigned_token<A: FimidaraApi>(
    State(api): State<Arc<A>>,
    request: Request,
) -> Response {
    let (parts, body) = request.into_parts();
    let credential = match runtime::authenticate(&parts, &[&[runtime::Scheme::Bearer]]) {
        Ok(credential) => credential,
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
        fimidara_models::UpdateClientAssignedTokenEndpointParams,
    >(&parts, body, MEDIA, (runtime::Shape::Object(0), OBJECTS))
        .await
    {
        Ok(body) => body,
        Err(rejection) => return rejection.into_response(ERROR_BODIES),
    };
    match api.update_client_assigned_token(credential, body).await {
        fimidara_models::UpdateClientAssignedTokenResponse::Ok(body) => {
            runtime::json(200, &body)
        }
        fimidara_models::UpdateClientAssignedTokenResponse::ClientError {
            status,
            body,
        } => runtime::json(status, &body),
        fimidara_models::UpdateClientAssignedTokenResponse::ServerError {
            status,
            body,
        } => runtime::json(status, &body),
    }
}
