//! The trait an implementation provides, and the router that checks requests before
//! calling it.

use std::future::Future;
use std::sync::Arc;
use axum::extract::{Request, State};
use axum::response::Response;
use specforge_runtime::server::{self as runtime, Credential, Rejection};

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
    /// Return the response to send: one of the documented statuses (`200`, `400`, `401`, `403`, `404`, `429`, `500`, `409`, `413`, `415`).
    fn patch_personal_access_token(
        &self,
        credential: Credential,
        path: sailpoint_models::PatchPersonalAccessTokenPath,
        body: Vec<sailpoint_models::JsonPatchOperation>,
    ) -> impl Future<Output = sailpoint_models::PatchPersonalAccessTokenResponse> + Send;
}

/// A shared implementation is an implementation: serve an `Arc` and keep a clone to
/// look at its state.
impl<T: SailpointApi> SailpointApi for Arc<T> {
    fn patch_personal_access_token(
        &self,
        credential: Credential,
        path: sailpoint_models::PatchPersonalAccessTokenPath,
        body: Vec<sailpoint_models::JsonPatchOperation>,
    ) -> impl Future<
        Output = sailpoint_models::PatchPersonalAccessTokenResponse,
    > + Send {
        T::patch_personal_access_token(self, credential, path, body)
    }
}

/// The API's error body templates by status (`None`: any other status).
const ERROR_BODIES: &[(Option<u16>, &str)] = &[
    (Some(401), r##"{"error":"{message}"}"##),
    (
        None,
        r##"{"detailCode":"{status} {error}","trackingId":"specforge-server-stub","messages":[{"locale":"en-US","localeOrigin":"DEFAULT","text":"{message}"}],"causes":[]}"##,
    ),
];

/// The API's own error body for a rejection, as the router sends it: for an
/// implementation that wants to answer in the same shape.
pub fn error_body(rejection: &Rejection) -> serde_json::Value {
    rejection.body(ERROR_BODIES)
}

/// The methods of every path, for the 405 message.
const ALLOWED: &[(&str, &str)] = &[("/personal-access-tokens/{id}", "PATCH")];

/// The object types of request bodies, by the index `runtime::Shape::Object` holds.
const OBJECTS: runtime::Objects = &[
    &[
        ("op", runtime::Shape::Any),
        ("path", runtime::Shape::Any),
        ("value", runtime::Shape::Any),
        ("from", runtime::Shape::Any),
    ],
];

/// The router serving `api`: every path and method of the spec, and the API's error
/// body for unknown paths (404) and methods (405, with the `Allow` header).
pub fn router<A: SailpointApi>(api: A) -> axum::Router {
    axum::Router::new()
        .route(
            "/personal-access-tokens/{id}",
            axum::routing::patch(handle_patch_personal_access_token::<A>),
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
    >(
            &parts,
            body,
            MEDIA,
            (
                runtime::Shape::Array(
                    &runtime::Shape::Combined(
                        &runtime::Combinations {
                            exactly_one: true,
                            branches: &[
                                runtime::Combination {
                                    summary: "`op` is add, replace or test; `path` is /name; `value` (required) is a string",
                                    required: &["value"],
                                    fields: &[
                                        (
                                            "op",
                                            runtime::Allowed {
                                                values: &["\"add\"", "\"replace\"", "\"test\""],
                                                kind: Some(runtime::JsonKind::String),
                                                nullable: false,
                                                items: None,
                                            },
                                        ),
                                        (
                                            "path",
                                            runtime::Allowed {
                                                values: &["\"/name\""],
                                                kind: Some(runtime::JsonKind::String),
                                                nullable: false,
                                                items: None,
                                            },
                                        ),
                                        (
                                            "value",
                                            runtime::Allowed {
                                                values: &[],
                                                kind: Some(runtime::JsonKind::String),
                                                nullable: false,
                                                items: None,
                                            },
                                        ),
                                    ],
                                },
                                runtime::Combination {
                                    summary: "`op` is add, replace or test; `path` is /scope; `value` (required) is a list of strings or null",
                                    required: &["value"],
                                    fields: &[
                                        (
                                            "op",
                                            runtime::Allowed {
                                                values: &["\"add\"", "\"replace\"", "\"test\""],
                                                kind: Some(runtime::JsonKind::String),
                                                nullable: false,
                                                items: None,
                                            },
                                        ),
                                        (
                                            "path",
                                            runtime::Allowed {
                                                values: &["\"/scope\""],
                                                kind: Some(runtime::JsonKind::String),
                                                nullable: false,
                                                items: None,
                                            },
                                        ),
                                        (
                                            "value",
                                            runtime::Allowed {
                                                values: &[],
                                                kind: Some(runtime::JsonKind::Array),
                                                nullable: true,
                                                items: Some(
                                                    &runtime::Allowed {
                                                        values: &[],
                                                        kind: Some(runtime::JsonKind::String),
                                                        nullable: false,
                                                        items: None,
                                                    },
                                                ),
                                            },
                                        ),
                                    ],
                                },
                                runtime::Combination {
                                    summary: "`op` is remove; `path` is /scope",
                                    required: &[],
                                    fields: &[
                                        (
                                            "op",
                                            runtime::Allowed {
                                                values: &["\"remove\""],
                                                kind: Some(runtime::JsonKind::String),
                                                nullable: false,
                                                items: None,
                                            },
                                        ),
                                        (
                                            "path",
                                            runtime::Allowed {
                                                values: &["\"/scope\""],
                                                kind: Some(runtime::JsonKind::String),
                                                nullable: false,
                                                items: None,
                                            },
                                        ),
                                    ],
                                },
                                runtime::Combination {
                                    summary: "`op` is move or copy; `path` is /name; `from` (required) is /name",
                                    required: &["from"],
                                    fields: &[
                                        (
                                            "op",
                                            runtime::Allowed {
                                                values: &["\"move\"", "\"copy\""],
                                                kind: Some(runtime::JsonKind::String),
                                                nullable: false,
                                                items: None,
                                            },
                                        ),
                                        (
                                            "path",
                                            runtime::Allowed {
                                                values: &["\"/name\""],
                                                kind: Some(runtime::JsonKind::String),
                                                nullable: false,
                                                items: None,
                                            },
                                        ),
                                        (
                                            "from",
                                            runtime::Allowed {
                                                values: &["\"/name\""],
                                                kind: Some(runtime::JsonKind::String),
                                                nullable: false,
                                                items: None,
                                            },
                                        ),
                                    ],
                                },
                                runtime::Combination {
                                    summary: "`op` is move or copy; `path` is /scope; `from` (required) is /scope",
                                    required: &["from"],
                                    fields: &[
                                        (
                                            "op",
                                            runtime::Allowed {
                                                values: &["\"move\"", "\"copy\""],
                                                kind: Some(runtime::JsonKind::String),
                                                nullable: false,
                                                items: None,
                                            },
                                        ),
                                        (
                                            "path",
                                            runtime::Allowed {
                                                values: &["\"/scope\""],
                                                kind: Some(runtime::JsonKind::String),
                                                nullable: false,
                                                items: None,
                                            },
                                        ),
                                        (
                                            "from",
                                            runtime::Allowed {
                                                values: &["\"/scope\""],
                                                kind: Some(runtime::JsonKind::String),
                                                nullable: false,
                                                items: None,
                                            },
                                        ),
                                    ],
                                },
                            ],
                            excluded: &[],
                        },
                        &runtime::Shape::Object(0),
                    ),
                ),
                OBJECTS,
            ),
        )
        .await
    {
        Ok(body) => body,
        Err(rejection) => return rejection.into_response(ERROR_BODIES),
    };
    match api.patch_personal_access_token(credential, path, body).await {
        sailpoint_models::PatchPersonalAccessTokenResponse::Ok(body) => {
            runtime::json(200, &body)
        }
        sailpoint_models::PatchPersonalAccessTokenResponse::BadRequest(body) => {
            runtime::json(400, &body)
        }
        sailpoint_models::PatchPersonalAccessTokenResponse::Unauthorized(body) => {
            runtime::json(401, &body)
        }
        sailpoint_models::PatchPersonalAccessTokenResponse::Forbidden(body) => {
            runtime::json(403, &body)
        }
        sailpoint_models::PatchPersonalAccessTokenResponse::NotFound(body) => {
            runtime::json(404, &body)
        }
        sailpoint_models::PatchPersonalAccessTokenResponse::TooManyRequests(body) => {
            runtime::json(429, &body)
        }
        sailpoint_models::PatchPersonalAccessTokenResponse::InternalServerError(body) => {
            runtime::json(500, &body)
        }
        sailpoint_models::PatchPersonalAccessTokenResponse::Conflict(body) => {
            runtime::json(409, &body)
        }
        sailpoint_models::PatchPersonalAccessTokenResponse::PayloadTooLarge(body) => {
            runtime::json(413, &body)
        }
        sailpoint_models::PatchPersonalAccessTokenResponse::UnsupportedMediaType(
            body,
        ) => runtime::json(415, &body),
    }
}
