//! Markdoc endpoint pages (seed 000, fimidara's REST API docs).
//!
//! ```text
//! ---
//! title: Update Client Assigned Token Endpoint
//! description: Update client assigned token endpoint.
//! ---
//! # {% $markdoc.frontmatter.title %}
//! ## `/v1/clientAssignedTokens/updateToken` — `post`
//! **Request Parameter Pathnames** — No extra pathnames present      (or a table)
//! **Request Queries** — No queries present                          (or a table)
//! **Request Headers**                                               a table
//! **Request Body Type** — `application/json`                        named tables
//! **4XX or 5XX  —  Response Headers**                               a table
//! **4XX or 5XX  —  Response Body Type** — `application/json`        named tables
//! ```
//!
//! A body section is a list of tables, each after a line naming its type (`` `Agent` ``); the
//! first is the body's type. A field typed `object` (or `array` of `object`) says "See below
//! for `X`'s object fields": `X` is a table further down. With no name (`See below for 's`),
//! the next table without a name line holds the fields of that inline object. Tables with a
//! `Required` column say it per field; response tables have none, and there a field is required
//! unless its type admits `undefined`. A request header `Authorization` is the credentials
//! (a security scheme), `Content-Type` the body's media type.
//!
//! A description cell ends with the field's allowed values and default, where it has them:
//! "Possible values: `a`, `b`." and "Default: `x`.". A value of one of several types is typed
//! `string or object`, and says "See below for …" once for each of its objects, in order; a body
//! section whose own table has no name and is followed by more unnamed tables no field points to
//! is a body of one of those objects. A body section without a table is text (`text/*`) or
//! bytes (other media that are not JSON).

use serde_json::Value;

use super::lines::Lines;
use super::page::Problem;
use super::page::{Body, Field, Location, MediaSchema, NamedType, Operation, Page, Parameter};
use super::page::{Response, Schema, Security, Type};

/// A Markdoc endpoint page starts with frontmatter and renders its title from it.
pub fn detect(text: &str) -> bool {
    text.trim_start().starts_with("---") && text.contains("{% $markdoc.frontmatter")
}

/// Reads a Markdoc endpoint page.
pub fn read(text: &str) -> Result<Page, Problem> {
    let mut reader = Reader {
        lines: Lines::new(text),
        page: Page::default(),
        operation: None,
        section: Section::None,
        sections: 0,
        pending_name: None,
        tables: Vec::new(),
        anonymous: Vec::new(),
        content_type: None,
        request_bodies: Vec::new(),
        responses: Vec::new(),
    };
    reader.read()?;
    reader.finish()
}

/// Which part of the page the reader is in.
#[derive(Debug, Clone, PartialEq)]
enum Section {
    None,
    Parameters(Location),
    RequestHeaders,
    RequestBody,
    ResponseHeaders(Vec<String>),
    ResponseBody(Vec<String>),
}

/// A table of fields under a type name (or, without one, an inline object's fields).
#[derive(Debug)]
struct Table {
    name: Option<String>,
    line: usize,
    /// Which body section it is in (request body, or one response's).
    section: usize,
    rows: Vec<Row>,
    /// For a body's own table without a name: the tables of the other objects the body may be
    /// (the next tables without a name that no field points to).
    alternatives: Vec<usize>,
}

#[derive(Debug)]
struct Row {
    field: Field,
    /// Each "See below for `X`'s object fields": `X`; an inline object's: the empty string.
    /// A field of one of several types says it once for each of its objects, in order.
    references: Vec<String>,
    /// For each reference to an inline object: the table that holds its fields, once found.
    inline: Vec<Option<usize>>,
    /// For an array of objects: the description the cell gives its items' object.
    items_description: Option<String>,
}

struct Reader<'a> {
    lines: Lines<'a>,
    page: Page,
    operation: Option<Operation>,
    section: Section,
    sections: usize,
    pending_name: Option<(String, usize)>,
    tables: Vec<Table>,
    /// References (table, row, reference) to inline objects whose table has not come yet, in
    /// page order.
    anonymous: Vec<(usize, usize, usize)>,
    content_type: Option<Field>,
    /// The request body's sections: one, or one per schema when its media types have
    /// different schemas.
    request_bodies: Vec<BodySection>,
    /// Responses by status, each with its body's sections.
    responses: Vec<(Response, Vec<BodySection>)>,
}

/// One `… Body Type` line and the tables under it: the media types it names, the type it
/// states after them (`` — `string` ``, for a body without a table), and the number of its
/// section, whose first table is the body's own.
#[derive(Debug, Clone)]
struct BodySection {
    media: Vec<String>,
    stated: Option<Schema>,
    section: usize,
    line: usize,
}

impl Reader<'_> {
    fn read(&mut self) -> Result<(), Problem> {
        let mut at = self.frontmatter()?;
        while at < self.lines.len() {
            let line = self.lines.get(at).trim();
            if line.is_empty() {
                at += 1;
                continue;
            }
            if line.starts_with('|') {
                at = self.table(at)?;
                continue;
            }
            self.line(at, line)?;
            at += 1;
        }
        Ok(())
    }

    /// The frontmatter: `title:` and `description:` between `---` lines.
    fn frontmatter(&mut self) -> Result<usize, Problem> {
        let Some(first) = self.lines.next_text(0) else {
            return Ok(0);
        };
        if self.lines.get(first).trim() != "---" {
            return Ok(first);
        }
        self.lines.mark(first);
        let mut at = first + 1;
        loop {
            if at >= self.lines.len() {
                return Err(Problem::at(
                    first + 1,
                    "the frontmatter opened here is not closed by a `---` line",
                ));
            }
            let line = self.lines.get(at).trim();
            if line == "---" {
                self.lines.mark(at);
                return Ok(at + 1);
            }
            if let Some((key, value)) = line.split_once(':') {
                let value = unquote(value.trim());
                match key.trim() {
                    "title" => {
                        self.page.title = Some(value);
                        self.lines.mark(at);
                    }
                    "description" => {
                        self.page.description = Some(value);
                        self.lines.mark(at);
                    }
                    _ => {}
                }
            }
            at += 1;
        }
    }

    fn line(&mut self, at: usize, line: &str) -> Result<(), Problem> {
        if let Some(title) = line.strip_prefix("# ") {
            if title.contains("markdoc.frontmatter.title") || self.page.title.is_none() {
                if !title.contains("{%") {
                    self.page.title = Some(title.trim().to_string());
                }
                self.lines.mark(at);
            }
            return Ok(());
        }
        if let Some(heading) = line.strip_prefix("## ") {
            if let Some((path, method)) = endpoint(heading) {
                if self.operation.is_some() {
                    return Err(Problem::at(
                        at + 1,
                        "a second endpoint heading: a Markdoc page documents one endpoint",
                    ));
                }
                self.operation = Some(Operation {
                    method,
                    path,
                    line: at + 1,
                    summary: self.page.title.clone(),
                    description: self.page.description.clone(),
                    ..Operation::default()
                });
                self.lines.mark(at);
            }
            return Ok(());
        }
        if line.starts_with("**") {
            return self.label(at, line);
        }
        if let Some(name) = code_only(line) {
            self.pending_name = Some((name.to_string(), at));
            self.lines.mark(at);
        }
        Ok(())
    }

    /// A bold section label, with what follows it on the line.
    fn label(&mut self, at: usize, line: &str) -> Result<(), Problem> {
        let Some((label, rest)) = line[2..].split_once("**") else {
            return Ok(());
        };
        let label = normalise_spaces(label);
        let rest = rest.trim().trim_start_matches('—').trim();
        let none_present = rest.starts_with("No ") && rest.ends_with("present");
        let (statuses, label) = match label.split_once(" — ") {
            Some((statuses, label)) => (Some(statuses_of(statuses)), label.to_string()),
            None => (None, label),
        };
        let section = match (label.as_str(), statuses) {
            ("Request Parameter Pathnames", None) => Section::Parameters(Location::Path),
            ("Request Queries", None) => Section::Parameters(Location::Query),
            ("Request Cookies", None) => Section::Parameters(Location::Cookie),
            ("Request Headers", None) => Section::RequestHeaders,
            ("Request Body Type", None) => {
                let body = self.body_section(rest, at);
                if let Some(media) = given_twice(&self.request_bodies, &body) {
                    return Err(Problem::at(
                        at + 1,
                        format!("the request body is given a second type for `{media}`"),
                    ));
                }
                self.request_bodies.push(body);
                Section::RequestBody
            }
            ("Response Headers", Some(statuses)) => {
                for status in &statuses {
                    self.response(status, at);
                }
                Section::ResponseHeaders(statuses)
            }
            ("Response Body Type", Some(statuses)) => {
                let body = self.body_section(rest, at);
                for status in &statuses {
                    let (_, bodies) = self.response(status, at);
                    if let Some(media) = given_twice(bodies, &body) {
                        return Err(Problem::at(
                            at + 1,
                            format!("the {status} response is given a second type for `{media}`"),
                        ));
                    }
                    bodies.push(body.clone());
                }
                Section::ResponseBody(statuses)
            }
            ("Response Body", Some(statuses)) if none_present => {
                for status in &statuses {
                    self.response(status, at);
                }
                Section::None
            }
            _ => return Ok(()),
        };
        if matches!(
            section,
            Section::Parameters(_) | Section::RequestHeaders | Section::ResponseHeaders(_)
        ) && !rest.is_empty()
            && !none_present
        {
            return Ok(());
        }
        if self.operation.is_none() {
            return Err(Problem::at(
                at + 1,
                format!("`{label}` before the endpoint heading (## `/path` — `method`)"),
            ));
        }
        self.section = section;
        self.pending_name = None;
        self.lines.mark(at);
        Ok(())
    }

    /// A new body section from what follows its label: `` `text/csv` `` or
    /// `` `text/csv` — `string` ``.
    fn body_section(&mut self, rest: &str, at: usize) -> BodySection {
        self.sections += 1;
        let (media, stated) = match rest.split_once(" — ") {
            Some((media, ty)) => {
                let mut schema = written_type(ty).schema;
                open_objects(&mut schema);
                (media_types(media), Some(schema))
            }
            None => (media_types(rest), None),
        };
        BodySection {
            media,
            stated,
            section: self.sections,
            line: at + 1,
        }
    }

    /// The response of `status`, with its body sections so far.
    fn response(&mut self, status: &str, at: usize) -> &mut (Response, Vec<BodySection>) {
        let index = match self.responses.iter().position(|(r, _)| r.status == status) {
            Some(index) => index,
            None => {
                self.responses.push((
                    Response {
                        status: status.to_string(),
                        description: None,
                        headers: Vec::new(),
                        media_types: Vec::new(),
                        schema: None,
                        other_media: Vec::new(),
                        examples: Vec::new(),
                        line: at + 1,
                    },
                    Vec::new(),
                ));
                self.responses.len() - 1
            }
        };
        &mut self.responses[index]
    }

    /// A markdown table from line `start`; returns the line after it.
    fn table(&mut self, start: usize) -> Result<usize, Problem> {
        let header = cells(self.lines.get(start));
        let columns = Columns::of(&header).ok_or_else(|| {
            Problem::at(
                start + 1,
                format!(
                    "a table whose header is not `| Field | Type | … |`: found `{}`",
                    self.lines.get(start).trim()
                ),
            )
        })?;
        self.lines.mark(start);
        let mut at = start + 1;
        if is_separator(self.lines.get(at)) {
            self.lines.mark(at);
            at += 1;
        }
        let response_table = !columns.has_required;
        let mut rows = Vec::new();
        while at < self.lines.len() && self.lines.get(at).trim().starts_with('|') {
            let row = cells(self.lines.get(at));
            if row.len() < header.len() {
                return Err(Problem::at(
                    at + 1,
                    format!(
                        "a table row with {} cells where the header has {}: `{}`",
                        row.len(),
                        header.len(),
                        self.lines.get(at).trim()
                    ),
                ));
            }
            if let Some(parsed) = columns.row(&row, response_table, at + 1) {
                rows.push(parsed);
                self.lines.mark(at);
            }
            at += 1;
        }
        self.place(start, rows)?;
        Ok(at)
    }

    /// Puts a table's rows where the section it is in says.
    fn place(&mut self, start: usize, rows: Vec<Row>) -> Result<(), Problem> {
        let section = self.section.clone();
        let Some(operation) = self.operation.as_mut() else {
            return Err(Problem::at(
                start + 1,
                "a table before the endpoint heading (## `/path` — `method`)",
            ));
        };
        match section {
            Section::None => Err(Problem::at(
                start + 1,
                "a table outside any section (no `**Request …**` or `**… Response …**` label above it)",
            )),
            Section::Parameters(location) => {
                for row in rows {
                    operation.parameters.push(Parameter {
                        name: row.field.name,
                        location,
                        required: row.field.required,
                        schema: row.field.schema,
                        line: row.field.line,
                    });
                }
                Ok(())
            }
            Section::RequestHeaders => {
                for row in rows {
                    let field = row.field;
                    if field.name.eq_ignore_ascii_case("authorization") {
                        let bearer = field
                            .schema
                            .description
                            .as_deref()
                            .is_some_and(|text| text.contains("Bearer"));
                        operation.security.push(Security {
                            header: field.name,
                            bearer,
                            description: field.schema.description,
                            line: field.line,
                        });
                    } else if field.name.eq_ignore_ascii_case("content-type") {
                        self.content_type = Some(field);
                    } else {
                        operation.parameters.push(Parameter {
                            name: field.name,
                            location: Location::Header,
                            required: field.required,
                            schema: field.schema,
                            line: field.line,
                        });
                    }
                }
                Ok(())
            }
            Section::ResponseHeaders(statuses) => {
                for status in &statuses {
                    let headers: Vec<Field> = rows.iter().map(|row| row.field.clone()).collect();
                    self.response(status, start).0.headers.extend(headers);
                }
                Ok(())
            }
            Section::RequestBody | Section::ResponseBody(_) => {
                let name = self.pending_name.take().map(|(name, _)| name);
                let index = self.tables.len();
                let anonymous_owner = if name.is_none() {
                    let owner = self
                        .anonymous
                        .iter()
                        .position(|&(table, ..)| self.tables[table].section == self.sections);
                    owner.map(|position| self.anonymous.remove(position))
                } else {
                    None
                };
                match anonymous_owner {
                    Some((table, row, reference)) => {
                        self.tables[table].rows[row].inline[reference] = Some(index)
                    }
                    None => {
                        let body = self.tables.iter().position(|t| t.section == self.sections);
                        if name.is_none() && body.is_none() {
                            // The body's own fields, without a type name.
                        } else if let Some(body) =
                            body.filter(|&body| name.is_none() && self.tables[body].name.is_none())
                        {
                            // Another table of the body's own: the body is one of them.
                            self.tables[body].alternatives.push(index);
                        } else if name.is_none() {
                            return Err(Problem::at(
                                start + 1,
                                "a table without a type name line above it, and no field above \
                                 it says its object's fields are below",
                            ));
                        }
                    }
                }
                for (position, row) in rows.iter().enumerate() {
                    for (reference, name) in row.references.iter().enumerate() {
                        if name.is_empty() {
                            self.anonymous.push((index, position, reference));
                        }
                    }
                }
                self.tables.push(Table {
                    name,
                    line: start + 1,
                    section: self.sections,
                    rows,
                    alternatives: Vec::new(),
                });
                Ok(())
            }
        }
    }

    fn finish(mut self) -> Result<Page, Problem> {
        if let Some(&(table, row, _)) = self.anonymous.first() {
            return Err(Problem::at(
                self.tables[table].rows[row].field.line,
                "this field's object fields are said to be below, but no table follows",
            ));
        }
        let mut operation = self.operation.take();
        if let Some(operation) = operation.as_mut() {
            let request_bodies = std::mem::take(&mut self.request_bodies);
            if let Some((first, others)) = request_bodies.split_first() {
                let (required, description) = match &self.content_type {
                    Some(field) => (field.required, field.schema.description.clone()),
                    None => (false, None),
                };
                let media_types = if first.media.is_empty() {
                    self.content_type
                        .as_ref()
                        .and_then(|field| field.schema.example.as_ref())
                        .and_then(Value::as_str)
                        .map(|media| vec![media.to_string()])
                        .unwrap_or_default()
                } else {
                    first.media.clone()
                };
                let schema = self
                    .stated_schema(first)
                    .unwrap_or_else(|| raw_body(&media_types));
                operation.body = Some(Body {
                    media_types,
                    required,
                    description,
                    schema,
                    other_media: self.other_media(others),
                    examples: Vec::new(),
                    line: first.line,
                });
            }
            for (mut response, bodies) in std::mem::take(&mut self.responses) {
                if let Some((first, others)) = bodies.split_first() {
                    response.media_types = first.media.clone();
                    response.schema = self.stated_schema(first);
                    response.other_media = self.other_media(others);
                }
                operation.responses.push(response);
            }
        }
        let mut types = Vec::new();
        for (index, table) in self.tables.iter().enumerate() {
            if let Some(name) = &table.name {
                let mut schema = self.object(index);
                schema.description = self.items_description(name);
                types.push(NamedType {
                    name: name.clone(),
                    schema,
                    line: table.line,
                });
            }
        }
        let mut page = self.page;
        page.operations.extend(operation);
        page.types = types;
        page.lines = self.lines.non_blank();
        page.unread = self.lines.unread();
        Ok(page)
    }

    /// The schema a body section states: its first table's, else the type after its media
    /// types; `None` when it states neither.
    fn stated_schema(&self, body: &BodySection) -> Option<Schema> {
        match self.tables.iter().position(|t| t.section == body.section) {
            Some(first) => Some(self.use_of(first)),
            None => body.stated.clone(),
        }
    }

    /// The body sections after a body's first, each with its own schema (a body without a
    /// table is text or bytes by its media types).
    fn other_media(&self, sections: &[BodySection]) -> Vec<MediaSchema> {
        sections
            .iter()
            .map(|body| MediaSchema {
                media_types: body.media.clone(),
                schema: self
                    .stated_schema(body)
                    .unwrap_or_else(|| raw_body(&body.media)),
                line: body.line,
            })
            .collect()
    }

    /// How a field or body refers to table `index`: the named type, or its fields inline.
    fn use_of(&self, index: usize) -> Schema {
        let table = &self.tables[index];
        match &table.name {
            Some(name) => Schema {
                kind: Type::Named(name.clone()),
                requires: required_names(table),
                declaration: Some(self.declaration_of(index)),
                ..Schema::default()
            },
            None if table.alternatives.is_empty() => self.object(index),
            None => Schema {
                one_of: std::iter::once(index)
                    .chain(table.alternatives.iter().copied())
                    .map(|table| self.object(table))
                    .collect(),
                ..Schema::default()
            },
        }
    }

    /// The object table `index` describes.
    fn object(&self, index: usize) -> Schema {
        let table = &self.tables[index];
        let fields = table
            .rows
            .iter()
            .map(|row| {
                let mut field = row.field.clone();
                let targets: Vec<Schema> = row
                    .references
                    .iter()
                    .zip(&row.inline)
                    .map(|(name, inline)| match inline {
                        Some(inline) => self.object(*inline),
                        None => self.named_use(name, index, row.field.line),
                    })
                    .collect();
                if targets.is_empty() {
                    open_objects(&mut field.schema);
                }
                replace_objects(&mut field.schema, targets);
                // An inline items object's description is the cell's; a named one's is its
                // type's (see `finish`).
                if let Type::Array(items) = &mut field.schema.kind {
                    if items.kind == Type::Object && row.items_description.is_some() {
                        items.description = row.items_description.clone();
                    }
                }
                field
            })
            .collect();
        Schema {
            kind: Type::Object,
            fields,
            ..Schema::default()
        }
    }

    /// A use of type `name` from a row of table `from`: the table of that name after it in
    /// the same section, else the nearest one before it.
    fn named_use(&self, name: &str, from: usize, line: usize) -> Schema {
        let section = self.tables[from].section;
        let after = self.tables.iter().enumerate().find(|(_, t)| {
            t.section == section && t.line > line && t.name.as_deref() == Some(name)
        });
        let before = self
            .tables
            .iter()
            .enumerate()
            .rev()
            .find(|(_, t)| t.line < line && t.name.as_deref() == Some(name));
        let linked = after.or(before);
        Schema {
            kind: Type::Named(name.to_string()),
            requires: linked
                .map(|(_, table)| required_names(table))
                .unwrap_or_default(),
            declaration: linked.map(|(index, _)| self.declaration_of(index)),
            ..Schema::default()
        }
    }

    /// The description of type `name` that a field of an array of it gives its items.
    fn items_description(&self, name: &str) -> Option<String> {
        self.tables
            .iter()
            .flat_map(|table| &table.rows)
            .filter(|row| row.references.iter().any(|r| r == name))
            .find_map(|row| row.items_description.clone())
    }

    /// The index in [`Page::types`] of named table `index`.
    fn declaration_of(&self, index: usize) -> usize {
        self.tables[..index]
            .iter()
            .filter(|table| table.name.is_some())
            .count()
    }
}

/// A media type of `body` that an earlier section of the same body already gave a type.
fn given_twice(earlier: &[BodySection], body: &BodySection) -> Option<String> {
    body.media
        .iter()
        .find(|media| earlier.iter().any(|e| e.media.contains(media)))
        .cloned()
}

fn required_names(table: &Table) -> Vec<String> {
    table
        .rows
        .iter()
        .filter(|row| row.field.required)
        .map(|row| row.field.name.clone())
        .collect()
}

/// Puts `targets` where the field's type says `object` (itself, its array's items, or the
/// `object` alternatives of several types, in order), keeping the field's own facts.
fn replace_objects(schema: &mut Schema, targets: Vec<Schema>) {
    if targets.is_empty() {
        return;
    }
    if let Type::Array(items) = &mut schema.kind {
        return replace_objects(items, targets);
    }
    if !schema.one_of.is_empty() {
        let mut targets = targets.into_iter();
        for alternative in &mut schema.one_of {
            if matches!(alternative.kind, Type::Object | Type::Array(_)) {
                if let Some(target) = targets.next() {
                    replace_objects(alternative, vec![target]);
                }
            }
        }
        return;
    }
    if let Some(target) = targets.into_iter().next() {
        schema.kind = target.kind;
        schema.fields = target.fields;
        schema.requires = target.requires;
        schema.declaration = target.declaration;
    }
}

/// An `object` whose fields the page does not list takes any keys (a map of any values):
/// itself, its array's items, or its alternatives.
fn open_objects(schema: &mut Schema) {
    match &mut schema.kind {
        Type::Array(items) => open_objects(items),
        Type::Object if schema.fields.is_empty() && schema.additional.is_none() => {
            schema.additional = Some(Box::default());
        }
        _ => schema.one_of.iter_mut().for_each(open_objects),
    }
}

/// The type of a body the page gives no table for: text for `text/*` media, bytes for other
/// media that are not JSON, else a value of any type.
fn raw_body(media_types: &[String]) -> Schema {
    let json = |media: &String| media.contains("json");
    if !media_types.is_empty() && media_types.iter().all(|media| media.starts_with("text/")) {
        Schema::of(Type::String)
    } else if !media_types.is_empty() && !media_types.iter().any(json) {
        Schema {
            kind: Type::String,
            format: Some("binary".into()),
            ..Schema::default()
        }
    } else {
        Schema::default()
    }
}

/// Which columns a field table has.
struct Columns {
    field: usize,
    kind: usize,
    required: Option<usize>,
    description: Option<usize>,
    example: Option<usize>,
    has_required: bool,
}

impl Columns {
    fn of(header: &[String]) -> Option<Columns> {
        let find = |name: &str| {
            header
                .iter()
                .position(|cell| cell.eq_ignore_ascii_case(name))
        };
        let field = find("Field").or_else(|| find("Name"))?;
        let kind = find("Type")?;
        let required = find("Required");
        Some(Columns {
            field,
            kind,
            required,
            description: find("Description"),
            example: find("Example"),
            has_required: required.is_some(),
        })
    }

    /// A row as a field; `None` for a row that states nothing (an empty name).
    fn row(&self, cells: &[String], response_table: bool, line: usize) -> Option<Row> {
        let (name, deprecated, required_mark) = field_name(cells.get(self.field)?);
        if name.is_empty() {
            return None;
        }
        let kind = written_type(cells.get(self.kind)?);
        let Described {
            references,
            description,
            after_empty,
            values,
            default,
        } = description_of(
            self.description
                .and_then(|at| cells.get(at))
                .map_or("", String::as_str),
        );
        let required = match self.required.and_then(|at| cells.get(at)) {
            Some(cell) => {
                let cell = cell.trim().to_ascii_lowercase();
                cell == "required" || cell == "yes" || cell == "true"
            }
            None => response_table && !kind.optional,
        } || required_mark;
        let mut schema = kind.schema;
        // Only an array's items are described after the field's own description.
        let (description, items_description) = match schema.kind {
            Type::Array(_) => (description, after_empty),
            _ => (description.or(after_empty), None),
        };
        schema.description = description;
        schema.deprecated = deprecated;
        if let Some(default) = default {
            schema.default = Some(typed_value(&schema, default));
        }
        if !values.is_empty() {
            // An array's values are its items'.
            let target = match &mut schema.kind {
                Type::Array(items) => items.as_mut(),
                _ => &mut schema,
            };
            target.enumeration = values
                .into_iter()
                .map(|value| typed_value(target, value))
                .collect();
        }
        if let Some(example) = self.example.and_then(|at| cells.get(at)) {
            let example = strip_code(example);
            if !example.is_empty() {
                schema.example = Some(
                    serde_json::from_str(&example).unwrap_or(Value::String(example.to_string())),
                );
            }
        }
        Some(Row {
            field: Field {
                name,
                required: required && !kind.optional,
                schema,
                line,
            },
            inline: vec![None; references.len()],
            references,
            items_description,
        })
    }
}

/// A field name cell: `` `name` ``, `~~`name`~~` (deprecated), `` `name` (required) ``.
fn field_name(cell: &str) -> (String, bool, bool) {
    let mut text = cell.trim().to_string();
    let deprecated = text.starts_with("~~") && text.ends_with("~~") && text.len() > 4;
    if deprecated {
        text = text[2..text.len() - 2].to_string();
    }
    let required = text.ends_with("(required)");
    if required {
        text = text.trim_end_matches("(required)").trim().to_string();
    }
    (strip_code(&text), deprecated, required)
}

struct WrittenType {
    schema: Schema,
    /// The type admits `undefined`: the field may be absent.
    optional: bool,
}

/// A type cell: `` `string` ``, `` `array` of `object` ``, `` `undefined` or `null or string` ``,
/// `` `undefined` or `iso date string` ``.
fn written_type(cell: &str) -> WrittenType {
    let text = cell.replace('`', "");
    let mut optional = false;
    let mut nullable = false;
    let mut kinds = Vec::new();
    for alternative in text.split(" or ").map(str::trim) {
        match alternative {
            "undefined" => optional = true,
            "null" => nullable = true,
            other => kinds.push(type_word(other)),
        }
    }
    let mut schema = match kinds.len() {
        0 => Schema::of(Type::Any),
        1 => kinds.remove(0),
        // `string or object`: a value of one of these types.
        _ => Schema {
            one_of: kinds,
            ..Schema::default()
        },
    };
    schema.nullable = nullable;
    WrittenType { schema, optional }
}

fn type_word(word: &str) -> Schema {
    if let Some(items) = word.strip_prefix("array of ") {
        return Schema::of(Type::Array(Box::new(type_word(items.trim()))));
    }
    match word {
        "string" => Schema::of(Type::String),
        "number" => Schema::of(Type::Number),
        "integer" => Schema::of(Type::Integer),
        "boolean" => Schema::of(Type::Boolean),
        "object" => Schema::of(Type::Object),
        "iso date string" | "date-time" => Schema {
            kind: Type::String,
            format: Some("date-time".into()),
            ..Schema::default()
        },
        "binary" | "file" => Schema {
            kind: Type::String,
            format: Some("binary".into()),
            ..Schema::default()
        },
        _ => Schema::of(Type::Any),
    }
}

/// What a description cell states: an optional "See below for `X`'s object fields.", the
/// description, and after it the allowed values and the default, as fimidara's generator writes
/// them: "Possible values: `a`, `b`." and "Default: `x`." (an empty string is `""`).
#[derive(Debug, Default, PartialEq)]
struct Described {
    references: Vec<String>,
    description: Option<String>,
    /// The text after an empty description (`fields.  One record.`): an array's items'
    /// description, which the generator writes after the field's own.
    after_empty: Option<String>,
    values: Vec<String>,
    default: Option<String>,
}

/// A description cell. After the "See below" sentence the page generator writes the field's
/// description, a space, and for an array the items' description, `undefined` when they have
/// none (that word states nothing): two spaces after the sentence say the field's own is empty.
fn description_of(cell: &str) -> Described {
    let mut rest = cell.trim();
    let mut references = Vec::new();
    let mut own_empty = false;
    while let Some((name, after)) = rest
        .strip_prefix("See below for ")
        .and_then(|after| after.split_once("'s object fields."))
    {
        references.push(strip_code(name));
        own_empty = after.starts_with("  ");
        rest = after.trim();
    }
    let (rest, default) = match trailing_sentence(rest, "Default: ") {
        Some((rest, mut values)) if values.len() == 1 => (rest, values.pop()),
        _ => (rest, None),
    };
    let (rest, values) = trailing_sentence(rest, "Possible values: ").unwrap_or((rest, Vec::new()));
    let rest = if !references.is_empty() {
        rest.strip_suffix("undefined").unwrap_or(rest).trim()
    } else {
        rest
    };
    let description = (!rest.is_empty()).then(|| rest.replace("<br/>", "\n").replace("\\|", "|"));
    let (description, after_empty) = if own_empty {
        (None, description)
    } else {
        (description, None)
    };
    Described {
        references,
        description,
        after_empty,
        values,
        default,
    }
}

/// A last sentence `<lead>`a`, `b`.` of `text`: the text before it and the code spans' texts.
fn trailing_sentence<'a>(text: &'a str, lead: &str) -> Option<(&'a str, Vec<String>)> {
    let start = text.rfind(lead)?;
    let before = &text[..start];
    if !(before.is_empty() || before.ends_with(' ')) {
        return None;
    }
    let spans = text[start + lead.len()..].strip_suffix('.')?;
    let inner = spans.strip_prefix('`')?.strip_suffix('`')?;
    let values = inner
        .split("`, `")
        .map(|value| match value {
            "\"\"" => String::new(),
            value => value.replace("\\|", "|"),
        })
        .collect();
    Some((before.trim_end(), values))
}

/// A value as a cell writes it, typed as the schema it is a value of: text for a string (or a
/// type the page does not give), JSON for anything else when it reads as JSON.
fn typed_value(schema: &Schema, text: String) -> Value {
    match schema.kind {
        Type::String | Type::Any | Type::Named(_) => Value::String(text),
        _ => serde_json::from_str(&text).unwrap_or(Value::String(text)),
    }
}

/// The cells of a table row, without the outer pipes (a `\|` is a pipe inside a cell).
fn cells(line: &str) -> Vec<String> {
    let line = line.trim();
    let line = line.strip_prefix('|').unwrap_or(line);
    let line = line.strip_suffix('|').unwrap_or(line);
    let mut cells = Vec::new();
    let mut current = String::new();
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                current.push_str("\\|");
                chars.next();
            }
            '|' => cells.push(std::mem::take(&mut current).trim().to_string()),
            _ => current.push(c),
        }
    }
    cells.push(current.trim().to_string());
    cells
}

fn is_separator(line: &str) -> bool {
    let line = line.trim();
    line.starts_with('|') && line.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

/// `` `/v1/x` — `post` `` → (`/v1/x`, `post`); a `:name` segment is written `{name}`.
fn endpoint(heading: &str) -> Option<(String, String)> {
    let (path, method) = heading.split_once('—')?;
    let path = strip_code(path);
    let method = strip_code(method).to_ascii_lowercase();
    if !path.starts_with('/')
        || method.is_empty()
        || !method.chars().all(|c| c.is_ascii_alphabetic())
    {
        return None;
    }
    Some((braced_parameters(&path), method))
}

/// `/files/:fileId` → `/files/{fileId}`.
pub fn braced_parameters(path: &str) -> String {
    path.split('/')
        .map(|segment| match segment.strip_prefix(':') {
            Some(name) if !name.is_empty() => format!("{{{name}}}"),
            _ => segment.to_string(),
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// `4XX or 5XX` → [`4XX`, `5XX`]; `200` → [`200`].
fn statuses_of(text: &str) -> Vec<String> {
    text.split(" or ")
        .map(|status| status.trim().to_string())
        .filter(|status| !status.is_empty())
        .collect()
}

/// `` `application/json` `` (or several, comma-separated) → the media types.
fn media_types(text: &str) -> Vec<String> {
    text.split([',', '`'])
        .map(str::trim)
        .filter(|media| media.contains('/'))
        .map(str::to_string)
        .collect()
}

/// A line that is only one code span: `` `Name` `` → `Name`.
fn code_only(line: &str) -> Option<&str> {
    let inner = line.strip_prefix('`')?.strip_suffix('`')?;
    (!inner.is_empty() && !inner.contains('`') && !inner.contains(' ')).then_some(inner)
}

fn strip_code(text: &str) -> String {
    text.trim().trim_matches('`').trim().to_string()
}

fn normalise_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn unquote(value: &str) -> String {
    let quoted = value.len() >= 2
        && ((value.starts_with('"') && value.ends_with('"'))
            || (value.starts_with('\'') && value.ends_with('\'')));
    if quoted {
        value[1..value.len() - 1].to_string()
    } else {
        value.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_description_cell_keeps_its_values_and_default_apart() {
        let read = description_of(
            "The colour. Possible values: `red`, `with space`, `\"\"`. Default: `red`.",
        );
        assert_eq!(
            read,
            Described {
                references: Vec::new(),
                description: Some("The colour.".into()),
                after_empty: None,
                values: vec!["red".into(), "with space".into(), String::new()],
                default: Some("red".into()),
            }
        );
        let read = description_of(
            "See below for `Tag`'s object fields. Tags. undefined Possible values: `a\\|b`.",
        );
        assert_eq!(read.references, ["Tag"]);
        assert_eq!(read.description.as_deref(), Some("Tags."));
        assert_eq!(read.values, ["a|b"]);
        // Two spaces after the sentence: the field has no description of its own, and what
        // follows describes its items.
        let read = description_of("See below for `Record`'s object fields.  One record.");
        assert_eq!(read.description, None);
        assert_eq!(read.after_empty.as_deref(), Some("One record."));
        let read = description_of("See below for `Tag`'s object fields.  undefined");
        assert_eq!((read.description, read.after_empty), (None, None));
        let read = description_of("Default: `10`.");
        assert_eq!((read.description, read.default), (None, Some("10".into())));
        // A sentence that only mentions a default is description.
        let read = description_of("Defaults to the workspace.");
        assert_eq!(
            read.description.as_deref(),
            Some("Defaults to the workspace.")
        );
        assert_eq!(read.default, None);
    }

    #[test]
    fn a_body_without_a_table_is_text_or_bytes_by_its_media_type() {
        let page = |media: &str| {
            read(&format!(
                "---\ntitle: T\n---\n# {{% $markdoc.frontmatter.title %}}\n## `/x` — `post`\n\
                 **Request Body Type** — {media}\n"
            ))
            .expect("the page reads")
            .operations
            .remove(0)
            .body
            .expect("a body")
        };
        assert_eq!(
            page("`text/plain` or `text/x-markdown`").schema,
            Schema::of(Type::String)
        );
        let bytes = page("`image/png`").schema;
        assert_eq!(
            (bytes.kind, bytes.format.as_deref()),
            (Type::String, Some("binary"))
        );
        assert_eq!(page("`application/json`").schema, Schema::default());
    }

    #[test]
    fn several_types_and_several_body_tables_are_one_of() {
        let page = read(concat!(
            "---\ntitle: T\n---\n# {% $markdoc.frontmatter.title %}\n## `/x` — `get`\n",
            "**200  —  Response Body Type** — `application/json`\n\n",
            "| Field | Type | Description |\n| - | - | - |\n",
            "|`key`|`string or number`||\n",
            "|`pet`|`string or object`|See below for 's object fields. A pet.|\n\n",
            "| Field | Type | Description |\n| - | - | - |\n|`name`|`string`||\n\n",
            "| Field | Type | Description |\n| - | - | - |\n|`count`|`number`||\n",
        ))
        .expect("the page reads");
        let body = page.operations[0].responses[0]
            .schema
            .clone()
            .expect("a body");
        assert_eq!(body.one_of.len(), 2, "{body:?}");
        let key = &body.one_of[0].fields[0].schema;
        assert_eq!(
            key.one_of,
            [Schema::of(Type::String), Schema::of(Type::Number)]
        );
        let pet = &body.one_of[0].fields[1].schema;
        assert_eq!(pet.description.as_deref(), Some("A pet."));
        assert_eq!(pet.one_of[0], Schema::of(Type::String));
        assert_eq!(pet.one_of[1].fields[0].name, "name");
        assert_eq!(body.one_of[1].fields[0].name, "count");
    }

    #[test]
    fn a_body_of_a_schema_per_media_type_keeps_each_schema_with_its_media_types() {
        let page = read(concat!(
            "---\ntitle: T\n---\n# {% $markdoc.frontmatter.title %}\n## `/x` — `post`\n",
            "**Request Body Type** — `application/json`\n\n",
            "`Batch`\n| Field | Type | Required | Description |\n| - | - | - | - |\n",
            "|`records`|`array` of `object`|Required|See below for `Record`'s object fields.  One record.|\n\n",
            "`Record`\n| Field | Type | Required | Description |\n| - | - | - | - |\n",
            "|`name`|`string`|Required|Its name.|\n\n",
            "**Request Body Type** — `multipart/form-data`\n\n",
            "| Field | Type | Required | Description |\n| - | - | - | - |\n",
            "|`file`|`file`|Required|The file.|\n\n",
            "**Request Body Type** — `text/csv` or `text/plain` — `string`\n\n",
            "**200  —  Response Headers** — No headers present\n\n",
            "**200  —  Response Body Type** — `application/json`\n\n",
            "`Record`\n| Field | Type | Description |\n| - | - | - |\n",
            "|`name`|`string`|Its name.|\n\n",
            "**200  —  Response Body Type** — `text/csv`\n",
        ))
        .expect("the page reads");
        assert!(page.unread.is_empty(), "{:?}", page.unread);
        let operation = &page.operations[0];
        let body = operation.body.as_ref().expect("a body");
        assert_eq!(body.media_types, ["application/json"]);
        assert_eq!(body.schema.kind, Type::Named("Batch".into()));
        let [multipart, text] = body.other_media.as_slice() else {
            panic!("two more media schemas: {:?}", body.other_media);
        };
        assert_eq!(multipart.media_types, ["multipart/form-data"]);
        assert_eq!(multipart.schema.kind, Type::Object);
        assert_eq!(multipart.schema.fields[0].name, "file");
        assert_eq!(text.media_types, ["text/csv", "text/plain"]);
        assert_eq!(text.schema, Schema::of(Type::String));
        let response = &operation.responses[0];
        assert_eq!(response.media_types, ["application/json"]);
        assert_eq!(
            response.schema.as_ref().map(|s| &s.kind),
            Some(&Type::Named("Record".into()))
        );
        assert_eq!(response.other_media.len(), 1);
        assert_eq!(response.other_media[0].media_types, ["text/csv"]);
        assert_eq!(response.other_media[0].schema, Schema::of(Type::String));
        // The array's items' description is the description of their type.
        let batch = &page.types[0];
        assert_eq!(batch.schema.fields[0].schema.description, None);
        let record = &page.types[1];
        assert_eq!(record.schema.description.as_deref(), Some("One record."));
    }

    #[test]
    fn a_media_type_given_two_body_types_is_a_problem() {
        let problem = read(concat!(
            "---\ntitle: T\n---\n# {% $markdoc.frontmatter.title %}\n## `/x` — `post`\n",
            "**Request Body Type** — `text/csv` — `string`\n",
            "**Request Body Type** — `application/json` or `text/csv` — `number`\n",
        ))
        .expect_err("a problem");
        assert_eq!(problem.line, 7);
        assert!(problem.message.contains("`text/csv`"), "{problem:?}");
    }

    #[test]
    fn an_object_without_a_table_takes_any_keys() {
        let page = read(concat!(
            "---\ntitle: T\n---\n# {% $markdoc.frontmatter.title %}\n## `/x` — `get`\n",
            "**200  —  Response Body Type** — `application/json`\n\n",
            "| Field | Type | Description |\n| - | - | - |\n",
            "|`labels`|`object`|Labels by key.|\n",
        ))
        .expect("the page reads");
        let body = page.operations[0].responses[0]
            .schema
            .clone()
            .expect("a body");
        let labels = &body.fields[0].schema;
        assert_eq!(labels.kind, Type::Object);
        assert_eq!(labels.additional.as_deref(), Some(&Schema::default()));
    }

    #[test]
    fn values_and_defaults_are_typed_as_their_field() {
        let page = read(concat!(
            "---\ntitle: T\n---\n# {% $markdoc.frontmatter.title %}\n## `/x` — `get`\n",
            "**Request Queries**\n",
            "| Field | Type | Required | Description |\n| - | - | - | - |\n",
            "|`n`|`number`|Not required|How many. Possible values: `1`, `2`. Default: `1`.|\n",
            "|`tags`|`array` of `string`|Not required|Possible values: `a`, `b`.|\n",
            "**200  —  Response Headers** — No headers present\n",
            "**200  —  Response Body** — No body present\n",
        ))
        .expect("the page reads");
        assert!(page.unread.is_empty(), "{:?}", page.unread);
        let operation = &page.operations[0];
        let n = &operation.parameters[0].schema;
        assert_eq!(n.enumeration, [json!(1), json!(2)]);
        assert_eq!(n.default, Some(json!(1)));
        assert_eq!(n.description.as_deref(), Some("How many."));
        let Type::Array(items) = &operation.parameters[1].schema.kind else {
            panic!("an array");
        };
        assert_eq!(items.enumeration, [json!("a"), json!("b")]);
        assert_eq!(operation.responses[0].status, "200");
        assert_eq!(operation.responses[0].schema, None);
    }
}
