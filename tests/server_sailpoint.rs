//! The generated SailPoint server, implemented by the in-memory example store, over real HTTP
//! on 127.0.0.1.

mod support;

#[allow(dead_code)]
#[path = "../examples/servers/sailpoint.rs"]
mod sailpoint;

use std::sync::Arc;

use proptest::prelude::*;
use serde_json::{json, Value};
use support::bodies::{json_text, random_bytes};
use support::{Call, Reply, TOKEN};

const PATH: &str = "/personal-access-tokens/ef38f94347e94562b5bb8424a56397d8";
const PATCH: &str = "application/json-patch+json";

async fn server() -> (std::net::SocketAddr, Arc<sailpoint::Store>) {
    support::serve(sailpoint::Store::new(TOKEN), sailpoint_server::router).await
}

async fn patch(address: std::net::SocketAddr, operations: Value) -> Reply {
    Call::new("PATCH", PATH)
        .bearer(TOKEN)
        .body_as(PATCH, operations.to_string().into_bytes())
        .send(address)
        .await
}

/// The spec's 200 example, with `name` and `scope` as given.
fn token(name: &str, scope: Value) -> Value {
    json!({
        "id": "ef38f94347e94562b5bb8424a56397d8",
        "name": name,
        "scope": scope,
        "owner": {"type": "IDENTITY", "id": "2c9180a46faadee4016fb4e018c20639", "name": "Support"},
        "created": "2017-07-11T18:45:37.098Z",
        "lastUsed": null,
        "managed": false
    })
}

/// SailPoint's ErrorResponseDto, as the server writes it.
fn dto(status: u16, kind: &str, text: &str) -> Value {
    json!({
        "detailCode": format!("{status} {kind}"),
        "trackingId": "specforge-server-stub",
        "messages": [{"locale": "en-US", "localeOrigin": "DEFAULT", "text": text}],
        "causes": []
    })
}

fn stored(store: &sailpoint::Store) -> Value {
    serde_json::to_value(&store.snapshot()[sailpoint::SEEDED_ID]).unwrap_or_default()
}

#[tokio::test]
async fn replace_sets_name_and_scope_in_order() {
    let (address, store) = server().await;
    let reply = patch(
        address,
        json!([
            {"op": "replace", "path": "/name", "value": "first"},
            {"op": "replace", "path": "/name", "value": "weekly-sync"},
            {"op": "replace", "path": "/scope", "value": ["sp:scopes:all", "idn:access-request:manage"]}
        ]),
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.header("content-type"), Some("application/json"));
    let expected = token(
        "weekly-sync",
        json!(["sp:scopes:all", "idn:access-request:manage"]),
    );
    assert_eq!(reply.json(), expected);
    assert_eq!(stored(&store), expected);
    // The other token is untouched.
    assert_eq!(
        store.snapshot()[sailpoint::OTHER_ID].name,
        sailpoint::OTHER_NAME
    );
}

#[tokio::test]
async fn add_remove_test_and_null_scope() {
    let (address, store) = server().await;
    let reply = patch(
        address,
        json!([
            {"op": "test", "path": "/name", "value": "nightly-sync"},
            {"op": "test", "path": "/scope", "value": ["sp:scopes:default"]},
            {"op": "add", "path": "/name", "value": "renamed"},
            {"op": "remove", "path": "/scope"},
            {"op": "test", "path": "/scope", "value": null}
        ]),
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.json(), token("renamed", Value::Null));
    assert_eq!(store.snapshot()[sailpoint::SEEDED_ID].scope, None);

    let reply = patch(
        address,
        json!([{"op": "add", "path": "/scope", "value": []}]),
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.json()["scope"], json!([]));
    let reply = patch(
        address,
        json!([{"op": "replace", "path": "/scope", "value": null}]),
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.json(), token("renamed", Value::Null));
    // An empty patch changes nothing and answers the token.
    let reply = patch(address, json!([])).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.json(), token("renamed", Value::Null));
}

#[tokio::test]
async fn a_patch_that_conflicts_with_the_token_is_409_and_nothing_changes() {
    let (address, store) = server().await;
    let before = store.snapshot();
    let cases = [
        (
            json!([
                {"op": "replace", "path": "/name", "value": "renamed"},
                {"op": "test", "path": "/name", "value": "nightly-sync"}
            ]),
            "operation 1: test failed: /name is \"renamed\", not \"nightly-sync\"",
        ),
        (
            json!([{"op": "test", "path": "/scope", "value": null}]),
            "operation 0: test failed: /scope is [\"sp:scopes:default\"], not null",
        ),
        (
            json!([{"op": "replace", "path": "/name", "value": sailpoint::OTHER_NAME}]),
            "the owner already has a personal access token named \"ci-deploy\"",
        ),
    ];
    for (operations, text) in cases {
        let reply = patch(address, operations.clone()).await;
        assert_eq!(reply.status, 409, "{operations}: {}", reply.body);
        assert_eq!(reply.json(), dto(409, "Conflict", text), "{operations}");
        assert_eq!(store.snapshot(), before, "{operations}");
    }
}

/// Operations of the right shape that no token could take: the spec's `oneOf` rules them out,
/// and the router refuses them before the store sees them.
#[tokio::test]
async fn operations_outside_the_specs_combinations_are_400_and_nothing_changes() {
    let (address, store) = server().await;
    let before = store.snapshot();
    let cases = [
        (
            json!([
                {"op": "replace", "path": "/scope", "value": null},
                {"op": "remove", "path": "/name"}
            ]),
            "[1]",
        ),
        (
            json!([{"op": "replace", "path": "/name", "value": 5}]),
            "[0]",
        ),
        (
            json!([{"op": "add", "path": "/name", "value": null}]),
            "[0]",
        ),
        (json!([{"op": "add", "path": "/name", "value": {}}]), "[0]"),
        (
            json!([{"op": "replace", "path": "/scope", "value": "sp:scopes:all"}]),
            "[0]",
        ),
        (
            json!([{"op": "replace", "path": "/scope", "value": ["ok", 1]}]),
            "[0]",
        ),
        (
            json!([{"op": "move", "from": "/scope", "path": "/name"}]),
            "[0]",
        ),
        (
            json!([{"op": "copy", "from": "/name", "path": "/scope"}]),
            "[0]",
        ),
    ];
    for (operations, field) in cases {
        let reply = patch(address, operations.clone()).await;
        assert_eq!(reply.status, 400, "{operations}: {}", reply.body);
        let answer = reply.json();
        assert_eq!(answer["detailCode"], json!("400 ValidationError"));
        let text = answer["messages"][0]["text"].as_str().unwrap_or_default();
        let expected = format!(
            "invalid field `{field}`: fits none of the allowed combinations: (1) `op` is add, \
             replace or test; `path` is /name; `value` (required) is a string; (2) "
        );
        assert!(text.starts_with(&expected), "{operations}: {text}");
        assert!(
            text.ends_with(
                "(5) `op` is move or copy; `path` is /scope; `from` (required) is /scope"
            ),
            "{operations}: {text}"
        );
        assert_eq!(store.snapshot(), before, "{operations}");
    }
}

#[tokio::test]
async fn the_router_refuses_unpatchable_paths_unknown_ops_and_missing_values() {
    let (address, store) = server().await;
    let before = store.snapshot();
    let cases = [
        (
            json!([{"op": "replace", "path": "/owner", "value": {"id": "x"}}]),
            "`/owner` cannot be patched; patchable paths: /name, /scope",
        ),
        (
            json!([
                {"op": "replace", "path": "/name", "value": "renamed"},
                {"op": "replace", "path": "/scope/0", "value": "x"}
            ]),
            "`/scope/0` cannot be patched; patchable paths: /name, /scope",
        ),
        (
            json!([{"op": "copy", "from": "/id", "path": "/name"}]),
            "`/id` cannot be patched; patchable paths: /name, /scope",
        ),
        (
            json!([{"op": "replace", "path": "/name"}]),
            "a `replace` operation needs a `value`",
        ),
        (
            json!([{"op": "add", "path": "/scope"}]),
            "a `add` operation needs a `value`",
        ),
        (
            json!([{"op": "test", "path": "/name"}]),
            "a `test` operation needs a `value`",
        ),
        (
            json!([{"op": "rename", "path": "/name", "value": "x"}]),
            "invalid field `[0].op`: unknown variant `rename`, expected one of `add`, `remove`, `replace`, `move`, `copy`, `test`",
        ),
        (
            json!([{"op": "remove"}]),
            "invalid field `[0].path`: missing field `path`",
        ),
        (
            json!({"op": "replace", "path": "/name", "value": "x"}),
            "a JSON Patch document must be an array of operations",
        ),
    ];
    for (operations, text) in cases {
        let reply = patch(address, operations.clone()).await;
        assert_eq!(reply.status, 400, "{operations}: {}", reply.body);
        assert_eq!(
            reply.json(),
            dto(400, "ValidationError", text),
            "{operations}"
        );
    }
    let reply = Call::new("PATCH", PATH)
        .bearer(TOKEN)
        .body_as(PATCH, b"[{".to_vec())
        .send(address)
        .await;
    assert_eq!(reply.status, 400);
    assert!(reply.json()["messages"][0]["text"]
        .as_str()
        .is_some_and(|t| t.starts_with("the body is not valid JSON")));
    assert_eq!(store.snapshot(), before);
}

#[tokio::test]
async fn an_unknown_id_is_404() {
    let (address, store) = server().await;
    let before = store.snapshot();
    let reply = Call::new("PATCH", "/personal-access-tokens/0000")
        .bearer(TOKEN)
        .body_as(
            PATCH,
            json!([{"op": "replace", "path": "/name", "value": "x"}])
                .to_string()
                .into_bytes(),
        )
        .send(address)
        .await;
    assert_eq!(reply.status, 404, "{}", reply.body);
    assert_eq!(
        reply.json(),
        dto(404, "NotFound", "no personal access token has the id 0000")
    );
    assert_eq!(store.snapshot(), before);
}

#[tokio::test]
async fn missing_malformed_or_wrong_credentials_are_401_with_error() {
    let (address, store) = server().await;
    let before = store.snapshot();
    for (call, message) in [
        (
            Call::new("PATCH", PATH),
            "the Authorization header is missing",
        ),
        (
            Call::new("PATCH", PATH).header("Authorization", "Basic c2VjcmV0"),
            "expected `Authorization: Bearer <credentials>`",
        ),
        (
            Call::new("PATCH", PATH).header("Authorization", "Bearer"),
            "the Authorization header is malformed",
        ),
        (
            Call::new("PATCH", PATH).header("Authorization", "Bearer two words"),
            "expected `Authorization: Bearer <credentials>`",
        ),
        (
            Call::new("PATCH", PATH).bearer("wrong"),
            "the access token is not valid",
        ),
    ] {
        let reply = call
            .body_as(
                PATCH,
                json!([{"op": "replace", "path": "/name", "value": "x"}])
                    .to_string()
                    .into_bytes(),
            )
            .send(address)
            .await;
        assert_eq!(reply.status, 401, "{}", reply.body);
        assert_eq!(reply.json(), json!({"error": message}));
    }
    assert_eq!(store.snapshot(), before);
}

#[tokio::test]
async fn plain_json_is_415_and_oversized_body_is_413() {
    let (address, store) = server().await;
    let before = store.snapshot();
    let reply = Call::new("PATCH", PATH)
        .bearer(TOKEN)
        .json(&json!([{"op": "replace", "path": "/name", "value": "x"}]))
        .send(address)
        .await;
    assert_eq!(reply.status, 415, "{}", reply.body);
    assert_eq!(
        reply.json(),
        dto(
            415,
            "UnsupportedMediaType",
            "expected Content-Type application/json-patch+json, found application/json"
        )
    );
    let huge = format!(
        "[{{\"op\":\"replace\",\"path\":\"/name\",\"value\":\"{}\"}}]",
        "x".repeat(sailpoint_server::BODY_LIMIT)
    );
    let reply = Call::new("PATCH", PATH)
        .bearer(TOKEN)
        .body_as(PATCH, huge.into_bytes())
        .send(address)
        .await;
    assert_eq!(reply.status, 413, "{}", reply.body);
    assert_eq!(
        reply.json(),
        dto(
            413,
            "PayloadTooLarge",
            &format!(
                "the request body is larger than {} bytes",
                sailpoint_server::BODY_LIMIT
            )
        )
    );
    assert_eq!(store.snapshot(), before);
}

#[tokio::test]
async fn unknown_path_is_404_and_wrong_method_is_405_with_allow() {
    let (address, _) = server().await;
    let reply = Call::new("PATCH", "/personal-access-tokens")
        .bearer(TOKEN)
        .send(address)
        .await;
    assert_eq!(reply.status, 404);
    assert_eq!(
        reply.json(),
        dto(404, "NotFound", "no operation at /personal-access-tokens")
    );
    for method in ["GET", "PUT", "DELETE"] {
        let reply = Call::new(method, PATH).bearer(TOKEN).send(address).await;
        assert_eq!(reply.status, 405, "{method}");
        assert_eq!(reply.header("allow"), Some("PATCH"));
        assert_eq!(reply.json()["detailCode"], "405 MethodNotAllowed");
    }
}

/// RFC 6902: `move` and `copy` take their source from `from`, which an implementation
/// needs to apply them (here, a no-op move of /name onto itself).
#[tokio::test]
async fn a_move_onto_itself_is_a_no_op() {
    let (address, _) = server().await;
    let reply = patch(
        address,
        json!([{"op": "move", "from": "/name", "path": "/name"}]),
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
}

/// RFC 6902 requires `from` on `move` and `copy`; the router should refuse one without it.
#[tokio::test]
async fn a_move_without_from_is_refused_by_the_router() {
    let (address, _) = server().await;
    let reply = patch(address, json!([{"op": "move", "path": "/name"}])).await;
    assert_eq!(reply.status, 400, "{}", reply.body);
    let text = reply.json()["messages"][0]["text"].clone();
    assert!(
        text.as_str().is_some_and(|t| t.contains("`from`")),
        "{text}"
    );
}

/// Patch documents that are not what the spec asks for, or that fail when applied.
fn malformed_body() -> impl Strategy<Value = Vec<u8>> {
    // Mostly the patchable paths and well-typed values, so that many documents would apply
    // but for their last operation.
    let path = prop_oneof![
        3 => Just("/name".to_owned()),
        3 => Just("/scope".to_owned()),
        1 => Just("/owner".to_owned()),
        1 => "/[a-z/0-9~-]{0,10}",
    ];
    let op = prop_oneof![
        3 => Just("replace"),
        2 => Just("add"),
        2 => Just("remove"),
        1 => Just("test"),
        1 => Just("move"),
        1 => Just("copy"),
        1 => Just("delete"),
    ];
    let value = prop_oneof![
        2 => "[a-z-]{0,12}".prop_map(Value::from),
        2 => proptest::collection::vec("[a-z:]{1,12}", 0..3).prop_map(|scopes| json!(scopes)),
        1 => Just(Value::Null),
        1 => any::<i64>().prop_map(Value::from),
        1 => any::<bool>().prop_map(Value::from),
        1 => ".*".prop_map(|s| json!(["ok", s, 1])),
        1 => Just(json!({"name": "x"})),
    ];
    let operation =
        (op, path, proptest::option::weighted(0.8, value)).prop_map(|(op, path, value)| {
            let mut operation = json!({"op": op, "path": path});
            if let Some(value) = value {
                operation["value"] = value;
            }
            operation
        });
    // Ends with an operation that always fails, so that no document is applied.
    let document = proptest::collection::vec(operation, 0..4).prop_map(|mut operations| {
        operations.push(json!({"op": "test", "path": "/name", "value": 0}));
        Value::Array(operations)
    });
    prop_oneof![
        1 => random_bytes(),
        4 => json_text(document),
        1 => json_text(".*".prop_map(|s| json!({"op": "replace", "path": "/name", "value": s}))),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn malformed_patches_are_4xx_in_sailpoints_error_body_and_change_nothing(body in malformed_body()) {
        support::block_on(async {
            let (address, store) = server().await;
            let before = store.snapshot();
            let reply = Call::new("PATCH", PATH)
                .bearer(TOKEN)
                .body_as(PATCH, body)
                .send(address)
                .await;
            prop_assert_eq!(reply.status, 400, "{}", reply.body);
            let answer = reply.json();
            prop_assert_eq!(&answer["detailCode"], &json!("400 ValidationError"));
            prop_assert!(answer["messages"][0]["text"].is_string(), "{}", reply.body);
            prop_assert_eq!(store.snapshot(), before);
            Ok(())
        })?;
    }
}
