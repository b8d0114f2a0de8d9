//! What every generated handler does before the implementation is called, and the
//! writing of responses. Nothing here depends on the spec; it is public so that a
//! hand-written handler added to the router can check requests the same way.

use axum::body::Body;
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE, COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};

/// The largest request body read, in bytes; a larger one is answered with 413.
pub const BODY_LIMIT: usize = 1024 * 1024;

/// The credential a request was authenticated with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credential {
    /// `Authorization: Bearer <token>`.
    Bearer(String),
    /// `Authorization: Basic <base64 of user:password>`, decoded.
    Basic { username: String, password: String },
    /// An API key from a header, query parameter or cookie.
    ApiKey(String),
    /// The operation needs no authentication.
    Anonymous,
}

impl Credential {
    /// The bearer token or API key, if that is what was sent.
    pub fn token(&self) -> Option<&str> {
        match self {
            Credential::Bearer(token) | Credential::ApiKey(token) => Some(token),
            Credential::Basic { .. } | Credential::Anonymous => None,
        }
    }
}

/// A security scheme an operation accepts.
#[derive(Debug, Clone, Copy)]
pub enum Scheme {
    Bearer,
    Basic,
    HeaderKey(&'static str),
    QueryKey(&'static str),
    CookieKey(&'static str),
}

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

/// Checks the request against the operation's security requirements: any one
/// alternative, with every scheme in it, must be satisfied.
pub fn authenticate(parts: &Parts, alternatives: &[&[Scheme]]) -> Result<Credential, Rejection> {
    if alternatives.is_empty() {
        return Ok(Credential::Anonymous);
    }
    let mut failure = None;
    for alternative in alternatives {
        let mut credential = Credential::Anonymous;
        let mut satisfied = true;
        for scheme in alternative.iter() {
            match credential_of(parts, *scheme) {
                Ok(found) => credential = found,
                Err(rejection) => {
                    failure.get_or_insert(rejection);
                    satisfied = false;
                    break;
                }
            }
        }
        if satisfied {
            return Ok(credential);
        }
    }
    Err(failure.unwrap_or_else(|| Rejection::new(401, "Unauthorized", "authentication required")))
}

fn credential_of(parts: &Parts, scheme: Scheme) -> Result<Credential, Rejection> {
    let unauthorized = |message: &str| Rejection::new(401, "Unauthorized", message);
    match scheme {
        Scheme::Bearer | Scheme::Basic => {
            let expected = if matches!(scheme, Scheme::Bearer) {
                "Bearer"
            } else {
                "Basic"
            };
            let header = parts
                .headers
                .get(AUTHORIZATION)
                .ok_or_else(|| unauthorized("the Authorization header is missing"))?;
            let text = header
                .to_str()
                .map_err(|_| unauthorized("the Authorization header is not text"))?;
            let (kind, value) = text
                .split_once(' ')
                .ok_or_else(|| unauthorized("the Authorization header is malformed"))?;
            let value = value.trim();
            if !kind.eq_ignore_ascii_case(expected) || value.is_empty() || value.contains(' ') {
                return Err(unauthorized(&format!(
                    "expected `Authorization: {expected} <credentials>`"
                )));
            }
            if matches!(scheme, Scheme::Bearer) {
                return Ok(Credential::Bearer(value.to_owned()));
            }
            let decoded = decode_base64(value)
                .and_then(|bytes| String::from_utf8(bytes).ok())
                .ok_or_else(|| unauthorized("the Basic credentials are not base64 text"))?;
            let (username, password) = decoded
                .split_once(':')
                .ok_or_else(|| unauthorized("the Basic credentials lack a `:`"))?;
            Ok(Credential::Basic {
                username: username.to_owned(),
                password: password.to_owned(),
            })
        }
        Scheme::HeaderKey(name) => parts
            .headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .filter(|value| !value.is_empty())
            .map(|value| Credential::ApiKey(value.to_owned()))
            .ok_or_else(|| unauthorized(&format!("the {name} header is missing"))),
        Scheme::QueryKey(name) => query_pairs(parts)
            .into_iter()
            .find(|(key, value)| key == name && !value.is_empty())
            .map(|(_, value)| Credential::ApiKey(value))
            .ok_or_else(|| unauthorized(&format!("the {name} query parameter is missing"))),
        Scheme::CookieKey(name) => parts
            .headers
            .get_all(COOKIE)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(key, _)| *key == name)
            .map(|(_, value)| Credential::ApiKey(value.to_owned()))
            .ok_or_else(|| unauthorized(&format!("the {name} cookie is missing"))),
    }
}

fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let value = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let bytes = text.trim_end_matches('=').as_bytes();
    let mut out = Vec::with_capacity(bytes.len() * 3 / 4);
    for chunk in bytes.chunks(4) {
        let mut acc = 0u32;
        for (i, c) in chunk.iter().enumerate() {
            acc |= value(*c)? << (18 - 6 * i);
        }
        let produced = match chunk.len() {
            4 => 3,
            3 => 2,
            2 => 1,
            _ => return None,
        };
        out.extend_from_slice(&acc.to_be_bytes()[1..1 + produced]);
    }
    Some(out)
}

fn query_pairs(parts: &Parts) -> Vec<(String, String)> {
    parts
        .uri
        .query()
        .and_then(|query| serde_urlencoded::from_str::<Vec<(String, String)>>(query).ok())
        .unwrap_or_default()
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

fn field_error<E: std::fmt::Display>(err: serde_path_to_error::Error<E>, what: &str) -> Rejection {
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

/// How a body's media type is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Json,
    JsonPatch,
    Form,
}

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
}

/// The JSON shape a body must have where serde would bend it: a derived struct also
/// accepts a JSON array of its fields in order, which the spec does not allow.
#[derive(Debug, Clone, Copy)]
pub enum Shape {
    /// Whatever serde checks by itself (scalars, enums, unions, free-form values).
    Any,
    /// An object whose fields are entry `n` of the API's object table.
    Object(usize),
    Array(&'static Shape),
    Map(&'static Shape),
    /// A value with limits the spec sets, and its own shape.
    Limited(&'static Limits, &'static Shape),
    /// An object whose fields must also fit the combinations of a `oneOf`/`anyOf`
    /// that narrows them, and its own shape.
    Combined(&'static Combinations, &'static Shape),
}

/// The combinations of field values an object may take (`oneOf`: exactly one holds;
/// `anyOf`: at least one).
#[derive(Debug, Clone, Copy)]
pub struct Combinations {
    pub exactly_one: bool,
    pub branches: &'static [Combination],
}

/// One combination: the fields it requires and what it allows in the fields it names.
#[derive(Debug, Clone, Copy)]
pub struct Combination {
    /// The combination in words, for error messages.
    pub summary: &'static str,
    pub required: &'static [&'static str],
    pub fields: &'static [(&'static str, Allowed)],
}

/// The values a combination allows in one field.
#[derive(Debug, Clone, Copy)]
pub struct Allowed {
    /// The only values allowed, as compact JSON text (empty: any of the kind).
    pub values: &'static [&'static str],
    pub kind: Option<JsonKind>,
    pub nullable: bool,
    pub items: Option<&'static Allowed>,
}

/// A JSON Schema `type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonKind {
    String,
    Integer,
    Number,
    Boolean,
    Array,
    Object,
}

impl Allowed {
    fn admits(&self, value: &Value) -> bool {
        if value.is_null() && self.nullable {
            return true;
        }
        if !self.values.is_empty() && !self.values.contains(&value.to_string().as_str()) {
            return false;
        }
        let kind_fits = match self.kind {
            None => true,
            Some(JsonKind::String) => value.is_string(),
            Some(JsonKind::Integer) => value.is_i64() || value.is_u64(),
            Some(JsonKind::Number) => value.is_number(),
            Some(JsonKind::Boolean) => value.is_boolean(),
            Some(JsonKind::Object) => value.is_object(),
            Some(JsonKind::Array) => value.is_array(),
        };
        kind_fits
            && match (self.items, value) {
                (Some(items), Value::Array(values)) => values.iter().all(|item| items.admits(item)),
                _ => true,
            }
    }
}

impl Combination {
    fn holds(&self, members: &Map<String, Value>) -> bool {
        self.required.iter().all(|name| members.contains_key(*name))
            && self
                .fields
                .iter()
                .all(|(name, allowed)| match members.get(*name) {
                    Some(value) => allowed.admits(value),
                    None => true,
                })
    }
}

impl Combinations {
    /// What is wrong with the object `members`, if anything.
    fn violation(&self, members: &Map<String, Value>) -> Option<String> {
        let holding = self
            .branches
            .iter()
            .filter(|branch| branch.holds(members))
            .count();
        if holding == 1 || (holding > 1 && !self.exactly_one) {
            return None;
        }
        let list: Vec<String> = self
            .branches
            .iter()
            .enumerate()
            .map(|(index, branch)| format!("({}) {}", index + 1, branch.summary))
            .collect();
        Some(if holding == 0 {
            format!("fits none of the allowed combinations: {}", list.join("; "))
        } else {
            format!(
                "fits more than one of the combinations, of which exactly one must hold: {}",
                list.join("; ")
            )
        })
    }
}

/// Limits on a value beyond its type (`pattern`, lengths, bounds, item counts).
#[derive(Debug, Clone, Copy, Default)]
pub struct Limits {
    pub pattern: Option<&'static str>,
    pub min_length: Option<usize>,
    pub max_length: Option<usize>,
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    pub exclusive_minimum: bool,
    pub exclusive_maximum: bool,
    pub min_items: Option<usize>,
    pub max_items: Option<usize>,
}

impl Limits {
    /// No limits: the base that generated tables fill in.
    pub const NONE: Limits = Limits {
        pattern: None,
        min_length: None,
        max_length: None,
        minimum: None,
        maximum: None,
        exclusive_minimum: false,
        exclusive_maximum: false,
        min_items: None,
        max_items: None,
    };

    /// What is wrong with `value`, if anything. A pattern Rust's regex engine cannot
    /// compile (ECMA-only syntax) is not enforced.
    fn violation(&self, value: &Value) -> Option<String> {
        match value {
            Value::String(text) => {
                let length = text.chars().count();
                if let Some(min) = self.min_length.filter(|min| length < *min) {
                    return Some(format!(
                        "expected at least {min} characters, found {length}"
                    ));
                }
                if let Some(max) = self.max_length.filter(|max| length > *max) {
                    return Some(format!("expected at most {max} characters, found {length}"));
                }
                let pattern = self.pattern?;
                let regex = regex::Regex::new(pattern).ok()?;
                (!regex.is_match(text)).then(|| format!("expected a match of `{pattern}`"))
            }
            Value::Number(number) => {
                let n = number.as_f64()?;
                if let Some(min) = self.minimum {
                    if n < min || (self.exclusive_minimum && n == min) {
                        return Some(format!(
                            "expected {} {min}, found {number}",
                            if self.exclusive_minimum {
                                "more than"
                            } else {
                                "at least"
                            }
                        ));
                    }
                }
                if let Some(max) = self.maximum {
                    if n > max || (self.exclusive_maximum && n == max) {
                        return Some(format!(
                            "expected {} {max}, found {number}",
                            if self.exclusive_maximum {
                                "less than"
                            } else {
                                "at most"
                            }
                        ));
                    }
                }
                None
            }
            Value::Array(items) => {
                if let Some(min) = self.min_items.filter(|min| items.len() < *min) {
                    return Some(format!(
                        "expected at least {min} items, found {}",
                        items.len()
                    ));
                }
                if let Some(max) = self.max_items.filter(|max| items.len() > *max) {
                    return Some(format!(
                        "expected at most {max} items, found {}",
                        items.len()
                    ));
                }
                None
            }
            _ => None,
        }
    }
}

/// Per object type: its fields by wire name, and their shapes.
pub type Objects = &'static [&'static [(&'static str, Shape)]];

/// Checks that every place the schema wants an object holds an object (or `null`,
/// which serde judges against nullability), and every value its limits.
pub fn check_shape(
    value: &Value,
    shape: Shape,
    objects: Objects,
    path: &mut String,
) -> Result<(), Rejection> {
    walk(value, shape, objects, path, Pass::Shapes)
}

/// Checks the combinations (`oneOf`/`anyOf` rules) of every object that has them. Run
/// after the value has been read into its type, so that a wrong field is named by the
/// type's own message first.
pub fn check_combinations(
    value: &Value,
    shape: Shape,
    objects: Objects,
    path: &mut String,
) -> Result<(), Rejection> {
    walk(value, shape, objects, path, Pass::Combinations)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pass {
    Shapes,
    Combinations,
}

fn walk(
    value: &Value,
    shape: Shape,
    objects: Objects,
    path: &mut String,
    pass: Pass,
) -> Result<(), Rejection> {
    match (shape, value) {
        (_, Value::Null) | (Shape::Any, _) => Ok(()),
        (Shape::Limited(limits, inner), _) => {
            let problem = match pass {
                Pass::Shapes => limits.violation(value),
                Pass::Combinations => None,
            };
            if let Some(problem) = problem {
                return Err(invalid_at(path, &problem));
            }
            walk(value, *inner, objects, path, pass)
        }
        (Shape::Combined(combinations, inner), _) => {
            walk(value, *inner, objects, path, pass)?;
            let problem = match value {
                Value::Object(members) if pass == Pass::Combinations => {
                    combinations.violation(members)
                }
                _ => None,
            };
            match problem {
                Some(problem) => Err(invalid_at(path, &problem)),
                None => Ok(()),
            }
        }
        (Shape::Object(index), Value::Object(members)) => {
            let fields = objects.get(index).copied().unwrap_or_default();
            for (name, member) in members {
                let Some((_, inner)) = fields.iter().find(|(field, _)| field == name) else {
                    continue;
                };
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(name);
                let result = walk(member, *inner, objects, path, pass);
                path.truncate(len);
                result?;
            }
            Ok(())
        }
        (Shape::Array(inner), Value::Array(items)) => {
            for (index, item) in items.iter().enumerate() {
                let len = path.len();
                path.push_str(&format!("[{index}]"));
                let result = walk(item, *inner, objects, path, pass);
                path.truncate(len);
                result?;
            }
            Ok(())
        }
        (Shape::Map(inner), Value::Object(members)) => {
            for (name, member) in members {
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(name);
                let result = walk(member, *inner, objects, path, pass);
                path.truncate(len);
                result?;
            }
            Ok(())
        }
        (expected, found) => {
            let expected = match expected {
                Shape::Object(_) | Shape::Map(_) => "an object",
                Shape::Array(_) => "an array",
                Shape::Any | Shape::Limited(..) | Shape::Combined(..) => "a value",
            };
            let found = match found {
                Value::Bool(_) => "a boolean",
                Value::Number(_) => "a number",
                Value::String(_) => "a string",
                Value::Array(_) => "an array",
                Value::Object(_) => "an object",
                Value::Null => "null",
            };
            Err(invalid_at(
                path,
                &format!("expected {expected}, found {found}"),
            ))
        }
    }
}

/// A 400 naming the field at `path` (the body itself when `path` is empty) and what is
/// wrong with it.
fn invalid_at(path: &str, problem: &str) -> Rejection {
    match path {
        "" => Rejection::invalid(None, format!("invalid body: {problem}")),
        field => Rejection::invalid(
            Some(field.to_owned()),
            format!("invalid field `{field}`: {problem}"),
        ),
    }
}

/// One media type an operation accepts.
pub struct Media {
    pub media_type: &'static str,
    pub kind: Kind,
    /// For forms: the type of each field (by wire name).
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
    (shape, objects): (Shape, Objects),
) -> Result<Option<T>, Rejection> {
    let bytes = axum::body::to_bytes(body, BODY_LIMIT).await.map_err(|_| {
        Rejection::new(
            413,
            "PayloadTooLarge",
            format!("the request body is larger than {BODY_LIMIT} bytes"),
        )
    })?;
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
    let accepts = |media: &&Media| {
        media.media_type == essence
            || media.media_type == "*/*"
            || media
                .media_type
                .strip_suffix("/*")
                .is_some_and(|family| essence.split('/').next() == Some(family))
    };
    let Some(media) = accepted.iter().find(accepts) else {
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
    let value = match media.kind {
        Kind::Json | Kind::JsonPatch => serde_json::from_slice::<Value>(&bytes).map_err(|err| {
            Rejection::invalid(None, format!("the body is not valid JSON: {err}"))
        })?,
        Kind::Form => form_to_json(&bytes, media.form_fields)?,
    };
    if media.kind == Kind::JsonPatch {
        check_patch(&value, media.patchable)?;
    }
    check_shape(&value, shape, objects, &mut String::new())?;
    let parsed =
        serde_path_to_error::deserialize(&value).map_err(|err| field_error(err, "field"))?;
    check_combinations(&value, shape, objects, &mut String::new())?;
    Ok(Some(parsed))
}

/// Reads a form body into the JSON the body type deserialises from.
fn form_to_json(bytes: &[u8], fields: &[(&str, FormValue)]) -> Result<Value, Rejection> {
    pairs_to_json(form_urlencoded::parse(bytes), fields)
}

/// Name-value pairs (of a form, a query string, headers or cookies) as the JSON object
/// their type deserialises from: each value read as its field's type, repeated or
/// delimited values of a list gathered into an array.
fn pairs_to_json<'a>(
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
        FormValue::Text | FormValue::List(..) | FormValue::Unrepresentable => {
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
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = match serde_json::to_vec(body) {
        Ok(bytes) => (
            status,
            [(CONTENT_TYPE, HeaderValue::from_static("application/json"))],
            bytes,
        )
            .into_response(),
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
