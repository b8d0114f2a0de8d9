//! What one documented page states, in a small neutral model every page kind reads into.
//!
//! The model holds facts, not OpenAPI: an operation with its method and path, its parameters,
//! body and responses, and the object types the page names, each field with its type, required
//! flag, nullability, default, enum values, read-only flag and description. `openapi` turns the
//! pages of one API into one OpenAPI document.

use std::fmt;

use serde_json::Value;

/// One page, read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    /// The page's title (frontmatter `title`, a heading), when it has one.
    pub title: Option<String>,
    /// The page's description or lead paragraph.
    pub description: Option<String>,
    /// The endpoints the page documents (none on a page that only documents a type).
    pub operations: Vec<Operation>,
    /// The object types the page names (`AssignPermissionGroupInput`, `OAuth2TokenDetail`), in
    /// the order the page states them.
    pub types: Vec<NamedType>,
    /// The lines the reader did not understand, 1-based, with their text.
    pub unread: Vec<Unread>,
    /// How many non-blank lines the page has.
    pub lines: usize,
}

/// A line of a page the reader did not understand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unread {
    pub line: usize,
    pub text: String,
}

/// An endpoint.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Operation {
    /// Lower-case HTTP method: `get`, `post`, …
    pub method: String,
    /// The path with `{name}` parameters (a page's `:name` is written `{name}`).
    pub path: String,
    /// The line the method or path is on.
    pub line: usize,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub parameters: Vec<Parameter>,
    /// Credentials the page documents (an `Authorization` header).
    pub security: Vec<Security>,
    pub body: Option<Body>,
    pub responses: Vec<Response>,
}

/// Where a parameter is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    Path,
    Query,
    Header,
    Cookie,
}

impl Location {
    /// The OpenAPI `in` value.
    pub fn as_str(self) -> &'static str {
        match self {
            Location::Path => "path",
            Location::Query => "query",
            Location::Header => "header",
            Location::Cookie => "cookie",
        }
    }
}

/// A path, query, header or cookie parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    pub name: String,
    pub location: Location,
    pub required: bool,
    pub schema: Schema,
    pub line: usize,
}

/// How a page says credentials are sent.
#[derive(Debug, Clone, PartialEq)]
pub struct Security {
    /// The header that carries them (`Authorization`).
    pub header: String,
    /// `true` where the page says the value is `Bearer <token>`.
    pub bearer: bool,
    pub description: Option<String>,
    pub line: usize,
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// The media types the page lists, in its order (`application/json` when it names none).
    pub media_types: Vec<String>,
    pub required: bool,
    pub description: Option<String>,
    pub schema: Schema,
    /// Media types the body is also sent as, each group with a schema of its own (a page that
    /// states one schema per media type), in the page's order after `media_types`.
    pub other_media: Vec<MediaSchema>,
    /// JSON examples the page shows for the body.
    pub examples: Vec<Value>,
    pub line: usize,
}

/// Media types a body is sent as with a schema of their own, beside its first ones.
#[derive(Debug, Clone, PartialEq)]
pub struct MediaSchema {
    /// The media types, in the page's order.
    pub media_types: Vec<String>,
    pub schema: Schema,
    /// The line that states them.
    pub line: usize,
}

/// A response, or a range of them (`4XX`).
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// `200`, `4XX`, `default`.
    pub status: String,
    pub description: Option<String>,
    pub headers: Vec<Field>,
    pub media_types: Vec<String>,
    pub schema: Option<Schema>,
    /// Media types the response is also sent as with a schema of their own, as for a body.
    pub other_media: Vec<MediaSchema>,
    pub examples: Vec<Value>,
    pub line: usize,
}

/// An object type the page names.
#[derive(Debug, Clone, PartialEq)]
pub struct NamedType {
    pub name: String,
    pub schema: Schema,
    pub line: usize,
}

/// A field of an object, or a response header.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: String,
    pub required: bool,
    pub schema: Schema,
    pub line: usize,
}

/// The type of a value.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Type {
    String,
    Integer,
    Number,
    Boolean,
    /// An object; its fields are [`Schema::fields`].
    Object,
    Array(Box<Schema>),
    /// An object type the page (or another page of the API) names.
    Named(String),
    /// The page gives no type (`any`, or nothing).
    #[default]
    Any,
}

/// Everything a page states about a value.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Schema {
    pub kind: Type,
    /// `date-time`, `int32`, `uri`, …
    pub format: Option<String>,
    pub nullable: bool,
    pub title: Option<String>,
    pub description: Option<String>,
    pub default: Option<Value>,
    pub enumeration: Vec<Value>,
    pub read_only: bool,
    pub deprecated: bool,
    pub minimum: Option<Value>,
    pub maximum: Option<Value>,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub pattern: Option<String>,
    pub example: Option<Value>,
    /// The fields of an object, in the page's order.
    pub fields: Vec<Field>,
    /// The values of an object's other keys (a map, `Record<string, T>`), when the page says it
    /// takes keys beyond its fields.
    pub additional: Option<Box<Schema>>,
    /// The alternatives a value is one of (a union type), in the page's order.
    pub one_of: Vec<Schema>,
    /// For a [`Type::Named`] use: fields this use requires beyond those the type requires (a
    /// response table that lists a request type's optional fields as always present).
    pub requires: Vec<String>,
    /// For a [`Type::Named`] use on a page that states the type itself: which of the page's
    /// [`Page::types`] it means (a page may state two different types under one name).
    pub declaration: Option<usize>,
}

impl Schema {
    /// A schema of this type and nothing else.
    pub fn of(kind: Type) -> Schema {
        Schema {
            kind,
            ..Schema::default()
        }
    }
}

/// The page kinds the importer reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// Markdoc source of an endpoint page: frontmatter, then markdown tables (seed 000).
    Markdoc,
    /// The text of an Oracle-style HTML REST reference page, as AWX's is rendered (seed 001).
    OracleRest,
    /// A generated SDK model page: a title, example usage, one table of fields (seed 002).
    SdkModel,
    /// The text of a Mintlify API page (seed 003).
    Mintlify,
    /// The text of a docusaurus-openapi-docs page (seed 004).
    Docusaurus,
}

impl Kind {
    /// Every kind, in the order detection tries them.
    pub const ALL: [Kind; 5] = [
        Kind::Markdoc,
        Kind::SdkModel,
        Kind::OracleRest,
        Kind::Mintlify,
        Kind::Docusaurus,
    ];

    /// The kind's name on the command line and in `x-specforge-docs.style`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Markdoc => "markdoc",
            Kind::OracleRest => "oracle-rest",
            Kind::SdkModel => "sdk-model",
            Kind::Mintlify => "mintlify",
            Kind::Docusaurus => "docusaurus",
        }
    }

    /// The kind of this name.
    pub fn named(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|kind| kind.name() == name)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A page a reader cannot make sense of: the 1-based line and what is wrong there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub message: String,
}

impl Problem {
    pub fn at(line: usize, message: impl Into<String>) -> Problem {
        Problem {
            line,
            message: message.into(),
        }
    }
}

/// One page, read, with the file it came from and its kind.
#[derive(Debug, Clone)]
pub struct ReadPage {
    pub file: String,
    pub kind: Kind,
    pub page: Page,
}
