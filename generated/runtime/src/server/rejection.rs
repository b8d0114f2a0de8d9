//! Why a request was answered before the implementation was called, written in the API's
//! error body; and the router's own answers, 404 and 405, in the same body.

use axum::http::header::CONTENT_TYPE;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::Value;

use super::response::json;

/// Why a request was answered before the implementation was called.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    /// The status sent.
    pub status: u16,
    /// A short name of the kind of failure (`ValidationError`, `Unauthorized`, …).
    pub error: &'static str,
    /// What was wrong, in a sentence.
    pub message: String,
    /// The request field at fault, where there is one (`token.name`, `/scope`).
    pub field: Option<String>,
}

impl Rejection {
    pub fn new(status: u16, error: &'static str, message: impl Into<String>) -> Self {
        Rejection {
            status,
            error,
            message: message.into(),
            field: None,
        }
    }

    pub fn invalid(field: Option<String>, message: impl Into<String>) -> Self {
        Rejection {
            status: 400,
            error: "ValidationError",
            message: message.into(),
            field,
        }
    }

    /// The API's error body for this rejection, from its template (see the crate docs).
    pub fn body(&self, templates: &[(Option<u16>, &str)]) -> Value {
        let template = templates
            .iter()
            .find(|(status, _)| *status == Some(self.status))
            .or_else(|| templates.iter().find(|(status, _)| status.is_none()))
            .and_then(|(_, text)| serde_json::from_str::<Value>(text).ok());
        match template {
            Some(template) => self.fill(template),
            None => serde_json::json!({ "error": self.error, "message": self.message }),
        }
    }

    fn fill(&self, template: Value) -> Value {
        match template {
            Value::String(text) if text == "{status}" => Value::from(self.status),
            Value::String(text) => Value::String(
                text.replace("{status}", &self.status.to_string())
                    .replace("{error}", self.error)
                    .replace("{message}", &self.message)
                    .replace("{field}", self.field.as_deref().unwrap_or_default()),
            ),
            Value::Array(items) => {
                Value::Array(items.into_iter().map(|item| self.fill(item)).collect())
            }
            // A member whose key or value is `{field}` only exists when a field is named.
            Value::Object(members) => Value::Object(
                members
                    .into_iter()
                    .filter(|(key, value)| {
                        self.field.is_some() || (key != "{field}" && value != "{field}")
                    })
                    .map(|(key, value)| {
                        let key = key.replace("{field}", self.field.as_deref().unwrap_or_default());
                        (key, self.fill(value))
                    })
                    .collect(),
            ),
            other => other,
        }
    }

    pub fn into_response(self, templates: &[(Option<u16>, &str)]) -> Response {
        let body = self.body(templates);
        json(self.status, &body)
    }
}

/// The answer to a path no operation has: 404 in the API's error body.
pub fn not_found(request: &axum::extract::Request, templates: &[(Option<u16>, &str)]) -> Response {
    Rejection::new(
        404,
        "NotFound",
        format!("no operation at {}", request.uri().path()),
    )
    .into_response(templates)
}

/// Middleware giving axum's bodiless 405 (which lists the allowed methods in `Allow`)
/// the API's error body; `allowed` lists each path pattern's methods for the message.
pub async fn method_not_allowed(
    request: axum::extract::Request,
    next: axum::middleware::Next,
    allowed: &[(&str, &str)],
    templates: &[(Option<u16>, &str)],
) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let pattern = request
        .extensions()
        .get::<axum::extract::MatchedPath>()
        .map(|matched| matched.as_str().to_owned());
    let response = next.run(request).await;
    if response.status() != StatusCode::METHOD_NOT_ALLOWED
        || response.headers().contains_key(CONTENT_TYPE)
    {
        return response;
    }
    let pattern = pattern.as_deref().unwrap_or(path.as_str());
    let methods = allowed
        .iter()
        .find(|(route, _)| *route == pattern)
        .map_or("", |(_, methods)| methods);
    let message = format!("method not allowed: {method} on {path}; allowed: {methods}");
    let mut rejected = Rejection::new(405, "MethodNotAllowed", message).into_response(templates);
    if let Some(allow) = response.headers().get(axum::http::header::ALLOW) {
        rejected
            .headers_mut()
            .insert(axum::http::header::ALLOW, allow.clone());
    }
    rejected
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::Rejection;

    /// A 404 body of its own, and one for every other status.
    const TEMPLATES: &[(Option<u16>, &str)] = &[
        (Some(404), r#"{"missing": "{message}"}"#),
        (
            None,
            r#"{"code": "{status}", "kind": "{error}", "field": "{field}", "errors": {"{field}": "{message}"}}"#,
        ),
    ];

    #[test]
    fn an_error_body_is_its_template_filled_in() {
        let named = Rejection::invalid(Some("name".to_owned()), "too long");
        assert_eq!(
            named.body(TEMPLATES),
            json!({"code": 400, "kind": "ValidationError", "field": "name", "errors": {"name": "too long"}})
        );
        // With no field named, the members that would name it are left out.
        let unnamed = Rejection::invalid(None, "not JSON");
        assert_eq!(
            unnamed.body(TEMPLATES),
            json!({"code": 400, "kind": "ValidationError", "errors": {}})
        );
        let missing = Rejection::new(404, "NotFound", "no pet 7");
        assert_eq!(missing.body(TEMPLATES), json!({"missing": "no pet 7"}));
        assert_eq!(
            missing.body(&[]),
            json!({"error": "NotFound", "message": "no pet 7"})
        );
    }
}
