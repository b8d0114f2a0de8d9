//! An in-memory Authlete: services, each with its clients and the access tokens issued to
//! them, updated as Authlete documents `/auth/token/update` and
//! `/client/authorization/update`.
//!
//! Token update: a field left out leaves the token's value unchanged; `scopes` and
//! `properties` replace the token's sets; `accessTokenExpiresAt` (and
//! `refreshTokenExpiresAt`) of 0 or less changes nothing; `accessTokenPersistent: true` makes
//! the token never expire, ignoring `accessTokenExpiresAt` (a token that never expires is
//! reported with `accessTokenExpiresAt` 0). Scopes the service does not support are ignored.
//! A token that does not exist is not an HTTP error: Authlete answers 200 with
//! `action: NOT_FOUND` (and `FORBIDDEN` for a token of another service).
//!
//! Client authorization update: `scopes`, if given, becomes the scope set of every access
//! token the client holds for `subject` in the service.
//!
//! A service that does not exist is 403 (the credential grants nothing there; Authlete
//! documents 403 for both operations), and a client that does not exist in the service 400.
//!
//! The result codes `A135…` of `/auth/token/update` are placeholders in Authlete's format;
//! `A138001` and its message are from the spec's example.

use std::collections::BTreeMap;
use std::hash::{BuildHasher, Hasher};
use std::sync::Mutex;

use authlete_models::{
    AuthTokenUpdateApiPath, AuthTokenUpdateApiResponse, AuthzDetails,
    ClientAuthorizationUpdateApiPath, ClientAuthorizationUpdateApiResponse,
    ClientAuthorizationUpdateRequest, Property, ResultModel, TokenUpdateRequest,
    TokenUpdateResponse, TokenUpdateResponseAction,
};
use authlete_server::{AuthleteApi, Credential};

/// The service the seeded tokens belong to.
pub const SERVICE_ID: &str = "21653835348762";
/// A second service, with a token of its own.
pub const OTHER_SERVICE_ID: &str = "715948317";
/// The client every seeded token was issued to.
pub const CLIENT_ID: &str = "26478243745571";
/// john's `history.read` token in [`SERVICE_ID`].
pub const ACCESS_TOKEN: &str = "Z5a40U6dWvw2gMoCOAFbZcM85q4HC0Z--0YKD9-Nf6Q";
/// john's second token in [`SERVICE_ID`], with scope `profile`.
pub const SECOND_TOKEN: &str = "hT2bq7XcW0m4n9LrVd8sY1kPz6uJfEaGqR3oNtBwMiA";
/// alice's token in [`SERVICE_ID`], same client.
pub const ALICE_TOKEN: &str = "aL1c3tK9vQm2xR7pW4nZ8bY5sD0fH6jG3eU1oI9cVkE";
/// john's token in [`OTHER_SERVICE_ID`].
pub const OTHER_SERVICE_TOKEN: &str = "oT4hErS3rV1c3x9QwE2rT5yU8iO7pA6sD4fG1hJ0kLz";
/// When [`ACCESS_TOKEN`] expires: 2026-01-01T00:00:00Z, in milliseconds.
pub const EXPIRES_AT: i64 = 1_767_225_600_000;
/// When the refresh token of [`ACCESS_TOKEN`] expires: 2026-02-01T00:00:00Z.
pub const REFRESH_EXPIRES_AT: i64 = 1_769_904_000_000;
/// The scopes every example service supports.
pub const SUPPORTED_SCOPES: [&str; 3] = ["history.read", "history.write", "profile"];

/// An access token as the store keeps it.
#[derive(Debug, Clone, PartialEq)]
pub struct AccessToken {
    pub value: String,
    pub subject: String,
    pub client_id: String,
    pub scopes: Vec<String>,
    pub properties: Vec<Property>,
    /// Milliseconds since the Unix epoch; 0: the token never expires.
    pub expires_at: i64,
    pub refresh_token_expires_at: i64,
    pub token_type: String,
    pub token_id: Option<String>,
    pub authorization_details: Option<AuthzDetails>,
    pub certificate_thumbprint: Option<String>,
    pub dpop_key_thumbprint: Option<String>,
    pub for_external_attachment: bool,
}

/// A service: its clients, the scopes it supports and its access tokens.
#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    pub clients: Vec<String>,
    pub supported_scopes: Vec<String>,
    pub tokens: Vec<AccessToken>,
}

/// The services, by service ID.
pub struct Store {
    services: Mutex<BTreeMap<String, Service>>,
    accepted: String,
}

fn token(value: &str, subject: &str, scopes: &[&str], expires_at: i64) -> AccessToken {
    AccessToken {
        value: value.to_owned(),
        subject: subject.to_owned(),
        client_id: CLIENT_ID.to_owned(),
        scopes: scopes.iter().map(|scope| (*scope).to_owned()).collect(),
        properties: Vec::new(),
        expires_at,
        refresh_token_expires_at: REFRESH_EXPIRES_AT,
        token_type: "Bearer".to_owned(),
        token_id: None,
        authorization_details: None,
        certificate_thumbprint: None,
        dpop_key_thumbprint: None,
        for_external_attachment: false,
    }
}

fn service(tokens: Vec<AccessToken>) -> Service {
    Service {
        clients: vec![CLIENT_ID.to_owned()],
        supported_scopes: SUPPORTED_SCOPES.iter().map(|s| (*s).to_owned()).collect(),
        tokens,
    }
}

impl Store {
    /// A store with two services ([`SERVICE_ID`] holding three tokens, [`OTHER_SERVICE_ID`]
    /// one), reachable with the bearer token `accepted`.
    pub fn new(accepted: &str) -> Store {
        let services = BTreeMap::from([
            (
                SERVICE_ID.to_owned(),
                service(vec![
                    token(ACCESS_TOKEN, "john", &["history.read"], EXPIRES_AT),
                    token(SECOND_TOKEN, "john", &["profile"], EXPIRES_AT),
                    token(ALICE_TOKEN, "alice", &["history.read"], EXPIRES_AT),
                ]),
            ),
            (
                OTHER_SERVICE_ID.to_owned(),
                service(vec![token(
                    OTHER_SERVICE_TOKEN,
                    "john",
                    &["history.read"],
                    EXPIRES_AT,
                )]),
            ),
        ]);
        Store {
            services: Mutex::new(services),
            accepted: accepted.to_owned(),
        }
    }

    /// Every service with its tokens, to compare before and after a request.
    pub fn snapshot(&self) -> BTreeMap<String, Service> {
        self.services
            .lock()
            .unwrap_or_else(|err| err.into_inner())
            .clone()
    }

    /// The token with this value in this service, if any.
    pub fn token(&self, service_id: &str, value: &str) -> Option<AccessToken> {
        self.snapshot()
            .get(service_id)?
            .tokens
            .iter()
            .find(|token| token.value == value)
            .cloned()
    }
}

/// Authlete's result body: the code, and the message prefixed with the code in brackets.
fn result(code: &str, message: &str) -> ResultModel {
    ResultModel {
        result_code: Some(code.to_owned()),
        result_message: Some(format!("[{code}] {message}")),
    }
}

fn unauthorized() -> ResultModel {
    result("Unauthorized", "the service access token is not valid")
}

fn unknown_service(service_id: &str) -> ResultModel {
    result(
        "UnknownService",
        &format!("no service has the API key {service_id}"),
    )
}

/// A 200 answer to a token update that did not update a token.
fn not_updated(
    action: TokenUpdateResponseAction,
    code: &str,
    message: &str,
) -> TokenUpdateResponse {
    TokenUpdateResponse {
        result_code: Some(code.to_owned()),
        result_message: Some(format!("[{code}] {message}")),
        action: Some(action),
        ..TokenUpdateResponse::default()
    }
}

/// A fresh access token value: 43 base64url characters, as Authlete issues.
fn new_token_value() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let state = std::collections::hash_map::RandomState::new();
    (0..43)
        .map(|index| {
            let mut hasher = state.build_hasher();
            hasher.write_usize(index);
            ALPHABET[(hasher.finish() % 64) as usize] as char
        })
        .collect()
}

/// Applies a token update request to `token`, as Authlete documents each field.
fn apply(token: &mut AccessToken, request: TokenUpdateRequest, supported: &[String]) {
    if request.access_token_persistent == Some(true) {
        token.expires_at = 0;
    } else if let Some(expires_at) = request.access_token_expires_at.filter(|at| *at > 0) {
        token.expires_at = expires_at;
    }
    if let Some(expires_at) = request.refresh_token_expires_at.filter(|at| *at > 0) {
        token.refresh_token_expires_at = expires_at;
    }
    if let Some(scopes) = request.scopes.into_value() {
        let mut kept: Vec<String> = Vec::new();
        for scope in scopes {
            if supported.contains(&scope) && !kept.contains(&scope) {
                kept.push(scope);
            }
        }
        token.scopes = kept;
    }
    if let Some(properties) = request.properties.into_value() {
        token.properties = properties;
    }
    if let Some(details) = request.authorization_details {
        token.authorization_details = Some(details);
    }
    if let Some(thumbprint) = request.certificate_thumbprint {
        token.certificate_thumbprint = Some(thumbprint);
    }
    if let Some(thumbprint) = request.dpop_key_thumbprint {
        token.dpop_key_thumbprint = Some(thumbprint);
        token.token_type = "DPoP".to_owned();
    }
    if let Some(external) = request.for_external_attachment {
        token.for_external_attachment = external;
    }
    if let Some(token_id) = request.token_id {
        token.token_id = Some(token_id);
    }
    if request.access_token_value_updated == Some(true) {
        token.value = new_token_value();
    }
}

impl AuthleteApi for Store {
    async fn auth_token_update_api(
        &self,
        credential: Credential,
        path: AuthTokenUpdateApiPath,
        body: TokenUpdateRequest,
    ) -> AuthTokenUpdateApiResponse {
        if credential.token() != Some(self.accepted.as_str()) {
            return AuthTokenUpdateApiResponse::Unauthorized(unauthorized());
        }
        // Nothing panics while holding the lock, so a poisoned map is still consistent.
        let mut services = self.services.lock().unwrap_or_else(|err| err.into_inner());
        let elsewhere = services.iter().any(|(id, service)| {
            *id != path.service_id
                && service
                    .tokens
                    .iter()
                    .any(|token| token.value == body.access_token)
        });
        let Some(service) = services.get_mut(&path.service_id) else {
            return AuthTokenUpdateApiResponse::Forbidden(unknown_service(&path.service_id));
        };
        let supported = service.supported_scopes.clone();
        let Some(token) = service
            .tokens
            .iter_mut()
            .find(|token| token.value == body.access_token)
        else {
            return AuthTokenUpdateApiResponse::Ok(if elsewhere {
                not_updated(
                    TokenUpdateResponseAction::Forbidden,
                    "A135302",
                    "The access token does not belong to the service.",
                )
            } else {
                not_updated(
                    TokenUpdateResponseAction::NotFound,
                    "A135301",
                    "The access token does not exist.",
                )
            });
        };
        apply(token, body, &supported);
        AuthTokenUpdateApiResponse::Ok(TokenUpdateResponse {
            result_code: Some("A135001".to_owned()),
            result_message: Some("[A135001] Updated the access token successfully.".to_owned()),
            action: Some(TokenUpdateResponseAction::Ok),
            access_token: Some(token.value.clone()),
            access_token_expires_at: Some(token.expires_at),
            properties: Some(token.properties.clone()),
            scopes: Some(token.scopes.clone()),
            authorization_details: token.authorization_details.clone(),
            token_type: Some(token.token_type.clone()),
            for_external_attachment: Some(token.for_external_attachment),
            token_id: token.token_id.clone(),
            refresh_token_expires_at: Some(token.refresh_token_expires_at),
        })
    }

    async fn client_authorization_update_api(
        &self,
        credential: Credential,
        path: ClientAuthorizationUpdateApiPath,
        body: ClientAuthorizationUpdateRequest,
    ) -> ClientAuthorizationUpdateApiResponse {
        if credential.token() != Some(self.accepted.as_str()) {
            return ClientAuthorizationUpdateApiResponse::Unauthorized(unauthorized());
        }
        let mut services = self.services.lock().unwrap_or_else(|err| err.into_inner());
        let Some(service) = services.get_mut(&path.service_id) else {
            return ClientAuthorizationUpdateApiResponse::Forbidden(unknown_service(
                &path.service_id,
            ));
        };
        if !service.clients.contains(&path.client_id) {
            return ClientAuthorizationUpdateApiResponse::BadRequest(result(
                "UnknownClient",
                &format!(
                    "no client has the ID {} in the service (API Key = {})",
                    path.client_id, path.service_id
                ),
            ));
        }
        let mut updated = 0;
        if let Some(scopes) = body.scopes.into_value() {
            for token in service
                .tokens
                .iter_mut()
                .filter(|token| token.client_id == path.client_id && token.subject == body.subject)
            {
                token.scopes = scopes.clone();
                updated += 1;
            }
        }
        ClientAuthorizationUpdateApiResponse::Ok(result(
            "A138001",
            &format!(
                "Updated {updated} access token(s) issued to the client (ID = {}) of the service (API Key = {}).",
                path.client_id, path.service_id
            ),
        ))
    }
}
