//! One type per schema of the spec; inline schemas are named after where they appear.

use serde::{Deserialize, Serialize};
use crate::FilePart;

/// The `ImageUpload` schema.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImageUpload {
    /// Key-value pairs kept with the image.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "specforge_runtime::nullable::non_null"
    )]
    pub metadata: Option<serde_json::Value>,
    /// Whether the image needs a signed URL.
    ///
    /// Default: `false`.
    #[serde(
        rename = "requireSignedURLs",
        default = "ImageUpload::default_require_signed_ur_ls"
    )]
    pub require_signed_ur_ls: bool,
    /// The keys of exactly one of the shapes the schema combines with the fields above, in the same JSON object.
    #[serde(flatten)]
    pub variant: ImageUploadVariant,
}

impl ImageUpload {
    /// The default of `ImageUpload.requireSignedURLs`.
    fn default_require_signed_ur_ls() -> bool {
        false
    }
}

/// File
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImageFromFile {
    /// The image itself.
    pub file: FilePart,
}

/// Url
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImageFromUrl {
    /// Where to fetch the image from.
    pub url: String,
}

/// The `Stored` schema.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stored {
    /// `file`, `url` or `text`: which variant the body was.
    pub via: String,
    /// The file name, the URL or the text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The file's size in bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<i64>,
    pub signed: bool,
    /// The metadata as received.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<serde_json::Value>,
}

/// Inline schema at `tests/fixtures/multipart_union.yaml#/components/schemas/ImageUpload/oneOf`.
///
/// One of several shapes (`oneOf`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ImageUploadVariant {
    /// A `ImageFromFile` value.
    ImageFromFile(ImageFromFile),
    /// A `ImageFromUrl` value.
    ImageFromUrl(ImageFromUrl),
}

/// Inline schema at `tests/fixtures/multipart_union.yaml#/paths/~1notes/post/requestBody/content/multipart~1form-data/schema`.
///
/// One of several shapes (`oneOf`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum AttachNoteBody {
    /// A `Variant1` value.
    Variant1(AttachNoteBodyVariant1),
    /// A `Variant2` value.
    Variant2(AttachNoteBodyVariant2),
}

/// Inline schema at `tests/fixtures/multipart_union.yaml#/paths/~1notes/post/requestBody/content/multipart~1form-data/schema/oneOf/0`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttachNoteBodyVariant1 {
    pub text: String,
    pub author: String,
}

/// Inline schema at `tests/fixtures/multipart_union.yaml#/paths/~1notes/post/requestBody/content/multipart~1form-data/schema/oneOf/1`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttachNoteBodyVariant2 {
    pub attachment: FilePart,
    pub author: String,
}
