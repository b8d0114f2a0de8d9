//! Per operation: its parameter structs and its response enum, with one variant per
//! documented status or status range.

use crate::types::Document;

/// Responses of `uploadDocument`: `POST /documents`.
///
/// Upload a document with its attachments.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum UploadDocumentResponse {
    /// `201`: The stored document.
    Created(Document),
}

impl UploadDocumentResponse {
    /// The HTTP status code of this response.
    pub fn status(&self) -> u16 {
        match self {
            Self::Created(..) => 201,
        }
    }
}
