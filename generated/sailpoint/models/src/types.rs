//! One type per schema of the spec; inline schemas are named after where they appear.

use serde::{Deserialize, Serialize};
use crate::Nullable;

/// The `JsonPatchOperation` schema.
///
/// The fields must fit exactly one of these combinations (`oneOf`). Deserialising does not check them; the generated server checks them in the request bodies and parameters it reads, before calling the implementation.
///
/// 1. `op` is add, replace or test; `path` is /name; `value` (required) is a string.
/// 2. `op` is add, replace or test; `path` is /scope; `value` (required) is a list of strings or null.
/// 3. `op` is remove; `path` is /scope.
/// 4. `op` is move or copy; `path` is /name; `from` (required) is /name.
/// 5. `op` is move or copy; `path` is /scope; `from` (required) is /scope.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JsonPatchOperation {
    /// The operation to be performed
    pub op: JsonPatchOperationOp,
    /// A string JSON Pointer representing the target path to an element to be affected by the operation
    pub path: JsonPatchOperationPath,
    /// The value to be used for the operation, required for "add" and "replace" operations
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "specforge_runtime::nullable::non_null"
    )]
    pub value: Option<serde_json::Value>,
    /// A string JSON Pointer to the element to move or copy from, required for "move" and "copy" operations.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "specforge_runtime::nullable::non_null"
    )]
    pub from: Option<JsonPatchOperationFrom>,
}

/// The `ErrorResponseDto` schema.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ErrorResponseDto {
    /// Fine-grained error code providing more detail of the error.
    #[serde(rename = "detailCode", default, skip_serializing_if = "Option::is_none")]
    pub detail_code: Option<String>,
    /// Unique tracking id for the error.
    #[serde(rename = "trackingId", default, skip_serializing_if = "Option::is_none")]
    pub tracking_id: Option<String>,
    /// Generic localized reason for error
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub messages: Option<Vec<ErrorMessageDto>>,
    /// Plain-text descriptive reasons to provide additional detail to the text provided in the messages field
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub causes: Option<Vec<ErrorMessageDto>>,
}

/// The `ErrorMessageDto` schema.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ErrorMessageDto {
    /// The locale for the message text, a BCP 47 language tag.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub locale: Nullable<String>,
    /// An indicator of how the locale was selected. *DEFAULT* means the locale is the system default. *REQUEST* means the locale was selected from the request context (i.e., best match based on the *Accept-Language* header). Additional values may be added in the future without notice.
    #[serde(
        rename = "localeOrigin",
        default,
        skip_serializing_if = "Nullable::is_absent"
    )]
    pub locale_origin: Nullable<ErrorMessageDtoLocaleOrigin>,
    /// Actual text of the error message in the indicated locale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// The operation to be performed
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum JsonPatchOperationOp {
    /// `add`
    #[serde(rename = "add")]
    Add,
    /// `remove`
    #[serde(rename = "remove")]
    Remove,
    /// `replace`
    #[serde(rename = "replace")]
    Replace,
    /// `move`
    #[serde(rename = "move")]
    Move,
    /// `copy`
    #[serde(rename = "copy")]
    Copy,
    /// `test`
    #[serde(rename = "test")]
    Test,
}

impl JsonPatchOperationOp {
    /// The value as it is on the wire.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Add => "add",
            Self::Remove => "remove",
            Self::Replace => "replace",
            Self::Move => "move",
            Self::Copy => "copy",
            Self::Test => "test",
        }
    }
}

impl std::fmt::Display for JsonPatchOperationOp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A string JSON Pointer representing the target path to an element to be affected by the operation
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum JsonPatchOperationPath {
    /// `/name`
    #[serde(rename = "/name")]
    Name,
    /// `/scope`
    #[serde(rename = "/scope")]
    Scope,
}

impl JsonPatchOperationPath {
    /// The value as it is on the wire.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Name => "/name",
            Self::Scope => "/scope",
        }
    }
}

impl std::fmt::Display for JsonPatchOperationPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A string JSON Pointer to the element to move or copy from, required for "move" and "copy" operations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum JsonPatchOperationFrom {
    /// `/name`
    #[serde(rename = "/name")]
    Name,
    /// `/scope`
    #[serde(rename = "/scope")]
    Scope,
}

impl JsonPatchOperationFrom {
    /// The value as it is on the wire.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Name => "/name",
            Self::Scope => "/scope",
        }
    }
}

impl std::fmt::Display for JsonPatchOperationFrom {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An indicator of how the locale was selected. *DEFAULT* means the locale is the system default. *REQUEST* means the locale was selected from the request context (i.e., best match based on the *Accept-Language* header). Additional values may be added in the future without notice.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ErrorMessageDtoLocaleOrigin {
    /// `DEFAULT`
    #[serde(rename = "DEFAULT")]
    Default,
    /// `REQUEST`
    #[serde(rename = "REQUEST")]
    Request,
    /// A value the spec does not list, kept as sent so that newer servers do not
    /// break this client.
    #[serde(untagged)]
    Unknown(String),
}

impl ErrorMessageDtoLocaleOrigin {
    /// The value as it is on the wire.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Default => "DEFAULT",
            Self::Request => "REQUEST",
            Self::Unknown(value) => value,
        }
    }
}

impl std::fmt::Display for ErrorMessageDtoLocaleOrigin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Inline schema at `specs/sailpoint.yaml#/paths/~1personal-access-tokens~1{id}/patch/responses/200/content/application~1json/schema`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PatchPersonalAccessTokenOkBody {
    /// The ID of the personal access token (to be used as the username for Basic Auth).
    pub id: String,
    /// The name of the personal access token. Cannot be the same as other personal access tokens owned by a user.
    pub name: String,
    /// Scopes of the personal access token.
    #[serde(deserialize_with = "specforge_runtime::nullable::required")]
    pub scope: Option<Vec<String>>,
    /// Personal access token owner's identity.
    pub owner: PatchPersonalAccessTokenOkBodyOwner,
    /// The date and time, down to the millisecond, when this personal access token was created.
    pub created: chrono::DateTime<chrono::Utc>,
    /// The date and time, down to the millisecond, when this personal access token was last used to generate an access token. This timestamp does not get updated on every PAT usage, but only once a day. This property can be useful for identifying which PATs are no longer actively used and can be removed.
    #[serde(rename = "lastUsed", default, skip_serializing_if = "Nullable::is_absent")]
    pub last_used: Nullable<chrono::DateTime<chrono::Utc>>,
    /// If true, this token is managed by the SailPoint platform, and is not visible in the user interface. For example, Workflows will create managed personal access tokens for users who create workflows.
    ///
    /// Default: `false`.
    #[serde(default = "PatchPersonalAccessTokenOkBody::default_managed")]
    pub managed: bool,
}

impl PatchPersonalAccessTokenOkBody {
    /// The default of `PatchPersonalAccessTokenOkBody.managed`.
    fn default_managed() -> bool {
        false
    }
}

/// Personal access token owner's identity.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PatchPersonalAccessTokenOkBodyOwner {
    /// Personal access token owner's DTO type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub r#type: Option<PatchPersonalAccessTokenOkBodyOwnerType>,
    /// Personal access token owner's identity ID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Personal access token owner's human-readable display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// Personal access token owner's DTO type.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PatchPersonalAccessTokenOkBodyOwnerType {
    /// `IDENTITY`
    #[serde(rename = "IDENTITY")]
    Identity,
    /// A value the spec does not list, kept as sent so that newer servers do not
    /// break this client.
    #[serde(untagged)]
    Unknown(String),
}

impl PatchPersonalAccessTokenOkBodyOwnerType {
    /// The value as it is on the wire.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Identity => "IDENTITY",
            Self::Unknown(value) => value,
        }
    }
}

impl std::fmt::Display for PatchPersonalAccessTokenOkBodyOwnerType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Inline schema at `specs/sailpoint.yaml#/paths/~1personal-access-tokens~1{id}/patch/responses/401/content/application~1json/schema`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PatchPersonalAccessTokenUnauthorizedBody {
    /// A message describing the error
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// Inline schema at `specs/sailpoint.yaml#/paths/~1personal-access-tokens~1{id}/patch/responses/429/content/application~1json/schema`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PatchPersonalAccessTokenTooManyRequestsBody {
    /// A message describing the error
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}
