//! The trait an implementation provides, and the router that checks requests before
//! calling it.

use std::future::Future;
use std::sync::Arc;
use axum::extract::{Request, State};
use axum::response::Response;
use specforge_runtime::server::{self as runtime, Credential, Rejection};

/// The operations of Multipart union fixture: implement this, then serve [`router`].
///
/// Every method receives typed, already validated input and returns the operation's
/// response enum from the models crate; the router writes it with its status.
pub trait MultipartUnionApi: Send + Sync + 'static {
    /// `POST /images`
    ///
    /// Upload an image from a file or a URL.
    ///
    /// Already checked: the body is `multipart/form-data` and valid against its schema.
    ///
    /// Return the response to send: one of the documented statuses (`201`).
    fn upload_image(
        &self,
        credential: Credential,
        body: multipart_union_models::ImageUpload,
    ) -> impl Future<Output = multipart_union_models::UploadImageResponse> + Send;
    /// `POST /notes`
    ///
    /// Attach a note, as a text part or a file.
    ///
    /// Already checked: the body is `multipart/form-data` and valid against its schema.
    ///
    /// Return the response to send: one of the documented statuses (`201`).
    fn attach_note(
        &self,
        credential: Credential,
        body: multipart_union_models::AttachNoteBody,
    ) -> impl Future<Output = multipart_union_models::AttachNoteResponse> + Send;
}

/// A shared implementation is an implementation: serve an `Arc` and keep a clone to
/// look at its state.
impl<T: MultipartUnionApi> MultipartUnionApi for Arc<T> {
    fn upload_image(
        &self,
        credential: Credential,
        body: multipart_union_models::ImageUpload,
    ) -> impl Future<Output = multipart_union_models::UploadImageResponse> + Send {
        T::upload_image(self, credential, body)
    }
    fn attach_note(
        &self,
        credential: Credential,
        body: multipart_union_models::AttachNoteBody,
    ) -> impl Future<Output = multipart_union_models::AttachNoteResponse> + Send {
        T::attach_note(self, credential, body)
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
const ALLOWED: &[(&str, &str)] = &[("/images", "POST"), ("/notes", "POST")];

/// The object types of request bodies, by the index `runtime::Shape::Object` holds.
const OBJECTS: runtime::Objects = &[
    &[("metadata", runtime::Shape::Any), ("requireSignedURLs", runtime::Shape::Any)],
];

/// The router serving `api`: every path and method of the spec, and the API's error
/// body for unknown paths (404) and methods (405, with the `Allow` header).
pub fn router<A: MultipartUnionApi>(api: A) -> axum::Router {
    axum::Router::new()
        .route("/images", axum::routing::post(handle_upload_image::<A>))
        .route("/notes", axum::routing::post(handle_attach_note::<A>))
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

/// `POST /images`: checks the request, then calls [`MultipartUnionApi::upload_image`].
async fn handle_upload_image<A: MultipartUnionApi>(
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
                ("metadata", runtime::FormValue::Json),
                ("requireSignedURLs", runtime::FormValue::Boolean),
                ("file", runtime::FormValue::File),
                ("url", runtime::FormValue::Text),
            ],
            patchable: &[],
        },
    ];
    let body = match runtime::body::<
        multipart_union_models::ImageUpload,
    >(&parts, body, MEDIA, (runtime::Shape::Object(0), OBJECTS))
        .await
    {
        Ok(body) => body,
        Err(rejection) => return rejection.into_response(ERROR_BODIES),
    };
    match api.upload_image(credential, body).await {
        multipart_union_models::UploadImageResponse::Created(body) => {
            runtime::json(201, &body)
        }
    }
}

/// `POST /notes`: checks the request, then calls [`MultipartUnionApi::attach_note`].
async fn handle_attach_note<A: MultipartUnionApi>(
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
                ("text", runtime::FormValue::Text),
                ("author", runtime::FormValue::Text),
                ("attachment", runtime::FormValue::File),
            ],
            patchable: &[],
        },
    ];
    let body = match runtime::body::<
        multipart_union_models::AttachNoteBody,
    >(&parts, body, MEDIA, (runtime::Shape::Any, OBJECTS))
        .await
    {
        Ok(body) => body,
        Err(rejection) => return rejection.into_response(ERROR_BODIES),
    };
    match api.attach_note(credential, body).await {
        multipart_union_models::AttachNoteResponse::Created(body) => {
            runtime::json(201, &body)
        }
    }
}
