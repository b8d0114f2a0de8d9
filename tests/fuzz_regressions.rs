//! Inputs the fuzz targets (`fuzz/`) found crashing, hanging or overflowing the stack, replayed
//! through the same harness (`fuzz/src/lib.rs`) the targets run, and the documents of the same
//! kinds written out by hand: each must end in an error (or an output), never a panic.
//!
//! `tests/fuzz_regressions/<target>/` holds each found input as the fuzzer wrote it (minimised);
//! the test of each target runs every file of its folder.

use std::path::Path;
use std::time::{Duration, Instant};

#[allow(dead_code)]
#[path = "../fuzz/src/lib.rs"]
mod harness;

/// Longest a regression input may take before it counts as a hang: 10 s, as the fuzz runs'
/// `-timeout`, in an optimised build, and more in a debug one, which is several times slower.
const SLOW: Duration = Duration::from_secs(if cfg!(debug_assertions) { 60 } else { 10 });

/// Runs `run` on every input of `tests/fuzz_regressions/<target>/`, each on a thread of its own
/// with the main thread's stack size, so a stack overflow fails here as it would in the binary.
fn replay(target: &str, run: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz_regressions")
        .join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("the regression folder")
        .map(|entry| entry.expect("an entry").path())
        .filter(|path| path.file_name().is_some_and(|name| name != ".gitkeep"))
        .collect();
    files.sort();
    for file in files {
        let data = std::fs::read(&file).expect("a regression input");
        timed(&file.display().to_string(), move || run(&data));
    }
}

/// Runs `work` on a thread with an 8 MiB stack (a main thread's) and fails if it panics or takes
/// longer than [`SLOW`].
fn timed(what: &str, work: impl FnOnce() + Send + 'static) {
    let start = Instant::now();
    std::thread::Builder::new()
        .stack_size(8 << 20)
        .spawn(work)
        .expect("a thread")
        .join()
        .unwrap_or_else(|_| panic!("{what}: panicked"));
    let took = start.elapsed();
    assert!(took < SLOW, "{what}: took {took:?}");
}

#[test]
fn spec_inputs_found_by_the_fuzzer() {
    replay("spec", harness::spec);
}

#[test]
fn import_inputs_found_by_the_fuzzer() {
    replay("import", harness::import);
}

#[test]
fn overlay_inputs_found_by_the_fuzzer() {
    replay("overlay", harness::overlay);
}

/// A spec's text with `schemas` (YAML lines at the indentation of `components.schemas`'
/// members) and an operation returning `Root`.
fn spec_with(schemas: &str) -> String {
    format!(
        "openapi: 3.0.3\ninfo: {{title: Deep, version: '1'}}\npaths:\n  /root:\n    get:\n      \
         operationId: getRoot\n      responses:\n        '200':\n          description: OK\n          \
         content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/Root'}}\n\
         components:\n  schemas:\n{schemas}"
    )
}

/// The harness on a document written here: it must end, in time and without a panic.
fn spec_ends(what: &str, text: String) {
    timed(what, move || harness::spec(text.as_bytes()));
}

#[test]
fn a_long_chain_of_references_between_schemas_ends() {
    // Root -> S0 -> S1 -> … through properties: no YAML nesting, but every lowering step that
    // follows a reference goes one schema deeper.
    let mut schemas = String::from(
        "    Root: {type: object, properties: {next: {$ref: '#/components/schemas/S0'}}}\n",
    );
    for index in 0..1000 {
        schemas.push_str(&format!(
            "    S{index}: {{type: object, properties: {{next: {{$ref: '#/components/schemas/S{}'}}}}}}\n",
            index + 1
        ));
    }
    schemas.push_str("    S1000: {type: string}\n");
    spec_ends("a chain of 1000 references", spec_with(&schemas));
}

#[test]
fn a_long_chain_of_all_of_ends() {
    let mut schemas = String::from("    Root: {allOf: [{$ref: '#/components/schemas/S0'}]}\n");
    for index in 0..400 {
        schemas.push_str(&format!(
            "    S{index}: {{allOf: [{{$ref: '#/components/schemas/S{}'}}, {{type: object, properties: {{p{index}: {{type: string}}}}}}]}}\n",
            index + 1
        ));
    }
    schemas.push_str("    S400: {type: object}\n");
    spec_ends("a chain of 400 allOf", spec_with(&schemas));
}

#[test]
fn all_of_that_doubles_at_every_step_ends() {
    // S(i) is allOf [S(i+1), S(i+1)]: expanding it naively is 2^40 merges.
    let mut schemas = String::from("    Root: {allOf: [{$ref: '#/components/schemas/S0'}, {$ref: '#/components/schemas/S0'}]}\n");
    for index in 0..40 {
        let next = index + 1;
        schemas.push_str(&format!(
            "    S{index}: {{allOf: [{{$ref: '#/components/schemas/S{next}'}}, {{$ref: '#/components/schemas/S{next}'}}]}}\n"
        ));
    }
    schemas.push_str("    S40: {type: object, properties: {leaf: {type: string}}}\n");
    spec_ends("allOf doubling 40 times", spec_with(&schemas));
}

#[test]
fn one_of_that_doubles_at_every_step_ends() {
    let mut schemas = String::from("    Root: {oneOf: [{$ref: '#/components/schemas/S0'}, {$ref: '#/components/schemas/S0'}]}\n");
    for index in 0..40 {
        let next = index + 1;
        schemas.push_str(&format!(
            "    S{index}: {{anyOf: [{{$ref: '#/components/schemas/S{next}'}}, {{allOf: [{{$ref: '#/components/schemas/S{next}'}}, {{type: object}}]}}]}}\n"
        ));
    }
    schemas.push_str("    S40: {type: object, properties: {leaf: {type: string}}}\n");
    spec_ends("oneOf/anyOf doubling 40 times", spec_with(&schemas));
}

#[test]
fn reference_and_all_of_cycles_end() {
    let schemas = "    Root: {allOf: [{$ref: '#/components/schemas/A'}]}\n    \
                   A: {allOf: [{$ref: '#/components/schemas/B'}]}\n    \
                   B: {allOf: [{$ref: '#/components/schemas/A'}, {$ref: '#/components/schemas/Root'}]}\n    \
                   C: {$ref: '#/components/schemas/D'}\n    \
                   D: {$ref: '#/components/schemas/C'}\n    \
                   E: {oneOf: [{$ref: '#/components/schemas/E'}]}\n    \
                   F: {type: array, items: {$ref: '#/components/schemas/F'}}\n";
    spec_ends("cycles", spec_with(schemas));
}

#[test]
fn deeply_nested_inline_schemas_end() {
    // As deep as the YAML reader lets a document be (it refuses deeper ones, with a line).
    for depth in [20, 40, 60, 120, 200, 1000] {
        let mut schema = String::from("{type: string}");
        for _ in 0..depth {
            schema = format!("{{type: object, properties: {{p: {schema}}}}}");
        }
        spec_ends(
            &format!("properties {depth} deep"),
            spec_with(&format!("    Root: {schema}\n")),
        );
        let mut schema = String::from("{type: string}");
        for _ in 0..depth {
            schema = format!("{{allOf: [{schema}, {{type: object}}]}}");
        }
        spec_ends(
            &format!("allOf {depth} deep"),
            spec_with(&format!("    Root: {schema}\n")),
        );
        let mut schema = String::from("{type: string}");
        for _ in 0..depth {
            schema = format!("{{type: array, items: {schema}}}");
        }
        spec_ends(
            &format!("items {depth} deep"),
            spec_with(&format!("    Root: {schema}\n")),
        );
    }
}

#[test]
fn a_reference_to_a_device_is_not_read() {
    // `/dev/zero` never ends; a reference may only bring in a regular file.
    spec_ends(
        "a reference to /dev/zero",
        spec_with("    Root: {$ref: '/dev/zero#/X'}\n"),
    );
}

/// `Root` as `{type: array, items: …}` `depth` times around a string.
fn items_deep(depth: usize) -> String {
    let mut schema = String::from("{type: string}");
    for _ in 0..depth {
        schema = format!("{{type: array, items: {schema}}}");
    }
    spec_with(&format!("    Root: {schema}\n"))
}

#[test]
fn deep_nesting_is_a_located_error() {
    // Deeper than the loader reads: an error at the first node too deep (its pointer; this flow
    // YAML has no line per node).
    let err = specforge::spec::parse("deep.yaml", "deep", &items_deep(100)).unwrap_err();
    let message = err.to_string();
    assert!(
        message.contains("nested more than 64 levels deep"),
        "{message}"
    );
    assert!(
        message.starts_with("deep.yaml: #/components/schemas/Root/items/"),
        "{message}"
    );
    // Within what the loader reads, but deeper than lowering goes: an error at the schema.
    let spec = specforge::spec::parse("deep.yaml", "deep", &items_deep(40)).expect("it loads");
    let message = specforge::ir::lower(&spec).unwrap_err().to_string();
    assert!(
        message.contains("schema nested more than 24 inline schemas deep"),
        "{message}"
    );
    assert!(
        message.contains("#/components/schemas/Root/items/items/"),
        "{message}"
    );
    // Nesting real documents have is read.
    let spec = specforge::spec::parse("deep.yaml", "deep", &items_deep(12)).expect("it loads");
    specforge::ir::lower(&spec).expect("it lowers");
}
