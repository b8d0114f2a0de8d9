//! Per operation: its parameter structs and its response enum, with one variant per
//! documented status or status range.

use crate::types::Stored;

/// Responses of `uploadImage`: `POST /images`.
///
/// Upload an image from a file or a URL.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum UploadImageResponse {
    /// `201`: The stored image.
    Created(Stored),
}

impl UploadImageResponse {
    /// The HTTP status code of this response.
    pub fn status(&self) -> u16 {
        match self {
            Self::Created(..) => 201,
        }
    }
}

/// Responses of `attachNote`: `POST /notes`.
///
/// Attach a note, as a text part or a file.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum AttachNoteResponse {
    /// `201`: The stored note.
    Created(Stored),
}

impl AttachNoteResponse {
    /// The HTTP status code of this response.
    pub fn status(&self) -> u16 {
        match self {
            Self::Created(..) => 201,
        }
    }
}
