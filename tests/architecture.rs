//! The shape of `src/`, as DESIGN.md states it: no two files import each other, directly or
//! around a loop, so every module can be read knowing only what it imports.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .unwrap_or_else(|err| panic!("{}: {err}", dir.display()))
        .map(|entry| entry.expect("a readable entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            out.push(path);
        }
    }
}

/// The module path of a file of `src/` (`src/ir/schemas.rs` → `["ir", "schemas"]`).
fn module_of(relative: &Path) -> Vec<String> {
    let mut parts: Vec<String> = relative
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    // `src/lib.rs` is the crate root; `foo/mod.rs` is module `foo`.
    if parts == ["lib"] || parts.last().map(String::as_str) == Some("mod") {
        parts.pop();
    }
    parts
}

/// The text without comments, so that paths in prose are not read as imports, and without its
/// unit tests, which call the crate's public entry points as any user would.
fn code_of(text: &str) -> String {
    let text = match text.find("#[cfg(test)]\nmod tests") {
        Some(at) => &text[..at],
        None => text,
    };
    text.lines()
        .map(|line| match line.find("//") {
            Some(at) => &line[..at],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Expands a use tree (`super::{a::{B, C}, d}`) into its paths.
fn expand(tree: &str, prefix: &str, out: &mut Vec<String>) {
    let tree = tree.trim();
    let Some(open) = tree.find('{') else {
        let path = tree.split(" as ").next().unwrap_or(tree).trim();
        if !path.is_empty() {
            out.push(format!("{prefix}{path}"));
        }
        return;
    };
    let head = format!("{prefix}{}", &tree[..open]);
    let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
    let mut depth = 0;
    let mut start = 0;
    for (at, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                expand(&inner[start..at], &head, out);
                start = at + 1;
            }
            _ => {}
        }
    }
    expand(&inner[start..], &head, out);
}

/// Every `crate::…` or `super::…` path a file names, in `use` items and in code; a path that
/// starts with one of `children` (the file's own submodules) is read as `self::…`.
fn paths_in(code: &str, children: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("use ") {
        let before = rest[..at].chars().last();
        let after = &rest[at + 4..];
        let end = after.find(';').unwrap_or(after.len());
        if !before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            expand(&after[..end], "", &mut out);
        }
        rest = &after[end.min(after.len())..];
    }
    let text = code;
    let starts: Vec<String> = ["crate", "super"]
        .iter()
        .map(|s| s.to_string())
        .chain(children.iter().cloned())
        .map(|name| format!("{name}::"))
        .collect();
    for start in &starts {
        let mut from = 0;
        while let Some(found) = text[from..].find(start.as_str()) {
            let at = from + found;
            let prev = text[..at].chars().last();
            if !prev.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                let path: String = text[at..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                    .collect();
                out.push(path.trim_end_matches(':').to_owned());
            }
            from = at + start.len();
        }
    }
    out
}

/// The file a path leads into: the deepest module of `src/` its segments name.
fn file_of(path: &str, from: &[String], modules: &BTreeMap<Vec<String>, String>) -> Option<String> {
    let mut segments: Vec<String> = Vec::new();
    let mut parts = path.split("::").peekable();
    match parts.peek().copied() {
        Some("crate") => {
            parts.next();
        }
        Some("self") => {
            parts.next();
            segments = from.to_vec();
        }
        Some("super") => {
            segments = from.to_vec();
            while parts.peek() == Some(&"super") {
                parts.next();
                segments.pop()?;
            }
        }
        _ => segments = from.to_vec(),
    }
    segments.extend(parts.map(str::to_owned));
    (0..=segments.len())
        .rev()
        .find_map(|len| modules.get(&segments[..len]))
        .cloned()
}

#[test]
fn no_two_files_of_src_import_each_other() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    let mut modules = BTreeMap::new();
    for file in &files {
        let relative = file.strip_prefix(&root).expect("a file under src/");
        modules.insert(module_of(relative), relative.display().to_string());
    }
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in &files {
        let relative = file.strip_prefix(&root).expect("a file under src/");
        let name = relative.display().to_string();
        let module = module_of(relative);
        let text = fs::read_to_string(file).expect("a readable file");
        let children: Vec<String> = modules
            .keys()
            .filter(|other| other.len() == module.len() + 1 && other.starts_with(&module))
            .filter_map(|other| other.last().cloned())
            .collect();
        for path in paths_in(&code_of(&text), &children) {
            if let Some(target) = file_of(&path, &module, &modules) {
                if target != name {
                    edges.entry(name.clone()).or_default().insert(target);
                }
            }
        }
    }
    // A loop is a path from a file back to itself.
    for start in edges.keys() {
        let mut stack: Vec<Vec<&String>> = vec![vec![start]];
        let mut seen = BTreeSet::new();
        while let Some(trail) = stack.pop() {
            let last = trail[trail.len() - 1];
            for next in edges.get(last).into_iter().flatten() {
                if next == start {
                    let names: Vec<&str> = trail.iter().map(|s| s.as_str()).collect();
                    panic!("src/ has an import loop: {} -> {start}", names.join(" -> "));
                }
                if seen.insert(next) {
                    let mut longer = trail.clone();
                    longer.push(next);
                    stack.push(longer);
                }
            }
        }
    }
}

/// DESIGN.md: if an emitter needs an `if` about OpenAPI, the IR is missing a concept. So no
/// emitter spells an OpenAPI style, a media type, a JSON pointer prefix or a header name (the
/// runtime's own sources, under `src/emit/runtime/`, read real requests and may).
#[test]
fn emitters_spell_no_openapi() {
    const SPELLINGS: &[&str] = &[
        "\"form\"",
        "\"simple\"",
        "delimited\"",
        "\"deepobject\"",
        "\"matrix\"",
        "\"label\"",
        "\"application/",
        "\"multipart/",
        "\"text/",
        "+json",
        "contains(\"json",
        "/components/",
        "\"#/",
        "/properties/",
        "content-type",
        "content-length",
        "\"authorization",
        "\"get\"",
        "\"post\"",
    ];
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&root.join("emit"), &mut files);
    files.push(root.join("emit.rs"));
    let mut found = Vec::new();
    for file in files
        .iter()
        .filter(|file| !file.starts_with(root.join("emit/runtime")))
    {
        let text = fs::read_to_string(file).expect("a readable file");
        for (number, line) in code_of(&text).lines().enumerate() {
            let lower = line.to_ascii_lowercase();
            for spelling in SPELLINGS.iter().filter(|s| lower.contains(*s)) {
                found.push(format!(
                    "{}:{}: {spelling}",
                    file.strip_prefix(&root).unwrap_or(file).display(),
                    number + 1
                ));
            }
        }
    }
    assert!(
        found.is_empty(),
        "emitters decide about OpenAPI; move these into the IR:\n{}",
        found.join("\n")
    );
}
