//! One type per schema of the spec; inline schemas are named after where they appear.

use serde::{Deserialize, Serialize};

/// The `OAuth2TokenDetail` schema.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OAuth2TokenDetail {
    /// Application
    ///
    /// Read-only: set by the server, never sent in a request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application: Option<i64>,
    /// Created
    ///
    /// Read-only: set by the server, never sent in a request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<String>,
    /// Description
    ///
    /// Optional description of this access token.
    ///
    /// Default: `""`.
    #[serde(default = "OAuth2TokenDetail::default_description")]
    pub description: String,
    /// Expires
    ///
    /// Read-only: set by the server, never sent in a request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<chrono::DateTime<chrono::Utc>>,
    /// Id
    ///
    /// Read-only: set by the server, never sent in a request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    /// Modified
    ///
    /// Read-only: set by the server, never sent in a request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified: Option<String>,
    /// Refresh token
    ///
    /// Read-only: set by the server, never sent in a request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    /// Read-only: set by the server, never sent in a request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub related: Option<String>,
    /// Scope
    ///
    /// Allowed scopes, further restricts user's permissions. Must be a simple space-separated string with allowed scopes ['read', 'write'].
    ///
    /// Default: `"write"`.
    #[serde(default = "OAuth2TokenDetail::default_scope")]
    pub scope: String,
    /// Summary fields
    ///
    /// Read-only: set by the server, never sent in a request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary_fields: Option<String>,
    /// Token
    ///
    /// Read-only: set by the server, never sent in a request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    /// Type
    ///
    /// Read-only: set by the server, never sent in a request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub r#type: Option<String>,
    /// Url
    ///
    /// Read-only: set by the server, never sent in a request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// User
    ///
    /// The user representing the token owner
    ///
    /// Read-only: set by the server, never sent in a request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<i64>,
}

#[allow(deprecated)]
impl Default for OAuth2TokenDetail {
    fn default() -> Self {
        Self {
            application: None,
            created: None,
            description: Self::default_description(),
            expires: None,
            id: None,
            modified: None,
            refresh_token: None,
            related: None,
            scope: Self::default_scope(),
            summary_fields: None,
            token: None,
            r#type: None,
            url: None,
            user: None,
        }
    }
}

impl OAuth2TokenDetail {
    /// The default of `OAuth2TokenDetail.description`.
    fn default_description() -> String {
        String::new()
    }
    /// The default of `OAuth2TokenDetail.scope`.
    fn default_scope() -> String {
        String::from("write")
    }
}

/// The `Error` schema.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Error {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// The `ValidationError` schema.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ValidationError {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Properties beyond those the schema lists.
    #[serde(flatten)]
    pub additional_properties: std::collections::BTreeMap<String, Vec<String>>,
}

/// The `OAuth2TokenDetail` schema.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OAuth2TokenDetailRequest {
    /// Description
    ///
    /// Optional description of this access token.
    ///
    /// Default: `""`.
    #[serde(default = "OAuth2TokenDetailRequest::default_description")]
    pub description: String,
    /// Scope
    ///
    /// Allowed scopes, further restricts user's permissions. Must be a simple space-separated string with allowed scopes ['read', 'write'].
    ///
    /// Default: `"write"`.
    #[serde(default = "OAuth2TokenDetailRequest::default_scope")]
    pub scope: String,
}

#[allow(deprecated)]
impl Default for OAuth2TokenDetailRequest {
    fn default() -> Self {
        Self {
            description: Self::default_description(),
            scope: Self::default_scope(),
        }
    }
}

impl OAuth2TokenDetailRequest {
    /// The default of `OAuth2TokenDetailRequest.description`.
    fn default_description() -> String {
        String::new()
    }
    /// The default of `OAuth2TokenDetailRequest.scope`.
    fn default_scope() -> String {
        String::from("write")
    }
}

/// Partial update: every field is optional, and an absent field is left unchanged.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OAuth2TokenDetailPatch {
    /// Description
    ///
    /// Optional description of this access token.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "specforge_runtime::nullable::non_null"
    )]
    pub description: Option<String>,
    /// Scope
    ///
    /// Allowed scopes, further restricts user's permissions. Must be a simple space-separated string with allowed scopes ['read', 'write'].
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "specforge_runtime::nullable::non_null"
    )]
    pub scope: Option<String>,
}
