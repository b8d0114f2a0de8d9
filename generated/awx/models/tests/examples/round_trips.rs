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

/// From `specs/awx.yaml#/paths/~1api~1v2~1tokens~1{id}~1/put/requestBody/content/application~1json/example`.
#[test]
fn update_token_request_example() {
    round_trip::<
        OAuth2TokenDetailRequest,
    >(
        r#"{"description":"Token for the nightly sync job","scope":"read"}"#,
        r#"{"description":"Token for the nightly sync job","scope":"read"}"#,
    );
}

/// From `specs/awx.yaml#/paths/~1api~1v2~1tokens~1{id}~1/put/responses/200/content/application~1json/example`.
#[test]
fn update_token_200_example() {
    round_trip::<
        OAuth2TokenDetail,
    >(
        r#"{"application":3,"created":"2024-05-02T09:14:07.123456Z","description":"Token for the nightly sync job","expires":"2025-05-02T09:14:07Z","id":42,"modified":"2024-05-03T11:00:00.000000Z","refresh_token":"************","related":"{\"user\": \"/api/v2/users/1/\"}","scope":"read","summary_fields":"{\"user\": {\"id\": 1, \"username\": \"admin\"}}","token":"************","type":"o_auth2_access_token","url":"/api/v2/tokens/42/","user":1}"#,
        r#"{"application":3,"created":"2024-05-02T09:14:07.123456Z","description":"Token for the nightly sync job","expires":"2025-05-02T09:14:07Z","id":42,"modified":"2024-05-03T11:00:00.000000Z","refresh_token":"************","related":"{\"user\": \"/api/v2/users/1/\"}","scope":"read","summary_fields":"{\"user\": {\"id\": 1, \"username\": \"admin\"}}","token":"************","type":"o_auth2_access_token","url":"/api/v2/tokens/42/","user":1}"#,
    );
}

/// From `specs/awx.yaml#/paths/~1api~1v2~1tokens~1{id}~1/patch/requestBody/content/application~1json/example`.
#[test]
fn partial_update_token_request_example() {
    round_trip::<OAuth2TokenDetailPatch>(r#"{"scope":"write"}"#, r#"{"scope":"write"}"#);
}
