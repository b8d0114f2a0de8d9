//! Load and validate: a spec file's text becomes an [`openapiv3::OpenAPI`] document, or an error
//! that names the file and the place in it.
//!
//! Loading checks what the OpenAPI model cannot: that the document is OpenAPI 3.0 or 3.1 at all
//! (not Swagger 2.0, not some other YAML), and that every `$ref` points at something. The text
//! is parsed once into a YAML tree, which [`normalise`] rewrites into what the 3.0 model reads
//! (3.1's spellings, out-of-range integer bounds) before the model is read from it. 3.1's
//! `webhooks`, which the 3.0 model has no field for, are read from the same tree beside it
//! ([`Spec::webhooks`]).

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;
use std::sync::Arc;

mod bundle;
mod json_lines;
pub(crate) mod lines;
mod model;
mod normalise;
pub(crate) mod pointer;
mod tree;
pub mod units;

use lines::line_in;
use pointer::resolve_pointer;
pub(crate) use pointer::{escape_segment, pointer_join, unescape_segment};
use tree::syntax_error;

use indexmap::IndexMap;
use openapiv3::{OpenAPI, PathItem, ReferenceOr};
use serde::Deserialize;
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
    /// OpenAPI 3.1's `webhooks`: the requests the API sends to its subscribers, by name. The
    /// 3.0 model has no place for them, so they are read beside it, from the same tree.
    pub webhooks: IndexMap<String, ReferenceOr<PathItem>>,
    /// OpenAPI 3.1's `info.license.identifier`: the license as an SPDX expression. The 3.0
    /// model's `License` has no place for it, so it is read beside it, from the same tree.
    pub license_identifier: Option<String>,
    /// Generate what does not depend on a broken part, and skip the rest (`--skip-invalid`).
    pub skip_invalid: bool,
    /// What loading left out because it is broken, with why (only with `skip_invalid`).
    pub skipped: Vec<Skipped>,
    /// Every file the document was read from, the entry file first (kept to find lines).
    sources: Vec<bundle::Source>,
    /// Where nodes bundled in from other files came from: a pointer in the document, to the
    /// index of its file in `sources` and its pointer there.
    origins: HashMap<String, (usize, String)>,
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
    parse_at(path, &file, &name, &text, options)
}

/// Reads and parses one spec file as the API `name` (its crates' names), whatever the file's
/// stem: a document's entry file is often named for its version (`openapi.v2.yaml`).
pub fn load_as(path: &Path, file: &str, name: &str, options: LoadOptions) -> Result<Spec> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
        file: file.to_owned(),
        source,
    })?;
    parse_at(path, file, name, &text, options)
}

/// Parses spec text (YAML or JSON); `file` is only used in messages.
pub fn parse(file: &str, name: &str, text: &str) -> Result<Spec> {
    parse_with(file, name, text, LoadOptions::default())
}

/// [`parse`], with options. Every broken reference of the document is reported at once.
/// References to other files are read relative to `file`.
pub fn parse_with(file: &str, name: &str, text: &str, options: LoadOptions) -> Result<Spec> {
    parse_at(Path::new(file), file, name, text, options)
}

/// Parses the text of the file at `path` (named `file` in messages), bundling in the other
/// files its references name.
fn parse_at(path: &Path, file: &str, name: &str, text: &str, options: LoadOptions) -> Result<Spec> {
    let mut raw = tree::parse(text).map_err(|err| syntax_error(file, text, &err))?;
    let shared: Arc<str> = Arc::from(text);
    let mut spec_for_messages = Spec {
        file: file.to_owned(),
        name: name.to_owned(),
        document: OpenAPI::default(),
        webhooks: IndexMap::new(),
        license_identifier: None,
        skip_invalid: options.skip_invalid,
        skipped: Vec::new(),
        sources: vec![bundle::Source {
            file: file.to_owned(),
            text: Arc::clone(&shared),
        }],
        origins: HashMap::new(),
    };
    let openapi_31 = check_version(&spec_for_messages, &raw)?;
    let bundled = bundle::bundle(&mut raw, path, file, &shared);
    spec_for_messages.sources = bundled.sources;
    spec_for_messages.origins = bundled.origins;
    let reported: std::collections::HashSet<String> = bundled
        .problems
        .iter()
        .map(|(pointer, _)| pointer.clone())
        .collect();
    let mut bundle_problems = bundled.problems;
    normalise::normalise(&mut raw, openapi_31)
        .map_err(|problem| spec_for_messages.unsupported(&problem.pointer, problem.message))?;
    // Leaving a broken part out can break what refers to it: check again until nothing is.
    let mut left_out: Vec<(units::Part, String)> = Vec::new();
    loop {
        let mut problems = std::mem::take(&mut bundle_problems);
        check_refs(
            &Check {
                spec: &spec_for_messages,
                root: &raw,
                reported: &reported,
            },
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
        // A round that leaves nothing out would find the same problems again, forever.
        let mut left_out_now = false;
        let mut kept = Vec::new();
        for (pointer, err) in problems {
            let Some(part) = units::Part::of(&pointer) else {
                return Err(err);
            };
            if !part.remove_from_tree(&mut raw) {
                kept.push(err);
                continue;
            }
            left_out_now = true;
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
        if !left_out_now {
            return Err(Error::several(kept));
        }
    }

    if let Some(pointer) = too_deep(&raw) {
        return Err(spec_for_messages.unsupported(
            &pointer,
            format!(
                "nested more than {MAX_NESTING} levels deep: the OpenAPI parser recurses once \
                 per level, and real documents nest about 30"
            ),
        ));
    }
    let webhooks = read_webhooks(&spec_for_messages, &mut raw)?;
    let license_identifier = raw
        .get("info")
        .and_then(|info| info.get("license"))
        .and_then(|license| license.get("identifier"))
        .and_then(Value::as_str)
        .map(str::to_owned);
    // The text is parsed once; the OpenAPI model is read from the normalised tree (its paths and
    // components entry by entry, on every core: model::read_in_parts), without
    // tracking where in it the reader is (serde_path_to_error keeps each key it passes, a good
    // part of reading a large document): only a document that fails is read again, tracked, to
    // say where. openapiv3 asserts on some documents it half-parses; such an assertion is
    // reported as an error about the document rather than left to end the process.
    let parsed = std::panic::catch_unwind(move || {
        if let Some(document) = model::read_in_parts(&mut raw) {
            return Ok(document);
        }
        match OpenAPI::deserialize(&raw) {
            Ok(document) => Ok(document),
            Err(_) => serde_path_to_error::deserialize::<_, OpenAPI>(raw),
        }
    })
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
        webhooks,
        license_identifier,
        ..spec_for_messages
    })
}

/// Most levels of mappings and lists a document may nest (the YAML reader allows 128, bundling
/// and normalising add to that). The OpenAPI model is read recursively, with large frames, so a
/// deeper document would overflow the stack rather than fail.
const MAX_NESTING: usize = 64;

/// The pointer of the first node nested deeper than [`MAX_NESTING`], if there is one. The walk
/// spells no pointer on its way down; only the node found has one, made on the way back up.
fn too_deep(node: &Value) -> Option<String> {
    let mut segments = Vec::new();
    if !too_deep_below(node, 0, &mut segments) {
        return None;
    }
    let mut pointer = String::new();
    for segment in segments.iter().rev() {
        pointer::push_segment(&mut pointer, segment);
    }
    Some(pointer)
}

/// Whether a node at or below `node` (at `depth`) is nested too deep; if so, `segments` ends
/// with the segments of its pointer below `node`, innermost first.
fn too_deep_below(node: &Value, depth: usize, segments: &mut Vec<String>) -> bool {
    let mut child = |segment: &dyn Fn() -> String, value: &Value| {
        let found = too_deep_below(value, depth + 1, segments);
        if found {
            segments.push(segment());
        }
        found
    };
    match node {
        Value::Tagged(tagged) => too_deep_below(&tagged.value, depth, segments),
        Value::Mapping(map) if !map.is_empty() && depth >= MAX_NESTING => true,
        Value::Sequence(items) if !items.is_empty() && depth >= MAX_NESTING => true,
        Value::Mapping(map) => map.iter().any(|(key, value)| match key {
            Value::String(key) => child(&|| key.clone(), value),
            other => child(
                &|| {
                    let key = serde_yaml::to_string(other).unwrap_or_default();
                    key.trim_end().to_owned()
                },
                value,
            ),
        }),
        Value::Sequence(items) => items
            .iter()
            .enumerate()
            .any(|(index, item)| child(&|| index.to_string(), item)),
        _ => false,
    }
}

/// Takes `webhooks` out of the normalised tree and reads each webhook as a path item: the
/// operations of one are the requests the API sends under that name.
fn read_webhooks(spec: &Spec, raw: &mut Value) -> Result<IndexMap<String, ReferenceOr<PathItem>>> {
    let Some(node) = raw.as_mapping_mut().and_then(|map| map.remove("webhooks")) else {
        return Ok(IndexMap::new());
    };
    let parsed = std::panic::catch_unwind(move || {
        serde_path_to_error::deserialize::<_, IndexMap<String, ReferenceOr<PathItem>>>(node)
    })
    .map_err(|_| {
        spec.error(
            "/webhooks",
            "not a valid OpenAPI document: the OpenAPI parser could not read `webhooks`",
        )
    })?;
    parsed.map_err(|err| {
        let pointer = format!("/webhooks{}", pointer_of_path(err.path()));
        let inner = err.into_inner();
        spec.error(&pointer, format!("not a valid OpenAPI document: {inner}"))
    })
}

impl Spec {
    /// The location of the node at `pointer` (`/components/schemas/Pet`): the file it is
    /// written in (another file than the entry file when it was bundled in) and its pointer
    /// there, with its line when the text is JSON, or block-style YAML in which the node can be
    /// found.
    pub fn location(&self, pointer: &str) -> Location {
        let (source, written) = self.written_at(pointer);
        let source = &self.sources[source];
        let line = line_in(&source.text, &written);
        Location {
            file: source.file.clone(),
            line,
            quoted: line.and_then(|line| lines::source_line(&source.text, line, &written)),
            pointer: written,
            node: pointer.to_owned(),
        }
    }

    /// The file and pointer the node at `pointer` of the document is written at: the entry
    /// file's, unless it was bundled in from another file.
    pub fn origin(&self, pointer: &str) -> (&str, String) {
        let (source, pointer) = self.written_at(pointer);
        (&self.sources[source].file, pointer)
    }

    /// Every file the document was read from, the entry file first.
    pub fn files(&self) -> impl Iterator<Item = &str> {
        self.sources.iter().map(|source| source.file.as_str())
    }

    fn written_at(&self, pointer: &str) -> (usize, String) {
        if !self.origins.is_empty() {
            let mut end = pointer.len();
            loop {
                let prefix = &pointer[..end];
                if let Some((source, local)) = self.origins.get(prefix) {
                    return (*source, format!("{local}{}", &pointer[end..]));
                }
                match prefix.rfind('/') {
                    Some(at) if at > 0 => end = at,
                    _ => break,
                }
            }
        }
        (0, pointer.to_owned())
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
            location: Box::new(self.location(pointer)),
            message: message.into(),
        }
    }

    /// An error about an OpenAPI feature at `pointer` that the generator does not support.
    pub fn unsupported(&self, pointer: &str, message: impl Into<String>) -> Error {
        Error::Unsupported {
            location: Box::new(self.location(pointer)),
            message: message.into(),
        }
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

/// What [`check_refs`] checks against: the document, and the references bundling already
/// reported.
struct Check<'a> {
    spec: &'a Spec,
    root: &'a Value,
    reported: &'a std::collections::HashSet<String>,
}

/// Checks every `$ref` in the document: local references must resolve, others are unsupported.
/// `names` says that `node` is a mapping of names (`properties`), whose keys are never
/// keywords: a property named `$ref` is a property. Extensions, examples, defaults and enum
/// values are data, whatever keys they hold.
fn check_refs(
    check: &Check,
    node: &Value,
    pointer: &mut String,
    names: bool,
    problems: &mut Vec<(String, Error)>,
) {
    const DATA: &[&str] = &["example", "default", "enum", "const", "value"];
    let Check { spec, root, .. } = *check;
    match node {
        Value::Mapping(map) => {
            if let Some(target) = map.get("$ref").filter(|_| !names) {
                let here = format!("{pointer}/$ref");
                if check.reported.contains(&here) {
                    // Bundling could not follow it, and said why.
                    return;
                }
                let problem = match target {
                    Value::String(target) => match target.strip_prefix('#') {
                        // Bundling followed it, or said why it could not.
                        None => None,
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
                let key = match key {
                    Value::String(text) => std::borrow::Cow::Borrowed(text.as_str()),
                    other => std::borrow::Cow::Owned(key_text(other)),
                };
                if !names && (key.starts_with("x-") || DATA.contains(&&*key)) {
                    continue;
                }
                let len = pointer.len();
                pointer::push_segment(pointer, &key);
                let names = !names && key == "properties";
                check_refs(check, value, pointer, names, problems);
                pointer.truncate(len);
            }
        }
        Value::Sequence(items) => {
            for (index, value) in items.iter().enumerate() {
                let len = pointer.len();
                // Writing to a String cannot fail.
                let _ = write!(pointer, "/{index}");
                check_refs(check, value, pointer, false, problems);
                pointer.truncate(len);
            }
        }
        Value::Tagged(tagged) => check_refs(check, &tagged.value, pointer, names, problems),
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
