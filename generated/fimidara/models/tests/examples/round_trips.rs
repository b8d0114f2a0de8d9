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

/// From `specs/fimidara.yaml#/paths/~1v1~1clientAssignedTokens~1updateToken/post/requestBody/content/application~1json/examples/set`.
#[test]
fn update_client_assigned_token_request_set() {
    round_trip::<
        UpdateClientAssignedTokenEndpointParams,
    >(
        r#"{"tokenId":"ctok_01hq3v9q0000","token":{"providedResourceId":"ci-runner-7","name":"CI runner","description":"Token used by the CI runner.","permissionGroups":[{"permissionGroupId":"pgrp_01hq3v9r0000","order":1.5}]}}"#,
        r#"{"tokenId":"ctok_01hq3v9q0000","token":{"providedResourceId":"ci-runner-7","name":"CI runner","description":"Token used by the CI runner.","permissionGroups":[{"permissionGroupId":"pgrp_01hq3v9r0000","order":1.5}]}}"#,
    );
}

/// From `specs/fimidara.yaml#/paths/~1v1~1clientAssignedTokens~1updateToken/post/requestBody/content/application~1json/examples/clear`.
#[test]
fn update_client_assigned_token_request_clear() {
    round_trip::<
        UpdateClientAssignedTokenEndpointParams,
    >(
        r#"{"providedResourceId":"ci-runner-7","token":{"providedResourceId":null}}"#,
        r#"{"providedResourceId":"ci-runner-7","token":{"providedResourceId":null}}"#,
    );
}

/// From `specs/fimidara.yaml#/paths/~1v1~1clientAssignedTokens~1updateToken/post/requestBody/content/application~1json/examples/unchanged`.
#[test]
fn update_client_assigned_token_request_unchanged() {
    round_trip::<
        UpdateClientAssignedTokenEndpointParams,
    >(
        r#"{"tokenId":"ctok_01hq3v9q0000","token":{"description":"Rotated monthly."}}"#,
        r#"{"tokenId":"ctok_01hq3v9q0000","token":{"description":"Rotated monthly."}}"#,
    );
}

/// From `specs/fimidara.yaml#/paths/~1v1~1clientAssignedTokens~1updateToken/post/responses/200/content/application~1json/example`.
#[test]
fn update_client_assigned_token_200_example() {
    round_trip::<
        UpdateClientAssignedTokenEndpointSuccessResult,
    >(
        r#"{"token":{"resourceId":"ctok_01hq3v9q0000","createdBy":{"agentId":"user_01hq3v9s0000","agentType":"user"},"createdAt":"2024-03-01T10:00:00.000Z","lastUpdatedBy":{"agentId":"user_01hq3v9s0000","agentType":"user"},"lastUpdatedAt":"2024-03-02T08:30:00.000Z","name":"CI runner","description":"Token used by the CI runner.","expires":"2025-03-01T10:00:00Z","providedResourceId":null,"workspaceId":"wrkspce_01hq3v9t0000","permissionGroups":[{"permissionGroupId":"pgrp_01hq3v9r0000","order":1.5}],"tokenStr":"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjdG9rIn0.c2lnbmF0dXJl"}}"#,
        r#"{"token":{"resourceId":"ctok_01hq3v9q0000","createdBy":{"agentId":"user_01hq3v9s0000","agentType":"user"},"createdAt":"2024-03-01T10:00:00.000Z","lastUpdatedBy":{"agentId":"user_01hq3v9s0000","agentType":"user"},"lastUpdatedAt":"2024-03-02T08:30:00.000Z","name":"CI runner","description":"Token used by the CI runner.","expires":"2025-03-01T10:00:00Z","providedResourceId":null,"workspaceId":"wrkspce_01hq3v9t0000","permissionGroups":[{"permissionGroupId":"pgrp_01hq3v9r0000","order":1.5}],"tokenStr":"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjdG9rIn0.c2lnbmF0dXJl"}}"#,
    );
}
