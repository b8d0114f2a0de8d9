//! Bundling: a document whose `$ref`s reach into other files becomes one document.
//!
//! Every `$ref` outside the entry file, and every `$ref` in the entry file that names another
//! file (`models/pet.yaml`, `common.yaml#/Error`), is followed. What it points at is placed in
//! the entry document where OpenAPI lets a reference point:
//!
//! - a schema, parameter, request body, response, header, example, link, callback or security
//!   scheme goes under `components/<kind>/<name>`, named from its pointer (`#/Error` gives
//!   `Error`, `#/components/schemas/Pet` gives `Pet`) or, when the reference is to a whole file,
//!   from the file's stem (`models/pet.yaml` gives `pet`). A name already taken by something
//!   else gets the file's stem, then its folder, in front, and a number as a last resort; so
//!   the same document always bundles to the same names. The reference then points there, so
//!   references that come back around (a cycle across files) end at the placed component.
//! - anything else (a path item, an operation a document keeps in its own file, a description)
//!   is copied in where the reference stands, with the reference's own sibling keys on top.
//!
//! Where each copied node came from is kept ([`Bundle::origins`]), so that a problem found later
//! in the bundled document is reported in the file and at the place it is written. The keys of
//! a mapping of names (`properties`, `paths`, `responses`…) are names, never keywords: a
//! property named `$ref` is a property; examples, defaults, enums and extensions are data.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet, VecDeque};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use serde_yaml::{Mapping, Value};

use super::pointer::{escape_segment, push_segment, resolve_pointer as resolve, unescape_segment};
use crate::error::{Error, Location};

/// One file of a bundled document: its name in messages and its text (kept to find lines;
/// shared, since a spec and the specs made from it while leaving out broken parts keep it).
#[derive(Debug, Clone)]
pub(crate) struct Source {
    pub file: String,
    pub text: Arc<str>,
}

/// What bundling made, beside the rewritten document.
#[derive(Debug, Default)]
pub(super) struct Bundle {
    /// Every file read, the entry file first.
    pub sources: Vec<Source>,
    /// Where nodes copied from other files came from: a pointer in the bundled document, to
    /// the index of its file in `sources` and its pointer there.
    pub origins: HashMap<String, (usize, String)>,
    /// References that could not be followed, each with the pointer of the reference in the
    /// bundled document (to leave its part out) and the error naming its own file.
    pub problems: Vec<(String, Error)>,
}

/// Bundles `root`, read from `text` of the file at `path` (named `file` in messages), in place.
pub(super) fn bundle(root: &mut Value, path: &Path, file: &str, text: &Arc<str>) -> Bundle {
    let entry = normalised(path);
    let mut bundler = Bundler {
        sources: vec![Source {
            file: file.to_owned(),
            text: Arc::clone(text),
        }],
        paths: vec![entry.clone()],
        // The entry file as it was read is needed only to copy from it, which most documents
        // never do: it is read again from its text the first time it is (`Bundler::tree`).
        trees: vec![Value::Null],
        by_path: HashMap::from([(entry, Some(0))]),
        placed: HashMap::new(),
        taken: HashMap::new(),
        queue: VecDeque::new(),
        origins: HashMap::new(),
        problems: Vec::new(),
    };
    if let Some(Value::Mapping(components)) = root.get("components") {
        for (kind, members) in components {
            if let (Value::String(kind), Value::Mapping(members)) = (kind, members) {
                let names = members
                    .keys()
                    .filter_map(|name| name.as_str().map(str::to_owned));
                bundler.taken.entry(kind.clone()).or_default().extend(names);
            }
        }
    }
    bundler.walk(root, Ctx::Doc, &mut At::entry(), 0);
    while let Some(job) = bundler.queue.pop_front() {
        let Some(mut node) = resolve(bundler.tree(job.file), &job.pointer).cloned() else {
            continue;
        };
        let bundled = format!("/components/{}/{}", job.kind, escape_segment(&job.name));
        bundler
            .origins
            .insert(bundled.clone(), (job.file, job.pointer.clone()));
        let mut at = At {
            file: job.file,
            bundled,
            local: job.pointer,
        };
        bundler.walk(&mut node, job.ctx, &mut at, 0);
        place(root, job.kind, &job.name, node);
    }
    Bundle {
        sources: bundler.sources,
        origins: bundler.origins,
        problems: bundler.problems,
    }
}

fn place(root: &mut Value, kind: &str, name: &str, node: Value) {
    let Value::Mapping(map) = root else { return };
    let components = map
        .entry(Value::String("components".to_owned()))
        .or_insert_with(|| Value::Mapping(Mapping::new()));
    if !components.is_mapping() {
        *components = Value::Mapping(Mapping::new());
    }
    let Value::Mapping(components) = components else {
        return;
    };
    let members = components
        .entry(Value::String(kind.to_owned()))
        .or_insert_with(|| Value::Mapping(Mapping::new()));
    if let Value::Mapping(members) = members {
        members.insert(Value::String(name.to_owned()), node);
    }
}

/// What a node is, by where it stands: it says what a `$ref` on it may point at and what its
/// keys are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ctx {
    Doc,
    /// A node of no kind a reference can be placed as (`info`, a tag): a reference in it is
    /// copied in.
    Other,
    /// Examples, defaults, extensions: never walked.
    Data,
    Paths,
    PathItem,
    Operation,
    ParameterList,
    Parameter,
    Parameters,
    RequestBody,
    RequestBodies,
    Responses,
    Response,
    Content,
    MediaType,
    Encodings,
    Encoding,
    Headers,
    Header,
    Examples,
    Example,
    Links,
    Link,
    Callbacks,
    Callback,
    Schemas,
    SchemaList,
    Schema,
    Discriminator,
    Components,
    SecuritySchemes,
    SecurityScheme,
}

impl Ctx {
    /// The components section a reference from a node of this kind is placed in, if any.
    fn component(self) -> Option<&'static str> {
        Some(match self {
            Ctx::Schema => "schemas",
            Ctx::Parameter => "parameters",
            Ctx::RequestBody => "requestBodies",
            Ctx::Response => "responses",
            Ctx::Header => "headers",
            Ctx::Example => "examples",
            Ctx::Link => "links",
            Ctx::Callback => "callbacks",
            Ctx::SecurityScheme => "securitySchemes",
            _ => return None,
        })
    }

    /// Whether the node's keys are names, not keywords (so `$ref` among them is a name).
    fn names(self) -> bool {
        matches!(
            self,
            Ctx::Paths
                | Ctx::Parameters
                | Ctx::RequestBodies
                | Ctx::Responses
                | Ctx::Content
                | Ctx::Encodings
                | Ctx::Headers
                | Ctx::Examples
                | Ctx::Links
                | Ctx::Callbacks
                | Ctx::Schemas
                | Ctx::Components
                | Ctx::SecuritySchemes
        )
    }

    /// The kind of the value under `key`.
    fn child(self, key: &str) -> Ctx {
        if key.starts_with("x-") && !self.names() {
            return Ctx::Data;
        }
        match self {
            Ctx::Doc => match key {
                "paths" | "webhooks" => Ctx::Paths,
                "components" => Ctx::Components,
                _ => Ctx::Other,
            },
            Ctx::Other => Ctx::Other,
            Ctx::Data => Ctx::Data,
            Ctx::Paths => Ctx::PathItem,
            Ctx::PathItem => match key {
                "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace" => {
                    Ctx::Operation
                }
                "parameters" => Ctx::ParameterList,
                _ => Ctx::Other,
            },
            Ctx::Operation => match key {
                "parameters" => Ctx::ParameterList,
                "requestBody" => Ctx::RequestBody,
                "responses" => Ctx::Responses,
                "callbacks" => Ctx::Callbacks,
                _ => Ctx::Other,
            },
            Ctx::ParameterList | Ctx::SchemaList => Ctx::Other,
            Ctx::Parameter | Ctx::Header => match key {
                "schema" => Ctx::Schema,
                "content" => Ctx::Content,
                "examples" => Ctx::Examples,
                "example" => Ctx::Data,
                _ => Ctx::Other,
            },
            Ctx::Parameters => Ctx::Parameter,
            Ctx::RequestBody | Ctx::Response if key == "content" => Ctx::Content,
            Ctx::Response => match key {
                "headers" => Ctx::Headers,
                "links" => Ctx::Links,
                _ => Ctx::Other,
            },
            Ctx::RequestBody => Ctx::Other,
            Ctx::RequestBodies => Ctx::RequestBody,
            Ctx::Responses => Ctx::Response,
            Ctx::Content => Ctx::MediaType,
            Ctx::MediaType => match key {
                "schema" => Ctx::Schema,
                "examples" => Ctx::Examples,
                "encoding" => Ctx::Encodings,
                "example" => Ctx::Data,
                _ => Ctx::Other,
            },
            Ctx::Encodings => Ctx::Encoding,
            Ctx::Encoding => match key {
                "headers" => Ctx::Headers,
                _ => Ctx::Other,
            },
            Ctx::Headers => Ctx::Header,
            Ctx::Examples => Ctx::Example,
            Ctx::Example => Ctx::Data,
            Ctx::Links => Ctx::Link,
            Ctx::Link => Ctx::Data,
            Ctx::Callbacks => Ctx::Callback,
            Ctx::Callback => Ctx::PathItem,
            Ctx::Schemas => Ctx::Schema,
            Ctx::Schema => match key {
                "properties" | "patternProperties" | "$defs" | "definitions"
                | "dependentSchemas" => Ctx::Schemas,
                "allOf" | "anyOf" | "oneOf" | "prefixItems" => Ctx::SchemaList,
                "items"
                | "additionalProperties"
                | "not"
                | "contains"
                | "if"
                | "then"
                | "else"
                | "propertyNames"
                | "unevaluatedProperties"
                | "unevaluatedItems"
                | "additionalItems"
                | "contentSchema" => Ctx::Schema,
                "discriminator" => Ctx::Discriminator,
                "example" | "examples" | "default" | "enum" | "const" => Ctx::Data,
                _ => Ctx::Other,
            },
            Ctx::Discriminator => Ctx::Data,
            Ctx::Components => match key {
                "schemas" => Ctx::Schemas,
                "parameters" => Ctx::Parameters,
                "requestBodies" => Ctx::RequestBodies,
                "responses" => Ctx::Responses,
                "headers" => Ctx::Headers,
                "examples" => Ctx::Examples,
                "links" => Ctx::Links,
                "callbacks" => Ctx::Callbacks,
                "securitySchemes" => Ctx::SecuritySchemes,
                "pathItems" => Ctx::Paths,
                _ => Ctx::Other,
            },
            Ctx::SecuritySchemes => Ctx::SecurityScheme,
            Ctx::SecurityScheme => Ctx::Other,
        }
    }

    /// The kind of the items of a list.
    fn item(self) -> Ctx {
        match self {
            Ctx::ParameterList => Ctx::Parameter,
            Ctx::SchemaList => Ctx::Schema,
            // `items` as a list: the tuple form of older JSON Schema.
            Ctx::Schema => Ctx::Schema,
            Ctx::Data => Ctx::Data,
            _ => Ctx::Other,
        }
    }
}

/// Where the walk stands: the file the node is written in, its pointer there, and its pointer
/// in the bundled document.
struct At {
    file: usize,
    local: String,
    bundled: String,
}

impl At {
    fn entry() -> Self {
        At {
            file: 0,
            local: String::new(),
            bundled: String::new(),
        }
    }

    fn push(&mut self, segment: &str) -> (usize, usize) {
        let lens = (self.local.len(), self.bundled.len());
        push_segment(&mut self.local, segment);
        push_segment(&mut self.bundled, segment);
        lens
    }

    fn pop(&mut self, (local, bundled): (usize, usize)) {
        self.local.truncate(local);
        self.bundled.truncate(bundled);
    }
}

/// A node of another file to place under `components/<kind>/<name>`.
struct Job {
    kind: &'static str,
    name: String,
    file: usize,
    pointer: String,
    ctx: Ctx,
}

struct Bundler {
    sources: Vec<Source>,
    /// The normalised path of each source.
    paths: Vec<PathBuf>,
    /// The parsed tree of each source (the entry's as it was read, before bundling, once
    /// [`Bundler::tree`] has read it).
    trees: Vec<Value>,
    /// Files by normalised path; `None` for one that could not be read or parsed.
    by_path: HashMap<PathBuf, Option<usize>>,
    /// Components placed, by kind, file and pointer: their names.
    placed: HashMap<(&'static str, usize, String), String>,
    /// Component names in use, by kind.
    taken: HashMap<String, HashSet<String>>,
    queue: VecDeque<Job>,
    origins: HashMap<String, (usize, String)>,
    problems: Vec<(String, Error)>,
}

/// How many references copied into each other a walk follows before it calls them a cycle.
const MAX_COPIES: usize = 64;

impl Bundler {
    fn walk(&mut self, node: &mut Value, ctx: Ctx, at: &mut At, copies: usize) {
        if ctx == Ctx::Data {
            return;
        }
        if let Value::Tagged(tagged) = node {
            return self.walk(&mut tagged.value, ctx, at, copies);
        }
        // In a mapping of names, `$ref` is a name when it holds a schema (a property named
        // `$ref`); a string there is how documents refer to a whole mapping of names kept
        // elsewhere (`properties: {$ref: 'attributes.yml#/ids'}`), which is copied in.
        if let Some(Value::String(target)) = node.get("$ref") {
            let target = target.clone();
            if self.reference(node, &target, ctx, at, copies) {
                return;
            }
        }
        match node {
            Value::Mapping(map) => {
                for (key, value) in map.iter_mut() {
                    let key: Cow<str> = match key {
                        Value::String(key) => Cow::Borrowed(key),
                        Value::Number(number) => Cow::Owned(number.to_string()),
                        Value::Bool(flag) => Cow::Owned(flag.to_string()),
                        _ => continue,
                    };
                    if key == "$ref" && (!ctx.names() || value.is_string()) {
                        continue;
                    }
                    let child = ctx.child(&key);
                    let lens = at.push(&key);
                    if ctx == Ctx::Discriminator && key == "mapping" {
                        self.mapping(value, at);
                    } else {
                        self.walk(value, child, at, copies);
                    }
                    at.pop(lens);
                }
            }
            Value::Sequence(items) => {
                let item = ctx.item();
                for (index, value) in items.iter_mut().enumerate() {
                    let lens = at.push(&index.to_string());
                    self.walk(value, item, at, copies);
                    at.pop(lens);
                }
            }
            _ => {}
        }
    }

    /// A discriminator's mapping: its values are references to schemas, or schema names.
    fn mapping(&mut self, mapping: &mut Value, at: &mut At) {
        let Value::Mapping(mapping) = mapping else {
            return;
        };
        for (key, value) in mapping.iter_mut() {
            let Value::String(target) = value else {
                continue;
            };
            let is_reference = target.contains(['#', '/'])
                || [".yaml", ".yml", ".json"]
                    .iter()
                    .any(|ext| target.ends_with(ext));
            if !is_reference || (at.file == 0 && target.starts_with('#')) {
                continue;
            }
            let lens = at.push(key.as_str().unwrap_or_default());
            let target = target.clone();
            if let Some(local) = self.target(&target, at) {
                if let Some(rewritten) = self.component("schemas", Ctx::Schema, local) {
                    *value = Value::String(rewritten);
                }
            }
            at.pop(lens);
        }
    }

    /// Follows the `$ref` of `node` (`target`), rewriting the node; says whether the node is
    /// done with (its reference followed or reported), or is to be walked as it is.
    fn reference(
        &mut self,
        node: &mut Value,
        target: &str,
        ctx: Ctx,
        at: &mut At,
        copies: usize,
    ) -> bool {
        if at.file == 0 && target.starts_with('#') && !ctx.names() {
            return false;
        }
        let lens = at.push("$ref");
        let found = self.target(target, at);
        at.pop(lens);
        let Some((file, pointer)) = found else {
            return true;
        };
        if file == 0 && !ctx.names() {
            set_reference(node, format!("#{pointer}"));
            return true;
        }
        if let Some(kind) = ctx.component().filter(|_| file != 0) {
            if let Some(rewritten) = self.component(kind, ctx, (file, pointer)) {
                set_reference(node, rewritten);
            }
            return true;
        }
        // Copied in where the reference stands, the reference's siblings on top.
        if copies >= MAX_COPIES {
            let lens = at.push("$ref");
            let error = self.error(
                at,
                format!("reference \"{target}\" leads through more than {MAX_COPIES} references copied into each other (a cycle?)"),
            );
            self.problems.push((at.bundled.clone(), error));
            at.pop(lens);
            return true;
        }
        let Some(copy) = resolve(self.tree(file), &pointer).cloned() else {
            return true;
        };
        let copy = match (copy, &*node) {
            (Value::Mapping(mut copy), Value::Mapping(siblings)) => {
                for (key, value) in siblings {
                    if key.as_str() != Some("$ref") {
                        copy.insert(key.clone(), value.clone());
                    }
                }
                Value::Mapping(copy)
            }
            (copy, _) => copy,
        };
        *node = copy;
        self.origins
            .insert(at.bundled.clone(), (file, pointer.clone()));
        let mut inner = At {
            file,
            local: pointer,
            bundled: at.bundled.clone(),
        };
        self.walk(node, ctx, &mut inner, copies + 1);
        true
    }

    /// The file and pointer a reference written at `at` points at, reading the file if it is
    /// new; `None` (with the problem recorded) when it points at nothing.
    fn target(&mut self, target: &str, at: &At) -> Option<(usize, String)> {
        let (path, fragment) = target.split_once('#').unwrap_or((target, ""));
        let pointer = percent_encoding::percent_decode_str(fragment)
            .decode_utf8_lossy()
            .into_owned();
        if !pointer.is_empty() && !pointer.starts_with('/') {
            let error = self.error(
                at,
                format!("reference \"{target}\": the part after `#` must be a JSON pointer such as \"#/components/schemas/Pet\""),
            );
            self.problems.push((at.bundled.clone(), error));
            return None;
        }
        let file = if path.is_empty() {
            at.file
        } else if path.contains("://") {
            let error = self.error(
                at,
                format!("reference \"{target}\": only references to files beside the document are followed, not URLs"),
            );
            self.problems.push((at.bundled.clone(), error));
            return None;
        } else {
            let path = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
            let dir = self.paths[at.file]
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default();
            self.file(&normalised(&dir.join(&*path)), target, at)?
        };
        if resolve(self.tree(file), &pointer).is_none() {
            let error = self.error(
                at,
                format!(
                    "dangling reference: \"{target}\" points at nothing in {}",
                    self.sources[file].file
                ),
            );
            self.problems.push((at.bundled.clone(), error));
            return None;
        }
        Some((file, pointer))
    }

    /// The tree of source `file` as it was read. The entry's is bundled in place, so the first
    /// copy from it reads its text again: that costs a parse in the few documents that copy
    /// from their entry file (a reference back into it from another file, a `$ref` standing
    /// for a whole map of names), where keeping a copy of the tree beforehand costs a copy in
    /// every document that might (deciding which might was no cheaper: an external `$ref` in an
    /// example, or a property named `parameters`, made GitHub's, Stripe's and OpenAI's count).
    fn tree(&mut self, file: usize) -> &Value {
        if file == 0 && self.trees[0].is_null() {
            // The entry's text was parsed once already, so it parses again.
            if let Ok(tree) = super::tree::parse(&self.sources[0].text) {
                self.trees[0] = tree;
            }
        }
        &self.trees[file]
    }

    /// The index of the file at `path`, read and parsed the first time it is named.
    fn file(&mut self, path: &Path, target: &str, at: &At) -> Option<usize> {
        if let Some(known) = self.by_path.get(path) {
            if known.is_none() {
                let error = self.error(at, format!("reference \"{target}\": its file could not be read (see the error about it)"));
                self.problems.push((at.bundled.clone(), error));
            }
            return *known;
        }
        let display = self.display(path);
        // Only a regular file: a device (`/dev/zero`) or a FIFO named by a `$ref` would never
        // end, and a folder is no document.
        let read = regular_file(path)
            .and_then(|()| std::fs::read_to_string(path))
            .map_err(|err| {
                self.error(
                    at,
                    format!("reference \"{target}\": cannot read {display}: {err}"),
                )
            })
            .and_then(|text| match super::tree::parse(&text) {
                Ok(tree) => Ok((text, tree)),
                Err(err) => Err(super::tree::syntax_error(&display, &text, &err)),
            });
        match read {
            Ok((text, tree)) => {
                let index = self.sources.len();
                self.sources.push(Source {
                    file: display,
                    text: text.into(),
                });
                self.paths.push(path.to_path_buf());
                self.trees.push(tree);
                self.by_path.insert(path.to_path_buf(), Some(index));
                Some(index)
            }
            Err(error) => {
                self.problems.push((at.bundled.clone(), error));
                self.by_path.insert(path.to_path_buf(), None);
                None
            }
        }
    }

    /// The name of a file in messages: its path from the entry file's folder, joined to the
    /// entry file's own name.
    fn display(&self, path: &Path) -> String {
        let entry_dir = self.paths[0].parent().unwrap_or(Path::new(""));
        let shown_dir = Path::new(&self.sources[0].file)
            .parent()
            .unwrap_or(Path::new(""));
        let relative = relative_to(path, entry_dir);
        normalised(&shown_dir.join(relative)).display().to_string()
    }

    /// The reference to the component of `kind` placed for the node at `(file, pointer)`,
    /// naming and queueing it the first time.
    fn component(
        &mut self,
        kind: &'static str,
        ctx: Ctx,
        (file, pointer): (usize, String),
    ) -> Option<String> {
        if file == 0 {
            return Some(format!("#{pointer}"));
        }
        let key = (kind, file, pointer.clone());
        let name = match self.placed.get(&key) {
            Some(name) => name.clone(),
            None => {
                let name = self.name_for(kind, file, &pointer);
                self.placed.insert(key, name.clone());
                self.queue.push_back(Job {
                    kind,
                    name: name.clone(),
                    file,
                    pointer,
                    ctx,
                });
                name
            }
        };
        Some(format!("#/components/{kind}/{}", escape_segment(&name)))
    }

    /// A name for a component from another file: the last segment of its pointer, or the
    /// file's stem; with the stem and then the folder in front when the name is taken.
    fn name_for(&mut self, kind: &str, file: usize, pointer: &str) -> String {
        let path = &self.paths[file];
        let stem = path
            .file_stem()
            .map(|stem| stem.to_string_lossy().into_owned())
            .unwrap_or_default();
        let folder = path
            .parent()
            .and_then(Path::file_name)
            .map(|folder| folder.to_string_lossy().into_owned())
            .unwrap_or_default();
        let last = pointer
            .rsplit('/')
            .map(unescape_segment)
            .find(|segment| !segment.is_empty() && segment.parse::<usize>().is_err());
        let base = clean(last.as_deref().unwrap_or(&stem));
        let mut candidates = vec![base.clone()];
        if last.is_some() && !stem.is_empty() {
            candidates.push(clean(&format!("{stem}_{base}")));
        }
        if !folder.is_empty() {
            let with_folder = clean(&format!("{folder}_{}", candidates.last().expect("one")));
            candidates.push(with_folder);
        }
        let taken = self.taken.entry(kind.to_owned()).or_default();
        let name = candidates
            .into_iter()
            .find(|name| !taken.contains(name))
            .unwrap_or_else(|| {
                (2..)
                    .map(|n| format!("{base}_{n}"))
                    .find(|name| !taken.contains(name))
                    .expect("an unused number")
            });
        taken.insert(name.clone());
        name
    }

    fn error(&self, at: &At, message: String) -> Error {
        let source = &self.sources[at.file];
        Error::Spec {
            location: Box::new({
                let line = super::lines::line_in(&source.text, &at.local);
                Location {
                    file: source.file.clone(),
                    pointer: at.local.clone(),
                    line,
                    node: at.bundled.clone(),
                    quoted: line
                        .and_then(|line| super::lines::source_line(&source.text, line, &at.local)),
                }
            }),
            message,
        }
    }
}

/// Replaces the `$ref` of a mapping, keeping its siblings.
/// Whether `path` is a regular file (following symbolic links), as an error to report if not.
fn regular_file(path: &Path) -> std::io::Result<()> {
    match std::fs::metadata(path)?.is_file() {
        true => Ok(()),
        false => Err(std::io::Error::other("not a regular file")),
    }
}

fn set_reference(node: &mut Value, target: String) {
    if let Value::Mapping(map) = node {
        map.insert(Value::String("$ref".to_owned()), Value::String(target));
    }
}

/// A component name as OpenAPI allows them: letters, digits, `.`, `-` and `_`.
fn clean(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if cleaned.is_empty() {
        "component".to_owned()
    } else {
        cleaned
    }
}

/// A path with `.` and `..` resolved without asking the file system, so that one file reached
/// by two relative paths is one file.
fn normalised(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                let ends_in_name =
                    matches!(out.components().next_back(), Some(Component::Normal(_)));
                if ends_in_name {
                    out.pop();
                } else {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// `path` relative to `base`, with `..` for each folder of `base` that `path` is not in.
fn relative_to(path: &Path, base: &Path) -> PathBuf {
    let path: Vec<Component> = path.components().collect();
    let base: Vec<Component> = base.components().collect();
    let common = path.iter().zip(&base).take_while(|(a, b)| a == b).count();
    let mut out = PathBuf::new();
    for _ in common..base.len() {
        out.push("..");
    }
    for component in &path[common..] {
        out.push(component.as_os_str());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_normalise_lexically() {
        assert_eq!(
            normalised(Path::new("a/b/../c/./d.yaml")),
            PathBuf::from("a/c/d.yaml")
        );
        assert_eq!(
            normalised(Path::new("../a/../../b")),
            PathBuf::from("../../b")
        );
        assert_eq!(
            relative_to(Path::new("x/y/z.yaml"), Path::new("x/w")),
            PathBuf::from("../y/z.yaml")
        );
    }

    #[test]
    fn names_are_cleaned() {
        assert_eq!(clean("a b/c"), "a_b_c");
        assert_eq!(clean(""), "component");
    }
}
