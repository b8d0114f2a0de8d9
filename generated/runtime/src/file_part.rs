//! A file sent as one part of a `multipart/form-data` body.

use serde::{Deserialize, Serialize};

/// A file part of a `multipart/form-data` body: its bytes, with the file name and media type
/// the client gave it (`Content-Disposition: form-data; name="file"; filename="a.png"` and
/// the part's own `Content-Type`).
///
/// A models struct holds one wherever its schema has `type: string, format: binary` in a
/// multipart body, and stays a plain serde type: the server stub reads the parts into a map of
/// their names, handing a file part's bytes, name and media type to this type's
/// `Deserialize`. Through JSON a file part reads and writes as
/// `{"bytes": [..], "file_name": "a.png", "content_type": "image/png"}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilePart {
    /// The part's content, as sent.
    #[serde(with = "bytes")]
    pub bytes: Vec<u8>,
    /// The `filename` of the part's `Content-Disposition`, if it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_name: Option<String>,
    /// The part's `Content-Type`, if it has one (a client that sends none means
    /// `application/octet-stream` for a file, `text/plain` for text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
}

/// Bytes as serde's bytes: a reader that has them whole (the multipart reader) hands them over
/// without a copy; JSON writes them as an array of numbers and reads them back from one.
mod bytes {
    use std::fmt;

    use serde::de::{SeqAccess, Visitor};
    use serde::{Deserializer, Serializer};

    pub fn serialize<S: Serializer>(bytes: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(bytes)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
        deserializer.deserialize_byte_buf(BytesVisitor)
    }

    struct BytesVisitor;

    impl<'de> Visitor<'de> for BytesVisitor {
        type Value = Vec<u8>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("the bytes of a file")
        }

        fn visit_bytes<E: serde::de::Error>(self, bytes: &[u8]) -> Result<Vec<u8>, E> {
            Ok(bytes.to_vec())
        }

        fn visit_byte_buf<E: serde::de::Error>(self, bytes: Vec<u8>) -> Result<Vec<u8>, E> {
            Ok(bytes)
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<u8>, A::Error> {
            let mut bytes = Vec::with_capacity(seq.size_hint().unwrap_or_default());
            while let Some(byte) = seq.next_element::<u8>()? {
                bytes.push(byte);
            }
            Ok(bytes)
        }
    }
}
