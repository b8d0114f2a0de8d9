//! Snapshots of the models emitter on small fixture specs, one concept each. Review every
//! `.snap` change: it is the generated code a user will read.

use std::path::Path;

use specforge::emit::models;
use specforge::ir;
use specforge::spec;
use specforge::templates::Templates;

/// The models crate of a fixture, as one text: each Rust file under a heading comment.
fn models_of(fixture: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let path = root.join("tests/fixtures").join(format!("{fixture}.yaml"));
    let spec = spec::load_named(&path, &format!("tests/fixtures/{fixture}.yaml"))
        .unwrap_or_else(|err| panic!("{err}"));
    let api = ir::lower(&spec).unwrap_or_else(|err| panic!("{err}"));
    let templates = Templates::load(&root.join("templates")).unwrap_or_else(|err| panic!("{err}"));
    let files = models::emit(&api, &templates).unwrap_or_else(|err| panic!("{err}"));
    let mut out = String::new();
    for file in ["src/types.rs", "src/operations.rs", "src/examples.rs"] {
        if let Some(contents) = files.get(file) {
            out.push_str(&format!("// ---- {file} ----\n{contents}\n"));
        }
    }
    out
}

macro_rules! snapshot {
    ($($fixture:ident),* $(,)?) => {
        $(
            #[test]
            fn $fixture() {
                insta::assert_snapshot!(models_of(stringify!($fixture)));
            }
        )*
    };
}

snapshot!(
    nullable_tristate,
    read_only_split,
    keywords,
    name_collisions,
    recursion,
    enum_values,
    nested_inline,
    maps,
    composition,
    combinations,
    range_statuses,
    form_body,
    json_patch,
    formats,
    parameters,
);
