//! specforge turns OpenAPI 3.0 specs into Rust model crates, axum server stubs and markdown docs.
//!
//! The pipeline is a chain of plain functions (see `DESIGN.md`):
//! [`spec::load`] reads a file into an OpenAPI document, [`ir::lower`] resolves it into the
//! language-neutral [`ir::Api`], the emitters in [`emit`] turn that into files, and [`output`]
//! compares them with, or writes them to, the output tree. [`config`] reads a team's
//! `specforge.toml` into the [`ir::Settings`] each API is lowered with and the outputs it gets.
//!
//! # Using specforge in your own repository
//!
//! The `specforge` binary (`cargo install --git <this repository> specforge`) runs
//! `specforge generate` and `specforge import` in any folder; nothing of this repository is
//! needed, the templates are compiled in. From a downstream `xtask` or `build.rs`, the same is
//! a [`Generator`] (and an [`Importer`] for pages); depend on the library without its command
//! line with `specforge = { git = "…", default-features = false }`.
//!
//! ```
//! # let dir = tempfile::tempdir()?;
//! # std::fs::create_dir_all(dir.path().join("specs"))?;
//! # std::fs::create_dir_all(dir.path().join("my-templates"))?;
//! # std::fs::write(
//! #     dir.path().join("specs/pets.yaml"),
//! #     "openapi: 3.0.3\ninfo: {title: Pets, version: '1'}\npaths:\n  /pets:\n    get:\n      \
//! #      operationId: listPets\n      responses:\n        '204': {description: None.}\n",
//! # )?;
//! # specforge::Generator::new().root(dir.path()).run()?;
//! let report = specforge::Generator::new()
//! #   .root(dir.path())
//!     .specs("specs")
//!     .out("generated")
//!     .templates_override("my-templates") // optional
//!     .skip_invalid(false)
//!     .check()?; // or .run(), which writes the folder all at once
//! if !report.is_up_to_date() {
//!     panic!("{}\nrun `cargo xtask generate`", report.drift.report(&report.out));
//! }
//! for api in &report.apis {
//!     println!("{api}"); // fimidara: 9 types, 1 operation, 9 files in 32 ms
//! }
//! # assert_eq!(report.apis[0].to_string().split(" in ").next(), Some("pets: 0 types, 1 operation, 9 files"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The README shows the same example (a test checks that it does).

#[cfg(feature = "cli")]
pub mod cli;
pub mod config;
pub mod emit;
pub mod error;
pub mod generate;
pub mod generator;
pub mod import;
pub mod importer;
pub mod ir;
pub mod output;
pub mod overlay;
pub mod spec;
pub mod specs;
pub mod templates;

pub use error::{Error, Result};
pub use generator::{Generator, Report};
pub use importer::{Importer, Imports};
