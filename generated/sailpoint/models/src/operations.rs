//! Per operation: its parameter structs and its response enum, with one variant per
//! documented status or status range.

use serde::{Deserialize, Serialize};
use crate::types::{
    ErrorResponseDto, PatchPersonalAccessTokenOkBody,
    PatchPersonalAccessTokenTooManyRequestsBody, PatchPersonalAccessTokenUnauthorizedBody,
};

/// Path parameters of `patchPersonalAccessToken`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PatchPersonalAccessTokenPath {
    /// The Personal Access Token id
    pub id: String,
}

/// Responses of `patchPersonalAccessToken`: `PATCH /personal-access-tokens/{id}`.
///
/// Patch Personal Access Token
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum PatchPersonalAccessTokenResponse {
    /// `200`: Indicates the PATCH operation succeeded, and returns the PAT's new representation.
    Ok(PatchPersonalAccessTokenOkBody),
    /// `400`: Client Error - Returned if the request body is invalid.
    BadRequest(ErrorResponseDto),
    /// `401`: Unauthorized - Returned if there is no authorization header, or if the JWT token is expired.
    Unauthorized(PatchPersonalAccessTokenUnauthorizedBody),
    /// `403`: Forbidden - Returned if the user you are running as, doesn't have access to this end-point.
    Forbidden(ErrorResponseDto),
    /// `404`: Not Found - returned if the request URL refers to a resource or object that does not exist
    NotFound(ErrorResponseDto),
    /// `429`: Too Many Requests - Returned in response to too many requests in a given period of time - rate limited. The Retry-After header in the response includes how long to wait before trying again.
    TooManyRequests(PatchPersonalAccessTokenTooManyRequestsBody),
    /// `500`: Internal Server Error - Returned if there is an unexpected error.
    InternalServerError(ErrorResponseDto),
    /// `409`: Conflict - Returned if the patch cannot be applied to the token as it is now (a failed `test` operation, or a name another token of the owner has).
    Conflict(ErrorResponseDto),
    /// `413`: Payload Too Large
    PayloadTooLarge(ErrorResponseDto),
    /// `415`: Unsupported Media Type
    UnsupportedMediaType(ErrorResponseDto),
}

impl PatchPersonalAccessTokenResponse {
    /// The HTTP status code of this response.
    pub fn status(&self) -> u16 {
        match self {
            Self::Ok(..) => 200,
            Self::BadRequest(..) => 400,
            Self::Unauthorized(..) => 401,
            Self::Forbidden(..) => 403,
            Self::NotFound(..) => 404,
            Self::TooManyRequests(..) => 429,
            Self::InternalServerError(..) => 500,
            Self::Conflict(..) => 409,
            Self::PayloadTooLarge(..) => 413,
            Self::UnsupportedMediaType(..) => 415,
        }
    }
}
