//! An in-memory fimidara: client assigned tokens kept in a map, updated as fimidara documents.
//!
//! A field absent from the update leaves the token's value unchanged; `providedResourceId:
//! null` clears it. The target token is found by `tokenId`, else by `providedResourceId`, else,
//! with `onReferenced: true`, it is the token that authorised the call.

use std::collections::BTreeMap;
use std::sync::Mutex;

use fimidara_models::{
    Agent, ClientAssignedToken, ClientAssignedTokenPermissionGroupsItem, EndpointErrorResult,
    Nullable, OperationError, UpdateClientAssignedTokenEndpointParams,
    UpdateClientAssignedTokenEndpointSuccessResult, UpdateClientAssignedTokenResponse,
};
use fimidara_server::{Credential, FimidaraApi};

/// The tokens, by resource ID.
pub struct Store {
    tokens: Mutex<BTreeMap<String, ClientAssignedToken>>,
    accepted: String,
}

/// The token every example store starts with; its `tokenStr` is the accepted bearer token.
pub const SEEDED_ID: &str = "ctok_01hq3v9q0000";

impl Store {
    /// A store holding one token, reachable with the bearer token `accepted`.
    pub fn new(accepted: &str) -> Store {
        let agent = Agent {
            agent_id: "user_01hq3v9s0000".to_owned(),
            agent_type: "user".to_owned(),
        };
        let token = ClientAssignedToken {
            resource_id: SEEDED_ID.to_owned(),
            created_by: agent.clone(),
            created_at: "2024-03-01T10:00:00.000Z".to_owned(),
            last_updated_by: agent,
            last_updated_at: "2024-03-01T10:00:00.000Z".to_owned(),
            name: "CI runner".to_owned(),
            description: None,
            expires: None,
            provided_resource_id: Nullable::Value("ci-runner-7".to_owned()),
            workspace_id: "wrkspce_01hq3v9t0000".to_owned(),
            permission_groups: Vec::new(),
            token_str: accepted.to_owned(),
        };
        Store {
            tokens: Mutex::new(BTreeMap::from([(SEEDED_ID.to_owned(), token)])),
            accepted: accepted.to_owned(),
        }
    }

    /// Every stored token, to compare before and after a request.
    pub fn snapshot(&self) -> BTreeMap<String, ClientAssignedToken> {
        self.tokens
            .lock()
            .map(|tokens| tokens.clone())
            .unwrap_or_default()
    }
}

fn error(
    status: u16,
    name: &str,
    message: &str,
    field: Option<&str>,
) -> UpdateClientAssignedTokenResponse {
    UpdateClientAssignedTokenResponse::ClientError {
        status,
        body: EndpointErrorResult {
            errors: vec![OperationError {
                name: name.to_owned(),
                message: message.to_owned(),
                field: field.map(str::to_owned),
            }],
        },
    }
}

impl FimidaraApi for Store {
    async fn update_client_assigned_token(
        &self,
        credential: Credential,
        body: UpdateClientAssignedTokenEndpointParams,
    ) -> UpdateClientAssignedTokenResponse {
        if credential.token() != Some(self.accepted.as_str()) {
            return error(
                401,
                "InvalidCredentialsError",
                "the access token is not valid",
                None,
            );
        }
        let Ok(mut tokens) = self.tokens.lock() else {
            return UpdateClientAssignedTokenResponse::ServerError {
                status: 500,
                body: EndpointErrorResult { errors: Vec::new() },
            };
        };
        let found = match (
            &body.token_id,
            &body.provided_resource_id,
            body.on_referenced,
        ) {
            (Some(id), _, _) => tokens.get(id).map(|token| token.resource_id.clone()),
            (None, Some(provided), _) => tokens
                .values()
                .find(|token| token.provided_resource_id.value() == Some(provided))
                .map(|token| token.resource_id.clone()),
            (None, None, Some(true)) => tokens
                .values()
                .find(|token| token.token_str == self.accepted)
                .map(|token| token.resource_id.clone()),
            // Nothing names a token, so none is found.
            (None, None, _) => None,
        };
        let Some(token) = found.and_then(|id| tokens.get_mut(&id)) else {
            return error(
                404,
                "NotFoundError",
                "no client assigned token matches tokenId, providedResourceId or onReferenced",
                None,
            );
        };
        let Some(update) = body.token else {
            return UpdateClientAssignedTokenResponse::Ok(
                UpdateClientAssignedTokenEndpointSuccessResult {
                    token: token.clone(),
                },
            );
        };
        // A permission group input without an ID names no group: there is nothing to assign.
        let groups = update.permission_groups.map(|inputs| {
            inputs
                .into_iter()
                .enumerate()
                .filter_map(|(index, input)| {
                    Some(ClientAssignedTokenPermissionGroupsItem {
                        permission_group_id: input.permission_group_id?,
                        order: input.order.unwrap_or(index as f64),
                    })
                })
                .collect::<Vec<_>>()
        });
        if let Some(name) = update.name {
            token.name = name;
        }
        if let Some(description) = update.description {
            token.description = Some(description);
        }
        match update.provided_resource_id {
            Nullable::Absent => {}
            Nullable::Null => token.provided_resource_id = Nullable::Null,
            Nullable::Value(id) => token.provided_resource_id = Nullable::Value(id),
        }
        if let Some(groups) = groups {
            token.permission_groups = groups;
        }
        token.last_updated_at =
            chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        UpdateClientAssignedTokenResponse::Ok(UpdateClientAssignedTokenEndpointSuccessResult {
            token: token.clone(),
        })
    }
}
