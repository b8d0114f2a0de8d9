//! Writing responses: JSON, text or binary, or no body, with the operation's headers.

use axum::body::Body;
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::Value;

/// A JSON response.
pub fn json<T: Serialize>(status: u16, body: &T) -> Response {
    with_headers(status, body, Vec::new())
}

/// A JSON response with extra headers (their values serialised as text).
pub fn with_headers<T: Serialize>(
    status: u16,
    body: &T,
    headers: Vec<(&'static str, Option<String>)>,
) -> Response {
    json_as(status, "application/json", body, headers)
}

/// A body written as JSON under a media type of its own (`application/scim+json`), with extra
/// headers.
pub fn json_as<T: Serialize>(
    status: u16,
    media_type: &'static str,
    body: &T,
    headers: Vec<(&'static str, Option<String>)>,
) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let content_type =
        HeaderValue::from_str(media_type).unwrap_or(HeaderValue::from_static("application/json"));
    let mut response = match serde_json::to_vec(body) {
        Ok(bytes) => (status, [(CONTENT_TYPE, content_type)], bytes).into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    add_headers(&mut response, headers);
    response
}

/// A text or binary response, sent as it is under its media type.
pub fn raw(
    status: u16,
    media_type: &'static str,
    body: impl Into<Body>,
    headers: Vec<(&'static str, Option<String>)>,
) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let content_type = HeaderValue::from_str(media_type)
        .unwrap_or(HeaderValue::from_static("application/octet-stream"));
    let mut response = (status, [(CONTENT_TYPE, content_type)], body.into()).into_response();
    add_headers(&mut response, headers);
    response
}

/// A response without a body.
pub fn empty(status: u16, headers: Vec<(&'static str, Option<String>)>) -> Response {
    let mut response = StatusCode::from_u16(status)
        .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
        .into_response();
    add_headers(&mut response, headers);
    response
}

fn add_headers(response: &mut Response, headers: Vec<(&'static str, Option<String>)>) {
    for (name, value) in headers {
        let (Ok(name), Some(Ok(value))) =
            (HeaderName::try_from(name), value.map(HeaderValue::try_from))
        else {
            continue;
        };
        response.headers_mut().insert(name, value);
    }
}

/// A header value as text: strings as they are, anything else as its JSON.
pub fn header_text<T: Serialize>(value: &T) -> Option<String> {
    match serde_json::to_value(value).ok()? {
        Value::String(text) => Some(text),
        Value::Null => None,
        other => Some(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::{header_text, with_headers};

    #[test]
    fn header_values_are_text_and_absent_ones_are_left_out() {
        assert_eq!(header_text(&"v1.2").as_deref(), Some("v1.2"));
        assert_eq!(header_text(&42).as_deref(), Some("42"));
        assert_eq!(header_text(&None::<u32>), None);
        let response = with_headers(
            201,
            &"created",
            vec![
                ("x-rate-limit", header_text(&100)),
                ("x-next-page", header_text(&None::<u32>)),
            ],
        );
        assert_eq!(response.status().as_u16(), 201);
        let headers = response.headers();
        assert_eq!(
            headers
                .get("x-rate-limit")
                .and_then(|value| value.to_str().ok()),
            Some("100")
        );
        assert!(!headers.contains_key("x-next-page"));
        assert_eq!(
            headers
                .get("content-type")
                .and_then(|value| value.to_str().ok()),
            Some("application/json")
        );
    }
}
