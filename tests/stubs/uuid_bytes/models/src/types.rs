//! One type per schema of the spec; inline schemas are named after where they appear.

use serde::{Deserialize, Serialize};
use crate::Nullable;

/// Bytes with an id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Blob {
    /// The blob's id.
    pub id: uuid::Uuid,
    /// The blob's bytes.
    pub content: specforge_runtime::Base64Bytes,
    /// The blob this one replaces, `null` for the first.
    #[serde(deserialize_with = "specforge_runtime::nullable::required")]
    pub previous: Option<uuid::Uuid>,
    /// Who owns the blob; `null` clears the owner.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub owner: Nullable<uuid::Uuid>,
    /// A small preview.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "specforge_runtime::nullable::non_null"
    )]
    pub thumbnail: Option<specforge_runtime::Base64Bytes>,
    /// The content in parts.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "specforge_runtime::nullable::non_null"
    )]
    pub chunks: Option<Vec<specforge_runtime::Base64Bytes>>,
    /// Signatures of the content, by signer id.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "specforge_runtime::nullable::non_null"
    )]
    pub signatures: Option<
        std::collections::BTreeMap<String, specforge_runtime::Base64Bytes>,
    >,
}
