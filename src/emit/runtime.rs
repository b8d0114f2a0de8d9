//! The crate every generated crate depends on: what does not depend on the spec is written
//! once, here, instead of into each API's crates. `Nullable` and its serde helpers,
//! `Base64Bytes` and `FilePart` serve the models crates; the `server` feature adds what the server stubs check
//! requests with.
//!
//! The runtime's source files are the ones beside this module, in `runtime/`: ordinary Rust,
//! embedded here with `include_str!` and written into the runtime crate's `src/` as they are,
//! comments and all. Only the manifest is rendered, from its template.

use crate::error::Result;
use crate::output::FileSet;
use crate::templates::Templates;

/// Pairs each path with the text of `runtime/<path>`, embedded at compile time.
macro_rules! sources {
    ($($path:literal),* $(,)?) => {
        [$(($path, include_str!(concat!("runtime/", $path)))),*]
    };
}

/// The runtime crate's folder under `generated/`, and its package name.
pub const FOLDER: &str = "runtime";
pub const PACKAGE: &str = "specforge-runtime";
/// The runtime crate's version: the version of the specforge that writes it, so generated
/// crates depend on the runtime they were generated with.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The runtime crate's source files: their paths under its `src/` (and under `runtime/` here),
/// and their text.
const SOURCES: [(&str, &str); 15] = sources![
    "lib.rs",
    "base64_bytes.rs",
    "file_part.rs",
    "nullable.rs",
    "server.rs",
    "server/auth.rs",
    "server/body.rs",
    "server/combinations.rs",
    "server/limits.rs",
    "server/multipart.rs",
    "server/parameters.rs",
    "server/rejection.rs",
    "server/response.rs",
    "server/serve.rs",
    "server/shape.rs",
];

/// All files of the runtime crate, relative to its folder.
pub fn emit(templates: &Templates) -> Result<FileSet> {
    let mut files = FileSet::default();
    let mut context = tera::Context::new();
    context.insert("package", PACKAGE);
    context.insert("version", VERSION);
    files.insert(
        "Cargo.toml",
        templates.render("crate/runtime.Cargo.toml", &context)?,
    );
    files.insert(
        "README.md",
        templates.render("crate/runtime.README.md", &context)?,
    );
    for (path, source) in SOURCES {
        files.insert(format!("src/{path}"), source.to_owned());
    }
    Ok(files)
}

// Compiled here as well as in the generated crate, so that `cargo test` runs the runtime's unit
// tests and clippy lints it where it is written. `pub` because the runtime is a library: what
// nothing in specforge calls is its API, not dead code. Plain `mod` finds `runtime/nullable.rs`
// and `runtime/server.rs`, and `server`'s own modules in `runtime/server/`, as in the generated
// crate (a `#[path]` module would look for those beside it instead). The crate root, `lib.rs`,
// is compiled only as the root of generated/runtime (a workspace member): it hangs `server` on
// a feature.
#[cfg(test)]
pub mod base64_bytes;
#[cfg(test)]
pub mod file_part;
#[cfg(test)]
pub mod nullable;
#[cfg(test)]
pub mod server;
