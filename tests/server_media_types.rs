//! One operation in several media types, each with its own schema, through the server stub
//! generated from `tests/fixtures/media_types.yaml`, over real HTTP on 127.0.0.1: a JSON
//! batch, a multipart upload and CSV text each reach the implementation as their variant of
//! the body's enum, a body the operation does not require may be left out, any other
//! `Content-Type` is a 415 in the fixture's error body, and a response is written in the
//! media type of the variant the implementation returns.
//!
//! The stub's sources are committed under `tests/stubs/media_types/` (`tests/generate.rs`
//! checks they are what the fixture generates) and compiled here as modules: this crate stands
//! in for the models crate, which the server's code names `media_types_models`.

extern crate self as media_types_models;

mod support;

#[rustfmt::skip]
#[path = "stubs/media_types/models/src/types.rs"]
mod types;

#[rustfmt::skip]
#[path = "stubs/media_types/models/src/operations.rs"]
mod operations;

// The server crate's re-exports are for its users; this test needs only some of them.
#[allow(dead_code, unused_imports)]
#[rustfmt::skip]
#[path = "stubs/media_types/server/src/lib.rs"]
mod server;

pub use operations::*;
pub use specforge_runtime::FilePart;
pub use types::*;

use std::sync::{Arc, Mutex};

use serde_json::json;
use server::{Credential, MediaTypesApi};
use support::Call;

/// Keeps every body it receives, and exports as JSON or CSV as it is told.
#[derive(Default)]
struct Records {
    imports: Mutex<Vec<ImportRecordsBody>>,
    notes: Mutex<Vec<Option<PutNoteBody>>>,
    export_csv: Mutex<bool>,
}

impl MediaTypesApi for Records {
    async fn import_records(
        &self,
        _credential: Credential,
        body: ImportRecordsBody,
    ) -> ImportRecordsResponse {
        let (imported, media) = match &body {
            ImportRecordsBody::Json(batch) => (batch.records.len(), "application/json"),
            ImportRecordsBody::Multipart(upload) => {
                (csv_rows(&upload.file.bytes), "multipart/form-data")
            }
            ImportRecordsBody::Csv(text) => (csv_rows(text.as_bytes()), "text/csv"),
        };
        self.imports
            .lock()
            .unwrap_or_else(|err| panic!("{err}"))
            .push(body);
        ImportRecordsResponse::Created(ImportSummary {
            imported: imported as i64,
            media: media.to_owned(),
        })
    }

    async fn export_records(&self, _credential: Credential) -> ExportRecordsResponse {
        let csv = *self.export_csv.lock().unwrap_or_else(|err| panic!("{err}"));
        ExportRecordsResponse::Ok(if csv {
            ExportRecordsOkBody::Csv("name,score\nAda,3\n".to_owned())
        } else {
            ExportRecordsOkBody::Json(RecordBatch {
                source: None,
                records: vec![Record {
                    name: "Ada".to_owned(),
                    score: Some(3),
                }],
            })
        })
    }

    async fn put_note(
        &self,
        _credential: Credential,
        body: Option<PutNoteBody>,
    ) -> PutNoteResponse {
        self.notes
            .lock()
            .unwrap_or_else(|err| panic!("{err}"))
            .push(body);
        PutNoteResponse::NoContent
    }
}

/// The data rows of CSV text: its lines after the header.
fn csv_rows(bytes: &[u8]) -> usize {
    String::from_utf8_lossy(bytes)
        .lines()
        .skip(1)
        .filter(|line| !line.is_empty())
        .count()
}

const BOUNDARY: &str = "specforge-boundary-41c";

/// A `multipart/form-data` body with a `file` part holding `csv`, and a `source` part.
fn upload(csv: &str) -> Vec<u8> {
    format!(
        "--{BOUNDARY}\r\n\
Content-Disposition: form-data; name=\"file\"; filename=\"records.csv\"\r\n\
Content-Type: text/csv\r\n\r\n\
{csv}\r\n\
--{BOUNDARY}\r\n\
Content-Disposition: form-data; name=\"source\"\r\n\r\n\
upload\r\n\
--{BOUNDARY}--\r\n"
    )
    .into_bytes()
}

async fn server() -> (std::net::SocketAddr, Arc<Records>) {
    support::serve(Records::default(), server::router).await
}

#[tokio::test]
async fn each_content_type_reaches_the_implementation_as_its_variant() {
    let (address, records) = server().await;
    let json_batch = json!({"source": "crm", "records": [{"name": "Ada", "score": 3}]});
    let reply = Call::new("POST", "/records")
        .json(&json_batch)
        .send(address)
        .await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    assert_eq!(
        reply.json(),
        json!({"imported": 1, "media": "application/json"})
    );

    let reply = Call::new("POST", "/records")
        .body_as(
            &format!("multipart/form-data; boundary={BOUNDARY}"),
            upload("name,score\nAda,3\nGrace,5"),
        )
        .send(address)
        .await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    assert_eq!(
        reply.json(),
        json!({"imported": 2, "media": "multipart/form-data"})
    );

    let reply = Call::new("POST", "/records")
        .body_as(
            "text/csv; charset=utf-8",
            b"name,score\nAda,3\nGrace,5\nAlan,4\n".to_vec(),
        )
        .send(address)
        .await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    assert_eq!(reply.json(), json!({"imported": 3, "media": "text/csv"}));

    let imports = records.imports.lock().unwrap_or_else(|err| panic!("{err}"));
    match imports.as_slice() {
        [ImportRecordsBody::Json(batch), ImportRecordsBody::Multipart(upload), ImportRecordsBody::Csv(text)] =>
        {
            assert_eq!(batch.source.as_deref(), Some("crm"));
            assert_eq!(batch.records[0].name, "Ada");
            assert_eq!(upload.file.file_name.as_deref(), Some("records.csv"));
            assert_eq!(upload.file.content_type.as_deref(), Some("text/csv"));
            assert_eq!(upload.source.as_deref(), Some("upload"));
            assert_eq!(text, "name,score\nAda,3\nGrace,5\nAlan,4\n");
        }
        other => panic!("expected a JSON, a multipart and a CSV import, got {other:?}"),
    }
}

#[tokio::test]
async fn a_variant_is_checked_against_its_own_schema() {
    let (address, records) = server().await;
    // A JSON batch without its records, and an upload without its file.
    let reply = Call::new("POST", "/records")
        .json(&json!({"source": "crm"}))
        .send(address)
        .await;
    assert_eq!(reply.status, 400, "{}", reply.body);
    assert_eq!(reply.json()["field"], "records");
    let no_file = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"source\"\r\n\r\nupload\r\n--{BOUNDARY}--\r\n"
    );
    let reply = Call::new("POST", "/records")
        .body_as(
            &format!("multipart/form-data; boundary={BOUNDARY}"),
            no_file.into_bytes(),
        )
        .send(address)
        .await;
    assert_eq!(reply.status, 400, "{}", reply.body);
    assert_eq!(reply.json()["field"], "file");
    // CSV must be text.
    let reply = Call::new("POST", "/records")
        .body_as("text/csv", b"\xff\xfe".to_vec())
        .send(address)
        .await;
    assert_eq!(reply.status, 400, "{}", reply.body);
    assert!(records
        .imports
        .lock()
        .unwrap_or_else(|err| panic!("{err}"))
        .is_empty());
}

#[tokio::test]
async fn another_content_type_is_a_415_in_the_error_body() {
    let (address, records) = server().await;
    for content_type in ["application/xml", "text/plain"] {
        let reply = Call::new("POST", "/records")
            .body_as(content_type, b"name\nAda\n".to_vec())
            .send(address)
            .await;
        assert_eq!(reply.status, 415, "{}", reply.body);
        assert_eq!(
            reply.json(),
            json!({
                "code": 415,
                "message": format!("expected Content-Type application/json or multipart/form-data or text/csv, found {content_type}"),
            })
        );
    }
    // The note takes JSON and plain text, but not CSV.
    let reply = Call::new("PUT", "/notes")
        .body_as("text/csv", b"a,b\n".to_vec())
        .send(address)
        .await;
    assert_eq!(reply.status, 415, "{}", reply.body);
    assert_eq!(reply.json()["code"], 415);
    assert!(records
        .imports
        .lock()
        .unwrap_or_else(|err| panic!("{err}"))
        .is_empty());
}

#[tokio::test]
async fn an_optional_body_may_be_left_out_or_sent_in_either_media_type() {
    let (address, records) = server().await;
    let reply = Call::new("PUT", "/notes")
        .json(&json!({"text": "Buy milk", "author": "Ada"}))
        .send(address)
        .await;
    assert_eq!(reply.status, 204, "{}", reply.body);
    let reply = Call::new("PUT", "/notes")
        .body_as("text/plain", b"Buy bread".to_vec())
        .send(address)
        .await;
    assert_eq!(reply.status, 204, "{}", reply.body);
    let reply = Call::new("PUT", "/notes").send(address).await;
    assert_eq!(reply.status, 204, "{}", reply.body);
    let notes = records.notes.lock().unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(
        *notes,
        [
            Some(PutNoteBody::Json(Note {
                text: "Buy milk".to_owned(),
                author: Some("Ada".to_owned())
            })),
            Some(PutNoteBody::Plain("Buy bread".to_owned())),
            None
        ]
    );
}

#[tokio::test]
async fn a_response_goes_out_in_the_media_type_of_its_variant() {
    let (address, records) = server().await;
    let reply = Call::new("GET", "/records/export").send(address).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.header("content-type"), Some("application/json"));
    assert_eq!(
        reply.json(),
        json!({"records": [{"name": "Ada", "score": 3}]})
    );
    *records
        .export_csv
        .lock()
        .unwrap_or_else(|err| panic!("{err}")) = true;
    let reply = Call::new("GET", "/records/export").send(address).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.header("content-type"), Some("text/csv"));
    assert_eq!(reply.body, "name,score\nAda,3\n");
}
