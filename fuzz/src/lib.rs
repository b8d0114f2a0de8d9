//! What each fuzz target does with one input, in memory.
//!
//! The targets (`fuzz_targets/*.rs`) call these functions, and so do the regression tests
//! (`tests/fuzz_regressions.rs` includes this file), so that a crashing input is replayed
//! exactly as the fuzzer ran it. Nothing here writes a file; what the library returns is
//! dropped, and every error is rendered the way the command line shows it (the rendering
//! slices the source text, which is worth fuzzing too).
//!
//! Every input is handled to the end: an error is a normal outcome, a panic, a stack overflow
//! or a hang is a bug.

use std::sync::OnceLock;

use specforge::import::{self, Kind, Options, Source};
use specforge::overlay::Overlay;
use specforge::spec::{self, LoadOptions, Spec};
use specforge::templates::Templates;
use specforge::{emit, ir, specs};

/// The spec's file name in messages, in a folder that does not exist: a relative `$ref` to
/// another file reads nothing from disk, so every run depends on its input alone.
pub const SPEC_FILE: &str = "/nonexistent-specforge-fuzz/spec.yaml";

/// The separator of an overlay input's two parts, and of an import input's pages.
pub const SEPARATOR: char = '\0';

fn templates() -> &'static Templates {
    static TEMPLATES: OnceLock<Templates> = OnceLock::new();
    TEMPLATES.get_or_init(|| Templates::embedded().expect("the embedded templates parse"))
}

/// Target `spec`: the bytes as a spec's text (YAML or JSON) → load (parse, bundle, normalise,
/// check references) → lower → emit the models and server crates, the docs and the book. A
/// document that does not load is loaded again as `--skip-invalid` does, and what is left is
/// generated.
pub fn spec(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match spec::parse(SPEC_FILE, "fuzz", text) {
        Ok(spec) => generate(&spec),
        Err(err) => {
            drop(err.render(false));
            let options = LoadOptions { skip_invalid: true };
            match spec::parse_with(SPEC_FILE, "fuzz", text, options) {
                Ok(spec) => generate(&spec),
                Err(err) => drop(err.render(false)),
            }
        }
    }
}

/// Lowers and emits one spec as `specforge generate` does (without the runtime crate, which
/// does not depend on the spec).
fn generate(spec: &Spec) {
    let templates = templates();
    let api = match ir::lower(spec) {
        Ok(api) => api,
        Err(err) => return drop(err.render(false)),
    };
    let emitted = [
        emit::models::emit(&api, templates),
        emit::server::emit(&api, templates),
        emit::docs::emit(&api, templates),
    ];
    for result in emitted {
        if let Err(err) = result {
            drop(err.render(false));
        }
    }
    if let Err(err) = emit::docs::book(&[api], templates) {
        drop(err.render(false));
    }
}

/// The page kind an import input's first byte names: `b % 6`, where 0 is "detect it from the
/// text" and 1 to 5 are the kinds in [`Kind::ALL`]'s order (so the seeds start with an ASCII
/// digit: `0` detect, `1` markdoc, `2` sdk-model, `3` oracle-rest, `4` mintlify, `5`
/// docusaurus). Bit 7 asks for `--rename-conflicts`.
pub fn import_options(first: u8) -> Options {
    let kind = match first % 6 {
        0 => None,
        n => Some(Kind::ALL[usize::from(n) - 1]),
    };
    Options {
        kind,
        rename_conflicts: first & 0x80 != 0,
    }
}

/// Target `import`: the first byte picks the page kind ([`import_options`]), the rest is the
/// text of up to four pages of one API separated by NUL → import (read each page, merge them
/// into one document) → place the operations → render the spec's YAML → load and lower it.
pub fn import(data: &[u8]) {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let sources: Vec<Source> = text
        .splitn(4, SEPARATOR)
        .enumerate()
        .map(|(index, text)| Source {
            file: format!("pages/fuzz/page{index}.md"),
            text: text.to_owned(),
        })
        .collect();
    let imported = match import::import_with("fuzz", &sources, import_options(first)) {
        Ok(imported) => imported,
        Err(err) => return drop(err.render(false)),
    };
    drop(imported.unread_lines());
    drop(imported.summary());
    let mut document = imported.document;
    let no_overlay = Overlay {
        file: "fuzz.overlay.yaml".to_owned(),
        title: String::new(),
        actions: Vec::new(),
    };
    if let Err(err) = specs::apply(&no_overlay, &mut document) {
        return drop(err.render(false));
    }
    let text = match specs::render(&document, "pages/fuzz") {
        Ok(text) => text,
        Err(err) => return drop(err.render(false)),
    };
    match spec::parse(SPEC_FILE, "fuzz", &text) {
        Ok(spec) => {
            if let Err(err) = ir::lower(&spec) {
                drop(err.render(false));
            }
        }
        Err(err) => drop(err.render(false)),
    }
}

/// Target `overlay`: the text up to the first NUL is an Overlay 1.0 document, the rest the
/// document it applies to (YAML or JSON) → apply every action (with specforge's move and
/// name markers) → render the spec's YAML.
pub fn overlay(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (overlay_text, document_text) = text.split_once(SEPARATOR).unwrap_or((text, ""));
    let overlay = match Overlay::parse("fuzz.overlay.yaml", overlay_text) {
        Ok(overlay) => overlay,
        Err(err) => return drop(err.render(false)),
    };
    let Ok(mut document) = serde_yaml::from_str::<serde_json::Value>(document_text) else {
        return;
    };
    if let Err(err) = specs::apply(&overlay, &mut document) {
        return drop(err.render(false));
    }
    if let Err(err) = specs::render(&document, "fuzz.overlay.yaml") {
        drop(err.render(false));
    }
}

/// Runs the library's parallel parts on one thread, so that a fuzzing job uses one core and a
/// hang or crash is in the thread that ran the input. Called once, before the first input.
pub fn one_thread() {
    static ONCE: OnceLock<()> = OnceLock::new();
    ONCE.get_or_init(|| {
        // Fails only when the global pool already exists, which is then what is used.
        drop(
            rayon::ThreadPoolBuilder::new()
                .num_threads(1)
                .build_global(),
        );
    });
}

/// Lets a panic inside openapiv3 unwind to the `catch_unwind` with which loading turns it into
/// an error about the document (openapiv3 asserts on some documents it half-parses); every
/// other panic goes to the hook installed before (libFuzzer's, which aborts: a crash).
pub fn tolerate_caught_parser_panics() {
    static ONCE: OnceLock<()> = OnceLock::new();
    ONCE.get_or_init(|| {
        let before = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let in_parser = info
                .location()
                .is_some_and(|location| location.file().contains("openapiv3-"));
            if !in_parser {
                before(info);
            }
        }));
    });
}
