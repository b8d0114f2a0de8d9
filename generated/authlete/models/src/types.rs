//! One type per schema of the spec; inline schemas are named after where they appear.

use serde::{Deserialize, Serialize};
use crate::Nullable;

/// The `TokenUpdateRequest` schema.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TokenUpdateRequest {
    /// An access token.
    #[serde(rename = "accessToken")]
    pub access_token: String,
    /// A new date at which the access token will expire in milliseconds since the Unix epoch (1970-01-01).
    /// If the `accessTokenExpiresAt` request parameter is not included in a request or its value is 0
    /// (or negative), the expiration date of the access token is not changed.
    #[serde(
        rename = "accessTokenExpiresAt",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "specforge_runtime::nullable::non_null"
    )]
    pub access_token_expires_at: Option<i64>,
    /// A new set of scopes assigned to the access token. Scopes that are not supported by the service
    /// and those that the client application associated with the access token is not allowed to request
    /// are ignored on the server side. If the `scopes` request parameter is not included in a request or
    /// its value is `null`, the scopes of the access token are not changed. Note that `properties` parameter
    /// is accepted only when `Content-Type` of the request is `application/json`, so don't use `application/x-www-form-urlencoded`
    /// if you want to specify `properties`.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub scopes: Nullable<Vec<String>>,
    /// A new set of properties assigned to the access token. If the `properties` request parameter is
    /// not included in a request or its value is null, the properties of the access token are not changed.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub properties: Nullable<Vec<Property>>,
    /// A boolean request parameter which indicates whether the API attempts to update the expiration
    /// date of the access token when the scopes linked to the access token are changed by this request.
    #[serde(
        rename = "accessTokenExpiresAtUpdatedOnScopeUpdate",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "specforge_runtime::nullable::non_null"
    )]
    pub access_token_expires_at_updated_on_scope_update: Option<bool>,
    /// The hash of the access token value. Used when the hash of the token is known (perhaps from lookup)
    /// but the value of the token itself is not. The value of the `accessToken` parameter takes precedence.
    #[serde(
        rename = "accessTokenHash",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "specforge_runtime::nullable::non_null"
    )]
    pub access_token_hash: Option<String>,
    /// A boolean request parameter which indicates whether to update the value of the access token in
    /// the data store. If this parameter is set to `true` then a new access token value is generated
    /// by the server and returned in the response.
    #[serde(
        rename = "accessTokenValueUpdated",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "specforge_runtime::nullable::non_null"
    )]
    pub access_token_value_updated: Option<bool>,
    /// The flag which indicates whether the access token expires or not. By default, all access tokens
    /// expire after a period of time determined by their service. If this request parameter is `true`
    /// then the access token will not automatically expire and must be revoked or deleted manually at
    /// the service.
    ///
    /// If this request parameter is `true`, the `accessTokenExpiresAt` request parameter is ignored.
    /// If this request parameter is `false`, the `accessTokenExpiresAt` request parameter is processed
    /// normally.
    #[serde(
        rename = "accessTokenPersistent",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "specforge_runtime::nullable::non_null"
    )]
    pub access_token_persistent: Option<bool>,
    /// The thumbprint of the MTLS certificate bound to this token. If this property is set, a certificate
    /// with the corresponding value MUST be presented with the access token when it is used by a client.
    /// The value of this property must be a SHA256 certificate thumbprint, base64url encoded.
    #[serde(
        rename = "certificateThumbprint",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "specforge_runtime::nullable::non_null"
    )]
    pub certificate_thumbprint: Option<String>,
    /// The thumbprint of the public key used for DPoP presentation of this token. If this property is
    /// set, a DPoP proof signed with the corresponding private key MUST be presented with the access
    /// token when it is used by a client. Additionally, the token's `token_type` will be set to 'DPoP'.
    #[serde(
        rename = "dpopKeyThumbprint",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "specforge_runtime::nullable::non_null"
    )]
    pub dpop_key_thumbprint: Option<String>,
    /// The authorization details. This represents the value of the `authorization_details`
    /// request parameter in the preceding device authorization request which is defined in
    /// "OAuth 2.0 Rich Authorization Requests".
    #[serde(
        rename = "authorizationDetails",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "specforge_runtime::nullable::non_null"
    )]
    pub authorization_details: Option<AuthzDetails>,
    /// the flag which indicates whether the access token is for an external
    /// attachment.
    #[serde(
        rename = "forExternalAttachment",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "specforge_runtime::nullable::non_null"
    )]
    pub for_external_attachment: Option<bool>,
    /// A new date at which the access token will expire in milliseconds since the Unix epoch (1970-01-01).
    /// If the `refreshTokenExpiresAt` request parameter is not included in a request or its value is 0
    /// (or negative), the expiration date of the refresh token is not changed.
    #[serde(
        rename = "refreshTokenExpiresAt",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "specforge_runtime::nullable::non_null"
    )]
    pub refresh_token_expires_at: Option<i64>,
    /// A boolean request parameter which indicates whether the API attempts to update the expiration
    /// date of the refresh token when the scopes linked to the refresh token are changed by this request.
    #[serde(
        rename = "refreshTokenExpiresAtUpdatedOnScopeUpdate",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "specforge_runtime::nullable::non_null"
    )]
    pub refresh_token_expires_at_updated_on_scope_update: Option<bool>,
    /// The token identifier.
    #[serde(
        rename = "tokenId",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "specforge_runtime::nullable::non_null"
    )]
    pub token_id: Option<String>,
}

/// The `ClientAuthorizationUpdateRequest` schema.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClientAuthorizationUpdateRequest {
    /// The subject (= unique identifier) of the end-user who has granted authorization to the client application.
    pub subject: String,
    /// An array of new scopes. Optional. If a non-null value is given, the new scopes are set to all existing access tokens. If an API call is made using "Content-Type: application/x-www-form-urlencoded", scope names listed in this request parameter should be delimited by spaces (after form encoding, spaces are converted to +).
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub scopes: Nullable<Vec<String>>,
}

/// The `Result` schema.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ResultModel {
    /// The code which represents the result of the API call.
    #[serde(rename = "resultCode", default, skip_serializing_if = "Option::is_none")]
    pub result_code: Option<String>,
    /// A short message which explains the result of the API call.
    #[serde(rename = "resultMessage", default, skip_serializing_if = "Option::is_none")]
    pub result_message: Option<String>,
}

/// The `Property` schema.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Property {
    /// The key part.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "specforge_runtime::nullable::non_null"
    )]
    pub key: Option<String>,
    /// The value part.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "specforge_runtime::nullable::non_null"
    )]
    pub value: Option<String>,
    /// The flag to indicate whether this property hidden from or visible to client applications.
    /// If `true`, this property is hidden from client applications. Otherwise, this property is visible to client applications.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "specforge_runtime::nullable::non_null"
    )]
    pub hidden: Option<bool>,
}

/// The authorization details. This represents the value of the `authorization_details`
/// request parameter in the preceding device authorization request which is defined in
/// "OAuth 2.0 Rich Authorization Requests".
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AuthzDetails {
    /// Elements of this authorization details.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "specforge_runtime::nullable::non_null"
    )]
    pub elements: Option<Vec<AuthorizationDetailsElement>>,
}

/// The `AuthorizationDetailsElement` schema.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuthorizationDetailsElement {
    /// The type of this element.
    ///
    /// From _"OAuth 2.0 Rich Authorization Requests"_: _"The type of authorization data as a string.
    /// This field MAY define which other elements are allowed in the request. This element is REQUIRED."_
    ///
    /// This property is always NOT `null`.
    pub r#type: String,
    /// The resources and/or resource servers. This property may be `null`.
    ///
    /// From _"OAuth 2.0 Rich Authorization Requests"_: _"An array of strings representing the location of
    /// the resource or resource server. This is typically composed of URIs."_
    ///
    /// This property may be `null`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "specforge_runtime::nullable::non_null"
    )]
    pub locations: Option<Vec<String>>,
    /// The actions.
    ///
    /// From _"OAuth 2.0 Rich Authorization Requests"_: _"An array of strings representing the kinds of actions
    /// to be taken at the resource. The values of the strings are determined by the API being protected."_
    ///
    /// This property may be `null`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "specforge_runtime::nullable::non_null"
    )]
    pub actions: Option<Vec<String>>,
    /// From _"OAuth 2.0 Rich Authorization Requests"_: _"An array of strings representing the kinds of data being requested
    /// from the resource."_
    ///
    /// This property may be `null`.
    #[serde(
        rename = "dataTypes",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "specforge_runtime::nullable::non_null"
    )]
    pub data_types: Option<Vec<String>>,
    /// The identifier of a specific resource.
    /// From _"OAuth 2.0 Rich Authorization Requests"_: _"A string identifier indicating a specific resource available at the API."_
    ///
    /// This property may be `null`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "specforge_runtime::nullable::non_null"
    )]
    pub identifier: Option<String>,
    /// The types or levels of privilege.
    /// From "OAuth 2.0 Rich Authorization Requests": _"An array of strings representing the types or
    /// levels of privilege being requested at the resource."_
    ///
    /// This property may be `null`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "specforge_runtime::nullable::non_null"
    )]
    pub privileges: Option<Vec<String>>,
    /// The RAR request in the JSON format excluding the pre-defined attributes such as `type` and `locations`.
    /// The content and semantics are specific to the deployment and the use case implemented.
    #[serde(
        rename = "otherFields",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "specforge_runtime::nullable::non_null"
    )]
    pub other_fields: Option<String>,
}

/// The `TokenUpdateResponse` schema.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TokenUpdateResponse {
    /// The code which represents the result of the API call.
    #[serde(rename = "resultCode", default, skip_serializing_if = "Option::is_none")]
    pub result_code: Option<String>,
    /// A short message which explains the result of the API call.
    #[serde(rename = "resultMessage", default, skip_serializing_if = "Option::is_none")]
    pub result_message: Option<String>,
    /// The next action that the authorization server implementation should take.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<TokenUpdateResponseAction>,
    /// The access token which has been specified by the request.
    #[serde(rename = "accessToken", default, skip_serializing_if = "Option::is_none")]
    pub access_token: Option<String>,
    /// The date at which the access token will expire.
    #[serde(
        rename = "accessTokenExpiresAt",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub access_token_expires_at: Option<i64>,
    /// The extra properties associated with the access token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub properties: Option<Vec<Property>>,
    /// The scopes associated with the access token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scopes: Option<Vec<String>>,
    /// The authorization details. This represents the value of the `authorization_details`
    /// request parameter in the preceding device authorization request which is defined in
    /// "OAuth 2.0 Rich Authorization Requests".
    #[serde(
        rename = "authorizationDetails",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub authorization_details: Option<AuthzDetails>,
    /// The token type associated with the access token.
    #[serde(rename = "tokenType", default, skip_serializing_if = "Option::is_none")]
    pub token_type: Option<String>,
    /// the flag which indicates whether the access token is for an external
    /// attachment.
    #[serde(
        rename = "forExternalAttachment",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub for_external_attachment: Option<bool>,
    /// Set the unique token identifier.
    #[serde(rename = "tokenId", default, skip_serializing_if = "Option::is_none")]
    pub token_id: Option<String>,
    /// The datetime at which the newly issued refresh token will expire.
    /// The value is represented in milliseconds since the Unix epoch (1970-01-01).
    #[serde(
        rename = "refreshTokenExpiresAt",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub refresh_token_expires_at: Option<i64>,
}

/// The next action that the authorization server implementation should take.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TokenUpdateResponseAction {
    /// `INTERNAL_SERVER_ERROR`
    #[serde(rename = "INTERNAL_SERVER_ERROR")]
    InternalServerError,
    /// `BAD_REQUEST`
    #[serde(rename = "BAD_REQUEST")]
    BadRequest,
    /// `FORBIDDEN`
    #[serde(rename = "FORBIDDEN")]
    Forbidden,
    /// `NOT_FOUND`
    #[serde(rename = "NOT_FOUND")]
    NotFound,
    /// `OK`
    #[serde(rename = "OK")]
    Ok,
    /// A value the spec does not list, kept as sent so that newer servers do not
    /// break this client.
    #[serde(untagged)]
    Unknown(String),
}

impl TokenUpdateResponseAction {
    /// The value as it is on the wire.
    pub fn as_str(&self) -> &str {
        match self {
            Self::InternalServerError => "INTERNAL_SERVER_ERROR",
            Self::BadRequest => "BAD_REQUEST",
            Self::Forbidden => "FORBIDDEN",
            Self::NotFound => "NOT_FOUND",
            Self::Ok => "OK",
            Self::Unknown(value) => value,
        }
    }
}

impl std::fmt::Display for TokenUpdateResponseAction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
