//! One type per schema of the spec; inline schemas are named after where they appear.

use serde::{Deserialize, Serialize};
use crate::FilePart;

/// The parts of an upload.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentUpload {
    /// The document itself.
    pub document: FilePart,
    /// The document's title.
    pub title: String,
    /// How many copies to keep.
    pub copies: i64,
    /// Further files that belong to the document.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "specforge_runtime::nullable::non_null"
    )]
    pub attachments: Option<Vec<FilePart>>,
}

/// A stored document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// The document's title.
    pub title: String,
    /// The file name the document was uploaded with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_name: Option<String>,
    /// The document's size in bytes.
    pub size: i64,
    /// How many attachments came with it.
    pub attachments: i64,
}
