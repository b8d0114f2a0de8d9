//! Generated SDK model pages (seed 002), as Speakeasy writes them for a TypeScript SDK: a
//! `# Name` title, an optional description paragraph, `## Example Usage` with a typescript code
//! block, then one of
//!
//! - `## Fields`: a markdown table `Field | Type | Required | Description` (sometimes with an
//!   `Example` column), cells padded to equal widths, `<br/>` for line breaks;
//! - `## Values`: an enum, as a typescript union of literals (`"WEB" | "NATIVE"`) or a
//!   `Name | Value` table;
//! - `## Supported Types`: a union, one `### `models.X`` subsection (with its own example) per
//!   alternative.
//!
//! A page documents one type: [`Page::types`] gets one [`NamedType`] named by the title, and no
//! operations. Names are the SDK's (`TokenUpdateRequest`, `models.Property` → `Property`): the
//! page cannot tell how the vendor's spec spells them.
//!
//! Types: `*string*`, `*number*`, `*boolean*`, `*any*`, `*Date*` (`date-time`), `*RFCDate*`
//! (`date`), `*bigint*` (integer), `*Uint8Array*`/`*ReadableStream<Uint8Array>*`/`*File*`/
//! `*Blob*` (`binary`), `T[]`, `Record<string, T>` (an object of `T` values), `[models.X](…)`
//! (a named type), and unions `A \| B` (`*null*` among them makes the value nullable). The same
//! generator's pages for other languages write `*str*`, `*int64*`, `List[T]`, `[]T`,
//! `Optional[T]`, `Nullable[T]`, `Dict[str, T]`, `map[string]T`; they are read alike. A field
//! `additionalProperties` of a `Record<…>` type is how the SDK writes an object's
//! `additionalProperties`, so it becomes that, not a field. `N/A` is the SDK's "no description".
//! A description starting `:warning: **DEPRECATED**` marks the field deprecated; the generator's
//! stock sentence after it is not kept, a sentence of the vendor's is.
//!
//! The `Example Usage` literal (TypeScript, not JSON: bare keys, trailing commas,
//! `new Date("…")`) is the type's example when it converts to JSON; an enum table's `Name`
//! column is the SDK's constant name for a value and states nothing about the API.

use serde_json::Value;

use super::lines::Lines;
use super::page::Problem;
use super::page::{Field, NamedType, Page, Schema, Type};

/// A generated SDK model page: a `# Name` title first, and a `## Values` or
/// `## Supported Types` section or a `## Fields` section with a `| Field |` table.
pub fn detect(text: &str) -> bool {
    let mut lines = text.lines().filter(|line| !line.trim().is_empty());
    let Some(first) = lines.next() else {
        return false;
    };
    let title = first.trim();
    if !title.starts_with("# ") || title.contains("{%") {
        return false;
    }
    let mut fields = false;
    let mut table = false;
    let mut section = false;
    for line in text.lines() {
        let line = line.trim_end();
        match line {
            "## Fields" => fields = true,
            "## Values" | "## Supported Types" => section = true,
            _ if fields && line.starts_with("| Field ") => table = true,
            _ => {}
        }
    }
    section || table
}

/// Reads a generated SDK model page.
pub fn read(text: &str) -> Result<Page, Problem> {
    let mut lines = Lines::new(text);
    let Some(title_at) = lines.next_text(0) else {
        return Err(Problem::at(
            1,
            "expected a `# Name` title, found an empty page",
        ));
    };
    let name = match lines.get(title_at).trim().strip_prefix("# ") {
        Some(name) if !name.trim().is_empty() => name.trim().to_string(),
        _ => {
            return Err(Problem::at(
                title_at + 1,
                format!(
                    "expected a `# Name` title, found `{}`",
                    lines.get(title_at).trim()
                ),
            ))
        }
    };
    lines.mark(title_at);

    // The description: everything up to the first section heading.
    let mut at = title_at + 1;
    let mut paragraph = Vec::new();
    while at < lines.len() && !lines.get(at).starts_with("## ") {
        paragraph.push(at);
        at += 1;
    }
    // The generator writes the description, then a blank line: a second blank line is the
    // description's own closing line break.
    let description = {
        let text: Vec<usize> = paragraph
            .iter()
            .copied()
            .filter(|&index| !lines.is_blank(index))
            .collect();
        match (text.first(), text.last()) {
            (Some(&first), Some(&last)) => {
                let body: Vec<&str> = (first..=last).map(|index| lines.get(index)).collect();
                let closing = (last + 1..at)
                    .filter(|&index| lines.is_blank(index))
                    .count();
                lines.mark_range(first, last + 1);
                let mut description = body.join("\n").replace("<br/>", "\n");
                if closing >= 2 {
                    description.push('\n');
                }
                Some(description)
            }
            _ => None,
        }
    };

    let mut schema = Schema {
        description: description.clone(),
        ..Schema::default()
    };
    let mut shape_seen = false;
    while at < lines.len() {
        let heading = lines.get(at).trim_end();
        let next = section_end(&lines, at + 1);
        match heading {
            "## Example Usage" => {
                lines.mark(at);
                if let Some(example) = read_usage(&mut lines, at + 1, next, &name)? {
                    schema.example = Some(example);
                }
            }
            "## Fields" => {
                lines.mark(at);
                shape_seen = true;
                read_fields(&mut lines, at + 1, next, &mut schema)?;
            }
            "## Values" => {
                lines.mark(at);
                shape_seen = true;
                read_values(&mut lines, at + 1, next, &mut schema)?;
            }
            "## Supported Types" => {
                lines.mark(at);
                shape_seen = true;
                read_union(&mut lines, at + 1, next, &mut schema)?;
            }
            // A section this reader does not know: its lines stay unread.
            _ => {}
        }
        at = next;
    }
    if !shape_seen {
        return Err(Problem::at(
            title_at + 1,
            format!("`{name}` has no `## Fields`, `## Values` or `## Supported Types` section"),
        ));
    }

    Ok(Page {
        title: Some(name.clone()),
        description,
        operations: Vec::new(),
        types: vec![NamedType {
            name,
            schema,
            line: title_at + 1,
        }],
        unread: lines.unread(),
        lines: lines.non_blank(),
    })
}

/// The index of the next `## ` heading at or after `from`, or the end of the page.
fn section_end(lines: &Lines, from: usize) -> usize {
    (from..lines.len())
        .find(|&at| lines.get(at).starts_with("## "))
        .unwrap_or(lines.len())
}

/// A fenced code block starting at or after `from` (before `end`): the fence's index, the
/// closing fence's index.
fn code_block(lines: &Lines, from: usize, end: usize) -> Result<Option<(usize, usize)>, Problem> {
    let Some(open) = (from..end).find(|&at| !lines.is_blank(at)) else {
        return Ok(None);
    };
    if !lines.get(open).trim_start().starts_with("```") {
        return Ok(None);
    }
    match (open + 1..end).find(|&at| lines.get(at).trim() == "```") {
        Some(close) => Ok(Some((open, close))),
        None => Err(Problem::at(
            open + 1,
            "the code block opened here is not closed with ```",
        )),
    }
}

/// `## Example Usage`: `import { Name } from "…";` and `let value: Name = <literal>;`.
fn read_usage(
    lines: &mut Lines,
    from: usize,
    end: usize,
    name: &str,
) -> Result<Option<Value>, Problem> {
    let Some((open, close)) = code_block(lines, from, end)? else {
        return Ok(None);
    };
    lines.mark(open);
    lines.mark(close);
    let mut at = open + 1;
    while at < close {
        let line = lines.get(at).trim();
        if line.starts_with("import ") && line.contains(name) {
            lines.mark(at);
            at += 1;
            continue;
        }
        if line == "// No examples available for this model" {
            // The generator says it has no example: there is none to read.
            lines.mark(at);
            at += 1;
            continue;
        }
        if line.starts_with("let ") || line.starts_with("const ") {
            break;
        }
        at += 1;
    }
    if at >= close {
        return Ok(None);
    }
    let example = sample(lines, at, close);
    Ok(example)
}

/// The literal of `let value: T = …;` on lines `start..end`, marking them when it is read.
fn sample(lines: &mut Lines, start: usize, end: usize) -> Option<Value> {
    let text: Vec<&str> = (start..end).map(|at| lines.get(at)).collect();
    let text = text.join("\n");
    let (_, literal) = text.split_once('=')?;
    let literal = literal.trim().strip_suffix(';').unwrap_or(literal.trim());
    let value = literal::parse(literal)?;
    lines.mark_range(start, end);
    Some(value)
}

/// The cells of a table row: split on `|` not escaped as `\|`, the outer pipes dropped.
fn cells(line: &str) -> Vec<String> {
    let line = line.trim();
    let inner = line.strip_prefix('|').unwrap_or(line);
    let mut out = Vec::new();
    let mut current = String::new();
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                current.push_str("\\|");
                chars.next();
            }
            '|' => out.push(std::mem::take(&mut current).trim().to_string()),
            _ => current.push(c),
        }
    }
    if !current.trim().is_empty() {
        out.push(current.trim().to_string());
    }
    out
}

fn is_separator(line: &str) -> bool {
    let line = line.trim();
    line.starts_with('|')
        && line.contains('-')
        && line
            .chars()
            .all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

/// A table's header, separator and rows from `from` on: (header index, header cells, row
/// indexes). `None` when the section holds no table.
fn table(lines: &Lines, from: usize, end: usize) -> Option<(usize, Vec<String>, Vec<usize>)> {
    let header = (from..end).find(|&at| !lines.is_blank(at))?;
    if !lines.get(header).trim_start().starts_with('|') {
        return None;
    }
    let names = cells(lines.get(header));
    let mut rows = Vec::new();
    let mut at = header + 1;
    while at < end && lines.get(at).trim_start().starts_with('|') {
        rows.push(at);
        at += 1;
    }
    Some((header, names, rows))
}

/// `## Fields`: one row per field.
fn read_fields(
    lines: &mut Lines,
    from: usize,
    end: usize,
    schema: &mut Schema,
) -> Result<(), Problem> {
    schema.kind = Type::Object;
    let Some((header, names, rows)) = table(lines, from, end) else {
        return Ok(());
    };
    let column = |wanted: &str| {
        names
            .iter()
            .position(|name| name.eq_ignore_ascii_case(wanted))
    };
    let (Some(field_at), Some(type_at)) = (column("Field"), column("Type")) else {
        return Err(Problem::at(
            header + 1,
            format!(
                "expected a `Field | Type | Required | Description` header, found `{}`",
                lines.get(header).trim()
            ),
        ));
    };
    let required_at = column("Required");
    let description_at = column("Description");
    let example_at = column("Example");
    let known = [field_at, type_at]
        .into_iter()
        .chain(required_at)
        .chain(description_at)
        .chain(example_at)
        .count();
    lines.mark(header);
    for at in rows {
        let line = lines.get(at);
        if is_separator(line) {
            lines.mark(at);
            continue;
        }
        let row = cells(line);
        if row.len() < names.len() {
            return Err(Problem::at(
                at + 1,
                format!(
                    "a field row needs {} cells ({}), found {}",
                    names.len(),
                    names.join(" | "),
                    row.len()
                ),
            ));
        }
        let cell =
            |index: Option<usize>| index.and_then(|index| row.get(index)).map(String::as_str);
        let mut understood = known == names.len();

        let (name, struck) = field_name(cell(Some(field_at)).unwrap_or(""));
        if name.is_empty() {
            understood = false;
        }
        let type_cell = cell(Some(type_at)).unwrap_or("");
        let mut field_schema = match types::parse(type_cell) {
            Some(schema) => schema,
            None => {
                understood = false;
                Schema::default()
            }
        };
        let required = match cell(required_at).map(str::trim) {
            Some(":heavy_check_mark:") => true,
            Some(":heavy_minus_sign:") | None => false,
            Some(_) => {
                understood = false;
                false
            }
        };
        if let Some(text) = cell(description_at) {
            let (description, deprecated) = description_of(text);
            field_schema.description = description;
            field_schema.deprecated = deprecated || struck;
        } else {
            field_schema.deprecated = struck;
        }
        if let Some(text) = cell(example_at) {
            field_schema.example = example_of(text, &field_schema);
        }

        if understood {
            lines.mark(at);
        }
        if name == "additionalProperties" && field_schema.kind == Type::Object {
            if let Some(mut values) = field_schema.additional.take() {
                // What the page says of the field is said of the other keys' values.
                values.description = values.description.or(field_schema.description);
                values.example = values.example.or(field_schema.example);
                schema.additional = Some(values);
                continue;
            }
        }
        // A section stated twice states its fields twice: once is kept, a field stated
        // differently the second time is an error.
        if let Some(first) = schema.fields.iter().find(|field| field.name == name) {
            if first.required == required && first.schema == field_schema {
                continue;
            }
            return Err(Problem::at(
                at + 1,
                format!(
                    "field `{name}` is stated here otherwise than at line {}",
                    first.line
                ),
            ));
        }
        schema.fields.push(Field {
            name,
            required,
            schema: field_schema,
            line: at + 1,
        });
    }
    Ok(())
}

/// A field cell: `` `name` ``, `~~`name`~~` (deprecated) → the name, struck through.
fn field_name(cell: &str) -> (String, bool) {
    let trimmed = cell.trim();
    let (inner, struck) = match trimmed
        .strip_prefix("~~")
        .and_then(|rest| rest.strip_suffix("~~"))
    {
        Some(inner) => (inner.trim(), true),
        None => (trimmed, false),
    };
    let inner = inner
        .strip_prefix('`')
        .and_then(|rest| rest.strip_suffix('`'))
        .unwrap_or(inner);
    (inner.trim().to_string(), struck)
}

/// The generator's sentence after `:warning: **DEPRECATED**:`.
const STOCK_DEPRECATION: &str =
    "This will be removed in a future release, please migrate away from it as soon as possible.";

/// A description cell → the text (`<br/>` as line breaks, `\|` as `|`; `N/A` is none) and
/// whether it marks the field deprecated.
fn description_of(cell: &str) -> (Option<String>, bool) {
    let mut text = cell.trim();
    let mut deprecated = false;
    for marker in [":warning: **DEPRECATED**:", ":warning: ** DEPRECATED **:"] {
        if let Some(rest) = text.strip_prefix(marker) {
            deprecated = true;
            text = rest.trim_start();
            if let Some(rest) = text.strip_prefix(STOCK_DEPRECATION) {
                text = rest;
            }
            while let Some(rest) = text.strip_prefix("<br/>") {
                text = rest;
            }
            text = text.trim_start();
        }
    }
    if text.is_empty() || text == "N/A" {
        return (None, deprecated);
    }
    (Some(unescape(text)), deprecated)
}

fn unescape(text: &str) -> String {
    text.replace("<br/>", "\n").replace("\\|", "|")
}

/// An example cell: JSON where it is JSON (a string field's example is the text as written).
fn example_of(cell: &str, schema: &Schema) -> Option<Value> {
    let text = unescape(cell.trim());
    if text.is_empty() {
        return None;
    }
    if schema.kind == Type::String {
        return Some(match serde_json::from_str::<Value>(&text) {
            Ok(Value::String(string)) => Value::String(string),
            _ => Value::String(text),
        });
    }
    Some(serde_json::from_str(&text).unwrap_or(Value::String(text)))
}

/// `## Values`: `"A" | "B"` in a code block, or a `Name | Value` table.
fn read_values(
    lines: &mut Lines,
    from: usize,
    end: usize,
    schema: &mut Schema,
) -> Result<(), Problem> {
    let mut values = Vec::new();
    if let Some((open, close)) = code_block(lines, from, end)? {
        lines.mark(open);
        lines.mark(close);
        for at in open + 1..close {
            let line = lines.get(at).trim();
            if line.is_empty() {
                continue;
            }
            let mut understood = true;
            for part in line
                .split('|')
                .map(str::trim)
                .filter(|part| !part.is_empty())
            {
                match serde_json::from_str::<Value>(part) {
                    Ok(value @ (Value::String(_) | Value::Number(_))) => values.push(value),
                    _ => understood = false,
                }
            }
            if understood {
                lines.mark(at);
            }
        }
    } else if let Some((header, names, rows)) = table(lines, from, end) {
        let Some(value_at) = names.iter().position(|name| name == "Value") else {
            return Err(Problem::at(
                header + 1,
                format!(
                    "expected a `Name | Value` header, found `{}`",
                    lines.get(header).trim()
                ),
            ));
        };
        lines.mark(header);
        let mut texts = Vec::new();
        for at in rows {
            if is_separator(lines.get(at)) {
                lines.mark(at);
                continue;
            }
            let row = cells(lines.get(at));
            let Some(value) = row.get(value_at) else {
                return Err(Problem::at(
                    at + 1,
                    format!(
                        "a value row needs {} cells ({}), found {}",
                        names.len(),
                        names.join(" | "),
                        row.len()
                    ),
                ));
            };
            texts.push(unescape(value.trim_matches('`')));
            lines.mark(at);
        }
        let numbers = !texts.is_empty() && texts.iter().all(|text| text.parse::<i64>().is_ok());
        values = texts
            .into_iter()
            .map(|text| match text.parse::<i64>() {
                Ok(number) if numbers => Value::from(number),
                _ => Value::String(text),
            })
            .collect();
    }
    schema.kind = if values.iter().all(Value::is_string) {
        Type::String
    } else if values.iter().all(|value| value.is_i64() || value.is_u64()) {
        Type::Integer
    } else {
        Type::Number
    };
    schema.enumeration = values;
    Ok(())
}

/// `## Supported Types`: `### `T`` subsections, each with an example block.
fn read_union(
    lines: &mut Lines,
    from: usize,
    end: usize,
    schema: &mut Schema,
) -> Result<(), Problem> {
    let headings: Vec<usize> = (from..end)
        .filter(|&at| lines.get(at).starts_with("### "))
        .collect();
    for (index, &at) in headings.iter().enumerate() {
        let until = headings.get(index + 1).copied().unwrap_or(end);
        let text = lines.get(at).trim_start_matches('#').trim();
        let text = text
            .strip_prefix('`')
            .and_then(|rest| rest.strip_suffix('`'))
            .unwrap_or(text);
        let Some(mut alternative) = types::parse(text) else {
            continue;
        };
        lines.mark(at);
        if let Some((open, close)) = code_block(lines, at + 1, until)? {
            lines.mark(open);
            lines.mark(close);
            if close > open + 1 {
                alternative.example = sample(lines, open + 1, close);
            }
        }
        schema.one_of.push(alternative);
    }
    // A union of one type is that type (a page of a type that stands for another).
    if schema.one_of.len() == 1 {
        let only = schema.one_of.remove(0);
        let description = schema.description.take();
        let example = schema.example.take();
        *schema = Schema {
            description: description.or(only.description.clone()),
            example: example.or(only.example.clone()),
            ..only
        };
    }
    Ok(())
}

/// The type cells of a fields table.
mod types {
    use crate::import::page::{Schema, Type};

    /// `A \| B`, `T[]`, `*string*`, `[models.X](…)`, `Record<string, T>`, `models.X`.
    pub fn parse(text: &str) -> Option<Schema> {
        let parts = split_union(text.trim());
        let mut nullable = false;
        let mut alternatives = Vec::new();
        for part in parts {
            let part = part.trim();
            if matches!(part, "*null*" | "null") {
                nullable = true;
                continue;
            }
            alternatives.push(single(part)?);
        }
        let mut schema = match alternatives.len() {
            0 => return None,
            1 => alternatives.pop()?,
            _ => Schema {
                one_of: alternatives,
                ..Schema::default()
            },
        };
        schema.nullable |= nullable;
        Some(schema)
    }

    /// The parts of a union at its top level (`\|` or `|` outside `<…>`, `[…]`, `(…)`).
    fn split_union(text: &str) -> Vec<String> {
        let mut parts = Vec::new();
        let mut current = String::new();
        let mut depth = 0usize;
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '<' | '[' | '(' => {
                    depth += 1;
                    current.push(c);
                }
                '>' | ']' | ')' => {
                    depth = depth.saturating_sub(1);
                    current.push(c);
                }
                '\\' if chars.peek() == Some(&'|') && depth == 0 => {
                    chars.next();
                    parts.push(std::mem::take(&mut current));
                }
                '|' if depth == 0 => parts.push(std::mem::take(&mut current)),
                _ => current.push(c),
            }
        }
        parts.push(current);
        parts
    }

    fn single(text: &str) -> Option<Schema> {
        if let Some(inner) = text.strip_suffix("[]") {
            let items = single(inner.trim())?;
            return Some(Schema::of(Type::Array(Box::new(items))));
        }
        // The other SDK languages' containers: `List[T]`, `[]T`, `Optional[T]`,
        // `Nullable[T]`, `Dict[str, T]`, `map[string]T`.
        if let Some(inner) = text
            .strip_prefix("List[")
            .and_then(|rest| rest.strip_suffix(']'))
        {
            return Some(Schema::of(Type::Array(Box::new(parse(inner)?))));
        }
        if let Some(inner) = text.strip_prefix("[]") {
            return Some(Schema::of(Type::Array(Box::new(single(inner.trim())?))));
        }
        if let Some(inner) = text
            .strip_prefix("Optional[")
            .and_then(|rest| rest.strip_suffix(']'))
        {
            return parse(inner);
        }
        if let Some(inner) = text
            .strip_prefix("Nullable[")
            .and_then(|rest| rest.strip_suffix(']'))
        {
            let mut schema = parse(inner)?;
            schema.nullable = true;
            return Some(schema);
        }
        let map = text
            .strip_prefix("Dict[")
            .and_then(|rest| rest.strip_suffix(']'))
            .and_then(|inner| inner.split_once(','))
            .filter(|(key, _)| matches!(key.trim(), "str" | "*str*"))
            .map(|(_, values)| values)
            .or_else(|| {
                text.strip_prefix("map[string]")
                    .or_else(|| text.strip_prefix("map[*string*]"))
            });
        if let Some(values) = map {
            return Some(Schema {
                kind: Type::Object,
                additional: Some(Box::new(parse(values.trim())?)),
                ..Schema::default()
            });
        }
        if let Some(inner) = text.strip_prefix('(').and_then(|t| t.strip_suffix(')')) {
            return parse(inner);
        }
        if let Some(inner) = text
            .strip_prefix("Record<")
            .and_then(|rest| rest.strip_suffix('>'))
        {
            let (key, values) = inner.split_once(',')?;
            if !matches!(key.trim(), "string" | "*string*") {
                return None;
            }
            let values = parse(values.trim())?;
            return Some(Schema {
                kind: Type::Object,
                additional: Some(Box::new(values)),
                ..Schema::default()
            });
        }
        if let Some(rest) = text.strip_prefix('[') {
            // `[models.X](../models/x.md)`
            let (label, link) = rest.split_once("](")?;
            link.strip_suffix(')')?;
            // A link to a language's own type (`[time.Time](https://pkg.go.dev/time#Time)`)
            // is that type, not one of the API's.
            return primitive(label.trim().trim_matches('*')).or_else(|| named(label));
        }
        if let Some(word) = text.strip_prefix('*').and_then(|t| t.strip_suffix('*')) {
            // `*Optional[str]*`: the emphasis holds a type of its own.
            let word = word.trim();
            return primitive(word).or_else(|| (!word.is_empty()).then(|| single(word)).flatten());
        }
        if text.starts_with('"') {
            let value: serde_json::Value = serde_json::from_str(text).ok()?;
            return Some(Schema {
                kind: Type::String,
                enumeration: vec![value],
                ..Schema::default()
            });
        }
        primitive(text).or_else(|| named(text))
    }

    /// `models.X`, `operations.X`, `components.X` → the named type `X`.
    fn named(label: &str) -> Option<Schema> {
        let (prefix, name) = label.trim().rsplit_once('.')?;
        let simple = |text: &str| {
            !text.is_empty() && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        };
        if !simple(prefix) || !simple(name) {
            return None;
        }
        Some(Schema::of(Type::Named(name.to_string())))
    }

    fn primitive(word: &str) -> Option<Schema> {
        let with_format = |kind: Type, format: &str| Schema {
            kind,
            format: Some(format.to_string()),
            ..Schema::default()
        };
        Some(match word {
            "string" | "str" => Schema::of(Type::String),
            "number" | "float" | "float64" | "double" => Schema::of(Type::Number),
            "float32" => with_format(Type::Number, "float"),
            "boolean" | "bool" => Schema::of(Type::Boolean),
            "bigint" | "int" | "integer" | "long" => Schema::of(Type::Integer),
            "int64" => with_format(Type::Integer, "int64"),
            "int32" => with_format(Type::Integer, "int32"),
            "any" | "Any" | "unknown" | "interface{}" => Schema::of(Type::Any),
            "Date" | "datetime" | "time.Time" | "OffsetDateTime" => {
                with_format(Type::String, "date-time")
            }
            "RFCDate" | "date" | "types.Date" | "LocalDate" => with_format(Type::String, "date"),
            "Uint8Array" | "ReadableStream<Uint8Array>" | "File" | "Blob" | "bytes" | "[]byte" => {
                with_format(Type::String, "binary")
            }
            _ => return None,
        })
    }
}

/// TypeScript value literals as the SDK's examples write them → JSON.
mod literal {
    use serde_json::{Map, Value};

    pub fn parse(text: &str) -> Option<Value> {
        let chars: Vec<char> = text.chars().collect();
        let mut parser = Parser { chars, at: 0 };
        let value = parser.value()?;
        parser.space();
        (parser.at == parser.chars.len()).then_some(value)
    }

    struct Parser {
        chars: Vec<char>,
        at: usize,
    }

    impl Parser {
        fn peek(&self) -> Option<char> {
            self.chars.get(self.at).copied()
        }

        fn space(&mut self) {
            while self.peek().is_some_and(char::is_whitespace) {
                self.at += 1;
            }
        }

        fn eat(&mut self, c: char) -> bool {
            self.space();
            if self.peek() == Some(c) {
                self.at += 1;
                true
            } else {
                false
            }
        }

        fn word(&mut self) -> String {
            let start = self.at;
            while self
                .peek()
                .is_some_and(|c| c.is_alphanumeric() || matches!(c, '_' | '$' | '.'))
            {
                self.at += 1;
            }
            self.chars[start..self.at].iter().collect()
        }

        fn value(&mut self) -> Option<Value> {
            self.space();
            match self.peek()? {
                '{' => self.object(),
                '[' => self.array(),
                '"' | '\'' => self.string().map(Value::String),
                c if c == '-' || c.is_ascii_digit() => self.number(),
                _ => {
                    let word = self.word();
                    match word.as_str() {
                        "true" => Some(Value::Bool(true)),
                        "false" => Some(Value::Bool(false)),
                        "null" => Some(Value::Null),
                        "new" => {
                            self.space();
                            let class = self.word();
                            if class != "Date" || !self.eat('(') {
                                return None;
                            }
                            self.space();
                            let text = self.string()?;
                            self.eat(')').then_some(Value::String(text))
                        }
                        _ => None,
                    }
                }
            }
        }

        fn object(&mut self) -> Option<Value> {
            self.eat('{');
            let mut map = Map::new();
            loop {
                if self.eat('}') {
                    return Some(Value::Object(map));
                }
                self.space();
                let key = match self.peek()? {
                    '"' | '\'' => self.string()?,
                    _ => {
                        let word = self.word();
                        if word.is_empty() {
                            return None;
                        }
                        word
                    }
                };
                if !self.eat(':') {
                    return None;
                }
                let value = self.value()?;
                map.insert(key, value);
                if !self.eat(',') {
                    return self.eat('}').then_some(Value::Object(map));
                }
            }
        }

        fn array(&mut self) -> Option<Value> {
            self.eat('[');
            let mut items = Vec::new();
            loop {
                if self.eat(']') {
                    return Some(Value::Array(items));
                }
                items.push(self.value()?);
                if !self.eat(',') {
                    return self.eat(']').then_some(Value::Array(items));
                }
            }
        }

        fn string(&mut self) -> Option<String> {
            let quote = self.peek()?;
            self.at += 1;
            let mut raw = String::from('"');
            loop {
                let c = self.peek()?;
                self.at += 1;
                match c {
                    '\\' => {
                        let next = self.peek()?;
                        self.at += 1;
                        if next == '\'' {
                            raw.push('\'');
                        } else {
                            raw.push('\\');
                            raw.push(next);
                        }
                    }
                    '"' if quote == '\'' => raw.push_str("\\\""),
                    c if c == quote => break,
                    c => raw.push(c),
                }
            }
            raw.push('"');
            serde_json::from_str(&raw).ok()
        }

        fn number(&mut self) -> Option<Value> {
            let start = self.at;
            while self
                .peek()
                .is_some_and(|c| c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e' | 'E'))
            {
                self.at += 1;
            }
            let text: String = self.chars[start..self.at].iter().collect();
            serde_json::from_str(&text).ok()
        }
    }
}

#[cfg(test)]
mod tests;
