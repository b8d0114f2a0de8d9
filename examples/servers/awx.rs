//! An in-memory AWX: OAuth2 access tokens kept in a map by id, updated as AWX (Django REST
//! framework) documents.
//!
//! Only `description` and `scope` may be modified; every other field is read-only and never
//! changes, except `modified`, which becomes the time of the update. A PUT replaces both
//! writable fields (the body type has already applied the defaults, `""` and `"write"`, to a
//! field left out); a PATCH changes only the fields it carries. `scope` must be a simple
//! space-separated string of the allowed scopes `read` and `write`.

use std::collections::BTreeMap;
use std::sync::Mutex;

use awx_models::{
    Error, OAuth2TokenDetail, OAuth2TokenDetailPatch, OAuth2TokenDetailRequest,
    PartialUpdateTokenPath, PartialUpdateTokenResponse, UpdateTokenPath, UpdateTokenResponse,
    ValidationError,
};
use awx_server::{AwxApi, Credential};

/// The id of the token every example store starts with.
pub const SEEDED_ID: i64 = 42;

/// AWX's message for a `scope` that is not a space-separated subset of the allowed scopes.
pub const SCOPE_MESSAGE: &str =
    "Must be a simple space-separated string with allowed scopes ['read', 'write'].";

/// The tokens, by id.
pub struct Store {
    tokens: Mutex<BTreeMap<i64, OAuth2TokenDetail>>,
    accepted: String,
}

impl Store {
    /// A store holding token 42 (the spec's 200 example), reachable with the bearer token
    /// `accepted`.
    pub fn new(accepted: &str) -> Store {
        let token = OAuth2TokenDetail {
            application: Some(3),
            created: Some("2024-05-02T09:14:07.123456Z".to_owned()),
            description: "Token for the nightly sync job".to_owned(),
            expires: "2025-05-02T09:14:07Z".parse().ok(),
            id: Some(SEEDED_ID),
            modified: Some("2024-05-03T11:00:00.000000Z".to_owned()),
            refresh_token: Some("************".to_owned()),
            related: Some(r#"{"user": "/api/v2/users/1/"}"#.to_owned()),
            scope: "read".to_owned(),
            summary_fields: Some(r#"{"user": {"id": 1, "username": "admin"}}"#.to_owned()),
            token: Some("************".to_owned()),
            r#type: Some("o_auth2_access_token".to_owned()),
            url: Some(format!("/api/v2/tokens/{SEEDED_ID}/")),
            user: Some(1),
        };
        Store {
            tokens: Mutex::new(BTreeMap::from([(SEEDED_ID, token)])),
            accepted: accepted.to_owned(),
        }
    }

    /// Every stored token, to compare before and after a request.
    pub fn snapshot(&self) -> BTreeMap<i64, OAuth2TokenDetail> {
        self.tokens
            .lock()
            .unwrap_or_else(|err| err.into_inner())
            .clone()
    }

    /// Checks the credential, finds the token, applies `change` to a copy and, if the
    /// copy is valid, stores it with `modified` set to now.
    fn update(
        &self,
        credential: &Credential,
        id: i64,
        change: impl FnOnce(&mut OAuth2TokenDetail),
    ) -> Result<OAuth2TokenDetail, Failure> {
        if credential.token() != Some(self.accepted.as_str()) {
            return Err(Failure::Unauthorized(detail("Invalid token.")));
        }
        // Nothing panics while holding the lock, so a poisoned map is still consistent.
        let mut tokens = self.tokens.lock().unwrap_or_else(|err| err.into_inner());
        let Some(stored) = tokens.get_mut(&id) else {
            return Err(Failure::NotFound(detail("Not found.")));
        };
        let mut token = stored.clone();
        change(&mut token);
        if !is_valid_scope(&token.scope) {
            return Err(Failure::BadRequest(ValidationError {
                detail: Some(SCOPE_MESSAGE.to_owned()),
                additional_properties: BTreeMap::from([(
                    "scope".to_owned(),
                    vec![SCOPE_MESSAGE.to_owned()],
                )]),
            }));
        }
        token.modified =
            Some(chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true));
        *stored = token.clone();
        Ok(token)
    }
}

/// Why an update was refused.
enum Failure {
    BadRequest(ValidationError),
    Unauthorized(Error),
    NotFound(Error),
}

fn detail(message: &str) -> Error {
    Error {
        detail: Some(message.to_owned()),
    }
}

/// AWX's rule, as the spec's `pattern` writes it: `read` and `write`, one or more, separated
/// by single spaces.
fn is_valid_scope(scope: &str) -> bool {
    scope
        .split(' ')
        .all(|word| matches!(word, "read" | "write"))
}

impl AwxApi for Store {
    async fn update_token(
        &self,
        credential: Credential,
        path: UpdateTokenPath,
        body: OAuth2TokenDetailRequest,
    ) -> UpdateTokenResponse {
        let updated = self.update(&credential, path.id, |token| {
            token.description = body.description;
            token.scope = body.scope;
        });
        match updated {
            Ok(token) => UpdateTokenResponse::Ok(token),
            Err(Failure::BadRequest(body)) => UpdateTokenResponse::BadRequest(body),
            Err(Failure::Unauthorized(body)) => UpdateTokenResponse::Unauthorized(body),
            Err(Failure::NotFound(body)) => UpdateTokenResponse::NotFound(body),
        }
    }

    async fn partial_update_token(
        &self,
        credential: Credential,
        path: PartialUpdateTokenPath,
        body: Option<OAuth2TokenDetailPatch>,
    ) -> PartialUpdateTokenResponse {
        let patch = body.unwrap_or_default();
        let updated = self.update(&credential, path.id, |token| {
            if let Some(description) = patch.description {
                token.description = description;
            }
            if let Some(scope) = patch.scope {
                token.scope = scope;
            }
        });
        match updated {
            Ok(token) => PartialUpdateTokenResponse::Ok(token),
            Err(Failure::BadRequest(body)) => PartialUpdateTokenResponse::BadRequest(body),
            Err(Failure::Unauthorized(body)) => PartialUpdateTokenResponse::Unauthorized(body),
            Err(Failure::NotFound(body)) => PartialUpdateTokenResponse::NotFound(body),
        }
    }
}
