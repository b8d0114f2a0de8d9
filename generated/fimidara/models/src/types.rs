//! One type per schema of the spec; inline schemas are named after where they appear.

use serde::{Deserialize, Serialize};
use crate::Nullable;

/// The `UpdateClientAssignedTokenEndpointParams` schema.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UpdateClientAssignedTokenEndpointParams {
    /// Resource ID.
    #[serde(
        rename = "tokenId",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "specforge_runtime::nullable::non_null"
    )]
    pub token_id: Option<String>,
    /// Whether to perform action on the token used to authorize the API call when performing actions on tokens and a token ID or provided resource ID is not provided.
    #[serde(
        rename = "onReferenced",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "specforge_runtime::nullable::non_null"
    )]
    pub on_referenced: Option<bool>,
    /// Resource ID provided by you.
    #[serde(
        rename = "providedResourceId",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "specforge_runtime::nullable::non_null"
    )]
    pub provided_resource_id: Option<String>,
    /// Workspace ID. Will default to using workspace ID from client and program tokens if not provided.
    #[serde(
        rename = "workspaceId",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "specforge_runtime::nullable::non_null"
    )]
    pub workspace_id: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "specforge_runtime::nullable::non_null"
    )]
    pub token: Option<UpdateClientAssignedTokenEndpointParamsToken>,
}

/// The `AssignPermissionGroupInput` schema.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AssignPermissionGroupInput {
    /// Resource ID.
    #[serde(
        rename = "permissionGroupId",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "specforge_runtime::nullable::non_null"
    )]
    pub permission_group_id: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "specforge_runtime::nullable::non_null"
    )]
    pub order: Option<f64>,
}

/// The `EndpointErrorResult` schema.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EndpointErrorResult {
    /// Endpoint call response errors.
    pub errors: Vec<OperationError>,
}

/// The `OperationError` schema.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OperationError {
    /// Error name.
    pub name: String,
    /// Error message.
    pub message: String,
    /// Invalid field failing validation when error is ValidationError.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

/// The `UpdateClientAssignedTokenEndpointSuccessResult` schema.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UpdateClientAssignedTokenEndpointSuccessResult {
    pub token: ClientAssignedToken,
}

/// The `ClientAssignedToken` schema.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClientAssignedToken {
    #[serde(rename = "resourceId")]
    pub resource_id: String,
    #[serde(rename = "createdBy")]
    pub created_by: Agent,
    /// Date string.
    #[serde(rename = "createdAt")]
    pub created_at: String,
    #[serde(rename = "lastUpdatedBy")]
    pub last_updated_by: Agent,
    /// Date string.
    #[serde(rename = "lastUpdatedAt")]
    pub last_updated_at: String,
    /// Name
    pub name: String,
    /// Description
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Expiration date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<chrono::DateTime<chrono::Utc>>,
    /// Resource ID provided by you.
    #[serde(
        rename = "providedResourceId",
        default,
        skip_serializing_if = "Nullable::is_absent"
    )]
    pub provided_resource_id: Nullable<String>,
    /// Workspace ID.
    #[serde(rename = "workspaceId")]
    pub workspace_id: String,
    #[serde(rename = "permissionGroups")]
    pub permission_groups: Vec<ClientAssignedTokenPermissionGroupsItem>,
    /// JWT token string.
    #[serde(rename = "tokenStr")]
    pub token_str: String,
}

/// The `Agent` schema.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Agent {
    /// Agent ID.
    #[serde(rename = "agentId")]
    pub agent_id: String,
    /// Agent type
    #[serde(rename = "agentType")]
    pub agent_type: String,
}

/// Inline schema at `specs/fimidara.yaml#/components/schemas/UpdateClientAssignedTokenEndpointParams/properties/token`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UpdateClientAssignedTokenEndpointParamsToken {
    /// Resource ID provided by you.
    #[serde(
        rename = "providedResourceId",
        default,
        skip_serializing_if = "Nullable::is_absent"
    )]
    pub provided_resource_id: Nullable<String>,
    /// Name
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "specforge_runtime::nullable::non_null"
    )]
    pub name: Option<String>,
    /// Description
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "specforge_runtime::nullable::non_null"
    )]
    pub description: Option<String>,
    #[serde(
        rename = "permissionGroups",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "specforge_runtime::nullable::non_null"
    )]
    pub permission_groups: Option<Vec<AssignPermissionGroupInput>>,
}

/// Inline schema at `specs/fimidara.yaml#/components/schemas/ClientAssignedToken/properties/permissionGroups/items`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClientAssignedTokenPermissionGroupsItem {
    /// Resource ID.
    #[serde(rename = "permissionGroupId")]
    pub permission_group_id: String,
    pub order: f64,
}
