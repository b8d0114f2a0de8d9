//! The trait an implementation provides, and the router that checks requests before
//! calling it.

use std::future::Future;
use std::sync::Arc;
use axum::extract::{Request, State};
use axum::response::Response;
use crate::runtime::{self, Credential, Rejection};

/// The operations of Patch Personal Access Token: implement this, then serve [`router`].
///
/// Every method receives typed, already validated input and returns the operation's
/// response enum from the models crate; the router writes it with its status.
pub trait SailpointApi: Send + Sync + 'static {
    /// `PATCH /personal-access-tokens/{id}`
    ///
    /// Patch Personal Access Token
    ///
    /// This performs a targeted update to the field(s) of a Personal Access Token.
    ///
    /// Already checked: the request carries a bearer token (`userAuth`); the parameters parsed into their types; the body is `application/json-patch+json` and valid against its schema; every patch touches only /name, /scope.
    ///
    /// Return the response to send: one of the documented statuses (`200`, `400`, `401`, `403`, `404`, `429`, `500`, `413`, `415`).
    fn patch_personal_access_token(
        &self,
        credential: Credential,
        path: sailpoint_models::PatchPersonalAccessTokenPath,
        body: Vec<sailpoint_models::JsonPatchOperation>,
    ) -> impl Future<Output = sailpoint_models::PatchPersonalAccessTokenResponse> + Send;
}

/// The API's error body templates by status (`None`: any other status).
const ERROR_BODIES: &[(Option<u16>, &str)] = &[
    (Some(401u16), "{\"error\":\"{message}\"}"),
    (
        None,
        "{\"detailCode\":\"{status} {error}\",\"trackingId\":\"specforge-server-stub\",\"messages\":[{\"locale\":\"en-US\",\"localeOrigin\":\"DEFAULT\",\"text\":\"{message}\"}],\"causes\":[]}",
    ),
];

/// The router serving `api`: every path and method of the spec, and the API's error
/// body for unknown paths (404) and methods (405).
pub fn router<A: SailpointApi>(api: A) -> axum::Router {
    axum::Router::new()
        .route(
            "/personal-access-tokens/{id}",
            axum::routing::patch(handle_patch_personal_access_token::<A>),
        )
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(Arc::new(api))
}

async fn not_found(request: Request) -> Response {
    Rejection::new(404, "NotFound", format!("no operation at {}", request.uri().path()))
        .into_response(ERROR_BODIES)
}

async fn method_not_allowed(request: Request) -> Response {
    Rejection::new(
            405,
            "MethodNotAllowed",
            format!("{} is not allowed on {}", request.method(), request.uri().path()),
        )
        .into_response(ERROR_BODIES)
}

/// `PATCH /personal-access-tokens/{id}`: checks the request, then calls [`SailpointApi::patch_personal_access_token`].
async fn handle_patch_personal_access_token<A: SailpointApi>(
    State(api): State<Arc<A>>,
    request: Request,
) -> Response {
    let (mut parts, body) = request.into_parts();
    let credential = match runtime::authenticate(&parts, &[&[runtime::Scheme::Bearer]]) {
        Ok(credential) => credential,
        Err(rejection) => return rejection.into_response(ERROR_BODIES),
    };
    let path = match runtime::path::<
        sailpoint_models::PatchPersonalAccessTokenPath,
    >(&mut parts)
        .await
    {
        Ok(value) => value,
        Err(rejection) => return rejection.into_response(ERROR_BODIES),
    };
    const MEDIA: &[runtime::Media] = &[
        runtime::Media {
            media_type: "application/json-patch+json",
            kind: runtime::Kind::JsonPatch,
            form_fields: &[],
            patchable: &["/name", "/scope"],
        },
    ];
    let body = match runtime::body::<
        Vec<sailpoint_models::JsonPatchOperation>,
    >(&parts, body, MEDIA, true)
        .await
    {
        Ok(body) => body,
        Err(rejection) => return rejection.into_response(ERROR_BODIES),
    };
    let Some(body) = body else {
        return Rejection::invalid(None, "a request body is required")
            .into_response(ERROR_BODIES);
    };
    match api.patch_personal_access_token(credential, path, body).await {
        sailpoint_models::PatchPersonalAccessTokenResponse::Ok(body) => {
            runtime::with_headers(200u16, &body, vec![])
        }
        sailpoint_models::PatchPersonalAccessTokenResponse::BadRequest(body) => {
            runtime::with_headers(400u16, &body, vec![])
        }
        sailpoint_models::PatchPersonalAccessTokenResponse::Unauthorized(body) => {
            runtime::with_headers(401u16, &body, vec![])
        }
        sailpoint_models::PatchPersonalAccessTokenResponse::Forbidden(body) => {
            runtime::with_headers(403u16, &body, vec![])
        }
        sailpoint_models::PatchPersonalAccessTokenResponse::NotFound(body) => {
            runtime::with_headers(404u16, &body, vec![])
        }
        sailpoint_models::PatchPersonalAccessTokenResponse::TooManyRequests(body) => {
            runtime::with_headers(429u16, &body, vec![])
        }
        sailpoint_models::PatchPersonalAccessTokenResponse::InternalServerError(body) => {
            runtime::with_headers(500u16, &body, vec![])
        }
        sailpoint_models::PatchPersonalAccessTokenResponse::PayloadTooLarge(body) => {
            runtime::with_headers(413u16, &body, vec![])
        }
        sailpoint_models::PatchPersonalAccessTokenResponse::UnsupportedMediaType(
            body,
        ) => runtime::with_headers(415u16, &body, vec![]),
    }
}
