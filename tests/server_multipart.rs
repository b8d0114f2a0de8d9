//! A multipart upload through the server stub generated from `tests/fixtures/multipart.yaml`,
//! over real HTTP on 127.0.0.1: the implementation receives the file with its name and media
//! type and the text and integer parts as their types; a malformed body is a 400 and an
//! oversized one a 413, both in the fixture's error body.
//!
//! The stub's sources are committed under `tests/stubs/multipart/` (`tests/generate.rs` checks
//! they are what the fixture generates) and compiled here as modules: this crate stands in for
//! the models crate, which the server's code names `multipart_models` and whose own code names
//! `crate::types`, so its root holds what the models crate's `lib.rs` holds.

extern crate self as multipart_models;

mod support;

#[rustfmt::skip]
#[path = "stubs/multipart/models/src/types.rs"]
mod types;

#[rustfmt::skip]
#[path = "stubs/multipart/models/src/operations.rs"]
mod operations;

// The server crate's re-exports are for its users; this test needs only some of them.
#[allow(dead_code, unused_imports)]
#[rustfmt::skip]
#[path = "stubs/multipart/server/src/lib.rs"]
mod server;

pub use operations::*;
pub use specforge_runtime::FilePart;
pub use types::*;

use std::sync::{Arc, Mutex};

use serde_json::json;
use server::{Credential, MultipartApi, BODY_LIMIT};
use support::multipart::{content_type, file, multipart, text};
use support::Call;

/// Keeps every upload it receives.
#[derive(Default)]
struct Uploads {
    received: Mutex<Vec<DocumentUpload>>,
}

impl MultipartApi for Uploads {
    async fn upload_document(
        &self,
        _credential: Credential,
        body: DocumentUpload,
    ) -> UploadDocumentResponse {
        let document = Document {
            title: body.title.clone(),
            file_name: body.document.file_name.clone(),
            size: body.document.bytes.len() as i64,
            attachments: body.attachments.as_ref().map_or(0, Vec::len) as i64,
        };
        self.received
            .lock()
            .unwrap_or_else(|err| panic!("{err}"))
            .push(body);
        UploadDocumentResponse::Created(document)
    }
}

async fn server() -> (std::net::SocketAddr, Arc<Uploads>) {
    support::serve(Uploads::default(), server::router).await
}

#[tokio::test]
async fn an_upload_reaches_the_implementation_with_its_file_name_and_media_type() {
    let (address, uploads) = server().await;
    let pdf = b"%PDF-1.7\x00\xff\xfe binary";
    let body = multipart(&[
        file("document", "report.pdf", "application/pdf", pdf),
        text("title", "Quarterly report"),
        text("copies", "3"),
        file("attachments", "a.png", "image/png", b"\x89PNG"),
        file("attachments", "b.txt", "text/plain", b"notes"),
    ]);
    let reply = Call::new("POST", "/documents")
        .body_as(&content_type(), body)
        .send(address)
        .await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    assert_eq!(
        reply.json(),
        json!({"title": "Quarterly report", "file_name": "report.pdf", "size": pdf.len(), "attachments": 2})
    );
    let received = uploads
        .received
        .lock()
        .unwrap_or_else(|err| panic!("{err}"));
    let upload = &received[0];
    assert_eq!(upload.document.bytes, pdf);
    assert_eq!(upload.document.file_name.as_deref(), Some("report.pdf"));
    assert_eq!(
        upload.document.content_type.as_deref(),
        Some("application/pdf")
    );
    assert_eq!(upload.title, "Quarterly report");
    assert_eq!(upload.copies, 3);
    let attachments: Vec<(Option<&str>, &[u8])> = upload
        .attachments
        .iter()
        .flatten()
        .map(|file| (file.file_name.as_deref(), file.bytes.as_slice()))
        .collect();
    assert_eq!(
        attachments,
        [
            (Some("a.png"), b"\x89PNG".as_slice()),
            (Some("b.txt"), b"notes".as_slice())
        ]
    );
}

#[tokio::test]
async fn the_optional_files_may_be_left_out() {
    let (address, uploads) = server().await;
    let body = multipart(&[
        text("title", "Memo"),
        text("copies", "1"),
        file("document", "memo.pdf", "application/pdf", b"%PDF"),
    ]);
    let reply = Call::new("POST", "/documents")
        .body_as(&content_type(), body)
        .send(address)
        .await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    let received = uploads
        .received
        .lock()
        .unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(received[0].attachments, None);
}

#[tokio::test]
async fn parts_that_do_not_fit_the_schema_are_400_naming_the_part() {
    let (address, uploads) = server().await;
    let cases = [
        (
            multipart(&[text("title", "No file"), text("copies", "1")]),
            json!({"code": 400, "message": "invalid part `document`: missing field `document`", "field": "document"}),
        ),
        (
            multipart(&[
                file("document", "a.pdf", "application/pdf", b"%PDF"),
                text("title", "Report"),
                text("copies", "three"),
            ]),
            json!({"code": 400, "message": "invalid field `copies`: expected an integer, found \"three\"", "field": "copies"}),
        ),
        (
            multipart(&[
                file("document", "a.pdf", "application/pdf", b"%PDF"),
                text("title", "Report"),
                text("copies", "0"),
            ]),
            json!({"code": 400, "message": "invalid field `copies`: expected at least 1, found 0", "field": "copies"}),
        ),
    ];
    for (body, expected) in cases {
        let reply = Call::new("POST", "/documents")
            .body_as(&content_type(), body)
            .send(address)
            .await;
        assert_eq!(reply.status, 400, "{}", reply.body);
        assert_eq!(reply.json(), expected);
    }
    assert!(uploads
        .received
        .lock()
        .unwrap_or_else(|err| panic!("{err}"))
        .is_empty());
}

#[tokio::test]
async fn a_malformed_body_is_400_in_the_error_body() {
    let (address, uploads) = server().await;
    let complete = multipart(&[text("title", "Report")]);
    let cut = complete[..complete.len() - 20].to_vec();
    let cases = [
        // No boundary to split the body with.
        ("multipart/form-data".to_owned(), complete.clone()),
        // The closing boundary is missing.
        (content_type(), cut),
        // Not multipart at all.
        (content_type(), b"title=Report".to_vec()),
    ];
    for (media, body) in cases {
        let reply = Call::new("POST", "/documents")
            .body_as(&media, body)
            .send(address)
            .await;
        assert_eq!(reply.status, 400, "{media}: {}", reply.body);
        let error = reply.json();
        assert_eq!(error["code"], 400, "{error}");
        assert!(
            error["message"]
                .as_str()
                .is_some_and(|message| message.contains("multipart")),
            "{error}"
        );
        assert!(error.get("field").is_none(), "{error}");
    }
    assert!(uploads
        .received
        .lock()
        .unwrap_or_else(|err| panic!("{err}"))
        .is_empty());
}

#[tokio::test]
async fn an_oversized_upload_is_413_in_the_error_body() {
    let (address, uploads) = server().await;
    let huge = vec![b'x'; BODY_LIMIT + 1];
    let body = multipart(&[
        file("document", "huge.bin", "application/octet-stream", &huge),
        text("title", "Huge"),
        text("copies", "1"),
    ]);
    let reply = Call::new("POST", "/documents")
        .body_as(&content_type(), body)
        .send(address)
        .await;
    assert_eq!(reply.status, 413, "{}", reply.body);
    assert_eq!(
        reply.json(),
        json!({"code": 413, "message": format!("the request body is larger than {BODY_LIMIT} bytes")})
    );
    assert!(uploads
        .received
        .lock()
        .unwrap_or_else(|err| panic!("{err}"))
        .is_empty());
}
