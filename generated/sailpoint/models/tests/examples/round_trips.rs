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

/// From `specs/sailpoint.yaml#/paths/~1personal-access-tokens~1{id}/patch/requestBody/content/application~1json-patch+json/example`.
#[test]
fn patch_personal_access_token_request_example() {
    round_trip::<
        Vec<JsonPatchOperation>,
    >(
        r#"[{"op":"replace","path":"/name","value":"nightly-sync"},{"op":"replace","path":"/scope","value":["sp:scopes:default"]}]"#,
        r#"[{"op":"replace","path":"/name","value":"nightly-sync"},{"op":"replace","path":"/scope","value":["sp:scopes:default"]}]"#,
    );
}

/// From `specs/sailpoint.yaml#/paths/~1personal-access-tokens~1{id}/patch/responses/200/content/application~1json/example`.
#[test]
fn patch_personal_access_token_200_example() {
    round_trip::<
        PatchPersonalAccessTokenOkBody,
    >(
        r#"{"id":"ef38f94347e94562b5bb8424a56397d8","name":"nightly-sync","scope":["sp:scopes:default"],"owner":{"type":"IDENTITY","id":"2c9180a46faadee4016fb4e018c20639","name":"Support"},"created":"2017-07-11T18:45:37.098Z","lastUsed":null,"managed":false}"#,
        r#"{"id":"ef38f94347e94562b5bb8424a56397d8","name":"nightly-sync","scope":["sp:scopes:default"],"owner":{"type":"IDENTITY","id":"2c9180a46faadee4016fb4e018c20639","name":"Support"},"created":"2017-07-11T18:45:37.098Z","lastUsed":null,"managed":false}"#,
    );
}
