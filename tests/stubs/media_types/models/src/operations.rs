//! Per operation: its parameter structs and its response enum, with one variant per
//! documented status or status range.

use crate::types::{ImportRecordsMultipartBody, ImportSummary, Note, RecordBatch};

/// The request body of `importRecords`, by its media type, which says which variant it is.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum ImportRecordsBody {
    /// Sent as `application/json`.
    Json(RecordBatch),
    /// Sent as `multipart/form-data`.
    Multipart(ImportRecordsMultipartBody),
    /// Sent as `text/csv`.
    Csv(String),
}

/// Responses of `importRecords`: `POST /records`.
///
/// Import records.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum ImportRecordsResponse {
    /// `201`: How many records were imported.
    Created(ImportSummary),
}

impl ImportRecordsResponse {
    /// The HTTP status code of this response.
    pub fn status(&self) -> u16 {
        match self {
            Self::Created(..) => 201,
        }
    }
}

/// The `200` response body of `exportRecords`, by its media type, which says which variant it is.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum ExportRecordsOkBody {
    /// Sent as `application/json`.
    Json(RecordBatch),
    /// Sent as `text/csv`.
    Csv(String),
}

/// Responses of `exportRecords`: `GET /records/export`.
///
/// Export every record.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum ExportRecordsResponse {
    /// `200`: The records, in the media type asked for.
    Ok(ExportRecordsOkBody),
}

impl ExportRecordsResponse {
    /// The HTTP status code of this response.
    pub fn status(&self) -> u16 {
        match self {
            Self::Ok(..) => 200,
        }
    }
}

/// The request body of `putNote`, by its media type, which says which variant it is.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum PutNoteBody {
    /// Sent as `application/json`.
    Json(Note),
    /// Sent as `text/plain`.
    Plain(String),
}

/// Responses of `putNote`: `PUT /notes`.
///
/// Replace the note, or clear it with no body.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum PutNoteResponse {
    /// `204`: The note was replaced.
    NoContent,
}

impl PutNoteResponse {
    /// The HTTP status code of this response.
    pub fn status(&self) -> u16 {
        match self {
            Self::NoContent => 204,
        }
    }
}
