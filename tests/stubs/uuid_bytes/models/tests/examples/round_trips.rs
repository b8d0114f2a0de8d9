//! Every JSON example of the spec, read into its type and written back byte for byte.

use super::*;

/// Reads `json` into `T` and writes it back: the bytes must be `expected`, which is `json`
/// itself, or `json` with its keys in the order of the type's fields where the example
/// lists them in another order.
fn round_trip<T: serde::Serialize + serde::de::DeserializeOwned>(
    json: &str,
    expected: &str,
) {
    let value: T = match serde_json::from_str(json) {
        Ok(value) => value,
        Err(err) => panic!("the example does not deserialise: {err}\n{json}"),
    };
    let written = serde_json::to_string(&value)
        .unwrap_or_else(|err| panic!("cannot serialise: {err}"));
    assert_eq!(written, expected, "the example does not round-trip");
}

/// From `tests/fixtures/uuid_bytes.yaml#/components/schemas/Blob`.
#[test]
fn blob_example() {
    round_trip::<
        Blob,
    >(
        r#"{"id":"6f9619ff-8b86-d011-b42d-00c04fc964ff","content":"aGVsbG8=","previous":null,"owner":"123e4567-e89b-12d3-a456-426614174000","chunks":["aGVs","bG8="],"signatures":{"alice":"c2lnbmVk"}}"#,
        r#"{"id":"6f9619ff-8b86-d011-b42d-00c04fc964ff","content":"aGVsbG8=","previous":null,"owner":"123e4567-e89b-12d3-a456-426614174000","chunks":["aGVs","bG8="],"signatures":{"alice":"c2lnbmVk"}}"#,
    );
}

/// From `tests/fixtures/uuid_bytes.yaml#/paths/~1blobs~1{blobId}/put/requestBody/content/application~1json/examples/unpadded`.
#[test]
fn put_blob_request_unpadded() {
    round_trip::<
        Blob,
    >(
        r#"{"id":"6F9619FF-8B86-D011-B42D-00C04FC964FF","content":"aGVsbG8","previous":null}"#,
        r#"{"id":"6f9619ff-8b86-d011-b42d-00c04fc964ff","content":"aGVsbG8=","previous":null}"#,
    );
}
