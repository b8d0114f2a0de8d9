//! The generated AWX server, implemented by the in-memory example store, over real HTTP on
//! 127.0.0.1.

mod support;

#[allow(dead_code)]
#[path = "../examples/servers/awx.rs"]
mod awx;

use std::sync::Arc;

use proptest::prelude::*;
use serde_json::{json, Value};
use support::bodies::{json_text, random_bytes, wrong_json};
use support::{Call, Reply, TOKEN};

const PATH: &str = "/api/v2/tokens/42/";

async fn server() -> (std::net::SocketAddr, Arc<awx::Store>) {
    support::serve(awx::Store::new(TOKEN), awx_server::router).await
}

/// The spec's 200 example: the seeded token as a client reads it.
fn seeded() -> Value {
    json!({
        "application": 3,
        "created": "2024-05-02T09:14:07.123456Z",
        "description": "Token for the nightly sync job",
        "expires": "2025-05-02T09:14:07Z",
        "id": 42,
        "modified": "2024-05-03T11:00:00.000000Z",
        "refresh_token": "************",
        "related": "{\"user\": \"/api/v2/users/1/\"}",
        "scope": "read",
        "summary_fields": "{\"user\": {\"id\": 1, \"username\": \"admin\"}}",
        "token": "************",
        "type": "o_auth2_access_token",
        "url": "/api/v2/tokens/42/",
        "user": 1
    })
}

/// Asserts that `token` is the seeded token with the given writable fields and a new
/// `modified` (a timestamp in AWX's form, later than the seeded one).
fn assert_updated(token: &Value, description: &str, scope: &str) {
    let mut expected = seeded();
    expected["description"] = json!(description);
    expected["scope"] = json!(scope);
    let modified = token["modified"].as_str().unwrap_or_default().to_owned();
    assert!(
        modified.len() == "2024-05-03T11:00:00.000000Z".len()
            && modified.ends_with('Z')
            && modified.as_str() > "2024-05-03T11:00:00.000000Z",
        "modified must become now: {modified}"
    );
    expected["modified"] = json!(modified);
    assert_eq!(*token, expected);
}

/// AWX's 400 body for a field: the field mapped to its messages, and `detail`.
fn field_error(field: &str, message: &str) -> Value {
    json!({ field: [message], "detail": message })
}

#[tokio::test]
async fn put_replaces_both_writable_fields_and_applies_the_defaults() {
    let (address, store) = server().await;
    let reply = Call::new("PUT", PATH)
        .bearer(TOKEN)
        .json(&json!({"description": "Token for the weekly sync job", "scope": "read write"}))
        .send(address)
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.header("content-type"), Some("application/json"));
    assert_updated(&reply.json(), "Token for the weekly sync job", "read write");

    // A PUT without a field sets it to its default: description "" and scope "write".
    let reply = Call::new("PUT", PATH)
        .bearer(TOKEN)
        .json(&json!({}))
        .send(address)
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_updated(&reply.json(), "", "write");
    let stored = &store.snapshot()[&awx::SEEDED_ID];
    assert_eq!(stored.description, "");
    assert_eq!(stored.scope, "write");
}

#[tokio::test]
async fn read_only_fields_in_the_body_are_ignored() {
    let (address, store) = server().await;
    let reply = Call::new("PUT", PATH)
        .bearer(TOKEN)
        .json(&json!({
            "description": "d",
            "scope": "read",
            "id": 7,
            "user": 9,
            "application": 9,
            "token": "stolen",
            "expires": "2099-01-01T00:00:00Z",
            "created": "2000-01-01T00:00:00Z",
            "url": "/elsewhere/"
        }))
        .send(address)
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_updated(&reply.json(), "d", "read");
    // The store holds exactly what was answered, under the same id, and nothing else.
    let stored = store.snapshot();
    assert_eq!(stored.keys().collect::<Vec<_>>(), [&awx::SEEDED_ID]);
    assert_eq!(
        serde_json::to_value(&stored[&awx::SEEDED_ID]).ok(),
        Some(reply.json())
    );
}

#[tokio::test]
async fn patch_changes_only_the_fields_it_carries() {
    let (address, store) = server().await;
    let reply = Call::new("PATCH", PATH)
        .bearer(TOKEN)
        .json(&json!({"description": "renamed"}))
        .send(address)
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_updated(&reply.json(), "renamed", "read");

    let reply = Call::new("PATCH", PATH)
        .bearer(TOKEN)
        .json(&json!({"scope": "write read"}))
        .send(address)
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_updated(&reply.json(), "renamed", "write read");

    // An empty patch, and a PATCH without a body, change nothing but `modified`.
    for call in [
        Call::new("PATCH", PATH).json(&json!({})),
        Call::new("PATCH", PATH),
    ] {
        let reply = call.bearer(TOKEN).send(address).await;
        assert_eq!(reply.status, 200, "{}", reply.body);
        assert_updated(&reply.json(), "renamed", "write read");
    }
    let stored = &store.snapshot()[&awx::SEEDED_ID];
    assert_eq!(
        (stored.description.as_str(), stored.scope.as_str()),
        ("renamed", "write read")
    );
}

#[tokio::test]
async fn a_scope_outside_read_and_write_is_400_naming_scope() {
    let (address, store) = server().await;
    let before = store.snapshot();
    for scope in [
        "admin",
        "",
        "  ",
        "read  write",
        "read,write",
        "READ",
        "read execute",
    ] {
        for method in ["PUT", "PATCH"] {
            let reply = Call::new(method, PATH)
                .bearer(TOKEN)
                .json(&json!({"description": "changed", "scope": scope}))
                .send(address)
                .await;
            assert_eq!(reply.status, 400, "{method} {scope:?}: {}", reply.body);
            // The router checks the spec's `pattern` before the store sees the request.
            assert_eq!(
                reply.json(),
                field_error(
                    "scope",
                    "invalid field `scope`: expected a match of `^(read|write)( (read|write))*$`"
                )
            );
        }
    }
    assert_eq!(store.snapshot(), before, "a refused update changes nothing");
}

#[tokio::test]
async fn a_mistyped_or_null_field_is_400_naming_the_field() {
    let (address, store) = server().await;
    let before = store.snapshot();
    let reply = Call::new("PATCH", PATH)
        .bearer(TOKEN)
        .json(&json!({"scope": 5}))
        .send(address)
        .await;
    assert_eq!(reply.status, 400, "{}", reply.body);
    assert_eq!(
        reply.json(),
        field_error(
            "scope",
            "invalid field `scope`: invalid type: integer `5`, expected a string"
        )
    );
    // Neither field is nullable, in a PUT or a PATCH.
    for method in ["PUT", "PATCH"] {
        let reply = Call::new(method, PATH)
            .bearer(TOKEN)
            .json(&json!({"description": null}))
            .send(address)
            .await;
        assert_eq!(reply.status, 400, "{method}: {}", reply.body);
        assert_eq!(
            reply.json(),
            field_error(
                "description",
                "invalid field `description`: invalid type: null, expected a string"
            )
        );
    }
    let reply = Call::new("PUT", PATH)
        .bearer(TOKEN)
        .body_as("application/json", b"{\"scope\": ".to_vec())
        .send(address)
        .await;
    assert_eq!(reply.status, 400);
    let body = reply.json();
    assert_eq!(body.as_object().map(|o| o.len()), Some(1), "{body}");
    assert!(body["detail"]
        .as_str()
        .is_some_and(|m| m.starts_with("the body is not valid JSON")));
    // A PUT must carry a body.
    let reply = Call::new("PUT", PATH).bearer(TOKEN).send(address).await;
    assert_eq!(reply.status, 400);
    assert_eq!(
        reply.json(),
        json!({"detail": "a request body is required"})
    );
    assert_eq!(store.snapshot(), before);
}

/// An id that is not an integer (or not one that fits) names no token: 404, as AWX's router
/// answers when its `<int:pk>` pattern does not match.
#[tokio::test]
async fn a_non_integer_id_and_an_unknown_id_are_404() {
    let (address, store) = server().await;
    let before = store.snapshot();
    for id in ["forty-two", "26053346764051009536"] {
        let reply = Call::new("PATCH", &format!("/api/v2/tokens/{id}/"))
            .bearer(TOKEN)
            .json(&json!({}))
            .send(address)
            .await;
        assert_eq!(reply.status, 404, "{}", reply.body);
        assert!(reply.json()["detail"]
            .as_str()
            .is_some_and(|m| m.starts_with(&format!("no resource at /api/v2/tokens/{id}/"))));
    }
    for method in ["PUT", "PATCH"] {
        let reply = Call::new(method, "/api/v2/tokens/7/")
            .bearer(TOKEN)
            .json(&json!({"scope": "read"}))
            .send(address)
            .await;
        assert_eq!(reply.status, 404, "{}", reply.body);
        assert_eq!(reply.json(), json!({"detail": "Not found."}));
    }
    assert_eq!(store.snapshot(), before);
}

#[tokio::test]
async fn missing_malformed_or_wrong_credentials_are_401_with_detail() {
    let (address, store) = server().await;
    let before = store.snapshot();
    for method in ["PUT", "PATCH"] {
        for call in [
            Call::new(method, PATH),
            Call::new(method, PATH).header("Authorization", "Basic c2VjcmV0"),
            Call::new(method, PATH).header("Authorization", "Bearer"),
            Call::new(method, PATH).header("Authorization", "Bearer two words"),
        ] {
            let reply = call.json(&json!({"scope": "write"})).send(address).await;
            assert_eq!(reply.status, 401, "{}", reply.body);
            let body = reply.json();
            assert_eq!(body.as_object().map(|o| o.len()), Some(1), "{body}");
            assert!(body["detail"].as_str().is_some_and(|m| !m.is_empty()));
        }
        let reply = Call::new(method, PATH)
            .bearer("wrong")
            .json(&json!({"scope": "write"}))
            .send(address)
            .await;
        assert_eq!(reply.status, 401);
        assert_eq!(reply.json(), json!({"detail": "Invalid token."}));
    }
    let reply = Call::new("PUT", PATH).json(&json!({})).send(address).await;
    assert_eq!(
        reply.json(),
        json!({"detail": "the Authorization header is missing"})
    );
    assert_eq!(store.snapshot(), before);
}

#[tokio::test]
async fn wrong_media_type_is_415_and_oversized_body_is_413() {
    let (address, store) = server().await;
    let before = store.snapshot();
    for method in ["PUT", "PATCH"] {
        let reply = Call::new(method, PATH)
            .bearer(TOKEN)
            .body_as("application/x-www-form-urlencoded", b"scope=write".to_vec())
            .send(address)
            .await;
        assert_eq!(reply.status, 415, "{}", reply.body);
        assert_eq!(
            reply.json(),
            json!({"detail": "expected Content-Type application/json, found application/x-www-form-urlencoded"})
        );
    }
    let huge = format!(
        "{{\"description\":\"{}\"}}",
        "x".repeat(awx_server::BODY_LIMIT)
    );
    let reply = Call::new("PATCH", PATH)
        .bearer(TOKEN)
        .body_as("application/json", huge.into_bytes())
        .send(address)
        .await;
    assert_eq!(reply.status, 413, "{}", reply.body);
    assert_eq!(
        reply.json(),
        json!({"detail": format!("the request body is larger than {} bytes", awx_server::BODY_LIMIT)})
    );
    assert_eq!(store.snapshot(), before);
}

fn allowed(reply: &Reply) -> Vec<String> {
    let mut methods: Vec<String> = reply
        .header("allow")
        .unwrap_or_default()
        .split(',')
        .map(|method| method.trim().to_owned())
        .collect();
    methods.sort();
    methods
}

#[tokio::test]
async fn unknown_path_is_404_and_wrong_method_is_405_with_allow() {
    let (address, _) = server().await;
    let reply = Call::new("GET", "/api/v2/nothing/")
        .bearer(TOKEN)
        .send(address)
        .await;
    assert_eq!(reply.status, 404);
    assert_eq!(
        reply.json(),
        json!({"detail": "no operation at /api/v2/nothing/"})
    );
    for method in ["GET", "POST", "DELETE"] {
        let reply = Call::new(method, PATH).bearer(TOKEN).send(address).await;
        assert_eq!(reply.status, 405, "{method}");
        assert_eq!(allowed(&reply), ["PATCH", "PUT"]);
        assert!(reply.json()["detail"]
            .as_str()
            .is_some_and(|m| m.starts_with("method not allowed")));
    }
}

/// The 405 body should name the allowed methods, as the `Allow` header does.
#[tokio::test]
async fn the_405_body_names_the_allowed_methods() {
    let (address, _) = server().await;
    let reply = Call::new("GET", PATH).bearer(TOKEN).send(address).await;
    let detail = reply.json()["detail"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(
        detail.contains("PUT") && detail.contains("PATCH"),
        "{detail}"
    );
}

/// The body schema is an object: a JSON array is not a token update.
#[tokio::test]
async fn a_json_array_body_is_400() {
    let (address, store) = server().await;
    let before = store.snapshot();
    for (method, body) in [("PUT", json!(["hacked", "write"])), ("PATCH", json!([]))] {
        let reply = Call::new(method, PATH)
            .bearer(TOKEN)
            .json(&body)
            .send(address)
            .await;
        assert_eq!(reply.status, 400, "{method} {body}: {}", reply.body);
    }
    assert_eq!(store.snapshot(), before);
}

/// Bodies that are not what the spec asks for: random bytes, and JSON of the wrong shapes.
fn malformed_body() -> impl Strategy<Value = Vec<u8>> {
    let json_value = wrong_json![
        any::<bool>().prop_map(|b| json!({"description": b})),
        any::<i64>().prop_map(|n| json!({"scope": n})),
        "[a-z ]{0,12}".prop_map(|s| json!({"scope": s})),
        ".*".prop_map(|s| json!({"scope": [s]})),
    ];
    prop_oneof![random_bytes(), json_text(json_value)]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn malformed_bodies_are_4xx_in_awxs_error_body_and_change_nothing(
        put in any::<bool>(),
        body in malformed_body(),
    ) {
        support::block_on(async {
            let (address, store) = server().await;
            let before = store.snapshot();
            let reply = Call::new(if put { "PUT" } else { "PATCH" }, PATH)
                .bearer(TOKEN)
                .body_as("application/json", body)
                .send(address)
                .await;
            prop_assert!(reply.status < 500, "5xx: {}", reply.body);
            if reply.status >= 400 {
                prop_assert_eq!(reply.status, 400, "{}", reply.body);
                let body = reply.json();
                let object = body.as_object().cloned().unwrap_or_default();
                prop_assert!(object["detail"].is_string(), "{}", reply.body);
                for (key, value) in &object {
                    if key != "detail" {
                        let messages = value.as_array().cloned().unwrap_or_default();
                        prop_assert!(
                            messages.len() == 1 && messages[0].is_string(),
                            "{}", reply.body
                        );
                    }
                }
                prop_assert_eq!(store.snapshot(), before);
            } else {
                let token = reply.json();
                prop_assert!(token["scope"].is_string(), "{}", reply.body);
                prop_assert_eq!(&token["id"], &json!(42));
            }
            Ok(())
        })?;
    }
}
