//! Per operation: its parameter structs and its response enum, with one variant per
//! documented status or status range.

use serde::{Deserialize, Serialize};
use crate::types::{ResultModel, TokenUpdateResponse};

/// Path parameters of `clientAuthorizationUpdateApi`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClientAuthorizationUpdateApiPath {
    /// A service ID.
    #[serde(rename = "serviceId")]
    pub service_id: String,
    /// A client ID.
    #[serde(rename = "clientId")]
    pub client_id: String,
}

/// Responses of `clientAuthorizationUpdateApi`: `POST /api/{serviceId}/client/authorization/update/{clientId}`.
///
/// Update Client Tokens
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum ClientAuthorizationUpdateApiResponse {
    /// `200`:
    Ok(ResultModel),
    /// `400`:
    BadRequest(ResultModel),
    /// `401`:
    Unauthorized(ResultModel),
    /// `403`:
    Forbidden(ResultModel),
    /// `413`:
    PayloadTooLarge(ResultModel),
    /// `415`:
    UnsupportedMediaType(ResultModel),
    /// `500`:
    InternalServerError(ResultModel),
}

impl ClientAuthorizationUpdateApiResponse {
    /// The HTTP status code of this response.
    pub fn status(&self) -> u16 {
        match self {
            Self::Ok(..) => 200,
            Self::BadRequest(..) => 400,
            Self::Unauthorized(..) => 401,
            Self::Forbidden(..) => 403,
            Self::PayloadTooLarge(..) => 413,
            Self::UnsupportedMediaType(..) => 415,
            Self::InternalServerError(..) => 500,
        }
    }
}

/// Path parameters of `authTokenUpdateApi`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuthTokenUpdateApiPath {
    /// A service ID.
    #[serde(rename = "serviceId")]
    pub service_id: String,
}

/// Responses of `authTokenUpdateApi`: `POST /api/{serviceId}/auth/token/update`.
///
/// Update Access Token
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum AuthTokenUpdateApiResponse {
    /// `200`:
    Ok(TokenUpdateResponse),
    /// `400`:
    BadRequest(ResultModel),
    /// `401`:
    Unauthorized(ResultModel),
    /// `403`:
    Forbidden(ResultModel),
    /// `413`:
    PayloadTooLarge(ResultModel),
    /// `415`:
    UnsupportedMediaType(ResultModel),
    /// `500`:
    InternalServerError(ResultModel),
}

impl AuthTokenUpdateApiResponse {
    /// The HTTP status code of this response.
    pub fn status(&self) -> u16 {
        match self {
            Self::Ok(..) => 200,
            Self::BadRequest(..) => 400,
            Self::Unauthorized(..) => 401,
            Self::Forbidden(..) => 403,
            Self::PayloadTooLarge(..) => 413,
            Self::UnsupportedMediaType(..) => 415,
            Self::InternalServerError(..) => 500,
        }
    }
}
