//! The trait an implementation provides, and the router that checks requests before
//! calling it.

use std::future::Future;
use std::sync::Arc;
use axum::extract::{Request, State};
use axum::response::Response;
use specforge_runtime::server::{self as runtime, Credential, Rejection};

/// The operations of Multipart fixture: implement this, then serve [`router`].
///
/// Every method receives typed, already validated input and returns the operation's
/// response enum from the models crate; the router writes it with its status.
pub trait MultipartApi: Send + Sync + 'static {
    /// `POST /documents`
    ///
    /// Upload a document with its attachments.
    ///
    /// Already checked: the body is `multipart/form-data` and valid against its schema.
    ///
    /// Return the response to send: one of the documented statuses (`201`).
    fn upload_document(
        &self,
        credential: Credential,
        body: multipart_models::DocumentUpload,
    ) -> impl Future<Output = multipart_models::UploadDocumentResponse> + Send;
}

/// A shared implementation is an implementation: serve an `Arc` and keep a clone to
/// look at its state.
impl<T: MultipartApi> MultipartApi for Arc<T> {
    fn upload_document(
        &self,
        credential: Credential,
        body: multipart_models::DocumentUpload,
    ) -> impl Future<Output = multipart_models::UploadDocumentResponse> + Send {
        T::upload_document(self, credential, body)
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
const ALLOWED: &[(&str, &str)] = &[("/documents", "POST")];

/// The distinct limits of the request objects' fields, which `OBJECTS` points into.
const LIMITS: &[runtime::Limits] = &[
    runtime::Limits {
        max_length: Some(40),
        ..runtime::Limits::NONE
    },
    runtime::Limits {
        minimum: Some(1f64),
        ..runtime::Limits::NONE
    },
];

/// The object types of request bodies, by the index `runtime::Shape::Object` holds.
const OBJECTS: runtime::Objects = &[
    &[
        ("document", runtime::Shape::Any),
        ("title", runtime::Shape::Limited(&LIMITS[0], &runtime::Shape::Any)),
        ("copies", runtime::Shape::Limited(&LIMITS[1], &runtime::Shape::Any)),
        ("attachments", runtime::Shape::Array(&runtime::Shape::Any)),
    ],
];

/// The router serving `api`: every path and method of the spec, and the API's error
/// body for unknown paths (404) and methods (405, with the `Allow` header).
pub fn router<A: MultipartApi>(api: A) -> axum::Router {
    axum::Router::new()
        .route("/documents", axum::routing::post(handle_upload_document::<A>))
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

/// `POST /documents`: checks the request, then calls [`MultipartApi::upload_document`].
async fn handle_upload_document<A: MultipartApi>(
    State(api): State<Arc<A>>,
    request: Request,
) -> Response {
    let (parts, body) = request.into_parts();
    let credential = match runtime::authenticate(&parts, &[]) {
        Ok(credential) => credential,
        Err(rejection) => return rejection.into_response(ERROR_BODIES),
    };
    const MEDIA: &[runtime::Media] = &[
        runtime::Media {
            media_type: "multipart/form-data",
            kind: runtime::Kind::Multipart,
            form_fields: &[
                ("document", runtime::FormValue::File),
                ("title", runtime::FormValue::Text),
                ("copies", runtime::FormValue::Integer),
                (
                    "attachments",
                    runtime::FormValue::List(&runtime::FormValue::File, None),
                ),
            ],
            patchable: &[],
        },
    ];
    let body = match runtime::body::<
        multipart_models::DocumentUpload,
    >(&parts, body, MEDIA, (runtime::Shape::Object(0), OBJECTS))
        .await
    {
        Ok(body) => body,
        Err(rejection) => return rejection.into_response(ERROR_BODIES),
    };
    match api.upload_document(credential, body).await {
        multipart_models::UploadDocumentResponse::Created(body) => {
            runtime::json(201, &body)
        }
    }
}
