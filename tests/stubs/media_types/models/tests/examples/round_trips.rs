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

/// From `tests/fixtures/media_types.yaml#/paths/~1records/post/requestBody/content/application~1json/example`.
#[test]
fn import_records_request_example() {
    round_trip::<
        RecordBatch,
    >(
        r#"{"source":"crm","records":[{"name":"Ada","score":3}]}"#,
        r#"{"source":"crm","records":[{"name":"Ada","score":3}]}"#,
    );
}
