//! `format: uuid` and `format: byte` through the crates generated from
//! `tests/fixtures/uuid_bytes.yaml`: the models read and write a `uuid::Uuid` and the bytes of
//! base64 text through serde_json, and the server stub, over real HTTP on 127.0.0.1, hands the
//! implementation typed UUIDs and bytes from the path, the query, a header and the body, and
//! answers text that is neither in the fixture's error body.
//!
//! The stub's sources are committed under `tests/stubs/uuid_bytes/` (`tests/generate.rs` checks
//! they are what the fixture generates) and compiled here as modules, as in
//! `tests/server_multipart.rs`: this crate stands in for the models crate, which the server's
//! code names `uuid_bytes_models`, so its root holds what the models crate's `lib.rs` holds.

extern crate self as uuid_bytes_models;

mod support;

#[rustfmt::skip]
#[path = "stubs/uuid_bytes/models/src/types.rs"]
mod types;

#[rustfmt::skip]
#[path = "stubs/uuid_bytes/models/src/operations.rs"]
mod operations;

// The spec's examples, read and written back byte for byte, as in the models crate.
#[rustfmt::skip]
#[path = "stubs/uuid_bytes/models/tests/examples/round_trips.rs"]
mod examples;

// The server crate's re-exports are for its users; this test needs only some of them.
#[allow(dead_code, unused_imports)]
#[rustfmt::skip]
#[path = "stubs/uuid_bytes/server/src/lib.rs"]
mod server;

pub use operations::*;
pub use specforge_runtime::{Base64Bytes, Nullable};
pub use types::*;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use serde_json::json;
use server::{Credential, UuidBytesApi};
use support::Call;
use uuid::Uuid;

const ID: &str = "6f9619ff-8b86-d011-b42d-00c04fc964ff";
const OWNER: &str = "123e4567-e89b-12d3-a456-426614174000";

fn uuid(text: &str) -> Uuid {
    Uuid::parse_str(text).unwrap_or_else(|err| panic!("{text}: {err}"))
}

fn bytes(text: &[u8]) -> Base64Bytes {
    Base64Bytes::from(text)
}

#[test]
fn a_blob_reads_its_uuids_and_bytes_and_writes_them_back() {
    let json = json!({
        "id": ID,
        "content": "aGVsbG8=",
        "previous": null,
        "owner": OWNER,
        "thumbnail": "",
        "chunks": ["aGVs", "bG8="],
        "signatures": {"alice": "c2lnbmVk"},
    });
    let blob: Blob = serde_json::from_value(json.clone()).unwrap_or_else(|err| panic!("{err}"));
    let expected = Blob {
        id: uuid(ID),
        content: bytes(b"hello"),
        previous: None,
        owner: Nullable::Value(uuid(OWNER)),
        thumbnail: Some(Base64Bytes::default()),
        chunks: Some(vec![bytes(b"hel"), bytes(b"lo")]),
        signatures: Some(BTreeMap::from([("alice".to_owned(), bytes(b"signed"))])),
    };
    assert_eq!(blob, expected);
    assert_eq!(
        serde_json::to_value(&blob).unwrap_or_else(|err| panic!("{err}")),
        json
    );
}

#[test]
fn absent_null_and_unpadded_stay_what_they_are() {
    let blob: Blob = serde_json::from_str(&format!(
        r#"{{"id":"{}","content":"aGk","previous":"{OWNER}","owner":null}}"#,
        ID.to_uppercase()
    ))
    .unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(blob.id, uuid(ID));
    assert_eq!(&*blob.content, b"hi");
    assert_eq!(blob.previous, Some(uuid(OWNER)));
    assert_eq!(blob.owner, Nullable::Null);
    assert_eq!(blob.thumbnail, None);
    // Written as uuid and base64 write them: lower case, padded.
    assert_eq!(
        serde_json::to_string(&blob).unwrap_or_else(|err| panic!("{err}")),
        format!(r#"{{"id":"{ID}","content":"aGk=","previous":"{OWNER}","owner":null}}"#)
    );
}

#[test]
fn text_that_is_no_uuid_or_no_base64_does_not_read() {
    let cases = [
        (
            json!({"id": "6f9619ff", "content": "", "previous": null}),
            "UUID",
        ),
        (
            json!({"id": ID, "content": "a!==", "previous": null}),
            "base64",
        ),
        (
            json!({"id": ID, "content": "aGVsbG8", "previous": null, "chunks": ["-_8="]}),
            "base64",
        ),
        (
            json!({"id": ID, "content": "", "previous": null, "signatures": {"bob": 7}}),
            "base64",
        ),
        (json!({"id": ID, "content": "", "previous": "nil"}), "UUID"),
    ];
    for (json, expected) in cases {
        let read = serde_json::from_value::<Blob>(json.clone());
        let message = match read {
            Ok(blob) => panic!("{json} read as {blob:?}"),
            Err(err) => err.to_string(),
        };
        let named = message.contains(expected) || message.contains(&expected.to_lowercase());
        assert!(named, "{json}: {message}");
    }
}

/// What one call of the implementation received.
#[derive(Debug, Clone, PartialEq)]
struct Received {
    path: PutBlobPath,
    query: PutBlobQuery,
    headers: PutBlobHeaders,
    body: Blob,
}

/// Keeps every blob it receives, and answers with the blob as stored.
#[derive(Default)]
struct Blobs {
    received: Mutex<Vec<Received>>,
}

impl Blobs {
    fn received(&self) -> Vec<Received> {
        self.received
            .lock()
            .unwrap_or_else(|err| panic!("{err}"))
            .clone()
    }
}

impl UuidBytesApi for Blobs {
    async fn put_blob(
        &self,
        _credential: Credential,
        path: PutBlobPath,
        query: PutBlobQuery,
        headers: PutBlobHeaders,
        body: Blob,
    ) -> PutBlobResponse {
        let stored = Blob {
            id: path.blob_id,
            ..body.clone()
        };
        self.received
            .lock()
            .unwrap_or_else(|err| panic!("{err}"))
            .push(Received {
                path,
                query,
                headers,
                body,
            });
        PutBlobResponse::Ok(stored)
    }
}

async fn server() -> (std::net::SocketAddr, Arc<Blobs>) {
    support::serve(Blobs::default(), server::router).await
}

fn body() -> serde_json::Value {
    json!({"id": OWNER, "content": "aGVsbG8=", "previous": null, "chunks": ["AA"]})
}

#[tokio::test]
async fn uuids_and_bytes_reach_the_implementation_as_their_types() {
    let (address, blobs) = server().await;
    let path = format!(
        "/blobs/{ID}?related={OWNER}&related={}&checksum=aGk%3D",
        Uuid::nil()
    );
    let reply = Call::new("PUT", &path)
        .header("X-Trace-Id", &OWNER.to_uppercase())
        .json(&body())
        .send(address)
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(
        reply.json(),
        json!({"id": ID, "content": "aGVsbG8=", "previous": null, "chunks": ["AA=="]})
    );
    let received = blobs.received();
    assert_eq!(
        received,
        [Received {
            path: PutBlobPath { blob_id: uuid(ID) },
            query: PutBlobQuery {
                related: Some(vec![uuid(OWNER), Uuid::nil()]),
                checksum: Some(bytes(b"hi")),
            },
            headers: PutBlobHeaders {
                x_trace_id: Some(uuid(OWNER)),
            },
            body: Blob {
                id: uuid(OWNER),
                content: bytes(b"hello"),
                previous: None,
                owner: Nullable::Absent,
                thumbnail: None,
                chunks: Some(vec![bytes(&[0])]),
                signatures: None,
            },
        }]
    );
}

#[tokio::test]
async fn a_malformed_uuid_or_base64_parameter_is_400_naming_it() {
    let (address, blobs) = server().await;
    let cases = [
        (format!("/blobs/{ID}?related=42"), None, "related[0]"),
        (
            format!("/blobs/{ID}?related={OWNER}&related=x"),
            None,
            "related[1]",
        ),
        (format!("/blobs/{ID}?checksum=a!"), None, "checksum"),
        (format!("/blobs/{ID}"), Some("not-a-uuid"), "X-Trace-Id"),
    ];
    for (path, trace, field) in cases {
        let mut call = Call::new("PUT", &path);
        if let Some(trace) = trace {
            call = call.header("X-Trace-Id", trace);
        }
        let reply = call.json(&body()).send(address).await;
        assert_eq!(reply.status, 400, "{path}: {}", reply.body);
        let error = reply.json();
        assert_eq!(error["code"], 400, "{error}");
        assert_eq!(error["field"], field, "{error}");
        let message = error["message"].as_str().unwrap_or_default();
        assert!(message.contains(&format!("`{field}`")), "{error}");
    }
    assert!(blobs.received().is_empty());
}

#[tokio::test]
async fn a_malformed_uuid_in_the_path_names_no_resource() {
    let (address, blobs) = server().await;
    // As for every path parameter that does not parse: no resource has that path (404), in
    // the fixture's error body.
    let reply = Call::new("PUT", "/blobs/42")
        .json(&body())
        .send(address)
        .await;
    assert_eq!(reply.status, 404, "{}", reply.body);
    let error = reply.json();
    assert_eq!(error["code"], 404, "{error}");
    assert!(
        error["message"]
            .as_str()
            .is_some_and(|message| message.contains("/blobs/42")),
        "{error}"
    );
    assert!(blobs.received().is_empty());
}

#[tokio::test]
async fn a_malformed_uuid_or_base64_in_the_body_is_400_naming_the_field() {
    let (address, blobs) = server().await;
    let cases = [
        (json!({"id": "x", "content": "", "previous": null}), "id"),
        (
            json!({"id": ID, "content": "a!", "previous": null}),
            "content",
        ),
        (
            json!({"id": ID, "content": "", "previous": null, "chunks": ["", "*"]}),
            "chunks[1]",
        ),
    ];
    for (body, field) in cases {
        let reply = Call::new("PUT", &format!("/blobs/{ID}"))
            .json(&body)
            .send(address)
            .await;
        assert_eq!(reply.status, 400, "{body}: {}", reply.body);
        let error = reply.json();
        assert_eq!(error["code"], 400, "{error}");
        assert_eq!(error["field"], field, "{error}");
    }
    assert!(blobs.received().is_empty());
}
