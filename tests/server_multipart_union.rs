//! Multipart bodies that are one of several objects, through the server stub generated from
//! `tests/fixtures/multipart_union.yaml`, over real HTTP on 127.0.0.1: Cloudflare's image
//! upload reaches the implementation as a file or a URL with the fields beside either, a
//! union of two objects as the one whose required parts were sent, and a body that fits no
//! variant is a 400 in the fixture's error body.
//!
//! The stub's sources are committed under `tests/stubs/multipart_union/` (`tests/generate.rs`
//! checks they are what the fixture generates) and compiled here as modules, as
//! `tests/server_multipart.rs` does.

extern crate self as multipart_union_models;

mod support;

#[rustfmt::skip]
#[path = "stubs/multipart_union/models/src/types.rs"]
mod types;

#[rustfmt::skip]
#[path = "stubs/multipart_union/models/src/operations.rs"]
mod operations;

// The server crate's re-exports are for its users; this test needs only some of them.
#[allow(dead_code, unused_imports)]
#[rustfmt::skip]
#[path = "stubs/multipart_union/server/src/lib.rs"]
mod server;

pub use operations::*;
pub use specforge_runtime::FilePart;
pub use types::*;

use serde_json::json;
use server::{Credential, MultipartUnionApi};
use support::multipart::{content_type, file, multipart, text, Part};
use support::Call;

/// Answers with what it received.
struct Echo;

impl MultipartUnionApi for Echo {
    async fn upload_image(
        &self,
        _credential: Credential,
        body: ImageUpload,
    ) -> UploadImageResponse {
        let (via, name, size) = match &body.variant {
            ImageUploadVariant::ImageFromFile(from) => (
                "file",
                from.file.file_name.clone(),
                Some(from.file.bytes.len() as i64),
            ),
            ImageUploadVariant::ImageFromUrl(from) => ("url", Some(from.url.clone()), None),
        };
        UploadImageResponse::Created(Stored {
            via: via.to_owned(),
            name,
            size,
            signed: body.require_signed_ur_ls,
            metadata: body.metadata,
        })
    }

    async fn attach_note(
        &self,
        _credential: Credential,
        body: AttachNoteBody,
    ) -> AttachNoteResponse {
        let stored = match body {
            AttachNoteBody::Variant1(note) => Stored {
                via: "text".to_owned(),
                name: Some(format!("{}: {}", note.author, note.text)),
                size: None,
                signed: false,
                metadata: None,
            },
            AttachNoteBody::Variant2(note) => Stored {
                via: "file".to_owned(),
                name: Some(format!(
                    "{}: {}",
                    note.author,
                    note.attachment.file_name.unwrap_or_default()
                )),
                size: Some(note.attachment.bytes.len() as i64),
                signed: false,
                metadata: None,
            },
        };
        AttachNoteResponse::Created(stored)
    }
}

async fn post(path: &str, parts: &[Part<'_>]) -> support::Reply {
    let address = support::start(server::router(Echo)).await;
    Call::new("POST", path)
        .body_as(&content_type(), multipart(parts))
        .send(address)
        .await
}

#[tokio::test]
async fn an_image_file_arrives_as_the_file_variant_with_the_fields_beside_it() {
    let png = b"\x89PNG\r\n\x1a\n\x00\xff";
    let reply = post(
        "/images",
        &[
            file("file", "logo.png", "image/png", png),
            text("metadata", r#"{"owner": "ops", "tags": ["logo"]}"#),
            text("requireSignedURLs", "true"),
        ],
    )
    .await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    assert_eq!(
        reply.json(),
        json!({"via": "file", "name": "logo.png", "size": png.len(), "signed": true,
               "metadata": {"owner": "ops", "tags": ["logo"]}})
    );
}

#[tokio::test]
async fn an_image_url_arrives_as_the_url_variant_with_the_defaults_beside_it() {
    let reply = post("/images", &[text("url", "https://example.com/logo.png")]).await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    assert_eq!(
        reply.json(),
        json!({"via": "url", "name": "https://example.com/logo.png", "signed": false})
    );
}

#[tokio::test]
async fn a_union_of_objects_is_the_variant_whose_required_parts_are_there() {
    let reply = post("/notes", &[text("author", "ada"), text("text", "hello")]).await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    assert_eq!(
        reply.json(),
        json!({"via": "text", "name": "ada: hello", "signed": false})
    );
    let reply = post(
        "/notes",
        &[
            text("author", "ada"),
            file("attachment", "notes.txt", "text/plain", b"hello"),
        ],
    )
    .await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    assert_eq!(
        reply.json(),
        json!({"via": "file", "name": "ada: notes.txt", "size": 5, "signed": false})
    );
}

#[tokio::test]
async fn parts_that_fit_no_variant_are_400_in_the_error_body() {
    let cases: [(&str, Vec<Part<'_>>, Option<&str>); 4] = [
        // Neither a file nor a URL.
        ("/images", vec![text("requireSignedURLs", "true")], None),
        // The flag beside the variant is read as its type.
        (
            "/images",
            vec![
                text("url", "https://example.com/a.png"),
                text("requireSignedURLs", "maybe"),
            ],
            Some("requireSignedURLs"),
        ),
        // A free-form part is JSON.
        (
            "/images",
            vec![
                text("url", "https://example.com/a.png"),
                text("metadata", "not json"),
            ],
            Some("metadata"),
        ),
        // An author alone is neither note.
        ("/notes", vec![text("author", "ada")], None),
    ];
    for (path, parts, field) in cases {
        let reply = post(path, &parts).await;
        assert_eq!(reply.status, 400, "{path}: {}", reply.body);
        let error = reply.json();
        assert_eq!(error["code"], 400, "{error}");
        assert_eq!(error["field"].as_str(), field, "{error}");
        if field.is_none() {
            // As for a JSON union: serde tried every variant.
            let message = error["message"].as_str().unwrap_or_default();
            assert!(message.contains("did not match any variant"), "{error}");
        }
    }
}
