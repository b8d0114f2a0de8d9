//! The generated Authlete server, implemented by the in-memory example store, over real HTTP
//! on 127.0.0.1.

mod support;

#[allow(dead_code)]
#[path = "../examples/servers/authlete.rs"]
mod authlete;

use std::sync::Arc;

use authlete::{
    ACCESS_TOKEN, ALICE_TOKEN, CLIENT_ID, EXPIRES_AT, OTHER_SERVICE_ID, OTHER_SERVICE_TOKEN,
    REFRESH_EXPIRES_AT, SECOND_TOKEN, SERVICE_ID,
};
use proptest::prelude::*;
use serde_json::{json, Value};
use support::bodies::{json_text, random_bytes, wrong_json};
use support::{Call, TOKEN};

const FORM: &str = "application/x-www-form-urlencoded";

fn token_update() -> String {
    format!("/api/{SERVICE_ID}/auth/token/update")
}

fn authorization_update() -> String {
    format!("/api/{SERVICE_ID}/client/authorization/update/{CLIENT_ID}")
}

async fn server() -> (std::net::SocketAddr, Arc<authlete::Store>) {
    support::serve(authlete::Store::new(TOKEN), authlete_server::router).await
}

fn stored(store: &authlete::Store, value: &str) -> authlete::AccessToken {
    store
        .token(SERVICE_ID, value)
        .unwrap_or_else(|| panic!("no token {value} in service {SERVICE_ID}"))
}

/// Authlete's result body.
fn result(code: &str, message: &str) -> Value {
    json!({"resultCode": code, "resultMessage": format!("[{code}] {message}")})
}

#[tokio::test]
async fn token_update_in_json_sets_what_it_carries_and_ignores_unsupported_scopes() {
    let (address, store) = server().await;
    let before = store.snapshot();
    let reply = Call::new("POST", &token_update())
        .bearer(TOKEN)
        .json(&json!({
            "accessToken": ACCESS_TOKEN,
            "accessTokenExpiresAt": 1_800_000_000_000_i64,
            "scopes": ["history.write", "bogus", "history.write", "profile"],
            "properties": [{"key": "region", "value": "eu", "hidden": true}]
        }))
        .send(address)
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.header("content-type"), Some("application/json"));
    assert_eq!(
        reply.json(),
        json!({
            "resultCode": "A135001",
            "resultMessage": "[A135001] Updated the access token successfully.",
            "action": "OK",
            "accessToken": ACCESS_TOKEN,
            "accessTokenExpiresAt": 1_800_000_000_000_i64,
            "properties": [{"key": "region", "value": "eu", "hidden": true}],
            "scopes": ["history.write", "profile"],
            "tokenType": "Bearer",
            "forExternalAttachment": false,
            "refreshTokenExpiresAt": REFRESH_EXPIRES_AT
        })
    );
    let token = stored(&store, ACCESS_TOKEN);
    assert_eq!(token.scopes, ["history.write", "profile"]);
    assert_eq!(token.expires_at, 1_800_000_000_000);
    assert_eq!(token.properties.len(), 1);
    // No other token changed.
    let mut after = store.snapshot();
    let mut expected = before;
    if let (Some(after), Some(expected)) = (after.get_mut(SERVICE_ID), expected.get_mut(SERVICE_ID))
    {
        after.tokens.retain(|token| token.value != ACCESS_TOKEN);
        expected.tokens.retain(|token| token.value != ACCESS_TOKEN);
    }
    assert_eq!(after, expected);
}

#[tokio::test]
async fn token_update_leaves_absent_fields_and_non_positive_expiry_unchanged() {
    let (address, store) = server().await;
    let before = stored(&store, ACCESS_TOKEN);
    for body in [
        json!({"accessToken": ACCESS_TOKEN}),
        json!({"accessToken": ACCESS_TOKEN, "accessTokenExpiresAt": 0}),
        json!({"accessToken": ACCESS_TOKEN, "accessTokenExpiresAt": -5, "refreshTokenExpiresAt": 0}),
        json!({"accessToken": ACCESS_TOKEN, "accessTokenPersistent": false}),
    ] {
        let reply = Call::new("POST", &token_update())
            .bearer(TOKEN)
            .json(&body)
            .send(address)
            .await;
        assert_eq!(reply.status, 200, "{body}: {}", reply.body);
        let answer = reply.json();
        assert_eq!(answer["action"], "OK");
        assert_eq!(answer["scopes"], json!(["history.read"]), "{body}");
        assert_eq!(answer["accessTokenExpiresAt"], json!(EXPIRES_AT), "{body}");
        assert_eq!(answer["refreshTokenExpiresAt"], json!(REFRESH_EXPIRES_AT));
        assert_eq!(stored(&store, ACCESS_TOKEN), before, "{body}");
    }
}

#[tokio::test]
async fn a_persistent_token_ignores_the_expiry_and_never_expires() {
    let (address, store) = server().await;
    let reply = Call::new("POST", &token_update())
        .bearer(TOKEN)
        .json(&json!({
            "accessToken": ACCESS_TOKEN,
            "accessTokenPersistent": true,
            "accessTokenExpiresAt": 1_900_000_000_000_i64
        }))
        .send(address)
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.json()["accessTokenExpiresAt"], json!(0));
    assert_eq!(stored(&store, ACCESS_TOKEN).expires_at, 0);

    // Not persistent: the expiry is processed normally, and the token expires again.
    let reply = Call::new("POST", &token_update())
        .bearer(TOKEN)
        .json(&json!({
            "accessToken": ACCESS_TOKEN,
            "accessTokenPersistent": false,
            "accessTokenExpiresAt": 1_900_000_000_000_i64
        }))
        .send(address)
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(
        reply.json()["accessTokenExpiresAt"],
        json!(1_900_000_000_000_i64)
    );
    assert_eq!(stored(&store, ACCESS_TOKEN).expires_at, 1_900_000_000_000);
}

#[tokio::test]
async fn token_update_in_a_form_reads_repeated_scopes_and_typed_fields() {
    let (address, store) = server().await;
    let body = format!(
        "accessToken={ACCESS_TOKEN}&scopes=history.read&scopes=history.write\
         &accessTokenExpiresAt=1800000000000&dpopKeyThumbprint=NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"
    );
    let reply = Call::new("POST", &token_update())
        .bearer(TOKEN)
        .body_as(FORM, body.into_bytes())
        .send(address)
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let answer = reply.json();
    assert_eq!(answer["action"], "OK");
    assert_eq!(answer["scopes"], json!(["history.read", "history.write"]));
    assert_eq!(answer["accessTokenExpiresAt"], json!(1_800_000_000_000_i64));
    assert_eq!(
        answer["tokenType"], "DPoP",
        "a DPoP key makes it a DPoP token"
    );
    let token = stored(&store, ACCESS_TOKEN);
    assert_eq!(token.scopes, ["history.read", "history.write"]);
    assert_eq!(token.token_type, "DPoP");
}

#[tokio::test]
async fn a_new_value_replaces_the_old_one() {
    let (address, store) = server().await;
    let reply = Call::new("POST", &token_update())
        .bearer(TOKEN)
        .json(&json!({"accessToken": ACCESS_TOKEN, "accessTokenValueUpdated": true}))
        .send(address)
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let value = reply.json()["accessToken"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert_eq!(value.len(), 43, "{value}");
    assert_ne!(value, ACCESS_TOKEN);
    assert!(store.token(SERVICE_ID, ACCESS_TOKEN).is_none());
    assert_eq!(stored(&store, &value).scopes, ["history.read"]);
    let reply = Call::new("POST", &token_update())
        .bearer(TOKEN)
        .json(&json!({"accessToken": ACCESS_TOKEN}))
        .send(address)
        .await;
    assert_eq!(reply.json()["action"], "NOT_FOUND");
}

#[tokio::test]
async fn an_unknown_token_is_200_not_found_and_another_services_is_forbidden() {
    let (address, store) = server().await;
    let before = store.snapshot();
    let reply = Call::new("POST", &token_update())
        .bearer(TOKEN)
        .json(&json!({"accessToken": "no-such-token", "scopes": ["profile"]}))
        .send(address)
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(
        reply.json(),
        json!({
            "resultCode": "A135301",
            "resultMessage": "[A135301] The access token does not exist.",
            "action": "NOT_FOUND"
        })
    );
    let reply = Call::new("POST", &token_update())
        .bearer(TOKEN)
        .body_as(
            FORM,
            format!("accessToken={OTHER_SERVICE_TOKEN}&scopes=profile").into_bytes(),
        )
        .send(address)
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.json()["action"], "FORBIDDEN");
    assert_eq!(store.snapshot(), before);
}

#[tokio::test]
async fn client_authorization_update_in_json_sets_the_scopes_of_the_subjects_tokens() {
    let (address, store) = server().await;
    let before = store.snapshot();
    let reply = Call::new("POST", &authorization_update())
        .bearer(TOKEN)
        .json(&json!({"subject": "john", "scopes": ["history.read", "history.write"]}))
        .send(address)
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(
        reply.json(),
        result(
            "A138001",
            "Updated 2 access token(s) issued to the client (ID = 26478243745571) of the service (API Key = 21653835348762)."
        )
    );
    for value in [ACCESS_TOKEN, SECOND_TOKEN] {
        assert_eq!(
            stored(&store, value).scopes,
            ["history.read", "history.write"]
        );
    }
    // alice's token, and john's token in the other service, are not touched.
    assert_eq!(stored(&store, ALICE_TOKEN).scopes, ["history.read"]);
    let after = store.snapshot();
    assert_eq!(after[OTHER_SERVICE_ID], before[OTHER_SERVICE_ID]);
}

#[tokio::test]
async fn client_authorization_update_in_a_form_splits_scopes_on_spaces() {
    let (address, store) = server().await;
    let reply = Call::new("POST", &authorization_update())
        .bearer(TOKEN)
        .body_as(
            FORM,
            b"subject=john&scopes=history.read+history.write".to_vec(),
        )
        .send(address)
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(
        reply.json()["resultMessage"],
        "[A138001] Updated 2 access token(s) issued to the client (ID = 26478243745571) of the service (API Key = 21653835348762)."
    );
    assert_eq!(
        stored(&store, ACCESS_TOKEN).scopes,
        ["history.read", "history.write"]
    );

    // Without scopes, nothing is set.
    let before = store.snapshot();
    let reply = Call::new("POST", &authorization_update())
        .bearer(TOKEN)
        .body_as(FORM, b"subject=alice".to_vec())
        .send(address)
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert!(reply.json()["resultMessage"]
        .as_str()
        .is_some_and(|m| m.starts_with("[A138001] Updated 0 access token(s)")));
    assert_eq!(store.snapshot(), before);
}

#[tokio::test]
async fn invalid_bodies_are_400_in_authletes_result_body() {
    let (address, store) = server().await;
    let before = store.snapshot();
    let cases: [(String, &str, &[u8], &str); 6] = [
        (
            token_update(),
            "application/json",
            b"{}",
            "invalid field `accessToken`: missing field `accessToken`",
        ),
        (
            token_update(),
            "application/json",
            b"{\"accessToken\": \"x\", \"accessTokenExpiresAt\": \"soon\"}",
            "invalid field `accessTokenExpiresAt`: invalid type: string \"soon\", expected i64",
        ),
        (
            token_update(),
            FORM,
            b"accessToken=x&accessTokenExpiresAt=soon",
            "invalid field `accessTokenExpiresAt`: expected an integer, found \"soon\"",
        ),
        (
            token_update(),
            FORM,
            b"accessToken=x&accessTokenPersistent=maybe",
            "invalid field `accessTokenPersistent`: expected true or false, found \"maybe\"",
        ),
        (
            authorization_update(),
            "application/json",
            b"{\"scopes\": [\"profile\"]}",
            "invalid field `subject`: missing field `subject`",
        ),
        (
            authorization_update(),
            "application/json",
            b"{\"subject\": \"john\", \"scopes\": \"profile\"}",
            "invalid field `scopes`: expected an array, found a string",
        ),
    ];
    for (path, media_type, body, message) in cases {
        let reply = Call::new("POST", &path)
            .bearer(TOKEN)
            .body_as(media_type, body.to_vec())
            .send(address)
            .await;
        assert_eq!(reply.status, 400, "{}", reply.body);
        assert_eq!(reply.json(), result("ValidationError", message));
    }
    let reply = Call::new("POST", &token_update())
        .bearer(TOKEN)
        .body_as("application/json", b"{\"accessToken\":".to_vec())
        .send(address)
        .await;
    assert_eq!(reply.status, 400);
    assert!(reply.json()["resultMessage"]
        .as_str()
        .is_some_and(|m| m.starts_with("[ValidationError] the body is not valid JSON")));
    assert_eq!(store.snapshot(), before);
}

#[tokio::test]
async fn an_unknown_service_is_403_and_an_unknown_client_400() {
    let (address, store) = server().await;
    let before = store.snapshot();
    let reply = Call::new("POST", "/api/999/auth/token/update")
        .bearer(TOKEN)
        .json(&json!({"accessToken": ACCESS_TOKEN, "scopes": []}))
        .send(address)
        .await;
    assert_eq!(reply.status, 403, "{}", reply.body);
    assert_eq!(
        reply.json(),
        result("UnknownService", "no service has the API key 999")
    );
    let reply = Call::new(
        "POST",
        &format!("/api/999/client/authorization/update/{CLIENT_ID}"),
    )
    .bearer(TOKEN)
    .json(&json!({"subject": "john", "scopes": []}))
    .send(address)
    .await;
    assert_eq!(reply.status, 403);
    assert_eq!(reply.json()["resultCode"], "UnknownService");
    let reply = Call::new(
        "POST",
        &format!("/api/{SERVICE_ID}/client/authorization/update/1"),
    )
    .bearer(TOKEN)
    .json(&json!({"subject": "john", "scopes": []}))
    .send(address)
    .await;
    assert_eq!(reply.status, 400);
    assert_eq!(
        reply.json(),
        result(
            "UnknownClient",
            "no client has the ID 1 in the service (API Key = 21653835348762)"
        )
    );
    assert_eq!(store.snapshot(), before);
}

#[tokio::test]
async fn missing_malformed_or_wrong_credentials_are_401_in_the_result_body() {
    let (address, store) = server().await;
    let before = store.snapshot();
    for path in [token_update(), authorization_update()] {
        for (call, message) in [
            (
                Call::new("POST", &path),
                "the Authorization header is missing",
            ),
            (
                Call::new("POST", &path).header("Authorization", "Basic c2VjcmV0"),
                "expected `Authorization: Bearer <credentials>`",
            ),
            (
                Call::new("POST", &path).header("Authorization", "Bearer"),
                "the Authorization header is malformed",
            ),
            (
                Call::new("POST", &path).header("Authorization", "Bearer two words"),
                "expected `Authorization: Bearer <credentials>`",
            ),
            (
                Call::new("POST", &path).bearer("wrong"),
                "the service access token is not valid",
            ),
        ] {
            let reply = call
                .json(&json!({"accessToken": ACCESS_TOKEN, "subject": "john", "scopes": []}))
                .send(address)
                .await;
            assert_eq!(reply.status, 401, "{}", reply.body);
            assert_eq!(reply.json(), result("Unauthorized", message));
        }
    }
    assert_eq!(store.snapshot(), before);
}

#[tokio::test]
async fn wrong_media_type_is_415_and_oversized_body_is_413() {
    let (address, store) = server().await;
    let before = store.snapshot();
    for path in [token_update(), authorization_update()] {
        let reply = Call::new("POST", &path)
            .bearer(TOKEN)
            .body_as("text/plain", b"subject=john".to_vec())
            .send(address)
            .await;
        assert_eq!(reply.status, 415, "{}", reply.body);
        assert_eq!(
            reply.json(),
            result(
                "UnsupportedMediaType",
                "expected Content-Type application/json or application/x-www-form-urlencoded, found text/plain"
            )
        );
        let huge = format!(
            "{{\"subject\":\"{}\"}}",
            "x".repeat(authlete_server::BODY_LIMIT)
        );
        let reply = Call::new("POST", &path)
            .bearer(TOKEN)
            .body_as("application/json", huge.into_bytes())
            .send(address)
            .await;
        assert_eq!(reply.status, 413, "{}", reply.body);
        assert_eq!(reply.json()["resultCode"], "PayloadTooLarge");
    }
    assert_eq!(store.snapshot(), before);
}

#[tokio::test]
async fn unknown_path_is_404_and_wrong_method_is_405_with_allow() {
    let (address, _) = server().await;
    let reply = Call::new("POST", &format!("/api/{SERVICE_ID}/auth/token/delete"))
        .bearer(TOKEN)
        .send(address)
        .await;
    assert_eq!(reply.status, 404);
    assert_eq!(
        reply.json(),
        result(
            "NotFound",
            "no operation at /api/21653835348762/auth/token/delete"
        )
    );
    for path in [token_update(), authorization_update()] {
        let reply = Call::new("GET", &path).bearer(TOKEN).send(address).await;
        assert_eq!(reply.status, 405);
        assert_eq!(reply.header("allow"), Some("POST"));
        assert_eq!(reply.json()["resultCode"], "MethodNotAllowed");
    }
}

/// Authlete documents `scopes: null` and `properties: null` as "not changed", like absence.
#[tokio::test]
async fn null_scopes_and_properties_leave_them_unchanged() {
    let (address, store) = server().await;
    let before = stored(&store, ACCESS_TOKEN);
    let reply = Call::new("POST", &token_update())
        .bearer(TOKEN)
        .json(&json!({"accessToken": ACCESS_TOKEN, "scopes": null, "properties": null}))
        .send(address)
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.json()["scopes"], json!(["history.read"]));
    assert_eq!(stored(&store, ACCESS_TOKEN), before);
}

/// Page 003: "If a non-null value is given, the new scopes are set": null sets nothing.
#[tokio::test]
async fn null_client_scopes_set_nothing() {
    let (address, store) = server().await;
    let before = store.snapshot();
    let reply = Call::new("POST", &authorization_update())
        .bearer(TOKEN)
        .json(&json!({"subject": "john", "scopes": null}))
        .send(address)
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(store.snapshot(), before);
}

/// Bodies that are not what the spec asks for: random bytes, and values of the wrong shapes.
fn malformed_body() -> impl Strategy<Value = Vec<u8>> {
    let json_value = wrong_json![
        any::<i64>().prop_map(|n| json!({"accessToken": n})),
        any::<bool>().prop_map(|b| json!({"accessToken": ACCESS_TOKEN, "scopes": b})),
        ".*".prop_map(|s| json!({"accessToken": ACCESS_TOKEN, "accessTokenExpiresAt": s})),
        ".*".prop_map(
            |s| json!({"accessToken": ACCESS_TOKEN, "properties": [{"key": 1, "value": s}]})
        ),
        any::<i64>().prop_map(|n| json!({"subject": n, "scopes": ["profile"]})),
        ".*".prop_map(|s| json!({"subject": "john", "scopes": [s, 1]})),
    ];
    let form = prop_oneof![
        "[a-zA-Z=&%+.]{0,40}",
        ".*".prop_map(|s| format!("accessToken={ACCESS_TOKEN}&accessTokenExpiresAt={s}x")),
        ".*".prop_map(|s| format!("accessToken={ACCESS_TOKEN}&accessTokenPersistent=x{s}")),
        ".*".prop_map(|s| format!("subject=john&scopes=profile&subject={s}&scopes")),
    ];
    prop_oneof![
        random_bytes(),
        json_text(json_value),
        form.prop_map(String::into_bytes),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn malformed_bodies_are_4xx_in_authletes_result_body_and_change_nothing(
        client in any::<bool>(),
        form in any::<bool>(),
        body in malformed_body(),
    ) {
        support::block_on(async {
            let (address, store) = server().await;
            let before = store.snapshot();
            let path = if client { authorization_update() } else { token_update() };
            let reply = Call::new("POST", &path)
                .bearer(TOKEN)
                .body_as(if form { FORM } else { "application/json" }, body)
                .send(address)
                .await;
            prop_assert!(reply.status < 500, "5xx: {}", reply.body);
            let answer = reply.json();
            let code = answer["resultCode"].as_str().unwrap_or_default().to_owned();
            prop_assert!(!code.is_empty(), "{}", reply.body);
            prop_assert!(
                answer["resultMessage"]
                    .as_str()
                    .is_some_and(|m| m.starts_with(&format!("[{code}] "))),
                "{}", reply.body
            );
            if reply.status >= 400 {
                prop_assert_eq!(reply.status, 400, "{}", reply.body);
                prop_assert_eq!(code, "ValidationError");
                prop_assert_eq!(store.snapshot(), before);
            }
            Ok(())
        })?;
    }
}

/// `properties` are accepted only in JSON (page 002): a form cannot carry an object, so the
/// router leaves the field out and the token's properties stay as they were.
#[tokio::test]
async fn a_form_cannot_set_properties() {
    let (address, store) = server().await;
    let before = store.snapshot();
    let reply = Call::new("POST", &token_update())
        .bearer(TOKEN)
        .body_as(
            FORM,
            format!("accessToken={ACCESS_TOKEN}&properties=region").into_bytes(),
        )
        .send(address)
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.json()["action"], "OK");
    assert_eq!(store.snapshot(), before, "nothing was asked to change");
}
