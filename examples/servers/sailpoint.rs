//! An in-memory SailPoint: personal access tokens kept in a map by id, patched with JSON Patch
//! (RFC 6902) as SailPoint documents.
//!
//! Only `/name` and `/scope` are patchable, and the router has already held every operation
//! to the spec's combinations: a string `value` for `/name`, a list of strings or `null` for
//! `/scope`, no `remove` of `/name`, `move` and `copy` only of a field onto itself. The
//! operations apply in order to a copy of the token, which is stored only if every one
//! succeeds: a failing operation changes nothing. `name` is unique among the owner's tokens;
//! removing `scope` makes it `null`. `test` compares the current value with `value`; a failed
//! `test`, or a name another token of the owner has, is a conflict with the token's state
//! (409). The type checks below repeat the router's, for a caller that skips the router.

use std::collections::BTreeMap;
use std::sync::Mutex;

use sailpoint_models::{
    ErrorMessageDto, ErrorMessageDtoLocaleOrigin, ErrorResponseDto, JsonPatchOperation,
    JsonPatchOperationOp, Nullable, PatchPersonalAccessTokenOkBody,
    PatchPersonalAccessTokenOkBodyOwner, PatchPersonalAccessTokenOkBodyOwnerType,
    PatchPersonalAccessTokenPath, PatchPersonalAccessTokenResponse,
    PatchPersonalAccessTokenUnauthorizedBody,
};
use sailpoint_server::{Credential, SailpointApi};
use serde_json::Value;

/// The token every example store starts with (the spec's 200 example).
pub const SEEDED_ID: &str = "ef38f94347e94562b5bb8424a56397d8";
/// A second token of the same owner, named [`OTHER_NAME`].
pub const OTHER_ID: &str = "2c91808a7813090a017814121e121518";
/// The name of [`OTHER_ID`]: no other token of the owner may take it.
pub const OTHER_NAME: &str = "ci-deploy";

/// The personal access tokens, by id.
pub struct Store {
    tokens: Mutex<BTreeMap<String, PatchPersonalAccessTokenOkBody>>,
    accepted: String,
}

fn pat(id: &str, name: &str, created: &str) -> PatchPersonalAccessTokenOkBody {
    PatchPersonalAccessTokenOkBody {
        id: id.to_owned(),
        name: name.to_owned(),
        scope: Some(vec!["sp:scopes:default".to_owned()]),
        owner: PatchPersonalAccessTokenOkBodyOwner {
            r#type: Some(PatchPersonalAccessTokenOkBodyOwnerType::Identity),
            id: Some("2c9180a46faadee4016fb4e018c20639".to_owned()),
            name: Some("Support".to_owned()),
        },
        created: created.parse().unwrap_or_default(),
        last_used: Nullable::Null,
        managed: false,
    }
}

impl Store {
    /// A store holding two tokens of one owner, reachable with the bearer token `accepted`.
    pub fn new(accepted: &str) -> Store {
        let tokens = BTreeMap::from([
            (
                SEEDED_ID.to_owned(),
                pat(SEEDED_ID, "nightly-sync", "2017-07-11T18:45:37.098Z"),
            ),
            (
                OTHER_ID.to_owned(),
                pat(OTHER_ID, OTHER_NAME, "2021-03-04T10:11:12.131Z"),
            ),
        ]);
        Store {
            tokens: Mutex::new(tokens),
            accepted: accepted.to_owned(),
        }
    }

    /// Every stored token, to compare before and after a request.
    pub fn snapshot(&self) -> BTreeMap<String, PatchPersonalAccessTokenOkBody> {
        self.tokens
            .lock()
            .unwrap_or_else(|err| err.into_inner())
            .clone()
    }
}

/// SailPoint's error body, in the same form as the router's own errors.
fn error(status: u16, kind: &str, text: &str) -> ErrorResponseDto {
    ErrorResponseDto {
        detail_code: Some(format!("{status} {kind}")),
        tracking_id: Some("specforge-server-stub".to_owned()),
        messages: Some(vec![ErrorMessageDto {
            locale: Nullable::Value("en-US".to_owned()),
            locale_origin: Nullable::Value(ErrorMessageDtoLocaleOrigin::Default),
            text: Some(text.to_owned()),
        }]),
        causes: Some(Vec::new()),
    }
}

/// The current value at a patchable path, as JSON.
fn current(token: &PatchPersonalAccessTokenOkBody, path: &str) -> Value {
    match path {
        "/name" => Value::from(token.name.clone()),
        _ => token
            .scope
            .as_ref()
            .map_or(Value::Null, |scope| Value::from(scope.clone())),
    }
}

/// Sets the value at a patchable path, if it has the path's type.
fn set(
    token: &mut PatchPersonalAccessTokenOkBody,
    path: &str,
    value: &Value,
) -> Result<(), String> {
    match path {
        "/name" => match value {
            Value::String(name) => {
                token.name = name.clone();
                Ok(())
            }
            other => Err(format!("/name must be a string, found {other}")),
        },
        "/scope" => match value {
            Value::Null => {
                token.scope = None;
                Ok(())
            }
            Value::Array(items) => {
                let scopes: Option<Vec<String>> = items
                    .iter()
                    .map(|item| item.as_str().map(str::to_owned))
                    .collect();
                match scopes {
                    Some(scopes) => {
                        token.scope = Some(scopes);
                        Ok(())
                    }
                    None => Err(format!("/scope must be a list of strings, found {value}")),
                }
            }
            other => Err(format!(
                "/scope must be a list of strings or null, found {other}"
            )),
        },
        other => Err(format!("{other} cannot be patched")),
    }
}

/// Removes the value at `path`: only `/scope` is optional (it becomes `null`).
fn remove(token: &mut PatchPersonalAccessTokenOkBody, path: &str) -> Result<(), String> {
    match path {
        "/scope" => {
            token.scope = None;
            Ok(())
        }
        _ => Err(format!("{path} is required and cannot be removed")),
    }
}

/// Why an operation cannot apply: a patch the spec does not allow (400), or one that
/// conflicts with the token as it is (409).
enum Failure {
    Invalid(String),
    Conflict(String),
}

impl From<String> for Failure {
    fn from(message: String) -> Failure {
        Failure::Invalid(message)
    }
}

/// Applies one operation to `token`.
fn apply(
    token: &mut PatchPersonalAccessTokenOkBody,
    operation: &JsonPatchOperation,
) -> Result<(), Failure> {
    let path = operation.path.as_str();
    let value = || {
        operation
            .value
            .as_ref()
            .ok_or_else(|| format!("a `{}` operation needs a `value`", operation.op))
    };
    match operation.op {
        JsonPatchOperationOp::Add | JsonPatchOperationOp::Replace => {
            Ok(set(token, path, value()?)?)
        }
        JsonPatchOperationOp::Remove => Ok(remove(token, path)?),
        JsonPatchOperationOp::Test => {
            let expected = value()?;
            let found = current(token, path);
            if found == *expected {
                Ok(())
            } else {
                Err(Failure::Conflict(format!(
                    "test failed: {path} is {found}, not {expected}"
                )))
            }
        }
        JsonPatchOperationOp::Move | JsonPatchOperationOp::Copy => {
            let from = operation
                .from
                .as_ref()
                .map(|from| from.as_str())
                .ok_or_else(|| format!("a `{}` operation needs a `from`", operation.op))?;
            let moved = current(token, from);
            set(token, path, &moved)?;
            if operation.op == JsonPatchOperationOp::Move && from != path {
                remove(token, from)?;
            }
            Ok(())
        }
    }
}

impl SailpointApi for Store {
    async fn patch_personal_access_token(
        &self,
        credential: Credential,
        path: PatchPersonalAccessTokenPath,
        body: Vec<JsonPatchOperation>,
    ) -> PatchPersonalAccessTokenResponse {
        if credential.token() != Some(self.accepted.as_str()) {
            return PatchPersonalAccessTokenResponse::Unauthorized(
                PatchPersonalAccessTokenUnauthorizedBody {
                    error: Some("the access token is not valid".to_owned()),
                },
            );
        }
        // Nothing panics while holding the lock, so a poisoned map is still consistent.
        let mut tokens = self.tokens.lock().unwrap_or_else(|err| err.into_inner());
        let Some(stored) = tokens.get(&path.id) else {
            return PatchPersonalAccessTokenResponse::NotFound(error(
                404,
                "NotFound",
                &format!("no personal access token has the id {}", path.id),
            ));
        };
        let mut token = stored.clone();
        for (index, operation) in body.iter().enumerate() {
            match apply(&mut token, operation) {
                Ok(()) => {}
                Err(Failure::Invalid(message)) => {
                    return PatchPersonalAccessTokenResponse::BadRequest(error(
                        400,
                        "ValidationError",
                        &format!("operation {index}: {message}"),
                    ));
                }
                Err(Failure::Conflict(message)) => {
                    return PatchPersonalAccessTokenResponse::Conflict(error(
                        409,
                        "Conflict",
                        &format!("operation {index}: {message}"),
                    ));
                }
            }
        }
        let taken = tokens.values().any(|other| {
            other.id != token.id && other.owner.id == token.owner.id && other.name == token.name
        });
        if taken {
            return PatchPersonalAccessTokenResponse::Conflict(error(
                409,
                "Conflict",
                &format!(
                    "the owner already has a personal access token named {:?}",
                    token.name
                ),
            ));
        }
        tokens.insert(token.id.clone(), token.clone());
        PatchPersonalAccessTokenResponse::Ok(token)
    }
}
