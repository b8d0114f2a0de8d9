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

/// From `specs/authlete.yaml#/components/schemas/TokenUpdateRequest`.
#[test]
fn token_update_request_example() {
    round_trip::<
        TokenUpdateRequest,
    >(r#"{"accessToken":"<value>"}"#, r#"{"accessToken":"<value>"}"#);
}

/// From `specs/authlete.yaml#/paths/~1api~1{serviceId}~1client~1authorization~1update~1{clientId}/post/requestBody/content/application~1json/example`.
#[test]
fn client_authorization_update_api_request_example() {
    round_trip::<
        ClientAuthorizationUpdateRequest,
    >(
        r#"{"subject":"john","scopes":["history.read"]}"#,
        r#"{"subject":"john","scopes":["history.read"]}"#,
    );
}

/// From `specs/authlete.yaml#/paths/~1api~1{serviceId}~1client~1authorization~1update~1{clientId}/post/responses/200/content/application~1json/example`.
#[test]
fn client_authorization_update_api_200_example() {
    round_trip::<
        ResultModel,
    >(
        r#"{"resultCode":"A138001","resultMessage":"[A138001] Updated 1 access token(s) issued to the client (ID = 26478243745571) of the service (API Key = 21653835348762)."}"#,
        r#"{"resultCode":"A138001","resultMessage":"[A138001] Updated 1 access token(s) issued to the client (ID = 26478243745571) of the service (API Key = 21653835348762)."}"#,
    );
}

/// From `specs/authlete.yaml#/paths/~1api~1{serviceId}~1auth~1token~1update/post/requestBody/content/application~1json/example`.
#[test]
fn auth_token_update_api_request_example() {
    round_trip::<
        TokenUpdateRequest,
    >(r#"{"accessToken":"<value>"}"#, r#"{"accessToken":"<value>"}"#);
}
