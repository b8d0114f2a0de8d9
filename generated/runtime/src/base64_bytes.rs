//! Bytes that travel as base64 text (`type: string, format: byte`).

use std::fmt;
use std::ops::Deref;

use base64::alphabet;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
use base64::engine::DecodePaddingMode;
use base64::Engine;
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Bytes a schema of `type: string, format: byte` describes: in JSON (or a query string, a
/// header, a form field) they are base64 text in the standard alphabet of RFC 4648, and in
/// Rust the decoded bytes.
///
/// Written with padding (`"aGVsbG8="` for `hello`); read with or without it, since clients
/// that strip the padding are common and lose nothing by it. Anything else, such as the
/// URL-safe alphabet or characters outside the alphabet, is an error of deserialisation.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Base64Bytes(pub Vec<u8>);

/// The reading engine: the standard alphabet, padding optional.
const READER: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

impl Base64Bytes {
    /// The bytes, given back.
    pub fn into_inner(self) -> Vec<u8> {
        self.0
    }

    /// The base64 text the bytes are written as, with padding.
    pub fn to_base64(&self) -> String {
        STANDARD.encode(&self.0)
    }

    /// Reads base64 text, with or without padding.
    pub fn from_base64(text: &str) -> Result<Self, base64::DecodeError> {
        READER.decode(text).map(Base64Bytes)
    }
}

impl Deref for Base64Bytes {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.0
    }
}

impl AsRef<[u8]> for Base64Bytes {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl From<Vec<u8>> for Base64Bytes {
    fn from(bytes: Vec<u8>) -> Self {
        Base64Bytes(bytes)
    }
}

impl From<&[u8]> for Base64Bytes {
    fn from(bytes: &[u8]) -> Self {
        Base64Bytes(bytes.to_vec())
    }
}

impl From<Base64Bytes> for Vec<u8> {
    fn from(bytes: Base64Bytes) -> Self {
        bytes.0
    }
}

impl Serialize for Base64Bytes {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_base64())
    }
}

impl<'de> Deserialize<'de> for Base64Bytes {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(Base64Visitor)
    }
}

struct Base64Visitor;

impl Visitor<'_> for Base64Visitor {
    type Value = Base64Bytes;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("base64 text (RFC 4648, standard alphabet)")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Base64Bytes, E> {
        Base64Bytes::from_base64(text).map_err(|err| E::custom(format!("invalid base64: {err}")))
    }
}

#[cfg(test)]
mod tests {
    use super::Base64Bytes;

    #[test]
    fn writes_padded_standard_base64() {
        let hello = Base64Bytes::from(b"hello".as_slice());
        assert_eq!(
            serde_json::to_string(&hello).ok().as_deref(),
            Some("\"aGVsbG8=\"")
        );
        let odd = Base64Bytes(vec![0xfb, 0xff]);
        assert_eq!(
            serde_json::to_string(&odd).ok().as_deref(),
            Some("\"+/8=\"")
        );
        assert_eq!(
            serde_json::to_string(&Base64Bytes::default())
                .ok()
                .as_deref(),
            Some("\"\"")
        );
    }

    #[test]
    fn reads_with_or_without_padding() {
        for text in ["\"aGVsbG8=\"", "\"aGVsbG8\""] {
            let read: Base64Bytes =
                serde_json::from_str(text).unwrap_or_else(|err| panic!("{err}"));
            assert_eq!(&*read, b"hello");
        }
    }

    #[test]
    fn refuses_what_is_not_standard_base64() {
        for text in [
            "\"-_8=\"",
            "\"a\"",
            "\"aGVsbG8==\"",
            "\"aGV sbG8=\"",
            "7",
            "null",
        ] {
            let read = serde_json::from_str::<Base64Bytes>(text);
            assert!(read.is_err(), "{text} read as {read:?}");
        }
        let err = serde_json::from_str::<Base64Bytes>("\"a!\"")
            .err()
            .map(|err| err.to_string());
        assert!(
            err.as_deref()
                .is_some_and(|err| err.starts_with("invalid base64")),
            "{err:?}"
        );
    }

    #[test]
    fn holds_in_options_and_lists() {
        let list: Vec<Option<Base64Bytes>> =
            serde_json::from_str(r#"["AA==", null]"#).unwrap_or_else(|err| panic!("{err}"));
        assert_eq!(list, [Some(Base64Bytes(vec![0])), None]);
        assert_eq!(
            serde_json::to_string(&list).ok().as_deref(),
            Some(r#"["AA==",null]"#)
        );
    }
}
