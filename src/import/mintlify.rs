//! Mintlify API pages (seed 003): the text of a page Mintlify renders from an OpenAPI operation.
//!
//! The page reads, top to bottom:
//!
//! - an optional "Skip to main content", an optional title and lead paragraph;
//! - the method on a line of its own, then the path, one segment a line between `/` lines (or
//!   whole on one line; a `:id` segment is `{id}`);
//! - the request sample (a language label such as `cURL` or `Typescript (SDK)`, then its code),
//!   then the response example: status tabs (`200`, `400`) and a JSON value;
//! - sections `Authorizations`, `Headers`, `Path Parameters`, `Query Parameters`, `Cookies`,
//!   `Body` (with its media type) and `Response` (sub-headed `200 - application/json`), each a list
//!   of field blocks: a name line, a type line (`string`, `integer<int32>`, `enum<string>`,
//!   `object[]`, `string | null`, `file`), badges (`header`, `required`, `deprecated`, run together
//!   as `headerrequired`), then in any order `default: …`, `Available options: …`, `Required
//!   range: 1 <= x <= 100`, `Minimum length: …`, `Example: …`, description paragraphs and
//!   `Show child attributes`, after which the children follow as `parent.child` blocks.
//!
//! The page names neither the body's nor the responses' types, so they stay inline objects.
//! The request sample is consumed as the sample it is; when its code holds the request body as a
//! literal (a JS/TS object, a curl `--data` JSON), that literal is the body's example.

use serde_json::{Map, Number, Value};

use super::lines::Lines;
use super::page::Problem;
use super::page::{
    Body, Field, Location, Operation, Page, Parameter, Response, Schema, Security, Type,
};

const METHODS: [&str; 8] = [
    "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE",
];

/// Labels of request samples (besides anything ending in `(SDK)`).
const LANGUAGES: [&str; 30] = [
    "cURL",
    "curl",
    "Shell",
    "Bash",
    "HTTP",
    "Python",
    "JavaScript",
    "Javascript",
    "TypeScript",
    "Typescript",
    "Node",
    "Node.js",
    "NodeJS",
    "Go",
    "Golang",
    "Ruby",
    "PHP",
    "Java",
    "Kotlin",
    "Swift",
    "C#",
    "C++",
    "Rust",
    "Dart",
    "PowerShell",
    "Elixir",
    "Scala",
    "Perl",
    "Objective-C",
    "Clojure",
];

/// Lines of the page's frame, not of the operation.
const LAYOUT: [&str; 7] = [
    "Skip to main content",
    "Try it",
    "Copy",
    "Ask AI",
    "Loading...",
    "Loading…",
    "Copy page",
];

/// The feedback footer under the last section.
const FOOTER: [&str; 4] = [
    "Was this page helpful?",
    "Suggest edits",
    "Raise issue",
    "Powered by Mintlify",
];

/// A Mintlify page shows the method on a line of its own with the path after it, and its fields
/// as a name line followed by a type line.
pub fn detect(text: &str) -> bool {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect();
    let operation = (0..lines.len().min(40)).find(|&at| {
        let line = lines[at];
        if let Some((method, path)) = line.split_once(' ') {
            if is_method(method) && path.trim().starts_with('/') {
                return true;
            }
        }
        is_method(line) && lines.get(at + 1).is_some_and(|next| next.starts_with('/'))
    });
    let Some(at) = operation else {
        return false;
    };
    let split_path = lines.get(at + 1) == Some(&"/");
    split_path
        || lines
            .windows(2)
            .any(|pair| is_name(pair[0]) && parse_type(pair[1]).is_some())
}

/// Reads a Mintlify API page.
pub fn read(text: &str) -> Result<Page, Problem> {
    let mut reader = Reader::new(text);
    let operation = reader.read()?;
    let lines = reader.lines;
    Ok(Page {
        title: None,
        description: None,
        operations: vec![operation],
        types: Vec::new(),
        unread: lines.unread(),
        lines: lines.non_blank(),
    })
}

/// The sections of a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Authorizations,
    Parameters(Location),
    Body,
    Response,
}

fn section_of(text: &str) -> Option<Section> {
    Some(match text {
        "Authorizations" => Section::Authorizations,
        "Path Parameters" => Section::Parameters(Location::Path),
        "Query Parameters" => Section::Parameters(Location::Query),
        "Headers" | "Header Parameters" => Section::Parameters(Location::Header),
        "Cookies" | "Cookie Parameters" => Section::Parameters(Location::Cookie),
        "Body" | "Request Body" => Section::Body,
        "Response" | "Responses" => Section::Response,
        _ => return None,
    })
}

/// A field block as the page lists it, before it is put under its parent.
#[derive(Debug)]
struct Block {
    field: Field,
    location: Option<Location>,
}

/// A request body as the page's `Body` section states it.
#[derive(Debug, Default)]
struct BodyFacts {
    media_types: Vec<String>,
    required: bool,
    description: Option<String>,
    /// `The body is of type …`.
    top: Option<Schema>,
    fields: Vec<Field>,
    line: usize,
}

/// A response as the page's `Response` section states it.
#[derive(Debug, Default)]
struct ResponseFacts {
    status: String,
    description: Option<String>,
    media_types: Vec<String>,
    top: Option<Schema>,
    fields: Vec<Field>,
    examples: Vec<Value>,
    line: usize,
}

/// The request sample and the response example that follows it.
#[derive(Debug, Default)]
struct Sample {
    /// The code lines of the request sample, joined.
    code: String,
    /// The status tabs over the response example (`200`, `400`).
    tabs: Vec<String>,
    example: Option<Value>,
}

struct Reader<'a> {
    lines: Lines<'a>,
    /// The indexes of the lines that hold text; positions below index this list.
    at: Vec<usize>,
    auth: Vec<Field>,
    /// Credentials the `Authorizations` section says are sent in the query or a cookie.
    auth_elsewhere: Vec<(String, Location)>,
    parameters: Vec<(Location, Vec<Field>)>,
    body: Option<BodyFacts>,
    responses: Vec<ResponseFacts>,
    /// The response the `Response` section is listing (an index into `responses`).
    current: Option<usize>,
}

impl<'a> Reader<'a> {
    fn new(text: &'a str) -> Reader<'a> {
        let lines = Lines::new(text);
        let at = (0..lines.len()).filter(|&i| !lines.is_blank(i)).collect();
        Reader {
            lines,
            at,
            auth: Vec::new(),
            auth_elsewhere: Vec::new(),
            parameters: Vec::new(),
            body: None,
            responses: Vec::new(),
            current: None,
        }
    }

    fn len(&self) -> usize {
        self.at.len()
    }

    /// The trimmed text at position `p` (empty past the end).
    fn text(&self, p: usize) -> &'a str {
        self.at.get(p).map_or("", |&i| self.lines.get(i).trim())
    }

    /// The untrimmed text at position `p`.
    fn raw(&self, p: usize) -> &'a str {
        self.at.get(p).map_or("", |&i| self.lines.get(i))
    }

    /// The 1-based line number of position `p`.
    fn line(&self, p: usize) -> usize {
        self.at
            .get(p)
            .map_or(self.lines.len().max(1), |&index| index + 1)
    }

    fn mark(&mut self, p: usize) {
        if let Some(&index) = self.at.get(p) {
            self.lines.mark(index);
        }
    }

    /// A blank line stands between positions `p - 1` and `p`.
    fn blank_before(&self, p: usize) -> bool {
        match (
            p.checked_sub(1).and_then(|q| self.at.get(q)),
            self.at.get(p),
        ) {
            (Some(&before), Some(&here)) => here > before + 1,
            _ => false,
        }
    }

    /// Appends the line at `p` to a description: a new paragraph after a blank line.
    fn append(&self, description: &mut Option<String>, p: usize) {
        let text = self.text(p);
        match description {
            Some(existing) => {
                existing.push_str(if self.blank_before(p) { "\n\n" } else { "\n" });
                existing.push_str(text);
            }
            None => *description = Some(text.to_string()),
        }
    }

    fn is_field_start(&self, p: usize) -> bool {
        is_name(self.text(p)) && parse_type(self.text(p + 1)).is_some()
    }

    fn is_footer(&self, p: usize) -> bool {
        let text = self.text(p);
        FOOTER.contains(&text)
            || LAYOUT.contains(&text)
            || (matches!(text, "Yes" | "No")
                && (self.text(p.wrapping_sub(1)) == "Was this page helpful?"
                    || self.text(p.wrapping_sub(2)) == "Was this page helpful?"))
    }

    fn read(&mut self) -> Result<Operation, Problem> {
        let mut operation = Operation::default();
        let Some(method_at) = (0..self.len()).find(|&p| self.method_at(p)) else {
            return Err(Problem::at(
                1,
                "expected the HTTP method (GET, POST, …) on a line of its own, followed by the \
                 path; found none",
            ));
        };

        // The lead: title, then the description's paragraphs.
        let mut lead: Vec<usize> = Vec::new();
        for p in 0..method_at {
            if LAYOUT.contains(&self.text(p)) {
                self.mark(p);
            } else {
                lead.push(p);
            }
        }
        if let Some((&title, rest)) = lead.split_first() {
            operation.summary = Some(self.text(title).to_string());
            self.mark(title);
            let mut description = None;
            for &p in rest {
                self.append(&mut description, p);
                self.mark(p);
            }
            operation.description = description;
        }

        let (method, path, after) = self.operation_line(method_at)?;
        operation.method = method;
        operation.path = path;
        operation.line = self.line(method_at);

        let sections_at = (after..self.len())
            .find(|&p| section_of(self.text(p)).is_some())
            .unwrap_or(self.len());
        let sample = self.sample(after, sections_at)?;
        self.sections(sections_at)?;
        self.finish(&mut operation, sample)?;
        Ok(operation)
    }

    /// A method at `p`, with a path on the same or the next line.
    fn method_at(&self, p: usize) -> bool {
        let text = self.text(p);
        if let Some((method, path)) = text.split_once(' ') {
            if is_method(method) && path.trim().starts_with('/') {
                return true;
            }
        }
        is_method(text) && self.text(p + 1).starts_with('/')
    }

    /// The method and path at `p`, and the position after them.
    fn operation_line(&mut self, p: usize) -> Result<(String, String, usize), Problem> {
        let text = self.text(p);
        self.mark(p);
        if let Some((method, path)) = text.split_once(' ') {
            if is_method(method) {
                return Ok((method.to_lowercase(), normal_path(path.trim()), p + 1));
            }
        }
        let method = text.to_lowercase();
        let mut q = p + 1;
        let first = self.text(q);
        if first != "/" {
            if !is_whole_path(first) {
                return Err(Problem::at(
                    self.line(q),
                    format!(
                        "expected the path after `{text}`, whole or one segment a line between \
                         `/` lines; found `{first}`"
                    ),
                ));
            }
            self.mark(q);
            return Ok((method, normal_path(first), q + 1));
        }
        let mut path = String::new();
        while self.text(q) == "/" {
            self.mark(q);
            path.push('/');
            q += 1;
            let segment = self.text(q);
            if is_segment(segment) {
                self.mark(q);
                path.push_str(segment);
                q += 1;
            } else {
                break;
            }
        }
        Ok((method, normal_path(&path), q))
    }

    /// The request sample and the response example, between the path and the first section.
    fn sample(&mut self, start: usize, end: usize) -> Result<Sample, Problem> {
        let mut sample = Sample::default();
        let mut p = start;
        while p < end && LAYOUT.contains(&self.text(p)) {
            self.mark(p);
            p += 1;
        }

        // The code: from its label (or a bare `curl`) to the status tabs or the example.
        let code_at = (p..end).find(|&q| {
            let text = self.text(q);
            is_language(text) || text.starts_with("curl ")
        });
        let search_from = code_at.unwrap_or(p);
        let example = self.response_example(search_from, end)?;
        let code_end = match &example {
            Some((tabs_at, _, _)) => *tabs_at,
            None => {
                // Without an example, status tabs may still close the region.
                let mut q = end;
                while q > search_from && is_status(self.text(q - 1)) {
                    q -= 1;
                }
                q
            }
        };
        if let Some(code_at) = code_at {
            let mut q = code_at;
            while q < code_end && is_language(self.text(q)) {
                self.mark(q);
                q += 1;
            }
            let first = self.at.get(q).copied();
            let last = code_end
                .checked_sub(1)
                .and_then(|last| self.at.get(last))
                .copied();
            if let (Some(first), Some(last)) = (first, last) {
                if first <= last {
                    let code: Vec<&str> = (first..=last).map(|i| self.lines.get(i)).collect();
                    sample.code = code.join("\n");
                    self.lines.mark_range(first, last + 1);
                }
            }
        }
        // The status tabs: over the example, else the status lines closing the region.
        let tabs_end = example.map_or(end, |(_, json_at, _)| json_at);
        for q in code_end..tabs_end {
            sample.tabs.push(self.text(q).to_string());
            self.mark(q);
        }
        if let Some((_, json_at, json_end)) = example {
            let first = self.at[json_at];
            let last = self.at[json_end];
            let text: Vec<&str> = (first..=last).map(|i| self.lines.get(i)).collect();
            sample.example = serde_json::from_str(&text.join("\n")).ok();
            self.lines.mark_range(first, last + 1);
        }
        Ok(sample)
    }

    /// The response example in `from..end`: where its status tabs start, where its JSON starts
    /// and the position of its last line.
    fn response_example(
        &self,
        from: usize,
        end: usize,
    ) -> Result<Option<(usize, usize, usize)>, Problem> {
        for p in from..end {
            let raw = self.raw(p);
            if !(raw.starts_with('{') || raw.starts_with('[')) {
                continue;
            }
            let mut tabs_at = p;
            while tabs_at > from && is_status(self.text(tabs_at - 1)) {
                tabs_at -= 1;
            }
            // A value that continues the line before it (`--data '`, `payload = (`) is code.
            let before = self.text(p.wrapping_sub(1));
            if tabs_at == p && p > from && before.ends_with(['\'', '"', '`', '(', '=', ',', ':']) {
                continue;
            }
            if let Some(last) = self.json_end(p, end) {
                return Ok(Some((tabs_at, p, last)));
            }
            // An opening line right after the status tabs (or first of all) is the example; if it
            // does not close, the page is cut.
            if tabs_at < p || p == from {
                return Err(Problem::at(
                    self.line(p),
                    "the response example that starts here is not valid JSON or does not close \
                     before the sections",
                ));
            }
        }
        Ok(None)
    }

    /// The last position of the JSON value that starts at `p`, if it closes before `end`.
    fn json_end(&self, p: usize, end: usize) -> Option<usize> {
        let first = *self.at.get(p)?;
        (p..end).find(|&q| {
            let text = self.text(q);
            (q == p || text.starts_with('}') || text.starts_with(']'))
                && self.at.get(q).is_some_and(|&last| {
                    let text: Vec<&str> = (first..=last).map(|i| self.lines.get(i)).collect();
                    serde_json::from_str::<Value>(&text.join("\n")).is_ok()
                })
        })
    }

    /// Every section from `start` to the end of the page.
    fn sections(&mut self, start: usize) -> Result<(), Problem> {
        let mut section: Option<Section> = None;
        let mut p = start;
        while p < self.len() {
            let text = self.text(p);
            if let Some(found) = section_of(text) {
                self.mark(p);
                if (p + 1..self.len()).all(|q| self.is_footer(q)) {
                    return Err(Problem::at(
                        self.line(p),
                        format!("the page ends after the `{text}` heading: the section is cut off"),
                    ));
                }
                section = Some(found);
                match found {
                    Section::Body if self.body.is_none() => {
                        self.body = Some(BodyFacts {
                            line: self.line(p),
                            ..BodyFacts::default()
                        });
                    }
                    Section::Response => self.current = None,
                    _ => {}
                }
                p += 1;
                continue;
            }
            if self.is_footer(p) {
                self.mark(p);
                p += 1;
                continue;
            }
            p = match section {
                Some(section) => self.section_item(section, p)?,
                None => p + 1,
            };
        }
        Ok(())
    }

    /// Reads what starts at `p` in `section`; returns the position after it.
    fn section_item(&mut self, section: Section, p: usize) -> Result<usize, Problem> {
        if self.is_field_start(p) {
            let (block, next) = self.block(section, p)?;
            self.place(section, block)?;
            return Ok(next);
        }
        let text = self.text(p);
        match section {
            Section::Body => {
                let no_fields = self.body.as_ref().is_some_and(|b| b.fields.is_empty());
                if is_media_type(text) {
                    self.mark(p);
                    let body = self.body.get_or_insert_with(BodyFacts::default);
                    if !body.media_types.iter().any(|known| known == text) {
                        body.media_types.push(text.to_string());
                    }
                } else if text == "required" && no_fields {
                    self.mark(p);
                    self.body.get_or_insert_with(BodyFacts::default).required = true;
                } else if let Some(top) = top_type(text, "The body is of type") {
                    self.mark(p);
                    self.body.get_or_insert_with(BodyFacts::default).top = Some(top);
                } else if no_fields {
                    let mut description = self.body.as_mut().and_then(|b| b.description.take());
                    self.append(&mut description, p);
                    self.mark(p);
                    if let Some(body) = self.body.as_mut() {
                        body.description = description;
                    }
                }
            }
            Section::Response => {
                if let Some((status, media_type)) = status_heading(text) {
                    self.mark(p);
                    let at = self.response(&status, self.line(p));
                    self.current = Some(at);
                    if let Some(media_type) = media_type {
                        add_media_type(&mut self.responses[at].media_types, media_type);
                    }
                } else if is_media_type(text) && self.current_has_no_fields() {
                    self.mark(p);
                    let at = self.current_response(self.line(p));
                    add_media_type(&mut self.responses[at].media_types, text);
                } else if let Some(top) = top_type(text, "The response is of type") {
                    self.mark(p);
                    let at = self.current_response(self.line(p));
                    self.responses[at].top = Some(top);
                } else if self.current_has_no_fields() {
                    let at = self.current_response(self.line(p));
                    let mut description = self.responses[at].description.take();
                    self.append(&mut description, p);
                    self.responses[at].description = description;
                    self.mark(p);
                }
            }
            Section::Authorizations | Section::Parameters(_) => {}
        }
        Ok(p + 1)
    }

    fn current_has_no_fields(&self) -> bool {
        !self
            .current
            .and_then(|at| self.responses.get(at))
            .is_some_and(|response| !response.fields.is_empty())
    }

    /// The response of this status, added when the page has not listed it yet.
    fn response(&mut self, status: &str, line: usize) -> usize {
        if let Some(at) = self.responses.iter().position(|r| r.status == status) {
            return at;
        }
        self.responses.push(ResponseFacts {
            status: status.to_string(),
            line,
            ..ResponseFacts::default()
        });
        self.responses.len() - 1
    }

    /// The response the section is listing; `200` when the page shows no status.
    fn current_response(&mut self, line: usize) -> usize {
        match self.current {
            Some(at) => at,
            None => {
                let at = self.response("200", line);
                self.current = Some(at);
                at
            }
        }
    }

    /// The field block at `p`: name, type, badges, then its facts and description up to the
    /// next block, section, status heading or footer.
    fn block(&mut self, section: Section, p: usize) -> Result<(Block, usize), Problem> {
        let name = self.text(p).to_string();
        let line = self.line(p);
        let mut schema = parse_type(self.text(p + 1)).unwrap_or_default();
        self.mark(p);
        self.mark(p + 1);
        let mut required = false;
        let mut location = None;
        let mut q = p + 2;
        while q < self.len() && !self.is_field_start(q) {
            let Some(badges) = badges(self.text(q)) else {
                break;
            };
            for badge in badges {
                match badge {
                    Badge::Location(at) => location = Some(at),
                    Badge::Required => required = true,
                    Badge::Deprecated => schema.deprecated = true,
                    Badge::Nullable => schema.nullable = true,
                    Badge::ReadOnly => schema.read_only = true,
                }
            }
            self.mark(q);
            q += 1;
        }

        let mut children_at = None;
        let mut description = None;
        while q < self.len() {
            let text = self.text(q);
            if self.is_field_start(q)
                || section_of(text).is_some()
                || self.is_footer(q)
                || (section == Section::Response && status_heading(text).is_some())
            {
                break;
            }
            if matches!(text, "Show child attributes" | "Hide child attributes") {
                children_at = Some(q);
                q += 1;
            } else if let Some(rest) = text.strip_prefix("default:") {
                let (value, next) = self.fact_value(q, rest, "default")?;
                schema.default = Some(value_for(value, &schema));
                q = next;
            } else if let Some(rest) = text.strip_prefix("Example:") {
                q = self.example(q, rest, &mut schema)?;
            } else if let Some(rest) = text.strip_prefix("Available options:") {
                q = self.options(q, rest, &mut schema)?;
            } else if let Some(rest) = text.strip_prefix("Allowed value:") {
                let items = innermost(&mut schema);
                let value = value_for(rest.trim(), items);
                items.enumeration = vec![value];
                self.mark(q);
                q += 1;
            } else if let Some(rest) = text.strip_prefix("Required range:") {
                if range(rest, innermost(&mut schema)) {
                    self.mark(q);
                }
                q += 1;
            } else if let Some(rest) = text.strip_prefix("Minimum length:") {
                if let Ok(length) = rest.trim().parse() {
                    innermost(&mut schema).min_length = Some(length);
                    self.mark(q);
                }
                q += 1;
            } else if let Some(rest) = text.strip_prefix("Maximum length:") {
                if let Ok(length) = rest.trim().parse() {
                    innermost(&mut schema).max_length = Some(length);
                    self.mark(q);
                }
                q += 1;
            } else if let Some(rest) = text.strip_prefix("Required string length:") {
                if string_length(rest, innermost(&mut schema)) {
                    self.mark(q);
                }
                q += 1;
            } else if let Some(rest) = text.strip_prefix("Pattern:") {
                innermost(&mut schema).pattern = Some(rest.trim().to_string());
                self.mark(q);
                q += 1;
            } else {
                self.append(&mut description, q);
                self.mark(q);
                q += 1;
            }
        }
        schema.description = description;

        // The toggle is read with the children it shows. Children the page's text left out
        // (collapsed) leave it unread; the page ending there is cut off.
        if let Some(marker) = children_at {
            let child = self.text(q);
            let prefixes = [format!("{name}."), format!("{name}[].")];
            if self.is_field_start(q) && prefixes.iter().any(|pre| child.starts_with(pre)) {
                self.mark(marker);
            } else if (q..self.len()).all(|rest| self.is_footer(rest)) {
                return Err(Problem::at(
                    self.line(marker),
                    format!(
                        "`{name}` shows child attributes but the page ends before any \
                         `{name}.…` field: the block is cut off"
                    ),
                ));
            }
        }

        let field = Field {
            name,
            required,
            schema,
            line,
        };
        Ok((Block { field, location }, q))
    }

    /// The value of a `default:` (or `Example:`) fact, on its line or the next, and the
    /// position after it.
    fn fact_value(
        &mut self,
        q: usize,
        rest: &'a str,
        what: &str,
    ) -> Result<(&'a str, usize), Problem> {
        self.mark(q);
        let rest = rest.trim();
        if !rest.is_empty() {
            return Ok((rest, q + 1));
        }
        let next = self.text(q + 1);
        if q + 1 >= self.len()
            || next.is_empty()
            || section_of(next).is_some()
            || self.is_footer(q + 1)
        {
            return Err(Problem::at(
                self.line(q),
                format!("`{what}:` is not followed by a value: the field block is cut off"),
            ));
        }
        self.mark(q + 1);
        Ok((next, q + 2))
    }

    /// An `Example:` fact: a value on its line, or a JSON value (or a plain line) after it.
    fn example(&mut self, q: usize, rest: &'a str, schema: &mut Schema) -> Result<usize, Problem> {
        let rest = rest.trim();
        if !rest.is_empty() {
            self.mark(q);
            schema.example = Some(value_for(rest, schema));
            return Ok(q + 1);
        }
        let raw = self.raw(q + 1).trim_start();
        if raw.starts_with('{') || raw.starts_with('[') {
            if let Some(last) = self.json_end(q + 1, self.len()) {
                let first = self.at[q + 1];
                let end = self.at[last];
                let text: Vec<&str> = (first..=end).map(|i| self.lines.get(i)).collect();
                schema.example = serde_json::from_str(&text.join("\n")).ok();
                self.mark(q);
                self.lines.mark_range(first, end + 1);
                return Ok(last + 1);
            }
        }
        let (value, next) = self.fact_value(q, "", "Example")?;
        schema.example = Some(value_for(value, schema));
        Ok(next)
    }

    /// `Available options: a, b`, or the options one a line, each but the last ending in `,`.
    fn options(&mut self, q: usize, rest: &str, schema: &mut Schema) -> Result<usize, Problem> {
        self.mark(q);
        let mut words: Vec<String> = Vec::new();
        let mut next = q + 1;
        let rest = rest.trim();
        let mut open = rest.is_empty() || rest.ends_with(',');
        words.extend(split_options(rest));
        while open {
            let text = self.text(next);
            if next >= self.len() || section_of(text).is_some() || self.is_footer(next) {
                return Err(Problem::at(
                    self.line(next.saturating_sub(1)),
                    "`Available options:` ends with a `,` or nothing: the list of options is cut \
                     off",
                ));
            }
            self.mark(next);
            words.extend(split_options(text));
            open = text.ends_with(',');
            next += 1;
        }
        let items = innermost(schema);
        items.enumeration = words.iter().map(|word| value_for(word, items)).collect();
        Ok(next)
    }

    /// Puts a block where its section and name say.
    fn place(&mut self, section: Section, block: Block) -> Result<(), Problem> {
        let Block { field, location } = block;
        match section {
            Section::Authorizations => {
                if let Some(at @ (Location::Query | Location::Cookie)) = location {
                    self.auth_elsewhere.push((field.name.clone(), at));
                }
                insert(&mut self.auth, field)
            }
            Section::Parameters(at) => {
                if let Some(stated) = location {
                    if stated != at {
                        return Err(Problem::at(
                            field.line,
                            format!(
                                "`{}` is marked `{}` but listed under the {} parameters",
                                field.name,
                                stated.as_str(),
                                at.as_str()
                            ),
                        ));
                    }
                }
                let list = match self.parameters.iter().position(|(known, _)| *known == at) {
                    Some(index) => index,
                    None => {
                        self.parameters.push((at, Vec::new()));
                        self.parameters.len() - 1
                    }
                };
                insert(&mut self.parameters[list].1, field)
            }
            Section::Body => {
                let body = self.body.get_or_insert_with(BodyFacts::default);
                insert(&mut body.fields, field)
            }
            Section::Response => {
                let at = self.current_response(field.line);
                insert(&mut self.responses[at].fields, field)
            }
        }
    }

    /// Turns what the sections and the sample state into the operation.
    fn finish(&mut self, operation: &mut Operation, sample: Sample) -> Result<(), Problem> {
        for field in std::mem::take(&mut self.auth) {
            // The model's credentials are headers; a key sent elsewhere stays a parameter.
            let elsewhere = self
                .auth_elsewhere
                .iter()
                .find(|(name, _)| *name == field.name)
                .map(|(_, at)| *at);
            if let Some(location) = elsewhere {
                operation.parameters.push(Parameter {
                    name: field.name,
                    location,
                    required: field.required,
                    schema: field.schema,
                    line: field.line,
                });
                continue;
            }
            let description = field.schema.description.clone();
            let bearer = description
                .as_deref()
                .is_some_and(|text| text.contains("Bearer"));
            operation.security.push(Security {
                header: field.name,
                bearer,
                description,
                line: field.line,
            });
        }

        let mut content_types: Vec<String> = Vec::new();
        for (location, fields) in std::mem::take(&mut self.parameters) {
            for field in fields {
                if location == Location::Header && field.name.eq_ignore_ascii_case("content-type") {
                    let stated = media_types_of(&field.schema);
                    if !stated.is_empty() {
                        content_types.extend(stated);
                        continue;
                    }
                }
                operation.parameters.push(Parameter {
                    name: field.name,
                    location,
                    required: field.required,
                    schema: field.schema,
                    line: field.line,
                });
            }
        }

        if !content_types.is_empty() && self.body.is_none() {
            self.body = Some(BodyFacts {
                line: operation.line,
                ..BodyFacts::default()
            });
        }
        if let Some(facts) = self.body.take() {
            let mut media_types = facts.media_types;
            for media_type in content_types {
                add_media_type(&mut media_types, &media_type);
            }
            if media_types.is_empty() {
                media_types.push("application/json".to_string());
            }
            let mut examples = Vec::new();
            if facts.top.is_none() && !facts.fields.is_empty() {
                if let Some(example) = body_example(&sample.code, &facts.fields) {
                    examples.push(example);
                }
            }
            let schema = shape(facts.top, facts.fields).unwrap_or_default();
            operation.body = Some(Body {
                media_types,
                required: facts.required,
                description: facts.description,
                schema,
                other_media: Vec::new(),
                examples,
                line: facts.line.max(operation.line),
            });
        }

        // The response example belongs to its first tab, else to the first response listed.
        if let Some(example) = sample.example {
            let status = sample
                .tabs
                .first()
                .cloned()
                .or_else(|| self.responses.first().map(|r| r.status.clone()))
                .unwrap_or_else(|| "200".to_string());
            let at = self.response(&status, operation.line);
            let response = &mut self.responses[at];
            response.examples.push(example);
            if response.media_types.is_empty() {
                response.media_types.push("application/json".to_string());
            }
        }
        for tab in sample.tabs.iter().skip(1) {
            self.response(tab, operation.line);
        }

        for facts in std::mem::take(&mut self.responses) {
            let schema = shape(facts.top, facts.fields);
            operation.responses.push(Response {
                status: facts.status,
                description: facts.description,
                headers: Vec::new(),
                media_types: facts.media_types,
                schema,
                other_media: Vec::new(),
                examples: facts.examples,
                line: facts.line,
            });
        }
        Ok(())
    }
}

/// The schema of a body or response: its stated type (`object[]` takes the fields as its
/// items'), else an object of its fields.
fn shape(top: Option<Schema>, fields: Vec<Field>) -> Option<Schema> {
    match top {
        Some(mut top) => {
            if !fields.is_empty() {
                let items = innermost(&mut top);
                if matches!(items.kind, Type::Any) {
                    items.kind = Type::Object;
                }
                items.fields = fields;
            }
            Some(top)
        }
        None if fields.is_empty() => None,
        None => Some(Schema {
            kind: Type::Object,
            fields,
            ..Schema::default()
        }),
    }
}

/// The media types a `Content-Type` header states: its options, else its default or example.
fn media_types_of(schema: &Schema) -> Vec<String> {
    let values: Vec<&Value> = if schema.enumeration.is_empty() {
        schema.default.iter().chain(&schema.example).collect()
    } else {
        schema.enumeration.iter().collect()
    };
    let mut out = Vec::new();
    for value in values {
        if let Some(text) = value.as_str() {
            add_media_type(&mut out, text);
        }
    }
    out
}

fn add_media_type(list: &mut Vec<String>, media_type: &str) {
    if !list.iter().any(|known| known == media_type) {
        list.push(media_type.to_string());
    }
}

/// Puts a field among `fields`, or under its parent when its name is `parent.child` and the
/// parent is listed. A field stated again with the same facts (a duplicated section) is kept
/// once; with other facts it is an error.
fn insert(fields: &mut Vec<Field>, field: Field) -> Result<(), Problem> {
    let segments: Vec<&str> = field
        .name
        .split('.')
        .map(|segment| segment.trim_end_matches("[]"))
        .collect();
    if let Some((last, parents)) = segments.split_last() {
        if !parents.is_empty() {
            if let Some(parent) = find(fields, parents) {
                let object = innermost(&mut parent.schema);
                match object.kind {
                    Type::Object => {}
                    Type::Any => object.kind = Type::Object,
                    _ => {
                        return Err(Problem::at(
                            field.line,
                            format!(
                                "`{}` is listed as a child of `{}`, which is not an object",
                                field.name,
                                parents.join(".")
                            ),
                        ))
                    }
                }
                let child = Field {
                    name: (*last).to_string(),
                    ..field
                };
                return push(&mut object.fields, child);
            }
        }
    }
    push(fields, field)
}

/// The field at this path of names, looking through arrays into their items.
fn find<'f>(fields: &'f mut [Field], path: &[&str]) -> Option<&'f mut Field> {
    let (first, rest) = path.split_first()?;
    let field = fields.iter_mut().find(|field| field.name == *first)?;
    if rest.is_empty() {
        return Some(field);
    }
    find(&mut innermost(&mut field.schema).fields, rest)
}

fn push(fields: &mut Vec<Field>, field: Field) -> Result<(), Problem> {
    match fields.iter().find(|known| known.name == field.name) {
        None => {
            fields.push(field);
            Ok(())
        }
        Some(known) if same_facts(known, &field) => Ok(()),
        Some(known) => Err(Problem::at(
            field.line,
            format!(
                "`{}` is stated again with other facts than at line {}",
                field.name, known.line
            ),
        )),
    }
}

/// Two statements of a field agree, leaving aside their lines and their children (which are
/// compared as they are put under it).
fn same_facts(a: &Field, b: &Field) -> bool {
    fn flat(schema: &Schema) -> Schema {
        let mut schema = schema.clone();
        schema.fields.clear();
        if let Type::Array(items) = &schema.kind {
            schema.kind = Type::Array(Box::new(flat(items)));
        }
        schema
    }
    a.name == b.name && a.required == b.required && flat(&a.schema) == flat(&b.schema)
}

/// The schema that holds an array's items' facts (the schema itself when it is no array).
fn innermost(schema: &mut Schema) -> &mut Schema {
    match schema.kind {
        Type::Array(ref mut items) => innermost(items),
        _ => schema,
    }
}

fn is_method(text: &str) -> bool {
    METHODS.contains(&text)
}

fn is_language(text: &str) -> bool {
    LANGUAGES.contains(&text) || text.ends_with("(SDK)")
}

/// A path segment line: no spaces, URL characters only, and not a sample's label.
fn is_segment(text: &str) -> bool {
    !text.is_empty()
        && text != "/"
        && !is_language(text)
        && !LAYOUT.contains(&text)
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.~{}:@$+=,;*!'()%".contains(c))
}

fn is_whole_path(text: &str) -> bool {
    text.starts_with('/')
        && text
            .split('/')
            .all(|segment| segment.is_empty() || is_segment(segment))
}

/// `:id` segments written `{id}`.
fn normal_path(path: &str) -> String {
    path.split('/')
        .map(|segment| match segment.strip_prefix(':') {
            Some(name) if !name.is_empty() => format!("{{{name}}}"),
            _ => segment.to_string(),
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// A field name line: a wire name, possibly dotted (`data.owner.id`).
fn is_name(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 200
        && section_of(text).is_none()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-.$@[]".contains(c))
}

/// `200`, `4XX`, `default`.
fn is_status(text: &str) -> bool {
    let bytes = text.as_bytes();
    text == "default"
        || (bytes.len() == 3
            && (b'1'..=b'5').contains(&bytes[0])
            && ((bytes[1].is_ascii_digit() && bytes[2].is_ascii_digit())
                || (bytes[1] == b'X' && bytes[2] == b'X')))
}

/// `200 - application/json`, or `200` alone.
fn status_heading(text: &str) -> Option<(String, Option<&str>)> {
    if is_status(text) {
        return Some((text.to_string(), None));
    }
    let (status, media_type) = text.split_once(" - ")?;
    let media_type = media_type.trim();
    (is_status(status.trim()) && is_media_type(media_type))
        .then(|| (status.trim().to_string(), Some(media_type)))
}

fn is_media_type(text: &str) -> bool {
    let Some((kind, sub)) = text.split_once('/') else {
        return false;
    };
    let token = |part: &str| {
        !part.is_empty()
            && part
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-+.*_".contains(c))
    };
    token(kind) && token(sub) && kind.chars().all(|c| c.is_ascii_lowercase() || c == '*')
}

/// `The body is of type object[].` → that type.
fn top_type(text: &str, lead: &str) -> Option<Schema> {
    let rest = text.strip_prefix(lead)?.trim();
    let rest = rest
        .strip_suffix('.')
        .unwrap_or(rest)
        .trim()
        .trim_matches('`');
    parse_type(rest)
}

/// A Mintlify type line: `string`, `integer<int32>`, `enum<string>`, `object[]`,
/// `string | null`, `file`, `any`.
fn parse_type(text: &str) -> Option<Schema> {
    let text = text.trim();
    let (text, nullable) = if let Some(rest) = text.strip_suffix("| null") {
        (rest.trim_end(), true)
    } else if let Some(rest) = text.strip_prefix("null |") {
        (rest.trim_start(), true)
    } else {
        (text, false)
    };
    let mut schema = parse_bare_type(text)?;
    schema.nullable = nullable;
    Some(schema)
}

fn parse_bare_type(text: &str) -> Option<Schema> {
    if let Some(inner) = text.strip_suffix("[]") {
        let items = parse_bare_type(inner)?;
        return Some(Schema::of(Type::Array(Box::new(items))));
    }
    let (base, format) = match text.split_once('<') {
        Some((base, rest)) => {
            let format = rest.strip_suffix('>')?;
            let plain = !format.is_empty()
                && format
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_".contains(c));
            if !plain {
                return None;
            }
            (base, Some(format))
        }
        None => (text, None),
    };
    let of = |kind: Type| Schema {
        kind,
        format: format.map(str::to_string),
        ..Schema::default()
    };
    Some(match base {
        "string" => of(Type::String),
        "integer" => of(Type::Integer),
        "number" => of(Type::Number),
        "boolean" => of(Type::Boolean),
        "object" if format.is_none() => of(Type::Object),
        "array" if format.is_none() => Schema::of(Type::Array(Box::default())),
        "any" if format.is_none() => Schema::of(Type::Any),
        "file" if format.is_none() => Schema {
            kind: Type::String,
            format: Some("binary".to_string()),
            ..Schema::default()
        },
        // `enum<string>`: the enum's values come from `Available options`.
        "enum" => match format? {
            "string" => Schema::of(Type::String),
            "integer" => Schema::of(Type::Integer),
            "number" => Schema::of(Type::Number),
            "boolean" => Schema::of(Type::Boolean),
            _ => return None,
        },
        _ => return None,
    })
}

#[derive(Debug, Clone, Copy)]
enum Badge {
    Location(Location),
    Required,
    Deprecated,
    Nullable,
    ReadOnly,
}

/// A line of badges, possibly run together (`headerrequired`).
fn badges(text: &str) -> Option<Vec<Badge>> {
    const WORDS: [(&str, Badge); 10] = [
        ("required", Badge::Required),
        ("deprecated", Badge::Deprecated),
        ("nullable", Badge::Nullable),
        ("read-only", Badge::ReadOnly),
        ("readOnly", Badge::ReadOnly),
        ("read only", Badge::ReadOnly),
        ("header", Badge::Location(Location::Header)),
        ("path", Badge::Location(Location::Path)),
        ("query", Badge::Location(Location::Query)),
        ("cookie", Badge::Location(Location::Cookie)),
    ];
    let mut rest = text.trim();
    let mut out = Vec::new();
    while !rest.is_empty() {
        let (word, badge) = WORDS.iter().find(|(word, _)| rest.starts_with(word))?;
        out.push(*badge);
        rest = rest[word.len()..].trim_start();
    }
    (!out.is_empty()).then_some(out)
}

fn split_options(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|word| !word.is_empty())
        .map(str::to_string)
        .collect()
}

/// A value as the page writes it, typed by the schema it is a value of.
fn value_for(text: &str, schema: &Schema) -> Value {
    let text = text.trim();
    let parsed = serde_json::from_str::<Value>(text).ok();
    match (&schema.kind, parsed) {
        (Type::Integer | Type::Number, Some(Value::Number(number))) => Value::Number(number),
        (Type::Boolean, Some(Value::Bool(flag))) => Value::Bool(flag),
        (Type::String, Some(Value::String(quoted))) => Value::String(quoted),
        (Type::String, _) => Value::String(text.to_string()),
        (Type::Array(_) | Type::Object | Type::Any | Type::Named(_), Some(value)) => value,
        (_, Some(Value::Null)) if schema.nullable => Value::Null,
        _ => Value::String(text.to_string()),
    }
}

/// `1 <= x <= 100`, `x >= 1`, `x <= 100`: inclusive bounds. An exclusive bound (`<`) is not
/// read (the model holds no exclusive bounds), so the line stays unread.
fn range(text: &str, schema: &mut Schema) -> bool {
    let text = text.trim();
    let number = |word: &str| serde_json::from_str::<Number>(word.trim()).ok();
    let parts: Vec<&str> = text.split("<=").map(str::trim).collect();
    match parts.as_slice() {
        [low, "x", high] => match (number(low), number(high)) {
            (Some(low), Some(high)) => {
                schema.minimum = Some(Value::Number(low));
                schema.maximum = Some(Value::Number(high));
                true
            }
            _ => false,
        },
        ["x", high] => number(high).is_some_and(|high| {
            schema.maximum = Some(Value::Number(high));
            true
        }),
        [low, "x"] => number(low).is_some_and(|low| {
            schema.minimum = Some(Value::Number(low));
            true
        }),
        [single] => match single.split_once(">=").map(|(x, low)| (x.trim(), low)) {
            Some(("x", low)) => number(low).is_some_and(|low| {
                schema.minimum = Some(Value::Number(low));
                true
            }),
            _ => false,
        },
        _ => false,
    }
}

/// `1 - 255`.
fn string_length(text: &str, schema: &mut Schema) -> bool {
    let Some((low, high)) = text.split_once('-') else {
        return false;
    };
    match (low.trim().parse(), high.trim().parse()) {
        (Ok(low), Ok(high)) => {
            schema.min_length = Some(low);
            schema.max_length = Some(high);
            true
        }
        _ => false,
    }
}

/// The request body's literal in a sample's code: the first object literal (JS/TS, JSON, a
/// Python dict) whose keys are all body fields and include every required one.
fn body_example(code: &str, fields: &[Field]) -> Option<Value> {
    let mut literal = Literal::new(code);
    let opening: Vec<usize> = (0..literal.chars.len())
        .filter(|&at| literal.chars[at] == '{')
        .collect();
    opening.into_iter().find_map(|at| {
        literal.at = at;
        let Value::Object(map) = literal.value()? else {
            return None;
        };
        let known = !map.is_empty()
            && map.keys().all(|key| fields.iter().any(|f| &f.name == key))
            && fields
                .iter()
                .filter(|field| field.required)
                .all(|field| map.contains_key(&field.name));
        known.then_some(Value::Object(map))
    })
}

/// A reader of JavaScript-style literals: unquoted keys, trailing commas, single-, double- or
/// back-quoted strings, `new Date("…")`, `//` comments; Python's `True`, `False`, `None`.
struct Literal {
    chars: Vec<char>,
    at: usize,
}

impl Literal {
    fn new(text: &str) -> Literal {
        Literal {
            chars: text.chars().collect(),
            at: 0,
        }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn skip_space(&mut self) {
        loop {
            match self.peek() {
                Some(c) if c.is_whitespace() => self.at += 1,
                Some('/') if self.chars.get(self.at + 1) == Some(&'/') => {
                    while self.peek().is_some_and(|c| c != '\n') {
                        self.at += 1;
                    }
                }
                _ => return,
            }
        }
    }

    fn eat(&mut self, expected: char) -> Option<()> {
        self.skip_space();
        (self.peek() == Some(expected)).then(|| self.at += 1)
    }

    fn value(&mut self) -> Option<Value> {
        self.skip_space();
        match self.peek()? {
            '{' => self.object(),
            '[' => self.array(),
            '"' | '\'' | '`' => self.string().map(Value::String),
            c if c == '-' || c.is_ascii_digit() => self.number(),
            c if c.is_alphabetic() || c == '_' => {
                let word = self.word();
                match word.as_str() {
                    "true" | "True" => Some(Value::Bool(true)),
                    "false" | "False" => Some(Value::Bool(false)),
                    "null" | "None" => Some(Value::Null),
                    "new" => {
                        self.skip_space();
                        if self.word() != "Date" {
                            return None;
                        }
                        self.eat('(')?;
                        self.skip_space();
                        let text = self.string()?;
                        self.eat(')')?;
                        Some(Value::String(text))
                    }
                    _ => None,
                }
            }
            _ => None,
        }
    }

    fn word(&mut self) -> String {
        let start = self.at;
        while self
            .peek()
            .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$')
        {
            self.at += 1;
        }
        self.chars[start..self.at].iter().collect()
    }

    fn object(&mut self) -> Option<Value> {
        self.eat('{')?;
        let mut map = Map::new();
        loop {
            self.skip_space();
            if self.peek() == Some('}') {
                self.at += 1;
                return Some(Value::Object(map));
            }
            let key = match self.peek()? {
                '"' | '\'' => self.string()?,
                c if c.is_alphanumeric() || c == '_' || c == '$' => self.word(),
                _ => return None,
            };
            self.eat(':')?;
            let value = self.value()?;
            map.insert(key, value);
            self.skip_space();
            match self.peek()? {
                ',' => self.at += 1,
                '}' => {}
                _ => return None,
            }
        }
    }

    fn array(&mut self) -> Option<Value> {
        self.eat('[')?;
        let mut items = Vec::new();
        loop {
            self.skip_space();
            if self.peek() == Some(']') {
                self.at += 1;
                return Some(Value::Array(items));
            }
            items.push(self.value()?);
            self.skip_space();
            match self.peek()? {
                ',' => self.at += 1,
                ']' => {}
                _ => return None,
            }
        }
    }

    fn string(&mut self) -> Option<String> {
        let quote = self.peek()?;
        self.at += 1;
        let mut out = String::new();
        loop {
            let c = self.peek()?;
            self.at += 1;
            match c {
                '\\' => {
                    let escaped = self.peek()?;
                    self.at += 1;
                    out.push(match escaped {
                        'n' => '\n',
                        't' => '\t',
                        'r' => '\r',
                        'u' => {
                            let hex: String =
                                self.chars.get(self.at..self.at + 4)?.iter().collect();
                            self.at += 4;
                            char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?
                        }
                        other => other,
                    });
                }
                '$' if quote == '`' && self.peek() == Some('{') => return None,
                c if c == quote => return Some(out),
                c => out.push(c),
            }
        }
    }

    fn number(&mut self) -> Option<Value> {
        let start = self.at;
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_digit() || "-+.eE_".contains(c))
        {
            self.at += 1;
        }
        let text: String = self.chars[start..self.at]
            .iter()
            .filter(|&&c| c != '_')
            .collect();
        if self.peek() == Some('n') {
            // A BigInt literal.
            self.at += 1;
        }
        serde_json::from_str::<Number>(&text)
            .ok()
            .map(Value::Number)
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use serde_json::json;

    use super::*;

    const SEED: &str = include_str!("../../specs/pages/authlete/client-authorization-update.txt");

    fn seed() -> Page {
        read(SEED).expect("the seed reads")
    }

    fn operation(page: &Page) -> &Operation {
        page.operations.first().expect("one operation")
    }

    fn field<'f>(fields: &'f [Field], name: &str) -> &'f Field {
        fields
            .iter()
            .find(|field| field.name == name)
            .unwrap_or_else(|| panic!("no field `{name}` in {fields:#?}"))
    }

    fn problem(text: &str) -> Problem {
        read(text).expect_err("the page is malformed")
    }

    /// A page around `sections`, with a split path and a curl sample.
    fn page(sections: &str) -> String {
        format!(
            "POST\n/\nv1\n/\nthings\ncURL\ncurl --request POST \\\n  --url https://api.example.com/v1/things\n\n{sections}"
        )
    }

    #[test]
    fn the_seed_is_one_post_with_its_split_path() {
        let page = seed();
        let operation = operation(&page);
        assert_eq!(operation.method, "post");
        assert_eq!(
            operation.path,
            "/api/{serviceId}/client/authorization/update/{clientId}"
        );
        assert_eq!(operation.line, 2);
        assert_eq!(operation.summary, None, "the seed shows no title");
        assert_eq!(operation.description, None);
    }

    #[test]
    fn the_seeds_authorization_header_is_bearer_security() {
        let page = seed();
        let operation = operation(&page);
        assert_eq!(operation.security.len(), 1);
        let security = &operation.security[0];
        assert_eq!(security.header, "Authorization");
        assert!(security.bearer);
        let description = security.description.as_deref().unwrap_or("");
        assert!(description.starts_with("Authenticate every request with a Service Access Token"));
        assert!(
            description.contains("Authorization: Bearer <token> header.\n\nService Access Token:")
        );
        assert!(description.ends_with("issued by the Authlete console or provisioning APIs."));
        assert_eq!(description.matches("\n\n").count(), 3, "four paragraphs");
        assert!(
            operation
                .parameters
                .iter()
                .all(|p| p.name != "Authorization"),
            "Authorization is no parameter"
        );
    }

    #[test]
    fn the_seeds_path_parameters_are_required_strings() {
        let page = seed();
        let parameters = &operation(&page).parameters;
        let found: Vec<(&str, Location, bool, &Type, Option<&str>)> = parameters
            .iter()
            .map(|p| {
                (
                    p.name.as_str(),
                    p.location,
                    p.required,
                    &p.schema.kind,
                    p.schema.description.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                (
                    "serviceId",
                    Location::Path,
                    true,
                    &Type::String,
                    Some("A service ID.")
                ),
                (
                    "clientId",
                    Location::Path,
                    true,
                    &Type::String,
                    Some("A client ID.")
                ),
            ]
        );
    }

    #[test]
    fn the_seeds_body_has_its_fields_and_the_sdk_literal_as_example() {
        let page = seed();
        let body = operation(&page).body.as_ref().expect("a body");
        assert_eq!(body.media_types, ["application/json"]);
        assert!(!body.required, "the page does not say the body is required");
        assert_eq!(body.schema.kind, Type::Object);
        assert_eq!(body.schema.fields.len(), 2);

        let subject = field(&body.schema.fields, "subject");
        assert!(subject.required);
        assert_eq!(subject.schema.kind, Type::String);
        assert!(!subject.schema.nullable);
        assert_eq!(
            subject.schema.description.as_deref(),
            Some(
                "The subject (= unique identifier) of the end-user who has granted authorization \
                 to the client application."
            )
        );

        let scopes = field(&body.schema.fields, "scopes");
        assert!(!scopes.required);
        assert_eq!(
            scopes.schema.kind,
            Type::Array(Box::new(Schema::of(Type::String)))
        );
        let description = scopes.schema.description.as_deref().unwrap_or("");
        assert!(description.starts_with("An array of new scopes. Optional."));
        assert!(description.ends_with("(after form encoding, spaces are converted to +)."));

        assert_eq!(
            body.examples,
            [json!({ "subject": "john", "scopes": ["history.read"] })]
        );
    }

    #[test]
    fn the_seeds_response_is_a_200_with_its_fields_and_example() {
        let page = seed();
        let responses = &operation(&page).responses;
        assert_eq!(responses.len(), 1);
        let response = &responses[0];
        assert_eq!(response.status, "200");
        assert_eq!(response.description, None);
        assert_eq!(response.media_types, ["application/json"]);
        let schema = response.schema.as_ref().expect("a response body");
        let names: Vec<&str> = schema.fields.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["resultCode", "resultMessage"]);
        for field in &schema.fields {
            assert!(!field.required);
            assert_eq!(field.schema.kind, Type::String);
        }
        assert_eq!(
            field(&schema.fields, "resultCode")
                .schema
                .description
                .as_deref(),
            Some("The code which represents the result of the API call.")
        );
        assert_eq!(
            response.examples,
            [json!({
                "resultCode": "A138001",
                "resultMessage": "[A138001] Updated 1 access token(s) issued to the client (ID = 26478243745571) of the service (API Key = 21653835348762)."
            })]
        );
    }

    #[test]
    fn every_line_of_the_seed_is_read() {
        let page = seed();
        assert_eq!(page.unread, []);
        assert_eq!(page.lines, 70);
        assert!(page.types.is_empty(), "the page names no types");
    }

    #[test]
    fn only_the_mintlify_seed_is_detected() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
        let mut seen = 0;
        for entry in std::fs::read_dir(&dir).expect("the shared seeds") {
            let path = entry.expect("a seed").path();
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if !name.ends_with(".txt") {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("a seed's text");
            assert_eq!(detect(&text), name.starts_with("003_"), "{name}");
            seen += 1;
        }
        assert_eq!(seen, 5);
        assert!(detect(SEED));
    }

    #[test]
    fn a_page_without_a_method_is_an_error() {
        let found = problem("Update a token\n\nBody\n\nname\nstring\n");
        assert_eq!(found.line, 1);
        assert!(
            found.message.contains("expected the HTTP method"),
            "{}",
            found.message
        );
    }

    #[test]
    fn a_path_that_is_no_path_is_an_error() {
        let found = problem("GET\n/v1/some things\n");
        assert_eq!(found.line, 2);
        assert!(
            found.message.contains("expected the path after `GET`"),
            "{}",
            found.message
        );
    }

    #[test]
    fn a_default_cut_off_at_the_end_is_an_error() {
        let found = problem(&page("Query Parameters\n\nlimit\ninteger\ndefault:\n"));
        assert_eq!(found.line, 14);
        assert!(
            found
                .message
                .contains("`default:` is not followed by a value"),
            "{}",
            found.message
        );
    }

    #[test]
    fn options_cut_off_at_the_end_are_an_error() {
        let found = problem(&page(
            "Query Parameters\n\norder\nenum<string>\n\nAvailable options:\nasc,\n",
        ));
        assert!(
            found.message.contains("list of options is cut off"),
            "{}",
            found.message
        );
        assert_eq!(found.line, 16);
    }

    #[test]
    fn children_cut_off_are_an_error() {
        let found = problem(&page(
            "Response\n\n200 - application/json\n\ndata\nobject\n\nShow child attributes\n",
        ));
        assert_eq!(found.line, 17);
        assert!(
            found.message.contains("`data` shows child attributes"),
            "{}",
            found.message
        );
    }

    #[test]
    fn children_left_out_of_the_text_leave_their_toggle_unread() {
        // A sibling after the toggle is no child: the children are not on the page.
        let page = read(&page(
            "Body\n\nowner\nobject\n\nShow child attributes\n\nname\nstring\n",
        ))
        .expect("reads");
        let body = operation(&page).body.as_ref().expect("a body");
        let names: Vec<&str> = body.schema.fields.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["owner", "name"]);
        let unread: Vec<(usize, &str)> = page
            .unread
            .iter()
            .map(|u| (u.line, u.text.as_str()))
            .collect();
        assert_eq!(unread, [(15, "Show child attributes")]);
    }

    #[test]
    fn a_section_cut_off_after_its_heading_is_an_error() {
        let found = problem(&page(
            "Path Parameters\n\nid\nstring\nrequired\n\nResponse\n\n",
        ));
        assert_eq!(found.line, 16);
        assert!(
            found.message.contains("ends after the `Response` heading"),
            "{}",
            found.message
        );
    }

    #[test]
    fn a_response_example_that_does_not_close_is_an_error() {
        let text = "GET\n/v1/things\ncURL\ncurl https://api.example.com/v1/things\n200\n{\n  \"id\": 1,\n\nResponse\n\nid\ninteger\n";
        let found = problem(text);
        assert_eq!(found.line, 6);
        assert!(
            found.message.contains("response example"),
            "{}",
            found.message
        );
    }

    #[test]
    fn a_location_badge_against_its_section_is_an_error() {
        let found = problem(&page("Path Parameters\n\nid\nstring\nquery\nrequired\n"));
        assert_eq!(found.line, 12);
        assert!(
            found
                .message
                .contains("marked `query` but listed under the path"),
            "{}",
            found.message
        );
    }

    #[test]
    fn a_field_stated_twice_differently_is_an_error() {
        let found = problem(&page(
            "Body\n\nname\nstring\nrequired\n\nBody\n\nname\ninteger\nrequired\n",
        ));
        assert_eq!(found.line, 18);
        assert!(
            found
                .message
                .contains("stated again with other facts than at line 12"),
            "{}",
            found.message
        );
    }

    #[test]
    fn a_child_of_a_string_is_an_error() {
        let found = problem(&page("Body\n\nname\nstring\n\nname.first\nstring\n"));
        assert!(found.message.contains("not an object"), "{}", found.message);
    }

    #[test]
    fn no_cut_of_a_page_panics() {
        let fixtures = [
            SEED,
            include_str!("../../tests/fixtures/pages/mintlify/create-payment.txt"),
            include_str!("../../tests/fixtures/pages/mintlify/list-invoices.txt"),
            include_str!("../../tests/fixtures/pages/mintlify/update-user.txt"),
        ];
        for text in fixtures {
            let lines: Vec<&str> = text.lines().collect();
            for end in 0..=lines.len() {
                let cut = lines[..end].join("\n");
                let _ = read(&cut);
                let _ = detect(&cut);
                let cut = &text[..text
                    .char_indices()
                    .nth(end * 7)
                    .map_or(text.len(), |(at, _)| at)];
                let _ = read(cut);
            }
        }
    }

    #[test]
    fn a_method_line_with_a_colon_path_and_run_together_badges() {
        let text = "GET /v1/things/:thing_id/parts\n\nAuthorizations\n\nAuthorization\nstring\nheaderrequired\n\nBearer authentication header of the form Bearer <token>, where <token> is your auth token.\n\nPath Parameters\n\nthing_id\nstring\npathrequired\n";
        assert!(detect(text));
        let page = read(text).expect("reads");
        let operation = operation(&page);
        assert_eq!(operation.method, "get");
        assert_eq!(operation.path, "/v1/things/{thing_id}/parts");
        assert!(operation.security[0].bearer);
        assert_eq!(operation.parameters[0].name, "thing_id");
        assert!(operation.parameters[0].required);
        assert_eq!(page.unread, []);
        assert_eq!(operation.body, None, "a GET without a body");
    }

    #[test]
    fn a_curl_data_literal_is_the_body_example() {
        let text = "POST\n/\nv1\n/\nthings\ncURL\ncurl --request POST \\\n  --url https://api.example.com/v1/things \\\n  --header 'Content-Type: application/json' \\\n  --data '{\n  \"name\": \"bolt\",\n  \"size\": 8\n}'\n\nBody\n\napplication/json\n\nname\nstring\nrequired\n\nsize\ninteger\n";
        let page = read(text).expect("reads");
        let body = operation(&page).body.as_ref().expect("a body");
        assert_eq!(body.examples, [json!({ "name": "bolt", "size": 8 })]);
        assert_eq!(page.unread, []);
    }

    #[test]
    fn an_sdk_literal_without_the_required_fields_is_no_example() {
        let text = "POST\n/v1/things\nTypescript (SDK)\nawait sdk.things.create({ size: 8 });\n\nBody\n\nname\nstring\nrequired\n\nsize\ninteger\n";
        let page = read(text).expect("reads");
        assert_eq!(
            operation(&page).body.as_ref().map(|b| b.examples.len()),
            Some(0)
        );
        assert_eq!(page.unread, [], "the sample's lines are still the sample");
    }

    #[test]
    fn status_tabs_each_become_a_response_and_the_example_goes_to_the_first() {
        let text = "GET\n/v1/things\ncURL\ncurl https://api.example.com/v1/things\n200\n404\n{\n  \"id\": 1\n}\n\nResponse\n\n200\napplication/json\n\nid\ninteger\n";
        let page = read(text).expect("reads");
        let responses = &operation(&page).responses;
        let statuses: Vec<&str> = responses.iter().map(|r| r.status.as_str()).collect();
        assert_eq!(statuses, ["200", "404"]);
        assert_eq!(responses[0].examples, [json!({ "id": 1 })]);
        assert_eq!(responses[0].media_types, ["application/json"]);
        assert_eq!(responses[1].schema, None);
        assert_eq!(page.unread, []);
    }

    #[test]
    fn a_duplicated_section_is_read_once() {
        let section = "Path Parameters\n\nid\nstring\nrequired\n\nThe thing's ID.\n\n";
        let page = read(&page(&format!("{section}{section}Loading...\n"))).expect("reads");
        assert_eq!(operation(&page).parameters.len(), 1);
        assert_eq!(page.unread, []);
    }

    #[test]
    fn a_content_type_header_is_the_bodys_media_types() {
        let text = page(
            "Headers\n\nContent-Type\nenum<string>\nrequired\n\nAvailable options: application/json, application/x-www-form-urlencoded\n\nBody\n\napplication/json\n\nname\nstring\n",
        );
        let page = read(&text).expect("reads");
        let operation = operation(&page);
        assert!(
            operation.parameters.is_empty(),
            "{:?}",
            operation.parameters
        );
        let body = operation.body.as_ref().expect("a body");
        assert_eq!(
            body.media_types,
            ["application/json", "application/x-www-form-urlencoded"]
        );
    }

    #[test]
    fn field_facts_in_their_variants() {
        let text = page(
            "Query Parameters\n\n\
             sort\nenum<string> | null\ndefault:\nname\n\nAvailable options:\nname,\ncreated\n\
             kind\nnull | string\n\nAllowed value: \"part\"\n\
             tags\nstring[]\nMaximum length: 20\nExample: [\"a\"]\n\
             size\nnumber<float>\nRequired range: 0 < x\n",
        );
        let page = read(&text).expect("reads");
        let parameters = &operation(&page).parameters;
        let sort = &parameters[0].schema;
        assert_eq!(sort.kind, Type::String);
        assert!(sort.nullable);
        assert_eq!(sort.default, Some(json!("name")));
        assert_eq!(sort.enumeration, [json!("name"), json!("created")]);
        let kind = &parameters[1].schema;
        assert!(kind.nullable);
        assert_eq!(kind.enumeration, [json!("part")]);
        let tags = &parameters[2].schema;
        assert_eq!(tags.example, Some(json!(["a"])));
        match &tags.kind {
            Type::Array(items) => assert_eq!(items.max_length, Some(20)),
            other => panic!("tags is {other:?}"),
        }
        let size = &parameters[3].schema;
        assert_eq!(size.format.as_deref(), Some("float"));
        assert_eq!(size.minimum, None, "an exclusive bound is not read");
        let unread: Vec<&str> = page.unread.iter().map(|u| u.text.as_str()).collect();
        assert_eq!(unread, ["Required range: 0 < x"]);
    }

    #[test]
    fn object_literals_read_as_js_writes_them() {
        let literal = |text: &str| Literal::new(text).value();
        assert_eq!(
            literal("{ a: 'x', \"b\": [1, 2.5, -3,], c: { d: true, }, e: null, // note\n f: new Date(\"2024-01-01T00:00:00Z\") }"),
            Some(json!({ "a": "x", "b": [1, 2.5, -3], "c": { "d": true }, "e": null, "f": "2024-01-01T00:00:00Z" }))
        );
        assert_eq!(literal("{ a: process.env[\"X\"] }"), None);
        assert_eq!(literal("{ a: `x${y}` }"), None);
        assert_eq!(
            literal("{ \"a\": True, \"b\": None }"),
            Some(json!({ "a": true, "b": null }))
        );
        assert_eq!(literal("{ a: 1"), None);
    }

    #[test]
    fn mintlifys_curl_with_the_data_on_lines_of_its_own() {
        let text = "POST\n/\nv1\n/\nthings\ncURL\ncurl --request POST \\\n  --url https://api.example.com/v1/things \\\n  --header 'Content-Type: application/json' \\\n  --data '\n{\n  \"name\": \"bolt\"\n}\n'\n200\n{\n  \"id\": \"th_1\"\n}\n\nBody\n\napplication/json\n\nname\nstring\nrequired\n\nResponse\n\n200 - application/json\n\nid\nstring\n";
        let page = read(text).expect("reads");
        let operation = operation(&page);
        let body = operation.body.as_ref().expect("a body");
        assert_eq!(body.examples, [json!({ "name": "bolt" })]);
        assert_eq!(operation.responses[0].examples, [json!({ "id": "th_1" })]);
        assert_eq!(page.unread, []);
    }

    #[test]
    fn an_api_key_in_the_query_stays_a_parameter() {
        let text = page("Authorizations\n\napi_key\nstring\nquery\nrequired\n\nYour API key.\n");
        let page = read(&text).expect("reads");
        let operation = operation(&page);
        assert!(operation.security.is_empty());
        assert_eq!(operation.parameters[0].name, "api_key");
        assert_eq!(operation.parameters[0].location, Location::Query);
        assert!(operation.parameters[0].required);
    }
}
