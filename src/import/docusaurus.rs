//! The text of docusaurus-openapi-docs endpoint pages (seed 004, SailPoint's API reference).
//!
//! ```text
//! Skip to main content                                  (optional)
//! Patch Personal Access Token                           the title
//! PATCH                                                 method badge and path (optional;
//! /personal-access-tokens/:id                            also `PATCH /x` or `GET/x`)
//! This performs a targeted update …                     the lead description
//! Path Parameters                                       (Query / Header / Cookie Parameters)
//!     id stringrequired                                 a field head: name, type, flags
//!     The Personal Access Token id                      its description
//!     Example: ef38f94347e94562b5bb8424a56397d8         Possible values / Default value / …
//! A list of OAuth client update operations …            the body's description
//!   • Array [                                           the items of an array
//!   • op stringrequired
//!   • ]
//! Indicates the PATCH operation succeeded …             a response's description
//!     owner objectrequired                              an object, its fields following it
//! ```
//!
//! The text keeps the page's words but not its layout: the method badge, the status tabs and
//! the `Request Body` / `Responses` headings may be missing. Blocks are told apart by what
//! starts them: a section label, a status line (`200`, `4XX`, `  • 404`), or a paragraph at
//! the left margin after a block that already has fields. Unlabelled blocks before the
//! responses are the request body (the first, unless the method takes no body) and then the
//! responses.
//!
//! A response shown without its status is recorded as `2XX`: the page shows the content of the
//! first response tab (the success response) but not its code. A page without a method badge
//! and path gives an operation with an empty method and path; the caller supplies them.
//!
//! A body whose items are RFC 6902 operations (`op` with only the RFC's values, and `path`),
//! shown with no media type, is `application/json-patch+json`; when the page lists "The following
//! fields are patchable:", those fields (as JSON Pointers) are the values `path` may take. A curl
//! sample gives the method and path when the page shows no badge, and the body's media type,
//! credentials and example. A type the plugin shows as a schema title (`action Actionrequired`)
//! is the field's title, its type unknown.
//!
//! Types are not named on these pages: objects are inline. A nested object's fields follow its
//! `owner object` head. Where the text indents them deeper than the head, the indentation says
//! where they end. Where it does not (the seed), the end is not on the page; the reader takes the
//! shortest reading in which no object lists a field twice: a field whose name its level already
//! has belongs to the object opened last before it, and so do the fields between them.

use std::collections::VecDeque;

use serde_json::Value;

use super::lines::Lines;
use super::openapi::write_schema;
use super::page::Problem;
use super::page::{Body, Field, Location, Operation, Page, Parameter, Response, Schema};
use super::page::{Security, Type};

/// A docusaurus-openapi-docs page has indented field heads (`id stringrequired`) under the
/// plugin's own labels, or its `Array [` markers.
pub fn detect(text: &str) -> bool {
    let mut heads = 0;
    let mut labels = false;
    for raw in text.lines() {
        let shape = Shape::of(raw);
        if shape.text.is_empty() {
            continue;
        }
        if shape.indented() {
            if head(shape.text).is_some() {
                heads += 1;
            }
            if shape.text == "Array [" {
                labels = true;
            }
        } else if label(shape.text).is_some()
            || shape.text.starts_with("Possible values:")
            || shape.text.starts_with("Default value:")
        {
            labels = true;
        }
    }
    heads > 0 && labels
}

/// Reads a docusaurus-openapi-docs page.
pub fn read(text: &str) -> Result<Page, Problem> {
    let mut reader = Reader {
        lines: Lines::new(text),
        page: Page::default(),
        method: String::new(),
        path: String::new(),
        method_line: 0,
        blocks: Vec::new(),
        current: None,
        lead: Vec::new(),
        responses_mode: false,
        pending: VecDeque::new(),
        sample: None,
    };
    reader.read()?;
    reader.finish()
}

/// A line's indentation, bullet and text.
#[derive(Debug, Clone, Copy)]
struct Shape<'a> {
    /// The column the text starts at (a bullet `  • x` counts as indented to the `x`).
    indent: usize,
    bullet: bool,
    text: &'a str,
}

impl<'a> Shape<'a> {
    fn of(raw: &'a str) -> Shape<'a> {
        let trimmed = raw.trim_end();
        let body = trimmed.trim_start();
        let indent = trimmed.chars().count() - body.chars().count();
        match body.strip_prefix('•') {
            Some(rest) => {
                let text = rest.trim_start();
                let gap = rest.chars().count() - text.chars().count();
                Shape {
                    indent: indent + 1 + gap,
                    bullet: true,
                    text,
                }
            }
            None => Shape {
                indent,
                bullet: false,
                text: body,
            },
        }
    }

    fn indented(&self) -> bool {
        self.indent > 0 || self.bullet
    }
}

/// The labels the plugin writes.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Label {
    Request,
    Parameters(Location),
    /// `Request Body`, `Request Body required`, `Body`.
    Body {
        required: bool,
    },
    Responses,
    ResponseHeaders,
    /// Tabs and headings that carry no fact: `Schema`, `Example (from schema)`, `Loading...`.
    Layout,
}

fn label(text: &str) -> Option<Label> {
    let label = match text {
        "Request" => Label::Request,
        "Path Parameters" => Label::Parameters(Location::Path),
        "Query Parameters" => Label::Parameters(Location::Query),
        "Header Parameters" => Label::Parameters(Location::Header),
        "Cookie Parameters" => Label::Parameters(Location::Cookie),
        "Request Body" | "Body" => Label::Body { required: false },
        "Request Body required" | "Request Bodyrequired" | "Body required" | "Bodyrequired" => {
            Label::Body { required: true }
        }
        "Responses" => Label::Responses,
        "Response Headers" => Label::ResponseHeaders,
        "Schema" | "Example" | "Example (from schema)" | "Examples" | "Loading..." | "Loading…" => {
            Label::Layout
        }
        _ => return None,
    };
    Some(label)
}

/// `200`, `4XX`, `default`.
fn status(text: &str) -> Option<String> {
    let upper = text.to_ascii_uppercase();
    let bytes = upper.as_bytes();
    let code = bytes.len() == 3
        && (b'1'..=b'5').contains(&bytes[0])
        && ((bytes[1].is_ascii_digit() && bytes[2].is_ascii_digit())
            || (bytes[1] == b'X' && bytes[2] == b'X'));
    if code {
        Some(upper)
    } else if text == "default" {
        Some("default".to_string())
    } else {
        None
    }
}

/// `application/json`, `multipart/form-data`, `*/*`.
fn media_type(text: &str) -> bool {
    let Some((kind, sub)) = text.split_once('/') else {
        return false;
    };
    let token = |part: &str| {
        !part.is_empty()
            && part
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-+.*_".contains(c))
    };
    token(kind) && token(sub) && !sub.contains('/')
}

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "patch", "head", "options", "trace",
];

/// `PATCH`, `PATCH /x`, `GET/x` → the method (lower-case) and the path, if on the line.
fn method_line(text: &str) -> Option<(String, Option<String>)> {
    let letters: String = text
        .chars()
        .take_while(|c| c.is_ascii_uppercase())
        .collect();
    let method = letters.to_ascii_lowercase();
    if !METHODS.contains(&method.as_str()) {
        return None;
    }
    let rest = text[letters.len()..].trim();
    if rest.is_empty() {
        return Some((method, None));
    }
    path_line(rest).map(|path| (method, Some(path)))
}

/// `/personal-access-tokens/:id` → `/personal-access-tokens/{id}`.
fn path_line(text: &str) -> Option<String> {
    if !text.starts_with('/') || text.contains(char::is_whitespace) {
        return None;
    }
    let braced = text
        .split('/')
        .map(|segment| match segment.strip_prefix(':') {
            Some(name) if !name.is_empty() => format!("{{{name}}}"),
            _ => segment.to_string(),
        })
        .collect::<Vec<_>>()
        .join("/");
    Some(braced)
}

/// What a block is, by what started it.
#[derive(Debug, Clone, PartialEq)]
enum Part {
    Parameters(Location),
    Body {
        required: bool,
    },
    /// A response after a status line or the `Responses` label (status `None`: not shown).
    Response(Option<String>),
    /// Prose after fields before any response: the body, or a response (see the module doc).
    Unlabelled,
}

/// A part of the page: its description, media types, fields and examples.
#[derive(Debug)]
struct Block {
    kind: Part,
    line: usize,
    /// Paragraphs; a run of prose bullets is one paragraph of `* item` lines.
    paragraphs: Vec<String>,
    media_types: Vec<String>,
    items: Vec<Item>,
    header_items: Vec<Item>,
    headers_mode: bool,
    examples: Vec<Value>,
}

impl Block {
    fn new(kind: Part, line: usize) -> Block {
        Block {
            kind,
            line,
            paragraphs: Vec::new(),
            media_types: Vec::new(),
            items: Vec::new(),
            header_items: Vec::new(),
            headers_mode: false,
            examples: Vec::new(),
        }
    }

    fn has_content(&self) -> bool {
        !self.paragraphs.is_empty()
            || !self.media_types.is_empty()
            || !self.items.is_empty()
            || !self.header_items.is_empty()
            || !self.examples.is_empty()
    }

    fn description(&self) -> Option<String> {
        (!self.paragraphs.is_empty()).then(|| self.paragraphs.join("\n\n"))
    }
}

/// One element of a field list.
#[derive(Debug, Clone)]
enum Item {
    Entry(Entry),
    /// `Array [`: the items of the array field before it (or of the root) follow.
    Open {
        line: usize,
    },
    /// `]`.
    Close {
        line: usize,
    },
    /// A line that is only a type (`string<binary>`): the root is not an object.
    Root {
        schema: Schema,
        line: usize,
    },
}

/// A field head and what follows it.
#[derive(Debug, Clone)]
struct Entry {
    name: String,
    required: bool,
    schema: Schema,
    line: usize,
    indent: usize,
}

/// `owner objectrequired` → name, type and flags.
#[derive(Debug, Clone)]
struct Head {
    name: String,
    required: bool,
    schema: Schema,
}

/// Parses a field head: a name, then a type spelling followed by `nullable`, `required`,
/// `deprecated` (run together or spaced).
fn head(text: &str) -> Option<Head> {
    let (name, rest) = text.trim().split_once(char::is_whitespace)?;
    let (name, struck) = match name.strip_prefix("~~").and_then(|n| n.strip_suffix("~~")) {
        Some(inner) => (inner, true),
        None => (name, false),
    };
    let name_ok = !name.is_empty()
        && !name.ends_with(':')
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || "_-.$@[]/*".contains(c));
    if !name_ok {
        return None;
    }
    let mut rest = rest.trim();
    let mut required = false;
    let mut nullable = false;
    let mut deprecated = struck;
    // A flag run onto the word before it (`Actionrequired`): the plugin's own spelling.
    let mut glued = false;
    while let Some((before, flag)) = ["required", "nullable", "deprecated"]
        .into_iter()
        .find_map(|flag| rest.strip_suffix(flag).map(|before| (before, flag)))
    {
        glued |= before.ends_with(|c: char| !c.is_whitespace());
        match flag {
            "required" => required = true,
            "nullable" => nullable = true,
            _ => deprecated = true,
        }
        rest = before.trim_end();
    }
    let mut schema = match type_spelling(rest) {
        Some(schema) => schema,
        // The plugin shows a titled schema's title in place of its type (`action Actionrequired`).
        None if glued && is_title(rest) => Schema {
            title: Some(rest.to_string()),
            ..Schema::default()
        },
        None => return None,
    };
    schema.nullable |= nullable;
    schema.deprecated = deprecated;
    Some(Head {
        name: name.to_string(),
        required,
        schema,
    })
}

/// A schema title as the plugin shows it for a type: words of letters and digits.
fn is_title(text: &str) -> bool {
    text.chars().next().is_some_and(char::is_alphabetic)
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || c == ' ' || c == '-' || c == '_')
}

/// Formats the plugin shows alone as a type (older versions: `date-time`), with their type.
const FORMATS: [(&str, Type); 17] = [
    ("date-time", Type::String),
    ("date", Type::String),
    ("time", Type::String),
    ("duration", Type::String),
    ("uuid", Type::String),
    ("uri", Type::String),
    ("url", Type::String),
    ("email", Type::String),
    ("hostname", Type::String),
    ("ipv4", Type::String),
    ("ipv6", Type::String),
    ("binary", Type::String),
    ("byte", Type::String),
    ("password", Type::String),
    ("int32", Type::Integer),
    ("int64", Type::Integer),
    ("double", Type::Number),
];

/// `string`, `string[]`, `string<date-time>`, `date-time`, `integer<int32>[]`, `object`,
/// `string | null`, `(string | null)[]`.
fn type_spelling(text: &str) -> Option<Schema> {
    let mut text = text.trim();
    let mut depth = 0;
    while let Some(inner) = text.strip_suffix("[]") {
        depth += 1;
        if depth > MAX_DEPTH {
            return None;
        }
        text = inner.trim_end();
    }
    if let Some(inner) = text.strip_prefix('(').and_then(|t| t.strip_suffix(')')) {
        text = inner.trim();
    }
    let mut nullable = false;
    let mut parts: Vec<&str> = text.split('|').map(str::trim).collect();
    if parts.len() > 1 {
        let before = parts.len();
        parts.retain(|part| *part != "null");
        nullable = parts.len() < before;
        if parts.len() != 1 {
            return None;
        }
    }
    let base = parts.first().copied()?;
    let (word, format) = match base.split_once('<') {
        Some((word, format)) => (word, Some(format.strip_suffix('>')?.to_string())),
        None => (base, None),
    };
    let mut schema = match word {
        "string" => Schema::of(Type::String),
        "integer" => Schema::of(Type::Integer),
        "number" => Schema::of(Type::Number),
        "boolean" => Schema::of(Type::Boolean),
        "object" => Schema::of(Type::Object),
        "array" => Schema::of(Type::Array(Box::default())),
        "any" => Schema::default(),
        other if format.is_none() => {
            let (name, kind) = FORMATS
                .iter()
                .find(|(name, _)| *name == other)
                .cloned()
                .or_else(|| (other == "float").then_some(("float", Type::Number)))?;
            let mut schema = Schema::of(kind);
            schema.format = Some(name.to_string());
            schema
        }
        _ => return None,
    };
    if format.is_some() {
        schema.format = format;
    }
    for _ in 0..depth {
        schema = Schema::of(Type::Array(Box::new(schema)));
    }
    schema.nullable = nullable;
    Some(schema)
}

struct Reader<'a> {
    lines: Lines<'a>,
    page: Page,
    method: String,
    path: String,
    method_line: usize,
    blocks: Vec<Block>,
    current: Option<Block>,
    lead: Vec<String>,
    responses_mode: bool,
    /// Status tabs not yet given the content that follows them.
    pending: VecDeque<(String, usize)>,
    sample: Option<Sample>,
}

/// What a curl sample says.
#[derive(Debug, Default)]
struct Sample {
    line: usize,
    method: Option<String>,
    url: Option<String>,
    headers: Vec<(String, String)>,
    data: Option<String>,
}

/// Splits a shell command into words (quotes and `\\` line continuations); `None` while a quote
/// is open.
fn words(text: &str) -> Option<Vec<String>> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' | '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        None => return None,
                        Some(close) if close == c => break,
                        Some('\\') if c == '"' => {
                            if let Some(escaped) = chars.next() {
                                word.push(escaped);
                            }
                        }
                        Some(other) => word.push(other),
                    }
                }
            }
            '\\' => {
                if let Some(next) = chars.next() {
                    if next != '\n' {
                        word.push(next);
                        in_word = true;
                    }
                }
            }
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            c => {
                word.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        words.push(word);
    }
    Some(words)
}

impl<'a> Reader<'a> {
    fn read(&mut self) -> Result<(), Problem> {
        let mut at = self.preamble();
        while let Some(index) = self.lines.next_text(at) {
            at = self.line(index)?;
        }
        self.flush();
        Ok(())
    }

    /// `Skip to main content`, the title, the method and path: the index after them.
    fn preamble(&mut self) -> usize {
        let mut at = 0;
        if let Some(index) = self.lines.next_text(at) {
            if self.lines.get(index).trim() == "Skip to main content" {
                self.lines.mark(index);
                at = index + 1;
            }
        }
        if let Some(index) = self.lines.next_text(at) {
            let shape = Shape::of(self.lines.get(index));
            if !shape.indented() && label(shape.text).is_none() {
                self.page.title = Some(shape.text.to_string());
                self.lines.mark(index);
                at = index + 1;
            }
        }
        if let Some(index) = self.lines.next_text(at) {
            let text = self.lines.get(index).trim();
            if let Some((method, path)) = method_line(text) {
                self.method = method;
                self.method_line = index + 1;
                self.lines.mark(index);
                at = index + 1;
                match path {
                    Some(path) => self.path = path,
                    None => {
                        if let Some(next) = self.lines.next_text(at) {
                            if let Some(path) = path_line(self.lines.get(next).trim()) {
                                self.path = path;
                                self.lines.mark(next);
                                at = next + 1;
                            }
                        }
                    }
                }
            } else if let Some(path) = path_line(text) {
                self.path = path;
                self.method_line = index + 1;
                self.lines.mark(index);
                at = index + 1;
            }
        }
        at
    }

    fn flush(&mut self) {
        if let Some(block) = self.current.take() {
            self.blocks.push(block);
        }
    }

    /// The block prose and fields go to, opened if there is none.
    fn block(&mut self, line: usize) -> &mut Block {
        if self.current.is_none() {
            let kind = if self.responses_mode {
                Part::Response(self.pending.pop_front().map(|(status, _)| status))
            } else {
                Part::Unlabelled
            };
            self.current = Some(Block::new(kind, line));
        }
        self.current
            .as_mut()
            .expect("a block was opened just above")
    }

    /// Reads the text at `index`; returns the index to go on from.
    fn line(&mut self, index: usize) -> Result<usize, Problem> {
        let shape = Shape::of(self.lines.get(index));
        let line = index + 1;
        let text = shape.text;

        // Tabs and labels, at the margin or as bullets.
        if !shape.indented() || (shape.bullet && is_tab(text)) {
            if let Some(found) = label(text) {
                self.lines.mark(index);
                self.on_label(found, line);
                return Ok(index + 1);
            }
            if let Some(code) = status(text) {
                self.lines.mark(index);
                if self.current.as_ref().is_some_and(Block::has_content) || !self.responses_mode {
                    self.flush();
                }
                self.responses_mode = true;
                if self.current.as_ref().is_some_and(|b| !b.has_content()) {
                    // `Responses` followed by its tabs: the label block holds no content yet.
                    self.current = None;
                }
                self.pending.push_back((code, line));
                return Ok(index + 1);
            }
            if media_type(text) {
                self.lines.mark(index);
                if self.current.as_ref().is_some_and(|b| !b.items.is_empty()) {
                    self.flush();
                }
                let block = self.block(line);
                block.headers_mode = false;
                block.media_types.push(text.to_string());
                return Ok(index + 1);
            }
        }

        if !shape.indented() {
            if text.starts_with('{') || text.starts_with('[') {
                return self.example(index);
            }
            if text.starts_with("curl ") {
                return self.sample(index);
            }
            if let Some(block) = self.current.as_mut().filter(|block| {
                matches!(block.kind, Part::Body { .. })
                    && block.paragraphs.is_empty()
                    && block.items.is_empty()
            }) {
                // Newer versions put the body's type and flag under `Body`, a line each.
                if text == "required" {
                    block.kind = Part::Body { required: true };
                    self.lines.mark(index);
                    return Ok(index + 1);
                }
                if matches!(text, "object" | "array") {
                    self.lines.mark(index);
                    return Ok(index + 1);
                }
            }
            if self.current.is_none() && self.blocks.is_empty() && !self.responses_mode {
                // The lead description, before any section.
                self.lines.mark(index);
                let (paragraph, next) = self.paragraph(index);
                self.lead.push(paragraph);
                return Ok(next);
            }
            let after_fields = self
                .current
                .as_ref()
                .is_some_and(|b| !b.items.is_empty() || !b.examples.is_empty());
            if after_fields {
                self.flush();
            }
            let (paragraph, next) = self.paragraph(index);
            self.block(line).paragraphs.push(paragraph);
            return Ok(next);
        }

        // Indented: a field list, or prose bullets.
        if starts_fields(text) {
            return self.fields(index);
        }
        if shape.bullet {
            let (list, next) = self.bullets(index);
            if self.current.is_none() && self.blocks.is_empty() && !self.responses_mode {
                // A list in the lead description.
                self.lead.push(list);
            } else {
                self.block(line).paragraphs.push(list);
            }
            return Ok(next);
        }
        if self
            .current
            .as_ref()
            .is_some_and(|block| matches!(block.kind, Part::Parameters(_)))
        {
            return Err(Problem::at(
                line,
                format!("expected a field head (`name type`, e.g. `id stringrequired`) for a parameter, found `{text}`"),
            ));
        }
        // Indented prose outside any field list: not understood.
        Ok(index + 1)
    }

    fn on_label(&mut self, found: Label, line: usize) {
        match found {
            Label::Request | Label::Layout => {}
            Label::Parameters(location) => {
                self.flush();
                self.current = Some(Block::new(Part::Parameters(location), line));
            }
            Label::Body { required } => {
                // Media type tabs shown before the label are the body's.
                let mut body = Block::new(Part::Body { required }, line);
                match self.current.take() {
                    Some(tabs)
                        if tabs.kind == Part::Unlabelled
                            && tabs.paragraphs.is_empty()
                            && tabs.items.is_empty()
                            && tabs.examples.is_empty() =>
                    {
                        body.media_types = tabs.media_types;
                    }
                    other => {
                        self.current = other;
                        self.flush();
                    }
                }
                self.current = Some(body);
            }
            Label::Responses => {
                self.flush();
                self.responses_mode = true;
            }
            Label::ResponseHeaders => {
                let block = self.block(line);
                block.headers_mode = true;
            }
        }
    }

    /// Consecutive prose lines at the margin from `index`: one paragraph.
    fn paragraph(&mut self, index: usize) -> (String, usize) {
        let mut parts = Vec::new();
        let mut at = index;
        while at < self.lines.len() {
            let shape = Shape::of(self.lines.get(at));
            if shape.text.is_empty()
                || shape.indented()
                || label(shape.text).is_some()
                || status(shape.text).is_some()
                || media_type(shape.text)
            {
                break;
            }
            parts.push(shape.text.to_string());
            self.lines.mark(at);
            at += 1;
        }
        (parts.join("\n"), at)
    }

    /// A run of prose bullets from `index`: one paragraph of `* item` lines.
    fn bullets(&mut self, index: usize) -> (String, usize) {
        let mut items = Vec::new();
        let mut at = index;
        while at < self.lines.len() {
            let shape = Shape::of(self.lines.get(at));
            if !shape.bullet || starts_fields(shape.text) || is_tab(shape.text) {
                break;
            }
            items.push(format!("* {}", shape.text));
            self.lines.mark(at);
            at += 1;
        }
        (items.join("\n"), at)
    }

    /// A JSON example at the margin: the lines up to the one that closes it.
    fn example(&mut self, index: usize) -> Result<usize, Problem> {
        let mut text = String::new();
        let mut at = index;
        while at < self.lines.len() {
            text.push_str(self.lines.get(at));
            text.push('\n');
            at += 1;
            if let Ok(value) = serde_json::from_str::<Value>(&text) {
                self.lines.mark_range(index, at);
                let line = index + 1;
                self.block(line).examples.push(value);
                return Ok(at);
            }
        }
        Err(Problem::at(
            index + 1,
            "a JSON example starts here but does not parse as JSON up to the end of the page",
        ))
    }

    /// A curl sample: its lines up to the last continued one (`\\` at the end, or inside a
    /// quote). Its method and URL are the operation's when the page shows no method badge; its
    /// headers and data say the body's media type, the credentials and a body example.
    fn sample(&mut self, index: usize) -> Result<usize, Problem> {
        let mut text = String::new();
        let mut at = index;
        loop {
            let Some(raw) = (at < self.lines.len()).then(|| self.lines.get(at)) else {
                return Err(Problem::at(
                    index + 1,
                    "a curl sample starts here and is still open (a quote or a `\\` continuation) at the end of the page",
                ));
            };
            at += 1;
            let raw = raw.trim_end();
            text.push_str(raw);
            text.push('\n');
            let open_quote = words(&text).is_none();
            if !open_quote && !raw.ends_with('\\') {
                break;
            }
        }
        let words = words(&text).unwrap_or_default();
        self.lines.mark_range(index, at);
        let mut sample = Sample {
            line: index + 1,
            ..Sample::default()
        };
        let mut iter = words.iter();
        while let Some(word) = iter.next() {
            match word.as_str() {
                "-X" | "--request" => sample.method = iter.next().map(|m| m.to_ascii_lowercase()),
                "-H" | "--header" => {
                    if let Some((name, value)) = iter.next().and_then(|h| h.split_once(':')) {
                        sample
                            .headers
                            .push((name.trim().to_string(), value.trim().to_string()));
                    }
                }
                "-d" | "--data" | "--data-raw" | "--data-binary" => {
                    sample.data = iter.next().cloned();
                }
                url if url.starts_with("http://") || url.starts_with("https://") => {
                    sample.url = Some(url.to_string());
                }
                _ => {}
            }
        }
        self.sample = Some(sample);
        Ok(at)
    }

    /// A field list from `index`: heads, their attributes, `Array [` and `]`.
    fn fields(&mut self, index: usize) -> Result<usize, Problem> {
        let mut items = Vec::new();
        let mut at = index;
        // The entry whose attribute lines are being read, as an index into `items`.
        let mut open: Option<usize> = None;
        let mut description: Vec<Vec<String>> = Vec::new();
        let mut gap = false;
        while at < self.lines.len() {
            let shape = Shape::of(self.lines.get(at));
            if shape.text.is_empty() {
                gap = true;
                at += 1;
                continue;
            }
            if !shape.indented() || (shape.bullet && is_tab(shape.text)) {
                break;
            }
            let text = shape.text;
            let line = at + 1;
            if text == "Array [" {
                items.push(Item::Open { line });
                open = None;
            } else if text == "]" {
                items.push(Item::Close { line });
                open = None;
            } else if let Some(found) = head(text) {
                items.push(Item::Entry(Entry {
                    name: found.name,
                    required: found.required,
                    schema: found.schema,
                    line,
                    indent: shape.indent,
                }));
                open = Some(items.len() - 1);
                description.resize(items.len(), Vec::new());
            } else if let (None, Some(schema)) = (open, type_spelling(text)) {
                items.push(Item::Root { schema, line });
            } else if let Some(entry) = open.and_then(|i| match items.get_mut(i) {
                Some(Item::Entry(entry)) => Some(entry),
                _ => None,
            }) {
                let Some(notes) = description.get_mut(open.unwrap_or(0)) else {
                    break;
                };
                match attribute(entry, text) {
                    Attribute::Read => self.lines.mark(at),
                    // A qualifier in words the reader does not know: left unread.
                    Attribute::Unknown => {}
                    Attribute::Description => {
                        match notes.last_mut() {
                            Some(last) if !gap => {
                                last.push('\n');
                                last.push_str(text);
                            }
                            _ => notes.push(text.to_string()),
                        }
                        self.lines.mark(at);
                    }
                }
                gap = false;
                at += 1;
                continue;
            } else {
                return Err(Problem::at(
                    line,
                    format!(
                        "expected a field head (`name type`, e.g. `id stringrequired`), `Array [` or `]`, found `{text}`"
                    ),
                ));
            }
            self.lines.mark(at);
            gap = false;
            at += 1;
        }
        for (index, notes) in description.into_iter().enumerate() {
            if let Some(Item::Entry(entry)) = items.get_mut(index) {
                if !notes.is_empty() {
                    entry.schema.description = Some(notes.join("\n\n"));
                }
            }
        }
        let line = index + 1;
        let block = self.block(line);
        if block.headers_mode {
            block.header_items.extend(items);
        } else {
            block.items.extend(items);
        }
        Ok(at)
    }

    fn finish(mut self) -> Result<Page, Problem> {
        let mut operation = Operation {
            method: self.method.clone(),
            path: self.path.clone(),
            line: self.method_line,
            summary: self.page.title.clone(),
            description: (!self.lead.is_empty()).then(|| self.lead.join("\n\n")),
            ..Operation::default()
        };
        self.page.description = operation.description.clone();

        let takes_body = !matches!(
            self.method.as_str(),
            "get" | "delete" | "head" | "options" | "trace"
        );
        let labelled_body = self
            .blocks
            .iter()
            .any(|block| matches!(block.kind, Part::Body { .. }));
        let mut body_taken = labelled_body || !takes_body;
        let mut content_type: Option<(String, usize)> = None;
        let mut unshown_status = None;

        for block in std::mem::take(&mut self.blocks) {
            match block.kind.clone() {
                Part::Parameters(location) => {
                    let fields = level(&group(&block.items)?, 0)?;
                    for field in fields {
                        parameter(&mut operation, &mut content_type, location, field)?;
                    }
                }
                Part::Body { required } => {
                    let read = body(&block, required)?;
                    set_body(&mut operation, read)?;
                }
                Part::Unlabelled if !body_taken => {
                    body_taken = true;
                    operation.body = Some(body(&block, false)?);
                }
                Part::Unlabelled | Part::Response(None) => {
                    if let Some(first) = unshown_status {
                        return Err(Problem::at(
                            block.line,
                            format!(
                                "a second response without a status code (the first is at line {first}); expected a status line such as `200` before it"
                            ),
                        ));
                    }
                    unshown_status = Some(block.line);
                    operation
                        .responses
                        .push(response(&block, "2XX".to_string())?);
                }
                Part::Response(Some(code)) => {
                    let read = response(&block, code)?;
                    add_response(&mut operation, read)?;
                }
            }
        }
        for (code, line) in std::mem::take(&mut self.pending) {
            if operation.responses.iter().any(|known| known.status == code) {
                continue;
            }
            operation.responses.push(Response {
                status: code,
                description: None,
                headers: Vec::new(),
                media_types: Vec::new(),
                schema: None,
                other_media: Vec::new(),
                examples: Vec::new(),
                line,
            });
        }
        if let Some(sample) = self.sample.take() {
            apply_sample(&mut operation, &mut content_type, sample);
        }
        if let (Some((media, _)), Some(body)) = (content_type, operation.body.as_mut()) {
            if body.media_types.is_empty() {
                body.media_types.push(media);
            }
        }
        self.page.operations.push(operation);
        self.page.unread = self.lines.unread();
        self.page.lines = self.lines.non_blank();
        Ok(self.page)
    }
}

/// A bullet that is a tab of the page, not a list item: a status, a media type, `Schema`.
fn is_tab(text: &str) -> bool {
    status(text).is_some()
        || media_type(text)
        || matches!(label(text), Some(Label::Layout | Label::ResponseHeaders))
}

/// The text begins a field list.
fn starts_fields(text: &str) -> bool {
    text == "Array [" || text == "]" || head(text).is_some() || type_spelling(text).is_some()
}

/// What an attribute line of a field was.
enum Attribute {
    /// Read into the schema.
    Read,
    /// A `Possible values:` line in words the reader does not know.
    Unknown,
    /// Part of the field's description.
    Description,
}

/// Reads an attribute line of a field into its schema.
fn attribute(entry: &mut Entry, text: &str) -> Attribute {
    if let Some(rest) = text.strip_prefix("Possible values:") {
        return if qualifiers(&mut entry.schema, rest.trim()) {
            Attribute::Read
        } else {
            Attribute::Unknown
        };
    }
    if let Some(rest) = text.strip_prefix("Default value:") {
        let value = typed_value(&entry.schema, rest.trim());
        entry.schema.default = Some(value);
        return Attribute::Read;
    }
    if let Some(rest) = text.strip_prefix("Example:") {
        let value = typed_value(&entry.schema, rest.trim());
        entry.schema.example = Some(value);
        return Attribute::Read;
    }
    if let Some(rest) = text.strip_prefix("Constant value:") {
        let value = typed_value(&entry.schema, rest.trim());
        entry.schema.enumeration = vec![value];
        return Attribute::Read;
    }
    if let Some(rest) = text.strip_prefix("Value must match regular expression") {
        innermost(&mut entry.schema).pattern = Some(unticked(rest.trim()).to_string());
        return Attribute::Read;
    }
    Attribute::Description
}

/// `[a, b]`, `non-empty and <= 64 characters`, `>= 1 and <= 100`,
/// `Value must match regular expression ^x$`, joined by `, `. `false` (the line stays unread)
/// when any part is not one of these.
fn qualifiers(schema: &mut Schema, text: &str) -> bool {
    let mut found = Schema::default();
    let mut rest = text.trim();
    while !rest.is_empty() {
        if let Some(inner) = rest.strip_prefix('[') {
            let Some((list, after)) = inner.split_once(']') else {
                return false;
            };
            let target = innermost(schema).clone();
            found.enumeration = list
                .split(',')
                .map(|value| typed_value(&target, unticked(value.trim())))
                .collect();
            rest = after.trim_start().trim_start_matches(',').trim_start();
            continue;
        }
        if let Some(pattern) = rest.strip_prefix("Value must match regular expression") {
            found.pattern = Some(unticked(pattern.trim()).to_string());
            break;
        }
        let (part, after) = match rest.split_once(", ") {
            Some((part, after)) => (part, after),
            None => (rest, ""),
        };
        for bound in part.split(" and ") {
            if !bound_into(&mut found, unticked(bound.trim())) {
                return false;
            }
        }
        rest = after.trim_start();
    }
    let target = innermost(schema);
    if !found.enumeration.is_empty() {
        target.enumeration = found.enumeration;
    }
    target.minimum = found.minimum.or(target.minimum.take());
    target.maximum = found.maximum.or(target.maximum.take());
    target.min_length = found.min_length.or(target.min_length);
    target.max_length = found.max_length.or(target.max_length);
    target.pattern = found.pattern.or(target.pattern.take());
    true
}

/// `non-empty`, `>= 3 characters`, `<= 64 characters`, `>= 1`, `<= 100`.
fn bound_into(found: &mut Schema, bound: &str) -> bool {
    if bound == "non-empty" {
        found.min_length = Some(1);
        return true;
    }
    if let Some(count) = bound.strip_suffix("characters") {
        let count = count.trim();
        if let Some(n) = count.strip_prefix(">=").and_then(|n| n.trim().parse().ok()) {
            found.min_length = Some(n);
            return true;
        }
        if let Some(n) = count.strip_prefix("<=").and_then(|n| n.trim().parse().ok()) {
            found.max_length = Some(n);
            return true;
        }
        return false;
    }
    let number = |text: &str| {
        serde_json::from_str::<Value>(text.trim())
            .ok()
            .filter(Value::is_number)
    };
    if let Some(n) = bound.strip_prefix(">=").and_then(number) {
        found.minimum = Some(n);
        return true;
    }
    if let Some(n) = bound.strip_prefix("<=").and_then(number) {
        found.maximum = Some(n);
        return true;
    }
    // `> n` / `< n` are exclusive bounds, which the page model does not hold.
    false
}

/// The schema of an array's items (innermost), or the schema itself.
fn innermost(schema: &mut Schema) -> &mut Schema {
    match schema.kind {
        Type::Array(ref mut items) => innermost(items),
        _ => schema,
    }
}

fn unticked(text: &str) -> &str {
    text.trim().trim_matches('`').trim()
}

/// A value as the page writes it, typed by the schema it is for.
fn typed_value(schema: &Schema, text: &str) -> Value {
    let text = unticked(text);
    match innermost_kind(schema) {
        Type::String => Value::String(text.to_string()),
        _ => serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_string())),
    }
}

fn innermost_kind(schema: &Schema) -> &Type {
    match &schema.kind {
        Type::Array(items) => innermost_kind(items),
        kind => kind,
    }
}

/// How deep objects and arrays may nest: deeper is a malformed page, not a real schema.
const MAX_DEPTH: usize = 64;

/// A field list with its `Array [` … `]` groups resolved.
#[derive(Debug, Clone)]
enum Node {
    Field(Entry, Option<Vec<Node>>),
    /// `Array [` … `]` after no array field: the root's items (or an array's array items).
    Group(Vec<Node>, usize),
    Root(Schema, usize),
}

fn group(items: &[Item]) -> Result<Vec<Node>, Problem> {
    let mut at = 0;
    let nodes = group_from(items, &mut at, None, 0)?;
    Ok(nodes)
}

fn group_from(
    items: &[Item],
    at: &mut usize,
    opened: Option<usize>,
    depth: usize,
) -> Result<Vec<Node>, Problem> {
    if let (Some(line), true) = (opened, depth > MAX_DEPTH) {
        return Err(Problem::at(
            line,
            format!("`Array [` is nested more than {MAX_DEPTH} deep here"),
        ));
    }
    let mut out: Vec<Node> = Vec::new();
    while let Some(item) = items.get(*at) {
        *at += 1;
        match item {
            Item::Open { line, .. } => {
                let inner = group_from(items, at, Some(*line), depth + 1)?;
                match out.last_mut() {
                    Some(Node::Field(entry, children @ None))
                        if matches!(entry.schema.kind, Type::Array(_)) =>
                    {
                        *children = Some(inner);
                    }
                    _ => out.push(Node::Group(inner, *line)),
                }
            }
            Item::Close { line } => {
                if opened.is_some() {
                    return Ok(out);
                }
                return Err(Problem::at(
                    *line,
                    "a `]` closes no `Array [` opened before it",
                ));
            }
            Item::Entry(entry) => out.push(Node::Field(entry.clone(), None)),
            Item::Root { schema, line } => out.push(Node::Root(schema.clone(), *line)),
        }
    }
    match opened {
        Some(line) => Err(Problem::at(
            line,
            "this `Array [` is not closed by a `]` before the field list ends (the page is cut off?)",
        )),
        None => Ok(out),
    }
}

/// The schema of a whole field list (a body's or a response's).
fn root_schema(items: &[Item]) -> Result<Option<Schema>, Problem> {
    let nodes = group(items)?;
    match nodes.as_slice() {
        [] => Ok(None),
        [Node::Root(schema, _)] => Ok(Some(schema.clone())),
        [Node::Group(inner, _)] => {
            let mut items = Schema::of(Type::Object);
            fill(&mut items, inner, 0)?;
            Ok(Some(Schema::of(Type::Array(Box::new(items)))))
        }
        _ => {
            let mut schema = Schema::of(Type::Object);
            schema.fields = level(&nodes, 0)?;
            Ok(Some(schema))
        }
    }
}

/// Gives `schema` (an object, or an array of them) the fields of `nodes`.
fn fill(schema: &mut Schema, nodes: &[Node], depth: usize) -> Result<(), Problem> {
    let line = nodes.first().map_or(0, node_line);
    match &mut schema.kind {
        Type::Array(items) => match nodes {
            [Node::Group(inner, _)] => {
                if matches!(items.kind, Type::Any) {
                    items.kind = Type::Array(Box::new(Schema::of(Type::Object)));
                }
                fill(items, inner, depth + 1)
            }
            _ => fill(items, nodes, depth + 1),
        },
        Type::Object | Type::Any => {
            schema.kind = Type::Object;
            schema.fields = level(nodes, depth + 1)?;
            Ok(())
        }
        _ => Err(Problem::at(
            line,
            "fields are listed under a field whose type is not an object or an array of objects",
        )),
    }
}

fn node_line(node: &Node) -> usize {
    match node {
        Node::Field(entry, _) => entry.line,
        Node::Group(_, line) | Node::Root(_, line) => *line,
    }
}

fn node_indent(node: &Node) -> Option<usize> {
    match node {
        Node::Field(entry, _) => Some(entry.indent),
        _ => None,
    }
}

/// The fields of one level; nested objects take the fields that follow them (see the module
/// documentation for where they end).
fn level(nodes: &[Node], depth: usize) -> Result<Vec<Field>, Problem> {
    if depth > MAX_DEPTH {
        let line = nodes.first().map_or(0, node_line);
        return Err(Problem::at(
            line,
            format!("objects are nested more than {MAX_DEPTH} deep here"),
        ));
    }
    // (start, end, open): node `start` is a field of this level, `start + 1 .. end` its
    // nested fields; `open` while a flat object head may still take more.
    let mut slots: Vec<(usize, usize, bool)> = Vec::new();
    let mut at = 0;
    while let Some(node) = nodes.get(at) {
        let entry = match node {
            Node::Field(entry, _) => entry,
            Node::Group(_, line) => {
                return Err(Problem::at(
                    *line,
                    "an `Array [` follows a field that is not an array",
                ))
            }
            Node::Root(_, line) => {
                return Err(Problem::at(
                    *line,
                    "a type without a field name among named fields",
                ))
            }
        };
        let flat_object =
            matches!(node, Node::Field(_, None)) && matches!(entry.schema.kind, Type::Object);
        if flat_object {
            let mut end = at + 1;
            while nodes
                .get(end)
                .and_then(node_indent)
                .is_some_and(|indent| indent > entry.indent)
            {
                end += 1;
            }
            if end > at + 1 {
                slots.push((at, end, false));
                at = end;
                continue;
            }
        }
        let earlier = slots.iter().position(|&(start, _, _)| {
            matches!(&nodes[start], Node::Field(other, _) if other.name == entry.name)
        });
        if let Some(earlier) = earlier {
            let owner = slots
                .iter()
                .rposition(|&(_, _, open)| open)
                .filter(|&owner| owner > earlier);
            let Some(owner) = owner else {
                return Err(Problem::at(
                    entry.line,
                    format!(
                        "field `{}` is listed twice at one level (first at line {})",
                        entry.name,
                        node_line(&nodes[slots[earlier].0])
                    ),
                ));
            };
            slots[owner].1 = at + 1;
            slots.truncate(owner + 1);
        } else {
            slots.push((at, at + 1, flat_object));
        }
        at += 1;
    }
    let mut fields = Vec::new();
    for (start, end, _) in slots {
        let Some(Node::Field(entry, children)) = nodes.get(start) else {
            continue;
        };
        let mut schema = entry.schema.clone();
        if let Some(children) = children {
            fill(&mut schema, children, depth)?;
        } else if end > start + 1 {
            fill(&mut schema, &nodes[start + 1..end], depth)?;
        }
        fields.push(Field {
            name: entry.name.clone(),
            required: entry.required,
            schema,
            line: entry.line,
        });
    }
    Ok(fields)
}

/// A parameter; an `Authorization` header is the credentials, a `Content-Type` header the
/// body's media type.
fn parameter(
    operation: &mut Operation,
    content_type: &mut Option<(String, usize)>,
    location: Location,
    field: Field,
) -> Result<(), Problem> {
    if location == Location::Header && field.name.eq_ignore_ascii_case("authorization") {
        let said = |value: &Option<Value>| {
            value
                .as_ref()
                .and_then(Value::as_str)
                .is_some_and(|text| text.contains("Bearer"))
        };
        let bearer = field
            .schema
            .description
            .as_deref()
            .is_some_and(|text| text.contains("Bearer"))
            || said(&field.schema.example)
            || said(&field.schema.default);
        operation.security.push(Security {
            header: field.name,
            bearer,
            description: field.schema.description,
            line: field.line,
        });
        return Ok(());
    }
    if location == Location::Header && field.name.eq_ignore_ascii_case("content-type") {
        let media = field
            .schema
            .enumeration
            .first()
            .or(field.schema.default.as_ref())
            .or(field.schema.example.as_ref())
            .and_then(Value::as_str)
            .map(str::to_string);
        if let Some(media) = media {
            *content_type = Some((media, field.line));
            return Ok(());
        }
    }
    let known = operation
        .parameters
        .iter()
        .find(|known| known.name == field.name && known.location == location);
    if let Some(known) = known {
        // A section the text repeats: the same parameter again is one parameter.
        let same = known.required == field.required
            && write_schema(&known.schema) == write_schema(&field.schema);
        if same {
            return Ok(());
        }
        return Err(Problem::at(
            field.line,
            format!(
                "{} parameter `{}` is documented again here, differently from line {}",
                location.as_str(),
                field.name,
                known.line
            ),
        ));
    }
    operation.parameters.push(Parameter {
        name: field.name,
        location,
        required: field.required,
        schema: field.schema,
        line: field.line,
    });
    Ok(())
}

/// Adds a response; the same status again is one response when the page repeats it alike.
fn add_response(operation: &mut Operation, read: Response) -> Result<(), Problem> {
    let Some(known) = operation
        .responses
        .iter()
        .find(|known| known.status == read.status)
    else {
        operation.responses.push(read);
        return Ok(());
    };
    let written = |response: &Response| {
        (
            response.description.clone(),
            response.media_types.clone(),
            response.schema.as_ref().map(write_schema),
            response
                .headers
                .iter()
                .map(|header| (header.name.clone(), write_schema(&header.schema)))
                .collect::<Vec<_>>(),
            response.examples.clone(),
        )
    };
    if written(known) == written(&read) {
        return Ok(());
    }
    Err(Problem::at(
        read.line,
        format!(
            "response {} is documented again here, differently from line {}",
            read.status, known.line
        ),
    ))
}

/// What a curl sample says that the page does not say elsewhere.
fn apply_sample(
    operation: &mut Operation,
    content_type: &mut Option<(String, usize)>,
    sample: Sample,
) {
    if operation.method.is_empty() && operation.path.is_empty() {
        if let Some(url) = &sample.url {
            // Curl's own default: GET, or POST when it sends data.
            let method = sample
                .method
                .clone()
                .unwrap_or_else(|| if sample.data.is_some() { "post" } else { "get" }.to_string());
            let after_scheme = url.split_once("://").map_or(url.as_str(), |(_, rest)| rest);
            let path = after_scheme
                .find('/')
                .map_or("/", |slash| &after_scheme[slash..]);
            let path = path.split(['?', '#']).next().unwrap_or("/");
            if let Some(path) = path_line(path) {
                operation.method = method;
                operation.path = path;
                operation.line = sample.line;
            }
        }
    }
    for (name, value) in &sample.headers {
        if name.eq_ignore_ascii_case("content-type") && content_type.is_none() {
            *content_type = Some((value.clone(), sample.line));
        }
        if name.eq_ignore_ascii_case("authorization") && operation.security.is_empty() {
            operation.security.push(Security {
                header: name.clone(),
                bearer: value.starts_with("Bearer"),
                description: None,
                line: sample.line,
            });
        }
    }
    if let (Some(data), Some(body)) = (&sample.data, operation.body.as_mut()) {
        if body.examples.is_empty() {
            if let Ok(value) = serde_json::from_str::<Value>(data) {
                body.examples.push(value);
            }
        }
    }
}

/// Sets the body; a body the text repeats alike is one body.
fn set_body(operation: &mut Operation, read: Body) -> Result<(), Problem> {
    if let Some(known) = &operation.body {
        let written = |body: &Body| {
            (
                body.description.clone(),
                body.media_types.clone(),
                write_schema(&body.schema),
                body.required,
            )
        };
        if written(known) != written(&read) {
            return Err(Problem::at(
                read.line,
                format!(
                    "a second request body, different from the one at line {}",
                    known.line
                ),
            ));
        }
        return Ok(());
    }
    operation.body = Some(read);
    Ok(())
}

/// The RFC 6902 operations.
const PATCH_OPERATIONS: [&str; 6] = ["add", "remove", "replace", "move", "copy", "test"];

fn body(block: &Block, required: bool) -> Result<Body, Problem> {
    let mut schema = root_schema(&block.items)?.unwrap_or_default();
    let mut media_types = block.media_types.clone();
    if media_types.is_empty() && is_json_patch(&schema) {
        // The page describes a JSON Patch document (an array of `op`/`path` operations) without
        // naming its media type: that is `application/json-patch+json` (RFC 6902).
        media_types.push("application/json-patch+json".to_string());
        let patchable = patchable(&block.paragraphs);
        if !patchable.is_empty() {
            if let Type::Array(items) = &mut schema.kind {
                if let Some(path) = items.fields.iter_mut().find(|field| field.name == "path") {
                    if path.schema.enumeration.is_empty() {
                        path.schema.enumeration = patchable
                            .iter()
                            .map(|name| Value::String(format!("/{name}")))
                            .collect();
                    }
                }
            }
        }
    }
    Ok(Body {
        media_types,
        required,
        description: block.description(),
        schema,
        other_media: Vec::new(),
        examples: block.examples.clone(),
        line: block.line,
    })
}

/// An array of objects with `op` (RFC 6902 operations only) and `path` fields.
fn is_json_patch(schema: &Schema) -> bool {
    let Type::Array(items) = &schema.kind else {
        return false;
    };
    let op = items.fields.iter().find(|field| field.name == "op");
    let path = items.fields.iter().any(|field| field.name == "path");
    op.is_some_and(|op| {
        !op.schema.enumeration.is_empty()
            && op.schema.enumeration.iter().all(|value| {
                value
                    .as_str()
                    .is_some_and(|v| PATCH_OPERATIONS.contains(&v))
            })
    }) && path
}

/// The items of the list after a paragraph ending `patchable:`.
fn patchable(paragraphs: &[String]) -> Vec<String> {
    paragraphs
        .windows(2)
        .find(|pair| pair[0].trim_end().ends_with("patchable:"))
        .map(|pair| {
            pair[1]
                .lines()
                .filter_map(|item| item.strip_prefix("* "))
                .map(|item| item.trim().to_string())
                .filter(|item| !item.is_empty() && !item.contains(' '))
                .collect()
        })
        .unwrap_or_default()
}

fn response(block: &Block, status: String) -> Result<Response, Problem> {
    let schema = root_schema(&block.items)?;
    let headers = level(&group(&block.header_items)?, 0)?;
    Ok(Response {
        status,
        description: block.description(),
        headers,
        media_types: block.media_types.clone(),
        schema,
        other_media: Vec::new(),
        examples: block.examples.clone(),
        line: block.line,
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const SEED: &str = include_str!("../../specs/pages/sailpoint/patch-personal-access-token.txt");

    fn field<'a>(fields: &'a [Field], name: &str) -> &'a Field {
        fields
            .iter()
            .find(|field| field.name == name)
            .unwrap_or_else(|| panic!("no field `{name}`"))
    }

    fn names(fields: &[Field]) -> Vec<&str> {
        fields.iter().map(|field| field.name.as_str()).collect()
    }

    fn items(schema: &Schema) -> &Schema {
        match &schema.kind {
            Type::Array(items) => items,
            other => panic!("not an array: {other:?}"),
        }
    }

    #[test]
    fn the_seed_is_read_whole() {
        let page = read(SEED).unwrap();
        assert_eq!(page.unread, vec![]);
        assert_eq!(page.lines, 43);
        assert_eq!(page.title.as_deref(), Some("Patch Personal Access Token"));
        let [operation] = page.operations.as_slice() else {
            panic!("one operation");
        };
        // The page shows neither the method nor the path: the caller supplies them.
        assert_eq!(
            (operation.method.as_str(), operation.path.as_str()),
            ("", "")
        );
        assert_eq!(
            operation.description.as_deref(),
            Some("This performs a targeted update to the field(s) of a Personal Access Token.")
        );

        let [id] = operation.parameters.as_slice() else {
            panic!("one parameter");
        };
        assert_eq!((id.name.as_str(), id.location), ("id", Location::Path));
        assert!(id.required);
        assert_eq!(id.schema.kind, Type::String);
        assert_eq!(
            id.schema.description.as_deref(),
            Some("The Personal Access Token id")
        );
        assert_eq!(
            id.schema.example,
            Some(json!("ef38f94347e94562b5bb8424a56397d8"))
        );

        let body = operation.body.as_ref().unwrap();
        assert_eq!(body.media_types, ["application/json-patch+json"]);
        assert_eq!(
            body.description.as_deref(),
            Some(
                "A list of OAuth client update operations according to the JSON Patch standard.\n\n\
                 The following fields are patchable:\n\n* name\n* scope"
            )
        );
        let operation_fields = &items(&body.schema).fields;
        assert_eq!(names(operation_fields), ["op", "path", "value"]);
        let op = field(operation_fields, "op");
        assert!(op.required);
        assert_eq!(
            op.schema.enumeration,
            ["add", "remove", "replace", "move", "copy", "test"].map(|op| json!(op))
        );
        assert_eq!(
            op.schema.description.as_deref(),
            Some("The operation to be performed")
        );
        let path = field(operation_fields, "path");
        assert!(path.required);
        assert_eq!(path.schema.enumeration, [json!("/name"), json!("/scope")]);
        let value = field(operation_fields, "value");
        assert!(!value.required);
        assert_eq!(value.schema.kind, Type::Object);

        let [response] = operation.responses.as_slice() else {
            panic!("one response");
        };
        assert_eq!(response.status, "2XX");
        assert_eq!(
            response.description.as_deref(),
            Some("Indicates the PATCH operation succeeded, and returns the PAT's new representation.")
        );
        let token = response.schema.as_ref().unwrap();
        assert_eq!(token.kind, Type::Object);
        assert_eq!(
            names(&token.fields),
            ["id", "name", "scope", "owner", "created", "lastUsed", "managed"]
        );
        let required: Vec<&str> = token
            .fields
            .iter()
            .filter(|field| field.required)
            .map(|field| field.name.as_str())
            .collect();
        assert_eq!(required, ["id", "name", "scope", "owner", "created"]);
        let scope = field(&token.fields, "scope");
        assert!(scope.schema.nullable);
        assert_eq!(items(&scope.schema).kind, Type::String);
        let owner = field(&token.fields, "owner");
        assert_eq!(names(&owner.schema.fields), ["type", "id", "name"]);
        let owner_type = field(&owner.schema.fields, "type");
        assert_eq!(owner_type.schema.enumeration, [json!("IDENTITY")]);
        assert!(!owner_type.required);
        let created = field(&token.fields, "created");
        assert_eq!(created.schema.format.as_deref(), Some("date-time"));
        assert!(!created.schema.nullable);
        let last_used = field(&token.fields, "lastUsed");
        assert!(last_used.schema.nullable && !last_used.required);
        let managed = field(&token.fields, "managed");
        assert_eq!(managed.schema.kind, Type::Boolean);
        assert_eq!(managed.schema.default, Some(json!(false)));
        assert!(managed
            .schema
            .description
            .as_deref()
            .is_some_and(|text| text.starts_with("If true, this token is managed")));
    }

    #[test]
    fn detects_only_its_own_seed() {
        let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
        let mut seen = 0;
        for entry in std::fs::read_dir(&seeds).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().and_then(|e| e.to_str()) != Some("txt") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            assert_eq!(detect(&text), name.starts_with("004_"), "{name}");
            seen += 1;
        }
        assert_eq!(seen, 5);
        assert!(detect(SEED));
    }

    const VARIANT: &str = "\
List Widgets

GET/v2/shops/:shopId/widgets

Lists the widgets of a shop.

Request

Path Parameters

    shopId stringrequired

    Possible values: Value must match regular expression `^[a-z0-9]+$`

Query Parameters

    limit integer<int32>

    Possible values: >= 1 and <= 100

    Default value: 20

    status string

    Possible values: [active, retired]

    Default value: active

Header Parameters

    Authorization stringrequired

    Bearer token: `Bearer <token>`

Responses

  • 200
  • 401

The widgets.

  • application/json
  • Schema
  • Example (from schema)

Schema

    total integer<int64>required

    ~~cursor~~ stringnullable

    items object[]required

    Array [

    id string<uuid>required

    label string

    Possible values: non-empty and <= 64 characters

    dimensions objectnullable

      width number

      height number

    ]

{
  \"total\": 1
}

Loading...
";

    #[test]
    fn reads_a_page_with_its_method_tabs_and_sections() {
        let page = read(VARIANT).unwrap();
        assert_eq!(page.unread, vec![]);
        let operation = &page.operations[0];
        assert_eq!(operation.method, "get");
        assert_eq!(operation.path, "/v2/shops/{shopId}/widgets");
        assert_eq!(operation.line, 3);
        assert!(operation.body.is_none());

        let shop = &operation.parameters[0];
        assert_eq!(shop.schema.pattern.as_deref(), Some("^[a-z0-9]+$"));
        let limit = &operation.parameters[1];
        assert_eq!(
            (limit.name.as_str(), limit.location),
            ("limit", Location::Query)
        );
        assert_eq!(limit.schema.format.as_deref(), Some("int32"));
        assert_eq!(
            (limit.schema.minimum.clone(), limit.schema.maximum.clone()),
            (Some(json!(1)), Some(json!(100)))
        );
        assert_eq!(limit.schema.default, Some(json!(20)));
        let status = &operation.parameters[2];
        assert_eq!(
            status.schema.enumeration,
            [json!("active"), json!("retired")]
        );
        assert_eq!(status.schema.default, Some(json!("active")));
        assert_eq!(operation.parameters.len(), 3);

        let [security] = operation.security.as_slice() else {
            panic!("the Authorization header is the credentials");
        };
        assert!(security.bearer);

        let statuses: Vec<&str> = operation
            .responses
            .iter()
            .map(|r| r.status.as_str())
            .collect();
        assert_eq!(statuses, ["200", "401"]);
        let ok = &operation.responses[0];
        assert_eq!(ok.description.as_deref(), Some("The widgets."));
        assert_eq!(ok.media_types, ["application/json"]);
        assert_eq!(ok.examples, [json!({ "total": 1 })]);
        let schema = ok.schema.as_ref().unwrap();
        assert_eq!(names(&schema.fields), ["total", "cursor", "items"]);
        let cursor = field(&schema.fields, "cursor");
        assert!(cursor.schema.deprecated && cursor.schema.nullable);
        let widget = items(&field(&schema.fields, "items").schema);
        assert_eq!(names(&widget.fields), ["id", "label", "dimensions"]);
        let label = field(&widget.fields, "label");
        assert_eq!(
            (label.schema.min_length, label.schema.max_length),
            (Some(1), Some(64))
        );
        // Indented deeper than their head: the indentation says where the object ends.
        let dimensions = field(&widget.fields, "dimensions");
        assert!(dimensions.schema.nullable);
        assert_eq!(names(&dimensions.schema.fields), ["width", "height"]);
        assert!(operation.responses[1].description.is_none());
    }

    #[test]
    fn method_and_path_on_one_or_two_lines() {
        let page =
            read("Delete Widget\n\nDELETE \n\n/widgets/:id\n\nResponses\n\n204\n\nDeleted.\n")
                .unwrap();
        assert_eq!(page.unread, vec![]);
        let operation = &page.operations[0];
        assert_eq!(
            (operation.method.as_str(), operation.path.as_str()),
            ("delete", "/widgets/{id}")
        );
        assert_eq!(operation.responses[0].status, "204");
        assert!(operation.responses[0].schema.is_none());

        let page = read("Skip to main content\n\nRun\n\nPOST /runs\n\nStarts a run.\n").unwrap();
        assert_eq!(
            (
                page.operations[0].method.as_str(),
                page.operations[0].path.as_str()
            ),
            ("post", "/runs")
        );
    }

    #[test]
    fn a_labelled_multipart_body_with_its_media_type_tab() {
        let text = "\
Upload

POST /files

Request

  • multipart/form-data

Request Body required

    file binaryrequired

    The file.

    tags string[]

    Possible values: [a, b]

Responses

201

Stored.
";
        let page = read(text).unwrap();
        assert_eq!(page.unread, vec![]);
        let body = page.operations[0].body.as_ref().unwrap();
        assert!(body.required);
        assert_eq!(body.media_types, ["multipart/form-data"]);
        let file = field(&body.schema.fields, "file");
        assert_eq!(
            (file.schema.kind.clone(), file.schema.format.as_deref()),
            (Type::String, Some("binary"))
        );
        // An array's possible values are its items'.
        let tags = field(&body.schema.fields, "tags");
        assert_eq!(items(&tags.schema).enumeration, [json!("a"), json!("b")]);
    }

    #[test]
    fn an_unknown_qualifier_stays_unread() {
        let text = "T\n\nGET /x\n\nQuery Parameters\n\n    n integer\n\n    Possible values: > 0\n";
        let page = read(text).unwrap();
        assert_eq!(page.unread.len(), 1);
        assert_eq!(page.unread[0].line, 9);
    }

    #[test]
    fn an_array_cut_off_is_an_error() {
        let text = "T\n\nPOST /x\n\nRequest Body\n\n  • Array [\n  • a string\n";
        let problem = read(text).unwrap_err();
        assert_eq!(problem.line, 7);
        assert!(
            problem.message.contains("not closed"),
            "{}",
            problem.message
        );
    }

    #[test]
    fn a_stray_close_is_an_error() {
        let problem = read("T\n\nPOST /x\n\nRequest Body\n\n    a string\n\n  • ]\n").unwrap_err();
        assert_eq!(problem.line, 9);
        assert!(problem.message.contains("closes no"), "{}", problem.message);
    }

    #[test]
    fn a_parameter_section_must_start_with_a_field_head() {
        let problem = read("T\n\nGET /x\n\nPath Parameters\n\n    the id of it\n").unwrap_err();
        assert_eq!(problem.line, 7);
        assert!(
            problem.message.contains("expected a field head"),
            "{}",
            problem.message
        );
    }

    #[test]
    fn a_field_twice_with_no_object_to_own_it_is_an_error() {
        let problem =
            read("T\n\nGET /x\n\nResponses\n\n200\n\nOK\n\n    a string\n\n    a integer\n")
                .unwrap_err();
        assert_eq!(problem.line, 13);
        assert!(
            problem.message.contains("listed twice"),
            "{}",
            problem.message
        );
    }

    #[test]
    fn two_responses_without_status_are_an_error() {
        let text = "T\n\nGET /x\n\nFirst.\n\nPath Parameters\n\n    id string\n\nOne.\n\n    a string\n\nTwo.\n\n    b string\n";
        let problem = read(text).unwrap_err();
        assert_eq!(problem.line, 15);
        assert!(
            problem.message.contains("without a status"),
            "{}",
            problem.message
        );
    }

    #[test]
    fn a_json_example_that_does_not_close_is_an_error() {
        let problem = read("T\n\nGET /x\n\nResponses\n\n200\n\nOK\n\n{\n  \"a\": 1\n").unwrap_err();
        assert_eq!(problem.line, 11);
    }

    #[test]
    fn a_content_type_header_is_the_body_media_type() {
        let text = "T\n\nPUT /x\n\nHeader Parameters\n\n    Content-Type stringrequired\n\n    Example: application/merge-patch+json\n\nRequest Body required\n\n    a string\n";
        let page = read(text).unwrap();
        let operation = &page.operations[0];
        assert!(operation.parameters.is_empty());
        assert_eq!(
            operation.body.as_ref().unwrap().media_types,
            ["application/merge-patch+json"]
        );
    }

    #[test]
    fn heads_and_types() {
        let head = head("scope string[]nullablerequired").unwrap();
        assert!(head.required && head.schema.nullable);
        assert_eq!(items(&head.schema).kind, Type::String);
        let spaced = super::head("when string<date-time> nullable required").unwrap();
        assert_eq!(spaced.schema.format.as_deref(), Some("date-time"));
        assert!(spaced.required && spaced.schema.nullable);
        let union = super::head("note string | null").unwrap();
        assert!(union.schema.nullable);
        assert!(super::head("The operation to be performed").is_none());
        let titled = super::head("entity_type Entity Typerequired").unwrap();
        assert_eq!(titled.schema.title.as_deref(), Some("Entity Type"));
        assert_eq!(titled.schema.kind, Type::Any);
        assert!(titled.required);
        assert!(super::head("This field is required").is_none());
        assert!(super::head("Example: x").is_none());
        assert!(super::head("Possible values: [a]").is_none());
    }

    #[test]
    fn a_curl_sample_gives_what_the_page_does_not_show() {
        let text = "\
Rename Thing

Renames a thing.

Path Parameters

    id stringrequired

Request Body required

    name stringrequired

Responses

200

Renamed.

curl -L -X PATCH 'https://api.example.com/v3/things/:id' \\
-H 'Content-Type: application/merge-patch+json' \\
-H 'Authorization: Bearer <TOKEN>' \\
--data-raw '{
  \"name\": \"new name\"
}'
";
        let page = read(text).unwrap();
        assert_eq!(page.unread, vec![]);
        let operation = &page.operations[0];
        assert_eq!(
            (operation.method.as_str(), operation.path.as_str()),
            ("patch", "/v3/things/{id}")
        );
        let body = operation.body.as_ref().unwrap();
        assert_eq!(body.media_types, ["application/merge-patch+json"]);
        assert_eq!(body.examples, [json!({ "name": "new name" })]);
        assert!(operation.security[0].bearer);
    }

    #[test]
    fn a_body_label_with_its_type_and_flag_below_it() {
        let text = "Create\n\nPOST/api\n\nRequest\n\n  • application/json\n\nBody\n\narray\n\nrequired\n\n  • Array [\n  • action stringrequired\n  • ]\n\nResponses\n\n  • 200\n\nDone.\n\nLoading...\n";
        let page = read(text).unwrap();
        assert_eq!(page.unread, vec![]);
        let body = page.operations[0].body.as_ref().unwrap();
        assert!(body.required);
        assert!(body.description.is_none());
        assert_eq!(body.media_types, ["application/json"]);
        assert_eq!(names(&items(&body.schema).fields), ["action"]);
    }

    #[test]
    fn a_list_in_the_lead_stays_in_the_lead() {
        let text = "T\n\nGET /x\n\nFilters:\n\n  • lastUsed: le, isnull\n  • name: eq\n\nQuery Parameters\n\n    filters string\n";
        let page = read(text).unwrap();
        assert_eq!(page.unread, vec![]);
        assert_eq!(
            page.description.as_deref(),
            Some("Filters:\n\n* lastUsed: le, isnull\n* name: eq")
        );
        assert!(page.operations[0].body.is_none());
        assert_eq!(page.operations[0].parameters.len(), 1);
    }

    #[test]
    fn a_section_the_text_repeats_is_read_once() {
        let section = "Path Parameters\n\n    id stringrequired\n\n    The id.\n\n";
        let text =
            format!("T\n\nGET /x/:id\n\n{section}{section}Responses\n\n200\n\nOK\n\n200\n\nOK\n");
        let page = read(&text).unwrap();
        assert_eq!(page.unread, vec![]);
        assert_eq!(page.operations[0].parameters.len(), 1);
        assert_eq!(page.operations[0].responses.len(), 1);

        let different = format!("T\n\nGET /x/:id\n\n{section}Path Parameters\n\n    id integer\n");
        let problem = read(&different).unwrap_err();
        assert_eq!(problem.line, 13);
        assert!(
            problem.message.contains("documented again"),
            "{}",
            problem.message
        );
    }

    #[test]
    fn never_panics_on_cut_or_shuffled_pages() {
        let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/pages/docusaurus");
        let mut pages = vec![SEED.to_string(), VARIANT.to_string()];
        for entry in std::fs::read_dir(fixtures).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|ext| ext == "txt") {
                pages.push(std::fs::read_to_string(path).unwrap());
            }
        }
        let mut seed = 0x2545_f491_u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for page in &pages {
            let lines: Vec<&str> = page.lines().collect();
            for cut in 0..=lines.len() {
                let _ = read(&lines[..cut].join("\n"));
                let _ = read(&lines[cut..].join("\n"));
            }
            for _ in 0..200 {
                let mut shuffled = lines.clone();
                for index in (1..shuffled.len()).rev() {
                    let other = (next() % (index as u64 + 1)) as usize;
                    shuffled.swap(index, other);
                }
                let _ = read(&shuffled.join("\n"));
            }
        }
        let deep = "T\n\nPOST /x\n\nRequest Body\n\n".to_string() + &"  • Array [\n".repeat(500);
        assert!(read(&deep).is_err());
        let nested: String = (0..300)
            .map(|depth| format!("{}o{depth} object\n", " ".repeat(depth + 4)))
            .collect();
        assert!(read(&format!("T\n\nPOST /x\n\nRequest Body\n\n{nested}")).is_err());
    }
}
