//! The committed `generated/` tree is what the specs and templates generate now, and the real
//! public specs in `tests/corpus/` generate Rust that parses.

use std::path::Path;

use specforge::generate::{generate, load_inputs};
use specforge::output;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn generated_tree_matches_specs() {
    let inputs = load_inputs(root(), "specs", "templates").unwrap_or_else(|err| panic!("{err}"));
    let files = generate(&inputs).unwrap_or_else(|err| panic!("{err}"));
    let drift =
        output::check(&files, &root().join("generated")).unwrap_or_else(|err| panic!("{err}"));
    assert!(
        drift.is_clean(),
        "generated/ is out of date with specs/ and templates/:\n{}\nrun `cargo xtask generate` to update it",
        drift.report(Path::new("generated"))
    );
}

#[test]
fn generation_is_deterministic() {
    let inputs = load_inputs(root(), "specs", "templates").unwrap_or_else(|err| panic!("{err}"));
    let first = generate(&inputs).unwrap_or_else(|err| panic!("{err}"));
    let second = generate(&inputs).unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(first, second);
}

#[test]
fn corpus_specs_generate_rust_that_parses() {
    let inputs =
        load_inputs(root(), "tests/corpus", "templates").unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(
        inputs.specs.len(),
        3,
        "tests/corpus holds three public specs"
    );
    let files = generate(&inputs).unwrap_or_else(|err| panic!("{err}"));
    let mut rust_files = 0;
    for (path, contents) in files.iter().filter(|(path, _)| path.ends_with(".rs")) {
        syn::parse_file(contents).unwrap_or_else(|err| panic!("{path}: {err}"));
        rust_files += 1;
    }
    assert!(
        rust_files >= 12,
        "expected at least four Rust files per corpus API, found {rust_files}"
    );
    // The largest spec yields a type per schema and an enum per operation.
    let twilio = files
        .get("twilio_messaging_v1/models/src/operations.rs")
        .unwrap_or_else(|| panic!("no operations.rs for the Twilio spec"));
    assert!(twilio.matches("pub enum").count() > 50);
}

/// The generated crates of the fixtures whose code a test of their own runs: the server stubs
/// served over HTTP (`tests/server_<fixture>.rs`), and the webhooks fixture's models, which
/// `tests/models_webhooks.rs` reads deliveries with. Their sources are committed under
/// `tests/stubs/<fixture>/` (the test compiles them as modules, so they cannot be written while
/// it builds) and must be what the fixture generates now. `SPECFORGE_UPDATE_STUBS=1` rewrites
/// them.
#[test]
fn stubs_are_what_their_fixtures_generate() {
    for fixture in ["multipart", "multipart_union", "uuid_bytes", "media_types"] {
        check_stub(fixture, true);
    }
    check_stub("webhooks", false);
}

/// Checks the committed models crate of `fixture`, and its server stub if `with_server`.
fn check_stub(fixture: &str, with_server: bool) {
    use specforge::emit::{models, server};
    let name = format!("tests/fixtures/{fixture}.yaml");
    let spec = specforge::spec::load_named(&root().join(&name), &name)
        .unwrap_or_else(|err| panic!("{err}"));
    let api = specforge::ir::lower(&spec).unwrap_or_else(|err| panic!("{err}"));
    let templates = specforge::templates::Templates::load(&root().join("templates"))
        .unwrap_or_else(|err| panic!("{err}"));
    let mut files = output::FileSet::default();
    let mut crates = vec![("models", models::emit(&api, &templates))];
    if with_server {
        crates.push(("server", server::emit(&api, &templates)));
    }
    for (folder, emitted) in crates {
        let emitted = emitted.unwrap_or_else(|err| panic!("{err}"));
        // The sources, and the examples' round trips (a module the tests include).
        let compiled = |file: &str| file.starts_with("src/") || file.starts_with("tests/examples/");
        for (file, contents) in emitted.iter().filter(|(file, _)| compiled(file)) {
            files.insert(format!("{folder}/{file}"), contents.to_owned());
        }
    }
    let folder = format!("tests/stubs/{fixture}");
    let stubs = root().join(&folder);
    if std::env::var_os("SPECFORGE_UPDATE_STUBS").is_some() {
        for (file, contents) in files.iter() {
            output::write_file(&stubs.join(file), contents).unwrap_or_else(|err| panic!("{err}"));
        }
    }
    let drift = output::check(&files, &stubs).unwrap_or_else(|err| panic!("{err}"));
    assert!(
        drift.is_clean(),
        "{folder}/ is out of date with its fixture:\n{}\nrun `SPECFORGE_UPDATE_STUBS=1 cargo test --test generate` to update it",
        drift.report(Path::new(&folder))
    );
}
