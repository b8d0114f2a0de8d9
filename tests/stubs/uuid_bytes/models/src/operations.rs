//! Per operation: its parameter structs and its response enum, with one variant per
//! documented status or status range.

use serde::{Deserialize, Serialize};
use crate::types::Blob;

/// Path parameters of `putBlob`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PutBlobPath {
    /// The blob's id.
    #[serde(rename = "blobId")]
    pub blob_id: uuid::Uuid,
}

/// Query parameters of `putBlob`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PutBlobQuery {
    /// Blobs this one refers to.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "specforge_runtime::nullable::non_null"
    )]
    pub related: Option<Vec<uuid::Uuid>>,
    /// The SHA-256 of the content, in base64.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "specforge_runtime::nullable::non_null"
    )]
    pub checksum: Option<specforge_runtime::Base64Bytes>,
}

/// Header parameters of `putBlob`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PutBlobHeaders {
    /// The trace the request belongs to.
    #[serde(
        rename = "X-Trace-Id",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "specforge_runtime::nullable::non_null"
    )]
    pub x_trace_id: Option<uuid::Uuid>,
}

/// Responses of `putBlob`: `PUT /blobs/{blobId}`.
///
/// Store a blob under its id.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum PutBlobResponse {
    /// `200`: The stored blob.
    Ok(Blob),
}

impl PutBlobResponse {
    /// The HTTP status code of this response.
    pub fn status(&self) -> u16 {
        match self {
            Self::Ok(..) => 200,
        }
    }
}
