//! What the snapshot tests share: a fixture of `tests/fixtures/`, loaded, lowered and run
//! through one emitter, printed as one text.

use std::path::Path;

use specforge::ir::{self, Api};
use specforge::output::FileSet;
use specforge::spec;
use specforge::templates::Templates;

/// The files `files` of what `emit` writes for `tests/fixtures/<fixture>.yaml`, each Rust file
/// under a heading comment.
pub fn emitted(
    fixture: &str,
    emit: fn(&Api, &Templates) -> specforge::Result<FileSet>,
    files: &[&str],
) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let path = root.join("tests/fixtures").join(format!("{fixture}.yaml"));
    let spec = spec::load_named(&path, &format!("tests/fixtures/{fixture}.yaml"))
        .unwrap_or_else(|err| panic!("{err}"));
    let api = ir::lower(&spec).unwrap_or_else(|err| panic!("{err}"));
    let templates = Templates::load(&root.join("templates")).unwrap_or_else(|err| panic!("{err}"));
    let emitted = emit(&api, &templates).unwrap_or_else(|err| panic!("{err}"));
    let mut out = String::new();
    for file in files {
        if let Some(contents) = emitted.get(file) {
            out.push_str(&format!("// ---- {file} ----\n{contents}\n"));
        }
    }
    out
}

/// One insta snapshot test per fixture of `tests/fixtures/`, each of `$of(fixture)`.
#[macro_export]
macro_rules! snapshot_every_fixture {
    ($of:ident) => {
        $crate::snapshot_every_fixture!(
            $of;
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
            openapi31,
            ref_named_property,
            deep_refs,
            allof_alias,
            raw_bodies,
            excluded_combination,
            multipart,
            external_refs,
            uuid_bytes,
            allof_union,
            webhooks,
            media_types,
            untyped_bodies,
            contradictory_allof,
            multipart_union,
            odd_names,
        );
    };
    ($of:ident; $($fixture:ident),* $(,)?) => {
        $(
            #[test]
            fn $fixture() {
                insta::assert_snapshot!($of(stringify!($fixture)));
            }
        )*
    };
}
