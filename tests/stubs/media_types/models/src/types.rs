//! One type per schema of the spec; inline schemas are named after where they appear.

use serde::{Deserialize, Serialize};
use crate::FilePart;

/// One record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// The record's name.
    pub name: String,
    /// Its score.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "specforge_runtime::nullable::non_null"
    )]
    pub score: Option<i64>,
}

/// Records sent as JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordBatch {
    /// Where the records come from.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "specforge_runtime::nullable::non_null"
    )]
    pub source: Option<String>,
    pub records: Vec<Record>,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportSummary {
    /// How many records were imported.
    pub imported: i64,
    /// The media type the records came as.
    pub media: String,
}

/// A note with its author.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Note {
    /// The note's text.
    pub text: String,
    /// Who wrote it.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "specforge_runtime::nullable::non_null"
    )]
    pub author: Option<String>,
}

/// A CSV file of records, uploaded as a part.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportRecordsMultipartBody {
    /// The CSV file.
    pub file: FilePart,
    /// Where the records come from.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "specforge_runtime::nullable::non_null"
    )]
    pub source: Option<String>,
}
