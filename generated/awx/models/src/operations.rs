//! Per operation: its parameter structs and its response enum, with one variant per
//! documented status or status range.

use serde::{Deserialize, Serialize};
use crate::types::{Error, OAuth2TokenDetail, ValidationError};

/// Path parameters of `updateToken`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UpdateTokenPath {
    pub id: i64,
}

/// Responses of `updateToken`: `PUT /api/v2/tokens/{id}/`.
///
/// Update an Access Token
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum UpdateTokenResponse {
    /// `200`:
    Ok(OAuth2TokenDetail),
    /// `400`: Bad Request
    BadRequest(ValidationError),
    /// `401`: Unauthorized
    Unauthorized(Error),
    /// `403`: Forbidden
    Forbidden(Error),
    /// `404`: Not Found
    NotFound(Error),
    /// `413`: Payload Too Large
    PayloadTooLarge(Error),
    /// `415`: Unsupported Media Type
    UnsupportedMediaType(Error),
}

impl UpdateTokenResponse {
    /// The HTTP status code of this response.
    pub fn status(&self) -> u16 {
        match self {
            Self::Ok(..) => 200,
            Self::BadRequest(..) => 400,
            Self::Unauthorized(..) => 401,
            Self::Forbidden(..) => 403,
            Self::NotFound(..) => 404,
            Self::PayloadTooLarge(..) => 413,
            Self::UnsupportedMediaType(..) => 415,
        }
    }
}

/// Path parameters of `partialUpdateToken`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartialUpdateTokenPath {
    pub id: i64,
}

/// Responses of `partialUpdateToken`: `PATCH /api/v2/tokens/{id}/`.
///
/// Update an Access Token
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum PartialUpdateTokenResponse {
    /// `200`:
    Ok(OAuth2TokenDetail),
    /// `400`: Bad Request
    BadRequest(ValidationError),
    /// `401`: Unauthorized
    Unauthorized(Error),
    /// `403`: Forbidden
    Forbidden(Error),
    /// `404`: Not Found
    NotFound(Error),
    /// `413`: Payload Too Large
    PayloadTooLarge(Error),
    /// `415`: Unsupported Media Type
    UnsupportedMediaType(Error),
}

impl PartialUpdateTokenResponse {
    /// The HTTP status code of this response.
    pub fn status(&self) -> u16 {
        match self {
            Self::Ok(..) => 200,
            Self::BadRequest(..) => 400,
            Self::Unauthorized(..) => 401,
            Self::Forbidden(..) => 403,
            Self::NotFound(..) => 404,
            Self::PayloadTooLarge(..) => 413,
            Self::UnsupportedMediaType(..) => 415,
        }
    }
}
