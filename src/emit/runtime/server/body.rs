//! Request bodies: media type and content coding (415), size (413), syntax and schema (400),
//! and the rules of JSON Patch. Multipart bodies are read part by part in `multipart`.

use axum::body::{Body, Bytes, HttpBody};
use axum::http::header::{CONTENT_ENCODING, CONTENT_TYPE, TRANSFER_ENCODING};
use axum::http::request::Parts;
use http_body_util::{BodyExt, LengthLimitError, Limited};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::multipart;
use super::parameters::{field_error, pairs_to_json, FormValue};
use super::rejection::Rejection;
use super::serve::BodyReadTimeout;
use super::shape::{check_combinations, check_shape, Objects, Shape};

/// The largest request body read, in bytes; a larger one is answered with 413.
pub const BODY_LIMIT: usize = 1024 * 1024;

/// How a body's media type is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Json,
    JsonPatch,
    Form,
    /// `multipart/form-data`: text parts read as their fields' types, file parts as
    /// `FilePart`s.
    Multipart,
    /// Text, read as a string (it must be UTF-8).
    Text,
    /// Bytes, read as they are.
    Binary,
}

/// One media type an operation accepts.
pub struct Media {
    pub media_type: &'static str,
    pub kind: Kind,
    /// For forms and multipart bodies: the type of each field (by wire name).
    pub form_fields: &'static [(&'static str, FormValue)],
    /// For JSON Patch: the paths a patch may touch (empty: any).
    pub patchable: &'static [&'static str],
}

/// Reads and validates the body: media type (415), size (413), syntax and schema (400).
pub async fn body<T: DeserializeOwned>(
    parts: &Parts,
    body: Body,
    accepted: &[Media],
    shape: (Shape, Objects),
) -> Result<T, Rejection> {
    read_body(parts, body, accepted, true, shape)
        .await?
        .ok_or_else(|| Rejection::invalid(None, "a request body is required"))
}

/// Reads and validates a body the operation does not require: none is `None`.
pub async fn optional_body<T: DeserializeOwned>(
    parts: &Parts,
    body: Body,
    accepted: &[Media],
    shape: (Shape, Objects),
) -> Result<Option<T>, Rejection> {
    read_body(parts, body, accepted, false, shape).await
}

async fn read_body<T: DeserializeOwned>(
    parts: &Parts,
    body: Body,
    accepted: &[Media],
    required: bool,
    shape: (Shape, Objects),
) -> Result<Option<T>, Rejection> {
    match receive(parts, body, accepted, required).await? {
        Some(received) => received.read(shape).await.map(Some),
        None => Ok(None),
    }
}

/// A body whose media type (415) and size (413) have been checked, not yet read into a type:
/// for a body whose type depends on its media type, which [`Received::media`] tells.
pub struct Received<'a> {
    bytes: Bytes,
    content_type: Option<&'a str>,
    accepted: &'a [Media],
    index: usize,
}

/// Checks a body's media type (415) and size (413), for reading by its media type.
pub async fn received<'a>(
    parts: &'a Parts,
    body: Body,
    accepted: &'a [Media],
) -> Result<Received<'a>, Rejection> {
    receive(parts, body, accepted, true)
        .await?
        .ok_or_else(|| Rejection::invalid(None, "a request body is required"))
}

/// Checks the media type (415) and size (413) of a body the operation does not require: none
/// is `None`.
pub async fn optional_received<'a>(
    parts: &'a Parts,
    body: Body,
    accepted: &'a [Media],
) -> Result<Option<Received<'a>>, Rejection> {
    receive(parts, body, accepted, false).await
}

async fn receive<'a>(
    parts: &'a Parts,
    body: Body,
    accepted: &'a [Media],
    required: bool,
) -> Result<Option<Received<'a>>, Rejection> {
    let bytes = read_bytes(parts, body).await?;
    let content_type = parts
        .headers
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok());
    if bytes.is_empty() && content_type.is_none() {
        return if required {
            Err(Rejection::invalid(None, "a request body is required"))
        } else {
            Ok(None)
        };
    }
    let essence = content_type
        .map(|value| {
            value
                .split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
        })
        .unwrap_or_default();
    let accepts = |media: &Media| {
        media.media_type == essence
            || media.media_type == "*/*"
            || media
                .media_type
                .strip_suffix("/*")
                .is_some_and(|family| essence.split('/').next() == Some(family))
    };
    let Some(index) = accepted.iter().position(accepts) else {
        let expected: Vec<&str> = accepted.iter().map(|media| media.media_type).collect();
        return Err(Rejection::new(
            415,
            "UnsupportedMediaType",
            format!(
                "expected Content-Type {}, found {}",
                expected.join(" or "),
                content_type.unwrap_or("none")
            ),
        ));
    };
    check_content_coding(parts)?;
    Ok(Some(Received {
        bytes,
        content_type,
        accepted,
        index,
    }))
}

/// A transfer coding other than `chunked` (`Transfer-Encoding: gzip, chunked`) is a 501, as RFC
/// 9112 (section 6.1) has a server answer one it does not implement: hyper takes the chunks
/// apart but decodes nothing else, and the coded bytes would be read as the body. (hyper
/// itself refuses a request whose last coding is not `chunked`.)
fn check_transfer_coding(parts: &Parts) -> Result<(), Rejection> {
    for value in parts.headers.get_all(TRANSFER_ENCODING) {
        let text = value.to_str().unwrap_or("(a value that is not text)");
        let coding = text
            .split(',')
            .map(str::trim)
            .find(|coding| !coding.is_empty() && !coding.eq_ignore_ascii_case("chunked"));
        if let Some(coding) = coding {
            return Err(Rejection::new(
                501,
                "NotImplemented",
                format!("the Transfer-Encoding {coding} is not implemented: only chunked is"),
            ));
        }
    }
    Ok(())
}

/// A body in a content coding (`Content-Encoding: gzip`) is a 415: bodies are not decoded, and
/// reading the encoded bytes as if they were the media type would take a client's data for
/// something else (a JSON text sent as it is but labelled gzip would be stored as it reads).
/// RFC 9110 (section 8.4.1) has an origin server answer 415 to a coding it does not accept;
/// `identity` is no coding.
fn check_content_coding(parts: &Parts) -> Result<(), Rejection> {
    let unsupported = |coding: &str| {
        Rejection::new(
            415,
            "UnsupportedMediaType",
            format!("the body's Content-Encoding {coding} is not supported: send it unencoded"),
        )
    };
    for value in parts.headers.get_all(CONTENT_ENCODING) {
        let text = value
            .to_str()
            .map_err(|_| unsupported("(a value that is not text)"))?;
        let coding = text
            .split(',')
            .map(str::trim)
            .find(|coding| !coding.is_empty() && !coding.eq_ignore_ascii_case("identity"));
        if let Some(coding) = coding {
            return Err(unsupported(coding));
        }
    }
    Ok(())
}

/// Reads the whole body: at most [`BODY_LIMIT`] bytes (413, at once when the `Content-Length`
/// says more) within the body-read timeout (408), a body the client breaks off or mis-frames
/// is a 400, and one in a transfer coding other than `chunked` a 501.
async fn read_bytes(parts: &Parts, body: Body) -> Result<Bytes, Rejection> {
    let too_large = || {
        Rejection::new(
            413,
            "PayloadTooLarge",
            format!("the request body is larger than {BODY_LIMIT} bytes"),
        )
    };
    check_transfer_coding(parts)?;
    // The `Content-Length` is the body's size hint: a body announced larger than the limit is
    // refused before a byte of it is read, rather than waited for.
    if body.size_hint().lower() > BODY_LIMIT as u64 {
        return Err(too_large());
    }
    let BodyReadTimeout(timeout) = parts
        .extensions
        .get::<BodyReadTimeout>()
        .copied()
        .unwrap_or_default();
    let read = Limited::new(body, BODY_LIMIT).collect();
    match tokio::time::timeout(timeout, read).await {
        Ok(Ok(collected)) => Ok(collected.to_bytes()),
        Ok(Err(err)) if err.downcast_ref::<LengthLimitError>().is_some() => Err(too_large()),
        Ok(Err(err)) => Err(Rejection::invalid(
            None,
            format!("the request body could not be read: {err}"),
        )),
        Err(_) => Err(Rejection::new(
            408,
            "RequestTimeout",
            format!(
                "the request body did not arrive within {} ms",
                timeout.as_millis()
            ),
        )),
    }
}

impl Received<'_> {
    /// The index, in the accepted media types, of the body's media type.
    pub fn media(&self) -> usize {
        self.index
    }

    /// Reads the body into its type as its media type says: syntax and schema (400).
    pub async fn read<T: DeserializeOwned>(
        self,
        (shape, objects): (Shape, Objects),
    ) -> Result<T, Rejection> {
        let Received {
            bytes,
            content_type,
            accepted,
            index,
        } = self;
        let Some(media) = accepted.get(index) else {
            return Err(Rejection::new(
                415,
                "UnsupportedMediaType",
                "the body's media type is not accepted",
            ));
        };
        let value = match media.kind {
            Kind::Json | Kind::JsonPatch => {
                serde_json::from_slice::<Value>(&bytes).map_err(|err| {
                    Rejection::invalid(None, format!("the body is not valid JSON: {err}"))
                })?
            }
            Kind::Form => form_to_json(&bytes, media.form_fields)?,
            Kind::Text => Value::String(String::from_utf8(bytes.to_vec()).map_err(|_| {
                Rejection::invalid(None, "the body is not text: it is not valid UTF-8")
            })?),
            // File parts go to the body type as they are, not through JSON.
            Kind::Multipart => {
                let content_type = content_type.unwrap_or_default();
                let mut parts = multipart::read(bytes, content_type, media.form_fields).await?;
                check_shape(&parts.fields, shape, objects, &mut String::new())?;
                let parsed = serde_path_to_error::deserialize(parts.deserializer())
                    .map_err(|err| field_error(err, "part"))?;
                check_combinations(&parts.fields, shape, objects, &mut String::new())?;
                return Ok(parsed);
            }
            // Bytes go to the body type as they are, not through JSON.
            Kind::Binary => {
                let items = serde::de::value::SeqDeserializer::new(bytes.iter().copied());
                return T::deserialize(items).map_err(|err: serde::de::value::Error| {
                    Rejection::invalid(None, err.to_string())
                });
            }
        };
        if media.kind == Kind::JsonPatch {
            check_patch(&value, media.patchable)?;
        }
        check_shape(&value, shape, objects, &mut String::new())?;
        let parsed =
            serde_path_to_error::deserialize(&value).map_err(|err| field_error(err, "field"))?;
        check_combinations(&value, shape, objects, &mut String::new())?;
        Ok(parsed)
    }
}

/// Reads a form body into the JSON the body type deserialises from.
fn form_to_json(bytes: &[u8], fields: &[(&str, FormValue)]) -> Result<Value, Rejection> {
    if std::str::from_utf8(bytes).is_err() {
        return Err(Rejection::invalid(None, "the form body is not valid UTF-8"));
    }
    pairs_to_json(form_urlencoded::parse(bytes), fields)
}

/// RFC 6902: every operation's `path` (and `from`) must be patchable, and `add`,
/// `replace` and `test` need a `value`.
fn check_patch(value: &Value, patchable: &[&str]) -> Result<(), Rejection> {
    let Value::Array(operations) = value else {
        return Err(Rejection::invalid(
            None,
            "a JSON Patch document must be an array of operations",
        ));
    };
    for (index, operation) in operations.iter().enumerate() {
        for key in ["path", "from"] {
            if let Some(Value::String(pointer)) = operation.get(key) {
                if !patchable.is_empty() && !patchable.contains(&pointer.as_str()) {
                    return Err(Rejection::invalid(
                        Some(format!("[{index}].{key}")),
                        format!(
                            "`{pointer}` cannot be patched; patchable paths: {}",
                            patchable.join(", ")
                        ),
                    ));
                }
            }
        }
        let op = operation.get("op").and_then(Value::as_str);
        if matches!(op, Some("add" | "replace" | "test")) && operation.get("value").is_none() {
            return Err(Rejection::invalid(
                Some(format!("[{index}].value")),
                format!("a `{}` operation needs a `value`", op.unwrap_or_default()),
            ));
        }
        if matches!(op, Some("move" | "copy")) && operation.get("from").is_none() {
            return Err(Rejection::invalid(
                Some(format!("[{index}].from")),
                format!("a `{}` operation needs a `from`", op.unwrap_or_default()),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::future::Future;

    use super::super::super::file_part::FilePart;
    use super::*;

    /// Runs a future to completion on a runtime of one thread, with the timer the body-read
    /// timeout runs on.
    fn ready<F: Future>(future: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .expect("a runtime")
            .block_on(future)
    }

    const MEDIA: &[Media] = &[
        Media {
            media_type: "text/plain",
            kind: Kind::Text,
            form_fields: &[],
            patchable: &[],
        },
        Media {
            media_type: "application/octet-stream",
            kind: Kind::Binary,
            form_fields: &[],
            patchable: &[],
        },
    ];

    fn request(content_type: &str, bytes: &'static [u8]) -> (Parts, Body) {
        let request = axum::http::Request::builder()
            .header(CONTENT_TYPE, content_type)
            .body(Body::from(bytes))
            .expect("a request");
        request.into_parts()
    }

    #[test]
    fn text_bodies_are_read_as_strings_and_must_be_utf8() {
        let (parts, body) = request("text/plain; charset=utf-8", b"# Hello");
        let text: String =
            ready(super::body(&parts, body, MEDIA, (Shape::Any, &[]))).expect("a string");
        assert_eq!(text, "# Hello");
        let (parts, body) = request("text/plain", b"\xff\xfe");
        let err = ready(super::body::<String>(
            &parts,
            body,
            MEDIA,
            (Shape::Any, &[]),
        ))
        .expect_err("not UTF-8");
        assert_eq!(err.status, 400);
    }

    #[test]
    fn a_body_in_a_content_coding_is_a_415_and_identity_is_no_coding() {
        for coding in ["gzip", "identity, br", "x-custom"] {
            let (mut parts, body) = request("text/plain", b"# Hello");
            parts
                .headers
                .insert(CONTENT_ENCODING, coding.parse().expect("a header value"));
            let err = ready(super::body::<String>(
                &parts,
                body,
                MEDIA,
                (Shape::Any, &[]),
            ))
            .expect_err("a coding");
            assert_eq!(err.status, 415, "{coding}: {}", err.message);
            assert!(err.message.contains("Content-Encoding"), "{}", err.message);
        }
        for coding in ["identity", "Identity", ""] {
            let (mut parts, body) = request("text/plain", b"# Hello");
            parts
                .headers
                .insert(CONTENT_ENCODING, coding.parse().expect("a header value"));
            let text: String = ready(super::body(&parts, body, MEDIA, (Shape::Any, &[])))
                .unwrap_or_else(|err| panic!("{coding:?}: {}", err.message));
            assert_eq!(text, "# Hello");
        }
    }

    #[test]
    fn a_transfer_coding_but_chunked_is_a_501() {
        let (mut parts, body) = request("text/plain", b"# Hello");
        parts.headers.insert(
            TRANSFER_ENCODING,
            "gzip, chunked".parse().expect("a header value"),
        );
        let err = ready(super::body::<String>(
            &parts,
            body,
            MEDIA,
            (Shape::Any, &[]),
        ))
        .expect_err("gzip");
        assert_eq!(err.status, 501, "{}", err.message);
        let (mut parts, body) = request("text/plain", b"# Hello");
        parts.headers.insert(
            TRANSFER_ENCODING,
            "Chunked".parse().expect("a header value"),
        );
        let text: String =
            ready(super::body(&parts, body, MEDIA, (Shape::Any, &[]))).expect("chunked");
        assert_eq!(text, "# Hello");
    }

    #[test]
    fn binary_bodies_are_read_as_they_are() {
        let (parts, body) = request("application/octet-stream", b"\x00\x01\xff");
        let bytes: Vec<u8> =
            ready(super::body(&parts, body, MEDIA, (Shape::Any, &[]))).expect("bytes");
        assert_eq!(bytes, [0, 1, 255]);
        let (parts, body) = request("application/json", b"{}");
        let err = ready(super::body::<Vec<u8>>(
            &parts,
            body,
            MEDIA,
            (Shape::Any, &[]),
        ))
        .expect_err("not accepted");
        assert_eq!(err.status, 415);
    }

    const JSON_AND_FORM: &[Media] = &[
        Media {
            media_type: "application/json",
            kind: Kind::Json,
            form_fields: &[],
            patchable: &[],
        },
        Media {
            media_type: "application/x-www-form-urlencoded",
            kind: Kind::Form,
            form_fields: &[("name", FormValue::Text)],
            patchable: &[],
        },
    ];

    fn read_value(content_type: &str, bytes: Vec<u8>) -> Result<Value, Rejection> {
        let request = axum::http::Request::builder()
            .header(CONTENT_TYPE, content_type)
            .body(Body::from(bytes))
            .expect("a request");
        let (parts, body) = request.into_parts();
        ready(super::body(&parts, body, JSON_AND_FORM, (Shape::Any, &[])))
    }

    #[test]
    fn json_nested_past_serde_jsons_recursion_limit_is_a_400_not_a_stack_overflow() {
        for deep in [
            "[".repeat(100_000),
            "[".repeat(100_000) + &"]".repeat(100_000),
            "{\"a\":".repeat(100_000) + "1" + &"}".repeat(100_000),
        ] {
            let err = read_value("application/json", deep.into_bytes()).expect_err("too deep");
            assert_eq!(err.status, 400, "{}", err.message);
        }
        let shallow = "[".repeat(100) + &"]".repeat(100);
        read_value("application/json", shallow.into_bytes()).expect("100 deep is fine");
    }

    #[test]
    fn numbers_of_ten_thousand_digits_are_a_400_or_a_float() {
        let huge = "1".to_owned() + &"0".repeat(10_000);
        let err = read_value("application/json", huge.into_bytes()).expect_err("out of range");
        assert_eq!(err.status, 400, "{}", err.message);
        let fraction = "0.".to_owned() + &"0".repeat(10_000) + "1";
        let value = read_value("application/json", fraction.into_bytes()).expect("a float");
        assert!(value.is_f64(), "{value}");
    }

    #[test]
    fn bodies_that_are_not_utf8_are_a_400() {
        for content_type in ["application/json", "application/x-www-form-urlencoded"] {
            let err = read_value(content_type, b"name=\xff\xfe".to_vec()).expect_err("not UTF-8");
            assert_eq!(err.status, 400, "{content_type}: {}", err.message);
        }
    }

    /// A body that announces (by its size hint, as a `Content-Length` does) more than the
    /// limit, and never sends a byte.
    struct Announced(u64);

    impl HttpBody for Announced {
        type Data = Bytes;
        type Error = std::convert::Infallible;

        fn poll_frame(
            self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Result<hyper::body::Frame<Bytes>, Self::Error>>> {
            std::task::Poll::Pending
        }

        fn size_hint(&self) -> hyper::body::SizeHint {
            hyper::body::SizeHint::with_exact(self.0)
        }
    }

    #[test]
    fn a_body_announced_past_the_limit_is_a_413_before_it_is_read() {
        let request = axum::http::Request::builder()
            .header(CONTENT_TYPE, "application/json")
            .body(Body::new(Announced(1 << 30)))
            .expect("a request");
        let (parts, body) = request.into_parts();
        let err = ready(super::body::<Value>(
            &parts,
            body,
            JSON_AND_FORM,
            (Shape::Any, &[]),
        ))
        .expect_err("too large");
        assert_eq!((err.status, err.error), (413, "PayloadTooLarge"));
    }

    #[test]
    fn a_body_that_does_not_arrive_in_time_is_a_408() {
        let mut request = axum::http::Request::builder()
            .header(CONTENT_TYPE, "application/json")
            .body(Body::new(Announced(10)))
            .expect("a request");
        request
            .extensions_mut()
            .insert(BodyReadTimeout(std::time::Duration::from_millis(50)));
        let (parts, body) = request.into_parts();
        let err = ready(super::body::<Value>(
            &parts,
            body,
            JSON_AND_FORM,
            (Shape::Any, &[]),
        ))
        .expect_err("timed out");
        assert_eq!((err.status, err.error), (408, "RequestTimeout"));
    }

    /// A multipart upload: a file, a title and a count, and optional attachments.
    #[derive(Debug, serde::Deserialize)]
    struct Upload {
        document: FilePart,
        title: String,
        copies: i64,
        #[serde(default)]
        attachments: Option<Vec<FilePart>>,
    }

    const UPLOAD: &[Media] = &[Media {
        media_type: "multipart/form-data",
        kind: Kind::Multipart,
        form_fields: &[
            ("document", FormValue::File),
            ("title", FormValue::Text),
            ("copies", FormValue::Integer),
            ("attachments", FormValue::List(&FormValue::File, None)),
        ],
        patchable: &[],
    }];

    const BOUNDARY: &str = "multipart/form-data; boundary=XyZ";

    fn upload(content_type: &str, bytes: &'static [u8]) -> Result<Upload, Rejection> {
        let (parts, body) = request(content_type, bytes);
        ready(super::body(&parts, body, UPLOAD, (Shape::Any, &[])))
    }

    #[test]
    fn multipart_parts_are_read_by_their_fields_types() {
        let body = b"--XyZ\r\n\
Content-Disposition: form-data; name=\"document\"; filename=\"a.pdf\"\r\n\
Content-Type: application/pdf\r\n\r\n\
%PDF\x00\xff\r\n\
--XyZ\r\n\
Content-Disposition: form-data; name=\"title\"\r\n\r\n\
Report\r\n\
--XyZ\r\n\
Content-Disposition: form-data; name=\"copies\"\r\n\r\n\
2\r\n\
--XyZ--\r\n";
        let upload = upload(BOUNDARY, body).expect("an upload");
        assert_eq!(upload.document.bytes, b"%PDF\x00\xff");
        assert_eq!(upload.document.file_name.as_deref(), Some("a.pdf"));
        assert_eq!(
            upload.document.content_type.as_deref(),
            Some("application/pdf")
        );
        assert_eq!((upload.title.as_str(), upload.copies), ("Report", 2));
        assert_eq!(upload.attachments, None);
    }

    #[test]
    fn a_multipart_body_that_does_not_fit_is_a_400_naming_the_part() {
        let missing = b"--XyZ\r\n\
Content-Disposition: form-data; name=\"title\"\r\n\r\n\
Report\r\n\
--XyZ--\r\n";
        let err = upload(BOUNDARY, missing).expect_err("no document");
        assert_eq!((err.status, err.field.as_deref()), (400, Some("document")));
        let wrong = b"--XyZ\r\n\
Content-Disposition: form-data; name=\"copies\"\r\n\r\n\
two\r\n\
--XyZ--\r\n";
        let err = upload(BOUNDARY, wrong).expect_err("not a number");
        assert_eq!((err.status, err.field.as_deref()), (400, Some("copies")));
        let err = upload("multipart/form-data", b"--XyZ--\r\n").expect_err("no boundary");
        assert_eq!(err.status, 400);
        let broken = b"--XyZ\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nRep";
        let err = upload(BOUNDARY, broken).expect_err("no closing boundary");
        assert_eq!(err.status, 400);
        assert!(err.message.contains("multipart"), "{}", err.message);
    }
}
