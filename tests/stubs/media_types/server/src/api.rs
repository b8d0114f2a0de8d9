//! The trait an implementation provides, and the router that checks requests before
//! calling it.

use std::future::Future;
use std::sync::Arc;
use axum::extract::{Request, State};
use axum::response::Response;
use specforge_runtime::server::{self as runtime, Credential, Rejection};

/// The operations of Media types fixture: implement this, then serve [`router`].
///
/// Every method receives typed, already validated input and returns the operation's
/// response enum from the models crate; the router writes it with its status.
pub trait MediaTypesApi: Send + Sync + 'static {
    /// `POST /records`
    ///
    /// Import records.
    ///
    /// Already checked: the body is `application/json` or `multipart/form-data` or `text/csv` and valid against its schema.
    ///
    /// Return the response to send: one of the documented statuses (`201`).
    fn import_records(
        &self,
        credential: Credential,
        body: media_types_models::ImportRecordsBody,
    ) -> impl Future<Output = media_types_models::ImportRecordsResponse> + Send;
    /// `GET /records/export`
    ///
    /// Export every record.
    ///
    /// Nothing needed checking before the call.
    ///
    /// Return the response to send: one of the documented statuses (`200`).
    fn export_records(
        &self,
        credential: Credential,
    ) -> impl Future<Output = media_types_models::ExportRecordsResponse> + Send;
    /// `PUT /notes`
    ///
    /// Replace the note, or clear it with no body.
    ///
    /// Already checked: the body is `application/json` or `text/plain` and valid against its schema.
    ///
    /// Return the response to send: one of the documented statuses (`204`).
    fn put_note(
        &self,
        credential: Credential,
        body: Option<media_types_models::PutNoteBody>,
    ) -> impl Future<Output = media_types_models::PutNoteResponse> + Send;
}

/// A shared implementation is an implementation: serve an `Arc` and keep a clone to
/// look at its state.
impl<T: MediaTypesApi> MediaTypesApi for Arc<T> {
    fn import_records(
        &self,
        credential: Credential,
        body: media_types_models::ImportRecordsBody,
    ) -> impl Future<Output = media_types_models::ImportRecordsResponse> + Send {
        T::import_records(self, credential, body)
    }
    fn export_records(
        &self,
        credential: Credential,
    ) -> impl Future<Output = media_types_models::ExportRecordsResponse> + Send {
        T::export_records(self, credential)
    }
    fn put_note(
        &self,
        credential: Credential,
        body: Option<media_types_models::PutNoteBody>,
    ) -> impl Future<Output = media_types_models::PutNoteResponse> + Send {
        T::put_note(self, credential, body)
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
const ALLOWED: &[(&str, &str)] = &[
    ("/records", "POST"),
    ("/records/export", "GET"),
    ("/notes", "PUT"),
];

/// The object types of request bodies, by the index `runtime::Shape::Object` holds.
const OBJECTS: runtime::Objects = &[
    &[("name", runtime::Shape::Any), ("score", runtime::Shape::Any)],
    &[
        ("source", runtime::Shape::Any),
        ("records", runtime::Shape::Array(&runtime::Shape::Object(0))),
    ],
    &[("text", runtime::Shape::Any), ("author", runtime::Shape::Any)],
    &[("file", runtime::Shape::Any), ("source", runtime::Shape::Any)],
];

/// The router serving `api`: every path and method of the spec, and the API's error
/// body for unknown paths (404) and methods (405, with the `Allow` header).
pub fn router<A: MediaTypesApi>(api: A) -> axum::Router {
    axum::Router::new()
        .route("/records", axum::routing::post(handle_import_records::<A>))
        .route("/records/export", axum::routing::get(handle_export_records::<A>))
        .route("/notes", axum::routing::put(handle_put_note::<A>))
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

/// `POST /records`: checks the request, then calls [`MediaTypesApi::import_records`].
async fn handle_import_records<A: MediaTypesApi>(
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
            media_type: "application/json",
            kind: runtime::Kind::Json,
            form_fields: &[],
            patchable: &[],
        },
        runtime::Media {
            media_type: "multipart/form-data",
            kind: runtime::Kind::Multipart,
            form_fields: &[
                ("file", runtime::FormValue::File),
                ("source", runtime::FormValue::Text),
            ],
            patchable: &[],
        },
        runtime::Media {
            media_type: "text/csv",
            kind: runtime::Kind::Text,
            form_fields: &[],
            patchable: &[],
        },
    ];
    let read = match runtime::received(&parts, body, MEDIA).await {
        Ok(received) => {
            match received.media() {
                0 => {
                    received
                        .read::<
                            media_types_models::RecordBatch,
                        >((runtime::Shape::Object(1), OBJECTS))
                        .await
                        .map(media_types_models::ImportRecordsBody::Json)
                }
                1 => {
                    received
                        .read::<
                            media_types_models::ImportRecordsMultipartBody,
                        >((runtime::Shape::Object(3), OBJECTS))
                        .await
                        .map(media_types_models::ImportRecordsBody::Multipart)
                }
                _ => {
                    received
                        .read::<String>((runtime::Shape::Any, OBJECTS))
                        .await
                        .map(media_types_models::ImportRecordsBody::Csv)
                }
            }
        }
        Err(rejection) => Err(rejection),
    };
    let body = match read {
        Ok(body) => body,
        Err(rejection) => return rejection.into_response(ERROR_BODIES),
    };
    match api.import_records(credential, body).await {
        media_types_models::ImportRecordsResponse::Created(body) => {
            runtime::json(201, &body)
        }
    }
}

/// `GET /records/export`: checks the request, then calls [`MediaTypesApi::export_records`].
async fn handle_export_records<A: MediaTypesApi>(
    State(api): State<Arc<A>>,
    request: Request,
) -> Response {
    let (parts, body) = request.into_parts();
    let _ = body;
    let credential = match runtime::authenticate(&parts, &[]) {
        Ok(credential) => credential,
        Err(rejection) => return rejection.into_response(ERROR_BODIES),
    };
    match api.export_records(credential).await {
        media_types_models::ExportRecordsResponse::Ok(body) => {
            match body {
                media_types_models::ExportRecordsOkBody::Json(body) => {
                    runtime::json_as(200, "application/json", &body, vec![])
                }
                media_types_models::ExportRecordsOkBody::Csv(body) => {
                    runtime::raw(200, "text/csv", body, vec![])
                }
            }
        }
    }
}

/// `PUT /notes`: checks the request, then calls [`MediaTypesApi::put_note`].
async fn handle_put_note<A: MediaTypesApi>(
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
            media_type: "application/json",
            kind: runtime::Kind::Json,
            form_fields: &[],
            patchable: &[],
        },
        runtime::Media {
            media_type: "text/plain",
            kind: runtime::Kind::Text,
            form_fields: &[],
            patchable: &[],
        },
    ];
    let read = match runtime::optional_received(&parts, body, MEDIA).await {
        Ok(Some(received)) => {
            match received.media() {
                0 => {
                    received
                        .read::<
                            media_types_models::Note,
                        >((runtime::Shape::Object(2), OBJECTS))
                        .await
                        .map(|body| Some(media_types_models::PutNoteBody::Json(body)))
                }
                _ => {
                    received
                        .read::<String>((runtime::Shape::Any, OBJECTS))
                        .await
                        .map(|body| Some(media_types_models::PutNoteBody::Plain(body)))
                }
            }
        }
        Ok(None) => Ok(None),
        Err(rejection) => Err(rejection),
    };
    let body = match read {
        Ok(body) => body,
        Err(rejection) => return rejection.into_response(ERROR_BODIES),
    };
    match api.put_note(credential, body).await {
        media_types_models::PutNoteResponse::NoContent => runtime::empty(204, vec![]),
    }
}
