//! The repository's specs made from pages: `specs/pages/<api>/*` and `specs/<api>.overlay.yaml`
//! → `specs/<api>.yaml`, the step `cargo xtask import` runs.
//!
//! [`crate::import`] reads the pages into an OpenAPI document, [`crate::overlay`] adds what the
//! pages do not say, and the result is written as YAML under a header that says where it comes
//! from. Nothing here writes a file: the caller compares the text with, or writes it to, the
//! spec's path.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::error::{Error, Result};
use crate::import::openapi::UNPLACED;
use crate::import::{self, Imported, Options, Source};
use crate::overlay::{Action, Change, Overlay};
use crate::spec::lines;
use crate::spec::pointer::{escape_segment, unescape_segment};

/// One spec made from pages.
#[derive(Debug)]
pub struct Made {
    pub imported: Imported,
    /// The document with the overlay applied.
    pub document: Value,
    /// The spec's text, as written to `path`.
    pub text: String,
    /// Where the spec goes.
    pub path: PathBuf,
}

/// What to import: the API's name, its page files, an overlay, and where the spec goes.
#[derive(Debug, Clone)]
pub struct Request {
    pub api: String,
    /// Each page file with the name errors show for it.
    pub pages: Vec<(PathBuf, String)>,
    pub options: Options,
    /// The overlay file with the name errors show for it.
    pub overlay: Option<(PathBuf, String)>,
    pub out: PathBuf,
    /// How the spec's header names its sources.
    pub sources: String,
}

/// An overlay file beside the specs (`<api>.overlay.yaml`), not a spec.
pub fn is_overlay(file_name: &str) -> bool {
    [".overlay.yaml", ".overlay.yml", ".overlay.json"]
        .iter()
        .any(|ext| file_name.ends_with(ext))
}

/// The APIs of `specs_dir` that have pages (`specs_dir/pages/<api>/`), sorted.
pub fn apis_with_pages(root: &Path, specs_dir: &str) -> Result<Vec<Request>> {
    let pages_dir = root.join(specs_dir).join("pages");
    if !pages_dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut apis = Vec::new();
    let entries = std::fs::read_dir(&pages_dir).map_err(|source| Error::Read {
        file: format!("{specs_dir}/pages"),
        source,
    })?;
    for entry in entries {
        let entry = entry.map_err(|source| Error::Read {
            file: format!("{specs_dir}/pages"),
            source,
        })?;
        if entry.path().is_dir() {
            apis.push(entry.file_name().to_string_lossy().into_owned());
        }
    }
    apis.sort();
    apis.into_iter()
        .map(|api| {
            let dir = pages_dir.join(&api);
            let pages = import::page_files(&dir)?
                .into_iter()
                .map(|path| {
                    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
                    let shown = format!("{specs_dir}/pages/{api}/{}", name.unwrap_or_default());
                    (path, shown)
                })
                .collect();
            let overlay_name = format!("{specs_dir}/{api}.overlay.yaml");
            let overlay_path = root.join(&overlay_name);
            let overlay = overlay_path
                .is_file()
                .then(|| (overlay_path, overlay_name.clone()));
            let sources = match &overlay {
                Some(_) => format!("{specs_dir}/pages/{api}/ and {overlay_name}"),
                None => format!("{specs_dir}/pages/{api}/"),
            };
            Ok(Request {
                out: root.join(specs_dir).join(format!("{api}.yaml")),
                api,
                pages,
                options: Options::default(),
                overlay,
                sources,
            })
        })
        .collect()
}

/// Imports the pages, applies the overlay and renders the spec.
pub fn make(request: &Request) -> Result<Made> {
    let sources = request
        .pages
        .iter()
        .map(|(path, shown)| Source::read(path, shown))
        .collect::<Result<Vec<_>>>()?;
    let overlay = match &request.overlay {
        Some((path, shown)) => Some(Source::read(path, shown)?),
        None => None,
    };
    // An error on a line of a page or of the overlay shows that line under its message.
    let text_of = |file: &str, line: usize| {
        let source = sources.iter().chain(&overlay).find(|s| s.file == file)?;
        lines::whole_line(&source.text, line)
    };
    let imported = import::import_with(&request.api, &sources, request.options)
        .map_err(|err| err.quoting(&text_of))?;
    let mut document = imported.document.clone();
    match &overlay {
        Some(source) => {
            let overlay =
                Overlay::parse(&source.file, &source.text).map_err(|err| err.quoting(&text_of))?;
            apply(&overlay, &mut document).map_err(|err| err.quoting(&text_of))?;
        }
        None => check_placed(&mut document)?,
    }
    let text = render(&document, &request.sources)?;
    Ok(Made {
        imported,
        document,
        text,
        path: request.out.clone(),
    })
}

/// Applies an overlay to an imported document, in memory, as [`make`] does: each action, then
/// the moves and names its markers ([`MOVE_TO`]) ask for, so that later actions find a node
/// where it now is; then checks that every operation is placed.
pub fn apply(overlay: &Overlay, document: &mut Value) -> Result<()> {
    for action in &overlay.actions {
        overlay.apply_action(action, document)?;
        place(document, &overlay.file)?;
    }
    check_placed(document)
}

/// Applies only the overlay's placements — the [`MOVE_TO`] markers that move a node to a JSON
/// pointer (`/paths/<path>/<method>`) — each followed by its move, then checks that every
/// operation is placed.
///
/// This is what the pages themselves hold, put where the overlay says: a page whose text lost
/// its operation's method and path states every other fact of it, but the operation cannot be
/// lowered or documented until placed. Nothing else of the overlay is applied: not the other
/// members of a placing action's update, not its renames (a marker naming a key of the same
/// parent, such as a response's status or a scheme's name), not any other action. The seed
/// facts test imports the seed pages so, to check that the page facts come from the pages and
/// not from the overlay.
pub fn place_only(overlay: &Overlay, document: &mut Value) -> Result<()> {
    for action in &overlay.actions {
        let Change::Update(Value::Object(update)) = &action.change else {
            continue;
        };
        let Some(to) = update
            .get(MOVE_TO)
            .filter(|to| to.as_str().is_some_and(|to| to.starts_with('/')))
        else {
            continue;
        };
        // The marker alone: whatever else the action's update sets is not applied.
        let placement = Action {
            change: Change::Update(serde_json::json!({ MOVE_TO: to })),
            ..action.clone()
        };
        overlay.apply_action(&placement, document)?;
        place(document, &overlay.file)?;
    }
    check_placed(document)
}

/// The marker an overlay sets on a node to move it: `x-specforge-move-to: <JSON pointer>`, or
/// a key of the same parent (`x-specforge-move-to: '200'` renames a `2XX` response).
///
/// Overlay 1.0 updates and removes but cannot move; a page whose text lost a fact that decides
/// *where* something goes (an operation's method and path, a response's status) needs one. The
/// overlay sets this marker on the node (with a `description` saying why), and after the
/// overlay every marked node is moved to its pointer, creating the objects on the way.
pub const MOVE_TO: &str = "x-specforge-move-to";

/// The marker an overlay sets on an inline schema to name it: `x-specforge-name: Result`. After
/// the overlay the schema becomes `components/schemas/Result` and a `$ref` to it takes its
/// place; two identical schemas given one name are one schema, two different ones an error.
/// A page that does not name a type it shows inline says all of it but its name; the name is
/// the overlay's, the fields stay the page's.
pub const NAME: &str = "x-specforge-name";

/// Moves every node marked with [`MOVE_TO`], then names every schema marked with [`NAME`];
/// an operation no page and no overlay placed is an
/// error naming its page.
fn place(document: &mut Value, overlay: &str) -> Result<()> {
    let fail = |message: String| Error::Overlay {
        file: overlay.to_string(),
        quoted: None,
        line: None,
        message,
    };
    let mut moves = Vec::new();
    marked_with(MOVE_TO, document, String::new(), &mut moves);
    // Deepest first, so that a node moved inside one that moves later goes along with it.
    moves.sort_by_key(|(from, _)| std::cmp::Reverse(from.matches('/').count()));
    for (from, to) in moves {
        let to = match to.strip_prefix('/') {
            Some(_) => to,
            None => {
                let parent = from.rsplit_once('/').map_or("", |(parent, _)| parent);
                format!("{parent}/{}", escape_segment(&to))
            }
        };
        let Some(mut node) = take(document, &from) else {
            continue;
        };
        if let Some(node) = node.as_object_mut() {
            node.shift_remove(MOVE_TO);
        }
        if document.pointer(&to).is_some() {
            return Err(fail(format!(
                "`{MOVE_TO}: {to}` (on {from}): the document already has a node there"
            )));
        }
        insert(document, &to, node)
            .map_err(|message| fail(format!("`{MOVE_TO}: {to}`: {message}")))?;
    }
    let mut names = Vec::new();
    marked_with(NAME, document, String::new(), &mut names);
    names.sort_by_key(|(at, _)| std::cmp::Reverse(at.matches('/').count()));
    for (at, name) in names {
        let reference = serde_json::json!({ "$ref": format!("#/components/schemas/{name}") });
        let Some(node) = document.pointer_mut(&at) else {
            continue;
        };
        let mut schema = std::mem::replace(node, reference);
        if let Some(schema) = schema.as_object_mut() {
            schema.shift_remove(NAME);
        }
        let to = format!("/components/schemas/{}", escape_segment(&name));
        match document.pointer(&to) {
            Some(existing) if *existing == schema => {}
            Some(_) => {
                return Err(fail(format!(
                    "`{NAME}: {name}` (on {at}): another schema already has that name"
                )))
            }
            None => insert(document, &to, schema)
                .map_err(|message| fail(format!("`{NAME}: {name}`: {message}")))?,
        }
    }
    Ok(())
}

/// Every operation is placed: none is left without a method and path.
fn check_placed(document: &mut Value) -> Result<()> {
    let unplaced = document
        .get(UNPLACED)
        .and_then(Value::as_object)
        .map(|pages| pages.keys().cloned().collect::<Vec<_>>())
        .unwrap_or_default();
    if let Some(page) = unplaced.first() {
        return Err(Error::Import {
            file: page.clone(),
            quoted: None,
            line: None,
            message: format!(
                "the page shows neither the method nor the path of its operation: the overlay \
                 must place it (an action on $['{UNPLACED}']['{page}'] setting `{MOVE_TO}: \
                 /paths/<path>/<method>`)"
            ),
        });
    }
    if let Some(root) = document.as_object_mut() {
        root.shift_remove(UNPLACED);
    }
    Ok(())
}

/// Every node below `value` that carries the marker `key`, as (its pointer, the marker's value).
fn marked_with(key: &str, value: &Value, pointer: String, into: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(to)) = map.get(key) {
                into.push((pointer.clone(), to.clone()));
            }
            for (name, inner) in map {
                marked_with(
                    key,
                    inner,
                    format!("{pointer}/{}", escape_segment(name)),
                    into,
                );
            }
        }
        Value::Array(items) => {
            for (index, inner) in items.iter().enumerate() {
                marked_with(key, inner, format!("{pointer}/{index}"), into);
            }
        }
        _ => {}
    }
}

/// Takes the node at `pointer` out of the document (objects only hold moved nodes).
fn take(document: &mut Value, pointer: &str) -> Option<Value> {
    let (parent, last) = pointer.rsplit_once('/')?;
    document
        .pointer_mut(parent)?
        .as_object_mut()?
        .shift_remove(&unescape_segment(last))
}

/// Puts `node` at `pointer`, creating the objects on the way.
fn insert(document: &mut Value, pointer: &str, node: Value) -> Result<(), String> {
    let Some(tokens) = pointer.strip_prefix('/') else {
        return Err("not a JSON pointer (it must start with `/`)".into());
    };
    let tokens: Vec<String> = tokens.split('/').map(unescape_segment).collect();
    let mut at = document;
    for token in &tokens[..tokens.len() - 1] {
        let Some(map) = at.as_object_mut() else {
            return Err(format!("`{token}` is below a value that is not an object"));
        };
        at = map
            .entry(token.clone())
            .or_insert_with(|| Value::Object(Default::default()));
    }
    let Some(map) = at.as_object_mut() else {
        return Err("its parent is not an object".into());
    };
    map.insert(tokens[tokens.len() - 1].clone(), node);
    Ok(())
}

/// The spec's text: a header naming its sources, then the document as YAML.
pub fn render(document: &Value, sources: &str) -> Result<String> {
    let yaml = serde_yaml::to_string(document).map_err(|err| Error::Import {
        file: sources.to_string(),
        quoted: None,
        line: None,
        message: format!("the imported document does not serialise as YAML: {err}"),
    })?;
    Ok(format!(
        "# Written by `cargo xtask import` from {sources}.\n# Edit those, not this file.\n{}",
        quote_for_yaml_1_1(&yaml)
    ))
}

/// serde_yaml writes YAML 1.2, where `yes`, `on`, `2024-03-02` and `1_000` are strings and so
/// are left plain; YAML 1.1 readers (PyYAML, and with it openapi-spec-validator and
/// schemathesis) read them as a boolean, a date and a number. Plain scalars of those forms are
/// single-quoted, so that every reader reads the spec alike. serde_yaml never writes a real
/// boolean or number in those forms, so only strings are quoted.
fn quote_for_yaml_1_1(yaml: &str) -> String {
    let mut out = String::with_capacity(yaml.len());
    // The indentation of the line that opened a block scalar (`|-`), while in one.
    let mut block: Option<usize> = None;
    for line in yaml.lines() {
        let indent = line.len() - line.trim_start().len();
        if let Some(opened) = block {
            if line.trim().is_empty() || indent > opened {
                out.push_str(line);
                out.push('\n');
                continue;
            }
            block = None;
        }
        let (head, key, value) = split_line(line);
        out.push_str(head);
        if let Some(key) = key {
            push_scalar(&mut out, key);
            out.push(':');
            if !value.is_empty() {
                out.push(' ');
            }
        }
        push_scalar(&mut out, value);
        if value.starts_with(['|', '>'])
            && value[1..]
                .chars()
                .all(|c| c == '-' || c == '+' || c.is_ascii_digit())
        {
            block = Some(indent);
        }
        out.push('\n');
    }
    out
}

fn push_scalar(out: &mut String, scalar: &str) {
    if is_yaml_1_1_only(scalar) {
        out.push('\'');
        out.push_str(scalar);
        out.push('\'');
    } else {
        out.push_str(scalar);
    }
}

/// A line of block YAML as serde_yaml writes it: the indentation and `- ` markers, then a key
/// and a value (`key: value`), a key alone (`key:`, an empty value), or a value alone. Quoted
/// scalars are kept whole (they may hold `: `).
fn split_line(line: &str) -> (&str, Option<&str>, &str) {
    let mut start = line.len() - line.trim_start().len();
    while line[start..].starts_with("- ") {
        start += 2;
    }
    let head = &line[..start];
    let rest = &line[start..];
    let key_end = match quoted_len(rest) {
        Some(len) => Some(len).filter(|&len| rest[len..].starts_with(':')),
        None => rest
            .find(": ")
            .or_else(|| rest.ends_with(':').then(|| rest.len() - 1)),
    };
    match key_end {
        Some(end) => (head, Some(&rest[..end]), rest[end + 1..].trim_start()),
        None => (head, None, rest),
    }
}

/// The length of the quoted scalar `text` starts with, if it starts with one.
fn quoted_len(text: &str) -> Option<usize> {
    let quote = text.chars().next().filter(|c| *c == '\'' || *c == '"')?;
    let mut chars = text.char_indices().skip(1).peekable();
    while let Some((at, c)) = chars.next() {
        match c {
            '\\' if quote == '"' => {
                chars.next();
            }
            c if c == quote => {
                if quote == '\'' && chars.peek().map(|(_, next)| *next) == Some('\'') {
                    chars.next();
                    continue;
                }
                return Some(at + 1);
            }
            _ => {}
        }
    }
    None
}

/// A plain scalar YAML 1.1 reads as something other than a string, where YAML 1.2 does not.
fn is_yaml_1_1_only(scalar: &str) -> bool {
    const WORDS: [&str; 18] = [
        "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off",
        "OFF", "=", "<<",
    ];
    if WORDS.contains(&scalar) {
        return true;
    }
    let digits = scalar.trim_start_matches(['-', '+']);
    // By bytes: the scalar may hold any character, and a slice by byte index could fall inside
    // one (the fuzzer found `X  —  …`).
    let bytes = scalar.as_bytes();
    let is_date = bytes.len() >= 8
        && bytes[..4].iter().all(u8::is_ascii_digit)
        && bytes[4] == b'-'
        && bytes[5].is_ascii_digit();
    let numeric = !digits.is_empty()
        && digits.starts_with(|c: char| c.is_ascii_digit())
        && digits
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '_' | ':' | '.'));
    let sexagesimal_or_underscored = numeric && (digits.contains('_') || digits.contains(':'));
    let binary = digits.starts_with("0b")
        && digits.len() > 2
        && digits[2..].chars().all(|c| matches!(c, '0' | '1' | '_'));
    is_date || sexagesimal_or_underscored || binary
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn scalars_with_characters_of_several_bytes_are_not_dates() {
        assert!(!is_yaml_1_1_only("X  —  Response"));
        assert!(!is_yaml_1_1_only("20—6-01-15"));
        assert!(is_yaml_1_1_only("2026-01-15"));
    }

    #[test]
    fn place_only_moves_nodes_to_pointers_and_applies_nothing_else() {
        let overlay = Overlay::parse(
            "x.overlay.yaml",
            "overlay: 1.0.0\ninfo:\n  title: t\n  version: '1'\nactions:\n\
             - target: $['x-specforge-unplaced']['p.txt']\n  update:\n    \
             x-specforge-move-to: /paths/~1a~1{id}/patch\n    operationId: notApplied\n\
             - target: $.paths['/a/{id}'].patch.responses['2XX']\n  update:\n    \
             x-specforge-move-to: '200'\n\
             - target: $.info\n  update:\n    version: v3\n",
        )
        .unwrap();
        let mut document = json!({
            "info": { "title": "t", "version": "" },
            "paths": {},
            UNPLACED: { "p.txt": { "responses": { "2XX": { "description": "ok" } } } },
        });
        place_only(&overlay, &mut document).unwrap();
        assert_eq!(
            document,
            json!({
                "info": { "title": "t", "version": "" },
                "paths": { "/a/{id}": { "patch": { "responses": { "2XX": { "description": "ok" } } } } },
            })
        );
    }

    #[test]
    fn place_only_fails_when_an_operation_is_left_unplaced() {
        let overlay = Overlay::parse(
            "x.overlay.yaml",
            "overlay: 1.0.0\ninfo:\n  title: t\n  version: '1'\nactions: []\n",
        )
        .unwrap();
        let mut document = json!({ "paths": {}, UNPLACED: { "p.txt": {} } });
        let err = place_only(&overlay, &mut document).unwrap_err().to_string();
        assert!(err.starts_with("p.txt: the page shows neither"), "{err}");
    }

    #[test]
    fn strings_yaml_1_1_reads_otherwise_are_quoted_and_read_back_the_same() {
        let document = json!({
            "enum": ["yes", "on", "No", "y", "=", "plain", "true"],
            "at": "2024-03-02T08:30:00.000Z",
            "day": "2024-03-02",
            "n": "1_000",
            "time": "12:30",
            "bits": "0b101",
            "yes": { "on": 1 },
            "real": [true, 1.5, 2, null],
            "text": "line one\nyes\n2024-03-02\n",
            "after": "no",
        });
        let text = render(&document, "test").unwrap();
        for quoted in [
            "- 'yes'",
            "- 'on'",
            "- 'No'",
            "- 'y'",
            "- '='",
            "at: '2024-03-02T08:30:00.000Z'",
            "day: '2024-03-02'",
            "'n': '1_000'",
            "time: '12:30'",
            "bits: '0b101'",
            "'yes':",
            "  'on': 1",
            "after: 'no'",
        ] {
            assert!(text.contains(quoted), "{quoted} in\n{text}");
        }
        assert!(text.contains("- plain") && text.contains("- true") && text.contains("- 1.5"));
        assert!(
            text.contains("  yes\n  2024-03-02\n"),
            "block scalars are left alone:\n{text}"
        );
        let back: Value = serde_yaml::from_str(&text).unwrap();
        assert_eq!(back, document);
    }
}
