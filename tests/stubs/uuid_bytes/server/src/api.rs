//! The trait an implementation provides, and the router that checks requests before
//! calling it.

use std::future::Future;
use std::sync::Arc;
use axum::extract::{Request, State};
use axum::response::Response;
use specforge_runtime::server::{self as runtime, Credential, Rejection};

/// The operations of UUID and bytes fixture: implement this, then serve [`router`].
///
/// Every method receives typed, already validated input and returns the operation's
/// response enum from the models crate; the router writes it with its status.
pub trait UuidBytesApi: Send + Sync + 'static {
    /// `PUT /blobs/{blobId}`
    ///
    /// Store a blob under its id.
    ///
    /// Already checked: the parameters parsed into their types; the body is `application/json` and valid against its schema.
    ///
    /// Return the response to send: one of the documented statuses (`200`).
    fn put_blob(
        &self,
        credential: Credential,
        path: uuid_bytes_models::PutBlobPath,
        query: uuid_bytes_models::PutBlobQuery,
        headers: uuid_bytes_models::PutBlobHeaders,
        body: uuid_bytes_models::Blob,
    ) -> impl Future<Output = uuid_bytes_models::PutBlobResponse> + Send;
}

/// A shared implementation is an implementation: serve an `Arc` and keep a clone to
/// look at its state.
impl<T: UuidBytesApi> UuidBytesApi for Arc<T> {
    fn put_blob(
        &self,
        credential: Credential,
        path: uuid_bytes_models::PutBlobPath,
        query: uuid_bytes_models::PutBlobQuery,
        headers: uuid_bytes_models::PutBlobHeaders,
        body: uuid_bytes_models::Blob,
    ) -> impl Future<Output = uuid_bytes_models::PutBlobResponse> + Send {
        T::put_blob(self, credential, path, query, headers, body)
    }
}

/// The API's error body templates by status (`None`: any other status).
const ERROR_BODIES: &[(Option<u16>, &str)] = &[
    (None, r##"{"code":"{status}","message":"{message}","field":"{field}"}"##),
];

/// The API's own error body for a rejection, as the router sends it: for an
/// implementation that wants to answer in the same shape.
pub fn error_body(rejection: &Rejection) -> serde_json::Value {
    rejection.body(ERROR_BODIES)
}

/// The methods of every path, for the 405 message.
const ALLOWED: &[(&str, &str)] = &[("/blobs/{blobId}", "PUT")];

/// The object types of request bodies, by the index `runtime::Shape::Object` holds.
const OBJECTS: runtime::Objects = &[
    &[
        ("id", runtime::Shape::Any),
        ("content", runtime::Shape::Any),
        ("previous", runtime::Shape::Any),
        ("owner", runtime::Shape::Any),
        ("thumbnail", runtime::Shape::Any),
        ("chunks", runtime::Shape::Array(&runtime::Shape::Any)),
        ("signatures", runtime::Shape::Map(&runtime::Shape::Any)),
    ],
    &[
        ("related", runtime::Shape::Array(&runtime::Shape::Any)),
        ("checksum", runtime::Shape::Any),
    ],
    &[("X-Trace-Id", runtime::Shape::Any)],
];

/// The router serving `api`: every path and method of the spec, and the API's error
/// body for unknown paths (404) and methods (405, with the `Allow` header).
pub fn router<A: UuidBytesApi>(api: A) -> axum::Router {
    axum::Router::new()
        .route("/blobs/{blobId}", axum::routing::put(handle_put_blob::<A>))
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

/// `PUT /blobs/{blobId}`: checks the request, then calls [`UuidBytesApi::put_blob`].
async fn handle_put_blob<A: UuidBytesApi>(
    State(api): State<Arc<A>>,
    request: Request,
) -> Response {
    let (mut parts, body) = request.into_parts();
    let credential = match runtime::authenticate(&parts, &[]) {
        Ok(credential) => credential,
        Err(rejection) => return rejection.into_response(ERROR_BODIES),
    };
    let path = match runtime::path::<uuid_bytes_models::PutBlobPath>(&mut parts).await {
        Ok(value) => value,
        Err(rejection) => return rejection.into_response(ERROR_BODIES),
    };
    let query = match runtime::query::<
        uuid_bytes_models::PutBlobQuery,
    >(
        &parts,
        &[
            ("related", runtime::FormValue::List(&runtime::FormValue::Text, None)),
            ("checksum", runtime::FormValue::Text),
        ],
        (runtime::Shape::Object(1), OBJECTS),
    ) {
        Ok(value) => value,
        Err(rejection) => return rejection.into_response(ERROR_BODIES),
    };
    let headers = match runtime::headers::<
        uuid_bytes_models::PutBlobHeaders,
    >(
        &parts,
        &[("X-Trace-Id", runtime::FormValue::Text)],
        (runtime::Shape::Object(2), OBJECTS),
    ) {
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
        uuid_bytes_models::Blob,
    >(&parts, body, MEDIA, (runtime::Shape::Object(0), OBJECTS))
        .await
    {
        Ok(body) => body,
        Err(rejection) => return rejection.into_response(ERROR_BODIES),
    };
    match api.put_blob(credential, path, query, headers, body).await {
        uuid_bytes_models::PutBlobResponse::Ok(body) => runtime::json(200, &body),
    }
}
