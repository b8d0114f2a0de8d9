//! Load and validate: a spec file's text becomes an [`openapiv3::OpenAPI`] document, or an error
//! that names the file and the place in it.
//!
//! Loading checks what the OpenAPI model cannot: that the document is OpenAPI 3.0 or 3.1 at all
//! (not Swagger 2.0, not some other YAML), and that every `$ref` points at something. The text
//! is parsed once into a YAML tree, which [`normalise`] rewrites into what the 3.0 model reads
//! (3.1's spellings, out-of-range integer bounds) before the model is read from it.

use std::path::Path;

mod json_lines;
mod normalise;
pub(crate) mod pointer;
mod tree;
pub mod units;

pub(crate) use pointer::{escape_segment, pointer_join, unescape_segment};

use openapiv3::OpenAPI;
use serde_yaml::Value;

use crate::error::{Error, Location, Result};

/// One loaded spec: the parsed document, and the text it came from (kept to find lines).
#[derive(Debug, Clone)]
pub struct Spec {
    /// The file as the user named it, used in every message (`specs/awx.yaml`).
    pub file: String,
    /// The API's name: the file stem (`awx`).
    pub name: String,
    pub document: OpenAPI,
    /// Generate what does not depend on a broken part, and skip the rest (`--skip-invalid`).
    pub skip_invalid: bool,
    /// What loading left out because it is broken, with why (only with `skip_invalid`).
    pub skipped: Vec<Skipped>,
    text: String,
}

/// A part of a document left out because it is broken: an operation, a path item or a
/// component, with the problem that broke it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Skipped {
    /// What was left out: `operation PUT /x`, `schema Pet`.
    pub what: String,
    /// The problem, as the error without `--skip-invalid` says it.
    pub reason: String,
}

/// How to load a spec.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    /// Leave out every operation, path item or component that is broken (and, in turn, what
    /// depends on it), and say so, instead of failing.
    pub skip_invalid: bool,
}

/// Reads and parses one spec file.
pub fn load(path: &Path) -> Result<Spec> {
    load_named(path, &path.display().to_string())
}

/// Reads and parses one spec file, naming it `file` in messages (`specs/awx.yaml`).
pub fn load_named(path: &Path, file: &str) -> Result<Spec> {
    load_with(path, file, LoadOptions::default())
}

/// [`load_named`], with options.
pub fn load_with(path: &Path, file: &str, options: LoadOptions) -> Result<Spec> {
    let file = file.to_owned();
    let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
        file: file.clone(),
        source,
    })?;
    let name = path
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_else(|| file.clone());
    parse_with(&file, &name, &text, options)
}

/// Parses spec text (YAML or JSON); `file` is only used in messages.
pub fn parse(file: &str, name: &str, text: &str) -> Result<Spec> {
    parse_with(file, name, text, LoadOptions::default())
}

/// [`parse`], with options. Every broken reference of the document is reported at once.
pub fn parse_with(file: &str, name: &str, text: &str, options: LoadOptions) -> Result<Spec> {
    let mut raw = tree::parse(text).map_err(|err| syntax_error(file, &err))?;
    let mut spec_for_messages = Spec {
        file: file.to_owned(),
        name: name.to_owned(),
        document: OpenAPI::default(),
        skip_invalid: options.skip_invalid,
        skipped: Vec::new(),
        text: text.to_owned(),
    };
    let openapi_31 = check_version(&spec_for_messages, &raw)?;
    normalise::normalise(&mut raw, openapi_31)
        .map_err(|problem| spec_for_messages.unsupported(&problem.pointer, problem.message))?;
    // Leaving a broken part out can break what refers to it: check again until nothing is.
    let mut left_out: Vec<(units::Part, String)> = Vec::new();
    loop {
        let mut problems = Vec::new();
        check_refs(
            &spec_for_messages,
            &raw,
            &raw,
            &mut String::new(),
            false,
            &mut problems,
        );
        if problems.is_empty() {
            break;
        }
        if !options.skip_invalid {
            return Err(Error::several(
                problems.into_iter().map(|(_, err)| err).collect(),
            ));
        }
        for (pointer, err) in problems {
            let Some(part) = units::Part::of(&pointer) else {
                return Err(err);
            };
            if part.remove_from_tree(&mut raw) {
                let message = err.to_string();
                let cause = left_out
                    .iter()
                    .find(|(_, reference)| message.contains(&format!("\"{reference}\"")));
                let reason = match cause {
                    Some((cause, _)) => format!("it refers to {cause}, which is left out"),
                    None => message,
                };
                if let Some(reference) = part.reference() {
                    left_out.push((part.clone(), reference));
                }
                spec_for_messages.skipped.push(Skipped {
                    what: part.to_string(),
                    reason,
                });
            }
        }
    }

    // The text is parsed once; the OpenAPI model is read from the normalised tree. openapiv3
    // asserts on some documents it half-parses; such an assertion is reported as an error
    // about the document rather than left to end the process.
    let parsed =
        std::panic::catch_unwind(move || serde_path_to_error::deserialize::<_, OpenAPI>(raw))
            .map_err(|_| {
                spec_for_messages.error(
                    "",
                    "not a valid OpenAPI 3.0 document: the OpenAPI parser could not read it",
                )
            })?;
    let document: OpenAPI = parsed.map_err(|err| {
        let pointer = pointer_of_path(err.path());
        let inner = err.into_inner();
        spec_for_messages.error(&pointer, format!("not a valid OpenAPI document: {inner}"))
    })?;
    Ok(Spec {
        document,
        ..spec_for_messages
    })
}

impl Spec {
    /// The location of the node at `pointer` (`/components/schemas/Pet`), with its line when the
    /// text is JSON, or block-style YAML in which the node can be found.
    pub fn location(&self, pointer: &str) -> Location {
        Location {
            file: self.file.clone(),
            pointer: pointer.to_owned(),
            line: if self.text.trim_start().starts_with(['{', '[']) {
                json_lines::line_of_pointer(&self.text, pointer)
            } else {
                line_of_pointer(&self.text, pointer)
            },
        }
    }

    /// The API's name is its folder under `generated/` and the stem of its crates' names: it
    /// must be a valid crate name, and not one of the folders (`taken`) the generator writes
    /// for all APIs.
    pub fn check_name(&self, taken: &[&str]) -> Result<()> {
        let name = self.name.as_str();
        let valid = name.starts_with(|c: char| c.is_ascii_alphabetic())
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        let problem = if taken.contains(&name) {
            format!("generated/{name} holds what all APIs share")
        } else if !valid {
            "the file's stem names the API's crates, so it must start with a letter and hold only letters, digits, `-` and `_`".to_owned()
        } else {
            return Ok(());
        };
        Err(self.error(
            "",
            format!("an API cannot be named \"{name}\": {problem}; rename the file"),
        ))
    }

    /// An error about the node at `pointer`.
    pub fn error(&self, pointer: &str, message: impl Into<String>) -> Error {
        Error::Spec {
            location: self.location(pointer),
            message: message.into(),
        }
    }

    /// An error about an OpenAPI feature at `pointer` that the generator does not support.
    pub fn unsupported(&self, pointer: &str, message: impl Into<String>) -> Error {
        Error::Unsupported {
            location: self.location(pointer),
            message: message.into(),
        }
    }
}

fn syntax_error(file: &str, err: &serde_yaml::Error) -> Error {
    let (line, column) = err
        .location()
        .map(|mark| (mark.line(), mark.column()))
        .unwrap_or((1, 1));
    Error::Syntax {
        file: file.to_owned(),
        line,
        column,
        message: err.to_string(),
    }
}

/// Checks that the document is OpenAPI 3.0 or 3.1, and says whether it is 3.1.
fn check_version(spec: &Spec, raw: &Value) -> Result<bool> {
    let Value::Mapping(map) = raw else {
        return Err(spec.error(
            "",
            format!(
                "expected an OpenAPI 3.0 document (a mapping with an `openapi` field), found {}",
                kind_of(raw)
            ),
        ));
    };
    match map.get("openapi") {
        Some(Value::String(version)) if version.starts_with("3.0") => Ok(false),
        Some(Value::String(version)) if version.starts_with("3.1") => Ok(true),
        Some(Value::String(version)) if version.starts_with("3.") => Err(spec.unsupported(
            "/openapi",
            format!("OpenAPI {version}: only OpenAPI 3.0.x and 3.1.x are supported"),
        )),
        Some(other) => Err(spec.error(
            "/openapi",
            format!(
                "expected an OpenAPI version string such as \"3.0.3\", found {}",
                describe(other)
            ),
        )),
        None if map.contains_key("swagger") => Err(spec.unsupported(
            "/swagger",
            "Swagger 2.0: only OpenAPI 3.0.x is supported (convert the document to OpenAPI 3.0 first)",
        )),
        None => {
            let keys: Vec<String> = map
                .keys()
                .take(5)
                .map(|key| match key {
                    Value::String(key) => format!("`{key}`"),
                    other => describe(other),
                })
                .collect();
            Err(spec.error(
                "",
                format!(
                    "not an OpenAPI document: expected a top-level `openapi` field, found {}",
                    if keys.is_empty() {
                        "an empty mapping".to_owned()
                    } else {
                        format!("the fields {}", keys.join(", "))
                    }
                ),
            ))
        }
    }
}

/// Checks every `$ref` in the document: local references must resolve, others are unsupported.
/// `names` says that `node` is a mapping of names (`properties`), whose keys are never
/// keywords: a property named `$ref` is a property. Extensions, examples, defaults and enum
/// values are data, whatever keys they hold.
fn check_refs(
    spec: &Spec,
    root: &Value,
    node: &Value,
    pointer: &mut String,
    names: bool,
    problems: &mut Vec<(String, Error)>,
) {
    const DATA: &[&str] = &["example", "default", "enum", "const", "value"];
    match node {
        Value::Mapping(map) => {
            if let Some(target) = map.get("$ref").filter(|_| !names) {
                let here = format!("{pointer}/$ref");
                let problem = match target {
                    Value::String(target) => match target.strip_prefix('#') {
                        None => Some(spec.unsupported(
                            &here,
                            format!("external reference \"{target}\": only references within the document (\"#/...\") are supported"),
                        )),
                        Some(local) if resolve_pointer(root, local).is_none() => Some(spec.error(
                            &here,
                            format!(
                                "dangling reference: \"{target}\" points at nothing in this document"
                            ),
                        )),
                        Some(_) => None,
                    },
                    other => Some(spec.error(
                        &here,
                        format!("expected a string, found {}", describe(other)),
                    )),
                };
                if let Some(problem) = problem {
                    problems.push((here, problem));
                }
            }
            for (key, value) in map {
                let key = key_text(key);
                if !names && (key.starts_with("x-") || DATA.contains(&key.as_str())) {
                    continue;
                }
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&escape_segment(&key));
                let names = !names && key == "properties";
                check_refs(spec, root, value, pointer, names, problems);
                pointer.truncate(len);
            }
        }
        Value::Sequence(items) => {
            for (index, value) in items.iter().enumerate() {
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&index.to_string());
                check_refs(spec, root, value, pointer, false, problems);
                pointer.truncate(len);
            }
        }
        Value::Tagged(tagged) => check_refs(spec, root, &tagged.value, pointer, names, problems),
        // OpenAPI is JSON: YAML's `.inf` and `.nan` have no JSON spelling.
        Value::Number(number) if number.as_f64().is_some_and(|n| !n.is_finite()) => {
            problems.push((
                pointer.clone(),
                spec.error(
                    pointer,
                    format!("expected a JSON number, found {number}, which JSON cannot represent"),
                ),
            ))
        }
        _ => {}
    }
}

fn resolve_pointer<'a>(root: &'a Value, pointer: &str) -> Option<&'a Value> {
    if pointer.is_empty() {
        return Some(root);
    }
    let mut node = root;
    for segment in pointer.strip_prefix('/')?.split('/') {
        let segment = unescape_segment(segment);
        node = match node {
            Value::Mapping(map) => map
                .iter()
                .find(|(key, _)| key_text(key) == segment)
                .map(|(_, value)| value)?,
            Value::Sequence(items) => items.get(segment.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(node)
}

/// The text of a mapping key; YAML allows `200:` (a number) where OpenAPI means the string.
fn key_text(key: &Value) -> String {
    match key {
        Value::String(text) => text.clone(),
        Value::Number(number) => number.to_string(),
        Value::Bool(flag) => flag.to_string(),
        other => describe(other),
    }
}

fn pointer_of_path(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => pointer.push_str(&format!("/{index}")),
            Segment::Map { key } => pointer.push_str(&format!("/{}", escape_segment(key))),
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    pointer
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "an empty document",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a mapping",
        Value::Tagged(_) => "a tagged value",
    }
}

fn describe(value: &Value) -> String {
    match value {
        Value::String(text) => format!("the string \"{text}\""),
        Value::Number(number) => format!("the number {number}"),
        Value::Bool(flag) => format!("the boolean {flag}"),
        other => kind_of(other).to_owned(),
    }
}

/// Finds the line of a JSON pointer in block-style YAML by walking its segments down the
/// indentation. Returns `None` when the text is not laid out so that it can be found (flow style,
/// JSON on one line, anchors).
pub(crate) fn line_of_pointer(text: &str, pointer: &str) -> Option<usize> {
    let lines: Vec<&str> = text.lines().collect();
    let segments: Vec<String> = match pointer.strip_prefix('/') {
        Some(rest) => rest.split('/').map(unescape_segment).collect(),
        None => return pointer.is_empty().then_some(1),
    };
    // The children of the current node: lines from `start`, indented past `parent_indent`. When
    // the node is a sequence item, its first key sits on the dash line itself, past the dash.
    let mut start = 0usize;
    let mut parent_indent: isize = -1;
    let mut item_line: Option<usize> = None;
    let mut found = None;
    for segment in segments {
        let mut hit = None;
        let mut item_count = 0usize;
        let mut child_indent: Option<usize> = None;
        for (index, line) in lines.iter().enumerate().skip(start) {
            let line: String = if item_line == Some(index) {
                line.replacen('-', " ", 1)
            } else {
                (*line).to_owned()
            };
            let trimmed = line.trim_start();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let indent = line.len() - trimmed.len();
            if indent as isize <= parent_indent {
                break;
            }
            if indent != *child_indent.get_or_insert(indent) {
                continue;
            }
            if trimmed == "-" || trimmed.starts_with("- ") {
                if segment.parse::<usize>().ok() == Some(item_count) {
                    hit = Some((index, indent, true));
                    break;
                }
                item_count += 1;
                continue;
            }
            let key = trimmed
                .split_once(':')
                .map(|(key, _)| key.trim().trim_matches(|c| c == '"' || c == '\''));
            if key == Some(segment.as_str()) {
                hit = Some((index, indent, false));
                break;
            }
        }
        let (index, indent, is_item) = hit?;
        found = Some(index + 1);
        parent_indent = indent as isize;
        if is_item {
            start = index;
            item_line = Some(index);
        } else {
            start = index + 1;
            item_line = None;
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "openapi: 3.0.3\ninfo:\n  title: t\n  version: '1'\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\ncomponents:\n  schemas:\n    Pet:\n      type: object\n      properties:\n        name:\n          type: strnig\n";

    #[test]
    fn finds_lines_of_pointers() {
        assert_eq!(line_of_pointer(SAMPLE, "/components/schemas/Pet"), Some(13));
        assert_eq!(
            line_of_pointer(SAMPLE, "/components/schemas/Pet/properties/name/type"),
            Some(17)
        );
        assert_eq!(
            line_of_pointer(SAMPLE, "/paths/~1a/get/responses/200"),
            Some(9)
        );
        assert_eq!(line_of_pointer(SAMPLE, "/components/schemas/Dog"), None);
    }

    #[test]
    fn finds_lines_in_sequences() {
        let text = "a:\n  - x: 1\n    y: 2\n  - x: 3\n    y: 4\n";
        assert_eq!(line_of_pointer(text, "/a/1"), Some(4));
        assert_eq!(line_of_pointer(text, "/a/1/y"), Some(5));
    }
}
