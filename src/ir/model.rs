//! The IR's types: one API, its named types, operations and security, each node with its
//! origin in the spec.

use std::sync::Arc;

use serde::Serialize;

pub use super::names::Name;

/// Where an IR node came from: the spec file and the JSON pointer of the node in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Origin {
    pub file: String,
    pub pointer: String,
    /// The node's pointer in the loaded document: `pointer`, unless the node was bundled in
    /// from another file than the entry file. Errors about the node are made from it.
    #[serde(skip)]
    pub node: String,
}

impl Origin {
    pub fn new(file: &str, pointer: &str) -> Self {
        Origin {
            file: file.to_owned(),
            pointer: pointer.to_owned(),
            node: pointer.to_owned(),
        }
    }

    /// Where the node at `pointer` of `spec`'s document is written: in the entry file, or in
    /// the file it was bundled in from.
    pub fn of(spec: &crate::spec::Spec, pointer: &str) -> Self {
        let (file, written) = spec.origin(pointer);
        Origin {
            file: file.to_owned(),
            pointer: written,
            node: pointer.to_owned(),
        }
    }

    /// The origin of the node under this one at `segment` (escaped, as a pointer writes it).
    pub fn child(&self, segment: &str) -> Self {
        Origin {
            file: self.file.clone(),
            pointer: format!("{}/{segment}", self.pointer),
            node: format!("{}/{segment}", self.node),
        }
    }

    /// `file#/pointer`, for comments that say where generated code came from.
    pub fn display(&self) -> String {
        format!("{}#{}", self.file, self.pointer)
    }
}

/// One API: everything generated from one spec file.
#[derive(Debug, Clone, Serialize)]
pub struct Api {
    /// The API's name, from the spec file's stem (`awx`).
    pub name: String,
    /// The API's name as a Rust type name (`Awx`).
    pub type_name: String,
    /// The models crate: package name (`awx-models`) and library name (`awx_models`).
    pub models_crate: Name,
    /// The server crate: package name (`awx-server`) and library name (`awx_server`).
    pub server_crate: Name,
    /// The server crate's trait (`AwxApi`).
    pub server_trait: String,
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    /// What the API's crates' manifests say about their package, decided from `info`.
    pub package: super::package::Package,
    /// `x-specforge-docs` in `info`: which docs styles render this API.
    pub docs: DocsStyle,
    pub servers: Vec<String>,
    pub types: Vec<TypeDef>,
    pub operations: Vec<Operation>,
    /// The requests the API sends to its subscribers (OpenAPI 3.1 `webhooks`), in the spec's
    /// order.
    pub webhooks: Vec<Webhook>,
    /// The Rust name of the models crate's enum of every webhook with its payload (`Webhook`);
    /// `None` when the API has no webhooks.
    pub webhook_type: Option<String>,
    pub security_schemes: Vec<SecurityScheme>,
    /// `x-specforge-server.errors`: how the server stub writes the API's own error body for a
    /// request it rejects, per status (`None`: any other status).
    pub error_bodies: Vec<ErrorBody>,
    /// The object types the server stub checks field by field, in a fixed order: those a
    /// request body or a query, header or cookie parameter struct holds, through fields,
    /// items, map values and aliases (a union's variants are not checked field by field).
    pub request_objects: Vec<TypeId>,
    /// Every JSON example of a type or a JSON body, with the name of the models crate's
    /// round-trip test that reads it.
    pub examples: Vec<ExampleTest>,
    /// What `--skip-invalid` left out of the document, with why.
    pub skipped: Vec<crate::spec::Skipped>,
    /// Derives the configuration adds to the models crate's types, as Rust paths (`Hash`,
    /// `schemars::JsonSchema`); each type gets those its fields allow.
    pub derives: Vec<String>,
    /// Dependencies the configuration adds to the crates' manifests.
    pub dependencies: Vec<super::settings::Dependency>,
    pub origin: Origin,
}

/// A JSON example the models crate reads into its type and writes back, as a test.
#[derive(Debug, Clone, Serialize)]
pub struct ExampleTest {
    /// The test function's name, unique in the crate (`update_token_request_example`).
    pub test_name: String,
    pub ty: TypeRef,
    /// Shared with the example it tests.
    pub value: Arc<serde_json::Value>,
    pub origin: Origin,
}

/// A template of the API's error body: JSON whose strings may hold `{status}`, `{error}`,
/// `{message}` and `{field}`, and whose keys may be `{field}`; an object member whose key or
/// value is exactly `{field}` is left out when the rejection names no field.
#[derive(Debug, Clone, Serialize)]
pub struct ErrorBody {
    pub status: Option<u16>,
    pub template: serde_json::Value,
    pub origin: Origin,
}

/// Docs styles named by the spec (`info.x-specforge-docs`).
#[derive(Debug, Clone, Default, Serialize)]
pub struct DocsStyle {
    /// The style of operation pages (`markdoc`, `mintlify`, …).
    pub style: Option<String>,
    /// The style of model pages, where the API's source documents models (`sdk-model`).
    pub model_style: Option<String>,
}

/// An index into [`Api::types`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct TypeId(pub usize);

/// Which side of the wire a type is used on. A schema whose readOnly or writeOnly fields make the
/// two sides differ becomes one type per side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Access {
    /// Sent by the client: readOnly fields are left out.
    Request,
    /// Sent by the server: writeOnly fields are left out.
    Response,
    /// The same on both sides.
    Both,
}

/// A named type.
#[derive(Debug, Clone, Serialize)]
pub struct TypeDef {
    /// The type's Rust name, and the schema name it came from.
    pub name: Name,
    pub title: Option<String>,
    pub description: Option<String>,
    pub access: Access,
    /// Where the type comes from: a component schema, an inline schema, or a parameter struct.
    pub source: TypeSource,
    /// Whether the type is reachable from a response (response enums accept unknown values).
    pub in_response: bool,
    /// Whether the type is reachable from a request body or parameter (its fields are held to
    /// the spec strictly, `null` included).
    pub in_request: bool,
    pub kind: TypeKind,
    pub example: Option<Arc<serde_json::Value>>,
    pub origin: Origin,
    /// An inline type spelled exactly like an earlier one (Stripe repeats the same inline
    /// objects across its request bodies): the models crate writes it as an alias of that one.
    /// Everything else about the type, its docs included, stays its own.
    pub same_as: Option<TypeId>,
}

/// Where a named type comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "name", rename_all = "snake_case")]
pub enum TypeSource {
    /// A schema under `#/components/schemas`, by its name (both sides of a split schema, and
    /// its partial-update copy, keep it).
    Component(String),
    /// An inline schema, named by the IR after its parent and field.
    Inline,
    /// The struct the IR makes for one location's parameters of an operation.
    Parameters,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TypeKind {
    /// An object with known properties.
    Struct(Struct),
    /// A string enum.
    Enum(Enum),
    /// `oneOf` / `anyOf`: one of several shapes.
    Union(Union),
    /// A named schema that is not an object, enum or union (`type: array`, a plain string).
    Alias(TypeRef),
}

#[derive(Debug, Clone, Serialize)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// `additionalProperties` next to `properties`: a map field holding the other keys.
    pub additional: Option<AdditionalField>,
    /// `oneOf`/`anyOf` next to `properties` whose branches only narrow those properties: the
    /// combinations of field values the object may take.
    pub combinations: Option<Box<Combinations>>,
    /// `allOf` of these fields and a `oneOf`/`anyOf` of objects that declare none of them:
    /// the union, whose variant's keys sit in the same JSON object as the fields (boxed: few
    /// structs have one).
    pub union: Option<Box<UnionField>>,
}

/// The field of a struct that holds the union its `allOf` combines with the struct's own
/// fields (`allOf: [{oneOf: [A, B]}, {properties: …}]`). On the wire there is one object: the
/// struct's fields and the keys of one variant, side by side.
#[derive(Debug, Clone, Serialize)]
pub struct UnionField {
    /// The Rust field name, unique among the struct's fields.
    pub name: String,
    /// The union (through any alias).
    pub ty: TypeRef,
    /// `oneOf`: exactly one variant fits; `anyOf`: at least one.
    pub exactly_one: bool,
    /// Set by the cycle pass: the union must be boxed to give the struct a finite size.
    pub boxed: bool,
    pub origin: Origin,
}

/// Rules an object's own fields must meet together, from `oneOf`/`anyOf` branches that only
/// narrow the object's properties (for example "`value` is a string when `path` is `/name`").
/// The object keeps one Rust type; the rules are checked on the wire.
#[derive(Debug, Clone, Serialize)]
pub struct Combinations {
    /// `oneOf`: exactly one branch must hold; `anyOf`: at least one.
    pub exactly_one: bool,
    pub branches: Vec<Combination>,
    /// `not`: combinations the fields must not fit (none of them may hold).
    pub excluded: Vec<Combination>,
    pub origin: Origin,
}

impl Combinations {
    /// How many combinations must hold, in words: "exactly one" or "at least one".
    pub fn rule(&self) -> &'static str {
        if self.exactly_one {
            "exactly one"
        } else {
            "at least one"
        }
    }

    /// The keyword with that meaning: `oneOf` or `anyOf`.
    pub fn keyword(&self) -> &'static str {
        if self.exactly_one {
            "oneOf"
        } else {
            "anyOf"
        }
    }
}

/// One branch: the fields it requires, and what it allows in the fields it names.
#[derive(Debug, Clone, Serialize)]
pub struct Combination {
    /// Wire names of the fields this branch requires.
    pub required: Vec<String>,
    /// Wire name and allowed values of each field this branch narrows.
    pub fields: Vec<(String, Allowed)>,
    /// The branch in words, for doc comments, docs and error messages.
    pub summary: String,
}

/// The values a branch allows in one field.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Allowed {
    /// `enum`: the only values allowed (empty: any of the kind).
    pub values: Vec<serde_json::Value>,
    /// `type`, if the branch sets one.
    pub kind: Option<JsonKind>,
    pub nullable: bool,
    /// For arrays: what each item allows.
    pub items: Option<Box<Allowed>>,
}

/// A JSON Schema `type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum JsonKind {
    String,
    Integer,
    Number,
    Boolean,
    Array,
    Object,
}

/// The field that collects an object's keys beyond its properties.
#[derive(Debug, Clone, Serialize)]
pub struct AdditionalField {
    /// The Rust field name (`additional_properties`, made unique among the properties).
    pub name: String,
    pub ty: TypeRef,
    pub origin: Origin,
}

/// A property of an object.
#[derive(Debug, Clone, Serialize)]
pub struct Field {
    /// Wire name and Rust field name.
    pub name: Name,
    pub ty: TypeRef,
    pub presence: Presence,
    /// The default applied when the field is absent (only for non-nullable optional fields whose
    /// default the type can express).
    pub default: Option<serde_json::Value>,
    /// The default as the spec writes it, applied or not (for docs).
    pub spec_default: Option<serde_json::Value>,
    /// The associated function giving the applied default (`default_scope`).
    pub default_fn: Option<String>,
    pub read_only: bool,
    pub write_only: bool,
    /// Set by the cycle pass: the field must be boxed to give the type a finite size.
    pub boxed: bool,
    pub title: Option<String>,
    pub description: Option<String>,
    pub example: Option<serde_json::Value>,
    pub deprecated: bool,
    /// Limits the spec puts on the value (`pattern`, lengths, bounds, item counts).
    pub limits: Option<Limits>,
    /// The component schema whose own `properties` declare the field, if one does (a field
    /// merged from an `allOf` part that is a `$ref` names that part's schema).
    pub declared_in: Option<String>,
    pub origin: Origin,
}

impl Field {
    /// How the models crate holds the field, decided by its presence and default.
    pub fn holding(&self) -> Holding {
        match (self.presence.required, self.presence.nullable) {
            (true, false) => Holding::Plain,
            (true, true) => Holding::RequiredNullable,
            (false, true) => Holding::Tristate,
            (false, false) if self.default.is_some() => Holding::Defaulted,
            (false, false) => Holding::Optional,
        }
    }
}

/// How a field is held in its Rust struct.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holding {
    /// Required and not nullable: the plain type.
    Plain,
    /// Required and nullable: `Option`, but a missing field is an error.
    RequiredNullable,
    /// Optional and not nullable: `Option`, absent when `None`.
    Optional,
    /// Optional with a default the type can hold: the plain type, defaulted when absent.
    Defaulted,
    /// Optional and nullable: `Nullable`, keeping absent, `null` and a value apart.
    Tristate,
}

/// Limits on a value beyond its type, as the spec writes them.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Limits {
    pub pattern: Option<String>,
    pub min_length: Option<usize>,
    pub max_length: Option<usize>,
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    pub exclusive_minimum: bool,
    pub exclusive_maximum: bool,
    pub min_items: Option<usize>,
    pub max_items: Option<usize>,
}

/// Whether a field must be present and whether it may be `null`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Presence {
    pub required: bool,
    pub nullable: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Enum {
    pub variants: Vec<EnumVariant>,
    /// For enums that come from responses: the variant that accepts and keeps a value the spec
    /// does not list, so that a server adding a value does not break its clients.
    pub unknown: Option<Name>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EnumVariant {
    /// The wire value and the Rust variant name.
    pub name: Name,
    pub origin: Origin,
}

#[derive(Debug, Clone, Serialize)]
pub struct Union {
    pub variants: Vec<UnionVariant>,
    /// `discriminator.propertyName`: the field whose value picks the variant.
    pub discriminator: Option<String>,
    /// `anyOf` rather than `oneOf`.
    pub any_of: bool,
    /// Not a `oneOf`/`anyOf` of the spec but a list or map schema that holds itself, whose one
    /// variant is its value: as an alias it would be an infinite type.
    pub holds_itself: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct UnionVariant {
    pub name: Name,
    pub ty: TypeRef,
    /// The discriminator value that selects this variant.
    pub tag: Option<String>,
    pub boxed: bool,
    pub origin: Origin,
}

/// A use of a type.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", content = "of", rename_all = "snake_case")]
pub enum TypeRef {
    String,
    /// A string with a format the generator keeps as text (`uri`, `email`, `phone-number`…).
    FormattedString(String),
    /// A UUID written as a string (`format: uuid`).
    Uuid,
    /// Bytes written as a base64 string (`format: byte`).
    Base64Bytes,
    Integer(IntWidth),
    Number(FloatWidth),
    Boolean,
    DateTime,
    Date,
    /// Any JSON value.
    Json,
    /// Raw bytes (a body of a binary media type).
    Bytes,
    /// A file part of a multipart body (`type: string, format: binary` there): its bytes,
    /// with the file name and media type the client gave it.
    File,
    Array(Box<TypeRef>),
    /// An object of arbitrary keys with values of one type.
    Map(Box<TypeRef>),
    Named(TypeId),
    /// A type the generator does not make, named by its Rust path (`rust_decimal::Decimal`):
    /// what the configuration puts in place of a schema or a format.
    External(Box<External>),
}

/// The user's type in place of a schema or a format, and what the spec says is on the wire.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct External {
    /// The Rust type, as the configuration writes it.
    pub path: String,
    /// The type the spec alone would give (for a replaced schema, any JSON value): what the
    /// docs describe.
    pub wire: TypeRef,
}

impl TypeRef {
    /// The configuration's type `path` in place of this one.
    pub fn replaced_by(self, path: &str) -> TypeRef {
        TypeRef::External(Box::new(External {
            path: path.to_owned(),
            wire: self,
        }))
    }
}

impl TypeRef {
    /// Whether the type is a file part, or a list of them.
    pub fn holds_files(&self) -> bool {
        match self {
            TypeRef::File => true,
            TypeRef::Array(item) => item.holds_files(),
            _ => false,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IntWidth {
    I32,
    I64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FloatWidth {
    F32,
    F64,
}

/// One operation: a method on a path.
#[derive(Debug, Clone, Serialize)]
pub struct Operation {
    /// The operationId (or one derived from method and path) and its Rust spellings.
    pub name: Name,
    /// Whether `name` came from the spec's `operationId`.
    pub has_operation_id: bool,
    pub method: Method,
    pub path: String,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub tags: Vec<String>,
    pub deprecated: bool,
    pub parameters: Vec<Parameter>,
    /// The generated parameter structs, one per location that has parameters, in the order
    /// path, query, header, cookie.
    pub param_structs: Vec<ParamStruct>,
    pub request_body: Option<RequestBody>,
    pub responses: Vec<Response>,
    /// The Rust name of the operation's response enum.
    pub response_type: Name,
    /// The server stub's handler function (`handle_update_token`).
    pub handler: String,
    /// Alternatives (any one suffices), each a set of schemes that must all be satisfied. Empty
    /// means the operation needs no authentication.
    pub security: Vec<Vec<SecurityUse>>,
    pub origin: Origin,
}

impl Operation {
    /// The parameter struct of one location, if the operation has parameters there.
    pub fn param_struct(&self, location: ParamLocation) -> Option<TypeId> {
        self.param_structs
            .iter()
            .find(|params| params.location == location)
            .map(|params| params.id)
    }
}

/// A webhook: a request the API sends to the URL a subscriber gave it, named by its key under
/// `webhooks` rather than by a path. The subscriber receives the payload and answers with one of
/// the responses.
#[derive(Debug, Clone, Serialize)]
pub struct Webhook {
    /// The key under `webhooks` (`batch_cancelled`), and its variant in the models crate's
    /// webhook enum (`BatchCancelled`).
    pub name: Name,
    pub operation_id: Option<String>,
    pub method: Method,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub tags: Vec<String>,
    pub deprecated: bool,
    /// What the API sends. Its types are read as a response's are: the API writes them, so
    /// their enums accept values the spec does not list yet.
    pub payload: Option<RequestBody>,
    /// What the subscriber may answer, per status. Their types are written by the subscriber,
    /// as a request's are.
    pub responses: Vec<Response>,
    pub origin: Origin,
}

/// An HTTP method an operation can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Method {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl Method {
    /// The method as HTTP writes it (`GET`).
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }
}

impl std::fmt::Display for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The struct holding one location's parameters of an operation.
#[derive(Debug, Clone, Serialize)]
pub struct ParamStruct {
    pub location: ParamLocation,
    pub id: TypeId,
    /// Its argument's name in the server trait's method (`path`, `query`, `headers`,
    /// `cookies`).
    pub argument: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    Cookie,
}

#[derive(Debug, Clone, Serialize)]
pub struct Parameter {
    /// Wire name and Rust field name (a field of the location's parameter struct).
    pub name: Name,
    pub location: ParamLocation,
    pub ty: TypeRef,
    pub presence: Presence,
    pub description: Option<String>,
    pub example: Option<serde_json::Value>,
    pub deprecated: bool,
    /// `style`, where the spec sets one other than the location's default.
    pub style: Option<Style>,
    pub explode: Option<bool>,
    /// How an array value's items are written, from `style`, `explode` and the location.
    pub list: ListFormat,
    /// Limits the spec puts on the value (`pattern`, lengths, bounds, item counts).
    pub limits: Option<Limits>,
    pub origin: Origin,
}

/// A serialisation `style` of a parameter or form field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Style {
    Form,
    Simple,
    Matrix,
    Label,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
}

impl Style {
    /// The character a delimited style separates a list's items with.
    pub fn delimiter(self) -> Option<char> {
        match self {
            Style::SpaceDelimited => Some(' '),
            Style::PipeDelimited => Some('|'),
            _ => None,
        }
    }
}

/// How a list's items are written in a parameter or form field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "delimiter", rename_all = "snake_case")]
pub enum ListFormat {
    /// One key per item (`?id=1&id=2`).
    Repeated,
    /// One value, its items separated by the character (`?id=1,2`).
    Delimited(char),
}

impl ListFormat {
    /// The separator of a delimited list; `None` for repeated keys.
    pub fn delimiter(self) -> Option<char> {
        match self {
            ListFormat::Repeated => None,
            ListFormat::Delimited(c) => Some(c),
        }
    }
}

/// How a body's media type is read and written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MediaKind {
    Json,
    /// `application/json-patch+json`: an RFC 6902 patch document.
    JsonPatch,
    Form,
    Multipart,
    Text,
    Binary,
}

#[derive(Debug, Clone, Serialize)]
pub struct Media {
    /// The media type as the spec writes it.
    pub media_type: String,
    /// The media type without parameters, lowercased (`application/json` for
    /// `application/json; charset=utf-8`): what a request's `Content-Type` is matched with.
    pub essence: String,
    pub kind: MediaKind,
    /// Per-property encodings of a form body (`scopes` as `spaceDelimited`).
    pub encodings: Vec<Encoding>,
    pub examples: Vec<Example>,
    pub origin: Origin,
}

#[derive(Debug, Clone, Serialize)]
pub struct Encoding {
    pub property: String,
    pub style: Option<Style>,
    pub explode: Option<bool>,
    /// How the field's list items are written, from `style`.
    pub list: ListFormat,
    pub content_type: Option<String>,
    /// The kind of `content_type`: a field whose value is a JSON document has `Json`.
    pub content_kind: Option<MediaKind>,
    pub origin: Origin,
}

#[derive(Debug, Clone, Serialize)]
pub struct Example {
    /// The name in an `examples` map, or `example` for a lone `example`.
    pub name: String,
    pub summary: Option<String>,
    pub value: Arc<serde_json::Value>,
    pub origin: Origin,
}

#[derive(Debug, Clone, Serialize)]
pub struct RequestBody {
    pub description: Option<String>,
    pub required: bool,
    /// `x-specforge-partial-update: true`: a partial update (a PATCH that sends only what
    /// changes). Its object type has every field optional and no defaults, so that an absent
    /// field means "leave unchanged".
    pub partial: bool,
    /// The body's Rust type: one for every media type, or one per schema when the media
    /// types' schemas differ.
    pub ty: Option<BodyType>,
    pub content: Vec<Media>,
    /// `x-specforge-patchable`: for JSON Patch bodies, the paths a patch may touch.
    pub patchable: Vec<String>,
    pub origin: Origin,
}

/// Which status codes a response answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Status {
    Code(u16),
    /// `4XX`: the hundreds digit.
    Range(u16),
    Default,
}

impl Status {
    /// A 2XX status or range.
    pub fn is_success(self) -> bool {
        match self {
            Status::Code(code) => (200..300).contains(&code),
            Status::Range(hundreds) => hundreds == 2,
            Status::Default => false,
        }
    }

    /// The status as the spec writes it (`200`, `4XX`, `default`).
    pub fn spec_text(self) -> String {
        match self {
            Status::Code(code) => code.to_string(),
            Status::Range(hundreds) => format!("{hundreds}XX"),
            Status::Default => "default".to_owned(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Response {
    pub status: Status,
    /// The status as the spec writes it.
    pub status_text: String,
    /// The response enum's variant for this status.
    pub variant: Name,
    pub description: String,
    pub headers: Vec<Header>,
    /// The body's Rust type, as for a request body.
    pub body: Option<BodyType>,
    pub content: Vec<Media>,
    pub origin: Origin,
}

/// The Rust type of a request or response body.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", content = "of", rename_all = "snake_case")]
pub enum BodyType {
    /// One type, whatever the media type: every media type has the same schema (or none).
    One(TypeRef),
    /// The media types have different schemas (a JSON object, or a multipart upload of a
    /// file): an enum with a variant per schema, the media type saying which one a body is.
    PerMedia(MediaEnum),
}

impl BodyType {
    /// The one type of a body whose media types share it.
    pub fn one(&self) -> Option<&TypeRef> {
        match self {
            BodyType::One(ty) => Some(ty),
            BodyType::PerMedia(_) => None,
        }
    }

    /// Every type the body holds: its one type, or each variant's.
    pub fn types(&self) -> Vec<&TypeRef> {
        match self {
            BodyType::One(ty) => vec![ty],
            BodyType::PerMedia(body) => body.variants.iter().map(|v| &v.ty).collect(),
        }
    }

    /// The type a body of the `index`th media type (of the body's `content`) is held as.
    pub fn of_media(&self, index: usize) -> Option<&TypeRef> {
        match self {
            BodyType::One(ty) => Some(ty),
            BodyType::PerMedia(body) => body.variant_of(index).map(|v| &v.ty),
        }
    }
}

/// The enum of a body whose media types have different schemas.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MediaEnum {
    /// The enum's Rust name (`CreateImageEditBody`); its wire name is the operation's.
    pub name: Name,
    pub variants: Vec<MediaVariant>,
}

impl MediaEnum {
    /// The variant a body of the `index`th media type is.
    pub fn variant_of(&self, index: usize) -> Option<&MediaVariant> {
        self.variants.iter().find(|v| v.media.contains(&index))
    }
}

/// One variant of a [`MediaEnum`]: the media types that share one schema, and its type.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MediaVariant {
    /// The variant's Rust name: its media kind (`Json`, `Multipart`; `Binary` for bytes sent
    /// as several media types) where no other variant has that kind, otherwise its media
    /// subtype (`Csv`, `Sdp`, `ScimJson`).
    pub name: Name,
    /// The type of the variant's body, as its media type holds it.
    pub ty: TypeRef,
    /// Indices into the body's `content` of the media types this variant is sent as.
    pub media: Vec<usize>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Header {
    pub name: Name,
    pub ty: TypeRef,
    pub required: bool,
    /// Set by the HTTP layer itself (`Content-Type`, `Content-Length`): documented, but not
    /// carried in response enums or set by handlers.
    pub framework: bool,
    pub description: Option<String>,
    pub origin: Origin,
}

#[derive(Debug, Clone, Serialize)]
pub struct SecurityScheme {
    /// The key under `components/securitySchemes`.
    pub key: String,
    pub kind: SecurityKind,
    pub description: Option<String>,
    pub origin: Origin,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SecurityKind {
    /// `Authorization: Bearer <token>` (http bearer, and OAuth2 / OpenID Connect access tokens).
    Bearer { format: Option<String> },
    /// `Authorization: Basic <credentials>`.
    Basic,
    /// A key in a header, query parameter or cookie.
    ApiKey {
        location: ParamLocation,
        name: String,
    },
}

impl SecurityKind {
    /// Where the client sends the credential: the header, query parameter or cookie name.
    pub fn credential(&self) -> (&str, ParamLocation) {
        match self {
            SecurityKind::Bearer { .. } | SecurityKind::Basic => {
                ("Authorization", ParamLocation::Header)
            }
            SecurityKind::ApiKey { location, name } => (name, *location),
        }
    }
}

/// One scheme of a security requirement, with the scopes it needs.
#[derive(Debug, Clone, Serialize)]
pub struct SecurityUse {
    /// Index into [`Api::security_schemes`].
    pub scheme: usize,
    pub scopes: Vec<String>,
}

impl Api {
    pub fn type_def(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0]
    }
}
