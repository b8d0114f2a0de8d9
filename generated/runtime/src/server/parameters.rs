//! Path, query, header and cookie parameters, and the name-value pairs a form body shares
//! with them: read by their types and checked against their limits.

use axum::http::header::COOKIE;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::rejection::Rejection;
use super::shape::{check_combinations, check_shape, Objects, Shape};

/// The JSON shape a form field's text is read as.
#[derive(Debug, Clone, Copy)]
pub enum FormValue {
    Text,
    Integer,
    Number,
    Boolean,
    /// Several values: repeated keys, or one value split on the delimiter.
    List(&'static FormValue, Option<char>),
    /// A field whose encoding is `application/json`: its text is JSON.
    Json,
    /// An object field without such an encoding: a form cannot carry it, so it is left
    /// out (as APIs that take objects "only in JSON" do).
    Unrepresentable,
    /// A file part of a multipart body, read as a `FilePart` rather
    /// than as text.
    File,
}

/// The path parameters, as the router matched them.
pub async fn path<T: DeserializeOwned + Send>(parts: &mut Parts) -> Result<T, Rejection> {
    use axum::extract::FromRequestParts;
    axum::extract::Path::<T>::from_request_parts(parts, &())
        .await
        .map(|axum::extract::Path(value)| value)
        // A path whose parameters do not parse names no resource: 404, as a router
        // whose pattern did not match would answer.
        .map_err(|rejection| {
            Rejection::new(
                404,
                "NotFound",
                format!(
                    "no resource at {}: {}",
                    parts.uri.path(),
                    rejection.body_text()
                ),
            )
        })
}

/// The query parameters.
pub fn query<T: DeserializeOwned>(
    parts: &Parts,
    fields: &[(&str, FormValue)],
    (shape, objects): (Shape, Objects),
) -> Result<T, Rejection> {
    let query = parts.uri.query().unwrap_or_default();
    read_parameters(
        form_urlencoded::parse(query.as_bytes()),
        fields,
        (shape, objects),
        "query parameter",
    )
}

/// The header parameters, by the spec's names (matched without regard to case).
pub fn headers<T: DeserializeOwned>(
    parts: &Parts,
    fields: &[(&str, FormValue)],
    (shape, objects): (Shape, Objects),
) -> Result<T, Rejection> {
    let pairs = fields.iter().flat_map(|(name, _)| {
        parts
            .headers
            .get_all(*name)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .map(|value| {
                (
                    std::borrow::Cow::Borrowed(*name),
                    std::borrow::Cow::Borrowed(value),
                )
            })
    });
    read_parameters(pairs, fields, (shape, objects), "header")
}

/// The cookie parameters, from the `Cookie` header.
pub fn cookies<T: DeserializeOwned>(
    parts: &Parts,
    fields: &[(&str, FormValue)],
    (shape, objects): (Shape, Objects),
) -> Result<T, Rejection> {
    let pairs = parts
        .headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .map(|(name, value)| {
            (
                std::borrow::Cow::Borrowed(name),
                std::borrow::Cow::Borrowed(value),
            )
        });
    read_parameters(pairs, fields, (shape, objects), "cookie")
}

/// Parameters given as name-value pairs, read by their types and checked against
/// their limits; `what` names them in messages.
fn read_parameters<'a, T: DeserializeOwned>(
    pairs: impl Iterator<Item = (std::borrow::Cow<'a, str>, std::borrow::Cow<'a, str>)>,
    fields: &[(&str, FormValue)],
    (shape, objects): (Shape, Objects),
    what: &str,
) -> Result<T, Rejection> {
    let value = pairs_to_json(pairs, fields)?;
    check_shape(&value, shape, objects, &mut String::new())?;
    let parsed = serde_path_to_error::deserialize(&value).map_err(|err| field_error(err, what))?;
    check_combinations(&value, shape, objects, &mut String::new())?;
    Ok(parsed)
}

/// The 400 for what serde found wrong in parameters or a body, naming the field at fault by
/// its path (a missing field included); `what` says what the fields are.
pub(super) fn field_error<E: std::fmt::Display>(
    err: serde_path_to_error::Error<E>,
    what: &str,
) -> Rejection {
    let path = err.path().to_string();
    let inner = err.into_inner().to_string();
    let field = missing_field(&inner)
        .map(|missing| {
            if path == "." {
                missing.to_owned()
            } else {
                format!("{path}.{missing}")
            }
        })
        .or_else(|| (path != ".").then_some(path));
    let message = match &field {
        Some(field) => format!("invalid {what} `{field}`: {inner}"),
        None => format!("invalid {what}: {inner}"),
    };
    Rejection::invalid(field, message)
}

fn missing_field(message: &str) -> Option<&str> {
    message.strip_prefix("missing field `")?.split('`').next()
}

/// Name-value pairs (of a form, a query string, headers or cookies) as the JSON object
/// their type deserialises from: each value read as its field's type, repeated or
/// delimited values of a list gathered into an array.
pub(super) fn pairs_to_json<'a>(
    pairs: impl Iterator<Item = (std::borrow::Cow<'a, str>, std::borrow::Cow<'a, str>)>,
    fields: &[(&str, FormValue)],
) -> Result<Value, Rejection> {
    let mut object = Map::new();
    for (key, text) in pairs {
        let kind = fields
            .iter()
            .find(|(name, _)| *name == key)
            .map(|(_, kind)| *kind);
        let value = match kind {
            Some(FormValue::Unrepresentable) => continue,
            Some(FormValue::List(item, delimiter)) => {
                let mut items = match object.remove(key.as_ref()) {
                    Some(Value::Array(items)) => items,
                    _ => Vec::new(),
                };
                let parts: Vec<&str> = match delimiter {
                    Some(delimiter) => text
                        .split(delimiter)
                        .filter(|part| !part.is_empty())
                        .collect(),
                    None => vec![text.as_ref()],
                };
                for part in parts {
                    items.push(form_scalar(&key, part, *item)?);
                }
                Value::Array(items)
            }
            Some(kind) => form_scalar(&key, &text, kind)?,
            None => Value::String(text.into_owned()),
        };
        object.insert(key.into_owned(), value);
    }
    Ok(Value::Object(object))
}

fn form_scalar(key: &str, text: &str, kind: FormValue) -> Result<Value, Rejection> {
    let invalid = |what: &str| {
        Rejection::invalid(
            Some(key.to_owned()),
            format!("invalid field `{key}`: expected {what}, found \"{text}\""),
        )
    };
    Ok(match kind {
        FormValue::Text | FormValue::List(..) | FormValue::Unrepresentable | FormValue::File => {
            Value::String(text.to_owned())
        }
        FormValue::Integer => Value::from(text.parse::<i64>().map_err(|_| invalid("an integer"))?),
        FormValue::Number => text
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number)
            .ok_or_else(|| invalid("a number"))?,
        FormValue::Boolean => {
            Value::Bool(text.parse::<bool>().map_err(|_| invalid("true or false"))?)
        }
        FormValue::Json => serde_json::from_str(text).map_err(|_| invalid("JSON"))?,
    })
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;
    use serde_json::json;

    use super::{field_error, pairs_to_json, FormValue, Rejection};

    const FIELDS: &[(&str, FormValue)] = &[
        ("tags", FormValue::List(&FormValue::Text, Some(' '))),
        ("ids", FormValue::List(&FormValue::Integer, Some('|'))),
        ("filter", FormValue::Unrepresentable),
    ];

    fn read(query: &str) -> Result<serde_json::Value, Rejection> {
        pairs_to_json(form_urlencoded::parse(query.as_bytes()), FIELDS)
    }

    #[test]
    fn delimited_lists_split_into_their_items() {
        assert_eq!(
            read("tags=red+green%20%20blue&ids=1|2&ids=3&filter=x&extra=7"),
            Ok(json!({"tags": ["red", "green", "blue"], "ids": [1, 2, 3], "extra": "7"}))
        );
        let rejection = Rejection::invalid(
            Some("ids".to_owned()),
            "invalid field `ids`: expected an integer, found \"two\"",
        );
        assert_eq!(read("ids=1|two"), Err(rejection));
    }

    #[test]
    fn a_missing_nested_field_is_named_by_its_path() {
        #[derive(Debug, Deserialize)]
        struct Pet {
            #[serde(rename = "owner")]
            _owner: Owner,
        }
        #[derive(Debug, Deserialize)]
        struct Owner {
            #[serde(rename = "name")]
            _name: String,
        }
        let err = match serde_path_to_error::deserialize::<_, Pet>(&json!({"owner": {}})) {
            Ok(pet) => panic!("read {pet:?}"),
            Err(err) => err,
        };
        let rejection = field_error(err, "field");
        assert_eq!(rejection.field.as_deref(), Some("owner.name"));
        assert_eq!(
            rejection.message,
            "invalid field `owner.name`: missing field `name`"
        );
    }
}
