//! The text of an Oracle-style HTML REST reference page (seed 001, AWX's reference as a vendor
//! site renders it; docs.oracle.com's REST pages are of the same family).
//!
//! The page is a title line, the method line, the path line and a lead paragraph, then the
//! sections `Request` and `Response`. Each has `Supported Media Types` (a `- type` list), the
//! request has `Path Parameters`, `Query Parameters` and `Header Parameters`, each response an
//! `NNN Response` / `Default Response` line, its description and `Headers`; a body is a
//! `Root Schema : NAME` followed by `Type:`, `Show Source` and its fields, then any
//! `Nested Schema : NAME` sections it refers to. A trailing `Examples` section holds JSON
//! bodies after `Example of Request Body` / `Example of Response Body`.
//!
//! A list (fields, parameters, headers) is the text of an HTML list: every item is preceded by
//! a bullet `-`, which the rendering runs into the line before (`object-`, `…Read Only:true -`)
//! or puts on a line of its own. An item is `name:` (or `name(required):`), its type (on the
//! same line or the next: `string`, `string(date-time)`, `object Nested`, `array Items`), then
//! its attributes `Title:`, `Read Only:true`, `Default Value:`, `Allowed Values:[ … ]`,
//! `Minimum Length:`, `Maximum Length:`, `Minimum Value:`, `Maximum Value:`, `Pattern:`,
//! `Nullable:true` and its description, on lines of their own or run together
//! (`ScopeDefault Value:writeAllowed scopes…`). Where a value runs into the sentence after it
//! with no label between, the value ends where a lower-case letter or digit meets an
//! upper-case one and a sentence follows (`write` | `Allowed scopes…`, `Legacy name` |
//! `Use the…`); `true`/`false`, numbers and `[ … ]` end where they end. An item that does not
//! start `name:` is left unread.
//!
//! A nested schema named after its field (`owner: object owner`, `Nested Schema : owner`) is
//! an inline object; one with another name (`object Address`, `Nested Schema : Address`) is a
//! named type, as is the root schema unless it is called `schema`. A type stated twice (in the
//! request and the response) must read the same both times, and a section the rendering
//! duplicates is read once. The lead paragraph's field list
//! (`- scope: … (string, default="write")`) gives the body's fields their description and
//! default where their blocks do not, and `required` where it says so. A `{name}` of the path
//! that `Path Parameters` does not list is a required string path parameter.

use serde_json::Value;

use super::lines::Lines;
use super::page::Problem;
use super::page::{Body, Field, Location, NamedType, Operation, Page, Parameter, Response};
use super::page::{Schema, Security, Type};

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "patch", "head", "options", "trace",
];

/// The attribute labels of a list item, as the page spells them.
const LABELS: [&str; 11] = [
    "Title:",
    "Read Only:",
    "Default Value:",
    "Allowed Values:",
    "Minimum Length:",
    "Maximum Length:",
    "Minimum Value:",
    "Maximum Value:",
    "Pattern:",
    "Nullable:",
    "Example:",
];

/// A page of this kind: a title, then a line that is only an HTTP method, then the path, a
/// `Request` or `Response` section, and the layout's own lines (`Supported Media Types`,
/// `Root Schema :`, `Show Source`, …).
pub fn detect(text: &str) -> bool {
    let mut lines = text.lines().map(str::trim).filter(|line| !line.is_empty());
    let mut first = lines.next();
    if first == Some("Skip to main content") {
        first = lines.next();
    }
    let (Some(title), Some(method), Some(path)) = (first, lines.next(), lines.next()) else {
        return false;
    };
    !is_method(title)
        && is_method(method)
        && path.starts_with('/')
        && path.len() > 1
        && !path.contains(' ')
        && text
            .lines()
            .any(|line| matches!(line.trim(), "Request" | "Response"))
        // Mintlify and docusaurus pages open with a title, a method and a path too; these
        // lines are the Oracle layout's own.
        && text.lines().map(str::trim).any(|line| {
            line == "Supported Media Types"
                || line == "Show Source"
                || line == "Back to Top"
                || line.starts_with("Root Schema :")
                || line.starts_with("Nested Schema :")
        })
}

fn is_method(line: &str) -> bool {
    METHODS.contains(&line.to_ascii_lowercase().as_str())
}

/// Reads an Oracle-style REST reference page.
pub fn read(text: &str) -> Result<Page, Problem> {
    let mut reader = Reader {
        lines: Lines::new(text),
        page: Page::default(),
    };
    reader.read()?;
    let Reader { lines, mut page } = reader;
    page.unread = lines.unread();
    page.lines = lines.non_blank();
    Ok(page)
}

/// A section heading: a line the page's layout gives a meaning of its own.
#[derive(Debug, Clone, PartialEq)]
enum Heading {
    Request,
    Response,
    MediaTypes,
    Parameters(Location),
    Body,
    NoBody,
    RootSchema(String),
    NestedSchema(String),
    Status(Vec<String>),
    Headers,
    Examples,
    RequestExample,
    ResponseExample(Option<String>),
    Curl,
    /// `Back to Top`, `Loading...`, `Show Source`: layout only.
    Layout,
}

fn heading(line: &str) -> Option<Heading> {
    let line = line.trim();
    let heading = match line {
        "Request" => Heading::Request,
        "Response" => Heading::Response,
        "Supported Media Types" => Heading::MediaTypes,
        "Path Parameters" => Heading::Parameters(Location::Path),
        "Query Parameters" => Heading::Parameters(Location::Query),
        "Header Parameters" => Heading::Parameters(Location::Header),
        "Cookie Parameters" => Heading::Parameters(Location::Cookie),
        "Body" | "Body ()" => Heading::Body,
        "There's no request body for this operation." => Heading::NoBody,
        "Headers" => Heading::Headers,
        "Examples" => Heading::Examples,
        "Example of Request Body" | "Example Request Body" => Heading::RequestExample,
        "Example of Response Body" | "Example Response Body" => Heading::ResponseExample(None),
        "cURL Command" | "cURL Example" => Heading::Curl,
        "Back to Top" | "Loading..." | "Loading…" | "Show Source" => Heading::Layout,
        "Default Response" => Heading::Status(vec!["default".into()]),
        _ => {
            if let Some(name) = line.strip_prefix("Root Schema :") {
                Heading::RootSchema(name.trim().to_string())
            } else if let Some(name) = line.strip_prefix("Nested Schema :") {
                Heading::NestedSchema(name.trim().to_string())
            } else if let Some(status) = line
                .strip_prefix("Example of Response Body (")
                .and_then(|rest| rest.strip_suffix(')'))
            {
                Heading::ResponseExample(Some(status.trim().to_string()))
            } else if let Some(statuses) = line.strip_suffix(" Response").and_then(statuses) {
                Heading::Status(statuses)
            } else if line.starts_with("Body (") && line.ends_with(')') {
                Heading::Body
            } else {
                return None;
            }
        }
    };
    Some(heading)
}

/// `200`, `4XX`, `4XX or 5XX`.
fn statuses(text: &str) -> Option<Vec<String>> {
    let statuses: Vec<String> = text
        .split(" or ")
        .map(|status| status.trim().to_ascii_uppercase())
        .collect();
    let valid = statuses.iter().all(|status| {
        let bytes = status.as_bytes();
        bytes.len() == 3
            && (b'1'..=b'5').contains(&bytes[0])
            && (bytes[1..].iter().all(u8::is_ascii_digit) || &bytes[1..] == b"XX")
    });
    valid.then_some(statuses)
}

/// Where the sections seen so far put what follows.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
enum Context {
    #[default]
    Request,
    /// The `Response` section, before (`None`) or in (`Some(first)`) a status line; a line
    /// such as `4XX or 5XX Response` states the responses from `first` on.
    Response(Option<usize>),
    Examples,
}

/// What the sections of a page have said so far, put together once all are read.
#[derive(Debug, Default)]
struct Sections {
    context: Context,
    request_media: Vec<String>,
    /// The media types of the `Response` section, for responses that state none of their own.
    response_media: Vec<String>,
    body_description: Option<String>,
    body_line: Option<usize>,
    body_schema: Option<Schema>,
    /// `(line, example)`.
    request_examples: Vec<(usize, Value)>,
    /// `(heading line, status, example)`.
    response_examples: Vec<(usize, Option<String>, Value)>,
}

impl Sections {
    fn finish(self, operation: &mut Operation) -> Result<(), Problem> {
        // Responses that state no media types of their own take those of the section.
        for response in &mut operation.responses {
            if response.media_types.is_empty() && response.schema.is_some() {
                response.media_types = self.response_media.clone();
            }
        }
        // A `Body` heading without a root schema states a body of no stated type.
        let body_schema = match (self.body_schema, self.body_line) {
            (Some(schema), _) => Some(schema),
            (None, Some(_)) => Some(Schema::default()),
            (None, None) => None,
        };
        if let Some(schema) = body_schema {
            operation.body = Some(Body {
                media_types: self.request_media,
                required: false,
                description: self.body_description,
                schema,
                other_media: Vec::new(),
                examples: self
                    .request_examples
                    .into_iter()
                    .map(|(_, example)| example)
                    .collect(),
                line: self.body_line.unwrap_or(operation.line),
            });
        } else if let Some((at, _)) = self.request_examples.first() {
            return Err(Problem::at(
                *at,
                "the page shows an example request body but states no request body",
            ));
        }
        for (at, status, example) in self.response_examples {
            let response = match &status {
                Some(status) => operation
                    .responses
                    .iter_mut()
                    .find(|response| &response.status == status),
                None => operation
                    .responses
                    .iter_mut()
                    .find(|response| response.status.starts_with('2')),
            };
            match response {
                Some(response) => response.examples.push(example),
                None => {
                    return Err(Problem::at(
                        at + 1,
                        format!(
                            "an example response body for {}, but the page states no such response",
                            status.as_deref().unwrap_or("a 2XX status")
                        ),
                    ))
                }
            }
        }
        Ok(())
    }
}

struct Reader<'a> {
    lines: Lines<'a>,
    page: Page,
}

/// A schema as a `Root Schema` or `Nested Schema` section states it, its references to other
/// sections not yet resolved.
#[derive(Debug, Clone)]
struct Stated {
    name: String,
    line: usize,
    schema: PendingSchema,
}

impl<'a> Reader<'a> {
    fn text(&self, at: usize) -> &'a str {
        self.lines.get(at).trim()
    }

    fn read(&mut self) -> Result<(), Problem> {
        let Some(mut at) = self.lines.next_text(0) else {
            return Err(Problem::at(1, "the page is empty; expected a title line"));
        };
        if self.text(at) == "Skip to main content" {
            self.lines.mark(at);
            at = self.next_text_after(at)?;
        }
        // A page whose renderer dropped the title starts with the method.
        let method_at = if is_method(self.text(at)) {
            at
        } else {
            self.page.title = Some(self.text(at).to_string());
            self.lines.mark(at);
            self.next_text_after(at)?
        };
        let method = self.text(method_at);
        if !is_method(method) {
            return Err(Problem::at(
                method_at + 1,
                format!(
                    "expected the HTTP method (get, put, post, delete, patch …) after the title, found `{method}`"
                ),
            ));
        }
        self.lines.mark(method_at);
        let path_at = self.next_text_after(method_at)?;
        let path = self.text(path_at);
        if !path.starts_with('/') || path.contains(' ') {
            return Err(Problem::at(
                path_at + 1,
                format!("expected the path (starting with `/`) after the method, found `{path}`"),
            ));
        }
        self.lines.mark(path_at);
        let mut operation = Operation {
            method: method.to_ascii_lowercase(),
            path: braced_path(path),
            line: method_at + 1,
            summary: self.page.title.clone(),
            ..Operation::default()
        };

        let mut at = path_at + 1;
        let lead_end = (at..self.lines.len())
            .find(|&index| heading(self.text(index)).is_some())
            .unwrap_or(self.lines.len());
        let lead = self.lead(at, lead_end);
        operation.description = lead.text.clone();
        self.page.description = lead.text.clone();
        at = lead_end;

        let mut sections = Sections::default();
        while at < self.lines.len() {
            match heading(self.text(at)) {
                Some(found) => {
                    self.lines.mark(at);
                    at = self.section(found, at, &mut operation, &mut sections)?;
                }
                // Blank, or not a heading where one is expected: left unread.
                None => at += 1,
            }
        }
        sections.finish(&mut operation)?;
        self.apply_lead(&lead, &mut operation);
        path_parameters(&mut operation, path_at + 1);
        self.page.operations.push(operation);
        Ok(())
    }

    /// Reads the section under the heading on line `heading_at` into the operation; returns
    /// the line after it.
    fn section(
        &mut self,
        found: Heading,
        heading_at: usize,
        operation: &mut Operation,
        sections: &mut Sections,
    ) -> Result<usize, Problem> {
        let mut at = heading_at + 1;
        match found {
            Heading::Request => sections.context = Context::Request,
            Heading::Response => sections.context = Context::Response(None),
            Heading::Layout | Heading::NoBody => {}
            Heading::MediaTypes => {
                let (media, end) = self.media_types(at);
                at = end;
                match sections.context {
                    Context::Request => add_media(&mut sections.request_media, media),
                    Context::Response(None) => add_media(&mut sections.response_media, media),
                    Context::Response(Some(first)) => {
                        for response in operation.responses.iter_mut().skip(first) {
                            add_media(&mut response.media_types, media.clone());
                        }
                    }
                    Context::Examples => {
                        return Err(Problem::at(
                            heading_at + 1,
                            "`Supported Media Types` among the examples; expected it in the request or the response",
                        ))
                    }
                }
            }
            Heading::Parameters(location) => {
                let end = self.region_end(at);
                let items = self.items(at, end);
                at = end;
                for item in items {
                    let Some(field) = self.item_field(&item)? else {
                        continue;
                    };
                    let field = resolve_field(field, &[], &mut Vec::new(), 0)?;
                    parameter(field, location, operation, &mut sections.request_media)?;
                }
            }
            Heading::Headers => {
                let end = self.region_end(at);
                let items = self.items(at, end);
                at = end;
                let mut headers = Vec::new();
                for item in items {
                    if let Some(field) = self.item_field(&item)? {
                        headers.push(resolve_field(field, &[], &mut Vec::new(), 0)?);
                    }
                }
                match sections.context {
                    Context::Response(Some(first)) => {
                        for response in operation.responses.iter_mut().skip(first) {
                            response.headers.extend(headers.clone());
                        }
                    }
                    _ => {
                        return Err(Problem::at(
                            heading_at + 1,
                            "expected `Headers` inside a response (after `NNN Response`)",
                        ))
                    }
                }
            }
            Heading::Body => {
                let end = self.region_end(at);
                sections.body_description = self.paragraph(at, end);
                sections.body_line = Some(heading_at + 1);
                at = end;
            }
            Heading::RootSchema(name) => {
                let (stated, end) = self.schemas(heading_at, name)?;
                at = end;
                let schema = self.resolve(stated)?;
                match sections.context {
                    Context::Request => {
                        if let Some(known) = &sections.body_schema {
                            if !same(known, &schema) {
                                return Err(Problem::at(
                                    heading_at + 1,
                                    "a second, other `Root Schema` in the request; expected one body",
                                ));
                            }
                        }
                        sections.body_line.get_or_insert(heading_at + 1);
                        sections.body_schema = Some(schema);
                    }
                    Context::Response(Some(first)) => {
                        for response in operation.responses.iter_mut().skip(first) {
                            if let Some(known) = &response.schema {
                                if !same(known, &schema) {
                                    return Err(Problem::at(
                                        heading_at + 1,
                                        format!(
                                            "a second, other `Root Schema` in the {} response; expected one body",
                                            response.status
                                        ),
                                    ));
                                }
                            }
                            response.schema = Some(schema.clone());
                        }
                    }
                    Context::Response(None) | Context::Examples => {
                        return Err(Problem::at(
                            heading_at + 1,
                            "expected `Root Schema` in the request or after `NNN Response`",
                        ))
                    }
                }
            }
            Heading::NestedSchema(name) => {
                return Err(Problem::at(
                    heading_at + 1,
                    format!("`Nested Schema : {name}` follows no `Root Schema`"),
                ))
            }
            Heading::Status(statuses) => {
                if sections.context == Context::Examples {
                    return Err(Problem::at(
                        heading_at + 1,
                        "a response status among the examples; expected it in the `Response` section",
                    ));
                }
                let end = self.region_end(at);
                let description = self.paragraph(at, end);
                at = end;
                let first = operation.responses.len();
                for status in statuses {
                    operation.responses.push(Response {
                        status,
                        description: description.clone(),
                        headers: Vec::new(),
                        media_types: Vec::new(),
                        schema: None,
                        other_media: Vec::new(),
                        examples: Vec::new(),
                        line: heading_at + 1,
                    });
                }
                sections.context = Context::Response(Some(first));
            }
            Heading::Examples => sections.context = Context::Examples,
            Heading::RequestExample => {
                let (example, end) = self.example(heading_at, at)?;
                at = end;
                sections.request_examples.push((heading_at + 1, example));
            }
            Heading::ResponseExample(status) => {
                let (example, end) = self.example(heading_at, at)?;
                at = end;
                sections
                    .response_examples
                    .push((heading_at, status, example));
            }
            Heading::Curl => {
                at = self.curl(at);
            }
        }
        Ok(at)
    }

    fn next_text_after(&self, at: usize) -> Result<usize, Problem> {
        self.lines.next_text(at + 1).ok_or_else(|| {
            Problem::at(
                at + 1,
                "the page ends after its first lines; expected the title, the method and the path",
            )
        })
    }

    /// The first heading at or after `at`, or the end of the page. A `Show Source` toggle
    /// inside a list (after an object field) does not end it.
    fn region_end(&self, at: usize) -> usize {
        (at..self.lines.len())
            .find(|&index| {
                let line = self.text(index);
                line != "Show Source" && heading(line).is_some()
            })
            .unwrap_or(self.lines.len())
    }

    /// The lines `start..end` as one paragraph (marked), or `None` when they are blank.
    fn paragraph(&mut self, start: usize, end: usize) -> Option<String> {
        let mut text = Vec::new();
        for at in start..end {
            if !self.lines.is_blank(at) {
                text.push(self.text(at));
                self.lines.mark(at);
            }
        }
        (!text.is_empty()).then(|| text.join("\n"))
    }

    /// `- application/json` lines after `Supported Media Types`.
    fn media_types(&mut self, start: usize) -> (Vec<String>, usize) {
        let mut media = Vec::new();
        let mut at = start;
        while at < self.lines.len() {
            let line = self.text(at);
            if line.is_empty() {
                at += 1;
                continue;
            }
            let name = line.strip_prefix('-').unwrap_or(line).trim();
            if heading(line).is_some() || !is_media_type(name) {
                break;
            }
            media.push(name.to_string());
            self.lines.mark(at);
            at += 1;
        }
        (media, at)
    }

    /// The lead paragraph: its text (a `-` bulleted field list written as a markdown list) and
    /// the fields that list describes.
    fn lead(&mut self, start: usize, end: usize) -> Lead {
        let mut blocks: Vec<String> = Vec::new();
        let mut items: Vec<String> = Vec::new();
        let mut fields = Vec::new();
        let mut bullet = false;
        for at in start..end {
            if self.lines.is_blank(at) {
                continue;
            }
            self.lines.mark(at);
            let mut line = self.text(at);
            let mut starts_item = bullet;
            if line == "-" {
                bullet = true;
                continue;
            }
            if let Some(rest) = line.strip_prefix("- ") {
                starts_item = true;
                line = rest.trim();
            }
            bullet = false;
            if let Some(rest) = line.strip_suffix(" -") {
                bullet = true;
                line = rest.trim_end();
            }
            if starts_item {
                if let Some(field) = lead_field(line) {
                    fields.push(field);
                }
                items.push(format!("- {line}"));
            } else {
                if !items.is_empty() {
                    blocks.push(items.join("\n"));
                    items.clear();
                }
                blocks.push(line.to_string());
            }
        }
        if !items.is_empty() {
            blocks.push(items.join("\n"));
        }
        Lead {
            text: (!blocks.is_empty()).then(|| blocks.join("\n\n")),
            fields,
        }
    }

    /// Gives the body's fields the description and default the lead's list states, where their
    /// own blocks do not, and the required flag it states.
    fn apply_lead(&mut self, lead: &Lead, operation: &mut Operation) {
        let Some(body) = &mut operation.body else {
            return;
        };
        let fields = match &body.schema.kind {
            Type::Named(name) => self
                .page
                .types
                .iter_mut()
                .find(|named| &named.name == name)
                .map(|named| &mut named.schema.fields),
            _ => Some(&mut body.schema.fields),
        };
        let Some(fields) = fields else {
            return;
        };
        for stated in &lead.fields {
            let Some(field) = fields.iter_mut().find(|field| field.name == stated.name) else {
                continue;
            };
            if field.schema.description.is_none() {
                field.schema.description = stated.description.clone();
            }
            if field.schema.default.is_none() {
                field.schema.default = stated.default.clone();
            }
            field.required |= stated.required;
        }
    }

    /// The items of a bulleted list in `start..end`: each a list of `(line, text)` segments.
    /// Only the bullets are marked here; an item's lines are marked once it is understood.
    fn items(&mut self, start: usize, end: usize) -> Vec<Vec<(usize, &'a str)>> {
        let mut items: Vec<Vec<(usize, &'a str)>> = Vec::new();
        let mut current: Vec<(usize, &'a str)> = Vec::new();
        for at in start..end {
            if self.lines.is_blank(at) {
                continue;
            }
            let mut line = self.text(at);
            if line == "-" {
                self.lines.mark(at);
                flush(&mut items, &mut current);
                continue;
            }
            if line == "Show Source" {
                self.lines.mark(at);
                continue;
            }
            if let Some(rest) = line.strip_prefix("- ") {
                flush(&mut items, &mut current);
                line = rest.trim_start();
            }
            let bullet_after = match line.strip_suffix(" -") {
                Some(rest) => {
                    line = rest.trim_end();
                    true
                }
                None => false,
            };
            // A bullet inside the line, before the head of the next item
            // (`Refresh tokenRead Only:true - related: string`).
            let mut rest = line;
            while let Some(split) = inner_bullet(rest) {
                let before = rest[..split].trim_end();
                if !before.is_empty() {
                    current.push((at, before));
                }
                flush(&mut items, &mut current);
                rest = rest[split + 3..].trim_start();
            }
            if !rest.is_empty() {
                current.push((at, rest));
            }
            if bullet_after {
                flush(&mut items, &mut current);
            }
        }
        flush(&mut items, &mut current);
        items
    }

    /// A list item that starts `name:`, read and marked; any other item is left unread.
    fn item_field(&mut self, item: &[(usize, &str)]) -> Result<Option<ItemField>, Problem> {
        match item.first() {
            Some((_, head)) if item_head(head).is_some() => {
                let field = self.field(item)?;
                self.mark_item(item);
                Ok(Some(field))
            }
            _ => Ok(None),
        }
    }

    fn mark_item(&mut self, item: &[(usize, &str)]) {
        for &(at, _) in item {
            self.lines.mark(at);
        }
    }

    /// One list item: a field (or parameter) with what the page states about it, its nested
    /// schema references unresolved.
    fn field(&self, item: &[(usize, &str)]) -> Result<ItemField, Problem> {
        let Some(&(head_at, head)) = item.first() else {
            return Err(Problem::at(1, "an empty list item"));
        };
        let Some((name, rest)) = item_head(head) else {
            return Err(Problem::at(
                head_at + 1,
                format!("expected a field as `name:` followed by its type, found `{head}`"),
            ));
        };
        let mut segments = item[1..].iter().copied();
        let type_text = if rest.is_empty() {
            match segments.next() {
                Some((_, text)) => text.to_string(),
                None => {
                    return Err(Problem::at(
                        head_at + 1,
                        format!(
                            "the block of `{}` is cut off: expected its type after `{head}`, found the end of the list",
                            name.name
                        ),
                    ))
                }
            }
        } else {
            rest.to_string()
        };
        let Some(pending) = parse_type(&type_text) else {
            return Err(Problem::at(
                head_at + 1,
                format!(
                    "expected the type of `{}` (string, integer, number, boolean, object, array, string(date-time) …), found `{type_text}`",
                    name.name
                ),
            ));
        };
        let mut schema = pending.schema;
        schema.deprecated = name.deprecated;
        let attributes: Vec<&str> = segments.map(|(_, text)| text).collect();
        attributes_into(&attributes.join("\n"), &mut schema, head_at + 1)?;
        Ok(ItemField {
            field: Field {
                name: name.name,
                required: name.required,
                schema,
                line: head_at + 1,
            },
            refers: pending.refers,
        })
    }

    /// A `Root Schema` section and the `Nested Schema` sections after it.
    fn schemas(&mut self, root_at: usize, root: String) -> Result<(Vec<Stated>, usize), Problem> {
        let mut stated = Vec::new();
        let (schema, mut at) = self.schema_body(root_at, &root)?;
        stated.push(Stated {
            name: root,
            line: root_at + 1,
            schema,
        });
        while let Some(next) = self.lines.next_text(at) {
            let Some(Heading::NestedSchema(name)) = heading(self.text(next)) else {
                break;
            };
            self.lines.mark(next);
            let (schema, end) = self.schema_body(next, &name)?;
            stated.push(Stated {
                name,
                line: next + 1,
                schema,
            });
            at = end;
        }
        Ok((stated, at))
    }

    /// What follows a schema heading: `Type:`, `Show Source`, the type, then the list of its
    /// fields (or an `Array of:` item).
    fn schema_body(
        &mut self,
        heading_at: usize,
        name: &str,
    ) -> Result<(PendingSchema, usize), Problem> {
        let mut at = heading_at + 1;
        let mut kind: Option<(usize, String)> = None;
        // What the page says of the schema itself (`Title: …`, a sentence) before its list.
        let mut about: Vec<&str> = Vec::new();
        while let Some(next) = self.lines.next_text(at) {
            let line = self.text(next);
            let list_follows = line.ends_with('-');
            if line == "Show Source" {
                self.lines.mark(next);
                at = next + 1;
            } else if let Some(rest) = line.strip_prefix("Type:") {
                self.lines.mark(next);
                at = next + 1;
                let rest = rest.trim();
                if !rest.is_empty() {
                    kind = Some((next, rest.trim_end_matches('-').trim().to_string()));
                    if list_follows {
                        break;
                    }
                }
            } else if kind.is_none() && parse_type(line.trim_end_matches('-').trim()).is_some() {
                self.lines.mark(next);
                at = next + 1;
                kind = Some((next, line.trim_end_matches('-').trim().to_string()));
                if list_follows {
                    break;
                }
            } else if kind.is_some()
                && !line.starts_with('-')
                && !line.starts_with("Array of:")
                && (LABELS.iter().any(|label| line.starts_with(label)) || item_head(line).is_none())
                && heading(line).is_none()
            {
                self.lines.mark(next);
                at = next + 1;
                about.push(line.strip_suffix(" -").unwrap_or(line));
                if list_follows {
                    break;
                }
            } else {
                break;
            }
        }
        let Some((kind_at, kind_text)) = kind else {
            return Err(Problem::at(
                heading_at + 1,
                format!("expected `Type:` and the type of schema `{name}` after its heading"),
            ));
        };
        let Some(pending) = parse_type(&kind_text) else {
            return Err(Problem::at(
                kind_at + 1,
                format!("expected the type of schema `{name}` (object, array, string …), found `{kind_text}`"),
            ));
        };
        let end = self.region_end(at);
        let items = self.items(at, end);
        let mut schema = pending;
        schema.line = heading_at + 1;
        attributes_into(&about.join("\n"), &mut schema.schema, heading_at + 1)?;
        for item in items {
            let Some(&(item_at, first)) = item.first() else {
                continue;
            };
            if let Some(of) = first.strip_prefix("Array of:") {
                let Some(items) = parse_type(of.trim()) else {
                    return Err(Problem::at(
                        item_at + 1,
                        format!(
                            "expected the item type after `Array of:`, found `{}`",
                            of.trim()
                        ),
                    ));
                };
                let mut items_schema = items.schema;
                let rest: Vec<&str> = item[1..].iter().map(|(_, text)| *text).collect();
                attributes_into(&rest.join("\n"), &mut items_schema, item_at + 1)?;
                schema.schema.kind = Type::Array(Box::new(items_schema));
                schema.refers = items.refers;
                self.mark_item(&item);
                continue;
            }
            if let Some(field) = self.item_field(&item)? {
                schema.fields.push(field);
            }
        }
        Ok((schema, end))
    }

    /// The root schema of a section with its nested schemas resolved; named ones are added to
    /// the page's types.
    fn resolve(&mut self, stated: Vec<Stated>) -> Result<Schema, Problem> {
        let Some(root) = stated.first() else {
            return Err(Problem::at(1, "a schema section without a schema"));
        };
        // The root is named before its fields are resolved, so that a field may refer to it.
        let root_named = root.name != "schema";
        let mut named = Vec::new();
        if root_named {
            named.push(NamedType {
                name: root.name.clone(),
                schema: Schema::default(),
                line: root.line,
            });
        }
        let resolved = resolve_schema(root.schema.clone(), &stated, &mut named, 0)?;
        // `Root Schema : schema` is the name Oracle's pages give an anonymous body.
        let schema = match named.first_mut() {
            Some(first) if root_named => {
                first.schema = resolved;
                Schema::of(Type::Named(root.name.clone()))
            }
            _ => resolved,
        };
        for named_type in named {
            match self
                .page
                .types
                .iter()
                .find(|known| known.name == named_type.name)
            {
                Some(known) if same(&known.schema, &named_type.schema) => {}
                Some(known) => {
                    return Err(Problem::at(
                        named_type.line,
                        format!(
                            "schema `{}` is stated here with other fields than on line {}",
                            named_type.name, known.line
                        ),
                    ))
                }
                None => self.page.types.push(named_type),
            }
        }
        Ok(schema)
    }

    /// A JSON example after `heading_at`: the lines from `start` that hold one JSON value.
    fn example(&mut self, heading_at: usize, start: usize) -> Result<(Value, usize), Problem> {
        let Some(first) = self.lines.next_text(start) else {
            return Err(Problem::at(
                heading_at + 1,
                "expected a JSON example after this heading, found the end of the page",
            ));
        };
        let mut depth: i64 = 0;
        let mut in_string = false;
        let mut escaped = false;
        let mut text = String::new();
        let mut at = first;
        while at < self.lines.len() {
            let line = self.lines.get(at);
            text.push_str(line);
            text.push('\n');
            for c in line.chars() {
                if in_string {
                    match (escaped, c) {
                        (true, _) => escaped = false,
                        (false, '\\') => escaped = true,
                        (false, '"') => in_string = false,
                        _ => {}
                    }
                } else {
                    match c {
                        '"' => in_string = true,
                        '{' | '[' => depth += 1,
                        '}' | ']' => depth -= 1,
                        _ => {}
                    }
                }
            }
            at += 1;
            if depth <= 0 {
                break;
            }
        }
        let value: Value = serde_json::from_str(&text).map_err(|error| {
            Problem::at(
                first + 1,
                format!(
                    "expected a JSON example after line {}, found text that is not JSON ({error})",
                    heading_at + 1
                ),
            )
        })?;
        self.lines.mark_range(first, at);
        Ok((value, at))
    }

    /// A curl sample: the `curl …` command and its continuation lines (layout: it repeats the
    /// method and path the page states).
    fn curl(&mut self, start: usize) -> usize {
        let Some(first) = self.lines.next_text(start) else {
            return start;
        };
        if !self.text(first).starts_with("curl ") {
            return first;
        }
        let mut at = first;
        while at < self.lines.len() {
            let line = self.text(at);
            self.lines.mark(at);
            at += 1;
            if !line.ends_with('\\') {
                break;
            }
        }
        at
    }
}

/// Two statements of one schema say the same, wherever on the page they are.
fn same(a: &Schema, b: &Schema) -> bool {
    without_lines(a.clone()) == without_lines(b.clone())
}

fn without_lines(mut schema: Schema) -> Schema {
    schema.fields = schema
        .fields
        .into_iter()
        .map(|field| Field {
            line: 0,
            schema: without_lines(field.schema),
            ..field
        })
        .collect();
    if let Type::Array(items) = schema.kind {
        schema.kind = Type::Array(Box::new(without_lines(*items)));
    }
    schema
}

/// A parameter into the operation: an `Authorization` header is its credentials, a
/// `Content-Type` header the body's media types; a parameter a duplicated section states again
/// alike is read once.
fn parameter(
    field: Field,
    location: Location,
    operation: &mut Operation,
    media: &mut Vec<String>,
) -> Result<(), Problem> {
    let schema = field.schema;
    if location == Location::Header && field.name.eq_ignore_ascii_case("authorization") {
        let description = schema.description.clone();
        let bearer = description
            .as_deref()
            .is_some_and(|text| text.contains("Bearer"));
        let credentials = Security {
            header: field.name,
            bearer,
            description,
            line: field.line,
        };
        let known = operation.security.iter().any(|known| {
            (&known.header, known.bearer, &known.description)
                == (
                    &credentials.header,
                    credentials.bearer,
                    &credentials.description,
                )
        });
        if !known {
            operation.security.push(credentials);
        }
        return Ok(());
    }
    if location == Location::Header && field.name.eq_ignore_ascii_case("content-type") {
        let stated = schema.enumeration.iter().chain(schema.default.iter());
        let names = stated
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect();
        add_media(media, names);
        return Ok(());
    }
    let required = field.required || location == Location::Path;
    if let Some(known) = operation
        .parameters
        .iter()
        .find(|known| known.name == field.name && known.location == location)
    {
        if known.required == required && same(&known.schema, &schema) {
            return Ok(());
        }
        return Err(Problem::at(
            field.line,
            format!(
                "{} parameter `{}` is stated here otherwise than on line {}",
                location.as_str(),
                field.name,
                known.line
            ),
        ));
    }
    operation.parameters.push(Parameter {
        name: field.name,
        location,
        required,
        schema,
        line: field.line,
    });
    Ok(())
}

/// Adds media types a page lists, each once, in the page's order.
fn add_media(into: &mut Vec<String>, media: Vec<String>) {
    for name in media {
        if !into.contains(&name) {
            into.push(name);
        }
    }
}

fn flush<'a>(items: &mut Vec<Vec<(usize, &'a str)>>, current: &mut Vec<(usize, &'a str)>) {
    if !current.is_empty() {
        items.push(std::mem::take(current));
    }
}

/// Where a bullet ` - ` inside a line starts the next item (`… - related: string`).
fn inner_bullet(line: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(found) = line[from..].find(" - ") {
        let split = from + found;
        let after = &line[split + 3..];
        if let Some((_, rest)) = item_head(after) {
            if !rest.is_empty() && parse_type(rest).is_some() {
                return Some(split);
            }
        }
        from = split + 3;
    }
    None
}

/// The lead's field list: `(name, description, default)` of each `name: text (type, default=X)`.
struct Lead {
    text: Option<String>,
    fields: Vec<LeadField>,
}

/// `name: description (type, required)` or `name: description (type, default=X)`.
struct LeadField {
    name: String,
    description: Option<String>,
    default: Option<Value>,
    required: bool,
}

fn lead_field(item: &str) -> Option<LeadField> {
    let (name, rest) = item.split_once(": ")?;
    if name.is_empty() || name.contains(' ') {
        return None;
    }
    let rest = rest.trim();
    let (text, facts) = match rest.rfind(" (") {
        Some(open) if rest.ends_with(')') => (&rest[..open], &rest[open + 2..rest.len() - 1]),
        _ => (rest, ""),
    };
    let mut kind = "";
    let mut default = None;
    let mut required = false;
    for (index, fact) in facts.split(", ").enumerate() {
        if let Some(value) = fact.strip_prefix("default=") {
            default = Some(value.to_string());
        } else if fact == "required" {
            required = true;
        } else if index == 0 {
            kind = fact;
        }
    }
    let default = default.map(|value| python_value(&value, kind));
    let description = (!text.trim().is_empty()).then(|| text.trim().to_string());
    Some(LeadField {
        name: name.to_string(),
        description,
        default,
        required,
    })
}

/// A default as Django REST framework's help text writes it: `"text"`, `5`, `True`, `None`.
fn python_value(text: &str, kind: &str) -> Value {
    match text {
        "True" => return Value::Bool(true),
        "False" => return Value::Bool(false),
        "None" => return Value::Null,
        _ => {}
    }
    if let Some(inner) = text
        .strip_prefix('"')
        .and_then(|rest| rest.strip_suffix('"'))
        .or_else(|| {
            text.strip_prefix('\'')
                .and_then(|rest| rest.strip_suffix('\''))
        })
    {
        return Value::String(inner.to_string());
    }
    typed_value(text, kind)
}

/// The path with `:name` segments written `{name}`.
fn braced_path(path: &str) -> String {
    path.split('/')
        .map(|segment| match segment.strip_prefix(':') {
            Some(name) if !name.is_empty() => format!("{{{name}}}"),
            _ => segment.to_string(),
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Every `{name}` of the path the page's `Path Parameters` do not list, as a required string.
fn path_parameters(operation: &mut Operation, line: usize) {
    let names: Vec<String> = operation
        .path
        .split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_string()))
        .collect();
    for (index, name) in names.into_iter().enumerate() {
        let listed = operation
            .parameters
            .iter()
            .any(|parameter| parameter.location == Location::Path && parameter.name == name);
        if !listed {
            let at = operation
                .parameters
                .iter()
                .filter(|parameter| parameter.location == Location::Path)
                .count()
                .min(index);
            operation.parameters.insert(
                at,
                Parameter {
                    name,
                    location: Location::Path,
                    required: true,
                    schema: Schema::of(Type::String),
                    line,
                },
            );
        }
    }
}

fn is_media_type(text: &str) -> bool {
    match text.split_once('/') {
        Some((kind, sub)) => {
            !kind.is_empty()
                && !sub.is_empty()
                && !text.contains(' ')
                && kind.chars().all(|c| c.is_ascii_alphanumeric() || c == '*')
        }
        None => false,
    }
}

/// An item's name: `name`, `name(required)`, `~~name~~`.
struct ItemName {
    name: String,
    required: bool,
    deprecated: bool,
}

/// `name: rest` at the start of an item.
fn item_head(text: &str) -> Option<(ItemName, &str)> {
    let (name, rest) = text.split_once(':')?;
    let mut name = name.trim();
    let mut required = false;
    for (suffix, is_required) in [("(required)", true), ("(optional)", false)] {
        if let Some(stripped) = name.strip_suffix(suffix) {
            name = stripped.trim_end();
            required = is_required;
        }
    }
    let mut deprecated = false;
    if let Some(inner) = name
        .strip_prefix("~~")
        .and_then(|rest| rest.strip_suffix("~~"))
    {
        name = inner;
        deprecated = true;
    }
    let valid = !name.is_empty()
        && name.chars().all(|c| {
            c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '$' | '@' | '[' | ']')
        });
    valid.then(|| {
        (
            ItemName {
                name: name.to_string(),
                required,
                deprecated,
            },
            rest.trim(),
        )
    })
}

/// A schema whose nested references are still names.
#[derive(Debug, Clone, Default)]
struct PendingSchema {
    schema: Schema,
    /// `object NAME` / `array NAME`: the nested schema this type refers to.
    refers: Option<String>,
    fields: Vec<ItemField>,
    /// The line of the schema's heading (0 for a field's type).
    line: usize,
}

#[derive(Debug, Clone)]
struct ItemField {
    field: Field,
    refers: Option<String>,
}

/// `string`, `string(date-time)`, `integer(int32)`, `object Nested`, `array Items`.
fn parse_type(text: &str) -> Option<PendingSchema> {
    let text = text.trim();
    let (word, refers) = match text.split_once(' ') {
        Some((word, rest)) => {
            let rest = rest.trim();
            if rest.contains(' ') || rest.is_empty() {
                return None;
            }
            (word, Some(rest.to_string()))
        }
        None => (text, None),
    };
    let (base, format) = match word.split_once('(') {
        Some((base, rest)) => (base, Some(rest.strip_suffix(')')?.to_string())),
        None => (word, None),
    };
    let kind = match base {
        "string" => Type::String,
        "integer" => Type::Integer,
        "number" => Type::Number,
        "boolean" => Type::Boolean,
        "object" => Type::Object,
        "array" => Type::Array(Box::default()),
        _ => return None,
    };
    if refers.is_some() && !matches!(kind, Type::Object | Type::Array(_)) {
        return None;
    }
    Some(PendingSchema {
        schema: Schema {
            kind,
            format,
            ..Schema::default()
        },
        refers,
        fields: Vec::new(),
        line: 0,
    })
}

/// The attributes of an item, run together or one a line, into its schema; the text that is
/// no attribute is its description.
fn attributes_into(text: &str, schema: &mut Schema, line: usize) -> Result<(), Problem> {
    let mut description: Vec<String> = Vec::new();
    let mut rest = text.trim();
    while !rest.is_empty() {
        let Some((label, at)) = next_label(rest) else {
            description.push(rest.to_string());
            break;
        };
        let before = rest[..at].trim();
        if !before.is_empty() {
            description.push(before.to_string());
        }
        let after = rest[at + label.len()..].trim_start_matches([' ', '\t']);
        let after = after.strip_prefix('\n').unwrap_or(after);
        // The value runs to the next label or the end of its line.
        let value_end = [after.find('\n'), next_label(after).map(|(_, at)| at)]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(after.len());
        let raw = after[..value_end].trim();
        let (value, leftover) = split_value(label, raw);
        if !leftover.is_empty() {
            description.push(leftover.to_string());
        }
        apply(label, value, schema, line)?;
        rest = after[value_end..].trim();
    }
    let description: Vec<String> = description
        .iter()
        .map(|part| part.trim().to_string())
        .filter(|part| !part.is_empty())
        .collect();
    if !description.is_empty() {
        schema.description = Some(description.join("\n"));
    }
    Ok(())
}

fn next_label(text: &str) -> Option<(&'static str, usize)> {
    LABELS
        .iter()
        .filter_map(|label| text.find(label).map(|at| (*label, at)))
        .min_by_key(|(_, at)| *at)
}

/// A label's value and the description the rendering ran into it (`writeAllowed scopes…`).
fn split_value<'t>(label: &str, raw: &'t str) -> (&'t str, &'t str) {
    match label {
        "Read Only:" | "Nullable:" => {
            for literal in ["true", "false"] {
                if let Some(rest) = raw.strip_prefix(literal) {
                    return (literal, rest);
                }
            }
            (raw, "")
        }
        "Minimum Length:" | "Maximum Length:" | "Minimum Value:" | "Maximum Value:" => {
            let end = raw
                .char_indices()
                .find(|&(index, c)| !(c.is_ascii_digit() || c == '.' || (index == 0 && c == '-')))
                .map_or(raw.len(), |(index, _)| index);
            (&raw[..end], &raw[end..])
        }
        "Allowed Values:" => match raw.find(']') {
            Some(close) if raw.starts_with('[') => (&raw[..=close], &raw[close + 1..]),
            _ => (raw, ""),
        },
        "Pattern:" => (raw, ""),
        _ => camel_split(raw),
    }
}

/// Splits `writeAllowed scopes` at the first lower-case letter or digit followed by an
/// upper-case one, where the rendering ran a value into the sentence after it.
fn camel_split(raw: &str) -> (&str, &str) {
    if let Some(inner) = raw.strip_prefix('"') {
        if let Some(close) = inner.find('"') {
            return (&raw[..close + 2], &raw[close + 2..]);
        }
    }
    let chars: Vec<(usize, char)> = raw.char_indices().collect();
    for pair in chars.windows(2) {
        if let [(_, before), (at, after)] = pair {
            if (before.is_ascii_lowercase() || before.is_ascii_digit())
                && after.is_ascii_uppercase()
            {
                // A sentence follows: the rest is the description.
                if raw[*at..].contains(' ') {
                    return (&raw[..*at], &raw[*at..]);
                }
            }
        }
    }
    (raw, "")
}

fn apply(label: &str, value: &str, schema: &mut Schema, line: usize) -> Result<(), Problem> {
    let kind = kind_name(&schema.kind);
    match label {
        "Title:" => schema.title = Some(value.to_string()),
        "Read Only:" => schema.read_only = boolean(label, value, line)?,
        "Nullable:" => schema.nullable = boolean(label, value, line)?,
        "Default Value:" => schema.default = Some(typed_value(unquote(value), kind)),
        "Example:" => schema.example = Some(typed_value(unquote(value), kind)),
        "Allowed Values:" => schema.enumeration = allowed_values(value, kind),
        "Minimum Length:" => schema.min_length = Some(count(label, value, line)?),
        "Maximum Length:" => schema.max_length = Some(count(label, value, line)?),
        "Minimum Value:" => schema.minimum = Some(number(label, value, line)?),
        "Maximum Value:" => schema.maximum = Some(number(label, value, line)?),
        "Pattern:" => schema.pattern = Some(value.to_string()),
        _ => {}
    }
    Ok(())
}

fn kind_name(kind: &Type) -> &'static str {
    match kind {
        Type::Integer => "integer",
        Type::Number => "number",
        Type::Boolean => "boolean",
        _ => "string",
    }
}

fn unquote(value: &str) -> &str {
    value
        .strip_prefix('"')
        .and_then(|rest| rest.strip_suffix('"'))
        .unwrap_or(value)
}

/// A value written as text, read as the type of its field.
fn typed_value(text: &str, kind: &str) -> Value {
    match kind {
        "integer" | "number" => {
            if let Ok(value) = text.parse::<i64>() {
                return Value::from(value);
            }
            if let Ok(value) = text.parse::<f64>() {
                if let Some(number) = serde_json::Number::from_f64(value) {
                    return Value::Number(number);
                }
            }
        }
        "boolean" => match text {
            "true" | "True" => return Value::Bool(true),
            "false" | "False" => return Value::Bool(false),
            _ => {}
        },
        _ => {}
    }
    Value::String(text.to_string())
}

/// `[ "asc", "desc" ]`, or the values separated by commas.
fn allowed_values(value: &str, kind: &str) -> Vec<Value> {
    let inner = value
        .trim()
        .strip_prefix('[')
        .and_then(|rest| rest.strip_suffix(']'))
        .unwrap_or(value);
    inner
        .split(',')
        .map(|item| item.trim())
        .filter(|item| !item.is_empty())
        .map(|item| typed_value(unquote(item), kind))
        .collect()
}

fn boolean(label: &str, value: &str, line: usize) -> Result<bool, Problem> {
    match value {
        "true" => Ok(true),
        "false" => Ok(false),
        other => Err(Problem::at(
            line,
            format!("expected `true` or `false` after `{label}`, found `{other}`"),
        )),
    }
}

fn count(label: &str, value: &str, line: usize) -> Result<u64, Problem> {
    value.parse().map_err(|_| {
        Problem::at(
            line,
            format!("expected a whole number after `{label}`, found `{value}`"),
        )
    })
}

fn number(label: &str, value: &str, line: usize) -> Result<Value, Problem> {
    let parsed = typed_value(value, "number");
    if parsed.is_number() {
        Ok(parsed)
    } else {
        Err(Problem::at(
            line,
            format!("expected a number after `{label}`, found `{value}`"),
        ))
    }
}

/// Resolves the nested references of a schema against the sections of its group.
fn resolve_schema(
    pending: PendingSchema,
    group: &[Stated],
    named: &mut Vec<NamedType>,
    depth: usize,
) -> Result<Schema, Problem> {
    let mut schema = pending.schema;
    if let Some(target) = &pending.refers {
        // A schema of `Type: array` whose items are `Array of: object Item`.
        schema = refer(schema, "", target, group, named, depth, pending.line)?;
    }
    let mut fields = Vec::new();
    for field in pending.fields {
        fields.push(resolve_field(field, group, named, depth)?);
    }
    if !fields.is_empty() {
        schema.fields = fields;
    }
    Ok(schema)
}

fn resolve_field(
    item: ItemField,
    group: &[Stated],
    named: &mut Vec<NamedType>,
    depth: usize,
) -> Result<Field, Problem> {
    let mut field = item.field;
    if let Some(target) = item.refers {
        field.schema = refer(
            field.schema,
            &field.name,
            &target,
            group,
            named,
            depth,
            field.line,
        )?;
    }
    Ok(field)
}

/// The schema of `object TARGET` / `array TARGET` in field `owner`.
fn refer(
    mut schema: Schema,
    owner: &str,
    target: &str,
    group: &[Stated],
    named: &mut Vec<NamedType>,
    depth: usize,
    line: usize,
) -> Result<Schema, Problem> {
    if depth > 32 {
        return Err(Problem::at(
            line,
            format!("nested schema `{target}` refers to itself through inline objects"),
        ));
    }
    let stated = group.iter().find(|stated| stated.name == target);
    let is_array = matches!(schema.kind, Type::Array(_));
    let target_schema = match stated {
        None => Schema::of(Type::Named(target.to_string())),
        Some(stated) => {
            let nested = stated.schema.clone();
            match (&nested.schema.kind, nested.refers.clone()) {
                // `Nested Schema : items` of `Type: array` with `Array of: object Item`.
                (Type::Array(items), Some(inner)) => {
                    let items = refer(
                        (**items).clone(),
                        target,
                        &inner,
                        group,
                        named,
                        depth + 1,
                        stated.line,
                    )?;
                    Schema::of(Type::Array(Box::new(items)))
                }
                (Type::Array(_), None) => nested.schema,
                _ if target == owner => resolve_schema(nested, group, named, depth + 1)?,
                // A named type is resolved once; a field of it (or of a type inside it) may
                // refer to it again.
                _ if named.iter().any(|known| known.name == target) => {
                    Schema::of(Type::Named(target.to_string()))
                }
                _ => {
                    let index = named.len();
                    named.push(NamedType {
                        name: target.to_string(),
                        schema: Schema::default(),
                        line: stated.line,
                    });
                    let resolved = resolve_schema(nested, group, named, depth + 1)?;
                    if let Some(slot) = named.get_mut(index) {
                        slot.schema = resolved;
                    }
                    Schema::of(Type::Named(target.to_string()))
                }
            }
        }
    };
    let keep = Schema {
        kind: Type::Any,
        fields: Vec::new(),
        format: None,
        ..schema.clone()
    };
    if is_array {
        let items = match target_schema.kind {
            Type::Array(_) => {
                return Ok(Schema {
                    kind: target_schema.kind,
                    ..keep
                })
            }
            _ => target_schema,
        };
        schema = Schema {
            kind: Type::Array(Box::new(items)),
            ..keep
        };
    } else {
        schema = Schema {
            kind: target_schema.kind,
            fields: target_schema.fields,
            ..keep
        };
    }
    Ok(schema)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const SEED: &str = include_str!("../../specs/pages/awx/update-token.txt");
    const OTHER_SEEDS: [&str; 4] = [
        include_str!("../../specs/pages/fimidara/update-token.md"),
        include_str!("../../specs/pages/authlete/token-update-request.md"),
        include_str!("../../specs/pages/authlete/client-authorization-update.txt"),
        include_str!("../../specs/pages/sailpoint/patch-personal-access-token.txt"),
    ];

    fn field<'p>(fields: &'p [Field], name: &str) -> &'p Field {
        fields
            .iter()
            .find(|field| field.name == name)
            .unwrap_or_else(|| panic!("a field `{name}`"))
    }

    fn problem(text: &str) -> Problem {
        match read(text) {
            Ok(page) => panic!("expected a problem, read {page:?}"),
            Err(problem) => problem,
        }
    }

    #[test]
    fn detects_the_seed_and_no_other_seed() {
        assert!(detect(SEED));
        for other in OTHER_SEEDS {
            assert!(!detect(other), "detected {}", &other[..40]);
        }
    }

    #[test]
    fn the_seed_states_one_put_operation() {
        let page = read(SEED).expect("the seed reads");
        assert_eq!(page.unread, vec![], "every line of the seed is understood");
        assert_eq!(page.lines, 130);
        assert_eq!(page.title.as_deref(), Some("Update an Access Token"));
        let [operation] = &page.operations[..] else {
            panic!("one operation, found {:?}", page.operations);
        };
        assert_eq!(operation.method, "put");
        assert_eq!(operation.path, "/api/v2/tokens/{id}/");
        assert_eq!(operation.line, 2);
        let description = operation.description.as_deref().unwrap_or_default();
        assert!(description.starts_with("Make a PUT or PATCH request"));
        assert!(description.contains(
            "modified:\n\n- description: Optional description of this access token. (string, default=\"\")\n- scope: "
        ));
        assert!(description.ends_with("\n\nFor a PUT request, include all fields in the request."));

        // The path states `{id}`; the page's "Path Parameters" list none by name.
        let [id] = &operation.parameters[..] else {
            panic!("one parameter, found {:?}", operation.parameters);
        };
        assert_eq!(
            (id.name.as_str(), id.location, id.required),
            ("id", Location::Path, true)
        );
        assert_eq!(id.schema, Schema::of(Type::String));

        let body = operation.body.as_ref().expect("a request body");
        assert_eq!(body.media_types, vec!["application/json"]);
        assert_eq!(
            body.schema,
            Schema::of(Type::Named("OAuth2TokenDetail".into()))
        );
        assert!(!body.required);

        let [ok] = &operation.responses[..] else {
            panic!("one response, found {:?}", operation.responses);
        };
        assert_eq!(ok.status, "200");
        assert_eq!(ok.media_types, vec!["application/json"]);
        assert_eq!(
            ok.schema,
            Some(Schema::of(Type::Named("OAuth2TokenDetail".into())))
        );
    }

    #[test]
    fn the_seed_states_its_type_once_for_request_and_response() {
        let page = read(SEED).expect("the seed reads");
        let [token] = &page.types[..] else {
            panic!("one named type, found {:?}", page.types);
        };
        assert_eq!(token.name, "OAuth2TokenDetail");
        assert_eq!(token.line, 13);
        let fields = &token.schema.fields;
        let names: Vec<&str> = fields.iter().map(|field| field.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "application",
                "created",
                "description",
                "expires",
                "id",
                "modified",
                "refresh_token",
                "related",
                "scope",
                "summary_fields",
                "token",
                "type",
                "url",
                "user"
            ]
        );
        assert!(fields
            .iter()
            .all(|field| !field.required && !field.schema.nullable));
        let read_only: Vec<&str> = fields
            .iter()
            .filter(|field| field.schema.read_only)
            .map(|field| field.name.as_str())
            .collect();
        assert_eq!(
            read_only,
            [
                "application",
                "created",
                "expires",
                "id",
                "modified",
                "refresh_token",
                "summary_fields",
                "token",
                "type",
                "url",
                "user"
            ]
        );

        let application = field(fields, "application");
        assert_eq!(application.schema.kind, Type::Integer);
        assert_eq!(application.schema.title.as_deref(), Some("Application"));
        assert_eq!(application.schema.description, None);

        let expires = field(fields, "expires");
        assert_eq!(expires.schema.kind, Type::String);
        assert_eq!(expires.schema.format.as_deref(), Some("date-time"));

        let refresh = field(fields, "refresh_token");
        assert_eq!(refresh.schema.title.as_deref(), Some("Refresh token"));

        // `related: string` is run into the line before; the page states nothing else.
        let related = field(fields, "related");
        assert_eq!(related.schema, Schema::of(Type::String));
        assert_eq!(related.line, 44);

        // The lead's field list gives `description` its description and default.
        let description = field(fields, "description");
        assert_eq!(description.schema.title.as_deref(), Some("Description"));
        assert!(!description.schema.read_only);
        assert_eq!(description.schema.default, Some(json!("")));
        assert_eq!(
            description.schema.description.as_deref(),
            Some("Optional description of this access token.")
        );

        let scope = field(fields, "scope");
        assert_eq!(scope.schema.title.as_deref(), Some("Scope"));
        assert_eq!(scope.schema.default, Some(json!("write")));
        assert_eq!(
            scope.schema.description.as_deref(),
            Some("Allowed scopes, further restricts user's permissions. Must be a simple space-separated string with allowed scopes ['read', 'write'].")
        );
        assert!(!scope.schema.read_only);

        let user = field(fields, "user");
        assert_eq!(user.schema.kind, Type::Integer);
        assert_eq!(user.schema.title.as_deref(), Some("User"));
        assert!(user.schema.read_only);
        assert_eq!(
            user.schema.description.as_deref(),
            Some("The user representing the token owner")
        );
    }

    #[test]
    fn two_statements_of_one_type_with_other_fields_are_a_problem() {
        let changed = SEED.replacen("IdRead Only:true -", "Id -", 2);
        // The first replacement is in the request, the second in the response.
        let once = SEED.replacen("IdRead Only:true -", "Id -", 1);
        assert!(read(&changed).is_ok(), "both statements changed alike");
        let problem = problem(&once);
        assert_eq!(problem.line, 74);
        assert!(
            problem
                .message
                .contains("`OAuth2TokenDetail` is stated here with other fields"),
            "{}",
            problem.message
        );
    }

    #[test]
    fn a_block_cut_off_at_the_end_of_the_page_is_a_problem() {
        let cut = "Get a Thing\nget\n/things/{id}\nRequest\nResponse\n200 Response\nRoot Schema : Thing\nType:\nShow Source\nobject-\nid:\ninteger -\nname:";
        let problem = problem(cut);
        assert_eq!(problem.line, 13);
        assert_eq!(
            problem.message,
            "the block of `name` is cut off: expected its type after `name:`, found the end of the list"
        );
    }

    #[test]
    fn an_unknown_type_is_a_problem() {
        let page = "Get a Thing\nget\n/things\nResponse\n200 Response\nRoot Schema : Thing\nType:\nShow Source\nobject-\nid:\nuuid";
        let problem = problem(page);
        assert_eq!(problem.line, 10);
        assert!(
            problem.message.contains("expected the type of `id`"),
            "{}",
            problem.message
        );
        assert!(
            problem.message.contains("found `uuid`"),
            "{}",
            problem.message
        );
    }

    #[test]
    fn a_missing_method_or_path_is_a_problem() {
        let problem_method = problem("Get a Thing\nfetch\n/things\nRequest");
        assert_eq!(problem_method.line, 2);
        assert!(problem_method.message.contains("found `fetch`"));
        let problem_path = problem("Get a Thing\nget\nthings\nRequest");
        assert_eq!(problem_path.line, 3);
        assert!(problem_path.message.contains("starting with `/`"));
        assert_eq!(problem("").line, 1);
        assert_eq!(problem("Get a Thing\nget").line, 2);
    }

    #[test]
    fn an_example_that_is_not_json_is_a_problem() {
        let page = "Get a Thing\nget\n/things\nResponse\n200 Response\nRoot Schema : Thing\nType: object\nShow Source\n-\nid:\ninteger\nExamples\nExample of Response Body\n{ id: 1 }";
        let problem = problem(page);
        assert_eq!(problem.line, 14);
        assert!(problem.message.contains("not JSON"), "{}", problem.message);
    }

    #[test]
    fn an_example_for_a_response_the_page_does_not_state_is_a_problem() {
        let page = "Delete a Thing\ndelete\n/things/{id}\nResponse\n204 Response\nExamples\nExample of Response Body (200)\n{}";
        let problem = problem(page);
        assert_eq!(problem.line, 7);
        assert!(problem.message.contains("for 200"), "{}", problem.message);
    }

    #[test]
    fn a_status_line_starts_the_responses_even_without_their_heading() {
        let page = read("Get a Thing\nget\n/things\nRequest\n200 Response\nThe thing.")
            .expect("the page reads");
        assert_eq!(page.unread, vec![]);
        assert_eq!(page.operations[0].responses[0].status, "200");
        let problem = problem("Get a Thing\nget\n/things\nRequest\nExamples\n200 Response");
        assert_eq!(problem.line, 6);
        assert!(
            problem.message.contains("among the examples"),
            "{}",
            problem.message
        );
    }

    #[test]
    fn a_request_example_without_a_body_is_a_problem() {
        let problem = problem("Get a Thing\nget\n/things\nRequest\nResponse\n200 Response\nExamples\nExample of Request Body\n{}");
        assert_eq!(problem.line, 8);
        assert!(
            problem.message.contains("states no request body"),
            "{}",
            problem.message
        );
    }

    #[test]
    fn labels_on_lines_of_their_own_read_as_run_together_ones() {
        let together = "Get a Thing\nget\n/things\nResponse\n200 Response\nRoot Schema : Thing\nType:\nShow Source\nobject-\nstate:\nstring\nTitle:\nStateRead Only:trueDefault Value:onAllowed Values:[ \"on\", \"off\" ]Whether it runs.";
        let apart = "Get a Thing\nget\n/things\n\nResponse\n\n200 Response\n\nRoot Schema : Thing\n\nType: object\n\nShow Source\n\n-\nstate:\nstring\nTitle:\nState\nRead Only: true\nDefault Value: on\nAllowed Values: [ \"on\", \"off\" ]\nWhether it runs.";
        let types = |text: &str| {
            let page = read(text).expect("the page reads");
            assert_eq!(page.unread, vec![]);
            without_lines(page.types[0].schema.clone())
        };
        let schema = types(together);
        assert_eq!(schema, types(apart));
        let state = &schema.fields[0].schema;
        assert_eq!(state.title.as_deref(), Some("State"));
        assert!(state.read_only);
        assert_eq!(state.default, Some(json!("on")));
        assert_eq!(state.enumeration, vec![json!("on"), json!("off")]);
        assert_eq!(state.description.as_deref(), Some("Whether it runs."));
    }

    #[test]
    fn a_page_without_a_title_starts_with_the_method() {
        let page = read("get\n/things\nResponse\n200 Response").expect("the page reads");
        assert_eq!(page.unread, vec![]);
        assert_eq!(page.title, None);
        assert_eq!(page.operations[0].method, "get");
        assert_eq!(page.operations[0].line, 1);
    }

    #[test]
    fn variants_of_the_head_lines_and_the_path() {
        let page = read("Skip to main content\nRemove a Thing\nDELETE\n/things/:thingId\nResponse\n204 Response\nLoading...")
            .expect("the page reads");
        assert_eq!(page.unread, vec![]);
        let operation = &page.operations[0];
        assert_eq!(operation.method, "delete");
        assert_eq!(operation.path, "/things/{thingId}");
        assert_eq!(operation.parameters[0].name, "thingId");
        assert_eq!(operation.body, None);
        assert_eq!(operation.responses[0].status, "204");
        assert_eq!(operation.responses[0].schema, None);
    }

    #[test]
    fn query_parameters_with_defaults_and_enums_and_a_bearer_header() {
        let page = read("List Things\nget\n/things\nRequest\nQuery Parameters\n-\nsort:\nstring\nDefault Value:ascAllowed Values:[ \"asc\", \"desc\" ] -\nlimit(required):\ninteger\nDefault Value:25\nHeader Parameters\n-\nAuthorization(required):\nstring\nBearer <token>\nThere's no request body for this operation.\nResponse\n200 Response")
            .expect("the page reads");
        assert_eq!(page.unread, vec![]);
        let operation = &page.operations[0];
        let [sort, limit] = &operation.parameters[..] else {
            panic!("two parameters, found {:?}", operation.parameters);
        };
        assert_eq!((sort.location, sort.required), (Location::Query, false));
        assert_eq!(sort.schema.default, Some(json!("asc")));
        assert_eq!(sort.schema.enumeration, vec![json!("asc"), json!("desc")]);
        assert!(limit.required);
        assert_eq!(limit.schema.default, Some(json!(25)));
        let [security] = &operation.security[..] else {
            panic!("one credential, found {:?}", operation.security);
        };
        assert!(security.bearer);
        assert_eq!(security.header, "Authorization");
    }

    #[test]
    fn lines_the_reader_does_not_understand_are_reported() {
        let page = read("Get a Thing\nget\n/things\nRequest\nThis line means nothing here.\nResponse\n200 Response")
            .expect("the page reads");
        assert_eq!(
            page.unread,
            vec![super::super::page::Unread {
                line: 5,
                text: "This line means nothing here.".into()
            }]
        );
        assert_eq!(page.lines, 7);
    }

    #[test]
    fn an_array_root_schema_of_a_named_type() {
        let page = read("List Things\nget\n/things\nResponse\n200 Response\nRoot Schema : Things\nType: array\nShow Source\n-\nArray of: object Thing\nNested Schema : Thing\nType: object\nShow Source\n-\nid: integer")
            .expect("the page reads");
        assert_eq!(page.unread, vec![]);
        let names: Vec<&str> = page.types.iter().map(|named| named.name.as_str()).collect();
        assert_eq!(names, ["Things", "Thing"]);
        assert_eq!(
            page.types[0].schema.kind,
            Type::Array(Box::new(Schema::of(Type::Named("Thing".into()))))
        );
        assert_eq!(page.types[1].schema.fields[0].schema.kind, Type::Integer);
    }

    #[test]
    fn a_named_type_may_refer_to_itself() {
        let page = read("Get a Node\nget\n/nodes/{id}\nResponse\n200 Response\nRoot Schema : Node\nType: object\nShow Source\n-\nid: integer\n-\nparent: object Node\n-\nchildren: array children\nNested Schema : children\nType: array\nShow Source\n-\nArray of: object Node")
            .expect("the page reads");
        assert_eq!(page.unread, vec![]);
        let [node] = &page.types[..] else {
            panic!("one type, found {:?}", page.types);
        };
        let fields = &node.schema.fields;
        assert_eq!(
            field(fields, "parent").schema.kind,
            Type::Named("Node".into())
        );
        assert_eq!(
            field(fields, "children").schema.kind,
            Type::Array(Box::new(Schema::of(Type::Named("Node".into()))))
        );
    }

    #[test]
    fn a_schema_may_state_its_title_and_description() {
        let page = read("Get a Thing\nget\n/things\nResponse\n200 Response\nRoot Schema : Thing\nType: object\nTitle: A Thing\nSomething the service keeps.\nShow Source\n-\nid: integer")
            .expect("the page reads");
        assert_eq!(page.unread, vec![]);
        let schema = &page.types[0].schema;
        assert_eq!(schema.title.as_deref(), Some("A Thing"));
        assert_eq!(
            schema.description.as_deref(),
            Some("Something the service keeps.")
        );
        assert_eq!(schema.fields.len(), 1);
    }

    #[test]
    fn a_parameter_stated_twice_otherwise_is_a_problem() {
        let twice = "List Things\nget\n/things\nRequest\nQuery Parameters\n-\nlimit: integer\nQuery Parameters\n-\nlimit: integer\nResponse\n200 Response";
        let page = read(twice).expect("a section stated twice alike reads");
        assert_eq!(page.operations[0].parameters.len(), 1);
        let problem =
            problem(&twice.replacen("limit: integer\nResponse", "limit: string\nResponse", 1));
        assert_eq!(problem.line, 10);
        assert_eq!(
            problem.message,
            "query parameter `limit` is stated here otherwise than on line 7"
        );
    }

    #[test]
    fn a_show_source_toggle_inside_a_list_is_layout() {
        let page = read("Get a Thing\nget\n/things\nResponse\n200 Response\nRoot Schema : Thing\nType: object\nShow Source\n-\nowner: object owner\nShow Source\n-\nid: integer\nNested Schema : owner\nType: object\nShow Source\n-\nname: string")
            .expect("the page reads");
        assert_eq!(page.unread, vec![]);
        let fields = &page.types[0].schema.fields;
        assert_eq!(fields.len(), 2);
        assert_eq!(field(fields, "owner").schema.fields[0].name, "name");
    }

    #[test]
    fn a_body_heading_without_a_schema_is_a_body_of_no_stated_type() {
        let page = read("Start a Job\npost\n/jobs\nRequest\nSupported Media Types\n- text/plain\nBody ()\nThe script to run.\nResponse\n202 Response")
            .expect("the page reads");
        assert_eq!(page.unread, vec![]);
        let body = page.operations[0].body.as_ref().expect("a body");
        assert_eq!(body.media_types, ["text/plain"]);
        assert_eq!(body.description.as_deref(), Some("The script to run."));
        assert_eq!(body.schema, Schema::default());
        assert_eq!(body.line, 7);
    }

    #[test]
    fn a_duplicated_response_section_is_read_once() {
        let section = "Supported Media Types\n- application/json\nRoot Schema : Thing\nType: object\nShow Source\n-\nid: integer\n";
        let twice =
            format!("Get a Thing\nget\n/things\nResponse\n200 Response\n{section}{section}");
        let page = read(&twice).expect("the page reads");
        assert_eq!(page.unread, vec![]);
        let ok = &page.operations[0].responses[0];
        assert_eq!(ok.media_types, ["application/json"]);
        assert_eq!(ok.schema, Some(Schema::of(Type::Named("Thing".into()))));
        let other = format!("Get a Thing\nget\n/things\nResponse\n200 Response\n{section}Root Schema : Other\nType: object");
        let problem = problem(&other);
        assert_eq!(problem.line, 13);
        assert!(
            problem.message.contains("in the 200 response"),
            "{}",
            problem.message
        );
    }

    #[test]
    fn an_item_that_is_no_field_is_left_unread() {
        let page = read("Get a Thing\nget\n/things\nResponse\n200 Response\nRoot Schema : Thing\nType: object\nShow Source\n-\nid: integer\n-\nAdditional Properties Allowed\nShow Source")
            .expect("the page reads");
        let unread: Vec<usize> = page.unread.iter().map(|unread| unread.line).collect();
        assert_eq!(unread, [12]);
        assert_eq!(page.types[0].schema.fields.len(), 1);
    }

    #[test]
    fn no_cut_of_a_page_panics() {
        let pages = [
            SEED,
            OTHER_SEEDS[0],
            OTHER_SEEDS[1],
            OTHER_SEEDS[2],
            OTHER_SEEDS[3],
        ];
        for text in pages {
            let lines: Vec<&str> = text.lines().collect();
            for end in 0..=lines.len() {
                let _ = read(&lines[..end].join("\n"));
                // And with one line left out.
                if end < lines.len() {
                    let mut without = lines.clone();
                    without.remove(end);
                    let _ = read(&without.join("\n"));
                }
            }
        }
        for text in ["-", " - a: string - b: string -", "Title:", "x\nget\n/\nRequest\nRoot Schema : schema\nType:", "\u{e9}\nget\n/\u{e9}:\nResponse\n2XX Response\nRoot Schema : \u{e9}\nType: array\n-\nArray of: object \u{e9}\nNested Schema : \u{e9}\nType: array\n-\nArray of: object \u{e9}"] {
            let _ = read(text);
        }
    }
}
