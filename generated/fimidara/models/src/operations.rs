//! Per operation: its parameter structs and its response enum, with one variant per
//! documented status or status range.

use crate::types::{EndpointErrorResult, UpdateClientAssignedTokenEndpointSuccessResult};

/// Responses of `updateClientAssignedToken`: `POST /v1/clientAssignedTokens/updateToken`.
///
/// Update Client Assigned Token Endpoint
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum UpdateClientAssignedTokenResponse {
    /// `200`:
    Ok(UpdateClientAssignedTokenEndpointSuccessResult),
    /// `4XX`:
    ClientError {
        /// The status code sent.
        status: u16,
        /// The response body.
        body: EndpointErrorResult,
    },
    /// `5XX`:
    ServerError {
        /// The status code sent.
        status: u16,
        /// The response body.
        body: EndpointErrorResult,
    },
}

impl UpdateClientAssignedTokenResponse {
    /// The HTTP status code of this response.
    pub fn status(&self) -> u16 {
        match self {
            Self::Ok(..) => 200,
            Self::ClientError { status, .. } => *status,
            Self::ServerError { status, .. } => *status,
        }
    }
}
