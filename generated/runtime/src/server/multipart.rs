//! `multipart/form-data` bodies: the parts read with multer, each by its field's type, and
//! handed to the body type's `Deserialize` as one map of the parts' names.
//!
//! Text parts become the JSON a form's fields become (`count` of `type: integer` is a number,
//! a part whose encoding is JSON is parsed), so that the body's shape and limits are checked
//! as every other body's are; file parts keep their bytes, file name and media type and reach
//! [`FilePart`]'s `Deserialize` without passing through JSON.

use std::borrow::Cow;

use axum::body::{Body, Bytes};
use serde::de::{self, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, Visitor};
use serde_json::{Map, Value};

use super::super::file_part::FilePart;
use super::parameters::{pairs_to_json, FormValue};
use super::rejection::Rejection;

/// A multipart body read into its parts: the text parts as a JSON object, the file parts by
/// field name.
#[derive(Debug)]
pub(super) struct Parts {
    /// The text parts, each read as its field's type.
    pub fields: Value,
    files: Vec<(String, Files)>,
}

/// The file parts of one field.
#[derive(Debug)]
enum Files {
    /// A field of one file.
    One(FilePart),
    /// A field of an array of files: a part per file, under the same name.
    Many(Vec<FilePart>),
}

/// Reads the parts of a multipart body whose `Content-Type` is `content_type`; `fields` gives
/// each field's type. A body without a boundary, or whose framing is broken, is a 400.
pub(super) async fn read(
    bytes: Bytes,
    content_type: &str,
    fields: &[(&str, FormValue)],
) -> Result<Parts, Rejection> {
    let boundary = multer::parse_boundary(content_type).map_err(|_| {
        Rejection::invalid(
            None,
            format!("a multipart body needs a boundary in its Content-Type, found {content_type}"),
        )
    })?;
    let mut multipart = multer::Multipart::new(Body::from(bytes).into_data_stream(), boundary);
    let mut texts: Vec<(Cow<'static, str>, Cow<'static, str>)> = Vec::new();
    let mut files: Vec<(String, Files)> = Vec::new();
    while let Some(part) = multipart.next_field().await.map_err(malformed)? {
        let Some(name) = part.name().map(str::to_owned) else {
            return Err(Rejection::invalid(
                None,
                "the multipart body has a part without a name in its Content-Disposition",
            ));
        };
        let kind = fields
            .iter()
            .find(|(field, _)| *field == name)
            .map(|(_, kind)| *kind);
        match kind {
            Some(FormValue::File) => {
                if files.iter().any(|(field, _)| *field == name) {
                    return Err(Rejection::invalid(
                        Some(name.clone()),
                        format!("invalid part `{name}`: expected one file, found several"),
                    ));
                }
                let file = file_part(part).await?;
                files.push((name, Files::One(file)));
            }
            Some(FormValue::List(FormValue::File, _)) => {
                let file = file_part(part).await?;
                match files.iter_mut().find(|(field, _)| *field == name) {
                    Some((_, Files::Many(many))) => many.push(file),
                    _ => files.push((name, Files::Many(vec![file]))),
                }
            }
            _ => {
                let bytes = part.bytes().await.map_err(malformed)?;
                let text = String::from_utf8(bytes.to_vec()).map_err(|_| {
                    Rejection::invalid(
                        Some(name.clone()),
                        format!(
                            "invalid part `{name}`: expected text, found bytes that are not UTF-8"
                        ),
                    )
                })?;
                texts.push((Cow::Owned(name), Cow::Owned(text)));
            }
        }
    }
    Ok(Parts {
        fields: pairs_to_json(texts.into_iter(), fields)?,
        files,
    })
}

async fn file_part(part: multer::Field<'_>) -> Result<FilePart, Rejection> {
    let file_name = part.file_name().map(str::to_owned);
    let content_type = part.content_type().map(ToString::to_string);
    let bytes = part.bytes().await.map_err(malformed)?;
    Ok(FilePart {
        bytes: bytes.into(),
        file_name,
        content_type,
    })
}

/// The 400 for a body multer cannot read as multipart.
fn malformed(err: multer::Error) -> Rejection {
    Rejection::invalid(
        None,
        format!("the body is not valid multipart/form-data: {err}"),
    )
}

impl Parts {
    /// The parts as serde reads them: a map of field names to values, text parts first.
    pub(super) fn deserializer(&mut self) -> PartsDeserializer<'_> {
        let fields = match &self.fields {
            Value::Object(fields) => Some(fields),
            _ => None,
        };
        PartsDeserializer {
            fields: fields.map(Map::iter),
            files: std::mem::take(&mut self.files).into_iter(),
            pending: None,
        }
    }
}

/// A multipart body as a serde map: the text parts' JSON values, then the file parts.
pub(super) struct PartsDeserializer<'a> {
    fields: Option<serde_json::map::Iter<'a>>,
    files: std::vec::IntoIter<(String, Files)>,
    pending: Option<Pending<'a>>,
}

/// The value of the key just read.
enum Pending<'a> {
    Field(&'a Value),
    Files(Files),
}

impl<'a> Deserializer<'a> for PartsDeserializer<'a> {
    type Error = serde_json::Error;

    fn deserialize_any<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_map(self)
    }

    serde::forward_to_deserialize_any! {
        <W: Visitor<'a>>
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map struct enum
        identifier ignored_any
    }
}

impl<'a> MapAccess<'a> for PartsDeserializer<'a> {
    type Error = serde_json::Error;

    fn next_key_seed<K: DeserializeSeed<'a>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Self::Error> {
        if let Some((name, value)) = self.fields.as_mut().and_then(Iterator::next) {
            self.pending = Some(Pending::Field(value));
            return seed
                .deserialize(name.as_str().into_deserializer())
                .map(Some);
        }
        match self.files.next() {
            Some((name, files)) => {
                self.pending = Some(Pending::Files(files));
                seed.deserialize(name.into_deserializer()).map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'a>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, Self::Error> {
        match self.pending.take() {
            Some(Pending::Field(value)) => seed.deserialize(value),
            Some(Pending::Files(Files::One(file))) => seed.deserialize(FileDeserializer(file)),
            Some(Pending::Files(Files::Many(files))) => seed.deserialize(FilesDeserializer(files)),
            None => Err(de::Error::custom("a part's value was read before its name")),
        }
    }
}

/// The file parts of one field as serde reads them: a sequence (that is there, for an
/// optional field).
struct FilesDeserializer(Vec<FilePart>);

impl<'de> Deserializer<'de> for FilesDeserializer {
    type Error = serde_json::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        let files = self.0.into_iter().map(FileDeserializer);
        visitor.visit_seq(de::value::SeqDeserializer::new(files))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_some(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct newtype_struct seq tuple tuple_struct map struct enum
        identifier ignored_any
    }
}

/// One file part as serde reads it: a map of `bytes`, `file_name` and `content_type`, its
/// bytes handed over whole (and there, for an optional field).
struct FileDeserializer(FilePart);

impl<'de> IntoDeserializer<'de, serde_json::Error> for FileDeserializer {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}

impl<'de> Deserializer<'de> for FileDeserializer {
    type Error = serde_json::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        let FilePart {
            bytes,
            file_name,
            content_type,
        } = self.0;
        let text = |text: Option<String>| text.map_or(Value::Null, Value::String);
        visitor.visit_map(FileAccess {
            entries: vec![
                ("content_type", Entry::Text(text(content_type))),
                ("file_name", Entry::Text(text(file_name))),
                ("bytes", Entry::Bytes(bytes)),
            ],
            next: None,
        })
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_some(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct newtype_struct seq tuple tuple_struct map struct enum
        identifier ignored_any
    }
}

/// The entries of a file part still to read, last first.
struct FileAccess {
    entries: Vec<(&'static str, Entry)>,
    next: Option<Entry>,
}

/// A file part's bytes, or its file name or media type (`null` when the part has none).
enum Entry {
    Bytes(Vec<u8>),
    Text(Value),
}

impl<'de> MapAccess<'de> for FileAccess {
    type Error = serde_json::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Self::Error> {
        let Some((key, entry)) = self.entries.pop() else {
            return Ok(None);
        };
        self.next = Some(entry);
        seed.deserialize(key.into_deserializer()).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, Self::Error> {
        match self.next.take() {
            Some(Entry::Bytes(bytes)) => seed.deserialize(ByteBuf(bytes)),
            Some(Entry::Text(text)) => seed.deserialize(text),
            None => Err(de::Error::custom("a file's entry was read before its name")),
        }
    }
}

/// Owned bytes, handed to the visitor as they are.
struct ByteBuf(Vec<u8>);

impl<'de> Deserializer<'de> for ByteBuf {
    type Error = serde_json::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_byte_buf(self.0)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map struct enum
        identifier ignored_any
    }
}
